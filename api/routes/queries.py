"""The catalogue of named queries, and running one of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic_core import to_json

from api.deps import Limit, Offset, on_store, page_of
from api.models import ERROR_RESPONSES, ParameterPublic, QueriesPublic, QueryPublic, QueryResult
from graph.errors import NotFoundError
from queries.catalogue import Query, catalogue, run_query

router = APIRouter(prefix="/queries", tags=["queries"])

PAGING = ("limit", "offset")


@cache
def queries_by_name() -> dict[str, Query]:
    # The catalogue is fixed for the life of the process.
    return dict(catalogue())


async def run_paged(
    request: Request,
    query_name: str,
    limit: int | None,
    offset: int | None,
    fixed: Mapping[str, str] | None = None,
) -> PagedRows:
    """Run a catalogue query with the query string's parameters (and ``fixed`` ones).

    A query that declares ``limit`` or ``offset`` itself gets those from the
    query string and pages in Cypher; the API pages the rest.
    """
    state = request.app.state
    page = page_of(state.settings, limit, offset)
    query = queries_by_name().get(query_name)
    if query is None:
        raise NotFoundError(f"no query named {query_name!r} (GET /queries lists them)")
    declared = {p.name for p in query.parameters}
    given = request.query_params
    params = {k: v for k, v in given.items() if k not in PAGING or k in declared}
    params |= fixed or {}

    async def compute() -> PagedRows:
        rows = await on_store(state.store, run_query, state.store, query_name, params)
        start = 0 if "offset" in declared else page.offset or 0
        size = len(rows) if "limit" in declared else page.limit or page.default_limit
        return PagedRows(query_name, rows[start : start + size], len(rows))

    key = (query_name, tuple(sorted(params.items())), page.limit, page.offset)
    return await state.result_cache.get(state.store, key, compute)


@dataclass(frozen=True)
class PagedRows:
    name: str
    rows: list[dict[str, Any]]
    count: int

    @cached_property
    def body(self) -> bytes:
        """The QueryResult JSON, written straight from the rows (once: answers are cached).

        Rows are plain JSON-ready data already; validating them into the model
        and back would cost as much as an embedded query.
        """
        return to_json({"name": self.name, "rows": self.rows, "count": self.count})

    def response(self) -> Response:
        return Response(self.body, media_type="application/json")


def query_public(query: Query) -> QueryPublic:
    return QueryPublic(
        name=query.name,
        title=query.title,
        description=query.description,
        parameters=[
            ParameterPublic(
                name=p.name,
                type=p.type,
                default=p.default,
                required=p.required,
                description=p.description,
            )
            for p in query.parameters
        ],
        columns=list(query.columns),
        ordered=query.ordered,
    )


@cache
def catalogue_public() -> QueriesPublic:
    data = [query_public(q) for q in sorted(queries_by_name().values(), key=lambda q: q.name)]
    return QueriesPublic(data=data, count=len(data))


@router.get("", response_model=QueriesPublic)
async def list_queries() -> QueriesPublic:
    """Every named query with its parameters and result columns."""
    return catalogue_public()


@router.get("/{name}", response_model=QueryResult, responses=ERROR_RESPONSES)
async def run_named_query(
    name: str, request: Request, limit: Limit = None, offset: Offset = None
) -> Response:
    """Run a named query; its parameters go in the query string (`?company=KT`).

    `limit` and `offset` page the rows (a query that declares them pages itself);
    `count` is the number of rows before the API's paging.
    """
    return (await run_paged(request, name, limit, offset)).response()
