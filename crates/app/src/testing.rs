//! Shared by the contract test suites of every crate: SQL Server from `IVR_TEST_MSSQL_URL`.
//!
//! The variable takes either connection-string form (see `ivr_domain::connection`). Unset: the
//! SQL Server half of a contract test is skipped with a printed notice, never faked.

use crate::studio::target_from_spec;
use ivr_domain::connection::{self, ConnectionSpec};
use ivr_store::mssql::RetryPolicy;
use ivr_store::Db;
use std::time::Duration;

pub const TEST_MSSQL_ENV: &str = "IVR_TEST_MSSQL_URL";

/// The parsed `IVR_TEST_MSSQL_URL`, or `None` (with a skip notice on stderr) when it is unset.
///
/// Panics — this is for tests — when it is set but cannot be parsed; the message has no password.
pub fn mssql_spec_from_env() -> Option<ConnectionSpec> {
    let url = match std::env::var(TEST_MSSQL_ENV) {
        Ok(u) if !u.trim().is_empty() => u,
        _ => {
            eprintln!("skipped on SQL Server: {TEST_MSSQL_ENV} is not set");
            return None;
        }
    };
    match connection::parse(&url) {
        Ok(spec) => Some(spec),
        Err(e) => panic!("{TEST_MSSQL_ENV} is set but not usable: {e}"),
    }
}

/// A connected SQL Server `Db` from `IVR_TEST_MSSQL_URL`, or `None` (skip notice) when unset.
///
/// Waits up to about a minute for a server that is still starting. Panics (tests only) when the
/// variable is set but the server cannot be reached or refuses the login.
pub async fn mssql_from_env() -> Option<Db> {
    let spec = mssql_spec_from_env()?;
    let target = match target_from_spec(&spec) {
        Ok(t) => t,
        Err(e) => panic!("{TEST_MSSQL_ENV} is set but not usable: {e}"),
    };
    let retry = RetryPolicy {
        attempts: 30,
        initial_delay: Duration::from_millis(500),
        max_delay: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(15),
    };
    match Db::connect_mssql(&target, &retry).await {
        Ok(db) => Some(db),
        Err(e) => panic!("{TEST_MSSQL_ENV} is set but SQL Server could not be used: {e}"),
    }
}
