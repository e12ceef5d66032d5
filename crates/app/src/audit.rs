//! The audit log: the row every write use case records inside its transaction ([`record`]), and
//! the read side (filters and pages).

use crate::environment::Writable;
use ivr_domain::error::FieldErrors;
use ivr_domain::{JsonText, Result};
use ivr_store::audit::Change;
use ivr_store::{Conn, Db};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use ivr_domain::audit::AuditEntry;
use ivr_domain::Page;
pub use ivr_store::audit::{AuditFacets, AuditFilter};

pub const DEFAULT_PAGE_SIZE: i64 = 50;

/// A named type recorded as an audit row's before/after data (never a `json!` value), so what the
/// log holds is declared once and read back with [`payload`]. Each keeps the JSON shape rows
/// already stored have.
pub trait AuditPayload: Serialize {}

// Dictionaries record the row as saved.
impl AuditPayload for ivr_domain::dict::Language {}
impl AuditPayload for ivr_domain::dict::Voice {}
impl AuditPayload for ivr_domain::dict::CompanyProject {}
impl AuditPayload for ivr_domain::dict::Environment {}
impl AuditPayload for ivr_domain::routing::RoutingAudit {}

/// An audit row's before or after text read as the payload type its writer recorded
/// (`RoutingAudit` for entity `routing`, a dictionary row for its entity, ...).
pub fn payload<T: AuditPayload + DeserializeOwned>(data: &JsonText) -> Result<T> {
    serde_json::from_str(data.as_str()).map_err(|e| {
        ivr_domain::Error::internal(format!("an audit row's data cannot be read: {e}"))
    })
}

/// Writes the audit row of a change, as `w.actor()`, on the change's own transaction `c` (so both
/// commit or roll back together). `before` is None for a create.
pub(crate) async fn record<T: AuditPayload>(
    c: &mut Conn,
    w: &Writable<'_>,
    entity_type: &str,
    entity_id: &str,
    action: &str,
    before: Option<&T>,
    after: &T,
) -> Result<()> {
    // Written straight to text: a `serde_json::Value` in between would turn a user's number beyond
    // f64 (kept as written in a `JsonText` or `RawJson`) into its nearest f64.
    let json = |v: &T| serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    let before = before.map(json);
    let after = json(after);
    ivr_store::audit::write(
        c,
        w.actor(),
        Change {
            entity_type,
            entity_id,
            action,
            before: before.as_deref(),
            after: Some(&after),
        },
    )
    .await
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListAuditRequest {
    #[serde(default)]
    pub entity_type: Option<String>,
    #[serde(default)]
    pub entity_id: Option<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    /// Inclusive; `2026-01-20` (midnight UTC) or an RFC 3339 time.
    #[serde(default)]
    pub from: Option<String>,
    /// Exclusive; same forms as `from`.
    #[serde(default)]
    pub to: Option<String>,
    /// What the admin knows instead of an id: a routing entry's SourceId, a message's key, or a
    /// segment of a flow. Narrows `entity_type` (and, for a segment, `entity_id`) itself.
    #[serde(default)]
    pub subject: Option<AuditSubject>,
    #[serde(default)]
    pub offset: Option<i64>,
    #[serde(default)]
    pub limit: Option<i64>,
}

/// A thing an admin knows by name, to find its audit rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AuditSubject {
    /// Every routing entry that had this SourceId (deleted and re-created ones too).
    #[serde(rename_all = "camelCase")]
    RoutingEntry { source_id: String },
    /// The flow's changes that name this segment (drafts edited, published).
    #[serde(rename_all = "camelCase")]
    Segment { routing_id: String, segment: String },
    /// Every message key with this key, in any store.
    #[serde(rename_all = "camelCase")]
    Message { key: String },
}

pub async fn list(db: &Db, req: &ListAuditRequest) -> Result<Page<AuditEntry>> {
    let mut errors = FieldErrors::default();
    let from = normalize_time(&mut errors, "from", req.from.as_deref());
    let to = normalize_time(&mut errors, "to", req.to.as_deref());
    let mut filter = AuditFilter {
        entity_type: req.entity_type.clone(),
        entity_id: req.entity_id.clone(),
        actor: req.actor.clone(),
        action: req.action.clone(),
        from,
        to,
        ..Default::default()
    };
    let blank = |s: &str| s.trim().is_empty();
    match &req.subject {
        None => {}
        Some(AuditSubject::RoutingEntry { source_id }) => {
            if blank(source_id) {
                errors.push("sourceId", "type the SourceId of the routing entry");
            }
            filter.entity_type = Some(ivr_domain::routing::ENTITY_TYPE.into());
            filter.source_id = Some(source_id.trim().into());
        }
        Some(AuditSubject::Message { key }) => {
            if blank(key) {
                errors.push("key", "type the message key");
            }
            filter.entity_type = Some(MESSAGE_KEY_ENTITY.into());
            filter.message_key = Some(key.trim().into());
        }
        Some(AuditSubject::Segment {
            routing_id,
            segment,
        }) => {
            if blank(routing_id) {
                errors.push("routingId", "type the flow (its RoutingId)");
            }
            if blank(segment) {
                errors.push("segment", "type the segment's name");
            }
            filter.entity_type = Some(crate::flow::AUDIT_ENTITY.into());
            filter.entity_id = Some(routing_id.trim().into());
            // The flow's change records name a segment as a JSON string value.
            filter.mentions = Some(ivr_store::like_contains(&format!("\"{}\"", segment.trim())));
        }
    }
    errors.into_result("The audit filter")?;
    let mut page = ivr_store::audit::list(
        db,
        &filter,
        req.offset.unwrap_or(0),
        req.limit.unwrap_or(DEFAULT_PAGE_SIZE),
    )
    .await?;
    for e in &mut page.items {
        e.entity_label = entity_label(&e.entity_type);
    }
    Ok(page)
}

/// `sys_AuditLog.EntityType` of message keys (written by the message store's SQL).
pub const MESSAGE_KEY_ENTITY: &str = "msg_MessageKey";

/// An entity type in words, for people: never a table name.
pub fn entity_label(entity_type: &str) -> String {
    match entity_type {
        "routing" => "Routing entry",
        "flow" => "Flow",
        "msg_MessageKey" => "Message",
        "msg_MessageStore" => "Message store",
        "msg_MessageStoreVoiceConfig" => "Message store voice",
        "language" => "Language",
        "voice" => "Voice",
        "company_project" => "Company project",
        "environment" => "Environment",
        "migration" => "Schema migration",
        other => return other.replace('_', " "),
    }
    .to_owned()
}

/// An entity type with its label, as the audit filter offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntityTypeChoice {
    pub value: String,
    pub label: String,
}

/// The filter choices: entity types (with their labels), actors and actions the log holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditChoices {
    pub entity_types: Vec<EntityTypeChoice>,
    pub actors: Vec<String>,
    pub actions: Vec<String>,
}

/// The entity types, actors and actions the log holds: the choices of the audit filters.
pub async fn facets(db: &Db) -> Result<AuditChoices> {
    let f = ivr_store::audit::facets(db).await?;
    Ok(AuditChoices {
        entity_types: f
            .entity_types
            .into_iter()
            .map(|value| EntityTypeChoice {
                label: entity_label(&value),
                value,
            })
            .collect(),
        actors: f.actors,
        actions: f.actions,
    })
}

/// The stored timestamp form (`2026-01-20T10:00:00.000Z`), so text (SQLite) and DATETIME2
/// (SQL Server) comparisons agree.
pub fn normalize_time(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
) -> Option<String> {
    let v = value?.trim();
    if v.is_empty() {
        return None;
    }
    const OUT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&chrono::Utc).format(OUT).to_string());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| t.format(OUT).to_string());
    }
    errors.push(
        field,
        format!("`{v}` is not a date (2026-01-20) or an RFC 3339 time (2026-01-20T10:00:00Z)"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_types_read_as_words() {
        assert_eq!(entity_label("msg_MessageKey"), "Message");
        assert_eq!(entity_label("routing"), "Routing entry");
        assert_eq!(entity_label("something_new"), "something new");
    }

    #[test]
    fn times_normalize_to_the_stored_form() {
        let mut e = FieldErrors::default();
        assert_eq!(
            normalize_time(&mut e, "from", Some("2026-01-20")).as_deref(),
            Some("2026-01-20T00:00:00.000Z")
        );
        assert_eq!(
            normalize_time(&mut e, "from", Some("2026-01-20T11:00:00+01:00")).as_deref(),
            Some("2026-01-20T10:00:00.000Z")
        );
        assert!(e.is_empty());
        assert_eq!(normalize_time(&mut e, "to", Some("yesterday")), None);
        assert!(e.into_result("x").unwrap_err().message.contains("to"));
    }
}
