//! The one error type that crosses every layer boundary.
//!
//! The UI and the CLI branch on [`ErrorCode`]; the message is for people and says what to do next.
//! Nothing secret ever goes into a message or a detail.

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
    /// Structured context the UI can use (field errors, the current version on CONFLICT, the
    /// constraint on ALREADY_EXISTS, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
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
    /// is an object without one.
    pub fn with_detail(mut self, mut detail: serde_json::Value) -> Self {
        let kept = self
            .detail
            .as_mut()
            .and_then(|d| d.get_mut(REMEDY_KEY).map(std::mem::take));
        if let (Some(r), Some(o)) = (kept, detail.as_object_mut()) {
            o.entry(REMEDY_KEY).or_insert(r);
        }
        self.detail = Some(detail);
        self
    }
    /// What the user can do about it (`detail.remedy`), which each adapter words for its own
    /// user: the CLI names its command or flag, the desktop app its screen or button. The
    /// message itself says what to do in neutral words.
    pub fn with_remedy(mut self, remedy: Remedy) -> Self {
        let value = serde_json::to_value(&remedy).unwrap_or(serde_json::Value::Null);
        match self.detail.as_mut().and_then(|d| d.as_object_mut()) {
            Some(o) => {
                o.insert(REMEDY_KEY.into(), value);
            }
            None => self.detail = Some(serde_json::json!({ REMEDY_KEY: value })),
        }
        self
    }
    /// `detail.remedy`, when the error carries one.
    pub fn remedy(&self) -> Option<Remedy> {
        let r = self.detail.as_ref()?.get(REMEDY_KEY)?;
        serde_json::from_value(r.clone()).ok()
    }
    /// The error is about one input field: `detail.fields` names it (a form shows `message` there).
    pub fn at_field(self, field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut f = FieldErrors::default();
        f.push(field, message);
        self.with_detail(serde_json::json!({ "fields": f.0 }))
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
    /// The typed keys of `detail` ([`ErrorDetail`]); `Err` names a key whose value has another
    /// type than the contract says (a bug in whatever built the detail).
    pub fn detail_view(&self) -> Result<ErrorDetail, String> {
        match &self.detail {
            None | Some(serde_json::Value::Null) => Ok(ErrorDetail::default()),
            Some(d) => serde_json::from_value(d.clone()).map_err(|e| e.to_string()),
        }
    }
    /// The database constraint that refused a write (`detail.constraint`), if one did.
    pub fn constraint(&self) -> Option<Constraint> {
        let c = self.detail.as_ref()?.get("constraint")?;
        serde_json::from_value(c.clone()).ok()
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

/// The keys of `detail` that adapters read, typed (TypeScript: `ErrorDetail`, read in the UI through
/// `detailOf`). A detail may carry more keys for people and scripts (`changeSetId`, `key`, …);
/// these are the ones code branches on, and every detail the app produces reads as this type
/// ([`Error::detail_view`]; the bad-input corpus checks it for every refusal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    /// VALIDATION (and a form field's ALREADY_EXISTS): every field problem at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub fields: Option<Vec<FieldError>>,
    /// ALREADY_EXISTS or VALIDATION a database rule raised: which rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub constraint: Option<Constraint>,
    /// BUSY: the same request may succeed when tried again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub retryable: Option<bool>,
    /// CONNECTION: the user stopped the command (nothing was changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub cancelled: Option<bool>,
    /// CONFLICT on a draft changed elsewhere: the draft's current revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub revision: Option<String>,
    /// CONFLICT on publishing: the live version the draft was opened from, and the live one now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub based_on_version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub live_version: Option<i64>,
    /// CONFLICT on a stale row: the row as it is now (its type depends on the use case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub current: Option<serde_json::Value>,
    /// What the user can do about it, worded by each adapter ([`Remedy`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub remedy: Option<Remedy>,
}

const REMEDY_KEY: &str = "remedy";

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
    /// Destructive statements run only when acknowledged, after reviewing the plan.
    AllowDestructive,
    /// The migrations this build has (their versions).
    ListMigrations,
    /// No such message store: see the stores.
    ListMessageStores,
    /// A company project has no message store: create one.
    CreateMessageStore { customer: String, project: String },
    /// No such key in a store: see the store's keys.
    ListMessageKeys { store_id: i32 },
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
            Error::validation(format!("{what} is not valid — {}", list.join("; ")))
                .with_detail(serde_json::json!({ "fields": self.0 })),
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
        let e = Error::already_exists("x").with_detail(serde_json::json!({ "constraint": c }));
        assert_eq!(e.constraint(), Some(c));
        assert!(e.violates("UX_Voice_Code"));
        assert!(!e.violates("UX_Voice"));
        assert!(!Error::conflict("x").violates("UX_Voice_Code"));
    }

    #[test]
    fn details_read_as_the_typed_view() {
        let e = Error::conflict("x").with_detail(serde_json::json!({
            "changeSetId": "c", "basedOnVersion": 2, "liveVersion": 3,
        }));
        let d = e.detail_view().unwrap();
        assert_eq!((d.based_on_version, d.live_version), (Some(2), Some(3)));
        let mut f = FieldErrors::default();
        f.push("sourceId", "is required");
        let d = f.into_result("x").unwrap_err().detail_view().unwrap();
        assert_eq!(d.fields.unwrap()[0].field, "sourceId");
        assert_eq!(
            Error::internal("x").detail_view().unwrap(),
            ErrorDetail::default()
        );
        // A key with the wrong type is caught.
        let bad = Error::busy("x").with_detail(serde_json::json!({ "retryable": "yes" }));
        assert!(bad.detail_view().is_err());
    }

    #[test]
    fn a_remedy_is_typed_detail_and_survives_more_detail() {
        let r = Remedy::ReplaceEnvironment {
            environment: "acc".into(),
        };
        let e = Error::already_exists("x").with_remedy(r.clone());
        assert_eq!(
            e.detail,
            Some(
                serde_json::json!({ "remedy": { "kind": "replaceEnvironment", "environment": "acc" } })
            )
        );
        assert_eq!(e.remedy(), Some(r.clone()));
        assert_eq!(e.detail_view().unwrap().remedy, Some(r.clone()));
        // Field errors added afterwards keep it; a remedy added after field errors keeps them.
        let e = e.at_field("name", "taken");
        assert_eq!(e.remedy(), Some(r.clone()));
        assert_eq!(e.detail_view().unwrap().fields.unwrap().len(), 1);
        let e = Error::validation("x")
            .at_field("name", "taken")
            .with_remedy(Remedy::ForceTrust);
        let d = e.detail_view().unwrap();
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
