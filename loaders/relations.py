"""Relationships between the mentions of one document, each with its evidence.

HOSTS, PARTNERS_WITH, PARTICIPATES_IN, HEADS and WORKS_FOR are read here, sentence
by sentence; FUNDS in `loaders.funding`; SUCCEEDS and PART_OF in `loaders.lineage`;
the grammar they share (subject, co-actors, object) in `loaders.clauses`. A name in
brackets after a programme is its host. A sentence without an explicit subject
continues the organisation most
recently mentioned before it (press releases drop repeated subjects), unless its
subject is no single body (정부는, 3개 부처는); 양사는 after an agreement is its parties.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

from graph.reference import office_holders
from graph.schema import label_of_id
from loaders.clauses import (
    GOVERNMENT,
    ORGANISATIONS,
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
from loaders.funding import FOLLOW_ON, fund_edges, funded_by_list
from loaders.lexicon import pattern
from loaders.lineage import (
    bulleted_parts,
    known_parents,
    meeting_successions,
    office_successions,
    reorganisations,
    stated_lineage,
)
from loaders.mentions import DocumentMentions, Mention, bracketed_host, clause_host
from loaders.patterns import CLOSE_QUOTE, NOTE
from loaders.people import STAFF_ROLES, PersonMention
from loaders.rules import RuleSet, default_rules
from loaders.sentences import Sentence

# Posts only a ministry has: without a body named, the article's ministry is meant.
MINISTRY_ROLES = frozenset({"장관", "장관 후보자", *(r for r in STAFF_ROLES if r.endswith("차관"))})

_OTHER_SUBJECT = re.compile(
    r"(?:[^\s]+\s)?(?:정부|당국|업계|양사|양측|양\s?기관|\d+개\s?(?:부처|기관|사|기업))(?:는|은|가|이|도)\s"
)

_PAIR_SUBJECT = re.compile(r"(?:[^\s]+\s)?(?:(?:두|양)\s?(?:기관|회사|측)|양사)(?:은|는|이|가)\s")

_HOST_VERBS = pattern("verbs.host")

_ATTENDS = pattern("verbs.attendance")
# 이번 회의는 …, 간담회에는 …: a sentence about the meeting just named.
_ABOUT_MEETING = re.compile(
    r"(?:이번\s|이날\s|이\s)?[가-힣]{0,8}(?:회의|간담회|행사|토론회|협의회|포럼|회의체|대화|만남|자리)"
    r"(?:에는|에서는|는|에)\s"
)

_QUOTES = "'‘’`\"“”「」『』 "

# 업무협약은 …, 협약식에는 …: a sentence about the agreement just told, listing its parties.
_ABOUT_AGREEMENT = re.compile(r"(?:이번\s|이날\s)?(?:업무\s?)?협약(?:식)?(?:에는|은|에)\s")

_SELECTED = re.compile(r"(?:최종\s)?선정(?:했|됐|되었|돼|한다|된다|하였)")

_VIA = re.compile(r"\s?(?:을|를)\s통해\s")

_THROUGH = re.compile(rf"{CLOSE_QUOTE}\s?(?:사업)?\s?(?:을|를)\s통해")

_MEETING_VERBS = pattern("verbs.meeting")

_AGREEMENT = pattern("verbs.agreement")

_COOPERATION = pattern("verbs.cooperation")

_LOCATION_AFTER = re.compile(rf"(?:\([^)]*\))?{CLOSE_QUOTE}\s?에서")

# 세종시에 …, 중기부에 따르면, 창업진흥원에서 열린: a place or a source, not a party.
_PLACE_AFTER = re.compile(rf"{NOTE}\s?에(?:\s|,|$|서\s?(?:열린|개최된|진행된))")

_VENUE_AFTER = re.compile(rf"{NOTE}\s?에서(?!는)\s")

_AGREEMENT_NAME = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:(?:을|를)?\s?위한\s?(?:업무\s?)?협약|업무\s?협약(?:을|를|\s)|MOU(?:를|\s))"
)

_ROLE_IN_PROGRAMME = re.compile(
    r"의\s(?P<role>공급기업|수행기관|참여기업|운영기관|수혜기업|협력사|파트너|참여기관|주관기관|전담기관)(?:인|으로|이)\s?$"
)

# … 업스테이지 등이 공급기업으로 참여한다: they join the programme just named.
_JOINS = re.compile(
    r"(?:\s?컨소시엄)?(?:\s?등)?\s?(?:이|가|도|은|는)\s(?:(?:[가-힣A-Za-z]+\s){0,2}?"
    r"(?P<role>공급기업|수요기업|수행기관|참여기업|운영기관|협력기관|참여기관|주관기관|컨소시엄|"
    r"우선협상대상자|사업자|수행사)(?:으로|로)\s)?(?:함께\s|공동으로\s|최종\s)?"
    r"(?:참여(?:한다|했다|하며|하고|할|해)|선정(?:됐|되었|돼))"
)

# 이 사업은 한국정보화진흥원이 주관한다: the host of the programme just named.
_THIS_PROGRAMME = re.compile(
    r"(?<![가-힣])(?:이|이번|해당|본)\s?(?:사업|프로그램|펀드|실증|과제|프로젝트)"
)

_RUNS_IT = re.compile(
    rf"\s?{NOTE}\s?(?:이|가)\s(?:[가-힣]+\s)?(?:주관|운영|맡|전담|총괄|수행|관리)"
)

_SELECTED_AS = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:사업)?(?:의)?\s(?P<role>주관사업자|주관기관|수행기관|사업자|운영기관|우선협상대상자|"
    r"공급기업|수행사|참여기업)(?:로|으로)\s(?:최종\s)?선정"
)

# 카카오는 카카오브레인과 컨소시엄을 구성해 사업에 참여했다.
_JOINS_AS_SUBJECT = re.compile(r"(?:사업|과제|프로젝트|실증)에\s(?:함께\s|공동으로\s)?참여")

_CONSORTIUM_WITH = re.compile(r"\s?(?:와|과)\s컨소시엄")

# A, B, C 등 21곳이다; A(산업안전), B(식품) 등 각 분야 4개 기관이 참여했다: the members of
# a list counted at its end, in a sentence that names no programme.
_COUNTED_LIST = re.compile(
    r"\s?등\s(?:각\s)?(?:[가-힣]+\s){0,2}?\d+\s?(?:여\s?)?(?:곳|개사|개소|개\s?(?:기관|기업|대학|단체|사)|개|명)"
    r"\s?(?:이다|이며|으로|이|가|을|를)"
)
_MEMBERSHIP = re.compile(r"이다|이며|참여|선정|포함|구성|수행|참석")
_LIST_REACH = 600  # characters from the programme named to the list of its members

# 'X'에는 A, B 등 200여개 기업이 참여하고 있다.
_JOINED_IN = re.compile(rf"{CLOSE_QUOTE}\s?(?:에는|엔|에)\s")


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
    person_orgs = _person_orgs(text, views)
    recent_org: str | None = None
    hosts: dict[str, set[str]] = {}
    last_funded: tuple[int, str] | None = None
    last_programme: Mention | None = None
    last_meeting: Mention | None = None
    held: dict[str, int] = {}  # mentions of each meeting so far
    signer: str | None = None
    named: list[Mention] = []  # every programme mention so far, in order
    for view in views:
        view.person_org = person_orgs
        _people_edges(view, mentions, published, doc_id, out)
        subjects = _pair_after_agreement(view, out) or subjects_of(text, view)
        # 정부는 …, 양사는 …: a subject that is no single organisation continues nobody.
        continues = recent_org is not None and not _OTHER_SUBJECT.match(view.sentence.text)
        implied = subjects or ([recent_org] if continues else [])
        _host_edges(text, view, subjects, published, doc_id, out, hosts)
        _partner_edges(text, view, implied, published, doc_id, out, mentions, signer)
        if implied and _AGREEMENT.search(view.sentence.text):
            signer = implied[0]  # who signed the agreement this sentence tells
        last_funded = fund_edges(
            text, view, implied, doc_id, out, mentions, last_funded, last_programme
        )
        if last_funded is not None and view.sentence.start - last_funded[0] > FOLLOW_ON:
            last_funded = None
        _programme_edges(text, view, subjects, doc_id, out, hosts)
        _joining_edges(text, view, last_programme, doc_id, out)
        _listed_members(text, view, last_programme, named, doc_id, out, hosts)
        _meeting_edges(view, last_meeting, last_programme, doc_id, out, hosts)
        _referred_host_edges(text, view, last_programme, doc_id, out, hosts)
        if view.programmes:
            last_programme = max(view.programmes, key=lambda p: p.start)
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


def _views(sentences: list[Sentence], mentions: DocumentMentions) -> Iterator[SentenceView]:
    for s in sentences:
        programmes = [m for m in mentions.programmes if _within(m, s)]
        named = [m for m in mentions.orgs if _within(m, s)]
        orgs = [m for m in named if not nested_in(m, programmes)]
        people = [(m, p) for m, p in mentions.people if _within(m, s)]
        inner = [m for m in named if m not in orgs]
        yield SentenceView(s, orgs, people, programmes, inner_orgs=inner)


def _person_orgs(text: str, views: list[SentenceView]) -> dict[int, str]:
    """The organisation of each person mention: stated, nearest before it, or seen before."""
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
        if org is None:
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
        if org is not None:
            result[mention.start] = org
            known.setdefault((mention.node, person.role), org)
    return result


def _title_span(text: str, mention: Mention, person: PersonMention) -> tuple[int, int]:
    """Where the person's role is written (서훈 국가안보실장: the span of 국가안보실장)."""
    start = text.find(person.role, mention.end, mention.end + len(person.role) + 3)
    return (start, start + len(person.role)) if start >= 0 else (mention.end, mention.end)


def _people_edges(
    view: SentenceView,
    mentions: DocumentMentions,
    published: str | None,
    doc_id: str,
    out: Extracted,
) -> None:
    for mention, person in view.people:
        org = view.person_org.get(mention.start)
        if org is None or person.of_state:
            continue
        rel = "HEADS" if person.heads else "WORKS_FOR"
        # The term the reference data records for this person in this office, if any.
        term = office_holders().term_of(
            mentions.nodes[org].name, person.role, mentions.nodes[mention.node].name, published
        )
        out.add(
            person.rule,
            rel,
            mention.node,
            org,
            view,
            doc_id,
            role=person.role,
            as_of=published,
            valid_from=term.start if term else None,
            valid_to=term.end if term else None,
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
    for prog in view.programmes:
        if nested_in(prog, view.programmes) or _AGREEMENT_NAME.match(text, prog.end):
            continue
        if funded_by_list(text, view, prog):
            continue  # A, B 등 3개 부처가 출자한 X: they fund X (FUNDS), not run it
        date = sentence_date(text, view.sentence, published) if prog.label == "Meeting" else None
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
        governing = [s for s in subjects if mentions_label(view, s) in GOVERNMENT]
        # 진흥원은 '데이터 바우처 지원사업'을 통해 … 돕는다: a public body's own means.
        through = bool(subjects) and governing == subjects and _THROUGH.match(text, prog.end)
        if _LOCATION_AFTER.match(text, prog.end) or not (verbs.search(sentence_text) or through):
            continue
        # … 협약(자상한 기업)을 체결한 것은 KT가 최초다: the company is no host here.
        actors = [] if government and not governing else subjects
        if _SELECTED_AS.match(text, prog.end) or joined_by_list(text, view, prog):
            continue  # 카카오가 X 주관기관으로 선정됐다, A가 참여하는 X: they take part
        # 중기부, 바우처 공급기업 추가 선정: a headline drops the object's particle.
        headline = view.sentence.start == 0 and bool(actors)
        if actors and (heads_object(text, prog) or headline):
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
        elif not actors and government and followed_by_object(text, prog):
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
    parties = [o for o in view.orgs if not _PLACE_AFTER.match(text, o.end)]
    # 공단에서 … 협약을 체결: with two parties besides, a body followed by 에서 is the venue.
    venues = [o for o in parties if _VENUE_AFTER.match(text, o.end)]
    if len({o.node for o in parties} - {o.node for o in venues}) >= 2:
        parties = [o for o in parties if o not in venues]
    orgs = list(dict.fromkeys(o.node for o in parties))
    agreement = _AGREEMENT.search(sentence_text)
    if not (agreement or _COOPERATION.search(sentence_text)):
        return
    if not agreement and _SELECTION_LIST.search(sentence_text):
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
            if _AGREEMENT_NAME.match(text, prog.end):
                name = mentions.nodes[prog.node].name
    date = sentence_date(text, view.sentence, published)
    pairs = list(combinations(orgs, 2))
    if signer is not None and _ABOUT_AGREEMENT.match(sentence_text):
        # 협약에는 A, B, C가 참여했다: each signed with the party of the agreement just
        # told, not with one another.
        pairs = [(signer, o) for o in orgs if o != signer]
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


def _programme_edges(
    text: str,
    view: SentenceView,
    subjects: list[str],
    doc_id: str,
    out: Extracted,
    hosts: dict[str, set[str]],
) -> None:
    programmes = [p for p in view.programmes if not nested_in(p, view.programmes)]
    for prog in programmes:
        # 카카오가 … 'X'의 주관사업자로 선정됐다: the subject takes part in that role.
        selected = _SELECTED_AS.match(text, prog.end)
        for subject in subjects if selected else []:
            if mentions_label(view, subject) in ("Company", "Organization"):
                out.add(
                    "participates.selected_as",
                    "PARTICIPATES_IN",
                    subject,
                    prog.node,
                    view,
                    doc_id,
                    role=selected["role"],
                )
        for org in view.orgs:
            role = _ROLE_IN_PROGRAMME.match(text[prog.end : org.start])
            if role and org.label in ORGANISATIONS:
                out.add(
                    "participates.role_in_programme",
                    "PARTICIPATES_IN",
                    org.node,
                    prog.node,
                    view,
                    doc_id,
                    role=role["role"],
                )
    # 'X' 공모 결과 A·B·C 등 6곳을 최종 선정했다; A와 B 등 5개 지역이 X 대상지로 선정됐다:
    # the bodies selected, other than who selects, take part in X.
    if _SELECTED.search(view.sentence.text):
        main = [p for p in programmes if p.label == "Program"]
        selecting = set(subjects)
        for prog in main[:1]:
            for org in view.orgs:
                if org.node in selecting or org.node in hosts.get(prog.node, set()):
                    continue
                if org.label != "Ministry" and not _PLACE_AFTER.match(text, org.end):
                    out.add(
                        "participates.selected_in_programme",
                        "PARTICIPATES_IN",
                        org.node,
                        prog.node,
                        view,
                        doc_id,
                    )
    for prog in programmes:
        for org in joined_by_list(text, view, prog):
            out.add(
                "participates.joining_clause", "PARTICIPATES_IN", org.node, prog.node, view, doc_id
            )
    # Companies and associations named with a government programme take part in it.
    government = any(o.label in GOVERNMENT for o in view.orgs)
    for prog in programmes:
        if prog.label in ("Meeting", "Fund") or _AGREEMENT_NAME.match(text, prog.end):
            continue  # an agreement's title names no programme to take part in
        joined_in = _JOINED_IN.match(text, prog.end) and "참여" in view.sentence.text
        if not (followed_by_object(text, prog) or joined_in):
            continue  # funders are FUNDS edges, attendees are not modelled from one mention
        hosted = hosts.get(prog.node, set())
        if not (government or hosted):
            continue
        for org in view.orgs:
            if org.label in ("Company", "Organization") and org.node not in hosted:
                out.add(
                    "participates.named_with_programme",
                    "PARTICIPATES_IN",
                    org.node,
                    prog.node,
                    view,
                    doc_id,
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
    if last is None or last.label not in ("Program", "Fund") or view.programmes:
        return
    if not _THIS_PROGRAMME.search(view.sentence.text):
        return
    for org in view.orgs:
        if org.label in GOVERNMENT and _RUNS_IT.match(text, org.end):
            out.add("hosts.this_programme_run_by", "HOSTS", org.node, last.node, view, doc_id)
            hosts.setdefault(last.node, set()).add(org.node)


def _meeting_edges(
    view: SentenceView,
    last_meeting: Mention | None,
    last: Mention | None,
    doc_id: str,
    out: Extracted,
    hosts: dict[str, set[str]],
) -> None:
    """장관이 주재하는 X회의: the chair's body hosts it; 회의에는 A, B가 참석했다: each attends.

    Attendees join the meeting of their sentence, else the meeting named last before it;
    참여 says the same when no programme was named since that meeting. A meeting's hosts
    are not counted among its attendees.
    """
    sentence = view.sentence.text
    meetings = [p for p in view.programmes if p.label == "Meeting"]
    if "주재" in sentence and meetings:
        for mention, person in view.people:
            org = view.person_org.get(mention.start)
            if org is not None and person.heads and label_of_id(org) in GOVERNMENT:
                for meeting in meetings:
                    out.add("hosts.chaired_meeting", "HOSTS", org, meeting.node, view, doc_id)
                    hosts.setdefault(meeting.node, set()).add(org)
    latest = last is not None and last_meeting is not None and last.start <= last_meeting.start
    about = last_meeting is not None and _ABOUT_MEETING.match(sentence) is not None
    joins = "참여" in sentence and not view.programmes and (latest or about)
    if not (_ATTENDS.search(sentence) or joins):
        return
    target = meetings[0] if meetings else last_meeting
    if target is None:
        return
    attendees = dict.fromkeys(
        [o.node for o in view.orgs]
        + [org for m, _ in view.people if (org := view.person_org.get(m.start)) is not None]
    )
    for org in attendees:
        if org not in hosts.get(target.node, set()):
            out.add(
                "participates.attends_meeting", "PARTICIPATES_IN", org, target.node, view, doc_id
            )


# A, B, C 등 20개 기업이 참여하는 X: the list of a participation clause before X.
_JOINING_CLAUSE = re.compile(
    r"(?:\s?등)?(?:\s?\d+\s?(?:여\s?)?(?:개|곳)\s?(?:[가-힣]+\s){0,2}?(?:기관|기업|사|곳|대학)?)?"
    r"\s?(?:이|가)?\s(?:함께\s|공동으로\s|컨소시엄으로\s)?참여(?:하는|한|할|하고\s있는|\s?중인)\s['‘\"“]?"
)


def joined_by_list(text: str, view: SentenceView, prog: Mention) -> list[Mention]:
    """The organisations of a participation clause right before ``prog``."""
    orgs = sorted((o for o in view.orgs if o.end <= prog.start), key=lambda o: o.start)
    for i in range(len(orgs) - 1, -1, -1):
        if _JOINING_CLAUSE.fullmatch(text, orgs[i].end, prog.start):
            return listed_with(text, orgs, i)
    return []


# 분야별 선정된 기관은 ▲…, 과제를 수행할 사업자로는 A, B …, 정예팀에는 A, B가 참여한다:
# a sentence that lists who was selected for, or joins, the programme just told.
_SELECTION_LIST = re.compile(
    r"(?:선정된|참여하는|참여한|수행할|수행하는|참여\s?기업은|참여\s?기관은)\s?(?:[가-힣]+\s)?"
    r"(?:기관|기업|사업자|곳|업체|대학|지자체|기관장|단체)?(?:은|는|으로는|로는|에는)\s"
    r"|(?:팀|컨소시엄|정예팀|연합체)(?:에는|엔)\s(?=.*(?:참여|함께\s?한))"
    # 중소기업으로는 A, B가 참여하고, 6개의 과제는 ▲…(선관위) ▲…(외교부):
    r"|[가-힣]{2,8}(?:으로는|로는)\s(?=.*참여)|(?:\d+\s?개의?\s)?과제(?:는|로는)\s(?=[▲△])"
)
# 얼라이언스엔 A, B가 참여했다, 협의회에 참여하는 …: a programme named again by its head word.
_HEAD_REFERENCE = re.compile(
    r"^(?:이번\s|이\s|해당\s)?(?P<head>[가-힣A-Za-z]{2,8}?)(?:엔|에는|에|의|은|는)\s"
)


def _referred_programme(view: SentenceView, named: list[Mention]) -> Mention | None:
    """The programme named before whose name ends in the word that opens the sentence."""
    head = _HEAD_REFERENCE.match(view.sentence.text)
    if head is None or len(head["head"]) < 2:
        return None
    matching = [
        p for p in named if p.label == "Program" and p.node.endswith(head["head"].casefold())
    ]
    if not matching:
        return None
    # Of the programmes so named, the one the article names most (the latest on a tie).
    counts = {p.node: sum(q.node == p.node for q in named) for p in matching}
    return max(reversed(matching), key=lambda p: counts[p.node])


def _listed_members(
    text: str,
    view: SentenceView,
    last: Mention | None,
    named: list[Mention],
    doc_id: str,
    out: Extracted,
    hosts: dict[str, set[str]],
) -> None:
    """A list of bodies counted at its end (A, B 등 21곳이다), or introduced as those
    selected or taking part (선정된 기관은 …, 정예팀에는 …가 참여한다), joins the programme
    just named, or the one the sentence names again by its head word (얼라이언스엔 …)."""
    if view.programmes:
        return
    referred = _referred_programme(view, named)
    target = referred or last
    if target is None or target.label != "Program":
        return
    if view.sentence.start - target.end > _LIST_REACH or not _MEMBERSHIP.search(view.sentence.text):
        return
    orgs = sorted(view.orgs, key=lambda o: o.start)
    sentence = view.sentence.text
    if _SELECTION_LIST.search(sentence) or (referred is not None and "참여" in sentence):
        for org in orgs:
            if org.node not in hosts.get(target.node, set()):
                out.add(
                    "participates.selection_list",
                    "PARTICIPATES_IN",
                    org.node,
                    target.node,
                    view,
                    doc_id,
                )
        return
    last = target
    for i, org in enumerate(orgs):
        if not _COUNTED_LIST.match(text, _after_note(text, org.end)):
            continue
        members = listed_with(text, orgs, i)
        if len(members) < 2:
            continue
        for member in members:
            if member.node not in hosts.get(last.node, set()):
                out.add(
                    "participates.counted_list",
                    "PARTICIPATES_IN",
                    member.node,
                    last.node,
                    view,
                    doc_id,
                )


def _after_note(text: str, end: int) -> int:
    """The end of a bracketed remark right after a name: 한국생산기술연구원(방산)."""
    note = re.match(r"\([^)]{0,30}\)", text[end : end + 32])
    return end + note.end() if note else end


def _joining_edges(
    text: str, view: SentenceView, last: Mention | None, doc_id: str, out: Extracted
) -> None:
    """Organisations that 참여 in a sentence naming no programme join the one just named."""
    if last is None or last.label != "Program" or view.programmes:
        return
    orgs = sorted(view.orgs, key=lambda o: o.start)
    if _JOINS_AS_SUBJECT.search(view.sentence.text):
        members = [o for o in orgs if o.node in subjects_of(text, view)]
        for i, org in enumerate(orgs):
            if _CONSORTIUM_WITH.match(text, org.end):
                members += listed_with(text, orgs, i)
        for member in members:
            if member.label in ("Company", "Organization"):
                out.add(
                    "participates.consortium_member",
                    "PARTICIPATES_IN",
                    member.node,
                    last.node,
                    view,
                    doc_id,
                )
    for i, org in enumerate(orgs):
        joins = _JOINS.match(text, org.end)
        if joins is None:
            continue
        for member in listed_with(text, orgs, i):
            if member.label in ("Company", "Organization"):
                out.add(
                    "participates.joins_programme_just_named",
                    "PARTICIPATES_IN",
                    member.node,
                    last.node,
                    view,
                    doc_id,
                    role=joins["role"],
                )
