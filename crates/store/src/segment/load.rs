//! A flow with everything validation needs, in one statement: published, a draft, or the part of
//! a draft a batch names.

use super::rows::{read_change_set, read_entries, read_flow, read_live, read_message_keys};
use super::{
    FlowLoad, SEG_LOAD_DRAFT, SEG_LOAD_DRAFT_FOR_WRITE, SEG_LOAD_DRAFT_PART_FOR_WRITE,
    SEG_LOAD_PUBLISHED,
};
use crate::db::{Conn, Db};
use crate::util::take_sets;
use crate::value::Value;
use ivr_domain::flow::{ChangeSetRow, Flow};
use ivr_domain::{Error, Result};
use uuid::Uuid;

/// The published flow of `routing_id` and its surroundings (one statement).
pub async fn load_published(db: &Db, routing_id: &str) -> Result<FlowLoad> {
    load_published_with(&mut db.conn().await?, routing_id).await
}

/// The published flow, read on `conn` (e.g. inside a publish transaction); one statement.
pub async fn load_published_in(conn: &mut Conn, routing_id: &str) -> Result<Flow> {
    Ok(load_published_with(conn, routing_id).await?.flow)
}

async fn load_published_with(conn: &mut Conn, routing_id: &str) -> Result<FlowLoad> {
    let sets = conn
        .query_sets(&SEG_LOAD_PUBLISHED, &[routing_id.into()])
        .await?;
    let [segs, keys, trans, ui, live, entries, stores, mkeys] = take_sets::<8>(sets, "flow")?;
    Ok(FlowLoad {
        flow: read_flow(routing_id, &segs, &keys, &trans, &ui)?,
        live_version: read_live(&live)?,
        change_set: None,
        entries: read_entries(&entries)?,
        message_keys: read_message_keys(&stores, &mkeys)?,
    })
}

/// A draft (one statement); `change_set` is None when no such draft exists. With `for_write`
/// (inside a transaction) it first takes the flow's write lock.
pub async fn load_draft(conn: &mut Conn, change_set_id: Uuid, for_write: bool) -> Result<FlowLoad> {
    let q = if for_write {
        &SEG_LOAD_DRAFT_FOR_WRITE
    } else {
        &SEG_LOAD_DRAFT
    };
    let sets = conn.query_sets(q, &[Value::Uuid(change_set_id)]).await?;
    let [segs, keys, trans, ui, live, entries, stores, mkeys, header] =
        take_sets::<9>(sets, "draft")?;
    let change_set = header.first().map(read_change_set).transpose()?;
    let routing_id = change_set
        .as_ref()
        .map(|c| c.routing_id.clone())
        .unwrap_or_default();
    Ok(FlowLoad {
        flow: read_flow(&routing_id, &segs, &keys, &trans, &ui)?,
        live_version: read_live(&live)?,
        change_set,
        entries: read_entries(&entries)?,
        message_keys: read_message_keys(&stores, &mkeys)?,
    })
}

/// Part of a draft: the segments of `names` that exist in it (on SQL Server, whose names compare
/// ignoring case, also those whose name differs from one of `names` only in case).
#[derive(Debug, Clone, PartialEq)]
pub struct DraftPart {
    /// The draft's metadata (None when no such draft exists).
    pub change_set: Option<ChangeSetRow>,
    /// The draft's stored revision sum (`ivr_domain::flow::Revision::sum_text`); None when it is
    /// not known (a draft from before the revision was kept).
    pub revision_sum: Option<String>,
    /// The flow holding only those segments.
    pub flow: Flow,
}

/// Part of a draft (see [`DraftPart`]), one statement, first taking the flow's write lock
/// (inside a transaction).
pub async fn load_draft_part(
    conn: &mut Conn,
    change_set_id: Uuid,
    names: &[String],
) -> Result<DraftPart> {
    let names = serde_json::to_string(names)
        .map_err(|e| Error::internal(format!("cannot encode segment names: {e}")))?;
    let sets = conn
        .query_sets(
            &SEG_LOAD_DRAFT_PART_FOR_WRITE,
            &[Value::Uuid(change_set_id), Value::Text(names)],
        )
        .await?;
    let [header, segs, keys, trans, ui] = take_sets::<5>(sets, "draft part")?;
    let change_set = header.first().map(read_change_set).transpose()?;
    let revision_sum = header
        .first()
        .map(|r| r.opt_str("RevisionSum"))
        .transpose()?
        .flatten();
    let routing_id = change_set
        .as_ref()
        .map(|c| c.routing_id.clone())
        .unwrap_or_default();
    Ok(DraftPart {
        flow: read_flow(&routing_id, &segs, &keys, &trans, &ui)?,
        change_set,
        revision_sum,
    })
}
