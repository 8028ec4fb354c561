"""Writing facts into a store in batches, then refreshing cross-document inference."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from graph.errors import BadParameterError
from graph.identity import is_path_id
from graph.inference import refresh_inferences
from graph.model import DocumentFacts
from graph.schema import document_node_id
from graph.stores.base import ApplyReport, GraphStore

# Documents per transaction. The embedded store writes each touched page once per
# transaction, so larger ones cost less per document (1,000: a fifth less time than
# 200 at 10,000 and 30,000 documents); a Neo4j server gains nothing past 200 and holds
# the whole transaction in its memory.
DEFAULT_BATCH = 200
BATCH_BY_STORE = {"embedded": 1000}


def default_batch(store: GraphStore) -> int:
    return BATCH_BY_STORE.get(getattr(store, "name", ""), DEFAULT_BATCH)


def apply_in_batches(
    store: GraphStore,
    facts: Iterable[DocumentFacts],
    *,
    batch_size: int | None = None,
    on_batch: Callable[[int], None] | None = None,
    on_refused: Callable[[tuple[str, str]], None] | None = None,
) -> ApplyReport:
    """Apply documents batch by batch (each batch atomic; ``batch_size`` documents, by
    default the store's `default_batch`), then refresh inference.

    Interrupting between batches loses nothing already written, and running the
    same load again skips the documents that are already stored unchanged. A document
    whose path gives an id already stored from another path is refused (reported
    through ``on_refused``), never written over the other.
    """
    report = ApplyReport()
    iterator = iter(facts)
    size = batch_size or default_batch(store)
    while batch := list(islice(iterator, size)):
        accepted, refused = batch, []
        if on_refused is not None:
            accepted, refused = split_clashes(store, batch)
            for failure in refused:
                on_refused(failure)
        if accepted:
            report.extend(store.apply(accepted))
        if on_batch is not None:
            on_batch(len(batch))
    refresh_inferences(store)
    return report


def refuse_hand_made(store: GraphStore, doc_ids: Iterable[str]) -> None:
    wanted = set(doc_ids)
    for c in store.corrections():
        if c.in_force and c.document_id in wanted:
            raise BadParameterError(
                f"{c.document_id} holds correction {c.id}'s hand-made facts: "
                f"undo the correction (govkg correct undo {c.id}) instead"
            )


def split_clashes(
    store: GraphStore, batch: list[DocumentFacts]
) -> tuple[list[DocumentFacts], list[tuple[str, str]]]:
    """The documents that may be written, and a one-line refusal for each that may not:
    its id comes from its path and is stored from a different path (x.txt beside x.json,
    or names that sanitize alike). A given id or a URL's id names the same article from
    any path, so storing it again is an update."""
    wanted = [document_node_id(f.document.id) for f in batch]
    stored = {n.get("doc_id"): n.get("path") for n in store.nodes(wanted)}
    accepted: list[DocumentFacts] = []
    refused: list[tuple[str, str]] = []
    for facts in batch:
        doc = facts.document
        other = stored.get(doc.id)
        if other and doc.path and other != doc.path and is_path_id(doc.id, doc.path):
            reason = f"document id {doc.id!r} is already stored from {other}; not loaded"
            refused.append((doc.path, reason))
        else:
            accepted.append(facts)
    return accepted, refused


def retract_documents(store: GraphStore, doc_ids: Iterable[str]) -> list[str]:
    """Retract documents; returns the ids that were not stored.

    A correction's own document (its hand-made facts) is not retracted this way: undoing
    the correction does that and keeps the ledger right. Nothing is retracted then.
    """
    doc_ids = list(doc_ids)
    refuse_hand_made(store, doc_ids)
    unknown = [d for d in doc_ids if not store.retract(d)]
    refresh_inferences(store)
    return unknown
