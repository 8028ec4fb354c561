"""Extraction throughput on Spark local[N] against `govkg extract --workers N`.

    python tests/benchmarks/bench_spark.py [--articles 3000] [--cores 2]

The corpus is bench_extract.py's (the seeds varied), written to a temporary folder as
.txt files and once more as one JSON Lines file. Two figures for each engine:

- end to end: `govkg extract` run as a command, as a user runs it (Python start, the
  gazetteer and Kiwi loaded, for Spark the JVM and its Python workers started too);
- steady state: the same extraction again in a process where everything is loaded (for
  Spark, a session whose workers have run a job: a long-running session or a cluster).

Every facts file is checked to be the same bytes as the local path's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from bench_extract import write_corpus

from loaders.pipeline import extract_paths, warm_up
from loaders.spark_extract import Document, extract_documents, spark_session, write_facts

REPO_ROOT = Path(__file__).resolve().parents[2]


def _line(name: str, count: int, elapsed: float, size: int) -> str:
    return (
        f"{name}: {count} articles in {elapsed:.1f} s = {count / elapsed:.0f} articles/s, "
        f"{size / 1e6 / elapsed:.2f} MB/s"
    )


def _command(name: str, args: list[str], out: Path, count: int, size: int) -> None:
    start = time.perf_counter()
    command = [sys.executable, "-m", "api.cli", "extract", *args, "-o", str(out)]
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True)
    print(_line(name, count, time.perf_counter() - start, size))


def _timed(name: str, documents: Iterable[Document], out: Path, size: int) -> None:
    start = time.perf_counter()
    count = write_facts(out, documents)
    print(_line(name, count, time.perf_counter() - start, size))


def _local(paths: list[Path], workers: int) -> Iterable[Document]:
    failures: list[tuple[str, str]] = []
    for facts in extract_paths(paths, failures.append, workers=workers):
        yield facts.document.id, facts.to_json()
    assert not failures, failures[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--cores", type=int, default=2, help="local[N] and --workers N")
    args = parser.parse_args()
    n, count = args.cores, args.articles
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "articles"
        folder.mkdir()
        size = write_corpus(folder, count)
        jsonl = root / "articles.jsonl"
        with jsonl.open("w", encoding="utf-8") as handle:
            for path in sorted(folder.glob("*.txt")):
                text = path.read_text(encoding="utf-8")
                handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        inputs = {"folder": folder, "jsonl": jsonl}
        print(f"corpus: {count} articles, {size / 1e6:.2f} MB of text")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        reference = root / "reference.jsonl"
        workers = ["--workers", str(n)]
        name = f"end to end, govkg extract --workers {n}"
        _command(name, [str(folder), *workers], reference, count, size)
        out = root / "spark-cli.jsonl"
        name = f"end to end, govkg extract --engine spark --workers {n}"
        _command(name, ["--engine", "spark", str(folder), *workers], out, count, size)
        expected = {"folder": reference.read_bytes()}
        same = [out.read_bytes() == expected["folder"]]

        warm_up()  # the parent loads once; forked workers inherit it
        for name, path in inputs.items():
            out = root / f"local-{name}.jsonl"
            _timed(f"steady state, --workers {n} ({name})", _local([path], n), out, size)
            expected[name] = out.read_bytes()
        same.append(expected["folder"] == reference.read_bytes())
        with spark_session(f"local[{n}]") as spark:
            failures: list[tuple[str, str]] = []
            # Starts the Python workers and loads the gazetteer and Kiwi in each (untimed).
            write_facts(root / "warm.jsonl", extract_documents(spark, [folder], failures.append))
            for name, path in inputs.items():
                out = root / f"spark-{name}.jsonl"
                documents = extract_documents(spark, [path], failures.append)
                _timed(f"steady state, Spark local[{n}] ({name})", documents, out, size)
                same.append(out.read_bytes() == expected[name])
            assert not failures, failures[:3]
        print(f"every facts file the same bytes as the local path's: {all(same)}")
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
