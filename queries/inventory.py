"""Faces of the queries about what is loaded: counts, documents, one document's facts."""

from __future__ import annotations

from typing import Any

from graph.schema import DOCUMENT_LABEL, document_node_id
from queries.index import EmbeddedIndex
from queries.rows import Params, Row, evidence_of, label_of, name_of, order


def stats(index: EmbeddedIndex, p: Params) -> list[Row]:
    return [dict(row) for row in index.derived("stats", lambda: _stats_rows(index))]


def _stats_rows(index: EmbeddedIndex) -> list[Row]:
    # Counts the store keeps with every write: no scan.
    found = index.graph.counts()
    labels, types = found["label"], found["type"]
    rows = [{"kind": "label", "name": k, "count": v} for k, v in labels.items()]
    rows += [{"kind": "type", "name": k, "count": v} for k, v in types.items()]
    rows += [
        {"kind": "total", "name": "nodes", "count": sum(labels.values())},
        {"kind": "total", "name": "edges", "count": sum(types.values())},
        {"kind": "total", "name": "documents", "count": labels.get(DOCUMENT_LABEL, 0)},
    ]
    return order(rows, "kind", "name")


def _document_rows(index: EmbeddedIndex) -> list[Row]:
    entities = index.graph.entities_per_document()
    rows = [
        {
            "id": data["doc_id"],
            "path": data.get("path"),
            "title": data.get("title"),
            "date": data.get("date"),
            "outlet": data.get("outlet"),
            "entities": entities.get(data["doc_id"], 0),
            "facts": data.get("fact_count"),
        }
        for _, data in index.graph.labelled([DOCUMENT_LABEL])
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
    mentioned = g.mentioned_in(doc_id)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for kind, source, target in index.edges_of(doc_id):
        record = g.edge(source, target, kind)
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
