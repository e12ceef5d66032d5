//! Writes on a flow, each one statement inside the use case's transaction: the flow's lock, a new
//! draft, an edit batch, a discard, a publish.

use super::rows::read_live;
use super::{SEG_APPLY_PLAN, SEG_CREATE_DRAFT, SEG_DISCARD, SEG_LOCK_FLOW, SEG_PUBLISH};
use crate::db::Conn;
use crate::value::Value;
use ivr_domain::flow::plan::ChangePlan;
use ivr_domain::{Error, Result};
use serde::Serialize;
use uuid::Uuid;

/// Takes the flow's write lock and returns its live version (inside a transaction).
pub async fn lock_flow(conn: &mut Conn, routing_id: &str) -> Result<i32> {
    let rows = conn.query(&SEG_LOCK_FLOW, &[routing_id.into()]).await?;
    read_live(&rows)
}

/// Inserts a draft's seg_ChangeSet row and, with `copy_published`, a copy of the published rows.
pub async fn create_draft(
    conn: &mut Conn,
    change_set_id: Uuid,
    routing_id: &str,
    based_on_version: Option<i32>,
    description: Option<&str>,
    user: &str,
    copy_published: bool,
) -> Result<()> {
    conn.execute(
        &SEG_CREATE_DRAFT,
        &[
            Value::Uuid(change_set_id),
            routing_id.into(),
            based_on_version.into(),
            description.into(),
            user.into(),
            Value::Int(i64::from(copy_published)),
        ],
    )
    .await?;
    Ok(())
}

/// Writes a change plan into a draft with the draft's revision sum after it (one statement).
pub async fn apply_plan(
    conn: &mut Conn,
    routing_id: &str,
    change_set_id: Uuid,
    user: &str,
    plan: &ChangePlan,
    revision_sum: &str,
) -> Result<()> {
    fn json<T: Serialize>(v: &T) -> Result<Value> {
        serde_json::to_string(v)
            .map(Value::Text)
            .map_err(|e| Error::internal(format!("cannot encode a change plan: {e}")))
    }
    conn.execute(
        &SEG_APPLY_PLAN,
        &[
            routing_id.into(),
            Value::Uuid(change_set_id),
            user.into(),
            json(&plan.clear_keys)?,
            json(&plan.clear_transitions)?,
            json(&plan.clear_ui)?,
            json(&plan.delete_segments)?,
            json(&plan.update_segments)?,
            json(&plan.insert_segments)?,
            json(&plan.insert_keys)?,
            json(&plan.insert_transitions)?,
            json(&plan.insert_ui)?,
            revision_sum.into(),
        ],
    )
    .await?;
    Ok(())
}

/// Deletes a draft's rows and marks it discarded (one statement).
pub async fn discard(
    conn: &mut Conn,
    routing_id: &str,
    change_set_id: Uuid,
    user: &str,
) -> Result<()> {
    conn.execute(
        &SEG_DISCARD,
        &[routing_id.into(), Value::Uuid(change_set_id), user.into()],
    )
    .await?;
    Ok(())
}

/// Publishes a draft (one statement), keeping the revision sum of what it publishes; the caller
/// holds the lock and has checked the version.
pub async fn publish(
    conn: &mut Conn,
    routing_id: &str,
    change_set_id: Uuid,
    user: &str,
    snapshot: &str,
    revision_sum: &str,
) -> Result<()> {
    conn.execute(
        &SEG_PUBLISH,
        &[
            routing_id.into(),
            Value::Uuid(change_set_id),
            user.into(),
            snapshot.into(),
            revision_sum.into(),
        ],
    )
    .await?;
    Ok(())
}
