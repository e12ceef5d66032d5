//! The webview's permissions stay exactly what the app needs: its own commands (allowed without a
//! permission) and listening to its events. Native dialogs are opened from Rust (`src/dialogs.rs`),
//! so no dialog, file-system, shell or other plugin permission belongs here; adding one must be a
//! deliberate change of this list, not something that slips in with a capability file.

use std::path::Path;

use serde_json::Value;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_webview_gets_only_event_listening() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Tauri loads every capability file of the folder: default.json must be the only one.
    let mut files: Vec<String> = std::fs::read_dir(root.join("capabilities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["default.json"]);

    let cap = read_json(&root.join("capabilities/default.json"));
    assert_eq!(cap["identifier"], "default");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert_eq!(
        cap["permissions"],
        serde_json::json!(["core:event:allow-listen", "core:event:allow-unlisten"])
    );
    // No other key: `remote` would let web pages call the commands, `webviews`/`platforms` widen it.
    let mut keys: Vec<&str> = cap
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "$schema",
            "description",
            "identifier",
            "permissions",
            "windows"
        ]
    );

    // Capabilities can also be declared inline in the config; none are.
    let conf = read_json(&root.join("tauri.conf.json"));
    assert!(
        conf["app"]["security"].get("capabilities").is_none(),
        "tauri.conf.json declares capabilities"
    );
}
