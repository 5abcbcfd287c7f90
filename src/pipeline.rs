//! The whole pipeline: a document in, its mentions and relations out; and a
//! run over many documents, in parallel, written in input order.

use crate::discover::{find_names, Doc};
use crate::gazetteer::Gazetteer;
use crate::matcher::Folded;
use crate::read::Document;
use crate::relations::{extract, Relation};
use crate::resolve::{resolve, DocEntity, Mention};
use crate::tokenize::{split_sentences, tokenize, Sentence, Token};

/// Everything dyad finds in one document.
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<DocEntity>,
    pub mentions: Vec<Mention>,
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
}

/// Runs every stage over one document's text.
pub fn analyze(gaz: &Gazetteer, text: &str, date: Option<&str>) -> Analysis {
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    let folded = Folded::new(text, &tokens, &gaz.vocab);
    let doc = Doc::new(text, &tokens, &folded, gaz);
    let spans: Vec<_> = sentences
        .iter()
        .map(|s| find_names(&doc, s.start..s.end))
        .collect();
    let resolved = resolve(&doc, &sentences, &spans, date);
    let relations = extract(
        &doc,
        &sentences,
        &resolved.mentions,
        &resolved.places,
        &resolved.entities,
        date,
    );
    Analysis {
        tokens,
        sentences,
        entities: resolved.entities,
        mentions: resolved.mentions,
        relations,
    }
}

/// Analyses a read document.
pub fn analyze_document(gaz: &Gazetteer, doc: &Document) -> Analysis {
    analyze(gaz, &doc.text, doc.date.as_deref())
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::relations::RelationType;

    fn defaults() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(|| crate::gazetteer::load(&[], false).unwrap())
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
                (x.min(y).clone(), x.max(y).clone())
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
            .map(|e| e.name.clone())
            .collect();
        out.dedup();
        out
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
                (&text[s..e], a.entities[m.entity].name.as_str())
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
        assert!(a.entities.iter().any(|e| e.name == "Vladimir Putin"));
    }

    #[test]
    fn a_call_relates_the_countries_of_its_people_even_unnamed() {
        let text = "President Joe Biden had a call with President Emmanuel Macron of France.";
        assert_eq!(
            pairs(text, RelationType::CountryRelation),
            vec![pair("France", "United States")]
        );
    }

    #[test]
    fn a_listed_title_is_no_apposition() {
        let text = "Japanese Prime Minister Fumio Kishida welcomed U.S. President Joe Biden, \
                    Canadian Prime Minister Justin Trudeau and British Prime Minister Rishi Sunak.";
        let got = pairs(text, RelationType::Meet);
        assert!(
            got.contains(&pair("Joe Biden", "Justin Trudeau")),
            "{got:?}"
        );
        assert_eq!(got.len(), 6, "{got:?}");
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
        assert_eq!(
            visit.map(|r| a.entities[r.target].name.as_str()),
            Some("Taiwan")
        );
        // The city is no mention of the country.
        assert!(a
            .mentions
            .iter()
            .all(|m| a.entities[m.entity].name != "Taiwan"));
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
        assert_eq!(visits[0].1, "Iran");
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
            .all(|m| a.entities[m.entity].name != "Lifeng"));
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
}
