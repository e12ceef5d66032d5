//! Flow designer benchmarks (not tests), on a fresh SQLite database (the `local` engine): for
//! generated flows of 100, 500, 2,000 and 5,000 segments (about 5 keys and 3 transitions each,
//! `ivr_app::flow_gen`), prints
//! - the layered auto-layout of the whole flow, pure (median of 5 runs), and through the app
//!   (`designer::layout` on the draft, which reads it first);
//! - the import of the generated flow file as a draft, and opening the draft (FlowView);
//! - one gesture saved (a one-segment move, `designer::edit_draft` with its revision), its undo
//!   (the returned inverse), and a paste of 10 segments;
//!
//! with the statements each costs (they must not grow with the flow).
//!
//! `cargo run --release -p ivr-app --example designer_bench` (optionally the sizes as arguments)

use ivr_app::designer::{self, CopyRequest, EditDraftRequest, LayoutRequest, PasteRequest};
use ivr_app::flow::FlowRef;
use ivr_app::{Home, OpenEnvironment, Profile};
use ivr_domain::flow::layout::{self, LayoutOptions};
use ivr_domain::flow::EditOp;
use ivr_domain::Result;
use std::time::{Duration, Instant};

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
    let home = Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let env = OpenEnvironment::new(t.db.clone(), Profile::local(&home));
    let w = env.writable()?;
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
        let flow = ivr_app::flow_gen::build(&routing, n, &catalog)?;
        let keys: usize = flow.segments.iter().map(|s| s.config.len()).sum();
        let entry = vec![ivr_app::flow_gen::entry_segment()];
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

        let text = ivr_app::flow_gen::generate(&env, &routing, n).await?;
        let (view, import, import_st) = timed(&env, async || {
            ivr_app::flow::import(&env.writable()?, &text, None, None).await
        })
        .await?;
        let id = view
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
        let seg = &view.flow.segments[n / 2];
        let ui = seg.ui.as_ref().map_or((0.0, 0.0), |u| (u.x, u.y));
        let (moved, gesture, gesture_st) = timed(&env, async || {
            designer::edit_draft(
                &w,
                &EditDraftRequest {
                    change_set_id: id,
                    revision: Some(view.revision.clone()),
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
        let ten: Vec<String> = view.flow.segments[..10.min(n)]
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
    }
    Ok(())
}
