//! Stage 7, write: analyses in, CSV files out.
//!
//! Each file is written to a temporary name in the output folder and renamed
//! over the final name only when the run has finished, so an interrupted run
//! never leaves a half-written file and the previous output stays intact.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pipeline::Analysis;
use crate::read::Document;

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
    writer: csv::Writer<BufWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Pending> {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let mut writer =
            csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 16, file));
        writer.write_record(header).map_err(|e| Error::Csv {
            path: path.clone(),
            source: e,
        })?;
        Ok(Pending { writer, tmp, path })
    }

    fn row<I, T>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer.write_record(fields).map_err(|e| Error::Csv {
            path: self.path.clone(),
            source: e,
        })
    }

    fn finish(self) -> Result<()> {
        let file = self
            .writer
            .into_inner()
            .map_err(|e| Error::io(&self.tmp, e.into_error()))?
            .into_inner()
            .map_err(|e| Error::io(&self.tmp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&self.tmp, e))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

#[derive(Default)]
struct EntityTotals {
    name: String,
    etype: &'static str,
    country: String,
    mentions: u64,
    documents: u64,
}

/// What one document has written so far, over its pieces.
#[derive(Debug, Default)]
pub struct DocumentRows {
    sentences: usize,
    mentions: usize,
    relations: usize,
    /// Mentions per entity id.
    entities: BTreeMap<String, u64>,
}

/// The status row of a document that was not analysed.
pub struct Unread<'a> {
    pub id: &'a str,
    pub bytes: u64,
    pub status: &'a str,
    pub message: &'a str,
}

/// Writes the four CSV files of a run, one document at a time.
pub struct Output {
    mentions: Pending,
    relations: Pending,
    documents: Pending,
    entities: BTreeMap<String, EntityTotals>,
    dir: PathBuf,
    pub mention_count: u64,
    pub relation_count: u64,
    pub sentence_count: u64,
}

impl Output {
    /// Creates the output folder (if needed) and the temporary files.
    pub fn create(dir: &Path) -> Result<Output> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        remove_stale_temporaries(dir);
        Ok(Output {
            mentions: Pending::create(dir, "mentions.csv", MENTIONS_HEADER)?,
            relations: Pending::create(dir, "relations.csv", RELATIONS_HEADER)?,
            documents: Pending::create(dir, "documents.csv", DOCUMENTS_HEADER)?,
            entities: BTreeMap::new(),
            dir: dir.to_path_buf(),
            mention_count: 0,
            relation_count: 0,
            sentence_count: 0,
        })
    }

    /// Writes the rows of a document analysed in one piece.
    pub fn document(&mut self, doc: &Document, a: &Analysis) -> Result<()> {
        let mut rows = DocumentRows::default();
        self.piece(doc, &mut rows, 0, a)?;
        self.end_document(doc, rows)
    }

    /// Writes the mention and relation rows of one piece of a document that
    /// starts at byte `base` of its text; `rows` carries the counts from one
    /// piece to the next.
    pub fn piece(
        &mut self,
        doc: &Document,
        rows: &mut DocumentRows,
        base: usize,
        a: &Analysis,
    ) -> Result<()> {
        let text = &doc.text[base..];
        let id = doc.id.as_str();
        for m in &a.mentions {
            let (start, end) = a.byte_span(m.start, m.end);
            let e = &a.entities[m.entity];
            self.mentions.row([
                id,
                &(rows.sentences + m.sentence).to_string(),
                &(base + start).to_string(),
                &(base + end).to_string(),
                &text[start..end],
                e.etype.as_str(),
                &e.id,
                &e.name,
                m.method.as_str(),
            ])?;
        }
        for r in &a.relations {
            let (s, t) = (&a.entities[r.source], &a.entities[r.target]);
            let (ss, se) = a.sentence_span(r.sentence);
            let (ts, te) = a.byte_span(r.trigger.0, r.trigger.1);
            self.relations.row([
                id,
                &(rows.sentences + r.sentence).to_string(),
                r.relation.as_str(),
                &r.kind,
                &s.id,
                &s.name,
                s.etype.as_str(),
                &t.id,
                &t.name,
                t.etype.as_str(),
                &one_line(&text[ts..te]),
                r.date.as_deref().unwrap_or(""),
                &one_line(&text[ss..se]),
            ])?;
        }
        let mut counts = vec![0u64; a.entities.len()];
        for m in &a.mentions {
            counts[m.entity] += 1;
        }
        for (e, n) in a.entities.iter().zip(counts) {
            if n == 0 {
                continue;
            }
            *rows.entities.entry(e.id.clone()).or_insert(0) += n;
            // The name of an id is the one it has where it is first mentioned.
            self.entities
                .entry(e.id.clone())
                .or_insert_with(|| EntityTotals {
                    name: e.name.clone(),
                    etype: e.etype.as_str(),
                    country: e.country.clone().unwrap_or_default(),
                    ..Default::default()
                });
        }
        rows.sentences += a.sentences.len();
        rows.mentions += a.mentions.len();
        rows.relations += a.relations.len();
        Ok(())
    }

    /// Writes the status row of a document whose pieces are all written.
    pub fn end_document(&mut self, doc: &Document, rows: DocumentRows) -> Result<()> {
        let (status, message) = match &doc.warning {
            Some(w) => ("warning", w.as_str()),
            None => ("ok", ""),
        };
        self.documents.row([
            doc.id.as_str(),
            &doc.bytes.to_string(),
            doc.date.as_deref().unwrap_or(""),
            &rows.sentences.to_string(),
            &rows.mentions.to_string(),
            &rows.relations.to_string(),
            status,
            message,
        ])?;
        for (id, n) in rows.entities {
            let t = self
                .entities
                .get_mut(&id)
                .expect("added with its first mention");
            t.mentions += n;
            t.documents += 1;
        }
        self.mention_count += rows.mentions as u64;
        self.relation_count += rows.relations as u64;
        self.sentence_count += rows.sentences as u64;
        Ok(())
    }

    /// Writes the status row of a document that was skipped or failed.
    pub fn unread(&mut self, u: Unread) -> Result<()> {
        self.documents.row([
            u.id,
            &u.bytes.to_string(),
            "",
            "0",
            "0",
            "0",
            u.status,
            u.message,
        ])
    }

    /// Writes `entities.csv` and moves every file to its final name.
    pub fn finish(self) -> Result<()> {
        let mut entities = Pending::create(&self.dir, "entities.csv", ENTITIES_HEADER)?;
        for (id, t) in &self.entities {
            entities.row([
                id.as_str(),
                &t.name,
                t.etype,
                &t.country,
                &t.mentions.to_string(),
                &t.documents.to_string(),
            ])?;
        }
        self.mentions.finish()?;
        self.relations.finish()?;
        self.documents.finish()?;
        entities.finish()
    }
}

/// Removes the temporary files that killed runs left in `dir`: ours by
/// their name, and their process is gone. Only where `/proc` tells which
/// processes live; elsewhere they stay (they are hidden files).
fn remove_stale_temporaries(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.starts_with('.'))
            .and_then(|n| n.split_once(".csv.tmp-"))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Evidence and triggers on one line, whitespace collapsed.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
