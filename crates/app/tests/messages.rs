//! Contract tests of the message store use cases on a real, freshly migrated database: SQLite
//! always; SQL Server when `IVR_TEST_MSSQL_URL` is set (reported as ignored otherwise).

use ivr_app::messages::audit::{KeyAuditChange, KeyAuditItem, KeyAuditRecord, KeyState};
use ivr_app::messages::{self, *};
use ivr_app::OpenEnvironment;
use ivr_domain::connection::Engine;
use ivr_domain::message::exchange::{
    ExchangeFormat, ImportPlan, PlanAction, TextChange, CHANGE_TEXT_CHARS,
};
use ivr_domain::message::{KeyFilter, KeyWithVersions, LanguageContent, StoreRow};
use ivr_domain::ErrorCode;
use ivr_store::audit::Actor;
use ivr_store::message::{counts, StoreRef};
use ivr_store::Db;

struct TestDb {
    db: Db,
}

/// The company project acme/care (through the audited dictionary functions).
async fn fresh(db: Db) -> TestDb {
    ivr_app::demo::seed_dictionaries(&db, &Actor::new("tester", "test"))
        .await
        .expect("company project");
    TestDb { db }
}

/// A writable environment named `local` on `db`, acting as `who`.
fn env_as(db: Db, who: &str) -> OpenEnvironment {
    let home = ivr_app::Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let mut p = ivr_app::Profile::local(&home);
    p.display_name = Some(who.into());
    OpenEnvironment::new(db, p)
}

fn langs() -> Vec<String> {
    vec!["nl-BE".into(), "fr-BE".into(), "en-US".into()]
}

fn c(lang: &str, text: &str) -> LanguageContent {
    LanguageContent {
        language: lang.into(),
        content: text.into(),
        type_settings: None,
    }
}

fn all(nl: &str, fr: &str, en: &str) -> Vec<LanguageContent> {
    vec![c("nl-BE", nl), c("fr-BE", fr), c("en-US", en)]
}

/// Creating the store `name` of company project `customer`/`project` (no environment given).
fn store_req(
    customer: &str,
    project: &str,
    name: &str,
    allowed_languages: Vec<String>,
    default_language: &str,
) -> CreateStore {
    CreateStore {
        customer: customer.into(),
        project: project.into(),
        environment: None,
        name: name.into(),
        allowed_languages,
        default_language: default_language.into(),
    }
}

async fn setup(db: Db) -> (TestDb, OpenEnvironment, i64) {
    let t = fresh(db).await;
    let m = env_as(t.db.clone(), "tester");
    let store = messages::create_store(
        &m.writable().unwrap(),
        store_req("acme", "care", "Acme care", langs(), "nl-BE"),
    )
    .await
    .expect("create store");
    (t, m, store.id)
}

async fn key(m: &OpenEnvironment, store: i64, k: &str, contents: Vec<LanguageContent>) {
    messages::create_key(
        &m.writable().unwrap(),
        CreateKey {
            store_id: store,
            key: k.into(),
            message_type: "tts".into(),
            category: "welcome".into(),
            display_name: Some(format!("{k} name")),
            contents,
            version_name: None,
        },
    )
    .await
    .expect("create key");
}

/// Key `k` of the store, whatever its row version.
fn key_ref(store: i64, k: &str) -> KeyRef {
    KeyRef {
        store_id: store,
        key: k.into(),
        expected_row_version: None,
    }
}

/// Deletes key `k` (whatever its row version).
async fn delete_key(m: &OpenEnvironment, store: i64, k: &str) {
    messages::delete_key(&m.writable().unwrap(), key_ref(store, k))
        .await
        .expect("delete key");
}

/// Renames key `k` (its display name; nothing else changes).
async fn rename_key(
    m: &OpenEnvironment,
    store: i64,
    k: &str,
    display_name: &str,
) -> KeyWithVersions {
    messages::update_key(
        &m.writable().unwrap(),
        UpdateKey {
            store_id: store,
            key: k.into(),
            display_name: Some(display_name.into()),
            ..Default::default()
        },
    )
    .await
    .expect("rename key")
}

/// Imports the file `text` in `format` into `store` (the import must run).
async fn import(
    m: &OpenEnvironment,
    store: i64,
    format: ExchangeFormat,
    text: &str,
) -> ImportResult {
    messages::import(&m.writable().unwrap(), store, format, text.as_bytes())
        .await
        .expect("import")
}

/// Sets the store's voice for `lang`.
async fn set_voice(m: &OpenEnvironment, store: i64, lang: &str, voice: &str) -> StoreRow {
    messages::set_voice(&m.writable().unwrap(), store, lang, voice)
        .await
        .expect("set voice")
}

/// Asserts the read `call` fails with NOT_FOUND.
async fn assert_not_found<T: std::fmt::Debug>(
    call: impl std::future::Future<Output = ivr_domain::Result<T>>,
) {
    let e = call.await.expect_err("must be NOT_FOUND");
    assert_eq!(e.code, ErrorCode::NotFound, "{e:?}");
}

/// Publishes version `version` of `k`: the key as it is then.
/// The published pointer of key `k` moved to `version`; `expected`: the row version read (None:
/// not checked).
fn pointer(store: i64, k: &str, version: i32, expected: Option<String>) -> SetPublished {
    SetPublished {
        store_id: store,
        key: k.into(),
        version,
        expected_row_version: expected,
    }
}

async fn publish(m: &OpenEnvironment, store: i64, k: &str, version: i32) -> KeyWithVersions {
    messages::publish(&m.writable().unwrap(), pointer(store, k, version, None))
        .await
        .expect("publish")
}

/// The published text of key `k` in `lang` (it must resolve).
async fn resolve(m: &OpenEnvironment, store: i64, k: &str, lang: &str) -> Resolved {
    messages::resolve(&m.db, &StoreRef::Id(store), k, lang)
        .await
        .expect("resolve")
}

async fn rollback(m: &OpenEnvironment, store: i64, k: &str, version: i32) -> KeyWithVersions {
    messages::rollback(&m.writable().unwrap(), pointer(store, k, version, None))
        .await
        .expect("rollback")
}

/// Sets the store's allowed languages (nothing else).
async fn allow_languages<L: Into<String>>(
    m: &OpenEnvironment,
    store: i64,
    languages: impl IntoIterator<Item = L>,
) -> StoreUpdated {
    messages::update_store(
        &m.writable().unwrap(),
        UpdateStore {
            store_id: store,
            allowed_languages: Some(languages.into_iter().map(Into::into).collect()),
            ..Default::default()
        },
    )
    .await
    .expect("update store languages")
}

/// Adds a version of `k` with `contents` (no copy, no name).
async fn add_version(
    m: &OpenEnvironment,
    store: i64,
    k: &str,
    contents: Vec<LanguageContent>,
) -> ivr_domain::message::VersionRow {
    new_version(m, store, k, None, contents).await
}

/// Adds a version of `k` copied from version `from`, with `contents` replacing its languages.
async fn copy_version(
    m: &OpenEnvironment,
    store: i64,
    k: &str,
    from: i32,
    contents: Vec<LanguageContent>,
) -> ivr_domain::message::VersionRow {
    new_version(m, store, k, Some(from), contents).await
}

async fn new_version(
    m: &OpenEnvironment,
    store: i64,
    k: &str,
    copy_from: Option<i32>,
    contents: Vec<LanguageContent>,
) -> ivr_domain::message::VersionRow {
    messages::add_version(
        &m.writable().unwrap(),
        AddVersion {
            store_id: store,
            key: k.into(),
            copy_from,
            contents,
            version_name: None,
        },
    )
    .await
    .expect("add version")
}

/// A page of the store's keys matching `filter`.
async fn keys(
    m: &OpenEnvironment,
    store: i64,
    filter: KeyFilter,
) -> ivr_domain::Page<ivr_domain::message::KeyListItem> {
    messages::list_keys(&m.db, store, filter)
        .await
        .expect("list keys")
}

/// Exporting the store's latest versions to CSV and planning that file's import finds `keys`
/// keys unchanged.
async fn assert_csv_roundtrip_unchanged(m: &OpenEnvironment, store: i64, keys: usize) {
    let csv = messages::export_csv(&m.db, store, CsvSource::Latest)
        .await
        .unwrap();
    let res = messages::plan_import(&m.db, store, ExchangeFormat::Csv, csv.as_bytes())
        .await
        .unwrap();
    assert_eq!(res.plan.unchanged, keys, "{:?}", res.plan);
}

/// The key `k` (not deleted) with its versions.
async fn show_key(m: &OpenEnvironment, store: i64, k: &str) -> KeyWithVersions {
    messages::key(&m.db, store, k, false).await.expect("key")
}

/// The first 50 audit records of key `k`, newest first.
/// A key's audit row read as the record its writer recorded.
fn record(row: &ivr_domain::message::KeyAuditRow) -> KeyAuditRecord {
    KeyAuditRecord::read(row)
        .unwrap_or_else(|e| panic!("{row:?}: {e}"))
        .expect("the row's data")
}

async fn key_audit(m: &OpenEnvironment, store: i64, k: &str) -> ivr_domain::Page<KeyAuditItem> {
    messages::audit(&m.db, store, Some(k), 0, 50)
        .await
        .expect("key audit")
}

/// Adds one version of `k` per English text (Dutch and French fixed).
async fn add_english_versions(
    m: &OpenEnvironment,
    store: i64,
    k: &str,
    nl: &str,
    fr: &str,
    en: &[&str],
) {
    for text in en {
        add_version(m, store, k, all(nl, fr, text)).await;
    }
}

/// Asserts `f` fails with `code` and changes no row.
macro_rules! refused {
    ($db:expr, $code:expr, $call:expr) => {{
        let before = counts($db).await.expect("counts");
        let err = $call.await.expect_err("must be refused");
        assert_eq!(err.code, $code, "{err:?}");
        assert_eq!(
            counts($db).await.expect("counts"),
            before,
            "nothing may change: {err:?}"
        );
        err
    }};
}

/// Importing `file` into `store` is refused as VALIDATION and changes nothing: the error.
async fn import_refused(
    t: &TestDb,
    m: &OpenEnvironment,
    store: i64,
    format: ExchangeFormat,
    file: &[u8],
) -> ivr_domain::Error {
    refused!(
        &t.db,
        ErrorCode::Validation,
        messages::import(&m.writable().unwrap(), store, format, file)
    )
}

async fn store_languages_and_voices(db: Db) {
    let (t, m, store) = setup(db).await;
    let e = refused!(
        &t.db,
        ErrorCode::Validation,
        messages::create_store(
            &m.writable().unwrap(),
            store_req("acme", "sales", "x", langs(), "de-DE")
        )
    );
    assert!(
        e.message
            .contains("de-DE is not one of the allowed languages"),
        "{}",
        e.message
    );
    refused!(
        &t.db,
        ErrorCode::Validation,
        messages::create_store(
            &m.writable().unwrap(),
            store_req(
                "acme",
                "sales",
                "x",
                vec!["nl-BE".into(), "xx-YY".into()],
                "nl-BE"
            )
        )
    );
    refused!(
        &t.db,
        ErrorCode::NotFound,
        messages::create_store(
            &m.writable().unwrap(),
            store_req("nobody", "care", "x", langs(), "nl-BE")
        )
    );
    let e = refused!(
        &t.db,
        ErrorCode::Validation,
        messages::set_voice(
            &m.writable().unwrap(),
            store,
            "fr-BE",
            "elevenlabs-nl-BE-Daniel"
        )
    );
    assert!(
        e.message.contains("speaks nl-BE, not fr-BE"),
        "{}",
        e.message
    );
    refused!(
        &t.db,
        ErrorCode::Validation,
        messages::set_voice(
            &m.writable().unwrap(),
            store,
            "de-DE",
            "elevenlabs-de-DE-Daniel"
        )
    );
    let s = set_voice(&m, store, "nl-BE", "elevenlabs-nl-BE-Daniel").await;
    let s2 = set_voice(&m, store, "nl-BE", "elevenlabs-nl-BE-Charlotte").await;
    assert_eq!(s.voices.len(), 1);
    assert_eq!(s2.voices[0].voice_code, "elevenlabs-nl-BE-Charlotte");
    assert_eq!(s2.voices.len(), 1, "one default voice per language");
}

async fn key_rules_refuse_bad_input_and_change_nothing(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "WELCOME", all("Welkom", "Bienvenue", "Welcome")).await;
    let mk = |k: &str, ty: &str, contents: Vec<LanguageContent>| CreateKey {
        store_id: store,
        key: k.into(),
        message_type: ty.into(),
        category: "menu".into(),
        display_name: None,
        contents,
        version_name: None,
    };
    // Creating `req` is refused as VALIDATION and changes nothing: the error.
    let invalid = async |req: CreateKey| {
        refused!(
            &t.db,
            ErrorCode::Validation,
            messages::create_key(&m.writable().unwrap(), req)
        )
    };
    let e = invalid(mk("welcome_lower", "tts", vec![])).await;
    assert!(e.message.contains("UPPER_SNAKE_CASE"));
    let e = invalid(mk(&"A".repeat(65), "tts", vec![])).await;
    assert!(e.message.contains("65 characters"));
    let e = refused!(
        &t.db,
        ErrorCode::AlreadyExists,
        messages::create_key(&m.writable().unwrap(), mk("WELCOME", "tts", vec![]))
    );
    assert!(e.message.contains("WELCOME"));
    // At the key field, and the unique index that refused it, by name.
    assert_eq!(e.detail_json()["fields"][0]["field"], "messageKey");
    assert!(e.violates("UX_MessageKey_StoreKey"), "{:?}", e.detail);
    let e = invalid(mk("MISSING", "tts", vec![c("nl-BE", "x")])).await;
    assert!(e.message.contains("fr-BE, en-US"), "{}", e.message);
    invalid(mk(
        "BAD_SSML",
        "tts",
        all("<speak>hallo", "<speak>x</speak>", "<speak>y</speak>"),
    ))
    .await;
    let e = invalid(mk(
        "BAD_URL",
        "audio_url",
        all(
            "http://a.example/x.wav",
            "https://a.example/x.wav",
            "https://a.example/y.wav",
        ),
    ))
    .await;
    assert!(e.message.contains("https"));
    let e = invalid(mk(
        "PLACES",
        "tts",
        all("Dag {name}", "Bonjour {nom}", "Hi {name}"),
    ))
    .await;
    assert!(e.message.contains("placeholders differ"));
    let mut bad_settings = all("a", "b", "c");
    bad_settings[0].type_settings = Some(r#"{"rate": 99}"#.into());
    let e = invalid(mk("SETTINGS", "tts", bad_settings)).await;
    assert!(e.message.contains("typeSettings.nl-BE"), "{}", e.message);
    invalid(mk("NO_TYPE", "video", vec![])).await;
    invalid(mk("LLM", "llm_prompt", all("x", " ", "z"))).await;
}

async fn any_script_is_stored_and_returned_byte_exact(db: Db) {
    let (_t, m, store) = setup(db).await;
    let texts = all(
        "Welkom bij \"Acme\" -- druk op 1; e\u{301}e\u{301}n 👋🏽",
        "مرحبا بكم في أكمي 'quoted' --",
        "欢迎光临 {name}\r\nline two",
    );
    let texts = vec![
        LanguageContent {
            content: format!("{} {{name}}", texts[0].content),
            ..texts[0].clone()
        },
        LanguageContent {
            content: format!("{} {{name}}", texts[1].content),
            ..texts[1].clone()
        },
        texts[2].clone(),
    ];
    key(&m, store, "SCRIPTS", texts.clone()).await;
    let k = show_key(&m, store, "SCRIPTS").await;
    for want in &texts {
        let got = k.versions[0]
            .contents
            .iter()
            .find(|c| c.language == want.language)
            .unwrap();
        assert_eq!(got.content.as_bytes(), want.content.as_bytes());
    }
    publish(&m, store, "SCRIPTS", 1).await;
    let r = resolve(&m, store, "SCRIPTS", "fr-BE").await;
    assert_eq!(r.content, texts[1].content);
    // Through CSV and back: unchanged.
    assert_csv_roundtrip_unchanged(&m, store, 1).await;
}

/// A translator's CSV (BOM, `;`, CRLF, quoted cells with `;`, doubled quotes, line breaks) creates
/// keys whose texts read back byte-exact in every script; exporting and importing it again
/// changes nothing.
async fn csv_import_keeps_any_script_byte_exact(db: Db) {
    let (_t, m, store) = setup(db).await;
    let want = [
        (
            "CSV_SCRIPTS_1",
            [
                "Welkom bij \"Acme\" -- druk 1; e\u{301}e\u{301}n 👋🏽 {name}",
                "مرحبا بكم في أكمي 'quoted' -- {name}",
                "欢迎光临 {name}\r\nline two",
            ],
        ),
        (
            "CSV_SCRIPTS_2",
            [
                "'; DROP TABLE msg_MessageKey; --",
                "Ünïcödé ﬁ ligature \u{200d} ZWJ 👨‍👩‍👧",
                "tab\there, \"\"doubled\"\"",
            ],
        ),
    ];
    let cell = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let mut csv = String::from("\u{feff}key;type;category;nl-BE;fr-BE;en-US\r\n");
    for (key, texts) in &want {
        csv.push_str(&format!(
            "{key};tts;menu;{};{};{}\r\n",
            cell(texts[0]),
            cell(texts[1]),
            cell(texts[2])
        ));
    }
    let res = import(&m, store, ExchangeFormat::Csv, &csv).await;
    assert_eq!(res.plan.errors.len(), 0, "{:?}", res.plan);
    for (key, texts) in &want {
        let k = show_key(&m, store, key).await;
        assert_eq!(k.versions.len(), 1);
        for (lang, text) in ["nl-BE", "fr-BE", "en-US"].iter().zip(texts) {
            let got = k.versions[0]
                .contents
                .iter()
                .find(|c| c.language == *lang)
                .unwrap();
            assert_eq!(got.content.as_bytes(), text.as_bytes(), "{key} {lang}");
        }
    }
    assert_csv_roundtrip_unchanged(&m, store, 2).await;
}

async fn versions_publish_rollback_and_the_ten_slot_limit(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "MENU_MAIN", all("Menu 1", "Menu 1", "Menu 1")).await;
    for i in 2..=10 {
        let v = add_version(
            &m,
            store,
            "MENU_MAIN",
            all(&format!("M{i}"), &format!("M{i}"), &format!("M{i}")),
        )
        .await;
        assert_eq!(v.version, i);
    }
    let e = refused!(
        &t.db,
        ErrorCode::Validation,
        messages::add_version(
            &m.writable().unwrap(),
            AddVersion {
                store_id: store,
                key: "MENU_MAIN".into(),
                copy_from: Some(3),
                ..Default::default()
            }
        )
    );
    assert!(
        e.message.contains("delete a version that is not published"),
        "{}",
        e.message
    );

    let before = t.db.statement_count();
    let k = publish(&m, store, "MENU_MAIN", 3).await;
    let used = t.db.statement_count() - before;
    assert_eq!(k.key.published_version, Some(3));
    // store + key read, BEGIN, one guarded batch, COMMIT, key read again.
    assert_eq!(used, 6, "publish round trips");
    for l in ["nl-BE", "fr-BE", "en-US"] {
        assert_eq!(
            messages::resolve(&m.db, &StoreRef::Id(store), "MENU_MAIN", l)
                .await
                .unwrap()
                .content,
            "M3"
        );
    }
    // A stale row version is CONFLICT and changes nothing.
    let stale = k.key.row_version.clone();
    let k2 = messages::publish(
        &m.writable().unwrap(),
        pointer(store, "MENU_MAIN", 5, Some(stale.clone())),
    )
    .await
    .unwrap();
    let e = refused!(
        &t.db,
        ErrorCode::Conflict,
        messages::rollback(
            &m.writable().unwrap(),
            pointer(store, "MENU_MAIN", 3, Some(stale))
        )
    );
    assert!(e.message.contains("changed by someone else"));
    let k3 = messages::rollback(
        &m.writable().unwrap(),
        pointer(store, "MENU_MAIN", 3, Some(k2.key.row_version.clone())),
    )
    .await
    .unwrap();
    assert_eq!(k3.key.published_version, Some(3));
    refused!(
        &t.db,
        ErrorCode::Validation,
        messages::rollback(&m.writable().unwrap(), pointer(store, "MENU_MAIN", 3, None))
    );
    refused!(
        &t.db,
        ErrorCode::NotFound,
        messages::publish(
            &m.writable().unwrap(),
            pointer(store, "MENU_MAIN", 11, None)
        )
    );

    // The published version cannot be deleted; another can, which frees a slot.
    let kr = key_ref(store, "MENU_MAIN");
    let e = refused!(
        &t.db,
        ErrorCode::Validation,
        messages::delete_version(&m.writable().unwrap(), kr.clone(), 3)
    );
    assert!(e.message.contains("published"));
    let after = messages::delete_version(&m.writable().unwrap(), kr.clone(), 7)
        .await
        .unwrap();
    assert_eq!(after.versions.len(), 9);
    let v = messages::add_version(
        &m.writable().unwrap(),
        AddVersion {
            store_id: store,
            key: "MENU_MAIN".into(),
            copy_from: Some(2),
            contents: vec![c("en-US", "copy")],
            version_name: Some("copy of 2".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(v.version, 7, "the freed slot is reused");
    let en = v.contents.iter().find(|c| c.language == "en-US").unwrap();
    let nl = v.contents.iter().find(|c| c.language == "nl-BE").unwrap();
    assert_eq!((en.content.as_str(), nl.content.as_str()), ("copy", "M2"));
}

async fn runtime_resolution_is_one_statement_with_fallback(db: Db) {
    let (t, m, store) = setup(db).await;
    set_voice(&m, store, "fr-BE", "elevenlabs-fr-BE-Charlotte").await;
    let mut v = all("Hallo", "Bonjour", "Hello");
    v[2].type_settings = Some(r#"{"rate":1.5,"voice":"elevenlabs-en-US-Daniel"}"#.into());
    key(&m, store, "HELLO", v).await;
    publish(&m, store, "HELLO", 1).await;
    let before = t.db.statement_count();
    let r = resolve(&m, store, "HELLO", "fr-BE").await;
    assert_eq!(
        t.db.statement_count() - before,
        1,
        "runtime resolution is one statement"
    );
    assert_eq!(
        (r.content.as_str(), r.fell_back, r.voice.as_deref()),
        ("Bonjour", false, Some("elevenlabs-fr-BE-Charlotte"))
    );
    assert_eq!(
        r.settings.value().unwrap()["pitch"],
        0,
        "type defaults apply"
    );
    let r = resolve(&m, store, "HELLO", "en-US").await;
    assert_eq!(
        (
            r.voice.as_deref(),
            r.settings.value().unwrap()["rate"].as_f64()
        ),
        (Some("elevenlabs-en-US-Daniel"), Some(1.5))
    );
    // Not allowed in the store → default language.
    let before = t.db.statement_count();
    let r = messages::resolve(
        &m.db,
        &StoreRef::Project {
            customer: "acme".into(),
            project: "care".into(),
        },
        "HELLO",
        "de-DE",
    )
    .await
    .unwrap();
    assert_eq!(t.db.statement_count() - before, 1);
    assert_eq!(
        (r.language.as_str(), r.content.as_str(), r.fell_back),
        ("nl-BE", "Hallo", true)
    );
    // Unpublished or unknown keys are NOT_FOUND.
    key(&m, store, "DRAFT_ONLY", all("a", "b", "c")).await;
    for k in ["DRAFT_ONLY", "NOPE"] {
        assert_not_found(messages::resolve(&m.db, &StoreRef::Id(store), k, "nl-BE")).await;
    }
}

async fn language_added_or_removed_keeps_content_and_blocks_incomplete_publish(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "GREET", all("Dag", "Salut", "Hi")).await;
    publish(&m, store, "GREET", 1).await;
    let before = counts(&t.db).await.unwrap();
    // Remove en-US: nothing deleted; runtime falls back for en-US.
    let up = allow_languages(&m, store, ["nl-BE", "fr-BE"]).await;
    assert_eq!(up.change.removed, vec!["en-US".to_string()]);
    let after = counts(&t.db).await.unwrap();
    assert_eq!(after[3], before[3], "content rows kept");
    let r = resolve(&m, store, "GREET", "en-US").await;
    assert_eq!((r.language.as_str(), r.fell_back), ("nl-BE", true));
    // Add de-DE: version 1 is incomplete now; publishing it again is refused, naming de-DE.
    allow_languages(&m, store, ["nl-BE", "fr-BE", "de-DE"]).await;
    copy_version(&m, store, "GREET", 1, vec![c("de-DE", "Hallo")]).await;
    publish(&m, store, "GREET", 2).await;
    let e = refused!(
        &t.db,
        ErrorCode::Validation,
        messages::rollback(&m.writable().unwrap(), pointer(store, "GREET", 1, None))
    );
    assert!(e.message.contains("de-DE"), "{}", e.message);
    // The search finds keys whose latest version lacks a language.
    key(
        &m,
        store,
        "OTHER",
        vec![c("nl-BE", "a"), c("fr-BE", "b"), c("de-DE", "c")],
    )
    .await;
    allow_languages(&m, store, ["nl-BE", "fr-BE", "de-DE", "en-US"]).await;
    let p = keys(
        &m,
        store,
        KeyFilter {
            missing_language: true,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        p.items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
        vec!["GREET", "OTHER"]
    );
    let r = resolve(&m, store, "GREET", "en-US").await;
    assert_eq!(
        (r.language.as_str(), r.content.as_str()),
        ("nl-BE", "Dag"),
        "published v2 has no en-US: fallback"
    );
    // Back to the original languages: version 1 (with its kept en-US text) is complete again.
    allow_languages(&m, store, langs()).await;
    rollback(&m, store, "GREET", 1).await;
    let r = resolve(&m, store, "GREET", "en-US").await;
    assert_eq!(
        (r.language.as_str(), r.content.as_str()),
        ("en-US", "Hi"),
        "re-added language content is visible again"
    );
    refused!(
        &t.db,
        ErrorCode::Validation,
        messages::update_store(
            &m.writable().unwrap(),
            UpdateStore {
                store_id: store,
                default_language: Some("fr-FR".into()),
                ..Default::default()
            }
        )
    );
}

async fn audit_is_kept_after_delete(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "BYE", all("Dag", "Au revoir", "Bye")).await;
    add_version(&m, store, "BYE", all("Daag", "Salut", "Bye!")).await;
    publish(&m, store, "BYE", 2).await;
    rollback(&m, store, "BYE", 1).await;
    rename_key(&m, store, "BYE", "Goodbye").await;
    let sys_before = counts(&t.db).await.unwrap()[5];
    delete_key(&m, store, "BYE").await;
    assert_eq!(
        counts(&t.db).await.unwrap()[5],
        sys_before + 1,
        "sys_AuditLog written with the change"
    );
    assert_not_found(messages::key(&m.db, store, "BYE", false)).await;
    assert!(
        !messages::key(&m.db, store, "BYE", true)
            .await
            .unwrap()
            .key
            .is_active
    );
    assert_not_found(messages::resolve(
        &m.db,
        &StoreRef::Id(store),
        "BYE",
        "nl-BE",
    ))
    .await;
    let a = key_audit(&m, store, "BYE").await;
    let mut actions: Vec<&str> = a.items.iter().map(|r| r.row.action.as_str()).collect();
    actions.sort_unstable();
    assert_eq!(
        actions,
        vec![
            "created",
            "deleted",
            "edited",
            "edited",
            "edited",
            "published",
            "rollback"
        ]
    );
    let deleted = a.items.iter().find(|r| r.row.action == "deleted").unwrap();
    match record(&deleted.row).before() {
        Some(KeyState::Deleted(k)) => assert_eq!(k.key.key, "BYE"),
        other => panic!("{other:?}"),
    }
    assert_eq!(deleted.change, KeyAuditChange::Deleted);
    assert!(!deleted.row.key_is_active);
    // Each row read as the change it records, by its action.
    let mut kinds: Vec<String> = a
        .items
        .iter()
        .map(|r| match &r.change {
            KeyAuditChange::Created { import_line: None } => "created".to_owned(),
            KeyAuditChange::VersionAdded { version } => format!("added v{}", version.version),
            KeyAuditChange::VersionDeleted { version } => format!("deleted v{}", version.version),
            KeyAuditChange::FieldsEdited { .. } => "fields".to_owned(),
            KeyAuditChange::Published { from, to } => format!("published {from:?} -> {to:?}"),
            KeyAuditChange::RolledBack { from, to } => format!("rollback {from:?} -> {to:?}"),
            KeyAuditChange::Deleted => "deleted".to_owned(),
            other => panic!("{other:?}"),
        })
        .collect();
    kinds.sort_unstable();
    assert!(
        kinds.contains(&"created".to_owned()) && kinds.contains(&"deleted".to_owned()),
        "{kinds:?}"
    );
    // A new key may take the name; the store audit lists both, every row typed.
    key(&m, store, "BYE", all("x", "y", "z")).await;
    let all_rows = messages::audit(&m.db, store, None, 0, 50).await.unwrap();
    assert_eq!(all_rows.total, 9);
    for r in &all_rows.items {
        record(&r.row);
        assert!(
            !matches!(r.change, KeyAuditChange::Unreadable { .. }),
            "{r:?}"
        );
    }
}

async fn search_and_pages(db: Db) {
    let (_t, m, store) = setup(db).await;
    for i in 0..12 {
        key(&m, store, &format!("MENU_{i:02}"), all("a", "b", "c")).await;
    }
    key(&m, store, "WELCOME_MAIN", all("a", "b", "c")).await;
    publish(&m, store, "MENU_00", 1).await;
    messages::add_version(
        &m.writable().unwrap(),
        AddVersion {
            store_id: store,
            key: "MENU_00".into(),
            copy_from: Some(1),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    publish(&m, store, "MENU_01", 1).await;
    let p = keys(
        &m,
        store,
        KeyFilter {
            text: Some("menu_".into()),
            limit: 5,
            offset: 5,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(p.total, 12);
    assert_eq!(
        p.items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
        vec!["MENU_05", "MENU_06", "MENU_07", "MENU_08", "MENU_09"]
    );
    let p = keys(
        &m,
        store,
        KeyFilter {
            newer_than_published: true,
            limit: 100,
            ..Default::default()
        },
    )
    .await;
    assert!(p.items.iter().any(|i| i.key == "MENU_00"));
    assert!(!p.items.iter().any(|i| i.key == "MENU_01"));
    assert_eq!(p.total, 12, "11 unpublished keys with a version + MENU_00");
    let p = keys(
        &m,
        store,
        KeyFilter {
            category: Some("menu".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(p.total, 0);
    let p = keys(
        &m,
        store,
        KeyFilter {
            message_type: Some("tts".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(p.total, 13);
    // Page bounds have Page's width (i64); out of range is VALIDATION, 0 is the default size.
    assert_eq!((p.offset, p.limit), (0, 50));
    for (offset, limit) in [(-1, 10), (0, -1), (0, 501)] {
        let filter = KeyFilter {
            offset,
            limit,
            ..Default::default()
        };
        let e = messages::list_keys(&m.db, store, filter).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{offset}/{limit}: {e:?}");
        let e = messages::audit(&m.db, store, None, offset, limit)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{offset}/{limit}: {e:?}");
    }
    let p = messages::audit(&m.db, store, None, 2, 0).await.unwrap();
    assert_eq!((p.offset, p.limit), (2, 50));
    assert_eq!(p.items.len() as i64, (p.total - 2).min(50));
}

/// The names of the keys a text search lists, and the statements it took.
async fn text_search(
    t: &TestDb,
    m: &OpenEnvironment,
    store: i64,
    f: KeyFilter,
) -> (Vec<String>, i64, u64) {
    let before = t.db.statement_count();
    let p = messages::list_keys(&m.db, store, f).await.unwrap();
    let used = t.db.statement_count() - before;
    (p.items.into_iter().map(|k| k.key).collect(), p.total, used)
}

/// `text` (English only) is found — as `found` — while en-US is allowed, not while the store
/// allows only nl-BE and fr-BE (the content is kept, then found again).
async fn found_only_while_english_allowed(
    t: &TestDb,
    m: &OpenEnvironment,
    store: i64,
    text: &str,
    found: &[&str],
) {
    allow_languages(m, store, ["nl-BE", "fr-BE"]).await;
    assert_eq!(
        text_search(t, m, store, contains(text)).await,
        (vec![], 0, 2)
    );
    allow_languages(m, store, langs()).await;
    let found = found.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        text_search(t, m, store, contains(text)).await,
        (found, 1, 2)
    );
}

fn contains(text: &str) -> KeyFilter {
    KeyFilter {
        content: Some(text.into()),
        ..Default::default()
    }
}

async fn search_by_message_text_in_any_language(db: Db) {
    let (t, m, store) = setup(db).await;
    let w = || m.writable().unwrap();
    // GREET: v1 published (French "ÉTÉ"), v2 latest and newer ("Hello").
    key(
        &m,
        store,
        "GREET",
        all("Welkom", "Bienvenue à l'ÉTÉ", "Welcome"),
    )
    .await;
    messages::publish(&w(), pointer(store, "GREET", 1, None))
        .await
        .unwrap();
    messages::add_version(
        &w(),
        AddVersion {
            store_id: store,
            key: "GREET".into(),
            contents: all("Hallo", "Salut", "Hello"),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // MIDDLE: the text only in a version that is neither published nor latest.
    key(&m, store, "MIDDLE", all("een", "un", "one")).await;
    publish(&m, store, "MIDDLE", 1).await;
    add_english_versions(&m, store, "MIDDLE", "twee", "deux", &["between", "three"]).await;
    // Any script; `%` and `_` are plain characters, not wildcards.
    key(&m, store, "WORLD", all("مرحبا بكم", "欢迎 🎉", "50% off")).await;
    key(&m, store, "GONE", all("Welkom weg", "x", "y")).await;
    delete_key(&m, store, "GONE").await;

    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Published text (v1, upper case in the store, searched in lower case) and latest text (v2).
    assert_eq!(
        text_search(&t, &m, store, contains("été")).await,
        (names(&["GREET"]), 1, 2)
    );
    assert_eq!(
        text_search(&t, &m, store, contains("HELLO")).await,
        (names(&["GREET"]), 1, 2)
    );
    // Case-insensitive in any language, both the published and the latest version searched.
    assert_eq!(
        text_search(&t, &m, store, contains("welkom")).await,
        (names(&["GREET"]), 1, 2)
    );
    // Neither published nor latest: not found; the latest (v3) is.
    assert_eq!(
        text_search(&t, &m, store, contains("between")).await,
        (vec![], 0, 2)
    );
    assert_eq!(
        text_search(&t, &m, store, contains("THREE")).await,
        (names(&["MIDDLE"]), 1, 2)
    );
    for needle in ["🎉", "欢迎", "مرحبا", "0% o"] {
        assert_eq!(
            text_search(&t, &m, store, contains(needle)).await,
            (names(&["WORLD"]), 1, 2),
            "{needle}"
        );
    }
    assert_eq!(
        text_search(&t, &m, store, contains("_")).await,
        (vec![], 0, 2),
        "no wildcard"
    );
    assert_eq!(
        text_search(&t, &m, store, contains("%")).await,
        (names(&["WORLD"]), 1, 2)
    );
    // Deleted keys only with include_deleted; combined with the other filters and pages.
    let deleted = KeyFilter {
        include_deleted: true,
        ..contains("welkom")
    };
    assert_eq!(
        text_search(&t, &m, store, deleted).await,
        (names(&["GONE", "GREET"]), 2, 2)
    );
    let newer = KeyFilter {
        newer_than_published: true,
        ..contains("e")
    };
    assert_eq!(
        text_search(&t, &m, store, newer).await,
        (names(&["GREET", "MIDDLE"]), 2, 2)
    );
    let paged = KeyFilter {
        offset: 1,
        limit: 1,
        ..contains("e")
    };
    assert_eq!(
        text_search(&t, &m, store, paged).await,
        (names(&["MIDDLE"]), 2, 2)
    );
    let by_key = KeyFilter {
        text: Some("wor".into()),
        ..contains("e")
    };
    assert_eq!(text_search(&t, &m, store, by_key).await, (vec![], 0, 2));
    // A removed language's content is kept but no longer searched; adding it back finds it again.
    found_only_while_english_allowed(&t, &m, store, "0% o", &["WORLD"]).await;
    // Too long a search is refused.
    let e = messages::list_keys(&m.db, store, contains(&"x".repeat(201)))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
}

/// On SQLite, each text index (`msg_MessageContentSearch`: the text; `msg_MessageContentEnds`: its
/// last two characters) holds exactly one row per content row; FTS5's own integrity check passes.
/// Nothing to check on SQL Server (no index there).
fn assert_text_index_in_step(db: &Db) {
    let Some(path) = db.sqlite_path() else {
        return;
    };
    let conn = rusqlite::Connection::open(path).expect("open the test database");
    for index in ["msg_MessageContentSearch", "msg_MessageContentEnds"] {
        let (contents, indexed, missing): (i64, i64, i64) = conn
            .query_row(
                &format!(
                    "SELECT (SELECT COUNT(*) FROM msg_MessageLanguageContent), \
                            (SELECT COUNT(*) FROM {index}), \
                            (SELECT COUNT(*) FROM msg_MessageLanguageContent c \
                             WHERE c.MessageLanguageContentId NOT IN (SELECT rowid FROM {index}))"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("count the text index");
        assert_eq!((indexed, missing), (contents, 0), "{index} out of step");
        conn.execute(
            &format!("INSERT INTO {index} ({index}) VALUES ('integrity-check')"),
            [],
        )
        .expect("FTS5 integrity check");
    }
}

/// Every write that adds or removes message text keeps the search right (on SQLite through the
/// trigram index, kept in the same statement by triggers): a new version, deleting a version,
/// publish and rollback (which version is searched), deleting and restoring a key, an import, and a
/// store's languages. Texts of 3+ characters go through the index; texts held by 2,000+ content
/// rows (and twice as many as the store has keys) are read from every key; all answer the same, in
/// 2 statements.
async fn text_search_follows_every_write_through_its_index(db: Db) {
    let (t, m, store) = setup(db).await;
    let w = || m.writable().unwrap();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    key(&m, store, "ZOO", all("de zebra", "le zèbre", "the zebra")).await;
    assert_eq!(
        text_search(&t, &m, store, contains("zèbre")).await,
        (names(&["ZOO"]), 1, 2)
    );
    // A new version (latest) and the published one are both searched; publish v1 first.
    publish(&m, store, "ZOO", 1).await;
    add_english_versions(&m, store, "ZOO", "dier", "animal", &["giraffe", "okapi"]).await;
    assert_text_index_in_step(&t.db);
    // v1 published, v3 latest: v2 ("giraffe") is neither.
    assert_eq!(
        text_search(&t, &m, store, contains("giraffe")).await,
        (vec![], 0, 2)
    );
    assert_eq!(
        text_search(&t, &m, store, contains("OKAPI")).await,
        (names(&["ZOO"]), 1, 2)
    );
    // Publish v2: its text is found, v1's no longer; roll back to v1: the other way round.
    messages::publish(&w(), pointer(store, "ZOO", 2, None))
        .await
        .unwrap();
    assert_eq!(
        text_search(&t, &m, store, contains("giraffe")).await,
        (names(&["ZOO"]), 1, 2)
    );
    assert_eq!(
        text_search(&t, &m, store, contains("zebra")).await,
        (vec![], 0, 2)
    );
    messages::rollback(&w(), pointer(store, "ZOO", 1, None))
        .await
        .unwrap();
    assert_eq!(
        text_search(&t, &m, store, contains("zebra")).await,
        (names(&["ZOO"]), 1, 2)
    );
    // Deleting the latest version (v3): its text goes; v2 becomes the latest.
    let zoo = || key_ref(store, "ZOO");
    messages::delete_version(&w(), zoo(), 3).await.unwrap();
    assert_text_index_in_step(&t.db);
    assert_eq!(
        text_search(&t, &m, store, contains("okapi")).await,
        (vec![], 0, 2)
    );
    assert_eq!(
        text_search(&t, &m, store, contains("giraffe")).await,
        (names(&["ZOO"]), 1, 2)
    );
    // Delete and restore the key.
    messages::delete_key(&w(), zoo()).await.unwrap();
    assert_eq!(
        text_search(&t, &m, store, contains("zebra")).await,
        (vec![], 0, 2)
    );
    let deleted = KeyFilter {
        include_deleted: true,
        ..contains("zebra")
    };
    assert_eq!(
        text_search(&t, &m, store, deleted).await,
        (names(&["ZOO"]), 1, 2)
    );
    messages::restore_key(&w(), zoo()).await.unwrap();
    assert_eq!(
        text_search(&t, &m, store, contains("zebra")).await,
        (names(&["ZOO"]), 1, 2)
    );
    // A store's languages: the English text is searched only while en-US is allowed.
    found_only_while_english_allowed(&t, &m, store, "the zebra", &["ZOO"]).await;
    // An import of 700 keys × 3 languages: 2,100 content rows hold "herd" (at least 2,000, and
    // more than twice the store's 701 keys), so that text is read from every key (the common-text
    // path); a rare one and a quoted one go through the index.
    let mut csv = String::from("key,type,category,nl-BE,fr-BE,en-US\n");
    for i in 0..700 {
        csv.push_str(&format!(
            "HERD_{i:03},tts,menu,kudde {i} herd,troupeau {i} herd,\"herd {i}, say \"\"ok\"\"\"\n"
        ));
    }
    messages::import(&w(), store, ExchangeFormat::Csv, csv.as_bytes())
        .await
        .unwrap();
    assert_text_index_in_step(&t.db);
    let common = KeyFilter {
        limit: 2,
        ..contains("HERD")
    };
    assert_eq!(
        text_search(&t, &m, store, common).await,
        (names(&["HERD_000", "HERD_001"]), 700, 2)
    );
    // The same for a 2-character text: 2,000+ trigrams start with "rd" (and "rd" ends the Dutch
    // and French texts: found through their last two characters).
    let common_short = KeyFilter {
        limit: 2,
        ..contains("RD")
    };
    assert_eq!(
        text_search(&t, &m, store, common_short).await,
        (names(&["HERD_000", "HERD_001"]), 700, 2)
    );
    assert_eq!(
        text_search(&t, &m, store, contains("kudde 612")).await,
        (names(&["HERD_612"]), 1, 2)
    );
    assert_eq!(
        text_search(&t, &m, store, contains("herd 7, say \"ok\"")).await,
        (names(&["HERD_007"]), 1, 2)
    );
    // FTS5 query syntax in the text is plain text.
    for needle in [
        "herd AND ok",
        "herd*",
        "NEAR(herd ok)",
        "herd OR zebra",
        "\"herd\"",
    ] {
        assert_eq!(
            text_search(&t, &m, store, contains(needle)).await,
            (vec![], 0, 2),
            "{needle}"
        );
    }
    // Short texts (no trigram) are still found.
    let short = KeyFilter {
        limit: 1,
        ..contains("zè")
    };
    assert_eq!(
        text_search(&t, &m, store, short).await,
        (names(&["ZOO"]), 1, 2)
    );
}

/// Texts of 1 and 2 characters (on SQLite found through the index's vocabulary: the trigrams that
/// start with them, the last two characters of every content indexed apart) list exactly the keys
/// the rule lists: every 1- and 2-character piece of every text written, in lower and upper case,
/// and a few texts no key has, against the rule computed here (latest or published version,
/// allowed languages, case-insensitive). Covers contents shorter than 3 characters, a text at the
/// very end of a content, upper case, Arabic, Chinese and emoji, `"`, a text only in an older
/// version, only in a removed language or only in a deleted key. 2 statements each.
async fn short_texts_list_what_the_rule_lists(db: Db) {
    let (t, m, store) = setup(db).await;
    // (key, versions as [nl-BE, fr-BE, en-US], published version, deleted)
    type Written = (&'static str, Vec<[&'static str; 3]>, Option<i32>, bool);
    let written: Vec<Written> = vec![
        ("SHORT", vec![["OK", "x", "é"]], None, false),
        ("ENDS", vec![["abczq", "Fin dÉ", "ends ÅB"]], None, false),
        ("SCRIPT", vec![["مرحبا", "欢迎 🎉", "wq"]], Some(1), false),
        (
            "QUOTE",
            vec![["zeg \"hoi\"", "\"", "say \"hi\""]],
            None,
            false,
        ),
        (
            "OLDER",
            vec![
                ["eerste", "un", "one"],
                ["vj twee", "deux", "two"],
                ["drie", "trois", "three"],
            ],
            Some(1),
            false,
        ),
        ("GONE", vec![["ñu weg", "parti ñu", "gone"]], None, true),
    ];
    for (k, versions, published, deleted) in &written {
        key(
            &m,
            store,
            k,
            all(versions[0][0], versions[0][1], versions[0][2]),
        )
        .await;
        for v in &versions[1..] {
            add_version(&m, store, k, all(v[0], v[1], v[2])).await;
        }
        if let Some(p) = published {
            publish(&m, store, k, *p).await;
        }
        if *deleted {
            delete_key(&m, store, k).await;
        }
    }
    // en-US removed: its content is kept but no longer searched.
    allow_languages(&m, store, ["nl-BE", "fr-BE"]).await;
    let searched = |text: &str| -> Vec<String> {
        let mut keys: Vec<String> = written
            .iter()
            .filter(|(_, versions, published, deleted)| {
                let latest = versions.len();
                !deleted
                    && versions.iter().enumerate().any(|(i, v)| {
                        (i + 1 == latest || Some(i as i32 + 1) == *published)
                            && v[..2].iter().any(|c| c.to_lowercase().contains(text))
                    })
            })
            .map(|(k, ..)| k.to_string())
            .collect();
        keys.sort();
        keys
    };
    let mut needles: Vec<String> = vec!["zz".into(), "q".into(), "\u{1}".into(), "a\u{1}".into()];
    for (_, versions, ..) in &written {
        for text in versions.iter().flatten() {
            let chars: Vec<char> = text.chars().collect();
            for n in 1..=2 {
                for w in chars.windows(n) {
                    let piece: String = w.iter().collect();
                    if piece.trim() != piece {
                        continue; // the filter is trimmed: another text
                    }
                    needles.push(piece.to_lowercase());
                    needles.push(piece.to_uppercase());
                }
            }
        }
    }
    needles.sort();
    needles.dedup();
    let mut found_some = 0;
    for needle in &needles {
        let want = searched(&needle.to_lowercase());
        found_some += usize::from(!want.is_empty());
        let total = want.len() as i64;
        assert_eq!(
            text_search(&t, &m, store, contains(needle)).await,
            (want, total, 2),
            "{needle:?}"
        );
    }
    assert!(
        found_some > 40,
        "only {found_some} of {} found",
        needles.len()
    );
    // The cases the rule turns on, spelled out.
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for (needle, keys) in [
        ("ok", names(&["SHORT"])),
        ("x", names(&["SHORT"])),
        ("zq", names(&["ENDS"])),
        ("DÉ", names(&["ENDS"])),
        ("🎉", names(&["SCRIPT"])),
        ("بك", vec![]),
        ("با", names(&["SCRIPT"])),
        ("\"", names(&["QUOTE"])),
        ("i\"", names(&["QUOTE"])),
        ("vj", vec![]),
        ("wq", vec![]),
        ("ñu", vec![]),
    ] {
        let total = keys.len() as i64;
        assert_eq!(
            text_search(&t, &m, store, contains(needle)).await,
            (keys, total, 2),
            "{needle:?}"
        );
    }
}

/// A large import is written 1,000 keys per statement inside its one transaction, reporting its
/// progress after each; cancelled midway (here by its own progress callback, after the first
/// statement), the transaction is rolled back: no key, version, content, audit row or index row is
/// left, and the answer says it was cancelled. Run again without cancelling, it writes everything.
async fn a_cancelled_import_changes_nothing_and_a_full_one_reports_progress(db: Db) {
    use ivr_app::messages::{ImportControl, ImportProgress, IMPORT_KEYS_PER_STATEMENT};
    use std::sync::Mutex;
    assert_eq!(IMPORT_KEYS_PER_STATEMENT, 1_000);
    let (t, m, store) = setup(db).await;
    key(&m, store, "KEEP", all("blijf", "reste", "stay")).await;
    let mut csv = String::from("key,type,category,nl-BE,fr-BE,en-US\n");
    for i in 0..2_500 {
        csv.push_str(&format!(
            "BULK_{i:04},tts,menu,tekst {i},texte {i},text {i}\n"
        ));
    }
    let before = counts(&t.db).await.unwrap();

    let seen = Mutex::new(Vec::new());
    let cancel = tokio_util::sync::CancellationToken::new();
    let stop = cancel.clone();
    let progress = |p: ImportProgress| {
        seen.lock().unwrap().push(p);
        if p.done >= 1_000 {
            stop.cancel();
        }
    };
    let ctl = ImportControl {
        cancel,
        progress: &progress,
    };
    let w = m.writable().unwrap();
    let e = messages::import_with(&w, store, ExchangeFormat::Csv, csv.as_bytes(), &ctl)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Connection, "{e:?}");
    assert_eq!(e.detail_view().cancelled, Some(true), "{e:?}");
    assert!(e.message.contains("nothing was imported"), "{}", e.message);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            ImportProgress {
                done: 0,
                total: 2_500
            },
            ImportProgress {
                done: 1_000,
                total: 2_500
            },
        ]
    );
    assert_eq!(
        counts(&t.db).await.unwrap(),
        before,
        "a cancelled import wrote something"
    );
    assert_text_index_in_step(&t.db);
    let listed = keys(
        &m,
        store,
        KeyFilter {
            text: Some("BULK_".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(listed.total, 0);

    // Cancelled before it starts: nothing either, and no statement is written.
    let cancel = tokio_util::sync::CancellationToken::new();
    cancel.cancel();
    let ctl = ImportControl {
        cancel,
        progress: &|_| {},
    };
    let e = messages::import_with(&w, store, ExchangeFormat::Csv, csv.as_bytes(), &ctl)
        .await
        .unwrap_err();
    assert_eq!(e.detail_view().cancelled, Some(true));
    assert_eq!(counts(&t.db).await.unwrap(), before);

    // Not cancelled: 3 statements of keys (1,000 + 1,000 + 500), progress after each.
    seen.lock().unwrap().clear();
    let record = |p: ImportProgress| seen.lock().unwrap().push(p);
    let ctl = ImportControl {
        cancel: tokio_util::sync::CancellationToken::new(),
        progress: &record,
    };
    let c0 = t.db.statement_count();
    let done = messages::import_with(&w, store, ExchangeFormat::Csv, csv.as_bytes(), &ctl)
        .await
        .unwrap();
    let used = t.db.statement_count() - c0;
    assert!(done.applied);
    assert_eq!(
        seen.lock()
            .unwrap()
            .iter()
            .map(|p| (p.done, p.total))
            .collect::<Vec<_>>(),
        vec![(0, 2_500), (1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
    );
    // The same import in one statement (a file of at most 1,000 keys) takes 2 fewer.
    let single = {
        let mut small = String::from("key,type,category,nl-BE,fr-BE,en-US\n");
        for i in 0..10 {
            small.push_str(&format!("SMALL_{i},tts,menu,a {i},b {i},c {i}\n"));
        }
        let c0 = t.db.statement_count();
        messages::import(&w, store, ExchangeFormat::Csv, small.as_bytes())
            .await
            .unwrap();
        t.db.statement_count() - c0
    };
    assert_eq!(used, single + 2, "one statement per 1,000 keys");
    let after = counts(&t.db).await.unwrap();
    assert_eq!(after[1], before[1] + 2_510, "keys");
    assert_eq!(after[3], before[3] + 3 * 2_510, "contents");
    assert_text_index_in_step(&t.db);
}

/// A database migrated before the text index existed: the migration that adds it indexes the
/// content already there (backfill), and search finds it.
#[tokio::test]
async fn text_index_migration_backfills_existing_content() {
    use ivr_store::migrate::{self, DeployOptions, MigrationSet, RunOptions};
    let dir = tempfile::tempdir().unwrap();
    let older = dir.path().join("older");
    std::fs::create_dir(&older).unwrap();
    let all_files = MigrationSet::embedded(Engine::Sqlite).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite");
    // The files before it (versions sort by name; later ones would make it out of order).
    let index = all_files
        .migrations()
        .iter()
        .position(|m| m.file_name.contains("message_text_search"))
        .unwrap();
    for m in &all_files.migrations()[..index] {
        std::fs::copy(src.join(&m.file_name), older.join(&m.file_name)).unwrap();
    }
    let db = Db::open_sqlite(&dir.path().join("t.db")).unwrap();
    let run = RunOptions::new("test", "local");
    migrate::deploy(
        &db,
        &MigrationSet::from_dir(Engine::Sqlite, &older).unwrap(),
        &run,
        DeployOptions::default(),
        &|_| {},
    )
    .await
    .unwrap();
    let (t, m, store) = setup(db.clone()).await;
    key(
        &m,
        store,
        "OLD",
        all("oude tekst", "vieux texte", "old text"),
    )
    .await;
    migrate::deploy(&db, &all_files, &run, DeployOptions::default(), &|_| {})
        .await
        .unwrap();
    assert_text_index_in_step(&db);
    assert_eq!(
        text_search(&t, &m, store, contains("vieux tex")).await,
        (vec!["OLD".to_string()], 1, 2)
    );
    // "st" only ends "oude tekst": found through the last two characters the migration indexed.
    assert_eq!(
        text_search(&t, &m, store, contains("st")).await,
        (vec!["OLD".to_string()], 1, 2)
    );
}

/// The desktop app's translator exchange: the app writes and reads the files the user chose.
async fn exchange_files_export_preview_and_import_as_previewed(db: Db) {
    use ivr_app::message_files::{self, ExportRequest};
    let (t, m, store) = setup(db).await;
    key(&m, store, "GREET", all("Hallo", "Bonjour", "Hello")).await;
    let dir = tempfile::tempdir().unwrap();
    // Export: the CSV of the latest versions, written whole (no temporary file left behind).
    let csv_path = dir.path().join("acme.csv");
    let req = ExportRequest {
        store_id: store,
        format: ExchangeFormat::Csv,
        source: None,
    };
    let before = t.db.statement_count();
    let written = message_files::export_to_file(&m.db, &req, &csv_path)
        .await
        .unwrap();
    assert_eq!(t.db.statement_count() - before, 2, "store + content");
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(
        (written.bytes as usize, written.file_name.as_str()),
        (text.len(), "acme.csv")
    );
    assert!(
        text.starts_with('\u{feff}') && text.contains("GREET,tts,welcome"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only the export"
    );
    let json_path = dir.path().join("acme.json");
    let req = ExportRequest {
        format: ExchangeFormat::Json,
        ..req
    };
    message_files::export_to_file(&m.db, &req, &json_path)
        .await
        .unwrap();
    assert!(std::fs::read_to_string(&json_path)
        .unwrap()
        .contains("\"ivr-message-store\""));
    // A folder that does not exist: refused, nothing written.
    let e = message_files::export_to_file(&m.db, &req, &dir.path().join("no/such/x.json"))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");

    // The translator changes one text and adds a broken row: the preview says so, writes nothing.
    let edited = text.replace("Bonjour", "Salut") + "bad key,tts,welcome,,1,a,b,c\r\n";
    std::fs::write(&csv_path, &edited).unwrap();
    let before = counts(&t.db).await.unwrap();
    let p = message_files::preview_import_file(&m.db, store, &csv_path)
        .await
        .unwrap();
    assert_eq!(counts(&t.db).await.unwrap(), before);
    assert_eq!(
        (p.format, p.result.dry_run, p.bytes as usize),
        (Some(ExchangeFormat::Csv), true, edited.len())
    );
    assert_eq!(p.result.plan.errors.len(), 1, "{:?}", p.result.plan);
    assert_eq!(
        (
            p.result.plan.errors[0].line,
            p.result.plan.errors[0].field.as_deref()
        ),
        (3, Some("key"))
    );
    assert_eq!(p.result.plan.items[0].action, PlanAction::NewVersion);
    // Importing it is refused (VALIDATION, the plan in the detail) and changes nothing.
    let e = refused!(
        &t.db,
        ErrorCode::Validation,
        message_files::import_file(&m.writable().unwrap(), store, &csv_path, &p.sha256)
    );
    assert_eq!(e.detail_json()["errors"][0]["line"], 3);

    // Fixed; but changed again after its preview: CONFLICT, nothing imported.
    let fixed = text.replace("Bonjour", "Salut");
    std::fs::write(&csv_path, &fixed).unwrap();
    let p = message_files::preview_import_file(&m.db, store, &csv_path)
        .await
        .unwrap();
    assert!(p.result.plan.is_ok(), "{:?}", p.result.plan);
    std::fs::write(&csv_path, fixed.replace("Salut", "Coucou")).unwrap();
    let e = refused!(
        &t.db,
        ErrorCode::Conflict,
        message_files::import_file(&m.writable().unwrap(), store, &csv_path, &p.sha256)
    );
    assert!(
        e.message.contains("changed since it was previewed"),
        "{e:?}"
    );
    // As previewed: applied in one transaction, the key has its new version.
    std::fs::write(&csv_path, &fixed).unwrap();
    let done = message_files::import_file(&m.writable().unwrap(), store, &csv_path, &p.sha256)
        .await
        .unwrap();
    assert!(done.result.applied && !done.result.dry_run);
    let k = show_key(&m, store, "GREET").await;
    assert_eq!(k.versions.len(), 2);
    assert!(k
        .versions
        .iter()
        .any(|v| v.contents.iter().any(|c| c.content == "Salut")));

    // Not CSV or JSON, not UTF-8, missing: every problem is in the preview or a clear error.
    let txt = dir.path().join("notes.txt");
    std::fs::write(&txt, "key,nl-BE\nGREET,x\n").unwrap();
    let p = message_files::preview_import_file(&m.db, store, &txt)
        .await
        .unwrap();
    assert_eq!(p.format, None);
    assert!(
        p.result.plan.errors[0]
            .message
            .contains("is not a CSV or JSON file"),
        "{:?}",
        p.result.plan
    );
    let e = refused!(
        &t.db,
        ErrorCode::Validation,
        message_files::import_file(&m.writable().unwrap(), store, &txt, &p.sha256)
    );
    assert!(e.message.contains("is not a CSV or JSON file"));
    let latin1 = dir.path().join("latin1.csv");
    std::fs::write(
        &latin1,
        b"key,nl-BE,fr-BE,en-US\r\nGREET,Tot zi\xebns,x,y\r\n",
    )
    .unwrap();
    let p = message_files::preview_import_file(&m.db, store, &latin1)
        .await
        .unwrap();
    assert_eq!(p.result.plan.errors[0].line, 2);
    assert!(p.result.plan.errors[0].message.contains("not valid UTF-8"));
    let e = message_files::preview_import_file(&m.db, store, &dir.path().join("gone.csv"))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(e.message.contains("cannot read"), "{e:?}");
}

async fn json_export_import_roundtrip_and_all_or_nothing(db: Db) {
    let (t, m, store) = setup(db).await;
    let mut v = all("Hallo {name}", "Bonjour {name}", "Hi {name}");
    v[0].type_settings = Some(r#"{"rate":1.1}"#.into());
    key(&m, store, "A_KEY", v).await;
    messages::add_version(
        &m.writable().unwrap(),
        AddVersion {
            store_id: store,
            key: "A_KEY".into(),
            contents: all("v2 \"q\" --", "v2", "v2"),
            version_name: Some("two".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    publish(&m, store, "A_KEY", 2).await;
    let json = messages::export_json(&m.db, store).await.unwrap();
    // Into a second store: everything recreated, pointer kept.
    let other = messages::create_store(
        &m.writable().unwrap(),
        store_req("acme", "care", "sales", langs(), "fr-BE"),
    )
    .await
    .unwrap();
    let dry = messages::plan_import(&m.db, other.id, ExchangeFormat::Json, json.as_bytes())
        .await
        .unwrap();
    assert_eq!(
        (
            dry.plan.keys_created,
            dry.plan.versions_created,
            dry.applied
        ),
        (1, 2, false)
    );
    let before = t.db.statement_count();
    let res = import(&m, other.id, ExchangeFormat::Json, &json).await;
    // store, dictionaries, snapshot, BEGIN, one write, COMMIT.
    assert_eq!(t.db.statement_count() - before, 6);
    assert!(res.applied);
    let a = show_key(&m, store, "A_KEY").await;
    let b = messages::key(&m.db, other.id, "A_KEY", false)
        .await
        .unwrap();
    assert_eq!(b.key.published_version, Some(2));
    for (x, y) in a.versions.iter().zip(&b.versions) {
        assert_eq!((x.version, &x.name), (y.version, &y.name));
        let mut xc = x.contents.clone();
        let mut yc = y.contents.clone();
        xc.sort_by(|p, q| p.language.cmp(&q.language));
        yc.sort_by(|p, q| p.language.cmp(&q.language));
        assert_eq!(xc, yc);
    }
    // Importing the same file again changes nothing.
    let again = import(&m, other.id, ExchangeFormat::Json, &json).await;
    assert_eq!(again.plan.unchanged, 1);
    // A file with one bad message imports nothing.
    let bad = json
        .replace("\"A_KEY\"", "\"B_KEY\"")
        .replace("v2 \\\"q\\\" --", "{oops}");
    let e = import_refused(&t, &m, other.id, ExchangeFormat::Json, bad.as_bytes()).await;
    assert!(e.message.contains("line"), "{}", e.message);
}

async fn csv_import_creates_versions_with_line_errors_and_constant_statements(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "EXISTING", all("a", "b", "c")).await;
    let csv = "key,type,category,displayName,nl-BE,fr-BE,en-US\r\nEXISTING,tts,welcome,,a2,b2,c2\r\nNEW_ONE,tts,menu,New,x,y,z\r\n";
    let before = t.db.statement_count();
    let res = import(&m, store, ExchangeFormat::Csv, csv).await;
    let small = t.db.statement_count() - before;
    assert_eq!(
        res.plan.items.iter().map(|i| i.action).collect::<Vec<_>>(),
        vec![PlanAction::NewVersion, PlanAction::CreateKey]
    );
    assert_eq!(
        show_key(&m, store, "EXISTING").await.versions.len(),
        2,
        "a new version, the old one untouched"
    );
    let mut big = String::from("key,type,category,nl-BE,fr-BE,en-US\n");
    for i in 0..300 {
        big.push_str(&format!("BULK_{i},tts,menu,n{i},f{i},e{i}\n"));
    }
    let before = t.db.statement_count();
    import(&m, store, ExchangeFormat::Csv, &big).await;
    assert_eq!(
        t.db.statement_count() - before,
        small,
        "statements do not grow with rows"
    );
    for (file, line, needle) in [
        ("key,nl-BE,fr-BE\nX,a,b\n", 1, "no column for en-US"),
        ("key,nl-BE,fr-BE,en-US,de-DE\nX,a,b,c,d\n", 1, "de-DE"),
        (
            "key,type,category,nl-BE,fr-BE,en-US\nNEW_A,tts,menu,a,b,c\nNEW_A,tts,menu,a,b,c\n",
            3,
            "two rows",
        ),
        ("key,nl-BE,fr-BE,en-US\nX,\"a,b,c\n", 2, "never closed"),
    ] {
        let e = import_refused(&t, &m, store, ExchangeFormat::Csv, file.as_bytes()).await;
        let plan = e.detail_json();
        assert_eq!(plan["errors"][0]["line"], line, "{file}: {plan}");
        assert!(
            plan["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(needle),
            "{plan}"
        );
    }
    let e = import_refused(
        &t,
        &m,
        store,
        ExchangeFormat::Csv,
        b"key,nl-BE,fr-BE,en-US\nX,\xff,b,c\n",
    )
    .await;
    assert!(e.message.contains("UTF-8"));
    let dry = messages::plan_import(
        &m.db,
        store,
        ExchangeFormat::Csv,
        b"key,type,category,nl-BE,fr-BE,en-US\nbad,tts,menu,a,b,c\n",
    )
    .await
    .unwrap();
    assert_eq!(dry.plan.errors[0].line, 2);
}

/// The dry run of `csv` in `store`: its plan and the statements it took.
async fn plan_csv(m: &OpenEnvironment, store: i64, csv: &str) -> (ImportPlan, u64) {
    let before = m.db.statement_count();
    let res = messages::plan_import(&m.db, store, ExchangeFormat::Csv, csv.as_bytes())
        .await
        .expect("plan");
    (res.plan, m.db.statement_count() - before)
}

fn change(language: &str, before: Option<&str>, after: &str) -> TextChange {
    TextChange {
        language: language.into(),
        before: before.map(Into::into),
        after: after.into(),
    }
}

async fn import_preview_lists_each_changed_language_with_its_texts(db: Db) {
    let (_t, m, store) = setup(db).await;
    key(&m, store, "WELCOME", all("Welkom", "Bienvenue", "Welcome")).await;
    // The latest version, not the first or the published one, is what the file is compared with.
    add_version(
        &m,
        store,
        "WELCOME",
        all("Welkom", "Bienvenue v2", "Welcome"),
    )
    .await;
    key(&m, store, "SAME", all("a", "b", "c")).await;
    let header = "key,type,category,nl-BE,fr-BE,en-US\r\n";
    let unchanged = format!(
        "{header}WELCOME,tts,welcome,Welkom,Bienvenue v2,Welcome\r\nSAME,tts,welcome,a,b,c\r\n"
    );
    let edited = format!(
        "{header}WELCOME,tts,welcome,Welkom,Bienvenue à vous 👋,Welcome\r\nSAME,tts,welcome,a,b,c\r\nNEW_KEY,tts,menu,Nieuw,Nouveau,New\r\n"
    );
    let (same, used_same) = plan_csv(&m, store, &unchanged).await;
    assert!(same.items.iter().all(|i| i.changes.is_empty()), "{same:?}");
    let (plan, used) = plan_csv(&m, store, &edited).await;
    assert_eq!(
        used, used_same,
        "what changes is planned from what the plan reads"
    );
    let items: Vec<_> = plan
        .items
        .iter()
        .map(|i| (i.key.as_str(), i.action, i.changes.clone()))
        .collect();
    assert_eq!(
        items,
        vec![
            (
                "WELCOME",
                PlanAction::NewVersion,
                vec![change("fr-BE", Some("Bienvenue v2"), "Bienvenue à vous 👋")]
            ),
            ("SAME", PlanAction::Unchanged, vec![]),
            (
                "NEW_KEY",
                PlanAction::CreateKey,
                vec![
                    change("nl-BE", None, "Nieuw"),
                    change("fr-BE", None, "Nouveau"),
                    change("en-US", None, "New"),
                ]
            ),
        ]
    );
    // The UI's contract: each item names its changes; an unchanged key has none.
    let json = serde_json::to_value(&plan.items).unwrap();
    assert_eq!(
        json[0]["changes"],
        serde_json::json!([{"language": "fr-BE", "before": "Bienvenue v2", "after": "Bienvenue à vous 👋"}])
    );
    assert_eq!(json[1]["changes"], serde_json::json!([]));

    // Imported, the new version is what the preview said: only French differs from v2.
    let res = import(&m, store, ExchangeFormat::Csv, &edited).await;
    assert_eq!(
        res.plan.items, plan.items,
        "the import writes what was previewed"
    );
    let v3 = show_key(&m, store, "WELCOME").await.versions.pop().unwrap();
    let image = ivr_domain::message::contents_image;
    assert_eq!(
        (v3.version, image(&v3.contents)),
        (3, image(&all("Welkom", "Bienvenue à vous 👋", "Welcome")))
    );
    // A JSON file (the store's export with one text edited) lists the same way; a long text is
    // cut to CHANGE_TEXT_CHARS characters around where it first differs.
    let long = format!("{}👋 fin", "Bienvenue ".repeat(30));
    let json = messages::export_json(&m.db, store)
        .await
        .unwrap()
        .replace("Bienvenue à vous 👋", &long);
    let res = messages::plan_import(&m.db, store, ExchangeFormat::Json, json.as_bytes())
        .await
        .expect("plan");
    let cut: String = long.chars().take(CHANGE_TEXT_CHARS).collect();
    let listed: Vec<_> = res
        .plan
        .items
        .iter()
        .filter(|i| i.action != PlanAction::Unchanged)
        .map(|i| (i.key.as_str(), i.versions.clone(), i.changes.clone()))
        .collect();
    assert_eq!(
        listed,
        vec![(
            "WELCOME",
            vec![4],
            vec![change(
                "fr-BE",
                Some("Bienvenue à vous 👋"),
                &format!("{cut}…")
            )]
        )]
    );
    // A language the latest version lacks (added to the store since) changes from nothing.
    allow_languages(&m, store, ["nl-BE", "fr-BE", "en-US", "de-DE"]).await;
    let (plan, _) = plan_csv(
        &m,
        store,
        "key,nl-BE,fr-BE,en-US,de-DE\r\nWELCOME,Welkom,Bienvenue à vous 👋,Welcome,Willkommen\r\n",
    )
    .await;
    assert_eq!(
        plan.items[0].changes,
        vec![change("de-DE", None, "Willkommen")],
        "{plan:?}"
    );
}

async fn where_used_finds_segments_naming_the_key(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "WELCOME", all("a", "b", "c")).await;
    {
        let mut conn = t.db.conn().await.unwrap();
        let script = match t.db.engine() {
            Engine::Sqlite => "INSERT INTO rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, CreatedBy) \
             SELECT '+3220000000', 'acme-care-main', cp.CompanyProjectId, NULL, 'nl-BE', 'start', 't' FROM cfg_Dic_CompanyProject cp WHERE cp.ProjectId = 'care'; \
             INSERT INTO seg_Segment (RoutingId, SegmentName, DicSegmentTypeId, CreatedBy) \
             SELECT 'acme-care-main', 'hello', k.DicSegmentTypeId, 't' FROM cfg_Dic_Key k WHERE k.KeyName = 'messageKey' LIMIT 1; \
             INSERT INTO seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
             SELECT s.SegmentId, s.DicSegmentTypeId, k.DicKeyId, 'WELCOME', 't' FROM seg_Segment s JOIN cfg_Dic_Key k ON k.DicSegmentTypeId = s.DicSegmentTypeId AND k.KeyName = 'messageKey'; \
             INSERT INTO seg_Segment (RoutingId, SegmentName, DicSegmentTypeId, CreatedBy) \
             SELECT 'other-flow', 'hello', k.DicSegmentTypeId, 't' FROM cfg_Dic_Key k WHERE k.KeyName = 'messageKey' LIMIT 1; \
             INSERT INTO seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
             SELECT s.SegmentId, s.DicSegmentTypeId, k.DicKeyId, 'WELCOME', 't' FROM seg_Segment s JOIN cfg_Dic_Key k ON k.DicSegmentTypeId = s.DicSegmentTypeId AND k.KeyName = 'messageKey' WHERE s.RoutingId = 'other-flow';",
            Engine::Mssql => "INSERT INTO ivr.rt_RoutingTable (SourceId, RoutingId, CompanyProjectId, MessageStoreId, LanguageCode, InitSegment, CreatedBy) \
             SELECT '+3220000000', 'acme-care-main', cp.CompanyProjectId, NULL, 'nl-BE', 'start', 't' FROM dbo.cfg_Dic_CompanyProject cp WHERE cp.ProjectId = 'care'; \
             INSERT INTO ivr.seg_Segment (RoutingId, SegmentName, DicSegmentTypeId, CreatedBy) \
             SELECT TOP (1) 'acme-care-main', 'hello', k.DicSegmentTypeId, 't' FROM dbo.cfg_Dic_Key k WHERE k.KeyName = 'messageKey'; \
             INSERT INTO ivr.seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
             SELECT s.SegmentId, s.DicSegmentTypeId, k.DicKeyId, 'WELCOME', 't' FROM ivr.seg_Segment s JOIN dbo.cfg_Dic_Key k ON k.DicSegmentTypeId = s.DicSegmentTypeId AND k.KeyName = 'messageKey'; \
             INSERT INTO ivr.seg_Segment (RoutingId, SegmentName, DicSegmentTypeId, CreatedBy) \
             SELECT TOP (1) 'other-flow', 'hello', k.DicSegmentTypeId, 't' FROM dbo.cfg_Dic_Key k WHERE k.KeyName = 'messageKey'; \
             INSERT INTO ivr.seg_Key (SegmentId, DicSegmentTypeId, DicKeyId, Value, CreatedBy) \
             SELECT s.SegmentId, s.DicSegmentTypeId, k.DicKeyId, 'WELCOME', 't' FROM ivr.seg_Segment s JOIN dbo.cfg_Dic_Key k ON k.DicSegmentTypeId = s.DicSegmentTypeId AND k.KeyName = 'messageKey' WHERE s.RoutingId = 'other-flow';",
        };
        conn.run_script(script).await.unwrap();
    }
    let used = messages::where_used(&m.db, store, "WELCOME", false)
        .await
        .unwrap();
    assert_eq!(used.len(), 1, "{used:?}");
    assert_eq!(
        (
            used[0].routing_id.as_str(),
            used[0].segment_name.as_str(),
            used[0].config_key.as_str()
        ),
        ("acme-care-main", "hello", "messageKey")
    );
    assert_eq!(
        messages::where_used(&m.db, store, "WELCOME", true)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(messages::where_used(&m.db, store, "NOT_USED", true)
        .await
        .unwrap()
        .is_empty());
    // The "not used by any flow" filter and the completeness count agree with where-used.
    key(&m, store, "NOT_USED", all("x", "y", "z")).await;
    let before = t.db.statement_count();
    let unused = keys(
        &m,
        store,
        KeyFilter {
            unused: Some(true),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        t.db.statement_count() - before,
        2,
        "store read + one page query"
    );
    let names: Vec<&str> = unused.items.iter().map(|k| k.key.as_str()).collect();
    assert_eq!((names, unused.total), (vec!["NOT_USED"], 1));
    assert_eq!(
        messages::completeness(&m.db, store)
            .await
            .unwrap()
            .unused_keys,
        1
    );
}

async fn demo_seed_is_complete_and_idempotent(db: Db) {
    let t = fresh(db).await;
    let m = env_as(t.db.clone(), "demo");
    assert_eq!(
        ivr_app::messages_demo::seed(&m.writable().unwrap(), "nobody", "none")
            .await
            .unwrap(),
        None
    );
    let store = ivr_app::messages_demo::seed(&m.writable().unwrap(), "acme", "care")
        .await
        .unwrap()
        .unwrap();
    let first = counts(&t.db).await.unwrap();
    assert_eq!(
        ivr_app::messages_demo::seed(&m.writable().unwrap(), "acme", "care")
            .await
            .unwrap(),
        Some(store)
    );
    assert_eq!(
        counts(&t.db).await.unwrap(),
        first,
        "a second seed adds nothing"
    );
    let s = messages::store(&m.db, store).await.unwrap();
    assert_eq!(s.allowed_languages, langs());
    assert_eq!(s.voices.len(), 3);
    assert_eq!(s.key_count, 12);
    let r = messages::resolve(
        &m.db,
        &StoreRef::Project {
            customer: "acme".into(),
            project: "care".into(),
        },
        "WELCOME",
        "fr-BE",
    )
    .await
    .unwrap();
    assert_eq!(r.version, 2);
    assert!(r.content.starts_with("<speak>"));
    let newer = keys(
        &m,
        store,
        KeyFilter {
            newer_than_published: true,
            ..Default::default()
        },
    )
    .await;
    let keys: Vec<&str> = newer.items.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, vec!["AGENT_UNAVAILABLE", "MAIN_MENU"]);
}

async fn key_names_are_checked_live_and_deleted_keys_restored_audited(db: Db) {
    let (t, m, store) = setup(db).await;
    key(
        &m,
        store,
        "BYE",
        all("Dag {name}", "Au revoir {name}", "Bye {name}"),
    )
    .await;
    publish(&m, store, "BYE", 1).await;

    // The live check says what create_key would: the key rule, then a taken name.
    let before = t.db.statement_count();
    let c = messages::check_key_name(&m.db, store, "bye").await.unwrap();
    assert_eq!(
        t.db.statement_count() - before,
        0,
        "a malformed name reads nothing"
    );
    assert!(!c.taken);
    assert!(c.problem.unwrap().contains("UPPER_SNAKE_CASE"));
    let c = messages::check_key_name(&m.db, store, &"A".repeat(65))
        .await
        .unwrap();
    assert!(c.problem.unwrap().contains("65 characters"));
    let before = t.db.statement_count();
    let c = messages::check_key_name(&m.db, store, "BYE").await.unwrap();
    assert_eq!(t.db.statement_count() - before, 1, "one read");
    assert!(c.taken);
    assert!(c.problem.unwrap().contains("BYE already exists"));
    let c = messages::check_key_name(&m.db, store, "FRESH_NAME")
        .await
        .unwrap();
    assert_eq!((c.problem, c.taken), (None, false));

    // Creating the taken name: ALREADY_EXISTS, shown on the key field, nothing written.
    let e = refused!(
        &t.db,
        ErrorCode::AlreadyExists,
        messages::create_key(
            &m.writable().unwrap(),
            CreateKey {
                store_id: store,
                key: "BYE".into(),
                message_type: "tts".into(),
                category: "welcome".into(),
                display_name: None,
                contents: vec![],
                version_name: None,
            }
        )
    );
    let fields = &e.detail_json()["fields"];
    assert_eq!(fields[0]["field"], "messageKey", "{e:?}");
    assert!(fields[0]["message"]
        .as_str()
        .unwrap()
        .contains("already exists"));

    // The name is in use (nothing deleted yet): nothing to restore.
    refused!(
        &t.db,
        ErrorCode::AlreadyExists,
        messages::restore_key(&m.writable().unwrap(), key_ref(store, "BYE"))
    );
    refused!(
        &t.db,
        ErrorCode::NotFound,
        messages::restore_key(&m.writable().unwrap(), key_ref(store, "NEVER_THERE"))
    );

    delete_key(&m, store, "BYE").await;
    let c = messages::check_key_name(&m.db, store, "BYE").await.unwrap();
    assert_eq!(
        (c.problem, c.taken),
        (None, false),
        "a deleted key frees its name"
    );
    let deleted = messages::key(&m.db, store, "BYE", true).await.unwrap();
    assert!(!deleted.key.is_active);

    // A stale row version is CONFLICT and changes nothing.
    refused!(
        &t.db,
        ErrorCode::Conflict,
        messages::restore_key(
            &m.writable().unwrap(),
            KeyRef {
                store_id: store,
                key: "BYE".into(),
                expected_row_version: Some("999".into()),
            }
        )
    );

    let rows_before = counts(&t.db).await.unwrap();
    let before = t.db.statement_count();
    let back = messages::restore_key(
        &m.writable().unwrap(),
        KeyRef {
            store_id: store,
            key: "BYE".into(),
            expected_row_version: Some(deleted.key.row_version.clone()),
        },
    )
    .await
    .unwrap();
    // store read, key read (deleted ones too), BEGIN, one guarded batch, COMMIT, key read.
    assert_eq!(t.db.statement_count() - before, 6, "restore round trips");
    let rows_after = counts(&t.db).await.unwrap();
    assert_eq!(rows_after[4], rows_before[4] + 1, "msg_MessageKeyAudit row");
    assert_eq!(rows_after[5], rows_before[5] + 1, "sys_AuditLog row");
    assert_eq!(rows_after[1], rows_before[1], "the same key row comes back");
    assert!(back.key.is_active);
    assert_eq!(back.key.id, deleted.key.id);
    assert_eq!(back.key.published_version, Some(1));
    assert_eq!(back.versions, deleted.versions);
    let r = resolve(&m, store, "BYE", "fr-BE").await;
    assert_eq!(r.content, "Au revoir {name}");
    let a = key_audit(&m, store, "BYE").await;
    let restored = a.items.iter().find(|r| r.row.action == "restored").unwrap();
    assert_eq!(restored.row.action_by, "tester");
    assert!(
        matches!(restored.change, KeyAuditChange::Restored { .. }),
        "{restored:?}"
    );
    assert!(
        matches!(
            record(&restored.row).after(),
            Some(KeyState::Restored {
                is_active: true,
                ..
            })
        ),
        "{restored:?}"
    );

    // Deleted again and the name taken by a new key: the old one cannot come back.
    delete_key(&m, store, "BYE").await;
    key(&m, store, "BYE", all("a", "b", "c")).await;
    let e = refused!(
        &t.db,
        ErrorCode::AlreadyExists,
        messages::restore_key(&m.writable().unwrap(), key_ref(store, "BYE"))
    );
    assert!(e.message.contains("delete that key first"), "{}", e.message);
}

/// The languages whose callers would hear a difference, in store order.
fn changed_languages(p: &PublishPreview) -> Vec<&str> {
    p.languages
        .iter()
        .filter(|l| l.changed)
        .map(|l| l.language.as_str())
        .collect()
}

async fn publish_or_rollback_is_decided_by_the_app_and_previewed_per_language(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "HELLO", all("Hallo", "Bonjour", "Hello")).await;
    let set = |version: i32, rv: Option<String>| pointer(store, "HELLO", version, rv);

    // Nothing published: a publish; callers hear nothing now.
    let before = t.db.statement_count();
    let p = messages::publish_preview(&m.db, store, "HELLO", 1)
        .await
        .unwrap();
    assert_eq!(t.db.statement_count() - before, 2, "store + key read");
    assert_eq!(p.action, PointerMove::Publish);
    assert_eq!(p.published_version, None);
    assert!(p.missing_languages.is_empty());
    assert_eq!(
        p.languages
            .iter()
            .map(|l| l.language.as_str())
            .collect::<Vec<_>>(),
        langs()
    );
    assert!(p.languages.iter().all(|l| l.now.is_none() && l.changed));
    assert_eq!(p.languages[1].after.as_ref().unwrap().content, "Bonjour");
    messages::set_published_version(&m.writable().unwrap(), set(1, Some(p.row_version)))
        .await
        .unwrap();

    copy_version(&m, store, "HELLO", 1, vec![c("fr-BE", "Salut")]).await;
    let p = messages::publish_preview(&m.db, store, "HELLO", 2)
        .await
        .unwrap();
    assert_eq!(p.action, PointerMove::Publish);
    let changed = changed_languages(&p);
    assert_eq!(changed, vec!["fr-BE"], "only fr-BE changes for callers");
    let fr = &p.languages[1];
    assert_eq!(fr.now.as_ref().unwrap().content, "Bonjour");
    assert_eq!(fr.after.as_ref().unwrap().content, "Salut");
    let k = messages::set_published_version(
        &m.writable().unwrap(),
        set(2, Some(p.row_version.clone())),
    )
    .await
    .unwrap();
    assert_eq!(k.key.published_version, Some(2));

    // The old preview's row version is stale now: CONFLICT with the current pointer, nothing changed.
    let e = refused!(
        &t.db,
        ErrorCode::Conflict,
        messages::set_published_version(&m.writable().unwrap(), set(1, Some(p.row_version)))
    );
    assert_eq!(e.detail_json()["publishedVersion"], 2);

    // Version 1 was written before the published one: a rollback, audited as such.
    let p = messages::publish_preview(&m.db, store, "HELLO", 1)
        .await
        .unwrap();
    assert_eq!(p.action, PointerMove::Rollback);
    messages::set_published_version(&m.writable().unwrap(), set(1, Some(p.row_version)))
        .await
        .unwrap();
    let p = messages::publish_preview(&m.db, store, "HELLO", 1)
        .await
        .unwrap();
    assert_eq!(p.action, PointerMove::Unchanged);
    assert!(p.languages.iter().all(|l| !l.changed));
    let a = key_audit(&m, store, "HELLO").await;
    let mut moves: Vec<&str> = a
        .items
        .iter()
        .map(|r| r.row.action.as_str())
        .filter(|a| *a == "published" || *a == "rollback")
        .collect();
    moves.reverse();
    assert_eq!(moves, vec!["published", "published", "rollback"]);
    // Already published: nothing is written.
    let before = counts(&t.db).await.unwrap();
    messages::set_published_version(&m.writable().unwrap(), set(1, None))
        .await
        .unwrap();
    assert_eq!(counts(&t.db).await.unwrap(), before);

    // A language added to the store: the version lacks it, callers of it hear the default.
    allow_languages(&m, store, ["nl-BE", "fr-BE", "en-US", "de-DE"]).await;
    let p = messages::publish_preview(&m.db, store, "HELLO", 2)
        .await
        .unwrap();
    assert_eq!(p.missing_languages, vec!["de-DE".to_string()]);
    let de = p.languages.iter().find(|l| l.language == "de-DE").unwrap();
    let now = de.now.as_ref().unwrap();
    assert!(now.fell_back);
    assert_eq!(
        (now.language.as_str(), now.content.as_str()),
        ("nl-BE", "Hallo")
    );
    refused!(
        &t.db,
        ErrorCode::Validation,
        messages::set_published_version(&m.writable().unwrap(), set(2, None))
    );
    assert_not_found(messages::publish_preview(&m.db, store, "HELLO", 9)).await;
}

/// Callers hear a version that differs only in its settings differently: the preview says which
/// languages change and how (voice, rate), resolved as the runtime resolves them.
async fn publish_preview_shows_voice_and_setting_changes_per_language(db: Db) {
    let (t, m, store) = setup(db).await;
    set_voice(&m, store, "nl-BE", "nl-BE-Wavenet-A").await;
    key(&m, store, "HELLO", all("Hallo", "Bonjour", "Hello")).await;
    let p = messages::publish_preview(&m.db, store, "HELLO", 1)
        .await
        .unwrap();
    let nl = p.languages[0].after.as_ref().unwrap();
    assert_eq!(
        nl.voice.as_deref(),
        Some("nl-BE-Wavenet-A"),
        "the store's voice"
    );
    assert_eq!(
        nl.settings,
        r#"{"rate":1,"pitch":0,"volume":0,"ssml":false}"#
    );
    assert!(p.languages.iter().all(|l| l.setting_changes.is_empty()));
    publish(&m, store, "HELLO", 1).await;

    // Same texts; nl-BE gets its own voice and rate, fr-BE writes the default rate out.
    let with = |lang: &str, text: &str, settings: &str| LanguageContent {
        type_settings: Some(settings.into()),
        ..c(lang, text)
    };
    copy_version(
        &m,
        store,
        "HELLO",
        1,
        vec![
            with(
                "nl-BE",
                "Hallo",
                r#"{"voice":"nl-BE-Wavenet-B","rate":1.20}"#,
            ),
            with("fr-BE", "Bonjour", r#"{"rate":1}"#),
        ],
    )
    .await;
    let before = t.db.statement_count();
    let p = messages::publish_preview(&m.db, store, "HELLO", 2)
        .await
        .unwrap();
    assert_eq!(t.db.statement_count() - before, 2, "store + key read");
    let changed = changed_languages(&p);
    assert_eq!(
        changed,
        vec!["nl-BE"],
        "only nl-BE callers hear a difference"
    );
    let nl = &p.languages[0];
    let change = |name: &str, now: Option<&str>, after: Option<&str>| SettingChange {
        name: name.into(),
        now: now.map(Into::into),
        after: after.map(Into::into),
    };
    assert_eq!(
        nl.setting_changes,
        vec![
            change(
                "voice",
                Some(r#""nl-BE-Wavenet-A""#),
                Some(r#""nl-BE-Wavenet-B""#)
            ),
            change("rate", Some("1"), Some("1.20")),
        ]
    );
    assert_eq!(
        nl.after.as_ref().unwrap().voice.as_deref(),
        Some("nl-BE-Wavenet-B")
    );
    assert_eq!(
        nl.now.as_ref().unwrap().content,
        nl.after.as_ref().unwrap().content
    );
    assert!(
        p.languages[1].setting_changes.is_empty(),
        "rate 1 is the default"
    );
    let en = p.languages[2].after.as_ref().unwrap();
    assert_eq!(en.voice, None, "no voice set for en-US");

    // The runtime plays what the preview showed.
    messages::publish(
        &m.writable().unwrap(),
        pointer(store, "HELLO", 2, Some(p.row_version)),
    )
    .await
    .unwrap();
    let r = resolve(&m, store, "HELLO", "nl-BE").await;
    let heard = nl.after.as_ref().unwrap();
    assert_eq!(
        (r.voice.as_ref(), r.settings.get()),
        (heard.voice.as_ref(), heard.settings.as_str())
    );

    // A language without content plays the default language with that language's voice.
    allow_languages(&m, store, ["nl-BE", "fr-BE", "en-US", "de-DE"]).await;
    let p = messages::publish_preview(&m.db, store, "HELLO", 1)
        .await
        .unwrap();
    assert_eq!(p.action, PointerMove::Rollback);
    let de = p.languages.iter().find(|l| l.language == "de-DE").unwrap();
    assert!(de.changed);
    assert_eq!(
        de.setting_changes
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        vec!["voice", "rate"]
    );
    assert_eq!(
        de.now.as_ref().unwrap().voice.as_deref(),
        Some("nl-BE-Wavenet-B")
    );
    assert_eq!(
        de.after.as_ref().unwrap().voice.as_deref(),
        Some("nl-BE-Wavenet-A")
    );
}

async fn store_update_preview_says_what_happens_and_writes_nothing(db: Db) {
    let (t, m, store) = setup(db).await;
    key(&m, store, "HELLO", all("Hallo", "Bonjour", "Hello")).await;
    let req = UpdateStore {
        store_id: store,
        allowed_languages: Some(vec!["nl-BE".into(), "fr-BE".into(), "de-DE".into()]),
        ..Default::default()
    };
    let rows = counts(&t.db).await.unwrap();
    let before = t.db.statement_count();
    let p = messages::preview_store_update(&m.db, req.clone())
        .await
        .unwrap();
    assert_eq!(t.db.statement_count() - before, 2, "store + dictionaries");
    assert_eq!(
        counts(&t.db).await.unwrap(),
        rows,
        "a preview writes nothing"
    );
    assert_eq!(p.change.added, vec!["de-DE".to_string()]);
    assert_eq!(p.change.removed, vec!["en-US".to_string()]);
    assert!(
        p.change.effect.contains("kept (not deleted)"),
        "{}",
        p.change.effect
    );
    assert_eq!(
        p.store.allowed_languages,
        req.allowed_languages.clone().unwrap()
    );
    // The same answer as the update itself.
    let done = messages::update_store(&m.writable().unwrap(), req)
        .await
        .unwrap();
    assert_eq!(done.change, p.change);
    // Only the default language changes: the preview says where callers now fall back.
    let p = messages::preview_store_update(
        &m.db,
        UpdateStore {
            store_id: store,
            default_language: Some("fr-BE".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(p.change.added.is_empty() && p.change.removed.is_empty());
    assert_eq!(
        p.change.effect,
        "the default language becomes fr-BE (was nl-BE): callers whose language has no content hear fr-BE"
    );
    // The same refusals: a default outside the allowed languages, on its field.
    let e = messages::preview_store_update(
        &m.db,
        UpdateStore {
            store_id: store,
            default_language: Some("en-GB".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.detail_json()["fields"][0]["field"], "defaultLanguage");
}

async fn completeness_counts_per_language_drafts_and_unused_keys(db: Db) {
    let (t, m, store) = setup(db).await;
    let empty = messages::completeness(&m.db, store).await.unwrap();
    assert_eq!(
        (empty.active_keys, empty.published_keys, empty.unused_keys),
        (0, 0, 0)
    );
    key(&m, store, "ONE", all("Een", "Un", "One")).await;
    key(&m, store, "TWO", all("Twee", "Deux", "Two")).await;
    key(&m, store, "THREE", all("Drie", "Trois", "Three")).await;
    publish(&m, store, "ONE", 1).await;
    publish(&m, store, "TWO", 1).await;
    copy_version(&m, store, "TWO", 1, vec![c("fr-BE", "Deux!")]).await;
    // de-DE added: the published versions lack it.
    allow_languages(&m, store, ["nl-BE", "fr-BE", "en-US", "de-DE"]).await;
    let before = t.db.statement_count();
    let c = messages::completeness(&m.db, store).await.unwrap();
    assert_eq!(
        t.db.statement_count() - before,
        2,
        "the store, then one batch"
    );
    assert_eq!(c.active_keys, 3);
    assert_eq!(c.published_keys, 2);
    // TWO has v2 waiting; THREE has a version and nothing published.
    assert_eq!(c.newer_than_published, 2);
    assert_eq!(c.unused_keys, 3, "no flow in this database names them");
    let by: Vec<(&str, i64, i64)> = c
        .languages
        .iter()
        .map(|l| (l.language.as_str(), l.published, l.missing))
        .collect();
    assert_eq!(
        by,
        vec![
            ("nl-BE", 2, 0),
            ("fr-BE", 2, 0),
            ("en-US", 2, 0),
            ("de-DE", 0, 2)
        ]
    );
    // A deleted key no longer counts.
    delete_key(&m, store, "ONE").await;
    let c = messages::completeness(&m.db, store).await.unwrap();
    assert_eq!((c.active_keys, c.published_keys), (2, 1));
}

async fn a_key_changes_type_only_when_every_version_fits(db: Db) {
    let (t, m, store) = setup(db).await;
    key(
        &m,
        store,
        "HELLO",
        all("Hallo {name}", "Bonjour {name}", "Hello {name}"),
    )
    .await;
    let change = |ty: &str| UpdateKey {
        store_id: store,
        key: "HELLO".into(),
        message_type: Some(ty.into()),
        ..Default::default()
    };
    // Spoken text is no audio URL: refused on the type field, every language named, nothing written.
    let err = refused!(
        &t.db,
        ErrorCode::Validation,
        messages::update_key(&m.writable().unwrap(), change("audio_url"))
    );
    let fields = err.detail_view().fields.unwrap_or_default();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].field, "messageType");
    for lang in langs() {
        assert!(
            fields[0].message.contains(&format!("version 1 ({lang})")),
            "{}",
            fields[0].message
        );
    }
    let unknown = refused!(
        &t.db,
        ErrorCode::Validation,
        messages::update_key(&m.writable().unwrap(), change("no_such_type"))
    );
    assert_eq!(
        unknown.detail_view().fields.unwrap()[0].field,
        "messageType"
    );
    assert_eq!(show_key(&m, store, "HELLO").await.key.message_type, "tts");

    // Non-empty text fits an LLM message: the type changes, audited as an edit.
    let before = key_audit(&m, store, "HELLO").await.total;
    let k = messages::update_key(&m.writable().unwrap(), change("llm_message"))
        .await
        .unwrap();
    assert_eq!(k.key.message_type, "llm_message");
    assert_eq!(
        show_key(&m, store, "HELLO").await.key.message_type,
        "llm_message"
    );
    let audit = key_audit(&m, store, "HELLO").await;
    assert_eq!(audit.total, before + 1);
    assert!(
        audit
            .items
            .iter()
            .any(|a| a.row.action == "edited"
                && matches!(a.change, KeyAuditChange::FieldsEdited { .. })),
        "{:?}",
        audit.items
    );
    // Leaving the type out (or giving the same one) keeps it.
    let same = rename_key(&m, store, "HELLO", "Hello there").await;
    assert_eq!(same.key.message_type, "llm_message");
}

/// The designer's batch read of published texts: one statement for any number of keys (none for
/// refused input), each key once in the order asked, unknown / unpublished / published, the same
/// texts as the key's own read; bad input is VALIDATION at its field, a missing store NOT_FOUND.
async fn key_texts_are_one_statement_for_every_key(db: Db) {
    use ivr_domain::message::texts::{KeyTextState, KeyTexts, MAX_TEXT_KEYS};
    let (_t, m, store) = setup(db).await;
    key(&m, store, "HELLO", all("Hallo", "Bonjour", "Hello")).await;
    publish(&m, store, "HELLO", 1).await;
    add_version(&m, store, "HELLO", all("Hallo 2", "Bonjour 2", "Hello 2")).await;
    key(&m, store, "DRAFT_ONLY", all("a", "b", "c")).await;
    key(&m, store, "GONE", all("x", "y", "z")).await;
    publish(&m, store, "GONE", 1).await;
    delete_key(&m, store, "GONE").await;

    let asked = names(&["HELLO", "MISSING", "DRAFT_ONLY", "HELLO", "GONE"]);
    let (r, used) = key_texts(&m, store, asked).await;
    let r = r.unwrap();
    assert_eq!(used, 1, "the texts of five keys are one statement");
    assert_eq!(r.default_language, "nl-BE");
    let state = |key: &str, state: KeyTextState| KeyTexts {
        key: key.into(),
        state,
    };
    let published = KeyTextState::Published {
        version: 1,
        contents: vec![
            c("en-US", "Hello"),
            c("fr-BE", "Bonjour"),
            c("nl-BE", "Hallo"),
        ],
    };
    assert_eq!(
        r.keys,
        vec![
            state("HELLO", published),
            state("MISSING", KeyTextState::Unknown),
            state("DRAFT_ONLY", KeyTextState::Unpublished),
            state("GONE", KeyTextState::Unknown),
        ]
    );
    // The same texts as the key's own read says are published.
    let k = messages::key(&m.db, store, "HELLO", false).await.unwrap();
    let v = k
        .versions
        .iter()
        .find(|v| Some(v.version) == k.key.published_version)
        .unwrap();
    let mut expected = v.contents.clone();
    expected.sort_by(|a, b| a.language.cmp(&b.language));
    assert!(
        matches!(&r.keys[0].state, KeyTextState::Published { contents, .. } if *contents == expected),
        "{:?}",
        r.keys[0]
    );

    // The most a call may ask for is still one statement; an empty list is answered too.
    let many: Vec<String> = (0..MAX_TEXT_KEYS).map(|i| format!("KEY_{i}")).collect();
    let (r, used) = key_texts(&m, store, many.clone()).await;
    let r = r.unwrap();
    assert_eq!(used, 1, "{MAX_TEXT_KEYS} keys are one statement");
    assert_eq!(r.keys.len(), MAX_TEXT_KEYS);
    assert!(r.keys.iter().all(|k| k.state == KeyTextState::Unknown));
    assert_eq!(r.keys[7].key, "KEY_7", "in the order asked");
    let (r, used) = key_texts(&m, store, Vec::new()).await;
    assert_eq!((r.unwrap().keys, used), (Vec::new(), 1));

    // Bad input: VALIDATION naming every bad name at its field, no statement.
    let mut too_many = many;
    too_many.push("ONE_MORE".into());
    let (e, used) = key_texts(&m, store, too_many).await;
    let e = e.unwrap_err();
    assert_eq!((e.code, used), (ErrorCode::Validation, 0), "{e:?}");
    assert!(
        e.message.contains(&format!("at most {MAX_TEXT_KEYS}")),
        "{}",
        e.message
    );
    let asked = names(&["HELLO", "hello", "OK", "", "BAD KEY"]);
    let (e, used) = key_texts(&m, store, asked).await;
    let e = e.unwrap_err();
    assert_eq!((e.code, used), (ErrorCode::Validation, 0), "{e:?}");
    let fields: Vec<String> = e
        .detail
        .as_ref()
        .and_then(|d| d.fields.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["keys[1]", "keys[3]", "keys[4]"], "{e:?}");

    // A store that does not exist: NOT_FOUND, from the same one statement.
    let (e, used) = key_texts(&m, store + 1000, names(&["HELLO"])).await;
    assert_eq!((e.unwrap_err().code, used), (ErrorCode::NotFound, 1));
}

fn names(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

/// `messages::key_texts` of `keys` in store `store_id`, with the statements it took.
async fn key_texts(
    m: &OpenEnvironment,
    store_id: i64,
    keys: Vec<String>,
) -> (
    ivr_domain::Result<ivr_domain::message::texts::MessageTexts>,
    u64,
) {
    let before = m.db.statement_count();
    let r = messages::key_texts(&m.db, &KeyTextsRequest { store_id, keys }).await;
    (r, m.db.statement_count() - before)
}

ivr_testkit::engine_tests!(
    store_languages_and_voices,
    key_rules_refuse_bad_input_and_change_nothing,
    any_script_is_stored_and_returned_byte_exact,
    csv_import_keeps_any_script_byte_exact,
    versions_publish_rollback_and_the_ten_slot_limit,
    runtime_resolution_is_one_statement_with_fallback,
    language_added_or_removed_keeps_content_and_blocks_incomplete_publish,
    audit_is_kept_after_delete,
    search_and_pages,
    json_export_import_roundtrip_and_all_or_nothing,
    csv_import_creates_versions_with_line_errors_and_constant_statements,
    where_used_finds_segments_naming_the_key,
    demo_seed_is_complete_and_idempotent,
    key_names_are_checked_live_and_deleted_keys_restored_audited,
    publish_or_rollback_is_decided_by_the_app_and_previewed_per_language,
    publish_preview_shows_voice_and_setting_changes_per_language,
    store_update_preview_says_what_happens_and_writes_nothing,
    completeness_counts_per_language_drafts_and_unused_keys,
    a_key_changes_type_only_when_every_version_fits,
    search_by_message_text_in_any_language,
    text_search_follows_every_write_through_its_index,
    short_texts_list_what_the_rule_lists,
    a_cancelled_import_changes_nothing_and_a_full_one_reports_progress,
    exchange_files_export_preview_and_import_as_previewed,
    key_texts_are_one_statement_for_every_key,
    import_preview_lists_each_changed_language_with_its_texts,
);

/// Runs `write` (a use case over `t.db`, on a thread of its own, as another process would) while
/// a second connection to the same SQLite file holds the write lock and, inside that
/// transaction, runs `meanwhile`; that transaction commits once `write` has sent its first
/// statement. The write's answer and the statements it sent.
async fn while_another_connection_writes<T: Send + 'static>(
    t: &TestDb,
    meanwhile: impl AsyncFnOnce(&mut ivr_store::Conn) -> ivr_domain::Result<()>,
    write: impl FnOnce(
            OpenEnvironment,
        )
            -> std::pin::Pin<Box<dyn std::future::Future<Output = ivr_domain::Result<T>> + Send>>
        + Send
        + 'static,
) -> (ivr_domain::Result<T>, u64) {
    let other = Db::open_sqlite(t.db.sqlite_path().expect("an SQLite file")).unwrap();
    let before = t.db.statement_count();
    let db = t.db.clone();
    let handle = other
        .transaction(async |c| {
            meanwhile(c).await?;
            let handle = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(write(env_as(db, "tester")))
            });
            // Wait (bounded) until the write has begun; it cannot get past BEGIN before this
            // transaction commits.
            for _ in 0..2_000 {
                if t.db.statement_count() > before {
                    return Ok(handle);
                }
                tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            }
            panic!("the write never sent a statement");
        })
        .await
        .unwrap();
    let answer = handle.join().unwrap();
    (answer, t.db.statement_count() - before)
}

/// The writes decide on what they read inside their own transaction: a key another connection
/// deleted while the write waited for the lock is NOT_FOUND (not a stale-row CONFLICT), and a
/// deleted key whose name another connection took meanwhile is not restored (ALREADY_EXISTS).
/// Each answer comes after BEGIN and the two reads, with nothing written.
#[tokio::test]
async fn writes_decide_on_what_they_read_inside_their_transaction() {
    use ivr_store::message::{self as sql, AuditItem, KeyChange, NewKey, WriteSet};
    let t = ivr_testkit::fresh_sqlite().await;
    let (t, m, store) = setup(t.db.clone()).await;
    let other = Actor::new("other", "test");
    let audit = |key: &str, action: &str| AuditItem {
        id: uuid::Uuid::new_v4(),
        key: key.into(),
        version_id: None,
        action: action.into(),
        data: "{}".into(),
        before: None,
        after: None,
    };

    // Renaming a key that another connection deletes meanwhile.
    key(&m, store, "GONE", all("a", "b", "c")).await;
    let k = show_key(&m, store, "GONE").await.key;
    let rows = counts(&t.db).await.unwrap();
    let (answer, used) = while_another_connection_writes(
        &t,
        async |c| {
            let change = KeyChange {
                key_id: k.id,
                expected_row_version: k.row_version.clone(),
                published_version: k.published_version,
                display_name: k.display_name.clone(),
                category_id: k.category_id,
                type_id: k.type_id,
                is_active: false,
                audit: audit("GONE", "deleted"),
            };
            sql::change_key(c, &other, &change).await?;
            Ok(())
        },
        move |m| {
            Box::pin(async move {
                let req = UpdateKey {
                    store_id: store,
                    key: "GONE".into(),
                    display_name: Some("renamed".into()),
                    ..Default::default()
                };
                messages::update_key(&m.writable().unwrap(), req).await
            })
        },
    )
    .await;
    let e = answer.expect_err("the key is gone");
    assert_eq!(e.code, ErrorCode::NotFound, "{e:?}");
    assert!(e.message.contains("GONE does not exist"), "{}", e.message);
    assert_eq!(used, 3, "BEGIN, the store, the key: decided inside");
    let mut deleted = rows;
    deleted[4] += 1; // the other connection's audit rows, nothing of the refused rename
    deleted[5] += 1;
    assert_eq!(counts(&t.db).await.unwrap(), deleted);

    // Restoring a deleted key whose name another connection takes meanwhile.
    key(&m, store, "BACK", all("a", "b", "c")).await;
    delete_key(&m, store, "BACK").await;
    let rows = counts(&t.db).await.unwrap();
    let (answer, used) = while_another_connection_writes(
        &t,
        async |c| {
            let set = WriteSet {
                keys: vec![NewKey {
                    key: "BACK".into(),
                    type_id: k.type_id,
                    category_id: k.category_id,
                    display_name: None,
                }],
                audit: vec![audit("BACK", "created")],
                ..Default::default()
            };
            sql::write_set(c, &other, store, &set).await?;
            Ok(())
        },
        move |m| {
            Box::pin(async move {
                messages::restore_key(&m.writable().unwrap(), key_ref(store, "BACK")).await
            })
        },
    )
    .await;
    let e = answer.expect_err("the name is taken");
    assert_eq!(e.code, ErrorCode::AlreadyExists, "{e:?}");
    assert!(e.message.contains("BACK is in use"), "{}", e.message);
    assert_eq!(used, 3, "BEGIN, the store, the key: decided inside");
    let mut created = rows;
    created[1] += 1;
    created[4] += 1;
    created[5] += 1;
    assert_eq!(counts(&t.db).await.unwrap(), created);
    let active = messages::key(&m.db, store, "BACK", false).await.unwrap();
    assert!(
        active.versions.is_empty(),
        "the other connection's new key holds the name; the deleted one stays deleted"
    );
}
