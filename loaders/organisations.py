"""Organisations the gazetteer does not list, found by the way news names them.

    웹케시(대표 석창화)            a company introduced with its chief executive
    ㈜에이아이랩, (주)코난테크놀로지  a company marker
    경기콘텐츠진흥원, 한국핀테크산업협회  an institution's suffix

Each is kept only as a whole word and never where the gazetteer matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from loaders.lexicon import alternation, words
from loaders.people import ROLE_WORDS, SURNAMES

_WORD = r"[가-힣A-Za-z][가-힣A-Za-z0-9&.]{1,19}"
_WITH_CHIEF = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?:㈜|\(주\)|주식회사\s?)?(?P<name>{_WORD})"
    rf"\(\s?(?:대표(?:이사)?|CEO|회장|사장|원장|이사장|센터장|소장|청장)\s(?:{SURNAMES})[가-힣]{{1,2}}\s?[,)]"
)
# 빈대인 BNK금융지주 회장, 윤석원 테스트웍스 대표: an unknown word between a person's
# name and a chief executive's title names that person's company.
_BETWEEN_NAME_AND_CHIEF = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<person>(?:{SURNAMES})[가-힣]{{1,2}})\s(?P<name>[A-Za-z가-힣][A-Za-z0-9가-힣&]{{1,15}})"
    r"\s(?:대표이사|대표|회장|사장|CEO|부회장|부사장)(?=[은는이가과와의,\s]|$)"
)
# CJ바이오사이언스 천종식 대표이사: a company named before its chief, in the order news
# uses for groups' affiliates (a Latin group mark glued to a Hangul name).
_BEFORE_NAME_AND_CHIEF = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?P<name>[A-Z]{1,4}[가-힣][가-힣A-Za-z0-9&]{1,14})"
    rf"\s(?P<person>(?:{SURNAMES})[가-힣]{{1,2}})\s(?:대표이사|대표|회장|사장|CEO|부회장|부사장)"
    r"(?=[은는이가과와의을를,\s]|$)"
)
# ▲엔켐 오정강 대표 ▲성일하이텍 이강명 대표: in a bulleted list of attendees each item is
# a body, its chief's name and title, so an unknown word opening an item names a body.
_BULLETED_NAME_AND_CHIEF = re.compile(
    r"[▲△■□●○◆◇▶·ㆍ-]\s?(?P<name>[가-힣A-Za-z][가-힣A-Za-z0-9&]{1,14})"
    rf"\s(?P<person>(?:{SURNAMES})[가-힣]{{1,2}})\s(?:대표이사|대표|회장|사장|CEO|부회장|부사장|이사장|원장)"
    r"(?=[은는이가과와의을를,\s▲△■□●○◆◇▶]|$)"
)
_COMPANY_MARK = re.compile(rf"(?:㈜|\(주\)|주식회사\s)(?P<name>{_WORD})")
# 대성테크㈜, 미래로봇(주): the mark may follow the name too.
_COMPANY_MARK_AFTER = re.compile(rf"(?<![가-힣A-Za-z0-9])(?P<name>{_WORD})(?:㈜|\(주\))")
_INSTITUTION = re.compile(
    # 한국ICT융합협회, 한국SW·ICT총연합회: Latin letters may stand inside, after Hangul.
    r"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣]{2}[가-힣A-Za-z0-9·]{0,14}?"
    rf"(?P<suffix>{alternation('orgs.institution_suffixes')}))"
    # 조풍연 한국SW·ICT총연합회장: a head's title may be fused after the name.
    r"(?=[은는이가을를의에와과로도,·()\s]|장(?!관)|$)"
)
# 신한BNP파리바자산운용, 스틱벤처스, 카이스트청년창업투자지주: a company by its suffix.
_COMPANY_SUFFIXED = re.compile(
    r"(?<![가-힣A-Za-z0-9])(?P<name>[가-힣A-Za-z][가-힣A-Za-z0-9&]{1,16}?"
    rf"(?:{alternation('orgs.company_suffixes')}))(?=[은는이가을를의에와과로도,·()\s]|$)"
)
_NOT_INSTITUTIONS = words("orgs.not_institutions")
_NOT_COMPANIES = frozenset(words("orgs.not_company_words"))
_NOT_NAMES = frozenset(words("names.not_names"))
_COMPANY_SUFFIXES = frozenset(words("orgs.company_suffixes"))
# 공동대표, 서울시의회 의장: words of tenure and bodies of other kinds end so.
_NOT_COMPANY_ENDS = ("부", "처", "청", "시", "도", "군", "구", "원", "회", "단", "대학교", "대")
_ASSOCIATIONS = words("orgs.association_suffixes")
_INSTITUTION_SUFFIXES = words("orgs.institution_suffixes")
_GENERIC_WORDS = frozenset(words("orgs.generic_words"))
_REGIONS = frozenset(words("places.region_short_names"))
_PROGRAMME_HEADS = words("programme.fund_heads") + words("programme.strong_heads")


@dataclass(frozen=True, slots=True)
class UnlistedOrg:
    start: int
    end: int
    label: str
    name: str


# A case particle glued to a name, by whether the syllable before it ends in a consonant.
_AFTER_CONSONANT = ("으로", "이", "은", "을", "과")
_AFTER_VOWEL = ("가", "는", "를", "와", "로")
_AFTER_ANY = ("의", "에", "도", "에서")


def _has_final_consonant(syllable: str) -> bool:
    code = ord(syllable) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def without_particle(name: str) -> str:
    """㈜한빛데이터가 → 한빛데이터, ㈜마인즈랩이 → 마인즈랩; ㈜에이아이 stays (아 has no final
    consonant, so 이 is part of the name).

    >>> [without_particle(n) for n in ("한빛데이터가", "마인즈랩이", "에이아이", "솔트룩스의")]
    ['한빛데이터', '마인즈랩', '에이아이', '솔트룩스']
    """
    for particle in sorted((*_AFTER_CONSONANT, *_AFTER_VOWEL, *_AFTER_ANY), key=len, reverse=True):
        stem = name[: -len(particle)]
        if not name.endswith(particle) or len(stem) < 2 or not "가" <= stem[-1] <= "힣":
            continue
        final = _has_final_consonant(stem[-1])
        if particle in _AFTER_ANY or (particle in _AFTER_CONSONANT) == final:
            return stem
    return name


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _label_by_suffix(name: str) -> str:
    """협회, 협의회 → Organization; 진흥원, 테크노파크, 위원회 → Agency; anything else a company."""
    # The longest suffix decides (a tie goes to the association, "Organization" > "Agency"):
    # 창조경제혁신센터 is an institution, 자원봉사센터 an association.
    suffixes = [(len(x), "Organization") for x in _ASSOCIATIONS if name.endswith(x)]
    suffixes += [(len(x), "Agency") for x in _INSTITUTION_SUFFIXES if name.endswith(x)]
    return max(suffixes)[1] if suffixes else "Company"


# 제2차 제조혁신협의회 is a meeting; 선정평가위원회, 심사위원회 are steps of a process.
_MEETING_NUMBER = re.compile(r"제\s?\d{1,3}\s?차\s?$")


def _is_process_body(text: str, match: re.Match[str]) -> bool:
    if _MEETING_NUMBER.search(text, max(0, match.start() - 8), match.start()):
        return True
    stem = match["name"][: -len(match["suffix"])]
    return match["suffix"] == "위원회" and stem.endswith(words("orgs.process_words"))


_QUOTED_BODY = re.compile(
    r"['‘\"“](?P<name>[가-힣A-Za-z0-9·]{2,12}(?:\s[가-힣A-Za-z0-9·]{1,12}){0,4}"
    r"(?:위원회|진흥원|연구원|연구소|재단|공단|협회|학회|추진단|사업단))['’\"”]"
)


def find_unlisted(text: str, listed: Sequence[tuple[int, int]]) -> list[UnlistedOrg]:
    """Organisations outside the gazetteer; ``listed`` are the gazetteer's spans."""
    found: list[UnlistedOrg] = []
    taken = list(listed)

    def add(match: re.Match[str], label: str, name: str | None = None) -> None:
        name = (name or match["name"]).rstrip(".")
        start = match.start("name")
        end = start + len(name)
        if name in _GENERIC_WORDS or _overlaps(start, end, taken) or len(name) < 2:
            return
        taken.append((start, end))
        found.append(UnlistedOrg(start, end, label, name))

    for match in _WITH_CHIEF.finditer(text):
        add(match, _label_by_suffix(match["name"]))
    for match in _BETWEEN_NAME_AND_CHIEF.finditer(text):
        if match["person"] in _NOT_NAMES:
            continue  # 양대 플랫폼 대표: no person, so no company
        if _overlaps(match.start("person"), match.end("person"), listed):
            continue  # 현대차 김흥수 부사장: a known body, not a person, before the name
        if match["name"] not in _NOT_COMPANIES and not match["name"].endswith(_NOT_COMPANY_ENDS):
            add(match, _label_by_suffix(match["name"]))
    for pattern in (_BEFORE_NAME_AND_CHIEF, _BULLETED_NAME_AND_CHIEF):
        for match in pattern.finditer(text):
            name = match["name"]
            if match["person"] not in _NOT_NAMES and name not in _NOT_COMPANIES:
                add(match, _label_by_suffix(name))
    for match in _COMPANY_MARK.finditer(text):
        add(match, "Company", without_particle(match["name"]))
    for match in _COMPANY_MARK_AFTER.finditer(text):
        add(match, "Company")
    for match in _COMPANY_SUFFIXED.finditer(text):
        if match["name"] not in _COMPANY_SUFFIXES:
            add(match, "Company")
    # '경북 반도체산업 초격차 육성위원회'가 주관하는: a quoted name of a body, spaces and all.
    for match in _QUOTED_BODY.finditer(text):
        if not match["name"].endswith(_NOT_INSTITUTIONS):
            add(match, _label_by_suffix(match["name"]))
    # Listed names blanked out, so that 세종시·한국SW·ICT총연합회 is not read as one name.
    blanked = list(text)
    for start, end in listed:
        blanked[start:end] = " " * (end - start)
    for match in _INSTITUTION.finditer("".join(blanked)):
        name = match["name"]
        if name.endswith(_NOT_INSTITUTIONS) or len(name) < 4 or _is_process_body(text, match):
            continue
        add(match, _label_by_suffix(name))
    return sorted(found, key=lambda o: o.start)


# 노타, 래블업, 플리토, 뷰노, 금융결제원, 한국과학기술원이 함께 한다: in a list of one-word
# names of which enough are known bodies, the unknown ones are bodies too.
_LIST_ITEM = r"(?:㈜|\(주\))?[가-힣A-Za-z0-9][가-힣A-Za-z0-9&.·]{1,14}(?:㈜|\([^)]{0,20}\))?"
_NAME_LIST = re.compile(rf"(?<![가-힣A-Za-z0-9])(?:{_LIST_ITEM}\s?,\s?){{2,}}{_LIST_ITEM}")
_LIST_KNOWN_SHARE = 0.4
_CALLED_BODIES = re.compile(
    r"\s?등\s(?:[^\s,.]+\s){0,3}?(?:전문\s?)?(?:기업|업체|기관|회사|스타트업|대기업|중소기업)(?:이|가|을|를|과|와|들|\s|$)"
)
# 등 50개사를, 등 총 12곳이: a count of bodies closing the list.
_COUNTED_BODIES = re.compile(
    r"\s?등\s?(?:총\s?)?\d+\s?(?:개사|개\s?(?:기업|기관|업체|사|팀)|곳)(?:이|가|을|를|은|는|과|와|\s|$)"
)
# 지역 선배 기업인 A, B, C: a list introduced as companies.
_CALLED_BEFORE = re.compile(r"(?:기업|업체|회사|스타트업|기관)(?:인|으로는|로는)\s$")
# 공급기업으로 A, B, C를 선정했다: a list that is the object of a selection, after the role
# the bodies are selected for.
_SELECTED_ROLE = re.compile(
    rf"(?:{alternation('participation.roles')})(?:으로|로)(?:는)?\s(?:[^\s,.]+\s){{0,2}}$"
)
_SELECTION_VERB = re.compile(r"\s?(?:최종\s?)?(?:선정|지정|선발|확정)")
_VERB_ENDINGS = ("하여", "하고", "해서", "하며", "했고", "했으며", "되어", "되고", "돼")


_FIELD_WORDS = frozenset(words("programme.field_words"))


def _bare_item(item: str) -> str:
    """A list member without its note or particle; 경기도(지역경제): a particle comes
    after a note, so a noted name has none."""
    item = re.sub(r"^(?:㈜|\(주\))|㈜$", "", item)
    bare = re.sub(r"\([^)]*\)$", "", item)
    return bare if bare != item else without_particle(item)


# 경남정보대, 영진전문대, 한국항공대: a university's short form (X대 for X대학교).
_NOT_UNIVERSITIES = frozenset(words("orgs.not_universities"))


def university(name: str) -> str | None:
    """The full name of a university written short (한국항공대 → 한국항공대학교), if it is one."""
    if name.endswith(("대학교", "대학")) and len(name) >= 4:
        return name if name.endswith("대학교") else f"{name}교"
    if name.endswith("대") and len(name) >= 3 and name not in _NOT_UNIVERSITIES:
        return f"{name}학교"
    return None


def _selected_list(text: str, run: re.Match[str]) -> bool:
    """공급기업으로 A, B, C를 선정: the list follows a role and is what was selected."""
    if not run.group().endswith(("을", "를")) or not _SELECTION_VERB.match(text, run.end()):
        return False
    return _SELECTED_ROLE.search(text, max(0, run.start() - 40), run.start()) is not None


def find_list_members(text: str, known: Sequence[tuple[int, int]]) -> list[UnlistedOrg]:
    """Unknown names listed with at least two known bodies, which make up enough of the list."""
    found: list[UnlistedOrg] = []
    for run in _NAME_LIST.finditer(text):
        items = [(m.start() + run.start(), m.group()) for m in re.finditer(r"[^,]+", run.group())]
        items = [(start + len(item) - len(item.lstrip()), item.strip()) for start, item in items]
        spans = [(start, start + len(item)) for start, item in items]
        listed = [any(a <= s < b or s <= a < e for a, b in known) for s, e in spans]
        # … 데일리인텔리전스 등 SW 전문기업: a list its closing noun calls companies.
        # A list of fields (AI, 클라우드, 빅데이터 등 3개 분야 기업) names no bodies.
        fields = sum(_bare_item(item) in _FIELD_WORDS for _, item in items)
        called = not fields and (
            _CALLED_BODIES.match(text, run.end()) is not None
            or _COUNTED_BODIES.match(text, run.end()) is not None
            or _selected_list(text, run)
            or _CALLED_BEFORE.search(text, max(0, run.start() - 12), run.start()) is not None
        )
        if not called and (sum(listed) < 2 or sum(listed) < _LIST_KNOWN_SHARE * len(items)):
            continue
        for (start, item), is_known in zip(items, listed, strict=True):
            name = _bare_item(item)
            if (
                is_known
                or name in _GENERIC_WORDS
                or name in _NOT_COMPANIES
                or name in _REGIONS
                or name.endswith(_PROGRAMME_HEADS)  # 모태펀드(250억원) in a list of investors
                or name[0].isdigit()
            ):
                continue
            # 학회장을 비롯하여, A, B: a verb in the list is no name; 경제수석, 과학기술비서관:
            # nor is a title.
            if name.endswith(_VERB_ENDINGS) or name.endswith(ROLE_WORDS):
                continue
            if len(name) >= 2 and not name.endswith(("등", "개", "곳", "명")):
                full = university(name)
                label = "Organization" if full else _label_by_suffix(name)
                start += max(item.find(name), 0)  # after a company mark (㈜미래로봇)
                found.append(UnlistedOrg(start, start + len(name), label, full or name))
    return found


# △과제명(이튜) △과제명(한국토코넷·에코시안): the body that carries out each item of a
# bulleted list of selected tasks, in brackets at the item's end.
_PERFORMER = re.compile(
    r"\((?P<names>[가-힣A-Za-z][가-힣A-Za-z0-9&.·, ]{1,40}?)\)\s?(?=[△▲]|등(?:\s|이다|$)|$)"
)
# An abbreviation glossing the word before it (정보통신기술(ICT)) is no performer.
_GLOSS = re.compile(r"^[A-Z][A-Za-z0-9&.]{0,7}$")
_CONSORTIUM_TAIL = re.compile(r"\s?(?:컨소시엄|외\s?\d+\s?개(?:사|기관)?)$")
_NOT_PERFORMERS = ("억원", "만원", "년", "월", "일", "개", "건", "명", "곳", "가칭", "예정")


# 서비스 2건(핀크, 페르소나시스템), 4개사(A·B·C·D): the bodies counted, in brackets.
_COUNTED_NAMES = re.compile(
    r"\d+\s?(?:건|개사|곳|개\s?(?:기업|기관|업체|사))\s?"
    r"\((?P<names>[가-힣A-Za-z][가-힣A-Za-z0-9&.·, ]{1,80}?)\)"
)


def _bracketed(text: str) -> Iterator[re.Match[str]]:
    """Brackets that name bodies: after bulleted tasks (two bullets or more on the line)
    and after a count of things selected."""
    for line_match in re.finditer(r"[^\n]+", text):
        line = line_match.group()
        if line.count("△") + line.count("▲") >= 2:
            for match in _PERFORMER.finditer(text, line_match.start(), line_match.end()):
                # A bullet of this line before the brackets (searched within the line only).
                line_start = line_match.start()
                bullet = max(
                    text.rfind("△", line_start, match.start()),
                    text.rfind("▲", line_start, match.start()),
                )
                if bullet >= 0:
                    yield match
        if "(" in line:
            yield from _COUNTED_NAMES.finditer(text, line_match.start(), line_match.end())


_LATIN_BEFORE = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9&+\-]{0,9}$")


def find_bracketed_performers(text: str, known: Sequence[tuple[int, int]]) -> list[UnlistedOrg]:
    """Unknown bodies named in brackets: at the end of the items of a bulleted list, or
    after a count (2건(핀크, 페르소나시스템))."""
    found: list[UnlistedOrg] = []
    for match in _bracketed(text):
        offset = match.start("names")
        if _LATIN_BEFORE.search(text, max(0, offset - 12), offset - 1):
            continue  # △초거대 공공 AI(인공지능): the Korean words of an abbreviation
        for part in re.finditer(r"[^·,]+", match["names"]):
            name = _CONSORTIUM_TAIL.sub("", part.group().strip())
            start = offset + part.start() + (len(part.group()) - len(part.group().lstrip()))
            end = start + len(name)
            if (
                len(name) < 2
                or " " in name
                or _GLOSS.match(name)
                or name.endswith(_NOT_PERFORMERS)
                or name in _GENERIC_WORDS
                or _overlaps(start, end, known)
            ):
                continue
            found.append(UnlistedOrg(start, end, _label_by_suffix(name), name))
    return found
