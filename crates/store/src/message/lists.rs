//! Pages and counts: a store's keys, its audit trail, where a key is used, completeness.

use super::{MSG_AUDIT, MSG_COMPLETENESS, MSG_COUNTS, MSG_KEY_LIST, MSG_WHERE_USED};
use crate::util::page_and_total;
use crate::util::take_sets;
use crate::Db;
use ivr_domain::message::{KeyAuditRow, KeyListItem, WhereUsed};
use ivr_domain::{Error, JsonText, Page, Result};
use serde::{Deserialize, Serialize};

/// A page of keys; the filter is normalised by the app.
pub async fn list_keys(
    db: &Db,
    store_id: i64,
    f: &ivr_domain::message::KeyFilter,
) -> Result<Page<KeyListItem>> {
    let sets = db
        .query_sets(
            &MSG_KEY_LIST,
            &[
                store_id.into(),
                f.text.clone().into(),
                f.category.clone().into(),
                f.message_type.clone().into(),
                f.missing_language.into(),
                f.newer_than_published.into(),
                f.include_deleted.into(),
                f.offset.into(),
                f.limit.into(),
                f.unused.unwrap_or(false).into(),
                f.content.clone().into(),
            ],
        )
        .await?;
    let (rows, total) = page_and_total(sets)?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(KeyListItem {
                id: r.i64("MessageKeyId")?,
                key: r.str("MessageKey")?,
                message_type: r.str("MessageType")?,
                category: r.str("Category")?,
                display_name: r.opt_str("DisplayName")?,
                published_version: r.opt_i32("PublishedVersion")?,
                latest_version: r.opt_i32("LatestVersion")?,
                version_count: r.i64("VersionCount")?,
                is_active: r.bool("IsActive")?,
                row_version: r.row_version("RowVersion")?,
                created_at: r.str("CreatedAt")?,
                updated_at: r.opt_str("UpdatedAt")?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Page {
        items,
        total,
        offset: f.offset,
        limit: f.limit,
    })
}

pub async fn audit(
    db: &Db,
    store_id: i64,
    key: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<Page<KeyAuditRow>> {
    let sets = db
        .query_sets(
            &MSG_AUDIT,
            &[store_id.into(), key.into(), offset.into(), limit.into()],
        )
        .await?;
    let (rows, total) = page_and_total(sets)?;
    let items = rows
        .iter()
        .map(|r| {
            Ok(KeyAuditRow {
                audit_id: r.str("AuditId")?.to_lowercase(),
                key_id: r.i64("MessageKeyId")?,
                key: r.str("MessageKey")?,
                version_id: r.opt_str("MessageKeyVersionId")?.map(|s| s.to_lowercase()),
                action: r.str("Action")?,
                action_by: r.str("ActionBy")?,
                action_at: r.str("ActionAt")?,
                data: r.opt_str("AuditData")?.map(JsonText::stored),
                key_is_active: r.bool("KeyIsActive")?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(Page {
        items,
        total,
        offset,
        limit,
    })
}

pub async fn where_used(
    db: &Db,
    store_id: i64,
    key: &str,
    all_flows: bool,
) -> Result<Vec<WhereUsed>> {
    let rows = db
        .query(
            &MSG_WHERE_USED,
            &[key.into(), store_id.into(), all_flows.into()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(WhereUsed {
                routing_id: r.str("RoutingId")?,
                segment_name: r.str("SegmentName")?,
                change_set_id: r.opt_str("ChangeSetId")?.map(|s| s.to_lowercase()),
                segment_type: r.str("SegmentType")?,
                config_key: r.str("KeyName")?,
            })
        })
        .collect()
}

/// The counts of [`MSG_COMPLETENESS`]: per language (as stored) and for the whole store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletenessRows {
    pub published_by_language: Vec<(String, i64)>,
    pub active_keys: i64,
    pub published_keys: i64,
    pub newer_keys: i64,
    pub unused_keys: i64,
}

pub async fn completeness(db: &Db, store_id: i64) -> Result<CompletenessRows> {
    let sets = db.query_sets(&MSG_COMPLETENESS, &[store_id.into()]).await?;
    let [langs, totals] = take_sets::<2>(sets, "completeness counts")?;
    let t = totals
        .first()
        .ok_or_else(|| Error::internal("the completeness totals returned no row"))?;
    Ok(CompletenessRows {
        published_by_language: langs
            .iter()
            .map(|r| Ok((r.str("Language")?, r.i64("Published")?)))
            .collect::<Result<_>>()?,
        active_keys: t.i64("ActiveKeys")?,
        published_keys: t.i64("PublishedKeys")?,
        newer_keys: t.i64("NewerKeys")?,
        unused_keys: t.i64("UnusedKeys")?,
    })
}

/// Row counts (tests): stores, keys, versions, contents, key audits, audit log, voice configs.
pub async fn counts(db: &Db) -> Result<[i64; 7]> {
    let rows = db.query(&MSG_COUNTS, &[]).await?;
    let r = rows
        .first()
        .ok_or_else(|| Error::internal("counting rows returned nothing"))?;
    Ok([
        r.i64("Stores")?,
        r.i64("MessageKeys")?,
        r.i64("Versions")?,
        r.i64("Contents")?,
        r.i64("KeyAudits")?,
        r.i64("AuditLog")?,
        r.i64("Voices")?,
    ])
}
