"""What one document contributes to the graph, as store-ready records."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from graph.merge import (
    document_record,
    edge_contribution,
    fold,
    merge_edge,
    merge_node,
    node_contribution,
)
from graph.model import DocumentFacts, edge_key
from graph.schema import MENTIONED_IN, document_node_id

EdgeKey = tuple[str, str, str]


@dataclass(slots=True)
class Contribution:
    doc_id: str
    checksum: str
    document: dict[str, Any]
    nodes: dict[str, dict[str, Any]]
    edges: dict[EdgeKey, dict[str, Any]]
    mentions: dict[str, int]

    def mention_edges(self) -> list[dict[str, Any]]:
        target = document_node_id(self.doc_id)
        return [
            {"type": MENTIONED_IN, "source": node, "target": target, "count": count}
            for node, count in sorted(self.mentions.items())
        ]


def contribution_of(facts: DocumentFacts) -> Contribution:
    """Fold a document's facts into one record per node and per edge."""
    doc = facts.document
    nodes: dict[str, dict[str, Any]] = {}
    mentions: dict[str, int] = {}
    for node in facts.nodes:
        record = node_contribution(doc, node)
        nodes[node.id] = merge_node(nodes[node.id], record) if node.id in nodes else record
        mentions[node.id] = mentions.get(node.id, 0) + max(1, node.mentions)
    edges: dict[EdgeKey, dict[str, Any]] = {}
    for edge in facts.edges:
        key = edge_key(edge.type, edge.source, edge.target)
        record = edge_contribution(doc, edge)
        edges[key] = merge_edge(edges[key], record) if key in edges else record
    return Contribution(
        doc_id=doc.id,
        checksum=doc.checksum or "",
        document=document_record(doc),
        nodes=nodes,
        edges=edges,
        mentions=mentions,
    )


def rebuild_node(node_id: str, contributions: Iterable[Contribution]) -> dict[str, Any] | None:
    return fold((c.nodes[node_id] for c in contributions if node_id in c.nodes), merge_node)


def rebuild_edge(key: EdgeKey, contributions: Iterable[Contribution]) -> dict[str, Any] | None:
    return fold((c.edges[key] for c in contributions if key in c.edges), merge_edge)


@dataclass(slots=True)
class RetractPlan:
    """New records for what a retraction touches; None means delete."""

    nodes: dict[str, dict[str, Any] | None]
    edges: dict[EdgeKey, dict[str, Any] | None]


def plan_retract(
    c: Contribution,
    current_nodes: dict[str, dict[str, Any]],
    current_edges: dict[EdgeKey, dict[str, Any]],
    fetch: Callable[[list[str]], list[DocumentFacts]],
) -> RetractPlan:
    """Rebuild everything the document touched from the documents that remain.

    Only the other sources of the touched nodes and edges are read, so the cost
    follows what the document shares with others, not the size of the graph.
    """
    needed: set[str] = set()
    for record in (*current_nodes.values(), *current_edges.values()):
        needed.update(record.get("sources", []))
    needed.discard(c.doc_id)
    remaining = [contribution_of(f) for f in fetch(sorted(needed)) if f.document.id != c.doc_id]
    return RetractPlan(
        nodes={n: rebuild_node(n, remaining) for n in c.nodes if n in current_nodes},
        edges={k: rebuild_edge(k, remaining) for k in c.edges if k in current_edges},
    )
