"""Documents: ingest an article, read a document's facts, retract a document."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import HTTPException
from pydantic import ValidationError

from api.deps import StoreDep, WriteAccess
from api.ingest import document_public, ingest
from api.models import (
    ERROR_RESPONSES,
    WRITE_RESPONSES,
    DocumentIn,
    DocumentPublic,
    ErrorPublic,
    Explanation,
    IngestResult,
    QueryResult,
    Retracted,
)
from api.paging import Limit, Offset
from api.routes.queries import run_paged
from graph.errors import BadParameterError, InputError, NotFoundError
from graph.inference import refresh_inferences
from graph.loading import refuse_hand_made
from loaders.explain import explain_stored

router = APIRouter(prefix="/documents", tags=["documents"])

_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DocumentIn.model_json_schema()},
            "text/plain": {"schema": {"type": "string", "description": "The article text."}},
        },
    }
}


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("the body is not UTF-8 text") from exc


def _from_json(body: bytes) -> DocumentIn:
    try:
        return DocumentIn.model_validate_json(body)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        )
        raise BadParameterError(problems) from exc


@router.post(
    "",
    response_model=IngestResult,
    status_code=201,
    dependencies=[WriteAccess],
    responses=WRITE_RESPONSES
    | {
        200: {"model": IngestResult, "description": "Already stored: unchanged or replaced"},
        415: {"model": ErrorPublic, "description": "Neither text/plain nor application/json"},
        422: {
            "model": ErrorPublic,
            "description": "Bad parameters, an unreadable article or a date that is no date",
        },
    },
    openapi_extra=_BODY_DOC,
)
async def add_document(
    request: Request,
    response: Response,
    store: StoreDep,
    id: Annotated[str | None, Query(description="Document id (text/plain bodies).")] = None,
    title: Annotated[str | None, Query(description="Title (text/plain bodies).")] = None,
    date: Annotated[str | None, Query(description="Publication date (text/plain).")] = None,
) -> IngestResult:
    """Ingest one article, sent as text/plain or as JSON; returns what was extracted.

    A new document is `added` (201 Created). The same text sent again is `unchanged`, a
    changed text under the same id `replaced` its earlier facts (both 200: the document
    existed). Without an id, the article's URL names it, else a hash of its text. A date
    that cannot be read as a date is a 422. Needs the X-API-Key header.
    """
    media_type = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    body = await request.body()
    if media_type == "application/json":
        article = _from_json(body)
    elif media_type == "text/plain":
        text = _decode(body)
        if not text.strip():
            raise InputError("empty text")
        article = DocumentIn(id=id, text=text, title=title, date=date)
    else:
        raise HTTPException(415, f"send text/plain or application/json, not {media_type}")
    result = await run_in_threadpool(ingest, store, article)
    response.status_code = 201 if result.status == "added" else 200
    return result


@router.get("", response_model=QueryResult, responses=ERROR_RESPONSES)
async def list_documents(request: Request, limit: Limit = None, offset: Offset = None) -> Response:
    """The stored documents, newest first: the catalogue query `documents`."""
    return (await run_paged(request, "documents", limit, offset)).response()


# Ids taken from paths hold "/" (a/article), hence the path converter; the explain route
# comes first so that /documents/a/article/explain is not read as the id "a/article/explain".
@router.get("/{doc_id:path}/explain", response_model=Explanation, responses=ERROR_RESPONSES)
def explain_document(doc_id: str, store: StoreDep) -> dict[str, Any]:
    """Sentence by sentence, the facts a stored document gave and the rules behind them."""
    facts = store.document_facts(doc_id)
    if facts is None:
        raise NotFoundError(f"no document {doc_id!r}")
    return explain_stored(facts)


@router.get("/{doc_id:path}", response_model=DocumentPublic, responses=ERROR_RESPONSES)
def get_document(doc_id: str, store: StoreDep) -> DocumentPublic:
    """A document's metadata and the facts extracted from it."""
    facts = store.document_facts(doc_id)
    if facts is None:
        raise NotFoundError(f"no document {doc_id!r}")
    return document_public(facts)


@router.delete(
    "/{doc_id:path}",
    response_model=Retracted,
    dependencies=[WriteAccess],
    responses=WRITE_RESPONSES,
)
def retract_document(doc_id: str, store: StoreDep) -> Retracted:
    """Remove a document and every fact only it supported. Needs the X-API-Key header."""
    refuse_hand_made(store, [doc_id])
    if not store.retract(doc_id):
        raise NotFoundError(f"no document {doc_id!r}")
    refresh_inferences(store)
    return Retracted(id=doc_id, retracted=True)
