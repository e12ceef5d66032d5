//! A draft's life besides its edits: opened from live, imported from a flow file, opened from an
//! earlier version (rollback), discarded.

use super::{
    audit, catalog, check_description, check_routing, draft_not_found, open_only, show_draft,
    version_flow, DraftDiscarded, DraftFromFlow, DraftOpened, FlowAction, FlowView,
};
use crate::environment::Writable;
use ivr_domain::flow::file;
use ivr_domain::flow::plan::ChangePlan;
use ivr_domain::flow::{Catalog, ChangeSetRow, Flow, Revision};
use ivr_domain::Result;
use ivr_store::segment;
use ivr_store::Db;
use uuid::Uuid;

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
