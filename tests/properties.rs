//! Property tests: whatever the text, the analysis keeps its promises.
//! Offsets are on char boundaries and within the text, mentions do not
//! overlap, every relation joins entities that are mentioned, and its
//! evidence contains its trigger. (`Analysis::check` states them; the fuzz
//! targets in `fuzz/` check the same on arbitrary bytes.)

use std::sync::LazyLock;

use dyad::gazetteer::Gazetteer;
use dyad::pipeline::{analyze, pieces, Analysis};
use proptest::prelude::*;

static GAZ: LazyLock<Gazetteer> =
    LazyLock::new(|| dyad::gazetteer::load(&[], false).expect("embedded gazetteers"));

/// Pieces of news text that fire the rules: names, titles, triggers,
/// abbreviations, quotes, possessives, odd whitespace and scripts.
const PARTS: &[&str] = &[
    "President",
    "Ilham Aliyev",
    "Aliyev",
    "met",
    "received",
    "held talks with",
    "phone call with",
    "visited",
    "Israel",
    "the U.S.",
    "U.S.",
    "Secretary of State",
    "Prime Minister",
    "Nikol Pashinyan",
    "Armenia's",
    "Azerbaijan’s",
    "the head of state",
    "he",
    "She",
    "said",
    "Ministry of Foreign Affairs",
    "UN",
    "us",
    "Dr.",
    "J.D. Vance",
    "and",
    "in",
    "Baku",
    "on 5 March 2024",
    ".",
    ",",
    "“",
    "”",
    "'s",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "\u{a0}",
    "—",
    "Məclis",
    "中文",
    "🙂",
    "e\u{301}",
    // Shapes of the inputs the fuzzer found breaking a promise.
    "Ij-Israel",
    "During the meeting",
    "During the conversation,",
];

fn news_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PARTS), 0..60).prop_map(|parts| {
        let mut text = String::new();
        for p in parts {
            if !text.is_empty() && !matches!(p, "." | "," | "'s" | "”") {
                text.push(' ');
            }
            text.push_str(p);
        }
        text
    })
}

/// Whitespace collapsed, as the writer puts evidence and triggers.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_promises(a: &Analysis, text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = a.check(text) {
        return Err(TestCaseError::fail(e));
    }
    for r in &a.relations {
        let (ss, se) = a.sentence_span(r.sentence);
        let (ts, te) = a.byte_span(r.trigger.0, r.trigger.1);
        let (evidence, trigger) = (one_line(&text[ss..se]), one_line(&text[ts..te]));
        prop_assert!(evidence.contains(&trigger), "{evidence:?} / {trigger:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn news_like_text_keeps_the_promises(text in news_text()) {
        let a = analyze(&GAZ, &text, Some("2024-03-05"));
        assert_promises(&a, &text)?;
    }

    #[test]
    fn any_text_keeps_the_promises(text in any::<String>()) {
        let a = analyze(&GAZ, &text, None);
        assert_promises(&a, &text)?;
    }

    #[test]
    fn pieces_tile_the_text_on_char_boundaries(text in any::<String>(), max in 1usize..64) {
        let p = pieces(&text, max);
        prop_assert_eq!(p.first().map(|r| r.start), Some(0));
        prop_assert_eq!(p.last().map(|r| r.end), Some(text.len()));
        for w in p.windows(2) {
            prop_assert_eq!(w[0].end, w[1].start);
        }
        for r in &p {
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            prop_assert!(r.len() <= max || text[r.clone()].chars().count() == 1);
        }
    }
}
