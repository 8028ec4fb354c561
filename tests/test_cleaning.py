"""Furniture removal, HTML text extraction and metadata parsing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from loaders.cleaning import (
    clean_text,
    html_article_text,
    is_furniture_line,
    normalize_text,
    strip_byline_prefix,
)
from loaders.metadata import (
    find_author,
    find_date,
    find_outlet,
    find_title,
    normalize_author,
    outlet_from_domain,
    parse_date,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

_FORBIDDEN_TEXT = (
    "민희진 뉴진스 류현진 최정 임영웅 아이유 손흥민 K-패스 비트코인 이더리움 리플 솔라나 에이다 "
    "이오스 트론 스텔라루멘 체인링크 샌드박스 초코파이 나스닥 댓글 공유합니다 가장크게 jangstag@"
)
FORBIDDEN = _FORBIDDEN_TEXT.split()

# Body sentences (and decks) that must survive cleaning, by seed.
KEPT = {
    "000": [
        "과기정통부가 디지털 기반의 '포스트 코로나' 태스크포스 가동을 본격화했다.",
        "이날 회의에는 ICT 분야 국책연구기관장 및 유관기관장, 민간 협‧단체장이 참석했으며, "
        "‘사회적 거리두기’ 일환으로 영상회의로 열렸다.",
        "최기영 장관은 “포스트 코로나 시대는 엄청난 경제‧사회적 변화를 있을 것으로 예상된다”며",
        "민‧관이 함께 노력하겠다”고 덧붙였다.",
    ],
    "001": [
        "관계부처 합동 '비대면 경제 전환을 위한 ICT활용방안' 발표",
        "정부는 ICT 기반 혁신서비스로 편리한 비대면 생활을 실현하고,",
        "적극 추진하겠다”고 밝혔다.",
    ],
    "002": [
        "비대면 서비스 전주기 연계 강화 등 협력방안 논의",
        "중소벤처기업부 권칠승 장관과 과학기술정보통신부 임혜숙 장관은 공동으로 범부처 합동 "
        "‘제11차 디지털 뉴딜반 회의’를 개최했다.",
        "적극 지원하겠다“고 강조했다.",
    ],
    "004": [
        "우선 '스마트공장 활성화' 분야에서는 KT와 공동으로 240억원 규모의 스마트 대한민국 펀드를 "
        "조성하여 비대면 분야의 유망 중소·벤처 기업을 지원한다.",
        "코로나19 장기화로 인한 경제위기를 기회로 삼는 돌파구 역할 기대",
        '역할을 해줄 것"이라고 기대했다.',
    ],
}
# Furniture specific to one seed: captions, bylines, metadata lines.
REMOVED = {
    "000": ["입력 2020-04-16", "▲최기영", "(과기정통부 제공)", "좋아요", "주요 뉴스", "암호화폐"],
    "001": ["(이미지=아이클릭아트)", "(이미지=과기정통부)", "장민제 기자", "승인 2020"],
    "002": ["[아웃소싱타임스", "뉴스리포터", "(제공=중기부)", "관련기사", "승인 2021"],
    "004": ["[사진제공-중소벤처기업부]", "유현재 기자", "이 기사를 번역합니다", "승인 2020"],
}


def _clean_seed(path: Path) -> tuple[str, str]:
    raw = path.read_text(encoding="utf-8")
    title, _ = find_title(normalize_text(raw), is_furniture_line)
    return title, clean_text(raw, title=title)


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[str, str]]:
    return {p.name[:3]: _clean_seed(p) for p in SEED_FILES}


def test_seed_files_present() -> None:
    assert [p.name[:3] for p in SEED_FILES] == ["000", "001", "002", "004"]


@pytest.mark.parametrize("word", FORBIDDEN)
def test_no_furniture_word_survives(cleaned: dict[str, tuple[str, str]], word: str) -> None:
    for key, (_, text) in cleaned.items():
        assert word not in text, f"{word!r} left in seed {key}"


@pytest.mark.parametrize("key", sorted(KEPT))
def test_body_sentences_survive(cleaned: dict[str, tuple[str, str]], key: str) -> None:
    text = cleaned[key][1]
    for sentence in KEPT[key]:
        assert sentence in text


@pytest.mark.parametrize("key", sorted(REMOVED))
def test_seed_specific_furniture_removed(cleaned: dict[str, tuple[str, str]], key: str) -> None:
    text = cleaned[key][1]
    for piece in REMOVED[key]:
        assert piece not in text


def test_title_kept_once_as_title_not_in_body(cleaned: dict[str, tuple[str, str]]) -> None:
    title, text = cleaned["001"]
    assert title == "정부, 비대면시대 'ICT' 역량으로 도약"
    assert title not in text
    assert cleaned["000"][0] == "과기정통부, 디지털 기반 '포스트 코로나' TF 가동"


def test_bracket_byline_prefix_removed_but_paragraph_kept(
    cleaned: dict[str, tuple[str, str]],
) -> None:
    paragraphs = cleaned["002"][1].split("\n\n")
    assert paragraphs[2].startswith("중소벤처기업부 권칠승 장관과")


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_cleaned_text_is_verbatim_source_lines(path: Path) -> None:
    """Every kept line appears unchanged in the source, so offsets stay meaningful."""
    source = normalize_text(path.read_text(encoding="utf-8"))
    _, text = _clean_seed(path)
    paragraphs = text.split("\n\n")
    assert all(p and p == p.strip() for p in paragraphs)
    for paragraph in paragraphs:
        for line in paragraph.split("\n"):
            assert line in source


def test_first_paragraph_starts_the_article(cleaned: dict[str, tuple[str, str]]) -> None:
    assert cleaned["000"][1].startswith("과기정통부가 디지털 기반의")
    assert cleaned["004"][1].startswith("5G 스마트공장 보급과 비대면 분야 활성화를 통해")


# --- generic furniture from other outlets ---------------------------------------------------

YONHAP = """정부, 디지털플랫폼정부 추진계획 발표
송고시간 2022-09-02 10:00
(세종=연합뉴스) 홍길동 김철수 기자 = 정부가 디지털플랫폼정부 실현 계획을 2일 발표했다.

계획에 따르면 행정안전부는 2023년까지 공공 서비스 1,500개를 통합한다. /홍길동 기자

▶ 제보는 카톡 okjebo
☞ 연합뉴스 앱 지금 바로 다운받기
<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>
2022/09/02 10:00 송고
"""


def test_wire_service_prefix_and_trailer() -> None:
    text = clean_text(YONHAP, title="정부, 디지털플랫폼정부 추진계획 발표")
    assert text == (
        "정부가 디지털플랫폼정부 실현 계획을 2일 발표했다.\n\n"
        "계획에 따르면 행정안전부는 2023년까지 공공 서비스 1,500개를 통합한다."
    )


def test_copyright_share_and_subscribe_lines() -> None:
    raw = "\n".join(
        [
            "[이데일리 김철수 기자] 과학기술정보통신부가 인공지능 바우처 사업을 확대한다.",
            "사진=게티이미지뱅크",
            "과기정통부는 올해 바우처 예산을 500억원으로 늘린다고 3일 밝혔다.",
            "kim@edaily.co.kr",
            "저작권자 © 신아일보 무단전재 및 재배포 금지",
            "[ⓒ 매일경제 & mk.co.kr, 무단전재 및 재배포 금지]",
            "Copyright ⓒ 전자신문 & etnews.com",
            "페이스북 트위터 카카오톡 밴드 URL복사",
            "구독",
            "기사 더보기",
            "▶ 관련기사 바로가기",
            "#인공지능 #바우처",
            "(끝)",
        ]
    )
    assert clean_text(raw) == (
        "과학기술정보통신부가 인공지능 바우처 사업을 확대한다.\n\n"
        "과기정통부는 올해 바우처 예산을 500억원으로 늘린다고 3일 밝혔다."
    )


@pytest.mark.parametrize(
    "line",
    [
        "• 가장작게",
        "  • 좋아요0",
        "추가취재 원해요0",
        "댓글 0",
        "댓글삭제",
        "이 기사를 공유합니다",
        "입력 2020-04-16 14:00",
        "• 승인 2020.11.26 10:13",
        "수정 2021.06.04 17:00",
        "기사입력 2021-06-04 오후 4:25",
        "입력 2021.06.04 10:00 수정 2021.06.04 11:00",
        "2022/09/02 10:00 송고",
        "• 장민제 기자",
        "홍길동 기자 hong@yna.co.kr",
        "jangstag@shinailbo.co.kr",
        "ⓒ 연합뉴스",
        "Copyright © 2021 Example News. All rights reserved.",
        "비대면 분야 디지털뉴딜 진행상황 (제공=중기부)",
        "사진=연합뉴스",
        "95,902,000",
        "+0.11%",
        "☞ 관련 기사 보러가기",
        "https://www.example.com/news/1",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "과기정통부가 디지털 기반의 '포스트 코로나' 태스크포스 가동을 본격화했다.",
        "관계부처 합동 '비대면 경제 전환을 위한 ICT활용방안' 발표",
        "저작권자의 권리를 보호하기 위해 관련 법을 개정한다.",
        "문의는 담당자 이메일(help@example.go.kr)로 하면 된다.",
        "기본계획 수립",
        "등록 2021년 6월 4일부터 신청을 받는다.",
        "(c) 클라우드 전환 지원",
        "2021년 정부는 비대면 산업 육성을 위해 4600억 원 규모의 재정투자를 진행 중이다.",
    ],
)
def test_body_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_press_release_header_and_hard_wrapped_lines() -> None:
    raw = "\n".join(
        [
            "2021. 6. 4.(금) 조간",
            "디지털 뉴딜 2.0 추진",
            "- 초연결 신산업 육성 등 5대 과제 -",
            "",
            "□ 과학기술정보통신부(장관 임혜숙)는 6월 4일 디지털 뉴딜 2.0 추진 계획을",
            "발표하였다.",
            "○ 이번 계획은 메타버스, 클라우드 등 초연결 신산업 육성을 포함한다.",
            "",
            "◎공감언론 뉴시스 kim@newsis.com",
        ]
    )
    assert clean_text(raw).split("\n\n") == [
        "디지털 뉴딜 2.0 추진",
        "- 초연결 신산업 육성 등 5대 과제 -",
        "□ 과학기술정보통신부(장관 임혜숙)는 6월 4일 디지털 뉴딜 2.0 추진 계획을\n발표하였다.",
        "○ 이번 계획은 메타버스, 클라우드 등 초연결 신산업 육성을 포함한다.",
    ]


def test_lone_arrow_line_is_caption_but_arrow_list_stays() -> None:
    raw = "\n".join(
        [
            "정부는 세 가지 과제를 추진한다고 밝혔다. 세부 과제는 다음과 같다고 설명했다.",
            "▲스마트공장 보급 활성화",
            "▲비대면 분야 활성화",
            "▲소상공인 지원",
            "",
            "▲박영선 장관이 협약식에서 인사말을 하고 있다",
            "",
            "협약은 3년간 유지되며 매년 성과를 점검한다는 계획이다.",
        ]
    )
    text = clean_text(raw)
    assert "▲스마트공장 보급 활성화\n▲비대면 분야 활성화\n▲소상공인 지원" in text
    assert "박영선" not in text


def test_heading_in_middle_of_article_does_not_cut_body() -> None:
    body = "과기정통부는 올해 디지털 뉴딜 예산을 대폭 늘려 지역 사업을 지원한다고 밝혔다."
    raw = "\n\n".join(
        [body, "관련기사", body.replace("올해", "내년"), body.replace("지역", "민간")]
    )
    text = clean_text(raw)
    assert "관련기사" not in text
    assert text.count("과기정통부는") == 3


def test_trailing_related_list_is_cut() -> None:
    body = "과기정통부는 올해 디지털 뉴딜 예산을 대폭 늘려 지역 사업을 지원한다고 밝혔다."
    raw = "\n".join(
        [body, "", "많이 본 뉴스", "• 손흥민 멀티골", "• 비트코인 급등", "• 아이유 컴백"]
    )
    assert clean_text(raw) == body


@pytest.mark.parametrize(
    "heading", ["[머니투데이 주요뉴스]", "전자신문 인기기사", "ZDNet Korea 관련기사"]
)
def test_a_heading_with_the_outlet_in_front_cuts_the_list(heading: str) -> None:
    body = "과기정통부는 올해 디지털 뉴딜 예산을 대폭 늘려 지역 사업을 지원한다고 밝혔다."
    raw = "\n".join([body, "", heading, '→ "삼성전자 주가 반등"', "→ 카카오 김범수 소환 조사"])
    assert clean_text(raw) == body


def test_a_short_line_ending_in_a_heading_word_is_not_a_heading() -> None:
    body = "과기정통부는 올해 디지털 뉴딜 예산을 대폭 늘려 지역 사업을 지원한다고 밝혔다."
    raw = "\n".join([body, "", "정부는 오늘 주요뉴스", body.replace("올해", "내년")])
    text = clean_text(raw)
    assert "정부는 오늘 주요뉴스" in text and text.count("과기정통부는") == 2


def test_duplicate_caption_lines_dropped() -> None:
    caption = "협약식에 참석한 관계자들이 기념촬영을 하고 있다."
    body = "중기부는 이날 대기업과 상생협력 협약을 맺었다고 22일 밝혔다. 협약은 3년간 유지된다."
    assert clean_text(f"{caption}\n{caption}\n\n{body}") == body


def test_strip_byline_prefix_forms() -> None:
    assert (
        strip_byline_prefix("(서울=연합뉴스) 홍길동 기자 = 정부가 발표했다.") == "정부가 발표했다."
    )
    assert (
        strip_byline_prefix("【세종=뉴시스】김철수 기자 = 정부가 발표했다.") == "정부가 발표했다."
    )
    assert strip_byline_prefix("[헤럴드경제=홍길동 기자] 정부가 발표했다.") == "정부가 발표했다."
    assert strip_byline_prefix("[단독] 정부가 발표했다.") == "[단독] 정부가 발표했다."


def test_greek_delta_bullets_become_triangles() -> None:
    # Δ marks list items in some outlets; inside a word or formula it stays.
    assert normalize_text("과제는 Δ드론 실증(가나) Δ5G 관제(다라) 등이다. 온도 ΔT, 변화량Δ") == (
        "과제는 △드론 실증(가나) △5G 관제(다라) 등이다. 온도 ΔT, 변화량Δ"
    )


def test_normalize_text() -> None:
    nfd = unicodedata.normalize("NFD", "디지털 뉴딜")
    assert normalize_text(f"가\u00a0\u00a0나\r\n다\u200b라\r{nfd}") == "가 나\n다라\n디지털 뉴딜"


# --- HTML ------------------------------------------------------------------------------------

PAGE_WITHOUT_KNOWN_CONTAINER = """<html><head><title>정부, 데이터댐 구축 본격화 | 예시경제</title>
</head><body>
<div class="top-menu"><a>정치</a><a>경제</a><a>사회</a></div>
<div class="wrap"><div class="left">
<h2>정부, 데이터댐 구축 본격화</h2>
<span class="info">입력 2020.08.03 11:00</span>
<div class="txt">
과학기술정보통신부는 3일 데이터댐 구축 사업에 2,925억원을 투입한다고 밝혔다.<br><br>
이 사업은 한국판 뉴딜의 대표 과제로, <b>인공지능 학습용 데이터</b> 150종을 구축한다.<br>
<br>과기정통부 관계자는 “데이터 경제를 앞당기겠다”고 말했다.</div>
</div>
<div class="right-popular"><h3>인기기사</h3>
<ul><li>손흥민 결승골</li><li>아이유 신곡</li></ul></div>
</div></body></html>"""


def test_html_densest_block_fallback() -> None:
    tree = LexborHTMLParser(PAGE_WITHOUT_KNOWN_CONTAINER)
    main, page = html_article_text(tree)
    text = clean_text(main, line_paragraphs=True)
    assert text.split("\n\n") == [
        "과학기술정보통신부는 3일 데이터댐 구축 사업에 2,925억원을 투입한다고 밝혔다.",
        "이 사업은 한국판 뉴딜의 대표 과제로, 인공지능 학습용 데이터 150종을 구축한다.",
        "과기정통부 관계자는 “데이터 경제를 앞당기겠다”고 말했다.",
    ]
    assert find_date(page) == "2020-08-03"


# --- metadata --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("입력 2020-04-16 14:00", "2020-04-16"),
        ("  • 승인 2020.11.26 10:13", "2020-11-26"),
        ("승인 2020.09.22", "2020-09-22"),
        ("기사입력 2021-06-04 오후 4:25", "2021-06-04"),
        ("2021년 6월 4일 발표", "2021-06-04"),
        ("2021.06.04", "2021-06-04"),
        ("등록 2021-06-04", "2021-06-04"),
        ("Published 2021-06-04", "2021-06-04"),
        ("본문에 2019.01.02 언급\n입력 2021.06.04 09:00", "2021-06-04"),
        ("수정 2021.06.05\n본문", "2021-06-05"),
        ("입력 2021.02.30", None),
        ("예산 2021억원, 2020년 계획", None),
    ],
)
def test_find_date(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-15T09:30:00+09:00", "2021-03-15"),
        ("20210604162500", "2021-06-04"),
        ("June 4, 2021", "2021-06-04"),
        ("4 Jun 2021", "2021-06-04"),
        ("2021.13.01", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "author", "outlet"),
    [
        ("제목\n  • 장민제 기자\n본문이다.\njangstag@shinailbo.co.kr", "장민제", "신아일보"),
        ("제목\n[아웃소싱타임스 김민서 뉴스리포터] 본문이다.", "김민서", "아웃소싱타임스"),
        ("(서울=연합뉴스) 홍길동 기자 = 본문이다.", "홍길동", "연합뉴스"),
        ("제목\n홍길동 기자 = 본문이다.", "홍길동", None),
        ("제목\n본문이다.\njangstag@shinailbo.co.kr", None, "신아일보"),
        ("제목\n본문이다.\n저작권자 © 전자신문 무단전재 및 재배포 금지", None, "전자신문"),
        ("제목\n본문이다.\n문의 help@korea.kr", None, None),
    ],
)
def test_author_and_outlet(text: str, author: str | None, outlet: str | None) -> None:
    assert find_author(text) == author
    assert find_outlet(text) == outlet


def test_outlet_domains_and_author_values() -> None:
    assert outlet_from_domain("https://www.yna.co.kr/view/AKR2021") == "연합뉴스"
    assert outlet_from_domain("biz.chosun.com") == "조선비즈"
    assert outlet_from_domain("m.chosun.com") == "조선일보"
    assert outlet_from_domain("example.org") is None
    assert normalize_author("홍길동 기자 hong@yna.co.kr") == "홍길동"
    assert normalize_author("신아일보", outlet="신아일보") is None


def test_title_skips_leading_furniture_and_flags_sentences() -> None:
    assert find_title("입력 2020-04-16\n정부, 디지털 뉴딜 발표\n본문", is_furniture_line) == (
        "정부, 디지털 뉴딜 발표",
        True,
    )
    sentence = "정부는 " + "디지털 뉴딜 사업을 확대하고 " * 5 + "예산을 늘린다고 밝혔다."
    title, headline = find_title(sentence)
    assert not headline
    assert len(title) <= 81


# --- speed -----------------------------------------------------------------------------------
