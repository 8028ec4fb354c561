"""The JSON export: ``{"nodes": [...], "edges": [...]}`` with stable ids and order."""

from __future__ import annotations

from typing import Any

from graph.claims import conflicted
from graph.merge import public_edge
from graph.stores.base import GraphStore

_NODE_HEAD = ("id", "label", "name", "aliases")
# Stored for lookups only: the name keys are derived from name, aliases and name_en.
_NODE_HIDDEN = ("keys",)


def public_node(record: dict[str, Any]) -> dict[str, Any]:
    head = {k: record.get(k, [] if k == "aliases" else None) for k in _NODE_HEAD}
    marks = {"conflicted": True} if conflicted(record) else {}
    return (
        head
        | {k: record[k] for k in sorted(record) if k not in _NODE_HEAD and k not in _NODE_HIDDEN}
        | marks
    )


def export_json(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    nodes = [public_node(n) for n in store.nodes()]
    edges = [
        {"type": e["type"], "source": e["source"], "target": e["target"]}
        | {k: v for k, v in sorted(public_edge(e).items()) if k not in ("type", "source", "target")}
        for e in store.edges()
    ]
    return {"nodes": nodes, "edges": edges}
