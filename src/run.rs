//! A run: documents in (a folder, a file, or standard input), the files of
//! [`crate::write`](mod@crate::write) out.
//!
//! Documents are read and analysed in parallel, one per worker thread at a
//! time, and written in input order, so the output is byte-identical
//! whatever the number of threads. At most [`WAITING_DOCUMENTS`] analysed
//! documents and [`WAITING_BYTES`] bytes of their text wait for an earlier
//! one to be written, and a long document is analysed a piece at a time
//! (on the rayon pool), so memory stays bounded however many and however
//! large the documents are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::pipeline::{analyze, pieces, Analysis, PIECE_BYTES};
use crate::read::{read_document, walk_documents, Document, ListOptions, Listed, ReadOutcome};
use crate::stdin::{read_one, JsonLines, STDIN_ID};
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
    /// `report.html`'s size and the time it took, when it was written.
    pub report: Option<crate::write::ReportWritten>,
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

/// At most this many analysed documents wait for an earlier one to be
/// written ...
pub const WAITING_DOCUMENTS: usize = 512;
/// ... and at most this many bytes of their text (unless one is larger).
pub const WAITING_BYTES: u64 = 64 * 1024 * 1024;
/// Pieces of a long document analysed at once.
const PIECES_AT_ONCE: usize = 32;

/// A document to read: a file, read by a worker, or already read from a
/// stream.
enum Work {
    File(Listed),
    Read(ReadOutcome),
}

type Works = Box<dyn Iterator<Item = Work> + Send>;

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
            // Unlocked (a lock cannot move between threads): the workers
            // take lines in turn.
            let lines = JsonLines::new(std::io::BufReader::new(std::io::stdin()), STDIN_ID);
            Ok((Box::new(lines.map(Work::Read)), None))
        }
        Input::JsonLines(Some(path)) => {
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            // Bad lines are named after the file, as documents of a
            // folder are after their path.
            let name = path
                .file_name()
                .map_or(path.as_os_str(), |n| n)
                .to_string_lossy();
            let lines = JsonLines::new(std::io::BufReader::new(file), &name);
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
                Destination::Stdout | Destination::Stream => None,
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
    run_workers(gaz, root, cfg, progress, docs, &mut out, &mut summary)?;
    summary.sentences = out.sentence_count;
    summary.mentions = out.mention_count;
    summary.relations = out.relation_count;
    summary.report = out.finish()?.report;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// A document read (or not) and its analysis.
type Done = (ReadOutcome, Option<Analysis>);

/// What the workers share: where documents come from, the documents
/// analysed but not written yet, and the output.
struct Workers<'a> {
    gaz: &'a Gazetteer,
    root: &'a Path,
    cfg: &'a RunConfig,
    progress: &'a dyn Progress,
    /// The documents to do, numbered in input order.
    docs: Mutex<std::iter::Zip<std::ops::RangeFrom<u64>, Works>>,
    waiting: Mutex<Waiting>,
    writer: Mutex<Writer<'a>>,
    /// Set when a write failed (or a worker panicked): the workers stop.
    failed: AtomicBool,
}

/// Analysed documents waiting for the ones before them to be written.
#[derive(Default)]
struct Waiting {
    /// The number of the next document to write.
    next: u64,
    done: BTreeMap<u64, Done>,
    /// The bytes of text the waiting documents hold.
    bytes: u64,
}

impl Waiting {
    fn is_full(&self) -> bool {
        self.done.len() >= WAITING_DOCUMENTS || self.bytes >= WAITING_BYTES
    }

    /// The next document to write, if it is here.
    fn take_next(&mut self) -> Option<Done> {
        let done = self.done.remove(&self.next)?;
        self.next += 1;
        self.bytes -= outcome_bytes(&done.0);
        Some(done)
    }
}

struct Writer<'a> {
    out: &'a mut Output,
    summary: &'a mut Summary,
    error: Option<Error>,
}

/// Runs the documents on one worker thread per thread of the pool. Each
/// takes the next document, reads and analyses it, hands it in, and
/// writes whatever is next in input order unless another worker is
/// writing: a document is mostly written by the core that analysed it,
/// right after, while its tables are in that core's cache (in batches of
/// 512, they were not by the time the batch was written). Workers are plain
/// threads, so that the pool is free to analyse the pieces of a long
/// document in parallel while it is written.
fn run_workers(
    gaz: &Gazetteer,
    root: &Path,
    cfg: &RunConfig,
    progress: &dyn Progress,
    docs: Works,
    out: &mut Output,
    summary: &mut Summary,
) -> Result<()> {
    let workers = Workers {
        gaz,
        root,
        cfg,
        progress,
        docs: Mutex::new((0..).zip(docs)),
        waiting: Mutex::new(Waiting::default()),
        writer: Mutex::new(Writer {
            out,
            summary,
            error: None,
        }),
        failed: AtomicBool::new(false),
    };
    std::thread::scope(|s| {
        for _ in 0..rayon::current_num_threads() {
            s.spawn(|| workers.work());
        }
    });
    // Every document is handed in now: what no worker got to write.
    workers.write_ready();
    let error = lock(&workers.writer).error.take();
    error.map_or(Ok(()), Err)
}

/// Stops the other workers when a worker panics (in a build that unwinds):
/// the document it held would never be written, and they would wait for
/// it.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

impl Workers<'_> {
    fn work(&self) {
        let _stop = StopOnPanic(&self.failed);
        while !self.failed.load(Ordering::Relaxed) {
            self.wait_for_room();
            let next = lock(&self.docs).next();
            let Some((number, work)) = next else { break };
            let done = read_and_analyse(self.gaz, self.root, self.cfg, self.progress, work);
            let mut waiting = lock(&self.waiting);
            waiting.bytes += outcome_bytes(&done.0);
            waiting.done.insert(number, done);
            drop(waiting);
            self.write_ready();
        }
    }

    /// Waits while too many documents wait to be written (the next one is
    /// long, or still being analysed), writing when it can: memory stays
    /// bounded however the documents come.
    fn wait_for_room(&self) {
        while lock(&self.waiting).is_full() && !self.failed.load(Ordering::Relaxed) {
            self.write_ready();
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
    }

    /// Writes the documents that are next in order, unless another worker
    /// is writing.
    fn write_ready(&self) {
        while !self.failed.load(Ordering::Relaxed) {
            let Ok(mut writer) = self.writer.try_lock() else {
                return;
            };
            while !self.failed.load(Ordering::Relaxed) {
                let next = lock(&self.waiting).take_next();
                let Some((outcome, analysis)) = next else {
                    break;
                };
                let w = &mut *writer;
                if let Err(e) = write_outcome(self.gaz, w.out, w.summary, outcome, analysis) {
                    w.error = Some(e);
                    self.failed.store(true, Ordering::Relaxed);
                    return;
                }
            }
            drop(writer);
            // Handed in after the last look, while the output was held:
            // its worker could not write it.
            let waiting = lock(&self.waiting);
            if !waiting.done.contains_key(&waiting.next) {
                return;
            }
        }
    }
}

/// Locks a mutex of the run. A worker that panicked while holding it has
/// stopped the others already ([`StopOnPanic`]; a release build aborts).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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
