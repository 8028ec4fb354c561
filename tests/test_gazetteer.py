"""The gazetteer: its data files and the matcher over them."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from graph.schema import ORGANISATIONS
from loaders.gazetteer import (
    DEFAULT_DIRECTORY,
    Gazetteer,
    GazetteerError,
    default_gazetteer,
    name_key,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "seeds.gold.json"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    """(surface, entry name) of every match, in order."""
    return [(m.surface, m.entry.name) for m in gaz.find_all(text)]


# -- required entries -----------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "name", "aliases", "name_en"),
    [
        ("Ministry", "과학기술정보통신부", {"과기정통부", "MSIT"}, "Ministry of Science and ICT"),
        ("Ministry", "중소벤처기업부", {"중기부", "MSS"}, "Ministry of SMEs and Startups"),
        ("Ministry", "보건복지부", {"복지부"}, "Ministry of Health and Welfare"),
        ("Ministry", "교육부", set(), "Ministry of Education"),
        ("Agency", "한국정보화진흥원", {"NIA", "한국지능정보사회진흥원"}, None),
        ("Agency", "정보통신기획평가원", {"IITP"}, None),
        (
            "Organization",
            "이노비즈협회",
            {"이노비즈 협회", "중소기업기술혁신협회", "Innobiz"},
            None,
        ),
        ("Company", "KT", {"kt", "케이티", "주식회사 케이티"}, None),
        ("Company", "웹케시", {"Webcash"}, None),
    ],
)
def test_required_entries(
    gaz: Gazetteer, label: str, name: str, aliases: set[str], name_en: str | None
) -> None:
    entry = gaz.lookup(name)
    assert entry is not None
    assert (entry.label, entry.name) == (label, name)
    assert aliases <= set(entry.aliases)
    if name_en is not None:
        assert entry.name_en == name_en
    for alias in aliases:
        assert gaz.lookup(alias) is entry


def test_gold_organisations_are_listed(gaz: Gazetteer) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for entity in gold["entities"]:
        if entity["label"] in ORGANISATIONS and entity.get("required", True):
            entry = gaz.lookup(entity["name"])
            assert entry is not None, entity["name"]
            assert (entry.label, entry.name) == (entity["label"], entity["name"])
            for alias in entity["aliases"]:
                assert gaz.lookup(alias) is entry, alias


def test_label_counts(gaz: Gazetteer) -> None:
    counts = Counter(entry.label for entry in gaz.entries)
    assert set(counts) == set(ORGANISATIONS)
    assert counts["Ministry"] >= 40
    assert counts["Agency"] >= 250
    assert counts["Company"] >= 400
    assert counts["Organization"] >= 150


def test_history_is_recorded(gaz: Gazetteer) -> None:
    msip = gaz.lookup("미래부")
    assert msip is not None and msip.name == "미래창조과학부"
    assert (msip.founded, msip.dissolved) == ("2013-03-23", "2017-07-26")
    later = {(s.later, s.date) for s in gaz.successors("미래창조과학부")}
    assert later == {("과학기술정보통신부", "2017-07-26")}
    assert {s.earlier for s in gaz.predecessors("중기부")} == {"중소기업청"}
    assert gaz.lookup("국가보훈처").dissolved == "2023-06-05"
    assert gaz.lookup("문화재청").dissolved == "2024-05-17"
    assert gaz.lookup("국가유산청").parent == "문화체육관광부"
    assert gaz.lookup("방송통신위원회").dissolved == "2025-10-01"


# -- data integrity ---------------------------------------------------------------


def test_no_two_entries_share_a_key(gaz: Gazetteer) -> None:
    # Where a name or alias key could mean two bodies, one row must own it.
    assert gaz.conflicts == []
    owners: dict[str, str] = {}
    for entry in gaz.entries:
        for surface in (*entry.surfaces, *((entry.name_en,) if entry.name_en else ())):
            key = name_key(surface)
            assert owners.setdefault(key, entry.name) == entry.name, (surface, entry.name)


def test_names_are_unique(gaz: Gazetteer) -> None:
    names = Counter(entry.name for entry in gaz.entries)
    assert [name for name, n in names.items() if n > 1] == []


def test_successions_refer_to_entries(gaz: Gazetteer) -> None:
    names = {entry.name: entry for entry in gaz.entries}
    assert len(gaz.successions) >= 40
    for succession in gaz.successions:
        assert succession.later in names, succession
        assert succession.earlier in names, succession
        assert succession.later != succession.earlier
        assert names[succession.later].label in ("Ministry", "Agency")
        assert names[succession.earlier].label in ("Ministry", "Agency")
        assert succession.date is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", succession.date)


def test_successions_are_acyclic(gaz: Gazetteer) -> None:
    later_of: dict[str, set[str]] = {}
    for succession in gaz.successions:
        later_of.setdefault(succession.earlier, set()).add(succession.later)

    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        stack = [start]
        while stack:
            for nxt in later_of.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    for name in later_of:
        assert name not in reachable(name), name


def test_dissolved_bodies_have_successors(gaz: Gazetteer) -> None:
    dates: dict[str, set[str | None]] = {}
    for succession in gaz.successions:
        dates.setdefault(succession.earlier, set()).add(succession.date)
    for entry in gaz.entries:
        if entry.dissolved and entry.label in ("Ministry", "Agency"):
            assert entry.dissolved in dates.get(entry.name, set()), entry.name


def test_dates_and_parents(gaz: Gazetteer) -> None:
    names = {entry.name for entry in gaz.entries}
    for entry in gaz.entries:
        if entry.founded and entry.dissolved:
            assert entry.founded < entry.dissolved, entry.name
        if entry.parent:
            assert entry.parent in names, (entry.name, entry.parent)
            assert entry.parent != entry.name


def test_no_ordinary_words_as_aliases(gaz: Gazetteer) -> None:
    ordinary = {"산업", "교육", "현대", "당근", "라인", "메타", "대상", "신보", "수은", "예보"}
    ordinary |= {"경향", "한국경제", "나스닥", "리플", "샌드박스", "MOU", "AP", "SPC"}
    for entry in gaz.entries:
        for surface in entry.surfaces:
            assert surface not in ordinary, (entry.name, surface)
            assert len(name_key(surface)) >= 2, (entry.name, surface)


def test_gold_absent_names_are_not_entries(gaz: Gazetteer) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for name in gold["absent"]:
        assert gaz.lookup(name) is None, name


# -- lookup -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("과학 기술 정보 통신부", "과학기술정보통신부"),
        ("과기정통부", "과학기술정보통신부"),
        ("msit", "과학기술정보통신부"),
        ("Ministry of Science and ICT", "과학기술정보통신부"),
        ("ministry of science and ict", "과학기술정보통신부"),
        ("ＫＴ", "KT"),
        ("Kt", "KT"),
        ("주식회사케이티", "KT"),
        ("이노비즈 협회", "이노비즈협회"),
        ("INNOBIZ", "이노비즈협회"),
        ("한국지능정보사회진흥원", "한국정보화진흥원"),
        ("한국인공지능ㆍ소프트웨어산업협회", "한국인공지능·소프트웨어산업협회"),
        ("한국인공지능 소프트웨어산업협회", "한국인공지능·소프트웨어산업협회"),
        ("LG U+", "LG유플러스"),
        ("lgu+", "LG유플러스"),
        ("'한국전력공사'", "한국전력공사"),
        ("전경련", "한국경제인협회"),
        ("경기도", "경기도"),
    ],
)
def test_lookup_is_tolerant(gaz: Gazetteer, surface: str, name: str) -> None:
    entry = gaz.lookup(surface)
    assert entry is not None and entry.name == name


@pytest.mark.parametrize("surface", ["", "  ", "정부", "산업", "KTX", "없는기관이름"])
def test_lookup_misses(gaz: Gazetteer, surface: str) -> None:
    assert gaz.lookup(surface) is None
    assert surface not in gaz


# -- find_all --------------------------------------------------------------------


def test_find_all_spans() -> None:
    text = "중소벤처기업부(장관 박영선)는 KT(대표 구현모), 이노비즈협회와 업무협약을 맺었다"
    matches = default_gazetteer().find_all(text)
    assert [(m.start, m.end, m.entry.name) for m in matches] == [
        (0, 7, "중소벤처기업부"),
        (17, 19, "KT"),
        (29, 35, "이노비즈협회"),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.surface


def test_particles_attach_directly(gaz: Gazetteer) -> None:
    text = "중기부는 과기정통부와 함께 KT가 복지부에 제안했다"
    assert found(gaz, text) == [
        ("중기부", "중소벤처기업부"),
        ("과기정통부", "과학기술정보통신부"),
        ("KT", "KT"),
        ("복지부", "보건복지부"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("네이버헬스케어와 협력한다", []),  # another company, not 네이버
        ("삼성전자서비스가 맡는다", []),
        ("KT컨소시엄이 선정됐다", ["KT"]),  # words that may be glued to a company's name
        ("네이버측은 밝혔다", ["네이버"]),
        ("카카오였다", ["카카오"]),
    ],
)
def test_a_company_name_glued_to_more_hangul(gaz: Gazetteer, text: str, names: list[str]) -> None:
    assert [name for _, name in found(gaz, text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "KTX 타고 내려갔다",
        "SKTX와 KT2 그리고 AKT",
        "생활환경부문 예산",
        "평생교육부서 담당자",
        "교육부터 바꿔야 한다",
        "금융위기 이후",
        "산업통상부문 협력",
        "빅데이터처리 기술",
        "미국회사 두 곳",
        "토스트와 하이브리드 차량",
        "경기도 침체되고 있다",
        "(한화 약 1조3000억원)",
        "서울시내 버스",
        "www.kt.com에 접속",
        "신서울대학교 학생",  # 서울대학교 glued inside an unknown name
        "창원대로 일대",
        "인천대교를 건너",
        "미국방부 대변인",
        "닛케이225 지수",
        "Global Economic Outlook",
    ],
)
def test_ordinary_text_is_not_matched(gaz: Gazetteer, text: str) -> None:
    assert found(gaz, text) == []


def test_kt_and_its_neighbours(gaz: Gazetteer) -> None:
    assert found(gaz, "KT&G와 SKT, KT클라우드, kt") == [
        ("KT&G", "KT&G"),
        ("SKT", "SK텔레콤"),
        ("KT클라우드", "KT클라우드"),
        ("kt", "KT"),
    ]


def test_longest_match_and_fallback(gaz: Gazetteer) -> None:
    assert found(gaz, "한국전자통신연구원(ETRI)") == [
        ("한국전자통신연구원", "한국전자통신연구원"),
        ("ETRI", "한국전자통신연구원"),
    ]
    # 남서울대학교 is a university of its own, not 서울대학교 with a syllable before it.
    assert found(gaz, "남서울대학교 학생") == [("남서울대학교", "남서울대학교")]
    # "KT DS" is followed by a letter, so the shorter "KT" at the same place is taken.
    assert found(gaz, "KT DSX") == [("KT", "KT")]


def test_minister_titles(gaz: Gazetteer) -> None:
    assert found(gaz, "교육부총리와 교육부장관") == [("교육부", "교육부"), ("교육부", "교육부")]
    assert found(gaz, "교육부장은") == []


def test_spacing_and_width_variants(gaz: Gazetteer) -> None:
    assert found(gaz, "조홍래 이노비즈 협회장") == [("이노비즈 협회", "이노비즈협회")]
    assert found(gaz, "LG 유플러스와 LG유플러스") == [
        ("LG 유플러스", "LG유플러스"),
        ("LG유플러스", "LG유플러스"),
    ]
    text = "ＫＴ는 중기부와"
    assert [(m.start, m.end, m.surface, m.entry.name) for m in gaz.find_all(text)] == [
        (0, 2, "ＫＴ", "KT"),
        (4, 7, "중기부", "중소벤처기업부"),
    ]
    assert found(gaz, "경기도청과 협약") == [("경기도청", "경기도")]


def test_seed_articles(gaz: Gazetteer) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for entity in gold["entities"]:
        if entity["label"] not in ORGANISATIONS or not entity.get("required", True):
            continue
        for doc in entity["docs"]:
            text = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
            names = {m.entry.name for m in gaz.find_all(text)}
            assert entity["name"] in names, (doc, entity["name"])


def test_matches_are_ordered_and_disjoint(gaz: Gazetteer) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    matches = gaz.find_all(text)
    assert matches
    for before, after in itertools.pairwise(matches):
        assert before.end <= after.start
    for match in matches:
        assert text[match.start : match.end] == match.surface


def test_empty_text(gaz: Gazetteer) -> None:
    assert gaz.find_all("") == []


# -- loading ---------------------------------------------------------------------


def test_default_is_cached() -> None:
    assert default_gazetteer() is default_gazetteer()
    assert Gazetteer.load(DEFAULT_DIRECTORY).entries == default_gazetteer().entries


HEADER = "label\tname\taliases\tname_en\tfounded\tdissolved\tparent\n"


def test_load_small_directory(tmp_path: Path) -> None:
    (tmp_path / "orgs.tsv").write_text(
        "# a comment\n"
        + HEADER
        + "Ministry\t갑부\t갑|GAB\tMinistry of A\t2001-01-01\t2002-02-02\n"
        + "Ministry\t을부\t\t\t2002-02-02\t\t\n"
        + "Agency\t갑청\t\t\t\t\t을부\n",
        encoding="utf-8",
    )
    (tmp_path / "successions.tsv").write_text(
        "later\tearlier\tdate\tnote\n을부\t갑부\t2002-02-02\trenamed\n", encoding="utf-8"
    )
    (tmp_path / "blocked.tsv").write_text("surface\tnote\n갑부자\ta rich man\n", encoding="utf-8")
    gaz = Gazetteer.load(tmp_path)
    assert [e.name for e in gaz.entries] == ["갑부", "을부", "갑청"]
    first = gaz.entries[0]
    assert first.aliases == ("갑", "GAB")
    assert (first.founded, first.dissolved, first.parent) == ("2001-01-01", "2002-02-02", None)
    assert gaz.lookup("gab") is first
    assert gaz.entries[2].parent == "을부"
    assert [s.later for s in gaz.successors("갑")] == ["을부"]
    assert found(gaz, "갑부는 을부와, 갑부자") == [("갑부", "갑부"), ("을부", "을부")]


@pytest.mark.parametrize(
    "row",
    [
        "Ministry\t\t\t\t\t\t\n",  # no name
        "Bureau\t갑부\t\t\t\t\t\n",  # unknown label
        "Ministry\t갑부\t\t\t2001\t\t\n",  # not an ISO date
        "Ministry\t갑부\t\t\t\t\t\t\textra\n",  # too many columns
    ],
)
def test_malformed_rows_are_rejected(tmp_path: Path, row: str) -> None:
    (tmp_path / "orgs.tsv").write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(GazetteerError):
        Gazetteer.load(tmp_path)


def test_missing_header_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "orgs.tsv").write_text("Ministry\t갑부\n", encoding="utf-8")
    with pytest.raises(GazetteerError):
        Gazetteer.load(tmp_path)


def test_long_english_names_are_matched_short_ones_only_looked_up(gaz: Gazetteer) -> None:
    text = "The Ministry of Science and ICT said the National Information Society Agency will"
    assert [name for _, name in found(gaz, text)] == ["과학기술정보통신부", "한국정보화진흥원"]
    # Two-word English names are ordinary phrases too often ("Korea Foundation" is one).
    assert found(gaz, "a Korea Foundation grant and Wisdom Imagination") == []
