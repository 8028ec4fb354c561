"""One paging contract for every list: ``limit``, ``offset``, ``count`` and ``next``.

``count`` is every row before paging; ``next`` is this request's path and query
string with ``offset`` moved on by ``limit``, or None on the last page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Query, Request

from graph.config import Settings
from graph.errors import BadParameterError

DEFAULT_PAGE_SIZE = 100
PAGING = ("limit", "offset")

Limit = Annotated[
    int | None, Query(ge=1, description="Rows per page (default 100, GOVKG_MAX_PAGE_SIZE).")
]
Offset = Annotated[int | None, Query(ge=0, description="Rows to skip (default 0).")]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page:
    """The page asked for, defaults filled in."""

    limit: int
    offset: int

    def of(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset : self.offset + self.limit])

    def next_url(self, request: Request, count: int) -> str | None:
        """The next page's path and query string, or None when this page is the last."""
        following = self.offset + self.limit
        if following >= count:
            return None
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        params.append(("offset", str(following)))
        return f"{request.url.path}?{urlencode(params)}"


def page_of(settings: Settings, limit: int | None, offset: int | None) -> Page:
    # A plain function, not a dependency: on the catalogue routes, resolving
    # nested dependencies cost as much as running the query.
    if limit is not None and limit > settings.max_page_size:
        raise BadParameterError(f"limit: at most {settings.max_page_size} rows per page")
    default = min(DEFAULT_PAGE_SIZE, settings.max_page_size)
    return Page(default if limit is None else limit, offset or 0)
