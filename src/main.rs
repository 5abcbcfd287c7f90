//! The `dyad` command: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use dyad::gazetteer;
use dyad::run::{run, RunConfig};

/// Turns a folder of news documents into CSV: the people, countries and
/// organisations mentioned, who met whom, and which countries relate to
/// which.
///
/// Writes mentions.csv, relations.csv, documents.csv and entities.csv into
/// the output folder.
///
/// Exit codes: 0 every document was processed; 1 usage or configuration
/// error (a bad gazetteer row, a missing input, an output folder that cannot
/// be written: nothing was processed); 2 the run finished but some documents
/// were skipped or failed (listed in documents.csv and summarised on stderr).
#[derive(Parser, Debug)]
#[command(name = "dyad", version, about, long_about)]
struct Cli {
    /// The folder of documents (read recursively) or a single file.
    input: PathBuf,

    /// The folder to write the CSV files into (created if missing).
    #[arg(short, long, default_value = "output")]
    output: PathBuf,

    /// File name patterns of documents to read (repeatable).
    #[arg(long = "glob", default_value = "*.txt")]
    globs: Vec<String>,

    /// Extra gazetteer files or folders (repeatable): CSV in the formats of
    /// gazetteers/SOURCES.md, or TABARI/PETRARCH .actors dictionaries. They
    /// ADD to the embedded defaults; use --no-default-gazetteers to REPLACE
    /// the defaults with them.
    #[arg(long = "gazetteers", value_name = "FILE_OR_DIR")]
    gazetteers: Vec<PathBuf>,

    /// Do not load the embedded default gazetteers.
    #[arg(long)]
    no_default_gazetteers: bool,

    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,

    /// Files larger than this many bytes are skipped (status `skipped`).
    /// A file is held in memory while it is analysed, so this also bounds
    /// memory.
    #[arg(long, value_name = "BYTES", default_value_t = 256 * 1024 * 1024)]
    max_file_size: u64,

    /// Follow symbolic links to folders (loops are detected and reported).
    /// Without it such links are listed as skipped.
    #[arg(long)]
    follow: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        if n == 0 {
            eprintln!("dyad: --threads must be at least 1");
            return ExitCode::from(1);
        }
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("dyad: cannot start {n} threads: {e}");
            return ExitCode::from(1);
        }
    }
    let load_started = Instant::now();
    let gaz = match gazetteer::load(&cli.gazetteers, cli.no_default_gazetteers) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("dyad: gazetteer error: {e}");
            return ExitCode::from(1);
        }
    };
    let load_ms = load_started.elapsed().as_secs_f64() * 1000.0;
    let cfg = RunConfig {
        input: cli.input.clone(),
        output: cli.output.clone(),
        globs: cli.globs.clone(),
        max_file_size: cli.max_file_size,
        follow: cli.follow,
    };
    let summary = match run(&gaz, &cfg, |_, _| {}) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dyad: {e}");
            return ExitCode::from(1);
        }
    };
    if !cli.quiet {
        eprintln!(
            "dyad: {} documents, {} sentences, {} mentions, {} relations, {} skipped, {} failed, {} warnings; {:.1} MB/s (gazetteer {:.0} ms) -> {}",
            summary.documents,
            summary.sentences,
            summary.mentions,
            summary.relations,
            summary.skipped,
            summary.failed,
            summary.warnings,
            summary.megabytes_per_second(),
            load_ms,
            cli.output.display()
        );
    }
    let not_read = summary.skipped + summary.failed;
    if not_read > 0 {
        for n in &summary.not_read {
            eprintln!("dyad: {} {}: {}", n.status, n.id, n.reason);
        }
        if not_read > summary.not_read.len() as u64 {
            eprintln!(
                "dyad: and {} more not read: see documents.csv",
                not_read - summary.not_read.len() as u64
            );
        }
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
