//! Helpers shared by the end-to-end tests: run the real binary in a temporary
//! folder and read its CSV files back.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub type Row = HashMap<String, String>;

pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .zip(rec.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub fn run_on(input: &Path, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let out = tempfile::tempdir().unwrap();
    let output = dyad()
        .arg(input)
        .arg("-o")
        .arg(out.path())
        .args(extra)
        .output()
        .unwrap();
    (out, output)
}

pub fn has_pair(rows: &[Row], doc: &str, relation: &str, a: &str, b: &str) -> bool {
    rows.iter().any(|r| {
        r["doc"] == doc
            && r["relation"] == relation
            && ((r["source_name"] == a && r["target_name"] == b)
                || (r["source_name"] == b && r["target_name"] == a))
    })
}

/// Whether the run in `out` found the meeting of the sample sentence
/// `President Ilham Aliyev received Rabbi Stuart Weinblatt` in `doc`.
pub fn aliyev_met_weinblatt(out: &Path, doc: &str) -> bool {
    let rel = read_csv(&out.join("relations.csv"));
    has_pair(&rel, doc, "MEET", "Ilham Aliyev", "Stuart Weinblatt")
}

/// The output files of a run.
pub const OUTPUTS: [&str; 8] = [
    "mentions.csv",
    "relations.csv",
    "documents.csv",
    "entities.csv",
    "nodes.csv",
    "edges.csv",
    "graph.graphml",
    "report.html",
];

/// Asserts that two output folders hold byte-identical files.
pub fn assert_same_output(a: &Path, b: &Path, what: &str) {
    for f in OUTPUTS {
        let x = std::fs::read(a.join(f)).unwrap();
        let y = std::fs::read(b.join(f)).unwrap();
        assert!(x == y, "{f} differs: {what}");
    }
}

/// `doc` → (`status`, `message`) of documents.csv.
pub fn statuses(out: &Path) -> HashMap<String, (String, String)> {
    read_csv(&out.join("documents.csv"))
        .into_iter()
        .map(|r| {
            (
                r["doc"].clone(),
                (r["status"].clone(), r["message"].clone()),
            )
        })
        .collect()
}

/// The seed documents concatenated until the text is at least `bytes` long.
pub fn long_news_text(bytes: usize) -> String {
    let mut seed = String::new();
    let mut names: Vec<_> = std::fs::read_dir(repo().join("input"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for p in names {
        seed.push_str(&std::fs::read_to_string(p).unwrap());
        seed.push_str("\n\n");
    }
    let mut text = String::with_capacity(bytes + seed.len());
    while text.len() < bytes {
        text.push_str(&seed);
    }
    text
}
