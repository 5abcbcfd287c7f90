//! The organisation lists outside politics (news outlets, companies,
//! universities, football clubs): each finds its names in running text, and
//! none turns an ordinary word, a ticker, a city or a person's first name
//! into an organisation. The generated lists are exactly what
//! `tools/build_org_lists.py` makes from `../shared/data` (skipped, with a
//! message, where that is absent).

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use dyad::gazetteer::{self, EntityType, Gazetteer};
use dyad::pipeline::analyze;

fn defaults() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| gazetteer::load(&[], false).unwrap())
}

/// The (type, id) of every entity `text` names, with the text of a mention.
fn found(text: &str) -> Vec<(EntityType, String, String)> {
    let a = analyze(defaults(), text, Some("2026-01-15"));
    a.mentions
        .iter()
        .map(|m| {
            let (s, e) = a.byte_span(m.start, m.end);
            let ent = &a.entities[m.entity];
            (ent.etype, ent.id.to_string(), text[s..e].to_string())
        })
        .collect()
}

fn orgs(text: &str) -> Vec<String> {
    found(text)
        .into_iter()
        .filter(|(t, _, _)| *t == EntityType::Org)
        .map(|(_, id, _)| id)
        .collect()
}

fn assert_org(text: &str, id: &str) {
    let got = orgs(text);
    assert!(got.iter().any(|g| g == id), "{text:?}: {id} not in {got:?}");
}

fn assert_no_org(text: &str, surface: &str) {
    let got: Vec<_> = found(text)
        .into_iter()
        .filter(|(t, _, s)| *t == EntityType::Org && s.contains(surface))
        .collect();
    assert!(got.is_empty(), "{text:?}: {surface:?} taken for {got:?}");
}

#[test]
fn news_outlets_and_agencies_are_found() {
    assert_org(
        "Ryabkov told Russian agency RIA Novosti on Monday that the talks went well.",
        "org/ria-novosti",
    );
    assert_org(
        "KYIV (Interfax-Ukraine) - The minister said.",
        "org/interfax-ukraine",
    );
    assert_org(
        "News agency ANI shared the tweet.",
        "org/asian-news-international",
    );
    assert_org("He spoke to the CBS program on Sunday.", "org/cbs-news");
    assert_org(
        "The Wall Street Journal reported the deal.",
        "org/the-wall-street-journal",
    );
    // The short forms that are also words are not names on their own.
    assert_no_org("The Times are changing, and the Sun rose early.", "Times");
    assert_no_org(
        "Post the letter; Mirror the image; Star of the show.",
        "Post",
    );
    assert_no_org("Dawn broke over the city as the Standard rose.", "Dawn");
    assert_no_org(
        "Foreign Policy matters, said the minister.",
        "Foreign Policy",
    );
}

#[test]
fn companies_are_found_by_name_but_never_by_ticker() {
    assert_org("Apple said on Monday that sales rose.", "org/apple-inc");
    assert_org("Nokia said it would cut jobs.", "org/nokia");
    assert_org(
        "The Gazprom chief met the minister in Ashgabat.",
        "org/gazprom",
    );
    assert_org("Tata Sons chairman spoke in Mumbai.", "org/tata-sons");
    // Tickers (ALL, ON, IT) and listing names that are words or places.
    assert_no_org("ALL of the ministers agreed ON the text.", "ALL");
    assert_no_org("Target dates were set for the talks.", "Target");
    assert_no_org("Visa requirements were eased for tourists.", "Visa");
    assert_no_org("The Amazon rainforest is burning.", "Amazon");
    assert_no_org("News of the meeting spread quickly.", "News");
}

#[test]
fn universities_are_found_by_full_name_only() {
    assert_org(
        "She studied at Harvard University and taught in Paris.",
        "org/uni/harvard-university",
    );
    assert_org(
        "Baku State University hosted the forum.",
        "org/uni/baku-state-university",
    );
    assert_no_org("American university students protested.", "American");
    assert_no_org("National university rankings were published.", "National");
}

#[test]
fn clubs_are_found_by_club_names_not_by_their_cities() {
    assert_org(
        "Manchester United beat Real Madrid on Tuesday.",
        "org/club/manchester-united-fc",
    );
    assert_org(
        "Manchester United beat Real Madrid on Tuesday.",
        "org/club/real-madrid",
    );
    assert_org("Qarabağ FK won in Baku.", "org/club/qarabag-fk");
    // A city alone, or a city with City, is no club.
    assert_no_org("Chelsea and Liverpool voted Labour.", "Chelsea");
    let council = orgs("Hull City Council met on Monday.");
    assert!(
        !council.iter().any(|id| id.starts_with("org/club/")),
        "{council:?}"
    );
}

#[test]
fn a_body_named_after_a_first_name_does_not_hide_people() {
    // dyad takes no first word of a body's name for a first name, so no
    // list may name a body "Don ..." or "James ...".
    let people: Vec<_> = found(
        "He was paired with the conservative James J. Kilpatrick. Don Hewitt, the producer, agreed.",
    )
    .into_iter()
    .filter(|(t, _, _)| *t == EntityType::Person)
    .map(|(_, _, s)| s)
    .collect();
    assert!(
        people.iter().any(|p| p == "Don Hewitt"),
        "Don Hewitt not in {people:?}"
    );
}

#[test]
fn converter_reproduces_the_committed_org_lists() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(data) = common::converter_data("orgs/companies/sp500-constituents.csv") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo.join("gazetteers")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, out.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let status = Command::new("python3")
        .arg(repo.join("tools/build_org_lists.py"))
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(out.path())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "the converter failed");
    for name in [
        "organizations-companies.csv",
        "organizations-universities.csv",
        "organizations-clubs.csv",
    ] {
        let built = std::fs::read(out.path().join(name)).unwrap();
        let committed = std::fs::read(repo.join("gazetteers").join(name)).unwrap();
        assert!(
            built == committed,
            "{name} differs from the converter's output: run tools/build_org_lists.py"
        );
    }
}
