//! The token table of one document: tokens in, the questions every stage
//! asks of them out.
//!
//! A [`Doc`] is built once per document, after tokenizing and folding, and
//! read by every later stage (name rules, resolve, relations): each token's
//! folded key, its shape (capitalised, lower case, a domain name), its word
//! classes, and the title phrase that starts at it. It sits below the
//! stages so that none of them reaches into another for it.

use crate::gazetteer::{Gazetteer, WordClass};
use crate::matcher::Folded;
use crate::tokenize::{Token, TokenKind};

/// The tokens of one document with what the stages need to look at them.
pub struct Doc<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub folded: &'a Folded,
    pub gaz: &'a Gazetteer,
    /// [`CAPITALIZED`], [`DOMAIN_NAME`] and [`LOWER_CASE`] bits of each
    /// token: the name rules ask them of most tokens several times.
    shapes: Vec<u8>,
    /// The capitalised tokens, in order: the rules that look only at them
    /// step through these instead of every token.
    capitalized: Vec<u32>,
    /// The tokens that start a title phrase or are a pronoun (word), in
    /// order: where role phrases and pronouns may stand.
    titles_and_pronouns: Vec<u32>,
    /// The title phrase starting at each token: its end and role.
    titles: Vec<Option<(usize, &'a str)>>,
}

/// A set of words as 2,048 bits, one per word from a hash of its first
/// eight bytes and length: a word whose bit is clear is not in the set, so
/// most asks end without comparing a word or hashing it in full.
pub struct WordSketch([u64; 32]);

impl WordSketch {
    pub fn new() -> WordSketch {
        WordSketch([0; 32])
    }

    pub fn insert(&mut self, word: &[u8]) {
        let (w, bit) = Self::place(word);
        self.0[w] |= bit;
    }

    /// False when `word` is surely not in the set.
    #[inline]
    pub fn may_contain(&self, word: &[u8]) -> bool {
        let (w, bit) = Self::place(word);
        self.0[w] & bit != 0
    }

    /// As [`Self::may_contain`] for the key of token `i`, read from the
    /// folded text in one load (copying a word's bytes out first stalls the
    /// load that reads them back, at every capitalised word).
    #[inline]
    pub fn may_contain_key(&self, folded: &Folded, i: usize) -> bool {
        let (w, bit) = Self::place_head(folded.key_head(i), folded.key_bytes(i).len());
        self.0[w] & bit != 0
    }

    #[inline]
    fn place(word: &[u8]) -> (usize, u64) {
        Self::place_head(crate::matcher::word_head(word), word.len())
    }

    /// The bit of a word of `len` bytes whose first eight (or fewer, the
    /// rest zero) are `head`.
    #[inline]
    fn place_head(head: u64, len: usize) -> (usize, u64) {
        let h = (head ^ (len as u64) << 59).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let slot = (h >> 53) as usize;
        (slot / 64, 1 << (slot % 64))
    }
}

impl Default for WordSketch {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a> Doc<'a> {
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        folded: &'a Folded,
        gaz: &'a Gazetteer,
    ) -> Doc<'a> {
        // One pass over the tokens, for the tables and the lists.
        let n = tokens.len();
        let mut shapes = Vec::with_capacity(n);
        // Titles start at few tokens: only those the title phrases' marks
        // let through are looked up.
        let mut titles = vec![None; n];
        for i in gaz.titles.starts_in(folded, 0..n) {
            titles[i] = gaz
                .titles
                .longest_at(folded, i)
                .map(|(end, t)| (with_title_period(text, tokens, end), t[0].role.as_str()));
        }
        let mut capitalized = Vec::with_capacity(n / 4);
        let mut titles_and_pronouns = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let shape = match t.plain {
                // Letters and digits: only the first letter's case counts.
                true if text.as_bytes()[t.start].is_ascii_uppercase() => CAPITALIZED,
                true if text.as_bytes()[t.start].is_ascii_lowercase() => LOWER_CASE,
                true => 0,
                false => token_shape(text, t),
            };
            if shape & CAPITALIZED != 0 {
                capitalized.push(i as u32);
            }
            shapes.push(shape);
            // `H.E.` folds to `he` but is a title.
            let pronoun = t.kind == TokenKind::Word
                && gaz.token_classes(folded, i) & WordClass::Pronoun.bit() != 0
                && !t.text(text).contains('.');
            if titles[i].is_some() || pronoun {
                titles_and_pronouns.push(i as u32);
            }
        }
        Doc {
            text,
            tokens,
            folded,
            gaz,
            shapes,
            capitalized,
            titles_and_pronouns,
            titles,
        }
    }

    #[inline]
    pub fn tok(&self, i: usize) -> &str {
        self.tokens[i].text(self.text)
    }

    #[inline]
    pub fn key(&self, i: usize) -> &'a str {
        self.folded.key(i)
    }

    /// Whether the key of token `i` is `word`.
    #[inline]
    pub fn key_is(&self, i: usize, word: &str) -> bool {
        self.folded.key_bytes(i) == word.as_bytes()
    }

    /// Whether the key of token `i` is one of `words`.
    #[inline]
    pub fn key_in(&self, i: usize, words: &[&str]) -> bool {
        let key = self.folded.key_bytes(i);
        words.iter().any(|w| w.as_bytes() == key)
    }

    #[inline]
    pub fn is_word(&self, i: usize) -> bool {
        i < self.tokens.len() && self.tokens[i].kind == TokenKind::Word
    }

    /// A punctuation token: only these need their text compared with
    /// punctuation marks.
    #[inline]
    pub fn is_punct(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Punct
    }

    /// A word that begins with a capital letter.
    #[inline]
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.shapes.get(i).is_some_and(|s| s & CAPITALIZED != 0)
    }

    /// The capitalised tokens in `range`, in order.
    pub fn capitalized_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = usize> + '_ {
        let from = self
            .capitalized
            .partition_point(|&i| (i as usize) < range.start);
        self.capitalized[from..]
            .iter()
            .map(|&i| i as usize)
            .take_while(move |&i| i < range.end)
    }

    /// The capitalised tokens of `sentences` (in order, as the pipeline
    /// cuts them), each with its sentence's index: one walk of both lists
    /// instead of a search for each sentence's first.
    pub fn capitalized_by_sentence<'s>(
        &'s self,
        sentences: &'s [std::ops::Range<usize>],
    ) -> impl Iterator<Item = (usize, usize)> + 's {
        let mut si = 0;
        self.capitalized.iter().filter_map(move |&i| {
            let i = i as usize;
            while si < sentences.len() && sentences[si].end <= i {
                si += 1;
            }
            (si < sentences.len() && sentences[si].start <= i).then_some((si, i))
        })
    }

    /// The tokens that start a title phrase or are a pronoun, in order.
    pub fn titles_and_pronouns(&self) -> impl Iterator<Item = usize> + '_ {
        self.titles_and_pronouns.iter().map(|&i| i as usize)
    }

    /// A word whose first character is lower case: no gazetteer name but
    /// a capital's may start there (their case rules want it upper).
    #[inline]
    pub fn starts_lower_case(&self, i: usize) -> bool {
        self.shapes.get(i).is_some_and(|s| s & LOWER_CASE != 0)
    }

    /// Whether some token with word id `id` starts lower case and passes
    /// `also` (asked only of those: for a word the vocabulary does not
    /// know, which shares its id with every unknown one, its key tells).
    /// Sixteen tokens at a time without a branch each: the compiler turns
    /// the fold into vector compares, and a block with no such token is
    /// done with there.
    pub fn any_lower_case_with_id(&self, id: u32, also: impl Fn(usize) -> bool) -> bool {
        let ids = &self.folded.ids;
        let lower = |k: usize| self.shapes[k] & LOWER_CASE != 0;
        let (id_blocks, rest) = ids.as_chunks::<16>();
        let (shape_blocks, _) = self.shapes.as_chunks::<16>();
        for (b, (is, ss)) in id_blocks.iter().zip(shape_blocks).enumerate() {
            let seen = is.iter().zip(ss).fold(false, |seen, (&o, &s)| {
                seen | (o == id) & (s & LOWER_CASE != 0)
            });
            if seen && (b * 16..b * 16 + 16).any(|k| ids[k] == id && lower(k) && also(k)) {
                return true;
            }
        }
        (ids.len() - rest.len()..ids.len()).any(|k| ids[k] == id && lower(k) && also(k))
    }

    /// A capitalised word with a dot inside, as in a domain name (`Report.az`).
    #[inline]
    pub fn is_domain_name(&self, i: usize) -> bool {
        self.shapes.get(i).is_some_and(|s| s & DOMAIN_NAME != 0)
    }

    /// Whether token `i` is of a word class. Looked up in the gazetteer at
    /// each ask, by the word's id: a table of every token's classes cost
    /// more to fill than the asks it saved.
    #[inline]
    pub fn has_class(&self, i: usize, class: WordClass) -> bool {
        i < self.tokens.len() && self.gaz.token_classes(self.folded, i) & class.bit() != 0
    }

    /// Two tokens touch (no whitespace between them).
    pub fn touching(&self, a: usize, b: usize) -> bool {
        b < self.tokens.len() && self.tokens[a].end == self.tokens[b].start
    }

    /// A title phrase starting at `i`: its end and role.
    pub fn title_at(&self, i: usize) -> Option<(usize, &'a str)> {
        self.titles.get(i).copied().flatten()
    }

    /// The role and words of the title at `start..end`, as `role|words`:
    /// role phrases resolve by role for offices (`the head of state`) and
    /// by the title's own words for the rest (`the Spokesperson`).
    pub fn title_ref(&self, start: usize, end: usize, role: &str) -> String {
        let mut out = String::with_capacity(role.len() + 1 + 8 * (end - start));
        out.push_str(role);
        out.push('|');
        self.push_words(start, end, &mut out);
        out
    }

    /// Appends the folded words of tokens `start..end` to `out`, one space
    /// between them.
    pub fn push_words(&self, start: usize, end: usize, out: &mut String) {
        for (n, i) in (start..end).filter(|&i| self.is_word(i)).enumerate() {
            if n > 0 {
                out.push(' ');
            }
            out.push_str(self.key(i));
        }
    }

    /// A title phrase ending right before token `end` (looking back at most
    /// four tokens): its start and role. A courtesy title (role `royal` or
    /// `honorific`) right after an office's (`Emir Sheikh Tamim`, `Foreign
    /// Minister Dr. S Jaishankar`, `Prime Minister Sir Keir Starmer`) is
    /// part of that office's title: the office is the role.
    pub fn title_ending_at(&self, end: usize) -> Option<(usize, &str)> {
        let nearest = self.nearest_title_ending_at(end)?;
        if matches!(nearest.1, "royal" | "honorific") {
            if let Some(outer) = self.nearest_title_ending_at(nearest.0) {
                return Some(outer);
            }
        }
        Some(nearest)
    }

    fn nearest_title_ending_at(&self, end: usize) -> Option<(usize, &str)> {
        (end.saturating_sub(5)..end).find_map(|s| {
            self.title_at(s)
                .filter(|(e, _)| *e == end)
                .map(|(_, r)| (s, r))
        })
    }
}

/// The end of a title phrase that ends at token `end`, with the period of
/// an abbreviated title (`Dr.`, `Gen.`): a capitalised word of at most four
/// bytes, the period right after it.
fn with_title_period(text: &str, tokens: &[Token], end: usize) -> usize {
    let last = tokens[end - 1].text(text);
    let abbreviated = last.len() <= 4 && last.chars().next().is_some_and(char::is_uppercase);
    if abbreviated
        && end < tokens.len()
        && tokens[end].text(text) == "."
        && tokens[end - 1].end == tokens[end].start
    {
        end + 1
    } else {
        end
    }
}

const CAPITALIZED: u8 = 1;
const DOMAIN_NAME: u8 = 2;
const LOWER_CASE: u8 = 4;

/// The [`CAPITALIZED`], [`DOMAIN_NAME`] and [`LOWER_CASE`] bits of a token.
fn token_shape(text: &str, t: &Token) -> u8 {
    if t.kind != TokenKind::Word {
        return 0;
    }
    let word = &text.as_bytes()[t.start..t.end];
    // Decide ASCII without decoding a char.
    let first = match word.first() {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => t.text(text).chars().next().unwrap_or(' '),
    };
    if first.is_lowercase() {
        return LOWER_CASE;
    }
    if !first.is_uppercase() {
        return 0;
    }
    // Two characters or more on each side of the one dot.
    let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| !is_continuation(b)).count();
    let domain = match word.iter().rposition(|&b| b == b'.') {
        Some(dot) => {
            let (a, b) = (&word[..dot], &word[dot + 1..]);
            chars(a) >= 2 && chars(b) >= 2 && !a.contains(&b'.')
        }
        None => false,
    };
    CAPITALIZED | if domain { DOMAIN_NAME } else { 0 }
}

/// A UTF-8 byte that continues a character.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_sketch_holds_its_words_and_rules_out_most_others() {
        let names = ["jaishankar", "lavrov", "wang", "al", "abdullahian", "x"];
        let mut sketch = WordSketch::new();
        for w in names {
            sketch.insert(w.as_bytes());
        }
        assert!(names.iter().all(|w| sketch.may_contain(w.as_bytes())));
        // Words sharing a beginning or a length with the set's are still
        // told apart (the hash takes both).
        let others = [
            "jaishankars",
            "lavrova",
            "wan",
            "all",
            "abdullahi",
            "y",
            "the",
            "said",
        ];
        let passed = others
            .iter()
            .filter(|w| sketch.may_contain(w.as_bytes()))
            .count();
        assert!(passed <= 1, "{passed} of {} passed", others.len());
        // A token's key asks as the word itself does.
        let text = "Jaishankar met Lavrov and WANG Yi, not Wan or Abdullahi.";
        let tokens = crate::tokenize::tokenize(text);
        let folded = Folded::new(text, &tokens, &crate::matcher::Vocab::default());
        for i in 0..tokens.len() {
            assert_eq!(
                sketch.may_contain_key(&folded, i),
                sketch.may_contain(folded.key_bytes(i)),
                "{}",
                folded.key(i)
            );
        }
    }

    #[test]
    fn capitalised_tokens_by_sentence_are_each_sentences_own() {
        let gaz = crate::testing::default_gazetteer();
        let text = "Aliyev met Putin. then Erdogan and Orban spoke in Baku. \
                    nothing here. Macron Left.";
        let tokens = crate::tokenize::tokenize(text);
        let folded = Folded::new(text, &tokens, &gaz.vocab);
        let doc = Doc::new(text, &tokens, &folded, gaz);
        let n = tokens.len();
        // Sentences as cut, and ranges with gaps and empty ones between.
        for sentences in [
            vec![0..4, 4..12, 12..15, 15..n],
            vec![0..2, 3..3, 5..9, 14..n],
            vec![],
            vec![0..4, 4..n],
        ] {
            let walked: Vec<(usize, usize)> = doc.capitalized_by_sentence(&sentences).collect();
            let searched: Vec<(usize, usize)> = sentences
                .iter()
                .enumerate()
                .flat_map(|(si, r)| doc.capitalized_in(r.clone()).map(move |i| (si, i)))
                .collect();
            assert_eq!(walked, searched, "{sentences:?}");
        }
    }
}
