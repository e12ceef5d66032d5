//! The audit records of messages, one type per action family. Their JSON is what earlier builds
//! wrote with `json!` (names, order, explicit nulls), so rows already stored and new ones read
//! alike. The UI reads a key's records (`KeyAuditRow::data`) as the generated TypeScript of
//! [`KeyAuditData`] and [`VersionDeletedData`].

use super::{KeyWithVersions, LanguageContent};
use ivr_domain::message::{contents_image, ContentImage};
use serde::Serialize;
use std::collections::BTreeMap;

/// `msg_MessageKeyAudit.AuditData` of a key's change: which key of which store, and the key's
/// state before and after (each side also written alone to `sys_AuditLog`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyAuditData<'a> {
    pub store_id: i32,
    pub key: &'a str,
    pub before: Option<&'a KeyState<'a>>,
    pub after: Option<&'a KeyState<'a>>,
}

/// `AuditData` of a deleted version (action `edited`): the change named, the version as it was,
/// no after side.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionDeletedData<'a> {
    pub store_id: i32,
    pub key: &'a str,
    /// Always [`VERSION_DELETED`] (`version_deleted`).
    pub change: &'static str,
    pub before: &'a KeyState<'a>,
}

/// `VersionDeletedData::change`.
pub const VERSION_DELETED: &str = "version_deleted";

/// A message key's state as its audit row records it: each action records the part it changes.
#[derive(Serialize)]
#[serde(untagged, rename_all_fields = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyState<'a> {
    /// `created` by hand: the key's fields.
    Created {
        key: &'a str,
        #[serde(rename = "type")]
        message_type: &'a str,
        category: &'a str,
        display_name: Option<&'a str>,
    },
    /// `created` by an import: the line of the file it came from.
    Imported { import: bool, line: usize },
    /// `edited` fields.
    Fields {
        display_name: Option<&'a str>,
        category: &'a str,
        message_type: &'a str,
    },
    /// `edited` with a version added (or deleted: [`VersionDeletedData`]).
    Version(VersionImage<'a>),
    /// `published` / `rollback`: where the published pointer was and is.
    Pointer { published_version: Option<i32> },
    /// `restored`, before: the key was deleted.
    Inactive { is_active: bool },
    /// `restored`, after: active again, its pointer as it was.
    Restored {
        is_active: bool,
        published_version: Option<i32>,
    },
    /// `deleted`, before: the whole key with its versions.
    Deleted(&'a KeyWithVersions),
}

/// A version and its content by language; a deleted one also says who created it when.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionImage<'a> {
    pub version: i32,
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub created_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub created_by: Option<&'a str>,
    pub content: BTreeMap<&'a str, ContentImage<'a>>,
}

impl<'a> VersionImage<'a> {
    /// A version being added.
    pub fn added(version: i32, name: Option<&'a str>, contents: &'a [LanguageContent]) -> Self {
        VersionImage {
            version,
            name,
            created_at: None,
            created_by: None,
            content: contents_image(contents),
        }
    }
}

/// `sys_AuditLog` after-data of a message store created (entity `msg_MessageStore`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoreCreated<'a> {
    pub name: &'a str,
    pub company_project_id: i32,
    pub allowed_languages: &'a [String],
    pub default_language: &'a str,
}

/// A message store's settings before and after an update; the after side says what the change
/// does to existing versions.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoreSettings<'a> {
    pub name: &'a str,
    pub allowed_languages: &'a [String],
    pub default_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<&'a str>,
}

/// A store's default voice of a language (entity `msg_MessageStoreVoiceConfig`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct VoiceChoice<'a> {
    pub language: &'a str,
    pub voice: &'a str,
}

/// The compact JSON text of a record (what the SQL stores).
pub(super) fn text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes earlier builds wrote with `json!`, so rows already stored and new ones read alike.
    #[test]
    fn records_keep_the_bytes_already_stored() {
        let contents = [LanguageContent {
            language: "nl-BE".into(),
            content: "Hallo".into(),
            type_settings: None,
        }];
        let added = KeyState::Version(VersionImage::added(2, None, &contents));
        assert_eq!(
            text(&KeyAuditData {
                store_id: 1,
                key: "WELCOME",
                before: None,
                after: Some(&added),
            }),
            r#"{"storeId":1,"key":"WELCOME","before":null,"after":{"version":2,"name":null,"content":{"nl-BE":{"content":"Hallo","typeSettings":null}}}}"#
        );
        let created = KeyState::Created {
            key: "WELCOME",
            message_type: "tts",
            category: "greeting",
            display_name: None,
        };
        assert_eq!(
            text(&created),
            r#"{"key":"WELCOME","type":"tts","category":"greeting","displayName":null}"#
        );
        assert_eq!(
            text(&KeyState::Imported {
                import: true,
                line: 3
            }),
            r#"{"import":true,"line":3}"#
        );
        assert_eq!(
            text(&KeyState::Pointer {
                published_version: None
            }),
            r#"{"publishedVersion":null}"#
        );
        assert_eq!(
            text(&KeyState::Restored {
                is_active: true,
                published_version: Some(2)
            }),
            r#"{"isActive":true,"publishedVersion":2}"#
        );
        let deleted = KeyState::Version(VersionImage {
            created_at: Some("2026-01-20T10:00:00.000Z"),
            created_by: Some("ann"),
            ..VersionImage::added(1, Some("v1"), &contents)
        });
        assert_eq!(
            text(&VersionDeletedData {
                store_id: 1,
                key: "WELCOME",
                change: VERSION_DELETED,
                before: &deleted,
            }),
            r#"{"storeId":1,"key":"WELCOME","change":"version_deleted","before":{"version":1,"name":"v1","createdAt":"2026-01-20T10:00:00.000Z","createdBy":"ann","content":{"nl-BE":{"content":"Hallo","typeSettings":null}}}}"#
        );
        assert_eq!(
            text(&StoreSettings {
                name: "main",
                allowed_languages: &["nl-BE".into()],
                default_language: "nl-BE",
                effect: Some("none"),
            }),
            r#"{"name":"main","allowedLanguages":["nl-BE"],"defaultLanguage":"nl-BE","effect":"none"}"#
        );
    }
}
