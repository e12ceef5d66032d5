//! `ivr audit list`: who changed what, when.

use super::table;
use super::{Ctx, Reply};
use clap::{Args, Subcommand};
use ivr_app::audit::{self as app, AuditSubject, ListAuditRequest};
use ivr_domain::Result;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Newest first, filtered and paged
    List {
        #[command(flatten)]
        filter: Filter,
        /// A routing entry's events by its SourceId
        #[arg(long, conflicts_with_all = ["message_key", "segment"])]
        source_id: Option<String>,
        /// A message's events by its key
        #[arg(long, conflicts_with_all = ["source_id", "segment"])]
        message_key: Option<String>,
        /// A segment's events: FLOW/SEGMENT (RoutingId and segment name)
        #[arg(long, value_name = "FLOW/SEGMENT")]
        segment: Option<String>,
        #[arg(long, default_value_t = 0)]
        offset: i64,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

/// What `audit list` filters on besides its subject.
#[derive(Args)]
pub struct Filter {
    /// routing, language, voice, company_project, environment, …
    #[arg(long)]
    entity_type: Option<String>,
    #[arg(long)]
    entity_id: Option<String>,
    #[arg(long)]
    actor: Option<String>,
    /// created, updated, deleted, restored, deactivated, …
    #[arg(long)]
    action: Option<String>,
    /// From this time, inclusive (2026-01-20 or 2026-01-20T10:00:00Z)
    #[arg(long)]
    from: Option<String>,
    /// Until this time, exclusive
    #[arg(long)]
    to: Option<String>,
}

pub async fn run(cmd: AuditCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    match cmd {
        AuditCommand::List {
            filter,
            source_id,
            message_key,
            segment,
            offset,
            limit,
        } => {
            let subject = match (source_id, message_key, segment) {
                (Some(source_id), _, _) => Some(AuditSubject::RoutingEntry { source_id }),
                (_, Some(key), _) => Some(AuditSubject::Message { key }),
                (_, _, Some(s)) => {
                    let (routing_id, segment) = s.split_once('/').ok_or_else(|| {
                        ivr_domain::Error::validation(
                            "--segment takes FLOW/SEGMENT, e.g. acme-care-main/main_menu",
                        )
                    })?;
                    Some(AuditSubject::Segment {
                        routing_id: routing_id.into(),
                        segment: segment.into(),
                    })
                }
                _ => None,
            };
            let page = app::list(
                &env.db,
                &ListAuditRequest {
                    entity_type: filter.entity_type,
                    entity_id: filter.entity_id,
                    actor: filter.actor,
                    action: filter.action,
                    from: filter.from,
                    to: filter.to,
                    subject,
                    offset: Some(offset),
                    limit: Some(limit),
                },
            )
            .await?;
            let text = table::page(
                &[
                    "WHEN (UTC)",
                    "ACTOR",
                    "ENV",
                    "ENTITY",
                    "NAME OR ID",
                    "ACTION",
                ],
                &page.items,
                |e| {
                    vec![
                        e.occurred_at.clone(),
                        e.actor.clone(),
                        e.environment.clone(),
                        e.entity_label.clone(),
                        e.entity_name.clone().unwrap_or_else(|| e.entity_id.clone()),
                        e.action.clone(),
                    ]
                },
                page.offset,
                page.total,
            );
            Ok(Reply::new(&page, text))
        }
    }
}
