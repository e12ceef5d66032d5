//! The migration engine (DESIGN.md, "Migration engine"): ordered `V<yyyymmddhhmmss>__<name>.sql`
//! files per engine, applied each in one transaction under a lock, recorded with their checksums
//! in `__schema_history`, and checked against the schema model.
//!
//! Commands: [`status`], [`plan`] (a dry run of [`deploy`]), [`deploy`], [`verify`], [`baseline`],
//! [`repair`]. Each returns a typed, serialisable report; refusals are `ivr_domain::Error`s with the
//! stable codes DATABASE_NEWER, MIGRATION_FAILED, MIGRATION_CHECKSUM, MIGRATION_LOCKED, VALIDATION.
//!
//! This file holds the options every command takes; each command is in its own file (`status`,
//! `deploy` with `plan`, `verify`, `baseline`, `repair`), `records` holds what a baseline or a
//! repair writes besides the history, and `lock` the migration lock.
//!
//! Order of refusal checks on deploy: history versions unknown to this build (DATABASE_NEWER),
//! then recorded failures (MIGRATION_FAILED), then changed applied files (MIGRATION_CHECKSUM), then
//! pending files older than the newest applied one (VALIDATION), then destructive statements
//! without acknowledgement (VALIDATION). Nothing is written when any of them refuses.

mod baseline;
pub mod creates;
mod deploy;
pub(crate) mod history;
pub mod lint;
mod lock;
mod records;
mod repair;
pub mod set;
pub mod split;
mod status;
mod verify;

pub use baseline::baseline;
pub use deploy::{deploy, plan};
pub use repair::repair;
pub use status::{lock_held, status};
pub use verify::verify;

pub use history::ALL;
pub use lint::{LintFinding, LintRule};
pub use set::{checksum, Migration, MigrationSet, NO_TRANSACTION_DIRECTIVE};
pub use split::split_batches;

use crate::mssql::RetryPolicy;
use crate::Db;
use ivr_domain::{Error, Result};
use std::time::Duration;

/// How long to wait for the cold-start database (`ivr migrate … --wait`): 60 attempts, 2 s apart,
/// on transient errors only (what ops teams use while a container or serverless database starts).
pub fn cold_start_policy() -> RetryPolicy {
    RetryPolicy::waiting_for_server(60, Duration::from_secs(2), Duration::from_secs(5))
}

/// Who runs the command, where, and how long to wait for the lock.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Recorded as `applied_by` and as the audit actor.
    pub actor: String,
    /// Environment name, for the audit log.
    pub environment: String,
    /// Recorded as `app_version`.
    pub app_version: String,
    pub lock_timeout: Duration,
}

impl RunOptions {
    pub fn new(actor: impl Into<String>, environment: impl Into<String>) -> Self {
        RunOptions {
            actor: actor.into(),
            environment: environment.into(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            lock_timeout: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DeployOptions {
    /// Read and check everything, write nothing, return the plan (`plan`).
    pub dry_run: bool,
    /// The admin's acknowledgement that the destructive statements found by the lint may run.
    pub allow_destructive: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RepairOptions {
    /// Only these versions; `None` repairs every failed row and changed checksum.
    pub versions: Option<Vec<u64>>,
    /// Show what would be done, change nothing.
    pub dry_run: bool,
}

fn check_engine(db: &Db, set: &MigrationSet) -> Result<()> {
    if db.engine() != set.engine {
        return Err(Error::config(format!(
            "the migration set is for {:?} but the database is {:?}",
            set.engine,
            db.engine()
        )));
    }
    Ok(())
}
