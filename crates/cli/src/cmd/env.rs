//! `ivr env …`: environment profiles, their passwords, connection tests.

use super::{Ctx, Reply, TierArg};
use clap::{Args, Subcommand};
use ivr_app::env_draft::{self, ComposeRequest, DraftFields};
use ivr_app::studio::{EnvironmentInfo, PasswordState};
use ivr_app::Target;
use ivr_domain::connection;
use ivr_domain::connection::Engine;
use ivr_domain::{Error, Result};
use std::io::{BufRead, IsTerminal};

#[derive(Subcommand)]
pub enum EnvCommand {
    /// Add an environment from a connection string or from field options; the password goes to the OS keyring
    Add(AddArgs),
    /// List the environments (`local` is always there)
    List,
    /// Show one environment (never its password)
    Show { name: String },
    /// Remove an environment and its stored password
    Remove { name: String },
    /// Store or replace the password of an environment in the OS keyring
    SetPassword {
        name: String,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// Connect once and report the server version (NAME, else --env / --url)
    Test {
        name: Option<String>,
        /// Seconds to wait for the server (1–120)
        #[arg(long, default_value_t = 15, value_name = "SECONDS")]
        timeout: u32,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// Environment name: lowercase letters, digits, `-`, `_`
    name: String,
    /// local, dvp, acc or prd (prd opens read-only until unlocked)
    #[arg(long)]
    tier: TierArg,
    /// ADO.NET (Server=tcp:host,1433;Database=…;User Id=…;Password=…) or sqlserver://… string.
    /// A password in it is moved to the OS keyring; note that command lines are visible to other
    /// local users: prefer --password-stdin or the prompt
    #[arg(long, value_name = "STRING")]
    connection_string: Option<String>,
    /// sqlite or mssql [default: mssql]
    #[arg(long, value_enum)]
    engine: Option<EngineArg>,
    #[arg(long)]
    host: Option<String>,
    /// [default: 1433]
    #[arg(long)]
    port: Option<u16>,
    /// Database name (SQLite: the file, relative to the data folder)
    #[arg(long)]
    database: Option<String>,
    #[arg(long)]
    user: Option<String>,
    /// TLS [default: true]
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    encrypt: Option<bool>,
    /// Accept any server certificate (refused for prd unless --force-trust)
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    trust_server_certificate: Option<bool>,
    /// Accept --trust-server-certificate on a prd environment
    #[arg(long)]
    force_trust: bool,
    /// Open read-only until unlocked, whatever the tier
    #[arg(long)]
    read_only: bool,
    /// Name written to CreatedBy / UpdatedBy (default: the OS user)
    #[arg(long)]
    display_name: Option<String>,
    /// Seconds an interactive command may take to open this environment before it fails (SQL
    /// Server; also `Connect Timeout=` in the string) [default: 15]
    #[arg(long, value_name = "SECS")]
    connect_timeout: Option<u32>,
    /// Read the password from the first line of standard input (else: prompt on a terminal)
    #[arg(long)]
    password_stdin: bool,
    /// Replace an existing environment of the same name
    #[arg(long)]
    replace: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineArg {
    Sqlite,
    Mssql,
}

pub async fn run(cmd: EnvCommand, ctx: &Ctx) -> Result<Reply> {
    let studio = &ctx.studio;
    match cmd {
        EnvCommand::Add(args) => add(args, ctx),
        EnvCommand::List => {
            let list = studio.list_environments()?;
            Ok(Reply::new(&list, list_text(&list)))
        }
        EnvCommand::Show { name } => {
            let info = studio.show_environment(&name)?;
            Ok(Reply::new(&info, show_text(&info)))
        }
        EnvCommand::Remove { name } => {
            let removed = studio.remove_environment(&name)?;
            let mut text = format!("removed environment `{}`", removed.name);
            for w in &removed.warnings {
                text.push_str(&format!("\nwarning: {w}"));
            }
            Ok(Reply::new(&removed, text))
        }
        EnvCommand::SetPassword {
            name,
            password_stdin,
        } => {
            // Checked first, so nobody types a password for nothing.
            studio.profiles().get(&name)?;
            let Some(pw) = read_password(password_stdin, &name)? else {
                return Err(Error::validation(
                    "no password given: type it at the prompt, or pipe it with --password-stdin",
                ));
            };
            let info = studio.set_password(&name, &pw, false)?;
            let kind = studio.secrets().kind();
            Ok(Reply::new(
                &info,
                format!("password for `{name}` stored in the {kind}"),
            ))
        }
        EnvCommand::Test { name, timeout } => {
            let target = match name {
                Some(n) => Target::env(n),
                None => ctx.target()?,
            };
            let t = studio
                .test_environment(&target, ivr_app::studio::test_timeout(timeout))
                .await?;
            let mut text = format!(
                "connected to `{}` ({}, {})\ndatabase: {}\nserver: {}\nacting as: {}",
                t.environment,
                t.tier,
                engine_str(t.engine),
                t.database,
                t.server_version.lines().next().unwrap_or(""),
                t.actor
            );
            if t.read_only {
                text.push_str("\nread-only until unlocked");
            }
            if let Some(n) = t.pending_migrations {
                text.push_str(&format!("\npending migrations: {n}"));
            }
            Ok(Reply::new(&t, text))
        }
    }
}

fn add(a: AddArgs, ctx: &Ctx) -> Result<Reply> {
    let engine = a.engine.map(|e| match e {
        EngineArg::Sqlite => Engine::Sqlite,
        EngineArg::Mssql => Engine::Mssql,
    });
    let composed = env_draft::compose(&ComposeRequest {
        name: a.name,
        tier: a.tier.into(),
        engine,
        connection_string: a.connection_string,
        fields: DraftFields {
            host: a.host,
            port: a.port,
            database: a.database,
            user: a.user,
            encrypt: a.encrypt,
            trust_server_certificate: a.trust_server_certificate,
            connect_timeout_secs: a.connect_timeout,
            read_only: a.read_only.then_some(true),
            display_name: a.display_name,
        },
    })?;
    let (mut draft, string_password) = (composed.draft, composed.password);
    draft.force_trust = a.force_trust;
    // The same rules as the desktop app's form, all checked before anyone is asked for a password.
    let (profile, _) = ctx
        .studio
        .check_add(&draft, string_password.is_some(), a.replace)?;
    let password = match (string_password, profile.engine) {
        (Some(_), _) if a.password_stdin => {
            return Err(Error::validation(
                "the connection string has a password and --password-stdin was given: give the password one way",
            ))
        }
        (Some(p), _) => Some(p),
        (None, Engine::Mssql) => read_password(a.password_stdin, &profile.name)?,
        (None, Engine::Sqlite) => None,
    };
    draft.password = password;
    let added = ctx.studio.add_environment(&draft, a.replace)?;
    let p = &added.profile;
    let mut text = format!(
        "added environment `{}` ({}, {}) -> {}",
        p.name,
        p.tier,
        engine_str(p.engine),
        p.describe()
    );
    if p.engine == Engine::Mssql {
        if added.password_stored {
            text.push_str(&format!(
                "\npassword: stored in the {}",
                added.password_store
            ));
        } else {
            text.push_str(&format!(
                "\npassword: not stored; store it with `ivr env set-password {}`",
                p.name
            ));
        }
    }
    if p.starts_read_only() {
        text.push_str(&format!(
            "\nopens read-only; write with --unlock {}",
            p.name
        ));
    }
    for w in &added.warnings {
        text.push_str(&format!("\nwarning: {w}"));
    }
    Ok(Reply::new(&added, text))
}

/// `--password-stdin`: the first line of stdin. Else a hidden prompt on a terminal. Else none.
fn read_password(from_stdin: bool, env: &str) -> Result<Option<String>> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Error::validation(format!("cannot read the password from standard input: {e}"))
        })?;
        let pw = line.trim_end_matches(['\r', '\n']).to_string();
        if pw.is_empty() {
            return Err(Error::validation(
                "--password-stdin was given but standard input had no password on its first line",
            ));
        }
        return Ok(Some(pw));
    }
    if std::io::stdin().is_terminal() {
        let pw = rpassword::prompt_password(format!("Password for `{env}` (empty: none): "))
            .map_err(|e| Error::validation(format!("cannot read the password: {e}")))?;
        return Ok(Some(pw).filter(|p| !p.is_empty()));
    }
    Ok(None)
}

fn engine_str(e: Engine) -> &'static str {
    match e {
        Engine::Sqlite => "sqlite",
        Engine::Mssql => "mssql",
    }
}

fn list_text(list: &[EnvironmentInfo]) -> String {
    let rows: Vec<[String; 5]> = list
        .iter()
        .map(|i| {
            let p = &i.profile;
            let mut flags = Vec::new();
            if i.starts_read_only {
                flags.push("read-only");
            }
            if p.engine == Engine::Mssql && !p.encrypt {
                flags.push("no-tls");
            }
            if p.trust_server_certificate {
                flags.push("trusts-any-cert");
            }
            [
                p.name.clone(),
                p.tier.to_string(),
                engine_str(p.engine).to_string(),
                p.describe(),
                flags.join(","),
            ]
        })
        .collect();
    let header = [
        "NAME".to_string(),
        "TIER".into(),
        "ENGINE".into(),
        "DATABASE".into(),
        "FLAGS".into(),
    ];
    let mut widths = [0usize; 5];
    for r in std::iter::once(&header).chain(rows.iter()) {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    std::iter::once(&header)
        .chain(rows.iter())
        .map(|r| {
            r.iter()
                .zip(widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn show_text(i: &EnvironmentInfo) -> String {
    let p = &i.profile;
    let mut lines = vec![
        format!("name: {}", p.name),
        format!("tier: {} ({})", p.tier, i.colour),
        format!("engine: {}", engine_str(p.engine)),
    ];
    match p.engine {
        Engine::Sqlite => lines.push(format!("file: {}", p.database.as_deref().unwrap_or(""))),
        Engine::Mssql => {
            lines.push(format!("host: {}", p.host.as_deref().unwrap_or("")));
            lines.push(format!(
                "port: {}",
                p.port.unwrap_or(connection::DEFAULT_PORT)
            ));
            lines.push(format!("database: {}", p.database.as_deref().unwrap_or("")));
            lines.push(format!("user: {}", p.user.as_deref().unwrap_or("")));
            lines.push(format!("encrypt: {}", p.encrypt));
            lines.push(format!(
                "trust_server_certificate: {}",
                p.trust_server_certificate
            ));
            lines.push(format!(
                "connect_timeout: {} s",
                p.connect_timeout_secs
                    .unwrap_or(ivr_app::profiles::DEFAULT_CONNECT_TIMEOUT_SECS)
            ));
        }
    }
    lines.push(format!(
        "read_only: {}{}",
        p.read_only,
        if i.starts_read_only && !p.read_only {
            " (prd: opens read-only until unlocked)"
        } else {
            ""
        }
    ));
    lines.push(format!(
        "display_name: {}",
        p.display_name.as_deref().unwrap_or("(the OS user)")
    ));
    if let Some(state) = i.password {
        if state != PasswordState::NotNeeded {
            lines.push(format!("password: {}", state.describe()));
        }
    }
    lines.join("\n")
}
