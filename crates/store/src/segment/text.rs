//! The segment store's SQL texts, one `queries!` entry per statement (plus the two draft loads,
//! which splice the same result sets after a declaration). The functions that run them are in
//! `load`, `read` and `write`.

use crate::sql::Query;

/// The text of the application lock taken by every write on a flow (SQL Server). `@rid` must hold
/// the RoutingId. A timeout raises error 50001.
macro_rules! flow_lock {
    () => {
        "DECLARE @lockResource NVARCHAR(255) = N'ivr.flow:' + CAST(COALESCE(@rid, '') AS NVARCHAR(100)); \
         DECLARE @lockResult INT; \
         EXEC @lockResult = sp_getapplock @Resource = @lockResource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 15000; \
         IF @lockResult < 0 THROW 50001, N'another session is changing this flow; try again in a moment', 1; "
    };
}

/// The result sets of a flow load on SQL Server: segments, their keys, transitions and canvas
/// state, the live version, the entry points, the message stores the flow's entries use and their
/// keys. A published load and a draft load read the same sets and differ only in the RoutingId
/// (`$rid`: `@P1`, or the `@rid` a draft load declares) and in which segment rows they take
/// (`$rows`: the published ones, or the draft's).
macro_rules! flow_sets_mssql {
    ($rid:literal, $rows:literal) => {
        concat!("SELECT s.SegmentName, st.Code AS SegmentType, s.SegmentOrder \
           FROM ivr.seg_Segment AS s JOIN dbo.cfg_Dic_SegmentType AS st ON st.DicSegmentTypeId = s.DicSegmentTypeId \
          WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1; \
         SELECT s.SegmentName, k.KeyName, sk.Value \
           FROM ivr.seg_Key AS sk JOIN ivr.seg_Segment AS s ON s.SegmentId = sk.SegmentId \
           JOIN dbo.cfg_Dic_Key AS k ON k.DicKeyId = sk.DicKeyId \
          WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1; \
         SELECT s.SegmentName, t.ResultName, t.ContextKey, t.NextSegmentName \
           FROM ivr.seg_SegmentTransition AS t JOIN ivr.seg_Segment AS s ON s.SegmentId = t.SourceSegmentId \
          WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1 AND t.IsActive = 1; \
         SELECT s.SegmentName, u.PositionX, u.PositionY, u.IsCollapsed, u.CustomStyle \
           FROM ivr.seg_SegmentUIState AS u JOIN ivr.seg_Segment AS s ON s.SegmentId = u.SegmentId \
          WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1; \
         SELECT COALESCE(MAX(COALESCE(c.BasedOnVersion, 0) + 1), 0) AS LiveVersion \
           FROM ivr.seg_ChangeSet AS c WHERE c.RoutingId = ", $rid, " AND c.Status = 'published'; \
         SELECT rt.SourceId, rt.InitSegment FROM ivr.rt_RoutingTable AS rt \
          WHERE rt.RoutingId = ", $rid, " AND rt.IsActive = 1 ORDER BY rt.SourceId; \
         SELECT COUNT(*) AS Stores FROM ivr.msg_MessageStore AS ms \
          WHERE ms.IsActive = 1 AND EXISTS (SELECT 1 FROM ivr.rt_RoutingTable AS rt WHERE rt.RoutingId = ", $rid, " AND rt.IsActive = 1 AND ", routing_entry_uses_store!(), "); \
         SELECT DISTINCT mk.MessageKey FROM ivr.msg_MessageKey AS mk JOIN ivr.msg_MessageStore AS ms ON ms.MessageStoreId = mk.MessageStoreId \
          WHERE mk.IsActive = 1 AND ms.IsActive = 1 AND EXISTS (SELECT 1 FROM ivr.rt_RoutingTable AS rt WHERE rt.RoutingId = ", $rid, " AND rt.IsActive = 1 AND ", routing_entry_uses_store!(), ");")
    };
}

/// The same result sets on SQLite, one statement each, then `$more` statements (the RoutingId
/// `$rid` is `?1`, or a draft's, read from its change set).
macro_rules! flow_sets_sqlite {
    ($rid:literal, $rows:literal $(, $more:expr)*) => {
        [
            concat!("SELECT s.SegmentName, st.Code AS SegmentType, s.SegmentOrder \
               FROM seg_Segment AS s JOIN cfg_Dic_SegmentType AS st ON st.DicSegmentTypeId = s.DicSegmentTypeId \
              WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1"),
            concat!("SELECT s.SegmentName, k.KeyName, sk.Value \
               FROM seg_Key AS sk JOIN seg_Segment AS s ON s.SegmentId = sk.SegmentId \
               JOIN cfg_Dic_Key AS k ON k.DicKeyId = sk.DicKeyId \
              WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1"),
            concat!("SELECT s.SegmentName, t.ResultName, t.ContextKey, t.NextSegmentName \
               FROM seg_SegmentTransition AS t JOIN seg_Segment AS s ON s.SegmentId = t.SourceSegmentId \
              WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1 AND t.IsActive = 1"),
            concat!("SELECT s.SegmentName, u.PositionX, u.PositionY, u.IsCollapsed, u.CustomStyle \
               FROM seg_SegmentUIState AS u JOIN seg_Segment AS s ON s.SegmentId = u.SegmentId \
              WHERE s.RoutingId = ", $rid, " AND ", $rows, " AND s.IsActive = 1"),
            concat!("SELECT COALESCE(MAX(COALESCE(c.BasedOnVersion, 0) + 1), 0) AS LiveVersion \
               FROM seg_ChangeSet AS c WHERE c.RoutingId = ", $rid, " AND c.Status = 'published'"),
            concat!("SELECT rt.SourceId, rt.InitSegment FROM rt_RoutingTable AS rt \
              WHERE rt.RoutingId = ", $rid, " AND rt.IsActive = 1 ORDER BY rt.SourceId"),
            concat!("SELECT COUNT(*) AS Stores FROM msg_MessageStore AS ms \
              WHERE ms.IsActive = 1 AND EXISTS (SELECT 1 FROM rt_RoutingTable AS rt WHERE rt.RoutingId = ", $rid, " AND rt.IsActive = 1 AND ", routing_entry_uses_store!(), ")"),
            concat!("SELECT DISTINCT mk.MessageKey FROM msg_MessageKey AS mk JOIN msg_MessageStore AS ms ON ms.MessageStoreId = mk.MessageStoreId \
              WHERE mk.IsActive = 1 AND ms.IsActive = 1 AND EXISTS (SELECT 1 FROM rt_RoutingTable AS rt WHERE rt.RoutingId = ", $rid, " AND rt.IsActive = 1 AND ", routing_entry_uses_store!(), ")"),
            $($more),*
        ]
    };
}

/// The result sets of a draft load (SQL Server; `@P1` = ChangeSetId, `@rid` = its RoutingId):
/// the flow's, then the change set itself.
macro_rules! draft_sets_mssql {
    () => {
        concat!(
            flow_sets_mssql!("@rid", "s.ChangeSetId = @P1"),
            " SELECT c.ChangeSetId, c.RoutingId, c.BasedOnVersion, c.Status, c.Description, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy \
               FROM ivr.seg_ChangeSet AS c WHERE c.ChangeSetId = @P1;"
        )
    };
}

/// The same result sets on SQLite (`?1` = ChangeSetId).
macro_rules! draft_sets_sqlite {
    () => {
        flow_sets_sqlite!(
            "(SELECT RoutingId FROM seg_ChangeSet WHERE ChangeSetId = ?1)",
            "s.ChangeSetId = ?1",
            "SELECT c.ChangeSetId, c.RoutingId, c.BasedOnVersion, c.Status, c.Description, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy \
               FROM seg_ChangeSet AS c WHERE c.ChangeSetId = ?1"
        )
    };
}

/// Where a part load takes its segments (SQL Server): the draft's (`@P1`, of flow `@rid`) named in
/// the JSON array `@P2`.
macro_rules! named_segments_mssql {
    () => {
        "s.RoutingId = @rid AND s.ChangeSetId = @P1 AND s.IsActive = 1 \
           AND s.SegmentName IN (SELECT j.name FROM OPENJSON(@P2) WITH (name VARCHAR(100) '$') AS j)"
    };
}

/// The same on SQLite, as the head of a `FROM`: the JSON array `?2` first, each name finding its
/// segment through UX_Segment_Draft (one probe; see `SEG_APPLY_PLAN`).
macro_rules! named_segments_sqlite {
    () => {
        "FROM json_each(?2) AS j \
         CROSS JOIN seg_Segment AS s ON s.RoutingId = (SELECT RoutingId FROM seg_ChangeSet WHERE ChangeSetId = ?1) \
                                    AND s.SegmentName = j.value AND s.ChangeSetId = ?1 AND s.IsActive = 1"
    };
}

use crate::sql::routing_entry_uses_store;

crate::queries! {
    /// The segment-type dictionary: types, then keys with their key-type code. No parameters.
    SEG_CATALOG {
        mssql: "SELECT st.DicSegmentTypeId, st.Code, st.DisplayName, st.Category, st.IsTerminal \
                  FROM dbo.cfg_Dic_SegmentType AS st WHERE st.IsActive = 1 ORDER BY st.Code; \
                SELECT k.DicKeyId, k.DicSegmentTypeId, k.KeyName, kt.Code AS KeyType, k.IsRequired, k.DefaultValue, k.ValidationSchema \
                  FROM dbo.cfg_Dic_Key AS k JOIN dbo.cfg_Dic_KeyType AS kt ON kt.DicKeyTypeId = k.DicKeyTypeId \
                 WHERE k.IsActive = 1 ORDER BY k.DicSegmentTypeId, k.KeyName; \
                SELECT r.DicSegmentTypeId, r.ResultName, r.ConfigKeyName, r.ConfigField, r.MustHandle, r.Description \
                  FROM dbo.cfg_Dic_SegmentResult AS r WHERE r.IsActive = 1 \
                 ORDER BY r.DicSegmentTypeId, r.SortOrder, r.DicSegmentResultId;",
        sqlite: [
            "SELECT st.DicSegmentTypeId, st.Code, st.DisplayName, st.Category, st.IsTerminal \
               FROM cfg_Dic_SegmentType AS st WHERE st.IsActive = 1 ORDER BY st.Code",
            "SELECT k.DicKeyId, k.DicSegmentTypeId, k.KeyName, kt.Code AS KeyType, k.IsRequired, k.DefaultValue, k.ValidationSchema \
               FROM cfg_Dic_Key AS k JOIN cfg_Dic_KeyType AS kt ON kt.DicKeyTypeId = k.DicKeyTypeId \
              WHERE k.IsActive = 1 ORDER BY k.DicSegmentTypeId, k.KeyName",
            "SELECT r.DicSegmentTypeId, r.ResultName, r.ConfigKeyName, r.ConfigField, r.MustHandle, r.Description \
               FROM cfg_Dic_SegmentResult AS r WHERE r.IsActive = 1 \
              ORDER BY r.DicSegmentTypeId, r.SortOrder, r.DicSegmentResultId",
        ],
    }

    /// The published flow and its surroundings, one round trip. Parameter: RoutingId.
    SEG_LOAD_PUBLISHED {
        mssql: flow_sets_mssql!("@P1", "s.ChangeSetId IS NULL"),
        sqlite: flow_sets_sqlite!("?1", "s.ChangeSetId IS NULL"),
    }

    /// Part of a draft, for a batch that reads and writes only the segments it names (inside
    /// a transaction, after the flow's write lock): the change set with its stored revision
    /// sum (NULL: not known), then those segments, their keys, transitions and canvas state.
    /// Parameters: ChangeSetId, JSON array of segment names.
    SEG_LOAD_DRAFT_PART_FOR_WRITE {
        mssql: concat!(
            "DECLARE @rid VARCHAR(100) = (SELECT RoutingId FROM ivr.seg_ChangeSet WHERE ChangeSetId = @P1); ",
            flow_lock!(),
            "SELECT c.ChangeSetId, c.RoutingId, c.BasedOnVersion, c.Status, c.Description, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy, r.RevisionSum \
               FROM ivr.seg_ChangeSet AS c LEFT JOIN ivr.seg_ChangeSetRevision AS r ON r.ChangeSetId = c.ChangeSetId \
              WHERE c.ChangeSetId = @P1; \
             SELECT s.SegmentName, st.Code AS SegmentType, s.SegmentOrder \
               FROM ivr.seg_Segment AS s JOIN dbo.cfg_Dic_SegmentType AS st ON st.DicSegmentTypeId = s.DicSegmentTypeId \
              WHERE ", named_segments_mssql!(), "; \
             SELECT s.SegmentName, k.KeyName, sk.Value \
               FROM ivr.seg_Key AS sk JOIN ivr.seg_Segment AS s ON s.SegmentId = sk.SegmentId \
               JOIN dbo.cfg_Dic_Key AS k ON k.DicKeyId = sk.DicKeyId \
              WHERE ", named_segments_mssql!(), "; \
             SELECT s.SegmentName, t.ResultName, t.ContextKey, t.NextSegmentName \
               FROM ivr.seg_SegmentTransition AS t JOIN ivr.seg_Segment AS s ON s.SegmentId = t.SourceSegmentId \
              WHERE t.IsActive = 1 AND ", named_segments_mssql!(), "; \
             SELECT s.SegmentName, u.PositionX, u.PositionY, u.IsCollapsed, u.CustomStyle \
               FROM ivr.seg_SegmentUIState AS u JOIN ivr.seg_Segment AS s ON s.SegmentId = u.SegmentId \
              WHERE ", named_segments_mssql!(), ";"
        ),
        sqlite: [
            "SELECT c.ChangeSetId, c.RoutingId, c.BasedOnVersion, c.Status, c.Description, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy, r.RevisionSum \
               FROM seg_ChangeSet AS c LEFT JOIN seg_ChangeSetRevision AS r ON r.ChangeSetId = c.ChangeSetId \
              WHERE c.ChangeSetId = ?1",
            concat!("SELECT s.SegmentName, st.Code AS SegmentType, s.SegmentOrder ", named_segments_sqlite!(), " \
               JOIN cfg_Dic_SegmentType AS st ON st.DicSegmentTypeId = s.DicSegmentTypeId"),
            concat!("SELECT s.SegmentName, k.KeyName, sk.Value ", named_segments_sqlite!(), " \
               JOIN seg_Key AS sk ON sk.SegmentId = s.SegmentId JOIN cfg_Dic_Key AS k ON k.DicKeyId = sk.DicKeyId"),
            concat!("SELECT s.SegmentName, t.ResultName, t.ContextKey, t.NextSegmentName ", named_segments_sqlite!(), " \
               JOIN seg_SegmentTransition AS t ON t.SourceSegmentId = s.SegmentId AND t.IsActive = 1"),
            concat!("SELECT s.SegmentName, u.PositionX, u.PositionY, u.IsCollapsed, u.CustomStyle ", named_segments_sqlite!(), " \
               JOIN seg_SegmentUIState AS u ON u.SegmentId = s.SegmentId"),
        ],
    }

    /// Takes the flow's write lock and reads its live version and published size. Parameter: RoutingId.
    SEG_LOCK_FLOW {
        mssql: concat!(
            "DECLARE @rid VARCHAR(100) = @P1; ",
            flow_lock!(),
            "SELECT COALESCE(MAX(COALESCE(c.BasedOnVersion, 0) + 1), 0) AS LiveVersion \
               FROM ivr.seg_ChangeSet AS c WHERE c.RoutingId = @P1 AND c.Status = 'published';"
        ),
        sqlite: [
            "SELECT COALESCE(MAX(COALESCE(c.BasedOnVersion, 0) + 1), 0) AS LiveVersion \
               FROM seg_ChangeSet AS c WHERE c.RoutingId = ?1 AND c.Status = 'published'",
        ],
    }

    /// Opens a draft: the seg_ChangeSet row, and (when ?6 = 1) a copy of every published row of the
    /// flow under the new ChangeSetId, set-based, with the revision of the last publish (its
    /// rows are the live ones) when that is known. A draft not copied gets its revision from the
    /// plan written into it ([`SEG_APPLY_PLAN`]).
    /// Parameters: ChangeSetId, RoutingId, BasedOnVersion, Description, user, copy (1/0).
    SEG_CREATE_DRAFT {
        mssql: "INSERT INTO ivr.seg_ChangeSet (ChangeSetId, RoutingId, BasedOnVersion, Status, Description, CreatedBy) \
                VALUES (@P1, @P2, @P3, 'open', @P4, @P5); \
                INSERT INTO ivr.seg_Segment (RoutingId, SegmentName, ChangeSetId, DicSegmentTypeId, SegmentOrder, IsActive, CreatedBy) \
                SELECT p.RoutingId, p.SegmentName, @P1, p.DicSegmentTypeId, p.SegmentOrder, 1, @P5 \
                  FROM ivr.seg_Segment AS p WHERE p.RoutingId = @P2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 AND @P6 = 1; \
                INSERT INTO ivr.seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
                SELECT d.SegmentId, k.DicSegmentTypeId, k.DicKeyId, k.Value, @P5 \
                  FROM ivr.seg_Key AS k \
                  JOIN ivr.seg_Segment AS p ON p.SegmentId = k.SegmentId AND p.RoutingId = @P2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 \
                  JOIN ivr.seg_Segment AS d ON d.RoutingId = @P2 AND d.ChangeSetId = @P1 AND d.IsActive = 1 AND d.SegmentName = p.SegmentName; \
                INSERT INTO ivr.seg_SegmentTransition (SourceSegmentId, SourceSegmentName, ResultName, NextSegmentName, ContextKey, RoutingId, ChangeSetId, IsActive, CreatedBy) \
                SELECT d.SegmentId, d.SegmentName, t.ResultName, t.NextSegmentName, t.ContextKey, @P2, @P1, 1, @P5 \
                  FROM ivr.seg_SegmentTransition AS t \
                  JOIN ivr.seg_Segment AS p ON p.SegmentId = t.SourceSegmentId AND p.RoutingId = @P2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 \
                  JOIN ivr.seg_Segment AS d ON d.RoutingId = @P2 AND d.ChangeSetId = @P1 AND d.IsActive = 1 AND d.SegmentName = p.SegmentName \
                 WHERE t.IsActive = 1; \
                INSERT INTO ivr.seg_SegmentUIState (SegmentId, PositionX, PositionY, IsCollapsed, CustomStyle, UpdatedBy, UpdatedAt) \
                SELECT d.SegmentId, u.PositionX, u.PositionY, u.IsCollapsed, u.CustomStyle, @P5, SYSUTCDATETIME() \
                  FROM ivr.seg_SegmentUIState AS u \
                  JOIN ivr.seg_Segment AS p ON p.SegmentId = u.SegmentId AND p.RoutingId = @P2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 \
                  JOIN ivr.seg_Segment AS d ON d.RoutingId = @P2 AND d.ChangeSetId = @P1 AND d.IsActive = 1 AND d.SegmentName = p.SegmentName; \
                INSERT INTO ivr.seg_ChangeSetRevision (ChangeSetId, RevisionSum) \
                SELECT @P1, r.RevisionSum \
                  FROM (SELECT TOP (1) c.ChangeSetId FROM ivr.seg_ChangeSet AS c \
                         WHERE c.RoutingId = @P2 AND c.Status = 'published' ORDER BY COALESCE(c.BasedOnVersion, 0) DESC) AS l \
                  JOIN ivr.seg_ChangeSetRevision AS r ON r.ChangeSetId = l.ChangeSetId \
                 WHERE @P6 = 1;",
        sqlite: [
            "INSERT INTO seg_ChangeSet (ChangeSetId, RoutingId, BasedOnVersion, Status, Description, CreatedBy) \
             VALUES (?1, ?2, ?3, 'open', ?4, ?5)",
            "INSERT INTO seg_Segment (RoutingId, SegmentName, ChangeSetId, DicSegmentTypeId, SegmentOrder, IsActive, CreatedBy) \
             SELECT p.RoutingId, p.SegmentName, ?1, p.DicSegmentTypeId, p.SegmentOrder, 1, ?5 \
               FROM seg_Segment AS p WHERE p.RoutingId = ?2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 AND ?6 = 1",
            "INSERT INTO seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
             SELECT d.SegmentId, k.DicSegmentTypeId, k.DicKeyId, k.Value, ?5 \
               FROM seg_Key AS k \
               JOIN seg_Segment AS p ON p.SegmentId = k.SegmentId AND p.RoutingId = ?2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 \
               JOIN seg_Segment AS d ON d.RoutingId = ?2 AND d.ChangeSetId = ?1 AND d.IsActive = 1 AND d.SegmentName = p.SegmentName",
            "INSERT INTO seg_SegmentTransition (SourceSegmentId, SourceSegmentName, ResultName, NextSegmentName, ContextKey, RoutingId, ChangeSetId, IsActive, CreatedBy) \
             SELECT d.SegmentId, d.SegmentName, t.ResultName, t.NextSegmentName, t.ContextKey, ?2, ?1, 1, ?5 \
               FROM seg_SegmentTransition AS t \
               JOIN seg_Segment AS p ON p.SegmentId = t.SourceSegmentId AND p.RoutingId = ?2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 \
               JOIN seg_Segment AS d ON d.RoutingId = ?2 AND d.ChangeSetId = ?1 AND d.IsActive = 1 AND d.SegmentName = p.SegmentName \
              WHERE t.IsActive = 1",
            "INSERT INTO seg_SegmentUIState (SegmentId, PositionX, PositionY, IsCollapsed, CustomStyle, UpdatedBy, UpdatedAt) \
             SELECT d.SegmentId, u.PositionX, u.PositionY, u.IsCollapsed, u.CustomStyle, ?5, strftime('%Y-%m-%dT%H:%M:%fZ','now') \
               FROM seg_SegmentUIState AS u \
               JOIN seg_Segment AS p ON p.SegmentId = u.SegmentId AND p.RoutingId = ?2 AND p.ChangeSetId IS NULL AND p.IsActive = 1 \
               JOIN seg_Segment AS d ON d.RoutingId = ?2 AND d.ChangeSetId = ?1 AND d.IsActive = 1 AND d.SegmentName = p.SegmentName",
            "INSERT INTO seg_ChangeSetRevision (ChangeSetId, RevisionSum) \
             SELECT ?1, r.RevisionSum \
               FROM (SELECT c.ChangeSetId FROM seg_ChangeSet AS c \
                      WHERE c.RoutingId = ?2 AND c.Status = 'published' ORDER BY COALESCE(c.BasedOnVersion, 0) DESC LIMIT 1) AS l \
               JOIN seg_ChangeSetRevision AS r ON r.ChangeSetId = l.ChangeSetId \
              WHERE ?6 = 1",
        ],
    }

    /// Writes a change plan into a draft, set-based (see `ivr_domain::flow::plan`).
    /// SQLite: `CROSS JOIN` keeps `json_each` the outer loop, so each JSON row finds its segment
    /// through UX_Segment_Draft. Left to itself the planner put seg_Segment outside and re-read
    /// the whole JSON array for every segment of the flow: quadratic, minutes for 5,000 segments
    /// (tests/query_plans.rs holds the plans to this). The UPDATE cannot order its target, so
    /// the matching ids are materialised first and the target is reached by SegmentId.
    /// Parameters: RoutingId, ChangeSetId, user, then JSON arrays: clear keys (names), clear
    /// transitions (names), clear UI (names), delete segments (names), update segments, insert
    /// segments, insert keys, insert transitions, insert UI rows; then the draft's revision sum
    /// after the plan (kept in seg_ChangeSetRevision).
    SEG_APPLY_PLAN {
        mssql: "DELETE k FROM ivr.seg_Key AS k JOIN ivr.seg_Segment AS s ON s.SegmentId = k.SegmentId \
                 WHERE s.RoutingId = @P1 AND s.ChangeSetId = @P2 AND s.IsActive = 1 \
                   AND s.SegmentName IN (SELECT j.name FROM OPENJSON(@P4) WITH (name VARCHAR(100) '$') AS j \
                                         UNION ALL SELECT j.name FROM OPENJSON(@P7) WITH (name VARCHAR(100) '$') AS j); \
                DELETE t FROM ivr.seg_SegmentTransition AS t JOIN ivr.seg_Segment AS s ON s.SegmentId = t.SourceSegmentId \
                 WHERE s.RoutingId = @P1 AND s.ChangeSetId = @P2 AND s.IsActive = 1 \
                   AND s.SegmentName IN (SELECT j.name FROM OPENJSON(@P5) WITH (name VARCHAR(100) '$') AS j \
                                         UNION ALL SELECT j.name FROM OPENJSON(@P7) WITH (name VARCHAR(100) '$') AS j); \
                DELETE u FROM ivr.seg_SegmentUIState AS u JOIN ivr.seg_Segment AS s ON s.SegmentId = u.SegmentId \
                 WHERE s.RoutingId = @P1 AND s.ChangeSetId = @P2 AND s.IsActive = 1 \
                   AND s.SegmentName IN (SELECT j.name FROM OPENJSON(@P6) WITH (name VARCHAR(100) '$') AS j \
                                         UNION ALL SELECT j.name FROM OPENJSON(@P7) WITH (name VARCHAR(100) '$') AS j); \
                DELETE FROM ivr.seg_Segment \
                 WHERE RoutingId = @P1 AND ChangeSetId = @P2 AND IsActive = 1 \
                   AND SegmentName IN (SELECT j.name FROM OPENJSON(@P7) WITH (name VARCHAR(100) '$') AS j); \
                UPDATE s SET DicSegmentTypeId = j.typeId, SegmentOrder = j.ord, UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P3 \
                  FROM ivr.seg_Segment AS s \
                  JOIN OPENJSON(@P8) WITH (name VARCHAR(100) '$.name', typeId INT '$.typeId', ord INT '$.order') AS j ON j.name = s.SegmentName \
                 WHERE s.RoutingId = @P1 AND s.ChangeSetId = @P2 AND s.IsActive = 1; \
                INSERT INTO ivr.seg_Segment (RoutingId, SegmentName, ChangeSetId, DicSegmentTypeId, SegmentOrder, IsActive, CreatedBy) \
                SELECT @P1, j.name, @P2, j.typeId, j.ord, 1, @P3 \
                  FROM OPENJSON(@P9) WITH (name VARCHAR(100) '$.name', typeId INT '$.typeId', ord INT '$.order') AS j; \
                INSERT INTO ivr.seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
                SELECT s.SegmentId, j.typeId, j.keyId, j.val, @P3 \
                  FROM OPENJSON(@P10) WITH (segment VARCHAR(100) '$.segment', typeId INT '$.typeId', keyId INT '$.keyId', val NVARCHAR(MAX) '$.value') AS j \
                  JOIN ivr.seg_Segment AS s ON s.RoutingId = @P1 AND s.ChangeSetId = @P2 AND s.IsActive = 1 AND s.SegmentName = j.segment; \
                INSERT INTO ivr.seg_SegmentTransition (SourceSegmentId, SourceSegmentName, ResultName, NextSegmentName, ContextKey, RoutingId, ChangeSetId, IsActive, CreatedBy) \
                SELECT s.SegmentId, s.SegmentName, j.result, j.nextName, j.contextKey, @P1, @P2, 1, @P3 \
                  FROM OPENJSON(@P11) WITH (segment VARCHAR(100) '$.segment', result VARCHAR(100) '$.result', nextName VARCHAR(100) '$.next', contextKey VARCHAR(100) '$.contextKey') AS j \
                  JOIN ivr.seg_Segment AS s ON s.RoutingId = @P1 AND s.ChangeSetId = @P2 AND s.IsActive = 1 AND s.SegmentName = j.segment; \
                INSERT INTO ivr.seg_SegmentUIState (SegmentId, PositionX, PositionY, IsCollapsed, CustomStyle, UpdatedBy, UpdatedAt) \
                SELECT s.SegmentId, j.x, j.y, j.collapsed, j.style, @P3, SYSUTCDATETIME() \
                  FROM OPENJSON(@P12) WITH (segment VARCHAR(100) '$.segment', x FLOAT '$.x', y FLOAT '$.y', collapsed BIT '$.collapsed', style NVARCHAR(MAX) '$.style') AS j \
                  JOIN ivr.seg_Segment AS s ON s.RoutingId = @P1 AND s.ChangeSetId = @P2 AND s.IsActive = 1 AND s.SegmentName = j.segment; \
                UPDATE ivr.seg_ChangeSet SET UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P3 WHERE ChangeSetId = @P2; \
                UPDATE ivr.seg_ChangeSetRevision SET RevisionSum = @P13 WHERE ChangeSetId = @P2; \
                INSERT INTO ivr.seg_ChangeSetRevision (ChangeSetId, RevisionSum) SELECT @P2, @P13 \
                 WHERE NOT EXISTS (SELECT 1 FROM ivr.seg_ChangeSetRevision AS r WHERE r.ChangeSetId = @P2);",
        sqlite: [
            "DELETE FROM seg_Key WHERE SegmentId IN (SELECT s.SegmentId FROM seg_Segment AS s \
               WHERE s.RoutingId = ?1 AND s.ChangeSetId = ?2 AND s.IsActive = 1 \
                 AND s.SegmentName IN (SELECT value FROM json_each(?4) UNION ALL SELECT value FROM json_each(?7)))",
            "DELETE FROM seg_SegmentTransition WHERE SourceSegmentId IN (SELECT s.SegmentId FROM seg_Segment AS s \
               WHERE s.RoutingId = ?1 AND s.ChangeSetId = ?2 AND s.IsActive = 1 \
                 AND s.SegmentName IN (SELECT value FROM json_each(?5) UNION ALL SELECT value FROM json_each(?7)))",
            "DELETE FROM seg_SegmentUIState WHERE SegmentId IN (SELECT s.SegmentId FROM seg_Segment AS s \
               WHERE s.RoutingId = ?1 AND s.ChangeSetId = ?2 AND s.IsActive = 1 \
                 AND s.SegmentName IN (SELECT value FROM json_each(?6) UNION ALL SELECT value FROM json_each(?7)))",
            "DELETE FROM seg_Segment WHERE RoutingId = ?1 AND ChangeSetId = ?2 AND IsActive = 1 \
               AND SegmentName IN (SELECT value FROM json_each(?7))",
            "WITH j AS MATERIALIZED ( \
               SELECT d.SegmentId, json_extract(e.value, '$.typeId') AS typeId, json_extract(e.value, '$.order') AS ord \
                 FROM json_each(?8) AS e \
                 CROSS JOIN seg_Segment AS d ON d.RoutingId = ?1 AND d.ChangeSetId = ?2 AND d.IsActive = 1 \
                                            AND d.SegmentName = json_extract(e.value, '$.name')) \
             UPDATE seg_Segment AS s SET DicSegmentTypeId = j.typeId, SegmentOrder = j.ord, \
                    UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?3 \
               FROM j WHERE s.SegmentId = j.SegmentId",
            "INSERT INTO seg_Segment (RoutingId, SegmentName, ChangeSetId, DicSegmentTypeId, SegmentOrder, IsActive, CreatedBy) \
             SELECT ?1, json_extract(value, '$.name'), ?2, json_extract(value, '$.typeId'), json_extract(value, '$.order'), 1, ?3 \
               FROM json_each(?9)",
            "INSERT INTO seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
             SELECT s.SegmentId, json_extract(j.value, '$.typeId'), json_extract(j.value, '$.keyId'), json_extract(j.value, '$.value'), ?3 \
               FROM json_each(?10) AS j \
               CROSS JOIN seg_Segment AS s ON s.RoutingId = ?1 AND s.ChangeSetId = ?2 AND s.IsActive = 1 AND s.SegmentName = json_extract(j.value, '$.segment')",
            "INSERT INTO seg_SegmentTransition (SourceSegmentId, SourceSegmentName, ResultName, NextSegmentName, ContextKey, RoutingId, ChangeSetId, IsActive, CreatedBy) \
             SELECT s.SegmentId, s.SegmentName, json_extract(j.value, '$.result'), json_extract(j.value, '$.next'), json_extract(j.value, '$.contextKey'), ?1, ?2, 1, ?3 \
               FROM json_each(?11) AS j \
               CROSS JOIN seg_Segment AS s ON s.RoutingId = ?1 AND s.ChangeSetId = ?2 AND s.IsActive = 1 AND s.SegmentName = json_extract(j.value, '$.segment')",
            "INSERT INTO seg_SegmentUIState (SegmentId, PositionX, PositionY, IsCollapsed, CustomStyle, UpdatedBy, UpdatedAt) \
             SELECT s.SegmentId, json_extract(j.value, '$.x'), json_extract(j.value, '$.y'), json_extract(j.value, '$.collapsed'), json_extract(j.value, '$.style'), ?3, \
                    strftime('%Y-%m-%dT%H:%M:%fZ','now') \
               FROM json_each(?12) AS j \
               CROSS JOIN seg_Segment AS s ON s.RoutingId = ?1 AND s.ChangeSetId = ?2 AND s.IsActive = 1 AND s.SegmentName = json_extract(j.value, '$.segment')",
            "UPDATE seg_ChangeSet SET UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?3 WHERE ChangeSetId = ?2",
            "INSERT INTO seg_ChangeSetRevision (ChangeSetId, RevisionSum) VALUES (?2, ?13) \
             ON CONFLICT (ChangeSetId) DO UPDATE SET RevisionSum = excluded.RevisionSum",
        ],
    }

    /// Discards an open draft: its rows are deleted, the seg_ChangeSet row is kept as `discarded`.
    /// Parameters: RoutingId, ChangeSetId, user.
    SEG_DISCARD {
        mssql: "DELETE k FROM ivr.seg_Key AS k JOIN ivr.seg_Segment AS s ON s.SegmentId = k.SegmentId \
                 WHERE s.RoutingId = @P1 AND s.ChangeSetId = @P2; \
                DELETE FROM ivr.seg_SegmentTransition WHERE RoutingId = @P1 AND ChangeSetId = @P2; \
                DELETE u FROM ivr.seg_SegmentUIState AS u JOIN ivr.seg_Segment AS s ON s.SegmentId = u.SegmentId \
                 WHERE s.RoutingId = @P1 AND s.ChangeSetId = @P2; \
                DELETE FROM ivr.seg_Segment WHERE RoutingId = @P1 AND ChangeSetId = @P2; \
                UPDATE ivr.seg_ChangeSet SET Status = 'discarded', UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P3 \
                 WHERE ChangeSetId = @P2 AND Status = 'open';",
        sqlite: [
            "DELETE FROM seg_Key WHERE SegmentId IN (SELECT SegmentId FROM seg_Segment WHERE RoutingId = ?1 AND ChangeSetId = ?2)",
            "DELETE FROM seg_SegmentTransition WHERE RoutingId = ?1 AND ChangeSetId = ?2",
            "DELETE FROM seg_SegmentUIState WHERE SegmentId IN (SELECT SegmentId FROM seg_Segment WHERE RoutingId = ?1 AND ChangeSetId = ?2)",
            "DELETE FROM seg_Segment WHERE RoutingId = ?1 AND ChangeSetId = ?2",
            "UPDATE seg_ChangeSet SET Status = 'discarded', UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?3 \
              WHERE ChangeSetId = ?2 AND Status = 'open'",
        ],
    }

    /// Publishes a draft: old published rows soft-deleted, the draft's rows promoted
    /// (ChangeSetId = NULL), the change set marked published, and a `published` history row with
    /// the full snapshot for every active routing row of the flow; the change set keeps the
    /// revision sum of what it published (a draft opened next copies it with the rows).
    /// Parameters: RoutingId, ChangeSetId, user, snapshot JSON, revision sum.
    SEG_PUBLISH {
        mssql: "UPDATE ivr.seg_SegmentTransition SET IsActive = 0 \
                 WHERE RoutingId = @P1 AND ChangeSetId IS NULL AND IsActive = 1; \
                UPDATE ivr.seg_Segment SET IsActive = 0, UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P3 \
                 WHERE RoutingId = @P1 AND ChangeSetId IS NULL AND IsActive = 1; \
                UPDATE ivr.seg_Segment SET ChangeSetId = NULL, UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P3 \
                 WHERE RoutingId = @P1 AND ChangeSetId = @P2 AND IsActive = 1; \
                UPDATE ivr.seg_SegmentTransition SET ChangeSetId = NULL \
                 WHERE RoutingId = @P1 AND ChangeSetId = @P2 AND IsActive = 1; \
                UPDATE ivr.seg_ChangeSet SET Status = 'published', UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P3 \
                 WHERE ChangeSetId = @P2 AND Status = 'open'; \
                INSERT INTO ivr.rt_RoutingTableHistory (RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy) \
                SELECT rt.RoutingTableId, \
                       (SELECT COALESCE(MAX(h.VersionNumber), 0) + 1 FROM ivr.rt_RoutingTableHistory AS h WITH (UPDLOCK, HOLDLOCK) WHERE h.RoutingTableId = rt.RoutingTableId), \
                       @P4, 'published', @P3 \
                  FROM ivr.rt_RoutingTable AS rt WHERE rt.RoutingId = @P1 AND rt.IsActive = 1; \
                UPDATE ivr.seg_ChangeSetRevision SET RevisionSum = @P5 WHERE ChangeSetId = @P2; \
                INSERT INTO ivr.seg_ChangeSetRevision (ChangeSetId, RevisionSum) SELECT @P2, @P5 \
                 WHERE NOT EXISTS (SELECT 1 FROM ivr.seg_ChangeSetRevision AS r WHERE r.ChangeSetId = @P2);",
        sqlite: [
            "UPDATE seg_SegmentTransition SET IsActive = 0 WHERE RoutingId = ?1 AND ChangeSetId IS NULL AND IsActive = 1",
            "UPDATE seg_Segment SET IsActive = 0, UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?3 \
              WHERE RoutingId = ?1 AND ChangeSetId IS NULL AND IsActive = 1",
            "UPDATE seg_Segment SET ChangeSetId = NULL, UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?3 \
              WHERE RoutingId = ?1 AND ChangeSetId = ?2 AND IsActive = 1",
            "UPDATE seg_SegmentTransition SET ChangeSetId = NULL WHERE RoutingId = ?1 AND ChangeSetId = ?2 AND IsActive = 1",
            "UPDATE seg_ChangeSet SET Status = 'published', UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?3 \
              WHERE ChangeSetId = ?2 AND Status = 'open'",
            "INSERT INTO rt_RoutingTableHistory (RoutingTableId, VersionNumber, SnapshotData, ActionType, ActionBy) \
             SELECT rt.RoutingTableId, \
                    (SELECT COALESCE(MAX(h.VersionNumber), 0) + 1 FROM rt_RoutingTableHistory AS h WHERE h.RoutingTableId = rt.RoutingTableId), \
                    ?4, 'published', ?3 \
               FROM rt_RoutingTable AS rt WHERE rt.RoutingId = ?1 AND rt.IsActive = 1",
            "INSERT INTO seg_ChangeSetRevision (ChangeSetId, RevisionSum) VALUES (?2, ?5) \
             ON CONFLICT (ChangeSetId) DO UPDATE SET RevisionSum = excluded.RevisionSum",
        ],
    }

    /// Every flow: published size, live version, open drafts, routing entries.
    SEG_LIST_FLOWS {
        mssql: "SELECT s.RoutingId, COUNT(*) AS Segments FROM ivr.seg_Segment AS s \
                 WHERE s.ChangeSetId IS NULL AND s.IsActive = 1 GROUP BY s.RoutingId; \
                SELECT c.RoutingId, \
                       SUM(CASE WHEN c.Status = 'published' THEN 1 ELSE 0 END) AS Published, \
                       COALESCE(MAX(CASE WHEN c.Status = 'published' THEN COALESCE(c.BasedOnVersion, 0) + 1 END), 0) AS LiveVersion, \
                       SUM(CASE WHEN c.Status = 'open' THEN 1 ELSE 0 END) AS OpenDrafts \
                  FROM ivr.seg_ChangeSet AS c GROUP BY c.RoutingId; \
                SELECT rt.RoutingId, rt.SourceId, rt.InitSegment FROM ivr.rt_RoutingTable AS rt \
                 WHERE rt.IsActive = 1 ORDER BY rt.RoutingId, rt.SourceId;",
        sqlite: [
            "SELECT s.RoutingId, COUNT(*) AS Segments FROM seg_Segment AS s \
              WHERE s.ChangeSetId IS NULL AND s.IsActive = 1 GROUP BY s.RoutingId",
            "SELECT c.RoutingId, \
                    SUM(CASE WHEN c.Status = 'published' THEN 1 ELSE 0 END) AS Published, \
                    COALESCE(MAX(CASE WHEN c.Status = 'published' THEN COALESCE(c.BasedOnVersion, 0) + 1 END), 0) AS LiveVersion, \
                    SUM(CASE WHEN c.Status = 'open' THEN 1 ELSE 0 END) AS OpenDrafts \
               FROM seg_ChangeSet AS c GROUP BY c.RoutingId",
            "SELECT rt.RoutingId, rt.SourceId, rt.InitSegment FROM rt_RoutingTable AS rt \
              WHERE rt.IsActive = 1 ORDER BY rt.RoutingId, rt.SourceId",
        ],
    }

    /// Drafts, newest first. Parameters: RoutingId (NULL = all), Status (NULL = all).
    SEG_LIST_DRAFTS {
        mssql: "SELECT c.ChangeSetId, c.RoutingId, c.BasedOnVersion, c.Status, c.Description, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy \
                  FROM ivr.seg_ChangeSet AS c \
                 WHERE (@P1 IS NULL OR c.RoutingId = @P1) AND (@P2 IS NULL OR c.Status = @P2) \
                 ORDER BY c.CreatedAt DESC, c.ChangeSetId",
        sqlite: ["SELECT c.ChangeSetId, c.RoutingId, c.BasedOnVersion, c.Status, c.Description, c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy \
                    FROM seg_ChangeSet AS c \
                   WHERE (?1 IS NULL OR c.RoutingId = ?1) AND (?2 IS NULL OR c.Status = ?2) \
                   ORDER BY c.CreatedAt DESC, c.ChangeSetId"],
    }

    /// Published versions of a flow, newest first. Parameter: RoutingId.
    SEG_VERSIONS {
        mssql: "SELECT COALESCE(c.BasedOnVersion, 0) + 1 AS Version, c.ChangeSetId, c.Description, c.UpdatedAt, c.UpdatedBy \
                  FROM ivr.seg_ChangeSet AS c WHERE c.RoutingId = @P1 AND c.Status = 'published' \
                 ORDER BY Version DESC",
        sqlite: ["SELECT COALESCE(c.BasedOnVersion, 0) + 1 AS Version, c.ChangeSetId, c.Description, c.UpdatedAt, c.UpdatedBy \
                    FROM seg_ChangeSet AS c WHERE c.RoutingId = ?1 AND c.Status = 'published' \
                   ORDER BY Version DESC"],
    }

    /// The snapshot of one published version (the flow file written at publish time).
    /// Parameters: RoutingId, version.
    SEG_SNAPSHOT {
        mssql: "SELECT TOP (1) h.SnapshotData FROM ivr.rt_RoutingTableHistory AS h \
                  JOIN ivr.rt_RoutingTable AS rt ON rt.RoutingTableId = h.RoutingTableId \
                 WHERE rt.RoutingId = @P1 AND h.ActionType = 'published' \
                   AND JSON_VALUE(h.SnapshotData, '$.routingId') = @P1 \
                   AND TRY_CAST(JSON_VALUE(h.SnapshotData, '$.source.version') AS INT) = @P2 \
                 ORDER BY h.HistoryId DESC",
        sqlite: ["SELECT h.SnapshotData FROM rt_RoutingTableHistory AS h \
                    JOIN rt_RoutingTable AS rt ON rt.RoutingTableId = h.RoutingTableId \
                   WHERE rt.RoutingId = ?1 AND h.ActionType = 'published' \
                     AND json_extract(h.SnapshotData, '$.routingId') = ?1 \
                     AND json_extract(h.SnapshotData, '$.source.version') = ?2 \
                   ORDER BY h.HistoryId DESC LIMIT 1"],
    }

    /// Row counts of a flow's tables (tests prove a refused write changed nothing). Parameter: RoutingId.
    SEG_COUNTS {
        mssql: "SELECT \
                  (SELECT COUNT(*) FROM ivr.seg_Segment WHERE RoutingId = @P1) AS Segments, \
                  (SELECT COUNT(*) FROM ivr.seg_Key AS k JOIN ivr.seg_Segment AS s ON s.SegmentId = k.SegmentId WHERE s.RoutingId = @P1) AS Keys, \
                  (SELECT COUNT(*) FROM ivr.seg_SegmentTransition WHERE RoutingId = @P1) AS Transitions, \
                  (SELECT COUNT(*) FROM ivr.seg_SegmentUIState AS u JOIN ivr.seg_Segment AS s ON s.SegmentId = u.SegmentId WHERE s.RoutingId = @P1) AS UiStates, \
                  (SELECT COUNT(*) FROM ivr.seg_ChangeSet WHERE RoutingId = @P1) AS ChangeSets, \
                  (SELECT COUNT(*) FROM ivr.rt_RoutingTableHistory AS h JOIN ivr.rt_RoutingTable AS rt ON rt.RoutingTableId = h.RoutingTableId WHERE rt.RoutingId = @P1) AS History",
        sqlite: ["SELECT \
                    (SELECT COUNT(*) FROM seg_Segment WHERE RoutingId = ?1) AS Segments, \
                    (SELECT COUNT(*) FROM seg_Key AS k JOIN seg_Segment AS s ON s.SegmentId = k.SegmentId WHERE s.RoutingId = ?1) AS Keys, \
                    (SELECT COUNT(*) FROM seg_SegmentTransition WHERE RoutingId = ?1) AS Transitions, \
                    (SELECT COUNT(*) FROM seg_SegmentUIState AS u JOIN seg_Segment AS s ON s.SegmentId = u.SegmentId WHERE s.RoutingId = ?1) AS UiStates, \
                    (SELECT COUNT(*) FROM seg_ChangeSet WHERE RoutingId = ?1) AS ChangeSets, \
                    (SELECT COUNT(*) FROM rt_RoutingTableHistory AS h JOIN rt_RoutingTable AS rt ON rt.RoutingTableId = h.RoutingTableId WHERE rt.RoutingId = ?1) AS History"],
    }
}

/// A draft with its metadata and surroundings, one round trip. Parameter: ChangeSetId.
pub const SEG_LOAD_DRAFT: Query = Query {
    name: "ivr_store::segment::SEG_LOAD_DRAFT",
    mssql: concat!(
        "DECLARE @rid VARCHAR(100) = (SELECT RoutingId FROM ivr.seg_ChangeSet WHERE ChangeSetId = @P1); ",
        draft_sets_mssql!()
    ),
    sqlite: &draft_sets_sqlite!(),
};

/// As [`SEG_LOAD_DRAFT`], first taking the flow's write lock (inside a transaction).
pub const SEG_LOAD_DRAFT_FOR_WRITE: Query = Query {
    name: "ivr_store::segment::SEG_LOAD_DRAFT_FOR_WRITE",
    mssql: concat!(
        "DECLARE @rid VARCHAR(100) = (SELECT RoutingId FROM ivr.seg_ChangeSet WHERE ChangeSetId = @P1); ",
        flow_lock!(),
        draft_sets_mssql!()
    ),
    sqlite: &draft_sets_sqlite!(),
};
