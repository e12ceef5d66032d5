//! Repair: removes recorded failures and accepts changed checksums, audited.

use super::history::{HISTORY_ACCEPT_CHECKSUMS, HISTORY_DELETE_FAILED};
use super::lock::with_lock;
use super::records::{
    audit_table_present, to_json, write_audit, AcceptedChecksum, FileChecksum, MigrationAudit,
};
use super::status::{analyze, read_history};
use super::{check_engine, MigrationSet, RepairOptions, RunOptions};
use crate::{Db, Value};
use ivr_domain::migration::{RepairReport, Status};
use ivr_domain::Result;

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
