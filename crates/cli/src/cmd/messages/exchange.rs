//! `ivr messages export` and `import`: the exchange files.

use super::{FormatArg, SourceArg};
use crate::cmd::Reply;
use ivr_app::message_files::format_of;
use ivr_app::messages::{self, CsvSource};
use ivr_app::{Db, OpenEnvironment};
use ivr_domain::message::exchange::ExchangeFormat;
use ivr_domain::{Error, ErrorCode, Result};
use std::fmt::Write as _;
use std::io::Read;

pub(super) async fn export(
    db: &Db,
    store: &str,
    format: FormatArg,
    source: SourceArg,
    output: Option<std::path::PathBuf>,
) -> Result<Reply> {
    let s = messages::find_store(db, store).await?;
    let text = match format {
        FormatArg::Json => messages::export_json(db, s.id).await?,
        FormatArg::Csv => {
            messages::export_csv(
                db,
                s.id,
                match source {
                    SourceArg::Latest => CsvSource::Latest,
                    SourceArg::Published => CsvSource::Published,
                },
            )
            .await?
        }
    };
    match output {
        Some(path) => crate::cmd::write_export(&path, &text).await,
        None => {
            let json = match format {
                // The exported file is the JSON answer, as written.
                FormatArg::Json => text.clone(),
                FormatArg::Csv => serde_json::Value::String(text.clone()).to_string(),
            };
            Ok(Reply::raw(json, text))
        }
    }
}

pub(super) async fn import(
    env: &OpenEnvironment,
    store: &str,
    file: &str,
    format: Option<FormatArg>,
    dry_run: bool,
) -> Result<Reply> {
    let db = &env.db;
    let s = messages::find_store(db, store).await?;
    let bytes = read_input(file)?;
    // Without --format the file's extension says it, as in the desktop app; JSON otherwise
    // (standard input, an unknown extension).
    let format = match format {
        Some(FormatArg::Json) => ExchangeFormat::Json,
        Some(FormatArg::Csv) => ExchangeFormat::Csv,
        None => format_of(std::path::Path::new(file)).unwrap_or(ExchangeFormat::Json),
    };
    let res = if dry_run {
        messages::plan_import(db, s.id, format, &bytes).await?
    } else {
        messages::import(&env.writable()?, s.id, format, &bytes).await?
    };
    let mut t = format!(
        "{}{}\n",
        if res.dry_run {
            "dry run: "
        } else if res.applied {
            "imported: "
        } else {
            ""
        },
        res.plan.summary()
    );
    for e in &res.plan.errors {
        let _ = writeln!(t, "line {}: error: {}", e.line, e.message);
    }
    for w in &res.plan.warnings {
        let _ = writeln!(t, "line {}: warning: {}", w.line, w.message);
    }
    let reply = Reply::new(&res, t);
    // A dry run that finds errors exits as the import would (VALIDATION).
    Ok(if res.plan.is_ok() {
        reply
    } else {
        reply.exit_as(ErrorCode::Validation)
    })
}

/// The bytes of FILE, or of standard input for `-`.
fn read_input(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| Error::validation(format!("cannot read standard input: {e}")))?;
        return Ok(b);
    }
    std::fs::read(path).map_err(|e| Error::validation(format!("cannot read {path}: {e}")))
}
