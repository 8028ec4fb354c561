"""The statement check of POST /cypher, without a server: what passes, what is refused."""

from __future__ import annotations

import pytest

from api.cypher_policy import check_statement
from graph.errors import BadParameterError, QueryRefusedError


def check(statement: str) -> None:
    check_statement(statement, max_chars=2_000, max_depth=8)


@pytest.mark.parametrize(
    "statement",
    [
        "MATCH (n:Company) RETURN n.name",
        "optional match (n)-[r:FUNDS]->(m) return r",
        "WITH 1 AS x UNWIND [x] AS y RETURN y",
        "CALL db.labels() YIELD label RETURN label",
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node",
        "MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN count(n) AS set",
        "MATCH (n) RETURN n {.show, delete: 'SET x'}, `create` // LOAD CSV",
        "RETURN 1;",
    ],
)
def test_plain_reads_pass(statement: str) -> None:
    check(statement)


@pytest.mark.parametrize(
    "statement",
    [
        "SHOW TRANSACTIONS",
        "show settings yield name return name",
        "CALL db.stats.stop()",
        "CALL db.prepareForReplanning()",
        "CALL db.resampleIndex('company_name')",
        "CALL `db`.`stats`.`stop`()",
        "MATCH (n) CALL { WITH n RETURN n AS m } RETURN m",
        "MATCH (n) SET n.x = 1",
        "MATCH (n) /* comment */ DETACH DELETE n",
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
        "EXPLAIN MATCH (n) RETURN n",
        "TERMINATE TRANSACTIONS 'x'",
        "",
    ],
)
def test_everything_else_is_refused(statement: str) -> None:
    with pytest.raises(QueryRefusedError):
        check(statement)


def test_one_statement_at_a_time() -> None:
    with pytest.raises(BadParameterError, match="one Cypher statement"):
        check("RETURN 1; RETURN 2")


def test_limits() -> None:
    with pytest.raises(QueryRefusedError, match="characters"):
        check("RETURN '" + "x" * 2_000 + "'")
    with pytest.raises(QueryRefusedError, match="nests"):
        check("RETURN " + "(" * 9 + "1" + ")" * 9)
    check("RETURN '" + "(" * 50 + "'")  # brackets in a string do not nest
