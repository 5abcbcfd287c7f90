//! A large single file is processed with bounded memory: peak memory is the
//! file's text plus a constant, never a multiple of the file.
//!
//! The normal suite uses a 20 MB file (a few seconds). Set
//! `DYAD_LARGE_FILE_MB=200` for the catalogue's 200 MB file (about a minute;
//! `.ci/run` does). This test is alone in its binary because it reads the
//! peak memory of all the test process's children.

mod common;

use std::fmt::Write;

use common::*;

/// Mostly ordinary prose with a meeting every fifty sentences: the shape of
/// a long report, cheap to make and quick to analyse.
fn report_text(bytes: usize) -> String {
    const WORDS: [&str; 12] = [
        "the",
        "talks",
        "on",
        "trade",
        "and",
        "energy",
        "went",
        "for",
        "hours",
        "while",
        "officials",
        "discussed",
    ];
    let mut text = String::with_capacity(bytes + 200);
    let mut n: u64 = 0;
    let mut sentences: u64 = 0;
    while text.len() < bytes {
        text.push_str("They");
        for _ in 0..20 {
            n = n
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let _ = write!(text, " {}", WORDS[((n >> 33) % 12) as usize]);
        }
        text.push_str(". ");
        sentences += 1;
        if sentences.is_multiple_of(50) {
            text.push_str("\n\nPresident Ilham Aliyev met Prime Minister Nikol Pashinyan.\n\n");
        }
    }
    text
}

/// Peak resident memory of the children this process has waited for, in bytes.
#[cfg(unix)]
fn children_peak_rss() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) },
        0
    );
    // Linux gives kilobytes.
    usage.ru_maxrss as u64 * 1024
}

#[cfg(unix)]
#[test]
fn a_large_file_is_processed_in_bounded_memory() {
    let megabytes: usize = std::env::var("DYAD_LARGE_FILE_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().unwrap();
    let text = report_text(megabytes * 1_000_000);
    std::fs::write(dir.path().join("large.txt"), &text).unwrap();
    let size = text.len() as u64;
    drop(text);
    let (out, output) = run_on(dir.path(), &["--quiet"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let docs = read_csv(&out.path().join("documents.csv"));
    assert_eq!(docs[0]["bytes"], size.to_string());
    assert!(docs[0]["relations"].parse::<u64>().unwrap() > 0);
    let peak = children_peak_rss();
    // The text itself, the gazetteers (about 50 MB) and room to spare.
    let bound = size + 150_000_000;
    eprintln!("{megabytes} MB file: peak RSS {} MB", peak / 1_000_000);
    assert!(
        peak < bound,
        "peak RSS {peak} bytes for a {size}-byte file (bound {bound})"
    );
}
