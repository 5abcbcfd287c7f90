//! Graph aggregation: every document's analysis in, one node per entity and
//! one edge per related pair out, over the whole run.
//!
//! Goes in: each document's [`Analysis`], once, in input order (the same
//! results [`crate::write`] writes row by row), or, for `dyad merge`, the
//! node and edge totals of other runs' graphs ([`Graph::merge_node`],
//! [`Graph::merge_edge`]). Comes out: [`NodeRow`]s and
//! [`EdgeRow`]s in a fixed order, for `entities.csv`, `nodes.csv`,
//! `edges.csv` and `graph.graphml`.
//!
//! MEET, CALL and COUNTRY_RELATION are undirected: the pair is normalised so
//! that the smaller id is the source, and one edge stands for the pair, the
//! relation and its kind (a cooperation and a conflict between the same two
//! countries are two edges, so neither hides the other). VISIT (person →
//! country) keeps its direction. An edge's weight is the number of documents
//! that state it. Only these totals are held, keyed by entity and by edge, so
//! memory grows with the graph, never with the number of documents.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::gazetteer::EntityType;
use crate::pipeline::Analysis;
use crate::relations::{Relation, RelationType};
use crate::resolve::DocEntity;

/// The column names of `nodes.csv` and `edges.csv`: the graph tool they are
/// for. The columns and values are the same in every dialect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dialect {
    /// Gephi's Data Laboratory spreadsheet import (`Id`, `Label`; `Source`,
    /// `Target`, `Type`, `Weight`, `Label`); pandas, networkx and
    /// spreadsheets read it as plain CSV.
    #[default]
    Gephi,
    /// `neo4j-admin database import` headers (`id:ID`, `:LABEL`,
    /// `:START_ID`, `:END_ID`, `:TYPE`, typed properties).
    Neo4j,
}

// One line per tool, so that the columns can be read against each other.
#[rustfmt::skip]
pub const GEPHI_NODES_HEADER: &[&str] = &["Id", "Label", "type", "country", "mentions", "documents"];
#[rustfmt::skip]
pub const NEO4J_NODES_HEADER: &[&str] = &["id:ID", "name", ":LABEL", "country", "mentions:int", "documents:int"];
#[rustfmt::skip]
pub const GEPHI_EDGES_HEADER: &[&str] = &["Source", "Target", "Type", "Weight", "Label", "relation", "kind",
    "documents", "first_date", "last_date"];
#[rustfmt::skip]
pub const NEO4J_EDGES_HEADER: &[&str] = &[":START_ID", ":END_ID", "direction", "weight:int", "label", ":TYPE", "kind",
    "documents:int", "first_date:date", "last_date:date"];

impl Dialect {
    pub fn nodes_header(self) -> &'static [&'static str] {
        match self {
            Dialect::Gephi => GEPHI_NODES_HEADER,
            Dialect::Neo4j => NEO4J_NODES_HEADER,
        }
    }

    pub fn edges_header(self) -> &'static [&'static str] {
        match self {
            Dialect::Gephi => GEPHI_EDGES_HEADER,
            Dialect::Neo4j => NEO4J_EDGES_HEADER,
        }
    }
}

/// One node: an entity with its totals over the run. The field names are
/// the columns of `entities.csv` and the keys of the JSON Lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(rename = "type")]
    pub etype: &'a str,
    pub country: Option<&'a str>,
    pub mentions: u64,
    pub documents: u64,
}

/// Whether an edge has a direction, spelled as Gephi's `Type` column wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Direction {
    Directed,
    Undirected,
}

/// One edge: a pair, a relation and its kind, with totals over the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdgeRow<'a> {
    pub source: &'a str,
    pub target: &'a str,
    #[serde(rename = "type")]
    pub direction: Direction,
    pub weight: u64,
    pub label: &'a str,
    pub relation: &'static str,
    pub kind: Option<&'a str>,
    pub documents: u64,
    pub first_date: Option<&'a str>,
    pub last_date: Option<&'a str>,
    /// The edge's number: the order it was first stated in, as
    /// [`Graph::piece_edges`] gives it (not a column).
    #[serde(skip)]
    pub number: u32,
}

impl EdgeRow<'_> {
    pub fn is_directed(&self) -> bool {
        self.direction == Direction::Directed
    }
}

#[derive(Debug)]
struct NodeTotals {
    id: String,
    name: String,
    etype: &'static str,
    country: Option<String>,
    mentions: u64,
    documents: u64,
    /// The number of the last document counted.
    last_doc: u64,
}

/// An edge by its relation, kind and ends, each as a number: looking an
/// edge up copies no string. The output sorts by the strings themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct EdgeKey {
    relation: RelationType,
    /// Index in `Graph::kinds`.
    kind: u32,
    /// Indexes in `Graph::nodes`.
    source: u32,
    target: u32,
}

#[derive(Debug, Default)]
struct EdgeTotals {
    /// Edges are numbered from 0 as they are first stated.
    number: u32,
    documents: u64,
    /// The number of the last document counted, so that a document stating
    /// the same edge in several sentences counts once.
    last_doc: u64,
    first_date: Option<String>,
    last_date: Option<String>,
}

/// The run's graph so far.
#[derive(Debug, Default)]
pub struct Graph {
    nodes: Vec<NodeTotals>,
    /// Entity id → index in `nodes`.
    node_index: FxHashMap<String, u32>,
    /// Relation kinds (`cooperation`, ...; empty for events).
    kinds: Vec<String>,
    edges: FxHashMap<EdgeKey, EdgeTotals>,
    /// Documents added so far; numbers them from 1.
    docs: u64,
    /// The number of the edge of each relation of the piece added last.
    piece_edges: Vec<u32>,
}

/// Only visits have a direction: a meeting, a call or a relation between two
/// countries reads the same from either side.
pub fn is_directed(relation: RelationType) -> bool {
    relation == RelationType::Visit
}

impl Graph {
    /// Adds one document's entities and relations.
    pub fn add(&mut self, a: &Analysis) {
        self.start_document();
        self.add_piece(a);
    }

    /// Starts counting a new document, whose pieces follow.
    pub fn start_document(&mut self) {
        self.docs += 1;
    }

    /// Adds the entities and relations of one piece of the current document.
    pub fn add_piece(&mut self, a: &Analysis) {
        // The node of each entity of the piece, looked up by its id once.
        let mut nodes = vec![None; a.entities.len()];
        self.add_mentions(a, &mut nodes);
        self.piece_edges.clear();
        for r in &a.relations {
            let edge = self.add_relation(&a.entities, r, &mut nodes);
            self.piece_edges.push(edge);
        }
    }

    /// The number of the edge each relation of the piece added last
    /// counts for, in the order of its relations (see [`EdgeRow::number`]).
    pub fn piece_edges(&self) -> &[u32] {
        &self.piece_edges
    }

    /// The number of documents added so far: the current document's.
    pub fn document_number(&self) -> u64 {
        self.docs
    }

    /// The node of entity `e` of a piece, `nodes` holding those found.
    fn piece_node(&mut self, entities: &[DocEntity], e: usize, nodes: &mut [Option<u32>]) -> u32 {
        match nodes[e] {
            Some(i) => i,
            None => {
                let i = self.node(&entities[e]);
                nodes[e] = Some(i);
                i
            }
        }
    }

    fn add_mentions(&mut self, a: &Analysis, nodes: &mut [Option<u32>]) {
        let mut counts = vec![0u64; a.entities.len()];
        for m in &a.mentions {
            counts[m.entity] += 1;
        }
        let doc = self.docs;
        for (e, n) in counts.into_iter().enumerate() {
            if n > 0 {
                let i = self.piece_node(&a.entities, e, nodes);
                let t = &mut self.nodes[i as usize];
                t.mentions += n;
                // A document in several pieces counts once.
                if t.last_doc != doc {
                    t.last_doc = doc;
                    t.documents += 1;
                }
            }
        }
    }

    /// Counts a relation for its edge, and returns the edge's number.
    fn add_relation(
        &mut self,
        entities: &[DocEntity],
        r: &Relation,
        nodes: &mut [Option<u32>],
    ) -> u32 {
        let (s, t) = (&entities[r.source], &entities[r.target]);
        // Every end of an edge is a node, even in the unlikely case that the
        // document never mentions it.
        let si = self.piece_node(entities, r.source, nodes);
        let ti = self.piece_node(entities, r.target, nodes);
        let (source, target) = if !is_directed(r.relation) && t.id < s.id {
            (ti, si)
        } else {
            (si, ti)
        };
        let key = EdgeKey {
            relation: r.relation,
            kind: self.kind(&r.kind),
            source,
            target,
        };
        let doc = self.docs;
        let number = self.edges.len() as u32;
        let totals = self.edges.entry(key).or_insert_with(|| EdgeTotals {
            number,
            ..EdgeTotals::default()
        });
        if totals.last_doc != doc {
            totals.last_doc = doc;
            totals.documents += 1;
        }
        if let Some(date) = r.date.as_deref().filter(|d| !d.is_empty()) {
            widen(&mut totals.first_date, date, |new, old| new < old);
            widen(&mut totals.last_date, date, |new, old| new > old);
        }
        totals.number
    }

    /// The index of the node of `e`, added if new.
    fn node(&mut self, e: &DocEntity) -> u32 {
        if let Some(&i) = self.node_index.get(&*e.id) {
            return i;
        }
        let i = self.nodes.len() as u32;
        self.node_index.insert(e.id.to_string(), i);
        self.nodes.push(NodeTotals {
            id: e.id.to_string(),
            name: e.name.to_string(),
            etype: e.etype.as_str(),
            country: e
                .country
                .as_deref()
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            mentions: 0,
            documents: 0,
            last_doc: 0,
        });
        i
    }

    fn kind(&mut self, kind: &str) -> u32 {
        match self.kinds.iter().position(|k| k == kind) {
            Some(i) => i as u32,
            None => {
                self.kinds.push(kind.to_string());
                self.kinds.len() as u32 - 1
            }
        }
    }

    /// Every node, sorted by id.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRow<'_>> {
        let mut nodes: Vec<&NodeTotals> = self.nodes.iter().collect();
        nodes.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        nodes.into_iter().map(|t| NodeRow {
            id: &t.id,
            name: &t.name,
            etype: t.etype,
            country: t.country.as_deref(),
            mentions: t.mentions,
            documents: t.documents,
        })
    }

    /// Every edge, sorted by relation, kind, source and target.
    pub fn edges(&self) -> impl Iterator<Item = EdgeRow<'_>> {
        let id = |n: u32| self.nodes[n as usize].id.as_str();
        let kind = |k: &EdgeKey| self.kinds[k.kind as usize].as_str();
        let mut edges: Vec<(&EdgeKey, &EdgeTotals)> = self.edges.iter().collect();
        edges.sort_unstable_by(|(a, _), (b, _)| {
            (a.relation, kind(a), id(a.source), id(a.target)).cmp(&(
                b.relation,
                kind(b),
                id(b.source),
                id(b.target),
            ))
        });
        edges.into_iter().map(move |(k, t)| EdgeRow {
            source: id(k.source),
            target: id(k.target),
            direction: if is_directed(k.relation) {
                Direction::Directed
            } else {
                Direction::Undirected
            },
            weight: t.documents,
            label: edge_label(k.relation, kind(k)),
            relation: k.relation.as_str(),
            kind: Some(kind(k)).filter(|k| !k.is_empty()),
            documents: t.documents,
            first_date: t.first_date.as_deref(),
            last_date: t.last_date.as_deref(),
            number: t.number,
        })
    }

    /// Adds a node's totals from another run's graph ([`crate::merge`]):
    /// its mentions and documents are added to the node's; its name, type
    /// and country are taken when `attributes` says so, or when the node is
    /// new (a later call may then replace them).
    pub fn merge_node(&mut self, node: &NodeRow, attributes: bool) {
        let i = match self.node_index.get(node.id) {
            Some(&i) => i as usize,
            None => {
                self.node_index
                    .insert(node.id.to_string(), self.nodes.len() as u32);
                self.nodes.push(NodeTotals {
                    id: node.id.to_string(),
                    name: String::new(),
                    etype: "",
                    country: None,
                    mentions: 0,
                    documents: 0,
                    last_doc: 0,
                });
                self.set_attributes(self.nodes.len() - 1, node);
                self.nodes.len() - 1
            }
        };
        if attributes {
            self.set_attributes(i, node);
        }
        let t = &mut self.nodes[i];
        t.mentions += node.mentions;
        t.documents += node.documents;
    }

    fn set_attributes(&mut self, i: usize, node: &NodeRow) {
        let t = &mut self.nodes[i];
        t.name = node.name.to_string();
        t.etype = entity_type(node.etype).unwrap_or("");
        t.country = node.country.filter(|c| !c.is_empty()).map(str::to_string);
    }

    /// Adds an edge's totals from another run's graph ([`crate::merge`]):
    /// documents added, dates widened. Its ends must be nodes already;
    /// `false` when one is not.
    pub fn merge_edge(&mut self, relation: RelationType, edge: &EdgeRow) -> bool {
        let (Some(&source), Some(&target)) = (
            self.node_index.get(edge.source),
            self.node_index.get(edge.target),
        ) else {
            return false;
        };
        let key = EdgeKey {
            relation,
            kind: self.kind(edge.kind.unwrap_or("")),
            source,
            target,
        };
        let number = self.edges.len() as u32;
        let totals = self.edges.entry(key).or_insert_with(|| EdgeTotals {
            number,
            ..EdgeTotals::default()
        });
        totals.documents += edge.documents;
        if let Some(date) = edge.first_date.filter(|d| !d.is_empty()) {
            widen(&mut totals.first_date, date, |new, old| new < old);
        }
        if let Some(date) = edge.last_date.filter(|d| !d.is_empty()) {
            widen(&mut totals.last_date, date, |new, old| new > old);
        }
        true
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }
}

/// The type names of `entities.csv`, as the graph holds them.
pub fn entity_type(name: &str) -> Option<&'static str> {
    [EntityType::Person, EntityType::Country, EntityType::Org]
        .into_iter()
        .map(EntityType::as_str)
        .find(|t| *t == name)
}

/// A relation type by its name in `relations.csv` and `edges.csv`.
pub fn relation_type(name: &str) -> Option<RelationType> {
    [
        RelationType::Meet,
        RelationType::Call,
        RelationType::Visit,
        RelationType::CountryRelation,
    ]
    .into_iter()
    .find(|r| r.as_str() == name)
}

/// Replaces `slot` with `date` when it is empty or `better(date, current)`.
fn widen(slot: &mut Option<String>, date: &str, better: fn(&str, &str) -> bool) {
    if slot.as_deref().is_none_or(|old| better(date, old)) {
        *slot = Some(date.to_string());
    }
}

/// What a graph tool shows on the edge: a verb for events, the kind for
/// relations between countries.
fn edge_label(relation: RelationType, kind: &str) -> &str {
    match relation {
        RelationType::Meet => "met",
        RelationType::Call => "called",
        RelationType::Visit => "visited",
        RelationType::CountryRelation if kind.is_empty() => "related",
        RelationType::CountryRelation => kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{Mention, Method};

    fn entity(id: &str, etype: EntityType) -> DocEntity {
        DocEntity {
            id: id.into(),
            name: id.to_uppercase().into(),
            etype,
            country: None,
            roles: vec![],
            gazetteer: None,
        }
    }

    fn relation(relation: RelationType, source: usize, target: usize, date: &str) -> Relation {
        Relation {
            sentence: 0,
            relation,
            kind: if relation == RelationType::CountryRelation {
                "cooperation".into()
            } else {
                String::new()
            },
            source,
            target,
            trigger: (0, 1),
            date: Some(date.to_string()).filter(|d| !d.is_empty()),
        }
    }

    fn analysis(entities: Vec<DocEntity>, relations: Vec<Relation>) -> Analysis {
        let mentions = (0..entities.len())
            .map(|entity| Mention {
                sentence: 0,
                start: 0,
                end: 1,
                entity,
                method: Method::Gazetteer,
                country_hint: None,
                for_body: false,
            })
            .collect();
        Analysis {
            tokens: vec![],
            sentences: vec![],
            entities,
            mentions,
            places: vec![],
            relations,
        }
    }

    fn people() -> Vec<DocEntity> {
        vec![
            entity("person/b", EntityType::Person),
            entity("person/a", EntityType::Person),
            entity("AZE", EntityType::Country),
        ]
    }

    #[test]
    fn undirected_pairs_are_normalised_and_counted_once_per_document() {
        let mut g = Graph::default();
        // b met a twice in one document, a met b in another.
        g.add(&analysis(
            people(),
            vec![
                relation(RelationType::Meet, 0, 1, "2024-05-02"),
                relation(RelationType::Meet, 0, 1, ""),
            ],
        ));
        g.add(&analysis(
            people(),
            vec![relation(RelationType::Meet, 1, 0, "2023-01-09")],
        ));
        let edges: Vec<_> = g.edges().collect();
        assert_eq!(edges.len(), 1);
        let e = &edges[0];
        assert_eq!((e.source, e.target), ("person/a", "person/b"));
        assert_eq!((e.weight, e.documents), (2, 2));
        assert_eq!(e.first_date, Some("2023-01-09"));
        assert_eq!(e.last_date, Some("2024-05-02"));
        assert_eq!(
            (e.direction, e.label, e.kind),
            (Direction::Undirected, "met", None)
        );
    }

    #[test]
    fn visits_keep_their_direction_and_dates_may_be_missing() {
        let mut g = Graph::default();
        g.add(&analysis(
            people(),
            vec![relation(RelationType::Visit, 0, 2, "")],
        ));
        let e = g.edges().next().unwrap();
        assert_eq!((e.source, e.target), ("person/b", "AZE"));
        assert!(e.is_directed());
        assert_eq!((e.first_date, e.last_date), (None, None));
    }

    #[test]
    fn nodes_total_mentions_and_documents() {
        let mut g = Graph::default();
        g.add(&analysis(people(), vec![]));
        g.add(&analysis(people(), vec![]));
        let nodes: Vec<_> = g.nodes().collect();
        assert_eq!(
            nodes.iter().map(|n| n.id).collect::<Vec<_>>(),
            ["AZE", "person/a", "person/b"]
        );
        assert_eq!((nodes[0].mentions, nodes[0].documents), (2, 2));
        assert_eq!(nodes[0].etype, "COUNTRY");
    }

    #[test]
    fn dialects_have_as_many_columns_as_the_rows() {
        for d in [Dialect::Gephi, Dialect::Neo4j] {
            assert_eq!(d.nodes_header().len(), 6);
            assert_eq!(d.edges_header().len(), 10);
        }
    }
}
