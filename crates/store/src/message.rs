//! The message store's SQL (spec: Message Store Schema v5.0.0). Rules live in `ivr_domain::message`
//! and `ivr_app::messages`; this module only reads and writes.
//!
//! Writes are set-based: keys, versions, contents, published pointers and audit rows travel as JSON
//! arrays read with `OPENJSON` / `json_each`, so one round trip writes one key or ten thousand.
//! Conditional writes (publish, rollback, delete) insert their `msg_MessageKeyAudit` row only when
//! the row-version check matched; every later statement of the batch is conditioned on that audit
//! row, and the batch reports `Done` so the app can answer CONFLICT.

use crate::queries;
use crate::sql::routing_entry_uses_store;
use crate::util::{page_and_total, row_version_param};
use crate::value::{Row, Value};
use crate::{Conn, Db};
use ivr_domain::message::{LanguageContent, MessageTypeDef};
use ivr_domain::{Error, JsonText, Result};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The unique index of "one active key per name in a store" (the same name on both engines).
pub const KEY_INDEX: &str = "UX_MessageKey_StoreKey";
/// The unique index of "one version number per key".
pub const VERSION_INDEX: &str = "UX_MessageKeyVersion_KeyVersion";

queries! {
    /// Dictionaries the message rules need: types, categories, active languages, voices (4 sets).
    MSG_DICTIONARIES {
        mssql: "SELECT MessageTypeId, Code, DisplayName, SettingsSchema, DefaultSettings FROM ivr.msg_Dic_MessageType WHERE IsActive = 1 ORDER BY Code; \
                SELECT CategoryId, Code, DisplayName FROM ivr.msg_Dic_MessageCategory WHERE IsActive = 1 ORDER BY Code; \
                SELECT LanguageCode, DisplayName FROM dbo.cfg_Dic_Language WHERE IsActive = 1 ORDER BY LanguageCode; \
                SELECT VoiceId, Code, Engine, Language, Gender, DisplayName FROM dbo.cfg_Dic_Voice WHERE IsActive = 1 ORDER BY Language, Code",
        sqlite: [
            "SELECT MessageTypeId, Code, DisplayName, SettingsSchema, DefaultSettings FROM msg_Dic_MessageType WHERE IsActive = 1 ORDER BY Code",
            "SELECT CategoryId, Code, DisplayName FROM msg_Dic_MessageCategory WHERE IsActive = 1 ORDER BY Code",
            "SELECT LanguageCode, DisplayName FROM cfg_Dic_Language WHERE IsActive = 1 ORDER BY LanguageCode",
            "SELECT VoiceId, Code, Engine, Language, Gender, DisplayName FROM cfg_Dic_Voice WHERE IsActive = 1 ORDER BY Language, Code",
        ],
    }

    /// Active company projects matching customer / project / environment code (each optional).
    MSG_COMPANY_PROJECTS {
        mssql: "SELECT cp.CompanyProjectId, cp.CustomerId, cp.ProjectId, e.Code AS Environment FROM dbo.cfg_Dic_CompanyProject cp \
                JOIN dbo.cfg_Dic_Environment e ON e.EnvironmentId = cp.EnvironmentId \
                WHERE cp.IsActive = 1 AND (@P1 IS NULL OR cp.CustomerId = @P1) AND (@P2 IS NULL OR cp.ProjectId = @P2) AND (@P3 IS NULL OR e.Code = @P3) \
                ORDER BY cp.CustomerId, cp.ProjectId, e.Code",
        sqlite: ["SELECT cp.CompanyProjectId, cp.CustomerId, cp.ProjectId, e.Code AS Environment FROM cfg_Dic_CompanyProject cp \
                  JOIN cfg_Dic_Environment e ON e.EnvironmentId = cp.EnvironmentId \
                  WHERE cp.IsActive = 1 AND (?1 IS NULL OR cp.CustomerId = ?1) AND (?2 IS NULL OR cp.ProjectId = ?2) AND (?3 IS NULL OR e.Code = ?3) \
                  ORDER BY cp.CustomerId, cp.ProjectId, e.Code"],
    }

    /// Stores (optionally of one store id / company project), with their default voices (2 sets).
    /// Parameters: store id, customer, project.
    MSG_STORES {
        mssql: "SELECT s.MessageStoreId, s.Name, s.CompanyProjectId, cp.CustomerId, cp.ProjectId, s.AllowedLanguages, s.DefaultLanguage, s.IsActive, \
                  s.CreatedAt, s.CreatedBy, s.UpdatedAt, s.UpdatedBy, \
                  (SELECT COUNT(*) FROM ivr.msg_MessageKey k WHERE k.MessageStoreId = s.MessageStoreId AND k.IsActive = 1) AS KeyCount \
                FROM ivr.msg_MessageStore s JOIN dbo.cfg_Dic_CompanyProject cp ON cp.CompanyProjectId = s.CompanyProjectId \
                WHERE (@P1 IS NULL OR s.MessageStoreId = @P1) AND (@P2 IS NULL OR cp.CustomerId = @P2) AND (@P3 IS NULL OR cp.ProjectId = @P3) \
                ORDER BY s.MessageStoreId; \
                SELECT vc.MessageStoreId, vc.Language, v.VoiceId, v.Code AS VoiceCode FROM ivr.msg_MessageStoreVoiceConfig vc \
                JOIN dbo.cfg_Dic_Voice v ON v.VoiceId = vc.VoiceId \
                JOIN ivr.msg_MessageStore s ON s.MessageStoreId = vc.MessageStoreId \
                JOIN dbo.cfg_Dic_CompanyProject cp ON cp.CompanyProjectId = s.CompanyProjectId \
                WHERE vc.IsDefault = 1 AND (@P1 IS NULL OR s.MessageStoreId = @P1) AND (@P2 IS NULL OR cp.CustomerId = @P2) AND (@P3 IS NULL OR cp.ProjectId = @P3) \
                ORDER BY vc.MessageStoreId, vc.Language",
        sqlite: [
            "SELECT s.MessageStoreId, s.Name, s.CompanyProjectId, cp.CustomerId, cp.ProjectId, s.AllowedLanguages, s.DefaultLanguage, s.IsActive, \
               s.CreatedAt, s.CreatedBy, s.UpdatedAt, s.UpdatedBy, \
               (SELECT COUNT(*) FROM msg_MessageKey k WHERE k.MessageStoreId = s.MessageStoreId AND k.IsActive = 1) AS KeyCount \
             FROM msg_MessageStore s JOIN cfg_Dic_CompanyProject cp ON cp.CompanyProjectId = s.CompanyProjectId \
             WHERE (?1 IS NULL OR s.MessageStoreId = ?1) AND (?2 IS NULL OR cp.CustomerId = ?2) AND (?3 IS NULL OR cp.ProjectId = ?3) \
             ORDER BY s.MessageStoreId",
            "SELECT vc.MessageStoreId, vc.Language, v.VoiceId, v.Code AS VoiceCode FROM msg_MessageStoreVoiceConfig vc \
             JOIN cfg_Dic_Voice v ON v.VoiceId = vc.VoiceId \
             JOIN msg_MessageStore s ON s.MessageStoreId = vc.MessageStoreId \
             JOIN cfg_Dic_CompanyProject cp ON cp.CompanyProjectId = s.CompanyProjectId \
             WHERE vc.IsDefault = 1 AND (?1 IS NULL OR s.MessageStoreId = ?1) AND (?2 IS NULL OR cp.CustomerId = ?2) AND (?3 IS NULL OR cp.ProjectId = ?3) \
             ORDER BY vc.MessageStoreId, vc.Language",
        ],
    }

    /// A new store and its audit row. Parameters: name, company project id, allowed languages
    /// (JSON), default language, actor, environment, after (JSON). Returns MessageStoreId.
    MSG_STORE_INSERT {
        mssql: "DECLARE @id INT; \
                INSERT INTO ivr.msg_MessageStore (Name, CompanyProjectId, AllowedLanguages, DefaultLanguage, CreatedBy) VALUES (@P1, @P2, @P3, @P4, @P5); \
                SET @id = CAST(SCOPE_IDENTITY() AS INT); \
                INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                VALUES (@P5, @P6, 'msg_MessageStore', CAST(@id AS VARCHAR(20)), 'created', NULL, @P7); \
                SELECT @id AS MessageStoreId",
        sqlite: [
            "INSERT INTO msg_MessageStore (Name, CompanyProjectId, AllowedLanguages, DefaultLanguage, CreatedBy) VALUES (?1, ?2, ?3, ?4, ?5)",
            "INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
             VALUES (?5, ?6, 'msg_MessageStore', CAST(last_insert_rowid() AS TEXT), 'created', NULL, ?7)",
            "SELECT CAST(EntityId AS INTEGER) AS MessageStoreId FROM sys_AuditLog WHERE AuditId = last_insert_rowid()",
        ],
    }

    /// Changes a store's name and languages. Parameters: store id, name, allowed (JSON), default,
    /// actor, environment, before (JSON), after (JSON).
    MSG_STORE_UPDATE {
        mssql: "UPDATE ivr.msg_MessageStore SET Name = @P2, AllowedLanguages = @P3, DefaultLanguage = @P4, UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P5 \
                WHERE MessageStoreId = @P1; \
                INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                VALUES (@P5, @P6, 'msg_MessageStore', CAST(@P1 AS VARCHAR(20)), 'updated', @P7, @P8)",
        sqlite: [
            "UPDATE msg_MessageStore SET Name = ?2, AllowedLanguages = ?3, DefaultLanguage = ?4, UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?5 \
             WHERE MessageStoreId = ?1",
            "INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
             VALUES (?5, ?6, 'msg_MessageStore', CAST(?1 AS TEXT), 'updated', ?7, ?8)",
        ],
    }

    /// Makes a voice the default of a store's language (the previous default stays listed, not
    /// default). Parameters: store id, language, voice id, actor, environment, before, after.
    MSG_VOICE_SET_DEFAULT {
        mssql: "UPDATE ivr.msg_MessageStoreVoiceConfig SET IsDefault = 0 WHERE MessageStoreId = @P1 AND Language = @P2 AND IsDefault = 1; \
                IF EXISTS (SELECT 1 FROM ivr.msg_MessageStoreVoiceConfig WHERE MessageStoreId = @P1 AND Language = @P2 AND VoiceId = @P3) \
                BEGIN UPDATE ivr.msg_MessageStoreVoiceConfig SET IsDefault = 1 WHERE MessageStoreId = @P1 AND Language = @P2 AND VoiceId = @P3; END \
                ELSE \
                BEGIN INSERT INTO ivr.msg_MessageStoreVoiceConfig (MessageStoreId, Language, VoiceId, IsDefault, CreatedBy) VALUES (@P1, @P2, @P3, 1, @P4); END; \
                INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                VALUES (@P4, @P5, 'msg_MessageStoreVoiceConfig', CAST(@P1 AS VARCHAR(20)) + ':' + @P2, 'updated', @P6, @P7)",
        sqlite: [
            "UPDATE msg_MessageStoreVoiceConfig SET IsDefault = 0 WHERE MessageStoreId = ?1 AND Language = ?2 AND IsDefault = 1",
            "INSERT INTO msg_MessageStoreVoiceConfig (MessageStoreId, Language, VoiceId, IsDefault, CreatedBy) VALUES (?1, ?2, ?3, 1, ?4) \
             ON CONFLICT (MessageStoreId, Language, VoiceId) DO UPDATE SET IsDefault = 1",
            "INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
             VALUES (?4, ?5, 'msg_MessageStoreVoiceConfig', CAST(?1 AS TEXT) || ':' || ?2, 'updated', ?6, ?7)",
        ],
    }

    /// A key by store and name — the active one, or with `include deleted` every key of that name —
    /// with its versions and their contents (3 sets). Parameters: store id, key, include deleted (0/1).
    MSG_KEY_DETAIL {
        mssql: "SELECT k.MessageKeyId, k.MessageStoreId, k.MessageKey, k.MessageTypeId, t.Code AS MessageType, k.CategoryId, c.Code AS Category, \
                  k.DisplayName, k.PublishedVersion, k.IsActive, k.RowVersion, k.CreatedAt, k.CreatedBy, k.UpdatedAt, k.UpdatedBy \
                FROM ivr.msg_MessageKey k \
                JOIN ivr.msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
                JOIN ivr.msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
                WHERE k.MessageStoreId = @P1 AND k.MessageKey = @P2 AND (k.IsActive = 1 OR @P3 = 1) \
                ORDER BY k.IsActive DESC, k.MessageKeyId DESC; \
                SELECT v.MessageKeyVersionId, v.MessageKeyId, v.Version, v.VersionName, v.CreatedAt, v.CreatedBy \
                FROM ivr.msg_MessageKeyVersion v JOIN ivr.msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
                WHERE k.MessageStoreId = @P1 AND k.MessageKey = @P2 AND (k.IsActive = 1 OR @P3 = 1) AND v.IsActive = 1 \
                ORDER BY v.MessageKeyId, v.CreatedAt, v.Version; \
                SELECT lc.MessageKeyVersionId, lc.Language, lc.Content, lc.TypeSettings \
                FROM ivr.msg_MessageLanguageContent lc \
                JOIN ivr.msg_MessageKeyVersion v ON v.MessageKeyVersionId = lc.MessageKeyVersionId \
                JOIN ivr.msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
                WHERE k.MessageStoreId = @P1 AND k.MessageKey = @P2 AND (k.IsActive = 1 OR @P3 = 1) AND v.IsActive = 1 \
                ORDER BY lc.MessageKeyVersionId, lc.Language",
        sqlite: [
            "SELECT k.MessageKeyId, k.MessageStoreId, k.MessageKey, k.MessageTypeId, t.Code AS MessageType, k.CategoryId, c.Code AS Category, \
               k.DisplayName, k.PublishedVersion, k.IsActive, k.RowVersion, k.CreatedAt, k.CreatedBy, k.UpdatedAt, k.UpdatedBy \
             FROM msg_MessageKey k \
             JOIN msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
             JOIN msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
             WHERE k.MessageStoreId = ?1 AND k.MessageKey = ?2 AND (k.IsActive = 1 OR ?3 = 1) \
             ORDER BY k.IsActive DESC, k.MessageKeyId DESC",
            "SELECT v.MessageKeyVersionId, v.MessageKeyId, v.Version, v.VersionName, v.CreatedAt, v.CreatedBy \
             FROM msg_MessageKeyVersion v JOIN msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
             WHERE k.MessageStoreId = ?1 AND k.MessageKey = ?2 AND (k.IsActive = 1 OR ?3 = 1) AND v.IsActive = 1 \
             ORDER BY v.MessageKeyId, v.CreatedAt, v.Version",
            "SELECT lc.MessageKeyVersionId, lc.Language, lc.Content, lc.TypeSettings \
             FROM msg_MessageLanguageContent lc \
             JOIN msg_MessageKeyVersion v ON v.MessageKeyVersionId = lc.MessageKeyVersionId \
             JOIN msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
             WHERE k.MessageStoreId = ?1 AND k.MessageKey = ?2 AND (k.IsActive = 1 OR ?3 = 1) AND v.IsActive = 1 \
             ORDER BY lc.MessageKeyVersionId, lc.Language",
        ],
    }

    /// Every active key of a store with all versions and contents (3 sets): export, and the
    /// snapshot an import is planned against. Parameter: store id.
    MSG_STORE_CONTENT {
        mssql: "SELECT k.MessageKeyId, k.MessageStoreId, k.MessageKey, k.MessageTypeId, t.Code AS MessageType, k.CategoryId, c.Code AS Category, \
                  k.DisplayName, k.PublishedVersion, k.IsActive, k.RowVersion, k.CreatedAt, k.CreatedBy, k.UpdatedAt, k.UpdatedBy \
                FROM ivr.msg_MessageKey k \
                JOIN ivr.msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
                JOIN ivr.msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
                WHERE k.MessageStoreId = @P1 AND k.IsActive = 1 ORDER BY k.MessageKey; \
                SELECT v.MessageKeyVersionId, v.MessageKeyId, v.Version, v.VersionName, v.CreatedAt, v.CreatedBy \
                FROM ivr.msg_MessageKeyVersion v JOIN ivr.msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
                WHERE k.MessageStoreId = @P1 AND k.IsActive = 1 AND v.IsActive = 1 ORDER BY v.MessageKeyId, v.CreatedAt, v.Version; \
                SELECT lc.MessageKeyVersionId, lc.Language, lc.Content, lc.TypeSettings \
                FROM ivr.msg_MessageLanguageContent lc \
                JOIN ivr.msg_MessageKeyVersion v ON v.MessageKeyVersionId = lc.MessageKeyVersionId \
                JOIN ivr.msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
                WHERE k.MessageStoreId = @P1 AND k.IsActive = 1 AND v.IsActive = 1 ORDER BY lc.MessageKeyVersionId, lc.Language",
        sqlite: [
            "SELECT k.MessageKeyId, k.MessageStoreId, k.MessageKey, k.MessageTypeId, t.Code AS MessageType, k.CategoryId, c.Code AS Category, \
               k.DisplayName, k.PublishedVersion, k.IsActive, k.RowVersion, k.CreatedAt, k.CreatedBy, k.UpdatedAt, k.UpdatedBy \
             FROM msg_MessageKey k \
             JOIN msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
             JOIN msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
             WHERE k.MessageStoreId = ?1 AND k.IsActive = 1 ORDER BY k.MessageKey",
            "SELECT v.MessageKeyVersionId, v.MessageKeyId, v.Version, v.VersionName, v.CreatedAt, v.CreatedBy \
             FROM msg_MessageKeyVersion v JOIN msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
             WHERE k.MessageStoreId = ?1 AND k.IsActive = 1 AND v.IsActive = 1 ORDER BY v.MessageKeyId, v.CreatedAt, v.Version",
            "SELECT lc.MessageKeyVersionId, lc.Language, lc.Content, lc.TypeSettings \
             FROM msg_MessageLanguageContent lc \
             JOIN msg_MessageKeyVersion v ON v.MessageKeyVersionId = lc.MessageKeyVersionId \
             JOIN msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
             WHERE k.MessageStoreId = ?1 AND k.IsActive = 1 AND v.IsActive = 1 ORDER BY lc.MessageKeyVersionId, lc.Language",
        ],
    }

    /// Set-based write of new keys, new versions, their contents, published pointers of new keys,
    /// and audit rows (both tables). Parameters: store id, keys JSON `[{key,typeId,categoryId,displayName}]`,
    /// versions JSON `[{id,key,version,name}]`, contents JSON `[{versionId,language,content,typeSettings}]`,
    /// publish JSON `[{key,version}]`, actor, audit JSON `[{id,key,versionId,action,data,before,after}]`,
    /// environment. Returns the touched keys.
    ///
    /// SQLite: each JSON array is the outer loop and every element finds its key with one seek on
    /// (MessageStoreId, IsActive, MessageKey). Left to itself the planner scans the store's keys
    /// outside and re-reads the whole array for each of them (quadratic: 2,000 keys took 18 s,
    /// 10,000 did not finish), so the joins are `CROSS JOIN` (fixed order) and the publish list a
    /// `MATERIALIZED` CTE (not flattened into the join). `tests/message_plan.rs` checks the plans.
    MSG_WRITE_SET {
        mssql: "INSERT INTO ivr.msg_MessageKey (MessageStoreId, MessageKey, MessageTypeId, CategoryId, DisplayName, CreatedBy) \
                SELECT @P1, j.MessageKey, j.TypeId, j.CategoryId, j.DisplayName, @P6 \
                FROM OPENJSON(@P2) WITH (MessageKey VARCHAR(64) '$.key', TypeId INT '$.typeId', CategoryId INT '$.categoryId', DisplayName NVARCHAR(200) '$.displayName') j; \
                INSERT INTO ivr.msg_MessageKeyVersion (MessageKeyVersionId, MessageKeyId, Version, VersionName, CreatedBy) \
                SELECT j.Id, k.MessageKeyId, j.Version, j.VersionName, @P6 \
                FROM OPENJSON(@P3) WITH (Id UNIQUEIDENTIFIER '$.id', MessageKey VARCHAR(64) '$.key', Version INT '$.version', VersionName NVARCHAR(200) '$.name') j \
                JOIN ivr.msg_MessageKey k ON k.MessageStoreId = @P1 AND k.IsActive = 1 AND k.MessageKey = j.MessageKey; \
                INSERT INTO ivr.msg_MessageLanguageContent (MessageKeyVersionId, Language, Content, TypeSettings, CreatedBy) \
                SELECT j.VersionId, j.Language, j.Content, j.TypeSettings, @P6 \
                FROM OPENJSON(@P4) WITH (VersionId UNIQUEIDENTIFIER '$.versionId', Language VARCHAR(10) '$.language', Content NVARCHAR(MAX) '$.content', TypeSettings NVARCHAR(MAX) '$.typeSettings') j; \
                UPDATE k SET PublishedVersion = j.Version FROM ivr.msg_MessageKey k \
                JOIN OPENJSON(@P5) WITH (MessageKey VARCHAR(64) '$.key', Version INT '$.version') j ON j.MessageKey = k.MessageKey \
                WHERE k.MessageStoreId = @P1 AND k.IsActive = 1; \
                UPDATE k SET UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P6 FROM ivr.msg_MessageKey k \
                WHERE k.MessageStoreId = @P1 AND k.IsActive = 1 AND k.MessageKey IN (SELECT j.MessageKey FROM OPENJSON(@P3) WITH (MessageKey VARCHAR(64) '$.key') j); \
                INSERT INTO ivr.msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) \
                SELECT j.Id, k.MessageKeyId, j.VersionId, j.Action, @P6, j.AuditData \
                FROM OPENJSON(@P7) WITH (Id UNIQUEIDENTIFIER '$.id', MessageKey VARCHAR(64) '$.key', VersionId UNIQUEIDENTIFIER '$.versionId', Action VARCHAR(20) '$.action', AuditData NVARCHAR(MAX) '$.data') j \
                JOIN ivr.msg_MessageKey k ON k.MessageStoreId = @P1 AND k.IsActive = 1 AND k.MessageKey = j.MessageKey; \
                INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                SELECT @P6, @P8, 'msg_MessageKey', CAST(k.MessageKeyId AS VARCHAR(20)), j.Action, j.BeforeData, j.AfterData \
                FROM OPENJSON(@P7) WITH (MessageKey VARCHAR(64) '$.key', Action VARCHAR(20) '$.action', BeforeData NVARCHAR(MAX) '$.before', AfterData NVARCHAR(MAX) '$.after') j \
                JOIN ivr.msg_MessageKey k ON k.MessageStoreId = @P1 AND k.IsActive = 1 AND k.MessageKey = j.MessageKey; \
                SELECT k.MessageKeyId, k.MessageKey, k.RowVersion FROM ivr.msg_MessageKey k \
                WHERE k.MessageStoreId = @P1 AND k.IsActive = 1 AND k.MessageKey IN (SELECT j.MessageKey FROM OPENJSON(@P7) WITH (MessageKey VARCHAR(64) '$.key') j) \
                ORDER BY k.MessageKey",
        sqlite: [
            "INSERT INTO msg_MessageKey (MessageStoreId, MessageKey, MessageTypeId, CategoryId, DisplayName, CreatedBy) \
             SELECT ?1, json_extract(j.value, '$.key'), json_extract(j.value, '$.typeId'), json_extract(j.value, '$.categoryId'), json_extract(j.value, '$.displayName'), ?6 \
             FROM json_each(?2) j",
            "INSERT INTO msg_MessageKeyVersion (MessageKeyVersionId, MessageKeyId, Version, VersionName, CreatedBy) \
             SELECT json_extract(j.value, '$.id'), k.MessageKeyId, json_extract(j.value, '$.version'), json_extract(j.value, '$.name'), ?6 \
             FROM json_each(?3) j CROSS JOIN msg_MessageKey k ON k.MessageStoreId = ?1 AND k.IsActive = 1 AND k.MessageKey = json_extract(j.value, '$.key')",
            "INSERT INTO msg_MessageLanguageContent (MessageKeyVersionId, Language, Content, TypeSettings, CreatedBy) \
             SELECT json_extract(j.value, '$.versionId'), json_extract(j.value, '$.language'), json_extract(j.value, '$.content'), json_extract(j.value, '$.typeSettings'), ?6 \
             FROM json_each(?4) j",
            "WITH j (k, v) AS MATERIALIZED (SELECT json_extract(value, '$.key'), json_extract(value, '$.version') FROM json_each(?5)) \
             UPDATE msg_MessageKey SET PublishedVersion = j.v FROM j \
             WHERE msg_MessageKey.MessageStoreId = ?1 AND msg_MessageKey.IsActive = 1 AND msg_MessageKey.MessageKey = j.k",
            "UPDATE msg_MessageKey SET UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?6 \
             WHERE MessageStoreId = ?1 AND IsActive = 1 AND MessageKey IN (SELECT json_extract(value, '$.key') FROM json_each(?3))",
            "INSERT INTO msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) \
             SELECT json_extract(j.value, '$.id'), k.MessageKeyId, json_extract(j.value, '$.versionId'), json_extract(j.value, '$.action'), ?6, json_extract(j.value, '$.data') \
             FROM json_each(?7) j CROSS JOIN msg_MessageKey k ON k.MessageStoreId = ?1 AND k.IsActive = 1 AND k.MessageKey = json_extract(j.value, '$.key')",
            "INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
             SELECT ?6, ?8, 'msg_MessageKey', CAST(k.MessageKeyId AS TEXT), json_extract(j.value, '$.action'), json_extract(j.value, '$.before'), json_extract(j.value, '$.after') \
             FROM json_each(?7) j CROSS JOIN msg_MessageKey k ON k.MessageStoreId = ?1 AND k.IsActive = 1 AND k.MessageKey = json_extract(j.value, '$.key')",
            "SELECT k.MessageKeyId, k.MessageKey, k.RowVersion FROM msg_MessageKey k \
             WHERE k.MessageStoreId = ?1 AND k.IsActive = 1 AND k.MessageKey IN (SELECT json_extract(value, '$.key') FROM json_each(?7)) \
             ORDER BY k.MessageKey",
        ],
    }

    /// Conditional change of one key (publish, rollback, metadata, soft delete) guarded by its row
    /// version. Parameters: key id, expected row version, published version, display name,
    /// category id, is active (0/1), actor, audit id, action, audit data, environment, before,
    /// after, version id (nullable), message type id. Returns Done (0/1) and the new RowVersion.
    MSG_KEY_CHANGE {
        mssql: "UPDATE ivr.msg_MessageKey SET PublishedVersion = @P3, DisplayName = @P4, CategoryId = @P5, IsActive = @P6, \
                  MessageTypeId = @P15, UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P7 \
                WHERE MessageKeyId = @P1 AND IsActive = 1 AND RowVersion = @P2; \
                IF @@ROWCOUNT = 1 BEGIN \
                  INSERT INTO ivr.msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) VALUES (@P8, @P1, @P14, @P9, @P7, @P10); \
                  INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                  VALUES (@P7, @P11, 'msg_MessageKey', CAST(@P1 AS VARCHAR(20)), @P9, @P12, @P13); \
                END; \
                SELECT (SELECT COUNT(*) FROM ivr.msg_MessageKeyAudit WHERE AuditId = @P8) AS Done, k.RowVersion \
                FROM ivr.msg_MessageKey k WHERE k.MessageKeyId = @P1",
        sqlite: [
            "UPDATE msg_MessageKey SET PublishedVersion = ?3, DisplayName = ?4, CategoryId = ?5, IsActive = ?6, \
               MessageTypeId = ?15, UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?7 \
             WHERE MessageKeyId = ?1 AND IsActive = 1 AND RowVersion = ?2",
            "INSERT INTO msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) \
             SELECT ?8, ?1, ?14, ?9, ?7, ?10 WHERE changes() = 1",
            "INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
             SELECT ?7, ?11, 'msg_MessageKey', CAST(?1 AS TEXT), ?9, ?12, ?13 WHERE EXISTS (SELECT 1 FROM msg_MessageKeyAudit WHERE AuditId = ?8)",
            "SELECT (SELECT COUNT(*) FROM msg_MessageKeyAudit WHERE AuditId = ?8) AS Done, k.RowVersion \
             FROM msg_MessageKey k WHERE k.MessageKeyId = ?1",
        ],
    }

    /// Brings a soft-deleted key back, guarded by its row version and by its name being free (no
    /// active key of that name in its store). Parameters: key id, expected row version, actor,
    /// audit id, audit data, environment, before, after. Returns Done (0/1) and the new RowVersion.
    MSG_KEY_RESTORE {
        mssql: "UPDATE k SET IsActive = 1, UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P3 FROM ivr.msg_MessageKey k \
                WHERE k.MessageKeyId = @P1 AND k.IsActive = 0 AND k.RowVersion = @P2 \
                  AND NOT EXISTS (SELECT 1 FROM ivr.msg_MessageKey o WHERE o.MessageStoreId = k.MessageStoreId AND o.MessageKey = k.MessageKey AND o.IsActive = 1); \
                IF @@ROWCOUNT = 1 BEGIN \
                  INSERT INTO ivr.msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) VALUES (@P4, @P1, NULL, 'restored', @P3, @P5); \
                  INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                  VALUES (@P3, @P6, 'msg_MessageKey', CAST(@P1 AS VARCHAR(20)), 'restored', @P7, @P8); \
                END; \
                SELECT (SELECT COUNT(*) FROM ivr.msg_MessageKeyAudit WHERE AuditId = @P4) AS Done, k.RowVersion \
                FROM ivr.msg_MessageKey k WHERE k.MessageKeyId = @P1",
        sqlite: [
            "UPDATE msg_MessageKey SET IsActive = 1, UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?3 \
             WHERE MessageKeyId = ?1 AND IsActive = 0 AND RowVersion = ?2 \
               AND NOT EXISTS (SELECT 1 FROM msg_MessageKey o WHERE o.MessageStoreId = msg_MessageKey.MessageStoreId \
                 AND o.MessageKey = msg_MessageKey.MessageKey AND o.IsActive = 1)",
            "INSERT INTO msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) \
             SELECT ?4, ?1, NULL, 'restored', ?3, ?5 WHERE changes() = 1",
            "INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
             SELECT ?3, ?6, 'msg_MessageKey', CAST(?1 AS TEXT), 'restored', ?7, ?8 WHERE EXISTS (SELECT 1 FROM msg_MessageKeyAudit WHERE AuditId = ?4)",
            "SELECT (SELECT COUNT(*) FROM msg_MessageKeyAudit WHERE AuditId = ?4) AS Done, k.RowVersion \
             FROM msg_MessageKey k WHERE k.MessageKeyId = ?1",
        ],
    }

    /// Deletes an unpublished version (its contents first), guarded by the key's row version; the
    /// audit row keeps the whole version. Parameters: key id, expected row version, version id,
    /// actor, audit id, audit data, environment, before.
    MSG_VERSION_DELETE {
        mssql: "UPDATE k SET UpdatedAt = SYSUTCDATETIME(), UpdatedBy = @P4 FROM ivr.msg_MessageKey k \
                WHERE k.MessageKeyId = @P1 AND k.IsActive = 1 AND k.RowVersion = @P2 \
                  AND EXISTS (SELECT 1 FROM ivr.msg_MessageKeyVersion v WHERE v.MessageKeyVersionId = @P3 AND v.MessageKeyId = @P1 \
                    AND (k.PublishedVersion IS NULL OR v.Version <> k.PublishedVersion)); \
                IF @@ROWCOUNT = 1 BEGIN \
                  INSERT INTO ivr.msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) VALUES (@P5, @P1, @P3, 'edited', @P4, @P6); \
                  INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
                  VALUES (@P4, @P7, 'msg_MessageKeyVersion', CAST(@P3 AS VARCHAR(36)), 'deleted', @P8, NULL); \
                  DELETE FROM ivr.msg_MessageLanguageContent WHERE MessageKeyVersionId = @P3; \
                  DELETE FROM ivr.msg_MessageKeyVersion WHERE MessageKeyVersionId = @P3; \
                END; \
                SELECT (SELECT COUNT(*) FROM ivr.msg_MessageKeyAudit WHERE AuditId = @P5) AS Done, k.RowVersion \
                FROM ivr.msg_MessageKey k WHERE k.MessageKeyId = @P1",
        sqlite: [
            "UPDATE msg_MessageKey SET UpdatedAt = strftime('%Y-%m-%dT%H:%M:%fZ','now'), UpdatedBy = ?4 \
             WHERE MessageKeyId = ?1 AND IsActive = 1 AND RowVersion = ?2 \
               AND EXISTS (SELECT 1 FROM msg_MessageKeyVersion v WHERE v.MessageKeyVersionId = ?3 AND v.MessageKeyId = ?1 \
                 AND (msg_MessageKey.PublishedVersion IS NULL OR v.Version <> msg_MessageKey.PublishedVersion))",
            "INSERT INTO msg_MessageKeyAudit (AuditId, MessageKeyId, MessageKeyVersionId, Action, ActionBy, AuditData) \
             SELECT ?5, ?1, ?3, 'edited', ?4, ?6 WHERE changes() = 1",
            "INSERT INTO sys_AuditLog (Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData) \
             SELECT ?4, ?7, 'msg_MessageKeyVersion', CAST(?3 AS TEXT), 'deleted', ?8, NULL WHERE EXISTS (SELECT 1 FROM msg_MessageKeyAudit WHERE AuditId = ?5)",
            "DELETE FROM msg_MessageLanguageContent WHERE MessageKeyVersionId = ?3 AND EXISTS (SELECT 1 FROM msg_MessageKeyAudit WHERE AuditId = ?5)",
            "DELETE FROM msg_MessageKeyVersion WHERE MessageKeyVersionId = ?3 AND EXISTS (SELECT 1 FROM msg_MessageKeyAudit WHERE AuditId = ?5)",
            "SELECT (SELECT COUNT(*) FROM msg_MessageKeyAudit WHERE AuditId = ?5) AS Done, k.RowVersion \
             FROM msg_MessageKey k WHERE k.MessageKeyId = ?1",
        ],
    }

    /// Runtime resolution in ONE statement: (store id, or customer + project) + key + language →
    /// the published content in that language when the store allows it and it has content, else in
    /// the store's default language; with the type's code and defaults and the default voice of the
    /// language played. Parameters: store id, customer, project, key, language.
    MSG_RESOLVE {
        mssql: "SELECT TOP (1) s.MessageStoreId, k.MessageKey, k.PublishedVersion AS Version, lc.Language, lc.Content, lc.TypeSettings, \
                  t.Code AS MessageType, t.DefaultSettings, vo.Code AS VoiceCode, s.DefaultLanguage \
                FROM ivr.msg_MessageStore s \
                JOIN ivr.msg_MessageKey k ON k.MessageStoreId = s.MessageStoreId AND k.MessageKey = @P4 AND k.IsActive = 1 \
                JOIN ivr.msg_MessageKeyVersion v ON v.MessageKeyId = k.MessageKeyId AND v.Version = k.PublishedVersion AND v.IsActive = 1 \
                JOIN ivr.msg_MessageLanguageContent lc ON lc.MessageKeyVersionId = v.MessageKeyVersionId \
                  AND (lc.Language = s.DefaultLanguage OR (lc.Language = @P5 AND EXISTS (SELECT 1 FROM OPENJSON(s.AllowedLanguages) a WHERE a.value = @P5))) \
                JOIN ivr.msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
                LEFT JOIN ivr.msg_MessageStoreVoiceConfig vc ON vc.MessageStoreId = s.MessageStoreId AND vc.Language = lc.Language AND vc.IsDefault = 1 \
                LEFT JOIN dbo.cfg_Dic_Voice vo ON vo.VoiceId = vc.VoiceId \
                WHERE s.IsActive = 1 AND (@P1 IS NULL OR s.MessageStoreId = @P1) \
                  AND (@P2 IS NULL OR s.CompanyProjectId IN (SELECT cp.CompanyProjectId FROM dbo.cfg_Dic_CompanyProject cp WHERE cp.CustomerId = @P2 AND cp.ProjectId = @P3 AND cp.IsActive = 1)) \
                ORDER BY s.MessageStoreId, CASE WHEN lc.Language = @P5 THEN 0 ELSE 1 END",
        sqlite: ["SELECT s.MessageStoreId, k.MessageKey, k.PublishedVersion AS Version, lc.Language, lc.Content, lc.TypeSettings, \
                    t.Code AS MessageType, t.DefaultSettings, vo.Code AS VoiceCode, s.DefaultLanguage \
                  FROM msg_MessageStore s \
                  JOIN msg_MessageKey k ON k.MessageStoreId = s.MessageStoreId AND k.MessageKey = ?4 AND k.IsActive = 1 \
                  JOIN msg_MessageKeyVersion v ON v.MessageKeyId = k.MessageKeyId AND v.Version = k.PublishedVersion AND v.IsActive = 1 \
                  JOIN msg_MessageLanguageContent lc ON lc.MessageKeyVersionId = v.MessageKeyVersionId \
                    AND (lc.Language = s.DefaultLanguage OR (lc.Language = ?5 AND EXISTS (SELECT 1 FROM json_each(s.AllowedLanguages) a WHERE a.value = ?5))) \
                  JOIN msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
                  LEFT JOIN msg_MessageStoreVoiceConfig vc ON vc.MessageStoreId = s.MessageStoreId AND vc.Language = lc.Language AND vc.IsDefault = 1 \
                  LEFT JOIN cfg_Dic_Voice vo ON vo.VoiceId = vc.VoiceId \
                  WHERE s.IsActive = 1 AND (?1 IS NULL OR s.MessageStoreId = ?1) \
                    AND (?2 IS NULL OR s.CompanyProjectId IN (SELECT cp.CompanyProjectId FROM cfg_Dic_CompanyProject cp WHERE cp.CustomerId = ?2 AND cp.ProjectId = ?3 AND cp.IsActive = 1)) \
                  ORDER BY s.MessageStoreId, CASE WHEN lc.Language = ?5 THEN 0 ELSE 1 END \
                  LIMIT 1"],
    }

    /// A page of keys and the total (2 sets), ordered by key on IX_MessageKey_Search.
    /// Parameters: store id, key substring, category code, type code, missing-language (0/1),
    /// newer-than-published (0/1), include deleted (0/1), offset, limit, unused by any flow (0/1),
    /// message text (lower-cased by the caller) contained in an allowed language of the key's latest
    /// or published version (`ivr_lower` on SQLite, see `sqlite::register_functions`).
    MSG_KEY_LIST {
        mssql: "WITH base AS ( \
                  SELECT k.MessageKeyId, k.MessageKey, t.Code AS MessageType, c.Code AS Category, k.DisplayName, k.PublishedVersion, k.IsActive, \
                    k.RowVersion, k.UpdatedAt, k.CreatedAt, lv.Version AS LatestVersion, lv.MessageKeyVersionId AS LatestVersionId, \
                    (SELECT COUNT(*) FROM ivr.msg_MessageKeyVersion v2 WHERE v2.MessageKeyId = k.MessageKeyId AND v2.IsActive = 1) AS VersionCount, \
                    s.AllowedLanguages \
                  FROM ivr.msg_MessageKey k \
                  JOIN ivr.msg_MessageStore s ON s.MessageStoreId = k.MessageStoreId \
                  JOIN ivr.msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
                  JOIN ivr.msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
                  OUTER APPLY (SELECT TOP (1) v.Version, v.MessageKeyVersionId FROM ivr.msg_MessageKeyVersion v \
                    WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC) lv \
                  WHERE k.MessageStoreId = @P1 AND (k.IsActive = 1 OR @P7 = 1) \
                    AND (@P2 IS NULL OR CHARINDEX(@P2, k.MessageKey) > 0) \
                    AND (@P3 IS NULL OR c.Code = @P3) AND (@P4 IS NULL OR t.Code = @P4) \
                    AND (@P10 = 0 OR NOT EXISTS (SELECT 1 FROM ivr.seg_Key sk JOIN dbo.cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                      JOIN ivr.seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                      WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey)) \
                ), filtered AS ( \
                  SELECT b.* FROM base b \
                  WHERE (@P5 = 0 OR EXISTS (SELECT 1 FROM OPENJSON(b.AllowedLanguages) a WHERE NOT EXISTS ( \
                      SELECT 1 FROM ivr.msg_MessageLanguageContent lc WHERE lc.MessageKeyVersionId = b.LatestVersionId AND lc.Language = a.value))) \
                    AND (@P6 = 0 OR (b.LatestVersion IS NOT NULL AND (b.PublishedVersion IS NULL OR b.LatestVersion <> b.PublishedVersion))) \
                  AND (@P11 IS NULL OR EXISTS (SELECT 1 FROM ivr.msg_MessageKeyVersion tv \
                    JOIN ivr.msg_MessageLanguageContent tc ON tc.MessageKeyVersionId = tv.MessageKeyVersionId \
                    WHERE tv.MessageKeyId = b.MessageKeyId AND tv.IsActive = 1 \
                      AND (tv.MessageKeyVersionId = b.LatestVersionId OR tv.Version = b.PublishedVersion) \
                      AND CHARINDEX(@P11, LOWER(tc.Content) COLLATE Latin1_General_100_BIN2) > 0 \
                      AND tc.Language IN (SELECT ta.value FROM OPENJSON(b.AllowedLanguages) ta))) \
                ) \
                SELECT MessageKeyId, MessageKey, MessageType, Category, DisplayName, PublishedVersion, IsActive, RowVersion, UpdatedAt, CreatedAt, \
                  LatestVersion, VersionCount \
                FROM filtered ORDER BY MessageKey, MessageKeyId OFFSET @P8 ROWS FETCH NEXT @P9 ROWS ONLY; \
                WITH base AS ( \
                  SELECT k.MessageKeyId, k.PublishedVersion, lv.Version AS LatestVersion, lv.MessageKeyVersionId AS LatestVersionId, s.AllowedLanguages \
                  FROM ivr.msg_MessageKey k \
                  JOIN ivr.msg_MessageStore s ON s.MessageStoreId = k.MessageStoreId \
                  JOIN ivr.msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
                  JOIN ivr.msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
                  OUTER APPLY (SELECT TOP (1) v.Version, v.MessageKeyVersionId FROM ivr.msg_MessageKeyVersion v \
                    WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC) lv \
                  WHERE k.MessageStoreId = @P1 AND (k.IsActive = 1 OR @P7 = 1) \
                    AND (@P2 IS NULL OR CHARINDEX(@P2, k.MessageKey) > 0) \
                    AND (@P3 IS NULL OR c.Code = @P3) AND (@P4 IS NULL OR t.Code = @P4) \
                    AND (@P10 = 0 OR NOT EXISTS (SELECT 1 FROM ivr.seg_Key sk JOIN dbo.cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                      JOIN ivr.seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                      WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey)) \
                ) \
                SELECT COUNT(*) AS Total FROM base b \
                WHERE (@P5 = 0 OR EXISTS (SELECT 1 FROM OPENJSON(b.AllowedLanguages) a WHERE NOT EXISTS ( \
                    SELECT 1 FROM ivr.msg_MessageLanguageContent lc WHERE lc.MessageKeyVersionId = b.LatestVersionId AND lc.Language = a.value))) \
                  AND (@P6 = 0 OR (b.LatestVersion IS NOT NULL AND (b.PublishedVersion IS NULL OR b.LatestVersion <> b.PublishedVersion))) \
                  AND (@P11 IS NULL OR EXISTS (SELECT 1 FROM ivr.msg_MessageKeyVersion tv \
                    JOIN ivr.msg_MessageLanguageContent tc ON tc.MessageKeyVersionId = tv.MessageKeyVersionId \
                    WHERE tv.MessageKeyId = b.MessageKeyId AND tv.IsActive = 1 \
                      AND (tv.MessageKeyVersionId = b.LatestVersionId OR tv.Version = b.PublishedVersion) \
                      AND CHARINDEX(@P11, LOWER(tc.Content) COLLATE Latin1_General_100_BIN2) > 0 \
                      AND tc.Language IN (SELECT ta.value FROM OPENJSON(b.AllowedLanguages) ta)))",
        sqlite: [
            "WITH base AS ( \
               SELECT k.MessageKeyId, k.MessageKey, t.Code AS MessageType, c.Code AS Category, k.DisplayName, k.PublishedVersion, k.IsActive, \
                 k.RowVersion, k.UpdatedAt, k.CreatedAt, \
                 (SELECT v.Version FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersion, \
                 (SELECT v.MessageKeyVersionId FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersionId, \
                 (SELECT COUNT(*) FROM msg_MessageKeyVersion v2 WHERE v2.MessageKeyId = k.MessageKeyId AND v2.IsActive = 1) AS VersionCount, \
                 s.AllowedLanguages \
               FROM msg_MessageKey k \
               JOIN msg_MessageStore s ON s.MessageStoreId = k.MessageStoreId \
               JOIN msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
               JOIN msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
               WHERE k.MessageStoreId = ?1 AND (k.IsActive = 1 OR ?7 = 1) \
                 AND (?2 IS NULL OR instr(k.MessageKey, ?2) > 0) \
                 AND (?3 IS NULL OR c.Code = ?3) AND (?4 IS NULL OR t.Code = ?4) \
                 AND (?10 = 0 OR NOT EXISTS (SELECT 1 FROM seg_Key sk JOIN cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                   JOIN seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                   WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey)) \
             ) \
             SELECT MessageKeyId, MessageKey, MessageType, Category, DisplayName, PublishedVersion, IsActive, RowVersion, UpdatedAt, CreatedAt, \
               LatestVersion, VersionCount \
             FROM base b \
             WHERE (?5 = 0 OR EXISTS (SELECT 1 FROM json_each(b.AllowedLanguages) a WHERE NOT EXISTS ( \
                 SELECT 1 FROM msg_MessageLanguageContent lc WHERE lc.MessageKeyVersionId = b.LatestVersionId AND lc.Language = a.value))) \
               AND (?6 = 0 OR (b.LatestVersion IS NOT NULL AND (b.PublishedVersion IS NULL OR b.LatestVersion <> b.PublishedVersion))) \
               AND (?11 IS NULL OR EXISTS (SELECT 1 FROM msg_MessageLanguageContent tc \
                 WHERE tc.MessageKeyVersionId IN (b.LatestVersionId, (SELECT pv.MessageKeyVersionId FROM msg_MessageKeyVersion pv \
                     WHERE pv.MessageKeyId = b.MessageKeyId AND pv.Version = b.PublishedVersion AND pv.IsActive = 1)) \
                   AND instr(ivr_lower(tc.Content), ?11) > 0 \
                   AND tc.Language IN (SELECT ta.value FROM json_each(b.AllowedLanguages) ta))) \
             ORDER BY MessageKey, MessageKeyId LIMIT ?9 OFFSET ?8",
            "WITH base AS ( \
               SELECT k.MessageKeyId, k.PublishedVersion, \
                 (SELECT v.Version FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersion, \
                 (SELECT v.MessageKeyVersionId FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersionId, \
                 s.AllowedLanguages \
               FROM msg_MessageKey k \
               JOIN msg_MessageStore s ON s.MessageStoreId = k.MessageStoreId \
               JOIN msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
               JOIN msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
               WHERE k.MessageStoreId = ?1 AND (k.IsActive = 1 OR ?7 = 1) \
                 AND (?2 IS NULL OR instr(k.MessageKey, ?2) > 0) \
                 AND (?3 IS NULL OR c.Code = ?3) AND (?4 IS NULL OR t.Code = ?4) \
                 AND (?10 = 0 OR NOT EXISTS (SELECT 1 FROM seg_Key sk JOIN cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                   JOIN seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                   WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey)) \
             ) \
             SELECT COUNT(*) AS Total FROM base b \
             WHERE (?5 = 0 OR EXISTS (SELECT 1 FROM json_each(b.AllowedLanguages) a WHERE NOT EXISTS ( \
                 SELECT 1 FROM msg_MessageLanguageContent lc WHERE lc.MessageKeyVersionId = b.LatestVersionId AND lc.Language = a.value))) \
               AND (?6 = 0 OR (b.LatestVersion IS NOT NULL AND (b.PublishedVersion IS NULL OR b.LatestVersion <> b.PublishedVersion))) \
               AND (?11 IS NULL OR EXISTS (SELECT 1 FROM msg_MessageLanguageContent tc \
                 WHERE tc.MessageKeyVersionId IN (b.LatestVersionId, (SELECT pv.MessageKeyVersionId FROM msg_MessageKeyVersion pv \
                     WHERE pv.MessageKeyId = b.MessageKeyId AND pv.Version = b.PublishedVersion AND pv.IsActive = 1)) \
                   AND instr(ivr_lower(tc.Content), ?11) > 0 \
                   AND tc.Language IN (SELECT ta.value FROM json_each(b.AllowedLanguages) ta)))",
        ],
    }

    /// Audit rows of every key of a store, or of the keys with one name (deleted ones included),
    /// newest first, and the total (2 sets). Parameters: store id, key (nullable), offset, limit.
    MSG_AUDIT {
        mssql: "SELECT a.AuditId, a.MessageKeyId, k.MessageKey, a.MessageKeyVersionId, a.Action, a.ActionBy, a.ActionAt, a.AuditData, k.IsActive AS KeyIsActive \
                FROM ivr.msg_MessageKeyAudit a JOIN ivr.msg_MessageKey k ON k.MessageKeyId = a.MessageKeyId \
                WHERE k.MessageStoreId = @P1 AND (@P2 IS NULL OR k.MessageKey = @P2) \
                ORDER BY a.ActionAt DESC, a.AuditId OFFSET @P3 ROWS FETCH NEXT @P4 ROWS ONLY; \
                SELECT COUNT(*) AS Total FROM ivr.msg_MessageKeyAudit a JOIN ivr.msg_MessageKey k ON k.MessageKeyId = a.MessageKeyId \
                WHERE k.MessageStoreId = @P1 AND (@P2 IS NULL OR k.MessageKey = @P2)",
        sqlite: [
            "SELECT a.AuditId, a.MessageKeyId, k.MessageKey, a.MessageKeyVersionId, a.Action, a.ActionBy, a.ActionAt, a.AuditData, k.IsActive AS KeyIsActive \
             FROM msg_MessageKeyAudit a JOIN msg_MessageKey k ON k.MessageKeyId = a.MessageKeyId \
             WHERE k.MessageStoreId = ?1 AND (?2 IS NULL OR k.MessageKey = ?2) \
             ORDER BY a.ActionAt DESC, a.rowid DESC LIMIT ?4 OFFSET ?3",
            "SELECT COUNT(*) AS Total FROM msg_MessageKeyAudit a JOIN msg_MessageKey k ON k.MessageKeyId = a.MessageKeyId \
             WHERE k.MessageStoreId = ?1 AND (?2 IS NULL OR k.MessageKey = ?2)",
        ],
    }

    /// Segments whose configuration names a message key: keys named `messageKey` or ending in
    /// `MessageKey` (the convention agreed with the segment store). Only flows of the store's routing
    /// entries (by MessageStoreId, or by company project when the entry names no store) unless
    /// `all flows` is 1. Parameters: message key, store id, all flows (0/1).
    MSG_WHERE_USED {
        mssql: concat!("SELECT sg.RoutingId, sg.SegmentName, sg.ChangeSetId, st.Code AS SegmentType, dk.KeyName \
                FROM ivr.seg_Key sk \
                JOIN dbo.cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                JOIN ivr.seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                JOIN dbo.cfg_Dic_SegmentType st ON st.DicSegmentTypeId = sg.DicSegmentTypeId \
                WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = @P1 \
                  AND (@P3 = 1 OR EXISTS (SELECT 1 FROM ivr.rt_RoutingTable rt JOIN ivr.msg_MessageStore ms ON ms.MessageStoreId = @P2 \
                    WHERE rt.RoutingId = sg.RoutingId AND rt.IsActive = 1 AND ", routing_entry_uses_store!(), ")) \
                ORDER BY sg.RoutingId, CASE WHEN sg.ChangeSetId IS NULL THEN 0 ELSE 1 END, sg.SegmentName, dk.KeyName"),
        sqlite: [concat!("SELECT sg.RoutingId, sg.SegmentName, sg.ChangeSetId, st.Code AS SegmentType, dk.KeyName \
                  FROM seg_Key sk \
                  JOIN cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                  JOIN seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                  JOIN cfg_Dic_SegmentType st ON st.DicSegmentTypeId = sg.DicSegmentTypeId \
                  WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = ?1 \
                    AND (?3 = 1 OR EXISTS (SELECT 1 FROM rt_RoutingTable rt JOIN msg_MessageStore ms ON ms.MessageStoreId = ?2 \
                      WHERE rt.RoutingId = sg.RoutingId AND rt.IsActive = 1 AND ", routing_entry_uses_store!(), ")) \
                  ORDER BY sg.RoutingId, CASE WHEN sg.ChangeSetId IS NULL THEN 0 ELSE 1 END, sg.SegmentName, dk.KeyName")],
    }

    /// How complete a store is (2 sets): per language, how many active keys have a published
    /// version with content in it; then the active keys, those with a published version, those
    /// whose latest version is not the published one, and those no segment of any flow names.
    /// Parameter: store id.
    MSG_COMPLETENESS {
        mssql: "SELECT lc.Language, COUNT(*) AS Published FROM ivr.msg_MessageKey k \
                JOIN ivr.msg_MessageKeyVersion v ON v.MessageKeyId = k.MessageKeyId AND v.Version = k.PublishedVersion AND v.IsActive = 1 \
                JOIN ivr.msg_MessageLanguageContent lc ON lc.MessageKeyVersionId = v.MessageKeyVersionId \
                WHERE k.MessageStoreId = @P1 AND k.IsActive = 1 GROUP BY lc.Language ORDER BY lc.Language; \
                SELECT COUNT(*) AS ActiveKeys, COALESCE(SUM(x.IsPublished), 0) AS PublishedKeys, COALESCE(SUM(x.IsNewer), 0) AS NewerKeys, \
                  COALESCE(SUM(x.IsUnused), 0) AS UnusedKeys \
                FROM (SELECT CASE WHEN k.PublishedVersion IS NULL THEN 0 ELSE 1 END AS IsPublished, \
                    CASE WHEN lv.Version IS NOT NULL AND (k.PublishedVersion IS NULL OR lv.Version <> k.PublishedVersion) THEN 1 ELSE 0 END AS IsNewer, \
                    CASE WHEN EXISTS (SELECT 1 FROM ivr.seg_Key sk JOIN dbo.cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                      JOIN ivr.seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                      WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey) THEN 0 ELSE 1 END AS IsUnused \
                  FROM ivr.msg_MessageKey k \
                  OUTER APPLY (SELECT TOP (1) v.Version FROM ivr.msg_MessageKeyVersion v \
                    WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC) lv \
                  WHERE k.MessageStoreId = @P1 AND k.IsActive = 1) x",
        sqlite: [
            "SELECT lc.Language, COUNT(*) AS Published FROM msg_MessageKey k \
             JOIN msg_MessageKeyVersion v ON v.MessageKeyId = k.MessageKeyId AND v.Version = k.PublishedVersion AND v.IsActive = 1 \
             JOIN msg_MessageLanguageContent lc ON lc.MessageKeyVersionId = v.MessageKeyVersionId \
             WHERE k.MessageStoreId = ?1 AND k.IsActive = 1 GROUP BY lc.Language ORDER BY lc.Language",
            "SELECT COUNT(*) AS ActiveKeys, COALESCE(SUM(x.IsPublished), 0) AS PublishedKeys, COALESCE(SUM(x.IsNewer), 0) AS NewerKeys, \
               COALESCE(SUM(x.IsUnused), 0) AS UnusedKeys \
             FROM (SELECT CASE WHEN k.PublishedVersion IS NULL THEN 0 ELSE 1 END AS IsPublished, \
                 CASE WHEN lv IS NOT NULL AND (k.PublishedVersion IS NULL OR lv <> k.PublishedVersion) THEN 1 ELSE 0 END AS IsNewer, \
                 CASE WHEN EXISTS (SELECT 1 FROM seg_Key sk JOIN cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
                   JOIN seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
                   WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey) THEN 0 ELSE 1 END AS IsUnused \
               FROM (SELECT k.PublishedVersion, k.MessageKey, (SELECT v.Version FROM msg_MessageKeyVersion v \
                   WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS lv \
                 FROM msg_MessageKey k WHERE k.MessageStoreId = ?1 AND k.IsActive = 1) k) x",
        ],
    }

    /// Row counts of the message tables and the audit log: tests prove a refused write changed nothing.
    MSG_COUNTS {
        mssql: "SELECT (SELECT COUNT(*) FROM ivr.msg_MessageStore) AS Stores, (SELECT COUNT(*) FROM ivr.msg_MessageKey) AS MessageKeys, \
                  (SELECT COUNT(*) FROM ivr.msg_MessageKeyVersion) AS Versions, (SELECT COUNT(*) FROM ivr.msg_MessageLanguageContent) AS Contents, \
                  (SELECT COUNT(*) FROM ivr.msg_MessageKeyAudit) AS KeyAudits, (SELECT COUNT(*) FROM dbo.sys_AuditLog) AS AuditLog, \
                  (SELECT COUNT(*) FROM ivr.msg_MessageStoreVoiceConfig) AS Voices",
        sqlite: ["SELECT (SELECT COUNT(*) FROM msg_MessageStore) AS Stores, (SELECT COUNT(*) FROM msg_MessageKey) AS MessageKeys, \
                    (SELECT COUNT(*) FROM msg_MessageKeyVersion) AS Versions, (SELECT COUNT(*) FROM msg_MessageLanguageContent) AS Contents, \
                    (SELECT COUNT(*) FROM msg_MessageKeyAudit) AS KeyAudits, (SELECT COUNT(*) FROM sys_AuditLog) AS AuditLog, \
                    (SELECT COUNT(*) FROM msg_MessageStoreVoiceConfig) AS Voices"],
    }
}

// ------------------------------------------------------------------------------------------ rows

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub id: i32,
    pub code: String,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Voice {
    pub id: i32,
    pub code: String,
    pub engine: String,
    pub language: String,
    pub gender: Option<String>,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dictionaries {
    pub types: Vec<MessageTypeDef>,
    pub categories: Vec<Category>,
    /// Active language codes.
    pub languages: Vec<String>,
    pub voices: Vec<Voice>,
}

pub async fn dictionaries(db: &Db) -> Result<Dictionaries> {
    let sets = db.query_sets(&MSG_DICTIONARIES, &[]).await?;
    let [types, cats, langs, voices] = take_sets::<4>(sets)?;
    Ok(Dictionaries {
        types: types
            .iter()
            .map(|r| {
                Ok(MessageTypeDef {
                    id: r.i32("MessageTypeId")?,
                    code: r.str("Code")?,
                    settings_schema: r.opt_str("SettingsSchema")?,
                    default_settings: r.opt_str("DefaultSettings")?,
                })
            })
            .collect::<Result<_>>()?,
        categories: cats
            .iter()
            .map(|r| {
                Ok(Category {
                    id: r.i32("CategoryId")?,
                    code: r.str("Code")?,
                    display_name: r.str("DisplayName")?,
                })
            })
            .collect::<Result<_>>()?,
        languages: langs
            .iter()
            .map(|r| r.str("LanguageCode"))
            .collect::<Result<_>>()?,
        voices: voices
            .iter()
            .map(|r| {
                Ok(Voice {
                    id: r.i32("VoiceId")?,
                    code: r.str("Code")?,
                    engine: r.str("Engine")?,
                    language: r.str("Language")?,
                    gender: r.opt_str("Gender")?,
                    display_name: r.str("DisplayName")?,
                })
            })
            .collect::<Result<_>>()?,
    })
}

fn take_sets<const N: usize>(sets: Vec<Vec<Row>>) -> Result<[Vec<Row>; N]> {
    let n = sets.len();
    sets.try_into().map_err(|_| {
        Error::internal(format!(
            "the database returned {n} result sets where {N} were expected"
        ))
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyProject {
    pub id: i32,
    pub customer_id: String,
    pub project_id: String,
    pub environment: String,
}

pub async fn company_projects(
    db: &Db,
    customer: Option<&str>,
    project: Option<&str>,
    environment: Option<&str>,
) -> Result<Vec<CompanyProject>> {
    let rows = db
        .query(
            &MSG_COMPANY_PROJECTS,
            &[customer.into(), project.into(), environment.into()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(CompanyProject {
                id: r.i32("CompanyProjectId")?,
                customer_id: r.str("CustomerId")?,
                project_id: r.str("ProjectId")?,
                environment: r.str("Environment")?,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreVoice {
    pub language: String,
    pub voice_id: i32,
    pub voice_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreRow {
    pub id: i32,
    pub name: String,
    pub company_project_id: i32,
    pub customer_id: String,
    pub project_id: String,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
    pub is_active: bool,
    pub key_count: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    pub voices: Vec<StoreVoice>,
}

/// Stores by id or company project (each optional).
pub async fn stores(
    db: &Db,
    store_id: Option<i32>,
    customer: Option<&str>,
    project: Option<&str>,
) -> Result<Vec<StoreRow>> {
    let sets = db
        .query_sets(
            &MSG_STORES,
            &[store_id.into(), customer.into(), project.into()],
        )
        .await?;
    let [stores, voices] = take_sets::<2>(sets)?;
    stores
        .iter()
        .map(|r| {
            let id = r.i32("MessageStoreId")?;
            let allowed_text = r.str("AllowedLanguages")?;
            let allowed: Vec<String> = serde_json::from_str(&allowed_text).map_err(|e| {
                Error::internal(format!(
                    "message store {id} has AllowedLanguages that are not a JSON array of codes ({e})"
                ))
            })?;
            let mut store_voices = Vec::new();
            for v in &voices {
                if v.i32("MessageStoreId")? == id {
                    store_voices.push(StoreVoice {
                        language: v.str("Language")?,
                        voice_id: v.i32("VoiceId")?,
                        voice_code: v.str("VoiceCode")?,
                    });
                }
            }
            Ok(StoreRow {
                id,
                name: r.str("Name")?,
                company_project_id: r.i32("CompanyProjectId")?,
                customer_id: r.str("CustomerId")?,
                project_id: r.str("ProjectId")?,
                allowed_languages: allowed,
                default_language: r.str("DefaultLanguage")?,
                is_active: r.bool("IsActive")?,
                key_count: r.i64("KeyCount")?,
                created_at: r.str("CreatedAt")?,
                created_by: r.str("CreatedBy")?,
                updated_at: r.opt_str("UpdatedAt")?,
                updated_by: r.opt_str("UpdatedBy")?,
                voices: store_voices,
            })
        })
        .collect()
}

/// Who writes, where: recorded in every audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Writer {
    pub actor: String,
    pub environment: String,
}

pub async fn insert_store(
    conn: &mut Conn,
    w: &Writer,
    name: &str,
    company_project_id: i32,
    allowed_json: &str,
    default_language: &str,
    after: &str,
) -> Result<i32> {
    let rows = conn
        .query(
            &MSG_STORE_INSERT,
            &[
                name.into(),
                company_project_id.into(),
                allowed_json.into(),
                default_language.into(),
                w.actor.as_str().into(),
                w.environment.as_str().into(),
                after.into(),
            ],
        )
        .await?;
    rows.first()
        .ok_or_else(|| Error::internal("creating the message store returned no id"))?
        .i32("MessageStoreId")
}

#[allow(clippy::too_many_arguments)]
pub async fn update_store(
    conn: &mut Conn,
    w: &Writer,
    store_id: i32,
    name: &str,
    allowed_json: &str,
    default_language: &str,
    before: &str,
    after: &str,
) -> Result<()> {
    conn.execute(
        &MSG_STORE_UPDATE,
        &[
            store_id.into(),
            name.into(),
            allowed_json.into(),
            default_language.into(),
            w.actor.as_str().into(),
            w.environment.as_str().into(),
            before.into(),
            after.into(),
        ],
    )
    .await?;
    Ok(())
}

pub async fn set_default_voice(
    conn: &mut Conn,
    w: &Writer,
    store_id: i32,
    language: &str,
    voice_id: i32,
    before: Option<&str>,
    after: &str,
) -> Result<()> {
    conn.execute(
        &MSG_VOICE_SET_DEFAULT,
        &[
            store_id.into(),
            language.into(),
            voice_id.into(),
            w.actor.as_str().into(),
            w.environment.as_str().into(),
            before.into(),
            after.into(),
        ],
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyRow {
    pub id: i32,
    pub store_id: i32,
    pub key: String,
    pub type_id: i32,
    pub message_type: String,
    pub category_id: i32,
    pub category: String,
    pub display_name: Option<String>,
    pub published_version: Option<i32>,
    pub is_active: bool,
    /// Opaque optimistic-concurrency token; send it back with publish, rollback, delete.
    pub row_version: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionRow {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub id: Uuid,
    pub key_id: i32,
    pub version: i32,
    pub name: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub contents: Vec<LanguageContent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyWithVersions {
    #[serde(flatten)]
    pub key: KeyRow,
    /// Oldest first; the last one is the latest.
    pub versions: Vec<VersionRow>,
}

fn key_row(r: &Row) -> Result<KeyRow> {
    Ok(KeyRow {
        id: r.i32("MessageKeyId")?,
        store_id: r.i32("MessageStoreId")?,
        key: r.str("MessageKey")?,
        type_id: r.i32("MessageTypeId")?,
        message_type: r.str("MessageType")?,
        category_id: r.i32("CategoryId")?,
        category: r.str("Category")?,
        display_name: r.opt_str("DisplayName")?,
        published_version: r.opt_i32("PublishedVersion")?,
        is_active: r.bool("IsActive")?,
        row_version: r.row_version("RowVersion")?,
        created_at: r.str("CreatedAt")?,
        created_by: r.str("CreatedBy")?,
        updated_at: r.opt_str("UpdatedAt")?,
        updated_by: r.opt_str("UpdatedBy")?,
    })
}

/// Assembles keys, versions and contents from the three result sets.
fn assemble(sets: Vec<Vec<Row>>) -> Result<Vec<KeyWithVersions>> {
    let [keys, versions, contents] = take_sets::<3>(sets)?;
    let mut by_version: std::collections::HashMap<Uuid, Vec<LanguageContent>> =
        std::collections::HashMap::new();
    for r in &contents {
        by_version
            .entry(r.uuid("MessageKeyVersionId")?)
            .or_default()
            .push(LanguageContent {
                language: r.str("Language")?,
                content: r.str("Content")?,
                type_settings: r.opt_str("TypeSettings")?,
            });
    }
    let mut by_key: std::collections::HashMap<i32, Vec<VersionRow>> =
        std::collections::HashMap::new();
    for r in &versions {
        let id = r.uuid("MessageKeyVersionId")?;
        let key_id = r.i32("MessageKeyId")?;
        by_key.entry(key_id).or_default().push(VersionRow {
            id,
            key_id,
            version: r.i32("Version")?,
            name: r.opt_str("VersionName")?,
            created_at: r.str("CreatedAt")?,
            created_by: r.str("CreatedBy")?,
            contents: by_version.remove(&id).unwrap_or_default(),
        });
    }
    keys.iter()
        .map(|r| {
            let key = key_row(r)?;
            let versions = by_key.remove(&key.id).unwrap_or_default();
            Ok(KeyWithVersions { key, versions })
        })
        .collect()
}

/// The key of that name (active first, then deleted ones when asked), with versions.
pub async fn key_detail(
    conn: &mut Conn,
    store_id: i32,
    key: &str,
    include_deleted: bool,
) -> Result<Vec<KeyWithVersions>> {
    let sets = conn
        .query_sets(
            &MSG_KEY_DETAIL,
            &[store_id.into(), key.into(), include_deleted.into()],
        )
        .await?;
    assemble(sets)
}

/// Every active key with all versions.
pub async fn store_content(conn: &mut Conn, store_id: i32) -> Result<Vec<KeyWithVersions>> {
    let sets = conn
        .query_sets(&MSG_STORE_CONTENT, &[store_id.into()])
        .await?;
    assemble(sets)
}

/// What [`write_set`] writes; built by the app.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WriteSet {
    pub keys: Vec<NewKey>,
    pub versions: Vec<NewVersion>,
    pub contents: Vec<NewContent>,
    pub publish: Vec<PublishPointer>,
    pub audit: Vec<AuditItem>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewKey {
    pub key: String,
    pub type_id: i32,
    pub category_id: i32,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewVersion {
    pub id: Uuid,
    pub key: String,
    pub version: i32,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewContent {
    pub version_id: Uuid,
    pub language: String,
    pub content: String,
    pub type_settings: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishPointer {
    pub key: String,
    pub version: i32,
}

/// One audit event, written to msg_MessageKeyAudit (`data`) and sys_AuditLog (`before`/`after`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditItem {
    pub id: Uuid,
    pub key: String,
    pub version_id: Option<Uuid>,
    pub action: String,
    pub data: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

fn json_param<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_string(v)
        .map(Value::Text)
        .map_err(|e| Error::internal(format!("cannot serialise a write set: {e}")))
}

/// Writes a [`WriteSet`] in one round trip; returns `(MessageKeyId, MessageKey, RowVersion)` of the
/// keys named by the audit items.
pub async fn write_set(
    conn: &mut Conn,
    w: &Writer,
    store_id: i32,
    set: &WriteSet,
) -> Result<Vec<(i32, String, String)>> {
    let rows = conn
        .query(
            &MSG_WRITE_SET,
            &[
                store_id.into(),
                json_param(&set.keys)?,
                json_param(&set.versions)?,
                json_param(&set.contents)?,
                json_param(&set.publish)?,
                w.actor.as_str().into(),
                json_param(&set.audit)?,
                w.environment.as_str().into(),
            ],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.i32("MessageKeyId")?,
                r.str("MessageKey")?,
                r.row_version("RowVersion")?,
            ))
        })
        .collect()
}

/// A guarded change of one key's row.
#[derive(Debug, Clone)]
pub struct KeyChange {
    pub key_id: i32,
    pub expected_row_version: String,
    pub published_version: Option<i32>,
    pub display_name: Option<String>,
    pub category_id: i32,
    pub type_id: i32,
    pub is_active: bool,
    pub audit: AuditItem,
}

/// Applies a [`KeyChange`]; `Ok(Some(new row version))` when the row version matched, `Ok(None)`
/// when someone changed the key first (nothing written).
pub async fn change_key(conn: &mut Conn, w: &Writer, c: &KeyChange) -> Result<Option<String>> {
    let rv = row_version_param(conn.engine(), &c.expected_row_version)?;
    let rows = conn
        .query(
            &MSG_KEY_CHANGE,
            &[
                c.key_id.into(),
                rv,
                c.published_version.into(),
                c.display_name.clone().into(),
                c.category_id.into(),
                c.is_active.into(),
                w.actor.as_str().into(),
                c.audit.id.into(),
                c.audit.action.as_str().into(),
                c.audit.data.as_str().into(),
                w.environment.as_str().into(),
                c.audit.before.clone().into(),
                c.audit.after.clone().into(),
                c.audit.version_id.into(),
                c.type_id.into(),
            ],
        )
        .await?;
    done(rows)
}

fn done(rows: Vec<Row>) -> Result<Option<String>> {
    let Some(r) = rows.first() else {
        return Err(Error::not_found("the message key no longer exists"));
    };
    if r.i64("Done")? == 1 {
        Ok(Some(r.row_version("RowVersion")?))
    } else {
        Ok(None)
    }
}

/// Restores a soft-deleted key; `Ok(None)` when it changed first or its name is taken again
/// (nothing written).
pub async fn restore_key(
    conn: &mut Conn,
    w: &Writer,
    key_id: i32,
    expected_row_version: &str,
    audit: &AuditItem,
) -> Result<Option<String>> {
    let rv = row_version_param(conn.engine(), expected_row_version)?;
    let rows = conn
        .query(
            &MSG_KEY_RESTORE,
            &[
                key_id.into(),
                rv,
                w.actor.as_str().into(),
                audit.id.into(),
                audit.data.as_str().into(),
                w.environment.as_str().into(),
                audit.before.clone().into(),
                audit.after.clone().into(),
            ],
        )
        .await?;
    done(rows)
}

/// Deletes a version that is not published; `Ok(None)` when the key changed first.
#[allow(clippy::too_many_arguments)]
pub async fn delete_version(
    conn: &mut Conn,
    w: &Writer,
    key_id: i32,
    expected_row_version: &str,
    version_id: Uuid,
    audit_id: Uuid,
    audit_data: &str,
    before: &str,
) -> Result<Option<String>> {
    let rv = row_version_param(conn.engine(), expected_row_version)?;
    let rows = conn
        .query(
            &MSG_VERSION_DELETE,
            &[
                key_id.into(),
                rv,
                version_id.into(),
                w.actor.as_str().into(),
                audit_id.into(),
                audit_data.into(),
                w.environment.as_str().into(),
                before.into(),
            ],
        )
        .await?;
    done(rows)
}

/// The runtime answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedRow {
    pub store_id: i32,
    pub key: String,
    pub version: i32,
    pub language: String,
    pub content: String,
    pub type_settings: Option<String>,
    pub message_type: String,
    pub default_settings: Option<String>,
    pub voice: Option<String>,
    pub default_language: String,
}

/// Where to look a message up: a store, or a company project's store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoreRef {
    Id(i32),
    Project { customer: String, project: String },
}

/// One statement.
pub async fn resolve(
    db: &Db,
    store: &StoreRef,
    key: &str,
    language: &str,
) -> Result<Option<ResolvedRow>> {
    let (id, customer, project) = match store {
        StoreRef::Id(id) => (Some(*id), None, None),
        StoreRef::Project { customer, project } => {
            (None, Some(customer.as_str()), Some(project.as_str()))
        }
    };
    let rows = db
        .query(
            &MSG_RESOLVE,
            &[
                id.into(),
                customer.into(),
                project.into(),
                key.into(),
                language.into(),
            ],
        )
        .await?;
    rows.first()
        .map(|r| {
            Ok(ResolvedRow {
                store_id: r.i32("MessageStoreId")?,
                key: r.str("MessageKey")?,
                version: r.i32("Version")?,
                language: r.str("Language")?,
                content: r.str("Content")?,
                type_settings: r.opt_str("TypeSettings")?,
                message_type: r.str("MessageType")?,
                default_settings: r.opt_str("DefaultSettings")?,
                voice: r.opt_str("VoiceCode")?,
                default_language: r.str("DefaultLanguage")?,
            })
        })
        .transpose()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyListItem {
    pub id: i32,
    pub key: String,
    pub message_type: String,
    pub category: String,
    pub display_name: Option<String>,
    pub published_version: Option<i32>,
    pub latest_version: Option<i32>,
    pub version_count: i64,
    pub is_active: bool,
    pub row_version: String,
    pub created_at: String,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub offset: u32,
    pub limit: u32,
}

/// A page of keys; the filter is normalised by the app.
pub async fn list_keys(
    db: &Db,
    store_id: i32,
    f: &ivr_domain::message::KeyFilter,
) -> Result<Page<KeyListItem>> {
    let sets = db
        .query_sets(
            &MSG_KEY_LIST,
            &[
                store_id.into(),
                f.text.clone().into(),
                f.category.clone().into(),
                f.message_type.clone().into(),
                f.missing_language.into(),
                f.newer_than_published.into(),
                f.include_deleted.into(),
                f.offset.into(),
                f.limit.into(),
                f.unused.unwrap_or(false).into(),
                f.content.clone().into(),
            ],
        )
        .await?;
    let (rows, total) = page_and_total(sets)?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(KeyListItem {
                id: r.i32("MessageKeyId")?,
                key: r.str("MessageKey")?,
                message_type: r.str("MessageType")?,
                category: r.str("Category")?,
                display_name: r.opt_str("DisplayName")?,
                published_version: r.opt_i32("PublishedVersion")?,
                latest_version: r.opt_i32("LatestVersion")?,
                version_count: r.i64("VersionCount")?,
                is_active: r.bool("IsActive")?,
                row_version: r.row_version("RowVersion")?,
                created_at: r.str("CreatedAt")?,
                updated_at: r.opt_str("UpdatedAt")?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Page {
        items,
        total,
        offset: f.offset,
        limit: f.limit,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyAuditRow {
    pub audit_id: String,
    pub key_id: i32,
    pub key: String,
    pub version_id: Option<String>,
    pub action: String,
    pub action_by: String,
    pub action_at: String,
    /// The audit row's JSON text exactly as stored, as a string (see `AuditEntry::before`).
    pub data: Option<JsonText>,
    /// False when the key has been deleted since.
    pub key_is_active: bool,
}

pub async fn audit(
    db: &Db,
    store_id: i32,
    key: Option<&str>,
    offset: u32,
    limit: u32,
) -> Result<Page<KeyAuditRow>> {
    let sets = db
        .query_sets(
            &MSG_AUDIT,
            &[store_id.into(), key.into(), offset.into(), limit.into()],
        )
        .await?;
    let (rows, total) = page_and_total(sets)?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(KeyAuditRow {
                audit_id: r.str("AuditId")?.to_lowercase(),
                key_id: r.i32("MessageKeyId")?,
                key: r.str("MessageKey")?,
                version_id: r.opt_str("MessageKeyVersionId")?.map(|s| s.to_lowercase()),
                action: r.str("Action")?,
                action_by: r.str("ActionBy")?,
                action_at: r.str("ActionAt")?,
                data: r.opt_str("AuditData")?.map(JsonText::stored),
                key_is_active: r.bool("KeyIsActive")?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Page {
        items,
        total,
        offset,
        limit,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WhereUsed {
    pub routing_id: String,
    pub segment_name: String,
    /// `None` for the published flow, else the draft's change set.
    pub change_set_id: Option<String>,
    pub segment_type: String,
    pub config_key: String,
}

pub async fn where_used(
    db: &Db,
    store_id: i32,
    key: &str,
    all_flows: bool,
) -> Result<Vec<WhereUsed>> {
    let rows = db
        .query(
            &MSG_WHERE_USED,
            &[key.into(), store_id.into(), all_flows.into()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(WhereUsed {
                routing_id: r.str("RoutingId")?,
                segment_name: r.str("SegmentName")?,
                change_set_id: r.opt_str("ChangeSetId")?.map(|s| s.to_lowercase()),
                segment_type: r.str("SegmentType")?,
                config_key: r.str("KeyName")?,
            })
        })
        .collect()
}

/// The counts of [`MSG_COMPLETENESS`]: per language (as stored) and for the whole store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletenessRows {
    pub published_by_language: Vec<(String, i64)>,
    pub active_keys: i64,
    pub published_keys: i64,
    pub newer_keys: i64,
    pub unused_keys: i64,
}

pub async fn completeness(db: &Db, store_id: i32) -> Result<CompletenessRows> {
    let sets = db.query_sets(&MSG_COMPLETENESS, &[store_id.into()]).await?;
    let [langs, totals] = take_sets::<2>(sets)?;
    let t = totals
        .first()
        .ok_or_else(|| Error::internal("the completeness totals returned no row"))?;
    Ok(CompletenessRows {
        published_by_language: langs
            .iter()
            .map(|r| Ok((r.str("Language")?, r.i64("Published")?)))
            .collect::<Result<_>>()?,
        active_keys: t.i64("ActiveKeys")?,
        published_keys: t.i64("PublishedKeys")?,
        newer_keys: t.i64("NewerKeys")?,
        unused_keys: t.i64("UnusedKeys")?,
    })
}

/// Row counts (tests): stores, keys, versions, contents, key audits, audit log, voice configs.
pub async fn counts(db: &Db) -> Result<[i64; 7]> {
    let rows = db.query(&MSG_COUNTS, &[]).await?;
    let r = rows
        .first()
        .ok_or_else(|| Error::internal("counting rows returned nothing"))?;
    Ok([
        r.i64("Stores")?,
        r.i64("MessageKeys")?,
        r.i64("Versions")?,
        r.i64("Contents")?,
        r.i64("KeyAudits")?,
        r.i64("AuditLog")?,
        r.i64("Voices")?,
    ])
}
