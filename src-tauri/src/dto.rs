//! Argument and answer shapes of commands whose `ivr_app` function takes plain parameters or a type
//! that must not cross the boundary as it is (a password). Mapping only: no rules here.

use ivr_app::profiles::Tier;
use ivr_domain::connection::Engine;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The open environment, as the banner shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub name: String,
    pub tier: Tier,
    pub engine: Engine,
    /// host:port/database or the SQLite file; never a secret.
    pub database: String,
    /// Written to CreatedBy / UpdatedBy and the audit log.
    pub actor: String,
    /// Writes are refused (prd until unlocked, or a profile marked read_only).
    pub read_only: bool,
    /// The environment starts read-only, so it can be unlocked and locked again.
    pub starts_read_only: bool,
    /// A schema deploy is reviewed (pending SQL, lint findings) and confirmed first (acc, prd).
    pub deploy_needs_review: bool,
}

impl SessionInfo {
    pub fn of(env: &ivr_app::OpenEnvironment) -> SessionInfo {
        SessionInfo {
            name: env.profile.name.clone(),
            tier: env.profile.tier,
            engine: env.db.engine(),
            database: env.profile.describe(),
            actor: env.actor.clone(),
            read_only: env.read_only(),
            starts_read_only: env.profile.starts_read_only(),
            deploy_needs_review: env.profile.tier.deploy_needs_review(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NameArg {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnlockArg {
    pub typed_name: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestArg {
    pub name: String,
    /// Give up after this many seconds (1–120).
    pub timeout_secs: u32,
}

/// Saves an environment from its form: added (`editing` absent) or changed (`editing` = its
/// current name). `Debug` is not derived: the draft may hold a password.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveEnvironmentArgs {
    pub draft: ivr_app::env_draft::EnvironmentDraft,
    #[serde(default)]
    pub editing: Option<String>,
    /// Keep the password in memory for this session (the OS keyring is unavailable).
    #[serde(default)]
    pub session_only: bool,
}

/// Tests an environment's form before it is saved. `Debug` is not derived (password).
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestDraftArgs {
    pub draft: ivr_app::env_draft::EnvironmentDraft,
    /// The environment being edited: its stored password is used when none is typed.
    #[serde(default)]
    pub editing: Option<String>,
    /// Give up after this many seconds (1–120).
    pub timeout_secs: u32,
}

/// A password for an existing SQL Server environment. `Debug` is not derived: it holds the password.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetPasswordArgs {
    pub name: String,
    pub password: String,
    /// Keep it in memory for this session (the OS keyring is unavailable).
    pub session_only: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoutingIdArg {
    pub routing_table_id: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LanguageRenameArg {
    pub code: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LanguageActiveArg {
    pub code: String,
    pub active: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoiceEditArg {
    pub voice_id: i64,
    pub patch: ivr_app::dict::VoicePatch,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VoiceActiveArg {
    pub voice_id: i64,
    pub active: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectEditArg {
    pub company_project_id: i64,
    pub patch: ivr_app::dict::CompanyProjectPatch,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectActiveArg {
    pub company_project_id: i64,
    pub active: bool,
}

/// A flow named by its RoutingId.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FlowArg {
    pub routing_id: String,
}

/// A page of a message store's keys, searched and filtered.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageKeyListArg {
    pub store_id: i64,
    pub filter: ivr_domain::message::KeyFilter,
}

/// One key of a message store.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageKeyArg {
    pub store_id: i64,
    pub key: String,
    /// Also find a soft-deleted key of that name (the most recent one when no active key has it).
    #[serde(default)]
    #[ts(optional)]
    pub include_deleted: Option<bool>,
}

/// A message store by id.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageStoreArg {
    pub store_id: i64,
}

/// The default voice of one language of a store.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageVoiceArg {
    pub store_id: i64,
    pub language: String,
    pub voice_code: String,
}

/// One version of a key, e.g. to delete it (a stale rowVersion is CONFLICT).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageVersionArg {
    pub store_id: i64,
    pub key: String,
    pub version: i32,
    pub expected_row_version: Option<String>,
}

/// A page of a store's audit trail, or of one key's (deleted keys included).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageAuditArg {
    pub store_id: i64,
    pub key: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// Where a key of a store is used.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageWhereUsedArg {
    pub store_id: i64,
    pub key: String,
    /// Search every flow, not only those whose routing entries use the store.
    pub all_flows: bool,
}

/// An export through the native save dialog (the dialog starts with `suggestedName`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageExportArg {
    #[serde(flatten)]
    pub export: ivr_app::message_files::ExportRequest,
    pub suggested_name: String,
}

/// Imports the file chosen for a store, as previewed (its SHA-256 from the preview).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageImportArg {
    pub store_id: i64,
    pub sha256: String,
}
