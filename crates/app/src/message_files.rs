//! Translator exchange through files the user chose (the desktop app's native save and open
//! dialogs): the app reads and writes the chosen file itself, so the UI needs no file-system access.
//! The exchange itself is [`crate::messages`]'s: `export_json`, `export_csv`, `plan_import`, `import`.

use crate::environment::Writable;
use crate::messages::{self, CsvSource, ImportControl, ImportResult};
use ivr_domain::message::exchange::{ExchangeFormat, ImportPlan};
use ivr_domain::{Current, Error, ErrorDetail, Result};
use ivr_store::Db;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The largest file an import reads (a 10,000-key store with every version is a few MB).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// What to export: the full JSON (every version, settings, the published pointer) or the
/// translators' CSV of the latest or the published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportRequest {
    pub store_id: i64,
    pub format: ExchangeFormat,
    /// CSV only: which version's texts (default: the latest).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub source: Option<CsvSource>,
}

/// A file the export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileWritten {
    pub path: String,
    pub file_name: String,
    pub bytes: u64,
}

impl FileWritten {
    /// `bytes` written to `path` (what every export to a file answers: the desktop's, the CLI's).
    pub fn of(path: &Path, bytes: u64) -> FileWritten {
        FileWritten {
            path: path.display().to_string(),
            file_name: file_name(path),
            bytes,
        }
    }
}

/// An import file as read now and what importing it does (a dry run) or did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilePreview {
    pub path: String,
    pub file_name: String,
    pub bytes: u64,
    /// SHA-256 of the bytes planned: the import applies only a file that still has them.
    pub sha256: String,
    /// From the file name (`.csv`, `.json`); `None`: neither, and the plan says so.
    pub format: Option<ExchangeFormat>,
    pub result: ImportResult,
}

/// Exports a store into `path` (written whole or not at all: a temporary file next to it,
/// then renamed over it).
pub async fn export_to_file(db: &Db, req: &ExportRequest, path: &Path) -> Result<FileWritten> {
    let text = match req.format {
        ExchangeFormat::Json => messages::export_json(db, req.store_id).await?,
        ExchangeFormat::Csv => {
            messages::export_csv(db, req.store_id, req.source.unwrap_or(CsvSource::Latest)).await?
        }
    };
    write_text(path, text).await
}

/// Writes an exported `text` to `path` whole or not at all (what every export to a file does:
/// the desktop's, the CLI's), and answers what was written.
pub async fn write_text(path: &Path, text: String) -> Result<FileWritten> {
    let bytes = text.len() as u64;
    write_whole(path, text.into_bytes()).await?;
    Ok(FileWritten::of(path, bytes))
}

/// What importing the file at `path` into a store would do; writes nothing (works read-only).
/// A file that is neither `.csv` nor `.json`, or is not UTF-8, or fails any rule comes back as
/// a plan with every error and its line, not as an error.
pub async fn preview_import_file(db: &Db, store_id: i64, path: &Path) -> Result<FilePreview> {
    let (bytes, sha256) = read(path).await?;
    let format = format_of(path);
    let result = match format {
        Some(f) => messages::plan_import(db, store_id, f, &bytes).await?,
        None => {
            messages::store(db, store_id).await?;
            ImportResult {
                dry_run: true,
                applied: false,
                plan: not_exchange_file(path),
            }
        }
    };
    Ok(preview(path, &bytes, sha256, format, result))
}

/// Imports the file at `path` as previewed: all or nothing, in one transaction (the import's).
/// A file whose bytes changed since the preview (`expected_sha256`) is CONFLICT and nothing is
/// written: preview it again. A file with errors is VALIDATION with the plan in the detail.
pub async fn import_file(
    w: &Writable<'_>,
    store_id: i64,
    path: &Path,
    expected_sha256: &str,
) -> Result<FilePreview> {
    import_file_with(w, store_id, path, expected_sha256, &ImportControl::none()).await
}

/// [`import_file`] with its progress reported and a way to stop it (`ctl`): a cancelled import
/// writes nothing and answers [`messages::import_cancelled`].
pub async fn import_file_with(
    w: &Writable<'_>,
    store_id: i64,
    path: &Path,
    expected_sha256: &str,
    ctl: &ImportControl<'_>,
) -> Result<FilePreview> {
    let (bytes, sha256) = read(path).await?;
    if sha256 != expected_sha256 {
        return Err(Error::conflict(format!(
            "{} changed since it was previewed; nothing was imported. Preview it again, then import",
            ivr_domain::quote(&file_name(path))
        ))
        .with_detail(ErrorDetail {
            current: Some(Current::File { sha256 }),
            ..Default::default()
        }));
    }
    let Some(format) = format_of(path) else {
        let plan = not_exchange_file(path);
        return Err(Error::validation(plan.errors[0].message.clone()));
    };
    let result = messages::import_with(w, store_id, format, &bytes, ctl).await?;
    Ok(preview(path, &bytes, sha256, Some(format), result))
}

fn preview(
    path: &Path,
    bytes: &[u8],
    sha256: String,
    format: Option<ExchangeFormat>,
    result: ImportResult,
) -> FilePreview {
    FilePreview {
        path: path.display().to_string(),
        file_name: file_name(path),
        bytes: bytes.len() as u64,
        sha256,
        format,
        result,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// `.csv` or `.json` (any case); anything else is not an exchange file.
pub fn format_of(path: &Path) -> Option<ExchangeFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(ExchangeFormat::Csv),
        "json" => Some(ExchangeFormat::Json),
        _ => None,
    }
}

fn not_exchange_file(path: &Path) -> ImportPlan {
    ImportPlan::refused(
        ExchangeFormat::Csv,
        1,
        format!(
            "{} is not a CSV or JSON file; choose a .csv file (a translator's sheet saved as CSV UTF-8) or a .json file exported by IVR Studio",
            ivr_domain::quote(&file_name(path))
        ),
    )
}

/// Runs file IO off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::internal(format!("file access stopped: {e}")))?
}

async fn read(path: &Path) -> Result<(Vec<u8>, String)> {
    let path = path.to_path_buf();
    blocking(move || {
        let cannot = |e: std::io::Error| {
            Error::validation(format!(
                "cannot read {}: {e}; choose the file again",
                ivr_domain::quote(&path.display().to_string())
            ))
        };
        let size = std::fs::metadata(&path).map_err(cannot)?.len();
        if size > MAX_IMPORT_BYTES {
            return Err(Error::validation(format!(
                "{} has {size} bytes; an import file has at most {MAX_IMPORT_BYTES} bytes: split it",
                ivr_domain::quote(&file_name(&path))
            )));
        }
        let bytes = std::fs::read(&path).map_err(cannot)?;
        let sha256 = hex(&Sha256::digest(&bytes));
        Ok((bytes, sha256))
    })
    .await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to `path` whole: into a temporary file in the same folder, then renamed over
/// `path`, so a failed write leaves what was there.
async fn write_whole(path: &Path, bytes: Vec<u8>) -> Result<()> {
    let path = path.to_path_buf();
    blocking(move || {
        let cannot = |e: std::io::Error| {
            Error::validation(format!(
                "cannot write {}: {e}; choose another place",
                ivr_domain::quote(&path.display().to_string())
            ))
        };
        let tmp = path.with_file_name(format!(".{}.ivr-export-tmp", file_name(&path)));
        std::fs::write(&tmp, &bytes).map_err(cannot)?;
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(cannot(e));
        }
        Ok(())
    })
    .await
}
