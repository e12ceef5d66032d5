//! `ivr routing …`: the routing table.
//!
//! This file holds the arguments and which function runs each subcommand: `read` (list, get,
//! history), `write` (create, update, delete, restore); `text` words every answer for people.

mod read;
mod text;
mod write;

use super::{Ctx, Reply};
use clap::{Args, Subcommand};
use ivr_app::routing::{self as app, GetRoutingRequest};
use ivr_domain::Result;

#[derive(Subcommand)]
pub enum RoutingCommand {
    /// List entries (ordered by SourceId, or --sort routing-id), with search and paging
    List(ListArgs),
    /// Show the entry for a SourceId
    Get {
        source_id: String,
        /// Show the latest deleted entry when no active one has this SourceId
        #[arg(long)]
        include_deleted: bool,
    },
    /// Create an entry
    Create(CreateArgs),
    /// Change fields of an entry (only the options given change)
    Update(UpdateArgs),
    /// Soft-delete an entry (kept, with its history)
    Delete {
        source_id: String,
        /// Refuse if the entry changed since this row version was read
        #[arg(long)]
        row_version: Option<String>,
    },
    /// The versions of an entry, newest first
    History { source_id: String },
    /// Restore a version of an entry as a new version (also undeletes)
    Restore {
        source_id: String,
        /// The version number to restore (see `ivr routing history`)
        #[arg(long)]
        version: i64,
        #[arg(long)]
        row_version: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SortBy {
    SourceId,
    RoutingId,
}

#[derive(Args)]
pub struct ListArgs {
    /// Substring of SourceId, RoutingId, InitSegment or the company project's name
    #[arg(long)]
    search: Option<String>,
    /// Only this company project (id; see `ivr dict list company-projects`)
    #[arg(long, value_name = "ID")]
    company_project: Option<i64>,
    /// Include deleted entries
    #[arg(long)]
    all: bool,
    /// Order by this column (both are indexed)
    #[arg(long, value_enum, default_value_t = SortBy::SourceId)]
    sort: SortBy,
    /// Largest first
    #[arg(long)]
    desc: bool,
    #[arg(long, default_value_t = 0)]
    offset: i64,
    #[arg(long, default_value_t = 50)]
    limit: i64,
}

#[derive(Args)]
pub struct CreateArgs {
    #[arg(long)]
    source_id: String,
    #[arg(long)]
    routing_id: String,
    #[arg(long, value_name = "ID")]
    company_project: i64,
    /// BCP-47 code of a language in the dictionary (e.g. nl-BE)
    #[arg(long)]
    language: String,
    #[arg(long)]
    init_segment: String,
    #[arg(long, value_name = "ID")]
    message_store: Option<i64>,
    /// JSON object
    #[arg(long, value_name = "JSON")]
    config: Option<String>,
    /// JSON object
    #[arg(long, value_name = "JSON")]
    feature_flags: Option<String>,
}

#[derive(Args)]
pub struct UpdateArgs {
    /// The entry's current SourceId
    source_id: String,
    /// Refuse (CONFLICT) if the entry changed since this row version was read; default: the
    /// version read just before the update
    #[arg(long)]
    row_version: Option<String>,
    /// New SourceId
    #[arg(long, value_name = "SOURCE_ID")]
    new_source_id: Option<String>,
    #[arg(long)]
    routing_id: Option<String>,
    #[arg(long, value_name = "ID")]
    company_project: Option<i64>,
    #[arg(long)]
    language: Option<String>,
    #[arg(long)]
    init_segment: Option<String>,
    #[arg(long, value_name = "ID", conflicts_with = "no_message_store")]
    message_store: Option<i64>,
    /// Remove the message store
    #[arg(long)]
    no_message_store: bool,
    /// JSON object, or `null` to clear
    #[arg(long, value_name = "JSON")]
    config: Option<String>,
    /// JSON object, or `null` to clear
    #[arg(long, value_name = "JSON")]
    feature_flags: Option<String>,
}

pub async fn run(cmd: RoutingCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    let db = &env.db;
    match cmd {
        RoutingCommand::List(a) => read::list(db, a).await,
        RoutingCommand::Get {
            source_id,
            include_deleted,
        } => read::get(db, source_id, include_deleted).await,
        RoutingCommand::Create(a) => write::create(&env, a).await,
        RoutingCommand::Update(a) => write::update(&env, a).await,
        RoutingCommand::Delete {
            source_id,
            row_version,
        } => write::delete(&env, source_id, row_version).await,
        RoutingCommand::History { source_id } => read::history(db, source_id).await,
        RoutingCommand::Restore {
            source_id,
            version,
            row_version,
        } => write::restore(&env, source_id, version, row_version).await,
    }
}

/// The RoutingTableId of the entry a SourceId names (a deleted one too when `include_inactive`);
/// NOT_FOUND when there is none.
async fn entry_id(db: &ivr_app::Db, source_id: String, include_inactive: bool) -> Result<i64> {
    let req = GetRoutingRequest {
        source_id,
        include_inactive,
    };
    Ok(app::get(db, &req).await?.routing_table_id)
}
