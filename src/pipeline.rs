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

    /// Checks the promises the writer relies on, so that fuzzing and property
    /// tests can find any input that breaks them: every offset is a char
    /// boundary within `text`, sentences tile the tokens, mentions do not
    /// overlap, every relation joins entities that are mentioned, and its
    /// trigger lies inside its evidence sentence.
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
            if m.start < last_end {
                return Err(format!("mention {i} overlaps the one before"));
            }
            if m.entity >= self.entities.len() {
                return Err(format!("mention {i}: no entity {}", m.entity));
            }
            last_end = m.end;
        }
        let mentioned: std::collections::HashSet<usize> =
            self.mentions.iter().map(|m| m.entity).collect();
        for (i, r) in self.relations.iter().enumerate() {
            if !mentioned.contains(&r.source) || !mentioned.contains(&r.target) {
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
    let tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    let folded = Folded::new(text, &tokens);
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
