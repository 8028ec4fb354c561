"""What one document contributes to the graph, as store-ready records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
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


@dataclass(slots=True)
class RetractPlan:
    """New records for what a retraction touches; None means delete."""

    nodes: dict[str, dict[str, Any] | None]
    edges: dict[EdgeKey, dict[str, Any] | None]


def plan_retract(
    retracted: Contribution | Sequence[Contribution],
    current_nodes: dict[str, dict[str, Any]],
    current_edges: dict[EdgeKey, dict[str, Any]],
    fetch: Callable[[list[str]], list[DocumentFacts]],
) -> RetractPlan:
    """Rebuild everything the documents touched from the documents that remain.

    Only the other sources of the touched nodes and edges are read, each once however
    many of the retracted documents share it, so the cost follows what the documents
    share with others, not the size of the graph nor their number squared.
    """
    batch = [retracted] if isinstance(retracted, Contribution) else list(retracted)
    gone = {c.doc_id for c in batch}
    needed: set[str] = set()
    for record in (*current_nodes.values(), *current_edges.values()):
        needed.update(record.get("sources", []))
    needed -= gone
    node_parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    edge_parts: dict[EdgeKey, list[dict[str, Any]]] = defaultdict(list)
    # Folded in document-id order, as a rebuild from scratch would (noisy-or rounds).
    for facts in fetch(sorted(needed)):
        if facts.document.id in gone:
            continue
        c = contribution_of(facts)
        for node_id in c.nodes.keys() & current_nodes.keys():
            node_parts[node_id].append(c.nodes[node_id])
        for key in c.edges.keys() & current_edges.keys():
            edge_parts[key].append(c.edges[key])
    touched_nodes = {n for c in batch for n in c.nodes if n in current_nodes}
    touched_edges = {k for c in batch for k in c.edges if k in current_edges}
    return RetractPlan(
        nodes={n: fold(node_parts.get(n, ()), merge_node) for n in sorted(touched_nodes)},
        edges={k: fold(edge_parts.get(k, ()), merge_edge) for k in sorted(touched_edges)},
    )
