//! Routing table use cases: list, get, create, update, soft delete, history, restore.
//!
//! Each write takes the [`Writable`] capability (so a locked environment cannot write), validates,
//! and runs in ONE transaction it opens here: the reference check, the stale-row check, the row
//! with its history version, and the audit row. `ivr_store::routing` only runs the SQL.

use crate::environment::Writable;
use ivr_domain::routing::{
    duplicate_source_error, stale_error, RoutingAction, RoutingAudit, RoutingEntry, RoutingFields,
    RoutingHistoryItem, RoutingListItem, RoutingSaved, RoutingSort, RoutingTargets, SegmentChoices,
    ENTITY_TYPE,
};
use ivr_domain::{Error, JsonText, Result};
use ivr_store::routing as store;
use ivr_store::{row_version_param, Conn, Db};
use serde::{Deserialize, Serialize};

use ivr_domain::Page;
pub use ivr_store::routing::RoutingFilter;

/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
/// The largest page a caller gets.
pub const MAX_PAGE_SIZE: i64 = 1000;

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
    /// Server-side order on an indexed column; SourceId ascending when none is given.
    #[serde(default)]
    pub sort: Option<RoutingSort>,
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

/// Changes some fields of the active entry for a SourceId: what is not given stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchRoutingRequest {
    /// The entry's current SourceId.
    pub source_id: String,
    /// The `rowVersion` the change is based on; without one, the version read just before the
    /// change (so only a change made in between is CONFLICT).
    #[serde(default)]
    pub row_version: Option<String>,
    #[serde(default)]
    pub patch: RoutingPatch,
}

/// The fields a partial update changes; `None` keeps a field. The optional fields take
/// `Some(None)` to clear them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingPatch {
    #[serde(default)]
    pub source_id: Option<String>,
    #[serde(default)]
    pub routing_id: Option<String>,
    #[serde(default)]
    pub company_project_id: Option<i64>,
    #[serde(default)]
    pub message_store_id: Option<Option<i64>>,
    #[serde(default)]
    pub language_code: Option<String>,
    #[serde(default)]
    pub init_segment: Option<String>,
    #[serde(default)]
    pub config: Option<Option<JsonText>>,
    #[serde(default)]
    pub feature_flags: Option<Option<JsonText>>,
}

impl RoutingPatch {
    /// `fields` with this patch applied.
    pub fn apply(&self, fields: RoutingFields) -> RoutingFields {
        let p = self.clone();
        RoutingFields {
            source_id: p.source_id.unwrap_or(fields.source_id),
            routing_id: p.routing_id.unwrap_or(fields.routing_id),
            company_project_id: p.company_project_id.unwrap_or(fields.company_project_id),
            message_store_id: p.message_store_id.unwrap_or(fields.message_store_id),
            language_code: p.language_code.unwrap_or(fields.language_code),
            init_segment: p.init_segment.unwrap_or(fields.init_segment),
            config: p.config.unwrap_or(fields.config),
            feature_flags: p.feature_flags.unwrap_or(fields.feature_flags),
        }
    }
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

pub async fn list(db: &Db, req: &ListRoutingRequest) -> Result<Page<RoutingListItem>> {
    let filter = RoutingFilter {
        search: req.search.clone().filter(|s| !s.trim().is_empty()),
        company_project_id: req.company_project_id,
        include_inactive: req.include_inactive,
        sort: req.sort.unwrap_or_default(),
    };
    let page = store::list(
        db,
        &filter,
        req.offset.unwrap_or(0).max(0),
        req.limit
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, MAX_PAGE_SIZE),
    )
    .await?;
    Ok(page.map(|(mut item, targets)| {
        item.warnings = targets.warnings(&item.entry.fields());
        item
    }))
}

/// The first segments an entry of flow `routing_id` can start at (published, and only-in-a-draft),
/// for the editor's picker; `flowExists` false says a new flow will have to be created.
pub async fn segment_choices(db: &Db, routing_id: &str) -> Result<SegmentChoices> {
    store::segment_choices(db, routing_id.trim()).await
}

pub async fn get(db: &Db, req: &GetRoutingRequest) -> Result<RoutingEntry> {
    let source_id = &req.source_id;
    store::get_by_source(db, source_id, req.include_inactive)
        .await?
        .ok_or_else(|| {
            Error::not_found(format!(
                "no routing entry with SourceId `{source_id}`; check the SourceId"
            ))
        })
}

/// The entry for a SourceId when one exists (active or deleted): what the demo data checks.
pub(crate) async fn find_by_source(db: &Db, source_id: &str) -> Result<Option<RoutingEntry>> {
    store::get_by_source(db, source_id, true).await
}

fn not_found_id(id: i64) -> Error {
    Error::not_found(format!("no routing entry with id {id}"))
}

fn no_version(id: i64, version: i64) -> Error {
    Error::not_found(format!(
        "routing entry {id} has no version {version}; see its history for the versions it has"
    ))
}

/// A row version that is not one is bad input (VALIDATION), found before any transaction.
fn row_version(db: &Db, token: &str) -> Result<ivr_store::Value> {
    row_version_param(db.engine(), token)
}

/// The write token of `current` when the row version the caller read (`expected`, if given) is
/// still current; CONFLICT carrying the current row when it is not. None given: no check.
fn fresh_token(
    w: &Writable<'_>,
    expected: Option<&str>,
    current: &RoutingEntry,
) -> Result<ivr_store::Value> {
    if expected.is_some_and(|v| v != current.row_version) {
        return Err(stale_error(current));
    }
    row_version(w.db(), &current.row_version)
}

/// Creates an entry: row + history v1 + audit, one transaction. Saved with a warning (not refused)
/// when its flow or first segment does not exist.
pub async fn create(w: &Writable<'_>, fields: &RoutingFields) -> Result<RoutingSaved> {
    fields.validate()?;
    w.db()
        .transaction(async |c| {
            let (entry, targets) = create_checked(c, w, fields).await?;
            Ok(saved(entry, targets, fields))
        })
        .await
}

fn saved(entry: RoutingEntry, targets: RoutingTargets, fields: &RoutingFields) -> RoutingSaved {
    RoutingSaved {
        warnings: targets.warnings(fields),
        entry,
    }
}

/// [`create`]'s work inside a transaction the caller owns (a new flow created with its entry):
/// reference check, row with history v1, audit row. `fields` are validated by the caller.
pub(crate) async fn create_on(
    c: &mut Conn,
    w: &Writable<'_>,
    fields: &RoutingFields,
) -> Result<RoutingEntry> {
    Ok(create_checked(c, w, fields).await?.0)
}

/// The entry created, and what its check found of the flow it points at.
async fn create_checked(
    c: &mut Conn,
    w: &Writable<'_>,
    fields: &RoutingFields,
) -> Result<(RoutingEntry, RoutingTargets)> {
    let (_, targets) = check_refs(c, fields, None).await?;
    let entry = store::insert(c, &w.actor().name, fields).await?;
    let after = entry.audit();
    audit_routing(
        c,
        w,
        entry.routing_table_id,
        RoutingAction::Created,
        None,
        &after,
    )
    .await?;
    Ok((entry, targets))
}

/// Updates an active entry if `row_version` is still current; a stale one is CONFLICT carrying
/// the current row. Saved with a warning when its flow or first segment does not exist.
pub async fn update(w: &Writable<'_>, req: &UpdateRoutingRequest) -> Result<RoutingSaved> {
    req.fields.validate()?;
    let token = row_version(w.db(), &req.row_version)?;
    let id = req.routing_table_id;
    w.db()
        .transaction(async |c| {
            let (current, targets) = check_refs(c, &req.fields, Some(id)).await?;
            let current = current.ok_or_else(|| not_found_id(id))?;
            if !current.is_active {
                return Err(Error::not_found(format!(
                    "routing entry `{}` is deleted; restore a version of it first",
                    current.source_id
                )));
            }
            if current.row_version != req.row_version {
                return Err(stale_error(&current));
            }
            let entry = write(c, w, id, &req.fields, true, token, RoutingAction::Updated).await?;
            let (before, after) = (current.audit(), entry.audit());
            audit_routing(c, w, id, RoutingAction::Updated, Some(&before), &after).await?;
            Ok(saved(entry, targets, &req.fields))
        })
        .await
}

/// Changes the fields a patch gives of the active entry for a SourceId (read, merged, then written
/// as [`update`] writes, with its stale-row check): the read is one statement more than `update`.
pub async fn patch(w: &Writable<'_>, req: &PatchRoutingRequest) -> Result<RoutingSaved> {
    let current = get(
        w.db(),
        &GetRoutingRequest {
            source_id: req.source_id.clone(),
            include_inactive: false,
        },
    )
    .await?;
    let fields = req.patch.apply(current.fields());
    update(
        w,
        &UpdateRoutingRequest {
            routing_table_id: current.routing_table_id,
            row_version: req.row_version.clone().unwrap_or(current.row_version),
            fields,
        },
    )
    .await
}

/// Soft delete (IsActive = 0), versioned and audited. Without a row version there is no
/// staleness check.
pub async fn delete(w: &Writable<'_>, req: &DeleteRoutingRequest) -> Result<RoutingEntry> {
    if let Some(v) = &req.row_version {
        row_version(w.db(), v)?;
    }
    let id = req.routing_table_id;
    w.db()
        .transaction(async |c| {
            let current = store::lock(c, id).await?.ok_or_else(|| not_found_id(id))?;
            if !current.is_active {
                return Err(Error::not_found(format!(
                    "routing entry `{}` is already deleted",
                    current.source_id
                )));
            }
            let token = fresh_token(w, req.row_version.as_deref(), &current)?;
            let fields = current.fields();
            let entry = write(c, w, id, &fields, false, token, RoutingAction::Deleted).await?;
            let (before, after) = (current.audit(), entry.audit());
            audit_routing(c, w, id, RoutingAction::Deleted, Some(&before), &after).await?;
            Ok(entry)
        })
        .await
}

/// Every version of an entry, newest first; publishes of its flow are events in between, without
/// the flow's snapshot (they are neither compared nor restored).
pub async fn history(db: &Db, routing_table_id: i64) -> Result<Vec<RoutingHistoryItem>> {
    store::history(db, routing_table_id).await
}

/// Restores a stored version as a NEW version (history is never rewritten); reactivates a deleted
/// row. The version's fields are validated as any edit before anything is written.
pub async fn restore(w: &Writable<'_>, req: &RestoreRoutingRequest) -> Result<RoutingSaved> {
    if let Some(v) = &req.row_version {
        row_version(w.db(), v)?;
    }
    let (id, version) = (req.routing_table_id, req.version_number);
    w.db()
        .transaction(async |c| {
            let h = store::history_version(c, id, version)
                .await?
                .ok_or_else(|| no_version(id, version))?;
            let fields = h.restorable_fields()?;
            fields.validate()?;
            let (current, targets) = check_refs(c, &fields, Some(id)).await?;
            let current = current.ok_or_else(|| not_found_id(id))?;
            let token = fresh_token(w, req.row_version.as_deref(), &current)?;
            let entry = write(c, w, id, &fields, true, token, RoutingAction::Restored).await?;
            let before = current.audit();
            let after = RoutingAudit {
                restored_from_version: Some(version),
                ..entry.audit()
            };
            audit_routing(c, w, id, RoutingAction::Restored, Some(&before), &after).await?;
            Ok(saved(entry, targets, &fields))
        })
        .await
}

/// Inside a write: the references must be usable and the SourceId free (as field errors, all at
/// once); returns the current row `id` (NOT_FOUND when it is given and does not exist) and what
/// was found of the flow the entry points at.
async fn check_refs(
    c: &mut Conn,
    fields: &RoutingFields,
    id: Option<i64>,
) -> Result<(Option<RoutingEntry>, RoutingTargets)> {
    let check = store::check(c, fields, id).await?;
    if let Some(id) = id {
        if check.current.is_none() {
            return Err(not_found_id(id));
        }
    }
    check.refs.into_result(fields)?;
    if check.source_taken {
        return Err(duplicate_source_error(&fields.source_id));
    }
    Ok((check.current, check.targets))
}

/// Writes the row if its version still matches: a version that no longer does is CONFLICT
/// carrying the current row.
async fn write(
    c: &mut Conn,
    w: &Writable<'_>,
    id: i64,
    fields: &RoutingFields,
    is_active: bool,
    token: ivr_store::Value,
    action: RoutingAction,
) -> Result<RoutingEntry> {
    let (changed, entry) = store::write(c, &w.actor().name, id, fields, is_active, token, action)
        .await?
        .ok_or_else(|| not_found_id(id))?;
    if !changed {
        return Err(stale_error(&entry));
    }
    Ok(entry)
}

/// The audit row of a routing change (inside the change's transaction).
async fn audit_routing(
    c: &mut Conn,
    w: &Writable<'_>,
    id: i64,
    action: RoutingAction,
    before: Option<&RoutingAudit>,
    after: &RoutingAudit,
) -> Result<()> {
    let id = id.to_string();
    crate::audit::record(c, w, ENTITY_TYPE, &id, action.as_str(), before, after).await
}
