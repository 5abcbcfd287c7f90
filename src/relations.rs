//! Stage 6, relations: linked mentions and trigger phrases in, relations out.
//!
//! Triggers come from `triggers.csv` (data a user can extend). Meetings and
//! calls are events: a sentence with a meeting trigger opens one with the
//! people (and, where a side names no person, the organisations) in it; a
//! sentence such as `During the meeting, X said` adds X to the last event.
//! Every pair of participants on different sides meets: sides are the
//! participants' countries where known, else their place before or after the
//! trigger. Sentences that report a meeting as planned, cancelled or denied,
//! or a letter, give none. Country relations come from explicit phrases
//! (`Azerbaijan-U.S. relations`, `cooperation between A and B`, `ties with
//! A and B`), conflict words with two countries, visits, and meetings
//! between people acting for two countries.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::discover::Doc;
use crate::gazetteer::{EntityType, Trigger, TriggerClass};
use crate::resolve::{DocEntity, Mention};
use crate::tokenize::Sentence;

/// The relation types of `relations.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationType {
    Meet,
    Call,
    Visit,
    CountryRelation,
}

impl RelationType {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationType::Meet => "MEET",
            RelationType::Call => "CALL",
            RelationType::Visit => "VISIT",
            RelationType::CountryRelation => "COUNTRY_RELATION",
        }
    }
}

/// One relation, stated in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub sentence: usize,
    pub relation: RelationType,
    pub kind: String,
    pub source: usize,
    pub target: usize,
    /// Token range of the trigger in the document.
    pub trigger: (usize, usize),
    pub date: Option<String>,
}

struct Found<'g> {
    start: usize,
    end: usize,
    trigger: &'g Trigger,
}

#[derive(Debug, Clone)]
struct Participant {
    entity: usize,
    country: Option<String>,
    group: u8,
    is_org: bool,
}

struct Event {
    relation: RelationType,
    participants: Vec<Participant>,
    sentence: usize,
    trigger: (usize, usize),
    /// Pairs already emitted.
    emitted: BTreeSet<(usize, usize)>,
}

/// Extracts the relations of one document.
pub fn extract(
    doc: &Doc,
    sentences: &[Sentence],
    mentions: &[Mention],
    entities: &[DocEntity],
    date: Option<&str>,
) -> Vec<Relation> {
    let mut out = Vec::new();
    let mut event: Option<Event> = None;
    let mut last_country: Option<usize> = None;
    for (si, sent) in sentences.iter().enumerate() {
        let ms: Vec<&Mention> = mentions.iter().filter(|m| m.sentence == si).collect();
        let triggers = find_triggers(doc, sent, &ms);
        let has = |c: TriggerClass| triggers.iter().any(|t| t.trigger.relation == c);
        let sentence_date = sentence_date(doc, sent, date);
        let ctx = Ctx {
            doc,
            entities,
            si,
            date: sentence_date.clone(),
        };

        let meet = triggers
            .iter()
            .find(|t| matches!(t.trigger.relation, TriggerClass::Meet | TriggerClass::Call));
        if let Some(t) = meet.filter(|_| !has(TriggerClass::Block)) {
            let relation =
                if t.trigger.relation == TriggerClass::Call || has(TriggerClass::CallMode) {
                    RelationType::Call
                } else {
                    RelationType::Meet
                };
            let found = participants(doc, &ms, entities, t);
            // `During the meeting, X said`: X joins the last meeting; a
            // sentence that names both sides of its own meeting starts one.
            let continues = has(TriggerClass::Continue) && event.is_some() && found.len() < 2;
            if continues {
                let ev = event.as_mut().unwrap();
                add_people(ev, found);
                emit_event(&ctx, ev, &mut out);
            } else {
                let mut ev = Event {
                    relation,
                    participants: found,
                    sentence: si,
                    trigger: (t.start, t.end),
                    emitted: BTreeSet::new(),
                };
                emit_event(&ctx, &mut ev, &mut out);
                event = Some(ev);
            }
            // A sentence with both a meeting and a call (`meetings and
            // telephone talks`) states both.
            if relation == RelationType::Meet
                && has(TriggerClass::Call)
                && !has(TriggerClass::CallMode)
            {
                if let Some(c) = triggers
                    .iter()
                    .find(|t| t.trigger.relation == TriggerClass::Call)
                {
                    let mut ev = Event {
                        relation: RelationType::Call,
                        participants: participants(doc, &ms, entities, c),
                        sentence: si,
                        trigger: (c.start, c.end),
                        emitted: BTreeSet::new(),
                    };
                    emit_event(&ctx, &mut ev, &mut out);
                }
            }
        } else if let Some(c) = triggers
            .iter()
            .find(|t| t.trigger.relation == TriggerClass::Continue)
        {
            if let Some(ev) = event.as_mut().filter(|ev| si - ev.sentence <= 3) {
                let people = participants(doc, &ms, entities, c)
                    .into_iter()
                    .filter(|p| !p.is_org)
                    .collect();
                add_people(ev, people);
                // This sentence and its trigger are the evidence of what it
                // adds; the event keeps its own for later sentences.
                let saved = (ev.sentence, ev.trigger);
                (ev.sentence, ev.trigger) = (si, (c.start, c.end));
                emit_event(&ctx, ev, &mut out);
                (ev.sentence, ev.trigger) = saved;
            }
        }
        if has(TriggerClass::Visit) {
            visits(&ctx, &ms, &triggers, &mut out);
        }
        if has(TriggerClass::Relation) {
            country_relations(&ctx, &ms, &triggers, last_country, &mut out);
        }
        if let Some(m) = ms
            .iter()
            .rev()
            .find(|m| entities[m.entity].etype == EntityType::Country)
        {
            last_country = Some(m.entity);
        }
    }
    dedupe(out)
}

struct Ctx<'a, 'd> {
    doc: &'a Doc<'d>,
    entities: &'a [DocEntity],
    si: usize,
    date: Option<String>,
}

fn find_triggers<'g>(doc: &'g Doc, sent: &Sentence, ms: &[&Mention]) -> Vec<Found<'g>> {
    let mut out = Vec::new();
    let mut i = sent.start;
    while i < sent.end {
        if let Some((end, ts)) = doc.gaz.triggers.longest_at(doc.folded, i) {
            let inside_name = ms.iter().any(|m| m.start <= i && i < m.end);
            if end <= sent.end && !inside_name {
                for t in ts {
                    out.push(Found {
                        start: i,
                        end,
                        trigger: t,
                    });
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn country_of(entities: &[DocEntity], m: &Mention) -> Option<String> {
    let e = &entities[m.entity];
    match e.etype {
        EntityType::Country => Some(e.id.clone()),
        _ => m.country_hint.clone().or_else(|| e.country.clone()),
    }
}

/// The people and organisations of a meeting sentence, with their side.
fn participants(doc: &Doc, ms: &[&Mention], entities: &[DocEntity], t: &Found) -> Vec<Participant> {
    // `meetings between A and B`: the sides split at the first `and`
    // after the first participant.
    let between = doc.key(t.end - 1) == "between";
    let first_after = ms.iter().find(|m| m.start >= t.end).map(|m| m.end);
    let split = if between {
        first_after
            .and_then(|from| (from..doc.tokens.len()).find(|&i| doc.key(i) == "and"))
            .unwrap_or(t.end)
    } else {
        t.start
    };
    let mut out: Vec<Participant> = Vec::new();
    for m in ms {
        let e = &entities[m.entity];
        if e.etype == EntityType::Country {
            continue;
        }
        if out.iter().any(|p| p.entity == m.entity) || is_news_source(doc, m) {
            continue;
        }
        out.push(Participant {
            entity: m.entity,
            country: country_of(entities, m),
            group: u8::from(m.start >= split),
            is_org: e.etype == EntityType::Org,
        });
    }
    out
}

/// `Report informs`, `told News.Az`, `according to the Saudi Press Agency`:
/// the outlet that reports a meeting takes no part in it.
fn is_news_source(doc: &Doc, m: &Mention) -> bool {
    let after =
        m.end < doc.tokens.len() && doc.has_class(m.end, crate::gazetteer::WordClass::MediaAfter);
    let before = (m.start >= 1 && doc.key(m.start - 1) == "told")
        || (m.start >= 2 && doc.key(m.start - 2) == "according" && doc.key(m.start - 1) == "to")
        || (m.start >= 3 && doc.key(m.start - 3) == "according" && doc.key(m.start - 1) == "the");
    after || before || doc.tok(m.start).contains('.')
}

fn add_people(ev: &mut Event, people: Vec<Participant>) {
    for p in people {
        if !ev.participants.iter().any(|q| q.entity == p.entity) {
            ev.participants.push(p);
        }
    }
}

fn same_side(a: &Participant, b: &Participant) -> bool {
    match (&a.country, &b.country) {
        (Some(x), Some(y)) => x == y,
        _ => a.group == b.group,
    }
}

/// Emits the pairs of an event not emitted yet.
fn emit_event(ctx: &Ctx, ev: &mut Event, out: &mut Vec<Relation>) {
    let ps = &ev.participants;
    let counts = |p: &Participant| !p.is_org || !ps.iter().any(|q| !q.is_org && same_side(p, q));
    let active: Vec<&Participant> = ps.iter().filter(|p| counts(p)).collect();
    for (i, a) in active.iter().enumerate() {
        for b in &active[i + 1..] {
            if same_side(a, b) || a.is_org && b.is_org && active.iter().any(|p| !p.is_org) {
                continue;
            }
            let key = (a.entity.min(b.entity), a.entity.max(b.entity));
            if !ev.emitted.insert(key) {
                continue;
            }
            out.push(Relation {
                sentence: ev.sentence,
                relation: ev.relation,
                kind: String::new(),
                source: a.entity,
                target: b.entity,
                trigger: ev.trigger,
                date: ctx.date.clone(),
            });
            if let (Some(x), Some(y)) = (&a.country, &b.country) {
                if x != y {
                    if let (Some(cx), Some(cy)) = (
                        country_entity(ctx.entities, x),
                        country_entity(ctx.entities, y),
                    ) {
                        out.push(Relation {
                            sentence: ev.sentence,
                            relation: RelationType::CountryRelation,
                            kind: "cooperation".into(),
                            source: cx,
                            target: cy,
                            trigger: ev.trigger,
                            date: ctx.date.clone(),
                        });
                    }
                }
            }
        }
    }
}

/// The document entity of a country, by its id.
fn country_entity(entities: &[DocEntity], id: &str) -> Option<usize> {
    entities
        .iter()
        .position(|e| e.etype == EntityType::Country && e.id == id)
}

/// `the visit of Vice President X to Azerbaijan`, `X, who is on an official
/// visit to the United States`: the visitor's country relates to the host.
fn visits(ctx: &Ctx, ms: &[&Mention], triggers: &[Found], out: &mut Vec<Relation>) {
    let doc = ctx.doc;
    for t in triggers
        .iter()
        .filter(|t| t.trigger.relation == TriggerClass::Visit)
    {
        let dest = ms.iter().find(|m| {
            m.start >= t.end
                && m.start <= t.end + 8
                && ctx.entities[m.entity].etype == EntityType::Country
                && (m.start >= 1 && matches!(doc.key(m.start - 1), "to" | "in")
                    || m.start >= 2
                        && doc.key(m.start - 1) == "the"
                        && matches!(doc.key(m.start - 2), "to" | "in"))
        });
        let Some(dest) = dest else { continue };
        let dest_id = ctx.entities[dest.entity].id.clone();
        let visitor = ms
            .iter()
            .filter(|m| ctx.entities[m.entity].etype == EntityType::Person)
            .filter(|m| country_of(ctx.entities, m).is_some_and(|c| c != dest_id))
            .min_by_key(|m| m.start.abs_diff(t.start));
        let Some(visitor) = visitor else { continue };
        out.push(Relation {
            sentence: ctx.si,
            relation: RelationType::Visit,
            kind: String::new(),
            source: visitor.entity,
            target: dest.entity,
            trigger: (t.start, t.end),
            date: ctx.date.clone(),
        });
        if let Some(c) =
            country_of(ctx.entities, visitor).and_then(|c| country_entity(ctx.entities, &c))
        {
            out.push(Relation {
                sentence: ctx.si,
                relation: RelationType::CountryRelation,
                kind: "cooperation".into(),
                source: c,
                target: dest.entity,
                trigger: (t.start, t.end),
                date: ctx.date.clone(),
            });
        }
    }
}

/// Country pairs from explicit relation phrases in one sentence.
fn country_relations(
    ctx: &Ctx,
    ms: &[&Mention],
    triggers: &[Found],
    last_country: Option<usize>,
    out: &mut Vec<Relation>,
) {
    let doc = ctx.doc;
    let countries: Vec<&Mention> = ms
        .iter()
        .copied()
        .filter(|m| ctx.entities[m.entity].etype == EntityType::Country)
        .collect();
    let rel: Vec<&Found> = triggers
        .iter()
        .filter(|t| t.trigger.relation == TriggerClass::Relation)
        .collect();
    let kind = if rel.iter().any(|t| t.trigger.kind == "conflict") {
        "conflict"
    } else {
        rel[0].trigger.kind.as_str()
    };
    let trigger = (rel[0].start, rel[0].end);
    let mut pairs: Vec<(usize, usize)> = Vec::new();

    // `Azerbaijan-U.S. relations`, `Azerbaijan-the United States`.
    for w in countries.windows(2) {
        let (a, b) = (w[0], w[1]);
        let gap: Vec<&str> = (a.end..b.start).map(|i| doc.key(i)).collect();
        if matches!(gap.as_slice(), ["-"] | ["-", "the"] | ["/"]) {
            pairs.push((a.entity, b.entity));
        }
    }
    // `between A and B`, `between A, X and B`.
    for i in ctx_range(doc, ms, triggers) {
        if doc.key(i) == "between"
            || doc.key(i) == "with" && rel.iter().any(|t| t.end == i || t.end + 1 == i)
        {
            let listed: Vec<usize> = countries_after(doc, &countries, i + 1);
            if doc.key(i) == "between" {
                for x in 0..listed.len() {
                    for y in x + 1..listed.len() {
                        pairs.push((listed[x], listed[y]));
                    }
                }
            } else if !listed.is_empty() {
                // `its ties with A and B`: the other side is the country
                // named before, or the one the sentence's `its` refers to.
                let subject = countries
                    .iter()
                    .rev()
                    .find(|m| m.end <= i && !listed.contains(&m.entity))
                    .map(|m| m.entity)
                    .or_else(|| {
                        let sentence_start = ms.first().map(|m| m.start).unwrap_or(i);
                        (sentence_start.saturating_sub(3)..i)
                            .any(|k| matches!(doc.key(k), "its" | "our"))
                            .then_some(last_country)
                            .flatten()
                    });
                if let Some(s) = subject {
                    for &l in &listed {
                        pairs.push((s, l));
                    }
                }
            }
        }
    }
    // Conflict words with exactly two countries.
    if pairs.is_empty() && kind == "conflict" {
        let distinct: BTreeSet<usize> = countries.iter().map(|m| m.entity).collect();
        if distinct.len() == 2 {
            let v: Vec<usize> = distinct.into_iter().collect();
            pairs.push((v[0], v[1]));
        }
    }
    for (a, b) in pairs {
        if a != b {
            out.push(Relation {
                sentence: ctx.si,
                relation: RelationType::CountryRelation,
                kind: kind.to_string(),
                source: a,
                target: b,
                trigger,
                date: ctx.date.clone(),
            });
        }
    }
}

fn ctx_range(doc: &Doc, ms: &[&Mention], triggers: &[Found]) -> std::ops::Range<usize> {
    let start = ms
        .iter()
        .map(|m| m.start)
        .chain(triggers.iter().map(|t| t.start))
        .min()
        .unwrap_or(0);
    let end = ms
        .iter()
        .map(|m| m.end)
        .chain(triggers.iter().map(|t| t.end))
        .max()
        .unwrap_or(0);
    start.saturating_sub(3)..end.min(doc.tokens.len())
}

/// Countries listed right after token `from`: `A and B`, `A, X, and B`,
/// `both A and B`; the list ends at a clause boundary.
fn countries_after(doc: &Doc, countries: &[&Mention], from: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = from;
    let limit = (from + 12).min(doc.tokens.len());
    while i < limit {
        if let Some(m) = countries.iter().find(|m| m.start == i) {
            if !out.contains(&m.entity) {
                out.push(m.entity);
            }
            i = m.end;
            continue;
        }
        let k = doc.key(i);
        if matches!(
            k,
            "." | ";"
                | ":"
                | "("
                | "as"
                | "which"
                | "that"
                | "in"
                | "on"
                | "over"
                | "since"
                | "to"
                | "is"
                | "was"
                | "will"
        ) {
            break;
        }
        i += 1;
    }
    out
}

fn month_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:on|of)\s+(?:(\d{1,2})\s+([A-Za-z]{3,9})|([A-Za-z]{3,9})\s+(\d{1,2}))(?:,?\s+(\d{4}))?\b").unwrap()
    })
}

/// The date a sentence gives its event (`On January 31`, `on the afternoon
/// of November 9, 2017`), with the document's year when it names none; else
/// the document's date.
fn sentence_date(doc: &Doc, sent: &Sentence, doc_date: Option<&str>) -> Option<String> {
    if sent.start >= sent.end {
        return doc_date.map(str::to_string);
    }
    let text = &doc.text[doc.tokens[sent.start].start..doc.tokens[sent.end - 1].end];
    if let Some(c) = month_regex().captures(text) {
        let (day, month) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
            (Some(d), Some(m), _, _) => (d.as_str(), m.as_str()),
            (_, _, Some(m), Some(d)) => (d.as_str(), m.as_str()),
            _ => return doc_date.map(str::to_string),
        };
        let year = c
            .get(5)
            .map(|y| y.as_str().to_string())
            .or_else(|| doc_date.map(|d| d[..4].to_string()));
        if let (Some(m), Some(y), Ok(d)) =
            (crate::read::month_number(month), year, day.parse::<u32>())
        {
            if (1..=31).contains(&d) {
                return Some(format!("{y}-{m:02}-{d:02}"));
            }
        }
    }
    doc_date.map(str::to_string)
}

/// One row per sentence, relation and unordered pair.
fn dedupe(mut rels: Vec<Relation>) -> Vec<Relation> {
    let mut seen = BTreeSet::new();
    rels.retain(|r| {
        let (a, b) = if r.relation == RelationType::Visit {
            (r.source, r.target)
        } else {
            (r.source.min(r.target), r.source.max(r.target))
        };
        seen.insert((r.sentence, r.relation, a, b))
    });
    rels.sort_by_key(|r| (r.sentence, r.trigger.0, r.relation, r.source, r.target));
    rels
}
