"""Every mention in one document, resolved to one node per real entity.

Organisations come from the gazetteer, people from role patterns, programmes,
funds and meetings from `loaders.programmes`. Within a document, variants of
one programme name (spacing, a dropped modifier, 사업 appended, the short form
of a long quoted title) are folded into one node.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from graph.schema import name_key, node_id
from loaders.gazetteer import Gazetteer
from loaders.lexicon import alternation, pattern
from loaders.organisations import find_bracketed_performers, find_list_members, find_unlisted
from loaders.patterns import SCHEME_TAIL
from loaders.people import OrgSpan, PersonMention, find_people, find_presidents
from loaders.places import in_address
from loaders.programmes import (
    Candidate,
    abbreviation_mentions,
    find_budget_lines,
    find_bulleted,
    find_headed,
    find_known,
    find_laws,
    find_meeting_words,
    find_meetings,
    find_named_days,
    find_quoted,
    known_programme,
)
from loaders.sentences import Sentence

# The generic word a programme's name may carry: AI 바우처 지원사업 is AI 바우처.
_PROGRAMME_WORD = re.compile(r"\s?(?:지원\s?)?사업$")
HOSTING_CLAUSE = re.compile(
    r"(?:\s?(?:\([^)]{0,20}\))?\s?(?:가|이|에서)\s(?:[가-힣]+\s){0,2}?"
    r"(?:운영|인증|추진|주관|주최|시행|관리|개발|구축|도입|지원|지정|선정|발표|수립|마련|공고|공모|개최|발급)"
    r"(?:하는|하고\s있는|\s?중인|해\s?온|한|해\s?온)"
    # 과기정통부 주최로 열린 X, 산업부 주관 X: the organiser's noun after the body.
    r"|\s?(?:\([^)]{0,20}\))?\s(?:공동\s?)?(?:주최|주관)(?:로|으로|하고|하는|한)?(?:\s(?:열린|개최된|진행된))?)"
    r"\s?(?:\d{1,2}차\s|\d{4}년도?\s?)?['‘`\"“]?$"
)


# The rule (loaders/data/rules.toml) behind each way of finding a mention.
RULE_OF = {
    "gazetteer": "entity.gazetteer",
    "pattern": "entity.unlisted_org",
    "list": "entity.listed_with_known",
    "performer": "entity.bracketed_performer",
    "abbreviation": "programme.quoted",
    "known": "programme.known",
    "quoted": "programme.quoted",
    "suffix": "programme.head_word",
    "meeting": "programme.meeting",
    "budget": "programme.budget_line",
    "bullet": "programme.bulleted",
    "law": "programme.law",
}


@dataclass(slots=True)
class Node:
    """A resolved entity of this document."""

    id: str
    label: str
    name: str
    aliases: set[str] = field(default_factory=set)
    props: dict[str, object] = field(default_factory=dict)
    mentions: int = 0
    rules: set[str] = field(default_factory=set)  # ids of the rules that found it
    stated: dict[str, str] = field(default_factory=dict)  # property -> the sentence saying it

    def state(self, key: str, value: object, sentence: str) -> None:
        """Set a property the text states, keeping the sentence that states it."""
        self.props[key] = value
        self.stated[key] = sentence


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    node: str  # node id
    label: str
    how: str


@dataclass(slots=True)
class DocumentMentions:
    nodes: dict[str, Node]
    orgs: list[Mention]
    people: list[tuple[Mention, PersonMention]]
    programmes: list[Mention]
    agreements: list[tuple[int, int, str]] = field(default_factory=list)
    # (later, earlier, date) reorganisations between bodies this document names
    reorganisations: list[tuple[str, str, str | None]] = field(default_factory=list)

    def add_node(self, label: str, name: str, **props: object) -> Node:
        nid = node_id(label, name)
        node = self.nodes.get(nid)
        if node is None:
            node = self.nodes[nid] = Node(nid, label, name)
        node.props.update({k: v for k, v in props.items() if v is not None})
        return node


def _programme_key(name: str) -> str:
    return name_key(name).replace("태스크포스", "tf")


def _words_subsequence(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` is ``long`` with words left out, its first and last kept
    (초거대 AI 플랫폼 사업 for 초거대 AI 플랫폼 구축사업: 사업 ends 구축사업)."""
    if len(short) < 2 or short[0] != long[0]:
        return False
    if short[-1] != long[-1] and not (short[-1] == "사업" and long[-1].endswith("사업")):
        return False
    it = iter(long[:-1])
    return all(word in it for word in short[:-1])


_WORK_SUFFIXES = ("사업", "프로젝트")
_YEAR_OR_ROUND = re.compile(r"(?:\d{4}년\s?)?(?:제?\d{1,2}차\s?)?(?:상반기|하반기)?")


def _sitting_of(cand: Candidate, series_key: str) -> bool:
    series = cand.props.get("series")
    return cand.label == "Meeting" and bool(series) and _programme_key(series) == series_key


def _canonical_target(cand: Candidate, groups: dict[str, list[Candidate]]) -> str | None:
    """The key of a longer programme this candidate is a variant of, if any."""
    key = _programme_key(cand.name)
    words = cand.name.split()
    best: str | None = None
    # A name the text itself quotes ('스마트도시 조성사업') is official: a longer one with
    # more words inside (스마트도시 특화단지 조성사업) is another programme, often its part.
    quoted = any(m.how == "quoted" for m in groups.get(key, [cand]))
    if cand.label == "Meeting":
        # 비상경제민생회의 in a text about its 제8차 sitting alone is that sitting.
        sittings = [k for k, members in groups.items() if _sitting_of(members[0], key)]
        if len(sittings) == 1 and sittings[0] != key:
            return sittings[0]
    for other_key, members in groups.items():
        if other_key == key or members[0].label != cand.label or len(other_key) <= len(key):
            continue
        other = members[0]
        known = known_programme(cand.name)
        if known is not None and known_programme(other.name) is not known:
            continue  # a known name stays itself
        inside = _words_subsequence(words, other.name.split())
        longer = other.name.split()
        if quoted and inside and len(longer) > len(words):
            inside = longer[: len(words)] == words  # only a tail added, no word inside
        tail = len(key) >= 4 and other_key.endswith(key) and cand.how != "known"
        if quoted and tail:
            # 2021년 'X' is X; 거점형 'X' is a kind of X, another programme.
            tail = _YEAR_OR_ROUND.fullmatch(other.name[: -len(cand.name)].strip()) is not None
        # 'X' and 'X 사업' (spaced apart or not) are one programme.
        work = (
            len(key) >= 4 and other_key.startswith(key) and other_key[len(key) :] in _WORK_SUFFIXES
        )
        variant = inside or tail or work
        if variant and (best is None or len(other_key) > len(best)):
            best = other_key
    return best


def _opens_longer_name(text: str, known: Candidate, outer: Candidate) -> bool:
    """A known name at the start of a longer programme's name, the rest more than 사업."""
    if outer.label != "Program" or outer.how not in ("quoted", "suffix") or known.end >= outer.end:
        return False
    rest = text[known.end : outer.end].strip(" '’\"”")
    return bool(_PROGRAMME_WORD.sub("", rest).strip())


def _resolve_programmes(text: str, cands: list[Candidate], doc: DocumentMentions) -> None:
    # A candidate inside a longer one of a stronger kind is the same mention (the
    # quote around a meeting, a suffix match inside a quote); known names nested in
    # other names (한국판 뉴딜 in 한국판 뉴딜관계장관회의) stay as mentions of their own.
    cands = sorted(cands, key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for cand in cands:
        if not cand.strong:
            continue
        inside = [k for k in kept if k.start <= cand.start and cand.end <= k.end]
        if (
            inside
            and cand.how != "known"
            and not (cand.how == "meeting" and inside[0].how == "quoted")
        ):
            continue
        if cand.how == "known" and inside and _opens_longer_name(text, cand, inside[0]):
            continue  # 전자정부 in '전자정부 2020 기본계획' is that plan's name, not a mention
        if cand.how == "known" and inside and "의 날" in inside[0].name:
            continue  # 전자정부 in 전자정부의 날 names the day, not the programme
        if cand.how == "quoted" and any(
            k.how == "meeting" and cand.start <= k.start and k.end <= cand.end for k in cands
        ):
            continue  # '제5차 … 회의 및 제21차 …' is two meetings, not one name
        kept.append(cand)
    # Names ending in a known programme (비대면 분야 디지털 뉴딜사업) are that programme.
    known_ends = {(k.end, k.name) for k in kept if k.how == "known"}
    for cand in kept:
        if cand.how not in ("suffix", "budget", "quoted"):
            continue
        trimmed = _PROGRAMME_WORD.sub("", cand.name).rstrip()
        if cand.how == "quoted" and trimmed == cand.name:
            continue  # '공공 마이데이터' is a programme of its own, not 마이데이터
        inside = [
            name
            for end, name in known_ends
            if cand.start < end <= cand.end
            and _programme_key(trimmed).endswith(_programme_key(name))
        ]
        if inside:
            cand.aliases.update({trimmed, cand.name})
            cand.name = max(inside, key=len)
    abbreviations: dict[str, tuple[str, str]] = {}
    groups: dict[str, list[Candidate]] = {}
    for cand in kept:
        groups.setdefault(_programme_key(cand.name), []).append(cand)
    # A weak name that is a short form of a strong one (ICT활용방안 for the quoted
    # '비대면 경제 전환을 위한 ICT 활용방안') is a mention of it.
    for cand in cands:
        if cand.strong or cand.how != "suffix":
            continue
        target = _canonical_target(cand, groups)
        if target is not None:
            groups[target].append(cand)
    merged: dict[str, str] = {}
    for key, members in groups.items():
        target = _canonical_target(members[0], groups)
        if target is not None:
            merged[key] = target
    for key, members in groups.items():
        final = key
        while final in merged:
            final = merged[final]
        head = groups[final][0]
        label = head.label
        known = known_programme(head.name)
        names = {c.name for c in groups[final]}
        name = known.name if known else min(names, key=lambda s: (-s.count(" "), -len(s), s))
        node = doc.add_node(label, name)
        for cand in members:
            node.aliases.update({cand.name, *cand.aliases} - {name})
            node.mentions += 1
            node.rules.add(RULE_OF[cand.how])
            for prop in ("ordinal",):
                if prop in cand.props:
                    node.props[prop] = cand.props[prop]
            doc.programmes.append(Mention(cand.start, cand.end, node.id, label, cand.how))
            if "abbreviation" in cand.props:
                abbreviations[cand.props["abbreviation"]] = (node.id, label)
    # P-HIS 사업단에는 …: the abbreviation a quoted name gave, standing alone, names it.
    named = _strictly_inside([(m.start, m.end) for m in doc.programmes])
    for abbreviation, (node_id_, label) in abbreviations.items():
        for start, end in abbreviation_mentions(text, abbreviation):
            if not named(start, end) and not any(m.start == start for m in doc.programmes):
                doc.programmes.append(Mention(start, end, node_id_, label, "abbreviation"))
                doc.nodes[node_id_].mentions += 1
    doc.programmes.sort(key=lambda m: (m.start, -m.end))


# [파이낸셜뉴스], (서울=연합뉴스), 사진=KT 제공, 연합뉴스 자료사진: a body credited for the
# story or a photo is no actor in it.
# (서울=연합뉴스): the wire credited for the story.
# 2025.2.25/뉴스1: a photo's date and its agency.
_CREDIT_BEFORE = re.compile(r"(?:[\[ⓒ©]|사진\s?[:=]|\([가-힣]{2,4}=|\d\s?/)\s?$")
# 머니투데이 김세관 기자: the outlet of a byline.
_CREDIT_AFTER = re.compile(
    r"\s?(?:\]|기자\b|자료사진|제공\b|DB\b)|\s[가-힣]{2,4}\s?(?:기자|특파원)(?!단|회견|실)"
)
_DATELINE = re.compile(r"\([가-힣]{1,4}=$")  # (서울=연합뉴스)


def _in_credit(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 8) : start]
    return (
        bool(_CREDIT_BEFORE.search(before))
        or (bool(_DATELINE.search(before)) and text.startswith(")", end))
        or bool(_CREDIT_AFTER.match(text, end))
    )


_TASK_LEAD = 24  # characters between a bullet and the task's head-word phrase


def _bulleted_task(text: str, cand: Candidate) -> bool:
    """▲투명한 전자투표 시스템(선관위): a task of a list, with the body that carries it out,
    not a programme of its own (a weak head word with only the bracket for support)."""
    if cand.how != "suffix" or cand.strong or not text.startswith("(", cand.end):
        return False
    line_start = text.rfind("\n", max(0, cand.start - _TASK_LEAD - 2), cand.start) + 1
    line_start = max(line_start, cand.start - _TASK_LEAD - 2)  # a bounded look back
    bullet = max(text.rfind("△", line_start, cand.start), text.rfind("▲", line_start, cand.start))
    lead = text[bullet + 1 : cand.start] if bullet >= 0 else ""
    return bullet >= 0 and len(lead) <= _TASK_LEAD and not any(c in lead for c in "(),")


_CAREER = pattern("verbs.career")
_BIOGRAPHY = pattern("career.markers")
# The sentence opens with a person in a role as its topic (박윤규 2차관은, 김영호 후보자는).
_ABOUT_PERSON = re.compile(
    r"\s*[가-힣]{1,4}\s(?:[가-힣A-Za-z0-9·]{1,12}\s){0,2}?[가-힣0-9]{0,8}"
    rf"(?:{alternation('roles.head')}|{alternation('roles.staff')}|후보자|내정자)(?:은|는)\s"
)


# < 이원태 KISA 원장 주요경력 >, [약력]: a heading over the bulleted lines of a career.
_CAREER_HEADING = re.compile(r"^\W{0,3}[^\n]{0,24}(?:경력|약력|프로필)\W{0,3}$", re.MULTILINE)
_BULLET_LINE = re.compile(r"[-·▲△○•◇◆]\s?[^\n]*")


def _career_lists(text: str) -> list[tuple[int, int]]:
    """The bulleted lines under a career heading, up to the first line that is none."""
    spans = []
    for heading in _CAREER_HEADING.finditer(text):
        at = heading.end()
        while True:
            while text.startswith("\n", at):
                at += 1
            line = _BULLET_LINE.match(text, at)
            if line is None:
                break
            spans.append((line.start(), line.end()))
            at = line.end()
    return spans


def _drop_career_bodies(
    text: str, sentences: list[Sentence], doc: DocumentMentions, spans: list[OrgSpan]
) -> list[OrgSpan]:
    """Bodies named only in a biography (… 출생으로 A대를 나와 B 부사장, C 원장을 역임) are
    a person's past career, not actors of the story: their mentions and nodes go."""
    career = []
    for s in sentences:
        # Only what follows the birth or school: "A 장관 후보자는 1955년 … 출생으로" names
        # the post before it.
        marker = _BIOGRAPHY.search(text, s.start, s.end)
        if marker is not None and _CAREER.search(text, marker.end(), s.end):
            # 고 위원장은 … 서울대 … 학위를 취득했다: after a person as the topic, the
            # schools come before the word that marks them.
            about = _ABOUT_PERSON.match(s.text)
            career.append((s.start + about.end() if about else marker.start(), s.end))
        # A 후보자는 … B 인권대사를 지냈다, A 차관은 C, D 등 관료 출신으로: the bodies
        # named before the verb of a career, in a sentence about a person.
        elif (verb := _CAREER.search(text, s.start, s.end)) and _ABOUT_PERSON.match(s.text):
            career.append((s.start, verb.start()))
    career += _career_lists(text)
    if not career:
        return spans

    def in_career(m: Mention) -> bool:
        return any(a <= m.start < b for a, b in career)

    elsewhere = {m.node for m in doc.orgs if not in_career(m)}
    dropped = {m.node for m in doc.orgs if in_career(m)} - elsewhere
    for node in dropped:
        del doc.nodes[node]
    kept = [m for m in doc.orgs if m.node not in dropped]
    starts = {m.start for m in kept}
    doc.orgs[:] = kept
    return [s for s in spans if s.start in starts]


def find_mentions(
    text: str, sentences: list[Sentence], gazetteer: Gazetteer, published: str | None = None
) -> DocumentMentions:
    """All mentions of ``text``, resolved to this document's nodes."""
    doc = DocumentMentions(nodes={}, orgs=[], people=[], programmes=[])
    spans: list[OrgSpan] = []
    for match in gazetteer.find_all(text):
        if _in_credit(text, match.start, match.end):
            continue
        if in_address(text, match.start, match.end, match.entry):
            continue
        entry = match.entry
        node = doc.add_node(
            entry.label,
            entry.name,
            name_en=entry.name_en,
            founded=entry.founded,
            dissolved=entry.dissolved,
        )
        node.aliases.update(a for a in entry.aliases if a != entry.name)
        if match.surface != entry.name:
            node.aliases.add(match.surface)
        node.mentions += 1
        node.rules.add(RULE_OF["gazetteer"])
        doc.orgs.append(Mention(match.start, match.end, node.id, entry.label, "gazetteer"))
        spans.append(OrgSpan(match.start, match.end, entry.label, entry.name))
    for org in find_unlisted(text, [(s.start, s.end) for s in spans]):
        if gazetteer.lookup(org.name) is not None:
            continue  # a listed name in a position the matcher declines (glued to a word)
        node = doc.add_node(org.label, org.name)
        node.mentions += 1
        node.rules.add(RULE_OF["pattern"])
        doc.orgs.append(Mention(org.start, org.end, node.id, org.label, "pattern"))
        spans.append(OrgSpan(org.start, org.end, org.label, org.name))
    for how, finder in (("list", find_list_members), ("performer", find_bracketed_performers)):
        for org in finder(text, [(s.start, s.end) for s in spans]):
            # 경기도 in a list of bodies is the province the gazetteer blocks in prose.
            entry = gazetteer.lookup(org.name)
            if entry is not None:
                org = replace(org, label=entry.label, name=entry.name)
            node = doc.add_node(org.label, org.name)
            node.mentions += 1
            node.rules.add(RULE_OF[how])
            doc.orgs.append(Mention(org.start, org.end, node.id, org.label, how))
            spans.append(OrgSpan(org.start, org.end, org.label, org.name))
    spans = _drop_career_bodies(text, sentences, doc, spans)
    doc.orgs.sort(key=lambda m: m.start)
    spans.sort(key=lambda s: s.start)
    doc.reorganisations = _reorganisations(gazetteer, {(s.label, s.name) for s in spans})
    people = find_people(text, spans)
    named_at = {p.start for p in people}
    people += [p for p in find_presidents(text, published) if p.start not in named_at]
    for person in people:
        node = doc.add_node(person.label, person.name)
        node.mentions += 1
        node.rules.add(person.rule)
        if person.org is not None:
            node.props.setdefault("role", f"{person.org.name} {person.role}")
        doc.people.append(
            (Mention(person.start, person.end, node.id, person.label, person.rule), person)
        )

    bounds = [(s.start, s.end) for s in sentences]

    def sentence_of(offset: int) -> tuple[int, int]:
        for start, end in bounds:
            if start <= offset < end:
                return start, end
        return offset, offset

    candidates = [
        *find_known(text),
        *find_meetings(text),
        *find_quoted(text, sentence_of),
        *find_headed(text),
        *find_budget_lines(text),
        *find_bulleted(text),
        *find_laws(text),
        *find_meeting_words(text),
        *find_named_days(text),
    ]
    doc.agreements = [(c.start, c.end, c.name) for c in candidates if c.how == "agreement"]
    org_spans = [(m.start, m.end) for m in doc.orgs]
    inside_org = _strictly_inside(org_spans)
    org_starts = sorted(start for start, _ in org_spans)
    org_ends = sorted(end for _, end in org_spans)

    def bodies_within(start: int, end: int) -> int:
        # Spans never overlap one another, so those starting at or after ``start`` and
        # ending by ``end`` are the ones within.
        return bisect_right(org_ends, end) - bisect_left(org_starts, start)

    candidates = [
        c
        for c in candidates
        if c.how != "agreement"
        # 디지털플랫폼정부 inside 디지털플랫폼정부위원회 is the committee's name.
        and not inside_org(c.start, c.end)
        and not _bulleted_task(text, c)
        # 중소벤처기업부 중소기업중앙회 … 스타트업얼라이언스: a run of bodies is no programme.
        and not (c.how == "suffix" and bodies_within(c.start, c.end) >= 2)
    ]
    org_text = set(org_spans)
    for cand in candidates:
        if (cand.start, cand.end) in org_text or (
            cand.how == "quoted" and gazetteer.lookup(cand.name) is not None
        ):
            cand.strong = False  # an organisation's name is not a programme
        elif not cand.strong and has_host_clause(text, cand.start, cand.end, doc.orgs):
            cand.strong = True
    _resolve_programmes(text, candidates, doc)
    _drop_orgs_inside_names(doc)
    return doc


def _drop_orgs_inside_names(doc: DocumentMentions) -> None:
    """연구협의회 in 제1회 디지털 대전환 메가트렌드 연구협의회: a body found only by its
    suffix, inside a meeting's or programme's name, is part of that name."""
    named = sorted((p.start, p.end) for p in doc.programmes)
    inside = _strictly_inside(named)
    guessed = {"pattern", "list"}
    dropped = [m for m in doc.orgs if m.how in guessed and inside(m.start, m.end)]
    if not dropped:
        return
    doc.orgs[:] = [m for m in doc.orgs if m not in dropped]
    remaining = {m.node for m in doc.orgs}
    for m in dropped:
        if m.node not in remaining:
            doc.nodes.pop(m.node, None)


def _reorganisations(
    gazetteer: Gazetteer, named: set[tuple[str, str]]
) -> list[tuple[str, str, str | None]]:
    """Reorganisations the gazetteer records between two bodies the document names."""
    found = []
    for label, name in sorted(named):
        for succession in gazetteer.successors(name):
            later = gazetteer.lookup(succession.later)
            if later is not None and (later.label, later.name) in named:
                found.append(
                    (node_id(later.label, later.name), node_id(label, name), succession.date)
                )
    return found


def bracketed_host(text: str, end: int, orgs: list[Mention]) -> Mention | None:
    """The organisation in brackets right after a name: 디지털 배움터(과기정통부)."""
    if not text.startswith("(", end):
        return None
    for org in orgs:
        if org.start == end + 1 and text.startswith(")", org.end):
            return org
    return None


def clause_host(text: str, start: int, orgs: list[Mention]) -> Mention | None:
    """The organisation of a hosting clause before a name: 중기부가 운영 중인 X."""
    for org in orgs:
        near = org.end <= start and start - org.end <= 24
        if near and HOSTING_CLAUSE.match(text[org.end : start]):
            return org
    return None


# 행안부는 1월부터 모바일 공무원증을 발급한다: the name is what a body's clause runs.
_HOSTED_OBJECT = re.compile(
    rf"(?:{SCHEME_TAIL})?"
    r"(?:(?:을|를)\s(?:[^\s.]+\s){0,2}?(?:운영|도입|시행|발급|출범|추진|구축|가동)"
    r"(?:한|하|했|해|할|된|에)"
    # 행안부, 연말엔 모바일 운전면허증 도입: a headline's object and its verbal noun.
    r"|\s(?:운영|도입|시행|발급|출범|추진|구축|가동)(?:\s?(?:…|\.\.\.)|$))",
    re.MULTILINE,
)
_SUBJECT_AFTER_ORG = re.compile(r"(?:\([^)]{0,20}\))?(?:(?:은|는|이|가)\s|,\s)")
_SUBJECT_REACH = 60


def object_host(text: str, start: int, end: int, orgs: list[Mention]) -> Mention | None:
    """The body that is the subject of a clause whose object, run by it, is the name."""
    if not _HOSTED_OBJECT.match(text, end):
        return None
    for org in reversed(orgs):
        near = org.end <= start and start - org.end <= _SUBJECT_REACH
        if near and "다." not in text[org.end : start] and _SUBJECT_AFTER_ORG.match(text, org.end):
            return org
    return None


def has_host_clause(text: str, start: int, end: int, orgs: list[Mention]) -> bool:
    return (
        bracketed_host(text, end, orgs) is not None
        or clause_host(text, start, orgs) is not None
        or object_host(text, start, end, orgs) is not None
    )


def _strictly_inside(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether (start, end) lies inside one of ``spans`` and is not that span,
    in log time (a text with thousands of organisations stays linear).

    >>> inside = _strictly_inside([(0, 10), (20, 25)])
    >>> inside(2, 5), inside(0, 10), inside(0, 9), inside(9, 12), inside(20, 26)
    (True, False, True, False, False)
    """
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach: list[int] = []  # the furthest end among spans starting at or before each one
    for _, e in ordered:
        reach.append(max(e, reach[-1]) if reach else e)
    widest_from: dict[int, int] = {}
    for s, e in ordered:
        widest_from[s] = max(e, widest_from.get(s, e))

    def inside(start: int, end: int) -> bool:
        before = bisect_left(starts, start)  # spans starting strictly before start
        if before and reach[before - 1] >= end:
            return True
        return widest_from.get(start, -1) > end

    return inside
