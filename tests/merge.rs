//! `dyad merge` and `--stream` end to end: the corpus split into parts (run
//! folders and streams), merged in several orders, must give the files of
//! one run byte for byte; a malformed part stops the merge and writes
//! nothing.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_same_files, corpus, dyad, files, piped, read_csv, run_into};

fn records(docs: &[&(String, String)]) -> String {
    docs.iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect()
}

fn merge(out: &Path, parts: &[&PathBuf], extra: &[&str]) -> std::process::Output {
    dyad()
        .arg("merge")
        .arg(out)
        .args(parts)
        .args(extra)
        .arg("--quiet")
        .output()
        .unwrap()
}

/// The corpus split into `n` parts by a fixed scramble, half of them run
/// folders and half streams (`--stream`), plus an empty stream.
fn parts(tmp: &Path, docs: &[(String, String)], n: usize) -> Vec<PathBuf> {
    let mut split: Vec<Vec<&(String, String)>> = vec![Vec::new(); n];
    for (i, doc) in docs.iter().enumerate() {
        split[(i * 7 + i / 3) % n].push(doc);
    }
    let mut parts = Vec::new();
    for (k, docs) in split.iter().enumerate() {
        let records = records(docs);
        if k % 2 == 0 {
            let file = tmp.join(format!("part{k}.jsonl"));
            std::fs::write(&file, records).unwrap();
            let dir = tmp.join(format!("part{k}"));
            let output = dyad()
                .args(["--jsonl", "--quiet", "-o"])
                .arg(&dir)
                .arg(&file)
                .output()
                .unwrap();
            assert!(output.status.success(), "{output:?}");
            parts.push(dir);
        } else {
            let output = piped(&["--jsonl", "-", "--stream", "--quiet"], records.as_bytes());
            assert!(output.status.success(), "{output:?}");
            let file = tmp.join(format!("part{k}.stream"));
            std::fs::write(&file, output.stdout).unwrap();
            parts.push(file);
        }
    }
    let empty = tmp.join("empty.stream");
    std::fs::write(&empty, piped(&["--jsonl", "-", "--stream"], b"").stdout).unwrap();
    assert_eq!(std::fs::read(&empty).unwrap(), b"", "no document, no row");
    parts.push(empty);
    parts
}

#[test]
fn merged_parts_equal_one_run_whatever_the_split_and_the_order() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = corpus(&tmp.path().join("corpus"));
    let single = tmp.path().join("single");
    run_into(&tmp.path().join("corpus"), &single);
    for n in [1, 4] {
        let dir = tmp.path().join(format!("split{n}"));
        std::fs::create_dir(&dir).unwrap();
        let parts = parts(&dir, &docs, n);
        let orders: Vec<Vec<usize>> = vec![
            (0..parts.len()).collect(),
            (0..parts.len()).rev().collect(),
            (0..parts.len())
                .map(|i| (i * 3 + 1) % parts.len())
                .collect(),
        ];
        for (k, order) in orders.iter().enumerate() {
            let merged = dir.join(format!("merged{k}"));
            let given: Vec<&PathBuf> = order.iter().map(|&i| &parts[i]).collect();
            let output = merge(&merged, &given, &[]);
            assert!(output.status.success(), "{output:?}");
            assert_same_files(&single, &merged);
        }
        // The options apply as to a run, whatever the parts were written
        // with.
        let extra = ["--format", "jsonl", "--excel", "--graph", "neo4j"];
        let single = tmp.path().join(format!("single-options{n}"));
        let output = dyad()
            .arg(tmp.path().join("corpus"))
            .arg("-o")
            .arg(&single)
            .args(extra)
            .arg("--quiet")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let merged = dir.join("merged-options");
        let given: Vec<&PathBuf> = parts.iter().rev().collect();
        let output = merge(&merged, &given, &extra);
        assert!(output.status.success(), "{output:?}");
        assert_same_files(&single, &merged);
        // A merged folder is a part like any other.
        let again = dir.join("merged-again");
        let output = merge(&again, &[&dir.join("merged0")], &[]);
        assert!(output.status.success(), "{output:?}");
        assert_same_files(&dir.join("merged0"), &again);
    }
}

#[test]
fn a_folder_of_part_files_is_read_as_spark_writes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let docs: Vec<(String, String)> = corpus(&tmp.path().join("corpus"))
        .into_iter()
        .filter(|d| d.0.starts_with("input/"))
        .collect();
    let single = tmp.path().join("single");
    let all: Vec<&(String, String)> = docs.iter().collect();
    let output = piped(
        &["--jsonl", "-", "-o", single.to_str().unwrap(), "--quiet"],
        records(&all).as_bytes(),
    );
    assert!(output.status.success(), "{output:?}");
    let spark = tmp.path().join("spark-out");
    std::fs::create_dir(&spark).unwrap();
    for (k, chunk) in all.chunks(2).enumerate() {
        let stream = piped(&["--jsonl", "-", "--stream"], records(chunk).as_bytes());
        std::fs::write(spark.join(format!("part-{k:05}")), stream.stdout).unwrap();
        std::fs::write(spark.join(format!(".part-{k:05}.crc")), b"crc").unwrap();
    }
    std::fs::write(spark.join("_SUCCESS"), b"").unwrap();
    let merged = tmp.path().join("merged");
    let output = merge(&merged, &[&spark], &[]);
    assert!(output.status.success(), "{output:?}");
    assert_same_files(&single, &merged);
}

#[test]
fn the_stream_tags_every_row_and_a_bad_record_is_an_error_row() {
    let records = concat!(
        r#"{"id": "a", "text": "President Ilham Aliyev received Rabbi Stuart Weinblatt in Baku.", "date": "2025-03-04"}"#,
        "\n",
        "not a record\n",
        r#"{"id": "b", "text": "Ilham Aliyev met Isaac Herzog in Jerusalem."}"#,
        "\n",
    );
    let output = piped(&["--jsonl", "-", "--stream", "--quiet"], records.as_bytes());
    assert_eq!(output.status.code(), Some(2), "one record failed");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let tags: Vec<&str> = rows.iter().map(|r| r["table"].as_str().unwrap()).collect();
    // Per document its mentions, relations, then its row; the graph last.
    let documents: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["table"] == "document")
        .map(|r| (r["doc"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(documents, [("a", "ok"), ("stdin:2", "error"), ("b", "ok")]);
    let first_document = tags.iter().position(|t| *t == "document").unwrap();
    assert!(tags[..first_document].contains(&"mention"), "{tags:?}");
    assert!(tags[..first_document].contains(&"relation"), "{tags:?}");
    let graph = tags.iter().position(|t| *t == "node").unwrap();
    assert!(tags[graph..].iter().all(|t| *t == "node" || *t == "edge"));
    assert!(tags.ends_with(&["edge"]), "{tags:?}");
    // The stream merged alone is the run's folder.
    let tmp = tempfile::tempdir().unwrap();
    let single = tmp.path().join("single");
    let output = piped(
        &["--jsonl", "-", "-o", single.to_str().unwrap(), "--quiet"],
        records.as_bytes(),
    );
    assert_eq!(output.status.code(), Some(2));
    let part = tmp.path().join("part");
    std::fs::write(&part, &stdout).unwrap();
    let merged = tmp.path().join("merged");
    let output = merge(&merged, &[&part], &[]);
    assert!(output.status.success(), "{output:?}");
    assert_same_files(&single, &merged);
}

/// A merge into `out` that must fail naming `needle` and leave `out` as it
/// was.
fn assert_refused(out: &Path, parts: &[&PathBuf], needle: &str) {
    let before = out.exists().then(|| files(out));
    let output = merge(out, parts, &[]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
    match before {
        Some(before) => assert_eq!(before, files(out), "the output was touched"),
        None => assert!(!out.exists(), "the output folder was created"),
    }
}

#[test]
fn a_malformed_part_stops_the_merge_with_its_file_and_line_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let docs: Vec<(String, String)> = corpus(&tmp.path().join("corpus"))
        .into_iter()
        .filter(|d| d.0.starts_with("input/"))
        .collect();
    let all: Vec<&(String, String)> = docs.iter().collect();
    let (first, rest) = all.split_at(2);
    let stream = |docs: &[&(String, String)], name: &str| {
        let output = piped(&["--jsonl", "-", "--stream"], records(docs).as_bytes());
        let path = tmp.path().join(name);
        std::fs::write(&path, output.stdout).unwrap();
        path
    };
    let good = stream(first, "good.stream");
    let rest_part = stream(rest, "rest.stream");
    // An earlier output, which a failed merge must leave as it was.
    let out = tmp.path().join("out");
    let output = merge(&out, &[&good], &[]);
    assert!(output.status.success(), "{output:?}");
    std::fs::write(out.join("notes.txt"), "mine").unwrap();

    // A row cut in the middle (line 5).
    let text = std::fs::read_to_string(&rest_part).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let cut = &lines[4][..lines[4].len() / 2].to_string();
    lines[4] = cut;
    let bad = tmp.path().join("cut.stream");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    assert_refused(&out, &[&good, &bad], "cut.stream:5:");
    assert_refused(&tmp.path().join("new"), &[&bad, &good], "cut.stream:5:");

    // A mention whose document row never comes: the stream was cut.
    let text = std::fs::read_to_string(&rest_part).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let bad = tmp.path().join("short.stream");
    std::fs::write(&bad, lines[..3].join("\n") + "\n").unwrap();
    assert_refused(&out, &[&good, &bad], "short.stream:1:");

    // A part given twice would count its documents twice.
    assert_refused(&out, &[&good, &rest_part, &good], "given twice");

    // Documents out of path order.
    let reversed: Vec<&(String, String)> = rest.iter().rev().copied().collect();
    let bad = stream(&reversed, "reversed.stream");
    assert_refused(&out, &[&bad], "comes after");

    // A run folder whose mentions.csv lost its last row.
    let folder = tmp.path().join("folder");
    let file = tmp.path().join("rest.jsonl");
    std::fs::write(&file, records(rest)).unwrap();
    let output = dyad()
        .args(["--jsonl", "--quiet", "-o"])
        .arg(&folder)
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success());
    let mentions = std::fs::read_to_string(folder.join("mentions.csv")).unwrap();
    let mut kept: Vec<&str> = mentions.lines().collect();
    kept.pop();
    std::fs::write(folder.join("mentions.csv"), kept.join("\n") + "\n").unwrap();
    let rows = read_csv(&folder.join("documents.csv")).len();
    assert_refused(
        &out,
        &[&good, &folder],
        &format!("documents.csv:{}: mentions.csv ends before", rows + 1),
    );
    // And one whose header is not dyad's.
    std::fs::write(folder.join("mentions.csv"), "a,b\n1,2\n").unwrap();
    assert_refused(&out, &[&folder], "mentions.csv:1: header");
}
