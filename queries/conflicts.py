"""Face of the ``conflicts`` query: where the documents disagree.

The register is computed once per version of the graph (a scan of the records that
carry claims, and of the HEADS edges) and cached; the query filters and pages it.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from graph.claims import disputed
from graph.validity import fact_start
from queries.index import EmbeddedIndex
from queries.rows import Params, Row, evidence_of, name_of, order

NOMINEE = "후보자"


def conflicts(index: EmbeddedIndex, p: Params) -> list[Row]:
    rows = index.derived("conflicts", lambda: _register(index))
    kind = p["kind"]
    return [row for row in rows if kind is None or row["kind"] == kind][: p["limit"]]


def _register(index: EmbeddedIndex) -> list[Row]:
    g = index.graph
    rows: list[Row] = []
    for nid, data in g.claimed_nodes():
        for key, values in disputed(data).items():
            rows.append(_row("value", g, nid, None, None, key, _claimed(values)))
    for source, target, kind, data in g.claimed_edges():
        for key, values in disputed(data).items():
            rows.append(_row("value", g, source, kind, target, key, _claimed(values)))
    heads = sorted(g.typed("HEADS"), key=lambda head: head[:2])
    rows += _overlapping_heads(g, heads)
    rows += _two_offices(g, heads)
    return order(
        rows,
        "kind",
        "subject_id",
        "type",
        "other_id",
        "property",
        lambda row: [v["value"] for v in row["values"]],
    )


def _row(
    kind: str,
    g: Any,
    subject: str,
    type_: str | None,
    other: str | None,
    prop: str,
    values: list[Row],
) -> Row:
    return {
        "kind": kind,
        "subject": name_of(g, subject),
        "subject_id": subject,
        "type": type_,
        "other": name_of(g, other) if other is not None else None,
        "other_id": other,
        "property": prop,
        "values": values,
    }


def _claimed(values: dict[str, list[tuple[str, str]]]) -> list[Row]:
    return [
        {
            "value": value,
            "since": None,
            "until": None,
            "said": [{"doc": d, "sentence": s} for d, s in sorted(said)],
        }
        for value, said in sorted(values.items())
    ]


def _span(post: dict[str, Any]) -> tuple[str | None, str | None]:
    return fact_start(post), post.get("valid_to") or post.get("last_seen")


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    (s1, e1), (s2, e2) = _span(a), _span(b)
    if None in (s1, e1, s2, e2):
        return False
    return s1 <= e2 and s2 <= e1  # type: ignore[operator]


def _held(g: Any, name_node: str, post: dict[str, Any]) -> Row:
    since, until = _span(post)
    return {
        "value": name_of(g, name_node),
        "since": since,
        "until": until,
        "said": evidence_of(post),
    }


def _overlapping_heads(g: Any, heads: list[tuple[str, str, dict[str, Any]]]) -> list[Row]:
    by_post: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = {}
    for person, org, data in heads:
        role = data.get("role")
        if role is None or role.endswith(NOMINEE):
            continue
        by_post.setdefault((org, role), []).append((person, data))
    rows = []
    for (org, role), posts in by_post.items():
        for (p, a), (q, b) in combinations(sorted(posts, key=lambda x: x[0]), 2):
            if not _overlap(a, b):
                continue
            pair = sorted([(p, a), (q, b)], key=lambda x: (name_of(g, x[0]), x[0]))
            values = [_held(g, who, post) for who, post in pair]
            rows.append(_row("heads", g, org, "HEADS", None, role, values))
    return rows


def _two_offices(g: Any, heads: list[tuple[str, str, dict[str, Any]]]) -> list[Row]:
    by_person: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for person, org, data in heads:
        if data.get("role") == "장관" and g.nodes[org]["label"] == "Ministry":
            by_person.setdefault(person, []).append((org, data))
    rows = []
    for person, posts in by_person.items():
        for (m1, a), (m2, b) in combinations(sorted(posts, key=lambda x: x[0]), 2):
            if not _overlap(a, b):
                continue
            pair = sorted([(m1, a), (m2, b)], key=lambda x: (name_of(g, x[0]), x[0]))
            values = [_held(g, ministry, post) for ministry, post in pair]
            rows.append(_row("offices", g, person, "HEADS", None, "장관", values))
    return rows
