"""The folded graph of the embedded store, kept in SQLite tables beside the ledger.

Every write updates these tables in the same transaction as the ledger, so a store
opens without rebuilding anything and a query reads only the rows it touches.
Provenance that grows with the corpus lives in its own rows, never in a record that
each write would rewrite: the documents naming a node are its `mentions` (which are
also its MENTIONED_IN relationships), those stating an edge its `edge_sources`.
Records are stored without ``sources``; readers add them back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from graph.contributions import EdgeKey
from graph.inference import INFERRED_TYPES
from graph.schema import DOCUMENT_LABEL, MENTIONED_IN, document_node_id

# Bumped when the tables' meaning changes: a store of another version is refolded
# from its ledger once, when it is opened.
GRAPH_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    id      TEXT PRIMARY KEY,
    label   TEXT NOT NULL,
    name    TEXT NOT NULL,
    claimed INTEGER NOT NULL,
    data    TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_by_label ON nodes (label);
CREATE INDEX IF NOT EXISTS nodes_claimed ON nodes (claimed) WHERE claimed = 1;
CREATE TABLE IF NOT EXISTS edges (
    source   TEXT NOT NULL,
    type     TEXT NOT NULL,
    target   TEXT NOT NULL,
    inferred INTEGER NOT NULL,
    claimed  INTEGER NOT NULL,
    data     TEXT NOT NULL,
    PRIMARY KEY (source, type, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_in ON edges (target, type, source);
CREATE INDEX IF NOT EXISTS edges_by_type ON edges (type);
CREATE INDEX IF NOT EXISTS edges_inferred ON edges (inferred) WHERE inferred = 1;
CREATE INDEX IF NOT EXISTS edges_claimed ON edges (claimed) WHERE claimed = 1;
CREATE TABLE IF NOT EXISTS edge_sources (
    source TEXT NOT NULL,
    type   TEXT NOT NULL,
    target TEXT NOT NULL,
    doc    TEXT NOT NULL,
    PRIMARY KEY (source, type, target, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edge_sources_by_doc ON edge_sources (doc);
CREATE TABLE IF NOT EXISTS mentions (
    node  TEXT NOT NULL,
    doc   TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (node, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_by_doc ON mentions (doc);
CREATE TABLE IF NOT EXISTS name_keys (
    key  TEXT NOT NULL,
    node TEXT NOT NULL,
    PRIMARY KEY (key, node)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counts (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    n    INTEGER NOT NULL,
    PRIMARY KEY (kind, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inference_dirty (
    org TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS inferred_candidates (
    org    TEXT NOT NULL,
    rank   INTEGER NOT NULL,
    source TEXT NOT NULL,
    type   TEXT NOT NULL,
    target TEXT NOT NULL,
    data   TEXT NOT NULL,
    PRIMARY KEY (org, rank)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS inferred_candidates_by_key
    ON inferred_candidates (source, type, target);
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
"""

_GRAPH_TABLES = (
    "nodes",
    "edges",
    "edge_sources",
    "mentions",
    "name_keys",
    "counts",
    "inference_dirty",
    "inferred_candidates",
)
# Inference is local to an office: the heads of one organisation (`graph.inference`).
# A write that changes a HEADS relationship, or the name of a node that heads or is
# headed, marks that organisation for the next refresh.
OFFICE_TYPE = "HEADS"
# Sources of many edges are fetched in one statement, at most this many keys at a time.
_CHUNK = 300
_SEP = "\x1f"


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _stored(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "sources"}


def _claimed(record: dict[str, Any]) -> int:
    return 1 if record.get("claims") else 0


def meta_value(db: sqlite3.Connection, name: str) -> int | None:
    row = db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def set_meta(db: sqlite3.Connection, name: str, value: int) -> None:
    db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))


def recreate_graph_tables(db: sqlite3.Connection) -> None:
    """Drop the graph tables (of whatever version) and create them empty, as this one has
    them. Outside a transaction: SQLite's scripts commit as they go."""
    for table in _GRAPH_TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}")
    db.executescript(SCHEMA)


# -- reads shared by the writer and the readers ------------------------------------


def node_sources(db: sqlite3.Connection, node_id: str) -> list[str]:
    rows = db.execute("SELECT doc FROM mentions WHERE node = ? ORDER BY doc", (node_id,))
    return [r[0] for r in rows]


def _with_sources(data: str, sources: str | None) -> dict[str, Any]:
    record = json.loads(data)
    record["sources"] = sorted(sources.split(_SEP)) if sources else []
    return record


_EDGE_COLUMNS = (
    "e.source, e.type, e.target, e.data, "
    f"(SELECT group_concat(s.doc, '{_SEP}') FROM edge_sources s "
    "WHERE s.source = e.source AND s.type = e.type AND s.target = e.target)"
)


def edge_rows(
    db: sqlite3.Connection, where: str = "", args: Iterable[Any] = ()
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(source, type, target, record with sources) of the fact edges matching ``where``."""
    sql = f"SELECT {_EDGE_COLUMNS} FROM edges e {where}"
    for source, kind, target, data, sources in db.execute(sql, tuple(args)):
        yield source, kind, target, _with_sources(data, sources)


def edge_record(db: sqlite3.Connection, key: EdgeKey) -> dict[str, Any] | None:
    kind, source, target = key
    found = edge_rows(
        db, "WHERE e.source = ? AND e.type = ? AND e.target = ?", (source, kind, target)
    )
    return next((record for *_, record in found), None)


def node_record(db: sqlite3.Connection, node_id: str) -> dict[str, Any] | None:
    """A node's record as the graph holds it (an entity's with its sources)."""
    row = db.execute("SELECT label, data FROM nodes WHERE id = ?", (node_id,)).fetchone()
    if row is None:
        return None
    record = json.loads(row[1])
    if row[0] != DOCUMENT_LABEL:
        record["sources"] = node_sources(db, node_id)
    return record


def all_nodes(db: sqlite3.Connection, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Node records (all, or these), by id, entities with their sources."""
    if ids is not None:
        found = (node_record(db, n) for n in sorted(set(ids)))
        return [r for r in found if r is not None]
    mentions = db.execute("SELECT node, doc FROM mentions ORDER BY node, doc")
    pending = next(mentions, None)
    records = []
    for node_id, label, data in db.execute("SELECT id, label, data FROM nodes ORDER BY id"):
        record = json.loads(data)
        if label != DOCUMENT_LABEL:
            sources = []
            # Both statements walk their primary keys in id order: a merge join.
            while pending is not None and pending[0] < node_id:
                pending = next(mentions, None)
            while pending is not None and pending[0] == node_id:
                sources.append(pending[1])
                pending = next(mentions, None)
            record["sources"] = sources
        records.append(record)
    return records


def all_edges(db: sqlite3.Connection, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Edge records (all, or of these types) with type, source and target, by key."""
    wanted = None if types is None else sorted(set(types))
    rows: list[dict[str, Any]] = []
    if wanted is None:
        found = edge_rows(db)
    else:
        marks = ",".join("?" * len(wanted))
        found = edge_rows(db, f"WHERE e.type IN ({marks})", wanted)
    rows += [{"type": k, "source": s, "target": t, **r} for s, k, t, r in found]
    if wanted is None or MENTIONED_IN in wanted:
        rows += [
            {"type": MENTIONED_IN, "source": node, "target": document_node_id(doc), "count": n}
            for node, doc, n in db.execute("SELECT node, doc, count FROM mentions")
        ]
    return sorted(rows, key=lambda r: (r["type"], r["source"], r["target"]))


def counts(db: sqlite3.Connection) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {"label": {}, "type": {}}
    for kind, name, n in db.execute("SELECT kind, name, n FROM counts WHERE n > 0"):
        found.setdefault(kind, {})[name] = n
    return found


class OfficeReader:
    """`nodes` and `edges` inside a write, with relationships only into one organisation:
    what inference reads to recompute that organisation's offices."""

    def __init__(self, db: sqlite3.Connection, org: str) -> None:
        self.db = db
        self.org = org

    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        return all_nodes(self.db, ids)

    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        wanted = sorted(set(types)) if types is not None else None
        where, args = "WHERE e.target = ?", [self.org]
        if wanted is not None:
            where += f" AND e.type IN ({','.join('?' * len(wanted))})"
            args += wanted
        return sorted(
            (
                {"type": k, "source": s, "target": t, **r}
                for s, k, t, r in edge_rows(self.db, where, args)
            ),
            key=lambda r: (r["type"], r["source"], r["target"]),
        )


def dirty_offices(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT org FROM inference_dirty ORDER BY org")]


# -- the writer ------------------------------------------------------------------


class GraphWriter:
    """One write's changes to the graph tables, held until `flush`.

    Records read during the write are kept here, so a hub that a batch of documents
    touches is read and written once per batch, not once per document. Sources are
    written as rows at once (they only ever gain or lose single rows).
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._nodes: dict[str, dict[str, Any] | None] = {}
        self._nodes_before: dict[str, dict[str, Any] | None] = {}
        self._edges: dict[EdgeKey, dict[str, Any] | None] = {}
        self._edges_before: dict[EdgeKey, dict[str, Any] | None] = {}
        self._mention_delta = 0
        # Off while inference itself writes: its edges change no office.
        self.marks_offices = True

    # -- nodes -----------------------------------------------------------------

    def node(self, node_id: str) -> dict[str, Any] | None:
        """The node's record without sources (None if absent)."""
        if node_id not in self._nodes:
            row = self.db.execute("SELECT data FROM nodes WHERE id = ?", (node_id,)).fetchone()
            record = None if row is None else json.loads(row[0])
            self._nodes[node_id] = self._nodes_before[node_id] = record
        return self._nodes[node_id]

    def node_with_sources(self, node_id: str) -> dict[str, Any] | None:
        record = self.node(node_id)
        if record is None:
            return None
        return record | {"sources": node_sources(self.db, node_id)}

    def put_node(self, node_id: str, record: dict[str, Any]) -> None:
        self.node(node_id)
        self._nodes[node_id] = _stored(record)

    def drop_node(self, node_id: str) -> None:
        """Remove a node with every relationship that touches it."""
        self.node(node_id)
        self._nodes[node_id] = None
        touching = self.db.execute(
            "SELECT type, source, target FROM edges WHERE source = ? "
            "UNION SELECT type, source, target FROM edges WHERE target = ?",
            (node_id, node_id),
        ).fetchall()
        pending = [k for k, r in self._edges.items() if r is not None and node_id in k[1:]]
        for key in {*map(tuple, touching), *pending}:
            self.drop_edge(key)  # type: ignore[arg-type]
        self.remove_mentions_of(node_id)

    # -- edges -----------------------------------------------------------------

    def edge(self, key: EdgeKey) -> dict[str, Any] | None:
        if key not in self._edges:
            kind, source, target = key
            row = self.db.execute(
                "SELECT data FROM edges WHERE source = ? AND type = ? AND target = ?",
                (source, kind, target),
            ).fetchone()
            record = None if row is None else json.loads(row[0])
            self._edges[key] = self._edges_before[key] = record
        return self._edges[key]

    def edge_with_sources(self, key: EdgeKey) -> dict[str, Any] | None:
        record = self.edge(key)
        if record is None:
            return None
        kind, source, target = key
        rows = self.db.execute(
            "SELECT doc FROM edge_sources WHERE source = ? AND type = ? AND target = ? "
            "ORDER BY doc",
            (source, kind, target),
        )
        return record | {"sources": [r[0] for r in rows]}

    def put_edge(self, key: EdgeKey, record: dict[str, Any]) -> None:
        self.edge(key)
        self._edges[key] = _stored(record)

    def drop_edge(self, key: EdgeKey) -> None:
        self.edge(key)
        self._edges[key] = None
        kind, source, target = key
        self.db.execute(
            "DELETE FROM edge_sources WHERE source = ? AND type = ? AND target = ?",
            (source, kind, target),
        )

    def add_edge_sources(self, doc_id: str, keys: Iterable[EdgeKey]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO edge_sources (source, type, target, doc) VALUES (?, ?, ?, ?)",
            [(s, k, t, doc_id) for k, s, t in keys],
        )

    def remove_edge_sources(self, key: EdgeKey, doc_ids: Iterable[str]) -> None:
        kind, source, target = key
        self.db.executemany(
            "DELETE FROM edge_sources WHERE source = ? AND type = ? AND target = ? AND doc = ?",
            [(source, kind, target, d) for d in doc_ids],
        )

    def inferred_keys(self) -> list[EdgeKey]:
        rows = self.db.execute("SELECT type, source, target FROM edges WHERE inferred = 1")
        stored = {(k, s, t) for k, s, t in rows}
        for key, record in self._edges.items():
            if record is None:
                stored.discard(key)
            elif record.get("inferred"):
                stored.add(key)
        return sorted(stored)

    # -- mentions ----------------------------------------------------------------

    def add_mentions(self, doc_id: str, mentions: dict[str, int]) -> None:
        before = self.db.total_changes
        self.db.executemany(
            "INSERT OR IGNORE INTO mentions (node, doc, count) VALUES (?, ?, ?)",
            [(node, doc_id, n) for node, n in mentions.items()],
        )
        self._mention_delta += self.db.total_changes - before

    def remove_mentions(self, doc_ids: Iterable[str]) -> None:
        before = self.db.total_changes
        self.db.executemany("DELETE FROM mentions WHERE doc = ?", [(d,) for d in doc_ids])
        self._mention_delta -= self.db.total_changes - before

    def remove_mentions_of(self, node_id: str) -> None:
        before = self.db.total_changes
        self.db.execute("DELETE FROM mentions WHERE node = ?", (node_id,))
        self._mention_delta -= self.db.total_changes - before

    # -- the end of the write ---------------------------------------------------------

    def _mark_offices(self) -> None:
        """Mark the organisations whose offices this write may have changed."""
        orgs: set[str] = set()
        for key, record in self._edges.items():
            if key[0] == OFFICE_TYPE and record is not self._edges_before[key]:
                orgs.add(key[2])
            elif key[0] in INFERRED_TYPES and record is not self._edges_before[key]:
                # A stated edge over an inferred one's key: settle that key again.
                rows = self.db.execute(
                    "SELECT org FROM inferred_candidates WHERE source = ? AND type = ? "
                    "AND target = ?",
                    (key[1], key[0], key[2]),
                )
                orgs.update(r[0] for r in rows)
        for node_id, record in self._nodes.items():
            before = self._nodes_before[node_id]
            if record is before or before is None or (record and record["name"] == before["name"]):
                continue
            rows = self.db.execute(
                "SELECT target FROM edges WHERE source = ? AND type = ? "
                "UNION SELECT target FROM edges WHERE target = ? AND type = ?",
                (node_id, OFFICE_TYPE, node_id, OFFICE_TYPE),
            )
            orgs.update(r[0] for r in rows)
        self.db.executemany(
            "INSERT OR IGNORE INTO inference_dirty (org) VALUES (?)", [(o,) for o in orgs]
        )

    def flush(self) -> None:
        """Write every changed record, key and count."""
        db = self.db
        if self.marks_offices:
            self._mark_offices()
        delta: dict[tuple[str, str], int] = {}
        if self._mention_delta:
            delta[("type", MENTIONED_IN)] = self._mention_delta
        node_rows, dropped_nodes, keys_gone, keys_new = [], [], [], []
        for node_id, record in self._nodes.items():
            before = self._nodes_before[node_id]
            if record is before:
                continue
            old_keys = set(before.get("keys", ())) if before else set()
            new_keys = set(record.get("keys", ())) if record else set()
            keys_gone += [(k, node_id) for k in old_keys - new_keys]
            keys_new += [(k, node_id) for k in new_keys - old_keys]
            if record is None:
                if before is not None:
                    dropped_nodes.append((node_id,))
                    _bump(delta, "label", before["label"], -1)
                continue
            if before is None:
                _bump(delta, "label", record["label"], 1)
            node_rows.append(
                (node_id, record["label"], record["name"], _claimed(record), dumps(record))
            )
        db.executemany("DELETE FROM nodes WHERE id = ?", dropped_nodes)
        db.executemany(
            "INSERT OR REPLACE INTO nodes (id, label, name, claimed, data) VALUES (?, ?, ?, ?, ?)",
            node_rows,
        )
        db.executemany("DELETE FROM name_keys WHERE key = ? AND node = ?", keys_gone)
        db.executemany("INSERT OR IGNORE INTO name_keys (key, node) VALUES (?, ?)", keys_new)
        edge_rows_, dropped_edges = [], []
        for key, record in self._edges.items():
            before = self._edges_before[key]
            if record is before:
                continue
            existed = before is not None
            kind, source, target = key
            if record is None:
                if existed:
                    dropped_edges.append((source, kind, target))
                    _bump(delta, "type", kind, -1)
                continue
            if not existed:
                _bump(delta, "type", kind, 1)
            edge_rows_.append(
                (
                    source,
                    kind,
                    target,
                    1 if record.get("inferred") else 0,
                    _claimed(record),
                    dumps(record),
                )
            )
        db.executemany(
            "DELETE FROM edges WHERE source = ? AND type = ? AND target = ?", dropped_edges
        )
        db.executemany(
            "INSERT OR REPLACE INTO edges (source, type, target, inferred, claimed, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            edge_rows_,
        )
        db.executemany(
            "INSERT INTO counts (kind, name, n) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, name) DO UPDATE SET n = n + excluded.n",
            [(kind, name, n) for (kind, name), n in delta.items() if n],
        )
        self._nodes_before = dict(self._nodes)
        self._edges_before = dict(self._edges)
        self._mention_delta = 0

    def reset(self) -> None:
        """Flush, then forget what was read: a long rebuild keeps its memory flat."""
        self.flush()
        self._nodes.clear()
        self._nodes_before.clear()
        self._edges.clear()
        self._edges_before.clear()


def _bump(delta: dict[tuple[str, str], int], kind: str, name: str, n: int) -> None:
    delta[(kind, name)] = delta.get((kind, name), 0) + n
