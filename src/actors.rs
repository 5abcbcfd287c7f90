//! Reads TABARI/PETRARCH `.actors` dictionaries into the gazetteer.
//!
//! The format political scientists maintain: an entry per line in column 1
//! (`ILHAM_ALIYEV_`, words joined by `_`, optionally `[CODE]`), `+SYNONYM`
//! lines after it, and indented date-bounded codes (`[AZEGOV >031031]`,
//! `[AZEELI 780101-030804]`). A three-letter code on the entry line makes it
//! a country; another code on the entry line (`[IGOUNO]`) an organisation;
//! an entry with only indented codes is a person whose country is the first
//! three letters of the code.

use std::path::Path;

use crate::error::{Error, Result};
use crate::gazetteer::{EntityType, GazetteerBuilder, RoleTenure, Surface};

struct Pending {
    line: u64,
    name: String,
    code: Option<String>,
    synonyms: Vec<String>,
    roles: Vec<(String, String, String)>,
}

/// Loads one `.actors` file.
pub fn load_actors(b: &mut GazetteerBuilder, path: &Path, text: &str) -> Result<()> {
    let mut pending: Option<Pending> = None;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n as u64 + 1;
        let line = raw.split('#').next().unwrap_or("");
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        let line = line.trim();
        if let Some(syn) = line.strip_prefix('+') {
            let p = pending
                .as_mut()
                .ok_or_else(|| Error::data(path, line_no, "synonym before any entry"))?;
            p.synonyms.push(words(syn));
        } else if indented {
            let p = pending
                .as_mut()
                .ok_or_else(|| Error::data(path, line_no, "code line before any entry"))?;
            let (code, dates) = parse_code(line)
                .ok_or_else(|| Error::data(path, line_no, format!("bad code line {line:?}")))?;
            let (start, end) = parse_dates(&dates)
                .ok_or_else(|| Error::data(path, line_no, format!("bad date range {dates:?}")))?;
            p.roles.push((code, start, end));
        } else {
            if let Some(p) = pending.take() {
                flush(b, path, p)?;
            }
            let (name_part, code) = match line.find('[') {
                Some(i) => (&line[..i], parse_code(&line[i..]).map(|c| c.0)),
                None => (line, None),
            };
            pending = Some(Pending {
                line: line_no,
                name: words(name_part),
                code,
                synonyms: Vec::new(),
                roles: Vec::new(),
            });
        }
    }
    if let Some(p) = pending.take() {
        flush(b, path, p)?;
    }
    Ok(())
}

fn words(s: &str) -> String {
    let s = s.trim().trim_end_matches('_');
    s.split('_')
        .filter(|w| !w.is_empty())
        .map(title_case)
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_case(w: &str) -> String {
    if w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase() || c == '.') {
        return w.to_string();
    }
    let mut out = String::new();
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn parse_code(s: &str) -> Option<(String, String)> {
    let inner = s.trim().strip_prefix('[')?.split(']').next()?.trim();
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.to_string();
    Some((code, parts.next().unwrap_or("").to_string()))
}

/// `>031031`, `<031031`, `930624-031031` (yymmdd) to ISO start and end.
fn parse_dates(s: &str) -> Option<(String, String)> {
    let iso = |d: &str| -> Option<String> {
        if d.len() != 6 || !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let yy: u32 = d[..2].parse().ok()?;
        let year = if yy >= 30 { 1900 + yy } else { 2000 + yy };
        Some(format!("{year}-{}-{}", &d[2..4], &d[4..6]))
    };
    if s.is_empty() {
        return Some((String::new(), String::new()));
    }
    if let Some(d) = s.strip_prefix('>') {
        return Some((iso(d)?, String::new()));
    }
    if let Some(d) = s.strip_prefix('<') {
        return Some((String::new(), iso(d)?));
    }
    let (a, z) = s.split_once('-')?;
    Some((iso(a)?, iso(z)?))
}

fn flush(b: &mut GazetteerBuilder, path: &Path, p: Pending) -> Result<()> {
    if p.name.is_empty() {
        return Err(Error::data(path, p.line, "empty entry name"));
    }
    let err = |m: String| Error::data(path, p.line, m);
    let (etype, id, country) = match &p.code {
        Some(c) if c.len() == 3 => (EntityType::Country, c.clone(), Some(c.clone())),
        Some(c) => (
            EntityType::Org,
            format!("org/{}", crate::ids::slug(&p.name)),
            Some(c.chars().take(3).collect::<String>())
                .filter(|c| c != "IGO" && c != "NGO" && c != "IMG" && c != "MNC"),
        ),
        None => {
            let country = p
                .roles
                .first()
                .map(|r| r.0.chars().take(3).collect::<String>());
            (
                EntityType::Person,
                format!("person/{}", crate::ids::slug(&p.name)),
                country,
            )
        }
    };
    let i = b
        .entity(&id, &p.name, etype, country.as_deref())
        .map_err(err)?;
    for s in &p.synonyms {
        if !s.is_empty() {
            b.phrase(s, i, Surface::Alias, false).map_err(err)?;
        }
    }
    if etype == EntityType::Person {
        for (code, start, end) in p.roles {
            let role = match code.get(3..6) {
                Some("GOV") => "government",
                Some("OPP") => "opposition",
                Some("MIL") => "military",
                _ => "official",
            };
            b.push_role(RoleTenure {
                entity: i,
                country: Some(code.chars().take(3).collect()),
                role: role.to_string(),
                start,
                end,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_synonyms_and_dated_codes() {
        let text =
            "ILHAM_ALIYEV_  # comment\n\t[AZEGOV >031031]\nAZERBAIJAN_ [AZE]\n+AZERBAIJANI_\n";
        let mut b = GazetteerBuilder::new();
        load_actors(&mut b, Path::new("x.actors"), text).unwrap();
        let g = b.build();
        let p = g.find_id("person/ilham-aliyev").unwrap();
        assert_eq!(&*g.entity(p).name, "Ilham Aliyev");
        assert_eq!(g.entity(p).country.as_deref(), Some("AZE"));
        assert!(g.held_role(p, "government", Some("2020-01-01")));
        assert!(g.find_id("AZE").is_some());
    }

    #[test]
    fn bad_dates_name_the_line() {
        let text = "A_B_\n\t[AZEGOV 03x031]\n";
        let mut b = GazetteerBuilder::new();
        let e = load_actors(&mut b, Path::new("x.actors"), text).unwrap_err();
        assert!(e.to_string().starts_with("x.actors:2:"), "{e}");
    }
}
