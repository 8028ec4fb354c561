"""Writing facts into a store in batches, then refreshing cross-document inference."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from graph.inference import refresh_inferences
from graph.model import DocumentFacts
from graph.stores.base import ApplyReport, GraphStore

DEFAULT_BATCH = 200


def apply_in_batches(
    store: GraphStore,
    facts: Iterable[DocumentFacts],
    *,
    batch_size: int = DEFAULT_BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> ApplyReport:
    """Apply documents batch by batch (each batch atomic), then refresh inference.

    Interrupting between batches loses nothing already written, and running the
    same load again skips the documents that are already stored unchanged.
    """
    report = ApplyReport()
    iterator = iter(facts)
    while batch := list(islice(iterator, batch_size)):
        report.extend(store.apply(batch))
        if on_batch is not None:
            on_batch(len(batch))
    refresh_inferences(store)
    return report


def retract_documents(store: GraphStore, doc_ids: Iterable[str]) -> list[str]:
    """Retract documents; returns the ids that were not stored."""
    unknown = [d for d in doc_ids if not store.retract(d)]
    refresh_inferences(store)
    return unknown
