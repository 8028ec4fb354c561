"""Time of each export format on a synthetic graph, and of loading it back.

    python tests/benchmarks/bench_exports.py [--docs 1400] [--no-neo4j]

Builds the synthetic graph in the embedded store, then prints for each format
the time to write it and its size; the time networkx takes to read the GraphML
back; and, unless --no-neo4j, with Neo4j's own tools from the distribution the
test suite provisions: ``neo4j-admin database import full`` into a fresh server
(before it starts) and ``cypher-shell -f`` into an empty one, each followed by
the check that the database exports exactly as the original graph.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from neo4j_server import (  # noqa: E402
    java_executable,
    neo4j_admin,
    neo4j_classpath,
    provisioned_neo4j,
)
from synthetic import synthetic_corpus  # noqa: E402

from graph.export import export_json  # noqa: E402
from graph.exporters import EXPORTERS, write_export  # noqa: E402
from graph.exporters.admin_csv import write_admin_csv  # noqa: E402
from graph.exporters.graphml import read_graphml_export  # noqa: E402
from graph.loading import apply_in_batches  # noqa: E402
from graph.stores.embedded import EmbeddedStore  # noqa: E402
from graph.stores.neo4j import Neo4jStore  # noqa: E402

GraphJson = dict[str, list[dict[str, object]]]


def build(docs: int, directory: Path) -> GraphJson:
    store = EmbeddedStore(directory)
    store.open()
    try:
        apply_in_batches(store, synthetic_corpus(docs), batch_size=500)
        return export_json(store)
    finally:
        store.close()


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def bench_writes(graph: GraphJson, out: Path) -> None:
    for name in EXPORTERS:
        target = out / ("admin" if EXPORTERS[name].directory else EXPORTERS[name].filename)
        started = time.perf_counter()
        write_export(graph, name, target)
        seconds = time.perf_counter() - started
        print(f"write {name:12s} {seconds:6.2f}s  {size_of(target) / 1e6:7.1f} MB", flush=True)
    started = time.perf_counter()
    same = read_graphml_export(out / EXPORTERS["graphml"].filename) == graph
    seconds = time.perf_counter() - started
    print(f"read graphml (networkx + decode) {seconds:6.2f}s  same graph: {same}", flush=True)


def exported_from(uri: str, user: str, password: str) -> GraphJson:
    store = Neo4jStore(uri, user, password)
    store.open()
    try:
        return export_json(store)
    finally:
        store.close()


def bench_admin_import(graph: GraphJson, out: Path) -> None:
    export = write_admin_csv(graph, out / "admin")
    timed: list[float] = []

    def import_into(home: Path) -> None:
        started = time.perf_counter()
        neo4j_admin(
            home,
            "database",
            "import",
            "full",
            "neo4j",
            *export.import_options(out / "admin"),
            heap="1g",
        )
        timed.append(time.perf_counter() - started)

    with provisioned_neo4j(before_start=import_into) as server:
        same = exported_from(server.uri, server.user, server.password) == graph
    print(f"neo4j-admin database import full  {timed[0]:6.2f}s  same graph: {same}", flush=True)


def bench_cypher_shell(graph: GraphJson, out: Path) -> None:
    script = out / EXPORTERS["cypher"].filename
    with provisioned_neo4j() as server:
        command = [
            java_executable(),
            "-Dfile.encoding=UTF-8",
            "-cp",
            os.pathsep.join(neo4j_classpath()),
            "org.neo4j.shell.Main",
            "--address",
            server.uri,
            "--fail-fast",
            "--non-interactive",
            "--file",
            str(script),
        ]
        env = os.environ | {"NEO4J_USERNAME": server.user, "NEO4J_PASSWORD": server.password}
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True, timeout=3600)
        seconds = time.perf_counter() - started
        same = exported_from(server.uri, server.user, server.password) == graph
    print(f"cypher-shell -f graph.cypher      {seconds:6.2f}s  same graph: {same}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1400, help="synthetic documents")
    parser.add_argument("--no-neo4j", action="store_true", help="skip the Neo4j imports")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govkg-bench-exports-") as tmp:
        out = Path(tmp)
        graph = build(args.docs, out / "data")
        nodes, edges = len(graph["nodes"]), len(graph["edges"])
        print(f"synthetic graph: {nodes:,} nodes + {edges:,} edges = {nodes + edges:,}")
        bench_writes(graph, out)
        if not args.no_neo4j:
            bench_admin_import(graph, out)
            bench_cypher_shell(graph, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
