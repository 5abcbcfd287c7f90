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

/// The sample documents and, when `../shared` is there, the evaluation
/// documents: `(id, text)` in path order, ids as a folder run over
/// `corpus` names them (`input/...`, `dev/...`, `train/...`), and the
/// same documents copied into `corpus`.
pub fn corpus(corpus: &Path) -> Vec<(String, String)> {
    let mut sources = vec![("input".to_string(), repo().join("input"))];
    let eval = repo().join("../shared/eval");
    match std::fs::read_dir(&eval) {
        Ok(entries) => {
            for e in entries.flatten() {
                let docs = e.path().join("docs");
                if docs.is_dir() {
                    sources.push((e.file_name().to_string_lossy().into_owned(), docs));
                }
            }
        }
        Err(_) => eprintln!(
            "merge tests: {} is absent; using the sample documents only",
            eval.display()
        ),
    }
    let mut docs = Vec::new();
    for (name, dir) in sources {
        std::fs::create_dir_all(corpus.join(&name)).unwrap();
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            if !file.ends_with(".txt") {
                continue;
            }
            let text = std::fs::read_to_string(e.path()).unwrap();
            std::fs::write(corpus.join(&name).join(&file), &text).unwrap();
            docs.push((format!("{name}/{file}"), text));
        }
    }
    docs.sort_by(|a, b| a.0.split('/').cmp(b.0.split('/')));
    docs
}

/// Every file of `dir`, by name.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Asserts that a merge wrote the files one run wrote, byte for byte,
/// but for the run's `report.html`: a merge writes none.
pub fn assert_same_files(expected: &Path, got: &Path) {
    let (mut expected, got) = (files(expected), files(got));
    expected.retain(|f| f.0 != "report.html");
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&expected), names(&got));
    for ((name, a), (_, b)) in expected.iter().zip(&got) {
        if a != b {
            let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            panic!(
                "{name} differs from one run's at line {:?}:\n  run:    {:?}\n  merged: {:?}",
                line.map(|l| l + 1),
                line.and_then(|l| a.lines().nth(l)),
                line.and_then(|l| b.lines().nth(l)),
            );
        }
    }
}

/// Runs dyad with `args`, `stdin` on its standard input (written from a
/// thread, so that a large input cannot block on a full output pipe).
pub fn piped(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = dyad()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin).unwrap());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// One quiet dyad run over `input` into `out`, which must succeed.
pub fn run_into(input: &Path, out: &Path) {
    let output = dyad()
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

/// `../shared/data`, when it holds `marker` and python3 runs, for the tests
/// that rerun a converter; else `None`, having said why.
pub fn converter_data(marker: &str) -> Option<PathBuf> {
    let data = repo().join("../shared/data");
    if !data.join(marker).exists() {
        eprintln!("skipped: {} is absent", data.display());
        return None;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not installed");
        return None;
    }
    Some(data)
}
