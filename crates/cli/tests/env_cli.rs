//! `ivr env …` end to end: the real binary in a temporary IVR_STUDIO_HOME.

mod common;

use common::{ivr, json, json_of, output, run};
use ivr_app::env_draft::{compose, ComposeRequest, DraftFields};
use ivr_app::{Home, SessionStore, Studio, Tier};
use std::path::Path;
use std::sync::Arc;

/// A local port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn all_text_under(dir: &Path) -> String {
    let mut s = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            s.push_str(&all_text_under(&p));
        } else {
            s.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
        }
    }
    s
}

/// `ivr --json env add dev --tier dvp --connection-string CS`.
fn add_dev_from_string(home: &Path, cs: &str) -> std::process::Output {
    output(
        home,
        &[
            "--json",
            "env",
            "add",
            "dev",
            "--tier",
            "dvp",
            "--connection-string",
            cs,
        ],
    )
}

/// `ivr env add` and the desktop form (which composes the same request with `env_compose`, then
/// saves the draft it shows with `env_save`, i.e. `Studio::save_environment`) add an environment
/// through one app function: the same input gives the same profile, and a refused one the same
/// error and detail; only the CLI adds its own words for the remedy (`hint`).
#[test]
fn the_command_line_and_the_desktop_form_add_the_same_environment() {
    let cs = "Server=tcp:db.example.com,14330;Database=routing;User Id=ivr_app;Connect Timeout=30";
    let (cli_home, form_home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let form = Studio::new(Home::at(form_home.path()), Arc::new(SessionStore::new()));
    let request = |name: &str, tier: Tier, fields: DraftFields| ComposeRequest {
        name: name.into(),
        tier,
        engine: None,
        connection_string: Some(cs.into()),
        fields,
    };
    let desktop = |req: &ComposeRequest| {
        let draft = compose(req).unwrap().draft;
        form.save_environment(&draft, None, false)
    };
    let cli = |args: &[&str]| {
        let all: Vec<&str> = ["--json", "env", "add"]
            .iter()
            .chain(args)
            .chain(&["--connection-string", cs])
            .copied()
            .collect();
        run(cli_home.path(), &all)
    };
    let fields = DraftFields {
        database: Some("routing2".into()),
        read_only: Some(true),
        display_name: Some("Jane Doe".into()),
        ..Default::default()
    };
    let added_args = [
        "acc-be",
        "--tier",
        "acc",
        "--database",
        "routing2",
        "--read-only",
        "--display-name",
        "Jane Doe",
    ];
    let (rc, by_cli) = cli(&added_args);
    assert_eq!(rc, 0, "{by_cli}");
    let by_form = desktop(&request("acc-be", Tier::Acc, fields.clone())).unwrap();
    assert_eq!(
        by_cli["profile"],
        serde_json::to_value(&by_form.profile).unwrap()
    );
    let file = |home: &Path| std::fs::read_to_string(Home::at(home).environments_file()).unwrap();
    assert_eq!(file(cli_home.path()), file(form_home.path()));
    assert!(file(cli_home.path()).contains("routing2"));

    // Refused alike: a taken name, a reserved name, a prd server trusted without forcing it.
    let refusals: [(Vec<&str>, ComposeRequest); 3] = [
        (added_args.to_vec(), request("acc-be", Tier::Acc, fields)),
        (
            vec!["local", "--tier", "dvp"],
            request("local", Tier::Dvp, DraftFields::default()),
        ),
        (
            vec!["prd-be", "--tier", "prd", "--trust-server-certificate"],
            request(
                "prd-be",
                Tier::Prd,
                DraftFields {
                    trust_server_certificate: Some(true),
                    ..Default::default()
                },
            ),
        ),
    ];
    for (args, req) in refusals {
        let (rc, by_cli) = cli(&args);
        assert_eq!(rc, 2, "{by_cli}");
        let e = &by_cli["error"];
        let by_form = serde_json::to_value(desktop(&req).unwrap_err()).unwrap();
        for k in ["code", "message", "detail"] {
            assert_eq!(e[k], by_form[k], "{k} of {args:?}");
        }
        assert!(
            e["hint"].is_string() == by_form["detail"]["remedy"].is_object(),
            "{e}"
        );
    }
    assert_eq!(
        file(cli_home.path()),
        file(form_home.path()),
        "nothing written"
    );
}

#[test]
fn json_list_shows_local() {
    let home = tempfile::tempdir().unwrap();
    let out = output(home.path(), &["--json", "env", "list"]);
    assert!(out.status.success(), "{out:?}");
    let v = json_of(&out);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "local");
    assert_eq!(list[0]["tier"], "local");
    assert_eq!(list[0]["engine"], "sqlite");
    let db = list[0]["database"].as_str().unwrap();
    assert!(db.starts_with(home.path().to_str().unwrap()), "{db}");
}

#[test]
fn malformed_connection_string_is_a_json_validation_error() {
    let home = tempfile::tempdir().unwrap();
    let out = add_dev_from_string(
        home.path(),
        "Server=tcp:h,1433;Database=d;User Id=u;Password=ab;Pw9Secret;Encrypt=True",
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "VALIDATION");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("double quotes"));
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!shown.contains("Pw9Secret"), "{shown}");
    assert!(!home.path().join("environments.toml").exists());
}

#[test]
fn text_errors_go_to_stderr_with_the_code() {
    let home = tempfile::tempdir().unwrap();
    let out = output(home.path(), &["env", "show", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[NOT_FOUND]: "), "{err}");
}

#[test]
fn unreachable_server_is_connection_naming_host_and_port() {
    let home = tempfile::tempdir().unwrap();
    let port = closed_port();
    let url =
        format!("sqlserver://127.0.0.1:{port};database=d;user=u;password=Unseen42;encrypt=false");
    // through IVR_DATABASE_URL ...
    let out = ivr(home.path())
        .env("IVR_DATABASE_URL", &url)
        .args(["--json", "env", "test", "--timeout", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "CONNECTION");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(msg.contains(&format!("127.0.0.1:{port}")), "{msg}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Unseen42"));
    // ... and through --url, in text mode
    let out = output(
        home.path(),
        &["env", "test", "--timeout", "5", "--url", &url],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error[CONNECTION]: "), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(!err.contains("Unseen42"));
}

#[test]
fn env_and_url_together_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let out = ivr(home.path())
        .env(
            "IVR_DATABASE_URL",
            "sqlserver://h;database=d;user=u;password=p",
        )
        .args(["--json", "--env", "local", "env", "test"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_of(&out)["error"]["code"], "VALIDATION");
}

#[test]
fn add_show_remove_round_trip_without_secrets_in_files() {
    let home = tempfile::tempdir().unwrap();
    // field options, no password (stdin is not a terminal and --password-stdin is not given)
    let out = output(
        home.path(),
        &[
            "--json",
            "env",
            "add",
            "acc-be",
            "--tier",
            "acc",
            "--host",
            "sql.example.com",
            "--port",
            "14330",
            "--database",
            "routing",
            "--user",
            "ivr_app",
            "--read-only",
            "--display-name",
            "Jane Doe",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let v = json_of(&out);
    assert_eq!(v["passwordStored"], false);
    assert_eq!(v["profile"]["port"], 14330);

    // a sqlite environment
    let out = output(
        home.path(),
        &[
            "env",
            "add",
            "prd-copy",
            "--tier",
            "prd",
            "--engine",
            "sqlite",
            "--database",
            "copy.sqlite",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("--unlock prd-copy"));

    // duplicate name
    let again: Vec<&str> = "env add acc-be --tier acc --host h --database d --user u"
        .split(' ')
        .collect();
    let out = ivr(home.path())
        .arg("--json")
        .args(&again)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = &json_of(&out)["error"];
    assert_eq!(e["code"], "ALREADY_EXISTS");
    assert_eq!(
        e["detail"]["remedy"],
        serde_json::json!({ "kind": "replaceEnvironment", "environment": "acc-be" })
    );
    assert!(e["hint"].as_str().unwrap().contains("--replace"), "{e}");
    // In text mode the hint is a line of its own on stderr; the message names no flag.
    let out = output(home.path(), &again);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut lines = stderr.lines();
    let first = lines.next().unwrap();
    assert!(first.starts_with("error[ALREADY_EXISTS]: "), "{stderr}");
    assert!(!first.contains("--"), "{stderr}");
    assert!(
        lines.any(|l| l.starts_with("hint: ") && l.contains("--replace")),
        "{stderr}"
    );

    let out = output(home.path(), &["--json", "env", "list"]);
    let names: Vec<String> = json_of(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["local", "acc-be", "prd-copy"]);

    let out = output(home.path(), &["env", "show", "acc-be"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("host: sql.example.com"), "{text}");
    assert!(text.contains("display_name: Jane Doe"), "{text}");
    assert!(text.contains("password: "), "{text}");

    let out = output(home.path(), &["--json", "env", "show", "prd-copy"]);
    assert_eq!(json_of(&out)["startsReadOnly"], true);

    // a password given in the string goes to the keyring or nowhere: here the keyring is out of
    // reach, so the command fails with KEYRING and writes nothing
    let out = add_dev_from_string(
        home.path(),
        "Server=h;Database=d;User Id=u;Password=KeepOut77",
    );
    if cfg!(target_os = "linux") {
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert_eq!(json_of(&out)["error"]["code"], "KEYRING");
    }
    let files = all_text_under(home.path());
    assert!(!files.contains("KeepOut77"));
    assert!(!files.to_lowercase().contains("password ="));

    let out = output(home.path(), &["env", "remove", "acc-be"]);
    assert!(out.status.success(), "{out:?}");
    let out = output(home.path(), &["--json", "env", "show", "acc-be"]);
    assert_eq!(json_of(&out)["error"]["code"], "NOT_FOUND");
}

#[test]
fn prd_refuses_trusting_any_certificate_unless_forced() {
    let home = tempfile::tempdir().unwrap();
    let args = [
        "--json",
        "env",
        "add",
        "prd",
        "--tier",
        "prd",
        "--host",
        "h",
        "--database",
        "d",
        "--user",
        "u",
        "--trust-server-certificate",
    ];
    let out = output(home.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json_of(&out)["error"]["code"], "VALIDATION");
    assert!(!home.path().join("environments.toml").exists());
    let out = ivr(home.path())
        .args(args)
        .arg("--force-trust")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v = json_of(&out);
    assert_eq!(v["profile"]["trustServerCertificate"], true);
    assert!(!v["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn usage_errors_with_json_are_json() {
    let home = tempfile::tempdir().unwrap();
    let out = output(home.path(), &["--json", "env", "add", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "VALIDATION");
    // The missing arguments are named, not cut off after the colon.
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("not provided: --tier <TIER>"), "{message}");
    assert!(v["error"]["detail"]["usage"]
        .as_str()
        .unwrap()
        .starts_with("ivr env add"));
}

#[test]
fn malformed_environments_file_is_config_with_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("environments.toml"),
        "[[environment]]\nname = \"x\"\ntier = oops\n",
    )
    .unwrap();
    let out = output(home.path(), &["--json", "env", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "CONFIG");
    assert_eq!(v["error"]["detail"]["line"], 3);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("environments.toml"));
}

/// An ordinary command against a server that accepts TCP and never answers fails within the
/// environment's connect timeout, after one attempt, and says so; a refused port fails at once.
/// Counted through the connections the server received, not the clock.
#[test]
fn a_silent_server_fails_once_within_the_environment_timeout() {
    let home = tempfile::tempdir().unwrap();
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    server.set_nonblocking(true).unwrap();
    let port = server.local_addr().unwrap().port();
    let url = format!(
        "sqlserver://127.0.0.1:{port};database=routing;user=app;password=NotShown9;encrypt=false;connectTimeout=1"
    );
    let out = output(home.path(), &["--json", "--url", &url, "routing", "list"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "CONNECTION");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("did not answer within 1 s"), "{message}");
    assert_eq!(v["error"]["detail"]["attempts"], 1);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("NotShown9"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("NotShown9"));
    let mut connections = 0;
    while server.accept().is_ok() {
        connections += 1;
    }
    assert_eq!(
        connections, 1,
        "no retry against a server that does not answer"
    );

    let url = format!(
        "sqlserver://127.0.0.1:{};database=routing;user=app;password=NotShown9;encrypt=false",
        closed_port()
    );
    let out = output(home.path(), &["--json", "--url", &url, "routing", "list"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = json_of(&out);
    assert_eq!(v["error"]["code"], "CONNECTION");
    assert_eq!(v["error"]["detail"]["attempts"], 1, "{v}");
}

/// Adds the SQLite environment `trial` (`trial.sqlite` in the data folder), not yet opened.
fn add_trial(home: &Path) {
    let (code, out) = json(
        home,
        "env add trial --tier dvp --engine sqlite --database trial.sqlite",
    );
    assert_eq!(code, 0, "{out}");
}

/// A SQLite environment other than `local` is not migrated on open: its admin deploys its
/// migrations, it gets no demo (it is the user's own database), and stays the user's afterwards.
#[test]
fn a_new_sqlite_environment_is_deployed_by_the_admin_and_gets_no_demo() {
    let home = tempfile::tempdir().unwrap();
    add_trial(home.path());
    let run = |args: &[&str]| {
        let out = ivr(home.path())
            .args(["--json", "--env", "trial"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        json_of(&out)
    };
    // Created, not migrated: its migrations are the admin's to deploy (the Schema screen or this).
    let status = run(&["migrate", "status"]);
    assert!(
        !status["pending"].as_array().unwrap().is_empty(),
        "{status}"
    );
    run(&["migrate", "deploy"]);
    let routing = run(&["routing", "list"]);
    assert_eq!(routing["total"], 0, "no demo routing entries: {routing}");
    assert_eq!(
        run(&["flow", "list"]),
        serde_json::json!([]),
        "no demo flows"
    );
    let status = run(&["migrate", "status"]);
    assert_eq!(status["pending"], serde_json::json!([]), "{status}");
    // The reference data of the migrations is there (a database the app can work with).
    let dict = run(&["dict", "list", "languages"]);
    assert!(dict.to_string().contains("nl-BE"), "{dict}");
    // `local` is not touched by it, and still gets its demo on its own first open.
    assert!(!home.path().join("data/local.sqlite").exists());
    let out = output(home.path(), &["--json", "flow", "list"]);
    assert!(out.status.success(), "{out:?}");
    assert!(json_of(&out).to_string().contains("acme-care-main"));
    // A second open changes nothing (no demo seeded later either).
    assert_eq!(run(&["routing", "list"])["total"], 0);
}

/// A data command on a SQLite environment whose migrations were never deployed is NOT_DEPLOYED
/// with the remedy to deploy them (not INTERNAL "no such table"), and changes nothing.
#[test]
fn an_undeployed_sqlite_environment_says_to_deploy_its_migrations_first() {
    let home = tempfile::tempdir().unwrap();
    add_trial(home.path());
    for args in [
        &["routing", "list"][..],
        &["flow", "list"],
        &["dict", "list", "languages"],
    ] {
        let (code, err) = run(
            home.path(),
            &[&["--json", "--env", "trial"][..], args].concat(),
        );
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(err["error"]["code"], "NOT_DEPLOYED", "{args:?}: {err}");
        assert_eq!(err["error"]["detail"]["remedy"]["kind"], "deployMigrations");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(message.contains("deploy them first"), "{message}");
        assert!(
            !message.contains("--"),
            "no flags in the app's words: {message}"
        );
    }
    // People read the CLI's words for the remedy.
    let out = output(home.path(), &["--env", "trial", "routing", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[NOT_DEPLOYED]"), "{stderr}");
    assert!(stderr.contains("ivr migrate deploy"), "{stderr}");
    // Nothing was created by the refused commands: the deploy still has every migration to run.
    let (code, status) = json(home.path(), "--env trial migrate status");
    assert_eq!(code, 0, "{status}");
    assert_eq!(status["applied"], serde_json::json!([]), "{status}");
    let (code, _) = json(home.path(), "--env trial migrate deploy");
    assert_eq!(code, 0);
    let (code, routing) = json(home.path(), "--env trial routing list");
    assert_eq!(
        (code, &routing["total"]),
        (0, &serde_json::json!(0)),
        "{routing}"
    );
}
