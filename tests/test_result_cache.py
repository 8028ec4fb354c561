"""The API's cache of catalogue answers: kept while the graph is unchanged, dropped by any write."""

from __future__ import annotations

import asyncio

from api.result_cache import ResultCache, generation_of
from graph.model import DocumentFacts
from graph.stores.embedded import EmbeddedStore
from queries.catalogue import run_query


class Counting:
    """A catalogue query run through the cache, counting how often it really ran."""

    def __init__(self, store, name: str, params: dict[str, str]) -> None:
        self.store, self.name, self.params, self.runs = store, name, params, 0

    async def __call__(self) -> list[dict]:
        self.runs += 1
        return run_query(self.store, self.name, self.params)


def ask(cache: ResultCache, store, query: Counting, key: object = "k") -> list[dict]:
    return asyncio.run(cache.get(store, key, query))


def test_answers_are_reused_until_a_write(
    embedded_store: EmbeddedStore, gold_facts: list[DocumentFacts]
) -> None:
    kt_fund, *_ = [f for f in gold_facts if "company:kt" in {n.id for n in f.nodes}]
    cache = ResultCache(8)
    query = Counting(embedded_store, "cofunded_programs", {"company": "KT"})
    assert ask(cache, embedded_store, query) == [] and query.runs == 1
    assert ask(cache, embedded_store, query) == [] and query.runs == 1

    embedded_store.apply([kt_fund])
    rows = ask(cache, embedded_store, query)
    assert query.runs == 2 and [r["target"] for r in rows] == ["스마트 대한민국 펀드"]
    assert ask(cache, embedded_store, query) == rows and query.runs == 2

    embedded_store.retract(kt_fund.document.id)
    assert ask(cache, embedded_store, query) == [] and query.runs == 3
    assert (cache.hits, cache.misses) == (2, 3)


def test_a_write_during_the_query_leaves_nothing_stale(
    embedded_store: EmbeddedStore, gold_facts: list[DocumentFacts]
) -> None:
    cache = ResultCache(8)

    async def racing() -> str:
        embedded_store.apply(gold_facts[:1])  # lands while the answer is being computed
        return "an answer that may predate the write"

    asyncio.run(cache.get(embedded_store, "k", racing))
    query = Counting(embedded_store, "stats", {})
    totals = {
        r["name"]: r["count"] for r in ask(cache, embedded_store, query) if r["kind"] == "total"
    }
    assert totals["documents"] == 1 and query.runs == 1


def test_keys_are_kept_apart_and_the_least_recent_goes(embedded_store: EmbeddedStore) -> None:
    cache = ResultCache(2)
    queries = {k: Counting(embedded_store, "stats", {}) for k in "abc"}
    for key in "abca":
        ask(cache, embedded_store, queries[key], key)
    # a and b were cached, c pushed a out, so the second a ran again.
    assert {k: q.runs for k, q in queries.items()} == {"a": 2, "b": 1, "c": 1}


def test_size_zero_and_unversioned_stores_always_compute(embedded_store: EmbeddedStore) -> None:
    off = ResultCache(0)
    query = Counting(embedded_store, "stats", {})
    ask(off, embedded_store, query)
    ask(off, embedded_store, query)
    assert query.runs == 2

    class Remote:  # a store others may write to (like Neo4j): no generation to trust
        name = "remote"

    assert generation_of(Remote()) is None  # type: ignore[arg-type]
    remote = ResultCache(8)
    query = Counting(embedded_store, "stats", {})
    ask(remote, Remote(), query)
    ask(remote, Remote(), query)
    assert query.runs == 2
