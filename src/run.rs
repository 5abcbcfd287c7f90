//! A run: a folder of documents in, the CSV files of [`crate::write`] out.
//!
//! Documents are read and analysed in parallel (rayon), a batch at a time,
//! and written in input order, so the output is byte-identical whatever the
//! number of threads, and memory stays flat however many documents there are.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::Gazetteer;
use crate::pipeline::analyze_document;
use crate::read::{list_documents, read_document, ListOptions, ReadOutcome};
use crate::write::{Destination, Output, Unread, WriteOptions};

/// What a run needs to know.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub input: PathBuf,
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

const BATCH: usize = 512;

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
    let mut out = Output::create(&cfg.output, cfg.write)?;
    let opts = ListOptions {
        globs: cfg.globs.clone(),
    };
    let exclude = match &cfg.output {
        Destination::Folder(dir) => Some(dir.as_path()),
        Destination::Stdout => None,
    };
    let files = list_documents(&cfg.input, &opts, exclude).map_err(|e| Error::io(&cfg.input, e))?;
    let root: &Path = if cfg.input.is_file() {
        cfg.input.parent().unwrap_or(Path::new(""))
    } else {
        &cfg.input
    };
    let mut summary = Summary::default();
    for (n, batch) in files.chunks(BATCH).enumerate() {
        let results: Vec<_> = batch
            .par_iter()
            .map(|path| {
                let outcome = read_document(root, path, cfg.max_file_size);
                let analysis = match &outcome {
                    ReadOutcome::Ok(doc) => Some(analyze_document(gaz, doc)),
                    _ => None,
                };
                (outcome, analysis)
            })
            .collect();
        for (outcome, analysis) in results {
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
        }
        progress((n * BATCH + batch.len()).min(files.len()), files.len());
    }
    summary.sentences = out.sentence_count;
    summary.mentions = out.mention_count;
    summary.relations = out.relation_count;
    out.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
