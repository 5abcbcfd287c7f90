//! The robustness catalogue: every bad input gets a clear answer, nothing is
//! lost, the same input always gives the same bytes. One test per case, each
//! with an asserted outcome.

mod common;

use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

const MEETING: &str = "President Ilham Aliyev received Rabbi Stuart Weinblatt in Baku.";

/// Runs the binary on `input`, writing to `out`, killing it and failing the
/// test if it takes longer than `limit` (a run that blocks must not hang the
/// test suite).
fn run_within(input: &Path, out: &Path, extra: &[&str], limit: Duration) -> std::process::Output {
    let child = dyad()
        .arg(input)
        .arg("-o")
        .arg(out)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_within(child, limit)
}

/// Waits for a run, killing it and failing the test after `limit`.
fn wait_within(mut child: std::process::Child, limit: Duration) -> std::process::Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("dyad did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that documents.csv has one row, for `doc`, with `status`.
fn assert_only_document(out: &Path, doc: &str, status: &str) {
    let all = statuses(out);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[doc].0, status, "{all:?}");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let b = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend(b);
    }
    out
}

#[test]
fn encodings_are_decoded_or_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("utf8.txt"), MEETING).unwrap();
    fs::write(d.join("utf8-bom.txt"), format!("\u{feff}{MEETING}")).unwrap();
    fs::write(d.join("utf16le.txt"), utf16(MEETING, false)).unwrap();
    fs::write(d.join("utf16be.txt"), utf16(MEETING, true)).unwrap();
    let mut cp1252 = b"Caf\xe9 talk: \x93".to_vec();
    cp1252.extend(MEETING.as_bytes());
    fs::write(d.join("cp1252.txt"), cp1252).unwrap();
    fs::write(d.join("nul.txt"), b"Ilham Aliyev\0\x01\x02").unwrap();
    let (out, output) = run_on(d, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let status = statuses(out.path());
    for doc in ["utf8.txt", "utf8-bom.txt", "utf16le.txt", "utf16be.txt"] {
        assert_eq!(status[doc], ("ok".into(), String::new()), "{doc}");
    }
    assert_eq!(status["cp1252.txt"].0, "warning");
    assert!(status["cp1252.txt"].1.contains("Windows-1252"));
    assert_eq!(status["nul.txt"].0, "skipped");
    assert!(status["nul.txt"].1.contains("binary"));
    // Offsets are into the decoded text, so every encoding gives the same row.
    let men = read_csv(&out.path().join("mentions.csv"));
    let aliyev: Vec<_> = men
        .iter()
        .filter(|m| m["text"] == "Ilham Aliyev")
        .map(|m| (m["doc"].as_str(), m["start"].as_str()))
        .collect();
    for doc in ["utf8.txt", "utf8-bom.txt", "utf16le.txt", "utf16be.txt"] {
        assert!(aliyev.contains(&(doc, "10")), "{doc}: {aliyev:?}");
    }
    for doc in ["utf16le.txt", "utf16be.txt", "cp1252.txt"] {
        assert!(aliyev_met_weinblatt(out.path(), doc), "{doc}");
    }
}

#[cfg(unix)]
#[test]
fn a_non_utf8_file_name_is_read_and_reported() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    if fs::write(dir.path().join(name), MEETING).is_err() {
        eprintln!("skipped: this file system refuses non-UTF-8 names");
        return;
    }
    let (out, output) = run_on(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let status = statuses(out.path());
    let (st, msg) = &status["caf\\xE9.txt"];
    assert_eq!(st, "warning");
    assert!(msg.contains("file name is not UTF-8"), "{msg}");
    assert!(aliyev_met_weinblatt(out.path(), "caf\\xE9.txt"));
}

#[test]
fn empty_and_whitespace_files_are_documents_without_sentences() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("blank.txt"), " \n\t\r\n   \u{a0}\n").unwrap();
    let (out, output) = run_on(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for r in read_csv(&out.path().join("documents.csv")) {
        assert_eq!((r["status"].as_str(), r["sentences"].as_str()), ("ok", "0"));
    }
}

#[test]
fn a_ten_megabyte_line_without_spaces_goes_through() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("line.txt"), "Ab".repeat(5_000_000)).unwrap();
    let started = Instant::now();
    let out = dir.path().join("out");
    let output = run_within(dir.path(), &out, &[], Duration::from_secs(120));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let docs = read_csv(&out.join("documents.csv"));
    assert_eq!(docs[0]["bytes"], "10000000");
    eprintln!("10 MB line: {:?}", started.elapsed());
}

/// Each stage on one 10 MB word and on 3 MB of one sentence of
/// one-character words, without the pieces a run would cut them into: a
/// quadratic step would take hours, linear ones take seconds.
#[test]
fn no_stage_is_quadratic_in_a_long_line() {
    use dyad::matcher::Folded;
    use dyad::tokenize::{split_sentences, tokenize};
    let gaz = dyad::gazetteer::load(&[], false).unwrap();
    for text in ["Ab".repeat(5_000_000), "中".repeat(1_000_000)] {
        let started = Instant::now();
        let tokens = tokenize(&text);
        let sentences = split_sentences(&text, &tokens);
        assert_eq!(sentences.len(), 1);
        let folded = Folded::new(&text, &tokens, &gaz.vocab);
        let matched = (0..tokens.len())
            .filter(|&i| gaz.names.longest_at(&folded, i).is_some())
            .count();
        assert_eq!(matched, 0);
        let a = dyad::pipeline::analyze(&gaz, &text, None);
        a.check(&text).unwrap();
        let took = started.elapsed();
        eprintln!("{} tokens: {took:?}", tokens.len());
        assert!(took < Duration::from_secs(90), "{took:?}");
    }
}

#[test]
fn files_over_max_file_size_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.txt"), MEETING).unwrap();
    fs::write(dir.path().join("small.txt"), "Baku.").unwrap();
    let (out, output) = run_on(dir.path(), &["--max-file-size", "20"]);
    assert_eq!(output.status.code(), Some(2));
    let status = statuses(out.path());
    assert_eq!(status["small.txt"].0, "ok");
    assert_eq!(status["big.txt"].0, "skipped");
    assert!(status["big.txt"].1.contains("--max-file-size (20 bytes)"));
    assert!(stderr(&output).contains("skipped big.txt: larger than --max-file-size"));
    // The default is documented and far above any news document.
    let help = dyad().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(help.contains("[default: 268435456]"), "{help}");
}

#[test]
fn ten_thousand_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        let sub = dir.path().join(format!("{:02}", i % 100));
        if i < 100 {
            fs::create_dir(&sub).unwrap();
        }
        fs::write(sub.join(format!("{i:05}.txt")), "Azerbaijan and Israel.").unwrap();
    }
    let (out, output) = run_on(dir.path(), &["--quiet"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let docs = read_csv(&out.path().join("documents.csv"));
    assert_eq!(docs.len(), 10_000);
    assert!(docs
        .iter()
        .all(|d| d["status"] == "ok" && d["mentions"] == "2"));
    let ents = read_csv(&out.path().join("entities.csv"));
    assert!(ents
        .iter()
        .any(|e| e["id"] == "AZE" && e["documents"] == "10000"));
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_an_error_row() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("dangling.txt")).unwrap();
    let (out, output) = run_on(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    let (st, msg) = &statuses(out.path())["dangling.txt"];
    assert_eq!(st, "error");
    assert!(msg.contains("No such file"), "{msg}");
    assert!(stderr(&output).contains("error dangling.txt:"));
}

/// A file without read permission, as it really fails: root reads any file,
/// so when the tests run as root dyad runs as `nobody`.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_row() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::Builder::new().tempdir_in("/tmp").unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    fs::create_dir(&input).unwrap();
    fs::create_dir(&out).unwrap();
    fs::write(input.join("good.txt"), MEETING).unwrap();
    fs::write(input.join("secret.txt"), MEETING).unwrap();
    let mode = |p: &Path, m| fs::set_permissions(p, fs::Permissions::from_mode(m)).unwrap();
    mode(dir.path(), 0o755);
    mode(&input, 0o755);
    mode(&out, 0o777);
    mode(&input.join("good.txt"), 0o644);
    mode(&input.join("secret.txt"), 0o000);
    let mut cmd = dyad();
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        // Run as root, the test drops to nobody, who may not reach the
        // build's binary (a clone under a private home folder, mode 0700):
        // a copy in the world-readable temporary folder is always reachable.
        let exe = dir.path().join("dyad");
        fs::copy(env!("CARGO_BIN_EXE_dyad"), &exe).unwrap();
        mode(&exe, 0o755);
        cmd = std::process::Command::new(&exe);
    }
    cmd.arg(&input).arg("-o").arg(&out);
    if root {
        let nobody = 65534;
        unsafe {
            cmd.pre_exec(move || {
                if libc::setgid(nobody) != 0 || libc::setuid(nobody) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    let output = match cmd.output() {
        Ok(output) => output,
        // Only when the copy cannot run as nobody (a temporary folder
        // mounted noexec): say so loudly rather than fail on the set-up.
        Err(e) if root => {
            eprintln!("SKIPPED an_unreadable_file_is_an_error_row: cannot run dyad as uid 65534 from {}: {e}", dir.path().display());
            return;
        }
        Err(e) => panic!("cannot run dyad: {e}"),
    };
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let status = statuses(&out);
    assert_eq!(status["good.txt"].0, "ok");
    assert_eq!(status["secret.txt"].0, "error");
    assert!(
        status["secret.txt"].1.contains("Permission denied"),
        "{status:?}"
    );
}

#[cfg(unix)]
#[test]
fn fifos_and_sockets_are_skipped_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = std::ffi::CString::new(dir.path().join("fifo.txt").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("socket.txt")).unwrap();
    fs::write(dir.path().join("good.txt"), MEETING).unwrap();
    let out = dir.path().join("out");
    let output = run_within(dir.path(), &out, &[], Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(2));
    let status = statuses(&out);
    assert_eq!(status["good.txt"].0, "ok");
    assert_eq!(
        status["fifo.txt"],
        ("skipped".into(), "not a regular file: a FIFO".into())
    );
    assert_eq!(
        status["socket.txt"],
        ("skipped".into(), "not a regular file: a socket".into())
    );
    // Named on the command line, a FIFO is skipped too.
    let out = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.txt");
    let output = run_within(&fifo, out.path(), &[], Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(statuses(out.path())["fifo.txt"].0, "skipped");
}

#[test]
fn a_folder_named_like_a_document_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("x.txt")).unwrap();
    fs::write(dir.path().join("x.txt/inner.txt"), MEETING).unwrap();
    let (out, output) = run_on(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_only_document(out.path(), "x.txt/inner.txt", "ok");
}

#[test]
fn a_file_deleted_after_listing_is_an_error() {
    use dyad::read::{list_documents, read_document, ListOptions, ReadOutcome};
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), MEETING).unwrap();
    let opts = ListOptions {
        globs: vec!["*.txt".into()],
        follow: false,
    };
    let listed = list_documents(dir.path(), &opts, None).unwrap();
    assert_eq!(listed.len(), 1);
    fs::remove_file(dir.path().join("a.txt")).unwrap();
    match read_document(dir.path(), &listed[0], u64::MAX) {
        ReadOutcome::Failed { id, reason } => {
            assert_eq!(id, "a.txt");
            assert!(reason.contains("No such file"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    symlink(d.join("b.txt"), d.join("a.txt")).unwrap();
    symlink(d.join("a.txt"), d.join("b.txt")).unwrap();
    fs::create_dir(d.join("sub")).unwrap();
    fs::write(d.join("sub/doc.txt"), MEETING).unwrap();
    symlink(d, d.join("sub/up")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = run_within(d, out.path(), &["--follow"], Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(2));
    let status = statuses(out.path());
    assert_eq!(status["a.txt"].0, "error");
    assert!(status["a.txt"].1.contains("symbolic links"), "{status:?}");
    assert_eq!(status["sub/doc.txt"].0, "ok");
    assert_eq!(
        status["sub/up"],
        (
            "skipped".into(),
            "symbolic link loop: links to a folder being read".into()
        )
    );
    assert_eq!(status.len(), 4, "{status:?}");
}

#[cfg(unix)]
#[test]
fn symlinked_folders_are_followed_only_with_follow() {
    let input = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("doc.txt"), MEETING).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), input.path().join("linked")).unwrap();
    let (out, output) = run_on(input.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_only_document(out.path(), "linked", "skipped");
    assert!(statuses(out.path())["linked"].1.contains("--follow"));
    let (out, output) = run_on(input.path(), &["--follow"]);
    assert_eq!(output.status.code(), Some(0));
    assert_only_document(out.path(), "linked/doc.txt", "ok");
}

#[test]
fn dyad_never_reads_its_own_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("doc.txt"), MEETING).unwrap();
    let out = dir.path().join("out");
    for _ in 0..2 {
        let output = dyad()
            .arg(dir.path())
            .arg("-o")
            .arg(&out)
            .args(["--glob", "*"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let status = statuses(&out);
    assert_eq!(status.keys().collect::<Vec<_>>(), ["doc.txt"]);
}

#[test]
fn an_output_folder_that_cannot_be_written_stops_before_any_work() {
    // Root may write anywhere, so make it fail as it really does: a file
    // stands where a folder is needed.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file"), "").unwrap();
    let output = dyad()
        .arg(repo().join("input"))
        .arg("-o")
        .arg(dir.path().join("file/out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("cannot write the output folder"), "{err}");
    assert!(err.contains("file/out"), "{err}");
    assert!(!err.contains("documents,"), "no summary: nothing was run");
}

/// A write that fails in the middle of a run (a full disk) ends it with
/// the error, with one thread or several: no worker waits for a document
/// that will never be written.
#[test]
#[cfg(target_os = "linux")]
fn a_write_that_fails_midway_ends_the_run_with_its_error() {
    let input = tempfile::tempdir().unwrap();
    let seeds: Vec<_> = fs::read_dir(repo().join("input"))
        .unwrap()
        .map(|e| fs::read(e.unwrap().path()).unwrap())
        .collect();
    // More relations than the output's buffers hold, so writes happen
    // while documents are still being analysed.
    for copy in 0..200 {
        for (k, text) in seeds.iter().enumerate() {
            fs::write(input.path().join(format!("{copy:03}_{k}.txt")), text).unwrap();
        }
    }
    for threads in ["1", "3"] {
        // `/dev/full` takes no byte: every write fails with ENOSPC.
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let child = dyad()
            .arg(input.path())
            .args(["-o", "-", "--quiet", "--threads", threads])
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = wait_within(child, Duration::from_secs(60));
        assert_eq!(output.status.code(), Some(1), "--threads {threads}");
        let err = stderr(&output);
        assert!(err.contains("No space left on device"), "{err}");
    }
}

#[test]
fn a_missing_input_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = dyad()
        .arg(dir.path().join("nowhere"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nowhere: no such file or folder"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn every_gazetteer_problem_stops_the_run_naming_file_and_line() {
    let people = "id,name,aliases,country,role,start,end\n";
    let cases = [
        (
            "people-a.csv",
            format!("{people}Q1,A B,,USA\n"),
            ":2: malformed row",
        ),
        (
            "people-b.csv",
            "id,name,aliases,country,role,start,finish\n".to_string(),
            ":1: unknown column \"finish\"",
        ),
        (
            "people-c.csv",
            format!("{people}Q1,A B,,USA,official,2001,\nQ1,A B,,USA,official,2001,\n"),
            ":3: duplicate row",
        ),
        (
            "organizations-d.csv",
            "id,name,aliases,country,kind\norg/x,X Corp,X||XC,,company\n".to_string(),
            ":2: empty value in the aliases list",
        ),
        (
            "people-e.csv",
            format!("{people}Q1,A B,,USA,official,2001-02-30x,\n"),
            ":2: bad start date",
        ),
        (
            "people-mine.csv",
            format!("{people}person/x,X Y,,AZE,official,2020-13-01,\n"),
            ":2: bad start date",
        ),
        (
            "triggers-f.csv",
            "relation,kind,phrase\nMEET,,\n".to_string(),
            ":2: empty phrase",
        ),
    ];
    for (name, text, want) in cases {
        let gaz = tempfile::tempdir().unwrap();
        fs::write(gaz.path().join(name), text).unwrap();
        let out = tempfile::tempdir().unwrap();
        let output = dyad()
            .arg(repo().join("input"))
            .arg("-o")
            .arg(out.path().join("o"))
            .arg("--gazetteers")
            .arg(gaz.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let err = stderr(&output);
        assert!(err.contains(&format!("{name}{want}")), "{name}: {err}");
        assert!(!out.path().join("o").exists(), "{name}: nothing processed");
    }
}

#[test]
fn a_killed_run_leaves_the_previous_output_intact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let seed_run = || {
        let run = dyad()
            .arg(repo().join("input"))
            .arg("-o")
            .arg(&out)
            .output();
        assert!(run.unwrap().status.success());
    };
    seed_run();
    let before: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .map(|f| fs::read(out.join(f)).unwrap())
        .collect();
    // A run long enough to be killed in the middle.
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    for i in 0..8 {
        fs::write(input.join(format!("{i}.txt")), long_news_text(4_000_000)).unwrap();
    }
    let mut child = dyad()
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it as soon as it writes: its temporary files are there.
    let writing = || {
        fs::read_dir(&out)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains(".tmp-"))
    };
    let started = Instant::now();
    while !writing() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    for (f, bytes) in OUTPUTS.iter().zip(&before) {
        assert!(
            fs::read(out.join(f)).unwrap() == *bytes,
            "{f} changed by a killed run"
        );
    }
    // The next run clears what the killed one left.
    seed_run();
    let left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn exit_codes_are_documented() {
    let help = dyad().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    for code in [
        "0 every document was processed",
        "1 usage or configuration",
        "2 the run finished but some documents",
    ] {
        assert!(help.contains(code), "--help lacks {code:?}");
    }
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("Exit codes: `0`"));
    // A flag dyad does not know is a usage error: 1, not clap's 2.
    let bad = dyad().arg("--no-such-flag").output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
}

/// A folder with news documents, a long one analysed in pieces, and bad
/// inputs: everything that could make the output depend on scheduling.
fn mixed_input(dir: &Path, reverse: bool) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in fs::read_dir(repo().join("input")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        files.push((name, fs::read(&p).unwrap()));
    }
    files.push(("long.txt".into(), long_news_text(300_000).into_bytes()));
    files.push(("binary.txt".into(), b"\0\0".to_vec()));
    files.push(("latin1.txt".into(), b"Caf\xe9 in Baku.".to_vec()));
    files.push(("sub/inner.txt".into(), MEETING.as_bytes().to_vec()));
    files.sort();
    // Created in the opposite order, the folder lists its entries in another
    // order on most file systems.
    if reverse {
        files.reverse();
    }
    for (name, bytes) in files {
        let p = dir.join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
}

#[test]
fn output_is_byte_identical_for_threads_listing_order_and_runs() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    mixed_input(a.path(), false);
    mixed_input(b.path(), true);
    let (one, _) = run_on(a.path(), &["--quiet", "--threads", "1"]);
    let (many, _) = run_on(a.path(), &["--quiet", "--threads", "3"]);
    assert_same_output(one.path(), many.path(), "--threads 1 and --threads 3");
    let (reversed, _) = run_on(b.path(), &["--quiet"]);
    assert_same_output(many.path(), reversed.path(), "another listing order");
    let (again, _) = run_on(b.path(), &["--quiet"]);
    assert_same_output(reversed.path(), again.path(), "two runs");
    let docs = read_csv(&one.path().join("documents.csv"));
    let long = docs.iter().find(|d| d["doc"] == "long.txt").unwrap();
    assert!(long["sentences"].parse::<u32>().unwrap() > 100);
}
