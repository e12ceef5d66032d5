//! Concurrency: several `ivr` processes at once on one home. Exactly one winner where a version
//! check allows only one, no lost update where all may win, and every failure a coded error.

use super::support::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;

const PROCESSES: usize = 6;

/// Codes a loser may get: someone else's change won (CONFLICT), or the database was busy (BUSY,
/// retryable: nothing was changed).
const LOSING_CODES: &[&str] = &["CONFLICT", "BUSY"];

/// Starts every command at once, then waits for all: (exit code, JSON) in order.
fn race(home: &Path, commands: &[Vec<String>]) -> Vec<(i32, Value)> {
    let children: Vec<_> = commands
        .iter()
        .map(|args| {
            ivr(home)
                .arg("--json")
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!(
                    "stdout is not JSON ({e}): {}\n{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                )
            });
            (out.status.code().unwrap_or(-1), v)
        })
        .collect()
}

/// Winners, and the error codes of the others (each must be a known code).
fn tally(scenario: &str, results: &[(i32, Value)], allowed: &[&str]) -> usize {
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut winners = 0;
    for (code, v) in results {
        if *code == 0 {
            winners += 1;
            continue;
        }
        let c = v["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("{scenario}: an uncoded failure: {v}"));
        assert!(allowed.contains(&c), "{scenario}: unexpected {c}: {v}");
        // BUSY exits with its own status (75, try again), apart from CONFLICT's 2.
        assert_eq!(
            *code,
            if c == "BUSY" { 75 } else { 2 },
            "{scenario}: {c} exit {code}"
        );
        *codes.entry(c.to_string()).or_default() += 1;
    }
    say(format!(
        "[chaos] {scenario}: {} processes, {winners} won, errors {codes:?}",
        results.len()
    ));
    winners
}

/// A new version of the demo's WELCOME key, a copy of its version 1.
const COPY_VERSION_1: &[&str] = &[
    "messages",
    "version",
    "add",
    "acme/care",
    "WELCOME",
    "--copy-from",
    "1",
];

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

#[test]
fn many_processes_open_a_fresh_home() {
    let reference = tempfile::tempdir().unwrap();
    ok(reference.path(), &["flow", "list"]);
    let expected = counts(&local_db(reference.path()));
    for _ in 0..trials() {
        let home = tempfile::tempdir().unwrap();
        let results = race(home.path(), &vec![args(&["flow", "list"]); PROCESSES]);
        assert_eq!(tally("fresh home", &results, &[]), PROCESSES);
        assert_eq!(counts(&local_db(home.path())), expected);
    }
}

#[test]
fn drafts_of_one_flow_published_at_once_have_one_winner() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let before = ok(home, &["flow", "list"])[0]["liveVersion"]
        .as_i64()
        .unwrap();
    let mut publishes = Vec::new();
    for i in 0..PROCESSES {
        let cs = ok(home, &["flow", "open", "acme-care-main"])["changeSetId"]
            .as_str()
            .unwrap()
            .to_string();
        let op = serde_json::json!([{"op": "add_segment", "name": format!("extra_{i}"),
            "segmentType": "play_message", "config": {"messageKey": "WELCOME"}, "ui": {"x": 0, "y": 0}},
            {"op": "connect", "segment": format!("extra_{i}"), "result": "done", "next": "goodbye"}]);
        let f = home.join(format!("ops{i}.json"));
        std::fs::write(&f, op.to_string()).unwrap();
        ok(home, &["flow", "edit", "--ops", f.to_str().unwrap(), &cs]);
        publishes.push(args(&["flow", "publish", &cs]));
    }
    let results = race(home, &publishes);
    assert_eq!(tally("publish one flow", &results, LOSING_CODES), 1);
    let flow = &ok(home, &["flow", "list"])[0];
    assert_eq!(flow["liveVersion"].as_i64().unwrap(), before + 1);
    // The losers' work is kept: their drafts are still open.
    assert_eq!(flow["openDrafts"].as_i64().unwrap(), PROCESSES as i64 - 1);
}

#[test]
fn one_message_key_changed_at_once() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let show = || ok(home, &["messages", "key", "show", "acme/care", "WELCOME"]);
    let before = show()["versions"].as_array().unwrap().len();
    // New versions at once: any number may win, each win is a version of its own.
    let adds: Vec<_> = (0..PROCESSES)
        .map(|i| args(&[COPY_VERSION_1, &["--name", &format!("writer-{i}")]].concat()))
        .collect();
    let winners = tally(
        "add versions to one message key",
        &race(home, &adds),
        LOSING_CODES,
    );
    let key = show();
    let versions = key["versions"].as_array().unwrap();
    let lost = (before + winners).saturating_sub(versions.len());
    say(format!(
        "[chaos] add versions to one message key: {lost} lost updates"
    ));
    assert_eq!(
        versions.len(),
        before + winners,
        "every successful add is a version"
    );

    // Moving the published pointer to different versions with the row version everyone read:
    // exactly one winner.
    for _ in versions.len()..=PROCESSES {
        ok(home, COPY_VERSION_1);
    }
    let key = show();
    let versions = key["versions"].as_array().unwrap();
    let rv = key["rowVersion"].as_str().unwrap().to_string();
    let published = key["publishedVersion"].as_i64();
    let targets: Vec<String> = versions
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .filter(|v| Some(*v) != published)
        .map(|v| v.to_string())
        .collect();
    let moves: Vec<_> = targets
        .iter()
        .map(|t| {
            args(&[
                "messages",
                "publish",
                "acme/care",
                "WELCOME",
                t,
                "--row-version",
                &rv,
            ])
        })
        .collect();
    let results = race(home, &moves);
    assert_eq!(tally("move one message pointer", &results, LOSING_CODES), 1);
    let winner = moves
        .iter()
        .zip(&results)
        .find(|(_, r)| r.0 == 0)
        .map(|(m, _)| m[4].clone())
        .unwrap();
    assert_eq!(show()["publishedVersion"].to_string(), winner);
}

fn updates(home: &Path, source: &str) -> usize {
    ok(home, &["routing", "history", source])
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["actionType"] == "updated")
        .count()
}

#[test]
fn one_routing_row_updated_at_once() {
    let home = tempfile::tempdir().unwrap();
    let home = home.path();
    let source = "+3225550100";
    let rv = ok(home, &["routing", "get", source])["rowVersion"]
        .as_str()
        .unwrap()
        .to_string();
    // With the row version everyone read: exactly one winner.
    let stale: Vec<_> = (0..PROCESSES)
        .map(|i| {
            args(&[
                "routing",
                "update",
                source,
                "--row-version",
                &rv,
                "--config",
                &format!("{{\"writer\": {i}}}"),
            ])
        })
        .collect();
    let results = race(home, &stale);
    assert_eq!(
        tally(
            "update one routing row (same version)",
            &results,
            LOSING_CODES
        ),
        1
    );
    assert_eq!(updates(home, source), 1);

    // Each with the version it reads itself: any number may win, but every win is a version of
    // its own in the history (no lost update), and the row holds the last one.
    let fresh: Vec<_> = (0..PROCESSES)
        .map(|i| {
            args(&[
                "routing",
                "update",
                source,
                "--config",
                &format!("{{\"writer\": {}}}", 100 + i),
            ])
        })
        .collect();
    let results = race(home, &fresh);
    let winners = tally("update one routing row (own reads)", &results, LOSING_CODES);
    assert!(winners >= 1);
    let history = ok(home, &["routing", "history", source]);
    let updated: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["actionType"] == "updated")
        .collect();
    let lost = (1 + winners).saturating_sub(updated.len());
    say(format!(
        "[chaos] update one routing row: {lost} lost updates"
    ));
    assert_eq!(
        updated.len(),
        1 + winners,
        "every successful update is a version"
    );
    let row = ok(home, &["routing", "get", source]);
    let newest = updated
        .iter()
        .max_by_key(|h| h["versionNumber"].as_i64().unwrap())
        .unwrap();
    // Config is JSON text, stored as written: the row's is the newest version's, to the byte.
    assert_eq!(
        row["config"], newest["snapshot"]["Config"],
        "the row holds the last version's change"
    );
}
