//! Message store benchmarks (not tests), on a fresh SQLite database — and on SQL Server too when
//! `IVR_TEST_MSSQL_URL` is set:
//! - `resolve`: loads 10,000 keys × 5 languages × 3 versions (one set-based JSON import, as a user
//!   would), then resolves the same random (key, language) pairs through our one-statement path
//!   and through the spec's three-step path, printing latency percentiles side by side with the
//!   statements per lookup;
//! - `search`: on the same kind of store, times the key list's first page filtered by message
//!   text (`KeyFilter.content`, every allowed language of the latest and published version),
//!   3+ characters (the trigram index) and 1 or 2 (its vocabulary);
//! - `csv`: imports a translators' CSV of 10,000 keys × 3 languages into an empty store (dry-run
//!   plan, then the real import) and prints the time and the statement count.
//!
//! `cargo run --release -p ivr-app --example messages_bench -- resolve`
//! `cargo run --release -p ivr-app --example messages_bench -- search`
//! `cargo run --release -p ivr-app --example messages_bench -- csv`
//! (no argument: both)

use ivr_app::messages::{self, CreateStore};
use ivr_app::OpenEnvironment;
use ivr_domain::message::exchange::{
    self, ContentFile, ExchangeFormat, MessageFile, StoreFile, StoreHeader, VersionFile,
};
use ivr_domain::Result;
use ivr_store::audit::Actor;
use ivr_store::message::StoreRef;
use ivr_store::Db;
use ivr_testkit::bench::resolve_three_steps;
use std::time::{Duration, Instant};

const KEYS: usize = 10_000;
const LOOKUPS: usize = 2_000;
const LANGS5: [&str; 5] = ["nl-BE", "fr-BE", "en-US", "de-DE", "en-GB"];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e6
}

fn line(name: &str, mut d: Vec<Duration>, statements: f64) {
    d.sort();
    println!(
        "  {name:<30} p50 {:>7.1} µs  p95 {:>7.1} µs  p99 {:>7.1} µs  max {:>8.1} µs  {statements:.0} statement(s)/lookup",
        pct(&d, 0.5),
        pct(&d, 0.95),
        pct(&d, 0.99),
        pct(&d, 1.0)
    );
}

async fn store(m: &OpenEnvironment, name: &str, langs: &[&str]) -> Result<i64> {
    Ok(messages::create_store(
        &m.writable()?,
        CreateStore {
            customer: "acme".into(),
            project: "care".into(),
            environment: None,
            name: name.into(),
            allowed_languages: langs.iter().map(|l| l.to_string()).collect(),
            default_language: langs[0].into(),
        },
    )
    .await?
    .id)
}

async fn setup(db: &Db) -> Result<OpenEnvironment> {
    let actor = Actor::new("bench", "local");
    ivr_app::demo::seed_dictionaries(db, &actor).await?;
    let home = ivr_app::Home::at(std::path::Path::new("/nonexistent-ivr-home"));
    let mut profile = ivr_app::Profile::local(&home);
    profile.display_name = Some(actor.name);
    Ok(OpenEnvironment::new(db.clone(), profile))
}

/// A store of 10,000 keys × 5 languages × 3 versions (even keys publish version 2, odd ones 3),
/// loaded through one JSON import as a user would.
async fn load_five(db: &Db, m: &OpenEnvironment, name: &str) -> Result<i64> {
    let s5 = store(m, name, &LANGS5).await?;
    let file = StoreFile {
        format: exchange::FORMAT.into(),
        format_version: exchange::FORMAT_VERSION,
        store: StoreHeader {
            name: "bench".into(),
            customer_id: None,
            project_id: None,
            allowed_languages: LANGS5.iter().map(|l| l.to_string()).collect(),
            default_language: LANGS5[0].into(),
            voices: Vec::new(),
        },
        messages: (0..KEYS)
            .map(|i| MessageFile {
                key: format!("BENCH_KEY_{i:05}"),
                message_type: "tts".into(),
                category: "info".into(),
                display_name: None,
                published_version: Some(if i % 2 == 0 { 2 } else { 3 }),
                versions: (1..=3)
                    .map(|v| VersionFile {
                        version: v,
                        name: None,
                        created_at: None,
                        created_by: None,
                        content: LANGS5
                            .iter()
                            .map(|l| ContentFile {
                                language: (*l).into(),
                                content: format!("Message {i} version {v} in {l}: druk 1, appuyez sur 2 -- \"ok\""),
                                type_settings: None,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let text = exchange::export_json(&file);
    let (t0, c0) = (Instant::now(), db.statement_count());
    messages::import(&m.writable()?, s5, ExchangeFormat::Json, text.as_bytes()).await?;
    println!(
        "  loaded {KEYS} keys × 5 languages × 3 versions ({} content rows) in {:.2} s, {} statements",
        KEYS * 15,
        t0.elapsed().as_secs_f64(),
        db.statement_count() - c0
    );
    Ok(s5)
}

async fn bench_resolve(db: Db) -> Result<()> {
    let m = setup(&db).await?;
    let s5 = load_five(&db, &m, "bench 5 languages").await?;
    let mut rng = Lcg(42);
    // Mostly allowed languages; one in ten asks for a language the store lacks (fallback).
    let asks: Vec<(String, &str)> = (0..LOOKUPS)
        .map(|_| {
            let k = format!("BENCH_KEY_{:05}", rng.next(KEYS));
            let l = if rng.next(10) == 0 {
                "fr-FR"
            } else {
                LANGS5[rng.next(5)]
            };
            (k, l)
        })
        .collect();
    // Warm both paths once.
    messages::resolve(&m.db, &StoreRef::Id(s5), &asks[0].0, asks[0].1).await?;
    resolve_three_steps(&db, s5, &asks[0].0, asks[0].1).await?;
    let mut ours = Vec::with_capacity(LOOKUPS);
    let c0 = db.statement_count();
    for (k, l) in &asks {
        let t = Instant::now();
        let r = messages::resolve(&m.db, &StoreRef::Id(s5), k, l).await?;
        ours.push(t.elapsed());
        std::hint::black_box(r);
    }
    let ours_statements = (db.statement_count() - c0) as f64 / LOOKUPS as f64;
    let mut spec = Vec::with_capacity(LOOKUPS);
    let c0 = db.statement_count();
    for (k, l) in &asks {
        let t = Instant::now();
        let r = resolve_three_steps(&db, s5, k, l).await?;
        spec.push(t.elapsed());
        std::hint::black_box(r);
    }
    let spec_statements = (db.statement_count() - c0) as f64 / LOOKUPS as f64;
    println!("  {LOOKUPS} random lookups (10% in a language the store lacks):");
    line("one statement + fallback", ours, ours_statements);
    line("spec three steps, no fallback", spec, spec_statements);
    Ok(())
}

/// The key list's first page (50 keys and the total) filtered by message text, on the 10,000 keys
/// × 5 languages × 3 versions store: the text is looked for in every allowed language of each
/// key's latest and published version.
async fn bench_search(db: Db) -> Result<()> {
    const RUNS: usize = 15;
    let m = setup(&db).await?;
    let s5 = load_five(&db, &m, "bench search").await?;
    if let Some(path) = db.sqlite_path() {
        // The database file and its write-ahead log: what the store (and its text index) takes.
        let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
        println!(
            "  database file {:.1} MB (+ WAL {:.1} MB)",
            size(path) as f64 / 1e6,
            size(&wal) as f64 / 1e6
        );
    }
    let cases: [(&str, Option<&str>); 10] = [
        ("no text filter", None),
        ("every key matches", Some("appuyez")),
        ("111 keys (1,665 rows)", Some("message 42")),
        (
            "one key (published)",
            Some("message 4242 version 2 in fr-be"),
        ),
        (
            "one key, Unicode case",
            Some("MESSAGE 4243 VERSION 3 IN EN-GB"),
        ),
        ("no key matches", Some("zzz not there")),
        ("2 characters, no key", Some("zq")),
        ("2 characters, 299 keys", Some("42")),
        ("1 character, no key", Some("q")),
        ("1 character, every key", Some("z")),
    ];
    println!("  first page of 50 + total, {RUNS} runs each:");
    for (name, text) in cases {
        let filter = ivr_domain::message::KeyFilter {
            content: text.map(str::to_string),
            limit: 50,
            ..Default::default()
        };
        let mut times = Vec::with_capacity(RUNS);
        let (mut total, c0) = (0, db.statement_count());
        for _ in 0..RUNS {
            let t = Instant::now();
            let p = messages::list_keys(&m.db, s5, filter.clone()).await?;
            times.push(t.elapsed());
            total = p.total;
        }
        times.sort();
        println!(
            "  {name:<24} {:>8.1} ms median {:>8.1} ms max  {total:>5} key(s)  {:.0} statement(s)/page (store read + page)",
            times[RUNS / 2].as_secs_f64() * 1e3,
            times[RUNS - 1].as_secs_f64() * 1e3,
            (db.statement_count() - c0) as f64 / RUNS as f64
        );
    }
    Ok(())
}

async fn bench_csv(db: Db) -> Result<()> {
    let m = setup(&db).await?;
    let s3 = store(&m, "bench csv", &LANGS5[..3]).await?;
    let mut csv = String::from("key,type,category,nl-BE,fr-BE,en-US\n");
    for i in 0..KEYS {
        csv.push_str(&format!(
            "CSV_KEY_{i:05},tts,menu,\"Tekst {i}, met \"\"aanhalingstekens\"\"\",Texte {i} -- ok,Text {i} 👋\n"
        ));
    }
    let (t0, c0) = (Instant::now(), db.statement_count());
    let dry = messages::plan_import(&m.db, s3, ExchangeFormat::Csv, csv.as_bytes()).await?;
    println!(
        "  CSV dry run {KEYS} keys × 3 languages: {:.2} s, {} statements, {}",
        t0.elapsed().as_secs_f64(),
        db.statement_count() - c0,
        dry.plan.summary()
    );
    let (t0, c0) = (Instant::now(), db.statement_count());
    let res = messages::import(&m.writable()?, s3, ExchangeFormat::Csv, csv.as_bytes()).await?;
    println!(
        "  CSV import  {KEYS} keys × 3 languages: {:.2} s, {} statements, {}",
        t0.elapsed().as_secs_f64(),
        db.statement_count() - c0,
        res.plan.summary()
    );
    Ok(())
}

async fn run(db: Db, label: &str, mode: &str) -> Result<()> {
    println!("== {label}");
    if mode.is_empty() || mode == "resolve" {
        println!("-- resolve");
        bench_resolve(db.clone()).await?;
    }
    if mode.is_empty() || mode == "search" {
        println!("-- search");
        bench_search(db.clone()).await?;
    }
    if mode.is_empty() || mode == "csv" {
        println!("-- csv");
        bench_csv(db).await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if !["", "resolve", "search", "csv"].contains(&mode.as_str()) {
        eprintln!("usage: messages_bench [resolve|search|csv]");
        std::process::exit(2);
    }
    let t = ivr_testkit::fresh_sqlite().await;
    run(t.db.clone(), "SQLite (local file)", &mode).await?;
    if let Some(target) = ivr_testkit::mssql_target_from_env() {
        let t = ivr_testkit::fresh_mssql(&target).await;
        run(t.db.clone(), "SQL Server", &mode).await?;
        t.cleanup().await;
    } else {
        println!("== SQL Server: skipped (set IVR_TEST_MSSQL_URL to run it)");
    }
    Ok(())
}
