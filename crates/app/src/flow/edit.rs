//! A batch of edit operations on a draft: all or nothing, in one transaction, on the part of the
//! draft it names when that is enough, else on the whole draft.

use super::{
    audit, catalog, check_revision, open_only, show_draft, view, DraftEdited, FlowAction, FlowView,
};
use crate::environment::Writable;
use ivr_domain::flow::plan::ChangePlan;
use ivr_domain::flow::{undo, Catalog, EditOp, Revision, Segment};
use ivr_domain::Result;
use ivr_store::segment::{self, FlowLoad};
use ivr_store::Conn;
use uuid::Uuid;

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
