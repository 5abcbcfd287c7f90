//! Stage 7, write: analyses in, CSV files out.
//!
//! Each file is written to a temporary name in the output folder and renamed
//! over the final name only when the run has finished, so an interrupted run
//! never leaves a half-written file and the previous output stays intact.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::read::Document;
use crate::resolve::DocEntity;

pub const MENTIONS_HEADER: &[&str] = &[
    "doc", "sentence", "start", "end", "text", "type", "entity", "name", "method",
];
pub const RELATIONS_HEADER: &[&str] = &[
    "doc",
    "sentence",
    "relation",
    "kind",
    "source",
    "source_name",
    "source_type",
    "target",
    "target_name",
    "target_type",
    "trigger",
    "date",
    "evidence",
];
pub const DOCUMENTS_HEADER: &[&str] = &[
    "doc",
    "bytes",
    "date",
    "sentences",
    "mentions",
    "relations",
    "status",
    "message",
];
pub const ENTITIES_HEADER: &[&str] = &["id", "name", "type", "country", "mentions", "documents"];

/// One CSV file being written under a temporary name.
struct Pending {
    out: BufWriter<File>,
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Pending> {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let mut p = Pending {
            out: BufWriter::with_capacity(1 << 16, file),
            tmp,
            path,
        };
        let mut row = Vec::new();
        csv_row(&mut row, header);
        p.bytes(&row)?;
        Ok(p)
    }

    /// Appends rows rendered by [`csv_row`].
    fn bytes(&mut self, rows: &[u8]) -> Result<()> {
        self.out
            .write_all(rows)
            .map_err(|e| Error::io(&self.tmp, e))
    }

    fn finish(self) -> Result<()> {
        let file = self
            .out
            .into_inner()
            .map_err(|e| Error::io(&self.tmp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&self.tmp, e))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

/// Appends one CSV record to `out` as the csv crate writes it by default
/// (RFC 4180, `\n` after each record): a field with a comma, a quote or a
/// line break is quoted, its quotes doubled. Rows are rendered by the
/// workers, in parallel, and the writer only copies bytes.
pub fn csv_row<T: AsRef<[u8]>>(out: &mut Vec<u8>, fields: &[T]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let f = field.as_ref();
        if f.iter().any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
            out.push(b'"');
            for &b in f {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else if f.is_empty() && fields.len() == 1 {
            // A record of one empty field would read as no record.
            out.extend_from_slice(b"\"\"");
        } else {
            out.extend_from_slice(f);
        }
    }
    out.push(b'\n');
}

#[derive(Default)]
struct EntityTotals {
    name: String,
    etype: &'static str,
    country: String,
    mentions: u64,
    documents: u64,
}

/// The status row of a document that was not analysed.
pub struct Unread<'a> {
    pub id: &'a str,
    pub bytes: u64,
    pub status: &'a str,
    pub message: &'a str,
}

/// The CSV rows of one analysed document, ready to be copied into the
/// files: rendering is the costly part of writing and runs in the workers.
pub struct Rendered {
    mentions: Vec<u8>,
    relations: Vec<u8>,
    document: Vec<u8>,
    /// Each entity the document mentions, with its number of mentions.
    entities: Vec<(DocEntity, u64)>,
    pub sentence_count: u64,
    pub mention_count: u64,
    pub relation_count: u64,
}

/// Renders the rows of one analysed document.
pub fn render(doc: &Document, a: &Analysis) -> Rendered {
    let text = &doc.text;
    let mut mentions = Vec::with_capacity(a.mentions.len() * 96);
    for m in &a.mentions {
        let (start, end) = a.byte_span(m.start, m.end);
        let e = &a.entities[m.entity];
        csv_row(
            &mut mentions,
            &[
                doc.id.as_bytes(),
                Num::new(m.sentence as u64).bytes(),
                Num::new(start as u64).bytes(),
                Num::new(end as u64).bytes(),
                &text.as_bytes()[start..end],
                e.etype.as_str().as_bytes(),
                e.id.as_bytes(),
                e.name.as_bytes(),
                m.method.as_str().as_bytes(),
            ],
        );
    }
    let mut relations = Vec::new();
    let (mut evidence, mut trigger) = (String::new(), String::new());
    for r in &a.relations {
        let (s, t) = (&a.entities[r.source], &a.entities[r.target]);
        let (ss, se) = a.sentence_span(r.sentence);
        let (ts, te) = a.byte_span(r.trigger.0, r.trigger.1);
        one_line(&text[ss..se], &mut evidence);
        one_line(&text[ts..te], &mut trigger);
        csv_row(
            &mut relations,
            &[
                doc.id.as_bytes(),
                Num::new(r.sentence as u64).bytes(),
                r.relation.as_str().as_bytes(),
                r.kind.as_bytes(),
                s.id.as_bytes(),
                s.name.as_bytes(),
                s.etype.as_str().as_bytes(),
                t.id.as_bytes(),
                t.name.as_bytes(),
                t.etype.as_str().as_bytes(),
                trigger.as_bytes(),
                r.date.as_deref().unwrap_or("").as_bytes(),
                evidence.as_bytes(),
            ],
        );
    }
    let (status, message) = match &doc.warning {
        Some(w) => ("warning", w.as_str()),
        None => ("ok", ""),
    };
    let mut document = Vec::new();
    csv_row(
        &mut document,
        &[
            doc.id.as_bytes(),
            Num::new(doc.bytes).bytes(),
            doc.date.as_deref().unwrap_or("").as_bytes(),
            Num::new(a.sentences.len() as u64).bytes(),
            Num::new(a.mentions.len() as u64).bytes(),
            Num::new(a.relations.len() as u64).bytes(),
            status.as_bytes(),
            message.as_bytes(),
        ],
    );
    let mut counts = vec![0u64; a.entities.len()];
    for m in &a.mentions {
        counts[m.entity] += 1;
    }
    let entities = a
        .entities
        .iter()
        .zip(counts)
        .filter(|&(_, n)| n > 0)
        .map(|(e, n)| (e.clone(), n))
        .collect();
    Rendered {
        mentions,
        relations,
        document,
        entities,
        sentence_count: a.sentences.len() as u64,
        mention_count: a.mentions.len() as u64,
        relation_count: a.relations.len() as u64,
    }
}

/// A number in decimal, formatted on the stack.
struct Num {
    buf: [u8; 20],
    start: usize,
}

impl Num {
    fn new(mut n: u64) -> Num {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        loop {
            start -= 1;
            buf[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return Num { buf, start };
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

/// Writes the four CSV files of a run, one document at a time.
pub struct Output {
    mentions: Pending,
    relations: Pending,
    documents: Pending,
    /// Totals by entity id; sorted by id when `entities.csv` is written.
    entities: HashMap<String, EntityTotals>,
    dir: PathBuf,
    pub mention_count: u64,
    pub relation_count: u64,
    pub sentence_count: u64,
}

impl Output {
    /// Creates the output folder (if needed) and the temporary files.
    pub fn create(dir: &Path) -> Result<Output> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        Ok(Output {
            mentions: Pending::create(dir, "mentions.csv", MENTIONS_HEADER)?,
            relations: Pending::create(dir, "relations.csv", RELATIONS_HEADER)?,
            documents: Pending::create(dir, "documents.csv", DOCUMENTS_HEADER)?,
            entities: HashMap::new(),
            dir: dir.to_path_buf(),
            mention_count: 0,
            relation_count: 0,
            sentence_count: 0,
        })
    }

    /// Writes the rows of one analysed document.
    pub fn document(&mut self, doc: &Document, a: &Analysis) -> Result<()> {
        self.rendered(render(doc, a))
    }

    /// Writes the rows of one document rendered by [`render`].
    pub fn rendered(&mut self, r: Rendered) -> Result<()> {
        self.mentions.bytes(&r.mentions)?;
        self.relations.bytes(&r.relations)?;
        self.documents.bytes(&r.document)?;
        for (e, n) in r.entities {
            let t = self.entities.entry(e.id).or_insert_with(|| EntityTotals {
                name: e.name,
                etype: e.etype.as_str(),
                country: e.country.unwrap_or_default(),
                ..Default::default()
            });
            t.mentions += n;
            t.documents += 1;
        }
        self.mention_count += r.mention_count;
        self.relation_count += r.relation_count;
        self.sentence_count += r.sentence_count;
        Ok(())
    }

    /// Writes the status row of a document that was skipped or failed.
    pub fn unread(&mut self, u: Unread) -> Result<()> {
        let mut row = Vec::new();
        csv_row(
            &mut row,
            &[
                u.id.as_bytes(),
                Num::new(u.bytes).bytes(),
                b"",
                b"0",
                b"0",
                b"0",
                u.status.as_bytes(),
                u.message.as_bytes(),
            ],
        );
        self.documents.bytes(&row)
    }

    /// Writes `entities.csv` and moves every file to its final name.
    pub fn finish(self) -> Result<()> {
        let mut entities = Pending::create(&self.dir, "entities.csv", ENTITIES_HEADER)?;
        let mut sorted: Vec<_> = self.entities.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut rows = Vec::new();
        for (id, t) in sorted {
            csv_row(
                &mut rows,
                &[
                    id.as_bytes(),
                    t.name.as_bytes(),
                    t.etype.as_bytes(),
                    t.country.as_bytes(),
                    Num::new(t.mentions).bytes(),
                    Num::new(t.documents).bytes(),
                ],
            );
        }
        entities.bytes(&rows)?;
        self.mentions.finish()?;
        self.relations.finish()?;
        self.documents.finish()?;
        entities.finish()
    }
}

/// Evidence and triggers on one line, whitespace collapsed, into `out`.
fn one_line(s: &str, out: &mut String) {
    out.clear();
    if !s.is_ascii() {
        // Unicode whitespace (no-break spaces, thin spaces) counts too.
        for (i, w) in s.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
        return;
    }
    // The ASCII characters `char::is_whitespace` takes (not only
    // `u8::is_ascii_whitespace`: vertical tab too).
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    for w in s.split(|c: char| c.is_ascii() && space(c as u8)) {
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_as_the_csv_crate_writes_them() {
        let records: &[&[&str]] = &[
            &["a", "b,c", "say \"hi\"", "line\nbreak", "cr\r", ""],
            &["", "", ""],
            &[""],
            &["Məclis", "’s", "x"],
        ];
        for rec in records {
            let mut ours = Vec::new();
            csv_row(&mut ours, rec);
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(*rec).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(w.into_inner().unwrap()).unwrap()
            );
        }
    }

    #[test]
    fn one_line_collapses_whitespace() {
        let mut out = String::new();
        for s in [
            " a  b\n\tc\x0bd\x0ce\r ",
            "no\u{a0}break\u{2009}thin  x",
            "",
            "   ",
        ] {
            one_line(s, &mut out);
            assert_eq!(out, s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn numbers() {
        for n in [0, 7, 10, 99, 12345, u64::MAX] {
            assert_eq!(Num::new(n).bytes(), n.to_string().as_bytes());
        }
    }
}
