//! Differences between the schema model and a live database, as a report people and CI can read.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DriftKind {
    /// In the model, not in the database.
    Missing,
    /// In the database, not in the model.
    Extra,
    /// In both, with a different definition.
    Different,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ObjectKind {
    Schema,
    Table,
    Column,
    PrimaryKey,
    ForeignKey,
    Index,
    Check,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DriftItem {
    pub kind: DriftKind,
    pub object: ObjectKind,
    /// Table name (no schema); empty for a schema.
    pub table: String,
    /// Object name: column, index, constraint (the table name again for a table).
    pub name: String,
    /// What the model says, for `Different` and `Missing` (human-readable).
    pub expected: Option<String>,
    /// What the database has, for `Different` and `Extra`.
    pub actual: Option<String>,
}

impl DriftItem {
    /// The object in words: `Index msg_MessageKey.IX_MessageKey_Name`.
    pub fn what(&self) -> String {
        format!(
            "{:?} {}",
            self.object,
            if self.table.is_empty() || self.table == self.name {
                self.name.clone()
            } else {
                format!("{}.{}", self.table, self.name)
            }
        )
    }
}

impl std::fmt::Display for DriftItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = self.what();
        match self.kind {
            DriftKind::Missing => write!(f, "missing {what}"),
            DriftKind::Extra => write!(f, "extra {what}"),
            DriftKind::Different => write!(
                f,
                "different {what}: expected {}, found {}",
                self.expected.as_deref().unwrap_or("?"),
                self.actual.as_deref().unwrap_or("?")
            ),
        }
    }
}
