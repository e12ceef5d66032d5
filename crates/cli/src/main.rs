//! `ivr`: the IVR Studio command line. Parses arguments, calls `ivr-app`, prints the answer.

mod cmd;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use cmd::{Ctx, Global, Reply};
use ivr_domain::Result;

const AFTER_HELP: &str = "\
Output: text for people; with --json, the JSON of the result on stdout.
Errors: `error[CODE]: message` on stderr, then `hint: …` lines saying what to run or pass; with --json,
{\"error\":{\"code\",\"message\",\"detail\",\"hint\"}} on stdout (`detail.remedy` is the hint as data).
Exit status: 0 success; 2 the request was refused (VALIDATION, NOT_FOUND, CONFLICT, ALREADY_EXISTS,
READ_ONLY, CONFIG, or a command-line usage error); 75 BUSY (nothing changed, run it again); 1 any other
failure (CONNECTION, KEYRING, MIGRATION_*, DRIFT, INTERNAL, ...). A dry run that finds errors exits as
the real run would.
Environment: IVR_DATABASE_URL (same as --url), IVR_STUDIO_HOME (config and data folder), RUST_LOG (log
filter; logs go to stderr).
A URL or connection string on the command line is visible to other users of this machine (process
list, shell history): prefer IVR_DATABASE_URL, or profiles with the password in the OS keyring.";

#[derive(Parser)]
#[command(
    name = "ivr",
    version,
    about = "IVR Studio: routing data, flows, messages and schema migrations for IVR databases",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// One variant per area, each handled by its own module in `cmd/`.
/// To add an area: a variant here, `pub mod <area>;` in cmd/mod.rs, one arm in `run`.
#[derive(Subcommand)]
enum Command {
    /// Environments: profiles, passwords in the OS keyring, connection tests.
    #[command(subcommand)]
    Env(cmd::env::EnvCommand),
    /// The routing table: entry points (SourceId) to flows, with history and restore.
    #[command(subcommand)]
    Routing(cmd::routing::RoutingCommand),
    /// Dictionaries; admin edits of languages, voices and company projects.
    #[command(subcommand)]
    Dict(cmd::dict::DictCommand),
    /// The audit log of every change.
    #[command(subcommand)]
    Audit(cmd::audit::AuditCommand),
    /// Schema migrations: status, plan, deploy, verify, baseline, repair.
    #[command(subcommand)]
    Migrate(cmd::migrate::MigrateCommand),
    /// Flows: show, drafts, validate, diff, publish, discard, rollback, export/import files.
    #[command(subcommand)]
    Flow(cmd::flow::FlowCommand),
    /// Message stores: keys, versions in every language, publish/rollback, audit, voices, exchange files
    #[command(subcommand)]
    Messages(cmd::messages::MessagesCommand),
}

async fn run(command: Command, ctx: &Ctx) -> Result<Reply> {
    match command {
        Command::Env(c) => cmd::env::run(c, ctx).await,
        Command::Routing(c) => cmd::routing::run(c, ctx).await,
        Command::Dict(c) => cmd::dict::run(c, ctx).await,
        Command::Audit(c) => cmd::audit::run(c, ctx).await,
        Command::Migrate(c) => cmd::migrate::run(c, ctx).await,
        Command::Flow(c) => cmd::flow::run(c, ctx).await,
        Command::Messages(c) => cmd::messages::run(c, ctx).await,
    }
}

fn main() {
    cmd::init_tracing();
    let wants_json = std::env::args_os().any(|a| a == "--json");
    let matches = match Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => cmd::exit_on_usage_error(e, wants_json),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => cmd::exit_on_usage_error(e, wants_json),
    };
    // `routing update`: the command's name for the log (never its arguments, which may hold a URL).
    let mut name = Vec::new();
    let mut m = &matches;
    while let Some((sub, next)) = m.subcommand() {
        name.push(sub);
        m = next;
    }
    // The long options of that command, so field problems can name the ones to check.
    let mut leaf = Cli::command();
    for sub in &name {
        let next = leaf.find_subcommand(sub).cloned();
        match next {
            Some(c) => leaf = c,
            None => break,
        }
    }
    let flags: Vec<String> = leaf
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_owned))
        .collect();
    let name = name.join(" ");
    let json = cli.global.json;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => cmd::fail(
            &name,
            &ivr_domain::Error::internal(format!("cannot start the async runtime: {e}")),
            json,
            &flags,
        ),
    };
    let result = runtime.block_on(async {
        let ctx = Ctx::new(cli.global)?;
        run(cli.command, &ctx).await
    });
    match result {
        Ok(reply) => reply.finish(json),
        Err(e) => cmd::fail(&name, &e, json, &flags),
    }
}
