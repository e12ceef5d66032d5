//! `ivr flow …` end to end: the real binary, a temporary IVR_STUDIO_HOME, the `local` SQLite
//! environment (migrated on first open).

mod common;

use common::{ivr, json, json_path, run};
use serde_json::json;
use std::path::Path;

/// `ivr flow edit ID --ops FILE` with `ops` written to a file in the home: the edited draft (the
/// edit must succeed).
fn edit(h: &Path, id: &str, ops: serde_json::Value) -> serde_json::Value {
    let file = h.join("ops.json");
    std::fs::write(&file, ops.to_string()).unwrap();
    let (rc, v) = json_path(h, &format!("flow edit {id} --ops {{path}}"), &file);
    assert_eq!(rc, 0, "{v}");
    v
}

#[test]
fn open_edit_validate_export_import_diff_discard() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (rc, d) = run(
        h,
        &[
            "--json",
            "flow",
            "open",
            "cli-flow",
            "--description",
            "from the CLI",
        ],
    );
    assert_eq!(rc, 0, "{d}");
    let id = d["changeSetId"].as_str().unwrap().to_string();
    let v = edit(
        h,
        &id,
        json!([
            {"op": "add_segment", "name": "hello", "segmentType": "play_message", "config": {"messageKey": "HELLO"}},
            {"op": "add_segment", "name": "bye", "segmentType": "disconnect"},
            {"op": "connect", "segment": "hello", "result": "done", "next": "bye"},
        ]),
    );
    assert_eq!(v["flow"]["segments"].as_array().unwrap().len(), 2);

    let (rc, r) = json(h, &format!("flow validate --draft {id}"));
    assert_eq!(rc, 0, "{r}");
    assert_eq!(r["errors"][0]["code"], "NO_ROUTING_ENTRY");
    // Publishing an invalid draft is refused (exit 2) with the errors.
    let (rc, e) = json(h, &format!("flow publish {id}"));
    assert_eq!(rc, 2);
    assert_eq!(e["error"]["code"], "VALIDATION");

    // Two exports are byte-identical.
    let a = ivr(h)
        .args(["flow", "export", "--draft", &id])
        .output()
        .unwrap();
    let b = ivr(h)
        .args(["flow", "export", "--draft", &id])
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let file = h.join("flow.json");
    std::fs::write(&file, &a.stdout).unwrap();
    let (rc, imp) = json_path(h, "flow import {path} --routing-id cli-copy", &file);
    assert_eq!(rc, 0, "{imp}");
    assert_eq!(imp["routingId"], "cli-copy");

    let (rc, drafts) = json(h, "flow drafts");
    assert_eq!(rc, 0);
    assert_eq!(drafts.as_array().unwrap().len(), 2);
    let (rc, list) = json(h, "flow list");
    assert_eq!(rc, 0);
    // The local environment also lists the demo data's routing ids; look for this test's two.
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["routingId"].as_str())
        .collect();
    assert!(
        ids.contains(&"cli-flow") && ids.contains(&"cli-copy"),
        "{ids:?}"
    );

    // A malformed file: line-precise error, exit 2.
    std::fs::write(
        &file,
        "{\n  \"format\": \"ivr-studio.flow\",\n  \"segments\": [,]\n}\n",
    )
    .unwrap();
    let (rc, e) = json_path(h, "flow import {path}", &file);
    assert_eq!(rc, 2);
    assert_eq!(e["error"]["detail"]["problems"][0]["line"], 3, "{e}");

    let (rc, e) = json(h, "flow show no-such-flow");
    assert_eq!(rc, 2);
    assert_eq!(e["error"]["code"], "NOT_FOUND");

    // The answer is `{"discarded": ID}` (the bytes scripts read).
    let out = ivr(h)
        .args(["--json", "flow", "discard", &id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        format!("{{\n  \"discarded\": \"{id}\"\n}}")
    );
    let (rc, e) = json(h, &format!("flow discard {id}"));
    assert_eq!(rc, 2);
    assert_eq!(e["error"]["code"], "CONFLICT");
}

#[test]
fn the_local_demo_flow_publishes_diffs_and_rolls_back() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (rc, v) = json(h, "flow show acme-care-main");
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["liveVersion"], 1);
    assert_eq!(v["flow"]["segments"].as_array().unwrap().len(), 16);
    assert_eq!(
        v["validation"]["errors"].as_array().unwrap().len(),
        0,
        "{}",
        v["validation"]
    );
    assert_eq!(
        v["validation"]["warnings"].as_array().unwrap().len(),
        0,
        "{}",
        v["validation"]
    );

    let (rc, d) = json(h, "flow open acme-care-main");
    assert_eq!(rc, 0, "{d}");
    let id = d["changeSetId"].as_str().unwrap().to_string();
    edit(
        h,
        &id,
        json!([
            {"op": "set_config", "segment": "main_menu", "key": "maxRetries", "value": 2},
            {"op": "move", "segment": "goodbye", "x": 0.0, "y": 1300.0}
        ]),
    );
    let (rc, diff) = json(h, &format!("flow diff acme-care-main --draft {id}"));
    assert_eq!(rc, 0, "{diff}");
    assert_eq!(
        diff["segmentsReconfigured"][0]["keys"][0]["key"],
        "maxRetries"
    );
    assert_eq!(diff["layout"].as_array().unwrap().len(), 1);
    let (rc, p) = json(h, &format!("flow publish {id}"));
    assert_eq!(rc, 0, "{p}");
    assert_eq!(p["version"], 2);

    let (rc, rb) = json(h, "flow rollback acme-care-main --version 1");
    assert_eq!(rc, 0, "{rb}");
    let rb_id = rb["changeSetId"].as_str().unwrap().to_string();
    let (rc, p) = json(h, &format!("flow publish {rb_id}"));
    assert_eq!(rc, 0, "{p}");
    assert_eq!(p["version"], 3);
    let (rc, diff) = json(
        h,
        "flow diff acme-care-main --from-version 1 --to-version 3",
    );
    assert_eq!(rc, 0, "{diff}");
    assert_eq!(diff["segmentsReconfigured"].as_array().unwrap().len(), 0);
    let (rc, versions) = json(h, "flow versions acme-care-main");
    assert_eq!(rc, 0);
    assert_eq!(versions.as_array().unwrap().len(), 3);
    let a = ivr(h)
        .args(["flow", "export", "acme-care-main"])
        .output()
        .unwrap();
    let b = ivr(h)
        .args(["flow", "export", "acme-care-main"])
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout, "two exports are byte-identical");
}

#[test]
fn export_a_flow_file_import_it_as_another_flow_and_create_a_new_flow() {
    // A folder with spaces in its name: the paths reach the command as one argument each.
    let home = tempfile::Builder::new()
        .prefix("ivr home ")
        .tempdir()
        .unwrap();
    let h = home.path();
    let file = h.join("exported.json");
    let (rc, w) = json_path(h, "flow export acme-care-main --output {path}", &file);
    assert_eq!(rc, 0, "{w}");
    let segments = serde_json::from_slice::<serde_json::Value>(&std::fs::read(&file).unwrap())
        .unwrap()["segments"]
        .as_array()
        .unwrap()
        .len();
    let (rc, v) = json_path(h, "flow import {path} --routing-id copied-flow", &file);
    assert_eq!(rc, 0, "{v}");
    assert_eq!(v["flow"]["segments"].as_array().unwrap().len(), segments);
    assert_eq!(v["routingId"], "copied-flow");

    let (rc, c) = run(
        h,
        &[
            "--json",
            "flow",
            "create",
            "brand-new",
            "--entry",
            "welcome",
            "--type",
            "play_message",
            "--config",
            r#"{"messageKey": "WELCOME"}"#,
        ],
    );
    assert_eq!(rc, 0, "{c}");
    assert_eq!(c["view"]["flow"]["segments"][0]["name"], "welcome");
    assert_eq!(c["view"]["results"]["welcome"][0]["name"], "done");
    // The demo flow exists already: ALREADY_EXISTS, exit 2.
    let (rc, e) = json(
        h,
        "flow create acme-care-main --entry x --type play_message",
    );
    assert_eq!(
        (rc, e["error"]["code"].as_str()),
        (2, Some("ALREADY_EXISTS"))
    );
    let (rc, e) = json(h, "flow create y --entry x --type menu --config [1]");
    assert_eq!((rc, e["error"]["code"].as_str()), (2, Some("VALIDATION")));
}
