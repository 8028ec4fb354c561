"""Where the documents disagree: the catalogue query `conflicts` at its own path."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.models import ERROR_RESPONSES, QueryResult
from api.paging import Limit, Offset
from api.query_schema import query_parameters
from api.routes.queries import queries_by_name, run_paged

router = APIRouter(tags=["conflicts"])


@router.get(
    "/conflicts",
    response_model=QueryResult,
    responses=ERROR_RESPONSES,
    openapi_extra={"parameters": query_parameters(queries_by_name()["conflicts"])},
)
async def conflicts(request: Request, limit: Limit = None, offset: Offset = None) -> Response:
    """Facts given two or more values (a fund's size, a contribution, a meeting's date),
    two people heading one body in one role at once, and one person heading two
    ministries at once: each value with the documents and sentences that state it
    (`?kind=value|heads|offices`)."""
    return (await run_paged(request, "conflicts", limit, offset)).response()
