//! A message key as the UI and the CLI see it: its row, its versions with their contents, a row of
//! the key list, a row of its audit trail and where a flow uses it. The store maps its rows into
//! these types.

use super::LanguageContent;
use crate::JsonText;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyRow {
    pub id: i64,
    pub store_id: i64,
    pub key: String,
    pub type_id: i64,
    pub message_type: String,
    pub category_id: i64,
    pub category: String,
    pub display_name: Option<String>,
    pub published_version: Option<i32>,
    pub is_active: bool,
    /// Opaque optimistic-concurrency token; send it back with publish, rollback, delete.
    pub row_version: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionRow {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub id: Uuid,
    pub key_id: i64,
    pub version: i32,
    pub name: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub contents: Vec<LanguageContent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyWithVersions {
    #[serde(flatten)]
    pub key: KeyRow,
    /// Oldest first; the last one is the latest.
    pub versions: Vec<VersionRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyListItem {
    pub id: i64,
    pub key: String,
    pub message_type: String,
    pub category: String,
    pub display_name: Option<String>,
    pub published_version: Option<i32>,
    pub latest_version: Option<i32>,
    pub version_count: i64,
    pub is_active: bool,
    pub row_version: String,
    pub created_at: String,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyAuditRow {
    pub audit_id: String,
    pub key_id: i64,
    pub key: String,
    pub version_id: Option<String>,
    pub action: String,
    pub action_by: String,
    pub action_at: String,
    /// The audit row's JSON text exactly as stored, as a string (see `AuditEntry::before`).
    pub data: Option<JsonText>,
    /// False when the key has been deleted since.
    pub key_is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WhereUsed {
    pub routing_id: String,
    pub segment_name: String,
    /// `None` for the published flow, else the draft's change set.
    pub change_set_id: Option<String>,
    pub segment_type: String,
    pub config_key: String,
}
