"""Ready-to-run Neo4j Browser queries that return paths, so Browser draws them.

Each one takes its input from Browser parameters (``:param company => 'KT'``), never
from text pasted into the Cypher. Names match the way govkg's ids do, ignoring case
and spaces, on the canonical name or any alias.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# `key` is the name folded like schema.name_key does for ASCII spaces and case.
_MATCHES_KEY = (
    "(toLower(replace({var}.name, ' ', '')) = {key}\n"
    "   OR any(alias IN coalesce({var}.aliases, [])\n"
    "          WHERE toLower(replace(alias, ' ', '')) = {key}))"
)


def _matches(var: str, key: str) -> str:
    return _MATCHES_KEY.format(var=var, key=key)


@dataclass(frozen=True, slots=True)
class BrowserQuery:
    """A query to paste into Browser, with the parameters it expects and examples."""

    name: str
    title: str
    cypher: str
    params: Mapping[str, Any] = field(default_factory=dict)


_QUERIES = (
    BrowserQuery(
        name="cofunding",
        title="What a company co-funds, and who funds it alongside",
        params={"company": "KT"},
        cypher=f"""\
WITH toLower(replace($company, ' ', '')) AS key
MATCH (c:Company) WHERE {_matches("c", "key")}
MATCH (c)-[f:FUNDS]->(target)
WHERE f.co_funded
OPTIONAL MATCH (partner)-[g:FUNDS]->(target) WHERE partner <> c
RETURN c, f, target, g, partner""",
    ),
    BrowserQuery(
        name="neighbourhood",
        title="An entity and everything it is directly related to (documents left out)",
        params={"name": "중소벤처기업부"},
        cypher=f"""\
WITH toLower(replace($name, ' ', '')) AS key
MATCH (n) WHERE NOT n:Document AND {_matches("n", "key")}
MATCH path = (n)-[r]-(m) WHERE NOT m:Document
RETURN path LIMIT 200""",
    ),
    BrowserQuery(
        name="partners",
        title="Who an organisation partners with (either direction)",
        params={"entity": "과학기술정보통신부"},
        cypher=f"""\
WITH toLower(replace($entity, ' ', '')) AS key
MATCH (n) WHERE NOT n:Document AND {_matches("n", "key")}
MATCH path = (n)-[:PARTNERS_WITH]-(partner)
RETURN path""",
    ),
    BrowserQuery(
        name="office_holders",
        title="Who heads an organisation, and who succeeded whom",
        params={"organisation": "과학기술정보통신부"},
        cypher=f"""\
WITH toLower(replace($organisation, ' ', '')) AS key
MATCH (o) WHERE NOT o:Document AND {_matches("o", "key")}
MATCH heads = (person)-[:HEADS]->(o)
OPTIONAL MATCH succession = (person)-[:SUCCEEDS]-(:Minister|Person)
RETURN heads, succession""",
    ),
    BrowserQuery(
        name="hosts",
        title="Who hosts, funds or takes part in a programme",
        params={"program": "비대면 서비스 바우처"},
        cypher=f"""\
WITH toLower(replace($program, ' ', '')) AS key
MATCH (p) WHERE (p:Program OR p:Fund OR p:Meeting) AND {_matches("p", "key")}
MATCH path = (org)-[:HOSTS|FUNDS|PARTICIPATES_IN]->(p)
RETURN path""",
    ),
    BrowserQuery(
        name="evidence",
        title="The sentences behind a company's funding edges (a table)",
        params={"company": "KT"},
        cypher=f"""\
WITH toLower(replace($company, ' ', '')) AS key
MATCH (c:Company) WHERE {_matches("c", "key")}
MATCH (c)-[f:FUNDS]->(target)
UNWIND range(0, size(coalesce(f.evidence, [])) - 1) AS i
RETURN c.name AS source, target.name AS target, f.amount_krw AS amount_krw,
       f.evidence_docs[i] AS document, f.evidence[i] AS sentence""",
    ),
)


def browser_queries() -> tuple[BrowserQuery, ...]:
    """The Browser queries govkg ships, in the order ``govkg browser`` prints them."""
    return _QUERIES


def cypher_literal(value: Any) -> str:
    """A value written as a Cypher literal, for ``:param`` lines.

    >>> cypher_literal("KT's")
    "'KT\\\\'s'"
    >>> cypher_literal([1, True, None])
    '[1, true, null]'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    return cypher_literal(json.dumps(value, ensure_ascii=False))


def param_lines(params: Mapping[str, Any]) -> list[str]:
    """Browser ``:param`` commands that set these parameters, one per line."""
    return [f":param {name} => {cypher_literal(value)}" for name, value in params.items()]


# Example values for the catalogue queries `govkg browser` prints (from the seed articles).
CATALOGUE_EXAMPLES: dict[str, dict[str, Any]] = {
    "cofunded_programs": {"company": "KT"},
    "funders_of": {"target": "스마트 대한민국 펀드"},
    "partners_of": {"entity": "중소벤처기업부"},
    "office_holders": {"org": "과학기술정보통신부"},
    "hosted_by": {"org": "과학기술정보통신부"},
    "evidence": {"source": "KT", "type": "FUNDS", "target": "스마트 대한민국 펀드"},
    "entity": {"name": "과기정통부"},
    "search": {"q": "스마트"},
}


def catalogue_queries() -> list[BrowserQuery]:
    """Catalogue queries with example parameters, bound as the catalogue binds them.

    Binding adds ``<name>_key`` (the name's key) for parameters that name an entity,
    so the ``:param`` lines give Browser everything the statement reads.
    """
    from queries.catalogue import bind, catalogue

    queries = catalogue()
    return [
        BrowserQuery(
            name=name,
            title=queries[name].title,
            cypher=queries[name].cypher,
            params=bind(queries[name], example),
        )
        for name, example in CATALOGUE_EXAMPLES.items()
        if name in queries
    ]
