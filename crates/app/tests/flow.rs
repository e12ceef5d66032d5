//! Flow designer use cases on a real, freshly migrated SQLite database per test (the reference
//! segment-type dictionary from the migrations). Statement counts are asserted, never time.

use ivr_app::flow::{self, Actor, FlowRef};
use ivr_app::OpenEnvironment;
use ivr_domain::flow::EditOp;
use ivr_domain::ErrorCode;
use ivr_store::{segment, Db};
use serde_json::{json, Value as Json};
use uuid::Uuid;

const R: &str = "acme-care-main";

ivr_store::queries! {
    T_COMPANY_PROJECT {
        mssql: "INSERT INTO dbo.cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy) \
                SELECT e.EnvironmentId, 'acme', 'care', N'Acme Care', 'test' FROM dbo.cfg_Dic_Environment AS e WHERE e.Code = 'dvp'",
        sqlite: ["INSERT INTO cfg_Dic_CompanyProject (EnvironmentId, CustomerId, ProjectId, DisplayName, CreatedBy) \
                  SELECT e.EnvironmentId, 'acme', 'care', 'Acme Care', 'test' FROM cfg_Dic_Environment AS e WHERE e.Code = 'dvp'"],
    }
    T_ROUTING_ENTRY {
        mssql: "INSERT INTO ivr.rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, LanguageCode, InitSegment, IsActive, CreatedBy) \
                SELECT @P1, @P2, cp.CompanyProjectId, 'nl-BE', @P3, 1, 'test' FROM dbo.cfg_Dic_CompanyProject AS cp WHERE cp.CustomerId = 'acme'",
        sqlite: ["INSERT INTO rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, LanguageCode, InitSegment, IsActive, CreatedBy) \
                  SELECT ?1, ?2, cp.CompanyProjectId, 'nl-BE', ?3, 1, 'test' FROM cfg_Dic_CompanyProject AS cp WHERE cp.CustomerId = 'acme'"],
    }
    T_MESSAGE_STORE {
        mssql: "INSERT INTO ivr.msg_MessageStore (Name, CompanyProjectId, AllowedLanguages, DefaultLanguage, CreatedBy) \
                SELECT N'Acme care', cp.CompanyProjectId, N'[\"nl-BE\"]', 'nl-BE', 'test' FROM dbo.cfg_Dic_CompanyProject AS cp WHERE cp.CustomerId = 'acme'",
        sqlite: ["INSERT INTO msg_MessageStore (Name, CompanyProjectId, AllowedLanguages, DefaultLanguage, CreatedBy) \
                  SELECT 'Acme care', cp.CompanyProjectId, '[\"nl-BE\"]', 'nl-BE', 'test' FROM cfg_Dic_CompanyProject AS cp WHERE cp.CustomerId = 'acme'"],
    }
    T_MESSAGE_KEY {
        mssql: "INSERT INTO ivr.msg_MessageKey (MessageStoreId, MessageKey, MessageTypeId, CategoryId, CreatedBy) \
                SELECT ms.MessageStoreId, @P1, mt.MessageTypeId, mc.CategoryId, 'test' \
                FROM ivr.msg_MessageStore AS ms, ivr.msg_Dic_MessageType AS mt, ivr.msg_Dic_MessageCategory AS mc \
                WHERE ms.Name = N'Acme care' AND mt.Code = 'tts' AND mc.Code = 'welcome'",
        sqlite: ["INSERT INTO msg_MessageKey (MessageStoreId, MessageKey, MessageTypeId, CategoryId, CreatedBy) \
                  SELECT ms.MessageStoreId, ?1, mt.MessageTypeId, mc.CategoryId, 'test' \
                  FROM msg_MessageStore AS ms, msg_Dic_MessageType AS mt, msg_Dic_MessageCategory AS mc \
                  WHERE ms.Name = 'Acme care' AND mt.Code = 'tts' AND mc.Code = 'welcome'"],
    }
    T_AUDIT_COUNT {
        mssql: "SELECT COUNT_BIG(*) AS n FROM dbo.sys_AuditLog WHERE EntityType = 'flow'",
        sqlite: ["SELECT COUNT(*) AS n FROM sys_AuditLog WHERE EntityType = 'flow'"],
    }
    T_PUBLISHED_ROWS {
        mssql: "SELECT SUM(CASE WHEN IsActive = 1 THEN 1 ELSE 0 END) AS active, SUM(CASE WHEN IsActive = 0 THEN 1 ELSE 0 END) AS inactive \
                FROM ivr.seg_Segment WHERE RoutingId = @P1 AND ChangeSetId IS NULL",
        sqlite: ["SELECT SUM(CASE WHEN IsActive = 1 THEN 1 ELSE 0 END) AS active, SUM(CASE WHEN IsActive = 0 THEN 1 ELSE 0 END) AS inactive \
                  FROM seg_Segment WHERE RoutingId = ?1 AND ChangeSetId IS NULL"],
    }
}

async fn add_entry(db: &Db, source: &str, routing: &str, init: &str) {
    db.execute(&T_COMPANY_PROJECT, &[]).await.ok();
    db.execute(
        &T_ROUTING_ENTRY,
        &[source.into(), routing.into(), init.into()],
    )
    .await
    .unwrap();
}

fn actor() -> Actor {
    Actor::new("designer.one", "local")
}

/// A writable environment named `local` on `db`, acting as `who`.
fn env_as(db: &Db, who: &str) -> OpenEnvironment {
    let home = ivr_app::Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let mut p = ivr_app::Profile::local(&home);
    p.display_name = Some(who.into());
    OpenEnvironment::new(db.clone(), p)
}

/// The environment the designer edits in (as `designer.one`).
fn designer(db: &Db) -> OpenEnvironment {
    env_as(db, "designer.one")
}

fn ops(v: Json) -> Vec<EditOp> {
    serde_json::from_value(v).unwrap()
}

/// A small valid flow on the real dictionary.
fn small_flow() -> Vec<EditOp> {
    ops(json!([
        {"op": "add_segment", "name": "language_select", "segmentType": "language_select",
         "config": {"messageKey": "LANG_PROMPT", "languages": [{"digit": "1", "language": "nl-BE"}, {"digit": "2", "language": "fr-BE"}]},
         "ui": {"x": 0.0, "y": 0.0}},
        {"op": "add_segment", "name": "welcome", "segmentType": "play_message", "config": {"messageKey": "WELCOME"}, "ui": {"x": 0.0, "y": 120.0}},
        {"op": "add_segment", "name": "main_menu", "segmentType": "menu",
         "config": {"messageKey": "MAIN_MENU", "options": [{"digit": "1", "result": "sales"}, {"digit": "2", "result": "support"}]}},
        {"op": "add_segment", "name": "to_agent", "segmentType": "transfer", "config": {"destination": "+3225550199"}},
        {"op": "add_segment", "name": "goodbye", "segmentType": "disconnect"},
        {"op": "connect", "segment": "language_select", "result": "selected", "next": "welcome"},
        {"op": "connect", "segment": "language_select", "result": "no_input", "next": "goodbye"},
        {"op": "connect", "segment": "language_select", "result": "no_match", "next": "goodbye"},
        {"op": "connect", "segment": "welcome", "result": "done", "next": "main_menu"},
        {"op": "connect", "segment": "main_menu", "result": "sales", "next": "to_agent"},
        {"op": "connect", "segment": "main_menu", "result": "support", "next": "to_agent"},
        {"op": "connect", "segment": "main_menu", "result": "no_input", "next": "goodbye"},
        {"op": "connect", "segment": "main_menu", "result": "no_match", "next": "goodbye"},
        {"op": "connect", "segment": "to_agent", "result": "failed", "next": "goodbye"},
    ]))
}

async fn counts(db: &Db, routing: &str) -> ([i64; 6], i64) {
    let c = segment::counts(db, routing).await.unwrap();
    let a = db.query(&T_AUDIT_COUNT, &[]).await.unwrap()[0]
        .i64("n")
        .unwrap();
    (c, a)
}

/// Opens a draft, fills it with `small_flow`, adds the routing entry, publishes: version 1.
/// Every flow audit row, newest first, read back as the typed records their writers recorded.
async fn flow_records(db: &Db) -> Vec<flow::FlowRecord> {
    let log = ivr_app::audit::list(
        db,
        &ivr_app::audit::ListAuditRequest {
            entity_type: Some(flow::AUDIT_ENTITY.into()),
            limit: Some(500),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    log.items
        .iter()
        .map(|e| flow::FlowRecord::read(e).unwrap_or_else(|err| panic!("{e:?}: {err}")))
        .collect()
}

async fn published(db: &Db) -> Uuid {
    let d = flow::open_draft(&designer(db).writable().unwrap(), R, Some("first cut"))
        .await
        .unwrap();
    flow::edit(
        &designer(db).writable().unwrap(),
        d.change_set_id,
        &small_flow(),
    )
    .await
    .unwrap();
    add_entry(db, "+3225550100", R, "language_select").await;
    let p = flow::publish(&designer(db).writable().unwrap(), d.change_set_id)
        .await
        .unwrap();
    assert_eq!(p.version, 1);
    d.change_set_id
}

async fn draft_edit_validate_publish_and_show_live(db: Db) {
    let db = &db;
    let d = flow::open_draft(&designer(db).writable().unwrap(), R, None)
        .await
        .unwrap();
    assert_eq!(d.based_on_version, None, "a new flow starts empty");
    assert_eq!(d.created_by, "designer.one");
    let v = flow::edit(
        &designer(db).writable().unwrap(),
        d.change_set_id,
        &small_flow(),
    )
    .await
    .unwrap();
    assert_eq!(v.graph.flow.segments.len(), 5);
    // Defaults are filled: menu timeoutSeconds 5, maxRetries 3.
    let menu = v.graph.flow.segment("main_menu").unwrap();
    assert_eq!(menu.config["timeoutSeconds"], "5");
    // Without a routing entry the draft cannot be published.
    assert_eq!(v.validation.errors[0].code, "NO_ROUTING_ENTRY");
    let before = counts(db, R).await;
    let e = flow::publish(&designer(db).writable().unwrap(), d.change_set_id)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message.contains("no routing-table entry"),
        "{}",
        e.message
    );
    assert_eq!(
        counts(db, R).await,
        before,
        "a refused publish changes nothing"
    );

    add_entry(db, "+3225550100", R, "language_select").await;
    let s0 = db.statement_count();
    let p = flow::publish(&designer(db).writable().unwrap(), d.change_set_id)
        .await
        .unwrap();
    let publish_cost = db.statement_count() - s0;
    assert!(publish_cost <= 8, "publish took {publish_cost} statements");
    assert_eq!(p.version, 1);
    assert_eq!(p.diff.segments_added.len(), 5);

    let s0 = db.statement_count();
    let live = flow::show(db, R).await.unwrap();
    let load_cost = db.statement_count() - s0;
    assert!(load_cost <= 5, "loading took {load_cost} statements");
    assert_eq!(live.graph.live_version, 1);
    assert_eq!(
        live.graph.flow, v.graph.flow,
        "live is exactly what the draft held"
    );
    assert!(
        live.validation.is_publishable(),
        "{:?}",
        live.validation.errors
    );
    // The draft is no longer open.
    let e = flow::edit(
        &designer(db).writable().unwrap(),
        d.change_set_id,
        &ops(json!([{"op": "delete_segment", "name": "goodbye"}])),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(flow::drafts(db, Some(R), false).await.unwrap().is_empty());
    assert_eq!(
        flow::drafts(db, Some(R), true).await.unwrap()[0].status,
        "published"
    );
}

async fn publishing_again_and_again_works_and_keeps_history(db: Db) {
    let db = &db;
    published(db).await;
    for i in 2..=4 {
        let d = flow::open_draft(&designer(db).writable().unwrap(), R, None)
            .await
            .unwrap();
        assert_eq!(d.based_on_version, Some(i - 1));
        // The draft starts as a copy of live.
        let dv = flow::show_draft(db, d.change_set_id).await.unwrap();
        assert_eq!(dv.graph.flow, flow::show(db, R).await.unwrap().graph.flow);
        flow::edit(&designer(db).writable().unwrap(), d.change_set_id, &ops(json!([
            {"op": "set_config", "segment": "to_agent", "key": "timeoutSeconds", "value": 10 + i},
        ])))
        .await
        .unwrap();
        let p = flow::publish(&designer(db).writable().unwrap(), d.change_set_id)
            .await
            .unwrap();
        assert_eq!(p.version, i);
        assert_eq!(p.diff.segments_reconfigured.len(), 1);
        assert_eq!(
            p.diff.segments_reconfigured[0].keys[0].key,
            "timeoutSeconds"
        );
    }
    let live = flow::show(db, R).await.unwrap();
    assert_eq!(live.graph.live_version, 4);
    assert_eq!(
        live.graph.flow.segment("to_agent").unwrap().config["timeoutSeconds"],
        "14"
    );
    let rows = db.query(&T_PUBLISHED_ROWS, &[R.into()]).await.unwrap();
    assert_eq!(rows[0].i64("active").unwrap(), 5);
    assert_eq!(
        rows[0].i64("inactive").unwrap(),
        15,
        "old published rows are soft-deleted"
    );
    let versions = flow::versions(db, R).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [4, 3, 2, 1]
    );
    // Each publish wrote a history row with a full snapshot.
    assert_eq!(segment::counts(db, R).await.unwrap()[5], 4);
    let v2 = flow::export(
        db,
        &FlowRef::Version {
            routing_id: R.into(),
            version: 2,
        },
    )
    .await
    .unwrap();
    assert!(v2.contains("\"timeoutSeconds\": 12"), "{v2}");
}

async fn a_stale_draft_gets_conflict_and_is_kept(db: Db) {
    let db = &db;
    published(db).await;
    let a = flow::open_draft(&designer(db).writable().unwrap(), R, Some("A"))
        .await
        .unwrap();
    let b = flow::open_draft(
        &env_as(db, "designer.two").writable().unwrap(),
        R,
        Some("B"),
    )
    .await
    .unwrap();
    let open = flow::drafts(db, Some(R), false).await.unwrap();
    assert_eq!(open.len(), 2, "two drafts of one flow at the same time");
    flow::edit(&designer(db).writable().unwrap(), a.change_set_id, &ops(json!([{"op": "set_config", "segment": "welcome", "key": "interruptible", "value": true}])))
        .await
        .unwrap();
    flow::edit(&designer(db).writable().unwrap(), b.change_set_id, &ops(json!([{"op": "delete_segment", "name": "to_agent"}, {"op": "disconnect", "segment": "main_menu", "result": "sales"}, {"op": "connect", "segment": "main_menu", "result": "sales", "next": "goodbye"}, {"op": "disconnect", "segment": "main_menu", "result": "support"}, {"op": "connect", "segment": "main_menu", "result": "support", "next": "goodbye"}])))
        .await
        .unwrap();
    flow::publish(&designer(db).writable().unwrap(), a.change_set_id)
        .await
        .unwrap();
    let before = counts(db, R).await;
    let e = flow::publish(&designer(db).writable().unwrap(), b.change_set_id)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.detail_json()["liveVersion"], 2);
    assert_eq!(counts(db, R).await, before, "nothing changed");
    // The loser's draft is kept and can be compared with the new live flow.
    let kept = flow::show_draft(db, b.change_set_id).await.unwrap();
    assert!(kept.graph.flow.segment("to_agent").is_none());
    let d = flow::diff(
        db,
        &FlowRef::Live {
            routing_id: R.into(),
        },
        &FlowRef::Draft {
            change_set_id: b.change_set_id,
        },
    )
    .await
    .unwrap();
    assert_eq!(d.segments_removed.len(), 1);
    assert_eq!(d.transitions_redirected.len(), 2);
    assert_eq!(
        d.segments_reconfigured[0].segment, "welcome",
        "A's change is live, not in B"
    );
}

async fn invalid_drafts_are_refused_with_every_error(db: Db) {
    let db = &db;
    published(db).await;
    let d = flow::open_draft(&designer(db).writable().unwrap(), R, None)
        .await
        .unwrap();
    flow::edit(
        &designer(db).writable().unwrap(),
        d.change_set_id,
        &ops(json!([
            {"op": "rename_segment", "name": "language_select", "newName": "lang"},
            // A segment with a transition retyped to a terminal type keeps it: an error to fix.
            {"op": "add_segment", "name": "hand_off", "segmentType": "transfer", "config": {"destination": "+3225550100"}},
            {"op": "connect", "segment": "hand_off", "result": "failed", "next": "welcome"},
            {"op": "retype_segment", "name": "hand_off", "segmentType": "disconnect"},
            {"op": "disconnect", "segment": "main_menu", "result": "no_match"},
            {"op": "connect", "segment": "main_menu", "result": "no_match", "next": "nowhere"},
            // The `support` option goes while its transition stays: a result it cannot produce.
            {"op": "set_config", "segment": "main_menu", "key": "options", "value": [{"digit": "1", "result": "sales"}]},
            {"op": "unset_config", "segment": "to_agent", "key": "destination"},
            {"op": "disconnect", "segment": "welcome", "result": "done"},
        ])),
    )
    .await
    .unwrap();
    let before = counts(db, R).await;
    let e = flow::publish(&designer(db).writable().unwrap(), d.change_set_id)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    let detail = e.detail_json();
    let codes: Vec<&str> = detail["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for c in [
        "INIT_SEGMENT_MISSING",
        "TERMINAL_HAS_TRANSITIONS",
        "TRANSITION_TARGET_MISSING",
        "REQUIRED_KEY_MISSING",
        "RESULT_UNKNOWN",
        "RESULT_UNHANDLED",
    ] {
        assert!(codes.contains(&c), "{c} missing in {codes:?}");
    }
    assert!(
        e.message
            .contains("segment to_agent needs a value for destination"),
        "{}",
        e.message
    );
    assert!(
        e.message
            .contains("cannot produce result support; it produces: sales, no_input, no_match"),
        "{}",
        e.message
    );
    assert!(
        e.message
            .contains("result done of segment welcome is not connected"),
        "{}",
        e.message
    );
    assert_eq!(counts(db, R).await, before);
    let report = flow::validate(
        db,
        &FlowRef::Draft {
            change_set_id: d.change_set_id,
        },
    )
    .await
    .unwrap();
    assert!(!report.is_publishable());
}

async fn rollback_makes_a_draft_of_an_earlier_version_that_publishes(db: Db) {
    let db = &db;
    published(db).await;
    let v1 = flow::show(db, R).await.unwrap().graph.flow;
    let d = flow::open_draft(&designer(db).writable().unwrap(), R, None)
        .await
        .unwrap();
    flow::edit(&designer(db).writable().unwrap(), d.change_set_id, &ops(json!([
        {"op": "add_segment", "name": "closed_msg", "segmentType": "play_message", "config": {"messageKey": "CLOSED"}},
        {"op": "connect", "segment": "closed_msg", "result": "done", "next": "goodbye"},
        {"op": "disconnect", "segment": "welcome", "result": "done"},
        {"op": "connect", "segment": "welcome", "result": "done", "next": "closed_msg"},
    ])))
    .await
    .unwrap();
    flow::publish(&designer(db).writable().unwrap(), d.change_set_id)
        .await
        .unwrap();
    assert_ne!(flow::show(db, R).await.unwrap().graph.flow, v1);
    let rb = flow::rollback(&designer(db).writable().unwrap(), R, 1, None)
        .await
        .unwrap();
    assert_eq!(rb.based_on_version, Some(2));
    assert_eq!(rb.description.as_deref(), Some("rollback to version 1"));
    assert_eq!(
        flow::show_draft(db, rb.change_set_id)
            .await
            .unwrap()
            .graph
            .flow,
        v1
    );
    let p = flow::publish(&designer(db).writable().unwrap(), rb.change_set_id)
        .await
        .unwrap();
    assert_eq!(p.version, 3);
    assert_eq!(flow::show(db, R).await.unwrap().graph.flow, v1);
    // The audit of every step reads back typed.
    let records = flow_records(db).await;
    let actions: Vec<&str> = records.iter().map(|r| r.action().as_str()).collect();
    assert_eq!(
        actions,
        [
            "published",
            "rollback_draft_opened",
            "published",
            "draft_edited",
            "draft_opened",
            "published",
            "draft_edited",
            "draft_opened"
        ]
    );
    let flow::FlowRecord::RollbackDraftOpened { after } = &records[1] else {
        panic!("{:?}", records[1])
    };
    assert_eq!(
        (
            after.change_set_id,
            after.based_on_version,
            after.from_version
        ),
        (rb.change_set_id, Some(2), Some(1))
    );
    let flow::FlowRecord::Published { before, after } = &records[0] else {
        panic!("{:?}", records[0])
    };
    assert_eq!((before.version, after.version), (2, 3));
    assert_eq!(after.change_set_id, Some(rb.change_set_id));
    assert_eq!(after.diff.as_deref(), Some(&p.diff));
    let flow::FlowRecord::DraftEdited { after } = &records[3] else {
        panic!("{:?}", records[3])
    };
    assert_eq!(
        (after.change_set_id, after.operations.len()),
        (d.change_set_id, 4)
    );
    let e = flow::rollback(&designer(db).writable().unwrap(), R, 9, None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

async fn bad_edits_are_refused_with_stable_codes_and_change_nothing(db: Db) {
    let db = &db;
    published(db).await;
    let d = flow::open_draft(&designer(db).writable().unwrap(), R, None)
        .await
        .unwrap();
    let other = flow::open_draft(&designer(db).writable().unwrap(), "other-flow", None)
        .await
        .unwrap();
    flow::edit(
        &designer(db).writable().unwrap(),
        other.change_set_id,
        &ops(json!([{"op": "add_segment", "name": "elsewhere", "segmentType": "disconnect"}])),
    )
    .await
    .unwrap();
    let id = d.change_set_id;
    let cases: Vec<(Uuid, Json, ErrorCode, &str)> = vec![
        (
            Uuid::new_v4(),
            json!([{"op": "delete_segment", "name": "welcome"}]),
            ErrorCode::NotFound,
            "no draft",
        ),
        (
            id,
            json!([{"op": "delete_segment", "name": "ghost"}]),
            ErrorCode::NotFound,
            "does not exist",
        ),
        (
            id,
            json!([{"op": "add_segment", "name": "Welcome", "segmentType": "disconnect"}]),
            ErrorCode::AlreadyExists,
            "already exists",
        ),
        (
            id,
            json!([{"op": "set_config", "segment": "welcome", "key": "colour", "value": "red"}]),
            ErrorCode::Validation,
            "has no key",
        ),
        (
            id,
            json!([{"op": "set_config", "segment": "to_agent", "key": "timeoutSeconds", "value": "30"}]),
            ErrorCode::Validation,
            "expects an integer",
        ),
        (
            id,
            json!([{"op": "set_config", "segment": "to_agent", "key": "timeoutSeconds", "value": 1}]),
            ErrorCode::Validation,
            "schema",
        ),
        (
            id,
            json!([{"op": "set_config", "segment": "welcome", "key": "messageKey", "value": "not upper"}]),
            ErrorCode::Validation,
            "schema",
        ),
        (
            id,
            json!([{"op": "connect", "segment": "elsewhere", "result": "x", "next": "welcome"}]),
            ErrorCode::NotFound,
            "does not exist in this draft",
        ),
        (
            id,
            json!([{"op": "add_segment", "name": "it's [x] -- ü", "segmentType": "disconnect"}]),
            ErrorCode::Validation,
            "segment name",
        ),
        (
            id,
            json!([{"op": "add_segment", "name": "fine", "segmentType": "teleport"}]),
            ErrorCode::Validation,
            "unknown segment type",
        ),
        (
            id,
            json!([{"op": "move", "segment": "welcome", "x": 1.0, "y": 1.0}, {"op": "connect", "segment": "welcome", "result": "done", "next": "goodbye"}]),
            ErrorCode::Conflict,
            "already connected",
        ),
    ];
    for (cs, batch, code, needle) in cases {
        let before = (counts(db, R).await, counts(db, "other-flow").await);
        let e = flow::edit(&designer(db).writable().unwrap(), cs, &ops(batch.clone()))
            .await
            .unwrap_err();
        assert_eq!(e.code, code, "{batch}: {e}");
        assert!(e.message.contains(needle), "{batch}: {}", e.message);
        assert_eq!(
            (counts(db, R).await, counts(db, "other-flow").await),
            before,
            "{batch} changed something"
        );
    }
    // The draft is unchanged by all of that.
    assert_eq!(
        flow::show_draft(db, id).await.unwrap().graph.flow,
        flow::show(db, R).await.unwrap().graph.flow
    );
    // A discarded draft can't be edited, published or discarded again.
    flow::discard(&designer(db).writable().unwrap(), id)
        .await
        .unwrap();
    let before = counts(db, R).await;
    assert_eq!(
        before.0[0], 5,
        "the discarded draft's rows are gone, live stays"
    );
    for e in [
        flow::edit(
            &designer(db).writable().unwrap(),
            id,
            &ops(json!([{"op": "delete_segment", "name": "welcome"}])),
        )
        .await
        .unwrap_err(),
        flow::publish(&designer(db).writable().unwrap(), id)
            .await
            .unwrap_err(),
        flow::discard(&designer(db).writable().unwrap(), id)
            .await
            .unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::Conflict, "{e}");
        assert!(e.message.contains("discarded"));
    }
    assert_eq!(counts(db, R).await, before);
    assert_eq!(
        flow::show(db, "no-such-flow").await.unwrap_err().code,
        ErrorCode::NotFound
    );
    assert_eq!(
        flow::show(db, "bad id").await.unwrap_err().code,
        ErrorCode::Validation
    );
}

async fn odd_text_is_stored_and_returned_exactly(db: Db) {
    let db = &db;
    let odd = "O'Brien \"quoted\" [bracket] -- not a comment; DROP TABLE x; 日本語 ü é";
    let d = flow::open_draft(&designer(db).writable().unwrap(), R, Some(odd))
        .await
        .unwrap();
    assert_eq!(d.description.as_deref(), Some(odd));
    let v = flow::edit(&designer(db).writable().unwrap(), d.change_set_id, &ops(json!([
        {"op": "add_segment", "name": "set_note", "segmentType": "set_variable", "config": {"variableName": "note", "value": odd}},
        {"op": "add_segment", "name": "done", "segmentType": "disconnect", "ui": {"x": 1.5, "y": -2.25, "style": {"label": odd}}},
        {"op": "connect", "segment": "set_note", "result": "done", "contextKey": "ctx:it's", "next": "done"},
    ])))
    .await;
    // The context key pattern refuses the quote; nothing was written.
    assert_eq!(v.unwrap_err().code, ErrorCode::Validation);
    flow::edit(&designer(db).writable().unwrap(), d.change_set_id, &ops(json!([
        {"op": "add_segment", "name": "set_note", "segmentType": "set_variable", "config": {"variableName": "note", "value": odd}},
        {"op": "add_segment", "name": "done", "segmentType": "disconnect", "ui": {"x": 1.5, "y": -2.25, "style": {"label": odd}}},
        {"op": "connect", "segment": "set_note", "result": "done", "contextKey": "ctx:vip", "next": "done"},
    ])))
    .await
    .unwrap();
    let back = flow::show_draft(db, d.change_set_id)
        .await
        .unwrap()
        .graph
        .flow;
    assert_eq!(back.segment("set_note").unwrap().config["value"], odd);
    assert_eq!(
        back.segment("done")
            .unwrap()
            .ui
            .as_ref()
            .unwrap()
            .style
            .as_ref()
            .and_then(|s| s.value()),
        Some(json!({"label": odd}))
    );
    assert_eq!(
        back.segment("set_note").unwrap().transitions[0]
            .context_key
            .as_deref(),
        Some("ctx:vip")
    );
}

async fn moves_are_layout_only_and_cost_a_fixed_number_of_statements(db: Db) {
    let db = &db;
    published(db).await;
    let d = flow::open_draft(&designer(db).writable().unwrap(), R, None)
        .await
        .unwrap();
    let moves: Vec<EditOp> = [
        "language_select",
        "welcome",
        "main_menu",
        "to_agent",
        "goodbye",
    ]
    .iter()
    .enumerate()
    .map(|(i, s)| EditOp::Move {
        segment: s.to_string(),
        x: 10.0 * i as f64,
        y: 5.0,
    })
    .collect();
    let s0 = db.statement_count();
    flow::edit(&designer(db).writable().unwrap(), d.change_set_id, &moves)
        .await
        .unwrap();
    let five = db.statement_count() - s0;
    let s0 = db.statement_count();
    flow::edit(
        &designer(db).writable().unwrap(),
        d.change_set_id,
        &moves[..1],
    )
    .await
    .unwrap();
    let one_noop = db.statement_count() - s0;
    assert!(five <= 8, "{five}");
    assert!(one_noop <= five);
    let d2 = flow::diff(
        db,
        &FlowRef::Live {
            routing_id: R.into(),
        },
        &FlowRef::Draft {
            change_set_id: d.change_set_id,
        },
    )
    .await
    .unwrap();
    assert!(d2.is_content_unchanged());
    assert_eq!(d2.layout.len(), 5);
    // Keys and transitions were not touched by the moves.
    let v = flow::show_draft(db, d.change_set_id).await.unwrap();
    assert_eq!(
        v.graph.flow.segment("main_menu").unwrap().transitions.len(),
        4
    );
}

async fn export_is_byte_identical_and_import_makes_a_validated_draft(db: Db) {
    let db = &db;
    published(db).await;
    let live = FlowRef::Live {
        routing_id: R.into(),
    };
    let a = flow::export(db, &live).await.unwrap();
    let b = flow::export(db, &live).await.unwrap();
    assert_eq!(a, b);
    assert!(a.contains("\"kind\": \"published\""));
    let v = flow::import(
        &designer(db).writable().unwrap(),
        &a,
        Some("copy-of-main"),
        Some("imported"),
    )
    .await
    .unwrap();
    let draft = v.graph.draft.unwrap();
    assert_eq!(draft.routing_id, "copy-of-main");
    let flow::FlowRecord::DraftImported { after } = &flow_records(db).await[0] else {
        panic!("the import's record first")
    };
    assert_eq!(after.change_set_id, draft.change_set_id);
    assert_eq!(after.segments, v.graph.flow.segments.len());
    assert_eq!(
        v.graph.flow.segments,
        flow::show(db, R).await.unwrap().graph.flow.segments
    );
    assert_eq!(v.validation.errors[0].code, "NO_ROUTING_ENTRY");
    // Draft exports are deterministic too and re-import to the same flow.
    let dref = FlowRef::Draft {
        change_set_id: draft.change_set_id,
    };
    assert_eq!(
        flow::export(db, &dref).await.unwrap(),
        flow::export(db, &dref).await.unwrap()
    );

    let before = counts(db, "copy-of-main").await;
    for (text, needle) in [
        ("not json", "is not valid JSON: line 1"),
        ("{\"format\": \"ivr-studio.flow\",\n \"formatVersion\": 1,\n \"routingId\": \"x\",\n \"segments\": 3}", "flow-file shape: line 4"),
        (&a.replace("\"type\": \"transfer\"", "\"type\": \"teleport\""), "unknown segment type \"teleport\""),
    ] {
        let e = flow::import(&designer(db).writable().unwrap(), text, Some("copy-of-main"), None).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{e}");
        assert!(e.message.contains(needle), "{}", e.message);
    }
    assert_eq!(
        counts(db, "copy-of-main").await,
        before,
        "a refused import writes nothing"
    );
}

async fn load_and_publish_costs_do_not_grow_with_the_flow(db: Db) {
    let db = &db;
    let mut costs = Vec::new();
    for (routing, n) in [("flow-small", 5usize), ("flow-large", 80)] {
        add_entry(db, &format!("src-{routing}"), routing, "s0").await;
        let d = flow::open_draft(&designer(db).writable().unwrap(), routing, None)
            .await
            .unwrap();
        let mut batch = Vec::new();
        for i in 0..n {
            batch.push(EditOp::AddSegment {
                name: format!("s{i}"),
                segment_type: "play_message".into(),
                config: serde_json::from_value(json!({"messageKey": format!("MSG_{i}")})).unwrap(),
                order: Some(i as i32),
                ui: Some(serde_json::from_value(json!({"x": i as f64, "y": 0.0})).unwrap()),
            });
            let next = if i + 1 < n {
                format!("s{}", i + 1)
            } else {
                "end".to_string()
            };
            batch.push(EditOp::Connect {
                segment: format!("s{i}"),
                result: "done".into(),
                context_key: None,
                next,
            });
        }
        batch.push(EditOp::AddSegment {
            name: "end".into(),
            segment_type: "disconnect".into(),
            config: Default::default(),
            order: None,
            ui: None,
        });
        let s0 = db.statement_count();
        flow::edit(&designer(db).writable().unwrap(), d.change_set_id, &batch)
            .await
            .unwrap();
        let edit = db.statement_count() - s0;
        let s0 = db.statement_count();
        flow::publish(&designer(db).writable().unwrap(), d.change_set_id)
            .await
            .unwrap();
        let publish = db.statement_count() - s0;
        let s0 = db.statement_count();
        let shown = flow::show(db, routing).await.unwrap();
        let show = db.statement_count() - s0;
        assert_eq!(shown.graph.flow.segments.len(), n + 1);
        assert_eq!(shown.graph.flow.transition_count(), n);
        let s0 = db.statement_count();
        flow::open_draft(&designer(db).writable().unwrap(), routing, None)
            .await
            .unwrap();
        let open = db.statement_count() - s0;
        costs.push((edit, publish, show, open));
    }
    assert_eq!(
        costs[0], costs[1],
        "statement counts depend on nothing but the operation"
    );
    assert!(costs[0].1 <= 8 && costs[0].2 <= 5, "{costs:?}");
    eprintln!(
        "statements (edit batch, publish, show, open draft): {:?}",
        costs[0]
    );
}

async fn the_demo_flow_publishes_clean_and_seeding_is_idempotent(db: Db) {
    let db = &db;
    let e = ivr_app::flow_demo::seed(db, &actor()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation, "no routing entry yet");
    assert_eq!(counts(db, R).await.0[0], 0);
    add_entry(db, "+3225550100", R, "language_select").await;
    let p = ivr_app::flow_demo::seed(db, &actor())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.version, 1);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let live = flow::show(db, R).await.unwrap();
    assert_eq!(live.graph.flow.segments.len(), 16);
    assert!(live.validation.errors.is_empty() && live.validation.warnings.is_empty());
    assert!(ivr_app::flow_demo::seed(db, &actor())
        .await
        .unwrap()
        .is_none());
    assert_eq!(flow::versions(db, R).await.unwrap().len(), 1);
}

async fn message_keys_are_checked_once_a_message_store_exists(db: Db) {
    let db = &db;
    published(db).await;
    // No message store yet: the check is skipped.
    assert!(flow::show(db, R)
        .await
        .unwrap()
        .validation
        .warnings
        .is_empty());
    db.execute(&T_MESSAGE_STORE, &[]).await.unwrap();
    for k in ["LANG_PROMPT", "WELCOME"] {
        db.execute(&T_MESSAGE_KEY, &[k.into()]).await.unwrap();
    }
    let v = flow::show(db, R).await.unwrap();
    let w: Vec<(&str, Option<&str>, Option<&str>)> = v
        .validation
        .warnings
        .iter()
        .map(|f| (f.code.as_str(), f.segment.as_deref(), f.key.as_deref()))
        .collect();
    assert_eq!(
        w,
        [("MESSAGE_KEY_UNKNOWN", Some("main_menu"), Some("messageKey"))]
    );
    assert!(v.validation.warnings[0].message.contains("MAIN_MENU"));
    assert!(v.validation.is_publishable(), "warnings don't block");
}

async fn the_local_demo_seeds_a_clean_published_flow(db: Db) {
    let db = &db;
    ivr_app::demo::seed(db, &actor()).await.unwrap();
    let live = flow::show(db, R).await.unwrap();
    assert_eq!(live.graph.live_version, 1);
    assert_eq!(live.graph.flow.segments.len(), 16);
    assert!(
        live.validation.errors.is_empty(),
        "{:?}",
        live.validation.errors
    );
    assert!(
        live.validation.warnings.is_empty(),
        "{:?}",
        live.validation.warnings
    );
    let before = counts(db, R).await;
    ivr_app::demo::seed(db, &actor()).await.unwrap();
    assert_eq!(counts(db, R).await, before, "a second seed changes nothing");
}

/// Two drafts of one flow, each retyping, reordering and renaming: every change lands in its own
/// draft only (the set-based writes find a draft's segments by RoutingId, name and ChangeSetId).
async fn two_drafts_of_one_flow_are_written_apart(db: Db) {
    let db = &db;
    published(db).await;
    let live = flow::show(db, R).await.unwrap().graph.flow;
    let a = flow::open_draft(&designer(db).writable().unwrap(), R, Some("a"))
        .await
        .unwrap();
    let b = flow::open_draft(&designer(db).writable().unwrap(), R, Some("b"))
        .await
        .unwrap();
    for (draft, batch) in [
        (
            a.change_set_id,
            json!([
                {"op": "retype_segment", "name": "to_agent", "segmentType": "queue"},
                {"op": "set_config", "segment": "to_agent", "key": "queueName", "value": "sales"},
                {"op": "set_order", "segment": "welcome", "order": 7},
            ]),
        ),
        (
            b.change_set_id,
            json!([
                {"op": "set_order", "segment": "welcome", "order": 3},
                {"op": "rename_segment", "name": "goodbye", "newName": "bye"},
            ]),
        ),
    ] {
        flow::edit(&designer(db).writable().unwrap(), draft, &ops(batch))
            .await
            .unwrap();
    }

    let fa = flow::show_draft(db, a.change_set_id)
        .await
        .unwrap()
        .graph
        .flow;
    let to_agent = fa.segment("to_agent").unwrap();
    assert_eq!(to_agent.segment_type, "queue");
    assert_eq!(
        to_agent.config.get("queueName").map(String::as_str),
        Some("sales")
    );
    assert!(
        !to_agent.config.contains_key("destination"),
        "{:?}",
        to_agent.config
    );
    assert_eq!(fa.segment("welcome").unwrap().order, Some(7));
    assert!(fa.segment("goodbye").is_some() && fa.segment("bye").is_none());

    let fb = flow::show_draft(db, b.change_set_id)
        .await
        .unwrap()
        .graph
        .flow;
    let (to_agent, was) = (
        fb.segment("to_agent").unwrap(),
        live.segment("to_agent").unwrap(),
    );
    assert_eq!(
        (&to_agent.segment_type, &to_agent.config),
        (&was.segment_type, &was.config),
        "draft a's retype stays in draft a"
    );
    assert_eq!(fb.segment("welcome").unwrap().order, Some(3));
    assert!(fb.segment("goodbye").is_none());
    let bye = fb.segment("bye").unwrap();
    assert_eq!(bye.segment_type, "disconnect");
    let leading_to = |f: &ivr_domain::flow::Flow, name: &str| {
        f.segments
            .iter()
            .flat_map(|s| &s.transitions)
            .filter(|t| t.next == name)
            .count()
    };
    let (into_bye, into_goodbye) = (leading_to(&fb, "bye"), leading_to(&live, "goodbye"));
    assert_eq!(
        into_bye, into_goodbye,
        "the rename rewrote every transition"
    );

    assert_eq!(
        flow::show(db, R).await.unwrap().graph.flow,
        live,
        "live is untouched"
    );
}

ivr_testkit::engine_tests!(
    the_local_demo_seeds_a_clean_published_flow,
    message_keys_are_checked_once_a_message_store_exists,
    draft_edit_validate_publish_and_show_live,
    publishing_again_and_again_works_and_keeps_history,
    a_stale_draft_gets_conflict_and_is_kept,
    invalid_drafts_are_refused_with_every_error,
    rollback_makes_a_draft_of_an_earlier_version_that_publishes,
    bad_edits_are_refused_with_stable_codes_and_change_nothing,
    odd_text_is_stored_and_returned_exactly,
    moves_are_layout_only_and_cost_a_fixed_number_of_statements,
    export_is_byte_identical_and_import_makes_a_validated_draft,
    load_and_publish_costs_do_not_grow_with_the_flow,
    the_demo_flow_publishes_clean_and_seeding_is_idempotent,
    two_drafts_of_one_flow_are_written_apart,
);
