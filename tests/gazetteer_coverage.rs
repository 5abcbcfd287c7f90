//! The default gazetteer covers the world: every UN member and observer
//! state by its common name, ISO alpha-3 code and demonym, and every
//! current head of state and government of the newest Wikidata extract by
//! full name, linked to the right country. The reference lists are read
//! from `../shared/data` (mledoze/countries is ODbL: used here only to
//! cross-check, nothing of it is committed); the tests skip, with a
//! message, where it is absent.

use std::path::PathBuf;
use std::sync::OnceLock;

use dyad::gazetteer::{self, EntityType, Gazetteer};
use dyad::pipeline::analyze;

fn data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("SOURCES.md").exists() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

fn defaults() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| gazetteer::load(&[], false).unwrap())
}

/// The entity ids of the mentions of `etype` that cover exactly `name` in
/// `text`.
fn linked(text: &str, name: &str, etype: EntityType) -> Vec<(String, Option<String>)> {
    let a = analyze(defaults(), text, Some("2026-01-15"));
    let at = text.find(name).unwrap();
    a.mentions
        .iter()
        .filter(|m| {
            let (s, e) = a.byte_span(m.start, m.end);
            s == at && e == at + name.len()
        })
        .map(|m| &a.entities[m.entity])
        .filter(|e| e.etype == etype)
        .map(|e| (e.id.to_string(), e.country.as_deref().map(str::to_string)))
        .collect()
}

fn assert_none_missing(missing: &[String]) {
    assert!(
        missing.is_empty(),
        "{} misses:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

struct State {
    code: String,
    name: String,
    demonyms: Vec<String>,
}

fn un_states(data: &std::path::Path) -> Vec<State> {
    let path = data.join("countries/mledoze-countries/countries.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["unMember"].as_bool() == Some(true)
                || matches!(c["cca3"].as_str(), Some("VAT" | "PSE"))
        })
        .map(|c| State {
            code: c["cca3"].as_str().unwrap().to_string(),
            name: c["name"]["common"].as_str().unwrap().to_string(),
            demonyms: c["demonyms"]["eng"]["m"]
                .as_str()
                .unwrap_or("")
                .split([',', '/'])
                .flat_map(|d| d.split(" or "))
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect(),
        })
        .collect()
}

#[test]
fn every_un_member_and_observer_state_is_found() {
    let Some(data) = data() else { return };
    let states = un_states(&data);
    assert!(states.len() >= 195, "{} states", states.len());
    let mut missing = Vec::new();
    for s in &states {
        let g = defaults().find_id(&s.code).map(|i| defaults().entity(i));
        if g.is_none_or(|e| e.etype != EntityType::Country) {
            missing.push(format!("{}: no country with id {}", s.name, s.code));
        }
        let text = format!("Officials of {} met in Geneva.", s.name);
        if linked(&text, &s.name, EntityType::Country)
            .iter()
            .all(|(id, _)| *id != s.code)
        {
            missing.push(format!("{}: name not found", s.name));
        }
        for d in &s.demonyms {
            let text = format!("The {d} delegation arrived.");
            // Two states share these; the gazetteer gives each to one.
            let shared = match d.as_str() {
                "Congolese" => &["COD", "COG"][..],
                "Dominican" => &["DOM", "DMA"][..],
                _ => &[][..],
            };
            if linked(&text, d, EntityType::Country)
                .iter()
                .all(|(id, _)| *id != s.code && !shared.contains(&id.as_str()))
            {
                missing.push(format!("{}: demonym {d} not found", s.name));
            }
        }
    }
    assert_none_missing(&missing);
}

#[test]
fn news_forms_of_country_codes_are_found() {
    for (text, name, code) in [
        ("The USA and Iran talked.", "USA", "USA"),
        ("U.S. officials said.", "U.S.", "USA"),
        ("The UK said.", "UK", "GBR"),
        ("The UAE said.", "UAE", "ARE"),
        ("The DPRK said.", "DPRK", "PRK"),
    ] {
        let got = linked(text, name, EntityType::Country);
        assert!(got.iter().any(|(id, _)| id == code), "{text}: {got:?}");
    }
}

/// Wikidata labels known to be wrong in the extract (see
/// gazetteers/SOURCES.md): the converter corrects them, so the wrong form
/// is not expected in text.
const BAD_LABELS: &[&str] = &[
    "Nayib buke",
    "Edeupa Yerimin",
    "Ben Do",
    "Anura Kurankan Dissanayake",
    "amin berrabahgay",
    "Isaías Fortis",
];

#[test]
fn every_current_head_of_state_and_government_is_found() {
    let Some(data) = data() else { return };
    let path = data.join("people/wikidata-heads-of-state-government/wikidata_2026.csv");
    let mut rows = csv::Reader::from_path(path).unwrap();
    let mut checked = 0;
    let mut missing = Vec::new();
    for row in rows.deserialize::<std::collections::HashMap<String, String>>() {
        let row = row.unwrap();
        let label = row["officeholderLabel"].trim();
        // Wikidata also lists ancient rulers without an end (`Horik II, 854`).
        let historic = row["start_year"].parse::<u32>().is_ok_and(|y| y < 1900);
        if !row["end_year"].is_empty()
            || historic
            || BAD_LABELS.contains(&label)
            || label.starts_with('Q') && label[1..].chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        let country_text = format!("Officials of {} met.", row["country"]);
        let Some((country, _)) = linked(&country_text, &row["country"], EntityType::Country)
            .into_iter()
            .next()
        else {
            missing.push(format!("country {} not found", row["country"]));
            continue;
        };
        checked += 1;
        let text = format!("{label} spoke to reporters on Monday.");
        let got = linked(&text, label, EntityType::Person);
        // Charles III heads fifteen states: a tenure for this country counts.
        let holds = |id: &str| {
            let g = defaults().find_id(id);
            ["head_of_state", "head_of_government"].iter().any(|role| {
                g.is_some_and(|g| {
                    defaults()
                        .holders(&country, role, "2026-01-15")
                        .contains(&g)
                })
            })
        };
        if !got
            .iter()
            .any(|(id, c)| c.as_deref() == Some(country.as_str()) || holds(id))
        {
            missing.push(format!("{label} ({country}): {got:?}"));
        }
    }
    assert!(checked > 250, "only {checked} heads checked");
    assert_none_missing(&missing);
}

#[test]
fn ambiguous_country_names_need_their_context() {
    let person = |text: &str, name: &str| linked(text, name, EntityType::Country).is_empty();
    assert!(person("Michael Jordan played well.", "Jordan"));
    assert!(person("Jordan Bardella spoke.", "Jordan"));
    assert!(!linked("Jordan and Egypt signed.", "Jordan", EntityType::Country).is_empty());
    assert!(!linked("The talks in Chad ended.", "Chad", EntityType::Country).is_empty());
    assert!(person("Chad Smith arrived.", "Chad"));
    assert!(!linked("Georgia and Armenia met.", "Georgia", EntityType::Country).is_empty());
    // A surname alone is the person the document names in full, and no
    // gazetteer person when it names none.
    let a = analyze(
        defaults(),
        "President Ilham Aliyev spoke. Aliyev said more.",
        None,
    );
    assert!(a
        .mentions
        .iter()
        .all(|m| &*a.entities[m.entity].name != "Heydar Aliyev"));
    let a = analyze(defaults(), "Mr Aliyev said more.", None);
    assert!(a.entities.iter().all(|e| !e.name.ends_with(" Aliyev")));
    // A common-word surname alone is no person.
    let a = analyze(defaults(), "The talks may rice the bush.", None);
    assert!(a.mentions.is_empty());
}
