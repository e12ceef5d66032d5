//! The audit log: the row every write use case records inside its transaction ([`record`]), and
//! the read side (filters and pages).

use crate::environment::Writable;
use ivr_domain::error::FieldErrors;
use ivr_domain::Result;
use ivr_store::audit::Change;
use ivr_store::{Conn, Db};
use serde::{Deserialize, Serialize};

pub use ivr_store::audit::{AuditEntry, AuditFacets, AuditFilter, AuditPage};

pub const DEFAULT_PAGE_SIZE: i64 = 50;

/// Writes the audit row of a change, as `w.actor()`, on the change's own transaction `c` (so both
/// commit or roll back together). `before` is None for a create.
pub(crate) async fn record<T: Serialize>(
    c: &mut Conn,
    w: &Writable<'_>,
    entity_type: &str,
    entity_id: &str,
    action: &str,
    before: Option<&T>,
    after: &T,
) -> Result<()> {
    let json = |v: &T| serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
    let before = before.map(json);
    let after = json(after);
    ivr_store::audit::write(
        c,
        w.actor(),
        Change {
            entity_type,
            entity_id,
            action,
            before: before.as_ref(),
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
    #[serde(default)]
    pub offset: Option<i64>,
    #[serde(default)]
    pub limit: Option<i64>,
}

pub async fn list(db: &Db, req: &ListAuditRequest) -> Result<AuditPage> {
    let mut errors = FieldErrors::default();
    let from = normalize_time(&mut errors, "from", req.from.as_deref());
    let to = normalize_time(&mut errors, "to", req.to.as_deref());
    errors.into_result("The audit filter")?;
    let filter = AuditFilter {
        entity_type: req.entity_type.clone(),
        entity_id: req.entity_id.clone(),
        actor: req.actor.clone(),
        action: req.action.clone(),
        from,
        to,
    };
    ivr_store::audit::list(
        db,
        &filter,
        req.offset.unwrap_or(0),
        req.limit.unwrap_or(DEFAULT_PAGE_SIZE),
    )
    .await
}

/// The entity types, actors and actions the log holds: the choices of the audit filters.
pub async fn facets(db: &Db) -> Result<AuditFacets> {
    ivr_store::audit::facets(db).await
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
