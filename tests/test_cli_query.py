"""`govkg query` and `govkg queries`, run as real processes on both stores."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import Neo4jTarget

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_SENTENCE = "KT와 공동으로 240억원 규모의 스마트 대한민국 펀드를 조성하여"

Run = Callable[..., subprocess.CompletedProcess[str]]


def _runner(env: dict[str, str], store_args: list[str]) -> Run:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        # `govkg queries` reads no store.
        where = [] if args[0] == "queries" else store_args
        return subprocess.run(
            [sys.executable, "-m", "api.cli", *args, *where],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return run


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVKG_", "NEO4J_"))}
    return env | {"COLUMNS": "1000"}  # one table row per line, whatever the terminal


@pytest.fixture(scope="module")
def embedded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the seed articles, loaded once by `govkg load seeds/`."""
    data_dir = tmp_path_factory.mktemp("cli-query") / "data"
    ok(_runner(_env(), ["--data-dir", str(data_dir)])("load", str(REPO_ROOT / "seeds")))
    return data_dir


@pytest.fixture(scope="module")
def seed_facts_file(embedded_dir: Path) -> Path:
    """The seed articles' facts, as `govkg extract` writes them."""
    path = embedded_dir.parent / "seeds.jsonl"
    ok(_runner(_env(), [])("extract", str(REPO_ROOT / "seeds"), "-o", str(path)))
    return path


@pytest.fixture
def loaded_embedded(embedded_dir: Path) -> Run:
    return _runner(_env(), ["--data-dir", str(embedded_dir)])


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def govkg(request: pytest.FixtureRequest, embedded_dir: Path) -> Iterator[Run]:
    """`govkg ...` against a store holding the extracted seed articles."""
    if request.param == "embedded":
        yield _runner(_env(), ["--data-dir", str(embedded_dir)])
        return
    server: Neo4jTarget = request.getfixturevalue("neo4j_server")
    request.getfixturevalue("neo4j_store")  # an emptied database, emptied again after
    run = _runner(_env() | server.env(), ["--store", "neo4j"])
    ok(run("load", str(request.getfixturevalue("seed_facts_file"))))
    yield run


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done


def failed(done: subprocess.CompletedProcess[str]) -> str:
    """The error output of a command that failed cleanly."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    return done.stderr


def test_query_as_a_table(govkg: Run) -> None:
    table = ok(govkg("query", "cofunded_programs", "--param", "company=KT", "--format", "table"))
    table = table.stdout
    row = next(line for line in table.splitlines() if "스마트 대한민국 펀드" in line)
    assert "중소벤처기업부" in row
    assert "24,000,000,000" in row  # amounts grouped for reading
    assert SEED_SENTENCE in table


def test_query_as_json(govkg: Run) -> None:
    for company in ("KT", "케이티"):
        done = ok(govkg("query", "cofunded_programs", "-p", f"company={company}", "--json"))
        assert_kt_cofunding(json.loads(done.stdout))


def assert_kt_cofunding(body: dict[str, Any]) -> None:
    # The API's answer carries its paging too (limit, offset, next); the CLI's does not.
    assert set(body) - {"limit", "offset", "next"} == {"name", "rows", "count"}
    assert body["name"] == "cofunded_programs"
    assert body["count"] == len(body["rows"])
    rows = [r for r in body["rows"] if "스마트 대한민국 펀드" in r.values()]
    assert len(rows) == 1
    text = json.dumps(rows[0], ensure_ascii=False)
    assert "중소벤처기업부" in text and SEED_SENTENCE in text
    assert 24_000_000_000 in rows[0].values()


def test_a_pipe_gets_tsv_unless_a_format_is_given(govkg: Run) -> None:
    lines = ok(govkg("query", "cofunded_programs", "-p", "company=KT")).stdout.splitlines()
    header = lines[0].split("\t")
    assert header[:4] == ["company", "company_id", "target", "target_id"]
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    fund = next(r for r in rows if r["target"] == "스마트 대한민국 펀드")
    assert fund["target_amount_krw"] == "24000000000"  # raw, for sort -n and spreadsheets
    assert json.loads(fund["co_funders"]) == ["중소벤처기업부"]
    assert "┃" not in "\n".join(lines)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_query_rows_as_csv_tsv_and_json_lines(govkg: Run, fmt: str) -> None:
    out = ok(govkg("query", "hosted_by", "-p", "org=과기정통부", "--format", fmt)).stdout
    expected = json.loads(ok(govkg("query", "hosted_by", "-p", "org=과기정통부", "--json")).stdout)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
        assert rows == expected["rows"]
        return
    reader = csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t")
    rows = list(reader)
    assert [r["target_id"] for r in rows] == [r["target_id"] for r in expected["rows"]]
    assert [r["first_seen"] for r in rows] == [r["first_seen"] or "" for r in expected["rows"]]


def test_limit_and_offset_page_the_rows_and_count_them_all(govkg: Run) -> None:
    every = json.loads(ok(govkg("query", "hosted_by", "-p", "org=과기정통부", "--json")).stdout)
    assert every["count"] >= 4
    done = govkg(
        "query", "hosted_by", "-p", "org=과기정통부", "--limit", "2", "--offset", "2", "--json"
    )
    page = json.loads(ok(done).stdout)
    assert page["rows"] == every["rows"][2:4]
    assert page["count"] == every["count"]  # rows before paging, not the page size
    assert (page["limit"], page["offset"]) == (2, 2)
    tsv = ok(govkg("query", "hosted_by", "-p", "org=과기정통부", "--offset", "1", "-f", "tsv"))
    assert len(tsv.stdout.splitlines()) == 1 + every["count"] - 1


def test_a_narrow_table_never_splits_a_number_or_a_date(embedded_dir: Path) -> None:
    narrow = _runner(_env() | {"COLUMNS": "60"}, ["--data-dir", str(embedded_dir)])
    table = ok(narrow("query", "cofunded_programs", "-p", "company=KT", "-f", "table")).stdout
    assert "24,000,000,000" in table
    table = ok(narrow("query", "hosted_by", "-p", "org=과기정통부", "-f", "table")).stdout
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", table)
    assert not re.search(r"\b20\d\d-(\d\d-?)?\s*│", table)  # no date cut at a cell's edge


def test_no_match_exits_0_unless_fail_on_empty(govkg: Run) -> None:
    args = ("query", "hosted_by", "-p", "org=어디에도없는기관", "--json")
    assert json.loads(ok(govkg(*args)).stdout)["count"] == 0
    done = govkg(*args, "--fail-on-empty")
    assert done.returncode == 1 and json.loads(done.stdout)["count"] == 0
    assert failed(done).strip() == "hosted_by: no row matched"
    ok(govkg("query", "hosted_by", "-p", "org=과기정통부", "--fail-on-empty"))


def test_an_unknown_format_is_a_usage_error(loaded_embedded: Run) -> None:
    done = loaded_embedded("query", "hosted_by", "-p", "org=과기정통부", "--format", "xml")
    assert done.returncode == 2 and "--format" in failed(done)


def test_version(loaded_embedded: Run) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    assert done.stdout.strip() == f"govkg {version('govkg')}"


def test_govkg_serve_answers_the_question(embedded_dir: Path) -> None:
    """`govkg serve` over the loaded seeds: KT's co-funding, by name and by alias."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    argv = ["serve", "--port", str(port), "--data-dir", str(embedded_dir)]
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", *argv],
        cwd=REPO_ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "govkg serve did not start"
                time.sleep(0.2)
        for company in ("KT", "케이티"):
            response = httpx.get(f"{base}/queries/cofunded_programs", params={"company": company})
            assert response.status_code == 200, response.text
            assert_kt_cofunding(response.json())
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()


def test_unknown_query_is_a_one_line_error(loaded_embedded: Run) -> None:
    error = failed(loaded_embedded("query", "no_such_query"))
    assert "no_such_query" in error and len(error.strip().splitlines()) == 1


def test_missing_parameter_is_a_clear_error(loaded_embedded: Run) -> None:
    error = failed(loaded_embedded("query", "cofunded_programs"))
    assert "company" in error and len(error.strip().splitlines()) == 1


def test_badly_typed_parameter_is_a_clear_error(loaded_embedded: Run) -> None:
    params = ["-p", "a=KT", "-p", "b=중기부", "-p", "max_hops=x"]
    done = loaded_embedded("query", "path_between", *params)
    assert "max_hops" in failed(done)


def test_a_parameter_without_a_value_is_a_usage_error(loaded_embedded: Run) -> None:
    done = loaded_embedded("query", "cofunded_programs", "--param", "KT")
    assert done.returncode == 2
    assert "KEY=VALUE" in failed(done)


def test_queries_lists_the_catalogue(loaded_embedded: Run) -> None:
    listing = ok(loaded_embedded("queries")).stdout
    for name in ("cofunded_programs", "entity", "partners_of", "path_between"):
        assert name in listing
    assert "company: str" in listing
    as_json = json.loads(ok(loaded_embedded("queries", "--json")).stdout)
    cofunded = next(q for q in as_json if q["name"] == "cofunded_programs")
    assert [p["name"] for p in cofunded["parameters"]] == ["company"]
    assert cofunded["description"]


def test_pretty_json_writes_what_the_standard_library_writes() -> None:
    from api.output import pretty_json

    values: list[Any] = [
        {"name": "entity", "rows": [{"a": 1, "b": [0.25, None, True], "c": {}, "d": []}]},
        {"과기정통부": '따옴표 " 역슬래시 \\ 줄\n탭\t 이모지 😀 \u2028', "count": 0},
        {1: "a key that is a number", "nested": [[1, 2], {"x": -3.5, "y": 1e-4}]},
        2**70,  # past orjson's 64 bits: the standard library writes it
        [],
    ]
    for value in values:
        assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
    # A float in exponent form is the same number, written without the exponent's zero.
    assert pretty_json([3.5e-07]) == "[\n  3.5e-7\n]"
    assert json.loads(pretty_json([3.5e-07])) == [3.5e-07]
