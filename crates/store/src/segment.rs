//! Segment store: flows (seg_Segment, seg_Key, seg_SegmentTransition, seg_SegmentUIState) and
//! their drafts (seg_ChangeSet). SQL only; the rules are in `ivr_domain::flow` and `ivr_app::flow`.
//!
//! Costs are fixed whatever the flow's size: a flow with everything validation needs loads in one
//! statement, the dictionary in one, an edit batch is written in one, a publish in one. Many rows
//! travel as one JSON-array parameter read with `OPENJSON` / `json_each`, and drafts are copied
//! with `INSERT … SELECT`.
//!
//! Flow versions: publishing the draft based on version N makes version N + 1, recorded on the
//! draft's own seg_ChangeSet row (Status `published`, BasedOnVersion N), so the live version is
//! `MAX(COALESCE(BasedOnVersion, 0) + 1)` over published change sets (0 = never published).
//! Each publish also writes an `rt_RoutingTableHistory` row (`published`, full flow snapshot) for
//! every active routing row of the flow; rollback reads those snapshots.
//!
//! On SQL Server every write transaction starts with an exclusive application lock on the flow
//! (`sp_getapplock`, owner = transaction), so two publishes, or a publish and an edit, of the same
//! flow queue up instead of interleaving; SQLite's `BEGIN IMMEDIATE` gives the same order.
//!
//! This file holds the loaded flow's type and the module's query list; the SQL texts are in
//! `text`, the functions that run them in `load` (a flow with its surroundings: published, a draft,
//! part of a draft), `read` (the dictionary, lists, versions, counts) and `write`; `rows` maps the
//! rows they share.

mod load;
mod read;
mod rows;
// `queries!` also declares an `ALL`; this module's own [`ALL`] below adds the two draft loaders.
#[allow(dead_code)]
mod text;
mod write;

pub use load::{load_draft, load_draft_part, load_published, load_published_in, DraftPart};
pub use read::{catalog_rows, counts, list_drafts, list_flows, snapshot, versions};
pub use text::{
    SEG_APPLY_PLAN, SEG_CATALOG, SEG_COUNTS, SEG_CREATE_DRAFT, SEG_DISCARD, SEG_LIST_DRAFTS,
    SEG_LIST_FLOWS, SEG_LOAD_DRAFT, SEG_LOAD_DRAFT_FOR_WRITE, SEG_LOAD_DRAFT_PART_FOR_WRITE,
    SEG_LOAD_PUBLISHED, SEG_LOCK_FLOW, SEG_PUBLISH, SEG_SNAPSHOT, SEG_VERSIONS,
};
pub use write::{apply_plan, create_draft, discard, lock_flow, publish};

use crate::sql::Query;
use ivr_domain::flow::{ChangeSetRow, EntryPoint, Flow};
use std::collections::BTreeSet;

/// A flow with what validation needs about its surroundings.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLoad {
    pub flow: Flow,
    /// Current published version of the flow (0 = never published).
    pub live_version: i32,
    /// The draft's metadata when a draft was loaded (None when it does not exist).
    pub change_set: Option<ChangeSetRow>,
    /// Active routing-table rows with this RoutingId.
    pub entries: Vec<EntryPoint>,
    /// Message keys of the flow's message store(s); `None` when the flow has no message store.
    pub message_keys: Option<BTreeSet<String>>,
}

/// Every query of this module.
pub const ALL: &[&Query] = &[
    &SEG_CATALOG,
    &SEG_LOAD_PUBLISHED,
    &SEG_LOCK_FLOW,
    &SEG_CREATE_DRAFT,
    &SEG_APPLY_PLAN,
    &SEG_DISCARD,
    &SEG_PUBLISH,
    &SEG_LIST_FLOWS,
    &SEG_LIST_DRAFTS,
    &SEG_VERSIONS,
    &SEG_SNAPSHOT,
    &SEG_COUNTS,
    &SEG_LOAD_DRAFT,
    &SEG_LOAD_DRAFT_FOR_WRITE,
    &SEG_LOAD_DRAFT_PART_FOR_WRITE,
];
