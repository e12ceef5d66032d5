//! `ivr migrate …` end to end: the real binary, a temporary IVR_STUDIO_HOME, the `local` SQLite
//! environment (and SQLite profiles), real migration files.

mod common;

use common::{ivr, json, run};
use std::path::Path;

/// How many versions `ivr` embeds: the `.sql` files of `migrations/sqlite` (others add files).
fn embedded_versions() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite");
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count()
}

/// `ivr --json migrate deploy --dir D`: exit code and answer.
fn deploy(h: &Path, d: &str) -> (i32, serde_json::Value) {
    run(h, &["--json", "migrate", "deploy", "--dir", d])
}

fn write(dir: &str, name: &str, text: &str) {
    std::fs::write(Path::new(dir).join(name), text).unwrap();
}

#[test]
fn embedded_migrations_status_plan_deploy_verify() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (rc, st) = json(h, "migrate status");
    assert_eq!(rc, 0, "{st}");
    assert_eq!(st["historyTable"], false);
    assert_eq!(st["pending"].as_array().unwrap().len(), embedded_versions());

    let (rc, plan) = json(h, "migrate plan");
    assert_eq!(rc, 0, "{plan}");
    assert_eq!(plan["dryRun"], true);
    let planned = plan["planned"].as_array().unwrap();
    assert_eq!(planned.len(), embedded_versions());
    assert!(planned[0]["batches"][0]["sql"]
        .as_str()
        .unwrap()
        .contains("CREATE TABLE"));
    // The plan wrote nothing.
    let (_, st) = json(h, "migrate status");
    assert_eq!(st["historyTable"], false);

    let (rc, dep) = json(h, "migrate deploy");
    assert_eq!(rc, 0, "{dep}");
    assert_eq!(
        dep["applied"].as_array().unwrap().len(),
        embedded_versions()
    );
    let (rc, v) = json(h, "migrate verify");
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["clean"], true);

    // Text output for people.
    let out = ivr(h).args(["migrate", "status"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("pending: none"), "{text}");
    assert!(text.contains("V20260120000000  baseline_schema"), "{text}");
    assert!(!text.contains("migration lock"), "{text}");

    // A running deploy (here: this test holding the lock file) is shown by status.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(h.join("data").join("local.sqlite.migrate-lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let out = ivr(h).args(["migrate", "status"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("migration lock: held by a running deploy"),
        "{text}"
    );
    lock.unlock().unwrap();
}

#[test]
fn failure_is_recorded_blocks_deploys_and_repair_needs_confirmation() {
    let (home, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (h, d) = (home.path(), dir.path().to_str().unwrap());
    write(
        d,
        "V20260101000000__a.sql",
        "-- a\nCREATE TABLE a (id INT NOT NULL PRIMARY KEY);\n",
    );
    write(d,
        "V20260102000000__b.sql",
        "-- b\nCREATE TABLE b (id INT NOT NULL PRIMARY KEY);\nGO\nINSERT INTO missing_table (id) VALUES (1);\n",
    );
    let (rc, err) = deploy(h, d);
    assert_eq!(rc, 1, "{err}");
    assert_eq!(err["error"]["code"], "MIGRATION_FAILED");
    let msg = err["error"]["message"].as_str().unwrap();
    assert!(msg.contains("V20260102000000__b.sql"), "{msg}");
    assert!(msg.contains("batch 2 of 2 (line 4)"), "{msg}");
    assert!(msg.contains("V20260101000000__a.sql"), "{msg}");
    assert_eq!(err["error"]["detail"]["remedy"]["kind"], "repairMigration");
    assert!(!msg.contains("ivr "), "{msg}");

    let (_, st) = run(h, &["--json", "migrate", "status", "--dir", d]);
    assert_eq!(st["failed"][0]["version"], 20260102000000u64);

    write(
        d,
        "V20260102000000__b.sql",
        "-- b\nCREATE TABLE b (id INT NOT NULL PRIMARY KEY);\nGO\nINSERT INTO b (id) VALUES (1);\n",
    );
    let (rc, err) = deploy(h, d);
    assert_eq!(rc, 1);
    assert_eq!(err["error"]["code"], "MIGRATION_FAILED");
    assert_eq!(err["error"]["detail"]["remedy"]["kind"], "repairMigration");
    // As a person reads it: the hint names the command to run.
    let out = ivr(h)
        .args(["migrate", "deploy", "--dir", d])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("hint: ") && l.contains("`ivr migrate repair`")),
        "{stderr}"
    );

    // Not on a terminal and no --yes: refused, nothing changed.
    let (rc, err) = run(h, &["--json", "migrate", "repair", "--dir", d]);
    assert_eq!(rc, 2, "{err}");
    assert_eq!(err["error"]["code"], "VALIDATION");
    let (rc, dry) = run(h, &["--json", "migrate", "repair", "--dir", d, "--dry-run"]);
    assert_eq!(rc, 0);
    assert_eq!(dry["removedFailed"].as_array().unwrap().len(), 1);
    let (rc, rep) = run(h, &["--json", "migrate", "repair", "--dir", d, "--yes"]);
    assert_eq!(rc, 0, "{rep}");
    assert_eq!(rep["dryRun"], false);
    // This folder has no sys_AuditLog table: the report says the repair could not be audited.
    assert_eq!(rep["audited"], false);

    let (rc, dep) = deploy(h, d);
    assert_eq!(rc, 0, "{dep}");
    assert_eq!(dep["applied"][0]["version"], 20260102000000u64);
}

#[test]
fn verify_exits_non_zero_when_an_applied_file_changed() {
    let (home, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (h, d) = (home.path(), dir.path().to_str().unwrap());
    write(
        d,
        "V20260101000000__a.sql",
        "-- a\nCREATE TABLE a (id INT);\n",
    );
    assert_eq!(deploy(h, d).0, 0);
    write(
        d,
        "V20260101000000__a.sql",
        "-- a, edited\nCREATE TABLE a (id INT);\n",
    );
    let (rc, v) = run(h, &["--json", "migrate", "verify", "--dir", d]);
    assert_eq!(rc, 1, "{v}");
    assert_eq!(v["clean"], false);
    assert_eq!(
        v["checksumMismatches"][0]["fileName"],
        "V20260101000000__a.sql"
    );
    let out = ivr(h)
        .args(["migrate", "verify", "--dir", d])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("checksum changed: V20260101000000__a.sql")
    );
    let (rc, err) = deploy(h, d);
    assert_eq!(rc, 1);
    assert_eq!(err["error"]["code"], "MIGRATION_CHECKSUM");
    assert_eq!(err["error"]["detail"]["remedy"]["kind"], "repairMigration");
    assert!(err["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("`ivr migrate repair`"));
}

#[test]
fn destructive_statements_need_allow_destructive() {
    let (home, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (h, d) = (home.path(), dir.path().to_str().unwrap());
    write(
        d,
        "V20260101000000__a.sql",
        "-- a\nCREATE TABLE a (id INT);\n",
    );
    write(d, "V20260102000000__drop.sql", "-- drop\nDROP TABLE a;\n");
    let (_, plan) = run(h, &["--json", "migrate", "plan", "--dir", d]);
    assert_eq!(plan["planned"][1]["findings"][0]["rule"], "drop_table");
    let (rc, err) = deploy(h, d);
    assert_eq!(rc, 2, "{err}");
    // The remedy is data in the detail, and the CLI words it as its own flag.
    assert_eq!(err["error"]["detail"]["remedy"]["kind"], "allowDestructive");
    assert!(err["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("--allow-destructive"));
    assert!(!err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--allow"));
    let (_, st) = run(h, &["--json", "migrate", "status", "--dir", d]);
    assert_eq!(st["historyTable"], false, "nothing ran");
    let (rc, dep) = run(
        h,
        &[
            "--json",
            "migrate",
            "deploy",
            "--dir",
            d,
            "--allow-destructive",
        ],
    );
    assert_eq!(rc, 0, "{dep}");
    assert_eq!(dep["applied"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_file_name_and_read_only_environment_are_refused() {
    let (home, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (h, d) = (home.path(), dir.path().to_str().unwrap());
    write(d, "V1__too_short.sql", "SELECT 1;");
    let (rc, err) = run(h, &["--json", "migrate", "status", "--dir", d]);
    assert_eq!(rc, 2);
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("V1__too_short.sql"));

    // A read-only SQLite profile: deploy refused until unlocked by its name.
    let out = ivr(h)
        .args([
            "env",
            "add",
            "frozen",
            "--tier",
            "acc",
            "--engine",
            "sqlite",
            "--database",
            "frozen.sqlite",
            "--read-only",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let (rc, err) = json(h, "--env frozen migrate deploy");
    assert_eq!(rc, 2, "{err}");
    assert_eq!(err["error"]["code"], "READ_ONLY");
    let (rc, _) = json(h, "--env frozen migrate status");
    assert_eq!(rc, 0, "reads work on a read-only environment");
    let (rc, dep) = json(h, "--env frozen --unlock frozen migrate deploy");
    assert_eq!(rc, 0, "{dep}");
    assert_eq!(
        dep["applied"].as_array().unwrap().len(),
        embedded_versions()
    );
}
