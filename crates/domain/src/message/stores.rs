//! A message store as the UI and the CLI see it, with its default voice per language. The store
//! maps its rows into these types.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreVoice {
    pub language: String,
    pub voice_id: i64,
    pub voice_code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoreRow {
    pub id: i64,
    pub name: String,
    pub company_project_id: i64,
    pub customer_id: String,
    pub project_id: String,
    pub allowed_languages: Vec<String>,
    pub default_language: String,
    pub is_active: bool,
    pub key_count: i64,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    pub voices: Vec<StoreVoice>,
}
