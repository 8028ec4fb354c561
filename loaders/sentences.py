"""Sentence splitting with character offsets, by rule (fast) rather than by analysis.

Korean news sentences end in a final ending plus a full stop (…했다. …밝혔다.),
or a question/exclamation mark; paragraphs (blank lines) always end one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A stop followed by white space or a closing quote/bracket then white space; not
# a decimal point (1.5) nor an abbreviation dot inside Latin text (U.S.).
# Pages that lost their line breaks glue sentences together (선정됐다.국토교통부는): a
# final ending's stop followed at once by the next sentence's first letter ends one too.
_BOUNDARY = re.compile(
    r"(?<=[.!?。])[\"'’”」』)\]]*(?=\s)|(?<=[다요]\.)(?=[가-힣A-Z\[(“‘])|\n\s*\n|\n"
)


# The rules cost grows faster than a sentence's length; a "sentence" longer than this (a
# page that lost its punctuation, a table flattened to one line) is cut at spaces into
# pieces no longer than it, so extraction stays linear in the length of the text.
MAX_SENTENCE_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    # A piece of a sentence longer than MAX_SENTENCE_CHARS (facts across a cut are lost).
    cut: bool = False


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into stripped sentences that keep their offsets.

    >>> [s.text for s in split_sentences("첫 문장이다. 둘째 문장.\\n\\n새 문단")]
    ['첫 문장이다.', '둘째 문장.', '새 문단']
    >>> [s.text for s in split_sentences("선정됐다.국토부는 밝혔다. 1.5배다.")]
    ['선정됐다.', '국토부는 밝혔다.', '1.5배다.']
    """
    sentences: list[Sentence] = []
    paragraph = 0
    position = 0
    for match in _BOUNDARY.finditer(text):
        _append(
            sentences,
            text,
            position,
            match.end() if match.group().strip() else match.start(),
            paragraph,
        )
        if "\n" in match.group():
            paragraph += 1 if match.group().count("\n") >= 2 else 0
        position = match.end()
    _append(sentences, text, position, len(text), paragraph)
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    offset = start + (len(chunk) - len(chunk.lstrip()))
    if len(stripped) <= MAX_SENTENCE_CHARS:
        out.append(Sentence(offset, offset + len(stripped), stripped, paragraph))
        return
    for piece_start, piece in _pieces(stripped):
        at = offset + piece_start
        out.append(Sentence(at, at + len(piece), piece, paragraph, cut=True))


def _pieces(sentence: str, bound: int = MAX_SENTENCE_CHARS) -> list[tuple[int, str]]:
    """``sentence`` cut at the last space before every ``bound`` characters (or at the
    bound, in a run with no space), each piece stripped, with its offset.

    >>> _pieces("ab cd ef", bound=5)
    [(0, 'ab cd'), (6, 'ef')]
    """
    pieces: list[tuple[int, str]] = []
    position = 0
    while position < len(sentence):
        end = min(position + bound, len(sentence))
        if end < len(sentence):
            space = sentence.rfind(" ", position + 1, end + 1)
            if space > position:
                end = space
        chunk = sentence[position:end]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            pieces.append((position + lead, chunk.strip()))
        position = end
    return pieces
