//! `ivr routing …`: the routing table.

use super::table::{self, fields, opt, yes_no};
use super::{Ctx, Reply};
use clap::{Args, Subcommand};
use ivr_app::routing::{self as app, *};
use ivr_domain::routing::{
    RoutingEntry, RoutingFields, RoutingHistoryItem, RoutingListItem, RoutingSaved,
    RoutingSnapshot, RoutingSort, RoutingSortColumn, RoutingWarningCode,
};
use ivr_domain::{JsonText, Result};

#[derive(Subcommand)]
pub enum RoutingCommand {
    /// List entries (ordered by SourceId, or --sort routing-id), with search and paging
    List {
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
    },
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

/// The text as written (the app validates it and stores it exactly); `null` clears the field.
fn json_arg(text: &str) -> Option<JsonText> {
    (text.trim() != "null").then(|| JsonText::new(text))
}

pub async fn run(cmd: RoutingCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    match cmd {
        RoutingCommand::List {
            search,
            company_project,
            all,
            sort,
            desc,
            offset,
            limit,
        } => {
            let column = match sort {
                SortBy::SourceId => RoutingSortColumn::SourceId,
                SortBy::RoutingId => RoutingSortColumn::RoutingId,
            };
            let page = app::list(
                &env.db,
                &ListRoutingRequest {
                    search,
                    company_project_id: company_project,
                    include_inactive: all,
                    sort: Some(RoutingSort {
                        column,
                        descending: desc,
                    }),
                    offset: Some(offset),
                    limit: Some(limit),
                },
            )
            .await?;
            let text = table::page(
                &[
                    "SOURCE ID",
                    "ROUTING ID",
                    "INIT SEGMENT",
                    "LANGUAGE",
                    "PROJECT",
                    "",
                ],
                &page.items,
                |i| {
                    vec![
                        i.entry.source_id.clone(),
                        i.entry.routing_id.clone(),
                        i.entry.init_segment.clone(),
                        i.entry.language_code.clone(),
                        format!("{}/{}", i.customer_id, i.project_id),
                        state_text(i),
                    ]
                },
                page.offset,
                page.total,
            );
            Ok(Reply::new(&page, text))
        }
        RoutingCommand::Get {
            source_id,
            include_deleted,
        } => {
            let e = app::get(
                &env.db,
                &GetRoutingRequest {
                    source_id,
                    include_inactive: include_deleted,
                },
            )
            .await?;
            Ok(Reply::new(&e, entry_text(&e)))
        }
        RoutingCommand::Create(a) => {
            let f = RoutingFields {
                source_id: a.source_id,
                routing_id: a.routing_id,
                company_project_id: a.company_project,
                message_store_id: a.message_store,
                language_code: a.language,
                init_segment: a.init_segment,
                config: a.config.as_deref().and_then(json_arg),
                feature_flags: a.feature_flags.as_deref().and_then(json_arg),
            };
            let e = app::create(&env.writable()?, &f).await?;
            Ok(Reply::new(&e, format!("created\n{}", saved_text(&e))))
        }
        RoutingCommand::Update(a) => {
            let patch = RoutingPatch {
                source_id: a.new_source_id,
                routing_id: a.routing_id,
                company_project_id: a.company_project,
                message_store_id: if a.no_message_store {
                    Some(None)
                } else {
                    a.message_store.map(Some)
                },
                language_code: a.language,
                init_segment: a.init_segment,
                config: a.config.map(|t| json_arg(&t)),
                feature_flags: a.feature_flags.map(|t| json_arg(&t)),
            };
            let req = PatchRoutingRequest {
                source_id: a.source_id,
                row_version: a.row_version,
                patch,
            };
            let e = app::patch(&env.writable()?, &req).await?;
            Ok(Reply::new(&e, format!("updated\n{}", saved_text(&e))))
        }
        RoutingCommand::Delete {
            source_id,
            row_version,
        } => {
            let id = entry_id(&env.db, source_id, false).await?;
            let e = app::delete(
                &env.writable()?,
                &DeleteRoutingRequest {
                    routing_table_id: id,
                    row_version,
                },
            )
            .await?;
            Ok(Reply::new(
                &e,
                format!(
                    "deleted routing entry {} (restore it with `ivr routing restore {} --version N`)",
                    e.source_id, e.source_id
                ),
            ))
        }
        RoutingCommand::History { source_id } => {
            let id = entry_id(&env.db, source_id, true).await?;
            let h = app::history(&env.db, id).await?;
            Ok(Reply::new(&h, history_text(&h)))
        }
        RoutingCommand::Restore {
            source_id,
            version,
            row_version,
        } => {
            let id = entry_id(&env.db, source_id, true).await?;
            let e = app::restore(
                &env.writable()?,
                &RestoreRoutingRequest {
                    routing_table_id: id,
                    version_number: version,
                    row_version,
                },
            )
            .await?;
            Ok(Reply::new(
                &e,
                format!(
                    "restored version {version} as a new version\n{}",
                    saved_text(&e)
                ),
            ))
        }
    }
}

/// Formatted for reading; every value exactly as stored.
fn json_text(v: &Option<JsonText>) -> String {
    v.as_ref()
        .map(JsonText::pretty)
        .unwrap_or_else(|| "-".into())
}

/// A row's state column: deleted, or what it points at that does not exist.
fn state_text(i: &RoutingListItem) -> String {
    if !i.entry.is_active {
        return "deleted".into();
    }
    i.warnings
        .iter()
        .map(|w| match w.code {
            RoutingWarningCode::FlowMissing => "no such flow",
            RoutingWarningCode::SegmentMissing => "no such segment",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The saved entry, then each warning on a line of its own.
fn saved_text(s: &RoutingSaved) -> String {
    let mut t = entry_text(&s.entry);
    for w in &s.warnings {
        t.push_str(&format!("\nwarning: {}", w.message));
    }
    t
}

fn entry_text(e: &RoutingEntry) -> String {
    fields(&[
        ("SourceId", e.source_id.clone()),
        ("RoutingId", e.routing_id.clone()),
        ("InitSegment", e.init_segment.clone()),
        ("Language", e.language_code.clone()),
        ("CompanyProject", e.company_project_id.to_string()),
        ("MessageStore", opt(&e.message_store_id)),
        ("Config", json_text(&e.config)),
        ("FeatureFlags", json_text(&e.feature_flags)),
        ("Active", yes_no(e.is_active)),
        ("Created", format!("{} by {}", e.created_at, e.created_by)),
        (
            "Updated",
            match (&e.updated_at, &e.updated_by) {
                (Some(at), Some(by)) => format!("{at} by {by}"),
                _ => "-".into(),
            },
        ),
        ("Id", e.routing_table_id.to_string()),
        ("RowVersion", e.row_version.clone()),
    ])
}

fn history_text(h: &[RoutingHistoryItem]) -> String {
    let rows: Vec<Vec<String>> = h
        .iter()
        .map(|v| {
            let s = |k: fn(&RoutingSnapshot) -> &String| {
                v.snapshot.as_ref().map(k).cloned().unwrap_or_default()
            };
            if let Some(f) = &v.flow {
                // A publish of the entry's flow: an event, not a version of the entry.
                let version = f.version.map(|n| format!(" v{n}")).unwrap_or_default();
                return vec![
                    v.version_number.to_string(),
                    format!("flow {}{version} published", f.routing_id),
                    v.action_at.clone(),
                    v.action_by.clone(),
                    String::new(),
                    f.routing_id.clone(),
                    String::new(),
                    String::new(),
                ];
            }
            vec![
                v.version_number.to_string(),
                v.action_type.clone(),
                v.action_at.clone(),
                v.action_by.clone(),
                s(|e| &e.source_id),
                s(|e| &e.routing_id),
                s(|e| &e.init_segment),
                s(|e| &e.language_code),
            ]
        })
        .collect();
    table::render(
        &[
            "VERSION",
            "ACTION",
            "AT",
            "BY",
            "SOURCE ID",
            "ROUTING ID",
            "INIT SEGMENT",
            "LANGUAGE",
        ],
        &rows,
    )
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
