"""What the catalogue's Python faces share: Cypher's ORDER BY, and walking relationships.

Every face (`queries.relations`, `queries.lookup`, `queries.paths`,
`queries.structure`, `queries.inventory`) gives the rows its ``.cypher``
statement gives on Neo4j, in the same order: same columns, names resolved
through the same keys, lists inside rows sorted the same way, and ORDER BY
reproduced with Cypher's rule that null sorts after every value (first when
descending).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from typing import Any

from graph.schema import ORGANISATIONS
from graph.stores.graph_view import StoredGraph
from queries.index import EmbeddedIndex

Row = dict[str, Any]
Params = dict[str, Any]

ORGS = frozenset(ORGANISATIONS)
FUNDABLE = frozenset({"Program", "Fund"})
PROGRAMMES = frozenset({"Program", "Fund", "Meeting"})
SYMMETRIC = "PARTNERS_WITH"


def nulls_last(value: Any) -> tuple[bool, Any]:
    return (value is None, 0 if value is None else value)


def order(rows: list[Row], *keys: str | tuple[str | Callable[[Row], Any], bool]) -> list[Row]:
    """Sort like Cypher's ORDER BY: keys are columns (or functions), ``(key, True)`` descending.

    >>> order([{"a": None}, {"a": 2}, {"a": 1}], "a")
    [{'a': 1}, {'a': 2}, {'a': None}]
    >>> order([{"a": None}, {"a": 2}, {"a": 1}], ("a", True))
    [{'a': None}, {'a': 2}, {'a': 1}]
    """
    for key in reversed(keys):
        field, descending = key if isinstance(key, tuple) else (key, False)
        get = field if callable(field) else (lambda row, f=field: row[f])
        rows.sort(key=lambda row, g=get: nulls_last(g(row)), reverse=descending)
    return rows


def evidence_of(data: dict[str, Any]) -> list[Row]:
    return [
        {"doc": doc, "sentence": sentence}
        for doc, sentence in zip(
            data.get("evidence_docs", []), data.get("evidence", []), strict=True
        )
    ]


def stored_facts(g: StoredGraph, n: str) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, type, record) for each fact relationship touching ``n``, as stored."""
    for v, kinds in g.succ[n].items():
        for kind, data in kinds.items():
            yield n, v, kind, data
    for u, kinds in g.pred[n].items():
        for kind, data in kinds.items():
            yield u, n, kind, data


def facts_around(g: StoredGraph, n: str) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(other end, type, direction, record) for each fact relationship touching ``n``.

    The direction is "out" or "in" as stored, "both" for the symmetric PARTNERS_WITH.
    """
    for source, target, kind, data in stored_facts(g, n):
        direction = "both" if kind == SYMMETRIC else "out" if source == n else "in"
        yield (target if source == n else source), kind, direction, data


def degree_of(index: EmbeddedIndex, n: str) -> int:
    """Fact relationships touching ``n`` (cached for this version of the graph).

    Every relationship of a node but its MENTIONED_IN edges (which the stored graph
    keeps apart), counted from the indexes.
    """
    degrees: dict[str, int] = index.derived("degree", dict)
    found = degrees.get(n)
    if found is None:
        found = degrees[n] = index.graph.degree(n)
    return found


def label_of(g: StoredGraph, n: str) -> str:
    return g.name_label(n)[1]


def name_of(g: StoredGraph, n: str) -> str:
    return g.name_label(n)[0]


Linked = tuple[str, str, dict[str, Any]]


def linked(index: EmbeddedIndex, n: str, kind: str, direction: str) -> list[Linked]:
    """(name, id, record) of the nodes joined to ``n`` by ``kind``, by name then id.

    ``direction`` is "out" (n is the source), "in" (n is the target) or "both".
    Cached for this version of the graph: a hub's thousands of relationships are
    sorted once, not on every query.
    """
    cached: dict[tuple[str, str, str], list[Linked]] = index.derived("linked", dict)
    key = (n, kind, direction)
    if key not in cached:
        g = index.graph
        found: list[Linked] = []
        if direction in ("out", "both"):
            found += [(name_of(g, v), v, record) for v, record in g.linked(n, kind, True)]
        if direction in ("in", "both"):
            found += [(name_of(g, u), u, record) for u, record in g.linked(n, kind, False)]
        found.sort(key=lambda item: (item[0], item[1]))
        cached[key] = found
    return cached[key]


def joined(
    index: EmbeddedIndex, ids: list[str], kind: str, direction: str
) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
    """(other name, other id, name, id, record) over the nodes ``ids``, in that order.

    The ORDER BY other, other_id, this, this_id of the statements; no value is null.
    """
    g = index.graph

    def stream(n: str) -> Iterator[tuple[str, str, str, str, dict[str, Any]]]:
        name = name_of(g, n)
        for other, oid, record in linked(index, n, kind, direction):
            yield other, oid, name, n, record

    return heapq.merge(*(stream(n) for n in ids), key=lambda item: item[:4])
