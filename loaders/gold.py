"""The hand-made gold graph format (``seeds.gold.json``) and its conversion to facts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.model import DocumentFacts, DocumentMeta, EdgeFact, NodeFact
from graph.schema import node_id


@dataclass(frozen=True, slots=True)
class GoldEntity:
    label: str
    name: str
    aliases: tuple[str, ...]
    docs: tuple[str, ...]
    required: bool
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldRelation:
    type: str
    source: str
    target: str
    docs: tuple[str, ...]
    required: bool
    inferred: bool
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Gold:
    documents: dict[str, dict[str, Any]]
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    absent: tuple[str, ...]
    queries: dict[str, Any]

    def entity(self, name: str) -> GoldEntity | None:
        return next((e for e in self.entities if e.name == name), None)

    def for_document(self, doc_id: str) -> Gold:
        """What this gold says of one document alone (no cross-document inferences)."""
        return Gold(
            documents={doc_id: self.documents.get(doc_id, {})},
            entities=tuple(e for e in self.entities if doc_id in e.docs),
            relations=tuple(r for r in self.relations if doc_id in r.docs and not r.inferred),
            absent=self.absent,
            queries={},
        )


def load_gold(path: str | Path) -> Gold:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entities = tuple(
            GoldEntity(
                label=e["label"],
                name=e["name"],
                aliases=tuple(e.get("aliases", [])),
                docs=tuple(e.get("docs", [])),
                required=bool(e.get("required", True)),
                props=dict(e.get("props", {})),
            )
            for e in data["entities"]
        )
        relations = tuple(
            GoldRelation(
                type=r["type"],
                source=r["source"],
                target=r["target"],
                docs=tuple(r.get("docs", [])),
                required=bool(r.get("required", True)),
                inferred=inferred,
                props=dict(r.get("props", {})),
            )
            for key, inferred in (("relations", False), ("inferred_relations", True))
            for r in data.get(key, [])
        )
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise InputError(f"cannot read gold file {path}: {exc}") from exc
    return Gold(
        documents=dict(data.get("documents", {})),
        entities=entities,
        relations=relations,
        absent=tuple(data.get("absent", [])),
        queries=dict(data.get("queries", {})),
    )


def _add_node(nodes: dict[str, NodeFact], entity: GoldEntity) -> str:
    nid = node_id(entity.label, entity.name)
    if nid not in nodes:
        nodes[nid] = NodeFact(
            id=nid,
            label=entity.label,
            name=entity.name,
            aliases=list(entity.aliases),
            props=dict(entity.props),
        )
    return nid


def gold_to_facts(gold: Gold) -> list[DocumentFacts]:
    """One DocumentFacts per gold document (inferred relations are left to inference)."""
    by_name = {}
    for entity in gold.entities:
        by_name.setdefault(entity.name, entity)
    facts = []
    for doc_id, meta in sorted(gold.documents.items()):
        document = DocumentMeta(
            id=doc_id, title=meta.get("title", ""), date=meta.get("date"), checksum=f"gold:{doc_id}"
        )
        nodes: dict[str, NodeFact] = {}
        add = partial(_add_node, nodes)
        for entity in gold.entities:
            if doc_id in entity.docs:
                add(entity)
        edges = [
            EdgeFact(
                type=rel.type,
                source=add(by_name[rel.source]),
                target=add(by_name[rel.target]),
                props=dict(rel.props),
                confidence=0.9,
            )
            for rel in gold.relations
            if doc_id in rel.docs and not rel.inferred
        ]
        facts.append(DocumentFacts(document=document, nodes=list(nodes.values()), edges=edges))
    return facts
