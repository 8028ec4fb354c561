"""The HTTP API over real HTTP, on both stores."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from api.app import create_app
from graph.config import Settings
from graph.loading import apply_in_batches


def _settings_for(store, request: pytest.FixtureRequest) -> Settings:
    if store.name == "neo4j":
        target = request.getfixturevalue("neo4j_server")
        return Settings(
            store="neo4j",
            NEO4J_URI=target.uri,
            NEO4J_USER=target.user,
            NEO4J_PASSWORD=target.password,
            NEO4J_DATABASE=target.database,
        )
    return Settings(store="embedded", data_dir=store.data_dir)


@pytest.fixture
def served(store, gold_facts, request: pytest.FixtureRequest) -> Iterator[str]:
    apply_in_batches(store, gold_facts)
    app = create_app(_settings_for(store, request))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_health_reports_the_store_counts(served: str, store) -> None:
    body = httpx.get(f"{served}/health").json()
    assert body["status"] == "ok"
    assert body["nodes"] == store.stats()["nodes"] > 0


def test_export_has_the_kt_cofunding(served: str) -> None:
    graph = httpx.get(f"{served}/export").json()
    funds = {
        e["source"]
        for e in graph["edges"]
        if e["type"] == "FUNDS" and e["target"] == "fund:스마트대한민국펀드"
    }
    assert funds == {"company:kt", "ministry:중소벤처기업부"}


def test_unknown_route_is_a_json_404(served: str) -> None:
    response = httpx.get(f"{served}/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
