"""Lookups that keep catalogue queries on the embedded store from scanning the graph.

The store owns one `EmbeddedIndex` and tells it about every write: which node
gained or lost which name keys (`add`, `discard`), which relationships a
document states (`add_document`, `remove_document`) or supports through
inference (`set_inferred`), and that the graph changed (`changed`), which drops
whatever was derived from the old graph.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

import networkx as nx

from graph.contributions import EdgeKey

T = TypeVar("T")


class EmbeddedIndex:
    """Name key → node ids and document → relationships over a networkx graph.

    Plus whatever the queries derive from one version of the graph (`derived`).
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.by_key: dict[str, set[str]] = {}
        # Relationships by the document ids in their sources: stated, and inferred.
        self.stated: dict[str, tuple[EdgeKey, ...]] = {}
        self.inferred: dict[str, list[EdgeKey]] = {}
        self.generation = 0
        self._derived: dict[str, Any] = {}

    # -- kept current by the store ------------------------------------------

    def add(self, node_id: str, keys: Iterable[str]) -> None:
        for key in keys:
            ids = self.by_key.get(key)
            if ids is None:
                self.by_key[key] = {node_id}
            else:
                ids.add(node_id)

    def discard(self, node_id: str, keys: Iterable[str]) -> None:
        for key in keys:
            ids = self.by_key.get(key)
            if ids is not None:
                ids.discard(node_id)
                if not ids:
                    del self.by_key[key]

    def add_document(self, doc_id: str, edges: Iterable[EdgeKey]) -> None:
        self.stated[doc_id] = tuple(edges)

    def remove_document(self, doc_id: str) -> None:
        self.stated.pop(doc_id, None)

    def set_inferred(self, edges: Iterable[tuple[EdgeKey, Iterable[str]]]) -> None:
        """The inferred relationships now in the graph, each with its source documents."""
        self.inferred = {}
        for key, sources in edges:
            for doc_id in sources:
                self.inferred.setdefault(doc_id, []).append(key)

    def edges_of(self, doc_id: str) -> set[EdgeKey]:
        """Keys (type, source, target) of the relationships whose sources hold ``doc_id``."""
        return {*self.stated.get(doc_id, ()), *self.inferred.get(doc_id, ())}

    def changed(self) -> None:
        """The graph was written: what was derived from it is stale."""
        self.generation += 1
        self._derived.clear()

    # -- used by the queries --------------------------------------------------

    def resolve(self, key: str, labels: Collection[str] | None = None) -> list[str]:
        """Ids of the nodes known by this name key (name, alias or English name)."""
        nodes = self.graph.nodes
        return sorted(
            n for n in self.by_key.get(key, ()) if labels is None or nodes[n]["label"] in labels
        )

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per version of the graph."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]
