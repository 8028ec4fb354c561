"""The catalogue of named queries, and running one of them.

Every query has its own route, ``GET /queries/<name>``, made at app start from its
``.cypher`` header, so the OpenAPI schema shows its parameters with their types,
defaults and descriptions; ``GET /queries/{name}`` runs any of them by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic_core import to_json

from api.deps import on_store
from api.models import ERROR_RESPONSES, ParameterPublic, QueriesPublic, QueryPublic, QueryResult
from api.paging import PAGING, Limit, Offset, Page, page_of
from api.query_schema import query_parameters
from api.single_values import check_single
from graph.errors import NotFoundError
from queries.catalogue import Query, catalogue, run_query


@cache
def queries_by_name() -> dict[str, Query]:
    # The catalogue is fixed for the life of the process.
    return dict(catalogue())


def whole_answer(query: Query) -> dict[str, Any]:
    """The values that make a query give every row it can: the API does the paging.

    A query that caps its rows (``limit``) runs at its largest cap; one that pages
    itself (``offset``) starts at the first row. So ``count`` is every row.
    """
    fixed: dict[str, Any] = {}
    for p in query.parameters:
        if p.name == "limit":
            fixed["limit"] = p.maximum if p.maximum is not None else p.default
        elif p.name == "offset":
            fixed["offset"] = 0
    return fixed


async def run_paged(
    request: Request,
    query_name: str,
    limit: int | None,
    offset: int | None,
    fixed: Mapping[str, str] | None = None,
) -> PagedRows:
    """Run a catalogue query with the query string's parameters (and ``fixed`` ones)."""
    state = request.app.state
    page = page_of(state.settings, limit, offset)
    query = queries_by_name().get(query_name)
    if query is None:
        raise NotFoundError(f"no query named {query_name!r} (GET /queries lists them)")
    check_single(request, [*(p.name for p in query.parameters), *PAGING])
    params: dict[str, Any] = {k: v for k, v in request.query_params.items() if k not in PAGING}
    params |= fixed or {}
    params |= whole_answer(query)
    rows_key = ("rows", query_name, tuple(sorted(params.items())))

    async def all_rows() -> list[dict[str, Any]]:
        return await on_store(state.store, run_query, state.store, query_name, params)

    async def this_page() -> PagedRows:
        rows = await state.result_cache.get(state.store, rows_key, all_rows)
        count = len(rows)
        return PagedRows(query_name, page.of(rows), count, page, page.next_url(request, count))

    # The page's answer names its path and query string (next): keyed by both.
    page_key = ("page", request.url.path, request.url.query, page)
    return await state.result_cache.get(state.store, page_key, this_page)


@dataclass(frozen=True)
class PagedRows:
    name: str
    rows: list[dict[str, Any]]
    count: int
    page: Page
    next: str | None

    @cached_property
    def body(self) -> bytes:
        """The QueryResult JSON, written straight from the rows (once: answers are cached).

        Rows are plain JSON-ready data already; validating them into the model
        and back would cost as much as an embedded query.
        """
        return to_json(
            {
                "name": self.name,
                "rows": self.rows,
                "count": self.count,
                "limit": self.page.limit,
                "offset": self.page.offset,
                "next": self.next,
            }
        )

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
def catalogue_public() -> list[QueryPublic]:
    return [query_public(q) for q in sorted(queries_by_name().values(), key=lambda q: q.name)]


async def list_queries(
    request: Request, limit: Limit = None, offset: Offset = None
) -> QueriesPublic:
    """Every named query with its parameters and result columns."""
    page = page_of(request.app.state.settings, limit, offset)
    data = catalogue_public()
    return QueriesPublic(
        data=page.of(data),
        count=len(data),
        limit=page.limit,
        offset=page.offset,
        next=page.next_url(request, len(data)),
    )


async def run_named_query(
    name: str, request: Request, limit: Limit = None, offset: Offset = None
) -> Response:
    """Run a named query; its parameters go in the query string (`?company=KT`).

    Each query also has its own route, `GET /queries/<name>`, that documents them.
    `limit` and `offset` page the rows; `count` is every row before paging, `next`
    the next page's URL.
    """
    return (await run_paged(request, name, limit, offset)).response()


def _describe(query: Query) -> str:
    return (
        f"{query.description}\n\nColumns: {', '.join(query.columns)}. "
        "`limit` and `offset` page the rows; `count` is every row before paging, "
        "`next` the next page's URL (null on the last)."
    )


def _add_query_route(router: APIRouter, query: Query) -> None:
    name = query.name

    async def run(request: Request, limit: Limit = None, offset: Offset = None) -> Response:
        return (await run_paged(request, name, limit, offset)).response()

    parameters = query_parameters(query)
    router.add_api_route(
        f"/{name}",
        run,
        methods=["GET"],
        response_model=QueryResult,
        responses=ERROR_RESPONSES,
        summary=query.title,
        description=_describe(query),
        name=f"query_{name}",
        openapi_extra={"parameters": parameters} if parameters else None,
    )


def catalogue_router() -> APIRouter:
    """``/queries``: the list, one route per catalogue query, then the generic route.

    Built when the app is made; the named routes come first, so they answer their
    own paths and ``/queries/{name}`` the rest (unknown names: 404).
    """
    router = APIRouter(prefix="/queries", tags=["queries"])
    router.add_api_route("", list_queries, methods=["GET"], response_model=QueriesPublic)
    for query in sorted(queries_by_name().values(), key=lambda q: q.name):
        _add_query_route(router, query)
    router.add_api_route(
        "/{name}",
        run_named_query,
        methods=["GET"],
        response_model=QueryResult,
        responses=ERROR_RESPONSES,
        summary="Run a named query",
    )
    return router
