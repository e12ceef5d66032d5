//! `ivr messages …`: message stores, keys, versions, publish/rollback, audit, runtime lookup,
//! exchange files and where-used. STORE is a store id (`1`) or a company project (`acme/care`).

use super::{Ctx, Reply};
use clap::{Args, Subcommand, ValueEnum};
use ivr_app::messages::{self, parse_store_ref, KeyWithVersions, StoreRow};
use ivr_app::messages::{
    AddVersion, CreateKey, CreateStore, CsvSource, KeyRef, SetPublished, UpdateKey, UpdateStore,
};
use ivr_app::OpenEnvironment;
use ivr_domain::message::exchange::ExchangeFormat;
use ivr_domain::message::{KeyFilter, LanguageContent};
use ivr_domain::{Error, ErrorCode, Result};
use std::fmt::Write as _;
use std::io::Read;

#[derive(Subcommand)]
pub enum MessagesCommand {
    /// Message stores of company projects: list, show, create, change languages
    #[command(subcommand)]
    Store(StoreCommand),
    /// The default TTS voice of a store's language
    #[command(subcommand)]
    Voice(VoiceCommand),
    /// Message types, categories, active languages and voices of the dictionaries
    Dict,
    /// Message keys: list/search, show, create, update, delete
    #[command(subcommand)]
    Key(KeyCommand),
    /// Versions of a key: add (optionally as a copy), delete an unpublished one
    #[command(subcommand)]
    Version(VersionCommand),
    /// Publish a version: every language switches at once
    Publish(PointerArgs),
    /// Point a key back at an earlier version
    Rollback(PointerArgs),
    /// What a caller hears: published content, settings and voice, with language fallback
    Resolve {
        /// Store id or customer/project
        store: String,
        key: String,
        language: String,
    },
    /// Who changed what and when, per store or per key (deleted keys included)
    Audit {
        store: String,
        #[arg(long)]
        key: Option<String>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Write a store as JSON (full fidelity) or CSV for translators
    Export {
        store: String,
        #[arg(long, value_enum, default_value = "json")]
        format: FormatArg,
        /// CSV: the texts of the latest or of the published version
        #[arg(long, value_enum, default_value = "latest")]
        source: SourceArg,
        /// File to write (default: stdout)
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Import a JSON or CSV file (FILE or - for stdin): new keys and new versions, all or nothing
    Import {
        store: String,
        file: String,
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Only report what would be created and every error, with its line
        #[arg(long)]
        dry_run: bool,
    },
    /// Segments of flows whose configuration names the key
    WhereUsed {
        store: String,
        key: String,
        /// Every flow, not only those whose routing entries use this store
        #[arg(long)]
        all_flows: bool,
    },
}

#[derive(Subcommand)]
pub enum StoreCommand {
    List {
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        project: Option<String>,
    },
    Show {
        store: String,
    },
    Create {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        project: String,
        /// Environment code of the company project when it exists in several
        #[arg(long)]
        environment: Option<String>,
        #[arg(long)]
        name: String,
        /// Allowed languages, comma-separated (active languages of the dictionary)
        #[arg(long, value_delimiter = ',', required = true)]
        languages: Vec<String>,
        /// Default (fallback) language, one of the allowed ones
        #[arg(long = "default")]
        default_language: String,
    },
    /// Rename, or change the allowed / default languages (nothing is deleted; see the output)
    Update {
        store: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_delimiter = ',')]
        languages: Option<Vec<String>>,
        #[arg(long = "default")]
        default_language: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum VoiceCommand {
    Set {
        store: String,
        #[arg(long)]
        language: String,
        /// Voice code from the dictionary (`ivr messages dict`)
        #[arg(long)]
        voice: String,
    },
}

#[derive(Args)]
pub struct TextArgs {
    /// Content of one language: LANG=TEXT (repeat per language)
    #[arg(long = "text", value_name = "LANG=TEXT")]
    texts: Vec<String>,
    /// Content of one language read from a file: LANG=PATH
    #[arg(long = "text-file", value_name = "LANG=PATH")]
    text_files: Vec<String>,
    /// TypeSettings of one language: LANG=JSON
    #[arg(long = "settings", value_name = "LANG=JSON")]
    settings: Vec<String>,
}

#[derive(Subcommand)]
pub enum KeyCommand {
    List {
        store: String,
        /// Part of the key
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long = "type")]
        message_type: Option<String>,
        /// Only keys whose latest version lacks an allowed language
        #[arg(long)]
        missing_language: bool,
        /// Only keys with a version newer than the published one
        #[arg(long)]
        newer_than_published: bool,
        /// Include deleted keys
        #[arg(long)]
        deleted: bool,
        /// Only keys no segment of any flow names
        #[arg(long)]
        unused: bool,
        /// Only keys whose latest or published version contains this text in an allowed
        /// language (case-insensitive)
        #[arg(long)]
        text: Option<String>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    Show {
        store: String,
        key: String,
        /// Show the key even when deleted
        #[arg(long)]
        deleted: bool,
    },
    /// Create a key; with --text for every language it starts with version 1
    Create {
        store: String,
        key: String,
        #[arg(long = "type")]
        message_type: String,
        #[arg(long)]
        category: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        version_name: Option<String>,
        #[command(flatten)]
        text: TextArgs,
    },
    /// Display name, category or message type (every version must fit the new type)
    Update {
        store: String,
        key: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long = "type")]
        message_type: Option<String>,
        #[arg(long)]
        row_version: Option<String>,
    },
    /// Soft delete: the key stops playing, its history and audit stay
    Delete {
        store: String,
        key: String,
        #[arg(long)]
        row_version: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum VersionCommand {
    Add {
        store: String,
        key: String,
        /// Start from a copy of this version; --text then replaces single languages
        #[arg(long, value_name = "N")]
        copy_from: Option<i32>,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        text: TextArgs,
    },
    /// Delete a version that is not published (frees its slot; the audit keeps its content)
    Delete {
        store: String,
        key: String,
        version: i32,
        #[arg(long)]
        row_version: Option<String>,
    },
}

#[derive(Args)]
pub struct PointerArgs {
    store: String,
    key: String,
    version: i32,
    /// The key's rowVersion as you read it: CONFLICT if someone changed the key since
    #[arg(long)]
    row_version: Option<String>,
}

#[derive(ValueEnum, Clone, Copy)]
pub enum FormatArg {
    Json,
    Csv,
}

#[derive(ValueEnum, Clone, Copy)]
pub enum SourceArg {
    Latest,
    Published,
}

fn split_pair<'a>(s: &'a str, what: &str) -> Result<(&'a str, &'a str)> {
    s.split_once('=').ok_or_else(|| {
        Error::validation(format!(
            "{what} '{s}' must be written LANG=VALUE (e.g. nl-BE=Welkom)"
        ))
    })
}

fn contents(t: &TextArgs) -> Result<Vec<LanguageContent>> {
    let mut out: Vec<LanguageContent> = Vec::new();
    for s in &t.texts {
        let (l, text) = split_pair(s, "--text")?;
        out.push(LanguageContent {
            language: l.into(),
            content: text.into(),
            type_settings: None,
        });
    }
    for s in &t.text_files {
        let (l, path) = split_pair(s, "--text-file")?;
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::validation(format!("cannot read {path}: {e}")))?;
        out.push(LanguageContent {
            language: l.into(),
            content: text,
            type_settings: None,
        });
    }
    for s in &t.settings {
        let (l, json) = split_pair(s, "--settings")?;
        match out.iter_mut().find(|c| c.language == l) {
            Some(c) => c.type_settings = Some(json.into()),
            None => {
                return Err(Error::validation(format!(
                    "--settings {l}=… needs a --text or --text-file for {l} too"
                )))
            }
        }
    }
    Ok(out)
}

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

fn store_text(s: &StoreRow) -> String {
    let voices: Vec<String> = s
        .voices
        .iter()
        .map(|v| format!("{}={}", v.language, v.voice_code))
        .collect();
    format!(
        "{}  {}  {}/{}  languages {} (default {})  {} key(s){}{}",
        s.id,
        s.name,
        s.customer_id,
        s.project_id,
        s.allowed_languages.join(","),
        s.default_language,
        s.key_count,
        if voices.is_empty() {
            String::new()
        } else {
            format!("  voices {}", voices.join(" "))
        },
        if s.is_active { "" } else { "  (inactive)" }
    )
}

fn key_text(k: &KeyWithVersions) -> String {
    let mut t = format!(
        "{}  {} / {}  published: {}  rowVersion {}{}\n",
        k.key.key,
        k.key.message_type,
        k.key.category,
        k.key
            .published_version
            .map(|v| v.to_string())
            .unwrap_or_else(|| "none".into()),
        k.key.row_version,
        if k.key.is_active { "" } else { "  (deleted)" }
    );
    if let Some(d) = &k.key.display_name {
        let _ = writeln!(t, "  {d}");
    }
    for v in &k.versions {
        let mark = if Some(v.version) == k.key.published_version {
            "*"
        } else {
            " "
        };
        let _ = writeln!(
            t,
            "{mark} v{}{}  {} by {}",
            v.version,
            v.name
                .as_ref()
                .map(|n| format!(" \"{n}\""))
                .unwrap_or_default(),
            v.created_at,
            v.created_by
        );
        for c in &v.contents {
            let _ = writeln!(t, "      {}: {}", c.language, c.content);
        }
    }
    t
}

/// Publish and rollback take the same arguments; the app audits them as different actions.
async fn move_pointer(env: &OpenEnvironment, p: PointerArgs, rollback: bool) -> Result<Reply> {
    let db = &env.db;
    let s = messages::find_store(db, &p.store).await?;
    let req = SetPublished {
        store_id: s.id,
        key: p.key,
        version: p.version,
        expected_row_version: p.row_version,
    };
    let k = if rollback {
        messages::rollback(&env.writable()?, req).await?
    } else {
        messages::publish(&env.writable()?, req).await?
    };
    let text = key_text(&k);
    Ok(Reply::new(&k, text))
}

pub async fn run(cmd: MessagesCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    let db = &env.db;
    match cmd {
        MessagesCommand::Store(c) => match c {
            StoreCommand::List { customer, project } => {
                let stores =
                    messages::list_stores(db, customer.as_deref(), project.as_deref()).await?;
                let text = if stores.is_empty() {
                    "no message stores".to_string()
                } else {
                    stores.iter().map(store_text).collect::<Vec<_>>().join("\n")
                };
                Ok(Reply::new(&stores, text))
            }
            StoreCommand::Show { store } => {
                let s = messages::find_store(db, &store).await?;
                let text = store_text(&s);
                Ok(Reply::new(&s, text))
            }
            StoreCommand::Create {
                customer,
                project,
                environment,
                name,
                languages,
                default_language,
            } => {
                let s = messages::create_store(
                    &env.writable()?,
                    CreateStore {
                        customer,
                        project,
                        environment,
                        name,
                        allowed_languages: languages,
                        default_language,
                    },
                )
                .await?;
                let text = format!("created message store {}", store_text(&s));
                Ok(Reply::new(&s, text))
            }
            StoreCommand::Update {
                store,
                name,
                languages,
                default_language,
            } => {
                let s = messages::find_store(db, &store).await?;
                let up = messages::update_store(
                    &env.writable()?,
                    UpdateStore {
                        store_id: s.id,
                        name,
                        allowed_languages: languages,
                        default_language,
                    },
                )
                .await?;
                let text = format!("{}\n{}", store_text(&up.store), up.change.effect);
                Ok(Reply::new(&up, text))
            }
        },
        MessagesCommand::Voice(VoiceCommand::Set {
            store,
            language,
            voice,
        }) => {
            let s = messages::find_store(db, &store).await?;
            let s = messages::set_voice(&env.writable()?, s.id, &language, &voice).await?;
            let text = store_text(&s);
            Ok(Reply::new(&s, text))
        }
        MessagesCommand::Dict => {
            let d = messages::dictionaries(db).await?;
            let mut t = String::new();
            let _ = writeln!(
                t,
                "types: {}",
                d.types
                    .iter()
                    .map(|x| x.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = writeln!(
                t,
                "categories: {}",
                d.categories
                    .iter()
                    .map(|x| x.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = writeln!(t, "languages: {}", d.languages.join(", "));
            for v in &d.voices {
                let _ = writeln!(t, "voice {}  {}  {}", v.code, v.language, v.engine);
            }
            Ok(Reply::new(&d, t))
        }
        MessagesCommand::Key(c) => match c {
            KeyCommand::List {
                store,
                search,
                category,
                message_type,
                missing_language,
                newer_than_published,
                deleted,
                unused,
                text,
                offset,
                limit,
            } => {
                let s = messages::find_store(db, &store).await?;
                let page = messages::list_keys(
                    db,
                    s.id,
                    KeyFilter {
                        text: search,
                        category,
                        message_type,
                        missing_language,
                        newer_than_published,
                        include_deleted: deleted,
                        unused: Some(unused),
                        content: text,
                        offset,
                        limit,
                    },
                )
                .await?;
                let mut t = String::new();
                for k in &page.items {
                    let _ = writeln!(
                        t,
                        "{}  {}/{}  published {}  latest {}  {} version(s){}",
                        k.key,
                        k.message_type,
                        k.category,
                        k.published_version
                            .map(|v| v.to_string())
                            .unwrap_or_else(|| "-".into()),
                        k.latest_version
                            .map(|v| v.to_string())
                            .unwrap_or_else(|| "-".into()),
                        k.version_count,
                        if k.is_active { "" } else { "  (deleted)" }
                    );
                }
                let _ = write!(
                    t,
                    "{} of {} key(s) from {}",
                    page.items.len(),
                    page.total,
                    page.offset
                );
                Ok(Reply::new(&page, t))
            }
            KeyCommand::Show {
                store,
                key,
                deleted,
            } => {
                let s = messages::find_store(db, &store).await?;
                let k = messages::key(db, s.id, &key, deleted).await?;
                let text = key_text(&k);
                Ok(Reply::new(&k, text))
            }
            KeyCommand::Create {
                store,
                key,
                message_type,
                category,
                display_name,
                version_name,
                text,
            } => {
                let s = messages::find_store(db, &store).await?;
                let k = messages::create_key(
                    &env.writable()?,
                    CreateKey {
                        store_id: s.id,
                        key,
                        message_type,
                        category,
                        display_name,
                        contents: contents(&text)?,
                        version_name,
                    },
                )
                .await?;
                let text = key_text(&k);
                Ok(Reply::new(&k, text))
            }
            KeyCommand::Update {
                store,
                key,
                display_name,
                category,
                message_type,
                row_version,
            } => {
                let s = messages::find_store(db, &store).await?;
                let k = messages::update_key(
                    &env.writable()?,
                    UpdateKey {
                        store_id: s.id,
                        key,
                        display_name,
                        category,
                        message_type,
                        expected_row_version: row_version,
                    },
                )
                .await?;
                let text = key_text(&k);
                Ok(Reply::new(&k, text))
            }
            KeyCommand::Delete {
                store,
                key,
                row_version,
            } => {
                let s = messages::find_store(db, &store).await?;
                messages::delete_key(
                    &env.writable()?,
                    KeyRef {
                        store_id: s.id,
                        key: key.clone(),
                        expected_row_version: row_version,
                    },
                )
                .await?;
                Ok(Reply::new(
                    &serde_json::json!({ "deleted": key }),
                    format!("deleted {key} (its history and audit are kept)"),
                ))
            }
        },
        MessagesCommand::Version(c) => match c {
            VersionCommand::Add {
                store,
                key,
                copy_from,
                name,
                text,
            } => {
                let s = messages::find_store(db, &store).await?;
                let v = messages::add_version(
                    &env.writable()?,
                    AddVersion {
                        store_id: s.id,
                        key: key.clone(),
                        copy_from,
                        contents: contents(&text)?,
                        version_name: name,
                    },
                )
                .await?;
                let t = format!("{key}: version {} added (not published)", v.version);
                Ok(Reply::new(&v, t))
            }
            VersionCommand::Delete {
                store,
                key,
                version,
                row_version,
            } => {
                let s = messages::find_store(db, &store).await?;
                let k = messages::delete_version(
                    &env.writable()?,
                    KeyRef {
                        store_id: s.id,
                        key,
                        expected_row_version: row_version,
                    },
                    version,
                )
                .await?;
                let text = key_text(&k);
                Ok(Reply::new(&k, text))
            }
        },
        MessagesCommand::Publish(p) => move_pointer(&env, p, false).await,
        MessagesCommand::Rollback(p) => move_pointer(&env, p, true).await,
        MessagesCommand::Resolve {
            store,
            key,
            language,
        } => {
            let store_ref = parse_store_ref(&store)?;
            let r = messages::resolve(db, &store_ref, &key, &language).await?;
            let text = format!(
                "{} v{} [{}{}] {}{}\nsettings {}",
                r.key,
                r.version,
                r.language,
                if r.fell_back {
                    format!(", fallback for {}", r.requested_language)
                } else {
                    String::new()
                },
                r.content,
                r.voice
                    .as_ref()
                    .map(|v| format!("\nvoice {v}"))
                    .unwrap_or_default(),
                r.settings.get()
            );
            Ok(Reply::new(&r, text))
        }
        MessagesCommand::Audit {
            store,
            key,
            offset,
            limit,
        } => {
            let s = messages::find_store(db, &store).await?;
            let page = messages::audit(db, s.id, key.as_deref(), offset, limit).await?;
            let mut t = String::new();
            for a in &page.items {
                let _ = writeln!(
                    t,
                    "{}  {}  {}  {}{}",
                    a.action_at,
                    a.action_by,
                    a.action,
                    a.key,
                    if a.key_is_active { "" } else { " (deleted)" }
                );
            }
            let _ = write!(t, "{} of {} audit row(s)", page.items.len(), page.total);
            Ok(Reply::new(&page, t))
        }
        MessagesCommand::Export {
            store,
            format,
            source,
            output,
        } => {
            let s = messages::find_store(db, &store).await?;
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
                Some(path) => super::write_export(&path, &text),
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
        MessagesCommand::Import {
            store,
            file,
            format,
            dry_run,
        } => {
            let s = messages::find_store(db, &store).await?;
            let bytes = read_input(&file)?;
            let format = match format {
                Some(FormatArg::Json) => ExchangeFormat::Json,
                Some(FormatArg::Csv) => ExchangeFormat::Csv,
                None if file.to_ascii_lowercase().ends_with(".csv") => ExchangeFormat::Csv,
                None => ExchangeFormat::Json,
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
        MessagesCommand::WhereUsed {
            store,
            key,
            all_flows,
        } => {
            let s = messages::find_store(db, &store).await?;
            let used = messages::where_used(db, s.id, &key, all_flows).await?;
            let mut t = String::new();
            for u in &used {
                let _ = writeln!(
                    t,
                    "{}  {}  {}  {}{}",
                    u.routing_id,
                    u.segment_name,
                    u.segment_type,
                    u.config_key,
                    u.change_set_id
                        .as_ref()
                        .map(|c| format!("  (draft {c})"))
                        .unwrap_or_default()
                );
            }
            if used.is_empty() {
                let _ = write!(t, "{key} is named by no segment");
            }
            Ok(Reply::new(&used, t))
        }
    }
}
