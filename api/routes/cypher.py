"""Ad-hoc read-only Cypher, on the Neo4j store."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SettingsDep, StoreDep
from api.models import CypherRequest, CypherResult, ErrorPublic
from graph.errors import UnsupportedError

router = APIRouter(tags=["cypher"])

EMBEDDED_MESSAGE = (
    "ad-hoc Cypher needs the Neo4j store: set GOVKG_STORE=neo4j (with NEO4J_URI) on the "
    "server; the embedded store answers the named queries of the catalogue at GET /queries"
)


@router.post(
    "/cypher",
    response_model=CypherResult,
    responses={
        status: {"model": ErrorPublic, "description": description}
        for status, description in (
            (400, "The embedded store runs no ad-hoc Cypher"),
            (403, "The statement would write (or LOAD CSV, TERMINATE TRANSACTIONS)"),
            (408, "Over the time limit (GOVKG_CYPHER_TIMEOUT)"),
            (422, "Syntax error, more than one statement, or a missing parameter"),
        )
    },
)
def run_cypher(body: CypherRequest, store: StoreDep, settings: SettingsDep) -> CypherResult:
    """Run one read-only Cypher statement with parameters.

    It runs in a READ transaction with a time limit and returns at most
    GOVKG_CYPHER_ROW_LIMIT rows; any statement that would write is refused and
    changes nothing.
    """
    run = getattr(store, "run_cypher_readonly", None)
    if run is None:
        raise UnsupportedError(EMBEDDED_MESSAGE)
    result = run(
        body.query,
        body.params,
        timeout=settings.cypher_timeout,
        row_limit=settings.cypher_row_limit,
    )
    return CypherResult(
        columns=result["columns"],
        rows=result["rows"],
        count=len(result["rows"]),
        truncated=result["truncated"],
    )
