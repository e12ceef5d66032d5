//! What the history says against this build's migration set: `status`, the analysis every
//! command starts from, and whether the lock is held.

use super::history::{HISTORY_EXISTS, HISTORY_READ};
use super::{check_engine, lock, MigrationSet};
use crate::{Conn, Db, Row};
use ivr_domain::migration::{
    AppliedMigration, ChecksumMismatch, HistoryEntry, PendingMigration, Status,
};
use ivr_domain::{Error, Result};

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

pub(super) async fn read_history(conn: &mut Conn) -> Result<Option<Vec<HistoryEntry>>> {
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

pub(super) fn analyze(db: &Db, set: &MigrationSet, history: Option<Vec<HistoryEntry>>) -> Status {
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
