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
/// error (nothing was processed); 2 the run finished but some documents were
/// skipped or failed (see documents.csv and the summary on stderr).
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

    /// Files larger than this many bytes are skipped.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_file_size: u64,

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
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .expect("thread pool");
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
    // The gazetteer lives until the process ends: freeing its 100,000
    // allocations one by one would only delay the exit.
    std::mem::forget(gaz);
    if summary.skipped + summary.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
