//! `dyad merge`: the outputs of several runs in, the files of one run over
//! all their documents out.
//!
//! Goes in: parts, each the output of a run over some of the documents:
//! a folder dyad wrote (`documents.csv`, `mentions.csv`, `relations.csv`,
//! `nodes.csv`, `edges.csv`, in either `--graph` dialect, with or without
//! `--excel`'s byte order mark), or the tagged JSON Lines of a run with
//! `--stream` ([`crate::write::Destination::Stream`]), or a folder of such
//! files (what Spark's `saveAsTextFile` writes: every file but the hidden
//! ones and `_SUCCESS`). Comes out: the files a single run over all the
//! documents writes, byte for byte, as [`crate::write`] writes them (so
//! `--format`, `--excel` and `--graph` apply as to a run).
//!
//! Document order is the order of a folder run: ids compared as paths,
//! `/`-separated component by component (for ids without `/`, plain byte
//! order). Each part must list its documents in that order (a folder run
//! does; a Spark partition is sorted by id before it is piped through dyad),
//! and each document must be in one part only. Documents that could not be
//! read (status `error`, such as a bad JSON Lines record named
//! `stdin:LINE`) are exempt: they are merged where they come. The parts
//! are then merged as sorted streams: a document's rows are copied when
//! its turn comes, so memory holds one document per part, not the parts'
//! rows. (A folder run names a file whose name is not UTF-8 with `\xNN`
//! escapes, which do not sort as the name's bytes do: a part holding one
//! may be refused as out of order.)
//!
//! The graph is merged from the parts' graphs: an entity's mentions and
//! documents and an edge's documents are summed (a document is in one part,
//! so none counts twice), first and last dates widened. An entity's name,
//! type and country are those of the first document that names it, as in
//! a run: while the rows are merged, the part each entity is first seen in
//! is noted, and that part's node gives them. Memory grows with the
//! entities and edges, never with the mentions.
//!
//! A malformed part stops the merge with its file and line
//! ([`Error::Part`]); as in a run, every file is written under a temporary
//! name and renamed at the end, so nothing is written then.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::gazetteer::EntityType;
use crate::graph::{relation_type, Direction, EdgeRow, NodeRow};
use crate::resolve::Method;
use crate::write::{
    Destination, DocumentFields, MentionFields, Output, RelationFields, WriteOptions,
    DOCUMENTS_HEADER, MENTIONS_HEADER, RELATIONS_HEADER,
};

/// What a merge needs to know.
#[derive(Debug, Clone)]
pub struct MergeConfig {
    /// The folder to write, as a run's `-o`.
    pub output: PathBuf,
    /// The parts as given: files, dyad output folders, or folders of files.
    pub parts: Vec<PathBuf>,
    pub write: WriteOptions,
}

/// What a merge did.
#[derive(Debug, Default, Clone)]
pub struct MergeSummary {
    /// Parts read (a folder of part files counts each file).
    pub parts: usize,
    pub documents: u64,
    pub mentions: u64,
    pub relations: u64,
    pub nodes: usize,
    pub edges: usize,
    pub seconds: f64,
}

/// Merges the parts of `cfg` into its output folder.
pub fn merge(cfg: &MergeConfig) -> Result<MergeSummary> {
    let started = Instant::now();
    let paths = expand_parts(&cfg.parts, &cfg.output)?;
    // Every part opens and has the right headers before anything is
    // written.
    let mut parts = paths
        .iter()
        .map(|p| Part::open(p))
        .collect::<Result<Vec<_>>>()?;
    let existed = cfg.output.exists();
    let result = merge_into(&mut parts, &cfg.output, cfg.write);
    if result.is_err() && !existed {
        // Nothing written: not even the folder (only removed if empty).
        let _ = std::fs::remove_dir(&cfg.output);
    }
    let mut summary = result?;
    summary.parts = parts.len();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The part files and folders that `given` names.
fn expand_parts(given: &[PathBuf], output: &Path) -> Result<Vec<PathBuf>> {
    if given.is_empty() {
        return Err(Error::Usage("no part to merge".into()));
    }
    let out = std::fs::canonicalize(output).ok();
    let mut parts = Vec::new();
    for path in given {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_dir() {
            parts.push(path.clone());
            continue;
        }
        if out.is_some() && std::fs::canonicalize(path).ok() == out {
            return Err(Error::Usage(format!(
                "{} is both a part and the output",
                path.display()
            )));
        }
        if path.join("documents.csv").exists() {
            parts.push(path.clone());
            continue;
        }
        // A folder of part files, as Spark writes them.
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
            let entry = entry.map_err(|e| Error::io(path, e))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with('_') {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                files.push(entry.path());
            }
        }
        if files.is_empty() {
            return Err(Error::Usage(format!(
                "{} holds neither documents.csv nor part files",
                path.display()
            )));
        }
        files.sort();
        parts.extend(files);
    }
    // A part given twice would count its documents twice.
    let mut canonical: Vec<(PathBuf, &PathBuf)> = parts
        .iter()
        .map(|p| (std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()), p))
        .collect();
    canonical.sort();
    if let Some(w) = canonical.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::Usage(format!(
            "{} is given twice (as {})",
            w[0].1.display(),
            w[1].1.display()
        )));
    }
    Ok(parts)
}

fn merge_into(parts: &mut [Part], output: &Path, opts: WriteOptions) -> Result<MergeSummary> {
    let mut out = Output::create(&Destination::Folder(output.to_path_buf()), opts)?;
    // The part each entity is first seen in, in document order.
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let mut heap = BinaryHeap::with_capacity(parts.len());
    for (i, part) in parts.iter_mut().enumerate() {
        if let Some(doc) = part.next_doc()? {
            heap.push(Reverse(Next { doc, part: i }));
        }
    }
    let mut summary = MergeSummary::default();
    while let Some(Reverse(Next { doc, part })) = heap.pop() {
        parts[part].write_rows(&doc, &mut out, &mut |id: &str| {
            if !seen.contains_key(id) {
                seen.insert(id.to_string(), part);
            }
        })?;
        out.merged_document(&doc.fields())?;
        summary.documents += 1;
        if let Some(doc) = parts[part].next_doc()? {
            heap.push(Reverse(Next { doc, part }));
        }
    }
    for (i, part) in parts.iter_mut().enumerate() {
        part.end_rows()?;
        part.merge_graph(i, &seen, &mut out)?;
    }
    summary.mentions = out.mention_count;
    summary.relations = out.relation_count;
    summary.nodes = out.graph_mut().node_count();
    summary.edges = out.graph_mut().edge_count();
    out.finish()?;
    Ok(summary)
}

/// Compares two document ids as paths, component by component: the order
/// of a folder run.
pub fn doc_order(a: &str, b: &str) -> Ordering {
    a.split('/').cmp(b.split('/'))
}

/// A part's next document, waiting for its turn.
struct Next {
    doc: Doc,
    part: usize,
}

impl Ord for Next {
    fn cmp(&self, other: &Next) -> Ordering {
        // The same id in two parts (not one document: say, the bad lines
        // `stdin:3` of two streams) is ordered by the rest of its row, so
        // that the order of the parts does not matter.
        doc_order(&self.doc.doc, &other.doc.doc)
            .then_with(|| self.doc.fields().cmp(&other.doc.fields()))
            .then(self.part.cmp(&other.part))
    }
}

impl PartialOrd for Next {
    fn partial_cmp(&self, other: &Next) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Next {
    fn eq(&self, other: &Next) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Next {}

/// A row of `documents.csv` (or a `document` row of a stream).
#[derive(Debug, Clone, Deserialize)]
struct Doc {
    doc: String,
    bytes: u64,
    date: Option<String>,
    sentences: usize,
    mentions: usize,
    relations: usize,
    status: String,
    message: Option<String>,
    /// The line it was read from.
    #[serde(skip)]
    line: u64,
}

impl Doc {
    fn fields(&self) -> DocumentFields<'_> {
        DocumentFields {
            doc: &self.doc,
            bytes: self.bytes,
            date: self.date.as_deref(),
            sentences: self.sentences,
            mentions: self.mentions,
            relations: self.relations,
            status: &self.status,
            message: self.message.as_deref(),
        }
    }
}

/// A `mention` row of a stream.
#[derive(Debug, Deserialize)]
struct MentionJson {
    doc: String,
    sentence: usize,
    start: usize,
    end: usize,
    text: String,
    #[serde(rename = "type")]
    etype: String,
    entity: String,
    name: String,
    method: String,
}

/// A `relation` row of a stream.
#[derive(Debug, Deserialize)]
struct RelationJson {
    doc: String,
    sentence: usize,
    relation: String,
    kind: Option<String>,
    source: String,
    source_name: String,
    source_type: String,
    target: String,
    target_name: String,
    target_type: String,
    trigger: String,
    date: Option<String>,
    evidence: String,
}

/// A `node` row of a stream: the keys of `entities.csv`.
#[derive(Debug, Deserialize)]
struct NodeJson {
    id: String,
    name: String,
    #[serde(rename = "type")]
    etype: String,
    country: Option<String>,
    mentions: u64,
    documents: u64,
}

/// An `edge` row of a stream: the Gephi names in lower case.
#[derive(Debug, Deserialize)]
struct EdgeJson {
    source: String,
    target: String,
    #[serde(rename = "type")]
    direction: String,
    weight: u64,
    label: String,
    relation: String,
    kind: Option<String>,
    documents: u64,
    first_date: Option<String>,
    last_date: Option<String>,
}

/// One part being read.
enum Part {
    Folder(Box<FolderPart>),
    Stream(StreamPart),
}

impl Part {
    fn open(path: &Path) -> Result<Part> {
        match path.is_dir() {
            true => Ok(Part::Folder(Box::new(FolderPart::open(path)?))),
            false => Ok(Part::Stream(StreamPart::open(path)?)),
        }
    }

    /// The part's next document, checked to come after the one before.
    fn next_doc(&mut self) -> Result<Option<Doc>> {
        let (doc, last, path) = match self {
            Part::Folder(f) => (f.next_doc()?, &mut f.last, &f.documents.path),
            Part::Stream(s) => (s.next_doc()?, &mut s.last, &s.path),
        };
        let Some(doc) = doc else { return Ok(None) };
        // A record that was not a document (`stdin:LINE`) is named after
        // its line, not its path: it is merged where it comes.
        if doc.status == "error" {
            return Ok(Some(doc));
        }
        if let Some(before) = last.as_deref() {
            if doc_order(&doc.doc, before) == Ordering::Less {
                return Err(Error::part(
                    path,
                    doc.line,
                    format!(
                        "document {:?} comes after {before:?}: a part must list its documents \
                         in path order (a folder run does; sort a stream's records by id)",
                        doc.doc
                    ),
                ));
            }
        }
        *last = Some(doc.doc.clone());
        Ok(Some(doc))
    }

    /// Writes the mention and relation rows of `doc`, telling `saw` each
    /// entity they name.
    fn write_rows(&mut self, doc: &Doc, out: &mut Output, saw: &mut dyn FnMut(&str)) -> Result<()> {
        match self {
            Part::Folder(f) => f.write_rows(doc, out, saw),
            Part::Stream(s) => s.write_rows(out, saw),
        }
    }

    /// Checks that no row is left once every document is written.
    fn end_rows(&mut self) -> Result<()> {
        match self {
            Part::Folder(f) => f.end_rows(),
            Part::Stream(_) => Ok(()),
        }
    }

    /// Adds the part's nodes and edges to the output's graph: the part
    /// numbered `me` gives an entity's name, type and country when it is
    /// the part the entity was first seen in.
    fn merge_graph(
        &mut self,
        me: usize,
        seen: &FxHashMap<String, usize>,
        out: &mut Output,
    ) -> Result<()> {
        match self {
            Part::Folder(f) => f.merge_graph(me, seen, out),
            Part::Stream(s) => s.merge_graph(me, seen, out),
        }
    }
}

/// Adds one node of part `me` to the graph.
fn merge_node(
    node: &NodeRow,
    me: usize,
    seen: &FxHashMap<String, usize>,
    out: &mut Output,
) -> std::result::Result<(), String> {
    let Some(&first) = seen.get(node.id) else {
        return Err(format!(
            "node {:?} is in no mention or relation row of its part",
            node.id
        ));
    };
    out.graph_mut().merge_node(node, first == me);
    Ok(())
}

/// Adds one edge to the graph.
fn merge_edge(edge: &EdgeRow, out: &mut Output) -> std::result::Result<(), String> {
    let relation = relation_type(edge.relation)
        .ok_or_else(|| format!("unknown relation {:?}", edge.relation))?;
    if !out.graph_mut().merge_edge(relation, edge) {
        return Err(format!(
            "edge {:?} -> {:?}: an end is not a node of its part",
            edge.source, edge.target
        ));
    }
    Ok(())
}

/// A field of dyad's own vocabulary, checked.
fn word(
    value: &str,
    column: &str,
    words: impl IntoIterator<Item = &'static str>,
) -> std::result::Result<&'static str, String> {
    words
        .into_iter()
        .find(|w| *w == value)
        .ok_or_else(|| format!("{column} {value:?} is not one dyad writes"))
}

fn entity_types() -> impl Iterator<Item = &'static str> {
    [EntityType::Person, EntityType::Country, EntityType::Org]
        .into_iter()
        .map(EntityType::as_str)
}

fn methods() -> impl Iterator<Item = &'static str> {
    // A new method is a compile error here until it is listed.
    let _every = |m: Method| match m {
        Method::Gazetteer | Method::Pattern | Method::Alias | Method::Role | Method::Pronoun => {}
    };
    [
        Method::Gazetteer,
        Method::Pattern,
        Method::Alias,
        Method::Role,
        Method::Pronoun,
    ]
    .into_iter()
    .map(Method::as_str)
}

fn relation_name(value: &str) -> std::result::Result<&'static str, String> {
    relation_type(value)
        .map(|r| r.as_str())
        .ok_or_else(|| format!("relation {value:?} is not one dyad writes"))
}

/// An empty cell as no value, as the run wrote it.
fn optional(field: &str) -> Option<&str> {
    Some(field).filter(|f| !f.is_empty())
}

fn direction(value: &str) -> std::result::Result<Direction, String> {
    match value {
        "Directed" => Ok(Direction::Directed),
        "Undirected" => Ok(Direction::Undirected),
        other => Err(format!("edge type {other:?} is not Directed or Undirected")),
    }
}

/// A folder written by a run: its CSV files read side by side.
struct FolderPart {
    documents: CsvFile,
    mentions: CsvFile,
    relations: CsvFile,
    dir: PathBuf,
    last: Option<String>,
}

impl FolderPart {
    fn open(dir: &Path) -> Result<FolderPart> {
        Ok(FolderPart {
            documents: CsvFile::open(&dir.join("documents.csv"), &[DOCUMENTS_HEADER])?,
            mentions: CsvFile::open(&dir.join("mentions.csv"), &[MENTIONS_HEADER])?,
            relations: CsvFile::open(&dir.join("relations.csv"), &[RELATIONS_HEADER])?,
            dir: dir.to_path_buf(),
            last: None,
        })
    }

    fn next_doc(&mut self) -> Result<Option<Doc>> {
        let file = &mut self.documents;
        if !file.next()? {
            return Ok(None);
        }
        let r = &file.record;
        let doc = (|| {
            Ok::<_, String>(Doc {
                doc: r[0].to_string(),
                bytes: number(&r[1], "bytes")?,
                date: optional(&r[2]).map(str::to_string),
                sentences: number(&r[3], "sentences")?,
                mentions: number(&r[4], "mentions")?,
                relations: number(&r[5], "relations")?,
                status: r[6].to_string(),
                message: optional(&r[7]).map(str::to_string),
                line: file.line(),
            })
        })();
        doc.map(Some).map_err(|m| file.error(m))
    }

    fn write_rows(&mut self, doc: &Doc, out: &mut Output, saw: &mut dyn FnMut(&str)) -> Result<()> {
        for _ in 0..doc.mentions {
            let file = self
                .mentions
                .row_of(doc, &self.documents.path, "mentions")?;
            let r = &file.record;
            let m = (|| {
                Ok::<_, String>(MentionFields {
                    doc: &r[0],
                    sentence: number(&r[1], "sentence")?,
                    start: number(&r[2], "start")?,
                    end: number(&r[3], "end")?,
                    text: &r[4],
                    etype: word(&r[5], "type", entity_types())?,
                    entity: &r[6],
                    name: &r[7],
                    method: word(&r[8], "method", methods())?,
                })
            })()
            .map_err(|m| file.error(m))?;
            saw(m.entity);
            out.merged_mention(&m)?;
        }
        for _ in 0..doc.relations {
            let file = self
                .relations
                .row_of(doc, &self.documents.path, "relations")?;
            let r = &file.record;
            let rel = (|| {
                Ok::<_, String>(RelationFields {
                    doc: &r[0],
                    sentence: number(&r[1], "sentence")?,
                    relation: relation_name(&r[2])?,
                    kind: optional(&r[3]),
                    source: &r[4],
                    source_name: &r[5],
                    source_type: word(&r[6], "source_type", entity_types())?,
                    target: &r[7],
                    target_name: &r[8],
                    target_type: word(&r[9], "target_type", entity_types())?,
                    trigger: &r[10],
                    date: optional(&r[11]),
                    evidence: &r[12],
                })
            })()
            .map_err(|m| file.error(m))?;
            saw(rel.source);
            saw(rel.target);
            out.merged_relation(&rel)?;
        }
        Ok(())
    }

    fn end_rows(&mut self) -> Result<()> {
        for file in [&mut self.mentions, &mut self.relations] {
            if file.next()? {
                let doc = file.record[0].to_string();
                return Err(file.error(format!(
                    "a row of {doc:?}, beyond the rows documents.csv counts"
                )));
            }
        }
        Ok(())
    }

    fn merge_graph(
        &mut self,
        me: usize,
        seen: &FxHashMap<String, usize>,
        out: &mut Output,
    ) -> Result<()> {
        let dialects = [crate::graph::Dialect::Gephi, crate::graph::Dialect::Neo4j];
        let mut nodes = CsvFile::open(
            &self.dir.join("nodes.csv"),
            &dialects.map(|d| d.nodes_header()),
        )?;
        while nodes.next()? {
            let r = &nodes.record;
            let node = (|| {
                Ok::<_, String>(NodeRow {
                    id: &r[0],
                    name: &r[1],
                    etype: word(&r[2], "type", entity_types())?,
                    country: optional(&r[3]),
                    mentions: number(&r[4], "mentions")?,
                    documents: number(&r[5], "documents")?,
                })
            })();
            node.and_then(|n| merge_node(&n, me, seen, out))
                .map_err(|m| nodes.error(m))?;
        }
        let mut edges = CsvFile::open(
            &self.dir.join("edges.csv"),
            &dialects.map(|d| d.edges_header()),
        )?;
        while edges.next()? {
            let r = &edges.record;
            let edge = (|| {
                Ok::<_, String>(EdgeRow {
                    source: &r[0],
                    target: &r[1],
                    direction: direction(&r[2])?,
                    weight: number(&r[3], "weight")?,
                    label: &r[4],
                    relation: relation_name(&r[5])?,
                    kind: optional(&r[6]),
                    documents: number(&r[7], "documents")?,
                    first_date: optional(&r[8]),
                    last_date: optional(&r[9]),
                    // Not read: the graph numbers its own edges.
                    number: 0,
                })
            })();
            edge.and_then(|e| merge_edge(&e, out))
                .map_err(|m| edges.error(m))?;
        }
        Ok(())
    }
}

fn number<T: std::str::FromStr>(field: &str, column: &str) -> std::result::Result<T, String> {
    field
        .parse()
        .map_err(|_| format!("{column} {field:?} is not a number"))
}

/// A CSV file of a part, read a record at a time.
struct CsvFile {
    reader: csv::Reader<BufReader<File>>,
    record: csv::StringRecord,
    path: PathBuf,
}

impl CsvFile {
    /// Opens `path` and checks that its header is one of `headers`.
    fn open(path: &Path, headers: &[&[&str]]) -> Result<CsvFile> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut input = BufReader::with_capacity(1 << 16, file);
        // `--excel` starts the file with a byte order mark.
        let bom = input.fill_buf().map_err(|e| Error::io(path, e))?;
        if bom.starts_with(b"\xEF\xBB\xBF") {
            input.consume(3);
        }
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(input);
        let mut file = CsvFile {
            reader,
            record: csv::StringRecord::new(),
            path: path.to_path_buf(),
        };
        if !file.next()? {
            return Err(Error::part(path, 1, "empty: no header"));
        }
        if !headers
            .iter()
            .any(|h| file.record.iter().eq(h.iter().copied()))
        {
            return Err(file.error(format!(
                "header {:?} is not that of a dyad {}",
                file.record.iter().collect::<Vec<_>>().join(","),
                path.file_name().map_or("".into(), |n| n.to_string_lossy())
            )));
        }
        Ok(file)
    }

    /// Reads the next record; `false` at the end.
    fn next(&mut self) -> Result<bool> {
        self.reader
            .read_record(&mut self.record)
            .map_err(|e| csv_error(&self.path, e))
    }

    /// The line the current record starts on.
    fn line(&self) -> u64 {
        self.record.position().map_or(0, |p| p.line())
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::part(&self.path, self.line(), message)
    }

    /// Reads the next row, which must belong to `doc`.
    fn row_of(&mut self, doc: &Doc, documents: &Path, what: &str) -> Result<&CsvFile> {
        if !self.next()? {
            return Err(Error::part(
                documents,
                doc.line,
                format!(
                    "{what}.csv ends before the {} {what} of {:?}",
                    if what == "mentions" {
                        doc.mentions
                    } else {
                        doc.relations
                    },
                    doc.doc
                ),
            ));
        }
        if self.record[0] != *doc.doc {
            return Err(self.error(format!(
                "a row of {:?} where documents.csv line {} counts one of {:?}",
                &self.record[0], doc.line, doc.doc
            )));
        }
        Ok(self)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::io(path, e),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::part(
            path,
            line,
            format!("{len} fields where the header has {expected_len}"),
        ),
        csv::ErrorKind::Utf8 { .. } => Error::part(path, line, "not UTF-8"),
        other => Error::part(path, line, format!("{other:?}")),
    }
}

/// A stream of tagged JSON Lines: each document's `mention` and `relation`
/// rows then its `document` row, then the `node` and `edge` rows.
struct StreamPart {
    input: BufReader<File>,
    path: PathBuf,
    /// The number of the last line read, and the byte after it.
    line: u64,
    offset: u64,
    buf: Vec<u8>,
    /// The current document's rows, and the lines they were read from.
    mentions: Vec<(u64, MentionJson)>,
    relations: Vec<(u64, RelationJson)>,
    /// Where the graph's rows start (offset, line number before it).
    graph_at: Option<(u64, u64)>,
    last: Option<String>,
}

/// The table a tagged row names.
#[derive(Deserialize)]
struct Tag {
    table: String,
}

impl StreamPart {
    fn open(path: &Path) -> Result<StreamPart> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        Ok(StreamPart {
            input: BufReader::with_capacity(1 << 16, file),
            path: path.to_path_buf(),
            line: 0,
            offset: 0,
            buf: Vec::new(),
            mentions: Vec::new(),
            relations: Vec::new(),
            graph_at: None,
            last: None,
        })
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::part(&self.path, self.line, message)
    }

    /// Reads the next non-blank line into `buf`; `false` at the end.
    fn read_line(&mut self) -> Result<bool> {
        loop {
            self.buf.clear();
            let n = self
                .input
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Error::io(&self.path, e))?;
            if n == 0 {
                return Ok(false);
            }
            self.line += 1;
            self.offset += n as u64;
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }

    /// The table the line in `buf` names.
    fn tag(&self) -> Result<String> {
        // Written by dyad, the tag comes first.
        const START: &[u8] = b"{\"table\":\"";
        if let Some(rest) = self.buf.strip_prefix(START) {
            if let Some(end) = memchr::memchr(b'"', rest) {
                if let Ok(tag) = std::str::from_utf8(&rest[..end]) {
                    return Ok(tag.to_string());
                }
            }
        }
        serde_json::from_slice::<Tag>(&self.buf)
            .map(|t| t.table)
            .map_err(|e| {
                self.error(format!(
                    "not a tagged row of dyad --stream: {}",
                    json_error(&e)
                ))
            })
    }

    fn parse<T: for<'de> Deserialize<'de>>(&self, what: &str) -> Result<T> {
        serde_json::from_slice(&self.buf)
            .map_err(|e| self.error(format!("not a {what} row: {}", json_error(&e))))
    }

    /// Reads the rows of the next document, up to its `document` row.
    fn next_doc(&mut self) -> Result<Option<Doc>> {
        self.mentions.clear();
        self.relations.clear();
        if self.graph_at.is_some() {
            return Ok(None);
        }
        loop {
            let start = self.offset;
            if !self.read_line()? {
                self.graph_at = Some((start, self.line));
                return self.no_rows_left().map(|_| None);
            }
            match self.tag()?.as_str() {
                "mention" => {
                    let m: MentionJson = self.parse("mention")?;
                    self.mentions.push((self.line, m));
                }
                "relation" => {
                    let r: RelationJson = self.parse("relation")?;
                    self.relations.push((self.line, r));
                }
                "document" => {
                    let mut doc: Doc = self.parse("document")?;
                    doc.line = self.line;
                    self.check_rows(&doc)?;
                    return Ok(Some(doc));
                }
                "node" | "edge" => {
                    self.graph_at = Some((start, self.line - 1));
                    return self.no_rows_left().map(|_| None);
                }
                other => return Err(self.error(format!("unknown table {other:?}"))),
            }
        }
    }

    /// Rows read before the graph or the end must have had their document.
    fn no_rows_left(&self) -> Result<()> {
        let first = self.mentions.first().map(|(l, m)| (*l, &m.doc));
        let first = first.or(self.relations.first().map(|(l, r)| (*l, &r.doc)));
        match first {
            Some((line, doc)) => Err(Error::part(
                &self.path,
                line,
                format!("a row of {doc:?}, whose document row never comes"),
            )),
            None => Ok(()),
        }
    }

    /// Checks the rows read against their document row.
    fn check_rows(&self, doc: &Doc) -> Result<()> {
        let docs = self.mentions.iter().map(|(l, m)| (*l, &m.doc));
        let docs = docs.chain(self.relations.iter().map(|(l, r)| (*l, &r.doc)));
        for (line, d) in docs {
            if *d != doc.doc {
                return Err(Error::part(
                    &self.path,
                    line,
                    format!("a row of {d:?} before the document row of {:?}", doc.doc),
                ));
            }
        }
        if (self.mentions.len(), self.relations.len()) != (doc.mentions, doc.relations) {
            return Err(self.error(format!(
                "document {:?} counts {} mentions and {} relations; {} and {} rows came",
                doc.doc,
                doc.mentions,
                doc.relations,
                self.mentions.len(),
                self.relations.len()
            )));
        }
        Ok(())
    }

    fn write_rows(&mut self, out: &mut Output, saw: &mut dyn FnMut(&str)) -> Result<()> {
        for (line, m) in &self.mentions {
            let fields = (|| {
                Ok::<_, String>(MentionFields {
                    doc: &m.doc,
                    sentence: m.sentence,
                    start: m.start,
                    end: m.end,
                    text: &m.text,
                    etype: word(&m.etype, "type", entity_types())?,
                    entity: &m.entity,
                    name: &m.name,
                    method: word(&m.method, "method", methods())?,
                })
            })()
            .map_err(|e| Error::part(&self.path, *line, e))?;
            saw(fields.entity);
            out.merged_mention(&fields)?;
        }
        for (line, r) in &self.relations {
            let fields = (|| {
                Ok::<_, String>(RelationFields {
                    doc: &r.doc,
                    sentence: r.sentence,
                    relation: relation_name(&r.relation)?,
                    kind: r.kind.as_deref(),
                    source: &r.source,
                    source_name: &r.source_name,
                    source_type: word(&r.source_type, "source_type", entity_types())?,
                    target: &r.target,
                    target_name: &r.target_name,
                    target_type: word(&r.target_type, "target_type", entity_types())?,
                    trigger: &r.trigger,
                    date: r.date.as_deref(),
                    evidence: &r.evidence,
                })
            })()
            .map_err(|e| Error::part(&self.path, *line, e))?;
            saw(fields.source);
            saw(fields.target);
            out.merged_relation(&fields)?;
        }
        Ok(())
    }

    fn merge_graph(
        &mut self,
        me: usize,
        seen: &FxHashMap<String, usize>,
        out: &mut Output,
    ) -> Result<()> {
        let Some((offset, line)) = self.graph_at else {
            return Ok(());
        };
        self.input
            .seek(SeekFrom::Start(offset))
            .map_err(|e| Error::io(&self.path, e))?;
        self.line = line;
        self.offset = offset;
        while self.read_line()? {
            let merged = match self.tag()?.as_str() {
                "node" => {
                    let n: NodeJson = self.parse("node")?;
                    let node = (|| {
                        Ok::<_, String>(NodeRow {
                            id: &n.id,
                            name: &n.name,
                            etype: word(&n.etype, "type", entity_types())?,
                            country: n.country.as_deref(),
                            mentions: n.mentions,
                            documents: n.documents,
                        })
                    })();
                    node.and_then(|node| merge_node(&node, me, seen, out))
                }
                "edge" => {
                    let e: EdgeJson = self.parse("edge")?;
                    let edge = (|| {
                        Ok::<_, String>(EdgeRow {
                            source: &e.source,
                            target: &e.target,
                            direction: direction(&e.direction)?,
                            weight: e.weight,
                            label: &e.label,
                            relation: relation_name(&e.relation)?,
                            kind: e.kind.as_deref(),
                            documents: e.documents,
                            first_date: e.first_date.as_deref(),
                            last_date: e.last_date.as_deref(),
                            // Not read: the graph numbers its own edges.
                            number: 0,
                        })
                    })();
                    edge.and_then(|edge| merge_edge(&edge, out))
                }
                other => Err(format!(
                    "a {other:?} row after the graph's rows began: the stream was cut or mixed"
                )),
            };
            merged.map_err(|m| self.error(m))?;
        }
        Ok(())
    }
}

/// serde_json's message, placed by column (the line is the part's).
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text.rsplit_once(" at line ").map_or(&*text, |(m, _)| m);
    format!("{message} (column {})", e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_in_the_order_of_a_folder_walk() {
        let mut ids = vec![
            "a.txt",
            "a/b.txt",
            "a.b/c.txt",
            "a-b.txt",
            "b.txt",
            "a/a/z.txt",
            "A.txt",
            "é.txt",
            "a/b/c.txt",
            "a0.txt",
        ];
        let mut paths: Vec<PathBuf> = ids.iter().map(PathBuf::from).collect();
        paths.sort();
        ids.sort_by(|a, b| doc_order(a, b));
        let sorted: Vec<PathBuf> = ids.iter().map(PathBuf::from).collect();
        assert_eq!(sorted, paths);
    }

    /// A stream part of one document that names `person/x` as `name`.
    fn part(doc: &str, name: &str, country: &str) -> String {
        let country = match country {
            "" => "null".to_string(),
            c => format!("\"{c}\""),
        };
        let len = name.len();
        [
            format!(
                r#"{{"table":"mention","doc":"{doc}","sentence":0,"start":0,"end":{len},"text":"{name}","type":"PERSON","entity":"person/x","name":"{name}","method":"pattern"}}"#
            ),
            format!(
                r#"{{"table":"document","doc":"{doc}","bytes":{len},"date":null,"sentences":1,"mentions":1,"relations":0,"status":"ok","message":null}}"#
            ),
            format!(
                r#"{{"table":"node","id":"person/x","name":"{name}","type":"PERSON","country":{country},"mentions":1,"documents":1}}"#
            ),
        ]
        .join("\n")
            + "\n"
    }

    #[test]
    fn an_entity_is_named_as_its_first_document_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let later = dir.path().join("later");
        let earlier = dir.path().join("earlier");
        std::fs::write(&later, part("b.txt", "Later", "AZE")).unwrap();
        std::fs::write(&earlier, part("a.txt", "Earlier", "")).unwrap();
        for (k, parts) in [[&later, &earlier], [&earlier, &later]].iter().enumerate() {
            let output = dir.path().join(format!("out{k}"));
            let cfg = MergeConfig {
                output: output.clone(),
                parts: parts.iter().map(|p| p.to_path_buf()).collect(),
                write: WriteOptions::default(),
            };
            let summary = merge(&cfg).unwrap();
            assert_eq!((summary.documents, summary.nodes), (2, 1));
            let nodes = std::fs::read_to_string(output.join("nodes.csv")).unwrap();
            assert_eq!(
                nodes.lines().nth(1),
                Some("person/x,Earlier,PERSON,,2,2"),
                "{parts:?}"
            );
            let mentions = std::fs::read_to_string(output.join("mentions.csv")).unwrap();
            let docs: Vec<&str> = mentions.lines().skip(1).map(|l| &l[..5]).collect();
            assert_eq!(docs, ["a.txt", "b.txt"]);
        }
    }

    #[test]
    fn a_node_no_row_names_is_a_malformed_part() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad");
        let text = part("a.txt", "X", "").replace("\"id\":\"person/x\"", "\"id\":\"person/y\"");
        std::fs::write(&bad, text).unwrap();
        let cfg = MergeConfig {
            output: dir.path().join("out"),
            parts: vec![bad],
            write: WriteOptions::default(),
        };
        match merge(&cfg) {
            Err(Error::Part { line, message, .. }) => {
                assert_eq!(line, 3);
                assert!(message.contains("person/y"), "{message}");
            }
            other => panic!("merged: {other:?}"),
        }
        assert!(!dir.path().join("out").exists());
    }
}
