//! `ivr flow …`: flows (segment graphs) and their drafts.

use super::{write_export, Ctx, Reply};
use clap::{Args, Subcommand};
use ivr_app::designer;
use ivr_app::flow::{self, FlowRef, FlowView};
use ivr_domain::flow::{EditOp, FlowDiff, ValidationReport};
use ivr_domain::{Error, ErrorDetail, Result};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::Read;
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
    /// Write a generated flow file (for benchmarks and tests): N segments of about 5 keys and 3
    /// transitions, valid, laid out, entered at menu_00000; import it with `ivr flow import`
    Generate {
        routing_id: String,
        #[arg(long, value_name = "N")]
        segments: usize,
        /// File to write (default: stdout)
        #[arg(long, short, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
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

/// The `--json` answer of `flow discard`.
#[derive(Serialize)]
struct DraftDiscarded {
    discarded: Uuid,
}

fn read_input(path: &str) -> Result<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::validation(format!("cannot read standard input: {e}")))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| Error::validation(format!("cannot read {path}: {e}")))
}

pub async fn run(cmd: FlowCommand, ctx: &Ctx) -> Result<Reply> {
    let env = ctx.open().await?;
    let db = &env.db;
    match cmd {
        FlowCommand::List => {
            let flows = flow::list(db).await?;
            let mut t = String::new();
            for f in &flows {
                let entries: Vec<String> = f
                    .entries
                    .iter()
                    .map(|e| format!("{} → {}", e.source_id, e.init_segment))
                    .collect();
                if f.missing {
                    let _ = writeln!(
                        t,
                        "{}  MISSING: no such flow, yet routing entries point at it: {}",
                        f.routing_id,
                        entries.join(", ")
                    );
                    continue;
                }
                let _ = writeln!(
                    t,
                    "{}  v{}  {} segment(s)  {} open draft(s)  {}",
                    f.routing_id,
                    f.live_version,
                    f.published_segments,
                    f.open_drafts,
                    entries.join(", ")
                );
            }
            if flows.is_empty() {
                t.push_str("no flows");
            }
            Ok(Reply::new(&flows, t))
        }
        FlowCommand::Show(which) => {
            let view = ivr_app::designer::view(&env.db, &which.flow_ref()?).await?;
            let text = show_text(&view);
            Ok(Reply::new(&view, text))
        }
        FlowCommand::Export { which, output } => {
            let text = flow::export(db, &which.flow_ref()?).await?;
            match output {
                Some(path) => write_export(&path, &text).await,
                // The exported file is the JSON answer, as written.
                None => Ok(Reply::raw(text.clone(), text)),
            }
        }
        FlowCommand::Import {
            file,
            routing_id,
            description,
        } => {
            let text = read_input(&file)?;
            let view = flow::import(
                &env.writable()?,
                &text,
                routing_id.as_deref(),
                description.as_deref(),
            )
            .await?;
            let id = view
                .graph
                .draft
                .as_ref()
                .map(|d| d.change_set_id.to_string())
                .unwrap_or_default();
            let t = format!(
                "imported {} segment(s) of {} as draft {id}\n{}",
                view.graph.flow.segments.len(),
                view.graph.routing_id,
                report_text(&view.validation)
            );
            Ok(Reply::new(&view, t))
        }
        FlowCommand::Validate(which) => {
            let report = flow::validate(db, &which.flow_ref()?).await?;
            let t = report_text(&report);
            Ok(Reply::new(&report, t))
        }
        FlowCommand::Diff {
            routing_id,
            draft,
            from_version,
            to_version,
        } => {
            let need = || {
                routing_id.clone().ok_or_else(|| {
                    Error::validation("name the flow (its RoutingId) to compare versions or live")
                })
            };
            let from = match from_version {
                Some(v) => FlowRef::Version {
                    routing_id: need()?,
                    version: v,
                },
                None => match (&routing_id, draft) {
                    (Some(r), _) => FlowRef::Live {
                        routing_id: r.clone(),
                    },
                    (None, Some(id)) => {
                        let d = flow::show_draft(db, id).await?;
                        FlowRef::Live {
                            routing_id: d.graph.routing_id,
                        }
                    }
                    (None, None) => {
                        return Err(Error::validation("name the flow or a draft to compare"))
                    }
                },
            };
            let to = match (draft, to_version) {
                (Some(id), _) => FlowRef::Draft { change_set_id: id },
                (None, Some(v)) => FlowRef::Version {
                    routing_id: need()?,
                    version: v,
                },
                (None, None) => {
                    return Err(Error::validation(
                        "say what to compare with: --draft CHANGE_SET_ID or --to-version N",
                    ))
                }
            };
            let d = flow::diff(db, &from, &to).await?;
            let t = diff_text(&d);
            Ok(Reply::new(&d, t))
        }
        FlowCommand::Publish { change_set_id } => {
            let p = flow::publish(&env.writable()?, change_set_id).await?;
            let mut t = format!(
                "published {} version {} (draft {})\n{}",
                p.routing_id,
                p.version,
                p.change_set_id,
                diff_text(&p.diff)
            );
            for w in &p.warnings {
                let _ = write!(t, "\nwarning: {}", w.message);
            }
            Ok(Reply::new(&p, t))
        }
        FlowCommand::Discard { change_set_id } => {
            flow::discard(&env.writable()?, change_set_id).await?;
            Ok(Reply::new(
                &DraftDiscarded {
                    discarded: change_set_id,
                },
                format!("discarded draft {change_set_id}"),
            ))
        }
        FlowCommand::Drafts { routing_id, all } => {
            let list = flow::drafts(db, routing_id.as_deref(), all).await?;
            let mut t = String::new();
            for d in &list {
                let _ = writeln!(
                    t,
                    "{}  {}  {}  based on v{}  by {} at {}{}",
                    d.change_set_id,
                    d.routing_id,
                    d.status,
                    d.based_on_version.unwrap_or(0),
                    d.created_by,
                    d.created_at,
                    d.description
                        .as_deref()
                        .map(|s| format!("  — {s}"))
                        .unwrap_or_default()
                );
            }
            if list.is_empty() {
                t.push_str("no drafts");
            }
            Ok(Reply::new(&list, t))
        }
        FlowCommand::Rollback {
            routing_id,
            version,
            description,
        } => {
            let d = flow::rollback(
                &env.writable()?,
                &routing_id,
                version,
                description.as_deref(),
            )
            .await?;
            let t = format!(
                "draft {} holds version {version} of {routing_id}; publish it with `ivr flow publish {}`",
                d.change_set_id, d.change_set_id
            );
            Ok(Reply::new(&d, t))
        }
        FlowCommand::Open {
            routing_id,
            description,
        } => {
            let d = flow::open_draft(&env.writable()?, &routing_id, description.as_deref()).await?;
            let t = format!(
                "opened draft {} of {routing_id} (based on version {})",
                d.change_set_id,
                d.based_on_version.unwrap_or(0)
            );
            Ok(Reply::new(&d, t))
        }
        FlowCommand::Edit { change_set_id, ops } => {
            let text = read_input(&ops)?;
            let ops: Vec<EditOp> = serde_json::from_str(&text).map_err(|e| {
                Error::validation(format!(
                    "the operations are not a JSON array of edit operations: {e}"
                ))
                .with_detail(ErrorDetail {
                    line: Some(e.line()),
                    column: Some(e.column()),
                    ..Default::default()
                })
            })?;
            let view = flow::edit(&env.writable()?, change_set_id, &ops).await?;
            let t = format!(
                "applied {} operation(s); draft has {} segment(s)\n{}",
                ops.len(),
                view.graph.flow.segments.len(),
                report_text(&view.validation)
            );
            Ok(Reply::new(&view, t))
        }
        FlowCommand::Create {
            routing_id,
            entry,
            segment_type,
            config,
            description,
        } => {
            let config = match config {
                None => Default::default(),
                Some(text) => match serde_json::from_str::<ivr_domain::RawMembers>(&text) {
                    Ok(m) => m,
                    Err(_) => {
                        return Err(Error::validation(
                            "--config must be a JSON object of typed values, e.g. '{\"messageKey\": \"WELCOME\"}'",
                        ))
                    }
                },
            };
            let req = designer::CreateFlowRequest {
                routing_id,
                entry: designer::EntrySegment {
                    name: entry,
                    segment_type,
                    config,
                    ui: None,
                },
                description,
                routing_entry: None,
            };
            let created = designer::create_flow(&env.writable()?, &req).await?;
            let v = &created.view;
            let id = v.graph.draft.as_ref().map(|d| d.change_set_id.to_string());
            let t = format!(
                "created flow {} as draft {} with entry segment {}\n{}",
                v.graph.routing_id,
                id.unwrap_or_default(),
                req.entry.name,
                report_text(&v.validation)
            );
            Ok(Reply::new(&created, t))
        }
        FlowCommand::Generate {
            routing_id,
            segments,
            output,
        } => {
            let text = ivr_app::flow_gen::generate(&env, &routing_id, segments).await?;
            match output {
                Some(path) => write_export(&path, &text).await,
                // The exported file is the JSON answer, as written.
                None => Ok(Reply::raw(text.clone(), text)),
            }
        }
        FlowCommand::Versions { routing_id } => {
            let list = flow::versions(db, &routing_id).await?;
            let mut t = String::new();
            for v in &list {
                let _ = writeln!(
                    t,
                    "v{}  {}  by {}  draft {}{}",
                    v.version,
                    v.published_at.as_deref().unwrap_or("?"),
                    v.published_by.as_deref().unwrap_or("?"),
                    v.change_set_id,
                    v.description
                        .as_deref()
                        .map(|s| format!("  — {s}"))
                        .unwrap_or_default()
                );
            }
            if list.is_empty() {
                t.push_str("never published");
            }
            Ok(Reply::new(&list, t))
        }
    }
}

fn show_text(v: &FlowView) -> String {
    let mut t = match &v.graph.draft {
        Some(d) => format!(
            "{} — draft {} ({}, based on v{}, live v{})\n",
            v.graph.routing_id,
            d.change_set_id,
            d.status,
            d.based_on_version.unwrap_or(0),
            v.graph.live_version
        ),
        None => format!("{} — live v{}\n", v.graph.routing_id, v.graph.live_version),
    };
    for s in &v.graph.flow.segments {
        let _ = writeln!(t, "{} [{}]", s.name, s.segment_type);
        for (k, val) in &s.config {
            let _ = writeln!(t, "    {k} = {val}");
        }
        for tr in &s.transitions {
            let ctx = tr
                .context_key
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            let _ = writeln!(t, "    {}{ctx} → {}", tr.result, tr.next);
        }
    }
    t.push_str(&report_text(&v.validation));
    t
}

fn report_text(r: &ValidationReport) -> String {
    let mut t = format!(
        "{} error(s), {} warning(s)",
        r.errors.len(),
        r.warnings.len()
    );
    for f in &r.errors {
        let _ = write!(t, "\nerror   {}: {}", f.code, f.message);
    }
    for f in &r.warnings {
        let _ = write!(t, "\nwarning {}: {}", f.code, f.message);
    }
    t
}

fn diff_text(d: &FlowDiff) -> String {
    let mut t = String::new();
    for s in &d.segments_added {
        let _ = writeln!(t, "+ segment {} [{}]", s.segment, s.segment_type);
    }
    for s in &d.segments_removed {
        let _ = writeln!(t, "- segment {} [{}]", s.segment, s.segment_type);
    }
    for s in &d.segments_retyped {
        let _ = writeln!(t, "~ segment {}: type {} → {}", s.segment, s.from, s.to);
    }
    for s in &d.segments_reconfigured {
        for k in &s.keys {
            let _ = writeln!(
                t,
                "~ segment {}: {} {} → {}",
                s.segment,
                k.key,
                k.old.as_deref().unwrap_or("(unset)"),
                k.new.as_deref().unwrap_or("(unset)")
            );
        }
    }
    for x in &d.transitions_added {
        let _ = writeln!(t, "+ {}.{} → {}", x.segment, x.result, x.next);
    }
    for x in &d.transitions_removed {
        let _ = writeln!(t, "- {}.{} → {}", x.segment, x.result, x.next);
    }
    for x in &d.transitions_redirected {
        let _ = writeln!(t, "~ {}.{}: {} → {}", x.segment, x.result, x.from, x.to);
    }
    if !d.layout.is_empty() {
        let _ = writeln!(
            t,
            "(layout only: {} segment(s) moved or restyled)",
            d.layout.len()
        );
    }
    if t.is_empty() {
        t.push_str("no changes");
    }
    t
}
