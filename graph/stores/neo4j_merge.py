"""`graph.merge` against Neo4j: folding a batch of documents into stored nodes and edges.

A writer first locks every node it touches, in one global order (`ids_by_label`),
so two writers folding into the same node never lose each other's update, and
reads a stored record only under that lock. The merge itself is `graph.merge`'s,
in Python, the same functions the embedded store folds with: a batch's records are
folded first, then each into the stored record it meets.

One statement per label (`node_statement`) or relationship type (`edge_statement`)
locks, and either creates what is new with the batch's record as it is (one map,
nothing to fold) or returns what is stored. What the fold then changes on stored
nodes and relationships, and only that, is written by `NODE_UPDATE` and
`EDGE_UPDATE`: a ministry named in every document is not written at all unless
the batch tells something new about it. A node's documents are not a property:
they are its MENTIONED_IN relationships (`graph.stores.neo4j`).

The statements are short and the same whatever the batch: Neo4j plans a statement
again when the graph's statistics move, and every plan of a long statement cost
the server about a second.

Labels and types come from the schema; every value is a parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from graph.contributions import Contribution, EdgeKey
from graph.merge import merge_edge, merge_node
from graph.schema import label_of_id

# Node properties the store does not keep: the label is the node's label, and the
# sources are the documents its MENTIONED_IN relationships reach.
NODE_UNSTORED = frozenset({"label", "sources"})

# The plans of the write statements follow from the uniqueness constraints and
# element-id lookups alone. Neo4j plans a statement again whenever the graph's
# counts have moved by three quarters (at most every 10 s), which a growing graph
# does all through a load: 48 plans for 250,000 rows, none of them different.
FIXED_PLAN = "CYPHER replan=skip "

# Rows are lists rather than maps: the server builds a map for each map it reads,
# and decoding parameters was a fifth of what a load allocated on the server.

# Stored nodes and relationships, by element id: [element id, the properties the
# fold changed] (a null removes one, as `SET +=` does).
NODE_UPDATE = (
    f"{FIXED_PLAN}UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row[0] SET n += row[1]"
)
EDGE_UPDATE = (
    f"{FIXED_PLAN}UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row[0] SET r += row[1]"
)


def _label(node_id: str) -> str:
    label = label_of_id(node_id)
    if label is None:  # validated facts never get here
        raise ValueError(f"no label for id {node_id!r}")
    return label


# -- statements --------------------------------------------------------------


def lock_statement(label: str, create: bool) -> str:
    """Lock nodes (in the order given), creating bare ones where ``create``.

    Setting a property, even to its own value, takes the node's write lock, held to
    the end of the transaction; later reads in the transaction see what the last
    writer committed.
    """
    find = "MERGE" if create else "MATCH"
    return f"{FIXED_PLAN}UNWIND $ids AS id {find} (n:{label} {{id: id}}) SET n.id = id"


def node_statement(label: str) -> str:
    """Lock the node of each row [id, record]; create it as the record if new, else
    return what it stores (``found``: one [id, element id, stored properties or null]
    per row).

    Rows come in the lock order. A node just made by MERGE, or left bare by a lock
    (`lock_statement`), holds only its id, and takes the batch record whole.
    """
    return (
        f"{FIXED_PLAN}UNWIND $rows AS row MERGE (n:{label} {{id: row[0]}}) "
        # The write lock, before anything is read.
        "SET n.id = row[0] "
        "WITH n, row, n.name IS NULL AS fresh "
        "SET n += CASE WHEN fresh THEN row[1] ELSE {} END "
        "RETURN collect([row[0], elementId(n), "
        "CASE WHEN fresh THEN null ELSE properties(n) END]) AS found"
    )


def edge_statement(rel_type: str) -> str:
    """For each row [k, start, end, record] (element ids), create the edge as the record
    if new, else return what it stores (``found``: [k, element id, properties] of
    each). Both ends are locked already: no other writer can make or change the edge
    meanwhile."""
    return (
        f"{FIXED_PLAN}UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[1] "
        "MATCH (b) WHERE elementId(b) = row[2] "
        f"MERGE (a)-[r:{rel_type}]->(b) "
        # Every stored edge has a confidence; one just made here has no property yet.
        "WITH r, row, r.confidence IS NULL AS fresh "
        "SET r += CASE WHEN fresh THEN row[3] ELSE {} END "
        "WITH r, row, fresh WHERE NOT fresh "
        "RETURN collect([row[0], elementId(r), properties(r)]) AS found"
    )


# -- rows --------------------------------------------------------------------


def stored_node_props(record: dict[str, Any]) -> dict[str, Any]:
    """A node record's properties as the store keeps them (no label, no sources)."""
    return {k: v for k, v in record.items() if k not in NODE_UNSTORED}


def node_rows(contributions: Iterable[Contribution]) -> dict[str, list[dict[str, Any]]]:
    """One row per node the batch touches, by label, in id order (the lock order):
    the batch's folded record, which is also what a new node stores."""
    folded: dict[str, dict[str, Any]] = {}
    for c in contributions:
        for node_id, record in c.nodes.items():
            old = folded.get(node_id)
            folded[node_id] = record if old is None else merge_node(old, record)
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id in sorted(folded):
        record = folded[node_id]
        by_label[record["label"]].append({"id": node_id, "p": stored_node_props(record)})
    return dict(by_label)


def edge_rows(contributions: Sequence[Contribution]) -> dict[EdgeKey, dict[str, Any]]:
    """One row per edge the batch touches: ``p``, its folded record (what a new edge
    stores), and ``parts``, each document's record in order, to fold one by one into
    a stored edge (noisy-or with rounding depends on the order)."""
    parts: dict[EdgeKey, list[dict[str, Any]]] = defaultdict(list)
    for c in contributions:
        for key, record in c.edges.items():
            parts[key].append(record)
    rows: dict[EdgeKey, dict[str, Any]] = {}
    for key, records in parts.items():
        folded = records[0]
        for record in records[1:]:
            folded = merge_edge(folded, record)
        rows[key] = {
            "p": folded | {"inferred": bool(folded.get("inferred", False))},
            "parts": records,
        }
    return rows


def _same(a: Any, b: Any) -> bool:
    """Equal as Neo4j stores values: 1 and 1.0, or 1 and true, are different values."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _changes(stored: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """The properties to set on ``stored`` to make it ``merged`` (None removes one)."""
    changed = {k: v for k, v in merged.items() if k not in stored or not _same(stored[k], v)}
    changed.update((k, None) for k in stored.keys() - merged.keys())
    return changed


def node_changes(label: str, stored: dict[str, Any], folded: dict[str, Any]) -> dict[str, Any]:
    """What folding the batch's record into a stored node changes (merge_node's rules).

    A ``sources`` list left on the node by an older version of the store goes too.
    """
    record = {k: v for k, v in stored.items() if k != "sources"} | {"label": label}
    return _changes(stored, stored_node_props(merge_node(record, folded)))


def edge_changes(stored: dict[str, Any], parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What folding each document's record, in order, into a stored edge changes."""
    merged = stored
    for record in parts:
        merged = merge_edge(merged, record)
    return _changes(stored, merged)


def ids_by_label(ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Node ids grouped by label, labels and ids sorted: the one lock order of all writers."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id in sorted(set(ids)):
        groups[_label(node_id)].append(node_id)
    return sorted(groups.items())
