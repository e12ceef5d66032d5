//! A write the database refuses by a constraint reaches the use case as that rule, told by the
//! index's exact name (the same on both engines), never by the driver's message text: the routing
//! SourceId rule when a concurrent insert slips past the app's check.

use ivr_domain::ErrorCode;
use ivr_store::{queries, routing, Db};

queries! {
    SETUP_PROJECT {
        mssql: "INSERT INTO dbo.cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy)
            SELECT e.EnvironmentId, 'acme', 'care', N'Acme care', 't' FROM dbo.cfg_Dic_Environment AS e WHERE e.Code = 'dvp';
            SELECT CAST(SCOPE_IDENTITY() AS BIGINT) AS Id;",
        sqlite: [
            "INSERT INTO cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy)
             SELECT e.EnvironmentId, 'acme', 'care', 'Acme care', 't' FROM cfg_Dic_Environment AS e WHERE e.Code = 'dvp'",
            "SELECT last_insert_rowid() AS Id",
        ],
    }
    ACTIVE_ROWS {
        mssql: "SELECT COUNT(*) AS n FROM ivr.rt_RoutingTable",
        sqlite: ["SELECT COUNT(*) AS n FROM rt_RoutingTable"],
    }
}

async fn a_second_active_source_id_refused_by_its_index_is_the_source_id_rule(db: Db) {
    let sets = db.query_sets(&SETUP_PROJECT, &[]).await.unwrap();
    let cp = sets.last().unwrap()[0].i64("Id").unwrap();
    let fields = ivr_testkit::routing_fields(cp, "+3225550100");
    let insert = async || {
        db.transaction(async |c| routing::insert(c, "t", &fields).await)
            .await
    };
    insert().await.unwrap();
    // No check first (as in a race): the unique index refuses it, and the store says which rule.
    let e = insert().await.unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists, "{e}");
    assert!(
        e.message.contains("SourceId `+3225550100` already exists"),
        "{}",
        e.message
    );
    assert_eq!(
        e.detail_json()["fields"][0]["field"],
        "sourceId",
        "{:?}",
        e.detail
    );
    // The driver's error is kept underneath for the log line.
    assert!(e.cause.is_some());
    let rows = db.query(&ACTIVE_ROWS, &[]).await.unwrap();
    assert_eq!(rows[0].i64("n").unwrap(), 1, "nothing more was written");
}

ivr_testkit::engine_tests!(a_second_active_source_id_refused_by_its_index_is_the_source_id_rule);
