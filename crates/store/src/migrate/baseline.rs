//! Baseline: marks migrations as applied without running them, for a database created by hand.

use super::history::{HISTORY_BASELINE, HISTORY_CREATE};
use super::lock::with_lock;
use super::records::{
    audit_table_present, to_json, write_audit, BaselineRow, MarkedApplied, MigrationAudit,
};
use super::status::{analyze, read_history};
use super::{check_engine, MigrationSet, RunOptions};
use crate::{Db, Value};
use ivr_domain::migration::{BaselineReport, PendingMigration};
use ivr_domain::{Error, Remedy, Result};

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
