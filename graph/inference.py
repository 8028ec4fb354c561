"""Cross-document inference, always marked ``inferred: true`` with its reasons.

When two different people are seen heading the same organisation in the same role,
the later one SUCCEEDS the earlier one only where nothing between them is known to be
missing: for an office the reference data covers (`graph.reference`), only if it
records the later as taking the office straight after the earlier
(``infer.succession_reference``); for other offices, only if the terms seen do not
overlap and the later is first seen within `MAX_GAP_DAYS` of the earlier's last
sighting (``infer.succession_close_dates``). A 2019 holder and a 2025 holder are no
succession.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from itertools import pairwise
from typing import Any, Protocol

from graph.merge import EVIDENCE_CAP, clean_record
from graph.reference import OfficeHolders, office_holders

# Relationship types that inference may create (stores clear them before a refresh).
INFERRED_TYPES = ("SUCCEEDS",)
# Agreement of two independently extracted facts, each fairly certain.
_SUCCESSION_CONFIDENCE = 0.7
# Confirmed by the reference data of who held the office when.
_REFERENCE_CONFIDENCE = 0.9
# About the shortest usual term of a minister or chief executive: a longer silence
# between two sightings may hide a holder in between.
MAX_GAP_DAYS = 548
# Documents named in a reason; the edge's `sources` keeps them all.
_REASON_DOCS = 5
RULE_REFERENCE = "infer.succession_reference"
RULE_CLOSE_DATES = "infer.succession_close_dates"


class _Reader(Protocol):
    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]: ...
    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]: ...


class _Store(Protocol):
    def refresh_inferred(self, compute: Callable[[Any], list[dict[str, Any]]]) -> int: ...


def refresh_inferences(store: _Store) -> int:
    """Recompute every inferred edge from the stored facts; returns how many.

    The store reads and replaces in one step (a lock or a transaction), so a refresh
    that runs beside other writes never puts back edges computed from older facts.
    """
    return store.refresh_inferred(inferred_edges)


def inferred_edges(store: _Reader) -> list[dict[str, Any]]:
    """The inferred edges the stored facts give."""
    heads = [e for e in store.edges(["HEADS"]) if not e.get("inferred")]
    ends = {e["source"] for e in heads} | {e["target"] for e in heads}
    nodes = {n["id"]: n for n in store.nodes(ends)}
    return infer_successions(nodes, heads)


def infer_successions(
    nodes: dict[str, dict[str, Any]],
    edges: Iterable[dict[str, Any]],
    holders: OfficeHolders | None = None,
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

    Six years apart, someone else may have held the office between them:

    >>> heads[1]["first_seen"] = heads[1]["last_seen"] = "2026-06-04"
    >>> infer_successions(nodes, heads)
    []
    """
    offices: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        if edge["type"] != "HEADS" or edge.get("inferred") or not edge.get("role"):
            continue
        if not (edge.get("as_of") or edge.get("first_seen")):
            continue
        offices[(edge["target"], edge["role"])].append(edge)
    reference = holders if holders is not None else office_holders()
    inferred: list[dict[str, Any]] = []
    for (org, role), seen in sorted(offices.items()):
        seen.sort(key=lambda e: (_start(e), _end(e), e["source"]))
        office = nodes.get(org, {}).get("name", org)
        if reference.covers(office, role):
            for a, b in _reference_pairs(nodes, reference, office, role, seen):
                note = _reference_note(reference, office, role, _name(nodes, b))
                inferred.append(_succession(nodes, org, role, a, b, RULE_REFERENCE, note))
            continue
        for earlier, later in pairwise(seen):
            if earlier["source"] == later["source"] or _start(later) <= _end(earlier):
                continue  # same person, or terms that overlap: no order to infer
            if _days(_end(earlier), _start(later)) > MAX_GAP_DAYS:
                continue  # someone else may have held the office between them
            inferred.append(_succession(nodes, org, role, earlier, later, RULE_CLOSE_DATES))
    return inferred


def _reference_pairs(
    nodes: dict[str, dict[str, Any]],
    reference: OfficeHolders,
    office: str,
    role: str,
    seen: list[dict[str, Any]],
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(predecessor, successor) pairs of sightings whose holders the reference data
    records as consecutive, in the order of the earlier sighting of each pair, then the
    later. Indexed by holder name, so an office seen in many documents costs what its
    sightings and terms do, not their square."""
    at: dict[str, list[int]] = defaultdict(list)
    for i, edge in enumerate(seen):
        at[_name(nodes, edge)].append(i)
    ranked: list[tuple[int, int, int, int, int]] = []
    for before, after in pairwise(reference.terms(office, role)):
        for i in at.get(before.person, ()):
            for j in at.get(after.person, ()):
                if seen[i]["source"] != seen[j]["source"]:
                    ranked.append((min(i, j), max(i, j), 0 if i < j else 1, i, j))
    return [(seen[i], seen[j]) for *_, i, j in sorted(set(ranked))]


def _name(nodes: dict[str, dict[str, Any]], edge: dict[str, Any]) -> str:
    return nodes.get(edge["source"], {}).get("name", edge["source"])


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(b[:10]) - date.fromisoformat(a[:10])).days


def _reference_note(reference: OfficeHolders, office: str, role: str, person: str) -> str:
    term = next(t for t in reference.terms(office, role) if t.person == person)
    return f"reference data: {person} took office as {office} {role} on {term.start}"


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
    rule: str,
    note: str | None = None,
) -> dict[str, Any]:
    office = f"{nodes.get(org, {}).get('name', org)} {role}"

    def seen(edge: dict[str, Any]) -> str:
        name = nodes.get(edge["source"], {}).get("name", edge["source"])
        sources = edge.get("sources", [])
        docs = ", ".join(sources[:_REASON_DOCS])
        if len(sources) > _REASON_DOCS:
            docs += f" and {len(sources) - _REASON_DOCS:,} more"
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
        "reasons": [seen(earlier), seen(later), *([note] if note else [])],
        "rules": [rule],
        "sources": sorted(set(earlier.get("sources", [])) | set(later.get("sources", []))),
        "confidence": _REFERENCE_CONFIDENCE if rule == RULE_REFERENCE else _SUCCESSION_CONFIDENCE,
        "first_seen": _start(earlier),
        "last_seen": _end(later),
        "evidence": [row[3] for row in evidence],
        "evidence_docs": [row[0] for row in evidence],
        "evidence_starts": [row[1] for row in evidence],
        "evidence_ends": [row[2] for row in evidence],
    }
    return clean_record(record)
