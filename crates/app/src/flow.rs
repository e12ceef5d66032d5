//! Flow designer use cases: show a flow, open drafts, edit them (single or batched operations),
//! validate, diff, publish atomically or discard, roll back, export and import flow files.
//!
//! Rules come from `ivr_domain::flow`; the SQL from `ivr_store::segment`. Reads take the `Db`;
//! every write takes the [`Writable`] capability and is one transaction, opened here, that also
//! writes `sys_AuditLog`. Costs (statements, whatever the flow's size): show 2, edit batch 6,
//! publish 6, open draft 5, discard 5.
//!
//! This file holds the requests and answers and the helpers the use cases share; the use cases
//! are in `flow/`: `read` (list, show, load, drafts, versions, validate, diff, export), `drafts`
//! (open, import, roll back, discard), `edit` (a batch of edit operations) and `publish`.

use crate::audit::AuditPayload;
use crate::environment::Writable;
use ivr_domain::flow::{
    check_routing_id, validate as flow_validate, Catalog, ChangeSetRow, EntryPoint, Flow, FlowDiff,
    Segment, SegmentResult, ValidationContext, ValidationReport,
};
use ivr_domain::{Error, ErrorCode, ErrorDetail, Remedy, Result};
use ivr_store::segment::{self, FlowLoad};
use ivr_store::{Conn, Db};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

pub use ivr_store::audit::Actor;

pub mod audit;
mod drafts;
mod edit;
mod publish;
mod read;

pub use audit::{
    DraftDiscarded, DraftEdited, DraftFromFlow, DraftOpened, FlowAction, FlowCreated, FlowRecord,
    Published,
};
pub use drafts::{discard, import, open_draft, rollback};
pub(crate) use edit::apply_edits;
pub use edit::edit;
pub use publish::publish;
pub(crate) use publish::publish_checked;
pub use read::{diff, drafts, export, list, load, show, show_draft, validate, versions};
pub(crate) use read::{load_draft, load_live, version_flow};

/// Audit entity type of every flow change.
pub const AUDIT_ENTITY: &str = "flow";

/// Which state of a flow to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FlowRef {
    /// The published (live) flow.
    Live { routing_id: String },
    /// A draft.
    Draft {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        change_set_id: Uuid,
    },
    /// An earlier published version (from its publish snapshot).
    Version { routing_id: String, version: i32 },
}

/// A flow as the designer sees it, with its validation: its [`FlowGraph`] (flattened: the JSON
/// has the graph's fields, then `validation`).
// Written, never read: serde reads a flattened struct through a buffer, and a canvas style (raw
// JSON text, `UiState::style`) cannot be read from one, so `Deserialize` would fail at run time
// on a flow with a style. A reader takes the `FlowGraph` (which reads back whole) and the
// `validation` apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowView {
    #[serde(flatten)]
    pub graph: FlowGraph,
    pub validation: ValidationReport,
}

/// A flow as the canvas first draws it: a [`FlowView`] without its validation, which the
/// designer reads next, separately ([`FlowFindings`]), so the graph is drawn before every
/// segment has been validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowGraph {
    pub routing_id: String,
    /// Published version the view shows or the draft is based on / will replace.
    pub live_version: i32,
    /// Set when the view is a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<ChangeSetRow>,
    pub flow: Flow,
    /// The routing entries that enter the flow (SourceId → InitSegment): the entry markers.
    pub entries: Vec<EntryPoint>,
    /// The content's revision ([`Flow::revision`]): an edit or publish of a draft carries the one
    /// it was made on, and is refused with CONFLICT when the draft has changed since; the
    /// findings read after a graph say which revision they validated.
    pub revision: String,
    /// What each segment can produce, in handle order (its type's results applied to its
    /// configuration, e.g. a menu's options): one output handle per result. Segments of a type
    /// that declares no results are absent.
    pub results: BTreeMap<String, Vec<SegmentResult>>,
}

/// The validation of a flow's state, with the revision of the content validated (the canvas
/// applies it only to that revision).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FlowFindings {
    pub revision: String,
    pub validation: ValidationReport,
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublishResult {
    pub routing_id: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    pub version: i32,
    pub diff: FlowDiff,
    pub warnings: Vec<ivr_domain::flow::Finding>,
}

/// Loads and checks the segment-type dictionary (one statement). Building it compiles every
/// key's JSON Schema; the last dictionary built is kept, by its content, and reused while the
/// rows read are the same (every gesture reads the dictionary, which seldom changes).
pub async fn catalog(db: &Db) -> Result<Catalog> {
    static LAST: std::sync::Mutex<Option<(String, Catalog)>> = std::sync::Mutex::new(None);
    let rows = segment::catalog_rows(db).await?;
    let Ok(text) = serde_json::to_string(&rows) else {
        return Catalog::new(rows);
    };
    if let Ok(last) = LAST.lock() {
        if let Some((_, c)) = last.as_ref().filter(|(t, _)| *t == text) {
            return Ok(c.clone());
        }
    }
    let catalog = Catalog::new(rows)?;
    if let Ok(mut last) = LAST.lock() {
        *last = Some((text, catalog.clone()));
    }
    Ok(catalog)
}

pub(crate) fn context(load: &FlowLoad) -> ValidationContext {
    ValidationContext {
        entries: load.entries.clone(),
        message_keys: load.message_keys.clone(),
    }
}

pub(crate) fn view(load: FlowLoad, catalog: &Catalog) -> FlowView {
    let validation = flow_validate(&load.flow, catalog, &context(&load));
    FlowView {
        graph: graph(load, catalog),
        validation,
    }
}

/// The view of `load` without its validation.
pub(crate) fn graph(load: FlowLoad, catalog: &Catalog) -> FlowGraph {
    FlowGraph {
        routing_id: load.flow.routing_id.clone(),
        live_version: load.live_version,
        draft: load.change_set,
        revision: load.flow.revision(),
        entries: load.entries,
        results: results_of(catalog, load.flow.segments.iter()),
        flow: load.flow,
    }
}

/// The validation of `load`, with the revision it validated.
pub(crate) fn findings(load: &FlowLoad, catalog: &Catalog) -> FlowFindings {
    FlowFindings {
        revision: load.flow.revision(),
        validation: flow_validate(&load.flow, catalog, &context(load)),
    }
}

/// What each of `segments` can produce (segments of an unknown or undeclared type are left out).
pub fn results_of<'a>(
    catalog: &Catalog,
    segments: impl Iterator<Item = &'a Segment>,
) -> BTreeMap<String, Vec<SegmentResult>> {
    segments
        .filter_map(|s| {
            let t = catalog.segment_type(&s.segment_type)?;
            t.declares_results()
                .then(|| (s.name.clone(), t.results_for(&s.config)))
        })
        .collect()
}

pub(crate) fn check_routing(routing_id: &str) -> Result<()> {
    check_routing_id(routing_id).map_err(|m| {
        Error::validation(m).with_detail(ErrorDetail {
            field: Some("routingId".into()),
            ..Default::default()
        })
    })
}

pub(crate) fn check_description(d: Option<&str>) -> Result<()> {
    if d.is_some_and(|d| d.chars().count() > 200) {
        return Err(Error::validation(
            "a draft description has at most 200 characters",
        ));
    }
    Ok(())
}

fn draft_not_found(id: Uuid) -> Error {
    Error::not_found(format!("no draft {id}; pick one of the open drafts"))
        .with_detail(ErrorDetail {
            change_set_id: Some(id.to_string()),
            ..Default::default()
        })
        .with_remedy(Remedy::ListDrafts { routing_id: None })
}

/// The loaded draft, refused unless it exists and is open.
fn open_only(change_set: Option<&ChangeSetRow>, id: Uuid) -> Result<ChangeSetRow> {
    let cs = change_set.cloned().ok_or_else(|| draft_not_found(id))?;
    if cs.status != "open" {
        let by = cs
            .updated_by
            .as_deref()
            .map(|b| format!(" by {b}"))
            .unwrap_or_default();
        let at = cs
            .updated_at
            .as_deref()
            .map(|t| format!(" at {t}"))
            .unwrap_or_default();
        let next = if cs.status == "published" {
            "it is part of the live flow now; open a new draft to change it further"
        } else {
            "open a new draft of the flow to make changes"
        };
        return Err(Error::conflict(format!(
            "draft {id} of flow {} was {}{by}{at}; it can no longer be changed or published — {next}",
            cs.routing_id, cs.status
        ))
        .with_detail(ErrorDetail {
            change_set_id: Some(id.to_string()),
            status: Some(cs.status.clone()),
            by: cs.updated_by.clone(),
            at: cs.updated_at.clone(),
            ..Default::default()
        }));
    }
    Ok(cs)
}

/// CONFLICT when the draft's content (at revision `current`) is no longer the `expected`
/// revision (someone else, or another window, changed it since it was read). Nothing has been
/// written when this is checked.
fn check_revision(current: &str, change_set_id: Uuid, expected: Option<&str>) -> Result<()> {
    let Some(expected) = expected else {
        return Ok(());
    };
    if current == expected {
        return Ok(());
    }
    Err(Error::conflict(format!(
        "draft {change_set_id} was changed (in another window or by someone else) after you loaded it; \
         nothing was changed — reload the draft and redo the edit"
    ))
    .with_detail(ErrorDetail {
        change_set_id: Some(change_set_id.to_string()),
        revision: Some(current.to_string()),
        your_revision: Some(expected.to_owned()),
        ..Default::default()
    }))
}

/// The audit row of a flow change (inside the change's transaction).
pub(crate) async fn audit<T: AuditPayload>(
    conn: &mut Conn,
    w: &Writable<'_>,
    routing_id: &str,
    action: FlowAction,
    before: Option<T>,
    after: T,
) -> Result<()> {
    crate::audit::record(
        conn,
        w,
        AUDIT_ENTITY,
        routing_id,
        action.as_str(),
        before.as_ref(),
        &after,
    )
    .await
}

/// True when an error means "someone else changed it" (the UI offers a diff).
pub fn is_conflict(e: &Error) -> bool {
    e.code == ErrorCode::Conflict
}
