//! Contract tests of the migration engine on real databases: a fresh SQLite file per test, and a
//! fresh SQL Server database per test when IVR_TEST_MSSQL_URL is set (the `mssql_*` tests are
//! `#[ignore]`d, reported as ignored otherwise, and run by `scripts/test`; SQL Server is never faked).

use ivr_domain::connection::Engine;
use ivr_domain::migration::{DeployReport, Progress};
use ivr_domain::ErrorCode;
use ivr_store::migrate::{self, DeployOptions, MigrationSet, RepairOptions, RunOptions};
use ivr_store::{Db, Value};
use std::sync::Mutex;

ivr_store::queries! {
    T_COUNT_HISTORY {
        mssql: "SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM dbo.__schema_history;",
        sqlite: ["SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM __schema_history"],
    }
    T_HISTORY_ROW {
        mssql: "SELECT success FROM dbo.__schema_history WHERE version = @P1;",
        sqlite: ["SELECT success FROM __schema_history WHERE version = ?1"],
    }
    T_TABLE_EXISTS {
        mssql: "SELECT CASE WHEN OBJECT_ID(@P1, N'U') IS NULL THEN 0 ELSE 1 END AS present;",
        sqlite: ["SELECT COUNT(*) AS present FROM sqlite_master WHERE type = 'table' AND name = ?1"],
    }
    T_MIG_A_ROWS {
        mssql: "SELECT COUNT(*) AS n FROM dbo.mig_a;",
        sqlite: ["SELECT COUNT(*) AS n FROM mig_a"],
    }
    T_AUDIT {
        mssql: "SELECT Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData FROM dbo.sys_AuditLog ORDER BY AuditId;",
        sqlite: ["SELECT Actor, Environment, EntityType, EntityId, Action, BeforeData, AfterData FROM sys_AuditLog ORDER BY AuditId"],
    }
}

const V_A: u64 = 20260101000000;
const V_B: u64 = 20260102000000;
const V_C: u64 = 20260103000000;

/// Creates the audit table the way the baseline does (same columns), plus a small table.
fn file_a(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "-- Test: audit table and mig_a\nCREATE TABLE sys_AuditLog (AuditId INTEGER PRIMARY KEY AUTOINCREMENT, OccurredAt TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), Actor TEXT NOT NULL, Environment TEXT NOT NULL, EntityType TEXT NOT NULL, EntityId TEXT NOT NULL, Action TEXT NOT NULL, BeforeData TEXT NULL, AfterData TEXT NULL);\nCREATE TABLE mig_a (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NULL);\nGO\nINSERT INTO mig_a (id, label) VALUES (1, 'one; GO');\n",
        Engine::Mssql => "-- Test: audit table and mig_a\nCREATE TABLE dbo.sys_AuditLog (AuditId BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY, OccurredAt DATETIME2 NOT NULL DEFAULT SYSUTCDATETIME(), Actor VARCHAR(100) NOT NULL, Environment VARCHAR(50) NOT NULL, EntityType VARCHAR(50) NOT NULL, EntityId VARCHAR(200) NOT NULL, Action VARCHAR(50) NOT NULL, BeforeData NVARCHAR(MAX) NULL, AfterData NVARCHAR(MAX) NULL);\nCREATE TABLE dbo.mig_a (id INT NOT NULL PRIMARY KEY, label VARCHAR(20) NULL);\nGO\nINSERT INTO dbo.mig_a (id, label) VALUES (1, 'one; GO');\n",
    }
}

/// Second file: its second batch fails (duplicate key) after the first batch succeeded.
const FILE_B_BAD: &str = "-- Test: fails halfway\nCREATE TABLE mig_b (id INT NOT NULL PRIMARY KEY);\nINSERT INTO mig_b (id) VALUES (1);\nGO\nINSERT INTO mig_b (id) VALUES (1);\n";
const FILE_B_FIXED: &str = "-- Test: fixed\nCREATE TABLE mig_b (id INT NOT NULL PRIMARY KEY);\nINSERT INTO mig_b (id) VALUES (1);\nGO\nINSERT INTO mig_b (id) VALUES (2);\n";
const FILE_C: &str = "-- Test: third\nCREATE TABLE mig_c (id INT NOT NULL);\n";

fn set(engine: Engine, files: &[(u64, &str, &str)]) -> MigrationSet {
    MigrationSet::from_files(
        engine,
        files
            .iter()
            .map(|(v, name, text)| (format!("V{v}__{name}.sql"), text.as_bytes().to_vec()))
            .collect(),
    )
    .expect("test set is valid")
}

fn run() -> RunOptions {
    RunOptions::new("tester", "local")
}

async fn deploy(db: &Db, s: &MigrationSet) -> ivr_domain::Result<DeployReport> {
    migrate::deploy(db, s, &run(), DeployOptions::default(), &|_| {}).await
}

async fn count(db: &Db, q: &ivr_store::Query, params: &[Value], col: &str) -> i64 {
    let rows = db.query(q, params).await.expect("query");
    rows[0].i64(col).expect("column")
}

async fn table_exists(db: &Db, name: &str) -> bool {
    let name = match db.engine() {
        Engine::Sqlite => name.to_string(),
        Engine::Mssql => format!("dbo.{name}"),
    };
    count(db, &T_TABLE_EXISTS, &[Value::Text(name)], "present").await == 1
}

// ---------------------------------------------------------------- the contract

async fn contract_deploy_then_status(db: Db) {
    let e = db.engine();
    let s = set(e, &[(V_A, "a", file_a(e)), (V_C, "c", FILE_C)]);
    let before = migrate::status(&db, &s).await.unwrap();
    assert!(!before.history_table);
    assert_eq!(before.pending.len(), 2);

    let events = Mutex::new(Vec::new());
    let report = migrate::deploy(&db, &s, &run(), DeployOptions::default(), &|p| {
        events.lock().unwrap().push(p.clone())
    })
    .await
    .unwrap();
    assert_eq!(
        report.applied.iter().map(|a| a.version).collect::<Vec<_>>(),
        vec![V_A, V_C]
    );
    let events = events.into_inner().unwrap();
    assert_eq!(events.len(), 4);
    assert!(matches!(
        events[0],
        Progress::Started {
            index: 1,
            total: 2,
            version: V_A,
            ..
        }
    ));
    assert!(matches!(
        events[1],
        Progress::Finished {
            index: 1,
            total: 2,
            version: V_A,
            ..
        }
    ));
    assert!(matches!(
        events[3],
        Progress::Finished {
            index: 2,
            total: 2,
            version: V_C,
            ..
        }
    ));

    assert_eq!(count(&db, &T_MIG_A_ROWS, &[], "n").await, 1);
    let st = migrate::status(&db, &s).await.unwrap();
    assert!(st.pending.is_empty());
    assert!(st.failed.is_empty() && st.unknown.is_empty() && st.checksum_mismatches.is_empty());
    assert_eq!(st.applied.len(), 2);
    assert!(st.applied.iter().all(|a| a.checksum_ok && a.entry.success));
    assert_eq!(st.applied[0].entry.applied_by, "tester");
    assert!(
        st.applied[0].entry.applied_at.starts_with("20"),
        "{}",
        st.applied[0].entry.applied_at
    );

    // A second deploy finds nothing to do and writes nothing but its reads.
    let again = deploy(&db, &s).await.unwrap();
    assert!(again.applied.is_empty() && again.planned.is_empty());
}

async fn contract_statement_counts(db: Db) {
    let e = db.engine();
    let s = set(e, &[(V_A, "a", file_a(e))]);
    let n0 = db.statement_count();
    deploy(&db, &s).await.unwrap();
    // exists + create history + (begin, version check, 2 batches, history row, commit)
    // + on SQL Server the application lock and its release.
    let lock = if e == Engine::Mssql { 2 } else { 0 };
    assert_eq!(db.statement_count() - n0, 8 + lock);
    let n1 = db.statement_count();
    deploy(&db, &s).await.unwrap();
    // exists + read history.
    assert_eq!(db.statement_count() - n1, 2 + lock);
}

async fn contract_plan_writes_nothing(db: Db) {
    let e = db.engine();
    let s = set(e, &[(V_A, "a", file_a(e)), (V_C, "c", FILE_C)]);
    let n0 = db.statement_count();
    let plan = migrate::plan(&db, &s).await.unwrap();
    // One read: does the history table exist? (No: so nothing else to read.)
    assert_eq!(db.statement_count() - n0, 1);
    assert!(plan.dry_run);
    assert!(plan.applied.is_empty());
    assert_eq!(plan.planned.len(), 2);
    assert_eq!(plan.planned[0].batches.len(), 2);
    assert!(plan.planned[0].batches[1].sql.contains("INSERT INTO"));
    assert_eq!(plan.planned[0].batches[1].start_line, 5);
    assert!(!table_exists(&db, "__schema_history").await);
    assert!(!table_exists(&db, "mig_a").await);
}

async fn contract_checksum_change(db: Db) {
    let e = db.engine();
    deploy(&db, &set(e, &[(V_A, "a", file_a(e))]))
        .await
        .unwrap();
    let edited = format!("{}-- edited afterwards\n", file_a(e));
    let s = set(e, &[(V_A, "a", &edited), (V_C, "c", FILE_C)]);

    let st = migrate::status(&db, &s).await.unwrap();
    assert_eq!(st.checksum_mismatches.len(), 1);
    assert!(!st.applied[0].checksum_ok);

    let err = deploy(&db, &s).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::MigrationChecksum);
    assert!(
        err.message.contains(&format!("V{V_A}__a.sql")),
        "{}",
        err.message
    );
    assert!(
        !table_exists(&db, "mig_c").await,
        "nothing runs after the refusal"
    );

    let v = migrate::verify(&db, &s).await.unwrap();
    assert!(!v.clean);
    assert_eq!(v.checksum_mismatches[0].file_name, format!("V{V_A}__a.sql"));

    // Repair accepts the new checksum (audited), then the deploy goes on.
    let dry = migrate::repair(
        &db,
        &s,
        &run(),
        &RepairOptions {
            versions: None,
            dry_run: true,
        },
    )
    .await
    .unwrap();
    assert_eq!(dry.accepted_checksums.len(), 1);
    assert!(deploy(&db, &s).await.is_err(), "a dry run changes nothing");
    let r = migrate::repair(&db, &s, &run(), &RepairOptions::default())
        .await
        .unwrap();
    assert_eq!(r.accepted_checksums.len(), 1);
    assert!(r.audited);
    let audit = db.query(&T_AUDIT, &[]).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].str("Action").unwrap(), "repair");
    assert_eq!(audit[0].str("EntityType").unwrap(), "migration");
    assert_eq!(audit[0].str("EntityId").unwrap(), V_A.to_string());
    assert_eq!(audit[0].str("Actor").unwrap(), "tester");
    assert_eq!(audit[0].str("Environment").unwrap(), "local");
    let after: serde_json::Value =
        serde_json::from_str(&audit[0].str("AfterData").unwrap()).unwrap();
    assert_eq!(after["checksum"], s.get(V_A).unwrap().checksum);
    let applied = deploy(&db, &s).await.unwrap();
    assert_eq!(applied.applied.len(), 1);
}

async fn contract_database_newer(db: Db) {
    let e = db.engine();
    deploy(&db, &set(e, &[(V_A, "a", file_a(e)), (V_C, "c", FILE_C)]))
        .await
        .unwrap();
    let older_build = set(e, &[(V_A, "a", file_a(e))]);
    let st = migrate::status(&db, &older_build).await.unwrap();
    assert_eq!(
        st.unknown.iter().map(|u| u.version).collect::<Vec<_>>(),
        vec![V_C]
    );
    let err = deploy(&db, &older_build).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::DatabaseNewer);
    assert!(err.message.contains(&V_C.to_string()), "{}", err.message);
    let v = migrate::verify(&db, &older_build).await.unwrap();
    assert!(!v.clean);
    assert_eq!(v.unknown.len(), 1);
}

async fn contract_failure_rollback_and_repair(db: Db) {
    let e = db.engine();
    let bad = set(e, &[(V_A, "a", file_a(e)), (V_B, "b", FILE_B_BAD)]);
    let err = deploy(&db, &bad).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::MigrationFailed);
    assert!(
        err.message.contains(&format!("V{V_B}__b.sql")),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("batch 2 of 2 (line 5)"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains(&format!("V{V_A}__a.sql")),
        "{}",
        err.message
    );
    let detail = err.detail_json();
    assert_eq!(detail["appliedThisRun"], serde_json::json!([V_A]));
    assert_eq!(detail["batch"], 2);
    assert_eq!(detail["failureRecorded"], true);

    // First file applied; second rolled back: its first batch's table is absent.
    assert_eq!(count(&db, &T_MIG_A_ROWS, &[], "n").await, 1);
    assert!(!table_exists(&db, "mig_b").await);
    let rows = db
        .query(&T_HISTORY_ROW, &[Value::Int(V_B as i64)])
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].bool("success").unwrap());

    // Refused until repaired, even with the fixed file.
    let fixed = set(e, &[(V_A, "a", file_a(e)), (V_B, "b", FILE_B_FIXED)]);
    let err = deploy(&db, &fixed).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::MigrationFailed);
    assert!(
        err.message.contains(&format!("V{V_B}__b")),
        "{}",
        err.message
    );
    let st = migrate::status(&db, &fixed).await.unwrap();
    assert_eq!(st.failed.len(), 1);
    let v = migrate::verify(&db, &fixed).await.unwrap();
    assert!(!v.clean && v.failed.len() == 1);

    let r = migrate::repair(&db, &fixed, &run(), &RepairOptions::default())
        .await
        .unwrap();
    assert_eq!(
        r.removed_failed
            .iter()
            .map(|f| f.version)
            .collect::<Vec<_>>(),
        vec![V_B]
    );
    let audit = db.query(&T_AUDIT, &[]).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].str("EntityId").unwrap(), V_B.to_string());
    let before: serde_json::Value =
        serde_json::from_str(&audit[0].str("BeforeData").unwrap()).unwrap();
    assert_eq!(before["success"], false);
    assert!(audit[0].opt_str("AfterData").unwrap().is_none());

    let report = deploy(&db, &fixed).await.unwrap();
    assert_eq!(
        report.applied.iter().map(|a| a.version).collect::<Vec<_>>(),
        vec![V_B]
    );
    assert!(table_exists(&db, "mig_b").await);
    let h = db.query(&T_COUNT_HISTORY, &[]).await.unwrap();
    assert_eq!(h[0].i64("n").unwrap(), 2);
    assert_eq!(h[0].i64("d").unwrap(), 2);
}

async fn contract_destructive_needs_acknowledgement(db: Db) {
    let e = db.engine();
    deploy(&db, &set(e, &[(V_A, "a", file_a(e))]))
        .await
        .unwrap();
    let s = set(
        e,
        &[
            (V_A, "a", file_a(e)),
            (V_B, "drop", "-- Test: drop\nDROP TABLE mig_a;\n"),
        ],
    );
    let plan = migrate::plan(&db, &s).await.unwrap();
    assert_eq!(plan.planned[0].findings.len(), 1);
    let err = deploy(&db, &s).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.contains("DROP TABLE mig_a"), "{}", err.message);
    assert!(table_exists(&db, "mig_a").await);
    let ok = migrate::deploy(
        &db,
        &s,
        &run(),
        DeployOptions {
            dry_run: false,
            allow_destructive: true,
        },
        &|_| {},
    )
    .await
    .unwrap();
    assert_eq!(ok.applied.len(), 1);
    assert!(!table_exists(&db, "mig_a").await);
}

async fn contract_baseline(db: Db) {
    let e = db.engine();
    let s = set(e, &[(V_A, "a", file_a(e)), (V_C, "c", FILE_C)]);
    // A database "created by hand": the objects of V_A exist, no history.
    let mut conn = db.conn().await.unwrap();
    for b in &s.get(V_A).unwrap().batches {
        conn.run_script(&b.sql).await.unwrap();
    }
    drop(conn);
    let err = migrate::baseline(&db, &s, &run(), 42).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);

    let r = migrate::baseline(&db, &s, &run(), V_A).await.unwrap();
    assert_eq!(r.marked, vec![V_A]);
    let st = migrate::status(&db, &s).await.unwrap();
    assert_eq!(st.applied.len(), 1);
    assert_eq!(st.applied[0].entry.execution_ms, 0);
    assert_eq!(
        st.pending.iter().map(|p| p.version).collect::<Vec<_>>(),
        vec![V_C]
    );
    let audit = db.query(&T_AUDIT, &[]).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].str("Action").unwrap(), "baseline");
    assert_eq!(audit[0].str("EntityId").unwrap(), V_A.to_string());
    // Marked, not run: the row inserted by the file is there once, from the manual run.
    assert_eq!(count(&db, &T_MIG_A_ROWS, &[], "n").await, 1);
    // Baseline again: nothing more to mark, nothing written.
    let r = migrate::baseline(&db, &s, &run(), V_A).await.unwrap();
    assert!(r.marked.is_empty());
    deploy(&db, &s).await.unwrap();
    assert!(table_exists(&db, "mig_c").await);
}

// ---------------------------------------------------------------- SQLite

fn sqlite() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite(&dir.path().join("ivr.db")).unwrap();
    (db, dir)
}

macro_rules! sqlite_tests {
    ($($name:ident => $contract:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let (db, _dir) = sqlite();
                $contract(db).await;
            }
        )*
    };
}

sqlite_tests! {
    sqlite_deploy_then_status => contract_deploy_then_status,
    sqlite_statement_counts => contract_statement_counts,
    sqlite_plan_writes_nothing => contract_plan_writes_nothing,
    sqlite_checksum_change => contract_checksum_change,
    sqlite_database_newer => contract_database_newer,
    sqlite_failure_rollback_and_repair => contract_failure_rollback_and_repair,
    sqlite_destructive_needs_acknowledgement => contract_destructive_needs_acknowledgement,
    sqlite_baseline => contract_baseline,
}

#[tokio::test]
async fn sqlite_no_transaction_directive() {
    let (db, _dir) = sqlite();
    // VACUUM cannot run inside a transaction: only the directive makes this file work.
    let s = set(
        Engine::Sqlite,
        &[(
            V_A,
            "vacuum",
            "-- ivr:no-transaction\n-- Test: vacuum\nVACUUM;\n",
        )],
    );
    deploy(&db, &s).await.unwrap();
    let without = set(
        Engine::Sqlite,
        &[(V_B, "vacuum", "-- Test: vacuum\nVACUUM;\n")],
    );
    let db2 = Db::open_sqlite(&_dir.path().join("other.db")).unwrap();
    let err = deploy(&db2, &without).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::MigrationFailed);
}

#[tokio::test]
async fn sqlite_engine_mismatch_is_refused() {
    let (db, _dir) = sqlite();
    let s = set(Engine::Mssql, &[(V_C, "c", FILE_C)]);
    let err = migrate::status(&db, &s).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Config);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_concurrent_deploys_apply_each_version_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ivr.db");
    let files: Vec<(u64, String, String)> = (0..20)
        .map(|i| {
            (
                V_A + i,
                format!("t{i}"),
                format!("-- Test: table {i}\nCREATE TABLE many_{i} (id INT NOT NULL);\nGO\nINSERT INTO many_{i} (id) VALUES ({i});\n"),
            )
        })
        .collect();
    let refs: Vec<(u64, &str, &str)> = files
        .iter()
        .map(|(v, n, t)| (*v, n.as_str(), t.as_str()))
        .collect();
    let s = std::sync::Arc::new(set(Engine::Sqlite, &refs));
    let mut handles = Vec::new();
    for _ in 0..2 {
        let db = Db::open_sqlite(&path).unwrap();
        let s = s.clone();
        handles.push(tokio::spawn(async move { deploy(&db, &s).await }));
    }
    let mut applied_total = 0;
    let mut appliers = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(r) => {
                applied_total += r.applied.len();
                if !r.applied.is_empty() {
                    appliers += 1;
                }
            }
            Err(e) => assert_eq!(e.code, ErrorCode::MigrationLocked, "{e}"),
        }
    }
    assert_eq!(appliers, 1, "exactly one runner applies");
    assert_eq!(applied_total, 20);
    let db = Db::open_sqlite(&path).unwrap();
    let h = db.query(&T_COUNT_HISTORY, &[]).await.unwrap();
    assert_eq!(h[0].i64("n").unwrap(), 20);
    assert_eq!(h[0].i64("d").unwrap(), 20);
}

#[tokio::test]
async fn sqlite_lock_held_elsewhere_gives_migration_locked() {
    let (db, dir) = sqlite();
    let lock_path = dir.path().join("ivr.db.migrate-lock");
    // Never deployed: nobody holds the lock, and probing it creates no file.
    assert!(!migrate::lock_held(&db).await.unwrap());
    assert!(!lock_path.exists());
    // Another runner (here: this test) holds the lock file.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join("ivr.db.migrate-lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let mut opts = run();
    opts.lock_timeout = std::time::Duration::from_millis(200);
    let s = set(Engine::Sqlite, &[(V_C, "c", FILE_C)]);
    let err = migrate::deploy(&db, &s, &opts, DeployOptions::default(), &|_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MigrationLocked);
    assert!(
        err.message.contains("another deploy is running"),
        "{}",
        err.message
    );
    assert!(!table_exists(&db, "__schema_history").await);
    assert!(
        migrate::lock_held(&db).await.unwrap(),
        "the probe sees the held lock"
    );
    lock.unlock().unwrap();
    assert!(
        !migrate::lock_held(&db).await.unwrap(),
        "and that it is free again"
    );
    migrate::deploy(&db, &s, &opts, DeployOptions::default(), &|_| {})
        .await
        .unwrap();
}

// ---------------------------------------------------------------- SQL Server (when configured)

mod mssql_env {
    use ivr_store::Db;
    use ivr_testkit::{required_mssql_target, test_retry_policy};

    /// A fresh database per test, dropped by [`Fresh::drop_db`].
    pub struct Fresh {
        pub db: Db,
        admin: Db,
        name: String,
    }

    pub async fn fresh() -> Fresh {
        let target = required_mssql_target();
        let retry = test_retry_policy();
        let admin = Db::connect_mssql(&target, &retry)
            .await
            .expect("connect to SQL Server");
        let name = format!("ivr_migrate_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .conn()
            .await
            .unwrap()
            .run_script(&format!("CREATE DATABASE [{name}]"))
            .await
            .expect("create a test database");
        let mut t = target.clone();
        t.database = name.clone();
        let db = Db::connect_mssql(&t, &retry)
            .await
            .expect("connect to the test database");
        Fresh { db, admin, name }
    }

    impl Fresh {
        pub async fn drop_db(self) {
            let Fresh { db, admin, name } = self;
            drop(db);
            let _ = admin
                .conn()
                .await
                .unwrap()
                .run_script(&format!(
                    "ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}];"
                ))
                .await;
        }

        pub async fn second_handle(&self) -> Db {
            let mut t = required_mssql_target();
            t.database = self.name.clone();
            Db::connect_mssql(&t, &test_retry_policy()).await.unwrap()
        }
    }
}

macro_rules! mssql_tests {
    ($($name:ident => $contract:ident),* $(,)?) => {
        $(
            #[tokio::test]
            #[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
            async fn $name() {
                let f = mssql_env::fresh().await;
                $contract(f.db.clone()).await;
                f.drop_db().await;
            }
        )*
    };
}

mssql_tests! {
    mssql_deploy_then_status => contract_deploy_then_status,
    mssql_statement_counts => contract_statement_counts,
    mssql_plan_writes_nothing => contract_plan_writes_nothing,
    mssql_checksum_change => contract_checksum_change,
    mssql_database_newer => contract_database_newer,
    mssql_failure_rollback_and_repair => contract_failure_rollback_and_repair,
    mssql_destructive_needs_acknowledgement => contract_destructive_needs_acknowledgement,
    mssql_baseline => contract_baseline,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_concurrent_deploys_apply_each_version_once() {
    let f = mssql_env::fresh().await;
    let files: Vec<(u64, String, String)> = (0..20)
        .map(|i| {
            (
                V_A + i,
                format!("t{i}"),
                format!("-- Test: table {i}\nCREATE TABLE dbo.many_{i} (id INT NOT NULL);\nGO\nINSERT INTO dbo.many_{i} (id) VALUES ({i});\n"),
            )
        })
        .collect();
    let refs: Vec<(u64, &str, &str)> = files
        .iter()
        .map(|(v, n, t)| (*v, n.as_str(), t.as_str()))
        .collect();
    let s = std::sync::Arc::new(set(Engine::Mssql, &refs));
    let mut handles = Vec::new();
    for db in [f.db.clone(), f.second_handle().await] {
        let s = s.clone();
        handles.push(tokio::spawn(async move { deploy(&db, &s).await }));
    }
    let mut applied_total = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(r) => applied_total += r.applied.len(),
            Err(e) => assert_eq!(e.code, ErrorCode::MigrationLocked, "{e}"),
        }
    }
    assert_eq!(applied_total, 20);
    let h = f.db.query(&T_COUNT_HISTORY, &[]).await.unwrap();
    assert_eq!(h[0].i64("n").unwrap(), 20);
    assert_eq!(h[0].i64("d").unwrap(), 20);
    f.drop_db().await;
}

// ---------------------------------------------------------------- the real, embedded migrations

async fn contract_embedded_set(db: Db) {
    let s = MigrationSet::embedded(db.engine()).unwrap();
    assert!(
        s.get(20260120000000)
            .is_some_and(|m| m.name == "baseline_schema"),
        "the baseline is embedded"
    );
    for m in s.migrations() {
        assert!(m.findings.is_empty(), "{}: {:?}", m.file_name, m.findings);
    }
    let report = deploy(&db, &s).await.unwrap();
    assert_eq!(report.applied.len(), s.migrations().len());
    let st = migrate::status(&db, &s).await.unwrap();
    assert!(st.pending.is_empty());
    assert_eq!(st.applied.len(), s.migrations().len());
    let v = migrate::verify(&db, &s).await.unwrap();
    assert!(v.clean, "{v:#?}");
    // Idempotent files: running the baseline's batches again changes nothing and fails nothing.
    let mut conn = db.conn().await.unwrap();
    for b in &s.migrations()[0].batches {
        conn.run_script(&b.sql).await.unwrap();
    }
    // A table made by hand is drift: verify is no longer clean and names it.
    let extra = match db.engine() {
        Engine::Sqlite => "CREATE TABLE extra_by_hand (id INT)",
        Engine::Mssql => "CREATE TABLE dbo.extra_by_hand (id INT)",
    };
    conn.run_script(extra).await.unwrap();
    drop(conn);
    let v = migrate::verify(&db, &s).await.unwrap();
    assert!(!v.clean);
    assert!(v.checksum_mismatches.is_empty() && v.pending.is_empty());
    assert!(
        v.drift.iter().any(|d| d.table == "extra_by_hand"),
        "{:?}",
        v.drift
    );
}

/// An index that a pending migration will create is reported once, as pending (with the version
/// that creates it), not also as missing drift.
async fn contract_pending_index_is_not_drift(db: Db) {
    let full = MigrationSet::embedded(db.engine()).unwrap();
    let (cut, index) = full
        .migrations()
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(i, m)| {
            migrate::creates::created_objects(&m.sql, db.engine())
                .into_iter()
                .find(|o| o.object == ivr_domain::schema::drift::ObjectKind::Index)
                .map(|o| (i, o))
        })
        .expect("an embedded migration after the baseline creates an index");
    let version = full.migrations()[cut].version;
    let older = MigrationSet::from_files(
        db.engine(),
        full.migrations()[..cut]
            .iter()
            .map(|m| (m.file_name.clone(), m.sql.as_bytes().to_vec()))
            .collect(),
    )
    .unwrap();
    deploy(&db, &older).await.unwrap();

    let v = migrate::verify(&db, &full).await.unwrap();
    assert!(!v.clean, "pending migrations are not clean");
    assert!(v.pending.contains(&version), "{:?}", v.pending);
    assert!(
        v.pending_objects
            .iter()
            .any(|p| p.version == version && p.item.name == index.name),
        "{} should be pending under V{version}: {:?}",
        index.name,
        v.pending_objects
    );
    assert!(
        !v.drift.iter().any(|d| d.name == index.name),
        "{} reported as drift as well: {:?}",
        index.name,
        v.drift
    );
    // Once deployed, nothing is pending and nothing drifts.
    deploy(&db, &full).await.unwrap();
    let v = migrate::verify(&db, &full).await.unwrap();
    assert!(v.clean && v.pending_objects.is_empty(), "{v:#?}");
}

#[tokio::test]
async fn sqlite_pending_index_is_not_drift() {
    let (db, _dir) = sqlite();
    contract_pending_index_is_not_drift(db).await;
}

#[tokio::test]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_pending_index_is_not_drift() {
    let f = mssql_env::fresh().await;
    contract_pending_index_is_not_drift(f.db.clone()).await;
    f.drop_db().await;
}

#[tokio::test]
async fn sqlite_embedded_set() {
    let (db, _dir) = sqlite();
    contract_embedded_set(db).await;
}

#[tokio::test]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_embedded_set() {
    let f = mssql_env::fresh().await;
    contract_embedded_set(f.db.clone()).await;
    f.drop_db().await;
}

#[tokio::test]
#[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
async fn mssql_lock_held_elsewhere_gives_migration_locked() {
    let f = mssql_env::fresh().await;
    // Another session holds the migration lock (as a running deploy would).
    let other = f.second_handle().await;
    let mut holder = other.conn().await.unwrap();
    holder
        .run_script("DECLARE @r INT; EXEC @r = sp_getapplock @Resource = N'ivr-studio-migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; IF @r < 0 THROW 50000, N'test could not take the lock', 1;")
        .await
        .unwrap();
    let mut opts = run();
    opts.lock_timeout = std::time::Duration::from_millis(500);
    let s = set(Engine::Mssql, &[(V_C, "c", FILE_C)]);
    let err = migrate::deploy(&f.db, &s, &opts, DeployOptions::default(), &|_| {})
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MigrationLocked, "{err}");
    assert!(!table_exists(&f.db, "__schema_history").await);
    holder
        .run_script(
            "EXEC sp_releaseapplock @Resource = N'ivr-studio-migrations', @LockOwner = 'Session';",
        )
        .await
        .unwrap();
    drop(holder);
    drop(other);
    migrate::deploy(&f.db, &s, &opts, DeployOptions::default(), &|_| {})
        .await
        .unwrap();
    f.drop_db().await;
}

/// Our splitter agrees with Microsoft's parser: every batch of every embedded SQL Server file
/// parses on its own (a split inside a statement, string or comment would not). Needs `maxdop`
/// (`pip install maxdop==0.1.3`); skipped with a notice when it is not installed (a failure on CI).
#[test]
fn embedded_mssql_batches_each_parse_alone() {
    if !ivr_testkit::maxdop_available() {
        return;
    }
    let s = MigrationSet::embedded(Engine::Mssql).unwrap();
    let batches: Vec<(String, &str)> = s
        .migrations()
        .iter()
        .flat_map(|m| {
            m.batches.iter().enumerate().map(|(i, b)| {
                let at = format!(
                    "{} batch {} (lines {}–{})",
                    m.file_name,
                    i + 1,
                    b.start_line,
                    b.end_line
                );
                (at, b.sql.as_str())
            })
        })
        .collect();
    assert!(batches.len() > 2, "the baseline has several batches");
    let failures = ivr_testkit::maxdop_refusals(batches);
    assert!(
        failures.is_empty(),
        "batches that do not parse alone: {failures:#?}"
    );
    let tmp = tempfile::tempdir().unwrap();
    // The check has teeth: half a statement is refused.
    std::fs::write(
        tmp.path().join("bad.sql"),
        "CREATE TABLE dbo.x (a INT NOT NULL",
    )
    .unwrap();
    let out = std::process::Command::new("maxdop")
        .args(["--parser-version", "2022"])
        .arg(tmp.path().join("bad.sql"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}
