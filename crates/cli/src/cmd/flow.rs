//! `ivr flow …`: flows (segment graphs) and their drafts.
//!
//! This file holds the arguments and which function runs each subcommand: `read` (list, show,
//! export, validate, diff, drafts, versions), `drafts` (import, open, edit, create, rollback,
//! publish, discard); `text` words every answer for people.

mod drafts;
mod read;
mod text;

use super::{Ctx, Reply};
use clap::{Args, Subcommand};
use ivr_app::flow::FlowRef;
use ivr_domain::{Error, Result};
use uuid::Uuid;

#[derive(Subcommand)]
pub enum FlowCommand {
    /// List flows: published size, live version, open drafts, routing entries
    List,
    /// Show a flow: live (default), a draft (--draft) or an earlier version (--version)
    Show(Which),
    /// Write a flow file (deterministic JSON) to stdout or --output
    Export {
        #[command(flatten)]
        which: Which,
        /// File to write (default: stdout)
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Import a flow file as a new draft (FILE or - for stdin)
    Import {
        file: String,
        /// RoutingId of the draft (default: the file's)
        #[arg(long, value_name = "ID")]
        routing_id: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Validate a flow: errors block publishing, warnings don't
    Validate(Which),
    /// Semantic diff: from live (or --from-version) to a draft (or --to-version)
    Diff {
        routing_id: Option<String>,
        /// Compare with this draft
        #[arg(long, value_name = "CHANGE_SET_ID")]
        draft: Option<Uuid>,
        #[arg(long, value_name = "N")]
        from_version: Option<i32>,
        #[arg(long, value_name = "N")]
        to_version: Option<i32>,
    },
    /// Publish a draft atomically (CONFLICT if live changed since the draft was opened)
    Publish { change_set_id: Uuid },
    /// Discard a draft
    Discard { change_set_id: Uuid },
    /// List drafts (open ones unless --all)
    Drafts {
        routing_id: Option<String>,
        #[arg(long)]
        all: bool,
    },
    /// Open a draft holding an earlier published version
    Rollback {
        routing_id: String,
        #[arg(long, value_name = "N")]
        version: i32,
        #[arg(long)]
        description: Option<String>,
    },
    /// Open a new draft: a copy of the live flow (empty for a new flow)
    Open {
        routing_id: String,
        #[arg(long)]
        description: Option<String>,
    },
    /// Apply a batch of edit operations (a JSON array, FILE or - for stdin) to a draft
    Edit {
        change_set_id: Uuid,
        #[arg(long, value_name = "FILE")]
        ops: String,
    },
    /// Published versions of a flow
    Versions { routing_id: String },
    /// Create a brand-new flow: a draft holding its entry segment (add its routing entry with
    /// `ivr routing create`, InitSegment = the entry)
    Create {
        routing_id: String,
        /// Name of the entry segment
        #[arg(long, value_name = "NAME")]
        entry: String,
        /// Its segment type (see `ivr dict show`)
        #[arg(long = "type", value_name = "TYPE")]
        segment_type: String,
        /// Its configuration: a JSON object of typed values
        #[arg(long, value_name = "JSON")]
        config: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
}

#[derive(Args)]
pub struct Which {
    /// RoutingId of the flow (not needed with --draft)
    routing_id: Option<String>,
    #[arg(long, value_name = "CHANGE_SET_ID", conflicts_with = "version")]
    draft: Option<Uuid>,
    #[arg(long, value_name = "N")]
    version: Option<i32>,
}

impl Which {
    fn flow_ref(&self) -> Result<FlowRef> {
        match (&self.routing_id, self.draft, self.version) {
            (_, Some(id), _) => Ok(FlowRef::Draft { change_set_id: id }),
            (Some(r), None, Some(v)) => Ok(FlowRef::Version {
                routing_id: r.clone(),
                version: v,
            }),
            (Some(r), None, None) => Ok(FlowRef::Live {
                routing_id: r.clone(),
            }),
            (None, None, _) => Err(Error::validation(
                "name the flow (its RoutingId) or a draft (--draft CHANGE_SET_ID)",
            )),
        }
    }
}

pub async fn run(cmd: FlowCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    let db = &env.db;
    match cmd {
        FlowCommand::List => read::list(db).await,
        FlowCommand::Show(which) => read::show(db, &which).await,
        FlowCommand::Export { which, output } => read::export(db, &which, output).await,
        FlowCommand::Import {
            file,
            routing_id,
            description,
        } => drafts::import(&env, &file, routing_id.as_deref(), description.as_deref()).await,
        FlowCommand::Validate(which) => read::validate(db, &which).await,
        FlowCommand::Diff {
            routing_id,
            draft,
            from_version,
            to_version,
        } => read::diff(db, routing_id, draft, from_version, to_version).await,
        FlowCommand::Publish { change_set_id } => drafts::publish(&env, change_set_id).await,
        FlowCommand::Discard { change_set_id } => drafts::discard(&env, change_set_id).await,
        FlowCommand::Drafts { routing_id, all } => {
            read::drafts(db, routing_id.as_deref(), all).await
        }
        FlowCommand::Rollback {
            routing_id,
            version,
            description,
        } => drafts::rollback(&env, &routing_id, version, description.as_deref()).await,
        FlowCommand::Open {
            routing_id,
            description,
        } => drafts::open(&env, &routing_id, description.as_deref()).await,
        FlowCommand::Edit { change_set_id, ops } => drafts::edit(&env, change_set_id, &ops).await,
        FlowCommand::Create {
            routing_id,
            entry,
            segment_type,
            config,
            description,
        } => drafts::create(&env, routing_id, entry, segment_type, config, description).await,
        FlowCommand::Versions { routing_id } => read::versions(db, &routing_id).await,
    }
}

/// A written file (`--output`) or, without one, the file itself as the answer.
async fn file_reply(output: Option<std::path::PathBuf>, text: String) -> Result<Reply> {
    match output {
        Some(path) => super::write_export(&path, &text).await,
        // The exported file is the JSON answer, as written.
        None => Ok(Reply::raw(text.clone(), text)),
    }
}
