//! Content checks per message type: SSML well-formedness, https audio URLs, non-empty LLM texts,
//! placeholders, and TypeSettings against the type's JSON Schema.

use super::{ContentKind, LanguageContent};
use crate::dict::MessageType;
use crate::error::{Error, Result};
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// Checks one language's content for its type; `Err` is a sentence for people.
pub fn check_content(kind: ContentKind, content: &str) -> std::result::Result<(), String> {
    match kind {
        ContentKind::Tts => {
            if content.trim().is_empty() {
                return Err("text to speak is empty".into());
            }
            if content.trim_start().starts_with("<speak") {
                check_ssml(content)?;
            }
            Ok(())
        }
        ContentKind::AudioUrl => check_https_url(content),
        ContentKind::LlmMessage => non_empty(content, "the LLM message is empty"),
        ContentKind::LlmPrompt => non_empty(content, "the LLM prompt is empty"),
        ContentKind::Other => non_empty(content, "the content is empty"),
    }
}

fn non_empty(content: &str, msg: &str) -> std::result::Result<(), String> {
    if content.trim().is_empty() {
        Err(msg.into())
    } else {
        Ok(())
    }
}

/// An audio URL must be absolute https with a host (players fetch it from the call platform).
pub fn check_https_url(content: &str) -> std::result::Result<(), String> {
    let text = content.trim();
    if text != content {
        return Err("the audio URL has spaces or line breaks around it; remove them".into());
    }
    match url::Url::parse(text) {
        Ok(u) if u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        Ok(u) => Err(format!(
            "the audio URL must be an absolute https URL (https://host/file.wav), not {}",
            if u.scheme() == "https" {
                "one without a host".to_string()
            } else {
                format!("{}:", u.scheme())
            }
        )),
        Err(e) => Err(format!(
            "the audio URL is not an absolute URL ({e}); write it as https://host/path/file.wav"
        )),
    }
}

/// Well-formed SSML: one `<speak>` root, tags closed and nested properly, attributes well-formed,
/// entity references known, nothing but whitespace outside the root.
pub fn check_ssml(content: &str) -> std::result::Result<(), String> {
    let mut reader = Reader::from_str(content);
    reader.config_mut().check_end_names = true;
    reader.config_mut().check_comments = true;
    let mut depth: usize = 0;
    let mut roots = 0;
    let mut stack: Vec<String> = Vec::new();
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            format!(
                "the SSML is not well-formed near character {}: {e}",
                reader.error_position().max(pos)
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if depth == 0 {
                    roots += 1;
                    if name != "speak" || roots > 1 {
                        return Err(format!(
                            "SSML must have exactly one root element <speak>; found <{name}> at the top level"
                        ));
                    }
                }
                check_attributes(&e)?;
                depth += 1;
                stack.push(name);
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if depth == 0 {
                    return Err(format!(
                        "SSML must have exactly one root element <speak>; found <{name}/> at the top level"
                    ));
                }
                check_attributes(&e)?;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                stack.pop();
            }
            Event::Text(t) => {
                if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err("SSML has text outside <speak>…</speak>".into());
                }
            }
            Event::CData(_) => {
                if depth == 0 {
                    return Err("SSML has text outside <speak>…</speak>".into());
                }
            }
            Event::GeneralRef(r) => {
                if depth == 0 {
                    return Err("SSML has text outside <speak>…</speak>".into());
                }
                let known = matches!(r.as_ref(), b"amp" | b"lt" | b"gt" | b"quot" | b"apos");
                if !known {
                    match r.resolve_char_ref() {
                        Ok(Some(_)) => {}
                        _ => {
                            return Err(format!(
                                "SSML uses the unknown entity &{};: write & as &amp;",
                                String::from_utf8_lossy(r.as_ref())
                            ))
                        }
                    }
                }
            }
            Event::DocType(_) => return Err("SSML must not contain a DOCTYPE".into()),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("the SSML ends before <{open}> is closed"));
    }
    if roots == 0 {
        return Err("SSML must have a <speak> root element".into());
    }
    Ok(())
}

fn check_attributes(e: &quick_xml::events::BytesStart<'_>) -> std::result::Result<(), String> {
    let tag = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    for a in e.attributes().with_checks(true) {
        let a =
            a.map_err(|err| format!("the SSML tag <{tag}> has a malformed attribute: {err}"))?;
        a.unescape_value().map_err(|err| {
            format!(
                "the SSML tag <{tag}> has an attribute value with a bad entity: {err}; write & as &amp;"
            )
        })?;
    }
    Ok(())
}

/// Placeholders written `{name}` (a letter or `_`, then letters, digits, `_`).
pub fn placeholders(content: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                j += 1;
            }
            if j > start && j < bytes.len() && bytes[j] == b'}' && !bytes[start].is_ascii_digit() {
                out.insert(content[start..j].to_owned());
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Every language of a version must use the same placeholders; the message names the differences.
pub fn check_placeholder_sets(contents: &[LanguageContent]) -> std::result::Result<(), String> {
    let sets: Vec<(&str, BTreeSet<String>)> = contents
        .iter()
        .map(|c| (c.language.as_str(), placeholders(&c.content)))
        .collect();
    let Some((first_lang, first)) = sets.first() else {
        return Ok(());
    };
    let mut problems = Vec::new();
    for (lang, set) in &sets[1..] {
        if set != first {
            let only_here: Vec<_> = set.difference(first).map(|p| format!("{{{p}}}")).collect();
            let missing: Vec<_> = first.difference(set).map(|p| format!("{{{p}}}")).collect();
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("lacks {}", missing.join(" ")));
            }
            if !only_here.is_empty() {
                parts.push(format!("adds {}", only_here.join(" ")));
            }
            problems.push(format!(
                "{lang} {} compared with {first_lang}",
                parts.join(" and ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "placeholders differ between languages: {}; every language must use the same placeholders",
            problems.join("; ")
        ))
    }
}

/// Compiles the type's SettingsSchema. A broken schema in the dictionary is an admin problem,
/// reported as such rather than as the editor's fault.
pub fn compile_settings_schema(ty: &MessageType) -> Result<Option<jsonschema::Validator>> {
    let Some(schema) = &ty.settings_schema else {
        return Ok(None);
    };
    // Stored text that is not JSON reads as a string (`routing::parse_stored_json`): blank text is
    // no schema, other text is reported as not JSON.
    if let Json::String(text) = schema {
        if text.trim().is_empty() {
            return Ok(None);
        }
        if let Err(e) = serde_json::from_str::<Json>(text) {
            return Err(Error::validation(format!(
                "the SettingsSchema of message type {} in the dictionary is not JSON ({e}); an admin must fix the dictionary",
                ty.code
            )));
        }
    }
    jsonschema::validator_for(schema).map(Some).map_err(|e| {
        Error::validation(format!(
            "the SettingsSchema of message type {} in the dictionary is not a valid JSON Schema ({e}); an admin must fix the dictionary",
            ty.code
        ))
    })
}

/// Checks TypeSettings text: a JSON object satisfying the schema. Returns every problem.
pub fn check_settings(
    schema: Option<&jsonschema::Validator>,
    type_code: &str,
    settings: &str,
) -> Vec<String> {
    let value: serde_json::Value = match serde_json::from_str(settings) {
        Ok(v) => v,
        Err(e) => return vec![format!("is not JSON ({e})")],
    };
    // Kept as written (a number's digits too); a key twice or a NUL cannot be.
    if let Some(p) = crate::JsonText::new(settings).problem(false) {
        return vec![p];
    }
    if !value.is_object() {
        return vec!["must be a JSON object".into()];
    }
    let Some(schema) = schema else {
        return Vec::new();
    };
    schema
        .iter_errors(&value)
        .map(|e| {
            let path = e.instance_path().to_string();
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(" at {path}")
            };
            format!("does not match the {type_code} settings schema{at}: {e}")
        })
        .collect()
}
