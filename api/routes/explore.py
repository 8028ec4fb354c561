"""The explorer: a page that draws an entity's neighbourhood, and the JSON it reads.

Everything the page asks for goes through the query catalogue (``search``, ``entity``,
``evidence``, ``funding_by``, ``funders_of``), so it works the same on both stores. The
page's graph library (cytoscape) is installed from npm into ``api/explorer/node_modules``
by ``npm ci --prefix api/explorer`` and served from there: nothing comes from a CDN.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse

from api.deps import StoreDep
from api.models import ERROR_RESPONSES, SearchResult
from api.paging import Offset, Page
from api.routes.queries import queries_by_name, whole_answer
from graph.browser import node_styles, parse_grass, style_text
from graph.corrections import Rewrite
from graph.errors import NotFoundError
from graph.schema import ENTITY_LABELS
from graph.stores.base import GraphStore
from queries.catalogue import run_query

router = APIRouter(prefix="/explore", tags=["explorer"])

EXPLORER_DIR = Path(__file__).resolve().parent.parent / "explorer"
STATIC_DIR = EXPLORER_DIR / "static"
# Files served under /explore/static/ from the npm install, by the name the page uses.
LIBRARIES = {"cytoscape.min.js": EXPLORER_DIR / "node_modules/cytoscape/dist/cytoscape.min.js"}
INSTALL_HINT = "npm ci --prefix api/explorer"
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_EDGES = 150


@router.get("", include_in_schema=False)
def page() -> FileResponse:
    """The explorer page (HTML)."""
    return FileResponse(EXPLORER_DIR / "index.html", media_type="text/html")


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    """The page's script and style sheet, and the graph library from node_modules."""
    library = LIBRARIES.get(name)
    if library is not None:
        if not library.is_file():
            raise NotFoundError(
                f"the explorer's graph library {name} is not installed: run `{INSTALL_HINT}`"
            )
        return FileResponse(library)
    path = STATIC_DIR / name
    if not _PLAIN_NAME.match(name) or not path.is_file():
        raise NotFoundError(f"no explorer file named {name!r}")
    return FileResponse(path)


@router.get("/style")
def style() -> dict[str, Any]:
    """Node and relationship styles from the Neo4j Browser style sheet (graph/browser)."""
    rules = parse_grass(style_text())
    relationships = {
        selector.removeprefix("relationship."): props
        for selector, props in rules.items()
        if selector.startswith("relationship.")
    }
    return {
        "nodes": node_styles(),
        "relationship": rules.get("relationship", {}),
        "relationships": relationships,
    }


@router.get("/search", response_model=SearchResult, responses={422: ERROR_RESPONSES[422]})
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, description="A name or alias, or part of one.")],
    label: Annotated[str | None, Query(description="Only entities with this label.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Entities per page.")] = 20,
    offset: Offset = None,
) -> SearchResult:
    """Entities whose names or aliases match (the catalogue's ``search``), paged."""
    params = {"q": q, "label": label} | whole_answer(queries_by_name()["search"])
    rows = run_query(store, "search", params)
    page = Page(limit, offset or 0)
    return SearchResult(
        data=page.of(rows),
        count=len(rows),
        limit=page.limit,
        offset=page.offset,
        next=page.next_url(request, len(rows)),
    )


@router.get("/neighbourhood", responses=ERROR_RESPONSES)
def neighbourhood(
    store: StoreDep,
    id: Annotated[str | None, Query(description="The entity's id (company:kt).")] = None,
    name: Annotated[str | None, Query(description="Or its name or an alias.")] = None,
    as_of: Annotated[
        str | None, Query(description="Only what held on this day (yyyy-mm-dd).")
    ] = None,
) -> dict[str, Any]:
    """An entity, the entities it is related to, and the relationships between them.

    Edges name their ends by id; ``/explore/evidence`` gives the sentences behind one.
    With ``as_of``, only the relationships that held that day (the catalogue's rule). A
    node or edge the documents disagree about carries ``conflicts`` (each value with its
    sentences); one a correction made or moved carries ``corrections``.
    """
    centre = _resolve(store, id, name, as_of)
    nodes = {centre["id"]: _node(centre)}
    edges: dict[str, dict[str, Any]] = {}
    for group in centre["relationships"]:
        for other in group["nodes"]:
            nodes.setdefault(other["id"], _node(other))
            edge = _edge(group["type"], group["direction"], centre["id"], other["id"])
            edges.setdefault(edge["id"], edge)
    edge_list = sorted(edges.values(), key=lambda e: (e["type"], e["source"], e["target"]))
    _add_amounts(store, centre, edge_list)
    mark_conflicts(store, nodes, edges)
    mark_corrections(store, nodes, edges)
    return {
        "centre": centre["id"],
        "as_of": as_of,
        "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
        "edges": edge_list[:MAX_EDGES],
        "truncated": len(edge_list) > MAX_EDGES,
    }


@router.get("/evidence", responses=ERROR_RESPONSES)
def evidence(
    store: StoreDep,
    source: Annotated[str, Query(description="Id of the relationship's start.")],
    type: Annotated[str, Query(description="The relationship type (FUNDS, HOSTS, ...).")],
    target: Annotated[str, Query(description="Id of the relationship's end.")],
) -> dict[str, Any]:
    """The documents and sentences behind one relationship (the catalogue's ``evidence``)."""
    ends = {n["id"]: n for n in store.nodes([source, target])}
    missing = [i for i in (source, target) if i not in ends]
    if missing:
        raise NotFoundError(f"no entity with id {missing[0]!r}")
    rows = run_query(
        store,
        "evidence",
        {"source": ends[source]["name"], "type": type, "target": ends[target]["name"]},
    )
    # Names can be shared by entities of different labels: keep this edge's rows only.
    rows = [r for r in rows if {r["source_id"], r["target_id"]} == {source, target}]
    if not rows:
        raise NotFoundError(f"no {type} relationship between {source} and {target}")
    keep = ("doc", "title", "date", "sentence")
    return {
        "source": rows[0]["source_id"],
        "type": rows[0]["type"],
        "target": rows[0]["target_id"],
        "inferred": rows[0]["inferred"],
        "evidence": [{k: r[k] for k in keep} for r in rows],
    }


def _resolve(
    store: GraphStore, entity_id: str | None, name: str | None, as_of: str | None = None
) -> dict[str, Any]:
    """The catalogue's ``entity`` row for an id, or for a name (the first match)."""
    if entity_id:
        found = store.nodes([entity_id])
        if not found or found[0].get("label") not in ENTITY_LABELS:
            raise NotFoundError(f"no entity with id {entity_id!r}")
        name = found[0]["name"]
    if not name or not name.strip():
        raise NotFoundError("give an entity's id or name")
    rows = run_query(store, "entity", {"name": name, "as_of": as_of})
    if entity_id:
        rows = [r for r in rows if r["id"] == entity_id]
    if not rows and as_of:
        _resolve(store, entity_id, name)  # unknown: 404; known: not there that day
        raise NotFoundError(f"{entity_id or name} is not in the graph on {as_of}")
    if not rows:
        raise NotFoundError(f"no entity named {name!r}")
    return rows[0]


def _node(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "label": row["label"], "name": row["name"]}


def _edge(rel_type: str, direction: str, centre: str, other: str) -> dict[str, Any]:
    if direction == "in":
        source, target = other, centre
    elif direction == "both":  # symmetric: one edge whichever end is expanded
        source, target = sorted((centre, other))
    else:
        source, target = centre, other
    return {
        "id": f"{rel_type}:{source}->{target}",
        "type": rel_type,
        "source": source,
        "target": target,
        "directed": direction != "both",
    }


def _add_amounts(store: GraphStore, centre: dict[str, Any], edges: list[dict[str, Any]]) -> None:
    """Give FUNDS edges their amount, as the Browser style captions them."""
    funds = [e for e in edges if e["type"] == "FUNDS"]
    amounts: dict[tuple[str, str], Any] = {}
    if any(e["source"] == centre["id"] for e in funds):
        for row in run_query(store, "funding_by", {"org": centre["name"], "limit": 1000}):
            amounts[(row["org_id"], row["target_id"])] = row
    if any(e["target"] == centre["id"] for e in funds):
        for row in run_query(store, "funders_of", {"target": centre["name"], "limit": 1000}):
            amounts[(row["funder_id"], row["target_id"])] = row
    for edge in funds:
        row = amounts.get((edge["source"], edge["target"]))
        if row is not None:
            edge["amount_krw"] = row.get("amount_krw")
            edge["co_funded"] = row.get("co_funded")


def mark_conflicts(
    store: GraphStore, nodes: dict[str, dict[str, Any]], edges: dict[str, dict[str, Any]]
) -> None:
    """Give the drawn nodes and edges the conflicts (`conflicts` query) they are part of."""
    for row in run_query(store, "conflicts", {"limit": 100_000}):
        found = {"kind": row["kind"], "property": row["property"], "values": row["values"]}
        if row["kind"] == "value" and row["type"] is None:
            targets = [nodes.get(row["subject_id"])]
        elif row["kind"] == "value":
            key = f"{row['type']}:{row['subject_id']}->{row['other_id']}"
            targets = [edges.get(key) or edges.get(_reversed(key, row))]
        else:  # heads, offices: the HEADS edges of the people or ministries listed
            targets = [
                e
                for e in edges.values()
                if e["type"] == "HEADS"
                and row["subject_id"] in (e["source"], e["target"])
                and _names_of(nodes, e) & {v["value"] for v in row["values"]}
            ]
        for target in targets:
            if target is not None:
                target.setdefault("conflicts", []).append(found)


def _reversed(key: str, row: dict[str, Any]) -> str:
    return f"{row['type']}:{row['other_id']}->{row['subject_id']}"


def _names_of(nodes: dict[str, dict[str, Any]], edge: dict[str, Any]) -> set[str]:
    return {nodes[end]["name"] for end in (edge["source"], edge["target"]) if end in nodes}


def mark_corrections(
    store: GraphStore, nodes: dict[str, dict[str, Any]], edges: dict[str, dict[str, Any]]
) -> None:
    """Name the corrections in force that made or moved a drawn node or edge."""
    corrections = [c for c in store.corrections() if c.in_force]
    if not corrections:
        return
    rewrite = Rewrite.of(corrections)
    for c in corrections:
        summary = {"id": c.id, "kind": c.kind, "note": c.note, "author": c.author}
        if c.kind in ("add", "reject"):
            source, target = (rewrite.resolve(c.args[k])[0] for k in ("source", "target"))
            edge = edges.get(f"{c.args['type']}:{source}->{target}") or edges.get(
                f"{c.args['type']}:{target}->{source}"
            )
            if edge is not None:
                edge.setdefault("corrections", []).append(summary)
                edge["hand_made"] = c.kind == "add"
            continue
        for nid in {rewrite.resolve(n)[0] for n in c.involved()}:
            if nid in nodes:
                nodes[nid].setdefault("corrections", []).append(summary)
