"""The two stores hold the same graph after the same large load.

Ten thousand synthetic documents (hub ministries and companies seen in thousands of
them, office holders changing over the years, so that inference has successions to
make) go into both stores in each store's own batches; the whole exports, inferred
SUCCEEDS relationships included, must be equal. Small graphs (test_parity.py) do not
reach what a large load does: hub records folded across many batches, and inference
over offices seen in hundreds of documents.
"""

from __future__ import annotations

from collections import Counter

import pytest
from synthetic import synthetic_corpus

from graph.export import export_json
from graph.loading import apply_in_batches
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore

DOCUMENTS = 10_000


@pytest.mark.slow
@pytest.mark.neo4j
def test_both_stores_export_the_same_graph_after_a_large_load(
    embedded_store: EmbeddedStore, neo4j_store: Neo4jStore
) -> None:
    corpus = synthetic_corpus(DOCUMENTS, seed=3)
    for store in (embedded_store, neo4j_store):
        apply_in_batches(store, corpus)
    embedded, neo4j = export_json(embedded_store), export_json(neo4j_store)
    assert len(embedded["nodes"]) > 30_000 and len(embedded["edges"]) > 150_000
    assert Counter(e["type"] for e in neo4j["edges"]) == Counter(
        e["type"] for e in embedded["edges"]
    )
    assert sum(e.get("inferred", False) for e in embedded["edges"]) > 0
    assert neo4j["nodes"] == embedded["nodes"]
    assert neo4j["edges"] == embedded["edges"]
