#![allow(dead_code)] // each fuzz target uses one of these
//! What each fuzz target checks, shared by the libFuzzer targets (`fuzz_targets/`) and by the
//! plain test that replays the checked-in seeds and every input a fuzzer ever crashed on
//! (`crates/store/tests/fuzz_corpus.rs`), so CI keeps them as regression tests without cargo-fuzz.
//! Each takes raw bytes from outside and must never panic.

use ivr_domain::flow::{file, Catalog};
use ivr_domain::message::exchange::{plan_csv, plan_json, ImportTarget};
use ivr_store::migrate::split_batches;
use ivr_store::Engine;

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

fn import_target() -> ImportTarget {
    ImportTarget {
        allowed: vec!["nl-BE".into(), "fr-BE".into(), "en-US".into()],
        ..Default::default()
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
            if let Some(pw) = text.split("Password=").nth(1) {
                let pw: String = pw.chars().take_while(|c| *c != ';').collect();
                if pw.len() >= 12 && pw.chars().all(|c| c.is_ascii_alphanumeric()) {
                    assert!(!e.message.contains(&pw), "password echoed: {}", e.message);
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

/// The JSON message exchange file reader and its import plan.
pub fn message_json(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let _ = plan_json(text, &import_target());
}

/// The flow-file reader; what it accepts exports again.
pub fn flow_file(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let Ok(catalog) = Catalog::new(Vec::new()) else {
        return;
    };
    if let Ok(imported) = file::import(text, &catalog) {
        let _ = file::export(&imported.flow, &catalog, None);
    }
}
