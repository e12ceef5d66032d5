//! Message store use cases: stores and their languages and voices, keys, versions, publish and
//! rollback, audit, runtime resolution, search, exchange files and where-used.
//!
//! Rules come from `ivr_domain::message`; SQL from `ivr_store::message`. Every write is one
//! transaction that also writes `msg_MessageKeyAudit` and `sys_AuditLog`. A refused request changes
//! nothing: checks run before the transaction, and the guarded statements write nothing on a stale
//! row version.

use ivr_domain::error::FieldErrors;
use ivr_domain::message::exchange::{
    self, ContentFile, CsvRow, ExistingKey, ImportPlan, ImportTarget, MessageFile, PlanAction,
    StoreFile, StoreHeader, VersionFile, VoiceFile,
};
use ivr_domain::message::{
    self as rules, KeyFilter, LanguageChange, LanguageContent, MessageTypeDef,
};
use ivr_domain::{Error, ErrorCode, Result};
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

/// The message store use cases over one database, writing as one actor in one environment.
#[derive(Clone)]
pub struct Messages {
    db: Db,
    writer: Writer,
    /// The READ_ONLY refusal of a locked environment, checked before every write.
    read_only: Option<Error>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
pub struct UpdateStore {
    pub store_id: i32,
    pub name: Option<String>,
    pub allowed_languages: Option<Vec<String>>,
    pub default_language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreUpdated {
    pub store: StoreRow,
    pub change: LanguageChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
pub struct UpdateKey {
    pub store_id: i32,
    pub key: String,
    pub display_name: Option<String>,
    pub category: Option<String>,
    pub expected_row_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyRef {
    pub store_id: i32,
    pub key: String,
    #[serde(default)]
    pub expected_row_version: Option<String>,
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
    /// DefaultSettings of the type overlaid with the language's TypeSettings.
    pub settings: serde_json::Value,
    pub voice: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CsvSource {
    Latest,
    Published,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub dry_run: bool,
    pub applied: bool,
    pub plan: ImportPlan,
}

impl Messages {
    pub fn new(db: Db, actor: impl Into<String>, environment: impl Into<String>) -> Messages {
        Messages {
            db,
            writer: Writer {
                actor: actor.into(),
                environment: environment.into(),
            },
            read_only: None,
        }
    }

    /// Over an opened environment: its database, actor and name; writes refused while it is locked.
    pub fn for_env(env: &crate::OpenEnvironment) -> Messages {
        let mut m = Messages::new(env.db.clone(), env.actor.clone(), env.name());
        m.read_only = env.check_writable().err();
        m
    }

    fn writable(&self) -> Result<()> {
        match &self.read_only {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// A store named by its id (`12`) or by its company project (`acme/care`).
    pub async fn find_store(&self, spec: &str) -> Result<StoreRow> {
        match parse_store_ref(spec)? {
            StoreRef::Id(id) => self.store(id).await,
            StoreRef::Project { customer, project } => {
                self.store_of_project(&customer, &project).await
            }
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn dictionaries(&self) -> Result<Dictionaries> {
        sql::dictionaries(&self.db).await
    }

    // ---------------------------------------------------------------- stores

    pub async fn list_stores(
        &self,
        customer: Option<&str>,
        project: Option<&str>,
    ) -> Result<Vec<StoreRow>> {
        sql::stores(&self.db, None, customer, project).await
    }

    pub async fn store(&self, store_id: i32) -> Result<StoreRow> {
        sql::stores(&self.db, Some(store_id), None, None)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                Error::not_found(format!(
                    "message store {store_id} does not exist; `ivr messages store list` shows the stores"
                ))
            })
    }

    /// The store of a company project (the first when it has several).
    pub async fn store_of_project(&self, customer: &str, project: &str) -> Result<StoreRow> {
        sql::stores(&self.db, None, Some(customer), Some(project))
            .await?
            .into_iter()
            .find(|s| s.is_active)
            .ok_or_else(|| {
                Error::not_found(format!(
                    "company project {customer}/{project} has no message store; create one with `ivr messages store create`"
                ))
            })
    }

    pub async fn create_store(&self, req: CreateStore) -> Result<StoreRow> {
        self.writable()?;
        let mut errors = FieldErrors::default();
        rules::check_name(
            &mut errors,
            "name",
            Some(&req.name),
            true,
            rules::MAX_NAME_LEN,
        );
        errors.into_result("the message store")?;
        let dict = self.dictionaries().await?;
        let active: BTreeSet<String> = dict.languages.iter().cloned().collect();
        rules::validate_store_languages(&req.allowed_languages, &req.default_language, &active)?;
        let projects = sql::company_projects(
            &self.db,
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
                return Err(Error::validation(format!(
                    "company project {}/{} exists in several environments ({}); name one with --environment",
                    req.customer,
                    req.project,
                    many.iter().map(|p| p.environment.as_str()).collect::<Vec<_>>().join(", ")
                )))
            }
        };
        let allowed = to_json(&req.allowed_languages);
        let after = json!({
            "name": req.name, "companyProjectId": cp.id, "allowedLanguages": req.allowed_languages,
            "defaultLanguage": req.default_language,
        })
        .to_string();
        let w = self.writer.clone();
        let id = self
            .db
            .transaction(async |c| {
                sql::insert_store(
                    c,
                    &w,
                    &req.name,
                    cp.id,
                    &allowed,
                    &req.default_language,
                    &after,
                )
                .await
            })
            .await?;
        self.store(id).await
    }

    /// Renames a store or changes its languages (policy: `ivr_domain::message` docs — nothing is
    /// deleted; added languages make existing versions incomplete until a new version is written).
    pub async fn update_store(&self, req: UpdateStore) -> Result<StoreUpdated> {
        self.writable()?;
        let store = self.store(req.store_id).await?;
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
        let dict = self.dictionaries().await?;
        let active: BTreeSet<String> = dict.languages.iter().cloned().collect();
        rules::validate_store_languages(&allowed, &default, &active)?;
        let change = rules::language_change(&store.allowed_languages, &allowed);
        let before = json!({"name": store.name, "allowedLanguages": store.allowed_languages, "defaultLanguage": store.default_language}).to_string();
        let after = json!({"name": name, "allowedLanguages": allowed, "defaultLanguage": default, "effect": change.effect}).to_string();
        let w = self.writer.clone();
        let allowed_json = to_json(&allowed);
        self.db
            .transaction(async |c| {
                sql::update_store(
                    c,
                    &w,
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
            store: self.store(req.store_id).await?,
            change,
        })
    }

    /// Sets the default voice of a store's language; the voice must speak that language.
    pub async fn set_voice(
        &self,
        store_id: i32,
        language: &str,
        voice_code: &str,
    ) -> Result<StoreRow> {
        self.writable()?;
        let store = self.store(store_id).await?;
        let dict = self.dictionaries().await?;
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
        let w = self.writer.clone();
        let voice_id = voice.id;
        self.db
            .transaction(async |c| {
                sql::set_default_voice(
                    c,
                    &w,
                    store_id,
                    language,
                    voice_id,
                    before.as_deref(),
                    &after,
                )
                .await
            })
            .await?;
        self.store(store_id).await
    }

    // ---------------------------------------------------------------- keys and versions

    /// A key with its versions (deleted keys too when asked: their history stays readable).
    pub async fn key(
        &self,
        store_id: i32,
        key: &str,
        include_deleted: bool,
    ) -> Result<KeyWithVersions> {
        let mut conn = self.db.conn().await?;
        let found = sql::key_detail(&mut conn, store_id, key, include_deleted).await?;
        found
            .into_iter()
            .next()
            .ok_or_else(|| missing_key(store_id, key))
    }

    pub async fn create_key(&self, req: CreateKey) -> Result<KeyWithVersions> {
        self.writable()?;
        rules::validate_message_key(&req.key)?;
        let store = self.store(req.store_id).await?;
        let dict = self.dictionaries().await?;
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
        self.write(store.id, &set, &req.key).await?;
        self.key(store.id, &req.key, false).await
    }

    /// Adds a version: the next free number (at most 10), content for every allowed language,
    /// optionally starting as a copy of an existing version.
    pub async fn add_version(&self, req: AddVersion) -> Result<VersionRow> {
        self.writable()?;
        let store = self.store(req.store_id).await?;
        let dict = self.dictionaries().await?;
        let current = self.key(store.id, &req.key, false).await?;
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
        self.write(store.id, &set, &req.key).await?;
        let after = self.key(store.id, &req.key, false).await?;
        after
            .versions
            .into_iter()
            .find(|v| v.version == n)
            .ok_or_else(|| Error::internal("the new version was not found after writing it"))
    }

    async fn write(&self, store_id: i32, set: &WriteSet, key: &str) -> Result<()> {
        let w = self.writer.clone();
        self.db
            .transaction(async |c| sql::write_set(c, &w, store_id, set).await)
            .await
            .map_err(|e| {
                if e.code == ErrorCode::Conflict {
                    Error::conflict(format!(
                        "{key} changed meanwhile (the key already exists, or someone added a version at the same time); reload it and try again"
                    ))
                    .with_detail(json!({ "key": key, "cause": e.message }))
                } else {
                    e
                }
            })?;
        Ok(())
    }

    /// Publishes a version: every language switches at once.
    pub async fn publish(&self, req: SetPublished) -> Result<KeyWithVersions> {
        self.set_published(req, "published").await
    }

    /// Points the key back at an earlier version (any version other than the published one).
    pub async fn rollback(&self, req: SetPublished) -> Result<KeyWithVersions> {
        self.set_published(req, "rollback").await
    }

    async fn set_published(&self, req: SetPublished, action: &str) -> Result<KeyWithVersions> {
        self.writable()?;
        let store = self.store(req.store_id).await?;
        let current = self.key(store.id, &req.key, false).await?;
        let target = find_version(&current, &req.key, req.version)?;
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
        self.guarded(&change, &req.key).await?;
        self.key(store.id, &req.key, false).await
    }

    async fn guarded(&self, change: &KeyChange, key: &str) -> Result<String> {
        let w = self.writer.clone();
        let outcome = self
            .db
            .transaction(async |c| match sql::change_key(c, &w, change).await? {
                Some(rv) => Ok(rv),
                None => Err(stale(key)),
            })
            .await?;
        Ok(outcome)
    }

    /// Changes a key's display name or category.
    pub async fn update_key(&self, req: UpdateKey) -> Result<KeyWithVersions> {
        self.writable()?;
        let store = self.store(req.store_id).await?;
        let current = self.key(store.id, &req.key, false).await?;
        let dict = self.dictionaries().await?;
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
        errors.into_result("the message key")?;
        let category_id = category_id.unwrap_or(current.key.category_id);
        let display_name = req
            .display_name
            .clone()
            .or(current.key.display_name.clone());
        let expected = check_expected(&current, req.expected_row_version.as_deref())?;
        let before =
            json!({"displayName": current.key.display_name, "category": current.key.category});
        let after = json!({"displayName": display_name, "category": req.category.clone().unwrap_or(current.key.category.clone())});
        let change = KeyChange {
            key_id: current.key.id,
            expected_row_version: expected,
            published_version: current.key.published_version,
            display_name,
            category_id,
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
        self.guarded(&change, &req.key).await?;
        self.key(store.id, &req.key, false).await
    }

    /// Soft-deletes a key: its rows and audit stay; runtime stops finding it; the name is free.
    pub async fn delete_key(&self, req: KeyRef) -> Result<()> {
        self.writable()?;
        let store = self.store(req.store_id).await?;
        let current = self.key(store.id, &req.key, false).await?;
        let expected = check_expected(&current, req.expected_row_version.as_deref())?;
        let before = serde_json::to_value(&current).unwrap_or(serde_json::Value::Null);
        let change = KeyChange {
            key_id: current.key.id,
            expected_row_version: expected,
            published_version: current.key.published_version,
            display_name: current.key.display_name.clone(),
            category_id: current.key.category_id,
            is_active: false,
            audit: audit_item(&req.key, None, "deleted", store.id, Some(before), None),
        };
        self.guarded(&change, &req.key).await?;
        Ok(())
    }

    /// Deletes a version that is not published, freeing its slot; the audit keeps its content.
    pub async fn delete_version(&self, req: KeyRef, version: i32) -> Result<KeyWithVersions> {
        self.writable()?;
        let store = self.store(req.store_id).await?;
        let current = self.key(store.id, &req.key, false).await?;
        let target = find_version(&current, &req.key, version)?;
        rules::check_version_deletable(version, current.key.published_version)?;
        let expected = check_expected(&current, req.expected_row_version.as_deref())?;
        let before = json!({
            "version": target.version, "name": target.name, "createdAt": target.created_at,
            "createdBy": target.created_by, "content": rules::contents_json(&target.contents),
        });
        let data = json!({"storeId": store.id, "key": req.key, "change": "version_deleted", "before": before}).to_string();
        let w = self.writer.clone();
        let (key_id, version_id, audit_id) = (current.key.id, target.id, Uuid::new_v4());
        let before_text = before.to_string();
        let key = req.key.clone();
        self.db
            .transaction(async |c| {
                match sql::delete_version(
                    c,
                    &w,
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
        self.key(store.id, &req.key, false).await
    }

    // ---------------------------------------------------------------- runtime, lists, audit

    /// Runtime resolution in one statement; NOT_FOUND when the key has no published version.
    pub async fn resolve(&self, store: &StoreRef, key: &str, language: &str) -> Result<Resolved> {
        let row = sql::resolve(&self.db, store, key, language).await?.ok_or_else(|| {
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

    pub async fn list_keys(&self, store_id: i32, filter: KeyFilter) -> Result<Page<KeyListItem>> {
        let filter = filter.normalized()?;
        self.store(store_id).await?;
        sql::list_keys(&self.db, store_id, &filter).await
    }

    /// Audit of a store, or of every key of one name in it (deleted keys included).
    pub async fn audit(
        &self,
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
        sql::audit(&self.db, store_id, key, offset, limit).await
    }

    pub async fn where_used(
        &self,
        store_id: i32,
        key: &str,
        all_flows: bool,
    ) -> Result<Vec<WhereUsed>> {
        rules::validate_message_key(key)?;
        sql::where_used(&self.db, store_id, key, all_flows).await
    }

    // ---------------------------------------------------------------- exchange files

    pub async fn export_json(&self, store_id: i32) -> Result<String> {
        let store = self.store(store_id).await?;
        let keys = {
            let mut conn = self.db.conn().await?;
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

    pub async fn export_csv(&self, store_id: i32, source: CsvSource) -> Result<String> {
        let store = self.store(store_id).await?;
        let keys = {
            let mut conn = self.db.conn().await?;
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
        &self,
        store_id: i32,
        format: exchange::ExchangeFormat,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportResult> {
        let store = self.store(store_id).await?;
        let dict = self.dictionaries().await?;
        let keys = {
            let mut conn = self.db.conn().await?;
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
                Ok(text) => {
                    exchange::plan_json(text.strip_prefix('\u{feff}').unwrap_or(text), &target)
                }
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
        if !plan.is_ok() {
            if dry_run {
                return Ok(ImportResult {
                    dry_run,
                    applied: false,
                    plan,
                });
            }
            let detail = serde_json::to_value(&plan).unwrap_or(serde_json::Value::Null);
            return Err(Error::validation(format!(
                "the file was not imported: {}; first error on line {}: {}",
                plan.summary(),
                plan.errors[0].line,
                plan.errors[0].message
            ))
            .with_detail(detail));
        }
        if !dry_run {
            self.writable()?;
        }
        if dry_run || plan.items.iter().all(|i| i.action == PlanAction::Unchanged) {
            return Ok(ImportResult {
                dry_run,
                applied: !dry_run,
                plan,
            });
        }
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
        let w = self.writer.clone();
        self.db
            .transaction(async |c| sql::write_set(c, &w, store.id, &set).await)
            .await
            .map_err(|e| {
                if e.code == ErrorCode::Conflict {
                    Error::conflict(format!(
                        "the store changed while importing ({}); run the import again",
                        e.message
                    ))
                } else {
                    e
                }
            })?;
        Ok(ImportResult {
            dry_run,
            applied: true,
            plan,
        })
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
        "message key {key} does not exist in message store {store_id}; `ivr messages key list --store {store_id}` shows its keys"
    ))
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

// -------------------------------------------------------------------------------------- demo

/// The demo message store's messages: (key, type, category, display name, published version,
/// versions as (nl-BE, fr-BE, en-US)). Keys are the ones the demo flow names.
type DemoMessage = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    &'static [[&'static str; 3]],
);

const DEMO_MESSAGES: &[DemoMessage] = &[
    ("LANGUAGE_SELECT", "tts", "menu", "Language choice", Some(1), &[[
        "Voor Nederlands, druk 1.",
        "Pour le français, appuyez sur 2.",
        "For English, press 3.",
    ]]),
    ("WELCOME", "tts", "welcome", "Welcome", Some(2), &[
        ["Welkom bij Acme.", "Bienvenue chez Acme.", "Welcome to Acme."],
        [
            "<speak>Welkom bij Acme Klantendienst, {customerName}. <break time=\"300ms\"/></speak>",
            "<speak>Bienvenue au service clientèle d'Acme, {customerName}. <break time=\"300ms\"/></speak>",
            "<speak>Welcome to Acme Customer Care, {customerName}. <break time=\"300ms\"/></speak>",
        ],
    ]),
    ("CLOSED", "tts", "closed", "Closed", Some(1), &[[
        "We zijn momenteel gesloten. Onze openingsuren zijn van 8 tot 18 uur.",
        "Nous sommes actuellement fermés. Nous sommes ouverts de 8 à 18 heures.",
        "We are closed right now. Our opening hours are 8 am to 6 pm.",
    ]]),
    ("HOLIDAY", "tts", "closed", "Holiday", Some(1), &[[
        "Vandaag is een feestdag. We zijn morgen opnieuw bereikbaar.",
        "Aujourd'hui est un jour férié. Nous serons joignables demain.",
        "Today is a public holiday. We are available again tomorrow.",
    ]]),
    ("MAIN_MENU", "tts", "menu", "Main menu", Some(2), &[
        [
            "Voor facturatie, druk 1. Voor technische hulp, druk 2.",
            "Pour la facturation, appuyez sur 1. Pour l'aide technique, appuyez sur 2.",
            "For billing, press 1. For technical support, press 2.",
        ],
        [
            "Voor facturatie, druk 1. Voor technische hulp, druk 2. Voor verkoop, druk 3.",
            "Pour la facturation, appuyez sur 1. Pour l'aide technique, appuyez sur 2. Pour les ventes, appuyez sur 3.",
            "For billing, press 1. For technical support, press 2. For sales, press 3.",
        ],
        [
            "Voor facturatie, druk 1. Voor technische hulp, druk 2. Voor verkoop, druk 3. Om dit menu te herhalen, druk sterretje.",
            "Pour la facturation, appuyez sur 1. Pour l'aide technique, appuyez sur 2. Pour les ventes, appuyez sur 3. Pour réécouter, appuyez sur étoile.",
            "For billing, press 1. For technical support, press 2. For sales, press 3. To hear this menu again, press star.",
        ],
    ]),
    ("MENU_NO_INPUT", "tts", "error", "Menu: no input", Some(1), &[[
        "We hebben geen keuze ontvangen.",
        "Nous n'avons pas reçu de choix.",
        "We did not receive a choice.",
    ]]),
    ("MENU_INVALID", "tts", "error", "Menu: invalid choice", Some(1), &[[
        "Die keuze is ongeldig.",
        "Ce choix n'est pas valide.",
        "That choice is not valid.",
    ]]),
    ("HOLD", "audio_url", "hold", "Hold music", Some(1), &[[
        "https://media.acme.example/ivr/hold/nl-BE.wav",
        "https://media.acme.example/ivr/hold/fr-BE.wav",
        "https://media.acme.example/ivr/hold/en-US.wav",
    ]]),
    ("TRANSFER_SALES", "tts", "transfer", "Transfer to sales", Some(1), &[[
        "U wordt doorverbonden met onze verkoopsdienst.",
        "Nous vous transférons vers notre service commercial.",
        "We are transferring you to our sales team.",
    ]]),
    ("AGENT_UNAVAILABLE", "tts", "error", "No agent available", None, &[[
        "Er is momenteel geen medewerker beschikbaar.",
        "Aucun conseiller n'est disponible pour le moment.",
        "No agent is available right now.",
    ]]),
    ("VOICEMAIL_PROMPT", "tts", "info", "Voicemail", Some(1), &[[
        "Laat na de toon uw boodschap achter.",
        "Laissez votre message après le bip.",
        "Please leave your message after the tone.",
    ]]),
    ("GOODBYE", "tts", "goodbye", "Goodbye", Some(1), &[[
        "Bedankt voor uw oproep. Tot ziens.",
        "Merci pour votre appel. Au revoir.",
        "Thank you for calling. Goodbye.",
    ]]),
];

const DEMO_LANGUAGES: [&str; 3] = ["nl-BE", "fr-BE", "en-US"];
const DEMO_VOICES: [(&str, &str); 3] = [
    ("nl-BE", "elevenlabs-nl-BE-Charlotte"),
    ("fr-BE", "elevenlabs-fr-BE-Charlotte"),
    ("en-US", "elevenlabs-en-US-Daniel"),
];

impl Messages {
    /// Adds the demo message store to company project `customer/project` (the local demo uses
    /// acme/care): the store, default voices, and the demo flow's messages — only what is missing,
    /// through the same checked, audited import as a user's file. `None` when the company project
    /// does not exist.
    pub async fn seed_demo(&self, customer: &str, project: &str) -> Result<Option<i32>> {
        let store = match self.store_of_project(customer, project).await {
            Ok(s) => s,
            Err(e) if e.code == ErrorCode::NotFound => {
                if sql::company_projects(&self.db, Some(customer), Some(project), None)
                    .await?
                    .is_empty()
                {
                    return Ok(None);
                }
                let mut environment = None;
                let projects =
                    sql::company_projects(&self.db, Some(customer), Some(project), None).await?;
                if projects.len() > 1 {
                    environment = projects.first().map(|p| p.environment.clone());
                }
                self.create_store(CreateStore {
                    customer: customer.into(),
                    project: project.into(),
                    environment,
                    name: format!("{customer} {project} messages"),
                    allowed_languages: DEMO_LANGUAGES.iter().map(|l| l.to_string()).collect(),
                    default_language: DEMO_LANGUAGES[0].into(),
                })
                .await?
            }
            Err(e) => return Err(e),
        };
        for (lang, voice) in DEMO_VOICES {
            if store.allowed_languages.iter().any(|l| l == lang)
                && !store.voices.iter().any(|v| v.language == lang)
            {
                self.set_voice(store.id, lang, voice).await?;
            }
        }
        let existing: BTreeSet<String> = {
            let mut conn = self.db.conn().await?;
            sql::store_content(&mut conn, store.id)
                .await?
                .into_iter()
                .map(|k| k.key.key)
                .collect()
        };
        let messages: Vec<MessageFile> = DEMO_MESSAGES
            .iter()
            .filter(|(key, ..)| !existing.contains(*key))
            .map(
                |(key, ty, category, name, published, versions)| MessageFile {
                    key: (*key).into(),
                    message_type: (*ty).into(),
                    category: (*category).into(),
                    display_name: Some((*name).into()),
                    published_version: *published,
                    versions: versions
                        .iter()
                        .enumerate()
                        .map(|(i, texts)| VersionFile {
                            version: i as i32 + 1,
                            name: None,
                            created_at: None,
                            created_by: None,
                            content: DEMO_LANGUAGES
                                .iter()
                                .zip(texts.iter())
                                .filter(|(l, _)| store.allowed_languages.iter().any(|a| a == *l))
                                .map(|(l, t)| ContentFile {
                                    language: (*l).into(),
                                    content: (*t).into(),
                                    type_settings: None,
                                })
                                .collect(),
                        })
                        .collect(),
                },
            )
            .collect();
        if messages.is_empty() {
            return Ok(Some(store.id));
        }
        let file = StoreFile {
            format: exchange::FORMAT.into(),
            format_version: exchange::FORMAT_VERSION,
            store: StoreHeader {
                name: store.name.clone(),
                customer_id: Some(customer.into()),
                project_id: Some(project.into()),
                allowed_languages: store.allowed_languages.clone(),
                default_language: store.default_language.clone(),
                voices: Vec::new(),
            },
            messages,
        };
        let text = exchange::export_json(&file);
        self.import(
            store.id,
            exchange::ExchangeFormat::Json,
            text.as_bytes(),
            false,
        )
        .await?;
        Ok(Some(store.id))
    }
}
