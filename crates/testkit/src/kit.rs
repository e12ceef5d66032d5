//! Shared harness for contract tests of every crate: a fresh, migrated database per test.
//!
//! - SQLite: a new file in a temporary folder (removed when the [`TestDb`] is dropped).
//! - SQL Server: a new database `ivr_ct_<random>` created on the server given to the test (see
//!   [`crate::mssql_target_from_env`]), migrated, and dropped by [`TestDb::cleanup`]. A fresh database per test
//!   keeps tests independent without unique-name tricks; a test that panics leaves its database
//!   behind (prefix `ivr_ct_`), which is harmless on a throwaway test server.
//!
//! Functions here panic on setup failures: they are for tests only.

use ivr_domain::connection::Engine;
use ivr_store::mssql::{MssqlTarget, RetryPolicy};
use ivr_store::queries;
use ivr_store::Db;

queries! {
    /// Test harness only: a new empty database (name passed as a parameter, quoted by the server).
    TESTKIT_CREATE_DATABASE {
        mssql: "DECLARE @sql NVARCHAR(400) = N'CREATE DATABASE ' + QUOTENAME(@P1); EXEC (@sql);",
        sqlite: ["SELECT ?1 AS Unused"],
    }
    /// Test harness only: drops a test database, closing its other sessions first.
    TESTKIT_DROP_DATABASE {
        mssql: "IF DB_ID(@P1) IS NOT NULL BEGIN \
                  DECLARE @sql NVARCHAR(600) = N'ALTER DATABASE ' + QUOTENAME(@P1) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ' + QUOTENAME(@P1); \
                  EXEC (@sql); \
                END",
        sqlite: ["SELECT ?1 AS Unused"],
    }
}

/// A database for one test. Keep it alive for the test's duration.
pub struct TestDb {
    pub db: Db,
    _dir: Option<tempfile::TempDir>,
    mssql: Option<(MssqlTarget, String)>,
}

impl TestDb {
    pub fn engine(&self) -> Engine {
        self.db.engine()
    }

    /// Drops the SQL Server test database (nothing to do on SQLite: the folder goes on drop).
    pub async fn cleanup(self) {
        let TestDb { db, _dir, mssql } = self;
        drop(db);
        if let Some((admin, name)) = mssql {
            if let Ok(admin_db) = Db::connect_mssql(&admin, &RetryPolicy::default()).await {
                let _ = admin_db
                    .execute(&TESTKIT_DROP_DATABASE, &[name.as_str().into()])
                    .await;
            }
        }
    }
}

/// A fresh SQLite database file in a temporary folder, with every migration applied.
pub async fn fresh_sqlite() -> TestDb {
    let t = empty_sqlite();
    migrate(&t.db).await;
    t
}

/// A fresh SQLite database file with no migration applied (an environment nobody deployed).
pub fn empty_sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary folder for the test database");
    let db = Db::open_sqlite(&dir.path().join("test.db")).expect("open the test SQLite database");
    TestDb {
        db,
        _dir: Some(dir),
        mssql: None,
    }
}

/// A fresh database on the SQL Server `admin` points at (its login needs CREATE DATABASE), migrated.
pub async fn fresh_mssql(admin: &MssqlTarget) -> TestDb {
    let t = empty_mssql(admin).await;
    migrate(&t.db).await;
    t
}

/// A fresh, empty database on the SQL Server `admin` points at, with no migration applied.
pub async fn empty_mssql(admin: &MssqlTarget) -> TestDb {
    let name = format!(
        "ivr_ct_{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    );
    let admin_db = Db::connect_mssql(admin, &crate::test_retry_policy())
        .await
        .expect("connect to the SQL Server test instance");
    admin_db
        .execute(&TESTKIT_CREATE_DATABASE, &[name.as_str().into()])
        .await
        .expect("create a test database");
    drop(admin_db);
    let mut target = admin.clone();
    target.database = name.clone();
    let db = Db::connect_mssql(&target, &RetryPolicy::default())
        .await
        .expect("connect to the new test database");
    TestDb {
        db,
        _dir: None,
        mssql: Some((admin.clone(), name)),
    }
}

/// Declares each contract test once per engine: `NAME::sqlite` runs always; `NAME::mssql` is
/// `#[ignore]`d, so a run without SQL Server reports it as ignored (never as passed), and
/// `scripts/test` runs it (`-- --ignored mssql`) when `IVR_TEST_MSSQL_URL` is set. Run on purpose
/// without the variable, the SQL Server half fails instead of passing. Write the test once, as
/// `async fn NAME(db: Db)`, then list it:
/// ```ignore
/// async fn my_rule(db: Db) { /* … */ }
/// ivr_testkit::engine_tests!(my_rule);
/// ```
#[macro_export]
macro_rules! engine_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let t = $crate::fresh_sqlite().await;
                super::$name(t.db.clone()).await;
                t.cleanup().await;
            }
            #[tokio::test]
            #[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
            async fn mssql() {
                let admin = $crate::required_mssql_target();
                let t = $crate::fresh_mssql(&admin).await;
                super::$name(t.db.clone()).await;
                t.cleanup().await;
            }
        }
    )*};
}

/// Every embedded migration of the database's engine, applied by the migration engine.
async fn migrate(db: &Db) {
    let set = ivr_store::migrate::MigrationSet::embedded(db.engine()).expect("embedded migrations");
    ivr_store::migrate::deploy(
        db,
        &set,
        &ivr_store::migrate::RunOptions::new("contract-tests", "test"),
        ivr_store::migrate::DeployOptions::default(),
        &|_| {},
    )
    .await
    .expect("migrate the test database");
}

/// `true` when Microsoft's T-SQL parser (`maxdop`) can be run. Without it a T-SQL check is skipped
/// with a notice, except on CI (`CI=true`) and under `scripts/test` (`IVR_REQUIRE_MAXDOP=1`), where
/// a missing parser fails the test: they claim every SQL Server text was parsed.
pub fn maxdop_available() -> bool {
    let found = std::process::Command::new("maxdop")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        let required = std::env::var("CI").is_ok_and(|v| v == "true")
            || std::env::var("IVR_REQUIRE_MAXDOP").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "maxdop is not on PATH (pip install maxdop==0.1.3): T-SQL cannot be checked"
        );
        eprintln!(
            "SKIPPED: maxdop is not on PATH (pip install maxdop==0.1.3); T-SQL syntax not checked"
        );
    }
    found
}

/// Parses each T-SQL text with `maxdop` (one run over a folder of files) and returns what it
/// refused, each line prefixed with the text's label. Call it only when `maxdop_available()`.
pub fn maxdop_refusals<'a>(texts: impl IntoIterator<Item = (String, &'a str)>) -> Vec<String> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut labels = Vec::new();
    for (i, (label, text)) in texts.into_iter().enumerate() {
        // A fixed-width name, so one file's name is never part of another's.
        let file = format!("t{i:05}.sql");
        std::fs::write(tmp.path().join(&file), text).expect("write T-SQL file");
        labels.push((file, label));
    }
    // --check also reports formatting, which is not the question here.
    let out = std::process::Command::new("maxdop")
        .args(["--check", "--parser-version", "2022"])
        .arg(tmp.path())
        .output()
        .expect("run maxdop");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "maxdop failed: {stderr}"
    );
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.ends_with("would be reformatted"))
        .map(|l| {
            let label = labels
                .iter()
                .find(|(f, _)| l.contains(f.as_str()))
                .map_or("?", |(_, label)| label.as_str());
            format!("{label}: {l}")
        })
        .collect()
}
