//! The executor on a real SQLite file: parameters, result sets, transactions, the statement counter.

use ivr_domain::{ConstraintKind, ErrorCode};
use ivr_store::{queries, Db, Value};
use std::time::Duration;

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
    NAMED_INDEX {
        mssql: "CREATE UNIQUE INDEX UX_t_name_upper ON dbo.t (name)",
        sqlite: ["CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT, b TEXT, c TEXT)", "CREATE UNIQUE INDEX UX_u_ab ON u (a, b)", "CREATE UNIQUE INDEX UX_u_b ON u (b)"],
    }
    INSERT_U {
        mssql: "SELECT 1",
        sqlite: ["INSERT INTO u (id, a, b, c) VALUES (?1, ?2, ?3, ?4)"],
    }
    COUNT_U {
        mssql: "SELECT 1 AS n",
        sqlite: ["SELECT COUNT(*) AS n FROM u"],
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
    assert_eq!(err.code, ErrorCode::AlreadyExists, "{err}");
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

#[tokio::test]
async fn a_duplicate_is_already_exists_naming_the_unique_index_by_its_columns() {
    let (_d, db) = fresh();
    db.execute(&NAMED_INDEX, &[]).await.unwrap();
    let row = |id: i64, a: &str, b: &str| vec![id.into(), a.into(), b.into(), "c".into()];
    db.execute(&INSERT_U, &row(1, "x", "y")).await.unwrap();
    // Same (a, b) but also the same b: SQLite reports the first index it checks; whichever it is,
    // it is named exactly, with its kind and SQLite's extended code (2067, SQLITE_CONSTRAINT_UNIQUE).
    let e = db.execute(&INSERT_U, &row(2, "x", "y")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists, "{e}");
    let c = e.constraint().expect("detail.constraint");
    assert_eq!((c.kind, c.engine_code), (ConstraintKind::Unique, 2067));
    assert!(e.violates("UX_u_ab") || e.violates("UX_u_b"), "{e}");
    // Only b repeats: exactly UX_u_b.
    let e = db
        .execute(&INSERT_U, &row(3, "other", "y"))
        .await
        .unwrap_err();
    assert!(e.violates("UX_u_b"), "{e} {:?}", e.detail);
    assert!(!e.violates("UX_u_ab"));
    assert!(e.message.contains("UX_u_b"), "{}", e.message);
    // The primary key: its kind and code (1555); SQLite keeps no name for it.
    let e = db.execute(&INSERT_U, &row(1, "p", "q")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists, "{e}");
    let c = e.constraint().expect("detail.constraint");
    assert_eq!(
        (c.kind, c.engine_code, c.name),
        (ConstraintKind::PrimaryKey, 1555, None)
    );
    // The driver's error stays underneath, for logs, and never reaches the serialized answer.
    assert!(
        e.chain().contains("UNIQUE constraint failed"),
        "{}",
        e.chain()
    );
    assert!(!serde_json::to_string(&e)
        .unwrap()
        .contains("constraint failed"));
    assert_eq!(
        db.query(&COUNT_U, &[]).await.unwrap()[0].i64("n").unwrap(),
        1
    );
}

#[tokio::test]
async fn a_write_behind_another_connections_lock_is_busy_and_retryable_not_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite");
    let holder = Db::open_sqlite(&path).unwrap();
    let waiter = Db::open_sqlite(&path).unwrap();
    holder.execute(&CREATE, &[]).await.unwrap();
    waiter
        .set_busy_timeout(Duration::from_millis(50))
        .await
        .unwrap();
    let e = holder
        .transaction(async |c| {
            // The holder's write lock is taken (BEGIN IMMEDIATE) and held until this returns.
            c.execute(&INSERT, &[1.into(), "held".into()]).await?;
            Ok(waiter
                .execute(&INSERT, &[2.into(), "waits".into()])
                .await
                .unwrap_err())
        })
        .await
        .unwrap();
    assert_eq!(e.code, ErrorCode::Busy, "{e}");
    assert!(e.code.is_retryable());
    assert!(e.message.contains("try again"), "{}", e.message);
    assert!(!e.message.contains("someone"), "{}", e.message);
    let d = e.detail_json();
    assert_eq!(d["retryable"], true);
    // SQLITE_BUSY (5), by its code: the extended code's low byte.
    assert_eq!(d["engineCode"].as_i64().map(|c| c & 0xff), Some(5));
    // Nothing of the waiter's was written; tried again once the lock is gone, it succeeds.
    let names = |rows: Vec<ivr_store::Row>| -> Vec<String> {
        rows.iter()
            .map(|r| r.str("name").unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(waiter.query(&BY_NAME, &[Value::Null]).await.unwrap()),
        ["held"]
    );
    waiter
        .execute(&INSERT, &[2.into(), "waits".into()])
        .await
        .unwrap();
    assert_eq!(
        names(holder.query(&BY_NAME, &[Value::Null]).await.unwrap()),
        ["held", "waits"]
    );
}
