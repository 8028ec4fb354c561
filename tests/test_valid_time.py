"""Valid time: when a post is held, and the catalogue's answers on a given day.

Extraction dates HEADS from the office-holder reference data or from what the text
says (취임, 퇴임, a nominee); `held_office` and every ``as_of`` parameter read it the
same way on both stores (the parity tests compare them case by case; these tests say
what the answers must be).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import BadParameterError
from graph.loading import apply_in_batches
from graph.stores.base import GraphStore
from graph.validity import entity_exists_on, fact_holds_on, fact_start, parse_day
from loaders.extract import extract_article
from loaders.pipeline import extract_paths
from loaders.reading import Article
from queries.catalogue import run_query

TERMS = Path(__file__).parent / "fixtures" / "terms"


def heads(text: str, published: str = "2023-03-03") -> dict[str, dict[str, object]]:
    facts = extract_article(Article(id="t", text=text, date=published))
    names = {n.id: n.name for n in facts.nodes}
    return {names[e.source]: e.props for e in facts.edges if e.type == "HEADS"}


# -- extraction ----------------------------------------------------------------------


def test_taking_and_leaving_a_post_date_it_from_the_clause() -> None:
    found = heads(
        "한지우 한국연구재단 이사장이 2일 퇴임했다. "
        "후임인 남도윤 한국연구재단 이사장은 3일 취임했다."
    )
    assert found["한지우"]["valid_to"] == "2023-03-02"
    assert "valid_from" not in found["한지우"]
    assert found["남도윤"]["valid_from"] == "2023-03-03"
    assert {p["valid_source"] for p in found.values()} == {"text"}


def test_a_cue_without_a_day_takes_the_articles() -> None:
    found = heads("정하람 한국인터넷진흥원 원장은 취임식에서 보안 강화를 약속했다.", "2024-02-07")
    assert found["정하람"]["valid_from"] == "2024-02-07"


def test_a_look_back_at_the_start_dates_nothing() -> None:
    for text in (
        "정하람 한국인터넷진흥원 원장은 취임 이후 첫 간담회를 열었다.",
        "정하람 한국인터넷진흥원 원장은 취임 100일을 맞아 기자들과 만났다.",
        "정하람 한국인터넷진흥원 원장은 퇴임 후 학교로 돌아간다.",
    ):
        props = heads(text)["정하람"]
        assert "valid_from" not in props and "valid_to" not in props, text


def test_a_cue_belongs_to_the_person_before_it() -> None:
    found = heads("오세린 한국연구재단 이사장과 민하준 한국과학기술기획평가원 원장이 참석했다.")
    assert all("valid_from" not in p for p in found.values())
    found = heads(
        "오세린 한국연구재단 이사장이 물러나고 민하준 한국과학기술기획평가원 원장이 왔다."
    )
    assert found["오세린"]["valid_to"] == "2023-03-03"
    assert "valid_to" not in found["민하준"]


def test_the_reference_data_dates_a_minister() -> None:
    props = heads("이종호 과학기술정보통신부 장관은 20일 대전을 찾았다.", "2022-05-20")["이종호"]
    assert (props["valid_from"], props["valid_source"]) == ("2022-05-10", "reference")


def test_a_nominee_holds_that_status_until_taking_office() -> None:
    props = heads(
        "과학기술정보통신부 장관 후보자로 최기영 광주과학기술원 교수를 지명했다.", "2019-08-09"
    )["최기영"]
    assert props["role"] == "장관 후보자"
    assert (props["valid_from"], props["valid_to"]) == ("2019-08-09", "2019-09-09")


# -- the rule ------------------------------------------------------------------------


def test_a_fact_holds_within_its_valid_time() -> None:
    post = {"valid_from": "2020-01-01", "valid_to": "2020-12-31", "first_seen": "2020-06-01"}
    assert fact_holds_on(post, "2020-01-01") and fact_holds_on(post, "2020-12-31")
    assert not fact_holds_on(post, "2019-12-31") and not fact_holds_on(post, "2021-01-01")
    # Without valid time: from the first document that shows it, with no end.
    assert fact_holds_on({"first_seen": "2020-06-01"}, "2030-01-01")
    assert not fact_holds_on({"first_seen": "2020-06-01"}, "2020-05-31")
    assert not fact_holds_on({}, "2020-05-31")
    # Known only to have ended: it held on its last day.
    assert fact_start({"valid_to": "2020-03-02", "first_seen": "2020-03-03"}) == "2020-03-02"


def test_an_entity_exists_from_its_founding_to_its_dissolution() -> None:
    body = {"founded": "2017-07-26", "dissolved": "2024-05-27", "first_seen": "2020-01-01"}
    assert entity_exists_on(body, "2017-07-26") and not entity_exists_on(body, "2017-07-25")
    assert not entity_exists_on(body, "2024-05-27")
    assert entity_exists_on({"first_seen": "2020-01-01"}, "2020-01-01")


@pytest.mark.parametrize("bad", ["2021-02-30", "2021-3-1", "20210301", "yesterday", ""])
def test_a_day_must_be_a_real_one(bad: str) -> None:
    with pytest.raises(ValueError, match="yyyy-mm-dd"):
        parse_day(bad)


# -- the answers, on both stores -----------------------------------------------------


@pytest.fixture
def terms_store(store: GraphStore) -> GraphStore:
    failures: list[object] = []
    facts = list(extract_paths([TERMS], failures.append))
    assert not failures and len(facts) == 3
    apply_in_batches(store, facts)
    return store


def who(store: GraphStore, org: str, day: str, **extra: str) -> list[tuple[str, str]]:
    rows = run_query(store, "held_office", {"org": org, "date": day, **extra})
    return [(row["person"], row["basis"]) for row in rows]


def test_held_office_names_the_minister_of_the_day(terms_store: GraphStore) -> None:
    assert who(terms_store, "과학기술정보통신부", "2021-03-01") == [("최기영", "reference")]
    assert who(terms_store, "과기정통부", "2022-06-01") == [("이종호", "reference")]
    # 임혜숙 held it between them; no article of hers is loaded.
    assert who(terms_store, "과기정통부", "2021-12-01") == []
    # Before the ministry was founded (2017-07-26): nothing, not even its later heads.
    assert who(terms_store, "과기정통부", "2017-01-01") == []


def test_held_office_reads_an_agencys_heads_from_the_text(terms_store: GraphStore) -> None:
    assert who(terms_store, "한국연구재단", "2023-03-02") == [("한나래", "text")]
    assert who(terms_store, "한국연구재단", "2023-03-03") == [("서동진", "text")]
    assert who(terms_store, "한국연구재단", "2023-03-01", role="이사장") == []
    rows = run_query(terms_store, "held_office", {"org": "한국연구재단", "date": "2025-01-01"})
    assert rows[0]["evidence"] and rows[0]["until"] is None


def test_as_of_keeps_what_held_that_day(terms_store: GraphStore) -> None:
    def holders(day: str) -> list[str]:
        rows = run_query(terms_store, "office_holders", {"org": "과기정통부", "as_of": day})
        return [row["person"] for row in rows]

    assert holders("2021-03-01") == ["최기영"]
    assert holders("2022-06-01") == ["이종호"]
    assert holders("2017-01-01") == []
    entity = run_query(terms_store, "entity", {"name": "이종호", "as_of": "2021-03-01"})
    assert entity == []  # first named in 2022
    entity = run_query(terms_store, "entity", {"name": "과기정통부", "as_of": "2020-09-10"})
    heads_then = [r for r in entity[0]["relationships"] if r["type"] == "HEADS"]
    assert [n["name"] for n in heads_then[0]["nodes"]] == ["최기영"]


def test_a_bad_day_is_refused_with_the_parameter_named(terms_store: GraphStore) -> None:
    with pytest.raises(BadParameterError, match="'date' must be a date as yyyy-mm-dd"):
        run_query(terms_store, "held_office", {"org": "과기정통부", "date": "2021-13-01"})
    with pytest.raises(BadParameterError, match="'as_of'"):
        run_query(terms_store, "hosted_by", {"org": "과기정통부", "as_of": "soon"})
    with pytest.raises(BadParameterError, match="missing required parameter 'date'"):
        run_query(terms_store, "held_office", {"org": "과기정통부"})
