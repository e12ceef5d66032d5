//! What every `ivr` end-to-end test file starts from: the real binary in a private home.

#![allow(dead_code)] // each test file uses its own part

use assert_cmd::Command;
use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;

/// The program `bin` (an `ivr` binary) with a private home, no database URL or log filter from
/// the caller's environment, and (on Linux) a D-Bus address that does not exist, so no test can
/// touch the developer's real keyring.
pub fn isolated(bin: impl AsRef<OsStr>, home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(bin);
    c.env("IVR_STUDIO_HOME", home)
        .env_remove("IVR_DATABASE_URL")
        .env_remove("RUST_LOG")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/ivr-test-bus",
        );
    c
}

/// This build's binary, [`isolated`] in `home`, with an empty standard input.
pub fn ivr(home: &Path) -> Command {
    let mut c = Command::from_std(isolated(env!("CARGO_BIN_EXE_ivr"), home));
    c.write_stdin("");
    c
}

/// Runs `ivr ARGS` in `home` and waits for it.
pub fn output(home: &Path, args: &[&str]) -> std::process::Output {
    ivr(home).args(args).output().unwrap()
}

/// Runs `cmd`: its exit code and the JSON it printed (a test fails, showing stdout and stderr,
/// when stdout is not JSON).
pub fn json_run(cmd: &mut Command) -> (i32, Value) {
    let out = cmd.output().unwrap();
    (out.status.code().unwrap_or(-1), json_of(&out))
}

/// Runs `ivr ARGS` (the args name `--json` themselves): exit code and JSON answer.
pub fn run(home: &Path, args: &[&str]) -> (i32, Value) {
    json_run(ivr(home).args(args))
}

/// The JSON an `ivr --json` run printed.
pub fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Runs `ivr --json WORDS` (the words split on whitespace, so no argument may hold a space: a
/// path goes through [`json_path`]).
pub fn json(home: &Path, words: &str) -> (i32, Value) {
    json_path(home, words, Path::new(""))
}

/// [`json`] with `path` as the one argument where the words say `{path}`, whatever it holds (a
/// temporary folder may have spaces in its name).
pub fn json_path(home: &Path, words: &str, path: &Path) -> (i32, Value) {
    let path = path.to_str().expect("a UTF-8 path");
    let args: Vec<&str> = ["--json"]
        .into_iter()
        .chain(
            words
                .split_whitespace()
                .map(|w| if w == "{path}" { path } else { w }),
        )
        .collect();
    run(home, &args)
}
