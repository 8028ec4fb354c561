"""Latency of the catalogue queries on a synthetic corpus.

    python tests/benchmarks/bench_queries.py [--docs 10000] [--runs 50] [--stores embedded]

Loads ``--docs`` synthetic documents (shared ministries, agencies, companies and
funds; programmes and meetings of their own) into each store, then runs every
catalogue query ``--runs`` times with parameters drawn from the graph (a
different entity each run, by name or alias) and prints the median (p50) and
95th percentile per query, in milliseconds, measured around `run_query` (binding
included, HTTP not). The first run of each query is left out: on Neo4j it
includes planning. Neo4j is the server named by NEO4J_URI (NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE), or else one provisioned by tests/neo4j_server.py;
its database is cleared.

Target: embedded p50 <= 5 ms for every query on the graph of 10,000 documents.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from synthetic import POOLS, synthetic_document  # noqa: E402

from graph.loading import apply_in_batches  # noqa: E402
from graph.stores.base import GraphStore  # noqa: E402
from graph.stores.embedded import EmbeddedStore  # noqa: E402
from graph.stores.neo4j import Neo4jStore  # noqa: E402
from queries.catalogue import catalogue, run_query  # noqa: E402

TARGET_P50_MS = 5.0
Params = dict[str, Any]


def parameter_makers(docs: int) -> dict[str, Callable[[random.Random], Params]]:
    """For each query (and a few variants), parameters drawn at random from the corpus."""

    def pooled(label: str, prefix: str, spaced: bool = True) -> Callable[[random.Random], str]:
        return lambda rng: f"{prefix}{' ' if spaced else ''}{rng.randrange(POOLS[label])}"

    ministry, company = pooled("Ministry", "가상부"), pooled("Company", "가상기업")
    fund, program = pooled("Fund", "가상펀드"), pooled("Program", "공동사업")
    return {
        "cofunded_programs": lambda r: {"company": company(r)},
        "hosted_by": lambda r: {"org": ministry(r)},
        "hosts_of": lambda r: {"program": program(r)},
        "funders_of": lambda r: {"target": fund(r)},
        "funding_by": lambda r: {"org": company(r)},
        "partners_of": lambda r: {"entity": pooled("Ministry", "가상부", spaced=False)(r)},
        "participants_of": lambda r: {"program": program(r)},
        "office_holders": lambda r: {"org": ministry(r)},
        "entity": lambda r: {"name": company(r)},
        "entity (a ministry)": lambda r: {"name": ministry(r)},
        "search": lambda r: {"q": company(r)},
        "search (short text)": lambda r: {"q": f"가상기업 {r.randrange(10)}", "limit": 20},
        "evidence": lambda r: stated_fact(r, docs),
        "timeline": lambda r: {"entity": company(r)},
        "path_between": lambda r: {"a": company(r), "b": company(r), "max_hops": 4},
        "central_actors": lambda r: {"top": 10},
        "stats": lambda r: {},
        "documents": lambda r: {"limit": 100, "offset": r.randrange(docs)},
        "document_facts": lambda r: {"doc_id": f"syn_0_{r.randrange(docs):06d}"},
    }


def stated_fact(rng: random.Random, docs: int) -> Params:
    """The source, type and target of a relationship some document of the corpus states."""
    facts = synthetic_document(rng.randrange(docs))
    names = {n.id: n.name for n in facts.nodes}
    edge = rng.choice(facts.edges)
    return {"source": names[edge.source], "type": edge.type, "target": names[edge.target]}


def time_query(store: GraphStore, name: str, make: Callable[[random.Random], Params], runs: int):
    rng = random.Random(name)
    query = name.split(" ", 1)[0]
    run_query(store, query, make(rng))  # planning (Neo4j) and caches, left out
    times, rows = [], 0
    for _ in range(runs):
        params = make(rng)
        started = time.perf_counter()
        rows += len(run_query(store, query, params))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], rows / runs


def print_first_after_a_write(
    store: GraphStore, makers: dict[str, Callable[[random.Random], Params]], docs: int
) -> None:
    """The first run of the queries whose embedded face caches what it derives, after a write.

    A write drops what the embedded store derived from the graph (sorted keys for
    search, centrality, counts); the first query after it derives again.
    """
    store.apply([synthetic_document(docs)])
    rng = random.Random(0)
    firsts = []
    for name in ("search", "central_actors", "stats", "documents"):
        started = time.perf_counter()
        run_query(store, name, makers[name](rng))
        firsts.append(f"{name} {(time.perf_counter() - started) * 1000:.0f} ms")
    print("first run after a write: " + ", ".join(firsts))


@contextmanager
def opened(kind: str, stack: ExitStack) -> Iterator[GraphStore]:
    if kind == "embedded":
        store: GraphStore = EmbeddedStore(Path(stack.enter_context(tempfile.TemporaryDirectory())))
    else:
        if os.environ.get("NEO4J_URI"):
            env = os.environ
            user, password = env.get("NEO4J_USER", "neo4j"), env.get("NEO4J_PASSWORD", "neo4j")
            store = Neo4jStore(env["NEO4J_URI"], user, password, env.get("NEO4J_DATABASE", "neo4j"))
        else:
            from neo4j_server import provisioned_neo4j

            server = stack.enter_context(provisioned_neo4j())
            store = Neo4jStore(server.uri, server.user, server.password)
    store.open()
    try:
        if isinstance(store, Neo4jStore):
            store.clear()
        yield store
    finally:
        store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--stores", default="embedded", help="embedded,neo4j")
    args = parser.parse_args()
    makers = parameter_makers(args.docs)
    missing = set(catalogue()) - {name.split(" ", 1)[0] for name in makers}
    assert not missing, f"no parameters for {missing}"
    failed = False
    for kind in args.stores.split(","):
        with ExitStack() as stack, opened(kind, stack) as store:
            started = time.perf_counter()
            corpus = (synthetic_document(i) for i in range(args.docs))
            apply_in_batches(store, corpus, batch_size=500)
            stats = store.stats()
            print(
                f"\n{kind}: {args.docs} documents, {stats['nodes']} nodes, {stats['edges']} edges"
                f" (loaded in {time.perf_counter() - started:.0f} s); {args.runs} runs per query"
            )
            print(f"{'query':<24} {'p50 ms':>8} {'p95 ms':>8} {'rows':>6}")
            for name, make in makers.items():
                p50, p95, rows = time_query(store, name, make, args.runs)
                print(f"{name:<24} {p50:8.2f} {p95:8.2f} {rows:6.1f}")
                failed |= kind == "embedded" and p50 > TARGET_P50_MS
            print_first_after_a_write(store, makers, args.docs)
    if "embedded" in args.stores:
        print(f"\nembedded target p50 <= {TARGET_P50_MS:g} ms: {'missed' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
