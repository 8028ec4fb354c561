"""An analyst's corrections, kept apart from the extracted facts and applied to them.

A correction is a record in its own ledger (the embedded store's ``corrections``
table; ``:Correction`` nodes on Neo4j). The stored documents are never edited: every
time a store folds a document into the graph (a load, a re-load, a retraction that
rebuilds what others support, opening the embedded store) it first passes the
document's facts through the `Rewrite` of the corrections in force. So a correction
lasts through any re-ingest, and undoing it is refolding the documents it touched
without it.

Kinds:

- ``merge`` — two entities are one: the second's id becomes the first's, its name an alias.
- ``split`` — an alias names someone else: it is taken off the entity, and a new entity
  of that name (and the label given) is made by hand.
- ``relabel`` — an entity has another label (a Company that is an Agency).
- ``reject`` — an edge is wrong: no document makes it any more.
- ``add`` — an edge the documents miss, made by hand with a note.

Hand-made facts (``add``, and the new entity of ``split``) live in a document of their
own, ``correction-<id>``, marked ``hand_made``; undoing the correction retracts it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from graph.model import DocumentFacts, DocumentMeta, EdgeFact, NodeFact, edge_key
from graph.schema import edge_allowed, label_of_id, name_key

HAND_MADE_PREFIX = "correction-"
_MAX_HOPS = 64  # a chain of merges and relabels is never this long


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    kind: str
    args: dict[str, Any]
    note: str
    author: str
    created: str  # ISO timestamp, UTC
    undone: str | None = None  # when it was undone
    undone_by: str | None = None
    undo_note: str | None = None

    @property
    def in_force(self) -> bool:
        return self.undone is None

    @property
    def document_id(self) -> str:
        """The document that holds its hand-made facts (add, split)."""
        return f"{HAND_MADE_PREFIX}{self.id}"

    def involved(self) -> list[str]:
        """Every node id the correction touches, before and after."""
        return args_involved(self.kind, self.args)

    def targets(self) -> list[str]:
        """The entities that must be in the graph for the correction to mean anything."""
        return [self.args[k] for k in _TARGETS[self.kind]]

    def to_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS} | {"args": dict(self.args)}

    def args_json(self) -> str:
        return args_text(self.args)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Correction:
        args = row["args"]
        return cls(
            id=int(row["id"]),
            kind=row["kind"],
            args=json.loads(args) if isinstance(args, str) else dict(args),
            note=row.get("note") or "",
            author=row.get("author") or "",
            created=row["created"],
            undone=row.get("undone"),
            undone_by=row.get("undone_by"),
            undo_note=row.get("undo_note"),
        )


# A correction's fields, in order: the columns of the embedded store's ledger.
FIELDS = tuple(f.name for f in fields(Correction))


def args_text(args: dict[str, Any]) -> str:
    """A correction's arguments as stored: JSON, keys sorted."""
    return json.dumps(args, ensure_ascii=False, sort_keys=True)


_TARGETS = {
    "merge": ("into",),
    "split": ("entity",),
    "relabel": ("new_id",),
    "reject": ("source", "target"),
    "add": ("source", "target"),
}
_INVOLVED = {
    "merge": ("into", "from"),
    "split": ("entity", "new_id"),
    "relabel": ("entity", "new_id"),
    "reject": ("source", "target"),
    "add": ("source", "target"),
}


def args_involved(kind: str, args: dict[str, Any]) -> list[str]:
    return sorted({args[k] for k in _INVOLVED[kind] if args.get(k)})


def refold_scope(
    kind: str, args: dict[str, Any], sources_of: Callable[[str], set[str]]
) -> set[str]:
    """The documents to fold again when this correction comes into force or is undone.

    An edge is stated only by documents that name both its ends; an entity's documents
    are its sources. An added edge changes no document.
    """
    if kind == "add":
        return set()
    if kind == "reject":
        return sources_of(args["source"]) & sources_of(args["target"])
    found: set[str] = set()
    for nid in args_involved(kind, args):
        found |= sources_of(nid)
    return found


def hand_made_facts(c: Correction) -> DocumentFacts | None:
    """The document of a correction's hand-made facts, or None for kinds that make none."""
    a = c.args
    meta = DocumentMeta(
        id=c.document_id,
        title=f"correction {c.id} ({c.kind}): {c.note}".strip(),
        date=c.created[:10],
        author=c.author or None,
        checksum=f"{c.document_id}:{c.created}",
    )
    marks = {"hand_made": True, "correction": c.id}
    if c.kind == "add":
        ends = [
            NodeFact(id=a["source"], label=label_of_id(a["source"]) or "", name=a["source_name"]),
            NodeFact(id=a["target"], label=label_of_id(a["target"]) or "", name=a["target_name"]),
        ]
        props = marks | ({"note": c.note} if c.note else {})
        edge = EdgeFact(a["type"], a["source"], a["target"], props=props, confidence=0.99)
        return DocumentFacts(document=meta, nodes=ends, edges=[edge])
    if c.kind == "split":
        label = label_of_id(a["new_id"]) or ""
        node = NodeFact(id=a["new_id"], label=label, name=a["alias"], props=dict(marks))
        return DocumentFacts(document=meta, nodes=[node])
    return None


@dataclass(slots=True)
class Rewrite:
    """The corrections in force, as a function on one document's facts."""

    moves: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id → (id, name)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    unaliased: dict[str, set[str]] = field(default_factory=dict)  # id → alias keys taken off

    @classmethod
    def of(cls, corrections: Iterable[Correction]) -> Rewrite:
        rewrite = cls()
        for c in sorted(corrections, key=lambda c: c.id):
            if not c.in_force:
                continue
            a = c.args
            if c.kind == "merge":
                rewrite.moves[a["from"]] = (a["into"], a["into_name"])
            elif c.kind == "relabel":
                rewrite.moves[a["entity"]] = (a["new_id"], None)
            elif c.kind == "reject":
                rewrite.rejected.append((a["type"], a["source"], a["target"]))
            elif c.kind == "split":
                rewrite.unaliased.setdefault(a["entity"], set()).add(name_key(a["alias"]))
        return rewrite

    def __bool__(self) -> bool:
        return bool(self.moves or self.rejected or self.unaliased)

    def resolve(self, nid: str) -> tuple[str, str | None]:
        """Where ``nid`` ends after every merge and relabel, and the name it takes."""
        name = None
        for _ in range(_MAX_HOPS):
            step = self.moves.get(nid)
            if step is None:
                break
            nid, name = step[0], step[1] or name
        return nid, name

    def rejected_keys(self) -> set[tuple[str, str, str]]:
        return {edge_key(t, self.resolve(s)[0], self.resolve(o)[0]) for t, s, o in self.rejected}

    def facts(self, facts: DocumentFacts) -> DocumentFacts:
        """``facts`` with the corrections applied (the same object when none applies)."""
        if not self:
            return facts
        nodes = [self._node(n) for n in facts.nodes]
        labels = {n.id: n.label for n in nodes}
        rejected = self.rejected_keys()
        edges = []
        for e in facts.edges:
            source, target = self.resolve(e.source)[0], self.resolve(e.target)[0]
            if source == target or edge_key(e.type, source, target) in rejected:
                continue
            if not edge_allowed(e.type, labels[source], labels[target]):
                continue
            if (source, target) != (e.source, e.target):
                e = replace(e, source=source, target=target)
            edges.append(e)
        return replace(facts, nodes=nodes, edges=edges)

    def _node(self, node: NodeFact) -> NodeFact:
        nid, name = self.resolve(node.id)
        aliases = list(node.aliases)
        # An alias split off before or after the entity moved (a merge, a relabel).
        taken = self.unaliased.get(node.id, set()) | self.unaliased.get(nid, set())
        if nid != node.id:
            label = label_of_id(nid) or node.label
            if name is not None and name != node.name:
                aliases.append(node.name)
            node = replace(node, id=nid, label=label, name=name or node.name)
        if taken:
            aliases = [a for a in aliases if name_key(a) not in taken]
        if aliases != list(node.aliases):
            node = replace(node, aliases=aliases)
        return node
