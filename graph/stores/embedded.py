"""The default store: a property graph in SQLite tables, beside the ledger it is folded from.

The ledger holds each document's facts; the graph tables (`graph.stores.graph_tables`)
hold the graph they fold into. Both change in one transaction per write, so a crash
leaves either the whole write or none of it, and opening a store reads nothing but
its schema. Writes take SQLite's write lock (one writer, across processes too);
readers use their own connection and see the last committed graph while a write runs.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.contributions import Contribution, EdgeKey, contribution_of, plan_retract
from graph.corrections import (
    FIELDS,
    Correction,
    Rewrite,
    args_text,
    hand_made_facts,
    refold_scope,
)
from graph.errors import InputError, StoreUnavailableError
from graph.inference import inferred_edges
from graph.merge import merge_edge, merge_node
from graph.model import DocumentFacts
from graph.schema import DOCUMENT_LABEL, document_node_id
from graph.stores.base import ApplyReport
from graph.stores.collector import collector_paused
from graph.stores.graph_tables import (
    GRAPH_VERSION,
    SCHEMA,
    GraphWriter,
    OfficeReader,
    all_edges,
    all_nodes,
    counts,
    dirty_offices,
    dumps,
    meta_value,
    node_sources,
    recreate_graph_tables,
    set_meta,
)
from graph.stores.graph_view import StoredGraph
from queries.embedded import run_face
from queries.index import EmbeddedIndex

if TYPE_CHECKING:
    from queries.catalogue import Query

_LEDGER = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id   TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    facts    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    args      TEXT NOT NULL,
    note      TEXT NOT NULL,
    author    TEXT NOT NULL,
    created   TEXT NOT NULL,
    undone    TEXT,
    undone_by TEXT,
    undo_note TEXT
);
"""
_CANDIDATE_KEYS = "SELECT DISTINCT source, type, target FROM inferred_candidates"
# A rebuild of the graph tables from the ledger flushes this many documents at a time.
_REBUILD_BATCH = 500
# Seconds a write waits for another process's write to finish.
_BUSY_TIMEOUT = 600.0
# SQLite's page caches, in KiB (negative: a size, not a page count).
_WRITER_CACHE = -262_144
_READER_CACHE = -131_072


class EmbeddedStore:
    """SQLite ledger + graph tables under ``data_dir``."""

    name = "embedded"

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self._db: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self.graph: StoredGraph | None = None
        self.index: EmbeddedIndex | None = None
        # One writer at a time in the process (SQLite's lock orders processes); readers
        # share their own connection, one at a time, and never wait for a writer.
        self._lock = threading.RLock()
        self._read_lock = threading.RLock()
        # The corrections in force, applied to every document folded into the graph.
        self._rewrite = Rewrite()

    # -- lifecycle ---------------------------------------------------------

    def open(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path = self.data_dir / "ledger.sqlite3"
            db = _connect(path, _WRITER_CACHE)
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_LEDGER + SCHEMA)
            reader = _connect(path, _READER_CACHE)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailableError(
                f"cannot open the data directory {self.data_dir}: {exc}"
            ) from exc
        self._db, self._reader = db, reader
        self.graph = StoredGraph(reader)
        self.index = EmbeddedIndex(self.graph)
        if meta_value(db, "graph_version") != GRAPH_VERSION:
            recreate_graph_tables(db)
            self._rebuild()

    def close(self) -> None:
        for db in (self._db, self._reader):
            if db is not None:
                db.close()
        self._db = self._reader = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreUnavailableError("the embedded store is not open")
        return self._db

    def generation(self) -> int:
        """A number that every committed write to the graph changes."""
        with self._reading() as db:
            return meta_value(db, "generation") or 0

    # -- writes ------------------------------------------------------------

    def apply(self, batch: Sequence[DocumentFacts]) -> ApplyReport:
        for facts in batch:
            facts.validate()
        report = ApplyReport()
        with self._writing() as w:
            latest = {f.document.id: f for f in batch}  # a later copy in the batch wins
            stored = self._stored_checksums(latest)
            changed = []
            for doc_id, facts in latest.items():
                checksum = facts.document.checksum or ""
                if doc_id not in stored:
                    report.added.append(doc_id)
                elif stored[doc_id] == checksum and checksum:
                    report.unchanged.append(doc_id)
                    continue
                else:
                    report.replaced.append(doc_id)
                changed.append(facts)
            old = [f for d in report.replaced if (f := self._stored_facts(d)) is not None]
            self._insert_documents(changed)
            if old:
                self._remove_from_graph(w, [self._contribution(f) for f in old])
            for facts in changed:
                self._add_to_graph(w, self._contribution(facts))
        return report

    def retract(self, doc_id: str) -> bool:
        with self._writing() as w:
            facts = self._stored_facts(doc_id)
            if facts is None:
                return False
            self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self._remove_from_graph(w, [self._contribution(facts)])
        return True

    # -- corrections -------------------------------------------------------

    def corrections(self) -> list[Correction]:
        with self._reading() as db:
            return _corrections(db)

    def add_correction(
        self, kind: str, args: dict[str, Any], note: str, author: str, created: str
    ) -> Correction:
        with self._writing() as w:
            before = self._rewrite
            affected = refold_scope(kind, args, self._sources_of)
            cursor = self.db.execute(
                "INSERT INTO corrections (kind, args, note, author, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (kind, args_text(args), note, author, created),
            )
            correction = Correction(int(cursor.lastrowid or 0), kind, args, note, author, created)
            made = hand_made_facts(correction)
            if made is not None:
                if self._stored_checksums([made.document.id]):
                    raise InputError(f"document id {made.document.id} is taken; not corrected")
                self._insert_documents([made])
            self._refold(w, affected, before, Rewrite.of(_corrections(self.db)))
            if made is not None:
                self._add_to_graph(w, self._contribution(made))
        return correction

    def undo_correction(
        self, correction: Correction, author: str, note: str, when: str
    ) -> Correction:
        with self._writing() as w:
            before = self._rewrite
            made = self._stored_facts(correction.document_id)
            affected = refold_scope(correction.kind, correction.args, self._sources_of)
            affected.discard(correction.document_id)
            self.db.execute(
                "UPDATE corrections SET undone = ?, undone_by = ?, undo_note = ? WHERE id = ?",
                (when, author, note, correction.id),
            )
            self.db.execute("DELETE FROM documents WHERE doc_id = ?", (correction.document_id,))
            if made is not None:
                self._remove_from_graph(w, [self._contribution(made)])
            self._refold(w, affected, before, Rewrite.of(_corrections(self.db)))
            undone = next(c for c in _corrections(self.db) if c.id == correction.id)
        return undone

    def replace_inferred(self, edges: Sequence[dict[str, Any]]) -> None:
        with self._writing() as w:
            w.marks_offices = False
            keys = {(k, s, t) for s, k, t in self.db.execute(_CANDIDATE_KEYS)}
            self.db.execute("DELETE FROM inferred_candidates")
            self.db.execute("DELETE FROM inference_dirty")
            # Given edges stand for every office at once (org "" sorts before all).
            keys |= self._record_candidates("", edges)
            for key in sorted(keys | set(w.inferred_keys())):
                self._settle_inferred(w, key)

    def refresh_inferred(self, compute: Callable[[Any], list[dict[str, Any]]]) -> int:
        """Recompute the inferred edges of the offices that writes changed since the last
        refresh: ``compute`` (`graph.inference.inferred_edges`) over each such organisation's
        relationships alone, read and written in one transaction. Returns how many
        inferred edges the graph holds."""
        with self._writing() as w:
            self._refresh_offices(w, compute)
            w.flush()
            (count,) = self.db.execute("SELECT count(*) FROM edges WHERE inferred = 1").fetchone()
        return int(count)

    # -- reads -------------------------------------------------------------

    def document_ids(self) -> list[str]:
        with self._reading() as db:
            return [r[0] for r in db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]

    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        with self._reading() as db:
            return _facts_in(db, doc_id)

    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        with self._reading() as db:
            return all_nodes(db, ids)

    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        with self._reading() as db:
            return all_edges(db, types)

    def run_catalogue(self, query: Query, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The query's Python face (`queries.embedded`) over the last committed graph."""
        with self._reading():
            return run_face(self._index, query, params)

    def stats(self) -> dict[str, Any]:
        with self._reading() as db:
            found = counts(db)
        labels, types = found["label"], found["type"]
        return {
            "store": self.name,
            "documents": labels.get(DOCUMENT_LABEL, 0),
            "nodes": sum(labels.values()),
            "edges": sum(types.values()),
            "labels": dict(sorted(labels.items())),
            "types": dict(sorted(types.items())),
        }

    # -- transactions ----------------------------------------------------------

    @property
    def _index(self) -> EmbeddedIndex:
        if self.index is None:
            raise StoreUnavailableError("the embedded store is not open")
        return self.index

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: a consistent snapshot of the last committed state."""
        if self._reader is None:
            raise StoreUnavailableError("the embedded store is not open")
        with self._read_lock:
            db = self._reader
            db.execute("BEGIN")
            try:
                self._index.sync(meta_value(db, "generation") or 0)
                yield db
            finally:
                db.execute("COMMIT")

    @contextmanager
    def _writing(self) -> Iterator[GraphWriter]:
        """One write transaction over the ledger and the graph tables, all or nothing."""
        with self._lock, collector_paused():
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have corrected since this one last wrote.
                self._rewrite = Rewrite.of(_corrections(db))
                writer = GraphWriter(db)
                yield writer
                writer.flush()
                set_meta(db, "generation", (meta_value(db, "generation") or 0) + 1)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _rebuild(self) -> None:
        """Fold the whole ledger into the graph tables (a store of an older format)."""
        with self._writing() as w:
            db = self.db
            doc_ids = [r[0] for r in db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]
            for i in range(0, len(doc_ids), _REBUILD_BATCH):
                for facts in self._facts_of(doc_ids[i : i + _REBUILD_BATCH], raw=True):
                    self._add_to_graph(w, self._contribution(facts))
                w.reset()
            w.flush()  # every office is marked now
            self._refresh_offices(w, inferred_edges)
            set_meta(db, "graph_version", GRAPH_VERSION)

    # -- graph maintenance -------------------------------------------------

    def _contribution(self, facts: DocumentFacts) -> Contribution:
        return contribution_of(self._rewrite.facts(facts))

    def _sources_of(self, node_id: str) -> set[str]:
        return set(node_sources(self.db, node_id))

    def _stored_facts(self, doc_id: str) -> DocumentFacts | None:
        return _facts_in(self.db, doc_id)

    def _refold(
        self, w: GraphWriter, doc_ids: Iterable[str], before: Rewrite, after: Rewrite
    ) -> None:
        """Fold these documents again under other corrections: out under ``before``
        (what the graph holds), back in under ``after``."""
        facts = self._facts_of(sorted(doc_ids), raw=True)
        self._rewrite = before
        if facts:
            self._remove_from_graph(w, [self._contribution(f) for f in facts])
        self._rewrite = after
        for f in facts:
            self._add_to_graph(w, self._contribution(f))

    def _insert_documents(self, batch: Sequence[DocumentFacts]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO documents (doc_id, checksum, facts) VALUES (?, ?, ?)",
            [(f.document.id, f.document.checksum or "", f.to_json()) for f in batch],
        )

    def _stored_checksums(self, doc_ids: Iterable[str]) -> dict[str, str]:
        ids = list(doc_ids)
        found: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT doc_id, checksum FROM documents WHERE doc_id IN ({marks})"
            found.update(self.db.execute(sql, chunk).fetchall())
        return found

    def _add_to_graph(self, w: GraphWriter, c: Contribution) -> None:
        # fact_count: the relationships the document states (the documents query lists it).
        w.put_node(c.document["id"], {**c.document, "fact_count": len(c.edges)})
        for node_id, record in c.nodes.items():
            old = w.node(node_id)
            w.put_node(node_id, record if old is None else merge_node(old, record))
        w.add_mentions(c.doc_id, c.mentions)
        for key, record in c.edges.items():
            old_edge = w.edge(key)
            w.put_edge(key, record if old_edge is None else merge_edge(old_edge, record))
        w.add_edge_sources(c.doc_id, c.edges)

    def _remove_from_graph(self, w: GraphWriter, batch: list[Contribution]) -> None:
        """Take documents' contributions out, rebuilding what others still support."""
        node_ids = {n for x in batch for n in x.nodes}
        edge_keys = {k for x in batch for k in x.edges}
        current_nodes = {n: r for n in node_ids if (r := w.node_with_sources(n)) is not None}
        current_edges = {k: r for k in edge_keys if (r := w.edge_with_sources(k)) is not None}
        plan = plan_retract(batch, current_nodes, current_edges, self._facts_of)
        gone = [x.doc_id for x in batch]
        for key, record in plan.edges.items():
            if record is None:
                w.drop_edge(key)
            else:
                w.put_edge(key, record)
                w.remove_edge_sources(key, gone)
        for node_id, node_record in plan.nodes.items():
            if node_record is None:
                w.drop_node(node_id)
            else:
                w.put_node(node_id, node_record)
        w.remove_mentions(gone)
        for doc_id in gone:
            w.drop_node(document_node_id(doc_id))

    def _refresh_offices(
        self, w: GraphWriter, compute: Callable[[Any], list[dict[str, Any]]]
    ) -> None:
        """Recompute the marked offices' candidates, then settle every key they touch."""
        db = self.db
        w.marks_offices = False
        keys: set[EdgeKey] = set()
        for org in dirty_offices(db):
            old = db.execute(
                "SELECT source, type, target FROM inferred_candidates WHERE org = ?", (org,)
            )
            keys |= {(k, s, t) for s, k, t in old}
            db.execute("DELETE FROM inferred_candidates WHERE org = ?", (org,))
            keys |= self._record_candidates(org, compute(OfficeReader(db, org)))
        db.execute("DELETE FROM inference_dirty")
        for key in sorted(keys):
            self._settle_inferred(w, key)

    def _record_candidates(self, org: str, edges: Sequence[dict[str, Any]]) -> set[EdgeKey]:
        rows = [
            (org, rank, r["source"], r["type"], r["target"], dumps(_without_ends(r)))
            for rank, r in enumerate(edges)
        ]
        self.db.executemany(
            "INSERT INTO inferred_candidates (org, rank, source, type, target, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return {(kind, source, target) for _, _, source, kind, target, _ in rows}

    def _settle_inferred(self, w: GraphWriter, key: EdgeKey) -> None:
        """The inferred edge at ``key``: the first candidate in office order (as one pass
        over every office would add them), unless a stated edge holds the key."""
        kind, source, target = key
        current = w.edge(key)
        if current is not None and not current.get("inferred"):
            return
        if current is not None:
            w.drop_edge(key)
        winner = self.db.execute(
            "SELECT data FROM inferred_candidates WHERE source = ? AND type = ? AND target = ? "
            "ORDER BY org, rank LIMIT 1",
            (source, kind, target),
        ).fetchone()
        if winner is None or w.node(source) is None or w.node(target) is None:
            return
        record = json.loads(winner[0])
        w.put_edge(key, record)
        for doc_id in record.get("sources", ()):
            w.add_edge_sources(doc_id, [key])

    def _facts_of(self, doc_ids: list[str], raw: bool = False) -> list[DocumentFacts]:
        """The stored facts of these documents, as the graph folds them (``raw``: as stored)."""
        found = [f for d in doc_ids if (f := self._stored_facts(d)) is not None]
        return found if raw else [self._rewrite.facts(f) for f in found]


def _connect(path: Path, cache_kib: int) -> sqlite3.Connection:
    # Autocommit: transactions are begun and ended explicitly (`_reading`, `_writing`).
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=_BUSY_TIMEOUT)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA cache_size={cache_kib}")
    return db


def _corrections(db: sqlite3.Connection) -> list[Correction]:
    columns = ", ".join(FIELDS)
    rows = db.execute(f"SELECT {columns} FROM corrections ORDER BY id").fetchall()
    return [Correction.from_row(dict(zip(FIELDS, r, strict=True))) for r in rows]


def _facts_in(db: sqlite3.Connection, doc_id: str) -> DocumentFacts | None:
    row = db.execute("SELECT facts FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return DocumentFacts.from_json(row[0]) if row else None


def _without_ends(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("type", "source", "target")}
