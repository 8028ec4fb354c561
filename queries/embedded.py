"""The catalogue's Python faces: each query of ``queries/*.cypher`` over the networkx graph.

The Cypher text is the specification; the function registered here under a
query's name must give the rows its statement gives on Neo4j, in the same
order (see `queries.rows`). The parity test holds the two to that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graph.errors import UnsupportedError
from queries import conflicts, inventory, lookup, paths, relations, structure
from queries.index import EmbeddedIndex
from queries.rows import Row

if TYPE_CHECKING:
    from queries.catalogue import Query

Face = Callable[[EmbeddedIndex, dict[str, Any]], list[Row]]

FACES: dict[str, Face] = {
    face.__name__: face
    for face in (
        relations.cofunded_programs,
        relations.hosted_by,
        relations.hosts_of,
        relations.funders_of,
        relations.funding_by,
        relations.partners_of,
        relations.participants_of,
        relations.office_holders,
        relations.held_office,
        lookup.entity,
        lookup.search,
        lookup.evidence,
        lookup.timeline,
        paths.path_between,
        structure.central_actors,
        inventory.stats,
        conflicts.conflicts,
        inventory.documents,
        inventory.document_facts,
    )
}


def run_face(index: EmbeddedIndex, query: Query, params: dict[str, Any]) -> list[Row]:
    """The rows of ``query`` over the embedded graph, from its registered face."""
    face = FACES.get(query.name)
    if face is None:
        raise UnsupportedError(f"the query {query.name!r} has no embedded implementation")
    return face(index, params)
