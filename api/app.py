"""The HTTP API (FastAPI): thin over queries/ and graph/; one store per process."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from api.deps import StoreDep, get_store
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.result_cache import ResultCache
from api.routes import (
    conflicts,
    corrections,
    cypher,
    docs,
    documents,
    entities,
    explore,
    graph,
    health,
    queries,
)
from api.single_values import single_values
from graph.config import Settings
from graph.stores import make_store

__all__ = ["StoreDep", "create_app", "get_store"]

DESCRIPTION = """\
A knowledge graph of government digital initiatives from Korean news.

Read: the catalogue of named queries (`GET /queries`, one route per query such as
`GET /queries/cofunded_programs?company=KT`, and `GET /queries/{name}?...`), entity
routes built on it, documents, where the documents disagree (`GET /conflicts`), the
corrections (`GET /corrections`), and read-only Cypher on Neo4j (`POST /cypher`).
Queries where a day makes sense take `as_of` (yyyy-mm-dd).
Write (header `X-API-Key`, the server's `GOVKG_API_KEY`): `POST /documents`,
`DELETE /documents/{id}`, `POST /corrections`, `POST /corrections/{id}/undo`.
Every error is `{"error": {"code", "message"}}`.

Every list pages alike: `limit` and `offset` in the query string; the answer's `count`
is every row before paging and `next` the next page's URL (null on the last page).
A parameter given twice (`?company=KT&company=SK`) is a 422.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = make_store(settings)
        store.open()
        # The embedded graph is millions of long-lived objects: left to the cyclic
        # collector, each full collection rescans all of them and stalls requests.
        gc.collect()
        gc.freeze()
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="govkg",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Served from this app's own files (routes/docs.py), not a CDN.
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(single_values)],
    )
    app.state.settings = settings
    app.state.result_cache = ResultCache(settings.result_cache_size)
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    for module in (health, entities, documents, cypher, graph, conflicts, corrections):
        app.include_router(module.router)
    # Made now, from the catalogue: one route per query.
    app.include_router(queries.catalogue_router())
    app.include_router(explore.router)
    app.include_router(docs.router)
    return app
