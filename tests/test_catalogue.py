"""The query catalogue: its files, parameter binding, and its answers on both stores."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import REPO_ROOT

from graph.errors import BadParameterError, NotFoundError
from graph.loading import apply_in_batches, retract_documents
from graph.model import DocumentFacts, DocumentMeta, NodeFact
from graph.schema import (
    ALL_LABELS,
    ALL_TYPES,
    ENTITY_LABELS,
    FACT_TYPES,
    ORGANISATIONS,
    RELATIONS,
    name_key,
    node_id,
)
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from loaders.pipeline import extract_paths
from queries.catalogue import TYPES, Query, bind, catalogue, parse_query, run_query

SEED_DOC = "004_ebf31bfe4c93205e"
KT_SENTENCE = (
    "우선 '스마트공장 활성화' 분야에서는 KT와 공동으로 240억원 규모의 스마트 대한민국 펀드를 "
    "조성하여 비대면 분야의 유망 중소·벤처 기업을 지원한다."
)
QUERIES_DIR = REPO_ROOT / "queries"


# -- the files ----------------------------------------------------------------


def test_every_file_is_a_query_named_after_it() -> None:
    files = sorted(p.stem for p in QUERIES_DIR.glob("*.cypher"))
    assert files == sorted(catalogue())
    assert len(files) >= 16
    for name, query in catalogue().items():
        assert query.name == name
        assert query.title and query.description, name
        assert query.columns and len(set(query.columns)) == len(query.columns), name
        assert not query.cypher.startswith("//"), f"{name}: the header is not stripped"
        for param in query.parameters:
            assert param.type in TYPES and param.description, (name, param.name)
            if param.required:
                assert param.default is None, (name, param.name)


def test_the_catalogue_holds_the_documented_queries() -> None:
    expected = {
        "cofunded_programs": ["company"],
        "hosted_by": ["org", "as_of", "limit"],
        "funders_of": ["target", "as_of", "limit"],
        "funding_by": ["org", "limit"],
        "partners_of": ["entity", "as_of", "limit"],
        "participants_of": ["program", "limit"],
        "office_holders": ["org", "as_of"],
        "held_office": ["org", "date", "role"],
        "entity": ["name", "as_of"],
        "search": ["q", "label", "limit"],
        "evidence": ["source", "type", "target"],
        "timeline": ["entity", "as_of", "limit"],
        "path_between": ["a", "b", "max_hops", "limit"],
        "central_actors": ["label", "top"],
        "stats": [],
        "documents": ["limit", "offset"],
        "document_facts": ["doc_id"],
    }
    for name, params in expected.items():
        assert [p.name for p in catalogue()[name].parameters] == params, name


def _statement_parameters(query: Query) -> set[str]:
    return set(re.findall(r"\$(\w+)", query.cypher))


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_statements_use_exactly_their_parameters(name: str) -> None:
    query = catalogue()[name]
    declared = {p.name for p in query.parameters}
    declared |= {f"{p.name}_key" for p in query.parameters if p.resolves}
    assert _statement_parameters(query) <= declared, "the statement uses undeclared parameters"
    unused = {p.name for p in query.parameters if not p.resolves} - _statement_parameters(query)
    assert not unused, f"declared but unused: {unused}"
    for param in query.parameters:
        if param.resolves:
            assert f"${param.name}_key" in query.cypher, param.name


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_ordered_means_a_final_order_by(name: str) -> None:
    query = catalogue()[name]
    last_return = query.cypher.rsplit("RETURN ", 1)[1]
    assert ("ORDER BY" in last_return) == query.ordered


def test_statements_that_spell_out_the_schema_follow_it() -> None:
    stats = catalogue()["stats"].cypher
    assert all(f"(n:{label})" in stats for label in ALL_LABELS)
    assert all(f"[r:{kind}]" in stats for kind in ALL_TYPES)
    # central_actors counts only PARTNERS_WITH and SUCCEEDS between organisations.
    orgs = set(ORGANISATIONS)
    joining = {
        spec.type
        for spec in RELATIONS.values()
        if orgs & set(spec.sources) and orgs & set(spec.targets)
    }
    assert joining == {"PARTNERS_WITH", "SUCCEEDS"}
    partners = RELATIONS["PARTNERS_WITH"]
    assert set(partners.sources) <= orgs and set(partners.targets) <= orgs


def test_choices_match_the_schema() -> None:
    by_name = {(q.name, p.name): p for q in catalogue().values() for p in q.parameters}
    assert set(by_name[("evidence", "type")].choices) == set(FACT_TYPES)
    assert set(by_name[("search", "label")].choices) == set(ENTITY_LABELS)
    assert set(by_name[("central_actors", "label")].choices) == set(ORGANISATIONS)


HEADER = """// name: sample
// title: A sample
// description: One line,
//   and its continuation.
// param who: str, name -- a name
// param top: int = 10, 1..100 -- how many
// param flag: bool = false -- a switch
// param ratio: float = null, 0..1 -- a share
// param kind: str = null, one of Ministry|Company -- a label
// columns: a, b
// ordered: false
MATCH (n) WHERE $who_key IN n.keys
RETURN n.a AS a, n.b AS b LIMIT $top"""


def test_a_header_is_parsed() -> None:
    query = parse_query(HEADER)
    assert (query.name, query.title) == ("sample", "A sample")
    assert query.description == "One line, and its continuation."
    assert query.columns == ("a", "b")
    assert query.ordered is False
    assert query.cypher.startswith("MATCH (n)")
    who, top, flag, ratio, kind = query.parameters
    assert (who.required, who.resolves, who.default) == (True, True, None)
    assert (top.type, top.default, top.minimum, top.maximum, top.required) == (
        "int",
        10,
        1,
        100,
        False,
    )
    assert (flag.type, flag.default) == ("bool", False)
    assert (ratio.type, ratio.default, ratio.required) == ("float", None, False)
    assert kind.choices == ("Ministry", "Company")


@pytest.mark.parametrize(
    "broken",
    [
        HEADER.replace("// title: A sample\n", ""),
        HEADER.replace("// columns: a, b\n", ""),
        HEADER.replace("int = 10", "integer = 10"),
        HEADER.replace("1..100", "sometimes"),
        HEADER.replace(" -- how many", ""),
        HEADER.replace("ordered: false", "ordered: maybe"),
        HEADER.replace("// name: sample", "// nmae: sample"),
        HEADER.split("MATCH")[0],
    ],
)
def test_a_broken_header_is_refused(broken: str) -> None:
    with pytest.raises(ValueError):
        parse_query(broken)


# -- binding --------------------------------------------------------------------


def test_bind_converts_and_fills_defaults() -> None:
    query = parse_query(HEADER)
    bound = bind(query, {"who": " 과기정통부 ", "top": "5", "flag": "TRUE", "ratio": "0.5"})
    assert bound == {
        "who": "과기정통부",
        "who_key": name_key("과기정통부"),
        "top": 5,
        "flag": True,
        "ratio": 0.5,
        "kind": None,
    }
    assert bind(query, {"who": "KT", "top": 7, "flag": False, "kind": "company"}) == {
        "who": "KT",
        "who_key": "kt",
        "top": 7,
        "flag": False,
        "ratio": None,
        "kind": "Company",
    }
    assert bind(query, {"who": "스마트대한민국 펀드"})["who_key"] == name_key(
        "스마트 대한민국 펀드"
    )


def test_bind_gives_catalogue_queries_their_keys() -> None:
    bound = bind(catalogue()["evidence"], {"source": "KT", "type": "funds", "target": "펀드"})
    assert bound["type"] == "FUNDS"
    assert (bound["source_key"], bound["target_key"]) == ("kt", "펀드")
    assert bind(catalogue()["path_between"], {"a": "x", "b": "y"})["max_hops"] == 4


@pytest.mark.parametrize(
    ("name", "raw", "named"),
    [
        ("cofunded_programs", {}, "company"),
        ("cofunded_programs", {"company": "   "}, "company"),
        ("cofunded_programs", {"company": "··"}, "company"),
        ("cofunded_programs", {"company": "KT", "compnay": "KT"}, "compnay"),
        ("central_actors", {"top": "abc"}, "top"),
        ("central_actors", {"top": "0"}, "top"),
        ("central_actors", {"top": 101}, "top"),
        ("central_actors", {"top": True}, "top"),
        ("central_actors", {"top": "2.5"}, "top"),
        ("central_actors", {"label": "Program"}, "label"),
        ("path_between", {"a": "KT", "b": "MSIT", "max_hops": "7"}, "max_hops"),
        ("search", {"q": "KT", "limit": "1001"}, "limit"),
        ("evidence", {"source": "KT", "type": "OWNS", "target": "x"}, "type"),
        ("documents", {"offset": "-1"}, "offset"),
        ("entity", {"name": 42}, "name"),
    ],
)
def test_bind_refuses_bad_parameters_naming_them(
    name: str, raw: dict[str, Any], named: str
) -> None:
    with pytest.raises(BadParameterError) as caught:
        bind(catalogue()[name], raw)
    assert f"'{named}'" in str(caught.value)
    assert caught.value.status_code == 422


def test_an_unknown_query_is_not_found(embedded_store: EmbeddedStore) -> None:
    with pytest.raises(NotFoundError) as caught:
        run_query(embedded_store, "no_such_query", {})
    assert caught.value.status_code == 404
    assert "cofunded_programs" in str(caught.value)


# -- answers on both stores ---------------------------------------------------------


@pytest.fixture(scope="module")
def seed_facts_json() -> list[str]:
    failures: list[tuple[str, str]] = []
    facts = list(extract_paths([REPO_ROOT / "seeds"], failures.append))
    assert not failures
    return [f.to_json() for f in facts]


@pytest.fixture
def seeded(store: GraphStore, seed_facts_json: list[str]) -> GraphStore:
    apply_in_batches(store, [DocumentFacts.from_json(line) for line in seed_facts_json])
    return store


def test_funding_totals_count_only_stated_contributions(seeded: GraphStore) -> None:
    rows = {r["target"]: r for r in run_query(seeded, "funding_by", {"org": "KT"})}
    assert set(rows) == {"스마트 대한민국 펀드", "민관 공동투자형 기술개발 기금"}
    fund, own = rows["스마트 대한민국 펀드"], rows["민관 공동투자형 기술개발 기금"]
    assert (fund["amount_krw"], fund["target_amount_krw"]) == (None, 24_000_000_000)
    assert own["amount_krw"] == 3_000_000_000
    # The jointly created fund's 240억 is nobody's stated share: the total is KT's 30억.
    assert {(r["total_krw"], r["funded"], r["unstated"]) for r in rows.values()} == {
        (3_000_000_000, 2, 1)
    }


def test_kt_co_funds_the_smart_korea_fund(seeded: GraphStore) -> None:
    rows = run_query(seeded, "cofunded_programs", {"company": "KT"})
    assert [r["target"] for r in rows] == ["스마트 대한민국 펀드"]
    (row,) = rows
    assert row["company"] == "KT"
    assert row["label"] == "Fund"
    assert row["co_funders"] == ["중소벤처기업부"]
    assert row["amount_krw"] is None  # KT's own share is not stated
    assert row["target_amount_krw"] == 24_000_000_000
    assert {"funder": "중소벤처기업부", "funder_id": node_id("Ministry", "중소벤처기업부")} | {
        "amount_krw": None
    } in row["amounts"]
    assert {"doc": SEED_DOC, "sentence": KT_SENTENCE} in row["evidence"]
    for alias in ("케이티", "kt", "주식회사 케이티"):
        assert run_query(seeded, "cofunded_programs", {"company": alias}) == rows, alias
    assert run_query(seeded, "cofunded_programs", {"company": "민희진"}) == []


def test_the_evidence_of_kt_funding(seeded: GraphStore) -> None:
    params = {"source": "케이티", "type": "funds", "target": "스마트대한민국 펀드"}
    rows = run_query(seeded, "evidence", params)
    assert [(r["doc"], r["sentence"]) for r in rows] == [(SEED_DOC, KT_SENTENCE)]
    assert rows[0]["date"] == "2020-09-22"
    assert rows[0]["title"].startswith("중기부, KT")


def test_entity_resolves_an_english_alias(
    store: GraphStore, gold_facts: list[DocumentFacts]
) -> None:
    apply_in_batches(store, gold_facts)
    (row,) = run_query(store, "entity", {"name": "MSIT"})
    assert (row["id"], row["name"], row["label"]) == (
        "ministry:과학기술정보통신부",
        "과학기술정보통신부",
        "Ministry",
    )
    assert "과기정통부" in row["aliases"]
    groups = {(g["type"], g["direction"]): g for g in row["relationships"]}
    assert list(groups) == sorted(groups), "groups come sorted by type and direction"
    heads = [n["name"] for n in groups[("HEADS", "in")]["nodes"]]
    assert heads == ["임혜숙", "최기영"]
    assert groups[("HOSTS", "out")]["count"] == len(groups[("HOSTS", "out")]["nodes"]) > 1
    assert ("PARTNERS_WITH", "both") in groups
    assert "MENTIONED_IN" not in {g["type"] for g in row["relationships"]}
    assert run_query(store, "entity", {"name": "과 기 정 통 부"}) == [row]


def test_office_holders_give_the_succession(
    store: GraphStore, gold_facts: list[DocumentFacts]
) -> None:
    apply_in_batches(store, gold_facts)
    rows = run_query(store, "office_holders", {"org": "과학기술정보통신부"})
    assert [(r["person"], r["role"], r["as_of"]) for r in rows] == [
        ("최기영", "장관", "2020-04-16"),
        ("임혜숙", "장관", "2021-06-04"),
    ]
    assert (rows[0]["succeeds"], rows[0]["succeeded_by"]) == ([], ["임혜숙"])
    assert (rows[1]["succeeds"], rows[1]["succeeded_by"]) == (["최기영"], [])
    assert run_query(store, "office_holders", {"org": "MSIT"}) == rows


def test_search_ranks_exact_names_first(store: GraphStore, gold_facts: list[DocumentFacts]) -> None:
    apply_in_batches(store, gold_facts)
    rows = run_query(store, "search", {"q": "과학기술정보통신부"})
    assert rows[0]["name"] == "과학기술정보통신부" and rows[0]["match"] == "name"
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    (msit,) = run_query(store, "search", {"q": "msit", "label": "ministry"})
    assert (msit["name"], msit["match"]) == ("과학기술정보통신부", "alias")
    fragment = run_query(store, "search", {"q": "과기"})
    assert "과학기술정보통신부" in [r["name"] for r in fragment]
    assert all(r["match"] in ("prefix", "substring") for r in fragment)
    assert run_query(store, "search", {"q": "뉴진스"}) == []


def test_documents_and_their_facts(store: GraphStore, gold_facts: list[DocumentFacts]) -> None:
    apply_in_batches(store, gold_facts)
    documents = run_query(store, "documents", {})
    assert [d["date"] for d in documents] == sorted((d["date"] for d in documents), reverse=True)
    by_id = {d["id"]: d for d in documents}
    for facts in gold_facts:
        listed = by_id[facts.document.id]
        assert listed["path"] == facts.document.path  # what `govkg documents` shows
        assert listed["facts"] == len({e.key for e in facts.edges})
        assert listed["entities"] == len({n.id for n in facts.nodes})
    (detail,) = run_query(store, "document_facts", {"doc_id": SEED_DOC})
    kt_funds = ("FUNDS", "company:kt", "fund:스마트대한민국펀드")
    assert kt_funds in {(e["type"], e["source"], e["target"]) for e in detail["edges"]}
    assert "company:kt" in {n["id"] for n in detail["nodes"]}
    assert run_query(store, "document_facts", {"doc_id": "no-such-document"}) == []


def _doc(doc_id: str, aliases: list[str]) -> DocumentFacts:
    name = "알파 시범 사업"
    node = NodeFact(id=node_id("Program", name), label="Program", name=name, aliases=aliases)
    meta = DocumentMeta(id=doc_id, title=doc_id, date="2021-01-01", checksum=doc_id)
    return DocumentFacts(document=meta, nodes=[node])


def test_names_stop_resolving_when_their_documents_go(store: GraphStore) -> None:
    apply_in_batches(store, [_doc("a", ["알파", "Alpha Pilot"]), _doc("b", [])])

    def found(name: str) -> list[str]:
        return [r["id"] for r in run_query(store, "entity", {"name": name})]

    program = node_id("Program", "알파 시범 사업")
    assert found("alpha pilot") == found("알파") == found("알파시범사업") == [program]
    retract_documents(store, ["a"])
    assert found("alpha pilot") == found("알파") == []
    assert found("알파 시범사업") == [program]
    assert [r["id"] for r in run_query(store, "search", {"q": "알파"})] == [program]
    retract_documents(store, ["b"])
    assert found("알파 시범 사업") == []
    assert run_query(store, "search", {"q": "알파"}) == []


def test_the_embedded_key_index_follows_the_graph(
    embedded_store: EmbeddedStore, gold_facts: list[DocumentFacts]
) -> None:
    def rebuilt() -> set[tuple[str, str]]:
        return {
            (key, node["id"]) for node in embedded_store.nodes() for key in node.get("keys", ())
        }

    def stored() -> set[tuple[str, str]]:
        return set(embedded_store.db.execute("SELECT key, node FROM name_keys"))

    apply_in_batches(embedded_store, gold_facts)
    assert stored() == rebuilt()
    retract_documents(embedded_store, [SEED_DOC])
    assert stored() == rebuilt()
    embedded_store.close()
    embedded_store.open()
    assert stored() == rebuilt() != set()
