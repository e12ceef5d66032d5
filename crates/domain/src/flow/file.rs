//! Flow files: deterministic pretty JSON for export, line-precise errors on import.
//!
//! The format is described by `schemas/flow.schema.json` ([`SCHEMA`]). Export writes segments
//! sorted by name, transitions by (result, context key), configuration keys by name, with typed
//! values, two-space indentation and a final newline: the same flow always gives the same bytes.
//! Import checks the JSON, the shape and every rule an edit would check (names, uniqueness,
//! segment types, dictionary keys, typed values, transitions), and reports every problem with its
//! line and column. Whole-flow findings (init segment, dangling transitions, …) are left to
//! [`super::validate`], as for any draft.

use super::catalog::Catalog;
use super::edit::fill_defaults;
use super::{
    check_result_name, check_routing_id, check_segment_name, Flow, Segment, Transition, UiState,
};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The JSON Schema of the flow-file format (the committed `schemas/flow.schema.json`).
pub const SCHEMA: &str = include_str!("../../../../schemas/flow.schema.json");

pub const FORMAT: &str = "ivr-studio.flow";
pub const FORMAT_VERSION: u32 = 1;

/// Where an export came from (informational; import ignores it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSource {
    /// `published`, `draft` or `snapshot`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_set_id: Option<String>,
}

/// Writes the flow as a flow file. Values are typed through the catalog; a key or type the
/// catalog does not know is written as its stored text.
pub fn export(flow: &Flow, catalog: &Catalog, source: Option<&FileSource>) -> String {
    let mut root = Map::new();
    root.insert("format".into(), FORMAT.into());
    root.insert("formatVersion".into(), FORMAT_VERSION.into());
    root.insert("routingId".into(), flow.routing_id.clone().into());
    if let Some(s) = source {
        root.insert(
            "source".into(),
            serde_json::to_value(s).unwrap_or(Value::Null),
        );
    }
    let mut segments: Vec<&Segment> = flow.segments.iter().collect();
    segments.sort_by(|a, b| a.name.cmp(&b.name));
    let mut list = Vec::with_capacity(segments.len());
    for s in segments {
        let t = catalog.segment_type(&s.segment_type);
        let mut o = Map::new();
        o.insert("name".into(), s.name.clone().into());
        o.insert("type".into(), s.segment_type.clone().into());
        if let Some(order) = s.order {
            o.insert("order".into(), order.into());
        }
        let mut config = Map::new();
        for (k, v) in &s.config {
            let typed = t
                .and_then(|t| t.key(k))
                .map(|def| def.typed_lossy(v))
                .unwrap_or_else(|| Value::String(v.clone()));
            config.insert(k.clone(), typed);
        }
        o.insert("config".into(), Value::Object(config));
        let mut transitions = s.transitions.clone();
        transitions.sort();
        o.insert(
            "transitions".into(),
            Value::Array(
                transitions
                    .iter()
                    .map(|t| {
                        let mut m = Map::new();
                        m.insert("result".into(), t.result.clone().into());
                        if let Some(c) = &t.context_key {
                            m.insert("contextKey".into(), c.clone().into());
                        }
                        m.insert("next".into(), t.next.clone().into());
                        Value::Object(m)
                    })
                    .collect(),
            ),
        );
        if let Some(ui) = &s.ui {
            let mut m = Map::new();
            m.insert("x".into(), ui.x.into());
            m.insert("y".into(), ui.y.into());
            m.insert("collapsed".into(), ui.collapsed.into());
            if let Some(style) = &ui.style {
                m.insert("style".into(), style.clone());
            }
            o.insert("ui".into(), Value::Object(m));
        }
        list.push(Value::Object(o));
    }
    root.insert("segments".into(), Value::Array(list));
    let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}

/// One problem in a flow file, with its position (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileProblem {
    pub line: usize,
    pub column: usize,
    /// Where in the document, e.g. `segments[3].config.maxRetries`.
    pub path: String,
    pub message: String,
}

/// What a flow file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedFlow {
    pub flow: Flow,
    pub source: Option<FileSource>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFile<'a> {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
    format: String,
    format_version: u32,
    routing_id: String,
    #[serde(default)]
    source: Option<FileSource>,
    #[serde(borrow)]
    segments: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSegment<'a> {
    name: String,
    #[serde(rename = "type")]
    segment_type: String,
    #[serde(default)]
    order: Option<i32>,
    #[serde(default, borrow)]
    config: BTreeMap<String, &'a RawValue>,
    #[serde(default, borrow)]
    transitions: Vec<&'a RawValue>,
    #[serde(default)]
    ui: Option<RawUi>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawTransition {
    result: String,
    #[serde(default)]
    context_key: Option<String>,
    next: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUi {
    x: f64,
    y: f64,
    #[serde(default)]
    collapsed: bool,
    #[serde(default)]
    style: Option<Value>,
}

struct Reader<'t> {
    text: &'t str,
    /// Byte offset where each line starts. Every segment, key and transition notes its position,
    /// so finding one must not scan the file up to it (that made reading a 5,000-segment file
    /// quadratic: minutes instead of milliseconds).
    line_starts: Vec<usize>,
    problems: Vec<FileProblem>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Reader {
            text,
            line_starts,
            problems: Vec::new(),
        }
    }

    /// Line and column (1-based, in characters) of `raw` in the file.
    fn at(&self, raw: &RawValue) -> (usize, usize) {
        let offset = (raw.get().as_ptr() as usize)
            .saturating_sub(self.text.as_ptr() as usize)
            .min(self.text.len());
        // line_starts[0] = 0 <= offset, so `line` is at least 1.
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line, column + 1)
    }

    fn problem(&mut self, at: (usize, usize), path: String, message: String) {
        self.problems.push(FileProblem {
            line: at.0,
            column: at.1,
            path,
            message,
        });
    }

    /// Parses a sub-document, mapping serde's position (relative to the slice) to the file.
    fn parse<'a, T: Deserialize<'a>>(&mut self, raw: &'a RawValue, path: &str) -> Option<T> {
        match serde_json::from_str::<T>(raw.get()) {
            Ok(v) => Some(v),
            Err(e) => {
                let (l0, c0) = self.at(raw);
                let at = if e.line() <= 1 {
                    (l0, c0 + e.column().saturating_sub(1))
                } else {
                    (l0 + e.line() - 1, e.column())
                };
                self.problem(at, path.to_string(), strip_position(&e));
                None
            }
        }
    }
}

/// serde_json appends " at line L column C" to its messages; we report the position separately.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Reads a flow file into a flow, checking it as a series of edits would. Every problem is
/// reported at once (`detail.problems`, each with line and column); a file that is not JSON or
/// has the wrong shape reports the first such problem.
pub fn import(text: &str, catalog: &Catalog) -> Result<ImportedFlow> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawFile = serde_json::from_str(text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                "is not valid JSON"
            }
            _ => "does not have the flow-file shape",
        };
        let p = FileProblem {
            line: e.line(),
            column: e.column(),
            path: String::new(),
            message: strip_position(&e),
        };
        Error::validation(format!(
            "the flow file {what}: line {}, column {}: {}",
            p.line, p.column, p.message
        ))
        .with_detail(serde_json::json!({ "problems": [p] }))
    })?;
    let mut r = Reader::new(text);
    let top = (1, 1);
    if raw.format != FORMAT {
        r.problem(
            top,
            "format".into(),
            format!("format must be {FORMAT:?}, not {:?}", raw.format),
        );
    }
    if raw.format_version != FORMAT_VERSION {
        r.problem(
            top,
            "formatVersion".into(),
            format!(
                "formatVersion {} is not supported (this build reads {FORMAT_VERSION})",
                raw.format_version
            ),
        );
    }
    if let Err(m) = check_routing_id(&raw.routing_id) {
        r.problem(top, "routingId".into(), m);
    }
    let mut flow = Flow::new(raw.routing_id.clone());
    let mut seen_names: BTreeSet<String> = BTreeSet::new();
    for (i, seg_raw) in raw.segments.iter().enumerate() {
        let path = format!("segments[{i}]");
        let at = r.at(seg_raw);
        let Some(s) = r.parse::<RawSegment>(seg_raw, &path) else {
            continue;
        };
        let mut ok = true;
        if let Err(m) = check_segment_name(&s.name) {
            r.problem(at, format!("{path}.name"), m);
            ok = false;
        } else if !seen_names.insert(s.name.to_ascii_lowercase()) {
            r.problem(
                at,
                format!("{path}.name"),
                format!(
                    "segment {} appears twice (names are unique ignoring case)",
                    s.name
                ),
            );
            ok = false;
        }
        let Some(t) = catalog.segment_type(&s.segment_type) else {
            r.problem(
                at,
                format!("{path}.type"),
                format!(
                    "segment {} has unknown segment type {:?}; use one of: {}",
                    s.name,
                    s.segment_type,
                    catalog.codes().join(", ")
                ),
            );
            continue;
        };
        let mut seg = Segment::new(s.name.clone(), t.code.clone());
        seg.order = s.order;
        for (k, v_raw) in &s.config {
            let kpath = format!("{path}.config.{k}");
            let kat = r.at(v_raw);
            let Some(v) = r.parse::<Value>(v_raw, &kpath) else {
                ok = false;
                continue;
            };
            match t.key(k) {
                None => {
                    r.problem(
                        kat,
                        kpath,
                        format!("segment type {} has no key {k:?}", t.code),
                    );
                    ok = false;
                }
                Some(def) => match def.value_from_json(&v) {
                    Ok(text) => {
                        seg.config.insert(k.clone(), text);
                    }
                    Err(m) => {
                        r.problem(kat, kpath, format!("key {k} of segment {} {m}", s.name));
                        ok = false;
                    }
                },
            }
        }
        fill_defaults(&mut seg, t);
        let mut seen_edges = BTreeSet::new();
        for (j, t_raw) in s.transitions.iter().enumerate() {
            let tpath = format!("{path}.transitions[{j}]");
            let tat = r.at(t_raw);
            let Some(tr) = r.parse::<RawTransition>(t_raw, &tpath) else {
                ok = false;
                continue;
            };
            let mut checks = vec![check_result_name("result name", &tr.result)];
            if let Some(c) = &tr.context_key {
                checks.push(check_result_name("context key", c));
            }
            checks.push(check_segment_name(&tr.next).map_err(|m| format!("next: {m}")));
            for m in checks.into_iter().filter_map(|c| c.err()) {
                r.problem(tat, tpath.clone(), m);
                ok = false;
            }
            if !seen_edges.insert((tr.result.clone(), tr.context_key.clone())) {
                r.problem(
                    tat,
                    tpath.clone(),
                    format!(
                        "segment {} has two transitions for result {}; keep one",
                        s.name, tr.result
                    ),
                );
                ok = false;
            }
            seg.transitions.push(Transition {
                result: tr.result,
                context_key: tr.context_key,
                next: tr.next,
            });
        }
        seg.transitions.sort();
        if let Some(ui) = s.ui {
            if !ui.x.is_finite() || !ui.y.is_finite() {
                r.problem(
                    at,
                    format!("{path}.ui"),
                    "positions must be finite numbers".into(),
                );
                ok = false;
            }
            seg.ui = Some(UiState {
                x: ui.x,
                y: ui.y,
                collapsed: ui.collapsed,
                style: ui.style,
            });
        }
        if ok {
            flow.insert(seg);
        }
    }
    if !r.problems.is_empty() {
        let list: Vec<String> = r
            .problems
            .iter()
            .take(20)
            .map(|p| format!("line {}, column {}: {}", p.line, p.column, p.message))
            .collect();
        return Err(Error::validation(format!(
            "the flow file has {} problem(s) — {}",
            r.problems.len(),
            list.join("; ")
        ))
        .with_detail(serde_json::json!({ "problems": r.problems })));
    }
    flow.normalize();
    Ok(ImportedFlow {
        flow,
        source: raw.source,
    })
}

#[cfg(test)]
mod tests {
    use super::super::catalog::tests::catalog;
    use super::super::edit::apply;
    use super::super::EditOp;
    use super::*;
    use serde_json::json;

    fn flow() -> Flow {
        let ops: Vec<EditOp> = serde_json::from_value(json!([
            {"op": "add_segment", "name": "welcome", "segmentType": "play_message", "config": {"messageKey": "WELCOME", "bargeIn": false}, "ui": {"x": 10.0, "y": 20.5}},
            {"op": "add_segment", "name": "menu", "segmentType": "menu", "order": 2, "config": {"promptMessageKey": "MENU", "options": {"z": 1, "a": [true, null]}, "label": "O'Brien [x] -- \"日本\""}},
            {"op": "add_segment", "name": "bye", "segmentType": "disconnect", "ui": {"x": 1.0, "y": 2.0, "collapsed": true, "style": {"color": "#f00"}}},
            {"op": "connect", "segment": "welcome", "result": "done", "next": "menu"},
            {"op": "connect", "segment": "menu", "result": "option_2", "next": "welcome"},
            {"op": "connect", "segment": "menu", "result": "option_1", "next": "bye"},
            {"op": "connect", "segment": "menu", "result": "option_1", "contextKey": "vip", "next": "bye"},
        ]))
        .unwrap();
        apply(&Flow::new("acme-care-main"), &catalog(), &ops).unwrap()
    }

    #[test]
    fn export_is_deterministic_typed_and_round_trips() {
        let c = catalog();
        let f = flow();
        let a = export(&f, &c, None);
        let mut shuffled = f.clone();
        shuffled.segments.reverse();
        for s in &mut shuffled.segments {
            s.transitions.reverse();
        }
        assert_eq!(
            a,
            export(&shuffled, &c, None),
            "order of the input must not matter"
        );
        assert!(a.ends_with("}\n"));
        assert!(a.contains("\"bargeIn\": false"));
        assert!(a.contains("\"maxRetries\": 3"));
        assert!(a.contains("\"label\": \"O'Brien [x] -- \\\"日本\\\"\""));
        let back = import(&a, &c).unwrap();
        assert_eq!(back.flow, f);
        assert_eq!(export(&back.flow, &c, None), a);
        let with_source = export(
            &f,
            &c,
            Some(&FileSource {
                kind: "published".into(),
                version: Some(3),
                change_set_id: None,
            }),
        );
        assert_eq!(
            import(&with_source, &c).unwrap().source.unwrap().version,
            Some(3)
        );
    }

    #[test]
    fn exports_match_the_committed_schema() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        let v = jsonschema::validator_for(&schema).unwrap();
        let c = catalog();
        for text in [
            export(&flow(), &c, None),
            export(
                &Flow::new("empty"),
                &c,
                Some(&FileSource {
                    kind: "draft".into(),
                    version: None,
                    change_set_id: Some("5f0e1c2a-0000-4000-8000-000000000001".into()),
                }),
            ),
        ] {
            let doc: Value = serde_json::from_str(&text).unwrap();
            let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
        let bad: Value = json!({"format": "ivr-studio.flow", "formatVersion": 1, "routingId": "r", "segments": [{"name": "1x", "type": "menu"}]});
        assert!(!v.is_valid(&bad));
    }

    fn problems(e: &Error) -> Vec<(usize, usize, String)> {
        e.detail.as_ref().unwrap()["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["line"].as_u64().unwrap() as usize,
                    p["column"].as_u64().unwrap() as usize,
                    p["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn not_json_reports_line_and_column() {
        let e = import(
            "{\n  \"format\": \"ivr-studio.flow\",\n  \"routingId\": ,\n}",
            &catalog(),
        )
        .unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::Validation);
        assert!(
            e.message.contains("is not valid JSON: line 3"),
            "{}",
            e.message
        );
        assert_eq!(problems(&e)[0].0, 3);
        let e = import("", &catalog()).unwrap_err();
        assert!(e.message.contains("not valid JSON"));
    }

    #[test]
    fn wrong_shape_reports_line() {
        let text = "{\n  \"format\": \"ivr-studio.flow\",\n  \"formatVersion\": 1,\n  \"routingId\": \"r\",\n  \"segments\": {}\n}\n";
        let e = import(text, &catalog()).unwrap_err();
        assert!(e.message.contains("flow-file shape"), "{}", e.message);
        assert_eq!(problems(&e)[0].0, 5);
        let text = "{\"format\": \"ivr-studio.flow\", \"formatVersion\": 1, \"routingId\": \"r\", \"segments\": [], \"extra\": 1}";
        assert!(import(text, &catalog())
            .unwrap_err()
            .message
            .contains("unknown field `extra`"));
    }

    #[test]
    fn every_problem_inside_segments_is_reported_with_its_line() {
        let text = r#"{
  "format": "ivr-studio.flow",
  "formatVersion": 1,
  "routingId": "r",
  "segments": [
    {
      "name": "menu",
      "type": "menu",
      "config": {
        "promptMessageKey": "MENU",
        "maxRetries": "three"
      }
    },
    {
      "name": "Menu",
      "type": "menu"
    },
    {
      "name": "x",
      "type": "teleport"
    },
    {
      "name": "y",
      "type": "menu",
      "config": { "colour": "red" },
      "transitions": [
        { "result": "ok", "next": "menu" },
        { "result": "ok", "next": "x" },
        { "result": "ok2" }
      ]
    },
    {
      "name": "z",
      "type": "menu",
      "size": 3
    }
  ]
}
"#;
        let e = import(text, &catalog()).unwrap_err();
        let p = problems(&e);
        let lines: Vec<usize> = p.iter().map(|p| p.0).collect();
        assert_eq!(lines, [11, 14, 18, 25, 28, 29, 35], "{p:?}");
        assert!(p[0].2.contains("maxRetries") && p[0].2.contains("an integer"));
        assert!(p[1].2.contains("appears twice"));
        assert!(p[2].2.contains("unknown segment type \"teleport\""));
        assert!(p[3].2.contains("no key \"colour\""));
        assert!(p[4].2.contains("two transitions"));
        assert!(p[5].2.contains("missing field `next`"));
        assert!(p[6].2.contains("unknown field `size`"));
        assert_eq!(p[0].1, 23, "the column of the value");
    }
}
