"""When a fact or an entity holds: the rule every ``as_of`` query applies.

A fact (an edge) holds on a day when the day lies in its valid time. Its start is
``valid_from`` where it is known (from the reference data or the text), else the day
the documents first show it (``first_seen``), or its stated end if that is earlier;
its end is ``valid_to`` (open when unknown). A fact with neither is not known to hold
on any day.

An entity exists on a day from its founding (``founded``, from the gazetteer), else
from the day the documents first name it, until it is dissolved (``dissolved``).

The Cypher statements of the catalogue spell the same rule out (their ``as_of``
filters); the parity tests hold the two to it.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def parse_day(value: str) -> str:
    """``value`` as an ISO day (yyyy-mm-dd), or ValueError saying what is wrong.

    >>> parse_day("2021-03-01")
    '2021-03-01'
    >>> parse_day("2021-02-30")
    Traceback (most recent call last):
    ...
    ValueError: must be a date as yyyy-mm-dd, got '2021-02-30'
    """
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"must be a date as yyyy-mm-dd, got {value!r}") from None


def fact_start(record: dict[str, Any]) -> str | None:
    """The first day a fact is known to hold."""
    if record.get("valid_from"):
        return record["valid_from"]
    seen, end = record.get("first_seen"), record.get("valid_to")
    if seen and end and end < seen:
        return end
    return seen


def fact_holds_on(record: dict[str, Any], day: str) -> bool:
    start = fact_start(record)
    if start is None or start > day:
        return False
    end = record.get("valid_to")
    return end is None or day <= end


def entity_exists_on(record: dict[str, Any], day: str) -> bool:
    start = record.get("founded") or record.get("first_seen")
    if start is None or start > day:
        return False
    dissolved = record.get("dissolved")
    return dissolved is None or day < dissolved


def holds(record: dict[str, Any], day: str | None) -> bool:
    """Whether a fact holds on ``day``; every fact does when no day is asked for."""
    return day is None or fact_holds_on(record, day)


def exists(record: dict[str, Any], day: str | None) -> bool:
    return day is None or entity_exists_on(record, day)
