//! The segment-type dictionary (`cfg_Dic_SegmentType`, `cfg_Dic_Key`, `cfg_Dic_KeyType`) and the
//! rules for configuration values.
//!
//! Values are stored as text in `seg_Key.Value`. Each key type has one canonical text form, so two
//! equal values always compare equal (diff) and export the same:
//! - `string`: the text itself, exactly as given (quotes, brackets, `--`, any script);
//! - `integer`: a decimal 64-bit integer (`42`, `-7`);
//! - `boolean`: `true` or `false`;
//! - `json`: compact JSON (`{"a":1}`), member order kept, every number and string exactly as the
//!   user wrote it (`12345678901234567890123` stays that; see [`crate::RawJson`]); a key given twice
//!   in an object or a NUL character is refused.
//!
//! In typed form (edit operations, flow files) a value is the matching JSON value: a string, an
//! integer number, a boolean, or any JSON value for `json` keys. The key's JSON Schema, when it
//! has one, is checked against the typed form.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// How a configuration value is typed (`cfg_Dic_KeyType.Code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "KeyTypeCode"))]
pub enum KeyType {
    String,
    Integer,
    Boolean,
    Json,
}

impl KeyType {
    /// From `cfg_Dic_KeyType.Code`.
    pub fn from_code(code: &str) -> Option<KeyType> {
        match code.trim().to_ascii_lowercase().as_str() {
            "string" => Some(KeyType::String),
            "integer" => Some(KeyType::Integer),
            "boolean" => Some(KeyType::Boolean),
            "json" => Some(KeyType::Json),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            KeyType::String => "string",
            KeyType::Integer => "integer",
            KeyType::Boolean => "boolean",
            KeyType::Json => "json",
        }
    }
}

/// A compiled JSON Schema, shared between clones of the catalog.
#[derive(Clone)]
pub struct CompiledSchema(Arc<jsonschema::Validator>);

impl fmt::Debug for CompiledSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CompiledSchema")
    }
}

/// One configuration key of a segment type (`cfg_Dic_Key`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyDef {
    /// `DicKeyId`.
    pub id: i64,
    pub name: String,
    pub key_type: KeyType,
    pub required: bool,
    /// Canonical stored text of the default, filled in where the key is absent.
    pub default: Option<String>,
    /// The default in typed form (what an inspector field starts from).
    pub default_value: Option<Value>,
    /// `ValidationSchema`: a JSON Schema for the typed value.
    pub schema: Option<Value>,
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    compiled: Option<CompiledSchema>,
}

/// One segment type (`cfg_Dic_SegmentType`) with its keys and results.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentTypeDef {
    /// `DicSegmentTypeId`.
    pub id: i64,
    pub code: String,
    pub display_name: String,
    /// Palette group (`prompt`, `input`, `logic`, `routing`, `integration`, `terminal`, …).
    #[serde(default)]
    pub category: Option<String>,
    /// A terminal type (e.g. `disconnect`) ends the call: it may have no outgoing transitions.
    pub terminal: bool,
    /// Sorted by name.
    pub keys: Vec<KeyDef>,
    /// What a segment of this type can produce (`cfg_Dic_SegmentResult`), in handle order. Empty
    /// for a non-terminal type means "not declared": any result name is accepted.
    #[serde(default)]
    pub results: Vec<ResultRule>,
}

/// One result rule of a segment type: a fixed result, or results taken from configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ResultRule {
    #[serde(flatten)]
    pub source: ResultSource,
    /// A result with no transition is an error (blocks publish), not a warning.
    pub must_handle: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where a result name comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ResultSource {
    /// Always the same name (`done`, `no_input`, …).
    Fixed { name: String },
    /// One result per element of the JSON-array key `key`, named by the element's member `field`
    /// (a menu's `options[].result`).
    Config { key: String, field: String },
}

/// One result a particular segment can produce (its type's rules applied to its configuration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentResult {
    pub name: String,
    pub must_handle: bool,
    /// Taken from this configuration key (e.g. `options`), rather than fixed by the type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_key: Option<String>,
}

impl KeyDef {
    pub fn new(
        id: i64,
        name: impl Into<String>,
        key_type: KeyType,
        required: bool,
        default: Option<String>,
        schema: Option<Value>,
    ) -> KeyDef {
        let mut def = KeyDef {
            id,
            name: name.into(),
            key_type,
            required,
            default: None,
            default_value: None,
            schema,
            compiled: None,
        };
        def.default_value = default.as_deref().map(|d| def.typed_lossy(d));
        def.default = default;
        def
    }

    /// Typed JSON → canonical stored text, checking the type and the schema.
    pub fn value_from_json(&self, v: &Value) -> Result<String, String> {
        let text = match (self.key_type, v) {
            (KeyType::String, Value::String(s)) => s.clone(),
            (KeyType::Integer, Value::Number(n)) if n.is_i64() => n.to_string(),
            (KeyType::Boolean, Value::Bool(b)) => b.to_string(),
            (KeyType::Json, v) => v.to_string(),
            (t, v) => {
                return Err(format!(
                    "expects {} but got {}",
                    describe_type(t),
                    describe_json(v)
                ))
            }
        };
        let problems = self.schema_problems(v);
        if problems.is_empty() {
            Ok(text)
        } else {
            Err(problems.join("; "))
        }
    }

    /// Typed JSON as written → canonical stored text, checking the type, the schema and the JSON
    /// itself (a key twice in an object, a NUL character). A `json` key keeps every number and
    /// string as written; the schema is checked on a parsed copy.
    pub fn value_from_raw(&self, v: &crate::RawJson) -> Result<String, String> {
        if let Some(p) = v.problem() {
            return Err(format!("is refused: {p}"));
        }
        let Some(parsed) = v.value() else {
            return Err("is not valid JSON".into());
        };
        if self.key_type != KeyType::Json {
            return self.value_from_json(&parsed);
        }
        let problems = self.schema_problems(&parsed);
        if problems.is_empty() {
            Ok(v.compact())
        } else {
            Err(problems.join("; "))
        }
    }

    /// Canonical stored text → typed JSON, checking only the type.
    pub fn typed(&self, stored: &str) -> Result<Value, String> {
        match self.key_type {
            KeyType::String => Ok(Value::String(stored.to_owned())),
            KeyType::Integer => stored
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| format!("expects an integer but holds {stored:?}")),
            KeyType::Boolean => match stored.trim() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(format!("expects true or false but holds {stored:?}")),
            },
            KeyType::Json => match crate::JsonText::locate_problem(stored, false) {
                Some((p, _, _)) if !p.starts_with("is not valid JSON") => {
                    Err(format!("holds JSON that cannot be kept: {p}"))
                }
                _ => serde_json::from_str(stored)
                    .map_err(|e| format!("expects JSON but holds text that is not JSON ({e})")),
            },
        }
    }

    /// Every problem of a stored value (type, then schema); empty when valid.
    pub fn check_stored(&self, stored: &str) -> Vec<String> {
        match self.typed(stored) {
            Ok(v) => self.schema_problems(&v),
            Err(e) => vec![e],
        }
    }

    /// Stored text as typed JSON, falling back to the text itself when it does not fit the type
    /// (so a broken stored value still exports and shows).
    pub fn typed_lossy(&self, stored: &str) -> Value {
        self.typed(stored)
            .unwrap_or_else(|_| Value::String(stored.to_owned()))
    }

    fn schema_problems(&self, v: &Value) -> Vec<String> {
        let Some(CompiledSchema(validator)) = &self.compiled else {
            return Vec::new();
        };
        validator
            .iter_errors(v)
            .map(|e| {
                let path = e.instance_path().to_string();
                if path.is_empty() {
                    format!("does not match its schema: {e}")
                } else {
                    format!("does not match its schema at {path}: {e}")
                }
            })
            .collect()
    }
}

fn describe_type(t: KeyType) -> &'static str {
    match t {
        KeyType::String => "a string",
        KeyType::Integer => "an integer",
        KeyType::Boolean => "true or false",
        KeyType::Json => "JSON",
    }
}

fn describe_json(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

impl SegmentTypeDef {
    pub fn key(&self, name: &str) -> Option<&KeyDef> {
        self.keys
            .binary_search_by(|k| k.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.keys[i])
    }

    /// True when the type lists what it produces (terminal types produce nothing, which is a
    /// declaration too). An undeclared type accepts any result name.
    pub fn declares_results(&self) -> bool {
        self.terminal || !self.results.is_empty()
    }

    /// The results a segment of this type with `config` (stored text by key) can produce, in
    /// handle order, each name once. A configuration key whose value is not a JSON array (or is
    /// missing) yields no results from it; elements without a string `field` are skipped.
    pub fn results_for(&self, config: &BTreeMap<String, String>) -> Vec<SegmentResult> {
        if self.terminal {
            return Vec::new();
        }
        let mut out: Vec<SegmentResult> = Vec::new();
        for rule in &self.results {
            match &rule.source {
                ResultSource::Fixed { name } => push_result(&mut out, name, rule.must_handle, None),
                ResultSource::Config { key, field } => {
                    let Some(Value::Array(items)) = config
                        .get(key)
                        .and_then(|text| serde_json::from_str::<Value>(text).ok())
                    else {
                        continue;
                    };
                    for item in &items {
                        if let Some(name) = item.get(field).and_then(Value::as_str) {
                            push_result(&mut out, name, rule.must_handle, Some(key));
                        }
                    }
                }
            }
        }
        out
    }
}

/// "it produces: a, b" / "it produces no results", for messages.
pub fn describe_results(results: &[SegmentResult]) -> String {
    if results.is_empty() {
        "it produces no results".to_string()
    } else {
        let names: Vec<&str> = results.iter().map(|r| r.name.as_str()).collect();
        format!("it produces: {}", names.join(", "))
    }
}

/// A result rule names a valid result, or a JSON key of its own type.
fn check_result_rule(t: &SegmentTypeDef, r: &ResultRule) -> Result<()> {
    let problem = match &r.source {
        ResultSource::Fixed { name } => super::check_result_name("result name", name).err(),
        ResultSource::Config { key, field } => match t.key(key) {
            None => Some(format!(
                "its results come from key {key}, which it does not have"
            )),
            Some(k) if k.key_type != KeyType::Json => Some(format!(
                "its results come from key {key}, which is not a JSON key"
            )),
            Some(_) if field.is_empty() => Some(format!("key {key} names no result member")),
            Some(_) => None,
        },
    };
    match problem {
        Some(p) => Err(Error::validation(format!(
            "the result dictionary of segment type {} is broken: {p}",
            t.code
        ))),
        None => Ok(()),
    }
}

fn push_result(out: &mut Vec<SegmentResult>, name: &str, must_handle: bool, key: Option<&str>) {
    if name.is_empty() {
        return;
    }
    match out.iter_mut().find(|r| r.name == name) {
        Some(r) => r.must_handle |= must_handle,
        None => out.push(SegmentResult {
            name: name.to_string(),
            must_handle,
            config_key: key.map(str::to_owned),
        }),
    }
}

/// The whole dictionary, ready to check values (schemas compiled once). Serialized, it is what
/// the designer's palette, nodes (one output handle per result) and inspector read.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SegmentCatalog"))]
pub struct Catalog {
    /// Sorted by code.
    types: Vec<SegmentTypeDef>,
}

impl Catalog {
    /// Builds the catalog, compiling every key's JSON Schema and checking every default.
    /// A broken dictionary entry is a VALIDATION error naming the type and the key.
    pub fn new(mut types: Vec<SegmentTypeDef>) -> Result<Catalog> {
        types.sort_by(|a, b| a.code.cmp(&b.code));
        for w in types.windows(2) {
            if w[0].code == w[1].code {
                return Err(Error::validation(format!(
                    "the segment-type dictionary lists {} twice",
                    w[0].code
                )));
            }
        }
        for t in &mut types {
            t.keys.sort_by(|a, b| a.name.cmp(&b.name));
            for k in &mut t.keys {
                if let Some(schema) = &k.schema {
                    let v = jsonschema::validator_for(schema).map_err(|e| {
                        Error::validation(format!(
                            "key {} of segment type {} has an invalid JSON Schema: {e}",
                            k.name, t.code
                        ))
                    })?;
                    k.compiled = Some(CompiledSchema(Arc::new(v)));
                }
                if let Some(d) = &k.default {
                    let problems = k.check_stored(d);
                    if !problems.is_empty() {
                        return Err(Error::validation(format!(
                            "key {} of segment type {} has an invalid default: {}",
                            k.name,
                            t.code,
                            problems.join("; ")
                        )));
                    }
                }
            }
            for r in &t.results {
                check_result_rule(t, r)?;
            }
        }
        Ok(Catalog { types })
    }

    pub fn types(&self) -> &[SegmentTypeDef] {
        &self.types
    }

    pub fn segment_type(&self, code: &str) -> Option<&SegmentTypeDef> {
        self.types
            .binary_search_by(|t| t.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.types[i])
    }

    pub fn segment_type_by_id(&self, id: i64) -> Option<&SegmentTypeDef> {
        self.types.iter().find(|t| t.id == id)
    }

    /// The codes, for messages ("one of: …").
    pub fn codes(&self) -> Vec<&str> {
        self.types.iter().map(|t| t.code.as_str()).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    fn fixed(name: &str, must_handle: bool) -> ResultRule {
        ResultRule {
            source: ResultSource::Fixed { name: name.into() },
            must_handle,
            description: None,
        }
    }

    /// A small dictionary used by the flow tests: an ask's results come from `choices[].result`
    /// plus `no_input`; play_message must handle `done`; menu and transfer declare none.
    pub(crate) fn catalog() -> Catalog {
        static CATALOG: std::sync::LazyLock<Catalog> = std::sync::LazyLock::new(build_catalog);
        CATALOG.clone()
    }

    fn build_catalog() -> Catalog {
        let k = |id, name: &str, t, req, def: Option<&str>, schema: Option<Value>| {
            KeyDef::new(id, name, t, req, def.map(str::to_owned), schema)
        };
        Catalog::new(vec![
            SegmentTypeDef {
                id: 1,
                code: "play_message".into(),
                display_name: "Play message".into(),
                terminal: false,
                keys: vec![
                    k(
                        10,
                        "messageKey",
                        KeyType::String,
                        true,
                        None,
                        Some(json!({"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"})),
                    ),
                    k(11, "bargeIn", KeyType::Boolean, false, Some("true"), None),
                ],
                category: Some("prompt".into()),
                results: vec![fixed("done", true)],
            },
            SegmentTypeDef {
                id: 2,
                code: "menu".into(),
                display_name: "Menu".into(),
                terminal: false,
                keys: vec![
                    k(20, "promptMessageKey", KeyType::String, true, None, None),
                    k(
                        21,
                        "maxRetries",
                        KeyType::Integer,
                        false,
                        Some("3"),
                        Some(json!({"type": "integer", "minimum": 0, "maximum": 9})),
                    ),
                    k(
                        22,
                        "options",
                        KeyType::Json,
                        false,
                        None,
                        Some(json!({"type": "object"})),
                    ),
                    k(23, "label", KeyType::String, false, None, None),
                ],
                // Declares no results: any result name is accepted.
                category: Some("input".into()),
                results: vec![],
            },
            SegmentTypeDef {
                id: 5,
                code: "ask".into(),
                display_name: "Ask".into(),
                terminal: false,
                keys: vec![
                    k(50, "messageKey", KeyType::String, false, None, None),
                    k(
                        51,
                        "choices",
                        KeyType::Json,
                        false,
                        None,
                        Some(json!({"type": "array"})),
                    ),
                ],
                category: Some("input".into()),
                results: vec![
                    ResultRule {
                        source: ResultSource::Config {
                            key: "choices".into(),
                            field: "result".into(),
                        },
                        must_handle: true,
                        description: None,
                    },
                    fixed("no_input", false),
                ],
            },
            SegmentTypeDef {
                id: 3,
                code: "disconnect".into(),
                display_name: "Disconnect".into(),
                terminal: true,
                keys: vec![],
                category: Some("terminal".into()),
                results: vec![],
            },
            SegmentTypeDef {
                id: 4,
                code: "transfer".into(),
                display_name: "Transfer".into(),
                terminal: false,
                keys: vec![k(40, "destination", KeyType::String, true, None, None)],
                // Declares no results: any result name is accepted.
                category: None,
                results: vec![],
            },
        ])
        .unwrap()
    }

    #[test]
    fn values_are_typed_and_canonical() {
        let c = catalog();
        let menu = c.segment_type("menu").unwrap();
        let retries = menu.key("maxRetries").unwrap();
        assert_eq!(retries.value_from_json(&json!(2)).unwrap(), "2");
        assert!(retries
            .value_from_json(&json!("2"))
            .unwrap_err()
            .contains("an integer"));
        assert!(retries.value_from_json(&json!(2.5)).is_err());
        assert!(retries.value_from_json(&json!(true)).is_err());
        assert!(retries
            .value_from_json(&json!(12))
            .unwrap_err()
            .contains("schema"));
        assert_eq!(retries.typed("7").unwrap(), json!(7));
        assert!(!retries.check_stored("abc").is_empty());

        let options = menu.key("options").unwrap();
        assert_eq!(
            options
                .value_from_json(&json!({"b": 1, "a": [true]}))
                .unwrap(),
            r#"{"b":1,"a":[true]}"#
        );
        assert!(options
            .value_from_json(&json!([1]))
            .unwrap_err()
            .contains("schema"));
        assert!(!options.check_stored("{not json").is_empty());

        let barge = c
            .segment_type("play_message")
            .unwrap()
            .key("bargeIn")
            .unwrap();
        assert_eq!(barge.value_from_json(&json!(false)).unwrap(), "false");
        assert!(barge.value_from_json(&json!("false")).is_err());
        assert!(!barge.check_stored("yes").is_empty());

        let label = menu.key("label").unwrap();
        let odd = "O'Brien [x] -- \"日本\" ü; DROP TABLE x";
        assert_eq!(label.value_from_json(&json!(odd)).unwrap(), odd);
        assert!(label.value_from_json(&json!(5)).is_err());
    }

    #[test]
    fn a_broken_dictionary_is_refused() {
        // A dictionary of one segment type "x" with one key and the given result rules.
        let one_type = |key: KeyDef, results: Vec<ResultRule>| {
            Catalog::new(vec![SegmentTypeDef {
                id: 1,
                code: "x".into(),
                display_name: "X".into(),
                category: None,
                terminal: false,
                results,
                keys: vec![key],
            }])
        };
        let bad_schema = one_type(
            KeyDef::new(
                1,
                "k",
                KeyType::String,
                false,
                None,
                Some(json!({"type": 12})),
            ),
            vec![],
        );
        assert_eq!(bad_schema.unwrap_err().code, crate::ErrorCode::Validation);
        let bad_default = one_type(
            KeyDef::new(1, "k", KeyType::Integer, false, Some("many".into()), None),
            vec![],
        );
        assert!(bad_default.unwrap_err().message.contains("invalid default"));
        let with_rule = |rule: ResultRule| {
            one_type(
                KeyDef::new(1, "k", KeyType::String, false, None, None),
                vec![rule],
            )
        };
        let from = |key: &str| ResultRule {
            source: ResultSource::Config {
                key: key.into(),
                field: "result".into(),
            },
            must_handle: false,
            description: None,
        };
        for (rule, needle) in [
            (fixed("no input", false), "result name"),
            (from("missing"), "does not have"),
            (from("k"), "not a JSON key"),
        ] {
            let e = with_rule(rule).unwrap_err();
            assert!(e.message.contains(needle), "{}", e.message);
        }
    }

    #[test]
    fn a_segment_produces_its_fixed_results_and_those_of_its_configuration() {
        let c = catalog();
        let menu = c.segment_type("ask").unwrap();
        let mut config = BTreeMap::new();
        let names = |r: Vec<SegmentResult>| -> Vec<(String, bool)> {
            r.into_iter().map(|r| (r.name, r.must_handle)).collect()
        };
        assert_eq!(
            names(menu.results_for(&config)),
            [("no_input".into(), false)]
        );
        config.insert(
            "choices".into(),
            r#"[{"result":"sales"},{"result":"support"},{"digit":"3"},{"result":"sales"},{"result":"no_input"}]"#.into(),
        );
        let r = menu.results_for(&config);
        assert_eq!(r[0].config_key.as_deref(), Some("choices"));
        assert!(r.iter().all(|r| r.config_key.as_deref() == Some("choices")));
        assert_eq!(
            names(r),
            [
                ("sales".into(), true),
                ("support".into(), true),
                // A configured result that is also fixed is listed once, and must be handled.
                ("no_input".into(), true),
            ]
        );
        config.insert("choices".into(), "{not json".into());
        assert_eq!(menu.results_for(&config).len(), 1);
        assert!(menu.declares_results());
        let disconnect = c.segment_type("disconnect").unwrap();
        assert!(disconnect.declares_results());
        assert!(disconnect.results_for(&config).is_empty());
        assert!(!c.segment_type("transfer").unwrap().declares_results());
        // The catalog the designer reads carries results, category and typed defaults.
        let j = serde_json::to_value(&c).unwrap();
        let ask_json = &j["types"][0];
        assert_eq!(ask_json["code"], "ask");
        assert_eq!(ask_json["category"], "input");
        assert_eq!(
            ask_json["results"][0],
            json!({"kind": "config", "key": "choices", "field": "result", "mustHandle": true})
        );
        assert_eq!(ask_json["results"][1]["kind"], "fixed");
        let retries = &j["types"][2]["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["name"] == "maxRetries")
            .unwrap();
        assert_eq!(retries["default"], "3");
        assert_eq!(retries["defaultValue"], 3);
        assert_eq!(retries["keyType"], "integer");
    }
}
