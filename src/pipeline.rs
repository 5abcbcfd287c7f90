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
