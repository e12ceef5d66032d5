//! What the scenarios share: the binary, a seeded random source, homes, and state fingerprints.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Prints a count line and appends it to `target/tmp/chaos-counts.txt`, which `scripts/test`
/// shows after `cargo test` (that captures the output of passing tests).
pub fn say(line: String) {
    println!("{line}");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chaos-counts.txt");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path);
    if let Ok(mut f) = file {
        use std::io::Write;
        let _ = writeln!(f, "{line}");
    }
}

pub fn trials() -> usize {
    std::env::var("IVR_CHAOS_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(3)
}

/// xorshift64*, seeded from IVR_CHAOS_SEED or the clock; the seed is printed so a run can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(scenario: &str) -> Rng {
        let seed = std::env::var("IVR_CHAOS_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            })
            | 1;
        println!("[chaos] {scenario}: seed {seed}");
        Rng(seed)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }
    /// A moment in [0, 1.2 × span]: most kills land inside the operation, a few after it.
    pub fn moment(&mut self, span: Duration) -> Duration {
        let max = (span.as_micros() as u64 * 6 / 5).max(1);
        Duration::from_micros(self.below(max))
    }
}

/// The binary under test: this build's `ivr`, or `IVR_CHAOS_BIN` (a copied build, so a long run
/// is not disturbed by rebuilding the tree while it runs).
pub fn ivr(home: &Path) -> Command {
    let bin = std::env::var_os("IVR_CHAOS_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_ivr").into());
    let mut c = crate::common::isolated(bin, home);
    c.stdin(Stdio::null());
    c
}

/// Runs `ivr --json ARGS`; (exit code, JSON on stdout).
pub fn run(home: &Path, args: &[&str]) -> (i32, Value) {
    let out = ivr(home).arg("--json").args(args).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "`ivr {}`: stdout is not JSON ({e}): {}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

/// Runs and requires success.
pub fn ok(home: &Path, args: &[&str]) -> Value {
    let (code, v) = run(home, args);
    assert_eq!(code, 0, "`ivr {}` failed: {v}", args.join(" "));
    v
}

/// Starts `ivr --json ARGS` and kills it (SIGKILL) after `after`. True when it was still running.
pub fn kill_after(home: &Path, args: &[&str], after: Duration) -> bool {
    let mut child: Child = ivr(home)
        .arg("--json")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let until = Instant::now() + after;
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if Instant::now() >= until {
            let _ = child.kill();
            let _ = child.wait();
            return true;
        }
        std::thread::sleep(Duration::from_micros(500).min(until - Instant::now()));
    }
}

/// How long `ivr ARGS` takes uninterrupted on a copy of `template` (to aim the kills).
pub fn duration_of(template: &Path, args: &[&str]) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(template, dir.path());
    let t = Instant::now();
    ok(dir.path(), args);
    t.elapsed()
}

pub fn local_db(home: &Path) -> PathBuf {
    home.join("data/local.sqlite")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Rows per table (every table of the file): two states are the same state when these are equal.
pub type Counts = BTreeMap<String, i64>;

pub fn counts(db: &Path) -> Counts {
    let c = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = c
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// `PRAGMA integrity_check` of the file: "ok" when sound.
pub fn integrity(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// `ivr migrate verify` on the environment: checksums, nothing failed or pending, no drift.
pub fn verify(home: &Path, env: &str) {
    ok(home, &["--env", env, "migrate", "verify"]);
}

/// What every crash scenario reports.
#[derive(Default)]
pub struct Tally {
    pub trials: usize,
    pub killed_mid_run: usize,
    pub old: usize,
    pub new: usize,
    pub half: usize,
}

impl Tally {
    pub fn print(&self, scenario: &str) {
        say(format!(
            "[chaos] {scenario}: {} trials, {} killed mid-run, {} old state, {} new state, {} half states",
            self.trials, self.killed_mid_run, self.old, self.new, self.half
        ));
    }
}
