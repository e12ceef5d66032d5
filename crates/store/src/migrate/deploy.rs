//! Deploy (and its dry run, `plan`): every pending file in version order, each in its own
//! transaction under the migration lock, and the report of a file that failed.

use super::history::{HISTORY_CREATE, HISTORY_INSERT, HISTORY_INSERT_IN_TX, HISTORY_VERSION_ROWS};
use super::status::{analyze, read_history};
use super::{check_engine, lock, DeployOptions, Migration, MigrationSet, RunOptions};
use crate::{Conn, Db, Value};
use ivr_domain::connection::Engine;
use ivr_domain::migration::{
    AppliedNow, DeployReport, DestructiveFile, PlannedMigration, Progress,
};
use ivr_domain::{Error, ErrorCode, ErrorDetail, Remedy, Result};
use std::time::Instant;

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

fn version_value(v: u64) -> Value {
    // Versions are 14 digits, far below i64::MAX.
    Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
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
