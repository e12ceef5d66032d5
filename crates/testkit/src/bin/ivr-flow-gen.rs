//! `ivr-flow-gen ROUTING_ID SEGMENTS [FILE]`: writes a generated flow file
//! ([`ivr_testkit::flow_gen`]) to FILE, or to standard output, for benchmarks
//! (`scripts/bench-canvas`), which import it with `ivr flow import`. A development tool, not part
//! of the product.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (routing_id, segments, output) = match args.as_slice() {
        [r, n] => (r, n, None),
        [r, n, f] => (r, n, Some(f)),
        _ => {
            eprintln!("usage: ivr-flow-gen ROUTING_ID SEGMENTS [FILE]");
            return ExitCode::from(2);
        }
    };
    let Ok(n) = segments.parse::<usize>() else {
        eprintln!("error: SEGMENTS is a number of segments, not {segments:?}");
        return ExitCode::from(2);
    };
    let text = match ivr_testkit::flow_gen::fresh_catalog().await {
        Ok(catalog) => ivr_testkit::flow_gen::flow_file(routing_id, n, &catalog),
        Err(e) => Err(e),
    };
    let written = match (text, output) {
        (Ok(text), Some(path)) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"))
        }
        (Ok(text), None) => {
            print!("{text}");
            Ok(())
        }
        (Err(e), _) => Err(e.message),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(m) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
    }
}
