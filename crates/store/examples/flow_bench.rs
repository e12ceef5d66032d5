//! Flow benchmark on SQLite (not a test): builds flows of 100, 1,000 and 5,000 segments (5 keys and
//! 3 transitions each), and prints statements and time for import (reading the flow file, then
//! writing it as a draft), publish, open draft (copy of live), load, an edit batch, validate, diff
//! and a second publish.
//!
//! `cargo run --release -p ivr-store --example flow_bench`
//!
//! It drives the store the way `ivr_app::flow` does (same statements per operation), with the
//! rules from `ivr_domain::flow`.

use ivr_domain::connection::Engine;
use ivr_domain::flow::file::{self, FileSource};
use ivr_domain::flow::plan::ChangePlan;
use ivr_domain::flow::{diff, edit, validate, Catalog, EditOp, Flow, Revision, ValidationContext};
use ivr_domain::Result;
use ivr_store::audit::{self, Actor, Change};
use ivr_store::migrate::{self, DeployOptions, MigrationSet, RunOptions};
use ivr_store::segment;
use ivr_store::Db;
use serde_json::json;
use std::time::Instant;
use uuid::Uuid;

ivr_store::queries! {
    B_COMPANY_PROJECT {
        mssql: "INSERT INTO dbo.cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy) \
                SELECT e.EnvironmentId, 'bench', 'bench', N'Bench', 'bench' FROM dbo.cfg_Dic_Environment AS e WHERE e.Code = 'dvp'",
        sqlite: ["INSERT INTO cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy) \
                  SELECT e.EnvironmentId, 'bench', 'bench', 'Bench', 'bench' FROM cfg_Dic_Environment AS e WHERE e.Code = 'dvp'"],
    }
    B_ROUTING_ENTRY {
        mssql: "INSERT INTO ivr.rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, LanguageCode, InitSegment, IsActive, CreatedBy) \
                SELECT @P1, @P1, cp.CompanyProjectId, 'nl-BE', 'm0', 1, 'bench' FROM dbo.cfg_Dic_CompanyProject AS cp WHERE cp.CustomerId = 'bench'",
        sqlite: ["INSERT INTO rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, LanguageCode, InitSegment, IsActive, CreatedBy) \
                  SELECT ?1, ?1, cp.CompanyProjectId, 'nl-BE', 'm0', 1, 'bench' FROM cfg_Dic_CompanyProject AS cp WHERE cp.CustomerId = 'bench'"],
    }
}

/// n menu segments m0..m{n-1} (messageKey, options, noInputMessageKey + defaults timeoutSeconds
/// and maxRetries = 5 keys; results a, b, no_input = 3 transitions) and one disconnect.
fn build(routing_id: &str, n: usize, catalog: &Catalog) -> Flow {
    let mut ops = Vec::with_capacity(n * 4 + 1);
    ops.push(EditOp::AddSegment {
        name: "end".into(),
        segment_type: "disconnect".into(),
        config: Default::default(),
        order: None,
        ui: None,
    });
    for i in 0..n {
        ops.push(
            serde_json::from_value(json!({
                "op": "add_segment", "name": format!("m{i}"), "segmentType": "menu",
                "config": {
                    "messageKey": format!("MENU_{i}"),
                    "noInputMessageKey": "NO_INPUT",
                    "options": [{"digit": "1", "result": "a"}, {"digit": "2", "result": "b"}]
                },
                "order": i,
                "ui": {"x": (i % 50) as f64 * 220.0, "y": (i / 50) as f64 * 140.0}
            }))
            .expect("op"),
        );
        let to = |k: usize| {
            if i + k < n {
                format!("m{}", i + k)
            } else {
                "end".into()
            }
        };
        for (result, next) in [("a", to(1)), ("b", to(2)), ("no_input", to(3))] {
            ops.push(EditOp::Connect {
                segment: format!("m{i}"),
                result: result.into(),
                context_key: None,
                next,
            });
        }
    }
    edit::apply(&Flow::new(routing_id), catalog, &ops).expect("bench flow")
}

struct Clock<'a> {
    db: &'a Db,
    t: Instant,
    s: u64,
}

impl<'a> Clock<'a> {
    fn start(db: &'a Db) -> Self {
        Clock {
            db,
            t: Instant::now(),
            s: db.statement_count(),
        }
    }
    fn stop(self, what: &str) {
        println!(
            "  {what:<28} {:>3} statements  {:>9.1} ms",
            self.db.statement_count() - self.s,
            self.t.elapsed().as_secs_f64() * 1000.0
        );
    }
}

async fn publish(db: &Db, actor: &Actor, catalog: &Catalog, id: Uuid) -> Result<()> {
    db.transaction(async |c| {
        let load = segment::load_draft(c, id, true).await?;
        let cs = load.change_set.clone().expect("draft");
        assert_eq!(cs.based_on_version.unwrap_or(0), load.live_version);
        let ctx = ValidationContext {
            entries: load.entries.clone(),
            message_keys: load.message_keys.clone(),
        };
        let report = validate(&load.flow, catalog, &ctx);
        assert!(report.is_publishable(), "{:?}", report.errors.first());
        let version = load.live_version + 1;
        let snapshot = file::export(
            &load.flow,
            catalog,
            Some(&FileSource {
                kind: "published".into(),
                version: Some(version.into()),
                change_set_id: Some(id.to_string()),
            }),
        );
        let live = segment::load_published_in(c, &cs.routing_id).await?;
        let d = diff(&live, &load.flow);
        let sum = Revision::of(&load.flow).sum_text();
        segment::publish(c, &cs.routing_id, id, &actor.name, &snapshot, &sum).await?;
        audit::write(
            c,
            actor,
            Change {
                entity_type: "flow",
                entity_id: &cs.routing_id,
                action: "published",
                before: None,
                after: Some(&json!({"version": version, "diff": d}).to_string()),
            },
        )
        .await
    })
    .await
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open_sqlite(&dir.path().join("bench.db"))?;
    migrate::deploy(
        &db,
        &MigrationSet::embedded(Engine::Sqlite)?,
        &RunOptions::new("bench", "local"),
        DeployOptions::default(),
        &|_| {},
    )
    .await?;
    db.execute(&B_COMPANY_PROJECT, &[]).await?;
    let catalog = Catalog::new(segment::catalog_rows(&db).await?)?;
    let actor = Actor::new("bench", "local");
    println!("flow benchmark on SQLite ({})", db.description());
    for n in [100usize, 1_000, 5_000] {
        let routing = format!("bench-{n}");
        db.execute(&B_ROUTING_ENTRY, &[routing.as_str().into()])
            .await?;
        let flow = build(&routing, n, &catalog);
        let keys: usize = flow.segments.iter().map(|s| s.config.len()).sum();
        println!(
            "{n} segments ({} with the end segment), {keys} keys, {} transitions",
            flow.segments.len(),
            flow.transition_count()
        );

        // Import: a new draft written from a flow file's content.
        let text = file::export(&flow, &catalog, None);
        let clock = Clock::start(&db);
        let imported = file::import(&text, &catalog)?.flow;
        let id = Uuid::new_v4();
        let plan = ChangePlan::between(&Flow::new(routing.clone()), &imported, &catalog)?;
        let sum = Revision::of(&imported).sum_text();
        clock.stop(&format!("import: read file ({} KB)", text.len() / 1024));
        let clock = Clock::start(&db);
        db.transaction(async |c| {
            let live = segment::lock_flow(c, &routing).await?;
            segment::create_draft(
                c,
                id,
                &routing,
                (live > 0).then_some(live),
                None,
                &actor.name,
                false,
            )
            .await?;
            segment::apply_plan(c, &routing, id, &actor.name, &plan, &sum).await?;
            audit::write(
                c,
                &actor,
                Change {
                    entity_type: "flow",
                    entity_id: &routing,
                    action: "draft_imported",
                    before: None,
                    after: Some(&json!({"changeSetId": id}).to_string()),
                },
            )
            .await
        })
        .await?;
        clock.stop("import: write draft");

        let clock = Clock::start(&db);
        publish(&db, &actor, &catalog, id).await?;
        clock.stop("publish v1");

        let clock = Clock::start(&db);
        let id2 = Uuid::new_v4();
        db.transaction(async |c| {
            let live = segment::lock_flow(c, &routing).await?;
            segment::create_draft(c, id2, &routing, Some(live), None, &actor.name, true).await?;
            audit::write(
                c,
                &actor,
                Change {
                    entity_type: "flow",
                    entity_id: &routing,
                    action: "draft_opened",
                    before: None,
                    after: Some(&json!({"changeSetId": id2}).to_string()),
                },
            )
            .await
        })
        .await?;
        clock.stop("open draft (copy of live)");

        let clock = Clock::start(&db);
        let load = segment::load_draft(&mut db.conn().await?, id2, false).await?;
        clock.stop("load draft (all parts)");
        assert_eq!(load.flow.segments.len(), n + 1);

        let clock = Clock::start(&db);
        let live = segment::load_published(&db, &routing).await?;
        clock.stop("load live (all parts)");

        let batch: Vec<EditOp> = (0..n.min(50))
            .flat_map(|i| {
                [
                    EditOp::SetConfig {
                        segment: format!("m{i}"),
                        key: "maxRetries".into(),
                        value: json!(5).into(),
                    },
                    EditOp::Move {
                        segment: format!("m{i}"),
                        x: 1.0,
                        y: i as f64,
                    },
                ]
            })
            .collect();
        let clock = Clock::start(&db);
        db.transaction(async |c| {
            let load = segment::load_draft(c, id2, true).await?;
            let next = edit::apply(&load.flow, &catalog, &batch)?;
            let plan = ChangePlan::between(&load.flow, &next, &catalog)?;
            let sum = Revision::of(&next).sum_text();
            segment::apply_plan(c, &routing, id2, &actor.name, &plan, &sum).await?;
            audit::write(
                c,
                &actor,
                Change {
                    entity_type: "flow",
                    entity_id: &routing,
                    action: "draft_edited",
                    before: None,
                    after: Some(&json!({"operations": batch.len()}).to_string()),
                },
            )
            .await
        })
        .await?;
        clock.stop(&format!("edit batch ({} ops)", batch.len()));

        let draft = segment::load_draft(&mut db.conn().await?, id2, false).await?;
        let t = Instant::now();
        let report = validate(
            &draft.flow,
            &catalog,
            &ValidationContext {
                entries: draft.entries.clone(),
                message_keys: draft.message_keys.clone(),
            },
        );
        println!(
            "  {:<28} {:>3} statements  {:>9.1} ms  ({} errors, {} warnings)",
            "validate (in memory)",
            0,
            t.elapsed().as_secs_f64() * 1000.0,
            report.errors.len(),
            report.warnings.len()
        );
        let t = Instant::now();
        let d = diff(&live.flow, &draft.flow);
        println!(
            "  {:<28} {:>3} statements  {:>9.1} ms  ({} reconfigured, {} layout)",
            "diff live → draft",
            0,
            t.elapsed().as_secs_f64() * 1000.0,
            d.segments_reconfigured.len(),
            d.layout.len()
        );

        let clock = Clock::start(&db);
        publish(&db, &actor, &catalog, id2).await?;
        clock.stop("publish v2");
    }
    Ok(())
}
