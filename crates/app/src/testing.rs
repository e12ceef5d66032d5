//! Shared by the contract test suites: SQL Server from `IVR_TEST_MSSQL_URL` (either
//! connection-string form). Unset: the SQL Server half of a contract test is skipped with a printed
//! notice, never faked. The functions live in `ivr_store::test_env` so that the store's own tests
//! (which cannot depend on this crate) use the same ones.

pub use ivr_store::test_env::{
    mssql_from_env, mssql_spec_from_env, mssql_target_from_env, test_retry_policy, TEST_MSSQL_ENV,
};
