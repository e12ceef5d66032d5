//! Schema migrations of an open environment: the use cases behind `ivr migrate …` and the Schema
//! screen. The engine (`ivr_store::migrate`) does the work; this layer picks the migration files,
//! names the actor and the environment. Reads take the `Db`; the writes (deploy, baseline, repair)
//! take the [`Writable`] capability, so a read-only environment cannot run them.

use crate::environment::Writable;
use ivr_domain::connection::Engine;
use ivr_domain::{Error, Result};
use ivr_store::migrate::{self as engine, DeployOptions, MigrationSet, RepairOptions, RunOptions};
use ivr_store::Db;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

use ivr_domain::migration::{
    BaselineReport, DeployReport, Progress, RepairReport, Status, VerifyReport,
};
pub use ivr_store::migrate::{cold_start_policy, LintFinding};

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
}

fn run_options(w: &Writable<'_>, lock_timeout_secs: Option<u64>) -> RunOptions {
    let mut run = RunOptions::new(w.actor().name.clone(), w.actor().environment.clone());
    if let Some(s) = lock_timeout_secs {
        run.lock_timeout = Duration::from_secs(s);
    }
    run
}

/// Applied (when, who, how long), pending, failed and unknown migrations. Reads only.
pub async fn status(db: &Db, source: &MigrationSource) -> Result<Status> {
    let set = source.load(db.engine())?;
    engine::status(db, &set).await
}

/// Whether a deploy holds the migration lock right now (this or any other process or session).
/// Reads only; a screen shows it so nobody starts a deploy that would only wait.
pub async fn lock_held(db: &Db) -> Result<bool> {
    engine::lock_held(db).await
}

/// Who holds the migration lock of an environment right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MigrationLock {
    /// Held by a deploy (this window's, another window's, the CLI's or a pipeline's).
    pub held: bool,
    /// A deploy started in this window is running.
    pub by_this_window: bool,
}

/// [`lock_held`] as a window sees it: a deploy it started itself counts as holding the lock
/// even before (or after) the database shows it, so the window never offers a second one.
pub async fn lock(db: &Db, deploying_here: bool) -> Result<MigrationLock> {
    let held = lock_held(db).await?;
    Ok(MigrationLock {
        held: held || deploying_here,
        by_this_window: deploying_here,
    })
}

/// What a deploy would run, with its SQL and lint findings; writes nothing.
pub async fn plan(db: &Db, source: &MigrationSource) -> Result<DeployReport> {
    let set = source.load(db.engine())?;
    engine::plan(db, &set).await
}

/// Applies the pending migrations; `progress` hears "migration i of n started/finished".
pub async fn deploy(
    w: &Writable<'_>,
    req: &DeployRequest,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<DeployReport> {
    let set = req.source.load(w.db().engine())?;
    engine::deploy(
        w.db(),
        &set,
        &run_options(w, req.lock_timeout_secs),
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
pub async fn verify(db: &Db, source: &MigrationSource) -> Result<VerifyReport> {
    let set = source.load(db.engine())?;
    engine::verify(db, &set).await
}

/// Marks migrations up to a version as applied without running them (a database created by
/// hand). Audited.
pub async fn baseline(w: &Writable<'_>, req: &BaselineRequest) -> Result<BaselineReport> {
    if req.version == 0 {
        return Err(Error::validation(
            "give the version to baseline up to (14 digits, as in the file name)",
        ));
    }
    let set = req.source.load(w.db().engine())?;
    engine::baseline(w.db(), &set, &run_options(w, None), req.version).await
}

/// What [`repair`] would do (for the confirmation); changes nothing, so it works on a read-only
/// environment.
pub async fn preview_repair(db: &Db, req: &RepairRequest) -> Result<RepairReport> {
    let set = req.source.load(db.engine())?;
    let run = RunOptions::new("", "");
    engine::repair(db, &set, &run, &repair_options(req, true)).await
}

/// Removes recorded failures and accepts changed checksums (after the caller's confirmation).
/// Audited.
pub async fn repair(w: &Writable<'_>, req: &RepairRequest) -> Result<RepairReport> {
    let set = req.source.load(w.db().engine())?;
    engine::repair(
        w.db(),
        &set,
        &run_options(w, None),
        &repair_options(req, false),
    )
    .await
}

fn repair_options(req: &RepairRequest, dry_run: bool) -> RepairOptions {
    RepairOptions {
        versions: (!req.versions.is_empty()).then(|| req.versions.clone()),
        dry_run,
    }
}
