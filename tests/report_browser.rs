//! `report.html` in a real browser: headless Chromium opens the page of a
//! run over `input/` from `file://`, its console must stay empty (no error,
//! no uncaught exception, nothing logged), the DOM it dumps after the
//! script ran must have the nodes drawn and a table row per edge, a node
//! selected by the page's address must list its edges, a search must
//! narrow the table, a click on a column must sort it and the relation
//! filter must hide its edges, and screenshots are taken, with scripts and without
//! (the picture is drawn all the same).
//!
//! The browser is `chromium` from the system packages (`.ci/run` installs
//! it), or the one `DYAD_BROWSER` names. Without one this test FAILS,
//! saying why; `DYAD_SKIP_BROWSER=1` skips it knowingly, loudly.
//! `DYAD_SCREENSHOT=FILE` keeps the screenshot (the README's
//! `docs/report.png` is made so).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The browser to run, if one can be had.
fn browser() -> Option<PathBuf> {
    if let Some(b) = std::env::var_os("DYAD_BROWSER") {
        let b = PathBuf::from(b);
        return b.is_file().then_some(b);
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// What the browser printed and the page it left.
struct Browsed {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `url` with `extra` flags, in a profile of its
/// own, and waits at most a minute.
fn chromium(browser: &Path, url: &str, extra: &[&str]) -> Browsed {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let stdout = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).map(|_| s)
    });
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).map(|_| s)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{} did not finish in a minute on {url}", browser.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let browsed = Browsed {
        stdout: stdout.join().unwrap().unwrap_or_default(),
        stderr: stderr.join().unwrap().unwrap_or_default(),
    };
    assert!(
        status.success(),
        "{} failed ({status}) on {url}:\n{}",
        browser.display(),
        browsed.stderr
    );
    browsed
}

/// The console lines the page caused: anything it logged, and any
/// uncaught exception (Chromium logs every console message as
/// `...:CONSOLE...] "message", source: ...`).
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

#[test]
fn the_report_opens_in_a_browser_without_errors() {
    let Some(browser) = browser() else {
        let why = "NO BROWSER: the report's browser test needs headless Chromium \
                   (apt-get install chromium, or DYAD_BROWSER=/path/to/chrome) and none was found";
        if std::env::var_os("DYAD_SKIP_BROWSER").is_some_and(|v| v == "1") {
            // Straight to stderr: the test harness hides what eprintln!
            // prints in a test that passes.
            let _ = writeln!(
                std::io::stderr(),
                "\n!!!!!!!! {why}; SKIPPED because DYAD_SKIP_BROWSER=1 !!!!!!!!\n"
            );
            return;
        }
        panic!("{why}. Set DYAD_SKIP_BROWSER=1 to skip this test knowingly.");
    };
    let (out, output) = run_on(&repo().join("input"), &["--quiet"]);
    assert!(output.status.success());
    let page = out.path().join("report.html");
    let url = format!("file://{}", page.display());
    let edges = read_csv(&out.path().join("edges.csv"));
    let ends: std::collections::BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| [e["Source"].as_str(), e["Target"].as_str()])
        .collect();

    // The page after its script ran.
    let dom = chromium(
        &browser,
        &url,
        &["--dump-dom", "--virtual-time-budget=3000"],
    );
    let console = console_lines(&dom.stderr);
    assert!(
        console.is_empty(),
        "the console is not empty:\n{}",
        console.join("\n")
    );
    let html = &dom.stdout;
    assert!(
        html.contains("data-ready=\"1\""),
        "the script did not finish:\n{html}"
    );
    assert!(
        !html.contains(" data-errors=\""),
        "the script reported errors"
    );
    assert_eq!(html.matches("<circle ").count(), ends.len(), "nodes drawn");
    assert_eq!(html.matches("<path ").count(), edges.len(), "edges drawn");
    assert_eq!(
        html.matches("<tr id=\"e").count(),
        edges.len(),
        "table rows"
    );
    let n = edges.len();
    assert!(
        html.contains(&format!("<span id=\"shown\">{n} of {n} edges</span>")),
        "the script counts the rows"
    );

    // A node selected by the address: its edges listed, the rest dimmed.
    let aze = edges
        .iter()
        .filter(|e| e["Source"] == "AZE" || e["Target"] == "AZE")
        .count();
    assert!(aze > 0);
    let selected = chromium(
        &browser,
        &format!("{url}#node=AZE"),
        &["--dump-dom", "--virtual-time-budget=3000"],
    );
    assert!(
        console_lines(&selected.stderr).is_empty(),
        "{}",
        selected.stderr
    );
    let info = &selected.stdout[selected.stdout.find("<aside id=\"info\"").unwrap()..];
    let info = &info[..info.find("</aside>").unwrap()];
    assert!(info.contains("<h3>Azerbaijan</h3>"), "{info}");
    assert_eq!(info.matches("<li>").count(), aze, "{info}");
    let net = selected.stdout.find(" id=\"net\"").unwrap();
    let svg = &selected.stdout[selected.stdout[..net].rfind("<svg").unwrap()..];
    let svg = &svg[..svg.find('>').unwrap()];
    assert!(
        svg.contains("focus"),
        "the other nodes are not dimmed: {svg}"
    );

    // A search narrows the table.
    let searched = chromium(
        &browser,
        &format!("{url}#search=aliyev"),
        &["--dump-dom", "--virtual-time-budget=3000"],
    );
    let hits = edges
        .iter()
        .filter(|e| [&e["Source"], &e["Target"]].contains(&&"Q57371".to_string()))
        .count();
    assert!(
        searched
            .stdout
            .contains(&format!("<span id=\"shown\">{hits} of {n} edges</span>")),
        "search for aliyev: {hits} rows expected"
    );

    // Sorting and the relation filter, clicked by a script added to a copy
    // of the page.
    let html = std::fs::read_to_string(&page).unwrap();
    let clicks = r##"<script>
var rows = function (attr) {
  return [].map.call(document.querySelectorAll("#edges tbody tr"), function (r) { return r.getAttribute(attr); }).join("/");
};
document.querySelector("th[data-key=source-name]").click();
var names = rows("data-source-name");
document.querySelector("th[data-key=weight]").click();
var weights = rows("data-weight");
var box = document.querySelector("input[data-group=MEET]");
box.checked = false;
box.dispatchEvent(new Event("change"));
document.body.setAttribute("data-test", [names, weights, document.querySelectorAll("#net path.off").length,
  document.getElementById("shown").textContent].join("|"));
</script></body>"##;
    let clicked = out.path().join("clicked.html");
    std::fs::write(&clicked, html.replace("</body>", clicks)).unwrap();
    let clicked = chromium(
        &browser,
        &format!("file://{}", clicked.display()),
        &["--dump-dom", "--virtual-time-budget=3000"],
    );
    assert!(
        console_lines(&clicked.stderr).is_empty(),
        "{}",
        clicked.stderr
    );
    let at = clicked
        .stdout
        .find(" data-test=\"")
        .expect("the clicks ran")
        + 12;
    let got = &clicked.stdout[at..at + clicked.stdout[at..].find('"').unwrap()];
    let names: std::collections::BTreeMap<String, String> = read_csv(&out.path().join("nodes.csv"))
        .into_iter()
        .map(|n| (n["Id"].clone(), n["Label"].clone()))
        .collect();
    let mut sources: Vec<&str> = edges.iter().map(|e| names[&e["Source"]].as_str()).collect();
    sources.sort_unstable();
    let mut weights: Vec<u64> = edges.iter().map(|e| e["Weight"].parse().unwrap()).collect();
    weights.sort_unstable_by(|a, b| b.cmp(a));
    let weights: Vec<String> = weights.iter().map(u64::to_string).collect();
    let meetings = edges.iter().filter(|e| e["relation"] == "MEET").count();
    assert!(meetings > 0);
    let want = format!(
        "{}|{}|{meetings}|{} of {n} edges",
        sources.join("/"),
        weights.join("/"),
        n - meetings
    );
    assert_eq!(
        got,
        want.replace('&', "&amp;"),
        "sort by name, by weight, hide MEET"
    );

    // A screenshot: a PNG of some substance.
    let shot = out.path().join("report.png");
    let taken = chromium(
        &browser,
        &url,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,900",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
        ],
    );
    assert!(console_lines(&taken.stderr).is_empty(), "{}", taken.stderr);
    let png = std::fs::read(&shot).expect("the screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    if let Some(keep) = std::env::var_os("DYAD_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }

    // Without its script (Chromium's switch for scripts off also stops
    // --dump-dom and --screenshot, which run scripts of their own), the
    // page has its picture and its table all the same.
    let html = std::fs::read_to_string(&page).unwrap();
    let (head, rest) = html.split_at(html.find("<script>").unwrap());
    let rest = &rest[rest.find("</script>").unwrap() + "</script>".len()..];
    let bare = out.path().join("bare.html");
    std::fs::write(&bare, format!("{head}{rest}")).unwrap();
    let bare = chromium(
        &browser,
        &format!("file://{}", bare.display()),
        &["--dump-dom"],
    );
    assert!(!bare.stdout.contains("data-ready=\"1\""));
    assert_eq!(bare.stdout.matches("<circle ").count(), ends.len());
    assert_eq!(bare.stdout.matches("<tr id=\"e").count(), edges.len());
}
