//! Stage 7, write: analyses in, output files out.
//!
//! Goes in: each document's analysis, or why it was not read, in input
//! order. Comes out, in the output folder: `mentions.csv`, `relations.csv`
//! and `documents.csv`, streamed row by row; `entities.csv`, `nodes.csv`,
//! `edges.csv` and `graph.graphml` from the run's [`Graph`] at the end, and
//! `report.html` ([`crate::report`]) unless told not to. With
//! JSON Lines every table also as `.jsonl`, with `--excel` every CSV file
//! with a UTF-8 byte order mark. With the output `-` only the relations are
//! written, to standard output, as they come. As a stream
//! ([`Destination::Stream`], `--stream`) every table goes to standard
//! output as JSON Lines in one stream, each row tagged with its table
//! (`{"table":"mention",...}`), a document's rows as it is done, and the
//! run's `node` and `edge` rows at the end: the part that `dyad merge`
//! ([`crate::merge`]) combines with others.
//!
//! Each file is written to a temporary name in the output folder and renamed
//! over the final name only when the run has finished, so an interrupted run
//! never leaves a half-written file and the previous output stays intact.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::graph::{Dialect, Graph};
use crate::pipeline::Analysis;
use crate::read::Document;
use crate::report::Collector;
use crate::swar;

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

/// Where the output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A folder, created if missing, that receives every file.
    Folder(PathBuf),
    /// Standard output, which receives the relations only.
    Stdout,
    /// Standard output, which receives every table as tagged JSON Lines:
    /// per document its `mention` and `relation` rows then its `document`
    /// row, and at the end the run's `node` and `edge` rows (the keys of
    /// `nodes.jsonl` and `edges.jsonl`).
    Stream,
}

/// How the output is written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Every table also as JSON Lines (on standard output: instead of CSV).
    pub jsonl: bool,
    /// CSV files start with a UTF-8 byte order mark, which Excel needs to
    /// read UTF-8 (pandas and csvkit do not want it).
    pub excel: bool,
    /// The column names of `nodes.csv` and `edges.csv`.
    pub dialect: Dialect,
    /// Write no `report.html` (a folder run writes one by default).
    pub no_report: bool,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file's temporary name, removed when dropped: a run that fails leaves
/// none behind (one killed leaves them to the next run, see
/// [`remove_stale_temporaries`]). After the rename there is nothing left to
/// remove.
struct Temporary(PathBuf);

impl Drop for Temporary {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Where the bytes of one file go.
enum Sink {
    /// A file under a temporary name, renamed over `path` by `finish`.
    File {
        file: BufWriter<File>,
        tmp: Temporary,
        path: PathBuf,
    },
    Stdout(BufWriter<std::io::Stdout>),
}

impl Sink {
    fn create(dir: &Path, name: &str) -> Result<Sink> {
        let path = dir.join(name);
        let tmp = Temporary(dir.join(format!(".{name}.tmp-{}", std::process::id())));
        let file = File::create(&tmp.0).map_err(|e| Error::io(&tmp.0, e))?;
        Ok(Sink::File {
            file: BufWriter::with_capacity(1 << 16, file),
            tmp,
            path,
        })
    }

    fn stdout() -> Sink {
        Sink::Stdout(BufWriter::with_capacity(1 << 16, std::io::stdout()))
    }

    /// The name errors give: the final path, or `-`.
    fn path(&self) -> &Path {
        match self {
            Sink::File { path, .. } => path,
            Sink::Stdout(_) => Path::new("-"),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::File { file, .. } => file,
            Sink::Stdout(out) => out,
        }
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.write_all(bytes)
            .map_err(|e| Error::io(self.path().to_path_buf(), e))
    }

    /// Flushes the bytes and waits until a file's are on disk; a file then
    /// waits for its name.
    fn make_durable(self) -> Result<Option<Durable>> {
        match self {
            Sink::File { file, tmp, path } => {
                let file = file
                    .into_inner()
                    .map_err(|e| Error::io(&tmp.0, e.into_error()))?;
                file.sync_all().map_err(|e| Error::io(&tmp.0, e))?;
                Ok(Some(Durable { tmp, path }))
            }
            Sink::Stdout(mut out) => {
                out.flush().map_err(|e| Error::io("-", e))?;
                Ok(None)
            }
        }
    }
}

/// A file on disk under its temporary name.
struct Durable {
    tmp: Temporary,
    path: PathBuf,
}

impl Durable {
    /// Renames the file over its final name.
    fn publish(self) -> Result<()> {
        std::fs::rename(&self.tmp.0, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

/// Finishes many files at once: the disk writes them in parallel, and
/// renaming one over a large file of an earlier run (which frees that
/// file's blocks) waits for no other. Each is on disk before any is
/// renamed.
fn finish_all(sinks: Vec<Sink>) -> Result<()> {
    use rayon::prelude::*;
    let files: Vec<Option<Durable>> = sinks
        .into_par_iter()
        .map(Sink::make_durable)
        .collect::<Result<_>>()?;
    files
        .into_par_iter()
        .flatten()
        .try_for_each(Durable::publish)
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer().flush()
    }
}

/// One table: a CSV file, a JSON Lines file, or both.
struct Table {
    csv: Option<CsvFile>,
    jsonl: Option<Sink>,
    /// The table each JSON Lines row names first (`"table":"mention"`):
    /// set when every table shares one stream.
    tag: Option<&'static str>,
}

/// A CSV file being written. Rows written once per document, mention or
/// relation encode their own fields ([`CsvRecord`]); the others (once per
/// node or edge, at the end) go through serde and the `csv` crate. Both
/// quote as the `csv` crate does by default (a test checks it).
struct CsvFile {
    sink: Sink,
    line: CsvLine,
}

impl CsvFile {
    /// Lines gather in `line.buf` and go to the file this many bytes at a
    /// time (a copy less than writing each through the sink's buffer).
    const FLUSH_BYTES: usize = 1 << 16;

    fn put_line(&mut self) -> Result<()> {
        self.line.buf.push(b'\n');
        self.line.fields = 0;
        if self.line.buf.len() >= Self::FLUSH_BYTES {
            self.flush_lines()?;
        }
        Ok(())
    }

    fn flush_lines(&mut self) -> Result<()> {
        let put = self.sink.put(&self.line.buf);
        self.line.buf.clear();
        put
    }
}

impl Table {
    /// `name.csv` and, with JSON Lines, `name.jsonl` in `dir`.
    fn create(dir: &Path, name: &str, header: &[&str], opts: &WriteOptions) -> Result<Table> {
        let csv = Sink::create(dir, &format!("{name}.csv"))?;
        let jsonl = match opts.jsonl {
            true => Some(Sink::create(dir, &format!("{name}.jsonl"))?),
            false => None,
        };
        Table::with_csv(Some(csv), jsonl, header, opts)
    }

    /// The table on standard output: JSON Lines or CSV, not both.
    fn stdout(header: &[&str], opts: &WriteOptions) -> Result<Table> {
        match opts.jsonl {
            true => Table::with_csv(None, Some(Sink::stdout()), header, opts),
            false => Table::with_csv(Some(Sink::stdout()), None, header, opts),
        }
    }

    fn with_csv(
        csv: Option<Sink>,
        jsonl: Option<Sink>,
        header: &[&str],
        opts: &WriteOptions,
    ) -> Result<Table> {
        let csv = match csv {
            Some(mut sink) => {
                if opts.excel {
                    sink.put(BOM)?;
                }
                let mut file = CsvFile {
                    sink,
                    line: CsvLine::default(),
                };
                // The header is written by hand so that it is there even when
                // the table has no row, and can differ from the field names.
                for name in header {
                    file.line.field(name);
                }
                file.put_line()?;
                Some(file)
            }
            None => None,
        };
        Ok(Table {
            csv,
            jsonl,
            tag: None,
        })
    }

    fn row(&mut self, row: &impl Serialize) -> Result<()> {
        if let Some(file) = &mut self.csv {
            let csv_error = |e| Error::Csv {
                path: file.sink.path().to_path_buf(),
                source: e,
            };
            // One row at a time: these tables have a row per node or edge,
            // written once at the end.
            let mut scratch = csv::WriterBuilder::new()
                .has_headers(false)
                .buffer_capacity(256)
                .from_writer(Vec::with_capacity(256));
            scratch.serialize(row).map_err(csv_error)?;
            let bytes = scratch
                .into_inner()
                .map_err(|e| csv_error(e.into_error().into()))?;
            file.line.buf.extend_from_slice(&bytes);
            if file.line.buf.len() >= CsvFile::FLUSH_BYTES {
                file.flush_lines()?;
            }
        }
        self.jsonl_row(row)
    }

    /// As [`Self::row`], for the rows written once per document, mention or
    /// relation: they encode their own CSV fields, which is faster than
    /// serde.
    fn record(&mut self, row: &(impl Serialize + CsvRecord)) -> Result<()> {
        if let Some(file) = &mut self.csv {
            row.write_fields(&mut file.line);
            file.put_line()?;
        }
        self.jsonl_row(row)
    }

    fn jsonl_row(&mut self, row: &impl Serialize) -> Result<()> {
        if let Some(sink) = &mut self.jsonl {
            let mut line = serde_json::to_vec(row)
                .map_err(|e| Error::io(sink.path().to_path_buf(), e.into()))?;
            line.push(b'\n');
            match self.tag {
                // Every row is an object with fields: `{"table":"t",` then
                // the row's own fields after its `{`.
                Some(tag) if line.len() > 3 => {
                    let mut tagged = Vec::with_capacity(line.len() + 12 + tag.len());
                    tagged.extend_from_slice(b"{\"table\":\"");
                    tagged.extend_from_slice(tag.as_bytes());
                    tagged.extend_from_slice(b"\",");
                    tagged.extend_from_slice(&line[1..]);
                    sink.put(&tagged)?;
                }
                _ => sink.put(&line)?,
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        finish_all(self.into_sinks()?)
    }

    /// The table's files, every row in their buffers.
    fn into_sinks(self) -> Result<Vec<Sink>> {
        let mut sinks = Vec::with_capacity(2);
        if let Some(mut file) = self.csv {
            file.flush_lines()?;
            sinks.push(file.sink);
        }
        sinks.extend(self.jsonl);
        Ok(sinks)
    }
}

/// One CSV record being encoded: fields separated by commas, quoted when
/// they hold a comma, a quote or a line break, quotes doubled inside.
#[derive(Default)]
struct CsvLine {
    buf: Vec<u8>,
    fields: usize,
}

impl CsvLine {
    fn field(&mut self, field: &str) {
        let bytes = field.as_bytes();
        if !needs_quotes(bytes) {
            self.plain_field(bytes);
            return;
        }
        if self.fields > 0 {
            self.buf.push(b',');
        }
        self.fields += 1;
        self.buf.push(b'"');
        // Most fields quoted for a comma hold no quote: copy them whole.
        if memchr::memchr(b'"', bytes).is_none() {
            self.buf.extend_from_slice(bytes);
            self.buf.push(b'"');
            return;
        }
        // Quotes in news text come few to a sentence: copy what lies
        // between them.
        let mut parts = bytes.split(|&b| b == b'"');
        if let Some(first) = parts.next() {
            self.buf.extend_from_slice(first);
        }
        for part in parts {
            self.buf.extend_from_slice(b"\"\"");
            self.buf.extend_from_slice(part);
        }
        self.buf.push(b'"');
    }

    /// A field with nothing to quote.
    fn plain_field(&mut self, bytes: &[u8]) {
        if self.fields > 0 {
            self.buf.push(b',');
        }
        self.fields += 1;
        self.buf.extend_from_slice(bytes);
    }

    /// A field checked for quoting beforehand.
    fn text(&mut self, text: Text) {
        if text.plain {
            self.plain_field(text.text.as_bytes());
        } else {
            self.field(text.text);
        }
    }

    /// A field of dyad's own vocabulary (entity types, methods, relation
    /// names): capitals, letters and underscores, never quoted.
    fn word(&mut self, word: &'static str) {
        debug_assert!(!needs_quotes(word.as_bytes()), "{word:?}");
        self.plain_field(word.as_bytes());
    }

    fn number(&mut self, n: usize) {
        if n >= 100_000_000 {
            let mut buf = [0; 20];
            self.plain_field(decimal(n, &mut buf));
            return;
        }
        // Up to eight digits (every offset and count in a news document):
        // one eight-byte store and a cut, where a copy of the digits' own
        // length is a call to memcpy.
        let mut buf = [0; 8];
        let len = decimal(n, &mut buf).len();
        // The digits end `buf`; shifted to its start (the lowest bytes).
        let digits = (u64::from_le_bytes(buf) >> (8 * (8 - len))).to_le_bytes();
        self.plain_field(&digits);
        self.buf.truncate(self.buf.len() - (8 - len));
    }
}

/// Whether a field holds a comma, a quote or a line break. Evidence
/// sentences make up most of the output: long fields are searched with
/// memchr's vector code.
fn needs_quotes(bytes: &[u8]) -> bool {
    // Short fields (ids, names, types) one byte at a time.
    if bytes.len() < 16 {
        return bytes.iter().any(|&b| QUOTED[b as usize]);
    }
    memchr::memchr3(b',', b'"', b'\n', bytes).is_some() || memchr::memchr(b'\r', bytes).is_some()
}

/// The bytes that make a field quoted.
const QUOTED: [bool; 256] = {
    let mut table = [false; 256];
    table[b',' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// A row that encodes its own CSV fields, in the order of its serde fields
/// (the JSON Lines keys), so that both outputs agree.
trait CsvRecord {
    fn write_fields(&self, line: &mut CsvLine);
}

/// The decimal digits of `n`, written into `buf`.
fn decimal<const N: usize>(mut n: usize, buf: &mut [u8; N]) -> &[u8] {
    // Two digits a division: offsets and counts run to four or five.
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut i = buf.len();
    while n >= 100 {
        let pair = 2 * (n % 100);
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[2 * n..2 * n + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    &buf[i..]
}

/// A field written on many rows (a document's id, an entity's id and
/// name), checked once for what CSV must quote.
#[derive(Debug, Clone, Copy)]
struct Text<'a> {
    text: &'a str,
    /// Nothing in it needs quotes.
    plain: bool,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Text<'a> {
        Text {
            text,
            plain: !needs_quotes(text.as_bytes()),
        }
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.text)
    }
}

/// The entities of a piece as their rows name them.
fn entity_texts(a: &Analysis) -> Vec<(Text<'_>, Text<'_>)> {
    a.entities
        .iter()
        .map(|e| (Text::new(&e.id), Text::new(&e.name)))
        .collect()
}

/// A row of `mentions.csv`.
#[derive(Serialize)]
struct MentionRow<'a> {
    doc: Text<'a>,
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    etype: &'static str,
    entity: Text<'a>,
    name: Text<'a>,
    method: &'static str,
}

/// A row of `relations.csv`.
#[derive(Serialize)]
struct RelationRow<'a> {
    doc: Text<'a>,
    sentence: usize,
    relation: &'static str,
    kind: Option<&'a str>,
    source: Text<'a>,
    source_name: Text<'a>,
    source_type: &'static str,
    target: Text<'a>,
    target_name: Text<'a>,
    target_type: &'static str,
    trigger: &'a str,
    date: Option<&'a str>,
    evidence: &'a str,
}

impl CsvRecord for MentionRow<'_> {
    fn write_fields(&self, line: &mut CsvLine) {
        line.text(self.doc);
        line.number(self.sentence);
        line.number(self.start);
        line.number(self.end);
        line.field(self.text);
        line.word(self.etype);
        line.text(self.entity);
        line.text(self.name);
        line.word(self.method);
    }
}

impl CsvRecord for RelationRow<'_> {
    fn write_fields(&self, line: &mut CsvLine) {
        line.text(self.doc);
        line.number(self.sentence);
        line.word(self.relation);
        line.field(self.kind.unwrap_or(""));
        line.text(self.source);
        line.text(self.source_name);
        line.word(self.source_type);
        line.text(self.target);
        line.text(self.target_name);
        line.word(self.target_type);
        line.field(self.trigger);
        line.field(self.date.unwrap_or(""));
        line.field(self.evidence);
    }
}

/// A row of `documents.csv`.
#[derive(Serialize)]
struct DocumentRow<'a> {
    doc: &'a str,
    bytes: u64,
    date: Option<&'a str>,
    sentences: usize,
    mentions: usize,
    relations: usize,
    status: &'a str,
    message: Option<&'a str>,
}

impl CsvRecord for DocumentRow<'_> {
    fn write_fields(&self, line: &mut CsvLine) {
        line.field(self.doc);
        match usize::try_from(self.bytes) {
            Ok(n) => line.number(n),
            Err(_) => line.field(&self.bytes.to_string()),
        }
        line.field(self.date.unwrap_or(""));
        line.number(self.sentences);
        line.number(self.mentions);
        line.number(self.relations);
        line.field(self.status);
        line.field(self.message.unwrap_or(""));
    }
}

/// What one document has written so far, over its pieces.
#[derive(Debug, Default)]
pub struct DocumentRows {
    started: bool,
    sentences: usize,
    mentions: usize,
    relations: usize,
}

/// The status row of a document that was not analysed.
pub struct Unread<'a> {
    pub id: &'a str,
    pub bytes: u64,
    pub status: &'a str,
    pub message: &'a str,
}

/// Writes the files of a run, one document at a time.
pub struct Output {
    /// `None` when the output is standard output.
    mentions: Option<Table>,
    /// As a stream, every table's rows, tagged.
    relations: Table,
    documents: Option<Table>,
    /// Every table goes through `relations`, tagged ([`Destination::Stream`]).
    stream: bool,
    graph: Graph,
    /// Whether the run's graph is kept: not when only the relations go to
    /// standard output.
    keeps_graph: bool,
    /// What the report needs beyond the graph; `None` when no report is
    /// written.
    report: Option<Collector>,
    dir: Option<PathBuf>,
    opts: WriteOptions,
    pub mention_count: u64,
    pub relation_count: u64,
    pub sentence_count: u64,
}

/// The three tables written row by row.
#[derive(Debug, Clone, Copy)]
enum Rows {
    Mentions,
    Relations,
    Documents,
}

impl Rows {
    /// The tag of the table's rows in a stream.
    fn tag(self) -> &'static str {
        match self {
            Rows::Mentions => "mention",
            Rows::Relations => "relation",
            Rows::Documents => "document",
        }
    }
}

/// A row of `mentions.csv` as [`crate::merge`] reads it back from a part;
/// the fields of dyad's own vocabulary checked against it.
#[derive(Debug, Clone, Copy)]
pub struct MentionFields<'a> {
    pub doc: &'a str,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub etype: &'static str,
    pub entity: &'a str,
    pub name: &'a str,
    pub method: &'static str,
}

/// A row of `relations.csv` as [`crate::merge`] reads it back.
#[derive(Debug, Clone, Copy)]
pub struct RelationFields<'a> {
    pub doc: &'a str,
    pub sentence: usize,
    pub relation: &'static str,
    pub kind: Option<&'a str>,
    pub source: &'a str,
    pub source_name: &'a str,
    pub source_type: &'static str,
    pub target: &'a str,
    pub target_name: &'a str,
    pub target_type: &'static str,
    pub trigger: &'a str,
    pub date: Option<&'a str>,
    pub evidence: &'a str,
}

/// A row of `documents.csv` as [`crate::merge`] reads it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocumentFields<'a> {
    pub doc: &'a str,
    pub bytes: u64,
    pub date: Option<&'a str>,
    pub sentences: usize,
    pub mentions: usize,
    pub relations: usize,
    pub status: &'a str,
    pub message: Option<&'a str>,
}

impl Output {
    /// Creates the output folder (if needed) and the temporary files.
    pub fn create(dest: &Destination, opts: WriteOptions) -> Result<Output> {
        let (mentions, relations, documents, dir) = match dest {
            Destination::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                remove_stale_temporaries(dir);
                (
                    Some(Table::create(dir, "mentions", MENTIONS_HEADER, &opts)?),
                    Table::create(dir, "relations", RELATIONS_HEADER, &opts)?,
                    Some(Table::create(dir, "documents", DOCUMENTS_HEADER, &opts)?),
                    Some(dir.clone()),
                )
            }
            Destination::Stdout => (None, Table::stdout(RELATIONS_HEADER, &opts)?, None, None),
            Destination::Stream => {
                let jsonl = WriteOptions {
                    jsonl: true,
                    ..opts
                };
                (None, Table::stdout(&[], &jsonl)?, None, None)
            }
        };
        let stream = *dest == Destination::Stream;
        let report = (dir.is_some() && !opts.no_report).then(Collector::default);
        Ok(Output {
            mentions,
            relations,
            documents,
            stream,
            graph: Graph::default(),
            keeps_graph: dir.is_some() || stream,
            report,
            dir,
            opts,
            mention_count: 0,
            relation_count: 0,
            sentence_count: 0,
        })
    }

    /// The table `rows` are written to, if they are written.
    fn table(&mut self, rows: Rows) -> Option<&mut Table> {
        if self.stream {
            self.relations.tag = Some(rows.tag());
            return Some(&mut self.relations);
        }
        match rows {
            Rows::Mentions => self.mentions.as_mut(),
            Rows::Relations => Some(&mut self.relations),
            Rows::Documents => self.documents.as_mut(),
        }
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
        let piece = PieceRows {
            text: &doc.text[base..],
            doc: Text::new(&doc.id),
            base,
            sentence: rows.sentences,
            a,
            entities: entity_texts(a),
        };
        if let Some(mentions) = self.table(Rows::Mentions) {
            piece.write_mentions(mentions)?;
        }
        if let Some(relations) = self.table(Rows::Relations) {
            piece.write_relations(relations)?;
        }
        if self.keeps_graph {
            if !rows.started {
                self.graph.start_document();
            }
            self.graph.add_piece(a);
            if let Some(report) = &mut self.report {
                let number = self.graph.document_number();
                report.add_piece(&doc.id, number, piece.text, a, self.graph.piece_edges());
            }
        }
        rows.started = true;
        rows.sentences += a.sentences.len();
        rows.mentions += a.mentions.len();
        rows.relations += a.relations.len();
        Ok(())
    }

    /// Writes the status row of a document whose pieces are all written.
    pub fn end_document(&mut self, doc: &Document, rows: DocumentRows) -> Result<()> {
        if let Some(documents) = self.table(Rows::Documents) {
            let (status, message) = match &doc.warning {
                Some(w) => ("warning", Some(w.as_str())),
                None => ("ok", None),
            };
            documents.record(&DocumentRow {
                doc: &doc.id,
                bytes: doc.bytes,
                date: doc.date.as_deref(),
                sentences: rows.sentences,
                mentions: rows.mentions,
                relations: rows.relations,
                status,
                message,
            })?;
        }
        if let Some(report) = &mut self.report {
            report.read(doc.warning.is_some());
        }
        self.mention_count += rows.mentions as u64;
        self.relation_count += rows.relations as u64;
        self.sentence_count += rows.sentences as u64;
        Ok(())
    }

    /// Writes the status row of a document that was skipped or failed.
    pub fn unread(&mut self, u: Unread) -> Result<()> {
        if let Some(report) = &mut self.report {
            report.not_read(u.id, u.status, u.message);
        }
        match self.table(Rows::Documents) {
            Some(documents) => documents.record(&DocumentRow {
                doc: u.id,
                bytes: u.bytes,
                date: None,
                sentences: 0,
                mentions: 0,
                relations: 0,
                status: u.status,
                message: Some(u.message),
            }),
            None => Ok(()),
        }
    }

    /// Writes a mention row read back from a part ([`crate::merge`]).
    pub fn merged_mention(&mut self, m: &MentionFields) -> Result<()> {
        match self.table(Rows::Mentions) {
            Some(table) => table.record(&MentionRow {
                doc: Text::new(m.doc),
                sentence: m.sentence,
                start: m.start,
                end: m.end,
                text: m.text,
                etype: m.etype,
                entity: Text::new(m.entity),
                name: Text::new(m.name),
                method: m.method,
            }),
            None => Ok(()),
        }
    }

    /// Writes a relation row read back from a part ([`crate::merge`]).
    pub fn merged_relation(&mut self, r: &RelationFields) -> Result<()> {
        match self.table(Rows::Relations) {
            Some(table) => table.record(&RelationRow {
                doc: Text::new(r.doc),
                sentence: r.sentence,
                relation: r.relation,
                kind: r.kind,
                source: Text::new(r.source),
                source_name: Text::new(r.source_name),
                source_type: r.source_type,
                target: Text::new(r.target),
                target_name: Text::new(r.target_name),
                target_type: r.target_type,
                trigger: r.trigger,
                date: r.date,
                evidence: r.evidence,
            }),
            None => Ok(()),
        }
    }

    /// Writes a document row read back from a part ([`crate::merge`]),
    /// after its mention and relation rows.
    pub fn merged_document(&mut self, d: &DocumentFields) -> Result<()> {
        self.mention_count += d.mentions as u64;
        self.relation_count += d.relations as u64;
        self.sentence_count += d.sentences as u64;
        match self.table(Rows::Documents) {
            Some(table) => table.record(&DocumentRow {
                doc: d.doc,
                bytes: d.bytes,
                date: d.date,
                sentences: d.sentences,
                mentions: d.mentions,
                relations: d.relations,
                status: d.status,
                message: d.message,
            }),
            None => Ok(()),
        }
    }

    /// The run's graph, which [`crate::merge`] fills from the parts' nodes
    /// and edges.
    pub fn graph_mut(&mut self) -> &mut Graph {
        &mut self.graph
    }

    /// Writes the files made from the whole run (entities, nodes, edges,
    /// GraphML, the report) and moves every file to its final name. As a
    /// stream, the graph's `node` and `edge` rows end it.
    pub fn finish(mut self) -> Result<Finished> {
        let Some(dir) = &self.dir else {
            if self.stream {
                self.relations.tag = Some("node");
                for node in self.graph.nodes() {
                    self.relations.row(&node)?;
                }
                self.relations.tag = Some("edge");
                for edge in self.graph.edges() {
                    self.relations.row(&edge)?;
                }
            }
            self.relations.finish()?;
            return Ok(Finished::default());
        };
        let opts = &self.opts;
        let mut entities = Table::create(dir, "entities", ENTITIES_HEADER, opts)?;
        let mut nodes = Table::create(dir, "nodes", opts.dialect.nodes_header(), opts)?;
        let mut edges = Table::create(dir, "edges", opts.dialect.edges_header(), opts)?;
        for node in self.graph.nodes() {
            // entities.csv lists what the documents mention; a node can
            // also be there only as the end of an edge.
            if node.mentions > 0 {
                entities.row(&node)?;
            }
            nodes.row(&node)?;
        }
        for edge in self.graph.edges() {
            edges.row(&edge)?;
        }
        let mut graphml = Sink::create(dir, "graph.graphml")?;
        crate::graphml::write(&self.graph, &mut graphml)
            .map_err(|e| Error::io(graphml.path().to_path_buf(), e))?;
        let tables = [self.mentions, Some(self.relations), self.documents];
        let mut sinks = vec![graphml];
        let mut finished = Finished::default();
        if let Some(collector) = &self.report {
            let started = std::time::Instant::now();
            let mut sink = Sink::create(dir, "report.html")?;
            let bytes = crate::report::write(&self.graph, collector, &mut sink)
                .map_err(|e| Error::io(sink.path().to_path_buf(), e))?;
            sinks.push(sink);
            finished.report = Some(ReportWritten {
                bytes,
                seconds: started.elapsed().as_secs_f64(),
            });
        }
        for table in tables.into_iter().flatten().chain([entities, nodes, edges]) {
            sinks.extend(table.into_sinks()?);
        }
        finish_all(sinks)?;
        Ok(finished)
    }
}

/// What finishing a run wrote beyond the rows.
#[derive(Debug, Default, Clone, Copy)]
pub struct Finished {
    /// `report.html`, when written.
    pub report: Option<ReportWritten>,
}

/// The size of `report.html` and the time it took to make it (from the
/// run's totals to the page in the file's buffer).
#[derive(Debug, Clone, Copy)]
pub struct ReportWritten {
    pub bytes: u64,
    pub seconds: f64,
}

/// What the rows of one piece of a document are made from.
struct PieceRows<'a> {
    /// The document's text from the piece's first byte on.
    text: &'a str,
    doc: Text<'a>,
    /// The piece's first byte and first sentence in the document.
    base: usize,
    sentence: usize,
    a: &'a Analysis,
    /// Each entity's id and name.
    entities: Vec<(Text<'a>, Text<'a>)>,
}

impl PieceRows<'_> {
    fn write_mentions(&self, table: &mut Table) -> Result<()> {
        let a = self.a;
        for m in &a.mentions {
            let (start, end) = a.byte_span(m.start, m.end);
            let (id, name) = self.entities[m.entity];
            table.record(&MentionRow {
                doc: self.doc,
                sentence: self.sentence + m.sentence,
                start: self.base + start,
                end: self.base + end,
                text: &self.text[start..end],
                etype: a.entities[m.entity].etype.as_str(),
                entity: id,
                name,
                method: m.method.as_str(),
            })?;
        }
        Ok(())
    }

    fn write_relations(&self, table: &mut Table) -> Result<()> {
        let (a, text) = (self.a, self.text);
        // Relations come in sentence order, often several to a sentence.
        let mut evidence: Option<(usize, Cow<str>)> = None;
        for r in &a.relations {
            let (s, t) = (&a.entities[r.source], &a.entities[r.target]);
            if evidence.as_ref().is_none_or(|(n, _)| *n != r.sentence) {
                let (ss, se) = a.sentence_span(r.sentence);
                evidence = Some((r.sentence, one_line(&text[ss..se])));
            }
            let (ts, te) = a.byte_span(r.trigger.0, r.trigger.1);
            let ((source, source_name), (target, target_name)) =
                (self.entities[r.source], self.entities[r.target]);
            table.record(&RelationRow {
                doc: self.doc,
                sentence: self.sentence + r.sentence,
                relation: r.relation.as_str(),
                kind: Some(r.kind.as_str()).filter(|k| !k.is_empty()),
                source,
                source_name,
                source_type: s.etype.as_str(),
                target,
                target_name,
                target_type: t.etype.as_str(),
                trigger: &one_line(&text[ts..te]),
                date: r.date.as_deref(),
                evidence: evidence.as_ref().map_or("", |(_, e)| e),
            })?;
        }
        Ok(())
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
            .and_then(|n| n.rsplit_once(".tmp-"))
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
fn one_line(s: &str) -> Cow<'_, str> {
    if is_one_line(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// Whether `s` already is what [`one_line`] makes of it: ASCII (no Unicode
/// spaces to collapse), single spaces only between words. Most sentences
/// are, and are then written without a copy.
fn is_one_line(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // One pass: no control character, no space after a space, and no
    // non-ASCII space. Eight ASCII bytes are checked at once; eight with a
    // non-ASCII character in them one by one, decoding only where a
    // character starts.
    let mut space = false;
    let mut chunks = b.chunks_exact(8);
    for (n, chunk) in (&mut chunks).enumerate() {
        let x = swar::word(chunk);
        if x & swar::HIGHS != 0 {
            if !bytes_one_line(s, 8 * n, chunk, &mut space) {
                return false;
            }
            continue;
        }
        let control = swar::has_less(x, b' ') || swar::has(x, 0x7f);
        // A space right after a space: in this word (the mask shifted by
        // one byte), or across the two words.
        let spaces = swar::eq_mask(x, b' ');
        let double = spaces & (spaces >> 8) != 0 || space && spaces & 0x80 != 0;
        if control || double {
            return false;
        }
        space = spaces >> 63 != 0;
    }
    let rest = chunks.remainder();
    bytes_one_line(s, b.len() - rest.len(), rest, &mut space)
}

/// [`is_one_line`] for `bytes`, which start at `s[start..]`, one by one;
/// `space` says whether the byte before was a space, and is kept up.
fn bytes_one_line(s: &str, start: usize, bytes: &[u8], space: &mut bool) -> bool {
    for (k, &c) in bytes.iter().enumerate() {
        if c == b' ' {
            if *space {
                return false;
            }
            *space = true;
            continue;
        }
        *space = false;
        if c < b' ' || c == 0x7f {
            return false;
        }
        if c >= 0xc0
            && s[start + k..]
                .chars()
                .next()
                .is_some_and(char::is_whitespace)
        {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Direction, EdgeRow, NodeRow, GEPHI_EDGES_HEADER};

    /// The names serde gives a row's fields, which are the JSON Lines keys.
    fn field_names(row: &impl Serialize) -> String {
        let mut w = csv::Writer::from_writer(vec![]);
        w.serialize(row).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        text.lines().next().unwrap().to_string()
    }

    #[test]
    fn csv_lines_quote_as_the_csv_crate_does() {
        let fields = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "line\nbreak",
            "cr\rhere",
            "\"",
            "exactly8",
            "sixteen bytes, !",
            "long text with a quote \" after many bytes",
            "Məclis, Azərbaycan",
            "tab\tand ; semicolon",
        ];
        for a in fields {
            for b in fields {
                let mut line = CsvLine::default();
                line.field(a);
                line.number(1234);
                line.field(b);
                line.buf.push(b'\n');
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(vec![]);
                w.write_record([a, "1234", b]).unwrap();
                let expected = w.into_inner().unwrap();
                assert_eq!(line.buf, expected, "{a:?} {b:?}");
                // Fields checked beforehand come out the same.
                let mut line = CsvLine::default();
                line.text(Text::new(a));
                line.number(1234);
                line.text(Text::new(b));
                line.buf.push(b'\n');
                assert_eq!(line.buf, expected, "{a:?} {b:?}");
            }
        }
        let mut buf = [0; 20];
        for n in (0..20_000).chain([123_456_789, usize::MAX / 10, usize::MAX]) {
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
        }
        // Every length of the eight-digit path, and past it.
        for n in (0..=9)
            .map(|k| 10usize.pow(k))
            .flat_map(|p| [p - 1, p, p + 7])
        {
            let mut line = CsvLine::default();
            line.number(n);
            line.number(n);
            assert_eq!(line.buf, format!("{n},{n}").as_bytes());
        }
    }

    #[test]
    fn document_rows_encode_as_serde_does() {
        let rows = [
            DocumentRow {
                doc: "a.txt",
                bytes: 1983,
                date: Some("2024-11-06"),
                sentences: 12,
                mentions: 30,
                relations: 4,
                status: "ok",
                message: None,
            },
            DocumentRow {
                doc: "dir/b, \"quoted\".txt",
                bytes: u64::from(u32::MAX) + 1,
                date: None,
                sentences: 0,
                mentions: 0,
                relations: 0,
                status: "skipped",
                message: Some("larger than --max-file-size (10 bytes), \"sic\"\nnext"),
            },
        ];
        for row in &rows {
            let mut line = CsvLine::default();
            row.write_fields(&mut line);
            line.buf.push(b'\n');
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(vec![]);
            w.serialize(row).unwrap();
            assert_eq!(
                String::from_utf8(line.buf).unwrap(),
                String::from_utf8(w.into_inner().unwrap()).unwrap()
            );
        }
    }

    #[test]
    fn an_output_dropped_unfinished_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let listed = |dir: &Path| -> Vec<String> {
            let mut names: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let dest = Destination::Folder(dir.path().to_path_buf());
        let opts = WriteOptions {
            jsonl: true,
            ..WriteOptions::default()
        };
        let out = Output::create(&dest, opts).unwrap();
        assert!(listed(dir.path()).iter().all(|n| n.contains(".tmp-")));
        // A run that fails drops its output unfinished.
        drop(out);
        assert_eq!(listed(dir.path()), Vec::<String>::new());
        // A finished one keeps its files under their names only.
        Output::create(&dest, opts).unwrap().finish().unwrap();
        let names = listed(dir.path());
        assert!(names.contains(&"relations.csv".to_string()), "{names:?}");
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn stream_rows_name_their_table_first() {
        let dir = tempfile::tempdir().unwrap();
        let opts = WriteOptions {
            jsonl: true,
            ..WriteOptions::default()
        };
        let mut table = Table::create(dir.path(), "t", DOCUMENTS_HEADER, &opts).unwrap();
        let row = DocumentRow {
            doc: "a.txt",
            bytes: 3,
            date: None,
            sentences: 1,
            mentions: 0,
            relations: 0,
            status: "ok",
            message: None,
        };
        table.record(&row).unwrap();
        table.tag = Some("document");
        table.record(&row).unwrap();
        table.finish().unwrap();
        let text = std::fs::read_to_string(dir.path().join("t.jsonl")).unwrap();
        let plain = serde_json::to_string(&row).unwrap();
        let tagged = format!("{{\"table\":\"document\",{}", &plain[1..]);
        assert_eq!(text, format!("{plain}\n{tagged}\n"));
        let value: serde_json::Value = serde_json::from_str(&tagged).unwrap();
        assert_eq!(
            (&value["table"], &value["doc"]),
            (&"document".into(), &"a.txt".into())
        );
    }

    #[test]
    fn needs_quotes_finds_each_special_byte_anywhere() {
        for n in 0..80 {
            let mut bytes = vec![b'x'; n];
            assert!(!needs_quotes(&bytes), "{n}");
            for k in 0..n {
                for special in [b',', b'"', b'\n', b'\r'] {
                    bytes[k] = special;
                    assert!(needs_quotes(&bytes), "{special} at {k} of {n}");
                }
                bytes[k] = b';';
                assert!(!needs_quotes(&bytes), "; at {k} of {n}");
                bytes[k] = b'x';
            }
        }
    }

    #[test]
    fn one_line_collapses_whitespace_and_borrows_clean_text() {
        for clean in ["He met her.", "“Ties,” said Çavuşoğlu — in Bakı."] {
            assert!(matches!(one_line(clean), Cow::Borrowed(c) if c == clean));
        }
        for (raw, clean) in [
            ("He  met\nher.", "He met her."),
            (" He met her. ", "He met her."),
            ("He\tmet\r\nher.", "He met her."),
            ("He\u{a0}met her.", "He met her."),
            ("He\u{b}met her.", "He met her."),
            (
                "He\u{85}met\u{2002}her\u{3000}at\u{1680}ten.",
                "He met her at ten.",
            ),
            ("", ""),
        ] {
            assert_eq!(one_line(raw), clean, "{raw:?}");
        }
    }

    #[test]
    fn one_line_check_reads_eight_bytes_as_one_at_a_time() {
        // The check one byte at a time, as it was.
        fn reference(s: &str) -> bool {
            let b = s.as_bytes();
            if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
                return false;
            }
            let mut space = false;
            for (i, &c) in b.iter().enumerate() {
                if c == b' ' {
                    if space {
                        return false;
                    }
                    space = true;
                    continue;
                }
                space = false;
                if c < b' ' || c == 0x7f || c >= 0xc0 && s[i..].starts_with(char::is_whitespace) {
                    return false;
                }
            }
            true
        }
        let mut pieces = vec![
            "a", "b", " ", "\t", "\x1f", "\x7f", "!", "~", "’", "\u{a0}", "é", "\u{2002}",
        ];
        // Mostly letters and single spaces.
        for _ in 0..18 {
            pieces.extend(["x", " y"]);
        }
        let mut rng = crate::testing::Rng::new();
        for _ in 0..100_000 {
            let text = rng.string(40, &pieces);
            assert_eq!(is_one_line(&text), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn json_keys_are_the_csv_columns() {
        let mention = MentionRow {
            doc: Text::new("d"),
            sentence: 0,
            start: 0,
            end: 1,
            text: "t",
            etype: "PERSON",
            entity: Text::new("e"),
            name: Text::new("n"),
            method: "m",
        };
        assert_eq!(field_names(&mention), MENTIONS_HEADER.join(","));
        let relation = RelationRow {
            doc: Text::new("d"),
            sentence: 0,
            relation: "MEET",
            kind: None,
            source: Text::new("s"),
            source_name: Text::new("s"),
            source_type: "PERSON",
            target: Text::new("t"),
            target_name: Text::new("t"),
            target_type: "PERSON",
            trigger: "met",
            date: None,
            evidence: "e",
        };
        assert_eq!(field_names(&relation), RELATIONS_HEADER.join(","));
        let document = DocumentRow {
            doc: "d",
            bytes: 0,
            date: None,
            sentences: 0,
            mentions: 0,
            relations: 0,
            status: "ok",
            message: None,
        };
        assert_eq!(field_names(&document), DOCUMENTS_HEADER.join(","));
        let node = NodeRow {
            id: "i",
            name: "n",
            etype: "PERSON",
            country: None,
            mentions: 1,
            documents: 1,
        };
        assert_eq!(field_names(&node), ENTITIES_HEADER.join(","));
        let edge = EdgeRow {
            source: "a",
            target: "b",
            direction: Direction::Undirected,
            weight: 1,
            label: "met",
            relation: "MEET",
            kind: None,
            documents: 1,
            first_date: None,
            last_date: None,
            number: 7,
        };
        assert_eq!(
            field_names(&edge),
            GEPHI_EDGES_HEADER.join(",").to_lowercase()
        );
    }
}
