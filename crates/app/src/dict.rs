//! Dictionary use cases: read every dictionary; admin edits of languages, voices and company
//! projects. Each edit takes the [`Writable`] capability, validates, and runs in one transaction
//! it opens here: lock/check the current row and the references, write, audit.
//! `ivr_store::dict` only runs the SQL.

use crate::audit::record;
use crate::environment::Writable;
use ivr_domain::dict::*;
use ivr_domain::error::FieldErrors;
use ivr_domain::{Error, Result};
use ivr_store::dict as store;
use ivr_store::Db;
use serde::{Deserialize, Serialize};

pub async fn all(db: &Db) -> Result<Dictionaries> {
    store::all(db).await
}

/// One dictionary by the name people type ([`DictionaryName::parse`]): all dictionaries, read
/// once, and which one was named (its rows: `Dictionaries::rows`).
pub async fn one(db: &Db, name: &str) -> Result<(Dictionaries, DictionaryName)> {
    let which = DictionaryName::parse(name)?;
    Ok((all(db).await?, which))
}

fn language_missing(code: &str) -> Error {
    Error::not_found(format!(
        "language `{code}` is not in the language dictionary; add it there first"
    ))
}

/// Adds a language. An existing code (active or not) is CONFLICT.
pub async fn language_add(w: &Writable<'_>, f: &LanguageFields) -> Result<Language> {
    f.validate()?;
    w.db()
        .transaction(async |c| {
            if let Some(existing) = store::language(c, &f.language_code).await? {
                return Err(Error::already_exists(format!(
                    "language `{}` already exists ({}{}); rename or reactivate it instead",
                    existing.language_code,
                    existing.display_name,
                    if existing.is_active { "" } else { ", inactive" }
                )));
            }
            let lang = store::language_insert(c, f).await?;
            let code = &lang.language_code;
            record(c, w, ENTITY_LANGUAGE, code, "created", None, &lang).await?;
            Ok(lang)
        })
        .await
}

pub async fn language_rename(w: &Writable<'_>, code: &str, display_name: &str) -> Result<Language> {
    validate_display_name(display_name, "cfg_Dic_Language", "The language")?;
    language_set(w, code, Some(display_name), None).await
}

pub async fn language_set_active(w: &Writable<'_>, code: &str, active: bool) -> Result<Language> {
    language_set(w, code, None, Some(active)).await
}

/// Sets a language's display name and/or active flag (rename, deactivate, reactivate).
async fn language_set(
    w: &Writable<'_>,
    code: &str,
    display_name: Option<&str>,
    is_active: Option<bool>,
) -> Result<Language> {
    w.db()
        .transaction(async |c| {
            let current = store::language(c, code)
                .await?
                .ok_or_else(|| language_missing(code))?;
            let name = display_name.unwrap_or(&current.display_name).to_owned();
            let active = is_active.unwrap_or(current.is_active);
            let after = store::language_update(c, code, &name, active)
                .await?
                .ok_or_else(|| language_missing(code))?;
            let action = edit_action(display_name.is_some(), is_active);
            record(c, w, ENTITY_LANGUAGE, code, action, Some(&current), &after).await?;
            Ok(after)
        })
        .await
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

impl VoicePatch {
    /// The voice's fields with this patch applied.
    pub fn apply(&self, cur: &Voice) -> VoiceFields {
        VoiceFields {
            code: self.code.clone().unwrap_or_else(|| cur.code.clone()),
            engine: self.engine.clone().unwrap_or_else(|| cur.engine.clone()),
            language: self
                .language
                .clone()
                .unwrap_or_else(|| cur.language.clone()),
            gender: patch_optional(&self.gender, &cur.gender),
            display_name: self
                .display_name
                .clone()
                .unwrap_or_else(|| cur.display_name.clone()),
        }
    }
}

/// An optional text field of a patch: None keeps, `Some("")` clears, `Some(v)` sets.
fn patch_optional(patch: &Option<String>, current: &Option<String>) -> Option<String> {
    match patch {
        Some(g) if g.is_empty() => None,
        Some(g) => Some(g.clone()),
        None => current.clone(),
    }
}

fn voice_missing(id: i64) -> Error {
    Error::not_found(format!("no voice with id {id}"))
}

/// The references and the code of a voice, inside its edit's transaction.
fn voice_refs(check: &store::VoiceCheck, f: &VoiceFields) -> Result<()> {
    if !check.language_ok {
        let mut e = FieldErrors::default();
        e.push(
            "language",
            format!(
                "`{}` is not an active language of the language dictionary; add it there first",
                f.language
            ),
        );
        e.into_result("The voice")?;
    }
    if check.code_taken {
        return Err(Error::already_exists(format!(
            "a voice with code `{}` already exists; choose another code or edit that voice",
            f.code
        )));
    }
    Ok(())
}

/// Adds a voice; its language must exist (and be active).
pub async fn voice_add(w: &Writable<'_>, f: &VoiceFields) -> Result<Voice> {
    f.validate()?;
    w.db()
        .transaction(async |c| {
            voice_refs(&store::voice_check(c, f, None).await?, f)?;
            let v = store::voice_insert(c, f).await?;
            let id = v.voice_id.to_string();
            record(c, w, ENTITY_VOICE, &id, "created", None, &v).await?;
            Ok(v)
        })
        .await
}

/// Changes the fields a patch names (validated as a whole after merging).
pub async fn voice_edit(w: &Writable<'_>, voice_id: i64, patch: &VoicePatch) -> Result<Voice> {
    w.db()
        .transaction(async |c| {
            let locked = store::voice_lock(c, voice_id)
                .await?
                .ok_or_else(|| voice_missing(voice_id))?;
            let f = patch.apply(&locked);
            f.validate()?;
            let check = store::voice_check(c, &f, Some(voice_id)).await?;
            voice_refs(&check, &f)?;
            let current = check.current.ok_or_else(|| voice_missing(voice_id))?;
            let after = store::voice_update(c, voice_id, &f, current.is_active)
                .await?
                .ok_or_else(|| voice_missing(voice_id))?;
            let id = voice_id.to_string();
            record(c, w, ENTITY_VOICE, &id, "updated", Some(&current), &after).await?;
            Ok(after)
        })
        .await
}

/// Deactivates (or reactivates) a voice.
pub async fn voice_set_active(w: &Writable<'_>, voice_id: i64, active: bool) -> Result<Voice> {
    w.db()
        .transaction(async |c| {
            let current = store::voice_lock(c, voice_id)
                .await?
                .ok_or_else(|| voice_missing(voice_id))?;
            let f = VoicePatch::default().apply(&current);
            let after = store::voice_update(c, voice_id, &f, active)
                .await?
                .ok_or_else(|| voice_missing(voice_id))?;
            let action = edit_action(false, Some(active));
            let id = voice_id.to_string();
            record(c, w, ENTITY_VOICE, &id, action, Some(&current), &after).await?;
            Ok(after)
        })
        .await
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

impl CompanyProjectPatch {
    /// The company project's fields with this patch applied.
    pub fn apply(&self, cur: &CompanyProject) -> CompanyProjectFields {
        CompanyProjectFields {
            environment_id: self.environment_id.unwrap_or(cur.environment_id),
            customer_id: self
                .customer_id
                .clone()
                .unwrap_or_else(|| cur.customer_id.clone()),
            project_id: self
                .project_id
                .clone()
                .unwrap_or_else(|| cur.project_id.clone()),
            display_name: self
                .display_name
                .clone()
                .unwrap_or_else(|| cur.display_name.clone()),
            okta_group: patch_optional(&self.okta_group, &cur.okta_group),
        }
    }
}

fn project_missing(id: i64) -> Error {
    Error::not_found(format!("no company project with id {id}"))
}

fn project_taken(f: &CompanyProjectFields) -> Error {
    Error::already_exists(format!(
        "company project `{}/{}` already exists in this environment; edit or reactivate that one",
        f.customer_id, f.project_id
    ))
    .at_field(
        "projectId",
        "already used for this customer in this environment",
    )
}

/// The environment reference and the natural key, inside the edit's transaction.
fn project_refs(check: &store::ProjectCheck, f: &CompanyProjectFields) -> Result<()> {
    if !check.environment_ok {
        let mut e = FieldErrors::default();
        e.push(
            "environmentId",
            format!(
                "environment {} does not exist or is not active",
                f.environment_id
            ),
        );
        e.into_result("The company project")?;
    }
    if check.taken {
        return Err(project_taken(f));
    }
    Ok(())
}

/// A write refused by the project's unique index (a concurrent insert between check and write)
/// is the same "already exists" rule.
fn map_unique(e: Error, f: &CompanyProjectFields) -> Error {
    if e.violates(store::PROJECT_INDEX) {
        let mut taken = project_taken(f);
        taken.cause = e.cause;
        taken
    } else {
        e
    }
}

/// Creates a company project; (EnvironmentId, CustomerId, ProjectId) must be new.
pub async fn project_create(w: &Writable<'_>, f: &CompanyProjectFields) -> Result<CompanyProject> {
    f.validate()?;
    w.db()
        .transaction(async |c| {
            project_refs(&store::project_check(c, f, None).await?, f)?;
            let p = store::project_insert(c, &w.actor().name, f)
                .await
                .map_err(|e| map_unique(e, f))?;
            let id = p.company_project_id.to_string();
            record(c, w, ENTITY_COMPANY_PROJECT, &id, "created", None, &p).await?;
            Ok(p)
        })
        .await
}

/// Changes the fields a patch names (validated as a whole after merging).
pub async fn project_edit(
    w: &Writable<'_>,
    company_project_id: i64,
    patch: &CompanyProjectPatch,
) -> Result<CompanyProject> {
    let id = company_project_id;
    w.db()
        .transaction(async |c| {
            let locked = store::project_lock(c, id)
                .await?
                .ok_or_else(|| project_missing(id))?;
            let f = patch.apply(&locked);
            f.validate()?;
            let check = store::project_check(c, &f, Some(id)).await?;
            project_refs(&check, &f)?;
            let current = check.current.ok_or_else(|| project_missing(id))?;
            let after = project_write(c, w, id, &f, current.is_active).await?;
            let key = id.to_string();
            record(
                c,
                w,
                ENTITY_COMPANY_PROJECT,
                &key,
                "updated",
                Some(&current),
                &after,
            )
            .await?;
            Ok(after)
        })
        .await
}

async fn project_write(
    c: &mut ivr_store::Conn,
    w: &Writable<'_>,
    id: i64,
    f: &CompanyProjectFields,
    active: bool,
) -> Result<CompanyProject> {
    store::project_update(c, &w.actor().name, id, f, active)
        .await
        .map_err(|e| map_unique(e, f))?
        .ok_or_else(|| project_missing(id))
}

/// Deactivates (or reactivates) a company project.
pub async fn project_set_active(
    w: &Writable<'_>,
    company_project_id: i64,
    active: bool,
) -> Result<CompanyProject> {
    let id = company_project_id;
    w.db()
        .transaction(async |c| {
            let current = store::project_lock(c, id)
                .await?
                .ok_or_else(|| project_missing(id))?;
            let f = CompanyProjectPatch::default().apply(&current);
            let after = project_write(c, w, id, &f, active).await?;
            let action = edit_action(false, Some(active));
            let key = id.to_string();
            record(
                c,
                w,
                ENTITY_COMPANY_PROJECT,
                &key,
                action,
                Some(&current),
                &after,
            )
            .await?;
            Ok(after)
        })
        .await
}

/// The environment with `code`, added (audited) when missing: reference data the demo needs.
pub async fn environment_ensure(
    w: &Writable<'_>,
    code: &str,
    display_name: &str,
) -> Result<Environment> {
    w.db()
        .transaction(async |c| {
            if let Some(e) = store::environment_by_code(c, code).await? {
                return Ok(e);
            }
            let env = store::environment_insert(c, code, display_name).await?;
            record(c, w, ENTITY_ENVIRONMENT, code, "created", None, &env).await?;
            Ok(env)
        })
        .await
}

/// An environment's id from its code (`dvp`).
pub async fn environment_id(db: &Db, code: &str) -> Result<i64> {
    store::environment_by_code(&mut db.conn().await?, code)
        .await?
        .map(|e| e.environment_id)
        .ok_or_else(|| {
            Error::not_found(format!(
                "environment `{code}` is not in the environment dictionary"
            ))
        })
}
