//! The bodies of the fuzz targets, one function per target.
//!
//! They live in a library so that `cargo fuzz` (nightly, libFuzzer) and the
//! stable regression test `tests/fuzz_regressions.rs` of the main crate run
//! the very same code: the test includes this file with `#[path]`.
//! Each body panics when dyad breaks a promise, which the fuzzer reports.

use std::path::Path;
use std::sync::OnceLock;

use dyad::gazetteer::{Gazetteer, GazetteerBuilder};
use dyad::pipeline::analyze;
use dyad::read::{decode, find_date};
use dyad::tokenize::{split_sentences, tokenize};

/// Tokenizer and sentence splitter on any text: offsets on char boundaries,
/// in order, and sentences that tile the tokens.
pub fn fuzz_tokenize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let tokens = tokenize(&text);
    let mut prev_end = 0;
    for t in &tokens {
        assert!(t.start < t.end && t.end <= text.len(), "{t:?}");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(t.start >= prev_end, "tokens overlap");
        prev_end = t.end;
    }
    let sentences = split_sentences(&text, &tokens);
    let mut next = 0;
    for s in &sentences {
        assert!(s.start == next && s.end > s.start, "{s:?}");
        next = s.end;
    }
    assert_eq!(next, tokens.len());
}

/// The gazetteer loader on any bytes, as each kind of data file and as a
/// `.actors` dictionary: an error is fine, a panic is not.
pub fn fuzz_gazetteer(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let kinds = [
        "countries.csv",
        "people.csv",
        "organizations.csv",
        "titles.csv",
        "triggers.csv",
        "lexicon.csv",
        "x.actors",
    ];
    let name = kinds[selector as usize % kinds.len()];
    let mut b = GazetteerBuilder::new();
    let loaded = if name.ends_with(".actors") {
        dyad::actors::load_actors(&mut b, Path::new(name), &text)
    } else {
        b.add_csv(Path::new(name), &text)
    };
    if loaded.is_ok() {
        // Whatever loads must build and match without panicking.
        let g = b.build();
        let sample = "President Ilham Aliyev met the U.S. Secretary of State in Baku.";
        analyze(&g, sample, Some("2024-01-01"))
            .check(sample)
            .unwrap();
    }
}

/// The embedded gazetteers, loaded once.
pub fn default_gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| dyad::gazetteer::load(&[], false).expect("embedded gazetteers"))
}

/// The whole per-document pipeline on any bytes, as a file's content.
pub fn fuzz_document(data: &[u8]) {
    let Ok((text, _)) = decode(data) else {
        return;
    };
    let date = find_date(&text);
    let a = analyze(default_gazetteer(), &text, date.as_deref());
    if let Err(e) = a.check(&text) {
        panic!("{e}");
    }
}
