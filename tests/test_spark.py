"""Extraction on Apache Spark (local mode): the facts of the local path, byte for byte.

Skipped only where PySpark or Java is missing and CI is not set; under CI=true (where
`pip install -e '.[test]'` brings PySpark and .ci/run Java 17) a missing one fails.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import in_ci

if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
    missing = "pyspark" if importlib.util.find_spec("pyspark") is None else "java"
    if in_ci():
        pytest.fail(f"the Spark tests need {missing} when CI=true", pytrace=False)
    pytest.skip(f"{missing} is not installed", allow_module_level=True)

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.sql import SparkSession

from loaders import spark_extract
from loaders.pipeline import extract_paths
from loaders.spark_extract import (
    extract_documents,
    plan_inputs,
    read_parquet_facts,
    spark_session,
    write_facts,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
# The seeds and every fixture folder the extraction tests read (reading/ holds a page with
# no article: one skip), as paths relative to the checkout, as a user types them.
INPUTS = [
    "seeds",
    "tests/fixtures/articles",
    "tests/fixtures/conflicts",
    "tests/fixtures/terms",
    "tests/fixtures/reading",
]
Failure = tuple[str, str]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    conf = {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"}
    with spark_session("local[2]", app_name="govkg-tests", conf=conf) as session:
        yield session


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVKG_", "NEO4J_"))}
    return env | {"PYSPARK_PYTHON": sys.executable}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args, cwd=REPO_ROOT, env=_env(), capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def _skipped(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("skipped ")]


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[str]]:
    """`govkg extract` (the local path) of the seeds and the fixtures: file and skips."""
    out = tmp_path_factory.mktemp("local") / "facts.jsonl"
    done = _run(sys.executable, "-m", "api.cli", "extract", *INPUTS, "-o", str(out))
    return out.read_bytes(), _skipped(done.stderr)


def _spark_file(
    spark: SparkSession, paths: list[Any], out: Path, **options: Any
) -> tuple[bytes, list[Failure]]:
    failures: list[Failure] = []
    plan = plan_inputs(paths, **options)
    write_facts(out, extract_documents(spark, paths, failures.append, plan=plan))
    return out.read_bytes(), failures


def _local_file(paths: list[Any]) -> tuple[bytes, list[Failure]]:
    failures: list[Failure] = []
    lines = "".join(f.to_json() + "\n" for f in extract_paths(paths, failures.append))
    return lines.encode(), failures


def test_spark_gives_the_facts_of_govkg_extract_byte_for_byte(
    spark: SparkSession,
    local_run: tuple[bytes, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO_ROOT)  # the driver's folder; executors read absolute paths
    local, local_skipped = local_run
    facts, failures = _spark_file(spark, INPUTS, tmp_path / "facts.jsonl")
    assert facts == local
    assert len(facts.splitlines()) >= 40
    assert [f"skipped {where}: {reason}" for where, reason in failures] == local_skipped
    assert local_skipped == [
        "skipped tests/fixtures/reading/no_article.html: HTML page with no article text"
    ]


def test_govkg_extract_engine_spark_writes_the_same_file(
    local_run: tuple[bytes, list[str]], tmp_path: Path
) -> None:
    out = tmp_path / "facts.jsonl"
    done = _run(
        sys.executable, "-m", "api.cli", "extract", "--engine", "spark", "--workers", "2",
        *INPUTS, "-o", str(out),
    )  # fmt: skip
    assert out.read_bytes() == local_run[0]
    assert _skipped(done.stderr) == local_run[1]
    assert not out.with_name(out.name + ".partial").exists()
    assert done.stdout.startswith(f"extracted {len(local_run[0].splitlines())} document(s)")


def _articles() -> list[dict[str, Any]]:
    """JSON articles from the seed and fixture texts: some with an id, a title, a date or
    a URL given, the rest named by their record number."""
    texts = sorted((REPO_ROOT / "tests/fixtures/articles").glob("*.txt"))
    texts += sorted((REPO_ROOT / "seeds").glob("*.txt"))
    records: list[dict[str, Any]] = []
    for i, path in enumerate(texts):
        record: dict[str, Any] = {"text": path.read_text(encoding="utf-8")}
        if i % 3 == 0:
            record["id"] = f"given-{path.stem}"
        if i % 4 == 1:
            record["title"] = f"제목 {i}"
        if i % 5 == 2:
            record["date"] = "2021-03-0" + str(1 + i % 9)
        if i % 7 == 3:
            record["url"] = f"https://news.example.kr/articles/{i}"
        records.append(record)
    return records


def _without_paths(lines: bytes) -> list[dict[str, Any]]:
    docs = [json.loads(line) for line in lines.splitlines()]
    for doc in docs:
        doc["document"]["path"] = None
    return docs


def test_json_lines_and_parquet_articles_give_the_same_facts(
    spark: SparkSession, tmp_path: Path
) -> None:
    records = _articles()
    jsonl = tmp_path / "articles.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    # Trailing: a blank line and a broken one, so the records keep their numbers.
    jsonl.write_text("\n".join([*lines, "", '{"text": "끊긴']) + "\n", encoding="utf-8")

    # JSON Lines in runs of 5 lines: runs end mid-file, on the blank and the broken line.
    spark_facts, spark_failures = _spark_file(
        spark, [jsonl], tmp_path / "from_jsonl.jsonl", lines_per_unit=5
    )
    local_facts, local_failures = _local_file([jsonl])
    assert spark_facts == local_facts
    assert spark_failures == local_failures
    assert [where for where, _ in local_failures] == [f"{jsonl}#L{len(records) + 2}"]

    # The same records as a Parquet folder of two files with small row groups (a date
    # typed as a date, as Parquet keeps it), read in runs of 3 rows across groups.
    folder = tmp_path / "articles.parquet"
    folder.mkdir()
    (folder / "_SUCCESS").touch()
    columns = ("id", "title", "date", "url", "text")
    half = len(records) // 2
    for n, part in enumerate((records[:half], records[half:])):
        table = pa.table({c: [r.get(c) for r in part] for c in columns})
        days = [None if d is None else dt.date.fromisoformat(d) for d in table["date"].to_pylist()]
        dates = pa.array(days, pa.date32())
        table = table.set_column(columns.index("date"), "date", dates)
        pq.write_table(table, folder / f"part-{n:05d}.parquet", row_group_size=4)
    parquet_facts, parquet_failures = _spark_file(
        spark, [folder], tmp_path / "from_parquet.jsonl", rows_per_unit=3
    )
    assert parquet_failures == []
    assert _without_paths(parquet_facts) == _without_paths(local_facts)
    paths = [json.loads(line)["document"]["path"] for line in parquet_facts.splitlines()]
    assert paths == [f"articles.parquet#{n}" for n in range(1, len(records) + 1)]


def _copy_seeds(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted((REPO_ROOT / "seeds").glob("*.txt"))[:count]
    return [Path(shutil.copy(seed, folder / seed.name)) for seed in seeds]


def test_a_broken_file_among_good_ones_is_reported_and_skipped(
    spark: SparkSession, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    good = _copy_seeds(folder, 2)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.json").write_text('{"text": "과학기술정보통신부', encoding="utf-8")
    # The same id as the first seed (its path's), read later: a duplicate.
    (folder / "zz_dup.json").write_text(
        json.dumps({"id": good[0].stem, "text": good[1].read_text(encoding="utf-8")}),
        encoding="utf-8",
    )
    # JSON Lines files cut into runs: one with nothing but blank lines, one with a broken line.
    (folder / "blank.jsonl").write_text("\n" * 12, encoding="utf-8")
    lines = [json.dumps({"text": p.read_text(encoding="utf-8")}) for p in good]
    (folder / "lines.jsonl").write_text("\n".join([lines[0], "{oops", lines[1]]) + "\n")

    spark_facts, spark_failures = _spark_file(
        spark, [folder], tmp_path / "facts.jsonl", lines_per_unit=2
    )
    local_facts, local_failures = _local_file([folder])
    assert spark_facts == local_facts
    assert spark_failures == local_failures
    ids = [json.loads(line)["document"]["id"] for line in spark_facts.splitlines()]
    assert ids == [*(p.stem for p in good), "lines-1", "lines-3"]
    reasons = {Path(where.split("#")[0]).name: reason for where, reason in spark_failures}
    assert reasons["binary.txt"] == "binary file"
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.jsonl"] == "empty file"
    assert reasons["broken.json"].startswith("not valid JSON")
    assert reasons["lines.jsonl"].startswith("not valid JSON at line 2")
    assert reasons["zz_dup.json"].startswith(f"duplicate document id '{good[0].stem}'")
    assert len(spark_failures) == 6


def test_the_spark_submit_entry_writes_parquet_facts_that_govkg_load_reads(
    spark: SparkSession,
    local_run: tuple[bytes, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # main() is what spark-submit runs (loaders/spark_extract.py); here it finds the
    # module's session active, as under spark-submit it finds the one made for it.
    out = tmp_path / "facts.parquet"
    seeds = str(REPO_ROOT / "seeds")
    assert spark_extract.main([seeds, "-o", str(out), "--format", "parquet"]) == 0
    assert capsys.readouterr().out == f"extracted 4 document(s) to {out}; 0 skipped\n"
    assert not out.with_name(out.name + ".partial").exists()
    failures: list[Failure] = []
    lines = [f.to_json() + "\n" for f in read_parquet_facts(out, failures.append)]
    assert failures == []
    ids = [json.loads(line)["document"]["id"] for line in lines]
    assert ids == sorted(p.stem for p in (REPO_ROOT / "seeds").glob("*.txt"))
    local = local_run[0].decode().splitlines(keepends=True)
    assert lines == local[: len(lines)]  # the seeds come first in the local run

    data_dir = tmp_path / "data"
    loaded = _run(sys.executable, "-m", "api.cli", "load", str(out), "--data-dir", str(data_dir))
    assert "loaded 4 new" in loaded.stdout and "0 skipped" in loaded.stdout
    stats = _run(sys.executable, "-m", "api.cli", "stats", "--json", "--data-dir", str(data_dir))
    assert json.loads(stats.stdout)["documents"] == 4
