//! Stage 3 and 4, find names: tokens in, typed name spans out.
//!
//! First the gazetteer phrases (longest match at each token, with the case
//! and context rules real text needs), then rules for names no gazetteer
//! holds: organisations are grown around a head word (`Ministry`,
//! `Committee`, `Museum`) over capitalised words and `of`/`for`/`on`
//! connectors; people are capitalised runs introduced by a title
//! (`Chair Betsy Berns Korn`), followed by an apposition (`Erez Askal,
//! Director of`) or a verb of speech (`Mirziyoyev said`), or that start with
//! a known first name. Titles are never part of a name.

use crate::doc::{Doc, WordSketch};
use crate::gazetteer::EntityType;
use crate::gazetteer::{CaseRule, Entry, Surface, WordClass};
use crate::matcher::{PhraseSet, UNKNOWN};
use crate::tokenize::TokenKind;

/// Where a span came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A gazetteer entity.
    Gazetteer { entity: u32, surface: Surface },
    /// A name found by a rule; its canonical form is the span's text.
    Rule,
    /// A head word alone (`the Conference`): a mention only when the
    /// document names an organisation that starts with it.
    ShortOrg,
    /// A word of a person's name written in full elsewhere in the document,
    /// alone (`Abdullah` after `King Abdullah II`): a mention only when it
    /// links to that person.
    Repeated,
    /// A known place used as a place (`born in Baku`): not a mention, but no
    /// other rule may take it for a name. A capital keeps its country: a
    /// visit to the city is a visit to the country.
    Place { country: Option<u32> },
}

/// A typed name over tokens `start..end`.
#[derive(Debug, Clone)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub etype: EntityType,
    pub source: Source,
    /// The role of a title that introduces the name, if any.
    pub title_role: Option<String>,
}

impl Span {
    /// Whether token `i` is inside the span: `start <= i < end` as one
    /// unsigned comparison, which the rules ask of every span of a
    /// sentence (one branch a span, taken only at the hit, where two
    /// mispredicted at random).
    #[inline]
    pub fn covers(&self, i: usize) -> bool {
        i.wrapping_sub(self.start) < self.end.wrapping_sub(self.start)
    }
}

/// Finds every name span in the sentence `range` of `doc`.
pub fn find_names(doc: &Doc, range: std::ops::Range<usize>) -> Vec<Span> {
    let mut spans = gazetteer_spans(doc, range.clone());
    org_spans(doc, range.clone(), &mut spans);
    press_services(doc, range.clone(), &mut spans);
    national_teams(doc, range.clone(), &mut spans);
    person_spans(doc, range, &mut spans);
    spans.sort_by_key(|s| s.start);
    spans
}

/// `Lapid met Abdullah in Jordan` after `King Abdullah II`: a capitalised
/// word standing alone that is a word of one person's name written in full
/// in the document (as found in `spans`, one list a sentence) names that
/// person again, where no other rule found a name (one sense per document).
/// A word that two people's names share, or that the document also writes
/// in lower case, is left alone.
pub fn repeated_names(doc: &Doc, sentences: &[std::ops::Range<usize>], spans: &mut [Vec<Span>]) {
    let words = full_name_words(doc, spans);
    if words.is_empty() {
        return;
    }
    // Most documents have no lone word that any full name has: find those
    // before asking which words have one owner.
    let mut candidates = lone_name_words(doc, sentences, spans, &words);
    if candidates.is_empty() {
        return;
    }
    let owners = owned_words(doc, words);
    candidates.retain(|&(_, i)| {
        let key = doc.folded.key_bytes(i);
        owners.binary_search_by(|w| (*w).cmp(key)).is_ok()
    });
    // A candidate that opens its sentence may be a common word capitalised
    // there (`Major talks began`): one the document also writes in lower
    // case is left out. Inside a sentence a capitalised word is a name.
    let opens = |si: usize, i: usize| (sentences[si].start..i).all(|k| doc.is_punct(k));
    for (si, i) in candidates {
        if opens(si, i) && written_in_lower_case(doc, i) {
            continue;
        }
        let found = &mut spans[si];
        let at = found.partition_point(|s| s.start < i);
        found.insert(
            at,
            Span {
                start: i,
                end: i + 1,
                etype: EntityType::Person,
                source: Source::Repeated,
                title_role: None,
            },
        );
    }
}

/// `Putin and Trump had discussed`: a capitalised word standing alone, in
/// no span, that is the surname of exactly one person of the gazetteer who
/// was head of state or government or foreign minister on the document's
/// `date`, names that person (news call leaders by surname alone). A word
/// that opens its sentence and that the document also writes in lower case
/// is left alone, and without a date nothing is found.
pub fn leaders_by_surname(
    doc: &Doc,
    sentences: &[std::ops::Range<usize>],
    spans: &mut [Vec<Span>],
    date: Option<&str>,
) {
    let Some(date) = date else { return };
    // The countries the document names: a leader's must be among them
    // (`Font size` names no foreign minister of Andorra).
    let named: Vec<&str> = spans
        .iter()
        .flatten()
        .filter_map(|s| match s.source {
            Source::Gazetteer { entity, .. } => doc.gaz.entity(entity).country.as_deref(),
            Source::Place { country } => country.and_then(|c| doc.gaz.entity(c).country.as_deref()),
            _ => None,
        })
        .collect();
    let leader = |g: &u32| {
        crate::gazetteer::LEADER_OFFICES
            .iter()
            .any(|role| doc.gaz.held_role(*g, role, Some(date)))
            && doc
                .gaz
                .entity(*g)
                .country
                .as_deref()
                .is_some_and(|c| named.contains(&c))
    };
    let mut new: Vec<(usize, Span)> = Vec::new();
    for (si, i) in doc.capitalized_by_sentence(sentences) {
        // The cheap question first: most capitalised words are no
        // leader's surname (a bit by the word's id).
        if !doc.gaz.may_be_leader_surname(doc.folded, i) {
            continue;
        }
        let range = &sentences[si];
        let next_to_name = i > range.start && doc.is_capitalized(i - 1) && doc.is_word(i - 1)
            || i + 1 < range.end && doc.is_capitalized(i + 1) && doc.is_word(i + 1);
        if next_to_name || covered(&spans[si], i).is_some() {
            continue;
        }
        let people = doc.gaz.people_with_surname(doc.key(i));
        let mut leaders = people.iter().filter(|g| leader(g));
        let (Some(&g), None) = (leaders.next(), leaders.next()) else {
            continue;
        };
        let opens = (range.start..i).all(|k| doc.is_punct(k));
        if starts_name(doc, i) && !(opens && written_in_lower_case(doc, i)) {
            let span = Span {
                start: i,
                end: i + 1,
                etype: EntityType::Person,
                source: Source::Gazetteer {
                    entity: g,
                    surface: Surface::Alias,
                },
                title_role: None,
            };
            new.push((si, span));
        }
    }
    // Each sentence's new names join its list, kept in text order.
    for group in new.chunk_by(|a, b| a.0 == b.0) {
        let found = &mut spans[group[0].0];
        found.extend(group.iter().map(|(_, s)| s.clone()));
        found.sort_by_key(|s| s.start);
    }
}

/// Each word of a person's full name among `spans` (that may stand for
/// the person alone), with the name's span.
fn full_name_words<'d>(doc: &Doc<'d>, spans: &[Vec<Span>]) -> Vec<(&'d [u8], (usize, usize))> {
    let mut words = Vec::new();
    for s in spans.iter().flatten() {
        if s.etype != EntityType::Person || s.end - s.start < 2 {
            continue;
        }
        let name = (s.start, s.end);
        for i in (s.start..s.end).filter(|&i| is_repeatable_name_word(doc, i)) {
            words.push((doc.folded.key_bytes(i), name));
        }
    }
    words
}

/// The words of `words` that only one name has (a name written more than
/// once is one name), sorted.
fn owned_words<'d>(doc: &Doc<'d>, mut words: Vec<(&'d [u8], (usize, usize))>) -> Vec<&'d [u8]> {
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    words
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| {
            run[1..]
                .iter()
                .all(|&(_, other)| same_name(doc, other, run[0].1))
        })
        .map(|run| run[0].0)
        .collect()
}

/// The capitalised words, (sentence, token), that stand alone (no
/// capitalised word next to them), in no span, could start a name, and are
/// one of `words`.
fn lone_name_words(
    doc: &Doc,
    sentences: &[std::ops::Range<usize>],
    spans: &[Vec<Span>],
    words: &[(&[u8], (usize, usize))],
) -> Vec<(usize, usize)> {
    // Most capitalised words are ruled out without comparing words.
    let mut owned = WordSketch::new();
    for (w, _) in words {
        owned.insert(w);
    }
    let mut out = Vec::new();
    for (si, i) in doc.capitalized_by_sentence(sentences) {
        let range = &sentences[si];
        // The cheap questions first: most capitalised words are in a
        // name, next to another.
        let before_name_word = i + 1 < range.end && doc.is_capitalized(i + 1) && doc.is_word(i + 1);
        if before_name_word {
            continue;
        }
        if !owned.may_contain_key(doc.folded, i) {
            continue;
        }
        let key = doc.folded.key_bytes(i);
        let after_name_word = i > range.start
            && doc.is_capitalized(i - 1)
            && doc.is_word(i - 1)
            && !doc.has_class(i - 1, WordClass::Stop);
        if !after_name_word
            && words.iter().any(|(w, _)| *w == key)
            && covered(&spans[si], i).is_none()
            && starts_name(doc, i)
        {
            out.push((si, i));
        }
    }
    out
}

/// Whether the token runs `a` and `b` write the same name: the same words
/// (as [`run_keys`] gives them), without collecting them.
fn same_name(doc: &Doc, a: (usize, usize), b: (usize, usize)) -> bool {
    let words =
        |(start, end): (usize, usize)| (start..end).filter(|&i| doc.is_word(i)).map(|i| doc.key(i));
    words(a).eq(words(b))
}

/// A word of a full name that may stand for the person alone: a capitalised
/// word of three letters or more, no particle, initial or regnal number.
fn is_repeatable_name_word(doc: &Doc, i: usize) -> bool {
    let key = doc.folded.key_bytes(i);
    let tok = doc.tok(i);
    doc.is_word(i)
        && doc.is_capitalized(i)
        && (tok.len() >= 3 && tok.is_ascii() || tok.chars().nth(2).is_some())
        && !key.contains(&b'.')
        && !doc.has_class(i, WordClass::Particle)
        && !key.iter().all(|c| matches!(c, b'i' | b'v' | b'x'))
}

/// Gazetteer phrases, longest first, checked against case and context.
fn gazetteer_spans(doc: &Doc, range: std::ops::Range<usize>) -> Vec<Span> {
    // Room for the names of most sentences, not grown from empty.
    let mut spans = Vec::with_capacity(8);
    let mut i = range.start;
    while i < range.end {
        // Most tokens are neither capitalised (places) nor the start of a
        // known name. Names that start with a lower-case letter are refused
        // by their case rules ([`accept`]), but for capitals, taken as
        // places whatever their case.
        if !doc.is_capitalized(i)
            && !(doc.gaz.names.may_start_at(doc.folded, i)
                && (!doc.starts_lower_case(i) || doc.gaz.may_start_capital(doc.folded.ids[i])))
        {
            i += 1;
            continue;
        }
        // `New York`, `Hong Kong`, `the Middle East`: a known place longer
        // than any name here is a place, never a person or a body.
        let place_end = doc
            .is_capitalized(i)
            .then(|| sentence_period_left(doc, &doc.gaz.places, i))
            .flatten()
            .filter(|&(end, _)| end <= range.end);
        let name = sentence_period_left(doc, &doc.gaz.names, i);
        let name_end = name.map(|(e, _)| e);
        if let Some((end, countries)) = place_end.filter(|&(e, _)| name_end.is_none_or(|n| e > n)) {
            spans.push(Span {
                start: i,
                end,
                etype: EntityType::Country,
                source: Source::Place {
                    country: countries.first().copied().flatten(),
                },
                title_role: None,
            });
            i = end;
            continue;
        }
        if let Some((end, entries)) = name {
            if end <= range.end {
                let place = entries.iter().find(|e| e.surface == Surface::Capital);
                if let Some(entry) = entries.iter().find(|e| accept(doc, i, end, e)) {
                    let etype = doc.gaz.entity(entry.entity).etype;
                    spans.push(Span {
                        start: i,
                        end,
                        etype,
                        source: Source::Gazetteer {
                            entity: entry.entity,
                            surface: entry.surface,
                        },
                        title_role: None,
                    });
                    i = end;
                    continue;
                }
                if let Some(capital) = place {
                    spans.push(Span {
                        start: i,
                        end,
                        etype: EntityType::Country,
                        source: Source::Place {
                            country: Some(capital.entity),
                        },
                        title_role: None,
                    });
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    spans
}

/// The longest phrase of `set` at token `i`, without a period that ends the
/// sentence: `U.S.` (`us .`) is a phrase with its period, but in `in the
/// US.` the period follows a word without dots and is the sentence's, when
/// the phrase without it is one too (`Whipps Jr.` keeps its period).
fn sentence_period_left<'g, T>(
    doc: &Doc,
    set: &'g PhraseSet<T>,
    i: usize,
) -> Option<(usize, &'g [T])> {
    let found = set.longest_at(doc.folded, i);
    match found {
        Some((end, _))
            if end - i >= 2 && doc.tok(end - 1) == "." && !doc.tok(end - 2).contains('.') =>
        {
            set.longest_within(doc.folded, i, end - 1)
                .filter(|&(shorter, _)| shorter == end - 1)
                .or(found)
        }
        found => found,
    }
}

/// Whether a gazetteer match at `start..end` stands for its entry here.
fn accept(doc: &Doc, start: usize, end: usize, e: &Entry) -> bool {
    let case_ok = match e.case {
        CaseRule::Upper => (start..end).all(|i| !doc.tok(i).chars().any(char::is_lowercase)),
        CaseRule::Capitalized => doc
            .tok(start)
            .chars()
            .next()
            .is_some_and(|c| !c.is_lowercase()),
    };
    if !case_ok {
        return false;
    }
    // A word glued to the match by a hyphen on the left (`pro-Russian` is
    // fine, but `Kyrgyz-Azerbaijani` is two names) does not matter; a letter
    // glued on either side means the match is inside a longer word.
    if e.surface == Surface::Capital && !capital_stands_for_country(doc, start, end) {
        return false;
    }
    // `Yisrael Lau`: a one-word alias that is also a first name, before a
    // name, is the person's first name.
    let first_name = e.surface == Surface::Alias
        && end - start == 1
        && doc.gaz.is_first_name(doc.key(start))
        && doc.gaz.entity(e.entity).etype == EntityType::Country;
    if first_name && doc.is_capitalized(end) && !doc.tokens[end].line_break_before {
        return false;
    }
    if e.ambiguous {
        // `Michael Jordan`, `Jordan Peterson`: a capitalised neighbour that
        // is not a known name makes the match a person's name or a place.
        let before = start > 0
            && doc.is_capitalized(start - 1)
            && !doc.tokens[start].line_break_before
            && !doc.has_class(start - 1, WordClass::Stop);
        let after = doc.is_capitalized(end) && !doc.tokens[end].line_break_before;
        if before || after {
            return false;
        }
    }
    true
}

/// A capital city stands for its government when it acts or owns: it is
/// possessive (`Washington's recognition`), the subject of a verb
/// (`Washington has`, `Moscow said`), or the object of a relation
/// (`toward Baku`, `to punish Moscow`, `between Baku and Yerevan`).
fn capital_stands_for_country(doc: &Doc, start: usize, end: usize) -> bool {
    if doc.tokens[end - 1].possessive {
        return true;
    }
    if end < doc.tokens.len() && doc.has_class(end, WordClass::CapitalActs) {
        return true;
    }
    if start == 0 || !doc.has_class(start - 1, WordClass::CapitalObject) {
        return false;
    }
    // `in New York, Minsk and Paris` is about places; `with Baku` is not.
    let mut j = start - 1;
    if doc.key_is(j, "and") {
        while j > 0 && (doc.is_capitalized(j - 1) || doc.key_in(j - 1, &[",", "and"])) {
            j -= 1;
        }
    }
    !(j > 0 && doc.key_in(j - 1, &["in", "to", "from", "at", "of"]))
}

pub(crate) fn covered(spans: &[Span], i: usize) -> Option<&Span> {
    spans.iter().find(|s| s.covers(i))
}

/// Which span covers each token of a sentence, as [`covered`] tells it
/// (the first span in the list): made once for the rules that ask about
/// every token, instead of scanning the spans for each. Valid while the
/// spans do not change.
struct Cover {
    start: usize,
    /// One more than the index of the span covering each token, or 0.
    at: Vec<u32>,
}

impl Cover {
    fn new(spans: &[Span], range: std::ops::Range<usize>) -> Cover {
        // A few spans are as quickly scanned as looked up: no table (each
        // ask falls back to the scan).
        if spans.len() <= 4 {
            return Cover {
                start: range.start,
                at: Vec::new(),
            };
        }
        let mut at = vec![0; range.len()];
        for (k, s) in spans.iter().enumerate() {
            for i in s.start.max(range.start)..s.end.min(range.end) {
                let slot = &mut at[i - range.start];
                if *slot == 0 {
                    *slot = k as u32 + 1;
                }
            }
        }
        Cover {
            start: range.start,
            at,
        }
    }

    fn get<'s>(&self, spans: &'s [Span], i: usize) -> Option<&'s Span> {
        match self.at.get(i.wrapping_sub(self.start)) {
            Some(&k) if k > 0 => Some(&spans[k as usize - 1]),
            // Outside the sentence: as the spans' list says.
            Some(_) => None,
            None => covered(spans, i),
        }
    }
}

/// `the Kremlin press service`, `Akorda press service`: a body's name (or a
/// capitalised name no rule took) followed by `press service` in lower case
/// names the body's press service, one organisation.
fn press_services(doc: &Doc, range: std::ops::Range<usize>, spans: &mut Vec<Span>) {
    let press = doc.gaz.press_id;
    let ids = &doc.folded.ids;
    // Most sentences have no `press`: a compare a token, without a branch
    // (which the compiler makes a vector loop), rules them out.
    if press != UNKNOWN
        && !ids[range.clone()]
            .iter()
            .fold(false, |seen, &id| seen | (id == press))
    {
        return;
    }
    // The same word has the same id; a word the vocabulary lacks (which
    // the shipped one holds) is told by its key.
    let is_press = |i: usize| ids[i] == press && (press != UNKNOWN || doc.key_is(i, "press"));
    for i in (range.start + 1..range.end.saturating_sub(1)).filter(|&i| is_press(i)) {
        if !(doc.key_is(i + 1, "service") && doc.starts_lower_case(i)) {
            continue;
        }
        let body = spans.iter().position(|s| {
            s.end == i && s.etype == EntityType::Org && !doc.tokens[i - 1].possessive
        });
        let start = match body {
            Some(k) => spans.remove(k).start,
            None if doc.is_capitalized(i - 1)
                && covered(spans, i - 1).is_none()
                && !doc.has_class(i - 1, WordClass::Stop)
                && !doc.tokens[i - 1].possessive =>
            {
                let mut start = i - 1;
                while start > range.start
                    && doc.is_capitalized(start - 1)
                    && covered(spans, start - 1).is_none()
                    && !doc.has_class(start - 1, WordClass::Stop)
                {
                    start -= 1;
                }
                start
            }
            None => continue,
        };
        spans.push(Span {
            start,
            end: i + 2,
            etype: EntityType::Org,
            source: Source::Rule,
            title_role: None,
        });
    }
}

/// `the Iran national football team`, `Brazil's national team`: a country
/// (name or demonym) then `national`, at most two more lower-case words and
/// `team` is the country's team, an organisation (the country stays a
/// mention of its own).
fn national_teams(doc: &Doc, range: std::ops::Range<usize>, spans: &mut Vec<Span>) {
    let mut found = Vec::new();
    for s in spans.iter().filter(|s| s.etype == EntityType::Country) {
        let national = s.end;
        if national >= range.end
            || !doc.key_is(national, "national")
            || !doc.starts_lower_case(national)
        {
            continue;
        }
        let team = (national + 1..range.end.min(national + 4))
            .take_while(|&k| doc.starts_lower_case(k))
            .find(|&k| doc.key_is(k, "team"));
        if let Some(team) = team {
            found.push(Span {
                start: s.start,
                end: team + 1,
                etype: EntityType::Org,
                source: Source::Rule,
                title_role: None,
            });
        }
    }
    spans.extend(found);
}

/// Organisation names grown around head words.
fn org_spans(doc: &Doc, range: std::ops::Range<usize>, spans: &mut Vec<Span>) {
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut short = Vec::new();
    let cover = Cover::new(spans, range.clone());
    // Head words, domain names and outlets' names are all capitalised.
    for i in doc.capitalized_in(range.clone()) {
        if let Some(s) = cover.get(spans, i) {
            if s.etype != EntityType::Country {
                continue;
            }
        }
        // `Chief Cabinet Secretary`, `Press Secretary`: a head word inside a
        // title names no body.
        let in_title =
            || (i.saturating_sub(4)..=i).any(|k| doc.title_at(k).is_some_and(|(end, _)| end > i));
        let head = (doc.is_capitalized(i) && doc.has_class(i, WordClass::OrgHead) && !in_title())
            || doc.is_domain_name(i);
        // `the Congress party`: a lower-case tail after a capitalised word
        // that is no country of its own (`the Russian party` is generic).
        let tail = i + 1 < range.end
            && doc.starts_lower_case(i + 1)
            && doc.has_class(i + 1, WordClass::OrgTail)
            && cover.get(spans, i).is_none();
        // `Huntsman Corp.`, `Acme Inc`: the capitalised words right before.
        let suffix = doc.is_capitalized(i) && doc.has_class(i, WordClass::OrgSuffix);
        if suffix && !head {
            let mut start = i;
            while start > range.start
                && doc.is_capitalized(start - 1)
                && !doc.has_class(start - 1, WordClass::Stop)
                && !doc.has_class(start - 1, WordClass::OrgSuffix)
                && cover
                    .get(spans, start - 1)
                    .is_none_or(|s| s.etype == EntityType::Org)
            {
                start -= 1;
            }
            // `Volkswagen AG`: a company the gazetteer knows keeps its name.
            let known = cover
                .get(spans, start)
                .is_some_and(|s| s.start == start && s.end == i);
            if start < i && !known {
                found.push((start, i + 1));
            }
            continue;
        }
        if tail && !head {
            let start = grow_left(doc, range.start, i + 1, spans);
            if start <= i {
                found.push((start, i + 2));
            }
            continue;
        }
        // `the CVS Health Board of Directors`: a company's board is the
        // company's, no body of its own.
        let company_board = head
            && doc.key_is(i, "board")
            && i + 2 < range.end
            && doc.key_is(i + 1, "of")
            && doc.key_in(i + 2, &["directors", "trustees"])
            && i > range.start
            && cover
                .get(spans, i - 1)
                .is_some_and(|s| s.etype == EntityType::Org && s.end == i);
        if company_board {
            continue;
        }
        if head {
            let start = grow_left(doc, range.start, i, spans);
            let mut end = grow_right(doc, range.end, i + 1, spans);
            // `the Congress party`: a head word may take a tail too.
            if tail && end == i + 1 {
                end = i + 2;
            }
            // A lone head word (`Parliament`, `Committee`) is generic, but
            // `the Conference` may be short for a longer name.
            if end - start >= 2
                || doc.is_domain_name(i)
                || doc.tok(i).chars().all(|c| c.is_uppercase())
            {
                found.push((start, end));
            } else if i > range.start && doc.key_is(i - 1, "the") && cover.get(spans, i).is_none() {
                short.push(i);
            }
        } else if let Some(end) = media_name(doc, range.clone(), i, spans, &cover) {
            found.push((i, end));
        }
    }
    // Merge overlapping candidates into the widest.
    found.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in found {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    for (start, end) in merged {
        // A gazetteer entity exactly here wins; smaller names inside are absorbed.
        if spans.iter().any(|s| s.start == start && s.end == end) {
            continue;
        }
        if is_generic_body(doc, start, end, spans) {
            continue;
        }
        if spans
            .iter()
            .any(|s| s.etype == EntityType::Person && s.start < end && start < s.end)
        {
            continue;
        }
        spans.retain(|s| !(s.start >= start && s.end <= end));
        if spans.iter().any(|s| s.start < end && start < s.end) {
            continue;
        }
        spans.push(Span {
            start,
            end,
            etype: EntityType::Org,
            source: if is_venue(doc, start, end) {
                Source::Place { country: None }
            } else {
                Source::Rule
            },
            title_role: None,
        });
    }
    for i in short {
        if covered(spans, i).is_none() {
            spans.push(Span {
                start: i,
                end: i + 1,
                etype: EntityType::Org,
                source: Source::ShortOrg,
                title_role: None,
            });
        }
    }
}

/// `US Administration`, `Russian Government`: a generic head after nothing
/// but a country's name or adjective is that country's government, not a
/// named organisation.
fn is_generic_body(doc: &Doc, start: usize, end: usize, spans: &[Span]) -> bool {
    doc.has_class(end - 1, WordClass::GenericHead)
        && start < end - 1
        && (start..end - 1)
            .all(|i| covered(spans, i).is_some_and(|s| s.etype == EntityType::Country))
}

/// `News.Az`, `REPORT.AZ`, `STL.News`: a capitalised word with an inner dot.
/// `at the Royal Court`, `at Dolmabahce Office`: a name found by rule that
/// ends in a building word and follows `at` is where something happens.
fn is_venue(doc: &Doc, start: usize, end: usize) -> bool {
    let at = |i: usize| i >= 1 && doc.key_is(i - 1, "at");
    doc.has_class(end - 1, WordClass::VenueHead)
        && (at(start) || (start >= 2 && doc.key_is(start - 1, "the") && at(start - 1)))
}

/// A news outlet named next to a cue: `Report informs`, `told APA TV`.
fn media_name(
    doc: &Doc,
    range: std::ops::Range<usize>,
    i: usize,
    spans: &[Span],
    cover: &Cover,
) -> Option<usize> {
    if !doc.is_capitalized(i) || cover.get(spans, i).is_some() {
        return None;
    }
    let mut end = i + 1;
    while end < range.end
        && doc.is_capitalized(end)
        && cover.get(spans, end).is_none()
        && end - i < 4
    {
        end += 1;
    }
    let after = end < range.end && doc.has_class(end, WordClass::MediaAfter);
    let before = i > range.start && doc.key_is(i - 1, "told");
    let sentence_start = i == range.start || (i > 0 && !doc.is_word(i - 1));
    if (after && (sentence_start || end - i == 1) && !doc.has_class(i, WordClass::Stop)
        || before && !doc.has_class(i, WordClass::Stop))
        && title_free(doc, i, end)
    {
        return Some(end);
    }
    None
}

fn title_free(doc: &Doc, start: usize, end: usize) -> bool {
    (start..end).all(|j| doc.title_at(j).is_none())
}

fn grow_left(doc: &Doc, floor: usize, head: usize, spans: &[Span]) -> usize {
    // `the Prime Minister's Office`, `the President's Office`: an office
    // named after the title that holds it.
    if head > floor && doc.key_is(head, "office") && doc.tokens[head - 1].possessive {
        if let Some((title, _)) = doc.title_ending_at(head) {
            if title >= floor && doc.is_capitalized(title) {
                return title;
            }
        }
    }
    let mut start = head;
    while start > floor {
        let j = start - 1;
        if let Some(s) = covered(spans, j) {
            // Country names and demonyms are part of the name, unless
            // possessive (`Azerbaijan's Milli Majlis`); so are other orgs.
            if s.etype != EntityType::Person && !doc.tokens[s.end - 1].possessive {
                start = s.start;
                continue;
            }
            break;
        }
        let t = doc.tok(j);
        let name_word = doc.is_capitalized(j)
            && !doc.has_class(j, WordClass::Stop)
            && !doc.tokens[j].possessive;
        let hyphen = (t == "-" || t == "–")
            && doc.touching(j, start)
            && j > floor
            && doc.is_capitalized(j - 1);
        if name_word || hyphen {
            start = j;
        } else if t == ")"
            && j >= floor + 2
            && doc.tok(j - 2) == "("
            && doc.tok(j - 1).chars().all(|c| c.is_uppercase())
        {
            start = j - 2;
        } else if doc.key_in(j, &["of", "and"])
            && j > floor
            && doc.is_capitalized(j - 1)
            && !doc.has_class(j - 1, WordClass::Stop)
            && doc.title_ending_at(j).is_none()
            && covered(spans, j - 1).is_none_or(|s| s.etype != EntityType::Person)
            && !(doc.key_is(j, "and") && looks_like_surname(doc, j - 1))
            && !(doc.key_is(j, "and") && acronym(doc, j - 1))
            && !(doc.key_is(j, "and") && after_first_name(doc, floor, j - 1))
        {
            start = j;
        } else {
            break;
        }
    }
    // Never start on a connector.
    while start < head && doc.key_in(start, &["of", "and", "-"]) {
        start += 1;
    }
    start
}

/// `Igor Skocic and Croatian Football Federation president Davor Suker`:
/// the capitalised word at `i` follows a known first name, so the two are
/// a person's name, which a body's name does not take in over `and`.
fn after_first_name(doc: &Doc, floor: usize, i: usize) -> bool {
    i > floor && doc.is_capitalized(i - 1) && doc.gaz.is_first_name(doc.key(i - 1))
}

fn grow_right(doc: &Doc, ceil: usize, mut end: usize, spans: &[Span]) -> usize {
    loop {
        if end >= ceil || doc.tokens[end - 1].possessive {
            return end;
        }
        let k = doc.key(end);
        let connector = matches!(k, "of" | "for" | "on" | "in" | "and" | "under");
        if !connector || k == "under" {
            return end;
        }
        let mut j = end + 1;
        if j < ceil && doc.key_is(j, "the") {
            j += 1;
        }
        // `Embassy of Azerbaijan in Israel` goes on; `Russian Embassy in
        // Tbilisi` ends before the city.
        let capital = |s: &Span| {
            matches!(
                s.source,
                Source::Gazetteer {
                    surface: Surface::Capital,
                    ..
                }
            )
        };
        // A city (`Trade Commissioner Service in Shanghai`) ends it too.
        let city = |s: &Span| matches!(s.source, Source::Place { .. });
        if k == "in"
            && covered(spans, j)
                .is_none_or(|s| s.etype != EntityType::Country || capital(s) || city(s))
        {
            return end;
        }
        if k == "and" && covered(spans, j).is_some_and(|s| s.etype != EntityType::Org) {
            return end;
        }
        // The run of capitalised words (or known names) after the connector.
        let run_start = j;
        while j < ceil {
            if let Some(s) = covered(spans, j) {
                if s.etype == EntityType::Person {
                    break;
                }
                j = s.end;
                if s.etype == EntityType::Country {
                    // A country ends the run unless a connector follows.
                    break;
                }
                continue;
            }
            let name_word = doc.is_capitalized(j) && !doc.has_class(j, WordClass::Stop);
            let hyphen = doc.tok(j) == "-" && j + 1 < ceil && doc.is_capitalized(j + 1);
            if name_word || hyphen {
                j += 1;
            } else {
                break;
            }
        }
        if j == run_start {
            return end;
        }
        end = j;
    }
}

/// People found by rules, on tokens no other span covers.
fn person_spans(doc: &Doc, range: std::ops::Range<usize>, spans: &mut Vec<Span>) {
    let mut i = range.start;
    let mut found = Vec::new();
    let cover = Cover::new(spans, range.clone());
    while i < range.end {
        // Names start at capitalised words; a title (`the foreign minister`)
        // is stepped over whatever its case.
        if !doc.is_capitalized(i) && doc.title_at(i).is_none() || cover.get(spans, i).is_some() {
            i += 1;
            continue;
        }
        if let Some((end, _)) = doc.title_at(i) {
            i = end;
            continue;
        }
        // `Vice Premier He Lifeng`: after a title, a capitalised pronoun
        // glued to a name is the name's first word.
        let pronoun_surname = doc.has_class(i, WordClass::Pronoun)
            && doc.is_capitalized(i)
            && doc.title_ending_at(i).is_some()
            && starts_name(doc, i + 1)
            && !doc.tokens[i + 1].line_break_before;
        if pronoun_surname {
            let end = name_run_end(doc, i + 1, range.end, spans);
            let title = doc.title_ending_at(i).map(|(s, r)| doc.title_ref(s, i, r));
            found.push(Span {
                start: i,
                end,
                etype: EntityType::Person,
                source: Source::Rule,
                title_role: title,
            });
            i = end;
            continue;
        }
        if !starts_name(doc, i) {
            i += 1;
            continue;
        }
        let end = name_run_end(doc, i, range.end, spans);
        // `President of Tatarstan Rustam Minnikhanov`: a run after a title's
        // `of` whose later words start with a known first name is the
        // title's object, then the name.
        if let Some(k) = name_inside_title_object(doc, range.start, i, end, spans, &found) {
            i = k;
            continue;
        }
        // `Minister of Digital Development`, `Governor of Southern Sinai`:
        // capitalised words after a title's `of` belong to the title.
        if inside_title_chain(doc, range.start, i, end - i == 1, spans, &found) {
            i = end.max(i + 1);
            continue;
        }
        if end == i {
            i += 1;
            continue;
        }
        let title = doc
            .title_ending_at(i)
            .map(|(s, r)| doc.title_ref(s, i, r))
            .or_else(|| title_chain_before(doc, range.start, i, spans));
        let len = end - i;
        let accept = title.is_some()
            || apposition_title_after(doc, end, range.end, spans)
            || speech_after(doc, end, range.end)
            || (len >= 2
                && (doc.gaz.is_first_name(doc.key(i))
                    || has_surname_suffix(doc, end - 1)
                    || coordinated_with_person(doc, i, end, spans, &found)
                    || after_meeting_verb(doc, i)
                    || byline(doc, i, end)
                    || creator_of_work(doc, end)
                    || doc
                        .gaz
                        .person_by_name_tail(&run_keys(doc, i, end))
                        .is_some()));
        // `Readout`, `Counterpart`, `Meets` capitalised in a heading: a
        // one-word name the document also writes in lower case is a word.
        // In a heading every word is capitalised (`Iran's FM Meets Omani
        // Counterpart`): one word after a title there is no evidence of a name.
        // One in capitals (`IST`, `UPA`) is an acronym.
        let accept = accept
            && !(len == 1
                && (acronym(doc, i)
                    || in_title_case_line(doc, i)
                    || written_in_lower_case(doc, i)));
        if accept {
            // `performers Yaffa Yarkoni and Omer Adam`: a full name joined
            // by `and` to a titled name shares the title.
            // After a plural title (`Presidents Aliyev and Putin`) a
            // surname alone is a further name, and so is each name of a
            // list (`presidents Sam Nujoma of Namibia, Robert Mugabe of
            // Zimbabwe and Yoweri Museveni`).
            let plural =
                i >= 1 && doc.title_ending_at(i).is_some() && doc.key(i - 1).ends_with('s');
            found.push(Span {
                start: i,
                end,
                etype: EntityType::Person,
                source: Source::Rule,
                title_role: title.clone(),
            });
            let mut last = end;
            while title.is_some() && found.len() < 64 {
                let Some(next) = next_listed_name(doc, last, range.end, spans, plural) else {
                    break;
                };
                // A name of the gazetteer in the list: on to the next.
                if let Some(known) = covered(spans, next).filter(|s| s.etype == EntityType::Person)
                {
                    last = known.end;
                    continue;
                }
                let e = name_run_end(doc, next, range.end, spans);
                if !(e >= next + 2 || plural && e > next) {
                    break;
                }
                found.push(Span {
                    start: next,
                    end: e,
                    etype: EntityType::Person,
                    source: Source::Rule,
                    title_role: title.clone(),
                });
                last = e;
                if !plural {
                    break;
                }
            }
            if last > end {
                i = last;
                continue;
            }
        }
        i = end.max(i + 1);
    }
    spans.extend(found);
    // Gazetteer people get the role of a title right before them too.
    for s in spans.iter_mut() {
        if s.etype == EntityType::Person && s.title_role.is_none() {
            s.title_role = doc
                .title_ending_at(s.start)
                .map(|(t, r)| doc.title_ref(t, s.start, r));
        }
    }
}

/// `between Mevlüt Çavuşoğlu and Javad Zarif`: a name run joined by `and`
/// to a person's name is a person too.
fn coordinated_with_person(
    doc: &Doc,
    start: usize,
    end: usize,
    spans: &[Span],
    found: &[Span],
) -> bool {
    let is_person_at = |edge: &dyn Fn(&Span) -> bool| {
        spans
            .iter()
            .chain(found)
            .any(|s| s.etype == EntityType::Person && edge(s))
    };
    // `Mukesh Ambani, and N Chandrasekaran`: a serial comma may stand
    // before the `and`.
    let comma_and = start >= 3 && doc.key_is(start - 1, "and") && doc.tok(start - 2) == ",";
    (start >= 2 && doc.key_is(start - 1, "and") && is_person_at(&|s| s.end == start - 1))
        || (comma_and && is_person_at(&|s| s.end == start - 2))
        || (end < doc.tokens.len()
            && doc.key_is(end, "and")
            && is_person_at(&|s| s.start == end + 1))
}

/// The folded words of a token run, punctuation left out.
fn run_keys<'a>(doc: &Doc<'a>, start: usize, end: usize) -> Vec<&'a str> {
    (start..end)
        .filter(|&i| doc.is_word(i))
        .map(|i| doc.key(i))
        .collect()
}

/// Whether the run at `i` follows `of`/`for`/`to`/`and` that continue a
/// title or a capitalised phrase (`Minister of X`, `Assistant to the
/// President for X`), rather than ordinary prose (`credentials of X`).
/// A one-word run may follow capitalised words of the title's object
/// (`Governor of Southern Sinai`); a longer run after them is the name
/// (`Minister of Foreign Affairs Jeyhun Bayramov`).
fn inside_title_chain(
    doc: &Doc,
    floor: usize,
    i: usize,
    one_word: bool,
    spans: &[Span],
    found: &[Span],
) -> bool {
    let mut j = i;
    while one_word
        && j > floor
        && doc.is_capitalized(j - 1)
        && doc.has_class(j - 1, WordClass::NotPerson)
    {
        j -= 1;
    }
    if j > floor && doc.key_is(j - 1, "the") {
        j -= 1;
    }
    if j <= floor + 1 || !doc.key_in(j - 1, &["of", "for", "to", "and", "under"]) {
        return false;
    }
    let k = j - 2;
    // `Mevlüt Çavuşoğlu and Javad Zarif`: a person's name is no title,
    // whether a gazetteer's or one found by rule before a full name
    // (`Ivan Petrov and John Smith`).
    // One word after it still may be (`President Aliyev and Lachin`).
    let person = |s: &Span| s.etype == EntityType::Person;
    if covered(spans, k).is_some_and(person) || !one_word && covered(found, k).is_some_and(person) {
        return false;
    }
    doc.is_capitalized(k) || doc.title_ending_at(k + 1).is_some()
}

/// Where the next name of a list starts after a name ending at `end`: over
/// `of` and a country (`Sam Nujoma of Namibia`), then `and`, or (after a
/// plural title) `,` or `, and`.
fn next_listed_name(
    doc: &Doc,
    mut end: usize,
    ceil: usize,
    spans: &[Span],
    plural: bool,
) -> Option<usize> {
    if end + 1 < ceil && doc.key_is(end, "of") {
        let place = covered(spans, end + 1).filter(|s| s.etype == EntityType::Country)?;
        end = place.end;
    }
    let mut next = end;
    if next < ceil && plural && doc.tok(next) == "," {
        next += 1;
    }
    if next < ceil && doc.key_is(next, "and") {
        next += 1;
    }
    let known = |i: usize| covered(spans, i).is_some_and(|s| s.etype == EntityType::Person);
    (next > end
        && next < ceil
        && (starts_name(doc, next) || known(next))
        && (plural || doc.key_is(next - 1, "and")))
    .then_some(next)
}

/// `David Fincher's “Zodiac”`, `Gus Van Sant's "Paranoid Park"`: a name
/// whose possessive owns a quoted title is its maker's.
fn creator_of_work(doc: &Doc, end: usize) -> bool {
    doc.tokens[end - 1].possessive
        && end < doc.tokens.len()
        && matches!(doc.tok(end), "“" | "\"" | "‘")
}

/// `... Eastern By Buchizya Mseteka`, `By John Smith, Reuters`: a writer's
/// byline, a name run after a capitalised `By` that ends its line or a
/// clause.
fn byline(doc: &Doc, i: usize, end: usize) -> bool {
    let ends = end >= doc.tokens.len()
        || doc.tokens[end].line_break_before
        || matches!(doc.tok(end), "," | "|" | "-" | "—" | "–" | "(");
    i >= 1 && doc.tok(i - 1) == "By" && end - i <= 3 && ends
}

/// `He also met Mukesh Ambani`: a name run right after a meeting or call
/// verb names its guest, a person unless a gazetteer or an organisation
/// rule took it first.
fn after_meeting_verb(doc: &Doc, i: usize) -> bool {
    use crate::gazetteer::TriggerClass;
    (i.saturating_sub(4)..i).any(|s| {
        doc.gaz
            .triggers
            .longest_at(doc.folded, s)
            .is_some_and(|(end, ts)| {
                end == i
                    && ts
                        .iter()
                        .any(|t| matches!(t.relation, TriggerClass::Meet | TriggerClass::Call))
            })
    })
}

/// `Skocic and Croatian Football Federation president Davor Suker`: a word
/// that a known person's name ends with, or with a surname's ending, is a
/// person's, and an organisation's name does not grow over the `and`
/// before its own words to take it.
fn looks_like_surname(doc: &Doc, i: usize) -> bool {
    !doc.gaz.people_with_surname(doc.key(i)).is_empty() || has_surname_suffix(doc, i)
}

/// `IST`, `UPA`: a short word in capitals is an acronym, not a name.
fn acronym(doc: &Doc, i: usize) -> bool {
    let t = doc.tok(i);
    t.len() <= 5 && t.len() >= 2 && t.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether the word at `i` stands somewhere in the document in lower case
/// (as `readout` or `counterpart` do, and names do not). Asked only of
/// one-word names found by rule, a few in a document.
fn written_in_lower_case(doc: &Doc, i: usize) -> bool {
    // The same word has the same id: the tokens to look at are found by
    // it (for a word the vocabulary does not know, all of its unknown
    // ones, whose keys then tell).
    let (id, key) = (doc.folded.ids[i], doc.folded.key_bytes(i));
    doc.any_lower_case_with_id(id, |k| {
        id != crate::matcher::UNKNOWN || doc.folded.key_bytes(k) == key
    })
}

/// Whether the line of token `i` is written in title case, as headings
/// are (with no period at the end): at least three words of four letters or more, all capitalised (one
/// may not be in a line of eight or more: `Newly-elected`).
fn in_title_case_line(doc: &Doc, i: usize) -> bool {
    let n = doc.tokens.len();
    // The lower-case part of `Newly-elected`, `Minister-designate` does
    // not count.
    let glued = |k: usize| k >= 1 && doc.tok(k - 1) == "-" && doc.touching(k - 1, k);
    let long = |k: usize| doc.is_word(k) && doc.tok(k).chars().count() >= 4 && !glued(k);
    // Walk out from `i` to the line's ends, and stop at the second long
    // word in lower case: prose, where most asks end within a few words.
    let (mut words, mut lower) = (0, 0);
    let mut count = |k: usize| {
        if long(k) {
            words += 1;
            lower += usize::from(!doc.is_capitalized(k));
        }
        lower < 2
    };
    let mut end = i;
    while end < n && (end == i || !doc.tokens[end].line_break_before) {
        if !count(end) {
            return false;
        }
        end += 1;
    }
    let mut start = i;
    while start > 0 && !doc.tokens[start].line_break_before {
        start -= 1;
        if !count(start) {
            return false;
        }
    }
    // Headings end without a period; a sentence of names does not.
    let last = end - 1;
    let sentence = doc.is_punct(last) && matches!(doc.tok(last), "." | "!" | "?");
    !sentence && words >= 3 && (lower == 0 || words >= 8 && lower == 1)
}

/// In a run `i..end` that follows a title's `of` (`President of
/// Tatarstan Rustam Minnikhanov`), the word where a personal name starts: a
/// known first name after the first word, with at least one word after it.
fn name_inside_title_object(
    doc: &Doc,
    floor: usize,
    i: usize,
    end: usize,
    spans: &[Span],
    found: &[Span],
) -> Option<usize> {
    if end - i < 3 || !inside_title_chain(doc, floor, i, false, spans, found) {
        return None;
    }
    (i + 1..end - 1).find(|&k| doc.is_word(k) && doc.gaz.is_first_name(doc.key(k)))
}

/// Capitalised words that name things, not people (`Development`,
/// `Cooperation`, `Investment`).
fn looks_like_common_noun(doc: &Doc, i: usize) -> bool {
    let k = doc.key(i);
    k.len() > 5
        && [
            "tion", "sion", "ment", "ity", "ism", "ness", "ance", "ence", "ics", "ship",
        ]
        .iter()
        .any(|s| k.ends_with(s))
}

fn starts_name(doc: &Doc, i: usize) -> bool {
    doc.is_capitalized(i)
        && !doc.has_class(i, WordClass::Stop)
        && !doc.has_class(i, WordClass::NotPerson)
        && !doc.has_class(i, WordClass::OrgHead)
        && !looks_like_common_noun(doc, i)
        && doc.title_at(i).is_none()
}

/// The end of a run of name words starting at `i`: capitalised words,
/// particles inside (`bin`, `Al`), hyphenated parts (`Al-Qasabi`) and
/// initials (`J.`, `J.D.`). A possessive ends the run.
fn name_run_end(doc: &Doc, i: usize, ceil: usize, spans: &[Span]) -> usize {
    let mut end = i;
    let mut j = i;
    while j < ceil && j - i < 8 {
        if covered(spans, j).is_some() {
            break;
        }
        let t = doc.tok(j);
        let is_name_word = doc.is_capitalized(j)
            && !doc.has_class(j, WordClass::Stop)
            && !doc.has_class(j, WordClass::NotPerson)
            && !looks_like_common_noun(doc, j)
            && (j == i || doc.title_at(j).is_none() || doc.has_class(j, WordClass::Particle));
        if is_name_word {
            j += 1;
            // An initial's period: `J.` or `J.D.`
            if j < ceil
                && doc.tok(j) == "."
                && doc.touching(j - 1, j)
                && (t.chars().count() == 1 || t.contains('.'))
            {
                j += 1;
            }
            end = j;
            if doc.tokens[end - 1].possessive
                || doc.tokens[end - 1].kind == TokenKind::Punct && doc.tokens[end - 2].possessive
            {
                break;
            }
        } else if doc.has_class(j, WordClass::Particle) && j > i && doc.is_capitalized(j + 1) {
            j += 1;
        } else if doc.has_class(j, WordClass::Particle)
            && j > i
            && j + 2 < ceil
            && doc.tok(j + 1) == "-"
            && doc.touching(j, j + 1)
            && doc.touching(j + 1, j + 2)
            && doc.is_capitalized(j + 2)
            && covered(spans, j + 2).is_none()
        {
            // `Haider al-Abadi`, `Ahmed bin-Salem`: a lower-case particle
            // glued by a hyphen to the name word after it.
            j += 3;
            end = j;
        } else if t == "-"
            && j > i
            && j + 1 < ceil
            && covered(spans, j + 1).is_none()
            && doc.touching(j - 1, j)
            && doc.touching(j, j + 1)
            && doc.is_word(j + 1)
            && (doc.is_capitalized(j + 1)
                || end == j
                    && doc.is_capitalized(j - 1)
                    && doc.tok(j + 1).len() <= 4
                    && !matches!(
                        doc.key(j + 1),
                        "led" | "era" | "run" | "type" | "like" | "free" | "made" | "born"
                    ))
        {
            // `Al-Sheikh`: the part after a hyphen is a name even if it is
            // also a title word; `Tsai Ing-wen`, `Kim Jong-un`: so is a
            // lower-case part glued to a name word.
            j += 2;
            end = j;
        } else {
            break;
        }
    }
    end
}

/// `President of the Republic of Azerbaijan Ilham Aliyev`, `Minister of
/// Agriculture of Israel Avi Dichter`, `the Secretary of State, Mike Pompeo`:
/// a title whose chain of `of` phrases runs up to the name.
fn title_chain_before(doc: &Doc, floor: usize, name: usize, spans: &[Span]) -> Option<String> {
    let mut j = name;
    // An apposition: `the Assistant to the President ..., John Bolton`.
    if j > floor && doc.tok(j - 1) == "," {
        j -= 1;
    }
    let mut steps = 0;
    while j > floor && steps < 16 {
        if let Some((t, role)) = doc.title_ending_at(j) {
            if steps > 0 || j < name {
                return Some(doc.title_ref(t, j, role));
            }
        }
        let k = j - 1;
        if doc.tokens[k].possessive {
            return None;
        }
        if let Some(s) = covered(spans, k) {
            if s.etype == EntityType::Person {
                return None;
            }
            j = s.start;
        } else if doc.is_capitalized(k)
            || doc.key_in(k, &["of", "the", "and", "for", "to", "-"])
            || doc.has_class(k, WordClass::ChainWord)
        {
            j = k;
        } else {
            return None;
        }
        steps += 1;
    }
    None
}

/// `Erez Askal, Director of ...`, `Bujar Osmani, foreign minister of`,
/// `Mohammad-Ali Eskandari, Iran's ambassador`.
fn apposition_title_after(doc: &Doc, end: usize, ceil: usize, spans: &[Span]) -> bool {
    if end >= ceil || doc.tok(end) != "," {
        return false;
    }
    let mut j = end + 1;
    for _ in 0..3 {
        if j >= ceil {
            return false;
        }
        if doc.title_at(j).is_some() {
            return true;
        }
        if let Some(s) = covered(spans, j) {
            if s.etype == EntityType::Country {
                j = s.end;
                continue;
            }
            return false;
        }
        if matches!(
            doc.key(j),
            "the" | "former" | "then" | "a" | "an" | "deputy" | "acting"
        ) {
            j += 1;
            continue;
        }
        return false;
    }
    false
}

fn speech_after(doc: &Doc, end: usize, ceil: usize) -> bool {
    let mut j = end;
    if j < ceil
        && matches!(
            doc.key(j),
            "also" | "further" | "then" | "later" | "has" | "had" | "earlier"
        )
    {
        j += 1;
    }
    j < ceil && doc.has_class(j, WordClass::Speech)
}

fn has_surname_suffix(doc: &Doc, i: usize) -> bool {
    let k = doc.key(i);
    doc.gaz
        .surname_suffixes()
        .iter()
        .any(|s| k.len() > s.len() + 2 && k.ends_with(s.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Folded;
    use crate::testing::default_gazetteer as defaults;

    #[test]
    fn a_word_is_written_in_lower_case_wherever_the_document_has_it_so() {
        // Known words (`readout`) and words the vocabulary lacks
        // (`zorblat`), in lower case before, inside and after the first
        // sixteen tokens, and in the last few (past the whole chunks).
        let text = "Readout of the talks. Zorblat and Quixel met Smith in the hall \
                    at noon on Monday while the readout was printed. They said the \
                    zorblat was new. Mr Quixel left. Counterpart visited counterpart";
        let tokens = crate::tokenize::tokenize(text);
        let folded = Folded::new(text, &tokens, &defaults().vocab);
        let doc = Doc::new(text, &tokens, &folded, defaults());
        let plain = |i: usize| {
            (0..tokens.len())
                .any(|k| doc.starts_lower_case(k) && folded.key_bytes(k) == folded.key_bytes(i))
        };
        for i in 0..tokens.len() {
            assert_eq!(written_in_lower_case(&doc, i), plain(i), "{}", doc.tok(i));
        }
        let at = |w: &str| (0..tokens.len()).find(|&i| doc.tok(i) == w).unwrap();
        assert!(written_in_lower_case(&doc, at("Readout")));
        assert!(written_in_lower_case(&doc, at("Zorblat")));
        assert!(written_in_lower_case(&doc, at("Counterpart")));
        assert!(!written_in_lower_case(&doc, at("Quixel")));
        assert!(!written_in_lower_case(&doc, at("Smith")));
    }
}
