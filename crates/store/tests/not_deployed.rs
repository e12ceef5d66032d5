//! A repository statement on a database whose migrations were never deployed is NOT_DEPLOYED,
//! with the remedy to deploy them, on both engines (SQLite answers "no such table", SQL Server
//! error 208); a missing table on a deployed database stays the error it is.

use ivr_domain::{ErrorCode, Remedy};
use ivr_store::{queries, routing, Db};
use ivr_testkit::routing_fields;

queries! {
    MISSING_TABLE {
        mssql: "SELECT COUNT(*) AS n FROM ivr.rt_NoSuchTable;",
        sqlite: ["SELECT COUNT(*) AS n FROM rt_NoSuchTable"],
    }
    TABLES {
        mssql: "SELECT COUNT(*) AS n FROM sys.tables;",
        sqlite: ["SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'"],
    }
}

async fn reads_and_writes_on_an_undeployed_database_say_to_deploy_first(db: Db) {
    let read = routing::get_by_id(&db, 1).await.unwrap_err();
    let write = db
        .transaction(async |c| routing::insert(c, "t", &routing_fields(1, "+3225550100")).await)
        .await
        .unwrap_err();
    for e in [read, write] {
        assert_eq!(e.code, ErrorCode::NotDeployed, "{e}");
        assert_eq!(e.remedy(), Some(Remedy::DeployMigrations), "{e}");
        assert!(e.message.contains("deploy them first"), "{}", e.message);
        assert!(e.cause.is_some(), "the driver's error is kept for the log");
    }
    let tables = db.query(&TABLES, &[]).await.unwrap();
    assert_eq!(tables[0].i64("n").unwrap(), 0, "nothing was created");
}

async fn a_missing_table_on_a_deployed_database_is_not_called_undeployed(db: Db) {
    let e = db.query(&MISSING_TABLE, &[]).await.unwrap_err();
    assert_ne!(e.code, ErrorCode::NotDeployed, "{e}");
    assert_eq!(e.remedy(), None, "{e}");
}

mod undeployed {
    #[tokio::test]
    async fn sqlite() {
        let t = ivr_testkit::empty_sqlite();
        super::reads_and_writes_on_an_undeployed_database_say_to_deploy_first(t.db.clone()).await;
        t.cleanup().await;
    }
    #[tokio::test]
    #[ignore = "needs SQL Server: set IVR_TEST_MSSQL_URL and run scripts/test"]
    async fn mssql() {
        let t = ivr_testkit::empty_mssql(&ivr_testkit::required_mssql_target()).await;
        super::reads_and_writes_on_an_undeployed_database_say_to_deploy_first(t.db.clone()).await;
        t.cleanup().await;
    }
}

ivr_testkit::engine_tests!(a_missing_table_on_a_deployed_database_is_not_called_undeployed);
