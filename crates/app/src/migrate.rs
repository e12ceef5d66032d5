//! Schema migrations of an open environment: the use cases behind `ivr migrate …` and the Schema
//! screen. The engine (`ivr_store::migrate`) does the work; this layer picks the migration files,
//! names the actor and the environment, and refuses writes to a read-only environment.

use crate::OpenEnvironment;
use ivr_domain::{Error, Result};
use ivr_store::migrate::{self as engine, DeployOptions, MigrationSet, RepairOptions, RunOptions};
use ivr_store::Engine;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

pub use ivr_store::migrate::{
    cold_start_policy, BaselineReport, DeployReport, LintFinding, Progress, RepairReport, Status,
    VerifyReport,
};

/// Which migration files to use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "path")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MigrationSource {
    /// The files built into this binary (what a release deploys).
    #[default]
    Embedded,
    /// The `.sql` files of a folder (development: files not yet built in).
    Folder(PathBuf),
}

impl MigrationSource {
    pub fn load(&self, engine: Engine) -> Result<MigrationSet> {
        match self {
            MigrationSource::Embedded => MigrationSet::embedded(engine),
            MigrationSource::Folder(dir) => MigrationSet::from_dir(engine, dir),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeployRequest {
    pub source: MigrationSource,
    /// Acknowledges the destructive statements the lint found.
    pub allow_destructive: bool,
    /// Seconds to wait for another running deploy; default 30.
    pub lock_timeout_secs: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BaselineRequest {
    pub source: MigrationSource,
    /// Every migration up to and including this version is marked as applied.
    pub version: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RepairRequest {
    pub source: MigrationSource,
    /// Only these versions; empty repairs every recorded failure and changed checksum.
    pub versions: Vec<u64>,
    /// Show what would be repaired (for the confirmation), change nothing.
    pub dry_run: bool,
}

fn run_options(env: &OpenEnvironment, lock_timeout_secs: Option<u64>) -> RunOptions {
    let mut run = RunOptions::new(env.actor.clone(), env.name());
    if let Some(s) = lock_timeout_secs {
        run.lock_timeout = Duration::from_secs(s);
    }
    run
}

/// Applied (when, who, how long), pending, failed and unknown migrations. Reads only.
pub async fn status(env: &OpenEnvironment, source: &MigrationSource) -> Result<Status> {
    let set = source.load(env.db.engine())?;
    engine::status(&env.db, &set).await
}

/// Whether a deploy holds the migration lock right now (this or any other process or session).
/// Reads only; a screen shows it so nobody starts a deploy that would only wait.
pub async fn lock_held(env: &OpenEnvironment) -> Result<bool> {
    engine::lock_held(&env.db).await
}

/// What a deploy would run, with its SQL and lint findings; writes nothing.
pub async fn plan(env: &OpenEnvironment, source: &MigrationSource) -> Result<DeployReport> {
    let set = source.load(env.db.engine())?;
    engine::plan(&env.db, &set).await
}

/// Applies the pending migrations; `progress` hears "migration i of n started/finished".
pub async fn deploy(
    env: &OpenEnvironment,
    req: &DeployRequest,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<DeployReport> {
    env.check_writable()?;
    let set = req.source.load(env.db.engine())?;
    engine::deploy(
        &env.db,
        &set,
        &run_options(env, req.lock_timeout_secs),
        DeployOptions {
            dry_run: false,
            allow_destructive: req.allow_destructive,
        },
        progress,
    )
    .await
}

/// Checksums, recorded failures, unknown and pending versions and schema drift; `clean` is what
/// CI fails on.
pub async fn verify(env: &OpenEnvironment, source: &MigrationSource) -> Result<VerifyReport> {
    let set = source.load(env.db.engine())?;
    engine::verify(&env.db, &set).await
}

/// Marks migrations up to a version as applied without running them (a database created by
/// hand). Audited.
pub async fn baseline(env: &OpenEnvironment, req: &BaselineRequest) -> Result<BaselineReport> {
    env.check_writable()?;
    if req.version == 0 {
        return Err(Error::validation(
            "give the version to baseline up to (14 digits, as in the file name)",
        ));
    }
    let set = req.source.load(env.db.engine())?;
    engine::baseline(&env.db, &set, &run_options(env, None), req.version).await
}

/// Removes recorded failures and accepts changed checksums (after the caller's confirmation).
/// Audited. A dry run shows what would be done and works on a read-only environment.
pub async fn repair(env: &OpenEnvironment, req: &RepairRequest) -> Result<RepairReport> {
    if !req.dry_run {
        env.check_writable()?;
    }
    let set = req.source.load(env.db.engine())?;
    engine::repair(
        &env.db,
        &set,
        &run_options(env, None),
        &RepairOptions {
            versions: (!req.versions.is_empty()).then(|| req.versions.clone()),
            dry_run: req.dry_run,
        },
    )
    .await
}
