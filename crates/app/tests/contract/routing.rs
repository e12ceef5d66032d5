use crate::harness::*;
use ivr_app::audit::payload;
use ivr_app::routing::{self, ListRoutingRequest};
use ivr_domain::routing::{RoutingAudit, RoutingFields};
use ivr_domain::{ErrorCode, JsonText, Result};
use ivr_store::Db;
use serde_json::json;

/// A refused write: its code, and proof nothing changed.
async fn refused<T: std::fmt::Debug>(
    db: &Db,
    code: ErrorCode,
    field: Option<&str>,
    write: impl AsyncFnOnce() -> Result<T>,
) -> ivr_domain::Error {
    let before = counts(db).await;
    let err = write().await.expect_err("the write should be refused");
    assert_eq!(err.code, code, "unexpected error: {err}");
    if let Some(f) = field {
        assert!(
            err.message.contains(f),
            "the message should name `{f}`: {}",
            err.message
        );
    }
    assert_eq!(counts(db).await, before, "a refused write changed rows");
    err
}

fn max_len(col: &str) -> usize {
    ivr_domain::schema::table("rt_RoutingTable")
        .and_then(|t| t.column(col))
        .and_then(|c| c.ty.max_len())
        .expect("the model gives the column a length") as usize
}

async fn create_get_list_with_fixed_statement_counts(db: Db) {
    let cp = fixtures(&db).await;
    let created = create(&db, &entry(cp, "+3225550100")).await.unwrap();
    assert!(created.is_active);
    assert_eq!(created.config, Some(json!({"timeoutSeconds": 5}).into()));
    for i in 0..5 {
        create(&db, &entry(cp, &format!("+3226660{i:03}")))
            .await
            .unwrap();
    }

    let n = db.statement_count();
    let got = get(&db, "+3225550100", false).await.unwrap();
    assert_eq!(
        db.statement_count() - n,
        1,
        "get by SourceId is one statement"
    );
    assert_eq!(got, created);

    let n = db.statement_count();
    let page = list(
        &db,
        ListRoutingRequest {
            offset: Some(2),
            limit: Some(3),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(
        db.statement_count() - n <= 2,
        "a list page is at most 2 statements"
    );
    assert_eq!(page.total, 6);
    assert_eq!(page.items.len(), 3);
    let sources: Vec<_> = page
        .items
        .iter()
        .map(|i| i.entry.source_id.clone())
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "ordered by SourceId");
    assert_eq!(page.items[0].customer_id, "acme");

    let filtered = list(
        &db,
        ListRoutingRequest {
            search: Some("550100".into()),
            company_project_id: Some(cp),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(filtered.total, 1);

    let missing = get(&db, "+000", false).await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

async fn duplicate_active_source_id_is_already_exists(db: Db) {
    let cp = fixtures(&db).await;
    create(&db, &entry(cp, "+3225550100")).await.unwrap();
    let err = refused(
        &db,
        ErrorCode::AlreadyExists,
        Some("+3225550100"),
        async || create(&db, &entry(cp, "+3225550100")).await,
    )
    .await;
    assert!(err.message.contains("already exists"), "{}", err.message);

    // Renaming another entry onto an active SourceId is the same refusal.
    let other = create(&db, &entry(cp, "+3225550199")).await.unwrap();
    refused(
        &db,
        ErrorCode::AlreadyExists,
        Some("+3225550100"),
        async || {
            update(
                &db,
                other.routing_table_id,
                &other.row_version,
                &entry(cp, "+3225550100"),
            )
            .await
        },
    )
    .await;
}

async fn json_fields_must_be_objects(db: Db) {
    let cp = fixtures(&db).await;
    for (config, flags, field) in [
        (Some(json!([1, 2]).into()), None, "config"),
        (Some(json!("text").into()), None, "config"),
        (None, Some(json!(true).into()), "featureFlags"),
        (None, Some(json!(null).into()), "featureFlags"),
    ] {
        let f = RoutingFields {
            config,
            feature_flags: flags,
            ..entry(cp, "+3225550100")
        };
        refused(&db, ErrorCode::Validation, Some(field), async || {
            create(&db, &f).await
        })
        .await;
    }
    // The same on update.
    let e = create(&db, &entry(cp, "+3225550100")).await.unwrap();
    let f = RoutingFields {
        config: Some(json!(42).into()),
        ..entry(cp, "+3225550100")
    };
    refused(&db, ErrorCode::Validation, Some("config"), async || {
        update(&db, e.routing_table_id, &e.row_version, &f).await
    })
    .await;
}

async fn unknown_references_are_validation_naming_the_field(db: Db) {
    let cp = fixtures(&db).await;
    let cases = [
        (
            RoutingFields {
                language_code: "sv-SE".into(),
                ..entry(cp, "+1")
            },
            "languageCode",
        ),
        (
            RoutingFields {
                company_project_id: cp + 1000,
                ..entry(cp, "+1")
            },
            "companyProjectId",
        ),
        (
            RoutingFields {
                message_store_id: Some(999_999),
                ..entry(cp, "+1")
            },
            "messageStoreId",
        ),
    ];
    for (f, field) in cases {
        let err = refused(&db, ErrorCode::Validation, Some(field), async || {
            create(&db, &f).await
        })
        .await;
        let fields = err.detail_json()["fields"].clone();
        assert_eq!(fields[0]["field"], field);
    }
    // A malformed language code never reaches the database.
    let f = RoutingFields {
        language_code: "nl_BE".into(),
        ..entry(cp, "+1")
    };
    refused(
        &db,
        ErrorCode::Validation,
        Some("languageCode"),
        async || create(&db, &f).await,
    )
    .await;
}

async fn one_char_over_the_model_limit_is_refused(db: Db) {
    let cp = fixtures(&db).await;
    let s = |col: &str, extra: usize| "x".repeat(max_len(col) + extra);
    // Exactly at the limit is fine.
    let ok = RoutingFields {
        source_id: s("SourceId", 0),
        routing_id: s("RoutingId", 0),
        init_segment: s("InitSegment", 0),
        ..entry(cp, "")
    };
    let at_limit = create(&db, &ok).await.unwrap();
    assert_eq!(at_limit.source_id.len(), max_len("SourceId"));
    for (field, f) in [
        (
            "sourceId",
            RoutingFields {
                source_id: s("SourceId", 1),
                ..entry(cp, "")
            },
        ),
        (
            "routingId",
            RoutingFields {
                routing_id: s("RoutingId", 1),
                ..entry(cp, "+2")
            },
        ),
        (
            "initSegment",
            RoutingFields {
                init_segment: s("InitSegment", 1),
                ..entry(cp, "+2")
            },
        ),
    ] {
        refused(&db, ErrorCode::Validation, Some(field), async || {
            create(&db, &f).await
        })
        .await;
    }
}

async fn stale_update_is_conflict_with_the_current_row(db: Db) {
    let cp = fixtures(&db).await;
    let v1 = create(&db, &entry(cp, "+3225550100")).await.unwrap();
    let mut f = entry(cp, "+3225550100");
    f.init_segment = "main_menu".into();
    let v2 = update(&db, v1.routing_table_id, &v1.row_version, &f)
        .await
        .unwrap();
    assert_ne!(v2.row_version, v1.row_version);
    assert_eq!(v2.init_segment, "main_menu");
    assert_eq!(v2.updated_by.as_deref(), Some("contract-tester"));

    let mut g = entry(cp, "+3225550100");
    g.routing_id = "someone-else".into();
    let err = refused(&db, ErrorCode::Conflict, None, async || {
        update(&db, v1.routing_table_id, &v1.row_version, &g).await
    })
    .await;
    let current = &err.detail_json()["current"];
    assert_eq!(current["initSegment"], "main_menu");
    assert_eq!(current["rowVersion"], v2.row_version.as_str());

    // A token that is not one: VALIDATION, nothing changed.
    refused(&db, ErrorCode::Validation, None, async || {
        update(&db, v1.routing_table_id, "not-a-version", &g).await
    })
    .await;
    // Stale delete too.
    refused(&db, ErrorCode::Conflict, None, async || {
        delete(&db, v1.routing_table_id, Some(&v1.row_version)).await
    })
    .await;
}

/// A partial update (what `ivr routing update` sends) changes only the fields it gives, clears an
/// optional one on `Some(None)`, is based on the row version read just before unless it names
/// one (a stale one is CONFLICT and changes nothing), and costs one read more than `update`.
async fn a_patch_changes_only_the_fields_it_gives(db: Db) {
    let cp = fixtures(&db).await;
    let v1 = create(&db, &entry(cp, "+3225550100")).await.unwrap();
    let patch = |source: &str, row_version: Option<&str>, p: routing::RoutingPatch| {
        let req = routing::PatchRoutingRequest {
            source_id: source.into(),
            row_version: row_version.map(str::to_owned),
            patch: p,
        };
        let db = db.clone();
        async move { writing(&db, async |w| routing::patch(w, &req).await).await }
    };
    let n = db.statement_count();
    let v2 = patch(
        "+3225550100",
        None,
        routing::RoutingPatch {
            init_segment: Some("main_menu".into()),
            feature_flags: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .entry;
    let patched = db.statement_count() - n;
    let mut expected = v1.fields();
    expected.init_segment = "main_menu".into();
    expected.feature_flags = None;
    assert_eq!(v2.fields(), expected, "only the given fields changed");
    assert_eq!(v2.config, v1.config);

    let mut f = v2.fields();
    f.language_code = "fr-BE".into();
    let n = db.statement_count();
    let v3 = update(&db, v2.routing_table_id, &v2.row_version, &f)
        .await
        .unwrap();
    assert_eq!(
        patched,
        db.statement_count() - n + 1,
        "the read is one more"
    );

    // A row version that is no longer current: CONFLICT, nothing changed.
    let p = routing::RoutingPatch {
        routing_id: Some("other".into()),
        ..Default::default()
    };
    let err = refused(&db, ErrorCode::Conflict, None, async || {
        patch("+3225550100", Some(&v2.row_version), p.clone()).await
    })
    .await;
    assert_eq!(
        err.detail_json()["current"]["rowVersion"],
        v3.row_version.as_str()
    );
    refused(&db, ErrorCode::NotFound, None, async || {
        patch("+32000", None, p.clone()).await
    })
    .await;
    // A new SourceId is a field like the others.
    let v4 = patch(
        "+3225550100",
        Some(&v3.row_version),
        routing::RoutingPatch {
            source_id: Some("+3225550199".into()),
            message_store_id: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .entry;
    assert_eq!(v4.source_id, "+3225550199");
    assert_eq!(v4.language_code, "fr-BE");
}

async fn every_change_adds_a_history_version_and_restore_adds_a_new_one(db: Db) {
    let cp = fixtures(&db).await;
    let (_, h0, a0) = counts(&db).await;
    let v1 = create(&db, &entry(cp, "+3225550100")).await.unwrap();
    let id = v1.routing_table_id;
    let mut f = entry(cp, "+3225550100");
    f.language_code = "fr-BE".into();
    f.feature_flags = None;
    let v2 = update(&db, id, &v1.row_version, &f).await.unwrap();
    let deleted = delete(&db, id, Some(&v2.row_version)).await.unwrap();
    assert!(!deleted.is_active);
    let (_, h, a) = counts(&db).await;
    assert_eq!(
        (h - h0, a - a0),
        (3, 3),
        "one history row and one audit row per change"
    );

    let hist = routing::history(&db, id).await.unwrap();
    let versions: Vec<(i64, &str)> = hist
        .iter()
        .map(|h| (h.version_number, h.action_type.as_str()))
        .collect();
    assert_eq!(
        versions,
        vec![(3, "deleted"), (2, "updated"), (1, "created")]
    );
    assert_eq!(hist[1].snapshot.as_ref().unwrap().language_code, "fr-BE");
    // Every version of the entry, either engine: a typed snapshot, the bit a boolean.
    assert_eq!(
        hist.iter()
            .map(|h| h.snapshot.as_ref().unwrap().is_active)
            .collect::<Vec<_>>(),
        [Some(false), Some(true), Some(true)]
    );

    // Restore version 1: a new version 4, history untouched, the row active again with v1's fields.
    let n = db.statement_count();
    let restored = restore(&db, id, 1).await.unwrap();
    assert!(db.statement_count() - n <= 7);
    assert!(restored.is_active);
    assert_eq!(restored.fields(), v1.fields());
    let hist2 = routing::history(&db, id).await.unwrap();
    assert_eq!(hist2.len(), 4);
    assert_eq!(
        (hist2[0].version_number, hist2[0].action_type.as_str()),
        (4, "restored")
    );
    assert_eq!(&hist2[1..], &hist[..], "older versions are never rewritten");

    let audit = ivr_store::audit::list(
        &db,
        &ivr_store::audit::AuditFilter {
            entity_type: Some("routing".into()),
            entity_id: Some(id.to_string()),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    let actions: Vec<_> = audit.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["restored", "deleted", "updated", "created"]);
    assert_eq!(audit.items[0].actor, "contract-tester");
    assert_eq!(audit.items[0].environment, "test");
    assert_eq!(audit.items[3].before, None);
    let created: RoutingAudit = payload(audit.items[3].after.as_ref().unwrap()).unwrap();
    assert_eq!(created.entry.source_id, "+3225550100");
    let restored: RoutingAudit = payload(audit.items[0].after.as_ref().unwrap()).unwrap();
    assert_eq!(restored.restored_from_version, Some(1));

    // Missing version: NOT_FOUND, nothing changed.
    refused(&db, ErrorCode::NotFound, None, async || {
        restore(&db, id, 99).await
    })
    .await;
}

async fn soft_delete_then_recreate_the_same_source_id(db: Db) {
    let cp = fixtures(&db).await;
    let first = create(&db, &entry(cp, "+3225550100")).await.unwrap();
    delete(&db, first.routing_table_id, None).await.unwrap();
    assert_eq!(
        get(&db, "+3225550100", false).await.unwrap_err().code,
        ErrorCode::NotFound
    );
    let again = create(&db, &entry(cp, "+3225550100")).await.unwrap();
    assert_ne!(again.routing_table_id, first.routing_table_id);
    let got = get(&db, "+3225550100", true).await.unwrap();
    assert_eq!(got.routing_table_id, again.routing_table_id);

    let all = list(
        &db,
        ListRoutingRequest {
            include_inactive: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(all.total, 2);
    let active = list(&db, ListRoutingRequest::default()).await.unwrap();
    assert_eq!(active.total, 1);

    // Restoring the deleted one while the SourceId is taken again: ALREADY_EXISTS, nothing changed.
    refused(
        &db,
        ErrorCode::AlreadyExists,
        Some("+3225550100"),
        async || restore(&db, first.routing_table_id, 1).await,
    )
    .await;
    // Deleting twice: NOT_FOUND, nothing changed.
    refused(&db, ErrorCode::NotFound, None, async || {
        delete(&db, first.routing_table_id, None).await
    })
    .await;
}

/// Config and FeatureFlags are stored as the user wrote them: every digit, every space, through
/// create, read, update, history, restore and the audit log.
async fn json_is_stored_exactly_as_written(db: Db) {
    let cp = fixtures(&db).await;
    let config = "{\n  \"id\": 12345678901234567890123,\n  \"ratio\": 1.50, \"e\": 1E+2,\n  \"s\": \"\\u00e9\"\n}";
    let flags = r#"{"big":-0.000000000000000000000000000001}"#;
    let f = RoutingFields {
        config: Some(JsonText::new(config)),
        feature_flags: Some(JsonText::new(flags)),
        ..entry(cp, "+3225550100")
    };
    let created = create(&db, &f).await.unwrap();
    let got = get(&db, "+3225550100", false).await.unwrap();
    assert_eq!(got.config.as_ref().map(JsonText::as_str), Some(config));
    assert_eq!(
        got.feature_flags.as_ref().map(JsonText::as_str),
        Some(flags)
    );
    // Shown formatted, every value as written.
    let shown = got.config.as_ref().unwrap().pretty();
    assert!(
        shown.contains("12345678901234567890123") && shown.contains("1.50"),
        "{shown}"
    );

    let mut g = f.clone();
    g.config = Some(JsonText::new(r#"{"id": 98765432109876543210987654321}"#));
    let updated = update(&db, created.routing_table_id, &created.row_version, &g)
        .await
        .unwrap();
    let hist = routing::history(&db, created.routing_table_id)
        .await
        .unwrap();
    assert_eq!(
        hist[1]
            .snapshot
            .as_ref()
            .unwrap()
            .config
            .as_ref()
            .map(JsonText::as_str),
        Some(config)
    );
    let restored = restore(&db, created.routing_table_id, 1).await.unwrap();
    assert_eq!(restored.config.as_ref().map(JsonText::as_str), Some(config));
    let audit = ivr_store::audit::list(
        &db,
        &ivr_store::audit::AuditFilter {
            entity_type: Some("routing".into()),
            entity_id: Some(created.routing_table_id.to_string()),
            ..Default::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    let updated_audit = audit.items.iter().find(|a| a.action == "updated").unwrap();
    let data = |j: Option<&JsonText>| payload::<RoutingAudit>(j.unwrap()).unwrap().entry.config;
    assert_eq!(
        data(updated_audit.before.as_ref())
            .as_ref()
            .map(JsonText::as_str),
        Some(config)
    );
    assert_eq!(data(updated_audit.after.as_ref()), updated.config);
}

/// A duplicate key, a NUL (escaped or not) or text that is not JSON is refused with VALIDATION,
/// naming the field; nothing is written.
async fn duplicate_keys_and_nul_in_json_are_refused(db: Db) {
    let cp = fixtures(&db).await;
    for (config, flags, field, says) in [
        (Some(r#"{"a": 1, "a": 2}"#), None, "config", "duplicate key"),
        (
            Some(r#"{"a": {"b": 1, "b": 1}}"#),
            None,
            "config",
            "duplicate key",
        ),
        (None, Some(r#"{"a": "x\u0000y"}"#), "featureFlags", "NUL"),
        (None, Some(r#"{"a\u0000": true}"#), "featureFlags", "NUL"),
        (Some("{\"a\": 1"), None, "config", "not valid JSON"),
        (
            Some("{\"a\": \"x\u{0}\"}"),
            None,
            "config",
            "not valid JSON",
        ),
    ] {
        let f = RoutingFields {
            config: config.map(JsonText::new),
            feature_flags: flags.map(JsonText::new),
            ..entry(cp, "+3225550100")
        };
        let err = refused(&db, ErrorCode::Validation, Some(field), async || {
            create(&db, &f).await
        })
        .await;
        assert!(err.message.contains(says), "{}", err.message);
    }
}

async fn awkward_text_is_stored_and_returned_exactly(db: Db) {
    let cp = fixtures(&db).await;
    let weird = "O'Brien -- [x] \"q\" ; DROP TABLE x; 100% _a_ \\ Zürich 東京 Ωμέγα";
    let f = RoutingFields {
        source_id: "sip:o'brien--[1]@acme.example".into(),
        routing_id: "acme-care-[main]_100%".into(),
        config: Some(json!({ "greeting": weird, "nested": { "k'--": [weird] } }).into()),
        ..entry(cp, "")
    };
    let e = create(&db, &f).await.unwrap();
    let got = get(&db, &f.source_id, false).await.unwrap();
    assert_eq!(got, e);
    assert_eq!(got.fields(), f);

    // Search treats %, _, [ and ' literally.
    let search = |s: &str| {
        let db = db.clone();
        let s = s.to_string();
        async move {
            list(
                &db,
                ListRoutingRequest {
                    search: Some(s),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .total
        }
    };
    create(&db, &entry(cp, "+3225550100")).await.unwrap();
    assert_eq!(search("[main]").await, 1);
    assert_eq!(search("_100%").await, 1);
    assert_eq!(search("o'brien--").await, 1);
    assert_eq!(search("%").await, 1);
    assert_eq!(search("acme").await, 2);

    // Non-ASCII in a VARCHAR identifier is refused up front (SQL Server would store `?`).
    let g = RoutingFields {
        routing_id: "zürich".into(),
        ..entry(cp, "+2")
    };
    refused(&db, ErrorCode::Validation, Some("routingId"), async || {
        create(&db, &g).await
    })
    .await;
}

ivr_testkit::engine_tests!(
    create_get_list_with_fixed_statement_counts,
    duplicate_active_source_id_is_already_exists,
    json_fields_must_be_objects,
    unknown_references_are_validation_naming_the_field,
    one_char_over_the_model_limit_is_refused,
    stale_update_is_conflict_with_the_current_row,
    a_patch_changes_only_the_fields_it_gives,
    every_change_adds_a_history_version_and_restore_adds_a_new_one,
    soft_delete_then_recreate_the_same_source_id,
    json_is_stored_exactly_as_written,
    duplicate_keys_and_nul_in_json_are_refused,
    awkward_text_is_stored_and_returned_exactly,
);
