//! A run: a folder of documents in, the CSV files of [`crate::write`] out.
//!
//! Documents are read and analysed in parallel (rayon), a batch at a time,
//! and written in input order, so the output is byte-identical whatever the
//! number of threads. A batch holds at most [`BATCH_FILES`] files and
//! [`BATCH_BYTES`] bytes (a larger file is a batch of its own), and a long
//! document is analysed a piece at a time, so memory stays bounded however
//! many and however large the documents are.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::pipeline::{analyze, pieces, Analysis, PIECE_BYTES};
use crate::read::{list_documents, read_document, Document, ListOptions, Listed, ReadOutcome};
use crate::write::{DocumentRows, Output, Unread};

/// What a run needs to know.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: PathBuf,
    pub output: PathBuf,
    pub globs: Vec<String>,
    pub max_file_size: u64,
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

/// At most this many files are read and analysed at once.
pub const BATCH_FILES: usize = 512;
/// At most this many bytes of files are read at once (unless one file is
/// larger).
pub const BATCH_BYTES: u64 = 64 * 1024 * 1024;
/// Pieces of a long document analysed at once.
const PIECES_AT_ONCE: usize = 32;

/// A read document and, when it is short, its analysis; a long one is
/// analysed piece by piece as it is written.
type Read = (ReadOutcome, Option<Analysis>);

/// Checks what can be checked before any work: the input exists and the
/// output folder can be written. Returns the output, ready for rows.
fn prepare(cfg: &RunConfig) -> Result<Output> {
    if std::fs::metadata(&cfg.input).is_err() {
        return Err(Error::Usage(format!(
            "{}: no such file or folder",
            cfg.input.display()
        )));
    }
    Output::create(&cfg.output).map_err(|e| match e {
        Error::Io { source, .. } => Error::Output {
            path: cfg.output.clone(),
            source,
        },
        other => other,
    })
}

/// Runs the pipeline over every document of `cfg.input`.
pub fn run(
    gaz: &Gazetteer,
    cfg: &RunConfig,
    mut progress: impl FnMut(usize, usize),
) -> Result<Summary> {
    let started = Instant::now();
    let mut out = prepare(cfg)?;
    let opts = ListOptions {
        globs: cfg.globs.clone(),
        follow: cfg.follow,
    };
    let files = list_documents(&cfg.input, &opts, Some(&cfg.output))
        .map_err(|e| Error::io(&cfg.input, e))?;
    let root: &Path = if cfg.input.is_dir() {
        &cfg.input
    } else {
        cfg.input.parent().unwrap_or(Path::new(""))
    };
    let mut summary = Summary::default();
    let mut done = 0;
    for batch in batches(&files) {
        let results: Vec<Read> = batch
            .par_iter()
            .map(|listed| {
                let outcome = read_document(root, listed, cfg.max_file_size);
                let analysis = match &outcome {
                    ReadOutcome::Ok(doc) if doc.text.len() <= PIECE_BYTES => {
                        Some(analyze(gaz, &doc.text, doc.date.as_deref()))
                    }
                    _ => None,
                };
                (outcome, analysis)
            })
            .collect();
        for (outcome, analysis) in results {
            write_outcome(gaz, &mut out, &mut summary, outcome, analysis)?;
        }
        done += batch.len();
        progress(done, files.len());
    }
    summary.sentences = out.sentence_count;
    summary.mentions = out.mention_count;
    summary.relations = out.relation_count;
    out.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Splits the listing into batches of at most [`BATCH_FILES`] files and
/// [`BATCH_BYTES`] bytes, by the sizes the file system gives now.
fn batches(files: &[Listed]) -> Vec<&[Listed]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, f) in files.iter().enumerate() {
        let size = std::fs::metadata(&f.path).map_or(0, |m| m.len());
        if i > start && (i - start == BATCH_FILES || bytes + size > BATCH_BYTES) {
            out.push(&files[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    if start < files.len() {
        out.push(&files[start..]);
    }
    out
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
