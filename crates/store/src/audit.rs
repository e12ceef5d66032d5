//! `sys_AuditLog`: one row per write, inside the writer's transaction, and the audit list.
//!
//! Every write of the product calls [`write`] with the same connection that made the change, so the
//! change and its audit row commit or roll back together.

use crate::db::Conn;
use crate::queries;
use crate::value::{Row, Value};
use crate::Db;
use ivr_domain::audit::AuditEntry;
use ivr_domain::{Error, JsonText, Page, Result};
use serde::{Deserialize, Serialize};

/// Who is writing, and in which environment (the profile name, e.g. `local`, `dvp`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub name: String,
    pub environment: String,
}

impl Actor {
    pub fn new(name: impl Into<String>, environment: impl Into<String>) -> Self {
        Actor {
            name: name.into(),
            environment: environment.into(),
        }
    }
}

/// One change to record. `before`/`after` are the entity as JSON text, stored as given (None for
/// create/delete sides).
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Filters of the audit list; `None` means "any". `from`/`to` are ISO-8601 UTC texts
/// (`2026-01-20T10:00:00.000Z`), `from` inclusive and `to` exclusive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only the routing entries with this SourceId (every row that ever had it).
    #[serde(default)]
    pub source_id: Option<String>,
    /// Only the message keys with this key (in any store).
    #[serde(default)]
    pub message_key: Option<String>,
    /// Only rows whose before/after data contain this LIKE pattern (a segment name as a JSON string).
    #[serde(default)]
    pub mentions: Option<String>,
}

/// The audit list's filter, shared by the page and its count. A SourceId or a message key
/// selects the rows of every entity that had it (ids are per database; people know the names).
macro_rules! audit_where {
    (mssql) => {
        "WHERE (@P1 IS NULL OR a.EntityType = CAST(@P1 AS VARCHAR(8000))) AND (@P2 IS NULL OR a.EntityId = CAST(@P2 AS VARCHAR(8000))) \
           AND (@P3 IS NULL OR a.Actor = CAST(@P3 AS VARCHAR(8000))) AND (@P4 IS NULL OR a.Action = CAST(@P4 AS VARCHAR(8000))) \
           AND (@P5 IS NULL OR a.OccurredAt >= CONVERT(DATETIME2, @P5, 127)) \
           AND (@P6 IS NULL OR a.OccurredAt < CONVERT(DATETIME2, @P6, 127)) \
           AND (@P9 IS NULL OR a.EntityId IN (SELECT CAST(sr.RoutingTableId AS VARCHAR(20)) FROM ivr.rt_RoutingTable AS sr WHERE sr.SourceId = CAST(@P9 AS VARCHAR(8000)))) \
           AND (@P10 IS NULL OR a.EntityId IN (SELECT CAST(sk.MessageKeyId AS VARCHAR(20)) FROM ivr.msg_MessageKey AS sk WHERE sk.MessageKey = CAST(@P10 AS VARCHAR(8000)))) \
           AND (@P11 IS NULL OR a.BeforeData LIKE @P11 ESCAPE '\\' OR a.AfterData LIKE @P11 ESCAPE '\\')"
    };
    (sqlite) => {
        "WHERE (?1 IS NULL OR a.EntityType = ?1) AND (?2 IS NULL OR a.EntityId = ?2) \
           AND (?3 IS NULL OR a.Actor = ?3) AND (?4 IS NULL OR a.Action = ?4) \
           AND (?5 IS NULL OR a.OccurredAt >= ?5) AND (?6 IS NULL OR a.OccurredAt < ?6) \
           AND (?9 IS NULL OR a.EntityId IN (SELECT CAST(sr.RoutingTableId AS TEXT) FROM rt_RoutingTable AS sr WHERE sr.SourceId = ?9)) \
           AND (?10 IS NULL OR a.EntityId IN (SELECT CAST(sk.MessageKeyId AS TEXT) FROM msg_MessageKey AS sk WHERE sk.MessageKey = ?10)) \
           AND (?11 IS NULL OR a.BeforeData LIKE ?11 ESCAPE '\\' OR a.AfterData LIKE ?11 ESCAPE '\\')"
    };
}

queries! {
    /// One audit row. Parameters: actor, environment, entity type, entity id, action, before, after.
    AUDIT_INSERT {
        mssql: "INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7)",
        sqlite: ["INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"],
    }

    /// A page of the audit log, newest first, and the total: one round trip, two result sets.
    /// Each row carries the entity's name where its id is a number (SourceId, message key, store
    /// or company project name). Parameters: entity type, entity id, actor, action, from, to,
    /// offset, limit, SourceId, message key, LIKE pattern on the before/after data.
    AUDIT_LIST {
        mssql: concat!(
            "SELECT a.AuditId, a.OccurredAt, a.Actor, a.Environment, a.EntityType, a.EntityId, a.Action, a.BeforeData, a.AfterData, \
                    COALESCE(r.SourceId, k.MessageKey, ms.Name, cp.DisplayName) AS EntityName \
             FROM dbo.sys_AuditLog AS a \
             LEFT JOIN ivr.rt_RoutingTable AS r ON a.EntityType = 'routing' AND r.RoutingTableId = TRY_CAST(a.EntityId AS INT) \
             LEFT JOIN ivr.msg_MessageKey AS k ON a.EntityType = 'msg_MessageKey' AND k.MessageKeyId = TRY_CAST(a.EntityId AS INT) \
             LEFT JOIN ivr.msg_MessageStore AS ms ON a.EntityType = 'msg_MessageStore' AND ms.MessageStoreId = TRY_CAST(a.EntityId AS INT) \
             LEFT JOIN dbo.cfg_Dic_CompanyProject AS cp ON a.EntityType = 'company_project' AND cp.CompanyProjectId = TRY_CAST(a.EntityId AS INT) ",
            audit_where!(mssql),
            " ORDER BY a.OccurredAt DESC, a.AuditId DESC OFFSET @P7 ROWS FETCH NEXT @P8 ROWS ONLY; \
             SELECT COUNT_BIG(*) AS Total FROM dbo.sys_AuditLog AS a ",
            audit_where!(mssql)
        ),
        sqlite: [
            concat!(
                "SELECT a.AuditId, a.OccurredAt, a.Actor, a.Environment, a.EntityType, a.EntityId, a.Action, a.BeforeData, a.AfterData, \
                        COALESCE(r.SourceId, k.MessageKey, ms.Name, cp.DisplayName) AS EntityName \
                 FROM sys_AuditLog AS a \
                 LEFT JOIN rt_RoutingTable AS r ON a.EntityType = 'routing' AND r.RoutingTableId = CAST(a.EntityId AS INTEGER) \
                 LEFT JOIN msg_MessageKey AS k ON a.EntityType = 'msg_MessageKey' AND k.MessageKeyId = CAST(a.EntityId AS INTEGER) \
                 LEFT JOIN msg_MessageStore AS ms ON a.EntityType = 'msg_MessageStore' AND ms.MessageStoreId = CAST(a.EntityId AS INTEGER) \
                 LEFT JOIN cfg_Dic_CompanyProject AS cp ON a.EntityType = 'company_project' AND cp.CompanyProjectId = CAST(a.EntityId AS INTEGER) ",
                audit_where!(sqlite),
                " ORDER BY a.OccurredAt DESC, a.AuditId DESC LIMIT ?8 OFFSET ?7"
            ),
            concat!("SELECT COUNT(*) AS Total FROM sys_AuditLog AS a ", audit_where!(sqlite)),
        ],
    }

    /// The distinct entity types, actors and actions present, for the filters of the audit screen:
    /// one statement, one row per (facet, value).
    AUDIT_FACETS {
        mssql: "SELECT 'entityType' AS Facet, EntityType AS Val FROM dbo.sys_AuditLog GROUP BY EntityType \
                UNION ALL SELECT 'actor', Actor FROM dbo.sys_AuditLog GROUP BY Actor \
                UNION ALL SELECT 'action', Action FROM dbo.sys_AuditLog GROUP BY Action \
                ORDER BY Facet, Val",
        sqlite: ["SELECT 'entityType' AS Facet, EntityType AS Val FROM sys_AuditLog GROUP BY EntityType \
                  UNION ALL SELECT 'actor', Actor FROM sys_AuditLog GROUP BY Actor \
                  UNION ALL SELECT 'action', Action FROM sys_AuditLog GROUP BY Action \
                  ORDER BY Facet, Val"],
    }

    /// Number of audit rows (tests use it to prove a refused write left no trace).
    AUDIT_COUNT {
        mssql: "SELECT COUNT_BIG(*) AS Total FROM dbo.sys_AuditLog",
        sqlite: ["SELECT COUNT(*) AS Total FROM sys_AuditLog"],
    }
}

/// Writes one audit row with the caller's connection; refuses to run outside a transaction, so an
/// audit row can never commit without (or apart from) the change it describes.
pub async fn write(conn: &mut Conn, actor: &Actor, change: Change<'_>) -> Result<()> {
    if !conn.in_transaction() {
        return Err(Error::internal(
            "audit rows are written inside the change's transaction; none is open",
        ));
    }
    let json = |v: Option<&str>| -> Value { v.map(str::to_owned).into() };
    conn.execute(
        &AUDIT_INSERT,
        &[
            actor.name.as_str().into(),
            actor.environment.as_str().into(),
            change.entity_type.into(),
            change.entity_id.into(),
            change.action.into(),
            json(change.before),
            json(change.after),
        ],
    )
    .await?;
    Ok(())
}

/// A page of the audit log (newest first) and the total matching rows: one statement.
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    offset: i64,
    limit: i64,
) -> Result<Page<AuditEntry>> {
    let opt = |v: &Option<String>| -> Value { v.as_deref().map(str::to_owned).into() };
    let sets = db
        .query_sets(
            &AUDIT_LIST,
            &[
                opt(&filter.entity_type),
                opt(&filter.entity_id),
                opt(&filter.actor),
                opt(&filter.action),
                opt(&filter.from),
                opt(&filter.to),
                Value::Int(offset.max(0)),
                Value::Int(limit.clamp(1, 1000)),
                opt(&filter.source_id),
                opt(&filter.message_key),
                opt(&filter.mentions),
            ],
        )
        .await?;
    let (rows, total) = crate::util::page_and_total(sets)?;
    Ok(Page {
        items: rows.iter().map(read_entry).collect::<Result<_>>()?,
        total,
        offset: offset.max(0),
        limit: limit.clamp(1, 1000),
    })
}

/// The values the audit log holds for its filters, each list sorted: what the use case turns into
/// its filter choices (`ivr_app::audit::AuditChoices`, the UI contract).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditFacets {
    pub entity_types: Vec<String>,
    pub actors: Vec<String>,
    pub actions: Vec<String>,
}

/// Which entity types, actors and actions occur in the log (so a filter offers only real values).
pub async fn facets(db: &Db) -> Result<AuditFacets> {
    let mut out = AuditFacets::default();
    for r in db.query(&AUDIT_FACETS, &[]).await? {
        let value = r.str("Val")?;
        match r.str("Facet")?.as_str() {
            "entityType" => out.entity_types.push(value),
            "actor" => out.actors.push(value),
            _ => out.actions.push(value),
        }
    }
    Ok(out)
}

/// Rows in the audit log.
pub async fn count(db: &Db) -> Result<i64> {
    let rows = db.query(&AUDIT_COUNT, &[]).await?;
    rows.first().map(|r| r.i64("Total")).unwrap_or(Ok(0))
}

fn read_entry(r: &Row) -> Result<AuditEntry> {
    let json =
        |name: &str| -> Result<Option<JsonText>> { Ok(r.opt_str(name)?.map(JsonText::stored)) };
    Ok(AuditEntry {
        audit_id: r.i64("AuditId")?,
        occurred_at: r.str("OccurredAt")?,
        actor: r.str("Actor")?,
        environment: r.str("Environment")?,
        entity_type: r.str("EntityType")?,
        entity_id: r.str("EntityId")?,
        action: r.str("Action")?,
        before: json("BeforeData")?,
        after: json("AfterData")?,
        entity_name: r.opt_str("EntityName")?,
        entity_label: String::new(),
    })
}
