"""The grammar of one sentence: who is its subject, who acts with it, what it acts on.

The rules read the shape of Korean press-release sentences: the topic (ORG는)
does what the verb says; ORG와 공동으로 marks a co-actor; organisations listed
with 와/과/,/· act together. `Extracted` collects the edges, each with its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.model import EdgeFact, Evidence
from graph.schema import edge_allowed, label_of_id
from loaders.dates import find_dates
from loaders.mentions import Mention
from loaders.patterns import CLOSE_QUOTE, JOINER, NOTE, SCHEME_TAIL, SUBJECT_PARTICLE
from loaders.people import PersonMention
from loaders.rules import RuleSet, default_rules
from loaders.sentences import Sentence

GOVERNMENT = ("Ministry", "Agency")

ORGANISATIONS = ("Ministry", "Agency", "Company", "Organization")

_SUBJECT = re.compile(rf"\s?{NOTE}\s?{SUBJECT_PARTICLE}\s")

# 'X'를 위한 업무협약, X 업무협약을: the name before is the agreement's title, no programme.
AGREEMENT_TITLE = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:(?:을|를)?\s?위한\s?(?:업무\s?)?협약|업무\s?협약(?:을|를|\s)|MOU(?:를|\s))"
)
_QUOTE_AFTER = re.compile(r"\s['‘\"“`]")
# 신세계 그룹, 베스핀글로벌 컨소시엄, …: a group's word may close a member of a list.
# 보건복지부(장관 박능후) 환경부(장관 조명래): bodies each with its note, joined by a space.
_JOINER = re.compile(
    rf"\s?{NOTE}(?:\s?(?:그룹|컨소시엄|계열))?\s?{JOINER}\s?|\s?\([^)]{{1,30}}\)\s"
)

_CONNECTOR = re.compile(rf"\s?{NOTE}\s?(?:와|과|,|·|및)\s?$")

_CO_ACTOR = re.compile(
    # 민간기업(LG, SK텔레콤 등)과 협업으로: the list may stand in brackets after a kind.
    rf"\s?{NOTE}(?:,\s?[가-힣A-Za-z0-9]{{2,15}})*(?:\s?등)?\)?\s?(?:와|과)\s(?:각각\s)?"
    r"(?:공동으로|공동|함께|손잡고|협력해|협력하여|협업으로|협력으로|협업해|협업하여"
    # 과기정통부는 A, B와 각각 양자기술 확산을 위해 협력하기로 했다: the purpose may come between.
    r"|(?:[^\s.]+\s){0,8}?(?:협력하기로|협력키로|협업하기로|협업키로|협력한다|협력했다))"
)

_OBJECT_AFTER = re.compile(
    r"['’`\"”」』)]*\s?(?:(?:을|를|이|가|은|는|도|와|과)(?![가-힣])|등\s|\(|사업[을를이가과와의]|의\s[가-힣]{1,6}(?:을|를)\s|"
    r"(?:가동|추진|운영|개최|출범|조성|시행|도입|구축|공모|모집|신청|시작|확대)|에\s?(?:착수|돌입|나선|참여))"
)


@dataclass(slots=True)
class SentenceView:
    """The mentions of one sentence, in order."""

    sentence: Sentence
    orgs: list[Mention]
    people: list[tuple[Mention, PersonMention]]
    programmes: list[Mention]
    person_org: dict[int, str] = field(default_factory=dict)  # person mention start -> org id
    # Organisations named inside a programme's name (KT in KT 스마트 팩토리 얼라이언스).
    inner_orgs: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A fact a rule proposed and did not make, with why (shown by ``govkg explain``)."""

    rule: str
    type: str
    source: str
    target: str
    start: int  # the sentence's offset
    reason: str


@dataclass(slots=True)
class Extracted:
    """The edges of one document, each stamped with the rule that made it."""

    rules: RuleSet = field(default_factory=default_rules)
    edges: list[EdgeFact] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def add(
        self,
        rule: str,
        rel_type: str,
        source: str,
        target: str,
        s: SentenceView,
        doc_id: str,
        **props: object,
    ) -> None:
        if rel_type not in self.rules.get(rule).makes:
            raise ValueError(f"rule {rule} does not make {rel_type}")
        reason = self._refusal(rule, rel_type, source, target)
        if reason is not None:
            self.rejected.append(Rejected(rule, rel_type, source, target, s.sentence.start, reason))
            return
        evidence = Evidence(doc_id, s.sentence.text, s.sentence.start, s.sentence.end)
        self.edges.append(
            EdgeFact(
                rel_type,
                source,
                target,
                {k: v for k, v in props.items() if v is not None},
                [evidence],
                self.rules.confidence(rule),
                rules=[rule],
            )
        )

    def _refusal(self, rule: str, rel_type: str, source: str, target: str) -> str | None:
        if not self.rules.enabled(rule):
            return "rule switched off"
        if source == target:
            return "an edge from a node to itself"
        if not _allowed(rel_type, source, target):
            # A rule read more than the graph model allows ('펀드'의 일환으로: no PART_OF).
            return f"{rel_type} cannot join {label_of_id(source)} to {label_of_id(target)}"
        return None

    def refine(
        self,
        rule: str,
        rel_type: str,
        source: str,
        target: str,
        s: SentenceView,
        doc_id: str,
        **props: object,
    ) -> None:
        """Like `add`, but a later, more specific statement of an edge found before
        (산업은행이 800억원을 출자 after 2000억원 규모의 펀드를 함께 조성) sets its properties."""
        for edge in self.edges:
            if (edge.type, edge.source, edge.target) == (rel_type, source, target):
                if not self.rules.enabled(rule):
                    return
                edge.props.update({k: v for k, v in props.items() if v is not None})
                evidence = Evidence(doc_id, s.sentence.text, s.sentence.start, s.sentence.end)
                if evidence not in edge.evidence:
                    edge.evidence.append(evidence)
                if rule not in edge.rules:
                    edge.rules.append(rule)
                return
        self.add(rule, rel_type, source, target, s, doc_id, **props)


def _allowed(rel_type: str, source: str, target: str) -> bool:
    return edge_allowed(rel_type, label_of_id(source) or "", label_of_id(target) or "")


def nested_in(m: Mention, others: list[Mention]) -> bool:
    """Inside a longer programme name (KT in KT 스마트 팩토리 얼라이언스)."""
    return any(
        o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
        for o in others
    )


def subjects_of(text: str, view: SentenceView) -> list[str]:
    """Organisations that are the grammatical subject (with co-ordinated ones)."""
    actors: list[tuple[int, int, str]] = [(o.start, o.end, o.node) for o in view.orgs]
    for mention, person in view.people:
        org = view.person_org.get(mention.start)
        if org is not None and person.rule != "people.org_bracketed":  # ORG(장관 X)는: ORG acts
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
        # 과기정통부, … / 국토부 '스마트도시 조성사업' 발표: a headline's subject has no particle.
        headline = view.sentence.start == 0 and (
            following.startswith(",") or (i == 0 and _QUOTE_AFTER.match(following) is not None)
        )
        if _SUBJECT.match(following) or headline:
            chosen = [node]
            j = i
            while j > 0 and _CONNECTOR.search(text[actors[j - 1][1] : actors[j][0]]):
                j -= 1
                chosen.append(actors[j][2])
            return list(dict.fromkeys(chosen))
    return []


def co_actors_of(text: str, view: SentenceView) -> list[str]:
    """ORG와 공동으로 / ORG1, ORG2와 함께: the organisations acting with the subject."""
    orgs = sorted(view.orgs, key=lambda o: o.start)
    found: list[str] = []
    for i, org in enumerate(orgs):
        if not _CO_ACTOR.match(text, org.end):
            continue
        found += [o.node for o in listed_with(text, orgs, i)]
    return list(dict.fromkeys(found))


def joined_in_list(text: str, end: int, start: int) -> bool:
    """Whether only a list joiner (and a bracketed note) stands between two names."""
    return _JOINER.fullmatch(text, end, start) is not None


def listed_with(text: str, orgs: list[Mention], i: int) -> list[Mention]:
    """``orgs[i]`` and the organisations listed right before it (A, B와 C: C, B, A)."""
    chain = [orgs[i]]
    while i > 0 and joined_in_list(text, orgs[i - 1].end, orgs[i].start):
        i -= 1
        chain.append(orgs[i])
    return chain


def followed_by_object(text: str, m: Mention) -> bool:
    return bool(_OBJECT_AFTER.match(text, m.end))


# 'X' 출범식을 열었다, X 과제를 수행할 기관을, 'X' 실증과제 참여 사업자를: the programme
# heads the object, which a noun or two close.
_NOUNS_THEN_OBJECT = re.compile(
    r"['’`\"”」』)]*(?:\s[가-힣A-Za-z0-9·]{1,10}(?<![에의와과은는이가도로])){1,2}(?:을|를)\s"
    # 모바일 공무원증 제도를 운영: 제도 ends in 도, which is no particle here.
    rf"|{SCHEME_TAIL}(?:을|를)\s"
    # 혁신금융서비스 8건을 지정: the programme counted.
    r"|['’`\"”」』)]*\s\d+\s?(?:건|개|곳|개사|개\s?과제)(?:을|를)\s"
)


def heads_object(text: str, m: Mention) -> bool:
    """The programme is the object, or the first noun of it."""
    return followed_by_object(text, m) or bool(_NOUNS_THEN_OBJECT.match(text, m.end))


def sentence_date(text: str, s: Sentence, published: str | None) -> str | None:
    days = [d.value for d in find_dates(text[s.start : s.end], published) if len(d.value) == 10]
    return days[0] if days else published


def mentions_label(view: SentenceView, node: str) -> str | None:
    return next((o.label for o in view.orgs if o.node == node), None)
