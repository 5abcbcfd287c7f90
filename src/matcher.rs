//! Stage 3, gazetteer match: tokens in, the longest known phrase at each token out.
//!
//! Every token is folded to a matching key (lower case, diacritics removed,
//! dots and apostrophes dropped inside words: `U.S.` and `US` both become
//! `us`, `Məclis` becomes `meclis`). Every word of every phrase is interned
//! in a [`Vocab`] once, when the gazetteer is built; a document looks each
//! of its tokens up there once ([`Folded`]), and phrases are matched over
//! those word ids in a trie: the longest phrase starting at a token then
//! costs one table look-up per token it covers, and no phrase can end
//! inside a token.

use rustc_hash::FxHashMap;
use unicode_normalization::char::decompose_canonical;

use crate::tokenize::{Token, TokenKind};

/// Appends the matching key of one token to `out`.
pub fn fold_token(token: &str, kind: TokenKind, out: &mut String) {
    if kind == TokenKind::Punct {
        // One ASCII character (the usual case) stands for itself, but for `.
        if token.len() == 1 && token != "`" {
            out.push_str(token);
            return;
        }
        match token {
            "–" | "—" | "‐" | "‑" | "−" => out.push('-'),
            "’" | "‘" | "`" | "´" => out.push('\''),
            "“" | "”" | "«" | "»" => out.push('"'),
            _ => out.push_str(token),
        }
        return;
    }
    // One pass tells what folding has to do; most words are ASCII, and
    // most of those are lower case already.
    let (mut high, mut upper, mut strip) = (false, false, false);
    for &b in token.as_bytes() {
        high |= b >= 0x80;
        upper |= b.is_ascii_uppercase();
        strip |= b == b'.' || b == b'\'';
    }
    if !high {
        let start = out.len();
        if strip {
            out.extend(token.chars().filter(|&c| c != '.' && c != '\''));
        } else {
            out.push_str(token);
        }
        if upper {
            out[start..].make_ascii_lowercase();
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
    // ASCII names split where the tokenizer would, without it (start-up
    // folds 19,000 of them): at anything but letters, digits, dots and
    // apostrophes, which folding drops.
    if name.is_ascii() {
        return name
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '\''))
            .map(fold_word)
            .filter(|w| !w.is_empty())
            .collect();
    }
    crate::tokenize::tokenize(name)
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| fold_word(t.text(name)))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Interned folded words: every word of a gazetteer phrase or word list
/// has a small id.
///
/// Every token of every document is looked up here, and most are found, so
/// the table is laid out for that: open addressing over small slots, and
/// the words' bytes side by side in one buffer (a hash map of boxed strings
/// reads a separate allocation, often a cache miss, for every hit). A slot
/// holds its word's first eight bytes and its length, which tell most words
/// (all of eight bytes or fewer) without reading the buffer.
#[derive(Debug, Default)]
pub struct Vocab {
    /// Linear probing; empty, or a power of two long and at most half full.
    slots: Vec<Slot>,
    /// The bytes of every word, one after the other.
    bytes: Vec<u8>,
    /// Where each word (by id) lies in `bytes`.
    spans: Vec<(u32, u32)>,
    len: usize,
    /// For each word id, a bit for each phrase set that has a phrase
    /// starting with the word ([`PhraseSet::first_bit`], bits 0 to 3), the
    /// same bit four higher for a set with the word as a phrase of its own,
    /// and in the high byte a bit for each set with the word later in a
    /// phrase.
    marks: Vec<u16>,
    /// The bits given to phrase sets so far.
    first_bits_used: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// The word's first eight bytes ([`word_head`]).
    head: u64,
    /// High bits of the word's hash and its length ([`tag`]), never 0: 0
    /// marks an empty slot.
    tag: u32,
    id: u32,
}

/// The first eight bytes of a word as a little-endian number, zero past
/// its end.
#[inline]
pub(crate) fn word_head(word: &[u8]) -> u64 {
    let mut head = [0; 8];
    let n = word.len().min(8);
    head[..n].copy_from_slice(&word[..n]);
    u64::from_le_bytes(head)
}

/// The id of a word no phrase or word list uses.
pub const UNKNOWN: u32 = u32::MAX;

/// The hash of a word: every token of every document is hashed, and most
/// are a few bytes long (rustc-hash's byte hasher cost 0.5% more
/// instructions of a whole run). A word of up to eight bytes is one number
/// (its bytes, the rest zero: no two words of one length give the same
/// number), longer ones are taken eight bytes at a time; each number is
/// mixed in with a folded multiply, so that every bit of the hash depends
/// on every bit of the word (the table takes its index from the low bits
/// and its tag from the high ones).
#[inline]
fn word_hash(word: &[u8]) -> u64 {
    let n = word.len();
    if n <= 8 {
        return short_word_hash(word_head(word), n);
    }
    long_word_hash(word)
}

/// The multiply that mixes one number into a hash.
#[inline]
fn mix(h: u64, w: u64) -> u64 {
    let product = u128::from(h ^ w) * u128::from(HASH_K);
    product as u64 ^ (product >> 64) as u64
}

const HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

/// [`word_hash`] of a word of `n` bytes, `n` at most eight, from its head
/// ([`word_head`], [`head_in`]). No branch on the word's length, which
/// mispredicted at every other word.
#[inline]
fn short_word_hash(head: u64, n: usize) -> u64 {
    debug_assert!(n <= 8 && head & !low_bytes(n) == 0);
    mix((n as u64).wrapping_mul(HASH_K), head)
}

/// The head ([`word_head`]) of the word of `n` bytes at `start` in `text`,
/// which has eight bytes or more from `start`: one load, masked to the
/// word's length.
#[inline]
fn head_in(text: &[u8], start: usize, n: usize) -> u64 {
    let eight = text[start..start + 8].try_into().expect("eight bytes");
    u64::from_le_bytes(eight) & low_bytes(n)
}

/// All ones over the low `n` bytes of a number (`n` at most eight; none
/// for 0, where the shift by 64 bits fails).
#[inline]
fn low_bytes(n: usize) -> u64 {
    u64::MAX.checked_shr(64 - 8 * n.min(8) as u32).unwrap_or(0)
}

/// [`word_hash`] of a word longer than eight bytes, eight at a time.
fn long_word_hash(word: &[u8]) -> u64 {
    let n = word.len();
    let mut h = (n as u64).wrapping_mul(HASH_K);
    let mut chunks = word.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().expect("eight bytes")));
    }
    // The last eight bytes, overlapping the last chunk.
    mix(
        h,
        u64::from_le_bytes(word[n - 8..].try_into().expect("eight bytes")),
    )
}

impl Vocab {
    /// The id of `word`, added if new.
    pub fn intern(&mut self, word: &str) -> u32 {
        let (hash, head) = (word_hash(word.as_bytes()), word_head(word.as_bytes()));
        if let Some(id) = self.find(word.as_bytes(), hash, head) {
            return id;
        }
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let id = self.len as u32;
        let slot = Slot {
            head,
            tag: tag(hash, word.len()),
            id,
        };
        self.spans
            .push((self.bytes.len() as u32, word.len() as u32));
        self.bytes.extend_from_slice(word.as_bytes());
        self.place(slot, hash);
        self.len += 1;
        self.marks.push(0);
        id
    }

    /// A bit of its own for a new phrase set, or 0 when all four are given
    /// (that set then never rules a token out before its trie).
    fn new_first_bit(&mut self) -> u16 {
        if self.first_bits_used >= MARKED_SETS {
            return 0;
        }
        self.first_bits_used += 1;
        1 << (self.first_bits_used - 1)
    }

    /// The phrase-set bits of the word with this id (0 for [`UNKNOWN`]).
    #[inline]
    fn marks_of(&self, id: u32) -> u16 {
        self.marks.get(id as usize).copied().unwrap_or(0)
    }

    /// The id of `word`, or [`UNKNOWN`].
    #[inline]
    pub fn get(&self, word: &str) -> u32 {
        let word = word.as_bytes();
        self.find(word, word_hash(word), word_head(word))
            .unwrap_or(UNKNOWN)
    }

    /// The ids of many words at once. The words are `bounds` in `text`,
    /// which has eight bytes or more after the start of every word: a short
    /// word's hash is taken from the eight bytes at its start.
    fn get_all(&self, text: &[u8], bounds: &[(u32, u32)]) -> Vec<u32> {
        bounds
            .iter()
            .map(|&(s, e)| {
                let (s, e) = (s as usize, e as usize);
                let word = &text[s..e];
                let (hash, head) = match e - s {
                    n @ 0..=8 => {
                        let head = head_in(text, s, n);
                        (short_word_hash(head, n), head)
                    }
                    // A long word's head is its first eight bytes whole.
                    _ => (long_word_hash(word), word_head(&word[..8])),
                };
                self.find(word, hash, head).unwrap_or(UNKNOWN)
            })
            .collect()
    }

    /// The id of `word`, whose hash is `hash` and head `head`
    /// ([`word_head`]). The slot's tag holds the word's length, and its
    /// head the first eight bytes: only a longer word has bytes to compare.
    // Once per token: inlined, the call costs more than the work.
    #[inline(always)]
    fn find(&self, word: &[u8], hash: u64, head: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let tag = tag(hash, word.len());
        let mut i = hash as usize & mask;
        loop {
            let s = self.slots[i];
            if s.tag == 0 {
                return None;
            }
            if s.tag == tag && s.head == head && (word.len() <= 8 || self.tail_is(s.id, word)) {
                return Some(s.id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether the word `id` (of `word`'s length, longer than eight bytes)
    /// ends as `word` does after its first eight bytes.
    fn tail_is(&self, id: u32, word: &[u8]) -> bool {
        let (start, len) = self.spans[id as usize];
        self.bytes[start as usize..(start + len) as usize].get(8..) == word.get(8..)
    }

    /// Puts `slot` in the first free place of its probe sequence.
    fn place(&mut self, slot: Slot, hash: u64) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        while self.slots[i].tag != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for slot in old.into_iter().filter(|s| s.tag != 0) {
            let (start, len) = self.spans[slot.id as usize];
            let hash = word_hash(&self.bytes[start as usize..(start + len) as usize]);
            self.place(slot, hash);
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// The word with id `id` (not [`UNKNOWN`]).
    pub fn word(&self, id: u32) -> &str {
        let (start, len) = self.spans[id as usize];
        std::str::from_utf8(&self.bytes[start as usize..(start + len) as usize])
            .expect("words are interned from strings")
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// A slot's tag: high bits of the word's hash, a bit that is always set
/// (a tag is never 0), and the word's length up to 255 in the low byte, so
/// that equal tags and heads are equal words up to eight bytes.
fn tag(hash: u64, len: usize) -> u32 {
    (hash >> 32) as u32 & !0x1ff | 0x100 | len.min(255) as u32
}

/// The matching keys of a document's tokens, and each token's word id.
///
/// Most keys are the token's own bytes in lower case, so the text is copied
/// and lower-cased once (ASCII letters only, which keeps it UTF-8 and keeps
/// every byte offset), and those keys are ranges of that copy; the keys of
/// the other tokens (with dots, apostrophes, diacritics) are appended.
#[derive(Debug, Default)]
pub struct Folded {
    text: String,
    /// Where each token's key lies in `text`.
    bounds: Vec<(u32, u32)>,
    /// The [`Vocab`] id of each token's key ([`UNKNOWN`] for a word no
    /// phrase or word list uses).
    pub ids: Vec<u32>,
    /// The phrase sets with a phrase starting at each token's word (bits of
    /// [`PhraseSet::first_bit`]), and with the word later in a phrase (those
    /// bits shifted up a byte): most tokens start none and continue none,
    /// and this small array says so without reading the sets' large tables.
    marks: Vec<u16>,
}

impl Folded {
    pub fn new(text: &str, tokens: &[Token], vocab: &Vocab) -> Folded {
        let mut folded = String::with_capacity(text.len() + text.len() / 8 + 8);
        folded.push_str(text);
        folded.make_ascii_lowercase();
        let mut bounds = Vec::with_capacity(tokens.len());
        for t in tokens {
            if key_is_lower_case(t, text) {
                bounds.push((t.start as u32, t.end as u32));
            } else {
                let from = folded.len();
                fold_token(t.text(text), t.kind, &mut folded);
                bounds.push((from as u32, folded.len() as u32));
            }
        }
        // The short words' hashes read eight bytes from each word's start.
        folded.push_str("\0\0\0\0\0\0\0\0");
        let ids = vocab.get_all(folded.as_bytes(), &bounds);
        let marks = ids.iter().map(|&id| vocab.marks_of(id)).collect();
        Folded {
            text: folded,
            bounds,
            ids,
            marks,
        }
    }

    /// The key of token `i`.
    #[inline]
    pub fn key(&self, i: usize) -> &str {
        let (s, e) = self.bounds[i];
        &self.text[s as usize..e as usize]
    }

    /// The first eight bytes of the key of token `i` as a little-endian
    /// number, zero past the key's end: one load from the folded text,
    /// which has eight bytes after the start of every key.
    #[inline]
    pub fn key_head(&self, i: usize) -> u64 {
        let (s, e) = self.bounds[i];
        head_in(self.text.as_bytes(), s as usize, (e - s) as usize)
    }

    /// The bytes of the key of token `i`: for comparing it with a word,
    /// without the check that a string slice's ends are character
    /// boundaries (which cost more than the comparisons).
    #[inline]
    pub fn key_bytes(&self, i: usize) -> &[u8] {
        let (s, e) = self.bounds[i];
        &self.text.as_bytes()[s as usize..e as usize]
    }
}

/// Whether a token's key is its text in lower case, as [`fold_token`] makes
/// it: a word of ASCII letters and digits, or one ASCII punctuation mark
/// (but for `` ` ``, which folds to an apostrophe).
#[inline]
fn key_is_lower_case(token: &Token, text: &str) -> bool {
    token.plain
        || (token.kind == TokenKind::Punct
            && token.end == token.start + 1
            && text.as_bytes()[token.start].is_ascii()
            && text.as_bytes()[token.start] != b'`')
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

/// The words of a folded key ([`fold_phrase`]: words and a trailing space).
fn key_words(key: &str) -> std::str::Split<'_, char> {
    key.strip_suffix(' ').unwrap_or(key).split(' ')
}

/// The first word of a folded key, as [`PhraseSet::build`] takes it.
pub fn first_key_word(key: &str) -> &str {
    key_words(key).next().unwrap_or("")
}

/// A set of phrases, each with a list of payloads, in a trie over word ids.
pub struct PhraseSet<T> {
    /// The payloads of each phrase.
    payloads: Vec<Vec<T>>,
    /// The trie node each word id leads to from the root.
    root: Vec<u32>,
    /// Edges below the root: `(node << 32 | word id)` → node.
    edges: FxHashMap<u64, u32>,
    /// The phrase ending at each node, or [`NO_PHRASE`].
    phrase_at: Vec<u32>,
    /// This set's bit in [`Folded::marks`] (0: none, look at every token).
    first_bit: u16,
}

/// Phrase sets with marks of their own: each takes three bits of a
/// token's marks (first word, one-word phrase, later word).
const MARKED_SETS: u32 = 4;

const NO_NODE: u32 = u32::MAX;
const NO_PHRASE: u32 = u32::MAX;

impl<T> PhraseSet<T> {
    /// Builds the set from (folded key, payload) pairs, interning the words
    /// of the keys in `vocab`. Keys may repeat; the payloads of a key keep
    /// their order.
    pub fn build<K: AsRef<str>>(
        items: impl IntoIterator<Item = (K, T)>,
        vocab: &mut Vocab,
    ) -> PhraseSet<T> {
        let mut set = PhraseSet {
            payloads: Vec::new(),
            root: Vec::new(),
            edges: FxHashMap::default(),
            phrase_at: Vec::new(),
            first_bit: vocab.new_first_bit(),
        };
        for (key, payload) in items {
            let key = key.as_ref();
            if key.trim().is_empty() {
                continue;
            }
            let mut words = key_words(key).peekable();
            let first = vocab.intern(words.next().unwrap_or(""));
            let alone = if words.peek().is_none() {
                set.first_bit << 4
            } else {
                0
            };
            vocab.marks[first as usize] |= set.first_bit | alone;
            let mut node = set.root_child(first);
            for w in words {
                let w = vocab.intern(w);
                vocab.marks[w as usize] |= set.first_bit << 8;
                node = set.child(node, w);
            }
            let phrase = &mut set.phrase_at[node as usize];
            if *phrase == NO_PHRASE {
                *phrase = set.payloads.len() as u32;
                set.payloads.push(Vec::new());
            }
            set.payloads[*phrase as usize].push(payload);
        }
        set
    }

    fn new_node(&mut self) -> u32 {
        self.phrase_at.push(NO_PHRASE);
        self.phrase_at.len() as u32 - 1
    }

    fn root_child(&mut self, word: u32) -> u32 {
        let w = word as usize;
        if self.root.len() <= w {
            self.root.resize(w + 1, NO_NODE);
        }
        if self.root[w] == NO_NODE {
            self.root[w] = self.new_node();
        }
        self.root[w]
    }

    fn child(&mut self, node: u32, word: u32) -> u32 {
        let edge = u64::from(node) << 32 | u64::from(word);
        if let Some(&c) = self.edges.get(&edge) {
            return c;
        }
        let c = self.new_node();
        self.edges.insert(edge, c);
        c
    }

    pub fn len(&self) -> usize {
        self.payloads.len()
    }

    /// Every phrase of the set as its folded key (words joined by spaces)
    /// with its payloads, in no particular order: what the trie holds, for
    /// inspecting it or for matching the phrases another way.
    pub fn phrases<'s>(&'s self, vocab: &'s Vocab) -> Vec<(String, &'s [T])> {
        // Each node's parent and the word that leads to it.
        let mut up = vec![(NO_NODE, UNKNOWN); self.phrase_at.len()];
        for (word, &node) in self.root.iter().enumerate() {
            if node != NO_NODE {
                up[node as usize] = (NO_NODE, word as u32);
            }
        }
        for (&edge, &child) in &self.edges {
            up[child as usize] = ((edge >> 32) as u32, edge as u32);
        }
        let mut out = Vec::with_capacity(self.payloads.len());
        for (node, &p) in self.phrase_at.iter().enumerate() {
            if p == NO_PHRASE {
                continue;
            }
            let mut words = Vec::new();
            let mut n = node as u32;
            while n != NO_NODE {
                let (parent, word) = up[n as usize];
                words.push(vocab.word(word));
                n = parent;
            }
            words.reverse();
            out.push((words.join(" "), self.payloads[p as usize].as_slice()));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.payloads.is_empty()
    }

    /// The longest phrase starting at token `i`: the token after its end and
    /// its payloads.
    #[inline]
    pub fn longest_at(&self, folded: &Folded, i: usize) -> Option<(usize, &[T])> {
        // Most tokens start no phrase: decide that before the trie walk.
        if !self.may_be_at(folded, i, self.first_bit) {
            return None;
        }
        self.longest_within(folded, i, folded.ids.len())
    }

    /// As [`Self::longest_at`], for a phrase that ends at token `limit` at
    /// the latest.
    #[inline]
    pub fn longest_within(&self, folded: &Folded, i: usize, limit: usize) -> Option<(usize, &[T])> {
        let first = *folded.ids.get(i)?;
        match self.root.get(first as usize) {
            Some(&node) if node != NO_NODE && i < limit => {
                self.longest_from(folded, i, node, limit)
            }
            _ => None,
        }
    }

    /// Whether a phrase of this set may start at token `i`: false when the
    /// token's marks rule it out, as [`Self::longest_at`] would find.
    #[inline]
    pub fn may_start_at(&self, folded: &Folded, i: usize) -> bool {
        self.may_be_at(folded, i, self.first_bit)
    }

    /// The tokens of `range` where a phrase of this set may start, in
    /// order: a word that is a phrase of its own, or a first word followed
    /// by a word that some phrase has later (most tokens that start a
    /// phrase, `the`, `was`, `in`, start none here). Asking each token in
    /// turn is a branch per token that goes either way at random; this
    /// reads the marks 64 tokens at a time into a bit mask and steps from
    /// one set bit to the next.
    pub fn starts_in<'f>(
        &self,
        folded: &'f Folded,
        range: std::ops::Range<usize>,
    ) -> MarkedTokens<'f> {
        let end = range.end.min(folded.marks.len());
        MarkedTokens {
            marks: &folded.marks,
            // 0 for a set with no bit of its own (more sets than bits):
            // every token.
            bit: self.first_bit,
            next: range.start.min(end),
            end,
            base: 0,
            mask: 0,
        }
    }

    /// Whether token `i` may be where a phrase of this set has a word:
    /// false when its marks rule it out (`bit` is the first-word bit or the
    /// later-word bit of the set).
    #[inline]
    fn may_be_at(&self, folded: &Folded, i: usize, bit: u16) -> bool {
        self.first_bit == 0 || folded.marks.get(i).is_none_or(|m| m & bit != 0)
    }

    fn longest_from(
        &self,
        folded: &Folded,
        i: usize,
        mut node: u32,
        limit: usize,
    ) -> Option<(usize, &[T])> {
        let ids = &folded.ids[..limit.min(folded.ids.len())];
        let mut best = None;
        let mut j = i + 1;
        loop {
            let p = self.phrase_at[node as usize];
            if p != NO_PHRASE {
                best = Some((j, p));
            }
            let Some(&word) = ids.get(j) else { break };
            if word == UNKNOWN || !self.may_be_at(folded, j, self.first_bit << 8) {
                break;
            }
            match self.edges.get(&(u64::from(node) << 32 | u64::from(word))) {
                Some(&c) => {
                    node = c;
                    j += 1;
                }
                None => break,
            }
        }
        best.map(|(end, p)| (end, self.payloads[p as usize].as_slice()))
    }
}

/// The tokens whose marks let a phrase start, as [`PhraseSet::starts_in`]
/// gives them.
pub struct MarkedTokens<'f> {
    marks: &'f [u16],
    /// The set's first-word bit, or 0 for every token.
    bit: u16,
    /// The first token not yet read into `mask`.
    next: usize,
    end: usize,
    /// The token of bit 0 of `mask`.
    base: usize,
    /// The tokens from `base` yet to be given, one bit each.
    mask: u64,
}

impl Iterator for MarkedTokens<'_> {
    type Item = usize;

    /// The next token where a phrase may start: with the set's first-word
    /// bit, and a word that is a phrase of its own or a next word that is
    /// later in one (most first words, `the`, `was`, `in`, start none where
    /// they stand, and are ruled out here before the trie).
    #[inline]
    fn next(&mut self) -> Option<usize> {
        let (alone, later) = (self.bit << 4, self.bit << 8);
        loop {
            let i = self.next_marked()?;
            let marks = |i: usize| self.marks.get(i).copied().unwrap_or(0);
            if self.bit == 0 || marks(i) & alone != 0 || marks(i + 1) & later != 0 {
                return Some(i);
            }
        }
    }
}

impl MarkedTokens<'_> {
    /// The next token with the set's first-word bit.
    #[inline]
    fn next_marked(&mut self) -> Option<usize> {
        while self.mask == 0 {
            if self.next >= self.end {
                return None;
            }
            let block = &self.marks[self.next..self.end.min(self.next + 64)];
            self.mask = match self.bit {
                0 => u64::MAX >> (64 - block.len()),
                bit => block
                    .iter()
                    .enumerate()
                    .fold(0, |m, (k, &marks)| m | u64::from(marks & bit != 0) << k),
            };
            self.base = self.next;
            self.next += block.len();
        }
        let k = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.base + k)
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn ascii_names_split_as_the_tokenizer_does() {
        let slow = |name: &str| -> Vec<String> {
            crate::tokenize::tokenize(name)
                .iter()
                .filter(|t| t.kind == TokenKind::Word)
                .map(|t| fold_word(t.text(name)))
                .filter(|w| !w.is_empty())
                .collect()
        };
        let people = include_str!("../gazetteers/people.csv");
        for line in people.lines().skip(1).take(5000) {
            let name = line.split(',').nth(1).unwrap_or("");
            if name.is_ascii() {
                assert_eq!(name_words(name), slow(name), "{name}");
            }
        }
        for name in [
            "J.D. Vance",
            "Abdel Fattah el-Sisi",
            "Conan O'Brien",
            "Tsai Ing-wen",
        ] {
            assert_eq!(name_words(name), slow(name), "{name}");
        }
    }

    use super::*;
    use crate::tokenize::tokenize;

    #[test]
    fn keys_taken_from_the_lower_cased_text_are_the_folded_tokens() {
        let text = "Azerbaijan G20 2024 U.S. O'Brien Məclis Çavuşoğlu , ` — ’ _x a_b \
                    Azerbaijan's Baku’s 2.5 9:30 A1b2 ÇAVUŞOĞLU Ünal IRAN's";
        let tokens = crate::tokenize::tokenize(text);
        assert!(tokens.iter().any(|t| key_is_lower_case(t, text)));
        assert!(tokens.iter().any(|t| !key_is_lower_case(t, text)));
        let folded = Folded::new(text, &tokens, &Vocab::default());
        for (i, t) in tokens.iter().enumerate() {
            let mut expected = String::new();
            fold_token(t.text(text), t.kind, &mut expected);
            assert_eq!(folded.key(i), expected, "{t:?}");
        }
    }

    #[test]
    fn vocabulary_ids_are_given_in_order_and_found_again() {
        let mut vocab = Vocab::default();
        assert_eq!(vocab.get("the"), UNKNOWN);
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(vocab.intern(w), i as u32);
        }
        assert_eq!(vocab.intern("w17"), 17);
        assert_eq!(vocab.len(), 5000);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(vocab.get(w), i as u32);
        }
        for absent in ["", "w", "w5000", "w17 ", "W17"] {
            assert_eq!(vocab.get(absent), UNKNOWN, "{absent:?}");
        }
        assert_eq!(vocab.intern(""), 5000);
        assert_eq!(vocab.get(""), 5000);
    }

    #[test]
    fn a_document_finds_every_word_as_the_vocabulary_does() {
        // Words of one ASCII character go by a table of their own.
        let mut vocab = Vocab::default();
        for w in ["a", ",", "-", "of", "the", "é", "international"] {
            vocab.intern(&fold_word(w));
        }
        let text = "A man, a plan - of the canal: é International b";
        let tokens = crate::tokenize::tokenize(text);
        let folded = Folded::new(text, &tokens, &vocab);
        for (i, _) in tokens.iter().enumerate() {
            assert_eq!(
                folded.ids[i],
                vocab.get(folded.key(i)),
                "{:?}",
                folded.key(i)
            );
        }
        assert!(folded.ids.iter().filter(|&&id| id != UNKNOWN).count() >= 8);
    }

    #[test]
    fn folding() {
        assert_eq!(fold_phrase("Milli Məclis"), "milli meclis ");
        assert_eq!(fold_phrase("U.S."), "us . ");
        assert_eq!(fold_phrase("Çavuşoğlu"), "cavusoglu ");
        assert_eq!(fold_phrase("US–Azerbaijani"), "us - azerbaijani ");
    }

    #[test]
    fn longest_match_on_token_boundaries() {
        let mut vocab = Vocab::default();
        let set = PhraseSet::build(
            vec![
                (fold_phrase("United States"), 1),
                (fold_phrase("United States of America"), 2),
                (fold_phrase("Iran"), 3),
            ],
            &mut vocab,
        );
        let text = "the United States of America and Iranian Iran";
        let tokens = tokenize(text);
        let f = Folded::new(text, &tokens, &vocab);
        assert_eq!(set.longest_at(&f, 1), Some((5, &[2][..])));
        assert_eq!(set.longest_at(&f, 6), None, "Iranian is not Iran");
        assert_eq!(set.longest_at(&f, 7), Some((8, &[3][..])));
    }

    #[test]
    fn a_set_gives_back_its_phrases_and_payloads() {
        let mut vocab = Vocab::default();
        let set = PhraseSet::build(
            vec![
                (fold_phrase("United States"), 1),
                (fold_phrase("United States of America"), 2),
                (fold_phrase("U.S."), 3),
                (fold_phrase("United States"), 4),
            ],
            &mut vocab,
        );
        let mut phrases: Vec<(String, Vec<i32>)> = set
            .phrases(&vocab)
            .into_iter()
            .map(|(k, p)| (k, p.to_vec()))
            .collect();
        phrases.sort();
        let expected = [
            ("united states", vec![1, 4]),
            ("united states of america", vec![2]),
            ("us .", vec![3]),
        ];
        assert_eq!(phrases, expected.map(|(k, p)| (k.to_string(), p)));
    }

    #[test]
    fn a_key_head_is_the_keys_first_eight_bytes() {
        let text = "A Məclis of U.S. officials met in Kyiv; Internationalisation, too.";
        let tokens = tokenize(text);
        let f = Folded::new(text, &tokens, &Vocab::default());
        for i in 0..tokens.len() {
            let key = f.key_bytes(i);
            let mut head = [0; 8];
            let n = key.len().min(8);
            head[..n].copy_from_slice(&key[..n]);
            assert_eq!(f.key_head(i), u64::from_le_bytes(head), "{:?}", f.key(i));
        }
    }

    #[test]
    fn the_starts_of_a_set_are_the_tokens_its_marks_let_through() {
        let mut vocab = Vocab::default();
        let set = PhraseSet::build(
            vec![(fold_phrase("United States"), 1), (fold_phrase("Iran"), 2)],
            &mut vocab,
        );
        let other = PhraseSet::build(vec![(fold_phrase("the"), 3)], &mut vocab);
        // Over 64 tokens, so that ranges cross the blocks of the mask.
        let text = "the United States and Iran, then Iran and the United Kingdom. ".repeat(12);
        let tokens = tokenize(&text);
        let f = Folded::new(&text, &tokens, &vocab);
        assert!(tokens.len() > 130);
        for range in [
            0..tokens.len(),
            3..70,
            63..65,
            64..128,
            5..5,
            100..tokens.len() + 9,
        ] {
            for set in [&set, &other] {
                let starts: Vec<usize> = set.starts_in(&f, range.clone()).collect();
                // A token lets a phrase start when it is a one-word phrase,
                // or a first word before a later word (the reference reads
                // the bits one token at a time).
                let marks = |i: usize| f.marks.get(i).copied().unwrap_or(0);
                let asked: Vec<usize> = range
                    .clone()
                    .filter(|&i| i < tokens.len() && set.may_start_at(&f, i))
                    .filter(|&i| {
                        marks(i) & set.first_bit << 4 != 0 || marks(i + 1) & set.first_bit << 8 != 0
                    })
                    .collect();
                assert_eq!(starts, asked, "{range:?}");
                let found = range.clone().filter(|&i| set.longest_at(&f, i).is_some());
                assert!(found.into_iter().all(|i| starts.contains(&i)));
            }
        }
        // Past four sets, a set has no bits of its own: every token may
        // start one of its phrases.
        let sets: Vec<PhraseSet<u32>> = (0..9)
            .map(|k| PhraseSet::build(vec![(fold_phrase(&format!("word{k}")), k)], &mut vocab))
            .collect();
        let f = Folded::new(&text, &tokens, &vocab);
        assert_eq!(sets[8].first_bit, 0);
        assert_eq!(
            sets[8].starts_in(&f, 3..70).collect::<Vec<_>>(),
            (3..70).collect::<Vec<_>>()
        );
        // `United Kingdom` is no phrase, and `Kingdom` is no later word of
        // one: only `United States` and `Iran` may start here.
        assert_eq!(set.starts_in(&f, 0..12).collect::<Vec<_>>(), [1, 4, 7]);
    }
}
