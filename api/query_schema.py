"""Catalogue parameters as OpenAPI query parameters, from the ``.cypher`` headers.

The routes document them this way and leave checking to `queries.catalogue.bind`,
so the API, the CLI and the tests convert and refuse values alike.
"""

from __future__ import annotations

from typing import Any

from api.paging import PAGING
from queries.catalogue import Parameter, Query

JSON_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


def query_parameter(p: Parameter) -> dict[str, Any]:
    """One catalogue parameter as an OpenAPI query parameter."""
    schema: dict[str, Any] = {"type": JSON_TYPES[p.type]}
    if p.choices:
        schema["enum"] = list(p.choices)
    if p.is_day:
        schema["format"] = "date"
    if p.minimum is not None:
        schema["minimum"] = p.minimum
    if p.maximum is not None:
        schema["maximum"] = p.maximum
    if not p.required and p.default is not None:
        schema["default"] = p.default
    description = p.description
    if p.choices:
        description += " (case is ignored)"
    return {
        "name": p.name,
        "in": "query",
        "required": p.required,
        "schema": schema,
        "description": description,
    }


def query_parameters(query: Query, leave_out: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The query's own parameters; its ``limit``/``offset`` give way to the API's paging."""
    return [
        query_parameter(p)
        for p in query.parameters
        if p.name not in PAGING and p.name not in leave_out
    ]
