"""The `govkg` command line: thin over graph/, loaders/ and queries/."""

from __future__ import annotations

import json
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.output import (
    FORMAT_HELP,
    WholeNumberTable,
    choose_format,
    delimited,
    json_lines,
    pretty_json,
    print_table,
    row_columns,
)
from api.progress import progress_bar
from api.tables import cell, rows_table
from graph.config import Settings
from graph.corrections import FIELDS
from graph.errors import GovkgError
from graph.loading import apply_in_batches, retract_documents
from graph.stores import GraphStore, make_store
from graph.stores.embedded import EmbeddedStore

# The extractor (Kiwi, the gazetteer) and the exporters are imported by the commands
# that use them: a read such as `govkg stats` starts in a fraction of a second.
if TYPE_CHECKING:
    from graph.model import DocumentFacts
    from loaders.evaluation import Evaluation, Score

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
FormatOption = Annotated[str | None, typer.Option("--format", "-f", help=FORMAT_HELP)]


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govkg")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"govkg {package_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """A knowledge graph of government digital initiatives from Korean news."""


def settings_from(store: str | None, data_dir: Path | None) -> Settings:
    overrides: dict[str, object] = {}
    if store is not None:
        if store not in ("embedded", "neo4j"):
            raise typer.BadParameter("must be 'embedded' or 'neo4j'", param_hint="--store")
        overrides["store"] = store
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return Settings(**overrides)


def store_missing(settings: Settings) -> str | None:
    """Why a read cannot go on, when the embedded data dir holds no store (else None)."""
    if settings.store != "embedded":
        return None
    data_dir = Path(settings.data_dir)
    if (data_dir / "ledger.sqlite3").is_file():
        return None
    where = "does not exist" if not data_dir.exists() else "holds no store"
    return (
        f"the data directory {data_dir} {where}: load into it first (govkg load) "
        "or name another with --data-dir or GOVKG_DATA_DIR"
    )


@contextmanager
def opened_store(settings: Settings, *, create: bool = False) -> Iterator[GraphStore]:
    """The configured store, opened; an embedded one is created only for a write
    (``create``), so a mistyped --data-dir is an error, not an empty graph."""
    if not create and (reason := store_missing(settings)) is not None:
        raise fail(reason)
    store = make_store(settings)
    store.open()
    try:
        yield store
    finally:
        store.close()


def report_skipped(failures: list[tuple[str, str]]) -> None:
    """One line per skipped input, never wrapped, so logs can be grepped."""
    for where, reason in failures:
        errors.print(f"[yellow]skipped[/yellow] {where}: {reason}", highlight=False, soft_wrap=True)


def stale_corrections(graph_store: GraphStore) -> list[str]:
    from graph.correcting import stale

    return stale(graph_store)


def report_stale(lines: list[str]) -> None:
    for line in lines:
        errors.print(f"[yellow]correction[/yellow] {line}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    errors.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def counted(
    failures: list[tuple[str, str]], advance: Callable[[int], None]
) -> Callable[[tuple[str, str]], None]:
    """Record a skipped input and move the bar past it: the total counts it too."""

    def skipped(failure: tuple[str, str]) -> None:
        failures.append(failure)
        advance(1)

    return skipped


def require_paths(paths: list[Path]) -> None:
    """Every input path given must exist: a typo is an error, not a silent skip."""
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise fail("; ".join(f"{p}: no such file or directory" for p in missing))


def _parquet_facts(paths: list[Path]) -> list[Path]:
    """The Parquet facts files among the inputs; pyarrow is imported only when one is given."""
    named = [p for p in paths if p.suffix.lower() == ".parquet" and p.is_file()]
    if not named:
        return []
    from loaders.spark_extract import is_parquet_facts

    return [p for p in named if is_parquet_facts(p)]


def _load_inputs(
    paths: list[Path], on_failure: Callable[[tuple[str, str]], None], workers: int
) -> Iterator[DocumentFacts]:
    """read_inputs, and Parquet facts files (`govkg extract --format parquet`) too, which
    are read first."""
    from loaders.sources import read_inputs

    parquet = _parquet_facts(paths)
    if parquet:
        from loaders.spark_extract import read_parquet_facts

        for path in parquet:
            yield from read_parquet_facts(path, on_failure)
    rest = [p for p in paths if p not in parquet]
    if rest:
        yield from read_inputs(rest, on_failure, workers=workers)


def _load_total(paths: list[Path]) -> int:
    """count_inputs, with a Parquet facts file's rows counted from its footer."""
    from loaders.reading import count_inputs

    parquet = _parquet_facts(paths)
    if not parquet:
        return count_inputs(paths)
    from loaders.spark_extract import count_parquet_rows

    rest = [p for p in paths if p not in parquet]
    return sum(count_parquet_rows(p) for p in parquet) + (count_inputs(rest) if rest else 0)


@app.command()
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="Articles, facts (.jsonl, .parquet) files or folders.")
    ],
    store: StoreOption = None,
    data_dir: DataDirOption = None,
    batch_size: Annotated[
        int | None,
        typer.Option(min=1, help="Documents per transaction [default: 1000 embedded, 200 Neo4j]."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = 1,
) -> None:
    """Extract articles (or read facts files) and write them into the graph store."""
    settings = settings_from(store, data_dir)
    require_paths(paths)
    failures: list[tuple[str, str]] = []
    with (
        opened_store(settings, create=True) as graph_store,
        progress_bar("loading", console, total=_load_total(paths)) as advance,
    ):
        skipped = counted(failures, advance)
        facts = _load_inputs(paths, skipped, workers)
        report = apply_in_batches(
            graph_store, facts, batch_size=batch_size, on_batch=advance, on_refused=failures.append
        )
        stats = graph_store.stats()
        stale = stale_corrections(graph_store)
    report_skipped(failures)
    report_stale(stale)
    console.print(
        f"loaded {len(report.added)} new, {len(report.replaced)} changed, "
        f"{len(report.unchanged)} unchanged document(s); {len(failures)} skipped; "
        f"graph: {stats['nodes']} nodes, {stats['edges']} edges ({settings.store})",
        highlight=False,
    )


@app.command()
def retract(
    targets: Annotated[
        list[str],
        typer.Argument(help="Document ids, or the files and folders they were loaded from."),
    ],
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Remove documents and every fact only they supported. A path that exists names the
    documents loading it gives (the same ids `load` derives); anything else is an id."""
    from loaders.sources import stored_ids_for

    with opened_store(settings_from(store, data_dir)) as graph_store:
        doc_ids: list[str] = []
        for target in targets:
            path = Path(target)
            found = stored_ids_for(graph_store, path) if path.exists() else [target]
            doc_ids += found or [target]
        try:
            unknown = retract_documents(graph_store, doc_ids)
        except GovkgError as exc:
            raise fail(str(exc)) from None
        stale = stale_corrections(graph_store)
    report_stale(stale)
    for doc_id in unknown:
        errors.print(f"[yellow]unknown document[/yellow] {doc_id}", highlight=False)
    console.print(f"retracted {len(doc_ids) - len(unknown)} document(s)")
    if unknown:
        raise typer.Exit(1)


# The documents query's own page limit: the command pages through it to list them all.
_DOCUMENTS_PAGE = 1000


@app.command("documents")
def documents_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (--format json).")] = False,
    format: FormatOption = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="Print at most this many documents.")
    ] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many.")] = 0,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """List the stored documents, newest first: id, path, title, date, outlet, counts
    (the catalogue query `documents`, printed like `govkg query`)."""
    from queries.catalogue import run_query

    chosen = choose_format(format, as_json, console.is_terminal)
    rows: list[dict[str, Any]] = []
    with opened_store(settings_from(store, data_dir)) as graph_store:
        while True:
            page = run_query(
                graph_store, "documents", {"limit": _DOCUMENTS_PAGE, "offset": len(rows)}
            )
            rows += page
            if len(page) < _DOCUMENTS_PAGE:
                break
    shown = rows[offset:] if limit is None else rows[offset : offset + limit]
    _print_rows("documents", shown, len(rows), chosen, limit, offset, ids=False)


@app.command()
def stats(
    store: StoreOption = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (--format json).")] = False,
    format: FormatOption = None,
) -> None:
    """Print the graph summary: documents, nodes and edges by label and type."""
    chosen = choose_format(format, as_json, console.is_terminal)
    with opened_store(settings_from(store, data_dir)) as graph_store:
        summary = graph_store.stats()
    if chosen == "json":
        typer.echo(pretty_json(summary))
        return
    rows = [
        *({"kind": "node", "name": k, "count": v} for k, v in summary["labels"].items()),
        *({"kind": "edge", "name": k, "count": v} for k, v in summary["types"].items()),
        {"kind": "total", "name": "nodes", "count": summary["nodes"]},
        {"kind": "total", "name": "edges", "count": summary["edges"]},
    ]
    if chosen == "jsonl":
        typer.echo(json_lines(rows), nl=False)
        return
    if chosen in ("csv", "tsv"):
        typer.echo(delimited(["kind", "name", "count"], rows, chosen), nl=False)
        return
    widest = max(len(str(r["count"])) for r in rows)
    table = WholeNumberTable(title=f"govkg graph ({summary['store']})")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right", no_wrap=True, min_width=widest)
    for r in rows:
        table.add_row(
            r["kind"], r["name"], str(r["count"]), style="bold" if r["kind"] == "total" else None
        )
    print_table(console, table)


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", help="json, graphml, neo4j-admin or cypher.")
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="File (default stdout); neo4j-admin: a directory or a .zip."
        ),
    ] = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Export the whole graph: JSON, GraphML (Gephi, yEd), neo4j-admin CSV or a Cypher script."""
    from graph.export import export_json
    from graph.exporters import UnknownExportFormatError, export_format, write_export

    try:
        chosen = export_format(format)
    except UnknownExportFormatError as exc:
        raise fail(str(exc), 2) from None
    settings = settings_from(store, data_dir)
    if output is None:
        if chosen.chunks is None:
            raise fail(f"{format} writes several files: give -o DIRECTORY (or -o FILE.zip)", 2)
        with opened_store(settings) as graph_store:
            graph = export_json(graph_store)
        for chunk in chosen.chunks(graph):
            typer.echo(chunk, nl=False)
        return
    with opened_store(settings) as graph_store:
        graph = export_json(graph_store)
    try:
        write_export(graph, format, output)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc}") from None
    console.print(f"wrote {output}")


ENGINES = ("local", "spark")


@app.command()
def extract(
    paths: Annotated[
        list[Path], typer.Argument(help="Article files or folders (spark engine: Parquet too).")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Facts file (JSONL, or Parquet with --format).")
    ],
    workers: Annotated[
        int,
        typer.Option(min=1, help="Extraction processes (spark engine: the N of local[N])."),
    ] = 1,
    engine: Annotated[
        str, typer.Option("--engine", help="local (processes) or spark (govkg[spark]).")
    ] = "local",
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master URL (spark engine; default local[WORKERS])."),
    ] = None,
    partitions: Annotated[
        int | None, typer.Option(min=1, help="Spark partitions (default 4 per core).")
    ] = None,
    facts_format: Annotated[
        str, typer.Option("--format", help="Facts file format: jsonl or parquet.")
    ] = "jsonl",
) -> None:
    """Extract facts from articles into a facts file (one document a line, or a Parquet row);
    no store. --engine spark runs the same extraction on Apache Spark, with the same output."""
    from loaders.pipeline import extract_paths
    from loaders.reading import count_inputs
    from loaders.spark_extract import FORMATS, write_facts

    if engine not in ENGINES:
        raise typer.BadParameter("must be 'local' or 'spark'", param_hint="--engine")
    if facts_format not in FORMATS:
        raise typer.BadParameter("must be 'jsonl' or 'parquet'", param_hint="--format")
    if engine == "local" and (master is not None or partitions is not None):
        raise typer.BadParameter("--master and --partitions need --engine spark")
    require_paths(paths)
    failures: list[tuple[str, str]] = []
    with ExitStack() as stack:
        if engine == "spark":
            from loaders.spark_extract import extract_documents, plan_inputs, spark_session

            plan = plan_inputs(paths)  # listed before Spark starts: the bar's total
            total = plan.total
        else:
            total = count_inputs(paths)
        advance = stack.enter_context(progress_bar("extracting", console, total=total))
        skipped = counted(failures, advance)
        if engine == "spark":
            spark = stack.enter_context(spark_session(master or f"local[{workers}]"))
            documents = extract_documents(spark, paths, skipped, plan=plan, partitions=partitions)
        else:
            facts = extract_paths(paths, skipped, workers=workers)
            documents = ((f.document.id, f.to_json()) for f in facts)
        count = write_facts(output, documents, format=facts_format, on_written=advance)
    report_skipped(failures)
    console.print(f"extracted {count} document(s) to {output}; {len(failures)} skipped")


@app.command("explain")
def explain_command(
    targets: Annotated[
        list[str], typer.Argument(help="Article files or folders, or ids of stored documents.")
    ],
    store: StoreOption = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show, sentence by sentence, the mentions found, the facts made and the rules behind
    them, and what a rule proposed but the graph model refused. A stored document (an id,
    not a path) shows what the store keeps: its facts, their sentences and rules."""
    from loaders.explain import explain, explain_stored
    from loaders.extract import trace_article
    from loaders.reading import ReadFailure, iter_articles

    paths = [Path(t) for t in targets if Path(t).exists()]
    doc_ids = [t for t in targets if not Path(t).exists()]
    reports: list[dict[str, Any]] = []
    failures: list[tuple[str, str]] = []
    for article in iter_articles(paths) if paths else ():
        if isinstance(article, ReadFailure):
            failures.append((article.path, article.reason))
        else:
            reports.append(explain(trace_article(article)))
    unknown: list[str] = []
    if doc_ids:
        with opened_store(settings_from(store, data_dir)) as graph_store:
            for doc_id in doc_ids:
                facts = graph_store.document_facts(doc_id)
                if facts is None:
                    unknown.append(doc_id)
                else:
                    reports.append(explain_stored(facts))
    for report in reports:
        if as_json:
            typer.echo(json.dumps(report, ensure_ascii=False))
        else:
            _print_explanation(report)
    report_skipped(failures)
    for doc_id in unknown:
        errors.print(f"no such file or stored document: {doc_id}", highlight=False, markup=False)
    if unknown:
        raise typer.Exit(1)


def _print_explanation(report: dict[str, Any]) -> None:
    source = " (stored facts)" if report["from"] == "store" else ""
    console.print(f"[bold]{report['document']}[/bold]{source}", highlight=False)
    for e in report.get("entities", []):
        rules = ", ".join(e["rules"])
        console.print(
            f"  entity  {e['label']} {e['node']} [{rules}]", highlight=False, markup=False
        )
    for s in report["sentences"]:
        console.print(f"\n« {s['sentence']} »", highlight=False, soft_wrap=True)
        lines = [
            *(
                f"  mention {m['label']} {m['node']} ({m['text']}) [{m['rule']}]"
                for m in s["mentions"]
            ),
            *(
                f"  fact    {f['type']} {f['source']} -> {f['target']} [{', '.join(f['rules'])}]"
                for f in s["facts"]
            ),
            *(
                f"  refused {r['type']} {r['source']} -> {r['target']} [{r['rule']}]: {r['reason']}"
                for r in s["rejected"]
            ),
        ]
        for line in lines:
            console.print(line, highlight=False, markup=False, soft_wrap=True)


@app.command("eval")
def evaluate_command(
    paths: Annotated[list[Path], typer.Argument(help="Articles or facts files to score.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold graph (JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    per_document: Annotated[
        bool,
        typer.Option(
            "--per-document",
            help="Score each article's own graph against the gold of that article "
            "(articles only; cross-document inferences left out).",
        ),
    ] = False,
) -> None:
    """Extract into a temporary embedded store and score it against a gold graph."""
    from graph.export import export_json
    from loaders.evaluation import evaluate, evaluate_articles
    from loaders.gold import load_gold
    from loaders.sources import read_inputs

    gold_graph = load_gold(gold)
    failures: list[tuple[str, str]] = []
    if per_document:
        result = evaluate_articles(gold_graph, paths, failures.append)
        report_skipped(failures)
        if as_json:
            typer.echo(pretty_json(result.as_dict()))
        else:
            print_evaluation(result)
        return
    with tempfile.TemporaryDirectory(prefix="govkg-eval-") as tmp:
        store = EmbeddedStore(Path(tmp))
        store.open()
        try:
            apply_in_batches(store, read_inputs(paths, failures.append))
            result = evaluate(gold_graph, export_json(store))
        finally:
            store.close()
    report_skipped(failures)
    if as_json:
        typer.echo(pretty_json(result.as_dict()))
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


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["company=KT", "top=5"]`` as a dict; a pair without ``=`` is a usage error."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        params[key.strip()] = value
    return params


@app.command("query")
def query_command(
    name: Annotated[str, typer.Argument(help="A catalogue query (see `govkg queries`).")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="A parameter as KEY=VALUE (repeat).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"name", "rows", "count"} (--format json).')
    ] = False,
    format: FormatOption = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="Print at most this many rows.")
    ] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many rows.")] = 0,
    ids: Annotated[bool, typer.Option("--ids", help="Show the id columns in the table.")] = False,
    fail_on_empty: Annotated[
        bool, typer.Option("--fail-on-empty", help="Exit 1 when the query matches no row.")
    ] = False,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Run a named query of the catalogue and print its rows as a table, CSV, TSV, JSON or
    JSON Lines. CSV, TSV and JSON Lines carry every column, ids included."""
    from queries.catalogue import run_query

    chosen = choose_format(format, as_json, console.is_terminal)
    params = parse_params(param or [])
    settings = settings_from(store, data_dir)
    try:
        with opened_store(settings) as graph_store:
            rows = run_query(graph_store, name, params)
    except GovkgError as exc:
        raise fail(str(exc)) from None
    total = len(rows)
    page = rows[offset:] if limit is None else rows[offset : offset + limit]
    _print_rows(name, page, total, chosen, limit, offset, ids)
    if fail_on_empty and total == 0:
        errors.print(f"{name}: no row matched", highlight=False, markup=False)
        raise typer.Exit(1)


def _print_rows(
    name: str,
    page: list[dict[str, Any]],
    total: int,
    chosen: str,
    limit: int | None,
    offset: int,
    ids: bool,
) -> None:
    from queries.catalogue import catalogue

    if chosen == "json":
        # count is every row the query matched; rows is the page asked for.
        result: dict[str, Any] = {"name": name, "rows": page, "count": total}
        if limit is not None or offset:
            result |= {"limit": limit, "offset": offset}
        typer.echo(pretty_json(result))
        return
    if chosen == "jsonl":
        typer.echo(json_lines(page), nl=False)
        return
    columns = catalogue()[name].columns
    if chosen in ("csv", "tsv"):
        typer.echo(delimited(row_columns(columns, page), page, chosen), nl=False)
        return
    print_table(console, rows_table(name, columns, page, ids=ids))


CONFLICT_LINE = (
    "kind",
    "subject",
    "type",
    "other",
    "property",
    "value",
    "since",
    "until",
    "doc",
    "sentence",
)


def conflict_lines(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per value and sentence of each conflict: the values side by side."""
    lines = []
    for row in rows:
        for value in row["values"]:
            for said in value["said"] or [{"doc": None, "sentence": None}]:
                lines.append(
                    {k: row[k] for k in ("kind", "subject", "type", "other", "property")}
                    | {k: value[k] for k in ("value", "since", "until")}
                    | said
                )
    return lines


CONFLICTS_MAX = 100_000  # the query's largest limit: every conflict a register holds


@app.command("conflicts")
def conflicts_command(
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only this kind: value, heads or offices.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (--format json).")] = False,
    format: FormatOption = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """List where the documents disagree: a fact given two values (a fund's size, a
    contribution, a date), two people heading one body in one role at once, one person
    heading two ministries at once; each value with its documents and sentences. JSON
    gives one row per conflict; the table, CSV and TSV one line per value and sentence."""
    from queries.catalogue import run_query

    chosen = choose_format(format, as_json, console.is_terminal)
    params = {"kind": kind, "limit": CONFLICTS_MAX}
    try:
        with opened_store(settings_from(store, data_dir)) as graph_store:
            rows = run_query(graph_store, "conflicts", params)
    except GovkgError as exc:
        raise fail(str(exc)) from None
    if chosen in ("json", "jsonl"):
        _print_rows("conflicts", rows, len(rows), chosen, None, 0, False)
        return
    lines = conflict_lines(rows)
    if chosen in ("csv", "tsv"):
        typer.echo(delimited(list(CONFLICT_LINE), lines, chosen), nl=False)
        return
    print_table(console, rows_table(f"conflicts ({len(rows)})", CONFLICT_LINE, lines))


correct_app = typer.Typer(
    help="Correct the graph: merge, split, relabel, reject, add, undo. Corrections are kept "
    "apart from the extracted facts and stay in force through every load and retraction.",
    no_args_is_help=True,
)
app.add_typer(correct_app, name="correct")
NoteOption = Annotated[str, typer.Option("--note", help="Why (kept with the correction).")]
ByOption = Annotated[
    str | None, typer.Option("--by", help="Who makes it (default: the login name).")
]


def _author(by: str | None) -> str:
    import getpass

    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _correct(store: str | None, data_dir: Path | None, work: Callable[[GraphStore], Any]) -> None:
    try:
        with opened_store(settings_from(store, data_dir)) as graph_store:
            made = work(graph_store)
    except GovkgError as exc:
        raise fail(str(exc)) from None
    what = "undone" if made.undone else "in force"
    console.print(
        f"correction {made.id} ({made.kind}) {what}: {made.args_json()}",
        highlight=False,
        soft_wrap=True,
    )


@correct_app.command("merge")
def correct_merge(
    into: Annotated[str, typer.Argument(help="The entity that stays (id, or a name or alias).")],
    other: Annotated[str, typer.Argument(help="The entity that is the same one.")],
    note: NoteOption = "",
    by: ByOption = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Two entities are one: OTHER's facts and names go to INTO."""
    from graph import correcting

    _correct(store, data_dir, lambda g: correcting.merge(g, into, other, note, _author(by)))


@correct_app.command("split")
def correct_split(
    entity: Annotated[str, typer.Argument(help="The entity (id, or a name or alias).")],
    alias: Annotated[str, typer.Argument(help="Its alias that names someone else.")],
    label: Annotated[
        str | None, typer.Option("--label", help="The other one's label (default: the same).")
    ] = None,
    note: NoteOption = "",
    by: ByOption = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """An alias names someone else: it is taken off ENTITY and made an entity of its own."""
    from graph import correcting

    _correct(
        store, data_dir, lambda g: correcting.split(g, entity, alias, note, _author(by), label)
    )


@correct_app.command("relabel")
def correct_relabel(
    entity: Annotated[str, typer.Argument(help="The entity (id, or a name or alias).")],
    label: Annotated[str, typer.Argument(help="Its label (Ministry, Agency, Company, ...).")],
    note: NoteOption = "",
    by: ByOption = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """An entity has another label; its edges move with it."""
    from graph import correcting

    _correct(store, data_dir, lambda g: correcting.relabel(g, entity, label, note, _author(by)))


def _edge_command(kind: str, doc: str) -> None:
    def command(
        source: Annotated[str, typer.Argument(help="The source entity.")],
        rel: Annotated[str, typer.Argument(help="The relationship type (FUNDS, HOSTS, ...).")],
        target: Annotated[str, typer.Argument(help="The target entity.")],
        note: NoteOption = "",
        by: ByOption = None,
        store: StoreOption = None,
        data_dir: DataDirOption = None,
    ) -> None:
        from graph import correcting

        make = getattr(correcting, kind)
        _correct(store, data_dir, lambda g: make(g, source, rel, target, note, _author(by)))

    command.__doc__ = doc
    correct_app.command(kind)(command)


_edge_command("reject", "An edge is wrong: no document makes it any more.")
_edge_command("add", "Add an edge the documents miss, by hand (--note says why).")


@correct_app.command("undo")
def correct_undo(
    correction: Annotated[int, typer.Argument(help="The correction's id (govkg corrections).")],
    note: NoteOption = "",
    by: ByOption = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Undo a correction: the documents it touched are folded again without it."""
    from graph import correcting

    _correct(store, data_dir, lambda g: correcting.undo(g, correction, note, _author(by)))


CORRECTION_COLUMNS = ("id", "kind", "status", *FIELDS[2:], "problem")


@app.command("corrections")
def corrections_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (--format json).")] = False,
    format: FormatOption = None,
    store: StoreOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """List every correction with who made it, when and why, and its status (in force,
    undone, or target missing)."""
    from graph.correcting import listing

    chosen = choose_format(format, as_json, console.is_terminal)
    with opened_store(settings_from(store, data_dir)) as graph_store:
        rows = listing(graph_store)
    if chosen == "json":
        result = {"rows": rows, "count": len(rows)}
        typer.echo(pretty_json(result))
        return
    if chosen == "jsonl":
        typer.echo(json_lines(rows), nl=False)
        return
    if chosen in ("csv", "tsv"):
        typer.echo(delimited(list(CORRECTION_COLUMNS), rows, chosen), nl=False)
        return
    print_table(console, rows_table("corrections", CORRECTION_COLUMNS, rows))


@app.command("queries")
def queries_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the catalogue: each query's name, parameters and description."""
    from queries.catalogue import catalogue

    entries = sorted(catalogue().values(), key=lambda q: q.name)
    if as_json:
        listing = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "required": p.required,
                        "description": p.description,
                    }
                    for p in q.parameters
                ],
                "columns": list(q.columns),
            }
            for q in entries
        ]
        typer.echo(pretty_json(listing))
        return
    table = Table(title="govkg queries", show_lines=True)
    for column in ("name", "parameters", "description"):
        table.add_column(column, overflow="fold")
    for q in entries:
        described = [
            f"{p.name}: {p.type}"
            + ("" if p.required else f" = {cell(p.default) or 'none'}")
            + (f" — {p.description}" if p.description else "")
            for p in q.parameters
        ]
        table.add_row(q.name, "\n".join(described), q.description or q.title)
    console.print(table)


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

    settings = settings_from(store, data_dir)
    if settings.store == "neo4j":
        # Reach the server before uvicorn starts, whose failed start-up is a traceback.
        with opened_store(settings):
            pass
    uvicorn.run(create_app(settings), host=host, port=port)


@app.command("browser")
def browser_command(
    style_only: Annotated[
        bool, typer.Option("--style-only", help="Print only the GraSS style sheet.")
    ] = False,
) -> None:
    """Print the Neo4j Browser style (apply with :style) and ready-to-run queries with :param."""
    from graph.browser import browser_script, style_text

    typer.echo(style_text() if style_only else browser_script(), nl=False)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    # SIGTERM unwinds like Ctrl-C: open stores close and worker pools are shut down.
    raise SystemExit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        app()
    except GovkgError as exc:
        errors.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
