//! `ivr flow list`, `show`, `export`, `validate`, `diff`, `drafts` and `versions`: reading flows.

use super::text::{diff_text, report_text, show_text};
use super::{file_reply, Which};
use crate::cmd::Reply;
use ivr_app::flow::{self, FlowRef};
use ivr_app::Db;
use ivr_domain::{Error, Result};
use std::fmt::Write as _;
use uuid::Uuid;

pub(super) async fn list(db: &Db) -> Result<Reply> {
    let flows = flow::list(db).await?;
    let mut t = String::new();
    for f in &flows {
        let entries: Vec<String> = f
            .entries
            .iter()
            .map(|e| format!("{} → {}", e.source_id, e.init_segment))
            .collect();
        if f.missing {
            let _ = writeln!(
                t,
                "{}  MISSING: no such flow, yet routing entries point at it: {}",
                f.routing_id,
                entries.join(", ")
            );
            continue;
        }
        let _ = writeln!(
            t,
            "{}  v{}  {} segment(s)  {} open draft(s)  {}",
            f.routing_id,
            f.live_version,
            f.published_segments,
            f.open_drafts,
            entries.join(", ")
        );
    }
    if flows.is_empty() {
        t.push_str("no flows");
    }
    Ok(Reply::new(&flows, t))
}

pub(super) async fn show(db: &Db, which: &Which) -> Result<Reply> {
    let view = ivr_app::designer::view(db, &which.flow_ref()?).await?;
    let text = show_text(&view);
    Ok(Reply::new(&view, text))
}

pub(super) async fn export(
    db: &Db,
    which: &Which,
    output: Option<std::path::PathBuf>,
) -> Result<Reply> {
    let text = flow::export(db, &which.flow_ref()?).await?;
    file_reply(output, text).await
}

pub(super) async fn validate(db: &Db, which: &Which) -> Result<Reply> {
    let report = flow::validate(db, &which.flow_ref()?).await?;
    let t = report_text(&report);
    Ok(Reply::new(&report, t))
}

pub(super) async fn diff(
    db: &Db,
    routing_id: Option<String>,
    draft: Option<Uuid>,
    from_version: Option<i32>,
    to_version: Option<i32>,
) -> Result<Reply> {
    let need = || {
        routing_id.clone().ok_or_else(|| {
            Error::validation("name the flow (its RoutingId) to compare versions or live")
        })
    };
    let from = match from_version {
        Some(v) => FlowRef::Version {
            routing_id: need()?,
            version: v,
        },
        None => match (&routing_id, draft) {
            (Some(r), _) => FlowRef::Live {
                routing_id: r.clone(),
            },
            (None, Some(id)) => {
                let d = flow::show_draft(db, id).await?;
                FlowRef::Live {
                    routing_id: d.graph.routing_id,
                }
            }
            (None, None) => return Err(Error::validation("name the flow or a draft to compare")),
        },
    };
    let to = match (draft, to_version) {
        (Some(id), _) => FlowRef::Draft { change_set_id: id },
        (None, Some(v)) => FlowRef::Version {
            routing_id: need()?,
            version: v,
        },
        (None, None) => {
            return Err(Error::validation(
                "say what to compare with: --draft CHANGE_SET_ID or --to-version N",
            ))
        }
    };
    let d = flow::diff(db, &from, &to).await?;
    let t = diff_text(&d);
    Ok(Reply::new(&d, t))
}

pub(super) async fn drafts(db: &Db, routing_id: Option<&str>, all: bool) -> Result<Reply> {
    let list = flow::drafts(db, routing_id, all).await?;
    let mut t = String::new();
    for d in &list {
        let _ = writeln!(
            t,
            "{}  {}  {}  based on v{}  by {} at {}{}",
            d.change_set_id,
            d.routing_id,
            d.status,
            d.based_on_version.unwrap_or(0),
            d.created_by,
            d.created_at,
            d.description
                .as_deref()
                .map(|s| format!("  — {s}"))
                .unwrap_or_default()
        );
    }
    if list.is_empty() {
        t.push_str("no drafts");
    }
    Ok(Reply::new(&list, t))
}

pub(super) async fn versions(db: &Db, routing_id: &str) -> Result<Reply> {
    let list = flow::versions(db, routing_id).await?;
    let mut t = String::new();
    for v in &list {
        let _ = writeln!(
            t,
            "v{}  {}  by {}  draft {}{}",
            v.version,
            v.published_at.as_deref().unwrap_or("?"),
            v.published_by.as_deref().unwrap_or("?"),
            v.change_set_id,
            v.description
                .as_deref()
                .map(|s| format!("  — {s}"))
                .unwrap_or_default()
        );
    }
    if list.is_empty() {
        t.push_str("never published");
    }
    Ok(Reply::new(&list, t))
}
