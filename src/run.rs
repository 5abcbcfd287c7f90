//! A run: documents in (a folder, a file, or standard input), the files of
//! [`crate::write`] out.
//!
//! Documents are read and analysed in parallel (rayon), a batch at a time,
//! and written in input order, so the output is byte-identical whatever the
//! number of threads (with one thread, one document at a time, each
//! written as soon as it is analysed). A batch holds at most [`BATCH_FILES`] files and
//! [`BATCH_BYTES`] bytes (a larger file is a batch of its own), and a long
//! document is analysed a piece at a time, so memory stays bounded however
//! many and however large the documents are.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::pipeline::{analyze, pieces, Analysis, PIECE_BYTES};
use crate::read::{read_document, walk_documents, Document, ListOptions, Listed, ReadOutcome};
use crate::stdin::{read_one, JsonLines};
use crate::write::{Destination, DocumentRows, Output, Unread, WriteOptions};

/// Where the documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A folder (read recursively) or a single file.
    Path(PathBuf),
    /// One document on standard input.
    Stdin,
    /// JSON Lines records, one document each, from a file or (`None`)
    /// standard input.
    JsonLines(Option<PathBuf>),
}

/// What a run needs to know.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: Input,
    pub output: Destination,
    pub globs: Vec<String>,
    pub max_file_size: u64,
    pub write: WriteOptions,
    /// Follow symbolic links to folders.
    pub follow: bool,
}

/// A document that was not analysed, for the summary on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotRead {
    pub id: String,
    pub status: &'static str,
    pub reason: String,
}

/// What a run did, for the summary line and the exit code.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub documents: u64,
    pub sentences: u64,
    pub mentions: u64,
    pub relations: u64,
    pub skipped: u64,
    pub failed: u64,
    pub warnings: u64,
    pub bytes: u64,
    pub seconds: f64,
    /// The first [`Summary::LISTED`] documents skipped or failed.
    pub not_read: Vec<NotRead>,
}

impl Summary {
    /// How many skipped or failed documents the summary names.
    pub const LISTED: usize = 10;

    pub fn megabytes_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }

    fn not_read(&mut self, id: &str, status: &'static str, reason: &str) {
        if status == "error" {
            self.failed += 1;
        } else {
            self.skipped += 1;
        }
        if self.not_read.len() < Self::LISTED {
            self.not_read.push(NotRead {
                id: id.to_string(),
                status,
                reason: reason.to_string(),
            });
        }
    }
}

/// Told how a run advances, from the worker threads as each document is
/// analysed; a progress bar, say.
pub trait Progress: Sync {
    /// Whether [`Self::start`] should be told how many documents a folder
    /// holds: that takes a walk over the folder before the run.
    fn wants_total(&self) -> bool {
        false
    }
    /// The number of documents the run will read, when it is known.
    fn start(&self, _documents: Option<u64>) {}
    /// One more document of `bytes` bytes is done.
    fn advance(&self, _bytes: u64) {}
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {}

/// At most this many files are read and analysed at once.
pub const BATCH_FILES: usize = 512;
/// At most this many bytes of files are read at once (unless one file is
/// larger).
pub const BATCH_BYTES: u64 = 64 * 1024 * 1024;
/// Pieces of a long document analysed at once.
const PIECES_AT_ONCE: usize = 32;

/// A document to read: a file, read by a worker, or already read from a
/// stream.
enum Work {
    File(Listed),
    Read(ReadOutcome),
}

impl Work {
    /// The bytes the work will hold once read, as far as known now.
    fn size(&self) -> u64 {
        match self {
            Work::File(listed) => std::fs::metadata(&listed.path).map_or(0, |m| m.len()),
            Work::Read(outcome) => outcome_bytes(outcome),
        }
    }
}

type Works = std::iter::Peekable<Box<dyn Iterator<Item = Work> + Send>>;

/// The next batch: at most [`BATCH_FILES`] documents and [`BATCH_BYTES`]
/// bytes, and at least one document.
fn next_batch(docs: &mut Works) -> Vec<Work> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < BATCH_FILES {
        let Some(work) = docs.peek() else { break };
        let size = work.size();
        if !batch.is_empty() && bytes + size > BATCH_BYTES {
            break;
        }
        bytes += size;
        batch.extend(docs.next());
    }
    batch
}

/// The documents of `cfg.input`, in order, and how many there are.
fn documents(
    cfg: &RunConfig,
    want_total: bool,
) -> Result<(Box<dyn Iterator<Item = Work> + Send>, Option<u64>)> {
    match &cfg.input {
        Input::Stdin => {
            let doc = read_one(std::io::stdin().lock(), cfg.max_file_size);
            Ok((Box::new(std::iter::once(Work::Read(doc))), Some(1)))
        }
        Input::JsonLines(None) => {
            // Unlocked (a lock cannot move between threads): the next
            // batch is read while the workers analyse this one.
            let lines = JsonLines::new(std::io::BufReader::new(std::io::stdin()));
            Ok((Box::new(lines.map(Work::Read)), None))
        }
        Input::JsonLines(Some(path)) => {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            let lines = JsonLines::new(std::io::BufReader::new(file));
            Ok((Box::new(lines.map(Work::Read)), None))
        }
        Input::Path(input) => {
            if !input.exists() {
                return Err(Error::Usage(format!(
                    "{}: no such file or folder",
                    input.display()
                )));
            }
            let opts = ListOptions {
                globs: cfg.globs.clone(),
                follow: cfg.follow,
            };
            let exclude = match &cfg.output {
                Destination::Folder(dir) => Some(dir.as_path()),
                Destination::Stdout => None,
            };
            let walk = || walk_documents(input, &opts, exclude).map_err(|e| Error::io(input, e));
            // The files are listed as they are read; a progress bar that
            // shows the total gets it from a first walk that keeps nothing.
            let total = match want_total {
                true => Some(walk()?.count() as u64),
                false => None,
            };
            Ok((Box::new(walk()?.map(Work::File)), total))
        }
    }
}

/// The folder document ids are relative to.
fn root(input: &Input) -> &Path {
    match input {
        Input::Path(p) if p.is_file() => p.parent().unwrap_or(Path::new("")),
        Input::Path(p) => p,
        _ => Path::new(""),
    }
}

/// Runs the pipeline over every document of `cfg.input`.
pub fn run(gaz: &Gazetteer, cfg: &RunConfig, progress: &dyn Progress) -> Result<Summary> {
    let started = Instant::now();
    let (docs, total) = documents(cfg, progress.wants_total())?;
    let docs: Works = docs.peekable();
    let mut out = Output::create(&cfg.output, cfg.write).map_err(|e| match (e, &cfg.output) {
        (Error::Io { source, .. }, Destination::Folder(dir)) => Error::Output {
            path: dir.clone(),
            source,
        },
        (other, _) => other,
    })?;
    let root = root(&cfg.input);
    progress.start(total);
    let mut summary = Summary::default();
    if rayon::current_num_threads() == 1 {
        // One thread: each document is written as soon as it is analysed,
        // while its tables are still in the core's cache (a batch's
        // analyses are not by the time the batch is written), and no batch
        // is held, nor file sizes looked up to bound one.
        for work in docs {
            let (outcome, analysis) = read_and_analyse(gaz, root, cfg, progress, work);
            write_outcome(gaz, &mut out, &mut summary, outcome, analysis)?;
        }
    } else {
        run_batches(gaz, root, cfg, progress, docs, &mut out, &mut summary)?;
    }
    summary.sentences = out.sentence_count;
    summary.mentions = out.mention_count;
    summary.relations = out.relation_count;
    out.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Runs the documents in batches: while the workers analyse a batch, one of
/// them writes the batch before, in input order, and then lists the batch
/// after (walking the folder and looking at file sizes): neither leaves the
/// other cores idle, and at most three batches are held at a time.
fn run_batches(
    gaz: &Gazetteer,
    root: &Path,
    cfg: &RunConfig,
    progress: &dyn Progress,
    mut docs: Works,
    out: &mut Output,
    summary: &mut Summary,
) -> Result<()> {
    let mut pending: Vec<Done> = Vec::new();
    let mut batch = next_batch(&mut docs);
    while !(batch.is_empty() && pending.is_empty()) {
        let (results, next) = rayon::join(
            || analyse_batch(gaz, root, cfg, progress, batch),
            || -> Result<Vec<Work>> {
                for (outcome, analysis) in std::mem::take(&mut pending) {
                    write_outcome(gaz, out, summary, outcome, analysis)?;
                }
                Ok(next_batch(&mut docs))
            },
        );
        batch = next?;
        pending = results;
    }
    Ok(())
}

/// A document read (or not) and its analysis.
type Done = (ReadOutcome, Option<Analysis>);

/// Reads and analyses a batch of documents in parallel, in order.
fn analyse_batch(
    gaz: &Gazetteer,
    root: &Path,
    cfg: &RunConfig,
    progress: &dyn Progress,
    batch: Vec<Work>,
) -> Vec<Done> {
    batch
        .into_par_iter()
        .map(|work| read_and_analyse(gaz, root, cfg, progress, work))
        .collect()
}

/// Reads one document and analyses it (a long one is analysed piece by
/// piece as it is written).
fn read_and_analyse(
    gaz: &Gazetteer,
    root: &Path,
    cfg: &RunConfig,
    progress: &dyn Progress,
    work: Work,
) -> Done {
    let outcome = match work {
        Work::File(listed) => read_document(root, &listed, cfg.max_file_size),
        Work::Read(outcome) => outcome,
    };
    let analysis = match &outcome {
        ReadOutcome::Ok(doc) if doc.text.len() <= PIECE_BYTES => {
            Some(analyze(gaz, &doc.text, doc.date.as_deref()))
        }
        _ => None,
    };
    progress.advance(outcome_bytes(&outcome));
    (outcome, analysis)
}

fn outcome_bytes(outcome: &ReadOutcome) -> u64 {
    match outcome {
        ReadOutcome::Ok(doc) => doc.bytes,
        ReadOutcome::Skipped { bytes, .. } => *bytes,
        ReadOutcome::Failed { .. } => 0,
    }
}

fn write_outcome(
    gaz: &Gazetteer,
    out: &mut Output,
    summary: &mut Summary,
    outcome: ReadOutcome,
    analysis: Option<Analysis>,
) -> Result<()> {
    match outcome {
        ReadOutcome::Ok(doc) => {
            match analysis {
                Some(a) => out.document(&doc, &a)?,
                None => write_in_pieces(gaz, out, &doc)?,
            }
            summary.documents += 1;
            summary.bytes += doc.bytes;
            summary.warnings += u64::from(doc.warning.is_some());
        }
        ReadOutcome::Skipped { id, bytes, reason } => {
            out.unread(Unread {
                id: &id,
                bytes,
                status: "skipped",
                message: &reason,
            })?;
            summary.not_read(&id, "skipped", &reason);
        }
        ReadOutcome::Failed { id, reason } => {
            out.unread(Unread {
                id: &id,
                bytes: 0,
                status: "error",
                message: &reason,
            })?;
            summary.not_read(&id, "error", &reason);
        }
    }
    Ok(())
}

/// Analyses a long document a few pieces at a time, in parallel, and writes
/// them in order.
fn write_in_pieces(gaz: &Gazetteer, out: &mut Output, doc: &Document) -> Result<()> {
    let ranges = pieces(&doc.text, PIECE_BYTES);
    let mut rows = DocumentRows::default();
    for group in ranges.chunks(PIECES_AT_ONCE) {
        let analyses: Vec<Analysis> = group
            .par_iter()
            .map(|r| analyze(gaz, &doc.text[r.clone()], doc.date.as_deref()))
            .collect();
        for (r, a) in group.iter().zip(&analyses) {
            out.piece(doc, &mut rows, r.start, a)?;
        }
    }
    out.end_document(doc, rows)
}
