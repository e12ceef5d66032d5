//! The writes: a set of new keys, versions, contents, pointers and audit rows in one round trip,
//! and the guarded changes of one key (change, restore, delete a version) that write nothing on a
//! stale row version.

use super::{MSG_KEY_CHANGE, MSG_KEY_RESTORE, MSG_VERSION_DELETE, MSG_WRITE_SET};
use crate::audit::Actor;
use crate::util::row_version_param;
use crate::value::{Row, Value};
use crate::Conn;
use ivr_domain::{Error, Result};
use serde::Serialize;
use uuid::Uuid;

/// What [`write_set`] writes; built by the app.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WriteSet {
    pub keys: Vec<NewKey>,
    pub versions: Vec<NewVersion>,
    pub contents: Vec<NewContent>,
    pub publish: Vec<PublishPointer>,
    pub audit: Vec<AuditItem>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewKey {
    pub key: String,
    pub type_id: i64,
    pub category_id: i64,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewVersion {
    pub id: Uuid,
    pub key: String,
    pub version: i32,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewContent {
    pub version_id: Uuid,
    pub language: String,
    pub content: String,
    pub type_settings: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishPointer {
    pub key: String,
    pub version: i32,
}

/// One audit event, written to msg_MessageKeyAudit (`data`) and sys_AuditLog (`before`/`after`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditItem {
    pub id: Uuid,
    pub key: String,
    pub version_id: Option<Uuid>,
    pub action: String,
    pub data: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub(super) fn json_param<T: Serialize>(v: &T) -> Result<Value> {
    serde_json::to_string(v)
        .map(Value::Text)
        .map_err(|e| Error::internal(format!("cannot serialise a write set: {e}")))
}

/// Writes a [`WriteSet`] in one round trip; returns `(MessageKeyId, MessageKey, RowVersion)` of the
/// keys named by the audit items.
pub async fn write_set(
    conn: &mut Conn,
    w: &Actor,
    store_id: i64,
    set: &WriteSet,
) -> Result<Vec<(i64, String, String)>> {
    let rows = conn
        .query(
            &MSG_WRITE_SET,
            &[
                store_id.into(),
                json_param(&set.keys)?,
                json_param(&set.versions)?,
                json_param(&set.contents)?,
                json_param(&set.publish)?,
                w.name.as_str().into(),
                json_param(&set.audit)?,
                w.environment.as_str().into(),
            ],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.i64("MessageKeyId")?,
                r.str("MessageKey")?,
                r.row_version("RowVersion")?,
            ))
        })
        .collect()
}

/// A guarded change of one key's row.
#[derive(Debug, Clone)]
pub struct KeyChange {
    pub key_id: i64,
    pub expected_row_version: String,
    pub published_version: Option<i32>,
    pub display_name: Option<String>,
    pub category_id: i64,
    pub type_id: i64,
    pub is_active: bool,
    pub audit: AuditItem,
}

/// Applies a [`KeyChange`]; `Ok(Some(new row version))` when the row version matched, `Ok(None)`
/// when someone changed the key first (nothing written).
pub async fn change_key(conn: &mut Conn, w: &Actor, c: &KeyChange) -> Result<Option<String>> {
    let rv = row_version_param(conn.engine(), &c.expected_row_version)?;
    let rows = conn
        .query(
            &MSG_KEY_CHANGE,
            &[
                c.key_id.into(),
                rv,
                c.published_version.into(),
                c.display_name.clone().into(),
                c.category_id.into(),
                c.is_active.into(),
                w.name.as_str().into(),
                c.audit.id.into(),
                c.audit.action.as_str().into(),
                c.audit.data.as_str().into(),
                w.environment.as_str().into(),
                c.audit.before.clone().into(),
                c.audit.after.clone().into(),
                c.audit.version_id.into(),
                c.type_id.into(),
            ],
        )
        .await?;
    done(rows)
}

fn done(rows: Vec<Row>) -> Result<Option<String>> {
    let Some(r) = rows.first() else {
        return Err(Error::not_found("the message key no longer exists"));
    };
    if r.i64("Done")? == 1 {
        Ok(Some(r.row_version("RowVersion")?))
    } else {
        Ok(None)
    }
}

/// Restores a soft-deleted key; `Ok(None)` when it changed first or its name is taken again
/// (nothing written).
pub async fn restore_key(
    conn: &mut Conn,
    w: &Actor,
    key_id: i64,
    expected_row_version: &str,
    audit: &AuditItem,
) -> Result<Option<String>> {
    let rv = row_version_param(conn.engine(), expected_row_version)?;
    let rows = conn
        .query(
            &MSG_KEY_RESTORE,
            &[
                key_id.into(),
                rv,
                w.name.as_str().into(),
                audit.id.into(),
                audit.data.as_str().into(),
                w.environment.as_str().into(),
                audit.before.clone().into(),
                audit.after.clone().into(),
            ],
        )
        .await?;
    done(rows)
}

/// Deletes a version that is not published; `Ok(None)` when the key changed first.
#[allow(clippy::too_many_arguments)]
pub async fn delete_version(
    conn: &mut Conn,
    w: &Actor,
    key_id: i64,
    expected_row_version: &str,
    version_id: Uuid,
    audit_id: Uuid,
    audit_data: &str,
    before: &str,
) -> Result<Option<String>> {
    let rv = row_version_param(conn.engine(), expected_row_version)?;
    let rows = conn
        .query(
            &MSG_VERSION_DELETE,
            &[
                key_id.into(),
                rv,
                version_id.into(),
                w.name.as_str().into(),
                audit_id.into(),
                audit_data.into(),
                w.environment.as_str().into(),
                before.into(),
            ],
        )
        .await?;
    done(rows)
}
