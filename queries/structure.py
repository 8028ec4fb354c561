"""The face of central_actors: degree centrality on the organisation graph (networkx)."""

from __future__ import annotations

from itertools import islice

import networkx as nx

from graph.schema import MENTIONED_IN
from queries.index import EmbeddedIndex
from queries.rows import ORGS, Params, Row, label_of, name_of, order


def organisation_graph(g: nx.MultiDiGraph) -> nx.MultiGraph:
    """The organisations and the fact relationships between two of them, undirected.

    One edge per relationship, so a node's degree is its number of such
    relationships, as on the MultiDiGraph itself (in plus out).
    """
    orgs = [n for n, data in g.nodes(data=True) if data["label"] in ORGS]
    organisations = set(orgs)
    h = nx.MultiGraph()
    h.add_nodes_from(orgs)
    succ = g.succ
    h.add_edges_from(
        (u, v, kind)
        # The intersection runs in C: a ministry has thousands of neighbours, few of them
        # organisations.
        for u in orgs
        for v in organisations.intersection(succ[u])
        for kind in succ[u][v]
        if kind != MENTIONED_IN
    )
    return h


def _central_rows(index: EmbeddedIndex) -> list[Row]:
    """Every organisation with its degree centrality, highest first."""
    g = index.graph
    h = organisation_graph(g)
    degree = dict(h.degree())
    rows = [
        {
            "id": n,
            "name": name_of(g, n),
            "label": label_of(g, n),
            "degree": degree[n],
            "centrality": float(c),
        }
        for n, c in nx.degree_centrality(h).items()
    ]
    return order(rows, ("centrality", True), "name", "id")


def central_actors(index: EmbeddedIndex, p: Params) -> list[Row]:
    rows = index.derived("central_rows", lambda: _central_rows(index))
    label = p["label"]
    chosen = (row for row in rows if label is None or row["label"] == label)
    return [dict(row) for row in islice(chosen, p["top"])]
