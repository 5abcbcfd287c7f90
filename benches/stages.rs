//! Per-stage benchmarks on the real documents (`input/` and, when present,
//! `../shared/eval/dev/docs/`) with the full default gazetteer.
//!
//! Run with `cargo bench --bench stages` (add a filter such as `tokenize`
//! to run one group). Each stage runs over all the documents at once, so
//! the throughput is in bytes of text.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use dyad::discover::{find_names, leaders_by_surname, repeated_names, Span};
use dyad::doc::Doc;
use dyad::gazetteer;
use dyad::matcher::Folded;
use dyad::pipeline::analyze;
use dyad::read::{read_document, Document, Listed, ReadOutcome};
use dyad::relations::extract;
use dyad::resolve::resolve;
use dyad::tokenize::{split_sentences, tokenize};
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

fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    g.bench_function("load_default_gazetteer", |b| {
        b.iter(|| std::hint::black_box(gazetteer::load(&[], false).expect("gazetteer")))
    });
    g.finish();
}

criterion_group!(benches, stages, startup);
criterion_main!(benches);
