//! The message store's rules (spec: "Message Store Schema v5.0.0", atomic versioning).
//!
//! A message key holds up to [`MAX_VERSIONS`] versions; each version carries the content of every
//! language the store allows, so publishing moves all languages at once. Everything here is pure:
//! the app reads the dictionaries and the store, asks these functions, then writes.
//!
//! ## Languages added to or removed from a store (the policy)
//!
//! - **Added**: existing versions keep exactly what they have and become *incomplete* for the new
//!   language. The published version stays published; at runtime the new language falls back to
//!   the store's default language until a complete version is published. Publishing or rolling
//!   back requires a version complete for the *current* languages, so editors write a new version
//!   (the "latest version is missing a language" search lists the keys to do).
//! - **Removed**: nothing is deleted. Content rows of the removed language stay in the database,
//!   in exports (JSON) and in the audit; they are ignored by completeness checks and by runtime
//!   resolution (a removed language falls back to the default language). Adding the language back
//!   makes that content visible again.
//! - The default language can never be removed (it must stay among the allowed languages).

pub mod content;
pub mod csv;
pub mod exchange;
pub mod keys;
pub mod stores;
pub mod texts;

pub use keys::{KeyAuditRow, KeyListItem, KeyRow, KeyWithVersions, VersionRow, WhereUsed};
pub use stores::{StoreRow, StoreVoice};

use crate::dict::MessageType;
use crate::error::{Error, ErrorDetail, FieldErrors, Remedy, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Versions per key: 1..=10 (spec: CHECK Version BETWEEN 1 AND 10).
pub const MAX_VERSIONS: i32 = 10;
/// `msg_MessageKey.MessageKey VARCHAR(64)`.
pub const MAX_KEY_LEN: usize = 64;
/// `msg_MessageKey.DisplayName`, `msg_MessageStore.Name`, `msg_MessageKeyVersion.VersionName`: NVARCHAR(200).
pub const MAX_NAME_LEN: usize = 200;
/// Largest page a list returns.
pub const MAX_PAGE_SIZE: i64 = 500;

/// The bounds of a page of `rows` as asked for, in the width of [`crate::Page`]: the offset may
/// not be negative; a limit of 0 is the default (50); a negative limit or one above
/// [`MAX_PAGE_SIZE`] is refused.
pub fn page_bounds(offset: i64, limit: i64, rows: &str) -> Result<(i64, i64)> {
    if offset < 0 {
        return Err(Error::validation(format!(
            "a page starts at row 0 or later (the number of {rows} to skip); {offset} is negative"
        )));
    }
    let limit = match limit {
        0 => 50,
        n if n < 0 => {
            return Err(Error::validation(format!(
                "a page has 1 to {MAX_PAGE_SIZE} {rows} (0 for the default of 50); {n} is negative"
            )))
        }
        n if n > MAX_PAGE_SIZE => {
            return Err(Error::validation(format!(
                "a page has at most {MAX_PAGE_SIZE} {rows}; ask for fewer"
            )))
        }
        n => n,
    };
    Ok((offset, limit))
}

/// How a type's content is checked, from `msg_Dic_MessageType.Code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    /// Plain text, or SSML when it starts with `<speak>`.
    Tts,
    /// An absolute https URL of an audio file.
    AudioUrl,
    LlmMessage,
    LlmPrompt,
    /// A type added to the dictionary later: content must be non-empty.
    Other,
}

impl ContentKind {
    pub fn from_code(code: &str) -> ContentKind {
        match code {
            "tts" => ContentKind::Tts,
            "audio_url" => ContentKind::AudioUrl,
            "llm_message" => ContentKind::LlmMessage,
            "llm_prompt" => ContentKind::LlmPrompt,
            _ => ContentKind::Other,
        }
    }
}

impl MessageType {
    /// How this type's content is checked.
    pub fn kind(&self) -> ContentKind {
        ContentKind::from_code(&self.code)
    }
}

/// One language of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageContent {
    pub language: String,
    pub content: String,
    /// JSON object (kept as text so it is stored byte-exact); `None` = the type's defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_settings: Option<String>,
}

/// Checks a message key: UPPER_SNAKE_CASE (the rule of [`crate::ids::upper_snake_problem`]), at
/// most 64 characters.
pub fn check_message_key(key: &str) -> std::result::Result<(), String> {
    if key.is_empty() {
        return Err("a message key is required".into());
    }
    let len = key.chars().count();
    if len > MAX_KEY_LEN {
        return Err(format!(
            "'{}' has {len} characters; a message key has at most {MAX_KEY_LEN}",
            shorten(key)
        ));
    }
    match crate::ids::upper_snake_problem(key) {
        Some(problem) => Err(format!(
            "a message key is UPPER_SNAKE_CASE (e.g. WELCOME_MAIN): {problem}"
        )),
        None => Ok(()),
    }
}

/// [`check_message_key`] as a VALIDATION error.
pub fn validate_message_key(key: &str) -> Result<()> {
    check_message_key(key).map_err(|m| {
        Error::validation(format!("invalid message key: {m}")).at_field("messageKey", m)
    })
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(77).collect();
        format!("{head}...")
    }
}

/// Checks a name-like text against its column length; `required` refuses blank.
pub fn check_name(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    required: bool,
    max: usize,
) {
    match value {
        None if required => errors.push(field, "is required"),
        Some(v) if required && v.trim().is_empty() => errors.push(field, "is required"),
        Some(v) if v.chars().count() > max => {
            errors.push(field, format!("has more than {max} characters"))
        }
        _ => {}
    }
}

/// A store's languages, checked: allowed non-empty, no duplicates, every one an active language
/// of `cfg_Dic_Language`, default among them.
pub fn validate_store_languages(
    allowed: &[String],
    default_language: &str,
    active_languages: &BTreeSet<String>,
) -> Result<()> {
    let mut errors = FieldErrors::default();
    if allowed.is_empty() {
        errors.push("allowedLanguages", "name at least one language");
    }
    let mut seen = BTreeSet::new();
    for l in allowed {
        if !seen.insert(l.as_str()) {
            errors.push("allowedLanguages", format!("{l} is listed twice"));
        } else if !active_languages.contains(l) {
            errors.push(
                "allowedLanguages",
                format!(
                    "{l} is not an active language of the language dictionary (active: {})",
                    join(active_languages.iter())
                ),
            );
        }
    }
    if !allowed.iter().any(|l| l == default_language) {
        errors.push(
            "defaultLanguage",
            format!(
                "{default_language} is not one of the allowed languages ({}); add it to the allowed languages or choose one of them",
                join(allowed.iter())
            ),
        );
    }
    errors.into_result("the message store's languages")
}

pub(crate) fn join<'a>(items: impl Iterator<Item = &'a String>) -> String {
    items.map(String::as_str).collect::<Vec<_>>().join(", ")
}

/// What changing a store's languages does to its keys (for the confirmation shown first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageChange {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Sentence for people: what happens to existing versions (see the module docs).
    pub effect: String,
}

/// `old`/`new` are the allowed languages with the default language before and after the change.
pub fn language_change(
    (old, old_default): (&[String], &str),
    (new, new_default): (&[String], &str),
) -> LanguageChange {
    let added: Vec<String> = new.iter().filter(|l| !old.contains(l)).cloned().collect();
    let removed: Vec<String> = old.iter().filter(|l| !new.contains(l)).cloned().collect();
    let mut effect = Vec::new();
    if !added.is_empty() {
        effect.push(format!(
            "existing versions have no content in {}: they stay as they are, published content keeps playing ({} falls back to the default language), and publishing needs a new version with every language",
            added.join(", "),
            added.join(", ")
        ));
    }
    if !removed.is_empty() {
        effect.push(format!(
            "content in {} is kept (not deleted) but no longer played, checked or required; adding the language back restores it",
            removed.join(", ")
        ));
    }
    if old_default != new_default {
        effect.push(format!(
            "the default language becomes {new_default} (was {old_default}): callers whose language has no content hear {new_default}"
        ));
    }
    LanguageChange {
        added,
        removed,
        effect: if effect.is_empty() {
            "no change".into()
        } else {
            effect.join("; ")
        },
    }
}

/// The languages a version lacks for the current allowed languages (what blocks publishing).
pub fn missing_languages(allowed: &[String], present: &[&str]) -> Vec<String> {
    allowed
        .iter()
        .filter(|l| !present.contains(&l.as_str()))
        .cloned()
        .collect()
}

/// Refuses to publish (or roll back to) a version not complete for the current languages.
pub fn check_publishable(version: i32, allowed: &[String], present: &[&str]) -> Result<()> {
    let missing = missing_languages(allowed, present);
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::validation(format!(
        "version {version} has no content in {}: the store now allows {}; write a new version with every language and publish that",
        missing.join(", "),
        allowed.join(", ")
    ))
    .with_detail(ErrorDetail {
        version: Some(i64::from(version)),
        missing_languages: Some(missing),
        ..Default::default()
    }))
}

/// Checks a new version's content: exactly the allowed languages (missing ones named, extra ones
/// named), content valid for the type, settings valid for the type's schema, and the same
/// placeholders in every language. All problems at once.
pub fn validate_version(
    ty: &MessageType,
    allowed: &[String],
    contents: &[LanguageContent],
    version_name: Option<&str>,
) -> Result<()> {
    let schema = content::compile_settings_schema(ty)?;
    version_problems(ty, schema.as_ref(), allowed, contents, version_name)
        .into_result("the version")
}

/// The findings of [`validate_version`], with the type's schema compiled once by the caller.
pub fn version_problems(
    ty: &MessageType,
    schema: Option<&jsonschema::Validator>,
    allowed: &[String],
    contents: &[LanguageContent],
    version_name: Option<&str>,
) -> FieldErrors {
    let mut errors = FieldErrors::default();
    check_name(
        &mut errors,
        "versionName",
        version_name,
        false,
        MAX_NAME_LEN,
    );
    let mut seen = BTreeSet::new();
    for c in contents {
        if !seen.insert(c.language.as_str()) {
            errors.push(
                format!("content.{}", c.language),
                "is given twice; give each language once",
            );
        } else if !allowed.contains(&c.language) {
            errors.push(
                format!("content.{}", c.language),
                format!(
                    "{} is not allowed in this store (allowed: {})",
                    c.language,
                    allowed.join(", ")
                ),
            );
        }
    }
    let present: Vec<&str> = seen.iter().copied().collect();
    let missing = missing_languages(allowed, &present);
    if !missing.is_empty() {
        errors.push(
            "content",
            format!(
                "missing language{} {}: a version needs content for every allowed language ({})",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                allowed.join(", ")
            ),
        );
    }
    for c in contents {
        if let Err(m) = content::check_content(ty.kind(), &c.content) {
            errors.push(format!("content.{}", c.language), m);
        }
        if let Some(settings) = &c.type_settings {
            for m in content::check_settings(schema, &ty.code, settings) {
                errors.push(format!("typeSettings.{}", c.language), m);
            }
        }
    }
    if let Err(m) = content::check_placeholder_sets(contents) {
        errors.push("content", m);
    }
    errors
}

/// At most this many versions' problems are named when a key's type change is refused.
const TYPE_CHANGE_PROBLEMS_NAMED: usize = 3;

/// Whether a key's versions stay valid under another message type: each version's content and
/// settings are checked by the new type's rules (placeholders do not depend on the type). The
/// problems, first few named with their version and language, go to the `messageType` field.
pub fn type_change_problems<'a>(
    ty: &MessageType,
    versions: impl IntoIterator<Item = (i32, &'a [LanguageContent])>,
) -> Result<FieldErrors> {
    let schema = content::compile_settings_schema(ty)?;
    let mut found = Vec::new();
    for (version, contents) in versions {
        for c in contents {
            let mut problems: Vec<String> = content::check_content(ty.kind(), &c.content)
                .err()
                .into_iter()
                .collect();
            if let Some(settings) = &c.type_settings {
                problems.extend(content::check_settings(schema.as_ref(), &ty.code, settings));
            }
            found.extend(
                problems
                    .into_iter()
                    .map(|m| format!("version {version} ({}): {m}", c.language)),
            );
        }
    }
    let mut errors = FieldErrors::default();
    if !found.is_empty() {
        // The count comes first: a long list is cut at the field message's limit.
        let shown = found.len().min(TYPE_CHANGE_PROBLEMS_NAMED);
        errors.push(
            "messageType",
            format!(
                "the existing versions do not fit type {} ({} problem{}; delete those versions or keep the type): {}{}",
                ty.code,
                found.len(),
                if found.len() == 1 { "" } else { "s" },
                found[..shown].join("; "),
                if found.len() > shown { "; …" } else { "" }
            ),
        );
    }
    Ok(errors)
}

/// The version number a new version gets: one more than the highest in use while that is at most
/// 10, else the lowest free slot. With all ten in use: VALIDATION saying how to free a slot.
pub fn next_version_number(existing: &[i32], published: Option<i32>) -> Result<i32> {
    let max = existing.iter().copied().max().unwrap_or(0);
    if max < MAX_VERSIONS {
        return Ok(max + 1);
    }
    if let Some(free) = (1..=MAX_VERSIONS).find(|v| !existing.contains(v)) {
        return Ok(free);
    }
    let versions: Vec<i32> = existing
        .iter()
        .copied()
        .filter(|v| Some(*v) != published)
        .collect();
    let deletable: Vec<String> = versions.iter().map(|v| v.to_string()).collect();
    Err(Error::validation(format!(
        "this message already has {MAX_VERSIONS} versions, the most a message keeps; delete a version that is not published (one of {}), then try again",
        deletable.join(", ")
    ))
    .with_detail(ErrorDetail {
        max_versions: Some(MAX_VERSIONS),
        deletable_versions: Some(deletable),
        ..Default::default()
    })
    .with_remedy(Remedy::DeleteUnpublishedVersion { versions }))
}

/// A published version cannot be deleted.
pub fn check_version_deletable(version: i32, published: Option<i32>) -> Result<()> {
    if Some(version) == published {
        return Err(Error::validation(format!(
            "version {version} is published and cannot be deleted; publish or roll back to another version first"
        )));
    }
    Ok(())
}

/// Voices: the voice must speak the language it is chosen for, and that language must be allowed.
pub fn check_voice(
    language: &str,
    voice_code: &str,
    voice_language: &str,
    allowed: &[String],
) -> Result<()> {
    if !allowed.iter().any(|l| l == language) {
        return Err(Error::validation(format!(
            "{language} is not an allowed language of this store (allowed: {}); add it first",
            allowed.join(", ")
        )));
    }
    if voice_language != language {
        return Err(Error::validation(format!(
            "voice {voice_code} speaks {voice_language}, not {language}; choose a voice for {language}"
        ))
        .with_detail(ErrorDetail {
            voice: Some(voice_code.to_owned()),
            voice_language: Some(voice_language.to_owned()),
            language: Some(language.to_owned()),
            ..Default::default()
        }));
    }
    Ok(())
}

/// Longest message-text search the key list accepts.
pub const MAX_CONTENT_SEARCH: usize = 200;

/// Search filters of the key list. All optional; combined with AND.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyFilter {
    /// Substring of the key (case-insensitive: keys are upper case, the text is upper-cased).
    pub text: Option<String>,
    /// Category code.
    pub category: Option<String>,
    /// Message type code.
    pub message_type: Option<String>,
    /// Only keys whose latest version lacks an allowed language.
    pub missing_language: bool,
    /// Only keys with a version newer than the published one (or unpublished keys with versions).
    pub newer_than_published: bool,
    /// Include soft-deleted keys.
    pub include_deleted: bool,
    /// Only keys no segment of any flow names (published or draft).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unused: Option<bool>,
    /// Substring of a message text in any allowed language of the key's latest or published
    /// version (case-insensitive: both sides are lower-cased, Unicode-aware, then compared exactly).
    #[cfg_attr(feature = "ts", ts(optional))]
    pub content: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

impl KeyFilter {
    /// Normalises and checks the filter (offset 0 or more, page size 1..=500, default 50).
    pub fn normalized(mut self) -> Result<KeyFilter> {
        (self.offset, self.limit) = page_bounds(self.offset, self.limit, "keys")?;
        self.text = self
            .text
            .map(|t| t.trim().to_uppercase())
            .filter(|t| !t.is_empty());
        self.content = self
            .content
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty());
        if let Some(t) = &self.content {
            if t.chars().count() > MAX_CONTENT_SEARCH {
                return Err(Error::validation(format!(
                    "search for at most {MAX_CONTENT_SEARCH} characters of message text"
                )));
            }
        }
        self.category = self.category.filter(|c| !c.is_empty());
        self.message_type = self.message_type.filter(|c| !c.is_empty());
        Ok(self)
    }
}

/// One language of a version as audit rows record it (`{"content", "typeSettings"}`, the
/// settings as their stored text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ContentImage {
    pub content: String,
    pub type_settings: Option<String>,
}

/// A version's content by language, in a deterministic order: what audit rows record.
pub fn contents_image(contents: &[LanguageContent]) -> BTreeMap<String, ContentImage> {
    contents
        .iter()
        .map(|c| {
            (
                c.language.clone(),
                ContentImage {
                    content: c.content.clone(),
                    type_settings: c.type_settings.clone(),
                },
            )
        })
        .collect()
}

/// True when two versions say the same thing in the given languages (settings compared as JSON,
/// so formatting differences do not count as a change).
pub fn same_content(a: &[LanguageContent], b: &[LanguageContent], languages: &[String]) -> bool {
    changed_languages(a, b, languages).next().is_none()
}

/// The languages (of `languages`, in their order) in which two versions say different things:
/// the one comparison behind [`same_content`], so a preview lists exactly what makes a change.
pub fn changed_languages<'a>(
    a: &'a [LanguageContent],
    b: &'a [LanguageContent],
    languages: &'a [String],
) -> impl Iterator<Item = &'a String> + 'a {
    let find = |v: &'a [LanguageContent], l: &str| v.iter().find(|c| c.language == l);
    languages
        .iter()
        .filter(move |l| match (find(a, l), find(b, l)) {
            (None, None) => false,
            (Some(x), Some(y)) => {
                x.content != y.content || !same_settings(&x.type_settings, &y.type_settings)
            }
            _ => true,
        })
}

fn same_settings(a: &Option<String>, b: &Option<String>) -> bool {
    // Compared token for token (whitespace apart): two numbers f64 cannot tell apart still differ.
    let compact = |s: &Option<String>| s.as_deref().map(|t| crate::JsonText::new(t).compact());
    compact(a) == compact(b)
}

/// The settings a message plays with: the type's DefaultSettings, overlaid key by key with the
/// language's own TypeSettings. Texts that are not JSON objects count as empty. Every value is kept
/// as written (a `serde_json::Value` in between would round a number beyond f64, or write `1.50`
/// as `1.5`): the members are taken as raw JSON text and only the object around them is rebuilt.
pub fn effective_settings(defaults: Option<&str>, own: Option<&str>) -> crate::RawJson {
    let members = |t: Option<&str>| {
        t.and_then(|t| serde_json::from_str::<crate::RawMembers>(t).ok())
            .map(|m| m.0)
            .unwrap_or_default()
    };
    let mut merged = members(defaults);
    for (k, v) in members(own) {
        match merged.iter_mut().find(|(m, _)| *m == k) {
            Some(slot) => slot.1 = v,
            None => merged.push((k, v)),
        }
    }
    serde_json::to_string(&crate::RawMembers(merged))
        .ok()
        .and_then(|text| crate::RawJson::parse(&crate::JsonText::new(text).compact()).ok())
        .unwrap_or_else(|| crate::RawJson::from_value(&serde_json::json!({})))
}

/// The voice a message plays with: only a text-to-speech message has one (`kind`); `voice` in its
/// settings, else the store's default voice for the language played. The runtime lookup and the
/// publish preview both ask here, so what the preview promises is what callers get.
pub fn effective_voice(
    kind: ContentKind,
    settings: &crate::RawJson,
    store_default: Option<&str>,
) -> Option<String> {
    if kind != ContentKind::Tts {
        return None;
    }
    settings
        .value()
        .as_ref()
        .and_then(|s| s.get("voice"))
        .and_then(|v| v.as_str())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .or_else(|| store_default.map(str::to_owned))
}

#[cfg(test)]
mod tests;
