"""An initial Neo4j build by bulk import, for a corpus too large to write row by row.

The documented path, as one call: fold the facts in an embedded store (the same
`graph.merge` and inference as any load), export the graph as neo4j-admin CSV files
(`graph.exporters.admin_csv`), and run ``neo4j-admin database import full`` into a
database while its server is stopped. The constraints and indexes are built after,
over the imported graph, when `Neo4jStore` first opens it.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import StoreUnavailableError
from graph.export import export_json
from graph.exporters.admin_csv import write_admin_csv
from graph.loading import apply_in_batches
from graph.model import DocumentFacts
from graph.stores.embedded import EmbeddedStore


@dataclass(slots=True)
class BulkReport:
    """Seconds per step (fold, export, import) and the documents folded."""

    documents: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def bulk_load(
    facts: Iterable[DocumentFacts],
    workdir: Path,
    *,
    admin: Sequence[str],
    database: str = "neo4j",
    env: Mapping[str, str] | None = None,
) -> BulkReport:
    """Import ``facts`` into ``database`` with ``admin`` (the neo4j-admin command).

    ``workdir`` holds the embedded fold and the CSV files; the database must not
    exist yet, and its server must be stopped (neo4j-admin's own conditions).
    """
    report = BulkReport()
    clock = time.perf_counter()
    store = EmbeddedStore(workdir / "fold")
    store.open()
    try:
        report.documents = len(apply_in_batches(store, facts).added)
        report.seconds["fold"] = time.perf_counter() - clock
        clock = time.perf_counter()
        export = write_admin_csv(export_json(store), workdir / "import")
    finally:
        store.close()
    report.seconds["export"] = time.perf_counter() - clock
    clock = time.perf_counter()
    command = [*admin, "database", "import", "full", database]
    # The report goes beside the files, not into whatever directory the caller is in.
    command += [f"--report-file={workdir / 'import.report'}"]
    command += export.import_options(workdir / "import")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise StoreUnavailableError(f"neo4j-admin import failed: {last[0]}")
    report.seconds["import"] = time.perf_counter() - clock
    return report
