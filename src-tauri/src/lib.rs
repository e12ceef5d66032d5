//! IVR Studio desktop shell: Tauri commands that parse, call one `ivr_app` function and hand back
//! its answer or its `ivr_domain::Error`. No rules live here.

pub mod bindings;
pub mod commands;
pub mod dialogs;
pub mod dto;
pub mod state;

/// When the process started, for the start-up benchmark (`scripts/bench-startup`).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();

    let result = tauri::Builder::default()
        // Native file dialogs for the translator exchange, opened by Rust commands only: the
        // capability grants the UI no dialog or file-system permission (README, Security).
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::from_env())
        .setup(|app| {
            use tauri::Manager;
            app.state::<state::AppState>()
                .set_handle(app.handle().clone());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("IVR Studio could not start: {e}");
        std::process::exit(1);
    }
}
