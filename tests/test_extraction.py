"""Extraction on the seed articles, scored against the hand-made gold graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.export import export_json
from graph.identity import path_id
from graph.loading import apply_in_batches
from graph.model import DocumentFacts
from graph.stores.embedded import EmbeddedStore
from loaders.evaluation import Evaluation, evaluate
from loaders.extract import extract_article
from loaders.gold import Gold, load_gold
from loaders.money import find_money
from loaders.pipeline import extract_paths
from loaders.reading import iter_articles, read_text_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLD = Path(__file__).resolve().parent / "fixtures" / "seeds.gold.json"


@pytest.fixture(scope="module")
def gold() -> Gold:
    return load_gold(GOLD)


@pytest.fixture(scope="module")
def seed_facts() -> list[DocumentFacts]:
    failures: list[tuple[str, str]] = []
    facts = list(extract_paths([SEEDS], failures.append))
    assert failures == []
    return facts


@pytest.fixture(scope="module")
def seed_export(seed_facts, tmp_path_factory) -> dict:
    store = EmbeddedStore(tmp_path_factory.mktemp("seeds"))
    store.open()
    try:
        apply_in_batches(store, seed_facts)
        return export_json(store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def scores(gold, seed_export) -> Evaluation:
    return evaluate(gold, seed_export)


def test_entity_f1_meets_the_bar(scores: Evaluation) -> None:
    assert scores.entities.f1 >= 0.90, scores.as_dict()


def test_relationship_f1_meets_the_bar(scores: Evaluation) -> None:
    assert scores.relations.f1 >= 0.80, scores.as_dict()


def test_no_page_furniture_becomes_an_entity(scores: Evaluation) -> None:
    assert scores.absent_found == []


def test_no_duplicate_nodes(scores: Evaluation) -> None:
    assert scores.duplicates == []


def test_both_inferred_successions_are_found(seed_export: dict) -> None:
    inferred = {(e["source"], e["target"]): e for e in seed_export["edges"] if e.get("inferred")}
    imhs = inferred[("minister:임혜숙", "minister:최기영")]
    assert imhs["type"] == "SUCCEEDS"
    assert imhs["office"] == "과학기술정보통신부 장관"
    assert imhs["reasons"] and set(imhs["sources"]) == {
        "000_6c76cb685f4a3c95",
        "002_5a0f65dd5be03a50",
    }
    assert ("minister:권칠승", "minister:박영선") in inferred


def test_kt_cofunding_has_fund_size_and_evidence(seed_export: dict) -> None:
    funds = {
        e["source"]: e
        for e in seed_export["edges"]
        if e["type"] == "FUNDS" and e["target"] == "fund:스마트대한민국펀드"
    }
    assert set(funds) == {"company:kt", "ministry:중소벤처기업부"}
    fund = next(n for n in seed_export["nodes"] if n["id"] == "fund:스마트대한민국펀드")
    assert fund["amount_krw"] == 24_000_000_000  # the fund's size, on the fund
    for edge in funds.values():
        # Neither funder's own share is stated, so neither edge claims the whole fund.
        assert "amount_krw" not in edge
        assert edge["co_funded"] is True
        sentence = edge["evidence"][0]["sentence"]
        assert "KT와 공동으로 240억원 규모의 스마트 대한민국 펀드를 조성" in sentence
        assert edge["evidence"][0]["doc"] == "004_ebf31bfe4c93205e"


def test_evidence_offsets_point_into_the_document_text(seed_facts) -> None:
    from loaders.extract import document_text

    articles = {a.id: a for a in iter_articles([SEEDS])}
    for facts in seed_facts:
        text = document_text(articles[facts.document.id])
        for edge in facts.edges:
            for ev in edge.evidence:
                assert text[ev.start : ev.end] == ev.sentence


def test_extraction_is_deterministic(seed_facts) -> None:
    again = list(extract_paths([SEEDS], lambda failure: None))
    assert [f.to_json() for f in again] == [f.to_json() for f in seed_facts]


def test_parallel_extraction_gives_the_same_facts(seed_facts) -> None:
    parallel = list(extract_paths([SEEDS], lambda failure: None, workers=2))
    assert [f.to_json() for f in parallel] == [f.to_json() for f in seed_facts]


def test_a_relation_the_graph_model_forbids_is_dropped_not_fatal() -> None:
    # X의 일환으로 Y reads as PART_OF, but only a Program can have parts: a fund cannot.
    text = "중기부는 '스마트 대한민국 펀드'의 일환으로 '비대면 스타트업 육성 사업'을 추진한다."
    facts = extract_article(read_text_article(text, doc_id="part-of-fund", date="2021-06-04"))
    edges = {(e.type, e.source, e.target) for e in facts.edges}
    assert ("HOSTS", "ministry:중소벤처기업부", "program:비대면스타트업육성사업") in edges
    assert not [e for e in edges if e[0] == "PART_OF"]


def test_unseen_article_of_the_same_kind() -> None:
    text = (
        "과기정통부, 네이버와 초거대 AI 협력\n\n"
        "과학기술정보통신부(장관 이종호)는 네이버(대표 최수연)와 ‘초거대 AI 생태계 조성’을 위한 "
        "업무협약을 체결했다고 3일 밝혔다.\n\n"
        "과기정통부는 네이버와 공동으로 500억원 규모의 AI 반도체 펀드를 조성한다.\n\n"
        "정보통신산업진흥원이 운영 중인 고성능컴퓨팅 지원사업도 확대한다."
    )
    article = read_text_article(text, doc_id="unseen-1", date="2023-05-03")
    facts = extract_article(article)
    names = {(n.label, n.name) for n in facts.nodes}
    assert ("Minister", "이종호") in names
    assert ("Person", "최수연") in names
    assert ("Fund", "AI 반도체 펀드") in names
    edges = {(e.type, e.source, e.target): e for e in facts.edges}
    assert ("HEADS", "minister:이종호", "ministry:과학기술정보통신부") in edges
    partners = edges[("PARTNERS_WITH", "company:네이버", "ministry:과학기술정보통신부")]
    assert partners.props["date"] == "2023-05-03"
    funds = edges[("FUNDS", "company:네이버", "fund:ai반도체펀드")]
    # 500억원 규모의 펀드: the fund's size; neither co-funder's own share is stated.
    assert funds.props == {"co_funded": True}
    fund = next(n for n in facts.nodes if n.id == "fund:ai반도체펀드")
    assert fund.props["amount_krw"] == 50_000_000_000


def test_bracketed_amounts_are_each_investors_own() -> None:
    text = (
        "'한빛 성장펀드'의 주요출자자는 모태펀드(250억원), KDB산업은행(500억원), "
        "부산시(50억원) 등이다."
    )
    facts = extract_article(read_text_article(text, doc_id="bracketed", date="2024-08-12"))
    amounts = {e.source: e.props.get("amount_krw") for e in facts.edges if e.type == "FUNDS"}
    assert amounts == {
        "fund:모태펀드": 25_000_000_000,
        "agency:한국산업은행": 50_000_000_000,
        "agency:부산광역시": 5_000_000_000,
    }


@pytest.mark.parametrize(
    ("text", "size", "maker"),
    [
        # X를 1000억원 규모로 조성했다: the size follows the fund.
        (
            "중소벤처기업부는 '한빛 디지털 혁신펀드'를 1000억원 규모로 조성했다.",
            100_000_000_000,
            "ministry:중소벤처기업부",
        ),
        # 금융위는 2000억원 규모의 X를 조성한다: the size, though a body stands before it.
        (
            "금융위원회는 2000억원 규모의 '한빛 소부장 펀드'를 조성한다.",
            200_000_000_000,
            "agency:금융위원회",
        ),
    ],
)
def test_a_funds_size_goes_on_the_fund_and_its_maker_has_no_share(
    text: str, size: int, maker: str
) -> None:
    facts = extract_article(read_text_article(text, doc_id="sized", date="2024-03-02"))
    fund = next(n for n in facts.nodes if n.label == "Fund")
    assert fund.props["amount_krw"] == size
    funds = [e for e in facts.edges if e.type == "FUNDS"]
    assert [(e.source, "amount_krw" in e.props) for e in funds] == [(maker, False)]


def test_money_from_a_fund_is_that_funds_share() -> None:
    # 모태펀드에서 200억원을 출자해 X를 결성: 모태펀드 puts 200억 into X, not 중기부 into 모태펀드.
    text = "중소벤처기업부는 모태펀드에서 200억원을 출자해 '한빛 AI 혁신펀드'를 결성했다."
    facts = extract_article(read_text_article(text, doc_id="from-fund", date="2024-03-02"))
    amounts = {(e.source, e.target): e.props.get("amount_krw") for e in facts.edges}
    assert amounts == {
        ("fund:모태펀드", "fund:한빛ai혁신펀드"): 20_000_000_000,
        ("ministry:중소벤처기업부", "fund:한빛ai혁신펀드"): None,
    }


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("240억원", 24_000_000_000),
        ("1조 2천억 원", 1_200_000_000_000),
        ("4600억 원", 460_000_000_000),
        ("30억원", 3_000_000_000),
        ("3천만원", 30_000_000),
        ("1,800억원", 180_000_000_000),
    ],
)
def test_money_is_normalised_to_krw(text: str, amount: int) -> None:
    assert [m.amount_krw for m in find_money(f"총 {text} 규모")] == [amount]


ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"


@pytest.fixture(scope="module")
def other_articles() -> dict[str, DocumentFacts]:
    failures: list[tuple[str, str]] = []
    # Keyed by the id each file's path gives (an article with a URL is stored under its URL's).
    facts = {path_id(f.document.path): f for f in extract_paths([ARTICLES], failures.append)}
    assert failures == []
    return facts


def _edges(facts: DocumentFacts) -> dict[tuple[str, str, str], dict]:
    return {(e.type, e.source, e.target): e.props for e in facts.edges}


def test_agreement_with_two_companies(other_articles) -> None:
    facts = other_articles["mois_platform_mou"]
    edges = _edges(facts)
    agreement = "디지털플랫폼정부 실현을 위한 업무협약"
    for company in ("company:네이버", "company:카카오"):
        props = edges[("PARTNERS_WITH", company, "ministry:행정안전부")]
        assert props == {"agreement": agreement, "date": "2023-03-14"}
    assert ("HEADS", "minister:이상민", "ministry:행정안전부") in edges
    assert edges[("WORKS_FOR", "person:고기동", "ministry:행정안전부")]["role"] == "차관"
    # The agreement's title is a property, not a programme; the committee's name holds no
    # mention of the programme 디지털플랫폼정부 (which the headline does name).
    assert agreement not in {n.name for n in facts.nodes}
    assert not [k for k in edges if k[1] == "agency:디지털플랫폼정부위원회" and k[0] != "HOSTS"]
    assert ("HOSTS", "agency:디지털플랫폼정부위원회", "program:디지털플랫폼정부") not in edges
    meeting = edges[
        ("HOSTS", "agency:디지털플랫폼정부위원회", "meeting:제3차디지털플랫폼정부위원회전체회의")
    ]
    assert meeting["date"] == "2023-02-22"  # 지난달 22일, resolved against 2023-03-14


def test_programme_named_with_its_support_word_is_the_known_programme(other_articles) -> None:
    facts = other_articles["msit_ai_voucher"]
    voucher = next(n for n in facts.nodes if n.name == "AI 바우처")
    assert "AI 바우처 지원사업" in voucher.aliases
    edges = _edges(facts)
    assert ("HOSTS", "ministry:과학기술정보통신부", "program:ai바우처") in edges
    assert ("HOSTS", "agency:한국정보화진흥원", "program:ai허브") in edges  # 운영 중인 'AI 허브'
    assert ("HEADS", "person:김창용", "agency:정보통신산업진흥원") in edges


def test_deputy_prime_minister_and_co_funders(other_articles) -> None:
    facts = other_articles["moef_newdeal_fund"]
    edges = _edges(facts)
    assert edges[("HEADS", "minister:홍남기", "ministry:기획재정부")]["role"] == "장관"
    for funder in ("ministry:기획재정부", "agency:한국산업은행"):
        # 4조원 규모의 펀드를 조성: the fund's size, not each funder's share.
        assert edges[("FUNDS", funder, "fund:정책형뉴딜펀드")] == {"co_funded": True}
    fund = next(n for n in facts.nodes if n.id == "fund:정책형뉴딜펀드")
    assert fund.props["amount_krw"] == 4_000_000_000_000
    assert all(not alias[0].isdigit() for alias in fund.aliases)


def test_budget_with_korean_units(other_articles) -> None:
    edges = _edges(other_articles["mss_smart_factory"])
    funds = [p for (t, s, _), p in edges.items() if t == "FUNDS" and s == "ministry:중소벤처기업부"]
    assert [p["amount_krw"] for p in funds] == [1_200_000_000_000]
    assert ("HOSTS", "agency:중소기업기술정보진흥원", "program:제조데이터플랫폼") in edges
    assert ("PARTICIPATES_IN", "company:삼성전자", "program:스마트공장상생형지원사업") in edges


def test_project_launch_with_three_carriers(other_articles) -> None:
    facts = other_articles["msit_6g"]
    edges = _edges(facts)
    assert ("HOSTS", "ministry:과학기술정보통신부", "program:6g핵심기술개발사업") in edges
    heads = {s for (t, s, o) in edges if t == "HEADS"}
    assert heads == {"person:유영상", "person:김영섭", "person:황현식"}
    assert {n.name for n in facts.nodes if n.label == "Company"} == {"SK텔레콤", "KT", "LG유플러스"}


def test_unlisted_companies_institutions_and_reorganisation(other_articles) -> None:
    facts = other_articles["msit_ai_startups"]
    labels = {n.name: n.label for n in facts.nodes}
    assert labels["코난테크놀로지"] == "Company"  # ㈜코난테크놀로지
    assert labels["경기콘텐츠진흥원"] == "Agency"  # by its suffix
    assert labels["한국인공지능산업협회"] == "Organization"
    assert "과기정통부" not in labels  # (이하 '과기정통부') is the ministry, not a programme
    edges = _edges(facts)
    assert edges[("SUCCEEDS", "ministry:과학기술정보통신부", "ministry:미래창조과학부")] == {
        "date": "2017-07-26"
    }
    program = "program:ai고성장기업육성프로그램"
    assert ("HOSTS", "ministry:과학기술정보통신부", program) in edges
    assert ("HOSTS", "agency:정보통신산업진흥원", program) in edges  # …과 함께: a co-host


def test_each_funder_with_its_own_amount(other_articles) -> None:
    # 2000억원 규모의 'AI 혁신 펀드'를 함께 조성 … 이 가운데 … 산업은행이 800억원을 출자한다.
    edges = _edges(other_articles["msit_ai_everyday_fund"])
    fund = "fund:ai혁신펀드"
    assert edges[("FUNDS", "agency:한국산업은행", fund)] == {
        "amount_krw": 80_000_000_000,
        "co_funded": True,
    }
    # 정부가 1200억원: no single body's share; the 2000억 is the fund's size.
    assert edges[("FUNDS", "ministry:과학기술정보통신부", fund)] == {"co_funded": True}
    # 네이버클라우드, LG AI연구원, 업스테이지 등이 공급기업으로 참여한다 (after the voucher).
    for company in ("company:네이버클라우드", "company:lgai연구원", "company:업스테이지"):
        assert edges[("PARTICIPATES_IN", company, "program:ai바우처")] == {"role": "공급기업"}
    # 이번 실행계획은 … '인공지능 일상화 추진방안'을 잇는 후속 계획이다.
    plan, earlier = "program:인공지능(ai)일상화실행계획", "program:인공지능일상화추진방안"
    assert ("SUCCEEDS", plan, earlier) in edges
    # Related-article links and page widgets name no entity.
    assert "삼성전자" not in {n.name for n in other_articles["msit_ai_everyday_fund"].nodes}


def test_co_funders_of_a_fund_named_in_the_sentence_before(other_articles) -> None:
    facts = other_articles["mss_startup_global_fund"]
    edges = _edges(facts)
    fund = "fund:k스타트업글로벌펀드"
    # 모태펀드가 2000억원을 출자하고, 카카오와 네이버가 각각 500억원씩 공동 출자한다.
    for company in ("company:카카오", "company:네이버"):
        assert edges[("FUNDS", company, fund)] == {"amount_krw": 50_000_000_000, "co_funded": True}
    assert edges[("FUNDS", "ministry:중소벤처기업부", fund)]["co_funded"] is True
    assert not [k for k in edges if k[0] == "FUNDS" and k[2] == "fund:모태펀드"]
    # "[머니투데이 주요뉴스]" and its → links are furniture.
    assert "삼성전자" not in {n.name for n in facts.nodes}


def test_agreement_titled_with_mou_and_a_task_force(other_articles) -> None:
    facts = other_articles["motie_skt_manufacturing_mou"]
    edges = _edges(facts)
    agreement = "제조 AI 확산을 위한 업무협약(MOU)"
    props = edges[("PARTNERS_WITH", "company:sk텔레콤", "ministry:산업통상자원부")]
    assert props == {"agreement": agreement, "date": "2024-06-18"}
    names = {n.name for n in facts.nodes}
    assert agreement not in names
    # 스마트제조혁신추진단 is a body named after the programme, not a mention of it.
    assert "스마트 제조혁신" not in names


def test_plan_reported_to_the_cabinet_and_its_predecessor(other_articles) -> None:
    facts = other_articles["mois_digital_service_plan"]
    edges = _edges(facts)
    plan = "program:디지털행정서비스혁신방안"
    assert ("HOSTS", "ministry:행정안전부", plan) in edges  # 국무회의에서 … 보고했다
    assert ("SUCCEEDS", plan, "program:전자정부2020기본계획") in edges  # …의 후속으로
    # 전자정부 opens the longer plan's name: no mention of its own.
    assert "전자정부" not in {n.name for n in facts.nodes}
    for company in ("company:kt", "company:삼성sds", "company:lgcns"):
        assert ("PARTNERS_WITH", company, "ministry:행정안전부") in edges


def test_a_place_is_no_partner_and_a_particle_no_programme(other_articles) -> None:
    facts = other_articles["molit_autonomous_city"]
    edges = _edges(facts)
    assert not [k for k in edges if "agency:세종특별자치시" in k]  # 세종시에 … 조성한다
    names = {n.name for n in facts.nodes}
    assert not [n for n in names if n.startswith("의 ")]  # …혁신사업'의 후속 사업이다
    assert ("PARTNERS_WITH", "company:현대자동차", "ministry:국토교통부") in edges
    assert facts.document.outlet == "ZDNet Korea"
    # 국토부와 현대자동차는 향후 3년간 총 1200억원을 공동 투자해 … (the project of the
    # agreement): both fund it; the 1200억 is theirs together, neither's own share.
    for funder in ("ministry:국토교통부", "company:현대자동차"):
        assert edges[("FUNDS", funder, "program:자율주행실증도시조성")] == {
            "co_funded": True,
            "period": "3년",
        }


def test_a_longer_company_name_is_not_its_prefix(other_articles) -> None:
    facts = other_articles["mohw_digital_health"]  # an EUC-KR page
    names = {n.name for n in facts.nodes}
    assert "네이버" not in names  # 네이버헬스케어와 함께
    assert {"LG전자", "현대자동차"}.isdisjoint(names)  # 많이 본 뉴스
    edges = _edges(facts)
    assert ("HOSTS", "agency:한국보건산업진흥원", "program:디지털헬스케어확산사업") in edges
    assert edges[("HEADS", "minister:조규홍", "ministry:보건복지부")]["role"] == "장관"


def test_a_new_minister_succeeds_the_one_named_before(other_articles) -> None:
    facts = other_articles["msit_new_minister"]
    edges = _edges(facts)
    # 배경훈 신임 과학기술정보통신부 장관 … 전임 유상임 장관의 뒤를 이어
    assert edges[("HEADS", "minister:배경훈", "ministry:과학기술정보통신부")]["role"] == "장관"
    assert ("SUCCEEDS", "minister:배경훈", "minister:유상임") in edges
    # 이 사업에는 삼성SDS 컨소시엄이 우선협상대상자로 선정됐다.
    program = "program:국가ai컴퓨팅센터구축사업"
    assert edges[("PARTICIPATES_IN", "company:삼성sds", program)] == {"role": "우선협상대상자"}
    # LG AI연구원장: the head of LG AI연구원, not a mention of the LG group.
    assert "LG그룹" not in {n.name for n in facts.nodes}


def test_an_abbreviation_before_a_role_is_no_person(other_articles) -> None:
    facts = other_articles["kepco_energy_platform"]
    people = {n.name for n in facts.nodes if n.label in ("Person", "Minister")}
    assert people == {"김동철", "홍범식"}  # not 한전 (김동철 한전 사장)
    edges = _edges(facts)
    assert edges[("HEADS", "person:김동철", "agency:한국전력공사")]["role"] == "사장"
    assert ("PARTNERS_WITH", "agency:한국전력공사", "company:lg유플러스") in edges


def test_a_mayor_and_shares_in_the_programme_just_named(other_articles) -> None:
    facts = other_articles["seoul_ai_city"]
    edges = _edges(facts)
    assert edges[("HEADS", "person:오세훈", "agency:서울특별시")]["role"] == "시장"  # 서울시장
    program = "program:ai서울2030"
    # 서울시는 2030년까지 총 5000억원을 투입하며 … 네이버와 KT는 각각 300억원씩 투자한다.
    assert edges[("FUNDS", "agency:서울특별시", program)]["amount_krw"] == 500_000_000_000
    for company in ("company:네이버", "company:kt"):
        assert edges[("FUNDS", company, program)] == {
            "amount_krw": 30_000_000_000,
            "co_funded": True,
        }
    # 서울경제진흥원 is not the newspaper 서울경제; the page's list of articles is furniture.
    assert {"서울경제", "삼성전자", "현대자동차"}.isdisjoint({n.name for n in facts.nodes})
    assert ("HOSTS", "agency:서울경제진흥원", program) in edges  # 서울경제진흥원(SBA)이 … 운영


def test_this_programme_follows_an_earlier_one(other_articles) -> None:
    edges = _edges(other_articles["msit_saas_call"])
    program = "program:saas개발사업화지원사업"
    assert ("SUCCEEDS", program, "program:클라우드바우처") in edges  # 이 사업은 …의 후속 사업이다
    assert ("HOSTS", "agency:정보통신산업진흥원", program) in edges
    assert edges[("PARTICIPATES_IN", "organization:한국클라우드산업협회", program)] == {
        "role": "협력기관"
    }


def test_the_ministry_hosts_the_programme_whose_suppliers_it_calls_for(other_articles) -> None:
    facts = other_articles["mss_untact_voucher_call"]
    edges = _edges(facts)
    voucher = "program:비대면서비스바우처"
    assert ("HOSTS", "ministry:중소벤처기업부", voucher) in edges  # … 사업의 공급기업을 모집
    assert ("HOSTS", "agency:정보통신산업진흥원", voucher) in edges
    assert facts.document.date is None  # "12일" without a year: not guessed
    assert facts.document.outlet == "아이뉴스24"


def test_a_bare_numbered_meeting_belongs_to_the_series_named(other_articles) -> None:
    facts = other_articles["msit_ict_emergency_meeting"]
    edges = _edges(facts)
    third, second = "meeting:제3차ict비상대책회의", "meeting:제2차ict비상대책회의"
    assert ("SUCCEEDS", third, second) in edges  # … 지난달 열린 제2차 회의에 이은 것
    assert next(n for n in facts.nodes if n.id == second).aliases == ["제2차 회의"]
    # "디지털 뉴딜 속도" in the headline is speech, not a programme.
    programmes = {n.name for n in facts.nodes if n.label == "Program"}
    assert programmes == {"디지털 뉴딜", "AI 학습용 데이터 구축사업"}
    data = "program:ai학습용데이터구축사업"
    assert edges[("FUNDS", "ministry:과학기술정보통신부", data)]["amount_krw"] == 292_500_000_000
    assert ("HOSTS", "agency:한국정보화진흥원", data) in edges  # 이 사업은 …이 주관한다


def test_three_ministries_announce_together(other_articles) -> None:
    edges = _edges(other_articles["joint_digital_inclusion_plan"])
    ministries = ("ministry:과학기술정보통신부", "ministry:행정안전부", "ministry:중소벤처기업부")
    for ministry in ministries:
        assert ("HOSTS", ministry, "program:디지털포용추진계획") in edges
    partners = {(s, t) for (kind, s, t) in edges if kind == "PARTNERS_WITH"}
    assert partners == {
        ("ministry:과학기술정보통신부", "ministry:중소벤처기업부"),
        ("ministry:과학기술정보통신부", "ministry:행정안전부"),
        ("ministry:중소벤처기업부", "ministry:행정안전부"),
    }  # not 구글 and 마이크로소프트, two names in a list that "also" cooperate
    # 한국데이터산업진흥원은 '데이터 바우처 지원사업'을 통해 … 돕는다.
    assert ("HOSTS", "agency:한국데이터산업진흥원", "program:데이터바우처") in edges


def test_an_article_of_another_kind_yields_little(other_articles, gold) -> None:
    facts = other_articles["crypto_market_noise"]
    assert {n.name for n in facts.nodes} == {"금융위원회", "금융감독원"}
    assert facts.edges == []
    assert not {n.name for n in facts.nodes} & set(gold.absent)


def test_an_abbreviation_introduced_with_ihha_and_a_trial_funded(other_articles) -> None:
    facts = other_articles["kisa_security_centres"]
    edges = _edges(facts)
    kisa = "agency:한국인터넷진흥원"  # 한국인터넷진흥원(이하 KISA), then KISA throughout
    assert ("HOSTS", kisa, "program:지역정보보호지원센터") in edges
    assert edges[("HEADS", "person:이원태", kisa)]["role"] == "원장"
    assert ("PARTNERS_WITH", kisa, "company:삼성sds") in edges
    # 삼성SDS는 이 실증에 20억원을 투자한다: the trial named in the sentence before.
    funding = edges[("FUNDS", "company:삼성sds", "program:제로트러스트보안모델")]
    assert funding == {"amount_krw": 2_000_000_000}


def test_a_consortium_selected_for_a_programme_two_bodies_run(other_articles) -> None:
    facts = other_articles["kakao_hyperscale_ai_award"]
    edges = _edges(facts)
    program = "program:초거대ai플랫폼구축사업"
    # 과학기술정보통신부와 정보통신산업진흥원이 추진하는 '…': both host it.
    for host in ("ministry:과학기술정보통신부", "agency:정보통신산업진흥원"):
        assert ("HOSTS", host, program) in edges
    # 카카오가 … 의 주관사업자로 선정됐다; 카카오브레인, 카카오엔터프라이즈와 컨소시엄을 구성해.
    assert edges[("PARTICIPATES_IN", "company:카카오", program)] == {"role": "주관사업자"}
    for member in ("company:카카오브레인", "company:카카오엔터프라이즈"):
        assert ("PARTICIPATES_IN", member, program) in edges
    # The headline's '초거대 AI 플랫폼' 사업 is the same programme.
    node = next(n for n in facts.nodes if n.id == program)
    assert "초거대 AI 플랫폼 사업" in node.aliases
    assert len([n for n in facts.nodes if n.name.startswith("초거대 AI 플랫폼")]) == 1


def test_an_agreement_at_a_venue_and_a_fund_it_sets_up(other_articles) -> None:
    facts = other_articles["mss_naver_small_business_mou"]
    edges = _edges(facts)
    partners = {(s, t) for (kind, s, t) in edges if kind == "PARTNERS_WITH"}
    # … 소상공인시장진흥공단에서 '소상공인 디지털 전환 지원' 업무협약을 체결했다: the venue.
    assert partners == {("company:네이버", "ministry:중소벤처기업부")}
    props = edges[("PARTNERS_WITH", "company:네이버", "ministry:중소벤처기업부")]
    assert props == {"agreement": "소상공인 디지털 전환 지원", "date": "2021-06-04"}
    # 네이버는 … 100억원 규모의 '소상공인 성장 지원금'을 출연한다.
    assert edges[("FUNDS", "company:네이버", "fund:소상공인성장지원금")] == {
        "amount_krw": 10_000_000_000
    }
    assert "맞손" not in {n.name for n in facts.nodes}  # the headline's word for the agreement


def test_the_government_as_subject_is_no_ministry(other_articles) -> None:
    facts = other_articles["digital_new_deal_2"]
    edges = _edges(facts)
    # 정부는 2025년까지 디지털 뉴딜에 총 49조원을 투입한다: not 기획재정부's money.
    assert not [k for k in edges if k[0] == "FUNDS"]
    plan = "program:디지털뉴딜2.0추진방안"
    for ministry in ("ministry:기획재정부", "ministry:과학기술정보통신부"):
        assert ("HOSTS", ministry, plan) in edges
    assert next(n for n in facts.nodes if n.id == plan).aliases == []  # not "추진방안"
    # 메타버스 얼라이언스에는 현대자동차, CJ ENM, 네이버랩스 등 200여개 기업이 참여하고 있다.
    for company in ("company:현대자동차", "company:cjenm", "company:네이버랩스"):
        assert ("PARTICIPATES_IN", company, "program:메타버스얼라이언스") in edges


def test_a_company_joins_a_trial_a_ministry_and_an_agency_run(other_articles) -> None:
    edges = _edges(other_articles["lguplus_private_5g_trial"])
    trial = "program:5g특화망실증사업"
    for host in ("ministry:과학기술정보통신부", "agency:정보통신산업진흥원"):
        assert ("HOSTS", host, trial) in edges  # …가 주관하고 …이 전담하는
    assert ("PARTICIPATES_IN", "company:lg유플러스", trial) in edges
    assert ("PARTNERS_WITH", "company:lg유플러스", "company:삼성전자") in edges
    assert not [k for k in edges if k[0] == "FUNDS"]  # 정부가 30억원을 지원한다


def test_this_strategy_is_part_of_the_digital_new_deal(other_articles) -> None:
    facts = other_articles["msit_cyber_defence_strategy"]
    edges = _edges(facts)
    strategy = "program:k사이버방역추진전략"
    assert ("HOSTS", "ministry:과학기술정보통신부", strategy) in edges
    assert ("PART_OF", strategy, "program:디지털뉴딜") in edges  # 이번 전략은 …의 일환으로
    # Announced at the ministers' meeting, which the ministry does not host.
    assert not [k for k in edges if k[0] == "HOSTS" and k[2].startswith("meeting:")]
    assert facts.document.date == "2020-09-23" and facts.document.outlet == "전자신문"


def test_companies_that_join_as_suppliers(other_articles) -> None:
    edges = _edges(other_articles["mss_smart_shop_rollout"])
    program = "program:스마트상점기술보급사업"
    for host in ("ministry:중소벤처기업부", "agency:소상공인시장진흥공단"):
        assert ("HOSTS", host, program) in edges
    # KT와 LG유플러스는 스마트 기술 공급기업으로 참여한다.
    for company in ("company:kt", "company:lg유플러스"):
        assert edges[("PARTICIPATES_IN", company, program)] == {"role": "공급기업"}
    assert edges[("HEADS", "person:조봉환", "agency:소상공인시장진흥공단")]["role"] == "이사장"


def test_the_two_parties_act_together_after_their_agreement(other_articles) -> None:
    facts = other_articles["two_agreements-1"]  # the first object of a JSON Lines file
    edges = _edges(facts)
    store = "program:브랜드k글로벌스토어사업"
    # KOTRA는 네이버와 손잡고 … 두 기관은 '브랜드 K 글로벌 스토어' 사업을 공동 운영하며,
    # 네이버는 20억원 상당의 광고비를 지원한다.
    for party in ("agency:대한무역투자진흥공사", "company:네이버"):
        assert ("HOSTS", party, store) in edges
    funders = {s: p for (kind, s, t), p in edges.items() if kind == "FUNDS" and t == store}
    assert funders == {"company:네이버": {"amount_krw": 2_000_000_000}}
    assert facts.document.outlet == "뉴스1"


def test_banks_each_put_into_the_fund_just_named(other_articles) -> None:
    edges = _edges(other_articles["two_agreements-2"])
    fund = "fund:기후테크펀드"
    # 1000억원 규모의 펀드를 조성: the size is the fund's.
    assert edges[("FUNDS", "ministry:환경부", fund)] == {"co_funded": True}
    # 펀드에는 하나은행과 신한은행이 각각 200억원을 출자한다.
    for bank in ("company:하나은행", "company:신한은행"):
        assert edges[("FUNDS", bank, fund)] == {"amount_krw": 20_000_000_000, "co_funded": True}


def test_parallel_extraction_reads_only_a_bounded_window_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from loaders import pipeline

    for i in range(600):
        (tmp_path / f"a{i:03d}.txt").write_text(f"중기부는 {i}일 '사업 {i}'을 공고했다.\n")
    read = 0

    def counted(paths):
        nonlocal read
        for item in iter_articles(paths):
            read += 1
            yield item

    monkeypatch.setattr(pipeline, "iter_articles", counted)
    facts = extract_paths([tmp_path], lambda failure: None, workers=2)
    next(facts)
    time.sleep(1.0)  # a slow writer: time enough for an unbounded reader to read all
    assert read <= 2 * pipeline._IN_FLIGHT_PER_WORKER + pipeline._CHUNK + 1
    assert len(list(facts)) == 599 and read == 600
