//! Message store use cases: stores and their languages and voices, keys, versions, publish and
//! rollback, audit, runtime resolution, search, exchange files and where-used.
//!
//! Rules come from `ivr_domain::message`; SQL from `ivr_store::message`. Reads take the `Db`;
//! every write takes the [`Writable`] capability and is one transaction, opened here, that also
//! writes `msg_MessageKeyAudit` and `sys_AuditLog`. A refused request changes nothing: checks run
//! before the transaction, and the guarded statements write nothing on a stale row version.

use crate::environment::Writable;
use ivr_domain::error::FieldErrors;
use ivr_domain::message::exchange::{
    self, ContentFile, CsvRow, ExistingKey, ImportPlan, ImportTarget, MessageFile, PlanAction,
    StoreFile, StoreHeader, VersionFile, VoiceFile,
};
use ivr_domain::message::{
    self as rules, KeyFilter, LanguageChange, LanguageContent, MessageTypeDef,
};
use ivr_domain::{Error, ErrorCode, Remedy, Result};
use ivr_store::message::{
    self as sql, AuditItem, Dictionaries, KeyAuditRow, KeyChange, KeyListItem, NewContent, NewKey,
    NewVersion, Page, PublishPointer, VersionRow, WhereUsed, WriteSet, Writer,
};
use ivr_store::Db;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub use ivr_store::message::{KeyWithVersions, StoreRef, StoreRow, Writer as MessageWriter};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreateStore {
    pub customer: String,
    pub project: String,
    /// Environment code of the company project (dvp/acc/prd) when the customer/project exists in several.
    #[serde(default)]
    pub environment: Option<String>,
    pub name: String,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateStore {
    pub store_id: i32,
    pub name: Option<String>,
    pub allowed_languages: Option<Vec<String>>,
    pub default_language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreUpdated {
    pub store: StoreRow,
    pub change: LanguageChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreateKey {
    pub store_id: i32,
    pub key: String,
    pub message_type: String,
    pub category: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// Content of version 1; empty = the key starts with no version.
    #[serde(default)]
    pub contents: Vec<LanguageContent>,
    #[serde(default)]
    pub version_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddVersion {
    pub store_id: i32,
    pub key: String,
    /// Start from a copy of this version; `contents` then replace single languages.
    pub copy_from: Option<i32>,
    pub contents: Vec<LanguageContent>,
    pub version_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetPublished {
    pub store_id: i32,
    pub key: String,
    pub version: i32,
    /// The key's rowVersion as the editor read it; a stale one is CONFLICT. `None` = as read now.
    #[serde(default)]
    pub expected_row_version: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateKey {
    pub store_id: i32,
    pub key: String,
    pub display_name: Option<String>,
    pub category: Option<String>,
    /// A new message type: refused while a version does not fit it.
    pub message_type: Option<String>,
    pub expected_row_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyRef {
    pub store_id: i32,
    pub key: String,
    #[serde(default)]
    pub expected_row_version: Option<String>,
}

/// Whether a new key may take a name (the live check of the key form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyNameCheck {
    pub key: String,
    /// Why the name cannot be used (the words `create_key` refuses it with); `None` = free.
    pub problem: Option<String>,
    /// True when the name is well-formed but an active key of the store already has it.
    pub taken: bool,
}

/// What a caller plays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolved {
    pub store_id: i32,
    pub key: String,
    pub version: i32,
    pub requested_language: String,
    /// The language of the content returned.
    pub language: String,
    /// True when the default language was played instead of the requested one.
    pub fell_back: bool,
    pub message_type: String,
    pub content: String,
    /// DefaultSettings of the type overlaid with the language's TypeSettings, every value as
    /// written.
    pub settings: ivr_domain::RawJson,
    pub voice: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CsvSource {
    Latest,
    Published,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportResult {
    pub dry_run: bool,
    pub applied: bool,
    pub plan: ImportPlan,
}

/// A store named by its id (`12`) or by its company project (`acme/care`).
pub async fn find_store(db: &Db, spec: &str) -> Result<StoreRow> {
    match parse_store_ref(spec)? {
        StoreRef::Id(id) => store(db, id).await,
        StoreRef::Project { customer, project } => store_of_project(db, &customer, &project).await,
    }
}

pub async fn dictionaries(db: &Db) -> Result<Dictionaries> {
    sql::dictionaries(db).await
}

// ---------------------------------------------------------------- stores

pub async fn list_stores(
    db: &Db,
    customer: Option<&str>,
    project: Option<&str>,
) -> Result<Vec<StoreRow>> {
    sql::stores(db, None, customer, project).await
}

pub async fn store(db: &Db, store_id: i32) -> Result<StoreRow> {
    sql::stores(db, Some(store_id), None, None)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::not_found(format!(
                "message store {store_id} does not exist; pick one of the stores"
            ))
            .with_remedy(Remedy::ListMessageStores)
        })
}

/// The store of a company project (the first when it has several).
pub async fn store_of_project(db: &Db, customer: &str, project: &str) -> Result<StoreRow> {
    sql::stores(db, None, Some(customer), Some(project))
        .await?
        .into_iter()
        .find(|s| s.is_active)
        .ok_or_else(|| {
            Error::not_found(format!(
                "company project {customer}/{project} has no message store; create one for it first"
            ))
            .with_remedy(Remedy::CreateMessageStore {
                customer: customer.to_owned(),
                project: project.to_owned(),
            })
        })
}

pub async fn create_store(w: &Writable<'_>, req: CreateStore) -> Result<StoreRow> {
    let db = w.db();
    let mut errors = FieldErrors::default();
    rules::check_name(
        &mut errors,
        "name",
        Some(&req.name),
        true,
        rules::MAX_NAME_LEN,
    );
    errors.into_result("the message store")?;
    let dict = dictionaries(db).await?;
    let active: BTreeSet<String> = dict.languages.iter().cloned().collect();
    rules::validate_store_languages(&req.allowed_languages, &req.default_language, &active)?;
    let projects = sql::company_projects(
        db,
        Some(&req.customer),
        Some(&req.project),
        req.environment.as_deref(),
    )
    .await?;
    let cp = match projects.as_slice() {
        [] => {
            return Err(Error::not_found(format!(
                "company project {}/{} does not exist (or is inactive); an admin adds it to cfg_Dic_CompanyProject",
                req.customer, req.project
            )))
        }
        [one] => one.clone(),
        many => {
            let names = many.iter().map(|p| p.environment.as_str()).collect::<Vec<_>>().join(", ");
            return Err(Error::validation(format!(
                "company project {}/{} exists in several environments ({names}); name one of them",
                req.customer, req.project,
            ))
            .at_field("environment", format!("name one of {names}")))
        }
    };
    let allowed = to_json(&req.allowed_languages);
    let after = json!({
        "name": req.name, "companyProjectId": cp.id, "allowedLanguages": req.allowed_languages,
        "defaultLanguage": req.default_language,
    })
    .to_string();
    let writer = writer(w);
    let id = db
        .transaction(async |c| {
            sql::insert_store(
                c,
                &writer,
                &req.name,
                cp.id,
                &allowed,
                &req.default_language,
                &after,
            )
            .await
        })
        .await?;
    store(db, id).await
}

/// Renames a store or changes its languages (policy: `ivr_domain::message` docs — nothing is
/// deleted; added languages make existing versions incomplete until a new version is written).
pub async fn update_store(w: &Writable<'_>, req: UpdateStore) -> Result<StoreUpdated> {
    let db = w.db();
    let plan = plan_store_update(db, &req).await?;
    let (store, name, allowed, default, change) = (
        plan.store,
        plan.name,
        plan.allowed,
        plan.default_language,
        plan.change,
    );
    let before = json!({"name": store.name, "allowedLanguages": store.allowed_languages, "defaultLanguage": store.default_language}).to_string();
    let after = json!({"name": name, "allowedLanguages": allowed, "defaultLanguage": default, "effect": change.effect}).to_string();
    let writer = writer(w);
    let allowed_json = to_json(&allowed);
    db.transaction(async |c| {
        sql::update_store(
            c,
            &writer,
            store.id,
            &name,
            &allowed_json,
            &default,
            &before,
            &after,
        )
        .await
    })
    .await?;
    Ok(StoreUpdated {
        store: self::store(db, req.store_id).await?,
        change,
    })
}

/// What [`update_store`] would do, checked the same way, writing nothing: the language change
/// and its effect on existing versions, for the confirmation shown before saving.
pub async fn preview_store_update(db: &Db, req: UpdateStore) -> Result<StoreUpdated> {
    let plan = plan_store_update(db, &req).await?;
    let mut store = plan.store;
    store.name = plan.name;
    store.allowed_languages = plan.allowed;
    store.default_language = plan.default_language;
    Ok(StoreUpdated {
        store,
        change: plan.change,
    })
}

struct StorePlan {
    store: StoreRow,
    name: String,
    allowed: Vec<String>,
    default_language: String,
    change: LanguageChange,
}

/// The checks of a store update (name, languages against the dictionary, default among them)
/// and the language change it makes.
async fn plan_store_update(db: &Db, req: &UpdateStore) -> Result<StorePlan> {
    let store = store(db, req.store_id).await?;
    let name = req.name.clone().unwrap_or_else(|| store.name.clone());
    let allowed = req
        .allowed_languages
        .clone()
        .unwrap_or_else(|| store.allowed_languages.clone());
    let default = req
        .default_language
        .clone()
        .unwrap_or_else(|| store.default_language.clone());
    let mut errors = FieldErrors::default();
    rules::check_name(&mut errors, "name", Some(&name), true, rules::MAX_NAME_LEN);
    errors.into_result("the message store")?;
    let dict = dictionaries(db).await?;
    let active: BTreeSet<String> = dict.languages.iter().cloned().collect();
    rules::validate_store_languages(&allowed, &default, &active)?;
    let change = rules::language_change(&store.allowed_languages, &allowed);
    Ok(StorePlan {
        store,
        name,
        allowed,
        default_language: default,
        change,
    })
}

/// Sets the default voice of a store's language; the voice must speak that language.
pub async fn set_voice(
    w: &Writable<'_>,
    store_id: i32,
    language: &str,
    voice_code: &str,
) -> Result<StoreRow> {
    let db = w.db();
    let store = store(db, store_id).await?;
    let dict = dictionaries(db).await?;
    let voice = dict.voices.iter().find(|v| v.code == voice_code).ok_or_else(|| {
        Error::validation(format!(
            "voice {voice_code} is not an active voice of the dictionary; voices for {language}: {}",
            dict.voices.iter().filter(|v| v.language == language).map(|v| v.code.as_str()).collect::<Vec<_>>().join(", ")
        ))
    })?;
    rules::check_voice(
        language,
        &voice.code,
        &voice.language,
        &store.allowed_languages,
    )?;
    let before = store
        .voices
        .iter()
        .find(|v| v.language == language)
        .map(|v| json!({"language": language, "voice": v.voice_code}).to_string());
    let after = json!({"language": language, "voice": voice.code}).to_string();
    let writer = writer(w);
    let voice_id = voice.id;
    db.transaction(async |c| {
        sql::set_default_voice(
            c,
            &writer,
            store_id,
            language,
            voice_id,
            before.as_deref(),
            &after,
        )
        .await
    })
    .await?;
    self::store(db, store_id).await
}

// ---------------------------------------------------------------- keys and versions

/// A key with its versions (deleted keys too when asked: their history stays readable).
pub async fn key(
    db: &Db,
    store_id: i32,
    key: &str,
    include_deleted: bool,
) -> Result<KeyWithVersions> {
    let mut conn = db.conn().await?;
    let found = sql::key_detail(&mut conn, store_id, key, include_deleted).await?;
    found
        .into_iter()
        .next()
        .ok_or_else(|| missing_key(store_id, key))
}

pub async fn create_key(w: &Writable<'_>, req: CreateKey) -> Result<KeyWithVersions> {
    let db = w.db();
    rules::validate_message_key(&req.key)?;
    let store = store(db, req.store_id).await?;
    let dict = dictionaries(db).await?;
    let mut errors = FieldErrors::default();
    rules::check_name(
        &mut errors,
        "displayName",
        req.display_name.as_deref(),
        false,
        rules::MAX_NAME_LEN,
    );
    let ty = find_type(&dict, &req.message_type, &mut errors);
    let category = find_category(&dict, &req.category, &mut errors);
    errors.into_result("the message key")?;
    let (Some(ty), Some(category_id)) = (ty, category) else {
        return Err(Error::internal("type or category lookup failed"));
    };
    let mut set = WriteSet::default();
    set.keys.push(NewKey {
        key: req.key.clone(),
        type_id: ty.id,
        category_id,
        display_name: req.display_name.clone(),
    });
    let after = json!({
        "key": req.key, "type": ty.code, "category": req.category, "displayName": req.display_name,
    });
    set.audit.push(audit_item(
        &req.key,
        None,
        "created",
        store.id,
        None,
        Some(after),
    ));
    if !req.contents.is_empty() {
        rules::validate_version(
            &ty,
            &store.allowed_languages,
            &req.contents,
            req.version_name.as_deref(),
        )?;
        push_version(
            &mut set,
            &req.key,
            1,
            req.version_name.clone(),
            &req.contents,
            store.id,
        );
    }
    // A taken name comes back as ALREADY_EXISTS at the messageKey field (see `write`).
    write(w, store.id, &set, &req.key).await?;
    key(db, store.id, &req.key, false).await
}

/// One language of a store's completeness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageCompleteness {
    pub language: String,
    /// Active keys whose published version has content in this language.
    pub published: i64,
    /// Active keys with a published version that lacks this language (callers hear the default).
    pub missing: i64,
}

/// How complete a store is, per allowed language and overall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreCompleteness {
    pub store_id: i32,
    pub active_keys: i64,
    /// Keys with a published version.
    pub published_keys: i64,
    /// Keys whose latest version is not the published one (drafts waiting).
    pub newer_than_published: i64,
    /// Keys no segment of any flow names (published or draft).
    pub unused_keys: i64,
    /// The store's allowed languages, in its order.
    pub languages: Vec<LanguageCompleteness>,
}

/// Per store and language: keys published with that language, drafts newer than published, keys
/// no flow uses. Two statements (the store, then one batch).
pub async fn completeness(db: &Db, store_id: i32) -> Result<StoreCompleteness> {
    let store = store(db, store_id).await?;
    let rows = sql::completeness(db, store.id).await?;
    let languages = store
        .allowed_languages
        .iter()
        .map(|l| {
            let published = rows
                .published_by_language
                .iter()
                .find(|(lang, _)| lang == l)
                .map_or(0, |(_, n)| *n);
            LanguageCompleteness {
                language: l.clone(),
                published,
                missing: (rows.published_keys - published).max(0),
            }
        })
        .collect();
    Ok(StoreCompleteness {
        store_id: store.id,
        active_keys: rows.active_keys,
        published_keys: rows.published_keys,
        newer_than_published: rows.newer_keys,
        unused_keys: rows.unused_keys,
        languages,
    })
}

/// What [`create_key`] says about a name before anything is written: the key rule
/// (UPPER_SNAKE_CASE, at most 64 characters), then whether an active key of the store has it.
/// One statement when the name is well-formed, none otherwise.
pub async fn check_key_name(db: &Db, store_id: i32, key: &str) -> Result<KeyNameCheck> {
    if let Err(problem) = rules::check_message_key(key) {
        return Ok(KeyNameCheck {
            key: key.to_owned(),
            problem: Some(problem),
            taken: false,
        });
    }
    let found = {
        let mut conn = db.conn().await?;
        sql::key_detail(&mut conn, store_id, key, false).await?
    };
    let taken = !found.is_empty();
    Ok(KeyNameCheck {
        key: key.to_owned(),
        problem: taken.then(|| taken_message(key)),
        taken,
    })
}

/// The words `write` puts at the messageKey field for a taken name.
fn taken_message(key: &str) -> String {
    format!("{key} already exists in this store; choose another name")
}

/// Adds a version: the next free number (at most 10), content for every allowed language,
/// optionally starting as a copy of an existing version.
pub async fn add_version(w: &Writable<'_>, req: AddVersion) -> Result<VersionRow> {
    let db = w.db();
    let store = store(db, req.store_id).await?;
    let dict = dictionaries(db).await?;
    let current = key(db, store.id, &req.key, false).await?;
    let ty = dict
        .types
        .iter()
        .find(|t| t.id == current.key.type_id)
        .cloned()
        .ok_or_else(|| Error::internal("the key's message type is not in the dictionary"))?;
    let contents = match req.copy_from {
        None => req.contents.clone(),
        Some(n) => {
            let source = current
                .versions
                .iter()
                .find(|v| v.version == n)
                .ok_or_else(|| {
                    Error::not_found(format!(
                        "{} has no version {n} to copy; its versions are {}",
                        req.key,
                        version_list(&current)
                    ))
                })?;
            // The copy keeps only the current languages; given contents replace languages.
            let mut merged: Vec<LanguageContent> = source
                .contents
                .iter()
                .filter(|c| store.allowed_languages.contains(&c.language))
                .filter(|c| !req.contents.iter().any(|o| o.language == c.language))
                .cloned()
                .collect();
            merged.extend(req.contents.iter().cloned());
            merged
        }
    };
    rules::validate_version(
        &ty,
        &store.allowed_languages,
        &contents,
        req.version_name.as_deref(),
    )?;
    let numbers: Vec<i32> = current.versions.iter().map(|v| v.version).collect();
    let n = rules::next_version_number(&numbers, current.key.published_version)?;
    let mut set = WriteSet::default();
    push_version(
        &mut set,
        &req.key,
        n,
        req.version_name.clone(),
        &contents,
        store.id,
    );
    write(w, store.id, &set, &req.key).await?;
    let after = key(db, store.id, &req.key, false).await?;
    after
        .versions
        .into_iter()
        .find(|v| v.version == n)
        .ok_or_else(|| Error::internal("the new version was not found after writing it"))
}

async fn write(w: &Writable<'_>, store_id: i32, set: &WriteSet, key: &str) -> Result<()> {
    let db = w.db();
    let writer = writer(w);
    db
        .transaction(async |c| sql::write_set(c, &writer, store_id, set).await)
        .await
        .map_err(|e| {
            if e.violates(sql::KEY_INDEX) {
                // Shown at the key field of a form; the index that refused it stays in the detail.
                let constraint = e.constraint();
                let mut taken = Error::already_exists(format!(
                    "{key} already exists in this message store; open that key, or choose another name"
                ))
                .at_field("messageKey", taken_message(key));
                if let Some(serde_json::Value::Object(d)) = taken.detail.as_mut() {
                    d.insert("key".into(), json!(key));
                    d.insert("constraint".into(), json!(constraint));
                }
                taken.cause = e.cause;
                taken
            } else if e.violates(sql::VERSION_INDEX) {
                Error::conflict(format!(
                    "{key} changed meanwhile (someone added a version at the same time); reload it and try again"
                ))
                .with_detail(json!({ "key": key }))
            } else {
                e
            }
        })?;
    Ok(())
}

/// Publishes a version: every language switches at once.
pub async fn publish(w: &Writable<'_>, req: SetPublished) -> Result<KeyWithVersions> {
    set_published(w, req, "published").await
}

/// Points the key back at an earlier version (any version other than the published one).
pub async fn rollback(w: &Writable<'_>, req: SetPublished) -> Result<KeyWithVersions> {
    set_published(w, req, "rollback").await
}

/// Moves the published pointer to a version, as a publish when the version was written after
/// the published one (or nothing is published) and as a rollback when it is older — the rule of
/// [`pointer_move`], the same one [`publish_preview`] shows. Already published: nothing changes.
pub async fn set_published_version(w: &Writable<'_>, req: SetPublished) -> Result<KeyWithVersions> {
    set_published(w, req, "").await
}

/// Which way moving the published pointer to a version goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PointerMove {
    /// Nothing is published yet, or the version was written after the published one.
    Publish,
    /// The version was written before the published one: going back.
    Rollback,
    /// The version is the published one.
    Unchanged,
}

/// Publish or rollback: versions are numbered by slot (a freed slot is reused), so "older" is
/// decided by creation time; versions written in one transaction share it, then the number decides.
pub fn pointer_move(k: &KeyWithVersions, version: i32) -> PointerMove {
    let Some(published) = k.key.published_version else {
        return PointerMove::Publish;
    };
    if published == version {
        return PointerMove::Unchanged;
    }
    let find = |n: i32| k.versions.iter().find(|v| v.version == n);
    match (find(version), find(published)) {
        (Some(t), Some(p))
            if (t.created_at.as_str(), t.version) < (p.created_at.as_str(), p.version) =>
        {
            PointerMove::Rollback
        }
        _ => PointerMove::Publish,
    }
}

/// What callers of one language hear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Heard {
    pub version: i32,
    /// The language of the content played: the store's default language when the version has
    /// no content in the caller's language.
    pub language: String,
    pub content: String,
    pub fell_back: bool,
}

/// One allowed language before and after moving the pointer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallerChange {
    pub language: String,
    /// `None`: nothing is published, callers hear no message.
    pub now: Option<Heard>,
    pub after: Option<Heard>,
    pub changed: bool,
}

/// What publishing (or rolling back to) a version would do, for the confirmation dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublishPreview {
    pub store_id: i32,
    pub key: String,
    pub version: i32,
    pub published_version: Option<i32>,
    pub action: PointerMove,
    /// Send it back as `expectedRowVersion`: the change is refused (CONFLICT) if the key moved since.
    pub row_version: String,
    /// Allowed languages the version has no content for: it cannot be published.
    pub missing_languages: Vec<String>,
    /// Per allowed language (store order): what callers hear now and what they will hear.
    pub languages: Vec<CallerChange>,
}

/// What callers of each allowed language hear from a version (runtime's fallback to the default
/// language included).
fn heard(store: &StoreRow, v: &VersionRow, language: &str) -> Option<Heard> {
    let find = |l: &str| v.contents.iter().find(|c| c.language == l);
    let (c, fell_back) = match find(language) {
        Some(c) => (c, false),
        None => (find(&store.default_language)?, true),
    };
    Some(Heard {
        version: v.version,
        language: c.language.clone(),
        content: c.content.clone(),
        fell_back,
    })
}

/// Publish or rollback, and per language what callers hear now and after; writes nothing.
pub async fn publish_preview(
    db: &Db,
    store_id: i32,
    key_name: &str,
    version: i32,
) -> Result<PublishPreview> {
    let store = store(db, store_id).await?;
    let current = key(db, store.id, key_name, false).await?;
    let target = find_version(&current, key_name, version)?;
    let published = current
        .key
        .published_version
        .and_then(|p| current.versions.iter().find(|v| v.version == p));
    let present: Vec<&str> = target
        .contents
        .iter()
        .map(|c| c.language.as_str())
        .collect();
    let languages = store
        .allowed_languages
        .iter()
        .map(|l| {
            let now = published.and_then(|p| heard(&store, p, l));
            let after = heard(&store, target, l);
            let changed = now.as_ref().map(|h| (&h.language, &h.content))
                != after.as_ref().map(|h| (&h.language, &h.content));
            CallerChange {
                language: l.clone(),
                now,
                after,
                changed,
            }
        })
        .collect();
    Ok(PublishPreview {
        store_id: store.id,
        key: current.key.key.clone(),
        version,
        published_version: current.key.published_version,
        action: pointer_move(&current, version),
        row_version: current.key.row_version.clone(),
        missing_languages: rules::missing_languages(&store.allowed_languages, &present),
        languages,
    })
}

async fn set_published(
    w: &Writable<'_>,
    req: SetPublished,
    action: &str,
) -> Result<KeyWithVersions> {
    let db = w.db();
    let store = store(db, req.store_id).await?;
    let current = key(db, store.id, &req.key, false).await?;
    let target = find_version(&current, &req.key, req.version)?;
    // No action given: the rule decides (what the preview showed).
    let action = match (action, pointer_move(&current, req.version)) {
        ("", PointerMove::Rollback) => "rollback",
        ("", _) => "published",
        (a, _) => a,
    };
    if action == "rollback" && current.key.published_version == Some(req.version) {
        return Err(Error::validation(format!(
            "version {} of {} is already published; roll back to another version",
            req.version, req.key
        )));
    }
    if action == "published" && current.key.published_version == Some(req.version) {
        return Ok(current);
    }
    let present: Vec<&str> = target
        .contents
        .iter()
        .map(|c| c.language.as_str())
        .collect();
    rules::check_publishable(req.version, &store.allowed_languages, &present)?;
    let expected = check_expected(&current, req.expected_row_version.as_deref())?;
    let before = json!({"publishedVersion": current.key.published_version});
    let after = json!({"publishedVersion": req.version});
    let change = KeyChange {
        key_id: current.key.id,
        expected_row_version: expected,
        published_version: Some(req.version),
        display_name: current.key.display_name.clone(),
        category_id: current.key.category_id,
        type_id: current.key.type_id,
        is_active: true,
        audit: audit_item(
            &req.key,
            Some(target.id),
            action,
            store.id,
            Some(before),
            Some(after),
        ),
    };
    guarded(w, &change, &req.key).await?;
    key(db, store.id, &req.key, false).await
}

async fn guarded(w: &Writable<'_>, change: &KeyChange, key: &str) -> Result<String> {
    let db = w.db();
    let writer = writer(w);
    let outcome = db
        .transaction(async |c| match sql::change_key(c, &writer, change).await? {
            Some(rv) => Ok(rv),
            None => Err(stale(key)),
        })
        .await?;
    Ok(outcome)
}

/// Changes a key's display name or category.
pub async fn update_key(w: &Writable<'_>, req: UpdateKey) -> Result<KeyWithVersions> {
    let db = w.db();
    let store = store(db, req.store_id).await?;
    let current = key(db, store.id, &req.key, false).await?;
    let dict = dictionaries(db).await?;
    let mut errors = FieldErrors::default();
    rules::check_name(
        &mut errors,
        "displayName",
        req.display_name.as_deref(),
        false,
        rules::MAX_NAME_LEN,
    );
    let category_id = match &req.category {
        Some(c) => find_category(&dict, c, &mut errors),
        None => Some(current.key.category_id),
    };
    let new_type = match &req.message_type {
        Some(t) if *t != current.key.message_type => find_type(&dict, t, &mut errors),
        _ => None,
    };
    if let Some(ty) = &new_type {
        let versions = current
            .versions
            .iter()
            .map(|v| (v.version, &v.contents[..]));
        errors
            .0
            .extend(rules::type_change_problems(ty, versions)?.0);
    }
    errors.into_result("the message key")?;
    let category_id = category_id.unwrap_or(current.key.category_id);
    let type_id = new_type.as_ref().map_or(current.key.type_id, |t| t.id);
    let type_code = new_type
        .as_ref()
        .map_or(&current.key.message_type, |t| &t.code);
    let display_name = req
        .display_name
        .clone()
        .or(current.key.display_name.clone());
    let expected = check_expected(&current, req.expected_row_version.as_deref())?;
    let before = json!({"displayName": current.key.display_name, "category": current.key.category, "messageType": current.key.message_type});
    let after = json!({"displayName": display_name, "category": req.category.clone().unwrap_or(current.key.category.clone()), "messageType": type_code});
    let change = KeyChange {
        key_id: current.key.id,
        expected_row_version: expected,
        published_version: current.key.published_version,
        display_name,
        category_id,
        type_id,
        is_active: true,
        audit: audit_item(
            &req.key,
            None,
            "edited",
            store.id,
            Some(before),
            Some(after),
        ),
    };
    guarded(w, &change, &req.key).await?;
    key(db, store.id, &req.key, false).await
}

/// Soft-deletes a key: its rows and audit stay; runtime stops finding it; the name is free.
pub async fn delete_key(w: &Writable<'_>, req: KeyRef) -> Result<()> {
    let db = w.db();
    let store = store(db, req.store_id).await?;
    let current = key(db, store.id, &req.key, false).await?;
    let expected = check_expected(&current, req.expected_row_version.as_deref())?;
    let before = serde_json::to_value(&current).unwrap_or(serde_json::Value::Null);
    let change = KeyChange {
        key_id: current.key.id,
        expected_row_version: expected,
        published_version: current.key.published_version,
        display_name: current.key.display_name.clone(),
        category_id: current.key.category_id,
        type_id: current.key.type_id,
        is_active: false,
        audit: audit_item(&req.key, None, "deleted", store.id, Some(before), None),
    };
    guarded(w, &change, &req.key).await?;
    Ok(())
}

/// Brings back the most recently deleted key of that name, with its versions and published
/// pointer as they were. Refused (ALREADY_EXISTS) while an active key has the name; NOT_FOUND when no
/// deleted key has it. Audited as `restored`.
pub async fn restore_key(w: &Writable<'_>, req: KeyRef) -> Result<KeyWithVersions> {
    let db = w.db();
    let store = store(db, req.store_id).await?;
    let found = {
        let mut conn = db.conn().await?;
        sql::key_detail(&mut conn, store.id, &req.key, true).await?
    };
    if found.iter().any(|k| k.key.is_active) {
        return Err(Error::already_exists(format!(
            "{} is in use by another key of this store; a deleted key comes back only while its name is free: delete that key first",
            req.key
        )));
    }
    let current = found.into_iter().next().ok_or_else(|| {
        Error::not_found(format!(
            "message store {} has no deleted key {}; nothing to restore",
            store.id, req.key
        ))
    })?;
    let expected = check_expected(&current, req.expected_row_version.as_deref())?;
    let audit = audit_item(
        &req.key,
        None,
        "restored",
        store.id,
        Some(json!({"isActive": false})),
        Some(json!({"isActive": true, "publishedVersion": current.key.published_version})),
    );
    let writer = writer(w);
    let key_id = current.key.id;
    db.transaction(async |c| {
        match sql::restore_key(c, &writer, key_id, &expected, &audit).await? {
            Some(_) => Ok(()),
            None => Err(stale(&req.key)),
        }
    })
    .await?;
    key(db, store.id, &req.key, false).await
}

/// Deletes a version that is not published, freeing its slot; the audit keeps its content.
pub async fn delete_version(
    w: &Writable<'_>,
    req: KeyRef,
    version: i32,
) -> Result<KeyWithVersions> {
    let db = w.db();
    let store = store(db, req.store_id).await?;
    let current = key(db, store.id, &req.key, false).await?;
    let target = find_version(&current, &req.key, version)?;
    rules::check_version_deletable(version, current.key.published_version)?;
    let expected = check_expected(&current, req.expected_row_version.as_deref())?;
    let before = json!({
        "version": target.version, "name": target.name, "createdAt": target.created_at,
        "createdBy": target.created_by, "content": rules::contents_json(&target.contents),
    });
    let data =
        json!({"storeId": store.id, "key": req.key, "change": "version_deleted", "before": before})
            .to_string();
    let writer = writer(w);
    let (key_id, version_id, audit_id) = (current.key.id, target.id, Uuid::new_v4());
    let before_text = before.to_string();
    let key = req.key.clone();
    db.transaction(async |c| {
        match sql::delete_version(
            c,
            &writer,
            key_id,
            &expected,
            version_id,
            audit_id,
            &data,
            &before_text,
        )
        .await?
        {
            Some(_) => Ok(()),
            None => Err(stale(&key)),
        }
    })
    .await?;
    self::key(db, store.id, &req.key, false).await
}

// ---------------------------------------------------------------- runtime, lists, audit

/// Runtime resolution in one statement; NOT_FOUND when the key has no published version.
pub async fn resolve(db: &Db, store: &StoreRef, key: &str, language: &str) -> Result<Resolved> {
    let row = sql::resolve(db, store, key, language).await?.ok_or_else(|| {
        Error::not_found(format!(
            "no published message {key} in {}: the key does not exist, is deleted, or has no published version",
            match store {
                StoreRef::Id(id) => format!("message store {id}"),
                StoreRef::Project { customer, project } => format!("company project {customer}/{project}"),
            }
        ))
    })?;
    let settings = rules::effective_settings(
        row.default_settings.as_deref(),
        row.type_settings.as_deref(),
    );
    let voice = if rules::ContentKind::from_code(&row.message_type) == rules::ContentKind::Tts {
        rules::effective_voice(&settings, row.voice.as_deref())
    } else {
        None
    };
    Ok(Resolved {
        store_id: row.store_id,
        key: row.key,
        version: row.version,
        requested_language: language.to_owned(),
        fell_back: row.language != language,
        language: row.language,
        message_type: row.message_type,
        content: row.content,
        settings,
        voice,
    })
}

pub async fn list_keys(db: &Db, store_id: i32, filter: KeyFilter) -> Result<Page<KeyListItem>> {
    let filter = filter.normalized()?;
    store(db, store_id).await?;
    sql::list_keys(db, store_id, &filter).await
}

/// Audit of a store, or of every key of one name in it (deleted keys included).
pub async fn audit(
    db: &Db,
    store_id: i32,
    key: Option<&str>,
    offset: u32,
    limit: u32,
) -> Result<Page<KeyAuditRow>> {
    let limit = if limit == 0 { 50 } else { limit };
    if limit > rules::MAX_PAGE_SIZE {
        return Err(Error::validation(format!(
            "a page has at most {} rows",
            rules::MAX_PAGE_SIZE
        )));
    }
    sql::audit(db, store_id, key, offset, limit).await
}

pub async fn where_used(
    db: &Db,
    store_id: i32,
    key: &str,
    all_flows: bool,
) -> Result<Vec<WhereUsed>> {
    rules::validate_message_key(key)?;
    sql::where_used(db, store_id, key, all_flows).await
}

// ---------------------------------------------------------------- exchange files

pub async fn export_json(db: &Db, store_id: i32) -> Result<String> {
    let store = store(db, store_id).await?;
    let keys = {
        let mut conn = db.conn().await?;
        sql::store_content(&mut conn, store_id).await?
    };
    let file = StoreFile {
        format: exchange::FORMAT.into(),
        format_version: exchange::FORMAT_VERSION,
        store: StoreHeader {
            name: store.name.clone(),
            customer_id: Some(store.customer_id.clone()),
            project_id: Some(store.project_id.clone()),
            allowed_languages: store.allowed_languages.clone(),
            default_language: store.default_language.clone(),
            voices: store
                .voices
                .iter()
                .map(|v| VoiceFile {
                    language: v.language.clone(),
                    voice: v.voice_code.clone(),
                })
                .collect(),
        },
        messages: keys
            .iter()
            .map(|k| MessageFile {
                key: k.key.key.clone(),
                message_type: k.key.message_type.clone(),
                category: k.key.category.clone(),
                display_name: k.key.display_name.clone(),
                published_version: k.key.published_version,
                versions: {
                    let mut vs: Vec<VersionFile> = k
                        .versions
                        .iter()
                        .map(|v| VersionFile {
                            version: v.version,
                            name: v.name.clone(),
                            created_at: Some(v.created_at.clone()),
                            created_by: Some(v.created_by.clone()),
                            content: v.contents.iter().map(ContentFile::from_content).collect(),
                        })
                        .collect();
                    vs.sort_by_key(|v| v.version);
                    vs
                },
            })
            .collect(),
    };
    Ok(exchange::export_json(&file))
}

pub async fn export_csv(db: &Db, store_id: i32, source: CsvSource) -> Result<String> {
    let store = store(db, store_id).await?;
    let keys = {
        let mut conn = db.conn().await?;
        sql::store_content(&mut conn, store_id).await?
    };
    let rows: Vec<CsvRow> = keys
        .iter()
        .map(|k| {
            let v = match source {
                CsvSource::Latest => k.versions.last(),
                CsvSource::Published => k
                    .key
                    .published_version
                    .and_then(|p| k.versions.iter().find(|v| v.version == p)),
            };
            CsvRow {
                key: k.key.key.clone(),
                message_type: k.key.message_type.clone(),
                category: k.key.category.clone(),
                display_name: k.key.display_name.clone(),
                version: v.map(|v| v.version),
                contents: v.map(|v| v.contents.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(exchange::export_csv(&store.allowed_languages, &rows))
}

/// Plans an import; unless `dry_run`, writes it when it has no error (all or nothing, one
/// transaction, one statement for the whole file). With errors nothing is written and the
/// answer is VALIDATION with the plan in `detail`.
pub async fn import(
    w: &Writable<'_>,
    store_id: i32,
    format: exchange::ExchangeFormat,
    bytes: &[u8],
) -> Result<ImportResult> {
    let (store, plan) = import_plan(w.db(), store_id, format, bytes).await?;
    if !plan.is_ok() {
        let detail = serde_json::to_value(&plan).unwrap_or(serde_json::Value::Null);
        return Err(Error::validation(format!(
            "the file was not imported: {}; first error on line {}: {}",
            plan.summary(),
            plan.errors[0].line,
            plan.errors[0].message
        ))
        .with_detail(detail));
    }
    if plan.items.iter().all(|i| i.action == PlanAction::Unchanged) {
        return Ok(ImportResult {
            dry_run: false,
            applied: true,
            plan,
        });
    }
    write_import(w, &store, &plan).await?;
    Ok(ImportResult {
        dry_run: false,
        applied: true,
        plan,
    })
}

/// What [`import`] would do, writing nothing (a dry run works on a read-only environment too):
/// the plan with every problem and its line.
pub async fn plan_import(
    db: &Db,
    store_id: i32,
    format: exchange::ExchangeFormat,
    bytes: &[u8],
) -> Result<ImportResult> {
    let (_, plan) = import_plan(db, store_id, format, bytes).await?;
    Ok(ImportResult {
        dry_run: true,
        applied: false,
        plan,
    })
}

/// Reads the store, the dictionaries and the store's content, and plans the import of `bytes`.
async fn import_plan(
    db: &Db,
    store_id: i32,
    format: exchange::ExchangeFormat,
    bytes: &[u8],
) -> Result<(StoreRow, ImportPlan)> {
    let store = store(db, store_id).await?;
    let dict = dictionaries(db).await?;
    let keys = {
        let mut conn = db.conn().await?;
        sql::store_content(&mut conn, store_id).await?
    };
    let target = ImportTarget {
        allowed: store.allowed_languages.clone(),
        types: dict.types.clone(),
        categories: dict
            .categories
            .iter()
            .map(|c| (c.id, c.code.clone()))
            .collect(),
        keys: keys
            .into_iter()
            .map(|k| {
                let latest = k
                    .versions
                    .last()
                    .map(|v| v.contents.clone())
                    .unwrap_or_default();
                (
                    k.key.key.clone(),
                    ExistingKey {
                        type_code: k.key.message_type.clone(),
                        category: k.key.category.clone(),
                        display_name: k.key.display_name.clone(),
                        active: k.key.is_active,
                        versions: k.versions.iter().map(|v| v.version).collect(),
                        published: k.key.published_version,
                        latest,
                    },
                )
            })
            .collect(),
    };
    let plan = match format {
        exchange::ExchangeFormat::Json => match std::str::from_utf8(bytes) {
            Ok(text) => exchange::plan_json(text.strip_prefix('\u{feff}').unwrap_or(text), &target),
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1;
                let mut p = exchange::plan_csv(b"", &ImportTarget::default());
                p.format = exchange::ExchangeFormat::Json;
                p.errors = vec![exchange::LineIssue {
                    line,
                    key: None,
                    field: None,
                    message: "the file is not valid UTF-8; save it as UTF-8".into(),
                }];
                p
            }
        },
        exchange::ExchangeFormat::Csv => exchange::plan_csv(bytes, &target),
    };
    Ok((store, plan))
}

/// Writes an error-free import plan: one transaction, one statement for the whole file.
async fn write_import(w: &Writable<'_>, store: &StoreRow, plan: &ImportPlan) -> Result<()> {
    let mut set = WriteSet::default();
    for item in &plan.items {
        match item.action {
            PlanAction::Unchanged => {}
            PlanAction::CreateKey => {
                set.keys.push(NewKey {
                    key: item.key.clone(),
                    type_id: item.type_id,
                    category_id: item.category_id,
                    display_name: item.display_name.clone(),
                });
                set.audit.push(audit_item(
                    &item.key,
                    None,
                    "created",
                    store.id,
                    None,
                    Some(json!({"import": true, "line": item.line})),
                ));
                for v in &item.new_versions {
                    push_version(
                        &mut set,
                        &item.key,
                        v.version,
                        v.name.clone(),
                        &v.contents,
                        store.id,
                    );
                }
                if let Some(p) = item.publish {
                    set.publish.push(PublishPointer {
                        key: item.key.clone(),
                        version: p,
                    });
                    let vid = set.versions[set.versions.len() - item.new_versions.len()..]
                        .iter()
                        .find(|v| v.version == p)
                        .map(|v| v.id);
                    set.audit.push(audit_item(
                        &item.key,
                        vid,
                        "published",
                        store.id,
                        Some(json!({"publishedVersion": null})),
                        Some(json!({"publishedVersion": p})),
                    ));
                }
            }
            PlanAction::NewVersion => {
                for v in &item.new_versions {
                    push_version(
                        &mut set,
                        &item.key,
                        v.version,
                        v.name.clone(),
                        &v.contents,
                        store.id,
                    );
                }
            }
        }
    }
    let writer = writer(w);
    w.db()
        .transaction(async |c| sql::write_set(c, &writer, store.id, &set).await)
        .await
        .map_err(|e| {
            // A key or version written by someone else since the plan was made.
            if matches!(e.code, ErrorCode::Conflict | ErrorCode::AlreadyExists) {
                Error::conflict(format!(
                    "the store changed while importing ({}); run the import again",
                    e.message
                ))
            } else {
                e
            }
        })?;
    Ok(())
}

/// The message store's writer: who writes, in which environment (`msg_MessageKeyAudit`).
fn writer(w: &Writable<'_>) -> Writer {
    Writer {
        actor: w.actor().name.clone(),
        environment: w.actor().environment.clone(),
    }
}

/// A store named by its id (`12`) or by its company project (`acme/care`), not yet looked up.
pub fn parse_store_ref(spec: &str) -> Result<StoreRef> {
    let spec = spec.trim();
    if let Ok(id) = spec.parse::<i32>() {
        return Ok(StoreRef::Id(id));
    }
    match spec.split_once('/') {
        Some((customer, project)) if !customer.is_empty() && !project.is_empty() => {
            Ok(StoreRef::Project {
                customer: customer.into(),
                project: project.into(),
            })
        }
        _ => Err(Error::validation(format!(
            "'{spec}' names no message store: give its id (e.g. 1) or customer/project (e.g. acme/care)"
        ))),
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn missing_key(store_id: i32, key: &str) -> Error {
    Error::not_found(format!(
        "message key {key} does not exist in message store {store_id}; pick one of its keys"
    ))
    .with_remedy(Remedy::ListMessageKeys { store_id })
}

fn stale(key: &str) -> Error {
    Error::conflict(format!(
        "{key} was changed by someone else since you read it; reload it and try again"
    ))
}

/// A version of the key by number; NOT_FOUND naming the versions it has.
fn find_version<'a>(k: &'a KeyWithVersions, key: &str, version: i32) -> Result<&'a VersionRow> {
    k.versions
        .iter()
        .find(|v| v.version == version)
        .ok_or_else(|| {
            Error::not_found(format!(
                "{key} has no version {version}; its versions are {}",
                version_list(k)
            ))
        })
}

fn version_list(k: &KeyWithVersions) -> String {
    if k.versions.is_empty() {
        return "none".into();
    }
    let mut v: Vec<i32> = k.versions.iter().map(|v| v.version).collect();
    v.sort_unstable();
    v.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The row version to guard the write with: the caller's (CONFLICT when it is already stale) or
/// the one just read.
fn check_expected(current: &KeyWithVersions, expected: Option<&str>) -> Result<String> {
    match expected {
        Some(e) if e != current.key.row_version => {
            Err(stale(&current.key.key).with_detail(json!({
                "currentRowVersion": current.key.row_version,
                "publishedVersion": current.key.published_version,
            })))
        }
        _ => Ok(current.key.row_version.clone()),
    }
}

fn find_type(dict: &Dictionaries, code: &str, errors: &mut FieldErrors) -> Option<MessageTypeDef> {
    let found = dict.types.iter().find(|t| t.code == code).cloned();
    if found.is_none() {
        errors.push(
            "messageType",
            format!(
                "'{code}' is not a message type of the dictionary (known: {})",
                dict.types
                    .iter()
                    .map(|t| t.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    found
}

fn find_category(dict: &Dictionaries, code: &str, errors: &mut FieldErrors) -> Option<i32> {
    let found = dict
        .categories
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.id);
    if found.is_none() {
        errors.push(
            "category",
            format!(
                "'{code}' is not a message category of the dictionary (known: {})",
                dict.categories
                    .iter()
                    .map(|c| c.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    found
}

fn audit_item(
    key: &str,
    version_id: Option<Uuid>,
    action: &str,
    store_id: i32,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AuditItem {
    let data = json!({"storeId": store_id, "key": key, "before": before, "after": after});
    AuditItem {
        id: Uuid::new_v4(),
        key: key.to_owned(),
        version_id,
        action: action.to_owned(),
        data: data.to_string(),
        before: before.map(|b| b.to_string()),
        after: after.map(|a| a.to_string()),
    }
}

/// Adds one version with its contents and its `edited` audit row (the after-image is the content).
fn push_version(
    set: &mut WriteSet,
    key: &str,
    version: i32,
    name: Option<String>,
    contents: &[LanguageContent],
    store_id: i32,
) {
    let id = Uuid::new_v4();
    set.versions.push(NewVersion {
        id,
        key: key.to_owned(),
        version,
        name: name.clone(),
    });
    for c in contents {
        set.contents.push(NewContent {
            version_id: id,
            language: c.language.clone(),
            content: c.content.clone(),
            type_settings: c.type_settings.clone(),
        });
    }
    let after =
        json!({"version": version, "name": name, "content": rules::contents_json(contents)});
    set.audit.push(audit_item(
        key,
        Some(id),
        "edited",
        store_id,
        None,
        Some(after),
    ));
}

/// Keys per version number, for callers that show a summary (unused languages kept out).
pub fn languages_by_version(k: &KeyWithVersions) -> BTreeMap<i32, Vec<String>> {
    k.versions
        .iter()
        .map(|v| {
            (
                v.version,
                v.contents.iter().map(|c| c.language.clone()).collect(),
            )
        })
        .collect()
}
