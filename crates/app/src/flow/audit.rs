//! The audit records of flow changes (`sys_AuditLog`, entity `flow`): one type per action, written
//! by the use cases and read back by [`FlowRecord::read`]. Field names and order are those earlier
//! builds wrote with `json!`, so old and new rows read alike. Borrowed parts (`Cow`) let a writer
//! record what it holds without a copy; a reader gets them owned.

use crate::audit::{payload, AuditPayload};
use ivr_domain::audit::AuditEntry;
use ivr_domain::flow::{EditOp, FlowDiff};
use ivr_domain::{Error, JsonText, Result};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use uuid::Uuid;

/// `sys_AuditLog.Action` of a flow change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowAction {
    DraftOpened,
    DraftEdited,
    DraftDiscarded,
    Published,
    DraftImported,
    RollbackDraftOpened,
    FlowCreated,
}

impl FlowAction {
    pub const ALL: [FlowAction; 7] = [
        FlowAction::DraftOpened,
        FlowAction::DraftEdited,
        FlowAction::DraftDiscarded,
        FlowAction::Published,
        FlowAction::DraftImported,
        FlowAction::RollbackDraftOpened,
        FlowAction::FlowCreated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlowAction::DraftOpened => "draft_opened",
            FlowAction::DraftEdited => "draft_edited",
            FlowAction::DraftDiscarded => "draft_discarded",
            FlowAction::Published => "published",
            FlowAction::DraftImported => "draft_imported",
            FlowAction::RollbackDraftOpened => "rollback_draft_opened",
            FlowAction::FlowCreated => "flow_created",
        }
    }

    pub fn parse(action: &str) -> Option<FlowAction> {
        FlowAction::ALL.into_iter().find(|a| a.as_str() == action)
    }
}

/// `draft_opened`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftOpened<'a> {
    pub change_set_id: Uuid,
    pub based_on_version: Option<i32>,
    pub description: Option<Cow<'a, str>>,
}

/// `draft_edited`: the operations as sent. Not through `json!`: a `Value` would round the values
/// as the user wrote them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftEdited<'a> {
    pub change_set_id: Uuid,
    pub operations: Cow<'a, [EditOp]>,
}

/// `draft_discarded`: how many segments the draft held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftDiscarded {
    pub change_set_id: Uuid,
    pub segments: usize,
}

/// `published`: the live version before; after, the new one with its draft and what it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Published<'a> {
    pub version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_set_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<Cow<'a, FlowDiff>>,
}

/// A draft made from a whole flow (`draft_imported`, `rollback_draft_opened`); a rollback names
/// the version it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftFromFlow {
    pub change_set_id: Uuid,
    pub based_on_version: Option<i32>,
    pub segments: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_version: Option<i32>,
}

/// `flow_created` (the designer's new flow): its entry segment, and the routing entry created with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowCreated<'a> {
    pub change_set_id: Uuid,
    pub entry_segment: Cow<'a, str>,
    pub segment_type: Cow<'a, str>,
    pub source_id: Option<Cow<'a, str>>,
}

impl AuditPayload for DraftOpened<'_> {}
impl AuditPayload for DraftEdited<'_> {}
impl AuditPayload for DraftDiscarded {}
impl AuditPayload for Published<'_> {}
impl AuditPayload for DraftFromFlow {}
impl AuditPayload for FlowCreated<'_> {}

/// A flow audit row read back: its action with the records written for it (the only action with
/// a before side is `published`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum FlowRecord {
    DraftOpened {
        after: DraftOpened<'static>,
    },
    DraftEdited {
        after: DraftEdited<'static>,
    },
    DraftDiscarded {
        after: DraftDiscarded,
    },
    Published {
        before: Box<Published<'static>>,
        after: Box<Published<'static>>,
    },
    DraftImported {
        after: DraftFromFlow,
    },
    RollbackDraftOpened {
        after: DraftFromFlow,
    },
    FlowCreated {
        after: FlowCreated<'static>,
    },
}

impl FlowRecord {
    /// The records of a flow audit row (entity `flow`), typed by its action. INTERNAL when the row
    /// is not one a flow change writes.
    pub fn read(entry: &AuditEntry) -> Result<FlowRecord> {
        FlowRecord::of(&entry.action, entry.before.as_ref(), entry.after.as_ref())
    }

    /// The records of `action` from the row's before and after texts.
    pub fn of(action: &str, before: Option<&JsonText>, after: Option<&JsonText>) -> Result<Self> {
        let action = FlowAction::parse(action).ok_or_else(|| {
            Error::internal(format!("`{action}` is not an action of a flow change"))
        })?;
        fn side<'a>(
            data: Option<&'a JsonText>,
            action: FlowAction,
            which: &str,
        ) -> Result<&'a JsonText> {
            data.ok_or_else(|| {
                Error::internal(format!(
                    "the audit row of `{}` has no {which} data",
                    action.as_str()
                ))
            })
        }
        let after = side(after, action, "after")?;
        Ok(match action {
            FlowAction::DraftOpened => FlowRecord::DraftOpened {
                after: payload(after)?,
            },
            FlowAction::DraftEdited => FlowRecord::DraftEdited {
                after: payload(after)?,
            },
            FlowAction::DraftDiscarded => FlowRecord::DraftDiscarded {
                after: payload(after)?,
            },
            FlowAction::Published => FlowRecord::Published {
                before: Box::new(payload(side(before, action, "before")?)?),
                after: Box::new(payload(after)?),
            },
            FlowAction::DraftImported => FlowRecord::DraftImported {
                after: payload(after)?,
            },
            FlowAction::RollbackDraftOpened => FlowRecord::RollbackDraftOpened {
                after: payload(after)?,
            },
            FlowAction::FlowCreated => FlowRecord::FlowCreated {
                after: payload(after)?,
            },
        })
    }

    pub fn action(&self) -> FlowAction {
        match self {
            FlowRecord::DraftOpened { .. } => FlowAction::DraftOpened,
            FlowRecord::DraftEdited { .. } => FlowAction::DraftEdited,
            FlowRecord::DraftDiscarded { .. } => FlowAction::DraftDiscarded,
            FlowRecord::Published { .. } => FlowAction::Published,
            FlowRecord::DraftImported { .. } => FlowAction::DraftImported,
            FlowRecord::RollbackDraftOpened { .. } => FlowAction::RollbackDraftOpened,
            FlowRecord::FlowCreated { .. } => FlowAction::FlowCreated,
        }
    }

    /// The draft the change was made in or from (every flow change names one).
    pub fn change_set_id(&self) -> Option<Uuid> {
        match self {
            FlowRecord::DraftOpened { after } => Some(after.change_set_id),
            FlowRecord::DraftEdited { after } => Some(after.change_set_id),
            FlowRecord::DraftDiscarded { after } => Some(after.change_set_id),
            FlowRecord::Published { after, .. } => after.change_set_id,
            FlowRecord::DraftImported { after } | FlowRecord::RollbackDraftOpened { after } => {
                Some(after.change_set_id)
            }
            FlowRecord::FlowCreated { after } => Some(after.change_set_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<T: Serialize>(v: &T) -> String {
        serde_json::to_string(v).unwrap()
    }

    /// The records write the bytes earlier builds wrote with `json!` (keys in that order, nulls
    /// kept), so the rows already in databases and new ones read alike.
    #[test]
    fn flow_records_keep_the_bytes_already_stored() {
        let id = Uuid::nil();
        assert_eq!(
            text(&DraftOpened {
                change_set_id: id,
                based_on_version: None,
                description: Some("d".into()),
            }),
            r#"{"changeSetId":"00000000-0000-0000-0000-000000000000","basedOnVersion":null,"description":"d"}"#
        );
        assert_eq!(
            text(&Published {
                version: 2,
                change_set_id: None,
                diff: None,
            }),
            r#"{"version":2}"#
        );
        let diff = FlowDiff::default();
        let published = text(&Published {
            version: 3,
            change_set_id: Some(id),
            diff: Some(Cow::Borrowed(&diff)),
        });
        assert!(
            published.starts_with(
                r#"{"version":3,"changeSetId":"00000000-0000-0000-0000-000000000000","diff":{"segmentsAdded":[]"#
            ),
            "{published}"
        );
        assert_eq!(
            text(&DraftFromFlow {
                change_set_id: id,
                based_on_version: Some(2),
                segments: 4,
                from_version: Some(1),
            }),
            r#"{"changeSetId":"00000000-0000-0000-0000-000000000000","basedOnVersion":2,"segments":4,"fromVersion":1}"#
        );
        assert_eq!(
            text(&DraftDiscarded {
                change_set_id: id,
                segments: 0,
            }),
            r#"{"changeSetId":"00000000-0000-0000-0000-000000000000","segments":0}"#
        );
        assert_eq!(
            text(&FlowCreated {
                change_set_id: id,
                entry_segment: "start".into(),
                segment_type: "menu".into(),
                source_id: None,
            }),
            r#"{"changeSetId":"00000000-0000-0000-0000-000000000000","entrySegment":"start","segmentType":"menu","sourceId":null}"#
        );
    }

    /// One record of every action, as its writer records it.
    fn every_action() -> Vec<FlowRecord> {
        let id = Uuid::from_u128(7);
        let ops: Vec<EditOp> = serde_json::from_str(
            r#"[{"op":"set_config","segment":"menu","key":"timeout","value":12345678901234567890123},
                {"op":"rename_segment","name":"menu","newName":"main_menu"}]"#,
        )
        .unwrap();
        let diff = FlowDiff {
            segments_added: vec![ivr_domain::flow::diff::SegmentRef {
                segment: "main_menu".into(),
                segment_type: "menu".into(),
            }],
            ..FlowDiff::default()
        };
        let records = vec![
            FlowRecord::DraftOpened {
                after: DraftOpened {
                    change_set_id: id,
                    based_on_version: Some(3),
                    description: Some("a \"quoted\" reason".into()),
                },
            },
            FlowRecord::DraftEdited {
                after: DraftEdited {
                    change_set_id: id,
                    operations: ops.into(),
                },
            },
            FlowRecord::DraftDiscarded {
                after: DraftDiscarded {
                    change_set_id: id,
                    segments: 12,
                },
            },
            FlowRecord::Published {
                before: Box::new(Published {
                    version: 3,
                    change_set_id: None,
                    diff: None,
                }),
                after: Box::new(Published {
                    version: 4,
                    change_set_id: Some(id),
                    diff: Some(Cow::Owned(diff)),
                }),
            },
            FlowRecord::DraftImported {
                after: DraftFromFlow {
                    change_set_id: id,
                    based_on_version: None,
                    segments: 5,
                    from_version: None,
                },
            },
            FlowRecord::RollbackDraftOpened {
                after: DraftFromFlow {
                    change_set_id: id,
                    based_on_version: Some(4),
                    segments: 5,
                    from_version: Some(2),
                },
            },
            FlowRecord::FlowCreated {
                after: FlowCreated {
                    change_set_id: id,
                    entry_segment: "start".into(),
                    segment_type: "menu".into(),
                    source_id: Some("+3225550100".into()),
                },
            },
        ];
        let actions: Vec<FlowAction> = records.iter().map(FlowRecord::action).collect();
        assert_eq!(actions, FlowAction::ALL, "one record of every action");
        records
    }

    /// The two sides a writer records for a record (what `flow::audit` is given).
    fn sides(r: &FlowRecord) -> (Option<String>, String) {
        match r {
            FlowRecord::DraftOpened { after } => (None, text(after)),
            FlowRecord::DraftEdited { after } => (None, text(after)),
            FlowRecord::DraftDiscarded { after } => (None, text(after)),
            FlowRecord::Published { before, after } => (Some(text(before)), text(after)),
            FlowRecord::DraftImported { after } | FlowRecord::RollbackDraftOpened { after } => {
                (None, text(after))
            }
            FlowRecord::FlowCreated { after } => (None, text(after)),
        }
    }

    #[test]
    fn every_flow_record_reads_back_as_written() {
        for record in every_action() {
            let (before, after) = sides(&record);
            let (before, after) = (before.map(JsonText::stored), JsonText::stored(after));
            let read = FlowRecord::of(record.action().as_str(), before.as_ref(), Some(&after))
                .unwrap_or_else(|e| panic!("{:?}: {}", record.action(), e.message));
            assert_eq!(read, record);
            // Written again, the same bytes.
            assert_eq!(sides(&read).1, after.as_str());
        }
    }

    #[test]
    fn an_edit_keeps_the_numbers_as_the_user_wrote_them() {
        let records = every_action();
        let FlowRecord::DraftEdited { after } = &records[1] else {
            unreachable!()
        };
        let written = text(after);
        assert!(written.contains("12345678901234567890123"), "{written}");
        let read: DraftEdited = payload(&JsonText::stored(written.clone())).unwrap();
        assert_eq!(text(&read), written);
    }

    #[test]
    fn rows_that_are_not_flow_changes_are_refused() {
        let after = JsonText::stored("{}".to_owned());
        for action in ["created", "draft_opened"] {
            let e = FlowRecord::of(action, None, Some(&after)).unwrap_err();
            assert_eq!(e.code, ivr_domain::ErrorCode::Internal, "{action}");
        }
        let e = FlowRecord::of("published", None, Some(&after)).unwrap_err();
        assert!(e.message.contains("no before data"), "{}", e.message);
    }
}
