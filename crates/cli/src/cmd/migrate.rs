//! `ivr migrate …`: schema migrations of the chosen environment. Parses, calls `ivr_app::migrate`,
//! prints.

use super::{Ctx, Reply};
use clap::{Args, Subcommand};
use ivr_app::migrate::{self, BaselineRequest, DeployRequest, MigrationSource, RepairRequest};
use ivr_app::OpenEnvironment;
use ivr_domain::migration::{
    ChecksumMismatch, DeployReport, Progress, RepairReport, Status, VerifyReport,
};
use ivr_domain::{Error, ErrorCode, Result};
use std::fmt::Write as _;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum MigrateCommand {
    /// Applied (when, who, how long), pending, failed and unknown migrations
    Status(Common),
    /// Dry run of deploy: the pending files, their SQL and destructive-statement findings; writes nothing
    Plan {
        #[command(flatten)]
        common: Common,
        /// List the files and findings without their SQL
        #[arg(long)]
        no_sql: bool,
    },
    /// Apply the pending migrations, each in one transaction, one runner at a time
    Deploy {
        #[command(flatten)]
        common: Common,
        /// Acknowledge the destructive statements `plan` lists (make sure a snapshot exists)
        #[arg(long)]
        allow_destructive: bool,
        /// Seconds to wait for another deploy that holds the migration lock
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        lock_timeout: u64,
    },
    /// Checksums of applied files, recorded failures, pending/unknown versions and schema drift;
    /// exits with status 1 when not clean (for CI)
    Verify(Common),
    /// Mark every migration up to VERSION as applied without running it (a database created by
    /// hand); audited
    Baseline {
        /// 14-digit version, as in the file name
        version: u64,
        #[command(flatten)]
        common: Common,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
    /// Remove recorded failures (after fixing the file) and accept changed checksums; audited
    Repair {
        #[command(flatten)]
        common: Common,
        /// Only this version (repeatable); default: every failure and changed checksum
        #[arg(long = "version", value_name = "VERSION")]
        versions: Vec<u64>,
        /// Show what would be repaired, change nothing
        #[arg(long)]
        dry_run: bool,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args, Clone)]
pub struct Common {
    /// Use the .sql files of this folder instead of the migrations built into `ivr`
    #[arg(long, value_name = "FOLDER")]
    dir: Option<PathBuf>,
    /// Wait for a starting SQL Server (60 attempts, 2 s apart, transient errors only)
    #[arg(long)]
    wait: bool,
}

impl Common {
    fn source(&self) -> MigrationSource {
        match &self.dir {
            Some(d) => MigrationSource::Folder(d.clone()),
            None => MigrationSource::Embedded,
        }
    }
}

/// Opens the environment as it is (no automatic preparation of `local`), unlocked by `--unlock`.
async fn open(ctx: &Ctx, common: &Common) -> Result<OpenEnvironment> {
    let policy = migrate::cold_start_policy();
    let retry = common.wait.then_some(&policy);
    let mut env = ctx.studio.open_as_is(&ctx.target()?, retry).await?;
    if let Some(typed) = &ctx.global.unlock {
        env.unlock(typed)?;
    }
    Ok(env)
}

pub async fn run(cmd: MigrateCommand, ctx: &Ctx) -> Result<Reply> {
    let json = ctx.global.json;
    match cmd {
        MigrateCommand::Status(common) => {
            let env = open(ctx, &common).await?;
            let st = migrate::status(&env.db, &common.source()).await?;
            let mut text = status_text(env.name(), &st);
            if migrate::lock_held(&env.db).await? {
                text.push_str(
                    "\nmigration lock: held by a running deploy (a deploy started now waits for it)",
                );
            }
            Ok(Reply::new(&st, text))
        }
        MigrateCommand::Plan { common, no_sql } => {
            let env = open(ctx, &common).await?;
            let plan = migrate::plan(&env.db, &common.source()).await?;
            Ok(Reply::new(&plan, plan_text(env.name(), &plan, !no_sql)))
        }
        MigrateCommand::Deploy {
            common,
            allow_destructive,
            lock_timeout,
        } => {
            let env = open(ctx, &common).await?;
            let req = DeployRequest {
                source: common.source(),
                allow_destructive,
                lock_timeout_secs: Some(lock_timeout),
            };
            let progress = move |p: &Progress| {
                if !json {
                    progress_line(p);
                }
            };
            let report = migrate::deploy(&env.writable()?, &req, &progress).await?;
            Ok(Reply::new(&report, deploy_text(env.name(), &report)))
        }
        MigrateCommand::Verify(common) => {
            let env = open(ctx, &common).await?;
            let report = migrate::verify(&env.db, &common.source()).await?;
            let reply = Reply::new(&report, verify_text(env.name(), &report));
            if !report.clean {
                // The report is the answer; the exit status tells CI it is not clean.
                return Ok(reply.exit_as(ErrorCode::Drift));
            }
            Ok(reply)
        }
        MigrateCommand::Baseline {
            version,
            common,
            yes,
        } => {
            let env = open(ctx, &common).await?;
            let w = env.writable()?;
            let source = common.source();
            if !yes {
                let st = migrate::status(&env.db, &source).await?;
                let marked: Vec<String> = st
                    .pending
                    .iter()
                    .filter(|p| p.version <= version)
                    .map(|p| format!("  {}", p.file_name))
                    .collect();
                if marked.is_empty() {
                    let report =
                        migrate::baseline(&w, &BaselineRequest { source, version }).await?;
                    return Ok(Reply::new(&report, "nothing to baseline: every migration up to that version is already recorded"));
                }
                confirm(
                    json,
                    &format!(
                        "These migrations of `{}` will be recorded as applied WITHOUT running them:\n{}",
                        env.name(),
                        marked.join("\n")
                    ),
                    "baseline",
                )?;
            }
            let report = migrate::baseline(&w, &BaselineRequest { source, version }).await?;
            let text = if report.marked.is_empty() {
                "nothing to baseline: every migration up to that version is already recorded"
                    .to_string()
            } else {
                format!(
                    "baselined `{}`: {} marked as applied (audited): {}",
                    env.name(),
                    report.marked.len(),
                    report
                        .marked
                        .iter()
                        .map(|v| format!("V{v}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            Ok(Reply::new(&report, text))
        }
        MigrateCommand::Repair {
            common,
            versions,
            dry_run,
            yes,
        } => {
            let env = open(ctx, &common).await?;
            let req = RepairRequest {
                source: common.source(),
                versions,
            };
            let preview = migrate::preview_repair(&env.db, &req).await?;
            if dry_run || is_empty(&preview) {
                return Ok(Reply::new(&preview, repair_text(env.name(), &preview)));
            }
            let w = env.writable()?;
            if !yes {
                confirm(
                    json,
                    &repair_text(env.name(), &preview).replace("would ", "will "),
                    "repair",
                )?;
            }
            let report = migrate::repair(&w, &req).await?;
            Ok(Reply::new(&report, repair_text(env.name(), &report)))
        }
    }
}

fn is_empty(r: &RepairReport) -> bool {
    r.removed_failed.is_empty() && r.accepted_checksums.is_empty()
}

/// Asks on a terminal; anywhere else (scripts, --json) the caller must pass --yes.
fn confirm(json: bool, what: &str, command: &str) -> Result<()> {
    if json || !std::io::stdin().is_terminal() {
        return Err(Error::validation(format!(
            "`ivr migrate {command}` changes the migration history and needs a confirmation: run it on a terminal, or add --yes"
        )));
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{what}\nType `yes` to continue: ");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::validation(format!("cannot read the confirmation: {e}")))?;
    if line.trim() != "yes" {
        return Err(Error::validation(format!(
            "`ivr migrate {command}` was not confirmed; nothing was changed"
        )));
    }
    Ok(())
}

fn progress_line(p: &Progress) {
    let mut err = std::io::stderr().lock();
    let _ = match p {
        Progress::Started {
            index,
            total,
            file_name,
            ..
        } => writeln!(err, "[{index}/{total}] applying {file_name} …"),
        Progress::Finished {
            index,
            total,
            file_name,
            execution_ms,
            ..
        } => writeln!(
            err,
            "[{index}/{total}] applied {file_name} in {execution_ms} ms"
        ),
        Progress::Failed {
            index,
            total,
            file_name,
            ..
        } => writeln!(err, "[{index}/{total}] FAILED {file_name}"),
    };
}

fn status_text(env: &str, st: &Status) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "environment `{env}` ({})", st.database);
    if !st.history_table {
        let _ = writeln!(
            t,
            "no migration history yet: nothing has been deployed to this database"
        );
    }
    if !st.applied.is_empty() {
        let _ = writeln!(t, "applied ({}):", st.applied.len());
        for a in &st.applied {
            let e = &a.entry;
            let _ = writeln!(
                t,
                "  V{}  {}  {}  by {}  {} ms  (ivr {}){}",
                e.version,
                e.name,
                e.applied_at,
                e.applied_by,
                e.execution_ms,
                e.app_version,
                if a.checksum_ok {
                    ""
                } else {
                    "  CHECKSUM CHANGED"
                }
            );
        }
    }
    if st.pending.is_empty() {
        let _ = writeln!(t, "pending: none");
    } else {
        let _ = writeln!(t, "pending ({}):", st.pending.len());
        for p in &st.pending {
            let mut flags = Vec::new();
            if p.out_of_order {
                flags.push("older than the newest applied: refused".to_string());
            }
            if !p.findings.is_empty() {
                flags.push(format!(
                    "{} destructive statement(s): see `ivr migrate plan`",
                    p.findings.len()
                ));
            }
            if p.no_transaction {
                flags.push("runs outside a transaction".to_string());
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", flags.join("; "))
            };
            let _ = writeln!(t, "  {}{flags}", p.file_name);
        }
    }
    for f in &st.failed {
        let _ = writeln!(
            t,
            "FAILED: V{} {} at {} by {} — fix the file, then `ivr migrate repair`",
            f.version, f.name, f.applied_at, f.applied_by
        );
    }
    for u in &st.unknown {
        let _ = writeln!(
            t,
            "UNKNOWN to this build: V{} {} (applied {} by ivr {}) — the database is newer than this build",
            u.version, u.name, u.applied_at, u.app_version
        );
    }
    for m in &st.checksum_mismatches {
        let _ = writeln!(t, "CHANGED after it was applied: {}", checksum_change(m));
    }
    if let Some(e) = st.refusal() {
        let _ = writeln!(t, "deploy would be refused: [{}] {}", e.code, e.message);
    }
    t
}

/// A file whose checksum changed after it was applied: `V….sql (recorded ab12…, file now cd34…)`.
fn checksum_change(m: &ChecksumMismatch) -> String {
    format!(
        "{} (recorded {}…, file now {}…)",
        m.file_name,
        short(&m.recorded),
        short(&m.current)
    )
}

fn short(checksum: &str) -> &str {
    checksum.get(..12).unwrap_or(checksum)
}

fn plan_text(env: &str, plan: &DeployReport, with_sql: bool) -> String {
    let mut t = String::new();
    if plan.planned.is_empty() {
        let _ = writeln!(t, "`{env}` is up to date: nothing to deploy");
        return t;
    }
    let _ = writeln!(
        t,
        "deploy to `{env}` ({}) would apply {} migration(s), each in one transaction (nothing was changed):",
        plan.database,
        plan.planned.len()
    );
    for m in &plan.planned {
        let _ = writeln!(
            t,
            "\n== {}  ({} batch(es), sha256 {}…){}",
            m.file_name,
            m.batches.len(),
            short(&m.checksum),
            if m.no_transaction {
                "  [ivr:no-transaction: runs outside a transaction]"
            } else {
                ""
            }
        );
        for f in &m.findings {
            let _ = writeln!(
                t,
                "   DESTRUCTIVE line {}: {} (deploy needs --allow-destructive)",
                f.line, f.message
            );
        }
        if with_sql {
            for (i, b) in m.batches.iter().enumerate() {
                let _ = writeln!(
                    t,
                    "-- batch {} of {} (lines {}–{})",
                    i + 1,
                    m.batches.len(),
                    b.start_line,
                    b.end_line
                );
                let _ = writeln!(t, "{}", b.sql.trim_matches('\n'));
                let _ = writeln!(t, "GO");
            }
        }
    }
    t
}

fn deploy_text(env: &str, r: &DeployReport) -> String {
    if r.applied.is_empty() {
        return format!("`{env}` is up to date: nothing to deploy");
    }
    let total: i64 = r.applied.iter().map(|a| a.execution_ms).sum();
    let mut t = format!(
        "deployed {} migration(s) to `{env}` in {total} ms:\n",
        r.applied.len()
    );
    for a in &r.applied {
        let _ = writeln!(t, "  {}  {} ms", a.file_name, a.execution_ms);
    }
    t.push_str("next: `ivr migrate verify` compares the live schema with the model");
    t
}

fn verify_text(env: &str, r: &VerifyReport) -> String {
    let mut t = String::new();
    if r.clean {
        let _ = writeln!(
            t,
            "`{env}` is clean: every applied file matches its checksum, nothing is pending or failed, and the schema matches the model"
        );
        return t;
    }
    let _ = writeln!(t, "`{env}` is NOT clean ({}):", r.database);
    for m in &r.checksum_mismatches {
        let _ = writeln!(t, "  checksum changed: {}", checksum_change(m));
    }
    for f in &r.failed {
        let _ = writeln!(t, "  failed: V{} {}", f.version, f.name);
    }
    for u in &r.unknown {
        let _ = writeln!(t, "  unknown to this build: V{} {}", u.version, u.name);
    }
    for p in &r.pending {
        let _ = writeln!(t, "  pending: V{p}");
        for o in r.pending_objects.iter().filter(|o| o.version == *p) {
            let _ = writeln!(t, "    will create: {}", o.item.what());
        }
    }
    if !r.drift.is_empty() {
        let _ = writeln!(t, "  drift from the schema model ({}):", r.drift.len());
        for d in &r.drift {
            let _ = writeln!(t, "    {d}");
        }
    }
    t
}

fn repair_text(env: &str, r: &RepairReport) -> String {
    if is_empty(r) {
        return format!(
            "nothing to repair in `{env}`: no recorded failure and no changed checksum"
        );
    }
    let verb = if r.dry_run { "would " } else { "" };
    let mut t = String::new();
    for f in &r.removed_failed {
        let _ = writeln!(
            t,
            "{verb}remove the failed record of V{} {} (failed at {} by {})",
            f.version, f.name, f.applied_at, f.applied_by
        );
    }
    for m in &r.accepted_checksums {
        let _ = writeln!(
            t,
            "{verb}accept the changed checksum of {}",
            checksum_change(m)
        );
    }
    if !r.dry_run {
        if r.audited {
            let _ = writeln!(t, "recorded in the audit log of `{env}`");
        } else {
            let _ = writeln!(
                t,
                "note: `{env}` has no sys_AuditLog table yet (its baseline never applied), so this repair is not audited"
            );
        }
    }
    t
}
