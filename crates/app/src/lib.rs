//! Use cases: the one contract the CLI and the desktop app call.
//!
//! Start from [`Studio`]: `Studio::from_env()?.open(&Target::env("local")).await?` gives an
//! [`OpenEnvironment`] with the database, the profile, the actor and the read-only lock.

pub mod audit;
pub mod demo;
pub mod designer;
pub mod dict;
pub mod env_draft;
pub mod environment;
pub mod first_start;
pub mod flow;
pub mod flow_demo;
pub mod home;
pub mod impact;
pub mod message_files;
pub mod messages;
pub mod messages_demo;
pub mod migrate;
pub mod profiles;
pub mod routing;
pub mod running;
pub mod secrets;
pub mod studio;

pub use environment::{OpenEnvironment, Writable};
pub use home::Home;
pub use ivr_store::Db;
pub use profiles::{Profile, ProfileStore, Tier};
pub use secrets::{KeyringOrSession, KeyringStore, SecretStore, SessionStore};
pub use studio::{ensure_sqlite_ready, Studio, Target};

/// Logs a command's error once, where it leaves for its adapter (a Tauri command's answer, the
/// CLI's exit): the code, the message and every cause underneath (a driver's error), which the
/// `{code, message, detail}` answer leaves out. A bug (INTERNAL, a failed migration) is an
/// `error`; everything else the user is told anyway, so it is `info` (`RUST_LOG=info` shows it).
pub fn log_command_error(command: &str, e: &ivr_domain::Error) {
    use ivr_domain::ErrorCode;
    let code = e.code.as_str();
    let chain = e.chain();
    match e.code {
        ErrorCode::Internal | ErrorCode::MigrationFailed => {
            tracing::error!(command, code, retryable = e.code.is_retryable(), "{chain}")
        }
        _ => tracing::info!(command, code, retryable = e.code.is_retryable(), "{chain}"),
    }
}
