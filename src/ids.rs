//! Ids: entity names in, the stable ids of `entities.csv` out.
//!
//! A name found by rule gets `person/<slug>` or `org/<slug>` of its
//! normalised name, so the same name has the same id in every document and
//! every run; the gazetteer's `.actors` loader makes its ids the same way.
//! Below every stage: the gazetteer and the resolver both use it.

use crate::matcher::fold_word;

/// Slug of a name for ids: ASCII, lower case, words joined by `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_slug(name, &mut out);
    out
}

/// The id of an entity found by rule: `kind/` and the slug of its name.
pub fn rule_id(kind: &str, name: &str) -> String {
    let mut id = String::with_capacity(kind.len() + 1 + name.len());
    id.push_str(kind);
    id.push('/');
    push_slug(name, &mut id);
    id
}

/// Appends the slug of `name` to `out`.
fn push_slug(name: &str, out: &mut String) {
    let start = out.len();
    let dash = |out: &mut String| {
        if out.len() > start && !out.ends_with('-') {
            out.push('-');
        }
    };
    if name.is_ascii() {
        // What folding makes of ASCII: dots and apostrophes dropped, lower
        // case (most names found by rule are ASCII). Runs of letters and
        // digits are copied whole and lower-cased at the end.
        let bytes = name.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let run = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if run > 0 {
                out.push_str(&name[i..i + run]);
                i += run;
                continue;
            }
            if !matches!(bytes[i], b'.' | b'\'') {
                dash(out);
            }
            i += 1;
        }
        out[start..].make_ascii_lowercase();
    } else {
        for c in fold_word(name).chars() {
            if c.is_alphanumeric() {
                out.push(c);
            } else {
                dash(out);
            }
        }
    }
    // At most one `-` ends it: none is pushed after another.
    if out.len() > start && out.ends_with('-') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Betsy Berns Korn"), "betsy-berns-korn");
        assert_eq!(slug("Mevlüt Çavuşoğlu"), "mevlut-cavusoglu");
        assert_eq!(slug("Antony J. Blinken"), "antony-j-blinken");
        // Runs of other characters make one dash; none at either end.
        assert_eq!(slug("(U.S.-Israel  Forum)"), "us-israel-forum");
        assert_eq!(slug("“Bakı — Məclis”"), "baki-meclis");
        assert_eq!(slug("O'Brien's"), "obriens");
        assert_eq!(rule_id("org", "Report.az"), "org/reportaz");
        assert_eq!(rule_id("person", "..."), "person/");
    }

    #[test]
    fn an_ascii_name_slugs_as_byte_by_byte_folding_does() {
        // The reference: each byte on its own, as folding treats it.
        let reference = |name: &str| {
            let mut out = String::new();
            for &b in name.as_bytes() {
                match b {
                    b'.' | b'\'' => {}
                    _ if b.is_ascii_alphanumeric() => out.push(b.to_ascii_lowercase() as char),
                    _ if !out.is_empty() && !out.ends_with('-') => out.push('-'),
                    _ => {}
                }
            }
            if out.ends_with('-') {
                out.pop();
            }
            out
        };
        let pieces = [
            "Al", "x", "B2", ".", "'", " ", "-", "  ", "(", "Z", "9", "_",
        ];
        let mut rng = crate::testing::Rng::new();
        for _ in 0..5_000 {
            let name = rng.string(10, &pieces);
            assert_eq!(slug(&name), reference(&name), "{name:?}");
        }
    }
}
