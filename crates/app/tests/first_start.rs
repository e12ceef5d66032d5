//! First start of `local`: any number of starts on a fresh home at once all succeed and leave
//! exactly one complete demo; an interrupted start leaves nothing that the next start does not
//! complete. (A real kill -9 at random moments is in the chaos harness, `crates/chaos`.)

use ivr_app::messages;
use ivr_app::{Home, SessionStore, Studio, Target};
use ivr_domain::message::KeyFilter;
use ivr_store::mssql::RetryPolicy;
use ivr_store::Db;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::Duration;

fn studio(dir: &Path) -> Studio {
    Studio::new(Home::at(dir), Arc::new(SessionStore::new()))
        .with_retry(RetryPolicy::once(Duration::from_secs(5)))
}

/// What a new user sees: every flow with its published size, live version and open drafts; the
/// routing entries; the message stores and their keys. Names and counts, no timestamps.
async fn demo_summary(db: &Db) -> String {
    let flows = ivr_app::flow::list(db).await.unwrap();
    let routing = ivr_store::routing::list(db, &Default::default(), 0, 500)
        .await
        .unwrap();
    let mut stores = Vec::new();
    for s in messages::list_stores(db, None, None).await.unwrap() {
        let keys = messages::list_keys(
            db,
            s.id,
            KeyFilter {
                limit: 500,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let names: Vec<String> = keys.items.iter().map(|k| k.key.clone()).collect();
        stores.push(format!("{}: {}", s.name, names.join(",")));
    }
    let entries: Vec<String> = routing
        .items
        .iter()
        .map(|(r, _)| format!("{}→{}", r.entry.source_id, r.entry.routing_id))
        .collect();
    format!(
        "flows {}\nrouting {} {}\nstores {}",
        serde_json::to_string(&flows).unwrap(),
        routing.total,
        entries.join(","),
        stores.join(" | ")
    )
}

async fn reference_summary() -> String {
    let dir = tempfile::tempdir().unwrap();
    let env = studio(dir.path())
        .open(&Target::env("local"))
        .await
        .unwrap();
    let s = demo_summary(&env.db).await;
    assert!(s.contains("\"liveVersion\":1"), "{s}");
    assert!(s.contains("\"openDrafts\":0"), "{s}");
    s
}

#[test]
fn many_first_starts_at_once_all_succeed_and_seed_once() {
    let expected = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(reference_summary());
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let starts = 6;
        let barrier = Arc::new(Barrier::new(starts));
        let results: Vec<Result<String, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..starts)
                .map(|_| {
                    let barrier = barrier.clone();
                    let root = dir.path().to_path_buf();
                    scope.spawn(move || {
                        let rt = tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .unwrap();
                        rt.block_on(async move {
                            // Each start is its own Studio and its own SQLite connection, as two
                            // processes would have.
                            let s = studio(&root);
                            barrier.wait();
                            match s.open(&Target::env("local")).await {
                                Ok(env) => Ok(demo_summary(&env.db).await),
                                Err(e) => Err(format!("{}: {}", e.code, e.message)),
                            }
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            assert_eq!(r.as_deref(), Ok(expected.as_str()), "round {round}");
        }
    }
}

#[tokio::test]
async fn an_interrupted_first_start_is_completed_by_the_next() {
    let expected = reference_summary().await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // What a start killed half-way leaves: its temporary database, migrated and partly seeded,
    // with its write-ahead log, and the lock files (no process holds them any more).
    let building = data.join("local.sqlite.first-start");
    {
        let half = Db::open_sqlite(&building).unwrap();
        let set = ivr_store::migrate::MigrationSet::embedded(half.engine()).unwrap();
        ivr_store::migrate::deploy(
            &half,
            &set,
            &ivr_store::migrate::RunOptions::new("killed", "local"),
            Default::default(),
            &|_| {},
        )
        .await
        .unwrap();
        ivr_app::demo::seed_dictionaries(&half, &ivr_store::audit::Actor::new("killed", "local"))
            .await
            .unwrap();
        std::mem::forget(half); // killed: never closed, never checkpointed
    }
    std::fs::write(data.join("local.sqlite.first-start-lock"), b"").unwrap();
    assert!(!data.join("local.sqlite").exists());

    let env = studio(dir.path())
        .open(&Target::env("local"))
        .await
        .unwrap();
    assert_eq!(demo_summary(&env.db).await, expected);
    let mut left: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("first-start") && !n.ends_with("-lock"))
        .collect();
    left.sort();
    assert_eq!(
        left,
        Vec::<String>::new(),
        "the interrupted build is removed"
    );
}

#[tokio::test]
async fn an_empty_file_counts_as_not_created() {
    let expected = reference_summary().await;
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    // `ivr env test local` before any start opens (so creates) the file and changes nothing.
    s.test_environment(&Target::env("local"), Duration::from_secs(2))
        .await
        .unwrap();
    assert!(dir.path().join("data/local.sqlite").exists());
    let env = s.open(&Target::env("local")).await.unwrap();
    assert_eq!(demo_summary(&env.db).await, expected);
}

#[tokio::test]
async fn a_user_database_is_never_seeded_again() {
    let dir = tempfile::tempdir().unwrap();
    let s = studio(dir.path());
    let env = s.open(&Target::env("local")).await.unwrap();
    let before = ivr_store::routing::list(&env.db, &Default::default(), 0, 500)
        .await
        .unwrap();
    // The user deletes every demo routing entry on purpose.
    for (r, _) in &before.items {
        ivr_app::routing::delete(
            &env.writable().unwrap(),
            &ivr_app::routing::DeleteRoutingRequest {
                routing_table_id: r.entry.routing_table_id,
                row_version: None,
            },
        )
        .await
        .unwrap();
    }
    drop(env);
    let env = s.open(&Target::env("local")).await.unwrap();
    let after = ivr_store::routing::list(&env.db, &Default::default(), 0, 500)
        .await
        .unwrap();
    assert_eq!(after.total, 0, "deleted demo rows stay deleted");
}
