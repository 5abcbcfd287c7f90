//! End-to-end runs of the `dyad` binary over real documents.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use common::*;

const LETTER: &str = "001_08e5985097d77835.txt";
const RECEPTION: &str = "000_904848637c39d08a.txt";
const ISRAEL_VISIT: &str = "004_4583663c584f2331.txt";

#[test]
fn seed_documents_give_the_expected_rows() {
    let (out, output) = run_on(&repo().join("input"), &["--quiet"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rel = read_csv(&out.path().join("relations.csv"));
    let men = read_csv(&out.path().join("mentions.csv"));
    let docs = read_csv(&out.path().join("documents.csv"));

    assert!(has_pair(
        &rel,
        RECEPTION,
        "MEET",
        "Ilham Aliyev",
        "Betsy Berns Korn"
    ));
    assert!(has_pair(
        &rel,
        RECEPTION,
        "COUNTRY_RELATION",
        "Azerbaijan",
        "United States"
    ));
    assert!(has_pair(
        &rel,
        ISRAEL_VISIT,
        "MEET",
        "Jeyhun Bayramov",
        "Isaac Herzog"
    ));
    assert!(has_pair(
        &rel,
        ISRAEL_VISIT,
        "COUNTRY_RELATION",
        "Azerbaijan",
        "Armenia"
    ));
    // A congratulation letter is not a meeting.
    assert!(!rel
        .iter()
        .any(|r| r["doc"] == LETTER && r["relation"] == "MEET"));
    assert!(has_pair(
        &rel,
        LETTER,
        "COUNTRY_RELATION",
        "Azerbaijan",
        "United States"
    ));

    // Titles are not part of names; surnames link to the full name.
    assert!(men
        .iter()
        .any(|m| m["text"] == "Betsy Berns Korn" && m["type"] == "PERSON"));
    assert!(!men.iter().any(|m| m["name"].starts_with("Chair ")));
    let weinblatt: Vec<&Row> = men.iter().filter(|m| m["text"] == "Weinblatt").collect();
    assert!(!weinblatt.is_empty() && weinblatt.iter().all(|m| m["name"] == "Stuart Weinblatt"));
    // `the head of state` is Ilham Aliyev in the reception readout.
    assert!(men.iter().any(|m| m["doc"] == RECEPTION
        && m["text"] == "head of state"
        && m["name"] == "Ilham Aliyev"
        && m["method"] == "role"));
    // `the U.S. President` is resolved by the document's date to the person it names.
    assert!(men
        .iter()
        .any(|m| m["doc"] == RECEPTION && m["text"] == "President" && m["name"] == "Donald Trump"));

    let dates: HashMap<&str, &str> = docs
        .iter()
        .map(|d| (d["doc"].as_str(), d["date"].as_str()))
        .collect();
    assert_eq!(dates[RECEPTION], "2026-02-09");
    assert_eq!(dates[LETTER], "2024-11-06");
    assert_eq!(dates["003_632310c46296665b.txt"], "2026-01-31");

    // Every relation's evidence contains its trigger.
    for r in &rel {
        assert!(r["evidence"].contains(&r["trigger"]), "{r:?}");
    }
}

/// The reception readout of `input/` resolves `the U.S. President` by its
/// date: to Donald Trump as written (2026), to Barack Obama when the same
/// text is dated 2014 and names no one in that office.
#[test]
fn role_phrases_resolve_by_the_document_date() {
    let text = std::fs::read_to_string(repo().join("input").join(RECEPTION)).unwrap();
    let sentence = text
        .split('\n')
        .find(|l| l.contains("the U.S. President over"))
        .expect("the reception readout names the U.S. President");
    let dir = tempfile::tempdir().unwrap();
    // The role phrase alone, without the sentences that name Trump.
    let anonymous = sentence.replace("Donald Trump", "him");
    std::fs::write(
        dir.path().join("2026.txt"),
        format!("date 2026-02-09 {anonymous}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("2014.txt"),
        format!("date 2014-05-01 {anonymous}\n"),
    )
    .unwrap();
    let (out, _) = run_on(dir.path(), &[]);
    let men = read_csv(&out.path().join("mentions.csv"));
    let president = |doc: &str| {
        men.iter()
            .find(|m| m["doc"] == doc && m["text"] == "President" && m["method"] == "role")
            .map(|m| m["name"].clone())
    };
    assert_eq!(president("2026.txt").as_deref(), Some("Donald Trump"));
    assert_eq!(president("2014.txt").as_deref(), Some("Barack Obama"));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let input = repo().join("input");
    let (a, _) = run_on(&input, &["--quiet", "--threads", "1"]);
    let (b, _) = run_on(&input, &["--quiet", "--threads", "4"]);
    assert_same_output(a.path(), b.path(), "--threads 1 and --threads 4");
}

#[test]
fn bad_inputs_are_reported_and_the_rest_goes_through() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "President Ilham Aliyev received Rabbi Stuart Weinblatt in Baku.",
    )
    .unwrap();
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 talks in Baku.").unwrap();
    std::fs::write(d.join("binary.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("missing-target"), d.join("dangling.txt")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = dyad().arg(d).arg("-o").arg(out.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "some documents were skipped");
    let docs = read_csv(&out.path().join("documents.csv"));
    let status: HashMap<&str, (&str, &str)> = docs
        .iter()
        .map(|r| {
            (
                r["doc"].as_str(),
                (r["status"].as_str(), r["message"].as_str()),
            )
        })
        .collect();
    assert_eq!(status["good.txt"].0, "ok");
    assert_eq!(status["empty.txt"].0, "ok");
    assert_eq!(status["latin1.txt"].0, "warning");
    assert!(status["latin1.txt"].1.contains("Windows-1252"));
    assert_eq!(status["binary.txt"].0, "skipped");
    #[cfg(unix)]
    assert_eq!(status["dangling.txt"].0, "error");
    assert!(aliyev_met_weinblatt(out.path(), "good.txt"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("skipped"), "{stderr}");
}

#[test]
fn user_gazetteers_add_names() {
    let gaz = tempfile::tempdir().unwrap();
    std::fs::write(
        gaz.path().join("people-mine.csv"),
        "id,name,aliases,country,role,start,end\nperson/zorro-zed,Zorro Zed,,ESP,official,,\n",
    )
    .unwrap();
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("a.txt"), "zorro met Zorro Zed yesterday.").unwrap();
    let (out, output) = run_on(
        input.path(),
        &["--gazetteers", gaz.path().to_str().unwrap()],
    );
    assert!(output.status.success());
    let men = read_csv(&out.path().join("mentions.csv"));
    assert!(men
        .iter()
        .any(|m| m["entity"] == "person/zorro-zed" && m["method"] == "gazetteer"));
}

#[test]
fn an_interrupted_write_leaves_no_partial_files() {
    let (out, _) = run_on(&repo().join("input"), &["--quiet"]);
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains(".tmp"), "temporary file left: {name}");
    }
}

/// relations.csv aggregated by hand: (relation, kind, source, target) with
/// undirected pairs in order, to (documents, first date, last date).
fn aggregate(relations: &[Row]) -> BTreeMap<[String; 4], (usize, String, String)> {
    let mut docs: BTreeMap<[String; 4], (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
    for r in relations {
        let (mut s, mut t) = (r["source"].clone(), r["target"].clone());
        if r["relation"] != "VISIT" && t < s {
            std::mem::swap(&mut s, &mut t);
        }
        let e = docs
            .entry([r["relation"].clone(), r["kind"].clone(), s, t])
            .or_default();
        e.0.insert(r["doc"].clone());
        if !r["date"].is_empty() {
            e.1.push(r["date"].clone());
        }
    }
    docs.into_iter()
        .map(|(k, (d, dates))| {
            let first = dates.iter().min().cloned().unwrap_or_default();
            let last = dates.iter().max().cloned().unwrap_or_default();
            (k, (d.len(), first, last))
        })
        .collect()
}

#[test]
fn nodes_and_edges_aggregate_relations() {
    let (out, output) = run_on(&repo().join("input"), &["--quiet"]);
    assert!(output.status.success());
    let rel = read_csv(&out.path().join("relations.csv"));
    let nodes = read_csv(&out.path().join("nodes.csv"));
    let edges = read_csv(&out.path().join("edges.csv"));
    let entities = read_csv(&out.path().join("entities.csv"));

    let ids: BTreeSet<&str> = nodes.iter().map(|n| n["Id"].as_str()).collect();
    assert_eq!(ids.len(), nodes.len(), "duplicate nodes");
    assert!(entities.iter().all(|e| ids.contains(e["id"].as_str())));
    let mut got = BTreeMap::new();
    for e in &edges {
        assert!(ids.contains(e["Source"].as_str()) && ids.contains(e["Target"].as_str()));
        let directed = e["relation"] == "VISIT";
        assert_eq!(e["Type"], if directed { "Directed" } else { "Undirected" });
        assert!(
            directed || e["Source"] < e["Target"],
            "not normalised: {e:?}"
        );
        assert_eq!(e["Weight"], e["documents"]);
        let key = [
            e["relation"].clone(),
            e["kind"].clone(),
            e["Source"].clone(),
            e["Target"].clone(),
        ];
        let value = (
            e["Weight"].parse::<usize>().unwrap(),
            e["first_date"].clone(),
            e["last_date"].clone(),
        );
        assert!(got.insert(key, value).is_none(), "duplicate edge {e:?}");
    }
    assert_eq!(got, aggregate(&rel));
    // The reception and the follow-up story both state Aliyev met Korn.
    let korn = &got[&[
        "MEET".to_string(),
        String::new(),
        "Q57371".into(),
        "person/betsy-berns-korn".into(),
    ]];
    assert_eq!(korn.0, 2);
    let aze_usa = &got[&[
        "COUNTRY_RELATION".to_string(),
        "cooperation".into(),
        "AZE".into(),
        "USA".into(),
    ]];
    assert_eq!(
        (aze_usa.1.as_str(), aze_usa.2.as_str()),
        ("2024-11-06", "2026-02-09")
    );

    let graphml = std::fs::read_to_string(out.path().join("graph.graphml")).unwrap();
    assert_eq!(graphml.matches("<node ").count(), nodes.len());
    assert_eq!(graphml.matches("<edge ").count(), edges.len());
}

#[test]
fn neo4j_headers() {
    let (out, output) = run_on(&repo().join("input"), &["--quiet", "--graph", "neo4j"]);
    assert!(output.status.success());
    let first_line = |f: &str| {
        let text = std::fs::read_to_string(out.path().join(f)).unwrap();
        text.lines().next().unwrap().to_string()
    };
    assert_eq!(
        first_line("nodes.csv"),
        "id:ID,name,:LABEL,country,mentions:int,documents:int"
    );
    assert!(first_line("edges.csv").starts_with(":START_ID,:END_ID,"));
    assert!(first_line("edges.csv").contains(",:TYPE,"));
    // The other files do not change with the dialect.
    assert!(first_line("entities.csv").starts_with("id,name,type,"));
}

#[test]
fn json_lines_mirror_every_table() {
    let (out, output) = run_on(&repo().join("input"), &["--quiet", "--format", "jsonl"]);
    assert!(output.status.success());
    for table in [
        "mentions",
        "relations",
        "documents",
        "entities",
        "nodes",
        "edges",
    ] {
        let rows = read_csv(&out.path().join(format!("{table}.csv")));
        let text = std::fs::read_to_string(out.path().join(format!("{table}.jsonl"))).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), rows.len(), "{table}");
    }
    let text = std::fs::read_to_string(out.path().join("relations.jsonl")).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["doc"], RECEPTION);
    assert_eq!(first["sentence"], 0);
}

#[test]
fn excel_csv_starts_with_a_bom_and_plain_csv_does_not() {
    let (plain, _) = run_on(&repo().join("input"), &["--quiet"]);
    let (excel, _) = run_on(&repo().join("input"), &["--quiet", "--excel"]);
    for f in ["mentions.csv", "relations.csv", "nodes.csv", "edges.csv"] {
        let p = std::fs::read(plain.path().join(f)).unwrap();
        let x = std::fs::read(excel.path().join(f)).unwrap();
        assert!(!p.starts_with(b"\xEF\xBB\xBF"), "{f}");
        assert_eq!(x, [b"\xEF\xBB\xBF".as_slice(), &p].concat(), "{f}");
    }
}
#[test]
fn a_document_from_stdin_gives_relations_on_stdout() {
    let file = repo().join("input").join(RECEPTION);
    let (folder, _) = run_on(&file, &["--quiet"]);
    let output = piped(&["-", "-o", "-", "--quiet"], &std::fs::read(&file).unwrap());
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "--quiet");
    let expected = std::fs::read_to_string(folder.path().join("relations.csv")).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout, expected.replace(RECEPTION, "stdin"));
}

#[test]
fn json_lines_records_from_stdin() {
    let out = tempfile::tempdir().unwrap();
    let records = concat!(
        r#"{"id": "a", "text": "President Ilham Aliyev received Rabbi Stuart Weinblatt in Baku.", "date": "2025-03-04"}"#,
        "\n",
        "not a record\n",
        r#"{"id": 2, "text": "Ilham Aliyev met Isaac Herzog in Jerusalem."}"#,
        "\n",
    );
    let o = out.path().to_str().unwrap();
    let output = piped(&["--jsonl", "-", "-o", o], records.as_bytes());
    assert_eq!(output.status.code(), Some(2), "one record failed");
    let docs = read_csv(&out.path().join("documents.csv"));
    let status: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d["doc"].as_str(), d["status"].as_str()))
        .collect();
    assert_eq!(status, [("a", "ok"), ("stdin:2", "error"), ("2", "ok")]);
    let rel = read_csv(&out.path().join("relations.csv"));
    let aliyev = "Ilham Aliyev";
    assert!(has_pair(&rel, "a", "MEET", aliyev, "Stuart Weinblatt"));
    let dated = |r: &Row| r["doc"] == "a" && r["date"] == "2025-03-04";
    assert!(rel.iter().any(dated));
    assert!(has_pair(&rel, "2", "MEET", aliyev, "Isaac Herzog"));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let (_, output) = run_on(&repo().join("input"), &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("dyad: 5 documents"), "{stderr}");
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
}

/// `output/` in the repository is the run over `input/` a newcomer sees
/// before running anything, and the diff a reviewer reads when a change
/// alters what dyad extracts. Regenerate it with the README's command:
/// `cargo run --release -- input/ -o output/`.
#[test]
fn committed_output_is_a_fresh_run_over_input() {
    let (out, output) = run_on(&repo().join("input"), &["--quiet"]);
    assert!(output.status.success());
    let names = |dir: &std::path::Path| -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect()
    };
    let committed = repo().join("output");
    let fresh = names(out.path());
    assert_eq!(
        names(&committed),
        fresh,
        "output/ holds other files than a run writes; regenerate it: \
         cargo run --release -- input/ -o output/"
    );
    for name in &fresh {
        let a = std::fs::read(committed.join(name)).unwrap();
        let b = std::fs::read(out.path().join(name)).unwrap();
        assert!(
            a == b,
            "output/{name} differs from a fresh run over input/; if the change is meant, \
             regenerate it: cargo run --release -- input/ -o output/"
        );
    }
}
