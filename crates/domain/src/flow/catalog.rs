//! The segment-type dictionary (`cfg_Dic_SegmentType`, `cfg_Dic_Key`, `cfg_Dic_KeyType`) and the
//! rules for configuration values.
//!
//! Values are stored as text in `seg_Key.Value`. Each key type has one canonical text form, so two
//! equal values always compare equal (diff) and export the same:
//! - `string`: the text itself, exactly as given (quotes, brackets, `--`, any script);
//! - `integer`: a decimal 64-bit integer (`42`, `-7`);
//! - `boolean`: `true` or `false`;
//! - `json`: compact JSON (`{"a":1}`), member order kept.
//!
//! In typed form (edit operations, flow files) a value is the matching JSON value: a string, an
//! integer number, a boolean, or any JSON value for `json` keys. The key's JSON Schema, when it
//! has one, is checked against the typed form.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyDef {
    /// `DicKeyId`.
    pub id: i32,
    pub name: String,
    pub key_type: KeyType,
    pub required: bool,
    /// Canonical stored text of the default, filled in where the key is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `ValidationSchema`: a JSON Schema for the typed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    #[serde(skip)]
    compiled: Option<CompiledSchema>,
}

/// One segment type (`cfg_Dic_SegmentType`) with its keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentTypeDef {
    /// `DicSegmentTypeId`.
    pub id: i32,
    pub code: String,
    pub display_name: String,
    /// A terminal type (e.g. `disconnect`) ends the call: it may have no outgoing transitions.
    pub terminal: bool,
    /// Sorted by name.
    pub keys: Vec<KeyDef>,
}

impl KeyDef {
    pub fn new(
        id: i32,
        name: impl Into<String>,
        key_type: KeyType,
        required: bool,
        default: Option<String>,
        schema: Option<Value>,
    ) -> KeyDef {
        KeyDef {
            id,
            name: name.into(),
            key_type,
            required,
            default,
            schema,
            compiled: None,
        }
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
            KeyType::Json => serde_json::from_str(stored)
                .map_err(|e| format!("expects JSON but holds text that is not JSON ({e})")),
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
}

/// The whole dictionary, ready to check values (schemas compiled once).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
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

    pub fn segment_type_by_id(&self, id: i32) -> Option<&SegmentTypeDef> {
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

    /// A small dictionary used by the flow tests.
    pub(crate) fn catalog() -> Catalog {
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
            },
            SegmentTypeDef {
                id: 3,
                code: "disconnect".into(),
                display_name: "Disconnect".into(),
                terminal: true,
                keys: vec![],
            },
            SegmentTypeDef {
                id: 4,
                code: "transfer".into(),
                display_name: "Transfer".into(),
                terminal: false,
                keys: vec![k(40, "destination", KeyType::String, true, None, None)],
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
        let bad_schema = Catalog::new(vec![SegmentTypeDef {
            id: 1,
            code: "x".into(),
            display_name: "X".into(),
            terminal: false,
            keys: vec![KeyDef::new(
                1,
                "k",
                KeyType::String,
                false,
                None,
                Some(json!({"type": 12})),
            )],
        }]);
        assert_eq!(bad_schema.unwrap_err().code, crate::ErrorCode::Validation);
        let bad_default = Catalog::new(vec![SegmentTypeDef {
            id: 1,
            code: "x".into(),
            display_name: "X".into(),
            terminal: false,
            keys: vec![KeyDef::new(
                1,
                "k",
                KeyType::Integer,
                false,
                Some("many".into()),
                None,
            )],
        }]);
        assert!(bad_default.unwrap_err().message.contains("invalid default"));
    }
}
