use super::content::*;
use super::exchange::*;
use super::*;
use crate::ErrorCode;

/// The cases the editor's own checks run too (`ui/src/lib/messageChecks.test.ts`): what each
/// check accepts (`ok`) and refuses (`bad`).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckCases {
    keys: Cases,
    ssml: Cases,
    audio_urls: Cases,
    empty_text: Cases,
    placeholders: PlaceholderCases,
}

#[derive(serde::Deserialize)]
struct Cases {
    ok: Vec<String>,
    bad: Vec<String>,
}

/// Placeholders found in a text, versions whose languages agree, and versions whose languages
/// differ in exactly the `differing` placeholders.
#[derive(serde::Deserialize)]
struct PlaceholderCases {
    found: Vec<Found>,
    same: Vec<Vec<LanguageContent>>,
    differ: Vec<Differ>,
}

#[derive(serde::Deserialize)]
struct Found {
    text: String,
    placeholders: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Differ {
    contents: Vec<LanguageContent>,
    differing: Vec<String>,
}

fn check_cases() -> CheckCases {
    let cases: CheckCases =
        serde_json::from_str(include_str!("check_cases.json")).expect("check_cases.json");
    for c in [
        &cases.keys,
        &cases.ssml,
        &cases.audio_urls,
        &cases.empty_text,
    ] {
        assert!(
            !c.ok.is_empty() && !c.bad.is_empty(),
            "every check has cases"
        );
    }
    let p = &cases.placeholders;
    assert!(!p.found.is_empty() && !p.same.is_empty() && !p.differ.is_empty());
    cases
}

fn langs() -> Vec<String> {
    vec!["nl-BE".into(), "fr-BE".into(), "en-US".into()]
}

fn message_type(id: i64, code: &str, settings_schema: Option<&str>) -> MessageType {
    MessageType {
        message_type_id: id,
        code: code.into(),
        display_name: code.into(),
        settings_schema: settings_schema.map(crate::routing::parse_stored_json),
        default_settings: None,
        is_active: true,
    }
}

fn tts() -> MessageType {
    message_type(
        1,
        "tts",
        Some(
            r#"{"type":"object","properties":{"rate":{"type":"number","minimum":0.5,"maximum":2}},"additionalProperties":false}"#,
        ),
    )
}

fn audio() -> MessageType {
    message_type(2, "audio_url", None)
}

fn category(id: i64, code: &str) -> crate::dict::MessageCategory {
    crate::dict::MessageCategory {
        category_id: id,
        code: code.into(),
        display_name: code.into(),
        icon: None,
        color: None,
        is_active: true,
    }
}

fn c(lang: &str, text: &str) -> LanguageContent {
    LanguageContent {
        language: lang.into(),
        content: text.into(),
        type_settings: None,
    }
}

fn full(text: &str) -> Vec<LanguageContent> {
    langs().iter().map(|l| c(l, text)).collect()
}

fn fields(e: &crate::Error) -> Vec<(String, String)> {
    e.detail_view()
        .fields
        .unwrap_or_default()
        .into_iter()
        .map(|f| (f.field, f.message))
        .collect()
}

#[test]
fn keys_are_upper_snake_case_up_to_64() {
    let cases = check_cases().keys;
    for ok in cases.ok.iter().chain([&"A".repeat(64)]) {
        assert!(check_message_key(ok).is_ok(), "{ok}");
    }
    for bad in &cases.bad {
        assert!(check_message_key(bad).is_err(), "{bad}");
    }
    let long = "A".repeat(65);
    let m = check_message_key(&long).unwrap_err();
    assert!(m.contains("65 characters") && m.contains("64"), "{m}");
    let e = validate_message_key("welcome").unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(e.message.contains("UPPER_SNAKE_CASE"));
}

#[test]
fn store_languages_need_active_languages_and_default_among_them() {
    let active: BTreeSet<String> = ["nl-BE", "fr-BE", "en-US", "de-DE"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(validate_store_languages(&langs(), "nl-BE", &active).is_ok());
    let e = validate_store_languages(&langs(), "de-DE", &active).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message
            .contains("de-DE is not one of the allowed languages"),
        "{}",
        e.message
    );
    let e = validate_store_languages(
        &["nl-BE".into(), "xx-XX".into(), "nl-BE".into()],
        "nl-BE",
        &active,
    )
    .unwrap_err();
    let f = fields(&e);
    assert!(f
        .iter()
        .any(|(_, m)| m.contains("xx-XX is not an active language")));
    assert!(f.iter().any(|(_, m)| m.contains("listed twice")));
    assert!(validate_store_languages(&[], "nl-BE", &active).is_err());
}

#[test]
fn language_change_explains_the_policy() {
    let new = ["nl-BE".into(), "fr-BE".into(), "de-DE".into()];
    let ch = language_change((&langs(), "nl-BE"), (&new, "nl-BE"));
    assert_eq!(ch.added, vec!["de-DE".to_string()]);
    assert_eq!(ch.removed, vec!["en-US".to_string()]);
    assert!(ch.effect.contains("kept (not deleted)"));
    assert!(ch.effect.contains("falls back to the default language"));
    assert!(!ch.effect.contains("default language becomes"));
    assert_eq!(
        language_change((&langs(), "nl-BE"), (&langs(), "nl-BE")).effect,
        "no change"
    );
}

#[test]
fn language_change_names_a_new_default_language() {
    // Only the default changes: the languages stay, but callers fall back to another one.
    let ch = language_change((&langs(), "nl-BE"), (&langs(), "fr-BE"));
    assert!(ch.added.is_empty() && ch.removed.is_empty());
    assert_eq!(
        ch.effect,
        "the default language becomes fr-BE (was nl-BE): callers whose language has no content hear fr-BE"
    );
    // With a language removed too, both are said.
    let new = ["nl-BE".into(), "fr-BE".into()];
    let ch = language_change((&langs(), "en-US"), (&new, "nl-BE"));
    assert_eq!(ch.removed, vec!["en-US".to_string()]);
    assert!(ch.effect.contains("content in en-US is kept"));
    assert!(ch.effect.ends_with("the default language becomes nl-BE (was en-US): callers whose language has no content hear nl-BE"));
}

#[test]
fn version_must_have_every_allowed_language_and_names_the_missing_ones() {
    assert!(validate_version(&tts(), &langs(), &full("Hallo"), None).is_ok());
    let e = validate_version(&tts(), &langs(), &[c("nl-BE", "Hallo")], None).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message.contains("missing languages fr-BE, en-US"),
        "{}",
        e.message
    );
    let mut extra = full("x");
    extra.push(c("de-DE", "x"));
    extra.push(c("nl-BE", "y"));
    let e = validate_version(&tts(), &langs(), &extra, None).unwrap_err();
    assert!(e.message.contains("de-DE is not allowed"), "{}", e.message);
    assert!(e.message.contains("given twice"), "{}", e.message);
}

#[test]
fn publishing_needs_a_complete_version() {
    assert!(check_publishable(2, &langs(), &["nl-BE", "fr-BE", "en-US"]).is_ok());
    let e = check_publishable(2, &langs(), &["nl-BE", "fr-BE"]).unwrap_err();
    assert!(
        e.message.contains("version 2 has no content in en-US"),
        "{}",
        e.message
    );
}

#[test]
fn ssml_is_checked_when_content_starts_with_speak() {
    let cases = check_cases().ssml;
    for s in &cases.ok {
        assert!(
            check_content(ContentKind::Tts, s).is_ok(),
            "{s}: {:?}",
            check_content(ContentKind::Tts, s)
        );
    }
    for s in &cases.bad {
        let r = check_content(ContentKind::Tts, s);
        assert!(r.is_err(), "{s} should be refused");
    }
    // Plain text is not SSML: an ampersand is fine there.
    assert!(check_content(ContentKind::Tts, "Tom & Jerry <3").is_ok());
}

#[test]
fn audio_urls_must_be_absolute_https() {
    let cases = check_cases().audio_urls;
    for ok in &cases.ok {
        assert!(check_content(ContentKind::AudioUrl, ok).is_ok(), "{ok}");
    }
    for bad in &cases.bad {
        assert!(check_content(ContentKind::AudioUrl, bad).is_err(), "{bad}");
    }
    let m = check_content(ContentKind::AudioUrl, "http://x/a.wav").unwrap_err();
    assert!(m.contains("https") && m.contains("http:"), "{m}");
}

#[test]
fn texts_must_not_be_empty() {
    let cases = check_cases().empty_text;
    let kinds = [
        ContentKind::Tts,
        ContentKind::LlmMessage,
        ContentKind::LlmPrompt,
        ContentKind::Other,
    ];
    for kind in kinds {
        for ok in &cases.ok {
            assert!(check_content(kind, ok).is_ok(), "{kind:?} {ok:?}");
        }
        for bad in &cases.bad {
            let m = check_content(kind, bad).unwrap_err();
            assert!(m.contains("empty"), "{kind:?} {bad:?}: {m}");
        }
    }
}

#[test]
fn placeholders_are_found_and_compared() {
    let cases = check_cases().placeholders;
    for f in &cases.found {
        let found: Vec<String> = placeholders(&f.text).into_iter().collect();
        assert_eq!(found, f.placeholders, "{}", f.text);
    }
    for same in &cases.same {
        assert!(check_placeholder_sets(same).is_ok(), "{same:?}");
    }
    for d in &cases.differ {
        let m = check_placeholder_sets(&d.contents).unwrap_err();
        // The message names exactly the placeholders that are not in every language.
        let named: Vec<String> = placeholders(&m).into_iter().collect();
        assert_eq!(named, d.differing, "{m}");
        assert!(m.starts_with("placeholders differ"), "{m}");
    }
    let bad = &cases.differ[0].contents;
    let m = check_placeholder_sets(bad).unwrap_err();
    assert!(m.contains("fr-BE lacks {name} and adds {nom}"), "{m}");
    let e = validate_version(&tts(), &langs(), bad, None).unwrap_err();
    assert!(e.message.contains("placeholders differ"));
}

#[test]
fn settings_are_checked_against_the_type_schema() {
    let mut v = full("x");
    v[0].type_settings = Some(r#"{"rate":1.5}"#.into());
    assert!(validate_version(&tts(), &langs(), &v, None).is_ok());
    v[1].type_settings = Some(r#"{"rate":5}"#.into());
    v[2].type_settings = Some(r#"{"pitch":1}"#.into());
    let e = validate_version(&tts(), &langs(), &v, None).unwrap_err();
    let f = fields(&e);
    assert!(f.iter().any(|(k, _)| k == "typeSettings.fr-BE"), "{f:?}");
    assert!(f.iter().any(|(k, _)| k == "typeSettings.en-US"), "{f:?}");
    v[1].type_settings = Some("not json".into());
    v[2].type_settings = Some("[1]".into());
    let f = fields(&validate_version(&tts(), &langs(), &v, None).unwrap_err());
    assert!(f.iter().any(|(_, m)| m.contains("not JSON")));
    assert!(f.iter().any(|(_, m)| m.contains("JSON object")));
    // A broken schema in the dictionary is reported as such.
    let mut broken = tts();
    broken.settings_schema = Some(serde_json::json!({"type": 12}));
    let e = validate_version(&broken, &langs(), &full("x"), None).unwrap_err();
    assert!(
        e.message
            .contains("in the dictionary is not a valid JSON Schema"),
        "{}",
        e.message
    );
    // Stored schema text that is not JSON (read as a string) is named as such; blank is no schema.
    let not_json = message_type(3, "tts", Some("{not json"));
    let e = validate_version(&not_json, &langs(), &full("x"), None).unwrap_err();
    assert!(
        e.message
            .contains("SettingsSchema of message type tts in the dictionary is not JSON"),
        "{}",
        e.message
    );
    let blank = message_type(3, "tts", Some("  "));
    assert!(validate_version(&blank, &langs(), &full("x"), None).is_ok());
}

#[test]
fn all_problems_of_a_version_are_reported_at_once() {
    let v = vec![c("nl-BE", "http://x/a.wav"), c("fr-BE", "")];
    let e = validate_version(&audio(), &langs(), &v, Some(&"n".repeat(201))).unwrap_err();
    let f = fields(&e);
    assert!(f.len() >= 4, "{f:?}");
}

#[test]
fn version_numbers_and_the_ten_slot_limit() {
    assert_eq!(next_version_number(&[], None).unwrap(), 1);
    assert_eq!(next_version_number(&[1, 2, 3], Some(2)).unwrap(), 4);
    assert_eq!(next_version_number(&[2, 3, 10], Some(2)).unwrap(), 1);
    let all: Vec<i32> = (1..=10).collect();
    let e = next_version_number(&all, Some(4)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message.contains("delete a version that is not published"),
        "{}",
        e.message
    );
    assert!(!e.detail_json()["deletableVersions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v == "4"));
    assert!(check_version_deletable(3, Some(3)).is_err());
    assert!(check_version_deletable(2, Some(3)).is_ok());
}

#[test]
fn voices_must_speak_the_language() {
    assert!(check_voice("nl-BE", "nl-BE-Wavenet-A", "nl-BE", &langs()).is_ok());
    let e = check_voice("fr-BE", "nl-BE-Wavenet-A", "nl-BE", &langs()).unwrap_err();
    assert!(e.message.contains("speaks nl-BE, not fr-BE"));
    assert!(check_voice("de-DE", "de-x", "de-DE", &langs()).is_err());
}

#[test]
fn key_filter_normalises() {
    let f = KeyFilter {
        text: Some(" welc ".into()),
        ..Default::default()
    }
    .normalized()
    .unwrap();
    assert_eq!(f.text.as_deref(), Some("WELC"));
    assert_eq!(f.limit, 50);
    let f = KeyFilter {
        content: Some(" Été À ".into()),
        ..Default::default()
    }
    .normalized()
    .unwrap();
    assert_eq!(f.content.as_deref(), Some("été à"));
    let blank = KeyFilter {
        content: Some("   ".into()),
        ..Default::default()
    };
    assert_eq!(blank.normalized().unwrap().content, None);
    assert!(KeyFilter {
        content: Some("x".repeat(201)),
        ..Default::default()
    }
    .normalized()
    .is_err());
    assert!(KeyFilter {
        limit: 501,
        ..Default::default()
    }
    .normalized()
    .is_err());
}

#[test]
fn same_content_ignores_settings_formatting_and_other_languages() {
    let mut a = full("x");
    let mut b = full("x");
    a[0].type_settings = Some(r#"{"rate": 1}"#.into());
    b[0].type_settings = Some(r#"{"rate":1}"#.into());
    assert!(same_content(&a, &b, &langs()));
    b.push(c("de-DE", "extra"));
    assert!(same_content(&a, &b, &langs()));
    b[1].content = "y".into();
    assert!(!same_content(&a, &b, &langs()));
}

// ---------------------------------------------------------------- exchange files

fn target() -> ImportTarget {
    let mut keys = BTreeMap::new();
    keys.insert(
        "WELCOME".to_string(),
        ExistingKey {
            type_code: "tts".into(),
            category: "welcome".into(),
            display_name: Some("Welcome".into()),
            active: true,
            versions: vec![1, 2],
            published: Some(1),
            latest: vec![
                LanguageContent {
                    language: "nl-BE".into(),
                    content: "Welkom".into(),
                    type_settings: Some(r#"{"rate":1.1}"#.into()),
                },
                c("fr-BE", "Bienvenue"),
                c("en-US", "Welcome"),
            ],
        },
    );
    keys.insert(
        "FULL".to_string(),
        ExistingKey {
            type_code: "tts".into(),
            category: "menu".into(),
            active: true,
            versions: (1..=10).collect(),
            published: Some(10),
            latest: full("full"),
            ..Default::default()
        },
    );
    keys.insert(
        "GONE".to_string(),
        ExistingKey {
            type_code: "tts".into(),
            category: "menu".into(),
            active: false,
            versions: vec![1],
            latest: full("gone"),
            ..Default::default()
        },
    );
    ImportTarget {
        allowed: langs(),
        types: vec![tts(), audio()],
        categories: vec![category(1, "welcome"), category(2, "menu")],
        keys,
    }
}

#[test]
fn csv_roundtrip_is_byte_exact_for_any_script() {
    let tricky = [
        "مرحبا بكم \"quoted\" -- ok",
        "欢迎光临，请按 1",
        "emoji 👋🏽 and e\u{301} combining",
        "line one\r\nline two\nline three",
        "semi;colon, comma",
        " leading and trailing ",
        "'; DROP TABLE x; --",
    ];
    let rows: Vec<CsvRow> = tricky
        .iter()
        .enumerate()
        .map(|(i, t)| CsvRow {
            key: format!("K_{i}"),
            message_type: "tts".into(),
            category: "welcome".into(),
            display_name: Some(format!("name \"{i}\"")),
            version: Some(1),
            contents: langs().iter().map(|l| c(l, t)).collect(),
        })
        .collect();
    let text = export_csv(&langs(), &rows);
    let parsed = super::csv::parse(text.as_bytes());
    assert_eq!(parsed.errors, vec![]);
    let parsed = parsed.records;
    assert_eq!(parsed.len(), rows.len() + 1);
    for (r, p) in rows.iter().zip(&parsed[1..]) {
        assert_eq!(p.fields[0], r.key);
        assert_eq!(p.fields[3], r.display_name.clone().unwrap());
        for (i, l) in langs().iter().enumerate() {
            let want = &r
                .contents
                .iter()
                .find(|c| &c.language == l)
                .unwrap()
                .content;
            assert_eq!(&p.fields[5 + i], want);
        }
    }
    // Planned as new keys, content is carried byte-exact.
    let plan = plan_csv(text.as_bytes(), &target());
    assert!(plan.is_ok(), "{:?}", plan.errors);
    assert_eq!(plan.keys_created, tricky.len());
    for (item, t) in plan.items.iter().zip(tricky) {
        assert!(item.new_versions[0].contents.iter().all(|c| c.content == t));
    }
}

#[test]
fn csv_reader_refuses_broken_quoting_with_the_line() {
    let only_error = |bytes: &[u8]| {
        let p = super::csv::parse(bytes);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        p.errors[0].clone()
    };
    let e = only_error(b"key,nl-BE\nA,\"open\nB,x\n");
    assert_eq!(e.line, 2);
    assert!(e.message.contains("never closed"));
    let e = only_error(b"key,nl-BE\nA,ok\nB,\"x\"y\n");
    assert_eq!(e.line, 3);
    let e = only_error(b"key,nl-BE\nA,ok\nB,x\"y\n");
    assert_eq!(e.line, 3);
    let p = super::csv::parse(b"key,nl-BE\nA,ok\r\nB,\xff\xfe\n");
    assert_eq!(
        p.records,
        vec![],
        "a file that is not UTF-8 is not read at all"
    );
    assert_eq!(p.errors[0].line, 3);
    assert!(p.errors[0].message.contains("UTF-8"));
    // Semicolons (spreadsheets in nl-BE/fr-BE) and a BOM are accepted.
    let p = super::csv::parse("\u{feff}key;nl-BE\r\nA;\"x;y\"\r\n\r\n".as_bytes());
    assert_eq!(p.errors, vec![]);
    assert_eq!(p.records.len(), 2);
    assert_eq!(p.records[1].fields, vec!["A", "x;y"]);
}

#[test]
fn csv_reader_goes_on_after_a_broken_line_until_a_quote_never_closed() {
    let p = super::csv::parse(
        b"key,nl-BE\r\nA,\"x\"y\r\nB,ok\r\nC,x\"y\nD,\"two\nlines\"\nE,\"open\nF,x\n",
    );
    let lines: Vec<usize> = p.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![2, 4, 7], "{:?}", p.errors);
    assert!(p.errors[2].message.contains("never closed"));
    // The broken lines' records are dropped; the others are read, a cell over two lines too.
    let read: Vec<(usize, &str)> = p
        .records
        .iter()
        .map(|r| (r.line, r.fields[0].as_str()))
        .collect();
    assert_eq!(read, vec![(1, "key"), (3, "B"), (5, "D")]);
    assert_eq!(p.records[2].fields[1], "two\nlines");
}

#[test]
fn csv_plan_lists_every_problem_of_a_file_at_once() {
    // An unknown column, a key twice, placeholders that differ, a lowercase key, a broken quote.
    let plan = csv_plan(concat!(
        "key,type,category,nl-BE,fr-BE,en-US,tlh-KL\r\n",
        "WELCOME,,,Welkom,Bienvenue,Welcome,nuqneH\r\n",
        "WELCOME,,,Dag,Salut,Hi,nuqneH\r\n",
        "K_NAME,tts,welcome,Dag {name},Salut,Hi {name},x\r\n",
        "bad key,tts,welcome,a,b,c,d\r\n",
        "K_QUOTE,tts,welcome,\"a\"b,c,d,e\r\n",
    ));
    let lines: Vec<usize> = plan.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![1, 3, 4, 5, 6], "{:?}", plan.errors);
    assert!(plan.errors[0]
        .message
        .contains("'tlh-KL' is not a language"));
    assert!(plan.errors[1].message.contains("two rows (lines 2 and 3)"));
    assert!(plan.errors[2].message.contains("{name}"));
    assert!(!plan.is_ok());
    // Without the key column (or an allowed language's) the rows cannot be read: the header's
    // problems only.
    let plan = csv_plan("name,nl-BE,fr-BE,en-US\r\nbad key,a,b,c\r\n");
    assert!(plan.errors.iter().all(|e| e.line == 1), "{:?}", plan.errors);
    // A header line that cannot be read is the one problem named.
    let plan = csv_plan("key,\"nl-BE\"x,fr-BE,en-US\r\nbad key,a,b,c\r\n");
    assert_eq!(plan.errors.len(), 1, "{:?}", plan.errors);
    assert_eq!(plan.errors[0].line, 1);
}

fn csv_plan(text: &str) -> ImportPlan {
    plan_csv(text.as_bytes(), &target())
}

#[test]
fn csv_plan_creates_new_keys_and_new_versions_never_edits() {
    let plan = csv_plan(
        "key,type,category,displayName,nl-BE,fr-BE,en-US\n\
         NEW_ONE,tts,menu,New,Hallo {x},Salut {x},Hi {x}\n\
         WELCOME,tts,welcome,Welcome,Welkom!,Bienvenue,Welcome\n",
    );
    assert!(plan.is_ok(), "{:?}", plan.errors);
    assert_eq!(plan.keys_created, 1);
    assert_eq!(plan.versions_created, 2);
    let w = &plan.items[1];
    assert_eq!(w.action, PlanAction::NewVersion);
    assert_eq!(w.versions, vec![3]);
    // TypeSettings carried over from the latest version.
    assert_eq!(
        w.new_versions[0].contents[0].type_settings.as_deref(),
        Some(r#"{"rate":1.1}"#)
    );
    // Same content is unchanged.
    let plan = csv_plan("key,nl-BE,fr-BE,en-US\nWELCOME,Welkom,Bienvenue,Welcome\n");
    assert!(plan.is_ok(), "{:?}", plan.errors);
    assert_eq!(plan.unchanged, 1);
    assert_eq!(plan.versions_created, 0);
}

#[test]
fn csv_plan_reports_every_error_with_its_line() {
    let plan = csv_plan(
        "key,type,category,nl-BE,fr-BE,en-US\n\
         lower_key,tts,menu,a,b,c\n\
         MISSING_LANG,tts,menu,a,,c\n\
         DUP,tts,menu,a,b,c\n\
         DUP,tts,menu,a,b,c\n\
         FULL,tts,menu,new,new,new\n\
         GONE,tts,menu,x,y,z\n\
         BAD_TYPE,nope,menu,a,b,c\n\
         PLACE,tts,menu,{a},{b},{a}\n\
         SHORT,tts\n",
    );
    let lines: Vec<usize> = plan.errors.iter().map(|e| e.line).collect();
    for l in [2, 3, 5, 6, 8, 9, 10] {
        assert!(
            lines.contains(&l),
            "no error on line {l}: {:?}",
            plan.errors
        );
    }
    assert!(!lines.contains(&4));
    let msg = |l: usize| {
        plan.errors
            .iter()
            .filter(|e| e.line == l)
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(msg(3).contains("fr-BE"), "{}", msg(3));
    assert!(msg(5).contains("lines 4 and 5"), "{}", msg(5));
    assert!(msg(6).contains("delete a version"), "{}", msg(6));
    assert!(!lines.contains(&7), "a deleted key's name is free");
    assert!(!plan.is_ok());
}

#[test]
fn csv_header_problems() {
    let plan = csv_plan("key,nl-BE,fr-BE\nA,x,y\n");
    assert_eq!(plan.errors.len(), 1);
    assert!(plan.errors[0].message.contains("no column for en-US"));
    assert_eq!(plan.errors[0].line, 1);
    let plan = csv_plan("key,nl-BE,fr-BE,en-US,de-DE\nA,x,y,z,w\n");
    assert!(plan.errors[0]
        .message
        .contains("'de-DE' is not a language of this store"));
    let plan = csv_plan("nl-BE,fr-BE,en-US\nx,y,z\n");
    assert!(plan.errors[0].message.contains("no 'key' column"));
    let plan = csv_plan("");
    assert!(plan.errors[0].message.contains("empty"));
    let plan = plan_csv(b"key,nl-BE,fr-BE,en-US\nA,\"x,y,z\n", &target());
    assert_eq!(plan.errors[0].line, 2);
}

fn json_file(messages: serde_json::Value) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "format": FORMAT, "formatVersion": 1,
        "store": {"name": "s", "allowedLanguages": langs(), "defaultLanguage": "nl-BE"},
        "messages": messages,
    }))
    .unwrap()
}

fn content_json(text: &str) -> serde_json::Value {
    serde_json::Value::Array(
        langs()
            .iter()
            .map(|l| serde_json::json!({"language": l, "content": text}))
            .collect(),
    )
}

#[test]
fn json_plan_keeps_versions_and_published_pointer_for_new_keys() {
    let text = json_file(serde_json::json!([
        {"key": "NEW_KEY", "type": "tts", "category": "menu", "displayName": "d", "publishedVersion": 2,
         "versions": [
            {"version": 1, "content": content_json("one")},
            {"version": 2, "name": "second", "content": [
                {"language": "nl-BE", "content": "twee", "typeSettings": {"rate": 1.2}},
                {"language": "fr-BE", "content": "deux"},
                {"language": "en-US", "content": "two"}]}
         ]},
        {"key": "WELCOME", "type": "tts", "category": "welcome", "versions": [{"version": 7, "content": content_json("changed")}]}
    ]));
    let plan = plan_json(&text, &target());
    assert!(plan.is_ok(), "{:?}", plan.errors);
    assert_eq!(plan.items[0].versions, vec![1, 2]);
    assert_eq!(plan.items[0].publish, Some(2));
    assert_eq!(
        plan.items[0].new_versions[1].contents[0]
            .type_settings
            .as_deref(),
        Some(r#"{"rate":1.2}"#)
    );
    assert_eq!(plan.items[1].action, PlanAction::NewVersion);
    assert_eq!(plan.items[1].versions, vec![3]);
}

#[test]
fn plan_items_list_the_languages_that_change_with_both_texts() {
    let change = |l: &str, before: Option<&str>, after: &str| TextChange {
        language: l.into(),
        before: before.map(Into::into),
        after: after.into(),
    };
    let text = json_file(serde_json::json!([
        // A created key: the languages of its highest version, whatever the file's order.
        {"key": "NEW_KEY", "type": "tts", "category": "menu", "versions": [
            {"version": 2, "content": [
                {"language": "en-US", "content": "two"},
                {"language": "nl-BE", "content": "twee"},
                {"language": "fr-BE", "content": "deux"}]},
            {"version": 1, "content": content_json("one")}]},
        // Only nl-BE's settings differ from the latest version: its text is the same on both sides.
        {"key": "WELCOME", "type": "tts", "category": "welcome", "versions": [{"version": 1, "content": [
            {"language": "nl-BE", "content": "Welkom", "typeSettings": {"rate": 1.3}},
            {"language": "fr-BE", "content": "Bienvenue"},
            {"language": "en-US", "content": "Welcome"}]}]}
    ]));
    let plan = plan_json(&text, &target());
    assert!(plan.is_ok(), "{:?}", plan.errors);
    assert_eq!(
        plan.items[0].changes,
        vec![
            change("nl-BE", None, "twee"),
            change("fr-BE", None, "deux"),
            change("en-US", None, "two")
        ]
    );
    assert_eq!(plan.items[1].action, PlanAction::NewVersion);
    assert_eq!(
        plan.items[1].changes,
        vec![change("nl-BE", Some("Welkom"), "Welkom")]
    );
    // The latest version's settings, laid out differently: no change, nothing listed.
    let same = text.replace("1.3", "1.1");
    let plan = plan_json(&same, &target());
    assert_eq!(
        (plan.items[1].action, plan.items[1].changes.len()),
        (PlanAction::Unchanged, 0)
    );
}

#[test]
fn a_long_text_is_cut_around_its_first_difference() {
    let cut = |before: Option<&str>, after: &str| change_excerpts(before, after);
    // Short texts are whole, emoji and Arabic included.
    assert_eq!(
        cut(Some("مرحبا 👋"), "أهلا 👋"),
        (Some("مرحبا 👋".into()), "أهلا 👋".into())
    );
    // 1,000 characters that differ at the 600th: the window starts 40 characters before it.
    let old = "a".repeat(1000);
    let new = format!("{}B{}", "a".repeat(599), "a".repeat(400));
    let (b, a) = cut(Some(&old), &new);
    let window = |s: &str| s.trim_matches('…').chars().count();
    assert_eq!((window(b.as_deref().unwrap()), window(&a)), (160, 160));
    assert!(b.as_deref().unwrap().starts_with('…') && b.as_deref().unwrap().ends_with('…'));
    assert_eq!(a.chars().position(|c| c == 'B'), Some(41), "{a}");
    // A difference at the very end: the window ends there, not after it.
    let longer = format!("{old}!");
    let (b, a) = cut(Some(&old), &longer);
    assert!(
        a.ends_with("a!") && !b.as_deref().unwrap().ends_with('…'),
        "{a}"
    );
    assert_ne!(b.as_deref(), Some(a.as_str()));
    // A new long text: its beginning; cut by character, never inside one.
    let (b, a) = cut(None, &"👋".repeat(200));
    assert_eq!((b, a.chars().count()), (None, 161));
    assert!(a.ends_with("👋…"));
    // Equal texts (only settings differ) stay equal.
    let (b, a) = cut(Some(&old), &old);
    assert_eq!(b.as_deref(), Some(a.as_str()));
}

#[test]
fn json_plan_errors_carry_the_line_of_the_message() {
    let text = json_file(serde_json::json!([
        {"key": "OK_KEY", "type": "tts", "category": "menu", "versions": [{"version": 1, "content": content_json("x")}]},
        {"key": "BAD_URL", "type": "audio_url", "category": "menu", "versions": [{"version": 1, "content": content_json("http://x/a.wav")}]},
        {"key": "OK_KEY", "type": "tts", "category": "menu", "versions": [{"version": 1, "content": content_json("x")}]},
        {"key": "NO_SUCH", "typo": 1},
        {"key": "V11", "type": "tts", "category": "menu", "versions": [{"version": 11, "content": content_json("x")}]},
        {"key": "PUB", "type": "tts", "category": "nope", "publishedVersion": 3, "versions": [{"version": 1, "content": content_json("x")}]}
    ]));
    let lines = message_start_lines(&text);
    let plan = plan_json(&text, &target());
    let on = |i: usize| plan.errors.iter().filter(|e| e.line == lines[i]).count();
    assert_eq!(on(0), 0);
    assert!(on(1) >= 1, "{:?}", plan.errors);
    assert!(on(2) >= 1);
    assert!(on(3) >= 1);
    assert!(on(4) >= 1);
    assert!(on(5) >= 2, "{:?}", plan.errors);
    assert!(plan.errors.iter().any(|e| e.message.contains("https")));
}

fn message_start_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("\"key\""))
        .map(|(i, _)| i) // the object's `{` is on the line before `"key"` in pretty output
        .collect()
}

#[test]
fn json_syntax_and_format_errors() {
    let plan = plan_json(
        "{\n \"format\": \"ivr-message-store\",\n oops\n}",
        &target(),
    );
    assert_eq!(plan.errors.len(), 1);
    assert_eq!(plan.errors[0].line, 3);
    let plan = plan_json("{\"format\": \"other\"}", &target());
    assert!(plan.errors[0].message.contains("not a message store file"));
    let plan = plan_json("[1]", &target());
    assert!(!plan.is_ok());
}

#[test]
fn json_export_roundtrips() {
    let file = StoreFile {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        store: StoreHeader {
            name: "care".into(),
            customer_id: Some("acme".into()),
            project_id: Some("care".into()),
            allowed_languages: langs(),
            default_language: "nl-BE".into(),
            voices: vec![VoiceFile {
                language: "nl-BE".into(),
                voice: "v".into(),
            }],
        },
        messages: vec![MessageFile {
            key: "A".into(),
            message_type: "tts".into(),
            category: "menu".into(),
            display_name: None,
            published_version: Some(1),
            versions: vec![VersionFile {
                version: 1,
                name: None,
                created_at: None,
                created_by: None,
                content: full("\"q\" -- 👋")
                    .iter()
                    .map(ContentFile::from_content)
                    .collect(),
            }],
        }],
    };
    let text = export_json(&file);
    let back: StoreFile = serde_json::from_str(&text).unwrap();
    assert_eq!(back, file);
}

#[test]
fn settings_overlay_defaults_and_voice_choice() {
    let s = effective_settings(
        Some(r#"{"rate":1,"pitch":0}"#),
        Some(r#"{"rate":1.2,"voice":"v-nl"}"#),
    );
    assert_eq!(
        s.value().unwrap(),
        serde_json::json!({"rate":1.2,"pitch":0,"voice":"v-nl"})
    );
    assert_eq!(
        effective_voice(ContentKind::Tts, &s, Some("store-voice")).as_deref(),
        Some("v-nl")
    );
    let s = effective_settings(Some(r#"{"rate":1}"#), None);
    assert_eq!(
        effective_voice(ContentKind::Tts, &s, Some("store-voice")).as_deref(),
        Some("store-voice")
    );
    assert_eq!(effective_settings(Some("garbage"), Some("[1]")).get(), "{}");
}

#[test]
fn effective_settings_keep_every_value_as_written() {
    // A `serde_json::Value` would write 1.2345678901234568e22, 1.5 and 100.0.
    let s = effective_settings(
        Some(r#"{"rate": 1.50, "pitch": 0, "n": {"deep": 1E+2}}"#),
        Some(r#"{"pitch": 12345678901234567890123, "voice": "v"}"#),
    );
    assert_eq!(
        s.get(),
        r#"{"rate":1.50,"pitch":12345678901234567890123,"n":{"deep":1E+2},"voice":"v"}"#
    );
    assert_eq!(
        effective_voice(ContentKind::Tts, &s, None).as_deref(),
        Some("v")
    );
    // Only text to speech is spoken by a voice, whatever the settings or the store say.
    assert_eq!(
        effective_voice(ContentKind::AudioUrl, &s, Some("store-voice")),
        None
    );
}

#[test]
fn a_type_change_checks_every_version_under_the_new_type() {
    let speech = full("Welcome {name}");
    let url = full("https://cdn.example.com/a.wav");
    // Plain text fits a TTS key; as audio files every language of every text version is named.
    assert!(
        type_change_problems(&tts(), [(1, &speech[..]), (2, &url[..])])
            .unwrap()
            .is_empty()
    );
    let to_audio = type_change_problems(&audio(), [(1, &speech[..]), (2, &url[..])]).unwrap();
    let e = to_audio.into_result("the key").unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    let f = fields(&e);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "messageType");
    assert!(f[0].1.contains("(3 problems;"), "{}", f[0].1);
    for lang in langs() {
        assert!(
            f[0].1.contains(&format!("version 1 ({lang})")),
            "{}",
            f[0].1
        );
    }
    assert!(!f[0].1.contains("version 2"), "{}", f[0].1);

    // Settings are checked against the new type's schema too; past three, the rest are counted.
    let mut fast = full("Hello");
    fast[0].type_settings = Some(r#"{"rate": 9}"#.into());
    let many: Vec<(i32, &[LanguageContent])> = (1..=3).map(|v| (v, &fast[..])).collect();
    let e = type_change_problems(&tts(), many.clone())
        .unwrap()
        .into_result("the key")
        .unwrap_err();
    assert!(
        fields(&e)[0].1.contains("version 3 (nl-BE)"),
        "{:?}",
        fields(&e)
    );
    let e = type_change_problems(&audio(), many)
        .unwrap()
        .into_result("the key")
        .unwrap_err();
    assert!(fields(&e)[0].1.contains("(9 problems;"), "{:?}", fields(&e));
}

// ---------------------------------------------------------------- a user's JSON kept exactly

const BIG: &str = "12345678901234567890123";
/// 1.1 as an f64 writes back as `1.1`: the digits beyond are the user's.
const RATE: &str = "1.100000000000000088817841970012523";

#[test]
fn settings_with_a_duplicate_key_or_nul_are_refused_and_digits_compare_exactly() {
    let mut v = full("x");
    v[0].type_settings = Some(r#"{"rate": 1, "rate": 2}"#.into());
    v[1].type_settings = Some(r#"{"voice": "a\u0000"}"#.into());
    let f = fields(&validate_version(&tts(), &langs(), &v, None).unwrap_err());
    assert!(
        f.iter()
            .any(|(k, m)| k == "typeSettings.nl-BE" && m.contains("duplicate key \"rate\"")),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(k, m)| k == "typeSettings.fr-BE" && m.contains("NUL")),
        "{f:?}"
    );
    // Two numbers an f64 cannot tell apart are different settings.
    let mut a = full("x");
    let mut b = full("x");
    a[0].type_settings = Some(format!(r#"{{"id": {BIG}}}"#));
    b[0].type_settings = Some(r#"{"id": 12345678901234567890124}"#.into());
    assert!(!same_content(&a, &b, &langs()));
}

#[test]
fn a_json_import_keeps_settings_digits_and_refuses_a_duplicate_key_at_its_line() {
    let file = |settings: &str| {
        format!(
            "{{\"format\": \"{FORMAT}\", \"formatVersion\": 1,\n\"store\": {{\"name\": \"s\", \"allowedLanguages\": [\"nl-BE\", \"fr-BE\", \"en-US\"], \"defaultLanguage\": \"nl-BE\"}},\n\"messages\": [\n{{\"key\": \"NEW_KEY\", \"type\": \"tts\", \"category\": \"menu\", \"versions\": [{{\"version\": 1, \"content\": [\n{{\"language\": \"nl-BE\", \"content\": \"een\", \"typeSettings\": {settings}}},\n{{\"language\": \"fr-BE\", \"content\": \"un\"}}, {{\"language\": \"en-US\", \"content\": \"one\"}}]}}]}}\n]}}\n"
        )
    };
    // (The test type's schema allows `rate` and `voice` only.)
    let plan = plan_json(&file(&format!(r#"{{"rate": {RATE}}}"#)), &target());
    assert!(plan.is_ok(), "{:?}", plan.errors);
    assert_eq!(
        plan.items[0].new_versions[0].contents[0]
            .type_settings
            .as_deref(),
        Some(format!(r#"{{"rate":{RATE}}}"#).as_str())
    );
    let plan = plan_json(&file(r#"{"rate": 1, "rate": 2}"#), &target());
    assert!(plan.items.is_empty());
    assert_eq!(plan.errors.len(), 1, "{:?}", plan.errors);
    assert_eq!(plan.errors[0].line, 5, "{:?}", plan.errors);
    assert!(
        plan.errors[0].message.contains("duplicate key \"rate\""),
        "{:?}",
        plan.errors
    );
    let plan = plan_json(&file(r#"{"voice": "\u0000"}"#), &target());
    assert!(plan.errors[0].message.contains("NUL"), "{:?}", plan.errors);
    // Exported as written.
    let c = LanguageContent {
        language: "nl-BE".into(),
        content: "een".into(),
        type_settings: Some(format!(r#"{{"id":{BIG}}}"#)),
    };
    let out = serde_json::to_string(&ContentFile::from_content(&c)).unwrap();
    assert!(out.contains(BIG), "{out}");
}

#[test]
fn page_bounds_default_and_refuse_out_of_range() {
    assert_eq!(page_bounds(0, 0, "keys").unwrap(), (0, 50));
    assert_eq!(page_bounds(7, 1, "keys").unwrap(), (7, 1));
    assert_eq!(page_bounds(0, MAX_PAGE_SIZE, "keys").unwrap(), (0, 500));
    for (offset, limit) in [(-1, 10), (0, -1), (0, MAX_PAGE_SIZE + 1), (i64::MIN, 0)] {
        let e = page_bounds(offset, limit, "keys").unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{offset}/{limit}");
    }
}
