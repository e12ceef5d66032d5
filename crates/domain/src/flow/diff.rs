//! Semantic diff of two flows (a draft vs live, or two published versions).
//!
//! Content changes: segments added, removed, retyped, reconfigured (which keys, old → new);
//! transitions added, removed, redirected (same source, result and context, new target).
//! Layout changes (positions, collapsed, style, `SegmentOrder`) are listed apart and never count
//! as content. Segments are matched by name, so a rename reads as one removed and one added.

use super::{Flow, Segment, Transition, UiState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentRef {
    pub segment: String,
    pub segment_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Retyped {
    pub segment: String,
    pub from: String,
    pub to: String,
}

/// One key's change; `None` is "not set".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyChange {
    pub key: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reconfigured {
    pub segment: String,
    pub keys: Vec<KeyChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TransitionRef {
    pub segment: String,
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_key: Option<String>,
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Redirected {
    pub segment: String,
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_key: Option<String>,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutChange {
    pub segment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_ui: Option<UiState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_ui: Option<UiState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_order: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_order: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowDiff {
    pub segments_added: Vec<SegmentRef>,
    pub segments_removed: Vec<SegmentRef>,
    pub segments_retyped: Vec<Retyped>,
    pub segments_reconfigured: Vec<Reconfigured>,
    pub transitions_added: Vec<TransitionRef>,
    pub transitions_removed: Vec<TransitionRef>,
    pub transitions_redirected: Vec<Redirected>,
    /// Layout-only changes of segments present on both sides; never a content change.
    pub layout: Vec<LayoutChange>,
}

impl FlowDiff {
    /// True when nothing but layout differs.
    pub fn is_content_unchanged(&self) -> bool {
        self.segments_added.is_empty()
            && self.segments_removed.is_empty()
            && self.segments_retyped.is_empty()
            && self.segments_reconfigured.is_empty()
            && self.transitions_added.is_empty()
            && self.transitions_removed.is_empty()
            && self.transitions_redirected.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.is_content_unchanged() && self.layout.is_empty()
    }
}

fn tref(s: &Segment, t: &Transition) -> TransitionRef {
    TransitionRef {
        segment: s.name.clone(),
        result: t.result.clone(),
        context_key: t.context_key.clone(),
        next: t.next.clone(),
    }
}

/// What changes going from `old` to `new`. Lists come in name order.
pub fn diff(old: &Flow, new: &Flow) -> FlowDiff {
    let mut d = FlowDiff::default();
    let olds: BTreeMap<&str, &Segment> =
        old.segments.iter().map(|s| (s.name.as_str(), s)).collect();
    let news: BTreeMap<&str, &Segment> =
        new.segments.iter().map(|s| (s.name.as_str(), s)).collect();

    for (name, o) in &olds {
        if !news.contains_key(name) {
            d.segments_removed.push(SegmentRef {
                segment: o.name.clone(),
                segment_type: o.segment_type.clone(),
            });
            d.transitions_removed
                .extend(o.transitions.iter().map(|t| tref(o, t)));
        }
    }
    for (name, n) in &news {
        let Some(o) = olds.get(name) else {
            d.segments_added.push(SegmentRef {
                segment: n.name.clone(),
                segment_type: n.segment_type.clone(),
            });
            d.transitions_added
                .extend(n.transitions.iter().map(|t| tref(n, t)));
            continue;
        };
        if o.segment_type != n.segment_type {
            d.segments_retyped.push(Retyped {
                segment: n.name.clone(),
                from: o.segment_type.clone(),
                to: n.segment_type.clone(),
            });
        }
        let mut keys = Vec::new();
        for (k, ov) in &o.config {
            match n.config.get(k) {
                Some(nv) if nv == ov => {}
                nv => keys.push(KeyChange {
                    key: k.clone(),
                    old: Some(ov.clone()),
                    new: nv.cloned(),
                }),
            }
        }
        for (k, nv) in &n.config {
            if !o.config.contains_key(k) {
                keys.push(KeyChange {
                    key: k.clone(),
                    old: None,
                    new: Some(nv.clone()),
                });
            }
        }
        if !keys.is_empty() {
            keys.sort_by(|a, b| a.key.cmp(&b.key));
            d.segments_reconfigured.push(Reconfigured {
                segment: n.name.clone(),
                keys,
            });
        }
        let key = |t: &Transition| (t.result.clone(), t.context_key.clone());
        let ot: BTreeMap<_, &Transition> = o.transitions.iter().map(|t| (key(t), t)).collect();
        let nt: BTreeMap<_, &Transition> = n.transitions.iter().map(|t| (key(t), t)).collect();
        for (k, t) in &ot {
            match nt.get(k) {
                None => d.transitions_removed.push(tref(o, t)),
                Some(t2) if t2.next != t.next => d.transitions_redirected.push(Redirected {
                    segment: n.name.clone(),
                    result: t.result.clone(),
                    context_key: t.context_key.clone(),
                    from: t.next.clone(),
                    to: t2.next.clone(),
                }),
                Some(_) => {}
            }
        }
        for (k, t) in &nt {
            if !ot.contains_key(k) {
                d.transitions_added.push(tref(n, t));
            }
        }
        if o.ui != n.ui || o.order != n.order {
            d.layout.push(LayoutChange {
                segment: n.name.clone(),
                old_ui: o.ui.clone(),
                new_ui: n.ui.clone(),
                old_order: o.order,
                new_order: n.order,
            });
        }
    }
    let by_source = |a: &TransitionRef, b: &TransitionRef| {
        (&a.segment, &a.result, &a.context_key).cmp(&(&b.segment, &b.result, &b.context_key))
    };
    d.transitions_added.sort_by(by_source);
    d.transitions_removed.sort_by(by_source);
    d
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

    fn live() -> Flow {
        edit(
            &Flow::new("r"),
            json!([
                {"op": "add_segment", "name": "welcome", "segmentType": "play_message", "config": {"messageKey": "WELCOME"}, "ui": {"x": 0.0, "y": 0.0}},
                {"op": "add_segment", "name": "menu", "segmentType": "menu", "config": {"promptMessageKey": "MENU"}},
                {"op": "add_segment", "name": "bye", "segmentType": "disconnect"},
                {"op": "add_segment", "name": "agent", "segmentType": "transfer", "config": {"destination": "+32"}},
                {"op": "connect", "segment": "welcome", "result": "done", "next": "menu"},
                {"op": "connect", "segment": "menu", "result": "option_1", "next": "bye"},
                {"op": "connect", "segment": "menu", "result": "option_2", "next": "agent"},
            ]),
        )
    }

    #[test]
    fn identical_flows_have_an_empty_diff() {
        assert!(diff(&live(), &live()).is_empty());
    }

    #[test]
    fn layout_only_changes_are_reported_apart() {
        let d = diff(
            &live(),
            &edit(
                &live(),
                json!([
                    {"op": "move", "segment": "welcome", "x": 100.0, "y": 40.0},
                    {"op": "set_collapsed", "segment": "menu", "collapsed": true},
                    {"op": "set_order", "segment": "bye", "order": 3},
                ]),
            ),
        );
        assert!(d.is_content_unchanged());
        assert_eq!(d.layout.len(), 3);
        assert_eq!(d.layout[2].segment, "welcome");
        assert_eq!(d.layout[2].new_ui.as_ref().unwrap().x, 100.0);
    }

    #[test]
    fn content_changes_are_named() {
        let new = edit(
            &live(),
            json!([
                {"op": "set_config", "segment": "menu", "key": "maxRetries", "value": 5},
                {"op": "set_config", "segment": "menu", "key": "label", "value": "Main"},
                {"op": "retype_segment", "name": "agent", "segmentType": "menu"},
                {"op": "set_config", "segment": "agent", "key": "promptMessageKey", "value": "AGENT"},
                {"op": "delete_segment", "name": "bye"},
                {"op": "add_segment", "name": "goodbye", "segmentType": "disconnect"},
                {"op": "disconnect", "segment": "menu", "result": "option_1"},
                {"op": "connect", "segment": "menu", "result": "option_1", "next": "goodbye"},
                {"op": "connect", "segment": "menu", "result": "option_3", "next": "welcome"},
                {"op": "disconnect", "segment": "welcome", "result": "done"},
            ]),
        );
        let d = diff(&live(), &new);
        assert_eq!(
            d.segments_added,
            [SegmentRef {
                segment: "goodbye".into(),
                segment_type: "disconnect".into()
            }]
        );
        assert_eq!(
            d.segments_removed,
            [SegmentRef {
                segment: "bye".into(),
                segment_type: "disconnect".into()
            }]
        );
        assert_eq!(
            d.segments_retyped,
            [Retyped {
                segment: "agent".into(),
                from: "transfer".into(),
                to: "menu".into()
            }]
        );
        let menu = d
            .segments_reconfigured
            .iter()
            .find(|r| r.segment == "menu")
            .unwrap();
        assert_eq!(
            menu.keys,
            [
                KeyChange {
                    key: "label".into(),
                    old: None,
                    new: Some("Main".into())
                },
                KeyChange {
                    key: "maxRetries".into(),
                    old: Some("3".into()),
                    new: Some("5".into())
                },
            ]
        );
        let agent = d
            .segments_reconfigured
            .iter()
            .find(|r| r.segment == "agent")
            .unwrap();
        assert!(agent
            .keys
            .iter()
            .any(|k| k.key == "destination" && k.new.is_none()));
        assert_eq!(
            d.transitions_redirected,
            [Redirected {
                segment: "menu".into(),
                result: "option_1".into(),
                context_key: None,
                from: "bye".into(),
                to: "goodbye".into()
            }]
        );
        assert_eq!(d.transitions_added.len(), 1);
        assert_eq!(d.transitions_added[0].result, "option_3");
        assert_eq!(d.transitions_removed.len(), 1);
        assert_eq!(d.transitions_removed[0].segment, "welcome");
        assert!(d.layout.is_empty());
    }
}
