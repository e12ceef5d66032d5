//! Argument and answer shapes of commands whose `ivr_app` function takes plain parameters or a type
//! that must not cross the boundary as it is (a password). Mapping only: no rules here.

use ivr_app::profiles::Tier;
use ivr_app::Engine;
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
pub struct TextArg {
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestArg {
    pub name: String,
    /// Give up after this many seconds (1–120).
    pub timeout_secs: u32,
}

/// A new SQL Server environment: filled in field by field, or from a pasted connection string.
/// `Debug` is not derived: the password must never reach a log.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddEnvironmentArgs {
    pub name: String,
    pub tier: Tier,
    pub display_name: Option<String>,
    pub read_only: bool,
    /// Accept trust_server_certificate on prd.
    pub force_trust: bool,
    /// Keep the password in memory for this session (the OS keyring is unavailable).
    pub session_only: bool,
    /// When given, host, port, database, user, password, encrypt and trust come from it.
    pub connection_string: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub encrypt: bool,
    pub trust_server_certificate: bool,
}

impl AddEnvironmentArgs {
    /// The request `Studio::add_environment` takes.
    pub fn into_request(self) -> ivr_domain::Result<ivr_app::studio::AddEnvironment> {
        let (mut profile, password) = match &self.connection_string {
            Some(text) => {
                let spec = ivr_domain::connection::parse(text)?;
                let password = spec.password.clone();
                (
                    ivr_app::Profile::from_spec(&self.name, self.tier, &spec),
                    password,
                )
            }
            None => (
                ivr_app::Profile {
                    name: self.name.clone(),
                    tier: self.tier,
                    engine: Engine::Mssql,
                    host: self.host.clone(),
                    port: self.port,
                    database: self.database.clone(),
                    user: self.user.clone(),
                    encrypt: self.encrypt,
                    trust_server_certificate: self.trust_server_certificate,
                    read_only: false,
                    display_name: None,
                    connect_timeout_secs: None,
                },
                self.password.clone(),
            ),
        };
        profile.display_name = self.display_name.clone();
        profile.read_only = self.read_only;
        Ok(ivr_app::studio::AddEnvironment {
            profile,
            password,
            force_trust: self.force_trust,
            replace: false,
        })
    }
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

/// What was understood from a pasted connection string: everything but the password.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ParsedConnection {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub has_password: bool,
    pub encrypt: bool,
    pub trust_server_certificate: bool,
}

impl From<ivr_domain::connection::ConnectionSpec> for ParsedConnection {
    fn from(s: ivr_domain::connection::ConnectionSpec) -> Self {
        ParsedConnection {
            has_password: s.password.is_some(),
            host: s.host,
            port: s.port,
            database: s.database,
            user: s.user,
            encrypt: s.encrypt,
            trust_server_certificate: s.trust_server_certificate,
        }
    }
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

/// Who holds the migration lock of the open environment right now.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MigrationLock {
    /// Held by a deploy (this window's, another window's, the CLI's or a pipeline's).
    pub held: bool,
    /// A deploy started in this window is running.
    pub by_this_window: bool,
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
    pub store_id: i32,
    pub filter: ivr_domain::message::KeyFilter,
}

/// One key of a message store.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageKeyArg {
    pub store_id: i32,
    pub key: String,
}

/// A page of a store's audit trail, or of one key's (deleted keys included).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageAuditArg {
    pub store_id: i32,
    pub key: Option<String>,
    pub offset: u32,
    pub limit: u32,
}

/// Where a key of a store is used.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageWhereUsedArg {
    pub store_id: i32,
    pub key: String,
    /// Search every flow, not only those whose routing entries use the store.
    pub all_flows: bool,
}
