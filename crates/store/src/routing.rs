//! `rt_RoutingTable` and `rt_RoutingTableHistory`: SQL for both engines, run on the connection the
//! caller gives. The use cases (transaction, rules, audit) are `ivr_app::routing`.
//!
//! A change writes the row and a history snapshot (full row JSON, version = previous max + 1) in
//! one statement. [`check`] reads the references (language, company project, message store, active
//! SourceId) under range locks on SQL Server (SQLite: under its write lock) so that, inside the
//! caller's transaction, a concurrent dictionary edit cannot slip between check and write.
//!
//! SQL Server: text parameters arrive as NVARCHAR; compared with a VARCHAR key column they would
//! convert the column and turn index seeks into scans, so lookups cast them to VARCHAR first.

use crate::db::{Conn, Db};
use crate::queries;
use crate::util::{like_contains, page_and_total};
use crate::value::{Row, Value};
use ivr_domain::routing::{
    duplicate_source_error, HistoryKind, RefState, RoutingAction, RoutingEntry, RoutingFields,
    RoutingHistoryItem, RoutingListItem, RoutingRefs, RoutingSort, RoutingSortColumn,
    RoutingTargets, SegmentChoices,
};
use ivr_domain::{Error, JsonText, Page, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingFilter {
    /// Substring of SourceId, RoutingId, InitSegment or the company project's display name.
    pub search: Option<String>,
    pub company_project_id: Option<i64>,
    #[serde(default)]
    pub include_inactive: bool,
    #[serde(default)]
    pub sort: RoutingSort,
}

/// The two "does the entry's target exist" columns, `FlowExists` and `SegmentExists`, for a
/// RoutingId and a first-segment expression: written once per engine, used by the write check and
/// the list. A flow exists when it has active segments or an open or published draft; a segment
/// exists in the published state or in an open draft.
macro_rules! targets_mssql {
    ($rid:literal, $seg:literal) => {
        concat!(
            "CASE WHEN EXISTS (SELECT 1 FROM ivr.seg_Segment AS fs WHERE fs.RoutingId = ", $rid, " AND fs.IsActive = 1) \
                    OR EXISTS (SELECT 1 FROM ivr.seg_ChangeSet AS fc WHERE fc.RoutingId = ", $rid, " AND (fc.Status = 'open' OR fc.Status = 'published')) \
                  THEN 1 ELSE 0 END AS FlowExists, \
             CASE WHEN EXISTS (SELECT 1 FROM ivr.seg_Segment AS ss WHERE ss.RoutingId = ", $rid, " AND ss.SegmentName = ", $seg, " AND ss.IsActive = 1 \
                    AND (ss.ChangeSetId IS NULL OR EXISTS (SELECT 1 FROM ivr.seg_ChangeSet AS sc WHERE sc.ChangeSetId = ss.ChangeSetId AND sc.Status = 'open'))) \
                  THEN 1 ELSE 0 END AS SegmentExists"
        )
    };
}

macro_rules! targets_sqlite {
    ($rid:literal, $seg:literal) => {
        concat!(
            "(EXISTS (SELECT 1 FROM seg_Segment AS fs WHERE fs.RoutingId = ", $rid, " AND fs.IsActive = 1) \
              OR EXISTS (SELECT 1 FROM seg_ChangeSet AS fc WHERE fc.RoutingId = ", $rid, " AND (fc.Status = 'open' OR fc.Status = 'published'))) AS FlowExists, \
             EXISTS (SELECT 1 FROM seg_Segment AS ss WHERE ss.RoutingId = ", $rid, " AND ss.SegmentName = ", $seg, " AND ss.IsActive = 1 \
                     AND (ss.ChangeSetId IS NULL OR EXISTS (SELECT 1 FROM seg_ChangeSet AS sc WHERE sc.ChangeSetId = ss.ChangeSetId AND sc.Status = 'open'))) AS SegmentExists"
        )
    };
}

/// The list's filter (search, company project, deleted rows), shared by the page and its count.
macro_rules! routing_list_where {
    (mssql) => {
        "FROM ivr.rt_RoutingTable AS r JOIN dbo.cfg_Dic_CompanyProject AS cp ON cp.CompanyProjectId = r.CompanyProjectId \
         WHERE (r.IsActive = 1 OR @P3 = 1) AND (@P2 IS NULL OR r.CompanyProjectId = @P2) \
           AND (@P1 IS NULL OR r.SourceId LIKE @P1 ESCAPE '\\' OR r.RoutingId LIKE @P1 ESCAPE '\\' \
                OR r.InitSegment LIKE @P1 ESCAPE '\\' OR cp.DisplayName LIKE @P1 ESCAPE '\\')"
    };
    (sqlite) => {
        "FROM rt_RoutingTable AS r JOIN cfg_Dic_CompanyProject AS cp ON cp.CompanyProjectId = r.CompanyProjectId \
         WHERE (r.IsActive = 1 OR ?3 = 1) AND (?2 IS NULL OR r.CompanyProjectId = ?2) \
           AND (?1 IS NULL OR r.SourceId LIKE ?1 ESCAPE '\\' OR r.RoutingId LIKE ?1 ESCAPE '\\' \
                OR r.InitSegment LIKE ?1 ESCAPE '\\' OR cp.DisplayName LIKE ?1 ESCAPE '\\')"
    };
}

macro_rules! routing_list_mssql {
    ($order:literal) => {
        concat!(
            "SELECT r.RoutingTableId, r.SourceId, r.RoutingId, r.CompanyProjectId, r.MessageStoreId, r.LanguageCode, r.InitSegment, r.Config, r.FeatureFlags, r.IsActive, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy, r.RowVersion, \
                    cp.CustomerId, cp.ProjectId, cp.DisplayName AS ProjectDisplayName, ",
            targets_mssql!("r.RoutingId", "r.InitSegment"),
            " ",
            routing_list_where!(mssql),
            " ORDER BY ", $order, " OFFSET @P4 ROWS FETCH NEXT @P5 ROWS ONLY; SELECT COUNT_BIG(*) AS Total ",
            routing_list_where!(mssql)
        )
    };
}

macro_rules! routing_list_sqlite {
    ($order:literal) => {
        concat!(
            "SELECT r.RoutingTableId, r.SourceId, r.RoutingId, r.CompanyProjectId, r.MessageStoreId, r.LanguageCode, r.InitSegment, r.Config, r.FeatureFlags, r.IsActive, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.UpdatedBy, r.RowVersion, \
                    cp.CustomerId, cp.ProjectId, cp.DisplayName AS ProjectDisplayName, ",
            targets_sqlite!("r.RoutingId", "r.InitSegment"),
            " ",
            routing_list_where!(sqlite),
            " ORDER BY ", $order, " LIMIT ?5 OFFSET ?4"
        )
    };
}

macro_rules! routing_count_sqlite {
    () => {
        concat!("SELECT COUNT(*) AS Total ", routing_list_where!(sqlite))
    };
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

    /// A page ordered by SourceId or RoutingId (each indexed), either way, and the total: one round
    /// trip, two result sets. Each row says whether its flow and first segment exist.
    /// Parameters: LIKE pattern or NULL, company project or NULL, include inactive (bit), offset, limit.
    ROUTING_LIST_SOURCE_ASC {
        mssql: routing_list_mssql!("r.SourceId, r.RoutingTableId"),
        sqlite: [routing_list_sqlite!("r.SourceId, r.RoutingTableId"), routing_count_sqlite!()],
    }
    ROUTING_LIST_SOURCE_DESC {
        mssql: routing_list_mssql!("r.SourceId DESC, r.RoutingTableId DESC"),
        sqlite: [routing_list_sqlite!("r.SourceId DESC, r.RoutingTableId DESC"), routing_count_sqlite!()],
    }
    ROUTING_LIST_ROUTING_ASC {
        mssql: routing_list_mssql!("r.RoutingId, r.SourceId, r.RoutingTableId"),
        sqlite: [routing_list_sqlite!("r.RoutingId, r.SourceId, r.RoutingTableId"), routing_count_sqlite!()],
    }
    ROUTING_LIST_ROUTING_DESC {
        mssql: routing_list_mssql!("r.RoutingId DESC, r.SourceId DESC, r.RoutingTableId DESC"),
        sqlite: [routing_list_sqlite!("r.RoutingId DESC, r.SourceId DESC, r.RoutingTableId DESC"), routing_count_sqlite!()],
    }

    /// Inside a write: do the references exist and are they active, is the SourceId taken by
    /// another active row, does the flow (and its first segment) exist, and the current row
    /// (locked on SQL Server). Parameters: LanguageCode, CompanyProjectId, MessageStoreId or NULL,
    /// SourceId, RoutingTableId or NULL (create), RoutingId, InitSegment.
    ROUTING_CHECK {
        mssql: concat!("SELECT \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_Language WITH (HOLDLOCK) WHERE LanguageCode = CAST(@P1 AS VARCHAR(8000))) THEN 1 ELSE 0 END AS LanguageKnown, \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_Language WITH (HOLDLOCK) WHERE LanguageCode = CAST(@P1 AS VARCHAR(8000)) AND IsActive = 1) THEN 1 ELSE 0 END AS LanguageOk, \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_CompanyProject WITH (HOLDLOCK) WHERE CompanyProjectId = @P2) THEN 1 ELSE 0 END AS CompanyProjectKnown, \
                  CASE WHEN EXISTS (SELECT 1 FROM dbo.cfg_Dic_CompanyProject WITH (HOLDLOCK) WHERE CompanyProjectId = @P2 AND IsActive = 1) THEN 1 ELSE 0 END AS CompanyProjectOk, \
                  CASE WHEN @P3 IS NULL OR EXISTS (SELECT 1 FROM ivr.msg_MessageStore WITH (HOLDLOCK) WHERE MessageStoreId = @P3) THEN 1 ELSE 0 END AS MessageStoreKnown, \
                  CASE WHEN @P3 IS NULL OR EXISTS (SELECT 1 FROM ivr.msg_MessageStore WITH (HOLDLOCK) WHERE MessageStoreId = @P3 AND IsActive = 1) THEN 1 ELSE 0 END AS MessageStoreOk, \
                  CASE WHEN EXISTS (SELECT 1 FROM ivr.rt_RoutingTable WITH (UPDLOCK, HOLDLOCK) WHERE SourceId = CAST(@P4 AS VARCHAR(8000)) AND IsActive = 1 AND (@P5 IS NULL OR RoutingTableId <> @P5)) THEN 1 ELSE 0 END AS SourceTaken, \
                  ", targets_mssql!("CAST(@P6 AS VARCHAR(8000))", "CAST(@P7 AS VARCHAR(8000))"), "; \
                SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
                FROM ivr.rt_RoutingTable WITH (UPDLOCK) WHERE RoutingTableId = @P5"),
        sqlite: [
            concat!("SELECT \
               EXISTS (SELECT 1 FROM cfg_Dic_Language WHERE LanguageCode = ?1) AS LanguageKnown, \
               EXISTS (SELECT 1 FROM cfg_Dic_Language WHERE LanguageCode = ?1 AND IsActive = 1) AS LanguageOk, \
               EXISTS (SELECT 1 FROM cfg_Dic_CompanyProject WHERE CompanyProjectId = ?2) AS CompanyProjectKnown, \
               EXISTS (SELECT 1 FROM cfg_Dic_CompanyProject WHERE CompanyProjectId = ?2 AND IsActive = 1) AS CompanyProjectOk, \
               (?3 IS NULL OR EXISTS (SELECT 1 FROM msg_MessageStore WHERE MessageStoreId = ?3)) AS MessageStoreKnown, \
               (?3 IS NULL OR EXISTS (SELECT 1 FROM msg_MessageStore WHERE MessageStoreId = ?3 AND IsActive = 1)) AS MessageStoreOk, \
               EXISTS (SELECT 1 FROM rt_RoutingTable WHERE SourceId = ?4 AND IsActive = 1 AND (?5 IS NULL OR RoutingTableId <> ?5)) AS SourceTaken, \
               ", targets_sqlite!("?6", "?7")),
            "SELECT RoutingTableId, SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config, FeatureFlags, IsActive, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy, RowVersion \
             FROM rt_RoutingTable WHERE RoutingTableId = ?5",
        ],
    }

    /// The segments a routing entry of a flow can start at: published ones and those of open
    /// drafts, and how many open or published drafts the flow has (does it exist at all).
    /// Parameter: RoutingId.
    ROUTING_SEGMENT_CHOICES {
        mssql: "SELECT s.SegmentName, CASE WHEN s.ChangeSetId IS NULL THEN 1 ELSE 0 END AS Published \
                FROM ivr.seg_Segment AS s \
                WHERE s.RoutingId = CAST(@P1 AS VARCHAR(8000)) AND s.IsActive = 1 \
                  AND (s.ChangeSetId IS NULL OR EXISTS (SELECT 1 FROM ivr.seg_ChangeSet AS c WHERE c.ChangeSetId = s.ChangeSetId AND c.Status = 'open')) \
                ORDER BY s.SegmentName; \
                SELECT COUNT_BIG(*) AS Total FROM ivr.seg_ChangeSet \
                WHERE RoutingId = CAST(@P1 AS VARCHAR(8000)) AND (Status = 'open' OR Status = 'published')",
        sqlite: [
            "SELECT s.SegmentName, CASE WHEN s.ChangeSetId IS NULL THEN 1 ELSE 0 END AS Published \
             FROM seg_Segment AS s \
             WHERE s.RoutingId = ?1 AND s.IsActive = 1 \
               AND (s.ChangeSetId IS NULL OR EXISTS (SELECT 1 FROM seg_ChangeSet AS c WHERE c.ChangeSetId = s.ChangeSetId AND c.Status = 'open')) \
             ORDER BY s.SegmentName",
            "SELECT COUNT(*) AS Total FROM seg_ChangeSet WHERE RoutingId = ?1 AND (Status = 'open' OR Status = 'published')",
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
        config: r.opt_str("Config")?.map(JsonText::stored),
        feature_flags: r.opt_str("FeatureFlags")?.map(JsonText::stored),
        is_active: r.bool("IsActive")?,
        created_at: r.str("CreatedAt")?,
        created_by: r.str("CreatedBy")?,
        updated_at: r.opt_str("UpdatedAt")?,
        updated_by: r.opt_str("UpdatedBy")?,
        row_version: r.row_version("RowVersion")?,
    })
}

fn read_history(r: &Row) -> Result<RoutingHistoryItem> {
    RoutingHistoryItem {
        history_id: r.i64("HistoryId")?,
        routing_table_id: r.i64("RoutingTableId")?,
        version_number: r.i64("VersionNumber")?,
        action_type: r.str("ActionType")?,
        action_by: r.str("ActionBy")?,
        action_at: r.str("ActionAt")?,
        kind: HistoryKind::Snapshot,
        snapshot: None,
        flow: None,
    }
    .with_snapshot(&r.str("SnapshotData")?)
}

/// The active entry for a SourceId (or, with `include_inactive`, the latest deleted one): one statement.
pub async fn get_by_source(
    db: &Db,
    source_id: &str,
    include_inactive: bool,
) -> Result<Option<RoutingEntry>> {
    let rows = db
        .query(
            &ROUTING_GET_BY_SOURCE,
            &[source_id.into(), include_inactive.into()],
        )
        .await?;
    rows.first().map(read_entry).transpose()
}

pub async fn get_by_id(db: &Db, id: i64) -> Result<Option<RoutingEntry>> {
    let rows = db.query(&ROUTING_GET_BY_ID, &[id.into()]).await?;
    rows.first().map(read_entry).transpose()
}

/// A page in the filter's order and the total matching: one statement. Each row comes with
/// whether its flow and first segment exist (the use case words the warnings).
pub async fn list(
    db: &Db,
    filter: &RoutingFilter,
    offset: i64,
    limit: i64,
) -> Result<Page<(RoutingListItem, RoutingTargets)>> {
    let query = match (filter.sort.column, filter.sort.descending) {
        (RoutingSortColumn::SourceId, false) => &ROUTING_LIST_SOURCE_ASC,
        (RoutingSortColumn::SourceId, true) => &ROUTING_LIST_SOURCE_DESC,
        (RoutingSortColumn::RoutingId, false) => &ROUTING_LIST_ROUTING_ASC,
        (RoutingSortColumn::RoutingId, true) => &ROUTING_LIST_ROUTING_DESC,
    };
    let pattern: Value = filter
        .search
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(like_contains)
        .into();
    let sets = db
        .query_sets(
            query,
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
            let item = RoutingListItem {
                entry: read_entry(r)?,
                customer_id: r.str("CustomerId")?,
                project_id: r.str("ProjectId")?,
                project_display_name: r.str("ProjectDisplayName")?,
                warnings: Vec::new(),
            };
            let targets = RoutingTargets {
                flow_exists: r.bool("FlowExists")?,
                segment_exists: r.bool("SegmentExists")?,
            };
            Ok((item, targets))
        })
        .collect::<Result<_>>()?;
    Ok(Page {
        items,
        total,
        offset,
        limit,
    })
}

/// A flow's published and draft segment names: one statement.
pub async fn segment_choices(db: &Db, routing_id: &str) -> Result<SegmentChoices> {
    let sets = db
        .query_sets(&ROUTING_SEGMENT_CHOICES, &[routing_id.into()])
        .await?;
    let (rows, change_sets) = page_and_total(sets)?;
    let mut out = SegmentChoices {
        routing_id: routing_id.to_owned(),
        flow_exists: change_sets > 0 || !rows.is_empty(),
        ..Default::default()
    };
    for r in &rows {
        let name = r.str("SegmentName")?;
        if r.bool("Published")? {
            out.published.push(name);
        } else {
            out.draft_only.push(name);
        }
    }
    out.draft_only.retain(|n| !out.published.contains(n));
    out.draft_only.dedup();
    Ok(out)
}

/// What [`check`] read inside a write's transaction.
#[derive(Debug)]
pub struct RoutingCheck {
    pub refs: RoutingRefs,
    /// Whether the flow and its first segment exist (a warning, not a refusal).
    pub targets: RoutingTargets,
    /// Another active entry has the SourceId.
    pub source_taken: bool,
    /// The row `id` as it is now (locked on SQL Server); None on create or when it does not exist.
    pub current: Option<RoutingEntry>,
}

/// Reads the references, whether the SourceId is taken, and the current row `id`: one statement.
pub async fn check(conn: &mut Conn, f: &RoutingFields, id: Option<i64>) -> Result<RoutingCheck> {
    let mut sets = conn
        .query_sets(
            &ROUTING_CHECK,
            &[
                f.language_code.as_str().into(),
                f.company_project_id.into(),
                f.message_store_id.into(),
                f.source_id.as_str().into(),
                id.into(),
                f.routing_id.as_str().into(),
                f.init_segment.as_str().into(),
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
    Ok(RoutingCheck {
        refs: RoutingRefs {
            language: RefState::of(c.bool("LanguageKnown")?, c.bool("LanguageOk")?),
            company_project: RefState::of(
                c.bool("CompanyProjectKnown")?,
                c.bool("CompanyProjectOk")?,
            ),
            message_store: RefState::of(c.bool("MessageStoreKnown")?, c.bool("MessageStoreOk")?),
        },
        targets: RoutingTargets {
            flow_exists: c.bool("FlowExists")?,
            segment_exists: c.bool("SegmentExists")?,
        },
        source_taken: c.bool("SourceTaken")?,
        current: current.first().map(read_entry).transpose()?,
    })
}

/// The current row, locked on SQL Server until the transaction ends: one statement.
pub async fn lock(conn: &mut Conn, id: i64) -> Result<Option<RoutingEntry>> {
    let rows = conn.query(&ROUTING_LOCK, &[id.into()]).await?;
    rows.first().map(read_entry).transpose()
}

/// The unique index of the active-SourceId rule (the same name on both engines).
pub const SOURCE_ID_INDEX: &str = "IX_RoutingTable_SourceId";

/// A write refused by the active-SourceId index is that rule; say it in those words.
fn map_write_error(e: Error, source_id: &str) -> Error {
    if e.violates(SOURCE_ID_INDEX) {
        let mut d = duplicate_source_error(source_id);
        d.cause = e.cause;
        d
    } else {
        e
    }
}

/// The editable fields as [`ROUTING_INSERT`] and [`ROUTING_WRITE`] take them, in this order:
/// SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, Config,
/// FeatureFlags.
fn field_params(f: &RoutingFields) -> [Value; 8] {
    [
        f.source_id.as_str().into(),
        f.routing_id.as_str().into(),
        f.company_project_id.into(),
        f.message_store_id.into(),
        f.language_code.as_str().into(),
        f.init_segment.as_str().into(),
        f.config_text().into(),
        f.feature_flags_text().into(),
    ]
}

/// Inserts an active row and its history version 1 ('created'); returns the row: one statement.
pub async fn insert(c: &mut Conn, actor: &str, f: &RoutingFields) -> Result<RoutingEntry> {
    let params: Vec<Value> = field_params(f).into_iter().chain([actor.into()]).collect();
    let rows = c
        .query(&ROUTING_INSERT, &params)
        .await
        .map_err(|e| map_write_error(e, &f.source_id))?;
    rows.first()
        .map(read_entry)
        .unwrap_or_else(|| Err(Error::internal("the new routing entry was not read back")))
}

/// Rewrites the row `id` if `row_version` (a [`crate::row_version_param`] value) still matches,
/// adding the next history version `action` when it did: one statement. Returns whether it
/// changed and the row as it is now (None: no such row).
pub async fn write(
    c: &mut Conn,
    actor: &str,
    id: i64,
    f: &RoutingFields,
    is_active: bool,
    row_version: Value,
    action: RoutingAction,
) -> Result<Option<(bool, RoutingEntry)>> {
    let params: Vec<Value> = std::iter::once(id.into())
        .chain(field_params(f))
        .chain([
            is_active.into(),
            actor.into(),
            row_version,
            action.as_str().into(),
        ])
        .collect();
    let rows = c
        .query(&ROUTING_WRITE, &params)
        .await
        .map_err(|e| map_write_error(e, &f.source_id))?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    Ok(Some((row.i64("Changed")? == 1, read_entry(row)?)))
}

/// History of one row, newest first: one statement.
pub async fn history(db: &Db, id: i64) -> Result<Vec<RoutingHistoryItem>> {
    let rows = db.query(&ROUTING_HISTORY, &[id.into()]).await?;
    rows.iter().map(read_history).collect()
}

/// One stored version: one statement.
pub async fn history_version(
    c: &mut Conn,
    id: i64,
    version: i64,
) -> Result<Option<RoutingHistoryItem>> {
    let rows = c
        .query(&ROUTING_HISTORY_VERSION, &[id.into(), version.into()])
        .await?;
    rows.first().map(read_history).transpose()
}

/// (routing rows, history rows), for tests and diagnostics.
pub async fn counts(db: &Db) -> Result<(i64, i64)> {
    let rows = db.query(&ROUTING_COUNTS, &[]).await?;
    let r = rows
        .first()
        .ok_or_else(|| Error::internal("no routing counts"))?;
    Ok((r.i64("RoutingRows")?, r.i64("HistoryRows")?))
}
