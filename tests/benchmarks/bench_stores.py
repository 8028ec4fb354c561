"""Write throughput of the graph stores on a synthetic corpus.

    python tests/benchmarks/bench_stores.py [--docs 2500] [--batch 200] [--repeat 3]
                                            [--stores embedded,neo4j]

Writes a corpus of synthetic documents (shared ministries, agencies and
companies; programmes, funds and meetings; HEADS, FUNDS, HOSTS, PARTNERS_WITH,
...) into each store in batches and prints rows per second, where rows are
the nodes and relationships written (entities, Document nodes, fact edges and
MENTIONED_IN edges). For Neo4j it also times the per-row path (one auto-commit
MERGE per row, on a sample) and prints the ratio; for the embedded store, the
time to open (rebuild) the written graph. Each figure is the best of
``--repeat`` runs (the median is printed too), as other work on the machine
only ever slows a run down. Neo4j is the server named by
NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), or else one
provisioned for the run by tests/neo4j_server.py.

Targets on a 2-core machine: embedded >= 100,000 rows/s; Neo4j batched
>= 20,000 rows/s and >= 50x its per-row path.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from synthetic import synthetic_corpus  # noqa: E402

from graph.contributions import contribution_of  # noqa: E402
from graph.inference import refresh_inferences  # noqa: E402
from graph.model import DocumentFacts  # noqa: E402
from graph.schema import label_of_id  # noqa: E402
from graph.stores.base import GraphStore  # noqa: E402
from graph.stores.embedded import EmbeddedStore  # noqa: E402
from graph.stores.neo4j import Neo4jStore  # noqa: E402

TARGETS = {"embedded": 100_000.0, "neo4j": 20_000.0}
PER_ROW_RATIO_TARGET = 50.0


def rows_of(corpus: Sequence[DocumentFacts]) -> int:
    """Nodes and relationships a store writes for these documents."""
    total = 0
    for facts in corpus:
        c = contribution_of(facts)
        total += 1 + len(c.nodes) + len(c.edges) + len(c.mentions)
    return total


def batched_write(
    store: GraphStore, lines: Sequence[str], batch: int, cpu: list[float] | None = None
) -> float:
    """Seconds spent in ``store.apply``, one call per batch.

    The corpus is held as facts JSON lines, as `govkg load` reads it from a facts
    file, and each batch is decoded just before it is written (not timed): the
    process then holds the graph and one batch, not the whole corpus as objects.
    ``cpu`` (if given) receives the CPU seconds this process spent in those calls.
    """
    seconds = cpu_seconds = 0.0
    for i in range(0, len(lines), batch):
        facts = [DocumentFacts.from_json(line) for line in lines[i : i + batch]]
        started, cpu_started = time.perf_counter(), time.process_time()
        store.apply(facts)
        seconds += time.perf_counter() - started
        cpu_seconds += time.process_time() - cpu_started
    if cpu is not None:
        cpu.append(cpu_seconds)
    return seconds


def report(name: str, rows: int, runs: list[float], store: GraphStore) -> float:
    """Print the batched figure (best of the runs, and the median); returns the best rate."""
    best, median = rows / min(runs), rows / statistics.median(runs)
    stats = store.stats()
    size = stats["nodes"] + stats["edges"]
    target = TARGETS[name]
    verdict = "ok" if best >= target else "BELOW TARGET"
    print(
        f"{name:9s} batched: {rows:,} rows in {min(runs):.2f}s = {best:,.0f} rows/s "
        f"(median of {len(runs)}: {median:,.0f}; target {target:,.0f}: {verdict}); "
        f"graph {stats['nodes']:,} nodes + {stats['edges']:,} edges = {size:,}",
        flush=True,
    )
    return best


def bench_embedded(corpus: Sequence[str], rows: int, batch: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="govkg-bench-") as tmp:
        runs: list[float] = []
        cpu: list[float] = []
        for run in range(repeat):
            store = EmbeddedStore(Path(tmp) / f"data-{run}")
            store.open()
            try:
                runs.append(batched_write(store, corpus, batch, cpu))
                if run < repeat - 1:
                    continue
                report("embedded", rows, runs, store)
                # The store runs in this process on one core: its CPU time is what the
                # write costs when the machine is not shared with other work.
                print(
                    f"embedded  batched, CPU time of the process: {min(cpu):.2f}s = "
                    f"{rows / min(cpu):,.0f} rows/s per core",
                    flush=True,
                )
                started = time.perf_counter()
                refresh_inferences(store)
                print(f"embedded  inference refresh: {time.perf_counter() - started:.2f}s")
            finally:
                store.close()
        reopened = EmbeddedStore(Path(tmp) / f"data-{repeat - 1}")
        started = time.perf_counter()
        reopened.open()
        seconds = time.perf_counter() - started
        reopened.close()
        print(f"embedded  open (rebuild from the ledger): {seconds:.2f}s", flush=True)


@contextmanager
def neo4j_target() -> Iterator[tuple[str, str, str, str]]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield (
            uri,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", "neo4j"),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        return
    from neo4j_server import provisioned_neo4j

    with provisioned_neo4j(heap="1g", pagecache="512m") as server:
        yield server.uri, server.user, server.password, "neo4j"


def per_row_statements(corpus: Sequence[DocumentFacts], limit: int) -> list[tuple[str, dict]]:
    """One MERGE per row, shaped like the batched statements: nodes, then edges."""
    nodes: list[tuple[str, dict[str, Any]]] = []
    edges: list[tuple[str, dict[str, Any]]] = []
    for facts in corpus:
        c = contribution_of(facts)
        for node_id, record in c.nodes.items():
            props = {k: v for k, v in record.items() if k != "label"}
            nodes.append(
                (
                    f"MERGE (n:{record['label']} {{id: $id}}) SET n = $props",
                    {"id": node_id, "props": props},
                )
            )
        for (rel_type, source, target), record in c.edges.items():
            edges.append(
                (
                    f"MATCH (a:{label_of_id(source)} {{id: $s}}) "
                    f"MATCH (b:{label_of_id(target)} {{id: $t}}) "
                    f"MERGE (a)-[r:{rel_type}]->(b) SET r = $props",
                    {"s": source, "t": target, "props": record},
                )
            )
        if len(nodes) + len(edges) >= limit:
            break
    # Edges only between nodes already written by the sample.
    written = {params["id"] for _, params in nodes}
    edges = [(q, p) for q, p in edges if p["s"] in written and p["t"] in written]
    n_nodes = min(len(nodes), limit // 2)
    sample = nodes[:n_nodes] + edges[: limit - n_nodes]
    return sample


def bench_neo4j(corpus: Sequence[str], rows: int, batch: int, sample: int, repeat: int) -> None:
    with neo4j_target() as (uri, user, password, database):
        store = Neo4jStore(uri, user, password, database)
        store.open()
        try:
            runs = []
            for _ in range(repeat):
                store.clear()
                runs.append(batched_write(store, corpus, batch))
            batched = report("neo4j", rows, runs, store)
            started = time.perf_counter()
            refresh_inferences(store)
            print(f"neo4j     inference refresh: {time.perf_counter() - started:.2f}s")

            per_row_runs = []
            for run in range(repeat):
                statements = per_row_statements(synthetic_corpus(200, seed=99 + run), sample)
                with store.driver.session(database=database) as session:
                    started = time.perf_counter()
                    for query, params in statements:
                        session.run(query, params).consume()
                    per_row_runs.append(len(statements) / (time.perf_counter() - started))
            per_row = max(per_row_runs)
            ratio = batched / per_row
            verdict = "ok" if ratio >= PER_ROW_RATIO_TARGET else "BELOW TARGET"
            print(
                f"neo4j     per-row:  {len(statements):,} rows, one auto-commit MERGE each: "
                f"{per_row:,.0f} rows/s (best of {repeat}); batched/per-row = {ratio:.0f}x "
                f"(target {PER_ROW_RATIO_TARGET:.0f}x: {verdict})",
                flush=True,
            )
            store.clear()
        finally:
            store.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=2500, help="synthetic documents")
    parser.add_argument("--batch", type=int, default=200, help="documents per write")
    parser.add_argument("--per-row-sample", type=int, default=2000, help="rows for per-row path")
    parser.add_argument("--stores", default="embedded,neo4j", help="comma-separated stores")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best is shown)")
    args = parser.parse_args(argv)
    # Stopped from outside: unwind, so that a provisioned server is stopped and removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    started = time.perf_counter()
    documents = synthetic_corpus(args.docs)
    rows = rows_of(documents)
    corpus = [facts.to_json() for facts in documents]
    del documents
    print(
        f"corpus: {len(corpus):,} documents, {rows:,} rows "
        f"(made in {time.perf_counter() - started:.1f}s); batches of {args.batch}",
        flush=True,
    )
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    if "embedded" in stores:
        bench_embedded(corpus, rows, args.batch, args.repeat)
    if "neo4j" in stores:
        bench_neo4j(corpus, rows, args.batch, args.per_row_sample, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
