//! SQLite query plans of the message store's set-based writes, runtime resolution and the
//! designer's batch read of published texts, read with
//! `EXPLAIN QUERY PLAN` on a migrated database file. A plan that reaches `msg_MessageKey` without
//! seeking on the key name makes a 10,000-key import quadratic (the planner scans every key of the
//! store and re-reads the JSON array for each); the statement count does not show it, the plan does.

use ivr_store::message::{MSG_KEY_TEXTS, MSG_RESOLVE, MSG_WRITE_SET};

/// The plan's detail lines of one statement (parameters unbound: the plan does not depend on them).
fn plan(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("cannot explain {sql}: {e}"));
    // raw_query: parameters stay unbound (NULL); the plan is the same for any value.
    let mut rows = stmt.raw_query();
    let mut lines = Vec::new();
    while let Some(r) = rows.next().expect("run EXPLAIN QUERY PLAN") {
        lines.push(r.get::<_, String>(3).expect("the plan's detail column"));
    }
    lines
}

/// Lines reading msg_MessageKey (aliased `k` or by name).
fn key_accesses(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .filter(|l| {
            (l.starts_with("SEARCH ") || l.starts_with("SCAN "))
                && (l.contains(" k ") || l.contains("msg_MessageKey "))
        })
        .collect()
}

#[tokio::test]
async fn write_set_and_resolve_seek_message_keys_by_name() {
    let t = ivr_testkit::fresh_sqlite().await;
    let path = t.db.sqlite_path().expect("a SQLite file").to_path_buf();
    let conn = rusqlite::Connection::open(path).expect("open the test database");
    // The text index's triggers and the key list call `ivr_lower`, which the app registers.
    ivr_store::register_sqlite_functions(&conn).expect("register ivr_lower");

    let mut checked = 0;
    let all = [&MSG_WRITE_SET, &MSG_RESOLVE, &MSG_KEY_TEXTS];
    for sql in all.iter().flat_map(|q| q.sqlite.iter()) {
        let lines = plan(&conn, sql);
        let keys = key_accesses(&lines);
        for l in &keys {
            assert!(
                l.starts_with("SEARCH ") && l.contains("MessageKey=?"),
                "msg_MessageKey is read without a seek on the key name ({l}); plan: {lines:#?}\nof: {sql}"
            );
        }
        if sql.contains("json_each(?") && !keys.is_empty() {
            // The array drives the loop: its scan comes before the key seek.
            let scan = lines
                .iter()
                .position(|l| l.contains("SCAN j") || l.contains("SCAN json_each"));
            let seek = lines.iter().position(|l| keys.contains(&l));
            let list = lines.iter().any(|l| l.starts_with("LIST SUBQUERY"));
            // Both must be found: `None < Some(_)` would let a missing scan line pass.
            let array_first = matches!((scan, seek), (Some(scan), Some(seek)) if scan < seek);
            assert!(
                list || array_first,
                "the JSON array is not the outer loop (scan line {scan:?}, key seek {seek:?}); plan: {lines:#?}\nof: {sql}"
            );
        }
        checked += keys.len();
    }
    // versions, publish, updated-at, two audits, the answer, resolution, and the designer's texts.
    assert!(checked >= 8, "only {checked} key accesses checked");
}

/// The key list's text search (`MSG_KEY_LIST`, page and total) finds its candidate keys in the
/// trigram indexes: a text of 3+ characters by a MATCH on `msg_MessageContentSearch` (FTS5 index
/// 0:M…), one of 1 or 2 characters by a range of the vocabularies `msg_MessageContentTerms` and
/// `msg_MessageContentEndTerms` (both bounds of `term` handed to fts5vocab: index flags 0x200 and
/// 0x400; without them it would read the whole index); each evaluated once per statement (a list or scalar subquery, never inside a
/// correlated one), and content rows reached from them by their integer key. Without the index
/// the statement reads every key's contents.
#[tokio::test]
async fn key_list_text_search_uses_the_trigram_index() {
    use ivr_store::message::MSG_KEY_LIST;
    let t = ivr_testkit::fresh_sqlite().await;
    let path = t.db.sqlite_path().expect("a SQLite file").to_path_buf();
    let conn = rusqlite::Connection::open(path).expect("open the test database");
    // The text index's triggers and the key list call `ivr_lower`, which the app registers.
    ivr_store::register_sqlite_functions(&conn).expect("register ivr_lower");
    assert_eq!(MSG_KEY_LIST.sqlite.len(), 2);
    for sql in MSG_KEY_LIST.sqlite {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap_or_else(|e| panic!("cannot explain {sql}: {e}"));
        let mut rows = stmt.raw_query();
        let mut plan: Vec<(i64, i64, String)> = Vec::new();
        while let Some(r) = rows.next().expect("run EXPLAIN QUERY PLAN") {
            plan.push((r.get(0).unwrap(), r.get(1).unwrap(), r.get(3).unwrap()));
        }
        let once = |parent: i64, d: &str| {
            let mut up = parent;
            while up != 0 {
                let (_, next, pd) = plan
                    .iter()
                    .find(|(i, _, _)| *i == up)
                    .expect("the parent plan row");
                assert!(
                    !pd.starts_with("CORRELATED"),
                    "`{d}` runs once per key inside `{pd}`: {plan:#?}"
                );
                up = *next;
            }
        };
        let matches: Vec<_> = plan
            .iter()
            .filter(|(_, _, d)| d.contains("VIRTUAL TABLE INDEX 0:M"))
            .collect();
        assert_eq!(
            matches.len(),
            2,
            "the count and the candidate list each MATCH the index once: {plan:#?}"
        );
        for (_, parent, d) in matches {
            once(*parent, d);
        }
        let vocabulary: Vec<_> = plan
            .iter()
            .filter(|(_, _, d)| {
                [
                    "msg_MessageContentTerms",
                    "msg_MessageContentEndTerms",
                    "st",
                    "se",
                ]
                .iter()
                .any(|t| d.starts_with(&format!("SCAN {t} VIRTUAL TABLE")))
            })
            .collect();
        assert_eq!(
            vocabulary.len(),
            4,
            "the count and the candidate list of a short text each read both vocabularies once: {plan:#?}"
        );
        for (_, parent, d) in vocabulary {
            let flags: i64 = d
                .split("VIRTUAL TABLE INDEX ")
                .nth(1)
                .and_then(|f| f.split(':').next())
                .and_then(|f| f.parse().ok())
                .unwrap_or_else(|| panic!("no fts5vocab index flags in `{d}`"));
            assert_eq!(
                flags & 0x600,
                0x600,
                "`{d}` does not read a range of terms: {plan:#?}"
            );
            once(*parent, d);
        }
        let seeks = plan
            .iter()
            .filter(|(_, _, d)| d.starts_with("SEARCH sc USING INTEGER PRIMARY KEY"))
            .count();
        assert_eq!(
            seeks, 3,
            "content rows are not reached by their key from the index and the vocabularies: {plan:#?}"
        );
    }
}
