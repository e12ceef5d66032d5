//! The committed TypeScript bindings (`ui/src/bindings`) must equal what the Rust types generate.
//! Run with `UPDATE_BINDINGS=1` to rewrite them after changing a command or a type.

use std::path::Path;

/// Every file under `dir` (recursively) as `(relative path, text)`, sorted.
fn read_dir_sorted(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                out.push((rel.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn bindings_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    let tmp = tempfile::tempdir().unwrap();
    ivr_studio::bindings::generate(tmp.path()).unwrap();
    let fresh = read_dir_sorted(tmp.path());
    assert!(fresh.iter().any(|(n, _)| n == "commands.ts"));
    assert!(fresh.iter().any(|(n, _)| n == "ApiError.ts"));

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &fresh {
            let path = committed.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(path, text).unwrap();
        }
        return;
    }
    let old = read_dir_sorted(&committed);
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&old),
        names(&fresh),
        "ui/src/bindings has other files than the Rust types generate: run `UPDATE_BINDINGS=1 cargo test -p ivr-studio --test bindings`"
    );
    for ((name, a), (_, b)) in old.iter().zip(fresh.iter()) {
        assert_eq!(
            a, b,
            "ui/src/bindings/{name} is stale: run `UPDATE_BINDINGS=1 cargo test -p ivr-studio --test bindings`"
        );
    }
}
