"""The whole graph: summary counts and the JSON export."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.deps import StoreDep
from api.models import ERROR_RESPONSES
from graph.export import export_json
from graph.exporters import EXPORTERS, export_format, render

_FORMATS = "one of: " + ", ".join(sorted(EXPORTERS))
# Each format's own media type, so the schema says what a download is.
_EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The graph: JSON, GraphML, a zip of neo4j-admin CSVs, or a Cypher script",
        "content": {fmt.media_type.split(";")[0]: {} for fmt in EXPORTERS.values()},
    },
    422: ERROR_RESPONSES[422],
}

router = APIRouter(tags=["graph"])


@router.get("/stats")
def stats(store: StoreDep) -> dict[str, Any]:
    """Nodes and edges by label and type."""
    return store.stats()


@router.get("/export", response_model=None, responses=_EXPORT_RESPONSES)
def export(
    store: StoreDep, format: Annotated[str, Query(description=_FORMATS)] = "json"
) -> dict[str, list[dict[str, Any]]] | Response:
    """The whole graph: JSON ({"nodes": [...], "edges": [...]}), GraphML, a Cypher script,
    or a zip of neo4j-admin import CSVs."""
    export_format(format)  # an unknown format is a 422 naming the formats, before any work
    graph = export_json(store)
    if format == "json":
        return graph
    rendered = render(graph, format)
    return Response(
        rendered.content,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"'},
    )
