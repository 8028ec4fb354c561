"""One article in, its facts out: a pure function of the text and the gazetteer."""

from __future__ import annotations

from graph.model import DocumentFacts, DocumentMeta, NodeFact
from loaders.gazetteer import Gazetteer, default_gazetteer
from loaders.mentions import find_mentions
from loaders.reading import Article
from loaders.relations import extract_relations
from loaders.sentences import split_sentences


def document_text(article: Article) -> str:
    """The text evidence offsets index: the title as first paragraph, then the body."""
    title = article.title.strip()
    if not title or article.text.startswith(title):
        return article.text
    return f"{title}\n\n{article.text}"


def extract_article(article: Article, gazetteer: Gazetteer | None = None) -> DocumentFacts:
    gazetteer = gazetteer or default_gazetteer()
    text = document_text(article)
    sentences = split_sentences(text)
    mentions = find_mentions(text, sentences, gazetteer)
    edges = extract_relations(text, article.id, article.date, sentences, mentions)
    used = {e.source for e in edges} | {e.target for e in edges}
    nodes = [
        NodeFact(
            id=node.id,
            label=node.label,
            name=node.name,
            aliases=sorted(node.aliases - {node.name}),
            props={k: v for k, v in sorted(node.props.items()) if v is not None},
            mentions=max(node.mentions, 1),
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
    return facts


def _dedupe(edges):
    """One edge per (type, source, target): evidence and properties folded together."""
    from graph.model import edge_key

    merged = {}
    for edge in edges:
        key = edge_key(edge.type, edge.source, edge.target)
        if key not in merged:
            merged[key] = edge
            if key != (edge.type, edge.source, edge.target):
                edge.source, edge.target = key[1], key[2]
            continue
        kept = merged[key]
        kept.evidence.extend(e for e in edge.evidence if e not in kept.evidence)
        kept.confidence = max(kept.confidence, edge.confidence)
        for k, v in edge.props.items():
            kept.props.setdefault(k, v)
    return [merged[k] for k in sorted(merged)]
