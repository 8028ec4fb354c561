"""The small interface every graph store implements."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from graph.model import DocumentFacts

if TYPE_CHECKING:
    from graph.corrections import Correction
    from queries.catalogue import Query


@dataclass(slots=True)
class ApplyReport:
    """What applying a batch of documents did, one list per outcome."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def extend(self, other: ApplyReport) -> None:
        self.added += other.added
        self.replaced += other.replaced
        self.unchanged += other.unchanged


@runtime_checkable
class GraphStore(Protocol):
    """A durable property graph holding the facts of many documents.

    Constructors do no I/O; `open` connects (and creates schema objects), `close`
    releases. Every write is atomic per call: all of it is stored or none.
    """

    name: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def apply(self, batch: Sequence[DocumentFacts]) -> ApplyReport:
        """Store each document's facts, replacing an earlier version of the document.

        A document whose checksum is unchanged is left alone, so applying the same
        document twice changes nothing.
        """
        ...

    def retract(self, doc_id: str) -> bool:
        """Remove a document and every fact only it supported. False if unknown."""
        ...

    def corrections(self) -> list[Correction]:
        """Every correction (`graph.corrections`), in force or undone, by id."""
        ...

    def add_correction(
        self, kind: str, args: dict[str, Any], note: str, author: str, created: str
    ) -> Correction:
        """Record a correction (its ``args`` checked and resolved to ids already) and fold
        the documents it touches again with it in force, as one write."""
        ...

    def undo_correction(
        self, correction: Correction, author: str, note: str, when: str
    ) -> Correction:
        """Mark a correction undone and fold the documents it touched again without it."""
        ...

    def document_ids(self) -> list[str]: ...

    def document_facts(self, doc_id: str) -> DocumentFacts | None: ...

    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Node records (entities and documents; all, or those with these ids), by id."""
        ...

    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Edge records (all, or of these types) with `type`, `source`, `target`, by key."""
        ...

    def replace_inferred(self, edges: Sequence[dict[str, Any]]) -> None:
        """Swap the cross-document inferred edges for a freshly computed set."""
        ...

    def refresh_inferred(self, compute: Callable[[Any], list[dict[str, Any]]]) -> int:
        """Swap the inferred edges for ``compute(reader)``, read and written as one step.

        ``reader`` has this protocol's ``nodes`` and ``edges``; concurrent refreshes
        run one after the other, each reading what the writes before it committed.
        """
        ...

    def stats(self) -> dict[str, Any]: ...

    def run_catalogue(self, query: Query, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of a catalogue query, its parameters already bound (`queries.catalogue.bind`).

        Each row is a plain JSON-able dict with the query's declared columns.
        """
        ...
