"""Synthetic press articles whose entity reuse looks like real news, for scale runs.

A few hundred bodies recur in thousands of articles (ministries, agencies and the
largest companies far more often than the rest: ranks drawn from a Zipf-like law),
while most programmes and funds are named in one article only. Bodies come from
the gazetteer, so the extractor resolves them as it does in real text; people,
programmes and funds are made up. Everything is deterministic in the article number.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parents[2] / "loaders" / "gazetteer"
_POOL_SIZES = {"Ministry": 18, "Agency": 120, "Company": 320}
_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
_SYLLABLES = "민서준우지현수영호진성재하윤태경은혜석규상훈동원희"
_TOPICS = (
    "인공지능",
    "클라우드",
    "데이터",
    "사이버보안",
    "반도체",
    "메타버스",
    "디지털헬스",
    "스마트공장",
    "자율주행",
    "양자",
    "블록체인",
    "스마트시티",
    "5G",
    "디지털트윈",
)
_KINDS = ("지원사업", "실증사업", "육성사업", "바우처 사업", "선도사업", "공모사업")
_FILLER = (
    "정부는 이번 사업을 통해 관련 산업의 디지털 전환을 가속화할 계획이다.",
    "업계에서는 이번 조치가 중소기업의 기술 경쟁력을 높이는 계기가 될 것으로 보고 있다.",
    "관계자는 현장의 의견을 수렴해 세부 추진 방안을 마련하겠다고 설명했다.",
    "올해 하반기에는 성과를 점검하고 내년 예산에 반영할 예정이다.",
    "참여 기관들은 분기마다 추진 상황을 공유하고 협력 과제를 발굴하기로 했다.",
    "지원 대상은 서류 평가와 발표 평가를 거쳐 다음 달 말 최종 확정된다.",
    "이번 발표는 지난해 수립한 중장기 로드맵의 후속 조치로 마련됐다.",
    "전문가들은 규제 개선과 인력 양성이 함께 이뤄져야 한다고 지적했다.",
    "신청은 전용 누리집에서 온라인으로 접수하며 자세한 내용은 공고문에서 확인할 수 있다.",
    "행사에는 학계와 산업계 관계자 200여 명이 참석해 성과를 공유했다.",
    "정부는 예산 집행 실적을 점검해 부진한 과제는 조정할 방침이다.",
    "시장조사기관에 따르면 관련 시장 규모는 2030년까지 연평균 20% 이상 성장할 전망이다.",
    "지역별 거점을 중심으로 실증 결과를 확산하고 후속 투자를 유도할 계획이다.",
)


@cache
def pool(label: str) -> tuple[str, ...]:
    """The first names of one label in the gazetteer, as many as the pool holds."""
    files = {"Ministry": "government.tsv", "Agency": "agencies.tsv", "Company": "companies.tsv"}
    names = []
    for line in (GAZETTEER / files[label]).read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 6 or fields[0] != label or fields[5]:
            continue  # comments, the header, other labels, bodies dissolved
        names.append(fields[1])
    return tuple(names[: _POOL_SIZES[label]])


def _ranked(rng: random.Random, names: tuple[str, ...], k: int) -> list[str]:
    """k different names, low ranks far likelier (weight 1 / rank)."""
    weights = [1.0 / (rank + 1) for rank in range(len(names))]
    chosen: list[str] = []
    while len(chosen) < k:
        name = rng.choices(names, weights)[0]
        if name not in chosen:
            chosen.append(name)
    return chosen


def _batchim(word: str) -> bool:
    """Whether the word ends in a consonant as read aloud (KT, NIPA read as vowels)."""
    last = word[-1]
    return "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 != 0


def _p(word: str, after_consonant: str, after_vowel: str) -> str:
    """The word with the particle form its last sound takes (은/는, 이/가, 과/와, 을/를)."""
    return word + (after_consonant if _batchim(word) else after_vowel)


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.sample(_SYLLABLES, 2))


def article(number: int) -> str:
    """Article ``number``: a title, a dateline and some ten sentences of facts and filler."""
    rng = random.Random(number)
    day = date(2019, 1, 1) + timedelta(days=number % 2400)
    ministry, partner_ministry = _ranked(rng, pool("Ministry"), 2)
    agency = _ranked(rng, pool("Agency"), 1)[0]
    c1, c2, c3, c4 = _ranked(rng, pool("Company"), 4)
    topic = rng.choice(_TOPICS)
    programme = f"{topic} {rng.choice(_KINDS)} {number}"
    fund = f"{topic}혁신펀드 {number}호"
    minister, chief = _person(rng), _person(rng)
    amount = rng.randint(2, 90) * 10
    lines = [
        f"{ministry}, '{programme}' 본격 추진",
        f"입력 {day.isoformat()} 10:00",
        "",
        f"{_p(ministry, '은', '는')} {day.day}일 {c1}, {_p(c2, '과', '와')} "
        f"'{programme}' 추진을 위한 업무협약을 체결했다.",
        f"{_p(ministry, '은', '는')} 올해 {amount}억원을 투입해 '{programme}'을 추진한다.",
        f"{_p(agency, '은', '는')} {_p(ministry, '과', '와')} 함께 '{programme}'의 운영을 맡는다.",
        f"이번 사업에는 {c3}, {c4} 등이 참여한다.",
        *rng.sample(_FILLER, 2),
        f'{minister} {ministry} 장관은 "현장의 혁신을 끝까지 지원하겠다"고 말했다.',
        rng.choice(_FILLER),
    ]
    if number % 3 == 0:
        lines += [
            f"{_p(c1, '은', '는')} '{fund}'에 {amount // 2}억원을 출자했다.",
            f'{chief} {c1} 대표는 "{_p(partner_ministry, "과", "와")}도 협력을 넓히겠다"고 밝혔다.',
        ]
    # Most sentences of an article name no body: about two kilobytes in all, as news.
    lines += rng.sample(_FILLER, 8)
    return "\n".join(lines) + "\n"


def write_articles(folder: Path, count: int) -> int:
    """Write articles 0..count-1 as text files (100 to a subfolder); returns the bytes."""
    size = 0
    for number in range(count):
        sub = folder / f"{number // 1000:04d}"
        if number % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = article(number).encode("utf-8")
        (sub / f"article_{number:06d}.txt").write_bytes(data)
        size += len(data)
    return size
