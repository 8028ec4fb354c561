"""Typed facts passed between the layers: what one document says.

A `DocumentFacts` is the unit of writing: a store applies all of it or none
of it. It serialises to one JSON line (the `govkg extract` output format).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.errors import InvalidFactsError
from graph.schema import ENTITY_LABELS, MAX_KEY_BYTES, RELATIONS, edge_allowed, label_of_id

FACTS_FORMAT = "govkg-facts/1"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that supports a fact, with its span in the cleaned text."""

    doc: str
    sentence: str
    start: int
    end: int


@dataclass(slots=True)
class DocumentMeta:
    id: str
    title: str = ""
    date: str | None = None  # ISO yyyy-mm-dd
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    path: str | None = None
    checksum: str | None = None


@dataclass(slots=True)
class NodeFact:
    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    mentions: int = 1
    rules: list[str] = field(default_factory=list)  # ids of the rules that found it
    # The sentence that stated a property (a fund's size), by property.
    stated: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class EdgeFact:
    type: str
    source: str
    target: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    inferred: bool = False
    reasons: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # ids of the rules that made it

    @property
    def key(self) -> tuple[str, str, str]:
        return edge_key(self.type, self.source, self.target)


def edge_key(rel_type: str, source: str, target: str) -> tuple[str, str, str]:
    """The identity of a fact edge; symmetric types are keyed in sorted order."""
    spec = RELATIONS.get(rel_type)
    if spec is not None and spec.symmetric and target < source:
        source, target = target, source
    return (rel_type, source, target)


def _check_size(what: str, value: str) -> None:
    # Neo4j cannot index a longer value; the embedded store refuses it too, for parity.
    if len(value.encode("utf-8")) > MAX_KEY_BYTES:
        raise InvalidFactsError(f"{what} is over {MAX_KEY_BYTES} bytes: {value[:40]}...")


@dataclass(slots=True)
class DocumentFacts:
    document: DocumentMeta
    nodes: list[NodeFact] = field(default_factory=list)
    edges: list[EdgeFact] = field(default_factory=list)

    def validate(self) -> None:
        """Reject facts that do not fit the schema, before anything is written."""
        if not self.document.id:
            raise InvalidFactsError("document without an id")
        _check_size("document id", self.document.id)
        labels: dict[str, str] = {}
        for node in self.nodes:
            if not node.id or not node.name:
                raise InvalidFactsError(f"{self.document.id}: node without id or name: {node!r}")
            _check_size("node id", node.id)
            _check_size("node name", node.name)
            if node.label not in ENTITY_LABELS:
                raise InvalidFactsError(
                    f"{self.document.id}: unknown label {node.label!r} on {node.id}"
                )
            if label_of_id(node.id) != node.label:
                raise InvalidFactsError(
                    f"{self.document.id}: id {node.id!r} does not match label {node.label}"
                )
            labels[node.id] = node.label
        for edge in self.edges:
            if edge.type not in RELATIONS:
                raise InvalidFactsError(
                    f"{self.document.id}: unknown relationship type {edge.type!r}"
                )
            for end in (edge.source, edge.target):
                if end not in labels:
                    raise InvalidFactsError(
                        f"{self.document.id}: {edge.type} refers to unknown node {end!r}"
                    )
            if not edge_allowed(edge.type, labels[edge.source], labels[edge.target]):
                raise InvalidFactsError(
                    f"{self.document.id}: {edge.type} cannot join {labels[edge.source]} "
                    f"{edge.source!r} to {labels[edge.target]} {edge.target!r}"
                )
            if edge.source == edge.target:
                raise InvalidFactsError(f"{self.document.id}: {edge.type} loops on {edge.source}")

    def to_dict(self) -> dict[str, Any]:
        # Written out rather than dataclasses.asdict, which deep-copies every value
        # and dominated the cost of a write.
        return {
            "format": FACTS_FORMAT,
            "document": asdict(self.document),
            "nodes": [
                {
                    "id": n.id,
                    "label": n.label,
                    "name": n.name,
                    "aliases": list(n.aliases),
                    "props": dict(n.props),
                    "mentions": n.mentions,
                    "rules": list(n.rules),
                    **({"stated": dict(n.stated)} if n.stated else {}),
                }
                for n in self.nodes
            ],
            "edges": [
                {
                    "type": e.type,
                    "source": e.source,
                    "target": e.target,
                    "props": dict(e.props),
                    "evidence": [
                        {"doc": ev.doc, "sentence": ev.sentence, "start": ev.start, "end": ev.end}
                        for ev in e.evidence
                    ],
                    "confidence": e.confidence,
                    "inferred": e.inferred,
                    "reasons": list(e.reasons),
                    "rules": list(e.rules),
                }
                for e in self.edges
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentFacts:
        try:
            document = DocumentMeta(**data["document"])
            nodes = [NodeFact(**n) for n in data.get("nodes", [])]
            edges = [
                EdgeFact(
                    **{k: v for k, v in e.items() if k != "evidence"},
                    evidence=[Evidence(**ev) for ev in e.get("evidence", [])],
                )
                for e in data.get("edges", [])
            ]
        except (KeyError, TypeError) as exc:
            raise InvalidFactsError(f"malformed facts record: {exc}") from exc
        return cls(document=document, nodes=nodes, edges=edges)

    @classmethod
    def from_json(cls, line: str) -> DocumentFacts:
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidFactsError(f"not JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise InvalidFactsError("a facts line must be a JSON object")
        return cls.from_dict(data)
