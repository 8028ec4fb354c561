"""Serving the app over real HTTP in tests: the store's settings, uvicorn on a free port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from graph.config import Settings
from graph.stores.base import GraphStore


def settings_for(store: GraphStore, request: pytest.FixtureRequest, **overrides: Any) -> Settings:
    """Settings that open the same database as ``store`` (the fixture under test)."""
    if store.name == "neo4j":
        target = request.getfixturevalue("neo4j_server")
        return Settings(
            store="neo4j",
            NEO4J_URI=target.uri,
            NEO4J_USER=target.user,
            NEO4J_PASSWORD=target.password,
            NEO4J_DATABASE=target.database,
            **overrides,
        )
    return Settings(store="embedded", data_dir=store.data_dir, **overrides)


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port; yields the base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
