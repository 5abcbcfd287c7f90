//! Every input kept in `tests/fuzz_regressions/<target>/` (crashes the
//! fuzzers found, once fixed, and hand-made edge cases) goes through its fuzz
//! target's body again, on stable, in the normal test suite.

#[path = "../fuzz/src/lib.rs"]
mod bodies;

use std::path::PathBuf;

fn replay(target: &str, body: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    for input in inputs {
        eprintln!("{}", input.display());
        body(&std::fs::read(&input).unwrap());
    }
}

#[test]
fn tokenize_inputs() {
    replay("tokenize", bodies::fuzz_tokenize);
}

#[test]
fn gazetteer_inputs() {
    replay("gazetteer", bodies::fuzz_gazetteer);
}

#[test]
fn document_inputs() {
    replay("document", bodies::fuzz_document);
}
