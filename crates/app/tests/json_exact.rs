//! A user's JSON is kept exactly (issue 13 item 3) beyond routing: segment configuration values
//! (batch edits as the CLI reads them, flow files), message TypeSettings (versions, JSON import) and
//! the audit rows of those changes. Real, freshly migrated databases; every refusal changes nothing.

use ivr_app::flow::{self, Actor, FlowRef};
use ivr_app::messages::{self, AddVersion, CreateKey, CreateStore};
use ivr_app::OpenEnvironment;
use ivr_domain::flow::EditOp;
use ivr_domain::message::exchange::ExchangeFormat;
use ivr_domain::message::LanguageContent;
use ivr_domain::ErrorCode;
use ivr_store::{segment, Db};

/// Beyond f64: written back by a `serde_json::Value` as `1.2345678901234568e22`.
const BIG: &str = "12345678901234567890123";
/// f64 holds 0.1 for this; a `Value` writes it back as `0.1`.
const TENTH: &str = "0.1000000000000000055511151231257827";
/// 1.1 as an f64 (within the tts schema's rate range); a `Value` writes it back as `1.1`.
const RATE: &str = "1.100000000000000088817841970012523";

ivr_store::queries! {
    /// A customer's own JSON key without a schema (the reference keys all constrain their values).
    T_JSON_KEY {
        mssql: "INSERT INTO dbo.cfg_Dic_Key (DicSegmentTypeId, KeyName, DicKeyTypeId, IsRequired, DefaultValue, ValidationSchema) \
                SELECT st.DicSegmentTypeId, 'payload', kt.DicKeyTypeId, 0, NULL, NULL \
                FROM dbo.cfg_Dic_SegmentType AS st, dbo.cfg_Dic_KeyType AS kt WHERE st.Code = 'data_lookup' AND kt.Code = 'json'",
        sqlite: ["INSERT INTO cfg_Dic_Key (DicSegmentTypeId, KeyName, DicKeyTypeId, IsRequired, DefaultValue, ValidationSchema) \
                  SELECT st.DicSegmentTypeId, 'payload', kt.DicKeyTypeId, 0, NULL, NULL \
                  FROM cfg_Dic_SegmentType AS st, cfg_Dic_KeyType AS kt WHERE st.Code = 'data_lookup' AND kt.Code = 'json'"],
    }
    /// The audit rows' stored text (what `sys_AuditLog` holds, not a parsed copy).
    T_AUDIT_TEXT {
        mssql: "SELECT Action, AfterData FROM dbo.sys_AuditLog WHERE EntityType = @P1 ORDER BY AuditId",
        sqlite: ["SELECT Action, AfterData FROM sys_AuditLog WHERE EntityType = ?1 ORDER BY AuditId"],
    }
    T_AUDIT_ROWS {
        mssql: "SELECT COUNT_BIG(*) AS n FROM dbo.sys_AuditLog",
        sqlite: ["SELECT COUNT(*) AS n FROM sys_AuditLog"],
    }
}

fn env(db: &Db) -> OpenEnvironment {
    let home = ivr_app::Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let mut p = ivr_app::Profile::local(&home);
    p.display_name = Some("designer.one".into());
    OpenEnvironment::new(db.clone(), p)
}

/// A draft of a new flow `json-exact`, on a database where a configuration key holds JSON.
async fn json_draft(db: &Db) -> (OpenEnvironment, ivr_domain::flow::ChangeSetRow) {
    db.execute(&T_JSON_KEY, &[]).await.unwrap();
    let w = env(db);
    let d = flow::open_draft(&w.writable().unwrap(), "json-exact", None)
        .await
        .unwrap();
    (w, d)
}

/// Applies `ops` to the draft; they must be accepted.
async fn edit(w: &OpenEnvironment, change_set_id: uuid::Uuid, ops: &[EditOp]) -> flow::FlowView {
    flow::edit(&w.writable().unwrap(), change_set_id, ops)
        .await
        .unwrap()
}

/// The audit list of draft edits, as `ivr audit list --json` and the app read it.
async fn draft_edits(db: &Db) -> ivr_domain::Page<ivr_domain::audit::AuditEntry> {
    ivr_app::audit::list(
        db,
        &ivr_app::audit::ListAuditRequest {
            action: Some("draft_edited".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// A store of acme/care allowing `languages`, default nl-BE.
async fn acme_care_store(w: &OpenEnvironment, languages: Vec<String>) -> i64 {
    messages::create_store(
        &w.writable().unwrap(),
        CreateStore {
            customer: "acme".into(),
            project: "care".into(),
            environment: None,
            name: "Acme care".into(),
            allowed_languages: languages,
            default_language: "nl-BE".into(),
        },
    )
    .await
    .unwrap()
    .id
}

/// Creates the TTS key HELLO (category welcome) with `contents`; it must be accepted.
async fn create_hello(w: &OpenEnvironment, store: i64, contents: Vec<LanguageContent>) {
    messages::create_key(
        &w.writable().unwrap(),
        CreateKey {
            store_id: store,
            key: "HELLO".into(),
            message_type: "tts".into(),
            category: "welcome".into(),
            display_name: None,
            contents,
            version_name: None,
        },
    )
    .await
    .unwrap();
}

/// Edit operations read from text, as `ivr flow edit` reads them.
fn ops(text: &str) -> Vec<EditOp> {
    serde_json::from_str(text).unwrap()
}

async fn audit_text(db: &Db, entity: &str) -> Vec<(String, String)> {
    db.query(&T_AUDIT_TEXT, &[entity.into()])
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.str("Action").unwrap(),
                r.opt_str("AfterData").unwrap().unwrap_or_default(),
            )
        })
        .collect()
}

async fn audit_rows(db: &Db) -> i64 {
    db.query(&T_AUDIT_ROWS, &[]).await.unwrap()[0]
        .i64("n")
        .unwrap()
}

async fn snapshot(db: &Db, routing: &str) -> ([i64; 6], i64) {
    (
        segment::counts(db, routing).await.unwrap(),
        audit_rows(db).await,
    )
}

async fn segment_json_keeps_digits_through_save_load_export_import_and_audit(db: Db) {
    let db = &db;
    let (w, d) = json_draft(db).await;
    let payload = format!(r#"{{"id": {BIG}, "w": [{TENTH}, 1.50, -0.0, 1E+2], "s": "a\"b"}}"#);
    let exact = format!(r#"{{"id":{BIG},"w":[{TENTH},1.50,-0.0,1E+2],"s":"a\"b"}}"#);
    edit(&w, d.change_set_id, &ops(&format!(
            r#"[{{"op": "add_segment", "name": "lookup", "segmentType": "data_lookup",
                  "config": {{"payload": {payload}}}}},
                {{"op": "add_segment", "name": "other", "segmentType": "data_lookup", "config": {{}}}},
                {{"op": "set_config", "segment": "other", "key": "payload", "value": [{BIG}]}}]"#
        ))).await;
    // Load: the stored text, every token as written.
    let draft = FlowRef::Draft {
        change_set_id: d.change_set_id,
    };
    let back = flow::show_draft(db, d.change_set_id)
        .await
        .unwrap()
        .graph
        .flow;
    assert_eq!(back.segment("lookup").unwrap().config["payload"], exact);
    assert_eq!(
        back.segment("other").unwrap().config["payload"],
        format!("[{BIG}]")
    );
    // Export: the same digits; import of that file: the same stored text.
    let file = flow::export(db, &draft).await.unwrap();
    assert!(file.contains(&format!("\"id\": {BIG}")), "{file}");
    assert!(file.contains(TENTH) && file.contains("1.50"), "{file}");
    let imported = flow::import(&w.writable().unwrap(), &file, Some("json-copy"), None)
        .await
        .unwrap();
    assert_eq!(imported.graph.flow.segments, back.segments);
    let again = FlowRef::Draft {
        change_set_id: imported.graph.draft.unwrap().change_set_id,
    };
    assert_eq!(
        flow::export(db, &again)
            .await
            .unwrap()
            .split_once("\"segments\"")
            .map(|x| x.1.to_string()),
        file.split_once("\"segments\"").map(|x| x.1.to_string())
    );
    // The audit row of the edit holds the values as written.
    let rows = audit_text(db, ivr_app::flow::AUDIT_ENTITY).await;
    let (_, edited) = rows
        .iter()
        .find(|(a, _)| a == "draft_edited")
        .expect("an audit row for the edit");
    assert!(edited.contains(BIG) && edited.contains(TENTH), "{edited}");
    assert!(!edited.contains("e22"), "{edited}");
    // Read back through the audit list (what `ivr audit list --json` and the app show): as written.
    let page = draft_edits(db).await;
    let listed = serde_json::to_string(&page.items[0]).unwrap();
    assert!(listed.contains(BIG) && listed.contains(TENTH), "{listed}");
    // Read back typed: the operations as sent, their numbers as written.
    let record = ivr_app::flow::FlowRecord::read(&page.items[0]).unwrap();
    let ivr_app::flow::FlowRecord::DraftEdited { after } = &record else {
        panic!("{record:?}")
    };
    let sent = serde_json::to_string(&after.operations).unwrap();
    assert!(sent.contains(BIG) && sent.contains(TENTH), "{sent}");
}

async fn segment_json_with_a_duplicate_key_or_nul_is_refused_and_changes_nothing(db: Db) {
    let db = &db;
    let (w, d) = json_draft(db).await;
    edit(&w, d.change_set_id, &ops(r#"[{"op": "add_segment", "name": "lookup", "segmentType": "data_lookup", "config": {"payload": {"a": 1}}}]"#)).await;
    let before = snapshot(db, "json-exact").await;
    let stored = flow::show_draft(db, d.change_set_id)
        .await
        .unwrap()
        .graph
        .flow;
    for (value, says) in [
        (r#"{"a": 1, "b": {"c": 1, "c": 2}}"#, "duplicate key \"c\""),
        (r#"["x\u0000"]"#, "NUL"),
    ] {
        let e = flow::edit(
            &w.writable().unwrap(),
            d.change_set_id,
            &ops(&format!(
                r#"[{{"op": "set_config", "segment": "lookup", "key": "payload", "value": {value}}}]"#
            )),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
        assert!(
            e.message.contains("key payload of segment lookup") && e.message.contains(says),
            "{}",
            e.message
        );
        assert_eq!(snapshot(db, "json-exact").await, before, "{e:?}");
    }
    // A flow file with a key twice: refused at its line, nothing written.
    let file = flow::export(
        db,
        &FlowRef::Draft {
            change_set_id: d.change_set_id,
        },
    )
    .await
    .unwrap()
    .replace("\"a\": 1", "\"a\": 1, \"a\": 2");
    let line = file.lines().position(|l| l.contains("\"a\": 2")).unwrap() + 1;
    let e = flow::import(&w.writable().unwrap(), &file, Some("json-copy"), None)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message.contains(&format!("line {line}, column"))
            && e.message.contains("key payload of segment lookup")
            && e.message.contains("duplicate key \"a\""),
        "{}",
        e.message
    );
    assert_eq!(snapshot(db, "json-copy").await.0, [0; 6]);
    assert_eq!(snapshot(db, "json-exact").await, before);
    assert_eq!(
        flow::show_draft(db, d.change_set_id)
            .await
            .unwrap()
            .graph
            .flow,
        stored
    );
}

fn nl_settings(contents: &[LanguageContent]) -> Option<&str> {
    contents
        .iter()
        .find(|c| c.language == "nl-BE")
        .and_then(|c| c.type_settings.as_deref())
}

fn content(lang: &str, text: &str, settings: Option<String>) -> LanguageContent {
    LanguageContent {
        language: lang.into(),
        content: text.into(),
        type_settings: settings,
    }
}

async fn message_settings_keep_digits_and_refuse_duplicate_keys(db: Db) {
    let db = &db;
    ivr_app::demo::seed_dictionaries(db, &Actor::new("tester", "test"))
        .await
        .unwrap();
    let w = env(db);
    let langs = vec!["nl-BE".to_string(), "fr-BE".to_string()];
    let store = acme_care_store(&w, langs.clone()).await;
    let settings = format!(r#"{{"rate": {RATE}}}"#);
    create_hello(
        &w,
        store,
        vec![
            content("nl-BE", "Hallo", Some(settings.clone())),
            content("fr-BE", "Bonjour", None),
        ],
    )
    .await;
    let k = messages::key(db, store, "HELLO", false).await.unwrap();
    assert_eq!(
        nl_settings(&k.versions[0].contents),
        Some(settings.as_str())
    );
    let audit = audit_text(db, ivr_app::audit::MESSAGE_KEY_ENTITY).await;
    assert!(audit.iter().any(|(_, a)| a.contains(RATE)), "{audit:?}");
    // A key twice, a NUL: refused on the language's field, nothing written.
    let before = (
        ivr_store::message::counts(db).await.unwrap(),
        audit_rows(db).await,
    );
    for (bad, says) in [
        (r#"{"rate": 1, "rate": 2}"#, "duplicate key \"rate\""),
        (r#"{"voice": "x\u0000"}"#, "NUL"),
    ] {
        let e = messages::add_version(
            &w.writable().unwrap(),
            AddVersion {
                store_id: store,
                key: "HELLO".into(),
                contents: vec![
                    content("nl-BE", "Hallo", Some(bad.into())),
                    content("fr-BE", "Bonjour", None),
                ],
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        let fields = e.detail_json()["fields"].to_string();
        assert!(
            fields.contains("typeSettings.nl-BE") && fields.contains(&says.replace('"', "\\\"")),
            "{fields}"
        );
        assert_eq!(
            (
                ivr_store::message::counts(db).await.unwrap(),
                audit_rows(db).await
            ),
            before
        );
    }
    // Export → import into another store: the digits survive the JSON file.
    let file = messages::export_json(db, store).await.unwrap();
    assert!(file.contains(RATE), "{file}");
    let other = messages::create_store(
        &w.writable().unwrap(),
        CreateStore {
            customer: "acme".into(),
            project: "care".into(),
            environment: None,
            name: "Other".into(),
            allowed_languages: langs,
            default_language: "nl-BE".into(),
        },
    )
    .await
    .unwrap()
    .id;
    messages::import(
        &w.writable().unwrap(),
        other,
        ExchangeFormat::Json,
        file.as_bytes(),
    )
    .await
    .unwrap();
    let k = messages::key(db, other, "HELLO", false).await.unwrap();
    assert_eq!(
        nl_settings(&k.versions[0].contents),
        Some(format!(r#"{{"rate":{RATE}}}"#).as_str())
    );
    // The same file with a key twice: refused with its line, nothing written.
    let before = (
        ivr_store::message::counts(db).await.unwrap(),
        audit_rows(db).await,
    );
    let dup = file.replacen(
        &format!("\"rate\": {RATE}"),
        &format!("\"rate\": {RATE}, \"rate\": 2"),
        1,
    );
    assert_ne!(dup, file);
    let line = dup.lines().position(|l| l.contains("\"rate\": 2")).unwrap() + 1;
    let e = messages::import(
        &w.writable().unwrap(),
        other,
        ExchangeFormat::Json,
        dup.as_bytes(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message.contains(&format!("line {line}")) && e.message.contains("duplicate key \"rate\""),
        "{}",
        e.message
    );
    assert_eq!(
        (
            ivr_store::message::counts(db).await.unwrap(),
            audit_rows(db).await
        ),
        before
    );
}

/// What the desktop UI gets from an answer: the webview parses the JSON with `JSON.parse`, every
/// number into a double (as a `serde_json::Value` without `arbitrary_precision` does), and this is
/// that value written back.
fn as_the_webview_reads(answer: &str) -> String {
    serde_json::from_str::<serde_json::Value>(answer)
        .unwrap()
        .to_string()
}

async fn audit_answers_carry_json_as_text_so_no_reader_rounds_it(db: Db) {
    let db = &db;
    ivr_app::demo::seed_dictionaries(db, &Actor::new("tester", "test"))
        .await
        .unwrap();
    let (w, d) = json_draft(db).await;
    edit(&w, d.change_set_id, &ops(&format!(
            r#"[{{"op": "add_segment", "name": "lookup", "segmentType": "data_lookup", "config": {{}}}},
                {{"op": "set_config", "segment": "lookup", "key": "payload", "value": {{"id": {BIG}, "w": 1.50}}}}]"#
        ))).await;
    let page = draft_edits(db).await;
    // The answer as the command returns it, read as the webview reads it: the before/after are
    // strings holding the stored text, so the digits survive.
    let answer = serde_json::to_string(&page).unwrap();
    let seen: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let after = seen["items"][0]["after"]
        .as_str()
        .unwrap_or_else(|| panic!("after is JSON text (a string): {answer}"));
    assert!(after.contains(BIG) && after.contains("1.50"), "{after}");
    let read = as_the_webview_reads(&answer);
    assert!(read.contains(BIG) && !read.contains("e22"), "{read}");

    // A message key's audit rows (TypeSettings, pointers): the same rule.
    let store = acme_care_store(&w, vec!["nl-BE".into()]).await;
    create_hello(
        &w,
        store,
        vec![content(
            "nl-BE",
            "Hallo",
            Some(format!(r#"{{"rate": {RATE}}}"#)),
        )],
    )
    .await;
    let rows = messages::audit(db, store, Some("HELLO"), 0, 50)
        .await
        .unwrap();
    let answer = serde_json::to_string(&rows).unwrap();
    let seen: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert!(
        seen["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["data"].is_string() || r["data"].is_null()),
        "{answer}"
    );
    assert!(as_the_webview_reads(&answer).contains(RATE), "{answer}");
}

/// The designer's inspector sends a JSON key as text (`set_config_text`): its batch reaches the app
/// as Tauri's IPC hands it over, an already parsed `serde_json::Value`, and the text inside keeps
/// every digit; the key's JSON Schema and the JSON rules still apply, and a refusal changes nothing.
async fn a_config_value_sent_as_text_keeps_digits_and_follows_the_rules(db: Db) {
    let db = &db;
    let (w, d) = json_draft(db).await;
    let typed = format!("{{\n  \"id\": {BIG},\n  \"w\": 1.50\n}}");
    let as_ipc = |ops: serde_json::Value| -> Vec<EditOp> { serde_json::from_value(ops).unwrap() };
    edit(&w, d.change_set_id, &as_ipc(serde_json::json!([
            {"op": "add_segment", "name": "lookup", "segmentType": "data_lookup", "config": {"endpoint": "https://example.com"}},
            {"op": "set_config_text", "segment": "lookup", "key": "payload", "text": typed},
        ]))).await;
    let back = flow::show_draft(db, d.change_set_id)
        .await
        .unwrap()
        .graph
        .flow;
    assert_eq!(
        back.segment("lookup").unwrap().config["payload"],
        format!(r#"{{"id":{BIG},"w":1.50}}"#)
    );
    // The same number as a parsed value (what `set_config` gets over the IPC) is already rounded:
    // why the UI sends text.
    let rounded = as_ipc(serde_json::json!([
        {"op": "set_config", "segment": "lookup", "key": "payload", "value": serde_json::from_str::<serde_json::Value>(&format!("[{BIG}]")).unwrap()},
    ]));
    let EditOp::SetConfig { value, .. } = &rounded[0] else {
        panic!("{rounded:?}")
    };
    assert!(!value.get().contains(BIG), "{}", value.get());

    // Refused, nothing changed: not JSON, a key twice, a value the key's schema refuses.
    let before = snapshot(db, "json-exact").await;
    for (key, text, says) in [
        ("payload", format!("{{\"id\": {BIG},"), "is not valid JSON"),
        (
            "payload",
            r#"{"a": 1, "a": 2}"#.to_string(),
            "duplicate key \"a\"",
        ),
        (
            "inputMapping",
            format!(r#"{{"id": {BIG}}}"#),
            "key inputMapping of segment lookup",
        ),
    ] {
        let e = flow::edit(
            &w.writable().unwrap(),
            d.change_set_id,
            &as_ipc(serde_json::json!([
                {"op": "set_config_text", "segment": "lookup", "key": key, "text": text},
            ])),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
        assert!(e.message.contains(says), "{}", e.message);
        assert_eq!(snapshot(db, "json-exact").await, before, "{e:?}");
    }
}

/// A segment's canvas style is JSON text like every other: kept as written through an edit, the
/// draft, a flow file and back, and sent to the UI as a string; a duplicate key is refused.
async fn a_canvas_style_keeps_digits_everywhere(db: Db) {
    let db = &db;
    let w = env(db);
    let d = flow::open_draft(&w.writable().unwrap(), "style-exact", None)
        .await
        .unwrap();
    let style = format!(r#"{{"w": {BIG}, "o": 1.50}}"#);
    edit(
        &w,
        d.change_set_id,
        &ops(&format!(
            r#"[{{"op": "add_segment", "name": "bye", "segmentType": "disconnect",
                  "ui": {{"x": 1, "y": 2, "style": {style}}}}}]"#
        )),
    )
    .await;
    let view = flow::show_draft(db, d.change_set_id).await.unwrap();
    let ui = view.graph.flow.segment("bye").unwrap().ui.clone().unwrap();
    // Stored like a JSON configuration value: compact, every token as written.
    assert_eq!(
        ui.style.as_ref().map(|s| s.as_str()),
        Some(format!(r#"{{"w":{BIG},"o":1.50}}"#).as_str())
    );
    // To the UI: a string holding the text, so `JSON.parse` keeps it.
    let answer = serde_json::to_string(&view).unwrap();
    assert!(as_the_webview_reads(&answer).contains(BIG), "{answer}");
    // Back from the UI (undo of a delete sends the segment it was given): the same text.
    let seg: ivr_domain::flow::Segment = serde_json::from_value(
        serde_json::from_str::<serde_json::Value>(&answer).unwrap()["flow"]["segments"][0].clone(),
    )
    .unwrap();
    assert_eq!(seg.ui.unwrap().style, ui.style);
    // Its graph reads back the same (the view's JSON is the graph's fields and `validation`).
    let back: flow::FlowGraph = serde_json::from_str(&answer).unwrap();
    assert_eq!(back, view.graph);
    // A flow file writes it as JSON, digits kept; importing it keeps the text.
    let file = flow::export(
        db,
        &FlowRef::Draft {
            change_set_id: d.change_set_id,
        },
    )
    .await
    .unwrap();
    assert!(
        file.contains(&format!("\"w\": {BIG}")) && file.contains("1.50"),
        "{file}"
    );
    let imported = flow::import(&w.writable().unwrap(), &file, Some("style-copy"), None)
        .await
        .unwrap();
    assert_eq!(
        imported
            .graph
            .flow
            .segment("bye")
            .unwrap()
            .ui
            .as_ref()
            .unwrap()
            .style,
        ui.style
    );
    // A key twice in a style: refused, nothing changed.
    let before = snapshot(db, "style-exact").await;
    let e = flow::edit(
        &w.writable().unwrap(),
        d.change_set_id,
        &ops(
            r#"[{"op": "add_segment", "name": "bye2", "segmentType": "disconnect",
                  "ui": {"x": 1, "y": 2, "style": {"c": 1, "c": 2}}}]"#,
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    assert!(
        e.message.contains("canvas style") && e.message.contains("duplicate key"),
        "{}",
        e.message
    );
    assert_eq!(snapshot(db, "style-exact").await, before);
}

ivr_testkit::engine_tests!(
    a_config_value_sent_as_text_keeps_digits_and_follows_the_rules,
    a_canvas_style_keeps_digits_everywhere,
    audit_answers_carry_json_as_text_so_no_reader_rounds_it,
    segment_json_keeps_digits_through_save_load_export_import_and_audit,
    segment_json_with_a_duplicate_key_or_nul_is_refused_and_changes_nothing,
    message_settings_keep_digits_and_refuse_duplicate_keys,
);
