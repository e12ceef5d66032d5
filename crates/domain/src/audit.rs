//! The audit log (`sys_AuditLog`) as it is listed. The store maps its rows into [`AuditEntry`];
//! what a row records (its before/after) is written and read by the use cases.

use crate::JsonText;
use serde::{Deserialize, Serialize};

/// A row of the audit log as listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    pub audit_id: i64,
    pub occurred_at: String,
    pub actor: String,
    pub environment: String,
    pub entity_type: String,
    pub entity_id: String,
    pub action: String,
    /// The stored JSON text exactly as written, as a string: a reader that parses JSON numbers into
    /// doubles (a webview's `JSON.parse`) would round a user's number beyond f64 inside it, so
    /// callers parse it themselves (the UI with lossless-json).
    pub before: Option<JsonText>,
    pub after: Option<JsonText>,
    /// The entity as people name it, when the id is a number: a routing entry's SourceId, a
    /// message's key, a message store's or company project's name (as it is now).
    pub entity_name: Option<String>,
    /// The entity type in words (`Routing entry`), set by the use case.
    #[serde(default)]
    pub entity_label: String,
}
