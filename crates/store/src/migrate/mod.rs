//! The migration engine (DESIGN.md, "Migration engine"): ordered `V<yyyymmddhhmmss>__<name>.sql`
//! files per engine, applied each in one transaction under a lock, recorded with their checksums
//! in `__schema_history`, and checked against the schema model.
//!
//! Commands: [`status`], [`plan`] (a dry run of [`deploy`]), [`deploy`], [`verify`], [`baseline`],
//! [`repair`]. Each returns a typed, serialisable report; refusals are `ivr_domain::Error`s with the
//! stable codes DATABASE_NEWER, MIGRATION_FAILED, MIGRATION_CHECKSUM, MIGRATION_LOCKED, VALIDATION.
//!
//! Order of refusal checks on deploy: history versions unknown to this build (DATABASE_NEWER),
//! then recorded failures (MIGRATION_FAILED), then changed applied files (MIGRATION_CHECKSUM), then
//! pending files older than the newest applied one (VALIDATION), then destructive statements
//! without acknowledgement (VALIDATION). Nothing is written when any of them refuses.

pub mod creates;
pub(crate) mod history;
pub mod lint;
mod lock;
pub mod set;
pub mod split;

pub use history::ALL;
pub use lint::{LintFinding, LintRule};
pub use set::{checksum, Migration, MigrationSet, NO_TRANSACTION_DIRECTIVE};
pub use split::split_batches;

use crate::catalog;
use crate::mssql::RetryPolicy;
use crate::{Conn, Db, Row, Value};
use history::*;
use ivr_domain::connection::Engine;
use ivr_domain::migration::{
    AppliedMigration, AppliedNow, BaselineReport, ChecksumMismatch, DeployReport, DestructiveFile,
    HistoryEntry, PendingMigration, PendingObject, PlannedMigration, Progress, RepairReport,
    Status, VerifyReport,
};
use ivr_domain::schema::drift::DriftItem;
use ivr_domain::{Error, ErrorCode, ErrorDetail, Remedy, Result};
use serde::Serialize;
use std::time::{Duration, Instant};

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

fn version_value(v: u64) -> Value {
    // Versions are 14 digits, far below i64::MAX.
    Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

async fn read_history(conn: &mut Conn) -> Result<Option<Vec<HistoryEntry>>> {
    let present = conn
        .query(&HISTORY_EXISTS, &[])
        .await?
        .first()
        .map(|r| r.i64("present"))
        .transpose()?
        .unwrap_or(0);
    if present == 0 {
        return Ok(None);
    }
    let rows = conn.query(&HISTORY_READ, &[]).await?;
    rows.iter()
        .map(history_entry)
        .collect::<Result<_>>()
        .map(Some)
}

fn history_entry(r: &Row) -> Result<HistoryEntry> {
    let version = r.i64("version")?;
    Ok(HistoryEntry {
        version: u64::try_from(version)
            .map_err(|_| Error::internal(format!("history has a negative version {version}")))?,
        name: r.str("name")?,
        checksum: r.str("checksum")?.trim().to_string(),
        applied_at: r.str("applied_at")?,
        applied_by: r.str("applied_by")?,
        execution_ms: r.i64("execution_ms")?,
        success: r.bool("success")?,
        app_version: r.str("app_version")?,
    })
}

fn analyze(db: &Db, set: &MigrationSet, history: Option<Vec<HistoryEntry>>) -> Status {
    let history_table = history.is_some();
    let history = history.unwrap_or_default();
    let mut status = Status {
        engine: db.engine(),
        database: db.description().to_string(),
        history_table,
        latest_known: set.latest(),
        applied: Vec::new(),
        pending: Vec::new(),
        failed: Vec::new(),
        unknown: Vec::new(),
        checksum_mismatches: Vec::new(),
    };
    for e in &history {
        match set.get(e.version) {
            None => status.unknown.push(e.clone()),
            Some(_) if !e.success => status.failed.push(e.clone()),
            Some(m) => {
                let ok = m.checksum == e.checksum;
                if !ok {
                    status.checksum_mismatches.push(ChecksumMismatch {
                        version: m.version,
                        file_name: m.file_name.clone(),
                        recorded: e.checksum.clone(),
                        current: m.checksum.clone(),
                    });
                }
                status.applied.push(AppliedMigration {
                    entry: e.clone(),
                    checksum_ok: ok,
                });
            }
        }
    }
    let newest_applied = status.applied.iter().map(|a| a.entry.version).max();
    for m in set.migrations() {
        if history.iter().any(|e| e.version == m.version) {
            continue;
        }
        status.pending.push(PendingMigration {
            version: m.version,
            name: m.name.clone(),
            file_name: m.file_name.clone(),
            checksum: m.checksum.clone(),
            no_transaction: m.no_transaction,
            out_of_order: newest_applied.is_some_and(|n| m.version < n),
            findings: m.findings.clone(),
        });
    }
    status
}

/// Applied, pending, failed and unknown migrations. Reads only (no lock, nothing created).
pub async fn status(db: &Db, set: &MigrationSet) -> Result<Status> {
    check_engine(db, set)?;
    let mut conn = db.conn().await?;
    let history = read_history(&mut conn).await?;
    Ok(analyze(db, set, history))
}

/// Whether a deploy (of any process or server session) holds the migration lock right now.
/// Reads only: one statement on SQL Server (`APPLOCK_TEST`), a non-blocking file probe on SQLite.
pub async fn lock_held(db: &Db) -> Result<bool> {
    let mut conn = db.conn().await?;
    lock::held(&mut conn).await
}

/// A dry run of [`deploy`]: the same checks, the pending files with their SQL and lint findings,
/// nothing written (not even the history table).
pub async fn plan(db: &Db, set: &MigrationSet) -> Result<DeployReport> {
    let run = RunOptions::new("", "");
    deploy(
        db,
        set,
        &run,
        DeployOptions {
            dry_run: true,
            allow_destructive: true,
        },
        &|_| {},
    )
    .await
}

/// Applies every pending migration in version order, each in its own transaction, under the
/// migration lock. `progress` is called before and after each file.
pub async fn deploy(
    db: &Db,
    set: &MigrationSet,
    run: &RunOptions,
    options: DeployOptions,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<DeployReport> {
    check_engine(db, set)?;
    let mut conn = db.conn().await?;
    if options.dry_run {
        return deploy_locked(&mut conn, db, set, run, options, progress).await;
    }
    let guard = lock::acquire(&mut conn, run.lock_timeout).await?;
    let result = deploy_locked(&mut conn, db, set, run, options, progress).await;
    let released = lock::release(&mut conn, guard).await;
    let ran_scripts = match &result {
        Ok(r) => !r.applied.is_empty(),
        Err(e) => e.code == ErrorCode::MigrationFailed,
    };
    if ran_scripts {
        // Scripts run as plain batches, so their SET options stick to the session: a pooled
        // SQL Server connection is not reused after them.
        conn.discard();
    }
    match (result, released) {
        (Ok(r), Ok(())) => Ok(r),
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(Error::internal(format!(
            "the migrations were applied, but the migration lock could not be released ({}); the connection was closed, which releases it",
            e.message
        ))),
    }
}

fn planned(m: &Migration) -> PlannedMigration {
    PlannedMigration {
        version: m.version,
        name: m.name.clone(),
        file_name: m.file_name.clone(),
        checksum: m.checksum.clone(),
        no_transaction: m.no_transaction,
        findings: m.findings.clone(),
        batches: m.batches.clone(),
    }
}

async fn deploy_locked(
    conn: &mut Conn,
    db: &Db,
    set: &MigrationSet,
    run: &RunOptions,
    options: DeployOptions,
    progress: &(dyn Fn(&Progress) + Send + Sync),
) -> Result<DeployReport> {
    let history = read_history(conn).await?;
    let status = analyze(db, set, history);
    if let Some(e) = status.refusal() {
        return Err(e);
    }
    let pending: Vec<&Migration> = status
        .pending
        .iter()
        .filter_map(|p| set.get(p.version))
        .collect();
    let mut report = DeployReport {
        dry_run: options.dry_run,
        engine: db.engine(),
        database: db.description().to_string(),
        planned: pending.iter().map(|m| planned(m)).collect(),
        applied: Vec::new(),
    };
    if options.dry_run || pending.is_empty() {
        return Ok(report);
    }
    if !options.allow_destructive {
        let flagged: Vec<String> = pending
            .iter()
            .flat_map(|m| {
                m.findings
                    .iter()
                    .map(move |f| format!("{} line {}: {}", m.file_name, f.line, f.message))
            })
            .collect();
        if !flagged.is_empty() {
            let destructive: Vec<DestructiveFile> = pending
                .iter()
                .filter(|m| !m.findings.is_empty())
                .map(|m| DestructiveFile {
                    file: m.file_name.clone(),
                    findings: m.findings.clone(),
                })
                .collect();
            return Err(Error::validation(format!(
                "destructive statements need an acknowledgement before they run: {}. Review them in the plan, make sure a snapshot exists, then deploy again allowing them",
                flagged.join("; ")
            ))
            .with_detail(ErrorDetail {
                destructive: Some(destructive),
                ..Default::default()
            })
            .with_remedy(Remedy::AllowDestructive));
        }
    }
    if !status.history_table {
        conn.execute(&HISTORY_CREATE, &[]).await?;
    }
    let total = pending.len();
    let mut session_changed = false;
    for (i, m) in pending.iter().enumerate() {
        let index = i + 1;
        if session_changed {
            // An earlier file of this run changed XACT_ABORT for the session; restore it so this
            // file also rolls back whole on any error.
            conn.run_script("SET XACT_ABORT ON").await?;
        }
        session_changed |=
            db.engine() == Engine::Mssql && m.sql.to_ascii_uppercase().contains("XACT_ABORT");
        progress(&Progress::Started {
            index,
            total,
            version: m.version,
            file_name: m.file_name.clone(),
        });
        match apply_one(conn, m, run).await {
            Ok(execution_ms) => {
                progress(&Progress::Finished {
                    index,
                    total,
                    version: m.version,
                    file_name: m.file_name.clone(),
                    execution_ms,
                });
                report.applied.push(AppliedNow {
                    version: m.version,
                    name: m.name.clone(),
                    file_name: m.file_name.clone(),
                    execution_ms,
                });
            }
            Err(failure) => {
                progress(&Progress::Failed {
                    index,
                    total,
                    version: m.version,
                    file_name: m.file_name.clone(),
                });
                return Err(failure_error(conn, m, run, failure, &report.applied).await);
            }
        }
    }
    Ok(report)
}

/// Where a migration failed.
struct Failure {
    /// 1-based batch; `None` when the failure came after the batches (recording, commit).
    batch: Option<(usize, usize, usize)>,
    cause: Error,
    execution_ms: i64,
}

async fn apply_one(conn: &mut Conn, m: &Migration, run: &RunOptions) -> Result<i64, Failure> {
    let started = Instant::now();
    let elapsed = |s: Instant| i64::try_from(s.elapsed().as_millis()).unwrap_or(i64::MAX);
    let fail = |batch, cause, s: Instant| Failure {
        batch,
        cause,
        execution_ms: elapsed(s),
    };
    if m.no_transaction {
        for (bi, b) in m.batches.iter().enumerate() {
            if let Err(e) = conn.run_script(&b.sql).await {
                return Err(fail(Some((bi + 1, b.start_line, b.end_line)), e, started));
            }
        }
        let ms = elapsed(started);
        conn.execute(&HISTORY_INSERT, &history_params(m, run, ms, true))
            .await
            .map_err(|e| fail(None, e, started))?;
        return Ok(ms);
    }
    conn.atomically(
        |e| fail(None, e, started),
        async |conn| {
            let rows = conn
                .query(&HISTORY_VERSION_ROWS, &[version_value(m.version)])
                .await
                .map_err(|e| fail(None, e, started))?;
            let n = rows
                .first()
                .map(|r| r.i64("n"))
                .transpose()
                .map_err(|e| fail(None, e, started))?;
            if n.unwrap_or(0) > 0 {
                return Err(fail(
                    None,
                    Error::conflict(format!(
                        "{} is already recorded in the history (another runner?)",
                        m.file_name
                    )),
                    started,
                ));
            }
            for (bi, b) in m.batches.iter().enumerate() {
                if let Err(e) = conn.run_script(&b.sql).await {
                    return Err(fail(Some((bi + 1, b.start_line, b.end_line)), e, started));
                }
            }
            let ms = elapsed(started);
            let mut params = history_params(m, run, ms, true);
            params.remove(5); // HISTORY_INSERT_IN_TX has success = 1 in its text
            conn.execute(&HISTORY_INSERT_IN_TX, &params)
                .await
                .map_err(|e| fail(None, e, started))?;
            Ok(ms)
        },
    )
    .await
}

fn history_params(m: &Migration, run: &RunOptions, ms: i64, success: bool) -> Vec<Value> {
    vec![
        version_value(m.version),
        Value::Text(m.name.clone()),
        Value::Text(m.checksum.clone()),
        Value::Text(run.actor.clone()),
        Value::Int(ms),
        Value::Bool(success),
        Value::Text(run.app_version.clone()),
    ]
}

/// Records the failure (after the rollback, in its own statement) and builds the report error.
async fn failure_error(
    conn: &mut Conn,
    m: &Migration,
    run: &RunOptions,
    failure: Failure,
    applied: &[AppliedNow],
) -> Error {
    let recorded = conn
        .execute(
            &HISTORY_INSERT,
            &history_params(m, run, failure.execution_ms, false),
        )
        .await;
    let place = match failure.batch {
        Some((n, from, to)) => format!(
            "in batch {n} of {} ({})",
            m.batches.len(),
            if from == to {
                format!("line {from}")
            } else {
                format!("lines {from}–{to}")
            }
        ),
        None => "after its batches (while recording it)".to_string(),
    };
    let undone = if m.no_transaction {
        "It ran outside a transaction (ivr:no-transaction): the batches before the failing one stayed applied."
    } else {
        "It was rolled back."
    };
    let before = if applied.is_empty() {
        "Nothing was applied before it in this run.".to_string()
    } else {
        format!(
            "Applied before it in this run: {}.",
            applied
                .iter()
                .map(|a| a.file_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let record = match &recorded {
        Ok(_) => {
            "The failure is recorded; fix the file, repair the migration history, then deploy again."
                .to_string()
        }
        Err(e) => format!(
            "Recording the failure also failed ({}); fix the file and deploy again.",
            e.message
        ),
    };
    let (batch, start_line, end_line) = match failure.batch {
        Some((n, a, b)) => (Some(n), Some(a), Some(b)),
        None => (None, None, None),
    };
    let e = Error::new(
        ErrorCode::MigrationFailed,
        format!(
            "migration {} failed {place}: {}. {undone} {before} {record}",
            m.file_name, failure.cause.message
        ),
    )
    .with_detail(ErrorDetail {
        file: Some(m.file_name.clone()),
        version: i64::try_from(m.version).ok(),
        batch,
        start_line,
        end_line,
        cause: Some(Box::new(failure.cause)),
        applied_this_run: Some(applied.iter().map(|a| a.version).collect()),
        failure_recorded: Some(recorded.is_ok()),
        ..Default::default()
    });
    match recorded {
        Ok(_) => e.with_remedy(Remedy::RepairMigration),
        Err(_) => e,
    }
}

/// Checksums, recorded failures, unknown and pending versions, and drift of the live schema from
/// the model, in one report. `clean` is what CI fails on.
pub async fn verify(db: &Db, set: &MigrationSet) -> Result<VerifyReport> {
    check_engine(db, set)?;
    let mut conn = db.conn().await?;
    let history = read_history(&mut conn).await?;
    let status = analyze(db, set, history);
    // The history table is the engine's own; catalog::drift leaves it out (IGNORED_TABLES).
    let live_drift: Vec<DriftItem> = catalog::drift(&mut conn).await?;
    let pending: Vec<u64> = status.pending.iter().map(|p| p.version).collect();
    let (pending_objects, drift) = split_pending_drift(set, &pending, live_drift);
    Ok(VerifyReport::new(status, pending_objects, drift))
}

/// Separates the missing objects a pending migration creates (the first such migration, in
/// version order) from the rest of the drift.
fn split_pending_drift(
    set: &MigrationSet,
    pending: &[u64],
    drift: Vec<DriftItem>,
) -> (Vec<PendingObject>, Vec<DriftItem>) {
    let created: Vec<(&Migration, Vec<creates::CreatedObject>)> = pending
        .iter()
        .filter_map(|v| set.get(*v))
        .map(|m| (m, creates::created_objects(&m.sql, set.engine)))
        .collect();
    let mut pending_objects = Vec::new();
    let mut rest = Vec::new();
    for item in drift {
        let by = (item.kind == ivr_domain::schema::drift::DriftKind::Missing)
            .then(|| {
                created.iter().find(|(_, objs)| {
                    objs.iter()
                        .any(|o| o.covers(item.object, &item.table, &item.name))
                })
            })
            .flatten();
        match by {
            Some((m, _)) => pending_objects.push(PendingObject {
                version: m.version,
                file_name: m.file_name.clone(),
                item,
            }),
            None => rest.push(item),
        }
    }
    (pending_objects, rest)
}

async fn audit_table_present(conn: &mut Conn) -> Result<bool> {
    Ok(conn
        .query(&AUDIT_EXISTS, &[])
        .await?
        .first()
        .map(|r| r.i64("present"))
        .transpose()?
        .unwrap_or(0)
        != 0)
}

async fn with_lock<T>(
    db: &Db,
    run: &RunOptions,
    work: impl AsyncFnOnce(&mut Conn) -> Result<T>,
) -> Result<T> {
    let mut conn = db.conn().await?;
    let guard = lock::acquire(&mut conn, run.lock_timeout).await?;
    let result = work(&mut conn).await;
    let released = lock::release(&mut conn, guard).await;
    match (result, released) {
        (Ok(v), Ok(())) => Ok(v),
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) => Err(e),
    }
}

/// Marks every migration up to and including `version` as applied without running it, for a
/// database created by hand. Audited (one `baseline` row per version) in the same transaction.
pub async fn baseline(
    db: &Db,
    set: &MigrationSet,
    run: &RunOptions,
    version: u64,
) -> Result<BaselineReport> {
    check_engine(db, set)?;
    let target = set.get(version).ok_or_else(|| {
        Error::not_found(format!(
            "this build has no migration with version {version}; the status lists the versions it has"
        ))
        .with_remedy(Remedy::ListMigrations)
    })?;
    let target_version = target.version;
    with_lock(db, run, async |conn| {
        let history = read_history(conn).await?;
        let status = analyze(db, set, history);
        if !status.unknown.is_empty() || !status.failed.is_empty() {
            if let Some(e) = status.refusal() {
                return Err(e);
            }
        }
        let to_mark: Vec<&PendingMigration> = status
            .pending
            .iter()
            .filter(|p| p.version <= target_version)
            .collect();
        let mut report = BaselineReport {
            version: target_version,
            marked: Vec::new(),
        };
        if to_mark.is_empty() {
            return Ok(report);
        }
        if !audit_table_present(conn).await? {
            return Err(Error::validation(
                "the database has no sys_AuditLog table, so it does not match the baseline schema and a baseline could not be audited; deploy the migrations instead of marking them",
            ));
        }
        let rows: Vec<BaselineRow> = to_mark
            .iter()
            .map(|p| BaselineRow {
                version: p.version,
                name: &p.name,
                checksum: &p.checksum,
            })
            .collect();
        let audit: Vec<MigrationAudit> = to_mark
            .iter()
            .map(|p| MigrationAudit {
                entity_id: p.version.to_string(),
                before: None,
                after: Some(to_json(&MarkedApplied {
                    version: p.version,
                    file: &p.file_name,
                    checksum: &p.checksum,
                    success: true,
                    executed: false,
                })),
            })
            .collect();
        conn.atomically(|e| e, async |conn| {
            if !status.history_table {
                conn.execute(&HISTORY_CREATE, &[]).await?;
            }
            conn.execute(
                &HISTORY_BASELINE,
                &[
                    Value::Text(run.actor.clone()),
                    Value::Text(run.app_version.clone()),
                    Value::Text(to_json(&rows)),
                ],
            )
            .await?;
            write_audit(conn, run, "baseline", &audit).await?;
            Ok(())
        })
        .await?;
        report.marked = to_mark.iter().map(|p| p.version).collect();
        Ok(report)
    })
    .await
}

/// One migration's `sys_AuditLog` row of a baseline or a repair (entity `migration`, id its
/// version); `before`/`after` are JSON texts of the typed payloads below.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MigrationAudit {
    entity_id: String,
    before: Option<String>,
    after: Option<String>,
}

/// What a baseline records of a migration it marks as applied without running it.
#[derive(Serialize)]
struct MarkedApplied<'a> {
    version: u64,
    file: &'a str,
    checksum: &'a str,
    success: bool,
    executed: bool,
}

/// A file's checksum on either side of a repair that accepted its change.
#[derive(Serialize)]
struct FileChecksum<'a> {
    file: &'a str,
    checksum: &'a str,
}

/// A history row a baseline writes, and a checksum a repair accepts (the statements' JSON input).
#[derive(Serialize)]
struct BaselineRow<'a> {
    version: u64,
    name: &'a str,
    checksum: &'a str,
}

#[derive(Serialize)]
struct AcceptedChecksum<'a> {
    version: u64,
    checksum: &'a str,
}

fn to_json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Writes the audit rows of a baseline or a repair (one statement for all of them).
async fn write_audit(
    conn: &mut Conn,
    run: &RunOptions,
    action: &str,
    rows: &[MigrationAudit],
) -> Result<()> {
    conn.execute(
        &AUDIT_INSERT,
        &[
            Value::Text(run.actor.clone()),
            Value::Text(run.environment.clone()),
            Value::Text(action.into()),
            Value::Text(to_json(rows)),
        ],
    )
    .await?;
    Ok(())
}

/// Removes recorded failures and accepts changed checksums (all, or only `versions`), audited
/// (`repair`, before/after JSON) in the same transaction. The caller asks for confirmation first;
/// a dry run shows what would be done.
pub async fn repair(
    db: &Db,
    set: &MigrationSet,
    run: &RunOptions,
    options: &RepairOptions,
) -> Result<RepairReport> {
    check_engine(db, set)?;
    let wanted = |v: u64| options.versions.as_ref().is_none_or(|vs| vs.contains(&v));
    let compute = |status: &Status| RepairReport {
        dry_run: options.dry_run,
        removed_failed: status
            .failed
            .iter()
            .filter(|e| wanted(e.version))
            .cloned()
            .collect(),
        accepted_checksums: status
            .checksum_mismatches
            .iter()
            .filter(|m| wanted(m.version))
            .cloned()
            .collect(),
        audited: true,
    };
    if options.dry_run {
        let mut conn = db.conn().await?;
        let history = read_history(&mut conn).await?;
        return Ok(compute(&analyze(db, set, history)));
    }
    with_lock(db, run, async |conn| {
        let history = read_history(conn).await?;
        let mut report = compute(&analyze(db, set, history));
        if report.removed_failed.is_empty() && report.accepted_checksums.is_empty() {
            return Ok(report);
        }
        report.audited = audit_table_present(conn).await?;
        let failed_versions: Vec<u64> = report.removed_failed.iter().map(|e| e.version).collect();
        let accepted: Vec<AcceptedChecksum> = report
            .accepted_checksums
            .iter()
            .map(|m| AcceptedChecksum {
                version: m.version,
                checksum: &m.current,
            })
            .collect();
        let mut audit: Vec<MigrationAudit> = Vec::new();
        for e in &report.removed_failed {
            audit.push(MigrationAudit {
                entity_id: e.version.to_string(),
                before: Some(to_json(e)),
                after: None,
            });
        }
        for m in &report.accepted_checksums {
            let file_checksum = |checksum| {
                to_json(&FileChecksum {
                    file: &m.file_name,
                    checksum,
                })
            };
            audit.push(MigrationAudit {
                entity_id: m.version.to_string(),
                before: Some(file_checksum(&m.recorded)),
                after: Some(file_checksum(&m.current)),
            });
        }
        let audited = report.audited;
        conn.atomically(
            |e| e,
            async |conn| {
                if !failed_versions.is_empty() {
                    conn.execute(
                        &HISTORY_DELETE_FAILED,
                        &[Value::Text(to_json(&failed_versions))],
                    )
                    .await?;
                }
                if !accepted.is_empty() {
                    conn.execute(
                        &HISTORY_ACCEPT_CHECKSUMS,
                        &[Value::Text(to_json(&accepted))],
                    )
                    .await?;
                }
                // Without sys_AuditLog (a baseline that failed on a new database) there is nowhere to
                // audit; the report says so rather than leaving the database blocked for ever.
                if audited {
                    write_audit(conn, run, "repair", &audit).await?;
                }
                Ok(())
            },
        )
        .await?;
        Ok(report)
    })
    .await
}

#[cfg(test)]
mod audit_payload_tests {
    use super::*;

    /// The typed payloads write the bytes earlier builds wrote with `json!` (keys in this order),
    /// so rows already in users' databases and new ones read alike.
    #[test]
    fn audit_payloads_keep_the_bytes_already_stored() {
        let marked = to_json(&MarkedApplied {
            version: 20260120000000,
            file: "V20260120000000__a.sql",
            checksum: "ab12",
            success: true,
            executed: false,
        });
        assert_eq!(
            marked,
            r#"{"version":20260120000000,"file":"V20260120000000__a.sql","checksum":"ab12","success":true,"executed":false}"#
        );
        let rows = [MigrationAudit {
            entity_id: "20260120000000".into(),
            before: None,
            after: Some(marked),
        }];
        assert_eq!(
            to_json(&rows[..]),
            r#"[{"entityId":"20260120000000","before":null,"after":"{\"version\":20260120000000,\"file\":\"V20260120000000__a.sql\",\"checksum\":\"ab12\",\"success\":true,\"executed\":false}"}]"#
        );
        assert_eq!(
            to_json(&FileChecksum {
                file: "V1__a.sql",
                checksum: "cd"
            }),
            r#"{"file":"V1__a.sql","checksum":"cd"}"#
        );
        assert_eq!(
            to_json(&[BaselineRow {
                version: 1,
                name: "a",
                checksum: "cd"
            }]),
            r#"[{"version":1,"name":"a","checksum":"cd"}]"#
        );
        assert_eq!(
            to_json(&[AcceptedChecksum {
                version: 1,
                checksum: "cd"
            }]),
            r#"[{"version":1,"checksum":"cd"}]"#
        );
    }
}
