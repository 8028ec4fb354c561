"""Every error as JSON of one shape: ``{"error": {"code", "message"}}``; never a trace."""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import GovkgError

log = logging.getLogger("govkg.api")

_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "body_too_large",
    415: "unsupported_media_type",
}


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def _where(loc: tuple[int | str, ...]) -> str:
    # ("query", "limit") reads as "limit"; ("body", "text") as "body.text".
    parts = [str(p) for p in loc]
    return ".".join(parts[1:] if parts and parts[0] in ("query", "path", "header") else parts)


async def govkg_error(request: Request, exc: GovkgError) -> JSONResponse:
    if exc.status_code >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return error_response(exc.status_code, exc.code, str(exc) or exc.code)


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [f"{_where(tuple(e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors()]
    return error_response(422, "bad_parameter", "; ".join(problems) or "invalid request")


# FastAPI's answer to a JSON body it cannot decode (not UTF-8, or nested past the
# parser's recursion limit); JSON it decodes but cannot parse is a validation error.
_BODY_UNREADABLE = "There was an error parsing the body"


async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    status = exc.status_code
    if status == 400 and exc.detail == _BODY_UNREADABLE:
        # A 422 like any other body that cannot be read (400 is "not on this store").
        return error_response(422, "bad_input", "the body is not JSON in UTF-8, or nests too deep")
    code = _HTTP_CODES.get(status, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
    if status == 404 and message == "Not Found":
        message = f"no route {request.method} {request.url.path} (see /docs)"
    return JSONResponse(
        {"error": {"code": code, "message": message}},
        status_code=status,
        headers=getattr(exc, "headers", None),
    )


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path)
    return error_response(500, "internal_error", "the server met an unexpected error")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(GovkgError, govkg_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
