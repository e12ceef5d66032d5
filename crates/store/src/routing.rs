//! `rt_RoutingTable` and `rt_RoutingTableHistory`: SQL for both engines.
//!
//! Every change writes, in one transaction: the row, a history snapshot (full row JSON, version =
//! previous max + 1) and an audit row. Reference checks (language, company project, message store,
//! active SourceId) run inside that same transaction — under range locks on SQL Server, under
//! SQLite's write lock — so a concurrent dictionary edit cannot slip between check and write.
//!
//! SQL Server: text parameters arrive as NVARCHAR; compared with a VARCHAR key column they would
//! convert the column and turn index seeks into scans, so lookups cast them to VARCHAR first.

use crate::audit::{self, Actor, Change};
use crate::db::{Conn, Db};
use crate::queries;
use crate::util::{like_contains, page_and_total, row_version_param};
use crate::value::{Row, Value};
use ivr_domain::routing::{
    duplicate_source_error, parse_stored_json, stale_error, RoutingAction, RoutingEntry,
    RoutingFields, RoutingHistoryEntry, RoutingRefs, ENTITY_TYPE,
};
use ivr_domain::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

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
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingFilter {
    /// Substring of SourceId, RoutingId, InitSegment or the company project's display name.
    pub search: Option<String>,
    pub company_project_id: Option<i64>,
    #[serde(default)]
    pub include_inactive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoutingPage {
    pub items: Vec<RoutingListItem>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

queries! {
    /// The entry for a SourceId: the active row, else (when asked) the latest inactive one.
    /// Parameters: SourceId, include inactive (bit).
    ROUTING_GET_BY_SOURCE {
        mssql: "SELECT TOP (1) RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                FROM ivr.rt_RoutingTable WHERE SourceId = CAST(@P1 AS VARCHAR(8000)) AND (IsActive = 1 OR @P2 = 1) \
                ORDER BY IsActive DESC, RoutingTableId DESC",
        sqlite: ["SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                  FROM rt_RoutingTable WHERE SourceId = ?1 AND (IsActive = 1 OR ?2 = 1) \
                  ORDER BY IsActive DESC, RoutingTableId DESC LIMIT 1"],
    }

    /// One row by id. Parameter: RoutingTableId.
    ROUTING_GET_BY_ID {
        mssql: "SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                FROM ivr.rt_RoutingTable WHERE RoutingTableId = @P1",
        sqlite: ["SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                  FROM rt_RoutingTable WHERE RoutingTableId = ?1"],
    }

    /// A page ordered by SourceId (indexed), and the total: one round trip, two result sets.
    /// Parameters: LIKE pattern or NULL, company project or NULL, include inactive (bit), offset, limit.
    ROUTING_LIST {
        mssql: "SELECT r.RoutingTableId, r.SourceId, r.RoutingId, r.CompanyProjectId, r.MessageStoreId, r.LanguageCode, r.InitSegment, r.Config, r.FeatureFlags, r.IsActive, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy, r.RowVersion, \
                       cp.CustomerId, cp.ProjectId, cp.DisplayName AS ProjectDisplayName \
                FROM ivr.rt_RoutingTable AS r JOIN dbo.cfg_Dic_CompanyProject AS cp ON cp.CompanyProjectId = r.CompanyProjectId \
                WHERE (r.IsActive = 1 OR @P3 = 1) AND (@P2 IS NULL OR r.CompanyProjectId = @P2) \
                  AND (@P1 IS NULL OR r.SourceId LIKE @P1 ESCAPE '\\' OR r.RoutingId LIKE @P1 ESCAPE '\\' \
                       OR r.InitSegment LIKE @P1 ESCAPE '\\' OR cp.DisplayName LIKE @P1 ESCAPE '\\') \
                ORDER BY r.SourceId, r.RoutingTableId \
                OFFSET @P4 ROWS FETCH NEXT @P5 ROWS ONLY; \
                SELECT COUNT_BIG(*) AS Total \
                FROM ivr.rt_RoutingTable AS r JOIN dbo.cfg_Dic_CompanyProject AS cp ON cp.CompanyProjectId = r.CompanyProjectId \
                WHERE (r.IsActive = 1 OR @P3 = 1) AND (@P2 IS NULL OR r.CompanyProjectId = @P2) \
                  AND (@P1 IS NULL OR r.SourceId LIKE @P1 ESCAPE '\\' OR r.RoutingId LIKE @P1 ESCAPE '\\' \
                       OR r.InitSegment LIKE @P1 ESCAPE '\\' OR cp.DisplayName LIKE @P1 ESCAPE '\\')",
        sqlite: [
            "SELECT r.RoutingTableId, r.SourceId, r.RoutingId, r.CompanyProjectId, r.MessageStoreId, r.LanguageCode, r.InitSegment, r.Config, r.FeatureFlags, r.IsActive, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy, r.RowVersion, \
                    cp.CustomerId, cp.ProjectId, cp.DisplayName AS ProjectDisplayName \
             FROM rt_RoutingTable AS r JOIN cfg_Dic_CompanyProject AS cp ON cp.CompanyProjectId = r.CompanyProjectId \
             WHERE (r.IsActive = 1 OR ?3 = 1) AND (?2 IS NULL OR r.CompanyProjectId = ?2) \
               AND (?1 IS NULL OR r.SourceId LIKE ?1 ESCAPE '\\' OR r.RoutingId LIKE ?1 ESCAPE '\\' \
                    OR r.InitSegment LIKE ?1 ESCAPE '\\' OR cp.DisplayName LIKE ?1 ESCAPE '\\') \
             ORDER BY r.SourceId, r.RoutingTableId \
             LIMIT ?5 OFFSET ?4",
            "SELECT COUNT(*) AS Total \
             FROM rt_RoutingTable AS r JOIN cfg_Dic_CompanyProject AS cp ON cp.CompanyProjectId = r.CompanyProjectId \
             WHERE (r.IsActive = 1 OR ?3 = 1) AND (?2 IS NULL OR r.CompanyProjectId = ?2) \
               AND (?1 IS NULL OR r.SourceId LIKE ?1 ESCAPE '\\' OR r.RoutingId LIKE ?1 ESCAPE '\\' \
                    OR r.InitSegment LIKE ?1 ESCAPE '\\' OR cp.DisplayName LIKE ?1 ESCAPE '\\')",
        ],
    }

    /// Inside a write: are the references usable, is the SourceId taken by another active row, and
    /// the current row (locked on SQL Server). Parameters: LanguageCode, CompanyProjectId,
    /// MessageStoreId or NULL, SourceId, RoutingTableId or NULL (create).
    ROUTING_CHECK {
        mssql: "SELECT \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_Language WITH (HOLDLOCK) WHERE LanguageCode = CAST(@P1 AS VARCHAR(8000)) AND IsActive = 1) THEN 1 ELSE 0 END AS LanguageOk, \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_CompanyProject WITH (HOLDLOCK) WHERE CompanyProjectId = @P2 AND IsActive = 1) THEN 1 ELSE 0 END AS CompanyProjectOk, \
                  CASE WHEN @P3 IS NULL OR EXISTS (SELECT 1 FROM ivr.msg_MessageStore WITH (HOLDLOCK) WHERE MessageStoreId = @P3 AND IsActive = 1) THEN 1 ELSE 0 END AS MessageStoreOk, \
                  CASE WHEN EXISTS (SELECT 1 FROM ivr.rt_RoutingTable WITH (UPDLOCK, HOLDLOCK) WHERE SourceId = CAST(@P4 AS VARCHAR(8000)) AND IsActive = 1 AND (@P5 IS NULL OR RoutingTableId <> @P5)) THEN 1 ELSE 0 END AS SourceTaken; \
                SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                FROM ivr.rt_RoutingTable WITH (UPDLOCK) WHERE RoutingTableId = @P5",
        sqlite: [
            "SELECT \
               EXISTS (SELECT 1 FROM cfg_Dic_Language WHERE LanguageCode = ?1 AND IsActive = 1) AS LanguageOk, \
               EXISTS (SELECT 1 FROM cfg_Dic_CompanyProject WHERE CompanyProjectId = ?2 AND IsActive = 1) AS CompanyProjectOk, \
               (?3 IS NULL OR EXISTS (SELECT 1 FROM msg_MessageStore WHERE MessageStoreId = ?3 AND IsActive = 1)) AS MessageStoreOk, \
               EXISTS (SELECT 1 FROM rt_RoutingTable WHERE SourceId = ?4 AND IsActive = 1 AND (?5 IS NULL OR RoutingTableId <> ?5)) AS SourceTaken",
            "SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
             FROM rt_RoutingTable WHERE RoutingTableId = ?5",
        ],
    }

    /// Inside a write: the current row, locked on SQL Server. Parameter: RoutingTableId.
    ROUTING_LOCK {
        mssql: "SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                FROM ivr.rt_RoutingTable WITH (UPDLOCK) WHERE RoutingTableId = @P1",
        sqlite: ["SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                  FROM rt_RoutingTable WHERE RoutingTableId = ?1"],
    }

    /// New row + history version 1 ('created'), returning the row. Parameters: SourceId, RoutingId,
    /// CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, actor.
    ROUTING_INSERT {
        mssql: "DECLARE @id INT; \
                INSERT INTO ivr.rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedBy) \
                VALUES (@P1, @P2, @P3, @P4, @P5, @P6, @P7, @P8, 1, @P9); \
                SET @id = CAST(SCOPE_IDENTITY() AS INT); \
                INSERT INTO ivr.rt_RoutingTableHistory (RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy) \
                SELECT @id, 1, \
                  (SELECT s.RoutingTableId, s.SourceId, s.RoutingId, s.CompanyProjectId, s.MessageStoreId, s.LanguageCode, s.InitSegment, s.Config, s.FeatureFlags, s.IsActive, s.CreatedAt, s.CreatedBy, s.UpdatedAt, s.UpdatedBy \
                   FROM ivr.rt_RoutingTable AS s WHERE s.RoutingTableId = @id FOR JSON PATH, INCLUDE_NULL_VALUES, WITHOUT_ARRAY_WRAPPER), \
                  'created', @P9; \
                SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                FROM ivr.rt_RoutingTable WHERE RoutingTableId = @id",
        sqlite: [
            "INSERT INTO rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedBy) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9)",
            "INSERT INTO rt_RoutingTableHistory (RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy) \
             SELECT s.RoutingTableId, 1, \
               json_object('RoutingTableId', s.RoutingTableId, 'SourceId', s.SourceId, 'RoutingId', s.RoutingId, 'CompanyProjectId', s.CompanyProjectId, \
                           'MessageStoreId', s.MessageStoreId, 'LanguageCode', s.LanguageCode, 'InitSegment', s.InitSegment, 'Config', s.Config, \
                           'FeatureFlags', s.FeatureFlags, 'IsActive', s.IsActive, 'CreatedAt', s.CreatedAt, 'CreatedBy', s.CreatedBy, \
                           'UpdatedAt', s.UpdatedAt, 'UpdatedBy', s.UpdatedBy), \
               'created', ?9 \
             FROM rt_RoutingTable AS s WHERE s.SourceId = ?1 AND s.IsActive = 1",
            "SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
             FROM rt_RoutingTable WHERE SourceId = ?1 AND IsActive = 1",
        ],
    }

    /// Rewrites every editable field if the row version still matches, and when it did, adds the
    /// next history version. Returns `Changed` (1 or 0) with the row as it is now.
    /// Parameters: RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId,
    /// LanguageCode, InitSegment, Config, FeatureFlags, IsActive, actor, row version, action type.
    ROUTING_WRITE {
        mssql: "DECLARE @n INT; \
                UPDATE ivr.rt_RoutingTable SET SourceId = @P2, RoutingId = @P3, CompanyProjectId = @P4, MessageStoreId = @P5, \
                  LanguageCode = @P6, InitSegment = @P7, Config = @P8, FeatureFlags = @P9, IsActive = @P10, \
                  UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P11 \
                WHERE RoutingTableId = @P1 AND RowVersion = @P12; \
                SET @n = @@ROWCOUNT; \
                IF @n = 1 \
                  INSERT INTO ivr.rt_RoutingTableHistory (RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy) \
                  SELECT @P1, \
                    (SELECT COALESCE(MAX(h.VersionNumber), 0) + 1 FROM ivr.rt_RoutingTableHistory AS h WITH (UPDLOCK, HOLDLOCK) WHERE h.RoutingTableId = @P1), \
                    (SELECT s.RoutingTableId, s.SourceId, s.RoutingId, s.CompanyProjectId, s.MessageStoreId, s.LanguageCode, s.InitSegment, s.Config, s.FeatureFlags, s.IsActive, s.CreatedAt, s.CreatedBy, s.UpdatedAt, s.UpdatedBy \
                     FROM ivr.rt_RoutingTable AS s WHERE s.RoutingTableId = @P1 FOR JSON PATH, INCLUDE_NULL_VALUES, WITHOUT_ARRAY_WRAPPER), \
                    @P13, @P11; \
                SELECT @n AS Changed, RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                FROM ivr.rt_RoutingTable WHERE RoutingTableId = @P1",
        sqlite: [
            "UPDATE rt_RoutingTable SET SourceId = ?2, RoutingId = ?3, CompanyProjectId = ?4, MessageStoreId = ?5, \
               LanguageCode = ?6, InitSegment = ?7, Config = ?8, FeatureFlags = ?9, IsActive = ?10, \
               UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?11, RowVersion = RowVersion + 1 \
             WHERE RoutingTableId = ?1 AND RowVersion = ?12",
            // changes() is still the UPDATE's count here: the INSERT has not completed yet.
            "INSERT INTO rt_RoutingTableHistory (RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy) \
             SELECT s.RoutingTableId, \
               (SELECT COALESCE(MAX(h.VersionNumber), 0) + 1 FROM rt_RoutingTableHistory AS h WHERE h.RoutingTableId = ?1), \
               json_object('RoutingTableId', s.RoutingTableId, 'SourceId', s.SourceId, 'RoutingId', s.RoutingId, 'CompanyProjectId', s.CompanyProjectId, \
                           'MessageStoreId', s.MessageStoreId, 'LanguageCode', s.LanguageCode, 'InitSegment', s.InitSegment, 'Config', s.Config, \
                           'FeatureFlags', s.FeatureFlags, 'IsActive', s.IsActive, 'CreatedAt', s.CreatedAt, 'CreatedBy', s.CreatedBy, \
                           'UpdatedAt', s.UpdatedAt, 'UpdatedBy', s.UpdatedBy), \
               ?13, ?11 \
             FROM rt_RoutingTable AS s WHERE s.RoutingTableId = ?1 AND changes() = 1",
            // ...and here changes() is the history INSERT's count, which is 1 exactly when the UPDATE hit.
            "SELECT changes() AS Changed, RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
             FROM rt_RoutingTable WHERE RoutingTableId = ?1",
        ],
    }

    /// Versions of one row, newest first. Parameter: RoutingTableId.
    ROUTING_HISTORY {
        mssql: "SELECT HistoryId, RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy, ActionAt \
                FROM ivr.rt_RoutingTableHistory WHERE RoutingTableId = @P1 ORDER BY VersionNumber DESC",
        sqlite: ["SELECT HistoryId, RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy, ActionAt \
                  FROM rt_RoutingTableHistory WHERE RoutingTableId = ?1 ORDER BY VersionNumber DESC"],
    }

    /// One version. Parameters: RoutingTableId, VersionNumber.
    ROUTING_HISTORY_VERSION {
        mssql: "SELECT HistoryId, RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy, ActionAt \
                FROM ivr.rt_RoutingTableHistory WHERE RoutingTableId = @P1 AND VersionNumber = @P2",
        sqlite: ["SELECT HistoryId, RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy, ActionAt \
                  FROM rt_RoutingTableHistory WHERE RoutingTableId = ?1 AND VersionNumber = ?2"],
    }

    /// Row counts (tests prove a refused write changed nothing).
    ROUTING_COUNTS {
        mssql: "SELECT (SELECT COUNT_BIG(*) FROM ivr.rt_RoutingTable) AS RoutingRows, \
                       (SELECT COUNT_BIG(*) FROM ivr.rt_RoutingTableHistory) AS HistoryRows",
        sqlite: ["SELECT (SELECT COUNT(*) FROM rt_RoutingTable) AS RoutingRows, \
                         (SELECT COUNT(*) FROM rt_RoutingTableHistory) AS HistoryRows"],
    }
}

pub(crate) fn read_entry(r: &Row) -> Result<RoutingEntry> {
    Ok(RoutingEntry {
        routing_table_id: r.i64("RoutingTableId")?,
        source_id: r.str("SourceId")?,
        routing_id: r.str("RoutingId")?,
        company_project_id: r.i64("CompanyProjectId")?,
        message_store_id: r.opt_i64("MessageStoreId")?,
        language_code: r.str("LanguageCode")?,
        init_segment: r.str("InitSegment")?,
        config: r.opt_str("Config")?.map(|s| parse_stored_json(&s)),
        feature_flags: r.opt_str("FeatureFlags")?.map(|s| parse_stored_json(&s)),
        is_active: r.bool("IsActive")?,
        created_at: r.str("CreatedAt")?,
        created_by: r.str("CreatedBy")?,
        updated_at: r.opt_str("UpdatedAt")?,
        updated_by: r.opt_str("UpdatedBy")?,
        row_version: r.row_version("RowVersion")?,
    })
}

fn read_history(r: &Row) -> Result<RoutingHistoryEntry> {
    let snapshot = r.str("SnapshotData")?;
    Ok(RoutingHistoryEntry {
        history_id: r.i64("HistoryId")?,
        routing_table_id: r.i64("RoutingTableId")?,
        version_number: r.i64("VersionNumber")?,
        action_type: r.str("ActionType")?,
        action_by: r.str("ActionBy")?,
        action_at: r.str("ActionAt")?,
        snapshot: parse_stored_json(&snapshot),
    })
}

fn not_found_source(source_id: &str) -> Error {
    Error::not_found(format!(
        "no routing entry with SourceId `{source_id}`; check the SourceId (list them with `ivr routing list`)"
    ))
}

fn not_found_id(id: i64) -> Error {
    Error::not_found(format!("no routing entry with id {id}"))
}

/// The active entry for a SourceId (or, with `include_inactive`, the latest deleted one): one statement.
pub async fn get_by_source(
    db: &Db,
    source_id: &str,
    include_inactive: bool,
) -> Result<RoutingEntry> {
    let rows = db
        .query(
            &ROUTING_GET_BY_SOURCE,
            &[source_id.into(), include_inactive.into()],
        )
        .await?;
    rows.first()
        .map(read_entry)
        .unwrap_or_else(|| Err(not_found_source(source_id)))
}

pub async fn get_by_id(db: &Db, id: i64) -> Result<RoutingEntry> {
    let rows = db.query(&ROUTING_GET_BY_ID, &[id.into()]).await?;
    rows.first()
        .map(read_entry)
        .unwrap_or_else(|| Err(not_found_id(id)))
}

/// A page (ordered by SourceId) and the total matching: one statement.
pub async fn list(db: &Db, filter: &RoutingFilter, offset: i64, limit: i64) -> Result<RoutingPage> {
    let offset = offset.max(0);
    let limit = limit.clamp(1, 1000);
    let pattern: Value = filter
        .search
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(like_contains)
        .into();
    let sets = db
        .query_sets(
            &ROUTING_LIST,
            &[
                pattern,
                filter.company_project_id.into(),
                filter.include_inactive.into(),
                offset.into(),
                limit.into(),
            ],
        )
        .await?;
    let (rows, total) = page_and_total(sets)?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(RoutingListItem {
                entry: read_entry(r)?,
                customer_id: r.str("CustomerId")?,
                project_id: r.str("ProjectId")?,
                project_display_name: r.str("ProjectDisplayName")?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(RoutingPage {
        items,
        total,
        offset,
        limit,
    })
}

/// Checks references and the SourceId inside the transaction; returns the current row (if `id`).
async fn check(
    conn: &mut Conn,
    f: &RoutingFields,
    id: Option<i64>,
) -> Result<Option<RoutingEntry>> {
    let mut sets = conn
        .query_sets(
            &ROUTING_CHECK,
            &[
                f.language_code.as_str().into(),
                f.company_project_id.into(),
                f.message_store_id.into(),
                f.source_id.as_str().into(),
                id.into(),
            ],
        )
        .await?;
    if sets.len() != 2 {
        return Err(Error::internal(
            "the routing check returned an unexpected answer",
        ));
    }
    let current = sets.pop().unwrap_or_default();
    let checks = sets.pop().unwrap_or_default();
    let c = checks
        .first()
        .ok_or_else(|| Error::internal("the routing check returned no row"))?;
    let current = current.first().map(read_entry).transpose()?;
    if let Some(id) = id {
        if current.is_none() {
            return Err(not_found_id(id));
        }
    }
    RoutingRefs {
        language_ok: c.bool("LanguageOk")?,
        company_project_ok: c.bool("CompanyProjectOk")?,
        message_store_ok: c.bool("MessageStoreOk")?,
    }
    .into_result(f)?;
    if c.bool("SourceTaken")? {
        return Err(duplicate_source_error(&f.source_id));
    }
    Ok(current)
}

/// A unique-index failure on insert/update is the active-SourceId rule (the only unique index of
/// the table); say it in those words.
fn map_write_error(e: Error, source_id: &str) -> Error {
    if e.code == ErrorCode::Conflict
        && (e.message.contains("SourceId")
            || e.detail
                .as_ref()
                .and_then(|d| d.get("sqlError"))
                .and_then(|n| n.as_u64())
                .is_some_and(|n| n == 2601 || n == 2627))
    {
        duplicate_source_error(source_id)
    } else {
        e
    }
}

/// Writes the audit row of a routing change (inside the change's transaction).
async fn audit_routing(
    c: &mut Conn,
    actor: &Actor,
    id: i64,
    action: RoutingAction,
    before: Option<&serde_json::Value>,
    after: &serde_json::Value,
) -> Result<()> {
    let id = id.to_string();
    audit::write(
        c,
        actor,
        Change {
            entity_type: ENTITY_TYPE,
            entity_id: &id,
            action: action.as_str(),
            before,
            after: Some(after),
        },
    )
    .await
}

/// Creates an entry (validated fields expected): row + history v1 + audit, one transaction.
pub async fn create(db: &Db, actor: &Actor, f: &RoutingFields) -> Result<RoutingEntry> {
    db.transaction(async |c| create_on(c, actor, f).await).await
}

/// [`create`] inside a transaction the caller owns (e.g. a new flow with its entry): checks,
/// row, history v1 and audit, three statements.
pub async fn create_on(c: &mut Conn, actor: &Actor, f: &RoutingFields) -> Result<RoutingEntry> {
    check(c, f, None).await?;
    let rows = c
        .query(
            &ROUTING_INSERT,
            &[
                f.source_id.as_str().into(),
                f.routing_id.as_str().into(),
                f.company_project_id.into(),
                f.message_store_id.into(),
                f.language_code.as_str().into(),
                f.init_segment.as_str().into(),
                f.config_text().into(),
                f.feature_flags_text().into(),
                actor.name.as_str().into(),
            ],
        )
        .await
        .map_err(|e| map_write_error(e, &f.source_id))?;
    let entry = rows
        .first()
        .map(read_entry)
        .unwrap_or_else(|| Err(Error::internal("the new routing entry was not read back")))?;
    let after = entry.audit_json();
    audit_routing(
        c,
        actor,
        entry.routing_table_id,
        RoutingAction::Created,
        None,
        &after,
    )
    .await?;
    Ok(entry)
}

/// Runs ROUTING_WRITE; a row version that no longer matches is CONFLICT carrying the current row.
async fn write(
    c: &mut Conn,
    actor: &Actor,
    id: i64,
    f: &RoutingFields,
    is_active: bool,
    token: &str,
    action: RoutingAction,
) -> Result<RoutingEntry> {
    let token = row_version_param(c.engine(), token)?;
    let rows = c
        .query(
            &ROUTING_WRITE,
            &[
                id.into(),
                f.source_id.as_str().into(),
                f.routing_id.as_str().into(),
                f.company_project_id.into(),
                f.message_store_id.into(),
                f.language_code.as_str().into(),
                f.init_segment.as_str().into(),
                f.config_text().into(),
                f.feature_flags_text().into(),
                is_active.into(),
                actor.name.as_str().into(),
                token,
                action.as_str().into(),
            ],
        )
        .await
        .map_err(|e| map_write_error(e, &f.source_id))?;
    let row = rows.first().ok_or_else(|| not_found_id(id))?;
    let entry = read_entry(row)?;
    if row.i64("Changed")? != 1 {
        return Err(stale_error(&entry));
    }
    Ok(entry)
}

/// Updates an active entry if `row_version` is still current.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    row_version: &str,
    f: &RoutingFields,
) -> Result<RoutingEntry> {
    // A token that is not one is bad input, not a conflict.
    row_version_param(db.engine(), row_version)?;
    db.transaction(async |c| {
        let current = check(c, f, Some(id))
            .await?
            .ok_or_else(|| not_found_id(id))?;
        if !current.is_active {
            return Err(Error::not_found(format!(
                "routing entry `{}` is deleted; restore a version of it first",
                current.source_id
            )));
        }
        if current.row_version != row_version {
            return Err(stale_error(&current));
        }
        let entry = write(c, actor, id, f, true, row_version, RoutingAction::Updated).await?;
        let (before, after) = (current.audit_json(), entry.audit_json());
        audit_routing(c, actor, id, RoutingAction::Updated, Some(&before), &after).await?;
        Ok(entry)
    })
    .await
}

/// Soft delete (IsActive = 0), versioned and audited. `row_version` None skips the staleness check.
pub async fn delete(
    db: &Db,
    actor: &Actor,
    id: i64,
    row_version: Option<&str>,
) -> Result<RoutingEntry> {
    if let Some(v) = row_version {
        row_version_param(db.engine(), v)?;
    }
    db.transaction(async |c| {
        let rows = c.query(&ROUTING_LOCK, &[id.into()]).await?;
        let current = rows
            .first()
            .map(read_entry)
            .unwrap_or_else(|| Err(not_found_id(id)))?;
        if !current.is_active {
            return Err(Error::not_found(format!(
                "routing entry `{}` is already deleted",
                current.source_id
            )));
        }
        if row_version.is_some_and(|v| v != current.row_version) {
            return Err(stale_error(&current));
        }
        let fields = current.fields();
        let entry = write(
            c,
            actor,
            id,
            &fields,
            false,
            &current.row_version,
            RoutingAction::Deleted,
        )
        .await?;
        let (before, after) = (current.audit_json(), entry.audit_json());
        audit_routing(c, actor, id, RoutingAction::Deleted, Some(&before), &after).await?;
        Ok(entry)
    })
    .await
}

/// History of one row, newest first: one statement.
pub async fn history(db: &Db, id: i64) -> Result<Vec<RoutingHistoryEntry>> {
    let rows = db.query(&ROUTING_HISTORY, &[id.into()]).await?;
    rows.iter().map(read_history).collect()
}

/// One stored version's fields (for restore previews and the restore itself).
pub async fn history_version(db: &Db, id: i64, version: i64) -> Result<RoutingHistoryEntry> {
    let rows = db
        .query(&ROUTING_HISTORY_VERSION, &[id.into(), version.into()])
        .await?;
    rows.first().map(read_history).unwrap_or_else(|| {
        Err(Error::not_found(format!(
            "routing entry {id} has no version {version}; list them with `ivr routing history`"
        )))
    })
}

/// Restores a stored version as a NEW version (history is never rewritten); reactivates a deleted
/// row. `validate` is the domain check run on the snapshot's fields before anything is written.
pub async fn restore(
    db: &Db,
    actor: &Actor,
    id: i64,
    version: i64,
    row_version: Option<&str>,
    validate: impl Fn(&RoutingFields) -> Result<()>,
) -> Result<RoutingEntry> {
    if let Some(v) = row_version {
        row_version_param(db.engine(), v)?;
    }
    db.transaction(async |c| {
        let rows = c
            .query(&ROUTING_HISTORY_VERSION, &[id.into(), version.into()])
            .await?;
        let h = rows.first().map(read_history).unwrap_or_else(|| {
            Err(Error::not_found(format!(
                "routing entry {id} has no version {version}"
            )))
        })?;
        let fields = RoutingFields::from_snapshot(&h.snapshot)?;
        validate(&fields)?;
        let current = check(c, &fields, Some(id))
            .await?
            .ok_or_else(|| not_found_id(id))?;
        if row_version.is_some_and(|v| v != current.row_version) {
            return Err(stale_error(&current));
        }
        let entry = write(
            c,
            actor,
            id,
            &fields,
            true,
            &current.row_version,
            RoutingAction::Restored,
        )
        .await?;
        let before = current.audit_json();
        let mut after = entry.audit_json();
        if let Some(o) = after.as_object_mut() {
            o.insert("restoredFromVersion".into(), version.into());
        }
        audit_routing(c, actor, id, RoutingAction::Restored, Some(&before), &after).await?;
        Ok(entry)
    })
    .await
}

/// (routing rows, history rows), for tests and diagnostics.
pub async fn counts(db: &Db) -> Result<(i64, i64)> {
    let rows = db.query(&ROUTING_COUNTS, &[]).await?;
    let r = rows
        .first()
        .ok_or_else(|| Error::internal("no routing counts"))?;
    Ok((r.i64("RoutingRows")?, r.i64("HistoryRows")?))
}
