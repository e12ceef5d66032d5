//! Dictionaries: environments, languages, voices, key types, segment types with their keys,
//! message types, message categories and company projects. Types plus the rules for admin edits.

use crate::error::{FieldErrors, Result};
use crate::fields::check_text;
use crate::ids::bcp47_problem;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// `sys_AuditLog.EntityType` values of dictionary edits.
pub const ENTITY_ENVIRONMENT: &str = "environment";
pub const ENTITY_LANGUAGE: &str = "language";
pub const ENTITY_VOICE: &str = "voice";
pub const ENTITY_COMPANY_PROJECT: &str = "company_project";

/// The audit action of a dictionary edit: `deactivated` / `activated` when the edit sets the
/// active flag (a rename that also activates is `updated`), else `updated`.
pub fn edit_action(renamed: bool, is_active: Option<bool>) -> &'static str {
    match (renamed, is_active) {
        (_, Some(false)) => "deactivated",
        (false, Some(true)) => "activated",
        _ => "updated",
    }
}

pub const VOICE_ENGINES: &[&str] = &["google", "azure", "amazon", "elevenlabs"];
pub const VOICE_GENDERS: &[&str] = &["male", "female", "neutral"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Environment {
    pub environment_id: i64,
    pub code: String,
    pub display_name: String,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Language {
    pub language_code: String,
    pub display_name: String,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Voice {
    pub voice_id: i64,
    pub code: String,
    pub engine: String,
    pub language: String,
    pub gender: Option<String>,
    pub display_name: String,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyType {
    pub dic_key_type_id: i64,
    pub code: String,
    pub display_name: String,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentKey {
    pub dic_key_id: i64,
    pub key_name: String,
    pub dic_key_type_id: i64,
    pub key_type: Option<String>,
    pub is_required: bool,
    pub default_value: Option<String>,
    pub validation_schema: Option<Json>,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SegmentType {
    pub dic_segment_type_id: i64,
    pub code: String,
    pub display_name: String,
    pub category: Option<String>,
    pub is_terminal: bool,
    pub is_active: bool,
    pub keys: Vec<SegmentKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageType {
    pub message_type_id: i64,
    pub code: String,
    pub display_name: String,
    pub settings_schema: Option<Json>,
    pub default_settings: Option<Json>,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MessageCategory {
    pub category_id: i64,
    pub code: String,
    pub display_name: String,
    pub icon: Option<String>,
    pub color: Option<String>,
    pub is_active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyProject {
    pub company_project_id: i64,
    pub environment_id: i64,
    pub environment_code: Option<String>,
    pub customer_id: String,
    pub project_id: String,
    pub display_name: String,
    pub okta_group: Option<String>,
    pub is_active: bool,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
}

/// Every dictionary at once (one round trip).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dictionaries {
    pub environments: Vec<Environment>,
    pub languages: Vec<Language>,
    pub voices: Vec<Voice>,
    pub key_types: Vec<KeyType>,
    pub segment_types: Vec<SegmentType>,
    pub message_types: Vec<MessageType>,
    pub message_categories: Vec<MessageCategory>,
    pub company_projects: Vec<CompanyProject>,
}

/// The active rows of the dictionaries the message rules check against, read in one round trip
/// on every message write: the same row types as [`Dictionaries`], narrowed to what messages use
/// (no environments, key or segment types, company projects).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageDictionaries {
    pub message_types: Vec<MessageType>,
    pub message_categories: Vec<MessageCategory>,
    pub languages: Vec<Language>,
    pub voices: Vec<Voice>,
}

impl MessageDictionaries {
    /// The codes of the active languages.
    pub fn language_codes(&self) -> BTreeSet<String> {
        self.languages
            .iter()
            .map(|l| l.language_code.clone())
            .collect()
    }
}

/// One of the dictionaries, as `ivr dict list NAME` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictionaryName {
    Environments,
    Languages,
    Voices,
    KeyTypes,
    SegmentTypes,
    MessageTypes,
    MessageCategories,
    CompanyProjects,
}

impl DictionaryName {
    pub const ALL: [DictionaryName; 8] = [
        DictionaryName::Environments,
        DictionaryName::Languages,
        DictionaryName::Voices,
        DictionaryName::KeyTypes,
        DictionaryName::SegmentTypes,
        DictionaryName::MessageTypes,
        DictionaryName::MessageCategories,
        DictionaryName::CompanyProjects,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DictionaryName::Environments => "environments",
            DictionaryName::Languages => "languages",
            DictionaryName::Voices => "voices",
            DictionaryName::KeyTypes => "key-types",
            DictionaryName::SegmentTypes => "segment-types",
            DictionaryName::MessageTypes => "message-types",
            DictionaryName::MessageCategories => "message-categories",
            DictionaryName::CompanyProjects => "company-projects",
        }
    }

    /// A name as people type it: any case, `_` for `-`, `projects` for `company-projects`.
    /// VALIDATION naming the dictionaries when it is none of them.
    pub fn parse(name: &str) -> crate::Result<DictionaryName> {
        let key = name.trim().to_ascii_lowercase().replace('_', "-");
        if key == "projects" {
            return Ok(DictionaryName::CompanyProjects);
        }
        DictionaryName::ALL
            .into_iter()
            .find(|d| d.as_str() == key)
            .ok_or_else(|| {
                let names: Vec<&str> = DictionaryName::ALL.iter().map(|d| d.as_str()).collect();
                crate::Error::validation(format!(
                    "`{}` is not a dictionary; use one of {}",
                    crate::quote(name),
                    names.join(", ")
                ))
            })
    }
}

/// One dictionary's rows, as `ivr dict list NAME --json` prints them (the array alone).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DictionaryRows<'a> {
    Environments(&'a [Environment]),
    Languages(&'a [Language]),
    Voices(&'a [Voice]),
    KeyTypes(&'a [KeyType]),
    SegmentTypes(&'a [SegmentType]),
    MessageTypes(&'a [MessageType]),
    MessageCategories(&'a [MessageCategory]),
    CompanyProjects(&'a [CompanyProject]),
}

impl Dictionaries {
    /// The rows of one dictionary.
    pub fn rows(&self, which: DictionaryName) -> DictionaryRows<'_> {
        match which {
            DictionaryName::Environments => DictionaryRows::Environments(&self.environments),
            DictionaryName::Languages => DictionaryRows::Languages(&self.languages),
            DictionaryName::Voices => DictionaryRows::Voices(&self.voices),
            DictionaryName::KeyTypes => DictionaryRows::KeyTypes(&self.key_types),
            DictionaryName::SegmentTypes => DictionaryRows::SegmentTypes(&self.segment_types),
            DictionaryName::MessageTypes => DictionaryRows::MessageTypes(&self.message_types),
            DictionaryName::MessageCategories => {
                DictionaryRows::MessageCategories(&self.message_categories)
            }
            DictionaryName::CompanyProjects => {
                DictionaryRows::CompanyProjects(&self.company_projects)
            }
        }
    }
}
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageFields {
    pub language_code: String,
    pub display_name: String,
}

impl LanguageFields {
    pub fn validate(&self) -> Result<()> {
        let mut e = FieldErrors::default();
        if let Some(p) = bcp47_problem(&self.language_code) {
            e.push("languageCode", p);
        } else {
            check_text(
                &mut e,
                "languageCode",
                &self.language_code,
                "cfg_Dic_Language",
                "LanguageCode",
                true,
            );
        }
        check_display_name(&mut e, &self.display_name, "cfg_Dic_Language");
        e.into_result("The language")
    }
}

pub fn validate_display_name(display_name: &str, table: &str, what: &str) -> Result<()> {
    let mut e = FieldErrors::default();
    check_display_name(&mut e, display_name, table);
    e.into_result(what)
}

fn check_display_name(e: &mut FieldErrors, v: &str, table: &str) {
    check_text(e, "displayName", v, table, "DisplayName", true);
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoiceFields {
    pub code: String,
    pub engine: String,
    pub language: String,
    #[serde(default)]
    pub gender: Option<String>,
    pub display_name: String,
}

impl VoiceFields {
    pub fn validate(&self) -> Result<()> {
        const T: &str = "cfg_Dic_Voice";
        let mut e = FieldErrors::default();
        check_text(&mut e, "code", &self.code, T, "Code", true);
        if !VOICE_ENGINES.contains(&self.engine.as_str()) {
            e.push(
                "engine",
                format!(
                    "`{}` is not a known TTS engine; use one of {}",
                    self.engine,
                    VOICE_ENGINES.join(", ")
                ),
            );
        }
        if let Some(p) = bcp47_problem(&self.language) {
            e.push("language", p);
        }
        if let Some(g) = &self.gender {
            if !VOICE_GENDERS.contains(&g.as_str()) {
                e.push(
                    "gender",
                    format!(
                        "`{g}` is not allowed; use one of {}, or leave it empty",
                        VOICE_GENDERS.join(", ")
                    ),
                );
            }
        }
        check_display_name(&mut e, &self.display_name, T);
        e.into_result("The voice")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyProjectFields {
    pub environment_id: i64,
    pub customer_id: String,
    pub project_id: String,
    pub display_name: String,
    #[serde(default)]
    pub okta_group: Option<String>,
}

impl CompanyProjectFields {
    pub fn validate(&self) -> Result<()> {
        const T: &str = "cfg_Dic_CompanyProject";
        let mut e = FieldErrors::default();
        if self.environment_id <= 0 {
            e.push("environmentId", "is required (an environment id)");
        }
        check_text(
            &mut e,
            "customerId",
            &self.customer_id,
            T,
            "CustomerId",
            true,
        );
        if self.customer_id.chars().any(|c| c.is_uppercase()) {
            e.push(
                "customerId",
                format!(
                    "must be lowercase (e.g. `{}`)",
                    self.customer_id.to_lowercase()
                ),
            );
        }
        check_text(&mut e, "projectId", &self.project_id, T, "ProjectId", true);
        check_display_name(&mut e, &self.display_name, T);
        if let Some(g) = &self.okta_group {
            check_text(&mut e, "oktaGroup", g, T, "OktaGroup", false);
        }
        e.into_result("The company project")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_names_read_as_people_type_them() {
        for d in DictionaryName::ALL {
            assert_eq!(DictionaryName::parse(d.as_str()).unwrap(), d);
        }
        assert_eq!(
            DictionaryName::parse(" Key_Types ").unwrap(),
            DictionaryName::KeyTypes
        );
        assert_eq!(
            DictionaryName::parse("projects").unwrap(),
            DictionaryName::CompanyProjects
        );
        let e = DictionaryName::parse("colours").unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::Validation);
        assert!(
            e.message
                .starts_with("`colours` is not a dictionary; use one of environments, languages,"),
            "{}",
            e.message
        );
    }

    #[test]
    fn edit_action_names_the_active_flag_change() {
        assert_eq!(edit_action(false, Some(false)), "deactivated");
        assert_eq!(edit_action(true, Some(false)), "deactivated");
        assert_eq!(edit_action(false, Some(true)), "activated");
        assert_eq!(edit_action(true, Some(true)), "updated");
        assert_eq!(edit_action(true, None), "updated");
        assert_eq!(edit_action(false, None), "updated");
    }

    #[test]
    fn voice_rules() {
        let v = VoiceFields {
            code: "nl-BE-Wavenet-A".into(),
            engine: "acme".into(),
            language: "nl_BE".into(),
            gender: Some("robot".into()),
            display_name: "".into(),
        };
        let err = v.validate().unwrap_err();
        let s = err.message;
        for f in ["engine", "language", "gender", "displayName"] {
            assert!(s.contains(f), "{f} not named in {s}");
        }
    }

    #[test]
    fn customer_id_must_be_lowercase() {
        let p = CompanyProjectFields {
            environment_id: 1,
            customer_id: "Acme".into(),
            project_id: "care".into(),
            display_name: "Acme care".into(),
            okta_group: None,
        };
        let err = p.validate().unwrap_err();
        assert!(err.message.contains("customerId"), "{}", err.message);
    }
}
