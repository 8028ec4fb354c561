"""Relationships between the mentions of one document, each with its evidence.

HOSTS, PARTNERS_WITH, HEADS and WORKS_FOR are read here, sentence by sentence;
PARTICIPATES_IN in `loaders.participation`; FUNDS in `loaders.funding`; SUCCEEDS and
PART_OF in `loaders.lineage`; the grammar they share (subject, co-actors, object) in
`loaders.clauses`. A name in brackets after a programme is its host. A sentence without
an explicit subject continues the organisation most recently mentioned before it
(press releases drop repeated subjects), unless its subject is no single body (정부는,
3개 부처는); 양사는 after an agreement is its parties.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from itertools import combinations
from typing import TypeVar

from loaders.clauses import (
    AGREEMENT_TITLE,
    GOVERNMENT,
    Extracted,
    SentenceView,
    co_actors_of,
    followed_by_object,
    heads_object,
    listed_with,
    mentions_label,
    nested_in,
    sentence_date,
    subjects_of,
)
from loaders.funding import FOLLOW_ON, fund_edges, funded_by_list, funds_it, topic_makers
from loaders.gazetteer import default_gazetteer
from loaders.lexicon import pattern, words
from loaders.lineage import (
    bulleted_parts,
    known_parents,
    meeting_successions,
    office_successions,
    reorganisations,
    stated_lineage,
)
from loaders.mentions import DocumentMentions, Mention, bracketed_host, clause_host
from loaders.participation import (
    OPERATOR_OF,
    PLACE_AFTER,
    SELECTED_AS,
    SELECTION_LIST,
    joined_by_list,
    joining_edges,
    launch_attended,
    listed_members,
    meeting_edges,
    members_named_after,
    programme_edges,
)
from loaders.patterns import CLOSE_QUOTE, NOTE
from loaders.people import STAFF_ROLES, PersonMention
from loaders.rules import RuleSet, default_rules
from loaders.sentences import Sentence
from loaders.terms import valid_time

# Posts only a ministry has: without a body named, the article's ministry is meant.
MINISTRY_ROLES = frozenset({"장관", "장관 후보자", *(r for r in STAFF_ROLES if r.endswith("차관"))})

T = TypeVar("T")

_OTHER_SUBJECT = re.compile(
    r"(?:[^\s]+\s)?(?:정부|당국|업계|양사|양측|양\s?기관|\d+개\s?(?:부처|기관|사|기업))(?:는|은|가|이|도)\s"
)

_PAIR_SUBJECT = re.compile(r"(?:[^\s]+\s)?(?:(?:두|양)\s?(?:기관|회사|측)|양사)(?:은|는|이|가)\s")

_HOST_VERBS = pattern("verbs.host")
_CONTRIBUTION = re.compile(r"출자|출연|조성|결성")


_QUOTES = "'‘’`\"“”「」『』 "

# 업무협약은 …, 협약식에는 …: a sentence about the agreement just told, listing its parties.
# 이날 협약 체결식에는 … 참석했다: who attended the signing, not who signed.
_CEREMONY = re.compile(
    r"(?:이날\s|이번\s)?(?:업무\s?)?(?:협약\s?)?(?:체결식|협약식|서명식|출범식)(?:에는|에)\s(?=.*참석)"
)
_ABOUT_AGREEMENT = re.compile(r"(?:이번\s|이날\s)?(?:업무\s?)?협약(?:식)?(?:에는|은|에)\s")


_VIA = re.compile(r"\s?(?:을|를)\s통해\s")
_HELD = re.compile(r"(?:열린|개최된|진행된)\s['‘\"“]?$")
# 과학기술정보통신부의 제5차 인공지능 최고위 전략대화, 중기부의 '비대면 바우처': a public
# body's own meeting or programme.
_PARENT_OF = re.compile(r"\s?(?:산하|소속|산하의|소속의)\s")
_POSSESSIVE = re.compile(r"의\s?['‘\"“]?$")
# 금융보안원 '금융데이터거래소', 행정안전부 '공공데이터포털': a body and its own quoted name.
_APPOSED = re.compile(r"\s?['‘\"“]")

_THROUGH = re.compile(rf"{CLOSE_QUOTE}\s?(?:사업)?\s?(?:을|를)\s통해")

_MEETING_VERBS = pattern("verbs.meeting")

_AGREEMENT = pattern("verbs.agreement")

_COOPERATION = pattern("verbs.cooperation")

# 운영사로 참여한다, 주관기관인 KT: the verb's noun names a role, not the running of it.
_ROLE_NOUN_AFTER = re.compile(r"사(?:로|인|는|가|를|에|$)|기관|사업자|자로|자인|자는")


def _hosting_verb(verbs: re.Pattern[str], sentence_text: str) -> bool:
    return any(
        not _ROLE_NOUN_AFTER.match(sentence_text, m.end()) for m in verbs.finditer(sentence_text)
    )


_PURPOSE_AFTER = re.compile(rf"{CLOSE_QUOTE}\s?(?:을|를)\s위(?:한|해|하여)\s")
_FUND_PUTS_IN = re.compile(rf"{CLOSE_QUOTE}\s?(?:이|가|도|에서)\s(?:총\s|약\s|각각\s)?\d")
_LOCATION_AFTER = re.compile(rf"(?:\([^)]*\))?{CLOSE_QUOTE}\s?에서")


_VENUE_AFTER = re.compile(rf"{NOTE}\s?에서(?!는)\s")


# 이 사업은 한국정보화진흥원이 주관한다: the host of the programme just named.
_THIS_PROGRAMME = re.compile(
    r"(?<![가-힣])(?:이|이번|해당|본)\s?(?:사업|프로그램|펀드|실증|과제|프로젝트)"
)

_RUNS_IT = re.compile(
    rf"\s?{NOTE}\s?(?:이|가)\s(?:[가-힣]+\s)?(?:주관|운영|맡|전담|총괄|수행|관리)"
)
_TOPIC_AFTER = re.compile(r"(?:은|는)\s")
# 'X 연구'에 착수한다: the subject starts (and so runs) X.
_STARTS_ON = re.compile(rf"{CLOSE_QUOTE}\s?에\s(?:본격\s|본격적으로\s)?착수")


def _within(m: Mention, s: Sentence) -> bool:
    return s.start <= m.start and m.end <= s.end


def extract_relations(
    text: str,
    doc_id: str,
    published: str | None,
    sentences: list[Sentence],
    mentions: DocumentMentions,
    rules: RuleSet | None = None,
) -> Extracted:
    """Every edge the rules make from this document, and what they proposed but dropped."""
    out = Extracted(rules or default_rules())
    views = list(_views(sentences, mentions))
    person_orgs, office_staff = _person_orgs(text, views, mentions)
    recent_org: str | None = None
    hosts: dict[str, set[str]] = {}
    last_funded: tuple[int, str] | None = None
    last_programme: Mention | None = None
    last_fund: Mention | None = None  # the fund named last, which 출자 may go on about
    last_meeting: Mention | None = None
    held: dict[str, int] = {}  # mentions of each meeting so far
    signer: str | None = None
    named: list[Mention] = []  # every programme mention so far, in order
    for view in views:
        view.person_org = person_orgs
        _people_edges(text, view, mentions, published, doc_id, out, office_staff)
        subjects = _pair_after_agreement(view, out) or subjects_of(text, view)
        # 정부는 …, 양사는 …: a subject that is no single organisation continues nobody.
        continues = recent_org is not None and not _OTHER_SUBJECT.match(view.sentence.text)
        implied = subjects or ([recent_org] if continues else [])
        _host_edges(text, view, subjects, published, doc_id, out, hosts)
        _partner_edges(text, view, implied, published, doc_id, out, mentions, signer)
        if implied and _AGREEMENT.search(view.sentence.text):
            signer = implied[0]  # who signed the agreement this sentence tells
        last_funded = fund_edges(
            text, view, implied, doc_id, out, mentions, last_funded, last_programme, last_fund
        )
        if last_funded is not None and view.sentence.start - last_funded[0] > FOLLOW_ON:
            last_funded = None
        programme_edges(text, view, subjects, doc_id, out, hosts)
        joining_edges(text, view, last_programme, doc_id, out)
        listed_members(text, view, last_programme, named, doc_id, out, hosts)
        meeting_edges(text, view, last_meeting, last_programme, doc_id, out, hosts)
        _referred_host_edges(text, view, last_programme, doc_id, out, hosts)
        if view.programmes:
            last_programme = max(view.programmes, key=lambda p: p.start)
            funds = [p for p in view.programmes if p.label == "Fund"]
            last_fund = max(funds, key=lambda p: p.start) if funds else last_fund
            named.extend(sorted(view.programmes, key=lambda p: p.start))
        meetings = [p for p in view.programmes if p.label == "Meeting"]
        for meeting in sorted(meetings, key=lambda p: p.start):
            # 이날 회의에는 …: the meeting the article is about, the one named most often
            # so far (a meeting named in passing since does not take its place).
            held[meeting.node] = held.get(meeting.node, 0) + 1
            if last_meeting is None or held[meeting.node] > held[last_meeting.node]:
                last_meeting = meeting
        if view.orgs:
            recent_org = max(view.orgs, key=lambda o: o.start).node
    stated_lineage(text, views, mentions, doc_id, out)
    meeting_successions(text, views, mentions, published, doc_id, out, hosts)
    office_successions(text, views, doc_id, out)
    known_parents(views, mentions, doc_id, out)
    bulleted_parts(text, views, doc_id, out)
    reorganisations(views, mentions, doc_id, out)
    return out


def _pair_after_agreement(view: SentenceView, out: Extracted) -> list[str]:
    """두 기관은 / 양사는 …: the two parties of the agreement stated last, if any."""
    if not _PAIR_SUBJECT.match(view.sentence.text):
        return []
    pair = next((e for e in reversed(out.edges) if e.type == "PARTNERS_WITH"), None)
    return [pair.source, pair.target] if pair is not None else []


def _by_sentence(
    sentences: list[Sentence], items: list[T], start_of: Callable[[T], int]
) -> list[list[T]]:
    """The items that start in each sentence, in one pass over both (linear in the
    document, however many sentences and mentions it has)."""
    ordered = sorted(items, key=start_of)
    starts = [start_of(item) for item in ordered]
    return [ordered[bisect_left(starts, s.start) : bisect_left(starts, s.end)] for s in sentences]


def _views(sentences: list[Sentence], mentions: DocumentMentions) -> Iterator[SentenceView]:
    programme_lists = _by_sentence(sentences, mentions.programmes, lambda m: m.start)
    org_lists = _by_sentence(sentences, mentions.orgs, lambda m: m.start)
    people_lists = _by_sentence(sentences, mentions.people, lambda mp: mp[0].start)
    for s, in_programmes, in_orgs, in_people in zip(
        sentences, programme_lists, org_lists, people_lists, strict=True
    ):
        programmes = [m for m in in_programmes if _within(m, s)]
        named = [m for m in in_orgs if _within(m, s)]
        orgs = [m for m in named if not nested_in(m, programmes)]
        people = [(m, p) for m, p in in_people if _within(m, s)]
        inner = [m for m in named if m not in orgs]
        yield SentenceView(s, orgs, people, programmes, inner_orgs=inner)


_PRESIDENTIAL_STAFF = words("roles.presidential_office")
_PRESIDENTIAL_OFFICE = ("Agency", "대통령실")  # 청와대 is its alias


def _presidential_office(person: PersonMention, mentions: DocumentMentions) -> str | None:
    """박수경 과학기술보좌관, 이호승 경제수석: the president's staff, with no body named."""
    if not person.role.endswith(_PRESIDENTIAL_STAFF) or "정책보좌관" in person.role:
        return None
    entry = default_gazetteer().lookup(_PRESIDENTIAL_OFFICE[1])
    props = {"name_en": entry.name_en} if entry is not None and entry.name_en else {}
    node = mentions.add_node(*_PRESIDENTIAL_OFFICE, **props)
    node.rules.add("people.presidential_staff")
    return node.id


def _person_orgs(
    text: str, views: list[SentenceView], mentions: DocumentMentions
) -> tuple[dict[int, str], set[int]]:
    """The organisation of each person mention: stated, nearest before it, or seen before;
    else the presidential office for the president's staff. Also returns the starts of
    the mentions placed in that office this way (their edges name that rule)."""
    office_staff: set[int] = set()
    known: dict[tuple[str, str], str] = {}
    result: dict[int, str] = {}
    pending: list[tuple[Mention, PersonMention, SentenceView]] = []
    for view in views:
        for mention, person in view.people:
            org = None
            if person.org is not None:
                org = next((o.node for o in view.orgs if o.start == person.org.start), None)
            if org is not None:
                known[(mention.node, person.role)] = org
                result[mention.start] = org
            else:
                pending.append((mention, person, view))
    ministries = [o for v in views for o in v.orgs if o.label == "Ministry"]
    for mention, person, view in pending:
        org = known.get((mention.node, person.role))
        # 기상청장에 A 경북대 교수, 위원장에 B: an appointment names the post before the
        # person, so the body before the name is not the post's.
        guess = person.rule != "people.appointed" or person.role in MINISTRY_ROLES
        if org is None and guess:
            # 청와대에서는 A 비서실장, B 국가안보실장, C 민정수석: a body inside someone's
            # title (국가안보실+장) is that person's, not the context of the next name.
            titles = [_title_span(text, m, p) for m, p in view.people]
            owned = {p.org.start for _, p in view.people if p.org is not None}
            before = [
                o
                for o in view.orgs
                if o.end <= mention.start
                and o.start not in owned
                and not any(a <= o.start < b for a, b in titles)
            ]
            if person.role in MINISTRY_ROLES:
                # 정 장관이 주재했다, 2차관에는 …: the ministry the article named last before.
                before = [o for o in before if o.label == "Ministry"] or [
                    o for o in ministries if o.end <= mention.start
                ]
            org = max(before, key=lambda o: o.end).node if before else None
        if org is None:
            org = _presidential_office(person, mentions)
            if org is not None:
                office_staff.add(mention.start)
        if org is not None:
            result[mention.start] = org
            known.setdefault((mention.node, person.role), org)
    return result, office_staff


def _title_span(text: str, mention: Mention, person: PersonMention) -> tuple[int, int]:
    """Where the person's role is written (서훈 국가안보실장: the span of 국가안보실장)."""
    start = text.find(person.role, mention.end, mention.end + len(person.role) + 3)
    return (start, start + len(person.role)) if start >= 0 else (mention.end, mention.end)


def _people_edges(
    text: str,
    view: SentenceView,
    mentions: DocumentMentions,
    published: str | None,
    doc_id: str,
    out: Extracted,
    office_staff: set[int],
) -> None:
    for mention, person in view.people:
        org = view.person_org.get(mention.start)
        if org is None or person.of_state:
            continue
        rel = "HEADS" if person.heads else "WORKS_FOR"
        staff = mention.start in office_staff
        rule = "people.presidential_staff" if staff else person.rule
        term = valid_time(
            text,
            view,
            mention,
            mentions.nodes[org].name,
            person.role,
            mentions.nodes[mention.node].name,
            published,
        )
        out.add(
            rule,
            rel,
            mention.node,
            org,
            view,
            doc_id,
            role=person.role,
            as_of=published,
            **term.props(),
        )
        node = mentions.nodes[mention.node]
        node.props.setdefault("role", f"{mentions.nodes[org].name} {person.role}")


def _host_edges(
    text: str,
    view: SentenceView,
    subjects: list[str],
    published: str | None,
    doc_id: str,
    out: Extracted,
    hosts: dict[str, set[str]],
) -> None:
    sentence_text = view.sentence.text
    government = [o for o in view.orgs if o.label in GOVERNMENT]
    has_verb: dict[re.Pattern[str], bool] = {}  # whether the sentence has a verb of each list
    for prog in view.programmes:
        if nested_in(prog, view.programmes) or AGREEMENT_TITLE.match(text, prog.end):
            continue
        if funded_by_list(text, view, prog):
            continue  # A, B 등 3개 부처가 출자한 X: they fund X (FUNDS), not run it
        if OPERATOR_OF.match(text, prog.end):
            continue  # 모태펀드 운용사인 한국벤처투자: the operator hosts it (participation)
        if _PURPOSE_AFTER.match(text, prog.end):
            continue  # 스마트 제조혁신을 위한 'X': the aim of a programme, not one run
        if launch_attended(text, prog):
            continue  # 'X' 출범식에는 A, B가 참석했다: guests of the launch take part
        if prog.label == "Fund" and _FUND_PUTS_IN.match(text, prog.end):
            continue  # 성장사다리펀드가 1200억원을 출자: a fund that invests is run by no one here
        if prog.label == "Fund" and (funds_it(text, prog) or topic_makers(text, view, prog)):
            continue  # 'X 펀드'를 조성했다: its makers fund it (FUNDS)
        date = sentence_date(text, view.sentence, published) if prog.label == "Meeting" else None
        owner = next(
            (
                o
                for o in government
                if o.end <= prog.start
                and prog.start - o.end <= 3
                and (
                    _POSSESSIVE.search(text, o.end, prog.start)
                    or _APPOSED.fullmatch(text, o.end, prog.start + 1)
                )
            ),
            None,
        )
        if owner is not None and not SELECTED_AS.match(text, prog.end):
            out.add("hosts.possessive", "HOSTS", owner.node, prog.node, view, doc_id, date=date)
            hosts.setdefault(prog.node, set()).add(owner.node)
            continue
        host = bracketed_host(text, prog.end, view.orgs) or clause_host(text, prog.start, view.orgs)
        if host is not None:
            # 과기정통부와 정보통신산업진흥원이 추진하는 X: both host it.
            orgs = sorted(view.orgs, key=lambda o: o.start)
            for org in listed_with(text, orgs, orgs.index(host)):
                out.add("hosts.named_host", "HOSTS", org.node, prog.node, view, doc_id, date=date)
                hosts.setdefault(prog.node, set()).add(org.node)
            continue
        named = next(
            (
                o
                for o in view.inner_orgs
                if prog.start <= o.start < prog.end
                and not text[prog.start : o.start].strip(_QUOTES)
            ),
            None,
        )
        if named is not None:  # KT 스마트 팩토리 얼라이언스: the programme carries its host's name
            out.add("hosts.name_carries_host", "HOSTS", named.node, prog.node, view, doc_id)
            hosts.setdefault(prog.node, set()).add(named.node)
            continue
        verbs = _MEETING_VERBS if prog.label == "Meeting" else _HOST_VERBS
        if verbs not in has_verb:
            has_verb[verbs] = _hosting_verb(verbs, sentence_text)
        governing = [s for s in subjects if mentions_label(view, s) in GOVERNMENT]
        # 진흥원은 '데이터 바우처 지원사업'을 통해 … 돕는다: a public body's own means.
        through = bool(subjects) and governing == subjects and _THROUGH.match(text, prog.end)
        # 과기정통부, 클라우드 사업 중간점검 및 추경사업안 설명회: a headline names its
        # subject's meeting without a verb.
        titled = (
            view.sentence.start == 0
            and prog.label == "Meeting"
            and bool(governing)
            and prog.end >= view.sentence.end - 2
        )
        if _LOCATION_AFTER.match(text, prog.end) or not (has_verb[verbs] or through or titled):
            continue
        if prog.label == "Meeting" and _HELD.search(text, max(0, prog.start - 8), prog.start):
            continue  # … 열린 X회의에서: held by someone the sentence does not name
        # … 협약(자상한 기업)을 체결한 것은 KT가 최초다: the company is no host here.
        actors = [] if government and not governing else subjects
        if (
            SELECTED_AS.match(text, prog.end)
            or joined_by_list(text, view, prog)
            or members_named_after(text, prog)
        ):
            continue  # 카카오가 X 주관기관으로 선정됐다, A가 참여하는 X: they take part
        # 중기부, 바우처 공급기업 추가 선정: a headline drops the object's particle.
        headline = view.sentence.start == 0 and bool(actors)
        if actors and (heads_object(text, prog) or headline or _STARTS_ON.match(text, prog.end)):
            # ORG는 X와 함께 Y를 운영, ORG는 Z를 통해 Y를 선정: a public co-actor or
            # intermediary co-hosts; companies take part.
            public = [
                c
                for c in [*co_actors_of(text, view), *_intermediaries(text, view, prog)]
                if c not in actors and mentions_label(view, c) in GOVERNMENT
            ]
            co_actors = [(c, "hosts.public_co_actor") for c in dict.fromkeys(public)]
            for subject, rule in [*((a, "hosts.subject_verb") for a in actors), *co_actors]:
                out.add(rule, "HOSTS", subject, prog.node, view, doc_id, date=date)
                hosts.setdefault(prog.node, set()).add(subject)
        elif (
            not actors
            and government
            and followed_by_object(text, prog)
            # 이번에 발족하는 X TF는 … 회의에서 …: the topic of the sentence, run by no one named
            and not _TOPIC_AFTER.match(text, prog.end)
            # X펀드는 … 출자금 1000억원으로 조성한다: the bodies named fund it, not run it.
            and not (prog.label == "Fund" and _CONTRIBUTION.search(sentence_text))
        ):
            # 중기부와 … 협약(자상한 기업)을 체결: government runs it, companies take part.
            for org in government:
                out.add(
                    "hosts.government_in_sentence",
                    "HOSTS",
                    org.node,
                    prog.node,
                    view,
                    doc_id,
                    date=date,
                )
                hosts.setdefault(prog.node, set()).add(org.node)


def _intermediaries(text: str, view: SentenceView, prog: Mention) -> list[str]:
    """한국벤처투자를 통해 X를 …: bodies through which the subject acts on X."""
    return [o.node for o in view.orgs if o.end <= prog.start and _VIA.match(text, o.end)]


def _partner_edges(
    text: str,
    view: SentenceView,
    implied: list[str],
    published: str | None,
    doc_id: str,
    out: Extracted,
    mentions: DocumentMentions,
    signer: str | None,
) -> None:
    sentence_text = view.sentence.text
    # 세종시에 …: a place; 환경부 산하 한국환경공단: the parent of a party, not a party.
    parties = [
        o
        for o in view.orgs
        if not PLACE_AFTER.match(text, o.end) and not _PARENT_OF.match(text, o.end)
    ]
    # 공단에서 … 협약을 체결: with two parties besides, a body followed by 에서 is the venue.
    venues = [o for o in parties if _VENUE_AFTER.match(text, o.end)]
    if len({o.node for o in parties} - {o.node for o in venues}) >= 2:
        parties = [o for o in parties if o not in venues]
    orgs = list(dict.fromkeys(o.node for o in parties))
    agreement = _AGREEMENT.search(sentence_text)
    if not (agreement or _COOPERATION.search(sentence_text)):
        return
    if not agreement and SELECTION_LIST.search(sentence_text):
        return  # 정예팀에는 A, B, C가 함께 한다: members of a programme, not partners
    if not agreement:
        # Cooperation without an agreement: only those who act together (the subjects,
        # and whoever they act with) are partners, not every name in a list
        # (구글코리아, 마이크로소프트 등 글로벌 기업도 협력 의사를 밝혔다).
        acting = dict.fromkeys([*subjects_of(text, view), *co_actors_of(text, view)])
        orgs = [o for o in acting if o in orgs]
    if len(orgs) < 2:
        co_actors = co_actors_of(text, view)
        if co_actors and implied and implied[0] not in co_actors:
            orgs = [implied[0], *co_actors]
        else:
            return
    name = None
    if agreement:
        s = view.sentence
        titled = [n for a, b, n in mentions.agreements if s.start <= a and b <= s.end]
        name = titled[0] if titled else None
        for prog in view.programmes:
            if AGREEMENT_TITLE.match(text, prog.end):
                name = mentions.nodes[prog.node].name
    date = sentence_date(text, view.sentence, published)
    pairs = list(combinations(orgs, 2))
    if not agreement:
        # 과기부는 A, B, C와 함께 설명회를 연다: each acts with the subject, not with one
        # another.
        subjects = [o for o in subjects_of(text, view) if o in orgs] or orgs[:1]
        pairs = [p for p in pairs if p[0] in subjects or p[1] in subjects]
    if _CEREMONY.match(sentence_text) and any(
        e.type == "PARTNERS_WITH" and e.evidence[0].start < view.sentence.start for e in out.edges
    ):
        return  # 협약식에는 A 사장, B 대표 … 참석했다: guests of the agreement already told
    if signer is not None and _ABOUT_AGREEMENT.match(sentence_text):
        # 협약에는 A, B, C가 참여했다: the members of the agreement just told, with its
        # signer, are its parties: one edge per pair.
        pairs = list(combinations(dict.fromkeys([signer, *orgs]), 2))
    for a, b in pairs:
        out.add(
            "partners.agreement" if agreement else "partners.acting_together",
            "PARTNERS_WITH",
            a,
            b,
            view,
            doc_id,
            date=date,
            agreement=name,
        )


def _referred_host_edges(
    text: str,
    view: SentenceView,
    last: Mention | None,
    doc_id: str,
    out: Extracted,
    hosts: dict[str, set[str]],
) -> None:
    """이 사업은 ORG가 주관한다: ORG hosts the programme named just before."""
    if last is None or last.label not in ("Program", "Fund"):
        return
    this = _THIS_PROGRAMME.search(view.sentence.text)
    # 이번 사업은 … 국가전략프로젝트로 선정돼 … A와 B가 수행하는 사업이다: a sentence about
    # the programme, opened by it, may name others on the way.
    opens = (
        this is not None
        and this.start() <= 3
        and _TOPIC_AFTER.match(view.sentence.text, this.end())
    )
    if this is None or (view.programmes and not opens):
        return
    orgs = sorted(view.orgs, key=lambda o: o.start)
    for i, org in enumerate(orgs):
        if org.label in GOVERNMENT and _RUNS_IT.match(text, org.end):
            for member in listed_with(text, orgs, i):
                if member.label in GOVERNMENT:
                    out.add(
                        "hosts.this_programme_run_by", "HOSTS", member.node, last.node, view, doc_id
                    )
                    hosts.setdefault(last.node, set()).add(member.node)
