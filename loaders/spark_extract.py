"""Extraction on Apache Spark: the facts of `govkg extract`, computed by a cluster.

    govkg extract --engine spark PATHS -o facts.jsonl [--master URL] [--format parquet]
    spark-submit [SPARK OPTIONS] .../loaders/spark_extract.py PATHS -o facts.jsonl

Inputs are what the local path reads (files and folders of .txt, .html, .json and
.jsonl articles), plus Parquet tables of articles (the columns of a JSON Lines article:
``text``/``body``/``content``, and ``id``, ``title``, ``date``, ``url``, ``outlet``,
``author``). The driver only plans: it lists the files, cuts JSON Lines files into runs
of lines and Parquet files into runs of rows, and groups these units into partitions of
about equal size. Executors read their units with the local readers' own steps and run
the same extraction function, so ids, paths, checksums, facts and the reasons inputs
are skipped come out as the local path gives them; the driver then writes the facts in
input order, after the same duplicate-id check, byte for byte the local output.

Facts go out as JSON Lines (one document a line) or Parquet (one row a document: its
``id`` and ``facts``, the JSON line), which `govkg load` reads too. Inputs must be on a
filesystem the executors see at the same paths (a shared mount on a cluster); the output
file is written by the driver.

PySpark is imported only when a session is made, and pyarrow only for Parquet, so
`govkg load` of a JSON Lines facts file needs neither.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import GovkgError
from graph.identity import path_id
from graph.model import FACTS_FORMAT, DocumentFacts
from loaders.pipeline import _extract_or_fail, warm_up
from loaders.reading import (
    DEFAULT_MAX_BYTES,
    JSONL_EXTS,
    TEXT_FIELDS,
    Article,
    ReadFailure,
    _article_from_object,
    _capped_lines,
    _files,
    _jsonl_items,
    _read_file,
)
from loaders.sources import valid_facts

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Failure = tuple[str, str]
Document = tuple[str, str]  # (document id, facts JSON): one line of the output
FORMATS = ("jsonl", "parquet")
PARQUET_EXTS = frozenset({".parquet"})
ARTICLE_COLUMNS = ("id", "title", "date", "url", "outlet", "author", *TEXT_FIELDS)
FACTS_COLUMNS = ("id", "facts")
FORMAT_KEY = b"govkg.format"  # Parquet key-value metadata: which facts format the rows hold
NEEDS_PYARROW = "Parquet needs pyarrow: pip install 'govkg[spark]'"
NEEDS_PYSPARK = "the spark engine needs pyspark (and Java 17+): pip install 'govkg[spark]'"


class SparkSetupError(GovkgError):
    """What the spark engine or Parquet needs is missing, or Spark does not start."""

    code = "spark_unavailable"


# Units small enough that partitions balance; a JSON Lines file of no more lines than
# this is read whole, by the local reader itself.
LINES_PER_UNIT = 64
ROWS_PER_UNIT = 64
PARTITIONS_PER_CORE = 4
MAX_PARTITION_BYTES = 32_000_000  # the driver holds one partition's facts at a time
_UNIT_OVERHEAD = 2_000  # bytes a unit weighs beyond its size: opening a file costs too

# Unit kinds, and the records executors send back.
FILE, LINES, ROWS, FAILED = "file", "lines", "rows", "failed"
_FAIL, _DOC, _END = 0, 1, 2


# --- planning (driver) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of input an executor reads: a file, a run of lines or rows, or a failure
    found while listing (kept in its place so failures are reported in input order)."""

    kind: str
    given: str  # the path as given, under which failures are reported
    read: str = ""  # the file to open, absolute: an executor has its own working folder
    rel: str = ""  # what ``given`` is called in the documents' paths (relative to its root)
    stem: str = ""  # the id the path gives (see graph.identity.path_id)
    offset: int = 0  # LINES: byte offset of the first line; ROWS: first row of the group
    group: int = 0  # ROWS: row group of the file
    first: int = 1  # LINES, ROWS: number of the first line or row, from 1
    count: int = 0  # LINES, ROWS: how many
    file: int = 0  # LINES: the file's number, to tell a file where no line held anything
    last: bool = True  # LINES: the file's last run
    reason: str = ""  # FAILED: why
    items: int = 1  # documents or failures expected (the progress bar's total)
    weight: int = _UNIT_OVERHEAD  # bytes, to balance partitions


@dataclass(frozen=True, slots=True)
class Plan:
    units: list[Unit]

    @property
    def total(self) -> int:
        return sum(u.items for u in self.units)

    @property
    def weight(self) -> int:
        return sum(u.weight for u in self.units)

    def partitions(self, count: int) -> list[list[Unit]]:
        """Consecutive units in ``count`` groups of about equal weight (fewer when there
        are fewer units): order is kept, so the output needs no sort."""
        count = max(1, min(count, len(self.units)))
        target = self.weight / count
        groups: list[list[Unit]] = [[] for _ in range(count)]
        done = 0
        for unit in self.units:
            # A unit goes to the group its middle falls in.
            groups[min(count - 1, int((done + unit.weight / 2) / target))].append(unit)
            done += unit.weight
        return [g for g in groups if g]


def is_parquet_input(path: Path) -> bool:
    """A .parquet file, or a folder of Parquet files as Spark and others write them
    (``articles.parquet/part-*.parquet``, ``_SUCCESS``, hidden checksums)."""
    if path.suffix.lower() in PARQUET_EXTS and not path.is_dir():
        return path.is_file()  # anything else is the local listing's to report, unopened
    return path.is_dir() and bool(_parquet_parts(path)) and not _has_other_files(path)


def _visible(path: Path, root: Path) -> bool:
    return not any(p.startswith((".", "_")) for p in path.relative_to(root).parts)


def _parquet_parts(folder: Path) -> list[Path]:
    parts = (p for p in folder.rglob("*") if p.suffix.lower() in PARQUET_EXTS and p.is_file())
    return sorted((p for p in parts if _visible(p, folder)), key=lambda p: p.as_posix())


def _has_other_files(folder: Path) -> bool:
    return any(
        p.is_file() and p.suffix.lower() not in PARQUET_EXTS and _visible(p, folder)
        for p in folder.rglob("*")
    )


def plan_inputs(
    paths: Iterable[Path | str],
    *,
    lines_per_unit: int = LINES_PER_UNIT,
    rows_per_unit: int = ROWS_PER_UNIT,
) -> Plan:
    """The units of every input, in the order the local path reads them."""
    units: list[Unit] = []
    files = 0

    def local_inputs() -> Iterator[Path]:
        # The local listing (sorted folders, each file once, failures in place) over the
        # paths that are not Parquet; a Parquet input is planned when the listing reaches
        # it, so units stay in the order the paths were given.
        for given in paths:
            p = Path(given)
            if is_parquet_input(p):
                units.extend(_parquet_units(p, rows_per_unit))
            else:
                yield p

    for found in _files(local_inputs()):
        if isinstance(found, ReadFailure):
            units.append(Unit(FAILED, found.path, reason=found.reason))
            continue
        f, root = found
        rel = f.relative_to(root).as_posix()
        base = Unit(FILE, str(f), read=str(f.absolute()), rel=rel, stem=path_id(rel))
        files += 1
        if f.suffix.lower() in JSONL_EXTS:
            units.extend(_jsonl_units(base, files, lines_per_unit))
        else:
            units.append(replace(base, weight=_size(f) + _UNIT_OVERHEAD))
    return Plan(units)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _jsonl_units(base: Unit, file: int, per_unit: int) -> list[Unit]:
    """Runs of ``per_unit`` lines; a short file (or one that cannot be scanned here) is one
    unit read by the local reader itself, its failures included."""
    runs: list[list[int]] = []  # [byte offset, first line, lines, non-empty lines, bytes]
    try:
        with open(base.read, "rb") as handle:
            offset = 0
            for number, line in enumerate(handle):
                if number % per_unit == 0:
                    runs.append([offset, number + 1, 0, 0, 0])
                run = runs[-1]
                run[2] += 1
                run[3] += bool(line.strip())
                run[4] += len(line)
                offset += len(line)
    except OSError:
        return [base]
    if len(runs) <= 1:
        # count_inputs' figure: a file with no record is still one (failed) input
        items = max(1, runs[0][3]) if runs else 1
        return [replace(base, items=items, weight=sum(r[4] for r in runs) + _UNIT_OVERHEAD)]
    empty = not any(r[3] for r in runs)
    return [
        replace(
            base,
            kind=LINES,
            offset=offset,
            first=first,
            count=lines,
            file=file,
            last=i == len(runs) - 1,
            items=nonempty + (empty and i == len(runs) - 1),
            weight=size + _UNIT_OVERHEAD,
        )
        for i, (offset, first, lines, nonempty, size) in enumerate(runs)
    ]


def _parquet_units(path: Path, per_unit: int) -> list[Unit]:
    """Runs of rows of a Parquet file or folder, numbered across its files as one table:
    ``articles.parquet#3``, id ``articles-3`` when the row gives none."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        return [Unit(FAILED, str(path), reason=NEEDS_PYARROW)]
    rel = path.name or path.absolute().name
    base = Unit(ROWS, str(path), rel=rel, stem=path_id(rel))
    parts = [path] if path.is_file() else _parquet_parts(path)
    units: list[Unit] = []
    number = 1
    for part in parts:
        try:
            meta = pq.ParquetFile(part).metadata
        except Exception as exc:  # pyarrow raises its own kinds for a file that is no Parquet
            units.append(Unit(FAILED, str(part), reason=f"not a readable Parquet file: {exc}"))
            continue
        names = set(meta.schema.names)
        if not names & set(TEXT_FIELDS):
            reason = "Parquet file without a text, body or content column"
            units.append(Unit(FAILED, str(part), reason=reason))
            continue
        for group in range(meta.num_row_groups):
            rows = meta.row_group(group).num_rows
            size = meta.row_group(group).total_byte_size
            for start in range(0, rows, per_unit):
                count = min(per_unit, rows - start)
                units.append(
                    replace(
                        base,
                        read=str(part.absolute()),
                        group=group,
                        offset=start,
                        first=number,
                        count=count,
                        items=count,
                        weight=size * count // max(rows, 1) + _UNIT_OVERHEAD,
                    )
                )
                number += count
    if not units:
        units.append(Unit(FAILED, str(path), reason="Parquet input with no rows"))
    return units


# --- reading and extracting (executors) ----------------------------------------------------

Record = tuple[Any, ...]


def _as_given(path: str, unit: Unit) -> str:
    """A path the reader made from the absolute file, as the path given names it."""
    return unit.given + path[len(unit.read) :] if unit.read and path.startswith(unit.read) else path


def _record(item: Article | ReadFailure, unit: Unit) -> Record:
    """What the local path does with one read item, short of the duplicate check (which
    needs every id of the batch, so the driver makes it)."""
    if isinstance(item, ReadFailure):
        return (_FAIL, _as_given(item.path, unit), item.reason)
    raw = _as_given(item.path, unit) if item.path else None
    article = item
    if raw is not None:
        # iter_articles' _relative: a stored path never shows where the machine keeps files
        path = unit.rel + raw[len(unit.given) :] if raw.startswith(unit.given) else raw
        article = replace(item, path=path)
    result = _extract_or_fail(article)
    if isinstance(result, DocumentFacts):
        return (_DOC, item.id, raw or "", result.to_json(), None)
    return (_DOC, item.id, raw or "", None, result)


def _read_lines(unit: Unit, max_bytes: int) -> Iterator[Record]:
    """A run of lines of a JSON Lines file, as loaders.reading._read_jsonl reads them."""
    found = False
    try:
        with open(unit.read, "rb") as handle:
            handle.seek(unit.offset)
            lines = islice(_capped_lines(handle, max_bytes), unit.count)
            numbered = ((unit.first + i - 1, line) for i, line in lines)
            for item in _jsonl_items(numbered, unit.given, unit.stem, max_bytes):
                found = True
                yield _record(item, unit)
    except OSError as exc:
        yield (_FAIL, unit.given, f"cannot read file: {exc.strerror or exc}")
        return
    yield (_END, unit.file, found, unit.last, unit.given)


class _RowGroups:
    """The last row group read: the runs of one group in a partition decode it once."""

    def __init__(self) -> None:
        self._key: tuple[str, int] | None = None
        self._table: Any = None

    def get(self, path: str, group: int) -> Any:
        if self._key != (path, group):
            import pyarrow.parquet as pq

            parquet = pq.ParquetFile(path)
            columns = [c for c in ARTICLE_COLUMNS if c in parquet.schema_arrow.names]
            self._table = parquet.read_row_group(group, columns=columns)
            self._key = (path, group)
        return self._table


def _plain(value: Any) -> Any:
    """A Parquet date or timestamp is read as the ISO date a JSON article would give."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _read_rows(unit: Unit, groups: _RowGroups) -> Iterator[Record]:
    try:
        table = groups.get(unit.read, unit.group).slice(unit.offset, unit.count)
    except Exception as exc:  # a file changed or gone since it was planned
        yield (_FAIL, unit.given, f"not a readable Parquet file: {exc}")
        return
    for i, row in enumerate(table.to_pylist()):
        n = unit.first + i
        obj = {k: _plain(v) for k, v in row.items()}
        yield _record(_article_from_object(obj, f"{unit.stem}-{n}", f"{unit.given}#{n}"), unit)


def _read_unit(unit: Unit, max_bytes: int, groups: _RowGroups) -> Iterator[Record]:
    if unit.kind == FAILED:
        yield (_FAIL, unit.given, unit.reason)
    elif unit.kind == LINES:
        yield from _read_lines(unit, max_bytes)
    elif unit.kind == ROWS:
        yield from _read_rows(unit, groups)
    else:
        for item in _read_file(Path(unit.read), max_bytes, unit.stem):
            yield _record(item, unit)


def _extract_partition(groups: Iterable[list[Unit]], max_bytes: int) -> Iterator[Record]:
    # Python workers are reused across tasks, so the gazetteer, the programme list and
    # Kiwi load once per worker; later partitions find them loaded.
    warm_up()
    row_groups = _RowGroups()
    for units in groups:
        for unit in units:
            yield from _read_unit(unit, max_bytes, row_groups)


# --- the job (driver) ---------------------------------------------------------------------


def _in_order(
    records: Iterable[Record], on_failure: Callable[[Failure], None]
) -> Iterator[Document]:
    """The documents, with iter_articles' duplicate check made over the whole batch: the
    first path to give an id keeps it, a later one is a one-line skip."""
    ids: dict[str, str] = {}
    found: dict[int, bool] = {}
    for record in records:
        if record[0] == _FAIL:
            on_failure((record[1], record[2]))
        elif record[0] == _DOC:
            _, doc_id, raw, facts, failure = record
            first = ids.setdefault(doc_id, raw)
            if first != raw:
                reason = f"duplicate document id {doc_id!r} (first read from {first})"
                on_failure((raw or doc_id, reason))
            elif facts is None:
                on_failure(failure)
            else:
                yield doc_id, facts
        else:  # the end of a run of lines: a file where no line held anything is empty
            _, file, any_found, last, given = record
            found[file] = found.get(file, False) or any_found
            if last and not found.pop(file):
                on_failure((given, "empty file"))


def extract_documents(
    spark: SparkSession,
    paths: Iterable[Path | str],
    on_failure: Callable[[Failure], None],
    *,
    plan: Plan | None = None,
    partitions: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document]:
    """(id, facts JSON) for every article under ``paths``, in input order, extracted by
    the executors of ``spark``; bad inputs go to ``on_failure`` and are skipped.

    ``plan`` is ``plan_inputs(paths)`` when the caller made it already (for a progress
    total); ``partitions`` defaults to 4 per core, more when a partition would pass 32 MB.
    """
    from pyspark import StorageLevel

    plan = plan if plan is not None else plan_inputs(paths)
    if not plan.units:
        return
    context = spark.sparkContext
    if partitions is None:
        by_size = math.ceil(plan.weight / MAX_PARTITION_BYTES)
        partitions = max(PARTITIONS_PER_CORE * context.defaultParallelism, by_size)
    groups = plan.partitions(partitions)
    records = context.parallelize(groups, len(groups)).mapPartitions(
        partial(_extract_partition, max_bytes=max_bytes)
    )
    # All partitions run at once on every core (count), then stream back to the driver
    # one at a time, in order (toLocalIterator alone would run them one after another).
    records.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        context.setJobDescription("govkg extract")
        records.count()
        yield from _in_order(records.toLocalIterator(), on_failure)
    finally:
        records.unpersist()


# --- the session ----------------------------------------------------------------------------

# Log4j's configuration for a session this module starts: warnings and errors only, and
# none of the start-up banner (Spark prints it when it finds no configuration).
_LOG4J2 = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = spark %p %c{1}: %m%n%ex
logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader
logger.hadoop.level = error
"""


@contextmanager
def spark_session(
    master: str | None = None,
    *,
    app_name: str = "govkg-extract",
    conf: dict[str, str] | None = None,
) -> Iterator[SparkSession]:
    """A SparkSession for extraction, stopped on leaving; an active one is used as it is.

    ``master`` None takes spark-submit's (or PySpark's default). A JVM this starts logs
    warnings only; in local mode the workers run this Python, and no network address is
    looked up.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkSetupError(NEEDS_PYSPARK) from None
    active = SparkSession.getActiveSession()
    if active is not None:  # the caller's (a notebook, a test), left running for it
        yield active
        return
    settings = {
        "spark.ui.showConsoleProgress": "false",
        "spark.log.level": "WARN",
        "spark.python.worker.reuse": "true",  # extraction state is loaded once per worker
    }
    local = master is not None and master.startswith("local")
    if local and "PYSPARK_PYTHON" not in os.environ:
        settings["spark.pyspark.python"] = sys.executable
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings["spark.ui.enabled"] = "false"  # nobody watches a one-machine run's web page
    settings |= conf or {}
    log_config: str | None = None
    # Under spark-submit the JVM runs already, configured by its caller.
    if "PYSPARK_GATEWAY_PORT" not in os.environ and "spark.driver.extraJavaOptions" not in settings:
        with tempfile.NamedTemporaryFile(
            "w", prefix="govkg-log4j2-", suffix=".properties", delete=False
        ) as handle:
            handle.write(_LOG4J2)
        log_config = handle.name
        settings["spark.driver.extraJavaOptions"] = f"-Dlog4j2.configurationFile=file:{log_config}"
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        try:
            spark = builder.getOrCreate()
        except Exception as exc:  # no Java, a master that does not answer: PySpark's kinds
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise SparkSetupError(
                f"cannot start Spark ({master or 'default'}): {first_line}"
            ) from exc
        try:
            yield spark
        finally:
            spark.stop()
    finally:
        if log_config is not None:
            Path(log_config).unlink(missing_ok=True)


# --- facts files ------------------------------------------------------------------------------


def write_facts(
    output: Path,
    documents: Iterable[Document],
    *,
    format: str = "jsonl",
    on_written: Callable[[int], None] = lambda n: None,
    batch_rows: int = 1_000,
) -> int:
    """Write facts as JSON Lines (one document a line) or Parquet (``id`` and ``facts``, the
    same JSON line, a row each); a finished file or none under the real name."""
    if format not in FORMATS:
        raise ValueError(f"unknown facts format {format!r}: jsonl or parquet")
    partial_file = output.with_name(output.name + ".partial")
    count = 0
    if format == "jsonl":
        with partial_file.open("w", encoding="utf-8") as handle:
            for _, facts in documents:
                handle.write(facts + "\n")
                count += 1
                on_written(1)
    else:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise SparkSetupError(NEEDS_PYARROW) from None
        schema = pa.schema(
            [("id", pa.string()), ("facts", pa.string())],
            metadata={FORMAT_KEY: FACTS_FORMAT.encode()},
        )
        with pq.ParquetWriter(partial_file, schema, compression="zstd") as writer:
            batch: list[Document] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= batch_rows:
                    count += _write_batch(writer, schema, batch, on_written)
            count += _write_batch(writer, schema, batch, on_written)
    partial_file.replace(output)
    return count


def _write_batch(
    writer: Any, schema: Any, batch: list[Document], on_written: Callable[[int], None]
) -> int:
    import pyarrow as pa

    if not batch:
        return 0
    ids, facts = zip(*batch, strict=True)
    writer.write_table(pa.table([list(ids), list(facts)], schema=schema))
    written = len(batch)
    batch.clear()
    on_written(written)
    return written


def is_parquet_facts(path: Path) -> bool:
    """A .parquet file (the magic bytes checked, nothing parsed): what `govkg load` reads
    as facts; one without the facts column is reported when read."""
    if path.suffix.lower() not in PARQUET_EXTS or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PAR1"
    except OSError:
        return False


def count_parquet_rows(path: Path) -> int:
    """Rows of a Parquet file, from its footer (1 when it cannot be read: one failure)."""
    try:
        import pyarrow.parquet as pq

        return max(1, pq.ParquetFile(path).metadata.num_rows)
    except Exception:  # no pyarrow, or no Parquet: read_parquet_facts says which
        return 1


def read_parquet_facts(
    path: Path, on_failure: Callable[[Failure], None], *, batch_rows: int = 1_000
) -> Iterator[DocumentFacts]:
    """The documents of a Parquet facts file; a bad row is a one-line skip, as a bad line of
    a JSON Lines facts file is."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        on_failure((str(path), NEEDS_PYARROW))
        return
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow's own error kinds
        on_failure((str(path), f"not a readable Parquet file: {exc}"))
        return
    if "facts" not in parquet.schema_arrow.names:
        reason = (
            "Parquet without a facts column (articles? extract them first: "
            "govkg extract --engine spark)"
        )
        on_failure((str(path), reason))
        return
    batches = parquet.iter_batches(batch_size=batch_rows, columns=["facts"])
    rows = (line for batch in batches for line in batch.column(0).to_pylist())
    yield from valid_facts(((f"{path}#{n}", line) for n, line in enumerate(rows, 1)), on_failure)


# --- spark-submit ------------------------------------------------------------------------------


def _conf_pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="spark_extract",
        description="Extract facts from articles on Apache Spark (as govkg extract does).",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="Article files or folders, Parquet")
    parser.add_argument("-o", "--output", type=Path, required=True, help="Facts file")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="Facts file format")
    parser.add_argument("--master", help="Spark master (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, help="Partitions (default: 4 per core)")
    parser.add_argument(
        "--conf", type=_conf_pair, action="append", default=[], help="Spark setting KEY=VALUE"
    )
    args = parser.parse_args(argv)
    missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
    if missing:
        print(
            "error: " + "; ".join(f"{p}: no such file or directory" for p in missing),
            file=sys.stderr,
        )
        return 1
    failures: list[Failure] = []
    plan = plan_inputs(args.paths)
    with spark_session(args.master, conf=dict(args.conf)) as spark:
        documents = extract_documents(
            spark, args.paths, failures.append, plan=plan, partitions=args.partitions
        )
        count = write_facts(args.output, documents, format=args.format)
    for where, reason in failures:
        print(f"skipped {where}: {reason}", file=sys.stderr)
    print(f"extracted {count} document(s) to {args.output}; {len(failures)} skipped")
    return 0


if __name__ == "__main__":
    # Run as a file (spark-submit .../loaders/spark_extract.py): its folder is no place to
    # import from, and the functions executors call must be the package's, by name.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    from loaders.spark_extract import main as package_main

    sys.exit(package_main())
