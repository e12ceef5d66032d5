//! The chaos harness, on the real `ivr` binary in temporary homes: crash trials (kill -9 at random
//! moments) and concurrency (several processes at once).
//!
//! Short form: part of `cargo test` (3 trials per crash scenario, 6 processes per race). Long form:
//! `scripts/chaos --trials N` (sets `IVR_CHAOS_TRIALS`; `IVR_CHAOS_SEED` replays a run). Every
//! scenario prints its counts: trials, kills that landed mid-run, old and new states found, half
//! states (always 0, or the test fails), lost updates, and the error codes seen.

#[path = "../common/mod.rs"]
mod common;
mod crash;
mod race;
mod support;
