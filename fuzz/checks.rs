#![allow(dead_code)] // each fuzz target uses one of these
//! What each fuzz target checks, shared by the libFuzzer targets (`fuzz_targets/`) and by the
//! plain test that replays the checked-in seeds and every input a fuzzer ever crashed on
//! (`crates/store/tests/fuzz_corpus.rs`), so CI keeps them as regression tests without cargo-fuzz.
//! Each takes raw bytes from outside and must never panic.

use ivr_domain::connection::Engine;
use ivr_domain::dict::{MessageCategory, MessageType};
use ivr_domain::flow::{file, Catalog, KeyDef, KeyType, SegmentTypeDef};
use ivr_domain::message::exchange::{plan_csv, plan_json, ImportTarget};
use ivr_domain::JsonText;
use ivr_store::migrate::split_batches;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

fn import_target() -> ImportTarget {
    ImportTarget {
        allowed: vec!["nl-BE".into(), "fr-BE".into(), "en-US".into()],
        // One type whose settings are checked against a schema and one that takes any object, so
        // TypeSettings reach every rule.
        types: vec![
            message_type(
                1,
                "tts",
                Some(
                    r#"{"type":"object","properties":{"rate":{"type":"number"},"voice":{"type":"string"}}}"#,
                ),
            ),
            message_type(2, "audio_url", None),
        ],
        categories: vec![category(1, "welcome"), category(2, "menu")],
        ..Default::default()
    }
}

fn message_type(id: i64, code: &str, settings_schema: Option<&str>) -> MessageType {
    MessageType {
        message_type_id: id,
        code: code.into(),
        display_name: code.into(),
        settings_schema: settings_schema.map(ivr_domain::routing::parse_stored_json),
        default_settings: None,
        is_active: true,
    }
}

fn category(id: i64, code: &str) -> MessageCategory {
    MessageCategory {
        category_id: id,
        code: code.into(),
        display_name: code.into(),
        icon: None,
        color: None,
        is_active: true,
    }
}

/// Connection strings as people paste them; a refusal never quotes a password back.
pub fn connection_string(data: &[u8]) {
    let Some(text) = text(data) else { return };
    match ivr_domain::connection::parse(text) {
        Ok(spec) => {
            assert!(spec.port > 0);
            let _ = spec.describe();
        }
        Err(e) => {
            if let Some((head, tail)) = text.split_once("Password=") {
                let pw: String = tail.chars().take_while(|c| *c != ';').collect();
                if pw.len() >= 12 && pw.chars().all(|c| c.is_ascii_alphanumeric()) {
                    // Echoed means the message changes with the password: a password that is part
                    // of the fixed wording (`rustServerCertificat` inside the list of supported
                    // keys, found by the fuzzer) is not a leak.
                    let masked = format!(
                        "{head}Password={}{}",
                        "x".repeat(pw.len()),
                        &tail[pw.len()..]
                    );
                    let wording = ivr_domain::connection::parse(&masked)
                        .err()
                        .map(|e| e.message)
                        .unwrap_or_default();
                    if !wording.contains(&pw) {
                        assert!(!e.message.contains(&pw), "password echoed: {}", e.message);
                    }
                }
            }
        }
    }
}

/// The GO batch splitter of migration files, for both engines.
pub fn go_batches(data: &[u8]) {
    let Some(text) = text(data) else { return };
    for engine in [Engine::Mssql, Engine::Sqlite] {
        let _ = split_batches(text, engine);
    }
}

/// The strict CSV reader and the CSV message import plan over it.
pub fn message_csv(data: &[u8]) {
    let _ = ivr_domain::message::csv::parse(data);
    let _ = plan_csv(data, &import_target());
}

/// The JSON message exchange file reader and its import plan; TypeSettings it accepts follow the
/// JSON rules (no key twice, no NUL).
pub fn message_json(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let plan = plan_json(text, &import_target());
    if plan.errors.is_empty() {
        for item in &plan.items {
            for v in &item.new_versions {
                for c in &v.contents {
                    if let Some(t) = &c.type_settings {
                        assert_eq!(JsonText::new(t.as_str()).problem(true), None, "{t}");
                    }
                }
            }
        }
    }
}

/// Segment types of the demo flow with keys of every key type (json keys without a schema, so any
/// JSON value reaches the exact-text paths), built once.
fn flow_catalog() -> Option<&'static Catalog> {
    static CATALOG: std::sync::OnceLock<Option<Catalog>> = std::sync::OnceLock::new();
    CATALOG
        .get_or_init(|| {
            let k = |id, name: &str, t| KeyDef::new(id, name, t, false, None, None);
            let ty = |id, code: &str, mut keys: Vec<KeyDef>| {
                keys.sort_by(|a, b| a.name.cmp(&b.name));
                SegmentTypeDef {
                    id,
                    code: code.into(),
                    display_name: code.into(),
                    category: None,
                    terminal: code == "disconnect",
                    keys,
                    results: Vec::new(),
                }
            };
            use KeyType::*;
            Catalog::new(vec![
                ty(
                    1,
                    "play_message",
                    vec![k(1, "messageKey", String), k(2, "interruptible", Boolean)],
                ),
                ty(
                    2,
                    "menu",
                    vec![
                        k(3, "messageKey", String),
                        k(4, "options", Json),
                        k(5, "maxRetries", Integer),
                        k(6, "timeoutSeconds", Integer),
                    ],
                ),
                ty(
                    3,
                    "queue",
                    vec![
                        k(7, "holdMessageKey", String),
                        k(8, "maxWaitSeconds", Integer),
                        k(9, "priority", Integer),
                        k(10, "queueName", String),
                        k(11, "skills", Json),
                    ],
                ),
                ty(
                    4,
                    "data_lookup",
                    vec![
                        k(12, "inputMapping", Json),
                        k(13, "outputMapping", Json),
                        k(14, "endpoint", String),
                        k(15, "method", String),
                        k(16, "timeoutMs", Integer),
                        k(17, "payload", Json),
                    ],
                ),
                ty(5, "disconnect", Vec::new()),
            ])
            .ok()
        })
        .as_ref()
}

/// The flow-file reader; what it accepts exports again, and the export reads back to the same
/// flow and the same bytes (every configuration value kept as written).
pub fn flow_file(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let Some(catalog) = flow_catalog() else {
        return;
    };
    if let Ok(imported) = file::import(text, catalog) {
        let out = file::export(&imported.flow, catalog, None);
        let again = file::import(&out, catalog)
            .unwrap_or_else(|e| panic!("an export does not read back: {e}\n{out}"));
        assert_eq!(again.flow, imported.flow, "{out}");
        assert_eq!(file::export(&again.flow, catalog, None), out);
    }
}
