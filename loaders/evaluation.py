"""Scoring an exported graph against a hand-made gold graph.

Entities match on label plus name or alias (spacing-insensitive); relations on
type plus matched endpoints (PARTNERS_WITH either way round). Recall counts the
gold items marked required; precision counts every predicted item, and one that
matches an optional gold item is correct, not spurious.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import DocumentFacts
from graph.schema import DOCUMENT_LABEL, MENTIONED_IN, RELATIONS, name_key
from loaders.gold import Gold, GoldEntity, GoldRelation


@dataclass(slots=True)
class Score:
    true_positives: int = 0
    predicted: int = 0
    required: int = 0
    required_found: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.required_found / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.predicted,
            "correct": self.true_positives,
            "required": self.required,
            "required_found": self.required_found,
        }


@dataclass(slots=True)
class Evaluation:
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    entities_by_label: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations_by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    missed_entities: list[str] = field(default_factory=list)
    spurious_entities: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    absent_found: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    spurious_relations: list[str] = field(default_factory=list)
    property_errors: list[str] = field(default_factory=list)

    def absorb(self, other: Evaluation, doc_id: str) -> None:
        """Add one document's evaluation to this one (its items named by the document)."""
        for mine, theirs in ((self.entities, other.entities), (self.relations, other.relations)):
            _add_score(mine, theirs)
        for mine_by, theirs_by in (
            (self.entities_by_label, other.entities_by_label),
            (self.relations_by_type, other.relations_by_type),
        ):
            for key, score in theirs_by.items():
                _add_score(mine_by[key], score)
        for name in _ITEM_LISTS:
            getattr(self, name).extend(f"{doc_id}: {item}" for item in getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "entities": self.entities.as_dict(),
            "relations": self.relations.as_dict(),
            "entities_by_label": {
                k: v.as_dict() for k, v in sorted(self.entities_by_label.items())
            },
            "relations_by_type": {
                k: v.as_dict() for k, v in sorted(self.relations_by_type.items())
            },
            "missed_entities": self.missed_entities,
            "spurious_entities": self.spurious_entities,
            "duplicates": self.duplicates,
            "absent_found": self.absent_found,
            "missed_relations": self.missed_relations,
            "spurious_relations": self.spurious_relations,
            "property_errors": self.property_errors,
        }


_ITEM_LISTS = (
    "missed_entities",
    "spurious_entities",
    "duplicates",
    "absent_found",
    "missed_relations",
    "spurious_relations",
    "property_errors",
)


def _add_score(total: Score, part: Score) -> None:
    total.true_positives += part.true_positives
    total.predicted += part.predicted
    total.required += part.required
    total.required_found += part.required_found


def evaluate_documents(
    gold: Gold,
    graphs: dict[str, dict[str, list[dict[str, Any]]]],
    sentences: dict[str, list[str]] | None = None,
) -> Evaluation:
    """Score each document's own graph against what the gold says of that document.

    This is the guide's yardstick (what an analyst wants from THAT article): an entity
    found in one article is not credited by its gold record in another. Cross-document
    (inferred) relations are left out. ``sentences`` (per document) let a miss be shown
    with the sentence that names it.
    """
    total = Evaluation()
    for doc_id in sorted(gold.documents):
        graph = graphs.get(doc_id, {"nodes": [], "edges": []})
        one = evaluate(gold.for_document(doc_id), graph, (sentences or {}).get(doc_id))
        total.absorb(one, doc_id)
    return total


def _sentence_naming(names: tuple[str, ...], sentences: list[str] | None) -> str:
    keys = [name_key(n) for n in names if n]
    for sentence in sentences or ():
        compact = name_key(sentence)
        if any(k and k in compact for k in keys):
            return f"  « {_short(sentence)} »"
    return ""


def _sentence_naming_both(
    first: tuple[str, ...], second: tuple[str, ...], sentences: list[str] | None
) -> str:
    """The first sentence naming both ends of a relation, else one naming the first."""
    both = [
        s for s in sentences or () if _sentence_naming(first, [s]) and _sentence_naming(second, [s])
    ]
    return _sentence_naming(first, both) if both else _sentence_naming(first, sentences)


def _short(sentence: str, width: int = 160) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= width else sentence[: width - 1] + "…"


def _gold_keys(entity: GoldEntity) -> set[str]:
    return {name_key(n) for n in (entity.name, *entity.aliases)}


def _node_keys(node: dict[str, Any]) -> set[str]:
    return {name_key(n) for n in (node["name"], *node.get("aliases", []))}


def _match_entities(gold: Gold, nodes: list[dict[str, Any]]) -> dict[str, GoldEntity]:
    """Predicted node id -> the gold entity it stands for."""
    index: dict[tuple[str, str], GoldEntity] = {}
    for entity in gold.entities:
        for key in _gold_keys(entity):
            index.setdefault((entity.label, key), entity)
    matches: dict[str, GoldEntity] = {}
    for node in nodes:
        # The node's own name decides first; aliases only when the name matches nothing.
        for key in [name_key(node["name"]), *sorted(_node_keys(node))]:
            entity = index.get((node["label"], key))
            if entity is not None:
                matches[node["id"]] = entity
                break
    return matches


def _relation_key(rel_type: str, source: str, target: str) -> tuple[str, str, str]:
    if RELATIONS[rel_type].symmetric and target < source:
        source, target = target, source
    return (rel_type, source, target)


def evaluate(
    gold: Gold, graph: dict[str, list[dict[str, Any]]], sentences: list[str] | None = None
) -> Evaluation:
    """Score an export (``{"nodes", "edges"}``) against ``gold``."""
    result = Evaluation()
    nodes = [n for n in graph["nodes"] if n["label"] != DOCUMENT_LABEL]
    matches = _match_entities(gold, nodes)
    absent = {name_key(a): a for a in gold.absent}
    matched_by: dict[str, list[str]] = defaultdict(list)
    for node in nodes:
        label_score = result.entities_by_label[node["label"]]
        result.entities.predicted += 1
        label_score.predicted += 1
        entity = matches.get(node["id"])
        hits = [absent[k] for k in _node_keys(node) if k in absent]
        result.absent_found += hits
        if entity is None:
            result.spurious_entities.append(f"{node['label']} {node['name']}")
            continue
        matched_by[entity.name + "|" + entity.label].append(node["id"])
        if len(matched_by[entity.name + "|" + entity.label]) == 1:
            result.entities.true_positives += 1
            label_score.true_positives += 1
        else:
            result.duplicates.append(f"{entity.label} {entity.name}")
    for entity in gold.entities:
        if not entity.required:
            continue
        result.entities.required += 1
        result.entities_by_label[entity.label].required += 1
        if matched_by.get(entity.name + "|" + entity.label):
            result.entities.required_found += 1
            result.entities_by_label[entity.label].required_found += 1
        else:
            result.missed_entities.append(
                f"{entity.label} {entity.name}"
                + _sentence_naming((entity.name, *entity.aliases), sentences)
            )

    gold_relations: dict[tuple[str, str, str], GoldRelation] = {}
    for rel in gold.relations:
        gold_relations.setdefault(_relation_key(rel.type, rel.source, rel.target), rel)
    found: set[tuple[str, str, str]] = set()
    for edge in graph["edges"]:
        if edge["type"] == MENTIONED_IN:
            continue
        type_score = result.relations_by_type[edge["type"]]
        result.relations.predicted += 1
        type_score.predicted += 1
        source, target = matches.get(edge["source"]), matches.get(edge["target"])
        key = (
            _relation_key(edge["type"], source.name, target.name)
            if source is not None and target is not None
            else None
        )
        rel = gold_relations.get(key) if key else None
        if rel is None or key in found:
            evidence = edge.get("evidence") or []
            said = f"  « {_short(evidence[0]['sentence'])} »" if evidence else ""
            rules = f" [{', '.join(edge['rules'])}]" if edge.get("rules") else ""
            result.spurious_relations.append(
                f"{edge['type']} {edge['source']} -> {edge['target']}{rules}{said}"
            )
            continue
        found.add(key)
        result.relations.true_positives += 1
        type_score.true_positives += 1
        expected_props = dict(rel.props)
        if rel.type == "FUNDS":
            # A funder's amount is its own stated contribution: none stated, none expected.
            expected_props.setdefault("amount_krw", None)
        for prop, expected in expected_props.items():
            if edge.get(prop) != expected:
                result.property_errors.append(
                    f"{rel.type} {rel.source} -> {rel.target}: {prop}={edge.get(prop)!r}, "
                    f"expected {expected!r}"
                )
    for key, rel in gold_relations.items():
        if not rel.required:
            continue
        result.relations.required += 1
        result.relations_by_type[rel.type].required += 1
        if key in found:
            result.relations.required_found += 1
            result.relations_by_type[rel.type].required_found += 1
        else:
            names = [
                tuple(n for e in (gold.entity(end),) if e for n in (e.name, *e.aliases)) or (end,)
                for end in (rel.source, rel.target)
            ]
            said = _sentence_naming_both(names[0], names[1], sentences)
            result.missed_relations.append(f"{rel.type} {rel.source} -> {rel.target}{said}")
    return result


def evaluate_articles(
    gold: Gold, paths: Iterable[Path | str], on_failure: Callable[[tuple[str, str]], None]
) -> Evaluation:
    """Extract every article under ``paths`` and score it with `evaluate_documents`."""
    from graph.identity import path_id
    from loaders.extract import trace_article
    from loaders.reading import ReadFailure, iter_articles

    graphs: dict[str, dict[str, list[dict[str, Any]]]] = {}
    sentences: dict[str, list[str]] = {}
    for article in iter_articles(paths):
        if isinstance(article, ReadFailure):
            on_failure((article.path, article.reason))
            continue
        trace = trace_article(article)
        # Gold sets written before ids came from URLs name an article by its file: both
        # names find it.
        for name in {article.id, path_id(article.path or article.id)}:
            graphs[name] = facts_graph(trace.facts)
            sentences[name] = [s.text for s in trace.sentences]
    return evaluate_documents(gold, graphs, sentences)


def facts_graph(facts: DocumentFacts) -> dict[str, list[dict[str, Any]]]:
    """One document's facts in the export's shape (what `evaluate` reads)."""
    nodes = [
        {"id": n.id, "label": n.label, "name": n.name, "aliases": list(n.aliases), **n.props}
        for n in facts.nodes
    ]
    edges = [
        {
            "type": e.type,
            "source": e.source,
            "target": e.target,
            **e.props,
            "rules": list(e.rules),
            "evidence": [{"doc": ev.doc, "sentence": ev.sentence} for ev in e.evidence],
        }
        for e in facts.edges
    ]
    return {"nodes": nodes, "edges": edges}
