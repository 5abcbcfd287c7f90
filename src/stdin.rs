//! Stage 1 for pipes: a stream in, documents out.
//!
//! `dyad -` reads one document, decoded like a file (see [`crate::read`]),
//! from standard input. `dyad --jsonl -` reads JSON Lines, one record a line:
//! `{"id": ..., "text": ..., "date": ...}`, where `id` is a string or a
//! number and `date` (ISO `YYYY-MM-DD`) may be missing, in which case the
//! text's own dateline is used as for a file. A line that is not such a
//! record becomes an `error` row of `documents.csv` (document `stdin:LINE`,
//! or `NAME:LINE` for a file of records) and the stream goes on.
//! Records are read as they are needed, so a stream of any length runs in
//! flat memory.

use std::io::{BufRead, Read};

use serde::Deserialize;

use crate::read::{decode, find_date, Document, ReadOutcome};

/// The id of the document read from standard input.
pub const STDIN_ID: &str = "stdin";

/// Reads the whole of `input` as one document, skipping it when it is
/// larger than `max_bytes` or binary.
pub fn read_one(mut input: impl Read, max_bytes: u64) -> ReadOutcome {
    let mut raw = Vec::new();
    // One byte more than allowed tells a stream that is too long.
    if let Err(e) = input.by_ref().take(max_bytes + 1).read_to_end(&mut raw) {
        return ReadOutcome::Failed {
            id: STDIN_ID.into(),
            reason: e.to_string(),
        };
    }
    let bytes = raw.len() as u64;
    if bytes > max_bytes {
        return ReadOutcome::Skipped {
            id: STDIN_ID.into(),
            bytes,
            reason: format!("larger than --max-file-size ({max_bytes} bytes)"),
        };
    }
    match decode(&raw) {
        Ok((text, warning)) => ReadOutcome::Ok(Document {
            id: STDIN_ID.into(),
            bytes,
            date: find_date(&text),
            text,
            warning,
        }),
        Err(reason) => ReadOutcome::Skipped {
            id: STDIN_ID.into(),
            bytes,
            reason,
        },
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(serde_json::Number),
}

#[derive(Deserialize)]
struct Record {
    id: Id,
    text: String,
    #[serde(default)]
    date: Option<String>,
}

/// The documents of a JSON Lines stream, one per non-blank line.
pub struct JsonLines<R> {
    input: R,
    /// What the ids of bad lines name: `stdin`, or the file's name.
    source: String,
    line: u64,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    /// The records of `input`; a bad line is the document `SOURCE:LINE`.
    pub fn new(input: R, source: &str) -> JsonLines<R> {
        JsonLines {
            input,
            source: source.to_string(),
            line: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = ReadOutcome;

    fn next(&mut self) -> Option<ReadOutcome> {
        let mut buf = String::new();
        while !self.done {
            buf.clear();
            self.line += 1;
            match self.input.read_line(&mut buf) {
                Ok(0) => self.done = true,
                Ok(_) if buf.trim().is_empty() => continue,
                Ok(_) => return Some(parse_record(&buf, &self.source, self.line)),
                Err(e) => {
                    // A stream that cannot be read (not UTF-8, a broken
                    // device) cannot be resynchronised: report and stop.
                    self.done = true;
                    return Some(ReadOutcome::Failed {
                        id: line_id(&self.source, self.line),
                        reason: e.to_string(),
                    });
                }
            }
        }
        None
    }
}

fn line_id(source: &str, line: u64) -> String {
    format!("{source}:{line}")
}

/// One JSON Lines record as a document.
fn parse_record(text: &str, source: &str, line: u64) -> ReadOutcome {
    let record: Record = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            return ReadOutcome::Failed {
                id: line_id(source, line),
                reason: format!("line {line}: not a record {{\"id\", \"text\", \"date\"}}: {e}"),
            }
        }
    };
    let id = match record.id {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    };
    let (date, warning) = match record.date.filter(|d| !d.trim().is_empty()) {
        Some(d) if is_iso_date(d.trim()) => (Some(d.trim().to_string()), None),
        Some(d) => (
            find_date(&record.text),
            Some(format!("date {d:?} is not YYYY-MM-DD: ignored")),
        ),
        None => (find_date(&record.text), None),
    };
    ReadOutcome::Ok(Document {
        id,
        bytes: record.text.len() as u64,
        text: record.text,
        date,
        warning,
    })
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(o: ReadOutcome) -> Document {
        match o {
            ReadOutcome::Ok(d) => d,
            other => panic!("not read: {other:?}"),
        }
    }

    #[test]
    fn one_document_from_a_stream() {
        let d = ok(read_one(&b"06 November 2024\nAliyev met Korn."[..], 1000));
        assert_eq!(d.id, "stdin");
        assert_eq!(d.date.as_deref(), Some("2024-11-06"));
        assert!(matches!(
            read_one(&b"0123456789"[..], 5),
            ReadOutcome::Skipped { bytes: 6, .. }
        ));
    }

    #[test]
    fn records_with_and_without_dates() {
        let input = concat!(
            "{\"id\": \"a\", \"text\": \"One.\", \"date\": \"2024-01-02\"}\n",
            "\n",
            "{\"id\": 7, \"text\": \"Baku, 3 February 2020\\nTwo.\"}\n",
            "{\"id\": \"c\", \"text\": \"Three.\", \"date\": \"yesterday\"}\n",
            "not json\n",
            "{\"text\": \"no id\"}\n",
        );
        let out: Vec<_> = JsonLines::new(input.as_bytes(), STDIN_ID).collect();
        assert_eq!(out.len(), 5);
        let mut out = out.into_iter();
        let a = ok(out.next().unwrap());
        assert_eq!(
            (a.id.as_str(), a.date.as_deref()),
            ("a", Some("2024-01-02"))
        );
        let b = ok(out.next().unwrap());
        assert_eq!(
            (b.id.as_str(), b.date.as_deref()),
            ("7", Some("2020-02-03"))
        );
        let c = ok(out.next().unwrap());
        assert!(c.warning.unwrap().contains("yesterday"));
        for (rest, line) in out.zip([5, 6]) {
            match rest {
                ReadOutcome::Failed { id, reason } => {
                    assert_eq!(id, format!("stdin:{line}"));
                    assert!(reason.starts_with(&format!("line {line}:")), "{reason}");
                }
                other => panic!("line {line} accepted: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_lines_of_a_file_are_named_after_it() {
        let input = "{\"id\": \"a\", \"text\": \"One.\"}\nnot json\n";
        let mut out = JsonLines::new(input.as_bytes(), "recs.jsonl");
        assert_eq!(ok(out.next().unwrap()).id, "a");
        match &out.next().unwrap() {
            ReadOutcome::Failed { id, .. } => assert_eq!(id, "recs.jsonl:2"),
            other => panic!("accepted: {other:?}"),
        }
    }

    #[test]
    fn iso_dates() {
        assert!(is_iso_date("2026-02-09"));
        assert!(!is_iso_date("2026-13-09"));
        assert!(!is_iso_date("2026-2-9"));
        assert!(!is_iso_date("२०२६-02-09"));
    }
}
