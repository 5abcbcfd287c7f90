//! End-to-end runs of the `dyad` binary over real documents.

mod common;

use std::collections::HashMap;

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
