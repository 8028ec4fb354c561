"""Corrections: list them, make one (with the API key), undo one (with the key)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.deps import StoreDep, WriteAccess
from api.models import ERROR_RESPONSES, WRITE_RESPONSES
from api.paging import Limit, Offset, page_of
from graph import correcting
from graph.errors import BadParameterError
from graph.stores.base import GraphStore

router = APIRouter(prefix="/corrections", tags=["corrections"])


class CorrectionIn(BaseModel):
    """One correction. Entities are named by id or by a name or alias naming one entity.

    merge: `into`, `other`; split: `entity`, `alias` (and `label` for the new entity);
    relabel: `entity`, `label`; reject and add: `source`, `type`, `target`.
    """

    kind: Literal["merge", "split", "relabel", "reject", "add"]
    note: str = Field("", description="Why (required for add).")
    author: str = Field("api", description="Who makes it.")
    into: str | None = None
    other: str | None = None
    entity: str | None = None
    alias: str | None = None
    label: str | None = None
    source: str | None = None
    type: str | None = None
    target: str | None = None


class UndoIn(BaseModel):
    note: str = ""
    author: str = "api"


class CorrectionPublic(BaseModel):
    id: int
    kind: str
    args: dict[str, Any]
    note: str
    author: str
    created: str
    undone: str | None
    undone_by: str | None
    undo_note: str | None


class CorrectionsPublic(BaseModel):
    rows: list[dict[str, Any]]
    count: int
    limit: int
    offset: int


def _needed(body: CorrectionIn, *fields: str) -> list[str]:
    values = [getattr(body, f) for f in fields]
    missing = [f for f, v in zip(fields, values, strict=True) if not v]
    if missing:
        raise BadParameterError(f"a {body.kind} correction needs {', '.join(missing)}")
    return values


def make(store: GraphStore, body: CorrectionIn) -> dict[str, Any]:
    note, author = body.note, body.author
    if body.kind == "merge":
        made = correcting.merge(store, *_needed(body, "into", "other"), note, author)
    elif body.kind == "split":
        entity, alias = _needed(body, "entity", "alias")
        made = correcting.split(store, entity, alias, note, author, body.label)
    elif body.kind == "relabel":
        made = correcting.relabel(store, *_needed(body, "entity", "label"), note, author)
    elif body.kind == "reject":
        made = correcting.reject(store, *_needed(body, "source", "type", "target"), note, author)
    else:
        made = correcting.add(store, *_needed(body, "source", "type", "target"), note, author)
    return made.to_row()


@router.get("", response_model=CorrectionsPublic, responses=ERROR_RESPONSES)
def list_corrections(
    request: Request, store: StoreDep, limit: Limit = None, offset: Offset = None
) -> CorrectionsPublic:
    """Every correction, oldest first, with who made it, when and why, and its status:
    in force, undone, or target missing (the entity it aims at is no longer in the graph)."""
    page = page_of(request.app.state.settings, limit, offset)
    rows = correcting.listing(store)
    return CorrectionsPublic(
        rows=page.of(rows), count=len(rows), limit=page.limit, offset=page.offset
    )


@router.post(
    "",
    status_code=201,
    response_model=CorrectionPublic,
    dependencies=[WriteAccess],
    responses=WRITE_RESPONSES,
)
def add_correction(body: CorrectionIn, store: StoreDep) -> dict[str, Any]:
    """Make a correction; the documents it touches are folded again with it in force, and
    it stays in force through every later load and retraction. Needs the X-API-Key header."""
    return make(store, body)


@router.post(
    "/{correction_id}/undo",
    response_model=CorrectionPublic,
    dependencies=[WriteAccess],
    responses=WRITE_RESPONSES,
)
def undo_correction(correction_id: int, body: UndoIn, store: StoreDep) -> dict[str, Any]:
    """Undo a correction (it stays listed, marked undone). Needs the X-API-Key header."""
    return correcting.undo(store, correction_id, body.note, body.author).to_row()
