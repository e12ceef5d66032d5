//! The segment store's SQLite statements keep their cost linear in the rows they touch: every
//! statement that reads a JSON-array parameter with `json_each` has it as the outer loop (or a
//! list evaluated once), never re-read inside a loop over seg_Segment. When the planner put
//! seg_Segment outside, writing a 1,000-segment draft took seconds and a 5,000-segment one
//! minutes. Checked on `EXPLAIN QUERY PLAN` of the bundled SQLite, on a migrated database file.

use ivr_domain::connection::Engine;
use ivr_store::migrate::{self, DeployOptions, MigrationSet, RunOptions};
use ivr_store::Db;

/// One `EXPLAIN QUERY PLAN` row: id, parent id, detail.
type PlanRow = (i64, i64, String);

async fn migrated_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("plans.db");
    let db = Db::open_sqlite(&path).expect("open the database");
    migrate::deploy(
        &db,
        &MigrationSet::embedded(Engine::Sqlite).expect("embedded migrations"),
        &RunOptions::new("test", "local"),
        DeployOptions::default(),
        &|_| {},
    )
    .await
    .expect("migrate");
    path
}

fn plan(conn: &rusqlite::Connection, sql: &str) -> Vec<PlanRow> {
    let mut st = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    let nulls = vec![rusqlite::types::Null; st.parameter_count()];
    st.query_map(rusqlite::params_from_iter(nulls), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(3)?))
    })
    .expect("explain")
    .collect::<rusqlite::Result<_>>()
    .expect("plan rows")
}

fn is_table_loop(detail: &str) -> bool {
    (detail.starts_with("SCAN ") || detail.starts_with("SEARCH "))
        && !detail.contains("VIRTUAL TABLE")
        && !detail.starts_with("SCAN CONSTANT ROW")
}

/// Why a json_each scan in `rows` is re-run per row of something else, if it is.
fn json_scan_inside_a_loop(rows: &[PlanRow]) -> Option<String> {
    for (id, parent, detail) in rows {
        if !detail.contains("VIRTUAL TABLE") {
            continue;
        }
        // A table loop before it in the same join runs it once per table row.
        if let Some((_, _, outer)) = rows
            .iter()
            .find(|(i, p, d)| p == parent && i < id && is_table_loop(d))
        {
            return Some(format!("`{detail}` runs inside `{outer}`"));
        }
        // A correlated subquery runs it once per outer row.
        let mut up = *parent;
        while up != 0 {
            let Some((_, next, d)) = rows.iter().find(|(i, _, _)| *i == up) else {
                break;
            };
            if d.starts_with("CORRELATED") {
                return Some(format!("`{detail}` runs inside `{d}`"));
            }
            up = *next;
        }
    }
    None
}

#[tokio::test]
async fn segment_store_json_arrays_are_read_once_per_statement() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = migrated_file(dir.path()).await;
    let conn = rusqlite::Connection::open(&path).expect("open");
    let mut checked = 0;
    for q in ivr_store::segment::ALL {
        for (i, sql) in q.sqlite.iter().enumerate() {
            if !sql.contains("json_each(") {
                continue;
            }
            checked += 1;
            let rows = plan(&conn, sql);
            if let Some(why) = json_scan_inside_a_loop(&rows) {
                panic!("{} statement {i}: {why}\nplan: {rows:#?}", q.name);
            }
        }
    }
    // SEG_APPLY_PLAN alone has nine statements reading JSON arrays.
    assert!(checked >= 9, "only {checked} statements checked");
}

#[tokio::test]
async fn json_rows_find_their_draft_segment_through_the_unique_index() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = migrated_file(dir.path()).await;
    let conn = rusqlite::Connection::open(&path).expect("open");
    // Inserting keys, transitions and UI rows, and updating segments: each JSON row looks up its
    // segment by (RoutingId, SegmentName, ChangeSetId), one index probe.
    for i in [4, 6, 7, 8] {
        let sql = ivr_store::segment::SEG_APPLY_PLAN.sqlite[i];
        let rows = plan(&conn, sql);
        assert!(
            rows.iter().any(|(_, _, d)| d.contains(
                "USING COVERING INDEX UX_Segment_Draft (RoutingId=? AND SegmentName=? AND ChangeSetId=?)"
            )),
            "SEG_APPLY_PLAN statement {i}: {rows:#?}"
        );
    }
    // A layout batch's read of the segments it names: each name one probe, and their keys,
    // transitions and canvas state by SegmentId (never a scan of the draft).
    for (i, child) in [
        (1, None),
        (2, Some(("SEARCH sk ", "(SegmentId=?)"))),
        (3, Some(("SEARCH t ", "(SourceSegmentId=?)"))),
        (4, Some(("SEARCH u ", "(rowid=?)"))),
    ] {
        let sql = ivr_store::segment::SEG_LOAD_DRAFT_PART_FOR_WRITE.sqlite[i];
        let rows = plan(&conn, sql);
        assert!(
            rows.iter().any(|(_, _, d)| d
                .contains("UX_Segment_Draft (RoutingId=? AND SegmentName=? AND ChangeSetId=?)")),
            "SEG_LOAD_DRAFT_PART_FOR_WRITE statement {i}: {rows:#?}"
        );
        assert!(
            !rows
                .iter()
                .any(|(_, _, d)| d.starts_with("SCAN ") && !d.contains("VIRTUAL TABLE")),
            "SEG_LOAD_DRAFT_PART_FOR_WRITE statement {i} scans a table: {rows:#?}"
        );
        if let Some((search, key)) = child {
            assert!(
                rows.iter()
                    .any(|(_, _, d)| d.starts_with(search) && d.ends_with(key)),
                "SEG_LOAD_DRAFT_PART_FOR_WRITE statement {i}: {rows:#?}"
            );
        }
    }
}

/// The check itself: the plan the segment store had before (seg_Segment outside, json_each
/// inside) is caught, the plan it has now is not.
#[test]
fn the_check_catches_a_json_scan_inside_a_table_loop() {
    let bad: Vec<PlanRow> = vec![
        (
            4,
            0,
            "SEARCH s USING COVERING INDEX UX_Segment_Draft (RoutingId=?)".into(),
        ),
        (12, 0, "SCAN j VIRTUAL TABLE INDEX 1:".into()),
    ];
    assert!(json_scan_inside_a_loop(&bad).is_some());
    let good: Vec<PlanRow> = vec![
        (4, 0, "SCAN j VIRTUAL TABLE INDEX 1:".into()),
        (
            9,
            0,
            "SEARCH s USING COVERING INDEX UX_Segment_Draft (RoutingId=? AND SegmentName=? AND ChangeSetId=?)"
                .into(),
        ),
    ];
    assert!(json_scan_inside_a_loop(&good).is_none());
    let correlated: Vec<PlanRow> = vec![
        (3, 0, "SCAN k".into()),
        (33, 0, "CORRELATED SCALAR SUBQUERY 6".into()),
        (37, 33, "SCAN a VIRTUAL TABLE INDEX 1:".into()),
    ];
    assert!(json_scan_inside_a_loop(&correlated).is_some());
}
