"""The embedded store's writes and the garbage collector's frozen generation."""

from __future__ import annotations

import gc

from graph.model import DocumentFacts
from graph.stores.embedded import EmbeddedStore


def test_a_write_keeps_what_the_process_froze(
    embedded_store: EmbeddedStore, gold_facts: list[DocumentFacts]
) -> None:
    # The API server freezes the loaded graph so full collections skip it; a write
    # through the API must not hand it back to the collector.
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        embedded_store.apply(gold_facts[:1])
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_a_write_in_a_process_that_froze_nothing_leaves_nothing_frozen(
    embedded_store: EmbeddedStore, gold_facts: list[DocumentFacts]
) -> None:
    gc.unfreeze()
    embedded_store.apply(gold_facts[:1])
    assert gc.get_freeze_count() == 0
