//! Undo and redo: the inverse of every edit operation.
//!
//! [`inverse`] is computed against the draft *before* the operation, and applying the operation
//! and then its inverse gives back exactly that draft (property-tested below over random drafts
//! and operations). The designer keeps, per gesture, the batch it sent (redo) and the inverse
//! batch [`apply_with_inverse`] returned (undo), both applied like any other batch edit, so the
//! stored draft always equals the screen.
//!
//! Operations whose effect a simple opposite cannot undo exactly (a delete, a retype that drops
//! keys, a configuration change, a disconnect) are undone by [`EditOp::RestoreSegment`] with the
//! segment as it was. A rename is undone by the opposite rename, and every segment whose
//! transitions that rename would also touch (transitions that already pointed at the new name) is
//! restored as it was.

use super::catalog::Catalog;
use super::edit::{apply_one_checked, EditOp};
use super::plan::ChangePlan;
use super::Flow;
#[cfg(test)]
use super::Segment;
use crate::Result;

/// The operations that undo `op` on `before` (the draft the operation is applied to), in the order
/// to apply them. Empty when the operation changes nothing. Only meaningful for an operation that
/// applies to `before` without error.
pub fn inverse(before: &Flow, op: &EditOp) -> Vec<EditOp> {
    let restore = |name: &str| -> Vec<EditOp> {
        before
            .segment(name)
            .map(|s| EditOp::RestoreSegment { segment: s.clone() })
            .into_iter()
            .collect()
    };
    match op {
        EditOp::AddSegment { name, .. } => vec![EditOp::DeleteSegment { name: name.clone() }],
        EditOp::RenameSegment { name, new_name } => {
            if name == new_name {
                return Vec::new();
            }
            let mut ops = vec![EditOp::RenameSegment {
                name: new_name.clone(),
                new_name: name.clone(),
            }];
            // The opposite rename also redirects transitions that pointed at `new_name` before
            // (dangling ones): put those segments back as they were.
            ops.extend(
                before
                    .segments
                    .iter()
                    .filter(|s| s.transitions.iter().any(|t| t.next == *new_name))
                    .map(|s| EditOp::RestoreSegment { segment: s.clone() }),
            );
            ops
        }
        EditOp::RetypeSegment { name, segment_type } => match before.segment(name) {
            Some(s) if s.segment_type == *segment_type => Vec::new(),
            _ => restore(name),
        },
        EditOp::DeleteSegment { name } => restore(name),
        EditOp::SetConfig { segment, .. }
        | EditOp::SetConfigText { segment, .. }
        | EditOp::UnsetConfig { segment, .. }
        | EditOp::Disconnect { segment, .. } => restore(segment),
        EditOp::Connect {
            segment,
            result,
            context_key,
            ..
        } => vec![EditOp::Disconnect {
            segment: segment.clone(),
            result: result.clone(),
            context_key: context_key.clone(),
        }],
        EditOp::Move { segment, .. } => match before.segment(segment).and_then(|s| s.ui.as_ref()) {
            Some(ui) => vec![EditOp::Move {
                segment: segment.clone(),
                x: ui.x,
                y: ui.y,
            }],
            None => restore(segment),
        },
        EditOp::SetCollapsed { segment, .. } => {
            match before.segment(segment).and_then(|s| s.ui.as_ref()) {
                Some(ui) => vec![EditOp::SetCollapsed {
                    segment: segment.clone(),
                    collapsed: ui.collapsed,
                }],
                None => restore(segment),
            }
        }
        EditOp::SetOrder { segment, .. } => vec![EditOp::SetOrder {
            segment: segment.clone(),
            order: before.segment(segment).and_then(|s| s.order),
        }],
        EditOp::RestoreSegment { segment } => match before.segment(&segment.name) {
            Some(_) => restore(&segment.name),
            None => vec![EditOp::DeleteSegment {
                name: segment.name.clone(),
            }],
        },
    }
}

/// Applies `ops` like [`super::edit::apply`] (all or nothing) and also returns the batch that
/// undoes the whole of it.
pub fn apply_with_inverse(
    flow: &Flow,
    catalog: &Catalog,
    ops: &[EditOp],
) -> Result<(Flow, Vec<EditOp>)> {
    let mut next = flow.clone();
    let mut undo: Vec<Vec<EditOp>> = Vec::with_capacity(ops.len());
    for (i, op) in ops.iter().enumerate() {
        let inv = inverse(&next, op);
        apply_one_checked(&mut next, catalog, ops, i)?;
        undo.push(inv);
    }
    Ok((next, undo.into_iter().rev().flatten().collect()))
}

/// The segments a batch reads and writes (sorted, each once), when it only moves, collapses or
/// reorders segments (`move`, `set_collapsed`, `set_order`: what drags, their undo and auto-layout
/// send): each of those reads and changes only the segment it names, and so does its inverse (a
/// `restore_segment` when the segment had no canvas state). `None` for an empty batch or one with
/// any other operation (a `restore_segment` mostly adds a segment back: a paste, an undone delete).
pub fn named_segments(ops: &[EditOp]) -> Option<Vec<String>> {
    let mut names = Vec::with_capacity(ops.len());
    for op in ops {
        names.push(match op {
            EditOp::Move { segment, .. }
            | EditOp::SetCollapsed { segment, .. }
            | EditOp::SetOrder { segment, .. } => segment.clone(),
            _ => return None,
        });
    }
    names.sort_unstable();
    names.dedup();
    (!names.is_empty()).then_some(names)
}

/// A batch of [`named_segments`] applied to the part of a draft it names (`part`: those of the
/// named segments that exist, possibly with others): the part after it, the batch that undoes it
/// and the row plan, when the batch applies there and changes only the canvas layout
/// ([`ChangePlan::layout_only`]: no segment added, removed, retyped, configured or reconnected).
/// That is then exactly what the batch does to the whole draft, whose other segments it leaves as
/// they are (property-tested below). `None` otherwise (a broken rule, a segment added, content
/// changed, or a batch of other operations): apply it to the whole draft, which gives the answer.
pub fn apply_to_part(
    part: &Flow,
    catalog: &Catalog,
    ops: &[EditOp],
) -> Option<(Flow, Vec<EditOp>, ChangePlan)> {
    named_segments(ops)?;
    let (next, inverse) = apply_with_inverse(part, catalog, ops).ok()?;
    let plan = ChangePlan::between(part, &next, catalog).ok()?;
    plan.layout_only().then_some((next, inverse, plan))
}

#[cfg(test)]
mod tests {
    use super::super::catalog::tests::catalog;
    use super::super::edit::apply;
    use super::super::edit::tests::ops;
    use super::super::{Transition, UiState};
    use super::*;
    use crate::JsonText;
    use proptest::prelude::*;
    use proptest::sample::Index;
    use serde_json::json;

    fn base() -> Flow {
        apply(
            &Flow::new("r"),
            &catalog(),
            &ops(json!([
                {"op": "add_segment", "name": "welcome", "segmentType": "play_message", "config": {"messageKey": "WELCOME"}, "ui": {"x": 1.0, "y": 2.0}},
                {"op": "add_segment", "name": "menu", "segmentType": "ask", "config": {"messageKey": "MENU", "choices": [{"result": "sales"}]}},
                {"op": "add_segment", "name": "bye", "segmentType": "disconnect"},
                {"op": "connect", "segment": "welcome", "result": "done", "next": "menu"},
                {"op": "connect", "segment": "menu", "result": "sales", "next": "bye"},
                {"op": "connect", "segment": "menu", "result": "no_input", "next": "ghost"},
            ])),
        )
        .unwrap()
    }

    fn round_trip(f: &Flow, batch: &[EditOp]) {
        let c = catalog();
        let (after, undo) = apply_with_inverse(f, &c, batch).unwrap();
        let back = apply(&after, &c, &undo).unwrap_or_else(|e| panic!("undo of {batch:?}: {e}"));
        assert_eq!(&back, f, "undo of {batch:?} = {undo:?}");
        // Redo: the original batch applies again to the undone draft and gives the same result.
        assert_eq!(apply(&back, &c, batch).unwrap(), after);
    }

    #[test]
    fn every_operation_is_undone_exactly() {
        let f = base();
        for batch in [
            json!([{"op": "add_segment", "name": "extra", "segmentType": "transfer", "config": {"destination": "+32"}}]),
            json!([{"op": "rename_segment", "name": "menu", "newName": "main_menu"}]),
            // Renaming onto a name that dangling transitions already use connects them; undo
            // must leave them dangling again.
            json!([{"op": "rename_segment", "name": "bye", "newName": "ghost"}]),
            json!([{"op": "rename_segment", "name": "menu", "newName": "menu"}]),
            json!([{"op": "retype_segment", "name": "welcome", "segmentType": "menu"}]),
            json!([{"op": "delete_segment", "name": "menu"}]),
            json!([{"op": "set_config", "segment": "menu", "key": "choices", "value": [{"result": "x"}]}]),
            json!([{"op": "set_config", "segment": "menu", "key": "messageKey", "value": "MAIN"}]),
            // What the inspector sends for integer and JSON keys: the value as typed.
            json!([
                {"op": "add_segment", "name": "m", "segmentType": "menu", "config": {"promptMessageKey": "P"}},
                {"op": "set_config_text", "segment": "m", "key": "maxRetries", "text": " 7 "},
                {"op": "set_config_text", "segment": "m", "key": "options", "text": "{\"n\": 12345678901234567890123}"},
            ]),
            json!([{"op": "set_config_text", "segment": "menu", "key": "choices", "text": "[ {\"result\": \"x\", \"n\": 1.50} ]"}]),
            json!([{"op": "unset_config", "segment": "menu", "key": "messageKey"}]),
            json!([{"op": "connect", "segment": "menu", "result": "sales", "contextKey": "vip", "next": "welcome"}]),
            json!([{"op": "disconnect", "segment": "menu", "result": "sales"}]),
            json!([{"op": "move", "segment": "welcome", "x": 10.0, "y": 20.0}]),
            json!([{"op": "move", "segment": "menu", "x": 10.0, "y": 20.0}]),
            json!([{"op": "set_collapsed", "segment": "welcome", "collapsed": true}]),
            json!([{"op": "set_collapsed", "segment": "menu", "collapsed": true}]),
            json!([{"op": "set_order", "segment": "menu", "order": 3}]),
            json!([
                {"op": "add_segment", "name": "a", "segmentType": "play_message", "config": {"messageKey": "A"}},
                {"op": "connect", "segment": "a", "result": "done", "next": "menu"},
                {"op": "rename_segment", "name": "a", "newName": "b"},
                {"op": "delete_segment", "name": "welcome"},
                {"op": "move", "segment": "b", "x": 3.5, "y": -1.0},
            ]),
        ] {
            round_trip(&f, &ops(batch));
        }
        // Restore: of an existing segment, and of a new one.
        let mut changed = f.segment("menu").unwrap().clone();
        changed.config.insert("messageKey".into(), "X".into());
        round_trip(&f, &[EditOp::RestoreSegment { segment: changed }]);
        let mut new = f.segment("menu").unwrap().clone();
        new.name = "menu_copy".into();
        round_trip(&f, &[EditOp::RestoreSegment { segment: new }]);
    }

    #[test]
    fn a_restore_follows_the_structural_rules() {
        let f = base();
        let c = catalog();
        let mut bad = f.segment("menu").unwrap().clone();
        bad.name = "MENU".into();
        let e = apply(&f, &c, &[EditOp::RestoreSegment { segment: bad }]).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::AlreadyExists);
        let mut bad = f.segment("menu").unwrap().clone();
        bad.config.insert("colour".into(), "red".into());
        let e = apply(&f, &c, &[EditOp::RestoreSegment { segment: bad }]).unwrap_err();
        assert!(e.message.contains("no key"), "{}", e.message);
        let mut bad = f.segment("menu").unwrap().clone();
        bad.transitions.push(bad.transitions[0].clone());
        let e = apply(&f, &c, &[EditOp::RestoreSegment { segment: bad }]).unwrap_err();
        assert!(e.message.contains("twice"), "{}", e.message);
        // A stored value that no longer fits its schema is restored as it is.
        let mut odd = f.segment("menu").unwrap().clone();
        odd.config.insert("choices".into(), "many".into());
        apply(&f, &c, &[EditOp::RestoreSegment { segment: odd }]).unwrap();
    }

    // ------------------------------------------------------------------ property test

    const NAMES: &[&str] = &["a", "b", "c", "menu", "Menu", "x_1", "ghost"];
    const TYPES: &[&str] = &["play_message", "menu", "disconnect", "transfer", "ask"];
    const RESULTS: &[&str] = &["done", "no_input", "sales", "support", "other"];

    fn name() -> impl Strategy<Value = String> {
        prop::sample::select(NAMES).prop_map(str::to_owned)
    }

    fn ui() -> impl Strategy<Value = Option<UiState>> {
        prop::option::of((-500i32..500, -500i32..500, any::<bool>()).prop_map(
            |(x, y, collapsed)| UiState {
                x: f64::from(x) / 4.0,
                y: f64::from(y) / 4.0,
                collapsed,
                style: None,
            },
        ))
    }

    /// A segment as a draft may hold it: any type, keys of that type with valid or invalid stored
    /// text, transitions to any name (dangling ones too), with or without canvas state.
    fn segment() -> impl Strategy<Value = Segment> {
        (
            name(),
            prop::sample::select(TYPES),
            prop::option::of(0i32..5),
            prop::collection::vec((prop::sample::select(RESULTS), name()), 0..4),
            ui(),
            prop::collection::vec(0usize..6, 0..4),
        )
            .prop_map(|(name, t, order, trans, ui, keys)| {
                let c = catalog();
                let def = c.segment_type(t).unwrap();
                let mut s = Segment::new(name, t);
                s.order = order;
                s.ui = ui;
                let values = [
                    "MENU",
                    "3",
                    "many",
                    "[{\"result\":\"sales\"}]",
                    "{}",
                    "true",
                ];
                for (i, k) in keys.iter().enumerate() {
                    if let Some(kd) = def.keys.get(k % def.keys.len().max(1)) {
                        s.config
                            .insert(kd.name.clone(), values[(i + k) % values.len()].into());
                    }
                }
                for (result, next) in trans {
                    if s.transition(result, None).is_none() {
                        s.transitions.push(Transition {
                            result: result.into(),
                            context_key: None,
                            next,
                        });
                    }
                }
                s.transitions.sort();
                s
            })
    }

    fn flow() -> impl Strategy<Value = Flow> {
        prop::collection::vec(segment(), 0..6).prop_map(|segs| {
            let mut f = Flow::new("r");
            for s in segs {
                if f.name_taken(&s.name).is_none() {
                    f.insert(s);
                }
            }
            f
        })
    }

    fn config_key() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "messageKey",
            "maxRetries",
            "label",
            "choices",
            "destination",
            "bargeIn",
            "options",
        ])
    }

    /// Texts as a person types them, each with a key whose schema takes it (spacing and number
    /// forms kept as written, a number too large for a double)…
    const CONFIG_TEXTS: &[(&str, &str)] = &[
        ("messageKey", "\"HELLO\""),
        ("maxRetries", "3"),
        ("maxRetries", " 7 "),
        ("options", "{\"n\": 1.50, \"id\": 12345678901234567890123}"),
        ("choices", "[{\"result\": \"support\"}]"),
        ("bargeIn", "false"),
        ("destination", "\"+3225550199\""),
    ];

    /// …and texts no key takes: not JSON, a leading zero, a duplicate member, empty.
    const BAD_CONFIG_TEXTS: &[&str] = &["not json", "07", "{\"a\": 1, \"a\": 2}", ""];

    fn config_text() -> impl Strategy<Value = (String, JsonText)> {
        prop_oneof![
            3 => prop::sample::select(CONFIG_TEXTS).prop_map(|(k, t)| (k.to_owned(), JsonText::new(t))),
            1 => (config_key(), prop::sample::select(BAD_CONFIG_TEXTS)).prop_map(|(k, t)| (k.to_owned(), JsonText::new(t))),
        ]
    }

    fn op() -> impl Strategy<Value = EditOp> {
        let value = prop::sample::select(vec![
            json!("HELLO"),
            json!(2),
            json!(true),
            json!([{"result": "support"}]),
            json!({"a": 1}),
        ]);
        prop_oneof![
            (name(), prop::sample::select(TYPES), ui()).prop_map(|(name, t, ui)| {
                EditOp::AddSegment {
                    name,
                    segment_type: t.into(),
                    config: Default::default(),
                    order: None,
                    ui,
                }
            }),
            (name(), name()).prop_map(|(name, new_name)| EditOp::RenameSegment { name, new_name }),
            (name(), prop::sample::select(TYPES)).prop_map(|(name, t)| EditOp::RetypeSegment {
                name,
                segment_type: t.into()
            }),
            name().prop_map(|name| EditOp::DeleteSegment { name }),
            (name(), config_key(), value).prop_map(|(segment, key, value)| EditOp::SetConfig {
                segment,
                key: key.into(),
                value: value.into()
            }),
            // The inspector's form of the same edit for integer and JSON keys: text as typed,
            // which may not be JSON at all or may be refused by the key's schema.
            (name(), config_text()).prop_map(|(segment, (key, text))| EditOp::SetConfigText {
                segment,
                key,
                text
            }),
            (
                name(),
                prop::sample::select(vec!["maxRetries", "label", "bargeIn", "x"])
            )
                .prop_map(|(segment, key)| EditOp::UnsetConfig {
                    segment,
                    key: key.into()
                }),
            (
                name(),
                prop::sample::select(RESULTS),
                prop::option::of(Just("vip".to_string())),
                name()
            )
                .prop_map(|(segment, result, context_key, next)| EditOp::Connect {
                    segment,
                    result: result.into(),
                    context_key,
                    next
                }),
            (name(), prop::sample::select(RESULTS)).prop_map(|(segment, result)| {
                EditOp::Disconnect {
                    segment,
                    result: result.into(),
                    context_key: None,
                }
            }),
            layout_op(),
            segment().prop_map(|segment| EditOp::RestoreSegment { segment }),
        ]
    }

    /// The operations of [`named_segments`] batches, on names that [`flow`]s use.
    fn layout_op() -> impl Strategy<Value = EditOp> {
        prop_oneof![
            (name(), -100i32..100, -100i32..100).prop_map(|(segment, x, y)| EditOp::Move {
                segment,
                x: f64::from(x) * 1.5,
                y: f64::from(y)
            }),
            (name(), any::<bool>())
                .prop_map(|(segment, collapsed)| EditOp::SetCollapsed { segment, collapsed }),
            (name(), prop::option::of(0i32..9))
                .prop_map(|(segment, order)| EditOp::SetOrder { segment, order }),
        ]
    }

    /// `f` restricted to the segments named by `ops`: by exact name (SQLite's comparison), or
    /// ignoring ASCII case (SQL Server's default collation reads `Menu` for `menu`).
    fn part_of(f: &Flow, ops: &[EditOp], ignore_case: bool) -> Flow {
        let names = named_segments(ops).unwrap_or_default();
        let mut part = Flow::new(f.routing_id.clone());
        for s in &f.segments {
            if names.iter().any(|n| {
                if ignore_case {
                    n.eq_ignore_ascii_case(&s.name)
                } else {
                    *n == s.name
                }
            }) {
                part.insert(s.clone());
            }
        }
        part
    }

    #[test]
    fn only_moves_collapses_and_orders_name_their_segments() {
        let batch = ops(json!([
            {"op": "move", "segment": "b", "x": 1.0, "y": 2.0},
            {"op": "set_collapsed", "segment": "a", "collapsed": true},
            {"op": "set_order", "segment": "b", "order": 2},
        ]));
        assert_eq!(named_segments(&batch), Some(vec!["a".into(), "b".into()]));
        assert_eq!(named_segments(&[]), None);
        let mut mixed = batch.clone();
        mixed.extend(ops(
            json!([{"op": "connect", "segment": "a", "result": "done", "next": "b"}]),
        ));
        assert_eq!(named_segments(&mixed), None);
        let f = base();
        let restore = [EditOp::RestoreSegment {
            segment: f.segment("menu").unwrap().clone(),
        }];
        assert_eq!(named_segments(&restore), None);
        // A move of a segment without canvas state: its inverse restores it, on the part too.
        let c = catalog();
        let batch = ops(json!([{"op": "move", "segment": "menu", "x": 4.0, "y": 5.0}]));
        let (next, inverse, plan) = apply_to_part(&part_of(&f, &batch, false), &c, &batch).unwrap();
        assert_eq!(plan.changed_segments(), ["menu"]);
        assert_eq!(inverse, restore);
        assert_eq!(next.segments.len(), 1);
        // A move of a segment that does not exist is left to the whole draft (which refuses it).
        let ghost = ops(json!([{"op": "move", "segment": "ghost", "x": 4.0, "y": 5.0}]));
        assert!(apply_to_part(&part_of(&f, &ghost, false), &c, &ghost).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// A batch applied to the part of the draft it names gives, when it gives anything,
        /// exactly what it gives applied to the whole draft: the same segments after it, the same
        /// inverse, the same rows to write and the same revision, the other segments untouched.
        /// And a layout batch that applies to the whole draft applies to the part.
        #[test]
        fn a_layout_batch_applied_to_its_segments_is_the_batch_applied_to_the_draft(
            f in flow(),
            batch in prop::collection::vec(layout_op(), 1..5),
            ignore_case in any::<bool>(),
        ) {
            let c = catalog();
            let part = part_of(&f, &batch, ignore_case);
            let full = apply_with_inverse(&f, &c, &batch);
            let full_plan = full
                .as_ref()
                .ok()
                .map(|(next, _)| ChangePlan::between(&f, next, &c).unwrap());
            match apply_to_part(&part, &c, &batch) {
                Some((next_part, inverse, plan)) => {
                    prop_assert!(full.is_ok(), "the whole draft refused {:?}", batch);
                    let (next, full_inverse) = full.unwrap();
                    prop_assert_eq!(&inverse, &full_inverse);
                    prop_assert_eq!(Some(&plan), full_plan.as_ref());
                    let mut rev = crate::flow::Revision::of(&f);
                    for name in plan.changed_segments() {
                        prop_assert_eq!(next.segment(name), next_part.segment(name));
                        rev.replace(f.segment(name), next_part.segment(name));
                    }
                    prop_assert_eq!(rev, crate::flow::Revision::of(&next));
                    for s in &next.segments {
                        if part.segment(&s.name).is_none() {
                            prop_assert_eq!(Some(s), f.segment(&s.name));
                        }
                    }
                }
                None => prop_assert!(
                    full_plan.is_none_or(|p| !p.layout_only()),
                    "a layout batch the whole draft takes was not applied to the part: {:?}",
                    batch
                ),
            }
        }
    }

    /// Applying `batch` and then its inverse returns `f`; the batch applies again to it (redo)
    /// with the same result. A batch that breaks a rule changes nothing.
    fn undone_exactly(f: &Flow, batch: &[EditOp]) -> Result<(), TestCaseError> {
        let c = catalog();
        match apply_with_inverse(f, &c, batch) {
            Ok((after, undo)) => {
                let back = apply(&after, &c, &undo);
                prop_assert!(back.is_ok(), "undo {:?} failed: {:?}", undo, back.err());
                let back = back.unwrap();
                prop_assert_eq!(&back, f);
                prop_assert_eq!(apply(&back, &c, batch).unwrap(), after);
            }
            Err(_) => prop_assert!(apply(f, &c, batch).is_err()),
        }
        Ok(())
    }

    /// The inspector's edits of keys the draft's segments have (a random name and key rarely
    /// meet in [`op`]): mostly a text the key takes, else any text.
    fn text_edits(f: &Flow, picks: &[(Index, Index, bool, &str)]) -> Vec<EditOp> {
        let c = catalog();
        picks
            .iter()
            .filter_map(|(seg, key, fits, text)| {
                let s = seg.get(&f.segments);
                let keys = &c.segment_type(&s.segment_type)?.keys;
                if keys.is_empty() {
                    return None;
                }
                let key = &key.get(keys).name;
                let typed = CONFIG_TEXTS.iter().find(|(k, _)| *fits && k == key);
                Some(EditOp::SetConfigText {
                    segment: s.name.clone(),
                    key: key.clone(),
                    text: JsonText::new(typed.map_or(*text, |(_, t)| *t)),
                })
            })
            .collect()
    }

    fn any_text() -> impl Strategy<Value = &'static str> {
        let texts: Vec<&str> = CONFIG_TEXTS
            .iter()
            .map(|(_, t)| *t)
            .chain(BAD_CONFIG_TEXTS.iter().copied())
            .collect();
        prop::sample::select(texts)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn a_batch_then_its_inverse_is_the_same_draft(f in flow(), batch in prop::collection::vec(op(), 1..5)) {
            undone_exactly(&f, &batch)?;
        }

        #[test]
        fn config_text_edits_then_their_inverse_are_the_same_draft(
            f in flow().prop_filter("a segment to edit", |f| !f.segments.is_empty()),
            picks in prop::collection::vec((any::<Index>(), any::<Index>(), prop::bool::weighted(0.8), any_text()), 1..4),
            more in prop::collection::vec(op(), 0..2),
        ) {
            let mut batch = text_edits(&f, &picks);
            batch.extend(more);
            undone_exactly(&f, &batch)?;
        }
    }
}
