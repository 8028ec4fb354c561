"""Document identity through the command line, on both stores: ids that cannot lose an
article, `govkg documents`, `govkg retract PATH`, an unreachable Neo4j, the progress total."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console
from test_cli import REPO_ROOT, Cli, _clean_env, ok
from test_cli import cli as cli  # the fixture: each test runs on both stores
from typer.testing import CliRunner

import api.cli
from graph.identity import url_id
from loaders.evaluation import evaluate_articles
from loaders.gold import load_gold
from loaders.reading import iter_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_A, SEED_B, SEED_C = (
    SEEDS / f"{n}.txt"
    for n in ("000_6c76cb685f4a3c95", "001_641e6f2200728fe1", "002_5a0f65dd5be03a50")
)


def _documents(cli: Cli, *args: str) -> list[dict[str, object]]:
    return json.loads(ok(cli("documents", "--format", "json", *args)).stdout)["rows"]


@pytest.fixture
def two_folders(tmp_path: Path) -> Path:
    """a/article.txt and b/article.txt: two different articles under one file name."""
    root = tmp_path / "in"
    for folder, seed in (("a", SEED_A), ("b", SEED_B)):
        (root / folder).mkdir(parents=True)
        shutil.copy(seed, root / folder / "article.txt")
    return root


def test_same_file_name_in_two_folders_keeps_both(cli: Cli, two_folders: Path) -> None:
    done = ok(cli("load", str(two_folders)))
    assert "loaded 2 new" in done.stdout
    assert sorted(cli_ids := [d["id"] for d in _documents(cli)]) == ["a/article", "b/article"]
    listed = {d["id"]: d for d in _documents(cli)}
    assert listed["a/article"]["path"] == "a/article.txt"
    assert listed["b/article"]["title"] != listed["a/article"]["title"]
    # Loading one of them again is an update of that document, not a third one.
    edited = two_folders / "a" / "article.txt"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("가동을 본격화했다", "가동을 시작했다"), "utf-8")
    assert "0 new, 1 changed, 1 unchanged" in ok(cli("load", str(two_folders))).stdout
    assert sorted(d["id"] for d in _documents(cli)) == sorted(cli_ids)


def test_a_seed_named_directly_keeps_its_stem(cli: Cli) -> None:
    ok(cli("load", str(SEED_A)))
    assert [d["id"] for d in _documents(cli)] == [SEED_A.stem]


def test_an_id_stored_from_another_path_is_refused(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SEED_A, root / "x.txt")
    ok(cli("load", str(root / "x.txt")))
    other = tmp_path / "x.json"  # another article whose path gives the same id
    other.write_text(json.dumps({"text": SEED_B.read_text(encoding="utf-8")}), "utf-8")
    done = ok(cli("load", str(other)))
    assert "0 new, 0 changed" in done.stdout and "1 skipped" in done.stdout
    refusals = [line for line in done.stderr.splitlines() if "already stored" in line]
    assert refusals == ["skipped x.json: document id 'x' is already stored from x.txt; not loaded"]
    [stored] = _documents(cli)
    assert (stored["id"], stored["path"]) == ("x", "x.txt")


def test_one_url_from_two_paths_is_one_document(cli: Cli, tmp_path: Path) -> None:
    url = "https://www.example.kr/news/7"
    text = SEED_C.read_text(encoding="utf-8")
    for name in ("first.json", "again.json"):
        (tmp_path / name).write_text(json.dumps({"text": text, "url": url}), "utf-8")
    ok(cli("load", str(tmp_path / "first.json")))
    ok(cli("load", str(tmp_path / "again.json")))  # re-fetched: the same article
    assert [(d["id"], d["path"]) for d in _documents(cli)] == [(url_id(url), "first.json")]


def test_documents_formats_and_paging(cli: Cli, two_folders: Path) -> None:
    shutil.copy(SEED_C, two_folders / "c.txt")
    ok(cli("load", str(two_folders)))
    rows = _documents(cli)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    page = json.loads(ok(cli("documents", "-f", "json", "--limit", "1", "--offset", "1")).stdout)
    assert (page["rows"], page["count"], page["limit"], page["offset"]) == ([rows[1]], 3, 1, 1)
    table = list(csv.DictReader(io.StringIO(ok(cli("documents", "-f", "csv")).stdout)))
    assert [(r["id"], r["path"]) for r in table] == [(r["id"], r["path"]) for r in rows]
    tsv = ok(cli("documents", "-f", "tsv", "--offset", "2")).stdout.splitlines()
    assert tsv[0].split("\t")[:4] == ["id", "path", "title", "date"] and len(tsv) == 2
    lines = ok(cli("documents", "-f", "jsonl", "--limit", "2")).stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows[:2]
    assert rows[0]["id"] in ok(cli("documents", "-f", "table")).stdout


def test_retract_by_path(cli: Cli, two_folders: Path) -> None:
    ok(cli("load", str(two_folders)))
    # The file as loaded from its folder: found as a/article, not as a lone "article".
    done = ok(cli("retract", str(two_folders / "a" / "article.txt")))
    assert "retracted 1 document(s)" in done.stdout
    assert [d["id"] for d in _documents(cli)] == ["b/article"]
    ok(cli("load", str(two_folders)))
    ok(cli("retract", str(two_folders)))  # a folder: every document loading it gives
    assert _documents(cli) == []
    ok(cli("load", str(SEED_A)))
    ok(cli("retract", str(SEED_A)))
    assert _documents(cli) == []
    assert cli("retract", str(SEED_A)).returncode == 1  # nothing stored from it any more


@pytest.mark.parametrize("command", ["stats", "load seeds/", "serve --port 1", "documents"])
def test_unreachable_neo4j_is_one_line(tmp_path: Path, command: str) -> None:
    env = _clean_env() | {"GOVKG_STORE": "neo4j", "NEO4J_URI": "bolt://127.0.0.1:1"}
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *command.split()],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith("error: cannot reach Neo4j at bolt://127.0.0.1:1: ")


def test_load_progress_has_a_real_total(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, two_folders: Path
) -> None:
    (two_folders / "broken.json").write_text("{", "utf-8")
    records = [{"text": SEED_C.read_text(encoding="utf-8"), "id": f"r{i}"} for i in range(3)]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (two_folders / "three.jsonl").write_text(lines + "\n", "utf-8")
    seen: dict[str, list[int]] = {"total": [], "advanced": []}
    real = api.cli.progress_bar

    @contextmanager
    def recording(
        description: str, console: Console, total: int | None = None
    ) -> Iterator[Callable[[int], None]]:
        seen["total"].append(total or 0)
        with real(description, console, total) as advance:
            yield lambda n: (seen["advanced"].append(n), advance(n))

    monkeypatch.setattr(api.cli, "progress_bar", recording)
    data = ["--data-dir", str(tmp_path / "data")]
    for command in (
        ["load", str(two_folders), *data],
        ["extract", str(two_folders), "-o", str(tmp_path / "f.jsonl")],
    ):
        seen["advanced"].clear()
        done = CliRunner().invoke(api.cli.app, command)
        assert done.exit_code == 0, done.output
        # 2 articles, 1 unreadable file, 3 JSON Lines records: every one counted and passed.
        assert seen["total"][-1] == 6 == sum(seen["advanced"])


def test_a_gold_set_naming_articles_by_file_still_scores_them(tmp_path: Path) -> None:
    gold = load_gold(Path(__file__).resolve().parent / "fixtures" / "seeds.gold.json")
    for seed in SEEDS.glob("*.txt"):  # each article now carries a URL, so its id is the URL's
        text = seed.read_text(encoding="utf-8")
        (tmp_path / seed.name).write_text(f"{text}\n\n원문: https://example.kr/{seed.stem}\n")
    [first] = [a for a in iter_articles([tmp_path / f"{SEED_A.stem}.txt"]) if a]
    assert first.id == url_id(f"https://example.kr/{SEED_A.stem}")
    with_urls = evaluate_articles(gold, [tmp_path], pytest.fail)
    plain = evaluate_articles(gold, [SEEDS], pytest.fail)
    assert with_urls.entities.true_positives == plain.entities.true_positives > 0
    assert with_urls.relations.true_positives == plain.relations.true_positives > 0
