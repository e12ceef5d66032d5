//! Routing, dictionary and audit use cases on a real SQLite database: the READ_ONLY lock, the
//! actor and environment written to audit, and the demo data.

use ivr_app::demo;
use ivr_app::dict as dict_app;
use ivr_app::routing::*;
use ivr_app::{Home, OpenEnvironment, Profile, Tier};
use ivr_domain::dict::{CompanyProjectFields, LanguageFields};
use ivr_domain::routing::RoutingFields;
use ivr_domain::ErrorCode;
use ivr_store::audit::{self, Actor, AuditFilter};
use serde_json::json;

fn env_on(db: ivr_store::Db, name: &str, tier: Tier, who: &str) -> OpenEnvironment {
    let home = Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let mut p = Profile::local(&home);
    p.name = name.into();
    p.tier = tier;
    p.display_name = Some(who.into());
    OpenEnvironment::new(db, p)
}

async fn counts(db: &ivr_store::Db) -> (i64, i64, i64) {
    let (r, h) = ivr_store::routing::counts(db).await.unwrap();
    (r, h, audit::count(db).await.unwrap())
}

fn fields(cp: i64, source: &str) -> RoutingFields {
    RoutingFields {
        init_segment: "language_select".into(),
        config: Some(json!({}).into()),
        ..ivr_testkit::routing_fields(cp, source)
    }
}

#[tokio::test]
async fn demo_seed_is_idempotent_validated_and_audited() {
    let t = ivr_testkit::fresh_sqlite().await;
    let actor = Actor::new("demo-seeder", "local");
    let ids = demo::seed(&t.db, &actor).await.unwrap();
    let first = counts(&t.db).await;
    assert_eq!(first.0, 4, "DEMO_MAIN and three more entries");
    let main = ivr_store::routing::get_by_source(&t.db, demo::DEMO_MAIN_SOURCE_ID, false)
        .await
        .unwrap()
        .expect("the demo entry");
    assert_eq!(main.routing_id, "acme-care-main");
    assert_eq!(main.init_segment, "language_select");
    assert_eq!(main.language_code, "nl-BE");
    assert_eq!(main.company_project_id, ids.company_project_id);
    assert!(ids.message_store_id.is_some());
    assert_eq!(main.message_store_id, ids.message_store_id);
    assert!(main.config.as_ref().unwrap().problem(true).is_none());
    assert!(main.feature_flags.as_ref().unwrap().problem(true).is_none());
    let created = audit::list(
        &t.db,
        &AuditFilter {
            entity_type: Some("routing".into()),
            actor: Some("demo-seeder".into()),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(created.total, 4);

    demo::seed(&t.db, &actor).await.unwrap();
    assert_eq!(counts(&t.db).await, first, "a second seed changes nothing");
}

#[tokio::test]
async fn a_read_only_environment_refuses_every_write() {
    let t = ivr_testkit::fresh_sqlite().await;
    let ids = demo::seed(&t.db, &Actor::new("seed", "local"))
        .await
        .unwrap();
    let mut prd = env_on(t.db.clone(), "prd", Tier::Prd, "Release Manager");
    let before = counts(&t.db).await;
    // Every write use case takes the write capability, which a locked environment does not hand
    // out: READ_ONLY, naming the environment, and nothing written.
    let e = prd.writable().unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadOnly);
    assert!(e.message.contains("`prd`"), "{}", e.message);
    // What to do is data each adapter words (the banner's Unlock, the CLI's --unlock).
    assert_eq!(
        e.remedy(),
        Some(ivr_domain::Remedy::UnlockEnvironment {
            environment: "prd".into()
        })
    );
    assert!(!e.message.contains("--"), "{}", e.message);
    assert_eq!(counts(&t.db).await, before);
    // Reads still work.
    assert_eq!(
        list(&prd.db, &ListRoutingRequest::default())
            .await
            .unwrap()
            .total,
        4
    );
    // Unlocked by typing its name, it writes as its actor.
    prd.unlock("prd").unwrap();
    let w = prd.writable().unwrap();
    let lang = dict_app::language_add(
        &w,
        &LanguageFields {
            language_code: "sv-SE".into(),
            display_name: "Svenska".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(lang.language_code, "sv-SE");
    let p = dict_app::project_create(
        &w,
        &CompanyProjectFields {
            environment_id: ids.environment_id,
            customer_id: "acme".into(),
            project_id: "x".into(),
            display_name: "x".into(),
            okta_group: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(p.created_by, "Release Manager");
    drop(w);
    prd.lock();
    assert_eq!(prd.writable().unwrap_err().code, ErrorCode::ReadOnly);
}

#[tokio::test]
async fn writes_record_the_profile_actor_and_environment() {
    let t = ivr_testkit::fresh_sqlite().await;
    let ids = demo::seed(&t.db, &Actor::new("seed", "local"))
        .await
        .unwrap();
    let dvp = env_on(t.db.clone(), "dvp-copy", Tier::Dvp, "Ada Admin");
    let w = dvp.writable().unwrap();
    let e = create(&w, &fields(ids.company_project_id, "+3225550999"))
        .await
        .unwrap()
        .entry;
    assert_eq!(e.created_by, "Ada Admin");
    let mut f = e.fields();
    f.init_segment = "main_menu".into();
    let u = update(
        &w,
        &UpdateRoutingRequest {
            routing_table_id: e.routing_table_id,
            row_version: e.row_version.clone(),
            fields: f,
        },
    )
    .await
    .unwrap()
    .entry;
    assert_eq!(u.updated_by.as_deref(), Some("Ada Admin"));
    let log = ivr_app::audit::list(
        &dvp.db,
        &ivr_app::audit::ListAuditRequest {
            entity_id: Some(e.routing_table_id.to_string()),
            entity_type: Some("routing".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(log.total, 2);
    assert!(log
        .items
        .iter()
        .all(|i| i.actor == "Ada Admin" && i.environment == "dvp-copy"));
    let h = history(&dvp.db, e.routing_table_id).await.unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action_by, "Ada Admin");
}

/// A routing audit row as earlier builds stored it (the entry's camelCase fields through `json!`,
/// then `restoredFromVersion`) reads through the typed payload, its Config text as written.
#[tokio::test]
async fn an_audit_row_an_earlier_build_wrote_reads_as_routing_audit() {
    use ivr_domain::routing::RoutingAudit;
    let t = ivr_testkit::fresh_sqlite().await;
    let stored = r#"{"routingTableId":7,"sourceId":"+3225550100","routingId":"acme-care-main","companyProjectId":1,"messageStoreId":null,"languageCode":"nl-BE","initSegment":"language_select","config":"{\"id\": 12345678901234567890123}","featureFlags":null,"isActive":true,"createdAt":"2026-01-20T10:00:00.000Z","createdBy":"ann","updatedAt":"2026-01-21T10:00:00.000Z","updatedBy":"bob","rowVersion":"3","restoredFromVersion":1}"#;
    t.db.transaction(async |c| {
        audit::write(
            c,
            &Actor::new("ann", "local"),
            audit::Change {
                entity_type: "routing",
                entity_id: "7",
                action: "restored",
                before: None,
                after: Some(stored),
            },
        )
        .await
    })
    .await
    .unwrap();
    let page = ivr_app::audit::list(&t.db, &ivr_app::audit::ListAuditRequest::default())
        .await
        .unwrap();
    let after: RoutingAudit =
        ivr_app::audit::payload(page.items[0].after.as_ref().expect("after data")).unwrap();
    assert_eq!(after.restored_from_version, Some(1));
    assert_eq!(after.entry.routing_table_id, 7);
    assert_eq!(after.entry.updated_by.as_deref(), Some("bob"));
    assert_eq!(
        after.entry.config.as_ref().map(|c| c.as_str()),
        Some(r#"{"id": 12345678901234567890123}"#)
    );
    // Written again, the payload is the same text.
    assert_eq!(serde_json::to_string(&after).unwrap(), stored);
}
