//! Whole-program throughput: the release binary over a corpus of at least
//! 200 MB, single-threaded and on all cores, against `wc -w` over the same
//! bytes.
//!
//! Run with `cargo bench --bench throughput`. The corpus is built at bench
//! time in a temporary folder from the real documents available (`input/`,
//! and `../shared/eval/*/docs/` when present): every document keeps the
//! opening sentence (title and dateline) of a real one and takes the rest of
//! its sentences from its own text or, at random, from any other document,
//! so documents have realistic sizes and contents and no two are identical.
//!
//! Settings (environment variables):
//! - `DYAD_BENCH_MB` corpus size in MB (default 200);
//! - `DYAD_BENCH_RUNS` timed runs of each measurement, the best is kept
//!   (default 3);
//! - `DYAD_BENCH_KEEP` a folder to write the corpus into and keep, instead
//!   of a temporary one.
//!
//! Peak resident memory comes from `/usr/bin/time -v`; it is measured on the
//! whole corpus and on its first half, to show that memory stays flat, and
//! single-threaded without `report.html`, to show what the report adds. So
//! does each run's CPU time, printed under its rate: on a shared host a
//! wall time well above the CPU time of a single-threaded run is time the
//! host gave to others. For scale, the bench also times, in one thread,
//! reading the corpus's files alone (the per-file cost of open, read and
//! close that no analysis can avoid) and the front end alone in this
//! process (reading, tokenizing, cutting sentences, folding and looking up
//! every token): the floor under any run with today's front end; and where
//! one thread's time goes, each stage timed per document in a run's order
//! over a tenth of the corpus. Every dyad run writes into an empty output
//! folder, and the concatenated copy `wc -w` reads is removed once timed,
//! so that the corpus stays in the page cache.

use std::collections::HashSet;
use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dyad::discover::{find_names, leaders_by_surname, repeated_names};
use dyad::doc::Doc;
use dyad::gazetteer::{self, Gazetteer};
use dyad::matcher::{Folded, UNKNOWN};
use dyad::pipeline::analyze;
use dyad::read::{read_document, Listed, ReadOutcome};
use dyad::relations::extract;
use dyad::resolve::resolve;
use dyad::tokenize::{split_sentences, tokenize};
use dyad::write::{Destination, Output, WriteOptions};

const DOCS_PER_FOLDER: usize = 1000;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not and
    // only wants to know that this compiles and starts.
    if !std::env::args().any(|a| a == "--bench") {
        println!("throughput: run with `cargo bench --bench throughput`");
        return;
    }
    let mb: f64 = env_or("DYAD_BENCH_MB", 200.0);
    let runs: usize = env_or("DYAD_BENCH_RUNS", 3);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dyad = PathBuf::from(env!("CARGO_BIN_EXE_dyad"));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let sources = source_documents(&repo);
    let tmp = tempfile::Builder::new()
        .prefix("dyad-throughput")
        .tempdir()
        .expect("temporary folder");
    let root = match std::env::var_os("DYAD_BENCH_KEEP") {
        Some(dir) => PathBuf::from(dir),
        None => tmp.path().to_path_buf(),
    };
    let corpus = root.join("corpus");
    let started = Instant::now();
    let stats = build_corpus(&sources, &corpus, (mb * 1e6) as u64);
    let concatenated = root.join("corpus.txt");
    concatenate(&corpus, &concatenated);
    println!(
        "corpus: {} documents, {:.1} MB ({:.0} bytes/doc) from {} real documents in {}, built in {:.1} s",
        stats.documents,
        stats.bytes as f64 / 1e6,
        stats.bytes as f64 / stats.documents as f64,
        sources.len(),
        corpus.display(),
        started.elapsed().as_secs_f64()
    );
    println!("cores: {cores}");

    let out = root.join("out");
    let empty = root.join("empty");
    fs::create_dir_all(&empty).expect("empty folder");

    // Start-up: the whole process over an empty folder (gazetteer load and
    // build, no documents).
    let startup = best_of(runs.max(5), || {
        time_run(&dyad, &empty, &out, &["--quiet"]).seconds
    });
    println!(
        "start-up (empty input, gazetteer load + build): {:.0} ms",
        startup * 1e3
    );

    let wc = best_of(runs, || time_wc(&concatenated));
    let wc_rate = stats.bytes as f64 / 1e6 / wc;
    // Its 200 MB would crowd the corpus out of a small page cache.
    fs::remove_file(&concatenated).expect("concatenated corpus");
    println!(
        "wc -w over the concatenated corpus: {wc_rate:.1} MB/s ({:.2} s, LANG={})",
        wc,
        std::env::var("LANG").unwrap_or_default()
    );

    let files = corpus_files(&corpus);
    let reading = best_of(runs, || time_reading(&files));
    let reading_rate = stats.bytes as f64 / 1e6 / reading;
    println!(
        "reading the {} files alone (one thread, open + read + close): {reading_rate:.1} MB/s ({reading:.2} s, {:.2}x wc -w)",
        files.len(),
        reading_rate / wc_rate
    );

    let gazetteer = gazetteer::load(&[], false).expect("default gazetteer");
    let front = best_of(runs, || time_front_end(&files, &gazetteer));
    let front_rate = stats.bytes as f64 / 1e6 / front;
    println!(
        "the front end alone (one thread, in this process: read + tokenize + sentences + fold and look up every token): {front_rate:.1} MB/s ({front:.2} s, {:.2}x wc -w)",
        front_rate / wc_rate
    );

    let stages = time_stages(&corpus, &files, &gazetteer);
    print_stages(&stages);

    let single = measure(&dyad, &corpus, &out, &["--threads", "1"], runs);
    let single_rate = stats.bytes as f64 / 1e6 / single.seconds;
    report("dyad --threads 1", &single, &stats, wc_rate);
    let all = measure(&dyad, &corpus, &out, &[], runs);
    let all_rate = stats.bytes as f64 / 1e6 / all.seconds;
    report(&format!("dyad, all {cores} cores"), &all, &stats, wc_rate);
    println!(
        "  all cores / single thread: {:.2}x",
        all_rate / single_rate
    );
    // The report: its size and time come in the summary line; what it
    // adds to memory is the single-threaded run's peak against one without
    // it (a single thread's peak varies little from run to run).
    let bare = measure(
        &dyad,
        &corpus,
        &out,
        &["--threads", "1", "--no-report"],
        runs,
    );
    let (report_mb, report_ms) = report_line(&single.stderr);
    println!(
        "report.html: {report_mb:.1} MB in {report_ms:.0} ms (single thread); peak RSS with --threads 1: {:.0} MB, {:.0} MB with --no-report",
        single.peak_kb as f64 / 1024.0,
        bare.peak_kb as f64 / 1024.0
    );
    let half = time_run(&dyad, &corpus.join("part0"), &out, &["--quiet"]);
    println!(
        "peak RSS, all cores: {:.0} MB over the first half of the corpus, {:.0} MB over all of it",
        half.peak_kb as f64 / 1024.0,
        all.peak_kb as f64 / 1024.0
    );
    println!(
        "summary: single {:.1} MB/s ({:.2}x wc), all cores {:.1} MB/s ({:.2}x single), start-up {:.0} ms, peak RSS {:.0} MB, wc -w {:.1} MB/s, {cores} cores",
        single_rate,
        single_rate / wc_rate,
        all_rate,
        all_rate / single_rate,
        startup * 1e3,
        single.peak_kb.max(all.peak_kb) as f64 / 1024.0,
        wc_rate
    );
}

/// The report's size (MB) and time (ms) from dyad's summary line
/// (`..., report 4.8 MB in 68 ms) -> out`).
fn report_line(stderr: &str) -> (f64, f64) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("dyad:"))
        .expect("the summary line");
    let at = line
        .find(", report ")
        .expect("the report in the summary line")
        + ", report ".len();
    let mut words = line[at..].split_whitespace();
    let mb = words.next().and_then(|w| w.parse().ok()).unwrap_or(0.0);
    let ms = words.nth(2).and_then(|w| w.parse().ok()).unwrap_or(0.0);
    (mb, ms)
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The real documents the corpus is made from, without duplicates (the
/// seed documents are both in `input/` and in the development set).
fn source_documents(repo: &Path) -> Vec<String> {
    let mut folders = vec![repo.join("input")];
    let eval = repo.join("../shared/eval");
    match fs::read_dir(&eval) {
        Ok(entries) => {
            let mut sets: Vec<PathBuf> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.path().join("docs"))
                .filter(|p| p.is_dir())
                .collect();
            sets.sort();
            folders.extend(sets);
        }
        Err(_) => println!(
            "{} is absent: the corpus is made from input/ only",
            eval.display()
        ),
    }
    let mut seen = HashSet::new();
    let mut docs = Vec::new();
    for folder in folders {
        let mut paths: Vec<PathBuf> = fs::read_dir(&folder)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|e| e == "txt") {
                if let Ok(text) = fs::read_to_string(&p) {
                    if seen.insert(text.clone()) {
                        docs.push(text);
                    }
                }
            }
        }
    }
    assert!(!docs.is_empty(), "no documents to build a corpus from");
    docs
}

/// A document cut into paragraphs of sentences.
struct Source {
    paragraphs: Vec<Vec<String>>,
}

fn split(text: &str) -> Source {
    let paragraphs = text
        .split("\n\n")
        .map(|p| {
            let tokens = tokenize(p);
            split_sentences(p, &tokens)
                .iter()
                .map(|s| p[tokens[s.start].start..tokens[s.end - 1].end].to_string())
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();
    Source { paragraphs }
}

/// A small deterministic generator (xorshift64*): the corpus is the same on
/// every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct CorpusStats {
    documents: usize,
    bytes: u64,
}

/// Writes documents into `dir/part0` and `dir/part1` (half the bytes each),
/// in folders of a thousand, until `target` bytes are written.
fn build_corpus(docs: &[String], dir: &Path, target: u64) -> CorpusStats {
    let sources: Vec<Source> = docs.iter().map(|d| split(d)).collect();
    let pool: Vec<&str> = sources
        .iter()
        .flat_map(|s| s.paragraphs.iter().skip(1).flatten())
        .map(String::as_str)
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut seen = HashSet::new();
    let mut current: Option<PathBuf> = None;
    let mut stats = CorpusStats {
        documents: 0,
        bytes: 0,
    };
    while stats.bytes < target {
        let base = &sources[rng.below(sources.len())];
        let text = make_document(base, &pool, &mut rng);
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        if !seen.insert(h.finish()) {
            continue;
        }
        let part = if stats.bytes < target / 2 { 0 } else { 1 };
        let n = stats.documents;
        let folder = dir
            .join(format!("part{part}"))
            .join(format!("{:03}", n / DOCS_PER_FOLDER));
        if current.as_ref() != Some(&folder) {
            fs::create_dir_all(&folder).expect("corpus folder");
            current = Some(folder.clone());
        }
        fs::write(folder.join(format!("{n:06}.txt")), &text).expect("corpus document");
        stats.documents += 1;
        stats.bytes += text.len() as u64;
    }
    stats
}

/// The opening sentence of `base` (title, dateline), then its paragraphs in
/// their order with about half of the sentences swapped for random ones.
fn make_document(base: &Source, pool: &[&str], rng: &mut Rng) -> String {
    let mut out = String::new();
    for (pi, para) in base.paragraphs.iter().enumerate() {
        if pi > 0 {
            out.push_str("\n\n");
        }
        for (si, sentence) in para.iter().enumerate() {
            if si > 0 {
                out.push(' ');
            }
            let keep = pi == 0 && si == 0 || rng.below(2) == 0;
            out.push_str(if keep {
                sentence
            } else {
                pool[rng.below(pool.len())]
            });
        }
    }
    out.push('\n');
    out
}

/// The documents of the corpus, in path order.
fn corpus_files(corpus: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![corpus.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("corpus folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// All documents of the corpus in one file, for `wc -w`.
fn concatenate(corpus: &Path, to: &Path) {
    let mut out = std::io::BufWriter::new(fs::File::create(to).expect("concatenated corpus"));
    for f in corpus_files(corpus) {
        out.write_all(&fs::read(f).expect("corpus document"))
            .expect("concatenated corpus");
    }
}

fn best_of(runs: usize, mut f: impl FnMut() -> f64) -> f64 {
    (0..runs.max(1)).map(|_| f()).fold(f64::INFINITY, f64::min)
}

/// Reads every document of the corpus, one after the other, and does
/// nothing with it: the floor that opening and reading many small files
/// sets for any single-threaded tool that reads them.
fn time_reading(files: &[PathBuf]) -> f64 {
    let started = Instant::now();
    let mut bytes = 0;
    for f in files {
        bytes += fs::read(f).expect("corpus document").len();
    }
    std::hint::black_box(bytes);
    started.elapsed().as_secs_f64()
}

/// Times the stages every document goes through before any rule looks at
/// it: reading, tokenizing, cutting sentences, folding each token and
/// looking it up in the default gazetteer's vocabulary. Whatever dyad does
/// after that comes on top, so this is the fastest a whole run could be
/// with today's front end.
fn time_front_end(files: &[PathBuf], gazetteer: &Gazetteer) -> f64 {
    let started = Instant::now();
    let mut found = 0;
    for f in files {
        let text = fs::read_to_string(f).expect("corpus document");
        let tokens = tokenize(&text);
        let sentences = split_sentences(&text, &tokens);
        let folded = Folded::new(&text, &tokens, &gazetteer.vocab);
        found += sentences.len() + folded.ids.iter().filter(|&&id| id != UNKNOWN).count();
    }
    std::hint::black_box(found);
    started.elapsed().as_secs_f64()
}

/// The stages [`time_stages`] times, in a run's order.
const STAGES: [&str; 11] = [
    "read",
    "tokenize",
    "sentences",
    "fold + vocabulary look-up",
    "token table",
    "name rules, each sentence",
    "name rules, whole document",
    "resolve",
    "relation rules",
    "free the tables",
    "write rows",
];

struct StageTimes {
    seconds: [f64; STAGES.len()],
    bytes: usize,
}

/// Where one thread's time goes, stage by stage, in a run's order: each
/// stage of [`analyze`] called on its own and timed per document (the
/// pipeline's stages, read from the corpus as a run reads it, so each
/// stage finds the caches and branch history the one before it left, as
/// in a run: timed alone over the same documents, resolving and the
/// relation rules take about half the time), then the rows written
/// (`Output::document`, into a temporary folder). Over every tenth
/// document, a tenth of the corpus.
fn time_stages(corpus: &Path, files: &[PathBuf], gaz: &Gazetteer) -> StageTimes {
    let dir = tempfile::tempdir().expect("temporary folder");
    let dest = Destination::Folder(dir.path().to_path_buf());
    let mut out = Output::create(&dest, WriteOptions::default()).expect("output");
    let mut times = StageTimes {
        seconds: [0.0; STAGES.len()],
        bytes: 0,
    };
    for path in files.iter().step_by(10) {
        let mut lap = Lap(Instant::now());
        let listed = Listed {
            path: path.clone(),
            problem: None,
            regular: true,
        };
        let ReadOutcome::Ok(d) = read_document(corpus, &listed, u64::MAX) else {
            panic!("{}: not read", path.display());
        };
        times.bytes += d.text.len();
        let (text, date) = (d.text.as_str(), d.date.as_deref());
        let t = &mut times.seconds;
        lap.to(&mut t[0]);
        let tokens = tokenize(text);
        lap.to(&mut t[1]);
        let sentences = split_sentences(text, &tokens);
        lap.to(&mut t[2]);
        let folded = Folded::new(text, &tokens, &gaz.vocab);
        lap.to(&mut t[3]);
        let doc = Doc::new(text, &tokens, &folded, gaz);
        lap.to(&mut t[4]);
        let mut spans: Vec<_> = sentences
            .iter()
            .map(|s| find_names(&doc, s.start..s.end))
            .collect();
        lap.to(&mut t[5]);
        let ranges: Vec<_> = sentences.iter().map(|s| s.start..s.end).collect();
        repeated_names(&doc, &ranges, &mut spans);
        leaders_by_surname(&doc, &ranges, &mut spans, date);
        lap.to(&mut t[6]);
        let resolved = resolve(&doc, &sentences, &spans, date);
        lap.to(&mut t[7]);
        let relations = extract(
            &doc,
            &sentences,
            &resolved.mentions,
            &resolved.places,
            &resolved.entities,
            date,
        );
        lap.to(&mut t[8]);
        drop((relations, resolved, spans, doc));
        drop((folded, sentences, tokens));
        lap.to(&mut t[9]);
        // The rows need the analysis as the pipeline hands it over: made
        // again, untimed.
        let analysis = analyze(gaz, text, date);
        let mut lap = Lap(Instant::now());
        out.document(&d, &analysis).expect("write");
        lap.to(&mut t[10]);
    }
    out.finish().expect("finish");
    times
}

/// The time since the last lap, added to a stage's.
struct Lap(Instant);

impl Lap {
    fn to(&mut self, seconds: &mut f64) {
        let now = Instant::now();
        *seconds += (now - self.0).as_secs_f64();
        self.0 = now;
    }
}

fn print_stages(t: &StageTimes) {
    let total: f64 = t.seconds.iter().sum();
    let mb = t.bytes as f64 / 1e6;
    println!(
        "where one thread's time goes (each stage timed per document in a run's order, {mb:.1} MB, {:.1} MB/s in all):",
        mb / total
    );
    for (name, s) in STAGES.iter().zip(t.seconds) {
        println!(
            "  {name:28} {:5.1}%  {:7.1} MB/s",
            100.0 * s / total,
            mb / s
        );
    }
    // The rules: what the front end, reading and writing leave.
    let rules: f64 = t.seconds[5..=8].iter().sum();
    println!(
        "  the rules (names, resolve, relations): {:.0}% of the time; were every other stage free, a run would be at most {:.2}x faster",
        100.0 * rules / total,
        total / rules
    );
}

fn time_wc(file: &Path) -> f64 {
    let started = Instant::now();
    let out = Command::new("wc").arg("-w").arg(file).output().expect("wc");
    assert!(out.status.success(), "wc -w failed");
    started.elapsed().as_secs_f64()
}

struct Timed {
    seconds: f64,
    peak_kb: u64,
    /// User and system CPU seconds (from `/usr/bin/time -v`; 0 without it).
    cpu: (f64, f64),
    stderr: String,
}

/// Runs dyad under `/usr/bin/time -v` (for the peak resident memory) when
/// it is installed, and times it.
fn time_run(dyad: &Path, input: &Path, out: &Path, args: &[&str]) -> Timed {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(dyad);
        c
    } else {
        Command::new(dyad)
    };
    cmd.arg(input).arg("-o").arg(out).args(args);
    // Every run writes into an empty folder, as a first run does: replacing
    // the files of the run before costs the kernel time to free them (0.1 s
    // and more for 460 MB), and depends on what ran before.
    match fs::remove_dir_all(out) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            panic!("cannot clear {}: {e}", out.display())
        }
        _ => {}
    }
    let started = Instant::now();
    let output = cmd.output().expect("dyad");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "dyad failed:\n{stderr}");
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(str::trim)
    };
    let peak_kb = field("Maximum resident set size (kbytes): ")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let seconds_of = |name| field(name).and_then(|v| v.parse().ok()).unwrap_or(0.0);
    let cpu = (
        seconds_of("User time (seconds): "),
        seconds_of("System time (seconds): "),
    );
    Timed {
        seconds,
        peak_kb,
        cpu,
        stderr,
    }
}

/// The best of `runs` timed runs.
fn measure(dyad: &Path, input: &Path, out: &Path, args: &[&str], runs: usize) -> Timed {
    (0..runs.max(1))
        .map(|_| time_run(dyad, input, out, args))
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .expect("one run")
}

fn report(what: &str, t: &Timed, stats: &CorpusStats, wc_rate: f64) {
    let rate = stats.bytes as f64 / 1e6 / t.seconds;
    println!(
        "{what}: {rate:.1} MB/s, {:.0} documents/s, {:.2} s, peak RSS {:.0} MB, {:.2}x wc -w",
        stats.documents as f64 / t.seconds,
        t.seconds,
        t.peak_kb as f64 / 1024.0,
        rate / wc_rate
    );
    // On a shared host, wall time well above CPU time is time the host
    // gave to others.
    let (user, system) = t.cpu;
    if user + system > 0.0 {
        println!(
            "  CPU time: {:.2} s ({user:.2} s user, {system:.2} s system)",
            user + system
        );
    }
    if let Some(line) = t.stderr.lines().find(|l| l.starts_with("dyad:")) {
        println!("  {line}");
    }
}
