"""A query parameter given twice is a 422 that says so, not silently its last value.

``?company=KT&company=SK`` asks two questions of a route that answers one; taking
the last value would answer a question nobody asked.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from typing import Any, Union, get_args, get_origin

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from graph.errors import BadParameterError

_SEQUENCES = (list, tuple, set, frozenset)
# Kept on the route itself: routes compare by path, so they cannot key a dict.
_CACHED = "_govkg_single_valued"


def check_single(request: Request, names: Iterable[str]) -> None:
    """Raise BadParameterError for the first of ``names`` the query string repeats."""
    given = request.query_params
    for name in names:
        values = given.getlist(name)
        if len(values) > 1:
            raise BadParameterError(
                f"{name}: takes one value, but the query string gives it {len(values)} times"
            )


async def single_values(request: Request) -> None:
    """App-wide dependency: each query parameter a route takes, at most once."""
    route = request.scope.get("route")
    if isinstance(route, APIRoute):
        check_single(request, single_valued(route))


def single_valued(route: APIRoute) -> frozenset[str]:
    """The route's query parameters that take one value (worked out once per route)."""
    names: frozenset[str] | None = getattr(route, _CACHED, None)
    if names is None:
        declared = set(_scalar_query_params(route.dependant))
        # Parameters documented by hand (the catalogue's) and read by the route itself.
        for extra in (route.openapi_extra or {}).get("parameters", ()):
            if extra.get("in") == "query" and extra.get("schema", {}).get("type") != "array":
                declared.add(extra["name"])
        names = frozenset(declared)
        setattr(route, _CACHED, names)
    return names


def _scalar_query_params(dependant: Dependant) -> Iterator[str]:
    """Query parameters of a route and of its dependencies that take one value."""
    for field in dependant.query_params:
        if not _is_sequence(field.field_info.annotation):
            yield field.alias
    for sub in dependant.dependencies:
        yield from _scalar_query_params(sub)


def _is_sequence(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_sequence(arg) for arg in get_args(annotation))
    return get_origin(annotation) in _SEQUENCES or annotation in _SEQUENCES
