//! Copy, paste and duplicate: a *fragment* is some segments of a flow as the clipboard holds them
//! (text), and pasting it into a draft (the same one or another) is one batch of edit operations.
//!
//! Rules of a paste: every segment keeps its type, configuration (as stored) and canvas state
//! (moved by the paste offset); a name already used in the target draft (ignoring case, as the
//! uniqueness rule does) is made unique with `_copy`, `_copy_2`, … (see [`unique_name`]);
//! transitions between pasted segments follow the new names; transitions to segments outside the
//! fragment are left out (the designer connects the copy where it belongs).

use super::edit::EditOp;
use super::{Flow, Segment, UiState, NAME_MAX};
use crate::{Error, ErrorDetail, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const FRAGMENT_FORMAT: &str = "ivr-studio.fragment";
pub const FRAGMENT_VERSION: u32 = 1;

/// Segments copied from a flow (the clipboard's content, as JSON text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fragment {
    /// Always [`FRAGMENT_FORMAT`].
    pub format: String,
    pub format_version: u32,
    /// The flow the segments were copied from (informational).
    pub routing_id: String,
    pub segments: Vec<Segment>,
}

/// A paste, ready to apply as one batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Paste {
    /// One `restore_segment` per pasted segment.
    pub ops: Vec<EditOp>,
    /// Copied name → name in the target draft.
    pub names: BTreeMap<String, String>,
}

/// Copies the named segments of `flow` (NOT_FOUND naming the first that is missing).
pub fn copy(flow: &Flow, names: &[String]) -> Result<Fragment> {
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    for n in names {
        if flow.segment(n).is_none() {
            return Err(Error::not_found(format!(
                "segment {n:?} does not exist in flow {}",
                flow.routing_id
            ))
            .with_detail(ErrorDetail {
                segment: Some(n.clone()),
                ..Default::default()
            }));
        }
        wanted.insert(n);
    }
    if wanted.is_empty() {
        return Err(Error::validation("select at least one segment to copy"));
    }
    Ok(Fragment {
        format: FRAGMENT_FORMAT.into(),
        format_version: FRAGMENT_VERSION,
        routing_id: flow.routing_id.clone(),
        segments: flow
            .segments
            .iter()
            .filter(|s| wanted.contains(s.name.as_str()))
            .cloned()
            .collect(),
    })
}

impl Fragment {
    /// The clipboard text.
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads clipboard text. Anything else than a fragment (any text, a flow file, JSON of
    /// another shape) is a VALIDATION error saying so; nothing is pasted.
    pub fn parse(text: &str) -> Result<Fragment> {
        let not_one = |why: String| {
            Error::validation(format!(
                "the clipboard does not hold segments copied in IVR Studio ({why}); copy segments on the canvas first"
            ))
            .with_detail(ErrorDetail {
                field: Some("fragment".into()),
                ..Default::default()
            })
        };
        let value: serde_json::Value =
            serde_json::from_str(text.trim()).map_err(|_| not_one("it is not JSON".into()))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FRAGMENT_FORMAT) {
            return Err(not_one(format!("no \"format\": \"{FRAGMENT_FORMAT}\"")));
        }
        let f: Fragment = serde_json::from_value(value).map_err(|e| not_one(e.to_string()))?;
        if f.format_version != FRAGMENT_VERSION {
            return Err(not_one(format!(
                "format version {} is not {FRAGMENT_VERSION}",
                f.format_version
            )));
        }
        if f.segments.is_empty() {
            return Err(not_one("it holds no segments".into()));
        }
        Ok(f)
    }
}

/// `base` if no segment of `taken` has it (ignoring case), else `base_copy`, `base_copy_2`, …:
/// the first free one. A name that already ends in `_copy` or `_copy_N` counts up from its stem,
/// and the stem is shortened when needed so the name stays within [`NAME_MAX`].
pub fn unique_name(base: &str, taken: &dyn Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    let stem = copy_stem(base);
    (1u32..)
        .map(|n| {
            let suffix = if n == 1 {
                "_copy".to_string()
            } else {
                format!("_copy_{n}")
            };
            let mut keep = stem.len().min(NAME_MAX.saturating_sub(suffix.len()));
            while !stem.is_char_boundary(keep) {
                keep -= 1;
            }
            format!("{}{suffix}", &stem[..keep])
        })
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| base.to_string())
}

/// `menu_copy_3` → `menu`, `menu_copy` (any case) → `menu`, `menu` → `menu`.
fn copy_stem(name: &str) -> &str {
    // Lower-casing ASCII keeps byte positions, so the cut applies to `name` itself.
    let lower = name.to_ascii_lowercase();
    let cut = if let Some(stem) = lower.strip_suffix("_copy") {
        Some(stem.len())
    } else {
        lower.rsplit_once("_copy_").and_then(|(stem, n)| {
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(stem.len())
        })
    };
    match cut {
        Some(len) if len > 0 && name.is_char_boundary(len) => &name[..len],
        _ => name,
    }
}

/// The batch that pastes `fragment` into `target`, canvas positions moved by `offset` (segments
/// without a position get one at `origin`, one under the other).
pub fn paste(target: &Flow, fragment: &Fragment, offset: (f64, f64), origin: (f64, f64)) -> Paste {
    let mut used: Vec<String> = target.segments.iter().map(|s| s.name.clone()).collect();
    let mut names = BTreeMap::new();
    for s in &fragment.segments {
        let taken = |n: &str| used.iter().any(|u| u.eq_ignore_ascii_case(n));
        let new = unique_name(&s.name, &taken);
        used.push(new.clone());
        names.insert(s.name.clone(), new);
    }
    let mut unplaced = 0.0;
    let ops = fragment
        .segments
        .iter()
        .map(|s| {
            let mut copy = s.clone();
            copy.name = names[&s.name].clone();
            copy.transitions = s
                .transitions
                .iter()
                .filter_map(|t| {
                    names.get(&t.next).map(|next| {
                        let mut t = t.clone();
                        t.next = next.clone();
                        t
                    })
                })
                .collect();
            copy.transitions.sort();
            copy.ui = Some(match &s.ui {
                Some(ui) => UiState {
                    x: ui.x + offset.0,
                    y: ui.y + offset.1,
                    ..ui.clone()
                },
                None => {
                    unplaced += 1.0;
                    UiState {
                        x: origin.0,
                        y: origin.1 + (unplaced - 1.0) * 120.0,
                        collapsed: false,
                        style: None,
                    }
                }
            });
            EditOp::RestoreSegment { segment: copy }
        })
        .collect();
    Paste { ops, names }
}

/// The offset that puts the fragment's top-left position at `at` (none when no segment of it has
/// a position).
pub fn offset_to(fragment: &Fragment, at: (f64, f64)) -> (f64, f64) {
    let placed = fragment.segments.iter().filter_map(|s| s.ui.as_ref());
    let min = placed.fold(None, |m: Option<(f64, f64)>, ui| {
        Some(match m {
            None => (ui.x, ui.y),
            Some((x, y)) => (x.min(ui.x), y.min(ui.y)),
        })
    });
    match min {
        Some((x, y)) => (at.0 - x, at.1 - y),
        None => (0.0, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalog::tests::catalog;
    use super::super::edit::apply;
    use super::*;
    use serde_json::json;

    fn flow() -> Flow {
        let ops: Vec<EditOp> = serde_json::from_value(json!([
            {"op": "add_segment", "name": "welcome", "segmentType": "play_message", "config": {"messageKey": "WELCOME"}, "ui": {"x": 100.0, "y": 50.0}},
            {"op": "add_segment", "name": "menu", "segmentType": "menu", "config": {"promptMessageKey": "MENU"}, "ui": {"x": 300.0, "y": 80.0}},
            {"op": "add_segment", "name": "menu_copy", "segmentType": "menu", "config": {"promptMessageKey": "MENU"}},
            {"op": "add_segment", "name": "bye", "segmentType": "disconnect"},
            {"op": "connect", "segment": "welcome", "result": "done", "next": "menu"},
            {"op": "connect", "segment": "menu", "result": "1", "next": "bye"},
            {"op": "connect", "segment": "menu", "result": "2", "next": "welcome"},
        ]))
        .unwrap();
        apply(&Flow::new("r"), &catalog(), &ops).unwrap()
    }

    #[test]
    fn names_are_made_unique_ignoring_case_and_counting_up() {
        let taken: Vec<&str> = vec!["menu", "Menu_Copy", "menu_copy_2", "x_copy_9", "y"];
        let t = |n: &str| taken.iter().any(|u| u.eq_ignore_ascii_case(n));
        assert_eq!(unique_name("free", &t), "free");
        assert_eq!(unique_name("menu", &t), "menu_copy_3");
        assert_eq!(unique_name("MENU_COPY", &t), "MENU_copy_3");
        assert_eq!(unique_name("x_copy_9", &t), "x_copy");
        assert_eq!(unique_name("y", &t), "y_copy");
        // `_copy_` followed by no number is part of the name.
        assert_eq!(copy_stem("a_copy_b"), "a_copy_b");
        // At the length limit the stem is shortened, never the suffix.
        let long = "s".repeat(NAME_MAX);
        let t2 = |n: &str| n == long;
        let u = unique_name(&long, &t2);
        assert_eq!(u.len(), NAME_MAX);
        assert!(u.ends_with("_copy"));
        assert!(super::super::check_segment_name(&u).is_ok());
        // Names from elsewhere (the clipboard) never make it panic, whatever their letters.
        let odd = "ü".repeat(60);
        let t3 = |n: &str| n == odd;
        assert!(unique_name(&odd, &t3).ends_with("_copy"));
    }

    #[test]
    fn pasting_into_the_same_draft_renames_and_keeps_internal_transitions() {
        let f = flow();
        let frag = copy(&f, &["welcome".into(), "menu".into()]).unwrap();
        let text = frag.to_text();
        let back = Fragment::parse(&text).unwrap();
        assert_eq!(back, frag);
        let p = paste(&f, &back, (40.0, 40.0), (0.0, 0.0));
        assert_eq!(p.names["welcome"], "welcome_copy");
        // `menu_copy` is taken already.
        assert_eq!(p.names["menu"], "menu_copy_2");
        let after = apply(&f, &catalog(), &p.ops).unwrap();
        assert_eq!(after.segments.len(), 6);
        let w = after.segment("welcome_copy").unwrap();
        assert_eq!(w.transitions[0].next, "menu_copy_2");
        assert_eq!(w.ui.as_ref().map(|u| (u.x, u.y)), Some((140.0, 90.0)));
        assert_eq!(w.config, f.segment("welcome").unwrap().config);
        // menu → bye is outside the fragment: left out; menu → welcome follows the copy.
        let m = after.segment("menu_copy_2").unwrap();
        assert_eq!(m.transitions.len(), 1);
        assert_eq!(m.transitions[0].next, "welcome_copy");
        // The originals are untouched.
        assert_eq!(after.segment("menu"), f.segment("menu"));
    }

    #[test]
    fn pasting_into_another_draft_keeps_free_names_and_places_at_a_point() {
        let f = flow();
        let frag = copy(&f, &["menu".into(), "bye".into()]).unwrap();
        let other = Flow::new("other");
        let off = offset_to(&frag, (1000.0, 0.0));
        let p = paste(&other, &frag, off, (1000.0, 0.0));
        assert_eq!(p.names["menu"], "menu");
        let after = apply(&other, &catalog(), &p.ops).unwrap();
        assert_eq!(after.routing_id, "other");
        let m = after.segment("menu").unwrap();
        assert_eq!(m.ui.as_ref().map(|u| (u.x, u.y)), Some((1000.0, 0.0)));
        assert_eq!(m.transitions[0].next, "bye");
        // `bye` had no position: it gets one at the paste point.
        assert!(after.segment("bye").unwrap().ui.is_some());
    }

    #[test]
    fn text_that_is_not_a_fragment_is_refused_clearly() {
        for text in [
            "",
            "hello",
            "{}",
            r#"{"format": "ivr-studio.flow", "formatVersion": 1, "routingId": "r", "segments": []}"#,
            r#"{"format": "ivr-studio.fragment", "formatVersion": 1, "routingId": "r", "segments": []}"#,
            r#"{"format": "ivr-studio.fragment", "formatVersion": 2, "routingId": "r", "segments": [{"name": "a", "segmentType": "menu"}]}"#,
            r#"{"format": "ivr-studio.fragment", "formatVersion": 1, "routingId": "r", "segments": [{"name": 5}]}"#,
        ] {
            let e = Fragment::parse(text).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::Validation, "{text}");
            assert!(
                e.message
                    .starts_with("the clipboard does not hold segments"),
                "{text}: {}",
                e.message
            );
        }
        assert_eq!(
            copy(&flow(), &["ghost".into()]).unwrap_err().code,
            crate::ErrorCode::NotFound
        );
        assert_eq!(
            copy(&flow(), &[]).unwrap_err().code,
            crate::ErrorCode::Validation
        );
    }
}
