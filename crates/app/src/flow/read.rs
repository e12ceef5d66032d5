//! Reading flows: the list, a flow in any state (live, a draft, an earlier version), drafts,
//! versions, validation, diff and export.

use super::{catalog, check_routing, context, draft_not_found, view, FlowRef, FlowView};
use ivr_domain::flow::file::{self, FileSource};
use ivr_domain::flow::{
    diff as flow_diff, validate as flow_validate, Catalog, ChangeSetRow, Flow, FlowDiff,
    FlowSummary, FlowVersion, ValidationReport,
};
use ivr_domain::{Error, ErrorDetail, Remedy, Result};
use ivr_store::segment::{self, FlowLoad};
use ivr_store::Db;
use uuid::Uuid;

/// Every flow: published size, live version, open drafts, routing entries (one statement).
/// Every flow, including the ones only routing entries name: those are marked `missing` (they
/// are entries pointing at a flow that does not exist, not empty flows).
pub async fn list(db: &Db) -> Result<Vec<FlowSummary>> {
    let mut flows = segment::list_flows(db).await?;
    for f in &mut flows {
        f.missing = f.live_version == 0 && f.published_segments == 0 && f.open_drafts == 0;
    }
    Ok(flows)
}

/// The published flow (two statements). NOT_FOUND when nothing is known of the RoutingId.
pub async fn show(db: &Db, routing_id: &str) -> Result<FlowView> {
    let catalog = catalog(db).await?;
    Ok(view(load_live(db, routing_id).await?, &catalog))
}

/// The published flow's load (one statement); NOT_FOUND when nothing is known of the RoutingId.
pub(crate) async fn load_live(db: &Db, routing_id: &str) -> Result<FlowLoad> {
    check_routing(routing_id)?;
    let load = segment::load_published(db, routing_id).await?;
    if load.live_version == 0 && load.flow.segments.is_empty() && load.entries.is_empty() {
        return Err(Error::not_found(format!(
            "no flow {routing_id}: nothing is published and no routing entry uses it (its drafts, if any, are listed with the drafts)"
        ))
        .with_detail(ErrorDetail {
            routing_id: Some(routing_id.to_owned()),
            ..Default::default()
        })
        .with_remedy(Remedy::ListDrafts { routing_id: Some(routing_id.to_owned()) }));
    }
    Ok(load)
}

/// A draft (two statements).
pub async fn show_draft(db: &Db, change_set_id: Uuid) -> Result<FlowView> {
    let catalog = catalog(db).await?;
    Ok(view(load_draft(db, change_set_id).await?, &catalog))
}

/// A draft's load (one statement); NOT_FOUND when there is no such draft.
pub(crate) async fn load_draft(db: &Db, change_set_id: Uuid) -> Result<FlowLoad> {
    let mut conn = db.conn().await?;
    let load = segment::load_draft(&mut conn, change_set_id, false).await?;
    if load.change_set.is_none() {
        return Err(draft_not_found(change_set_id));
    }
    Ok(load)
}

/// Reads any state of a flow as a flow (plus the catalog it was read with).
pub async fn load(db: &Db, what: &FlowRef) -> Result<(Flow, Catalog)> {
    let catalog = catalog(db).await?;
    let flow = match what {
        FlowRef::Live { routing_id } => {
            check_routing(routing_id)?;
            segment::load_published(db, routing_id).await?.flow
        }
        FlowRef::Draft { change_set_id } => load_draft(db, *change_set_id).await?.flow,
        FlowRef::Version {
            routing_id,
            version,
        } => version_flow(db, &catalog, routing_id, *version).await?,
    };
    Ok((flow, catalog))
}

pub(crate) async fn version_flow(
    db: &Db,
    catalog: &Catalog,
    routing_id: &str,
    version: i32,
) -> Result<Flow> {
    check_routing(routing_id)?;
    let text = segment::snapshot(db, routing_id, version)
        .await?
        .ok_or_else(|| {
            Error::not_found(format!(
                "flow {routing_id} has no published version {version}; pick one of its versions"
            ))
            .with_detail(ErrorDetail {
                routing_id: Some(routing_id.to_owned()),
                version: Some(i64::from(version)),
                ..Default::default()
            })
            .with_remedy(Remedy::ListFlowVersions {
                routing_id: routing_id.to_owned(),
            })
        })?;
    let imported = file::import(&text, catalog).map_err(|mut e| {
        e.message = format!(
            "version {version} of flow {routing_id} no longer fits the segment-type dictionary: {}",
            e.message
        );
        e
    })?;
    Ok(imported.flow)
}

/// Drafts, newest first; only open ones unless `all`.
pub async fn drafts(db: &Db, routing_id: Option<&str>, all: bool) -> Result<Vec<ChangeSetRow>> {
    if let Some(r) = routing_id {
        check_routing(r)?;
    }
    segment::list_drafts(db, routing_id, if all { None } else { Some("open") }).await
}

/// Published versions of a flow, newest first.
pub async fn versions(db: &Db, routing_id: &str) -> Result<Vec<FlowVersion>> {
    check_routing(routing_id)?;
    segment::versions(db, routing_id).await
}

/// Validates any state of a flow against its routing entries and message store.
pub async fn validate(db: &Db, what: &FlowRef) -> Result<ValidationReport> {
    match what {
        FlowRef::Live { routing_id } => Ok(show(db, routing_id).await?.validation),
        FlowRef::Draft { change_set_id } => Ok(show_draft(db, *change_set_id).await?.validation),
        FlowRef::Version { routing_id, .. } => {
            let (flow, catalog) = load(db, what).await?;
            let surroundings = segment::load_published(db, routing_id).await?;
            Ok(flow_validate(&flow, &catalog, &context(&surroundings)))
        }
    }
}

/// Semantic diff from `from` to `to` (e.g. live → draft).
pub async fn diff(db: &Db, from: &FlowRef, to: &FlowRef) -> Result<FlowDiff> {
    let (a, _) = load(db, from).await?;
    let (b, _) = load(db, to).await?;
    Ok(flow_diff(&a, &b))
}

/// Exports any state of a flow as a flow file (deterministic text).
pub async fn export(db: &Db, what: &FlowRef) -> Result<String> {
    let (flow, catalog) = load(db, what).await?;
    let source = match what {
        FlowRef::Live { .. } => {
            let live = segment::load_published(db, &flow.routing_id)
                .await?
                .live_version;
            FileSource {
                kind: "published".into(),
                version: (live > 0).then_some(live.into()),
                change_set_id: None,
            }
        }
        FlowRef::Draft { change_set_id } => FileSource {
            kind: "draft".into(),
            version: None,
            change_set_id: Some(change_set_id.to_string()),
        },
        FlowRef::Version { version, .. } => FileSource {
            kind: "published".into(),
            version: Some((*version).into()),
            change_set_id: None,
        },
    };
    if flow.segments.is_empty() {
        if let FlowRef::Live { routing_id } = what {
            show(db, routing_id).await?;
        }
    }
    Ok(file::export(&flow, &catalog, Some(&source)))
}
