//! `ivr messages …` end to end: the real binary, a temporary IVR_STUDIO_HOME, the `local` SQLite
//! environment with its demo message store (acme/care).

mod common;

use common::{ivr, json, json_path, run};
use serde_json::Value;
use std::path::Path;

#[test]
fn demo_store_keys_versions_publish_resolve_export_import() {
    // A folder with spaces in its name: the paths reach the command as one argument each.
    let home = tempfile::Builder::new()
        .prefix("ivr home ")
        .tempdir()
        .unwrap();
    let h = home.path();
    let (rc, stores) = json(h, "messages store list");
    assert_eq!(rc, 0, "{stores}");
    assert_eq!(stores[0]["customerId"], "acme");
    assert_eq!(stores[0]["keyCount"], 12);

    let (rc, k) = json(h, "messages key show acme/care WELCOME");
    assert_eq!(rc, 0, "{k}");
    assert_eq!(k["publishedVersion"], 2);

    let (rc, k) = run(
        h,
        &[
            "--json",
            "messages",
            "key",
            "create",
            "acme/care",
            "CLI_KEY",
            "--type",
            "tts",
            "--category",
            "info",
            "--text",
            "nl-BE=Hallo \"daar\" -- {x}",
            "--text",
            "fr-BE=Salut {x}",
            "--text",
            "en-US=Hi {x}",
            "--settings",
            "en-US={\"rate\":1.2}",
        ],
    );
    assert_eq!(rc, 0, "{k}");
    let (rc, v) = run(
        h,
        &[
            "--json",
            "messages",
            "version",
            "add",
            "acme/care",
            "CLI_KEY",
            "--copy-from",
            "1",
            "--text",
            "en-US=Hello {x}",
        ],
    );
    assert_eq!((rc, v["version"].as_i64()), (0, Some(2)), "{v}");
    let (rc, p) = json(h, "messages publish acme/care CLI_KEY 2");
    assert_eq!(rc, 0, "{p}");
    let (rc, r) = json(h, "messages resolve acme/care CLI_KEY de-DE");
    assert_eq!(rc, 0, "{r}");
    assert_eq!(
        (r["language"].as_str(), r["content"].as_str()),
        (Some("nl-BE"), Some("Hallo \"daar\" -- {x}"))
    );
    let (rc, r) = json(h, "messages rollback acme/care CLI_KEY 1 --row-version 999");
    assert_eq!(
        (rc, r["error"]["code"].as_str()),
        (2, Some("CONFLICT")),
        "{r}"
    );
    let (rc, r) = json(h, "messages rollback acme/care CLI_KEY 1");
    assert_eq!((rc, r["publishedVersion"].as_i64()), (0, Some(1)), "{r}");
    let (rc, a) = json(h, "messages audit acme/care --key CLI_KEY");
    assert_eq!(rc, 0, "{a}");
    let actions: Vec<&str> = a["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["action"].as_str())
        .collect();
    assert_eq!(actions.first(), Some(&"rollback"), "newest first: {a}");
    assert!(actions.contains(&"published"), "{a}");
    // Each row says what it records, typed: the rollback moved the pointer from 2 back to 1.
    assert_eq!(
        a["items"][0]["change"],
        serde_json::json!({"kind": "rolledBack", "from": 2, "to": 1}),
        "{a}"
    );

    // Bad input: exit 2, a stable code, nothing written.
    let (rc, e) = json(
        h,
        "messages key create 1 lower_case --type tts --category info",
    );
    assert_eq!(
        (rc, e["error"]["code"].as_str()),
        (2, Some("VALIDATION")),
        "{e}"
    );
    let (rc, e) = run(
        h,
        &[
            "--json",
            "messages",
            "version",
            "add",
            "1",
            "CLI_KEY",
            "--text",
            "nl-BE=only one",
        ],
    );
    assert_eq!(rc, 2);
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("fr-BE, en-US"),
        "{e}"
    );

    let csv = h.join("store.csv");
    let (rc, w) = json_path(
        h,
        "messages export acme/care --format csv --output {path}",
        &csv,
    );
    assert_eq!(rc, 0, "{w}");
    // The answer is the app's FileWritten, as the desktop's export answers.
    let written: ivr_app::message_files::FileWritten = serde_json::from_value(w).unwrap();
    assert_eq!(
        written,
        ivr_app::message_files::FileWritten::of(&csv, std::fs::metadata(&csv).unwrap().len())
    );
    // An export is written whole or not at all: onto a folder (the rename fails after the
    // temporary file was written) it is refused, and the folder and its parent keep what they had.
    let folder = h.join("taken.csv");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("inside.txt"), "kept").unwrap();
    let before: Vec<_> = std::fs::read_dir(h)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let (rc, e) = json_path(
        h,
        "messages export acme/care --format csv --output {path}",
        &folder,
    );
    assert_eq!(
        (rc, e["error"]["code"].as_str()),
        (2, Some("VALIDATION")),
        "{e}"
    );
    let after: Vec<_> = std::fs::read_dir(h)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "no temporary file left behind");
    assert_eq!(
        std::fs::read_to_string(folder.join("inside.txt")).unwrap(),
        "kept"
    );
    let (rc, plan) = json_path(h, "messages import acme/care {path} --dry-run", &csv);
    assert_eq!(rc, 0, "{plan}");
    assert_eq!(plan["plan"]["unchanged"], 13);
    let text = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("Goodbye.", "Bye now.");
    std::fs::write(&csv, text).unwrap();
    let (rc, res) = json_path(h, "messages import acme/care {path}", &csv);
    assert_eq!(
        (rc, res["plan"]["versionsCreated"].as_i64()),
        (0, Some(1)),
        "{res}"
    );

    let (rc, a) = json(h, "messages audit acme/care --key CLI_KEY");
    assert_eq!(rc, 0);
    // created, two versions, published, rollback.
    assert_eq!(a["total"], 5, "{a}");

    // A delete answers `{"deleted": KEY}` (the bytes scripts read), and the trail names it.
    let (rc, out) = stdout(
        h,
        &[
            "--json",
            "messages",
            "key",
            "delete",
            "acme/care",
            "CLI_KEY",
        ],
    );
    assert_eq!(
        (rc, out.trim_end()),
        (0, "{\n  \"deleted\": \"CLI_KEY\"\n}")
    );
    let (rc, a) = json(h, "messages audit acme/care --key CLI_KEY");
    assert_eq!(rc, 0);
    let mut kinds: Vec<&str> = a["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["change"]["kind"].as_str())
        .collect();
    assert_eq!(kinds.first(), Some(&"deleted"), "newest first: {a}");
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        [
            "created",
            "deleted",
            "published",
            "rolledBack",
            "versionAdded",
            "versionAdded"
        ],
        "{a}"
    );
    let (rc, used) = json(h, "messages where-used acme/care WELCOME --all-flows");
    assert_eq!(rc, 0, "{used}");
    let (rc, l) = json(h, "messages key list acme/care --newer-than-published");
    assert_eq!(rc, 0);
    assert!(
        l["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["key"] == "GOODBYE"),
        "{l}"
    );
}

#[test]
fn a_dry_run_that_finds_errors_exits_as_the_import_would() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let csv = h.join("bad.csv");
    std::fs::write(
        &csv,
        "key,type,category,displayName,version,nl-BE,fr-BE,en-US\nFRESH_A,nope,welcome,,1,a,b,c\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    // The real import: VALIDATION, exit 2, nothing written.
    let (rc, real) = run(h, &["--json", "messages", "import", "acme/care", file]);
    assert_eq!(
        (rc, real["error"]["code"].as_str()),
        (2, Some("VALIDATION")),
        "{real}"
    );
    // The dry run: its report (every error with its line) is the answer, and it exits the same.
    let (rc, plan) = run(
        h,
        &[
            "--json",
            "messages",
            "import",
            "acme/care",
            file,
            "--dry-run",
        ],
    );
    assert_eq!(rc, 2, "{plan}");
    assert_eq!(plan["dryRun"], true, "{plan}");
    assert_eq!(plan["plan"]["errors"][0]["line"], 2, "{plan}");
    // In text mode too.
    let out = ivr(h)
        .args(["messages", "import", "acme/care", file, "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("dry run: "), "{text}");
    assert!(text.contains("line 2: error: "), "{text}");
    // A clean dry run still exits 0, and nothing was imported by any of the above.
    let (rc, keys) = json(h, "messages key list acme/care");
    assert_eq!(rc, 0);
    assert!(
        !keys.to_string().contains("FRESH_A"),
        "the refused file wrote nothing"
    );
}

#[test]
fn an_error_quotes_a_huge_cell_capped() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let csv = h.join("huge.csv");
    let huge = "K".repeat(10 * 1024 * 1024);
    std::fs::write(
        &csv,
        format!("key,type,category,displayName,version,nl-BE,fr-BE,en-US\n{huge},tts,welcome,,1,a,b,c\n"),
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    for dry in [false, true] {
        let mut args = vec!["--json", "messages", "import", "acme/care", file];
        if dry {
            args.push("--dry-run");
        }
        let out = ivr(h).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "dry run {dry}");
        // The 10 MB key is quoted in a few hundred characters, saying how much was cut.
        assert!(
            out.stdout.len() < 16 * 1024,
            "dry run {dry}: {} bytes",
            out.stdout.len()
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("more characters not shown"), "{text}");
    }
}

/// The stdout of `ivr ARGS` as text (what a script reading `--json` gets, before any parser).
fn stdout(home: &Path, args: &[&str]) -> (i32, String) {
    let out = ivr(home).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn type_settings_keep_their_digits_in_json_output_and_a_duplicate_key_is_refused() {
    // 1.1 as an f64; a serde_json::Value in between prints it as 1.1.
    const RATE: &str = "1.100000000000000088817841970012523";
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let settings = format!("nl-BE={{\"rate\": {RATE}}}");
    let create = |key: &str, settings: &str| {
        stdout(
            h,
            &[
                "--json",
                "messages",
                "key",
                "create",
                "acme/care",
                key,
                "--type",
                "tts",
                "--category",
                "info",
                "--text",
                "nl-BE=Hallo",
                "--text",
                "fr-BE=Salut",
                "--text",
                "en-US=Hi",
                "--settings",
                settings,
            ],
        )
    };
    let (rc, out) = create("EXACT_KEY", &settings);
    assert_eq!(rc, 0, "{out}");
    assert!(out.contains(RATE), "{out}");
    for args in [
        &[
            "--json",
            "messages",
            "key",
            "show",
            "acme/care",
            "EXACT_KEY",
        ][..],
        &[
            "--json",
            "messages",
            "export",
            "acme/care",
            "--format",
            "json",
        ][..],
        &["messages", "export", "acme/care", "--format", "json"][..],
        &["--json", "audit", "list"][..],
    ] {
        let (rc, out) = stdout(h, args);
        assert_eq!(rc, 0, "{args:?}: {out}");
        assert!(out.contains(RATE), "{args:?}: {out}");
    }
    // A key twice: refused on the language's settings (exit 2), nothing created.
    let (rc, out) = create("TWICE_KEY", "nl-BE={\"rate\": 1, \"rate\": 2}");
    assert_eq!(rc, 2, "{out}");
    let e: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(e["error"]["code"], "VALIDATION");
    assert_eq!(
        e["error"]["detail"]["fields"][0]["field"], "typeSettings.nl-BE",
        "{e}"
    );
    let (rc, _) = stdout(
        h,
        &[
            "--json",
            "messages",
            "key",
            "show",
            "acme/care",
            "TWICE_KEY",
        ],
    );
    assert_ne!(rc, 0, "the refused key was not created");
}
