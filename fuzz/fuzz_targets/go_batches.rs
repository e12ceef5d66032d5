//! Fuzz target: see `checks::go_batches`.
#![no_main]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::go_batches(data));
