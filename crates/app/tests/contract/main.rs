//! Contract tests of the routing and dictionary use cases and the audit log, written once over a `Db` and run on SQLite always and
//! on SQL Server when `IVR_TEST_MSSQL_URL` is set (a fresh database per test there; see
//! `ivr_testkit`). Each refused write asserts its error code AND that nothing changed
//! (routing rows, history rows, audit rows).

mod dict;
mod harness;
mod routing;
