//! Stage 2, tokenize: text in, tokens and sentences out.
//!
//! Tokens come from Unicode word segmentation (UAX #29) with byte offsets into
//! the decoded text; whitespace is dropped but remembered as a line break flag
//! on the next token. Possessive `'s` / `’s` is cut off the word it belongs to
//! and recorded as a flag, so `Azerbaijan’s` is the token `Azerbaijan`.
//! Sentences are ranges of tokens; a period ends a sentence unless it follows
//! an abbreviation, an initial or a dotted acronym (`Dr.`, `J.D.`, `U.S.`).

use unicode_segmentation::UnicodeSegmentation;

use crate::swar;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// One token: a word, a number or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// A line break stands between this token and the previous one.
    pub line_break_before: bool,
    /// Whitespace stands between this token and the previous one.
    pub space_before: bool,
    /// The word was followed by a possessive `'s`, cut off from the token.
    pub possessive: bool,
    /// The token is ASCII letters and digits only (so its matching key is
    /// its lower case).
    pub plain: bool,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A sentence: tokens `start..end` of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into tokens.
///
/// Most news text is ASCII, and UAX #29 is costly per character, so ASCII
/// (and the curly quotes and dashes of news text) is cut in one pass over a
/// byte class table, applying the UAX #29 rules that can fire on it. A run
/// between whitespace with another character in it is taken back and cut
/// by the full segmenter. Both give the same pieces (a test checks it).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut b = TokenBuilder::new(text);
    let bytes = text.as_bytes();
    // Where the current run between whitespace began, and the builder's
    // state there: what a non-ASCII character in the run rolls back to.
    let mut run = RunStart::default();
    let mut i = 0;
    while i < bytes.len() {
        let class = class_at(bytes, i);
        match class {
            Class::Space | Class::Newline => {
                b.space(class == Class::Newline);
                i += 1;
                run = RunStart::at(i, &b);
            }
            Class::High => match common_punctuation(bytes, i) {
                // Not joined to the piece before it: it stands alone.
                Some((_, width)) => {
                    b.ascii_piece(i, i + width, Class::Other, false);
                    i += width;
                }
                None => i = segment_run(&mut b, &run),
            },
            _ => {
                let start = i;
                let plain;
                (i, plain) = ascii_piece_end(bytes, i, class);
                b.ascii_piece(start, i, class, plain);
                // Most words end at one space: take it here.
                if bytes.get(i) == Some(&b' ') {
                    b.space(false);
                    i += 1;
                    run = RunStart::at(i, &b);
                }
            }
        }
    }
    b.tokens
}

/// The builder's state where a run between whitespace begins.
#[derive(Default)]
struct RunStart {
    byte: usize,
    tokens: usize,
    line_break: bool,
    space: bool,
}

impl RunStart {
    fn at(byte: usize, b: &TokenBuilder) -> RunStart {
        RunStart {
            byte,
            tokens: b.tokens.len(),
            line_break: b.line_break,
            space: b.space,
        }
    }
}

/// Drops the tokens made so far from the run that starts at `run`, cuts
/// the whole run with the UAX #29 segmenter, and returns where it ends.
fn segment_run(b: &mut TokenBuilder, run: &RunStart) -> usize {
    b.tokens.truncate(run.tokens);
    b.line_break = run.line_break;
    b.space = run.space;
    let text = b.text;
    let bytes = text.as_bytes();
    let mut end = run.byte;
    while end < bytes.len() && !matches!(class_at(bytes, end), Class::Space | Class::Newline) {
        end += 1;
    }
    // A boundary always stands before ASCII whitespace, but the segmenter
    // glues combining marks to a space before them: start at that space so
    // the run is cut as in the whole text.
    let from = run.byte.saturating_sub(1);
    for (s, piece) in text[from..end].split_word_bound_indices() {
        b.piece(from + s, piece);
    }
    end
}

/// UAX #29 word classes of bytes: ASCII whitespace, the classes of the
/// other ASCII characters, and any byte of a non-ASCII character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    // Letters and digits first: `is_alphanumeric` is one comparison.
    Letter,
    Digit,
    Space,
    Newline,
    /// `_`, which joins letters and digits on both sides.
    ExtendNumLet,
    /// `:`: inside a word between letters.
    MidLetter,
    /// `.` and `'`: inside a word between letters or between digits.
    MidNumLet,
    /// `,` and `;`: inside a number between digits.
    MidNum,
    Other,
    High,
}

impl Class {
    #[inline]
    fn is_alphanumeric(self) -> bool {
        (self as u8) <= Class::Digit as u8
    }
}

const CLASSES: [Class; 256] = {
    let mut table = [Class::High; 256];
    let mut c = 0;
    while c < 128 {
        table[c] = match c as u8 {
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => Class::Space,
            b'\n' => Class::Newline,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::ExtendNumLet,
            b':' => Class::MidLetter,
            b'.' | b'\'' => Class::MidNumLet,
            b',' | b';' => Class::MidNum,
            _ => Class::Other,
        };
        c += 1;
    }
    table
};

/// The non-ASCII punctuation of English news text (curly quotes, dashes,
/// bullets, guillemets, the ellipsis) at `bytes[i]`: its UAX #29 class and
/// its length in bytes. The fast path cuts these itself; any other
/// non-ASCII character sends its run to the segmenter.
#[inline]
fn common_punctuation(bytes: &[u8], i: usize) -> Option<(Class, usize)> {
    match bytes.get(i..i + 2)? {
        // `«` and `»`
        [0xc2, 0xab | 0xbb] => Some((Class::Other, 2)),
        [0xe2, 0x80] => match *bytes.get(i + 2)? {
            // `‘` and `’`: MidNumLet, like `'`.
            0x98 | 0x99 => Some((Class::MidNumLet, 3)),
            // `–`, `—`, `“`, `”`, `•`, `…`
            0x93 | 0x94 | 0x9c | 0x9d | 0xa2 | 0xa6 => Some((Class::Other, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// The class of `bytes[i]`; past the end, [`Class::Space`].
#[inline]
fn class_at(bytes: &[u8], i: usize) -> Class {
    match bytes.get(i) {
        Some(&c) => CLASSES[c as usize],
        None => Class::Space,
    }
}

/// Where the UAX #29 word piece of ASCII starting at `bytes[start]` (of
/// class `first`) ends. The rules that can fire on ASCII: letters, digits
/// and `_` join (WB5, WB8–WB10, WB13a–b); `:`, `.` and `'` join two letters
/// (WB6–7); `,`, `;`, `.` and `'` join two digits (WB11–12); everything
/// else stands alone (WB999). A piece stops before any non-ASCII byte.
/// Also says whether the piece is letters and digits only.
#[inline]
fn ascii_piece_end(bytes: &[u8], start: usize, first: Class) -> (usize, bool) {
    let mut i = start + 1;
    let mut plain = matches!(first, Class::Letter | Class::Digit);
    if !plain && first != Class::ExtendNumLet {
        return (i, false);
    }
    loop {
        // Most pieces are one run of letters and digits.
        i = alphanumeric_run_end(bytes, i);
        let last = CLASSES[bytes[i - 1] as usize];
        let (next, width) = match class_at(bytes, i) {
            Class::High => common_punctuation(bytes, i).unwrap_or((Class::High, 1)),
            class => (class, 1),
        };
        match next {
            Class::ExtendNumLet => {
                plain = false;
                i += 1;
            }
            Class::MidLetter | Class::MidNumLet | Class::MidNum => {
                let after = class_at(bytes, i + width);
                let joins = match last {
                    Class::Letter => next != Class::MidNum && after == Class::Letter,
                    Class::Digit => next != Class::MidLetter && after == Class::Digit,
                    _ => false,
                };
                if !joins {
                    return (i, plain);
                }
                plain = false;
                i += width + 1;
            }
            _ => return (i, plain),
        }
    }
}

/// Where the run of ASCII letters and digits from `bytes[i]` ends: eight
/// bytes at a time (one branch for most words, where a byte at a time
/// mispredicted the loop's end at every word), then one by one.
#[inline]
fn alphanumeric_run_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let stop = !swar::alphanumeric_mask(swar::word(chunk)) & swar::HIGHS;
        if stop != 0 {
            return i + stop.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while bytes
        .get(i)
        .is_some_and(|&c| CLASSES[c as usize].is_alphanumeric())
    {
        i += 1;
    }
    i
}

/// Turns the word pieces of a text into tokens.
struct TokenBuilder<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    line_break: bool,
    space: bool,
}

impl<'t> TokenBuilder<'t> {
    fn new(text: &'t str) -> Self {
        TokenBuilder {
            text,
            tokens: Vec::with_capacity(text.len() / 5),
            line_break: false,
            space: false,
        }
    }

    fn space(&mut self, line_break: bool) {
        self.line_break |= line_break;
        self.space = true;
    }

    fn piece(&mut self, start: usize, piece: &str) {
        let first = piece.chars().next().unwrap_or(' ');
        if first.is_whitespace() {
            self.space(piece.contains('\n'));
            return;
        }
        if first.is_alphabetic() {
            if let Some(cut) = glued(piece.as_bytes()) {
                self.unglue(start, start + piece.len(), cut);
                return;
            }
        }
        let kind = if first.is_alphabetic() {
            TokenKind::Word
        } else if first.is_numeric() {
            TokenKind::Number
        } else {
            TokenKind::Punct
        };
        let mut end = start + piece.len();
        let mut possessive = false;
        if kind == TokenKind::Word {
            if let Some(stem) = strip_possessive(piece) {
                end = start + stem.len();
                possessive = true;
            }
        }
        let stem = &self.text[start..end];
        let plain = kind != TokenKind::Punct && stem.bytes().all(|b| b.is_ascii_alphanumeric());
        self.push(start, end, kind, possessive, plain, piece.as_bytes());
    }

    /// A piece cut by the fast path (ASCII and [`common_punctuation`], no
    /// whitespace) whose first byte is of class `first`: as [`Self::piece`],
    /// with the kind and the possessive read from the bytes.
    // Called once per token: inlined, the call costs more than the work.
    #[inline(always)]
    fn ascii_piece(&mut self, start: usize, end: usize, first: Class, plain: bool) {
        let text = self.text;
        let bytes = &text.as_bytes()[start..end];
        let kind = match first {
            Class::Letter => TokenKind::Word,
            Class::Digit => TokenKind::Number,
            _ => TokenKind::Punct,
        };
        if kind == TokenKind::Word {
            // Letters and digits only (most pieces) can only have lost a
            // line break before `The`.
            let glue = if plain {
                // Asked first of the text (there is always a byte there,
                // before the word if it is short): a `T` three bytes from
                // the end, which almost no word has. A test of the word's
                // length first went either way at random.
                match text.as_bytes()[end.saturating_sub(3)] {
                    b'T' => lost_line_break(bytes),
                    _ => None,
                }
            } else {
                glued(bytes)
            };
            if let Some(cut) = glue {
                self.unglue(start, end, cut);
                return;
            }
        }
        // Letters and digits only (most pieces): no apostrophe, so no
        // possessive to cut.
        if plain {
            self.push(start, end, kind, false, true, bytes);
            return;
        }
        let n = bytes.len();
        // `'s` or `’s` after at least one character.
        let apostrophe = match bytes {
            [.., b'\'', _] => 1,
            [.., 0xe2, 0x80, 0x99, _] => 3,
            _ => 0,
        };
        let possessive = kind == TokenKind::Word
            && apostrophe > 0
            && n > apostrophe + 1
            && bytes[n - 1] | 0x20 == b's';
        let stem = if possessive { n - 1 - apostrophe } else { n };
        let stem_end = start + stem;
        // Not letters and digits only: the stem may be, without its `'s`.
        let plain = possessive && bytes[..stem].iter().all(u8::is_ascii_alphanumeric);
        self.push(start, stem_end, kind, possessive, plain, bytes);
    }

    /// Cuts the word piece `start..end` that text off the web glued
    /// together (see [`glued`]) into its parts at `(left, right)`, the
    /// second as if after a space.
    #[cold]
    fn unglue(&mut self, start: usize, end: usize, (left, right): (usize, usize)) {
        let text = self.text;
        self.piece(start, &text[start..start + left]);
        if right > left {
            self.piece(start + left, &text[start + left..start + right]);
        }
        self.space = true;
        self.piece(start + right, &text[start + right..end]);
    }

    /// Adds a token for the word piece `piece` at `start`, cut at `end`.
    // Called once per token: inlined, the call costs more than the work.
    #[inline(always)]
    fn push(
        &mut self,
        start: usize,
        end: usize,
        kind: TokenKind,
        possessive: bool,
        plain: bool,
        piece: &[u8],
    ) {
        let tokens = &mut self.tokens;
        // `Herzog`s`, `Azerbaijan's` split by the segmenter: a lone apostrophe
        // and `s` right after a word make that word possessive.
        if kind == TokenKind::Word && piece == b"s" && !self.space && tokens.len() >= 2 {
            let n = tokens.len();
            let quote = &self.text[tokens[n - 1].start..tokens[n - 1].end];
            if matches!(quote, "'" | "’" | "`" | "´")
                && tokens[n - 2].kind == TokenKind::Word
                && tokens[n - 2].end == tokens[n - 1].start
                && !tokens[n - 1].space_before
            {
                tokens.pop();
                tokens.last_mut().unwrap().possessive = true;
                self.space = false;
                self.line_break = false;
                return;
            }
        }
        tokens.push(Token {
            start,
            end,
            kind,
            line_break_before: self.line_break,
            space_before: self.space,
            possessive,
            plain,
        });
        self.line_break = false;
        self.space = false;
    }
}

/// Where a word piece holds two words that lost the space between them, as
/// text copied off the web does: `Tuesday.The` (a sentence's period, where
/// a domain name such as `News.Az` or `Report.az` has a short or lower-case
/// part after its dot), `Source:China` (UAX #29 keeps letters around a
/// colon together), `PalaceThe` (a line break lost before `The`). The end
/// of the first word and the start of the second.
fn glued(bytes: &[u8]) -> Option<(usize, usize)> {
    if let Some(cut) = lost_line_break(bytes) {
        return Some(cut);
    }
    let p = bytes.iter().position(|&b| b == b'.' || b == b':')?;
    let (left, right) = (&bytes[..p], &bytes[p + 1..]);
    let word = |w: &[u8]| w.iter().all(u8::is_ascii_alphabetic);
    let capitalised = right.first().is_some_and(u8::is_ascii_uppercase)
        && right[1..].iter().all(u8::is_ascii_lowercase);
    let ok = match bytes[p] {
        b'.' => {
            left.len() >= 2
                && word(left)
                && left[left.len() - 1].is_ascii_lowercase()
                && right.len() >= 3
                && capitalised
        }
        _ => left.len() >= 2 && word(left) && right.len() >= 2 && capitalised,
    };
    ok.then_some((p, p + 1))
}

/// `PalaceThe`: a word glued to the `The` of the next line; only the last
/// bytes are looked at.
#[inline]
fn lost_line_break(bytes: &[u8]) -> Option<(usize, usize)> {
    let n = bytes.len();
    // `then`, not `then_some`: the cut is worked out only for a hit (for
    // a word of under three bytes `n - 3` overflows).
    (n >= 6 && &bytes[n - 3..] == b"The" && bytes[n - 4].is_ascii_lowercase())
        .then(|| (n - 3, n - 3))
}

fn strip_possessive(word: &str) -> Option<&str> {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return Some(stem);
            }
        }
    }
    None
}

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "maj", "adm", "gov", "sen",
    "rep", "st", "jr", "sr", "no", "nos", "vol", "art", "inc", "ltd", "co", "corp", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "hon",
    "rev", "mt", "ft", "fig", "approx", "dept", "est", "pres", "amb", "cf", "al",
];

/// The length of the longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = {
    let (mut i, mut longest) = (0, 0);
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

fn is_abbreviation(word: &str) -> bool {
    // Sentences end after longer words far more often: they are not
    // compared with the whole list.
    word.len() <= LONGEST_ABBREVIATION && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
        // An initial (`J.`) or a dotted acronym (`U.S.`, `J.D.`).
        || (word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()))
        || word.contains('.')
}

/// Splits tokens into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    // News sentences run to some 25 tokens.
    let mut sentences = Vec::with_capacity(tokens.len() / 16 + 1);
    let wrapped = hard_wrapped(text);
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let next = i + 1;
        let mut boundary = next;
        let ends = match tokens.get(next) {
            None => false,
            Some(n)
                if n.line_break_before
                    && starts_new_line(text, n)
                    && !(wrapped && wraps_on(text, &tokens[i])) =>
            {
                true
            }
            Some(_) if tokens[i].kind != TokenKind::Punct => false,
            Some(_) => {
                // Bytes: a string slice would check its ends for character
                // boundaries at every punctuation mark.
                let t = &text.as_bytes()[tokens[i].start..tokens[i].end];
                // `…` is E2 80 A6.
                if matches!(t, b"." | b"!" | b"?" | b"\xe2\x80\xa6") {
                    // Closing quotes and brackets belong to the ending sentence.
                    while tokens
                        .get(boundary)
                        .is_some_and(|c| is_closer(c.text(text)) && !c.space_before)
                    {
                        boundary += 1;
                    }
                    match tokens.get(boundary) {
                        None => false,
                        Some(n) => {
                            let abbrev = || {
                                t == b"."
                                    && i > 0
                                    && tokens[i - 1].kind == TokenKind::Word
                                    && tokens[i - 1].end == tokens[i].start
                                    && is_abbreviation(tokens[i - 1].text(text))
                            };
                            n.space_before
                                && (n.line_break_before || !abbrev())
                                && opens_sentence(text, n)
                        }
                    }
                } else {
                    false
                }
            }
        };
        if ends {
            sentences.push(Sentence {
                start,
                end: boundary,
            });
            start = boundary;
            i = boundary;
        } else {
            i = next;
        }
    }
    if start < tokens.len() {
        sentences.push(Sentence {
            start,
            end: tokens.len(),
        });
    }
    sentences
}

/// Whether `text` is hard-wrapped, as wire copy of the 1990s is: five
/// lines or more, and two in five, of 50 to 90 bytes that end inside a
/// sentence (a letter, a digit or a comma).
fn hard_wrapped(text: &str) -> bool {
    let (mut lines, mut wrapped) = (0, 0);
    let mut from = 0;
    // Lines found by memchr (a vector search): asked of every document.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for end in ends {
        let line = text[from..end].trim_end();
        from = end + 1;
        if line.is_empty() {
            continue;
        }
        lines += 1;
        let inside = line
            .bytes()
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b',');
        if inside && (50..=90).contains(&line.len()) {
            wrapped += 1;
        }
    }
    wrapped >= 5 && wrapped * 5 >= lines * 2
}

/// In hard-wrapped text, whether the line break after token `t` only wraps
/// the line: the line is long, and ends inside a sentence.
fn wraps_on(text: &str, t: &Token) -> bool {
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..t.end]).map_or(0, |p| p + 1);
    let last = text.as_bytes()[t.end - 1];
    t.end - line_start >= 50 && (last.is_ascii_alphanumeric() || last == b',')
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

fn opens_sentence(text: &str, t: &Token) -> bool {
    let c = t.text(text).chars().next().unwrap_or(' ');
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '"' | '“' | '‘' | '\'' | '(' | '«' | '—' | '–' | '-' | '•'
        )
}

/// A line break starts a new sentence unless the new line continues the old
/// one in lower case (hard-wrapped text).
fn starts_new_line(text: &str, t: &Token) -> bool {
    !t.text(text)
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    fn sentences(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens)
            .iter()
            .map(|s| text[tokens[s.start].start..tokens[s.end - 1].end].to_string())
            .collect()
    }

    /// The segmenter over the whole text, without the ASCII fast path.
    fn reference(text: &str) -> Vec<Token> {
        let mut b = TokenBuilder::new(text);
        for (s, piece) in text.split_word_bound_indices() {
            b.piece(s, piece);
        }
        b.tokens
    }

    #[test]
    fn ascii_fast_path_cuts_as_the_segmenter() {
        let cases = [
            "U.S. a:b don't 2.5 1,000,000 3;4 a_b _x x_ 1_a a.1 1.a a'.b A1b2 ...",
            "x,y a;b 9:30 e.g. p.m. 'quoted' \"q\" (Baku) -- a--b 1.2.3 v1.2a",
            "Herzog`s Azerbaijan's x 's s' s ' s Məclis  Çavuşoğlu’s  “quoted”",
            "a \u{301}b \u{a0}c d\u{2002} e \u{2002}\u{301} f\u{200d}\u{1f600} 🇦🇿🇺🇸 \r\nx\u{85}y",
            "\u{feff}date 2026-02-09 On\tFebruary\x0b9,\x0cPresident",
        ];
        for text in cases {
            assert_eq!(tokenize(text), reference(text), "{text:?}");
        }
        // Pseudo-random strings over characters that exercise the rules.
        // Words of eight letters and digits or more cross the eight-byte
        // scan of letter runs.
        let alphabet: Vec<String> =
            "aZ9_:.',;- \n\t\r\"(əÇ’‘“”—–•…«»\u{301}\u{a0}\u{2002}\u{200d}🇦😀s"
                .chars()
                .map(String::from)
                .chain(["Parliamentary", "x2024y", "abcdefg"].map(String::from))
                .collect();
        let mut rng = crate::testing::Rng::new();
        for _ in 0..20_000 {
            let text = rng.string(13, &alphabet);
            assert_eq!(tokenize(&text), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn words_glued_off_the_web_are_cut_apart() {
        assert_eq!(
            words("talks on Tuesday.The sides agreed at the PalaceThe end Source:China Daily"),
            [
                "talks", "on", "Tuesday", ".", "The", "sides", "agreed", "at", "the", "Palace",
                "The", "end", "Source", ":", "China", "Daily"
            ]
        );
        assert_eq!(
            sentences("Talks on Tuesday.The sides agreed."),
            ["Talks on Tuesday.", "The sides agreed."]
        );
        // Domain names, initials, acronyms, times and names stay whole.
        for whole in ["News.Az", "Report.az", "J.D.", "U.S.", "DeSanto", "Lathe"] {
            assert_eq!(words(whole)[0], whole.trim_end_matches('.'), "{whole}");
        }
    }

    #[test]
    fn hard_wrapped_lines_do_not_end_sentences() {
        let line = "The talks went on for hours, and the sides agreed on a text that";
        let mut text = String::new();
        for _ in 0..5 {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("There has been a cease-fire since October, when troubleshooter Richard\n");
        text.push_str("Holbrooke worked out a deal.\nShort title\nNext one.");
        let got = sentences(&text);
        assert!(
            got.iter().any(|s| s.contains("Richard\nHolbrooke")),
            "{got:?}"
        );
        assert!(got.last().unwrap() == "Next one.", "{got:?}");
        // Not wrapped: a line break before a capital ends the sentence.
        assert_eq!(sentences("Title here\nThe text.").len(), 2);
    }

    #[test]
    fn possessives_are_cut_off() {
        let text = "Azerbaijan's and Azerbaijan’s and Herzog`s visit";
        let toks = tokenize(text);
        let w: Vec<_> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            w,
            ["Azerbaijan", "and", "Azerbaijan", "and", "Herzog", "visit"]
        );
        assert!(toks[0].possessive && toks[2].possessive && toks[4].possessive);
    }

    #[test]
    fn hyphen_and_dash_compounds_split() {
        assert_eq!(
            words("Azerbaijan-U.S. ties"),
            ["Azerbaijan", "-", "U.S", ".", "ties"]
        );
        assert_eq!(words("US–Azerbaijani"), ["US", "–", "Azerbaijani"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "Məclis  “quoted”";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = sentences("The U.S. President met J.D. Vance. Dr. Smith came on Jan. 5 with Gen. Lee. It cost 2.5 million.");
        assert_eq!(
            s,
            [
                "The U.S. President met J.D. Vance.",
                "Dr. Smith came on Jan. 5 with Gen. Lee.",
                "It cost 2.5 million."
            ]
        );
    }

    #[test]
    fn quotes_and_lines() {
        let s = sentences("He said: “We left.” Then he went.\nHeadline without stop\nBody starts here and\ngoes on.");
        assert_eq!(
            s,
            [
                "He said: “We left.”",
                "Then he went.",
                "Headline without stop",
                "Body starts here and\ngoes on."
            ]
        );
    }

    #[test]
    fn a_straight_quote_after_a_space_opens_the_next_sentence() {
        let s = sentences(
            "Ties grew with the US. \"We agree,\" he said. \"Yes.\" Then (he left.) Done.",
        );
        assert_eq!(
            s,
            [
                "Ties grew with the US.",
                "\"We agree,\" he said.",
                "\"Yes.\"",
                "Then (he left.)",
                "Done."
            ]
        );
    }

    #[test]
    fn no_sentence_break_inside_numbers() {
        assert_eq!(
            sentences("No. 5 is here. Next."),
            ["No. 5 is here.", "Next."]
        );
    }
}
