"""Making, undoing and listing corrections: what the CLI and the API call.

Names are resolved to entities here (an id, or a name or alias that names exactly one
entity), each correction is checked against the graph before it is recorded, and the
store then folds the documents it touches again (`graph.corrections`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.corrections import Correction, Rewrite
from graph.errors import BadParameterError, NotFoundError
from graph.inference import refresh_inferences
from graph.schema import ENTITY_LABELS, RELATIONS, edge_allowed, name_key, node_id
from graph.stores.base import GraphStore
from queries.catalogue import run_query


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def find_entity(store: GraphStore, text: str) -> dict[str, Any]:
    """The entity ``text`` names: its id, or a name or alias of exactly one entity."""
    by_id = [n for n in store.nodes([text]) if n.get("label") in ENTITY_LABELS]
    if by_id:
        return by_id[0]
    rows = run_query(store, "entity", {"name": text})
    if not rows:
        raise NotFoundError(f"no entity named {text!r}")
    if len(rows) > 1:
        ids = ", ".join(r["id"] for r in rows)
        raise BadParameterError(f"{text!r} names {len(rows)} entities ({ids}); give an id")
    return store.nodes([rows[0]["id"]])[0]


def _label(text: str) -> str:
    by_fold = {label.casefold(): label for label in ENTITY_LABELS}
    label = by_fold.get(text.strip().casefold())
    if label is None:
        raise BadParameterError(f"unknown label {text!r} (one of {', '.join(ENTITY_LABELS)})")
    return label


def _relation(text: str) -> str:
    rel = text.strip().upper()
    if rel not in RELATIONS:
        raise BadParameterError(f"unknown relationship type {text!r}")
    return rel


def _edge_exists(store: GraphStore, args: dict[str, Any]) -> bool:
    params = {"source": args["source_name"], "type": args["type"], "target": args["target_name"]}
    ends = {(args["source"], args["target"])}
    if args["type"] == "PARTNERS_WITH":
        ends.add((args["target"], args["source"]))
    return any(
        (r["source_id"], r["target_id"]) in ends for r in run_query(store, "evidence", params)
    )


def _record(
    store: GraphStore, kind: str, args: dict[str, Any], note: str, author: str
) -> Correction:
    correction = store.add_correction(kind, args, note.strip(), author.strip(), now())
    refresh_inferences(store)
    return correction


def merge(store: GraphStore, into: str, other: str, note: str, author: str) -> Correction:
    """``other`` and ``into`` are one entity: ``into`` keeps its id and name."""
    kept, gone = find_entity(store, into), find_entity(store, other)
    if kept["id"] == gone["id"]:
        raise BadParameterError(f"{into!r} and {other!r} are the same entity already")
    if kept["label"] != gone["label"]:
        _check_fit(store, gone, kept["label"])
    args = {
        "into": kept["id"],
        "into_name": kept["name"],
        "from": gone["id"],
        "from_name": gone["name"],
    }
    return _record(store, "merge", args, note, author)


def split(
    store: GraphStore, entity: str, alias: str, note: str, author: str, label: str | None = None
) -> Correction:
    """``alias`` names someone else: taken off the entity, made an entity of its own."""
    found = find_entity(store, entity)
    aliases = {name_key(a): a for a in found.get("aliases", [])}
    if name_key(alias) not in aliases:
        raise BadParameterError(f"{alias!r} is not an alias of {found['name']} ({found['id']})")
    new_id = node_id(_label(label) if label else found["label"], aliases[name_key(alias)])
    if new_id == found["id"]:
        raise BadParameterError(f"{alias!r} makes the same id as {found['id']}; give a label")
    args = {
        "entity": found["id"],
        "entity_name": found["name"],
        "alias": aliases[name_key(alias)],
        "new_id": new_id,
    }
    return _record(store, "split", args, note, author)


def relabel(store: GraphStore, entity: str, label: str, note: str, author: str) -> Correction:
    found, new_label = find_entity(store, entity), _label(label)
    if new_label == found["label"]:
        raise BadParameterError(f"{found['name']} is a {new_label} already")
    _check_fit(store, found, new_label)
    args = {
        "entity": found["id"],
        "entity_name": found["name"],
        "label": new_label,
        "new_id": node_id(new_label, found["name"]),
    }
    return _record(store, "relabel", args, note, author)


def _check_fit(store: GraphStore, found: dict[str, Any], label: str) -> None:
    """Refuse a label under which some of the entity's edges would break the schema."""
    misfits = sorted(
        group["type"]
        for row in run_query(store, "entity", {"name": found["name"]})
        if row["id"] == found["id"]
        for group in row["relationships"]
        for end in group["nodes"]
        if not _fits(group["type"], group["direction"], label, end["label"])
    )
    if misfits:
        kinds = ", ".join(sorted(set(misfits)))
        raise BadParameterError(
            f"a {label} cannot have {len(misfits)} of {found['name']}'s edges ({kinds})"
        )


def _fits(rel: str, direction: str, label: str, other_label: str) -> bool:
    if direction == "in":
        return edge_allowed(rel, other_label, label)
    if direction == "both":
        return edge_allowed(rel, label, other_label) or edge_allowed(rel, other_label, label)
    return edge_allowed(rel, label, other_label)


def _edge_args(store: GraphStore, source: str, rel: str, target: str) -> dict[str, Any]:
    a, b = find_entity(store, source), find_entity(store, target)
    rel = _relation(rel)
    return {
        "type": rel,
        "source": a["id"],
        "source_name": a["name"],
        "target": b["id"],
        "target_name": b["name"],
        "labels": (a["label"], b["label"]),
    }


def reject(
    store: GraphStore, source: str, rel: str, target: str, note: str, author: str
) -> Correction:
    """The edge is wrong: no document makes it any more."""
    args = _edge_args(store, source, rel, target)
    args.pop("labels")
    if not _edge_exists(store, args):
        raise NotFoundError(f"no {args['type']} edge from {source!r} to {target!r}")
    return _record(store, "reject", args, note, author)


def add(
    store: GraphStore, source: str, rel: str, target: str, note: str, author: str
) -> Correction:
    """An edge the documents miss, made by hand with a note."""
    args = _edge_args(store, source, rel, target)
    labels = args.pop("labels")
    if not edge_allowed(args["type"], *labels):
        raise BadParameterError(f"{args['type']} cannot join a {labels[0]} to a {labels[1]}")
    if not note.strip():
        raise BadParameterError("a hand-made edge needs a note saying why")
    return _record(store, "add", args, note, author)


def undo(store: GraphStore, correction_id: int, note: str, author: str) -> Correction:
    found = {c.id: c for c in store.corrections()}.get(correction_id)
    if found is None:
        raise NotFoundError(f"no correction {correction_id}")
    if not found.in_force:
        raise BadParameterError(f"correction {correction_id} was undone on {found.undone}")
    undone = store.undo_correction(found, author.strip(), note.strip(), now())
    refresh_inferences(store)
    return undone


def listing(store: GraphStore) -> list[dict[str, Any]]:
    """Every correction with who, when and why, and whether it is in force, undone, or
    aims at an entity that no longer exists (its documents were all retracted)."""
    corrections = store.corrections()
    rewrite = Rewrite.of(corrections)  # a later merge or relabel moves an earlier target

    def now_at(nid: str) -> str:
        return rewrite.resolve(nid)[0]

    wanted = {now_at(t) for c in corrections if c.in_force for t in c.targets()}
    present = {n["id"] for n in store.nodes(sorted(wanted))}
    rows = []
    for c in corrections:
        status, problem = "in force", None
        missing = [t for t in c.targets() if now_at(t) not in present]
        if not c.in_force:
            status = "undone"
        elif missing:
            status = "target missing"
            problem = f"{', '.join(missing)} no longer in the graph"
        rows.append(c.to_row() | {"status": status, "problem": problem})
    return rows


def stale(store: GraphStore) -> list[str]:
    """One line for each correction in force whose target has gone."""
    return [
        f"correction {r['id']} ({r['kind']}): {r['problem']}"
        for r in listing(store)
        if r["status"] == "target missing"
    ]
