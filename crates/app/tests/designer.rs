//! The flow designer's operations (`ivr_app::designer`) on a real, freshly migrated database per
//! test, seeded with the local demo (the published `acme-care-main` flow, its routing entries and
//! message store). Statement counts are asserted, never time; a refused call changes nothing.

use ivr_app::designer::{self, *};
use ivr_app::flow::FlowRef;
use ivr_app::{Home, OpenEnvironment, Profile, Tier};
use ivr_domain::flow::layout::{Direction, LayoutOptions};
use ivr_domain::flow::{EditOp, ResultSource, Revision};
use ivr_domain::routing::RoutingFields;
use ivr_domain::ErrorCode;
use ivr_store::audit::{self, Actor};
use ivr_store::{segment, Db};
use ivr_testkit::flow_gen;
use serde_json::{json, Value as Json};
use uuid::Uuid;

const R: &str = "acme-care-main";
const NEW: &str = "acme-care-new";

ivr_testkit::engine_tests!(
    the_catalog_gives_every_type_its_results_category_and_typed_keys,
    a_new_flow_and_its_routing_entry_are_created_together,
    a_new_flow_refused_for_any_reason_leaves_nothing_behind,
    a_stale_edit_is_refused_and_changes_nothing,
    undo_and_redo_through_the_app_give_back_the_same_draft,
    bad_edits_get_a_clear_code_and_change_nothing,
    a_discarded_or_published_draft_cannot_be_edited_or_published,
    publishing_a_stale_or_invalid_draft_is_refused_and_keeps_it,
    versions_open_as_drafts_and_every_state_can_be_viewed_and_compared,
    copy_paste_and_duplicate_are_one_batch_with_unique_names,
    auto_layout_positions_a_draft_or_a_selection_and_applies_as_one_undoable_batch,
    generated_flows_import_validate_and_publish_at_a_fixed_cost,
    every_draft_write_keeps_the_revision_of_its_rows,
    a_draft_without_its_revision_kept_gets_it_at_its_next_write,
    a_layout_batch_reads_and_writes_only_the_rows_of_its_segments,
    the_graph_comes_without_its_findings_which_are_read_after_it,
);

fn env_on(db: &Db, tier: Tier) -> OpenEnvironment {
    let home = Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let mut p = Profile::local(&home);
    p.name = if tier == Tier::Prd { "prd" } else { "local" }.into();
    p.tier = tier;
    p.display_name = Some("designer.one".into());
    OpenEnvironment::new(db.clone(), p)
}

/// The demo data: company project, message store, routing entries, the published demo flow.
async fn seeded(db: &Db) -> (OpenEnvironment, i64) {
    let ids = ivr_app::demo::seed(db, &Actor::new("demo", "local"))
        .await
        .unwrap();
    (env_on(db, Tier::Local), ids.company_project_id)
}

/// Row counts of both flows' tables, routing rows and history, and audit rows.
async fn state(db: &Db) -> Vec<i64> {
    let mut v = Vec::new();
    for r in [R, NEW] {
        v.extend(segment::counts(db, r).await.unwrap());
    }
    let (rows, history) = ivr_store::routing::counts(db).await.unwrap();
    v.extend([rows, history, audit::count(db).await.unwrap()]);
    v
}

fn ops(v: Json) -> Vec<EditOp> {
    serde_json::from_value(v).unwrap()
}

fn entry_fields(cp: i64, source: &str) -> RoutingFields {
    RoutingFields {
        routing_id: NEW.into(),
        ..ivr_testkit::routing_fields(cp, source)
    }
}

fn create_request(routing_entry: Option<RoutingFields>) -> CreateFlowRequest {
    CreateFlowRequest {
        routing_id: NEW.into(),
        entry: EntrySegment {
            name: "welcome".into(),
            segment_type: "play_message".into(),
            config: json!({"messageKey": "WELCOME"})
                .as_object()
                .unwrap()
                .clone()
                .into(),
            ui: None,
        },
        description: Some("new line".into()),
        routing_entry,
    }
}

async fn open(env: &OpenEnvironment) -> (Uuid, String) {
    let v = designer::open_draft(
        &env.writable().unwrap(),
        &OpenDraftRequest {
            routing_id: R.into(),
            description: None,
        },
    )
    .await
    .unwrap();
    (v.graph.draft.unwrap().change_set_id, v.graph.revision)
}

/// A draft of the demo flow with an error, `welcome` no longer handling `done`: its id, the
/// revision it was opened at, and that edit.
async fn open_without_welcome_done(env: &OpenEnvironment) -> (Uuid, String, EditDraftResult) {
    let (id, r0) = open(env).await;
    let edited = edit(
        env,
        id,
        &r0,
        ops(json!([{"op": "disconnect", "segment": "welcome", "result": "done"}])),
    )
    .await
    .unwrap();
    (id, r0, edited)
}

/// One gesture: `welcome` moved to (x, y).
async fn move_welcome(
    env: &OpenEnvironment,
    id: Uuid,
    revision: &str,
    x: f64,
    y: f64,
) -> ivr_domain::Result<EditDraftResult> {
    edit(
        env,
        id,
        revision,
        ops(json!([{"op": "move", "segment": "welcome", "x": x, "y": y}])),
    )
    .await
}

/// Version 1 of the demo flow opened as a draft (rollback).
async fn open_version_1(env: &OpenEnvironment) -> ivr_app::flow::FlowView {
    designer::open_version(
        &env.writable().unwrap(),
        &OpenVersionRequest {
            routing_id: R.into(),
            version: 1,
            description: None,
        },
    )
    .await
    .unwrap()
}

async fn edit(
    env: &OpenEnvironment,
    id: Uuid,
    revision: &str,
    batch: Vec<EditOp>,
) -> ivr_domain::Result<EditDraftResult> {
    designer::edit_draft(
        &env.writable()?,
        &EditDraftRequest {
            change_set_id: id,
            revision: Some(revision.into()),
            ops: batch,
        },
    )
    .await
}

async fn the_catalog_gives_every_type_its_results_category_and_typed_keys(db: Db) {
    let db = &db;
    let env = env_on(db, Tier::Local);
    let s0 = db.statement_count();
    let c = designer::catalog(&env.db).await.unwrap();
    assert_eq!(db.statement_count() - s0, 1, "the catalog is one statement");
    assert_eq!(c.types().len(), 14);
    for t in c.types() {
        assert!(t.category.is_some(), "{}", t.code);
        assert!(t.declares_results(), "{} declares its results", t.code);
        assert_eq!(t.terminal, t.results.is_empty(), "{}", t.code);
    }
    let menu = c.segment_type("menu").unwrap();
    assert_eq!(
        menu.results[0].source,
        ResultSource::Config {
            key: "options".into(),
            field: "result".into()
        }
    );
    assert!(menu.results[0].must_handle);
    let names: Vec<String> = menu
        .results_for(
            &[(
                "options".to_string(),
                r#"[{"digit":"1","result":"sales"}]"#.to_string(),
            )]
            .into(),
        )
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["sales", "no_input", "no_match"]);
    let hours = c.segment_type("business_hours_check").unwrap();
    let must: Vec<(String, bool)> = hours
        .results_for(&Default::default())
        .into_iter()
        .map(|r| (r.name, r.must_handle))
        .collect();
    assert_eq!(
        must,
        [
            ("open".into(), true),
            ("closed".into(), true),
            ("holiday".into(), false)
        ]
    );
    // Keys carry their type, schema, required flag and typed default.
    let retries = menu.key("maxRetries").unwrap();
    assert_eq!(retries.default_value, Some(json!(3)));
    assert!(retries.schema.is_some());
    let j = serde_json::to_value(&c).unwrap();
    let menu_json = j["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "menu")
        .unwrap();
    assert_eq!(menu_json["category"], "input");
    assert_eq!(menu_json["results"][0]["kind"], "config");
    assert_eq!(menu_json["results"][1]["name"], "no_input");
}

async fn a_new_flow_and_its_routing_entry_are_created_together(db: Db) {
    let db = &db;
    let (env, cp) = seeded(db).await;
    let before = state(db).await;
    let s0 = db.statement_count();
    let created = designer::create_flow(
        &env.writable().unwrap(),
        &create_request(Some(entry_fields(cp, "+3225550999"))),
    )
    .await
    .unwrap();
    let cost = db.statement_count() - s0;
    // Catalog, then one transaction (begin, lock, routing check, insert, audit, draft, rows,
    // audit, commit), then the draft is read (catalog, draft).
    assert_eq!(cost, 12, "creating a flow with its entry");
    let v = &created.view;
    assert_eq!(v.graph.routing_id, NEW);
    assert_eq!(v.graph.live_version, 0);
    let draft = v.graph.draft.as_ref().unwrap();
    assert_eq!(draft.based_on_version, None);
    assert_eq!(draft.description.as_deref(), Some("new line"));
    assert_eq!(v.graph.flow.segments.len(), 1);
    assert_eq!(v.graph.flow.segments[0].config["messageKey"], "WELCOME");
    assert_eq!(v.graph.results["welcome"][0].name, "done");
    let entry = created.routing_entry.unwrap();
    assert_eq!(
        (entry.routing_id.as_str(), entry.init_segment.as_str()),
        (NEW, "welcome")
    );
    // With its routing entry, the only error left is the unconnected `done`.
    let codes: Vec<&str> = v
        .validation
        .errors
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(codes, ["RESULT_UNHANDLED"]);
    let after = state(db).await;
    // New flow: one change set, one segment, its key (+ the default of interruptible).
    assert_eq!(&after[6..11], &[1, 2, 0, 0, 1]);
    assert_eq!(after[12], before[12] + 1, "one routing row");
    assert_eq!(after[14], before[14] + 2, "audited: the entry and the flow");

    // Without a routing entry, a second new flow is just a draft.
    let mut req = create_request(None);
    req.routing_id = "acme-care-other".into();
    let s0 = db.statement_count();
    let other = designer::create_flow(&env.writable().unwrap(), &req)
        .await
        .unwrap();
    assert_eq!(db.statement_count() - s0, 9);
    assert!(other.routing_entry.is_none());
    assert_eq!(other.view.validation.errors[0].code, "NO_ROUTING_ENTRY");

    // A flow that is already published cannot be created again.
    let mut req = create_request(None);
    req.routing_id = R.into();
    let before = state(db).await;
    let e = designer::create_flow(&env.writable().unwrap(), &req)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::AlreadyExists);
    assert!(e.message.contains("open a draft of it"), "{}", e.message);
    assert_eq!(state(db).await, before);
}

async fn a_new_flow_refused_for_any_reason_leaves_nothing_behind(db: Db) {
    let db = &db;
    let (env, cp) = seeded(db).await;
    let before = state(db).await;
    let mut wrong = entry_fields(cp, "+3225550998");
    wrong.routing_id = "elsewhere".into();
    wrong.init_segment = "start".into();
    let mut bad_name = create_request(None);
    bad_name.entry.name = "it's".into();
    let mut bad_type = create_request(None);
    bad_type.entry.segment_type = "teleport".into();
    let mut bad_value = create_request(None);
    bad_value.entry.config = json!({"messageKey": "lower_case"})
        .as_object()
        .unwrap()
        .clone()
        .into();
    let mut bad_id = create_request(None);
    bad_id.routing_id = String::new();
    for (req, code, needle) in [
        (
            create_request(Some(wrong)),
            ErrorCode::Validation,
            "routingEntry.initSegment",
        ),
        (bad_name, ErrorCode::Validation, "may only contain"),
        (bad_type, ErrorCode::Validation, "unknown segment type"),
        (
            bad_value,
            ErrorCode::Validation,
            "does not match its schema",
        ),
        (bad_id, ErrorCode::Validation, "RoutingId"),
        // The demo's SourceId is taken: the routing check fails inside the transaction, after the
        // flow was locked; nothing of the flow may remain.
        (
            create_request(Some(entry_fields(cp, ivr_app::demo::DEMO_MAIN_SOURCE_ID))),
            ErrorCode::AlreadyExists,
            "",
        ),
    ] {
        let e = designer::create_flow(&env.writable().unwrap(), &req)
            .await
            .unwrap_err();
        assert_eq!(e.code, code, "{e}");
        assert!(e.message.contains(needle), "{}", e.message);
        assert_eq!(state(db).await, before, "{e}");
    }
    let e = env_on(db, Tier::Prd).writable().unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadOnly);
    assert_eq!(state(db).await, before);
}

async fn a_stale_edit_is_refused_and_changes_nothing(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0) = open(&env).await;
    let s0 = db.statement_count();
    let first = move_welcome(&env, id, &r0, 40.0, 80.0).await.unwrap();
    // Catalog, then begin, draft (locked), rows, audit, commit.
    assert_eq!(db.statement_count() - s0, 6, "one gesture");
    assert_ne!(first.revision, r0);
    assert_eq!(first.changed.len(), 1);
    assert!(first.removed.is_empty());
    // A move on a given revision changes no finding: none are computed or sent.
    assert_eq!(first.validation, None);
    // Another window still holds r0: its edit is refused, with the current revision.
    let before = state(db).await;
    let e = edit(
        &env,
        id,
        &r0,
        ops(json!([{"op": "delete_segment", "name": "welcome"}])),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("reload"), "{}", e.message);
    assert_eq!(e.detail_json()["revision"], first.revision);
    assert_eq!(state(db).await, before);
    // The view it reloads carries the current revision, which works.
    let v = designer::draft(&env.db, &DraftRef { change_set_id: id })
        .await
        .unwrap();
    assert_eq!(v.graph.revision, first.revision);
    edit(
        &env,
        id,
        &v.graph.revision,
        ops(json!([{"op": "delete_segment", "name": "welcome"}])),
    )
    .await
    .unwrap();
}

async fn undo_and_redo_through_the_app_give_back_the_same_draft(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0) = open(&env).await;
    let original = designer::draft(&env.db, &DraftRef { change_set_id: id })
        .await
        .unwrap()
        .graph
        .flow;
    let gesture = ops(json!([
        {"op": "add_segment", "name": "survey", "segmentType": "play_message", "config": {"messageKey": "SURVEY"}, "ui": {"x": 5.0, "y": 6.0}},
        {"op": "disconnect", "segment": "voicemail", "result": "recorded"},
        {"op": "connect", "segment": "voicemail", "result": "recorded", "next": "survey"},
        {"op": "connect", "segment": "survey", "result": "done", "next": "goodbye"},
        {"op": "rename_segment", "name": "goodbye", "newName": "farewell"},
        {"op": "set_config", "segment": "main_menu", "key": "maxRetries", "value": 1},
        {"op": "retype_segment", "name": "agent_unavailable", "segmentType": "set_variable"},
        {"op": "delete_segment", "name": "holiday_message"},
        {"op": "move", "segment": "welcome", "x": 1.0, "y": 2.0},
    ]));
    let done = edit(&env, id, &r0, gesture.clone()).await.unwrap();
    assert!(done.removed.contains(&"goodbye".to_string()));
    assert!(done.removed.contains(&"holiday_message".to_string()));
    assert!(done.changed.iter().any(|s| s.name == "farewell"));
    // The answer is the change from the draft before to the stored draft: its revision (moved on
    // through the changed segments) is the stored draft's, and so is the validation.
    let stored = designer::draft(&env.db, &DraftRef { change_set_id: id })
        .await
        .unwrap();
    assert_eq!(done.revision, stored.graph.revision);
    assert_eq!(done.validation.as_ref(), Some(&stored.validation));
    let differ: Vec<&str> = stored
        .graph
        .flow
        .segments
        .iter()
        .filter(|s| original.segment(&s.name) != Some(*s))
        .map(|s| s.name.as_str())
        .collect();
    let changed: Vec<&str> = done.changed.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(changed, differ);
    // A move sent without a revision gets the validation (the caller may hold none).
    let unchecked = designer::edit_draft(
        &env.writable().unwrap(),
        &EditDraftRequest {
            change_set_id: id,
            revision: None,
            ops: ops(json!([{"op": "move", "segment": "welcome", "x": 1.0, "y": 2.0}])),
        },
    )
    .await
    .unwrap();
    assert_eq!(unchecked.validation.as_ref(), Some(&stored.validation));
    assert_eq!(
        unchecked.revision, done.revision,
        "the same position: nothing changed"
    );
    // Undo: the inverse batch, carrying the revision after the gesture.
    let undone = edit(&env, id, &done.revision, done.inverse.clone())
        .await
        .unwrap();
    assert_eq!(undone.revision, r0, "same content, same revision");
    let v = designer::draft(&env.db, &DraftRef { change_set_id: id })
        .await
        .unwrap();
    assert_eq!(v.graph.flow, original);
    // Redo: the gesture again, and undo of the redo.
    let redone = edit(&env, id, &undone.revision, gesture).await.unwrap();
    assert_eq!(redone.revision, done.revision);
    let again = edit(&env, id, &redone.revision, redone.inverse)
        .await
        .unwrap();
    assert_eq!(again.revision, r0);
}

async fn bad_edits_get_a_clear_code_and_change_nothing(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0) = open(&env).await;
    let before = state(db).await;
    for (op, code, needle) in [
        (
            json!({"op": "add_segment", "name": "MAIN_MENU", "segmentType": "menu"}),
            ErrorCode::AlreadyExists,
            "already exists",
        ),
        (
            json!({"op": "rename_segment", "name": "welcome", "newName": "1st"}),
            ErrorCode::Validation,
            "must start with a letter",
        ),
        (
            json!({"op": "connect", "segment": "welcome", "result": "maybe", "next": "goodbye"}),
            ErrorCode::Validation,
            "cannot produce result maybe; it produces: done",
        ),
        (
            json!({"op": "connect", "segment": "main_menu", "result": "complaints", "next": "goodbye"}),
            ErrorCode::Validation,
            "add it to options[].result first",
        ),
        (
            json!({"op": "connect", "segment": "goodbye", "result": "done", "next": "welcome"}),
            ErrorCode::Validation,
            "produces no results",
        ),
        (
            json!({"op": "set_config", "segment": "main_menu", "key": "maxRetries", "value": 99}),
            ErrorCode::Validation,
            "does not match its schema",
        ),
        (
            json!({"op": "set_config", "segment": "main_menu", "key": "options", "value": [{"digit": "12", "result": "x"}]}),
            ErrorCode::Validation,
            "does not match its schema",
        ),
        (
            json!({"op": "restore_segment", "segment": {"name": "x", "segmentType": "menu", "config": {"colour": "red"}}}),
            ErrorCode::Validation,
            "no key",
        ),
    ] {
        // Each bad operation comes after a good one in its batch: the batch is all or nothing.
        let batch = ops(json!([
            {"op": "move", "segment": "welcome", "x": 9.0, "y": 9.0},
            op.clone()
        ]));
        let e = edit(&env, id, &r0, batch).await.unwrap_err();
        assert_eq!(e.code, code, "{op}: {e}");
        assert!(e.message.contains(needle), "{op}: {}", e.message);
        assert_eq!(e.detail_json()["operation"], 1, "{op}");
        assert_eq!(state(db).await, before, "{op}");
    }
    let e = edit(
        &env_on(db, Tier::Prd),
        id,
        &r0,
        ops(json!([{"op": "move", "segment": "welcome", "x": 1.0, "y": 1.0}])),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadOnly);
    let e = edit(&env, Uuid::new_v4(), &r0, vec![]).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(state(db).await, before);
}

async fn a_discarded_or_published_draft_cannot_be_edited_or_published(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0) = open(&env).await;
    designer::discard(&env.writable().unwrap(), &DraftRef { change_set_id: id })
        .await
        .unwrap();
    let before = state(db).await;
    let e = move_welcome(&env, id, &r0, 1.0, 1.0).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(
        e.message.contains("was discarded by designer.one at ")
            && e.message.contains("open a new draft"),
        "{}",
        e.message
    );
    assert_eq!(e.detail_json()["status"], "discarded");
    let e = designer::publish(
        &env.writable().unwrap(),
        &PublishDraftRequest {
            change_set_id: id,
            revision: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("discarded"), "{}", e.message);
    assert_eq!(state(db).await, before);
}

async fn publishing_a_stale_or_invalid_draft_is_refused_and_keeps_it(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0, edited) = open_without_welcome_done(&env).await;
    let before = state(db).await;
    // Published from what the designer saw before the edit: stale.
    let e = designer::publish(
        &env.writable().unwrap(),
        &PublishDraftRequest {
            change_set_id: id,
            revision: Some(r0.clone()),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(state(db).await, before);
    // Current, but invalid: every blocking finding, nothing published.
    let e = designer::publish(
        &env.writable().unwrap(),
        &PublishDraftRequest {
            change_set_id: id,
            revision: Some(edited.revision.clone()),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.detail_json()["errors"][0]["code"], "RESULT_UNHANDLED");
    assert_eq!(state(db).await, before);
    // Fixed: it publishes.
    let fixed = edit(&env, id, &edited.revision, edited.inverse.clone())
        .await
        .unwrap();
    let p = designer::publish(
        &env.writable().unwrap(),
        &PublishDraftRequest {
            change_set_id: id,
            revision: Some(fixed.revision),
        },
    )
    .await
    .unwrap();
    assert_eq!(p.version, 2);
}

async fn versions_open_as_drafts_and_every_state_can_be_viewed_and_compared(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0) = open(&env).await;
    edit(
        &env,
        id,
        &r0,
        ops(json!([{"op": "set_config", "segment": "main_menu", "key": "maxRetries", "value": 1}])),
    )
    .await
    .unwrap();
    designer::publish(
        &env.writable().unwrap(),
        &PublishDraftRequest {
            change_set_id: id,
            revision: None,
        },
    )
    .await
    .unwrap();
    let v1 = FlowRef::Version {
        routing_id: R.into(),
        version: 1,
    };
    let live = FlowRef::Live {
        routing_id: R.into(),
    };
    let s0 = db.statement_count();
    let old = designer::view(&env.db, &v1).await.unwrap();
    assert_eq!(db.statement_count() - s0, 3);
    assert_eq!(old.graph.live_version, 1);
    assert_eq!(
        old.graph.flow.segment("main_menu").unwrap().config["maxRetries"],
        "3"
    );
    assert!(old.validation.is_publishable());
    let d = designer::diff(
        &env.db,
        &DiffRequest {
            from: v1.clone(),
            to: live,
        },
    )
    .await
    .unwrap();
    assert_eq!(d.segments_reconfigured.len(), 1);
    // Open version 1 as a draft (rollback) and publish it: version 3 equals version 1.
    let draft = open_version_1(&env).await;
    assert_eq!(
        draft.graph.draft.as_ref().unwrap().description.as_deref(),
        Some("rollback to version 1")
    );
    assert_eq!(draft.graph.revision, old.graph.revision);
    let p = designer::publish(
        &env.writable().unwrap(),
        &PublishDraftRequest {
            change_set_id: draft.graph.draft.unwrap().change_set_id,
            revision: Some(draft.graph.revision),
        },
    )
    .await
    .unwrap();
    assert_eq!(p.version, 3);
    let e = designer::open_version(
        &env.writable().unwrap(),
        &OpenVersionRequest {
            routing_id: R.into(),
            version: 9,
            description: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

async fn copy_paste_and_duplicate_are_one_batch_with_unique_names(db: Db) {
    let db = &db;
    let (env, cp) = seeded(db).await;
    let (id, r0) = open(&env).await;
    let w = env.writable().unwrap();
    // Copy from live (nothing written), paste into the draft of the same flow.
    let before = state(db).await;
    let s0 = db.statement_count();
    let copied = designer::copy(
        &env.db,
        &CopyRequest {
            from: FlowRef::Live {
                routing_id: R.into(),
            },
            segments: vec!["main_menu".into(), "billing_queue".into()],
        },
    )
    .await
    .unwrap();
    assert_eq!(copied.segments, 2);
    assert_eq!(db.statement_count() - s0, 2, "a copy reads the flow");
    assert_eq!(state(db).await, before);
    let s0 = db.statement_count();
    let pasted = designer::paste(
        &w,
        &PasteRequest {
            change_set_id: id,
            revision: Some(r0.clone()),
            text: copied.text.clone(),
            at: Some(Point { x: 2000.0, y: 0.0 }),
        },
    )
    .await
    .unwrap();
    // The draft is read (catalog, draft), then one batch (catalog, begin, draft, rows, audit, commit).
    assert_eq!(db.statement_count() - s0, 8, "a paste");
    assert_eq!(pasted.names["main_menu"], "main_menu_copy");
    assert_eq!(pasted.names["billing_queue"], "billing_queue_copy");
    assert!(pasted.edit.removed.is_empty());
    let menu = pasted
        .edit
        .changed
        .iter()
        .find(|s| s.name == "main_menu_copy")
        .unwrap();
    // The fragment's top-left corner (billing_queue's x 0, main_menu's y 640) goes to the point.
    assert_eq!(menu.ui.as_ref().map(|u| (u.x, u.y)), Some((2280.0, 0.0)));
    // Only the transition between the two pasted segments is kept.
    assert_eq!(menu.transitions.len(), 1);
    assert_eq!(menu.transitions[0].next, "billing_queue_copy");
    // Undo (the inverse) and redo (the applied ops) work like any batch.
    let undone = edit(&env, id, &pasted.edit.revision, pasted.edit.inverse.clone())
        .await
        .unwrap();
    assert_eq!(undone.revision, r0);
    let redone = edit(&env, id, &undone.revision, pasted.ops.clone())
        .await
        .unwrap();
    assert_eq!(redone.revision, pasted.edit.revision);

    // Into another draft (a new flow): free names stay.
    let other = designer::create_flow(&w, &create_request(Some(entry_fields(cp, "+3225550997"))))
        .await
        .unwrap()
        .view;
    let into_other = designer::paste(
        &w,
        &PasteRequest {
            change_set_id: other.graph.draft.unwrap().change_set_id,
            revision: Some(other.graph.revision),
            text: copied.text.clone(),
            at: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(into_other.names["main_menu"], "main_menu");

    // Duplicate within the draft: the next free names.
    let s0 = db.statement_count();
    let dup = designer::duplicate(
        &w,
        &DuplicateRequest {
            change_set_id: id,
            revision: Some(redone.revision.clone()),
            segments: vec!["main_menu".into()],
            offset: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(dup.names["main_menu"], "main_menu_copy_2");
    assert_eq!(db.statement_count() - s0, 8, "a duplicate");

    // Clipboard text that is not a fragment, a stale revision, a missing segment: nothing changes.
    let before = state(db).await;
    for (text, revision, code) in [
        (
            "hello".to_string(),
            dup.edit.revision.clone(),
            ErrorCode::Validation,
        ),
        (
            r#"{"format": "ivr-studio.flow", "segments": []}"#.to_string(),
            dup.edit.revision.clone(),
            ErrorCode::Validation,
        ),
        (copied.text.clone(), r0.clone(), ErrorCode::Conflict),
    ] {
        let e = designer::paste(
            &w,
            &PasteRequest {
                change_set_id: id,
                revision: Some(revision),
                text: text.clone(),
                at: None,
            },
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, code, "{text}: {e}");
        assert_eq!(state(db).await, before);
    }
    let e = designer::duplicate(
        &w,
        &DuplicateRequest {
            change_set_id: id,
            revision: None,
            segments: vec!["ghost".into()],
            offset: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(state(db).await, before);
}

async fn auto_layout_positions_a_draft_or_a_selection_and_applies_as_one_undoable_batch(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0) = open(&env).await;
    let draft = FlowRef::Draft { change_set_id: id };
    let opts = LayoutOptions::default();
    let s0 = db.statement_count();
    let l = designer::layout(
        &env.db,
        &LayoutRequest {
            flow: draft.clone(),
            segments: None,
            options: opts,
        },
    )
    .await
    .unwrap();
    assert_eq!(db.statement_count() - s0, 2, "the layout reads the draft");
    assert_eq!(l.positions.len(), 16);
    let pos = |n: &str| l.positions.iter().find(|p| p.segment == n).unwrap().clone();
    // The entry starts the first layer; the main menu comes after the welcome.
    assert_eq!(pos("language_select").x, 0.0);
    assert!(pos("welcome").x < pos("main_menu").x);
    for (i, a) in l.positions.iter().enumerate() {
        for b in &l.positions[i + 1..] {
            assert!(
                (a.x - b.x).abs() >= opts.node_width || (a.y - b.y).abs() >= opts.node_height,
                "{a:?} overlaps {b:?}"
            );
        }
    }
    // Applied as one batch of moves, undone as one batch.
    let moves: Vec<EditOp> = l
        .positions
        .iter()
        .map(|p| EditOp::Move {
            segment: p.segment.clone(),
            x: p.x,
            y: p.y,
        })
        .collect();
    let applied = edit(&env, id, &r0, moves).await.unwrap();
    let undone = edit(&env, id, &applied.revision, applied.inverse)
        .await
        .unwrap();
    assert_eq!(undone.revision, r0);

    // A selection, top to bottom: only those segments, anchored where they were.
    let sel = designer::layout(
        &env.db,
        &LayoutRequest {
            flow: draft.clone(),
            segments: Some(vec![
                "billing_queue".into(),
                "support_queue".into(),
                "voicemail".into(),
            ]),
            options: LayoutOptions {
                direction: Direction::TopToBottom,
                ..opts
            },
        },
    )
    .await
    .unwrap();
    assert_eq!(sel.positions.len(), 3);
    let min_y = sel
        .positions
        .iter()
        .map(|p| p.y)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(min_y, 800.0, "the demo queues are at y 800");
    let vm = sel
        .positions
        .iter()
        .find(|p| p.segment == "voicemail")
        .unwrap();
    assert!(sel
        .positions
        .iter()
        .all(|p| p.segment == "voicemail" || p.y < vm.y));
    for (segments, options, code) in [
        (Some(vec!["ghost".to_string()]), opts, ErrorCode::NotFound),
        (
            None,
            LayoutOptions {
                node_width: f64::NAN,
                ..opts
            },
            ErrorCode::Validation,
        ),
    ] {
        let e = designer::layout(
            &env.db,
            &LayoutRequest {
                flow: draft.clone(),
                segments,
                options,
            },
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, code);
    }
}

async fn generated_flows_import_validate_and_publish_at_a_fixed_cost(db: Db) {
    let db = &db;
    let (env, cp) = seeded(db).await;
    let mut costs = Vec::new();
    for (n, routing) in [(40usize, "gen-small"), (400, "gen-large")] {
        let text = generated(&env, routing, n).await;
        let s0 = db.statement_count();
        let v = ivr_app::flow::import(&env.writable().unwrap(), &text, None, None)
            .await
            .unwrap();
        costs.push(db.statement_count() - s0);
        assert_eq!(v.graph.flow.segments.len(), n);
        let keys: usize = v.graph.flow.segments.iter().map(|s| s.config.len()).sum();
        let transitions = v.graph.flow.transition_count();
        assert!((4..=7).contains(&(keys / n)), "{keys} keys for {n}");
        assert!(
            (2..=4).contains(&(transitions / n)),
            "{transitions} transitions for {n}"
        );
        assert!(v.graph.flow.segments.iter().all(|s| s.ui.is_some()));
        let mut entry = entry_fields(cp, &format!("+32255{n:05}"));
        entry.routing_id = routing.into();
        entry.init_segment = flow_gen::entry_segment();
        ivr_app::routing::create(&env.writable().unwrap(), &entry)
            .await
            .unwrap();
        let p = designer::publish(
            &env.writable().unwrap(),
            &PublishDraftRequest {
                change_set_id: v.graph.draft.unwrap().change_set_id,
                revision: Some(v.graph.revision),
            },
        )
        .await
        .unwrap();
        assert_eq!(p.version, 1);
    }
    assert_eq!(
        costs[0], costs[1],
        "importing costs the same whatever the size"
    );
}

/// A generated flow file of `n` segments (`ivr_testkit::flow_gen`) for `routing`, valid against
/// the environment's segment-type dictionary.
async fn generated(env: &OpenEnvironment, routing: &str, n: usize) -> String {
    let catalog = ivr_app::flow::catalog(&env.db).await.unwrap();
    flow_gen::flow_file(routing, n, &catalog).unwrap()
}

// ------------------------------------------------------------------ the revision kept with a draft

/// The revision sum kept with draft `id` (None: none kept), and the one of its rows.
async fn kept_and_rows(db: &Db, id: Uuid) -> (Option<String>, String) {
    let kept = db
        .transaction(async |c| segment::load_draft_part(c, id, &[]).await)
        .await
        .unwrap()
        .revision_sum;
    let mut conn = db.conn().await.unwrap();
    let rows = segment::load_draft(&mut conn, id, false)
        .await
        .unwrap()
        .flow;
    (kept, Revision::of(&rows).sum_text())
}

async fn assert_kept(db: &Db, id: Uuid, after: &str) {
    let (kept, rows) = kept_and_rows(db, id).await;
    assert_eq!(kept.as_deref(), Some(rows.as_str()), "after {after}");
}

/// The revision of the draft's rows as the designer reads it.
async fn view_revision(env: &OpenEnvironment, id: Uuid) -> String {
    designer::draft(&env.db, &DraftRef { change_set_id: id })
        .await
        .unwrap()
        .graph
        .revision
}

async fn every_draft_write_keeps_the_revision_of_its_rows(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let w = env.writable().unwrap();
    // A draft of a published flow takes the revision its publish kept, with the rows.
    let (id, r0) = open(&env).await;
    assert_kept(db, id, "open_draft").await;
    let layout = edit(
        &env,
        id,
        &r0,
        ops(json!([
            {"op": "move", "segment": "welcome", "x": 3.0, "y": 4.0},
            {"op": "set_collapsed", "segment": "main_menu", "collapsed": true},
            {"op": "set_order", "segment": "welcome", "order": 2},
        ])),
    )
    .await
    .unwrap();
    assert_kept(db, id, "a layout batch").await;
    assert_eq!(layout.revision, view_revision(&env, id).await);
    let content = edit(
        &env,
        id,
        &layout.revision,
        ops(json!([
            {"op": "add_segment", "name": "survey", "segmentType": "play_message", "config": {"messageKey": "SURVEY"}},
            {"op": "connect", "segment": "survey", "result": "done", "next": "goodbye"},
            {"op": "rename_segment", "name": "goodbye", "newName": "farewell"},
            {"op": "set_config", "segment": "main_menu", "key": "maxRetries", "value": 1},
            {"op": "delete_segment", "name": "holiday_message"},
            {"op": "move", "segment": "survey", "x": 1.0, "y": 1.0},
        ])),
    )
    .await
    .unwrap();
    assert_kept(db, id, "a content batch").await;
    let undone = edit(&env, id, &content.revision, content.inverse.clone())
        .await
        .unwrap();
    assert_kept(db, id, "its undo").await;
    assert_eq!(undone.revision, layout.revision);
    let back = edit(&env, id, &undone.revision, layout.inverse.clone())
        .await
        .unwrap();
    assert_kept(db, id, "the undo of the layout batch").await;
    assert_eq!(back.revision, r0, "same content, same revision");
    ivr_app::flow::edit(
        &w,
        id,
        &ops(json!([{"op": "move", "segment": "voicemail", "x": 9.0, "y": 9.0}])),
    )
    .await
    .unwrap();
    assert_kept(db, id, "a batch without a revision").await;
    let dup = designer::duplicate(
        &w,
        &DuplicateRequest {
            change_set_id: id,
            revision: Some(view_revision(&env, id).await),
            segments: vec!["welcome".into(), "main_menu".into()],
            offset: None,
        },
    )
    .await
    .unwrap();
    assert_kept(db, id, "a duplicate").await;
    // Many batches in a row, layout and content mixed, each on the revision the last one gave.
    let names = [
        "welcome",
        "main_menu",
        "voicemail",
        "billing_queue",
        "support_queue",
    ];
    let mut revision = dup.edit.revision;
    let mut seed = 7u32;
    for i in 0..24 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let name = names[(seed >> 16) as usize % names.len()];
        let batch = match i % 4 {
            0 => json!([{"op": "move", "segment": name, "x": f64::from(seed % 1000), "y": 5.0}]),
            1 => {
                json!([{"op": "set_collapsed", "segment": name, "collapsed": seed.is_multiple_of(2)}])
            }
            2 => json!([{"op": "set_order", "segment": name, "order": seed % 7}]),
            _ => {
                json!([{"op": "set_config", "segment": "main_menu", "key": "maxRetries", "value": seed % 5}])
            }
        };
        let done = edit(&env, id, &revision, ops(batch.clone())).await.unwrap();
        assert_kept(db, id, &batch.to_string()).await;
        assert_eq!(done.revision, view_revision(&env, id).await, "{batch}");
        revision = done.revision;
    }
    // A brand-new flow, an imported draft, a publish and the draft opened after it, a rollback.
    let created = designer::create_flow(&w, &create_request(None))
        .await
        .unwrap();
    assert_kept(
        db,
        created.view.graph.draft.unwrap().change_set_id,
        "create_flow",
    )
    .await;
    let text = ivr_app::flow::export(
        &env.db,
        &FlowRef::Live {
            routing_id: R.into(),
        },
    )
    .await
    .unwrap();
    let imported = ivr_app::flow::import(&w, &text, Some("acme-care-copy"), None)
        .await
        .unwrap();
    assert_kept(db, imported.graph.draft.unwrap().change_set_id, "import").await;
    let (id2, _) = open(&env).await;
    let moved = edit(
        &env,
        id2,
        &view_revision(&env, id2).await,
        ops(json!([{"op": "move", "segment": "welcome", "x": 11.0, "y": 12.0}])),
    )
    .await
    .unwrap();
    designer::publish(
        &w,
        &PublishDraftRequest {
            change_set_id: id2,
            revision: Some(moved.revision.clone()),
        },
    )
    .await
    .unwrap();
    let (id3, r3) = open(&env).await;
    assert_kept(db, id3, "open_draft after a publish").await;
    assert_eq!(r3, moved.revision, "the draft holds what was published");
    let rollback = open_version_1(&env).await;
    assert_kept(
        db,
        rollback.graph.draft.unwrap().change_set_id,
        "open_version",
    )
    .await;
}

async fn a_draft_without_its_revision_kept_gets_it_at_its_next_write(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, r0) = open(&env).await;
    // As a draft opened before the revision was kept.
    assert_eq!(ivr_testkit::drafts::forget_draft_revision(db, id).await, 1);
    assert_eq!(kept_and_rows(db, id).await.0, None);
    let s0 = db.statement_count();
    let moved = move_welcome(&env, id, &r0, 40.0, 80.0).await.unwrap();
    // Catalog, then begin, the segment (no revision kept), the whole draft, rows, audit, commit.
    assert_eq!(db.statement_count() - s0, 7);
    assert_kept(db, id, "the first write").await;
    let s0 = db.statement_count();
    let again = move_welcome(&env, id, &moved.revision, 50.0, 80.0)
        .await
        .unwrap();
    assert_eq!(db.statement_count() - s0, 6, "the revision is kept now");

    // A kept revision that differs from the rows (changed behind the application's back): the
    // revision of the rows, which the designer reads, still works, and the write repairs it.
    assert_eq!(
        ivr_testkit::drafts::set_draft_revision(db, id, &"0".repeat(32)).await,
        1
    );
    assert_eq!(view_revision(&env, id).await, again.revision);
    let repaired = move_welcome(&env, id, &again.revision, 60.0, 80.0)
        .await
        .unwrap();
    assert_kept(db, id, "a write on a kept revision that differed").await;

    // A stale layout batch is still refused, whichever path it takes, and changes nothing.
    let before = state(db).await;
    let s0 = db.statement_count();
    let e = move_welcome(&env, id, &again.revision, 0.0, 0.0)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict, "{e}");
    assert_eq!(e.detail_json()["revision"], repaired.revision);
    assert_eq!(e.detail_json()["yourRevision"], again.revision);
    // Catalog, then begin, the segment, the whole draft (a kept revision other than the one given
    // is confirmed on the rows before the batch is refused), rolled back.
    assert_eq!(db.statement_count() - s0, 4);
    assert_eq!(state(db).await, before);
    assert_kept(db, id, "a refused batch").await;
}

async fn a_layout_batch_reads_and_writes_only_the_rows_of_its_segments(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let w = env.writable().unwrap();
    let text = generated(&env, "gen-rows", 400).await;
    let v = ivr_app::flow::import(&w, &text, None, None).await.unwrap();
    let id = v.graph.draft.as_ref().unwrap().change_set_id;
    let seg = v.graph.flow.segments[7].clone();
    let other = v.graph.flow.segments[300].clone();
    let dictionary = {
        let r0 = db.rows_read();
        ivr_app::flow::catalog(&env.db).await.unwrap();
        db.rows_read() - r0
    };
    let (r0, c0, s0) = (db.rows_read(), db.rows_changed(), db.statement_count());
    let moved = edit(
        &env,
        id,
        &v.graph.revision,
        ops(json!([
            {"op": "move", "segment": seg.name, "x": 1.0, "y": 2.0},
            {"op": "set_collapsed", "segment": other.name, "collapsed": true},
        ])),
    )
    .await
    .unwrap();
    assert_eq!(db.statement_count() - s0, 6, "one gesture");
    // The change set, and each segment with its keys, transitions and canvas state.
    let own = |s: &ivr_domain::flow::Segment| {
        1 + s.config.len() + s.transitions.len() + usize::from(s.ui.is_some())
    };
    let read = db.rows_read() - r0 - dictionary;
    assert_eq!(read, (1 + own(&seg) + own(&other)) as u64);
    // Per segment its canvas row deleted and inserted; the change set's UpdatedAt, the kept
    // revision and the audit row.
    assert_eq!(db.rows_changed() - c0, 2 * 2 + 3);
    assert_eq!(moved.changed.len(), 2);
    assert_eq!(moved.validation, None);
    assert_kept(db, id, "a layout batch").await;
    // The same batch sent without a revision reads the whole draft, and validates it.
    let r0 = db.rows_read();
    let whole = designer::edit_draft(
        &w,
        &EditDraftRequest {
            change_set_id: id,
            revision: None,
            ops: moved.inverse.clone(),
        },
    )
    .await
    .unwrap();
    assert!(db.rows_read() - r0 > 400 * 5, "{}", db.rows_read() - r0);
    assert!(whole.validation.is_some());
    assert_eq!(whole.revision, v.graph.revision);
}

/// The canvas reads a flow's graph first and its findings after (`flow_graph`, `flow_findings`):
/// together they are the view, each at the cost of one view, refused as a view is.
async fn the_graph_comes_without_its_findings_which_are_read_after_it(db: Db) {
    let db = &db;
    let (env, _) = seeded(db).await;
    let (id, _, _) = open_without_welcome_done(&env).await;
    let states = [
        (
            FlowRef::Live {
                routing_id: R.into(),
            },
            2,
        ),
        (FlowRef::Draft { change_set_id: id }, 2),
        (
            FlowRef::Version {
                routing_id: R.into(),
                version: 1,
            },
            3,
        ),
    ];
    for (what, cost) in states {
        let view = designer::view(&env.db, &what).await.unwrap();
        let s0 = db.statement_count();
        let graph = designer::graph(&env.db, &what).await.unwrap();
        assert_eq!(db.statement_count() - s0, cost, "graph of {what:?}");
        let s0 = db.statement_count();
        let found = designer::findings(&env.db, &what).await.unwrap();
        assert_eq!(db.statement_count() - s0, cost, "findings of {what:?}");
        assert_eq!(
            graph, view.graph,
            "the view is the graph and its validation"
        );
        assert_eq!(
            found.revision, view.graph.revision,
            "the findings say what they validated"
        );
        assert_eq!(found.validation, view.validation);
        // The view's JSON is the graph's fields, then `validation` (flattened, not nested).
        let graph_json = serde_json::to_string(&graph).unwrap();
        let validation_json = serde_json::to_string(&view.validation).unwrap();
        assert_eq!(
            serde_json::to_string(&view).unwrap(),
            format!(
                "{},\"validation\":{validation_json}}}",
                graph_json.strip_suffix('}').unwrap()
            )
        );
        let json = serde_json::to_value(&graph).unwrap();
        assert!(
            json.get("validation").is_none(),
            "the graph carries no findings"
        );
    }
    let draft = designer::findings(&env.db, &FlowRef::Draft { change_set_id: id })
        .await
        .unwrap();
    assert_eq!(draft.validation.errors[0].code, "RESULT_UNHANDLED");
    // Refused as a view is: an unknown flow, draft or version.
    for what in [
        FlowRef::Live {
            routing_id: "no-such-flow".into(),
        },
        FlowRef::Draft {
            change_set_id: Uuid::new_v4(),
        },
        FlowRef::Version {
            routing_id: R.into(),
            version: 9,
        },
    ] {
        let v = designer::view(&env.db, &what).await.unwrap_err();
        let g = designer::graph(&env.db, &what).await.unwrap_err();
        let f = designer::findings(&env.db, &what).await.unwrap_err();
        assert_eq!((g.code, f.code), (v.code, v.code), "{what:?}");
        assert_eq!(g.code, ErrorCode::NotFound);
    }
}
