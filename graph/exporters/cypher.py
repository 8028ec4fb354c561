"""A Cypher script that rebuilds the graph: ``cypher-shell -f graph.cypher``.

The script first creates govkg's constraints and indexes (the statements the
Neo4j store runs at start-up), then the nodes and the relationships as
``UNWIND [literal maps] AS row CREATE ...`` statements, several to a
``:begin``/``:commit`` transaction so that no transaction grows large. Node
properties and edge evidence are written as the Neo4j store keeps them, so the
rebuilt database exports exactly as the original graph did. It is meant for an
empty database: nodes are created, not merged, so a second run stops at the
first uniqueness constraint it would break.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, TextIO

from graph.errors import InvalidFactsError
from graph.exporters.records import (
    GraphJson,
    check_graph,
    edge_endpoints,
    scalar_type,
    stored_edge,
    stored_node,
)
from graph.stores.neo4j import schema_statements

ROWS_PER_STATEMENT = 1000
STATEMENTS_PER_TRANSACTION = 10

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Cypher string escapes; other control characters become \\uXXXX.
_ESCAPES = {ord("\\"): "\\\\", ord("'"): "\\'", ord("\n"): "\\n", ord("\r"): "\\r"}
_ESCAPES |= {ord("\t"): "\\t", ord("\b"): "\\b", ord("\f"): "\\f"}
_ESCAPES |= {c: f"\\u{c:04x}" for c in (*range(0x20), 0x7F) if c not in _ESCAPES}


def cypher_string(text: str) -> str:
    r"""A single-quoted Cypher string literal.

    >>> print(cypher_string("KT's \\ 펀드\n"))
    'KT\'s \\ 펀드\n'
    """
    return "'" + text.translate(_ESCAPES) + "'"


def cypher_name(name: str) -> str:
    """A property key as Cypher text, backquoted unless it is a plain identifier."""
    return name if _IDENTIFIER.fullmatch(name) else "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a property value (primitives, lists and maps of them)."""
    kind = scalar_type(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("long", "double"):
        return repr(value)
    if kind == "string":
        return cypher_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(x) for x in value) + "]"
    if isinstance(value, dict):
        return cypher_map(value)
    raise InvalidFactsError(f"{type(value).__name__} values cannot be written as Cypher")


def cypher_map(props: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{cypher_name(k)}: {cypher_literal(v)}" for k, v in props.items()) + "}"


def _batches(rows: list[str], size: int) -> Iterator[str]:
    for i in range(0, len(rows), size):
        yield ":param {rows: [" + ", ".join(rows[i : i + size]) + "]}\n"


def _statements(graph: GraphJson, rows_per_statement: int) -> Iterator[str]:
    """The data statements: nodes by label, then relationships by type and end labels.

    Each batch of rows is a ``:param`` (parsed by cypher-shell) read by a statement
    whose text repeats, so Neo4j plans it once; literal rows in the statement text
    would be planned again for every batch, which is slow for large literals.
    """
    nodes: dict[str, list[str]] = defaultdict(list)
    for node in graph["nodes"]:
        nodes[node["label"]].append(cypher_map(stored_node(node)))
    for label, rows in nodes.items():
        for batch in _batches(rows, rows_per_statement):
            yield f"{batch}UNWIND $rows AS row CREATE (n:{label}) SET n = row;\n"
    edges: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for edge, source_label, target_label in edge_endpoints(graph):
        row = {"s": edge["source"], "t": edge["target"], "p": stored_edge(edge)}
        edges[(edge["type"], source_label, target_label)].append(cypher_map(row))
    for (rel_type, source_label, target_label), rows in edges.items():
        for batch in _batches(rows, rows_per_statement):
            yield (
                f"{batch}UNWIND $rows AS row "
                f"MATCH (a:{source_label} {{id: row.s}}) MATCH (b:{target_label} {{id: row.t}}) "
                f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.p;\n"
            )


def cypher_chunks(
    graph: GraphJson,
    *,
    rows_per_statement: int = ROWS_PER_STATEMENT,
    statements_per_transaction: int = STATEMENTS_PER_TRANSACTION,
) -> Iterator[str]:
    """The script for an export, in pieces."""
    check_graph(graph)
    yield (
        f"// govkg graph: {len(graph['nodes'])} nodes, {len(graph['edges'])} relationships.\n"
        "// Rebuild it in an empty Neo4j 5 database: cypher-shell -d neo4j -f graph.cypher\n"
    )
    # Schema commands cannot share a transaction with writes: they run on their own.
    for statement in schema_statements():
        yield statement + ";\n"
    yield "CALL db.awaitIndexes(300);\n"
    in_transaction = 0
    for statement in _statements(graph, rows_per_statement):
        if in_transaction == 0:
            yield ":begin\n"
        yield statement
        in_transaction += 1
        if in_transaction == statements_per_transaction:
            yield ":commit\n"
            in_transaction = 0
    if in_transaction:
        yield ":commit\n"


def cypher_script(graph: GraphJson, **sizes: int) -> str:
    return "".join(cypher_chunks(graph, **sizes))


def write_cypher(graph: GraphJson, handle: TextIO, **sizes: int) -> None:
    for chunk in cypher_chunks(graph, **sizes):
        handle.write(chunk)
