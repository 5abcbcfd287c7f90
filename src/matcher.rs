//! Stage 3, gazetteer match: tokens in, the longest known phrase at each token out.
//!
//! Every token is folded to a matching key (lower case, diacritics removed,
//! dots and apostrophes dropped inside words: `U.S.` and `US` both become
//! `us`, `Məclis` becomes `meclis`) and the keys are joined with a space after
//! each. Phrases are folded the same way and stored in one Aho-Corasick
//! automaton; an anchored leftmost-longest search from the start of a token
//! then finds the longest phrase that starts there and, thanks to the
//! trailing space, ends on a token boundary.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use unicode_normalization::char::decompose_canonical;

use crate::tokenize::{Token, TokenKind};

/// Appends the matching key of one token to `out`.
pub fn fold_token(token: &str, kind: TokenKind, out: &mut String) {
    if kind == TokenKind::Punct {
        match token {
            "–" | "—" | "‐" | "‑" | "−" => out.push('-'),
            "’" | "‘" | "`" | "´" => out.push('\''),
            "“" | "”" | "«" | "»" => out.push('"'),
            _ => out.push_str(token),
        }
        return;
    }
    if token.is_ascii() {
        for b in token.bytes() {
            if b != b'.' && b != b'\'' {
                out.push(b.to_ascii_lowercase() as char);
            }
        }
        return;
    }
    for c in token.chars() {
        fold_char(c, out);
    }
}

fn fold_char(c: char, out: &mut String) {
    match c {
        '.' | '\'' | '’' | '‘' | '`' | '´' => {}
        'ə' | 'Ə' => out.push('e'),
        'ı' => out.push('i'),
        'ß' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'þ' | 'Þ' => out.push_str("th"),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }),
    }
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Folds one word (outside a token stream): used for lexicon look-ups.
pub fn fold_word(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    fold_token(word, TokenKind::Word, &mut s);
    s
}

/// The folded words of a name, punctuation and hyphens left out, as the
/// name rules see a text's words: `Abdel Fattah el-Sisi` is `abdel fattah
/// el sisi`, `J.D. Vance` is `jd vance`.
pub fn name_words(name: &str) -> Vec<String> {
    crate::tokenize::tokenize(name)
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| fold_word(t.text(name)))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The folded text of a document: token keys joined by a space after each.
#[derive(Debug, Default)]
pub struct Folded {
    pub text: String,
    /// Byte offset in `text` where each token's key starts; one extra entry
    /// at the end holds `text.len()`.
    pub starts: Vec<u32>,
}

impl Folded {
    pub fn new(text: &str, tokens: &[Token]) -> Folded {
        let mut folded = String::with_capacity(text.len() + tokens.len());
        let mut starts = Vec::with_capacity(tokens.len() + 1);
        for t in tokens {
            starts.push(folded.len() as u32);
            fold_token(t.text(text), t.kind, &mut folded);
            folded.push(' ');
        }
        starts.push(folded.len() as u32);
        Folded {
            text: folded,
            starts,
        }
    }

    /// The key of token `i`, without its trailing space.
    pub fn key(&self, i: usize) -> &str {
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize - 1]
    }
}

/// Folds a phrase from a data file into its key (with the trailing space).
pub fn fold_phrase(phrase: &str) -> String {
    let tokens = crate::tokenize::tokenize(phrase);
    let mut out = String::new();
    for t in &tokens {
        fold_token(t.text(phrase), t.kind, &mut out);
        out.push(' ');
    }
    out
}

/// A set of phrases, each with a list of payloads.
pub struct PhraseSet<T> {
    automaton: Option<AhoCorasick>,
    keys: Vec<String>,
    payloads: Vec<Vec<T>>,
}

impl<T> PhraseSet<T> {
    /// Builds the set from (folded key, payload) pairs. Keys may repeat.
    pub fn build(mut items: Vec<(String, T)>) -> PhraseSet<T> {
        items.retain(|(k, _)| !k.trim().is_empty());
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let mut keys: Vec<String> = Vec::new();
        let mut payloads: Vec<Vec<T>> = Vec::new();
        for (k, p) in items {
            if keys.last() != Some(&k) {
                keys.push(k);
                payloads.push(Vec::new());
            }
            payloads.last_mut().unwrap().push(p);
        }
        let automaton = (!keys.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(&keys)
                .expect("phrase automaton")
        });
        PhraseSet {
            automaton,
            keys,
            payloads,
        }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The longest phrase starting at token `i`: the token after its end and
    /// its payloads.
    pub fn longest_at(&self, folded: &Folded, i: usize) -> Option<(usize, &[T])> {
        let ac = self.automaton.as_ref()?;
        let from = folded.starts[i] as usize;
        let input = Input::new(&folded.text)
            .span(from..folded.text.len())
            .anchored(Anchored::Yes);
        let m = ac.find(input)?;
        let end = folded.starts.binary_search(&(m.end() as u32)).ok()?;
        Some((end, &self.payloads[m.pattern().as_usize()]))
    }

    /// The payloads of an exact key (folded, with trailing space).
    pub fn get(&self, key: &str) -> Option<&[T]> {
        let i = self.keys.binary_search_by(|k| k.as_str().cmp(key)).ok()?;
        Some(&self.payloads[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    #[test]
    fn folding() {
        assert_eq!(fold_phrase("Milli Məclis"), "milli meclis ");
        assert_eq!(fold_phrase("U.S."), "us . ");
        assert_eq!(fold_phrase("Çavuşoğlu"), "cavusoglu ");
        assert_eq!(fold_phrase("US–Azerbaijani"), "us - azerbaijani ");
    }

    #[test]
    fn longest_match_on_token_boundaries() {
        let set = PhraseSet::build(vec![
            (fold_phrase("United States"), 1),
            (fold_phrase("United States of America"), 2),
            (fold_phrase("Iran"), 3),
        ]);
        let text = "the United States of America and Iranian Iran";
        let tokens = tokenize(text);
        let f = Folded::new(text, &tokens);
        assert_eq!(set.longest_at(&f, 1), Some((5, &[2][..])));
        assert_eq!(set.longest_at(&f, 6), None, "Iranian is not Iran");
        assert_eq!(set.longest_at(&f, 7), Some((8, &[3][..])));
    }
}
