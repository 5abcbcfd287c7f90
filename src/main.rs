//! The `dyad` command: a thin layer over the library.

mod magazine;
mod progress;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};

/// Gazetteer building and document analysis allocate many small strings and
/// vectors; mimalloc's thread-local free lists serve them faster than the
/// system allocator (measured: start-up and throughput, see README), and a
/// per-thread stack of just-freed small blocks in front of it gives them
/// back while still in cache ([`magazine`]).
#[global_allocator]
static ALLOCATOR: magazine::Magazine = magazine::Magazine;

/// Keeps memory that documents free for the next documents. By default
/// mimalloc gives freed memory back to the system after a delay and then
/// faults it back in, zeroed by the kernel; a run allocates and frees the
/// same sizes for every document, so that was system time spent for
/// nothing (measured on 10,329 documents: page faults 800-1,400 -> 346,
/// about 6% less time, the same peak memory). `MIMALLOC_PURGE_DELAY` in
/// the environment still decides when it is set.
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    /// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (v2 and v3).
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    // SAFETY: mi_option_set is mimalloc's documented C API, linked in with
    // the allocator; it takes an option number and a value and may be
    // called at any time (options are read when memory is purged).
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

use dyad::gazetteer;
use dyad::graph::Dialect;
use dyad::run::{run, Input, Progress, RunConfig, Silent};
use dyad::write::{Destination, WriteOptions};

/// Turns a folder of news documents into CSV: the people, countries and
/// organisations mentioned, who met whom, and which countries relate to
/// which.
///
/// Writes mentions.csv, relations.csv, documents.csv, entities.csv, the
/// graph over the whole run as nodes.csv, edges.csv and graph.graphml, and
/// report.html (the network and its evidence, to open in a browser) into
/// the output folder.
///
/// `dyad merge OUT PART...` combines the outputs of several runs into
/// those of one run over all their documents (`dyad merge --help`).
///
/// Exit codes: 0 every document was processed; 1 usage or configuration
/// error (a bad gazetteer row, a missing input, an output folder that cannot
/// be written: nothing was processed); 2 the run finished but some documents
/// were skipped or failed (listed in documents.csv and summarised on stderr).
#[derive(Parser, Debug)]
#[command(name = "dyad", version, about, long_about)]
struct Cli {
    /// The folder of documents (read recursively) or a single file; `-`
    /// reads one document from standard input.
    input: PathBuf,

    /// The folder to write the files into (created if missing); `-` writes
    /// relations.csv only, to standard output.
    #[arg(short, long, default_value = "output")]
    output: PathBuf,

    /// The input is JSON Lines, one document a line:
    /// {"id": ..., "text": ..., "date": "YYYY-MM-DD"} (date optional). Use
    /// `-` as the input to read them from standard input.
    #[arg(long)]
    jsonl: bool,

    /// Write every table to standard output as JSON Lines, each row tagged
    /// with its table ({"table":"mention",...}, "relation", "document"), a
    /// document's rows as it is done, then the run's "node" and "edge" rows:
    /// one part for `dyad merge` (a Spark stage: `dyad --jsonl - --stream`).
    #[arg(long, conflicts_with_all = ["output", "format", "excel"])]
    stream: bool,

    #[command(flatten)]
    files: FileFlags,

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

    /// Do not write report.html (the network, the evidence of each edge
    /// and a summary of the run, as one page to open in a browser).
    #[arg(long)]
    no_report: bool,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Jsonl,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Graph {
    Gephi,
    Neo4j,
}

impl Cli {
    fn input(&self) -> Input {
        let stdin = self.input == Path::new("-");
        match (self.jsonl, stdin) {
            (true, true) => Input::JsonLines(None),
            (true, false) => Input::JsonLines(Some(self.input.clone())),
            (false, true) => Input::Stdin,
            (false, false) => Input::Path(self.input.clone()),
        }
    }

    fn output(&self) -> Destination {
        if self.stream {
            return Destination::Stream;
        }
        match self.output == Path::new("-") {
            true => Destination::Stdout,
            false => Destination::Folder(self.output.clone()),
        }
    }

    fn write_options(&self) -> WriteOptions {
        write_options(&self.files, self.no_report)
    }
}

/// How the output files are written, for a run and a merge alike.
#[derive(clap::Args, Debug)]
struct FileFlags {
    /// Also write every table as JSON Lines (name.jsonl beside name.csv);
    /// for a run with `-o -`, the relations as JSON Lines instead of CSV.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    format: Format,

    /// Column names of nodes.csv and edges.csv: for Gephi's Data Laboratory
    /// (and pandas, networkx, spreadsheets), or for neo4j-admin import.
    #[arg(long, value_enum, default_value_t = Graph::Gephi)]
    graph: Graph,

    /// Start every CSV file with a UTF-8 byte order mark, so that Excel
    /// shows names such as Məclis correctly.
    #[arg(long)]
    excel: bool,
}

fn write_options(files: &FileFlags, no_report: bool) -> WriteOptions {
    let FileFlags {
        format,
        graph,
        excel,
    } = *files;
    WriteOptions {
        jsonl: matches!(format, Format::Jsonl),
        excel,
        no_report,
        dialect: match graph {
            Graph::Gephi => Dialect::Gephi,
            Graph::Neo4j => Dialect::Neo4j,
        },
    }
}

/// Combines the outputs of several dyad runs (parts) into the files one
/// run over all their documents writes, byte for byte.
///
/// A part is a folder dyad wrote, a file of `dyad --stream` output, or a
/// folder of such files (Spark's saveAsTextFile output: every file but
/// hidden ones and _SUCCESS). Each part must list its documents in path
/// order (a folder run does; sort a stream's records by id), and each
/// document be in one part. Exit codes: 0 merged; 1 a part is malformed
/// (named with its line) or the output cannot be written: nothing is
/// written.
#[derive(Parser, Debug)]
#[command(name = "dyad merge", version, about, long_about)]
struct MergeCli {
    /// The folder to write the files into (created if missing).
    output: PathBuf,

    /// The parts: dyad output folders, `--stream` files, or folders of them.
    #[arg(required = true)]
    parts: Vec<PathBuf>,

    #[command(flatten)]
    files: FileFlags,

    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// A merge holds every part open at once (three files of a run folder,
/// one of a stream): the soft limit on open files (often 1,024) goes up to
/// the hard one, so that a Spark job's thousands of parts merge in one go.
fn raise_open_file_limit() {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit read and write the one struct
        // passed, which lives on this stack frame for both calls.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0
                && limit.rlim_cur < limit.rlim_max
            {
                limit.rlim_cur = limit.rlim_max;
                libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            }
        }
    }
}

/// `dyad merge ...`: the arguments after `merge`.
fn merge_main(args: impl Iterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = match MergeCli::try_parse_from(std::iter::once("dyad merge".into()).chain(args)) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    raise_open_file_limit();
    let cfg = dyad::merge::MergeConfig {
        output: cli.output.clone(),
        parts: cli.parts.clone(),
        // A merge has no evidence sentences to show: the parts' report.html
        // files are not merged, and none is written.
        write: write_options(&cli.files, true),
    };
    match dyad::merge::merge(&cfg) {
        Ok(s) => {
            if !cli.quiet {
                eprintln!(
                    "dyad merge: {} parts, {} documents, {} mentions, {} relations, {} nodes, {} edges; {:.2} s -> {}",
                    s.parts,
                    s.documents,
                    s.mentions,
                    s.relations,
                    s.nodes,
                    s.edges,
                    s.seconds,
                    cli.output.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dyad merge: {e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    // `merge` is a command of its own; a folder of that name is `./merge`.
    let mut args = std::env::args_os().skip(1);
    if args.next().is_some_and(|a| a == "merge") {
        return merge_main(args);
    }
    // clap exits with 2 on a usage error; dyad keeps 2 for documents it
    // could not read, and says 1 for a command line it cannot run.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
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
        input: cli.input(),
        output: cli.output(),
        globs: cli.globs.clone(),
        max_file_size: cli.max_file_size,
        write: cli.write_options(),
        follow: cli.follow,
    };
    let bar = (!cli.quiet && std::io::stderr().is_terminal()).then(progress::Bar::new);
    let watcher: &dyn Progress = match &bar {
        Some(bar) => bar,
        None => &Silent,
    };
    let result = run(&gaz, &cfg, watcher);
    if let Some(bar) = &bar {
        bar.clear();
    }
    let summary = match result {
        Ok(s) => s,
        Err(e) if e.is_broken_pipe() => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad: {e}");
            return ExitCode::from(1);
        }
    };
    if !cli.quiet {
        let report = summary.report.map_or(String::new(), |r| {
            format!(
                ", report {:.1} MB in {:.0} ms",
                r.bytes as f64 / 1e6,
                r.seconds * 1000.0
            )
        });
        eprintln!(
            "dyad: {} documents, {} sentences, {} mentions, {} relations, {} skipped, {} failed, {} warnings; {:.1} MB/s (gazetteer {:.0} ms{}) -> {}",
            summary.documents,
            summary.sentences,
            summary.mentions,
            summary.relations,
            summary.skipped,
            summary.failed,
            summary.warnings,
            summary.megabytes_per_second(),
            load_ms,
            report,
            cli.output.display()
        );
    }
    // The gazetteer lives until the process ends: freeing its 100,000
    // allocations one by one would only delay the exit.
    std::mem::forget(gaz);
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
