//! The routing table: entry points (SourceId) mapped to a flow (RoutingId), its first segment,
//! language, company project and optional message store.

use crate::error::{Error, FieldErrors, Result};
use crate::fields::{check_json_object, check_text};
use crate::flow::{check_routing_id, check_segment_name};
use crate::ids::{bcp47_problem, source_id_problem};
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
    pub config: Option<Json>,
    pub feature_flags: Option<Json>,
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
    #[serde(default)]
    pub config: Option<Json>,
    #[serde(default)]
    pub feature_flags: Option<Json>,
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

/// One row of `rt_RoutingTableHistory`; `snapshot` is the full row as it was after the action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingHistoryEntry {
    pub history_id: i64,
    pub routing_table_id: i64,
    pub version_number: i64,
    pub action_type: String,
    pub action_by: String,
    pub action_at: String,
    pub snapshot: Json,
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

    /// What the audit log keeps as before/after data.
    pub fn audit_json(&self) -> Json {
        serde_json::to_value(self).unwrap_or(Json::Null)
    }
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
        check_json_object(&mut e, "config", self.config.as_ref());
        check_json_object(&mut e, "featureFlags", self.feature_flags.as_ref());
        e.into_result("The routing entry")
    }

    /// JSON text as stored in `Config` / `FeatureFlags`.
    pub fn config_text(&self) -> Option<String> {
        self.config.as_ref().map(Json::to_string)
    }
    pub fn feature_flags_text(&self) -> Option<String> {
        self.feature_flags.as_ref().map(Json::to_string)
    }

    /// Reads the fields back from a history snapshot (`SnapshotData`, the row's columns by name).
    /// Both engines' JSON shapes are accepted (SQL Server writes bits as booleans, SQLite as 0/1).
    pub fn from_snapshot(snapshot: &Json) -> Result<RoutingFields> {
        let obj = snapshot
            .as_object()
            .ok_or_else(|| Error::internal("a routing history snapshot is not a JSON object"))?;
        let get = |k: &str| {
            obj.iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(k))
                .map(|(_, v)| v)
        };
        let text = |k: &str| -> Result<String> {
            match get(k) {
                Some(Json::String(s)) => Ok(s.clone()),
                _ => Err(Error::internal(format!(
                    "a routing history snapshot has no text {k}"
                ))),
            }
        };
        let int = |k: &str| -> Option<i64> {
            match get(k) {
                Some(Json::Number(n)) => n.as_i64(),
                Some(Json::String(s)) => s.parse().ok(),
                _ => None,
            }
        };
        let json_text = |k: &str| -> Option<Json> {
            match get(k) {
                Some(Json::String(s)) => Some(parse_stored_json(s)),
                Some(Json::Null) | None => None,
                Some(other) => Some(other.clone()),
            }
        };
        Ok(RoutingFields {
            source_id: text("SourceId")?,
            routing_id: text("RoutingId")?,
            company_project_id: int("CompanyProjectId").ok_or_else(|| {
                Error::internal("a routing history snapshot has no CompanyProjectId")
            })?,
            message_store_id: int("MessageStoreId"),
            language_code: text("LanguageCode")?,
            init_segment: text("InitSegment")?,
            config: json_text("Config"),
            feature_flags: json_text("FeatureFlags"),
        })
    }
}

/// Stored JSON text as a value. Text another tool wrote that is not JSON is shown as a string
/// rather than failing the read (validation refuses it on the next save).
pub fn parse_stored_json(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|_| Json::String(text.to_owned()))
}

/// Turns the store's reference check into field errors naming each unknown reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoutingRefs {
    pub language_ok: bool,
    pub company_project_ok: bool,
    pub message_store_ok: bool,
}

impl RoutingRefs {
    pub fn into_result(self, f: &RoutingFields) -> Result<()> {
        let mut e = FieldErrors::default();
        if !self.language_ok {
            e.push(
                "languageCode",
                format!(
                    "`{}` is not an active language of the language dictionary; add it there first or pick another",
                    f.language_code
                ),
            );
        }
        if !self.company_project_ok {
            e.push(
                "companyProjectId",
                format!(
                    "company project {} does not exist or is not active",
                    f.company_project_id
                ),
            );
        }
        if !self.message_store_ok {
            e.push(
                "messageStoreId",
                format!(
                    "message store {} does not exist or is not active",
                    f.message_store_id.unwrap_or_default()
                ),
            );
        }
        e.into_result("The routing entry")
    }
}

/// The CONFLICT for a second active row with the same SourceId.
pub fn duplicate_source_error(source_id: &str) -> Error {
    Error::conflict(format!(
        "an active routing entry with SourceId `{source_id}` already exists; edit that entry, or delete it first"
    ))
    .with_detail(serde_json::json!({ "fields": [{ "field": "sourceId", "message": "already used by an active routing entry" }] }))
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
    .with_detail(serde_json::json!({ "current": current }))
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
            config: Some(json!({"a": 1})),
            feature_flags: None,
        }
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
        let names: Vec<String> = err.detail.unwrap()["fields"]
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
            config: Some(json!([1])),
            feature_flags: Some(json!("x")),
            ..fields()
        };
        let err = f.validate().unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::Validation);
        let names: Vec<String> = err.detail.unwrap()["fields"]
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
    fn snapshot_roundtrip_accepts_both_engine_shapes() {
        let s = json!({"SourceId": "+32", "RoutingId": "r", "CompanyProjectId": 3, "MessageStoreId": null,
            "LanguageCode": "nl-BE", "InitSegment": "s", "Config": "{\"a\":1}", "IsActive": 1});
        let f = RoutingFields::from_snapshot(&s).unwrap();
        assert_eq!(f.company_project_id, 3);
        assert_eq!(f.config, Some(json!({"a": 1})));
        assert_eq!(f.feature_flags, None);
    }
}
