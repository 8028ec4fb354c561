"""The default store: a networkx MultiDiGraph in the process, durable on disk.

The durable state is a ledger of each document's facts in SQLite (one
transaction per write, so a crash leaves either the whole write or none of
it). The graph is derived from the ledger: built at `open`, then kept current
by folding each write into it after the ledger has committed.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.contributions import Contribution, contribution_of, plan_retract
from graph.corrections import (
    FIELDS,
    Correction,
    Rewrite,
    args_text,
    hand_made_facts,
    refold_scope,
)
from graph.errors import InputError, StoreUnavailableError
from graph.inference import refresh_inferences
from graph.merge import merge_edge, merge_node
from graph.model import DocumentFacts
from graph.schema import DOCUMENT_LABEL, MENTIONED_IN, document_node_id
from graph.stores.base import ApplyReport
from queries.embedded import run_face
from queries.index import EmbeddedIndex

if TYPE_CHECKING:
    from queries.catalogue import Query

_SCHEMA = """
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


class EmbeddedStore:
    """networkx graph + SQLite ledger under ``data_dir``."""

    name = "embedded"

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = Path(data_dir)
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        # Name keys → node ids and other lookups for the catalogue queries.
        self.index = EmbeddedIndex(self.graph)
        self._db: sqlite3.Connection | None = None
        # One writer at a time; readers see the graph between writes.
        self._lock = threading.RLock()
        # The corrections in force, applied to every document folded into the graph.
        self._rewrite = Rewrite()

    # -- lifecycle ---------------------------------------------------------

    def open(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.data_dir / "ledger.sqlite3", check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailableError(
                f"cannot open the data directory {self.data_dir}: {exc}"
            ) from exc
        self._db = db
        self.graph = nx.MultiDiGraph()
        self.index = EmbeddedIndex(self.graph)
        self._rewrite = Rewrite.of(self.corrections())
        rows = db.execute("SELECT facts FROM documents ORDER BY doc_id").fetchall()
        with _gc_paused():
            for (facts_json,) in rows:
                self._add_to_graph(self._contribution(DocumentFacts.from_json(facts_json)))
        refresh_inferences(self)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreUnavailableError("the embedded store is not open")
        return self._db

    # -- writes ------------------------------------------------------------

    def apply(self, batch: Sequence[DocumentFacts]) -> ApplyReport:
        for facts in batch:
            facts.validate()
        report = ApplyReport()
        with self._lock, _gc_paused():
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
            old = {d: self.document_facts(d) for d in report.replaced}
            with self.db:
                self._insert_documents(changed)
            replaced = [self._contribution(f) for f in old.values() if f is not None]
            if replaced:
                self._remove_from_graph(replaced)
            for facts in changed:
                self._add_to_graph(self._contribution(facts))
        return report

    def retract(self, doc_id: str) -> bool:
        with self._lock:
            facts = self.document_facts(doc_id)
            if facts is None:
                return False
            with self.db:
                self.db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self._remove_from_graph(self._contribution(facts))
        return True

    # -- corrections -------------------------------------------------------

    def corrections(self) -> list[Correction]:
        columns = ", ".join(FIELDS)
        rows = self.db.execute(f"SELECT {columns} FROM corrections ORDER BY id").fetchall()
        return [Correction.from_row(dict(zip(FIELDS, r, strict=True))) for r in rows]

    def add_correction(
        self, kind: str, args: dict[str, Any], note: str, author: str, created: str
    ) -> Correction:
        with self._lock, _gc_paused():
            before = self._rewrite
            affected = refold_scope(kind, args, self._sources_of)
            with self.db:
                cursor = self.db.execute(
                    "INSERT INTO corrections (kind, args, note, author, created) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (kind, args_text(args), note, author, created),
                )
                correction = Correction(
                    int(cursor.lastrowid or 0), kind, args, note, author, created
                )
                made = hand_made_facts(correction)
                if made is not None:
                    if self._stored_checksums([made.document.id]):
                        raise InputError(f"document id {made.document.id} is taken; not corrected")
                    self._insert_documents([made])
            self._refold(affected, before, Rewrite.of(self.corrections()))
            if made is not None:
                self._add_to_graph(self._contribution(made))
        return correction

    def undo_correction(
        self, correction: Correction, author: str, note: str, when: str
    ) -> Correction:
        with self._lock, _gc_paused():
            before = self._rewrite
            made = self.document_facts(correction.document_id)
            affected = refold_scope(correction.kind, correction.args, self._sources_of)
            affected.discard(correction.document_id)
            with self.db:
                self.db.execute(
                    "UPDATE corrections SET undone = ?, undone_by = ?, undo_note = ? WHERE id = ?",
                    (when, author, note, correction.id),
                )
                self.db.execute("DELETE FROM documents WHERE doc_id = ?", (correction.document_id,))
            if made is not None:
                self._remove_from_graph(self._contribution(made))
            self._refold(affected, before, Rewrite.of(self.corrections()))
        return next(c for c in self.corrections() if c.id == correction.id)

    def replace_inferred(self, edges: Sequence[dict[str, Any]]) -> None:
        with self._lock:
            stale = [
                (u, v, k)
                for u, v, k, inferred in self.graph.edges(keys=True, data="inferred")
                if inferred
            ]
            self.graph.remove_edges_from(stale)
            for record in edges:
                u, v, k = record["source"], record["target"], record["type"]
                if self.graph.has_edge(u, v, k) or u not in self.graph or v not in self.graph:
                    continue
                self.graph.add_edge(u, v, key=k, **_without_ends(record))
            self.index.set_inferred(
                ((r["type"], r["source"], r["target"]), r.get("sources", ())) for r in edges
            )
            self.index.changed()

    def refresh_inferred(self, compute: Callable[[Any], list[dict[str, Any]]]) -> int:
        """Swap the inferred edges for ``compute(self)``, reading and writing under the lock."""
        with self._lock:
            edges = compute(self)
            self.replace_inferred(edges)
        return len(edges)

    # -- reads -------------------------------------------------------------

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]

    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        row = self.db.execute("SELECT facts FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return DocumentFacts.from_json(row[0]) if row else None

    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        with self._lock:
            g = self.graph
            if ids is None:
                return [dict(data) for _, data in sorted(g.nodes(data=True))]
            return [dict(g.nodes[n]) for n in sorted(set(ids)) if n in g]

    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        wanted = None if types is None else set(types)
        with self._lock:
            rows = [
                {"type": k, "source": u, "target": v, **data}
                for u, v, k, data in self.graph.edges(keys=True, data=True)
                if wanted is None or k in wanted
            ]
        return sorted(rows, key=lambda r: (r["type"], r["source"], r["target"]))

    def run_catalogue(self, query: Query, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The query's Python face (`queries.embedded`) over the graph, between writes."""
        with self._lock:
            return run_face(self.index, query, params)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            labels: dict[str, int] = {}
            for _, label in self.graph.nodes(data="label"):
                labels[label] = labels.get(label, 0) + 1
            types: dict[str, int] = {}
            for _, _, k in self.graph.edges(keys=True):
                types[k] = types.get(k, 0) + 1
        return {
            "store": self.name,
            "documents": labels.get(DOCUMENT_LABEL, 0),
            "nodes": sum(labels.values()),
            "edges": sum(types.values()),
            "labels": dict(sorted(labels.items())),
            "types": dict(sorted(types.items())),
        }

    # -- graph maintenance -------------------------------------------------

    def _contribution(self, facts: DocumentFacts) -> Contribution:
        return contribution_of(self._rewrite.facts(facts))

    def _sources_of(self, node_id: str) -> set[str]:
        g = self.graph
        return set(g.nodes[node_id].get("sources", ())) if node_id in g else set()

    def _refold(self, doc_ids: Iterable[str], before: Rewrite, after: Rewrite) -> None:
        """Fold these documents again under other corrections: out under ``before``
        (what the graph holds), back in under ``after``."""
        facts = self._facts_of(sorted(doc_ids), raw=True)
        self._rewrite = before
        if facts:
            self._remove_from_graph([self._contribution(f) for f in facts])
        self._rewrite = after
        for f in facts:
            self._add_to_graph(self._contribution(f))

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

    def _add_to_graph(self, c: Contribution) -> None:
        g = self.graph
        nodes = g.nodes
        # fact_count: the relationships the document states (the documents query lists it).
        g.add_node(c.document["id"], **c.document, fact_count=len(c.edges))
        index = self.index
        for node_id, record in c.nodes.items():
            if node_id in g:
                data = nodes[node_id]
                _replace(data, merge_node(data, record))
            else:
                g.add_node(node_id, **record)
            # A merged node keeps every key it had, so only the new ones need adding.
            index.add(node_id, record.get("keys", ()))
        for (rel_type, source, target), record in c.edges.items():
            # get_edge_data hands back the stored attribute dict itself.
            data = g.get_edge_data(source, target, rel_type)
            if data is not None:
                _replace(data, merge_edge(data, record))
            else:
                g.add_edge(source, target, key=rel_type, **record)
        doc_node = c.document["id"]
        for node_id, count in c.mentions.items():
            g.add_edge(node_id, doc_node, key=MENTIONED_IN, count=count)
        index.add_document(c.doc_id, c.edges)
        index.changed()

    def _remove_from_graph(self, c: Contribution | list[Contribution]) -> None:
        """Take documents' contributions out, rebuilding what others still support."""
        batch = c if isinstance(c, list) else [c]
        g = self.graph
        current_nodes = {n: g.nodes[n] for x in batch for n in x.nodes if n in g}
        current_edges = {
            (t, u, v): g.edges[u, v, t] for x in batch for t, u, v in x.edges if g.has_edge(u, v, t)
        }
        plan = plan_retract(batch, current_nodes, current_edges, self._facts_of)
        for (rel_type, source, target), record in plan.edges.items():
            if record is None:
                g.remove_edge(source, target, rel_type)
            else:
                _replace(g.edges[source, target, rel_type], record)
        for node_id, record in plan.nodes.items():
            old_keys = set(g.nodes[node_id].get("keys", ()))
            if record is None:
                g.remove_node(node_id)
                self.index.discard(node_id, old_keys)
            else:
                _replace(g.nodes[node_id], record)
                self.index.discard(node_id, old_keys - set(record.get("keys", ())))
        for x in batch:
            doc_node = document_node_id(x.doc_id)
            if doc_node in g:
                g.remove_node(doc_node)
            self.index.remove_document(x.doc_id)
        self.index.changed()

    def _facts_of(self, doc_ids: list[str], raw: bool = False) -> list[DocumentFacts]:
        """The stored facts of these documents, as the graph folds them (``raw``: as stored)."""
        found = [f for d in doc_ids if (f := self.document_facts(d)) is not None]
        return found if raw else [self._rewrite.facts(f) for f in found]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a write builds many small records.

    The records form no cycles (reference counting frees them), but their sheer
    number makes the collector rescan them again and again, which cost about a
    third of the time of a large write. Afterwards everything alive is frozen,
    so the new records are not scanned young either. A process that had frozen
    its objects already (the API server freezes the loaded graph) keeps them
    frozen; otherwise they are unfrozen at once into the oldest generation (no
    scan), where any cyclic garbage among them is still collected.
    """
    enabled = gc.isenabled()
    was_frozen = gc.get_freeze_count() > 0
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if not was_frozen:
            gc.unfreeze()
        if enabled:
            gc.enable()


def _without_ends(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("type", "source", "target")}


def _replace(data: dict[str, Any], record: dict[str, Any]) -> None:
    data.clear()
    data.update(record)
