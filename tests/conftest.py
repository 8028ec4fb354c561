"""Shared fixtures: the gold graph, and the store under test on both backends.

The Neo4j server is the one named by ``NEO4J_URI`` (with ``NEO4J_USER``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) or, when that is not set, a throwaway
server provisioned for the session (``tests/neo4j_server.py``). When it cannot
be had, the Neo4j tests are skipped, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from graph.model import DocumentFacts
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from loaders.gold import Gold, gold_to_facts, load_gold

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
GOLD_PATH = TESTS_DIR / "fixtures" / "seeds.gold.json"
# The shared original of the fixture copy (beside the repository, when present).
SHARED_GOLD_PATH = REPO_ROOT.parent / "shared" / "gold" / "seeds.gold.json"


@dataclass(frozen=True)
class Neo4jTarget:
    """Where the Neo4j tests connect."""

    uri: str
    user: str
    password: str
    database: str = "neo4j"

    def env(self) -> dict[str, str]:
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USER": self.user,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": self.database,
        }

    def store(self) -> Neo4jStore:
        return Neo4jStore(self.uri, self.user, self.password, self.database)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _unavailable(reason: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"Neo4j is required when CI=true: {reason}", pytrace=False)
    pytest.skip(f"Neo4j unavailable: {reason}")


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jTarget]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield Neo4jTarget(
            uri=uri,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", "neo4j"),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
        )
        return
    with ExitStack() as stack:
        problem = None
        try:
            from neo4j_server import provisioned_neo4j

            server = stack.enter_context(provisioned_neo4j())
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"
        if problem is not None:
            _unavailable(problem)
        yield Neo4jTarget(uri=server.uri, user=server.user, password=server.password)


@pytest.fixture(scope="session")
def neo4j_jars() -> list[str]:
    """The Neo4j distribution's classpath (server, neo4j-admin, cypher-shell).

    For tests that run Neo4j's own tools or start servers of their own (bulk
    imports happen before a server starts), whatever ``NEO4J_URI`` says.
    """
    try:
        from neo4j_server import java_executable, neo4j_classpath

        java_executable()
        return neo4j_classpath()
    except Exception as exc:
        _unavailable(f"{type(exc).__name__}: {exc}")


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jTarget) -> Iterator[Neo4jStore]:
    """An opened Neo4j store over an empty database, emptied again afterwards."""
    store = neo4j_server.store()
    problem = None
    try:
        store.open()
    except Exception as exc:
        problem = f"cannot open {neo4j_server.uri}: {exc}"
    if problem is not None:
        store.close()
        _unavailable(problem)
    try:
        store.clear()
        yield store
        store.clear()
    finally:
        store.close()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "data")
    store.open()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """The store under test: every contract test runs on both backends."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session")
def gold() -> Gold:
    return load_gold(GOLD_PATH)


@pytest.fixture
def gold_facts(gold: Gold) -> list[DocumentFacts]:
    """One DocumentFacts per seed document (fresh objects for every test)."""
    return gold_to_facts(gold)


# -- the Neo4j tally at the end of the session ------------------------------

_neo4j_outcomes: Counter[str] = Counter()


def _is_neo4j(report: pytest.TestReport) -> bool:
    return "[neo4j" in report.nodeid or "neo4j" in report.keywords


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: a long test that still runs by default")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not _is_neo4j(report):
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        if report.passed:
            _neo4j_outcomes["passed"] += 1
        elif report.skipped:
            _neo4j_outcomes["skipped"] += 1
        else:
            _neo4j_outcomes["failed" if report.when == "call" else "errors"] += 1
    elif report.when == "teardown" and report.failed:
        _neo4j_outcomes["errors"] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    order = ("passed", "failed", "errors", "skipped")
    parts = [f"{_neo4j_outcomes[k]} {k}" for k in order if _neo4j_outcomes[k]]
    terminalreporter.write_line(f"neo4j tests: {', '.join(parts) or 'none ran'}")
