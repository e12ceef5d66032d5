//! Reads without a flow's graph: the segment-type dictionary, the flow and draft lists, published
//! versions, snapshots and row counts (one statement each).

use super::rows::read_change_set;
use super::{SEG_CATALOG, SEG_COUNTS, SEG_LIST_DRAFTS, SEG_LIST_FLOWS, SEG_SNAPSHOT, SEG_VERSIONS};
use crate::db::Db;
use crate::util::take_sets;
use crate::value::Value;
use ivr_domain::flow::{
    ChangeSetRow, EntryPoint, FlowSummary, FlowVersion, KeyDef, KeyType, ResultRule, ResultSource,
    SegmentTypeDef,
};
use ivr_domain::{Error, Result};
use std::collections::HashMap;

/// The segment-type dictionary rows (one statement). Build an `ivr_domain::flow::Catalog` from them.
pub async fn catalog_rows(db: &Db) -> Result<Vec<SegmentTypeDef>> {
    let sets = db.query_sets(&SEG_CATALOG, &[]).await?;
    let [types, keys, results] = take_sets::<3>(sets, "segment-type dictionary")?;
    let mut out: Vec<SegmentTypeDef> = Vec::with_capacity(types.len());
    let mut index = HashMap::new();
    for r in &types {
        index.insert(r.i64("DicSegmentTypeId")?, out.len());
        out.push(SegmentTypeDef {
            id: r.i64("DicSegmentTypeId")?,
            code: r.str("Code")?,
            display_name: r.str("DisplayName")?,
            category: r.opt_str("Category")?,
            terminal: r.bool("IsTerminal")?,
            keys: Vec::new(),
            results: Vec::new(),
        });
    }
    for r in &keys {
        let Some(&i) = index.get(&r.i64("DicSegmentTypeId")?) else {
            continue;
        };
        let code = r.str("KeyType")?;
        let key_type = KeyType::from_code(&code).ok_or_else(|| {
            Error::internal(format!(
                "key {} has key type {code}, which this build does not know",
                r.str("KeyName").unwrap_or_default()
            ))
        })?;
        let schema = match r.opt_str("ValidationSchema")? {
            None => None,
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(serde_json::from_str(&s).map_err(|e| {
                Error::validation(format!(
                    "the ValidationSchema of key {} is not JSON: {e}",
                    r.str("KeyName").unwrap_or_default()
                ))
            })?),
        };
        out[i].keys.push(KeyDef::new(
            r.i64("DicKeyId")?,
            r.str("KeyName")?,
            key_type,
            r.bool("IsRequired")?,
            r.opt_str("DefaultValue")?,
            schema,
        ));
    }
    for r in &results {
        let Some(&i) = index.get(&r.i64("DicSegmentTypeId")?) else {
            continue;
        };
        let source = match (
            r.opt_str("ResultName")?,
            r.opt_str("ConfigKeyName")?,
            r.opt_str("ConfigField")?,
        ) {
            (Some(name), _, _) => ResultSource::Fixed { name },
            (None, Some(key), Some(field)) => ResultSource::Config { key, field },
            _ => {
                return Err(Error::internal(format!(
                    "a result of segment type {} names neither a result nor a configuration key",
                    out[i].code
                )))
            }
        };
        out[i].results.push(ResultRule {
            source,
            must_handle: r.bool("MustHandle")?,
            description: r.opt_str("Description")?,
        });
    }
    Ok(out)
}

/// Every flow known to the database (one statement).
pub async fn list_flows(db: &Db) -> Result<Vec<FlowSummary>> {
    let sets = db.query_sets(&SEG_LIST_FLOWS, &[]).await?;
    let [segs, changesets, entries] = take_sets::<3>(sets, "flow list")?;
    let mut map: std::collections::BTreeMap<String, FlowSummary> = Default::default();
    let entry = |map: &mut std::collections::BTreeMap<String, FlowSummary>, id: String| {
        map.entry(id.clone())
            .or_insert_with(|| FlowSummary {
                routing_id: id,
                published_segments: 0,
                live_version: 0,
                open_drafts: 0,
                entries: Vec::new(),
                missing: false,
            })
            .routing_id
            .clone()
    };
    for r in &segs {
        let id = entry(&mut map, r.str("RoutingId")?);
        if let Some(f) = map.get_mut(&id) {
            f.published_segments = r.i64("Segments")?;
        }
    }
    for r in &changesets {
        let id = entry(&mut map, r.str("RoutingId")?);
        if let Some(f) = map.get_mut(&id) {
            f.live_version = r.i32("LiveVersion")?;
            f.open_drafts = r.i64("OpenDrafts")?;
        }
    }
    for r in &entries {
        let id = entry(&mut map, r.str("RoutingId")?);
        if let Some(f) = map.get_mut(&id) {
            f.entries.push(EntryPoint {
                source_id: r.str("SourceId")?,
                init_segment: r.str("InitSegment")?,
            });
        }
    }
    Ok(map.into_values().collect())
}

/// Drafts, newest first, optionally of one flow and/or one status (one statement).
pub async fn list_drafts(
    db: &Db,
    routing_id: Option<&str>,
    status: Option<&str>,
) -> Result<Vec<ChangeSetRow>> {
    let rows = db
        .query(&SEG_LIST_DRAFTS, &[routing_id.into(), status.into()])
        .await?;
    rows.iter().map(read_change_set).collect()
}

/// Published versions of a flow, newest first (one statement).
pub async fn versions(db: &Db, routing_id: &str) -> Result<Vec<FlowVersion>> {
    let rows = db.query(&SEG_VERSIONS, &[routing_id.into()]).await?;
    rows.iter()
        .map(|r| {
            Ok(FlowVersion {
                version: r.i32("Version")?,
                change_set_id: r.uuid("ChangeSetId")?,
                description: r.opt_str("Description")?,
                published_at: r.opt_str("UpdatedAt")?,
                published_by: r.opt_str("UpdatedBy")?,
            })
        })
        .collect()
}

/// The snapshot (flow-file text) written when `version` was published, if any (one statement).
pub async fn snapshot(db: &Db, routing_id: &str, version: i32) -> Result<Option<String>> {
    let rows = db
        .query(
            &SEG_SNAPSHOT,
            &[routing_id.into(), Value::Int(version.into())],
        )
        .await?;
    rows.first().map(|r| r.str("SnapshotData")).transpose()
}

/// Row counts of a flow's tables: segments, keys, transitions, UI states, change sets, history.
pub async fn counts(db: &Db, routing_id: &str) -> Result<[i64; 6]> {
    let rows = db.query(&SEG_COUNTS, &[routing_id.into()]).await?;
    let r = rows
        .first()
        .ok_or_else(|| Error::internal("row counts returned no row"))?;
    Ok([
        r.i64("Segments")?,
        r.i64("Keys")?,
        r.i64("Transitions")?,
        r.i64("UiStates")?,
        r.i64("ChangeSets")?,
        r.i64("History")?,
    ])
}
