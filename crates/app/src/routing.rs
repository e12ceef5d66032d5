//! Routing table use cases: list, get, create, update, soft delete, history, restore.
//! Writes refuse with READ_ONLY on a locked environment and are validated, versioned and audited.

use crate::OpenEnvironment;
use ivr_domain::routing::{RoutingEntry, RoutingFields, RoutingHistoryEntry};
use ivr_domain::Result;
use ivr_store::audit::Actor;
use ivr_store::routing as store;
use serde::{Deserialize, Serialize};

pub use ivr_store::routing::{RoutingFilter, RoutingListItem, RoutingPage};

/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListRoutingRequest {
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub company_project_id: Option<i64>,
    #[serde(default)]
    pub include_inactive: bool,
    #[serde(default)]
    pub offset: Option<i64>,
    #[serde(default)]
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GetRoutingRequest {
    pub source_id: String,
    /// Also return the latest deleted entry when no active one has this SourceId.
    #[serde(default)]
    pub include_inactive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateRoutingRequest {
    pub routing_table_id: i64,
    /// The `rowVersion` read with the entry; a stale one is CONFLICT carrying the current row.
    pub row_version: String,
    #[serde(flatten)]
    pub fields: RoutingFields,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeleteRoutingRequest {
    pub routing_table_id: i64,
    /// When given, the delete is refused (CONFLICT) if the entry changed since it was read.
    #[serde(default)]
    pub row_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RestoreRoutingRequest {
    pub routing_table_id: i64,
    pub version_number: i64,
    #[serde(default)]
    pub row_version: Option<String>,
}

/// The audit actor of an open environment.
pub fn actor(env: &OpenEnvironment) -> Actor {
    Actor::new(env.actor.clone(), env.name())
}

pub async fn list(env: &OpenEnvironment, req: &ListRoutingRequest) -> Result<RoutingPage> {
    let filter = RoutingFilter {
        search: req.search.clone().filter(|s| !s.trim().is_empty()),
        company_project_id: req.company_project_id,
        include_inactive: req.include_inactive,
    };
    store::list(
        &env.db,
        &filter,
        req.offset.unwrap_or(0),
        req.limit.unwrap_or(DEFAULT_PAGE_SIZE),
    )
    .await
}

pub async fn get(env: &OpenEnvironment, req: &GetRoutingRequest) -> Result<RoutingEntry> {
    store::get_by_source(&env.db, &req.source_id, req.include_inactive).await
}

pub async fn create(env: &OpenEnvironment, fields: &RoutingFields) -> Result<RoutingEntry> {
    env.check_writable()?;
    create_in(&env.db, &actor(env), fields).await
}

/// Create without an environment handle (the demo data uses it on the local database).
pub async fn create_in(
    db: &ivr_store::Db,
    actor: &Actor,
    fields: &RoutingFields,
) -> Result<RoutingEntry> {
    fields.validate()?;
    store::create(db, actor, fields).await
}

pub async fn update(env: &OpenEnvironment, req: &UpdateRoutingRequest) -> Result<RoutingEntry> {
    env.check_writable()?;
    req.fields.validate()?;
    store::update(
        &env.db,
        &actor(env),
        req.routing_table_id,
        &req.row_version,
        &req.fields,
    )
    .await
}

pub async fn delete(env: &OpenEnvironment, req: &DeleteRoutingRequest) -> Result<RoutingEntry> {
    env.check_writable()?;
    store::delete(
        &env.db,
        &actor(env),
        req.routing_table_id,
        req.row_version.as_deref(),
    )
    .await
}

pub async fn history(
    env: &OpenEnvironment,
    routing_table_id: i64,
) -> Result<Vec<RoutingHistoryEntry>> {
    store::history(&env.db, routing_table_id).await
}

pub async fn restore(env: &OpenEnvironment, req: &RestoreRoutingRequest) -> Result<RoutingEntry> {
    env.check_writable()?;
    store::restore(
        &env.db,
        &actor(env),
        req.routing_table_id,
        req.version_number,
        req.row_version.as_deref(),
        RoutingFields::validate,
    )
    .await
}
