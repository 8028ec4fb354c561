"""One article in through the API: read, extract, store, infer; and facts out again."""

from __future__ import annotations

from dataclasses import asdict
from typing import Literal

from api.models import DocumentIn, DocumentPublic, IngestResult
from graph.errors import InputError
from graph.export import public_node
from graph.identity import content_id
from graph.inference import refresh_inferences
from graph.merge import edge_contribution, node_contribution, public_edge, public_path
from graph.model import DocumentFacts
from graph.stores import GraphStore
from loaders.extract import extract_article
from loaders.metadata import parse_date
from loaders.reading import ReadFailure, by_url, read_text_article


def document_public(facts: DocumentFacts) -> DocumentPublic:
    doc = facts.document
    meta = asdict(doc) | {"path": public_path(doc.path)}
    edges = [
        {"type": e.type, "source": e.source, "target": e.target}
        | public_edge(edge_contribution(doc, e))
        for e in facts.edges
    ]
    return DocumentPublic(
        id=doc.id,
        document={k: v for k, v in meta.items() if v is not None},
        nodes=[public_node(node_contribution(doc, n)) for n in facts.nodes],
        edges=edges,
    )


def ingest(store: GraphStore, article_in: DocumentIn) -> IngestResult:
    """Extract one article and apply its facts; a ReadFailure is a 422 with its reason,
    and so is a date given that is no date (files fall back to the text's date; a caller
    who sent one is told)."""
    if article_in.date is not None and article_in.date.strip() and not parse_date(article_in.date):
        raise InputError(
            f"date {article_in.date!r} is not a date: send it as YYYY-MM-DD (or leave it out)"
        )
    article = read_text_article(
        article_in.text,
        doc_id=article_in.id or content_id(article_in.text),
        title=article_in.title,
        date=article_in.date,
        url=article_in.url,
        outlet=article_in.outlet,
    )
    # No id given: the article's URL names it, else the hash of its text.
    article = by_url(article, given_id=bool(article_in.id))
    if isinstance(article, ReadFailure):
        raise InputError(f"{article.path}: {article.reason}")
    facts = extract_article(article)
    report = store.apply([facts])
    status: Literal["added", "replaced", "unchanged"] = (
        "added" if report.added else "replaced" if report.replaced else "unchanged"
    )
    if status != "unchanged":
        refresh_inferences(store)
    public = document_public(facts)
    return IngestResult(status=status, **public.model_dump())
