//! SQL Server for the contract tests of every crate: `IVR_TEST_MSSQL_URL`, in either
//! connection-string form (`ivr_domain::connection`). The SQL Server tests are `#[ignore]`d, so a
//! run without a server reports them as ignored; asked to run without it, they fail
//! ([`required_mssql_target`]). SQL Server is never faked.

use ivr_domain::connection::{self, ConnectionSpec};
use ivr_store::mssql::{MssqlTarget, RetryPolicy};
use ivr_store::Db;
use std::time::Duration;

pub const TEST_MSSQL_ENV: &str = "IVR_TEST_MSSQL_URL";

/// The parsed `IVR_TEST_MSSQL_URL`, or `None` (with a skip notice on stderr) when unset.
/// Panics — tests only — when it is set but not usable; the message never has the password.
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

/// The target of `IVR_TEST_MSSQL_URL` (for tests that create their own databases), or `None`.
pub fn mssql_target_from_env() -> Option<MssqlTarget> {
    let spec = mssql_spec_from_env()?;
    match MssqlTarget::from_spec(&spec, "IVR Studio tests") {
        Ok(t) => Some(t),
        Err(e) => panic!("{TEST_MSSQL_ENV} is set but not usable: {e}"),
    }
}

/// The target of `IVR_TEST_MSSQL_URL` for a SQL Server test that was asked to run (they are
/// `#[ignore]`d otherwise). Panics — tests only — when the variable is unset: such a test must fail,
/// not pass, when it cannot reach a server.
pub fn required_mssql_target() -> MssqlTarget {
    mssql_target_from_env().unwrap_or_else(|| {
        panic!(
            "this SQL Server test needs {TEST_MSSQL_ENV} (a sqlserver:// URL or an ADO.NET string)"
        )
    })
}

/// Waits up to about a minute for a server that is still starting (a fresh container).
pub fn test_retry_policy() -> RetryPolicy {
    RetryPolicy::waiting_for_server(30, Duration::from_secs(2), Duration::from_secs(15))
}

/// A connected `Db` on the database named in `IVR_TEST_MSSQL_URL`, or `None` when unset.
/// Panics (tests only) when it is set but the server cannot be reached or refuses the login.
pub async fn mssql_from_env() -> Option<Db> {
    let target = mssql_target_from_env()?;
    match Db::connect_mssql(&target, &test_retry_policy()).await {
        Ok(db) => Some(db),
        Err(e) => panic!("{TEST_MSSQL_ENV} is set but SQL Server could not be used: {e}"),
    }
}
