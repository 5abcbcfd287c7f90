//! The whole pipeline: a document in, its mentions and relations out; and a
//! run over many documents, in parallel, written in input order.

use std::ops::Range;

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
}
