//! A key with its versions and their contents, read from three result sets.

use super::{MSG_KEY_DETAIL, MSG_STORE_CONTENT};
use crate::util::take_sets;
use crate::value::Row;
use crate::Conn;
use ivr_domain::message::{KeyRow, KeyWithVersions, LanguageContent, VersionRow};
use ivr_domain::Result;
use uuid::Uuid;

fn key_row(r: &Row) -> Result<KeyRow> {
    Ok(KeyRow {
        id: r.i64("MessageKeyId")?,
        store_id: r.i64("MessageStoreId")?,
        key: r.str("MessageKey")?,
        type_id: r.i64("MessageTypeId")?,
        message_type: r.str("MessageType")?,
        category_id: r.i64("CategoryId")?,
        category: r.str("Category")?,
        display_name: r.opt_str("DisplayName")?,
        published_version: r.opt_i32("PublishedVersion")?,
        is_active: r.bool("IsActive")?,
        row_version: r.row_version("RowVersion")?,
        created_at: r.str("CreatedAt")?,
        created_by: r.str("CreatedBy")?,
        updated_at: r.opt_str("UpdatedAt")?,
        updated_by: r.opt_str("UpdatedBy")?,
    })
}

/// Assembles keys, versions and contents from the three result sets.
fn assemble(sets: Vec<Vec<Row>>) -> Result<Vec<KeyWithVersions>> {
    let [keys, versions, contents] = take_sets::<3>(sets, "message keys")?;
    let mut by_version: std::collections::HashMap<Uuid, Vec<LanguageContent>> =
        std::collections::HashMap::new();
    for r in &contents {
        by_version
            .entry(r.uuid("MessageKeyVersionId")?)
            .or_default()
            .push(LanguageContent {
                language: r.str("Language")?,
                content: r.str("Content")?,
                type_settings: r.opt_str("TypeSettings")?,
            });
    }
    let mut by_key: std::collections::HashMap<i64, Vec<VersionRow>> =
        std::collections::HashMap::new();
    for r in &versions {
        let id = r.uuid("MessageKeyVersionId")?;
        let key_id = r.i64("MessageKeyId")?;
        by_key.entry(key_id).or_default().push(VersionRow {
            id,
            key_id,
            version: r.i32("Version")?,
            name: r.opt_str("VersionName")?,
            created_at: r.str("CreatedAt")?,
            created_by: r.str("CreatedBy")?,
            contents: by_version.remove(&id).unwrap_or_default(),
        });
    }
    keys.iter()
        .map(|r| {
            let key = key_row(r)?;
            let versions = by_key.remove(&key.id).unwrap_or_default();
            Ok(KeyWithVersions { key, versions })
        })
        .collect()
}

/// The key of that name (active first, then deleted ones when asked), with versions.
pub async fn key_detail(
    conn: &mut Conn,
    store_id: i64,
    key: &str,
    include_deleted: bool,
) -> Result<Vec<KeyWithVersions>> {
    assemble(detail_sets(conn, store_id, key, include_deleted).await?)
}

/// The active key of that name, with versions, and its message type's DefaultSettings (the
/// settings the runtime overlays with each language's TypeSettings), in the same one statement.
pub async fn key_detail_with_type_defaults(
    conn: &mut Conn,
    store_id: i64,
    key: &str,
) -> Result<Option<(KeyWithVersions, Option<String>)>> {
    let sets = detail_sets(conn, store_id, key, false).await?;
    let defaults = match sets.first().and_then(|keys| keys.first()) {
        Some(r) => r.opt_str("DefaultSettings")?,
        None => None,
    };
    Ok(assemble(sets)?.into_iter().next().map(|k| (k, defaults)))
}

async fn detail_sets(
    conn: &mut Conn,
    store_id: i64,
    key: &str,
    include_deleted: bool,
) -> Result<Vec<Vec<Row>>> {
    conn.query_sets(
        &MSG_KEY_DETAIL,
        &[store_id.into(), key.into(), include_deleted.into()],
    )
    .await
}

/// Every active key with all versions.
pub async fn store_content(conn: &mut Conn, store_id: i64) -> Result<Vec<KeyWithVersions>> {
    let sets = conn
        .query_sets(&MSG_STORE_CONTENT, &[store_id.into()])
        .await?;
    assemble(sets)
}
