//! Message stores: read with their default voices, created, changed, a language's voice set.

use super::{MSG_STORES, MSG_STORE_INSERT, MSG_STORE_UPDATE, MSG_VOICE_SET_DEFAULT};
use crate::audit::Actor;
use crate::util::take_sets;
use crate::{Conn, Query, Value};
use ivr_domain::message::{StoreRow, StoreVoice};
use ivr_domain::{Error, Result};

/// Stores by id or company project (each optional).
pub async fn stores(
    conn: &mut Conn,
    store_id: Option<i64>,
    customer: Option<&str>,
    project: Option<&str>,
) -> Result<Vec<StoreRow>> {
    let sets = conn
        .query_sets(
            &MSG_STORES,
            &[store_id.into(), customer.into(), project.into()],
        )
        .await?;
    let [stores, voices] = take_sets::<2>(sets, "message stores")?;
    stores
        .iter()
        .map(|r| {
            let id = r.i64("MessageStoreId")?;
            let allowed_text = r.str("AllowedLanguages")?;
            let allowed: Vec<String> = serde_json::from_str(&allowed_text).map_err(|e| {
                Error::internal(format!(
                    "message store {id} has AllowedLanguages that are not a JSON array of codes ({e})"
                ))
            })?;
            let mut store_voices = Vec::new();
            for v in &voices {
                if v.i64("MessageStoreId")? == id {
                    store_voices.push(StoreVoice {
                        language: v.str("Language")?,
                        voice_id: v.i64("VoiceId")?,
                        voice_code: v.str("VoiceCode")?,
                    });
                }
            }
            Ok(StoreRow {
                id,
                name: r.str("Name")?,
                company_project_id: r.i64("CompanyProjectId")?,
                customer_id: r.str("CustomerId")?,
                project_id: r.str("ProjectId")?,
                allowed_languages: allowed,
                default_language: r.str("DefaultLanguage")?,
                is_active: r.bool("IsActive")?,
                key_count: r.i64("KeyCount")?,
                created_at: r.str("CreatedAt")?,
                created_by: r.str("CreatedBy")?,
                updated_at: r.opt_str("UpdatedAt")?,
                updated_by: r.opt_str("UpdatedBy")?,
                voices: store_voices,
            })
        })
        .collect()
}

pub async fn insert_store(
    conn: &mut Conn,
    w: &Actor,
    name: &str,
    company_project_id: i64,
    allowed_json: &str,
    default_language: &str,
    after: &str,
) -> Result<i64> {
    let rows = conn
        .query(
            &MSG_STORE_INSERT,
            &[
                name.into(),
                company_project_id.into(),
                allowed_json.into(),
                default_language.into(),
                w.name.as_str().into(),
                w.environment.as_str().into(),
                after.into(),
            ],
        )
        .await?;
    rows.first()
        .ok_or_else(|| Error::internal("creating the message store returned no id"))?
        .i64("MessageStoreId")
}

#[allow(clippy::too_many_arguments)]
pub async fn update_store(
    conn: &mut Conn,
    w: &Actor,
    store_id: i64,
    name: &str,
    allowed_json: &str,
    default_language: &str,
    before: &str,
    after: &str,
) -> Result<()> {
    let change = [
        store_id.into(),
        name.into(),
        allowed_json.into(),
        default_language.into(),
    ];
    execute_audited(conn, &MSG_STORE_UPDATE, &change, w, before, after).await
}

pub async fn set_default_voice(
    conn: &mut Conn,
    w: &Actor,
    store_id: i64,
    language: &str,
    voice_id: i64,
    before: Option<&str>,
    after: &str,
) -> Result<()> {
    let change = [store_id.into(), language.into(), voice_id.into()];
    execute_audited(conn, &MSG_VOICE_SET_DEFAULT, &change, w, before, after).await
}

/// Runs a change of a store's configuration that writes its `sys_AuditLog` row in the same batch:
/// the query takes the change's own parameters, then actor, environment, before and after.
async fn execute_audited(
    conn: &mut Conn,
    query: &Query,
    change: &[Value],
    w: &Actor,
    before: impl Into<Value>,
    after: &str,
) -> Result<()> {
    let mut params = change.to_vec();
    params.extend([
        w.name.as_str().into(),
        w.environment.as_str().into(),
        before.into(),
        after.into(),
    ]);
    conn.execute(query, &params).await?;
    Ok(())
}
