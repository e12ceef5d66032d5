//! Test and benchmark support for every crate of the workspace, kept out of the product's crates:
//! a fresh migrated database per test ([`fresh_sqlite`], [`fresh_mssql`]), the SQL Server target of
//! `IVR_TEST_MSSQL_URL` ([`mssql_target_from_env`]), [`engine_tests!`] (one test per engine, the
//! SQL Server half ignored unless asked for), the benchmark-only SQL ([`bench`]) and the SQL tests
//! send to drafts behind the application's back ([`drafts`]), fixtures such as [`routing_fields`],
//! and generated flows of any size for the designer's tests and benchmarks ([`flow_gen`], written to
//! a file by the `ivr-flow-gen` binary).
//! A dev-dependency only: functions here panic on setup failures.

pub mod bench;
pub mod drafts;
mod env;
mod fixtures;
pub mod flow_gen;
mod kit;

pub use env::*;
pub use fixtures::*;
pub use kit::*;

/// This crate's SQL, for the same static checks as the product's (T-SQL parser, schema model).
pub fn all_queries() -> Vec<&'static ivr_store::sql::Query> {
    kit::ALL
        .iter()
        .chain(bench::ALL.iter())
        .chain(drafts::ALL.iter())
        .copied()
        .collect()
}
