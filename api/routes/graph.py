"""The whole graph: summary counts and the JSON export."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import StoreDep
from graph.export import export_json

router = APIRouter(tags=["graph"])


@router.get("/stats")
def stats(store: StoreDep) -> dict[str, Any]:
    """Nodes and edges by label and type."""
    return store.stats()


@router.get("/export")
def export(store: StoreDep) -> dict[str, list[dict[str, Any]]]:
    """The whole graph as JSON: {"nodes": [...], "edges": [...]}."""
    return export_json(store)
