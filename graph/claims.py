"""What each document said a single-valued property is, so that disagreements show.

A record keeps one value per property (`graph.merge`), but a fund's size, a funder's
contribution or an event's date should have one value across the corpus. Every
document's value is kept beside it as a claim: ``key, value, document, sentence``
joined by tabs, in a sorted list (``claims``) that merges as a set union on both
stores. A property with claims of two or more values is conflicted. Values are
compared in one canonical form, so 240억 원, 240억원 and 2.4e10 (all 24000000000
once read) agree.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

# Properties that should have one value: a fund's size and a meeting's date on nodes; a
# funder's contribution, the date of a reorganisation, and a meeting's date on edges. A
# programme's budget changes from year to year and partners sign agreements more than
# once: neither is claimed.
NODE_CLAIMS = {"Fund": ("amount_krw",), "Meeting": ("date",)}
EDGE_CLAIMS = {"FUNDS": ("amount_krw",), "SUCCEEDS": ("date",), "HOSTS": ("date",)}
_SEP = "\t"


def node_claimed(label: str) -> tuple[str, ...]:
    return NODE_CLAIMS.get(label, ())


def edge_claimed(rel_type: str, target_label: str | None) -> tuple[str, ...]:
    if rel_type == "HOSTS" and target_label != "Meeting":
        return ()
    return EDGE_CLAIMS.get(rel_type, ())


def canonical(value: Any) -> str:
    """A value as claims compare it.

    >>> canonical(24000000000), canonical(2.4e10), canonical("2020-04-16"), canonical(True)
    ('24000000000', '24000000000', '2020-04-16', 'true')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def claim(key: str, value: Any, doc: str, sentence: str | None) -> str:
    text = " ".join((sentence or "").split())  # no tab or newline inside a claim
    return _SEP.join((key, canonical(value), doc, text))


def claims_of(
    keys: tuple[str, ...], props: dict[str, Any], doc: str, sentences: dict[str, str]
) -> list[str]:
    """One document's claims for the properties ``keys`` of a record (sentences by key)."""
    return sorted(
        claim(key, props[key], doc, sentences.get(key))
        for key in keys
        if props.get(key) is not None
    )


def disputed(record: dict[str, Any]) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """The conflicted properties of a record: value → [(document, sentence)], by key."""
    values: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for item in record.get("claims", ()):
        key, value, doc, sentence = item.split(_SEP, 3)
        values[key][value].append((doc, sentence))
    return {k: dict(v) for k, v in sorted(values.items()) if len(v) > 1}


def conflicted(record: dict[str, Any]) -> bool:
    return bool(disputed(record))
