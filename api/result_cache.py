"""Answers of catalogue queries kept between requests, for as long as the graph is unchanged.

Analysts ask the same few questions over and over ("what does KT co-fund?"),
and on the embedded store the graph only changes through this process's own
writes, each of which bumps the store's generation: an answer cached under the
generation it was computed from is exact until the next write, and the first
request after a write drops the whole cache. Neo4j may be written by anyone
(a load, Browser, another API process), so its answers are never cached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from cachetools import LRUCache

from graph.stores import EmbeddedStore, GraphStore

T = TypeVar("T")


def generation_of(store: GraphStore) -> int | None:
    """A number that changes whenever the store's graph does; None when that is unknowable."""
    if isinstance(store, EmbeddedStore):
        return store.generation()
    return None


class ResultCache:
    """An LRU of answers, each valid for the store generation it was computed from."""

    def __init__(self, size: int) -> None:
        self._entries: LRUCache[Hashable, object] | None = LRUCache(size) if size else None
        self._generation: int | None = None
        self.hits = 0
        self.misses = 0

    async def get(self, store: GraphStore, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        # Read before computing: a write landing meanwhile bumps the generation past
        # this one, so the next request clears what this one stores.
        generation = generation_of(store)
        if self._entries is None or generation is None:
            return await compute()
        if generation != self._generation:
            self._entries.clear()
            self._generation = generation
        try:
            value = self._entries[key]
        except KeyError:
            self.misses += 1
            value = self._entries[key] = await compute()
            return value  # type: ignore[return-value]
        self.hits += 1
        return value  # type: ignore[return-value]
