"""The API keeps to its own OpenAPI schema, on both stores (schemathesis, property-based).

Every operation of ``/openapi.json`` gets generated requests, valid and invalid, against
a live server over the seed articles, with the write key sent so the writes run too.
Each answer is checked: no 5xx, a status code and a content type the schema declares, a
body that matches the declared schema, and no absolute path of this machine in it. The
run is repeatable (a fixed seed, no example database) and bounded (``EXAMPLES`` generated
requests per operation, besides the explicit ones below).
"""

from __future__ import annotations

import sysconfig
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from http_server import serving, settings_for
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from neo4j_server import HOME_PREFIX
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from graph.loading import apply_in_batches
from graph.stores.base import GraphStore
from loaders.sources import read_inputs
from queries.catalogue import catalogue

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_DOC = "004_ebf31bfe4c93205e"
KEY = "schema-key"
SEED = 20_240_416
# Generated requests per operation (half valid, half not, roughly); the explicit
# examples below come on top. About 30 operations: well under a minute per store.
EXAMPLES = 25
# Whole-graph export renders every node and edge per request: fewer, its formats all
# covered by the explicit examples.
FEWER = {"GET /export": 4}
# Writes change the graph the reads see: run them last, the deletion after the ingests.
LAST = (
    "POST /documents",
    "POST /corrections",
    "POST /corrections/{correction_id}/undo",
    "DELETE /documents/{doc_id}",
)

# Operations whose success is 201 Created rather than 200.
CREATED = {"POST /corrections": 201}

# For each query's own route (GET /queries/<name>): parameters that reach the seed graph.
QUERY_EXAMPLES: dict[str, dict[str, str]] = {
    "cofunded_programs": {"company": "KT"},
    "path_between": {"a": "KT", "b": "과학기술정보통신부"},
    "search": {"q": "펀드"},
    "evidence": {"source": "KT", "type": "FUNDS", "target": "스마트 대한민국 펀드"},
    "document_facts": {"doc_id": SEED_DOC},
    "hosted_by": {"org": "과기정통부"},
    "timeline": {"entity": "KT"},
    "held_office": {"org": "과기정통부", "date": "2021-03-01"},
    "entity": {"name": "과기정통부", "as_of": "2020-06-01"},
}

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass(frozen=True)
class Served:
    url: str
    store: str
    private: tuple[str, ...]  # absolute paths no answer may show


@pytest.fixture
def served(store: GraphStore, request: pytest.FixtureRequest) -> Iterator[Served]:
    """The API over the seed articles (loaded by absolute path), writes and Cypher on."""
    failures: list[tuple[str, str]] = []
    apply_in_batches(store, read_inputs([SEEDS.resolve()], failures.append))
    assert not failures
    # Ad-hoc Cypher is off by default: on here, so POST /cypher runs its statements on
    # Neo4j (the embedded store answers it 400, which the test expects).
    settings = settings_for(store, request, api_key=KEY, cypher=True)
    # The checkout, the installed packages, and where a test Neo4j lives: its home (in
    # the temporary directory) and its jars (Maven's repository, the classpath cache).
    private = {
        str(REPO),
        str(SEEDS.resolve()),
        str(Path(sysconfig.get_paths()["purelib"]).resolve()),
        str(Path(tempfile.gettempdir()) / HOME_PREFIX),
        str(Path.home() / ".m2"),
        str(Path.home() / ".cache" / "govkg"),
    }
    if store.name == "embedded":
        private.add(str(Path(store.data_dir).resolve()))
    with serving(create_app(settings)) as url:
        yield Served(url, store.name, tuple(sorted(private, key=len, reverse=True)))


def explicit(operation: APIOperation) -> list[Case]:
    """Requests that reach the seed graph's real entities, documents and formats."""
    label = operation.label
    names = ["KT", "과학기술정보통신부", "케이티", "스마트 대한민국 펀드"]
    if label == "GET /queries/{name}":
        cases = [operation.Case(path_parameters={"name": n}) for n in sorted(catalogue())]
        cases += [
            operation.Case(path_parameters={"name": "cofunded_programs"}, query={"company": "KT"}),
            operation.Case(path_parameters={"name": "path_between"}, query={"a": "KT", "b": "x"}),
            operation.Case(path_parameters={"name": "search"}, query={"q": "펀드", "limit": "x"}),
        ]
        return cases
    if label.startswith("GET /queries/") and "{" not in label:
        example = QUERY_EXAMPLES.get(label.removeprefix("GET /queries/"), {})
        return [
            operation.Case(query=example),
            operation.Case(query={**example, "limit": "1", "offset": "1"}),
        ]
    if label == "GET /entities/{name}/evidence":
        edge = {"type": "FUNDS", "target": "스마트 대한민국 펀드"}
        return [operation.Case(path_parameters={"name": n}, query=edge) for n in names]
    if label == "GET /entities/{name}/held-office":
        days = ("2021-03-01", "2021-02-30")
        return [
            operation.Case(path_parameters={"name": n}, query={"date": d})
            for n in names
            for d in days
        ]
    if label.startswith("GET /entities/{name}"):
        return [operation.Case(path_parameters={"name": n}) for n in names]
    if label == "POST /corrections":
        edge = {"source": "KT", "type": "FUNDS", "target": "스마트 대한민국 펀드", "note": "no"}
        bodies = [
            {"kind": "reject", **edge},
            {"kind": "add", **edge, "type": "PARTNERS_WITH", "target": "과기정통부"},
            {"kind": "merge", "into": "KT", "other": "없는기관"},
            {"kind": "split", "entity": "KT"},
        ]
        return [operation.Case(body=body, media_type="application/json") for body in bodies]
    if label == "POST /corrections/{correction_id}/undo":
        return [
            operation.Case(path_parameters={"correction_id": n}, body={"note": "undo"})
            for n in (1, 1, 999)
        ]
    if "{doc_id}" in label:
        return [operation.Case(path_parameters={"doc_id": d}) for d in (SEED_DOC, "nope")]
    if label == "GET /export":
        formats = ["json", "graphml", "cypher", "neo4j-admin", "nope"]
        return [operation.Case(query={"format": f}) for f in formats]
    if label == "GET /explore/search":
        return [operation.Case(query={"q": n}) for n in names]
    if label == "GET /explore/neighbourhood":
        return [
            operation.Case(query={"name": "KT"}),
            operation.Case(query={"id": "company:kt"}),
            operation.Case(query={"id": "nope"}),
            operation.Case(query={}),
        ]
    if label == "GET /explore/evidence":
        return [
            operation.Case(query={"source": "company:kt", "type": "FUNDS", "target": t})
            for t in ("fund:스마트대한민국펀드", "nope")
        ]
    if label == "POST /documents":
        text = (SEEDS / f"{SEED_DOC}.txt").read_text(encoding="utf-8")
        return [
            operation.Case(body={"id": SEED_DOC, "text": text}, media_type="application/json"),
            operation.Case(body="KT는 펀드를 조성한다.", media_type="text/plain"),
        ]
    if label == "POST /cypher":
        deep: Any = 1
        for _ in range(150):
            deep = [deep]
        bodies = [
            {"query": "MATCH (n) RETURN count(n) AS n"},
            {"query": "MATCH (n) DETACH DELETE n"},
            {"query": "RETURN duration('P1D') AS d, 0.0 / 0.0 AS nan"},
            # Values Neo4j cannot take, and an answer nested deeper than any bracket.
            {"query": "RETURN $x", "params": {"x": 2**64}},
            {"query": "RETURN $x", "params": {"x": "\ud800"}},
            {"query": "RETURN $x", "params": {"x": deep}},
            {"query": "RETURN reduce(a = [], i IN range(1, 2000) | [a]) AS x"},
        ]
        return [operation.Case(body=body) for body in bodies]
    return []


def no_local_paths(private: tuple[str, ...]):
    def check(ctx: Any, response: schemathesis.Response, case: Case) -> None:
        sent = repr((case.path_parameters, case.query, case.body, case.headers))
        text = response.content.decode("utf-8", "replace")
        shown = [p for p in private if p in text and p not in sent]
        assert not shown, f"the answer shows {shown[0]}"

    check.__name__ = "no_local_paths"
    return check


def exercise(operation: APIOperation, served: Served, statuses: Counter[int]) -> list[str]:
    """Run ``operation`` with its explicit and generated requests; the failures found."""
    checks = [*CHECKS, no_local_paths(served.private)]
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    def run(case: Case) -> None:
        response = case.call(base_url=served.url, headers={"X-API-Key": KEY}, timeout=60)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=checks)

    problems: list[str] = []
    for case in explicit(operation):
        try:
            run(case)
        except (Exception, FailureGroup) as exc:
            problems.append(f"{operation.label}: {exc}")
    test = hypothesis.given(case=strategy)(run)
    test = hypothesis.seed(SEED)(test)
    test = hypothesis.settings(
        max_examples=FEWER.get(operation.label, EXAMPLES),
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(test)
    try:
        test()
    except (Exception, FailureGroup) as exc:
        problems.append(f"{operation.label} (generated): {exc}")
    return problems


def test_every_operation_keeps_to_the_schema(served: Served) -> None:
    schema = schemathesis.openapi.from_url(f"{served.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: LAST.index(op.label) + 1 if op.label in LAST else 0)
    assert len(operations) >= 25, [op.label for op in operations]
    problems: list[str] = []
    answered: dict[str, Counter[int]] = {}
    for operation in operations:
        started = time.monotonic()
        answered[operation.label] = Counter()
        problems += exercise(operation, served, answered[operation.label])
        statuses = ", ".join(f"{n}x{s}" for s, n in sorted(answered[operation.label].items()))
        print(f"{operation.label}: {time.monotonic() - started:.1f}s, {statuses}")
    assert not problems, "\n\n".join(problems)
    # Every operation answered at least once with success (the writes too, with the key);
    # the embedded store runs no ad-hoc Cypher, and says so.
    if served.store == "embedded":
        cypher = answered.pop("POST /cypher")
        assert cypher[400] and set(cypher) <= {400, 403, 422}, cypher
    unanswered = [label for label, seen in answered.items() if not seen[CREATED.get(label, 200)]]
    assert not unanswered, unanswered
