"""The face of central_actors: degree centrality on the organisation graph (networkx)."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from graph.stores.graph_view import StoredGraph
from queries.index import EmbeddedIndex
from queries.rows import ORGS, Params, Row, label_of, name_of, order

if TYPE_CHECKING:
    import networkx as nx


def organisation_graph(g: StoredGraph) -> nx.MultiGraph:
    """The organisations and the fact relationships between two of them, undirected.

    One edge per relationship, so a node's degree is its number of such
    relationships, as on the MultiDiGraph itself (in plus out).
    """
    import networkx as nx  # here: a whole-graph question, and networkx is slow to import

    h = nx.MultiGraph()
    h.add_nodes_from(n for n, _ in g.labelled(ORGS))
    # A join on the tables: a ministry has thousands of neighbours, few of them
    # organisations.
    h.add_edges_from(g.between(ORGS))
    return h


def _central_rows(index: EmbeddedIndex) -> list[Row]:
    """Every organisation with its degree centrality, highest first."""
    import networkx as nx

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
