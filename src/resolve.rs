//! Stage 5, resolve: name spans in, mentions linked to document entities out.
//!
//! Within a document every span is linked to one entity: gazetteer spans to
//! their gazetteer entity; a full name found by rule to a new entity with an
//! id derived from the name (or to the gazetteer person with the same first
//! and last name); a surname or partial name (`Korn`, `H. Hajiyev`) to the
//! full name the document uses; role phrases (`the head of state`, `the
//! Israeli President`, `the FM`) to the person the document names in that
//! role; and, in meeting sentences, `he`/`she`/`his`/`her` to the last
//! person named. Ids are stable across documents.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::discover::{covered, Source, Span};
use crate::doc::{Doc, WordSketch};
use crate::gazetteer::{EntityType, Surface, WordClass};
use crate::ids::rule_id;
use crate::matcher::fold_word;
use crate::tokenize::Sentence;

/// How a mention was linked to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Gazetteer,
    Pattern,
    Alias,
    Role,
    Pronoun,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Gazetteer => "gazetteer",
            Method::Pattern => "pattern",
            Method::Alias => "alias",
            Method::Role => "role",
            Method::Pronoun => "pronoun",
        }
    }
}

/// An entity as one document knows it.
#[derive(Debug, Clone)]
pub struct DocEntity {
    // A gazetteer entity's strings are the gazetteer's, shared.
    pub id: Arc<str>,
    pub name: Arc<str>,
    pub etype: EntityType,
    pub country: Option<Arc<str>>,
    /// Roles of the titles the document gives this person.
    pub roles: Vec<String>,
    pub gazetteer: Option<u32>,
}

/// One linked mention.
#[derive(Debug, Clone)]
pub struct Mention {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    pub method: Method,
    /// The country the text gives this mention (`Israeli Prime Minister X`).
    pub country_hint: Option<Arc<str>>,
    /// The text names the person as an official of an international body
    /// (`NATO Secretary General X`): here they act for no country.
    pub for_body: bool,
}

/// The linked mentions and entities of a document.
pub struct Resolved {
    pub entities: Vec<DocEntity>,
    pub mentions: Vec<Mention>,
    /// Capitals named as places (`arrived in Taipei`), with their country.
    pub places: Vec<PlaceMention>,
    /// Organisations named inside a longer organisation name (the `Ministry
    /// of Foreign Affairs of ...` in `Press Service Department of the
    /// Ministry of Foreign Affairs of ...`): mentions of their own, which
    /// overlap the outer one, so they are kept apart from `mentions` until
    /// the relations are found.
    pub nested: Vec<Mention>,
}

/// A capital city used as a place: not a mention of its country, but where
/// a visit goes.
#[derive(Debug, Clone)]
pub struct PlaceMention {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub entity: usize,
}

struct Linker<'a, 'd> {
    doc: &'a Doc<'d>,
    date: Option<&'a str>,
    entities: Vec<DocEntity>,
    /// The folded words of each entity's name (the gazetteer's, or those
    /// of the span that named it), which the name rules compare many times
    /// per document.
    names: Vec<Vec<&'d str>>,
    by_id: FxHashMap<Arc<str>, usize>,
}

impl<'d> Linker<'_, 'd> {
    /// Adds an entity found by rule, with the folded words of the span
    /// that names it (its name is that span's text).
    fn add_found(&mut self, e: DocEntity, words: &[&'d str]) -> usize {
        self.insert(e, words.to_vec())
    }

    /// Adds an entity with the folded words of its name, unless the
    /// document has one with its id.
    fn insert(&mut self, e: DocEntity, words: Vec<&'d str>) -> usize {
        if let Some(&i) = self.by_id.get(&e.id) {
            return i;
        }
        self.by_id.insert(e.id.clone(), self.entities.len());
        self.names.push(words);
        self.entities.push(e);
        self.entities.len() - 1
    }

    fn gazetteer_entity(&mut self, g: u32) -> usize {
        let e = self.doc.gaz.entity(g);
        // Most mentions repeat an entity: find it before copying its strings.
        if let Some(&i) = self.by_id.get(&e.id) {
            return i;
        }
        let words = self.doc.gaz.entity_words(g).iter().map(String::as_str);
        let entity = DocEntity {
            id: e.id.clone(),
            name: e.name.clone(),
            etype: e.etype,
            country: e.country.clone(),
            roles: Vec::new(),
            gazetteer: Some(g),
        };
        self.insert(entity, words.collect())
    }

    /// Name words of a span, folded, without initials' periods or hyphens.
    fn words(&self, s: &Span) -> Vec<&'d str> {
        (s.start..s.end)
            .filter(|&i| self.doc.is_word(i))
            .map(|i| self.doc.key(i))
            .filter(|w| !w.is_empty())
            .collect()
    }
}

/// Links every span of the document. `spans` are per sentence.
pub fn resolve(
    doc: &Doc,
    sentences: &[Sentence],
    spans: &[Vec<Span>],
    date: Option<&str>,
) -> Resolved {
    let mut l = Linker {
        doc,
        date,
        // Sized for a news story: a few dozen names, not grown from empty.
        entities: Vec::with_capacity(32),
        names: Vec::with_capacity(32),
        by_id: FxHashMap::default(),
    };
    let mut found = link_full_names(&mut l, sentences, spans);
    link_partial_names(&mut l, sentences, spans, &mut found);
    let mut mentions: Vec<Mention> = found.mentions.into_iter().flatten().collect();
    let mut in_mention = covered_tokens(doc.tokens.len(), &mentions);
    let repeated = repeated_surnames(&l, sentences, spans, &in_mention, &mentions);
    for m in &repeated {
        in_mention[m.start..m.end].fill(true);
    }
    mentions.extend(repeated);
    mentions.sort_by_key(|m| (m.start, m.end));
    countries_stick_to_people(&mut l, &mentions);
    let extra = roles_and_pronouns(&mut l, sentences, &mentions, &in_mention);
    mentions.extend(extra);
    mentions.sort_by_key(|m| (m.start, m.end));
    let nested = nested_orgs(&mut l, &mentions);
    Resolved {
        entities: l.entities,
        mentions,
        places: found.places,
        nested,
    }
}

/// What the first pass links: a slot per span in text order (empty for a
/// span that links to nothing, or whose link waits for the second pass),
/// the partial names left for the second pass, and the places.
struct FirstPass {
    mentions: Vec<Option<Mention>>,
    /// (mention slot, sentence, span)
    partial: Vec<(usize, usize, Span)>,
    places: Vec<PlaceMention>,
}

/// Pass 1: gazetteer entities and full names found by rule; surnames,
/// partial names and short organisation names wait for pass 2.
fn link_full_names(l: &mut Linker, sentences: &[Sentence], spans: &[Vec<Span>]) -> FirstPass {
    let doc = l.doc;
    // A mention for each span at most.
    let mut pass = FirstPass {
        mentions: Vec::with_capacity(spans.iter().map(Vec::len).sum()),
        partial: Vec::new(),
        places: Vec::new(),
    };
    // Names that are the tail of a longer person name in the document
    // (`Bhutto Zardari` of `Bilawal Bhutto Zardari`) are partial.
    let full_names: Vec<Vec<&str>> = spans
        .iter()
        .flatten()
        .filter(|s| s.etype == EntityType::Person && !matches!(s.source, Source::Place { .. }))
        .map(|s| l.words(s))
        .filter(|w| w.len() >= 2)
        .collect();
    let is_tail = |w: &[&str]| {
        full_names
            .iter()
            .any(|f| f.len() > w.len() && f.ends_with(w))
    };
    for (si, sentence_spans) in spans.iter().enumerate() {
        for s in sentence_spans {
            if let Source::Place { country } = s.source {
                if let Some(g) = country {
                    let entity = l.gazetteer_entity(g);
                    pass.places.push(PlaceMention {
                        sentence: si,
                        start: s.start,
                        end: s.end,
                        entity,
                    });
                }
                continue;
            }
            // Found only for the spans linked here: a partial name's is
            // found when it is linked, in the second pass.
            let hint = || {
                country_hint(
                    doc,
                    s,
                    sentences[si].start,
                    sentences[si].end,
                    sentence_spans,
                )
            };
            let slot = pass.mentions.len();
            let mention = |entity: usize, method: Method, country_hint| Mention {
                sentence: si,
                start: s.start,
                end: s.end,
                entity,
                method,
                country_hint,
                for_body: acts_for_body(doc, s, sentence_spans),
            };
            match &s.source {
                Source::Gazetteer { entity, surface } => {
                    let e = l.gazetteer_entity(*entity);
                    let method = if *surface == Surface::Name {
                        Method::Gazetteer
                    } else {
                        Method::Alias
                    };
                    if let Some(r) = &s.title_role {
                        push_role(&mut l.entities[e], r);
                    }
                    pass.mentions.push(Some(mention(e, method, hint())));
                }
                Source::Place { .. } => {}
                Source::ShortOrg | Source::Repeated => {
                    pass.mentions.push(None);
                    pass.partial.push((slot, si, s.clone()));
                }
                Source::Rule => {
                    let words = l.words(s);
                    if s.etype == EntityType::Org && is_surname_of_person(l, &words) {
                        continue;
                    }
                    let initial = words.len() >= 2 && words[0].chars().count() == 1;
                    if s.etype == EntityType::Person
                        && (words.len() < 2 || initial || is_tail(&words))
                    {
                        pass.mentions.push(None);
                        pass.partial.push((slot, si, s.clone()));
                        continue;
                    }
                    let hint = hint();
                    let e = if s.etype == EntityType::Person {
                        person_entity(l, s, &words, hint.clone())
                    } else {
                        org_entity(l, s, &words)
                    };
                    if let Some(r) = &s.title_role {
                        push_role(&mut l.entities[e], r);
                    }
                    pass.mentions.push(Some(mention(e, Method::Pattern, hint)));
                }
            }
        }
    }
    pass
}

/// `Sisi told Scholz`: a one-word name taken for an outlet or body is the
/// surname of a person named before.
fn is_surname_of_person(l: &Linker, words: &[&str]) -> bool {
    words.len() == 1
        && l.entities
            .iter()
            .zip(&l.names)
            .any(|(e, ew)| e.etype == EntityType::Person && surname(l.doc, e, ew) == Some(words[0]))
}

/// Pass 2: surnames and partial names to the full name the document uses
/// (or to a gazetteer person, or to a new person), and short organisation
/// names (`the Conference`) to the organisation they start.
fn link_partial_names(
    l: &mut Linker,
    sentences: &[Sentence],
    spans: &[Vec<Span>],
    pass: &mut FirstPass,
) {
    let doc = l.doc;
    for (slot, si, s) in std::mem::take(&mut pass.partial) {
        let words = l.words(&s);
        if s.source == Source::ShortOrg {
            let head = &words[0];
            let org = l.entities.iter().position(|e| {
                e.etype == EntityType::Org
                    && e.name
                        .split_whitespace()
                        .next()
                        .is_some_and(|w| fold_word(w) == *head)
            });
            if let Some(e) = org {
                pass.mentions[slot] = Some(Mention {
                    sentence: si,
                    start: s.start,
                    end: s.end,
                    entity: e,
                    method: Method::Alias,
                    country_hint: None,
                    for_body: false,
                });
            }
            continue;
        }
        let hint = country_hint(doc, &s, sentences[si].start, sentences[si].end, &spans[si]);
        let found =
            find_full_name(l, &words).or_else(|| written_surname(l, &pass.mentions, &words));
        if s.source == Source::Repeated && found.is_none() {
            continue;
        }
        let (e, method) = match found {
            Some(e) => (e, Method::Alias),
            None => match gazetteer_by_surname(l, &words, s.title_role.as_deref(), spans)
                .or_else(|| misspelt_surname(l, &words))
            {
                Some(e) => (e, Method::Alias),
                None => {
                    let name = span_text(doc, &s);
                    let e = l.add_found(
                        DocEntity {
                            id: rule_id("person", &name).into(),
                            name: name.into(),
                            etype: EntityType::Person,
                            country: hint.clone(),
                            roles: Vec::new(),
                            gazetteer: None,
                        },
                        &words,
                    );
                    (e, Method::Pattern)
                }
            },
        };
        if let Some(r) = &s.title_role {
            push_role(&mut l.entities[e], r);
        }
        pass.mentions[slot] = Some(Mention {
            sentence: si,
            start: s.start,
            end: s.end,
            entity: e,
            method,
            country_hint: hint,
            for_body: acts_for_body(doc, &s, &spans[si]),
        });
    }
}

/// `Tokayev` after `Kassym-Jomart Tokayev`, which the gazetteer spells
/// `Qasym-Zhomart Toqaev`: a surname alone is the one person whose full
/// name, as the document writes it, ends with it.
fn written_surname(l: &Linker, mentions: &[Option<Mention>], words: &[&str]) -> Option<usize> {
    let [word] = words else { return None };
    let mut owners = mentions.iter().flatten().filter(|m| {
        l.entities[m.entity].etype == EntityType::Person
            && m.end - m.start >= 2
            && l.doc.is_word(m.end - 1)
            && l.doc.key(m.end - 1) == *word
    });
    let first = owners.next()?.entity;
    owners.all(|m| m.entity == first).then_some(first)
}

/// `Jaishnakar said` after `S Jaishankar`: a lone word that no one of the
/// document or the gazetteer bears but that is a slip of the keys away from
/// the surname of exactly one person the document names in full (a letter
/// changed, added or two swapped), in a word long enough that the slip is
/// not another name.
fn misspelt_surname(l: &Linker, words: &[&str]) -> Option<usize> {
    let [word] = words else { return None };
    // (Fewer than six bytes is fewer than six letters.)
    if word.len() < 6 || word.chars().count() < 6 {
        return None;
    }
    // Asked of every one-word name no one has: the cheap tests first, on
    // the first and last words, one of which is the surname. In bytes,
    // what `near` and `swapped` need: a letter changed or added keeps the
    // first letter and the length within one letter (four bytes); two
    // letters swapped keep the length.
    let slip = |s: &str| {
        let same_start = s.as_bytes().first() == word.as_bytes().first();
        s.chars().count() >= 6
            && (same_start && s.len().abs_diff(word.len()) <= 4 && near(s, word)
                || s.len() == word.len() && swapped(s, word))
    };
    let mut owners = l.entities.iter().enumerate().filter(|(i, e)| {
        let ends = &l.names[*i];
        e.etype == EntityType::Person
            && ends.len() >= 2
            && (slip(ends[0]) || slip(ends[ends.len() - 1]))
            && surname(l.doc, e, ends).is_some_and(slip)
    });
    let (first, _) = owners.next()?;
    owners.next().is_none().then_some(first)
}

/// Two words the same but for two neighbouring letters swapped
/// (`jaishnakar`, `jaishankar`).
fn swapped(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(differ[..], [i, j] if j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

/// Countries given by the text stick to the person found by rule
/// (`Israeli Prime Minister X`).
fn countries_stick_to_people(l: &mut Linker, mentions: &[Mention]) {
    for m in mentions {
        let e = &mut l.entities[m.entity];
        if e.etype == EntityType::Person
            && m.country_hint.is_some()
            && e.gazetteer.is_none()
            && e.country.is_none()
        {
            e.country = m.country_hint.clone();
        }
    }
}

/// Pass 3: role phrases (`the head of state`, `the Israeli President`) and
/// pronouns, outside the mentions, to the people they stand for.
fn roles_and_pronouns(
    l: &mut Linker,
    sentences: &[Sentence],
    mentions: &[Mention],
    in_mention: &[bool],
) -> Vec<Mention> {
    let doc = l.doc;
    let named = Named::new(mentions, l.entities.len());
    let mut extra = Vec::new();
    // Tokens before `next` are done: inside a role phrase found.
    let (mut si, mut next) = (0, 0);
    for i in doc.titles_and_pronouns() {
        if i < next || in_mention[i] {
            continue;
        }
        while sentences[si].end <= i {
            si += 1;
        }
        let sent = &sentences[si];
        if let Some((end, role)) = doc.title_at(i) {
            // `Dr. \n President`: an honorific's title may lie past the end
            // of the sentence; a role phrase stays inside it.
            if let Some((end, target, country)) =
                role_reference(l, mentions, &named, sent.start, i, end, role)
                    .filter(|r| r.0 <= sent.end)
            {
                let e = match target {
                    RoleTarget::Named(e) => e,
                    RoleTarget::Holder(g) => l.gazetteer_entity(g),
                };
                // A country named before the title is a mention of its
                // own: the role phrase starts at the title.
                extra.push(Mention {
                    sentence: si,
                    start: i,
                    end,
                    entity: e,
                    method: Method::Role,
                    country_hint: country,
                    for_body: false,
                });
                next = end;
                continue;
            }
        }
        if doc.has_class(i, WordClass::Pronoun)
            && doc.tokens[i].kind == crate::tokenize::TokenKind::Word
            && !doc.tok(i).contains('.')
        {
            let subject = i == sent.start && doc.key_in(i, &["he", "she"]);
            if let Some(e) = pronoun_antecedent(l, mentions, &extra, i, subject) {
                extra.push(Mention {
                    sentence: si,
                    start: i,
                    end: i + 1,
                    entity: e,
                    method: Method::Pronoun,
                    country_hint: None,
                    for_body: false,
                });
            }
        }
    }
    extra
}

/// The organisations named inside organisation names found by rule: the
/// first `of the X` in the name where `X` runs to the end of the name, is
/// capitalised and is itself a body of something, an organisation head word
/// followed by `of` (`Ministry of ...`, `Presidential Administration of
/// ...`). `Embassy of the United States` holds no such name, nor does
/// `Diocese of the Russian Orthodox Church`: the church is named there only
/// as what the diocese belongs to.
fn nested_orgs(l: &mut Linker, mentions: &[Mention]) -> Vec<Mention> {
    let doc = l.doc;
    let mut nested = Vec::new();
    for m in mentions {
        if m.method != Method::Pattern || l.entities[m.entity].etype != EntityType::Org {
            continue;
        }
        let inner = (m.start + 1..m.end.saturating_sub(3)).find(|&k| {
            doc.key_is(k, "of")
                && doc.key_is(k + 1, "the")
                && doc.is_capitalized(k + 2)
                && (k + 2..m.end - 1).any(|j| {
                    doc.is_capitalized(j)
                        && doc.has_class(j, WordClass::OrgHead)
                        && doc.key_is(j + 1, "of")
                })
        });
        let Some(k) = inner else { continue };
        let span = Span {
            start: k + 2,
            end: m.end,
            etype: EntityType::Org,
            source: Source::Rule,
            title_role: None,
        };
        let entity = match doc.gaz.names.longest_at(doc.folded, span.start) {
            Some((end, entries)) if end == span.end => entries
                .iter()
                .find(|e| doc.gaz.entity(e.entity).etype == EntityType::Org)
                .map(|e| l.gazetteer_entity(e.entity)),
            _ => None,
        };
        let entity = entity.unwrap_or_else(|| {
            let words = l.words(&span);
            new_org_entity(l, &span, &words)
        });
        nested.push(Mention {
            sentence: m.sentence,
            start: span.start,
            end: span.end,
            entity,
            method: Method::Pattern,
            country_hint: None,
            for_body: false,
        });
    }
    nested
}

/// Which tokens some mention covers: looked up once per token, not by
/// scanning every mention.
fn covered_tokens(len: usize, mentions: &[Mention]) -> Vec<bool> {
    let mut covered = vec![false; len];
    for m in mentions {
        covered[m.start..m.end].fill(true);
    }
    covered
}

/// An organisation found by rule: an organisation of the document whose
/// name begins or ends with this one (`State Department` of `U.S. State
/// Department`), or a new entity. A news site's domain name is its name
/// (`REPORT.AZ` is `Report`).
fn org_entity<'d>(l: &mut Linker<'_, 'd>, s: &Span, words: &[&'d str]) -> usize {
    for (i, e) in l.entities.iter().enumerate() {
        if e.etype != EntityType::Org {
            continue;
        }
        let ew = &l.names[i];
        if ew.len() > words.len() && (ew.ends_with(words) || ew.starts_with(words)) {
            return i;
        }
    }
    // `the Ministry of Foreign Affairs` named first, `the Ministry of
    // Foreign Affairs of Ukraine` later: one body, named in full.
    let shorter = (0..l.entities.len()).find(|&i| {
        let (e, ew) = (&l.entities[i], &l.names[i]);
        e.etype == EntityType::Org
            && e.gazetteer.is_none()
            && ew.len() >= 2
            && ew.len() < words.len()
            && (words.starts_with(ew) || words.ends_with(ew))
    });
    match shorter {
        Some(i) => name_in_full(l, i, s, words),
        None => new_org_entity(l, s, words),
    }
}

/// Gives the organisation `i`, found by rule under a shorter name, the
/// longer name of span `s` (the fullest form the document uses), keeping
/// its mentions.
fn name_in_full<'d>(l: &mut Linker<'_, 'd>, i: usize, s: &Span, words: &[&'d str]) -> usize {
    let name = span_text(l.doc, s);
    let id: Arc<str> = rule_id("org", &name).into();
    if let Some(&j) = l.by_id.get(&id) {
        return j;
    }
    let old = std::mem::replace(&mut l.entities[i].id, id.clone());
    l.by_id.remove(&old);
    l.by_id.insert(id, i);
    l.entities[i].name = name.into();
    if l.entities[i].country.is_none() {
        l.entities[i].country = org_country(l.doc, s);
    }
    l.names[i] = words.to_vec();
    i
}

/// A new organisation entity for a name found by rule.
fn new_org_entity<'d>(l: &mut Linker<'_, 'd>, s: &Span, words: &[&'d str]) -> usize {
    let name = span_text(l.doc, s);
    let stem = match name.split_once('.') {
        Some((a, _)) if !name.contains(' ') => a,
        _ => &name,
    };
    let id = rule_id("org", stem);
    // Named again: the entity is there, and its country was found then.
    if let Some(&i) = l.by_id.get(id.as_str()) {
        return i;
    }
    let country = org_country(l.doc, s);
    l.add_found(
        DocEntity {
            id: id.into(),
            name: name.into(),
            etype: EntityType::Org,
            country,
            roles: Vec::new(),
            gazetteer: None,
        },
        words,
    )
}

/// Records a title's role and its words (`head_of_state`, `=president`).
fn push_role(e: &mut DocEntity, title: &str) {
    let (role, words) = title.split_once('|').unwrap_or((title, ""));
    // Copied only when new: most mentions repeat a title already recorded.
    if !e.roles.iter().any(|r| r == role) {
        e.roles.push(role.to_string());
    }
    if !e.roles.iter().any(|r| r.strip_prefix('=') == Some(words)) {
        let mut r = String::with_capacity(1 + words.len());
        r.push('=');
        r.push_str(words);
        e.roles.push(r);
    }
}

/// Offices a role phrase names by role (`the head of state` is whoever the
/// document titles President); other titles must repeat their own words.
const OFFICES: &[&str] = &[
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "vice_president",
];

fn span_text(doc: &Doc, s: &Span) -> String {
    let text = &doc.text[doc.tokens[s.start].start..doc.tokens[s.end - 1].end];
    let text = text.trim_end_matches(['.', ',']);
    // Keep an initial's period (`Antony J. Blinken`), drop a trailing one.
    let text = if doc.tok(s.end - 1) == "."
        && s.end - s.start >= 2
        && doc.tok(s.end - 2).chars().count() == 1
    {
        &doc.text[doc.tokens[s.start].start..doc.tokens[s.end - 1].end]
    } else {
        text
    };
    one_spaced(text)
}

/// `text` with each run of whitespace made one space.
fn one_spaced(text: &str) -> String {
    // ASCII whitespace other than the space: tab, line feed, vertical tab,
    // form feed, carriage return.
    let plain = text.is_ascii()
        && !text.contains("  ")
        && !text.bytes().any(|b| matches!(b, b'\t'..=b'\r'));
    if plain && !text.starts_with(' ') && !text.ends_with(' ') {
        return text.to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A full name found by rule: a gazetteer person with the same first and
/// last name (`Antony J. Blinken` → Antony Blinken), a person already in the
/// document with a near-identical name (`Hikmet Hajiyev` ~ `Hikmat
/// Hajiyev`), or a new entity.
fn person_entity<'d>(
    l: &mut Linker<'_, 'd>,
    s: &Span,
    words: &[&'d str],
    hint: Option<Arc<str>>,
) -> usize {
    let first = &words[0];
    let last = &words[words.len() - 1];
    for &g in l.doc.gaz.people_with_surname(last) {
        // `Gotabhaya Rajapaksa` is `Gotabaya Rajapaksa`: a first name one
        // letter apart is a transliteration of the same.
        let gname = l.doc.gaz.entity_words(g);
        if gname.first().is_some_and(|g| near(g, first)) && patronyms_agree(gname, words) {
            return l.gazetteer_entity(g);
        }
    }
    if let Some(g) = l.doc.gaz.person_by_name_tail(words) {
        return l.gazetteer_entity(g);
    }
    for (i, e) in l.entities.iter().enumerate() {
        if e.etype != EntityType::Person {
            continue;
        }
        let ew = &l.names[i];
        if ew.len() >= 2 && ew.last() == Some(last) && near(ew[0], first) {
            return i;
        }
        // `Mohammad Zarif` after `Mohammad Javad Zarif (Khonsari)`: the
        // same person with a middle name left out.
        if words.len() == 2 && ew.len() > 2 && ew[0] == *first && ew[1..].contains(last) {
            return i;
        }
    }
    let name = span_text(l.doc, s);
    l.add_found(
        DocEntity {
            id: rule_id("person", &name).into(),
            name: name.into(),
            etype: EntityType::Person,
            country: hint,
            roles: Vec::new(),
            gazetteer: None,
        },
        words,
    )
}

/// `Hamad bin Khalifa al-Thani` is not `Hamad bin Abdallah bin Thani`:
/// where both names give a father's name (the word after `bin`, `ibn`,
/// `bint` or `ben`), it is the same one (or a spelling of it).
fn patronyms_agree(a: &[impl AsRef<str>], b: &[impl AsRef<str>]) -> bool {
    fn father(name: &[impl AsRef<str>]) -> Option<&str> {
        name.windows(2)
            .find(|w| matches!(w[0].as_ref(), "bin" | "ibn" | "bint" | "ben"))
            .map(|w| w[1].as_ref())
    }
    match (father(a), father(b)) {
        (Some(x), Some(y)) => near(x, y),
        _ => true,
    }
}

/// Same first letter and at most one letter different, or one letter more
/// in a name of five letters or more.
fn near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    // Asked of every pair of names a document compares: no allocation.
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let (na, nb) = (a.chars().count(), b.chars().count());
    if na == nb {
        return a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() <= 1;
    }
    // One letter more (`Gotabhaya`, `Gotabaya`), in a name long enough that
    // one letter is a spelling, not another name.
    let (short, long, n) = if na < nb { (a, b, na) } else { (b, a, nb) };
    if na.abs_diff(nb) != 1 || n < 5 {
        return false;
    }
    // Past the common beginning, the long name's next letter is the one
    // more: the rest is the same.
    let (mut s, mut l) = (short.chars(), long.chars());
    while let (Some(x), Some(y)) = (s.clone().next(), l.next()) {
        if x != y {
            break;
        }
        s.next();
    }
    s.eq(l)
}

/// A lone capitalised word that no rule took but that is the surname of a
/// person the document names in full (`Earlier, Mitsotakis met ...`): news
/// repeats people by surname, mostly in places no title or verb marks.
/// A surname two people of the document share links to the one named at
/// least twice as often, else to neither.
/// `in_mention` marks the tokens some mention covers.
fn repeated_surnames(
    l: &Linker,
    sentences: &[Sentence],
    spans: &[Vec<Span>],
    in_mention: &[bool],
    mentions: &[Mention],
) -> Vec<Mention> {
    // A surname two people share goes to the one the document names at
    // least twice as often (`Rajapaksa`, when the story is about Gotabaya
    // and names his brother Mahinda once).
    let named = |e: usize| mentions.iter().filter(|m| m.entity == e).count();
    let dominant = |a: usize, b: usize| {
        let (x, y) = (named(a), named(b));
        if x >= 2 * y.max(1) {
            Some(a)
        } else if y >= 2 * x.max(1) {
            Some(b)
        } else {
            None
        }
    };
    // The surname of each person's name, and the last word of each full
    // name the document writes for them (`Mohammad Javad Zarif` is the
    // gazetteer's `Mohammad Zarif Khonsari`: `Zarif` is his too).
    let canonical = l.entities.iter().enumerate().filter_map(|(i, e)| {
        (e.etype == EntityType::Person)
            .then(|| surname(l.doc, e, &l.names[i]).map(|k| (k, i)))
            .flatten()
    });
    let written = mentions
        .iter()
        .filter(|m| {
            l.entities[m.entity].etype == EntityType::Person
                && m.end - m.start >= 2
                && matches!(
                    m.method,
                    Method::Gazetteer | Method::Alias | Method::Pattern
                )
                && l.doc.is_word(m.end - 1)
        })
        .map(|m| (l.doc.key(m.end - 1), m.entity));
    let mut keys: Vec<(&str, usize)> = canonical.chain(written).collect();
    // By length first: most words then compare without reading a byte.
    let order = |a: &str, b: &str| a.len().cmp(&b.len()).then_with(|| a.cmp(b));
    keys.sort_unstable_by(|a, b| order(a.0, b.0).then(a.1.cmp(&b.1)));
    keys.dedup();
    // Each surname with its owner, in that order: a document has a few
    // dozen.
    let mut surnames: Vec<(&str, usize)> = Vec::new();
    for people in keys.chunk_by(|a, b| a.0 == b.0) {
        let key = people[0].0;
        if key.chars().count() < 3 || l.doc.gaz.has_class(key, WordClass::Pronoun) {
            continue;
        }
        let owner = match people {
            [(_, a)] => Some(*a),
            [(_, a), (_, b)] => dominant(*a, *b),
            _ => None,
        };
        surnames.extend(owner.map(|e| (key, e)));
    }
    let doc = l.doc;
    let mut found = Vec::new();
    if surnames.is_empty() {
        return found;
    }
    // Most capitalised words are ruled out without comparing words.
    let mut owned = WordSketch::new();
    for (key, _) in &surnames {
        owned.insert(key.as_bytes());
    }
    // A lone capitalised word, in no mention or place.
    let mut si = 0;
    for i in doc.capitalized_in(0..doc.tokens.len()) {
        if in_mention[i] || doc.is_capitalized(i + 1) || !owned.may_contain_key(doc.folded, i) {
            continue;
        }
        while sentences[si].end <= i {
            si += 1;
        }
        if spans[si]
            .iter()
            .any(|s| s.covers(i) && matches!(s.source, Source::Place { .. }))
            || (i > sentences[si].start && doc.is_capitalized(i - 1))
        {
            continue;
        }
        let key = doc.key(i);
        if let Ok(k) = surnames.binary_search_by(|(s, _)| order(s, key)) {
            let e = &surnames[k].1;
            found.push(Mention {
                sentence: si,
                start: i,
                end: i + 1,
                entity: *e,
                method: Method::Alias,
                country_hint: None,
                for_body: false,
            });
        }
    }
    found
}

/// The folded surname of a person with a name of two or more words: the
/// last word, or the first where the person's country puts it first
/// (`Wang` of `Wang Yi`; lexicon class `surname_first`).
fn surname<'w>(doc: &Doc, e: &DocEntity, words: &[&'w str]) -> Option<&'w str> {
    if words.len() < 2 {
        return None;
    }
    let first = e
        .country
        .as_deref()
        .is_some_and(|c| doc.gaz.surname_first(c));
    Some(if first {
        words[0]
    } else {
        words[words.len() - 1]
    })
}

/// A surname or partial name: the document person whose name ends with
/// these words (or whose initials match: `H. Hajiyev`).
fn find_full_name(l: &Linker, words: &[&str]) -> Option<usize> {
    let mut best = None;
    for (i, e) in l.entities.iter().enumerate() {
        if e.etype != EntityType::Person {
            continue;
        }
        let ew = &l.names[i];
        let initial = words.len() >= 2 && words[0].chars().count() == 1;
        if ew.len() < words.len() || ew.len() == words.len() && !initial {
            continue;
        }
        let tail = &ew[ew.len() - words.len()..];
        let matches = tail == words
            || (initial
                && tail[1..] == words[1..]
                && tail[0].chars().count() > 1
                && tail[0].starts_with(words[0]));
        let contains = words.len() == 1
            && ew.iter().any(|w| w == &words[0])
            && (ew[0] != words[0] || surname(l.doc, e, ew) == Some(words[0]));
        // `Workneh` of `Workneh Gebeyehu`: a given name alone is the one
        // person of the document who has it (many traditions use it so).
        let given = words.len() == 1 && ew.len() >= 2 && ew[0] == words[0];
        if given && !contains && !matches {
            if best.is_some_and(|b| b != i) {
                return None;
            }
            best = Some(i);
            continue;
        }
        if matches || contains {
            if best.is_some() && best != Some(i) && matches {
                // Two people share the surname: do not guess.
                return None;
            }
            best = Some(i);
        }
    }
    best
}

/// A surname alone links to a gazetteer person only when its own title is an
/// office that exactly one person of that surname held on the document's
/// date (`President Putin`, `Chancellor Scholz`), or when the document names
/// that person's country and role (`The Uzbek president said`).
fn gazetteer_by_surname(
    l: &mut Linker,
    words: &[&str],
    title_role: Option<&str>,
    spans: &[Vec<Span>],
) -> Option<usize> {
    if words.len() != 1 {
        return None;
    }
    let candidates = l.doc.gaz.people_with_surname(words[0]).to_vec();
    let date = l.date;
    let office = title_role
        .and_then(|t| t.split('|').next())
        .filter(|r| OFFICES.contains(r));
    if let Some(role) = office {
        let holders: Vec<u32> = candidates
            .iter()
            .copied()
            .filter(|&g| l.doc.gaz.held_role(g, role, date))
            .collect();
        if let [g] = holders[..] {
            return Some(l.gazetteer_entity(g));
        }
    }
    let mut chosen = None;
    for g in candidates {
        let p = l.doc.gaz.entity(g);
        let Some(country) = p.country.as_deref() else {
            continue;
        };
        // The document must mention the person's country next to a title
        // for a role the person held then.
        let named_in_role = spans.iter().flatten().any(|s| {
            matches!(s.source, Source::Gazetteer { entity, .. } if *l.doc.gaz.entity(entity).id == *country)
                && l.doc.title_at(s.end).is_some_and(|(_, role)| l.doc.gaz.held_role(g, role, date))
        });
        if named_in_role {
            if chosen.is_some() {
                return None;
            }
            chosen = Some(g);
        }
    }
    chosen.map(|g| l.gazetteer_entity(g))
}

/// `NATO Secretary General Mark Rutte`, `UN Secretary-General X`: a title
/// right after the name of a body of no country.
fn acts_for_body(doc: &Doc, s: &Span, spans: &[Span]) -> bool {
    if s.etype != EntityType::Person {
        return false;
    }
    let Some((title, _)) = doc.title_ending_at(s.start) else {
        return false;
    };
    spans.iter().any(|sp| {
        sp.etype == EntityType::Org
            && sp.end == title
            && match sp.source {
                Source::Gazetteer { entity, .. } => doc.gaz.entity(entity).country.is_none(),
                _ => false,
            }
    })
}

/// A country the text gives for a mention: a demonym or country name right
/// before its title (`Israeli Prime Minister X`, `Azerbaijan's Minister ...
/// X`), in its title chain (`Minister ... of Israel X`) or in an apposition
/// after it (`X, Iran's ambassador`).
fn country_hint(
    doc: &Doc,
    s: &Span,
    floor: usize,
    ceil: usize,
    spans: &[Span],
) -> Option<Arc<str>> {
    if s.etype == EntityType::Country {
        return None;
    }
    let country_of = |sp: &Span| -> Option<Arc<str>> {
        match sp.source {
            Source::Gazetteer { entity, .. } => {
                let e = doc.gaz.entity(entity);
                match e.etype {
                    EntityType::Country => Some(e.id.clone()),
                    EntityType::Org => e.country.clone(),
                    EntityType::Person => None,
                }
            }
            Source::Rule if sp.etype == EntityType::Org => org_country(doc, sp),
            Source::Rule | Source::Place { .. } | Source::ShortOrg | Source::Repeated => None,
        }
    };
    // Before: back over the title chain, to the previous punctuation.
    let mut j = s.start;
    let mut before = None;
    while j > floor && s.start - j < 14 {
        let k = j - 1;
        if doc.is_punct(k) && matches!(doc.tok(k), "," | ";" | "." | ":" | "(" | ")" | "“" | "\"")
        {
            break;
        }
        if let Some(sp) = covered(spans, k) {
            if sp.etype == EntityType::Person {
                break;
            }
            // `Yoweri Museveni of Uganda and Thabo Mbeki`: the country of
            // the person before is theirs, and ends the walk.
            let of_person = sp.start >= 2
                && doc.key_is(sp.start - 1, "of")
                && spans.iter().any(|p| {
                    p.etype == EntityType::Person && p.start < sp.start - 1 && sp.start - 1 <= p.end
                });
            if of_person {
                break;
            }
            // `Ambassador of the UK to Azerbaijan X`: the country an
            // envoy is sent to is not theirs.
            let sent_to = sp.start > 0 && doc.key_is(sp.start - 1, "to");
            if before.is_none() && !sent_to {
                before = country_of(sp);
            }
            j = sp.start;
            continue;
        }
        if !(doc.is_capitalized(k)
            || doc.title_at(k).is_some()
            || matches!(
                doc.key(k),
                "of" | "the" | "and" | "to" | "for" | "-" | "foreign" | "minister" | "president"
            ))
        {
            break;
        }
        j = k;
    }
    if before.is_some() && s.etype == EntityType::Person {
        return before;
    }
    // `Sam Nujoma of Namibia`: a person's name, then `of` and a country.
    if s.etype == EntityType::Person && s.end + 1 < ceil && doc.key_is(s.end, "of") {
        let after = spans
            .iter()
            .find(|sp| sp.start == s.end + 1 && sp.etype == EntityType::Country);
        if let Some(c) = after.and_then(country_of) {
            return Some(c);
        }
    }
    // After: `X, Iran's ambassador to Uzbekistan`, `X, foreign minister of North Macedonia`.
    // `X, Canadian Prime Minister Y and ...` lists another person instead.
    let lists_a_person = || {
        let segment_end = (s.end + 1..ceil)
            .find(|&k| doc.is_punct(k) && matches!(doc.tok(k), "," | ";" | "." | "("))
            .unwrap_or(ceil);
        spans
            .iter()
            .any(|sp| sp.etype == EntityType::Person && sp.start > s.end && sp.start < segment_end)
    };
    if s.end < ceil && doc.tok(s.end) == "," && !lists_a_person() {
        let mut k = s.end + 1;
        let mut saw_title = false;
        while k < ceil
            && k - s.end < 14
            && !(doc.is_punct(k) && matches!(doc.tok(k), "," | ";" | "." | "("))
        {
            if let Some(sp) = covered(spans, k) {
                if sp.etype == EntityType::Person {
                    break;
                }
                // `Iran's ambassador`: the country before the title counts;
                // `ambassador to Uzbekistan`: the one after `to` does not.
                let prev = if sp.start > 0 {
                    doc.key(sp.start - 1)
                } else {
                    ""
                };
                if prev != "to" {
                    if let Some(c) = country_of(sp) {
                        if saw_title
                            || doc.tokens[sp.end - 1].possessive
                            || doc.title_at(sp.end).is_some()
                        {
                            return Some(c);
                        }
                    }
                }
                k = sp.end;
                continue;
            }
            if doc.title_at(k).is_some() {
                saw_title = true;
            }
            k += 1;
        }
    }
    before
}

/// The country of an organisation found by rule: the first country named
/// inside it (`US House of Representatives Committee`).
fn org_country(doc: &Doc, s: &Span) -> Option<Arc<str>> {
    let mut i = s.start;
    while i < s.end {
        if let Some((end, entries)) = doc.gaz.names.longest_at(doc.folded, i) {
            if end <= s.end {
                for e in entries {
                    let ent = doc.gaz.entity(e.entity);
                    if ent.etype == EntityType::Country && e.surface != Surface::Capital {
                        return Some(ent.id.clone());
                    }
                    if ent.etype == EntityType::Org && ent.country.is_some() {
                        return ent.country.clone();
                    }
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    None
}

/// Who a role phrase stands for.
enum RoleTarget {
    /// A person of the document.
    Named(usize),
    /// The gazetteer person in that office on the document's date.
    Holder(u32),
}

/// How the mentions before pass 3 name each entity: role phrases ask it of
/// every person of the document, once per title, so it is counted once.
struct Named {
    /// The first token of each entity's first mention (`usize::MAX`: none).
    first: Vec<usize>,
    /// How many mentions each entity has.
    count: Vec<usize>,
}

impl Named {
    fn new(mentions: &[Mention], entities: usize) -> Named {
        let mut named = Named {
            first: vec![usize::MAX; entities],
            count: vec![0; entities],
        };
        for m in mentions {
            named.first[m.entity] = named.first[m.entity].min(m.start);
            named.count[m.entity] += 1;
        }
        named
    }

    /// Whether entity `e` is mentioned before token `at`.
    fn before(&self, e: usize, at: usize) -> bool {
        self.first.get(e).is_some_and(|&f| f < at)
    }

    fn count(&self, e: usize) -> usize {
        self.count.get(e).copied().unwrap_or(0)
    }
}

/// The mention covering token `k` of mentions sorted by their start that do
/// not overlap.
fn mention_at(mentions: &[Mention], k: usize) -> Option<&Mention> {
    let after = mentions.partition_point(|m| m.start <= k);
    after
        .checked_sub(1)
        .map(|i| &mentions[i])
        .filter(|m| k < m.end)
}

/// A role phrase (`the head of state`, `the U.S. President`, `the FM`,
/// `Mr. President`) not followed by a name: the person the document names
/// in that role. Returns the end of the title, the entity and the country
/// named before the title.
/// A title whose last word is a plural of a person noun (`ministers`,
/// `presidents`; not `Minister of Foreign Affairs`).
fn plural_title(doc: &Doc, title_end: usize) -> bool {
    let last = doc.key(title_end - 1);
    ["ers", "ents", "ors", "ives", "ials", "ies"]
        .iter()
        .any(|end| last.len() > 4 && last.ends_with(end))
}

fn role_reference(
    l: &Linker,
    mentions: &[Mention],
    named: &Named,
    floor: usize,
    title_start: usize,
    title_end: usize,
    role: &str,
) -> Option<(usize, RoleTarget, Option<Arc<str>>)> {
    let doc = l.doc;
    // `Mr. President`: the title after the honorific says the role.
    let (role, title_end) = if role == "honorific" {
        let (end, role) = doc.title_at(title_end)?;
        (role, end)
    } else {
        (role, title_end)
    };
    let honorific = doc
        .title_at(title_start)
        .is_some_and(|(_, r)| r == "honorific");
    // Followed by a name: a title, not a reference.
    if title_end < doc.tokens.len()
        && doc.is_capitalized(title_end)
        && !doc.tokens[title_end].line_break_before
        && !doc.has_class(title_end, WordClass::Stop)
    {
        return None;
    }
    if title_end < doc.tokens.len() && doc.key_in(title_end, &["of", "to", "for"]) {
        return None;
    }
    // `the French and Saudi foreign ministers`: a plural title stands for
    // several people, none of whom it names.
    if plural_title(doc, title_end) {
        return None;
    }
    // What stands before the title: `the`, a country, `the country's`.
    let mut country = None;
    let mut j = title_start;
    let mut determined = honorific;
    while j > floor && title_start - j < 5 {
        let k = j - 1;
        if let Some(m) = mention_at(mentions, k) {
            let e = &l.entities[m.entity];
            if e.etype == EntityType::Country {
                country = Some(e.id.clone());
                j = m.start;
                continue;
            }
            break;
        }
        match doc.key(k) {
            "the" | "his" | "her" | "its" | "their" => {
                determined = true;
                break;
            }
            "country" | "two" => j = k,
            _ => break,
        }
    }
    if !determined && country.is_none() {
        return None;
    }
    // Offices match by role, other titles by their words (`=spokesperson`).
    let office = OFFICES.contains(&role);
    let mut title_words = String::new();
    if !office {
        title_words.push('=');
        doc.push_words(title_start, title_end, &mut title_words);
    }
    let candidates: Vec<usize> = (0..l.entities.len())
        .filter(|&i| {
            let e = &l.entities[i];
            e.etype == EntityType::Person
                && named.before(i, title_start)
                && (e
                    .roles
                    .iter()
                    .any(|r| if office { r == role } else { *r == title_words })
                    || e.gazetteer
                        .is_some_and(|g| doc.gaz.held_role(g, role, l.date)))
                // A person of no known country may hold the country's office.
                && (country.is_none() || e.country.is_none() || e.country == country)
        })
        .collect();
    // Prefer the person named most often; `Mr. President` in a sentence that
    // names one president means the other.
    let same_sentence: Vec<usize> = mentions
        .iter()
        .filter(|m| m.start >= floor && m.start < title_start)
        .map(|m| m.entity)
        .collect();
    let pick = candidates
        .iter()
        .copied()
        .filter(|c| !same_sentence.contains(c) || candidates.len() == 1)
        .max_by_key(|&c| (named.count(c), std::cmp::Reverse(c)));
    if let Some(pick) = pick {
        return Some((title_end, RoleTarget::Named(pick), country));
    }
    // `the U.S. President` that the document does not name: whoever held
    // the office on the document's date.
    let (Some(code), Some(date)) = (country.as_deref(), l.date) else {
        return None;
    };
    if !office {
        return None;
    }
    match doc.gaz.holders(code, role, date)[..] {
        [g] => Some((title_end, RoleTarget::Holder(g), country)),
        _ => None,
    }
}

/// The antecedent of a personal pronoun: the last person named before it.
fn pronoun_antecedent(
    l: &Linker,
    mentions: &[Mention],
    extra: &[Mention],
    at: usize,
    subject: bool,
) -> Option<usize> {
    let people = || {
        mentions
            .iter()
            .chain(extra)
            .filter(|m| m.end <= at && l.entities[m.entity].etype == EntityType::Person)
    };
    let last = people().max_by_key(|m| m.start)?;
    if !subject {
        return Some(last.entity);
    }
    // `Yang met Sonia Gandhi. He met Prime Minister Manmohan Singh.`: a
    // pronoun that opens a sentence carries on its subject, the first
    // person of the last sentence that names one.
    people()
        .filter(|m| m.sentence == last.sentence)
        .min_by_key(|m| m.start)
        .map(|m| m.entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_agree_on_the_fathers_name_where_both_give_one() {
        assert!(patronyms_agree(
            &["hamad", "bin", "khalifa"],
            &["hamad", "ibn", "khalifa"]
        ));
        assert!(patronyms_agree(
            &["hamad", "bin", "khalifa"],
            &["hamad", "bin", "khalifah"]
        ));
        assert!(!patronyms_agree(
            &["hamad", "bin", "khalifa"],
            &["hamad", "bin", "abdallah"]
        ));
        // One name without a father's name agrees with any.
        assert!(patronyms_agree(
            &["hamad", "thani"],
            &["hamad", "bin", "abdallah"]
        ));
    }

    #[test]
    fn whitespace_runs_become_one_space() {
        for (raw, clean) in [
            ("Antony J. Blinken", "Antony J. Blinken"),
            ("Antony\nJ.  Blinken ", "Antony J. Blinken"),
            ("Hakan\u{a0}Fidan", "Hakan Fidan"),
            ("\tHakan Fidan", "Hakan Fidan"),
            ("Hakan\x0bFidan", "Hakan Fidan"),
            ("Hakan\x0cFidan\r", "Hakan Fidan"),
        ] {
            assert_eq!(one_spaced(raw), clean);
        }
    }

    #[test]
    fn near_names() {
        assert!(near("hikmet", "hikmat"));
        assert!(!near("hikmet", "rahmat"));
        assert!(swapped("jaishnakar", "jaishankar"));
        assert!(!swapped("jaishankar", "jaishankar"));
        assert!(!swapped("jaishnakra", "jaishankar"));
    }
}
