"""The embedded store's persistent graph tables: opened as they are, kept incrementally.

The contract tests (test_stores.py, test_parity.py) check what the store holds; these
check how: that opening reads no ledger, that an older store is refolded once, that
the kept counts and the incremental inference equal what a full pass computes, and
that a read does not wait for a write.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from synthetic import synthetic_corpus, synthetic_document

from graph.export import export_json
from graph.inference import inferred_edges, refresh_inferences
from graph.loading import (
    BATCH_BY_STORE,
    DEFAULT_BATCH,
    apply_in_batches,
    default_batch,
    retract_documents,
)
from graph.stores.embedded import EmbeddedStore
from graph.stores.graph_tables import GraphWriter
from graph.stores.neo4j import Neo4jStore
from queries.catalogue import run_query

CORPUS = synthetic_corpus(120, seed=5)


def _opened(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    store.open()
    return store


def test_opening_reads_the_graph_tables_not_the_ledger(tmp_path: Path) -> None:
    store = _opened(tmp_path / "data")
    apply_in_batches(store, CORPUS, batch_size=25)
    before = export_json(store)
    # Spoil every stored document: a store that folded its ledger at open would fail.
    store.db.execute("UPDATE documents SET facts = 'not json'")
    store.close()
    reopened = _opened(tmp_path / "data")
    try:
        assert export_json(reopened) == before
        assert run_query(reopened, "stats", {})
    finally:
        reopened.close()


def test_a_store_of_an_older_format_is_refolded_once_on_open(tmp_path: Path) -> None:
    store = _opened(tmp_path / "data")
    apply_in_batches(store, CORPUS, batch_size=25)
    before = export_json(store)
    # What a store written before the graph tables holds: the ledger alone.
    for table in ("nodes", "edges", "edge_sources", "mentions", "name_keys", "counts"):
        store.db.execute(f"DELETE FROM {table}")
    store.db.execute("DELETE FROM meta WHERE name = 'graph_version'")
    store.close()
    reopened = _opened(tmp_path / "data")
    try:
        assert export_json(reopened) == before
    finally:
        reopened.close()


def _recount(store: EmbeddedStore) -> dict[str, dict[str, int]]:
    labels: dict[str, int] = {}
    for node in store.nodes():
        labels[node["label"]] = labels.get(node["label"], 0) + 1
    types: dict[str, int] = {}
    for edge in store.edges():
        types[edge["type"]] = types.get(edge["type"], 0) + 1
    return {"labels": dict(sorted(labels.items())), "types": dict(sorted(types.items()))}


def test_kept_counts_equal_a_recount_through_loads_replacements_and_retractions(
    embedded_store: EmbeddedStore,
) -> None:
    def kept() -> dict[str, dict[str, int]]:
        stats = embedded_store.stats()
        return {"labels": stats["labels"], "types": stats["types"]}

    apply_in_batches(embedded_store, CORPUS[:80], batch_size=20)
    assert kept() == _recount(embedded_store)
    changed = [synthetic_document(i, seed=5, version=1) for i in range(0, 80, 7)]
    apply_in_batches(embedded_store, changed + CORPUS[80:])
    assert kept() == _recount(embedded_store)
    retract_documents(embedded_store, [f.document.id for f in CORPUS[::5]])
    assert kept() == _recount(embedded_store)
    assert kept()["types"]["MENTIONED_IN"] > 0


def _inferred(store: EmbeddedStore) -> list[dict[str, object]]:
    return [e for e in store.edges() if e.get("inferred")]


def test_incremental_inference_equals_one_pass_over_the_whole_graph(
    embedded_store: EmbeddedStore,
) -> None:
    # Refreshed after every batch, each time only for the offices the batch changed.
    for start in range(0, len(CORPUS), 10):
        apply_in_batches(embedded_store, CORPUS[start : start + 10])
    retract_documents(embedded_store, [f.document.id for f in CORPUS[3:40:4]])
    apply_in_batches(embedded_store, [synthetic_document(i, seed=5, version=2) for i in (1, 50)])
    full = {(e["type"], e["source"], e["target"]): e for e in inferred_edges(embedded_store)}
    kept = {(e["type"], e["source"], e["target"]): e for e in _inferred(embedded_store)}
    assert kept.keys() == full.keys() and kept
    for key, record in kept.items():
        assert record["sources"] == full[key]["sources"], key
        assert record["reasons"] == full[key]["reasons"], key


def test_a_refresh_with_nothing_changed_keeps_the_inferred_edges(
    embedded_store: EmbeddedStore,
) -> None:
    apply_in_batches(embedded_store, CORPUS)
    before = _inferred(embedded_store)
    assert refresh_inferences(embedded_store) == len(before) > 0
    assert _inferred(embedded_store) == before


def test_a_read_sees_the_last_committed_graph_while_a_write_runs(
    embedded_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_in_batches(embedded_store, CORPUS[:40])
    committed = embedded_store.stats()
    inside, release = threading.Event(), threading.Event()
    flush = GraphWriter.flush

    def held_flush(self: GraphWriter) -> None:
        flush(self)
        inside.set()  # the write has written its rows and not committed
        assert release.wait(30)

    monkeypatch.setattr(GraphWriter, "flush", held_flush)
    writer = threading.Thread(target=embedded_store.apply, args=(CORPUS[40:80],))
    writer.start()
    try:
        assert inside.wait(30)
        assert embedded_store.stats() == committed
        rows = run_query(embedded_store, "stats", {})
        assert {"kind": "total", "name": "documents", "count": 40} in rows
    finally:
        release.set()
        writer.join(30)
    monkeypatch.undo()
    assert embedded_store.stats()["documents"] == 80


def test_a_load_writes_in_the_batches_of_its_store(tmp_path: Path) -> None:
    store = _opened(tmp_path / "data")
    sizes: list[int] = []
    try:
        documents = synthetic_corpus(BATCH_BY_STORE["embedded"] + 5, seed=9)
        apply_in_batches(store, documents, on_batch=sizes.append)
        assert sizes == [BATCH_BY_STORE["embedded"], 5]
        assert store.stats()["labels"]["Document"] == len(documents)
    finally:
        store.close()
    assert default_batch(Neo4jStore("bolt://127.0.0.1:1", "neo4j", "x")) == DEFAULT_BATCH
