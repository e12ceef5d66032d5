//! `ivr messages …`: message stores, keys, versions, publish/rollback, audit, runtime lookup,
//! exchange files and where-used. STORE is a store id (`1`) or a company project (`acme/care`).
//!
//! This file holds the arguments and which function runs each subcommand: `stores` (stores,
//! voices, dictionaries), `keys` (keys, versions, publish/rollback, resolve, audit, where-used),
//! `exchange` (export/import files); `text` words every answer for people.

mod exchange;
mod keys;
mod stores;
mod text;

use super::{Ctx, Reply};
use clap::{Args, Subcommand, ValueEnum};
use ivr_domain::Result;

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

// `ivr messages key list`: the filters of a page of keys (no doc comment: clap would make it
// the subcommand's help text).
#[derive(Args)]
pub struct KeyListArgs {
    pub store: String,
    /// Part of the key
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long = "type")]
    pub message_type: Option<String>,
    /// Only keys whose latest version lacks an allowed language
    #[arg(long)]
    pub missing_language: bool,
    /// Only keys with a version newer than the published one
    #[arg(long)]
    pub newer_than_published: bool,
    /// Include deleted keys
    #[arg(long)]
    pub deleted: bool,
    /// Only keys no segment of any flow names
    #[arg(long)]
    pub unused: bool,
    /// Only keys whose latest or published version contains this text in an allowed
    /// language (case-insensitive)
    #[arg(long)]
    pub text: Option<String>,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
}

#[derive(Subcommand)]
pub enum KeyCommand {
    List(KeyListArgs),
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

pub async fn run(cmd: MessagesCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    let db = &env.db;
    match cmd {
        MessagesCommand::Store(c) => stores::store(&env, c).await,
        MessagesCommand::Voice(c) => stores::voice(&env, c).await,
        MessagesCommand::Dict => stores::dict(db).await,
        MessagesCommand::Key(c) => keys::key(&env, c).await,
        MessagesCommand::Version(c) => keys::version(&env, c).await,
        MessagesCommand::Publish(p) => keys::move_pointer(&env, p, false).await,
        MessagesCommand::Rollback(p) => keys::move_pointer(&env, p, true).await,
        MessagesCommand::Resolve {
            store,
            key,
            language,
        } => keys::resolve(db, &store, &key, &language).await,
        MessagesCommand::Audit {
            store,
            key,
            offset,
            limit,
        } => keys::audit(db, &store, key.as_deref(), offset, limit).await,
        MessagesCommand::Export {
            store,
            format,
            source,
            output,
        } => exchange::export(db, &store, format, source, output).await,
        MessagesCommand::Import {
            store,
            file,
            format,
            dry_run,
        } => exchange::import(&env, &store, &file, format, dry_run).await,
        MessagesCommand::WhereUsed {
            store,
            key,
            all_flows,
        } => keys::where_used(db, &store, &key, all_flows).await,
    }
}
