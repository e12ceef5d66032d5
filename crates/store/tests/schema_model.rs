//! The schema model is the single source of truth: the migrated SQLite schema, the SQL Server
//! migration DDL and every SQL Server query text are checked against it here.
//!
//! SQL Server itself never runs on the build machines, so the T-SQL side is checked statically:
//! Microsoft's parser (`maxdop --parser-version 2022`) for syntax, `catalog::tsql` for the DDL, and a
//! name checker for the queries.

use ivr_domain::connection::Engine;
use ivr_domain::schema::drift::{DriftItem, DriftKind, ObjectKind};
use ivr_domain::schema::{self, tables};
use ivr_store::catalog::{self, sqltext, tsql};
use ivr_store::{migrate, Db};
use std::path::{Path, PathBuf};
use std::process::Command;

fn migrations(engine: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(engine);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no migrations in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// A fresh SQLite file migrated by the migration engine with the set built into the binary.
async fn migrated() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite(&dir.path().join("ivr.sqlite")).unwrap();
    let set = migrate::MigrationSet::embedded(Engine::Sqlite).unwrap();
    assert_eq!(set.migrations().len(), migrations("sqlite").len());
    deploy_all(&db).await;
    (dir, db)
}

async fn drift(db: &Db) -> Vec<DriftItem> {
    let mut conn = db.conn().await.unwrap();
    catalog::drift(&mut conn).await.unwrap()
}

/// The drift report holds exactly one item: `kind` of the `object` named `name`.
fn assert_only_drift(items: &[DriftItem], kind: DriftKind, object: ObjectKind, name: &str) {
    assert_eq!(items.len(), 1, "{items:#?}");
    assert_eq!(
        (items[0].kind, items[0].object, items[0].name.as_str()),
        (kind, object, name)
    );
}

async fn script(db: &Db, sql: &str) {
    db.conn().await.unwrap().run_script(sql).await.unwrap();
}

#[tokio::test]
async fn sqlite_files_are_idempotent_and_match_the_model() {
    let (_dir, db) = migrated().await;
    assert!(drift(&db).await.is_empty());
    // Applying every file again changes nothing (guarded DDL, insert-when-absent data).
    for (name, text) in migrations("sqlite") {
        db.conn()
            .await
            .unwrap()
            .run_script(&text)
            .await
            .unwrap_or_else(|e| panic!("{name} second run: {e}"));
    }
    let items = drift(&db).await;
    assert!(items.is_empty(), "unexpected drift: {items:#?}");
}

/// The SQLite text index is part of the model: its FTS5 shadow tables and its vocabulary are not
/// "extra"; a missing trigger, index or vocabulary is drift.
#[tokio::test]
async fn sqlite_drift_sees_the_text_index_and_its_triggers() {
    let (_dir, db) = migrated().await;
    // Its vocabulary (an fts5vocab table: short texts are found through it).
    script(&db, "DROP TABLE msg_MessageContentTerms;").await;
    let items = drift(&db).await;
    assert_only_drift(
        &items,
        DriftKind::Missing,
        ObjectKind::Table,
        "msg_MessageContentTerms",
    );
    script(
        &db,
        "CREATE VIRTUAL TABLE msg_MessageContentTerms USING fts5vocab(msg_MessageContentSearch, instance);",
    )
    .await;
    assert!(drift(&db).await.is_empty());
    script(
        &db,
        "DROP TRIGGER TR_msg_MessageLanguageContent_SearchDelete;",
    )
    .await;
    let items = drift(&db).await;
    assert_only_drift(
        &items,
        DriftKind::Different,
        ObjectKind::Table,
        "msg_MessageContentSearch",
    );
    assert!(
        items[0]
            .actual
            .as_deref()
            .is_some_and(|a| a.contains("TR_msg_MessageLanguageContent_SearchDelete")),
        "{items:#?}"
    );
    script(&db, "DROP TABLE msg_MessageContentSearch;").await;
    let items = drift(&db).await;
    assert_only_drift(
        &items,
        DriftKind::Missing,
        ObjectKind::Table,
        "msg_MessageContentSearch",
    );
}

#[tokio::test]
async fn sqlite_drift_sees_changed_filters_checks_cascades_defaults_and_tables() {
    let (_dir, db) = migrated().await;
    script(
        &db,
        "DROP INDEX UX_MessageKey_StoreKey;
         CREATE UNIQUE INDEX UX_MessageKey_StoreKey ON msg_MessageKey (MessageStoreId, MessageKey);
         DROP INDEX IX_Segment_List;
         CREATE INDEX IX_Segment_List ON seg_Segment (RoutingId, SegmentOrder);
         CREATE TABLE Scratch (Id INTEGER PRIMARY KEY);
         DROP TRIGGER TR_seg_Segment_RowVersion;",
    )
    .await;
    // A changed check, cascade and default need the table rebuilt (SQLite cannot alter them).
    script(
        &db,
        "PRAGMA foreign_keys = OFF;
         CREATE TABLE seg_SegmentUIState2 (
             SegmentId INTEGER NOT NULL, PositionX REAL NOT NULL DEFAULT 1, PositionY REAL NOT NULL DEFAULT 0,
             IsCollapsed INTEGER NOT NULL DEFAULT 0, CustomStyle TEXT, UpdatedBy TEXT, UpdatedAt TEXT,
             CONSTRAINT PK_seg_SegmentUIState PRIMARY KEY (SegmentId),
             CONSTRAINT FK_seg_SegmentUIState_SegmentId FOREIGN KEY (SegmentId) REFERENCES seg_Segment (SegmentId),
             CONSTRAINT CK_seg_SegmentUIState_X CHECK (PositionX >= 0));
         DROP TABLE seg_SegmentUIState;
         ALTER TABLE seg_SegmentUIState2 RENAME TO seg_SegmentUIState;
         CREATE TABLE msg_MessageKeyVersion2 (
             MessageKeyVersionId TEXT NOT NULL, MessageKeyId INTEGER NOT NULL, Version INTEGER NOT NULL,
             VersionName TEXT, IsActive INTEGER NOT NULL DEFAULT 1,
             CreatedAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), CreatedBy TEXT NOT NULL,
             CONSTRAINT PK_msg_MessageKeyVersion PRIMARY KEY (MessageKeyVersionId),
             CONSTRAINT FK_msg_MessageKeyVersion_MessageKeyId FOREIGN KEY (MessageKeyId) REFERENCES msg_MessageKey (MessageKeyId),
             CONSTRAINT CK_msg_MessageKeyVersion_Version CHECK (Version >= 1 AND Version <= 99));
         INSERT INTO msg_MessageKeyVersion2 SELECT * FROM msg_MessageKeyVersion;
         DROP TABLE msg_MessageKeyVersion;
         ALTER TABLE msg_MessageKeyVersion2 RENAME TO msg_MessageKeyVersion;
         CREATE INDEX IX_MessageKeyVersion_Lookup ON msg_MessageKeyVersion (MessageKeyId, Version);
         CREATE UNIQUE INDEX UX_MessageKeyVersion_KeyVersion ON msg_MessageKeyVersion (MessageKeyId, Version);
         PRAGMA foreign_keys = ON;",
    )
    .await;
    // The engine's own history table exists and is not reported.
    assert!(catalog::read(&mut db.conn().await.unwrap())
        .await
        .unwrap()
        .tables
        .iter()
        .any(|t| t.name == "__schema_history"));
    let got: Vec<String> = drift(&db).await.iter().map(|d| d.to_string()).collect();
    let want = [
        "different Column seg_Segment.RowVersion: expected bumped on update by trigger TR_seg_Segment_RowVersion, found no such trigger",
        "different Index seg_Segment.IX_Segment_List: expected (RoutingId, ChangeSetId, SegmentOrder, IsActive), found (RoutingId, SegmentOrder)",
        "different Column seg_SegmentUIState.PositionX: expected REAL NOT NULL DEFAULT 0, found REAL NOT NULL DEFAULT 1",
        "different ForeignKey seg_SegmentUIState.FK_seg_SegmentUIState_SegmentId: expected (SegmentId) REFERENCES seg_Segment (SegmentId) ON DELETE CASCADE, found (SegmentId) REFERENCES seg_Segment (SegmentId)",
        "extra Check seg_SegmentUIState.CK_seg_SegmentUIState_X",
        "different Index msg_MessageKey.UX_MessageKey_StoreKey: expected UNIQUE (MessageStoreId, MessageKey) WHERE IsActive = 1, found UNIQUE (MessageStoreId, MessageKey)",
        "different Check msg_MessageKeyVersion.CK_msg_MessageKeyVersion_Version: expected Version >= 1 AND Version <= 10, found Version >= 1 AND Version <= 99",
        "extra Table Scratch",
    ];
    assert_eq!(got, want);
}

// ------------------------------------------------------------------ contracts on both engines
//
// Run on SQLite always and on SQL Server when IVR_TEST_MSSQL_URL is set (a fresh database per test).

async fn deploy_all(db: &Db) {
    let set = migrate::MigrationSet::embedded(db.engine()).unwrap();
    migrate::deploy(
        db,
        &set,
        &migrate::RunOptions::new("schema-test", "local"),
        migrate::DeployOptions::default(),
        &|_| {},
    )
    .await
    .unwrap();
}

ivr_store::queries! {
    DROP_ROUTING_ID_INDEX {
        mssql: "DROP INDEX IX_RoutingTable_RoutingId ON ivr.rt_RoutingTable",
        sqlite: ["DROP INDEX IX_RoutingTable_RoutingId"],
    }
    ADD_NOTES_COLUMN {
        mssql: "ALTER TABLE ivr.seg_Segment ADD Notes NVARCHAR(100) NULL",
        sqlite: ["ALTER TABLE seg_Segment ADD COLUMN Notes TEXT"],
    }
    SETUP_STORE {
        mssql: "INSERT INTO dbo.cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy)
            SELECT e.EnvironmentId, 'acme', 'care', N'Acme care', 't' FROM dbo.cfg_Dic_Environment AS e WHERE e.Code = 'dvp';
            INSERT INTO ivr.msg_MessageStore (Name, CompanyProjectId, AllowedLanguages, DefaultLanguage, CreatedBy)
            SELECT N'Main', cp.CompanyProjectId, N'[\"nl-BE\"]', 'nl-BE', 't' FROM dbo.cfg_Dic_CompanyProject AS cp;",
        sqlite: [
            "INSERT INTO cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy)
             SELECT e.EnvironmentId, 'acme', 'care', 'Acme care', 't' FROM cfg_Dic_Environment AS e WHERE e.Code = 'dvp'",
            "INSERT INTO msg_MessageStore (Name, CompanyProjectId, AllowedLanguages, DefaultLanguage, CreatedBy)
             SELECT 'Main', cp.CompanyProjectId, '[\"nl-BE\"]', 'nl-BE', 't' FROM cfg_Dic_CompanyProject AS cp",
        ],
    }
    /// RoutingId, SegmentName, ChangeSetId (NULL = published)
    ADD_SEGMENT {
        mssql: "INSERT INTO ivr.seg_Segment (RoutingId, SegmentName, ChangeSetId, DicSegmentTypeId, CreatedBy)
            SELECT @P1, @P2, @P3, st.DicSegmentTypeId, 't' FROM dbo.cfg_Dic_SegmentType AS st WHERE st.Code = 'menu'",
        sqlite: ["INSERT INTO seg_Segment (RoutingId, SegmentName, ChangeSetId, DicSegmentTypeId, CreatedBy)
            SELECT ?1, ?2, ?3, st.DicSegmentTypeId, 't' FROM cfg_Dic_SegmentType AS st WHERE st.Code = 'menu'"],
    }
    /// The spec's publish: soft-delete the published rows, promote the draft (RoutingId, ChangeSetId).
    PUBLISH {
        mssql: "UPDATE ivr.seg_Segment SET IsActive = 0 WHERE RoutingId = @P1 AND ChangeSetId IS NULL AND IsActive = 1;
            UPDATE ivr.seg_Segment SET ChangeSetId = NULL WHERE RoutingId = @P1 AND ChangeSetId = @P2;",
        sqlite: [
            "UPDATE seg_Segment SET IsActive = 0 WHERE RoutingId = ?1 AND ChangeSetId IS NULL AND IsActive = 1",
            "UPDATE seg_Segment SET ChangeSetId = NULL WHERE RoutingId = ?1 AND ChangeSetId = ?2",
        ],
    }
    /// ContextKey (NULL or a key) of a transition from the newest segment.
    ADD_TRANSITION {
        mssql: "INSERT INTO ivr.seg_SegmentTransition (SourceSegmentId, SourceSegmentName, ResultName, NextSegmentName, ContextKey, RoutingId, CreatedBy)
            SELECT MAX(s.SegmentId), 'welcome', 'done', 'menu', @P1, 'r1', 't' FROM ivr.seg_Segment AS s",
        sqlite: ["INSERT INTO seg_SegmentTransition (SourceSegmentId, SourceSegmentName, ResultName, NextSegmentName, ContextKey, RoutingId, CreatedBy)
            SELECT MAX(s.SegmentId), 'welcome', 'done', 'menu', ?1, 'r1', 't' FROM seg_Segment AS s"],
    }
    ADD_KEY {
        mssql: "INSERT INTO ivr.msg_MessageKey (MessageStoreId, MessageKey, MessageTypeId, CategoryId, CreatedBy)
            SELECT s.MessageStoreId, 'WELCOME', t.MessageTypeId, c.CategoryId, 't'
            FROM ivr.msg_MessageStore AS s CROSS JOIN ivr.msg_Dic_MessageType AS t CROSS JOIN ivr.msg_Dic_MessageCategory AS c
            WHERE t.Code = 'tts' AND c.Code = 'welcome'",
        sqlite: ["INSERT INTO msg_MessageKey (MessageStoreId, MessageKey, MessageTypeId, CategoryId, CreatedBy)
            SELECT s.MessageStoreId, 'WELCOME', t.MessageTypeId, c.CategoryId, 't'
            FROM msg_MessageStore AS s CROSS JOIN msg_Dic_MessageType AS t CROSS JOIN msg_Dic_MessageCategory AS c
            WHERE t.Code = 'tts' AND c.Code = 'welcome'"],
    }
    SOFT_DELETE_KEYS {
        mssql: "UPDATE ivr.msg_MessageKey SET IsActive = 0",
        sqlite: ["UPDATE msg_MessageKey SET IsActive = 0"],
    }
    SET_PUBLISHED_VERSION {
        mssql: "UPDATE ivr.msg_MessageKey SET PublishedVersion = @P1 WHERE IsActive = 1",
        sqlite: ["UPDATE msg_MessageKey SET PublishedVersion = ?1 WHERE IsActive = 1"],
    }
    ACTIVE_KEY_VERSION {
        mssql: "SELECT k.RowVersion FROM ivr.msg_MessageKey AS k WHERE k.IsActive = 1",
        sqlite: ["SELECT RowVersion FROM msg_MessageKey WHERE IsActive = 1"],
    }
}

async fn contract_drift_is_reported(db: Db) {
    deploy_all(&db).await;
    let before = db.statement_count();
    let items = drift(&db).await;
    assert_eq!(
        db.statement_count() - before,
        1,
        "drift reads the catalog in one statement"
    );
    assert!(items.is_empty(), "unexpected drift: {items:#?}");
    db.execute(&DROP_ROUTING_ID_INDEX, &[]).await.unwrap();
    let items = drift(&db).await;
    assert_eq!(
        items.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        ["missing Index rt_RoutingTable.IX_RoutingTable_RoutingId"]
    );
    db.execute(&ADD_NOTES_COLUMN, &[]).await.unwrap();
    let items = drift(&db).await;
    assert_eq!(items.len(), 2, "{items:#?}");
    assert_eq!(
        (
            items[1].kind,
            items[1].object,
            items[1].table.as_str(),
            items[1].name.as_str()
        ),
        (DriftKind::Extra, ObjectKind::Column, "seg_Segment", "Notes")
    );
}

/// The rules the filtered unique indexes exist for, enforced the same way on both engines.
async fn contract_unique_rules(db: Db) {
    use ivr_domain::ErrorCode::{AlreadyExists, Validation};
    use ivr_domain::{ConstraintKind, Error};
    // Refused by exactly this unique index (named the same on both engines), as ALREADY_EXISTS.
    let refused_by = |e: &Error, index: &str| {
        assert_eq!(e.code, AlreadyExists, "{e}");
        assert!(e.violates(index), "{index}: {e} {:?}", e.detail);
        assert_eq!(
            e.constraint().map(|c| c.kind),
            Some(ConstraintKind::Unique),
            "{e}"
        );
    };
    use ivr_store::Value;
    deploy_all(&db).await;
    db.execute(&SETUP_STORE, &[]).await.unwrap();
    let seg = |name: &str, cs: Option<uuid::Uuid>| {
        vec![Value::from("r1"), Value::from(name), Value::from(cs)]
    };
    let (cs1, cs2) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());

    // One published row per name; drafts: one per name and change set, any number of change sets.
    db.execute(&ADD_SEGMENT, &seg("welcome", None))
        .await
        .unwrap();
    let e = db
        .execute(&ADD_SEGMENT, &seg("welcome", None))
        .await
        .unwrap_err();
    refused_by(&e, "UX_Segment_Published");
    db.execute(&ADD_SEGMENT, &seg("welcome", Some(cs1)))
        .await
        .unwrap();
    db.execute(&ADD_SEGMENT, &seg("welcome", Some(cs2)))
        .await
        .unwrap();
    let e = db
        .execute(&ADD_SEGMENT, &seg("welcome", Some(cs1)))
        .await
        .unwrap_err();
    refused_by(&e, "UX_Segment_Draft");
    // Publishing twice: the spec's UNIQUE (RoutingId, SegmentName, ChangeSetId) fails here on SQL Server.
    for cs in [cs1, cs2] {
        db.execute(&PUBLISH, &[Value::from("r1"), Value::from(cs)])
            .await
            .unwrap();
    }

    // One next segment per (source, result) with no context, and per context key.
    let null: Option<&str> = None;
    db.execute(&ADD_TRANSITION, &[Value::from(null)])
        .await
        .unwrap();
    let e = db
        .execute(&ADD_TRANSITION, &[Value::from(null)])
        .await
        .unwrap_err();
    refused_by(&e, "UX_SegmentTransition_Result");
    db.execute(&ADD_TRANSITION, &[Value::from("vip")])
        .await
        .unwrap();
    let e = db
        .execute(&ADD_TRANSITION, &[Value::from("vip")])
        .await
        .unwrap_err();
    refused_by(&e, "UX_SegmentTransition_ContextResult");

    // Message keys: unique among active keys; a soft-deleted key can be created again.
    db.execute(&ADD_KEY, &[]).await.unwrap();
    let e = db.execute(&ADD_KEY, &[]).await.unwrap_err();
    refused_by(&e, "UX_MessageKey_StoreKey");
    db.execute(&SOFT_DELETE_KEYS, &[]).await.unwrap();
    db.execute(&ADD_KEY, &[]).await.unwrap();

    // The version check, and the concurrency token changing on every update.
    let e = db
        .execute(&SET_PUBLISHED_VERSION, &[Value::from(11)])
        .await
        .unwrap_err();
    assert_eq!(e.code, Validation, "{e}");
    assert!(e.violates("CK_msg_MessageKey_PublishedVersion"), "{e}");
    assert_eq!(e.constraint().map(|c| c.kind), Some(ConstraintKind::Check));
    let token = async || {
        db.query(&ACTIVE_KEY_VERSION, &[]).await.unwrap()[0]
            .row_version("RowVersion")
            .unwrap()
    };
    let v1 = token().await;
    db.execute(&SET_PUBLISHED_VERSION, &[Value::from(10)])
        .await
        .unwrap();
    let v2 = token().await;
    db.execute(&SET_PUBLISHED_VERSION, &[Value::from(3)])
        .await
        .unwrap();
    let v3 = token().await;
    assert!(v1 != v2 && v2 != v3 && v1 != v3, "{v1} {v2} {v3}");
}

async fn sqlite_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite(&dir.path().join("ivr.sqlite")).unwrap();
    (dir, db)
}

#[tokio::test]
async fn sqlite_drift_is_reported() {
    let (_d, db) = sqlite_db().await;
    contract_drift_is_reported(db).await;
}

#[tokio::test]
async fn sqlite_unique_rules() {
    let (_d, db) = sqlite_db().await;
    contract_unique_rules(db).await;
}

#[tokio::test]
async fn sqlite_rowversion_trigger_bumps_only_when_the_update_does_not() {
    let (_d, db) = sqlite_db().await;
    deploy_all(&db).await;
    db.execute(&SETUP_STORE, &[]).await.unwrap();
    db.execute(&ADD_KEY, &[]).await.unwrap();
    let v = async || {
        db.query(&ACTIVE_KEY_VERSION, &[]).await.unwrap()[0]
            .i64("RowVersion")
            .unwrap()
    };
    assert_eq!(v().await, 1);
    db.execute(&SET_PUBLISHED_VERSION, &[ivr_store::Value::from(2)])
        .await
        .unwrap();
    assert_eq!(v().await, 2, "bumped by the trigger");
    db.conn()
        .await
        .unwrap()
        .run_script("UPDATE msg_MessageKey SET RowVersion = RowVersion + 1, PublishedVersion = 3")
        .await
        .unwrap();
    assert_eq!(v().await, 3, "an explicit bump is not doubled");
}

/// A fresh SQL Server database for one test, dropped afterwards; fails when `IVR_TEST_MSSQL_URL`
/// is not set (its callers are `#[ignore]`d, so they run only when asked).
async fn mssql_fresh(contract: impl AsyncFnOnce(Db)) {
    use ivr_testkit::{required_mssql_target, test_retry_policy};
    let target = required_mssql_target();
    let admin = Db::connect_mssql(&target, &test_retry_policy())
        .await
        .expect("connect to SQL Server");
    let name = format!("ivr_schema_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin_conn = admin.conn().await.unwrap();
    admin_conn
        .run_script(&format!("CREATE DATABASE [{name}]"))
        .await
        .expect("create a test database");
    let mut t = target.clone();
    t.database = name.clone();
    let db = Db::connect_mssql(&t, &test_retry_policy())
        .await
        .expect("connect to the test database");
    contract(db).await;
    let _ = admin_conn
        .run_script(&format!(
            "ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}];"
        ))
        .await;
}

#[tokio::test]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_drift_is_reported() {
    mssql_fresh(contract_drift_is_reported).await;
}

#[tokio::test]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_unique_rules() {
    mssql_fresh(contract_unique_rules).await;
}

mod reference_queries {
    ivr_store::queries! {
        REFERENCE_COUNTS {
            mssql: "SELECT COUNT(*) AS n FROM dbo.cfg_Dic_Key",
            sqlite: [
                "SELECT COUNT(*) AS n FROM cfg_Dic_Environment",
                "SELECT COUNT(*) AS n FROM cfg_Dic_Language",
                "SELECT COUNT(*) AS n FROM cfg_Dic_KeyType",
                "SELECT COUNT(*) AS n FROM cfg_Dic_Voice",
                "SELECT COUNT(*) AS n FROM msg_Dic_MessageType",
                "SELECT COUNT(*) AS n FROM msg_Dic_MessageCategory",
                "SELECT COUNT(*) AS n FROM cfg_Dic_SegmentType",
                "SELECT COUNT(*) AS n FROM cfg_Dic_Key",
            ],
        }
        MESSAGE_TYPES {
            mssql: "SELECT t.Code, t.SettingsSchema, t.DefaultSettings FROM ivr.msg_Dic_MessageType AS t",
            sqlite: ["SELECT Code, SettingsSchema, DefaultSettings FROM msg_Dic_MessageType ORDER BY Code"],
        }
        KEYS {
            mssql: "SELECT st.Code AS SegmentType, k.KeyName, kt.Code AS KeyType, k.IsRequired, k.DefaultValue, k.ValidationSchema
            FROM dbo.cfg_Dic_Key AS k
            JOIN dbo.cfg_Dic_SegmentType AS st ON st.DicSegmentTypeId = k.DicSegmentTypeId
            JOIN dbo.cfg_Dic_KeyType AS kt ON kt.DicKeyTypeId = k.DicKeyTypeId",
            sqlite: ["SELECT st.Code AS SegmentType, k.KeyName, kt.Code AS KeyType, k.IsRequired, k.DefaultValue, k.ValidationSchema
            FROM cfg_Dic_Key AS k
            JOIN cfg_Dic_SegmentType AS st ON st.DicSegmentTypeId = k.DicSegmentTypeId
            JOIN cfg_Dic_KeyType AS kt ON kt.DicKeyTypeId = k.DicKeyTypeId
            ORDER BY st.Code, k.KeyName"],
        }
        LANGUAGE_VOICES {
            mssql: "SELECT l.LanguageCode, COUNT(DISTINCT v.Engine) AS Engines FROM dbo.cfg_Dic_Language AS l LEFT JOIN dbo.cfg_Dic_Voice AS v ON v.Language = l.LanguageCode GROUP BY l.LanguageCode",
            sqlite: ["SELECT l.LanguageCode, COUNT(DISTINCT v.Engine) AS Engines FROM cfg_Dic_Language AS l LEFT JOIN cfg_Dic_Voice AS v ON v.Language = l.LanguageCode GROUP BY l.LanguageCode"],
        }
        SEGMENT_TYPES {
            mssql: "SELECT st.Code, st.IsTerminal FROM dbo.cfg_Dic_SegmentType AS st",
            sqlite: ["SELECT Code, IsTerminal FROM cfg_Dic_SegmentType ORDER BY Code"],
        }
    }
}
use reference_queries::*;

/// A key's stored text as the JSON value its ValidationSchema describes (see the reference-data file).
fn typed_value(key_type: &str, text: &str) -> serde_json::Value {
    match key_type {
        "string" => serde_json::Value::String(text.to_string()),
        "integer" => serde_json::Value::from(text.parse::<i64>().expect("integer default")),
        "boolean" => serde_json::Value::Bool(text.parse::<bool>().expect("boolean default")),
        "json" => serde_json::from_str(text).expect("json default"),
        other => panic!("unknown key type {other}"),
    }
}

#[tokio::test]
async fn reference_data_is_complete_valid_and_idempotent() {
    let (_dir, db) = migrated().await;
    let counts = |sets: Vec<Vec<ivr_store::Row>>| -> Vec<i64> {
        sets.iter().map(|s| s[0].i64("n").unwrap()).collect()
    };
    let first = counts(db.query_sets(&REFERENCE_COUNTS, &[]).await.unwrap());
    assert!(first.iter().all(|n| *n > 0), "{first:?}");
    let (_, text) = migrations("sqlite")
        .into_iter()
        .find(|(n, _)| n.contains("reference_data"))
        .unwrap();
    script(&db, &text).await;
    assert_eq!(
        counts(db.query_sets(&REFERENCE_COUNTS, &[]).await.unwrap()),
        first
    );

    let types = db.query(&MESSAGE_TYPES, &[]).await.unwrap();
    let codes: Vec<String> = types.iter().map(|r| r.str("Code").unwrap()).collect();
    assert_eq!(codes, ["audio_url", "llm_message", "llm_prompt", "tts"]);
    for r in &types {
        let code = r.str("Code").unwrap();
        let schema: serde_json::Value =
            serde_json::from_str(&r.str("SettingsSchema").unwrap()).unwrap();
        let defaults: serde_json::Value =
            serde_json::from_str(&r.str("DefaultSettings").unwrap()).unwrap();
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{code}: not a valid JSON Schema"
        );
        let v = jsonschema::validator_for(&schema).unwrap();
        assert!(
            v.is_valid(&defaults),
            "{code}: defaults do not match the schema"
        );
        // The schemas have teeth: an unknown setting and an out-of-range value are refused.
        assert!(!v.is_valid(&serde_json::json!({ "bogus": 1 })), "{code}");
    }
    let tts = types
        .iter()
        .find(|r| r.str("Code").unwrap() == "tts")
        .unwrap();
    let tts_schema: serde_json::Value =
        serde_json::from_str(&tts.str("SettingsSchema").unwrap()).unwrap();
    assert!(!jsonschema::is_valid(
        &tts_schema,
        &serde_json::json!({ "rate": 9 })
    ));

    let keys = db.query(&KEYS, &[]).await.unwrap();
    assert!(keys.len() >= 40);
    for r in &keys {
        let (st, name, kt) = (
            r.str("SegmentType").unwrap(),
            r.str("KeyName").unwrap(),
            r.str("KeyType").unwrap(),
        );
        let schema: serde_json::Value = serde_json::from_str(&r.str("ValidationSchema").unwrap())
            .unwrap_or_else(|e| panic!("{st}.{name}: {e}"));
        assert!(jsonschema::meta::is_valid(&schema), "{st}.{name}");
        let v = jsonschema::validator_for(&schema).unwrap();
        if let Some(d) = r.opt_str("DefaultValue").unwrap() {
            assert!(
                v.is_valid(&typed_value(&kt, &d)),
                "{st}.{name}: default {d:?} is invalid"
            );
            assert!(
                !r.bool("IsRequired").unwrap(),
                "{st}.{name}: required keys have no default"
            );
        }
        if name == "messageKey" || name.ends_with("MessageKey") {
            assert_eq!(kt, "string", "{st}.{name}");
            assert!(v.is_valid(&serde_json::json!("MAIN_MENU_1")), "{st}.{name}");
            assert!(!v.is_valid(&serde_json::json!("main_menu")), "{st}.{name}");
        }
        if name == "options" {
            assert_eq!(kt, "json");
            assert!(v.is_valid(&serde_json::json!([{ "digit": "1", "result": "sales" }])));
            assert!(!v.is_valid(&serde_json::json!([{ "digit": "12", "result": "sales" }])));
        }
    }
    for required in [
        "play_message",
        "menu",
        "collect_digits",
        "language_select",
        "business_hours_check",
        "transfer",
        "queue",
        "data_lookup",
        "set_variable",
        "condition",
        "voicemail",
        "disconnect",
    ] {
        assert!(
            keys.iter()
                .any(|r| r.str("SegmentType").unwrap() == required),
            "{required}"
        );
    }
    let terminal: Vec<(String, bool)> = db
        .query(&SEGMENT_TYPES, &[])
        .await
        .unwrap()
        .iter()
        .map(|r| (r.str("Code").unwrap(), r.bool("IsTerminal").unwrap()))
        .filter(|(_, t)| *t)
        .collect();
    assert!(terminal.contains(&("disconnect".to_string(), true)));

    for r in db.query(&LANGUAGE_VOICES, &[]).await.unwrap() {
        assert!(
            r.i64("Engines").unwrap() >= 3,
            "{:?}",
            r.str("LanguageCode")
        );
    }
}

/// INSERT … VALUES rows of a reference-data file, per table, in a comparable form.
fn reference_rows(text: &str) -> Vec<(String, String)> {
    use sqltext::TokenKind as K;
    let toks = sqltext::tokens(text);
    let mut out = Vec::new();
    for stmt in toks.split(|t| t.kind == K::Semicolon) {
        let Some(into) = stmt.iter().position(|t| t.is_word("INTO")) else {
            continue;
        };
        let table = stmt[into + 1].text.rsplit('.').next().unwrap().to_string();
        let Some(values) = stmt.iter().position(|t| t.is_word("VALUES")) else {
            continue;
        };
        let mut j = values + 1;
        while stmt.get(j).is_some_and(|t| t.kind == K::Open) {
            let close = sqltext::matching_close(stmt, j);
            let row = stmt[j + 1..close]
                .iter()
                .map(|t| match t.kind {
                    K::Str => t.text.trim_start_matches('N').to_string(),
                    _ => t.text.clone(),
                })
                .collect::<Vec<_>>()
                .join(" ");
            out.push((table.clone(), row));
            j = close + 1;
            if stmt.get(j).is_some_and(|t| t.kind == K::Comma) {
                j += 1;
            }
        }
    }
    out
}

/// Migrations of an object with no form on SQL Server (CHANGELOG.md: "SQLite only"): the FTS5
/// text index and its ends for short texts (SQL Server has no substring index without a full-text
/// catalog; README, Messages).
const SQLITE_ONLY_MIGRATIONS: &[&str] = &[
    "V20261203143000__message_text_search.sql",
    "V20261204214500__message_text_search_ends.sql",
];

#[test]
fn both_engines_reference_data_files_insert_the_same_rows() {
    let ms = migrations("mssql");
    let all_sqlite = migrations("sqlite");
    for only in SQLITE_ONLY_MIGRATIONS {
        let (_, text) = all_sqlite
            .iter()
            .find(|(n, _)| n == only)
            .unwrap_or_else(|| panic!("{only} is not a SQLite migration"));
        assert!(
            text.contains("SQL Server: no migration of this version"),
            "{only}: says why"
        );
    }
    let sl: Vec<(String, String)> = all_sqlite
        .iter()
        .filter(|(n, _)| !SQLITE_ONLY_MIGRATIONS.contains(&n.as_str()))
        .cloned()
        .collect();
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&ms),
        names(&sl),
        "both engines carry the same migration versions (SQLite-only ones aside)"
    );
    let changelog =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../CHANGELOG.md"))
            .unwrap();
    for (name, text) in ms.iter().chain(&all_sqlite) {
        let version = name.trim_end_matches(".sql");
        assert!(
            changelog.contains(version),
            "CHANGELOG.md has no line for {version}"
        );
        let head: String = text.lines().take(6).collect::<Vec<_>>().join("\n");
        assert!(
            head.contains("Purpose:") && head.contains("Date:"),
            "{name}: header comment"
        );
    }
    let msr = ms
        .iter()
        .find(|(n, _)| n.contains("reference_data"))
        .unwrap();
    let slr = sl
        .iter()
        .find(|(n, _)| n.contains("reference_data"))
        .unwrap();
    let (a, b) = (reference_rows(&msr.1), reference_rows(&slr.1));
    assert!(a.len() > 100, "{}", a.len());
    assert_eq!(a, b);
    // Every later file inserts the same rows on both engines too.
    for ((name, m), (_, s)) in ms.iter().zip(&sl).skip(2) {
        assert_eq!(reference_rows(m), reference_rows(s), "{name}");
    }
    let results = ms
        .iter()
        .find(|(n, _)| n.contains("segment_results"))
        .unwrap();
    assert_eq!(reference_rows(&results.1).len(), 28);
}

#[test]
fn mssql_baseline_ddl_matches_the_model() {
    let files = migrations("mssql");
    let texts: Vec<&str> = files.iter().map(|(_, t)| t.as_str()).collect();
    let live = tsql::read(&texts);
    assert_eq!(live.tables.len(), tables::TABLES.len());
    let items = catalog::compare(schema::tables(), &live, Engine::Mssql);
    assert!(
        items.is_empty(),
        "T-SQL DDL differs from the model: {items:#?}"
    );
    // Creation order: the DDL creates tables in the model's order (referenced tables first).
    let order: Vec<&str> = live.tables.iter().map(|t| t.name.as_str()).collect();
    let model: Vec<&str> = tables::TABLES.iter().map(|t| t.name).collect();
    assert_eq!(order, model);

    // The comparison has teeth: the same DDL without a cascade, a filter or an include differs.
    let base = &files[0].1;
    for (from, to, what) in [
        ("REFERENCES ivr.seg_Segment (SegmentId) ON DELETE CASCADE", "REFERENCES ivr.seg_Segment (SegmentId)", "FK_seg_Key_SegmentId"),
        ("(MessageStoreId, MessageKey) WHERE IsActive = 1", "(MessageStoreId, MessageKey)", "UX_MessageKey_StoreKey"),
        (" INCLUDE (Content, TypeSettings)", "", "IX_MessageLanguageContent_Lookup"),
        ("MessageKey VARCHAR(64) NOT NULL", "MessageKey VARCHAR(100) NOT NULL", "MessageKey"),
        ("DEFAULT (SYSUTCDATETIME()),\n    CreatedBy VARCHAR(100) NOT NULL,\n    UpdatedAt DATETIME2 NULL,\n    UpdatedBy VARCHAR(100) NULL,\n    CONSTRAINT PK_cfg_Dic_CompanyProject",
         "DEFAULT (GETDATE()),\n    CreatedBy VARCHAR(100) NOT NULL,\n    UpdatedAt DATETIME2 NULL,\n    UpdatedBy VARCHAR(100) NULL,\n    CONSTRAINT PK_cfg_Dic_CompanyProject", "CreatedAt"),
    ] {
        assert!(base.contains(from), "{from}");
        let changed = base.replacen(from, to, 1);
        let with_later: Vec<&str> = std::iter::once(changed.as_str()).chain(texts[1..].iter().copied()).collect();
        let items = catalog::compare(schema::tables(), &tsql::read(&with_later), Engine::Mssql);
        assert_eq!(items.len(), 1, "{what}: {items:#?}");
        assert_eq!((items[0].kind, items[0].name.as_str()), (DriftKind::Different, what));
    }
    let no_ivr = base.replace("EXEC (N'CREATE SCHEMA ivr')", "PRINT 'x'");
    let with_later: Vec<&str> = std::iter::once(no_ivr.as_str())
        .chain(texts[1..].iter().copied())
        .collect();
    let items = catalog::compare(schema::tables(), &tsql::read(&with_later), Engine::Mssql);
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0].object, items[0].name.as_str()),
        (ObjectKind::Schema, "ivr")
    );
}

// ------------------------------------------------------------------ T-SQL parser (maxdop)

#[test]
fn every_mssql_migration_parses_as_sql_server_2022() {
    if !ivr_testkit::maxdop_available() {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/mssql");
    for (name, _) in migrations("mssql") {
        let out = Command::new("maxdop")
            .args(["--parser-version", "2022"])
            .arg(dir.join(&name))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name} does not parse: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The check has teeth: a broken copy is refused.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.sql");
    std::fs::write(&bad, "CREATE TABLE ivr.x (a INT NOT NULL;\nGO\n").unwrap();
    let out = Command::new("maxdop")
        .args(["--parser-version", "2022"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn every_mssql_query_text_parses_and_names_model_tables_and_columns() {
    // The product's SQL and the test kit's (it runs on the same servers).
    let mut queries = ivr_store::all_queries();
    queries.extend(ivr_testkit::all_queries());
    assert!(!queries.is_empty());
    // Names first: needs no tool.
    let mut problems = Vec::new();
    for q in &queries {
        for p in check_names(q.mssql) {
            problems.push(format!("{}: {p}", q.name));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");

    if !ivr_testkit::maxdop_available() {
        return;
    }
    let failures =
        ivr_testkit::maxdop_refusals(queries.iter().map(|q| (q.name.to_string(), q.mssql)));
    assert!(
        failures.is_empty(),
        "T-SQL that SQL Server 2022 would not parse:\n{}",
        failures.join("\n")
    );
}

// ------------------------------------------------------------------ query name checker

/// Best-effort check that a SQL Server query names only model tables and their columns.
///
/// It checks: every `dbo.X` / `ivr.X` table exists in the model (or is the migration history);
/// every `alias.Column` whose alias (or table name) is bound to a model table in the same statement;
/// `inserted.`/`deleted.` columns against the statement's target table; INSERT column lists; the
/// columns assigned in `UPDATE … SET`; and, in statements that read exactly one model table and
/// nothing else, unqualified columns compared in WHERE.
/// It does not catch: unqualified columns in SELECT lists, JOIN conditions or statements over
/// several sources; columns of CTEs, derived tables, OPENJSON/json_each rows or temp tables;
/// names built from parameters; an alias reused for two different tables in one batch (skipped).
fn check_names(text: &str) -> Vec<String> {
    use sqltext::TokenKind as K;
    let toks = sqltext::tokens(text);
    let mut problems = Vec::new();
    let is_model_ref = |w: &str| {
        let l = w.to_ascii_lowercase();
        (l.starts_with("dbo.") || l.starts_with("ivr.")) && l.matches('.').count() == 1
    };
    let keywords = [
        "where",
        "join",
        "inner",
        "left",
        "right",
        "full",
        "cross",
        "outer",
        "on",
        "set",
        "values",
        "select",
        "with",
        "output",
        "group",
        "order",
        "union",
        "except",
        "intersect",
        "using",
        "when",
        "then",
        "else",
        "end",
        "and",
        "or",
        "not",
        "null",
        "is",
        "in",
        "exists",
        "like",
        "between",
        "case",
        "as",
        "from",
        "into",
        "top",
        "distinct",
        "all",
        "any",
        "some",
        "option",
        "having",
        "offset",
        "fetch",
        "next",
        "rows",
        "only",
        "asc",
        "desc",
        "by",
        "merge",
        "matched",
        "target",
        "source",
        "delete",
        "update",
        "insert",
        "apply",
        "pivot",
        "unpivot",
        "tablesample",
        "holdlock",
        "nolock",
        "updlock",
        "rowlock",
        "readpast",
        "serializable",
        "for",
        "json",
        "path",
        "go",
        "begin",
        "if",
        "declare",
        "return",
    ];
    let is_kw = |w: &str| keywords.contains(&w.to_ascii_lowercase().as_str());

    for stmt in toks.split(|t| t.kind == K::Semicolon || t.is_word("GO")) {
        // Bind aliases and table names to model tables.
        let mut binds: Vec<(String, Option<&'static schema::Table>)> = Vec::new();
        let mut bind = |name: &str, t: Option<&'static schema::Table>| {
            let l = name.to_ascii_lowercase();
            match binds.iter_mut().find(|(n, _)| *n == l) {
                Some((_, existing)) if existing.map(|e| e.name) != t.map(|x| x.name) => {
                    *existing = None
                }
                Some(_) => {}
                None => binds.push((l, t)),
            }
        };
        let mut model_tables: Vec<&'static str> = Vec::new();
        let mut other_sources = 0;
        for (i, t) in stmt.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| &stmt[p]);
            let after_source_kw = prev.is_some_and(|p| {
                ["from", "join", "into", "update", "using", "merge", "apply"]
                    .iter()
                    .any(|k| p.is_word(k))
            });
            if matches!(t.kind, K::Word | K::Quoted) && is_model_ref(&t.text) {
                let bare = t.text.split('.').nth(1).unwrap();
                let table = schema::table(bare).filter(|m| {
                    t.text
                        .to_ascii_lowercase()
                        .starts_with(&format!("{}.", m.schema))
                });
                if table.is_none() {
                    if !catalog::IGNORED_TABLES
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(bare))
                    {
                        problems.push(format!("table {} is not in the schema model", t.text));
                    }
                    if after_source_kw {
                        other_sources += 1;
                    }
                    continue;
                }
                let table = table.unwrap();
                if !model_tables.contains(&table.name) {
                    model_tables.push(table.name);
                }
                bind(&t.text, Some(table));
                bind(bare, Some(table));
                let mut a = i + 1;
                if stmt.get(a).is_some_and(|x| x.is_word("as")) {
                    a += 1;
                }
                if let Some(al) = stmt
                    .get(a)
                    .filter(|x| x.kind == K::Word && !is_kw(&x.text) && !x.text.contains('.'))
                {
                    bind(&al.text, Some(table));
                }
            } else if after_source_kw && !(t.kind == K::Word && t.text.starts_with('@')) {
                other_sources += 1;
            }
        }
        // The DML target (for inserted./deleted.): the name after UPDATE, INTO, MERGE or DELETE [FROM].
        let target = stmt
            .iter()
            .enumerate()
            .find(|(_, t)| {
                ["update", "into", "merge", "delete"]
                    .iter()
                    .any(|k| t.is_word(k))
            })
            .and_then(|(i, t)| {
                let mut n = i + 1;
                if t.is_word("delete") && stmt.get(n).is_some_and(|x| x.is_word("from")) {
                    n += 1;
                }
                let name = stmt.get(n)?.text.to_ascii_lowercase();
                binds.iter().find(|(b, _)| *b == name).and_then(|(_, t)| *t)
            });
        let col_of = |table: &schema::Table, col: &str, problems: &mut Vec<String>, how: &str| {
            if col != "*" && table.column(col).is_none() {
                problems.push(format!(
                    "{how} column {col} is not in {}",
                    table.qualified()
                ));
            }
        };
        for t in stmt {
            if !matches!(t.kind, K::Word | K::Quoted) || is_model_ref(&t.text) {
                continue;
            }
            // alias.Column
            if let Some((prefix, col)) = t.text.split_once('.') {
                let p = prefix.to_ascii_lowercase();
                if p == "inserted" || p == "deleted" {
                    if let Some(tg) = target {
                        col_of(tg, col, &mut problems, &t.text);
                    }
                } else if let Some((_, Some(table))) = binds.iter().find(|(n, _)| *n == p) {
                    col_of(table, col, &mut problems, &t.text);
                }
            }
        }
        // INSERT INTO t (cols)
        for (i, t) in stmt.iter().enumerate() {
            if t.is_word("into") {
                if let (Some(name), Some(open)) = (stmt.get(i + 1), stmt.get(i + 2)) {
                    if open.kind == K::Open && is_model_ref(&name.text) {
                        if let Some(table) = schema::table(name.text.split('.').nth(1).unwrap()) {
                            for part in sqltext::split_list(stmt, i + 2) {
                                if let [c] = part {
                                    col_of(table, &c.text, &mut problems, "inserted");
                                }
                            }
                        }
                    }
                }
            }
        }
        // UPDATE x SET col = …, col = …
        for (i, t) in stmt.iter().enumerate() {
            if !t.is_word("update") {
                continue;
            }
            let Some(name) = stmt.get(i + 1) else {
                continue;
            };
            let table = binds
                .iter()
                .find(|(n, _)| *n == name.text.to_ascii_lowercase())
                .and_then(|(_, t)| *t);
            let (Some(table), Some(set)) = (table, stmt.get(i + 2)) else {
                continue;
            };
            if !set.is_word("set") {
                continue;
            }
            let mut depth = 0usize;
            let mut expect_col = true;
            for x in &stmt[i + 3..] {
                match x.kind {
                    K::Open => depth += 1,
                    K::Close => depth = depth.saturating_sub(1),
                    K::Comma if depth == 0 => {
                        expect_col = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 0
                    && (x.is_word("from")
                        || x.is_word("where")
                        || x.is_word("output")
                        || x.is_word("option"))
                {
                    break;
                }
                if expect_col && depth == 0 {
                    expect_col = false;
                    if x.kind == K::Word && !x.text.starts_with('@') && !x.text.contains('.') {
                        col_of(table, &x.text, &mut problems, "updated");
                    }
                }
            }
        }
        // WHERE col <op> … in single-table statements
        if model_tables.len() == 1 && other_sources == 0 {
            let table = schema::table(model_tables[0]).unwrap();
            let mut in_where = false;
            for (i, t) in stmt.iter().enumerate() {
                if t.is_word("where") {
                    in_where = true;
                    continue;
                }
                if ["group", "order", "output", "option", "having"]
                    .iter()
                    .any(|k| t.is_word(k))
                {
                    in_where = false;
                }
                if !in_where
                    || t.kind != K::Word
                    || t.text.contains('.')
                    || t.text.starts_with('@')
                    || is_kw(&t.text)
                {
                    continue;
                }
                if t.text.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    continue;
                }
                let next = stmt.get(i + 1);
                let compared = next.is_some_and(|n| {
                    (n.kind == K::Op
                        && n.text != "+"
                        && n.text != "-"
                        && n.text != "*"
                        && n.text != "/")
                        || n.is_word("is")
                        || n.is_word("in")
                        || n.is_word("like")
                        || n.is_word("between")
                        || (n.is_word("not")
                            && stmt.get(i + 2).is_some_and(|m| {
                                m.is_word("in") || m.is_word("like") || m.is_word("between")
                            }))
                });
                if compared {
                    col_of(table, &t.text, &mut problems, "compared");
                }
            }
        }
    }
    problems
}

#[test]
fn the_name_checker_catches_typos() {
    assert!(check_names(
        "SELECT r.SourceId FROM ivr.rt_RoutingTable AS r WHERE r.IsActive = 1 AND SourceId = @P1; \
         UPDATE ivr.msg_MessageKey SET PublishedVersion = @P2, UpdatedAt = SYSUTCDATETIME() OUTPUT inserted.RowVersion WHERE MessageKeyId = @P1; \
         INSERT INTO dbo.sys_AuditLog (Actor, Environment, EntityType, EntityId, Action) VALUES (@P1, @P2, @P3, @P4, @P5); \
         SELECT s.name FROM sys.tables AS s JOIN sys.schemas AS x ON x.schema_id = s.schema_id WHERE name = N'a'; \
         SELECT 1 FROM dbo.__schema_history WHERE version = @P1"
    )
    .is_empty());
    let p = check_names(
        "SELECT r.SourceID, r.Bogus FROM ivr.rt_RoutingTable AS r JOIN ivr.rt_RoutingTables AS x ON 1 = 1; \
         UPDATE k SET PublishedVersoin = 1 OUTPUT inserted.RowVer FROM ivr.msg_MessageKey AS k; \
         INSERT INTO dbo.sys_AuditLog (Actor, Who) VALUES (@P1, @P2); \
         DELETE FROM ivr.seg_Segment WHERE RoutingID = @P1 AND SegmentNam = @P2; \
         SELECT 1 FROM dbo.seg_Segment",
    );
    assert_eq!(
        p,
        [
            "table ivr.rt_RoutingTables is not in the schema model",
            "r.Bogus column Bogus is not in ivr.rt_RoutingTable",
            "inserted.RowVer column RowVer is not in ivr.msg_MessageKey",
            "updated column PublishedVersoin is not in ivr.msg_MessageKey",
            "inserted column Who is not in dbo.sys_AuditLog",
            "compared column SegmentNam is not in ivr.seg_Segment",
            "table dbo.seg_Segment is not in the schema model",
        ]
    );
}
