#!/usr/bin/env python3
"""Checks a dyad output folder the way its users load it.

Usage: python3 tests/graph_check.py OUTPUT_FOLDER

Loads graph.graphml with networkx (nx.read_graphml) and nodes.csv / edges.csv
with the csv module, and asserts that they describe the same graph: the same
node ids, the same number of edges, the same weights, every edge end a node,
no duplicate edge, undirected pairs normalised, and edges that agree with
relations.csv. Exits non-zero with a message on the first failure; a missing
networkx is a failure too, so CI never passes without having looked.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

try:
    import networkx as nx
except ImportError:  # CI installs it; without it nothing was checked.
    sys.exit("graph_check: networkx is not installed (python3 -m pip install networkx)")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def edge_key(row):
    return (row["relation"], row["kind"], row["Source"], row["Target"])


def expected_edges(relations):
    """relations.csv aggregated as dyad documents it: one edge per pair (unordered
    unless VISIT), relation and kind; weight = documents; first/last date."""
    docs = defaultdict(set)
    dates = defaultdict(list)
    for r in relations:
        s, t = r["source"], r["target"]
        if r["relation"] != "VISIT" and t < s:
            s, t = t, s
        key = (r["relation"], r["kind"], s, t)
        docs[key].add(r["doc"])
        if r["date"]:
            dates[key].append(r["date"])
    return {
        k: (len(d), min(dates[k], default=""), max(dates[k], default=""))
        for k, d in docs.items()
    }


def check(out):
    nodes = read_csv(out / "nodes.csv")
    edges = read_csv(out / "edges.csv")
    relations = read_csv(out / "relations.csv")
    entities = read_csv(out / "entities.csv")

    node_ids = [n["Id"] for n in nodes]
    assert len(node_ids) == len(set(node_ids)), "duplicate node ids in nodes.csv"
    assert set(e["id"] for e in entities) <= set(node_ids), "an entity is not a node"
    keys = [edge_key(e) for e in edges]
    assert len(keys) == len(set(keys)), "duplicate edges in edges.csv"
    for e in edges:
        assert e["Source"] in node_ids and e["Target"] in node_ids, f"dangling edge {e}"
        directed = e["relation"] == "VISIT"
        assert e["Type"] == ("Directed" if directed else "Undirected"), e
        if not directed:
            assert e["Source"] <= e["Target"], f"undirected pair not normalised: {e}"
        assert e["Weight"] == e["documents"], e

    want = expected_edges(relations)
    got = {
        edge_key(e): (int(e["Weight"]), e["first_date"], e["last_date"]) for e in edges
    }
    assert got == want, f"edges.csv does not aggregate relations.csv:\n{got}\n{want}"

    g = nx.read_graphml(out / "graph.graphml")
    assert g.number_of_nodes() == len(nodes), (g.number_of_nodes(), len(nodes))
    assert g.number_of_edges() == len(edges), (g.number_of_edges(), len(edges))
    assert set(g.nodes) == set(node_ids), "graph.graphml and nodes.csv name other nodes"
    for n in nodes:
        attrs = g.nodes[n["Id"]]
        assert attrs["label"] == n["Label"] and attrs["mentions"] == int(n["mentions"]), n
    weights = sorted(d["weight"] for _, _, d in g.edges(data=True))
    assert weights == sorted(int(e["Weight"]) for e in edges), "weights differ"
    print(
        f"graph_check: {len(nodes)} nodes, {len(edges)} edges, "
        f"{len(relations)} relations: nodes.csv, edges.csv and graph.graphml agree"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        check(Path(sys.argv[1]))
    except AssertionError as e:
        sys.exit(f"graph_check: FAILED: {e}")
