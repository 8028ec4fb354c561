"""The `govkg` command line: thin over graph/, loaders/ and queries/."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.progress import progress_bar
from graph.config import Settings
from graph.errors import GovkgError
from graph.export import export_json
from graph.loading import apply_in_batches, retract_documents
from graph.stores import GraphStore, make_store
from graph.stores.embedded import EmbeddedStore
from loaders.evaluation import Evaluation, Score, evaluate
from loaders.gold import load_gold
from loaders.pipeline import extract_paths
from loaders.sources import read_inputs

app = typer.Typer(
    name="govkg",
    help="A knowledge graph of government digital initiatives from Korean news.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="embedded or neo4j (default: GOVKG_STORE or embedded)."),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Embedded store directory (default: GOVKG_DATA_DIR or ./data)."
    ),
]


def settings_from(store: str | None, data_dir: Path | None) -> Settings:
    overrides: dict[str, object] = {}
    if store is not None:
        if store not in ("embedded", "neo4j"):
            raise typer.BadParameter("must be 'embedded' or 'neo4j'", param_hint="--store")
        overrides["store"] = store
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return Settings(**overrides)


@contextmanager
def opened_store(settings: Settings) -> Iterator[GraphStore]:
    store = make_store(settings)
    store.open()
    try:
        yield store
    finally:
        store.close()


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code)


@app.command()
def load(
    paths: Annotated[list[Path], typer.Argument(help="Articles, facts (.jsonl) files or folders.")],
    store: StoreOption = None,
    data_dir: DataDirOption = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction.")] = 200,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
) -> None:
    """Extract articles (or read facts files) and write them into the graph store."""
    settings = settings_from(store, data_dir)
    failures: list[tuple[str, str]] = []
    with opened_store(settings) as graph_store, progress_bar("loading", console) as advance:
        facts = read_inputs(paths, failures.append, workers=workers)
        report = apply_in_batches(graph_store, facts, batch_size=batch_size, on_batch=advance)
        stats = graph_store.stats()
    for where, reason in failures:
        errors.print(f"[yellow]skipped[/yellow] {where}: {reason}", highlight=False)
    console.print(
        f"loaded {len(report.added)} new, {len(report.replaced)} changed, "
        f"{len(report.unchanged)} unchanged document(s); {len(failures)} skipped; "
        f"graph: {stats['nodes']} nodes, {stats['edges']} edges ({settings.store})",
        highlight=False,
    )


@app.command()
def retract(
    doc_ids: Annotated[list[str], typer.Argument(help="Document ids to remove.")],
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Remove documents and every fact only they supported."""
    with opened_store(settings_from(store, data_dir)) as graph_store:
        unknown = retract_documents(graph_store, doc_ids)
    for doc_id in unknown:
        errors.print(f"[yellow]unknown document[/yellow] {doc_id}", highlight=False)
    console.print(f"retracted {len(doc_ids) - len(unknown)} document(s)")
    if unknown:
        raise typer.Exit(1)


@app.command()
def stats(
    store: StoreOption = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the graph summary: documents, nodes and edges by label and type."""
    with opened_store(settings_from(store, data_dir)) as graph_store:
        summary = graph_store.stats()
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"govkg graph ({summary['store']})")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for label, count in summary["labels"].items():
        table.add_row("node", label, str(count))
    for rel_type, count in summary["types"].items():
        table.add_row("edge", rel_type, str(count))
    table.add_row("total", "nodes", str(summary["nodes"]), style="bold")
    table.add_row("total", "edges", str(summary["edges"]), style="bold")
    console.print(table)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="Export format.")] = "json",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default stdout).")
    ] = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Export the whole graph (JSON: {"nodes": [...], "edges": [...]})."""
    if format != "json":
        raise fail(f"unknown export format {format!r} (available: json)", 2)
    with opened_store(settings_from(store, data_dir)) as graph_store:
        text = json.dumps(export_json(graph_store), ensure_ascii=False, indent=1)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        console.print(f"wrote {output}")


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Facts file (JSONL).")],
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
) -> None:
    """Extract facts from articles into a JSONL file (one line per document); no store."""
    failures: list[tuple[str, str]] = []
    count = 0
    partial = output.with_name(output.name + ".partial")
    with (
        partial.open("w", encoding="utf-8") as handle,
        progress_bar("extracting", console) as advance,
    ):
        for facts in extract_paths(paths, failures.append, workers=workers):
            handle.write(facts.to_json() + "\n")
            count += 1
            advance(1)
    partial.replace(output)  # a finished file or none: never half a file under the real name
    for where, reason in failures:
        errors.print(f"[yellow]skipped[/yellow] {where}: {reason}", highlight=False)
    console.print(f"extracted {count} document(s) to {output}; {len(failures)} skipped")


@app.command("eval")
def evaluate_command(
    paths: Annotated[list[Path], typer.Argument(help="Articles or facts files to score.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold graph (JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Extract into a temporary embedded store and score it against a gold graph."""
    gold_graph = load_gold(gold)
    failures: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="govkg-eval-") as tmp:
        store = EmbeddedStore(Path(tmp))
        store.open()
        try:
            apply_in_batches(store, read_inputs(paths, failures.append))
            result = evaluate(gold_graph, export_json(store))
        finally:
            store.close()
    for where, reason in failures:
        errors.print(f"[yellow]skipped[/yellow] {where}: {reason}", highlight=False)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    print_evaluation(result)


def print_evaluation(result: Evaluation) -> None:
    table = Table(title="extraction quality")
    for column in ("kind", "precision", "recall", "F1", "predicted", "correct", "required found"):
        table.add_column(column, justify="right" if column != "kind" else "left")

    def row(name: str, score: Score, style: str | None = None) -> None:
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.predicted),
            str(score.true_positives),
            f"{score.required_found}/{score.required}",
            style=style,
        )

    row("entities", result.entities, "bold")
    for label, score in sorted(result.entities_by_label.items()):
        row(f"  {label}", score)
    row("relations", result.relations, "bold")
    for rel_type, score in sorted(result.relations_by_type.items()):
        row(f"  {rel_type}", score)
    console.print(table)
    for title, items in (
        ("missed entities", result.missed_entities),
        ("spurious entities", result.spurious_entities),
        ("duplicates", result.duplicates),
        ("page furniture taken for entities", result.absent_found),
        ("missed relations", result.missed_relations),
        ("spurious relations", result.spurious_relations),
        ("property errors", result.property_errors),
    ):
        if items:
            console.print(f"[bold]{title}[/bold] ({len(items)})", highlight=False)
            for item in items:
                console.print(f"  {item}", highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs)."""
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(settings_from(store, data_dir)), host=host, port=port)


def main() -> None:
    try:
        app()
    except GovkgError as exc:
        errors.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
