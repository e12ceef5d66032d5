//! Whole-flow validation, two levels: errors block publish, warnings don't.
//!
//! Errors: no routing entry for the flow; a routing entry's InitSegment missing from the flow;
//! an unknown segment type; a transition to a segment that does not exist; a terminal segment with
//! outgoing transitions; a transition from a result the segment cannot produce (`RESULT_UNKNOWN`,
//! see [`super::catalog::SegmentTypeDef::results_for`]); a result its type says must be handled
//! with no transition (`RESULT_UNHANDLED`); a required key missing; a key not in the type's
//! dictionary; a value that fails its type or its JSON Schema.
//! Warnings: any other result with no transition (`RESULT_UNHANDLED`); a segment unreachable from
//! the init segment(s); a non-terminal segment without results or transitions (no way out); a
//! message key named in configuration that the company project's message store lacks
//! (checked only when the store's keys are known). Configuration keys that hold message keys are
//! named `messageKey` or end in `MessageKey`; their value is a key, or a JSON array of keys.

use super::catalog::Catalog;
use super::Flow;
use crate::{Error, ErrorDetail, Issues};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// A routing-table row that enters this flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntryPoint {
    pub source_id: String,
    pub init_segment: String,
}

/// What validation needs beyond the flow and the dictionary.
#[derive(Debug, Clone, Default)]
pub struct ValidationContext {
    /// Active routing-table rows with this RoutingId.
    pub entries: Vec<EntryPoint>,
    /// The message keys of the company project's message store; `None` when not known (no
    /// message store yet), which skips that check.
    pub message_keys: Option<BTreeSet<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    Error,
    Warning,
}

/// One finding, in designer words, naming the segment and key it is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub severity: Severity,
    /// Stable code, e.g. `TRANSITION_TARGET_MISSING`.
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValidationReport {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl ValidationReport {
    /// No errors (warnings don't block).
    pub fn is_publishable(&self) -> bool {
        self.errors.is_empty()
    }

    /// A VALIDATION error listing every blocking finding (`detail.errors`, `detail.warnings`).
    pub fn to_error(&self, what: &str) -> Error {
        let list: Vec<&str> = self.errors.iter().map(|f| f.message.as_str()).collect();
        Error::validation(format!(
            "{what}: {} error(s) block publishing — {}",
            self.errors.len(),
            list.join("; ")
        ))
        .with_detail(ErrorDetail {
            errors: Some(Issues::Findings(self.errors.clone())),
            warnings: Some(Issues::Findings(self.warnings.clone())),
            ..Default::default()
        })
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &str,
        segment: Option<&str>,
        key: Option<&str>,
        result: Option<&str>,
        message: String,
    ) {
        let f = Finding {
            severity,
            code: code.to_string(),
            segment: segment.map(str::to_owned),
            key: key.map(str::to_owned),
            result: result.map(str::to_owned),
            message,
        };
        match severity {
            Severity::Error => self.errors.push(f),
            Severity::Warning => self.warnings.push(f),
        }
    }
}

/// True for configuration keys that hold message keys.
pub fn is_message_key_name(key: &str) -> bool {
    key == "messageKey" || key.ends_with("MessageKey")
}

/// Validates the whole flow. Findings come sorted (segment, then code) so two runs read the same.
pub fn validate(flow: &Flow, catalog: &Catalog, ctx: &ValidationContext) -> ValidationReport {
    use Severity::{Error as E, Warning as W};
    let mut r = ValidationReport::default();

    if ctx.entries.is_empty() {
        r.push(
            E,
            "NO_ROUTING_ENTRY",
            None,
            None,
            None,
            format!(
                "no routing-table entry uses RoutingId {}: add one with an InitSegment so calls can enter this flow",
                flow.routing_id
            ),
        );
    }
    let mut inits = BTreeSet::new();
    for e in &ctx.entries {
        if flow.segment(&e.init_segment).is_some() {
            inits.insert(e.init_segment.as_str());
        } else {
            r.push(
                E,
                "INIT_SEGMENT_MISSING",
                Some(&e.init_segment),
                None,
                None,
                format!(
                    "the routing entry {} starts at segment {}, which is not in this flow",
                    e.source_id, e.init_segment
                ),
            );
        }
    }

    for s in &flow.segments {
        let name = s.name.as_str();
        let Some(t) = catalog.segment_type(&s.segment_type) else {
            r.push(
                E,
                "UNKNOWN_SEGMENT_TYPE",
                Some(name),
                None,
                None,
                format!(
                    "segment {name} has type {}, which is not in the segment-type dictionary",
                    s.segment_type
                ),
            );
            continue;
        };
        for k in &t.keys {
            if k.required && !s.config.contains_key(&k.name) {
                r.push(
                    E,
                    "REQUIRED_KEY_MISSING",
                    Some(name),
                    Some(&k.name),
                    None,
                    format!("segment {name} needs a value for {}", k.name),
                );
            }
        }
        for (key, value) in &s.config {
            let Some(def) = t.key(key) else {
                r.push(
                    E,
                    "KEY_NOT_IN_DICTIONARY",
                    Some(name),
                    Some(key),
                    None,
                    format!(
                        "segment {name} has key {key}, which a {} segment does not have",
                        t.code
                    ),
                );
                continue;
            };
            let problems = def.check_stored(value);
            if !problems.is_empty() {
                r.push(
                    E,
                    "INVALID_VALUE",
                    Some(name),
                    Some(key),
                    None,
                    format!("key {key} of segment {name} {}", problems.join("; ")),
                );
                continue;
            }
            if let Some(known) = &ctx.message_keys {
                if is_message_key_name(key) {
                    for mk in message_keys_in(&def.typed_lossy(value)) {
                        if !known.contains(&mk) {
                            r.push(
                                W,
                                "MESSAGE_KEY_UNKNOWN",
                                Some(name),
                                Some(key),
                                None,
                                format!(
                                    "key {key} of segment {name} names message {mk}, which the project's message store does not have"
                                ),
                            );
                        }
                    }
                }
            }
        }
        if t.terminal && !s.transitions.is_empty() {
            r.push(
                E,
                "TERMINAL_HAS_TRANSITIONS",
                Some(name),
                None,
                None,
                format!(
                    "segment {name} is a {} segment, which ends the call, but has {} outgoing transition(s); remove them",
                    t.code,
                    s.transitions.len()
                ),
            );
        }
        let results = t.results_for(&s.config);
        if !t.terminal && s.transitions.is_empty() && results.is_empty() {
            r.push(
                W,
                "NO_WAY_OUT",
                Some(name),
                None,
                None,
                format!("segment {name} has no outgoing transition; the call stops there"),
            );
        }
        for res in &results {
            if s.transitions.iter().any(|tr| tr.result == res.name) {
                continue;
            }
            let (severity, consequence) = if res.must_handle {
                (E, "a call that gets it has nowhere to go; connect it")
            } else {
                (W, "the call stops there if it happens")
            };
            r.push(
                severity,
                "RESULT_UNHANDLED",
                Some(name),
                res.config_key.as_deref(),
                Some(&res.name),
                format!(
                    "result {} of segment {name} is not connected: {consequence}",
                    res.name
                ),
            );
        }
        for tr in &s.transitions {
            if !t.terminal
                && t.declares_results()
                && !results.iter().any(|res| res.name == tr.result)
            {
                r.push(
                    E,
                    "RESULT_UNKNOWN",
                    Some(name),
                    None,
                    Some(&tr.result),
                    format!(
                        "segment {name} is a {} segment, which cannot produce result {}{}; {}",
                        t.code,
                        tr.result,
                        tr.context_key
                            .as_deref()
                            .map(|c| format!(" (context {c})"))
                            .unwrap_or_default(),
                        super::catalog::describe_results(&results)
                    ),
                );
            }
            if flow.segment(&tr.next).is_none() {
                r.push(
                    E,
                    "TRANSITION_TARGET_MISSING",
                    Some(name),
                    None,
                    Some(&tr.result),
                    format!(
                        "result {}{} of segment {name} leads to {}, which does not exist",
                        tr.result,
                        tr.context_key
                            .as_deref()
                            .map(|c| format!(" (context {c})"))
                            .unwrap_or_default(),
                        tr.next
                    ),
                );
            }
        }
    }

    if !inits.is_empty() {
        let index: HashMap<&str, usize> = flow
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i))
            .collect();
        let mut seen = vec![false; flow.segments.len()];
        let mut queue: VecDeque<usize> =
            inits.iter().filter_map(|n| index.get(n).copied()).collect();
        for &i in &queue {
            seen[i] = true;
        }
        while let Some(i) = queue.pop_front() {
            for t in &flow.segments[i].transitions {
                if let Some(&j) = index.get(t.next.as_str()) {
                    if !seen[j] {
                        seen[j] = true;
                        queue.push_back(j);
                    }
                }
            }
        }
        for (i, s) in flow.segments.iter().enumerate() {
            if !seen[i] {
                r.push(
                    W,
                    "UNREACHABLE",
                    Some(&s.name),
                    None,
                    None,
                    format!("segment {} cannot be reached from the init segment", s.name),
                );
            }
        }
    }

    r.errors.sort_by(|a, b| {
        (&a.segment, &a.code, &a.key, &a.result).cmp(&(&b.segment, &b.code, &b.key, &b.result))
    });
    r.warnings.sort_by(|a, b| {
        (&a.segment, &a.code, &a.key, &a.result).cmp(&(&b.segment, &b.code, &b.key, &b.result))
    });
    r
}

fn message_keys_in(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) if !s.is_empty() => vec![s.clone()],
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalog::tests::catalog;
    use super::super::edit::apply;
    use super::super::{EditOp, Segment};
    use super::*;
    use serde_json::json;

    fn flow() -> Flow {
        let ops: Vec<EditOp> = serde_json::from_value(json!([
            {"op": "add_segment", "name": "welcome", "segmentType": "play_message", "config": {"messageKey": "WELCOME"}},
            {"op": "add_segment", "name": "menu", "segmentType": "menu", "config": {"promptMessageKey": "MENU_MAIN"}},
            {"op": "add_segment", "name": "bye", "segmentType": "disconnect"},
            {"op": "connect", "segment": "welcome", "result": "done", "next": "menu"},
            {"op": "connect", "segment": "menu", "result": "option_1", "next": "bye"},
        ]))
        .unwrap();
        apply(&Flow::new("r"), &catalog(), &ops).unwrap()
    }

    fn ctx() -> ValidationContext {
        ValidationContext {
            entries: vec![EntryPoint {
                source_id: "+3220000000".into(),
                init_segment: "welcome".into(),
            }],
            message_keys: Some(
                ["WELCOME", "MENU_MAIN"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
        }
    }

    /// A plan that is layout only leaves the findings as they were (the designer's answer to
    /// such a batch carries none): validation reads no position, style or order.
    #[test]
    fn the_canvas_layout_does_not_change_the_findings() {
        // With findings: a segment nothing leads to, naming a message the store lacks.
        let lost: Vec<EditOp> = serde_json::from_value(json!([
            {"op": "add_segment", "name": "lost", "segmentType": "play_message", "config": {"messageKey": "NOWHERE"}},
        ]))
        .unwrap();
        let f = apply(&flow(), &catalog(), &lost).unwrap();
        let ops: Vec<EditOp> = serde_json::from_value(json!([
            {"op": "move", "segment": "lost", "x": 7.0, "y": 8.0},
            {"op": "move", "segment": "welcome", "x": 10.0, "y": 20.0},
            {"op": "move", "segment": "bye", "x": -5.0, "y": 0.5},
            {"op": "set_collapsed", "segment": "menu", "collapsed": true},
        ]))
        .unwrap();
        let mut moved = apply(&f, &catalog(), &ops).unwrap();
        moved.segment_mut("menu").unwrap().order = Some(7);
        let plan = super::super::plan::ChangePlan::between(&f, &moved, &catalog()).unwrap();
        assert!(plan.layout_only());
        let before = validate(&f, &catalog(), &ctx());
        assert!(before.warnings.len() >= 2, "{before:?}");
        assert_eq!(validate(&moved, &catalog(), &ctx()), before);
    }

    fn codes(f: &[Finding]) -> Vec<(&str, Option<&str>)> {
        f.iter()
            .map(|f| (f.code.as_str(), f.segment.as_deref()))
            .collect()
    }

    #[test]
    fn a_good_flow_has_no_findings() {
        let r = validate(&flow(), &catalog(), &ctx());
        assert_eq!(r, ValidationReport::default());
        assert!(r.is_publishable());
    }

    #[test]
    fn every_error_is_found_and_named() {
        let mut f = flow();
        let c = catalog();
        f.segment_mut("bye")
            .unwrap()
            .transitions
            .push(super::super::Transition {
                result: "x".into(),
                context_key: None,
                next: "welcome".into(),
            });
        f.segment_mut("menu")
            .unwrap()
            .transitions
            .push(super::super::Transition {
                result: "option_2".into(),
                context_key: None,
                next: "nowhere".into(),
            });
        let m = f.segment_mut("menu").unwrap();
        m.config.remove("promptMessageKey");
        m.config.insert("maxRetries".into(), "many".into());
        m.config.insert("colour".into(), "red".into());
        f.insert(Segment::new("odd", "teleport"));
        let mut cx = ctx();
        cx.entries[0].init_segment = "start".into();
        let r = validate(&f, &c, &cx);
        assert_eq!(
            codes(&r.errors),
            [
                ("TERMINAL_HAS_TRANSITIONS", Some("bye")),
                ("INVALID_VALUE", Some("menu")),
                ("KEY_NOT_IN_DICTIONARY", Some("menu")),
                ("REQUIRED_KEY_MISSING", Some("menu")),
                ("TRANSITION_TARGET_MISSING", Some("menu")),
                ("UNKNOWN_SEGMENT_TYPE", Some("odd")),
                ("INIT_SEGMENT_MISSING", Some("start")),
            ]
        );
        let e = r.to_error("draft");
        assert_eq!(e.code, crate::ErrorCode::Validation);
        assert!(
            e.message
                .contains("segment menu needs a value for promptMessageKey"),
            "{}",
            e.message
        );
        assert!(e.message.contains("leads to nowhere"));
        let no_entry = validate(&flow(), &c, &ValidationContext::default());
        assert_eq!(codes(&no_entry.errors), [("NO_ROUTING_ENTRY", None)]);
    }

    #[test]
    fn transitions_are_checked_against_the_results_a_segment_can_produce() {
        let ops: Vec<EditOp> = serde_json::from_value(json!([
            {"op": "add_segment", "name": "question", "segmentType": "ask",
             "config": {"choices": [{"result": "yes"}, {"result": "no"}]}},
            {"op": "add_segment", "name": "thanks", "segmentType": "play_message", "config": {"messageKey": "THANKS"}},
            {"op": "add_segment", "name": "bye", "segmentType": "disconnect"},
            {"op": "connect", "segment": "question", "result": "yes", "next": "thanks"},
            {"op": "connect", "segment": "question", "result": "no", "next": "bye"},
        ]))
        .unwrap();
        let c = catalog();
        let mut f = apply(&Flow::new("r"), &c, &ops).unwrap();
        // The option `no` is removed after it was connected: its transition is now from a result
        // the segment cannot produce.
        f.segment_mut("question")
            .unwrap()
            .config
            .insert("choices".into(), r#"[{"result":"yes"}]"#.into());
        let cx = ValidationContext {
            entries: vec![EntryPoint {
                source_id: "s".into(),
                init_segment: "question".into(),
            }],
            message_keys: None,
        };
        let r = validate(&f, &c, &cx);
        let found = |list: &[Finding]| -> Vec<(String, Option<String>, Option<String>)> {
            list.iter()
                .map(|f| (f.code.clone(), f.segment.clone(), f.result.clone()))
                .collect()
        };
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            found(&r.errors),
            [
                ("RESULT_UNKNOWN".into(), s("question"), s("no")),
                // play_message says `done` must be handled.
                ("RESULT_UNHANDLED".into(), s("thanks"), s("done")),
            ]
        );
        assert!(r.errors[0].message.contains("it produces: yes, no_input"));
        // `no_input` may stay unconnected: a warning.
        assert_eq!(
            found(&r.warnings),
            [("RESULT_UNHANDLED".into(), s("question"), s("no_input"))]
        );
        // A configured result that must be handled and is not: an error naming its key.
        f.segment_mut("question").unwrap().config.insert(
            "choices".into(),
            r#"[{"result":"yes"},{"result":"later"}]"#.into(),
        );
        let r = validate(&f, &c, &cx);
        let later = r
            .errors
            .iter()
            .find(|e| e.result.as_deref() == Some("later"))
            .unwrap();
        assert_eq!(
            (later.code.as_str(), later.key.as_deref()),
            ("RESULT_UNHANDLED", Some("choices"))
        );
        // Connecting a result the segment cannot produce is refused when the edit is made.
        let e = apply(
            &f,
            &c,
            &serde_json::from_value::<Vec<EditOp>>(
                json!([{"op": "connect", "segment": "question", "result": "maybe", "next": "bye"}]),
            )
            .unwrap(),
        )
        .unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::Validation);
        assert!(
            e.message.contains("cannot produce result maybe")
                && e.message.contains("choices[].result"),
            "{}",
            e.message
        );
        let e = apply(
            &f,
            &c,
            &serde_json::from_value::<Vec<EditOp>>(
                json!([{"op": "connect", "segment": "bye", "result": "done", "next": "question"}]),
            )
            .unwrap(),
        )
        .unwrap_err();
        assert!(e.message.contains("produces no results"), "{}", e.message);
    }

    #[test]
    fn warnings_do_not_block() {
        let mut f = flow();
        f.insert(Segment::new("island", "transfer"));
        f.segment_mut("island")
            .unwrap()
            .config
            .insert("destination".into(), "+32".into());
        f.segment_mut("welcome")
            .unwrap()
            .config
            .insert("messageKey".into(), "GOODBYE".into());
        let r = validate(&f, &catalog(), &ctx());
        assert!(r.is_publishable(), "{:?}", r.errors);
        assert_eq!(
            codes(&r.warnings),
            [
                ("NO_WAY_OUT", Some("island")),
                ("UNREACHABLE", Some("island")),
                ("MESSAGE_KEY_UNKNOWN", Some("welcome")),
            ]
        );
        assert_eq!(r.warnings[2].key.as_deref(), Some("messageKey"));
        // Without a message store the message-key check is skipped.
        let mut cx = ctx();
        cx.message_keys = None;
        assert_eq!(validate(&f, &catalog(), &cx).warnings.len(), 2);
    }
}
