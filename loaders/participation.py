"""PARTICIPATES_IN: who takes part in a programme or attends a meeting, and in what role.

Bodies selected for a programme (X의 주관사업자로 선정, X 공모 결과 A·B를 선정), named
with it, joining it (A, B가 참여하는 X; 컨소시엄을 구성해 참여), listed as its members
(A, B 등 21곳이다; 선정된 기관은 …; 정예팀에는 …), and the attendees of a meeting (회의에는
A, B가 참석했다), each with the sentence that says so. Hosts are never counted among
a programme's participants.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from graph.schema import label_of_id
from loaders.clauses import (
    AGREEMENT_TITLE,
    GOVERNMENT,
    ORGANISATIONS,
    Extracted,
    SentenceView,
    followed_by_object,
    listed_with,
    mentions_label,
    nested_in,
    subjects_of,
)
from loaders.lexicon import alternation, pattern
from loaders.mentions import Mention
from loaders.patterns import CLOSE_QUOTE, NOTE
from loaders.people import PersonMention

_ATTENDS = pattern("verbs.attendance")

# 이날 출범식에는 …: the ceremony that launches the programme just named.
_AT_LAUNCH = re.compile(
    rf"(?:이번\s|이날\s)?(?:{alternation('programme.launch_ceremonies')})(?:에는|에)\s"
)
# 'X' 출범식에는 A, B가 참석했다: the launch of the programme named before the ceremony.
_LAUNCH_OF = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:{alternation('programme.launch_ceremonies')})(?:에는|에)\s"
)


def launch_attended(text: str, prog: Mention) -> bool:
    """The programme's launch ceremony is where the sentence's bodies are."""
    return _LAUNCH_OF.match(text, prog.end) is not None


# 이번 회의는 …, 간담회에는 …: a sentence about the meeting just named.
_ABOUT_MEETING = re.compile(
    r"(?:이번\s|이날\s|이\s)?[가-힣]{0,8}(?:회의|간담회|행사|토론회|협의회|포럼|회의체|대화|만남|자리)"
    r"(?:에는|에서는|는|에)\s"
)

_SELECTED = re.compile(r"(?:선정|지정)(?:했|됐|되었|돼|한다|된다|하였)")
# … 등 9건을 혁신금융서비스로 신규 지정했다: the programme the bodies are selected for.
_SELECTED_FOR = re.compile(
    r"(?:\s?[가-힣]{1,8})?(?:으로|로)\s(?:최종\s?|신규\s?|추가\s?|각각\s)?(?:선정|지정)"
)

# 세종시에 …, 중기부에 따르면, 창업진흥원에서 열린: a place or a source, not a party.
PLACE_AFTER = re.compile(rf"{NOTE}\s?에(?:\s|,|$|서\s?(?:열린|개최된|진행된))")

# 공급기업, 수행기관, 운용사 …: the roles a body takes in a programme.
_ROLES = alternation("participation.roles")

_ROLE_IN_PROGRAMME = re.compile(rf"의\s(?P<role>{_ROLES})(?:인|으로|이)\s?$")

OPERATOR_OF = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:의\s?)?(?:운용사|운용기관|운영사|운영기관|전담기관|관리기관|위탁운용사)(?:인|로서|이자)\s"
)

# … 업스테이지 등이 공급기업으로 참여한다: they join the programme just named.
_JOINS = re.compile(
    r"(?:\s?컨소시엄)?(?:\s?등)?\s?(?:이|가|도|은|는)\s(?:(?:[가-힣A-Za-z]+\s){0,2}?"
    rf"(?P<role>{_ROLES})(?:으로|로)\s)?(?:함께\s|공동으로\s|최종\s)?"
    r"(?:참여(?:한다|했다|하며|하고|할|해|하기로)|선정(?:됐|되었|돼))"
)
# A 주관으로 B, C가 참여하기로 했다: the consortium's leader takes part too.
_LEADS = re.compile(r"\s?(?:이|가)?\s?주관(?:으로|하고|하며|해)\s")

SELECTED_AS = re.compile(
    # KT는 'X'의 운영사로 참여한다: taking part in that role, as a selection does.
    rf"{CLOSE_QUOTE}\s?(?:사업)?(?:의)?\s(?P<role>{_ROLES})(?:로|으로)\s(?:최종\s|함께\s)?(?:선정|참여|참가)"
)

# 카카오는 카카오브레인과 컨소시엄을 구성해 사업에 참여했다.
_JOINS_AS_SUBJECT = re.compile(r"(?:사업|과제|프로젝트|실증|공모)에\s(?:함께\s|공동으로\s)?참여")

# 카카오브레인과 컨소시엄을; A, B 등 9개 기업과 단국대와 함께 거버넌스를 구성해: partners
# of the subject in the bid.
_CONSORTIUM_WITH = re.compile(
    r"(?:\s?등\s?\d+\s?개\s?[가-힣]{0,4})?\s?(?:와|과)\s(?:함께\s)?"
    r"(?:컨소시엄|거버넌스|팀|협의체|연합체|(?:[가-힣]+\s)?(?:[가-힣]+와\s)?함께)"
)

# A, B, C 등 21곳이다; A(산업안전), B(식품) 등 각 분야 4개 기관이 참여했다: the members of
# a list counted at its end, in a sentence that names no programme.
_COUNTED_LIST = re.compile(
    r"\s?등\s(?:각\s)?(?:[가-힣]+\s){0,2}?\d+\s?(?:여\s?)?(?:곳|개사|개소|개\s?(?:기관|기업|대학|단체|사)|개|명)"
    r"\s?(?:이다|이며|으로|이|가|을|를)"
)

_MEMBERSHIP = re.compile(r"이다|이며|참여|선정|지정|포함|구성|수행|참석")

_SUBJECTS_JOIN = re.compile(
    r"(?:이|가|도)\s(?:함께\s|새로\s|공동으로\s|추가로\s)?(?:참여|참가)(?:한다|했다|하며|하고|해|할|하게|중이)"
)
_LIST_REACH = 600  # characters from the programme named to the list of its members

# 'X'에는 A, B 등 200여개 기업이 참여하고 있다.
_JOINED_IN = re.compile(rf"{CLOSE_QUOTE}\s?(?:에는|엔|에)\s")


def programme_edges(
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
        selected = SELECTED_AS.match(text, prog.end)
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
            runs = OPERATOR_OF.fullmatch(text, prog.end, org.start)
            if runs and org.label in ORGANISATIONS:
                # 모태펀드 운용사인 한국벤처투자: the body that operates it hosts it.
                out.add("hosts.operator_of", "HOSTS", org.node, prog.node, view, doc_id)
                hosts.setdefault(prog.node, set()).add(org.node)
                continue
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
        main = [p for p in main if _SELECTED_FOR.match(text, p.end)] or main
        selecting = set(subjects)
        for prog in main[:1]:
            for org in view.orgs:
                if org.node in selecting or org.node in hosts.get(prog.node, set()):
                    continue
                if org.label != "Ministry" and not PLACE_AFTER.match(text, org.end):
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
        if prog.label in ("Meeting", "Fund") or AGREEMENT_TITLE.match(text, prog.end):
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


def take_part(
    out: Extracted,
    rule: str,
    members: Iterable[str],
    target: str,
    view: SentenceView,
    doc_id: str,
    hosts: dict[str, set[str]],
) -> None:
    """Each member takes part in ``target``; its hosts are not counted among them."""
    for member in dict.fromkeys(members):
        if member not in hosts.get(target, set()):
            out.add(rule, "PARTICIPATES_IN", member, target, view, doc_id)


_NOT_THE_CHAIR = re.compile(rf"[은는]\s|{alternation('roles.state')}")
_CHAIR_REACH = 30  # characters from the chair's name to 주재 (NAME ORG 장관이 주재하는)


def _chairs(text: str, view: SentenceView) -> list[tuple[Mention, PersonMention]]:
    """The people who chair: each the last one named before a 주재, close to it
    (대통령 주재로 열린 회의에서 ORG(장관 NAME)는: the minister does not chair)."""
    chairs = []
    s = view.sentence
    for word in re.finditer("주재", s.text):
        at = s.start + word.start()
        before = [(m, p) for m, p in view.people if m.end <= at and at - m.end <= _CHAIR_REACH]
        if not before:
            continue
        chair = max(before, key=lambda mp: mp[0].end)
        # ORG(장관 NAME)는 … 대통령 주재로: a topic, then another's title, is not the chair.
        if not _NOT_THE_CHAIR.search(text, chair[0].end, at):
            chairs.append(chair)
    return chairs


def meeting_edges(
    text: str,
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
        for mention, person in _chairs(text, view):
            org = view.person_org.get(mention.start)
            if org is not None and person.heads and label_of_id(org) in GOVERNMENT:
                for meeting in meetings:
                    out.add("hosts.chaired_meeting", "HOSTS", org, meeting.node, view, doc_id)
                    hosts.setdefault(meeting.node, set()).add(org)
    for meeting in meetings:
        # 교육부는 18일 서울청사에서 열린 X회의에서 '…'을 발표했다: the subject takes part
        # in a meeting held (by someone else) where it speaks.
        if _HELD_BEFORE.search(view.sentence.text[: meeting.start - view.sentence.start]) and (
            _AT_AFTER.match(view.sentence.text, meeting.end - view.sentence.start)
        ):
            members = subjects_of(text, view)
            take_part(
                out, "participates.speaks_at_meeting", members, meeting.node, view, doc_id, hosts
            )
    # 과기정통부는 관계부처(교육부, 행안부 …) 합동으로 X 설명회를 개최: each takes part.
    joint = _JOINT_BODIES.search(sentence)
    if joint is not None and meetings:
        a, b = view.sentence.start + joint.start("list"), view.sentence.start + joint.end("list")
        joined = [o.node for o in view.orgs if a <= o.start < b]
        for meeting in meetings:
            take_part(out, "participates.joint_bodies", joined, meeting.node, view, doc_id, hosts)
    # No other programme named since the meeting (a later mention of it is the meeting).
    latest = (
        last is not None
        and last_meeting is not None
        and (last.start <= last_meeting.start or last.node == last_meeting.node)
    )
    about = last_meeting is not None and _ABOUT_MEETING.match(sentence) is not None
    # 간담회에는 10개 학회 학회장이 참석했다. 10개 학회는 A, B, C 등이다: the members of a
    # group counted among the attendees, named right after.
    group = _COUNTED_GROUP.match(sentence)
    if group is not None and last_meeting is not None and latest and not view.programmes:
        counted = f"{group['n']}개 {group['group']}"
        start = max(last_meeting.start, view.sentence.start - _GROUP_REACH)
        if counted.replace(" ", "") in text[start : view.sentence.start].replace(" ", ""):
            members = [o.node for o in view.orgs]
            rule = "participates.attends_meeting"
            take_part(out, rule, members, last_meeting.node, view, doc_id, hosts)
            return
    joins = "참여" in sentence and not view.programmes and (latest or about)
    if not (_ATTENDS.search(sentence) or joins):
        return
    attendees = dict.fromkeys(
        [o.node for o in view.orgs]
        + [org for m, _ in view.people if (org := view.person_org.get(m.start)) is not None]
    )
    # 'X' 출범식에는 A, B가 참석했다: the launch of the programme named before it.
    launched = [p for p in view.programmes if launch_attended(text, p)]
    if launched and _ATTENDS.search(sentence):
        rule = "participates.attends_launch"
        take_part(out, rule, attendees, launched[0].node, view, doc_id, hosts)
        return
    # 이날 출범식에는 A 사장, B 대표가 참석했다: the launch of the programme just named.
    if not meetings and not view.programmes and last is not None and _AT_LAUNCH.match(sentence):
        rule = "participates.attends_launch"
        take_part(out, rule, attendees, last.node, view, doc_id, hosts)
        return
    target = meetings[0] if meetings else last_meeting
    if target is None:
        return
    take_part(out, "participates.attends_meeting", attendees, target.node, view, doc_id, hosts)


_GROUP_REACH = 1000  # characters back in which the group was counted among attendees
_COUNTED_GROUP = re.compile(r"(?P<n>\d+)\s?개\s?(?P<group>[가-힣]{1,6})(?:은|는)\s")
_JOINT_BODIES = re.compile(
    r"(?:관계\s?)?(?:부처|기관)\s?\((?P<list>[^)]{4,200})\)\s?(?:합동|공동|함께)"
)
# … 열린 X회의에서 발표했다: a meeting held, where the subject acts.
_HELD_BEFORE = re.compile(r"(?:열린|개최된|진행된)\s['‘\"“]?$")
_AT_AFTER = re.compile(r"['’\"”]?\s?에서\s")

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
SELECTION_LIST = re.compile(
    r"(?:선정된|참여하는|참여한|수행할|수행하는)\s?(?:[가-힣]+\s)?"
    r"(?:기관|기업|사업자|곳|업체|대학|지자체|기관장|단체)?(?:은|는|으로는|로는|에는)\s"
    # 참여 기업은 A, B 등이다: those taking part, named as such.
    r"|(?:참여|선정|참가)\s?(?:기업|기관|업체|사|대학|단체)(?:은|는|으로는|로는)\s"
    r"|(?:팀|컨소시엄|정예팀|연합체|사업단|협의체)(?:에는|엔)\s(?=.*(?:참여|함께\s?한))"
    # 중소기업으로는 A, B가 참여하고, 6개의 과제는 ▲…(선관위) ▲…(외교부):
    r"|[가-힣]{2,8}(?:으로는|로는)\s(?=.*참여)|(?:\d+\s?개의?\s)?과제(?:는|로는)\s(?=[▲△])"
    # 운용사에는 A, B 등이 포함됐다; 공급기업은 A, B이다: the role a programme fills.
    rf"|(?:위탁\s?)?(?:{_ROLES})"
    r"(?:에는|엔|으로는|로는|은|는)\s(?=.*(?:포함|선정|참여|이다|입니다))"
    # 서비스가 2건(핀크, 페르소나시스템) 지정됐다: the bodies counted in brackets.
    r"|\d+\s?(?:건|개사|곳)\s?\((?=.*(?:지정|선정))"
)

# 얼라이언스엔 A, B가 참여했다, 협의회에 참여하는 …: a programme named again by its head word.
_HEAD_REFERENCE = re.compile(
    r"^(?:이번\s|이\s|해당\s)?(?P<head>[가-힣A-Za-z]{2,8}?)"
    # 이번 계획 수립에는 A, B가 참여했다: the work of making it.
    r"(?:\s(?:수립|마련|추진|개발|구축|운영|실증|조성))?(?:엔|에는|에|의|은|는)\s"
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
    counts = Counter(q.node for q in named)
    return max(reversed(matching), key=lambda p: counts[p.node])


# P-HIS 사업단에는 A, B, C가 참여한다: the members of the programme's team, named after it;
# '초거대 AI 협의회'에는 A, B, C 등이 참여한다, 'X'에 선정된 A, B, C는: of the programme itself.
_TEAM_AFTER = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:(?:사업단|컨소시엄|협의체|얼라이언스|연합체|정예팀|팀)?(?:에는|엔)\s"
    r"(?=.*(?:참여|참가|함께))"
    r"|에\s(?:최종\s|새로\s)?(?:선정된|참여한|참여하는|참가한|참가하는)\s)"
)


def members_named_after(text: str, prog: Mention) -> bool:
    """'X'에는 A, B가 참여한다, 'X'에 선정된 A, B는: the bodies after the name join it."""
    return _TEAM_AFTER.match(text, prog.end) is not None


def _members_of_named(
    text: str, view: SentenceView, doc_id: str, out: Extracted, hosts: dict[str, set[str]]
) -> None:
    for prog in view.programmes:
        team = _TEAM_AFTER.match(text, prog.end)
        if team is None or prog.label == "Meeting":
            continue
        members = [o.node for o in view.orgs if o.start >= team.end()]
        take_part(out, "participates.selection_list", members, prog.node, view, doc_id, hosts)
        return


def listed_members(
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
        _members_of_named(text, view, doc_id, out, hosts)
        return
    referred = _referred_programme(view, named)
    target = referred or last
    if target is None or target.label != "Program":
        return
    if view.sentence.start - target.end > _LIST_REACH or not _MEMBERSHIP.search(view.sentence.text):
        return
    orgs = sorted(view.orgs, key=lambda o: o.start)
    sentence = view.sentence.text
    if SELECTION_LIST.search(sentence) or (referred is not None and "참여" in sentence):
        members = [o.node for o in orgs]
        take_part(out, "participates.selection_list", members, target.node, view, doc_id, hosts)
        return
    # KBS, MBC 등 방송사와 IT 협회도 참여한다: the subjects join the programme just named.
    joining = _SUBJECTS_JOIN.search(sentence)
    if joining is not None:
        before = view.sentence.start + joining.start()
        members = [o.node for o in orgs if o.end <= before]
        take_part(out, "participates.selection_list", members, target.node, view, doc_id, hosts)
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


def joining_edges(
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
        leaders = [o for o in orgs[:i] if _LEADS.match(text, o.end)]
        for member in [*leaders, *listed_with(text, orgs, i)]:
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
