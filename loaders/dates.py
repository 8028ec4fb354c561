"""Dates in Korean news text, resolved against the article's publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_ABSOLUTE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s?년\s?(?P<m>1[0-2]|0?[1-9])\s?월(?:\s?(?P<d>3[01]|[12]\d|0?[1-9])\s?일)?"
)
_MONTH_DAY = re.compile(
    r"(?P<rel>지난달|이달|다음달|지난\s|오는\s)?\s?(?P<m>1[0-2]|0?[1-9])\s?월\s?(?P<d>3[01]|[12]\d|0?[1-9])\s?일"
)
_REL_MONTH_DAY = re.compile(r"(?P<rel>지난달|이달|다음달)\s?(?P<d>3[01]|[12]\d|0?[1-9])\s?일")
_DAY = re.compile(
    r"(?<![\d월.])(?P<rel>지난\s|오는\s)?(?P<d>3[01]|[12]\d|0?[1-9])일(?:\s|에|부터|까지|,|\))"
)
_MONTH = re.compile(r"(?P<rel>지난\s|오는\s)(?P<m>1[0-2]|0?[1-9])\s?월")
_YEAR_WORD = re.compile(r"(?P<w>올해|내년|지난해|작년|전년|재작년)")


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    value: str  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    text: str


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d is not None and m is not None:
            return date(y, m, d).isoformat()
    except ValueError:
        return None
    if m is not None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}"


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    index = y * 12 + (m - 1) + delta
    return index // 12, index % 12 + 1


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Dates in ``text``; relative ones need the publication date (ISO) to resolve.

    >>> [d.value for d in find_dates("지난달 26일 첫 회의를 열었다", "2020-04-16")]
    ['2020-03-26']
    >>> [d.value for d in find_dates("정부는 16일 회의를 개최했다", "2020-04-16")]
    ['2020-04-16']
    >>> [d.value for d in find_dates("내년부터 지원한다", "2020-11-26")]
    ['2021']
    """
    ref = date.fromisoformat(published) if published else None
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: str | None) -> None:
        if value is None or any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append((match.start(), match.end()))
        found.append(DateMention(match.start(), match.end(), value, match.group().strip()))

    for m in _ABSOLUTE.finditer(text):
        add(m, _iso(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None))
    if ref is None:
        return sorted(found, key=lambda d: d.start)
    for m in _REL_MONTH_DAY.finditer(text):
        delta = {"지난달": -1, "이달": 0, "다음달": 1}[m["rel"]]
        y, mo = _shift_month(ref.year, ref.month, delta)
        add(m, _iso(y, mo, int(m["d"])))
    for m in _MONTH_DAY.finditer(text):
        y, mo, d = ref.year, int(m["m"]), int(m["d"])
        rel = (m["rel"] or "").strip()
        if rel in ("지난", "") and (mo, d) > (ref.month, ref.day) and rel == "지난":
            y -= 1
        if rel == "오는" and (mo, d) < (ref.month, ref.day):
            y += 1
        add(m, _iso(y, mo, d))
    for m in _MONTH.finditer(text):
        y, mo = ref.year, int(m["m"])
        if m["rel"].strip() == "지난" and mo > ref.month:
            y -= 1
        if m["rel"].strip() == "오는" and mo < ref.month:
            y += 1
        add(m, _iso(y, mo))
    for m in _DAY.finditer(text):
        d = int(m["d"])
        y, mo = ref.year, ref.month
        # A bare day later than the publication day points to last month (news is past tense).
        if d > ref.day and (m["rel"] or "").strip() != "오는":
            y, mo = _shift_month(y, mo, -1)
        add(m, _iso(y, mo, d))
    for m in _YEAR_WORD.finditer(text):
        delta = {"올해": 0, "내년": 1, "지난해": -1, "작년": -1, "전년": -1, "재작년": -2}[m["w"]]
        add(m, _iso(ref.year + delta))
    return sorted(found, key=lambda d: d.start)
