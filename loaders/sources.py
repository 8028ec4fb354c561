"""Inputs of `govkg load`: facts files (the output of `govkg extract`) or articles."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from graph.errors import InvalidFactsError
from graph.model import FACTS_FORMAT, DocumentFacts
from loaders.pipeline import extract_paths

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
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                facts = DocumentFacts.from_json(line)
                facts.validate()
            except InvalidFactsError as exc:
                on_failure((f"{path}#L{number}", str(exc)))
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
