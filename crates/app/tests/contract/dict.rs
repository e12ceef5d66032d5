use crate::harness::*;
use ivr_app::dict::{self, CompanyProjectPatch, VoicePatch};
use ivr_domain::dict::{CompanyProjectFields, LanguageFields, VoiceFields};
use ivr_domain::{ErrorCode, Result};
use ivr_store::audit::{self, AuditFilter};
use ivr_store::Db;

async fn audit_count(db: &Db) -> i64 {
    audit::count(db).await.unwrap()
}

async fn add_language(db: &Db, code: &str, name: &str) -> Result<ivr_domain::dict::Language> {
    let f = LanguageFields {
        language_code: code.into(),
        display_name: name.into(),
    };
    writing(db, async |w| dict::language_add(w, &f).await).await
}

async fn add_voice(db: &Db, f: &VoiceFields) -> Result<ivr_domain::dict::Voice> {
    writing(db, async |w| dict::voice_add(w, f).await).await
}

async fn add_project(
    db: &Db,
    f: &CompanyProjectFields,
) -> Result<ivr_domain::dict::CompanyProject> {
    writing(db, async |w| dict::project_create(w, f).await).await
}

async fn read_all_dictionaries_in_one_statement(db: Db) {
    fixtures(&db).await;
    let n = db.statement_count();
    let d = dict::all(&db).await.unwrap();
    assert_eq!(db.statement_count() - n, 1);
    assert!(d.environments.iter().any(|e| e.code == "dvp"));
    assert!(d.languages.iter().any(|l| l.language_code == "nl-BE"));
    let p = d
        .company_projects
        .iter()
        .find(|p| p.customer_id == "acme")
        .unwrap();
    assert_eq!(p.environment_code.as_deref(), Some("dvp"));
}

async fn language_edits_are_validated_and_audited(db: Db) {
    fixtures(&db).await;
    let a0 = audit_count(&db).await;
    let name = "Deutsch (Schweiz) — 'CH' -- [Zürich] 日本";
    let l = add_language(&db, "de-CH", name).await.unwrap();
    assert_eq!(l.display_name, name);
    assert_eq!(audit_count(&db).await, a0 + 1);

    for (code, want) in [
        ("de-CH", ErrorCode::AlreadyExists),
        ("de_CH", ErrorCode::Validation),
        ("de-ch", ErrorCode::Validation),
    ] {
        let before = audit_count(&db).await;
        let e = add_language(&db, code, "x").await.unwrap_err();
        assert_eq!(e.code, want, "{code}: {e}");
        assert_eq!(audit_count(&db).await, before);
    }

    let renamed = writing(&db, async |w| {
        dict::language_rename(w, "de-CH", "Schwiizerdütsch").await
    })
    .await
    .unwrap();
    assert_eq!(renamed.display_name, "Schwiizerdütsch");
    let off = writing(&db, async |w| {
        dict::language_set_active(w, "de-CH", false).await
    })
    .await
    .unwrap();
    assert!(!off.is_active);
    let missing = writing(&db, async |w| dict::language_rename(w, "xx-XX", "x").await)
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);

    let log = audit::list(
        &db,
        &AuditFilter {
            entity_type: Some("language".into()),
            entity_id: Some("de-CH".into()),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    let actions: Vec<_> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["deactivated", "updated", "created"]);
    assert_eq!(
        log.items[1]
            .before
            .as_ref()
            .and_then(|j| j.value())
            .unwrap()["displayName"],
        name
    );
    assert_eq!(
        log.items[1].after.as_ref().and_then(|j| j.value()).unwrap()["displayName"],
        "Schwiizerdütsch"
    );

    // Exactly as stored, read back through the dictionary read.
    let d = dict::all(&db).await.unwrap();
    let l = d
        .languages
        .iter()
        .find(|l| l.language_code == "de-CH")
        .unwrap();
    assert_eq!(l.display_name, "Schwiizerdütsch");
}

async fn voice_needs_an_existing_language(db: Db) {
    fixtures(&db).await;
    let v = VoiceFields {
        code: "test-nl-BE-Lotte".into(),
        engine: "google".into(),
        language: "nl-BE".into(),
        gender: Some("female".into()),
        display_name: "Wavenet A \"Lotte\" [nl]".into(),
    };
    let created = add_voice(&db, &v).await.unwrap();
    assert_eq!(created.display_name, v.display_name);

    let a0 = audit_count(&db).await;
    let unknown = VoiceFields {
        code: "test-sv-SE-A".into(),
        language: "sv-SE".into(),
        ..v.clone()
    };
    let e = add_voice(&db, &unknown).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(e.message.contains("language"), "{}", e.message);
    let dup = add_voice(&db, &v).await.unwrap_err();
    assert_eq!(dup.code, ErrorCode::AlreadyExists);
    let bad_engine = add_voice(
        &db,
        &VoiceFields {
            engine: "acme".into(),
            code: "z".into(),
            ..v.clone()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(bad_engine.code, ErrorCode::Validation);
    assert_eq!(
        audit_count(&db).await,
        a0,
        "refused voice edits leave no audit"
    );

    let patch = VoicePatch {
        language: Some("fr-BE".into()),
        display_name: Some("Wavenet A (fr)".into()),
        ..Default::default()
    };
    let edited = writing(&db, async |w| {
        dict::voice_edit(w, created.voice_id, &patch).await
    })
    .await
    .unwrap();
    assert_eq!(edited.language, "fr-BE");
    let off = writing(&db, async |w| {
        dict::voice_set_active(w, created.voice_id, false).await
    })
    .await
    .unwrap();
    assert!(!off.is_active);
    assert_eq!(audit_count(&db).await, a0 + 2);
}

async fn company_project_rules(db: Db) {
    let cp = fixtures(&db).await;
    let environment_id = dict::environment_id(&db, "dvp").await.unwrap();
    let base = CompanyProjectFields {
        environment_id,
        customer_id: "acme".into(),
        project_id: "care".into(),
        display_name: "Acme \"Care\" -- [Zorg] 東京".into(),
        okta_group: Some("okta-acme-care".into()),
    };
    let a0 = audit_count(&db).await;
    let dup = add_project(&db, &base).await.unwrap_err();
    assert_eq!(dup.code, ErrorCode::AlreadyExists);
    let upper = add_project(
        &db,
        &CompanyProjectFields {
            customer_id: "Acme".into(),
            project_id: "sales".into(),
            ..base.clone()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(upper.code, ErrorCode::Validation);
    assert!(upper.message.contains("customerId"));
    let no_env = add_project(
        &db,
        &CompanyProjectFields {
            environment_id: 9999,
            project_id: "sales".into(),
            ..base.clone()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(no_env.code, ErrorCode::Validation);
    assert!(no_env.message.contains("environmentId"));
    assert_eq!(audit_count(&db).await, a0);

    let sales = add_project(
        &db,
        &CompanyProjectFields {
            project_id: "sales".into(),
            ..base.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(sales.display_name, base.display_name);
    assert_eq!(sales.created_by, "contract-tester");
    // Editing onto an existing key: ALREADY_EXISTS.
    let to_base = CompanyProjectPatch {
        project_id: Some(base.project_id.clone()),
        ..Default::default()
    };
    let clash = writing(&db, async |w| {
        dict::project_edit(w, sales.company_project_id, &to_base).await
    })
    .await
    .unwrap_err();
    assert_eq!(clash.code, ErrorCode::AlreadyExists);
    let to_sales2 = CompanyProjectPatch {
        project_id: Some("sales2".into()),
        ..Default::default()
    };
    let edited = writing(&db, async |w| {
        dict::project_edit(w, sales.company_project_id, &to_sales2).await
    })
    .await
    .unwrap();
    assert_eq!(edited.project_id, "sales2");
    assert_eq!(edited.updated_by.as_deref(), Some("contract-tester"));

    // A deactivated company project can no longer take routing entries.
    writing(&db, async |w| dict::project_set_active(w, cp, false).await)
        .await
        .unwrap();
    let e = create(&db, &entry(cp, "+1")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(e.message.contains("companyProjectId"));
    assert_eq!(audit_count(&db).await, a0 + 3);
}

async fn audit_list_filters_and_pages(db: Db) {
    let cp = fixtures(&db).await;
    for i in 0..7 {
        create(&db, &entry(cp, &format!("+32{i}"))).await.unwrap();
    }
    let all = audit::list(&db, &AuditFilter::default(), 0, 100)
        .await
        .unwrap();
    let n = db.statement_count();
    let page = audit::list(
        &db,
        &AuditFilter {
            entity_type: Some("routing".into()),
            action: Some("created".into()),
            actor: Some("contract-tester".into()),
            ..Default::default()
        },
        5,
        5,
    )
    .await
    .unwrap();
    assert!(db.statement_count() - n <= 2);
    assert_eq!(page.total, 7);
    assert_eq!(page.items.len(), 2);
    // Newest first.
    assert!(all.items.windows(2).all(|w| w[0].audit_id > w[1].audit_id));

    let first = all.items.last().unwrap().occurred_at.clone();
    let from = audit::list(
        &db,
        &AuditFilter {
            from: Some(first.clone()),
            ..Default::default()
        },
        0,
        100,
    )
    .await
    .unwrap();
    assert_eq!(from.total, all.total);
    let before_first = audit::list(
        &db,
        &AuditFilter {
            to: Some(first),
            ..Default::default()
        },
        0,
        100,
    )
    .await
    .unwrap();
    assert_eq!(before_first.total, 0);
    let nobody = audit::list(
        &db,
        &AuditFilter {
            actor: Some("nobody".into()),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!((nobody.total, nobody.items.len()), (0, 0));

    // The filters' choices: exactly the values in the log, sorted, in one statement.
    let n = db.statement_count();
    let f = audit::facets(&db).await.unwrap();
    assert_eq!(db.statement_count() - n, 1);
    let distinct = |pick: fn(&ivr_domain::audit::AuditEntry) -> &String| {
        let mut v: Vec<String> = all.items.iter().map(|e| pick(e).clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(f.entity_types, distinct(|e| &e.entity_type));
    assert_eq!(f.actors, distinct(|e| &e.actor));
    assert_eq!(f.actions, distinct(|e| &e.action));
    assert!(f.entity_types.contains(&"routing".to_string()), "{f:?}");
}

async fn audit_rows_are_only_written_inside_a_transaction(db: Db) {
    let before = audit_count(&db).await;
    let mut conn = db.conn().await.unwrap();
    let e = audit::write(
        &mut conn,
        &actor(),
        audit::Change {
            entity_type: "routing",
            entity_id: "1",
            action: "created",
            before: None,
            after: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal);
    drop(conn);
    assert_eq!(audit_count(&db).await, before);
}

ivr_testkit::engine_tests!(
    read_all_dictionaries_in_one_statement,
    language_edits_are_validated_and_audited,
    voice_needs_an_existing_language,
    company_project_rules,
    audit_list_filters_and_pages,
    audit_rows_are_only_written_inside_a_transaction,
);
