//! What the migration engine reports across the boundary (its reports and errors): the history,
//! a status, a plan, a deploy, a verification, a baseline or a repair, checksum mismatches and
//! destructive-statement findings. The engine itself is `ivr_store::migrate`; it reads the
//! history and the catalog and maps them into these types.

use crate::connection::Engine;
use crate::error::{Error, ErrorCode, ErrorDetail, Remedy};
use crate::schema::drift::DriftItem;
use serde::{Deserialize, Serialize};

/// An applied migration file whose text changed afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecksumMismatch {
    pub version: u64,
    pub file_name: String,
    pub recorded: String,
    pub current: String,
}

/// Which destructive statement the lint found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LintRule {
    DropTable,
    DropColumn,
    Rename,
    AlterColumn,
    Truncate,
    DeleteWithoutWhere,
    NotNullWithoutDefault,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LintFinding {
    pub rule: LintRule,
    /// 1-based line in the file.
    pub line: usize,
    pub message: String,
}

/// A pending file's destructive statements (`detail.destructive` of a refused deploy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DestructiveFile {
    pub file: String,
    pub findings: Vec<LintFinding>,
}

/// One row of `__schema_history`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub version: u64,
    pub name: String,
    pub checksum: String,
    pub applied_at: String,
    pub applied_by: String,
    pub execution_ms: i64,
    pub success: bool,
    pub app_version: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppliedMigration {
    #[serde(flatten)]
    pub entry: HistoryEntry,
    /// The file's current checksum equals the recorded one.
    pub checksum_ok: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingMigration {
    pub version: u64,
    pub name: String,
    pub file_name: String,
    pub checksum: String,
    pub no_transaction: bool,
    /// Older than the newest applied version: refused by deploy.
    pub out_of_order: bool,
    pub findings: Vec<LintFinding>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Status {
    pub engine: Engine,
    pub database: String,
    pub history_table: bool,
    /// Newest version this build knows.
    pub latest_known: Option<u64>,
    pub applied: Vec<AppliedMigration>,
    pub pending: Vec<PendingMigration>,
    /// Recorded failures: deploys are refused until `repair` removes them.
    pub failed: Vec<HistoryEntry>,
    /// Versions in the history this build does not know (the database is newer).
    pub unknown: Vec<HistoryEntry>,
    pub checksum_mismatches: Vec<ChecksumMismatch>,
}

impl Status {
    /// The first reason a deploy must refuse, if any.
    pub fn refusal(&self) -> Option<Error> {
        if !self.unknown.is_empty() {
            let list = list_entries(&self.unknown);
            return Some(
                Error::new(
                    ErrorCode::DatabaseNewer,
                    format!(
                        "the database has migrations this build does not know: {list}; use the IVR Studio build that applied them (or newer)"
                    ),
                )
                .with_detail(ErrorDetail {
                    versions: Some(self.unknown.iter().map(|e| e.version).collect()),
                    ..Default::default()
                }),
            );
        }
        if !self.failed.is_empty() {
            let list: Vec<String> = self
                .failed
                .iter()
                .map(|e| {
                    format!(
                        "V{}__{} (failed at {} by {})",
                        e.version, e.name, e.applied_at, e.applied_by
                    )
                })
                .collect();
            return Some(
                Error::new(
                    ErrorCode::MigrationFailed,
                    format!(
                        "migration {} failed earlier; nothing further runs until it is resolved: fix the file, repair the migration history, then deploy again",
                        list.join(", ")
                    ),
                )
                .with_detail(ErrorDetail {
                    versions: Some(self.failed.iter().map(|e| e.version).collect()),
                    ..Default::default()
                })
                .with_remedy(Remedy::RepairMigration),
            );
        }
        if !self.checksum_mismatches.is_empty() {
            let files: Vec<&str> = self
                .checksum_mismatches
                .iter()
                .map(|m| m.file_name.as_str())
                .collect();
            return Some(
                Error::new(
                    ErrorCode::MigrationChecksum,
                    format!(
                        "applied migration file {} was changed after it was applied; restore the file as it was applied (write a new migration for new changes), or accept the change by repairing the migration history if it is intended and harmless",
                        files.join(", ")
                    ),
                )
                .with_detail(ErrorDetail {
                    files: Some(files.iter().map(|f| f.to_string()).collect()),
                    mismatches: Some(self.checksum_mismatches.clone()),
                    ..Default::default()
                })
                .with_remedy(Remedy::RepairMigration),
            );
        }
        let newest_applied = self.applied.iter().map(|a| a.entry.version).max();
        if let Some(p) = self.pending.iter().find(|p| p.out_of_order) {
            return Some(
                Error::validation(format!(
                    "pending migration {} is older than the newest applied migration V{}; it was probably added after the database moved on — give it a newer version",
                    p.file_name,
                    newest_applied.unwrap_or_default()
                ))
                .with_detail(ErrorDetail {
                    file: Some(p.file_name.clone()),
                    ..Default::default()
                }),
            );
        }
        None
    }
}

fn list_entries(entries: &[HistoryEntry]) -> String {
    entries
        .iter()
        .map(|e| format!("V{} ({})", e.version, e.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A migration as `plan` shows it: what would run, batch by batch.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlannedMigration {
    pub version: u64,
    pub name: String,
    pub file_name: String,
    pub checksum: String,
    pub no_transaction: bool,
    pub findings: Vec<LintFinding>,
    pub batches: Vec<Batch>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppliedNow {
    pub version: u64,
    pub name: String,
    pub file_name: String,
    pub execution_ms: i64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeployReport {
    pub dry_run: bool,
    pub engine: Engine,
    pub database: String,
    /// What runs (dry run) or ran, in order.
    pub planned: Vec<PlannedMigration>,
    /// Applied by this run (empty on a dry run).
    pub applied: Vec<AppliedNow>,
}

/// Progress of a deploy, for a progress bar: migration `index` (1-based) of `total`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Progress {
    #[serde(rename_all = "camelCase")]
    Started {
        index: usize,
        total: usize,
        version: u64,
        file_name: String,
    },
    #[serde(rename_all = "camelCase")]
    Finished {
        index: usize,
        total: usize,
        version: u64,
        file_name: String,
        execution_ms: i64,
    },
    #[serde(rename_all = "camelCase")]
    Failed {
        index: usize,
        total: usize,
        version: u64,
        file_name: String,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VerifyReport {
    /// No checksum mismatch, failure, unknown or pending version, and no drift.
    pub clean: bool,
    pub engine: Engine,
    pub database: String,
    pub checksum_mismatches: Vec<ChecksumMismatch>,
    pub failed: Vec<HistoryEntry>,
    pub unknown: Vec<HistoryEntry>,
    pub pending: Vec<u64>,
    /// Objects the model expects that are missing because a pending migration will create them:
    /// reported here once, as pending, and not in `drift`.
    pub pending_objects: Vec<PendingObject>,
    pub drift: Vec<DriftItem>,
}

impl VerifyReport {
    /// The verification of a [`Status`], built from it (engine, database, checksum mismatches,
    /// failures, unknown and pending versions) and the live schema's drift, the missing objects a
    /// pending migration creates apart; `clean` is the verdict CI fails on.
    pub fn new(status: Status, pending_objects: Vec<PendingObject>, drift: Vec<DriftItem>) -> Self {
        let pending: Vec<u64> = status.pending.iter().map(|p| p.version).collect();
        VerifyReport {
            clean: status.checksum_mismatches.is_empty()
                && status.failed.is_empty()
                && status.unknown.is_empty()
                && pending.is_empty()
                && drift.is_empty(),
            engine: status.engine,
            database: status.database,
            checksum_mismatches: status.checksum_mismatches,
            failed: status.failed,
            unknown: status.unknown,
            pending,
            pending_objects,
            drift,
        }
    }
}

/// A missing object that the pending migration `version` creates.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PendingObject {
    pub version: u64,
    pub file_name: String,
    pub item: DriftItem,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BaselineReport {
    pub version: u64,
    /// Versions marked as applied by this call (already recorded ones are left alone).
    pub marked: Vec<u64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepairReport {
    pub dry_run: bool,
    /// Failed rows removed (so the fixed file can be deployed again).
    pub removed_failed: Vec<HistoryEntry>,
    /// Changed files whose new checksum was accepted.
    pub accepted_checksums: Vec<ChecksumMismatch>,
    /// False only when the database has no `sys_AuditLog` yet (its baseline never applied), so
    /// the repair could not be written to it.
    pub audited: bool,
}

/// One batch: the text sent to the server in one round trip.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Batch {
    /// 1-based line of the file where the batch text starts.
    pub start_line: usize,
    /// 1-based line of the file where the batch text ends.
    pub end_line: usize,
    pub sql: String,
}
