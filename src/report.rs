//! Report: the run's network and the evidence for each edge, as one page,
//! `report.html`, written beside the CSV files.
//!
//! Goes in: every piece of every document as [`crate::write`](mod@crate::write)
//! writes it, with the number of the [`Graph`] edge each relation counts
//! for, and the status of every document. Comes out at the end of the run,
//! from the [`Graph`] and what [`Collector`] kept: a self-contained HTML page
//! (its CSS, script and pictures inline, nothing loaded from the network)
//! with the network drawn as SVG at positions dyad computes
//! ([`layout`](mod@layout)), so that it shows with scripts off; a table of
//! edges with their evidence sentences, trigger words marked; meetings and
//! calls per month; and a summary of the run.
//!
//! Memory stays bounded: per edge, at most [`EVIDENCE_PER_EDGE`] sentences
//! (each cut to [`EVIDENCE_BYTES`] around its trigger) and counts; per
//! month, two counts; the first [`NOT_READ_LISTED`] reasons a document was
//! not read. It grows with the graph, as the graph does, never with the
//! number of mentions or documents. The page shows the busiest
//! [`MAX_NODES`] nodes and heaviest [`MAX_TABLE_EDGES`] edges, and says so
//! when there are more.
//!
//! The page is written with maud, whose templates escape every value put
//! into them: every text from a document (names, ids, sentences, file
//! names, reasons) reaches the page only that way.

pub mod layout;

use std::collections::BTreeMap;
use std::io::Write;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use rustc_hash::FxHashMap;

use crate::graph::{EdgeRow, Graph, NodeRow};
use crate::pipeline::Analysis;
use crate::relations::RelationType;

/// Evidence sentences kept per edge; the others are counted.
pub const EVIDENCE_PER_EDGE: usize = 3;
/// A longer evidence sentence is cut to about this many bytes around its
/// trigger.
pub const EVIDENCE_BYTES: usize = 480;
/// Nodes drawn, the busiest (by the documents of their edges).
pub const MAX_NODES: usize = 300;
/// Edges drawn, the heaviest between the nodes drawn.
pub const MAX_DRAWN_EDGES: usize = 2000;
/// Edges in the evidence table, the heaviest.
pub const MAX_TABLE_EDGES: usize = 3000;
/// Documents not read that the summary names.
pub const NOT_READ_LISTED: usize = 10;
/// Nodes labelled in the picture, the largest.
const LABELLED: usize = 40;
/// A longer name is cut in its label (the node's tooltip has it whole).
const LABEL_CHARS: usize = 32;
/// Entities listed for each type among the top ones.
const TOP: usize = 10;
/// Steps of the layout.
const LAYOUT_ITERATIONS: usize = 300;
/// The picture's size, in SVG units.
const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 640.0;

/// One evidence sentence with its document and date, in one allocation
/// (there are three for every edge of the run).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Evidence {
    /// The document's id, the date (or nothing), the words before the
    /// trigger, the trigger and the words after, one after the other,
    /// each on one line.
    text: Box<str>,
    /// Where each part but the last ends in `text`.
    ends: [u32; 4],
}

impl Evidence {
    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends.get(i).map_or(self.text.len(), |&e| e as usize);
        &self.text[start..end]
    }

    fn doc(&self) -> &str {
        self.part(0)
    }

    fn date(&self) -> Option<&str> {
        Some(self.part(1)).filter(|d| !d.is_empty())
    }

    fn before(&self) -> &str {
        self.part(2)
    }

    fn trigger(&self) -> &str {
        self.part(3)
    }

    fn after(&self) -> &str {
        self.part(4)
    }
}

/// What is kept for one edge.
#[derive(Debug, Default)]
struct EdgeEvidence {
    shown: Vec<Evidence>,
    /// Relations (sentences) that state the edge.
    statements: u64,
    /// The number of the last document counted in the months.
    last_doc: u64,
}

/// A document that was not read.
#[derive(Debug, Clone)]
struct NotRead {
    doc: String,
    status: String,
    reason: String,
}

/// Everything the report needs beyond the graph, gathered while the
/// documents are written.
#[derive(Debug, Default)]
pub struct Collector {
    /// By edge number.
    edges: Vec<EdgeEvidence>,
    /// `YYYY-MM` → meetings and calls that month (each counted once per
    /// document that reports it).
    months: BTreeMap<String, [u64; 2]>,
    /// Meetings and calls with no date.
    undated: [u64; 2],
    read: u64,
    warnings: u64,
    skipped: u64,
    failed: u64,
    not_read: Vec<NotRead>,
    relations: u64,
}

impl Collector {
    /// Takes the relations of one piece of a document: `text` is the
    /// document's text from the piece's first byte on, `edges` the edge
    /// number of each relation ([`Graph::piece_edges`]) and `doc_number`
    /// the document's number ([`Graph::document_number`]).
    pub fn add_piece(
        &mut self,
        doc: &str,
        doc_number: u64,
        text: &str,
        a: &Analysis,
        edges: &[u32],
    ) {
        for (r, &e) in a.relations.iter().zip(edges) {
            let e = e as usize;
            if e >= self.edges.len() {
                self.edges.resize_with(e + 1, EdgeEvidence::default);
            }
            self.relations += 1;
            let ev = &mut self.edges[e];
            ev.statements += 1;
            let event = match r.relation {
                RelationType::Meet => Some(0),
                RelationType::Call => Some(1),
                _ => None,
            };
            if let Some(i) = event {
                if ev.last_doc != doc_number {
                    ev.last_doc = doc_number;
                    match r.date.as_deref().and_then(month) {
                        // A month already counted needs no key of its own.
                        Some(m) => match self.months.get_mut(m) {
                            Some(counts) => counts[i] += 1,
                            None => self.months.entry(m.to_string()).or_default()[i] += 1,
                        },
                        None => self.undated[i] += 1,
                    }
                }
            }
            if ev.shown.len() < EVIDENCE_PER_EDGE {
                let (ss, se) = a.sentence_span(r.sentence);
                let (ts, te) = a.byte_span(r.trigger.0, r.trigger.1);
                let evidence = cut(text, (ss, se), (ts, te), doc, r.date.as_deref());
                if !ev.shown.contains(&evidence) {
                    ev.shown.push(evidence);
                }
            }
        }
    }

    /// Counts a document that was read (`warning`: decoded with a warning).
    pub fn read(&mut self, warning: bool) {
        self.read += 1;
        self.warnings += u64::from(warning);
    }

    /// Counts a document that was skipped or failed (`status` `error`).
    pub fn not_read(&mut self, doc: &str, status: &str, reason: &str) {
        if status == "error" {
            self.failed += 1;
        } else {
            self.skipped += 1;
        }
        if self.not_read.len() < NOT_READ_LISTED {
            self.not_read.push(NotRead {
                doc: doc.to_string(),
                status: status.to_string(),
                reason: reason.to_string(),
            });
        }
    }
}

/// The `YYYY-MM` of an ISO date.
fn month(date: &str) -> Option<&str> {
    let m = date.get(..7)?;
    let b = m.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7)).then_some(m)
}

/// The evidence sentence `sentence` of `text` with its trigger, cut to
/// about [`EVIDENCE_BYTES`] around the trigger when longer.
fn cut(
    text: &str,
    sentence: (usize, usize),
    trigger: (usize, usize),
    doc: &str,
    date: Option<&str>,
) -> Evidence {
    let (mut ss, mut se) = sentence;
    let (ts, te) = (trigger.0.max(ss), trigger.1.min(se).max(trigger.0.max(ss)));
    let mut open = "";
    let mut close = "";
    if se - ss > EVIDENCE_BYTES {
        let around = EVIDENCE_BYTES.saturating_sub(te - ts) / 2;
        if ts - ss > around {
            ss = floor_char(text, ts - around);
            open = "… ";
        }
        if se - te > around {
            se = floor_char(text, te + around);
            close = " …";
        }
    }
    let date = date.unwrap_or("");
    let mut out = String::with_capacity(doc.len() + date.len() + (se - ss) + 8);
    let mut ends = [0u32; 4];
    out.push_str(doc);
    ends[0] = out.len() as u32;
    out.push_str(date);
    ends[1] = out.len() as u32;
    out.push_str(open);
    push_one_line(&mut out, &text[ss..ts]);
    ends[2] = out.len() as u32;
    push_one_line(&mut out, &text[ts..te]);
    ends[3] = out.len() as u32;
    push_one_line(&mut out, &text[te..se]);
    out.push_str(close);
    Evidence {
        text: out.into_boxed_str(),
        ends,
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Appends `s` with its whitespace runs made one space; a space at either
/// end kept (it separates the piece from the trigger).
fn push_one_line(out: &mut String, s: &str) {
    // Piece by piece between whitespace, not character by character: the
    // report keeps a sentence for most relations of a run.
    let mut space = false;
    for (i, piece) in s.split(char::is_whitespace).enumerate() {
        space |= i > 0;
        if !piece.is_empty() {
            if space {
                out.push(' ');
                space = false;
            }
            out.push_str(piece);
        }
    }
    if space {
        out.push(' ');
    }
}

/// An edge as the report shows it.
struct Edge<'a> {
    row: EdgeRow<'a>,
    /// MEET, CALL, VISIT, or the kind of a country relation: what the
    /// colours and the filter go by.
    group: String,
}

/// A node as the report shows it.
struct Node<'a> {
    row: NodeRow<'a>,
    /// The documents of its edges, added up.
    degree: u64,
    edges: u64,
}

/// The group of an edge: a CSS class, letters, digits, `_` and `-` only.
fn group(row: &EdgeRow) -> String {
    let g = match row.relation {
        "COUNTRY_RELATION" => row.kind.unwrap_or("related"),
        r => r,
    };
    g.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

/// Where the rows of the edge table go in the page's frame: a comment no
/// text from a document can make (their `<` is escaped).
const ROWS: &str = "<!--rows-->";

/// Writes the page and returns its size in bytes. The frame (the picture,
/// the chart, the summary) is made whole; the rows of the table, most of
/// the page, are made and written one at a time.
pub fn write(graph: &Graph, c: &Collector, out: &mut dyn Write) -> std::io::Result<u64> {
    let edges: Vec<Edge> = graph
        .edges()
        .map(|row| Edge {
            group: group(&row),
            row,
        })
        .collect();
    let mut nodes: Vec<Node> = graph
        .nodes()
        .map(|row| Node {
            row,
            degree: 0,
            edges: 0,
        })
        .collect();
    let index: FxHashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.row.id, i))
        .collect();
    for e in &edges {
        for end in [e.row.source, e.row.target] {
            let n = &mut nodes[index[end]];
            n.degree += e.row.weight;
            n.edges += 1;
        }
    }
    let mut groups: Vec<&str> = edges.iter().map(|e| e.group.as_str()).collect();
    groups.sort_unstable_by_key(|g| (group_rank(g), *g));
    groups.dedup();
    // The heaviest edges first; ties in the order of edges.csv.
    let mut by_weight: Vec<&Edge> = edges.iter().collect();
    by_weight.sort_by_key(|e| std::cmp::Reverse(e.row.weight));
    let picture = Picture::new(&nodes, &index, &by_weight);
    let table: Vec<&Edge> = by_weight.iter().take(MAX_TABLE_EDGES).copied().collect();
    let names: FxHashMap<&str, &str> = nodes.iter().map(|n| (n.row.id, n.row.name)).collect();
    let entities = nodes.iter().filter(|n| n.row.mentions > 0).count();
    let frame = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "dyad report" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "dyad report" }
                    p.lead {
                        (num(c.read)) " documents read · " (num(entities)) " entities · "
                        (num(edges.len())) " edges from " (num(c.relations)) " relations"
                    }
                    nav {
                        a href="#network" { "Network" } " · "
                        a href="#evidence" { "Evidence" } " · "
                        a href="#time" { "Over time" } " · "
                        a href="#run" { "The run" }
                    }
                }
                section #network {
                    h2 { "Network" }
                    (picture.note(nodes.iter().filter(|n| n.edges > 0).count(), edges.len()))
                    div.toolbar {
                        span.filters {
                            "Show: "
                            @for g in &groups {
                                label.chip {
                                    input type="checkbox" checked data-group=(g);
                                    span.swatch.(format!("g-{g}")) {}
                                    (group_label(g))
                                }
                            }
                        }
                        span.zoom {
                            button type="button" #zoom-in title="Zoom in" { "+" }
                            button type="button" #zoom-out title="Zoom out" { "−" }
                            button type="button" #zoom-reset title="Fit the picture" { "Fit" }
                        }
                    }
                    div.netwrap {
                        (picture.svg(&nodes))
                        aside #info {
                            p.hint { "Click a node to list its edges. Drag to pan, wheel to zoom." }
                        }
                    }
                    p.legend {
                        span.dot.t-PERSON {} "person " span.dot.t-COUNTRY {} "country "
                        span.dot.t-ORG {} "organisation · size: mentions · "
                        "line thickness: documents that state the edge"
                    }
                }
                section #evidence {
                    h2 { "Evidence" }
                    p {
                        input #search type="search" placeholder="Search names…" aria-label="Search names";
                        " "
                        span #shown {}
                    }
                    @if edges.len() > table.len() {
                        p.note {
                            "The table lists the " (num(table.len())) " heaviest of " (num(edges.len()))
                            " edges; every edge is in edges.csv, every sentence in relations.csv."
                        }
                    }
                    table #edges {
                        thead {
                            tr {
                                th data-key="group" { "Relation" }
                                th data-key="source-name" { "Source" }
                                th data-key="target-name" { "Target" }
                                th.num data-key="weight" data-num="1" data-desc="1" { "Documents" }
                                th data-key="first" data-desc="1" { "First" }
                                th data-key="last" data-desc="1" { "Last" }
                                th { "Evidence" }
                            }
                        }
                        tbody { (PreEscaped(ROWS)) }
                    }
                }
                section #time {
                    h2 { "Meetings and calls per month" }
                    (months_chart(c))
                }
                section #run {
                    h2 { "The run" }
                    (run_summary(c, &nodes))
                }
                footer {
                    "Written by dyad " (env!("CARGO_PKG_VERSION")) ". The same files are in "
                    "edges.csv, nodes.csv, entities.csv and relations.csv beside this page."
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
    .into_string();
    let (head, tail) = frame
        .split_once(ROWS)
        .expect("the frame has a place for the rows");
    out.write_all(head.as_bytes())?;
    let mut bytes = (head.len() + tail.len()) as u64;
    for e in &table {
        let row = edge_row(e, &names, c.edges.get(e.row.number as usize)).into_string();
        out.write_all(row.as_bytes())?;
        bytes += row.len() as u64;
    }
    out.write_all(tail.as_bytes())?;
    Ok(bytes)
}

/// The order of the groups in the filter and the legend.
fn group_rank(g: &str) -> u8 {
    match g {
        "MEET" => 0,
        "CALL" => 1,
        "VISIT" => 2,
        "cooperation" => 3,
        "conflict" => 4,
        "neutral" => 5,
        _ => 6,
    }
}

fn group_label(g: &str) -> String {
    match g {
        "MEET" => "met".into(),
        "CALL" => "called".into(),
        "VISIT" => "visited".into(),
        other => format!("countries: {other}"),
    }
}

/// A node's label in the picture.
struct Label {
    text: String,
    x: f64,
    y: f64,
    /// SVG's `text-anchor`.
    anchor: &'static str,
}

/// A name cut to `chars` characters, with an ellipsis when cut.
fn short(name: &str, chars: usize) -> String {
    match name.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", name[..at].trim_end()),
        None => name.to_string(),
    }
}

/// The nodes and edges drawn, and where.
struct Picture<'a> {
    /// Indexes into the nodes, with their positions in SVG units.
    nodes: Vec<(usize, f64, f64)>,
    /// Edges drawn, with the picture's indexes of their ends.
    edges: Vec<(&'a Edge<'a>, usize, usize)>,
    /// For each edge drawn, its place among the edges of its pair, and
    /// how many the pair has.
    parallel: Vec<(usize, usize)>,
    max_mentions: u64,
    /// The weight of the heaviest edge drawn.
    max_weight: u64,
}

impl<'a> Picture<'a> {
    fn new(nodes: &[Node], index: &FxHashMap<&str, usize>, by_weight: &[&'a Edge<'a>]) -> Self {
        // The busiest nodes that have an edge.
        let mut chosen: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].edges > 0).collect();
        chosen.sort_by(|&a, &b| {
            let (a, b) = (&nodes[a], &nodes[b]);
            (b.degree, b.row.mentions).cmp(&(a.degree, a.row.mentions))
        });
        chosen.truncate(MAX_NODES);
        chosen.sort_unstable();
        let mut slot: FxHashMap<usize, usize> = FxHashMap::default();
        for (k, &i) in chosen.iter().enumerate() {
            slot.insert(i, k);
        }
        let mut drawn = Vec::new();
        for &e in by_weight {
            let (s, t) = (index[e.row.source], index[e.row.target]);
            if let (Some(&s), Some(&t)) = (slot.get(&s), slot.get(&t)) {
                drawn.push((e, s, t));
                if drawn.len() == MAX_DRAWN_EDGES {
                    break;
                }
            }
        }
        let ids: Vec<&str> = chosen.iter().map(|&i| nodes[i].row.id).collect();
        // Several relations between one pair pull once, by their weights.
        let mut pull: BTreeMap<(usize, usize), (f64, usize)> = BTreeMap::new();
        let mut parallel = Vec::with_capacity(drawn.len());
        for (e, s, t) in &drawn {
            let p = pull.entry((*s.min(t), *s.max(t))).or_default();
            p.0 += e.row.weight as f64;
            parallel.push(p.1);
            p.1 += 1;
        }
        let parallel = drawn
            .iter()
            .zip(parallel)
            .map(|((_, s, t), i)| (i, pull[&(*s.min(t), *s.max(t))].1))
            .collect();
        let springs: Vec<(usize, usize, f64)> = pull
            .into_iter()
            .map(|((s, t), (w, _))| (s, t, 1.0 + w.sqrt().min(4.0) / 2.0))
            .collect();
        let at = layout::layout(&ids, &springs, LAYOUT_ITERATIONS);
        let (mx, my) = (60.0, 30.0);
        let placed = chosen
            .iter()
            .zip(at)
            .map(|(&i, (x, y))| (i, mx + x * (WIDTH - 2.0 * mx), my + y * (HEIGHT - 2.0 * my)))
            .collect();
        let max_mentions = chosen
            .iter()
            .map(|&i| nodes[i].row.mentions)
            .max()
            .unwrap_or(1)
            .max(1);
        let max_weight = drawn.iter().map(|d| d.0.row.weight).max().unwrap_or(1);
        Picture {
            nodes: placed,
            edges: drawn,
            parallel,
            max_mentions,
            max_weight,
        }
    }

    /// The SVG path of drawn edge `k` from `a` to `b`: a straight line, or
    /// when the pair has several edges (a cooperation and a conflict, a
    /// meeting and a call), arcs side by side.
    fn path(&self, k: usize, a: (f64, f64), b: (f64, f64)) -> String {
        let (i, of) = self.parallel[k];
        if of == 1 {
            return format!("M{} {}L{} {}", f1(a.0), f1(a.1), f1(b.0), f1(b.1));
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        // The same side whichever end is the source.
        let sign = if (a.0, a.1) < (b.0, b.1) { 1.0 } else { -1.0 };
        let offset = sign * 14.0 * (i as f64 - (of - 1) as f64 / 2.0);
        let (cx, cy) = (
            (a.0 + b.0) / 2.0 - dy / len * offset,
            (a.1 + b.1) / 2.0 + dx / len * offset,
        );
        format!(
            "M{} {}Q{} {} {} {}",
            f1(a.0),
            f1(a.1),
            f1(cx),
            f1(cy),
            f1(b.0),
            f1(b.1)
        )
    }

    fn radius(&self, n: &Node) -> f64 {
        4.0 + 14.0 * (n.row.mentions as f64 / self.max_mentions as f64).sqrt()
    }

    /// What the picture leaves out, if anything.
    fn note(&self, connected: usize, edges: usize) -> Markup {
        html! {
            @if connected > self.nodes.len() || edges > self.edges.len() {
                p.note {
                    "The picture shows the " (num(self.nodes.len())) " busiest of " (num(connected))
                    " connected entities and " (num(self.edges.len())) " of " (num(edges))
                    " edges (the heaviest between them); all are in nodes.csv and edges.csv."
                }
            } @else if self.nodes.is_empty() {
                p.note { "No relation was found: there is no network to draw." }
            }
        }
    }

    /// The labels drawn: the most mentioned nodes first, each where no
    /// label drawn before it is, up to [`LABELLED`].
    fn labels(&self, nodes: &[Node]) -> Vec<Label> {
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&nodes[self.nodes[a].0], &nodes[self.nodes[b].0]);
            (b.row.mentions, b.degree).cmp(&(a.row.mentions, a.degree))
        });
        let mut boxes: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut placed = Vec::new();
        for k in order {
            if placed.len() == LABELLED {
                break;
            }
            let (i, x, y) = self.nodes[k];
            let n = &nodes[i];
            let text = short(n.row.name, LABEL_CHARS);
            // About 7 units a character at the labels' size. Centred over
            // the node, or ending (starting) at it near the right (left)
            // edge of the picture, so that it stays inside.
            let width = 7.0 * text.chars().count() as f64 + 4.0;
            let (anchor, left) = if x + width / 2.0 > WIDTH {
                ("end", x - width)
            } else if x - width / 2.0 < 0.0 {
                ("start", x)
            } else {
                ("middle", x - width / 2.0)
            };
            let y = y - self.radius(n) - 3.0;
            let b = (left, y - 11.0, left + width, y + 2.0);
            if boxes
                .iter()
                .any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3)
            {
                continue;
            }
            boxes.push(b);
            placed.push((k, Label { text, x, y, anchor }));
        }
        placed.sort_by_key(|p| p.0);
        placed.into_iter().map(|(_, l)| l).collect()
    }

    /// A line's width for an edge stated in `weight` documents: from 1.2
    /// for one to 6 for the heaviest drawn.
    fn thickness(&self, weight: u64) -> f64 {
        let heaviest = (self.max_weight as f64).ln().max(2.0);
        1.2 + 4.8 * (weight as f64).ln() / heaviest
    }

    fn svg(&self, nodes: &[Node]) -> Markup {
        let labels = self.labels(nodes);
        let view = format!("0 0 {WIDTH} {HEIGHT}");
        // Many edges are drawn fainter, so that the nodes still show.
        let dense = self.edges.len() > 300;
        html! {
            svg #net.dense[dense] viewBox=(view) role="img" aria-label="The network of entities and their relations" {
                g #view {
                    g.edges {
                        @for (k, (e, s, t)) in self.edges.iter().enumerate() {
                            @let (s, t) = (&self.nodes[*s], &self.nodes[*t]);
                            path.(format!("g-{}", e.group)) d=(self.path(k, (s.1, s.2), (t.1, t.2)))
                                stroke-width=(f1(self.thickness(e.row.weight)))
                                data-group=(e.group) data-row=(format!("e{}", e.row.number)) {
                                title {
                                    (nodes[s.0].row.name) " — " (e.row.label) " — " (nodes[t.0].row.name)
                                    " (" (plural(e.row.weight, "document")) ")"
                                }
                            }
                        }
                    }
                    g.nodes {
                        @for &(i, x, y) in &self.nodes {
                            @let n = &nodes[i];
                            circle.(format!("t-{}", n.row.etype)) cx=(f1(x)) cy=(f1(y))
                                r=(f1(self.radius(n))) data-id=(n.row.id) data-name=(n.row.name)
                                data-type=(n.row.etype) data-mentions=(n.row.mentions) {
                                title { (n.row.name) " (" (n.row.etype) "): " (plural(n.row.mentions, "mention")) ", " (plural(n.edges, "edge")) }
                            }
                        }
                    }
                    g.labels {
                        @for l in &labels {
                            text x=(f1(l.x)) y=(f1(l.y)) text-anchor=(l.anchor) { (l.text) }
                        }
                    }
                }
            }
        }
    }
}

/// A count with its thousands separated: `116,891`.
fn num(n: impl std::fmt::Display) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `1 edge`, `2 edges`.
fn plural(n: u64, word: &str) -> String {
    match n {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

/// A number with one decimal, as SVG coordinates are written.
fn f1(v: f64) -> String {
    format!("{v:.1}")
}

fn edge_row(e: &Edge, names: &FxHashMap<&str, &str>, ev: Option<&EdgeEvidence>) -> Markup {
    let r = &e.row;
    let source = names.get(r.source).copied().unwrap_or(r.source);
    let target = names.get(r.target).copied().unwrap_or(r.target);
    let arrow = if r.is_directed() { "→\u{a0}" } else { "" };
    let rest = ev.map_or(0, |ev| ev.statements.saturating_sub(ev.shown.len() as u64));
    html! {
        tr id=(format!("e{}", r.number)) data-group=(e.group) data-source=(r.source) data-target=(r.target)
            data-relation=(r.relation) data-kind=(r.kind.unwrap_or("")) data-weight=(r.weight)
            data-first=(r.first_date.unwrap_or("")) data-last=(r.last_date.unwrap_or(""))
            data-source-name=(source) data-target-name=(target)
            data-names=(format!("{source} {target}").to_lowercase()) {
            td { span.chip.(format!("g-{}", e.group)) { (r.label) } }
            td { (source) br; small { (r.source) } }
            td { (arrow) (target) br; small { (r.target) } }
            td.num { (r.weight) }
            td.date { (r.first_date.unwrap_or("")) }
            td.date { (r.last_date.unwrap_or("")) }
            td.ev {
                @if let Some(ev) = ev {
                    ul {
                        @for s in &ev.shown {
                            li {
                                span.src { (s.doc()) @if let Some(d) = s.date() { " · " (d) } }
                                " " (s.before()) mark { (s.trigger()) } (s.after())
                            }
                        }
                    }
                    @if rest > 0 {
                        p.more { "and " (rest) " more sentence" @if rest > 1 { "s" } " in relations.csv" }
                    }
                }
            }
        }
    }
}

fn months_chart(c: &Collector) -> Markup {
    let (Some(first), Some(last)) = (c.months.keys().next(), c.months.keys().next_back()) else {
        return html! { p.note { "No meeting or call in these documents has a date." } };
    };
    // Every month from the first to the last, empty ones too.
    let mut all: Vec<(String, [u64; 2])> = Vec::new();
    let (mut y, mut m) = year_month(first);
    let end = year_month(last);
    while (y, m) <= end && all.len() < 600 {
        let key = format!("{y:04}-{m:02}");
        all.push((key.clone(), c.months.get(&key).copied().unwrap_or_default()));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let max = all
        .iter()
        .map(|(_, v)| v[0] + v[1])
        .max()
        .unwrap_or(1)
        .max(1);
    let (w, h, left, bottom) = (1000.0, 220.0, 40.0, 40.0);
    let step = (w - left - 10.0) / all.len() as f64;
    let bar = (step * 0.8).clamp(1.0, 36.0);
    let scale = (h - bottom - 20.0) / max as f64;
    let every = all.len().div_ceil(24).max(1);
    let view = format!("0 0 {w} {h}");
    html! {
        svg.chart viewBox=(view) role="img" aria-label="Meetings and calls per month" {
            line.axis x1=(left) y1=(f1(h - bottom)) x2=(w - 10.0) y2=(f1(h - bottom)) {}
            text.tick x=(left - 6.0) y=(f1(h - bottom - max as f64 * scale + 4.0)) text-anchor="end" { (max) }
            text.tick x=(left - 6.0) y=(f1(h - bottom + 4.0)) text-anchor="end" { "0" }
            @for (i, (key, v)) in all.iter().enumerate() {
                @let x = left + i as f64 * step + (step - bar) / 2.0;
                @let meet = v[0] as f64 * scale;
                @let call = v[1] as f64 * scale;
                g {
                    title { (key) ": " (v[0]) " meetings, " (v[1]) " calls" }
                    @if v[0] > 0 {
                        rect.g-MEET x=(f1(x)) y=(f1(h - bottom - meet)) width=(f1(bar)) height=(f1(meet)) {}
                    }
                    @if v[1] > 0 {
                        rect.g-CALL x=(f1(x)) y=(f1(h - bottom - meet - call)) width=(f1(bar)) height=(f1(call)) {}
                    }
                    @if bar >= 14.0 && v[0] + v[1] > 0 {
                        text.tick x=(f1(x + bar / 2.0)) y=(f1(h - bottom - meet - call - 4.0)) text-anchor="middle" { (v[0] + v[1]) }
                    }
                }
                @if i % every == 0 {
                    text.tick x=(f1(x + bar / 2.0)) y=(f1(h - bottom + 16.0)) text-anchor="middle" { (key) }
                }
            }
        }
        p.legend {
            span.swatch.g-MEET {} "meetings " span.swatch.g-CALL {} "calls"
            " (each counted once per document that reports it)"
            @if c.undated != [0, 0] {
                "; without a date: " (c.undated[0]) " meetings, " (c.undated[1]) " calls"
            }
        }
    }
}

fn year_month(key: &str) -> (u32, u32) {
    let y = key[..4].parse().unwrap_or(0);
    let m = key[5..7].parse().unwrap_or(1);
    (y, m)
}

fn run_summary(c: &Collector, nodes: &[Node]) -> Markup {
    let mut by_type: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for n in nodes.iter().filter(|n| n.row.mentions > 0) {
        let t = by_type.entry(n.row.etype).or_default();
        t.0 += 1;
        t.1 += n.row.mentions;
    }
    let top = |etype: &str| {
        let mut of: Vec<&Node> = nodes
            .iter()
            .filter(|n| n.row.etype == etype && n.row.mentions > 0)
            .collect();
        of.sort_by_key(|n| std::cmp::Reverse((n.row.mentions, n.degree)));
        of.truncate(TOP);
        of
    };
    html! {
        div.cards {
            div.card { b { (num(c.read)) } " documents read" @if c.warnings > 0 { " (" (num(c.warnings)) " with a warning)" } }
            div.card { b { (num(c.skipped)) } " skipped" }
            div.card { b { (num(c.failed)) } " failed" }
        }
        @if !c.not_read.is_empty() {
            h3 { "Not read" }
            ul.reasons {
                @for n in &c.not_read { li { code { (n.doc) } " " (n.status) ": " (n.reason) } }
            }
            @if c.skipped + c.failed > c.not_read.len() as u64 {
                p.more { "and " (c.skipped + c.failed - c.not_read.len() as u64) " more: see documents.csv" }
            }
        }
        h3 { "Entities by type" }
        table #types {
            thead { tr { th { "Type" } th.num { "Entities" } th.num { "Mentions" } } }
            tbody {
                @for (t, (count, mentions)) in &by_type {
                    tr data-type=(t) data-count=(count) { td { span.dot.(format!("t-{t}")) {} (t) } td.num { (num(*count)) } td.num { (num(*mentions)) } }
                }
            }
        }
        div.tops {
            @for (etype, title) in [("PERSON", "Top people"), ("COUNTRY", "Top countries"), ("ORG", "Top organisations")] {
                div {
                    h3 { (title) }
                    ol {
                        @for n in top(etype) {
                            li { (n.row.name) " " small { (plural(n.row.mentions, "mention")) ", " (plural(n.edges, "edge")) } }
                        }
                    }
                }
            }
        }
    }
}

/// The page's style.
const CSS: &str = include_str!("report/report.css");

/// The page's script: pan and zoom, the relation filter, sorting,
/// search, and the edges of a node clicked. The page shows everything
/// without it.
const SCRIPT: &str = include_str!("report/report.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_pieces() {
        for (raw, line) in [
            ("a  b", "a b"),
            (" a", " a"),
            ("a ", "a "),
            ("", ""),
            (" ", " "),
            ("\t\n ", " "),
            ("a\u{a0}\u{2003}b\nc", "a b c"),
            ("Ilham  Aliyev\n\nmet", "Ilham Aliyev met"),
        ] {
            let mut out = String::new();
            push_one_line(&mut out, raw);
            assert_eq!(out, line, "{raw:?}");
        }
    }

    #[test]
    fn month_of_a_date() {
        assert_eq!(month("2024-05-02"), Some("2024-05"));
        assert_eq!(month("2024-05"), Some("2024-05"));
        assert_eq!(month("2024"), None);
        assert_eq!(month("20x4-05-02"), None);
    }

    #[test]
    fn one_line_keeps_the_spaces_at_the_ends() {
        let one_line = |s: &str| {
            let mut out = String::new();
            push_one_line(&mut out, s);
            out
        };
        assert_eq!(one_line("a \n b "), "a b ");
        assert_eq!(one_line(" met"), " met");
        assert_eq!(one_line(""), "");
    }

    #[test]
    fn a_long_sentence_is_cut_around_its_trigger() {
        let text = format!("{} met {}", "x".repeat(1000), "y".repeat(1000));
        let t = text.find(" met").unwrap() + 1;
        let e = cut(&text, (0, text.len()), (t, t + 3), "d", None);
        assert_eq!((e.doc(), e.date(), e.trigger()), ("d", None, "met"));
        assert!(e.before().starts_with("… ") && e.after().ends_with(" …"));
        assert!(e.before().len() + e.after().len() <= EVIDENCE_BYTES + 12);
    }

    #[test]
    fn a_cut_never_splits_a_character() {
        let text = format!("{} met {}", "ə".repeat(500), "ə".repeat(500));
        let t = text.find(" met").unwrap() + 1;
        let e = cut(&text, (0, text.len()), (t, t + 3), "d", Some("2024-01-01"));
        assert_eq!((e.trigger(), e.date()), ("met", Some("2024-01-01")));
        assert!(e.before().starts_with("… ə") && e.after().starts_with(" ə"));
    }

    #[test]
    fn counts_have_their_thousands_separated() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1000), "1,000");
        assert_eq!(num(116_891), "116,891");
        assert_eq!(num(1_234_567), "1,234,567");
    }

    #[test]
    fn long_names_are_cut_in_labels() {
        assert_eq!(short("Azerbaijan", 32), "Azerbaijan");
        assert_eq!(short("Conference of Presidents", 13), "Conference of…");
        assert_eq!(short("Məclis", 2), "Mə…");
    }

    #[test]
    fn groups_are_safe_class_names() {
        let row = |relation, kind| EdgeRow {
            source: "a",
            target: "b",
            direction: crate::graph::Direction::Undirected,
            weight: 1,
            label: "x",
            relation,
            kind,
            documents: 1,
            first_date: None,
            last_date: None,
            number: 0,
        };
        assert_eq!(group(&row("MEET", None)), "MEET");
        assert_eq!(
            group(&row("COUNTRY_RELATION", Some("conflict"))),
            "conflict"
        );
        assert_eq!(group(&row("COUNTRY_RELATION", Some("a\"<b c"))), "abc");
        assert_eq!(group(&row("COUNTRY_RELATION", None)), "related");
    }
}
