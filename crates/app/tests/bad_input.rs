//! The bad-input corpus: malformed inputs through the app layer (what the CLI and the Tauri
//! commands call), each expected to fail with its stable code, change nothing (every row of every
//! table is the same afterwards) and never panic. Table-driven: one line per input.

use ivr_app::messages::CreateKey;
use ivr_app::{Home, OpenEnvironment, SessionStore, Studio, Target};
use ivr_domain::dict::LanguageFields;
use ivr_domain::message::exchange::ExchangeFormat;
use ivr_domain::message::LanguageContent;
use ivr_domain::routing::RoutingFields;
use ivr_domain::{ErrorCode, Result};
use serde_json::{json, Value};
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

/// Every row of every table, in order: equal dumps mean nothing changed.
fn dump(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<std::result::Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        // Tables WITHOUT ROWID (the FTS5 text index's own `_idx` and `_config`) are read in their
        // key's order.
        let mut stmt = c
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .or_else(|_| c.prepare(&format!("SELECT * FROM \"{t}\"")))
            .unwrap();
        let width = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        out.push_str(&t);
        out.push('\n');
        while let Some(r) = rows.next().unwrap() {
            for i in 0..width {
                out.push_str(&format!("{:?}|", r.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    out
}

type Attempt<'a> = Pin<Box<dyn Future<Output = Result<()>> + 'a>>;

/// The open environment and a draft of the demo flow opened before the corpus runs.
struct Ctx {
    env: OpenEnvironment,
    draft: uuid::Uuid,
}

struct Case<'a> {
    name: String,
    expect: ErrorCode,
    run: Box<dyn Fn(&'a Ctx) -> Attempt<'a> + 'a>,
}

fn case<'a, F, Fut>(name: impl Into<String>, expect: ErrorCode, f: F) -> Case<'a>
where
    F: Fn(&'a Ctx) -> Fut + 'a,
    Fut: Future<Output = Result<()>> + 'a,
{
    Case {
        name: name.into(),
        expect,
        run: Box::new(move |env| Box::pin(f(env))),
    }
}

fn demo_entry() -> Value {
    json!({"sourceId": "+3225559999", "routingId": "acme-care-main", "companyProjectId": 1,
           "messageStoreId": 1, "languageCode": "nl-BE", "initSegment": "language_select",
           "config": {"a": 1}, "featureFlags": {"b": true}})
}

/// A routing entry with one field replaced.
fn routing_with(field: &str, value: Value) -> Value {
    let mut v = demo_entry();
    v[field] = value;
    v
}

async fn create_routing(env: &OpenEnvironment, v: Value) -> Result<()> {
    let fields: RoutingFields = serde_json::from_value(v)
        .map_err(|e| ivr_domain::Error::validation(format!("not a routing entry: {e}")))?;
    ivr_app::routing::create(&env.writable()?, &fields)
        .await
        .map(|_| ())
}

async fn edit_flow(ctx: &Ctx, ops: Value) -> Result<()> {
    let ops: Vec<ivr_domain::flow::EditOp> = serde_json::from_value(ops)
        .map_err(|e| ivr_domain::Error::validation(format!("not edit operations: {e}")))?;
    ivr_app::flow::edit(&ctx.env.writable()?, ctx.draft, &ops)
        .await
        .map(|_| ())
}

async fn create_key(env: &OpenEnvironment, key: String, language: String) -> Result<()> {
    ivr_app::messages::create_key(
        &env.writable()?,
        CreateKey {
            store_id: 1,
            key,
            message_type: "tts".into(),
            category: "welcome".into(),
            display_name: None,
            // Every allowed language, the first one replaced by `language`.
            contents: [language.as_str(), "fr-BE", "en-US"]
                .iter()
                .map(|l| LanguageContent {
                    language: l.to_string(),
                    content: "Hallo".into(),
                    type_settings: None,
                })
                .collect(),
            version_name: None,
        },
    )
    .await
    .map(|_| ())
}

async fn import(env: &OpenEnvironment, format: ExchangeFormat, bytes: Vec<u8>) -> Result<()> {
    ivr_app::messages::import(&env.writable()?, 1, format, &bytes)
        .await
        .map(|_| ())
}

fn cases<'a>() -> Vec<Case<'a>> {
    use ErrorCode::*;
    let mut c: Vec<Case<'a>> = Vec::new();
    let long = "x".repeat(101);
    // Routing: identifiers by the one rule of each concept.
    for (i, bad) in [
        "",
        " ",
        "+32 2 555",
        "\t+3225550100",
        "+3225550100\n",
        "a\u{0}b",
        &"1".repeat(101),
        "sip:care @acme",
        " +3225550100",
        "+3225550100 ",
    ]
    .into_iter()
    .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(
            format!("routing sourceId #{i}"),
            Validation,
            move |ctx| create_routing(&ctx.env, routing_with("sourceId", json!(bad))),
        ));
    }
    for (i, bad) in [
        "",
        "acme care",
        "acme\tcare",
        "x'); DROP TABLE rt_RoutingTable;--",
        long.as_str(),
        "é-flow",
        "a\u{0}",
        "flow\n",
        "\u{200b}",
        " lead",
    ]
    .into_iter()
    .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(
            format!("routing routingId #{i}"),
            Validation,
            move |ctx| create_routing(&ctx.env, routing_with("routingId", json!(bad))),
        ));
    }
    for (i, bad) in [
        "",
        "1start",
        "_x",
        "has space",
        "x'); DROP TABLE t;--",
        "dash-ed",
        "dot.ted",
        "ünïcode",
        long.as_str(),
        "a\u{0}",
        "tab\t",
        "new\nline",
    ]
    .into_iter()
    .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(
            format!("routing initSegment #{i}"),
            Validation,
            move |ctx| create_routing(&ctx.env, routing_with("initSegment", json!(bad))),
        ));
    }
    for (i, bad) in [
        "",
        "dutch",
        "NL-be",
        "nl_BE",
        "nl-",
        "-BE",
        "n",
        "nl-BE-",
        "x-private",
        "nl BE",
        "123",
        "nl-be",
        "NL",
    ]
    .into_iter()
    .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(
            format!("routing languageCode #{i}"),
            Validation,
            move |ctx| create_routing(&ctx.env, routing_with("languageCode", json!(bad))),
        ));
    }
    for (i, bad) in [json!(0), json!(-1), json!("1"), json!(null), json!(1.5)]
        .into_iter()
        .enumerate()
    {
        c.push(case(
            format!("routing companyProjectId #{i}"),
            Validation,
            move |ctx| create_routing(&ctx.env, routing_with("companyProjectId", bad.clone())),
        ));
    }
    for (i, bad) in [json!(0), json!(-3), json!("x")].into_iter().enumerate() {
        c.push(case(
            format!("routing messageStoreId #{i}"),
            Validation,
            move |ctx| create_routing(&ctx.env, routing_with("messageStoreId", bad.clone())),
        ));
    }
    for (field, bads) in [
        (
            "config",
            vec![
                json!([1]),
                json!("text"),
                json!(3),
                json!(true),
                json!([{"a": 1}]),
                // As text (what the editor and the CLI send): kept exactly, so checked exactly.
                json!(r#"{"a": 1, "a": 2}"#),
                json!(r#"{"n": {"k": 1, "k": 1}}"#),
                json!(r#"{"a": "x\u0000"}"#),
                json!(r#"{"a": 1"#),
                json!("{\"a\": 1} trailing"),
            ],
        ),
        (
            "featureFlags",
            vec![
                json!([]),
                json!("on"),
                json!(0),
                json!(false),
                json!([null]),
                json!(r#"{"on": true, "on": false}"#),
                json!(r#"{"k\u0000": 1}"#),
                json!(""),
            ],
        ),
    ] {
        for (i, bad) in bads.into_iter().enumerate() {
            c.push(case(
                format!("routing {field} #{i}"),
                Validation,
                move |ctx| create_routing(&ctx.env, routing_with(field, bad.clone())),
            ));
        }
    }
    for (i, v) in [
        json!({}),
        json!([]),
        json!("entry"),
        json!({"sourceId": "+1"}),
        json!(null),
    ]
    .into_iter()
    .enumerate()
    {
        c.push(case(
            format!("routing shape #{i}"),
            Validation,
            move |ctx| create_routing(&ctx.env, v.clone()),
        ));
    }
    // Routing: references the database must know, and a SourceId already taken.
    c.push(case("routing unknown company project", Validation, |ctx| {
        create_routing(&ctx.env, routing_with("companyProjectId", json!(999)))
    }));
    c.push(case("routing unknown message store", Validation, |ctx| {
        create_routing(&ctx.env, routing_with("messageStoreId", json!(999)))
    }));
    c.push(case("routing unknown language", Validation, |ctx| {
        create_routing(&ctx.env, routing_with("languageCode", json!("sw-KE")))
    }));
    c.push(case("routing SourceId taken", AlreadyExists, |ctx| {
        create_routing(&ctx.env, routing_with("sourceId", json!("+3225550100")))
    }));
    // 10 MB inputs: refused, and the error quotes a capped part of them (checked for every case).
    let big = "k".repeat(5 * 1024 * 1024);
    for (name, field, value) in [
        (
            "routing 10 MB config with a duplicate key",
            "config",
            json!(format!("{{\"{big}\": 1, \"{big}\": 2}}")),
        ),
        (
            "routing 10 MB language code",
            "languageCode",
            json!(big.repeat(2)),
        ),
        (
            "routing 10 MB SourceId",
            "sourceId",
            json!(format!("{big} {big}")),
        ),
        ("routing 10 MB RoutingId", "routingId", json!(big.repeat(2))),
    ] {
        c.push(case(name, Validation, move |ctx| {
            create_routing(&ctx.env, routing_with(field, value.clone()))
        }));
    }
    // Flow edits: names by the segment-name rule, types from the dictionary, wiring that exists.
    for (i, bad) in [
        "",
        "1x",
        "a b",
        "x-y",
        "é",
        "a\u{0}",
        long.as_str(),
        "_lead",
        "semi;colon",
        "q'uote",
    ]
    .into_iter()
    .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(format!("flow add_segment name #{i}"), Validation, move |ctx| {
            edit_flow(ctx, json!([{"op": "add_segment", "name": bad, "segmentType": "play_message", "config": {"messageKey": "WELCOME"}}]))
        }));
    }
    for (i, ty) in ["", "no_such_type", "PLAY_MESSAGE", "play message"]
        .into_iter()
        .enumerate()
    {
        c.push(case(format!("flow add_segment type #{i}"), Validation, move |ctx| {
            edit_flow(ctx, json!([{"op": "add_segment", "name": "fresh", "segmentType": ty, "config": {}}]))
        }));
    }
    for (i, (op, expect)) in [
        (json!({"op": "connect", "segment": "nowhere", "result": "done", "next": "goodbye"}), NotFound),
        (json!({"op": "connect", "segment": "welcome", "result": "timeout", "next": "nowhere"}), Validation),
        (json!({"op": "connect", "segment": "welcome", "result": "bad result!", "next": "goodbye"}), Validation),
        (json!({"op": "connect", "segment": "welcome", "result": "", "next": "goodbye"}), Validation),
        (json!({"op": "delete_segment", "name": "nowhere"}), NotFound),
        (json!({"op": "rename_segment", "name": "welcome", "newName": "bad name"}), Validation),
        (json!({"op": "rename_segment", "name": "nowhere", "newName": "fine_name"}), NotFound),
        (json!({"op": "no_such_op"}), Validation),
        (json!({"op": "add_segment"}), Validation),
        (json!({"name": "missing_op"}), Validation),
    ]
    .into_iter()
    .enumerate()
    {
        c.push(case(format!("flow op #{i}"), expect, move |ctx| {
            edit_flow(ctx, json!([op.clone()]))
        }));
    }
    c.push(case("flow add_segment duplicate name (case-insensitive)", AlreadyExists, |ctx| {
        edit_flow(ctx, json!([{"op": "add_segment", "name": "WELCOME", "segmentType": "play_message", "config": {"messageKey": "WELCOME"}}]))
    }));
    c.push(case("flow add_segment bad config", Validation, |ctx| {
        edit_flow(ctx, json!([{"op": "add_segment", "name": "fresh", "segmentType": "play_message", "config": {"messageKey": 42}}]))
    }));
    for (i, bad) in [
        "",
        "acme care",
        long.as_str(),
        "x'); DROP TABLE t;--",
        "tab\tid",
    ]
    .into_iter()
    .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(
            format!("flow open_draft routingId #{i}"),
            Validation,
            move |ctx| {
                let bad = bad.clone();
                async move {
                    ivr_app::flow::open_draft(&ctx.env.writable()?, &bad, None)
                        .await
                        .map(|_| ())
                }
            },
        ));
    }
    // Message keys: UPPER_SNAKE_CASE, languages of the store, content of the type.
    for (i, bad) in [
        "",
        "welcome",
        "Welcome",
        "WELCOME MSG",
        "WELCOME-MSG",
        "1WELCOME",
        "_WELCOME",
        "WELCOME_",
        "WEL__COME",
        "WÉLCOME",
        &"A".repeat(200),
        "WELCOME;DROP",
        "WELCOME\n",
    ]
    .into_iter()
    .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(
            format!("message key name #{i}"),
            Validation,
            move |ctx| create_key(&ctx.env, bad.clone(), "nl-BE".into()),
        ));
    }
    for (i, bad) in ["", "dutch", "de-DE", "NL-BE", "nl_BE"]
        .into_iter()
        .enumerate()
    {
        let bad = bad.to_string();
        c.push(case(
            format!("message key language #{i}"),
            Validation,
            move |ctx| create_key(&ctx.env, "FRESH_KEY".into(), bad.clone()),
        ));
    }
    c.push(case("message key taken", AlreadyExists, |ctx| {
        create_key(&ctx.env, "WELCOME".into(), "nl-BE".into())
    }));
    // Message import files: all or nothing.
    for (i, text) in [
        "", "not csv at all", "key,type\n", "key,type,category,displayName,version,nl-BE\nlower,tts,welcome,,1,x\n",
        "key,type,category,displayName,version,nl-BE\nFRESH_A,nope,welcome,,1,x\n",
        "key,type,category,displayName,version,nl-BE\nFRESH_A,tts,nope,,1,x\n",
        "key,type,category,displayName,version,xx-YY\nFRESH_A,tts,welcome,,1,x\n",
        "key,type,category,displayName,version,nl-BE\n\"FRESH_A,tts,welcome,,1,x\n",
        "key,type,category,displayName,version,nl-BE\nFRESH_A,tts,welcome,,abc,x\n",
        "key,type,category,displayName,version,nl-BE\nFRESH_A,tts,welcome,,1,x\nFRESH_A,tts,welcome,,1,y\n",
        "key,key,type\nA,B,C\n",
        "key,type,category,displayName,version,nl-BE\nFRESH_A,tts,welcome,,1,x,extra\n",
    ]
    .into_iter()
    .enumerate()
    {
        c.push(case(format!("message CSV import #{i}"), Validation, move |ctx| import(&ctx.env, ExchangeFormat::Csv, text.as_bytes().to_vec())));
    }
    c.push(case("message CSV import not UTF-8", Validation, |ctx| {
        import(&ctx.env, ExchangeFormat::Csv, vec![b'k', 0xff, 0xfe, b'\n'])
    }));
    for (i, text) in [
        "",
        "{",
        "[]",
        "null",
        "42",
        "{\"format\": \"other\"}",
        "{\"format\": \"ivr-studio.messages\"}",
        "{\"format\": \"ivr-studio.messages\", \"messages\": 3}",
        "{\"format\": \"ivr-studio.messages\", \"messages\": [{\"key\": \"lower\"}]}",
        "{\"a\": 1, \"a\": 2}",
    ]
    .into_iter()
    .enumerate()
    {
        c.push(case(
            format!("message JSON import #{i}"),
            Validation,
            move |ctx| import(&ctx.env, ExchangeFormat::Json, text.as_bytes().to_vec()),
        ));
    }
    // Dictionaries.
    for (i, (code, name)) in [
        ("", "Empty"),
        ("dutch", "Dutch"),
        ("NL-BE", "Shouting"),
        ("nl_BE", "Underscore"),
        ("sw-KE", ""),
        ("sw-KE", " "),
        ("sw-KE", "tab\there"),
        ("nl-BE", "Taken"),
    ]
    .into_iter()
    .enumerate()
    {
        let expect = if code == "nl-BE" {
            AlreadyExists
        } else {
            Validation
        };
        c.push(case(
            format!("language add #{i}"),
            expect,
            move |ctx| async move {
                let f = LanguageFields {
                    language_code: code.into(),
                    display_name: name.into(),
                };
                ivr_app::dict::language_add(&ctx.env.writable()?, &f)
                    .await
                    .map(|_| ())
            },
        ));
    }
    c
}

#[tokio::test]
async fn every_bad_input_is_refused_with_its_code_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let studio = Studio::new(Home::at(dir.path()), Arc::new(SessionStore::new()));
    let env = studio.open(&Target::env("local")).await.unwrap();
    let draft = ivr_app::flow::open_draft(&env.writable().unwrap(), "acme-care-main", None)
        .await
        .unwrap()
        .change_set_id;
    let ctx = Ctx { env, draft };
    let db = dir.path().join("data/local.sqlite");
    let cases = cases();
    let before = dump(&db);
    let mut wrong = Vec::new();
    let mut by_code = std::collections::BTreeMap::<String, usize>::new();
    for c in &cases {
        // A panic fails the test; the name printed last is the input that caused it.
        eprintln!("bad input: {}", c.name);
        match (c.run)(&ctx).await {
            Ok(()) => wrong.push(format!("{}: accepted", c.name)),
            Err(e) if e.code != c.expect => wrong.push(format!(
                "{}: {} (expected {}): {}",
                c.name,
                e.code,
                c.expect,
                ivr_domain::quote(&e.message)
            )),
            // Every detail crosses the boundary as one object of ErrorDetail's keys (the type
            // allows nothing else; this checks what the UI and `--json` receive).
            Err(e)
                if !matches!(
                    e.detail_json(),
                    serde_json::Value::Object(_) | serde_json::Value::Null
                ) =>
            {
                wrong.push(format!(
                    "{}: detail is not an object: {}",
                    c.name,
                    e.detail_json()
                ))
            }
            // No error echoes a large input back: what crosses the boundary stays small.
            Err(e) if serde_json::to_string(&e).map_or(0, |j| j.len()) > 8 * 1024 => {
                wrong.push(format!(
                    "{}: the error is {} bytes as JSON",
                    c.name,
                    serde_json::to_string(&e).map_or(0, |j| j.len())
                ))
            }
            Err(e) => *by_code.entry(e.code.to_string()).or_default() += 1,
        }
        if dump(&db) != before {
            panic!("{}: the database changed", c.name);
        }
    }
    println!(
        "bad-input corpus: {} inputs, refused by code {by_code:?}",
        cases.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(cases.len() >= 150, "{} inputs", cases.len());
}
