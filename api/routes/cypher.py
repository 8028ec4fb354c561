"""Ad-hoc read-only Cypher, on the Neo4j store: off unless the server turns it on."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Header
from fastapi.concurrency import run_in_threadpool

from api.cypher_policy import check_statement
from api.deps import SettingsDep, StoreDep, require_api_key
from api.models import CypherRequest, CypherResult, ErrorPublic
from graph.errors import ForbiddenError, QueryTimeoutError, UnsupportedError

router = APIRouter(tags=["cypher"])

EMBEDDED_MESSAGE = (
    "ad-hoc Cypher needs the Neo4j store: set GOVKG_STORE=neo4j (with NEO4J_URI) on the "
    "server; the embedded store answers the named queries of the catalogue at GET /queries"
)
OFF_MESSAGE = (
    "ad-hoc Cypher is off on this server (GOVKG_CYPHER=on turns it on); "
    "the named queries of the catalogue are at GET /queries"
)
# Beyond the transaction's own time limit: connecting, planning and sending the rows.
_GRACE_SECONDS = 2.0


@router.post(
    "/cypher",
    response_model=CypherResult,
    responses={
        status: {"model": ErrorPublic, "description": description}
        for status, description in (
            (400, "The embedded store runs no ad-hoc Cypher"),
            (401, "The API key is required (GOVKG_CYPHER_REQUIRE_KEY) and missing or wrong"),
            (403, "Off (GOVKG_CYPHER), or not a plain read, or over a size limit"),
            (408, "Over the time limit (GOVKG_CYPHER_TIMEOUT)"),
            (
                422,
                "Syntax error, more than one statement, a missing parameter, a parameter "
                "Neo4j cannot take, or an answer nested too deep",
            ),
        )
    },
)
async def run_cypher(
    body: CypherRequest,
    store: StoreDep,
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(description="The key set as GOVKG_API_KEY.")] = None,
) -> CypherResult:
    """Run one read-only Cypher statement with parameters.

    Off unless the server sets GOVKG_CYPHER=on; then it needs the X-API-Key header
    unless GOVKG_CYPHER_REQUIRE_KEY=false. Only plain reads (MATCH, OPTIONAL MATCH,
    WITH, UNWIND, RETURN, and CALL of db.labels, db.relationshipTypes,
    db.propertyKeys, db.index.fulltext.queryNodes) run, in a READ transaction with a
    time limit; at most GOVKG_CYPHER_ROW_LIMIT rows come back.
    """
    if not settings.cypher:
        raise ForbiddenError(OFF_MESSAGE)
    if settings.cypher_require_key:
        await require_api_key(settings, x_api_key)
    check_statement(
        body.query, max_chars=settings.cypher_max_chars, max_depth=settings.cypher_max_depth
    )
    run = getattr(store, "run_cypher_readonly", None)
    if run is None:
        raise UnsupportedError(EMBEDDED_MESSAGE)
    limit = settings.cypher_timeout
    try:
        with anyio.fail_after(limit + _GRACE_SECONDS):
            result = await run_in_threadpool(
                lambda: run(
                    body.query, body.params, timeout=limit, row_limit=settings.cypher_row_limit
                )
            )
    except TimeoutError as exc:
        raise QueryTimeoutError(f"the query ran past the {limit:g} s time limit") from exc
    return CypherResult(
        columns=result["columns"],
        rows=result["rows"],
        count=len(result["rows"]),
        truncated=result["truncated"],
    )
