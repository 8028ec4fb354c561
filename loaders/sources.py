"""Inputs of `govkg load`: facts files (the output of `govkg extract`) or articles."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graph.errors import InvalidFactsError
from graph.identity import is_path_id, path_id
from graph.model import FACTS_FORMAT, DocumentFacts
from graph.schema import document_node_id
from graph.stores.base import GraphStore
from loaders.pipeline import extract_paths
from loaders.reading import Article, iter_articles

Failure = tuple[str, str]


def is_facts_file(path: Path) -> bool:
    """A .jsonl file whose first record declares the facts format."""
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    return isinstance(record, dict) and record.get("format") == FACTS_FORMAT
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return False


def read_facts_file(path: Path, on_failure: Callable[[Failure], None]) -> Iterator[DocumentFacts]:
    with path.open(encoding="utf-8") as handle:
        lines = ((f"{path}#L{n}", line) for n, line in enumerate(handle, start=1))
        yield from valid_facts(((w, line) for w, line in lines if line.strip()), on_failure)


def valid_facts(
    lines: Iterable[tuple[str, object]], on_failure: Callable[[Failure], None]
) -> Iterator[DocumentFacts]:
    """The documents of (where, JSON line) pairs; one that does not parse or validate is
    reported as a one-line skip and the rest go on."""
    for where, line in lines:
        try:
            if not isinstance(line, str):
                raise InvalidFactsError("a facts row must hold a JSON string")
            facts = DocumentFacts.from_json(line)
            facts.validate()
        except InvalidFactsError as exc:
            on_failure((where, str(exc)))
            continue
        yield facts


def read_inputs(
    paths: Iterable[Path], on_failure: Callable[[Failure], None], *, workers: int = 1
) -> Iterator[DocumentFacts]:
    """Facts from every input: facts files as they are, everything else extracted."""
    articles: list[Path] = []
    for path in paths:
        if not path.exists():
            on_failure((str(path), "no such file or directory"))
        elif is_facts_file(path):
            yield from read_facts_file(path, on_failure)
        else:
            articles.append(path)
    if articles:
        yield from extract_paths(articles, on_failure, workers=workers)


def stored_ids_for(store: GraphStore, path: Path) -> list[str]:
    """The stored documents that loading ``path`` gave, by the ids ``load`` derives.

    A file named alone is first taken as loaded by itself (its stem, its URL's id), then,
    if no document of that id is stored, as loaded from each folder above it (``a/x``
    for ``a/x.txt`` loaded from the folder holding ``a``), matching the stored path too.
    """

    def stored_path(doc_id: str) -> str | None:
        found = store.nodes([document_node_id(doc_id)])
        return found[0].get("path") if found else None

    ids: list[str] = []
    for article in iter_articles([path]):
        if not isinstance(article, Article):
            continue
        if path.is_dir() or not is_path_id(article.id, article.path) or stored_path(article.id):
            ids.append(article.id)
            continue
        record = (article.path or "")[len(path.name) :]  # "#L3" of a JSON Lines record
        full = path.absolute()
        relatives = (full.relative_to(root).as_posix() + record for root in full.parents[1:])
        matches = (path_id(r) for r in relatives if stored_path(path_id(r)) == r)
        ids.append(next(matches, article.id))
    return ids
