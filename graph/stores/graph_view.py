"""The graph tables (`graph.stores.graph_tables`) as the catalogue's faces read them.

A read-only view with the few networkx-like accessors the faces use (``nodes[n]``,
``succ[n]``, ``pred[n]``) and lookups that SQL answers from an index without
walking a hub (degree, neighbours, one edge, the edges of one type). Only fact
relationships are adjacent here: MENTIONED_IN lives in the mentions table and
is read as such. Records read are kept for the current version of the graph.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from typing import Any

from graph.contributions import EdgeKey
from graph.stores.graph_tables import counts, edge_record, edge_rows, node_sources

# Records kept per version of the graph, at most (then the oldest half is dropped).
_NODE_CACHE = 200_000
_ADJACENCY_CACHE = 4_000

Adjacent = dict[str, dict[str, dict[str, Any]]]


class _Nodes:
    def __init__(self, graph: StoredGraph) -> None:
        self._graph = graph

    def __getitem__(self, node_id: str) -> dict[str, Any]:
        record = self._graph.record(node_id)
        if record is None:
            raise KeyError(node_id)
        return record

    def get(self, node_id: str, default: Any = None) -> Any:
        record = self._graph.record(node_id)
        return default if record is None else record

    def __contains__(self, node_id: object) -> bool:
        return isinstance(node_id, str) and self._graph.record(node_id) is not None


class _Adjacency:
    def __init__(self, graph: StoredGraph, outgoing: bool) -> None:
        self._graph = graph
        self._outgoing = outgoing

    def __getitem__(self, node_id: str) -> Adjacent:
        return self._graph.adjacent(node_id, self._outgoing)


class StoredGraph:
    """Read access to the folded graph through one SQLite connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.nodes = _Nodes(self)
        self.succ = _Adjacency(self, outgoing=True)
        self.pred = _Adjacency(self, outgoing=False)
        self._records: dict[str, dict[str, Any] | None] = {}
        self._names: dict[str, tuple[str, str]] = {}
        self._adjacent: dict[tuple[str, bool], Adjacent] = {}

    def forget(self) -> None:
        """The graph changed: drop every record read from the older version."""
        self._records.clear()
        self._names.clear()
        self._adjacent.clear()

    # -- nodes --------------------------------------------------------------------

    def record(self, node_id: str) -> dict[str, Any] | None:
        """A node's record without its sources (`sources` reads those)."""
        if node_id in self._records:
            return self._records[node_id]
        row = self.db.execute("SELECT data FROM nodes WHERE id = ?", (node_id,)).fetchone()
        record = None if row is None else json.loads(row[0])
        if len(self._records) >= _NODE_CACHE:
            _drop_oldest_half(self._records)
        self._records[node_id] = record
        return record

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def name_label(self, node_id: str) -> tuple[str, str]:
        """(name, label) of a node, from their columns (no record read)."""
        found = self._names.get(node_id)
        if found is None:
            row = self.db.execute("SELECT name, label FROM nodes WHERE id = ?", (node_id,))
            found = row.fetchone()
            if found is None:
                raise KeyError(node_id)
            if len(self._names) >= _NODE_CACHE:
                _drop_oldest_half(self._names)
            self._names[node_id] = found = (found[0], found[1])
        return found

    def ends(self, node_id: str) -> list[tuple[str, str, bool, str, str]]:
        """(other end, type, outgoing, its name, its label) of each fact relationship of the
        node, from the indexes and the name columns alone: no record is read."""
        out = self.db.execute(
            "SELECT e.target, e.type, n.name, n.label FROM edges e "
            "JOIN nodes n ON n.id = e.target WHERE e.source = ?",
            (node_id,),
        )
        found = [(o, k, True, name, label) for o, k, name, label in out]
        into = self.db.execute(
            "SELECT e.source, e.type, n.name, n.label FROM edges e "
            "JOIN nodes n ON n.id = e.source WHERE e.target = ?",
            (node_id,),
        )
        return found + [(o, k, False, name, label) for o, k, name, label in into]

    def sources(self, node_id: str) -> list[str]:
        """The documents that name the node, sorted."""
        return node_sources(self.db, node_id)

    def labelled(self, labels: Collection[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, record) of every node with one of these labels, by id."""
        marks = ",".join("?" * len(labels))
        sql = f"SELECT id, data FROM nodes WHERE label IN ({marks}) ORDER BY id"
        for node_id, data in self.db.execute(sql, tuple(labels)):
            yield node_id, json.loads(data)

    def claimed_nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, record) of the nodes that carry claims (`graph.claims`)."""
        for node_id, data in self.db.execute("SELECT id, data FROM nodes WHERE claimed = 1"):
            yield node_id, json.loads(data)

    def mentioned_in(self, doc_id: str) -> list[str]:
        """The entities a document names, by id."""
        rows = self.db.execute("SELECT node FROM mentions WHERE doc = ? ORDER BY node", (doc_id,))
        return [r[0] for r in rows]

    def entities_per_document(self) -> dict[str, int]:
        rows = self.db.execute("SELECT doc, count(*) FROM mentions GROUP BY doc")
        return dict(rows.fetchall())

    # -- relationships ------------------------------------------------------------

    def adjacent(self, node_id: str, outgoing: bool) -> Adjacent:
        """{other end: {type: record}} of the node's fact relationships one way."""
        key = (node_id, outgoing)
        found = self._adjacent.get(key)
        if found is None:
            found = {}
            where = "WHERE e.source = ?" if outgoing else "WHERE e.target = ?"
            for source, kind, target, record in edge_rows(self.db, where, (node_id,)):
                found.setdefault(target if outgoing else source, {})[kind] = record
            if len(self._adjacent) >= _ADJACENCY_CACHE:
                _drop_oldest_half(self._adjacent)
            self._adjacent[key] = found
        return found

    def linked(self, node_id: str, kind: str, outgoing: bool) -> list[tuple[str, dict[str, Any]]]:
        """(other end, record) of the node's relationships of one type, one way."""
        if (node_id, outgoing) in self._adjacent:
            adjacent = self._adjacent[(node_id, outgoing)]
            return [(other, kinds[kind]) for other, kinds in adjacent.items() if kind in kinds]
        where = (
            "WHERE e.source = ? AND e.type = ?" if outgoing else "WHERE e.target = ? AND e.type = ?"
        )
        return [
            (target if outgoing else source, record)
            for source, _, target, record in edge_rows(self.db, where, (node_id, kind))
        ]

    def edge(self, source: str, target: str, kind: str) -> dict[str, Any] | None:
        """One relationship's record with its sources, or None."""
        adjacent = self._adjacent.get((source, True))
        if adjacent is not None:
            return adjacent.get(target, {}).get(kind)
        return edge_record(self.db, (kind, source, target))

    def degree(self, node_id: str) -> int:
        """Fact relationships touching the node, either way (from the indexes alone)."""
        (out,) = self.db.execute(
            "SELECT count(*) FROM edges WHERE source = ?", (node_id,)
        ).fetchone()
        (into,) = self.db.execute(
            "SELECT count(*) FROM edges WHERE target = ?", (node_id,)
        ).fetchone()
        return int(out) + int(into)

    def neighbours(self, node_id: str) -> set[str]:
        """The nodes joined to this one by a fact relationship, either way."""
        rows = self.db.execute(
            "SELECT target FROM edges WHERE source = ? "
            "UNION SELECT source FROM edges WHERE target = ?",
            (node_id, node_id),
        )
        return {r[0] for r in rows}

    def typed(self, kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(source, target, record) of every relationship of one type."""
        for source, _, target, record in edge_rows(self.db, "WHERE e.type = ?", (kind,)):
            yield source, target, record

    def claimed_edges(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(source, target, type, record) of the relationships that carry claims."""
        for source, kind, target, record in edge_rows(self.db, "WHERE e.claimed = 1"):
            yield source, target, kind, record

    def between(self, labels: Collection[str]) -> Iterator[tuple[str, str, str]]:
        """(source, target, type) of every relationship between two nodes of these labels."""
        marks = ",".join("?" * len(labels))
        sql = (
            "SELECT e.source, e.target, e.type FROM edges e "
            "JOIN nodes a ON a.id = e.source JOIN nodes b ON b.id = e.target "
            f"WHERE a.label IN ({marks}) AND b.label IN ({marks})"
        )
        yield from self.db.execute(sql, (*labels, *labels))

    def edges_of_document(self, doc_id: str) -> set[EdgeKey]:
        """Keys (type, source, target) of the relationships whose sources hold ``doc_id``."""
        rows = self.db.execute(
            "SELECT type, source, target FROM edge_sources WHERE doc = ?", (doc_id,)
        )
        return {(k, s, t) for k, s, t in rows}

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes by label and relationships by type (MENTIONED_IN included), kept per write."""
        return counts(self.db)

    # -- name keys ------------------------------------------------------------------

    def ids_of_key(self, key: str) -> list[str]:
        rows = self.db.execute("SELECT node FROM name_keys WHERE key = ? ORDER BY node", (key,))
        return [r[0] for r in rows]

    def keys_starting(self, fragment: str) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT key FROM name_keys WHERE key >= ? AND key < ? ORDER BY key",
            (fragment, fragment + "\U0010ffff"),
        )
        return [r[0] for r in rows]

    def keys_containing(self, fragment: str) -> list[str]:
        rows = self.db.execute(
            "SELECT DISTINCT key FROM name_keys WHERE instr(key, ?) > 0 ORDER BY key", (fragment,)
        )
        return [r[0] for r in rows]


def _drop_oldest_half(cache: dict[Any, Any]) -> None:
    for key in list(cache)[: len(cache) // 2]:
        del cache[key]
