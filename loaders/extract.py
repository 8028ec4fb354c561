"""One article in, its facts out: a pure function of the text and the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import DocumentFacts, DocumentMeta, NodeFact
from loaders.clauses import Extracted
from loaders.gazetteer import Gazetteer, default_gazetteer
from loaders.mentions import DocumentMentions, find_mentions
from loaders.reading import Article
from loaders.relations import extract_relations
from loaders.rules import RuleSet
from loaders.sentences import Sentence, split_sentences


def document_text(article: Article) -> str:
    """The text evidence offsets index: the title as first paragraph, then the body."""
    title = article.title.strip()
    if not title or article.text.startswith(title):
        return article.text
    return f"{title}\n\n{article.text}"


@dataclass(slots=True)
class Trace:
    """Everything one extraction saw: what ``govkg explain`` shows."""

    text: str
    sentences: list[Sentence]
    mentions: DocumentMentions
    extracted: Extracted
    facts: DocumentFacts


def trace_article(
    article: Article, gazetteer: Gazetteer | None = None, rules: RuleSet | None = None
) -> Trace:
    gazetteer = gazetteer or default_gazetteer()
    text = document_text(article)
    sentences = split_sentences(text)
    mentions = find_mentions(text, sentences, gazetteer, article.date)
    extracted = extract_relations(text, article.id, article.date, sentences, mentions, rules)
    edges = extracted.edges
    used = {e.source for e in edges} | {e.target for e in edges}
    nodes = [
        NodeFact(
            id=node.id,
            label=node.label,
            name=node.name,
            aliases=sorted(node.aliases - {node.name}),
            props={k: v for k, v in sorted(node.props.items()) if v is not None},
            mentions=max(node.mentions, 1),
            rules=sorted(node.rules),
            stated={k: v for k, v in sorted(node.stated.items()) if k in node.props},
        )
        for node in sorted(mentions.nodes.values(), key=lambda n: n.id)
        if node.mentions or node.id in used
    ]
    document = DocumentMeta(
        id=article.id,
        title=article.title,
        date=article.date,
        outlet=article.outlet,
        author=article.author,
        url=article.url,
        path=article.path,
        checksum=article.checksum,
    )
    facts = DocumentFacts(document=document, nodes=nodes, edges=_dedupe(edges))
    facts.validate()
    return Trace(text, sentences, mentions, extracted, facts)


def extract_article(
    article: Article, gazetteer: Gazetteer | None = None, rules: RuleSet | None = None
) -> DocumentFacts:
    return trace_article(article, gazetteer, rules).facts


def _dedupe(edges):
    """One edge per (type, source, target): evidence and properties folded together."""
    from graph.model import edge_key

    merged = {}
    # Evidence already kept per edge, as a set: a fact stated thousands of times in one
    # text costs linear time, not quadratic.
    kept_evidence = {}
    for edge in edges:
        key = edge_key(edge.type, edge.source, edge.target)
        if key not in merged:
            merged[key] = edge
            kept_evidence[key] = set(edge.evidence)
            if key != (edge.type, edge.source, edge.target):
                edge.source, edge.target = key[1], key[2]
            continue
        kept, seen = merged[key], kept_evidence[key]
        for e in edge.evidence:
            if e not in seen:
                seen.add(e)
                kept.evidence.append(e)
        kept.confidence = max(kept.confidence, edge.confidence)
        kept.rules.extend(r for r in edge.rules if r not in kept.rules)
        for k, v in edge.props.items():
            kept.props.setdefault(k, v)
    return [merged[k] for k in sorted(merged)]
