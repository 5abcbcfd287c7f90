//! GraphML: the run's [`Graph`] in, `graph.graphml` out.
//!
//! Plain GraphML 1.0 with typed attribute keys, read by networkx
//! (`nx.read_graphml`), Gephi, Cytoscape and yEd. The graph is declared
//! undirected because networkx refuses a file that mixes `directed="true"`
//! edges into an undirected graph; a visit keeps its direction as source →
//! target and says so in its `directed` attribute. Attributes with no value
//! (a person with no known country, an edge with no date) are left out rather
//! than written empty, because an empty `int` does not parse.

use std::io::{self, Write};

use crate::graph::{EdgeRow, Graph, NodeRow};

/// The attribute keys of nodes and of edges: (attr.name, attr.type). A
/// key's id is its name with `n_` or `e_` before it.
#[rustfmt::skip]
const NODE_KEYS: &[(&str, &str)] = &[
    ("label", "string"), ("type", "string"), ("country", "string"),
    ("mentions", "int"), ("documents", "int"),
];
#[rustfmt::skip]
const EDGE_KEYS: &[(&str, &str)] = &[
    ("label", "string"), ("relation", "string"), ("kind", "string"), ("directed", "boolean"),
    ("weight", "int"), ("documents", "int"), ("first_date", "string"), ("last_date", "string"),
];

/// Writes the whole graph as GraphML.
pub fn write(graph: &Graph, w: &mut impl Write) -> io::Result<()> {
    w.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    let keys = [("node", NODE_KEYS), ("edge", EDGE_KEYS)];
    for (domain, list) in keys {
        for (name, kind) in list {
            let id = format!("{}_{name}", &domain[..1]);
            writeln!(
                w,
                "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
            )?;
        }
    }
    w.write_all(b"  <graph id=\"dyad\" edgedefault=\"undirected\">\n")?;
    for node in graph.nodes() {
        write_node(w, &node)?;
    }
    for (n, edge) in graph.edges().enumerate() {
        write_edge(w, n, &edge)?;
    }
    w.write_all(b"  </graph>\n</graphml>\n")
}

fn write_node(w: &mut impl Write, n: &NodeRow) -> io::Result<()> {
    writeln!(w, "    <node id=\"{}\">", escape(n.id))?;
    data(w, "n_label", Some(n.name))?;
    data(w, "n_type", Some(n.etype))?;
    data(w, "n_country", n.country)?;
    data(w, "n_mentions", Some(&n.mentions.to_string()))?;
    data(w, "n_documents", Some(&n.documents.to_string()))?;
    w.write_all(b"    </node>\n")
}

fn write_edge(w: &mut impl Write, n: usize, e: &EdgeRow) -> io::Result<()> {
    writeln!(
        w,
        "    <edge id=\"e{n}\" source=\"{}\" target=\"{}\">",
        escape(e.source),
        escape(e.target)
    )?;
    data(w, "e_label", Some(e.label))?;
    data(w, "e_relation", Some(e.relation))?;
    data(w, "e_kind", e.kind)?;
    data(w, "e_directed", Some(&e.is_directed().to_string()))?;
    data(w, "e_weight", Some(&e.weight.to_string()))?;
    data(w, "e_documents", Some(&e.documents.to_string()))?;
    data(w, "e_first_date", e.first_date)?;
    data(w, "e_last_date", e.last_date)?;
    w.write_all(b"    </edge>\n")
}

fn data(w: &mut impl Write, key: &str, value: Option<&str>) -> io::Result<()> {
    match value {
        Some(v) => writeln!(w, "      <data key=\"{key}\">{}</data>", escape(v)),
        None => Ok(()),
    }
}

/// Text safe in XML content and in double-quoted attributes. Characters XML
/// 1.0 does not allow at all (most C0 controls, U+FFFE, U+FFFF) are dropped:
/// no reader would accept the file otherwise.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            escape(r#"AT&T <"Q's"> Məclis"#),
            "AT&amp;T &lt;&quot;Q&apos;s&quot;&gt; Məclis"
        );
        assert_eq!(escape("a\u{1}b\u{FFFF}c\td"), "abc\td");
    }

    #[test]
    fn an_empty_graph_is_a_complete_document() {
        let mut out = Vec::new();
        write(&Graph::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("<?xml"));
        assert!(text.contains("<graph id=\"dyad\" edgedefault=\"undirected\">"));
        assert!(text.trim_end().ends_with("</graphml>"));
        assert_eq!(
            text.matches("<key ").count(),
            NODE_KEYS.len() + EDGE_KEYS.len()
        );
    }
}
