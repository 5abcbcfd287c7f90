//! A run: documents in (a folder, a file, or standard input), the files of
//! [`crate::write`] out.
//!
//! Documents are read and analysed in parallel (rayon), a batch at a time,
//! and written in input order, so the output is byte-identical whatever the
//! number of threads, and memory stays flat however many documents there are.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::pipeline::{analyze_document, Analysis};
use crate::read::{list_documents, read_document, ListOptions, ReadOutcome};
use crate::stdin::{read_one, JsonLines};
use crate::write::{Destination, Output, Unread, WriteOptions};

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
}

impl Summary {
    pub fn megabytes_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

/// Told how a run advances, from the worker threads as each document is
/// analysed; a progress bar, say.
pub trait Progress: Sync {
    /// The number of documents the run will read, when it is known.
    fn start(&self, _documents: Option<u64>) {}
    /// One more document of `bytes` bytes is done.
    fn advance(&self, _bytes: u64) {}
}

/// Progress that nobody watches.
pub struct Silent;

impl Progress for Silent {}

const BATCH: usize = 512;

/// A document to read: a file, read by a worker, or already read from a
/// stream.
enum Work {
    File(PathBuf),
    Read(ReadOutcome),
}

/// The documents of `cfg.input`, in order, and how many there are.
fn documents(cfg: &RunConfig) -> Result<(Box<dyn Iterator<Item = Work>>, Option<u64>)> {
    match &cfg.input {
        Input::Stdin => {
            let doc = read_one(std::io::stdin().lock(), cfg.max_file_size);
            Ok((Box::new(std::iter::once(Work::Read(doc))), Some(1)))
        }
        Input::JsonLines(None) => {
            let lines = JsonLines::new(std::io::stdin().lock());
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
            };
            let exclude = match &cfg.output {
                Destination::Folder(dir) => Some(dir.as_path()),
                Destination::Stdout => None,
            };
            let files = list_documents(input, &opts, exclude).map_err(|e| Error::io(input, e))?;
            let total = files.len() as u64;
            Ok((Box::new(files.into_iter().map(Work::File)), Some(total)))
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
    let (mut docs, total) = documents(cfg)?;
    let mut out = Output::create(&cfg.output, cfg.write)?;
    let root = root(&cfg.input);
    progress.start(total);
    let mut summary = Summary::default();
    // While the workers analyse a batch, one of them writes the batch
    // before, in input order: writing no longer leaves the other cores
    // idle, and at most two batches are held at a time.
    let mut pending: Vec<Done> = Vec::new();
    loop {
        let batch: Vec<Work> = docs.by_ref().take(BATCH).collect();
        if batch.is_empty() && pending.is_empty() {
            break;
        }
        let (results, written) = rayon::join(
            || analyse_batch(gaz, root, cfg, progress, batch),
            || -> Result<()> {
                for (outcome, analysis) in std::mem::take(&mut pending) {
                    write_outcome(&mut out, &mut summary, outcome, analysis)?;
                }
                Ok(())
            },
        );
        written?;
        pending = results;
    }
    summary.sentences = out.sentence_count;
    summary.mentions = out.mention_count;
    summary.relations = out.relation_count;
    out.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
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
        .map(|work| {
            let outcome = match work {
                Work::File(path) => read_document(root, &path, cfg.max_file_size),
                Work::Read(outcome) => outcome,
            };
            let analysis = match &outcome {
                ReadOutcome::Ok(doc) => Some(analyze_document(gaz, doc)),
                _ => None,
            };
            progress.advance(outcome_bytes(&outcome));
            (outcome, analysis)
        })
        .collect()
}

fn outcome_bytes(outcome: &ReadOutcome) -> u64 {
    match outcome {
        ReadOutcome::Ok(doc) => doc.bytes,
        ReadOutcome::Skipped { bytes, .. } => *bytes,
        ReadOutcome::Failed { .. } => 0,
    }
}

fn write_outcome(
    out: &mut Output,
    summary: &mut Summary,
    outcome: ReadOutcome,
    analysis: Option<Analysis>,
) -> Result<()> {
    match outcome {
        ReadOutcome::Ok(doc) => {
            out.document(&doc, analysis.as_ref().expect("analysed"))?;
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
            summary.skipped += 1;
        }
        ReadOutcome::Failed { id, reason } => {
            out.unread(Unread {
                id: &id,
                bytes: 0,
                status: "error",
                message: &reason,
            })?;
            summary.failed += 1;
        }
    }
    Ok(())
}
