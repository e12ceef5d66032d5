//! Message store use cases: stores and their languages and voices, keys, versions, publish and
//! rollback, audit, runtime resolution, search, exchange files and where-used.
//!
//! Rules come from `ivr_domain::message`; SQL from `ivr_store::message`. Reads take the `Db`;
//! every write takes the [`Writable`] capability and is one transaction, opened here, that reads
//! what its rules need on the transaction's connection (the store, the key, the dictionaries),
//! decides (not found, deleted, name taken, stale row version), writes, and writes
//! `msg_MessageKeyAudit` and `sys_AuditLog`. A refused request changes nothing: it is decided
//! before anything is written and the transaction rolls back; the guarded statements also write
//! nothing on a stale row version (a change committed by another session meanwhile, which SQL
//! Server's reads do not lock out).
//!
//! This file holds the requests and answers and the helpers the use cases share; the use cases
//! are in `messages/`: `stores`, `keys` (keys and versions), `publish` (publish, rollback, the
//! preview), `lists` (keys, audit, where-used, completeness), `runtime` (resolve) and
//! `import_export` (exchange files). Demo content: `messages_demo`.

use crate::environment::Writable;
use audit::{
    KeyAuditData, KeyFields, KeyState, StoreCreated, StoreSettings, VersionDeletedData,
    VersionImage, VoiceChoice, VERSION_DELETED,
};
use ivr_domain::dict::{MessageDictionaries, MessageType};
use ivr_domain::error::FieldErrors;
use ivr_domain::message::exchange::{
    self, ContentFile, CsvRow, ExistingKey, ImportPlan, ImportTarget, MessageFile, PlanAction,
    PlanItem, StoreFile, StoreHeader, VersionFile, VoiceFile,
};
use ivr_domain::message::{
    self as rules, KeyFilter, KeyListItem, KeyWithVersions, LanguageChange, LanguageContent,
    StoreRow, VersionRow, WhereUsed,
};
use ivr_domain::{Error, ErrorCode, ErrorDetail, Page, Remedy, Result};
use ivr_store::message::{
    self as sql, AuditItem, KeyChange, NewContent, NewKey, NewVersion, PublishPointer, WriteSet,
};
use ivr_store::{Conn, Db};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub use ivr_store::message::StoreRef;

pub mod audit;
mod import_export;
mod keys;
mod lists;
mod publish;
mod runtime;
mod stores;
mod texts;

pub use import_export::*;
pub use keys::*;
pub use lists::*;
pub use publish::*;
pub use runtime::*;
pub use stores::*;
pub use texts::*;

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
    pub store_id: i64,
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
    pub store_id: i64,
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
    pub store_id: i64,
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
    pub store_id: i64,
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
    pub store_id: i64,
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
    pub store_id: i64,
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
    pub store_id: i64,
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

/// The active dictionaries the message rules check against (one statement).
pub async fn dictionaries(db: &Db) -> Result<MessageDictionaries> {
    sql::dictionaries(&mut db.conn().await?).await
}

// ---------------------------------------------------------------- shared by the use cases

/// Applies a guarded change of one key inside the caller's transaction; CONFLICT when the row
/// version no longer matches (nothing written).
async fn guarded(c: &mut Conn, w: &Writable<'_>, change: &KeyChange, key: &str) -> Result<String> {
    sql::change_key(c, w.actor(), change)
        .await?
        .ok_or_else(|| stale(key))
}

/// A store named by its id (`12`) or by its company project (`acme/care`), not yet looked up.
pub fn parse_store_ref(spec: &str) -> Result<StoreRef> {
    let spec = spec.trim();
    // MessageStoreId is an INT column: a number beyond its range is no store id at all.
    if let Ok(id) = spec.parse::<i32>() {
        return Ok(StoreRef::Id(i64::from(id)));
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

fn missing_key(store_id: i64, key: &str) -> Error {
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
            Err(stale(&current.key.key).with_detail(ErrorDetail {
                current_row_version: Some(current.key.row_version.clone()),
                published_version: current.key.published_version,
                ..Default::default()
            }))
        }
        _ => Ok(current.key.row_version.clone()),
    }
}

fn find_type(
    dict: &MessageDictionaries,
    code: &str,
    errors: &mut FieldErrors,
) -> Option<MessageType> {
    let found = dict.message_types.iter().find(|t| t.code == code).cloned();
    if found.is_none() {
        errors.push(
            "messageType",
            format!(
                "'{code}' is not a message type of the dictionary (known: {})",
                dict.message_types
                    .iter()
                    .map(|t| t.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    found
}

fn find_category(dict: &MessageDictionaries, code: &str, errors: &mut FieldErrors) -> Option<i64> {
    let found = dict
        .message_categories
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.category_id);
    if found.is_none() {
        errors.push(
            "category",
            format!(
                "'{code}' is not a message category of the dictionary (known: {})",
                dict.message_categories
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
    store_id: i64,
    before: Option<KeyState>,
    after: Option<KeyState>,
) -> AuditItem {
    let (before_text, after_text) = (
        before.as_ref().map(audit::text),
        after.as_ref().map(audit::text),
    );
    let data = KeyAuditData {
        store_id,
        key: key.to_owned(),
        before,
        after,
    };
    AuditItem {
        id: Uuid::new_v4(),
        key: key.to_owned(),
        version_id,
        action: action.to_owned(),
        data: audit::text(&data),
        before: before_text,
        after: after_text,
    }
}

/// Adds one version with its contents and its `edited` audit row (the after-image is the content).
fn push_version(
    set: &mut WriteSet,
    key: &str,
    version: i32,
    name: Option<String>,
    contents: &[LanguageContent],
    store_id: i64,
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
    let after = KeyState::Version(VersionImage::added(version, name.as_deref(), contents));
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
