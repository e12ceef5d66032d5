//! The one error type that crosses every layer boundary.
//!
//! The UI and the CLI branch on [`ErrorCode`]; the message is for people and says what to do next.
//! Nothing secret ever goes into a message or a detail.

use crate::flow::file::FileProblem;
use crate::flow::validate::Finding;
use crate::message::exchange::{ExchangeFormat, LineIssue, PlanItem};
use crate::migration::{ChecksumMismatch, DestructiveFile};
use crate::routing::RoutingEntry;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Stable error codes. Renaming one is a breaking change for the UI and for scripts using `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Input breaks a rule; nothing was changed.
    Validation,
    /// Someone else changed the thing since it was read (optimistic concurrency: a stale row
    /// version, a pointer that moved); reload and decide again.
    Conflict,
    /// A row with the same unique key already exists (checked first, or refused by the database's
    /// unique index, named in `detail.constraint`).
    AlreadyExists,
    /// The database is busy for a moment (another writer holds a lock, a deadlock victim, a lock
    /// timeout, a transient connection error); nothing was changed, and the same request may
    /// succeed when tried again ([`ErrorCode::is_retryable`]).
    Busy,
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
    /// The database has none of the app's tables: its migrations were never deployed (an
    /// environment other than `local` is deployed by its admin).
    NotDeployed,
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
            ErrorCode::AlreadyExists => "ALREADY_EXISTS",
            ErrorCode::Busy => "BUSY",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::ReadOnly => "READ_ONLY",
            ErrorCode::Connection => "CONNECTION",
            ErrorCode::MigrationChecksum => "MIGRATION_CHECKSUM",
            ErrorCode::MigrationFailed => "MIGRATION_FAILED",
            ErrorCode::MigrationLocked => "MIGRATION_LOCKED",
            ErrorCode::DatabaseNewer => "DATABASE_NEWER",
            ErrorCode::Drift => "DRIFT",
            ErrorCode::NotDeployed => "NOT_DEPLOYED",
            ErrorCode::Config => "CONFIG",
            ErrorCode::Keyring => "KEYRING",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// Whether the same request may succeed when simply tried again (BUSY).
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorCode::Busy)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `{code, message, detail}`: what reaches the UI and `--json` output.
#[derive(Debug, Clone, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ApiError"))]
#[error("{code}: {message}")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// Structured context ([`ErrorDetail`]): field errors, the current state on CONFLICT, the
    /// constraint on ALREADY_EXISTS, what to do next, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Box<ErrorDetail>>,
    /// The error underneath (a driver's error, an IO error), kept for logs: never serialized, so
    /// what crosses the boundary stays `{code, message, detail}`.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    #[source]
    pub cause: Option<Cause>,
}

/// The error underneath an [`Error`], kept for logs.
pub type Cause = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// Equal when what crosses the boundary is equal (`cause` is for logs only).
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && self.message == other.message && self.detail == other.detail
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error; a message longer than [`MESSAGE_MAX_CHARS`] (one that quotes a large input) is
    /// cut there, saying how much was cut.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: capped(message.into(), MESSAGE_MAX_CHARS),
            detail: None,
            cause: None,
        }
    }
    /// Sets the detail; a remedy set before ([`Error::with_remedy`]) is kept when the new detail
    /// has none.
    pub fn with_detail(mut self, detail: ErrorDetail) -> Self {
        let kept = self.detail.take().and_then(|d| d.remedy);
        let mut detail = Box::new(detail);
        if detail.remedy.is_none() {
            detail.remedy = kept;
        }
        self.detail = Some(detail);
        self
    }
    /// The detail to add keys to (an empty one when the error has none yet).
    pub fn detail_mut(&mut self) -> &mut ErrorDetail {
        self.detail.get_or_insert_with(Default::default)
    }
    /// What the user can do about it (`detail.remedy`), which each adapter words for its own
    /// user: the CLI names its command or flag, the desktop app its screen or button. The
    /// message itself says what to do in neutral words.
    pub fn with_remedy(mut self, remedy: Remedy) -> Self {
        self.detail_mut().remedy = Some(remedy);
        self
    }
    /// `detail.remedy`, when the error carries one.
    pub fn remedy(&self) -> Option<Remedy> {
        self.detail.as_ref()?.remedy.clone()
    }
    /// The error is about one input field: `detail.fields` names it (a form shows `message` there).
    pub fn at_field(self, field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::default();
        f.push(field, message);
        self.with_detail(ErrorDetail {
            fields: Some(f.0),
            ..Default::default()
        })
    }
    /// Keeps `cause` (a driver's error) for logs; it never reaches the UI or `--json`.
    pub fn with_cause(mut self, cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.cause = Some(Arc::new(cause));
        self
    }
    /// The same error with another code and message, keeping detail and cause (a store error
    /// worded in the use case's terms).
    pub fn reworded(mut self, code: ErrorCode, message: impl Into<String>) -> Self {
        self.code = code;
        self.message = capped(message.into(), MESSAGE_MAX_CHARS);
        self
    }
    /// The message followed by each cause underneath, for a log line.
    pub fn chain(&self) -> String {
        let mut out = format!("{}: {}", self.code, self.message);
        let mut next: Option<&(dyn std::error::Error + 'static)> =
            self.cause.as_deref().map(|c| c as _);
        while let Some(c) = next {
            out.push_str(" | caused by: ");
            out.push_str(&c.to_string());
            next = c.source();
        }
        out
    }
    /// The detail (an empty one when the error has none).
    pub fn detail_view(&self) -> ErrorDetail {
        self.detail.as_deref().cloned().unwrap_or_default()
    }
    /// The detail as it crosses the boundary (JSON; `null` when there is none): what `--json`
    /// prints and the UI receives.
    pub fn detail_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.detail).unwrap_or(serde_json::Value::Null)
    }
    /// The database constraint that refused a write (`detail.constraint`), if one did.
    pub fn constraint(&self) -> Option<Constraint> {
        self.detail.as_ref()?.constraint.clone()
    }
    /// True when the database refused the write through the constraint or index `name` (as the
    /// migrations spell it; the same name on both engines).
    pub fn violates(&self, name: &str) -> bool {
        self.constraint()
            .and_then(|c| c.name)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Validation, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::AlreadyExists, message)
    }
    pub fn busy(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Busy, message)
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

/// `detail` of an [`Error`], typed (TypeScript: `ErrorDetail`; the UI reads it through
/// `detailOf`). Every key any error carries is a field here, so the CLI, the desktop app and the UI
/// read the same names with the same types; a detail sets only the keys its error is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    // Form and input
    /// VALIDATION (and a form field's ALREADY_EXISTS): every field problem at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fields: Option<Vec<FieldError>>,
    /// The one input the error is about (`routingId`, `fragment`, a segment's `name`, `next`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub field: Option<String>,
    /// CLI: the command's usage line, for an argument error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub usage: Option<String>,
    // Database rules, busy and connections
    /// ALREADY_EXISTS or VALIDATION a database rule raised: which rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub constraint: Option<Constraint>,
    /// BUSY: the same request may succeed when tried again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub retryable: Option<bool>,
    /// BUSY on SQLite: the extended result code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub engine_code: Option<i64>,
    /// The SQL Server error number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sql_error: Option<u32>,
    /// CONNECTION: the SQL Server host and port tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub port: Option<u16>,
    /// CONNECTION: the server may answer when tried again (starting, unreachable for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub transient: Option<bool>,
    /// CONNECTION: nothing answered at host:port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unreachable: Option<bool>,
    /// CONNECTION: the time allowed for connecting, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub timeout_ms: Option<u64>,
    /// CONNECTION: how many times connecting was tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub attempts: Option<u32>,
    /// CONNECTION: the user stopped the command (nothing was changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cancelled: Option<bool>,
    // Environments
    /// READ_ONLY: the environment and its tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub environment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub tier: Option<String>,
    // Stale reads (CONFLICT)
    /// CONFLICT on a draft changed elsewhere: the draft's current revision, and the one sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub revision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub your_revision: Option<String>,
    /// CONFLICT on publishing: the live version the draft was opened from, and the live one now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub based_on_version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub live_version: Option<i64>,
    /// CONFLICT on a stale row or file: the row (or the file) as it is now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub current: Option<Current>,
    /// CONFLICT on a stale message key: its row version and published version now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub current_row_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub published_version: Option<i32>,
    // Flows and the designer
    /// The flow (routing id), the draft (change set) and a version the error is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub routing_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub change_set_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub version: Option<i64>,
    /// A draft that is no longer open: its status, who closed it and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub at: Option<String>,
    /// An edit batch: which operation (0-based) and its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub operation: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub op: Option<String>,
    /// The segment, its type, the segment already holding a name, a configuration key, a result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub segment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub segment_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub existing: Option<String>,
    /// The configuration key of a segment, or the message key, the error is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub result: Option<String>,
    /// The results the segment can produce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub results: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub context_key: Option<String>,
    /// A flow file that cannot be read: every problem with its line and column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub problems: Option<Vec<FileProblem>>,
    /// A flow's validation findings, or an import file's line errors; warnings alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub errors: Option<Issues>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub warnings: Option<Issues>,
    // Messages
    /// A version that cannot be published: the allowed languages it has no content for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub missing_languages: Option<Vec<String>>,
    /// A message with every version it may keep, and the ones that can be deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub max_versions: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub deletable_versions: Option<Vec<String>>,
    /// A voice that does not speak the store's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub voice: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub voice_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub language: Option<String>,
    /// An import file refused: its plan (format, counts, items; `errors`/`warnings` above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub format: Option<ExchangeFormat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub keys_created: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub versions_created: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub unchanged: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub items: Option<Vec<PlanItem>>,
    // Migrations
    /// The migration (or configuration) file, and where in it (`line`, `column`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub files: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub column: Option<usize>,
    /// Migration versions the error is about (unknown to this build, or failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub versions: Option<Vec<u64>>,
    /// Applied files changed afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub mismatches: Option<Vec<ChecksumMismatch>>,
    /// Destructive statements that need an acknowledgement, per file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub destructive: Option<Vec<DestructiveFile>>,
    /// MIGRATION_LOCKED on SQL Server: what sp_getapplock returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub applock_result: Option<i64>,
    /// A failed migration: the batch (and its lines) that failed, the error underneath, the files
    /// applied before it in this run, and whether the failure is recorded in the history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub batch: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub start_line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub end_line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cause: Option<Box<Error>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub applied_this_run: Option<Vec<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub failure_recorded: Option<bool>,
    // Remedy
    /// What the user can do about it, worded by each adapter ([`Remedy`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub remedy: Option<Remedy>,
}

/// `detail.current` of a CONFLICT: what the stale thing is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Current {
    /// A routing entry as it is now (its row version included).
    Routing(Box<RoutingEntry>),
    /// A file as it is now: its SHA-256 (an import file changed since its preview).
    File { sha256: String },
}

/// `detail.errors` / `detail.warnings`: a flow's validation findings, or an import file's line
/// issues.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum Issues {
    Findings(Vec<Finding>),
    Lines(Vec<LineIssue>),
}

/// An action that resolves an error, as data: the message says what to do in neutral words, and
/// each adapter names its own way of doing it (the CLI a command or a flag, the desktop app a
/// screen or a button). Adapters word every kind (an exhaustive `match` in the CLI, a
/// `Record` over `Remedy["kind"]` in the UI), so a kind added here must be worded there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Remedy {
    /// An environment of that name exists: replace it (or remove it first, or pick another name).
    ReplaceEnvironment { environment: String },
    /// No such environment: see the list, or add one.
    ListEnvironments,
    /// The environment is read-only until it is unlocked (for this session) by typing its name.
    UnlockEnvironment { environment: String },
    /// A SQL Server environment has no stored password: store one.
    SetPassword { environment: String },
    /// Trusting any server certificate on prd needs an explicit acceptance of the risk.
    ForceTrust,
    /// The OS keyring cannot be used: keep the password for this run or session only.
    WithoutKeyring,
    /// A failed or changed migration blocks deploys until it is repaired.
    RepairMigration,
    /// The environment's migrations were never deployed: deploy them before using its data.
    DeployMigrations,
    /// Destructive statements run only when acknowledged, after reviewing the plan.
    AllowDestructive,
    /// The migrations this build has (their versions).
    ListMigrations,
    /// No such message store: see the stores.
    ListMessageStores,
    /// A company project has no message store: create one.
    CreateMessageStore { customer: String, project: String },
    /// No such key in a store: see the store's keys.
    ListMessageKeys { store_id: i64 },
    /// A message has every version it may keep: delete one that is not published.
    DeleteUnpublishedVersion { versions: Vec<i32> },
    /// The open drafts (of one flow, or of every flow).
    ListDrafts { routing_id: Option<String> },
    /// The published versions of a flow.
    ListFlowVersions { routing_id: String },
    /// Live moved on since the draft was opened: compare the draft with live, then redo it on a
    /// new draft.
    CompareDraftWithLive {
        routing_id: String,
        change_set_id: String,
    },
}

/// Which kind of database rule refused a write, told by the engine's code (SQLite's extended
/// result code, SQL Server's error number), never by its message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ConstraintKind {
    Unique,
    PrimaryKey,
    ForeignKey,
    Check,
    NotNull,
}

/// `detail.constraint` of an error the database raised for one of its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Constraint {
    pub kind: ConstraintKind,
    /// The index or constraint name as the migrations spell it, when the engine tells it (SQL
    /// Server always does; SQLite names CHECK constraints, and its unique indexes are looked up
    /// from the columns it reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The engine's own code: SQLite's extended result code or SQL Server's error number.
    pub engine_code: i64,
}

/// At most this many characters of an input are quoted in an error.
pub const QUOTE_MAX_CHARS: usize = 200;
/// The longest message an error carries (a safety net for a quote that was not capped; a message
/// naming every field problem stays well inside it).
pub const MESSAGE_MAX_CHARS: usize = 2_000;
/// The longest message one field problem carries.
pub const FIELD_MESSAGE_MAX_CHARS: usize = 500;

fn capped(text: String, max: usize) -> String {
    // Most messages are short: only a long one is counted in characters and copied.
    if text.len() <= max {
        text
    } else {
        quote_max(&text, max)
    }
}

/// `text` as an error quotes it: whole when short, else its first [`QUOTE_MAX_CHARS`] characters
/// followed by how many were cut, so an error never echoes a large input back.
pub fn quote(text: &str) -> String {
    quote_max(text, QUOTE_MAX_CHARS)
}

/// [`quote`] with another limit (in characters).
pub fn quote_max(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            format!("{}… ({rest} more characters not shown)", &text[..cut])
        }
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
            message: capped(message.into(), FIELD_MESSAGE_MAX_CHARS),
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
            Error::validation(format!("{what} is not valid — {}", list.join("; "))).with_detail(
                ErrorDetail {
                    fields: Some(self.0),
                    ..Default::default()
                },
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_capped_and_say_how_much_was_cut() {
        assert_eq!(quote("short"), "short");
        let long = "é".repeat(10_000_000);
        let q = quote(&long);
        assert!(q.chars().count() < QUOTE_MAX_CHARS + 60, "{}", q.len());
        assert!(q.ends_with("… (9999800 more characters not shown)"), "{q}");
        assert_eq!(quote_max("abcdef", 6), "abcdef");
        assert_eq!(
            quote_max("abcdefg", 6),
            "abcdef… (1 more characters not shown)"
        );
    }

    #[test]
    fn a_message_quoting_a_huge_input_is_cut() {
        let huge = "x".repeat(10 * 1024 * 1024);
        let e = Error::validation(format!("`{huge}` is not a routing id"));
        assert!(
            e.message.len() < MESSAGE_MAX_CHARS + 60,
            "{}",
            e.message.len()
        );
        assert!(
            e.message.ends_with("more characters not shown)"),
            "{}",
            &e.message[1900..]
        );
        let mut f = FieldErrors::default();
        f.push("config", format!("duplicate key `{huge}`"));
        let e = f.into_result("The entry").unwrap_err();
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.len() < 4_000, "{}", json.len());
        // Short messages are kept whole.
        assert_eq!(Error::validation("short").message, "short");
    }

    #[test]
    fn the_cause_is_kept_for_logs_and_never_serialized() {
        let io = std::io::Error::other("disk on fire");
        let e = Error::internal("cannot write").with_cause(io);
        assert_eq!(
            e.chain(),
            "INTERNAL: cannot write | caused by: disk on fire"
        );
        let json = serde_json::to_string(&e).unwrap();
        assert!(!json.contains("fire"), "{json}");
        assert_eq!(e, Error::internal("cannot write"));
        assert!(std::error::Error::source(&e).is_some());
    }

    #[test]
    fn a_constraint_is_named_exactly() {
        let c = Constraint {
            kind: ConstraintKind::Unique,
            name: Some("UX_Voice_Code".into()),
            engine_code: 2067,
        };
        let e = Error::already_exists("x").with_detail(ErrorDetail {
            constraint: Some(c.clone()),
            ..Default::default()
        });
        assert_eq!(e.constraint(), Some(c));
        assert!(e.violates("UX_Voice_Code"));
        assert!(!e.violates("UX_Voice"));
        assert!(!Error::conflict("x").violates("UX_Voice_Code"));
    }

    #[test]
    fn details_are_typed_and_cross_the_boundary_as_camel_case_json() {
        let e = Error::conflict("x").with_detail(ErrorDetail {
            change_set_id: Some("c".into()),
            based_on_version: Some(2),
            live_version: Some(3),
            ..Default::default()
        });
        let d = e.detail_view();
        assert_eq!((d.based_on_version, d.live_version), (Some(2), Some(3)));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":"CONFLICT","message":"x","detail":{"basedOnVersion":2,"liveVersion":3,"changeSetId":"c"}}"#
        );
        assert_eq!(e.detail_json()["changeSetId"], "c");
        let mut f = FieldErrors::default();
        f.push("sourceId", "is required");
        let d = f.into_result("x").unwrap_err().detail_view();
        assert_eq!(d.fields.unwrap()[0].field, "sourceId");
        assert_eq!(Error::internal("x").detail_view(), ErrorDetail::default());
        assert_eq!(Error::internal("x").detail_json(), serde_json::Value::Null);
        // The typed detail reads back from its JSON.
        let back: Error = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn a_remedy_is_typed_detail_and_survives_more_detail() {
        let r = Remedy::ReplaceEnvironment {
            environment: "acc".into(),
        };
        let e = Error::already_exists("x").with_remedy(r.clone());
        assert_eq!(
            e.detail_json(),
            serde_json::json!({ "remedy": { "kind": "replaceEnvironment", "environment": "acc" } })
        );
        assert_eq!(e.remedy(), Some(r.clone()));
        assert_eq!(e.detail_view().remedy, Some(r.clone()));
        // Field errors added afterwards keep it; a remedy added after field errors keeps them.
        let e = e.at_field("name", "taken");
        assert_eq!(e.remedy(), Some(r.clone()));
        assert_eq!(e.detail_view().fields.unwrap().len(), 1);
        let e = Error::validation("x")
            .at_field("name", "taken")
            .with_remedy(Remedy::ForceTrust);
        let d = e.detail_view();
        assert_eq!(
            (d.fields.unwrap().len(), d.remedy),
            (1, Some(Remedy::ForceTrust))
        );
        assert_eq!(
            serde_json::to_value(Remedy::ListMessageKeys { store_id: 3 }).unwrap(),
            serde_json::json!({ "kind": "listMessageKeys", "storeId": 3 })
        );
        assert_eq!(Error::internal("x").remedy(), None);
    }

    #[test]
    fn only_busy_is_retryable() {
        assert!(ErrorCode::Busy.is_retryable());
        assert!(!ErrorCode::Conflict.is_retryable());
        assert_eq!(ErrorCode::AlreadyExists.as_str(), "ALREADY_EXISTS");
        assert_eq!(
            serde_json::to_value(ErrorCode::AlreadyExists).unwrap(),
            "ALREADY_EXISTS"
        );
        assert_eq!(serde_json::to_value(ErrorCode::Busy).unwrap(), "BUSY");
    }
}
