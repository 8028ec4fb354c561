"""Noun-phrase boundaries by morphological analysis, only where a name ends.

Analysing every sentence with Kiwi would cap throughput far below 1 MB/s, so the
extractor finds the right end of a candidate name by cheap rules (a suffix such
as 사업 or 펀드) and asks Kiwi only where that name begins.
"""

from __future__ import annotations

from functools import cache

from kiwipiepy import Kiwi

_NOMINAL = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "XSN", "XPN", "W_SERIAL", "W_HASHTAG"})
# Joiners that keep a name together: 비대면·디지털 우대보증, AI-빅데이터.
_JOINERS = frozenset({"·", "‧", "ㆍ", "-", "+", "&"})
# Words that open a noun phrase without belonging to the name.
LEADING_NOISE = frozenset(
    {
        "이번",
        "이날",
        "올해",
        "내년",
        "지난해",
        "작년",
        "해당",
        "관련",
        "주요",
        "각",
        "동",
        "본",
        "기존",
        "신규",
        "향후",
        "우선",
        "또",
        "또한",
        "총",
        "약",
        "및",
        "등",
        "전",
        "현",
        "당",
        "이",
        "그",
        "해",
        "범부처",
        "정부",
        "국가",
        "중점",
        "핵심",
        "대표",
        "추가",
        "다양",
        "전국",
        "지역별",
        "분야별",
        "부처별",
        "기관별",
        "별도",
    }
)
_WINDOW = 48


@cache
def _kiwi() -> Kiwi:
    return Kiwi()


def phrase_start(text: str, head: int, end: int, floor: int = 0) -> int:
    """Where the noun phrase ending in the head word ``text[head:end]`` begins.

    The head (a suffix word such as 바우처) is known; only what precedes it is
    analysed, which also keeps Kiwi from splitting an unknown head word.

    >>> text = "중소기업을 위한 비대면 서비스 바우처 등"
    >>> text[phrase_start(text, text.index("바우처"), text.index(" 등")):text.index(" 등")]
    '비대면 서비스 바우처'
    """
    window_start = max(floor, head - _WINDOW)
    window = text[window_start:head]
    tokens = _kiwi().tokenize(window) if window.strip() else []
    start = head
    for token in reversed(tokens):
        token_end = token.start + token.len
        gap = window[token_end : (start - window_start)]
        if gap.strip(" ") and gap.strip(" ") not in _JOINERS:
            break  # punctuation or a quote between words ends the phrase
        if token.tag in _NOMINAL or token.form in _JOINERS:
            start = window_start + token.start
            continue
        break
    words = text[start:end].split(" ")
    while len(words) > 1 and (words[0] in LEADING_NOISE or words[0].endswith("별")):
        start += len(words[0]) + 1
        words = words[1:]
    while start < end and text[start] in _JOINERS:
        start += 1
    return start
