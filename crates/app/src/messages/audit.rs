//! The audit records of messages, one type per action family, written by the use cases and read
//! back with [`KeyAuditRecord::read`] (a key's trail) or [`crate::audit::payload`] (a
//! `sys_AuditLog` side). Their JSON is what earlier builds wrote with `json!` (names, order,
//! explicit nulls), so rows already stored and new ones read alike. They are not part of the
//! TypeScript contract: the UI reads a key's rows typed, as [`KeyAuditItem::change`].

use super::{KeyWithVersions, LanguageContent};
use crate::audit::AuditPayload;
use ivr_domain::message::{contents_image, ContentImage, KeyAuditRow};
use ivr_domain::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `msg_MessageKeyAudit.AuditData` of a key's change: which key of which store, and the key's
/// state before and after (each side also written alone to `sys_AuditLog`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyAuditData {
    pub store_id: i64,
    pub key: String,
    pub before: Option<KeyState>,
    pub after: Option<KeyState>,
}

/// `AuditData` of a deleted version (action `edited`): the change named, the version as it was,
/// no after side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VersionDeletedData {
    pub store_id: i64,
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

/// A key's audit row as the audit trail lists it: the row (its `data` still the text exactly as
/// stored) and what it says happened, typed ([`KeyAuditChange`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyAuditItem {
    #[serde(flatten)]
    pub row: KeyAuditRow,
    pub change: KeyAuditChange,
}

impl KeyAuditItem {
    pub fn new(row: KeyAuditRow) -> Self {
        let change = KeyAuditChange::of(&row);
        KeyAuditItem { row, change }
    }
}

/// What a key's audit row says happened, by its action and record: what readers (the UI's audit
/// trail) switch on, so each kind is handled by name. Read tolerantly: a row this build cannot
/// read as one of the changes (written before a record changed shape, or by a newer build) is
/// [`KeyAuditChange::Unreadable`]; the row keeps its stored text (`KeyAuditRow::data`) either way.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum KeyAuditChange {
    /// `created`, by hand or by an import (the line of the file it came from).
    Created { import_line: Option<usize> },
    /// `edited`: the key's own fields (display name, category, type).
    FieldsEdited {
        before: Option<KeyFields>,
        after: KeyFields,
    },
    /// `edited`: a version added.
    VersionAdded { version: VersionImage },
    /// `edited`: a version that was not published, deleted.
    VersionDeleted { version: VersionImage },
    /// `published`: the published pointer moved forward (`from` None: nothing was published).
    Published { from: Option<i32>, to: Option<i32> },
    /// `rollback`: the published pointer moved back.
    RolledBack { from: Option<i32>, to: Option<i32> },
    /// `deleted` (soft): the key stopped playing.
    Deleted,
    /// `restored`: a deleted key active again, its pointer as it was.
    Restored { published_version: Option<i32> },
    /// A row this build cannot read as a change: why (its action and stored data stay in the row).
    Unreadable { reason: String },
}

impl KeyAuditChange {
    /// The change a key audit row records; never an error ([`KeyAuditChange::Unreadable`] instead).
    pub fn of(row: &KeyAuditRow) -> KeyAuditChange {
        KeyAuditChange::decode(row).unwrap_or_else(|reason| KeyAuditChange::Unreadable { reason })
    }

    fn decode(row: &KeyAuditRow) -> std::result::Result<KeyAuditChange, String> {
        let record = KeyAuditRecord::read(row).map_err(|e| e.message)?;
        if let Some(KeyAuditRecord::VersionDeleted(d)) = &record {
            return match &d.before {
                KeyState::Version(v) => Ok(KeyAuditChange::VersionDeleted { version: v.clone() }),
                _ => Err("a deleted version's record holds no version".into()),
            };
        }
        let (before, after) = match record {
            Some(KeyAuditRecord::Change(d)) => (d.before, d.after),
            _ => (None, None),
        };
        let pointer = |s: &Option<KeyState>| match s {
            Some(KeyState::Pointer { published_version }) => Ok(*published_version),
            _ => Err(format!("a `{}` row names no published version", row.action)),
        };
        Ok(match (row.action.as_str(), after) {
            ("created", Some(KeyState::Imported { line, .. })) => KeyAuditChange::Created {
                import_line: Some(line),
            },
            ("created", Some(KeyState::Created { .. }) | None) => {
                KeyAuditChange::Created { import_line: None }
            }
            ("edited", Some(KeyState::Version(version))) => {
                KeyAuditChange::VersionAdded { version }
            }
            ("edited", Some(KeyState::Fields(after))) => KeyAuditChange::FieldsEdited {
                before: match before {
                    Some(KeyState::Fields(f)) => Some(f),
                    _ => None,
                },
                after,
            },
            ("published", after) => KeyAuditChange::Published {
                from: pointer(&before)?,
                to: pointer(&after)?,
            },
            ("rollback", after) => KeyAuditChange::RolledBack {
                from: pointer(&before)?,
                to: pointer(&after)?,
            },
            ("deleted", None) => KeyAuditChange::Deleted,
            (
                "restored",
                Some(KeyState::Restored {
                    published_version, ..
                }),
            ) => KeyAuditChange::Restored { published_version },
            (action, _) => {
                return Err(format!(
                    "`{action}` with this data is not a change of a key this build knows"
                ))
            }
        })
    }
}

/// A message key's state as its audit row records it: each action records the part it changes.
/// Read back by its fields (no variant accepts another's), so each variant's set is distinct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, rename_all_fields = "camelCase", deny_unknown_fields)]
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
    Fields(KeyFields),
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

/// A key's own fields as an `edited` row records them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeyFields {
    pub display_name: Option<String>,
    pub category: String,
    pub message_type: String,
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
pub struct StoreCreated {
    pub name: String,
    pub company_project_id: i64,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
}

/// A message store's settings before and after an update; the after side says what the change
/// does to existing versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreSettings {
    pub name: String,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<String>,
}

/// A store's default voice of a language (entity `msg_MessageStoreVoiceConfig`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

    fn key_row(action: &str, data: Option<String>) -> KeyAuditRow {
        KeyAuditRow {
            audit_id: "a".into(),
            key_id: 4,
            key: "WELCOME".into(),
            version_id: None,
            action: action.into(),
            action_by: "ann".into(),
            action_at: "2026-01-20T10:00:00.000Z".into(),
            data: data.map(JsonText::stored),
            key_is_active: true,
        }
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
                Some(KeyState::Fields(KeyFields {
                    display_name: None,
                    category: "greeting".into(),
                    message_type: "tts".into(),
                })),
                Some(KeyState::Fields(KeyFields {
                    display_name: Some("Hi".into()),
                    category: "menu".into(),
                    message_type: "tts".into(),
                })),
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
            let row = key_row(action, Some(written.clone()));
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

    /// Every record the use cases write reads as the change its action names.
    #[test]
    fn every_key_record_reads_as_its_change() {
        let mut kinds = Vec::new();
        for (action, before, after) in every_key_change() {
            let written = text(&KeyAuditData {
                store_id: 1,
                key: "WELCOME".into(),
                before,
                after,
            });
            let change = KeyAuditChange::of(&key_row(action, Some(written)));
            kinds.push(match change {
                KeyAuditChange::Created { import_line } => format!("created {import_line:?}"),
                KeyAuditChange::FieldsEdited { before, after } => format!(
                    "fields {:?} -> {:?} {}",
                    before.and_then(|b| b.display_name),
                    after.display_name,
                    after.category
                ),
                KeyAuditChange::VersionAdded { version } => {
                    format!("added v{} {:?}", version.version, version.content.keys())
                }
                KeyAuditChange::VersionDeleted { version } => {
                    format!("deleted v{}", version.version)
                }
                KeyAuditChange::Published { from, to } => format!("published {from:?} -> {to:?}"),
                KeyAuditChange::RolledBack { from, to } => format!("rollback {from:?} -> {to:?}"),
                KeyAuditChange::Deleted => "deleted".into(),
                KeyAuditChange::Restored { published_version } => {
                    format!("restored {published_version:?}")
                }
                KeyAuditChange::Unreadable { reason } => panic!("{action}: {reason}"),
            });
        }
        let deleted = text(&deleted_version());
        match KeyAuditChange::of(&key_row("edited", Some(deleted))) {
            KeyAuditChange::VersionDeleted { version } => {
                kinds.push(format!("deleted v{}", version.version))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            kinds,
            [
                "created None",
                "created Some(3)",
                "fields None -> Some(\"Hi\") menu",
                "added v2 [\"fr-BE\"]",
                "published None -> Some(2)",
                "rollback Some(2) -> Some(1)",
                "deleted",
                "restored None",
                "deleted v1",
            ]
        );
        // Rows without data (the trail of earlier builds of deletes and creates).
        assert_eq!(
            KeyAuditChange::of(&key_row("deleted", None)),
            KeyAuditChange::Deleted
        );
        assert_eq!(
            KeyAuditChange::of(&key_row("created", None)),
            KeyAuditChange::Created { import_line: None }
        );
    }

    /// A row this build cannot read (a record of another shape, an action it does not know) is
    /// listed as unreadable with its stored text untouched: never an error, never lost.
    #[test]
    fn rows_of_another_shape_stay_listed_with_their_text() {
        for (action, data) in [
            // An older record naming the type by id (a field this build does not write).
            (
                "created",
                Some(
                    r#"{"storeId":1,"key":"WELCOME","before":null,"after":{"key":"WELCOME","typeId":3,"category":"greeting"}}"#,
                ),
            ),
            (
                "published",
                Some(r#"{"storeId":1,"key":"WELCOME","before":null,"after":null}"#),
            ),
            ("edited", Some("[]")),
            ("edited", Some("not json")),
            ("renamed", None),
        ] {
            let row = key_row(action, data.map(str::to_owned));
            let item = KeyAuditItem::new(row.clone());
            let KeyAuditChange::Unreadable { reason } = &item.change else {
                panic!("{action} {data:?}: {:?}", item.change);
            };
            assert!(!reason.is_empty());
            assert_eq!(item.row, row, "the row is kept as stored");
            // On the wire: the row's fields (its data still the stored text) and the change.
            let wire: serde_json::Value = serde_json::to_value(&item).unwrap();
            assert_eq!(wire["data"].as_str(), data, "{wire}");
            assert_eq!(wire["action"], action);
            assert_eq!(wire["change"]["kind"], "unreadable", "{wire}");
        }
    }

    #[test]
    fn a_key_audit_item_is_its_row_and_its_change_on_the_wire() {
        let data = r#"{"storeId":1,"key":"WELCOME","before":{"publishedVersion":null},"after":{"publishedVersion":2}}"#;
        let item = KeyAuditItem::new(key_row("published", Some(data.into())));
        assert_eq!(
            serde_json::to_string(&item).unwrap(),
            format!(
                r#"{{"auditId":"a","keyId":4,"key":"WELCOME","versionId":null,"action":"published","actionBy":"ann","actionAt":"2026-01-20T10:00:00.000Z","data":{},"keyIsActive":true,"change":{{"kind":"published","from":null,"to":2}}}}"#,
                serde_json::to_string(data).unwrap()
            )
        );
    }

    #[test]
    fn data_no_writer_writes_is_refused() {
        let row = |data: &str| key_row("edited", Some(data.to_owned()));
        for bad in [
            r#"{"storeId":1,"key":"K","before":{"surprise":1},"after":null}"#,
            r#"{"storeId":1,"key":"K","before":null,"after":null,"extra":true}"#,
            "[]",
        ] {
            let e = KeyAuditRecord::read(&row(bad)).unwrap_err();
            assert_eq!(e.code, ivr_domain::ErrorCode::Internal, "{bad}");
        }
        assert_eq!(
            KeyAuditRecord::read(&key_row("edited", None)).unwrap(),
            None
        );
    }
}
