"""Noun-phrase boundaries by morphological analysis, only where a name ends.

Analysing every sentence with Kiwi would cap throughput far below 1 MB/s, so the
extractor finds the right end of a candidate name by cheap rules (a suffix such
as 사업 or 펀드) and asks Kiwi only where that name begins.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from kiwipiepy import Kiwi

from loaders.lexicon import words

_NOMINAL = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "XSN", "XPN", "W_SERIAL", "W_HASHTAG"})
# Joiners that keep a name together: 비대면·디지털 우대보증, AI-빅데이터.
_JOINERS = frozenset({"·", "‧", "ㆍ", "-", "+", "&"})
# Words that open a noun phrase without belonging to the name.
LEADING_NOISE = frozenset(words("names.leading_noise"))


@cache
def _kiwi() -> Kiwi:
    return Kiwi()


_CLOSERS = "'’\"”」』)]>"
# 해수부 출자 해양신산업 전용펀드, 과기정통부 주관 X: a funder's or host's noun ends the name.
_ACTION_NOUNS = frozenset(("출자", "출연", "주관", "주최", "후원"))
_PARTICLES = frozenset(
    [
        "의",
        "을",
        "를",
        "은",
        "는",
        "이",
        "가",
        "와",
        "과",
        "에",
        "로",
        "으로",
        "도",
        "에서",
        "과의",
        "와의",
    ]
)
_WORD_CHARS = re.compile(r"[가-힣A-Za-z0-9·‧ㆍ\-+&]+$")
_MAX_WORDS = 7


@lru_cache(maxsize=200_000)
def is_nominal_word(word: str) -> bool:
    """True when every morpheme of ``word`` is nominal (no particle, ending or verb).

    Cached per word: a news corpus repeats its vocabulary, so Kiwi runs once per
    distinct word and process, not once per occurrence.
    """
    tokens = _kiwi().tokenize(word)
    return bool(tokens) and all(t.tag in _NOMINAL or t.form in _JOINERS for t in tokens)


@lru_cache(maxsize=100_000)
def short_tags(context: str) -> tuple[tuple[str, str, int], ...]:
    """Kiwi's (form, tag, start) for a short stretch of text, cached: the few characters
    around a name repeat across a corpus (최기영 장관, 지낸 박양우)."""
    return tuple((t.form, t.tag, t.start) for t in _kiwi().tokenize(context))


_ORDINAL = re.compile(r"\d{1,2}차")
_ORDINAL_OR_YEAR = re.compile(r"\d{1,2}차|(?:19|20)\d{2}년도?")


def phrase_start(text: str, head: int, end: int, floor: int = 0) -> int:
    """Where the noun phrase ending in the head word ``text[head:end]`` begins.

    The head (a suffix word such as 바우처) is known; the words before it are
    taken while each is purely nominal (checked by Kiwi, one word at a time).

    >>> text = "중소기업을 위한 비대면 서비스 바우처 등"
    >>> text[phrase_start(text, text.index("바우처"), text.index(" 등")):text.index(" 등")]
    '비대면 서비스 바우처'
    """
    # The head's own word: letters attached before the head belong to the name.
    attached = _WORD_CHARS.search(text, max(floor, head - 30), head)
    start = attached.start() if attached else head
    if attached and not is_nominal_word(attached.group()):
        return head
    for _ in range(_MAX_WORDS):
        if start - 1 < floor or text[start - 1] != " ":
            break
        word = _WORD_CHARS.search(text, max(floor, start - 31), start - 1)
        if word is None or word.end() != start - 1:
            break
        if word.group()[0].isdigit() and not _ORDINAL_OR_YEAR.fullmatch(word.group()):
            break  # 5천억 규모 정책형 뉴딜펀드: amounts and counts are not part of a name
        if word.group() in _PARTICLES and text[word.start() - 1 : word.start()] in _CLOSERS:
            break  # '…혁신사업'의 후속 사업: a particle after a quoted name
        counted = _ORDINAL_OR_YEAR.fullmatch(word.group()) is not None
        if not counted and (word.group() in _ACTION_NOUNS or not is_nominal_word(word.group())):
            break
        start = word.start()
    words = text[start:end].split(" ")
    # 2020년 모태펀드 3차 정시 출자사업: a year and an ordinal inside a name are part of it;
    # an ordinal that would open it (3차 정시 출자사업) counts a round of something unnamed.
    while len(words) > 1 and (
        words[0] in LEADING_NOISE or words[0].endswith("별") or _ORDINAL.fullmatch(words[0])
    ):
        start += len(words[0]) + 1
        words = words[1:]
    while start < end and text[start] in _JOINERS:
        start += 1
    return start
