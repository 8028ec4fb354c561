"""Writers side by side give the graph that the same writes one after the other give.

On both stores: two loaders on the two halves of a corpus (then one replacing
documents while the other retracts), and several API writers posting articles
while readers query. Each ends with an export equal, byte for byte, to that of a
sequential run; no request answers 5xx.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from http_server import serving, settings_for
from synthetic import synthetic_document

from api.app import create_app
from api.ingest import ingest
from api.models import DocumentIn
from graph.export import export_json
from graph.loading import apply_in_batches, retract_documents
from graph.model import DocumentFacts
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent
KEY = "concurrency-key"
HALF = 80
CHANGED = range(0, 40, 2)  # new versions, from the first half
RETRACTED = range(HALF + 1, HALF + 41, 2)  # from the second half
Export = dict[str, list[dict[str, Any]]]


def exported(graph: Export) -> str:
    """The export as the bytes compared (key order and list order kept)."""
    return json.dumps(graph, ensure_ascii=False)


def document(number: int, version: int = 0) -> DocumentFacts:
    facts = synthetic_document(number, seed=5, n_nodes=20, n_edges=25, version=version)
    # One confidence for every statement: a noisy-or rounded to four decimals after
    # each document depends on the order of three or more different confidences, and
    # side-by-side writers change the order; the test is about lost writes.
    return replace(facts, edges=[replace(e, confidence=0.6) for e in facts.edges])


def run_together(*jobs: Callable[[], None]) -> None:
    """Run the jobs in threads started at once; re-raise the first failure."""
    start = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        start.wait()
        try:
            job()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a writer hung"
    if failures:
        raise failures[0]


# -- two loaders -------------------------------------------------------------


def load_steps(first: GraphStore, second: GraphStore, together: bool) -> None:
    """Both halves, then new versions in one half while the other half loses documents."""
    halves = (
        lambda: apply_in_batches(first, [document(i) for i in range(HALF)], batch_size=8),
        lambda: apply_in_batches(
            second, [document(i) for i in range(HALF, 2 * HALF)], batch_size=8
        ),
    )
    changes = (
        lambda: apply_in_batches(first, [document(i, version=1) for i in CHANGED], batch_size=4),
        lambda: retract_documents(second, [f"syn_5_{i:06d}" for i in RETRACTED]),
    )
    for step in (halves, changes):
        if together:
            run_together(*step)
        else:
            for job in step:
                job()


@contextmanager
def loader_pair(store: GraphStore, request: pytest.FixtureRequest) -> Iterator[list[GraphStore]]:
    """Two more stores over the database of ``store``, as two loading processes have."""
    if isinstance(store, EmbeddedStore):
        pair: list[GraphStore] = [EmbeddedStore(store.data_dir) for _ in range(2)]
    else:
        pair = [request.getfixturevalue("neo4j_server").store() for _ in range(2)]
    for s in pair:
        s.open()
    try:
        yield pair
    finally:
        for s in pair:
            s.close()


def current_export(store: GraphStore) -> Export:
    if isinstance(store, EmbeddedStore):
        # Another process's writes reach the embedded graph when it is opened.
        fresh = EmbeddedStore(store.data_dir)
        fresh.open()
        try:
            return export_json(fresh)
        finally:
            fresh.close()
    return export_json(store)


def test_two_loaders_side_by_side_write_what_one_after_the_other_write(
    store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    reference = EmbeddedStore(tmp_path / "sequential")
    reference.open()
    try:
        load_steps(reference, reference, together=False)
        expected = exported(export_json(reference))
    finally:
        reference.close()

    with loader_pair(store, request) as (first, second):
        load_steps(first, second, together=True)
    assert exported(current_export(store)) == expected
    assert len(store.document_ids()) == 2 * HALF - len(RETRACTED)


# -- API writers and readers -------------------------------------------------


def articles() -> list[tuple[str, str]]:
    paths = sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))
    paths += sorted((REPO / "seeds").glob("*.txt"))
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def post(client: httpx.Client, doc_id: str, text: str) -> httpx.Response:
    return client.post(
        "/documents",
        json={"id": doc_id, "text": text},
        headers={"X-API-Key": KEY},
    )


READS = (
    "/stats",
    "/export",
    "/documents?limit=5",
    "/queries/hosted_by?org=과기정통부",
    "/queries/partners_of?entity=KT",
)


def test_api_writers_and_readers_side_by_side(
    store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    corpus = articles()
    reference = EmbeddedStore(tmp_path / "sequential")
    reference.open()
    try:
        for doc_id, text in corpus:
            ingest(reference, DocumentIn(id=doc_id, text=text))
        expected = exported(export_json(reference))
    finally:
        reference.close()

    writers = 4
    # Each writer posts its share, and the first three articles too: the same
    # document from several writers at once is added once.
    shares = [corpus[i::writers] + corpus[:3] for i in range(writers)]
    statuses: list[int] = []
    done = threading.Event()
    settings = settings_for(store, request, api_key=KEY)
    with serving(create_app(settings)) as url:

        def write(share: Sequence[tuple[str, str]]) -> None:
            with httpx.Client(base_url=url, timeout=120) as client:
                for doc_id, text in share:
                    response = post(client, doc_id, text)
                    statuses.append(response.status_code)
                    # 201 for the one writer that added it, 200 for the others.
                    created = response.json().get("status") == "added"
                    assert response.status_code == (201 if created else 200), response.text

        def read() -> None:
            with httpx.Client(base_url=url, timeout=120) as client:
                while not done.is_set():
                    for path in READS:
                        statuses.append(client.get(path).status_code)

        def writers_then_stop() -> None:
            try:
                run_together(*(lambda s=s: write(s) for s in shares))
            finally:
                done.set()

        run_together(writers_then_stop, read, read)
        final = httpx.get(f"{url}/export", timeout=120)
    assert not [s for s in statuses if s >= 500]
    assert final.status_code == 200
    assert exported(final.json()) == expected
    assert sorted(store.document_ids()) == sorted(doc_id for doc_id, _ in corpus)
