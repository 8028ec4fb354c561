"""Amounts of money in Korean text, normalised to whole won (KRW)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
# One part: a number, an optional small unit (2천), an optional big unit (억): 2천억, 240억, 5000
_PART_TEXT = r"\d[\d,]*(?:\.\d+)?\s?(?:[천백십](?=\s?[조억만원]))?\s?[조억만]?"
# 1조 2천억 원, 1조2000억원, 240억원, 4600억 원, 30억원, 3천만원, 1.5조원, 100달러
_AMOUNT = re.compile(rf"(?P<parts>{_PART_TEXT}(?:\s?{_PART_TEXT})*?)\s?(?P<currency>원|달러)")
_PART = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?([천백십]?)\s?([조억만]?)")


@dataclass(frozen=True, slots=True)
class Money:
    start: int
    end: int
    amount_krw: int
    text: str


def parse_amount(expression: str) -> int | None:
    """Whole won for an amount expression; None if it is not one.

    >>> parse_amount("240억원"), parse_amount("1조 2천억 원"), parse_amount("3천만원")
    (24000000000, 1200000000000, 30000000)
    """
    total = 0
    matched = False
    for number, small, big in _PART.findall(expression):
        matched = True
        value = float(number.replace(",", "")) * _SMALL.get(small, 1) * _BIG.get(big, 1)
        total += round(value)
    return total if matched else None


def find_money(text: str) -> list[Money]:
    """Every KRW amount in ``text`` (dollar amounts are skipped)."""
    found = []
    for match in _AMOUNT.finditer(text):
        if match.group("currency") != "원":
            continue
        amount = parse_amount(match.group("parts"))
        if amount:
            found.append(Money(match.start(), match.end(), amount, match.group()))
    return found
