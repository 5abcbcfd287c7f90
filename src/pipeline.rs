//! The whole pipeline: a document in, its mentions and relations out; and a
//! run over many documents, in parallel, written in input order.

use std::ops::Range;

use crate::discover::{find_names, leaders_by_surname, repeated_names};
use crate::doc::Doc;
use crate::gazetteer::Gazetteer;
use crate::matcher::Folded;
use crate::read::Document;
use crate::relations::{extract, Relation};
use crate::resolve::{resolve, DocEntity, Mention, PlaceMention, Resolved};
use crate::tokenize::{split_sentences, tokenize, Sentence, Token};

/// Everything dyad finds in one document.
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<DocEntity>,
    pub mentions: Vec<Mention>,
    /// Capitals named as places (`arrived in Taipei`).
    pub places: Vec<PlaceMention>,
    pub relations: Vec<Relation>,
}

impl Analysis {
    /// Byte range of a sentence in the text.
    pub fn sentence_span(&self, i: usize) -> (usize, usize) {
        let s = self.sentences[i];
        (self.tokens[s.start].start, self.tokens[s.end - 1].end)
    }

    /// Byte range of tokens `start..end`.
    pub fn byte_span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.tokens[start].start, self.tokens[end - 1].end)
    }

    /// Checks the promises the writer relies on, so that fuzzing and property
    /// tests can find any input that breaks them: every offset is a char
    /// boundary within `text`, sentences tile the tokens, mentions do not
    /// overlap, every relation joins entities that the text names (mentioned,
    /// or the country of a capital named as a place), and its trigger lies
    /// inside its evidence sentence.
    pub fn check(&self, text: &str) -> std::result::Result<(), String> {
        for (i, t) in self.tokens.iter().enumerate() {
            if t.start >= t.end || t.end > text.len() {
                return Err(format!("token {i} {}..{} out of the text", t.start, t.end));
            }
            if !text.is_char_boundary(t.start) || !text.is_char_boundary(t.end) {
                return Err(format!("token {i} {}..{} splits a char", t.start, t.end));
            }
            if i > 0 && self.tokens[i - 1].end > t.start {
                return Err(format!("token {i} overlaps the one before"));
            }
        }
        let mut next = 0;
        for (i, s) in self.sentences.iter().enumerate() {
            if s.start != next || s.end <= s.start {
                return Err(format!(
                    "sentence {i} {}..{} does not follow on",
                    s.start, s.end
                ));
            }
            next = s.end;
        }
        if next != self.tokens.len() {
            return Err(format!(
                "sentences end at token {next} of {}",
                self.tokens.len()
            ));
        }
        let mut last_end = 0;
        for (i, m) in self.mentions.iter().enumerate() {
            let s = self
                .sentences
                .get(m.sentence)
                .ok_or(format!("mention {i}: no sentence"))?;
            if m.start >= m.end || m.start < s.start || m.end > s.end {
                return Err(format!(
                    "mention {i} {}..{} not in its sentence",
                    m.start, m.end
                ));
            }
            // A name inside the one before (a nested organisation) is
            // fine; a partial overlap is not.
            if m.start < last_end && m.end > last_end {
                return Err(format!("mention {i} overlaps the one before"));
            }
            if m.entity >= self.entities.len() {
                return Err(format!("mention {i}: no entity {}", m.entity));
            }
            last_end = last_end.max(m.end);
        }
        let mut named: std::collections::HashSet<usize> =
            self.mentions.iter().map(|m| m.entity).collect();
        named.extend(self.places.iter().map(|p| p.entity));
        for (i, r) in self.relations.iter().enumerate() {
            if !named.contains(&r.source) || !named.contains(&r.target) {
                return Err(format!("relation {i}: an endpoint is never mentioned"));
            }
            let s = self
                .sentences
                .get(r.sentence)
                .ok_or(format!("relation {i}: no sentence"))?;
            let (a, b) = r.trigger;
            if a >= b || a < s.start || b > s.end {
                return Err(format!(
                    "relation {i}: trigger {a}..{b} outside its sentence"
                ));
            }
        }
        Ok(())
    }
}

/// Runs every stage over one document's text.
pub fn analyze(gaz: &Gazetteer, text: &str, date: Option<&str>) -> Analysis {
    let (tokens, sentences, (resolved, relations)) =
        with_resolved(gaz, text, date, |doc, sentences, resolved| {
            let relations = extract(
                doc,
                sentences,
                &resolved.mentions,
                &resolved.places,
                &resolved.entities,
                date,
            );
            (resolved, relations)
        });
    Analysis {
        tokens,
        sentences,
        entities: resolved.entities,
        mentions: with_nested(resolved.mentions, resolved.nested),
        places: resolved.places,
        relations,
    }
}

/// Runs the stages up to resolve over `text` and hands `then` the document
/// they made (which borrows the tokens), the sentences and the linked
/// mentions; returns the tokens, the sentences and what `then` returned.
fn with_resolved<R>(
    gaz: &Gazetteer,
    text: &str,
    date: Option<&str>,
    then: impl FnOnce(&Doc, &[Sentence], Resolved) -> R,
) -> (Vec<Token>, Vec<Sentence>, R) {
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    let folded = Folded::new(text, &tokens, &gaz.vocab);
    let doc = Doc::new(text, &tokens, &folded, gaz);
    let mut spans: Vec<_> = sentences
        .iter()
        .map(|s| find_names(&doc, s.start..s.end))
        .collect();
    let ranges: Vec<_> = sentences.iter().map(|s| s.start..s.end).collect();
    repeated_names(&doc, &ranges, &mut spans);
    leaders_by_surname(&doc, &ranges, &mut spans, date);
    let resolved = resolve(&doc, &sentences, &spans, date);
    let out = then(&doc, &sentences, resolved);
    (tokens, sentences, out)
}

/// The mentions with the nested organisation mentions among them, in text
/// order (an outer name before the names inside it).
fn with_nested(mut mentions: Vec<Mention>, nested: Vec<Mention>) -> Vec<Mention> {
    if !nested.is_empty() {
        mentions.extend(nested);
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    }
    mentions
}

/// Analyses a read document in one piece.
pub fn analyze_document(gaz: &Gazetteer, doc: &Document) -> Analysis {
    analyze(gaz, &doc.text, doc.date.as_deref())
}

/// Documents longer than this many bytes are analysed a piece at a time.
/// News documents are far shorter, so their analysis never changes; a huge
/// file then costs memory in proportion to a piece, not to the file, and
/// time in proportion to its length (resolving names over a whole document
/// grows faster than its length).
pub const PIECE_BYTES: usize = 64 * 1024;

/// The byte ranges of the pieces `text` is analysed in: each at most `max`
/// bytes (unless one character is longer), cut after the last blank line in
/// its second half, else after the last line break, else after the last
/// whitespace, else at a character boundary. The cuts depend only on the
/// text, so the output does not depend on how the file was read.
pub fn pieces(text: &str, max: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut end = start + max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if end == start {
            end = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        let window = &text[start..end];
        let half = window.len() / 2;
        let cut = [
            window.rfind("\n\n").map(|i| i + 2),
            window.rfind('\n').map(|i| i + 1),
            window
                .rfind(char::is_whitespace)
                .map(|i| i + window[i..].chars().next().map_or(1, char::len_utf8)),
        ]
        .into_iter()
        .flatten()
        .find(|&i| i > half)
        .unwrap_or(window.len());
        out.push(start..start + cut);
        start += cut;
    }
    if start < text.len() || out.is_empty() {
        out.push(start..text.len());
    }
    out
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::relations::RelationType;

    fn defaults() -> &'static Gazetteer {
        crate::testing::default_gazetteer()
    }

    /// The `relation` pairs of a text, as sorted name pairs.
    fn pairs(text: &str, relation: RelationType) -> Vec<(String, String)> {
        let a = analyze(defaults(), text, Some("2020-02-03"));
        let mut out: Vec<(String, String)> = a
            .relations
            .iter()
            .filter(|r| r.relation == relation)
            .map(|r| {
                let (x, y) = (&a.entities[r.source].name, &a.entities[r.target].name);
                (x.min(y).to_string(), x.max(y).to_string())
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.min(b).to_string(), a.max(b).to_string())
    }

    #[test]
    fn relations_do_not_depend_on_the_order_of_sentences_mentions_come_in() {
        let text = "President Aliyev met Prime Minister Modi in Baku. Turkey and \
                    Hungary signed an agreement. Later, Erdogan received Orban.";
        let (_, _, (in_order, any_order)) =
            with_resolved(defaults(), text, None, |doc, sentences, r| {
                let in_order = extract(doc, sentences, &r.mentions, &r.places, &r.entities, None);
                // Later sentences' mentions first; each sentence's in text order.
                let mut shuffled = r.mentions.clone();
                shuffled.sort_by_key(|m| std::cmp::Reverse(m.sentence));
                let any_order = extract(doc, sentences, &shuffled, &r.places, &r.entities, None);
                (in_order, any_order)
            });
        assert!(in_order.len() >= 2, "{in_order:?}");
        let key = |rs: &[Relation]| {
            let mut k: Vec<_> = rs
                .iter()
                .map(|x| (x.sentence, x.relation, x.source, x.target))
                .collect();
            k.sort();
            k
        };
        assert_eq!(key(&in_order), key(&any_order));
    }

    #[test]
    fn a_body_named_inside_a_longer_name_is_a_mention_of_its_own() {
        let text = "Information of the Press Service Department of the Ministry of \
                    Foreign Affairs of the Republic of Kenya on the visit. A diocese \
                    of the Russian Orthodox Church opened.";
        let a = analyze(defaults(), text, None);
        a.check(text).unwrap();
        let orgs: Vec<&str> = a
            .mentions
            .iter()
            .filter(|m| a.entities[m.entity].etype == crate::gazetteer::EntityType::Org)
            .map(|m| &text[a.tokens[m.start].start..a.tokens[m.end - 1].end])
            .collect();
        assert_eq!(
            orgs,
            vec![
                "Press Service Department of the Ministry of Foreign Affairs of the Republic of Kenya",
                "Ministry of Foreign Affairs of the Republic of Kenya",
                "Russian Orthodox Church",
            ]
        );
    }

    #[test]
    fn a_country_s_administration_is_its_government_not_a_body() {
        let text = "The US Administration joined the EU in talks. Aliyev received the head \
                    of the Presidential Administration of the Republic of Kenya.";
        let a = analyze(defaults(), text, None);
        a.check(text).unwrap();
        let named: Vec<(&str, &str)> = a
            .mentions
            .iter()
            .map(|m| {
                let e = &a.entities[m.entity];
                let surface = &text[a.tokens[m.start].start..a.tokens[m.end - 1].end];
                (surface, e.etype.as_str())
            })
            .filter(|(_, t)| *t != "PERSON")
            .collect();
        assert_eq!(
            named,
            vec![
                ("US", "COUNTRY"),
                ("EU", "ORG"),
                (
                    "Presidential Administration of the Republic of Kenya",
                    "ORG"
                ),
            ]
        );
    }

    #[test]
    fn a_sentence_s_period_stays_out_of_a_name() {
        let text = "Talks were held with the US. Then the U.S. delegation left.";
        let a = analyze(defaults(), text, None);
        let surfaces: Vec<&str> = a
            .mentions
            .iter()
            .map(|m| &text[a.tokens[m.start].start..a.tokens[m.end - 1].end])
            .collect();
        assert_eq!(surfaces, ["US", "U.S."]);
    }

    #[test]
    fn an_organisation_s_attack_is_no_conflict_between_the_countries_named() {
        let text = "After the Hamas attack, Azerbaijani citizens came to the Israeli embassy.";
        assert!(pairs(text, RelationType::CountryRelation).is_empty());
        let text = "The attack on Azerbaijani positions by Armenia was condemned.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            vec![pair("Armenia", "Azerbaijan")]
        );
    }

    #[test]
    fn alexey_is_alexei() {
        assert_eq!(
            people("Sanctions over Alexey Navalny\u{2019}s poisoning went on."),
            ["Alexey Navalny"]
        );
    }

    #[test]
    fn a_surname_repeats_a_full_name() {
        let text = "Greek Prime Minister Kyriakos Mitsotakis arrived in Riyadh.\n\n\
                    Earlier in the day, Mitsotakis met with King Salman bin Abdulaziz.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("Kyriakos Mitsotakis", "Salman bin Abdulaziz")]
        );
    }

    #[test]
    fn a_name_joined_to_a_person_is_a_person() {
        let text = "The meeting between Mevlüt Çavuşoğlu and Javad Zarif took place in Istanbul.";
        let got = pairs(text, RelationType::Meet);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.contains("Zarif") || got[0].1.contains("Zarif"));
    }

    /// The canonical names of a text's people.
    fn people(text: &str) -> Vec<String> {
        let a = analyze(defaults(), text, None);
        let mut out: Vec<String> = a
            .mentions
            .iter()
            .map(|m| &a.entities[m.entity])
            .filter(|e| e.etype == crate::gazetteer::EntityType::Person)
            .map(|e| e.name.to_string())
            .collect();
        out.dedup();
        out
    }

    #[test]
    fn a_misspelt_surname_links_to_the_one_person_it_is_a_slip_from() {
        let text = "Foreign Minister Tomasz Kowalenko met the press. \
                    \"We talked,\" Kowalneko said.";
        let got = people(text);
        assert!(got.iter().all(|p| p == "Tomasz Kowalenko"), "{got:?}");
        // The first two letters swapped are a slip too.
        let text = "Foreign Minister Tomasz Kowalenko met the press. \
                    \"We talked,\" Okwalenko said.";
        let got = people(text);
        assert!(got.iter().all(|p| p == "Tomasz Kowalenko"), "{got:?}");
        // A different name, not a slip of the keys, is someone else.
        let text = "Foreign Minister Tomasz Kowalenko met the press. Kowalski said more.";
        assert!(
            people(text).iter().any(|p| p == "Kowalski"),
            "{:?}",
            people(text)
        );
    }

    #[test]
    fn a_name_joined_by_and_to_a_name_found_by_rule_is_a_person_too() {
        // Neither is in the gazetteer: the first is found by its first
        // name, and the `and` after it starts no title's object.
        let text = "Ivan Petrovsky and John Smithers spoke. Anna Kovalska, Tom Jonesy \
                    and Maria Lopeza left.";
        let mut got = people(text);
        got.sort();
        assert_eq!(
            got,
            vec![
                "Anna Kovalska",
                "Ivan Petrovsky",
                "John Smithers",
                "Maria Lopeza",
                "Tom Jonesy"
            ]
        );
        // A title's object joined by `and` is still no person.
        let text = "The Minister of Trade and Industry Ivan Petrovsky spoke.";
        assert_eq!(people(text), vec!["Ivan Petrovsky"]);
    }

    #[test]
    fn a_body_does_not_take_in_a_person_named_before_and() {
        let text = "Igor Skocal and Croatian Football Federation president Davor Sukerov spoke.";
        assert_eq!(org_names(text), vec!["Croatian Football Federation"]);
        assert!(people(text).contains(&"Igor Skocal".to_string()));
    }

    #[test]
    fn a_meeting_noun_opening_the_sentence_meets_the_two_named_after_it() {
        let text = "In a meeting held at the federation's headquarters, Igor Skocal and \
                    federation president Davor Sukerov underlined their will to cooperate.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("Davor Sukerov", "Igor Skocal")]
        );
        // Not the people of what someone said there, nor one person alone.
        for text in [
            "At the meeting, the minister said Igor Skocal and Davor Sukerov would meet.",
            "In a meeting on Monday, Igor Skocal praised Davor Sukerov.",
            "Igor Skocal and Davor Sukerov underlined their will in a meeting.",
        ] {
            assert!(pairs(text, RelationType::Meet).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_courtesy_title_after_an_office_keeps_the_office() {
        // `Emir Sheikh X`: X is the Emir, and `the Qatari Emir` is X.
        let text = "Qatari Emir Sheikh Tamim Hamadov invited Mahmoud Ahmadinejad. \
                    President Ahmadinejad met the Qatari Emir on Monday.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("Mahmoud Ahmadinejad", "Tamim Hamadov")]
        );
        // A courtesy title alone is still the title.
        let text = "Sheikh Tamim Hamadov spoke. Then the Qatari Emir left.";
        assert_eq!(people(text), vec!["Tamim Hamadov"]);
    }

    #[test]
    fn a_different_fathers_name_is_a_different_person() {
        // The gazetteer has `Hamad bin Abdallah bin Thani`; the first name
        // and the surname agree, the father's name does not.
        let text = "Emir Hamad bin Khalifa al-Thani spoke.";
        let got = people(text);
        assert!(got.iter().all(|p| !p.contains("Abdallah")), "{got:?}");
    }

    #[test]
    fn an_initial_and_a_surname_link_to_the_full_name() {
        let text = "Assistant to the President Hikmet Hajiyev spoke. Later, H. Hajiyev said more.";
        assert_eq!(people(text), vec!["Hikmet Hajiyev"]);
    }

    #[test]
    fn a_country_alias_that_is_a_first_name_starts_a_name() {
        let text = "Former Chief Rabbi of Israel Yisrael Lau spoke at the event.";
        assert_eq!(people(text), vec!["Yisrael Lau"]);
    }

    #[test]
    fn a_visitor_of_unknown_country_comes_from_the_home_country() {
        let text = "Azerbaijan values dialogue. Azerbaijan hosts forums. The visit of Sheikh \
                    ul-Islam Allahshukur Pashazade to the Vatican is a symbol.";
        let got = pairs(text, RelationType::CountryRelation);
        assert_eq!(got, vec![pair("Azerbaijan", "Holy See")]);
    }

    #[test]
    fn a_meeting_verb_that_takes_a_thing_is_no_meeting() {
        let text = "The Secretary of State Antony Blinken welcomed Pakistan's Chairmanship \
                    of the G77.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        let text = "Ilham Aliyev received a delegation of the European Parliament.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn a_person_named_later_replaces_the_body_of_that_side() {
        let text = "Azerbaijan's Milli Majlis hosted a meeting with members of the staff of \
                    the US House of Representatives Committee on Foreign Affairs. During the \
                    meeting, Samad Seyidov, Chairman of the Milli Majlis Committee on \
                    International Relations, spoke.";
        let got = pairs(text, RelationType::Meet);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0 == "Samad Seyidov" || got[0].1 == "Samad Seyidov");
    }

    #[test]
    fn surnames_follow_the_conventions_of_the_name() {
        let text = "German Chancellor Olaf Scholz met Egyptian President Abdel Fattah al-Sisi. \
                    Sisi told Scholz that talks would go on. Chinese Foreign Minister Wang Yi \
                    arrived. Wang said more.";
        let a = analyze(defaults(), text, None);
        let linked: Vec<(&str, &str)> = a
            .mentions
            .iter()
            .filter(|m| a.entities[m.entity].etype == crate::gazetteer::EntityType::Person)
            .map(|m| {
                let (s, e) = a.byte_span(m.start, m.end);
                (&text[s..e], &*a.entities[m.entity].name)
            })
            .collect();
        assert_eq!(
            linked,
            vec![
                ("Olaf Scholz", "Olaf Scholz"),
                ("Abdel Fattah al-Sisi", "Abdel Fattah el-Sisi"),
                ("Sisi", "Abdel Fattah el-Sisi"),
                ("Scholz", "Olaf Scholz"),
                ("Wang Yi", "Wang Yi"),
                ("Wang", "Wang Yi")
            ]
        );
    }

    #[test]
    fn countries_joined_as_subject_of_a_relation_word() {
        let text = "The foreign ministers of Turkey and Hungary signed an agreement on energy.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            vec![pair("Hungary", "Turkey")]
        );
        let text = "Greece and Turkey have long disputed maritime borders.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            vec![pair("Greece", "Turkey")]
        );
    }

    #[test]
    fn a_war_discussed_at_a_meeting_is_no_conflict_between_the_sides() {
        let text = "German Chancellor Olaf Scholz met Egyptian President Abdel Fattah al-Sisi \
                    to discuss the war in Gaza.";
        let a = analyze(defaults(), text, None);
        assert!(a.relations.iter().all(|r| r.kind != "conflict"));
    }

    #[test]
    fn a_title_and_a_surname_link_to_the_office_holder_of_the_day() {
        let a = analyze(
            defaults(),
            "He wrote to President Putin.",
            Some("2023-06-12"),
        );
        assert!(a.entities.iter().any(|e| &*e.name == "Vladimir Putin"));
    }

    #[test]
    fn a_call_relates_the_countries_its_people_act_for_where_the_text_names_them() {
        let text = "U.S. President Joe Biden had a call with President Emmanuel Macron of France.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            vec![pair("France", "United States")]
        );
        // A country the text never names is not present (ANNOTATION.md),
        // nor is a relation to it.
        let text = "President Joe Biden had a call with President Emmanuel Macron of France.";
        assert!(pairs(text, RelationType::CountryRelation).is_empty());
        let a = analyze(defaults(), text, None);
        assert!(a.entities.iter().all(|e| &*e.name != "United States"));
    }

    #[test]
    fn a_listed_title_is_no_apposition() {
        let text = "Japanese Prime Minister Fumio Kishida welcomed U.S. President Joe Biden, \
                    Canadian Prime Minister Justin Trudeau and British Prime Minister Rishi Sunak.";
        let got = pairs(text, RelationType::Meet);
        // Each guest meets the host (the guests of a verb such as `welcomed`
        // do not meet each other unless the meeting is joint).
        assert!(
            got.contains(&pair("Fumio Kishida", "Justin Trudeau")),
            "{got:?}"
        );
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn a_call_received_is_a_call_only() {
        let text = "Armenian Prime Minister Nikol Pashinyan received a phone call from French \
                    President Emmanuel Macron.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        assert_eq!(pairs(text, RelationType::Call).len(), 1);
        let text =
            "Xi Jinping and Li Keqiang had many meetings and telephone talks with Joe Biden.";
        assert!(!pairs(text, RelationType::Meet).is_empty());
    }

    #[test]
    fn the_place_of_a_meeting_takes_no_part() {
        let text = "Ukrainian President Volodymyr Zelensky and U.S. Vice President JD Vance met \
                    on the sidelines of the Munich Security Conference.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn lower_case_parts_of_hyphenated_given_names() {
        let a = analyze(defaults(), "Nancy Pelosi met President Tsai Ing-wen.", None);
        let m = a.mentions.last().unwrap();
        let (s, e) = a.byte_span(m.start, m.end);
        assert_eq!(
            &"Nancy Pelosi met President Tsai Ing-wen."[s..e],
            "Tsai Ing-wen"
        );
    }

    #[test]
    fn a_visit_to_a_capital_is_a_visit_to_its_country() {
        let text = "US House Speaker Nancy Pelosi arrived in Taipei late on Tuesday.";
        let a = analyze(defaults(), text, None);
        let visit = a
            .relations
            .iter()
            .find(|r| r.relation == RelationType::Visit);
        assert_eq!(visit.map(|r| &*a.entities[r.target].name), Some("Taiwan"));
        // The city is no mention of the country.
        assert!(a
            .mentions
            .iter()
            .all(|m| &*a.entities[m.entity].name != "Taiwan"));
    }

    #[test]
    fn officials_of_international_bodies_act_for_no_country() {
        let text = "NATO Secretary General Mark Rutte met with Polish President Andrzej Duda.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        assert!(pairs(text, RelationType::CountryRelation).is_empty());
    }

    #[test]
    fn a_visitor_of_unknown_country_still_visits() {
        let text = "IAEA Director General Rafael Grossi visited Iran on Monday.";
        let a = analyze(defaults(), text, None);
        let visits: Vec<_> = a
            .relations
            .iter()
            .filter(|r| r.relation == RelationType::Visit)
            .map(|r| (&a.entities[r.source].name, &a.entities[r.target].name))
            .collect();
        assert_eq!(visits.len(), 1);
        assert_eq!(&**visits[0].1, "Iran");
    }

    #[test]
    fn business_titles_and_pronoun_surnames() {
        let text = "Apple CEO Tim Cook met with Chinese Vice Premier He Lifeng in Beijing. \
                    He Lifeng said China welcomed investment.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("He Lifeng", "Tim Cook")]
        );
        let a = analyze(defaults(), text, None);
        assert!(a
            .mentions
            .iter()
            .all(|m| &*a.entities[m.entity].name != "Lifeng"));
    }

    #[test]
    fn known_places_are_no_names() {
        let text = "Hong Kong leader John Lee met Singapore Prime Minister Lawrence Wong \
                    in New York.";
        assert_eq!(people(text), vec!["John Lee", "Lawrence Wong"]);
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn capitals_are_places_in_any_case_other_names_only_capitalised() {
        // Lower-case words are not looked up as names, but for the first
        // words of capitals: a visit to `moscow` is still one to Russia.
        let a = analyze(defaults(), "The minister arrived in moscow.", None);
        let places: Vec<&str> = a.places.iter().map(|p| &*a.entities[p.entity].id).collect();
        assert_eq!(places, ["RUS"]);
        let a = analyze(defaults(), "The minister met the press in america.", None);
        assert!(a.mentions.is_empty(), "{:?}", a.mentions);
    }

    #[test]
    fn attendees_of_unknown_country_join_the_host() {
        let text = "Crown Prince Mohammed bin Salman held a meeting with Greek Prime Minister \
                    Kyriakos Mitsotakis. The meeting was attended by Dr. Majid Al-Qasabi, \
                    Minister of Commerce.";
        let got = pairs(text, RelationType::Meet);
        assert!(
            got.contains(&pair("Kyriakos Mitsotakis", "Majid Al-Qasabi")),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(a, b)| a.starts_with("Mohammed bin Salman")
                && b == "Majid Al-Qasabi"
                || b.starts_with("Mohammed bin Salman") && a == "Majid Al-Qasabi"),
            "{got:?}"
        );
    }

    fn cut(text: &str, max: usize) -> Vec<&str> {
        pieces(text, max).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn pieces_cut_at_paragraphs_then_lines_then_spaces() {
        assert_eq!(cut("short", 10), ["short"]);
        assert_eq!(cut("", 10), [""]);
        assert_eq!(cut("aaaa\n\nbb\ncc dd", 10), ["aaaa\n\n", "bb\ncc dd"]);
        assert_eq!(cut("a\n\nbbbb\ncc dd", 10), ["a\n\nbbbb\n", "cc dd"]);
        assert_eq!(cut("aaaa bbbb cccc", 10), ["aaaa bbbb ", "cccc"]);
        assert_eq!(cut("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        // Never inside a character, even when one is longer than a piece.
        assert_eq!(cut("ééé", 3), ["é", "é", "é"]);
        assert_eq!(cut("€", 1), ["€"]);
    }

    #[test]
    fn pieces_cover_the_text() {
        let text = "Word ".repeat(1000) + &"x".repeat(3000) + "\n\nEnd.";
        let p = pieces(&text, 512);
        assert_eq!(p.first().unwrap().start, 0);
        assert_eq!(p.last().unwrap().end, text.len());
        assert!(p.windows(2).all(|w| w[0].end == w[1].start));
        assert!(p.iter().all(|r| r.len() <= 512));
    }

    /// The people an analysis links its mentions to.
    fn people_named(a: &Analysis) -> std::collections::BTreeSet<usize> {
        a.mentions
            .iter()
            .filter(|m| a.entities[m.entity].etype == crate::gazetteer::EntityType::Person)
            .map(|m| m.entity)
            .collect()
    }

    /// The surfaces of a text's person mentions found by name (not by role
    /// or pronoun), in text order.
    fn person_names(text: &str) -> Vec<String> {
        let a = analyze(defaults(), text, None);
        a.mentions
            .iter()
            .filter(|m| a.entities[m.entity].etype == crate::gazetteer::EntityType::Person)
            .filter(|m| {
                !matches!(
                    m.method,
                    crate::resolve::Method::Role | crate::resolve::Method::Pronoun
                )
            })
            .map(|m| text[a.tokens[m.start].start..a.tokens[m.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn a_call_verb_takes_a_person_as_its_object() {
        let text = "President Obama called Dr. Haider al-Abadi today to congratulate him.";
        let called = pairs(text, RelationType::Call);
        assert_eq!(called.len(), 1, "{called:?}");
        assert!(called[0].0.contains("Abadi"), "{called:?}");
        // `called for` takes a thing.
        let text = "President Obama called for restraint after meeting Haider al-Abadi's aides.";
        assert!(pairs(text, RelationType::Call).is_empty());
        let text = "Yang Jiechi sought to clear what he called “the NSG misunderstanding”, \
                    before the meeting of NSG in Vienna.";
        assert!(pairs(text, RelationType::Call).is_empty());
        let text = "President Joe Biden called President Vladimir Putin a killer.";
        assert!(pairs(text, RelationType::Call).is_empty());
        let text =
            "Prime Minister Imran Khan telephoned President Recep Tayyip Erdogan on Tuesday.";
        assert_eq!(pairs(text, RelationType::Call).len(), 1);
    }

    #[test]
    fn the_mode_alone_makes_a_call() {
        let text = "Heiko Maas said he had talked with Mike Pompeo by telephone.";
        assert_eq!(
            pairs(text, RelationType::Call),
            [pair("Heiko Maas", "Mike Pompeo")]
        );
        let text = "Heiko Maas told reporters by telephone that the talks went well.";
        assert!(pairs(text, RelationType::Call).is_empty());
    }

    #[test]
    fn an_invitation_rules_out_a_meeting_but_not_a_call() {
        let text = "Narendra Modi telephoned President Gotabhaya Rajapaksa to congratulate him \
                    and invited him to visit India.";
        assert_eq!(pairs(text, RelationType::Call).len(), 1);
        let text = "Narendra Modi invited Gotabhaya Rajapaksa to a meeting with him in Delhi.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        // A modal verb: the meeting has not happened.
        let text = "Cavusoglu said Recep Tayyip Erdogan could fly to Sochi for a \
                    face-to-face meeting with Vladimir Putin.";
        assert!(pairs(text, RelationType::Meet).is_empty());
    }

    #[test]
    fn the_guests_of_a_meeting_verb_meet_the_host_not_each_other() {
        let text = "External Affairs Minister S Jaishankar met Chinese Foreign Minister \
                    Qin Gang and Russian Foreign Minister Sergey Lavrov.";
        let met = pairs(text, RelationType::Meet);
        assert_eq!(met.len(), 2, "{met:?}");
        assert!(!met.contains(&pair("Qin Gang", "Sergey Lavrov")));
        // A joint meeting: the guests meet each other too.
        let text = "External Affairs Minister S Jaishankar held a joint meeting with \
                    Chinese Foreign Minister Qin Gang and Russian Foreign Minister Sergey Lavrov.";
        assert!(pairs(text, RelationType::Meet).contains(&pair("Qin Gang", "Sergey Lavrov")));
        // With no host before the verb, the two named after it are the sides.
        let text = "The document was signed by Israeli minister Erez Askal and \
                    Azerbaijani minister Rashad Nabiyev.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            [pair("Erez Askal", "Rashad Nabiyev")]
        );
        let text = "A meeting was held between Foreign Minister Jeyhun Bayramov and \
                    Russian Foreign Minister Sergey Lavrov.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            [pair("Jeyhun Bayramov", "Sergey Lavrov")]
        );
    }

    #[test]
    fn a_name_after_a_title_s_place_is_the_person() {
        assert_eq!(
            person_names("Ilham Aliyev received President of Tatarstan Rustam Minnikhanov."),
            ["Ilham Aliyev", "Rustam Minnikhanov"]
        );
        // A title's object with no first name in it stays the title's.
        assert_eq!(
            person_names("Ilham Aliyev received the Governor of Southern Sinai Province."),
            ["Ilham Aliyev"]
        );
    }

    #[test]
    fn a_particle_glued_by_a_hyphen_stays_in_the_name() {
        assert_eq!(
            person_names("Prime Minister Haider al-Abadi said so."),
            ["Haider al-Abadi"]
        );
        assert_eq!(
            person_names("Prime Minister Haider said al-Qaeda fled."),
            ["Haider"]
        );
    }

    #[test]
    fn a_word_in_a_heading_or_in_lower_case_is_no_one_word_name() {
        // A heading: every word capitalised.
        let text = "Iran's FM Meets Omani Counterpart in Muscat\nThe minister said so.";
        assert!(person_names(text).is_empty(), "{:?}", person_names(text));
        // The document writes the word in lower case elsewhere.
        let text = "The President Call was short. The call ended at noon.";
        assert!(person_names(text).is_empty(), "{:?}", person_names(text));
        // In prose, a name after a title stays a name.
        let text = "Foreign Minister Xolani met his Omani counterpart in Muscat on Tuesday.";
        assert_eq!(person_names(text), ["Xolani"]);
    }

    #[test]
    fn a_given_name_alone_is_the_one_person_who_has_it() {
        let text = "Dr. Nkosazana Dlamini Zuma has met H.E. Dr. Workneh Gebeyehu. \
                    Workneh thanked her.";
        let a = analyze(defaults(), text, None);
        assert_eq!(people_named(&a).len(), 2);
        // `H.E.` is a title, not the pronoun `he`.
        assert!(a
            .mentions
            .iter()
            .all(|m| !text[a.tokens[m.start].start..].starts_with("H.E")));
        // Two people with the given name: no guess.
        let text = "Minister Workneh Gebeyehu met Minister Workneh Tesfaye. Workneh said so.";
        let a = analyze(defaults(), text, None);
        let lone = a
            .mentions
            .iter()
            .find(|m| text[a.tokens[m.start].start..].starts_with("Workneh said"));
        assert!(lone.is_none_or(|m| &*a.entities[m.entity].name == "Workneh"));
    }

    #[test]
    fn a_pronoun_that_opens_a_sentence_carries_on_its_subject() {
        let text = "Foreign Minister Yang Jiechi met Sonia Gandhi on Monday. \
                    He met Prime Minister Manmohan Singh.";
        let met = pairs(text, RelationType::Meet);
        assert!(
            met.contains(&pair("Manmohan Singh", "Yang Jiechi")),
            "{met:?}"
        );
        assert!(
            !met.contains(&pair("Manmohan Singh", "Sonia Gandhi")),
            "{met:?}"
        );
        // Inside a sentence a pronoun is still the last person named.
        let text = "Foreign Minister Yang Jiechi thanked Sonia Gandhi, and she met \
                    Prime Minister Manmohan Singh.";
        assert!(pairs(text, RelationType::Meet).contains(&pair("Manmohan Singh", "Sonia Gandhi")));
    }

    #[test]
    fn a_body_whose_meeting_it_is_takes_no_part_in_it() {
        let text =
            "Mike Pompeo has been taking part in a meeting of the Arctic Council in Finland.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        let text = "Mike Pompeo met the Arctic Council in Finland.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn a_handshake_is_a_meeting_and_negotiations_relate_their_countries() {
        let text = "Iranian Foreign Minister Mohammad Javad Zarif shakes hands with \
                    U.S. Secretary of State John Kerry. Mohammad Zarif said so.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        // The name without its middle name is the same person.
        let a = analyze(defaults(), text, None);
        assert_eq!(people_named(&a).len(), 2);
        let text = "They discussed the negotiations between Russia and Ukraine.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            [pair("Russia", "Ukraine")]
        );
    }

    #[test]
    fn they_after_a_meeting_are_its_sides() {
        let text = "Foreign Minister Jeyhun Bayramov met Armenian Foreign Minister Ararat \
                    Mirzoyan. They also had a joint meeting with US Secretary of State \
                    Antony Blinken.";
        let met = pairs(text, RelationType::Meet);
        assert_eq!(met.len(), 3, "{met:?}");
        // With no meeting before, `they` names no one.
        let text = "They also had a meeting with US Secretary of State Antony Blinken.";
        assert!(pairs(text, RelationType::Meet).is_empty());
    }

    #[test]
    fn the_agency_of_a_dateline_takes_no_part_in_a_meeting() {
        let text = "ANKARA (Reuters) - President Recep Tayyip Erdogan met President \
                    Bashar al-Assad on Monday.";
        let met = pairs(text, RelationType::Meet);
        assert_eq!(met.len(), 1, "{met:?}");
        // An abbreviation in brackets after a body's name is the body.
        let text = "President Recep Tayyip Erdogan met the North Atlantic Treaty \
                    Organization (NATO) staff on Monday.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn the_speaker_who_reports_a_call_is_not_on_it() {
        let text = "U.S. State Department spokeswoman Victoria Nuland said earlier that \
                    John Kerry called Sergey Lavrov on Tuesday.";
        assert_eq!(
            pairs(text, RelationType::Call),
            [pair("John Kerry", "Sergey Lavrov")]
        );
        // The speaker who says they met someone is in the meeting.
        let text = "Secretary of State John Kerry said he met Sergey Lavrov on Tuesday.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            [pair("John Kerry", "Sergey Lavrov")]
        );
    }

    #[test]
    fn the_guests_of_an_earlier_verb_of_the_subject_do_not_meet_each_other() {
        let text = "Secretary Colin Powell spoke to Palestinian leader Yasser Arafat, Israeli \
                    Prime Minister Ariel Sharon and called Russian Foreign Minister Igor Ivanov.";
        let called = pairs(text, RelationType::Call);
        assert!(
            !called.contains(&pair("Ariel Sharon", "Yasser Arafat")),
            "{called:?}"
        );
        assert!(called
            .iter()
            .any(|(a, b)| a == "Colin Powell" || b == "Colin Powell"));
        // Both named before the verb, as its subject, they are the sides.
        let text = "Israeli Prime Minister Ariel Sharon and Palestinian leader Yasser Arafat \
                    met in Aqaba.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn the_guest_named_after_a_meeting_verb_is_a_person() {
        assert_eq!(
            person_names(
                "Tim Cook also met Mukesh Ambani, and Natarajan Chandrasekaran on Monday."
            ),
            ["Tim Cook", "Mukesh Ambani", "Natarajan Chandrasekaran"]
        );
        // Not after a meeting verb, and with no other cue, a pair of
        // capitalised words is no one.
        assert!(person_names("Tim Cook praised Mumbai Indians on Monday.").len() == 1);
    }

    #[test]
    fn an_organisation_does_not_grow_over_and_into_a_surname() {
        let text = "Dragan Skocic met Ivan Petrov. Later, Petrov and Croatian Football \
                    Federation officials spoke.";
        let a = analyze(defaults(), text, None);
        assert!(a.entities.iter().all(|e| !e.name.starts_with("Petrov and")));
    }

    #[test]
    fn a_country_s_ally_in_apposition_relates_the_two() {
        let text = "The talks had been held in Belarus, Russia's closest ally.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            [pair("Belarus", "Russia")]
        );
        let text = "Russia's ally Belarus hosted them.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            [pair("Belarus", "Russia")]
        );
        // Named in the same sentence with no relation word between them.
        let text = "Russia's support for the talks in Belarus was welcome.";
        assert!(pairs(text, RelationType::CountryRelation).is_empty());
    }

    #[test]
    fn an_official_named_by_role_visits_for_the_country() {
        let text = "The President of Iceland paid a state visit to Estonia in June.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            [pair("Estonia", "Iceland")]
        );
        // Two other countries before the visit: whose official is unclear.
        let text = "The presidents of Iceland and Norway paid a state visit to Estonia.";
        assert!(pairs(text, RelationType::CountryRelation).is_empty());
        let text = "He emphasized that Armenia continues to occupy the territories of Azerbaijan.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            [pair("Armenia", "Azerbaijan")]
        );
    }

    #[test]
    fn a_plural_title_introduces_each_name() {
        let text = "Presidents Aliyev and Putin met in Sochi on 5 May 2019.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            [pair("Ilham Aliyev", "Vladimir Putin")]
        );
        // A singular title does not carry over `and` to one word.
        let text = "President Aliyev and Lachin met in Sochi.";
        assert_eq!(person_names(text), ["Aliyev"]);
    }

    #[test]
    fn officials_named_by_country_and_title_relate_their_countries() {
        let text = "U.S. Secretary of State John Kerry held talks with the French and \
                    Saudi foreign ministers.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            [
                pair("France", "United States"),
                pair("Saudi Arabia", "United States")
            ]
        );
        // A country's official who is then named is a person of the meeting.
        let text = "U.S. Secretary of State John Kerry held talks with French Foreign \
                    Minister Laurent Fabius.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        // A country named before the meeting verb is no official of it.
        let text = "In French politics, John Kerry held talks with his staff.";
        assert!(pairs(text, RelationType::CountryRelation).is_empty());
    }

    #[test]
    fn a_shared_surname_goes_to_the_person_the_story_is_about() {
        let text = "President Gotabhaya Rajapaksa won. Gotabhaya Rajapaksa thanked his \
                    brother, former President Mahinda Rajapaksa. Prime Minister Imran Khan \
                    telephoned Rajapaksa on Tuesday.";
        let called = pairs(text, RelationType::Call);
        assert_eq!(called.len(), 1, "{called:?}");
        assert!(called[0].0.starts_with("Gota"), "{called:?}");
        // Named as often as each other: no guess.
        let text =
            "President Gotabhaya Rajapaksa met his brother, Prime Minister Mahinda Rajapaksa. \
                    Prime Minister Imran Khan telephoned Rajapaksa on Tuesday.";
        assert!(pairs(text, RelationType::Call).is_empty());
    }

    /// The canonical names of a text's organisation mentions, in order.
    fn org_names(text: &str) -> Vec<String> {
        orgs(text).into_iter().map(|(_, name)| name).collect()
    }

    /// The organisations of a text: (surface, canonical name) in text order.
    fn orgs(text: &str) -> Vec<(String, String)> {
        let a = analyze(defaults(), text, None);
        a.mentions
            .iter()
            .filter(|m| a.entities[m.entity].etype == crate::gazetteer::EntityType::Org)
            .map(|m| {
                (
                    text[a.tokens[m.start].start..a.tokens[m.end - 1].end].to_string(),
                    a.entities[m.entity].name.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn a_body_named_short_then_in_full_is_one_body_named_in_full() {
        let got = orgs(
            "The Ministry of Foreign Affairs said so. The Ministry of Foreign Affairs \
             of Kenya added more.",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got
            .iter()
            .all(|(_, name)| name == "Ministry of Foreign Affairs of Kenya"));
        // Two bodies that share no words' run stay two.
        let got = orgs("The Ministry of Health said so. The Ministry of Justice added more.");
        assert_ne!(got[0].1, got[1].1);
    }

    #[test]
    fn a_lower_case_tail_ends_an_organisation_s_name() {
        assert_eq!(
            orgs("He met the Houthi Ansarullah movement and the Kremlin."),
            [
                (
                    "Houthi Ansarullah movement".to_string(),
                    "Houthi Ansarullah movement".to_string()
                ),
                ("Kremlin".to_string(), "Kremlin".to_string())
            ]
        );
        // After a country alone, or with nothing capitalised before, no name.
        assert!(orgs("The Russian party said so. A third party said.").is_empty());
        // A head word takes a tail too; alone it stays generic.
        let got = orgs("The Congress party said so.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "Congress party");
        assert!(orgs("The Congress said so.").is_empty());
    }

    #[test]
    fn the_last_word_of_a_written_full_name_is_a_surname_too() {
        // The gazetteer's name for him ends with Khonsari.
        let text = "Iranian Foreign Minister Mohammad Javad Zarif arrived. Later, Zarif \
                    held talks with Omani Foreign Minister Yusuf bin Alawi.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn a_short_word_in_capitals_is_no_one_word_name() {
        assert!(person_names("Updated at 2:56 PM IST said officials.").is_empty());
        assert_eq!(person_names("Minister Xolani said so."), ["Xolani"]);
    }

    #[test]
    fn common_ways_of_saying_a_meeting_or_a_call() {
        let cases = [
            ("President Ilham Aliyev received a delegation headed by Foreign Minister Ararat Mirzoyan.", RelationType::Meet, 1),
            ("Vladimir Putin talked with Ilham Aliyev over the phone.", RelationType::Call, 1),
            ("Ilham Aliyev met Charles Michel and Nikol Pashinyan in a trilateral format.", RelationType::Meet, 3),
            ("Ilham Aliyev met Charles Michel and Nikol Pashinyan in Brussels on Monday.", RelationType::Meet, 2),
            // A call's mode with no one to call.
            ("Vladimir Putin said over the phone that it was late.", RelationType::Call, 0),
            ("Deputy Prime Minister of Russia Alexander Novak and Vice-Chairman of the Cabinet of Turkmenistan Shakhym Abdrakhmanov discussed gas.", RelationType::Meet, 1),
            ("Vladimir Putin discussed Angela Merkel's plan.", RelationType::Meet, 0),
            ("Minister Mukhtar Tileuberdi discussed the agenda with Minister Abdulaziz Kamilov.", RelationType::Meet, 1),
            ("Minister Mukhtar Tileuberdi discussed the agenda, said Abdulaziz Kamilov.", RelationType::Meet, 0),
            ("Vladimir Putin discussed with Prime Minister Benjamin Netanyahu current issues.", RelationType::Meet, 1),
            ("Presidents Sadyr Japarov and Emomali Rahmon are holding a tete-a-tete meeting.", RelationType::Meet, 1),
            ("Alvaro Uribe had shaken hands with Hugo Chavez.", RelationType::Meet, 1),
        ];
        for (text, relation, n) in cases {
            assert_eq!(
                pairs(text, relation).len(),
                n,
                "{text}: {:?}",
                pairs(text, relation)
            );
        }
    }

    #[test]
    fn common_ways_of_saying_two_countries_relate() {
        let related = [
            "Germany pledged aid to Ukraine.",
            "Russia launched missile strikes on Ukraine.",
            "Washington imposed new sanctions on Moscow.",
            "Moscow accused Kyiv of shelling the plant.",
            "Turkey's support for Azerbaijan was decisive.",
            "Ukraine's talks with Russia stalled.",
            "Armenia recalled its ambassador from Azerbaijan.",
        ];
        for text in related {
            assert_eq!(
                pairs(text, RelationType::CountryRelation).len(),
                1,
                "{text}"
            );
        }
        let unrelated = [
            "The strike in France affected flights to Spain.",
            "Unlike Germany, France has strict trade rules.",
            "Exports from Brazil grew while Japan cut its aid budget for Kenya and Peru.",
            "Visitors from Italy flocked to Greece.",
        ];
        for text in unrelated {
            assert!(
                pairs(text, RelationType::CountryRelation).is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_byline_names_its_writer() {
        assert_eq!(
            person_names("Talks end\n09:44 a.m. Jun 17, 1999 Eastern By Buchizya Mseteka\nText."),
            ["Buchizya Mseteka"]
        );
        assert_eq!(
            person_names("By John Smith, Reuters\nText."),
            ["John Smith"]
        );
        // `By` that opens a sentence of prose.
        assert!(person_names("By Tuesday Night Markets closed early.").is_empty());
    }

    #[test]
    fn honorifics_and_religious_titles_are_not_names() {
        assert_eq!(
            person_names("Mike Pompeo met Mullah Baradar and Datuk Seri Anwar Ibrahim."),
            ["Mike Pompeo", "Baradar", "Anwar Ibrahim"]
        );
    }

    #[test]
    fn a_plural_title_introduces_each_name_of_its_list() {
        assert_eq!(
            person_names(
                "The summit was attended by former presidents Ketumile Masire of Botswana, \
                 Festus Mogae of Kenya and Julius Nyerere of Tanzania."
            ),
            ["Ketumile Masire", "Festus Mogae", "Julius Nyerere"]
        );
        // A singular title does not carry over a comma.
        assert_eq!(
            person_names(
                "The summit was attended by President Festus Mogae, Mogadishu Port and more."
            ),
            ["Festus Mogae"]
        );
    }

    #[test]
    fn a_surname_goes_to_the_full_name_the_document_writes() {
        // The gazetteer spells him Qasym-Zhomart Toqaev.
        let text = "Kazakh President Kassym-Jomart Tokayev met Uzbek Foreign Minister \
                    Abdulaziz Kamilov. Later, Kamilov and Tokayev discussed trade.";
        let a = analyze(defaults(), text, None);
        assert_eq!(people_named(&a).len(), 2);
    }

    #[test]
    fn a_country_s_media_are_no_named_body() {
        let got = orgs("He told French TV on Monday. Breaking News: APA TV reported.");
        assert_eq!(got, [("APA TV".to_string(), "APA TV".to_string())]);
    }

    #[test]
    fn at_talks_of_many_countries_one_of_no_known_country_is_a_side_of_their_own() {
        let text = "The talks were chaired by Zambian President Frederick Chiluba. Others \
                    attending were Namibian President Sam Nujoma and Zimbabwean President \
                    Robert Mugabe. The leaders were joined by the secretary-general of the \
                    OAU, Salim Ahmed Salim.";
        let met = pairs(text, RelationType::Meet);
        assert!(
            met.contains(&pair("Frederick Chiluba", "Salim Ahmed Salim")),
            "{met:?}"
        );
        // In talks of two countries, one of no known country is the host's.
        let text = "Zambian President Frederick Chiluba met Namibian President Sam Nujoma. \
                    The meeting was attended by adviser Kaire Mbuende.";
        let met = pairs(text, RelationType::Meet);
        assert!(
            !met.contains(&pair("Frederick Chiluba", "Kaire Mbuende")),
            "{met:?}"
        );
    }

    #[test]
    fn a_person_of_a_country_acts_for_it() {
        let text =
            "President Joachim Chissano of Mozambique met President Kenneth Kaunda of Zambia.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            [pair("Mozambique", "Zambia")]
        );
    }

    #[test]
    fn ways_of_saying_a_meeting_in_readouts() {
        let cases = [
            // Mostly an appeal in news (`called on X to ...`): no meeting.
            (
                "Prime Minister Shehbaz Sharif called on President Xi Jinping to resolve it.",
                RelationType::Meet,
                0,
            ),
            (
                "Jeyhun Bayramov and Ararat Mirzoyan co-chaired the fifth session.",
                RelationType::Meet,
                1,
            ),
            (
                "President Ilham Aliyev granted an audience to Pope Francis.",
                RelationType::Meet,
                1,
            ),
            (
                "Minister Jeyhun Bayramov met with Antony Blinken via videolink.",
                RelationType::Call,
                1,
            ),
            (
                "Foreign Secretary David Cameron had a one-on-one with Wang Yi in Munich.",
                RelationType::Meet,
                1,
            ),
        ];
        for (text, relation, n) in cases {
            assert_eq!(
                pairs(text, relation).len(),
                n,
                "{text}: {:?}",
                pairs(text, relation)
            );
        }
    }

    #[test]
    fn a_conflict_of_two_other_countries_is_told_in_a_meeting_sentence() {
        let text = "We are ready to receive Foreign Minister Wang Yi in Ukraine to see \
                    Russian aggression against our country and to hold talks with him.";
        assert!(pairs(text, RelationType::CountryRelation).contains(&pair("Russia", "Ukraine")));
        // The meeting's own sides discussing a war elsewhere do not fight.
        let text = "US Secretary of State Antony Blinken met Israeli Prime Minister Benjamin \
                    Netanyahu to discuss the war in Syria.";
        assert!(!pairs(text, RelationType::CountryRelation).contains(&pair("Israel", "Syria")));
    }

    #[test]
    fn a_company_s_suffix_ends_its_name() {
        assert_eq!(
            orgs("Shares of Huntsman Corp. rose while Acme Inc said profits fell."),
            [
                ("Huntsman Corp".to_string(), "Huntsman Corp".to_string()),
                ("Acme Inc".to_string(), "Acme Inc".to_string())
            ]
        );
        // A known company keeps its gazetteer name; `and` joins no two.
        let got = orgs("Volkswagen AG and Acme Ltd said so.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, "Volkswagen");
    }

    #[test]
    fn an_embassy_s_name_ends_before_its_city() {
        let names = org_names(
            "The Russian Embassy in Tbilisi said so. The Embassy of Azerbaijan in Israel agreed. \
             Our Trade Commissioner Service in Shanghai opened.",
        );
        assert_eq!(
            names,
            [
                "Russian Embassy",
                "Embassy of Azerbaijan in Israel",
                "Trade Commissioner Service"
            ]
        );
    }

    #[test]
    fn the_owner_of_a_quoted_title_is_its_maker() {
        assert_eq!(
            person_names("The jury praised David Fincher’s “Zodiac” on Monday."),
            ["David Fincher"]
        );
        // A possessive before an unquoted noun is no evidence.
        assert!(person_names("The jury praised Paranoid Park’s ending on Monday.").is_empty());
    }

    #[test]
    fn an_office_named_after_its_title() {
        let got = orgs("The Prime Minister's Office said so.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Prime Minister's Office");
        // A person's office is no body.
        assert!(orgs("He visited Aliyev's office on Monday.").is_empty());
    }

    #[test]
    fn a_visit_to_a_person_is_a_meeting() {
        let text =
            "President Gabriel Boric visited President Andres Manuel Lopez Obrador in Mexico City.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        let text = "President Andres Manuel Lopez Obrador was visited in the Historic Center by \
                    the president of Chile, Gabriel Boric.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        // A visit to a country or to a grave is no meeting.
        let text = "Chilean President Gabriel Boric visited Mexico on Monday.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        let text = "President Gabriel Boric visited the grave of President Salvador Allende.";
        assert!(pairs(text, RelationType::Meet).is_empty());
    }

    #[test]
    fn the_country_an_envoy_is_sent_to_is_not_theirs() {
        let text = "Minister Elmar Mammadyarov received the Ambassador of Britain to Azerbaijan \
                    James Sharp.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        // The envoy's own country still keeps two officials of one side apart.
        let text = "Minister Elmar Mammadyarov received the Ambassador of Azerbaijan to Britain \
                    Rahman Mustafayev.";
        assert!(pairs(text, RelationType::Meet).is_empty());
    }

    #[test]
    fn a_word_of_a_full_name_alone_names_that_person_again() {
        let text = "King Abdullah II hosted Prime Minister Benjamin Netanyahu in Amman.\n\n\
                    Yair Lapid met Abdullah in Jordan last year.";
        assert!(
            pairs(text, RelationType::Meet).contains(&pair("Abdullah II of Jordan", "Yair Lapid"))
        );
        // A word two people's names share names neither.
        let text = "Minister Tomas Vrbka and Senator Petra Vrbka attended the opening.\n\n\
                    Yair Lapid met Vrbka in Haifa.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        // Nor does a word the document also writes in lower case.
        let text = "Prime Minister John Major spoke.\n\nMajor talks began. A major change came.";
        assert_eq!(people(text), ["John Major"]);
    }

    #[test]
    fn sentence_adverbs_headline_verbs_and_vice_titles_are_no_names() {
        let text = "Furthermore, Minister Elmar Mammadyarov informed his guest.";
        assert_eq!(people(text), ["Elmar Mammedyarov"]);
        let text = "Minister Lawrence Cannon Concludes Successful Visit to China\n\nHe left.";
        assert_eq!(person_names(text), ["Lawrence Cannon"]);
        let text = "Professor Ghaleb Al Breiki, Deputy Vice Chancellor of UAEU, signed it.";
        assert_eq!(person_names(text), ["Ghaleb Al Breiki"]);
        // `Vice-President` is a title of its own still.
        let text = "Vice-President Hamid Ansari spoke.";
        assert_eq!(person_names(text), ["Hamid Ansari"]);
    }

    #[test]
    fn guests_of_three_nations_named_together_meet_each_other() {
        let text = "Foreign Minister Tomasz Kowalenko met with Israeli Prime Minister Benjamin \
                    Netanyahu, Jordanian Foreign Minister Ayman Safadi and Egyptian Foreign \
                    Minister Sameh Shoukry in Cairo.";
        let meetings = pairs(text, RelationType::Meet);
        assert!(
            meetings.contains(&pair("Benjamin Netanyahu", "Sameh Shoukry")),
            "{meetings:?}"
        );
        assert_eq!(meetings.len(), 6, "{meetings:?}");
        // On a summit's sidelines, the same are three bilateral meetings.
        let text = format!(
            "On the sidelines of the summit, {}",
            &text[..text.len() - 10]
        );
        let meetings = pairs(&text, RelationType::Meet);
        assert_eq!(meetings.len(), 3, "{meetings:?}");
        // Two guests are as often two meetings; calls are one by one.
        let text = "Foreign Minister Tomasz Kowalenko met Israeli Prime Minister Benjamin \
                    Netanyahu and Jordanian Foreign Minister Ayman Safadi.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 2);
        let text = "Foreign Minister Tomasz Kowalenko telephoned Israeli Prime Minister Benjamin \
                    Netanyahu, Jordanian Foreign Minister Ayman Safadi and Egyptian Foreign \
                    Minister Sameh Shoukry.";
        assert_eq!(pairs(text, RelationType::Call).len(), 3);
    }

    #[test]
    fn a_role_of_a_country_goes_to_its_holder_of_no_known_country() {
        let text = "External Affairs Minister S Jaishankar met Catherine Colonna.\n\n\
                    Moreover, the Indian External Affairs Minister also met UAE Foreign Minister \
                    Sheikh Abdullah bin Zayed Al Nahyan and Senegalese Foreign Minister Aissata \
                    Tall Sall.";
        let meetings = pairs(text, RelationType::Meet);
        assert!(
            meetings.contains(&pair("S Jaishankar", "Aïssata Tall Sall")),
            "{meetings:?}"
        );
        // The guests met him, not each other, and a named official (over an
        // honorific) is no unnamed one whose country meets the others'.
        assert!(!meetings.contains(&pair("Abdullah bin Zayed Al Nahyan", "Aïssata Tall Sall")));
        let countries = pairs(text, RelationType::CountryRelation);
        assert!(
            !countries.contains(&pair("Senegal", "United Arab Emirates")),
            "{countries:?}"
        );
        // A role of another country is not that of a holder of known country.
        let text = "Indian Minister Sanjay Varma met Catherine Colonna.\n\n\
                    Later the Senegalese minister met Pedro Sanchez.";
        assert!(!pairs(text, RelationType::Meet).contains(&pair("Pedro Sánchez", "Sanjay Varma")));
    }

    #[test]
    fn plans_block_a_meeting_only_in_their_own_voice() {
        let text = "President Ilham Aliyev will have a one-on-one meeting with Prime Minister Akil Akilov.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        let text =
            "Talks are mooted to include a meeting between Angela Merkel and Alexis Tsipras.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        // A plan inside a quote does not undo the meeting the narrator reports.
        let text = "\u{201c}We intend to meet again,\u{201d} Sergey Lavrov said after his meeting with Rex Tillerson.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("Rex Tillerson", "Sergey Lavrov")]
        );
    }

    #[test]
    fn the_sides_named_after_between_are_all_of_the_meeting() {
        let text = "Sheikh Abdullah bin Zayed spoke after a meeting between the EU and the Gulf Cooperation Council.";
        let got = pairs(text, RelationType::Meet);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].0.contains("Gulf Cooperation Council")
                || got[0].1.contains("Gulf Cooperation Council")
        );
        assert!(!got[0].0.contains("Abdullah") && !got[0].1.contains("Abdullah"));
    }

    #[test]
    fn a_listed_person_s_country_is_not_the_next_one_s() {
        let text = "PRETORIA, June 17 (Reuters) - The talks were chaired by Zambian President \
                    Frederick Chiluba. Others attending were Yoweri Museveni of Uganda and Thabo \
                    Mbeki of South Africa.";
        let got = pairs(text, RelationType::Meet);
        assert!(
            got.contains(&pair("Thabo Mbeki", "Yoweri Museveni")),
            "{got:?}"
        );
        // The agency of a dateline with a date and a dash takes no part.
        assert!(got
            .iter()
            .all(|(a, b)| !a.contains("Reuters") && !b.contains("Reuters")));
        assert!(
            pairs(text, RelationType::CountryRelation).contains(&pair("South Africa", "Uganda"))
        );
    }

    #[test]
    fn a_call_on_a_person_is_a_courtesy_call_unless_it_asks_them_to_act() {
        let text = "Minister S Jaishankar became the first foreign dignitary to call on \
                    President Gotabhaya Rajapaksa.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("Gotabaya Rajapaksa", "S Jaishankar")]
        );
        let text =
            "President George Bush calls on Mr. Arafat and the Palestinians to end the violence.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        // An alleged meeting is no meeting.
        let text = "Recep Tayyip Erdogan commented on his alleged meeting with Bashar Assad.";
        assert!(pairs(text, RelationType::Meet).is_empty());
    }

    #[test]
    fn a_body_s_press_service_is_one_organisation() {
        let names =
            org_names("The Kremlin press service said so. Akorda press service reported it.");
        assert_eq!(names, ["Kremlin press service", "Akorda press service"]);
        // A country's press service is no named body, nor is a possessive's.
        assert!(orgs("The Kazakh press service said so.").is_empty());
    }

    #[test]
    fn who_tells_of_a_meeting_after_it_and_a_body_in_a_title_take_no_part() {
        let text = "Christopher Hill met with Vice Minister Wu Dawei on Tuesday, said Susan \
                    Stevenson, the spokeswoman.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("Christopher Hill", "Wu Dawei")]
        );
        let text =
            "Islam Karimov met with President of the Asian Development Bank Haruhiko Kuroda.";
        assert_eq!(
            pairs(text, RelationType::Meet),
            vec![pair("Haruhiko Kuroda", "Islam Karimov")]
        );
        // A body met with, named with no one after it, is a side.
        let text = "Islam Karimov met with the Asian Development Bank in Tashkent.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
    }

    #[test]
    fn national_teams_and_schools_are_organisations() {
        let names =
            org_names("The Iran national football team beat Japan. Dunsmuir High School cheered.");
        assert_eq!(
            names,
            ["Iran national football team", "Dunsmuir High School"]
        );
        // A national plan is no team, and a menu's `Latest News` no outlet.
        assert!(orgs("Iran national plans were announced.").is_empty());
        assert!(orgs("Latest News\n\nThe talks went on.").is_empty());
    }

    #[test]
    fn an_occupation_introduces_a_name() {
        assert_eq!(
            person_names("Former NASA astronaut Garrett Reisman will visit the school."),
            ["Garrett Reisman"]
        );
        // Not a name after it: the occupation alone names no one.
        assert!(person_names("The astronaut will visit the school.").is_empty());
    }

    #[test]
    fn a_head_word_in_a_title_or_after_an_acronym_and_grows_no_body() {
        assert!(orgs("In Tokyo, Chief Cabinet Secretary Yasuhisa Shiozaki said so.").is_empty());
        let names = org_names("The deal was signed by UAEU and Jeju Science University today.");
        assert!(
            names.iter().any(|n| n == "Jeju Science University"),
            "{names:?}"
        );
        assert!(names.iter().all(|n| !n.contains("UAEU and")), "{names:?}");
        // `and` inside a body's name still joins.
        let got = orgs("The Ministry of Labour and Social Protection said so.");
        assert_eq!(got[0].1, "Ministry of Labour and Social Protection");
    }

    #[test]
    fn plans_by_modal_officers_of_bodies_and_the_end_of_a_between_list() {
        let text = "President Ilham Aliyev will later meet with Speaker Mahammadsaid Ubaydullayev.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        let text = "President Ilham Aliyev later met with Speaker Mahammadsaid Ubaydullayev.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        // A body followed by its officer's title is no side.
        let text = "Islam Karimov Meets with ADB President\n\nThe talks went on.";
        assert!(pairs(text, RelationType::Meet).is_empty());
        // The second side of `between` ends at the clause's comma.
        let text = "After a meeting between President Barack Obama and King Salman in Washington, \
                    Adel al-Jubeir said so.";
        let got = pairs(text, RelationType::Meet);
        assert!(
            got.iter()
                .all(|(a, b)| !a.contains("Jubeir") && !b.contains("Jubeir")),
            "{got:?}"
        );
    }

    #[test]
    fn acronyms_said_as_words_are_also_written_in_title_case() {
        let names = org_names("Timor-Leste wants to join the Asean family, and Nato agreed.");
        assert_eq!(
            names,
            [
                "Association of Southeast Asian Nations",
                "North Atlantic Treaty Organization"
            ]
        );
    }

    #[test]
    fn a_company_s_board_is_the_company_s() {
        let names = org_names("Three directors will join the CVS Health Board of Directors.");
        assert_eq!(names, ["CVS Health"]);
        // A board of its own name stays a body.
        let got = orgs("The Federal Reserve Board of Governors met.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].1.contains("Board of Governors"), "{got:?}");
    }

    #[test]
    fn a_mediator_is_a_side_of_their_own() {
        let text = "The meeting between Adviser Hikmat Hajiyev and Secretary Armen Grigoryan was \
                    held under the auspices of Special Representative Toivo Klaar.";
        let got = pairs(text, RelationType::Meet);
        assert!(
            got.contains(&pair("Armen Grigoryan", "Toivo Klaar")),
            "{got:?}"
        );
        assert!(
            got.contains(&pair("Hikmat Hajiyev", "Toivo Klaar")),
            "{got:?}"
        );
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn a_denial_after_but_is_of_another_clause() {
        let text = "Envoy Kenichiro Sasae said he had held talks with Envoy Christopher Hill but \
                    denied plans for more.";
        assert_eq!(pairs(text, RelationType::Meet).len(), 1);
        let text =
            "Envoy Kenichiro Sasae denied that he had held talks with Envoy Christopher Hill.";
        assert!(pairs(text, RelationType::Meet).is_empty());
    }

    #[test]
    fn a_leader_of_the_day_is_named_by_surname_alone() {
        let dated = |text: &str| {
            let a = analyze(defaults(), text, Some("2017-05-05"));
            let mut names: Vec<String> = a
                .mentions
                .iter()
                .filter(|m| a.entities[m.entity].etype == crate::gazetteer::EntityType::Person)
                .map(|m| a.entities[m.entity].name.to_string())
                .collect();
            names.dedup();
            names
        };
        let text = "Putin and Trump discussed Syria, the Russian and US sides said.";
        assert_eq!(dated(text), ["Vladimir Putin", "Donald Trump"]);
        // Not when the leader's country goes unnamed, nor without a date.
        assert!(dated("Putin and Trump discussed Syria.").is_empty());
        assert!(
            people("Putin and Trump discussed Syria, the Russian and US sides said.").is_empty()
        );
    }
}
