//! Crash trials: kill -9 at a random moment during an operation; then the database passes its
//! integrity check, holds exactly the state before or exactly the state after (every table's row
//! count equal to one of them), passes `migrate verify`, and the operation can be run to the end.

use super::support::*;
use std::path::Path;
use std::time::Instant;

fn env_size(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Old, new, or half (reported): the state of `db` after a kill.
fn classify(tally: &mut Tally, what: &str, found: &Counts, old: &Counts, new: &Counts) {
    if found == old {
        tally.old += 1;
    } else if found == new {
        tally.new += 1;
    } else {
        tally.half += 1;
        eprintln!("[chaos] {what}: HALF STATE {found:?}\n old {old:?}\n new {new:?}");
    }
}

#[test]
fn kill_during_first_start() {
    let mut rng = Rng::new("first start");
    let reference_home = tempfile::tempdir().unwrap();
    let t = Instant::now();
    ok(reference_home.path(), &["flow", "list"]);
    let span = t.elapsed();
    let new = counts(&local_db(reference_home.path()));
    let mut tally = Tally::default();
    for _ in 0..trials() {
        let home = tempfile::tempdir().unwrap();
        tally.trials += 1;
        if kill_after(home.path(), &["flow", "list"], rng.moment(span)) {
            tally.killed_mid_run += 1;
        }
        let db = local_db(home.path());
        if db.exists() {
            assert_eq!(integrity(&db), "ok");
            classify(
                &mut tally,
                "first start",
                &counts(&db),
                &Counts::new(),
                &new,
            );
        } else {
            // Nothing under the real name: exactly the state before the first start.
            tally.old += 1;
        }
        // The next start completes it.
        ok(home.path(), &["flow", "list"]);
        assert_eq!(counts(&db), new);
        assert_eq!(integrity(&db), "ok");
        verify(home.path(), "local");
    }
    tally.print("first start");
    assert_eq!(tally.half, 0);
}

/// Runs a scenario on copies of `template`: kill `args` at random moments, classify, finish.
fn trials_on(scenario: &str, template: &Path, args: &[&str]) {
    let mut rng = Rng::new(scenario);
    let old = counts(&local_db(template));
    let span = duration_of(template, args);
    let after = tempfile::tempdir().unwrap();
    copy_dir(template, after.path());
    ok(after.path(), args);
    let new = counts(&local_db(after.path()));
    assert_ne!(old, new, "{scenario} changes something");
    let mut tally = Tally::default();
    for _ in 0..trials() {
        let home = tempfile::tempdir().unwrap();
        copy_dir(template, home.path());
        tally.trials += 1;
        if kill_after(home.path(), args, rng.moment(span)) {
            tally.killed_mid_run += 1;
        }
        let db = local_db(home.path());
        assert_eq!(integrity(&db), "ok");
        let found = counts(&db);
        classify(&mut tally, scenario, &found, &old, &new);
        verify(home.path(), "local");
        if found == old {
            ok(home.path(), args);
            assert_eq!(counts(&db), new, "{scenario} completes after the kill");
        }
    }
    tally.print(scenario);
    assert_eq!(tally.half, 0);
}

#[test]
fn kill_during_a_large_flow_publish() {
    let segments = env_size("IVR_CHAOS_SEGMENTS", 1000);
    let template = tempfile::tempdir().unwrap();
    let home = template.path();
    let draft = ok(home, &["flow", "open", "acme-care-main"]);
    let cs = draft["changeSetId"].as_str().unwrap().to_string();
    let mut ops = Vec::new();
    for i in 0..segments {
        ops.push(serde_json::json!({"op": "add_segment", "name": format!("bulk_{i}"), "segmentType": "play_message",
            "config": {"messageKey": "WELCOME"}, "ui": {"x": i, "y": 2000}}));
    }
    for i in 0..segments {
        let next = if i + 1 < segments {
            format!("bulk_{}", i + 1)
        } else {
            "goodbye".to_string()
        };
        ops.push(serde_json::json!({"op": "connect", "segment": format!("bulk_{i}"), "result": "done", "next": next}));
    }
    let ops_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(ops_file.path(), serde_json::to_vec(&ops).unwrap()).unwrap();
    ok(
        home,
        &[
            "flow",
            "edit",
            "--ops",
            ops_file.path().to_str().unwrap(),
            &cs,
        ],
    );
    println!("[chaos] flow publish: a draft of {segments} added segments");
    trials_on("flow publish", home, &["flow", "publish", &cs]);
}

#[test]
fn kill_during_a_large_message_import() {
    let keys = env_size("IVR_CHAOS_KEYS", 2000);
    let template = tempfile::tempdir().unwrap();
    ok(template.path(), &["flow", "list"]);
    let mut csv = String::from("key,type,category,displayName,version,nl-BE,fr-BE,en-US\n");
    for i in 0..keys {
        csv.push_str(&format!(
            "BULK_KEY_{i},tts,error,Bulk {i},1,Tekst {i},Texte {i},Text {i}\n"
        ));
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), csv).unwrap();
    println!("[chaos] message import: a CSV of {keys} keys");
    trials_on(
        "message import",
        template.path(),
        &[
            "messages",
            "import",
            "acme/care",
            file.path().to_str().unwrap(),
            "--format",
            "csv",
        ],
    );
}

/// Schema objects and rows (the engine's own history table aside): what a migration changes.
fn schema_state(db: &Path) -> (Vec<(String, String)>, Counts) {
    let c = rusqlite::Connection::open(db).unwrap();
    let objects = c
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '%schema_history%' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = counts(db);
    rows.retain(|t, _| !t.contains("schema_history"));
    (objects, rows)
}

fn applied(db: &Path) -> (i64, i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    let has: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = '__schema_history'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if has == 0 {
        return (0, 0);
    }
    c.query_row(
        "SELECT coalesce(sum(success = 1), 0), coalesce(sum(success = 0), 0) FROM __schema_history",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn kill_during_a_migration_deploy() {
    let mut rng = Rng::new("migration deploy");
    let files: Vec<std::path::PathBuf> = {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite");
        let mut f: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect();
        f.sort();
        f
    };
    // The state after exactly the first k migrations, for every k (from a folder holding only those).
    let add_env = |home: &Path| {
        ok(
            home,
            &[
                "env",
                "add",
                "m",
                "--tier",
                "dvp",
                "--engine",
                "sqlite",
                "--database",
                "m.sqlite",
            ],
        );
    };
    let mut prefixes = Vec::new();
    for k in 0..=files.len() {
        let home = tempfile::tempdir().unwrap();
        add_env(home.path());
        let only = home.path().join("first-k");
        std::fs::create_dir_all(&only).unwrap();
        for f in &files[..k] {
            std::fs::copy(f, only.join(f.file_name().unwrap())).unwrap();
        }
        ok(
            home.path(),
            &[
                "--env",
                "m",
                "migrate",
                "deploy",
                "--dir",
                only.to_str().unwrap(),
            ],
        );
        prefixes.push(schema_state(&home.path().join("data/m.sqlite")));
    }
    let template = tempfile::tempdir().unwrap();
    add_env(template.path());
    let args = ["--env", "m", "migrate", "deploy"];
    let t = Instant::now();
    {
        let probe = tempfile::tempdir().unwrap();
        copy_dir(template.path(), probe.path());
        ok(probe.path(), &args);
    }
    let span = t.elapsed();
    let mut tally = Tally::default();
    for _ in 0..trials() {
        let home = tempfile::tempdir().unwrap();
        copy_dir(template.path(), home.path());
        tally.trials += 1;
        if kill_after(home.path(), &args, rng.moment(span)) {
            tally.killed_mid_run += 1;
        }
        let db = home.path().join("data/m.sqlite");
        if db.exists() {
            assert_eq!(integrity(&db), "ok");
            let (done, failed) = applied(&db);
            assert_eq!(failed, 0, "a killed migration is not recorded as failed");
            // Every applied migration whole, nothing of the next one.
            if schema_state(&db) == prefixes[done as usize] {
                if done as usize == files.len() {
                    tally.new += 1;
                } else {
                    tally.old += 1;
                }
            } else {
                tally.half += 1;
                eprintln!("[chaos] migration deploy: HALF STATE after {done} migrations");
            }
        } else {
            tally.old += 1;
        }
        ok(home.path(), &args);
        verify(home.path(), "m");
    }
    tally.print("migration deploy (old = a whole prefix of the files)");
    assert_eq!(tally.half, 0);
}
