"""Extraction throughput: articles/s and MB/s of text, with 1 and 2 worker processes.

    python tests/benchmarks/bench_extract.py [--articles 2000]

The corpus is the seed articles repeated with variations (other ministers, amounts,
dates and ministries) written to a temporary folder, read from disk like any input.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from loaders.pipeline import extract_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
VARIANTS = [
    ("박영선", "권칠승"),
    ("최기영", "이종호"),
    ("240억원", "310억원"),
    ("KT", "SK텔레콤"),
    ("중기부", "산업부"),
    ("중소벤처기업부", "산업통상자원부"),
    ("2020", "2022"),
    ("과기정통부", "행안부"),
]


def write_corpus(folder: Path, count: int) -> int:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    size = 0
    for i in range(count):
        text = seeds[i % len(seeds)]
        for j, (old, new) in enumerate(VARIANTS):
            if (i >> j) & 1:
                text = text.replace(old, new)
        path = folder / f"article_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return size


def _cpu_seconds() -> float:
    """CPU time of this process and its finished workers: a figure that other load on
    the machine does not distort."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = write_corpus(folder, args.articles)
        print(f"corpus: {args.articles} articles, {size / 1e6:.2f} MB of text")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for workers in (1, 2):
            failures: list[tuple[str, str]] = []
            start = time.perf_counter()
            cpu_start = _cpu_seconds()
            count = sum(1 for _ in extract_paths([folder], failures.append, workers=workers))
            elapsed = time.perf_counter() - start
            cpu = _cpu_seconds() - cpu_start
            print(
                f"workers={workers}: {count} articles in {elapsed:.1f} s = "
                f"{count / elapsed:.0f} articles/s, {size / 1e6 / elapsed:.2f} MB/s wall; "
                f"{size / 1e6 / cpu:.2f} MB per CPU-second ({len(failures)} failures)"
            )


if __name__ == "__main__":
    main()
