"""CSV files for ``neo4j-admin database import full``, Neo4j's bulk loader.

One node file per label, ``nodes_<Label>.csv`` (columns ``id:ID``, ``:LABEL``,
then the properties with their types: ``aliases:string[]``, ``amount_krw:long``,
...), and one relationship file per type, ``relationships_<TYPE>.csv``
(``:START_ID``, ``:END_ID``, ``:TYPE``, properties). The properties are those
the Neo4j store keeps, evidence included as its four parallel arrays, so an
imported database is a govkg Neo4j store, except that Document nodes lack the
facts that retracting a document needs (loading the documents again restores
them). Array elements are separated by ``;`` unless an element contains one,
then by the first of ``|``, U+001F, U+001E that none contains. ``import.sh``
holds the command with the options the export needs. A property whose values
mix types is written as text (JSON for the non-strings).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import InvalidFactsError
from graph.exporters.records import (
    GraphJson,
    check_graph,
    common_type,
    edge_endpoints,
    scalar_type,
    stored_edge,
    stored_node,
)

ARRAY_DELIMITERS = (";", "|", "\x1f", "\x1e")
IMPORT_SCRIPT = "import.sh"
_PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_JSON = "json"  # a column of mixed values, written as text


@dataclass(frozen=True, slots=True)
class AdminCsvExport:
    """The files of an export and the import options they need."""

    files: dict[str, str]  # file name → content (the CSV files and import.sh)
    node_files: tuple[str, ...]
    relationship_files: tuple[str, ...]
    array_delimiter: str
    multiline: bool

    def import_options(self, directory: Path | None = None) -> list[str]:
        """Options for ``neo4j-admin database import full <database> ...``.

        File names are relative (to the export's directory) unless ``directory`` is given.
        """

        def where(name: str) -> str:
            return name if directory is None else str(directory / name)

        delimiter = self.array_delimiter
        if delimiter not in ";|":  # control characters are named by code point
            delimiter = f"U+{ord(delimiter):04X}"
        options = [f"--array-delimiter={delimiter}"]
        if self.multiline:
            options.append("--multiline-fields=true")
        options += [f"--nodes={where(name)}" for name in self.node_files]
        options += [f"--relationships={where(name)}" for name in self.relationship_files]
        return options


def _column_type(values: Iterable[Any]) -> str:
    """The neo4j-admin header type of a column: ``long``, ``string[]``, ... or text."""
    scalars: set[str | None] = set()
    elements: set[str | None] = set()
    has_lists = False
    for value in values:
        if isinstance(value, list):
            has_lists = True
            elements.update(scalar_type(x) for x in value)
        else:
            scalars.add(scalar_type(value))
    if has_lists and not scalars:
        element_type = common_type(elements, widen=True) if elements else "string"
        return f"{element_type}[]" if element_type else _JSON
    return common_type(scalars, widen=True) or _JSON


def _cell(value: Any, column: str, delimiter: str) -> str:
    if value is None:
        return ""
    if column == _JSON:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if column.endswith("[]"):
        return delimiter.join(_cell(x, column[:-2], delimiter) for x in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if column == "double":
        return repr(float(value))
    return str(value)


def _header(name: str, column: str) -> str:
    if not _PROPERTY_NAME.fullmatch(name):
        raise InvalidFactsError(f"property name {name!r} cannot be a neo4j-admin column")
    return name if column in ("string", _JSON) else f"{name}:{column}"


def _csv(head: list[str], columns: dict[str, str], rows: Iterator[tuple], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head + [_header(name, column) for name, column in columns.items()])
    for fixed, props in rows:
        cells = [_cell(props.get(name), column, delimiter) for name, column in columns.items()]
        writer.writerow([*fixed, *cells])
    return buffer.getvalue()


def _columns(records: list[dict[str, Any]], skip: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, list[Any]] = defaultdict(list)
    for record in records:
        for name, value in record.items():
            if name not in skip:
                values[name].append(value)
    return {name: _column_type(values[name]) for name in values}


def _strings(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        for value in record.values():
            if isinstance(value, str):
                yield value
            elif isinstance(value, list):
                yield from (x for x in value if isinstance(x, str))


def _array_delimiter(records: Iterable[dict[str, Any]]) -> str:
    used: set[str] = set()
    for record in records:
        for value in record.values():
            if isinstance(value, list):
                for x in value:
                    if isinstance(x, str):
                        used.update(d for d in ARRAY_DELIMITERS if d in x)
    for delimiter in ARRAY_DELIMITERS:
        if delimiter not in used:
            return delimiter
    raise InvalidFactsError("list values contain every array delimiter neo4j-admin could use")


def _import_script(export: AdminCsvExport) -> str:
    lines = [
        "#!/bin/sh",
        "# Bulk-load this export into a new Neo4j 5 database (default: neo4j) while Neo4j is",
        "# stopped: sh import.sh [database]  (neo4j-admin from PATH, or set NEO4J_ADMIN).",
        "# govkg creates its constraints and indexes when it first opens the database.",
        "set -e",
        'cd "$(dirname "$0")"',
        'exec "${NEO4J_ADMIN:-neo4j-admin}" database import full "${1:-neo4j}" \\',
    ]
    options = [shlex.quote(option) for option in export.import_options()]
    lines += [f"  {option} \\" for option in options[:-1]] + [f"  {options[-1]}"]
    return "\n".join(lines) + "\n"


def admin_csv_export(graph: GraphJson) -> AdminCsvExport:
    """The neo4j-admin import files for an export."""
    check_graph(graph)
    nodes_by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in graph["nodes"]:
        nodes_by_label[node["label"]].append(stored_node(node))
    edges_by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for edge, _, _ in edge_endpoints(graph):
        edges_by_type[edge["type"]].append((edge["source"], edge["target"], stored_edge(edge)))
    records = [r for rs in nodes_by_label.values() for r in rs]
    records += [props for rows in edges_by_type.values() for _, _, props in rows]
    delimiter = _array_delimiter(records)

    files: dict[str, str] = {}
    node_files, relationship_files = [], []
    for label, nodes in sorted(nodes_by_label.items()):
        name = f"nodes_{label}.csv"
        columns = _columns(nodes, ("id",))
        rows = (((node["id"], label), node) for node in nodes)
        files[name] = _csv(["id:ID", ":LABEL"], columns, rows, delimiter)
        node_files.append(name)
    for rel_type, edges in sorted(edges_by_type.items()):
        name = f"relationships_{rel_type}.csv"
        columns = _columns([props for _, _, props in edges], ())
        rows = (((source, target, rel_type), props) for source, target, props in edges)
        files[name] = _csv([":START_ID", ":END_ID", ":TYPE"], columns, rows, delimiter)
        relationship_files.append(name)
    # Quoted line breaks make neo4j-admin read files serially: ask for it only when needed.
    multiline = any("\n" in text or "\r" in text for text in _strings(records))
    export = AdminCsvExport(
        files, tuple(node_files), tuple(relationship_files), delimiter, multiline
    )
    files[IMPORT_SCRIPT] = _import_script(export)
    return export


def write_admin_csv(graph: GraphJson, directory: Path) -> AdminCsvExport:
    """Write the import files into ``directory`` (created if needed)."""
    export = admin_csv_export(graph)
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in export.files.items():
        partial = directory / f".{name}.partial"
        partial.write_text(text, encoding="utf-8", newline="")
        partial.replace(directory / name)
    (directory / IMPORT_SCRIPT).chmod(0o755)
    return export


def admin_zip(graph: GraphJson) -> bytes:
    """The import files as one zip archive (for HTTP downloads)."""
    export = admin_csv_export(graph)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in export.files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == IMPORT_SCRIPT:
                info.external_attr = 0o755 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
