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
use crate::json_text::Embedded;
use crate::{Error, ErrorDetail, JsonText, RawJson, Result};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
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
/// catalog does not know is written as its stored text. A `json` key's value is written token for
/// token as stored (indented, every number and string as the user wrote it).
pub fn export(flow: &Flow, catalog: &Catalog, source: Option<&FileSource>) -> String {
    let mut segments: Vec<&Segment> = flow.segments.iter().collect();
    segments.sort_by(|a, b| a.name.cmp(&b.name));
    let file = OutFile {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        routing_id: &flow.routing_id,
        source,
        segments: segments
            .into_iter()
            .map(|s| {
                let t = catalog.segment_type(&s.segment_type);
                let mut transitions: Vec<&Transition> = s.transitions.iter().collect();
                transitions.sort();
                OutSegment {
                    name: &s.name,
                    segment_type: &s.segment_type,
                    order: s.order,
                    config: s
                        .config
                        .iter()
                        .map(|(k, v)| {
                            let value = match t.and_then(|t| t.key(k)) {
                                Some(def) if def.key_type == super::KeyType::Json => {
                                    OutValue::Json(Embedded(v))
                                }
                                Some(def) => OutValue::Typed(def.typed_lossy(v)),
                                None => OutValue::Typed(Value::String(v.clone())),
                            };
                            (k.as_str(), value)
                        })
                        .collect(),
                    transitions: transitions
                        .into_iter()
                        .map(|t| OutTransition {
                            result: &t.result,
                            context_key: t.context_key.as_deref(),
                            next: &t.next,
                        })
                        .collect(),
                    ui: s.ui.as_ref().map(|ui| OutUi {
                        x: ui.x,
                        y: ui.y,
                        collapsed: ui.collapsed,
                        style: ui.style.as_ref().map(|t| Embedded(t.as_str())),
                    }),
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutFile<'a> {
    format: &'static str,
    format_version: u32,
    routing_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a FileSource>,
    segments: Vec<OutSegment<'a>>,
}

#[derive(Serialize)]
struct OutSegment<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    segment_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<i32>,
    config: BTreeMap<&'a str, OutValue<'a>>,
    transitions: Vec<OutTransition<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ui: Option<OutUi<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum OutValue<'a> {
    Typed(Value),
    Json(Embedded<'a>),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OutTransition<'a> {
    result: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    context_key: Option<&'a str>,
    next: &'a str,
}

#[derive(Serialize)]
struct OutUi<'a> {
    x: f64,
    y: f64,
    collapsed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    style: Option<Embedded<'a>>,
}

/// One problem in a flow file, with its position (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    config: ConfigMembers<'a>,
    #[serde(default, borrow)]
    transitions: Vec<&'a RawValue>,
    #[serde(default)]
    ui: Option<RawUi>,
}

/// A segment's `config` object as written: every member in order, a key given twice kept twice
/// (so it is reported rather than one value silently dropped), each value as a slice of the file.
#[derive(Default)]
struct ConfigMembers<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for ConfigMembers<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
            type Value = ConfigMembers<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object of configuration values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'a RawValue>()? {
                    members.push(entry);
                }
                Ok(ConfigMembers(members))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
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
    /// As written in the file (the whole file is checked for duplicate keys and NULs).
    #[serde(default)]
    style: Option<RawJson>,
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

    /// Maps a position inside `raw` (1-based, relative to the slice) to the file.
    fn inside(&self, raw: &RawValue, line: usize, column: usize) -> (usize, usize) {
        let (l0, c0) = self.at(raw);
        if line <= 1 {
            (l0, c0 + column.saturating_sub(1))
        } else {
            (l0 + line - 1, column)
        }
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
        .with_detail(ErrorDetail {
            problems: Some(vec![p]),
            ..Default::default()
        })
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
        let mut seen_keys = BTreeSet::new();
        for (k, v_raw) in &s.config.0 {
            let kpath = format!("{path}.config.{k}");
            let kat = r.at(v_raw);
            if !seen_keys.insert(k.as_str()) {
                r.problem(
                    kat,
                    kpath,
                    format!(
                        "key {k} of segment {} is given twice; give each key once",
                        s.name
                    ),
                );
                ok = false;
                continue;
            }
            if let Some((m, line, column)) = JsonText::locate_problem(v_raw.get(), false) {
                let at = r.inside(v_raw, line, column);
                r.problem(
                    at,
                    kpath,
                    format!("key {k} of segment {} is refused: {m}", s.name),
                );
                ok = false;
                continue;
            }
            let v = RawJson::from(*v_raw);
            match t.key(k) {
                None => {
                    r.problem(
                        kat,
                        kpath,
                        format!("segment type {} has no key {k:?}", t.code),
                    );
                    ok = false;
                }
                Some(def) => match def.value_from_raw(&v) {
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
                style: ui.style.map(|s| JsonText::new(s.compact())),
            });
        }
        if ok {
            flow.insert(seg);
        }
    }
    if r.problems.is_empty() {
        // Everything else in the file (canvas styles, …) follows the same JSON rules.
        if let Some((m, line, column)) = JsonText::locate_problem(text, false) {
            r.problem((line, column), String::new(), m);
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
        .with_detail(ErrorDetail {
            problems: Some(r.problems),
            ..Default::default()
        }));
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
        e.detail_json()["problems"]
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
    const BIG: &str = "12345678901234567890123";
    const TENTH: &str = "0.1000000000000000055511151231257827";

    fn ops_text(text: &str) -> Vec<EditOp> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn a_users_numbers_keep_their_digits_through_edits_export_and_import() {
        let c = catalog();
        let ops = ops_text(&format!(
            r#"[{{"op": "add_segment", "name": "menu", "segmentType": "menu",
                 "config": {{"promptMessageKey": "MENU", "options": {{"id": {BIG}, "w": [{TENTH}, 1.50]}}}}}},
                {{"op": "add_segment", "name": "ask", "segmentType": "ask", "config": {{}}}},
                {{"op": "set_config", "segment": "ask", "key": "choices",
                  "value": [{{"result": "a", "n": {BIG}}}]}}]"#
        ));
        let f = apply(&Flow::new("r"), &c, &ops).unwrap();
        let stored = &f.segment("menu").unwrap().config["options"];
        assert_eq!(stored, &format!(r#"{{"id":{BIG},"w":[{TENTH},1.50]}}"#));
        assert_eq!(
            f.segment("ask").unwrap().config["choices"],
            format!(r#"[{{"result":"a","n":{BIG}}}]"#)
        );
        // The audit and the designer get the operations back as written.
        let again = serde_json::to_string(&ops).unwrap();
        assert!(again.contains(BIG) && again.contains(TENTH), "{again}");
        let text = export(&f, &c, None);
        assert!(text.contains(&format!("\"id\": {BIG}")), "{text}");
        assert!(text.contains(TENTH) && text.contains("1.50"), "{text}");
        let back = import(&text, &c).unwrap();
        assert_eq!(back.flow, f);
        assert_eq!(export(&back.flow, &c, None), text);
    }

    #[test]
    fn duplicate_keys_and_nul_in_a_value_are_refused_naming_segment_and_key() {
        let c = catalog();
        let base = apply(
            &Flow::new("r"),
            &c,
            &ops_text(r#"[{"op": "add_segment", "name": "menu", "segmentType": "menu", "config": {"promptMessageKey": "MENU"}}]"#),
        )
        .unwrap();
        for (value, says) in [
            (r#"{"a": 1, "b": {"c": 1, "c": 2}}"#, "duplicate key \"c\""),
            (r#"{"a": "x\u0000y"}"#, "NUL"),
        ] {
            let ops = ops_text(&format!(
                r#"[{{"op": "set_config", "segment": "menu", "key": "options", "value": {value}}}]"#
            ));
            let e = apply(&base, &c, &ops).unwrap_err();
            assert_eq!(e.code, crate::ErrorCode::Validation);
            assert!(
                e.message.contains("key options of segment menu"),
                "{}",
                e.message
            );
            assert!(e.message.contains(says), "{}", e.message);
            let d = e.detail_json();
            assert_eq!(
                (d["segment"].as_str(), d["key"].as_str()),
                (Some("menu"), Some("options"))
            );
        }
        let ops = ops_text(
            r#"[{"op": "add_segment", "name": "m2", "segmentType": "menu", "config": {"promptMessageKey": "A", "promptMessageKey": "B"}}]"#,
        );
        let e = apply(&base, &c, &ops).unwrap_err();
        assert!(
            e.message.contains("gives key promptMessageKey twice"),
            "{}",
            e.message
        );
        // Restoring a segment whose stored JSON breaks the rules is refused as well.
        let mut seg = base.segment("menu").unwrap().clone();
        seg.config
            .insert("options".into(), r#"{"a":1,"a":2}"#.into());
        let e = apply(&base, &c, &[EditOp::RestoreSegment { segment: seg }]).unwrap_err();
        assert!(e.message.contains("duplicate key \"a\""), "{}", e.message);
    }

    #[test]
    fn a_flow_file_with_a_duplicate_key_or_nul_is_refused_at_its_line() {
        let c = catalog();
        let file = |config: &str| {
            format!(
                "{{\n  \"format\": \"ivr-studio.flow\",\n  \"formatVersion\": 1,\n  \"routingId\": \"r\",\n  \"segments\": [\n    {{\n      \"name\": \"menu\",\n      \"type\": \"menu\",\n      \"config\": {config}\n    }}\n  ]\n}}\n"
            )
        };
        // A key twice inside a JSON value: line 11, segment and key named.
        let e = import(
            &file("{\n        \"promptMessageKey\": \"MENU\",\n        \"options\": {\"a\": 1, \"a\": 2}\n      }"),
            &c,
        )
        .unwrap_err();
        let p = problems(&e);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, 11, "{p:?}");
        assert!(p[0].1 > 20, "the column of the second \"a\": {p:?}");
        assert!(
            p[0].2.contains("key options of segment menu")
                && p[0].2.contains("duplicate key \"a\""),
            "{p:?}"
        );
        // The same configuration key twice.
        let e = import(
            &file("{\n        \"promptMessageKey\": \"A\",\n        \"promptMessageKey\": \"B\"\n      }"),
            &c,
        )
        .unwrap_err();
        let p = problems(&e);
        assert_eq!(p[0].0, 11, "{p:?}");
        assert!(p[0].2.contains("given twice"), "{p:?}");
        // A NUL in a string value.
        let e = import(
            &file("{\n        \"promptMessageKey\": \"A\\u0000\"\n      }"),
            &c,
        )
        .unwrap_err();
        let p = problems(&e);
        assert_eq!(p[0].0, 10, "{p:?}");
        assert!(p[0].2.contains("NUL"), "{p:?}");
        // Anywhere else in the file (a canvas style): refused with its line too.
        let text = file("{\"promptMessageKey\": \"A\"},\n      \"ui\": {\"x\": 1, \"y\": 2, \"style\": {\"c\": 1,\n \"c\": 2}}");
        let e = import(&text, &c).unwrap_err();
        let p = problems(&e);
        assert_eq!(p[0].0, 11, "{p:?}");
        assert!(p[0].2.contains("duplicate key \"c\""), "{p:?}");
    }
}
