//! What every subcommand shares: global options, the context, output and errors.

pub mod audit;
pub mod dict;
pub mod env;
pub mod flow;
pub mod messages;
pub mod migrate;
pub mod routing;
pub mod table;

use clap::Args;
use ivr_app::{OpenEnvironment, Studio, Target, Tier};
use ivr_domain::{Error, ErrorCode, ErrorDetail, Remedy, Result};
use serde::Serialize;
use std::io::Write;

/// Options accepted before or after any subcommand.
#[derive(Args, Clone)]
pub struct Global {
    /// Environment (profile) to work on [default: local]
    #[arg(long, global = true, value_name = "NAME")]
    pub env: Option<String>,

    /// Connection string for this run instead of a profile; no keyring needed (CI/CD)
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "IVR_DATABASE_URL",
        hide_env_values = true
    )]
    pub url: Option<String>,

    /// Tier of the --url database; prd makes it read-only until --unlock url
    #[arg(long, global = true, value_name = "TIER", default_value = "dvp")]
    pub url_tier: TierArg,

    /// Allow writes on a prd (or read-only) environment for this run; NAME must be the environment's name
    #[arg(long, global = true, value_name = "NAME")]
    pub unlock: Option<String>,

    /// Print the result (or the error) as JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierArg {
    Local,
    Dvp,
    Acc,
    Prd,
}

impl From<TierArg> for Tier {
    fn from(t: TierArg) -> Tier {
        match t {
            TierArg::Local => Tier::Local,
            TierArg::Dvp => Tier::Dvp,
            TierArg::Acc => Tier::Acc,
            TierArg::Prd => Tier::Prd,
        }
    }
}

/// Handed to every subcommand.
pub struct Ctx {
    pub studio: Studio,
    pub global: Global,
}

impl Ctx {
    pub fn new(global: Global) -> Result<Ctx> {
        Ok(Ctx {
            studio: Studio::from_env()?,
            global,
        })
    }

    /// The environment chosen by `--env` / `--url` / `IVR_DATABASE_URL` (default `local`).
    pub fn target(&self) -> Result<Target> {
        let url = self.global.url.as_deref().filter(|u| !u.trim().is_empty());
        match (&self.global.env, url) {
            (Some(_), Some(_)) => Err(Error::validation(
                "both --env and a connection URL (--url or IVR_DATABASE_URL) are given; use one of them",
            )),
            (_, Some(url)) => Ok(Target::Url {
                url: url.to_string(),
                tier: self.global.url_tier.into(),
            }),
            (Some(name), None) => Ok(Target::env(name.clone())),
            (None, None) => Ok(Target::env(ivr_app::profiles::LOCAL)),
        }
    }

    /// Opens the chosen environment, unlocked when `--unlock` names it.
    /// Writes take `env.writable()?`, which refuses while it is locked.
    pub async fn open(&self) -> Result<OpenEnvironment> {
        let mut env = self.studio.open(&self.target()?).await?;
        self.apply_unlock(&mut env)?;
        Ok(env)
    }

    /// Applies `--unlock NAME` to an environment opened some other way (e.g. `open_as_is`).
    /// Checked even where nothing is locked, so `--unlock prd` on another environment is noticed
    /// rather than silently ignored.
    pub fn apply_unlock(&self, env: &mut OpenEnvironment) -> Result<()> {
        if let Some(typed) = &self.global.unlock {
            if typed.trim() != env.name() {
                return Err(Error::validation(format!(
                    "--unlock {typed} does not match the environment `{}`: give its name exactly",
                    env.name()
                )));
            }
            env.unlock(typed)?;
        }
        Ok(())
    }
}

/// A command's result: the JSON value for `--json`, the text for people, and the exit status
/// (0, or the status of the error a report stands for: a dry run that finds errors, a verify
/// that is not clean).
pub struct Reply {
    /// The `--json` answer, already written: serialized straight to text, because a
    /// `serde_json::Value` in between would round a user's number kept as written (`RawJson`).
    pub json: String,
    pub text: String,
    pub status: i32,
}

impl Reply {
    pub fn new(value: &impl Serialize, text: impl Into<String>) -> Reply {
        let json = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
            error_json(
                &Error::internal(format!("cannot show the result as JSON: {e}")),
                &[],
            )
        });
        Reply {
            json,
            text: text.into(),
            status: 0,
        }
    }

    /// A JSON text (printed for `--json`, as it is) and the text for people.
    pub fn raw(json: String, text: String) -> Reply {
        Reply {
            json,
            text,
            status: 0,
        }
    }

    /// The report is printed as the answer, and the command exits as an error `code` would.
    pub fn exit_as(mut self, code: ErrorCode) -> Reply {
        self.status = exit_code(code);
        self
    }

    /// Prints the answer and exits with its status when that is not 0.
    pub fn finish(&self, json: bool) {
        self.print(json);
        if self.status != 0 {
            std::process::exit(self.status);
        }
    }

    pub fn print(&self, json: bool) {
        // Write errors (a closed pipe, as in `ivr ... | head`) are not worth a panic.
        let mut out = std::io::stdout().lock();
        if json {
            let _ = writeln!(out, "{}", self.json.trim_end());
        } else if !self.text.is_empty() {
            let _ = writeln!(out, "{}", self.text.trim_end());
        }
        let _ = out.flush();
    }
}

/// Writes an exported text to `path` (whole or not at all) and answers what was written.
pub async fn write_export(path: &std::path::Path, text: &str) -> Result<Reply> {
    let written = ivr_app::message_files::write_text(path, text.to_owned()).await?;
    let line = format!("wrote {} ({} bytes)", path.display(), written.bytes);
    Ok(Reply::new(&written, line))
}

/// Something failed (CONNECTION, KEYRING, migrations, INTERNAL).
pub const EXIT_FAILED: i32 = 1;
/// The request was refused as given: fix the input (or reload, on CONFLICT).
pub const EXIT_REFUSED: i32 = 2;
/// BUSY: nothing was changed and the same command may succeed when run again (`EX_TEMPFAIL`).
pub const EXIT_TRY_AGAIN: i32 = 75;

/// The exit status for an error code (README, "Command line").
pub fn exit_code(code: ErrorCode) -> i32 {
    match code {
        ErrorCode::Validation
        | ErrorCode::NotFound
        | ErrorCode::Conflict
        | ErrorCode::AlreadyExists
        | ErrorCode::ReadOnly
        | ErrorCode::Config => EXIT_REFUSED,
        ErrorCode::Busy => EXIT_TRY_AGAIN,
        ErrorCode::Connection
        | ErrorCode::MigrationChecksum
        | ErrorCode::MigrationFailed
        | ErrorCode::MigrationLocked
        | ErrorCode::DatabaseNewer
        | ErrorCode::Drift
        | ErrorCode::NotDeployed
        | ErrorCode::Keyring
        | ErrorCode::Internal => EXIT_FAILED,
    }
}

/// What to type about a remedy ([`Remedy`], `detail.remedy`): this adapter's words for it.
pub fn remedy_hint(r: &Remedy) -> String {
    match r {
        Remedy::ReplaceEnvironment { environment } => format!(
            "add it again with --replace to replace it, or remove it first with `ivr env remove {environment}`"
        ),
        Remedy::ListEnvironments => {
            "`ivr env list` shows the environments; `ivr env add` adds one".into()
        }
        Remedy::UnlockEnvironment { environment } => {
            format!("pass --unlock {environment} to write for this run")
        }
        Remedy::SetPassword { environment } => {
            format!("store it with `ivr env set-password {environment}`")
        }
        Remedy::ForceTrust => "pass --force-trust if you accept the risk".into(),
        Remedy::WithoutKeyring => {
            "give the connection for this run with --url or IVR_DATABASE_URL".into()
        }
        Remedy::RepairMigration => {
            "after fixing the file, run `ivr migrate repair`, then `ivr migrate deploy`".into()
        }
        Remedy::DeployMigrations => {
            "deploy its migrations first: `ivr migrate deploy` (with the same --env)".into()
        }
        Remedy::AllowDestructive => {
            "review them with `ivr migrate plan`, then deploy with --allow-destructive".into()
        }
        Remedy::ListMigrations => "`ivr migrate status` lists the versions".into(),
        Remedy::ListMessageStores => "`ivr messages store list` shows the stores".into(),
        Remedy::CreateMessageStore { customer, project } => format!(
            "create one with `ivr messages store create --customer {customer} --project {project} --name … --languages … --default …`"
        ),
        Remedy::ListMessageKeys { store_id } => {
            format!("`ivr messages key list {store_id}` shows its keys")
        }
        Remedy::DeleteUnpublishedVersion { versions } => format!(
            "delete one with `ivr messages version delete STORE KEY VERSION` (VERSION one of {})",
            versions
                .iter()
                .map(i32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Remedy::ListDrafts { routing_id } => match routing_id {
            Some(id) => format!("`ivr flow drafts {id}` lists its drafts"),
            None => "`ivr flow drafts` lists the drafts".into(),
        },
        Remedy::ListFlowVersions { routing_id } => {
            format!("`ivr flow versions {routing_id}` lists its versions")
        }
        Remedy::CompareDraftWithLive {
            routing_id,
            change_set_id,
        } => format!("compare with `ivr flow diff {routing_id} --draft {change_set_id}`"),
    }
}

/// The hint lines of an error for this command: its remedy in the CLI's words, and the options
/// of the command (`flags`, its long names) that its field problems are about.
pub fn hints(e: &Error, flags: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = e.remedy() {
        out.push(remedy_hint(&r));
    }
    let fields = e.detail_view().fields.unwrap_or_default();
    let mut named: Vec<String> = Vec::new();
    for f in fields {
        let flag = kebab(&f.field);
        if flags.contains(&flag) && !named.contains(&flag) {
            named.push(flag);
        }
    }
    if !named.is_empty() {
        let list: Vec<String> = named.iter().map(|f| format!("--{f}")).collect();
        out.push(format!("check {}", list.join(", ")));
    }
    out
}

/// A field name (`trustServerCertificate`, `display_name`) as an option name (`trust-server-certificate`).
fn kebab(field: &str) -> String {
    let mut out = String::new();
    for c in field.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// Logs the error once (with its cause), prints it with its hints ([`hints`]; `flags`: the
/// command's long option names) and exits with its status.
pub fn fail(command: &str, e: &Error, json: bool, flags: &[String]) -> ! {
    ivr_app::log_command_error(command, e);
    let hints = hints(e, flags);
    if json {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", error_json(e, &hints));
        let _ = out.flush();
    } else {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "error[{}]: {}", e.code, e.message);
        for h in &hints {
            let _ = writeln!(err, "hint: {h}");
        }
    }
    std::process::exit(exit_code(e.code))
}

/// The `--json` text of an error with its hints.
fn error_json(e: &Error, hints: &[String]) -> String {
    let body = ErrorEnvelope {
        error: ErrorBody {
            code: e.code,
            message: &e.message,
            detail: e.detail.as_deref(),
            hint: (!hints.is_empty()).then(|| hints.join("; ")),
        },
    };
    serde_json::to_string_pretty(&body).unwrap_or_default()
}

/// What `--json` prints for an error: `{"error": {code, message, detail, hint?}}` (scripts read
/// it by these names; `detail` is null when the error has none).
#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: ErrorCode,
    message: &'a str,
    detail: Option<&'a ErrorDetail>,
    /// The hints of [`hints`], joined; absent when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

/// `--help` and `--version` print as usual; usage errors become VALIDATION (JSON with `--json`).
pub fn exit_on_usage_error(e: clap::Error, json: bool) -> ! {
    use clap::error::ErrorKind;
    if !json
        || matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        e.exit()
    }
    fail("", &usage_error(&e.render().to_string()), true, &[])
}

/// clap's rendered usage error as one VALIDATION message: its first line plus the lines under it
/// (the missing arguments, a tip), and the usage line in `detail.usage`.
fn usage_error(rendered: &str) -> Error {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("invalid command line")
        .trim_start_matches("error: ")
        .to_string();
    let mut more = Vec::new();
    let mut usage = None;
    for l in lines {
        if let Some(u) = l.strip_prefix("Usage:") {
            usage = Some(u.trim().to_string());
        } else if !l.starts_with("For more information") {
            more.push(l);
        }
    }
    let message = match (more.is_empty(), first.ends_with(':')) {
        (true, _) => first,
        (false, true) => format!("{first} {}", more.join(", ")),
        (false, false) => format!("{first} ({})", more.join("; ")),
    };
    let e = Error::validation(format!("{message}; see `ivr --help`"));
    match usage {
        Some(u) => e.with_detail(ErrorDetail {
            usage: Some(u),
            ..Default::default()
        }),
        None => e,
    }
}

/// Logs to stderr, filtered by RUST_LOG (default: warnings).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_error_keeps_the_missing_arguments_and_the_usage() {
        let rendered = "error: the following required arguments were not provided:\n  --tier <TIER>\n  <NAME>\n\nUsage: ivr env add --tier <TIER> <NAME>\n\nFor more information, try '--help'.\n";
        let e = usage_error(rendered);
        assert_eq!(
            e.message,
            "the following required arguments were not provided: --tier <TIER>, <NAME>; see `ivr --help`"
        );
        assert_eq!(e.detail_json()["usage"], "ivr env add --tier <TIER> <NAME>");
        let e = usage_error("error: unexpected argument '--nope' found\n\n  tip: to pass '--nope' as a value, use '-- --nope'\n\nUsage: ivr env list\n");
        assert_eq!(
            e.message,
            "unexpected argument '--nope' found (tip: to pass '--nope' as a value, use '-- --nope'); see `ivr --help`"
        );
    }
    use ivr_app::{Home, SessionStore};
    use std::sync::Arc;

    fn ctx(
        dir: &std::path::Path,
        env: Option<&str>,
        url: Option<&str>,
        unlock: Option<&str>,
    ) -> Ctx {
        Ctx {
            studio: Studio::new(Home::at(dir), Arc::new(SessionStore::new())),
            global: Global {
                env: env.map(Into::into),
                url: url.map(Into::into),
                url_tier: TierArg::Prd,
                unlock: unlock.map(Into::into),
                json: false,
            },
        }
    }

    #[test]
    fn target_resolution() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(
            ctx(d.path(), None, None, None).target().unwrap(),
            Target::env("local")
        );
        assert_eq!(
            ctx(d.path(), Some("dev"), None, None).target().unwrap(),
            Target::env("dev")
        );
        assert_eq!(
            ctx(d.path(), None, Some("sqlserver://h"), None)
                .target()
                .unwrap(),
            Target::Url {
                url: "sqlserver://h".into(),
                tier: Tier::Prd
            }
        );
        assert_eq!(
            ctx(d.path(), None, Some("  "), None).target().unwrap(),
            Target::env("local")
        );
        let e = ctx(d.path(), Some("dev"), Some("sqlserver://h"), None)
            .target()
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
    }

    #[tokio::test]
    async fn unlock_must_name_the_opened_environment() {
        let d = tempfile::tempdir().unwrap();
        let e = ctx(d.path(), None, None, Some("prd"))
            .open()
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        let env = ctx(d.path(), None, None, Some("local"))
            .open()
            .await
            .unwrap();
        assert!(!env.read_only());
    }

    #[test]
    fn hints_word_the_remedy_and_name_the_options_of_field_problems() {
        let e = Error::already_exists("x").with_remedy(Remedy::ReplaceEnvironment {
            environment: "acc".into(),
        });
        let h = hints(&e, &[]);
        assert_eq!(h.len(), 1);
        assert!(
            h[0].contains("--replace") && h[0].contains("ivr env remove acc"),
            "{h:?}"
        );
        let mut f = ivr_domain::error::FieldErrors::default();
        f.push("host", "give the SQL Server host name");
        f.push("trustServerCertificate", "refused");
        f.push("content.nl-BE", "empty");
        let e = f.into_result("the profile").unwrap_err();
        let flags: Vec<String> = ["host", "trust-server-certificate", "port"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            hints(&e, &flags),
            ["check --host, --trust-server-certificate"]
        );
        assert!(hints(&e, &[]).is_empty());
        assert!(hints(&Error::internal("x"), &flags).is_empty());
    }

    #[test]
    fn exit_codes() {
        assert_eq!(exit_code(ErrorCode::Validation), 2);
        assert_eq!(exit_code(ErrorCode::ReadOnly), 2);
        assert_eq!(exit_code(ErrorCode::Connection), 1);
        assert_eq!(exit_code(ErrorCode::Internal), 1);
        assert_eq!(exit_code(ErrorCode::AlreadyExists), 2);
        assert_eq!(exit_code(ErrorCode::Busy), 75);
        assert_ne!(exit_code(ErrorCode::Busy), exit_code(ErrorCode::Conflict));
    }
}
