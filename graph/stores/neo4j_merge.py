"""`graph.merge` in Cypher: folding a batch of documents into stored nodes and edges.

The database does the merge, in one statement per label or relationship type, so
two writers folding into the same node never lose each other's update: a writer
first locks every node it touches (in one global order, `lock_statement`), and the
merge reads the stored record only under that lock. A batch's own records are
folded in Python first (`graph.merge`); what the statements add is the fold of
that batch record into the stored one, with the same rules: lists as sorted sets,
first_seen the earliest, last_seen the latest, other scalars by `_merge_scalar`'s
rules, evidence the first few rows of the union, confidence the noisy-or of every
document in order (`graph.merge.noisy_or`, in integers).

Labels and types come from the schema; every value is a parameter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from graph.contributions import Contribution, EdgeKey
from graph.merge import (
    _DATE_PROPS,
    _EDGE_OWN_MERGE,
    _NODE_OWN_MERGE,
    CONFIDENCE_CAP,
    CONFIDENCE_SCALE,
    EVIDENCE_CAP,
    confidence_units,
    merge_edge,
    merge_node,
)
from graph.schema import label_of_id

_EDGE_LISTS_AND_DATES = ("sources", "rules", "reasons", "claims", "first_seen", "last_seen")
# _merge_scalar keeps the earliest of two differing strings, except valid_to.
assert "valid_to" not in _DATE_PROPS


def _label(node_id: str) -> str:
    label = label_of_id(node_id)
    if label is None:  # validated facts never get here
        raise ValueError(f"no label for id {node_id!r}")
    return label


# -- Cypher expressions ------------------------------------------------------


def union_sorted(old: str, new: str) -> str:
    """The sorted union of the sorted list ``old`` and the list ``new`` (an expression)."""
    return (
        f"reduce(acc = coalesce({old}, []), x IN coalesce({new}, []) | "
        "CASE WHEN x IN acc THEN acc "
        "ELSE [y IN acc WHERE y < x] + [x] + [y IN acc WHERE y > x] END)"
    )


def _spaces(s: str) -> str:
    return f"(size({s}) - size(replace({s}, ' ', '')))"


def _earliest(old: str, new: str) -> str:
    return f"CASE WHEN {old} IS NULL OR {new} < {old} THEN coalesce({new}, {old}) ELSE {old} END"


def _latest(old: str, new: str) -> str:
    return f"CASE WHEN {old} IS NULL OR {new} > {old} THEN coalesce({new}, {old}) ELSE {old} END"


def _non_empty(expr: str) -> str:
    # An empty list is stored as no property (graph.merge.clean_record).
    return f"CASE WHEN size({expr}) = 0 THEN null ELSE {expr} END"


# _merge_scalar: booleans or, numbers max, valid_to the latest, other values the least.
_SCALARS = (
    "FOREACH (s IN row.scalars | SET {var}[s.k] = CASE "
    "WHEN {var}[s.k] IS NULL THEN s.v "
    "WHEN {var}[s.k] = s.v THEN {var}[s.k] "
    "WHEN {var}[s.k] IS :: BOOLEAN AND s.v IS :: BOOLEAN THEN {var}[s.k] OR s.v "
    "WHEN {var}[s.k] IS :: INTEGER | FLOAT AND s.v IS :: INTEGER | FLOAT "
    "THEN CASE WHEN s.v > {var}[s.k] THEN s.v ELSE {var}[s.k] END "
    "WHEN s.k = 'valid_to' THEN CASE WHEN toString(s.v) > toString({var}[s.k]) "
    "THEN toString(s.v) ELSE toString({var}[s.k]) END "
    "ELSE CASE WHEN toString(s.v) < toString({var}[s.k]) "
    "THEN toString(s.v) ELSE toString({var}[s.k]) END END)"
)


def _units(c: str) -> str:
    """`graph.merge.confidence_units` of a stored confidence."""
    return (
        f"CASE WHEN {c} IS NULL OR {c} <> {c} OR {c} <= 0 THEN 0 "
        f"WHEN {c} >= 1 THEN {CONFIDENCE_SCALE} ELSE toInteger(round({c} * {CONFIDENCE_SCALE})) END"
    )


def _noisy_or(c: str, units: str) -> str:
    """`graph.merge.noisy_or` of the confidence ``c`` and one in ten-thousandths."""
    scale = CONFIDENCE_SCALE
    both = f"{scale * scale} - ({scale} - ({_units(c)})) * ({scale} - {units})"
    capped = f"CASE WHEN b > {CONFIDENCE_CAP * scale} THEN {CONFIDENCE_CAP * scale} ELSE b END"
    half = scale // 2
    rounded = (
        f"(k / {scale} + CASE WHEN k % {scale} > {half} "
        f"OR (k % {scale} = {half} AND (k / {scale}) % 2 = 1) THEN 1 ELSE 0 END) / {scale}.0"
    )
    # One-element comprehensions name the intermediate values.
    return f"[k IN [b IN [{both}] | {capped}] | {rounded}][0]"


# -- statements --------------------------------------------------------------


def lock_statement(label: str, create: bool) -> str:
    """Lock nodes (in the order given), creating bare ones where ``create``.

    Setting a property, even to its own value, takes the node's write lock, held to
    the end of the transaction; later reads in the transaction see what the last
    writer committed.
    """
    find = "MERGE" if create else "MATCH"
    return f"UNWIND $ids AS id {find} (n:{label} {{id: id}}) SET n.id = id"


def node_statement(label: str) -> str:
    """Fold ``row`` into node ``row.id`` (perhaps new, or bare), as merge_node does."""
    names = union_sorted(
        union_sorted("n.aliases", "p.aliases"), "[x IN [n.name, p.name] WHERE x IS NOT NULL]"
    )
    better = (
        f"{_spaces('p.name')} > {_spaces('n.name')} OR "
        f"({_spaces('p.name')} = {_spaces('n.name')} AND p.name < n.name)"
    )
    return (
        f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
        # The write lock, before anything is read (rows come in the lock order).
        "SET n.id = row.id "
        "WITH n, row, row.p AS p "
        "WITH n, row, p, CASE WHEN n.name IS NULL OR n.name = p.name THEN p.name "
        f"WHEN {better} THEN p.name ELSE n.name END AS name, "
        f"{names} AS names, "
        f"{union_sorted('n.rules', 'p.rules')} AS rules, "
        f"{union_sorted('n.claims', 'p.claims')} AS claims "
        "SET n.name = name, n.aliases = [x IN names WHERE x <> name], "
        f"n.sources = {union_sorted('n.sources', 'p.sources')}, "
        f"n.keys = {union_sorted('n.keys', 'p.keys')}, "
        f"n.rules = {_non_empty('rules')}, "
        f"n.claims = {_non_empty('claims')}, "
        f"n.first_seen = {_earliest('n.first_seen', 'p.first_seen')}, "
        f"n.last_seen = {_latest('n.last_seen', 'p.last_seen')} "
        f"{_SCALARS.format(var='n')} "
        "RETURN collect([row.id, elementId(n)]) AS pairs"
    )


def edge_statement(rel_type: str) -> str:
    """Fold ``row`` into the edge between two locked nodes, as merge_edge does."""
    stored_rows = (
        "[i IN range(0, size(coalesce(r.evidence, [])) - 1) | "
        "[r.evidence_docs[i], r.evidence_starts[i], r.evidence_ends[i], r.evidence[i]]]"
    )
    evidence = union_sorted(stored_rows, "p.evidence")
    confidence = (
        "CASE WHEN fresh THEN reduce(c = p.confidence, u IN tail(row.units) | "
        f"{_noisy_or('c', 'u')}) "
        f"ELSE reduce(c = r.confidence, u IN row.units | {_noisy_or('c', 'u')}) END"
    )
    return (
        "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.a "
        "MATCH (b) WHERE elementId(b) = row.b "
        f"MERGE (a)-[r:{rel_type}]->(b) "
        "WITH r, row, row.p AS p, r.confidence IS NULL AS fresh "
        f"WITH r, row, p, fresh, ({evidence})[..{EVIDENCE_CAP}] AS ev, "
        f"{union_sorted('r.rules', 'p.rules')} AS rules, "
        f"{union_sorted('r.reasons', 'p.reasons')} AS reasons, "
        f"{union_sorted('r.claims', 'p.claims')} AS claims "
        f"SET r.sources = {union_sorted('r.sources', 'p.sources')}, "
        f"r.rules = {_non_empty('rules')}, r.reasons = {_non_empty('reasons')}, "
        f"r.claims = {_non_empty('claims')}, "
        f"r.confidence = {confidence}, "
        "r.inferred = CASE WHEN fresh THEN p.inferred ELSE coalesce(r.inferred, false) "
        "AND p.inferred END, "
        f"r.evidence_docs = {_non_empty('[e IN ev | e[0]]')}, "
        f"r.evidence_starts = {_non_empty('[e IN ev | e[1]]')}, "
        f"r.evidence_ends = {_non_empty('[e IN ev | e[2]]')}, "
        f"r.evidence = {_non_empty('[e IN ev | e[3]]')}, "
        f"r.first_seen = {_earliest('r.first_seen', 'p.first_seen')}, "
        f"r.last_seen = {_latest('r.last_seen', 'p.last_seen')} "
        f"{_SCALARS.format(var='r')}"
    )


# -- rows --------------------------------------------------------------------


def _scalars(record: dict[str, Any], own: frozenset[str]) -> list[dict[str, Any]]:
    return [{"k": k, "v": v} for k, v in sorted(record.items()) if k not in own]


def node_rows(contributions: Iterable[Contribution]) -> dict[str, list[dict[str, Any]]]:
    """One row per node the batch touches, by label, in id order (the lock order)."""
    folded: dict[str, dict[str, Any]] = {}
    for c in contributions:
        for node_id, record in c.nodes.items():
            old = folded.get(node_id)
            folded[node_id] = record if old is None else merge_node(old, record)
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id in sorted(folded):
        record = folded[node_id]
        own = {k: record[k] for k in _NODE_OWN_MERGE if k in record and k not in ("id", "label")}
        by_label[record["label"]].append(
            {"id": node_id, "p": own, "scalars": _scalars(record, _NODE_OWN_MERGE)}
        )
    return dict(by_label)


def edge_rows(contributions: list[Contribution]) -> dict[EdgeKey, dict[str, Any]]:
    """One row per edge the batch touches: its folded record and each document's
    confidence in order (noisy-or with rounding depends on the order)."""
    folded: dict[EdgeKey, dict[str, Any]] = {}
    units: dict[EdgeKey, list[int]] = defaultdict(list)
    for c in contributions:
        for key, record in c.edges.items():
            old = folded.get(key)
            folded[key] = record if old is None else merge_edge(old, record)
            units[key].append(confidence_units(record.get("confidence", 0.0)))
    rows: dict[EdgeKey, dict[str, Any]] = {}
    for key, record in folded.items():
        first = next(c.edges[key] for c in contributions if key in c.edges)
        own = {k: record[k] for k in _EDGE_LISTS_AND_DATES if k in record}
        own["inferred"] = bool(record.get("inferred", False))
        # A new edge starts from its first document's record, as merge_edge would.
        own["confidence"] = first.get("confidence", 0.0)
        own["evidence"] = [
            list(row)
            for row in zip(
                record.get("evidence_docs", []),
                record.get("evidence_starts", []),
                record.get("evidence_ends", []),
                record.get("evidence", []),
                strict=True,
            )
        ]
        rows[key] = {"p": own, "units": units[key], "scalars": _scalars(record, _EDGE_OWN_MERGE)}
    return rows


def ids_by_label(ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Node ids grouped by label, labels and ids sorted: the one lock order of all writers."""
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id in sorted(set(ids)):
        groups[_label(node_id)].append(node_id)
    return sorted(groups.items())
