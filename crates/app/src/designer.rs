//! The flow designer's operations (what the canvas calls): the segment catalog, a brand-new flow,
//! drafts opened, read, edited in batches (one call per gesture, with stale-edit protection and
//! the batch that undoes it), validated, compared, published, discarded, and earlier versions
//! opened as drafts. Rules live in `ivr_domain::flow`; drafts, publish and rollback in
//! [`crate::flow`], which these functions build on.
//!
//! Reads take the `Db`; writes take the [`Writable`] capability that only an unlocked environment
//! hands out, and own their transaction. Statement costs (asserted in
//! `tests/designer.rs`) do not grow with the flow's size.

use crate::environment::Writable;
use crate::flow::{self, FlowFindings, FlowGraph, FlowRef, FlowView, PublishResult};
use ivr_domain::flow::fragment::{self, Fragment};
use ivr_domain::flow::layout::{self, Layout, LayoutOptions};
use ivr_domain::flow::plan::ChangePlan;
use ivr_domain::flow::{
    edit, Catalog, EditOp, Flow, FlowDiff, Revision, Segment, SegmentResult, UiState,
    ValidationReport,
};
use ivr_domain::routing::{RoutingEntry, RoutingFields};
use ivr_domain::{Error, ErrorDetail, Result};
use ivr_store::segment::FlowLoad;
use ivr_store::{segment, Db};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A draft, by its ChangeSetId.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DraftRef {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenDraftRequest {
    pub routing_id: String,
    /// At most 200 characters.
    #[serde(default)]
    pub description: Option<String>,
}

/// One gesture's edits, saved as one batch (all or nothing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EditDraftRequest {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    /// The draft revision the edits were made on (`FlowView.revision`, or the last
    /// `EditDraftResult.revision`). When the draft has changed since, the batch is refused with
    /// CONFLICT (`detail.revision` is the current one) and nothing is written. `null`: no check.
    #[serde(default)]
    pub revision: Option<String>,
    pub ops: Vec<EditOp>,
}

/// What a batch did, as a change to the draft the canvas holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EditDraftResult {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    /// The draft's revision after the batch: the one the next batch carries.
    pub revision: String,
    /// Segments added or changed by the batch, as stored (defaults filled, transitions rewritten
    /// by a rename, …).
    pub changed: Vec<Segment>,
    /// Names of segments the batch removed (deleted, or renamed away).
    pub removed: Vec<String>,
    /// What each changed segment can produce (see `FlowView.results`).
    pub results: BTreeMap<String, Vec<SegmentResult>>,
    /// The batch that undoes this one (send it as the undo gesture; the original ops redo it).
    pub inverse: Vec<EditOp>,
    /// Validation of the whole draft after the batch; `null` when the batch, made on a given
    /// `revision`, changed only the canvas layout (positions, collapsed, style, segment order),
    /// which validation does not read: the findings are then those the designer holds for that
    /// revision, and are neither computed again nor sent.
    pub validation: Option<ValidationReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublishDraftRequest {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    /// The revision the designer reviewed; a draft changed since is CONFLICT. `null`: no check.
    #[serde(default)]
    pub revision: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiffRequest {
    pub from: FlowRef,
    pub to: FlowRef,
}

/// Open an earlier published version as a new draft (rollback: publish it like any draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenVersionRequest {
    pub routing_id: String,
    pub version: i32,
    /// Defaults to "rollback to version N".
    #[serde(default)]
    pub description: Option<String>,
}

/// The first segment of a brand-new flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EntrySegment {
    pub name: String,
    pub segment_type: String,
    /// Typed values by key, kept as written; keys with a default get it when absent.
    #[serde(default)]
    #[cfg_attr(
        feature = "ts",
        ts(as = "std::collections::HashMap<String, serde_json::Value>")
    )]
    pub config: ivr_domain::RawMembers,
    #[serde(default)]
    pub ui: Option<UiState>,
}

/// A brand-new flow: a draft holding its entry segment and, optionally, the routing entry that
/// enters it (created in the same transaction).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreateFlowRequest {
    pub routing_id: String,
    pub entry: EntrySegment,
    #[serde(default)]
    pub description: Option<String>,
    /// A routing entry to create with the flow; its `routingId` and `initSegment` must name the
    /// new flow and its entry segment.
    #[serde(default)]
    pub routing_entry: Option<RoutingFields>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreateFlowResult {
    /// The new flow's draft.
    pub view: FlowView,
    pub routing_entry: Option<RoutingEntry>,
}

/// The segment-type dictionary as the designer reads it: per type its category, terminal flag,
/// keys (type, JSON Schema, required, default) and results (one statement).
pub async fn catalog(db: &Db) -> Result<Catalog> {
    flow::catalog(db).await
}

/// Any state of a flow as a view: live, a draft, or an earlier version (validated against the
/// flow's current routing entries and message store). Two statements (three for a version).
pub async fn view(db: &Db, what: &FlowRef) -> Result<FlowView> {
    let (load, catalog) = load(db, what).await?;
    Ok(flow::view(load, &catalog))
}

/// Any state of a flow as the canvas first draws it: [`view`] without the validation (the
/// designer reads it next with [`findings`]). Two statements (three for a version); NOT_FOUND
/// as [`view`].
pub async fn graph(db: &Db, what: &FlowRef) -> Result<FlowGraph> {
    let (load, catalog) = load(db, what).await?;
    Ok(flow::graph(load, &catalog))
}

/// The validation of any state of a flow (the findings [`graph`] leaves out), with the revision
/// it validated. Two statements (three for a version).
pub async fn findings(db: &Db, what: &FlowRef) -> Result<FlowFindings> {
    let (load, catalog) = load(db, what).await?;
    Ok(flow::findings(&load, &catalog))
}

/// The catalog and the load of a state of a flow, with its surroundings (routing entries,
/// message keys): those of the live flow for an earlier version.
async fn load(db: &Db, what: &FlowRef) -> Result<(FlowLoad, Catalog)> {
    let catalog = flow::catalog(db).await?;
    let load = match what {
        FlowRef::Live { routing_id } => flow::load_live(db, routing_id).await?,
        FlowRef::Draft { change_set_id } => flow::load_draft(db, *change_set_id).await?,
        FlowRef::Version {
            routing_id,
            version,
        } => {
            let old = flow::version_flow(db, &catalog, routing_id, *version).await?;
            let mut load = segment::load_published(db, routing_id).await?;
            load.flow = old;
            load.live_version = *version;
            load
        }
    };
    Ok((load, catalog))
}

/// A draft with its validation.
pub async fn draft(db: &Db, req: &DraftRef) -> Result<FlowView> {
    flow::show_draft(db, req.change_set_id).await
}

/// Opens a new draft of a flow (a copy of live; empty for a flow never published).
pub async fn open_draft(w: &Writable<'_>, req: &OpenDraftRequest) -> Result<FlowView> {
    let cs = flow::open_draft(w, &req.routing_id, req.description.as_deref()).await?;
    flow::show_draft(w.db(), cs.change_set_id).await
}

/// Applies one gesture's batch of edits (see [`EditDraftRequest`]). A broken rule refuses the
/// whole batch with the operation's index in `detail.operation`; nothing is written.
pub async fn edit_draft(w: &Writable<'_>, req: &EditDraftRequest) -> Result<EditDraftResult> {
    let catalog = flow::catalog(w.db()).await?;
    let edited = flow::apply_edits(
        w,
        &catalog,
        req.change_set_id,
        req.revision.as_deref(),
        &req.ops,
    )
    .await?;
    // A layout-only batch made on a given revision is not validated (see `validation`); every
    // other batch read the whole draft, and is.
    let validation = edited
        .after
        .as_ref()
        .filter(|_| req.revision.is_none() || !edited.layout_only)
        .map(|after| ivr_domain::flow::validate(&after.flow, &catalog, &flow::context(after)));
    Ok(EditDraftResult {
        change_set_id: req.change_set_id,
        revision: edited.revision,
        results: flow::results_of(&catalog, edited.changed.iter()),
        validation,
        changed: edited.changed,
        removed: edited.removed,
        inverse: edited.inverse,
    })
}

/// Validates any state of a flow.
pub async fn validate(db: &Db, what: &FlowRef) -> Result<ValidationReport> {
    flow::validate(db, what).await
}

/// Semantic diff from `from` to `to` (e.g. live → draft, or a version → live); layout apart.
pub async fn diff(db: &Db, req: &DiffRequest) -> Result<FlowDiff> {
    flow::diff(db, &req.from, &req.to).await
}

/// Publishes a draft (see [`flow::publish`]); refused when it changed since `revision`.
pub async fn publish(w: &Writable<'_>, req: &PublishDraftRequest) -> Result<PublishResult> {
    flow::publish_checked(w, req.change_set_id, req.revision.as_deref()).await
}

/// Discards an open draft.
pub async fn discard(w: &Writable<'_>, req: &DraftRef) -> Result<()> {
    flow::discard(w, req.change_set_id).await
}

/// Opens an earlier published version as a new draft (rollback).
pub async fn open_version(w: &Writable<'_>, req: &OpenVersionRequest) -> Result<FlowView> {
    let cs = flow::rollback(w, &req.routing_id, req.version, req.description.as_deref()).await?;
    flow::show_draft(w.db(), cs.change_set_id).await
}

/// Creates a brand-new flow: a draft of `routing_id` holding its entry segment, and the routing
/// entry when asked for, in one transaction. CONFLICT when the flow already has a published
/// version (open a draft of it instead).
pub async fn create_flow(w: &Writable<'_>, req: &CreateFlowRequest) -> Result<CreateFlowResult> {
    flow::check_routing(&req.routing_id)?;
    flow::check_description(req.description.as_deref())?;
    if let Some(f) = &req.routing_entry {
        check_entry_names(req, f)?;
        f.validate()?;
    }
    let catalog = flow::catalog(w.db()).await?;
    let add = EditOp::AddSegment {
        name: req.entry.name.clone(),
        segment_type: req.entry.segment_type.clone(),
        config: req.entry.config.clone(),
        order: None,
        ui: req.entry.ui.clone(),
    };
    let empty = Flow::new(req.routing_id.clone());
    let first = edit::apply(&empty, &catalog, &[add])?;
    let plan = ChangePlan::between(&empty, &first, &catalog)?;
    let actor = w.actor();
    let id = Uuid::new_v4();
    let routing_id = req.routing_id.as_str();
    let entry = w
        .db()
        .transaction(async |c| {
            let live = segment::lock_flow(c, routing_id).await?;
            if live > 0 {
                return Err(Error::already_exists(format!(
                    "flow {routing_id} already exists (live version {live}); open a draft of it instead of creating it"
                ))
                .with_detail(ErrorDetail {
                    routing_id: Some(routing_id.to_owned()),
                    live_version: Some(i64::from(live)),
                    ..Default::default()
                }));
            }
            let entry = match &req.routing_entry {
                Some(f) => Some(crate::routing::create_on(c, w, f).await?),
                None => None,
            };
            segment::create_draft(c, id, routing_id, None, req.description.as_deref(), &actor.name, false)
                .await?;
            let sum = Revision::of(&first).sum_text();
            segment::apply_plan(c, routing_id, id, &actor.name, &plan, &sum).await?;
            flow::audit(
                c,
                w,
                routing_id,
                flow::FlowAction::FlowCreated,
                None,
                flow::FlowCreated {
                    change_set_id: id,
                    entry_segment: req.entry.name.as_str().into(),
                    segment_type: req.entry.segment_type.as_str().into(),
                    source_id: entry.as_ref().map(|e: &RoutingEntry| e.source_id.as_str().into()),
                },
            )
            .await?;
            Ok(entry)
        })
        .await?;
    Ok(CreateFlowResult {
        view: flow::show_draft(w.db(), id).await?,
        routing_entry: entry,
    })
}

/// The routing entry created with a new flow must enter it at its entry segment.
fn check_entry_names(req: &CreateFlowRequest, f: &RoutingFields) -> Result<()> {
    let mut fields = ivr_domain::error::FieldErrors::default();
    if f.routing_id != req.routing_id {
        fields.push(
            "routingEntry.routingId",
            format!("must be the new flow's RoutingId {}", req.routing_id),
        );
    }
    if f.init_segment != req.entry.name {
        fields.push(
            "routingEntry.initSegment",
            format!("must be the entry segment {}", req.entry.name),
        );
    }
    fields.into_result("the routing entry of the new flow")
}

// ------------------------------------------------------------------ copy, paste, duplicate

/// Segments of any state of a flow to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyRequest {
    pub from: FlowRef,
    pub segments: Vec<String>,
}

/// The clipboard text of a copy (a flow fragment: the segments with their configuration,
/// transitions and canvas state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyResult {
    pub text: String,
    pub segments: usize,
}

/// A canvas point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Paste clipboard text into a draft (the one it was copied from or another), as one batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PasteRequest {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    /// As in [`EditDraftRequest`].
    #[serde(default)]
    pub revision: Option<String>,
    /// What the clipboard holds (from `flow_copy`); any other text is refused (VALIDATION).
    pub text: String,
    /// Where the fragment's top-left segment goes; `null`: 40 right and below where it was.
    #[serde(default)]
    pub at: Option<Point>,
}

/// Duplicate segments of a draft within it, as one batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuplicateRequest {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub change_set_id: Uuid,
    #[serde(default)]
    pub revision: Option<String>,
    pub segments: Vec<String>,
    /// Shift of the copies; `null`: 40 right and below.
    #[serde(default)]
    pub offset: Option<Point>,
}

/// What a paste or duplicate did: the batch result, the operations it applied (the redo) and the
/// name each copied segment got.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PasteResult {
    pub edit: EditDraftResult,
    pub ops: Vec<EditOp>,
    /// Copied name → name in the draft (made unique).
    pub names: BTreeMap<String, String>,
}

/// The default shift of a paste in place or a duplicate.
const PASTE_SHIFT: f64 = 40.0;

/// Copies segments of any state of a flow (two or three statements, nothing written).
pub async fn copy(db: &Db, req: &CopyRequest) -> Result<CopyResult> {
    let (flow, _) = flow::load(db, &req.from).await?;
    let f = fragment::copy(&flow, &req.segments)?;
    Ok(CopyResult {
        segments: f.segments.len(),
        text: f.to_text(),
    })
}

/// Pastes clipboard text into a draft: one batch of `restore_segment` operations, names made
/// unique, transitions between pasted segments kept (see `ivr_domain::flow::fragment`).
pub async fn paste(w: &Writable<'_>, req: &PasteRequest) -> Result<PasteResult> {
    let f = Fragment::parse(&req.text)?;
    let target = flow::show_draft(w.db(), req.change_set_id)
        .await?
        .graph
        .flow;
    let (offset, origin) = match req.at {
        Some(p) => (fragment::offset_to(&f, (p.x, p.y)), (p.x, p.y)),
        None => ((PASTE_SHIFT, PASTE_SHIFT), (PASTE_SHIFT, PASTE_SHIFT)),
    };
    let p = fragment::paste(&target, &f, offset, origin);
    apply_paste(w, req.change_set_id, req.revision.as_deref(), p).await
}

/// Duplicates segments of a draft within it (copy and paste in one batch).
pub async fn duplicate(w: &Writable<'_>, req: &DuplicateRequest) -> Result<PasteResult> {
    let target = flow::show_draft(w.db(), req.change_set_id)
        .await?
        .graph
        .flow;
    let f = fragment::copy(&target, &req.segments)?;
    let shift = req
        .offset
        .map_or((PASTE_SHIFT, PASTE_SHIFT), |p| (p.x, p.y));
    let p = fragment::paste(&target, &f, shift, shift);
    apply_paste(w, req.change_set_id, req.revision.as_deref(), p).await
}

async fn apply_paste(
    w: &Writable<'_>,
    change_set_id: Uuid,
    revision: Option<&str>,
    p: fragment::Paste,
) -> Result<PasteResult> {
    let edit = edit_draft(
        w,
        &EditDraftRequest {
            change_set_id,
            revision: revision.map(str::to_owned),
            ops: p.ops.clone(),
        },
    )
    .await?;
    Ok(PasteResult {
        edit,
        ops: p.ops,
        names: p.names,
    })
}

// ------------------------------------------------------------------ auto-layout

/// Lay out a flow or a selection of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutRequest {
    pub flow: FlowRef,
    /// Only these segments (kept where their top-left corner is); `null`: the whole flow.
    #[serde(default)]
    pub segments: Option<Vec<String>>,
    #[serde(default)]
    pub options: LayoutOptions,
}

/// Positions for a flow or a selection (nothing is written: apply them as one batch of `move`
/// operations, which makes the layout one undoable gesture). The entry segments (routing entries'
/// InitSegment) start the first layer.
pub async fn layout(db: &Db, req: &LayoutRequest) -> Result<Layout> {
    let v = view(db, &req.flow).await?;
    let entries: Vec<String> = v
        .graph
        .entries
        .iter()
        .map(|e| e.init_segment.clone())
        .collect();
    if let Some(names) = &req.segments {
        if let Some(missing) = names.iter().find(|n| v.graph.flow.segment(n).is_none()) {
            return Err(Error::not_found(format!(
                "segment {missing:?} does not exist in this flow"
            ))
            .with_detail(ErrorDetail {
                segment: Some(missing.clone()),
                ..Default::default()
            }));
        }
    }
    check_layout_options(&req.options)?;
    Ok(layout::layout(
        &v.graph.flow,
        &entries,
        req.segments.as_deref(),
        &req.options,
    ))
}

fn check_layout_options(o: &LayoutOptions) -> Result<()> {
    let mut fields = ivr_domain::error::FieldErrors::default();
    for (name, v, min) in [
        ("nodeWidth", o.node_width, 1.0),
        ("nodeHeight", o.node_height, 1.0),
        ("layerGap", o.layer_gap, 0.0),
        ("nodeGap", o.node_gap, 0.0),
    ] {
        if !v.is_finite() || v < min || v > 10_000.0 {
            fields.push(
                format!("options.{name}"),
                format!("must be a number from {min} to 10000"),
            );
        }
    }
    fields.into_result("the layout options")
}
