//! A run: a folder of documents in, the CSV files of [`crate::write`] out.
//!
//! Documents are read and analysed in parallel (rayon), a batch at a time,
//! and written in input order, so the output is byte-identical whatever the
//! number of threads, and memory stays flat however many documents there are:
//! the rows of a batch are rendered by the workers and written while the
//! next batch is analysed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::pipeline::analyze_document;
use crate::read::{list_documents, read_document, ListOptions, ReadOutcome};
use crate::write::{render, Output, Rendered, Unread};

/// What a run needs to know.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: PathBuf,
    pub output: PathBuf,
    pub globs: Vec<String>,
    pub max_file_size: u64,
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

const BATCH: usize = 512;

/// What became of one input file, its rows rendered.
enum Done {
    Ok {
        rows: Rendered,
        bytes: u64,
        warning: bool,
    },
    Unread {
        id: String,
        bytes: u64,
        status: &'static str,
        message: String,
    },
}

/// Reads, analyses and renders a batch of files, in parallel, in order.
fn analyse_batch(gaz: &Gazetteer, root: &Path, batch: &[PathBuf], max_bytes: u64) -> Vec<Done> {
    batch
        .par_iter()
        .map(|path| match read_document(root, path, max_bytes) {
            ReadOutcome::Ok(doc) => {
                let analysis = analyze_document(gaz, &doc);
                Done::Ok {
                    rows: render(&doc, &analysis),
                    bytes: doc.bytes,
                    warning: doc.warning.is_some(),
                }
            }
            ReadOutcome::Skipped { id, bytes, reason } => Done::Unread {
                id,
                bytes,
                status: "skipped",
                message: reason,
            },
            ReadOutcome::Failed { id, reason } => Done::Unread {
                id,
                bytes: 0,
                status: "error",
                message: reason,
            },
        })
        .collect()
}

/// Writes a batch of results, in order, and counts them.
fn write_batch(out: &mut Output, batch: Vec<Done>, summary: &mut Summary) -> Result<()> {
    for done in batch {
        match done {
            Done::Ok {
                rows,
                bytes,
                warning,
            } => {
                out.rendered(rows)?;
                summary.documents += 1;
                summary.bytes += bytes;
                summary.warnings += u64::from(warning);
            }
            Done::Unread {
                id,
                bytes,
                status,
                message,
            } => {
                out.unread(Unread {
                    id: &id,
                    bytes,
                    status,
                    message: &message,
                })?;
                if status == "skipped" {
                    summary.skipped += 1;
                } else {
                    summary.failed += 1;
                }
            }
        }
    }
    Ok(())
}

/// Runs the pipeline over every document of `cfg.input`.
pub fn run(
    gaz: &Gazetteer,
    cfg: &RunConfig,
    mut progress: impl FnMut(usize, usize),
) -> Result<Summary> {
    let started = Instant::now();
    if !cfg.input.exists() {
        return Err(Error::Usage(format!(
            "{}: no such file or folder",
            cfg.input.display()
        )));
    }
    let mut out = Output::create(&cfg.output)?;
    let opts = ListOptions {
        globs: cfg.globs.clone(),
    };
    let files = list_documents(&cfg.input, &opts, Some(&cfg.output))
        .map_err(|e| Error::io(&cfg.input, e))?;
    let root: &Path = if cfg.input.is_file() {
        cfg.input.parent().unwrap_or(Path::new(""))
    } else {
        &cfg.input
    };
    let mut summary = Summary::default();
    // While the workers analyse a batch, one of them writes the batch
    // before: rows are rendered in the workers, in parallel, and written in
    // input order; at most two batches are held at a time.
    let mut pending: Vec<Done> = Vec::new();
    for (n, batch) in files.chunks(BATCH).enumerate() {
        let (done, written) = rayon::join(
            || analyse_batch(gaz, root, batch, cfg.max_file_size),
            || write_batch(&mut out, std::mem::take(&mut pending), &mut summary),
        );
        written?;
        pending = done;
        progress((n * BATCH + batch.len()).min(files.len()), files.len());
    }
    write_batch(&mut out, pending, &mut summary)?;
    summary.sentences = out.sentence_count;
    summary.mentions = out.mention_count;
    summary.relations = out.relation_count;
    out.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
