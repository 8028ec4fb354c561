"""Faces of the queries about what is loaded: counts, documents, one document's facts."""

from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import Any

from graph.schema import DOCUMENT_LABEL, MENTIONED_IN, document_node_id
from queries.index import EmbeddedIndex
from queries.rows import Params, Row, evidence_of, label_of, name_of, order


def stats(index: EmbeddedIndex, p: Params) -> list[Row]:
    return [dict(row) for row in index.derived("stats", lambda: _stats_rows(index))]


def _stats_rows(index: EmbeddedIndex) -> list[Row]:
    g = index.graph
    labels = Counter(label for _, label in g.nodes(data="label"))
    # Each relationship once, as a key in its source's adjacency. The plain dicts under
    # the graph's views (networkx's documented data structure) are iterated in C.
    adjacency = g._succ.values()
    types = Counter(chain.from_iterable(chain.from_iterable(map(dict.values, adjacency))))
    rows = [{"kind": "label", "name": k, "count": v} for k, v in labels.items()]
    rows += [{"kind": "type", "name": k, "count": v} for k, v in types.items()]
    rows += [
        {"kind": "total", "name": "nodes", "count": g.number_of_nodes()},
        {"kind": "total", "name": "edges", "count": g.number_of_edges()},
        {"kind": "total", "name": "documents", "count": labels.get(DOCUMENT_LABEL, 0)},
    ]
    return order(rows, "kind", "name")


def _document_rows(index: EmbeddedIndex) -> list[Row]:
    g = index.graph
    rows = [
        {
            "id": data["doc_id"],
            "path": data.get("path"),
            "title": data.get("title"),
            "date": data.get("date"),
            "outlet": data.get("outlet"),
            # Only MENTIONED_IN edges, one per entity, end at a Document.
            "entities": len(g.pred[n]),
            "facts": data.get("fact_count"),
        }
        for n, data in g.nodes(data=True)
        if data["label"] == DOCUMENT_LABEL
    ]
    return order(rows, ("date", True), "id")


def documents(index: EmbeddedIndex, p: Params) -> list[Row]:
    rows = index.derived("documents", lambda: _document_rows(index))
    start = p["offset"]
    return [dict(row) for row in rows[start : start + p["limit"]]]


def document_facts(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    doc_id = p["doc_id"]
    doc_node = document_node_id(doc_id)
    data = g.nodes.get(doc_node)
    if data is None or data.get("label") != DOCUMENT_LABEL:
        return []
    mentioned = sorted(u for u, kinds in g.pred[doc_node].items() if MENTIONED_IN in kinds)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for kind, source, target in index.edges_of(doc_id):
        record = g.succ[source].get(target, {}).get(kind) if source in g else None
        if record is not None and doc_id in record.get("sources", ()):
            edges[(kind, source, target)] = record
    return [
        {
            "id": doc_id,
            "title": data.get("title"),
            "date": data.get("date"),
            "outlet": data.get("outlet"),
            "nodes": [{"id": n, "label": label_of(g, n), "name": name_of(g, n)} for n in mentioned],
            "edges": [
                {
                    "type": kind,
                    "source": source,
                    "source_name": name_of(g, source),
                    "target": target,
                    "target_name": name_of(g, target),
                    "inferred": bool(record.get("inferred", False)),
                    "evidence": [e["sentence"] for e in evidence_of(record) if e["doc"] == doc_id],
                }
                for (kind, source, target), record in sorted(edges.items())
            ],
        }
    ]
