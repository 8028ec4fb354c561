"""The JSON export read back into the records the Neo4j store keeps.

Every export format is built from the JSON export (one source of truth). The
formats that rebuild a Neo4j database (the Cypher script, the neo4j-admin CSV
files) write what `graph.stores.neo4j` writes: node properties without the
label, and edge evidence as four flat arrays rather than a list of objects, so
the rebuilt database exports exactly as the original graph did.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from graph.errors import InvalidFactsError
from graph.schema import ALL_LABELS, ALL_TYPES

GraphJson = dict[str, list[dict[str, Any]]]

_EDGE_ENDS = ("type", "source", "target")


def check_graph(graph: GraphJson) -> None:
    """Refuse exports whose labels or types are not in the schema (they become Cypher text)."""
    for node in graph["nodes"]:
        if node.get("label") not in ALL_LABELS or not node.get("id"):
            raise InvalidFactsError(f"node {node.get('id')!r} has no schema label")
    for edge in graph["edges"]:
        if edge.get("type") not in ALL_TYPES:
            raise InvalidFactsError(f"relationship type {edge.get('type')!r} is not in the schema")


def node_labels(graph: GraphJson) -> dict[str, str]:
    """Node id → label."""
    return {node["id"]: node["label"] for node in graph["nodes"]}


def stored_node(node: dict[str, Any]) -> dict[str, Any]:
    """A node's stored properties: everything but its label."""
    return {k: v for k, v in node.items() if k != "label" and v is not None}


def stored_edge(edge: dict[str, Any]) -> dict[str, Any]:
    """An edge's stored properties: ends dropped, evidence objects as flat arrays."""
    props = {k: v for k, v in edge.items() if k not in _EDGE_ENDS and k != "evidence"}
    evidence = edge.get("evidence") or []
    if evidence:
        props["evidence"] = [ev["sentence"] for ev in evidence]
        props["evidence_docs"] = [ev["doc"] for ev in evidence]
        props["evidence_starts"] = [ev["start"] for ev in evidence]
        props["evidence_ends"] = [ev["end"] for ev in evidence]
    return {k: v for k, v in props.items() if v is not None}


def edge_endpoints(graph: GraphJson) -> Iterator[tuple[dict[str, Any], str, str]]:
    """Each edge with the labels of its two ends."""
    labels = node_labels(graph)
    for edge in graph["edges"]:
        try:
            yield edge, labels[edge["source"]], labels[edge["target"]]
        except KeyError as exc:
            raise InvalidFactsError(f"edge end {exc.args[0]!r} is not a node of the graph") from exc


def scalar_type(value: Any) -> str | None:
    """The property type of a primitive value (as neo4j-admin and GraphML name it)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidFactsError(f"{value!r} cannot be exported")
        return "double"
    if isinstance(value, str):
        return "string"
    return None


def common_type(types: set[str | None], *, widen: bool = False) -> str | None:
    """The one type of values of these types (``widen``: integers may become doubles)."""
    if len(types) == 1:
        return next(iter(types))
    if widen and types == {"long", "double"}:
        return "double"
    return None
