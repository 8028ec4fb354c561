"""The HTTP API (FastAPI): thin over graph/; one store per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from graph.config import Settings
from graph.errors import GovkgError
from graph.export import export_json
from graph.stores import GraphStore, make_store


def get_store(request: Request) -> GraphStore:
    return request.app.state.store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = make_store(settings)
        store.open()
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    app = FastAPI(title="govkg", version="0.1.0", lifespan=lifespan)

    @app.exception_handler(GovkgError)
    async def govkg_error(request: Request, exc: GovkgError) -> JSONResponse:
        return JSONResponse(
            {"error": {"code": exc.code, "message": str(exc)}}, status_code=exc.status_code
        )

    @app.get("/health")
    def health(store: StoreDep) -> dict[str, Any]:
        """The store is reachable; its counts."""
        stats = store.stats()
        return {
            "status": "ok",
            "store": stats["store"],
            "nodes": stats["nodes"],
            "edges": stats["edges"],
            "documents": stats["documents"],
        }

    @app.get("/stats")
    def stats(store: StoreDep) -> dict[str, Any]:
        """Nodes and edges by label and type."""
        return store.stats()

    @app.get("/export")
    def export(store: StoreDep) -> dict[str, list[dict[str, Any]]]:
        """The whole graph as JSON: {"nodes": [...], "edges": [...]}."""
        return export_json(store)

    return app
