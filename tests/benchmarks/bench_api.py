"""Latency and throughput of the HTTP API under 64 concurrent connections.

    python tests/benchmarks/bench_api.py [--docs 10000] [--requests 5000] [--rate 300]
                                         [--cache-size 1024 --cache-size 0]

Builds an embedded store from synthetic documents (shared ministries, agencies,
companies, funds; FUNDS, HOSTS, PARTNERS_WITH, ... with evidence) plus the four
seed articles, serves it with uvicorn (uvloop, httptools, one process) in a
subprocess on 127.0.0.1, and drives it from this process over ``--connections``
keep-alive connections: first each connection sends its next request as soon as
the last one is answered (the server saturated), then, for each ``--rate``, at
that fixed offered load, where a request's latency counts from when it was due.
For three catalogue queries (cofunded_programs, entity, partners_of, their
parameters rotating over many entities) and for the trivial ``GET /ping``
measured in the same run, it prints p50 and p99 latency as the client sees it,
requests per second, each route's throughput relative to /ping's, and the
server's CPU time per request (which other load on the machine barely moves).
It measures two servers over the same graph: one with the default result cache
(answers kept until the next write; the ~200 parameter sets per route repeat, so
most requests hit it) and one without (``GOVKG_RESULT_CACHE_SIZE=0``: every
request runs its query), or the sizes given with ``--cache-size``.

The client is a small asyncio HTTP/1.1 client (``--client raw``, the default) or
httpx's AsyncClient (``--client httpx``); the raw one costs less CPU, which matters
because client and server share the machine's cores.

Goals (embedded store): p50 <= 5 ms, p99 <= 25 ms, catalogue throughput >= half
of /ping's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from statistics import quantiles
from urllib.parse import urlencode

TESTS_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = TESTS_DIR.parent
sys.path.insert(0, str(TESTS_DIR))

from synthetic import synthetic_corpus  # noqa: E402

from graph.loading import apply_in_batches  # noqa: E402
from graph.model import DocumentFacts  # noqa: E402
from graph.stores.embedded import EmbeddedStore  # noqa: E402
from loaders.sources import read_inputs  # noqa: E402

SERVER = """
import sys, uvicorn
from api.app import create_app
from graph.config import Settings
app = create_app(Settings(store="embedded", data_dir=sys.argv[1]))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), loop="uvloop", http="httptools",
            log_level="warning", access_log=False)
"""

Fetch = Callable[[str], Awaitable[int]]


def build_store(data_dir: Path, docs: int) -> list[DocumentFacts]:
    seeds = list(read_inputs([REPO_ROOT / "seeds"], lambda failure: None))
    corpus = synthetic_corpus(docs) + seeds
    store = EmbeddedStore(data_dir)
    store.open()
    try:
        started = time.perf_counter()
        apply_in_batches(store, corpus, batch_size=500)
        stats = store.stats()
        print(
            f"graph: {len(corpus):,} documents, {stats['nodes']:,} nodes, "
            f"{stats['edges']:,} edges (loaded in {time.perf_counter() - started:.1f} s)"
        )
    finally:
        store.close()
    return corpus


def targets(corpus: Sequence[DocumentFacts], count: int = 200) -> dict[str, list[str]]:
    """Request paths per measured route, parameters rotating over entities in the graph."""
    names = {n.id: n.name for facts in corpus for n in facts.nodes}
    funders, partners = [], []
    for facts in corpus:
        for edge in facts.edges:
            if edge.type == "FUNDS" and edge.props.get("co_funded"):
                funders.append(names[edge.source])
            elif edge.type == "PARTNERS_WITH":
                partners.append(names[edge.source])
    funders = ["KT", "케이티", *sorted(set(funders))[:count]]
    partners = sorted(set(partners))[:count]
    entities = [*sorted(set(funders[2:] + partners))[:count], "과기정통부", "중기부"]

    def paths(name: str, param: str, values: list[str]) -> list[str]:
        return [f"/queries/{name}?{urlencode({param: v})}" for v in values]

    return {
        "GET /ping (trivial)": ["/ping"],
        "cofunded_programs": paths("cofunded_programs", "company", funders),
        "entity": paths("entity", "name", entities),
        "partners_of": paths("partners_of", "entity", partners),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, port: int, cache_size: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVKG_", "NEO4J_"))}
    env["GOVKG_RESULT_CACHE_SIZE"] = str(cache_size)
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(data_dir), str(port)], cwd=REPO_ROOT, env=env
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the API server exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the API server did not start")


# -- clients ----------------------------------------------------------------------


class RawConnection:
    """One keep-alive HTTP/1.1 connection: GET a path, read the whole response."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def get(self, path: str) -> int:
        if self.writer is None:
            await self.connect()
        assert self.reader is not None and self.writer is not None
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def drive(
    port: int,
    paths: list[str],
    total: int,
    connections: int,
    client: str,
    rate: float | None = None,
    warmup: int = 500,
) -> tuple[list[float], float]:
    """``warmup`` requests, then ``total`` timed ones over the same ``connections``
    connections; the timed requests' latencies and their wall time.

    Without ``rate`` each connection sends its next request when the last one is
    answered (the server saturated). With ``rate`` (requests/s, all connections
    together) request i is due at i / rate, and its latency counts from then, so
    time spent waiting for a free connection is counted too.
    """
    latencies: list[float] = []
    issued = 0
    origin = 0.0

    async def worker(fetch: Fetch, count: int, paced: bool) -> None:
        nonlocal issued
        while issued < count:
            number = issued
            path = paths[number % len(paths)]
            issued += 1
            started = time.perf_counter()
            if paced and rate:
                due = origin + number / rate
                if due > started:
                    await asyncio.sleep(due - started)
                started = due
            status = await fetch(path)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")

    async def run(fetchers: list[Fetch]) -> tuple[list[float], float]:
        nonlocal issued, origin
        await asyncio.gather(*(worker(fetch, warmup, False) for fetch in fetchers))
        issued = 0
        latencies.clear()
        origin = started = time.perf_counter()
        await asyncio.gather(*(worker(fetch, total, True) for fetch in fetchers))
        return latencies, time.perf_counter() - started

    if client == "httpx":
        import httpx

        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60
        ) as http:

            async def fetch(path: str) -> int:
                return (await http.get(path)).status_code

            return await run([fetch] * connections)

    pool = [RawConnection(port) for _ in range(connections)]
    try:
        await asyncio.gather(*(conn.connect() for conn in pool))
        return await run([conn.get for conn in pool])
    finally:
        for conn in pool:
            await conn.close()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux), else NaN."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


Results = dict[str, tuple[list[float], float, float]]


def measure(
    server: subprocess.Popen[bytes],
    port: int,
    routes: dict[str, list[str]],
    args: argparse.Namespace,
    rate: float | None,
) -> Results:
    results: Results = {}
    for name, paths in routes.items():
        cpu = cpu_seconds(server.pid)
        latencies, wall = asyncio.run(
            drive(port, paths, args.requests, args.connections, args.client, rate)
        )
        # Server CPU per request: a figure that other load on the machine barely moves.
        server_cpu = (cpu_seconds(server.pid) - cpu) / (args.requests + 500)
        results[name] = (latencies, wall, server_cpu)
    return results


def report(results: Results, args: argparse.Namespace, rate: float | None, cache_size: int) -> None:
    print(
        f"\n{args.requests:,} requests per route, {args.connections} connections, "
        f"client {args.client}, {os.cpu_count()} CPUs shared by client and server, "
        + (f"offered {rate:g} req/s" if rate else "closed loop (as fast as answered)")
        + (f", result cache of {cache_size:,} answers" if cache_size else ", no result cache")
    )
    header = f"{'route':<22}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'vs /ping':>10}"
    print(header + f"{'server CPU us/req':>19}")
    baseline = None
    for name, (latencies, wall, server_cpu) in results.items():
        cuts = quantiles(latencies, n=100, method="inclusive")
        achieved = len(latencies) / wall
        baseline = baseline or achieved
        print(
            f"{name:<22}{cuts[49] * 1000:>9.2f}{cuts[98] * 1000:>9.2f}"
            f"{achieved:>9.0f}{achieved / baseline:>10.2f}{server_cpu * 1e6:>19.0f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="synthetic documents")
    parser.add_argument("--requests", type=int, default=5_000, help="requests per route")
    parser.add_argument("--connections", type=int, default=64, help="concurrent connections")
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw")
    parser.add_argument(
        "--rate",
        type=float,
        action="append",
        default=[],
        help="also measure at this offered load, requests/s (repeatable)",
    )
    parser.add_argument(
        "--cache-size",
        type=int,
        action="append",
        default=[],
        help="GOVKG_RESULT_CACHE_SIZE of a server to measure (repeatable; default: 1024 and 0)",
    )
    args = parser.parse_args(argv)

    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    runs: list[tuple[int, float | None, Results]] = []
    with tempfile.TemporaryDirectory(prefix="govkg-bench-api-") as tmp:
        data_dir = Path(tmp) / "data"
        corpus = build_store(data_dir, args.docs)
        routes = targets(corpus)
        print(
            "distinct parameter sets per route: "
            + ", ".join(f"{name} {len(set(paths))}" for name, paths in routes.items())
        )
        for cache_size in args.cache_size or [1024, 0]:
            port = free_port()
            started = time.perf_counter()
            server = start_server(data_dir, port, cache_size)
            print(f"server up in {time.perf_counter() - started:.1f} s (pid {server.pid})")
            try:
                for rate in [None, *args.rate]:
                    runs.append((cache_size, rate, measure(server, port, routes, args, rate)))
            finally:
                server.terminate()
                server.wait(timeout=30)
    for cache_size, rate, results in runs:
        report(results, args, rate, cache_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
