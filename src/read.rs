//! Stage 1, read: files in, decoded documents out.
//!
//! Goes in: a folder (walked recursively, hidden entries skipped, sorted so the
//! order never depends on the file system) or single files. Comes out: for each
//! file a [`Document`] with its text decoded to UTF-8 and its date, or a reason
//! why it was skipped. Decoding: UTF-8 (a BOM is stripped), UTF-16 with a BOM,
//! otherwise Windows-1252 with a warning; a file with NUL bytes and no UTF-16
//! BOM is binary and skipped.
//!
//! Nothing found is lost: what cannot be read (a FIFO or socket, which is
//! never opened for a blocking read; a symbolic link to a folder without
//! `--follow`, or one that loops; a folder that cannot be listed) is listed
//! with the reason, for its row in `documents.csv`. A file name that is not
//! UTF-8 is read all the same and its id keeps the other bytes as `\xNN`.

use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;
use std::sync::OnceLock;

/// A decoded document, ready for tokenization.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the input root, with `/` separators.
    pub id: String,
    /// Size of the file in bytes, as read.
    pub bytes: u64,
    /// The decoded text.
    pub text: String,
    /// The document's own date (ISO), when the text states one.
    pub date: Option<String>,
    /// A warning about the decoding, if any.
    pub warning: Option<String>,
}

/// What became of one input file.
#[derive(Debug)]
pub enum ReadOutcome {
    Ok(Document),
    /// Not a document (binary, too large, not a regular file).
    Skipped {
        id: String,
        bytes: u64,
        reason: String,
    },
    /// The file could not be read.
    Failed {
        id: String,
        reason: String,
    },
}

/// Options for listing input files.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// File name patterns (`*.txt`); a file matches if any pattern matches.
    pub globs: Vec<String>,
    /// Follow symbolic links to folders (loops are detected and reported).
    pub follow: bool,
}

/// One entry of the listing: a file to read, or something found while
/// walking that cannot be read, with the reason, so that it gets its row in
/// `documents.csv` instead of being lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub path: PathBuf,
    pub problem: Option<Problem>,
    /// The listing saw a regular file (not a link): the file need not be
    /// looked at before it is opened (it still is once open).
    pub regular: bool,
}

/// Why a listed entry is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a document (status `skipped`).
    Skip(String),
    /// Should have been readable but was not (status `error`).
    Fail(String),
}

impl Listed {
    fn file(path: PathBuf, regular: bool) -> Listed {
        Listed {
            path,
            problem: None,
            regular,
        }
    }
}

/// Lists the documents under `root` (or `root` itself when it is a file),
/// sorted by path so that the order never depends on the file system.
/// `exclude` is a folder never entered (the output).
pub fn list_documents(
    root: &Path,
    opts: &ListOptions,
    exclude: Option<&Path>,
) -> std::io::Result<Vec<Listed>> {
    Ok(walk_documents(root, opts, exclude)?.collect())
}

/// The documents under `root`, as [`list_documents`] lists them, one at a
/// time: a run over millions of files holds the entries of the folders
/// being walked, not the whole list. Folders are walked depth first, each
/// one's entries sorted by name, which is the order of their paths. Only a
/// failure to read the root is an error; a subfolder that cannot be read
/// comes as an entry with the reason.
pub fn walk_documents(
    root: &Path,
    opts: &ListOptions,
    exclude: Option<&Path>,
) -> std::io::Result<DocumentWalk> {
    let mut walk = DocumentWalk {
        opts: opts.clone(),
        exclude: exclude.and_then(|p| fs::canonicalize(p).ok()),
        folders: Vec::new(),
        next: None,
    };
    let meta = fs::metadata(root)?;
    if !meta.is_dir() {
        walk.next = Some(Listed::file(root.to_path_buf(), false));
        return Ok(walk);
    }
    walk.open(root)?;
    Ok(walk)
}

/// An iterator over the documents of a folder tree: see [`walk_documents`].
pub struct DocumentWalk {
    opts: ListOptions,
    exclude: Option<PathBuf>,
    /// The folders being walked, outermost first: each one's canonical path
    /// (to detect link loops) and its entries not yet visited.
    folders: Vec<(PathBuf, std::vec::IntoIter<fs::DirEntry>)>,
    /// An entry found before any folder was walked (a root that is a file).
    next: Option<Listed>,
}

fn sorted_entries(dir: &Path) -> std::io::Result<std::vec::IntoIter<fs::DirEntry>> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.filter_map(|e| e.ok()).collect();
    // Cached: `file_name` allocates, and a sort compares each entry often.
    entries.sort_by_cached_key(|e| e.file_name());
    Ok(entries.into_iter())
}

impl Iterator for DocumentWalk {
    type Item = Listed;

    fn next(&mut self) -> Option<Listed> {
        if let Some(listed) = self.next.take() {
            return Some(listed);
        }
        loop {
            let (_, entries) = self.folders.last_mut()?;
            match entries.next() {
                Some(entry) => {
                    if let Some(listed) = self.entry(&entry) {
                        return Some(listed);
                    }
                }
                None => {
                    self.folders.pop();
                }
            }
        }
    }
}

impl DocumentWalk {
    /// Starts walking the folder `dir`, unless it is the excluded one.
    fn open(&mut self, dir: &Path) -> std::io::Result<()> {
        let canonical = fs::canonicalize(dir)?;
        if self.exclude.as_deref() != Some(canonical.as_path()) {
            let entries = sorted_entries(dir)?;
            self.folders.push((canonical, entries));
        }
        Ok(())
    }

    /// Starts walking a subfolder; an entry when it cannot be read.
    fn enter(&mut self, dir: &Path) -> Option<Listed> {
        self.open(dir).err().map(|e| Listed {
            path: dir.to_path_buf(),
            problem: Some(Problem::Fail(format!("cannot read folder: {e}"))),
            regular: false,
        })
    }

    /// What a folder entry gives: a document, a problem, or nothing (a
    /// hidden file, a name no pattern matches, a folder now being walked).
    fn entry(&mut self, entry: &fs::DirEntry) -> Option<Listed> {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            return None;
        }
        let path = entry.path();
        let file_type = entry.file_type().ok()?;
        if file_type.is_dir() {
            return self.enter(&path);
        }
        // A link to a folder: followed only when asked, never in a loop.
        if file_type.is_symlink() && fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            let problem = if !self.opts.follow {
                Problem::Skip("symbolic link to a folder, not followed without --follow".into())
            } else if fs::canonicalize(&path)
                .is_ok_and(|c| self.folders.iter().any(|(a, _)| *a == c))
            {
                Problem::Skip("symbolic link loop: links to a folder being read".into())
            } else {
                return self.enter(&path);
            };
            return Some(Listed {
                path,
                problem: Some(problem),
                regular: false,
            });
        }
        self.opts
            .globs
            .iter()
            .any(|g| glob_match(g, &name))
            .then(|| Listed::file(path, file_type.is_file()))
    }
}

/// Matches a file name against a pattern with `*` and `?` wildcards.
///
/// Every file name of a walk meets every pattern: no allocation, and time
/// at worst in proportion to the product of the two lengths (a mismatch
/// goes back only to the last `*`, which takes one more character of the
/// name), where trying every split at every `*` grew exponentially with
/// the number of stars.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    // The character at byte `i` of `s`, and the byte after it.
    let at = |s: &str, i: usize| s[i..].chars().next().map(|c| (c, i + c.len_utf8()));
    let (mut p, mut n) = (0, 0);
    // After the last `*` seen: where the pattern goes on, and where the
    // rest of the name is matched from.
    let mut star: Option<(usize, usize)> = None;
    loop {
        match (at(pattern, p), at(name, n)) {
            (Some(('*', after)), _) => {
                star = Some((after, n));
                p = after;
            }
            (Some((pc, p_next)), Some((nc, n_next))) if pc == '?' || pc == nc => {
                p = p_next;
                n = n_next;
            }
            (None, None) => return true,
            _ => {
                // The last `*` takes one more character, if there is one.
                let Some((after, from)) = star else {
                    return false;
                };
                let Some((_, from)) = at(name, from) else {
                    return false;
                };
                star = Some((after, from));
                (p, n) = (after, from);
            }
        }
    }
}

/// The id of a document: its path relative to the root, with `/`. A name
/// that is not UTF-8 keeps its other bytes as `\\xNN`, so that two such
/// names never share an id.
pub fn document_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = if rel.as_os_str().is_empty() {
        Path::new(path.file_name().unwrap_or(path.as_os_str()))
    } else {
        rel
    };
    rel.components()
        .map(|c| escape_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(unix)]
fn escape_name(name: &std::ffi::OsStr) -> String {
    use std::fmt::Write;
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out
}

#[cfg(not(unix))]
fn escape_name(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

/// Reads and decodes one listed file. Files larger than `max_bytes` and
/// anything but a regular file are skipped.
pub fn read_document(root: &Path, listed: &Listed, max_bytes: u64) -> ReadOutcome {
    let path = &listed.path;
    let id = document_id(root, path);
    match &listed.problem {
        Some(Problem::Skip(reason)) => {
            return ReadOutcome::Skipped {
                id,
                bytes: 0,
                reason: reason.clone(),
            }
        }
        Some(Problem::Fail(reason)) => {
            return ReadOutcome::Failed {
                id,
                reason: reason.clone(),
            }
        }
        None => {}
    }
    let raw = match read_regular(path, listed.regular, max_bytes) {
        Ok(Ok(raw)) => raw,
        Ok(Err((bytes, reason))) => return ReadOutcome::Skipped { id, bytes, reason },
        Err(e) => {
            return ReadOutcome::Failed {
                id,
                reason: e.to_string(),
            }
        }
    };
    let bytes = raw.len() as u64;
    let name_warning = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_str()
        .is_none()
        .then(|| "file name is not UTF-8: other bytes written as \\xNN".to_string());
    match decode_owned(raw) {
        Ok((text, warning)) => {
            let date = find_date(&text);
            let warning = match (name_warning, warning) {
                (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                (a, b) => a.or(b),
            };
            ReadOutcome::Ok(Document {
                id,
                bytes,
                text,
                date,
                warning,
            })
        }
        Err(reason) => ReadOutcome::Skipped { id, bytes, reason },
    }
}

/// The bytes of a regular file, or why it is skipped (its size and the
/// reason). It is opened without blocking and checked again once open, so a
/// FIFO put in its place after the check never blocks the run.
fn read_regular(
    path: &Path,
    listed_regular: bool,
    max_bytes: u64,
) -> std::io::Result<Result<Vec<u8>, (u64, String)>> {
    use std::io::Read;
    // Opening a device can act on it (a tape rewinds): look first, unless
    // the listing saw a regular file (a syscall less per document).
    if !listed_regular {
        if let Some(kind) = not_regular(&fs::metadata(path)?) {
            return Ok(Err((0, format!("not a regular file: {kind}"))));
        }
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if let Some(kind) = not_regular(&meta) {
        return Ok(Err((0, format!("not a regular file: {kind}"))));
    }
    let too_large = |bytes| {
        (
            bytes,
            format!("larger than --max-file-size ({max_bytes} bytes)"),
        )
    };
    if meta.len() > max_bytes {
        return Ok(Err(too_large(meta.len())));
    }
    let mut raw = Vec::with_capacity(meta.len() as usize);
    // The file as large as it was when opened: reading stops there without
    // a last read to see the end (a syscall less per document), and a file
    // that grows meanwhile stays within the limit. Files that say they are
    // empty (as some system files do) are read to their end, up to the limit.
    let limit = match meta.len() {
        0 => max_bytes.saturating_add(1),
        len => len,
    };
    file.take(limit).read_to_end(&mut raw)?;
    if raw.len() as u64 > max_bytes {
        return Ok(Err(too_large(raw.len() as u64)));
    }
    Ok(Ok(raw))
}

/// What a file is when it is not a regular file.
fn not_regular(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a file")
}

/// Decodes raw bytes like [`decode`], without copying when they are UTF-8.
pub fn decode_owned(raw: Vec<u8>) -> Result<(String, Option<String>), String> {
    let plain = encoding_rs::Encoding::for_bom(&raw).is_none() && memchr::memchr(0, &raw).is_none();
    match String::from_utf8(raw) {
        Ok(text) if plain => Ok((text, None)),
        Ok(text) => decode(text.as_bytes()),
        Err(e) => decode(e.as_bytes()),
    }
}

/// Decodes raw bytes to text. Returns the text and a warning when the bytes
/// were not UTF-8, or an error message when the file is binary.
pub fn decode(raw: &[u8]) -> Result<(String, Option<String>), String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(raw) {
        let (text, had_errors) = enc.decode_without_bom_handling(&raw[bom_len..]);
        let warning = had_errors.then(|| format!("invalid {} replaced", enc.name()));
        return Ok((text.into_owned(), warning));
    }
    if raw.contains(&0) {
        return Err("binary file (contains NUL bytes)".into());
    }
    match std::str::from_utf8(raw) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(raw);
            Ok((
                text.into_owned(),
                Some("not valid UTF-8: decoded as Windows-1252".into()),
            ))
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number of an English month name or its abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) && (w.len() == 3 || w.len() == m.len() || w == "sept"))
        .map(|i| i as u32 + 1)
}

/// Whether `word` starts with the first three letters of a month's name,
/// in any case: every word [`month_number`] takes does.
pub fn starts_like_month(word: &[u8]) -> bool {
    match word.get(..3) {
        // `| 0x20` lower-cases ASCII letters and makes no other byte one.
        Some(&[a, b, c]) => {
            let start = [a | 0x20, b | 0x20, c | 0x20];
            MONTHS.iter().any(|m| m.as_bytes()[..3] == start)
        }
        _ => false,
    }
}

fn date_regexes() -> &'static [Regex; 4] {
    static RE: OnceLock<[Regex; 4]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // date 2026-02-09, 2026-02-09
            Regex::new(r"(?i)^\s*(?:date\s*:?\s*)?(\d{4})-(\d{2})-(\d{2})\b").unwrap(),
            // 06 November 2024, 31 January, 2026, Monday, 3 February 2020,
            // 24th March 2020
            Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
                .unwrap(),
            // November 6, 2024, Feb. 9, 1999, March 24th 2020
            Regex::new(r"(?i)\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
                .unwrap(),
            // 2017/4/26 9:44:00 (Beijing Time), 2017/04/26
            Regex::new(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b").unwrap(),
        ]
    })
}

/// The document's own date: a leading `date YYYY-MM-DD`, or a dateline, that
/// is a short line (or the start of the first line) made mostly of a date,
/// such as `06 November 2024    Read: 1031`, `• 31 January, 2026` or
/// `Last Update: Monday, 3 February 2020 KSA 19:57`. Dates inside running
/// prose (`On March 10, 2022, a meeting was held`) are the event's date, not
/// the document's, and are not taken.
pub fn find_date(text: &str) -> Option<String> {
    let [iso, dmy, mdy, ymd] = date_regexes();
    let head = text.trim_start_matches('\u{feff}');
    if let Some(c) = iso.captures(head) {
        return valid_iso(&c[1], &c[2], &c[3]);
    }
    for (n, mut line) in nonblank_lines(head).enumerate() {
        // `DOHA, 4 March 2024 — Qatar's ...`: a wire dateline opens one of
        // the first lines and ends at a dash.
        if n < 5 {
            if let Some(opening) = dateline_opening(line) {
                line = opening;
            }
        }
        if line.len() > 80 {
            continue;
        }
        // A dateline has few words besides the date itself; a sentence
        // that ends with a period is prose, unless it opens with its date
        // (`Tuesday, Feb. 9, 1999, 11 AM.`).
        let words = line.split_whitespace().count();
        if words > 12 || line.ends_with('.') && words > 5 && !opens_with_date(line) {
            continue;
        }
        // The patterns need a digit (`\d`): skip the regexes without one.
        if !line.chars().any(char::is_numeric) {
            continue;
        }
        // `2017/4/26` needs a slash, the others a month's name: most lines
        // with a number have neither and need no regex search.
        if line.contains('/') {
            if let Some(c) = ymd.captures(line) {
                if let Some(d) = valid_iso(&c[1], &c[2], &c[3]) {
                    return Some(d);
                }
            }
        }
        let month_word = line
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| starts_like_month(w.as_bytes()));
        if !month_word {
            continue;
        }
        if let Some(c) = dmy.captures(line) {
            if let Some(m) = month_number(&c[2]) {
                if let Some(d) = valid_iso(&c[3], &m.to_string(), &c[1]) {
                    return Some(d);
                }
            }
        }
        if let Some(c) = mdy.captures(line) {
            if let Some(m) = month_number(&c[1]) {
                if let Some(d) = valid_iso(&c[3], &m.to_string(), &c[2]) {
                    return Some(d);
                }
            }
        }
    }
    None
}

/// Whether a line's first two words hold a month or a weekday: `Tuesday,
/// Feb. 9, 1999`, `March 24th 2020`.
fn opens_with_date(line: &str) -> bool {
    line.split_whitespace().take(2).any(|w| {
        let w = w.trim_end_matches([',', '.']);
        month_number(w).is_some()
            || [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ]
            .contains(&w.to_ascii_lowercase().as_str())
    })
}

/// The lines of `text` that hold more than whitespace, trimmed (as
/// `str::lines` with blank lines left out). Lines are found with memchr:
/// `str::lines` cost more than the rest of the date search.
fn nonblank_lines(text: &str) -> impl Iterator<Item = &str> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut start = 0;
    ends.filter_map(move |end| {
        let line = text[start..end].trim();
        start = end + 1;
        (!line.is_empty()).then_some(line)
    })
}

/// The part of a line before a wire-style dash (`CITY, DATE — text`,
/// `CITY, DATE (Agency) - text`), when it is short.
fn dateline_opening(line: &str) -> Option<&str> {
    const DASHES: [&str; 5] = ["— ", "– ", "- ", "-- ", "("];
    let bytes = line.as_bytes();
    // Lines are mostly paragraphs: scan for the first ` ` + dash only as
    // far as an opening of eight words can reach.
    let mut words_begun = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b != b' ' {
            continue;
        }
        let rest = &line[i + 1..];
        if DASHES.iter().any(|d| rest.starts_with(d)) {
            let opening = &line[..i];
            return (opening.split_whitespace().count() <= 8).then_some(opening);
        }
        if bytes.get(i + 1).is_some_and(u8::is_ascii_graphic) {
            words_begun += 1;
            if words_begun >= 8 {
                // Nine words stand before any dash from here on.
                return None;
            }
        }
    }
    None
}

fn valid_iso(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonblank_lines_are_the_trimmed_lines_with_text() {
        for text in [
            "",
            "\n",
            "one",
            "one\n",
            "one\r\ntwo\r\n",
            "\n\n  title  \n\t\n body \r\n\u{a0}\nend",
            "a\rb\n\r",
        ] {
            let expected: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(
                nonblank_lines(text).collect::<Vec<_>>(),
                expected,
                "{text:?}"
            );
        }
    }

    #[test]
    fn leading_date_line() {
        assert_eq!(
            find_date(" date 2026-02-09 On February 9, President"),
            Some("2026-02-09".into())
        );
    }

    #[test]
    fn the_walk_lists_files_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "a/z.txt",
            "a b.txt",
            "a-b/c.txt",
            "a.txt",
            "b/a/b/c.txt",
            "b/a.txt",
            "B.txt",
            ".hidden.txt",
            "notes.md",
        ];
        for f in files {
            let path = dir.path().join(f);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "text").unwrap();
        }
        let opts = ListOptions {
            globs: vec!["*.txt".into()],
            follow: false,
        };
        let walked: Vec<PathBuf> = walk_documents(dir.path(), &opts, None)
            .unwrap()
            .map(|l| l.path.strip_prefix(dir.path()).unwrap().to_path_buf())
            .collect();
        let mut sorted = walked.clone();
        sorted.sort();
        assert_eq!(walked, sorted);
        assert_eq!(walked.len(), 7, "{walked:?}");
        let root_file = dir.path().join("a.txt");
        let one: Vec<Listed> = walk_documents(&root_file, &opts, None).unwrap().collect();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].path, root_file);
    }

    #[test]
    fn dateline_openings_have_at_most_eight_words() {
        let eight = "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT";
        assert_eq!(dateline_opening(&format!("{eight} — text")), Some(eight));
        assert_eq!(
            dateline_opening(&format!("{eight} (AP) - text")),
            Some(eight)
        );
        assert_eq!(dateline_opening(&format!("{eight} NINE — text")), None);
        assert_eq!(
            dateline_opening(&format!("{eight}\t \u{a0} — text")),
            Some(&*format!("{eight}\t \u{a0}"))
        );
        assert_eq!(
            dateline_opening("BAKU,  5 May -- text"),
            Some("BAKU,  5 May")
        );
        assert_eq!(dateline_opening("no dash here at all"), None);
    }

    #[test]
    fn wire_datelines_open_the_first_line() {
        let t = "DOHA, 4 March 2024 — Qatar's Prime Minister met on Monday with X.";
        assert_eq!(find_date(t), Some("2024-03-04".into()));
        let t = "Nairobi, 2 May 2025 - Kenyan President William Ruto hosted his counterpart.";
        assert_eq!(find_date(t), Some("2025-05-02".into()));
        let t = "WASHINGTON, Jan. 15, 2024 (Reuters) - The talks went on.";
        assert_eq!(find_date(t), Some("2024-01-15".into()));
        let t = "The minister said - in a speech on 4 March 2024 - that talks went on.";
        assert_eq!(find_date(t), None);
    }

    #[test]
    fn datelines() {
        let t = "Title here\n\n  06 November 2024    Read: 1031\n";
        assert_eq!(find_date(t), Some("2024-11-06".into()));
        let t = "Headline\n    • 31 January, 2026\n    • 13:39\n";
        assert_eq!(find_date(t), Some("2026-01-31".into()));
        let t = "Text.\n\nLast Update: Monday, 3 February 2020 KSA 19:57 - GMT 16:57";
        assert_eq!(find_date(t), Some("2020-02-03".into()));
        let t = "Dateline\nNovember 6, 2024\nBody";
        assert_eq!(find_date(t), Some("2024-11-06".into()));
        let t = "Tuesday, Feb. 9, 1999, 11 AM.\nKosovo Talks Remain Deadlocked\n";
        assert_eq!(find_date(t), Some("1999-02-09".into()));
        let t = "Published 12:02 IST, March 24th 2020\nHeadline\n";
        assert_eq!(find_date(t), Some("2020-03-24".into()));
        let t = "Headline\n\n2017/4/26 9:44:00 (Beijing Time)   Source:China Daily\n";
        assert_eq!(find_date(t), Some("2017-04-26".into()));
        // A short sentence of prose that ends with a period is no dateline.
        let t = "Headline\nThe talks of 9 February 1999 failed.\n";
        assert_eq!(find_date(t), None);
    }

    #[test]
    fn prose_dates_are_not_the_document_date() {
        let t = "On March 10, 2022, within the framework of participation in the Antalya Diplomacy Forum, a meeting was held.";
        assert_eq!(find_date(t), None);
        assert_eq!(find_date("Mar 4: Russian Foreign Ministry said"), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xef\xbb\xbfabc").unwrap().0, "abc");
        let (t, w) = decode(b"caf\xe9").unwrap();
        assert_eq!(t, "café");
        assert!(w.is_some());
        assert!(decode(b"a\0b").is_err());
        let utf16: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&utf16).unwrap().0, "hi");
    }

    #[test]
    fn a_file_is_read_whole_in_one_go_and_files_that_say_they_are_empty_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text = "Baku, 9 February. ".repeat(500);
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            read_regular(&path, true, 1 << 20).unwrap().unwrap(),
            text.as_bytes()
        );
        let small = read_regular(&path, true, 100).unwrap().unwrap_err();
        assert_eq!(small.0, text.len() as u64);
        // Linux's /proc files have a size of 0 and text in them.
        #[cfg(target_os = "linux")]
        {
            let status = read_regular(Path::new("/proc/self/status"), false, 1 << 20);
            assert!(status.unwrap().unwrap().starts_with(b"Name:"));
        }
    }

    #[test]
    fn globs() {
        assert!(glob_match("*.txt", "a.txt"));
        assert!(!glob_match("*.txt", "a.txt.bak"));
        assert!(glob_match("doc?.md", "doc1.md"));
        // Many stars against a long name that almost matches: immediate.
        let name = "a".repeat(200);
        assert!(!glob_match("*a*a*a*a*a*a*a*a*a*a*b", &name));
        // As trying every split at every star decides, on short strings.
        fn reference(p: &[char], n: &[char]) -> bool {
            match p.first() {
                None => n.is_empty(),
                Some('*') => (0..=n.len()).any(|i| reference(&p[1..], &n[i..])),
                Some('?') => !n.is_empty() && reference(&p[1..], &n[1..]),
                Some(c) => n.first() == Some(c) && reference(&p[1..], &n[1..]),
            }
        }
        let (pattern_chars, name_chars) = (['a', 'é', '*', '?'], ['a', 'é', 'b']);
        let mut rng = crate::testing::Rng::new();
        for _ in 0..20_000 {
            let p: Vec<char> = (0..rng.below(7))
                .map(|_| pattern_chars[rng.below(4) as usize])
                .collect();
            let n: Vec<char> = (0..rng.below(8))
                .map(|_| name_chars[rng.below(3) as usize])
                .collect();
            let (ps, ns): (String, String) = (p.iter().collect(), n.iter().collect());
            assert_eq!(glob_match(&ps, &ns), reference(&p, &n), "{ps:?} {ns:?}");
        }
    }

    #[test]
    fn months() {
        assert_eq!(month_number("Jan."), Some(1));
        assert_eq!(month_number("September"), Some(9));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayor"), None);
    }
}
