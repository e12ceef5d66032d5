//! Flow designer benchmarks (not tests), on a fresh SQLite database (the `local` engine): for
//! generated flows of 100, 500, 2,000 and 5,000 segments (about 5 keys and 3 transitions each,
//! `ivr_testkit::flow_gen`), prints
//! - the layered auto-layout of the whole flow, pure (median of 5 runs), and through the app
//!   (`designer::layout` on the draft, which reads it first);
//! - the import of the generated flow file as a draft, and opening the draft (FlowView);
//! - one gesture saved (a one-segment move, `designer::edit_draft` with its revision), its undo
//!   (the returned inverse), and a paste of 10 segments;
//!
//! with the statements each costs (they must not grow with the flow); then, per size, where one
//! gesture's backend time goes: the same one-segment move, its steps timed one by one the way
//! `designer::edit_draft` runs a layout batch (dictionary, the part of the draft the batch names
//! with the stored revision, revision check, apply and row plan, write + audit, commit, changed
//! segments, new revision, and the answer as the desktop command sends it: JSON, with its size),
//! with the rows it read.
//!
//! The flows get a routing entry on the demo's company project (whose message store lacks the
//! generated prompts), as `scripts/bench-canvas` does, so validation reports what it reports there.
//!
//! `cargo run --release -p ivr-app --example designer_bench` (optionally the sizes as arguments)

use ivr_app::designer::{
    self, CopyRequest, EditDraftRequest, EditDraftResult, LayoutRequest, PasteRequest,
};
use ivr_app::flow::FlowRef;
use ivr_app::{Home, OpenEnvironment, Profile, Writable};
use ivr_domain::flow::layout::{self, LayoutOptions};
use ivr_domain::flow::{undo, EditOp, Revision, Segment};
use ivr_domain::routing::RoutingFields;
use ivr_domain::Result;
use ivr_store::audit::{Actor, Change};
use ivr_store::segment;
use ivr_testkit::flow_gen;
use std::time::{Duration, Instant};
use uuid::Uuid;

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

async fn timed<T>(
    env: &OpenEnvironment,
    f: impl AsyncFnOnce() -> Result<T>,
) -> Result<(T, Duration, u64)> {
    let s0 = env.db.statement_count();
    let t = Instant::now();
    let out = f().await?;
    Ok((out, t.elapsed(), env.db.statement_count() - s0))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 500, 2000, 5000]
    } else {
        sizes
    };
    let t = ivr_testkit::fresh_sqlite().await;
    let ids = ivr_app::demo::seed(&t.db, &Actor::new("demo", "local")).await?;
    let home = Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let env = OpenEnvironment::new(t.db.clone(), Profile::local(&home));
    let w = env.writable()?;
    let mut steps = Vec::new();
    let catalog = ivr_app::flow::catalog(&env.db).await?;
    println!(
        "{:>6} {:>6} {:>6} | {:>12} {:>12} | {:>10} {:>8} | {:>11} {:>8} {:>10} | ms (statements)",
        "segs",
        "keys",
        "trans",
        "layout pure",
        "layout app",
        "import",
        "open",
        "gesture",
        "undo",
        "paste 10"
    );
    for n in sizes {
        let routing = format!("bench-{n}");
        let flow = flow_gen::build(&routing, n, &catalog)?;
        let keys: usize = flow.segments.iter().map(|s| s.config.len()).sum();
        let entry = vec![flow_gen::entry_segment()];
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let l = layout::layout(&flow, &entry, None, &LayoutOptions::default());
                assert_eq!(l.positions.len(), n);
                t.elapsed()
            })
            .collect();
        runs.sort();
        let pure = runs[2];

        ivr_app::routing::create(
            &w,
            &RoutingFields {
                source_id: format!("+32999{n:06}"),
                routing_id: routing.clone(),
                company_project_id: ids.company_project_id,
                message_store_id: None,
                language_code: "nl-BE".into(),
                init_segment: flow_gen::entry_segment(),
                config: None,
                feature_flags: None,
            },
        )
        .await?;
        let text = flow_gen::flow_file(&routing, n, &catalog)?;
        let (view, import, import_st) = timed(&env, async || {
            ivr_app::flow::import(&env.writable()?, &text, None, None).await
        })
        .await?;
        let id = view
            .graph
            .draft
            .as_ref()
            .map(|d| d.change_set_id)
            .unwrap_or_default();
        let draft = FlowRef::Draft { change_set_id: id };
        let (view, open, open_st) =
            timed(&env, async || designer::view(&env.db, &draft).await).await?;
        let (_, app_layout, layout_st) = timed(&env, async || {
            designer::layout(
                &env.db,
                &LayoutRequest {
                    flow: draft.clone(),
                    segments: None,
                    options: LayoutOptions::default(),
                },
            )
            .await
        })
        .await?;
        let seg = &view.graph.flow.segments[n / 2];
        let ui = seg.ui.as_ref().map_or((0.0, 0.0), |u| (u.x, u.y));
        let (moved, gesture, gesture_st) = timed(&env, async || {
            designer::edit_draft(
                &w,
                &EditDraftRequest {
                    change_set_id: id,
                    revision: Some(view.graph.revision.clone()),
                    ops: vec![EditOp::Move {
                        segment: seg.name.clone(),
                        x: ui.0 + 10.0,
                        y: ui.1 + 10.0,
                    }],
                },
            )
            .await
        })
        .await?;
        let (undone, undo, undo_st) = timed(&env, async || {
            designer::edit_draft(
                &w,
                &EditDraftRequest {
                    change_set_id: id,
                    revision: Some(moved.revision.clone()),
                    ops: moved.inverse.clone(),
                },
            )
            .await
        })
        .await?;
        let ten: Vec<String> = view.graph.flow.segments[..10.min(n)]
            .iter()
            .map(|s| s.name.clone())
            .collect();
        let copied = designer::copy(
            &env.db,
            &CopyRequest {
                from: draft.clone(),
                segments: ten,
            },
        )
        .await?;
        let (_, paste, paste_st) = timed(&env, async || {
            designer::paste(
                &w,
                &PasteRequest {
                    change_set_id: id,
                    revision: Some(undone.revision.clone()),
                    text: copied.text.clone(),
                    at: None,
                },
            )
            .await
        })
        .await?;
        println!(
            "{:>6} {:>6} {:>6} | {:>12} {:>12} | {:>10} {:>8} | {:>11} {:>8} {:>10}",
            n,
            keys,
            flow.transition_count(),
            ms(pure),
            format!("{} ({layout_st})", ms(app_layout)),
            format!("{} ({import_st})", ms(import)),
            format!("{} ({open_st})", ms(open)),
            format!("{} ({gesture_st})", ms(gesture)),
            format!("{} ({undo_st})", ms(undo)),
            format!("{} ({paste_st})", ms(paste)),
        );
        let seg = &view.graph.flow.segments[n / 3];
        let ui = seg.ui.as_ref().map_or((0.0, 0.0), |u| (u.x, u.y));
        let op = EditOp::Move {
            segment: seg.name.clone(),
            x: ui.0 + 20.0,
            y: ui.1 + 20.0,
        };
        let current = designer::draft(&env.db, &designer::DraftRef { change_set_id: id })
            .await?
            .graph
            .revision;
        steps.push((n, gesture_steps(&w, id, &current, op).await?));
    }
    println!();
    println!("one gesture (a one-segment move) step by step, ms (statements):");
    let names: Vec<&str> = steps
        .first()
        .map(|(_, s)| s.iter().map(|(name, _, _)| *name).collect())
        .unwrap_or_default();
    print!("{:>6}", "segs");
    for name in &names {
        print!(" {name:>13}");
    }
    println!();
    for (n, s) in &steps {
        print!("{n:>6}");
        for (_, d, st) in s {
            print!(" {:>13}", format!("{} ({st})", ms(*d)));
        }
        println!();
    }
    Ok(())
}

/// One step of a gesture: name, time, statements.
type Step = (&'static str, Duration, u64);

/// `designer::edit_draft` of one layout batch, its steps timed apart (same calls, same order,
/// same transaction: the part of the draft the batch names, checked against the stored revision),
/// plus the answer serialized as the desktop command sends it.
async fn gesture_steps(
    w: &Writable<'_>,
    id: Uuid,
    revision: &str,
    op: EditOp,
) -> Result<Vec<Step>> {
    let db = w.db();
    let mut steps: Vec<Step> = Vec::new();
    let mut mark = (Instant::now(), db.statement_count());
    let mut step = |name: &'static str, steps: &mut Vec<Step>| {
        steps.push((name, mark.0.elapsed(), db.statement_count() - mark.1));
        mark = (Instant::now(), db.statement_count());
    };
    let ops = vec![op];
    let rows0 = db.rows_read();
    let catalog = ivr_app::flow::catalog(db).await?;
    step("dictionary", &mut steps);
    let names = undo::named_segments(&ops).unwrap_or_default();
    let (after, plan, rev, inverse) = db
        .transaction(async |c| {
            let part = segment::load_draft_part(c, id, &names).await?;
            step("read part", &mut steps);
            let routing = part
                .change_set
                .as_ref()
                .map(|cs| cs.routing_id.clone())
                .unwrap_or_default();
            let rev = part
                .revision_sum
                .as_deref()
                .and_then(|sum| Revision::from_sum(&routing, sum))
                .filter(|rev| rev.text() == revision);
            assert!(rev.is_some(), "the draft keeps its revision, the one given");
            step("check rev", &mut steps);
            let applied = undo::apply_to_part(&part.flow, &catalog, &ops);
            step("apply ops", &mut steps);
            let (Some(mut rev), Some((next, inverse, plan))) = (rev, applied) else {
                panic!("a move is a layout batch on the segment it names");
            };
            for name in plan.changed_segments() {
                rev.replace(part.flow.segment(name), next.segment(name));
            }
            segment::apply_plan(c, &routing, id, &w.actor().name, &plan, &rev.sum_text()).await?;
            step("write rows", &mut steps);
            let after = serde_json::json!({"changeSetId": id, "operations": ops}).to_string();
            ivr_store::audit::write(
                c,
                w.actor(),
                Change {
                    entity_type: "flow",
                    entity_id: &routing,
                    action: "draft_edited",
                    before: None,
                    after: Some(&after),
                },
            )
            .await?;
            step("audit", &mut steps);
            Ok((next, plan, rev, inverse))
        })
        .await?;
    step("commit", &mut steps);
    let changed: Vec<Segment> = plan
        .changed_segments()
        .into_iter()
        .filter_map(|name| after.segment(name).cloned())
        .collect();
    step("changed segs", &mut steps);
    let revision = rev.text();
    step("new revision", &mut steps);
    let results = ivr_app::flow::results_of(&catalog, changed.iter());
    let answer = EditDraftResult {
        change_set_id: id,
        revision,
        changed,
        removed: Vec::new(),
        results,
        inverse,
        validation: None,
    };
    let text = serde_json::to_string(&answer).unwrap_or_default();
    step("answer JSON", &mut steps);
    println!(
        "  a layout gesture: {} segment(s) read, the answer is {} bytes, {} rows read in all",
        after.segments.len(),
        text.len(),
        db.rows_read() - rows0
    );
    Ok(steps)
}
