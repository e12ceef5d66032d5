//! Generated flows for benchmarks and tests of the designer: N segments of about five
//! configuration keys and three transitions each, valid against the real segment-type dictionary
//! (so they import, validate and publish like a designer's flow), laid out by the auto-layout.
//! `scripts/bench-canvas` writes them with the `ivr-flow-gen` binary and imports them with
//! `ivr flow import`, as a user would.
//!
//! The shape is IVR-like and deterministic (same N, same flow): a menu / digits / lookup / queue
//! pattern where each segment continues to the next one and to others a few steps on, every
//! tenth loops back to an earlier one (a retry), errors hang up on one of the disconnect segments
//! at the end, and the first segment is the entry.

use ivr_domain::flow::file;
use ivr_domain::flow::layout::{self, LayoutOptions};
use ivr_domain::flow::{check_routing_id, edit, Catalog, EditOp, Flow};
use ivr_domain::{Error, Result};
use serde_json::{json, Value};

/// The most segments a generated flow may have.
pub const MAX_SEGMENTS: usize = 20_000;

/// Name of the `i`-th segment (zero-padded so names sort in order).
fn name(kind: &str, i: usize) -> String {
    format!("{kind}_{i:05}")
}

/// The edit operations that build the flow (apply them to an empty flow).
pub fn ops(n: usize) -> Vec<EditOp> {
    let terminals = (n / 20).max(1).min(n);
    let body = n - terminals;
    let kind = |i: usize| -> &'static str {
        if i >= body {
            "disconnect"
        } else {
            ["menu", "collect_digits", "data_lookup", "queue"][i % 4]
        }
    };
    let seg = |i: usize| name(kind(i), i);
    let mut seed = 0x9e37_79b9_7f4a_7c15u64 ^ n as u64;
    let mut rnd = move |m: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % m.max(1)
    };
    let mut out: Vec<Value> = Vec::with_capacity(n * 4);
    for i in 0..n {
        let key = format!("PROMPT_{i:05}");
        let config = match kind(i) {
            "menu" => json!({
                "messageKey": key,
                "options": [
                    {"digit": "1", "result": "option_1", "label": "First"},
                    {"digit": "2", "result": "option_2", "label": "Second"},
                    {"digit": "3", "result": "option_3", "label": "Third"}
                ],
                "noInputMessageKey": "NO_INPUT"
            }),
            "collect_digits" => json!({"messageKey": key, "variableName": format!("digits{i}")}),
            "data_lookup" => json!({
                "endpoint": format!("https://crm.example/api/lookup/{i}"),
                "inputMapping": {"phone": "callerId"}
            }),
            "queue" => json!({"queueName": format!("queue-{}", i % 17), "holdMessageKey": "HOLD"}),
            _ => json!({"messageKey": "GOODBYE"}),
        };
        out.push(
            json!({"op": "add_segment", "name": seg(i), "segmentType": kind(i), "config": config}),
        );
    }
    for i in 0..body {
        let results: [&str; 3] = match kind(i) {
            "menu" => ["option_1", "option_2", "option_3"],
            "collect_digits" => ["success", "no_input", "invalid"],
            "data_lookup" => ["success", "not_found", "error"],
            _ => ["timeout", "full", "error"],
        };
        for (r, result) in results.iter().enumerate() {
            let next = if r == 0 {
                // A chain through every segment, so all are reachable from the entry.
                i + 1
            } else if r == 2 && i % 10 == 9 && i >= 12 {
                i - 2 - rnd(10)
            } else if r == 2 && matches!(*result, "error" | "invalid") {
                body + rnd(terminals)
            } else {
                (i + 2 + rnd(6)).min(n - 1)
            };
            out.push(
                json!({"op": "connect", "segment": seg(i), "result": result, "next": seg(next)}),
            );
        }
    }
    // Written as JSON for readability; each value is checked when the operations are applied.
    out.into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

/// The flow of `n` segments for `routing_id`, laid out left to right.
pub fn build(routing_id: &str, n: usize, catalog: &Catalog) -> Result<Flow> {
    check_routing_id(routing_id).map_err(Error::validation)?;
    if n == 0 || n > MAX_SEGMENTS {
        return Err(Error::validation(format!(
            "a generated flow has 1 to {MAX_SEGMENTS} segments ({n} asked)"
        )));
    }
    let mut f = edit::apply(&Flow::new(routing_id), catalog, &ops(n))?;
    let first = f.segments.iter().map(|s| s.name.clone()).min();
    let entry: Vec<String> = first.into_iter().collect();
    let placed = layout::layout(&f, &entry, None, &LayoutOptions::default());
    let moves: Vec<EditOp> = placed
        .positions
        .into_iter()
        .map(|p| EditOp::Move {
            segment: p.segment,
            x: p.x,
            y: p.y,
        })
        .collect();
    f = edit::apply(&f, catalog, &moves)?;
    Ok(f)
}

/// A flow file (the format `ivr flow import` reads) holding a generated flow of `n` segments; its
/// entry segment is the first by name (`menu_00000`).
pub fn flow_file(routing_id: &str, n: usize, catalog: &Catalog) -> Result<String> {
    let f = build(routing_id, n, catalog)?;
    Ok(file::export(&f, catalog, None))
}

/// The entry segment of every generated flow.
pub fn entry_segment() -> String {
    name("menu", 0)
}

/// The segment-type dictionary every new environment gets (a fresh migrated SQLite database's),
/// for generating a flow without an environment at hand.
pub async fn fresh_catalog() -> Result<Catalog> {
    let t = crate::fresh_sqlite().await;
    Catalog::new(ivr_store::segment::catalog_rows(&t.db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_same_size_gives_the_same_file_and_a_size_out_of_range_is_refused() {
        let catalog = fresh_catalog().await.unwrap();
        let a = flow_file("gen-flow", 60, &catalog).unwrap();
        assert_eq!(a, flow_file("gen-flow", 60, &catalog).unwrap());
        let imported = file::import(&a, &catalog).unwrap().flow;
        assert_eq!(imported.segments.len(), 60);
        assert_eq!(imported.routing_id, "gen-flow");
        assert!(imported.segment(&entry_segment()).is_some());
        for n in [0, MAX_SEGMENTS + 1] {
            let e = flow_file("x", n, &catalog).unwrap_err();
            assert_eq!(e.code, ivr_domain::ErrorCode::Validation);
        }
        let e = flow_file("bad id!", 10, &catalog).unwrap_err();
        assert_eq!(e.code, ivr_domain::ErrorCode::Validation);
    }
}
