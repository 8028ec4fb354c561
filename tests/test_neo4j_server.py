"""The self-provisioned Neo4j server (tests/neo4j_server.py) comes up and works."""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from collections.abc import Iterator

import pytest
from neo4j import GraphDatabase
from neo4j_server import Neo4jServer, provisioned_neo4j

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def server() -> Iterator[Neo4jServer]:
    # Outside CI a machine without Java skips; in CI provisioning must work.
    if shutil.which("java") is None and os.environ.get("CI") != "true":
        pytest.skip("java is not installed")
    with provisioned_neo4j(heap="512m", pagecache="64m") as srv:
        yield srv
    assert not srv.home.exists(), "the server's home should be removed on exit"


def test_bolt_round_trip(server: Neo4jServer) -> None:
    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1

        driver.execute_query(
            "CREATE (:ProvisionCheck {name: $name, n: $n})", name="round-trip", n=42
        )
        records, _, _ = driver.execute_query(
            "MATCH (p:ProvisionCheck {name: $name}) RETURN p.n AS n", name="round-trip"
        )
        assert [r["n"] for r in records] == [42]

        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition "
            "RETURN name, versions[0] AS version, edition"
        )
        assert records[0]["name"] == "Neo4j Kernel"
        assert records[0]["version"].startswith("5.")
        assert records[0]["edition"] == "community"


def test_authentication_is_enforced(server: Neo4jServer) -> None:
    from neo4j.exceptions import AuthError

    with (
        GraphDatabase.driver(server.uri, auth=(server.user, "not-the-password")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()


def test_http_discovery_advertises_the_bolt_port(server: Neo4jServer) -> None:
    with urllib.request.urlopen(server.http_url + "/", timeout=10) as resp:
        assert resp.status == 200
        discovery = json.load(resp)
    assert discovery["bolt_direct"] == server.uri
    assert discovery["neo4j_edition"] == "community"


def test_browser_is_served(server: Neo4jServer) -> None:
    with urllib.request.urlopen(server.http_url + "/browser/", timeout=10) as resp:
        assert resp.status == 200
        assert resp.headers.get_content_type() == "text/html"
        body = resp.read().decode("utf-8", errors="replace")
    assert "<title>Neo4j Browser</title>" in body
