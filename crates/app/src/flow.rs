//! Flow designer use cases: show a flow, open drafts, edit them (single or batched operations),
//! validate, diff, publish atomically or discard, roll back, export and import flow files.
//!
//! Rules come from `ivr_domain::flow`; the SQL from `ivr_store::segment`. Reads take the `Db`;
//! every write takes the [`Writable`] capability and is one transaction, opened here, that also
//! writes `sys_AuditLog`. Costs (statements, whatever the flow's size): show 2, edit batch 6,
//! publish 6, open draft 5, discard 5.

use crate::audit::AuditPayload;
use crate::environment::Writable;
use ivr_domain::flow::file::{self, FileSource};
use ivr_domain::flow::plan::ChangePlan;
use ivr_domain::flow::{
    check_routing_id, diff as flow_diff, undo, validate as flow_validate, Catalog, EditOp,
    EntryPoint, Flow, FlowDiff, Revision, Segment, SegmentResult, ValidationContext,
    ValidationReport,
};
use ivr_domain::flow::{ChangeSetRow, FlowSummary, FlowVersion};
use ivr_domain::{Error, ErrorCode, ErrorDetail, Remedy, Result};
use ivr_store::segment::{self, FlowLoad};
use ivr_store::{Conn, Db};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

pub use ivr_store::audit::Actor;

pub mod audit;
pub use audit::{
    DraftDiscarded, DraftEdited, DraftFromFlow, DraftOpened, FlowAction, FlowCreated, FlowRecord,
    Published,
};

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

/// Every flow: published size, live version, open drafts, routing entries (one statement).
/// Every flow, including the ones only routing entries name: those are marked `missing` (they
/// are entries pointing at a flow that does not exist, not empty flows).
pub async fn list(db: &Db) -> Result<Vec<FlowSummary>> {
    let mut flows = segment::list_flows(db).await?;
    for f in &mut flows {
        f.missing = f.live_version == 0 && f.published_segments == 0 && f.open_drafts == 0;
    }
    Ok(flows)
}

/// The published flow (two statements). NOT_FOUND when nothing is known of the RoutingId.
pub async fn show(db: &Db, routing_id: &str) -> Result<FlowView> {
    let catalog = catalog(db).await?;
    Ok(view(load_live(db, routing_id).await?, &catalog))
}

/// The published flow's load (one statement); NOT_FOUND when nothing is known of the RoutingId.
pub(crate) async fn load_live(db: &Db, routing_id: &str) -> Result<FlowLoad> {
    check_routing(routing_id)?;
    let load = segment::load_published(db, routing_id).await?;
    if load.live_version == 0 && load.flow.segments.is_empty() && load.entries.is_empty() {
        return Err(Error::not_found(format!(
            "no flow {routing_id}: nothing is published and no routing entry uses it (its drafts, if any, are listed with the drafts)"
        ))
        .with_detail(ErrorDetail {
            routing_id: Some(routing_id.to_owned()),
            ..Default::default()
        })
        .with_remedy(Remedy::ListDrafts { routing_id: Some(routing_id.to_owned()) }));
    }
    Ok(load)
}

fn draft_not_found(id: Uuid) -> Error {
    Error::not_found(format!("no draft {id}; pick one of the open drafts"))
        .with_detail(ErrorDetail {
            change_set_id: Some(id.to_string()),
            ..Default::default()
        })
        .with_remedy(Remedy::ListDrafts { routing_id: None })
}

/// A draft (two statements).
pub async fn show_draft(db: &Db, change_set_id: Uuid) -> Result<FlowView> {
    let catalog = catalog(db).await?;
    Ok(view(load_draft(db, change_set_id).await?, &catalog))
}

/// A draft's load (one statement); NOT_FOUND when there is no such draft.
pub(crate) async fn load_draft(db: &Db, change_set_id: Uuid) -> Result<FlowLoad> {
    let mut conn = db.conn().await?;
    let load = segment::load_draft(&mut conn, change_set_id, false).await?;
    if load.change_set.is_none() {
        return Err(draft_not_found(change_set_id));
    }
    Ok(load)
}

/// Reads any state of a flow as a flow (plus the catalog it was read with).
pub async fn load(db: &Db, what: &FlowRef) -> Result<(Flow, Catalog)> {
    let catalog = catalog(db).await?;
    let flow = match what {
        FlowRef::Live { routing_id } => {
            check_routing(routing_id)?;
            segment::load_published(db, routing_id).await?.flow
        }
        FlowRef::Draft { change_set_id } => load_draft(db, *change_set_id).await?.flow,
        FlowRef::Version {
            routing_id,
            version,
        } => version_flow(db, &catalog, routing_id, *version).await?,
    };
    Ok((flow, catalog))
}

pub(crate) async fn version_flow(
    db: &Db,
    catalog: &Catalog,
    routing_id: &str,
    version: i32,
) -> Result<Flow> {
    check_routing(routing_id)?;
    let text = segment::snapshot(db, routing_id, version)
        .await?
        .ok_or_else(|| {
            Error::not_found(format!(
                "flow {routing_id} has no published version {version}; pick one of its versions"
            ))
            .with_detail(ErrorDetail {
                routing_id: Some(routing_id.to_owned()),
                version: Some(i64::from(version)),
                ..Default::default()
            })
            .with_remedy(Remedy::ListFlowVersions {
                routing_id: routing_id.to_owned(),
            })
        })?;
    let imported = file::import(&text, catalog).map_err(|mut e| {
        e.message = format!(
            "version {version} of flow {routing_id} no longer fits the segment-type dictionary: {}",
            e.message
        );
        e
    })?;
    Ok(imported.flow)
}

/// Drafts, newest first; only open ones unless `all`.
pub async fn drafts(db: &Db, routing_id: Option<&str>, all: bool) -> Result<Vec<ChangeSetRow>> {
    if let Some(r) = routing_id {
        check_routing(r)?;
    }
    segment::list_drafts(db, routing_id, if all { None } else { Some("open") }).await
}

/// Published versions of a flow, newest first.
pub async fn versions(db: &Db, routing_id: &str) -> Result<Vec<FlowVersion>> {
    check_routing(routing_id)?;
    segment::versions(db, routing_id).await
}

/// Validates any state of a flow against its routing entries and message store.
pub async fn validate(db: &Db, what: &FlowRef) -> Result<ValidationReport> {
    match what {
        FlowRef::Live { routing_id } => Ok(show(db, routing_id).await?.validation),
        FlowRef::Draft { change_set_id } => Ok(show_draft(db, *change_set_id).await?.validation),
        FlowRef::Version { routing_id, .. } => {
            let (flow, catalog) = load(db, what).await?;
            let surroundings = segment::load_published(db, routing_id).await?;
            Ok(flow_validate(&flow, &catalog, &context(&surroundings)))
        }
    }
}

/// Semantic diff from `from` to `to` (e.g. live → draft).
pub async fn diff(db: &Db, from: &FlowRef, to: &FlowRef) -> Result<FlowDiff> {
    let (a, _) = load(db, from).await?;
    let (b, _) = load(db, to).await?;
    Ok(flow_diff(&a, &b))
}

/// Exports any state of a flow as a flow file (deterministic text).
pub async fn export(db: &Db, what: &FlowRef) -> Result<String> {
    let (flow, catalog) = load(db, what).await?;
    let source = match what {
        FlowRef::Live { .. } => {
            let live = segment::load_published(db, &flow.routing_id)
                .await?
                .live_version;
            FileSource {
                kind: "published".into(),
                version: (live > 0).then_some(live.into()),
                change_set_id: None,
            }
        }
        FlowRef::Draft { change_set_id } => FileSource {
            kind: "draft".into(),
            version: None,
            change_set_id: Some(change_set_id.to_string()),
        },
        FlowRef::Version { version, .. } => FileSource {
            kind: "published".into(),
            version: Some((*version).into()),
            change_set_id: None,
        },
    };
    if flow.segments.is_empty() {
        if let FlowRef::Live { routing_id } = what {
            show(db, routing_id).await?;
        }
    }
    Ok(file::export(&flow, &catalog, Some(&source)))
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

/// Opens a draft of a flow: a copy of the published segments, keys, transitions and UI state
/// under a new ChangeSetId (or empty for a new flow), based on the current live version.
pub async fn open_draft(
    w: &Writable<'_>,
    routing_id: &str,
    description: Option<&str>,
) -> Result<ChangeSetRow> {
    check_routing(routing_id)?;
    check_description(description)?;
    let id = Uuid::new_v4();
    let (db, actor) = (w.db(), w.actor());
    db.transaction(async |c| {
        let live = segment::lock_flow(c, routing_id).await?;
        let based_on = (live > 0).then_some(live);
        segment::create_draft(c, id, routing_id, based_on, description, &actor.name, true).await?;
        audit(
            c,
            w,
            routing_id,
            FlowAction::DraftOpened,
            None,
            DraftOpened {
                change_set_id: id,
                based_on_version: based_on,
                description: description.map(Into::into),
            },
        )
        .await
    })
    .await?;
    draft_header(db, id).await
}

async fn draft_header(db: &Db, id: Uuid) -> Result<ChangeSetRow> {
    let mut conn = db.conn().await?;
    segment::load_draft(&mut conn, id, false)
        .await?
        .change_set
        .ok_or_else(|| draft_not_found(id))
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

/// A batch applied to a draft: what it changed, the batch that undoes it, and the draft after it
/// when the whole draft was read.
pub(crate) struct Edited {
    /// The whole draft after the batch; `None` when the batch read only the segments it names
    /// (see [`apply_edits`]).
    pub after: Option<FlowLoad>,
    pub inverse: Vec<EditOp>,
    /// The segments the batch added or changed, as stored, sorted by name.
    pub changed: Vec<Segment>,
    /// Names of the segments it removed (deleted, or renamed away).
    pub removed: Vec<String>,
    /// The draft's revision after the batch.
    pub revision: String,
    /// The batch changed only the canvas layout (see [`ChangePlan::layout_only`]).
    pub layout_only: bool,
}

/// Applies a batch of edit operations to a draft in one transaction: all or nothing. With
/// `revision`, the batch is refused (CONFLICT, nothing written) unless the draft is still at it.
///
/// The draft's revision is kept with it (`seg_ChangeSetRevision`, written with every change of its
/// rows). A batch made on a given revision that only moves, collapses or reorders segments
/// ([`undo::named_segments`]) first reads just those segments and the stored revision:
/// when the stored revision is the one given and the batch changes only the layout there, it is
/// written from those rows alone ([`undo::apply_to_part`], which gives exactly what the batch does
/// to the whole draft). Otherwise (another batch, no revision kept yet or a different one, a
/// broken rule, content changed) the whole draft is read, in the same transaction: its revision is
/// computed from its rows, checked, moved on through the segments the batch changed and stored,
/// which also repairs a stored revision that differs from the rows.
pub(crate) async fn apply_edits(
    w: &Writable<'_>,
    catalog: &Catalog,
    change_set_id: Uuid,
    revision: Option<&str>,
    ops: &[EditOp],
) -> Result<Edited> {
    let names = revision.and_then(|_| undo::named_segments(ops));
    w.db()
        .transaction(async |c| {
            if let (Some(expected), Some(names)) = (revision, &names) {
                let part = segment::load_draft_part(c, change_set_id, names).await?;
                if let Some(edited) =
                    edit_part(c, w, catalog, change_set_id, expected, ops, part).await?
                {
                    return Ok(edited);
                }
            }
            edit_whole(c, w, catalog, change_set_id, revision, ops).await
        })
        .await
}

/// The batch on the part of the draft it names, when that is the whole answer (see
/// [`apply_edits`]); `Ok(None)` when the whole draft must be read.
async fn edit_part(
    c: &mut Conn,
    w: &Writable<'_>,
    catalog: &Catalog,
    change_set_id: Uuid,
    expected: &str,
    ops: &[EditOp],
    part: segment::DraftPart,
) -> Result<Option<Edited>> {
    let cs = open_only(part.change_set.as_ref(), change_set_id)?;
    let Some(mut rev) = part
        .revision_sum
        .as_deref()
        .and_then(|sum| Revision::from_sum(&cs.routing_id, sum))
        .filter(|rev| rev.text() == expected)
    else {
        return Ok(None);
    };
    let Some((next, inverse, plan)) = undo::apply_to_part(&part.flow, catalog, ops) else {
        return Ok(None);
    };
    let names = plan.changed_segments();
    for name in &names {
        rev.replace(part.flow.segment(name), next.segment(name));
    }
    if !plan.is_empty() {
        write_batch(c, w, &cs.routing_id, change_set_id, &plan, &rev, ops).await?;
    }
    Ok(Some(Edited {
        after: None,
        inverse,
        changed: names
            .iter()
            .filter_map(|name| next.segment(name).cloned())
            .collect(),
        removed: Vec::new(),
        revision: rev.text(),
        layout_only: true,
    }))
}

/// The batch on the whole draft (see [`apply_edits`]).
async fn edit_whole(
    c: &mut Conn,
    w: &Writable<'_>,
    catalog: &Catalog,
    change_set_id: Uuid,
    revision: Option<&str>,
    ops: &[EditOp],
) -> Result<Edited> {
    let mut load = segment::load_draft(c, change_set_id, true).await?;
    let cs = open_only(load.change_set.as_ref(), change_set_id)?;
    let mut rev = Revision::of(&load.flow);
    check_revision(&rev.text(), change_set_id, revision)?;
    let (next, inverse) = undo::apply_with_inverse(&load.flow, catalog, ops)?;
    let plan = ChangePlan::between(&load.flow, &next, catalog)?;
    let names = plan.changed_segments();
    for name in names
        .iter()
        .copied()
        .chain(plan.delete_segments.iter().map(String::as_str))
    {
        rev.replace(load.flow.segment(name), next.segment(name));
    }
    if !plan.is_empty() {
        write_batch(c, w, &cs.routing_id, change_set_id, &plan, &rev, ops).await?;
    }
    let changed = names
        .iter()
        .filter_map(|name| next.segment(name).cloned())
        .collect();
    load.flow = next;
    Ok(Edited {
        after: Some(load),
        inverse,
        changed,
        removed: plan.delete_segments.clone(),
        revision: rev.text(),
        layout_only: plan.layout_only(),
    })
}

/// Writes a batch's rows with the draft's revision after it, and its audit row.
async fn write_batch(
    c: &mut Conn,
    w: &Writable<'_>,
    routing_id: &str,
    change_set_id: Uuid,
    plan: &ChangePlan,
    rev: &Revision,
    ops: &[EditOp],
) -> Result<()> {
    segment::apply_plan(
        c,
        routing_id,
        change_set_id,
        &w.actor().name,
        plan,
        &rev.sum_text(),
    )
    .await?;
    audit(
        c,
        w,
        routing_id,
        FlowAction::DraftEdited,
        None,
        DraftEdited {
            change_set_id,
            operations: ops.into(),
        },
    )
    .await
}

/// Applies a batch of edit operations to a draft in one transaction: all or nothing. Returns the
/// draft after the batch with its validation.
pub async fn edit(w: &Writable<'_>, change_set_id: Uuid, ops: &[EditOp]) -> Result<FlowView> {
    let db = w.db();
    if ops.is_empty() {
        return show_draft(db, change_set_id).await;
    }
    let catalog = catalog(db).await?;
    let edited = apply_edits(w, &catalog, change_set_id, None, ops).await?;
    match edited.after {
        Some(after) => Ok(view(after, &catalog)),
        // Not reached: a batch without a revision reads the whole draft.
        None => show_draft(db, change_set_id).await,
    }
}

/// Discards an open draft: its rows go, the draft stays listed as discarded.
pub async fn discard(w: &Writable<'_>, change_set_id: Uuid) -> Result<()> {
    let (db, actor) = (w.db(), w.actor());
    db.transaction(async |c| {
        let load = segment::load_draft(c, change_set_id, true).await?;
        let cs = open_only(load.change_set.as_ref(), change_set_id)?;
        segment::discard(c, &cs.routing_id, change_set_id, &actor.name).await?;
        audit(
            c,
            w,
            &cs.routing_id,
            FlowAction::DraftDiscarded,
            None,
            DraftDiscarded {
                change_set_id,
                segments: load.flow.segments.len(),
            },
        )
        .await
    })
    .await
}

/// Publishes a draft atomically. CONFLICT when the live flow changed since the draft was opened
/// (the draft is kept; diff it against live); VALIDATION with every error when it is invalid.
pub async fn publish(w: &Writable<'_>, change_set_id: Uuid) -> Result<PublishResult> {
    publish_checked(w, change_set_id, None).await
}

/// [`publish`], refused (CONFLICT) unless the draft is still at `revision` when given: what the
/// designer publishes is what they saw.
pub(crate) async fn publish_checked(
    w: &Writable<'_>,
    change_set_id: Uuid,
    revision: Option<&str>,
) -> Result<PublishResult> {
    let (db, actor) = (w.db(), w.actor());
    let catalog = catalog(db).await?;
    db.transaction(async |c| {
        let load = segment::load_draft(c, change_set_id, true).await?;
        let cs = open_only(load.change_set.as_ref(), change_set_id)?;
        let rev = Revision::of(&load.flow);
        check_revision(&rev.text(), change_set_id, revision)?;
        let based_on = cs.based_on_version.unwrap_or(0);
        if based_on != load.live_version {
            return Err(Error::conflict(format!(
                "flow {} was published (version {}) after this draft was opened from version {based_on}; \
                 your draft is kept — compare it with live, then open a new draft and redo the changes",
                cs.routing_id, load.live_version
            ))
            .with_detail(ErrorDetail {
                change_set_id: Some(change_set_id.to_string()),
                based_on_version: cs.based_on_version.map(i64::from),
                live_version: Some(i64::from(load.live_version)),
                ..Default::default()
            })
            .with_remedy(Remedy::CompareDraftWithLive {
                routing_id: cs.routing_id.clone(),
                change_set_id: change_set_id.to_string(),
            }));
        }
        let report = flow_validate(&load.flow, &catalog, &context(&load));
        if !report.is_publishable() {
            return Err(report.to_error(&format!("draft {change_set_id}")));
        }
        let version = load.live_version + 1;
        let snapshot = file::export(
            &load.flow,
            &catalog,
            Some(&FileSource {
                kind: "published".into(),
                version: Some(version.into()),
                change_set_id: Some(change_set_id.to_string()),
            }),
        );
        // The diff is computed in the same transaction from the rows being replaced, so it is
        // exactly what this publish changes.
        let live = segment::load_published_in(c, &cs.routing_id).await?;
        let diff = flow_diff(&live, &load.flow);
        segment::publish(
            c,
            &cs.routing_id,
            change_set_id,
            &actor.name,
            &snapshot,
            &rev.sum_text(),
        )
        .await?;
        audit(
            c,
            w,
            &cs.routing_id,
            FlowAction::Published,
            Some(Published {
                version: load.live_version,
                change_set_id: None,
                diff: None,
            }),
            Published {
                version,
                change_set_id: Some(change_set_id),
                diff: Some(std::borrow::Cow::Borrowed(&diff)),
            },
        )
        .await?;
        Ok(PublishResult {
            routing_id: cs.routing_id,
            change_set_id,
            version,
            diff,
            warnings: report.warnings,
        })
    })
    .await
}

async fn draft_from_flow(
    w: &Writable<'_>,
    flow: &Flow,
    catalog: &Catalog,
    description: Option<&str>,
    action: FlowAction,
    from_version: Option<i32>,
) -> Result<ChangeSetRow> {
    check_routing(&flow.routing_id)?;
    check_description(description)?;
    let id = Uuid::new_v4();
    let plan = ChangePlan::between(&Flow::new(flow.routing_id.clone()), flow, catalog)?;
    let (db, actor) = (w.db(), w.actor());
    db.transaction(async |c| {
        let live = segment::lock_flow(c, &flow.routing_id).await?;
        let based_on = (live > 0).then_some(live);
        segment::create_draft(
            c,
            id,
            &flow.routing_id,
            based_on,
            description,
            &actor.name,
            false,
        )
        .await?;
        let sum = Revision::of(flow).sum_text();
        segment::apply_plan(c, &flow.routing_id, id, &actor.name, &plan, &sum).await?;
        let after = DraftFromFlow {
            change_set_id: id,
            based_on_version: based_on,
            segments: flow.segments.len(),
            from_version,
        };
        audit(c, w, &flow.routing_id, action, None, after).await
    })
    .await?;
    draft_header(db, id).await
}

/// Imports a flow file as a new draft (of the file's RoutingId, or `routing_id` when given).
/// A malformed file is refused with every problem and its line; nothing is written.
pub async fn import(
    w: &Writable<'_>,
    text: &str,
    routing_id: Option<&str>,
    description: Option<&str>,
) -> Result<FlowView> {
    let db = w.db();
    let catalog = catalog(db).await?;
    let mut imported = file::import(text, &catalog)?.flow;
    if let Some(r) = routing_id {
        check_routing(r)?;
        imported.routing_id = r.to_string();
    }
    let cs = draft_from_flow(
        w,
        &imported,
        &catalog,
        description,
        FlowAction::DraftImported,
        None,
    )
    .await?;
    show_draft(db, cs.change_set_id).await
}

/// Opens a draft holding an earlier published version; publish it like any other draft.
pub async fn rollback(
    w: &Writable<'_>,
    routing_id: &str,
    version: i32,
    description: Option<&str>,
) -> Result<ChangeSetRow> {
    let db = w.db();
    let catalog = catalog(db).await?;
    let flow = version_flow(db, &catalog, routing_id, version).await?;
    let default_description = format!("rollback to version {version}");
    draft_from_flow(
        w,
        &flow,
        &catalog,
        Some(description.unwrap_or(&default_description)),
        FlowAction::RollbackDraftOpened,
        Some(version),
    )
    .await
}

/// True when an error means "someone else changed it" (the UI offers a diff).
pub fn is_conflict(e: &Error) -> bool {
    e.code == ErrorCode::Conflict
}
