//! The audit records of messages, one type per action family, written by the use cases and read
//! back with [`KeyAuditRecord::read`] (a key's trail) or [`crate::audit::payload`] (a
//! `sys_AuditLog` side). Their JSON is what earlier builds wrote with `json!` (names, order,
//! explicit nulls), so rows already stored and new ones read alike. The UI reads a key's records
//! (`KeyAuditRow::data`) as the generated TypeScript of [`KeyAuditRecord`].

use super::{KeyWithVersions, LanguageContent};
use crate::audit::AuditPayload;
use ivr_domain::message::{contents_image, ContentImage};
use ivr_domain::{Error, Result};
use ivr_store::message::KeyAuditRow;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `msg_MessageKeyAudit.AuditData` of a key's change: which key of which store, and the key's
/// state before and after (each side also written alone to `sys_AuditLog`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyAuditData {
    pub store_id: i32,
    pub key: String,
    pub before: Option<KeyState>,
    pub after: Option<KeyState>,
}

/// `AuditData` of a deleted version (action `edited`): the change named, the version as it was,
/// no after side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionDeletedData {
    pub store_id: i32,
    pub key: String,
    /// Always [`VERSION_DELETED`] (`version_deleted`).
    pub change: String,
    pub before: KeyState,
}

/// `VersionDeletedData::change`.
pub const VERSION_DELETED: &str = "version_deleted";

/// A key audit row's data read back: a deleted version (the only record with a `change`), or a
/// change of the key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyAuditRecord {
    VersionDeleted(VersionDeletedData),
    Change(KeyAuditData),
}

impl KeyAuditRecord {
    /// The record of a key's audit row; None for a row without data. INTERNAL when the data is not
    /// a record this program writes.
    pub fn read(row: &KeyAuditRow) -> Result<Option<KeyAuditRecord>> {
        row.data
            .as_ref()
            .map(|d| {
                serde_json::from_str(d.as_str()).map_err(|e| {
                    Error::internal(format!(
                        "the audit data of message key {} ({}) cannot be read: {e}",
                        row.key, row.action
                    ))
                })
            })
            .transpose()
    }

    /// The key's state before the change.
    pub fn before(&self) -> Option<&KeyState> {
        match self {
            KeyAuditRecord::VersionDeleted(d) => Some(&d.before),
            KeyAuditRecord::Change(d) => d.before.as_ref(),
        }
    }

    /// The key's state after the change (a deleted version has none).
    pub fn after(&self) -> Option<&KeyState> {
        match self {
            KeyAuditRecord::VersionDeleted(_) => None,
            KeyAuditRecord::Change(d) => d.after.as_ref(),
        }
    }
}

/// A message key's state as its audit row records it: each action records the part it changes.
/// Read back by its fields (no variant accepts another's), so each variant's set is distinct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, rename_all_fields = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyState {
    /// `created` by hand: the key's fields.
    Created {
        key: String,
        #[serde(rename = "type")]
        message_type: String,
        category: String,
        display_name: Option<String>,
    },
    /// `created` by an import: the line of the file it came from.
    Imported { import: bool, line: usize },
    /// `edited` fields.
    Fields {
        display_name: Option<String>,
        category: String,
        message_type: String,
    },
    /// `edited` with a version added (or deleted: [`VersionDeletedData`]).
    Version(VersionImage),
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
    Deleted(Box<KeyWithVersions>),
}

/// A version and its content by language; a deleted one also says who created it when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VersionImage {
    pub version: i32,
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub created_by: Option<String>,
    pub content: BTreeMap<String, ContentImage>,
}

impl VersionImage {
    /// A version being added.
    pub fn added(version: i32, name: Option<&str>, contents: &[LanguageContent]) -> Self {
        VersionImage {
            version,
            name: name.map(str::to_owned),
            created_at: None,
            created_by: None,
            content: contents_image(contents),
        }
    }
}

/// `sys_AuditLog` after-data of a message store created (entity `msg_MessageStore`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreCreated {
    pub name: String,
    pub company_project_id: i32,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
}

/// A message store's settings before and after an update; the after side says what the change
/// does to existing versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreSettings {
    pub name: String,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub effect: Option<String>,
}

/// A store's default voice of a language (entity `msg_MessageStoreVoiceConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VoiceChoice {
    pub language: String,
    pub voice: String,
}

// Each side of a key's change is also written alone to `sys_AuditLog` (entity `msg_MessageKey`).
impl AuditPayload for KeyState {}
impl AuditPayload for StoreCreated {}
impl AuditPayload for StoreSettings {}
impl AuditPayload for VoiceChoice {}

/// The compact JSON text of a record (what the SQL stores).
pub(super) fn text<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::payload;
    use ivr_domain::JsonText;

    fn contents() -> Vec<LanguageContent> {
        vec![LanguageContent {
            language: "nl-BE".into(),
            content: "Hallo".into(),
            type_settings: None,
        }]
    }

    fn data(after: KeyState) -> KeyAuditData {
        KeyAuditData {
            store_id: 1,
            key: "WELCOME".into(),
            before: None,
            after: Some(after),
        }
    }

    fn deleted_version() -> VersionDeletedData {
        VersionDeletedData {
            store_id: 1,
            key: "WELCOME".into(),
            change: VERSION_DELETED.into(),
            before: KeyState::Version(VersionImage {
                created_at: Some("2026-01-20T10:00:00.000Z".into()),
                created_by: Some("ann".into()),
                ..VersionImage::added(1, Some("v1"), &contents())
            }),
        }
    }

    /// The bytes earlier builds wrote with `json!`, so rows already stored and new ones read alike.
    #[test]
    fn records_keep_the_bytes_already_stored() {
        let added = KeyState::Version(VersionImage::added(2, None, &contents()));
        assert_eq!(
            text(&data(added)),
            r#"{"storeId":1,"key":"WELCOME","before":null,"after":{"version":2,"name":null,"content":{"nl-BE":{"content":"Hallo","typeSettings":null}}}}"#
        );
        let created = KeyState::Created {
            key: "WELCOME".into(),
            message_type: "tts".into(),
            category: "greeting".into(),
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
        assert_eq!(
            text(&deleted_version()),
            r#"{"storeId":1,"key":"WELCOME","change":"version_deleted","before":{"version":1,"name":"v1","createdAt":"2026-01-20T10:00:00.000Z","createdBy":"ann","content":{"nl-BE":{"content":"Hallo","typeSettings":null}}}}"#
        );
        assert_eq!(
            text(&StoreSettings {
                name: "main".into(),
                allowed_languages: vec!["nl-BE".into()],
                default_language: "nl-BE".into(),
                effect: Some("none".into()),
            }),
            r#"{"name":"main","allowedLanguages":["nl-BE"],"defaultLanguage":"nl-BE","effect":"none"}"#
        );
    }

    /// A deleted key as `deleted` records it (the store's row shape).
    fn whole_key() -> KeyWithVersions {
        serde_json::from_str(
            r#"{"id":4,"storeId":1,"key":"WELCOME","typeId":1,"messageType":"tts","categoryId":2,
                "category":"greeting","displayName":"Welcome","publishedVersion":1,"isActive":true,
                "rowVersion":"7","createdAt":"2026-01-20T10:00:00.000Z","createdBy":"ann",
                "updatedAt":null,"updatedBy":null,"versions":[]}"#,
        )
        .unwrap()
    }

    /// Each action's record (before, after) as the use cases write it.
    fn every_key_change() -> Vec<(&'static str, Option<KeyState>, Option<KeyState>)> {
        let settings = vec![LanguageContent {
            language: "fr-BE".into(),
            content: "Bonjour \"vous\"".into(),
            type_settings: Some(r#"{"rate": 1.50, "id": 12345678901234567890123}"#.into()),
        }];
        vec![
            (
                "created",
                None,
                Some(KeyState::Created {
                    key: "WELCOME".into(),
                    message_type: "tts".into(),
                    category: "greeting".into(),
                    display_name: Some("Welcome".into()),
                }),
            ),
            (
                "created",
                None,
                Some(KeyState::Imported {
                    import: true,
                    line: 3,
                }),
            ),
            (
                "edited",
                Some(KeyState::Fields {
                    display_name: None,
                    category: "greeting".into(),
                    message_type: "tts".into(),
                }),
                Some(KeyState::Fields {
                    display_name: Some("Hi".into()),
                    category: "menu".into(),
                    message_type: "tts".into(),
                }),
            ),
            (
                "edited",
                None,
                Some(KeyState::Version(VersionImage::added(
                    2,
                    Some("v2"),
                    &settings,
                ))),
            ),
            (
                "published",
                Some(KeyState::Pointer {
                    published_version: None,
                }),
                Some(KeyState::Pointer {
                    published_version: Some(2),
                }),
            ),
            (
                "rollback",
                Some(KeyState::Pointer {
                    published_version: Some(2),
                }),
                Some(KeyState::Pointer {
                    published_version: Some(1),
                }),
            ),
            (
                "deleted",
                Some(KeyState::Deleted(Box::new(whole_key()))),
                None,
            ),
            (
                "restored",
                Some(KeyState::Inactive { is_active: false }),
                Some(KeyState::Restored {
                    is_active: true,
                    published_version: None,
                }),
            ),
        ]
    }

    #[test]
    fn every_key_record_reads_back_as_written() {
        let mut records: Vec<(&str, KeyAuditRecord)> = every_key_change()
            .into_iter()
            .map(|(action, before, after)| {
                let d = KeyAuditData {
                    store_id: 1,
                    key: "WELCOME".into(),
                    before,
                    after,
                };
                (action, KeyAuditRecord::Change(d))
            })
            .collect();
        records.push(("edited", KeyAuditRecord::VersionDeleted(deleted_version())));
        for (action, record) in records {
            let written = match &record {
                KeyAuditRecord::Change(d) => text(d),
                KeyAuditRecord::VersionDeleted(d) => text(d),
            };
            let row = KeyAuditRow {
                audit_id: "a".into(),
                key_id: 4,
                key: "WELCOME".into(),
                version_id: None,
                action: action.into(),
                action_by: "ann".into(),
                action_at: "2026-01-20T10:00:00.000Z".into(),
                data: Some(JsonText::stored(written.clone())),
                key_is_active: true,
            };
            let read = KeyAuditRecord::read(&row)
                .unwrap_or_else(|e| panic!("{action}: {}", e.message))
                .expect("data");
            assert_eq!(read, record, "{action}: {written}");
            assert_eq!(text(&read), written, "{action}: the same bytes again");
            // Each side alone, as `sys_AuditLog` holds it.
            for side in [record.before(), record.after()].into_iter().flatten() {
                let alone = text(side);
                let back: KeyState = payload(&JsonText::stored(alone.clone())).unwrap();
                assert_eq!(&back, side, "{action}: {alone}");
            }
        }
    }

    #[test]
    fn store_records_read_back_as_written() {
        let created = StoreCreated {
            name: "main".into(),
            company_project_id: 3,
            allowed_languages: vec!["nl-BE".into(), "fr-BE".into()],
            default_language: "nl-BE".into(),
        };
        let back: StoreCreated = payload(&JsonText::stored(text(&created))).unwrap();
        assert_eq!(back, created);
        for effect in [None, Some("none".to_owned())] {
            let s = StoreSettings {
                name: "main".into(),
                allowed_languages: vec!["nl-BE".into()],
                default_language: "nl-BE".into(),
                effect,
            };
            let back: StoreSettings = payload(&JsonText::stored(text(&s))).unwrap();
            assert_eq!(back, s);
        }
        let v = VoiceChoice {
            language: "nl-BE".into(),
            voice: "nl-BE-Wavenet-A".into(),
        };
        let back: VoiceChoice = payload(&JsonText::stored(text(&v))).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn data_no_writer_writes_is_refused() {
        let row = |data: &str| KeyAuditRow {
            audit_id: "a".into(),
            key_id: 4,
            key: "WELCOME".into(),
            version_id: None,
            action: "edited".into(),
            action_by: "ann".into(),
            action_at: "2026-01-20T10:00:00.000Z".into(),
            data: Some(JsonText::stored(data)),
            key_is_active: true,
        };
        for bad in [
            r#"{"storeId":1,"key":"K","before":{"surprise":1},"after":null}"#,
            r#"{"storeId":1,"key":"K","before":null,"after":null,"extra":true}"#,
            "[]",
        ] {
            let e = KeyAuditRecord::read(&row(bad)).unwrap_err();
            assert_eq!(e.code, ivr_domain::ErrorCode::Internal, "{bad}");
        }
        let none = KeyAuditRow {
            data: None,
            ..row("{}")
        };
        assert_eq!(KeyAuditRecord::read(&none).unwrap(), None);
    }
}
