//! `ivr flow import`, `open`, `edit`, `create`, `rollback`, `publish` and `discard`:
//! writing drafts and publishing them.

use super::text::{diff_text, report_text};
use crate::cmd::Reply;
use ivr_app::designer;
use ivr_app::flow;
use ivr_app::OpenEnvironment;
use ivr_domain::flow::EditOp;
use ivr_domain::{Error, ErrorDetail, Result};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Read;
use uuid::Uuid;

/// The `--json` answer of `flow discard`.
#[derive(Serialize)]
struct DraftDiscarded {
    discarded: Uuid,
}

fn read_input(path: &str) -> Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::validation(format!("cannot read standard input: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| Error::validation(format!("cannot read {path}: {e}")))
}

pub(super) async fn import(
    env: &OpenEnvironment,
    file: &str,
    routing_id: Option<&str>,
    description: Option<&str>,
) -> Result<Reply> {
    let text = read_input(file)?;
    let view = flow::import(&env.writable()?, &text, routing_id, description).await?;
    let id = view
        .graph
        .draft
        .as_ref()
        .map(|d| d.change_set_id.to_string())
        .unwrap_or_default();
    let t = format!(
        "imported {} segment(s) of {} as draft {id}\n{}",
        view.graph.flow.segments.len(),
        view.graph.routing_id,
        report_text(&view.validation)
    );
    Ok(Reply::new(&view, t))
}

pub(super) async fn publish(env: &OpenEnvironment, change_set_id: Uuid) -> Result<Reply> {
    let p = flow::publish(&env.writable()?, change_set_id).await?;
    let mut t = format!(
        "published {} version {} (draft {})\n{}",
        p.routing_id,
        p.version,
        p.change_set_id,
        diff_text(&p.diff)
    );
    for w in &p.warnings {
        let _ = write!(t, "\nwarning: {}", w.message);
    }
    Ok(Reply::new(&p, t))
}

pub(super) async fn discard(env: &OpenEnvironment, change_set_id: Uuid) -> Result<Reply> {
    flow::discard(&env.writable()?, change_set_id).await?;
    Ok(Reply::new(
        &DraftDiscarded {
            discarded: change_set_id,
        },
        format!("discarded draft {change_set_id}"),
    ))
}

pub(super) async fn rollback(
    env: &OpenEnvironment,
    routing_id: &str,
    version: i32,
    description: Option<&str>,
) -> Result<Reply> {
    let d = flow::rollback(&env.writable()?, routing_id, version, description).await?;
    let t = format!(
        "draft {} holds version {version} of {routing_id}; publish it with `ivr flow publish {}`",
        d.change_set_id, d.change_set_id
    );
    Ok(Reply::new(&d, t))
}

pub(super) async fn open(
    env: &OpenEnvironment,
    routing_id: &str,
    description: Option<&str>,
) -> Result<Reply> {
    let d = flow::open_draft(&env.writable()?, routing_id, description).await?;
    let t = format!(
        "opened draft {} of {routing_id} (based on version {})",
        d.change_set_id,
        d.based_on_version.unwrap_or(0)
    );
    Ok(Reply::new(&d, t))
}

pub(super) async fn edit(env: &OpenEnvironment, change_set_id: Uuid, ops: &str) -> Result<Reply> {
    let text = read_input(ops)?;
    let ops: Vec<EditOp> = serde_json::from_str(&text).map_err(|e| {
        Error::validation(format!(
            "the operations are not a JSON array of edit operations: {e}"
        ))
        .with_detail(ErrorDetail {
            line: Some(e.line()),
            column: Some(e.column()),
            ..Default::default()
        })
    })?;
    let view = flow::edit(&env.writable()?, change_set_id, &ops).await?;
    let t = format!(
        "applied {} operation(s); draft has {} segment(s)\n{}",
        ops.len(),
        view.graph.flow.segments.len(),
        report_text(&view.validation)
    );
    Ok(Reply::new(&view, t))
}

pub(super) async fn create(
    env: &OpenEnvironment,
    routing_id: String,
    entry: String,
    segment_type: String,
    config: Option<String>,
    description: Option<String>,
) -> Result<Reply> {
    let config = match config {
        None => Default::default(),
        Some(text) => match serde_json::from_str::<ivr_domain::RawMembers>(&text) {
            Ok(m) => m,
            Err(_) => {
                return Err(Error::validation(
                    "--config must be a JSON object of typed values, e.g. '{\"messageKey\": \"WELCOME\"}'",
                ))
            }
        },
    };
    let req = designer::CreateFlowRequest {
        routing_id,
        entry: designer::EntrySegment {
            name: entry,
            segment_type,
            config,
            ui: None,
        },
        description,
        routing_entry: None,
    };
    let created = designer::create_flow(&env.writable()?, &req).await?;
    let v = &created.view;
    let id = v.graph.draft.as_ref().map(|d| d.change_set_id.to_string());
    let t = format!(
        "created flow {} as draft {} with entry segment {}\n{}",
        v.graph.routing_id,
        id.unwrap_or_default(),
        req.entry.name,
        report_text(&v.validation)
    );
    Ok(Reply::new(&created, t))
}
