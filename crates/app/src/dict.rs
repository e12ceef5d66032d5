//! Dictionary use cases: read every dictionary; admin edits of languages, voices and company
//! projects (validated, audited, refused on a read-only environment).

use crate::routing::actor;
use crate::OpenEnvironment;
use ivr_domain::dict::*;
use ivr_domain::{Error, Result};
use ivr_store::dict as store;
use serde::{Deserialize, Serialize};

pub async fn all(env: &OpenEnvironment) -> Result<Dictionaries> {
    store::all(&env.db).await
}

/// One dictionary by name (`languages`, `voices`, … see [`DICTIONARY_NAMES`]) as JSON rows.
pub async fn one(env: &OpenEnvironment, name: &str) -> Result<serde_json::Value> {
    let d = all(env).await?;
    pick(&d, name)
}

pub fn pick(d: &Dictionaries, name: &str) -> Result<serde_json::Value> {
    fn v<T: Serialize>(x: &T) -> serde_json::Value {
        serde_json::to_value(x).unwrap_or(serde_json::Value::Null)
    }
    let key = name.trim().to_ascii_lowercase().replace('_', "-");
    let out = match key.as_str() {
        "environments" => v(&d.environments),
        "languages" => v(&d.languages),
        "voices" => v(&d.voices),
        "key-types" => v(&d.key_types),
        "segment-types" => v(&d.segment_types),
        "message-types" => v(&d.message_types),
        "message-categories" => v(&d.message_categories),
        "company-projects" | "projects" => v(&d.company_projects),
        _ => {
            return Err(Error::validation(format!(
                "`{name}` is not a dictionary; use one of {}",
                DICTIONARY_NAMES.join(", ")
            )))
        }
    };
    Ok(out)
}

pub async fn language_add(env: &OpenEnvironment, f: &LanguageFields) -> Result<Language> {
    env.check_writable()?;
    f.validate()?;
    store::language_add(&env.db, &actor(env), f).await
}

pub async fn language_rename(
    env: &OpenEnvironment,
    code: &str,
    display_name: &str,
) -> Result<Language> {
    env.check_writable()?;
    validate_display_name(display_name, "cfg_Dic_Language", "The language")?;
    store::language_set(&env.db, &actor(env), code, Some(display_name), None).await
}

pub async fn language_set_active(
    env: &OpenEnvironment,
    code: &str,
    active: bool,
) -> Result<Language> {
    env.check_writable()?;
    store::language_set(&env.db, &actor(env), code, None, Some(active)).await
}

/// Fields to change on a voice; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoicePatch {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub engine: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// `Some("")` clears the gender.
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

pub async fn voice_add(env: &OpenEnvironment, f: &VoiceFields) -> Result<Voice> {
    env.check_writable()?;
    f.validate()?;
    store::voice_add(&env.db, &actor(env), f).await
}

pub async fn voice_edit(env: &OpenEnvironment, voice_id: i64, patch: &VoicePatch) -> Result<Voice> {
    env.check_writable()?;
    let d = store::all(&env.db).await?;
    let cur = d
        .voices
        .iter()
        .find(|v| v.voice_id == voice_id)
        .ok_or_else(|| Error::not_found(format!("no voice with id {voice_id}")))?;
    let f = VoiceFields {
        code: patch.code.clone().unwrap_or_else(|| cur.code.clone()),
        engine: patch.engine.clone().unwrap_or_else(|| cur.engine.clone()),
        language: patch
            .language
            .clone()
            .unwrap_or_else(|| cur.language.clone()),
        gender: match &patch.gender {
            Some(g) if g.is_empty() => None,
            Some(g) => Some(g.clone()),
            None => cur.gender.clone(),
        },
        display_name: patch
            .display_name
            .clone()
            .unwrap_or_else(|| cur.display_name.clone()),
    };
    f.validate()?;
    store::voice_edit(&env.db, &actor(env), voice_id, &f).await
}

pub async fn voice_set_active(env: &OpenEnvironment, voice_id: i64, active: bool) -> Result<Voice> {
    env.check_writable()?;
    store::voice_set_active(&env.db, &actor(env), voice_id, active).await
}

/// Fields to change on a company project; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanyProjectPatch {
    #[serde(default)]
    pub environment_id: Option<i64>,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    /// `Some("")` clears the Okta group.
    #[serde(default)]
    pub okta_group: Option<String>,
}

pub async fn project_create(
    env: &OpenEnvironment,
    f: &CompanyProjectFields,
) -> Result<CompanyProject> {
    env.check_writable()?;
    f.validate()?;
    store::project_create(&env.db, &actor(env), f).await
}

pub async fn project_edit(
    env: &OpenEnvironment,
    company_project_id: i64,
    patch: &CompanyProjectPatch,
) -> Result<CompanyProject> {
    env.check_writable()?;
    let d = store::all(&env.db).await?;
    let cur = d
        .company_projects
        .iter()
        .find(|p| p.company_project_id == company_project_id)
        .ok_or_else(|| {
            Error::not_found(format!("no company project with id {company_project_id}"))
        })?;
    let f = CompanyProjectFields {
        environment_id: patch.environment_id.unwrap_or(cur.environment_id),
        customer_id: patch
            .customer_id
            .clone()
            .unwrap_or_else(|| cur.customer_id.clone()),
        project_id: patch
            .project_id
            .clone()
            .unwrap_or_else(|| cur.project_id.clone()),
        display_name: patch
            .display_name
            .clone()
            .unwrap_or_else(|| cur.display_name.clone()),
        okta_group: match &patch.okta_group {
            Some(g) if g.is_empty() => None,
            Some(g) => Some(g.clone()),
            None => cur.okta_group.clone(),
        },
    };
    f.validate()?;
    store::project_edit(&env.db, &actor(env), company_project_id, &f).await
}

pub async fn project_set_active(
    env: &OpenEnvironment,
    company_project_id: i64,
    active: bool,
) -> Result<CompanyProject> {
    env.check_writable()?;
    store::project_set_active(&env.db, &actor(env), company_project_id, active).await
}

/// An environment's id from its code (`dvp`), for `--environment dvp` on the command line.
pub async fn environment_id(env: &OpenEnvironment, code: &str) -> Result<i64> {
    store::environment_by_code(&env.db, code)
        .await?
        .map(|e| e.environment_id)
        .ok_or_else(|| {
            Error::not_found(format!(
                "environment `{code}` is not in the environment dictionary (list them with `ivr dict list environments`)"
            ))
        })
}
