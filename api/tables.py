"""Query rows as rich tables for the command line: lists joined, big numbers grouped."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from rich.table import Table

from api.output import WholeNumberTable, unbreakable_width

# Keys that name a nested object best, in order of preference.
_LABEL_KEYS = ("name", "id")


def cell(value: Any) -> str:
    """One value as table text.

    >>> cell(24000000000)
    '24,000,000,000'
    >>> cell(["KT", "중소벤처기업부"])
    'KT, 중소벤처기업부'
    >>> cell([{"doc": "d1", "sentence": "A."}, {"doc": "d2", "sentence": "B."}])
    '“A.” (d1)\\n“B.” (d2)'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, dict):
        return _object(value)
    if isinstance(value, list | tuple):
        parts = [cell(v) for v in value]
        nested = any(isinstance(v, dict) for v in value)
        return ("\n" if nested else ", ").join(parts)
    return str(value)


def _object(value: dict[str, Any]) -> str:
    """A nested object: its sentence or name if it has one, else its fields but ids.

    >>> _object({"funder": "KT", "funder_id": "company:kt", "amount_krw": 24000000000})
    'KT: 24,000,000,000'
    """
    if "sentence" in value:
        return f"“{value['sentence']}”" + (f" ({value['doc']})" if value.get("doc") else "")
    for key in _LABEL_KEYS:
        if key in value:
            return str(value[key])
    shown = [cell(v) for k, v in value.items() if not k.endswith("_id")]
    shown = [s for s in shown if s]
    if not shown:
        return json.dumps(value, ensure_ascii=False)
    return shown[0] + (": " + ", ".join(shown[1:]) if len(shown) > 1 else "")


def rows_table(
    title: str, columns: Sequence[str], rows: Iterable[dict[str, Any]], *, ids: bool = False
) -> Table:
    """A table of query rows; ``x_id`` columns beside an ``x`` column only when ``ids``."""
    rows = list(rows)
    names = list(columns) or (list(rows[0]) if rows else [])
    if not ids:
        names = [n for n in names if not (n.endswith("_id") and n[:-3] in names)]
    count = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    table = WholeNumberTable(title=f"{title} ({count})", show_lines=True)
    texts = [[cell(row.get(name)) for name in names] for row in rows]
    for i, name in enumerate(names):
        # A column is never narrower than its longest number or date, so neither is split.
        widest = unbreakable_width(t[i] for t in texts)
        table.add_column(name, overflow="fold", min_width=widest or None)
    for values in texts:
        table.add_row(*values)
    return table
