"""Write throughput of the graph stores on a synthetic corpus.

    python tests/benchmarks/bench_stores.py [--docs 2500] [--batch 200] [--repeat 3]
                                            [--stores embedded,neo4j] [--warmup-docs N]

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

Neo4j is timed twice. Cold: the first load into the fresh server, which also
compiles (JIT) the server's code paths and plans every statement. Warm: after a
warm-up load of a throwaway corpus (``--warmup-docs``, another seed; by default
twice the corpus, as the server's JIT compiler settles only after about three
loads of it) and a few per-row statements, cleared again, the best of
``--repeat`` loads. For a server
this script provisions, it also prints where the server's CPU time went in the
cold run and in the best warm run, from the CPU time of the server's threads
(/proc): queries and commits (the Bolt worker threads), the JIT compilers, the
garbage collector, the rest.

``--stores neo4j-bulk`` times the bulk path of an initial build instead
(`graph.stores.neo4j_bulk`): fold in a temporary embedded store, write the CSV
files, ``neo4j-admin database import full`` into a fresh server's home before it
starts, then the constraints and indexes as the store first opens it.

Targets on a 2-core machine: embedded >= 100,000 rows/s; Neo4j batched
>= 20,000 rows/s and >= 50x its per-row path.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
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


def report(name: str, rows: int, runs: list[float], store: GraphStore, kind: str = "") -> float:
    """Print the batched figure (best of the runs, and the median); returns the best rate."""
    best, median = rows / min(runs), rows / statistics.median(runs)
    stats = store.stats()
    size = stats["nodes"] + stats["edges"]
    target = TARGETS[name]
    verdict = "ok" if best >= target else "BELOW TARGET"
    runs_note = f"median of {len(runs)}: {median:,.0f}; " if len(runs) > 1 else ""
    print(
        f"{name:9s} batched{', ' + kind if kind else ''}: {rows:,} rows in {min(runs):.2f}s "
        f"= {best:,.0f} rows/s ({runs_note}target {target:,.0f}: {verdict}); "
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
def neo4j_target(heap: str, pagecache: str) -> Iterator[tuple[str, str, str, str, Path | None]]:
    """(uri, user, password, database, home): home only for a server provisioned here."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield (
            uri,
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", "neo4j"),
            os.environ.get("NEO4J_DATABASE", "neo4j"),
            None,
        )
        return
    from neo4j_server import provisioned_neo4j

    with provisioned_neo4j(heap=heap, pagecache=pagecache) as server:
        yield server.uri, server.user, server.password, "neo4j", server.home


# -- where the server's CPU time goes ----------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
# Thread names (Linux truncates them to 15 characters) by what the threads do.
_THREAD_KINDS = (
    ("queries and commits", re.compile(r"neo4j\.BoltWork")),
    ("JIT compiler", re.compile(r"C[12] CompilerThre")),
    ("garbage collector", re.compile(r"GC Thread|G1 |VM Thread")),
    ("Bolt network I/O", re.compile(r"neo4j\.BoltNetw")),
)


def server_pid(home: Path) -> int | None:
    """The process id of the server running from ``home`` (Linux), if found."""
    marker = f"--home-dir={home}".encode()
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes():
                    return int(entry.name)
            except OSError:
                continue
    return None


def thread_cpu(pid: int | None) -> Counter[str]:
    """CPU seconds used so far by the process's threads, by kind."""
    used: Counter[str] = Counter()
    if pid is None:
        return used
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            stat = (task / "stat").read_text()
        except OSError:
            continue  # a thread that ended
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
        kind = next((k for k, pattern in _THREAD_KINDS if pattern.match(name)), "other")
        used[kind] += seconds
    return used


def profile_line(name: str, server: Counter[str], client: float) -> str:
    total = sum(server.values())
    parts = ", ".join(
        f"{kind} {seconds:.1f} ({100 * seconds / total:.0f}%)"
        for kind, seconds in server.most_common()
        if seconds >= 0.05
    )
    return (
        f"neo4j     {name:5s} CPU: server {total:.1f}s = {parts or 'nothing'}; client {client:.1f}s"
    )


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


def per_row_rate(store: Neo4jStore, database: str, statements: list[tuple[str, dict]]) -> float:
    """Rows per second of one auto-commit statement per row."""
    with store.driver.session(database=database) as session:
        started = time.perf_counter()
        for query, params in statements:
            session.run(query, params).consume()
        return len(statements) / (time.perf_counter() - started)


def bench_neo4j(
    corpus: Sequence[str],
    rows: int,
    batch: int,
    sample: int,
    repeat: int,
    warmup_docs: int,
    heap: str,
    pagecache: str,
) -> None:
    with neo4j_target(heap, pagecache) as (uri, user, password, database, home):
        pid = server_pid(home) if home is not None else None
        store = Neo4jStore(uri, user, password, database)
        store.open()
        try:
            # Cold: the first load into this server (fresh, when provisioned here).
            store.clear()
            cpu: list[float] = []
            before = thread_cpu(pid)
            cold = batched_write(store, corpus, batch, cpu)
            cold_server = thread_cpu(pid) - before
            report("neo4j", rows, [cold], store, "cold")
            if pid is not None:
                print(profile_line("cold", cold_server, cpu[0]), flush=True)

            # Warm-up on a throwaway corpus and per-row sample, then clear.
            store.clear()
            warmup = [f.to_json() for f in synthetic_corpus(warmup_docs, seed=1)]
            batched_write(store, warmup, batch)
            per_row_rate(store, database, per_row_statements(synthetic_corpus(50, seed=98), 500))
            del warmup

            runs: list[float] = []
            profiles: list[tuple[Counter[str], float]] = []
            for _ in range(repeat):
                store.clear()
                cpu = []
                before = thread_cpu(pid)
                runs.append(batched_write(store, corpus, batch, cpu))
                profiles.append((thread_cpu(pid) - before, cpu[0]))
            batched = report("neo4j", rows, runs, store, "warm")
            if pid is not None:
                warm_server, warm_client = profiles[runs.index(min(runs))]
                print(profile_line("warm", warm_server, warm_client), flush=True)
            started = time.perf_counter()
            refresh_inferences(store)
            print(f"neo4j     inference refresh: {time.perf_counter() - started:.2f}s")

            per_row_runs = []
            for run in range(repeat):
                statements = per_row_statements(synthetic_corpus(200, seed=99 + run), sample)
                per_row_runs.append(per_row_rate(store, database, statements))
            per_row = max(per_row_runs)
            ratio = batched / per_row
            verdict = "ok" if ratio >= PER_ROW_RATIO_TARGET else "BELOW TARGET"
            print(
                f"neo4j     per-row:  {len(statements):,} rows, one auto-commit MERGE each: "
                f"{per_row:,.0f} rows/s (best of {repeat}, warm); warm batched/per-row = "
                f"{ratio:.0f}x (target {PER_ROW_RATIO_TARGET:.0f}x: {verdict}); "
                f"cold batched/per-row = {rows / cold / per_row:.0f}x",
                flush=True,
            )
            store.clear()
        finally:
            store.close()


def bench_bulk(corpus: Sequence[str], rows: int, heap: str, pagecache: str) -> None:
    """The bulk path into a provisioned server: each step's seconds, and rows/s overall."""
    from neo4j_server import (
        ADMIN_TOOL,
        JVM_FLAGS,
        java_executable,
        neo4j_classpath,
        provisioned_neo4j,
    )

    from graph.stores.neo4j_bulk import BulkReport, bulk_load

    if os.environ.get("NEO4J_URI"):
        print("neo4j-bulk: needs a server provisioned here (NEO4J_URI is set); skipped")
        return
    admin = [java_executable(), f"-Xmx{heap}", *JVM_FLAGS, "-cp"]
    admin += [os.pathsep.join(neo4j_classpath()), ADMIN_TOOL]
    reports: list[BulkReport] = []
    with tempfile.TemporaryDirectory(prefix="govkg-bulk-") as tmp:

        def import_into(home: Path) -> None:
            env = os.environ | {"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
            facts = (DocumentFacts.from_json(line) for line in corpus)
            reports.append(bulk_load(facts, Path(tmp), admin=admin, env=env))

        with provisioned_neo4j(heap=heap, pagecache=pagecache, before_start=import_into) as srv:
            store = Neo4jStore(srv.uri, srv.user, srv.password)
            started = time.perf_counter()
            store.open()  # the constraints and indexes, built over the imported graph
            indexes = time.perf_counter() - started
            stats = store.stats()
            store.close()
            data = srv.home / "data"
            stored = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
    report = reports[0]
    steps = {**report.seconds, "constraints and indexes": indexes}
    total = sum(steps.values())
    print(
        f"neo4j-bulk: {rows:,} rows ({stats['nodes']:,} nodes + {stats['edges']:,} edges) "
        f"in {total:.2f}s = {rows / total:,.0f} rows/s; "
        + ", ".join(f"{step} {seconds:.2f}s" for step, seconds in steps.items())
        + f"; the server's data directory: {stored / 1e6:,.0f} MB",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=2500, help="synthetic documents")
    parser.add_argument("--batch", type=int, default=200, help="documents per write")
    parser.add_argument("--per-row-sample", type=int, default=2000, help="rows for per-row path")
    parser.add_argument(
        "--stores", default="embedded,neo4j", help="comma-separated: embedded, neo4j, neo4j-bulk"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best is shown)")
    parser.add_argument(
        "--warmup-docs",
        type=int,
        default=None,
        help="Neo4j warm-up corpus, another seed (default: twice --docs)",
    )
    parser.add_argument("--heap", default="1g", help="heap of a provisioned Neo4j server")
    parser.add_argument("--pagecache", default="512m", help="page cache of a provisioned server")
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
        bench_neo4j(
            corpus,
            rows,
            args.batch,
            args.per_row_sample,
            args.repeat,
            2 * args.docs if args.warmup_docs is None else args.warmup_docs,
            args.heap,
            args.pagecache,
        )
    if "neo4j-bulk" in stores:
        bench_bulk(corpus, rows, args.heap, args.pagecache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
