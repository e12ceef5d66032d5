//! The one error type that crosses every layer boundary.
//!
//! The UI and the CLI branch on [`ErrorCode`]; the message is for people and says what to do next.
//! Nothing secret ever goes into a message or a detail.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable error codes. Renaming one is a breaking change for the UI and for scripts using `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Input breaks a rule; nothing was changed.
    Validation,
    /// Someone else changed the thing since it was read (optimistic concurrency), or a unique rule.
    Conflict,
    NotFound,
    /// The environment is read-only (prd until unlocked).
    ReadOnly,
    /// The database could not be reached or refused the login.
    Connection,
    /// An applied migration file was changed afterwards.
    MigrationChecksum,
    /// A migration failed, or an earlier failure blocks further deploys until `repair`.
    MigrationFailed,
    /// Another runner holds the migration lock.
    MigrationLocked,
    /// The database history has migrations this build does not know.
    DatabaseNewer,
    /// Live schema differs from the model.
    Drift,
    /// A configuration or profile problem (environments.toml, keyring).
    Config,
    /// The OS keyring could not be used.
    Keyring,
    /// A bug or an unexpected database answer.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "VALIDATION",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::ReadOnly => "READ_ONLY",
            ErrorCode::Connection => "CONNECTION",
            ErrorCode::MigrationChecksum => "MIGRATION_CHECKSUM",
            ErrorCode::MigrationFailed => "MIGRATION_FAILED",
            ErrorCode::MigrationLocked => "MIGRATION_LOCKED",
            ErrorCode::DatabaseNewer => "DATABASE_NEWER",
            ErrorCode::Drift => "DRIFT",
            ErrorCode::Config => "CONFIG",
            ErrorCode::Keyring => "KEYRING",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `{code, message, detail}`: what reaches the UI and `--json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ApiError"))]
#[error("{code}: {message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// Structured context the UI can use (field errors, the current version on CONFLICT, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            detail: None,
        }
    }
    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = Some(detail);
        self
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Validation, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
    pub fn connection(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Connection, message)
    }
    pub fn read_only(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ReadOnly, message)
    }
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Config, message)
    }
}

/// Field-level validation findings, collected so one answer names every problem at once.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldErrors {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(())` when empty, else one VALIDATION error listing every field, with `detail.fields`.
    pub fn into_result(self, what: &str) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        Err(
            Error::validation(format!("{what} is not valid — {}", list.join("; ")))
                .with_detail(serde_json::json!({ "fields": self.0 })),
        )
    }
}
