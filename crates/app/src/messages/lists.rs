//! Pages and summaries of a store: its keys, its audit trail, where a key is used, how
//! complete its languages are.

use super::*;

pub async fn list_keys(db: &Db, store_id: i64, filter: KeyFilter) -> Result<Page<KeyListItem>> {
    let filter = filter.normalized()?;
    store(db, store_id).await?;
    sql::list_keys(db, store_id, &filter).await
}

/// Audit of a store, or of every key of one name in it (deleted keys included), each row with
/// the change it records, typed.
pub async fn audit(
    db: &Db,
    store_id: i64,
    key: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<Page<audit::KeyAuditItem>> {
    let (offset, limit) = rules::page_bounds(offset, limit, "rows")?;
    let page = sql::audit(db, store_id, key, offset, limit).await?;
    Ok(page.map(audit::KeyAuditItem::new))
}

pub async fn where_used(
    db: &Db,
    store_id: i64,
    key: &str,
    all_flows: bool,
) -> Result<Vec<WhereUsed>> {
    rules::validate_message_key(key)?;
    sql::where_used(db, store_id, key, all_flows).await
}

/// One language of a store's completeness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageCompleteness {
    pub language: String,
    /// Active keys whose published version has content in this language.
    pub published: i64,
    /// Active keys with a published version that lacks this language (callers hear the default).
    pub missing: i64,
}

/// How complete a store is, per allowed language and overall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreCompleteness {
    pub store_id: i64,
    pub active_keys: i64,
    /// Keys with a published version.
    pub published_keys: i64,
    /// Keys whose latest version is not the published one (drafts waiting).
    pub newer_than_published: i64,
    /// Keys no segment of any flow names (published or draft).
    pub unused_keys: i64,
    /// The store's allowed languages, in its order.
    pub languages: Vec<LanguageCompleteness>,
}

/// Per store and language: keys published with that language, drafts newer than published, keys
/// no flow uses. Two statements (the store, then one batch).
pub async fn completeness(db: &Db, store_id: i64) -> Result<StoreCompleteness> {
    let store = store(db, store_id).await?;
    let rows = sql::completeness(db, store.id).await?;
    let languages = store
        .allowed_languages
        .iter()
        .map(|l| {
            let published = rows
                .published_by_language
                .iter()
                .find(|(lang, _)| lang == l)
                .map_or(0, |(_, n)| *n);
            LanguageCompleteness {
                language: l.clone(),
                published,
                missing: (rows.published_keys - published).max(0),
            }
        })
        .collect();
    Ok(StoreCompleteness {
        store_id: store.id,
        active_keys: rows.active_keys,
        published_keys: rows.published_keys,
        newer_than_published: rows.newer_keys,
        unused_keys: rows.unused_keys,
        languages,
    })
}
