//! What the migration engine reports across the boundary (its reports and errors): checksum
//! mismatches and destructive-statement findings. The engine itself is `ivr_store::migrate`.

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
