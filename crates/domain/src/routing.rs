//! The routing table: entry points (SourceId) mapped to a flow (RoutingId), its first segment,
//! language, company project and optional message store.

use crate::error::{Current, Error, ErrorDetail, FieldErrors, Result};
use crate::fields::{check_json_text_object, check_text};
use crate::flow::{check_routing_id, check_segment_name};
use crate::ids::{bcp47_problem, source_id_problem};
use crate::json_text::JsonText;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

pub const TABLE: &str = "rt_RoutingTable";
pub const HISTORY_TABLE: &str = "rt_RoutingTableHistory";
/// `sys_AuditLog.EntityType` for routing rows.
pub const ENTITY_TYPE: &str = "routing";

/// One row of `rt_RoutingTable` as the UI and the CLI see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingEntry {
    pub routing_table_id: i64,
    pub source_id: String,
    pub routing_id: String,
    pub company_project_id: i64,
    pub message_store_id: Option<i64>,
    pub language_code: String,
    pub init_segment: String,
    /// The JSON text exactly as the user wrote it (see [`JsonText`]).
    pub config: Option<JsonText>,
    pub feature_flags: Option<JsonText>,
    pub is_active: bool,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    /// Opaque optimistic-concurrency token: pass it back unchanged when updating.
    pub row_version: String,
}

/// The editable fields of a routing entry (create, update, and what a history version restores).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingFields {
    pub source_id: String,
    pub routing_id: String,
    pub company_project_id: i64,
    #[serde(default)]
    pub message_store_id: Option<i64>,
    pub language_code: String,
    pub init_segment: String,
    /// A JSON object as text, stored exactly as written (or a JSON value, written compactly).
    #[serde(default)]
    pub config: Option<JsonText>,
    #[serde(default)]
    pub feature_flags: Option<JsonText>,
}

/// Actions written to `rt_RoutingTableHistory.ActionType` (and to the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RoutingAction {
    Created,
    Updated,
    Deleted,
    Restored,
}

impl RoutingAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RoutingAction::Created => "created",
            RoutingAction::Updated => "updated",
            RoutingAction::Deleted => "deleted",
            RoutingAction::Restored => "restored",
        }
    }
}

/// The history action a flow publish writes for each routing entry of the flow: its snapshot is
/// the whole published flow, not the entry.
pub const FLOW_PUBLISHED_ACTION: &str = "published";

/// What one history row of an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum HistoryKind {
    /// A version of the entry itself (created, updated, deleted, restored): it can be compared
    /// and restored.
    Snapshot,
    /// The entry's flow was published: an event, neither compared nor restored.
    FlowPublished,
}

/// A flow publish as an event of the entries that point at the flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowPublishEvent {
    pub routing_id: String,
    /// The published flow version, when the snapshot names it.
    pub version: Option<i64>,
}

/// One row of an entry's history (`rt_RoutingTableHistory`) as the store reads it and the UI and
/// the CLI show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingHistoryItem {
    pub history_id: i64,
    pub routing_table_id: i64,
    pub version_number: i64,
    pub action_type: String,
    pub action_by: String,
    pub action_at: String,
    pub kind: HistoryKind,
    /// The entry as it was after the action (`Snapshot` only).
    pub snapshot: Option<RoutingSnapshot>,
    /// The flow and version that was published (`FlowPublished` only).
    pub flow: Option<FlowPublishEvent>,
}

/// A routing entry as a history version recorded it (`SnapshotData`): the row's columns by name,
/// as `FOR JSON PATH` (SQL Server) and `json_object` (SQLite) write them. `IsActive` reads from a
/// boolean (SQL Server) or 0/1 (SQLite) and is a boolean here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingSnapshot {
    #[serde(default)]
    pub routing_table_id: Option<i64>,
    pub source_id: String,
    pub routing_id: String,
    pub company_project_id: i64,
    #[serde(default)]
    pub message_store_id: Option<i64>,
    pub language_code: String,
    pub init_segment: String,
    /// The JSON text as the user wrote it.
    #[serde(default)]
    pub config: Option<JsonText>,
    #[serde(default)]
    pub feature_flags: Option<JsonText>,
    #[serde(default, deserialize_with = "bit_or_bool")]
    pub is_active: Option<bool>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub updated_by: Option<String>,
}

/// A BIT column as `FOR JSON` (true/false) or `json_object` (1/0) writes it.
fn bit_or_bool<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<bool>, D::Error> {
    Ok(match Option::<Json>::deserialize(d)? {
        None | Some(Json::Null) => None,
        Some(Json::Bool(b)) => Some(b),
        Some(Json::Number(n)) => Some(n.as_i64() != Some(0)),
        Some(other) => {
            return Err(serde::de::Error::custom(format!(
                "IsActive is {other}, not a boolean or 0/1"
            )))
        }
    })
}

impl RoutingSnapshot {
    /// The entry's editable fields, as restoring the version writes them.
    pub fn fields(&self) -> RoutingFields {
        RoutingFields {
            source_id: self.source_id.clone(),
            routing_id: self.routing_id.clone(),
            company_project_id: self.company_project_id,
            message_store_id: self.message_store_id,
            language_code: self.language_code.clone(),
            init_segment: self.init_segment.clone(),
            config: self.config.clone(),
            feature_flags: self.feature_flags.clone(),
        }
    }
}

impl RoutingHistoryItem {
    /// A history row read with its `SnapshotData` text: a version of the entry becomes a typed
    /// [`RoutingSnapshot`] (INTERNAL when the text is not one), a flow publish an event without
    /// its (whole-flow) snapshot.
    pub fn with_snapshot(mut self, text: &str) -> Result<Self> {
        if self.action_type == FLOW_PUBLISHED_ACTION {
            // A snapshot that is not a flow file still lists as a publish (of an unnamed flow).
            let file: FlowPublishSnapshot = serde_json::from_str(text).unwrap_or_default();
            self.kind = HistoryKind::FlowPublished;
            self.snapshot = None;
            self.flow = Some(FlowPublishEvent {
                routing_id: file.routing_id,
                version: file.source.and_then(|s| s.version),
            });
        } else {
            let snapshot = serde_json::from_str(text).map_err(|e| {
                Error::internal(format!(
                    "version {} of routing entry {} has a snapshot that cannot be read: {e}",
                    self.version_number, self.routing_table_id
                ))
            })?;
            self.kind = HistoryKind::Snapshot;
            self.snapshot = Some(snapshot);
            self.flow = None;
        }
        Ok(self)
    }

    pub fn is_flow_publish(&self) -> bool {
        self.kind == HistoryKind::FlowPublished
    }

    /// The fields this version restores; VALIDATION for a flow publish (only the entry's own
    /// versions restore).
    pub fn restorable_fields(&self) -> Result<RoutingFields> {
        match &self.snapshot {
            Some(s) if !self.is_flow_publish() => Ok(s.fields()),
            _ => Err(self.not_restorable()),
        }
    }

    /// The VALIDATION error for restoring a flow publish: only the entry's own versions restore.
    pub fn not_restorable(&self) -> Error {
        let flow = self.flow.clone().unwrap_or(FlowPublishEvent {
            routing_id: String::new(),
            version: None,
        });
        Error::validation(format!(
            "version {} of this routing entry is the publish of flow `{}`{}, not a version of the entry; restore one of the entry's own versions",
            self.version_number,
            flow.routing_id,
            flow.version.map(|v| format!(" (version {v})")).unwrap_or_default()
        ))
    }
}

impl RoutingEntry {
    pub fn fields(&self) -> RoutingFields {
        RoutingFields {
            source_id: self.source_id.clone(),
            routing_id: self.routing_id.clone(),
            company_project_id: self.company_project_id,
            message_store_id: self.message_store_id,
            language_code: self.language_code.clone(),
            init_segment: self.init_segment.clone(),
            config: self.config.clone(),
            feature_flags: self.feature_flags.clone(),
        }
    }

    /// What the audit log keeps as before/after data of a change that is not a restore.
    pub fn audit(&self) -> RoutingAudit {
        RoutingAudit {
            entry: self.clone(),
            restored_from_version: None,
        }
    }
}

/// The before/after data of a routing entry's audit row (`sys_AuditLog`, entity `routing`): the
/// entry as it was, and on a restore's after side the history version it came back from. Every
/// build wrote this shape (the entry's camelCase fields, then `restoredFromVersion`), so old rows
/// read as new ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingAudit {
    #[serde(flatten)]
    pub entry: RoutingEntry,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_from_version: Option<i64>,
}

/// What a flow publish's history row says of the flow: the flow file written at publish time
/// (`routingId`, `source.version`); its segments are not read here.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowPublishSnapshot {
    #[serde(default)]
    pub routing_id: String,
    #[serde(default)]
    pub source: Option<FlowPublishSource>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct FlowPublishSource {
    #[serde(default)]
    pub version: Option<i64>,
}

impl RoutingFields {
    /// Checks every field at once; one VALIDATION error lists all problems (`detail.fields`).
    /// References (language, company project, message store) are checked by the store in the
    /// writing transaction, since only the database knows whether they exist.
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::default();
        check_text(&mut e, "sourceId", &self.source_id, TABLE, "SourceId", true);
        if let Some(p) = source_id_problem(&self.source_id) {
            e.push("sourceId", p);
        }
        // The flow's own identifier rules, so an entry can always be served by its flow.
        if let Err(m) = check_routing_id(&self.routing_id) {
            e.push("routingId", m);
        }
        if let Err(m) = check_segment_name(&self.init_segment) {
            e.push("initSegment", m);
        }
        if let Some(p) = bcp47_problem(&self.language_code) {
            e.push("languageCode", p);
        } else {
            check_text(
                &mut e,
                "languageCode",
                &self.language_code,
                TABLE,
                "LanguageCode",
                true,
            );
        }
        if self.company_project_id <= 0 {
            e.push("companyProjectId", "is required (a company project id)");
        }
        if let Some(id) = self.message_store_id {
            if id <= 0 {
                e.push("messageStoreId", "must be a message store id, or empty");
            }
        }
        check_json_text_object(&mut e, "config", self.config.as_ref());
        check_json_text_object(&mut e, "featureFlags", self.feature_flags.as_ref());
        e.into_result("The routing entry")
    }

    /// JSON text as stored in `Config` / `FeatureFlags`: what the user wrote.
    pub fn config_text(&self) -> Option<String> {
        self.config.as_ref().map(|j| j.as_str().to_owned())
    }
    pub fn feature_flags_text(&self) -> Option<String> {
        self.feature_flags.as_ref().map(|j| j.as_str().to_owned())
    }
}

/// Stored JSON text as a value. Text another tool wrote that is not JSON is shown as a string
/// rather than failing the read (validation refuses it on the next save).
pub fn parse_stored_json(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|_| Json::String(text.to_owned()))
}

/// The columns the routing list can be ordered by: each has an index, so the server orders a page
/// without sorting the table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RoutingSortColumn {
    #[default]
    SourceId,
    RoutingId,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingSort {
    pub column: RoutingSortColumn,
    #[serde(default)]
    pub descending: bool,
}

/// A reference of a routing entry as the writing transaction found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefState {
    /// No such row.
    #[default]
    Unknown,
    /// The row exists but is deactivated (it can be reactivated in its dictionary).
    Inactive,
    Active,
}

impl RefState {
    /// From the check's two flags: does a row exist, is it active.
    pub fn of(known: bool, active: bool) -> RefState {
        match (known, active) {
            (_, true) => RefState::Active,
            (true, false) => RefState::Inactive,
            (false, false) => RefState::Unknown,
        }
    }
}

/// Turns the store's reference check into field errors that say what is actually wrong with each
/// reference: unknown, or known but inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoutingRefs {
    pub language: RefState,
    pub company_project: RefState,
    /// `Active` when the entry names no message store.
    pub message_store: RefState,
}

impl RoutingRefs {
    pub fn into_result(self, f: &RoutingFields) -> Result<()> {
        let code = &f.language_code;
        let cp = f.company_project_id;
        let ms = f.message_store_id.unwrap_or_default();
        // Each reference: its field, what the check found, and what to say when no such row
        // exists or when it is deactivated (each words its own remedy).
        let refs = [
            (
                "languageCode",
                self.language,
                format!("`{code}` is not in the language dictionary; add it there first, or pick another language"),
                format!("`{code}` is inactive: reactivate it in the language dictionary, or pick an active language"),
            ),
            (
                "companyProjectId",
                self.company_project,
                format!("company project {cp} does not exist"),
                format!("company project {cp} is inactive: reactivate it in the company project dictionary, or pick an active one"),
            ),
            (
                "messageStoreId",
                self.message_store,
                format!("message store {ms} does not exist"),
                format!("message store {ms} is inactive: pick an active message store, or leave it empty to use the company project's"),
            ),
        ];
        let mut e = FieldErrors::default();
        for (field, state, unknown, inactive) in refs {
            match state {
                RefState::Unknown => e.push(field, unknown),
                RefState::Inactive => e.push(field, inactive),
                RefState::Active => {}
            }
        }
        e.into_result("The routing entry")
    }
}

/// A list row: the entry plus its company project's names (joined, no extra round trip).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingListItem {
    #[serde(flatten)]
    pub entry: RoutingEntry,
    pub customer_id: String,
    pub project_id: String,
    pub project_display_name: String,
    /// What the row points at that does not exist (filled in by the use case from the
    /// [`RoutingTargets`] the store read with the page).
    #[serde(default)]
    pub warnings: Vec<RoutingWarning>,
}

/// The segments a flow offers as a first segment (`ivr_app::routing::segment_choices`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentChoices {
    pub routing_id: String,
    /// The flow has segments or an open or published draft.
    pub flow_exists: bool,
    /// Segment names of the published flow, sorted.
    pub published: Vec<String>,
    /// Segment names only found in open drafts (not published yet), sorted, without repeats.
    pub draft_only: Vec<String>,
}

/// What the writing transaction found about the flow an entry points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoutingTargets {
    /// The flow has a published version, segments or an open draft.
    pub flow_exists: bool,
    /// The first segment exists in the flow's published state or in one of its open drafts.
    pub segment_exists: bool,
}

/// Why a routing entry was saved with a warning: it points at something that does not exist
/// (yet). Saving is not refused: a new flow's entry is often created before the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RoutingWarningCode {
    FlowMissing,
    SegmentMissing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingWarning {
    pub code: RoutingWarningCode,
    /// The field it is about (`routingId`, `initSegment`).
    pub field: String,
    pub message: String,
}

impl RoutingTargets {
    /// The warnings for `f`: a missing flow, else a missing first segment in an existing flow.
    pub fn warnings(self, f: &RoutingFields) -> Vec<RoutingWarning> {
        if !self.flow_exists {
            return vec![RoutingWarning {
                code: RoutingWarningCode::FlowMissing,
                field: "routingId".into(),
                message: format!(
                    "flow `{}` does not exist: calls to this entry have nowhere to go until the flow is created and published",
                    f.routing_id
                ),
            }];
        }
        if !self.segment_exists {
            return vec![RoutingWarning {
                code: RoutingWarningCode::SegmentMissing,
                field: "initSegment".into(),
                message: format!(
                    "flow `{}` has no segment `{}` (published or in an open draft): calls would start at a segment that does not exist",
                    f.routing_id, f.init_segment
                ),
            }];
        }
        Vec::new()
    }
}

/// A routing entry as a write left it, with what it points at that does not exist (if anything).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingSaved {
    #[serde(flatten)]
    pub entry: RoutingEntry,
    pub warnings: Vec<RoutingWarning>,
}

/// The ALREADY_EXISTS for a second active row with the same SourceId.
pub fn duplicate_source_error(source_id: &str) -> Error {
    Error::already_exists(format!(
        "an active routing entry with SourceId `{source_id}` already exists; edit that entry, or delete it first"
    ))
    .at_field("sourceId", "already used by an active routing entry")
}

/// The CONFLICT for a stale row version; the detail carries the current row so a form can show
/// what changed and let the user re-apply their edit.
pub fn stale_error(current: &RoutingEntry) -> Error {
    Error::conflict(format!(
        "routing entry `{}` was changed by {} since you read it; reload it and apply your change again",
        current.source_id,
        current
            .updated_by
            .as_deref()
            .unwrap_or(current.created_by.as_str())
    ))
    .with_detail(ErrorDetail {
        current: Some(Current::Routing(Box::new(current.clone()))),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> RoutingFields {
        RoutingFields {
            source_id: "+3225550100".into(),
            routing_id: "acme-care-main".into(),
            company_project_id: 1,
            message_store_id: None,
            language_code: "nl-BE".into(),
            init_segment: "language_select".into(),
            config: Some(JsonText::new(r#"{"a": 1}"#)),
            feature_flags: None,
        }
    }

    #[test]
    fn reference_errors_say_unknown_or_inactive() {
        let refs = RoutingRefs {
            language: RefState::Inactive,
            company_project: RefState::Unknown,
            message_store: RefState::Active,
        };
        let err = refs.into_result(&fields()).unwrap_err();
        assert!(
            err.message
                .contains("`nl-BE` is inactive: reactivate it in the language dictionary"),
            "{}",
            err.message
        );
        assert!(err.message.contains("company project 1 does not exist"));
        assert!(!err.message.contains("messageStoreId"));
        assert_eq!(RefState::of(true, false), RefState::Inactive);
        assert_eq!(RefState::of(false, false), RefState::Unknown);
        assert_eq!(RefState::of(true, true), RefState::Active);
    }

    #[test]
    fn a_flow_publish_is_an_event_not_a_snapshot() {
        let row = |action: &str, snapshot: Json| {
            RoutingHistoryItem {
                history_id: 7,
                routing_table_id: 3,
                version_number: 4,
                action_type: action.into(),
                action_by: "ann".into(),
                action_at: "2026-01-20T10:00:00.000Z".into(),
                kind: HistoryKind::Snapshot,
                snapshot: None,
                flow: None,
            }
            .with_snapshot(&snapshot.to_string())
        };
        let publish = row(
            FLOW_PUBLISHED_ACTION,
            json!({"routingId": "acme-care-main", "source": {"version": 2}, "segments": []}),
        )
        .unwrap();
        assert!(publish.is_flow_publish());
        let e = publish.restorable_fields().unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::Validation);
        assert!(
            e.message.contains("flow `acme-care-main` (version 2)"),
            "{}",
            e.message
        );
        assert_eq!(publish.kind, HistoryKind::FlowPublished);
        assert_eq!(publish.snapshot, None);
        assert_eq!(
            publish.flow,
            Some(FlowPublishEvent {
                routing_id: "acme-care-main".into(),
                version: Some(2)
            })
        );
        // A snapshot without the flow file's names still lists as a publish.
        let unnamed = row(FLOW_PUBLISHED_ACTION, json!({"segments": []})).unwrap();
        assert_eq!(
            unnamed.flow,
            Some(FlowPublishEvent {
                routing_id: String::new(),
                version: None
            })
        );
        let own = row(
            "updated",
            json!({"SourceId": "x", "RoutingId": "r", "CompanyProjectId": 3, "LanguageCode": "nl-BE", "InitSegment": "s"}),
        )
        .unwrap();
        assert_eq!(own.kind, HistoryKind::Snapshot);
        assert!(own.flow.is_none());
        assert_eq!(own.restorable_fields().unwrap().source_id, "x");
        // A version whose snapshot is not an entry cannot be read (INTERNAL, naming it).
        let e = row("updated", json!({"SourceId": "+32"})).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::Internal);
        assert!(
            e.message.contains("version 4 of routing entry 3"),
            "{}",
            e.message
        );
    }

    #[test]
    fn missing_flow_or_segment_is_a_warning() {
        let f = fields();
        let none = RoutingTargets {
            flow_exists: true,
            segment_exists: true,
        };
        assert!(none.warnings(&f).is_empty());
        let flow = RoutingTargets {
            flow_exists: false,
            segment_exists: false,
        }
        .warnings(&f);
        assert_eq!(
            flow.len(),
            1,
            "a missing flow implies its segment: one warning"
        );
        assert_eq!(flow[0].code, RoutingWarningCode::FlowMissing);
        assert_eq!(flow[0].field, "routingId");
        let seg = RoutingTargets {
            flow_exists: true,
            segment_exists: false,
        }
        .warnings(&f);
        assert_eq!(seg[0].code, RoutingWarningCode::SegmentMissing);
        assert!(seg[0].message.contains("language_select"));
    }

    #[test]
    fn identifiers_follow_the_flow_rules_so_every_entry_can_be_served() {
        let f = RoutingFields {
            source_id: "+32 2 555 01 00".into(),
            routing_id: "acme care".into(),
            init_segment: "x'); DROP TABLE rt_RoutingTable;--".into(),
            ..fields()
        };
        let err = f.validate().unwrap_err();
        let names: Vec<String> = err.detail_json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["sourceId", "routingId", "initSegment"]);
        // The same RoutingId and segment name a flow accepts are accepted here.
        assert!(crate::flow::check_routing_id(&fields().routing_id).is_ok());
        assert!(fields().validate().is_ok());
        let sip = RoutingFields {
            source_id: "sip:care@acme.example".into(),
            ..fields()
        };
        assert!(sip.validate().is_ok());
    }

    #[test]
    fn collects_every_problem() {
        let f = RoutingFields {
            source_id: " ".into(),
            routing_id: "".into(),
            language_code: "dutch".into(),
            config: Some(JsonText::new("[1]")),
            feature_flags: Some(JsonText::new("x")),
            ..fields()
        };
        let err = f.validate().unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::Validation);
        let names: Vec<String> = err.detail_json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["field"].as_str().unwrap().to_string())
            .collect();
        for n in [
            "sourceId",
            "routingId",
            "languageCode",
            "config",
            "featureFlags",
        ] {
            assert!(names.contains(&n.to_string()), "{n} missing in {names:?}");
        }
    }

    #[test]
    fn config_is_validated_as_written() {
        let exact = r#"{"id": 12345678901234567890123}"#;
        let f = RoutingFields {
            config: Some(JsonText::new(exact)),
            feature_flags: Some(JsonText::new(r#"{"x": true, "x": false}"#)),
            ..fields()
        };
        let err = f.validate().unwrap_err();
        let problems = err.detail_json()["fields"].clone();
        assert_eq!(problems.as_array().unwrap().len(), 1, "{problems}");
        assert_eq!(problems[0]["field"], "featureFlags");
        let ok = RoutingFields {
            config: Some(JsonText::new(exact)),
            ..fields()
        };
        ok.validate().unwrap();
        assert_eq!(ok.config_text().as_deref(), Some(exact));
    }

    #[test]
    fn snapshot_roundtrip_accepts_both_engine_shapes() {
        // SQLite's json_object: a bit as 0/1.
        let sqlite = r#"{"RoutingTableId":5,"SourceId":"+32","RoutingId":"r","CompanyProjectId":3,"MessageStoreId":null,"LanguageCode":"nl-BE","InitSegment":"s","Config":"{\"a\": 12345678901234567890123}","FeatureFlags":null,"IsActive":1,"CreatedAt":"2026-01-20T10:00:00.000Z","CreatedBy":"ann","UpdatedAt":null,"UpdatedBy":null}"#;
        let s: RoutingSnapshot = serde_json::from_str(sqlite).unwrap();
        let f = s.fields();
        assert_eq!(f.company_project_id, 3);
        assert_eq!(
            f.config,
            Some(JsonText::new(r#"{"a": 12345678901234567890123}"#))
        );
        assert_eq!(f.feature_flags, None);
        assert_eq!(s.is_active, Some(true));
        // Written again: the same text but for the bit, a boolean now.
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            sqlite.replace(r#""IsActive":1"#, r#""IsActive":true"#)
        );
        // SQL Server's FOR JSON PATH, INCLUDE_NULL_VALUES: a bit as a boolean, every column named.
        let mssql = r#"{"RoutingTableId":5,"SourceId":"+32","RoutingId":"r","CompanyProjectId":3,"MessageStoreId":9,"LanguageCode":"nl-BE","InitSegment":"s","Config":null,"FeatureFlags":"{\"x\":true}","IsActive":false,"CreatedAt":"2026-01-20T10:00:00.1234567","CreatedBy":"ann","UpdatedAt":null,"UpdatedBy":null}"#;
        let g: RoutingSnapshot = serde_json::from_str(mssql).unwrap();
        assert_eq!((g.message_store_id, g.config.clone()), (Some(9), None));
        assert_eq!(g.feature_flags, Some(JsonText::new(r#"{"x":true}"#)));
        assert_eq!(g.is_active, Some(false));
        assert_eq!(serde_json::to_string(&g).unwrap(), mssql);
        assert!(serde_json::from_str::<RoutingSnapshot>(r#"{"SourceId": "+32"}"#).is_err());
        assert!(serde_json::from_str::<RoutingSnapshot>(
            &sqlite.replace(r#""IsActive":1"#, r#""IsActive":"yes""#)
        )
        .is_err());
    }
}
