//! `ivr routing list`, `get` and `history`: reading the routing table.

use super::text::{entry_text, history_text, state_text};
use super::{entry_id, ListArgs, SortBy};
use crate::cmd::{table, Reply};
use ivr_app::routing::{self as app, GetRoutingRequest, ListRoutingRequest};
use ivr_app::Db;
use ivr_domain::routing::{RoutingSort, RoutingSortColumn};
use ivr_domain::Result;

pub(super) async fn list(db: &Db, a: ListArgs) -> Result<Reply> {
    let ListArgs {
        search,
        company_project,
        all,
        sort,
        desc,
        offset,
        limit,
    } = a;
    let column = match sort {
        SortBy::SourceId => RoutingSortColumn::SourceId,
        SortBy::RoutingId => RoutingSortColumn::RoutingId,
    };
    let page = app::list(
        db,
        &ListRoutingRequest {
            search,
            company_project_id: company_project,
            include_inactive: all,
            sort: Some(RoutingSort {
                column,
                descending: desc,
            }),
            offset: Some(offset),
            limit: Some(limit),
        },
    )
    .await?;
    let text = table::page(
        &[
            "SOURCE ID",
            "ROUTING ID",
            "INIT SEGMENT",
            "LANGUAGE",
            "PROJECT",
            "",
        ],
        &page.items,
        |i| {
            vec![
                i.entry.source_id.clone(),
                i.entry.routing_id.clone(),
                i.entry.init_segment.clone(),
                i.entry.language_code.clone(),
                format!("{}/{}", i.customer_id, i.project_id),
                state_text(i),
            ]
        },
        page.offset,
        page.total,
    );
    Ok(Reply::new(&page, text))
}

pub(super) async fn get(db: &Db, source_id: String, include_deleted: bool) -> Result<Reply> {
    let e = app::get(
        db,
        &GetRoutingRequest {
            source_id,
            include_inactive: include_deleted,
        },
    )
    .await?;
    Ok(Reply::new(&e, entry_text(&e)))
}

pub(super) async fn history(db: &Db, source_id: String) -> Result<Reply> {
    let id = entry_id(db, source_id, true).await?;
    let h = app::history(db, id).await?;
    Ok(Reply::new(&h, history_text(&h)))
}
