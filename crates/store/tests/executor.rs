//! The executor on a real SQLite file: parameters, result sets, transactions, the statement counter.

use ivr_domain::ErrorCode;
use ivr_store::{queries, Db, Value};

queries! {
    CREATE {
        mssql: "CREATE TABLE dbo.t (id INT PRIMARY KEY, name NVARCHAR(50) NOT NULL)",
        sqlite: ["CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"],
    }
    INSERT {
        mssql: "INSERT INTO dbo.t (id, name) VALUES (@P1, @P2)",
        sqlite: ["INSERT INTO t (id, name) VALUES (?1, ?2)"],
    }
    /// Two statements sharing parameters, two result sets.
    INSERT_AND_READ {
        mssql: "INSERT INTO dbo.t (id, name) VALUES (@P1, @P2); SELECT COUNT(*) AS n FROM dbo.t; SELECT name FROM dbo.t WHERE id = @P1",
        sqlite: [
            "INSERT INTO t (id, name) VALUES (?1, ?2)",
            "SELECT COUNT(*) AS n FROM t",
            "SELECT name FROM t WHERE id = ?1",
        ],
    }
    BY_NAME {
        mssql: "SELECT id, name FROM dbo.t WHERE (@P1 IS NULL OR name = @P1) ORDER BY id",
        sqlite: ["SELECT id, name FROM t WHERE (?1 IS NULL OR name = ?1) ORDER BY id"],
    }
}

fn fresh() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open_sqlite(&dir.path().join("t.sqlite")).unwrap();
    (dir, db)
}

#[tokio::test]
async fn parameters_round_trip_exactly_and_each_call_counts_once() {
    let (_d, db) = fresh();
    db.execute(&CREATE, &[]).await.unwrap();
    let tricky = "O'Brien -- ; DROP TABLE t; [x] \"q\" Ω 漢字 🙂 e\u{301}";
    let before = db.statement_count();
    db.execute(&INSERT, &[1.into(), tricky.into()])
        .await
        .unwrap();
    let rows = db.query(&BY_NAME, &[tricky.into()]).await.unwrap();
    assert_eq!(db.statement_count() - before, 2);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].str("NAME").unwrap(),
        tricky,
        "column lookup is case-insensitive and text is byte-exact"
    );
    // NULL parameter means "no filter".
    assert_eq!(db.query(&BY_NAME, &[Value::Null]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn one_query_with_several_statements_is_one_round_trip() {
    let (_d, db) = fresh();
    db.execute(&CREATE, &[]).await.unwrap();
    let before = db.statement_count();
    let sets = db
        .query_sets(&INSERT_AND_READ, &[7.into(), "seven".into()])
        .await
        .unwrap();
    assert_eq!(db.statement_count() - before, 1);
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0][0].i64("n").unwrap(), 1);
    assert_eq!(sets[1][0].str("name").unwrap(), "seven");
    // Rows affected counts the write only, not the reads after it.
    let changed = db
        .execute(&INSERT_AND_READ, &[8.into(), "eight".into()])
        .await
        .unwrap();
    assert_eq!(changed, 1);
}

#[tokio::test]
async fn a_failed_transaction_changes_nothing() {
    let (_d, db) = fresh();
    db.execute(&CREATE, &[]).await.unwrap();
    let err = db
        .transaction(async |c| {
            c.execute(&INSERT, &[1.into(), "a".into()]).await?;
            // Same name again: the UNIQUE rule refuses it.
            c.execute(&INSERT, &[2.into(), "a".into()]).await?;
            Ok(())
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(db.query(&BY_NAME, &[Value::Null]).await.unwrap().is_empty());

    // A committed one is visible, and its commit is counted.
    let before = db.statement_count();
    db.transaction(async |c| c.execute(&INSERT, &[3.into(), "c".into()]).await)
        .await
        .unwrap();
    assert_eq!(
        db.statement_count() - before,
        3,
        "begin, one statement, commit"
    );
    assert_eq!(db.query(&BY_NAME, &[Value::Null]).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_error_inside_the_work_rolls_back_even_after_successful_statements() {
    let (_d, db) = fresh();
    db.execute(&CREATE, &[]).await.unwrap();
    let err = db
        .transaction(async |c| {
            c.execute(&INSERT, &[1.into(), "a".into()]).await?;
            Err::<(), _>(ivr_domain::Error::validation("changed my mind"))
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(db.query(&BY_NAME, &[Value::Null]).await.unwrap().is_empty());
}

#[tokio::test]
async fn too_few_parameters_is_an_error_not_a_panic() {
    let (_d, db) = fresh();
    db.execute(&CREATE, &[]).await.unwrap();
    let err = db.execute(&INSERT, &[1.into()]).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Internal);
}
