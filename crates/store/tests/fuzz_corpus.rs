//! Replays every checked-in fuzz seed and every input a fuzzer ever crashed on
//! (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`) through the same checks as the
//! libFuzzer targets, so they stay regression tests on CI without cargo-fuzz (`scripts/fuzz`).

#[path = "../../../fuzz/checks.rs"]
mod checks;

use std::path::Path;

type Check = fn(&[u8]);

const TARGETS: &[(&str, Check)] = &[
    ("connection_string", checks::connection_string),
    ("go_batches", checks::go_batches),
    ("message_csv", checks::message_csv),
    ("message_json", checks::message_json),
    ("flow_file", checks::flow_file),
];

fn inputs(dir: &Path) -> Vec<Vec<u8>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn every_seed_and_regression_input_passes_its_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    for (target, check) in TARGETS {
        let seeds = inputs(&root.join("seeds").join(target));
        let regressions = inputs(&root.join("regressions").join(target));
        assert!(!seeds.is_empty(), "{target} has no seed corpus");
        for input in seeds.iter().chain(&regressions) {
            check(input);
        }
        println!(
            "fuzz corpus {target}: {} seeds, {} regression inputs replayed",
            seeds.len(),
            regressions.len()
        );
    }
}
