"""Liveness: is the store reachable, and how big is the graph."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.models import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(store: StoreDep) -> Health:
    """The store is reachable; its counts of documents, nodes and edges."""
    stats = store.stats()
    return Health(
        status="ok",
        store=stats["store"],
        nodes=stats["nodes"],
        edges=stats["edges"],
        documents=stats["documents"],
    )


@router.get("/ping")
async def ping() -> dict[str, bool]:
    """Answers without touching the store: the baseline the API benchmark compares with."""
    return {"ok": True}
