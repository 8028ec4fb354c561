"""The word lists the extraction rules read: roles, verbs, head words, generic words.

They live in ``loaders/data/lexicon.toml``, one record per list: an id, a description,
the ids of the rules that use it, and its words. The code asks for a list by id, as a
tuple (:func:`words`) or as a compiled alternation (:func:`pattern`), so a linguist
extends a list without touching the code that reads a sentence. The file is validated
when first read; a broken one is refused with the reason.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError

LEXICON_FILE = Path(__file__).with_name("data") / "lexicon.toml"

_ID = re.compile(r"[a-z]+(?:\.[a-z0-9_]+)+\Z")
_KEYS = frozenset({"id", "description", "used_by", "words"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    id: str
    description: str
    used_by: tuple[str, ...]  # ids of the rules (rules.toml) that read this list
    words: tuple[str, ...]


def _strings(raw: object, what: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise ValueError(f"{what} must be a list of non-empty strings")
    if any(w != w.strip() for w in raw):
        raise ValueError(f"{what}: a word with a leading or trailing space")
    seen: set[str] = set()
    for w in raw:
        if w in seen:
            raise ValueError(f"{what}: {w!r} is listed twice")
        seen.add(w)
    return tuple(raw)


def _record(raw: object) -> Lexicon:
    if not isinstance(raw, dict):
        raise ValueError("a [[lexicon]] entry must be a table")
    lexicon_id = raw.get("id")
    if not isinstance(lexicon_id, str) or not _ID.match(lexicon_id):
        raise ValueError(f"lexicon id {lexicon_id!r} is not of the form group.name")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ValueError(f"lexicon {lexicon_id}: unknown key(s) {', '.join(unknown)}")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"lexicon {lexicon_id}: a description is required")
    words = _strings(raw.get("words"), f"lexicon {lexicon_id} words")
    if not words:
        raise ValueError(f"lexicon {lexicon_id}: no words")
    used_by = _strings(raw.get("used_by", []), f"lexicon {lexicon_id} used_by")
    return Lexicon(lexicon_id, description.strip(), used_by, words)


def load_lexicons(path: str | Path = LEXICON_FILE) -> dict[str, Lexicon]:
    """Every list of a lexicon file by id; InputError (one line) if the file is broken."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        records = data.get("lexicon")
        if set(data) != {"lexicon"} or not isinstance(records, list):
            raise ValueError("the file must hold [[lexicon]] records only")
        lexicons: dict[str, Lexicon] = {}
        for raw in records:
            lexicon = _record(raw)
            if lexicon.id in lexicons:
                raise ValueError(f"lexicon id {lexicon.id} appears twice")
            lexicons[lexicon.id] = lexicon
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as exc:
        raise InputError(f"{path.name}: {exc}") from None
    return lexicons


@functools.cache
def default_lexicons() -> dict[str, Lexicon]:
    return load_lexicons()


def words(lexicon_id: str) -> tuple[str, ...]:
    """The words of one list, in file order."""
    try:
        return default_lexicons()[lexicon_id].words
    except KeyError:
        raise ValueError(f"no word list {lexicon_id!r} in {LEXICON_FILE.name}") from None


def alternation(*lexicon_ids: str) -> str:
    """A regex alternation of the lists' words, longest first; a space matches an optional one."""
    merged = dict.fromkeys(w for i in lexicon_ids for w in words(i))
    ordered = sorted(merged, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s?") for w in ordered)


@functools.cache
def pattern(*lexicon_ids: str) -> re.Pattern[str]:
    """The compiled alternation of :func:`alternation` (search it for any word of the lists)."""
    return re.compile(alternation(*lexicon_ids))
