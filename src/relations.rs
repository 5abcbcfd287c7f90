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

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::OnceLock;

use regex::Regex;

use crate::doc::Doc;
use crate::gazetteer::{EntityType, Trigger, TriggerClass, WordClass};
use crate::resolve::{DocEntity, Mention, PlaceMention};
use crate::swar;
use crate::tokenize::Sentence;

/// The relation types of `relations.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// `They also had a joint meeting with X`, `The two ministers then met
/// Y`: a sentence whose subject is the sides of the last meeting, named
/// by no one before its trigger.
fn subject_is_the_last_sides(
    doc: &Doc,
    sent: &Sentence,
    ms: &[&Mention],
    entities: &[DocEntity],
    t: &Found,
) -> bool {
    let named_before = ms
        .iter()
        .any(|m| m.end <= t.start && entities[m.entity].etype != EntityType::Country);
    let i = sent.start;
    let plural = doc.key_in(i, &["they", "both"])
        || doc.key_is(i, "the") && i + 1 < sent.end && doc.key_in(i + 1, &["two", "sides"]);
    !named_before && plural
}

#[derive(Debug, Clone)]
struct Participant {
    entity: usize,
    country: Option<Arc<str>>,
    group: u8,
    is_org: bool,
    /// Named after a meeting verb that takes its guests as objects (`X met
    /// A and B`, `received A and B`): the guests each meet the subject, not
    /// each other, unless the sentence says the meeting was joint.
    guest: bool,
}

struct Event {
    relation: RelationType,
    participants: Vec<Participant>,
    sentence: usize,
    trigger: (usize, usize),
    /// Pairs already emitted.
    emitted: BTreeSet<(usize, usize)>,
    /// Its relations, held until the event is over: a person named later
    /// on an organisation's side takes the organisation's place.
    rows: Vec<Relation>,
}

impl Participant {
    /// The participant as a side of a new meeting that meets the guests
    /// after its verb.
    fn as_host(&self) -> Participant {
        Participant {
            guest: false,
            group: 0,
            ..self.clone()
        }
    }
}

impl Event {
    fn finish(self, out: &mut Vec<Relation>) {
        let ps = &self.participants;
        let replaced: Vec<usize> = ps
            .iter()
            .filter(|p| p.is_org && ps.iter().any(|q| !q.is_org && same_side(p, q)))
            .map(|p| p.entity)
            .collect();
        out.extend(self.rows.into_iter().filter(|r| {
            r.relation == RelationType::CountryRelation
                || !(replaced.contains(&r.source) || replaced.contains(&r.target))
        }));
    }
}

/// Extracts the relations of one document.
pub fn extract(
    doc: &Doc,
    sentences: &[Sentence],
    mentions: &[Mention],
    places: &[PlaceMention],
    entities: &[DocEntity],
    date: Option<&str>,
) -> Vec<Relation> {
    let mut out = Vec::new();
    let mut event: Option<Event> = None;
    let mut last_country: Option<usize> = None;
    let home = home_country(mentions, entities);
    // Each sentence's mentions are a run of them: resolve gives them in
    // text order; a caller that does not has them put in sentence order
    // (stable, so each sentence's keep their order).
    let mut all: Vec<&Mention> = mentions.iter().collect();
    if !all.windows(2).all(|w| w[0].sentence <= w[1].sentence) {
        all.sort_by_key(|m| m.sentence);
    }
    let mut rest = &all[..];
    let mut triggers = Vec::new();
    for (si, sent) in sentences.iter().enumerate() {
        let n = rest.iter().take_while(|m| m.sentence == si).count();
        let ms;
        (ms, rest) = rest.split_at(n);
        find_triggers(doc, sent, ms, &mut triggers);
        // Most sentences have no trigger: they only name the last country.
        if triggers.is_empty() {
            note_last_country(ms, entities, &mut last_country);
            continue;
        }
        let has = |c: TriggerClass| triggers.iter().any(|t| t.trigger.relation == c);
        let ctx = Ctx {
            doc,
            entities,
            si,
            date: OnceCell::new(),
            sentence: sent,
            doc_date: date,
            home,
        };

        let meet = meeting_trigger(doc, sent, ms, entities, &triggers);
        if let Some(t) = meet {
            meeting_sentence(&ctx, ms, &triggers, t, &mut event, &mut out);
        } else if let Some(c) = triggers
            .iter()
            .find(|t| t.trigger.relation == TriggerClass::Continue)
        {
            continue_meeting(&ctx, ms, c, &mut event);
        }
        if has(TriggerClass::Visit) {
            let ps: Vec<&PlaceMention> = places.iter().filter(|p| p.sentence == si).collect();
            visits(&ctx, ms, &ps, &triggers, &mut out);
        }
        if has(TriggerClass::Relation) {
            // The countries whose people meet in this sentence.
            let sides: BTreeSet<&str> = match (meet, event.as_ref()) {
                (Some(_), Some(ev)) => ev
                    .participants
                    .iter()
                    .filter_map(|p| p.country.as_deref())
                    .collect(),
                _ => BTreeSet::new(),
            };
            let met = meet.map(|_| &sides);
            country_relations(&ctx, ms, &triggers, last_country, met, &mut out);
        }
        note_last_country(ms, entities, &mut last_country);
    }
    if let Some(done) = event {
        done.finish(&mut out);
    }
    dedupe(out)
}

/// The trigger of the meeting or call a sentence reports: the first
/// meeting or call word (a `direct` one only with its guest after it), or
/// else the mode alone (`talked with X by telephone`); none when the
/// sentence reports it as not having happened.
fn meeting_trigger<'t, 'g>(
    doc: &Doc,
    sent: &Sentence,
    ms: &[&Mention],
    entities: &[DocEntity],
    triggers: &'t [Found<'g>],
) -> Option<&'t Found<'g>> {
    triggers
        .iter()
        .filter(|t| matches!(t.trigger.relation, TriggerClass::Meet | TriggerClass::Call))
        .find(|t| match t.trigger.kind.as_str() {
            "direct" => takes_guest(doc, ms, entities, t),
            "pair" => {
                after_two_sides(doc, ms, entities, t) || with_a_person_after(doc, ms, entities, t)
            }
            // Only where no other word reports the meeting (below).
            "opener" => false,
            _ => true,
        })
        .or_else(|| {
            triggers.iter().find(|t| {
                t.trigger.kind == "opener" && opens_before_two_people(doc, sent, ms, entities, t)
            })
        })
        .or_else(|| {
            triggers
                .iter()
                .find(|t| t.trigger.relation == TriggerClass::CallMode)
        })
        .filter(|t| !blocked(doc, triggers, t) && !after_a_modal(doc, t))
}

/// `will later meet with`, `would then hold talks`: a modal verb, and at
/// most one adverb, right before the trigger make it a plan.
fn after_a_modal(doc: &Doc, t: &Found) -> bool {
    let modal = |i: usize| doc.key_in(i, &["will", "would", "shall"]);
    let adverb = |i: usize| {
        doc.key_in(
            i,
            &["later", "also", "then", "soon", "first", "next", "again"],
        )
    };
    t.start >= 1 && modal(t.start - 1) || t.start >= 2 && adverb(t.start - 1) && modal(t.start - 2)
}

/// A sentence that reports a meeting or call at trigger `t`: a new event,
/// or more people for the last one (`During the meeting, X said`); the
/// event before a new one is finished into `out`.
fn meeting_sentence(
    ctx: &Ctx,
    ms: &[&Mention],
    triggers: &[Found],
    t: &Found,
    event: &mut Option<Event>,
    out: &mut Vec<Relation>,
) {
    let (doc, entities, si) = (ctx.doc, ctx.entities, ctx.si);
    let has = |c: TriggerClass| triggers.iter().any(|t| t.trigger.relation == c);
    // `received a phone call from`, `held a telephone conversation`: the
    // call right after the verb is what happened.
    let call_object = triggers.iter().any(|c| {
        c.trigger.relation == TriggerClass::Call
            && c.start >= t.end
            && (t.end..c.start).all(|i| doc.key_in(i, &["a", "an", "the"]))
    });
    let relation =
        if t.trigger.relation != TriggerClass::Meet || has(TriggerClass::CallMode) || call_object {
            RelationType::Call
        } else {
            RelationType::Meet
        };
    let mut found = participants(ctx, ms, t);
    unnamed_officials(ctx, ms, &found, t, out);
    if let Some(ev) = event.as_ref().filter(|ev| si - ev.sentence <= 3) {
        if subject_is_the_last_sides(doc, ctx.sentence, ms, entities, t) {
            found.splice(0..0, ev.participants.iter().map(Participant::as_host));
        }
    }
    // `During the meeting, X said`: X joins the last meeting; a sentence
    // that names both sides of its own meeting starts one.
    let continues = has(TriggerClass::Continue) && event.is_some() && found.len() < 2;
    if continues {
        let ev = event.as_mut().unwrap();
        add_people(ev, found);
        emit_event(ctx, ev);
    } else {
        let mut ev = Event {
            relation,
            participants: found,
            sentence: si,
            trigger: (t.start, t.end),
            emitted: BTreeSet::new(),
            rows: Vec::new(),
        };
        emit_event(ctx, &mut ev);
        if let Some(done) = event.replace(ev) {
            done.finish(out);
        }
    }
    // A sentence with both a meeting and a call (`meetings and telephone
    // talks`) states both.
    if relation == RelationType::Meet && has(TriggerClass::Call) && !has(TriggerClass::CallMode) {
        if let Some(c) = triggers.iter().find(|t| {
            t.trigger.relation == TriggerClass::Call
                && (t.trigger.kind != "direct" || takes_guest(doc, ms, entities, t))
        }) {
            let mut ev = Event {
                relation: RelationType::Call,
                participants: participants(ctx, ms, c),
                sentence: si,
                trigger: (c.start, c.end),
                emitted: BTreeSet::new(),
                rows: Vec::new(),
            };
            emit_event(ctx, &mut ev);
            ev.finish(out);
        }
    }
}

/// `The meeting was attended by X, Y`: a sentence with no meeting of its
/// own adds its people to the meeting of up to three sentences before.
fn continue_meeting(ctx: &Ctx, ms: &[&Mention], c: &Found, event: &mut Option<Event>) {
    let si = ctx.si;
    if let Some(ev) = event.as_mut().filter(|ev| si - ev.sentence <= 3) {
        let people = participants(ctx, ms, c)
            .into_iter()
            .filter(|p| !p.is_org)
            .collect();
        add_people(ev, people);
        // This sentence and its trigger are the evidence of what it adds;
        // the event keeps its own for later sentences.
        let saved = (ev.sentence, ev.trigger);
        (ev.sentence, ev.trigger) = (si, (c.start, c.end));
        emit_event(ctx, ev);
        (ev.sentence, ev.trigger) = saved;
    }
}

/// Whether the sentence reports the meeting or call of trigger `t` as not
/// having happened: planned, cancelled, denied, hypothetical. Letters,
/// messages and invitations (BLOCK kind `meeting`) rule out a meeting but
/// not a call (`telephoned X to congratulate him and invited him to visit`).
/// A blocking word counts in the trigger's own voice and clause only: not
/// across a quotation mark, nor from a clause after `but` (`held talks with
/// X but denied plans for more`).
fn blocked(doc: &Doc, triggers: &[Found], t: &Found) -> bool {
    let call = t.trigger.relation != TriggerClass::Meet;
    triggers.iter().any(|b| {
        let blocks =
            b.trigger.relation == TriggerClass::Block && !(call && b.trigger.kind == "meeting");
        let elsewhere = quote_between(doc, b.start.min(t.start), b.start.max(t.start))
            || in_a_later_but_clause(doc, t, b);
        blocks && !elsewhere
    })
}

/// Whether blocking word `b` stands after trigger `t` with a `but` between.
fn in_a_later_but_clause(doc: &Doc, t: &Found, b: &Found) -> bool {
    b.start > t.end && (t.end..b.start).any(|i| doc.key_is(i, "but"))
}

/// `"They confirmed their intention to meet," Lavrov said following his
/// meetings with ...`: a quotation mark between a blocking word and the
/// trigger puts them in different voices, and the quote's plans do not
/// undo what the narrator reports.
fn quote_between(doc: &Doc, from: usize, to: usize) -> bool {
    (from..to).any(|i| doc.is_punct(i) && matches!(doc.tok(i), "\"" | "“" | "”" | "«" | "»"))
}

/// The last country a sentence names, for `its ties with A and B` later.
fn note_last_country(ms: &[&Mention], entities: &[DocEntity], last: &mut Option<usize>) {
    if let Some(m) = ms
        .iter()
        .rev()
        .find(|m| entities[m.entity].etype == EntityType::Country)
    {
        *last = Some(m.entity);
    }
}

struct Ctx<'a, 'd> {
    doc: &'a Doc<'d>,
    entities: &'a [DocEntity],
    si: usize,
    /// The sentence's date, found when a relation first needs it (most
    /// sentences with a trigger state none).
    date: OnceCell<Option<String>>,
    sentence: &'a Sentence,
    doc_date: Option<&'a str>,
    /// The country the document is mostly about.
    home: Option<usize>,
}

impl Ctx<'_, '_> {
    /// A relation stated in this sentence, at trigger tokens `trigger`.
    fn row(
        &self,
        relation: RelationType,
        kind: &str,
        (source, target): (usize, usize),
        trigger: (usize, usize),
    ) -> Relation {
        Relation {
            sentence: self.si,
            relation,
            kind: kind.to_string(),
            source,
            target,
            trigger,
            date: self.date(),
        }
    }

    fn date(&self) -> Option<String> {
        self.date
            .get_or_init(|| sentence_date(self.doc, self.sentence, self.doc_date))
            .clone()
    }
}

/// The country with the most mentions (the first named on a tie): whose
/// people a national outlet writes about without saying where they are from.
fn home_country(mentions: &[Mention], entities: &[DocEntity]) -> Option<usize> {
    let mut counts: Vec<(usize, usize)> = Vec::new(); // (entity, mentions), first seen first
    for m in mentions {
        if entities[m.entity].etype != EntityType::Country {
            continue;
        }
        match counts.iter_mut().find(|(e, _)| *e == m.entity) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.entity, 1)),
        }
    }
    let most = counts.iter().map(|&(_, n)| n).max()?;
    counts.iter().find(|&&(_, n)| n == most).map(|&(e, _)| e)
}

/// The relation words of a sentence, outside names, into `out`.
fn find_triggers<'g>(doc: &'g Doc, sent: &Sentence, ms: &[&Mention], out: &mut Vec<Found<'g>>) {
    out.clear();
    // The first token after the last trigger found.
    let mut after = sent.start;
    for i in doc.gaz.triggers.starts_in(doc.folded, sent.start..sent.end) {
        if i < after {
            continue;
        }
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
                after = end;
            }
        }
    }
}

fn country_of(entities: &[DocEntity], m: &Mention) -> Option<Arc<str>> {
    let e = &entities[m.entity];
    match e.etype {
        EntityType::Country => Some(e.id.clone()),
        _ if m.for_body => None,
        _ => m.country_hint.clone().or_else(|| e.country.clone()),
    }
}

/// `received Minister ... X`, `welcomed the visiting delegation of Y`: a
/// verb such as `received` reports a meeting when a person follows it, or
/// a body reached over titles, countries and the words of `object_gap`;
/// else it takes a thing (`welcomed Pakistan's Chairmanship of the G77`).
fn takes_guest(doc: &Doc, ms: &[&Mention], entities: &[DocEntity], t: &Found) -> bool {
    let Some(first) = ms
        .iter()
        .find(|m| m.start >= t.end && entities[m.entity].etype != EntityType::Country)
    else {
        return false;
    };
    // A call verb is a verb of many senses (`called for`, `called the
    // decision`), and `visited` mostly takes a place: they take even a
    // person only right after titles.
    let strict = t.trigger.relation == TriggerClass::Call || doc.key_is(t.start, "visited");
    let person = entities[first.entity].etype == EntityType::Person;
    // `called on President X` is a courtesy call; `called on X to ...` an
    // appeal.
    if doc.key_is(t.end - 1, "on") && appeal_after(doc, ms, first.end) {
        return false;
    }
    if person && !strict {
        return true;
    }
    // `what he called “the NSG misunderstanding”`: a call verb calls people.
    if strict && !person {
        return false;
    }
    let reached = walk_over_names(doc, ms, t.end, first.start, |i| {
        !doc.is_word(i) || doc.has_class(i, WordClass::ObjectGap)
    });
    // `called Putin a killer`: a call takes no complement after its person.
    reached
        && !(strict && first.end < doc.tokens.len() && doc.key_in(first.end, &["a", "an", "the"]))
}

/// Whether token `to` is reached from `from` over mentions, title phrases
/// and the tokens `gap` lets through (a guest's titles and countries, the
/// `and` between two names).
fn walk_over_names(
    doc: &Doc,
    ms: &[&Mention],
    from: usize,
    to: usize,
    mut gap: impl FnMut(usize) -> bool,
) -> bool {
    let mut i = from;
    while i < to {
        if let Some(m) = ms.iter().find(|m| m.start == i) {
            i = m.end;
        } else if let Some((end, _)) = doc.title_at(i) {
            i = end;
        } else if gap(i) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// `Novak and Abdrakhmanov discussed`, `X of Russia and Y of Turkmenistan
/// have discussed`: a verb such as `discussed` reports a meeting only right
/// after two people joined by `and` (with their titles and countries
/// between), not after one (`Putin discussed Merkel's plan`).
fn after_two_sides(doc: &Doc, ms: &[&Mention], entities: &[DocEntity], t: &Found) -> bool {
    let person = |m: &&&Mention| entities[m.entity].etype == EntityType::Person;
    let mut before = ms.iter().filter(|m| m.end <= t.start).filter(person).rev();
    let (Some(second), Some(first)) = (before.next(), before.next()) else {
        return false;
    };
    let adjacent = (second.end..t.start).all(|i| doc.key_in(i, &["have", "has", "had", "also"]));
    let mut joined = false;
    let reached = walk_over_names(doc, ms, first.end, second.start, |i| {
        joined |= doc.key_is(i, "and");
        doc.key_in(i, &["and", "of", "the", ","]) || doc.is_capitalized(i)
    });
    adjacent && reached && joined
}

/// `In a meeting held at the federation's headquarters, Skocic and
/// federation president Suker underlined ...`: a meeting noun that opens
/// the sentence (MEET kind `opener`) reports a meeting of the two people
/// named, joined by `and`, first after its clause's comma (over their
/// titles and bodies), not of people named elsewhere (`At the meeting, the
/// minister said`).
fn opens_before_two_people(
    doc: &Doc,
    sent: &Sentence,
    ms: &[&Mention],
    entities: &[DocEntity],
    t: &Found,
) -> bool {
    if !(sent.start..t.start).all(|i| doc.is_punct(i)) {
        return false;
    }
    let Some(comma) = first_comma(doc, t.end, sent.end.min(t.end + 25)) else {
        return false;
    };
    let mut after = people_after(ms, entities, comma);
    let (Some(first), Some(second)) = (after.next(), after.next()) else {
        return false;
    };
    // Lower-case words only before a title (`federation president X`).
    let titles_only = |from: usize, to: usize, and: bool| {
        let mut joined = !and;
        let titled = doc.title_ending_at(to).is_some();
        let reached = walk_over_names(doc, ms, from, to, |i| {
            joined |= doc.key_is(i, "and");
            doc.key_in(i, &["and", "the", "of"])
                || doc.is_capitalized(i)
                || titled && doc.is_word(i) && i > from && doc.key_is(from, "and")
        });
        reached && joined && to - from <= 8
    };
    titles_only(comma + 1, first.start, false) && titles_only(first.end, second.start, true)
}

/// The first comma in tokens `from..to`.
fn first_comma(doc: &Doc, from: usize, to: usize) -> Option<usize> {
    (from..to).find(|&i| doc.is_punct(i) && doc.tok(i) == ",")
}

/// The people of `ms` named after token `at`, in order.
fn people_after<'m>(
    ms: &'m [&Mention],
    entities: &'m [DocEntity],
    at: usize,
) -> impl Iterator<Item = &'m &'m Mention> {
    ms.iter()
        .filter(move |m| m.start > at && entities[m.entity].etype == EntityType::Person)
}

/// `called on Mr. Arafat and the Palestinians to take measures`: `to` right
/// after the addressees (named, joined by `and`) that starts what they are
/// asked to do.
fn appeal_after(doc: &Doc, ms: &[&Mention], from: usize) -> bool {
    let mut i = from;
    while i < doc.tokens.len() && i - from < 12 {
        if let Some(m) = ms.iter().find(|m| m.start == i) {
            i = m.end;
        } else if doc.key_is(i, "to") {
            return true;
        } else if doc.key_in(i, &["and", "the", "all", "both"]) || doc.is_capitalized(i) {
            i += 1;
        } else {
            return false;
        }
    }
    false
}

/// `Tileuberdi had discussed bilateral cooperation with Kamilov`: a
/// person before the verb, and `with` and a person (over titles) later in
/// the same clause.
fn with_a_person_after(doc: &Doc, ms: &[&Mention], entities: &[DocEntity], t: &Found) -> bool {
    let person = |m: &&&Mention| entities[m.entity].etype == EntityType::Person;
    if !ms.iter().filter(person).any(|m| m.end <= t.start) {
        return false;
    }
    let mut i = t.end;
    while i < doc.tokens.len()
        && i - t.end < 15
        && !(doc.is_punct(i) && matches!(doc.tok(i), "," | ";" | "." | ":"))
    {
        if doc.key_is(i, "with") {
            let mut k = i + 1;
            while let Some((end, _)) = doc.title_at(k) {
                k = end;
            }
            return ms.iter().filter(person).any(|m| m.start == k);
        }
        i += 1;
    }
    false
}

/// Where a meeting sentence's sides divide.
struct Sides {
    /// `meetings between A and B`: `between` ends the trigger, or stands
    /// before the first name after it (`a meeting was held between the
    /// Minister of ... A and B`).
    between: bool,
    /// Names from this token on are the second side: the first `and` after
    /// the first name after `between`, the `with` of `A talked with B by
    /// telephone` (the mode ends that sentence), else the trigger.
    split: usize,
    /// `X said after a meeting between A and B in Washington, C said`: with
    /// both sides named after `between`, they are all of it, the second up to
    /// the clause's comma (`only_after` and `list_end`).
    only_after: bool,
    list_end: usize,
    /// `held under the auspices of X`: the host who mediates, named after
    /// this token, is a side of their own.
    mediator_from: Option<usize>,
}

impl Sides {
    fn of(doc: &Doc, ms: &[&Mention], entities: &[DocEntity], t: &Found) -> Sides {
        let first_after = ms.iter().find(|m| m.start >= t.end);
        let between = doc.key_is(t.end - 1, "between")
            || first_after.is_some_and(|m| (t.end..m.start).any(|i| doc.key_is(i, "between")));
        let split = if between {
            first_after
                .and_then(|m| (m.end..doc.tokens.len()).find(|&i| doc.key_is(i, "and")))
                .unwrap_or(t.end)
        } else if t.trigger.kind == "opener" {
            // `In a meeting ..., X and Y`: the `and` after the first
            // person after the clause's comma (as the opener found them).
            first_comma(doc, t.end, doc.tokens.len())
                .and_then(|c| people_after(ms, entities, c).next())
                .and_then(|m| (m.end..doc.tokens.len()).find(|&i| doc.key_is(i, "and")))
                .unwrap_or(t.end)
        } else if t.trigger.relation == TriggerClass::CallMode {
            let first = ms.first().map_or(t.start, |m| m.end);
            (first..t.start)
                .find(|&i| doc.key_is(i, "with"))
                .unwrap_or(t.start)
        } else {
            t.start
        };
        let named_after = |from: usize, to: usize| {
            ms.iter().any(|m| {
                m.start >= from && m.start < to && entities[m.entity].etype != EntityType::Country
            })
        };
        let only_after = between && named_after(t.end, split) && named_after(split, usize::MAX);
        // Only asked where only the sides after the trigger take part.
        let list_end = if only_after {
            (split..doc.tokens.len())
                .find(|&i| doc.is_punct(i) && matches!(doc.tok(i), "," | ";"))
                .unwrap_or(usize::MAX)
        } else {
            usize::MAX
        };
        let mediator_from = ms.last().and_then(|last| {
            (t.end..last.start)
                .find(|&i| doc.key_in(i, &["auspices", "auspice"]) && doc.key_is(i + 1, "of"))
        });
        Sides {
            between,
            split,
            only_after,
            list_end,
            mediator_from,
        }
    }

    /// Whether mention `m` may take part at all.
    fn takes(&self, m: &Mention, t: &Found) -> bool {
        !self.only_after || (t.start <= m.start && m.start <= self.list_end)
    }

    /// The side of mention `m` where no country tells it.
    fn group(&self, m: &Mention) -> u8 {
        if self.mediator_from.is_some_and(|a| m.start > a) {
            2
        } else {
            u8::from(m.start >= self.split)
        }
    }
}

/// The people and organisations of a meeting sentence, with their side.
fn participants(ctx: &Ctx, ms: &[&Mention], t: &Found) -> Vec<Participant> {
    let (doc, entities) = (ctx.doc, ctx.entities);
    let sides = Sides::of(doc, ms, entities, t);
    let between = sides.between;
    // Guests need a host before the verb: in `signed by A and B` the two
    // named after it are the two sides.
    let has_host = ms
        .iter()
        .any(|m| m.end <= t.start && entities[m.entity].etype != EntityType::Country);
    let guests = has_host && !between && !joint_meeting(doc, ms, t);
    // `Powell spoke to A, B and called C`: before the verb, the people
    // after a `to` or `with` that follows the first name are guests of an
    // earlier verb of the same subject.
    let first = ms
        .iter()
        .find(|m| entities[m.entity].etype != EntityType::Country)
        .map_or(t.start, |m| m.end);
    let earlier_guests = (first..t.start)
        .find(|&i| doc.key_in(i, &["to", "with"]))
        .unwrap_or(t.start);
    let mut out: Vec<Participant> = Vec::new();
    for m in ms {
        let e = &entities[m.entity];
        if e.etype == EntityType::Country || !sides.takes(m, t) {
            continue;
        }
        if out.iter().any(|p| p.entity == m.entity)
            || is_news_source(doc, m)
            || reports_it(doc, ms, entities, m, t)
            || reports_it_after(doc, m, t)
            || e.etype == EntityType::Org && in_title_of_person(doc, ms, entities, m)
            || e.etype == EntityType::Org && is_venue(doc, m)
        {
            continue;
        }
        out.push(Participant {
            entity: m.entity,
            country: country_of(entities, m),
            group: sides.group(m),
            is_org: e.etype == EntityType::Org,
            guest: guests && (m.start >= t.end || m.start > earlier_guests),
        });
    }
    if guests
        && t.trigger.relation == TriggerClass::Meet
        && t.trigger.kind != "direct"
        && guests_of_many_nations(&out)
        && !separate_meetings(doc, ctx.sentence)
    {
        for p in &mut out {
            p.guest = false;
        }
    }
    out
}

/// `Clinton met with Arafat, Netanyahu and King Hussein`: three or more
/// guests, each of a nation of their own that is not the host's, are the
/// sides of one meeting of many nations rather than of a row of
/// bilateral ones (a leader does not see three rivals one by one in a
/// sentence that names them together). Two guests are as often two
/// meetings (`also met the UAE and Senegalese foreign ministers`); a host
/// receives and welcomes guests (a `direct` verb) one by one, and calls
/// are made one by one.
fn guests_of_many_nations(ps: &[Participant]) -> bool {
    let guests: Vec<&Participant> = ps.iter().filter(|p| p.guest && !p.is_org).collect();
    let hosts = || ps.iter().filter(|p| !p.guest);
    guests.len() >= 3
        && guests.iter().enumerate().all(|(i, g)| {
            g.country.as_ref().is_some_and(|c| {
                guests[..i].iter().all(|o| o.country.as_ref() != Some(c))
                    && hosts().all(|h| h.country.as_ref() != Some(c))
            })
        })
}

/// `On the sidelines of the summit, X met A and B`, `met A and B
/// separately`: a word of the sentence that makes its meetings separate
/// ones (lexicon class `separate`).
fn separate_meetings(doc: &Doc, sentence: &Sentence) -> bool {
    (sentence.start..sentence.end).any(|i| doc.has_class(i, WordClass::Separate))
}

/// `talks with the French and Saudi foreign ministers`: officials named by
/// their country and title only, after the trigger, meet the named people
/// for their countries; the meeting relates those countries.
fn unnamed_officials(
    ctx: &Ctx,
    ms: &[&Mention],
    found: &[Participant],
    t: &Found,
    out: &mut Vec<Relation>,
) {
    let doc = ctx.doc;
    let country = |m: &Mention| ctx.entities[m.entity].etype == EntityType::Country;
    // `UAE Foreign Minister Sheikh Abdullah`: over further titles.
    let named_after = |mut end: usize| {
        while let Some((next, _)) = doc.title_at(end) {
            end = next;
        }
        ms.iter().any(|m| m.start == end && !country(m))
    };
    // A country word right before a title, or before `and` + such a one.
    let is_official = |k: usize| {
        let m = ms[k];
        let titled = |i: usize| doc.title_at(i).filter(|&(end, _)| !named_after(end));
        titled(m.end).is_some()
            || m.end < doc.tokens.len()
                && doc.key_is(m.end, "and")
                && ms
                    .get(k + 1)
                    .is_some_and(|n| n.start == m.end + 1 && country(n) && titled(n.end).is_some())
    };
    for (k, m) in ms.iter().enumerate() {
        if m.start < t.end || !country(m) || !is_official(k) {
            continue;
        }
        for p in found.iter().filter(|p| !p.is_org) {
            let Some(c) = p
                .country
                .as_deref()
                .and_then(|c| country_entity(ctx.entities, c))
            else {
                continue;
            };
            if c != m.entity {
                let pair = (c, m.entity);
                out.push(ctx.row(
                    RelationType::CountryRelation,
                    "cooperation",
                    pair,
                    (t.start, t.end),
                ));
            }
        }
    }
}

/// `a joint meeting with`, `trilateral talks`, `met A and B in a
/// trilateral format`: the sentence's guests meet each other too. Looked
/// for from the sentence's first name to a few words after its last.
fn joint_meeting(doc: &Doc, ms: &[&Mention], t: &Found) -> bool {
    let from = ms.first().map_or(t.start, |m| m.start.min(t.start));
    let to = ms.last().map_or(t.end, |m| m.end.max(t.end)) + 6;
    let to = to.min(doc.tokens.len());
    (from..to).any(|i| doc.has_class(i, WordClass::Joint))
}

/// `met in the Kremlin`, `at the UN headquarters`, `on the sidelines of the
/// Munich Security Conference`, `a meeting of the Arctic Council`: a body
/// named as the place or occasion of a meeting takes no part in it.
fn is_venue(doc: &Doc, m: &Mention) -> bool {
    let mut i = m.start;
    if i >= 1 && doc.key_is(i - 1, "the") {
        i -= 1;
    }
    i >= 1 && doc.key_in(i - 1, &["at", "in", "during"])
        || i >= 2
            && doc.key_is(i - 1, "of")
            && doc.key_in(
                i - 2,
                &[
                    "sidelines",
                    "meeting",
                    "meetings",
                    "session",
                    "sessions",
                    "summit",
                ],
            )
}

/// `Report informs`, `told News.Az`, `according to the Saudi Press Agency`:
/// the outlet that reports a meeting takes no part in it.
fn is_news_source(doc: &Doc, m: &Mention) -> bool {
    let after =
        m.end < doc.tokens.len() && doc.has_class(m.end, crate::gazetteer::WordClass::MediaAfter);
    let before = (m.start >= 1 && doc.key_is(m.start - 1, "told"))
        || (m.start >= 2 && doc.key_is(m.start - 2, "according") && doc.key_is(m.start - 1, "to"))
        || (m.start >= 3 && doc.key_is(m.start - 3, "according") && doc.key_is(m.start - 1, "the"));
    after || before || doc.tok(m.start).contains('.') || in_dateline(doc, m)
}

/// `Spokeswoman Victoria Nuland said that Kerry called Lavrov`: the person
/// a reporting verb follows, with someone else named between that verb and
/// the trigger, tells of the meeting or call and takes no part in it.
fn reports_it(doc: &Doc, ms: &[&Mention], entities: &[DocEntity], m: &Mention, t: &Found) -> bool {
    if m.end > t.start {
        return false;
    }
    let Some(verb) = (m.end..t.start).find(|&i| doc.has_class(i, WordClass::Reporting)) else {
        return false;
    };
    ms.iter().any(|o| {
        o.start > verb
            && o.end <= t.start
            && o.entity != m.entity
            && entities[o.entity].etype != EntityType::Country
    })
}

/// `Hill met with Wu Dawei on Tuesday, said Susan Stevenson, the
/// spokeswoman`: a person named right after `, said` (over titles) that
/// follows the trigger tells of the meeting and takes no part in it.
fn reports_it_after(doc: &Doc, m: &Mention, t: &Found) -> bool {
    let mut i = m.start;
    while let Some((start, _)) = doc.title_ending_at(i).filter(|_| i > t.end) {
        i = start;
    }
    i >= t.end + 2
        && doc.has_class(i - 1, WordClass::Reporting)
        && matches!(doc.tok(i - 2), "," | "”" | "\"")
}

/// `met with President of the Asian Development Bank Haruhiko Kuroda`,
/// `Meets with ADB President`: a body in the title of a person is where
/// they work, not a side of its own.
fn in_title_of_person(doc: &Doc, ms: &[&Mention], entities: &[DocEntity], m: &Mention) -> bool {
    let of = if m.start >= 2 && doc.key_is(m.start - 1, "the") {
        m.start - 2
    } else {
        m.start.saturating_sub(1)
    };
    let titled = m.start >= 1 && doc.key_is(of, "of") && doc.title_ending_at(of).is_some();
    let person_next = ms.iter().any(|n| {
        entities[n.entity].etype == EntityType::Person
            && (n.start == m.end || n.start == m.end + 1 && doc.tok(m.end) == ",")
    });
    // `Meets with ADB President`: the body's officer, named or not.
    titled && person_next || doc.title_at(m.end).is_some()
}

/// `ANKARA (Sputnik) -`, `MOSCOW (AFP) -`: the agency in brackets after a
/// dateline's city in capitals.
fn in_dateline(doc: &Doc, m: &Mention) -> bool {
    let city = |i: usize| {
        let t = doc.tok(i);
        t.len() >= 3 && t.chars().all(|c| !c.is_lowercase()) && doc.is_word(i)
    };
    // `PRETORIA, June 17 (Reuters) -`: or a dash after the bracket.
    let dash = |i: usize| i < doc.tokens.len() && matches!(doc.tok(i), "-" | "–" | "—");
    m.start >= 2
        && m.end < doc.tokens.len()
        && doc.tok(m.start - 1) == "("
        && doc.tok(m.end) == ")"
        && (city(m.start - 2) || dash(m.end + 1))
}

/// People a later sentence adds to a meeting (`The meeting was attended by
/// X, Y`). Their place in that sentence says nothing about their side; one
/// whose country is unknown is taken for the host's: the first participant
/// of the meeting, whose side writes the readout.
fn add_people(ev: &mut Event, people: Vec<Participant>) {
    let host = ev.participants.first().cloned();
    for mut p in people {
        if ev.participants.iter().any(|q| q.entity == p.entity) {
            continue;
        }
        p.guest = false;
        if p.country.is_none() {
            if multilateral(&ev.participants) {
                // `The leaders were joined by the OAU Secretary-General X`:
                // at talks of many countries, one whose country is unknown
                // is a side of their own.
                p.group = u8::try_from(ev.participants.len() + 2).unwrap_or(u8::MAX);
            } else if let Some(h) = host.as_ref() {
                p.group = h.group;
                p.country = h.country.clone();
            }
        }
        ev.participants.push(p);
    }
}

/// Talks of people from three countries or more.
fn multilateral(participants: &[Participant]) -> bool {
    let countries: BTreeSet<&str> = participants
        .iter()
        .filter_map(|p| p.country.as_deref())
        .collect();
    countries.len() >= 3
}

fn same_side(a: &Participant, b: &Participant) -> bool {
    if a.guest && b.guest {
        return true;
    }
    match (&a.country, &b.country) {
        (Some(x), Some(y)) => x == y,
        _ => a.group == b.group,
    }
}

/// Emits the pairs of an event not emitted yet.
fn emit_event(ctx: &Ctx, ev: &mut Event) {
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
            ev.rows.push(Relation {
                sentence: ev.sentence,
                relation: ev.relation,
                kind: String::new(),
                source: a.entity,
                target: b.entity,
                trigger: ev.trigger,
                date: ctx.date(),
            });
            if let (Some(x), Some(y)) = (&a.country, &b.country) {
                if x != y {
                    if let (Some(cx), Some(cy)) = (
                        country_entity(ctx.entities, x),
                        country_entity(ctx.entities, y),
                    ) {
                        ev.rows.push(Relation {
                            sentence: ev.sentence,
                            relation: RelationType::CountryRelation,
                            kind: "cooperation".into(),
                            source: cx,
                            target: cy,
                            trigger: ev.trigger,
                            date: ctx.date(),
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
        .position(|e| e.etype == EntityType::Country && *e.id == *id)
}

/// `the visit of Vice President X to Azerbaijan`, `X, who is on an official
/// visit to the United States`: the visitor's country relates to the host.
fn visits(
    ctx: &Ctx,
    ms: &[&Mention],
    places: &[&PlaceMention],
    triggers: &[Found],
    out: &mut Vec<Relation>,
) {
    let doc = ctx.doc;
    // `to Azerbaijan`, `in the United States`, `to Beijing` (a capital),
    // `visited Iran`.
    let destination = |start: usize, t: &Found| {
        start >= t.end
            && start <= t.end + 12
            && (start == t.end && doc.key(t.end - 1) != "visit"
                || start >= 1 && doc.key_in(start - 1, &["to", "in"])
                || start >= 2
                    && doc.key_is(start - 1, "the")
                    && doc.key_in(start - 2, &["to", "in"]))
    };
    for t in triggers
        .iter()
        .filter(|t| t.trigger.relation == TriggerClass::Visit)
    {
        let country = ms
            .iter()
            .filter(|m| ctx.entities[m.entity].etype == EntityType::Country)
            .map(|m| (m.start, m.entity));
        let capital = places.iter().map(|p| (p.start, p.entity));
        let dest = country
            .chain(capital)
            .filter(|&(start, _)| destination(start, t))
            .min_by_key(|&(start, _)| start)
            .map(|(_, e)| e);
        let Some(dest) = dest else { continue };
        let dest_id = ctx.entities[dest].id.clone();
        // A visitor whose country the text does not give comes from the
        // document's home country (`the visit of Sheikh ul-Islam X to the
        // Vatican` in an Azerbaijani outlet).
        let home = ctx
            .home
            .map(|h| ctx.entities[h].id.clone())
            .filter(|h| *h != dest_id);
        let visitor_country = |m: &Mention| match &ctx.entities[m.entity] {
            e if e.gazetteer.is_none() => country_of(ctx.entities, m).or_else(|| home.clone()),
            _ => country_of(ctx.entities, m),
        };
        let people = || {
            ms.iter()
                .filter(|m| ctx.entities[m.entity].etype == EntityType::Person)
        };
        // The visitor is a person from elsewhere, or else the subject of
        // the visit whose country the text does not give (`IAEA Director
        // General Rafael Grossi visited Iran`).
        let visitor = people()
            .filter(|m| visitor_country(m).is_some_and(|c| c != dest_id))
            .min_by_key(|m| m.start.abs_diff(t.start))
            .or_else(|| {
                people()
                    .filter(|m| m.end <= t.start && visitor_country(m).is_none())
                    .max_by_key(|m| m.end)
            });
        let trigger = (t.start, t.end);
        let land = match visitor {
            Some(visitor) => {
                out.push(ctx.row(RelationType::Visit, "", (visitor.entity, dest), trigger));
                visitor_country(visitor).and_then(|c| country_entity(ctx.entities, &c))
            }
            // `The President of Iceland paid a state visit to Estonia`: an
            // official named by role only; the one other country named
            // before the visit is the visitor's.
            None => only_other_country_before(ctx, ms, t, dest),
        };
        if let Some(c) = land {
            out.push(ctx.row(
                RelationType::CountryRelation,
                "cooperation",
                (c, dest),
                trigger,
            ));
        }
    }
}

/// The country named before trigger `t`, when the sentence names exactly
/// one there other than `dest` and no person at all.
fn only_other_country_before(ctx: &Ctx, ms: &[&Mention], t: &Found, dest: usize) -> Option<usize> {
    let etype = |m: &&&Mention| ctx.entities[m.entity].etype;
    if ms.iter().any(|m| etype(&m) == EntityType::Person) {
        return None;
    }
    let before: BTreeSet<usize> = ms
        .iter()
        .filter(|m| m.end <= t.start && etype(m) == EntityType::Country && m.entity != dest)
        .map(|m| m.entity)
        .collect();
    (before.len() == 1).then(|| *before.first().unwrap())
}

/// Country pairs from explicit relation phrases in one sentence.
fn country_relations(
    ctx: &Ctx,
    ms: &[&Mention],
    triggers: &[Found],
    last_country: Option<usize>,
    met: Option<&BTreeSet<&str>>,
    out: &mut Vec<Relation>,
) {
    let doc = ctx.doc;
    let countries: Vec<&Mention> = ms
        .iter()
        .copied()
        .filter(|m| ctx.entities[m.entity].etype == EntityType::Country)
        .collect();
    // Every rule below relates a country the sentence names (to another,
    // or to the one named before): without one there is nothing to find.
    if countries.is_empty() {
        return;
    }
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
        if gap_is(doc, a.end..b.start, &[&["-"], &["-", "the"], &["/"]]) {
            pairs.push((a.entity, b.entity));
        }
    }
    // `between A and B`, `between A, X and B`.
    for i in ctx_range(doc, ms, triggers) {
        if doc.key_is(i, "between")
            || doc.key_is(i, "with") && rel.iter().any(|t| t.end == i || t.end + 1 == i)
        {
            let listed: Vec<usize> = countries_after(doc, &countries, i + 1);
            if doc.key_is(i, "between") {
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
                            .any(|k| doc.key_in(k, &["its", "our"]))
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
    // `Turkey and Hungary signed an agreement`, `Greece and Turkey have long
    // disputed ...`: two countries joined by `and` as the subject of the
    // relation word that follows them.
    for w in countries.windows(2) {
        let (a, b) = (w[0], w[1]);
        let joined = gap_is(doc, a.end..b.start, &[&["and"], &["and", "the"]]);
        let subject_of = rel.iter().any(|t| {
            t.start >= b.end
                && t.start - b.end <= 6
                && (b.end..t.start).all(|i| doc.is_word(i) && !doc.is_capitalized(i))
        });
        if joined && subject_of {
            pairs.push((a.entity, b.entity));
        }
    }
    // `Belarus, Russia's closest ally`, `Russia's ally Belarus`: a
    // country's relation word in apposition to another country.
    for (k, m) in countries.iter().enumerate() {
        let owner = doc.tokens[m.end - 1].possessive
            || m.end < doc.tokens.len() && doc.tokens[m.end].possessive && doc.is_punct(m.end);
        let Some(t) = owner
            .then(|| {
                rel.iter()
                    .find(|t| t.start >= m.end && t.start <= m.end + 3)
            })
            .flatten()
        else {
            continue;
        };
        let before = k
            .checked_sub(1)
            .map(|j| countries[j])
            .filter(|b| m.start == b.end + 1 && doc.tok(b.end) == ",");
        // `Russia's ally Belarus`, `Turkey's support for Azerbaijan`.
        let after = countries.get(k + 1).filter(|a| {
            a.start == t.end
                || a.start == t.end + 1 && doc.key_in(t.end, &["for", "to", "of", "with"])
        });
        if let Some(other) = before.or(after.copied()) {
            pairs.push((other.entity, m.entity));
        }
    }
    // Conflict words with exactly two countries, unless the sentence
    // reports a meeting of theirs (`met ... to discuss the war in Gaza`), or
    // every conflict word is an organisation's own act (`after the Hamas
    // attack, Azerbaijanis came to the Israeli embassy`).
    let by_body = |t: &&Found| {
        ms.iter()
            .any(|m| m.end == t.start && ctx.entities[m.entity].etype == EntityType::Org)
    };
    let of_bodies = rel
        .iter()
        .filter(|t| t.trigger.kind == "conflict")
        .all(by_body);
    let distinct: BTreeSet<usize> = countries.iter().map(|m| m.entity).collect();
    // `met ... to discuss the war in Gaza`: a country of the meeting's
    // sides is busy meeting; `ready to receive Wang Yi ... to see Russian
    // aggression against our country`: the two countries are others.
    let meeting_side = |&c: &usize| {
        met.is_some_and(|sides| sides.is_empty() || sides.contains(&*ctx.entities[c].id))
    };
    let busy = distinct.iter().any(meeting_side);
    if pairs.is_empty() && kind == "conflict" && !busy && !of_bodies && distinct.len() == 2 {
        let v: Vec<usize> = distinct.iter().copied().collect();
        pairs.push((v[0], v[1]));
    }
    // `Germany pledged aid to Ukraine`, `Saudi Arabia restored relations
    // with Iran`: a relation word close after one of two countries and
    // close before the other.
    if pairs.is_empty() && !busy && distinct.len() == 2 {
        let framed = rel.iter().find_map(|t| {
            let a = countries.iter().rev().find(|m| m.end <= t.start)?;
            let b = countries.iter().find(|m| m.start >= t.end)?;
            // `aid to`, `relations with`, `sanctions on`: the other country
            // is the relation's object, not a place (`talks in Belarus`).
            let object = (t.end..b.start).all(|i| {
                doc.key_in(
                    i,
                    &["to", "with", "on", "against", "for", "from", "of", "the"],
                )
            });
            (a.entity != b.entity && t.start - a.end <= 4 && b.start - t.end <= 2 && object)
                .then_some((a.entity, b.entity))
        });
        pairs.extend(framed);
    }
    for (a, b) in pairs {
        if a != b {
            out.push(ctx.row(RelationType::CountryRelation, kind, (a, b), trigger));
        }
    }
}

/// Whether the folded words of tokens `gap` are one of `words`.
fn gap_is(doc: &Doc, gap: std::ops::Range<usize>, words: &[&[&str]]) -> bool {
    words
        .iter()
        .any(|w| w.len() == gap.len() && gap.clone().zip(w.iter()).all(|(i, w)| doc.key(i) == *w))
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
    // The pattern needs a digit (`\d`, any Unicode digit): most sentences
    // have none and need no regex search.
    if !has_digit(text) {
        return doc_date.map(str::to_string);
    }
    let tokens = &doc.tokens[sent.start..sent.end];
    if !may_give_date(doc.text, tokens) {
        return doc_date.map(str::to_string);
    }
    date_in(text, doc_date)
}

/// Whether some pair of neighbouring tokens could open a date that
/// [`date_in`] takes: the pattern's `on` or `of` ends a token (whitespace
/// follows it), and the next token, after that whitespace, starts with the
/// day's digit or is the month, which [`crate::read::month_number`] takes
/// only when it starts with a month's first three letters. Most sentences
/// with a number and a month (`in May 2023`, `the 2022 deal ... in
/// January`) have no such pair, and are not searched.
fn may_give_date(text: &str, tokens: &[crate::tokenize::Token]) -> bool {
    let bytes = text.as_bytes();
    tokens.windows(2).any(|pair| {
        let (a, b) = (&pair[0], &pair[1]);
        // `| 0x20` lower-cases ASCII letters and makes no other byte one.
        let ends_on_or_of = a.end - a.start >= 2
            && bytes[a.end - 2] | 0x20 == b'o'
            && matches!(bytes[a.end - 1] | 0x20, b'n' | b'f');
        // The day is a digit of any script (`\d`).
        ends_on_or_of
            && (text[b.start..].chars().next().is_some_and(char::is_numeric)
                || crate::read::starts_like_month(&bytes[b.start..b.end]))
    })
}

/// The date of `on 5 May 2024` or `of May 5` in `text`, or `doc_date`.
fn date_in(text: &str, doc_date: Option<&str>) -> Option<String> {
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

/// Whether `text` holds a digit (any Unicode digit). Sentences are read
/// eight bytes at a time; only eight bytes with a non-ASCII character in
/// them are looked at one by one, and only a character's first byte is
/// decoded.
fn has_digit(text: &str) -> bool {
    let one_by_one = |start: usize, bytes: &[u8]| {
        bytes.iter().enumerate().any(|(k, &b)| {
            b.is_ascii_digit()
                || b >= 0xc0
                    && text[start + k..]
                        .chars()
                        .next()
                        .is_some_and(char::is_numeric)
        })
    };
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for (n, chunk) in (&mut chunks).enumerate() {
        let x = swar::word(chunk);
        let found = if x & swar::HIGHS == 0 {
            swar::has_between(x, b'0', b'9')
        } else {
            one_by_one(8 * n, chunk)
        };
        if found {
            return true;
        }
    }
    let rest = chunks.remainder();
    one_by_one(bytes.len() - rest.len(), rest)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_the_pattern_takes_is_on_a_token_pair_the_filter_passes() {
        // Whenever the pattern finds a date with a month, a token ends in
        // `on` or `of` and the next starts with the day or the month, and the
        // filter lets the pair through (`Mar.a` is one token, `Mar` the
        // month; `on٥` is no `on`).
        let pieces = [
            "on 5 May",
            "on 12 Sept 2024",
            "of Dec. 3",
            "on 5 Mar.a",
            "On 3 JUN",
            "of May 12,",
            "on 5\u{a0}May",
            "on\n5 may",
            "of Sep 31, 2021",
            "on 5 Mayor",
            "of about 20",
            "on 4 Janus",
            "on 5 Ja",
            "on octopus 5",
            "on 5 É",
            "on",
            "of",
            "ON",
            "Of",
            "-on",
            "Simon",
            "on٥",
            "٥",
            "5",
            "May",
            " ",
            " ",
            ", ",
            ".",
            "’s",
            "-",
            "x",
            "é",
            "\n",
        ];
        let mut rng = crate::testing::Rng::new();
        let mut dated = 0;
        for _ in 0..50_000 {
            let text = rng.string(8, &pieces);
            let Some(c) = month_regex().captures(&text) else {
                continue;
            };
            let month = c.get(2).or(c.get(3)).expect("a month group");
            if crate::read::month_number(month.as_str()).is_none() {
                continue;
            }
            dated += 1;
            // The month starts a token, and that token passes the filter.
            let tokens = crate::tokenize::tokenize(&text);
            let token = tokens.iter().find(|t| t.start == month.start());
            let word = token.map(|t| &text.as_bytes()[t.start..t.end]);
            assert!(word.is_some_and(crate::read::starts_like_month), "{text:?}");
            assert!(may_give_date(&text, &tokens), "{text:?}");
        }
        assert!(dated > 100, "{dated} texts with a date");
    }

    #[test]
    fn digits_of_any_script_are_found() {
        for (text, digit) in [
            ("on 5 May", true),
            ("no digits here", false),
            ("Məclis met on May ٥", true),
            ("Məclis, Azərbaycan", false),
            ("", false),
            ("१२", true),
        ] {
            assert_eq!(has_digit(text), digit, "{text:?}");
            assert_eq!(has_digit(text), text.chars().any(char::is_numeric));
        }
        // Every position in and around eight-byte chunks, every byte value
        // next to the digits' range.
        let mut pieces = vec![
            "a", "/", "0", "9", ":", "Z", "\x7f", " ", "’", "٥", "é", "½",
        ];
        // Mostly letters, so that digits are rare.
        pieces.resize(64, "x");
        let mut rng = crate::testing::Rng::new();
        for _ in 0..50_000 {
            let text = rng.string(24, &pieces);
            assert_eq!(
                has_digit(&text),
                text.chars().any(char::is_numeric),
                "{text:?}"
            );
        }
    }
}
