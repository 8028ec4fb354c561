"""The Neo4j 5 store, through the official driver.

Every write runs in one managed transaction (`execute_write`), so it is retried
on transient errors and works unchanged against a cluster (`neo4j://` routing
URIs); reads use `execute_read`. Writes are batched `UNWIND $rows` statements,
one per label or relationship type. Labels and types in statement text come
from the schema, never from input; everything else is a parameter.
"""

from __future__ import annotations

import math
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError as DriverAuthError
from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable

from graph.contributions import Contribution, EdgeKey, contribution_of, plan_retract
from graph.corrections import Correction, Rewrite, hand_made_facts, refold_scope
from graph.errors import (
    BadParameterError,
    GovkgError,
    InputError,
    QueryRefusedError,
    QueryTimeoutError,
    StoreUnavailableError,
)
from graph.inference import INFERRED_TYPES
from graph.merge import public_edge
from graph.model import DocumentFacts
from graph.schema import (
    ALL_LABELS,
    ALL_TYPES,
    CORRECTION_LABEL,
    DOCUMENT_LABEL,
    ENTITY_LABELS,
    MAX_KEY_BYTES,
    MENTIONED_IN,
    document_node_id,
    label_of_id,
)
from graph.stores.base import ApplyReport
from graph.stores.collector import collector_paused
from graph.stores.neo4j_merge import (
    EDGE_UPDATE,
    FIXED_PLAN,
    NODE_UPDATE,
    edge_changes,
    edge_rows,
    edge_statement,
    ids_by_label,
    lock_statement,
    node_changes,
    node_rows,
    node_statement,
    stored_node_props,
)

if TYPE_CHECKING:
    from queries.catalogue import Query

FULLTEXT_INDEX = "entity_names"
# Exact name-key lookups for the catalogue queries: one untokenised term per entry
# of a node's `keys` list, so `WHERE $key IN n.keys` needs no scan.
KEYS_INDEX = "entity_keys"
# The time limit of a catalogue query, in seconds.
CATALOGUE_TIMEOUT = 30.0
# A Document node keeps its document's facts (the store's ledger, read to retract
# or replace the document) as zlib-compressed JSON: a seventh of the bytes to write.
FACTS_PROPERTY = "facts_zlib"
# A node's documents, read from its MENTIONED_IN relationships (nodes keep no list of
# them: a node named in every document would be rewritten whole by each one).
_SOURCES = f"[(n)-[:{MENTIONED_IN}]->(d) | d.doc_id] AS sources"
# Properties a node record never shows: the packed facts, and the list of documents
# that databases written before MENTIONED_IN carried them kept on the node.
_UNSHOWN = frozenset({FACTS_PROPERTY, "sources"})
_BATCH = 5000
InferFn = Callable[[Any], list[dict[str, Any]]]


def _unavailable(uri: str, exc: BaseException) -> BaseException:
    """Driver errors met while opening, as StoreUnavailableError; others unchanged.

    The driver's messages span lines; the error is one line, for logs and terminals."""
    if isinstance(exc, DriverAuthError):
        return StoreUnavailableError(f"Neo4j at {uri} refused the credentials")
    if isinstance(exc, ServiceUnavailable | OSError | ValueError):
        return StoreUnavailableError(f"cannot reach Neo4j at {uri}: {_one_line(str(exc))}")
    if isinstance(exc, Neo4jError):
        return StoreUnavailableError(f"Neo4j at {uri}: {_one_line(exc.message or '')}")
    return exc


def _one_line(text: str) -> str:
    return " ".join(text.split())


def pack_facts(facts_json: str) -> bytes:
    return zlib.compress(facts_json.encode("utf-8"), 1)


def unpack_facts(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8")


def _label(node_id: str) -> str:
    label = label_of_id(node_id)
    if label is None:  # validated facts never get here
        raise ValueError(f"no label for id {node_id!r}")
    return label


class _Rows(list):
    """A statement's rows, with a short repr: the driver formats every statement's
    parameters for its debug log even when nothing logs, which cost the client as
    much time as packing them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _chunks(rows: list[Any], size: int = _BATCH) -> Iterable[list[Any]]:
    for i in range(0, len(rows), size):
        yield _Rows(rows[i : i + size])


def schema_statements() -> list[str]:
    """Constraints and indexes, all idempotent, derived from the schema."""
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in ALL_LABELS
    ]
    statements += [
        f"CREATE INDEX {label.lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"
        for label in ENTITY_LABELS
    ]
    statements.append(
        f"CREATE INDEX document_doc_id IF NOT EXISTS FOR (n:{DOCUMENT_LABEL}) ON (n.doc_id)"
    )
    statements.append(
        f"CREATE CONSTRAINT correction_id IF NOT EXISTS FOR (c:{CORRECTION_LABEL}) "
        "REQUIRE c.id IS UNIQUE"
    )
    labels = "|".join(ENTITY_LABELS)
    statements.append(
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
        f"FOR (n:{labels}) ON EACH [n.name, n.aliases, n.name_en]"
    )
    statements.append(
        f"CREATE FULLTEXT INDEX {KEYS_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [n.keys] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}"
    )
    return statements


class Neo4jStore:
    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        self.uri = uri
        self.auth = (user, password)
        self.database = database
        self._driver: neo4j.Driver | None = None

    # -- lifecycle ---------------------------------------------------------

    def open(self) -> None:
        driver: neo4j.Driver | None = None
        try:
            driver = GraphDatabase.driver(
                self.uri,
                auth=self.auth,
                # "No such label, type or property yet" on a young graph is noise.
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED
                ],
            )
            driver.verify_connectivity()
            with driver.session(database=self.database) as session:
                for statement in schema_statements():
                    session.run(statement).consume()
                session.run("CALL db.awaitIndexes(300)").consume()
        except BaseException as exc:
            if driver is not None:
                driver.close()
            mapped = _unavailable(self.uri, exc)
            if mapped is exc:
                raise
            raise mapped from exc
        self._driver = driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            raise StoreUnavailableError("the Neo4j store is not open")
        return self._driver

    def _write(self, work, *args: Any) -> Any:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work, *args)

    def _read(self, work, *args: Any) -> Any:
        with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            return session.execute_read(work, *args)

    # -- writes ------------------------------------------------------------

    def apply(self, batch: Sequence[DocumentFacts]) -> ApplyReport:
        for facts in batch:
            facts.validate()
        latest = {f.document.id: f for f in batch}
        with collector_paused():
            return self._write(_apply_tx, list(latest.values()))

    def retract(self, doc_id: str) -> bool:
        return self._write(_retract_tx, doc_id)

    def corrections(self) -> list[Correction]:
        return self._read(_corrections_tx)

    def add_correction(
        self, kind: str, args: dict[str, Any], note: str, author: str, created: str
    ) -> Correction:
        return self._write(_add_correction_tx, kind, args, note, author, created)

    def undo_correction(
        self, correction: Correction, author: str, note: str, when: str
    ) -> Correction:
        return self._write(_undo_correction_tx, correction.id, author, note, when)

    def replace_inferred(self, edges: Sequence[dict[str, Any]]) -> None:
        self._write(_replace_inferred_tx, list(edges))

    def refresh_inferred(self, compute: InferFn) -> int:
        """Swap the inferred edges for ``compute(reader)``, in one locked transaction."""
        return self._write(_refresh_tx, compute)

    def clear(self) -> None:
        """Delete everything (tests and benchmarks)."""
        with self.driver.session(database=self.database) as session:
            # Relationships first: a hub node's thousands of them in one inner
            # transaction ran out of the server's transaction memory.
            session.run(
                "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    # -- reads -------------------------------------------------------------

    def document_ids(self) -> list[str]:
        def work(tx: ManagedTransaction) -> list[str]:
            result = tx.run(f"MATCH (d:{DOCUMENT_LABEL}) RETURN d.doc_id AS id ORDER BY id")
            return [r["id"] for r in result]

        return self._read(work)

    def document_facts(self, doc_id: str) -> DocumentFacts | None:
        found = self._read(_facts_tx, [doc_id])
        return found[0] if found else None

    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        return self._read(_nodes_tx, ids)

    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        return self._read(_edges_tx, types)

    def stats(self) -> dict[str, Any]:
        def work(tx: ManagedTransaction) -> dict[str, dict[str, int]]:
            found: dict[str, dict[str, int]] = {"label": {}, "type": {}}
            for r in tx.run(_COUNTS):
                if r["n"]:
                    found[r["kind"]][r["name"]] = r["n"]
            return found

        found = self._read(work)
        labels, types = found["label"], found["type"]
        return {
            "store": self.name,
            "documents": labels.get(DOCUMENT_LABEL, 0),
            "nodes": sum(labels.values()),
            "edges": sum(types.values()),
            "labels": dict(sorted(labels.items())),
            "types": dict(sorted(types.items())),
        }

    def run_catalogue(self, query: Query, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run a catalogue query's Cypher with its bound parameters, in a read transaction."""
        try:
            return self._read(_catalogue_tx, query.cypher, params)
        except Neo4jError as exc:
            if "TransactionTimedOut" in (exc.code or ""):
                raise QueryTimeoutError(
                    f"{query.name} ran past the {CATALOGUE_TIMEOUT:g} s time limit"
                ) from exc
            raise GovkgError(f"Neo4j failed to run {query.name}: {exc.message}") from exc
        except DriverError as exc:
            raise StoreUnavailableError(f"Neo4j at {self.uri}: {exc}") from exc

    # -- ad-hoc Cypher -----------------------------------------------------

    def run_cypher_readonly(
        self,
        text: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float = 10.0,
        row_limit: int = 1000,
    ) -> dict[str, Any]:
        """Run one statement that may only read: ``{"columns", "rows", "truncated"}``.

        Three guards, each enough for writes: the statement's plan (EXPLAIN) must be a
        read without LOAD CSV or TERMINATE TRANSACTIONS; the session is in READ access
        mode, so the server itself refuses any write; and the transaction has a time
        limit. At most ``row_limit`` rows come back (``truncated`` says if more existed).
        """
        work = neo4j.unit_of_work(timeout=timeout)(_readonly_tx)
        deadline = time.monotonic() + timeout
        try:
            with self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                notifications_min_severity="OFF",
            ) as session:
                return session.execute_read(work, text, dict(params or {}), row_limit, deadline)
        except Neo4jError as exc:
            raise _cypher_error(exc, timeout) from exc
        except DriverError as exc:
            raise StoreUnavailableError(f"Neo4j at {self.uri}: {exc}") from exc


def _counts_statement() -> str:
    """Nodes per label and relationships per type, each a lookup in the count store.

    One label or one type per count, with nothing else in the pattern, is what
    the planner answers from the count store (constant time, whatever the size).
    """
    parts = [
        f"MATCH (n:{label}) WITH count(n) AS n RETURN 'label' AS kind, '{label}' AS name, n"
        for label in ALL_LABELS
    ]
    parts += [
        f"MATCH ()-[r:{rel_type}]->() WITH count(r) AS n "
        f"RETURN 'type' AS kind, '{rel_type}' AS name, n"
        for rel_type in ALL_TYPES
    ]
    return "CALL () { " + " UNION ALL ".join(parts) + " } RETURN kind, name, n"


_COUNTS = _counts_statement()


@neo4j.unit_of_work(timeout=CATALOGUE_TIMEOUT)
def _catalogue_tx(
    tx: ManagedTransaction, cypher: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    # Catalogue statements return only maps, lists and primitives: rows are JSON as they are.
    return [dict(record) for record in tx.run(cypher, params)]


def _nodes_tx(tx: ManagedTransaction, ids: Iterable[str] | None) -> list[dict[str, Any]]:
    if ids is not None:
        found = _fetch_nodes(tx, set(ids))
        return [found[n] for n in sorted(found)]
    result = tx.run(
        f"MATCH (n) WHERE NOT n:{CORRECTION_LABEL} "
        f"RETURN labels(n)[0] AS label, properties(n) AS props, {_SOURCES} ORDER BY n.id"
    )
    return [_node_record(r["label"], r["props"], r["sources"]) for r in result]


def _edges_tx(tx: ManagedTransaction, types: Iterable[str] | None) -> list[dict[str, Any]]:
    result = tx.run(
        "MATCH (a)-[r]->(b) WHERE $types IS NULL OR type(r) IN $types "
        "RETURN type(r) AS type, a.id AS source, b.id AS target, "
        "properties(r) AS props ORDER BY type, source, target",
        types=None if types is None else sorted(set(types)),
    )
    return [
        {"type": r["type"], "source": r["source"], "target": r["target"], **r["props"]}
        for r in result
    ]


def _node_record(
    label: str, props: dict[str, Any], sources: list[str] | None = None
) -> dict[str, Any]:
    """A node's record as both stores give it: an entity's with its documents
    (``sources``, sorted), when they were read."""
    record = {k: v for k, v in props.items() if k not in _UNSHOWN}
    record["label"] = label
    record.setdefault("aliases", [])
    if sources is not None and label != DOCUMENT_LABEL:
        record["sources"] = sorted(sources)
    return record


# -- transaction functions (pure in their inputs: safe to retry) -----------


def _facts_tx(tx: ManagedTransaction, doc_ids: list[str]) -> list[DocumentFacts]:
    result = tx.run(
        f"MATCH (d:{DOCUMENT_LABEL}) WHERE d.doc_id IN $ids RETURN d.{FACTS_PROPERTY} AS packed",
        ids=doc_ids,
    )
    return [DocumentFacts.from_json(unpack_facts(r["packed"])) for r in result if r["packed"]]


def _fetch_nodes(
    tx: ManagedTransaction, ids: Iterable[str], element_ids: dict[str, str] | None = None
) -> dict[str, dict[str, Any]]:
    """Stored node records by id; ``element_ids`` (if given) receives their element ids."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for node_id in ids:
        label = label_of_id(node_id)
        # An id without a known label, or too long to index, names no stored node.
        if label is not None and len(node_id.encode("utf-8")) <= MAX_KEY_BYTES:
            by_label[label].append(node_id)
    # Every statement is sent before any result is read (Bolt pipelining), so the
    # server works on one while the client packs the next.
    pending = [
        (
            label,
            tx.run(
                f"MATCH (n:{label}) WHERE n.id IN $ids "
                f"RETURN properties(n) AS props, elementId(n) AS eid, {_SOURCES}",
                ids=chunk,
            ),
        )
        for label, label_ids in by_label.items()
        for chunk in _chunks(label_ids)
    ]
    found: dict[str, dict[str, Any]] = {}
    for label, result in pending:
        for r in result:
            props = r["props"]
            found[props["id"]] = _node_record(label, props, r["sources"])
            if element_ids is not None:
                element_ids[props["id"]] = r["eid"]
    return found


def _fetch_edges(tx: ManagedTransaction, keys: Iterable[EdgeKey]) -> dict[EdgeKey, dict[str, Any]]:
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for rel_type, source, target in keys:
        groups[(rel_type, _label(source), _label(target))].append({"s": source, "t": target})
    found: dict[EdgeKey, dict[str, Any]] = {}
    for (rel_type, src_label, tgt_label), rows in groups.items():
        for chunk in _chunks(rows):
            result = tx.run(
                f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.s}})"
                f"-[r:{rel_type}]->(b:{tgt_label} {{id: row.t}}) "
                "RETURN row.s AS s, row.t AS t, properties(r) AS props",
                rows=chunk,
            )
            for r in result:
                found[(rel_type, r["s"], r["t"])] = dict(r["props"])
    return found


def _write_nodes(tx: ManagedTransaction, records: Iterable[dict[str, Any]]) -> None:
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_label[record["label"]].append({"id": record["id"], "props": stored_node_props(record)})
    for label, rows in by_label.items():
        for chunk in _chunks(rows):
            tx.run(
                f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n = row.props",
                rows=chunk,
            ).consume()


def _write_edges(tx: ManagedTransaction, records: dict[EdgeKey, dict[str, Any]]) -> None:
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for (rel_type, source, target), record in records.items():
        groups[(rel_type, _label(source), _label(target))].append(
            {"s": source, "t": target, "props": record}
        )
    for (rel_type, src_label, tgt_label), rows in groups.items():
        for chunk in _chunks(rows):
            tx.run(
                f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.s}}) "
                f"MATCH (b:{tgt_label} {{id: row.t}}) "
                f"MERGE (a)-[r:{rel_type}]->(b) SET r = row.props",
                rows=chunk,
            ).consume()


def _delete_edges(tx: ManagedTransaction, keys: Iterable[EdgeKey]) -> None:
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for rel_type, source, target in keys:
        groups[(rel_type, _label(source), _label(target))].append({"s": source, "t": target})
    for (rel_type, src_label, tgt_label), rows in groups.items():
        tx.run(
            f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.s}})"
            f"-[r:{rel_type}]->(b:{tgt_label} {{id: row.t}}) DELETE r",
            rows=rows,
        ).consume()


def _delete_nodes(tx: ManagedTransaction, ids: Iterable[str]) -> None:
    by_label: dict[str, list[str]] = defaultdict(list)
    for node_id in ids:
        by_label[_label(node_id)].append(node_id)
    for label, label_ids in by_label.items():
        tx.run(f"MATCH (n:{label}) WHERE n.id IN $ids DETACH DELETE n", ids=label_ids).consume()


def _document_rows(contributions: list[Contribution], facts: list[str]) -> list[dict[str, Any]]:
    """The Document nodes' properties, with their documents' facts packed."""
    return [
        {
            "id": c.document["id"],
            "props": {k: v for k, v in c.document.items() if k != "label"}
            | {FACTS_PROPERTY: pack_facts(f), "fact_count": len(c.edges)},
        }
        for c, f in zip(contributions, facts, strict=True)
    ]


def _send_documents(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> list[neo4j.Result]:
    """Document nodes, with their facts; the results (unread) give their element ids.

    The Document nodes are new: an earlier version was retracted first.
    """
    return [
        tx.run(
            f"{FIXED_PLAN}UNWIND $rows AS row "
            f"MERGE (d:{DOCUMENT_LABEL} {{id: row.id}}) SET d = row.props "
            "RETURN collect([row.id, elementId(d)]) AS pairs",
            rows=chunk,
        )
        for chunk in _chunks(rows)
    ]


def _send_mentions(
    tx: ManagedTransaction, contributions: list[Contribution], element_ids: dict[str, str]
) -> list[neo4j.Result]:
    """The MENTIONED_IN edges from each node to the documents that name it (unread):
    a row per document, [its element id, [[a node's element id, count], ...]]."""
    rows = [
        [element_ids[c.document["id"]], [[element_ids[n], k] for n, k in c.mentions.items()]]
        for c in contributions
    ]
    return [
        tx.run(
            f"{FIXED_PLAN}UNWIND $rows AS row MATCH (d) WHERE elementId(d) = row[0] "
            "UNWIND row[1] AS mention MATCH (a) WHERE elementId(a) = mention[0] "
            f"CREATE (a)-[:{MENTIONED_IN} {{count: mention[1]}}]->(d)",
            rows=chunk,
        )
        for chunk in _chunks(rows, _BATCH // 50)
    ]


def _retract_contribution(
    tx: ManagedTransaction, c: Contribution | list[Contribution], rewrite: Rewrite
) -> None:
    """Take documents' contributions out, rebuilding what the others still support."""
    batch = c if isinstance(c, list) else [c]
    current_nodes = _fetch_nodes(tx, {n for x in batch for n in x.nodes})
    current_edges = _fetch_edges(tx, {k for x in batch for k in x.edges})

    def fetch(ids: list[str]) -> list[DocumentFacts]:
        return [rewrite.facts(f) for f in _facts_tx(tx, ids)]

    plan = plan_retract(batch, current_nodes, current_edges, fetch)
    _delete_edges(tx, [k for k, r in plan.edges.items() if r is None])
    _write_edges(tx, {k: r for k, r in plan.edges.items() if r is not None})
    _delete_nodes(tx, [n for n, r in plan.nodes.items() if r is None])
    _write_nodes(tx, [r for r in plan.nodes.values() if r is not None])
    tx.run(
        f"MATCH (d:{DOCUMENT_LABEL}) WHERE d.id IN $ids DETACH DELETE d",
        ids=[document_node_id(x.doc_id) for x in batch],
    ).consume()


def _lock_documents(tx: ManagedTransaction, doc_ids: Iterable[str]) -> dict[str, str]:
    """Lock the Document nodes of these documents (bare new ones where there are none).

    Two writers of one document wait for each other here, so each sees whether the
    other stored it. Returns the stored checksum of each stored document.
    """
    result = tx.run(
        f"{FIXED_PLAN}UNWIND $ids AS id MERGE (d:{DOCUMENT_LABEL} {{id: id}}) SET d.id = id "
        "RETURN d.doc_id AS doc_id, d.checksum AS checksum",
        ids=[document_node_id(d) for d in sorted(set(doc_ids))],
    )
    return {r["doc_id"]: r["checksum"] or "" for r in result if r["doc_id"] is not None}


def _lock_nodes(tx: ManagedTransaction, ids: Iterable[str], *, create: bool) -> None:
    """Write-lock nodes in the one order every writer uses (no deadlock between them)."""
    for label, label_ids in ids_by_label(ids):
        for chunk in _chunks(label_ids):
            tx.run(lock_statement(label, create), ids=chunk).consume()


def _retract_tx(tx: ManagedTransaction, doc_id: str) -> bool:
    return _retract_tx_with(tx, doc_id, None)


def _unlock_document(tx: ManagedTransaction, doc_id: str) -> None:
    """Delete the bare Document node `_lock_documents` made for a document not stored."""
    tx.run(
        f"MATCH (d:{DOCUMENT_LABEL} {{id: $id}}) WHERE d.doc_id IS NULL DELETE d",
        id=document_node_id(doc_id),
    ).consume()


def _retract_tx_with(tx: ManagedTransaction, doc_id: str, rewrite: Rewrite | None) -> bool:
    found = tx.run(
        f"MATCH (d:{DOCUMENT_LABEL} {{id: $id}}) SET d.id = d.id "
        f"RETURN d.{FACTS_PROPERTY} AS packed",
        id=document_node_id(doc_id),
    ).single()
    if found is None or not found["packed"]:
        return False
    rewrite = rewrite if rewrite is not None else _rewrite_tx(tx)
    c = contribution_of(rewrite.facts(DocumentFacts.from_json(unpack_facts(found["packed"]))))
    _lock_nodes(tx, c.nodes, create=False)
    _retract_contribution(tx, c, rewrite)
    return True


def _apply_tx(tx: ManagedTransaction, batch: list[DocumentFacts]) -> ApplyReport:
    report = ApplyReport()
    stored = _lock_documents(tx, [f.document.id for f in batch])
    changed: list[DocumentFacts] = []
    for facts in batch:
        doc_id, checksum = facts.document.id, facts.document.checksum or ""
        if doc_id not in stored:
            report.added.append(doc_id)
        elif stored[doc_id] == checksum and checksum:
            report.unchanged.append(doc_id)
            continue
        else:
            report.replaced.append(doc_id)
        changed.append(facts)
    if not changed:
        return report
    rewrite = _rewrite_tx(tx)
    old = _facts_tx(tx, report.replaced) if report.replaced else []
    _refold(tx, old, changed, rewrite, rewrite)
    return report


def _refold(
    tx: ManagedTransaction,
    old: list[DocumentFacts],
    new: list[DocumentFacts],
    before: Rewrite,
    after: Rewrite,
) -> None:
    """Take the stored versions ``old`` out (as ``before`` folded them) and fold ``new``
    in under ``after``: a replacing load (one rewrite) or a change of corrections."""
    retracted = [contribution_of(before.facts(f)) for f in old]
    contributions = [contribution_of(after.facts(f)) for f in new]
    if retracted:
        # A retraction reads nodes first: lock all that either version touches, in order.
        _lock_nodes(tx, {n for c in (*retracted, *contributions) for n in c.nodes}, create=True)
    if retracted:
        _retract_contribution(tx, retracted, before)
    # The client prepares the next statements while the server runs the last one sent.
    nodes = _send_nodes(tx, node_rows(contributions))
    edge_batch = edge_rows(contributions)
    document_rows = _document_rows(contributions, [f.to_json() for f in new])
    element_ids, pending = _update_nodes(tx, nodes)
    edges = _send_edges(tx, edge_batch, element_ids)
    documents = _send_documents(tx, document_rows)
    pending += _update_edges(tx, edges)
    for result in documents:
        element_ids.update(result.single(strict=True)["pairs"])
    pending += _send_mentions(tx, contributions, element_ids)
    for result in pending:
        result.consume()


# -- corrections -------------------------------------------------------------

# One change of corrections at a time: a Document node of this id exists only inside one.
_CORRECTIONS_LOCK = "lock:corrections"


def _corrections_tx(tx: ManagedTransaction) -> list[Correction]:
    result = tx.run(f"MATCH (c:{CORRECTION_LABEL}) RETURN properties(c) AS c ORDER BY c.id")
    return [Correction.from_row(dict(r["c"])) for r in result]


def _rewrite_tx(tx: ManagedTransaction) -> Rewrite:
    return Rewrite.of(_corrections_tx(tx))


def _sources_tx(tx: ManagedTransaction) -> Callable[[str], set[str]]:
    """The documents that name a node: the ends of its MENTIONED_IN relationships."""

    def sources_of(node_id: str) -> set[str]:
        label = label_of_id(node_id)
        if label is None or len(node_id.encode("utf-8")) > MAX_KEY_BYTES:
            return set()
        result = tx.run(
            f"MATCH (:{label} {{id: $id}})-[:{MENTIONED_IN}]->(d) RETURN d.doc_id AS doc",
            id=node_id,
        )
        return {r["doc"] for r in result}

    return sources_of


def _lock_corrections(tx: ManagedTransaction) -> None:
    tx.run(f"MERGE (l:{DOCUMENT_LABEL} {{id: $id}}) SET l.id = $id", id=_CORRECTIONS_LOCK).consume()


def _unlock_corrections(tx: ManagedTransaction) -> None:
    tx.run(f"MATCH (l:{DOCUMENT_LABEL} {{id: $id}}) DELETE l", id=_CORRECTIONS_LOCK).consume()


def _add_correction_tx(
    tx: ManagedTransaction, kind: str, args: dict[str, Any], note: str, author: str, created: str
) -> Correction:
    _lock_corrections(tx)
    known = _corrections_tx(tx)
    correction = Correction(
        max((c.id for c in known), default=0) + 1, kind, args, note, author, created
    )
    row = correction.to_row() | {"args": correction.args_json()}
    tx.run(
        f"CREATE (c:{CORRECTION_LABEL}) SET c = $row",
        row={k: v for k, v in row.items() if v is not None},
    ).consume()
    affected = sorted(refold_scope(kind, args, _sources_tx(tx)))
    _lock_documents(tx, affected)
    stored = _facts_tx(tx, affected)
    after = Rewrite.of([*known, correction])
    _refold(tx, stored, stored, Rewrite.of(known), after)
    made = hand_made_facts(correction)
    if made is not None:
        if _lock_documents(tx, [made.document.id]):
            raise InputError(f"document id {made.document.id} is taken; not corrected")
        _refold(tx, [], [made], after, after)
    _unlock_corrections(tx)
    return correction


def _undo_correction_tx(
    tx: ManagedTransaction, correction_id: int, author: str, note: str, when: str
) -> Correction:
    _lock_corrections(tx)
    known = _corrections_tx(tx)
    correction = next(c for c in known if c.id == correction_id)
    before = Rewrite.of(known)
    tx.run(
        f"MATCH (c:{CORRECTION_LABEL} {{id: $id}}) "
        "SET c.undone = $when, c.undone_by = $author, c.undo_note = $note",
        id=correction_id,
        when=when,
        author=author,
        note=note,
    ).consume()
    undone = _corrections_tx(tx)
    made = correction.document_id
    if _lock_documents(tx, [made]):
        _retract_tx_with(tx, made, before)
    else:
        _unlock_document(tx, made)
    affected = sorted(refold_scope(correction.kind, correction.args, _sources_tx(tx)) - {made})
    _lock_documents(tx, affected)
    stored = _facts_tx(tx, affected)
    _refold(tx, stored, stored, before, Rewrite.of(undone))
    _unlock_corrections(tx)
    return next(c for c in undone if c.id == correction_id)


_Sent = list[tuple[str, list[dict[str, Any]], neo4j.Result]]


def _send_nodes(tx: ManagedTransaction, rows_by_label: dict[str, list[dict[str, Any]]]) -> _Sent:
    """Lock the batch's nodes, creating the new ones; the results (unread) hold the
    stored records of the others."""
    return [
        (label, chunk, tx.run(node_statement(label), rows=_Rows([r["id"], r["p"]] for r in chunk)))
        for label, rows in sorted(rows_by_label.items())
        for chunk in _chunks(rows)
    ]


def _update_nodes(tx: ManagedTransaction, sent: _Sent) -> tuple[dict[str, str], list[neo4j.Result]]:
    """Fold the batch into the stored nodes `_send_nodes` met and write what changed.

    Returns the element ids of all the batch's nodes, and the writes' results (unread).
    """
    element_ids: dict[str, str] = {}
    updates: list[dict[str, Any]] = []
    for label, chunk, result in sent:
        folded = {row["id"]: row["p"] for row in chunk}
        for node_id, eid, stored in result.single(strict=True)["found"]:
            element_ids[node_id] = eid
            if stored is not None:
                changes = node_changes(label, stored, folded[node_id])
                if changes:
                    updates.append([eid, changes])
    return element_ids, [tx.run(NODE_UPDATE, rows=chunk) for chunk in _chunks(updates)]


_SentEdges = list[tuple[list[list[dict[str, Any]]], neo4j.Result]]


def _send_edges(
    tx: ManagedTransaction, rows: dict[EdgeKey, dict[str, Any]], element_ids: dict[str, str]
) -> _SentEdges:
    """Create the batch's new edges; the results (unread) name the stored ones met,
    by their place in the chunk, beside each one's documents' records."""
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (rel_type, source, target), row in rows.items():
        by_type[rel_type].append(row)
        row["a"], row["b"] = element_ids[source], element_ids[target]
    sent: _SentEdges = []
    for rel_type, type_rows in sorted(by_type.items()):
        for chunk in _chunks(type_rows):
            payload = _Rows([k, r["a"], r["b"], r["p"]] for k, r in enumerate(chunk))
            parts = [r["parts"] for r in chunk]
            sent.append((parts, tx.run(edge_statement(rel_type), rows=payload)))
    return sent


def _update_edges(tx: ManagedTransaction, sent: _SentEdges) -> list[neo4j.Result]:
    """Fold the batch into the stored edges `_send_edges` met; write what changed."""
    updates: list[dict[str, Any]] = []
    for parts, result in sent:
        for k, eid, stored in result.single(strict=True)["found"]:
            changes = edge_changes(stored, parts[k])
            if changes:
                updates.append([eid, changes])
    return [tx.run(EDGE_UPDATE, rows=chunk) for chunk in _chunks(updates)]


# A Document node of this id exists only inside a refresh, as its lock: Document ids
# all start with "document:", and readers never see a node its transaction deletes.
_INFERENCE_LOCK = "lock:inference"


class _TxReader:
    """Node and edge records read inside one transaction (for `graph.inference`)."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self.tx = tx

    def nodes(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        return _nodes_tx(self.tx, ids)

    def edges(self, types: Iterable[str] | None = None) -> list[dict[str, Any]]:
        return _edges_tx(self.tx, types)


def _refresh_tx(tx: ManagedTransaction, compute: InferFn) -> int:
    """Recompute the inferred edges, one refresh at a time.

    Each writer refreshes after its write has committed, and a refresh reads the
    graph only once it holds the lock, so the last one sees every write.
    """
    tx.run(f"MERGE (l:{DOCUMENT_LABEL} {{id: $id}}) SET l.id = $id", id=_INFERENCE_LOCK).consume()
    edges = compute(_TxReader(tx))
    _replace_inferred_tx(tx, edges)
    tx.run(f"MATCH (l:{DOCUMENT_LABEL} {{id: $id}}) DELETE l", id=_INFERENCE_LOCK).consume()
    return len(edges)


def _replace_inferred_tx(tx: ManagedTransaction, records: list[dict[str, Any]]) -> None:
    for rel_type in INFERRED_TYPES:
        tx.run(f"MATCH ()-[r:{rel_type}]->() WHERE r.inferred = true DELETE r").consume()
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    # One edge per key, the first in the records' order (offices in order), as the
    # embedded store keeps: two offices the same two people held in turn give two
    # records. The statement's existence test reads the graph before any of its rows
    # writes, so it cannot tell a key's second record from its first.
    seen: set[tuple[str, str, str]] = set()
    for record in records:
        edge = (record["type"], record["source"], record["target"])
        if edge in seen:
            continue
        seen.add(edge)
        props = {k: v for k, v in record.items() if k not in ("type", "source", "target")}
        key = (record["type"], _label(record["source"]), _label(record["target"]))
        groups[key].append({"s": record["source"], "t": record["target"], "props": props})
    for (rel_type, src_label, tgt_label), rows in groups.items():
        tx.run(
            f"UNWIND $rows AS row MATCH (a:{src_label} {{id: row.s}}) "
            f"MATCH (b:{tgt_label} {{id: row.t}}) "
            f"WHERE NOT EXISTS {{ (a)-[:{rel_type}]->(b) }} "
            f"CREATE (a)-[r:{rel_type}]->(b) SET r = row.props",
            rows=rows,
        ).consume()


# -- ad-hoc read-only Cypher -------------------------------------------------

# Plan operators that a read transaction would still run: reading files or URLs
# from the server, and ending other users' transactions.
_REFUSED_OPERATORS = {"LoadCSV": "LOAD CSV", "TerminateTransactions": "TERMINATE TRANSACTIONS"}
_QUERY_KINDS = {"w": "writes", "rw": "writes", "s": "changes the schema or the system"}


def _plan_operators(plan: dict[str, Any] | None) -> Iterable[str]:
    if not plan:
        return
    yield str(plan.get("operatorType", "")).split("@", 1)[0]
    for child in plan.get("children", []):
        yield from _plan_operators(child)


def _check_deadline(deadline: float) -> None:
    # The server's transaction timeout does not cover retries, nor rows in transit.
    if time.monotonic() > deadline:
        raise QueryTimeoutError("the query ran past its time limit")


def _readonly_tx(
    tx: ManagedTransaction, text: str, params: dict[str, Any], row_limit: int, deadline: float
) -> dict[str, Any]:
    _check_deadline(deadline)
    explained = tx.run("EXPLAIN " + text, params).consume()
    if explained.query_type != "r":
        kind = _QUERY_KINDS.get(explained.query_type or "", "is not a plain read")
        raise QueryRefusedError(f"only read queries are allowed; this one {kind}")
    for operator in _plan_operators(explained.plan):
        if operator in _REFUSED_OPERATORS:
            raise QueryRefusedError(f"{_REFUSED_OPERATORS[operator]} is not allowed here")
    result = tx.run(text, params)
    records = result.fetch(row_limit + 1)
    _check_deadline(deadline)
    columns = list(result.keys())
    rows = [{k: _plain(v) for k, v in record.items()} for record in records[:row_limit]]
    return {"columns": columns, "rows": rows, "truncated": len(records) > row_limit}


def _cypher_error(exc: Neo4jError, timeout: float) -> GovkgError:
    """A driver error met by ad-hoc Cypher, as the project's error."""
    code = exc.code or ""
    message = (exc.message or str(exc)).strip()
    if "TransactionTimedOut" in code:
        return QueryTimeoutError(f"the query ran past the {timeout:g} s time limit")
    if code.endswith("Statement.AccessMode") or code.startswith("Neo.ClientError.Security"):
        return QueryRefusedError(f"only read queries are allowed: {message}")
    if "IN TRANSACTIONS" in message:
        return QueryRefusedError("CALL { ... } IN TRANSACTIONS is not allowed here")
    if "exactly one statement" in message:
        return BadParameterError("send one Cypher statement at a time (no ';'-separated lists)")
    if code.startswith("Neo.ClientError."):
        return BadParameterError(message)
    if code.startswith("Neo.TransientError."):
        return StoreUnavailableError(f"Neo4j is busy, try again: {message}")
    return GovkgError(f"Neo4j failed to run the query: {message}")


def _end_id(node: neo4j.graph.Node | None) -> Any:
    # A relationship's ends carry properties only when the query returned them too.
    if node is None:
        return None
    return node.get("id") or node.element_id


# Deepest nesting of lists and maps in an ad-hoc Cypher answer (``reduce`` can nest a
# value far deeper than the statement's brackets): beyond it the answer is refused.
MAX_VALUE_DEPTH = 100


def _plain(value: Any, depth: int = 0) -> Any:
    """A driver value as JSON-ready data: nodes and edges in the export's record form."""
    if depth > MAX_VALUE_DEPTH:
        raise BadParameterError(
            f"the answer nests lists or maps deeper than {MAX_VALUE_DEPTH} levels"
        )
    if isinstance(value, neo4j.graph.Node):
        return _node_record(min(value.labels, default=""), dict(value))
    if isinstance(value, neo4j.graph.Relationship):
        ends = {"source": _end_id(value.start_node), "target": _end_id(value.end_node)}
        return {"type": value.type, **ends, **public_edge(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if isinstance(value, neo4j.spatial.Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if hasattr(value, "iso_format"):  # neo4j.time dates, times and durations (a tuple)
        return value.iso_format()
    if isinstance(value, list | tuple):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or infinity
    if isinstance(value, bytes | bytearray):
        return value.hex()
    return value
