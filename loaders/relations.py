"""Relationships between the mentions of one sentence, each with its evidence.

The rules read the shape of Korean press-release sentences: the topic (ORG는)
does what the verb says; ORG와 공동으로 marks a co-actor; a name in brackets
after a programme is its host; X의 일환으로 makes a part; X에 이어 Y makes a
successor. A sentence without an explicit subject continues the organisation
most recently mentioned before it (press releases drop repeated subjects).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from graph.model import EdgeFact, Evidence
from loaders.dates import find_dates
from loaders.mentions import DocumentMentions, Mention, bracketed_host, clause_host
from loaders.money import Money, find_money
from loaders.people import PersonMention
from loaders.programmes import known_programme
from loaders.sentences import Sentence

GOVERNMENT = ("Ministry", "Agency")
ORGANISATIONS = ("Ministry", "Agency", "Company", "Organization")

_SUBJECT = re.compile(r"\s?(?:\([^)]{0,30}\))?\s?(?:은|는|이|가|에서는|에서|도)\s")
_JOINER = re.compile(r"\s?(?:\([^)]{0,30}\))?\s?(?:,|·|와|과|및)\s?")
_OTHER_SUBJECT = re.compile(
    r"(?:[^\s]+\s)?(?:정부|당국|업계|양사|양측|양\s?기관|\d+개\s?(?:부처|기관|사|기업))(?:는|은|가|이|도)\s"
)
_PAIR_SUBJECT = re.compile(r"(?:[^\s]+\s)?(?:(?:두|양)\s?(?:기관|회사|측)|양사)(?:은|는|이|가)\s")
_CONNECTOR = re.compile(r"\s?(?:\([^)]{0,30}\))?\s?(?:와|과|,|·|및)\s?$")
_HOST_VERBS = re.compile(
    r"개최|주재|주최|주관|운영|추진|시행|마련|발표|출범|조성|구축|도입|가동|수립|확정|신설|선정|"
    r"공모|모집|실시|착수|론칭|개발|시작|선보|보고했|보고한|보고하|의결|내놓"
)
_THROUGH = re.compile(r"['’`\"”」』]?\s?(?:사업)?\s?(?:을|를)\s통해")
_MEETING_VERBS = re.compile(r"개최|주재|주최|주관|열었|열린|열고|가동")
_FUND_VERBS = re.compile(r"조성|출연|출자|투자|투입|편성|결성|마련|지원")
_AGREEMENT = re.compile(r"협약|MOU|양해각서|맞손|손잡|손을\s?잡|파트너십|제휴")
_COOPERATION = re.compile(r"협력|공동|합동|협업|함께")
_CO_ACTOR = re.compile(
    r"\s?(?:\([^)]{0,30}\))?(?:,\s?[가-힣A-Za-z0-9]{2,15})*\s?(?:와|과)\s(?:공동으로|공동|함께|손잡고|협력해|협력하여)"
)
_OBJECT_AFTER = re.compile(
    r"['’`\"”」』)]*\s?(?:(?:을|를|이|가|은|는|도|와|과)(?![가-힣])|등\s|\(|사업[을를이가과와의]|의\s[가-힣]{1,6}(?:을|를)\s|"
    r"(?:가동|추진|운영|개최|출범|조성|시행|도입|구축|공모|모집|신청|시작|확대)|에\s?(?:착수|돌입|나선|참여))"
)
_LOCATION_AFTER = re.compile(r"(?:\([^)]*\))?['’`\"”」』]?\s?에서")
# 세종시에 …, 중기부에 따르면, 창업진흥원에서 열린: a place or a source, not a party.
_PLACE_AFTER = re.compile(r"(?:\([^)]{0,30}\))?\s?에(?:\s|,|$|서\s?(?:열린|개최된|진행된))")
_VENUE_AFTER = re.compile(r"(?:\([^)]{0,30}\))?\s?에서(?!는)\s")
_AGREEMENT_NAME = re.compile(
    r"['’`\"”」』]?\s?(?:(?:을|를)?\s?위한\s?(?:업무\s?)?협약|업무\s?협약(?:을|를|\s)|MOU(?:를|\s))"
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
    r"\s?(?:\([^)]{0,30}\))?\s?(?:이|가)\s(?:[가-힣]+\s)?(?:주관|운영|맡|전담|총괄|수행|관리)"
)
_SELECTED_AS = re.compile(
    r"['’`\"”」』]?\s?(?:사업)?의\s(?P<role>주관사업자|주관기관|수행기관|사업자|운영기관|우선협상대상자|"
    r"공급기업|수행사|참여기업)(?:로|으로)\s(?:최종\s)?선정"
)
# 카카오는 카카오브레인과 컨소시엄을 구성해 사업에 참여했다.
_JOINS_AS_SUBJECT = re.compile(r"(?:사업|과제|프로젝트|실증)에\s(?:함께\s|공동으로\s)?참여")
_CONSORTIUM_WITH = re.compile(r"\s?(?:와|과)\s컨소시엄")
# 'X'에는 A, B 등 200여개 기업이 참여하고 있다.
_JOINED_IN = re.compile(r"['’`\"”」』]?\s?에는?\s")
_PART_OF = re.compile(r"['’`\"”」』]?\s?의\s?일환으로")
_AFTER_PREVIOUS = re.compile(r"['’`\"”」』]?\s?에\s?이어")
# 'A'의 후속 (사업|으로), 'A'을 잇는 / 계승한: the programme named before is the earlier one.
_SUCCEEDS_AFTER = re.compile(
    r"['’`\"”」』]?\s?(?:의\s?후속|(?:을|를)\s?(?:잇는|이은|이어받은|이어받는|계승한|계승하는|계승해))"
)
# 이번 방안은 …: the document's own programme, named by its head noun.
_THIS_ONE = re.compile(r"(?<![가-힣])(?:이번\s?|이\s)(?P<noun>[가-힣]{1,6})(?:은|는|이|가)\s")
_FOLLOW_ON = 400  # characters after a fund's sentence in which "이 가운데 …" may refer to it
# Words by which a sentence goes on about the programme named before it.
_REFERS_BACK = re.compile(
    r"각각|공동|이\s?(?:가운데|중)|이를\s?위해|(?:이번|이|해당|본)\s?(?:사업|펀드|프로그램|실증|과제|프로젝트)"
    r"|사업(?:에|을|비)|펀드(?:에|를)"
)
_CONTRIBUTION_VERBS = re.compile(r"출자|출연|투자|분담|부담|투입")
# After a funder: its particle (산업은행이, 카카오와 네이버가 각각) before its amount.
_FUNDER_THEN_AMOUNT = re.compile(
    r"\s?(?:\([^)]{0,30}\))?\s?(?:이|가|은|는|도|에서)\s(?:[^\s,]{1,10}\s){0,2}?(?:각각\s|총\s)?$"
)
_AS_SUBJECT = re.compile(r"['’`\"”」』]?\s?(?:이|가|은|는)\s")
# 전임 유상임 장관의 뒤를 이어: the predecessor in office of whoever now heads the body.
_FORMER = re.compile(r"(?:전임|전)\s$")
_TAKES_OVER = re.compile(r"뒤를\s?이어|후임으로|바통을\s?이어|자리를\s?이어")
_NOT_YET = re.compile(r"내정|지명|거론|유력|검토|하마평")
_PERIOD = re.compile(r"(?P<n>\d+)\s?(?P<unit>년|개월)간")
_FIRST_MEETING = re.compile(r"첫\s?(?:번째\s?)?회의")


@dataclass(slots=True)
class SentenceView:
    """The mentions of one sentence, in order."""

    sentence: Sentence
    orgs: list[Mention]
    people: list[tuple[Mention, PersonMention]]
    programmes: list[Mention]
    person_org: dict[int, str] = field(default_factory=dict)  # person mention start -> org id


@dataclass(slots=True)
class Extracted:
    edges: list[EdgeFact] = field(default_factory=list)

    def add(
        self,
        rel_type: str,
        source: str,
        target: str,
        s: SentenceView,
        doc_id: str,
        confidence: float,
        **props: object,
    ) -> None:
        if source == target:
            return
        evidence = Evidence(doc_id, s.sentence.text, s.sentence.start, s.sentence.end)
        self.edges.append(
            EdgeFact(
                rel_type,
                source,
                target,
                {k: v for k, v in props.items() if v is not None},
                [evidence],
                confidence,
            )
        )

    def refine(
        self,
        rel_type: str,
        source: str,
        target: str,
        s: SentenceView,
        doc_id: str,
        confidence: float,
        **props: object,
    ) -> None:
        """Like `add`, but a later, more specific statement of an edge found before
        (산업은행이 800억원을 출자 after 2000억원 규모의 펀드를 함께 조성) sets its properties."""
        for edge in self.edges:
            if (edge.type, edge.source, edge.target) == (rel_type, source, target):
                edge.props.update({k: v for k, v in props.items() if v is not None})
                evidence = Evidence(doc_id, s.sentence.text, s.sentence.start, s.sentence.end)
                if evidence not in edge.evidence:
                    edge.evidence.append(evidence)
                return
        self.add(rel_type, source, target, s, doc_id, confidence, **props)


def _within(m: Mention, s: Sentence) -> bool:
    return s.start <= m.start and m.end <= s.end


def _nested(m: Mention, others: list[Mention]) -> bool:
    """Inside a longer programme name (KT in KT 스마트 팩토리 얼라이언스)."""
    return any(
        o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
        for o in others
    )


def _subjects(text: str, view: SentenceView) -> list[str]:
    """Organisations that are the grammatical subject (with co-ordinated ones)."""
    actors: list[tuple[int, int, str]] = [(o.start, o.end, o.node) for o in view.orgs]
    for mention, person in view.people:
        org = view.person_org.get(mention.start)
        if org is not None and person.how != "org(role name)":  # ORG(장관 X)는: ORG acts
            role_end = text.find(person.role, mention.end)
            end = role_end + len(person.role) if 0 <= role_end - mention.end <= 25 else mention.end
            actors.append(
                (min(mention.start, person.org.start if person.org else mention.start), end, org)
            )
    # An organisation inside a person's span (중기부 in 중기부 권칠승 장관) is that person.
    spans = [(a, b) for a, b, _ in actors]
    actors = sorted(
        {
            (a, b, n)
            for a, b, n in actors
            if not any(x <= a and b <= y and (x, y) != (a, b) for x, y in spans)
        }
    )
    for i, (_, end, node) in enumerate(actors):
        following = text[end : view.sentence.end]
        headline = view.sentence.start == 0 and following.startswith(",")
        if _SUBJECT.match(following) or headline:
            chosen = [node]
            j = i
            while j > 0 and _CONNECTOR.search(text[actors[j - 1][1] : actors[j][0]]):
                j -= 1
                chosen.append(actors[j][2])
            return list(dict.fromkeys(chosen))
    return []


def _co_actors(text: str, view: SentenceView) -> list[str]:
    """ORG와 공동으로 / ORG1, ORG2와 함께: the organisations acting with the subject."""
    orgs = sorted(view.orgs, key=lambda o: o.start)
    found: list[str] = []
    for i, org in enumerate(orgs):
        if not _CO_ACTOR.match(text, org.end):
            continue
        found += [o.node for o in _listed_with(text, orgs, i)]
    return list(dict.fromkeys(found))


def _listed_with(text: str, orgs: list[Mention], i: int) -> list[Mention]:
    """``orgs[i]`` and the organisations listed right before it (A, B와 C: C, B, A)."""
    chain = [orgs[i]]
    while i > 0 and _JOINER.fullmatch(text, orgs[i - 1].end, orgs[i].start):
        i -= 1
        chain.append(orgs[i])
    return chain


def _followed_by_object(text: str, m: Mention) -> bool:
    return bool(_OBJECT_AFTER.match(text, m.end))


def _date(text: str, s: Sentence, published: str | None) -> str | None:
    days = [d.value for d in find_dates(text[s.start : s.end], published) if len(d.value) == 10]
    return days[0] if days else published


def extract_relations(
    text: str,
    doc_id: str,
    published: str | None,
    sentences: list[Sentence],
    mentions: DocumentMentions,
) -> list[EdgeFact]:
    out = Extracted()
    views = list(_views(sentences, mentions))
    person_orgs = _person_orgs(text, views)
    recent_org: str | None = None
    hosts: dict[str, set[str]] = {}
    last_funded: tuple[int, str] | None = None
    last_programme: Mention | None = None
    for view in views:
        view.person_org = person_orgs
        _people_edges(view, mentions, published, doc_id, out)
        subjects = _pair_after_agreement(view, out) or _subjects(text, view)
        # 정부는 …, 양사는 …: a subject that is no single organisation continues nobody.
        continues = recent_org is not None and not _OTHER_SUBJECT.match(view.sentence.text)
        implied = subjects or ([recent_org] if continues else [])
        _host_edges(text, view, subjects, published, doc_id, out, hosts)
        _partner_edges(text, view, implied, published, doc_id, out, mentions)
        last_funded = _fund_edges(
            text, view, implied, doc_id, out, mentions, last_funded, last_programme
        )
        if last_funded is not None and view.sentence.start - last_funded[0] > _FOLLOW_ON:
            last_funded = None
        _programme_edges(text, view, subjects, doc_id, out, hosts)
        _joining_edges(text, view, last_programme, doc_id, out)
        _referred_host_edges(text, view, last_programme, doc_id, out, hosts)
        if view.programmes:
            last_programme = max(view.programmes, key=lambda p: p.start)
        if view.orgs:
            recent_org = max(view.orgs, key=lambda o: o.start).node
    _meeting_successions(text, views, mentions, published, doc_id, out, hosts)
    _stated_successions(text, views, mentions, doc_id, out)
    _stated_office_successions(text, views, doc_id, out)
    _known_parents(views, mentions, doc_id, out)
    _reorganisations(views, mentions, doc_id, out)
    return out.edges


def _pair_after_agreement(view: SentenceView, out: Extracted) -> list[str]:
    """두 기관은 / 양사는 …: the two parties of the agreement stated last, if any."""
    if not _PAIR_SUBJECT.match(view.sentence.text):
        return []
    pair = next((e for e in reversed(out.edges) if e.type == "PARTNERS_WITH"), None)
    return [pair.source, pair.target] if pair is not None else []


def _reorganisations(
    views: list[SentenceView], mentions: DocumentMentions, doc_id: str, out: Extracted
) -> None:
    """미래창조과학부 → 과학기술정보통신부: a reorganisation the gazetteer records, when the
    document names both bodies; the evidence is the sentence naming the earlier one."""
    for later, earlier, date in mentions.reorganisations:
        view = next((v for v in views if any(o.node == earlier for o in v.orgs)), None)
        if view is not None:
            out.add("SUCCEEDS", later, earlier, view, doc_id, 0.9, date=date)


def _views(sentences: list[Sentence], mentions: DocumentMentions) -> Iterator[SentenceView]:
    for s in sentences:
        programmes = [m for m in mentions.programmes if _within(m, s)]
        orgs = [m for m in mentions.orgs if _within(m, s) and not _nested(m, programmes)]
        people = [(m, p) for m, p in mentions.people if _within(m, s)]
        yield SentenceView(s, orgs, people, programmes)


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
    for mention, person, view in pending:
        org = known.get((mention.node, person.role))
        if org is None:
            before = [o for o in view.orgs if o.end <= mention.start]
            if person.role == "장관":
                before = [o for o in before if o.label == "Ministry"]
            org = max(before, key=lambda o: o.end).node if before else None
        if org is not None:
            result[mention.start] = org
            known.setdefault((mention.node, person.role), org)
    return result


def _people_edges(
    view: SentenceView,
    mentions: DocumentMentions,
    published: str | None,
    doc_id: str,
    out: Extracted,
) -> None:
    for mention, person in view.people:
        org = view.person_org.get(mention.start)
        if org is None:
            continue
        rel = "HEADS" if person.heads else "WORKS_FOR"
        out.add(
            rel,
            mention.node,
            org,
            view,
            doc_id,
            person.confidence,
            role=person.role,
            as_of=published,
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
        if _nested(prog, view.programmes) or _AGREEMENT_NAME.match(text, prog.end):
            continue
        date = _date(text, view.sentence, published) if prog.label == "Meeting" else None
        host = bracketed_host(text, prog.end, view.orgs) or clause_host(text, prog.start, view.orgs)
        if host is not None:
            # 과기정통부와 정보통신산업진흥원이 추진하는 X: both host it.
            orgs = sorted(view.orgs, key=lambda o: o.start)
            for org in _listed_with(text, orgs, orgs.index(host)):
                out.add("HOSTS", org.node, prog.node, view, doc_id, 0.85, date=date)
                hosts.setdefault(prog.node, set()).add(org.node)
            continue
        named = next(
            (
                o
                for o in view.orgs
                if text.startswith(text[o.start : o.end], prog.start) and o.start == prog.start
            ),
            None,
        )
        if named is not None:  # KT 스마트 팩토리 얼라이언스: the programme carries its host's name
            out.add("HOSTS", named.node, prog.node, view, doc_id, 0.7)
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
        if actors and _followed_by_object(text, prog):
            # ORG는 X와 함께 Y를 운영: a public co-actor co-hosts; companies take part.
            co_actors = [
                (c, 0.65)
                for c in _co_actors(text, view)
                if c not in actors and mentions_label(view, c) in GOVERNMENT
            ]
            for subject, confidence in [*((a, 0.7) for a in actors), *co_actors]:
                out.add("HOSTS", subject, prog.node, view, doc_id, confidence, date=date)
                hosts.setdefault(prog.node, set()).add(subject)
        elif not actors and government and _followed_by_object(text, prog):
            # 중기부와 … 협약(자상한 기업)을 체결: government runs it, companies take part.
            for org in government:
                out.add("HOSTS", org.node, prog.node, view, doc_id, 0.6, date=date)
                hosts.setdefault(prog.node, set()).add(org.node)


def mentions_label(view: SentenceView, node: str) -> str | None:
    return next((o.label for o in view.orgs if o.node == node), None)


def _partner_edges(
    text: str,
    view: SentenceView,
    implied: list[str],
    published: str | None,
    doc_id: str,
    out: Extracted,
    mentions: DocumentMentions,
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
    if not agreement:
        # Cooperation without an agreement: only those who act together (the subjects,
        # and whoever they act with) are partners, not every name in a list
        # (구글코리아, 마이크로소프트 등 글로벌 기업도 협력 의사를 밝혔다).
        acting = dict.fromkeys([*_subjects(text, view), *_co_actors(text, view)])
        orgs = [o for o in acting if o in orgs]
    if len(orgs) < 2:
        co_actors = _co_actors(text, view)
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
    date = _date(text, view.sentence, published)
    for a, b in combinations(orgs, 2):
        out.add(
            "PARTNERS_WITH",
            a,
            b,
            view,
            doc_id,
            0.8 if agreement else 0.65,
            date=date,
            agreement=name,
        )


def _fund_edges(
    text: str,
    view: SentenceView,
    implied: list[str],
    doc_id: str,
    out: Extracted,
    mentions: DocumentMentions,
    last_funded: tuple[int, str] | None,
    last_programme: Mention | None,
) -> tuple[int, str] | None:
    """FUNDS edges of one sentence; returns the fund or programme funded last (with the
    sentence's offset), which a following sentence may go on about without naming it."""
    if not _FUND_VERBS.search(view.sentence.text):
        return last_funded
    s = view.sentence
    money = find_money(text[s.start : s.end])
    if not money:
        return last_funded
    shares = _shares(text, view, money)
    targets = [
        p
        for p in view.programmes
        if p.label in ("Program", "Fund") and not _AS_SUBJECT.match(text, p.end)
    ]  # 모태펀드가 2000억원을 출자: a fund that puts money in is no target here
    if not targets:
        # 이 가운데 정부가 1200억원, 산업은행이 800억원을 출자한다: the fund just named;
        # 네이버와 KT는 각각 300억원씩 투자한다: the programme just named.
        if not shares or not _CONTRIBUTION_VERBS.search(s.text):
            return last_funded
        if last_funded is not None:
            target = last_funded[1]
        elif (
            last_programme is not None
            and last_programme.label in ("Program", "Fund")
            and s.start - last_programme.start <= _FOLLOW_ON
            and _REFERS_BACK.search(s.text)
        ):
            target = last_programme.node
        else:
            return last_funded
        period = _PERIOD.search(s.text)
        for funder, amount in shares.items():
            out.refine(
                "FUNDS",
                funder,
                target,
                view,
                doc_id,
                0.7,
                amount_krw=amount,
                period=f"{period['n']}{period['unit']}" if period else None,
            )
        _mark_co_funded(out, target)
        return (s.start, target)
    funders = list(dict.fromkeys([*implied, *_co_actors(text, view)]))
    period = _PERIOD.search(s.text)
    funded = last_funded
    for prog in targets:
        amount = None
        for m in money:
            m_end = s.start + m.end
            between = text[m_end : prog.start]
            if re.fullmatch(r"\s?규모의?\s?['‘`\"“]?", between):
                amount = m.amount_krw
                mentions.nodes[prog.node].props["amount_krw"] = amount
            elif 0 < s.start + m.start - prog.end <= 16 and re.match(
                r"['’`\"”]?\s?에", text[prog.end :]
            ):
                amount = m.amount_krw
        per_funder = shares if len(targets) == 1 else {}
        if amount is None and not per_funder:
            continue
        # Without the programme's own amount, only those with a share of their own fund it.
        named = [*funders, *per_funder] if amount is not None else list(per_funder)
        for funder in dict.fromkeys(named):
            out.add(
                "FUNDS",
                funder,
                prog.node,
                view,
                doc_id,
                0.75,
                amount_krw=per_funder.get(funder, amount),
                period=f"{period['n']}{period['unit']}" if period else None,
            )
        _mark_co_funded(out, prog.node)
        funded = (view.sentence.start, prog.node)
    return funded


def _shares(text: str, view: SentenceView, money: list[Money]) -> dict[str, int]:
    """Each organisation's own amount: 산업은행이 800억원, 카카오와 네이버가 각각 500억원씩.

    An amount belongs to the organisations just before it (the last of them followed
    by its particle, the others joined to it by 와/과/,/·); without 각각 or 씩 such a
    group puts in the amount together, and each is recorded with the whole of it.
    """
    s = view.sentence
    orgs = sorted((o for o in view.orgs if o.label in ORGANISATIONS), key=lambda o: o.start)
    shares: dict[str, int] = {}
    group: list[str] = []
    for i, org in enumerate(orgs):
        group.append(org.node)
        limit = orgs[i + 1].start if i + 1 < len(orgs) else s.end
        joined = re.fullmatch(
            r"\s?(?:\([^)]{0,30}\))?\s?(?:,|·|와|과|및)\s?", text[org.end : limit]
        )
        if joined and i + 1 < len(orgs):
            continue
        amount = next(
            (
                m
                for m in money
                if org.end <= s.start + m.start < limit
                and _FUNDER_THEN_AMOUNT.search(text[org.end : s.start + m.start])
            ),
            None,
        )
        if amount is not None:
            for node in group:
                shares[node] = amount.amount_krw
        group = []
    return shares


def _mark_co_funded(out: Extracted, target: str) -> None:
    """Funders of the same programme in one document fund it together."""
    funding = [e for e in out.edges if e.type == "FUNDS" and e.target == target]
    if len({e.source for e in funding}) > 1:
        for edge in funding:
            edge.props["co_funded"] = True


def _programme_edges(
    text: str,
    view: SentenceView,
    subjects: list[str],
    doc_id: str,
    out: Extracted,
    hosts: dict[str, set[str]],
) -> None:
    programmes = [p for p in view.programmes if not _nested(p, view.programmes)]
    for prog in programmes:
        # 카카오가 … 'X'의 주관사업자로 선정됐다: the subject takes part in that role.
        selected = _SELECTED_AS.match(text, prog.end)
        for subject in subjects if selected else []:
            if mentions_label(view, subject) in ("Company", "Organization"):
                out.add(
                    "PARTICIPATES_IN", subject, prog.node, view, doc_id, 0.8, role=selected["role"]
                )
        # X의 일환으로 … Y: Y is part of X.  X에 이어 … Y: Y succeeds X.
        for pattern, rel in ((_PART_OF, "PART_OF"), (_AFTER_PREVIOUS, "SUCCEEDS")):
            if pattern.match(text, prog.end):
                later = next((p for p in programmes if p.start > prog.end), None)
                if later is not None and later.node != prog.node:
                    if rel == "PART_OF" and later.label not in ("Program", "Fund", "Meeting"):
                        continue
                    out.add(rel, later.node, prog.node, view, doc_id, 0.7)
        for org in view.orgs:
            role = _ROLE_IN_PROGRAMME.match(text[prog.end : org.start])
            if role and org.label in ORGANISATIONS:
                out.add(
                    "PARTICIPATES_IN", org.node, prog.node, view, doc_id, 0.8, role=role["role"]
                )
    # Companies and associations named with a government programme take part in it.
    government = any(o.label in GOVERNMENT for o in view.orgs)
    for prog in programmes:
        if prog.label in ("Meeting", "Fund") or _AGREEMENT_NAME.match(text, prog.end):
            continue  # an agreement's title names no programme to take part in
        joined_in = _JOINED_IN.match(text, prog.end) and "참여" in view.sentence.text
        if not (_followed_by_object(text, prog) or joined_in):
            continue  # funders are FUNDS edges, attendees are not modelled from one mention
        hosted = hosts.get(prog.node, set())
        if not (government or hosted):
            continue
        for org in view.orgs:
            if org.label in ("Company", "Organization") and org.node not in hosted:
                out.add("PARTICIPATES_IN", org.node, prog.node, view, doc_id, 0.55)


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
            out.add("HOSTS", org.node, last.node, view, doc_id, 0.65)
            hosts.setdefault(last.node, set()).add(org.node)


def _joining_edges(
    text: str, view: SentenceView, last: Mention | None, doc_id: str, out: Extracted
) -> None:
    """Organisations that 참여 in a sentence naming no programme join the one just named."""
    if last is None or last.label != "Program" or view.programmes:
        return
    orgs = sorted(view.orgs, key=lambda o: o.start)
    if _JOINS_AS_SUBJECT.search(view.sentence.text):
        members = [o for o in orgs if o.node in _subjects(text, view)]
        for i, org in enumerate(orgs):
            if _CONSORTIUM_WITH.match(text, org.end):
                members += _listed_with(text, orgs, i)
        for member in members:
            if member.label in ("Company", "Organization"):
                out.add("PARTICIPATES_IN", member.node, last.node, view, doc_id, 0.6)
    for i, org in enumerate(orgs):
        joins = _JOINS.match(text, org.end)
        if joins is None:
            continue
        for member in _listed_with(text, orgs, i):
            if member.label in ("Company", "Organization"):
                out.add(
                    "PARTICIPATES_IN",
                    member.node,
                    last.node,
                    view,
                    doc_id,
                    0.6,
                    role=joins["role"],
                )


def _meeting_successions(
    text: str,
    views: list[SentenceView],
    mentions: DocumentMentions,
    published: str | None,
    doc_id: str,
    out: Extracted,
    hosts: dict[str, set[str]],
) -> None:
    """제N차 follows 제(N-1)차 of the same series; '첫 회의' names the first one."""
    series: dict[str, dict[int, str]] = {}
    for node in mentions.nodes.values():
        ordinal = node.props.get("ordinal")
        if node.label == "Meeting" and isinstance(ordinal, int):
            key = _series_key(node.name)
            series.setdefault(key, {})[ordinal] = node.id
    for key, by_ordinal in series.items():
        if 1 not in by_ordinal and min(by_ordinal) == 2:
            for view in views:
                compact = re.sub(r"\s", "", view.sentence.text).casefold()
                if key in compact and _FIRST_MEETING.search(view.sentence.text):
                    later = mentions.nodes[by_ordinal[2]]
                    series_name = later.name.split(" ", 1)[1]
                    first = mentions.add_node("Meeting", f"제1차 {series_name}", ordinal=1)
                    first.aliases.add(f"{series_name} 첫 회의")
                    first.mentions += 1
                    date = _date(text, view.sentence, published)
                    first.props["date"] = date
                    by_ordinal[1] = first.id
                    for host in hosts.get(later.id, set()):
                        out.add("HOSTS", host, first.id, view, doc_id, 0.6, date=date)
                    out.add("SUCCEEDS", later.id, first.id, view, doc_id, 0.75)
                    break
        ordinals = sorted(by_ordinal)
        for earlier, later_n in pairwise(ordinals):
            if later_n == earlier + 1 and not any(
                e.type == "SUCCEEDS" and e.source == by_ordinal[later_n] for e in out.edges
            ):
                view = next(
                    v for v in views if any(p.node == by_ordinal[earlier] for p in v.programmes)
                )
                out.add("SUCCEEDS", by_ordinal[later_n], by_ordinal[earlier], view, doc_id, 0.75)


def _stated_successions(
    text: str,
    views: list[SentenceView],
    mentions: DocumentMentions,
    doc_id: str,
    out: Extracted,
) -> None:
    """'A'의 후속으로 'B'를 … / 이번 방안은 'A'을 잇는 …: B (or this document's 방안) succeeds A."""
    for view in views:
        programmes = [p for p in view.programmes if p.label == "Program"]
        for earlier in programmes:
            if not _SUCCEEDS_AFTER.match(text, earlier.end):
                continue
            later = next((p.node for p in programmes if p.start > earlier.end), None)
            this_one = _THIS_ONE.search(view.sentence.text)
            if later is None and this_one is not None:
                later = _named_by_head(mentions, this_one["noun"], earlier.node)
            if later is not None and later != earlier.node:
                out.add("SUCCEEDS", later, earlier.node, view, doc_id, 0.7)
        # 이번 전략은 디지털 뉴딜의 일환으로 추진된다: this document's 전략 is part of it.
        this_one = _THIS_ONE.search(view.sentence.text)
        for parent in programmes if this_one else []:
            if _PART_OF.match(text, parent.end) and not any(
                p.start > parent.end for p in view.programmes
            ):
                part = _named_by_head(mentions, this_one["noun"], parent.node)
                if part is not None:
                    out.add("PART_OF", part, parent.node, view, doc_id, 0.7)


def _stated_office_successions(
    text: str, views: list[SentenceView], doc_id: str, out: Extracted
) -> None:
    """전임 X 장관의 뒤를 이어 …: whoever heads the body in this document succeeds X."""
    for view in views:
        sentence = view.sentence.text
        if not _TAKES_OVER.search(sentence) or _NOT_YET.search(sentence):
            continue
        for mention, person in view.people:
            if not _FORMER.search(text, max(0, mention.start - 3), mention.start):
                continue
            org_ids = {o.node for o in view.orgs}
            successors = {
                e.source
                for e in out.edges
                if e.type == "HEADS"
                and e.source != mention.node
                and e.props.get("role") == person.role
                and (e.target in org_ids or not org_ids)
            }
            if len(successors) == 1:
                out.add("SUCCEEDS", successors.pop(), mention.node, view, doc_id, 0.75)


def _named_by_head(mentions: DocumentMentions, noun: str, other_than: str) -> str | None:
    """The first programme of the document whose name ends in ``noun`` (이번 방안 → … 혁신 방안)."""
    for mention in mentions.programmes:
        name = mentions.nodes[mention.node].name.replace(" ", "")
        if mention.label == "Program" and mention.node != other_than and name.endswith(noun):
            return mention.node
    return None


def _series_key(name: str) -> str:
    return re.sub(r"^제\s?\d+\s?차\s?|\s", "", name).casefold()


def _known_parents(
    views: list[SentenceView], mentions: DocumentMentions, doc_id: str, out: Extracted
) -> None:
    """PART_OF from the programme list, when the document names both."""
    by_name = {n.name: n for n in mentions.nodes.values() if n.label in ("Program", "Fund")}
    for node in list(by_name.values()):
        known = known_programme(node.name)
        if known is None or known.parent is None or known.parent not in by_name:
            continue
        parent = by_name[known.parent]
        view = next((v for v in views if any(p.node == node.id for p in v.programmes)), None)
        if view is not None:
            out.add("PART_OF", node.id, parent.id, view, doc_id, 0.6)
