"""Rows for people and for pipes: a table, CSV, TSV, JSON or JSON Lines.

With no format given, a terminal gets a table and a pipe gets TSV, so ``govkg query … |
cut -f2`` works without a flag.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
import typer
from rich.console import Console, ConsoleOptions
from rich.table import Table

FORMATS = ("table", "csv", "tsv", "json", "jsonl")

FORMAT_HELP = "table, csv, tsv, json or jsonl (default: table on a terminal, tsv in a pipe)."

# Numbers (24,000,000,000; 0.75; -3) and dates or times (2024-03-05, 2024-03-05T10:00):
# runs a table must never break across lines.
_UNBREAKABLE = re.compile(r"[-+]?\d[\d,.:T-]*\d|\d")


def choose_format(fmt: str | None, as_json: bool, is_terminal: bool) -> str:
    """The format asked for; ``--json`` is ``--format json``; else by where stdout goes."""
    if fmt is not None:
        chosen = fmt.strip().lower()
        if chosen not in FORMATS:
            raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
        if as_json and chosen != "json":
            raise typer.BadParameter(f"--json contradicts --format {chosen}", param_hint="--json")
        return chosen
    if as_json:
        return "json"
    return "table" if is_terminal else "tsv"


def unbreakable_width(texts: Iterable[str]) -> int:
    """The longest number or date in these cells: the narrowest a column may be.

    >>> unbreakable_width(["KT: 24,000,000,000", "2024-03-05", "7"])
    14
    """
    return max((len(m) for t in texts for m in _UNBREAKABLE.findall(t)), default=0)


def flat(value: Any) -> str:
    """One value as a CSV/TSV field: scalars as they are, lists and objects as JSON.

    >>> flat(24000000000), flat(None), flat(True), flat(["KT", "중기부"])
    ('24000000000', '', 'true', '["KT", "중기부"]')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _tsv_field(text: str) -> str:
    """Tabs, newlines and backslashes escaped, as PostgreSQL's text format does."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def delimited(columns: Sequence[str], rows: Iterable[dict[str, Any]], fmt: str) -> str:
    """A header line then one line per row, as CSV (RFC 4180) or TSV."""
    if fmt == "tsv":
        lines = ["\t".join(_tsv_field(c) for c in columns)]
        lines += ["\t".join(_tsv_field(flat(row.get(c))) for c in columns) for row in rows]
        return "\n".join(lines) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([flat(row.get(c)) for c in columns])
    return buffer.getvalue()


def pretty_json(value: Any) -> str:
    """Indented JSON as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it
    (floats in exponent form aside: 3.5e-7, not 3.5e-07), in C (orjson): the entity of
    a hub named in 50,000 documents is 12 MB of JSON, which the standard library
    indents in 0.4 s and orjson in 0.03 s. A value orjson does not take (an integer
    past 64 bits) goes through the standard library."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, indent=2)


def json_lines(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def row_columns(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> list[str]:
    """The declared columns, else the first row's keys."""
    return list(columns) or (list(rows[0]) if rows else [])


class WholeNumberTable(Table):
    """A table whose columns are never narrower than their ``min_width``.

    Rich shrinks columns below ``min_width`` to fit the console, folding ``24,000,000,000``
    into ``24,000,00`` and ``0,000``; here a column keeps the width of its longest number or
    date, and a table that is then wider than the console is printed uncropped (the
    terminal wraps the whole line; a file or pipe gets it whole).
    """

    def _calculate_column_widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        widths = super()._calculate_column_widths(console, options)
        return [
            max(width, (column.min_width or 0) + self._get_padding_width(column._index))
            for width, column in zip(widths, self.columns, strict=True)
        ]


def print_table(console: Console, table: Table) -> None:
    console.print(table, crop=False)
