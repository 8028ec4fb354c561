"""People in roles, in the orders Korean news writes them.

    중소벤처기업부(장관 박영선)      ORG(ROLE NAME)
    중기부 박영선 장관               ORG NAME ROLE
    박영선 중소벤처기업부 장관       NAME ORG ROLE
    최기영 장관 (주재로 …)           NAME ROLE, organisation from the context

A name is a Korean surname plus one or two syllables, accepted only next to a
role word; the bare NAME ROLE form is also checked by Kiwi (proper noun).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graph.reference import office_holders
from loaders.lexicon import alternation, pattern, words
from loaders.phrases import short_tags

SURNAMES = (
    "남궁|황보|제갈|선우|독고|사공|서문|"
    "[김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원"
    "천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부태피빈]"
)
HEAD_ROLES = words("roles.head")
STAFF_ROLES = words("roles.staff")
# Every title word: what a list member or a unit ending in one is not (경제수석, 1차관과).
ROLE_WORDS = tuple(HEAD_ROLES + STAFF_ROLES + words("roles.unit_suffixes"))
# Offices of state named without a body: the person is extracted, with no HEADS edge.
STATE_ROLES = words("roles.state")
_ROLE_ALT = "|".join(sorted({*HEAD_ROLES, *STAFF_ROLES, *STATE_ROLES}, key=len, reverse=True))
# A title naming a unit of the body, one word: 비대면경제과장, 클라우드·디지털혁신사업단장.
_UNIT_TITLE = rf"[가-힣A-Za-z0-9·]{{1,16}}?(?:{alternation('roles.unit_suffixes')})"
# 장관( 사진)이: a note on the photo may follow the role.
_AFTER_ROLE = (
    r"(?=[은는과와이가을를의도께,)\s“\"'’…·]|으로|에게|겸|$"
    r"|\(\s?(?:사진|왼쪽|오른쪽|가운데)\s?\))"
)
_NAME = rf"(?<![가-힣])(?P<name>(?:{SURNAMES})[가-힣]{{1,2}})"
# ROLE NAME after a fused role (서울시장 오세훈은).
_NAME_AFTER = re.compile(rf"[장사]\s(?P<name>(?:{SURNAMES})[가-힣]{{1,2}}){_AFTER_ROLE}")
# ORG(ROLE NAME) — the organisation is checked by the caller.
BRACKETED = re.compile(
    # 교육부(부총리 겸 교육부장관 NAME): a deputy prime minister who is the body's minister.
    # 해양환경공단(KOEM 이사장 NAME): the body's abbreviation may open the bracket.
    r"\(\s?(?:[A-Z][A-Za-z&]{1,7}\s)?(?:(?:사회|경제)?부총리\s?겸\s?[가-힣]{0,10}?)?"
    rf"(?P<role>{_ROLE_ALT})\s(?P<name>(?:{SURNAMES})[가-힣]{{1,2}})"
    # 카카오(대표이사 여민수·조수용): co-chief executives share the role.
    rf"(?:[·․ㆍ,]\s?(?P<second>(?:{SURNAMES})[가-힣]{{1,2}}))?\s?[,)]"
)
# 조성경 현 1차관, 박상욱 신임 과학기술수석: a word of tenure may stand before the role.
# 한정애·홍의락 의원: two names may share the role.
NAME_ROLE = re.compile(
    rf"(?:(?<![가-힣])(?P<first>(?:{SURNAMES})[가-힣]{{1,2}})[·ㆍ])?{_NAME}"
    rf"\s(?:(?:현|신임)\s)?(?P<role>{_ROLE_ALT}|{_UNIT_TITLE}){_AFTER_ROLE}"
)
# 네이버(035420) 대표, 개인정보보호위원회(개보위) 초대 위원장: a note and a word of tenure
# may stand between the body and the role.
ROLE_AFTER = re.compile(
    rf"\s?(?:\([^)]{{1,30}}\)\s?|\[[^\]]{{1,12}}\]\s?)?(?:(?:초대|신임|현|전임|차기|공동)\s)?"
    rf"(?P<role>{_ROLE_ALT}|{_UNIT_TITLE}){_AFTER_ROLE}"
)
_UNIT_WORD = r"[가-힣A-Za-z0-9·]{2,16}(?<![은는이가을를의에도와과로서])"
_UNIT_THEN_ROLE = re.compile(
    rf"\s(?P<unit>{_UNIT_WORD}(?:\s{_UNIT_WORD})?)\s(?P<role>{_ROLE_ALT}|{_UNIT_TITLE}){_AFTER_ROLE}"
)
# 국토교통부 스마트도시팀 허나윤 팀장: a unit of the body between it and the name.
_UNIT_BEFORE_NAME = re.compile(
    rf"\s(?P<unit>[가-힣A-Za-z0-9·]{{1,14}}(?:{alternation('orgs.unit_nouns')}))\s"
)
# 배경훈 신임 과기정통부 장관: a word of tenure may stand between the name and the body.
# 최기영 / 과학기술정보통신부 장관: a broadcast caption.
NAME_BEFORE = re.compile(rf"{_NAME}\s?/?\s?(?:(?:신임|전임|초대|차기|현)\s)?$")
# ORG 장관에 NAME(63) …, ORG 장관 후보자로 NAME, ORG 장관에 내정된 NAME.
_NOMINEE = re.compile(
    rf"\s?장관\s?(?:후보자로|후보자에|에|으로|직에)\s(?:(?:내정된|지명된|발탁된)\s)?"
    rf"(?P<name>(?:{SURNAMES})[가-힣]{{1,2}})(?=\s?\(|\s|,)"
)
# ORG ROLE에는 … NAME이 내정됐다, 1차관 후임에는 NAME …, 통일부 장관은 NAME이 내정됐다:
# the slot an appointment fills, then (within its clause) the person who fills it.
_SLOT = re.compile(
    rf"(?<![가-힣])(?P<role>{_ROLE_ALT}|{_UNIT_TITLE})\s?(?:후임\s?)?"
    r"(?P<particle>자리에는|으로는|에는|에|은|는)\s"
)
_FUSED_SLOT = re.compile(r"\s?(?:후임\s?)?(?:자리에는|으로는|에는|에|으로|로|은|는)\s")
_FILLER = re.compile(rf"{_NAME}(?P<age>\(\d{{2}}\))?(?=[\s,(]|이\s|가\s)")
_APPOINTING = pattern("verbs.appointment")
_NOT_YET = pattern("verbs.nomination")
_APPOINTED_NEXT = re.compile(r"\s?(?:을|를)?\s(?:임명|내정|발탁|지명|선임|위촉|낙점)")
# 오영주 주베트남 대사, 김홍일 전 고검장, 문성혁 세계해사대학(WMU) 교수: the title of the
# post the person holds now, within two words of the name.
_CURRENT_POST = re.compile(
    r"(?:[가-힣A-Za-z0-9·]{1,14}(?:\([A-Za-z]{2,8}\))?\s){0,2}[가-힣]{0,8}?"
    rf"(?:{alternation('roles.current_post_endings')})(?=[을를이가,\s]|$)"
)
_SLOT_REACH = 90  # characters from the slot to its filler, within one sentence
_CLAUSE_REACH = 400  # characters after the slot in which its verb of appointment may stand
_DEPUTY_PM = re.compile(
    rf"{_NAME}\s(?:대통령\s?권한대행\s)?(?:경제|사회|과기|과학기술)?부총리\s?겸\s?$"
)
# Words shaped like names that are not (이날, 정부 …): checked before Kiwi is asked.
NOT_NAMES = frozenset(words("names.not_names"))


@dataclass(frozen=True, slots=True)
class OrgSpan:
    start: int
    end: int
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    role: str
    org: OrgSpan | None
    rule: str  # the id of the rule (loaders/data/rules.toml) that found this person
    heads_body: bool = False  # the role is written fused with the body's name: its head

    @classmethod
    def named(
        cls, match: re.Match[str], role: str, org: OrgSpan | None, rule: str
    ) -> PersonMention:
        """The person a pattern's ``name`` group names."""
        return cls(match.start("name"), match.end("name"), match["name"], role, org, rule)

    @property
    def heads(self) -> bool:
        return self.heads_body or self.role in HEAD_ROLES

    @property
    def of_state(self) -> bool:
        return self.role in STATE_ROLES

    @property
    def label(self) -> str:
        minister = self.role in ("장관", "장관 후보자") and (
            self.org is None or self.org.label == "Ministry"
        )
        return "Minister" if minister else "Person"


def _org_ending_at(orgs: Sequence[OrgSpan], position: int) -> OrgSpan | None:
    """The organisation whose mention ends at ``position`` (one space allowed)."""
    for org in orgs:
        if org.end == position or (org.end == position - 1):
            return org
    return None


# 한국인터넷진흥원(KISA) 신임 원장에: a note and a word of tenure between body and post.
_BODY_TO_POST = re.compile(r"\s?(?:\([^)]{1,20}\))?\s?(?:(?:신임|초대|차기|새|첫)\s)?")


def _org_before_post(text: str, orgs: Sequence[OrgSpan], position: int) -> OrgSpan | None:
    for org in orgs:
        if org.end <= position and _BODY_TO_POST.fullmatch(text, org.end, position):
            return org
    return None


def _org_before_unit(
    text: str, orgs: Sequence[OrgSpan], position: int
) -> tuple[OrgSpan, str] | None:
    """The body and its unit written before a name: 국토교통부 스마트도시팀 (허나윤 팀장)."""
    for org in orgs:
        if org.end < position <= org.end + 18:
            unit = _UNIT_BEFORE_NAME.fullmatch(text, org.end, position)
            # 1차관과 NAME 2차관: a title and the particle 과, not a division (과).
            if unit is not None and not unit["unit"][:-1].endswith(ROLE_WORDS):
                return org, unit["unit"]
    return None


def _org_starting_at(orgs: Sequence[OrgSpan], position: int) -> OrgSpan | None:
    for org in orgs:
        if org.start == position or org.start == position + 1:
            return org
    return None


def _is_verb_form(context: str) -> bool:
    """지낸, 지난: a verb's form shaped like a name (Kiwi reads its stem as a verb)."""
    tokens = short_tags(context)
    return bool(tokens) and tokens[0][1].startswith(("VV", "VA", "VX"))


def _looks_like_name(name: str, context: str) -> bool:
    if name in NOT_NAMES or name[:2] in NOT_NAMES:
        return False
    # Kiwi often splits an unknown name (최/NNP 기/NNG 영/NR): a proper noun must open
    # it and nothing but nominal pieces may make up the rest.
    tags = [tag for _, tag, start in short_tags(context) if start < len(name)]
    return bool(tags) and tags[0] == "NNP" and all(t in ("NNP", "NNG", "NR", "NNB") for t in tags)


# Roles so rarely written after anything but a name that Kiwi's opinion is not needed
# (it tags many unknown names as common nouns: 유영민, 이진규).
_NAME_CERTAIN_ROLES = frozenset(words("roles.name_certain"))
_UNIT_TITLE_ONLY = re.compile(rf"{_UNIT_TITLE}\Z")
_PARTICLE_END = "은는이가을를의도로과와께"


_TENURE_BEFORE_ROLE = re.compile(r"\s(?:신임|현)\s")


def _trusted(name: str, role: str) -> bool:
    """A role so rarely written after anything but a name (장관, 민정수석) that the name
    needs no check beyond the list of words that are not names."""
    certain = role in _NAME_CERTAIN_ROLES or (
        role not in STAFF_ROLES and role not in HEAD_ROLES and _UNIT_TITLE_ONLY.match(role)
    )
    # Not name[:2]: 조성경 is a name though 조성 is a word.
    return bool(certain) and name not in NOT_NAMES


def _fused_title(text: str, org: OrgSpan, start: int, end: int) -> bool:
    """The title text[start:end] is the body's name followed by 장 (…연구원장, …연구소장)."""
    return start <= org.start and org.end == end - 1 and text[org.end - 1] in "원소단회"


def _word_with_particle(name: str) -> bool:
    """차관은, 소장은, 최초로: a word and its particle, shaped like a name; 지명돼, 인증해:
    a verb's connective form."""
    if name[-1] in _VERB_ENDINGS:
        return True
    return name[-1] in _PARTICLE_END and (name[:-1] in NOT_NAMES or len(name) == 2)


_VERB_ENDINGS = "해돼됐했"


# The head of a body written fused with its name (특허청+장, 서울시+장, 경기도+지사): the
# body's last syllables, what follows them, the role, and the labels it applies to.
_FUSED = (
    (("협회", "학회", "연합회", "중앙회", "협의회"), "장", "회장", ("Organization",)),
    (("시",), "장", "시장", ("Agency",)),
    (("도",), "지사", "도지사", ("Agency",)),
    (("구청",), "장", "구청장", ("Agency",)),
    (("구",), "청장", "구청장", ("Agency",)),
    (("군",), "수", "군수", ("Agency",)),
    (("청",), "장", "청장", ("Agency",)),
    (("처",), "장", "처장", ("Agency",)),
    # 국민권익위원+장: the committee's name less 회, then 장.
    (("위원",), "장", "위원장", ("Agency", "Organization")),
    (("원",), "장", "원장", ("Agency", "Organization")),
    (("본부",), "장", "본부장", ("Agency", "Organization")),
    (("센터",), "장", "센터장", ("Agency", "Organization")),
    (("단",), "장", "단장", ("Agency", "Organization")),
    (("공사", "공단"), "사장", "사장", ("Agency",)),
    # 수출입은행+장, 기업은행+장: a bank's head.
    (("은행",), "장", "행장", ("Agency", "Company")),
    # 디지털플랫폼정부위+원장, 방통위+원장: a committee's short name, then 원장.
    (("위",), "원장", "위원장", ("Agency", "Organization")),
)


def _fused_head(text: str, org: OrgSpan) -> tuple[str, int] | None:
    """The role whose first syllable is the organisation's last (협회+장, 특허청+장,
    경기도+지사), and where the written role ends."""
    surface = text[org.start : org.end]
    for endings, rest, role, labels in _FUSED:
        fits = surface.endswith(endings) and text.startswith(rest, org.end)
        # 청장관 is no word, nor 원장관: a fused 장 is not the start of 장관.
        if fits and org.label in labels and not text.startswith(rest + "관", org.end):
            return role, org.end + len(rest)
    return None


def _fused_role(text: str, org: OrgSpan) -> str | None:
    head = _fused_head(text, org)
    return head[0] if head else None


def _fills_slot(text: str, match: re.Match[str], orgs: Sequence[OrgSpan]) -> bool:
    """Is this name-shaped word the person named, not a word that looks like one?"""
    name, end = match["name"], match.end()
    if name in NOT_NAMES:  # not name[:2]: 조성경 is a name though 조성 is a word
        return False
    if any(o.start <= match.start() < o.end for o in orgs):
        return False
    if match["age"] or text.startswith(("이 ", "가 "), end) or _APPOINTED_NEXT.match(text, end):
        return True  # … 위원장에 고진 임명: a name the appointment names at once
    # NAME 서울대 교수, NAME 전 중앙일보 부사장, NAME 의원: a role follows (maybe a body first).
    rest = re.sub(r"^\s(?:전|현)?\s?", "", text[end : end + 40])
    offset = end + len(text[end : end + 40]) - len(rest)
    org = _org_starting_at(orgs, offset)
    if org is not None:
        return True  # NAME 한국보건사회연구원 선임연구위원: a name and the body it comes from
    at = offset
    if ROLE_AFTER.match(text, at):
        return True
    if _CURRENT_POST.match(text, at):
        return not _is_verb_form(text[match.start() : end + 4])  # 차관을 지낸 박양우
    return _looks_like_name(name, text[match.start() : end + 4])


def _slots(
    text: str, orgs: Sequence[OrgSpan]
) -> Iterator[tuple[int, int, str, OrgSpan | None, bool]]:
    """Posts an appointment fills: (where the post is named, where the filler may start,
    role, body, fused with it)."""
    for slot in _SLOT.finditer(text):
        role, org = slot["role"], _org_before_post(text, orgs, slot.start())
        # 대통령은 …: a subject, not a post; 장관은 NAME이 …: only with the body named.
        if role in STATE_ROLES or (slot["particle"] in ("은", "는") and org is None):
            continue
        body = _org_starting_at(orgs, slot.start())
        head = _fused_role(text, body) if body is not None else None
        if body is not None and head and body.end < slot.end("role"):
            yield body.start, slot.end(), head, body, True  # 질병관리본부장에는 NAME
        else:
            yield org.start if org else slot.start(), slot.end(), role, org, False
    for org in orgs:  # 'X위원회'를 이끌 인물로 NAME: the head of the body named
        lead = _LEAD_SLOT.match(text, org.end)
        if lead is not None:
            yield org.start, lead.end(), _head_title(org), org, True
    for org in orgs:  # 해양경찰청장에는 NAME, 특허청장에 NAME
        head = _fused_head(text, org)
        after = _FUSED_SLOT.match(text, head[1]) if head else None
        if head and after is not None:
            yield org.start, after.end(), head[0], org, True


_LEAD_SLOT = re.compile(
    r"['’\"”]?\s?(?:을|를)\s이끌\s(?:인물|수장|적임자|책임자|새\s수장)(?:로|으로)\s"
)
# The head's title by the body's last syllables (위원회: 위원장, 청: 청장 …).
_HEAD_TITLES = (
    ("위원회", "위원장"),
    ("청", "청장"),
    ("처", "처장"),
    ("원", "원장"),
    ("공사", "사장"),
)


def _head_title(org: OrgSpan) -> str:
    return next((title for end, title in _HEAD_TITLES if org.name.endswith(end)), "대표")


def _appointed(text: str, orgs: Sequence[OrgSpan]) -> list[PersonMention]:
    """People named to a post: 과기정통부 장관에는 NAME …이 내정됐다, 2차관에는 NAME …."""
    found = []
    slots = sorted(_slots(text, orgs))
    # 통계청장에는 A …, 기상청장에 B …: a filler stands before the next post named.
    next_posts = [begin for begin, *_ in slots[1:]] + [len(text)] * bool(slots)
    for (_, start, role, org, fused), next_post in zip(slots, next_posts, strict=True):
        # Only the clause after the post is read, so the search is bounded (a text
        # without stops must not cost a scan to its end per post).
        window = start + _CLAUSE_REACH
        ends = (
            text.find(". ", start, window),
            text.find("\n", start, window),
            text.find("…", start, window),  # a headline's clauses
        )
        stop = min((i for i in ends if i >= 0), default=min(window, len(text)))
        if not _APPOINTING.search(text, start, stop + 1):
            continue
        reach = min(stop, start + _SLOT_REACH, max(next_post, start))
        filler = next(
            (m for m in _FILLER.finditer(text, start, reach) if _fills_slot(text, m, orgs)),
            None,
        )
        if filler is None:
            continue
        if role == "장관" and _NOT_YET.search(text, start, stop + 1):
            role = "장관 후보자"
        found.append(
            PersonMention(
                filler.start("name"),
                filler.end("name"),
                filler["name"],
                role,
                org,
                "people.appointed",
                heads_body=fused,
            )
        )
    return found


# 황종성 한국지능정보사회진흥원 연구위원을 원장에 임명: a person named to head a body,
# the post told after the name; a bare post is the head of the body the person is from.
_HEAD_ALT = "|".join(sorted(HEAD_ROLES, key=len, reverse=True))
_TO_POST = re.compile(
    rf"{_NAME}\s(?P<now>[^.\n]{{0,40}}?)(?:을|를)\s(?P<role>{_HEAD_ALT})"
    r"(?:에|으로|로)\s(?:신규\s|신임\s)?(?:임명|선임|위촉|발탁|내정)"
)


# 한림대 의대 NAME 교수(65)가 국민건강보험공단 새 이사장으로 뽑혔다: the person named,
# then the body and the post they are chosen for.
_CHOSEN_FOR = re.compile(
    rf"{_NAME}\s(?:[^.\n]{{0,30}}?\s)?(?:[가-힣]{{0,8}}(?:{alternation('roles.current_post_endings')}))?"
    r"(?:\(\d{2}\))?(?:이|가)\s(?P<body>[^.\n]{2,30}?)\s(?:새|신임|차기|초대|제\d+대)?\s?"
    rf"(?P<role>{_HEAD_ALT})(?:으로|로|에)\s(?:[가-힣]{{0,4}}\s)?"
    rf"(?:{alternation('verbs.chosen')})"
)
# The verbs alone: a text without one is not searched for the pattern above at all.
_CHOSEN_VERB = pattern("verbs.chosen")
_CHOSEN_REACH = 120  # characters before the verb in which the person and the post stand


def _chosen(text: str) -> Iterator[re.Match[str]]:
    """Each match of _CHOSEN_FOR, searched only just before a verb of choosing, and each
    search starting one character after the last match began (matches may overlap)."""
    seen: set[int] = set()
    for verb in _CHOSEN_VERB.finditer(text):
        at, stop = max(0, verb.start() - _CHOSEN_REACH), verb.end()
        while (match := _CHOSEN_FOR.search(text, at, stop)) is not None:
            if match.start() not in seen:
                seen.add(match.start())
                yield match
            at = match.start() + 1


def _promoted(text: str, orgs: Sequence[OrgSpan]) -> list[PersonMention]:
    found = []
    for match in _chosen(text):
        # 한림대 의대 NAME 교수가: a body's short name is shaped like a name too.
        if match["name"] in NOT_NAMES or any(o.start <= match.start() < o.end for o in orgs):
            continue
        body = next(
            (o for o in orgs if o.start == match.start("body") and o.end == match.end("body")),
            None,
        )
        if body is not None:
            found.append(PersonMention.named(match, match["role"], body, "people.appointed"))
    for match in _TO_POST.finditer(text):
        if match["name"] in NOT_NAMES:
            continue
        inside = [o for o in orgs if match.start("now") <= o.start and o.end <= match.end("now")]
        if not inside:
            continue
        org = inside[-1]
        found.append(
            PersonMention(
                match.start("name"),
                match.end("name"),
                match["name"],
                match["role"],
                org,
                "people.appointed",
            )
        )
    return found


# 통일부는 김연철 통일연구원장이 내정됐다, 해양수산부는 문성혁 … 교수가 장관으로 내정됐다:
# a cabinet list, ministry by ministry, each the subject of its nominee's sentence.
_MINISTRY_FILLED = re.compile(
    rf"\s?(?:은|는)\s{_NAME}(?:\(\d{{2}}\))?\s(?P<now>[^.\n을를]{{0,40}}?)(?:이|가)\s"
    r"(?:장관(?:으로|에|\s?후보자로)\s)?(?:각각\s)?"
    r"(?:(?P<named>내정|발탁|지명|낙점)(?:됐|되었|돼|될)|(?:임명|기용)(?:됐|되었|돼|될)|입각)"
)
# 통일부 장관 김영호 지명, 과기정통부 1차관 이창윤: the title first, then the name.
_ROLE_THEN_NAME = re.compile(rf"\s{_NAME}(?P<age>\(\d{{2}}\))?(?=[은는이가을를,\s(]|$)")
# A 의원과 B 의원은 각각 X부와 Y부 장관으로 입각했다: names and bodies paired in order.
_RESPECTIVELY = re.compile(r"(?:은|는)\s각각\s")
_PAIRED_BODIES = re.compile(r"\s?(?:와|과|,|·)\s?")
_PERSON_IN_ROLE = re.compile(
    rf"{_NAME}\s(?:[가-힣0-9]{{1,6}}\s)?(?P<role>{_ROLE_ALT})(?=과|와|,|은|는|\s)"
)


def _ministry_filled(text: str, orgs: Sequence[OrgSpan]) -> list[PersonMention]:
    found = []
    for org in orgs:
        match = _MINISTRY_FILLED.match(text, org.end) if org.label == "Ministry" else None
        if match is None or match["name"] in NOT_NAMES:
            continue
        role = "장관 후보자" if match["named"] else "장관"
        found.append(PersonMention.named(match, role, org, "people.ministry_filled"))
    return found


def _respectively(text: str, orgs: Sequence[OrgSpan]) -> list[PersonMention]:
    found = []
    for mark in _RESPECTIVELY.finditer(text):
        bodies, at = [], mark.end()
        while (body := _org_starting_at(orgs, at)) is not None:
            bodies.append(body)
            sep = _PAIRED_BODIES.match(text, body.end)
            at = sep.end() if sep else body.end
            if sep is None:
                break
        role = ROLE_AFTER.match(text, bodies[-1].end) if bodies else None
        stop = text.find(".", mark.end())
        clause_end = stop if stop >= 0 else len(text)
        if len(bodies) < 2 or role is None or not _APPOINTING.search(text, role.end(), clause_end):
            continue
        start = max(text.rfind(". ", 0, mark.start()) + 1, mark.start() - 80)
        people = [m for m in _PERSON_IN_ROLE.finditer(text, start, mark.start() + 1)]
        people = [m for m in people if m["name"] not in NOT_NAMES]
        if len(people) != len(bodies):
            continue
        title = role["role"]
        if title == "장관" and _NOT_YET.search(text, role.end(), clause_end):
            title = "장관 후보자"
        for person, body in zip(people, bodies, strict=True):
            found.append(PersonMention.named(person, title, body, "people.respectively"))
    return found


def _role_then_name(text: str, orgs: Sequence[OrgSpan]) -> list[PersonMention]:
    found = []
    for org in orgs:
        role = ROLE_AFTER.match(text, org.end)
        if role is None or role["role"] not in _NAME_CERTAIN_ROLES:
            continue
        match = _ROLE_THEN_NAME.match(text, role.end("role"))
        if match is None or match["name"] in NOT_NAMES or _word_with_particle(match["name"]):
            continue
        end = match.end("name")
        named = match["age"] or _APPOINTED_NEXT.match(text, end)
        if not named and not _looks_like_name(match["name"], text[match.start("name") : end + 4]):
            continue
        found.append(PersonMention.named(match, role["role"], org, "people.org_role_name"))
    return found


# 문 대통령은, 尹, 윤석열 정부: the president by surname (or its hanja in a headline),
# resolved by the article's date; a full name before 정부 names its president.
_PRESIDENT_BY_SURNAME = re.compile(
    r"(?<![가-힣])(?P<surname>[가-힣])\s대통령(?=[은는이가을를의과와도께,\s]|$)"
    r"|(?<![一-龥])(?P<hanja>[尹文朴李])(?=,|\s(?:대통령|정부)|$)"
)
_HANJA_SURNAMES = {"尹": "윤", "文": "문", "朴": "박", "李": "이"}
# 박근혜 정부 당시, 문재인 정부 기간동안: a time, not an actor.
_GOVERNMENT_OF = re.compile(
    rf"{_NAME}\s정부(?![가-힣])(?!\s?(?:당시|때|시절|기간|동안|에서|에는|이후|이전|들어))"
)


def find_presidents(text: str, day: str | None) -> list[PersonMention]:
    """The president, named by surname on the article's date or by name before 정부."""
    holders = office_holders()
    presidents = {t.person for t in holders.terms(*_PRESIDENCY)}
    found = []
    for match in _GOVERNMENT_OF.finditer(text):
        if match["name"] in presidents:
            found.append(PersonMention.named(match, "대통령", None, "people.president"))
    term = holders.holder_on(*_PRESIDENCY, day) if day else None
    if term is None:
        return found
    for match in _PRESIDENT_BY_SURNAME.finditer(text):
        surname = match["surname"] or _HANJA_SURNAMES[match["hanja"]]
        if term.person.startswith(surname):
            group = "surname" if match["surname"] else "hanja"
            found.append(
                PersonMention(
                    match.start(group),
                    match.end(group),
                    term.person,
                    "대통령",
                    None,
                    "people.president",
                )
            )
    return found


_PRESIDENCY = ("대한민국", "대통령")


def find_people(text: str, orgs: Sequence[OrgSpan]) -> list[PersonMention]:
    """Every person-in-role mention; ``orgs`` are the organisation mentions of ``text``."""
    found: list[PersonMention] = []
    taken: set[int] = set()

    def add(mention: PersonMention) -> None:
        if mention.start in taken or mention.name in NOT_NAMES:
            return
        if _word_with_particle(mention.name) or any(
            o.start <= mention.start < o.end
            for o in orgs  # 문체부 in 문체부 해외문화홍보원장
        ):
            return
        taken.add(mention.start)
        found.append(mention)

    # 과학기술정보통신부 장관에 조동호(63) … 교수, 장관 후보자로 A를 지명: a nominee.
    for org in orgs:
        nominee = _NOMINEE.match(text, org.end)
        if nominee is not None and org.label == "Ministry":
            add(
                PersonMention(
                    nominee.start("name"),
                    nominee.end("name"),
                    nominee["name"],
                    "장관 후보자",
                    org,
                    "people.nominee",
                )
            )
    for mention in _appointed(text, orgs):
        add(mention)
    for mention in _promoted(text, orgs):
        add(mention)
    for mention in _ministry_filled(text, orgs):
        add(mention)
    for mention in _respectively(text, orgs):
        add(mention)
    # 홍남기 부총리 겸 기획재정부 장관: a deputy prime minister who heads a ministry.
    for org in orgs:
        role = ROLE_AFTER.match(text, org.end)
        before = _DEPUTY_PM.search(text, max(0, org.start - 28), org.start)
        if role is not None and role["role"] == "장관" and before is not None:
            add(
                PersonMention(
                    before.start("name"),
                    before.end("name"),
                    before["name"],
                    "장관",
                    org,
                    "people.deputy_pm",
                )
            )
    for match in BRACKETED.finditer(text):
        org = _org_ending_at(orgs, match.start())
        if org is not None:
            add(
                PersonMention(
                    match.start("name"),
                    match.end("name"),
                    match["name"],
                    match["role"],
                    org,
                    "people.org_bracketed",
                )
            )
            if match["second"]:
                add(
                    PersonMention(
                        match.start("second"),
                        match.end("second"),
                        match["second"],
                        match["role"],
                        org,
                        "people.org_bracketed",
                    )
                )
    # NAME ORG ROLE: an organisation right after a name, then a role.
    for org in orgs:
        role = ROLE_AFTER.match(text, org.end)
        before = NAME_BEFORE.search(text, max(0, org.start - 8), org.start)
        if before is None:
            continue
        if role is not None:
            title = role["role"]
        else:
            # 하정우 네이버 클로바 AI랩 연구소장, 추광호 한경협 중소기업협력센터 소장: a unit
            # of the body between it and the title; the person works for the body.
            unit = _UNIT_THEN_ROLE.match(text, org.end)
            if unit is None:
                continue
            title = f"{unit['unit']} {unit['role']}"
        add(
            PersonMention(
                before.start("name"),
                before.end("name"),
                before["name"],
                title,
                org,
                "people.name_org_role",
            )
        )
    for match in NAME_ROLE.finditer(text):
        name, role = match["name"], match["role"]
        org = _org_ending_at(orgs, match.start("name"))
        unit = None if org is not None else _org_before_unit(text, orgs, match.start("name"))
        if org is not None:
            add(
                PersonMention(
                    match.start("name"), match.end("name"), name, role, org, "people.org_name_role"
                )
            )
        elif unit is not None:
            body, unit_name = unit
            add(
                PersonMention(
                    match.start("name"),
                    match.end("name"),
                    name,
                    f"{unit_name} {role}",
                    body,
                    "people.org_unit_name_role",
                )
            )
        elif (
            match.start("name") not in taken
            and not any(o.start <= match.start("name") < o.end for o in orgs)  # 한전 사장
            # 방승찬 한국전자통신연구원장: a body's name and 장 is the title of its head.
            and not any(_fused_title(text, o, match.start("role"), match.end("role")) for o in orgs)
            and (
                _looks_like_name(name, text[match.start("name") : match.end()])
                or _trusted(name, role)
                # 이상중 신임 원장: a word of tenure before the role follows only a name.
                or (_TENURE_BEFORE_ROLE.search(match.group()) and name not in NOT_NAMES)
            )
        ):
            add(
                PersonMention(
                    match.start("name"), match.end("name"), name, role, None, "people.name_role"
                )
            )
            first = match["first"]
            if first and (_looks_like_name(first, first) or _trusted(first, role)):
                add(
                    PersonMention(
                        match.start("first"),
                        match.end("first"),
                        first,
                        role,
                        None,
                        "people.name_role",
                    )
                )
    for mention in _role_then_name(text, orgs):
        add(mention)
    # 조홍래 이노비즈 협회장, 오세훈 서울시장, 김동연 경기도지사: the role word fused with
    # the organisation's last syllable.
    for org in orgs:
        head = _fused_head(text, org)
        if head is None:
            continue
        role, role_end = head
        before = NAME_BEFORE.search(text, max(0, org.start - 12), org.start)
        after = _NAME_AFTER.match(text, role_end - 1)
        # 부활한 해양경찰청장, 최초 행복청장: a modifier, shaped like a name, is no person.
        if before is not None and (
            before["name"][:2] in NOT_NAMES or before["name"][-1] in "한된던"
        ):
            before = None
        if before is not None:
            start, end, name = before.start("name"), before.end("name"), before["name"]
        elif after is not None and org.label != "Organization":
            start, end, name = after.start("name"), after.end("name"), after["name"]
        else:
            continue
        add(PersonMention(start, end, name, role, org, "people.fused_role", heads_body=True))
    return sorted(found, key=lambda m: m.start)
