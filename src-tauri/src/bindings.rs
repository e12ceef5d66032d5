//! TypeScript for the UI, generated from the Rust types (ts-rs) and the command table in
//! `commands.rs`. `cargo test -p ivr-studio --test bindings` fails when `ui/src/bindings` is stale;
//! `UPDATE_BINDINGS=1` rewrites it.

use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TypeVisitor, TS};

/// One command as the UI sees it.
pub struct CommandSig {
    pub name: &'static str,
    pub doc: &'static str,
    /// `(argument name, TypeScript type)`; commands take at most one argument.
    pub arg: Option<(&'static str, String)>,
    pub ret: String,
}

/// Collects the exportable types a command mentions and writes each with its dependencies.
pub struct Exporter<'a> {
    pub cfg: &'a Config,
    /// TypeScript name → file (relative to the bindings folder, without `.ts`).
    pub names: BTreeMap<String, String>,
    pub error: Option<String>,
    /// Types already visited: recursive types (ts-rs's JSON value holds itself) end here.
    pub seen: BTreeSet<TypeId>,
}

impl TypeVisitor for Exporter<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        if T::output_path().is_some() {
            let file = T::output_path()
                .map(|p| p.with_extension("").to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            self.names.insert(T::ident(self.cfg), file);
            if let Err(e) = T::export_all(self.cfg) {
                self.error.get_or_insert_with(|| e.to_string());
            }
        }
        // Wrappers (Vec, Option, generics) are not files themselves: look inside them.
        T::visit_generics(self);
        if T::output_path().is_none() {
            T::visit_dependencies(self);
        }
    }
}

pub fn config(dir: &Path) -> Config {
    // Numbers cross the IPC boundary as JSON numbers, never as bigint.
    Config::new().with_out_dir(dir).with_large_int("number")
}

/// Writes every type file and `commands.ts` into `dir`.
pub fn generate(dir: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let cfg = config(dir);
    let mut ex = Exporter {
        cfg: &cfg,
        names: BTreeMap::new(),
        error: None,
        seen: BTreeSet::new(),
    };
    // Always available to the UI, even when no command names it directly.
    ex.visit::<ivr_domain::Error>();
    // The typed keys of `detail` (`detail.constraint` of an error a database rule raised, …).
    ex.visit::<ivr_domain::ErrorDetail>();
    // Event payloads (`migration-progress`, `message-import-progress`).
    ex.visit::<ivr_domain::migration::Progress>();
    ex.visit::<ivr_app::messages::ImportProgress>();
    let sigs = crate::commands::signatures(&cfg, &mut ex);
    if let Some(e) = ex.error {
        return Err(e);
    }
    let mut body = String::new();
    for s in &sigs {
        let doc: Vec<&str> = s
            .doc
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !doc.is_empty() {
            let _ = writeln!(body, "  /** {} */", doc.join(" "));
        }
        let camel = camel_case(s.name);
        match &s.arg {
            Some((arg, ty)) => {
                let _ = writeln!(
                    body,
                    "  {camel}: ({arg}: {ty}): Promise<{}> => invoke(\"{}\", {{ {arg} }}),",
                    s.ret, s.name
                );
            }
            None => {
                let _ = writeln!(
                    body,
                    "  {camel}: (): Promise<{}> => invoke(\"{}\"),",
                    s.ret, s.name
                );
            }
        }
    }
    let mut ts = String::new();
    ts.push_str("// Generated from src-tauri/src/commands.rs by `UPDATE_BINDINGS=1 cargo test -p ivr-studio --test bindings`. Do not edit.\n");
    ts.push_str("import { invoke } from \"@tauri-apps/api/core\";\n");
    // Only what the signatures name: unused imports fail `tsc --noUnusedLocals`.
    for (n, file) in ex.names.iter().filter(|(n, _)| mentions(&body, n)) {
        let _ = writeln!(ts, "import type {{ {n} }} from \"./{file}\";");
    }
    ts.push_str("\nexport const commands = {\n");
    ts.push_str(&body);
    ts.push_str("};\n\nexport type Commands = typeof commands;\n");
    let mut index = String::from("// Generated. Do not edit.\nexport { commands } from \"./commands\";\nexport type { Commands } from \"./commands\";\n");
    for (n, file) in &ex.names {
        let _ = writeln!(index, "export type {{ {n} }} from \"./{file}\";");
    }
    std::fs::write(dir.join("commands.ts"), ts).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("index.ts"), index).map_err(|e| e.to_string())?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    Ok(files)
}

/// `name` occurs in `text` as a whole identifier.
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}
