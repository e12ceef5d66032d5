//! The runtime lookup: what a caller hears for a key and a language.

use super::MSG_RESOLVE;
use crate::Db;
use ivr_domain::Result;
use serde::{Deserialize, Serialize};

/// The runtime answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedRow {
    pub store_id: i64,
    pub key: String,
    pub version: i32,
    pub language: String,
    pub content: String,
    pub type_settings: Option<String>,
    pub message_type: String,
    pub default_settings: Option<String>,
    pub voice: Option<String>,
    pub default_language: String,
}

/// Where to look a message up: a store, or a company project's store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StoreRef {
    Id(i64),
    Project { customer: String, project: String },
}

/// One statement.
pub async fn resolve(
    db: &Db,
    store: &StoreRef,
    key: &str,
    language: &str,
) -> Result<Option<ResolvedRow>> {
    let (id, customer, project) = match store {
        StoreRef::Id(id) => (Some(*id), None, None),
        StoreRef::Project { customer, project } => {
            (None, Some(customer.as_str()), Some(project.as_str()))
        }
    };
    let rows = db
        .query(
            &MSG_RESOLVE,
            &[
                id.into(),
                customer.into(),
                project.into(),
                key.into(),
                language.into(),
            ],
        )
        .await?;
    rows.first()
        .map(|r| {
            Ok(ResolvedRow {
                store_id: r.i64("MessageStoreId")?,
                key: r.str("MessageKey")?,
                version: r.i32("Version")?,
                language: r.str("Language")?,
                content: r.str("Content")?,
                type_settings: r.opt_str("TypeSettings")?,
                message_type: r.str("MessageType")?,
                default_settings: r.opt_str("DefaultSettings")?,
                voice: r.opt_str("VoiceCode")?,
                default_language: r.str("DefaultLanguage")?,
            })
        })
        .transpose()
}
