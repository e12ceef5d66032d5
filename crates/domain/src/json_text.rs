//! A user's JSON document kept exactly as written.
//!
//! Parsing JSON into `serde_json::Value` and writing it back changes what the user wrote: a number
//! beyond f64 loses digits (`12345678901234567890123` → `1.2345678901234568e+22`) and a duplicate
//! key silently keeps one value. So the text itself is what is validated, stored and returned:
//! [`JsonText::problem`] checks syntax, duplicate keys (at any depth) and NUL characters, and
//! [`JsonText::pretty`] formats it for display with serde_json's printer, every value as written.
//!
//! serde_json's `arbitrary_precision` feature would also keep the digits, but Cargo unifies
//! features across the workspace, and with it numbers inside `#[serde(flatten)]` and untagged
//! types (Tauri's IPC, our request types) stop deserializing; keeping the text changes nothing
//! for any other crate.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashSet;
use std::fmt;

/// JSON text as the user wrote it. Serialized as a string (the exact text); deserialized from a
/// string (kept as is, checked by [`JsonText::problem`] where it is validated) or, for callers that
/// already hold a parsed value, from any other JSON value (written compactly).
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JsonText(String);

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JsonText({})", self.0)
    }
}

impl fmt::Display for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonText {
    /// Text as written, not yet checked (call [`JsonText::problem`] before storing it).
    pub fn new(text: impl Into<String>) -> JsonText {
        JsonText(text.into())
    }

    /// Text read back from the database (checked when it was written).
    pub fn stored(text: impl Into<String>) -> JsonText {
        JsonText(text.into())
    }

    /// A value the program built (compact text; exact for every number a `Value` can hold).
    pub fn from_value(value: &serde_json::Value) -> JsonText {
        JsonText(value.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A parsed copy for rules that look inside (numbers beyond f64 are approximated here, never
    /// in what is stored). `None` when the text is not JSON.
    pub fn value(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.0).ok()
    }

    /// Why the text cannot be stored, or `None`: not JSON, a key twice in one object, a NUL
    /// character (raw or escaped), or — with `object` — not a JSON object.
    pub fn problem(&self, object: bool) -> Option<String> {
        problem(&self.0, object)
    }

    /// The text without the whitespace between tokens, every number and string value as written.
    pub fn compact(&self) -> String {
        compact(&self.0)
    }

    /// [`JsonText::problem`] with where it was found in `text` (1-based line and column; 0 when
    /// the problem is the document as a whole).
    pub fn locate_problem(text: &str, object: bool) -> Option<(String, usize, usize)> {
        let mut de = serde_json::Deserializer::from_str(text);
        let kind = match Checked
            .deserialize(&mut de)
            .and_then(|k| de.end().map(|_| k))
        {
            Ok(kind) => kind,
            Err(e) => {
                let m = e.to_string();
                let m = match m.rfind(" at line ") {
                    Some(i) => m[..i].to_string(),
                    None => m,
                };
                let m = if m.starts_with("duplicate key") || m.starts_with("NUL") {
                    m
                } else {
                    format!("is not valid JSON: {m}")
                };
                return Some((m, e.line(), e.column()));
            }
        };
        if object && kind != Kind::Object {
            return Some(("must be a JSON object ({…})".into(), 0, 0));
        }
        None
    }

    /// Two-space indented, every number and string value exactly as written (object keys are
    /// re-escaped, with the same characters). Text that is not valid JSON is returned unchanged.
    pub fn pretty(&self) -> String {
        serde_json::from_str::<Node>(&self.0)
            .and_then(|node| serde_json::to_string_pretty(&node))
            .unwrap_or_else(|_| self.0.clone())
    }
}

/// A JSON value inside a larger document (an edit operation's `value`, a flow file's configuration
/// value), kept as written: serialized as that JSON itself (not as a string), deserialized as its
/// exact text where the input is text (the CLI, files); from an already parsed value (Tauri's IPC)
/// it holds that value's text. Checked with the same rule as [`JsonText`] ([`RawJson::problem`]).
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Parses `text` as one JSON value (syntax only; see [`RawJson::problem`]).
    pub fn parse(text: &str) -> Result<RawJson, String> {
        RawValue::from_string(text.trim().to_owned())
            .map(RawJson)
            .map_err(|e| e.to_string())
    }

    /// A value the program built (exact for every number a `Value` can hold).
    pub fn from_value(value: &serde_json::Value) -> RawJson {
        // A `Value` always writes valid JSON, so this never falls back in practice.
        RawValue::from_string(value.to_string())
            .map(RawJson)
            .unwrap_or_else(|_| RawJson::null())
    }

    pub fn null() -> RawJson {
        RawJson(RawValue::NULL.to_owned())
    }

    /// The JSON text as written.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// A parsed copy for rules that look inside (numbers beyond f64 approximated).
    pub fn value(&self) -> Option<serde_json::Value> {
        serde_json::from_str(self.0.get()).ok()
    }

    /// Why the value cannot be stored (a duplicate key, a NUL), or `None` — [`JsonText::problem`].
    pub fn problem(&self) -> Option<String> {
        problem(self.0.get(), false)
    }

    /// The text without the whitespace between tokens; every number and string as written.
    pub fn compact(&self) -> String {
        compact(self.0.get())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.get())
    }
}

impl From<&RawValue> for RawJson {
    fn from(raw: &RawValue) -> RawJson {
        RawJson(raw.to_owned())
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> RawJson {
        RawJson::from_value(&value)
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawJson, D::Error> {
        <Box<RawValue>>::deserialize(d).map(RawJson)
    }
}

/// Members of a JSON object of values kept as written, in order, a key given twice kept twice (so a
/// rule can refuse it rather than a map silently keeping one): a segment's typed configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawMembers(pub Vec<(String, RawJson)>);

impl RawMembers {
    /// The first key given more than once.
    pub fn duplicate(&self) -> Option<&str> {
        let mut seen = HashSet::new();
        self.0
            .iter()
            .map(|(k, _)| k.as_str())
            .find(|k| !seen.insert(*k))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &RawJson)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, RawJson)> for RawMembers {
    fn from_iter<I: IntoIterator<Item = (String, RawJson)>>(iter: I) -> RawMembers {
        RawMembers(iter.into_iter().collect())
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for RawMembers {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> RawMembers {
        map.into_iter()
            .map(|(k, v)| (k, RawJson::from(v)))
            .collect()
    }
}

impl Serialize for RawMembers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for RawMembers {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawMembers, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawMembers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMembers, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, RawJson>()? {
                    members.push(entry);
                }
                Ok(RawMembers(members))
            }
        }
        d.deserialize_map(V)
    }
}

/// [`JsonText::problem`] of a text.
fn problem(text: &str, object: bool) -> Option<String> {
    JsonText::locate_problem(text, object).map(|(m, line, column)| {
        if line > 0 && m.starts_with("is not valid JSON") {
            format!("{m} at line {line} column {column}")
        } else {
            m
        }
    })
}

/// JSON text to embed in a document being serialized: its containers are written by the
/// serializer (so a pretty printer indents them), every number and string as written. Text that is
/// not JSON is written as a JSON string.
pub struct Embedded<'a>(pub &'a str);

impl Serialize for Embedded<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match serde_json::from_str::<Node>(self.0) {
            Ok(node) => node.serialize(s),
            Err(_) => s.serialize_str(self.0),
        }
    }
}

/// [`RawJson::compact`] of a text; text that is not JSON is returned unchanged.
fn compact(text: &str) -> String {
    serde_json::from_str::<Node>(text)
        .and_then(|node| serde_json::to_string(&node))
        .unwrap_or_else(|_| text.to_owned())
}

/// A document read for formatting: containers parsed, every scalar kept as its raw text
/// (serde_json's `RawValue`), so serde_json's own pretty printer writes it back token for token.
enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Scalar(Box<RawValue>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        // Without `arbitrary_precision` a number's text is only available as a raw value, so each
        // container is captured raw and read again one level down (formatting is for display).
        let raw = <Box<RawValue>>::deserialize(d)?;
        let text = raw.get();
        Ok(if text.starts_with('{') {
            let Members(members) = serde_json::from_str(text).map_err(de::Error::custom)?;
            Node::Object(members)
        } else if text.starts_with('[') {
            Node::Array(serde_json::from_str(text).map_err(de::Error::custom)?)
        } else {
            Node::Scalar(raw)
        })
    }
}

struct Members(Vec<(String, Node)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Members, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, Node>()? {
                    members.push(entry);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(V)
    }
}

impl Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Object(members) => s.collect_map(members.iter().map(|(k, v)| (k, v))),
            Node::Array(items) => s.collect_seq(items),
            Node::Scalar(raw) => raw.serialize(s),
        }
    }
}

impl From<serde_json::Value> for JsonText {
    fn from(value: serde_json::Value) -> JsonText {
        JsonText::from_value(&value)
    }
}

impl Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for JsonText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<JsonText, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(text) => JsonText(text),
            other => JsonText::from_value(&other),
        })
    }
}

/// An optional JSON value given either as JSON text in a string (what a caller whose transport
/// parses JSON sends: the desktop UI) or as the JSON itself, kept exactly as written (a file, the
/// CLI; a `serde_json::Value` in between would round a number beyond f64). `null` is `None`.
/// Needs serde_json's own deserializer (text or a `Value`), as [`RawJson`] does.
pub fn text_or_raw<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<JsonText>, D::Error> {
    let Some(raw) = Option::<Box<RawValue>>::deserialize(d)? else {
        return Ok(None);
    };
    let text = raw.get();
    Ok(Some(if text.starts_with('"') {
        JsonText(serde_json::from_str::<String>(text).map_err(de::Error::custom)?)
    } else {
        JsonText(text.to_owned())
    }))
}

#[derive(PartialEq)]
enum Kind {
    Object,
    Other,
}

/// Walks a document: refuses duplicate keys and NUL characters, keeps nothing.
struct Checked;

impl<'de> DeserializeSeed<'de> for Checked {
    type Value = Kind;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

fn no_nul<E: de::Error>(s: &str) -> Result<(), E> {
    if s.contains('\0') {
        return Err(E::custom("NUL characters are not allowed in JSON text"));
    }
    Ok(())
}

impl<'de> Visitor<'de> for Checked {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_unit<E>(self) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Kind, E> {
        no_nul(s)?;
        Ok(Kind::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        while seq.next_element_seed(Checked)?.is_some() {}
        Ok(Kind::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            no_nul(&key)?;
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!(
                    "duplicate key {}: each key may appear once in an object",
                    crate::error::quote(&format!("{key:?}"))
                )));
            }
            map.next_value_seed(Checked)?;
        }
        Ok(Kind::Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_and_formatting_are_kept_exactly() {
        let text = r#"{"big": 12345678901234567890123, "f": 1.50, "e": 1E+2, "s": "a\"b}"}"#;
        let j = JsonText::new(text);
        assert_eq!(j.problem(true), None);
        assert_eq!(j.as_str(), text);
        let pretty = j.pretty();
        assert!(pretty.contains("12345678901234567890123"), "{pretty}");
        assert!(
            pretty.contains("1.50") && pretty.contains("1E+2"),
            "{pretty}"
        );
        assert!(pretty.contains(r#""a\"b}""#), "{pretty}");
        // Formatting never changes the document: the pretty text reads back to the same tokens.
        let again = JsonText::new(pretty.clone()).pretty();
        assert_eq!(again, pretty);
        assert_eq!(
            JsonText::new(r#"{"a":{},"b":[ ]}"#).pretty(),
            "{\n  \"a\": {},\n  \"b\": []\n}"
        );
        // Serialized as the exact text, so no reader in between can round it.
        let out = serde_json::to_string(&j).unwrap();
        assert!(out.contains("12345678901234567890123"));
        let back: JsonText = serde_json::from_str(&out).unwrap();
        assert_eq!(back, j);
    }

    #[test]
    fn duplicate_keys_nul_and_non_objects_are_refused() {
        let dup = JsonText::new(r#"{"a": 1, "b": {"c": 1, "c": 2}}"#);
        let p = dup.problem(true).unwrap();
        assert!(p.contains("duplicate key \"c\""), "{p}");
        assert!(JsonText::new(r#"{"a": "x\u0000y"}"#)
            .problem(true)
            .unwrap()
            .contains("NUL"));
        assert!(JsonText::new("{\"a\": \"x\0y\"}").problem(true).is_some());
        assert!(JsonText::new(r#"{"a\u0000": 1}"#)
            .problem(true)
            .unwrap()
            .contains("NUL"));
        assert_eq!(
            JsonText::new("[1]").problem(true).unwrap(),
            "must be a JSON object ({…})"
        );
        assert_eq!(JsonText::new("[1]").problem(false), None);
        assert!(JsonText::new("{} x")
            .problem(true)
            .unwrap()
            .starts_with("is not valid JSON"));
        assert!(JsonText::new("").problem(true).is_some());
    }

    #[test]
    fn a_value_from_a_caller_is_written_compactly() {
        let v = serde_json::json!({"a": [1, 2]});
        let j: JsonText = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(j.as_str(), r#"{"a":[1,2]}"#);
        assert_eq!(j.value(), Some(v));
    }
}
