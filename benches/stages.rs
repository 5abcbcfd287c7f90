//! Per-stage benchmarks on the real documents (`input/` and, when present,
//! `../shared/eval/dev/docs/`) with the full default gazetteer.
//!
//! Run with `cargo bench --bench stages` (add a filter such as `tokenize`
//! to run one group). Each stage runs over all the documents at once, so
//! the throughput is in bytes of text.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use dyad::discover::{find_names, leaders_by_surname, repeated_names, Span};
use dyad::doc::Doc;
use dyad::gazetteer::{self, Gazetteer};
use dyad::matcher::{Folded, PhraseSet};
use dyad::pipeline::analyze;
use dyad::read::{read_document, Document, Listed, ReadOutcome};
use dyad::relations::extract;
use dyad::resolve::resolve;
use dyad::tokenize::{split_sentences, tokenize, Token};
use dyad::write::{Destination, Output, WriteOptions};

fn documents() -> Vec<Document> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut docs = Vec::new();
    for dir in [repo.join("input"), repo.join("../shared/eval/dev/docs")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("{} is absent: skipped", dir.display());
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let listed = Listed {
                path: p,
                problem: None,
                regular: false,
            };
            if let ReadOutcome::Ok(d) = read_document(&dir, &listed, u64::MAX) {
                docs.push(d);
            }
        }
    }
    docs
}

fn total_bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let gaz = gazetteer::load(&[], false).expect("default gazetteer");
    let docs = documents();
    let bytes = total_bytes(&docs);

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            for d in &docs {
                let tokens = tokenize(&d.text);
                std::hint::black_box(split_sentences(&d.text, &tokens));
            }
        })
    });
    let tokenized: Vec<_> = docs.iter().map(|d| tokenize(&d.text)).collect();
    g.bench_function("gazetteer_match", |b| {
        b.iter(|| {
            for (d, tokens) in docs.iter().zip(&tokenized) {
                let folded = Folded::new(&d.text, tokens, &gaz.vocab);
                let mut found = 0;
                for i in 0..tokens.len() {
                    found += usize::from(gaz.names.longest_at(&folded, i).is_some());
                }
                std::hint::black_box(found);
            }
        })
    });
    g.bench_function("find_names", |b| {
        b.iter(|| {
            for (d, tokens) in docs.iter().zip(&tokenized) {
                let sentences = split_sentences(&d.text, tokens);
                let folded = Folded::new(&d.text, tokens, &gaz.vocab);
                let doc = Doc::new(&d.text, tokens, &folded, &gaz);
                for s in &sentences {
                    std::hint::black_box(find_names(&doc, s.start..s.end));
                }
            }
        })
    });
    let sentences: Vec<_> = docs
        .iter()
        .zip(&tokenized)
        .map(|(d, t)| split_sentences(&d.text, t))
        .collect();
    let folded: Vec<_> = docs
        .iter()
        .zip(&tokenized)
        .map(|(d, t)| Folded::new(&d.text, t, &gaz.vocab))
        .collect();
    let prepared: Vec<Doc> = (0..docs.len())
        .map(|i| Doc::new(&docs[i].text, &tokenized[i], &folded[i], &gaz))
        .collect();
    let found: Vec<Vec<_>> = prepared
        .iter()
        .zip(&sentences)
        .map(|(doc, ss)| ss.iter().map(|s| find_names(doc, s.start..s.end)).collect())
        .collect();
    let ranges: Vec<Vec<_>> = sentences
        .iter()
        .map(|ss| ss.iter().map(|s| s.start..s.end).collect())
        .collect();
    // The rules over the whole document's names (a name repeated in part,
    // a leader by surname), which add to the spans of every sentence.
    let name_rules = |spans: &mut [Vec<Vec<Span>>]| {
        for i in 0..docs.len() {
            repeated_names(&prepared[i], &ranges[i], &mut spans[i]);
            let date = docs[i].date.as_deref();
            leaders_by_surname(&prepared[i], &ranges[i], &mut spans[i], date);
        }
    };
    g.bench_function("name_rules", |b| {
        b.iter_batched_ref(
            || found.clone(),
            |spans| name_rules(spans),
            BatchSize::SmallInput,
        )
    });
    let mut spans = found.clone();
    name_rules(&mut spans);
    g.bench_function("resolve", |b| {
        b.iter(|| {
            for i in 0..docs.len() {
                let date = docs[i].date.as_deref();
                std::hint::black_box(resolve(&prepared[i], &sentences[i], &spans[i], date));
            }
        })
    });
    let resolved: Vec<_> = (0..docs.len())
        .map(|i| {
            resolve(
                &prepared[i],
                &sentences[i],
                &spans[i],
                docs[i].date.as_deref(),
            )
        })
        .collect();
    g.bench_function("relations", |b| {
        b.iter(|| {
            for (i, r) in resolved.iter().enumerate() {
                std::hint::black_box(extract(
                    &prepared[i],
                    &sentences[i],
                    &r.mentions,
                    &r.places,
                    &r.entities,
                    docs[i].date.as_deref(),
                ));
            }
        })
    });
    let analyses: Vec<_> = docs
        .iter()
        .map(|d| analyze(&gaz, &d.text, d.date.as_deref()))
        .collect();
    g.bench_function("csv_write", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temporary folder"),
            |dir| {
                let dest = Destination::Folder(dir.path().to_path_buf());
                let mut out = Output::create(&dest, WriteOptions::default()).expect("output");
                for (d, a) in docs.iter().zip(&analyses) {
                    out.document(d, a).expect("write");
                }
                out.finish().expect("finish");
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("document", |b| {
        b.iter(|| {
            for d in &docs {
                std::hint::black_box(analyze(&gaz, &d.text, d.date.as_deref()));
            }
        })
    });
    g.finish();
}

/// The phrases of the four sets the name and relation rules look up (names,
/// places, titles, relation triggers), found at every token two ways: the
/// token trie the pipeline uses, and one Aho-Corasick automaton (the
/// `aho-corasick` crate) over the document's folded keys joined by spaces,
/// with word-boundary checks. Both give, for each set and token, the
/// longest phrase starting there; the bench checks that they agree on every
/// document before timing them. The automaton is timed as a contiguous NFA
/// and as a DFA (whose build takes most of a second and some 250 MB), and,
/// as a lower bound, with leftmost-longest matches alone. Figures: README,
/// Performance (sixth round).
fn phrase_match(c: &mut Criterion) {
    let gaz = gazetteer::load(&[], false).expect("default gazetteer");
    let docs = documents();
    let started = Instant::now();
    let automaton = PhraseAutomaton::new(&gaz, AhoCorasickKind::ContiguousNFA);
    println!(
        "aho-corasick (contiguous NFA): {} phrases, built in {:.0} ms, {:.1} MB",
        automaton.words.len(),
        started.elapsed().as_secs_f64() * 1e3,
        automaton.ac.memory_usage() as f64 / 1e6
    );
    let started = Instant::now();
    let dfa = PhraseAutomaton::new(&gaz, AhoCorasickKind::DFA);
    println!(
        "aho-corasick (DFA): built in {:.0} ms, {:.1} MB",
        started.elapsed().as_secs_f64() * 1e3,
        dfa.ac.memory_usage() as f64 / 1e6
    );
    let prepared: Vec<(Vec<Token>, Folded)> = docs
        .iter()
        .map(|d| {
            let tokens = tokenize(&d.text);
            let folded = Folded::new(&d.text, &tokens, &gaz.vocab);
            (tokens, folded)
        })
        .collect();
    for (d, (tokens, folded)) in docs.iter().zip(&prepared) {
        let trie = trie_matches(&gaz, folded, tokens.len());
        let ac = automaton.matches(folded, tokens.len());
        assert_eq!(trie, ac, "the two matchers disagree on {}", d.id);
        assert_eq!(trie, dfa.matches(folded, tokens.len()), "{}", d.id);
    }
    let mut g = c.benchmark_group("phrase_match");
    g.throughput(Throughput::Bytes(total_bytes(&docs)));
    g.bench_function("token_trie", |b| {
        b.iter(|| {
            for (tokens, folded) in &prepared {
                std::hint::black_box(trie_matches(&gaz, folded, tokens.len()));
            }
        })
    });
    g.bench_function("aho_corasick", |b| {
        b.iter(|| {
            for (tokens, folded) in &prepared {
                std::hint::black_box(automaton.matches(folded, tokens.len()));
            }
        })
    });
    // A lower bound on the automaton's cost: leftmost-longest matches only,
    // no phrase found inside or across a longer one (not the same answer,
    // so timed but not compared).
    let leftmost = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&automaton.keys)
        .expect("automaton");
    g.bench_function("aho_corasick_leftmost_longest", |b| {
        b.iter(|| {
            for (tokens, folded) in &prepared {
                let (stream, _) = key_stream(folded, tokens.len());
                std::hint::black_box(leftmost.find_iter(&stream).count());
            }
        })
    });
    g.bench_function("aho_corasick_dfa", |b| {
        b.iter(|| {
            for (tokens, folded) in &prepared {
                std::hint::black_box(dfa.matches(folded, tokens.len()));
            }
        })
    });
    g.finish();
}

/// For each of the four sets, the token after the longest phrase starting
/// at each token (0: none).
type SetMatches = [Vec<u32>; 4];

fn trie_matches(gaz: &Gazetteer, folded: &Folded, n: usize) -> SetMatches {
    let mut out: SetMatches = Default::default();
    let longest: [&dyn Fn(usize) -> Option<usize>; 4] = [
        &|i| gaz.names.longest_at(folded, i).map(|(e, _)| e),
        &|i| gaz.places.longest_at(folded, i).map(|(e, _)| e),
        &|i| gaz.titles.longest_at(folded, i).map(|(e, _)| e),
        &|i| gaz.triggers.longest_at(folded, i).map(|(e, _)| e),
    ];
    for (set, longest) in longest.iter().enumerate() {
        out[set] = (0..n).map(|i| longest(i).map_or(0, |e| e as u32)).collect();
    }
    out
}

fn phrase_keys<T>(set: &PhraseSet<T>, gaz: &Gazetteer) -> Vec<String> {
    set.phrases(&gaz.vocab)
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

/// The keys of a document's `n` tokens joined by spaces, and the token
/// starting at each byte (`u32::MAX` inside a key or at a space).
fn key_stream(folded: &Folded, n: usize) -> (String, Vec<u32>) {
    let mut stream = String::new();
    let mut token_at = Vec::new();
    for i in 0..n {
        if i > 0 {
            stream.push(' ');
            token_at.push(u32::MAX);
        }
        let key = folded.key(i);
        token_at.push(i as u32);
        token_at.resize(token_at.len() + key.len().saturating_sub(1), u32::MAX);
        stream.push_str(key);
    }
    (stream, token_at)
}

/// One automaton over the keys of every phrase of the four sets.
struct PhraseAutomaton {
    ac: AhoCorasick,
    /// The patterns: every key of the four sets once.
    keys: Vec<String>,
    /// Each pattern's number of words.
    words: Vec<u32>,
    /// Each pattern's sets, one bit each.
    sets: Vec<u8>,
}

impl PhraseAutomaton {
    fn new(gaz: &Gazetteer, kind: AhoCorasickKind) -> PhraseAutomaton {
        let mut keys: HashMap<String, u8> = HashMap::new();
        let mut add = |phrases: Vec<String>, bit: u8| {
            for key in phrases {
                *keys.entry(key).or_default() |= bit;
            }
        };
        add(phrase_keys(&gaz.names, gaz), 1);
        add(phrase_keys(&gaz.places, gaz), 2);
        add(phrase_keys(&gaz.titles, gaz), 4);
        add(phrase_keys(&gaz.triggers, gaz), 8);
        let keys: Vec<(String, u8)> = keys.into_iter().collect();
        let ac = AhoCorasick::builder()
            .kind(Some(kind))
            .build(keys.iter().map(|(k, _)| k))
            .expect("automaton");
        PhraseAutomaton {
            ac,
            keys: keys.iter().map(|(k, _)| k.clone()).collect(),
            words: keys
                .iter()
                .map(|(k, _)| k.split(' ').count() as u32)
                .collect(),
            sets: keys.iter().map(|&(_, s)| s).collect(),
        }
    }

    fn matches(&self, folded: &Folded, n: usize) -> SetMatches {
        let (stream, token_at) = key_stream(folded, n);
        let mut out: SetMatches = std::array::from_fn(|_| vec![0; n]);
        let bytes = stream.as_bytes();
        for m in self.ac.find_overlapping_iter(&stream) {
            let start = token_at[m.start()];
            if start == u32::MAX || bytes.get(m.end()).is_some_and(|&b| b != b' ') {
                continue;
            }
            let p = m.pattern().as_usize();
            let end = start + self.words[p];
            for (set, best) in out.iter_mut().enumerate() {
                if self.sets[p] & 1 << set != 0 {
                    let best = &mut best[start as usize];
                    *best = (*best).max(end);
                }
            }
        }
        out
    }
}

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    g.bench_function("load_default_gazetteer", |b| {
        b.iter(|| std::hint::black_box(gazetteer::load(&[], false).expect("gazetteer")))
    });
    g.finish();
}

criterion_group!(benches, stages, phrase_match, startup);
criterion_main!(benches);
