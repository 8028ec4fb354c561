"""Every catalogue query gives the same rows on the embedded store and on Neo4j.

One graph goes into both stores: the gold facts of the seed articles (under
their own document ids), the facts extracted from the seed articles, and a few
dozen synthetic documents that share ministries and agencies. Each query runs
with several parameter sets, aliases, spacing variants and unknown names
included; rows must be equal, in order where the query orders them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT, Neo4jTarget
from http_server import serving
from synthetic import synthetic_document
from test_api_paging import walk

from api.app import create_app
from graph import correcting
from graph.config import Settings
from graph.loading import apply_in_batches, retract_documents
from graph.model import DocumentFacts, DocumentMeta, EdgeFact, Evidence, NodeFact
from graph.schema import node_id
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from loaders.gold import Gold, gold_to_facts
from loaders.pipeline import extract_paths
from queries.catalogue import catalogue, run_query

SEED_DOC = "004_ebf31bfe4c93205e"
UNKNOWN = "민희진"

CASES: dict[str, list[dict[str, Any]]] = {
    "cofunded_programs": [
        {"company": "KT"},
        {"company": "케이티"},
        {"company": "kt"},
        {"company": "ＫＴ"},
        {"company": "주식회사 케이티"},
        {"company": "중기부"},
        {"company": "MSS"},
        {"company": "과기정통부"},
        {"company": "스마트 대한민국 펀드"},
        {"company": UNKNOWN},
    ],
    "hosted_by": [
        {"org": "과기정통부", "as_of": "2020-06-01"},
        {"org": "과기정통부", "as_of": "2016-01-01"},
        {"org": "가상연구재단", "as_of": "2021-01-01"},
        {"org": "가상부 3", "as_of": "2019-06-01"},
        {"org": "과기정통부"},
        {"org": "MSIT"},
        {"org": "과학기술정보통신부", "limit": "1"},
        {"org": "중소 벤처 기업부"},
        {"org": "가상부 3"},
        {"org": UNKNOWN},
    ],
    "hosts_of": [
        {"program": "비대면 서비스 바우처"},
        {"program": "비대면서비스바우처"},
        {"program": "포스트 코로나 TF"},
        {"program": "KT"},
        {"program": UNKNOWN},
    ],
    "funders_of": [
        {"target": "스마트대한민국 펀드", "as_of": "2020-01-01"},
        {"target": "스마트대한민국 펀드", "as_of": "2021-12-31"},
        {"target": "스마트대한민국 펀드"},
        {"target": "민관 공동투자형 기술개발 기금"},
        {"target": "가상펀드 7"},
        {"target": "스마트 대한민국 펀드", "limit": 1},
        {"target": UNKNOWN},
    ],
    "funding_by": [
        {"org": "kt"},
        {"org": "중기부"},
        {"org": "과기정통부"},
        {"org": "가상부 1"},
        {"org": UNKNOWN},
    ],
    "partners_of": [
        {"entity": "가상연구재단", "as_of": "2014-01-01"},
        {"entity": "가상연구재단", "as_of": "2016-01-01"},
        {"entity": "중기부", "as_of": "2020-10-01"},
        {"entity": "중기부"},
        {"entity": "KT"},
        {"entity": "과학기술정보통신부", "limit": "2"},
        {"entity": "가상부2"},
        {"entity": UNKNOWN},
    ],
    "participants_of": [
        {"program": "제2차 ICT 비상대책회의"},
        {"program": "비대면 서비스 바우처"},
        {"program": "청소년 비즈쿨"},
        {"program": UNKNOWN},
    ],
    "office_holders": [
        {"org": "과학기술정보통신부", "as_of": "2021-03-01"},
        {"org": "가상연구재단", "as_of": "2020-12-01"},
        {"org": "가상연구재단"},
        {"org": "과학기술정보통신부"},
        {"org": "MSIT"},
        {"org": "중기부"},
        {"org": "가상부 4"},
        {"org": UNKNOWN},
    ],
    "entity": [
        {"name": "과기정통부", "as_of": "2021-03-01"},
        {"name": "과기정통부", "as_of": "2017-01-01"},
        {"name": "옛연구원", "as_of": "2016-01-01"},
        {"name": "가상연구재단", "as_of": "2021-02-01"},
        {"name": "MSIT"},
        {"name": "과기정통부"},
        {"name": "케이티"},
        {"name": "스마트대한민국 펀드"},
        {"name": "최기영"},
        {"name": "가상진흥원5"},
        {"name": UNKNOWN},
    ],
    "search": [
        {"q": "과기"},
        {"q": "펀드"},
        {"q": "msit"},
        {"q": "ms", "label": "ministry"},
        {"q": "스마트 대한민국"},
        {"q": "KT"},
        {"q": "가상부", "limit": 30},
        {"q": "가상", "label": "Company", "limit": 15},
        {"q": "바우처", "limit": 2},
        {"q": "ict"},
        {"q": "뉴진스"},
    ],
    "held_office": [
        {"org": "과학기술정보통신부", "date": "2021-03-01"},
        {"org": "과기정통부", "date": "2021-06-01", "role": "장관"},
        {"org": "과기정통부", "date": "2016-01-01"},
        {"org": "가상연구재단", "date": "2019-01-01"},
        {"org": "가상연구재단", "date": "2020-12-01"},
        {"org": "가상연구재단", "date": "2021-02-01"},
        {"org": "가상연구재단", "date": "2022-03-01"},
        {"org": "가상연구재단", "date": "2023-01-01"},
        {"org": "가상연구재단", "date": "2020-12-01", "role": "이사장 후보자"},
        {"org": UNKNOWN, "date": "2021-01-01"},
    ],
    "conflicts": [
        {},
        {"kind": "value"},
        {"kind": "heads"},
        {"kind": "offices"},
        {"kind": "VALUE", "limit": 1},
    ],
    "evidence": [
        {"source": "KT", "type": "FUNDS", "target": "스마트 대한민국 펀드"},
        {"source": "케이티", "type": "funds", "target": "스마트대한민국펀드"},
        {"source": "임혜숙", "type": "SUCCEEDS", "target": "최기영"},
        {"source": "KT", "type": "PARTNERS_WITH", "target": "중기부"},
        {"source": "중기부", "type": "PARTNERS_WITH", "target": "KT"},
        {"source": "스마트 대한민국 펀드", "type": "FUNDS", "target": "KT"},
        {"source": UNKNOWN, "type": "HOSTS", "target": "KT"},
    ],
    "timeline": [
        {"entity": "가상연구재단", "as_of": "2021-02-01"},
        {"entity": "KT", "as_of": "2020-12-31"},
        {"entity": "KT"},
        {"entity": "과기정통부", "limit": 5},
        {"entity": "최기영"},
        {"entity": "가상부 0"},
        {"entity": UNKNOWN},
    ],
    "path_between": [
        {"a": "KT", "b": "과기정통부"},
        {"a": "케이티", "b": "보건복지부", "max_hops": 6},
        {"a": "KT", "b": "과학기술정보통신부", "max_hops": 1},
        {"a": "임혜숙", "b": "웹케시"},
        {"a": "가상부 1", "b": "가상부 2", "max_hops": 3},
        {"a": "KT", "b": "kt"},
        {"a": UNKNOWN, "b": "KT"},
    ],
    "central_actors": [
        {},
        {"label": "Agency", "top": 100},
        {"label": "Company", "top": 3},
        {"label": "ministry"},
        {"top": 100},
        {"top": "1"},
    ],
    "stats": [{}],
    "documents": [{}, {"limit": 2}, {"limit": 5, "offset": 3}, {"offset": 1000}],
    "document_facts": [
        {"doc_id": SEED_DOC},
        {"doc_id": f"gold-{SEED_DOC}"},
        {"doc_id": "syn_11_000003"},
        {"doc_id": "no-such-document"},
    ],
}


def shared_alias_document() -> DocumentFacts:
    """A union also called "KT": names that resolve to two nodes at once."""
    union = NodeFact(
        id=node_id("Organization", "KT 노동조합"),
        label="Organization",
        name="KT 노동조합",
        aliases=["KT", "KT노조"],
    )
    fund = NodeFact(
        id=node_id("Fund", "스마트 대한민국 펀드"), label="Fund", name="스마트 대한민국 펀드"
    )
    sme = NodeFact(
        id=node_id("Ministry", "중소벤처기업부"), label="Ministry", name="중소벤처기업부"
    )
    program = NodeFact(
        id=node_id("Program", "KT 상생 프로그램"), label="Program", name="KT 상생 프로그램"
    )
    office = NodeFact(id=node_id("Agency", "중소기업청"), label="Agency", name="중소기업청")
    sentence = "KT 노동조합도 스마트 대한민국 펀드에 함께 출자한다."
    edges = [
        EdgeFact(
            "FUNDS", union.id, fund.id, {"co_funded": True}, [Evidence("extra", sentence, 0, 30)]
        ),
        EdgeFact("PARTNERS_WITH", union.id, sme.id, {"date": "2020-10-01"}),
        EdgeFact("HOSTS", union.id, program.id),
        EdgeFact("PARTICIPATES_IN", sme.id, program.id, {"role": "후원"}),
        # SUCCEEDS between two organisations counts for central_actors; to a programme not.
        EdgeFact("SUCCEEDS", sme.id, office.id, {"date": "2017-07-26"}),
        EdgeFact("SUCCEEDS", program.id, office.id),
    ]
    meta = DocumentMeta(id="extra", title="노조도 출자", date="2020-10-01", checksum="extra")
    return DocumentFacts(document=meta, nodes=[union, fund, sme, program, office], edges=edges)


def valid_time_documents() -> list[DocumentFacts]:
    """Heads of one agency with every kind of valid time, and bodies founded and dissolved."""
    agency = NodeFact(
        id=node_id("Agency", "가상연구재단"),
        label="Agency",
        name="가상연구재단",
        props={"founded": "2015-01-01"},
    )
    old = NodeFact(
        id=node_id("Agency", "옛연구원"),
        label="Agency",
        name="옛연구원",
        props={"founded": "2001-01-01", "dissolved": "2015-01-01"},
    )

    def head(name: str, role: str = "이사장", **valid: str) -> tuple[NodeFact, EdgeFact]:
        person = NodeFact(id=node_id("Person", name), label="Person", name=name)
        sentence = f"{name} 가상연구재단 {role}."
        edge = EdgeFact(
            "HEADS", person.id, agency.id, {"role": role, **valid}, [Evidence("vt", sentence, 0, 9)]
        )
        return person, edge

    first = [
        head("가나다", valid_from="2018-01-01", valid_to="2020-12-31", valid_source="reference"),
        head("라마바", valid_to="2017-05-01", valid_source="text"),
        head("사아자", "이사장 후보자", valid_from="2020-11-01", valid_to="2021-01-05"),
    ]
    second = [
        head("차카타", valid_from="2021-01-05", valid_source="text"),
        head("파하가"),
    ]
    docs = []
    for n, (day, heads) in enumerate((("2019-06-01", first), ("2022-03-01", second))):
        meta = DocumentMeta(id=f"vt-{n}", title="재단 인사", date=day, checksum=f"vt-{n}")
        nodes = [agency, old, *(p for p, _ in heads)]
        edges = [e for _, e in heads]
        if n == 0:
            edges.append(EdgeFact("PARTNERS_WITH", agency.id, old.id, {"valid_to": "2014-12-31"}))
            # A size for a synthetic fund that its other documents do not give.
            fund = NodeFact(
                id=node_id("Fund", "가상펀드 7"),
                label="Fund",
                name="가상펀드 7",
                props={"amount_krw": 9.5e9},
                stated={"amount_krw": "가상펀드 7은 95억원 규모다."},
            )
            nodes.append(fund)
            edges.append(EdgeFact("FUNDS", agency.id, fund.id, {"amount_krw": 1e9}))
        docs.append(DocumentFacts(document=meta, nodes=nodes, edges=edges))
    return docs


def parity_facts(gold: Gold) -> list[DocumentFacts]:
    """The gold facts (renamed so they sit beside the extracted ones), seeds, synthetic."""
    gold_facts = [
        replace(f, document=replace(f.document, id=f"gold-{f.document.id}"))
        for f in gold_to_facts(gold)
    ]
    failures: list[tuple[str, str]] = []
    seeds = list(extract_paths([REPO_ROOT / "seeds"], failures.append))
    assert not failures and len(seeds) == 4
    synthetic = [synthetic_document(i, seed=11, n_nodes=14, n_edges=18) for i in range(30)]
    return [*gold_facts, *seeds, *synthetic, shared_alias_document(), *valid_time_documents()]


@pytest.fixture(scope="module")
def both_stores(
    neo4j_server: Neo4jTarget, gold: Gold, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[EmbeddedStore, Neo4jStore]]:
    """Both stores holding the parity graph (loaded once for this module)."""
    facts_json = [f.to_json() for f in parity_facts(gold)]
    embedded = EmbeddedStore(tmp_path_factory.mktemp("parity") / "data")
    neo4j = neo4j_server.store()
    embedded.open()
    try:
        neo4j.open()
        try:
            neo4j.clear()
            for store in (embedded, neo4j):
                apply_in_batches(store, [DocumentFacts.from_json(line) for line in facts_json])
            yield embedded, neo4j
            neo4j.clear()
        finally:
            neo4j.close()
    finally:
        embedded.close()


def comparable(rows: list[dict[str, Any]], ordered: bool) -> list[dict[str, Any]]:
    if ordered:
        return rows
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False))


def assert_same_rows(
    name: str, params: dict[str, Any], embedded: EmbeddedStore, neo4j: Neo4jStore
) -> list[dict[str, Any]]:
    query = catalogue()[name]
    on_embedded = run_query(embedded, name, params)
    on_neo4j = run_query(neo4j, name, params)
    for rows in (on_embedded, on_neo4j):
        assert all(tuple(row) == query.columns for row in rows), (name, params)
        json.dumps(rows)  # plain data only
    assert comparable(on_embedded, query.ordered) == comparable(on_neo4j, query.ordered), (
        name,
        params,
    )
    return on_embedded


def test_every_query_has_parity_cases() -> None:
    assert set(CASES) == set(catalogue())
    assert all(len(cases) >= 1 for cases in CASES.values())
    assert sum(len(cases) >= 3 for cases in CASES.values()) >= len(CASES) - 2


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(CASES))
def test_same_rows_on_both_stores(name: str, both_stores: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo4j = both_stores
    answered = 0
    for params in CASES[name]:
        rows = assert_same_rows(name, params, embedded, neo4j)
        answered += bool(rows)
        if UNKNOWN in params.values():
            assert rows == [], (name, params)
    # The cases are chosen so that most of them find something.
    assert answered >= min(2, len(CASES[name])), name


@pytest.mark.neo4j
def test_aliases_and_spacing_resolve_alike(both_stores: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, _ = both_stores
    names = ("케이티", "주식회사 케이티", "kt corp.")
    kt = [run_query(embedded, "cofunded_programs", {"company": c}) for c in names]
    assert kt[0] and kt[0] == kt[1] == kt[2]
    # "KT" is also the union's alias: both funders answer.
    both = run_query(embedded, "cofunded_programs", {"company": "KT"})
    assert [r["company"] for r in both] == ["KT", "KT 노동조합"]
    msit = [run_query(embedded, "entity", {"name": n}) for n in ("과기정통부", "MSIT", "msit")]
    assert msit[0] and msit[0] == msit[1] == msit[2]
    assert [r["id"] for r in msit[0]] == ["ministry:과학기술정보통신부"]


@pytest.mark.neo4j
def test_parity_holds_after_a_retraction(
    both_stores: tuple[EmbeddedStore, Neo4jStore], gold: Gold, tmp_path: Path
) -> None:
    embedded, neo4j = both_stores
    for store in (embedded, neo4j):
        assert retract_documents(store, [SEED_DOC, "syn_11_000003"]) == []
    try:
        for name, cases in sorted(CASES.items()):
            for params in cases:
                assert_same_rows(name, params, embedded, neo4j)
        # The seed article was the only one with KT's funding sentence.
        rows = run_query(embedded, "cofunded_programs", {"company": "케이티"})
        assert rows and all(r["evidence"] == [] for r in rows)
    finally:
        again = [f for f in parity_facts(gold) if f.document.id in (SEED_DOC, "syn_11_000003")]
        for store in (embedded, neo4j):
            apply_in_batches(store, [DocumentFacts.from_json(f.to_json()) for f in again])


@pytest.mark.neo4j
def test_parity_holds_under_corrections(both_stores: tuple[EmbeddedStore, Neo4jStore]) -> None:
    """Every kind of correction on both stores: the same rows, then the same after undo."""
    embedded, neo4j = both_stores
    made: dict[str, list[int]] = {}
    for store in (embedded, neo4j):
        made[store.name] = [
            correcting.merge(store, "가상부 1", "가상부 2", "one body", "t").id,
            correcting.reject(store, "company:kt", "FUNDS", "스마트 대한민국 펀드", "no", "t").id,
            correcting.add(store, "company:kt", "PARTNERS_WITH", "가상부 1", "by hand", "t").id,
            correcting.relabel(store, "이노비즈협회", "Agency", "public", "t").id,
            correcting.split(store, "과학기술정보통신부", "과기부", "other", "t", "Agency").id,
        ]
    try:
        for name, cases in sorted(CASES.items()):
            for params in cases:
                assert_same_rows(name, params, embedded, neo4j)
        assert embedded.stats() | {"store": ""} == neo4j.stats() | {"store": ""}
    finally:
        for store in (embedded, neo4j):
            for correction in reversed(made[store.name]):
                correcting.undo(store, correction, "", "t")
    for name, cases in sorted(CASES.items()):
        for params in cases:
            assert_same_rows(name, params, embedded, neo4j)


# Lists paged through the HTTP API: every page, followed by `next`, on both stores.
PAGED: list[tuple[str, dict[str, str]]] = [
    ("/queries/hosted_by", {"org": "과학기술정보통신부"}),
    ("/queries/search", {"q": "가상부"}),
    ("/queries/path_between", {"a": "KT", "b": "과기정통부"}),
    ("/queries/documents", {}),
    ("/documents", {}),
    ("/entities/KT/partners", {}),
    ("/entities/가상부 1/timeline", {}),
]


@pytest.mark.neo4j
def test_pages_are_the_same_on_both_stores(
    both_stores: tuple[EmbeddedStore, Neo4jStore], neo4j_server: Neo4jTarget
) -> None:
    embedded, _ = both_stores
    on_embedded = Settings(store="embedded", data_dir=embedded.data_dir)
    on_neo4j = Settings(
        store="neo4j",
        NEO4J_URI=neo4j_server.uri,
        NEO4J_USER=neo4j_server.user,
        NEO4J_PASSWORD=neo4j_server.password,
        NEO4J_DATABASE=neo4j_server.database,
    )
    with serving(create_app(on_embedded)) as first, serving(create_app(on_neo4j)) as second:
        for path, params in PAGED:
            for limit in (1, 3):
                pages = [
                    walk(base, path, {**params, "limit": str(limit)}) for base in (first, second)
                ]
                assert pages[0] == pages[1], (path, limit)
                count = pages[0][0]["count"]
                assert count >= 2, (path, count)  # more than one page of one
                assert sum(len(p["rows"]) for p in pages[0]) == count
                assert pages[0][-1]["next"] is None
