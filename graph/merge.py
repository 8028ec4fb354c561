"""How what several documents say about one node or edge becomes one record.

Both stores use these functions, so they hold the same graph. Records are flat
property maps that Neo4j can store as they are (primitives and lists of them,
no nulls). Every merge is commutative and associative, so a store can fold a
new document into a stored record without reading the other documents, and a
record rebuilt from its remaining sources after a retraction is the same as
one built up incrementally.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from graph.claims import claims_of, conflicted, edge_claimed, node_claimed
from graph.model import DocumentMeta, EdgeFact, NodeFact
from graph.schema import DOCUMENT_LABEL, document_node_id, label_of_id, name_key

EVIDENCE_CAP = 5
# Confidences are kept in ten-thousandths; merged ones never pass this (0.99).
CONFIDENCE_SCALE = 10_000
CONFIDENCE_CAP = 9_900
# Properties that are dates: the earliest one stated is kept (last_seen says the latest).
_DATE_PROPS = frozenset({"date", "as_of", "valid_from"})
_EVIDENCE_FIELDS = ("evidence", "evidence_docs", "evidence_starts", "evidence_ends")
# Edge properties that merge_edge folds by their own rules rather than as scalars.
_EDGE_OWN_MERGE = frozenset(
    {"sources", "rules", "reasons", "claims", "first_seen", "last_seen", "confidence", "inferred"}
    | set(_EVIDENCE_FIELDS)
)
# Node properties that merge_node folds by their own rules rather than as scalars.
_NODE_OWN_MERGE = frozenset(
    {
        "id",
        "label",
        "name",
        "aliases",
        "sources",
        "first_seen",
        "last_seen",
        "keys",
        "rules",
        "claims",
    }
)


def clean_record(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None and v != [] and v != ""}


def union_sorted(a: list[str], b: list[str]) -> list[str]:
    """The sorted union of two sorted lists without repeats (a new list).

    Records keep ``sources`` sorted and unique; a document adds one source to a
    node seen in many documents, so that case is a single insertion.

    >>> union_sorted(["d1", "d3"], ["d2"])
    ['d1', 'd2', 'd3']
    >>> union_sorted(["d1", "d3"], ["d3", "d0"])
    ['d0', 'd1', 'd3']
    """
    if len(b) == 1:
        x = b[0]
        i = bisect_left(a, x)
        if i < len(a) and a[i] == x:
            return list(a)
        return [*a[:i], x, *a[i:]]
    if not b:
        return list(a)
    return sorted(set(a) | set(b))


def _better_name(a: str, b: str) -> str:
    """The display name: the most spaced-out variant, then the smallest (order-free)."""
    return min(a, b, key=lambda s: (-s.count(" "), s))


def _merge_scalar(key: str, a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None or a == b:
        return a
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) or bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        # Amounts reported later for the same fund are expansions, not corrections.
        return max(a, b)
    if key in _DATE_PROPS:
        return min(str(a), str(b))
    if key == "valid_to":  # the latest end anyone states
        return max(str(a), str(b))
    return min(str(a), str(b))


def _merge_seen(merged: dict[str, Any], a: dict[str, Any], b: dict[str, Any]) -> None:
    firsts = [d for d in (a.get("first_seen"), b.get("first_seen")) if d]
    lasts = [d for d in (a.get("last_seen"), b.get("last_seen")) if d]
    if firsts:
        merged["first_seen"] = min(firsts)
    if lasts:
        merged["last_seen"] = max(lasts)


def node_contribution(doc: DocumentMeta, node: NodeFact) -> dict[str, Any]:
    """The record one document alone gives for a node."""
    record = {k: v for k, v in node.props.items() if v is not None and v != [] and v != ""}
    record["id"] = node.id
    record["label"] = node.label
    record["name"] = node.name
    record["aliases"] = (
        sorted({a for a in node.aliases if a and a != node.name}) if node.aliases else []
    )
    record["sources"] = [doc.id]
    if node.rules:  # facts written before rules were recorded have none
        record["rules"] = sorted(set(node.rules))
    record["keys"] = names_keys(node.name, *record["aliases"], record.get("name_en") or "")
    claims = claims_of(node_claimed(node.label), record, doc.id, node.stated)
    if claims:
        record["claims"] = claims
    if doc.date:
        record["first_seen"] = record["last_seen"] = doc.date
    if not (node.id and node.label and node.name):  # never for validated facts
        return clean_record(record) | {"aliases": record["aliases"]}
    return record


def merge_node(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Fold two records of the same node into one."""
    if a["id"] != b["id"]:
        raise ValueError(f"cannot merge {a['id']} with {b['id']}")
    name = a["name"] if a["name"] == b["name"] else _better_name(a["name"], b["name"])
    names = {a["name"], b["name"], *a.get("aliases", []), *b.get("aliases", [])}
    merged: dict[str, Any] = {}
    for key in sorted(set(a) | set(b)):
        if key in _NODE_OWN_MERGE:
            continue
        merged[key] = _merge_scalar(key, a.get(key), b.get(key))
    merged.update(
        id=a["id"],
        label=a["label"],
        name=name,
        aliases=sorted(names - {name}),
        sources=union_sorted(a.get("sources", []), b.get("sources", [])),
        # The keys of every name either record was known by (name_en included).
        keys=union_sorted(_keys_of(a), _keys_of(b)),
    )
    for key in ("rules", "claims"):
        values = union_sorted(a.get(key, []), b.get(key, []))
        if values:
            merged[key] = values
    _merge_seen(merged, a, b)
    return merged


def names_keys(*names: str) -> list[str]:
    """The sorted lookup keys (`name_key`) of a node's names, without empty ones.

    >>> names_keys("과학기술정보통신부", "과기정통부", "MSIT")
    ['msit', '과기정통부', '과학기술정보통신부']
    """
    return sorted({k for k in map(_cached_name_key, names) if k})


# The same few thousand names (ministries, companies) recur in document after document.
_cached_name_key = lru_cache(maxsize=1 << 16)(name_key)


def _keys_of(record: dict[str, Any]) -> list[str]:
    if "keys" in record:
        return record["keys"]
    # A record stored before nodes carried keys.
    return names_keys(record["name"], *record.get("aliases", []), record.get("name_en") or "")


def edge_contribution(doc: DocumentMeta, edge: EdgeFact) -> dict[str, Any]:
    """The record one document alone gives for an edge."""
    record = {k: v for k, v in edge.props.items() if v is not None and v != [] and v != ""}
    record["sources"] = [doc.id]
    if edge.rules:
        record["rules"] = sorted(set(edge.rules))
    record["confidence"] = round(float(edge.confidence), 4)
    record["inferred"] = bool(edge.inferred)
    if edge.reasons:
        record["reasons"] = sorted(set(edge.reasons))
    else:
        record.pop("reasons", None)
    claimed = edge_claimed(edge.type, label_of_id(edge.target))
    if claimed:
        first = min(edge.evidence, key=lambda ev: (ev.start, ev.end), default=None)
        said = {key: first.sentence for key in claimed} if first is not None else {}
        claims = claims_of(claimed, record, doc.id, said)
        if claims:
            record["claims"] = claims
    if edge.evidence:
        rows = sorted({(ev.doc, ev.start, ev.end, ev.sentence) for ev in edge.evidence})
        rows = rows[:EVIDENCE_CAP]
        record["evidence"] = [row[3] for row in rows]
        record["evidence_docs"] = [row[0] for row in rows]
        record["evidence_starts"] = [row[1] for row in rows]
        record["evidence_ends"] = [row[2] for row in rows]
    else:
        for key in _EVIDENCE_FIELDS:
            record.pop(key, None)
    if doc.date:
        record["first_seen"] = record["last_seen"] = doc.date
    return record


def confidence_units(value: float) -> int:
    """A confidence in ten-thousandths, clamped to [0, 1] (NaN counts as 0).

    >>> confidence_units(0.7), confidence_units(1.5), confidence_units(float("nan"))
    (7000, 10000, 0)
    """
    if math.isnan(value) or value <= 0:
        return 0
    if value >= 1:
        return CONFIDENCE_SCALE
    return round(value * CONFIDENCE_SCALE)


def noisy_or(a: float, b: float) -> float:
    """Two independent confidences combined: 1 - (1 - a)(1 - b), at most 0.99.

    Computed exactly in integers and rounded half to even to four decimals, so the
    Neo4j store, which folds confidences in Cypher, gets the same float bit for bit
    (float arithmetic and the two languages' round() disagree near ties).

    >>> noisy_or(0.7, 0.8), noisy_or(0.9, 0.95), noisy_or(0.0, 0.55)
    (0.94, 0.99, 0.55)
    """
    scale = CONFIDENCE_SCALE
    both = scale * scale - (scale - confidence_units(a)) * (scale - confidence_units(b))
    whole, rest = divmod(min(both, CONFIDENCE_CAP * scale), scale)
    if rest > scale // 2 or (rest == scale // 2 and whole % 2):
        whole += 1
    return whole / scale


def _evidence_rows(record: dict[str, Any]) -> set[tuple[str, int, int, str]]:
    return set(
        zip(
            record.get("evidence_docs", []),
            record.get("evidence_starts", []),
            record.get("evidence_ends", []),
            record.get("evidence", []),
            strict=True,
        )
    )


def merge_edge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Fold two records of the same edge into one."""
    merged: dict[str, Any] = {}
    for key in sorted(set(a) | set(b)):
        if key in _EDGE_OWN_MERGE:
            continue
        merged[key] = _merge_scalar(key, a.get(key), b.get(key))
    evidence = sorted(_evidence_rows(a) | _evidence_rows(b))[:EVIDENCE_CAP]
    merged.update(
        sources=union_sorted(a.get("sources", []), b.get("sources", [])),
        rules=union_sorted(a.get("rules", []), b.get("rules", [])),
        claims=union_sorted(a.get("claims", []), b.get("claims", [])),
        # Independent supporting documents: noisy-or of their confidences.
        confidence=noisy_or(a.get("confidence", 0.0), b.get("confidence", 0.0)),
        inferred=bool(a.get("inferred", False)) and bool(b.get("inferred", False)),
        evidence=[ev[3] for ev in evidence],
        evidence_docs=[ev[0] for ev in evidence],
        evidence_starts=[ev[1] for ev in evidence],
        evidence_ends=[ev[2] for ev in evidence],
    )
    reasons = sorted(set(a.get("reasons", [])) | set(b.get("reasons", [])))
    if reasons:
        merged["reasons"] = reasons
    _merge_seen(merged, a, b)
    return clean_record(merged) | {"inferred": merged["inferred"]}


def fold(records: Iterable[dict[str, Any]], merge) -> dict[str, Any] | None:
    result: dict[str, Any] | None = None
    for record in records:
        result = record if result is None else merge(result, record)
    return result


def public_path(path: str | None) -> str | None:
    """A document's path as stored and served: relative to the folder it was loaded
    from, or none (facts written before paths were relative held absolute ones).

    >>> public_path("news/a.txt"), public_path("/home/me/news/a.txt"), public_path("C:/a.txt")
    ('news/a.txt', None, None)
    """
    if not path:
        return None
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute():
        return None
    if ".." in PurePosixPath(path.replace("\\", "/")).parts:
        return None
    return path


def document_record(doc: DocumentMeta) -> dict[str, Any]:
    """The Document node that gives provenance to every fact."""
    return clean_record(
        {
            "id": document_node_id(doc.id),
            "label": DOCUMENT_LABEL,
            "name": doc.title or doc.id,
            "doc_id": doc.id,
            "title": doc.title,
            "date": doc.date,
            "outlet": doc.outlet,
            "author": doc.author,
            "url": doc.url,
            "path": public_path(doc.path),
            "checksum": doc.checksum,
        }
    ) | {"aliases": []}


def public_edge(record: dict[str, Any]) -> dict[str, Any]:
    """An edge record as the API and the JSON export show it: evidence as objects, and
    ``conflicted`` where its documents give two values of a property."""
    out = {k: v for k, v in record.items() if k not in _EVIDENCE_FIELDS}
    if conflicted(record):
        out["conflicted"] = True
    out["evidence"] = [
        {"doc": d, "sentence": s, "start": st, "end": en}
        for d, st, en, s in zip(
            record.get("evidence_docs", []),
            record.get("evidence_starts", []),
            record.get("evidence_ends", []),
            record.get("evidence", []),
            strict=True,
        )
    ]
    return out
