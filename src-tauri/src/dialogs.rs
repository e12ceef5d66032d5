//! The native file dialogs of the translator exchange, opened by Rust (the UI gets no dialog or
//! file-system permission: it asks a command, the command asks the user, `ivr_app` reads or
//! writes the one file the user chose).
//!
//! Test seam (debug builds only, for the end-to-end tests: WebDriver cannot drive a GTK dialog):
//! when `IVR_STUDIO_TEST_DIALOG` names a file, a dialog is not shown and its answer is that file's
//! text — the path the user "chose", or nothing (empty file) for "cancelled". Only the dialog's
//! answer is replaced; what the command then does with the path runs as it would.

use ivr_domain::message::exchange::ExchangeFormat;
use ivr_domain::{Error, Result};
use std::path::PathBuf;
use tauri_plugin_dialog::DialogExt;

/// Environment variable of the test seam (see the module documentation).
pub const TEST_DIALOG_ENV: &str = "IVR_STUDIO_TEST_DIALOG";

pub enum Ask {
    /// Where to save a file, starting with this name.
    Save {
        suggested_name: String,
        format: ExchangeFormat,
    },
    /// Which exchange file to open.
    Open,
}

/// Shows the dialog (off the main thread; the command waits for it) and returns the chosen path,
/// `None` when the user cancelled.
pub async fn ask(app: Option<tauri::AppHandle>, what: Ask) -> Result<Option<PathBuf>> {
    #[cfg(debug_assertions)]
    if let Some(answer) = test_answer()? {
        return Ok(answer);
    }
    let app = app.ok_or_else(|| Error::internal("the window is not ready for a file dialog"))?;
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        let dialog = app.dialog().file();
        match what {
            Ask::Save {
                suggested_name,
                format,
            } => {
                let (name, ext) = match format {
                    ExchangeFormat::Csv => ("CSV for translators", "csv"),
                    ExchangeFormat::Json => ("IVR Studio message store (JSON)", "json"),
                };
                dialog
                    .set_title("Export messages")
                    .set_file_name(suggested_name)
                    .add_filter(name, &[ext])
                    .blocking_save_file()
            }
            Ask::Open => dialog
                .set_title("Import messages")
                .add_filter("CSV or JSON", &["csv", "json"])
                .blocking_pick_file(),
        }
    })
    .await
    .map_err(|e| Error::internal(format!("the file dialog stopped: {e}")))?;
    chosen
        .map(|p| {
            p.into_path()
                .map_err(|e| Error::validation(format!("the chosen file is not a local file: {e}")))
        })
        .transpose()
}

/// The seam's answer: `Some(None)` cancelled, `Some(Some(path))` chosen, `None` no seam set.
#[cfg(debug_assertions)]
fn test_answer() -> Result<Option<Option<PathBuf>>> {
    let Some(file) = std::env::var_os(TEST_DIALOG_ENV) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&file).map_err(|e| {
        Error::internal(format!(
            "{TEST_DIALOG_ENV} names {}, which cannot be read: {e}",
            PathBuf::from(&file).display()
        ))
    })?;
    let answer = text.trim();
    Ok(Some((!answer.is_empty()).then(|| PathBuf::from(answer))))
}
