//! `ivr routing|dict|audit …` end to end: the real binary on the local environment (demo data) in
//! a temporary IVR_STUDIO_HOME.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// The binary as `common::ivr`, acting as `cli-tester`.
fn ivr(home: &Path) -> Command {
    let mut c = common::ivr(home);
    c.env("USER", "cli-tester");
    c
}

/// Runs `ivr ARGS --json`: exit code and JSON answer.
fn run(home: &Path, args: &[&str]) -> (i32, Value) {
    common::json_run(ivr(home).args(args).arg("--json"))
}

/// `run` with the arguments as words split on whitespace (no argument may hold a space).
fn json(home: &Path, words: &str) -> (i32, Value) {
    run(home, &words.split_whitespace().collect::<Vec<_>>())
}

#[test]
fn routing_lifecycle_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();

    let (rc, list) = json(home, "routing list");
    assert_eq!(rc, 0);
    assert_eq!(list["total"], 4, "the demo entries");
    let cp = list["items"][0]["companyProjectId"]
        .as_i64()
        .unwrap()
        .to_string();

    let (rc, e) = run(
        home,
        &[
            "routing",
            "create",
            "--source-id",
            "+3225550888",
            "--routing-id",
            "acme-care-main",
            "--company-project",
            &cp,
            "--language",
            "fr-BE",
            "--init-segment",
            "language_select",
            "--config",
            r#"{"name":"CLI"}"#,
        ],
    );
    assert_eq!(rc, 0, "{e}");
    assert_eq!(e["createdBy"], "cli-tester");

    // Bad inputs: exit 2, stable codes, nothing created.
    let (rc, err) = json(home, &format!("routing create --source-id +3225550888 --routing-id x --company-project {cp} --language nl-BE --init-segment s"));
    assert_eq!(
        (rc, err["error"]["code"].as_str()),
        (2, Some("ALREADY_EXISTS"))
    );
    let (rc, err) = json(home, &format!("routing create --source-id +1 --routing-id x --company-project {cp} --language nl-BE --init-segment s --feature-flags [1]"));
    assert_eq!((rc, err["error"]["code"].as_str()), (2, Some("VALIDATION")));
    assert_eq!(err["error"]["detail"]["fields"][0]["field"], "featureFlags");
    assert_eq!(json(home, "routing list").1["total"], 5);

    let (rc, u) = json(home, "routing update +3225550888 --init-segment main_menu");
    assert_eq!(rc, 0, "{u}");
    assert_eq!(u["initSegment"], "main_menu");
    let (rc, stale) = run(
        home,
        &[
            "routing",
            "update",
            "+3225550888",
            "--routing-id",
            "y",
            "--row-version",
            e["rowVersion"].as_str().unwrap(),
        ],
    );
    assert_eq!((rc, stale["error"]["code"].as_str()), (2, Some("CONFLICT")));
    assert_eq!(
        stale["error"]["detail"]["current"]["initSegment"],
        "main_menu"
    );

    assert_eq!(json(home, "routing delete +3225550888").0, 0);
    let (rc, missing) = json(home, "routing get +3225550888");
    assert_eq!(
        (rc, missing["error"]["code"].as_str()),
        (2, Some("NOT_FOUND"))
    );
    let (rc, r) = json(home, "routing restore +3225550888 --version 1");
    assert_eq!(rc, 0, "{r}");
    assert_eq!(r["initSegment"], "language_select");
    let (_, h) = json(home, "routing history +3225550888");
    let actions: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["actionType"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["restored", "deleted", "updated", "created"]);

    let id = e["routingTableId"].to_string();
    let (rc, log) = json(
        home,
        &format!("audit list --entity-type routing --entity-id {id} --actor cli-tester"),
    );
    assert_eq!(rc, 0);
    assert_eq!(log["total"], 4);

    // Text output for people.
    let out = ivr(home)
        .args(["routing", "get", "+3225550888"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("SourceId") && text.contains("+3225550888"),
        "{text}"
    );
}

#[test]
fn dictionary_edits_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let (rc, d) = json(home, "dict list languages");
    assert_eq!(rc, 0);
    assert!(d
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["languageCode"] == "nl-BE"));
    // A dictionary is named as people type it; its rows are those of the whole list.
    let (rc, all) = json(home, "dict list");
    assert_eq!(rc, 0);
    for (name, field) in [("Projects", "companyProjects"), ("key_types", "keyTypes")] {
        let (rc, one) = json(home, &format!("dict list {name}"));
        assert_eq!((rc, &one), (0, &all[field]), "{name}");
    }
    let (rc, e) = json(home, "dict list colours");
    assert_eq!(
        (rc, e["error"]["code"].as_str()),
        (2, Some("VALIDATION")),
        "{e}"
    );

    let name = "Svenska 'SE' -- [test] ö";
    let (rc, l) = run(home, &["dict", "language", "add", "sv-SE", name]);
    assert_eq!(rc, 0, "{l}");
    assert_eq!(l["displayName"], name);
    let (rc, bad) = json(home, "dict language add sv_SE x");
    assert_eq!((rc, bad["error"]["code"].as_str()), (2, Some("VALIDATION")));

    let (rc, p) = json(
        home,
        "dict project create --environment dvp --customer Globex --project x --display-name x",
    );
    assert_eq!((rc, p["error"]["code"].as_str()), (2, Some("VALIDATION")));
    let (rc, p) = run(
        home,
        &[
            "dict",
            "project",
            "create",
            "--environment",
            "dvp",
            "--customer",
            "globex",
            "--project",
            "x",
            "--display-name",
            "Globex X",
        ],
    );
    assert_eq!(rc, 0, "{p}");
    let (rc, v) = run(
        home,
        &[
            "dict",
            "voice",
            "add",
            "--code",
            "test-sv",
            "--engine",
            "azure",
            "--language",
            "sv-SE",
            "--display-name",
            "Test SV",
        ],
    );
    assert_eq!(rc, 0, "{v}");

    let (_, log) = json(home, "audit list --actor cli-tester");
    let types: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["entityType"].as_str().unwrap())
        .collect();
    // Newest first; the demo data written on first open comes after.
    assert_eq!(&types[..3], &["voice", "company_project", "language"]);
}

/// `--config` is stored exactly as typed (no digit lost), shown formatted by `routing get`, and a
/// duplicate key is refused with VALIDATION (exit 2) naming the field.
#[test]
fn routing_json_is_kept_exactly_and_shown_formatted() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let exact = r#"{"id": 12345678901234567890123, "ratio": 1.50}"#;
    let (rc, e) = run(
        home,
        &["routing", "update", "+3225550100", "--config", exact],
    );
    assert_eq!(rc, 0, "{e}");
    assert_eq!(e["config"], exact, "{e}");
    let (_, got) = json(home, "routing get +3225550100");
    assert_eq!(got["config"], exact);

    let out = ivr(home)
        .args(["routing", "get", "+3225550100"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("\"id\": 12345678901234567890123,") && text.contains("\"ratio\": 1.50"),
        "{text}"
    );

    let (rc, err) = run(
        home,
        &[
            "routing",
            "update",
            "+3225550100",
            "--feature-flags",
            r#"{"a": 1, "a": 2}"#,
        ],
    );
    assert_eq!((rc, err["error"]["code"].as_str()), (2, Some("VALIDATION")));
    assert_eq!(err["error"]["detail"]["fields"][0]["field"], "featureFlags");
    let (_, still) = json(home, "routing get +3225550100");
    assert_eq!(still["config"], exact, "a refused update changes nothing");
}

#[test]
fn a_busy_database_is_busy_exit_75_in_words_of_try_again_and_logged_with_its_cause() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let (rc, list) = json(home, "routing list");
    assert_eq!(rc, 0);
    let cp = list["items"][0]["companyProjectId"].to_string();
    // Another process holds the local database's write lock for longer than the busy timeout.
    let holder = rusqlite::Connection::open(home.join("data/local.sqlite")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = ivr(home)
        .env("RUST_LOG", "info")
        .args([
            "routing",
            "create",
            "--source-id",
            "+3225550777",
            "--routing-id",
            "acme-care-main",
            "--company-project",
            &cp,
            "--language",
            "nl-BE",
            "--init-segment",
            "language_select",
        ])
        .output()
        .unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // Its own status, apart from CONFLICT's 2, and the words of a retry, not of a stale edit.
    assert_eq!(out.status.code(), Some(75), "{err}");
    assert!(err.contains("error[BUSY]: "), "{err}");
    assert!(err.contains("try again"), "{err}");
    assert!(
        !err.contains("CONFLICT") && !err.contains("someone"),
        "{err}"
    );
    // Logged once at the boundary, with the driver's error underneath.
    assert_eq!(
        err.matches("caused by: database is locked").count(),
        1,
        "{err}"
    );
    // Nothing was written; run again, it succeeds.
    let (rc, e) = json(home, &format!("routing create --source-id +3225550777 --routing-id acme-care-main --company-project {cp} --language nl-BE --init-segment language_select"));
    assert_eq!(rc, 0, "{e}");
    assert_eq!(e["sourceId"], "+3225550777");
}
