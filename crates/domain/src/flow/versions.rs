//! A flow's published versions and drafts as they are listed: the flow list's rows, a draft's
//! metadata (seg_ChangeSet) and the published versions. The store maps its rows into these types.

use super::EntryPoint;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A draft's metadata (seg_ChangeSet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeSetRow {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    pub routing_id: String,
    /// The published version the draft started from; `None` for a new flow.
    pub based_on_version: Option<i32>,
    /// `open`, `published` or `discarded`.
    pub status: String,
    pub description: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

/// One row of the flow list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowSummary {
    pub routing_id: String,
    pub published_segments: i64,
    pub live_version: i32,
    pub open_drafts: i64,
    pub entries: Vec<EntryPoint>,
    /// Nothing of the flow exists (no segment, no published version, no draft): only routing
    /// entries name it. Set by the use case (`ivr_app::flow::list`).
    #[serde(default)]
    pub missing: bool,
}

/// One published version of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowVersion {
    pub version: i32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    pub description: Option<String>,
    pub published_at: Option<String>,
    pub published_by: Option<String>,
}
