"""Swagger UI (`/docs`) and ReDoc (`/redoc`), served by the app itself: no CDN.

Their files come from npm, installed beside the explorer's graph library by
``npm ci --prefix api/explorer`` (api/explorer/package.json pins them), and are
served from ``/docs/static/``. Without them the pages say how to install them.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from api.routes.explore import EXPLORER_DIR
from graph.errors import NotFoundError

INSTALL_HINT = "npm ci --prefix api/explorer --ignore-scripts"
STATIC = "/docs/static"
_MODULES = EXPLORER_DIR / "node_modules"
# Served under /docs/static/ by the name the pages use.
ASSETS: dict[str, Path] = {
    "swagger-ui-bundle.js": _MODULES / "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": _MODULES / "swagger-ui-dist/swagger-ui.css",
    "favicon-32x32.png": _MODULES / "swagger-ui-dist/favicon-32x32.png",
    "redoc.standalone.js": _MODULES / "redoc/bundles/redoc.standalone.js",
}
_MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
# The pages load from this server only: ReDoc's sidebar would fetch its maker's logo
# from a CDN (the browser blocks it, and ReDoc then leaves it out). Both pages run an
# inline start-up script and inline styles; ReDoc starts its search in a blob worker.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
    )
)

router = APIRouter(include_in_schema=False)


def _missing(page: str, names: tuple[str, ...]) -> HTMLResponse | None:
    """A one-line page saying how to install the assets, when any of them is absent."""
    if all(ASSETS[n].is_file() for n in names):
        return None
    line = f"{page} is served from npm packages that are not installed: run `{INSTALL_HINT}`."
    html = f"<!doctype html><title>govkg: {page}</title><p>{line}</p>"
    return HTMLResponse(html, status_code=503)


def _local_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return page


def _openapi_url(request: Request) -> str:
    return request.app.openapi_url or "/openapi.json"


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    missing = _missing("Swagger UI", ("swagger-ui-bundle.js", "swagger-ui.css"))
    if missing is not None:
        return missing
    page = get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} - Swagger UI",
        swagger_js_url=f"{STATIC}/swagger-ui-bundle.js",
        swagger_css_url=f"{STATIC}/swagger-ui.css",
        swagger_favicon_url=f"{STATIC}/favicon-32x32.png",
        oauth2_redirect_url=None,
        # Off: it would send the schema's URL to validator.swagger.io for a badge.
        swagger_ui_parameters={"validatorUrl": None},
    )
    return _local_only(page)


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    missing = _missing("ReDoc", ("redoc.standalone.js",))
    if missing is not None:
        return missing
    page = get_redoc_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{STATIC}/redoc.standalone.js",
        redoc_favicon_url=f"{STATIC}/favicon-32x32.png",
        with_google_fonts=False,
    )
    return _local_only(page)


@router.get(STATIC + "/{name}")
def asset(name: str) -> FileResponse:
    path = ASSETS.get(name)
    if path is None:
        raise NotFoundError(f"no documentation file named {name!r}")
    if not path.is_file():
        raise NotFoundError(f"{name} is not installed: run `{INSTALL_HINT}`")
    return FileResponse(path, media_type=_MEDIA_TYPES[path.suffix])
