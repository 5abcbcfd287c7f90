//! `report.html` against the CSV files of the same run: every edge of
//! `edges.csv` in the table with its totals and evidence, the counts of
//! `entities.csv` and `documents.csv`, and every text from a document
//! escaped. `tests/report_browser.rs` opens the page in a real browser.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;
use dyad::report::EVIDENCE_BYTES;

/// What a text looks like once maud has escaped it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text of a piece of the page, tags removed (entities kept).
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The table row of each edge, by its `data-source`, `data-target`,
/// `data-relation` and `data-kind`.
fn table_rows(page: &str) -> BTreeMap<[String; 4], String> {
    let body = &page[page.find("<table id=\"edges\"").expect("the edge table")..];
    let body = &body[..body.find("</table>").unwrap()];
    let attr = |row: &str, name: &str| {
        let key = format!(" data-{name}=\"");
        let at = row.find(&key).unwrap_or_else(|| panic!("{name} in {row}")) + key.len();
        row[at..at + row[at..].find('"').unwrap()].to_string()
    };
    let mut rows = BTreeMap::new();
    for piece in body.split("<tr id=\"e").skip(1) {
        let row = &piece[..piece.find("</tr>").unwrap()];
        let key = ["source", "target", "relation", "kind"].map(|n| attr(row, n));
        assert!(rows.insert(key, row.to_string()).is_none(), "twice: {row}");
    }
    rows
}

fn run_with_report(input: &Path) -> (tempfile::TempDir, String) {
    let (out, output) = run_on(input, &["--quiet"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = std::fs::read_to_string(out.path().join("report.html")).expect("report.html");
    (out, page)
}

#[test]
fn every_edge_is_in_the_table_with_its_totals_and_evidence() {
    let (out, page) = run_with_report(&repo().join("input"));
    let edges = read_csv(&out.path().join("edges.csv"));
    let relations = read_csv(&out.path().join("relations.csv"));
    let rows = table_rows(&page);
    assert_eq!(rows.len(), edges.len(), "one row per edge of edges.csv");
    assert!(!edges.is_empty());
    for e in &edges {
        let key = [&e["Source"], &e["Target"], &e["relation"], &e["kind"]].map(|s| escaped(s));
        let row = rows
            .get(&key)
            .unwrap_or_else(|| panic!("no row for {key:?}"));
        for (attr, column) in [
            ("weight", "Weight"),
            ("first", "first_date"),
            ("last", "last_date"),
        ] {
            assert!(
                row.contains(&format!(" data-{attr}=\"{}\"", escaped(&e[column]))),
                "{column} of {key:?}: {row}"
            );
        }
        // The relations that state the edge, as edges.csv pairs them.
        let stated: Vec<&Row> = relations
            .iter()
            .filter(|r| {
                let (s, t) = (&r["source"], &r["target"]);
                let (s, t) = if r["relation"] != "VISIT" && t < s {
                    (t, s)
                } else {
                    (s, t)
                };
                r["relation"] == e["relation"]
                    && r["kind"] == e["kind"]
                    && (s, t) == (&e["Source"], &e["Target"])
            })
            .collect();
        assert!(!stated.is_empty(), "{key:?} stated nowhere");
        let text = text_of(row);
        // Each sentence shown is one that states the edge (a long one cut
        // around its trigger, marked with an ellipsis), its trigger marked.
        let items: Vec<&str> = row.split("<li>").skip(1).collect();
        assert!(!items.is_empty(), "no evidence sentence of {key:?}: {row}");
        for item in &items {
            let item = &item[..item.find("</li>").unwrap()];
            let (source, sentence) = item.split_once("</span>").unwrap();
            let sentence = text_of(sentence);
            let sentence = sentence.trim_start();
            let sentence = sentence.strip_prefix("… ").unwrap_or(sentence);
            let sentence = sentence.strip_suffix(" …").unwrap_or(sentence);
            let r = stated
                .iter()
                .find(|r| {
                    source.contains(&escaped(&r["doc"]))
                        && escaped(&r["evidence"]).contains(sentence)
                        && item.contains(&format!("<mark>{}</mark>", escaped(&r["trigger"])))
                })
                .unwrap_or_else(|| panic!("{item:?} states no relation of {key:?}"));
            assert!(r["evidence"].len() > EVIDENCE_BYTES || escaped(&r["evidence"]) == sentence);
        }
        let listed = row.matches("<li>").count();
        assert!((1..=3).contains(&listed), "{row}");
        let distinct: BTreeSet<(&str, &str)> = stated
            .iter()
            .map(|r| (r["doc"].as_str(), r["evidence"].as_str()))
            .collect();
        assert!(listed <= distinct.len(), "{row}");
        let rest = stated.len() - listed;
        if rest > 0 {
            assert!(
                text.contains(&format!("and {rest} more sentence")),
                "{key:?}: {rest} more not counted: {row}"
            );
        } else {
            assert!(!text.contains("more sentence"), "{row}");
        }
    }
    // The picture draws every node that has an edge (fewer than the cap).
    let ends: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| [e["Source"].as_str(), e["Target"].as_str()])
        .collect();
    assert_eq!(page.matches("<circle ").count(), ends.len());
    assert_eq!(page.matches("<path ").count(), edges.len());
}

#[test]
fn the_run_summary_agrees_with_entities_and_documents() {
    let (out, page) = run_with_report(&repo().join("input"));
    let entities = read_csv(&out.path().join("entities.csv"));
    let documents = read_csv(&out.path().join("documents.csv"));
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &entities {
        *by_type.entry(e["type"].as_str()).or_default() += 1;
    }
    for (etype, n) in &by_type {
        assert!(
            page.contains(&format!("<tr data-type=\"{etype}\" data-count=\"{n}\">")),
            "{etype}: {n}"
        );
    }
    assert_eq!(page.matches("<tr data-type=").count(), by_type.len());
    let read = documents
        .iter()
        .filter(|d| d["status"] == "ok" || d["status"] == "warning")
        .count();
    assert!(page.contains(&format!("<b>{read}</b> documents read")));
    assert!(page.contains(&format!(
        "{read} documents read · {} entities",
        entities.len()
    )));
    // The most mentioned person heads the top people.
    let top = entities
        .iter()
        .filter(|e| e["type"] == "PERSON")
        .max_by_key(|e| e["mentions"].parse::<u64>().unwrap())
        .unwrap();
    let people = &page[page.find("Top people").unwrap()..];
    assert!(people.starts_with(&format!(
        "Top people</h3><ol><li>{} ",
        escaped(&top["name"])
    )));
}

#[test]
fn text_from_a_document_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // A file name and a sentence with markup in them.
    std::fs::write(
        dir.path().join("a<b>&.txt"),
        "BAKU, February 9, 2026\n\nPresident Ilham Aliyev met with President of Russia \
         Vladimir Putin <script>alert(\"x\")</script> & friends in Baku on Monday.\n",
    )
    .unwrap();
    let (out, page) = run_with_report(dir.path());
    let relations = read_csv(&out.path().join("relations.csv"));
    assert!(
        relations
            .iter()
            .any(|r| r["relation"] == "MEET" && r["evidence"].contains("<script>")),
        "the test document should give a meeting"
    );
    assert!(page.contains(
        "Vladimir Putin &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends"
    ));
    assert!(page.contains("a&lt;b&gt;&amp;.txt"));
    // The page's own script, and nothing from the document.
    assert_eq!(page.matches("<script").count(), 1);
    assert!(!page.contains("<b>&"));
}

#[test]
fn no_report_with_no_report() {
    let (out, output) = run_on(&repo().join("input"), &["--quiet", "--no-report"]);
    assert!(output.status.success());
    assert!(out.path().join("edges.csv").exists());
    assert!(!out.path().join("report.html").exists());
}

#[test]
fn the_page_loads_nothing_from_the_network() {
    let (_out, page) = run_with_report(&repo().join("input"));
    for needle in ["http://", "https://", "src=", "<link", "@import", "url("] {
        assert!(!page.contains(needle), "{needle} in the page");
    }
}

#[test]
fn documents_not_read_are_counted_and_named_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("input")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(dir.path().join("binary.txt"), b"BAKU\0\0\0 not text").unwrap();
    let (out, output) = run_on(dir.path(), &["--quiet"]);
    assert_eq!(output.status.code(), Some(2));
    let page = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let documents = read_csv(&out.path().join("documents.csv"));
    let skipped = documents.iter().find(|d| d["doc"] == "binary.txt").unwrap();
    assert_eq!(skipped["status"], "skipped");
    assert!(page.contains("<b>5</b> documents read"));
    assert!(page.contains("<b>1</b> skipped"));
    assert!(page.contains(&format!(
        "<li><code>binary.txt</code> skipped: {}</li>",
        escaped(&skipped["message"])
    )));
}
