"""Faces of the queries that find entities and read what is said about one."""

from __future__ import annotations

import heapq

from graph.schema import document_node_id
from graph.validity import exists, holds
from queries.index import EmbeddedIndex
from queries.rows import (
    SYMMETRIC,
    Params,
    Row,
    degree_of,
    evidence_of,
    facts_around,
    label_of,
    name_of,
    order,
)

MATCH_NAMES = ("name", "key", "alias", "prefix", "substring")
DETAILS = ("amount_krw", "date", "ordinal", "role", "founded", "dissolved", "parent")


Group = tuple[str, str, list[tuple[str, str, str]]]


def _groups(index: EmbeddedIndex, nid: str) -> list[Group]:
    """(type, direction, [(name, id, label)...]) of a node's relationships, all sorted.

    Cached for this version of the graph: a ministry's thousands are grouped once.
    """
    cached: dict[str, list[Group]] = index.derived("groups", dict)
    if nid not in cached:
        groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for other, kind, outgoing, name, label in index.graph.ends(nid):
            direction = "both" if kind == SYMMETRIC else "out" if outgoing else "in"
            groups.setdefault((kind, direction), []).append((name, other, label))
        cached[nid] = [(k, d, sorted(ends)) for (k, d), ends in sorted(groups.items())]
    return cached[nid]


def _groups_on(index: EmbeddedIndex, nid: str, day: str) -> list[Group]:
    """`_groups` with only the relationships that held on ``day``."""
    g = index.graph
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for other, kind, direction, data in facts_around(g, nid):
        if holds(data, day) and exists(g.nodes[other], day):
            groups.setdefault((kind, direction), []).append(
                (name_of(g, other), other, label_of(g, other))
            )
    return [(k, d, sorted(ends)) for (k, d), ends in sorted(groups.items())]


def entity(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    day = p["as_of"]
    rows = []
    for nid in index.resolve(p["name_key"]):
        data = g.nodes[nid]
        if not exists(data, day):
            continue
        groups = _groups(index, nid) if day is None else _groups_on(index, nid, day)
        relationships = [
            {
                "type": kind,
                "direction": direction,
                "count": len(ends),
                "nodes": [{"id": i, "name": n, "label": lbl} for n, i, lbl in ends],
            }
            for kind, direction, ends in groups
        ]
        rows.append(
            {
                "id": nid,
                "label": data["label"],
                "name": data["name"],
                "aliases": list(data.get("aliases", [])),
                "name_en": data.get("name_en"),
                "first_seen": data.get("first_seen"),
                "last_seen": data.get("last_seen"),
                "documents": g.sources(nid),
                "details": {k: data.get(k) for k in DETAILS},
                "relationships": relationships,
            }
        )
    return order(rows, "name", "id")


def search(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    q, q_key, label, limit = p["q"], p["q_key"], p["label"], p["limit"]
    # ORDER BY rank, degree DESC, name, id: none of them null, so plain tuples sort alike.
    ranked: list[tuple[int, int, str, str]] = []
    seen: set[str] = set()

    def take(nid: str, rank: int) -> None:
        seen.add(nid)
        data = g.nodes[nid]
        if label is None or data["label"] == label:
            ranked.append((rank, -degree_of(index, nid), data["name"], nid))

    for nid in index.ids_of_key(q_key):
        take(nid, 0 if g.nodes[nid]["name"] == q else 1 if nid.split(":", 1)[1] == q_key else 2)
    prefixed = index.keys_starting(q_key)
    for key in prefixed:
        for nid in index.ids_of_key(key):
            if nid not in seen:
                take(nid, 3)
    # Substring matches rank last: needed only while the better ranks leave room.
    if len(ranked) < limit:
        for key in set(index.keys_containing(q_key)).difference(prefixed):
            for nid in index.ids_of_key(key):
                if nid not in seen:
                    take(nid, 4)
    return [
        {
            "id": nid,
            "label": g.nodes[nid]["label"],
            "name": name,
            "aliases": list(g.nodes[nid].get("aliases", [])),
            "match": MATCH_NAMES[rank],
            "rank": rank,
            "degree": -negative_degree,
        }
        for rank, negative_degree, name, nid in heapq.nsmallest(limit, ranked)
    ]


def evidence(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    kind = p["type"]
    rows = []
    for sid in index.resolve(p["source_key"]):
        for tid in index.resolve(p["target_key"]):
            records = [g.edge(sid, tid, kind)]
            if kind == SYMMETRIC:
                records.append(g.edge(tid, sid, kind))
            for data in records:
                if data is None:
                    continue
                said = evidence_of(data)
                stated = {e["doc"] for e in said}
                items = said + [
                    {"doc": d, "sentence": None} for d in data.get("sources", []) if d not in stated
                ]
                for item in {(i["doc"], i["sentence"]): i for i in items}.values():
                    document = g.nodes.get(document_node_id(item["doc"])) or {}
                    rows.append(
                        {
                            "source": name_of(g, sid),
                            "source_id": sid,
                            "type": kind,
                            "target": name_of(g, tid),
                            "target_id": tid,
                            "inferred": bool(data.get("inferred", False)),
                            "doc": item["doc"],
                            "title": document.get("title"),
                            "date": document.get("date"),
                            "sentence": item["sentence"],
                        }
                    )
    return order(rows, "source_id", "target_id", "date", "doc", "sentence")


def timeline(index: EmbeddedIndex, p: Params) -> list[Row]:
    g = index.graph
    day = p["as_of"]
    rows = []
    for eid in index.resolve(p["entity_key"]):
        for other, kind, direction, data in facts_around(g, eid):
            if day is not None and not (
                holds(data, day) and exists(g.nodes[eid], day) and exists(g.nodes[other], day)
            ):
                continue
            date = next(
                (data[k] for k in ("date", "as_of", "first_seen") if data.get(k) is not None),
                None,
            )
            if date is None:
                continue
            rows.append(
                {
                    "date": date,
                    "entity": name_of(g, eid),
                    "entity_id": eid,
                    "type": kind,
                    "direction": direction,
                    "other": name_of(g, other),
                    "other_id": other,
                    "other_label": label_of(g, other),
                    "first_seen": data.get("first_seen"),
                    "last_seen": data.get("last_seen"),
                    "inferred": bool(data.get("inferred", False)),
                    "documents": list(data.get("sources", [])),
                }
            )
    keys = ("date", "type", "other", "other_id", "entity_id", "direction")
    return order(rows, *keys)[: p["limit"]]
