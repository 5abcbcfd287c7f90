//! Stage 2, tokenize: text in, tokens and sentences out.
//!
//! Tokens come from Unicode word segmentation (UAX #29) with byte offsets into
//! the decoded text; whitespace is dropped but remembered as a line break flag
//! on the next token. Possessive `'s` / `’s` is cut off the word it belongs to
//! and recorded as a flag, so `Azerbaijan’s` is the token `Azerbaijan`.
//! Sentences are ranges of tokens; a period ends a sentence unless it follows
//! an abbreviation, an initial or a dotted acronym (`Dr.`, `J.D.`, `U.S.`).

use unicode_segmentation::UnicodeSegmentation;

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
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut line_break = false;
    let mut space = false;
    for (start, piece) in text.split_word_bound_indices() {
        let first = piece.chars().next().unwrap_or(' ');
        if first.is_whitespace() {
            line_break |= piece.contains('\n');
            space = true;
            continue;
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
        // `Herzog`s`, `Azerbaijan's` split by the segmenter: a lone apostrophe
        // and `s` right after a word make that word possessive.
        if kind == TokenKind::Word && piece == "s" && !space && tokens.len() >= 2 {
            let n = tokens.len();
            let quote = &text[tokens[n - 1].start..tokens[n - 1].end];
            if matches!(quote, "'" | "’" | "`" | "´")
                && tokens[n - 2].kind == TokenKind::Word
                && tokens[n - 2].end == tokens[n - 1].start
                && !tokens[n - 1].space_before
            {
                tokens.pop();
                tokens.last_mut().unwrap().possessive = true;
                space = false;
                line_break = false;
                continue;
            }
        }
        tokens.push(Token {
            start,
            end,
            kind,
            line_break_before: line_break,
            space_before: space,
            possessive,
        });
        line_break = false;
        space = false;
    }
    tokens
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

fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        // An initial (`J.`) or a dotted acronym (`U.S.`, `J.D.`).
        || (word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()))
        || word.contains('.')
}

/// Splits tokens into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let next = i + 1;
        let mut boundary = next;
        let ends = match tokens.get(next) {
            None => false,
            Some(n) if n.line_break_before && starts_new_line(text, n) => true,
            Some(_) => {
                let t = tokens[i].text(text);
                if matches!(t, "." | "!" | "?" | "…") {
                    // Closing quotes and brackets belong to the ending sentence.
                    while tokens
                        .get(boundary)
                        .is_some_and(|c| is_closer(c.text(text)) && !c.line_break_before)
                    {
                        boundary += 1;
                    }
                    match tokens.get(boundary) {
                        None => false,
                        Some(n) => {
                            let abbrev = t == "."
                                && i > 0
                                && tokens[i - 1].kind == TokenKind::Word
                                && tokens[i - 1].end == tokens[i].start
                                && is_abbreviation(tokens[i - 1].text(text));
                            n.space_before
                                && (n.line_break_before || !abbrev)
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
    fn no_sentence_break_inside_numbers() {
        assert_eq!(
            sentences("No. 5 is here. Next."),
            ["No. 5 is here.", "Next."]
        );
    }
}
