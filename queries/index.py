"""What the catalogue's Python faces read: the stored graph, its name keys, and caches.

The store syncs the index to the version of the graph a read sees (`sync`); a new
version drops whatever the queries derived from the old one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, TypeVar

from graph.stores.graph_view import StoredGraph

T = TypeVar("T")


class EmbeddedIndex:
    """The graph view plus whatever the queries derive from one version of it (`derived`)."""

    def __init__(self, graph: StoredGraph) -> None:
        self.graph = graph
        self.generation = 0
        self._derived: dict[str, Any] = {}

    def sync(self, generation: int) -> None:
        """Reads now see this version of the graph."""
        if generation != self.generation:
            self.generation = generation
            self._derived.clear()
            self.graph.forget()

    # -- used by the queries --------------------------------------------------

    def resolve(self, key: str, labels: Collection[str] | None = None) -> list[str]:
        """Ids of the nodes known by this name key (name, alias or English name)."""
        g = self.graph
        return [n for n in g.ids_of_key(key) if labels is None or g.name_label(n)[1] in labels]

    def ids_of_key(self, key: str) -> list[str]:
        return self.graph.ids_of_key(key)

    def keys_starting(self, fragment: str) -> list[str]:
        """The name keys that start with ``fragment``, sorted."""
        return self.graph.keys_starting(fragment)

    def keys_containing(self, fragment: str) -> list[str]:
        """The name keys that contain ``fragment`` (which holds no whitespace)."""
        return self.graph.keys_containing(fragment)

    def edges_of(self, doc_id: str) -> set[tuple[str, str, str]]:
        """Keys (type, source, target) of the relationships whose sources hold ``doc_id``."""
        return self.graph.edges_of_document(doc_id)

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per version of the graph."""
        if name not in self._derived:
            self._derived[name] = build()
        return self._derived[name]
