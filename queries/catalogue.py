"""The query catalogue: named, parameterised queries read from ``queries/*.cypher``.

Each file holds one query: a header of ``//`` comment lines, then the Cypher
statement. The header says what the query is and takes::

    // name: hosted_by
    // title: What an organisation hosts
    // description: Programmes, funds and meetings that an organisation hosts,
    //   (indented lines continue the field above)
    // param org: str, name -- the host, by name or alias (과기정통부, MSIT)
    // param limit: int = 100, 1..1000 -- at most this many rows
    // columns: org, org_id, target, target_id, label, date
    // ordered: true

A parameter line is ``param NAME: TYPE[ = DEFAULT][, FLAG]... -- DESCRIPTION``.
Without a default the parameter is required; ``= null`` makes it optional with
no value. Flags: ``MIN..MAX`` (bounds of a number), ``one of A|B|C`` (allowed
values, matched case-insensitively), ``date`` (a day as yyyy-mm-dd, checked to be
one), and ``name``: the value names an entity, and `bind` adds ``NAME_key`` (its
`name_key`) for the statement to look up ``WHERE $NAME_key IN n.keys``, so names
resolve alias-, spacing- and case-tolerantly on every store.

Neo4j runs the statement; the embedded store runs the Python function that
`queries.embedded` registers under the same name, which must give the same rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from graph.errors import BadParameterError, NotFoundError
from graph.schema import name_key
from graph.validity import parse_day

if TYPE_CHECKING:
    from graph.stores.base import GraphStore

TYPES = ("str", "int", "float", "bool")
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
_FIELD = re.compile(
    r"^(?P<field>name|title|description|columns|ordered|param)(?:\s+(?P<param>\w+))?:"
)
_REQUIRED_FIELDS = ("name", "title", "description", "columns", "ordered")


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: str  # "str" | "int" | "float" | "bool"
    default: object  # None when required
    required: bool
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    # The value names an entity: bind adds ``<name>_key`` for the lookup.
    resolves: bool = False
    is_day: bool = False  # a day, yyyy-mm-dd


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    cypher: str  # the statement, header comments stripped
    ordered: bool  # whether rows come in a defined order (ORDER BY)


# -- reading the files -------------------------------------------------------


def parse_query(text: str, source: str = "<query>") -> Query:
    """A query from the text of one ``.cypher`` file.

    >>> q = parse_query('''// name: n
    ... // title: T
    ... // description: D
    ... // param top: int = 10, 1..100 -- how many
    ... // columns: a, b
    ... // ordered: true
    ... MATCH (n) RETURN n.a AS a, n.b AS b ORDER BY a LIMIT $top''')
    >>> (q.name, q.columns, q.parameters[0].default, q.parameters[0].maximum)
    ('n', ('a', 'b'), 10, 100)
    """
    lines = text.splitlines()
    header: list[tuple[str, str | None, str]] = []
    body_start = len(lines)
    for i, line in enumerate(lines):
        if not line.startswith("//"):
            body_start = i
            break
        content = line[2:]
        if content.startswith("  ") and header:  # a continuation line
            field, param, value = header[-1]
            header[-1] = (field, param, f"{value} {content.strip()}")
            continue
        match = _FIELD.match(content.strip())
        if match is None:
            raise ValueError(f"{source}: unexpected header line {line!r}")
        value = content.strip()[match.end() :].strip()
        header.append((match["field"], match["param"], value))
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for field, param, value in header:
        if field == "param":
            if not param:
                raise ValueError(f"{source}: a param line needs a name")
            parameters.append(_parse_parameter(param, value, source))
        elif field in fields:
            raise ValueError(f"{source}: {field} given twice")
        else:
            fields[field] = value
    missing = [f for f in _REQUIRED_FIELDS if not fields.get(f)]
    if missing:
        raise ValueError(f"{source}: header lacks {', '.join(missing)}")
    if fields["ordered"] not in ("true", "false"):
        raise ValueError(f"{source}: ordered must be true or false")
    cypher = "\n".join(lines[body_start:]).strip()
    if not cypher:
        raise ValueError(f"{source}: no statement after the header")
    return Query(
        name=fields["name"],
        title=fields["title"],
        description=fields["description"],
        parameters=tuple(parameters),
        columns=tuple(c.strip() for c in fields["columns"].split(",") if c.strip()),
        cypher=cypher,
        ordered=fields["ordered"] == "true",
    )


def _parse_parameter(name: str, text: str, source: str) -> Parameter:
    spec, sep, description = text.partition(" -- ")
    if not sep or not description.strip():
        raise ValueError(f"{source}: parameter {name} needs ' -- description'")
    head, *flags = (part.strip() for part in spec.split(","))
    type_, has_default, default_text = (s.strip() for s in head.partition("="))
    if type_ not in TYPES:
        raise ValueError(f"{source}: parameter {name} has unknown type {type_!r}")
    default = None
    if has_default and default_text != "null":
        default = _convert_literal(type_, default_text, f"{source}: default of {name}")
    minimum = maximum = None
    choices: tuple[str, ...] = ()
    resolves = is_day = False
    for flag in flags:
        if flag == "name":
            resolves = True
        elif flag == "date" and type_ == "str":
            is_day = True
        elif flag.startswith("one of "):
            choices = tuple(c.strip() for c in flag.removeprefix("one of ").split("|"))
        elif ".." in flag and type_ in ("int", "float"):
            low, high = flag.split("..", 1)
            minimum = _convert_literal(type_, low.strip(), f"{source}: bound of {name}")
            maximum = _convert_literal(type_, high.strip(), f"{source}: bound of {name}")
        else:
            raise ValueError(f"{source}: parameter {name} has unknown flag {flag!r}")
    return Parameter(
        name=name,
        type=type_,
        default=default,
        required=not has_default,
        description=description.strip(),
        minimum=minimum,
        maximum=maximum,
        choices=choices,
        resolves=resolves,
        is_day=is_day,
    )


def _convert_literal(type_: str, text: str, where: str) -> Any:
    try:
        return _convert(type_, text)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from exc


@cache
def catalogue() -> dict[str, Query]:
    """Every query in ``queries/*.cypher`` (package data) by name; read once."""
    found: dict[str, Query] = {}
    for entry in sorted(resources.files("queries").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".cypher"):
            continue
        query = parse_query(entry.read_text(encoding="utf-8"), entry.name)
        if f"{query.name}.cypher" != entry.name:
            raise ValueError(f"{entry.name}: the file must be named after its query {query.name}")
        found[query.name] = query
    return found


def get_query(name: str) -> Query:
    query = catalogue().get(name)
    if query is None:
        known = ", ".join(catalogue())
        raise NotFoundError(f"no query named {name!r}; the catalogue has: {known}")
    return query


# -- binding and running -----------------------------------------------------


def bind(query: Query, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The statement's parameters from what a user gave (strings or values).

    Converts strings to the declared types, fills defaults, checks bounds and
    allowed values, and adds ``<name>_key`` for parameters that name an entity.
    Raises BadParameterError naming the parameter at fault.
    """
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        expected = ", ".join(declared) or "no parameters"
        raise BadParameterError(
            f"{query.name}: unknown parameter {unknown[0]!r} (expected {expected})"
        )
    bound: dict[str, Any] = {}
    for param in query.parameters:
        value = raw.get(param.name)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if param.required:
                raise BadParameterError(
                    f"{query.name}: missing required parameter {param.name!r} ({param.description})"
                )
            bound[param.name] = param.default
        else:
            bound[param.name] = _checked(query.name, param, value)
        if param.resolves:
            value = bound[param.name]
            key = name_key(value) if isinstance(value, str) else None
            if value is not None and not key:
                raise BadParameterError(
                    f"{query.name}: parameter {param.name!r} must contain a name, got {value!r}"
                )
            bound[f"{param.name}_key"] = key
    return bound


def _checked(query_name: str, param: Parameter, value: Any) -> Any:
    try:
        converted = _convert(param.type, value)
        if param.is_day:
            converted = parse_day(converted)
    except ValueError as exc:
        raise BadParameterError(f"{query_name}: parameter {param.name!r} {exc}") from exc
    if param.choices:
        by_fold = {c.casefold(): c for c in param.choices}
        if converted.casefold() not in by_fold:
            raise BadParameterError(
                f"{query_name}: parameter {param.name!r} must be one of "
                f"{', '.join(param.choices)}, got {converted!r}"
            )
        converted = by_fold[converted.casefold()]
    low, high = param.minimum, param.maximum
    if (low is not None and converted < low) or (high is not None and converted > high):
        raise BadParameterError(
            f"{query_name}: parameter {param.name!r} must be between {low} and {high}, "
            f"got {converted}"
        )
    return converted


def _convert(type_: str, value: Any) -> Any:
    """``value`` as ``type_``; strings are parsed. ValueError says what was wrong."""
    if type_ == "str":
        if not isinstance(value, str):
            raise ValueError(f"must be text, got {value!r}")
        return value
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValueError(f"must be true or false, got {value!r}")
    if isinstance(value, bool):
        raise ValueError(f"must be a number, got {value!r}")
    if type_ == "int":
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise ValueError(f"must be an integer, got {value!r}")
    if type_ == "float":
        number: float | None = None
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                number = None
        if number is None or not math.isfinite(number):
            raise ValueError(f"must be a number, got {value!r}")
        return number
    raise ValueError(f"has an unknown type {type_!r}")


def run_query(store: GraphStore, name: str, raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Run a catalogue query on a store: rows as plain dicts with the declared columns.

    NotFoundError (404) for an unknown name, BadParameterError (422) for bad parameters.
    """
    query = get_query(name)
    return store.run_catalogue(query, bind(query, raw))
