"""Mentions of programmes, funds and meetings: the names the gazetteer cannot list.

Four cheap signals find candidates: a list of well-known national programmes,
quoted names, numbered meetings (제N차 … 회의) and head words that end a
programme name (사업, 바우처, 펀드, …). Kiwi then finds where an unquoted
name begins. Weak heads (서비스, 계획, 시스템, …) are kept only with support:
a quote, a host in brackets ("디지털 배움터(과기정통부)"), a hosting clause
("중기부가 운영 중인 …"), or a budget line ("…(신규, 80억원)").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from graph.schema import name_key
from loaders.lexicon import pattern, words
from loaders.phrases import phrase_start

STRONG_HEADS = words("programme.strong_heads")
WEAK_HEADS = words("programme.weak_heads")
MEETING_HEADS = words("programme.meeting_heads")
FUND_HEADS = words("programme.fund_heads")
# Programme-like verbs: a quoted name or weak head needs one of these in its sentence.
PROGRAMME_VERBS = pattern("programme.verbs")
# Names that are a generic head with a generic modifier, never a programme of its own.
GENERIC_NAMES = frozenset(name_key(n) for n in words("programme.generic_names"))
_SLOGAN_ENDINGS = words("programme.slogan_endings")
_EVENT_TAILS = words("programme.event_tails")
_BODY_NAME = re.compile(r"(?:위원회|진흥원|연구원|연구소|재단|공단|협회|학회|추진단|사업단)$")
_NOTICE_TAIL = re.compile(r"(?<=[가-힣])\s?(?:통합\s?)?공고$")
_NAMED_HEADS = (*STRONG_HEADS, *WEAK_HEADS, *MEETING_HEADS)
_MAKING_TAIL = re.compile(r"(?<=펀드)\s?(?:조성|결성|출범|출자)(?:\s?(?:업무\s?)?협약)?$")
_STANDING_BODIES = ("협의회", "협의체")
_ORDINAL = re.compile(r"제\s?\d+\s?[차회]|\d+\s?차\s|\d+회")
_NOT_LAWS = words("programme.not_laws")
_GENERIC_MEETINGS = frozenset(words("programme.generic_meetings"))
_GENERIC_MODIFIERS = frozenset(words("programme.generic_modifiers"))
_HEADS_BY_LENGTH = sorted({*STRONG_HEADS, *WEAK_HEADS}, key=len, reverse=True)
_HEADS_RE = "|".join(sorted({*STRONG_HEADS, *WEAK_HEADS}, key=len, reverse=True))
# A head word that ends a word: followed by a particle, punctuation or the end.
_HEAD = re.compile(
    rf"(?<![A-Za-z])(?P<head>{_HEADS_RE})(?=[을를이가은는의에와과로으도만’'\"”」』()\]\s,.·]|$)"
)
_MEETING = re.compile(
    # 제1차 한-아세안 디지털 장관회의: a hyphen may join the parties of a meeting.
    # 제1회 … 연구협의회 counts sittings as 제N차 does.
    # 제5차 혁신성장 빅3(BIG3) 추진 회의: a word may carry its gloss in brackets.
    r"제\s?(?P<n>\d{1,3})\s?(?P<unit>차(?!관)|회(?=\s))\s?(?P<series>(?:[가-힣A-Za-z0-9·‧\-]+"
    r"(?:\([A-Za-z0-9·\-]{1,12}\))?\s){0,5}?[가-힣A-Za-z0-9·‧\-]*?"
    # 제13차 정보통신전략위원회: a numbered committee is its sitting.
    rf"(?:{'|'.join(MEETING_HEADS)}|위원회(?!\s?(?:전체|정기|임시)?회의)))"
    r"(?=[^가-힣A-Za-z0-9]|[은는이가을를의에와과로도및]|$)"
)
_GLOSS = re.compile(r"\([A-Za-z0-9·\-]{1,12}\)")
_QUOTE = re.compile(
    r"(?P<open>['‘\"“`「『])(?P<body>[^'‘’\"“”`「」『』\n]{2,40}?)(?P<close>['’\"”」』])"
)
_AGREEMENT_WORD = re.compile(r"맞손|손잡|손\s?잡다|MOU|업무\s?협약|협약|협력|동맹|협업")
_SPEECH_QUOTES = '"“'
_AFTER_QUOTE_HEAD = re.compile(
    # '…' 사업단 is the team of the programme, not '…' 사업.
    r"\s?(?P<head>TF|태스크포스|사업|펀드|기금|프로그램|프로젝트|캠페인)(?!단|자|체|장|부|비|화|팀)"
)
_BUDGET = re.compile(r"\((?:신규|계속|증액|감액)?,?\s?\d[\d,.]*\s?[조억만천]*\s?원\)")
_AGREEMENT_TITLE = re.compile(
    r"(?:(?:업무\s?)?협약|MOU|양해각서|협약식)\s?(?:\((?:MOU|업무협약)\))?$"
)
# A quote that is a sentence or a clause, not a name: '… 보완하는', '… 확대 어떻게'.
_STATEMENT = re.compile(
    r"(다|요|죠|며|고|까|자|라)[.!?]?$|\s(할|한|하는|된|될)\s|\S(?:하는|되는|해야)$|이\s아니라|"
    r"\s(?:어떻게|왜|무엇|언제)\??$|\?$"
)


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    label: str  # Program, Fund or Meeting
    name: str
    how: str  # known, quoted, meeting, suffix, budget
    strong: bool
    aliases: set[str] = field(default_factory=set)
    props: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class KnownProgramme:
    label: str
    name: str
    aliases: tuple[str, ...]
    parent: str | None


@cache
def known_programmes() -> tuple[
    tuple[KnownProgramme, ...], re.Pattern[str], dict[str, KnownProgramme]
]:
    """The list of well-known programmes, a matcher for it, and a key index."""
    text = resources.files("loaders").joinpath("data/programmes.tsv").read_text("utf-8")
    rows = csv.DictReader(
        (line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t"
    )
    entries = tuple(
        KnownProgramme(
            label=row["label"],
            name=row["name"],
            aliases=tuple(a for a in (row.get("aliases") or "").split("|") if a),
            parent=row.get("parent") or None,
        )
        for row in rows
    )
    index: dict[str, KnownProgramme] = {}
    surfaces: list[str] = []
    for entry in entries:
        for surface in (entry.name, *entry.aliases):
            index.setdefault(name_key(surface), entry)
            surfaces.append(surface)
    alternation = "|".join(
        r"\s?".join(re.escape(part) for part in surface.replace(" ", ""))
        for surface in sorted(set(surfaces), key=len, reverse=True)
    )
    return entries, re.compile(rf"(?<![가-힣A-Za-z0-9])(?:{alternation})"), index


def known_programme(name: str) -> KnownProgramme | None:
    return known_programmes()[2].get(name_key(name))


def _label_for(name: str) -> str:
    stripped = name.rstrip()
    if stripped.endswith(FUND_HEADS):
        return "Fund"
    if stripped.endswith(_STANDING_BODIES) and not _ORDINAL.search(stripped):
        return "Program"  # 초거대AI추진협의회: a standing council, unless a numbered sitting
    if stripped.endswith(MEETING_HEADS):
        return "Meeting"
    return "Program"


def _is_generic(name: str) -> bool:
    key = name_key(name)
    return (
        key in GENERIC_NAMES or len(key) < 3 or _only_generic_words(name) or _modified_generic(name)
    )


def _modified_generic(name: str) -> bool:
    """대규모 벤처펀드, 장관 프로그램: generic modifiers before a generic name."""
    words = name.split()
    return (
        len(words) >= 2
        and name_key(words[-1]) in GENERIC_NAMES
        and all(w in _GENERIC_MODIFIERS for w in words[:-1])
    )


def _only_generic_words(name: str) -> bool:
    """맞춤 교육 프로그램, 공통 지원프로그램, 선도사업, 정책펀드: a head word with nothing but
    generic modifiers before it names no programme of its own."""
    head = next((h for h in _HEADS_BY_LENGTH if name.endswith(h)), None)
    if head is None:
        return False
    words = name[: -len(head)].replace("·", " ").split()
    work = head in _WORK_HEADS
    allowed = _GENERIC_MODIFIERS | _FIELD_WORDS | _WORK_KINDS if work else _GENERIC_MODIFIERS
    return bool(words) and all(w in allowed for w in words)


_FIELD_WORDS = frozenset(words("programme.field_words"))
_WORK_KINDS = frozenset(words("programme.work_kinds"))
_WORK_HEADS = ("사업", "프로젝트")


_ORG_SUFFIX_AFTER = re.compile(
    r"\s?(?:추진단|사업단|위원회|협의회|협회|재단|진흥원|센터|본부|연구원|연구소|지원단|TF|태스크포스)"
)


def find_known(text: str) -> list[Candidate]:
    _, pattern, index = known_programmes()
    found = []
    for match in pattern.finditer(text):
        if _ORG_SUFFIX_AFTER.match(text, match.end()):
            continue  # 스마트제조혁신추진단 is a body named after the programme
        entry = index[name_key(match.group())]
        found.append(
            Candidate(
                match.start(),
                match.end(),
                entry.label,
                entry.name,
                "known",
                True,
                aliases={match.group()} - {entry.name},
            )
        )
    return found


# 'X 민관협의체'를 구성, 23일 제1회 회의를 개최: the body just named holds the sitting.
_BODY_BEFORE = re.compile(
    r"['‘\"“](?P<body>[^'’\"”\n]{2,30}(?:협의체|위원회|협의회|포럼|추진단|TF|반))['’\"”][^.\n]{0,60}$"
)


def find_meetings(text: str) -> list[Candidate]:
    """제N차 meetings; a bare 제2차 회의 belongs to the one series the text names, if any,
    or to the body named just before it."""
    found = _numbered_meetings(text)
    for cand in found:
        if cand.props["series"] in MEETING_HEADS:
            body = _BODY_BEFORE.search(text, max(0, cand.start - 100), cand.start)
            if body is not None:
                cand.aliases.add(cand.name)
                cand.name = f"{cand.name.split()[0]} {body['body']}"
                cand.props["series"] = body["body"]
    series = {c.props["series"] for c in found if c.props["series"] not in MEETING_HEADS}
    if len(series) == 1:
        (named,) = series
        for cand in found:
            if cand.props["series"] in MEETING_HEADS:
                cand.aliases.add(cand.name)
                cand.name = f"제{cand.props['ordinal']}차 {named}"
                cand.props["series"] = named
    return found


# 공공데이터전략위원회 3차 회의, 디지털 뉴딜반 제2차 회의: a body, then the sitting's number.
_BODY_SITTING = re.compile(
    # '공공데이터전략위원회' 3차 회의: the body may be quoted.
    r"(?<![가-힣A-Za-z0-9])['‘\"“]?(?P<body>[가-힣A-Za-z0-9·]{2,20}(?:위원회|협의회|포럼|추진단|TF|반|협의체))"
    r"['’\"”]?\s(?:제\s?)?(?P<n>\d{1,3})\s?차\s?(?P<head>전체회의|정기회의|회의)(?=[^가-힣A-Za-z0-9]|[은는이가을를의에와과로도]|$)"
)


def _sitting(match: re.Match[str], ordinal: int, series: str, unit: str = "차") -> Candidate:
    name = f"제{ordinal}{unit} {series}"
    return Candidate(
        match.start(),
        match.end(),
        "Meeting",
        name,
        "meeting",
        True,
        aliases={match.group()} - {name},
        props={"ordinal": ordinal, "series": series},
    )


def _numbered_meetings(text: str) -> list[Candidate]:
    found = [
        _sitting(m, int(m["n"]), f"{m['body']} {m['head']}") for m in _BODY_SITTING.finditer(text)
    ]
    for match in _MEETING.finditer(text):
        if not any(c.start <= match.start() < c.end for c in found):
            series = _GLOSS.sub("", match["series"]).strip()
            found.append(_sitting(match, int(match["n"]), series, match["unit"]))
    return found


def find_quoted(text: str, sentence_of: Callable[[int], tuple[int, int]]) -> list[Candidate]:
    """Quoted names: 'ICT 활용방안', ‘인공지능 주치의’, '포스트 코로나' TF.

    ``sentence_of(offset)`` gives the span of the sentence around an offset.
    """
    found = []
    for match in _QUOTE.finditer(text):
        # '2021년 클라우드 서비스 이용지원(이하 바우처 사업)': a remark that defines a short
        # name is no part of the name.
        body = _DEFINING_REMARK.sub("", match["body"]).strip()
        # '정밀의료 병원정보시스템(P-HIS) 개발': a bracketed abbreviation is no part of the
        # name; it is an alias, by which the text may name the programme again.
        short = _INNER_ABBREVIATION.search(body)
        abbreviation = None
        if short is not None and short.end() < len(body) and _names_programme(short["abbr"]):
            abbreviation = short["abbr"]
            body = (body[: short.start()] + body[short.end() :]).strip()
        # '인공지능 발전과 … 기본법(AI 기본법)': the short name the text goes on to use.
        short_name = _TRAILING_SHORT.search(body)
        if short_name is not None and body[: short_name.start()].endswith(short_name["short"][-1]):
            abbreviation = short_name["short"]
            body = body[: short_name.start()].strip()
        # A name may run to ten words in single quotes ('AI 디지털교과서 발행 체제 및
        # 법제도 개선 방안 연구'); double quotes that long are speech.
        longest = 8 if match["open"] in _SPEECH_QUOTES else 10
        if "," in body or len(body.split()) > longest or _STATEMENT.search(body):
            continue
        # '스타트업 코리아 펀드 출범식': the ceremony is named after the fund; a body's
        # ('X사업단 출범식') leaves no programme.
        # '모태펀드 2022년 2차 정시 출자공고': the notice of the programme names the programme.
        notice = _NOTICE_TAIL.search(body)
        if notice is not None and len(body[: notice.start()].split()) >= 2:
            body = body[: notice.start()]
        if body.endswith(_EVENT_TAILS):
            event = body
            body = body[: -len(next(t for t in _EVENT_TAILS if body.endswith(t)))].strip()
            if not body or _ORG_SUFFIX_AFTER.search(body[-6:]):
                continue
            # '반도체 생태계펀드 조성 협약식': the fund the ceremony is about.
            body = _MAKING_TAIL.sub("", body)
            if not (body.endswith(_NAMED_HEADS) or known_programme(body)):
                # '민관협력 선포식': named after no programme, the ceremony is the event.
                found.append(
                    Candidate(match.start(), match.end(), "Meeting", event, "quoted", True)
                )
                continue
        if _BODY_NAME.search(body):
            continue  # '경북 반도체산업 초격차 육성위원회': a body, found as one
        if re.fullmatch(r"[A-Za-z0-9+\s]{1,5}", body) or name_key(body) in GENERIC_NAMES:
            continue  # 'ICT', 'AI', '코로나19', '바우처': a field or a generic word
        if _AGREEMENT_WORD.fullmatch(body):
            continue  # '맞손', 'MOU': the agreement itself, named in a headline
        after = _AFTER_QUOTE_HEAD.match(text, match.end())
        # '데이터 댐' 프로젝트: a programme the list knows keeps its own name.
        if after and after["head"] in ("사업", "프로젝트") and known_programme(body):
            after = None
        if after:
            head = "TF" if after["head"] == "태스크포스" else after["head"]
            name = f"{body} {head}"
            aliases = {f"{body} {after['head']}", f"{body}{after['head']}"} - {name}
            found.append(
                Candidate(
                    match.start(),
                    after.end(),
                    _label_for(name),
                    name,
                    "quoted",
                    True,
                    aliases=aliases,
                )
            )
            continue
        if _AGREEMENT_TITLE.search(body):
            # '디지털플랫폼정부 실현을 위한 업무협약': the name of an agreement, not a programme.
            found.append(Candidate(match.start(), match.end(), "Program", body, "agreement", False))
            continue
        s_start, s_end = sentence_of(match.start())
        sentence = text[s_start : match.start()] + " " + text[match.end() : s_end]
        has_head = body.endswith((*STRONG_HEADS, *MEETING_HEADS))
        if not has_head:
            if match["open"] in _SPEECH_QUOTES:
                continue  # "디지털 뉴딜 속도": double quotes mark speech; names take single ones
            if not PROGRAMME_VERBS.search(sentence):
                continue
            following = text[match.end() : match.end() + 16]
            agreement = re.match(r"(?:을|를)?\s?위한\s?(?:업무)?협약", following)
            if body.endswith(_SLOGAN_ENDINGS) and not agreement:
                continue
            if following.lstrip().startswith(("분야", "일환", "시대", "정신", "문화")):
                continue
        cand = Candidate(match.start(), match.end(), _label_for(body), body, "quoted", True)
        if abbreviation is not None:
            cand.aliases.add(abbreviation)
            cand.props["abbreviation"] = abbreviation
        found.append(cand)
    return found


_TRAILING_SHORT = re.compile(r"\s?\((?P<short>[^()]{2,20})\)$")
_DEFINING_REMARK = re.compile(r"\s?\(이하[^)]{0,30}\)")
# P-HIS, AI-X: a Latin abbreviation in brackets inside a quoted name.
_INNER_ABBREVIATION = re.compile(r"\s?\((?P<abbr>[A-Z][A-Za-z0-9\-&]{1,11})\)")
# The same abbreviation standing alone later in the text (P-HIS 사업단에는 …).
_ABBREVIATION_WORD = r"(?<![A-Za-z0-9\-]){}(?![A-Za-z0-9\-])"


_FIELD_ABBREVIATIONS = frozenset(words("programme.field_abbreviations"))


def _names_programme(abbreviation: str) -> bool:
    """P-HIS names a programme; 인공지능(AI), 사물인터넷(IoT) gloss a field."""
    long_enough = "-" in abbreviation or len(abbreviation) >= 4
    return long_enough and abbreviation.upper() not in _FIELD_ABBREVIATIONS


def abbreviation_mentions(text: str, abbreviation: str) -> list[tuple[int, int]]:
    """Where an abbreviation of a programme stands as a word of its own."""
    pattern = re.compile(_ABBREVIATION_WORD.format(re.escape(abbreviation)))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


# 인공지능(AI) 데이터 가공 바우처, 케이(K)-바이오 펀드: a first word glossed by its Latin
# abbreviation is named by the abbreviation (AI 데이터 가공 바우처, K-바이오 펀드). A body's
# gloss (한국정보화진흥원(NIA)) is the body, not part of a name.
_YEAR_OPENING = re.compile(r"(?:19|20)\d{2}년도?\s")
_GLOSSED_WORD = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?P<word>[가-힣]{1,10})\((?P<abbr>[A-Z][A-Za-z0-9&+]{0,9})\)(?P<join>\s|-)$"
)
_BODY_ENDINGS = ("부", "처", "청", "원", "회", "단", "사", "기구", "공사", "공단", "센터", "재단")


def glossed(text: str, start: int, end: int, name: str) -> tuple[int, str, set[str]]:
    """The name with its glossed first word, the start of that word, and the full form."""
    gloss = _GLOSSED_WORD.search(text, max(0, start - 24), start)
    if gloss is None or gloss["word"].endswith(_BODY_ENDINGS):
        return start, name, set()
    joined = f"{gloss['abbr']}-{name}" if gloss["join"] == "-" else f"{gloss['abbr']} {name}"
    return gloss.start(), joined, {text[gloss.start() : end]}


_VISITED = re.compile(r"(?:을|를)\s(?:직접\s)?(?:방문|찾아|찾았|찾은|둘러)")


def find_headed(text: str) -> list[Candidate]:
    """Unquoted names that end in a head word: 배달로봇 시범 사업, 스마트 대한민국 펀드."""
    found = []
    for match in _HEAD.finditer(text):
        head, end = match["head"], match.end()
        start = phrase_start(text, match.start(), end)
        name = text[start:end]
        if name == head or _is_generic(name):
            continue
        # "내일채움공제 사업": the programme is the name before 사업.
        if head == "사업":
            before = name[: -len(head)].rstrip()
            if known_programme(before) or before.endswith(STRONG_HEADS[1:]):
                name, end = before, start + len(before)
        # 모바일 공무원증 제도: the scheme is named by what it issues.
        elif head == "제도":
            before = name[: -len(head)].rstrip()
            if before.endswith(WEAK_HEADS) and before not in WEAK_HEADS:
                name, end = before, start + len(before)
        start, name, aliases = glossed(text, start, end, name)
        # 2020년 모태펀드: a fund keeps its name from year to year.
        year = _YEAR_OPENING.match(name)
        if year is not None and _label_for(name) == "Fund":
            start, name = start + year.end(), name[year.end() :]
        # K-반도체 전략, K-사이버방역 추진전략: the K- of a national brand makes a name.
        strong = head in STRONG_HEADS or name.startswith("K-")
        if _VISITED.match(text, end):
            continue  # 판교 스타트업캠퍼스를 방문해: a place visited, not a programme
        found.append(
            Candidate(start, end, _label_for(name), name, "suffix", strong, aliases=aliases)
        )
    found += _named_sittings(text)
    return found


# 클라우드 사업 중간점검 및 추경사업안 설명회: a sitting named by what it is about, four
# words or more, two phrases joined by 및 (설명회, 보고회, 토론회 …; 회의 words are found
# whole by find_meeting_words).
_SITTING_HEAD = re.compile(
    r"(?P<head>설명회|보고회|토론회|세미나|간담회|포럼|발표회|공청회)(?=[을를이가은는의에와과로도’'\"”\s,.]|$)"
)
_SITTING_MIN_WORDS = 4
_YEAR_BEFORE = re.compile(r"(?<![0-9])(?:19|20)\d{2}년도?\s$")


def _named_sittings(text: str) -> list[Candidate]:
    found = []
    for match in _SITTING_HEAD.finditer(text):
        start = phrase_start(text, match.start(), match.end())
        # The words before 및 are the first topic of the sitting.
        joined = re.search(r"(?:^|\s)및\s$", text[max(0, start - 4) : start])
        if joined:
            # the phrase that ends before " 및 "
            start = phrase_start(text, start - 3, start - 3) if start >= 3 else start
        # 2021년도 클라우드 사업 통합설명회: the year of a sitting is part of its name.
        year = _YEAR_BEFORE.search(text, max(0, start - 7), start)
        start = year.start() if year else start
        name = text[start : match.end()]
        if len(name.split()) >= _SITTING_MIN_WORDS and not _is_generic(name):
            found.append(Candidate(start, match.end(), "Meeting", name, "suffix", True))
    return found


def find_budget_lines(text: str) -> list[Candidate]:
    """'비대면 선도서비스 개발(신규, 80억원)': a budget line names a programme."""
    found = []
    for match in _BUDGET.finditer(text):
        end = match.start()
        head = max(text.rfind(" ", 0, end) + 1, 0)
        if head >= end:
            continue
        start = phrase_start(text, head, end)
        name = text[start:end]
        if len(name.split()) >= 2 and not _is_generic(name):
            found.append(Candidate(start, end, _label_for(name), name, "budget", True))
    return found


# △A △B △C 등: the items of a bulleted list, each up to the next bullet, 등, or a stop.
# ▲ lists more often carry amounts or tasks than sub-programmes: △ only.
BULLETS = "△"
_BULLET_ITEM = re.compile(
    rf"[{BULLETS}]\s?(?P<body>[^{BULLETS}\n,.()]{{2,40}}?)(?=\s?(?:[{BULLETS}]|등\s|등$|,|\(|\.|$|\n))"
)
_BULLET_MIN_WORDS = 2
# Weak heads (시스템, 서비스, 플랫폼) end the tasks of a list as often as its programmes.
_BULLET_HEADS = (*STRONG_HEADS, *words("programme.bullet_heads"))


# 개인정보보호법, 산업디지털전환촉진법, 전기통신사업법의: one word ending in 법 names a law.
_LAW = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{3,20}법)(?=[은는이가을를의에과와도,)’'\"”·\s]|이다|$)"
)


def find_laws(text: str) -> list[Candidate]:
    """Laws named as one word (…보호법, …촉진법), less ordinary words that end in 법."""
    found = []
    for match in _LAW.finditer(text):
        name = match["name"]
        if name.endswith(_NOT_LAWS) or _is_generic(name):
            continue
        found.append(Candidate(match.start(), match.end(), "Program", name, "law", True))
    return found


# 확대경제장관회의, 국정현안점검조정회의, 비상경제민생회의: one long word ending in 회의.
_MEETING_WORD = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{3,16}회의)(?=[은는이가을를의에과와도,)’'\"”\s]|$)"
)


# 제5회 전자정부의 날 기념행사, 정보보호의 날: a named day is an event held on it.
_NAMED_DAY = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?:제\s?\d{1,3}\s?회\s)?(?P<day>[가-힣A-Za-z]{2,12})의\s날"
    r"(?:\s(?:기념행사|기념식|행사))?(?=[은는이가을를의에과와도,)’'\"”\s]|$)"
)


def find_named_days(text: str) -> list[Candidate]:
    """Days named after a field (정보통신의 날, 전자정부의 날) and the events held on them."""
    return [
        Candidate(m.start(), m.end(), "Meeting", m.group(), "meeting", True)
        for m in _NAMED_DAY.finditer(text)
        if m["day"] not in _NOT_DAYS
    ]


_NOT_DAYS = frozenset({"오늘", "당일", "다음", "마지막"})


_BODY_WITH_PARTICLE = ("사회의", "협의회의", "위원회의", "간담회의", "연합회의", "총회의")


def find_meeting_words(text: str) -> list[Candidate]:
    """Meetings named as one word of six syllables or more (…장관회의, …민생회의); two
    joined by 겸 are one sitting (비상경제장관회의 겸 수출투자대책회의)."""
    found: list[Candidate] = []
    for match in _MEETING_WORD.finditer(text):
        name = match["name"]
        # 국제사회의 is 국제사회 + 의, 민간협의회의 is 민간협의회 + 의: a long word only, and
        # never a body or a sitting followed by its particle.
        possessive = name.endswith(_BODY_WITH_PARTICLE)
        if len(name) >= 6 and name not in _GENERIC_MEETINGS and not possessive:
            if found and text[found[-1].end : match.start()] == " 겸 ":
                joined = text[found[-1].start : match.end()]
                found[-1] = Candidate(
                    found[-1].start, match.end(), "Meeting", joined, "meeting", True
                )
                continue
            start, name, aliases = glossed(text, match.start(), match.end(), name)
            found.append(Candidate(start, match.end(), "Meeting", name, "meeting", True, aliases))
    return found


_AGREEMENT_WORDS = pattern("verbs.agreement")
_AGREEMENT_REACH = 200  # characters before a list in which an agreement introduces it


_VERBAL_HEADS = ("지원", "양성", "조성", "육성", "강화", "구축")


def find_bulleted(text: str) -> list[Candidate]:
    """The items of a list of two or more bullets (△홈스피탈 구현 기술 실증 △지역 주도형
    아카데미): sub-programmes, when each is a phrase ending in a programme's head word."""
    found: list[Candidate] = []
    if sum(text.count(b) for b in BULLETS) < 2:
        return found
    start_of_line = 0
    for line in text.split("\n"):
        line_start, start_of_line = start_of_line, start_of_line + len(line) + 1
        if sum(line.count(b) for b in BULLETS) < 2:
            continue
        # 협약을 통해 ▲기술개발 및 인력양성 ▲중소기업 지원에 협력: the fields an agreement
        # covers, unless an item is named as a programme by its own head word.
        first = min(i for i in (line.find(b) for b in BULLETS) if i >= 0)
        lead = text[max(0, line_start + first - _AGREEMENT_REACH) : line_start + first]
        fields_of_agreement = _AGREEMENT_WORDS.search(lead) is not None
        for item in _BULLET_ITEM.finditer(text, line_start, line_start + len(line)):
            name = item["body"].strip()
            start = item.start("body") + (len(item["body"]) - len(item["body"].lstrip()))
            # Agenda items (△사업 추진 애로 사항) are no programmes: an item must end in a
            # programme's head word.
            headed = name.endswith(_BULLET_HEADS)
            if fields_of_agreement and not name.endswith((*STRONG_HEADS, *WEAK_HEADS)):
                continue
            # △과학기술 지원 △생태계 조성: two words ending in a verbal noun name a task.
            verbal = name.endswith(_VERBAL_HEADS) and len(name.split()) < _BULLET_MIN_WORDS + 1
            if (
                len(name.split()) >= _BULLET_MIN_WORDS
                and headed
                and not verbal
                and not _is_generic(name)
            ):
                found.append(
                    Candidate(start, start + len(name), _label_for(name), name, "bullet", True)
                )
    return found


def is_generic(name: str) -> bool:
    return _is_generic(name)
