"""The embedded store survives being killed in the middle of writing.

A child process writes batch after batch of synthetic documents (new ones,
new versions of earlier ones, and retractions) and is killed with SIGKILL at
a random moment. After each kill the store must open, hold every document of
its ledger completely, and hold exactly the graph that those documents give.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.export import export_json
from graph.inference import refresh_inferences
from graph.loading import apply_in_batches
from graph.schema import document_node_id
from graph.stores.embedded import EmbeddedStore

TESTS_DIR = Path(__file__).resolve().parent
ROUNDS = 5

WRITER = """
import sys
sys.path.insert(0, sys.argv[1])
from synthetic import synthetic_document
from graph.stores.embedded import EmbeddedStore

data_dir, first = sys.argv[2], int(sys.argv[3])
store = EmbeddedStore(data_dir)
store.open()
print("ready", flush=True)
for step in range(400):
    start = first + step * 8
    batch = [synthetic_document(n, seed=11) for n in range(start, start + 8)]
    if step >= 2:
        # a new version of a document written two batches ago
        batch.append(synthetic_document(start - 16, seed=11, version=step))
    store.apply(batch)
    if step % 5 == 4:
        store.retract(f"syn_11_{start - 24:06d}")
store.close()
print("done", flush=True)
"""


def _check_consistent(data_dir: Path, rebuilt_dir: Path) -> int:
    """Open the store, check it against its ledger, and return how many documents it holds."""
    store = EmbeddedStore(data_dir)
    store.open()
    try:
        (integrity,) = store.db.execute("PRAGMA integrity_check").fetchone()
        assert integrity == "ok"
        ledger = store.document_ids()
        facts = [store.document_facts(doc_id) for doc_id in ledger]
        # The writer applies without refreshing inference, as a batch cut short would.
        refresh_inferences(store)
        nodes = {n["id"]: n for n in store.nodes()}
        edges = {(e["type"], e["source"], e["target"]): e for e in store.edges()}
        for doc_id, doc in zip(ledger, facts, strict=True):
            assert doc is not None
            assert document_node_id(doc_id) in nodes, doc_id
            for node in doc.nodes:
                assert node.id in nodes, (doc_id, node.id)
                assert doc_id in nodes[node.id]["sources"], (doc_id, node.id)
            for edge in doc.edges:
                assert edge.key in edges, (doc_id, edge.key)
                assert doc_id in edges[edge.key]["sources"], (doc_id, edge.key)
        exported = export_json(store)
    finally:
        store.close()

    rebuilt = EmbeddedStore(rebuilt_dir)
    rebuilt.open()
    try:
        apply_in_batches(rebuilt, [f for f in facts if f is not None])
        assert exported == export_json(rebuilt)
    finally:
        rebuilt.close()
    return len(ledger)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_writer_leaves_a_consistent_store(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(TESTS_DIR.parent)}
    held = 0
    for round_ in range(ROUNDS):
        wait = rng.uniform(0.2, 1.5)
        cmd = [sys.executable, "-c", WRITER, str(TESTS_DIR), str(data_dir), str(round_ * 10_000)]
        with subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        ) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            line = proc.stdout.readline()
            if line.strip() != "ready":
                proc.kill()
                pytest.fail(f"the writer did not start: {line!r} {proc.stderr.read()}")
            time.sleep(wait)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert proc.returncode == -signal.SIGKILL, (
                f"the writer finished before it was killed (seed {seed}); "
                "give it more work so that the kill lands mid-write"
            )
        count = _check_consistent(data_dir, tmp_path / f"rebuilt-{round_}")
        assert count >= held, f"round {round_}: documents were lost (seed {seed})"
        held = count
        print(f"round {round_}: killed after {wait:.2f}s, {count} documents held")
    assert held > 0, f"no write ever committed (seed {seed})"
