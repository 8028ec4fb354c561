"""Cross-document inference, always marked ``inferred: true`` with its reasons.

The one rule so far: when two different people are seen heading the same
organisation in the same role at dates that do not overlap, the later holder
SUCCEEDS the earlier one in that office.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Any, Protocol

from graph.merge import EVIDENCE_CAP, clean_record

# Relationship types that inference may create (stores clear them before a refresh).
INFERRED_TYPES = ("SUCCEEDS",)
# Agreement of two independently extracted facts, each fairly certain.
_SUCCESSION_CONFIDENCE = 0.7


class _Store(Protocol):
    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]: ...
    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]: ...
    def replace_inferred(self, edges: Sequence[dict[str, Any]]) -> None: ...


def refresh_inferences(store: _Store) -> int:
    """Recompute every inferred edge from the stored facts; returns how many."""
    heads = [e for e in store.edges(["HEADS"]) if not e.get("inferred")]
    ends = {e["source"] for e in heads} | {e["target"] for e in heads}
    nodes = {n["id"]: n for n in store.nodes(ends)}
    inferred = infer_successions(nodes, heads)
    store.replace_inferred(inferred)
    return len(inferred)


def infer_successions(
    nodes: dict[str, dict[str, Any]], edges: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """SUCCEEDS edges between consecutive holders of one office.

    >>> nodes = {"minister:a": {"name": "A"}, "minister:b": {"name": "B"},
    ...          "ministry:m": {"name": "M"}}
    >>> heads = [
    ...   {"type": "HEADS", "source": "minister:a", "target": "ministry:m", "role": "장관",
    ...    "first_seen": "2020-01-01", "last_seen": "2020-04-16", "sources": ["d1"]},
    ...   {"type": "HEADS", "source": "minister:b", "target": "ministry:m", "role": "장관",
    ...    "first_seen": "2021-06-04", "last_seen": "2021-06-04", "sources": ["d2"]}]
    >>> [(e["source"], e["target"], e["office"]) for e in infer_successions(nodes, heads)]
    [('minister:b', 'minister:a', 'M 장관')]
    """
    offices: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        if edge["type"] != "HEADS" or edge.get("inferred") or not edge.get("role"):
            continue
        if not (edge.get("as_of") or edge.get("first_seen")):
            continue
        offices[(edge["target"], edge["role"])].append(edge)
    inferred: list[dict[str, Any]] = []
    for (org, role), holders in sorted(offices.items()):
        holders.sort(key=lambda e: (_start(e), _end(e), e["source"]))
        for earlier, later in pairwise(holders):
            if earlier["source"] == later["source"] or _start(later) <= _end(earlier):
                continue  # same person, or terms that overlap: no order to infer
            inferred.append(_succession(nodes, org, role, earlier, later))
    return inferred


def _start(edge: dict[str, Any]) -> str:
    return min(d for d in (edge.get("as_of"), edge.get("first_seen")) if d)


def _end(edge: dict[str, Any]) -> str:
    return max(d for d in (edge.get("as_of"), edge.get("last_seen")) if d)


def _succession(
    nodes: dict[str, dict[str, Any]],
    org: str,
    role: str,
    earlier: dict[str, Any],
    later: dict[str, Any],
) -> dict[str, Any]:
    office = f"{nodes.get(org, {}).get('name', org)} {role}"

    def seen(edge: dict[str, Any]) -> str:
        name = nodes.get(edge["source"], {}).get("name", edge["source"])
        docs = ", ".join(edge.get("sources", []))
        return f"{name} seen as {office} {_start(edge)}..{_end(edge)} ({docs})"

    evidence = sorted(
        {
            row
            for edge in (earlier, later)
            for row in zip(
                edge.get("evidence_docs", []),
                edge.get("evidence_starts", []),
                edge.get("evidence_ends", []),
                edge.get("evidence", []),
                strict=True,
            )
        }
    )[:EVIDENCE_CAP]
    record: dict[str, Any] = {
        "type": "SUCCEEDS",
        "source": later["source"],
        "target": earlier["source"],
        "office": office,
        "date": _start(later),
        "inferred": True,
        "reasons": [seen(earlier), seen(later)],
        "sources": sorted(set(earlier.get("sources", [])) | set(later.get("sources", []))),
        "confidence": _SUCCESSION_CONFIDENCE,
        "first_seen": _start(earlier),
        "last_seen": _end(later),
        "evidence": [row[3] for row in evidence],
        "evidence_docs": [row[0] for row in evidence],
        "evidence_starts": [row[1] for row in evidence],
        "evidence_ends": [row[2] for row in evidence],
    }
    return clean_record(record)
