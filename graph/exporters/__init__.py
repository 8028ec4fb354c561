"""Export formats, each a pure function of the JSON export (`graph.export.export_json`).

- ``json``: ``{"nodes": [...], "edges": [...]}`` as it is;
- ``graphml``: for Gephi and yEd (`graph.exporters.graphml`);
- ``neo4j-admin``: CSV files for ``neo4j-admin database import full``
  (`graph.exporters.admin_csv`), a directory or a zip archive;
- ``cypher``: a script for ``cypher-shell -f`` that rebuilds the graph
  (`graph.exporters.cypher`).

`write_export` writes one to a path (the CLI); `render` gives its bytes, media
type and file name (HTTP downloads).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import BadParameterError
from graph.exporters.admin_csv import admin_zip, write_admin_csv
from graph.exporters.cypher import cypher_chunks
from graph.exporters.graphml import graphml_chunks
from graph.exporters.records import GraphJson


class UnknownExportFormatError(BadParameterError):
    """An export format that does not exist."""


@dataclass(frozen=True, slots=True)
class RenderedExport:
    content: bytes
    media_type: str
    filename: str


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    description: str
    media_type: str
    filename: str  # the suggested file name of a download
    chunks: Callable[[GraphJson], Iterable[str]] | None  # text formats
    directory: bool = False  # written as a directory of files (or a .zip)


def json_chunks(graph: GraphJson) -> Iterable[str]:
    yield json.dumps(graph, ensure_ascii=False, indent=1) + "\n"


EXPORTERS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat(
            "json",
            'the JSON export: {"nodes": [...], "edges": [...]}',
            "application/json",
            "graph.json",
            json_chunks,
        ),
        ExportFormat(
            "graphml",
            "GraphML for Gephi and yEd (lists and evidence as JSON text)",
            "application/graphml+xml",
            "graph.graphml",
            graphml_chunks,
        ),
        ExportFormat(
            "neo4j-admin",
            "CSV files and import.sh for neo4j-admin database import full",
            "application/zip",
            "graph-neo4j-admin.zip",
            None,
            directory=True,
        ),
        ExportFormat(
            "cypher",
            "a Cypher script that rebuilds the graph (cypher-shell -f)",
            "text/plain; charset=utf-8",
            "graph.cypher",
            cypher_chunks,
        ),
    )
}


def export_format(name: str) -> ExportFormat:
    try:
        return EXPORTERS[name]
    except KeyError:
        available = ", ".join(EXPORTERS)
        raise UnknownExportFormatError(
            f"unknown export format {name!r} (available: {available})"
        ) from None


def render(graph: GraphJson, format: str) -> RenderedExport:
    """An export as bytes, with its media type and file name (neo4j-admin: a zip)."""
    fmt = export_format(format)
    if fmt.chunks is None:
        return RenderedExport(admin_zip(graph), fmt.media_type, fmt.filename)
    content = "".join(fmt.chunks(graph)).encode("utf-8")
    return RenderedExport(content, fmt.media_type, fmt.filename)


def write_export(graph: GraphJson, format: str, destination: Path) -> None:
    """Write an export to ``destination``: a file, or for neo4j-admin a directory or a .zip.

    Files appear whole or not at all (written beside, then renamed).
    """
    fmt = export_format(format)
    if fmt.chunks is None and destination.suffix.lower() != ".zip":
        write_admin_csv(graph, destination)
        return
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        if fmt.chunks is None:
            partial.write_bytes(admin_zip(graph))
        else:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                for chunk in fmt.chunks(graph):
                    handle.write(chunk)
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
