//! Edit operations on a draft. A batch is applied in order to a copy of the flow; the first
//! operation that breaks a rule stops the batch and nothing is changed, so the canvas can send a
//! multi-node move or a paste as one call.
//!
//! Rules checked as each operation is made (whole-flow rules are in [`super::validate`]):
//! segment names follow [`super::SEGMENT_NAME_PATTERN`] and are unique in the flow ignoring case;
//! renaming rewrites every transition that names the segment; configuration keys come only from
//! the segment type's dictionary, values are typed by key type and checked against the key's JSON
//! Schema; defaults are filled where absent; a transition's source exists in this draft, its
//! result name is not empty, and there is one per (source, result, context key); deleting a
//! segment removes its keys, UI state and outgoing transitions; moves touch only UI state.

use super::catalog::{describe_results, Catalog, ResultSource, SegmentTypeDef};
use super::{check_result_name, check_segment_name, Flow, Segment, Transition, UiState};
use crate::{Error, ErrorCode, ErrorDetail, JsonText, RawJson, RawMembers, Result};
use serde::{Deserialize, Serialize};

/// Declares [`EditOp`] once and, from the same list, its externally tagged twin `Repr` that
/// deserializing goes through (see below), with the conversion between them.
macro_rules! edit_ops {
    ($(
        $(#[$vattr:meta])*
        $variant:ident { $( $(#[$fattr:meta])* $field:ident : $ty:ty ),* $(,)? }
    ),* $(,)?) => {
        /// One edit. JSON form: `{"op": "rename_segment", "name": "menu", "newName": "main_menu"}`.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "op", rename_all = "snake_case", rename_all_fields = "camelCase")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum EditOp {
            $( $(#[$vattr])* $variant { $( $(#[$fattr])* $field: $ty ),* } ),*
        }

        /// [`EditOp`] as read: the same variants and fields, tagged externally (no buffering, so a
        /// [`RawJson`] sees the text as written). Unknown fields are ignored, as they were.
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case", rename_all_fields = "camelCase")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        enum Repr {
            $( $variant { $( $(#[$fattr])* $field: $ty ),* } ),*
        }

        impl From<Repr> for EditOp {
            fn from(r: Repr) -> EditOp {
                match r {
                    $( Repr::$variant { $($field),* } => EditOp::$variant { $($field),* } ),*
                }
            }
        }
    };
}

// Configuration values are kept as written (`RawJson`): read from text (the CLI, a file), a number
// such as `12345678901234567890123` keeps every digit. Serde reads an internally tagged enum through
// a buffer that turns numbers into `f64`, so deserializing goes through `Repr`, the same variants
// tagged externally, declared from the same list by `edit_ops!`.
edit_ops! {
    /// Adds a segment; `config` holds typed values; absent keys with a default get the default.
    AddSegment {
        name: String,
        segment_type: String,
        #[serde(default)]
        #[cfg_attr(
            feature = "ts",
            ts(as = "std::collections::HashMap<String, serde_json::Value>")
        )]
        config: RawMembers,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        order: Option<i32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ui: Option<UiState>,
    },
    /// Renames a segment and every transition that leads to it.
    RenameSegment {
        name: String,
        new_name: String,
    },
    /// Changes the type: keys the new type also has (and whose values still fit) are kept, the
    /// rest dropped, defaults of the new type filled in.
    RetypeSegment {
        name: String,
        segment_type: String,
    },
    /// Deletes a segment with its keys, UI state and outgoing transitions. Transitions from
    /// other segments to it stay and are reported by validation until reconnected.
    DeleteSegment {
        name: String,
    },
    /// Sets one configuration value (typed JSON).
    SetConfig {
        segment: String,
        key: String,
        #[cfg_attr(feature = "ts", ts(as = "serde_json::Value"))]
        value: RawJson,
    },
    /// Sets one configuration value given as JSON text: [`EditOp::SetConfig`] for a caller whose
    /// transport parses JSON into doubles (the desktop UI: the webview and Tauri's IPC would round
    /// `12345678901234567890123`), so the value arrives as the user typed it. Same rules: not JSON,
    /// a duplicate key, a NUL or a value its key's schema refuses is VALIDATION.
    SetConfigText {
        segment: String,
        key: String,
        text: JsonText,
    },
    /// Removes one configuration value; a key with a default goes back to its default.
    UnsetConfig {
        segment: String,
        key: String,
    },
    /// Connects `segment`'s `result` (in `context_key`) to `next`.
    Connect {
        segment: String,
        result: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context_key: Option<String>,
        next: String,
    },
    Disconnect {
        segment: String,
        result: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context_key: Option<String>,
    },
    /// Moves a node on the canvas (UI state only).
    Move {
        segment: String,
        x: f64,
        y: f64,
    },
    SetCollapsed {
        segment: String,
        collapsed: bool,
    },
    /// Sets or clears `SegmentOrder` (optional UI ordering).
    SetOrder {
        segment: String,
        #[serde(default)]
        order: Option<i32>,
    },
    /// Puts a segment back exactly as given, replacing the one with its name if any (the undo of
    /// a delete, retype or configuration change; see [`inverse`]).
    RestoreSegment {
        segment: Segment,
    },
}

impl<'de> Deserialize<'de> for EditOp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<EditOp, D::Error> {
        use serde::de::Error as _;
        #[derive(Deserialize)]
        struct Tag {
            op: String,
        }
        // The operation as written; its `op` names the variant of the externally tagged twin.
        let raw = <Box<serde_json::value::RawValue>>::deserialize(d)?;
        let Tag { op } = serde_json::from_str(raw.get()).map_err(D::Error::custom)?;
        let tagged = format!(
            "{{{}:{}}}",
            serde_json::to_string(&op).map_err(D::Error::custom)?,
            raw.get()
        );
        serde_json::from_str::<Repr>(&tagged)
            .map(EditOp::from)
            .map_err(|e| {
                let m = e.to_string();
                D::Error::custom(match m.rfind(" at line ") {
                    Some(i) => m[..i].to_string(),
                    None => m,
                })
            })
    }
}

impl EditOp {
    pub fn name(&self) -> &'static str {
        match self {
            EditOp::AddSegment { .. } => "add_segment",
            EditOp::RenameSegment { .. } => "rename_segment",
            EditOp::RetypeSegment { .. } => "retype_segment",
            EditOp::DeleteSegment { .. } => "delete_segment",
            EditOp::SetConfig { .. } => "set_config",
            EditOp::SetConfigText { .. } => "set_config_text",
            EditOp::UnsetConfig { .. } => "unset_config",
            EditOp::Connect { .. } => "connect",
            EditOp::Disconnect { .. } => "disconnect",
            EditOp::Move { .. } => "move",
            EditOp::SetCollapsed { .. } => "set_collapsed",
            EditOp::SetOrder { .. } => "set_order",
            EditOp::RestoreSegment { .. } => "restore_segment",
        }
    }

    /// True for operations that change only canvas state.
    pub fn is_layout_only(&self) -> bool {
        matches!(
            self,
            EditOp::Move { .. } | EditOp::SetCollapsed { .. } | EditOp::SetOrder { .. }
        )
    }
}

/// Applies `ops` in order to a copy of `flow`. All or nothing: on the first broken rule the error
/// names the operation (`detail.operation`, 0-based) and `flow` is untouched.
pub fn apply(flow: &Flow, catalog: &Catalog, ops: &[EditOp]) -> Result<Flow> {
    let mut next = flow.clone();
    for i in 0..ops.len() {
        apply_one_checked(&mut next, catalog, ops, i)?;
    }
    Ok(next)
}

/// Applies `ops[i]` to `flow`; an error names the operation. On error `flow` may be half-changed:
/// callers work on a copy they drop.
pub(crate) fn apply_one_checked(
    flow: &mut Flow,
    catalog: &Catalog,
    ops: &[EditOp],
    i: usize,
) -> Result<()> {
    let Some(op) = ops.get(i) else {
        return Ok(());
    };
    apply_one(flow, catalog, op).map_err(|mut e| {
        if ops.len() > 1 {
            e.message = format!("operation {} ({}): {}", i + 1, op.name(), e.message);
        }
        let detail = e.detail_mut();
        detail.operation = Some(i);
        detail.op = Some(op.name().to_owned());
        e
    })
}

fn err(code: ErrorCode, message: String, detail: ErrorDetail) -> Error {
    Error::new(code, message).with_detail(detail)
}

/// An edit error's detail: the segment it is about (more keys are added with `..on(name)`).
fn on(segment: &str) -> ErrorDetail {
    ErrorDetail {
        segment: Some(segment.to_owned()),
        ..Default::default()
    }
}

fn segment_mut<'a>(flow: &'a mut Flow, name: &str) -> Result<&'a mut Segment> {
    flow.segment_mut(name).ok_or_else(|| {
        err(
            ErrorCode::NotFound,
            format!("segment {name:?} does not exist in this draft"),
            on(name),
        )
    })
}

fn segment_type<'a>(catalog: &'a Catalog, code: &str) -> Result<&'a SegmentTypeDef> {
    catalog.segment_type(code).ok_or_else(|| {
        err(
            ErrorCode::Validation,
            format!(
                "unknown segment type {code:?}; use one of: {}",
                catalog.codes().join(", ")
            ),
            ErrorDetail {
                segment_type: Some(code.to_string()),
                ..Default::default()
            },
        )
    })
}

fn check_name(name: &str) -> Result<()> {
    check_segment_name(name).map_err(|m| {
        err(
            ErrorCode::Validation,
            m,
            ErrorDetail {
                field: Some("name".into()),
                ..on(name)
            },
        )
    })
}

fn check_unique(flow: &Flow, name: &str, except: Option<&str>) -> Result<()> {
    if let Some(other) = flow.name_taken(name) {
        if Some(other.name.as_str()) != except {
            return Err(err(
                ErrorCode::AlreadyExists,
                format!(
                    "a segment named {:?} already exists in this flow (names are unique ignoring case); choose another name",
                    other.name
                ),
                ErrorDetail { existing: Some(other.name.to_string()), ..on(name) },
            ));
        }
    }
    Ok(())
}

/// Typed value → stored text for `key` of `t`, or a VALIDATION error in designer words.
pub(crate) fn config_value(
    t: &SegmentTypeDef,
    segment: &str,
    key: &str,
    value: &RawJson,
) -> Result<String> {
    let Some(def) = t.key(key) else {
        let known: Vec<&str> = t.keys.iter().map(|k| k.name.as_str()).collect();
        return Err(err(
            ErrorCode::Validation,
            format!(
                "segment type {} has no key {key:?}; its keys are: {}",
                t.code,
                if known.is_empty() {
                    "(none)".to_string()
                } else {
                    known.join(", ")
                }
            ),
            ErrorDetail {
                key: Some(key.to_string()),
                ..on(segment)
            },
        ));
    };
    def.value_from_raw(value).map_err(|m| {
        err(
            ErrorCode::Validation,
            format!("key {key} of segment {segment} {m}"),
            ErrorDetail {
                key: Some(key.to_string()),
                ..on(segment)
            },
        )
    })
}

/// Fills in the defaults of keys that are absent.
pub(crate) fn fill_defaults(seg: &mut Segment, t: &SegmentTypeDef) {
    for k in &t.keys {
        if let Some(d) = &k.default {
            seg.config
                .entry(k.name.clone())
                .or_insert_with(|| d.clone());
        }
    }
}

fn check_ui(segment: &str, ui: &UiState) -> Result<()> {
    if !ui.x.is_finite() || !ui.y.is_finite() {
        return Err(err(
            ErrorCode::Validation,
            format!("the position of segment {segment} must be finite numbers"),
            ErrorDetail {
                field: Some("ui".into()),
                ..on(segment)
            },
        ));
    }
    // The style is stored as written, after the same JSON rules as every user's JSON.
    if let Some(p) = ui.style.as_ref().and_then(|s| s.problem(false)) {
        return Err(err(
            ErrorCode::Validation,
            format!(
                "the canvas style of segment {segment} {}",
                if p.starts_with("is ") || p.starts_with("must ") {
                    p
                } else {
                    format!("is refused: {p}")
                }
            ),
            ErrorDetail {
                field: Some("ui.style".into()),
                ..on(segment)
            },
        ));
    }
    Ok(())
}

/// The style as it is stored: without whitespace between tokens, every value as written (as a
/// JSON configuration value is), so a flow reads back equal to what was applied.
pub(crate) fn compact_style(mut ui: UiState) -> UiState {
    ui.style = ui.style.map(|s| JsonText::new(s.compact()));
    ui
}

fn check_result(what: &str, field: &str, segment: &str, v: &str) -> Result<()> {
    check_result_name(what, v).map_err(|m| {
        err(
            ErrorCode::Validation,
            format!("transition from {segment}: {m}"),
            ErrorDetail {
                field: Some(field.to_string()),
                ..on(segment)
            },
        )
    })
}

/// A connection starts from a result the segment can produce (when its type declares results).
fn check_producible(t: &SegmentTypeDef, seg: &Segment, result: &str) -> Result<()> {
    if !t.declares_results() {
        return Ok(());
    }
    let results = t.results_for(&seg.config);
    if results.iter().any(|r| r.name == result) {
        return Ok(());
    }
    let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
    let hint = match t.results.iter().find_map(|r| match &r.source {
        ResultSource::Config { key, field } => Some((key, field)),
        ResultSource::Fixed { .. } => None,
    }) {
        Some((key, field)) => format!(" (add it to {key}[].{field} first)"),
        None => String::new(),
    };
    Err(err(
        ErrorCode::Validation,
        format!(
            "segment {} is a {} segment, which cannot produce result {result}; {}{hint}",
            seg.name,
            t.code,
            describe_results(&results)
        ),
        ErrorDetail {
            field: Some("result".into()),
            result: Some(result.to_string()),
            results: Some(names.iter().map(|n| n.to_string()).collect()),
            ..on(&seg.name)
        },
    ))
}

/// Puts a segment back exactly as given (stored configuration text, transitions, canvas state):
/// the undo of a delete or of any change to one segment. Names, type, keys, transition names and
/// position follow the same rules as the other operations; values are kept as stored (validation
/// reports the ones that no longer fit), so an undo never fails on them.
fn restore(flow: &mut Flow, catalog: &Catalog, seg: &Segment) -> Result<()> {
    let name = seg.name.as_str();
    check_name(name)?;
    check_unique(flow, name, Some(name))?;
    let t = segment_type(catalog, &seg.segment_type)?;
    if let Some(key) = seg.config.keys().find(|k| t.key(k).is_none()) {
        return Err(err(
            ErrorCode::Validation,
            format!("segment type {} has no key {key:?}", t.code),
            ErrorDetail {
                key: Some(key.to_string()),
                ..on(name)
            },
        ));
    }
    // Stored values are kept as given, except JSON the rules never store (a key twice, a NUL).
    for (key, text) in &seg.config {
        if t.key(key).map(|d| d.key_type) == Some(super::KeyType::Json) {
            if let Some((p, _, _)) = crate::JsonText::locate_problem(text, false) {
                if !p.starts_with("is not valid JSON") {
                    return Err(err(
                        ErrorCode::Validation,
                        format!("key {key} of segment {name} is refused: {p}"),
                        ErrorDetail {
                            key: Some(key.to_string()),
                            ..on(name)
                        },
                    ));
                }
            }
        }
    }
    let mut transitions = seg.transitions.clone();
    transitions.sort();
    for (i, tr) in transitions.iter().enumerate() {
        check_result("result name", "result", name, &tr.result)?;
        if let Some(c) = &tr.context_key {
            check_result("context key", "contextKey", name, c)?;
        }
        check_segment_name(&tr.next).map_err(|m| {
            err(
                ErrorCode::Validation,
                format!("transition from {name} result {}: next {m}", tr.result),
                ErrorDetail {
                    field: Some("next".into()),
                    ..on(name)
                },
            )
        })?;
        if i > 0
            && transitions[i - 1].result == tr.result
            && transitions[i - 1].context_key == tr.context_key
        {
            return Err(err(
                ErrorCode::Conflict,
                format!("segment {name} lists result {} twice", tr.result),
                ErrorDetail {
                    result: Some(tr.result.to_string()),
                    context_key: tr.context_key.clone(),
                    ..on(name)
                },
            ));
        }
    }
    if let Some(ui) = &seg.ui {
        check_ui(name, ui)?;
    }
    let mut seg = seg.clone();
    seg.segment_type = t.code.clone();
    seg.transitions = transitions;
    seg.ui = seg.ui.map(compact_style);
    flow.insert(seg);
    Ok(())
}

fn apply_one(flow: &mut Flow, catalog: &Catalog, op: &EditOp) -> Result<()> {
    match op {
        EditOp::AddSegment {
            name,
            segment_type: code,
            config,
            order,
            ui,
        } => {
            check_name(name)?;
            check_unique(flow, name, None)?;
            let t = segment_type(catalog, code)?;
            let mut seg = Segment::new(name.clone(), t.code.clone());
            if let Some(key) = config.duplicate() {
                return Err(err(
                    ErrorCode::Validation,
                    format!(
                        "the configuration of segment {name} gives key {key} twice; give each key once"
                    ),
                    ErrorDetail { key: Some(key.to_string()), ..on(name) },
                ));
            }
            for (k, v) in config.iter() {
                let text = config_value(t, name, k, v)?;
                seg.config.insert(k.clone(), text);
            }
            fill_defaults(&mut seg, t);
            seg.order = *order;
            if let Some(ui) = ui {
                check_ui(name, ui)?;
            }
            seg.ui = ui.clone().map(compact_style);
            flow.insert(seg);
        }
        EditOp::RenameSegment { name, new_name } => {
            segment_mut(flow, name)?;
            if name == new_name {
                return Ok(());
            }
            check_name(new_name)?;
            check_unique(flow, new_name, Some(name))?;
            let mut seg = flow
                .remove(name)
                .ok_or_else(|| Error::internal("segment vanished"))?;
            seg.name = new_name.clone();
            flow.insert(seg);
            for s in &mut flow.segments {
                let mut changed = false;
                for t in &mut s.transitions {
                    if t.next == *name {
                        t.next = new_name.clone();
                        changed = true;
                    }
                }
                if changed {
                    s.transitions.sort();
                }
            }
        }
        EditOp::RetypeSegment {
            name,
            segment_type: code,
        } => {
            let t = segment_type(catalog, code)?;
            let seg = segment_mut(flow, name)?;
            if seg.segment_type == t.code {
                return Ok(());
            }
            seg.segment_type = t.code.clone();
            seg.config.retain(|k, v| {
                t.key(k)
                    .map(|def| def.check_stored(v).is_empty())
                    .unwrap_or(false)
            });
            fill_defaults(seg, t);
        }
        EditOp::DeleteSegment { name } => {
            segment_mut(flow, name)?;
            flow.remove(name);
        }
        EditOp::SetConfig {
            segment,
            key,
            value,
        } => {
            let seg = segment_mut(flow, segment)?;
            let t = segment_type(catalog, &seg.segment_type)?;
            let text = config_value(t, segment, key, value)?;
            seg.config.insert(key.clone(), text);
        }
        EditOp::SetConfigText { segment, key, text } => {
            let value = RawJson::parse(text.as_str()).map_err(|m| {
                err(
                    ErrorCode::Validation,
                    format!("key {key} of segment {segment} is not valid JSON: {m}"),
                    ErrorDetail {
                        key: Some(key.to_string()),
                        ..on(segment)
                    },
                )
            })?;
            let seg = segment_mut(flow, segment)?;
            let t = segment_type(catalog, &seg.segment_type)?;
            let text = config_value(t, segment, key, &value)?;
            seg.config.insert(key.clone(), text);
        }
        EditOp::UnsetConfig { segment, key } => {
            let seg = segment_mut(flow, segment)?;
            let t = segment_type(catalog, &seg.segment_type)?;
            if t.key(key).is_none() {
                // Let a key that is not (or no longer) in the dictionary be removed.
                if seg.config.remove(key).is_none() {
                    return Err(err(
                        ErrorCode::Validation,
                        format!("segment type {} has no key {key:?}", t.code),
                        ErrorDetail {
                            key: Some(key.to_string()),
                            ..on(segment)
                        },
                    ));
                }
                return Ok(());
            }
            seg.config.remove(key);
            fill_defaults(seg, t);
        }
        EditOp::Connect {
            segment,
            result,
            context_key,
            next,
        } => {
            check_result("result name", "result", segment, result)?;
            if let Some(c) = context_key {
                check_result("context key", "contextKey", segment, c)?;
            }
            check_segment_name(next).map_err(|m| {
                err(
                    ErrorCode::Validation,
                    format!("transition from {segment} result {result}: next {m}"),
                    ErrorDetail {
                        field: Some("next".into()),
                        ..on(segment)
                    },
                )
            })?;
            let seg = segment_mut(flow, segment)?;
            if let Some(t) = catalog.segment_type(&seg.segment_type) {
                check_producible(t, seg, result)?;
            }
            if let Some(existing) = seg.transition(result, context_key.as_deref()) {
                return Err(err(
                    ErrorCode::Conflict,
                    format!(
                        "result {result}{} of segment {segment} is already connected to {}; disconnect it first",
                        context_key.as_deref().map(|c| format!(" (context {c})")).unwrap_or_default(),
                        existing.next
                    ),
                    ErrorDetail { result: Some(result.to_string()), context_key: context_key.clone(), ..on(segment) },
                ));
            }
            seg.transitions.push(Transition {
                result: result.clone(),
                context_key: context_key.clone(),
                next: next.clone(),
            });
            seg.transitions.sort();
        }
        EditOp::Disconnect {
            segment,
            result,
            context_key,
        } => {
            let seg = segment_mut(flow, segment)?;
            let before = seg.transitions.len();
            seg.transitions
                .retain(|t| !(t.result == *result && t.context_key == *context_key));
            if seg.transitions.len() == before {
                return Err(err(
                    ErrorCode::NotFound,
                    format!(
                        "segment {segment} has no transition for result {result}{}",
                        context_key
                            .as_deref()
                            .map(|c| format!(" (context {c})"))
                            .unwrap_or_default()
                    ),
                    ErrorDetail {
                        result: Some(result.to_string()),
                        context_key: context_key.clone(),
                        ..on(segment)
                    },
                ));
            }
        }
        EditOp::Move { segment, x, y } => {
            let seg = segment_mut(flow, segment)?;
            let mut ui = seg.ui.clone().unwrap_or_default();
            ui.x = *x;
            ui.y = *y;
            check_ui(segment, &ui)?;
            seg.ui = Some(ui);
        }
        EditOp::SetCollapsed { segment, collapsed } => {
            segment_mut(flow, segment)?
                .ui
                .get_or_insert_with(UiState::default)
                .collapsed = *collapsed;
        }
        EditOp::SetOrder { segment, order } => {
            segment_mut(flow, segment)?.order = *order;
        }
        EditOp::RestoreSegment { segment } => restore(flow, catalog, segment)?,
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::catalog::tests::catalog;
    use super::*;
    use serde_json::{json, Value};

    /// Edit operations from their JSON form (the flow tests write batches as the UI sends them).
    pub(crate) fn ops(v: Value) -> Vec<EditOp> {
        serde_json::from_value(v).unwrap()
    }

    fn base() -> Flow {
        apply(
            &Flow::new("r"),
            &catalog(),
            &ops(json!([
                {"op": "add_segment", "name": "welcome", "segmentType": "play_message", "config": {"messageKey": "WELCOME"}},
                {"op": "add_segment", "name": "menu", "segmentType": "menu", "config": {"promptMessageKey": "MENU"}},
                {"op": "add_segment", "name": "bye", "segmentType": "disconnect"},
                {"op": "connect", "segment": "welcome", "result": "done", "next": "menu"},
                {"op": "connect", "segment": "menu", "result": "option_1", "next": "bye"},
                {"op": "connect", "segment": "menu", "result": "option_1", "contextKey": "vip", "next": "welcome"},
            ])),
        )
        .unwrap()
    }

    #[test]
    fn add_fills_defaults_and_keeps_typed_values() {
        let f = base();
        let w = f.segment("welcome").unwrap();
        assert_eq!(w.config["messageKey"], "WELCOME");
        assert_eq!(w.config["bargeIn"], "true");
        assert_eq!(f.segment("menu").unwrap().config["maxRetries"], "3");
        assert_eq!(f.transition_count(), 3);
    }

    #[test]
    fn rename_rewrites_every_transition_naming_it() {
        let f = apply(
            &base(),
            &catalog(),
            &ops(json!([{"op": "rename_segment", "name": "welcome", "newName": "greeting"}])),
        )
        .unwrap();
        assert!(f.segment("welcome").is_none());
        let g = f.segment("greeting").unwrap();
        assert_eq!(g.transitions[0].next, "menu");
        let m = f.segment("menu").unwrap();
        assert_eq!(
            m.transition("option_1", Some("vip")).unwrap().next,
            "greeting"
        );
        // A case-only rename of itself is allowed.
        let f2 = apply(
            &f,
            &catalog(),
            &ops(json!([{"op": "rename_segment", "name": "menu", "newName": "Menu"}])),
        )
        .unwrap();
        assert!(f2.segment("Menu").is_some());
    }

    #[test]
    fn duplicate_names_are_refused_ignoring_case_and_nothing_changes() {
        let f = base();
        let e = apply(
            &f,
            &catalog(),
            &ops(json!([
                {"op": "move", "segment": "menu", "x": 5.0, "y": 6.0},
                {"op": "add_segment", "name": "MENU", "segmentType": "menu"},
            ])),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::AlreadyExists);
        assert!(
            e.message.starts_with("operation 2 (add_segment)"),
            "{}",
            e.message
        );
        assert_eq!(e.detail_json()["operation"], 1);
        assert!(f.segment("menu").unwrap().ui.is_none());
        let e = apply(
            &f,
            &catalog(),
            &ops(json!([{"op": "rename_segment", "name": "bye", "newName": "Welcome"}])),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::AlreadyExists);
    }

    #[test]
    fn bad_names_types_keys_and_values_are_refused() {
        let c = catalog();
        let f = base();
        for (op, code, needle) in [
            (
                json!({"op": "add_segment", "name": "it's", "segmentType": "menu"}),
                ErrorCode::Validation,
                "may only contain",
            ),
            (
                json!({"op": "add_segment", "name": "x", "segmentType": "nope"}),
                ErrorCode::Validation,
                "unknown segment type",
            ),
            (
                json!({"op": "add_segment", "name": "x", "segmentType": "menu", "config": {"colour": "red"}}),
                ErrorCode::Validation,
                "has no key \"colour\"",
            ),
            (
                json!({"op": "set_config", "segment": "menu", "key": "maxRetries", "value": "3"}),
                ErrorCode::Validation,
                "expects an integer",
            ),
            (
                json!({"op": "set_config", "segment": "menu", "key": "maxRetries", "value": 42}),
                ErrorCode::Validation,
                "schema",
            ),
            (
                json!({"op": "set_config", "segment": "ghost", "key": "maxRetries", "value": 1}),
                ErrorCode::NotFound,
                "does not exist",
            ),
            (
                json!({"op": "connect", "segment": "ghost", "result": "ok", "next": "menu"}),
                ErrorCode::NotFound,
                "does not exist",
            ),
            (
                json!({"op": "connect", "segment": "menu", "result": "", "next": "bye"}),
                ErrorCode::Validation,
                "may not be empty",
            ),
            (
                json!({"op": "connect", "segment": "menu", "result": "option_1", "next": "welcome"}),
                ErrorCode::Conflict,
                "already connected",
            ),
            (
                json!({"op": "disconnect", "segment": "menu", "result": "option_9"}),
                ErrorCode::NotFound,
                "no transition",
            ),
            (
                json!({"op": "rename_segment", "name": "menu", "newName": "[x]"}),
                ErrorCode::Validation,
                "segment name",
            ),
            (
                json!({"op": "delete_segment", "name": "ghost"}),
                ErrorCode::NotFound,
                "does not exist",
            ),
        ] {
            let e = apply(&f, &c, &ops(json!([op.clone()]))).unwrap_err();
            assert_eq!(e.code, code, "{op}: {e}");
            assert!(e.message.contains(needle), "{op}: {}", e.message);
        }
    }

    #[test]
    fn delete_removes_outgoing_but_keeps_incoming_for_validation() {
        let f = apply(
            &base(),
            &catalog(),
            &ops(json!([{"op": "delete_segment", "name": "menu"}])),
        )
        .unwrap();
        assert!(f.segment("menu").is_none());
        assert_eq!(f.segment("welcome").unwrap().transitions[0].next, "menu");
        assert_eq!(f.transition_count(), 1);
    }

    #[test]
    fn retype_keeps_matching_keys_and_fills_new_defaults() {
        let f = apply(
            &base(),
            &catalog(),
            &ops(json!([
                {"op": "set_config", "segment": "menu", "key": "label", "value": "Main"},
                {"op": "retype_segment", "name": "welcome", "segmentType": "menu"},
            ])),
        )
        .unwrap();
        let w = f.segment("welcome").unwrap();
        assert_eq!(w.segment_type, "menu");
        assert!(!w.config.contains_key("messageKey"));
        assert_eq!(w.config["maxRetries"], "3");
    }

    #[test]
    fn moves_touch_only_ui_state_and_unset_restores_defaults() {
        let f0 = base();
        let f = apply(
            &f0,
            &catalog(),
            &ops(json!([
                {"op": "move", "segment": "menu", "x": 10.5, "y": -3.0},
                {"op": "set_collapsed", "segment": "menu", "collapsed": true},
                {"op": "set_config", "segment": "menu", "key": "maxRetries", "value": 5},
                {"op": "unset_config", "segment": "menu", "key": "maxRetries"},
            ])),
        )
        .unwrap();
        let m = f.segment("menu").unwrap();
        let ui = m.ui.as_ref().unwrap();
        assert_eq!((ui.x, ui.y, ui.collapsed), (10.5, -3.0, true));
        assert_eq!(m.config, f0.segment("menu").unwrap().config);
        assert_eq!(m.transitions, f0.segment("menu").unwrap().transitions);
    }
}
