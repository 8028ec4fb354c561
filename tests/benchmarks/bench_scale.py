"""What a user with a large corpus meets on the embedded default, at several sizes.

    python tests/benchmarks/bench_scale.py [--sizes 10000,30000,100000] [--workers 2]
                                           [--spark] [--keep DIR]

For each size it writes that many synthetic articles (`scale_corpus`: a few hundred
bodies recurring in thousands of articles, most programmes named once), then runs the
command line as a user would, each command a fresh process:

- ``govkg load`` (extract + load, ``--workers``): wall time, articles/s, peak RSS of
  the whole process tree (the loader and its extraction workers), data size;
- cold ``govkg stats`` and ``govkg query entity -p name=KT``: wall time;
- ``govkg serve``: time until /health answers, then RSS after a round of queries;
- with ``--spark``, ``govkg extract --engine spark`` on local[workers].

Then the growth from the smallest size to the largest: time per article at each size
relative to the smallest (1.00 is linear).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_corpus import write_articles


def tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants: the sum of their proportional set
    sizes (PSS), so pages that forked workers share with the loader count once."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    pending += [int(c) for c in handle.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


class PeakRss:
    """Samples a process tree's RSS every 0.2 s until the process ends."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.peak = 0
        self._proc = proc
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while self._proc.poll() is None:
            self.peak = max(self.peak, tree_rss(self._proc.pid))
            time.sleep(0.2)

    def join(self) -> int:
        self._thread.join()
        return self.peak


def govkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *args]


def timed(cmd: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak tree RSS, stdout) of one command, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = PeakRss(proc)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    peak = sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()[-2000:]}")
    return wall, peak, out.decode()


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def serve(data_dir: Path) -> tuple[float, int, float]:
    """(seconds until /health answers, server RSS after queries, /health latency ms)."""
    port = free_port()
    cmd = govkg("serve", "--data-dir", str(data_dir), "--port", str(port))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                get(f"{base}/health")
                break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("govkg serve exited") from None
                time.sleep(0.05)
        ready = time.perf_counter() - start
        for query in ("entity?name=KT", "partners_of?entity=KT", "funders_of?target=KT"):
            get(f"{base}/queries/{query}")
        t = time.perf_counter()
        for _ in range(20):
            get(f"{base}/health")
        health_ms = (time.perf_counter() - t) / 20 * 1000
        return ready, tree_rss(proc.pid), health_ms
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run_size(count: int, workers: int, spark: bool, root: Path) -> dict[str, float]:
    articles = root / f"articles_{count}"
    data_dir = root / f"data_{count}"
    shutil.rmtree(data_dir, ignore_errors=True)
    if not articles.exists():
        write_articles(articles, count)
    text_bytes = size_of(articles)
    load_s, load_rss, _out = timed(
        govkg("load", str(articles), "--data-dir", str(data_dir), "--workers", str(workers))
    )
    stats_s, _, stats_out = timed(govkg("stats", "--data-dir", str(data_dir), "--json"))
    query_s, _, _ = timed(
        govkg("query", "entity", "-p", "name=KT", "--data-dir", str(data_dir), "--json")
    )
    ready_s, serve_rss, health_ms = serve(data_dir)
    stats = json.loads(stats_out)
    row = {
        "articles": count,
        "text_mb": text_bytes / 1e6,
        "nodes": stats["nodes"],
        "edges": stats["edges"],
        "load_s": load_s,
        "articles_per_s": count / load_s,
        "load_rss_mb": load_rss / 2**20,
        "data_mb": size_of(data_dir) / 1e6,
        "stats_cold_s": stats_s,
        "query_cold_s": query_s,
        "serve_ready_s": ready_s,
        "serve_rss_mb": serve_rss / 2**20,
        "health_ms": health_ms,
    }
    if spark:
        facts = root / f"facts_{count}.jsonl"
        spark_s, spark_rss, _ = timed(
            govkg("extract", str(articles), "-o", str(facts), "--engine", "spark",
                  "--workers", str(workers))
        )  # fmt: skip
        row |= {"spark_extract_s": spark_s, "spark_rss_mb": spark_rss / 2**20}
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--spark", action="store_true", help="also extract with Spark")
    parser.add_argument("--keep", type=Path, help="work here and keep the files")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = args.keep or Path(tempfile.mkdtemp(prefix="govkg-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        rows = [run_size(n, args.workers, args.spark, root) for n in sizes]
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print()
    header = (
        "| articles | text MB | nodes | edges | load | articles/s | load peak RSS | data"
        " | stats cold | query cold | serve ready | serve RSS | /health |"
    )
    print(header)
    print("|" + "---|" * 13)
    for r in rows:
        print(
            f"| {r['articles']:,} | {r['text_mb']:.0f} | {r['nodes']:,} | {r['edges']:,}"
            f" | {r['load_s']:.0f} s | {r['articles_per_s']:.0f} | {r['load_rss_mb']:.0f} MB"
            f" | {r['data_mb']:.0f} MB | {r['stats_cold_s']:.2f} s | {r['query_cold_s']:.2f} s"
            f" | {r['serve_ready_s']:.2f} s | {r['serve_rss_mb']:.0f} MB"
            f" | {r['health_ms']:.1f} ms |"
        )
    first = rows[0]
    per_article = first["load_s"] / first["articles"]
    for r in rows[1:]:
        growth = (r["load_s"] / r["articles"]) / per_article
        print(f"time per article at {r['articles']:,} vs {first['articles']:,}: x{growth:.2f}")
    if any("spark_extract_s" in r for r in rows):
        for r in rows:
            print(
                f"spark local[{args.workers}] extract of {r['articles']:,}: "
                f"{r['spark_extract_s']:.0f} s ({r['articles'] / r['spark_extract_s']:.0f}/s), "
                f"peak RSS {r['spark_rss_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
