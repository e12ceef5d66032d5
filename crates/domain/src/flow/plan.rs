//! The row changes that turn one stored draft into another: what the store writes after an edit
//! batch, an import or a rollback. Everything is keyed by segment name, and each list goes to the
//! database as one JSON-array parameter, so the statement count does not grow with the batch.
//!
//! Order the store applies them in: clear keys / transitions / UI of the named segments, delete
//! the named segments (with their children), update the named segments' type and order, insert
//! new segments, then insert keys, transitions and UI rows joined to segments by name. A rename is
//! a delete plus an insert, so renames that swap names never collide on the unique index.

use super::catalog::Catalog;
use super::{Flow, Segment};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRow {
    /// SegmentName
    pub name: String,
    /// DicSegmentTypeId
    #[serde(rename = "typeId")]
    pub type_id: i64,
    /// SegmentOrder
    pub order: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyRow {
    pub segment: String,
    #[serde(rename = "typeId")]
    pub type_id: i64,
    #[serde(rename = "keyId")]
    pub key_id: i64,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TransitionRow {
    pub segment: String,
    pub result: String,
    #[serde(rename = "contextKey")]
    pub context_key: Option<String>,
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UiRow {
    pub segment: String,
    pub x: f64,
    pub y: f64,
    pub collapsed: bool,
    /// CustomStyle as JSON text.
    pub style: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangePlan {
    /// Segments whose keys are deleted (and re-inserted from `insert_keys` where listed).
    pub clear_keys: Vec<String>,
    pub clear_transitions: Vec<String>,
    pub clear_ui: Vec<String>,
    /// Segments deleted with all their rows (removed or renamed away).
    pub delete_segments: Vec<String>,
    /// Existing segments whose type or order changes.
    pub update_segments: Vec<SegmentRow>,
    pub insert_segments: Vec<SegmentRow>,
    pub insert_keys: Vec<KeyRow>,
    pub insert_transitions: Vec<TransitionRow>,
    pub insert_ui: Vec<UiRow>,
}

impl ChangePlan {
    pub fn is_empty(&self) -> bool {
        *self == ChangePlan::default()
    }

    /// True when the plan changes only the canvas layout (positions, collapsed, style, segment
    /// order): no segment added, removed or retyped, no key or transition touched. Validation
    /// reads none of that, so the findings stay those of the flow before.
    pub fn layout_only(&self) -> bool {
        self.delete_segments.is_empty()
            && self.insert_segments.is_empty()
            && self.clear_keys.is_empty()
            && self.clear_transitions.is_empty()
    }

    /// Names of the segments the plan adds or changes (in any part), sorted, each once. A
    /// removed segment is in `delete_segments`; a name is never in both.
    pub fn changed_segments(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .insert_segments
            .iter()
            .chain(&self.update_segments)
            .map(|r| r.name.as_str())
            .chain(
                self.clear_keys
                    .iter()
                    .chain(&self.clear_transitions)
                    .chain(&self.clear_ui)
                    .map(String::as_str),
            )
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The rows that change from `old` to `new` (both stored in the same change set).
    /// Fails with INTERNAL if a type or key is not in the catalog; edits and imports check that
    /// before, so it means a dictionary entry vanished meanwhile.
    pub fn between(old: &Flow, new: &Flow, catalog: &Catalog) -> Result<ChangePlan> {
        let mut p = ChangePlan::default();
        let olds: BTreeMap<&str, &Segment> =
            old.segments.iter().map(|s| (s.name.as_str(), s)).collect();
        let news: BTreeMap<&str, &Segment> =
            new.segments.iter().map(|s| (s.name.as_str(), s)).collect();
        for name in olds.keys() {
            if !news.contains_key(name) {
                p.delete_segments.push(name.to_string());
            }
        }
        for (name, n) in &news {
            let t = catalog.segment_type(&n.segment_type).ok_or_else(|| {
                Error::validation(format!(
                    "segment {name} has type {}, which is not in the segment-type dictionary",
                    n.segment_type
                ))
            })?;
            let row = SegmentRow {
                name: name.to_string(),
                type_id: t.id,
                order: n.order,
            };
            let (keys, transitions, ui) = match olds.get(name) {
                None => {
                    p.insert_segments.push(row);
                    (true, true, true)
                }
                Some(o) => {
                    let retyped = o.segment_type != n.segment_type;
                    if retyped || o.order != n.order {
                        p.update_segments.push(row);
                    }
                    let keys = retyped || o.config != n.config;
                    let transitions = o.transitions != n.transitions;
                    let ui = o.ui != n.ui;
                    if keys {
                        p.clear_keys.push(name.to_string());
                    }
                    if transitions {
                        p.clear_transitions.push(name.to_string());
                    }
                    if ui {
                        p.clear_ui.push(name.to_string());
                    }
                    (keys, transitions, ui)
                }
            };
            if keys {
                for (k, v) in &n.config {
                    let def = t.key(k).ok_or_else(|| {
                        Error::validation(format!(
                            "segment type {} has no key {k} (segment {name})",
                            t.code
                        ))
                    })?;
                    p.insert_keys.push(KeyRow {
                        segment: name.to_string(),
                        type_id: t.id,
                        key_id: def.id,
                        value: v.clone(),
                    });
                }
            }
            if transitions {
                for tr in &n.transitions {
                    p.insert_transitions.push(TransitionRow {
                        segment: name.to_string(),
                        result: tr.result.clone(),
                        context_key: tr.context_key.clone(),
                        next: tr.next.clone(),
                    });
                }
            }
            if ui {
                if let Some(u) = &n.ui {
                    p.insert_ui.push(UiRow {
                        segment: name.to_string(),
                        x: u.x,
                        y: u.y,
                        collapsed: u.collapsed,
                        style: u.style.as_ref().map(|s| s.to_string()),
                    });
                }
            }
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::super::catalog::tests::catalog;
    use super::super::edit::apply;
    use super::super::EditOp;
    use super::*;
    use serde_json::json;

    fn edit(f: &Flow, v: serde_json::Value) -> Flow {
        let ops: Vec<EditOp> = serde_json::from_value(v).unwrap();
        apply(f, &catalog(), &ops).unwrap()
    }

    fn base() -> Flow {
        edit(
            &Flow::new("r"),
            json!([
                {"op": "add_segment", "name": "a", "segmentType": "menu", "config": {"promptMessageKey": "A"}},
                {"op": "add_segment", "name": "b", "segmentType": "disconnect"},
                {"op": "connect", "segment": "a", "result": "ok", "next": "b"},
            ]),
        )
    }

    #[test]
    fn a_new_flow_inserts_everything() {
        let p = ChangePlan::between(&Flow::new("r"), &base(), &catalog()).unwrap();
        assert_eq!(p.insert_segments.len(), 2);
        assert_eq!(p.insert_keys.len(), 2); // promptMessageKey + default maxRetries
        assert_eq!(p.insert_transitions.len(), 1);
        assert!(p.delete_segments.is_empty() && p.clear_keys.is_empty());
        assert_eq!(p.insert_keys[0].key_id, 21); // keys come sorted by name: maxRetries, promptMessageKey
    }

    #[test]
    fn a_move_touches_only_ui_rows() {
        let b = base();
        let p = ChangePlan::between(
            &b,
            &edit(
                &b,
                json!([{"op": "move", "segment": "a", "x": 1.0, "y": 2.0}]),
            ),
            &catalog(),
        )
        .unwrap();
        assert_eq!(
            p,
            ChangePlan {
                clear_ui: vec!["a".into()],
                insert_ui: vec![UiRow {
                    segment: "a".into(),
                    x: 1.0,
                    y: 2.0,
                    collapsed: false,
                    style: None
                }],
                ..ChangePlan::default()
            }
        );
        assert!(ChangePlan::between(&b, &b, &catalog()).unwrap().is_empty());
        assert!(p.layout_only());
        assert_eq!(p.changed_segments(), ["a"]);
    }

    #[test]
    fn only_canvas_changes_are_layout_only() {
        let b = base();
        for (batch, layout) in [
            (
                json!([{"op": "move", "segment": "a", "x": 1.0, "y": 2.0}, {"op": "move", "segment": "b", "x": 3.0, "y": 2.0}]),
                true,
            ),
            (
                json!([{"op": "set_config", "segment": "a", "key": "promptMessageKey", "value": "B"}]),
                false,
            ),
            (
                json!([{"op": "disconnect", "segment": "a", "result": "ok"}]),
                false,
            ),
            (json!([{"op": "delete_segment", "name": "b"}]), false),
            (
                json!([{"op": "add_segment", "name": "c", "segmentType": "disconnect"}]),
                false,
            ),
        ] {
            let after = edit(&b, batch.clone());
            let p = ChangePlan::between(&b, &after, &catalog()).unwrap();
            assert_eq!(p.layout_only(), layout, "{batch}");
            // The names are those of the segments that differ.
            let differ: Vec<&str> = after
                .segments
                .iter()
                .filter(|s| b.segment(&s.name) != Some(*s))
                .map(|s| s.name.as_str())
                .collect();
            assert_eq!(p.changed_segments(), differ, "{batch}");
        }
    }

    #[test]
    fn a_rename_deletes_and_inserts_and_rewrites_sources() {
        let b = base();
        let p = ChangePlan::between(
            &b,
            &edit(
                &b,
                json!([{"op": "rename_segment", "name": "b", "newName": "c"}]),
            ),
            &catalog(),
        )
        .unwrap();
        assert_eq!(p.delete_segments, ["b"]);
        assert_eq!(p.insert_segments[0].name, "c");
        assert_eq!(p.clear_transitions, ["a"]);
        assert_eq!(p.insert_transitions[0].next, "c");
        assert!(p.clear_keys.is_empty());
    }
}
