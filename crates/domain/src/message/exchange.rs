//! Exchange files: a store as JSON (full fidelity: every version, settings, the published pointer)
//! and as CSV for translators (one row per key, one column per language).
//!
//! Importing is planned here, purely: the file is read against a snapshot of the target store and
//! the result is an [`ImportPlan`] listing what would be created and every problem with its line.
//! The app shows the plan for a dry run, or writes it when it has no errors (all or nothing).
//!
//! Rules of an import:
//! - a key not in the store is created with the file's versions (JSON keeps their numbers and the
//!   published pointer; CSV creates version 1, unpublished);
//! - a key already in the store is never edited: when the file's content (JSON: its highest
//!   version) differs from the key's latest version, a new version is added; when it is the same,
//!   nothing happens. Type must match; a different category or display name is reported, not applied;
//! - a CSV version of an existing key keeps each language's TypeSettings from the latest version.

use super::csv::{self as strict_csv, CsvRecord};
use super::{
    changed_languages, check_message_key, next_version_number, same_content, version_problems,
    LanguageContent, MAX_NAME_LEN, MAX_VERSIONS,
};
use crate::dict::{MessageCategory, MessageType};
use crate::error::{ErrorDetail, Issues};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const FORMAT: &str = "ivr-message-store";
pub const FORMAT_VERSION: u32 = 1;

/// The JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreFile {
    pub format: String,
    pub format_version: u32,
    pub store: StoreHeader,
    pub messages: Vec<MessageFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StoreHeader {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
    #[serde(default)]
    pub voices: Vec<VoiceFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VoiceFile {
    pub language: String,
    pub voice: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageFile {
    pub key: String,
    #[serde(rename = "type")]
    pub message_type: String,
    pub category: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub published_version: Option<i32>,
    pub versions: Vec<VersionFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VersionFile {
    pub version: i32,
    #[serde(default)]
    pub name: Option<String>,
    /// Informational on export; ignored on import (the database sets timestamps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    pub content: Vec<ContentFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContentFile {
    pub language: String,
    pub content: String,
    /// As written: every number keeps its digits (see [`crate::RawJson`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_settings: Option<crate::RawJson>,
}

impl ContentFile {
    pub fn from_content(c: &LanguageContent) -> ContentFile {
        ContentFile {
            language: c.language.clone(),
            content: c.content.clone(),
            // Settings are stored as JSON text; a stored text that is not JSON is kept as a string.
            type_settings: c.type_settings.as_ref().map(|t| {
                crate::RawJson::parse(t).unwrap_or_else(|_| {
                    crate::RawJson::from_value(&serde_json::Value::String(t.clone()))
                })
            }),
        }
    }
    fn to_content(&self) -> LanguageContent {
        LanguageContent {
            language: self.language.clone(),
            content: self.content.clone(),
            type_settings: self.type_settings.as_ref().map(|v| {
                match serde_json::from_str::<serde_json::Value>(v.get()) {
                    Ok(serde_json::Value::String(s)) => s,
                    _ => v.compact(),
                }
            }),
        }
    }
}

/// Serialises a store as the JSON exchange file (pretty, stable order).
pub fn export_json(file: &StoreFile) -> String {
    serde_json::to_string_pretty(file).unwrap_or_default()
}

/// One CSV row to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub key: String,
    pub message_type: String,
    pub category: String,
    pub display_name: Option<String>,
    /// The version the texts come from (informational; import ignores the column).
    pub version: Option<i32>,
    pub contents: Vec<LanguageContent>,
}

/// Fixed columns before the language columns.
pub const CSV_COLUMNS: &[&str] = &["key", "type", "category", "displayName", "version"];

/// The translators' CSV: a header, then one row per key; a language the version lacks is empty.
pub fn export_csv(languages: &[String], rows: &[CsvRow]) -> String {
    let mut records = Vec::with_capacity(rows.len() + 1);
    let mut header: Vec<String> = CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(languages.iter().cloned());
    records.push(header);
    for r in rows {
        let mut rec = vec![
            r.key.clone(),
            r.message_type.clone(),
            r.category.clone(),
            r.display_name.clone().unwrap_or_default(),
            r.version.map(|v| v.to_string()).unwrap_or_default(),
        ];
        for l in languages {
            rec.push(
                r.contents
                    .iter()
                    .find(|c| &c.language == l)
                    .map(|c| c.content.clone())
                    .unwrap_or_default(),
            );
        }
        records.push(rec);
    }
    strict_csv::write(&records)
}

/// What the import is checked against: the target store as it is now.
#[derive(Debug, Clone, Default)]
pub struct ImportTarget {
    pub allowed: Vec<String>,
    /// Active message types.
    pub types: Vec<MessageType>,
    /// Active message categories.
    pub categories: Vec<MessageCategory>,
    pub keys: BTreeMap<String, ExistingKey>,
}

#[derive(Debug, Clone, Default)]
pub struct ExistingKey {
    pub type_code: String,
    pub category: String,
    pub display_name: Option<String>,
    /// False for a soft-deleted key (its name is free: the import creates a new key).
    pub active: bool,
    pub versions: Vec<i32>,
    pub published: Option<i32>,
    /// Content of the latest version (every language it has).
    pub latest: Vec<LanguageContent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ExchangeFormat {
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PlanAction {
    /// A new key with its versions.
    CreateKey,
    /// A new version of an existing key.
    NewVersion,
    /// Same content as the key's latest version: nothing to do.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedVersion {
    pub version: i32,
    pub name: Option<String>,
    pub contents: Vec<LanguageContent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanItem {
    pub line: usize,
    pub key: String,
    pub action: PlanAction,
    /// Version numbers that would be created.
    pub versions: Vec<i32>,
    /// For a created key: the version that would be published.
    pub publish: Option<i32>,
    /// What callers of the key would get in each language that changes: for a new version, each
    /// language whose content differs from the key's latest version; for a created key, every
    /// language of its highest version. Empty when unchanged.
    pub changes: Vec<TextChange>,
    /// For a created key.
    #[serde(skip)]
    pub type_id: i64,
    #[serde(skip)]
    pub category_id: i64,
    #[serde(skip)]
    pub display_name: Option<String>,
    #[serde(skip)]
    pub new_versions: Vec<PlannedVersion>,
}

/// One language a plan item changes: the key's latest version's text (none: that version lacks the
/// language, or the key is new) and the file's. The texts are equal when only the language's
/// TypeSettings differ. A text longer than [`CHANGE_TEXT_CHARS`] is cut around where the two
/// first differ (`change_excerpts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextChange {
    pub language: String,
    pub before: Option<String>,
    pub after: String,
}

/// The most characters of each text a [`TextChange`] carries (plus the `…` marking a cut end): a
/// preview shows where a text changes, not a whole 10 MB cell twice per language in its answer.
pub const CHANGE_TEXT_CHARS: usize = 160;

/// Characters a cut text keeps before the first difference, so the change is read in context.
const CHANGE_CONTEXT_CHARS: usize = 40;

/// The languages in which `file` differs from `latest` (the comparison that decides a new
/// version), with both texts, in the store's language order.
fn language_changes(
    latest: &[LanguageContent],
    file: &[LanguageContent],
    allowed: &[String],
) -> Vec<TextChange> {
    fn text<'a>(v: &'a [LanguageContent], l: &str) -> Option<&'a str> {
        v.iter()
            .find(|c| c.language == l)
            .map(|c| c.content.as_str())
    }
    changed_languages(latest, file, allowed)
        .filter_map(|l| {
            // A planned version has every allowed language (the version rules refuse a missing one).
            let (before, after) = change_excerpts(text(latest, l), text(file, l)?);
            Some(TextChange {
                language: l.clone(),
                before,
                after,
            })
        })
        .collect()
}

/// `before` and `after` each cut to at most [`CHANGE_TEXT_CHARS`] characters from the same place:
/// a little before where they first differ, so what changes is in view (a difference further on is
/// cut off). A cut end is marked `…`; texts that fit are whole. Two different texts never give
/// the same excerpts.
pub(super) fn change_excerpts(before: Option<&str>, after: &str) -> (Option<String>, String) {
    let old: Vec<char> = before.unwrap_or_default().chars().collect();
    let new: Vec<char> = after.chars().collect();
    let same = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    // As late as the difference needs, as early as a full window allows.
    let longest = old.len().max(new.len());
    let start = same
        .saturating_sub(CHANGE_CONTEXT_CHARS)
        .min(longest.saturating_sub(CHANGE_TEXT_CHARS));
    let cut = |t: &[char]| {
        let end = t.len().min(start + CHANGE_TEXT_CHARS);
        let mut s = String::with_capacity(4 * (end - start) + 6);
        if start > 0 {
            s.push('…');
        }
        s.extend(&t[start..end]);
        if end < t.len() {
            s.push('…');
        }
        s
    };
    (before.map(|_| cut(&old)), cut(&new))
}

/// A problem (or a warning) and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineIssue {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPlan {
    pub format: ExchangeFormat,
    pub keys_created: usize,
    pub versions_created: usize,
    pub unchanged: usize,
    pub items: Vec<PlanItem>,
    pub errors: Vec<LineIssue>,
    pub warnings: Vec<LineIssue>,
}

impl ImportPlan {
    fn new(format: ExchangeFormat) -> ImportPlan {
        ImportPlan {
            format,
            keys_created: 0,
            versions_created: 0,
            unchanged: 0,
            items: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
    /// A plan that refuses a whole file (it could not be read as `format` at all): one error on
    /// `line`, nothing to create.
    pub fn refused(format: ExchangeFormat, line: usize, message: impl Into<String>) -> ImportPlan {
        let mut plan = ImportPlan::new(format);
        plan.error(line, None, None, message);
        plan
    }
    fn error(
        &mut self,
        line: usize,
        key: Option<&str>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        // A file's text is quoted capped: a 10 MB cell must not come back (twice) in the answer.
        self.errors.push(LineIssue {
            line,
            key: key.map(crate::error::quote),
            field: field.map(crate::error::quote),
            message: capped_issue(message.into()),
        });
    }
    fn warn(&mut self, line: usize, key: &str, message: impl Into<String>) {
        self.warnings.push(LineIssue {
            line,
            key: Some(crate::error::quote(key)),
            field: None,
            message: capped_issue(message.into()),
        });
    }
    fn push(&mut self, item: PlanItem) {
        match item.action {
            PlanAction::CreateKey => self.keys_created += 1,
            PlanAction::Unchanged => self.unchanged += 1,
            PlanAction::NewVersion => {}
        }
        self.versions_created += item.versions.len();
        self.items.push(item);
    }
    fn finish(mut self) -> ImportPlan {
        self.errors.sort_by_key(|e| e.line);
        self.warnings.sort_by_key(|e| e.line);
        self
    }
    /// The plan as the detail of the VALIDATION that refuses its file (the plan's own keys).
    pub fn into_detail(self) -> ErrorDetail {
        ErrorDetail {
            format: Some(self.format),
            keys_created: Some(self.keys_created),
            versions_created: Some(self.versions_created),
            unchanged: Some(self.unchanged),
            items: Some(self.items),
            errors: Some(Issues::Lines(self.errors)),
            warnings: Some(Issues::Lines(self.warnings)),
            ..Default::default()
        }
    }
    /// One sentence for people.
    pub fn summary(&self) -> String {
        format!(
            "{} key(s) to create, {} version(s) to add, {} unchanged, {} error(s), {} warning(s)",
            self.keys_created,
            self.versions_created,
            self.unchanged,
            self.errors.len(),
            self.warnings.len()
        )
    }
}

/// The line on which each element of the top-level `messages` array starts (serde does not keep
/// positions of values, so the text is scanned once, honouring strings and escapes).
fn message_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escape = false;
    let mut current = String::new();
    let mut last_string: Option<String> = None;
    let mut pending_key: Option<String> = None;
    let mut in_messages = false;
    let mut expect_element = false;
    for c in text.chars() {
        if in_string {
            if escape {
                escape = false;
                current.push(c);
            } else if c == '\\' {
                escape = true;
            } else if c == '"' {
                in_string = false;
                last_string = Some(std::mem::take(&mut current));
            } else {
                current.push(c);
            }
            if c == '\n' {
                line += 1;
            }
            continue;
        }
        if c == '\n' {
            line += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if expect_element && c != ']' {
            lines.push(line);
            expect_element = false;
        }
        match c {
            '"' => {
                in_string = true;
                current.clear();
            }
            ':' if depth == 1 => pending_key = last_string.take(),
            '[' | '{' => {
                if depth == 1 && c == '[' && pending_key.as_deref() == Some("messages") {
                    in_messages = true;
                    expect_element = true;
                }
                depth += 1;
            }
            ']' | '}' => {
                expect_element = false;
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    in_messages = false;
                }
            }
            ',' if depth == 2 && in_messages => expect_element = true,
            _ => {}
        }
    }
    lines
}

/// Plans a JSON import.
pub fn plan_json(text: &str, target: &ImportTarget) -> ImportPlan {
    let mut plan = ImportPlan::new(ExchangeFormat::Json);
    let root: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            plan.error(
                e.line().max(1),
                None,
                None,
                format!("the file is not valid JSON: {e}"),
            );
            return plan.finish();
        }
    };
    let Some(obj) = root.as_object() else {
        plan.error(
            1,
            None,
            None,
            "the file must be a JSON object with format, store and messages",
        );
        return plan.finish();
    };
    if obj.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        plan.error(
            1,
            None,
            Some("format"),
            format!("this is not a message store file: \"format\" must be \"{FORMAT}\""),
        );
        return plan.finish();
    }
    match obj.get("formatVersion").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        other => {
            plan.error(
                1,
                None,
                Some("formatVersion"),
                format!(
                    "formatVersion {} is not supported; this build reads version {FORMAT_VERSION}",
                    other
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| "(missing)".into())
                ),
            );
            return plan.finish();
        }
    }
    // The rules of every JSON a user gives (a key twice in an object, a NUL), with the line.
    if let Some((m, line, _)) = crate::JsonText::locate_problem(text, false) {
        plan.error(line.max(1), None, None, format!("the file is refused: {m}"));
        return plan.finish();
    }
    // Each message is read from its own text, so TypeSettings keep every digit as written.
    #[derive(serde::Deserialize)]
    struct Messages<'a> {
        #[serde(borrow, default)]
        messages: Option<Vec<&'a serde_json::value::RawValue>>,
    }
    let raw_messages = serde_json::from_str::<Messages>(text)
        .ok()
        .and_then(|m| m.messages)
        .unwrap_or_default();
    let Some(messages) = obj.get("messages").and_then(|m| m.as_array()) else {
        plan.error(
            1,
            None,
            Some("messages"),
            "the file has no \"messages\" array",
        );
        return plan.finish();
    };
    let lines = message_lines(text);
    let mut parsed = Vec::new();
    for (i, m) in messages.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let read = match raw_messages.get(i) {
            Some(raw) => serde_json::from_str::<MessageFile>(raw.get()),
            None => serde_json::from_value::<MessageFile>(m.clone()),
        };
        match read {
            Ok(mf) => parsed.push((line, mf)),
            Err(e) => {
                let key = m.get("key").and_then(|k| k.as_str());
                plan.error(
                    line,
                    key,
                    None,
                    format!("messages[{i}] is not a message: {e}"),
                );
            }
        }
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (line, mf) in parsed {
        if let Some(first) = seen.get(&mf.key) {
            plan.error(
                line,
                Some(&mf.key),
                Some("key"),
                format!(
                    "key {} is in the file twice (first on line {first})",
                    mf.key
                ),
            );
            continue;
        }
        seen.insert(mf.key.clone(), line);
        plan_json_message(&mut plan, target, line, mf);
    }
    plan.finish()
}

fn plan_json_message(plan: &mut ImportPlan, target: &ImportTarget, line: usize, mf: MessageFile) {
    let key = mf.key.as_str();
    let errors_before = plan.errors.len();
    if let Err(m) = check_message_key(key) {
        plan.error(line, Some(key), Some("key"), m);
        return;
    }
    if mf.versions.is_empty() {
        plan.error(
            line,
            Some(key),
            Some("versions"),
            "a message needs at least one version",
        );
        return;
    }
    let mut numbers = BTreeSet::new();
    for v in &mf.versions {
        if !(1..=MAX_VERSIONS).contains(&v.version) {
            plan.error(
                line,
                Some(key),
                Some("versions"),
                format!("version {} is outside 1..{MAX_VERSIONS}", v.version),
            );
        } else if !numbers.insert(v.version) {
            plan.error(
                line,
                Some(key),
                Some("versions"),
                format!("version {} is in the file twice", v.version),
            );
        }
    }
    if plan.errors.len() > errors_before {
        return;
    }
    // A deleted key frees its name: the file's key is created anew.
    match target.keys.get(key).filter(|e| e.active) {
        None => {
            let versions = mf
                .versions
                .iter()
                .map(|v| PlannedVersion {
                    version: v.version,
                    name: v.name.clone(),
                    contents: v.content.iter().map(ContentFile::to_content).collect(),
                })
                .collect();
            let new_key = NewKey {
                message_type: &mf.message_type,
                category: &mf.category,
                display_name: mf.display_name.as_deref(),
                versions,
                numbered: true,
                publish: mf.published_version,
            };
            plan_new_key(plan, target, line, key, new_key);
        }
        Some(existing) => {
            let Some(latest) = mf.versions.iter().max_by_key(|v| v.version) else {
                return;
            };
            let contents: Vec<LanguageContent> =
                latest.content.iter().map(ContentFile::to_content).collect();
            plan_existing(
                plan,
                target,
                line,
                key,
                existing,
                &mf.message_type,
                &mf.category,
                mf.display_name.as_deref(),
                latest.name.clone(),
                contents,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn plan_existing(
    plan: &mut ImportPlan,
    target: &ImportTarget,
    line: usize,
    key: &str,
    existing: &ExistingKey,
    message_type: &str,
    category: &str,
    display_name: Option<&str>,
    version_name: Option<String>,
    contents: Vec<LanguageContent>,
) {
    if !message_type.is_empty() && message_type != existing.type_code {
        plan.error(line, Some(key), Some("type"), format!(
            "key {key} is of type {} in the store, the file says {message_type}; an import does not change a key's type",
            existing.type_code
        ));
        return;
    }
    if !category.is_empty() && category != existing.category {
        plan.warn(line, key, format!("category differs ({} in the store, {category} in the file); an import does not change it", existing.category));
    }
    if let Some(d) = display_name.filter(|d| !d.is_empty()) {
        if Some(d) != existing.display_name.as_deref() {
            plan.warn(
                line,
                key,
                "display name differs; an import does not change it",
            );
        }
    }
    let Some((ty, schema)) = resolve_type(plan, target, line, key, &existing.type_code) else {
        return;
    };
    let errors_before = plan.errors.len();
    report_version(
        plan,
        &ty,
        schema.as_ref(),
        &target.allowed,
        line,
        key,
        None,
        &contents,
        version_name.as_deref(),
    );
    if plan.errors.len() > errors_before {
        return;
    }
    if same_content(&contents, &existing.latest, &target.allowed) {
        plan.push(PlanItem {
            line,
            key: key.to_owned(),
            action: PlanAction::Unchanged,
            versions: Vec::new(),
            publish: None,
            changes: Vec::new(),
            type_id: ty.message_type_id,
            category_id: 0,
            display_name: None,
            new_versions: Vec::new(),
        });
        return;
    }
    match next_version_number(&existing.versions, existing.published) {
        Ok(n) => plan.push(PlanItem {
            line,
            key: key.to_owned(),
            action: PlanAction::NewVersion,
            versions: vec![n],
            publish: None,
            changes: language_changes(&existing.latest, &contents, &target.allowed),
            type_id: ty.message_type_id,
            category_id: 0,
            display_name: None,
            new_versions: vec![PlannedVersion {
                version: n,
                name: version_name,
                contents,
            }],
        }),
        Err(e) => plan.error(line, Some(key), Some("versions"), e.message),
    }
}

fn resolve_type(
    plan: &mut ImportPlan,
    target: &ImportTarget,
    line: usize,
    key: &str,
    code: &str,
) -> Option<(MessageType, Option<jsonschema::Validator>)> {
    let Some(ty) = target.types.iter().find(|t| t.code == code) else {
        let known: Vec<&str> = target.types.iter().map(|t| t.code.as_str()).collect();
        plan.error(
            line,
            Some(key),
            Some("type"),
            format!(
                "message type '{code}' is not in the dictionary (known: {})",
                known.join(", ")
            ),
        );
        return None;
    };
    match super::content::compile_settings_schema(ty) {
        Ok(s) => Some((ty.clone(), s)),
        Err(e) => {
            plan.error(line, Some(key), Some("type"), e.message);
            None
        }
    }
}

fn resolve_category(
    plan: &mut ImportPlan,
    target: &ImportTarget,
    line: usize,
    key: &str,
    code: &str,
) -> Option<i64> {
    if let Some(c) = target.categories.iter().find(|c| c.code == code) {
        return Some(c.category_id);
    }
    let known: Vec<&str> = target.categories.iter().map(|c| c.code.as_str()).collect();
    plan.error(
        line,
        Some(key),
        Some("category"),
        format!(
            "category '{code}' is not in the dictionary (known: {})",
            known.join(", ")
        ),
    );
    None
}

fn check_display_name(plan: &mut ImportPlan, line: usize, key: &str, name: Option<&str>) {
    if name.is_some_and(|n| n.chars().count() > MAX_NAME_LEN) {
        plan.error(
            line,
            Some(key),
            Some("displayName"),
            format!("the display name has more than {MAX_NAME_LEN} characters"),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn report_version(
    plan: &mut ImportPlan,
    ty: &MessageType,
    schema: Option<&jsonschema::Validator>,
    allowed: &[String],
    line: usize,
    key: &str,
    version: Option<i32>,
    contents: &[LanguageContent],
    name: Option<&str>,
) {
    let problems = version_problems(ty, schema, allowed, contents, name);
    for p in problems.0 {
        let field = match version {
            Some(v) => format!("version {v} {}", p.field),
            None => p.field,
        };
        plan.error(
            line,
            Some(key),
            Some(&field),
            format!("{key}: {}", p.message),
        );
    }
}

/// Plans a CSV import (header `key`, optional `type`, `category`, `displayName`, `version`, then one
/// column per allowed language).
pub fn plan_csv(bytes: &[u8], target: &ImportTarget) -> ImportPlan {
    let mut plan = ImportPlan::new(ExchangeFormat::Csv);
    let parsed = strict_csv::parse(bytes);
    // Lines that could not be read are reported; the other rows are still checked, so the
    // preview lists every problem of the file at once (a plan with errors imports nothing).
    let first_error = parsed.errors.first().map(|e| e.line);
    for e in parsed.errors {
        plan.error(e.line, None, None, e.message);
    }
    let Some((header, rows)) = parsed.records.split_first() else {
        if first_error.is_none() {
            plan.error(
                1,
                None,
                None,
                "the file is empty; it needs a header line (key, then one column per language)",
            );
        }
        return plan.finish();
    };
    if first_error.is_some_and(|l| l < header.line) {
        return plan.finish(); // the header line itself could not be read
    }
    let Some(columns) = csv_columns(&mut plan, header, &target.allowed) else {
        return plan.finish();
    };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        plan_csv_row(&mut plan, target, &columns, row, &mut seen);
    }
    plan.finish()
}

struct CsvColumns {
    key: usize,
    message_type: Option<usize>,
    category: Option<usize>,
    display_name: Option<usize>,
    /// (column index, store spelling of the language)
    languages: Vec<(usize, String)>,
    width: usize,
}

fn csv_columns(
    plan: &mut ImportPlan,
    header: &CsvRecord,
    allowed: &[String],
) -> Option<CsvColumns> {
    let line = header.line;
    let mut key = None;
    let mut message_type = None;
    let mut category = None;
    let mut display_name = None;
    let mut languages: Vec<(usize, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    // A column twice or one the store does not know is reported and left out: the rows can still
    // be checked. Without the key column or an allowed language's, they cannot.
    let mut unusable = false;
    for (i, raw) in header.fields.iter().enumerate() {
        let name = raw.trim();
        if !seen.insert(name.to_ascii_lowercase()) {
            plan.error(
                line,
                None,
                Some(name),
                format!("column '{name}' appears twice in the header"),
            );
            continue;
        }
        match name.to_ascii_lowercase().as_str() {
            "key" => key = Some(i),
            "type" => message_type = Some(i),
            "category" => category = Some(i),
            "displayname" => display_name = Some(i),
            "version" => {}
            _ => match allowed.iter().find(|l| l.eq_ignore_ascii_case(name)) {
                Some(l) => languages.push((i, l.clone())),
                None => plan.error(line, None, Some(name), format!(
                    "column '{name}' is not a language of this store (allowed: {}) nor one of {}; remove the column or add the language to the store first",
                    allowed.join(", "),
                    CSV_COLUMNS.join(", ")
                )),
            },
        }
    }
    if key.is_none() {
        unusable = true;
        plan.error(line, None, Some("key"), "the header has no 'key' column");
    }
    for l in allowed {
        if !languages.iter().any(|(_, x)| x == l) {
            unusable = true;
            plan.error(
                line,
                None,
                Some(l),
                format!("the header has no column for {l}; every allowed language needs a column"),
            );
        }
    }
    if unusable {
        return None;
    }
    Some(CsvColumns {
        key: key?,
        message_type,
        category,
        display_name,
        languages,
        width: header.fields.len(),
    })
}

fn plan_csv_row(
    plan: &mut ImportPlan,
    target: &ImportTarget,
    cols: &CsvColumns,
    row: &CsvRecord,
    seen: &mut BTreeMap<String, usize>,
) {
    let line = row.line;
    if row.fields.len() != cols.width {
        plan.error(
            line,
            None,
            None,
            format!(
                "line {line} has {} cells, the header has {}; check the quoting of this line",
                row.fields.len(),
                cols.width
            ),
        );
        return;
    }
    let cell = |i: Option<usize>| i.map(|i| row.fields[i].as_str()).unwrap_or("");
    let key = row.fields[cols.key].as_str();
    if let Err(m) = check_message_key(key) {
        plan.error(line, Some(key), Some("key"), m);
        return;
    }
    if let Some(first) = seen.get(key) {
        plan.error(
            line,
            Some(key),
            Some("key"),
            format!("key {key} has two rows (lines {first} and {line}); keep one"),
        );
        return;
    }
    seen.insert(key.to_owned(), line);
    let mut contents: Vec<LanguageContent> = Vec::new();
    let existing = target.keys.get(key).filter(|e| e.active);
    for (i, lang) in &cols.languages {
        let text = &row.fields[*i];
        if text.is_empty() {
            continue; // reported as a missing language by the version check
        }
        let settings = existing.and_then(|e| {
            e.latest
                .iter()
                .find(|c| &c.language == lang)
                .and_then(|c| c.type_settings.clone())
        });
        contents.push(LanguageContent {
            language: lang.clone(),
            content: text.clone(),
            type_settings: settings,
        });
    }
    let message_type = cell(cols.message_type);
    let category = cell(cols.category);
    let display_name = Some(cell(cols.display_name)).filter(|d| !d.is_empty());
    match existing {
        Some(e) => plan_existing(
            plan,
            target,
            line,
            key,
            e,
            message_type,
            category,
            display_name,
            None,
            contents,
        ),
        None => {
            if message_type.is_empty() || category.is_empty() {
                plan.error(line, Some(key), Some("type"), format!(
                    "key {key} is new in this store: give its type and category (columns 'type' and 'category')"
                ));
                return;
            }
            let new_key = NewKey {
                message_type,
                category,
                display_name,
                versions: vec![PlannedVersion {
                    version: 1,
                    name: None,
                    contents,
                }],
                numbered: false,
                publish: None,
            };
            plan_new_key(plan, target, line, key, new_key);
        }
    }
}

/// A key the store does not have (or has only deleted) as a file gives it.
struct NewKey<'a> {
    message_type: &'a str,
    category: &'a str,
    display_name: Option<&'a str>,
    versions: Vec<PlannedVersion>,
    /// Problems name the version's number (a JSON file numbers its versions; a CSV row is one
    /// unnumbered version).
    numbered: bool,
    publish: Option<i32>,
}

/// Plans creating a new key, for JSON and CSV files alike: its type and category come from the
/// dictionaries, every version passes the version rules, a published version is one of the
/// file's; any problem and nothing is planned for the key.
fn plan_new_key(plan: &mut ImportPlan, target: &ImportTarget, line: usize, key: &str, k: NewKey) {
    let before = plan.errors.len();
    let Some((ty, schema)) = resolve_type(plan, target, line, key, k.message_type) else {
        return;
    };
    let category_id = resolve_category(plan, target, line, key, k.category);
    check_display_name(plan, line, key, k.display_name);
    for v in &k.versions {
        report_version(
            plan,
            &ty,
            schema.as_ref(),
            &target.allowed,
            line,
            key,
            k.numbered.then_some(v.version),
            &v.contents,
            v.name.as_deref(),
        );
    }
    if let Some(p) = k.publish {
        if !k.versions.iter().any(|v| v.version == p) {
            plan.error(
                line,
                Some(key),
                Some("publishedVersion"),
                format!("publishedVersion {p} is not one of the versions in the file"),
            );
        }
    }
    let Some(category_id) = category_id else {
        return;
    };
    if plan.errors.len() > before {
        return;
    }
    let mut versions = k.versions;
    versions.sort_by_key(|v| v.version);
    let changes = versions
        .last()
        .map(|v| language_changes(&[], &v.contents, &target.allowed))
        .unwrap_or_default();
    plan.push(PlanItem {
        line,
        key: key.to_owned(),
        action: PlanAction::CreateKey,
        versions: versions.iter().map(|v| v.version).collect(),
        publish: k.publish,
        changes,
        type_id: ty.message_type_id,
        category_id,
        display_name: k.display_name.map(str::to_owned),
        new_versions: versions,
    });
}

/// A line issue's message, cut to [`crate::error::FIELD_MESSAGE_MAX_CHARS`] when it quotes a long cell.
fn capped_issue(message: String) -> String {
    if message.len() <= crate::error::FIELD_MESSAGE_MAX_CHARS {
        message
    } else {
        crate::error::quote_max(&message, crate::error::FIELD_MESSAGE_MAX_CHARS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_lines_follow_elements_and_ignore_strings() {
        let text = "{\n \"format\": \"x\",\n \"note\": \"[{\\\"messages\\\": [\",\n \"messages\": [\n  {\"key\": \"A\"},\n\n  {\"key\": \"B\\n}\"},\n  \"oops\"\n ]\n}";
        assert_eq!(message_lines(text), vec![5, 7, 8]);
        assert_eq!(message_lines("{\"messages\": []}"), Vec::<usize>::new());
    }
}
