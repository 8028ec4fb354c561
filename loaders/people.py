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
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.lexicon import words
from loaders.phrases import _kiwi

SURNAMES = (
    "남궁|황보|제갈|선우|독고|사공|서문|"
    "[김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원"
    "천방공현함변염여추도소석선설마길연위표명기반라왕금옥육인맹제모탁국어은편용예경봉사부태피]"
)
HEAD_ROLES = words("roles.head")
STAFF_ROLES = words("roles.staff")
# Offices of state named without a body: the person is extracted, with no HEADS edge.
STATE_ROLES = words("roles.state")
_ROLE_ALT = "|".join(sorted({*HEAD_ROLES, *STAFF_ROLES, *STATE_ROLES}, key=len, reverse=True))
_AFTER_ROLE = r"(?=[은는과와이가을를의도께,)\s“\"'’]|으로|에게|겸|$)"
_NAME = rf"(?<![가-힣])(?P<name>(?:{SURNAMES})[가-힣]{{1,2}})"
# ROLE NAME after a fused role (서울시장 오세훈은).
_NAME_AFTER = re.compile(rf"[장사]\s(?P<name>(?:{SURNAMES})[가-힣]{{1,2}}){_AFTER_ROLE}")
# ORG(ROLE NAME) — the organisation is checked by the caller.
BRACKETED = re.compile(
    rf"\(\s?(?P<role>{_ROLE_ALT})\s(?P<name>(?:{SURNAMES})[가-힣]{{1,2}})\s?[,)]"
)
NAME_ROLE = re.compile(rf"{_NAME}\s(?P<role>{_ROLE_ALT}){_AFTER_ROLE}")
ROLE_AFTER = re.compile(rf"\s?(?P<role>{_ROLE_ALT}){_AFTER_ROLE}")
# 배경훈 신임 과기정통부 장관: a word of tenure may stand between the name and the body.
NAME_BEFORE = re.compile(rf"{_NAME}\s?(?:(?:신임|전임|초대|차기|현)\s)?$")
# ORG 장관에 NAME(63) …, ORG 장관 후보자로 NAME, ORG 장관에 내정된 NAME.
_NOMINEE = re.compile(
    rf"\s?장관\s?(?:후보자로|후보자에|에|으로|직에)\s(?:(?:내정된|지명된|발탁된)\s)?"
    rf"(?P<name>(?:{SURNAMES})[가-힣]{{1,2}})(?=\s?\(|\s|,)"
)
_DEPUTY_PM = re.compile(rf"{_NAME}\s(?:경제|사회)?부총리\s?겸\s?$")
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

    @property
    def heads(self) -> bool:
        return self.role in HEAD_ROLES

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


def _org_starting_at(orgs: Sequence[OrgSpan], position: int) -> OrgSpan | None:
    for org in orgs:
        if org.start == position or org.start == position + 1:
            return org
    return None


def _looks_like_name(name: str, context: str) -> bool:
    if name in NOT_NAMES or name[:2] in NOT_NAMES:
        return False
    # Kiwi often splits an unknown name (최/NNP 기/NNG 영/NR): a proper noun must open
    # it and nothing but nominal pieces may make up the rest.
    tokens = [t for t in _kiwi().tokenize(context) if t.start < len(name)]
    return (
        bool(tokens)
        and tokens[0].tag == "NNP"
        and all(t.tag in ("NNP", "NNG", "NR", "NNB") for t in tokens)
    )


def _fused_role(text: str, org: OrgSpan) -> str | None:
    """The role whose first syllable is the organisation's last: 협회+장, 서울시+장, 경기도+지사."""
    surface = text[org.start : org.end]
    if org.name.endswith(("협회", "학회", "연합회", "중앙회")) and text.startswith("장", org.end):
        return "회장"
    if org.label == "Agency" and surface.endswith("시") and text.startswith("장", org.end):
        return "시장"
    if org.label == "Agency" and surface.endswith("도") and text.startswith("지사", org.end):
        return "도지사"
    return None


def find_people(text: str, orgs: Sequence[OrgSpan]) -> list[PersonMention]:
    """Every person-in-role mention; ``orgs`` are the organisation mentions of ``text``."""
    found: list[PersonMention] = []
    taken: set[int] = set()

    def add(mention: PersonMention) -> None:
        if mention.start not in taken and mention.name not in NOT_NAMES:
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
    # 홍남기 부총리 겸 기획재정부 장관: a deputy prime minister who heads a ministry.
    for org in orgs:
        role = ROLE_AFTER.match(text, org.end)
        before = _DEPUTY_PM.search(text, max(0, org.start - 16), org.start)
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
    # NAME ORG ROLE: an organisation right after a name, then a role.
    for org in orgs:
        role = ROLE_AFTER.match(text, org.end)
        before = NAME_BEFORE.search(text, max(0, org.start - 8), org.start)
        if role is None or before is None:
            continue
        add(
            PersonMention(
                before.start("name"),
                before.end("name"),
                before["name"],
                role["role"],
                org,
                "people.name_org_role",
            )
        )
    for match in NAME_ROLE.finditer(text):
        name, role = match["name"], match["role"]
        org = _org_ending_at(orgs, match.start("name"))
        if org is not None:
            add(
                PersonMention(
                    match.start("name"), match.end("name"), name, role, org, "people.org_name_role"
                )
            )
        elif (
            match.start("name") not in taken
            and not any(o.start <= match.start("name") < o.end for o in orgs)  # 한전 사장
            and _looks_like_name(name, match.group())
        ):
            add(
                PersonMention(
                    match.start("name"), match.end("name"), name, role, None, "people.name_role"
                )
            )
    # 조홍래 이노비즈 협회장, 오세훈 서울시장, 김동연 경기도지사: the role word fused with
    # the organisation's last syllable.
    for org in orgs:
        role = _fused_role(text, org)
        if role is None:
            continue
        before = NAME_BEFORE.search(text, max(0, org.start - 5), org.start)
        after = _NAME_AFTER.match(text, org.end + len(role) - 2)
        if before is not None:
            start, end, name = before.start("name"), before.end("name"), before["name"]
        elif after is not None and org.label != "Organization":
            start, end, name = after.start("name"), after.end("name"), after["name"]
        else:
            continue
        add(PersonMention(start, end, name, role, org, "people.fused_role"))
    return sorted(found, key=lambda m: m.start)
