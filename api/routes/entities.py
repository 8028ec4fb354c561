"""Entity routes: readable paths over the catalogue (`/entities/KT/cofunded`)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import on_store
from api.models import ERROR_RESPONSES, QueryResult
from api.paging import Limit, Offset
from api.query_schema import query_parameters
from api.routes.queries import queries_by_name, run_paged
from graph.errors import NotFoundError
from graph.stores import GraphStore
from queries.catalogue import run_query

router = APIRouter(prefix="/entities", tags=["entities"])

# path under /entities/{name}: (catalogue query, its parameter that takes the name, summary)
VIEWS: dict[str, tuple[str, str, str]] = {
    "timeline": ("timeline", "entity", "Its dated facts, oldest first"),
    "partners": ("partners_of", "entity", "Organisations it partners with"),
    "funders": ("funders_of", "target", "Who funds this programme or fund"),
    "funding": ("funding_by", "org", "What this organisation funds"),
    "cofunded": ("cofunded_programs", "company", "What it co-funds, with whom"),
    "hosts": ("hosts_of", "program", "Who hosts this programme, fund or meeting"),
    "hosted": ("hosted_by", "org", "What this organisation hosts"),
    "participants": ("participants_of", "program", "Who takes part in this programme"),
    "office-holders": ("office_holders", "org", "Who heads or works for it, and when"),
    "held-office": ("held_office", "org", "Who held office in it on a day (?date=)"),
    "evidence": ("evidence", "source", "The sentences behind one of its edges (?type=&target=)"),
}


async def _known(store: GraphStore, name: str) -> None:
    if not await on_store(store, run_query, store, "entity", {"name": name}):
        raise NotFoundError(f"no entity named {name!r}")


@router.get("/{name}", response_model=QueryResult, responses=ERROR_RESPONSES)
async def entity(
    name: str, request: Request, limit: Limit = None, offset: Offset = None
) -> Response:
    """The entities this name or alias names (spacing and case ignored), with their edges."""
    result = await run_paged(request, "entity", limit, offset, {"name": name})
    if not result.count:
        # Unknown: 404; known but not yet (or no longer) there on ?as_of=: no rows.
        await _known(request.app.state.store, name)
    return result.response()


def _add_view(path: str, query: str, param: str, summary: str) -> None:
    async def view(
        name: str, request: Request, limit: Limit = None, offset: Offset = None
    ) -> Response:
        result = await run_paged(request, query, limit, offset, {param: name})
        if not result.count:
            await _known(request.app.state.store, name)  # unknown: 404; known: no rows
        return result.response()

    view.__doc__ = f"{summary}: the catalogue query `{query}` with {param}={{name}}."
    # The query's other parameters (evidence: type, target) come from the query string.
    others = query_parameters(queries_by_name()[query], leave_out=frozenset({param}))
    router.add_api_route(
        f"/{{name}}/{path}",
        view,
        methods=["GET"],
        response_model=QueryResult,
        responses=ERROR_RESPONSES,
        summary=summary,
        name=f"entity_{path.replace('-', '_')}",
        openapi_extra={"parameters": others} if others else None,
    )


for _path, (_query, _param, _summary) in VIEWS.items():
    _add_view(_path, _query, _param, _summary)
