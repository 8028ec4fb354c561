"""What route functions depend on: the store, the settings, the write key.

All are `async def`: they do no I/O, and FastAPI would run a plain `def` in the
threadpool, a thread hop per dependency per request.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool

from graph.config import Settings
from graph.errors import AuthError, ForbiddenError
from graph.stores import EmbeddedStore, GraphStore


async def get_store(request: Request) -> GraphStore:
    return request.app.state.store


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(description="The key set as GOVKG_API_KEY.")] = None,
) -> None:
    """Writes need the configured key; with no key configured they are disabled, not open."""
    if not settings.api_key:
        raise ForbiddenError("writes are disabled until GOVKG_API_KEY is set on the server")
    if x_api_key is None:
        raise AuthError("this route writes: send the API key in the X-API-Key header")
    if not hmac.compare_digest(x_api_key.encode(), settings.api_key.encode()):
        raise AuthError("the X-API-Key header does not hold the API key")


WriteAccess = Depends(require_api_key)


T = TypeVar("T")


async def on_store(store: GraphStore, work: Callable[..., T], *args: Any) -> T:
    """Run store work from an async route.

    The embedded store answers from memory, mostly in well under a millisecond,
    so it runs right here (a thread hop would cost more than the query; a write
    in progress holds its lock for the few milliseconds one document takes);
    Neo4j waits on the network, so it runs in the threadpool.
    """
    if isinstance(store, EmbeddedStore):
        return work(*args)
    return await run_in_threadpool(work, *args)
