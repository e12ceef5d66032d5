//! The message store's SQL (spec: Message Store Schema v5.0.0). Rules live in `ivr_domain::message`
//! and `ivr_app::messages`; this module only reads and writes.
//!
//! Writes are set-based: keys, versions, contents, published pointers and audit rows travel as JSON
//! arrays read with `OPENJSON` / `json_each`, so one round trip writes one key or ten thousand.
//! Conditional writes (publish, rollback, delete) insert their `msg_MessageKeyAudit` row only when
//! the row-version check matched; every later statement of the batch is conditioned on that audit
//! row, and the batch reports `Done` so the app can answer CONFLICT.
//!
//! This file holds the SQL texts; the functions that run them and map rows are in
//! `message/`: `dict` (dictionaries, company projects), `stores`, `keys` (a key with its versions),
//! `writes` (the set-based and guarded writes), `resolve` (the runtime lookup) and `lists` (pages
//! of keys and audit, where-used, completeness).

mod dict;
mod keys;
mod lists;
mod resolve;
mod stores;
mod texts;
mod writes;

pub use dict::*;
pub use keys::*;
pub use lists::*;
pub use resolve::*;
pub use stores::*;
pub use texts::*;
pub use writes::*;

use crate::queries;
use crate::sql::routing_entry_uses_store;

/// The unique index of "one active key per name in a store" (the same name on both engines).
pub const KEY_INDEX: &str = "UX_MessageKey_StoreKey";
/// The unique index of "one version number per key".
pub const VERSION_INDEX: &str = "UX_MessageKeyVersion_KeyVersion";

/// SQLite only: the keys (`k`) whose contents — any version, any language — may hold the search
/// text `?11`, found in the FTS5 trigram indexes of migrations
/// `V20261203143000__message_text_search` and `V20261204214500__message_text_search_ends` (rowid =
/// MessageLanguageContentId). It only narrows: the exact test (latest or published version,
/// allowed languages, `instr`) still decides, so the answer is the same with or without it.
/// - 3+ characters: the rows `msg_MessageContentSearch` MATCHes (the text goes in as one FTS5
///   string, `"` doubled, so it is matched as a substring and nothing in it is query syntax).
/// - 1 or 2 characters (no trigram of their own): the rows with a trigram that starts with the
///   text, one range of `term` (from the text to the text followed by U+10FFFF, the greatest
///   character) in the vocabularies of `msg_MessageContentSearch` and of
///   `msg_MessageContentEnds` (each content's last two characters followed by two U+0001, where no
///   trigram of the first starts): every character of a content starts one of them.
///
/// Skipped, inside the same statement, when the indexes hold the text in at least twice as many
/// rows (3+ characters) or trigram occurrences (1 or 2) as the store has keys, and at least 2,000
/// (the `EXISTS` reads at most that many): they would hand back most of the store, and reading
/// every key costs less then, the page filling after a few keys. The bound follows the store's
/// size because the scan it stands for does; a fixed 2,000 sent a text 3% of 10,000 keys hold
/// (4,500 occurrences) to a scan 15 times slower than the index (README, Messages).
macro_rules! text_search_candidates {
    () => {
        "(?11 IS NULL \
           OR EXISTS (SELECT 1 FROM (SELECT 1 FROM msg_MessageContentTerms \
                 WHERE length(?11) < 3 AND term >= ?11 AND term <= ?11 || char(1114111) \
               UNION ALL SELECT 1 FROM msg_MessageContentEndTerms \
                 WHERE length(?11) < 3 AND term >= ?11 AND term <= ?11 || char(1114111) \
               UNION ALL SELECT 1 FROM msg_MessageContentSearch \
                 WHERE length(?11) >= 3 AND msg_MessageContentSearch MATCH '\"' || replace(?11, '\"', '\"\"') || '\"') \
             LIMIT 1 OFFSET max(2000, 2 * (SELECT COUNT(*) FROM msg_MessageKey nk WHERE nk.MessageStoreId = ?1)) - 1) \
           OR k.MessageKeyId IN (SELECT sv.MessageKeyId FROM msg_MessageContentSearch sx \
               JOIN msg_MessageLanguageContent sc ON sc.MessageLanguageContentId = sx.rowid \
               JOIN msg_MessageKeyVersion sv ON sv.MessageKeyVersionId = sc.MessageKeyVersionId \
               WHERE length(?11) >= 3 AND msg_MessageContentSearch MATCH '\"' || replace(?11, '\"', '\"\"') || '\"' \
             UNION ALL SELECT sv.MessageKeyId FROM msg_MessageContentTerms st \
               JOIN msg_MessageLanguageContent sc ON sc.MessageLanguageContentId = st.doc \
               JOIN msg_MessageKeyVersion sv ON sv.MessageKeyVersionId = sc.MessageKeyVersionId \
               WHERE length(?11) < 3 AND st.term >= ?11 AND st.term <= ?11 || char(1114111) \
             UNION ALL SELECT sv.MessageKeyId FROM msg_MessageContentEndTerms se \
               JOIN msg_MessageLanguageContent sc ON sc.MessageLanguageContentId = se.doc \
               JOIN msg_MessageKeyVersion sv ON sv.MessageKeyVersionId = sc.MessageKeyVersionId \
               WHERE length(?11) < 3 AND se.term >= ?11 AND se.term <= ?11 || char(1114111)))"
    };
}

/// Keys with their active versions and those versions' contents, the three sets `keys::assemble`
/// reads (SQL Server): the keys `k` that satisfy `$keys`, in `$order`, each with its type's
/// DefaultSettings (what the runtime overlays; the publish preview reads them from here). A key's
/// detail and a store's content differ only in which keys they read.
macro_rules! keys_with_versions_mssql {
    ($keys:literal, $order:literal) => {
        concat!("SELECT k.MessageKeyId, k.MessageStoreId, k.MessageKey, k.MessageTypeId, t.Code AS MessageType, k.CategoryId, c.Code AS Category, \
           k.DisplayName, k.PublishedVersion, k.IsActive, k.RowVersion, k.CreatedAt, k.CreatedBy, k.UpdatedAt, k.UpdatedBy, t.DefaultSettings \
         FROM ivr.msg_MessageKey k \
         JOIN ivr.msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
         JOIN ivr.msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
         WHERE ", $keys, " ORDER BY ", $order, "; \
         SELECT v.MessageKeyVersionId, v.MessageKeyId, v.Version, v.VersionName, v.CreatedAt, v.CreatedBy \
         FROM ivr.msg_MessageKeyVersion v JOIN ivr.msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
         WHERE ", $keys, " AND v.IsActive = 1 ORDER BY v.MessageKeyId, v.CreatedAt, v.Version; \
         SELECT lc.MessageKeyVersionId, lc.Language, lc.Content, lc.TypeSettings \
         FROM ivr.msg_MessageLanguageContent lc \
         JOIN ivr.msg_MessageKeyVersion v ON v.MessageKeyVersionId = lc.MessageKeyVersionId \
         JOIN ivr.msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
         WHERE ", $keys, " AND v.IsActive = 1 ORDER BY lc.MessageKeyVersionId, lc.Language")
    };
}

/// `keys_with_versions_mssql!` on SQLite, one statement a set.
macro_rules! keys_with_versions_sqlite {
    ($keys:literal, $order:literal) => {
        [
            concat!("SELECT k.MessageKeyId, k.MessageStoreId, k.MessageKey, k.MessageTypeId, t.Code AS MessageType, k.CategoryId, c.Code AS Category, \
               k.DisplayName, k.PublishedVersion, k.IsActive, k.RowVersion, k.CreatedAt, k.CreatedBy, k.UpdatedAt, k.UpdatedBy, t.DefaultSettings \
             FROM msg_MessageKey k \
             JOIN msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
             JOIN msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
             WHERE ", $keys, " ORDER BY ", $order),
            concat!("SELECT v.MessageKeyVersionId, v.MessageKeyId, v.Version, v.VersionName, v.CreatedAt, v.CreatedBy \
             FROM msg_MessageKeyVersion v JOIN msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
             WHERE ", $keys, " AND v.IsActive = 1 ORDER BY v.MessageKeyId, v.CreatedAt, v.Version"),
            concat!("SELECT lc.MessageKeyVersionId, lc.Language, lc.Content, lc.TypeSettings \
             FROM msg_MessageLanguageContent lc \
             JOIN msg_MessageKeyVersion v ON v.MessageKeyVersionId = lc.MessageKeyVersionId \
             JOIN msg_MessageKey k ON k.MessageKeyId = v.MessageKeyId \
             WHERE ", $keys, " AND v.IsActive = 1 ORDER BY lc.MessageKeyVersionId, lc.Language"),
        ]
    };
}

/// The keys a page of `MSG_KEY_LIST` starts from (SQL Server): a store's keys `k` with their store
/// `s`, type `t`, category `c` and latest version `lv`, narrowed by deletion, key text, category,
/// type and use by a flow. The page and its total read the same keys.
macro_rules! key_page_keys_mssql {
    () => {
        "FROM ivr.msg_MessageKey k \
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
             WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey))"
    };
}

/// The filters of a key page on a key's versions (SQL Server), over `base b` as
/// `key_page_keys_mssql!` reads it: a language missing from the latest version, a version newer
/// than the published one, a message text in an allowed language of the latest or published one.
macro_rules! key_page_filters_mssql {
    () => {
        "WHERE (@P5 = 0 OR EXISTS (SELECT 1 FROM OPENJSON(b.AllowedLanguages) a WHERE NOT EXISTS ( \
             SELECT 1 FROM ivr.msg_MessageLanguageContent lc WHERE lc.MessageKeyVersionId = b.LatestVersionId AND lc.Language = a.value))) \
           AND (@P6 = 0 OR (b.LatestVersion IS NOT NULL AND (b.PublishedVersion IS NULL OR b.LatestVersion <> b.PublishedVersion))) \
           AND (@P11 IS NULL OR EXISTS (SELECT 1 FROM ivr.msg_MessageKeyVersion tv \
             JOIN ivr.msg_MessageLanguageContent tc ON tc.MessageKeyVersionId = tv.MessageKeyVersionId \
             WHERE tv.MessageKeyId = b.MessageKeyId AND tv.IsActive = 1 \
               AND (tv.MessageKeyVersionId = b.LatestVersionId OR tv.Version = b.PublishedVersion) \
               AND CHARINDEX(@P11, LOWER(tc.Content) COLLATE Latin1_General_100_BIN2) > 0 \
               AND tc.Language IN (SELECT ta.value FROM OPENJSON(b.AllowedLanguages) ta)))"
    };
}

/// `key_page_keys_mssql!` on SQLite (the latest version is read in the select list), with the
/// trigram narrowing of a text search (`text_search_candidates!`).
macro_rules! key_page_keys_sqlite {
    () => {
        concat!("FROM msg_MessageKey k \
           JOIN msg_MessageStore s ON s.MessageStoreId = k.MessageStoreId \
           JOIN msg_Dic_MessageType t ON t.MessageTypeId = k.MessageTypeId \
           JOIN msg_Dic_MessageCategory c ON c.CategoryId = k.CategoryId \
           WHERE k.MessageStoreId = ?1 AND (k.IsActive = 1 OR ?7 = 1) \
             AND (?2 IS NULL OR instr(k.MessageKey, ?2) > 0) \
             AND ", text_search_candidates!(), " \
             AND (?3 IS NULL OR c.Code = ?3) AND (?4 IS NULL OR t.Code = ?4) \
             AND (?10 = 0 OR NOT EXISTS (SELECT 1 FROM seg_Key sk JOIN cfg_Dic_Key dk ON dk.DicKeyId = sk.DicKeyId \
               JOIN seg_Segment sg ON sg.SegmentId = sk.SegmentId AND sg.IsActive = 1 \
               WHERE (dk.KeyName = 'messageKey' OR dk.KeyName LIKE '%MessageKey') AND sk.Value = k.MessageKey))")
    };
}

/// `key_page_filters_mssql!` on SQLite.
macro_rules! key_page_filters_sqlite {
    () => {
        "WHERE (?5 = 0 OR EXISTS (SELECT 1 FROM json_each(b.AllowedLanguages) a WHERE NOT EXISTS ( \
             SELECT 1 FROM msg_MessageLanguageContent lc WHERE lc.MessageKeyVersionId = b.LatestVersionId AND lc.Language = a.value))) \
           AND (?6 = 0 OR (b.LatestVersion IS NOT NULL AND (b.PublishedVersion IS NULL OR b.LatestVersion <> b.PublishedVersion))) \
           AND (?11 IS NULL OR EXISTS (SELECT 1 FROM msg_MessageLanguageContent tc \
             WHERE tc.MessageKeyVersionId IN (b.LatestVersionId, (SELECT pv.MessageKeyVersionId FROM msg_MessageKeyVersion pv \
                 WHERE pv.MessageKeyId = b.MessageKeyId AND pv.Version = b.PublishedVersion AND pv.IsActive = 1)) \
               AND instr(b.AllowedLanguages, '\"' || tc.Language || '\"') > 0 \
               AND instr(ivr_lower(tc.Content), ?11) > 0))"
    };
}

queries! {
    /// Dictionaries the message rules need, active rows only: types, categories, languages,
    /// voices (4 sets; the columns of the dictionaries' row types).
    MSG_DICTIONARIES {
        mssql: "SELECT MessageTypeId, Code, DisplayName, SettingsSchema, DefaultSettings, IsActive FROM ivr.msg_Dic_MessageType WHERE IsActive = 1 ORDER BY Code; \
                SELECT CategoryId, Code, DisplayName, Icon, Color, IsActive FROM ivr.msg_Dic_MessageCategory WHERE IsActive = 1 ORDER BY Code; \
                SELECT LanguageCode, DisplayName, IsActive FROM dbo.cfg_Dic_Language WHERE IsActive = 1 ORDER BY LanguageCode; \
                SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM dbo.cfg_Dic_Voice WHERE IsActive = 1 ORDER BY Language, Code",
        sqlite: [
            "SELECT MessageTypeId, Code, DisplayName, SettingsSchema, DefaultSettings, IsActive FROM msg_Dic_MessageType WHERE IsActive = 1 ORDER BY Code",
            "SELECT CategoryId, Code, DisplayName, Icon, Color, IsActive FROM msg_Dic_MessageCategory WHERE IsActive = 1 ORDER BY Code",
            "SELECT LanguageCode, DisplayName, IsActive FROM cfg_Dic_Language WHERE IsActive = 1 ORDER BY LanguageCode",
            "SELECT VoiceId, Code, Engine, Language, Gender, DisplayName, IsActive FROM cfg_Dic_Voice WHERE IsActive = 1 ORDER BY Language, Code",
        ],
    }

    /// Active company projects matching customer / project / environment code (each optional),
    /// with the columns of `ivr_domain::dict::CompanyProject`.
    MSG_COMPANY_PROJECTS {
        mssql: "SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, \
                  cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                FROM dbo.cfg_Dic_CompanyProject cp \
                JOIN dbo.cfg_Dic_Environment e ON e.EnvironmentId = cp.EnvironmentId \
                WHERE cp.IsActive = 1 AND (@P1 IS NULL OR cp.CustomerId = @P1) AND (@P2 IS NULL OR cp.ProjectId = @P2) AND (@P3 IS NULL OR e.Code = @P3) \
                ORDER BY cp.CustomerId, cp.ProjectId, e.Code",
        sqlite: ["SELECT cp.CompanyProjectId, cp.EnvironmentId, e.Code AS EnvironmentCode, cp.CustomerId, cp.ProjectId, cp.DisplayName, cp.OktaGroup, cp.IsActive, \
                    cp.CreatedAt, cp.CreatedBy, cp.UpdatedAt, cp.UpdatedBy \
                  FROM cfg_Dic_CompanyProject cp \
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
        mssql: keys_with_versions_mssql!(
            "k.MessageStoreId = @P1 AND k.MessageKey = @P2 AND (k.IsActive = 1 OR @P3 = 1)",
            "k.IsActive DESC, k.MessageKeyId DESC"
        ),
        sqlite: keys_with_versions_sqlite!(
            "k.MessageStoreId = ?1 AND k.MessageKey = ?2 AND (k.IsActive = 1 OR ?3 = 1)",
            "k.IsActive DESC, k.MessageKeyId DESC"
        ),
    }

    /// Every active key of a store with all versions and contents (3 sets): export, and the
    /// snapshot an import is planned against. Parameter: store id.
    MSG_STORE_CONTENT {
        mssql: keys_with_versions_mssql!("k.MessageStoreId = @P1 AND k.IsActive = 1", "k.MessageKey"),
        sqlite: keys_with_versions_sqlite!("k.MessageStoreId = ?1 AND k.IsActive = 1", "k.MessageKey"),
    }

    /// The published texts of a list of keys of one store, in one statement: a row per key and
    /// language of its published version (one row with no language when the key is unknown or
    /// unpublished), each with the store's default language; one row with no key when the list is
    /// empty, none when the store does not exist. Parameters: store id, the keys
    /// as a JSON array of strings. Ordered by key, then language.
    ///
    /// SQLite: the store is read first (one seek), then each key of the array finds its row with
    /// one seek on (MessageStoreId, MessageKey) and its published version's contents with one
    /// seek each (left joins keep that order).
    MSG_KEY_TEXTS {
        mssql: "SELECT s.DefaultLanguage, j.MessageKey, k.MessageKeyId, k.PublishedVersion, lc.Language, lc.Content, lc.TypeSettings \
                FROM ivr.msg_MessageStore s \
                OUTER APPLY OPENJSON(@P2) WITH (MessageKey VARCHAR(64) '$') j \
                LEFT JOIN ivr.msg_MessageKey k ON k.MessageStoreId = s.MessageStoreId AND k.IsActive = 1 AND k.MessageKey = j.MessageKey \
                LEFT JOIN ivr.msg_MessageKeyVersion v ON v.MessageKeyId = k.MessageKeyId AND v.Version = k.PublishedVersion AND v.IsActive = 1 \
                LEFT JOIN ivr.msg_MessageLanguageContent lc ON lc.MessageKeyVersionId = v.MessageKeyVersionId \
                WHERE s.MessageStoreId = @P1 \
                ORDER BY j.MessageKey, lc.Language",
        sqlite: ["SELECT s.DefaultLanguage, j.value AS MessageKey, k.MessageKeyId, k.PublishedVersion, lc.Language, lc.Content, lc.TypeSettings \
                  FROM msg_MessageStore s \
                  LEFT JOIN json_each(?2) j \
                  LEFT JOIN msg_MessageKey k ON k.MessageStoreId = s.MessageStoreId AND k.IsActive = 1 AND k.MessageKey = j.value \
                  LEFT JOIN msg_MessageKeyVersion v ON v.MessageKeyId = k.MessageKeyId AND v.Version = k.PublishedVersion AND v.IsActive = 1 \
                  LEFT JOIN msg_MessageLanguageContent lc ON lc.MessageKeyVersionId = v.MessageKeyVersionId \
                  WHERE s.MessageStoreId = ?1 \
                  ORDER BY j.value, lc.Language"],
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
    ///
    /// SQLite first narrows a text search to the keys the trigram index `msg_MessageContentSearch`
    /// finds (`text_search_candidates!`); the exact test below still decides. SQL Server reads every
    /// key's contents (no substring index there: README, Messages). SQLite tests a content row's
    /// language as the substring `"xx-YY"` of the store's JSON array of allowed codes (codes carry
    /// no quote or escape), before lower-casing its text: a `json_each` per content row made a scan
    /// of every key (a 2-character text) about a fifth slower.
    MSG_KEY_LIST {
        mssql: concat!("WITH base AS ( \
                  SELECT k.MessageKeyId, k.MessageKey, t.Code AS MessageType, c.Code AS Category, k.DisplayName, k.PublishedVersion, k.IsActive, \
                    k.RowVersion, k.UpdatedAt, k.CreatedAt, lv.Version AS LatestVersion, lv.MessageKeyVersionId AS LatestVersionId, \
                    (SELECT COUNT(*) FROM ivr.msg_MessageKeyVersion v2 WHERE v2.MessageKeyId = k.MessageKeyId AND v2.IsActive = 1) AS VersionCount, \
                    s.AllowedLanguages ", key_page_keys_mssql!(), " \
                ), filtered AS ( \
                  SELECT b.* FROM base b ", key_page_filters_mssql!(), " \
                ) \
                SELECT MessageKeyId, MessageKey, MessageType, Category, DisplayName, PublishedVersion, IsActive, RowVersion, UpdatedAt, CreatedAt, \
                  LatestVersion, VersionCount \
                FROM filtered ORDER BY MessageKey, MessageKeyId OFFSET @P8 ROWS FETCH NEXT @P9 ROWS ONLY; \
                WITH base AS ( \
                  SELECT k.MessageKeyId, k.PublishedVersion, lv.Version AS LatestVersion, lv.MessageKeyVersionId AS LatestVersionId, s.AllowedLanguages \
                  ", key_page_keys_mssql!(), " \
                ) \
                SELECT COUNT(*) AS Total FROM base b ", key_page_filters_mssql!()),
        sqlite: [
            concat!("WITH base AS ( \
               SELECT k.MessageKeyId, k.MessageKey, t.Code AS MessageType, c.Code AS Category, k.DisplayName, k.PublishedVersion, k.IsActive, \
                 k.RowVersion, k.UpdatedAt, k.CreatedAt, \
                 (SELECT v.Version FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersion, \
                 (SELECT v.MessageKeyVersionId FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersionId, \
                 (SELECT COUNT(*) FROM msg_MessageKeyVersion v2 WHERE v2.MessageKeyId = k.MessageKeyId AND v2.IsActive = 1) AS VersionCount, \
                 s.AllowedLanguages ", key_page_keys_sqlite!(), " \
             ) \
             SELECT MessageKeyId, MessageKey, MessageType, Category, DisplayName, PublishedVersion, IsActive, RowVersion, UpdatedAt, CreatedAt, \
               LatestVersion, VersionCount \
             FROM base b ", key_page_filters_sqlite!(), " \
             ORDER BY MessageKey, MessageKeyId LIMIT ?9 OFFSET ?8"),
            concat!("WITH base AS ( \
               SELECT k.MessageKeyId, k.PublishedVersion, \
                 (SELECT v.Version FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersion, \
                 (SELECT v.MessageKeyVersionId FROM msg_MessageKeyVersion v WHERE v.MessageKeyId = k.MessageKeyId AND v.IsActive = 1 ORDER BY v.CreatedAt DESC, v.Version DESC LIMIT 1) AS LatestVersionId, \
                 s.AllowedLanguages ", key_page_keys_sqlite!(), " \
             ) \
             SELECT COUNT(*) AS Total FROM base b ", key_page_filters_sqlite!()),
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
