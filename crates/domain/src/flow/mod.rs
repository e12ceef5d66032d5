//! Flows: the segment graph of one `RoutingId` (spec: Segment Store, ChangeSet pattern).
//!
//! A [`Flow`] is what a designer sees: segments with a type and configuration keys, transitions
//! from a segment's results to the next segment by name, and canvas state. The same type holds the
//! published graph and a draft (a change set); the store maps rows to it and back.
//!
//! Names are compared exactly, except for uniqueness: SQL Server's default collation is
//! case-insensitive, so `Main` and `main` may not both exist in one flow (both engines agree
//! because the rule is checked here, before any SQL).
//!
//! - [`catalog`]: the segment-type and key dictionaries, value typing and JSON Schema checks.
//! - [`edit`]: edit operations (single or batched), each checked as it is applied.
//! - [`validate`]: whole-flow validation (errors block publish, warnings don't).
//! - [`diff`]: semantic diff between two flows; layout reported apart.
//! - [`file`]: the deterministic flow-file format (export/import, JSON Schema).
//! - [`fragment`]: copy / paste / duplicate of segments, names made unique.
//! - [`layout`]: layered auto-layout of a flow or a selection.
//! - [`plan`]: the row changes that turn one stored flow into another (what the store writes).
//! - [`undo`]: the inverse of every edit operation (undo / redo).
//! - [`versions`]: a flow's published versions and drafts as listed (the UI contract's rows).

pub mod catalog;
pub mod diff;
pub mod edit;
pub mod file;
pub mod fragment;
pub mod layout;
pub mod plan;
pub mod undo;
pub mod validate;
pub mod versions;

pub use catalog::{
    Catalog, KeyDef, KeyType, ResultRule, ResultSource, SegmentResult, SegmentTypeDef,
};
pub use diff::{diff, FlowDiff};
pub use edit::EditOp;
pub use validate::{validate, EntryPoint, Finding, Severity, ValidationContext, ValidationReport};
pub use versions::{ChangeSetRow, FlowSummary, FlowVersion};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest segment name, result name, context key and routing id (VARCHAR(100) in the spec).
pub const NAME_MAX: usize = 100;

/// The documented segment-name pattern: a letter, then letters, digits or `_`, at most 100 in all.
/// ASCII only, because `SegmentName` is `VARCHAR` on SQL Server (non-Latin letters would be lost).
pub const SEGMENT_NAME_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_]{0,99}$";

/// The documented pattern for result names and context keys: letters, digits, `_`, `-`, `.`, `:`
/// (ASCII, `VARCHAR(100)`), not empty.
pub const RESULT_NAME_PATTERN: &str = "^[A-Za-z0-9_.:-]{1,100}$";

/// Checks a segment name against [`SEGMENT_NAME_PATTERN`]; the error says what is wrong.
pub fn check_segment_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("a segment name may not be empty".into());
    }
    if name.len() > NAME_MAX {
        return Err(format!(
            "a segment name may have at most {NAME_MAX} characters ({} given)",
            name.chars().count()
        ));
    }
    let mut chars = name.chars();
    let first = chars.next().unwrap_or(' ');
    if !first.is_ascii_alphabetic() {
        return Err(format!(
            "segment name {name:?} must start with a letter A–Z or a–z"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(format!(
            "segment name {name:?} may only contain letters A–Z, digits and _ (found {bad:?})"
        ));
    }
    Ok(())
}

/// Checks a result name or context key against [`RESULT_NAME_PATTERN`].
pub fn check_result_name(what: &str, name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("the {what} may not be empty"));
    }
    if name.len() > NAME_MAX {
        return Err(format!("the {what} may have at most {NAME_MAX} characters"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
    {
        return Err(format!(
            "the {what} {name:?} may only contain letters A–Z, digits, _ . : - (found {bad:?})"
        ));
    }
    Ok(())
}

/// Checks a routing id (`VARCHAR(100)`, the flow's identity): 1–100 visible ASCII characters.
pub fn check_routing_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > NAME_MAX {
        return Err(format!("a RoutingId has 1 to {NAME_MAX} characters"));
    }
    if let Some(bad) = id.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "RoutingId {id:?} may only contain visible ASCII characters (found {bad:?})"
        ));
    }
    Ok(())
}

/// One flow (published or a draft). Segments are kept sorted by name, so every listing and every
/// export has the same order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Flow {
    pub routing_id: String,
    pub segments: Vec<Segment>,
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Segment {
    pub name: String,
    /// The segment type's code (`cfg_Dic_SegmentType`).
    pub segment_type: String,
    /// Optional UI ordering (`SegmentOrder`); layout, not content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i32>,
    /// Configuration: key name → stored text (canonical form per key type, see [`KeyDef`]).
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// Outgoing transitions, sorted by (result, context key).
    #[serde(default)]
    pub transitions: Vec<Transition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui: Option<UiState>,
}

/// An edge: when `segment` ends with `result` (in `context_key`, if any), go to `next`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Transition {
    pub result: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_key: Option<String>,
    pub next: String,
}

/// Canvas state of a segment (`seg_SegmentUIState`).
// The default is a segment not placed yet: at the origin, expanded, unstyled (a plain comment:
// the doc comment is part of the generated TypeScript).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UiState {
    pub x: f64,
    pub y: f64,
    #[serde(default)]
    pub collapsed: bool,
    /// The canvas style, JSON text exactly as written (see [`crate::JsonText`]): a string where
    /// this is serialized (so a webview's `JSON.parse` cannot round a number in it); read from a
    /// string holding JSON text (the UI) or from the JSON itself, as written (the CLI).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json_text::text_or_raw"
    )]
    pub style: Option<crate::JsonText>,
}

impl Flow {
    pub fn new(routing_id: impl Into<String>) -> Flow {
        Flow {
            routing_id: routing_id.into(),
            segments: Vec::new(),
        }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.segments
            .binary_search_by(|s| s.name.as_str().cmp(name))
    }

    pub fn segment(&self, name: &str) -> Option<&Segment> {
        self.position(name).ok().map(|i| &self.segments[i])
    }

    pub fn segment_mut(&mut self, name: &str) -> Option<&mut Segment> {
        match self.position(name) {
            Ok(i) => Some(&mut self.segments[i]),
            Err(_) => None,
        }
    }

    /// The existing segment whose name equals `name` ignoring ASCII case (the uniqueness rule).
    pub fn name_taken(&self, name: &str) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// Inserts keeping the order; the caller has checked uniqueness.
    pub fn insert(&mut self, segment: Segment) {
        match self.position(&segment.name) {
            Ok(i) => self.segments[i] = segment,
            Err(i) => self.segments.insert(i, segment),
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Segment> {
        self.position(name).ok().map(|i| self.segments.remove(i))
    }

    /// Restores the canonical order of segments and transitions (after loading rows in any order).
    pub fn normalize(&mut self) {
        self.segments.sort_by(|a, b| a.name.cmp(&b.name));
        for s in &mut self.segments {
            s.transitions.sort();
        }
    }

    pub fn transition_count(&self) -> usize {
        self.segments.iter().map(|s| s.transitions.len()).sum()
    }

    /// A fingerprint of the whole content (segments, configuration, transitions, canvas state):
    /// the draft *revision* an edit carries, so an edit made on a draft that has changed since it
    /// was read (in another window, by another user) is refused instead of overwriting. Equal
    /// flows have equal revisions. See [`Revision`] to follow it through a batch.
    pub fn revision(&self) -> String {
        Revision::of(self).text()
    }
}

/// A flow's revision as it is computed: a digest per segment, summed, so a batch moves it on by
/// hashing only the segments it changed ([`Revision::replace`]) instead of the whole flow again.
/// The text ([`Revision::text`]) is the routing id and the sum, hashed; equal flows have equal
/// revisions whatever their segments' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    routing_id: String,
    sum: u128,
}

impl Revision {
    pub fn of(flow: &Flow) -> Revision {
        Revision {
            routing_id: flow.routing_id.clone(),
            sum: flow
                .segments
                .iter()
                .fold(0u128, |sum, s| sum.wrapping_add(segment_digest(s))),
        }
    }

    /// The revision after `old` (absent: an added segment) became `new` (absent: removed).
    pub fn replace(&mut self, old: Option<&Segment>, new: Option<&Segment>) {
        if let Some(o) = old {
            self.sum = self.sum.wrapping_sub(segment_digest(o));
        }
        if let Some(n) = new {
            self.sum = self.sum.wrapping_add(segment_digest(n));
        }
    }

    /// The sum as stored with a draft (`seg_ChangeSetRevision.RevisionSum`): 32 hex digits.
    pub fn sum_text(&self) -> String {
        format!("{:032x}", self.sum)
    }

    /// The revision of a flow of `routing_id` whose stored sum is `sum` ([`Revision::sum_text`]);
    /// `None` when the text is not such a sum.
    pub fn from_sum(routing_id: &str, sum: &str) -> Option<Revision> {
        if sum.len() != 32 || !sum.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(Revision {
            routing_id: routing_id.to_owned(),
            sum: u128::from_str_radix(sum, 16).ok()?,
        })
    }

    /// The revision as the designer carries it: 32 hex digits.
    pub fn text(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(self.routing_id.as_bytes());
        h.update([0u8]);
        h.update(self.sum.to_le_bytes());
        hex::encode(&h.finalize()[..16])
    }
}

/// SHA-256 of the segment's JSON (written straight into the hash), its first 16 bytes.
fn segment_digest(s: &Segment) -> u128 {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    // Writing JSON into a hash cannot fail: the hash accepts every byte and a segment serializes.
    let _ = serde_json::to_writer(&mut h, s);
    let d = h.finalize();
    let mut first = [0u8; 16];
    first.copy_from_slice(&d[..16]);
    u128::from_le_bytes(first)
}

impl Segment {
    pub fn new(name: impl Into<String>, segment_type: impl Into<String>) -> Segment {
        Segment {
            name: name.into(),
            segment_type: segment_type.into(),
            order: None,
            config: BTreeMap::new(),
            transitions: Vec::new(),
            ui: None,
        }
    }

    /// The transition for (result, context key), if any.
    pub fn transition(&self, result: &str, context_key: Option<&str>) -> Option<&Transition> {
        self.transitions
            .iter()
            .find(|t| t.result == result && t.context_key.as_deref() == context_key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_names_follow_the_documented_pattern() {
        let re = regex::Regex::new(SEGMENT_NAME_PATTERN).unwrap();
        for ok in ["a", "language_select", "Main_Menu2", &"x".repeat(100)] {
            assert!(check_segment_name(ok).is_ok(), "{ok}");
            assert!(re.is_match(ok), "{ok}");
        }
        for bad in [
            "",
            "1abc",
            "_x",
            "a-b",
            "a b",
            "it's",
            "[x]",
            "a--b",
            "menü",
            "日本",
            &"x".repeat(101),
        ] {
            assert!(check_segment_name(bad).is_err(), "{bad}");
            assert!(!re.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn result_names_follow_the_documented_pattern() {
        let re = regex::Regex::new(RESULT_NAME_PATTERN).unwrap();
        for ok in ["success", "1", "option_1", "no-input", "lang:nl", "a.b"] {
            assert!(check_result_name("result name", ok).is_ok(), "{ok}");
            assert!(re.is_match(ok), "{ok}");
        }
        for bad in ["", " ", "a b", "x'y", "ü", &"r".repeat(101)] {
            assert!(check_result_name("result name", bad).is_err(), "{bad}");
            assert!(!re.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn the_revision_changes_with_any_content_and_only_with_it() {
        let mut f = Flow::new("r");
        f.insert(Segment::new("a", "menu"));
        let r0 = f.revision();
        assert_eq!(r0.len(), 32);
        assert_eq!(f.clone().revision(), r0);
        f.segment_mut("a").unwrap().ui = Some(UiState {
            x: 1.0,
            y: 0.0,
            collapsed: false,
            style: None,
        });
        let r1 = f.revision();
        assert_ne!(r1, r0, "a move is a change");
        f.segment_mut("a").unwrap().ui = None;
        assert_eq!(f.revision(), r0, "the same content has the same revision");
        assert_ne!(Flow::new("other").revision(), Flow::new("r").revision());
    }

    #[test]
    fn a_revision_followed_through_replaced_segments_is_the_revision_of_the_result() {
        let mut f = Flow::new("r");
        for n in ["a", "b", "c"] {
            f.insert(Segment::new(n, "menu"));
        }
        let mut rev = Revision::of(&f);
        let old_b = f.segment("b").cloned();
        f.segment_mut("b").unwrap().order = Some(3);
        rev.replace(old_b.as_ref(), f.segment("b"));
        let old_c = f.remove("c");
        rev.replace(old_c.as_ref(), None);
        f.insert(Segment::new("d", "disconnect"));
        rev.replace(None, f.segment("d"));
        assert_eq!(rev, Revision::of(&f));
        assert_eq!(rev.text(), f.revision());
        // As stored and read back.
        assert_eq!(Revision::from_sum("r", &rev.sum_text()), Some(rev.clone()));
        assert_eq!(Revision::of(&Flow::new("r")).sum_text(), "0".repeat(32));
        for bad in [
            "",
            "0",
            &"g".repeat(32),
            &"0".repeat(33),
            "+0000000000000000000000000000000",
        ] {
            assert_eq!(Revision::from_sum("r", bad), None, "{bad}");
        }
        // Undone, the same content has the same revision again.
        rev.replace(f.segment("d"), None);
        rev.replace(None, old_c.as_ref());
        rev.replace(f.segment("b"), old_b.as_ref());
        let mut back = Flow::new("r");
        for n in ["a", "b", "c"] {
            back.insert(Segment::new(n, "menu"));
        }
        assert_eq!(rev.text(), back.revision());
    }

    #[test]
    fn segments_stay_sorted_and_names_are_unique_ignoring_case() {
        let mut f = Flow::new("r");
        f.insert(Segment::new("b", "menu"));
        f.insert(Segment::new("a", "menu"));
        f.insert(Segment::new("c", "menu"));
        let names: Vec<_> = f.segments.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(f.name_taken("B").is_some());
        assert!(f.segment("B").is_none());
        assert_eq!(f.remove("b").map(|s| s.name), Some("b".to_string()));
        assert!(f.segment("b").is_none());
    }
}
