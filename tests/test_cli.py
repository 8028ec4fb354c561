"""The `govkg` command line, run as a real process against both stores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Neo4jTarget

from graph.export import export_json
from graph.model import DocumentFacts
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO_ROOT = FIXTURES.parent.parent
RETRACTED = "004_ebf31bfe4c93205e"


@pytest.fixture
def gold_facts_file(gold_facts: list[DocumentFacts]) -> Path:
    """tests/fixtures/gold_facts.jsonl: the gold graph as a facts file, one document a line."""
    path = FIXTURES / "gold_facts.jsonl"
    text = "".join(f.to_json() + "\n" for f in gold_facts)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def _clean_env() -> dict[str, str]:
    """The environment without any store settings of the caller's."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GOVKG_", "NEO4J_")) and k != "PYTHONWARNINGS"
    }


@dataclass
class Cli:
    """`govkg` against one store: how to call it and how to look at the store directly."""

    store: str
    env: dict[str, str]
    store_args: list[str]
    direct: GraphStore

    def __call__(self, *args: str, store_args: bool = True) -> subprocess.CompletedProcess[str]:
        argv = [*args, *(self.store_args if store_args else [])]
        return subprocess.run(
            [sys.executable, "-m", "api.cli", *argv],
            cwd=REPO_ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def cli(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cli]:
    env = _clean_env()
    if request.param == "embedded":
        data_dir = tmp_path / "data"
        yield Cli("embedded", env, ["--data-dir", str(data_dir)], EmbeddedStore(data_dir))
        return
    server: Neo4jTarget = request.getfixturevalue("neo4j_server")
    direct = request.getfixturevalue("neo4j_store")  # an emptied database, emptied again after
    yield Cli("neo4j", env | server.env(), ["--store", "neo4j"], direct)


def _exported(cli: Cli) -> dict[str, list[dict[str, object]]]:
    if isinstance(cli.direct, EmbeddedStore):
        cli.direct.open()
        try:
            return export_json(cli.direct)
        finally:
            cli.direct.close()
    return export_json(cli.direct)


def ok(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done


def test_load_stats_export_retract(cli: Cli, gold_facts_file: Path, tmp_path: Path) -> None:
    loaded = ok(cli("load", str(gold_facts_file)))
    assert "loaded 4 new, 0 changed, 0 unchanged" in loaded.stdout
    assert f"({cli.store})" in loaded.stdout

    stats = json.loads(ok(cli("stats", "--json")).stdout)
    assert stats["store"] == cli.store
    assert (stats["documents"], stats["nodes"], stats["edges"]) == (4, 67, 121)
    assert stats["labels"]["Ministry"] == 4
    assert stats["types"]["FUNDS"] == 3

    out = tmp_path / "graph.json"
    ok(cli("export", "--format", "json", "-o", str(out)))
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert set(exported) == {"nodes", "edges"}
    assert len(exported["nodes"]) == 67 and len(exported["edges"]) == 121
    for node in exported["nodes"]:
        assert list(node)[:4] == ["id", "label", "name", "aliases"]
        assert isinstance(node["aliases"], list)
    for edge in exported["edges"]:
        assert list(edge)[:3] == ["type", "source", "target"]
    msit = next(n for n in exported["nodes"] if n["id"] == "ministry:과학기술정보통신부")
    assert "과기정통부" in msit["aliases"]
    assert exported == _exported(cli)

    on_stdout = json.loads(ok(cli("export")).stdout)
    assert on_stdout == exported

    again = ok(cli("load", str(gold_facts_file)))
    assert "loaded 0 new, 0 changed, 4 unchanged" in again.stdout

    retracted = ok(cli("retract", RETRACTED))
    assert "retracted 1 document" in retracted.stdout
    stats = json.loads(ok(cli("stats", "--json")).stdout)
    assert stats["documents"] == 3
    assert all(RETRACTED not in n.get("sources", []) for n in _exported(cli)["nodes"])

    unknown = cli("retract", RETRACTED)
    assert unknown.returncode == 1
    assert "unknown document" in unknown.stderr and RETRACTED in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_explain_a_stored_document_on_either_store(cli: Cli) -> None:
    ok(cli("load", str(REPO_ROOT / "seeds" / "004_ebf31bfe4c93205e.txt")))
    done = ok(cli("explain", "004_ebf31bfe4c93205e", "--json"))
    report = json.loads(done.stdout)
    assert report["from"] == "store"
    facts = {(f["type"], f["source"], f["target"]) for s in report["sentences"] for f in s["facts"]}
    assert ("FUNDS", "KT", "스마트 대한민국 펀드") in facts
    missing = cli("explain", "no-such-document")
    assert missing.returncode == 1 and "no such file or stored document" in missing.stderr


def test_stats_table(cli: Cli, gold_facts_file: Path) -> None:
    ok(cli("load", str(gold_facts_file)))
    table = ok(cli("stats", "--format", "table")).stdout
    assert f"govkg graph ({cli.store})" in table
    assert "Ministry" in table and "MENTIONED_IN" in table


def test_stats_in_a_pipe_and_as_csv_and_json_lines(cli: Cli, gold_facts_file: Path) -> None:
    ok(cli("load", str(gold_facts_file)))
    summary = json.loads(ok(cli("stats", "--format", "json")).stdout)
    piped = ok(cli("stats")).stdout.splitlines()
    assert piped[0] == "kind\tname\tcount"
    assert f"total\tnodes\t{summary['nodes']}" in piped
    as_csv = ok(cli("stats", "-f", "csv")).stdout.splitlines()
    assert as_csv[0] == "kind,name,count" and f"total,edges,{summary['edges']}" in as_csv
    lines = [json.loads(line) for line in ok(cli("stats", "-f", "jsonl")).stdout.splitlines()]
    assert {"kind": "node", "name": "Ministry", "count": summary["labels"]["Ministry"]} in lines


@pytest.fixture
def embedded_cli(tmp_path: Path) -> Cli:
    data_dir = tmp_path / "data"
    return Cli("embedded", _clean_env(), ["--data-dir", str(data_dir)], EmbeddedStore(data_dir))


def test_unknown_export_format_is_a_clear_error(embedded_cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "graph.xml"
    done = embedded_cli("export", "--format", "xml", "-o", str(out))
    assert done.returncode != 0
    assert "unknown export format 'xml'" in done.stderr
    assert "json" in done.stderr  # says what is available
    assert "Traceback" not in done.stderr + done.stdout
    assert not out.exists()


def test_unknown_store_is_a_clear_error(embedded_cli: Cli) -> None:
    done = embedded_cli("stats", "--store", "sqlite", store_args=False)
    assert done.returncode != 0
    assert "embedded" in done.stderr and "neo4j" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_settings_come_from_the_environment(embedded_cli: Cli, gold_facts_file: Path) -> None:
    data_dir = Path(embedded_cli.store_args[1])
    embedded_cli.env["GOVKG_DATA_DIR"] = str(data_dir)
    ok(embedded_cli("load", str(gold_facts_file), store_args=False))
    assert (data_dir / "ledger.sqlite3").is_file()
    stats = json.loads(ok(embedded_cli("stats", "--json", store_args=False)).stdout)
    assert stats["documents"] == 4


def test_invalid_facts_lines_are_skipped_and_reported(
    embedded_cli: Cli, gold_facts: list[DocumentFacts], tmp_path: Path
) -> None:
    bad = gold_facts[0].to_dict()
    bad["document"]["id"] = "broken"
    bad["edges"].append({"type": "HEADS", "source": "ministry:과학기술정보통신부", "target": "x:y"})
    path = tmp_path / "facts.jsonl"
    lines = [gold_facts[1].to_json(), json.dumps(bad, ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = ok(embedded_cli("load", str(path)))
    assert "loaded 1 new" in done.stdout and "1 skipped" in done.stdout
    assert f"{path}#L2" in done.stderr
    stats = json.loads(ok(embedded_cli("stats", "--json")).stdout)
    assert stats["documents"] == 1


@pytest.mark.neo4j
def test_unreachable_neo4j_is_a_clear_error(embedded_cli: Cli, neo4j_server: Neo4jTarget) -> None:
    env = embedded_cli.env | neo4j_server.env() | {"NEO4J_PASSWORD": "not-the-password"}
    embedded_cli.env = env
    done = embedded_cli("stats", "--store", "neo4j", store_args=False)
    assert done.returncode == 1
    assert "refused the credentials" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_the_govkg_command_is_installed() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["govkg"] == "api.cli:main"
    govkg = shutil.which(
        "govkg", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    )
    if govkg is None:
        pytest.skip("the project is not installed (pip install -e .)")
    done = ok(
        subprocess.run([govkg, "--help"], capture_output=True, text=True, check=False, timeout=120)
    )
    for command in ("load", "retract", "stats", "export"):
        assert command in done.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["query", "hosted_by", "-p", "org=과기정통부"],
        ["export", "--format", "json"],
        ["explain", "004_ebf31bfe4c93205e"],
        ["retract", "004_ebf31bfe4c93205e"],
    ],
)
@pytest.mark.parametrize("empty_dir_exists", [False, True])
def test_reading_a_data_dir_with_no_store_is_a_one_line_error(
    embedded_cli: Cli, command: list[str], empty_dir_exists: bool
) -> None:
    data_dir = Path(embedded_cli.store_args[1])
    if empty_dir_exists:
        data_dir.mkdir()
    done = embedded_cli(*command)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(data_dir) in lines[0] and "govkg load" in lines[0]
    assert ("holds no store" if empty_dir_exists else "does not exist") in lines[0]
    assert not (data_dir / "ledger.sqlite3").exists()  # nothing created by a read
    assert data_dir.exists() == empty_dir_exists


@pytest.mark.parametrize("command", ["load", "extract"])
def test_a_nonexistent_input_path_is_an_error(
    embedded_cli: Cli, gold_facts_file: Path, tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "no-such-folder"
    args = [str(gold_facts_file), str(missing)]
    out = tmp_path / "facts.jsonl"
    if command == "extract":
        done = embedded_cli("extract", *args, "-o", str(out), store_args=False)
    else:
        done = embedded_cli("load", *args)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert lines == [f"error: {missing}: no such file or directory"]
    assert not out.exists()
    assert not Path(embedded_cli.store_args[1]).exists()  # a failed load creates no store


def test_load_creates_the_store_a_read_then_finds(embedded_cli: Cli, gold_facts_file: Path) -> None:
    ok(embedded_cli("load", str(gold_facts_file)))
    assert json.loads(ok(embedded_cli("stats", "--json")).stdout)["documents"] == 4
