"""What follows, replaces or belongs to what: SUCCEEDS and PART_OF.

X의 일환으로 Y; X에 이어 Y, 'A'의 후속, 'A'을 잇는; 제N차 after 제(N-1)차 of one series;
전임 X 장관의 뒤를 이어; reorganisations the gazetteer records; parents the programme
list records.
"""

from __future__ import annotations

import re
from itertools import pairwise

from loaders.clauses import (
    Extracted,
    SentenceView,
    nested_in,
    sentence_date,
)
from loaders.lexicon import pattern
from loaders.mentions import DocumentMentions, Mention
from loaders.patterns import CLOSE_QUOTE
from loaders.programmes import BULLETS, known_programme

# 'A'의 후속 (사업|으로), 'A'을 잇는 / 계승한: the programme named before is the earlier one.
_SUCCEEDS_AFTER = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:의\s?후속|(?:을|를)\s?(?:잇는|이은|이어받은|이어받는|계승한|계승하는|계승해))"
)

# X의 일환으로 Y: Y is part of X; X에 이어 Y: Y succeeds X.
_PART_OF = re.compile(rf"{CLOSE_QUOTE}\s?의\s?일환으로")
_AFTER_PREVIOUS = re.compile(rf"{CLOSE_QUOTE}\s?에\s?이어")
_LINKS = ((_PART_OF, "PART_OF"), (_AFTER_PREVIOUS, "SUCCEEDS"), (_SUCCEEDS_AFTER, "SUCCEEDS"))

# 이번 방안은 …: the document's own programme, named by its head noun.
_THIS_ONE = re.compile(r"(?<![가-힣])(?:이번\s?|이\s)(?P<noun>[가-힣]{1,6})(?:은|는|이|가)\s")

# 전임 유상임 장관의 뒤를 이어: the predecessor in office of whoever now heads the body.
_FORMER = re.compile(r"(?:전임|전)\s$")

_TAKES_OVER = re.compile(r"뒤를\s?이어|후임으로|바통을\s?이어|자리를\s?이어")

_NOT_YET = re.compile(r"내정|지명|거론|유력|검토|하마평")

FIRST = "lineage.first_meeting"

_REORGANISED = pattern("verbs.reorganisation")
_FIRST_MEETING = re.compile(r"첫\s?(?:번째\s?)?회의")


def reorganisations(
    views: list[SentenceView], mentions: DocumentMentions, doc_id: str, out: Extracted
) -> None:
    """미래창조과학부 → 과학기술정보통신부: a reorganisation the gazetteer records, when the
    document names both bodies; the evidence is the sentence naming the earlier one."""
    for later, earlier, date in mentions.reorganisations:
        # A past body named in a biography (행정자치부 지방행정실장) states no reorganisation:
        # a sentence naming either body must speak of one.
        naming = [v for v in views if any(o.node in (later, earlier) for o in v.orgs)]
        said = [v for v in naming if _REORGANISED.search(v.sentence.text)]
        view = next((v for v in said if any(o.node == earlier for o in v.orgs)), None)
        view = view or (said[0] if said else None)
        if view is not None:
            out.add("lineage.reorganisation", "SUCCEEDS", later, earlier, view, doc_id, date=date)


def meeting_successions(
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
                    first.rules.add(FIRST)
                    date = sentence_date(text, view.sentence, published)
                    first.state("date", date, view.sentence.text)
                    by_ordinal[1] = first.id
                    for host in hosts.get(later.id, set()):
                        out.add(FIRST, "HOSTS", host, first.id, view, doc_id, date=date)
                    out.add(FIRST, "SUCCEEDS", later.id, first.id, view, doc_id)
                    break
        ordinals = sorted(by_ordinal)
        for earlier, later_n in pairwise(ordinals):
            if later_n == earlier + 1 and not any(
                e.type == "SUCCEEDS" and e.source == by_ordinal[later_n] for e in out.edges
            ):
                view = next(
                    v for v in views if any(p.node == by_ordinal[earlier] for p in v.programmes)
                )
                out.add(
                    "lineage.numbered_meeting",
                    "SUCCEEDS",
                    by_ordinal[later_n],
                    by_ordinal[earlier],
                    view,
                    doc_id,
                )


def stated_lineage(
    text: str,
    views: list[SentenceView],
    mentions: DocumentMentions,
    doc_id: str,
    out: Extracted,
) -> None:
    """Y is part of, or succeeds, the programme X named before it in a sentence.

    Without a Y after X there, 이번 방안은 … names this document's own programme
    by its head noun ('A'을 잇는, …의 일환으로; not for X에 이어, which needs its Y).
    """
    for view in views:
        programmes = [p for p in view.programmes if not nested_in(p, view.programmes)]
        this_one = _THIS_ONE.search(view.sentence.text)
        for earlier in programmes:
            for link, rel in _LINKS:
                if not link.match(text, earlier.end):
                    continue
                later = next((p.node for p in programmes if p.start > earlier.end), None)
                if later is None and this_one is not None and pattern is not _AFTER_PREVIOUS:
                    later = _named_by_head(mentions, this_one["noun"], earlier.node)
                if later is not None:
                    out.add("lineage.stated", rel, later, earlier.node, view, doc_id)


# 1차관 후임에는 NAME이 내정됐다: the post of someone named before in the document.
_POST_AFTER = re.compile(r"(?P<role>[가-힣0-9]{1,12})\s?후임(?:에는|으로는|에|으로|자리에는)\s")


def _named_to_post_after(views: list[SentenceView], doc_id: str, out: Extracted) -> None:
    """ROLE 후임에는 NAME: NAME succeeds the one other person the document gives that role
    at the same body (the text says so, so a nominee counts)."""
    held = [e for e in out.edges if e.type in ("HEADS", "WORKS_FOR")]
    for view in views:
        for post in _POST_AFTER.finditer(view.sentence.text):
            at = view.sentence.start + post.end()
            later = next(((m, p) for m, p in view.people if m.start >= at), None)
            if later is None:
                continue
            mention, person = later
            # The body of the post; without one (1차관 후임에는), any body of that role.
            bodies = {e.target for e in held if e.source == mention.node}
            earlier = {
                e.source
                for e in held
                if e.source != mention.node
                and e.props.get("role") in (person.role, post["role"])
                and (e.target in bodies or not bodies)
            }
            if len(earlier) == 1:
                rule = "lineage.post_predecessor"
                out.add(rule, "SUCCEEDS", mention.node, earlier.pop(), view, doc_id)


def office_successions(text: str, views: list[SentenceView], doc_id: str, out: Extracted) -> None:
    """전임 X 장관의 뒤를 이어 …: whoever heads the body in this document succeeds X."""
    _named_to_post_after(views, doc_id, out)
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
                out.add(
                    "lineage.office_predecessor",
                    "SUCCEEDS",
                    successors.pop(),
                    mention.node,
                    view,
                    doc_id,
                )


def _named_by_head(mentions: DocumentMentions, noun: str, other_than: str) -> str | None:
    """The first programme of the document whose name ends in ``noun`` (이번 방안 → … 혁신 방안)."""
    for mention in mentions.programmes:
        name = mentions.nodes[mention.node].name.replace(" ", "")
        if mention.label == "Program" and mention.node != other_than and name.endswith(noun):
            return mention.node
    return None


def _series_key(name: str) -> str:
    return re.sub(r"^제\s?\d+\s?차\s?|\s", "", name).casefold()


def bulleted_parts(text: str, views: list[SentenceView], doc_id: str, out: Extracted) -> None:
    """△A △B 등: each bulleted programme is PART_OF the programme named before the list
    (in its sentence, else the nearest sentence before it that names one)."""
    # Without a parent in its sentence, the list belongs to the programme the article is
    # about: of those named before it, the one named most often.
    seen: dict[str, int] = {}
    previous: Mention | None = None
    named: list[Mention] = []  # every programme named so far, in order
    for view in views:
        bullets = [
            p for p in view.programmes if text[max(0, p.start - 2) : p.start].strip() in BULLETS
        ]
        if len(bullets) >= 2:
            first = min(b.start for b in bullets)
            before = [
                p
                for p in view.programmes
                if p.end <= first and p.label == "Program" and not nested_in(p, view.programmes)
            ]
            parent = (
                max(before, key=lambda p: p.start)
                if before
                else _counted_parent(text, view, named) or previous
            )
            for item in bullets if parent is not None else ():
                if item.node != parent.node:
                    out.add(
                        "lineage.bulleted_parts", "PART_OF", item.node, parent.node, view, doc_id
                    )
        named += [p for p in view.programmes if p.label == "Program" and p not in bullets]
        for p in view.programmes:
            if p.label == "Program" and p not in bullets:
                seen[p.node] = seen.get(p.node, 0) + 1
                if previous is None or seen[p.node] >= seen[previous.node]:
                    previous = p


# △A △B … 등 7개 사업이다 after 'X' 프로젝트 7대 핵심사업: the count names the parent.
_LIST_COUNT = re.compile(
    r"등\s?(?P<n>\d+)\s?(?:개|대|가지)\s?(?:핵심\s?|세부\s?)?(?:사업|과제|분야|프로젝트)"
)
_COUNT_AFTER = (
    r"['’\"”]?\s?(?:프로젝트|사업|전략)?\s?(?:의\s)?{n}\s?(?:대|개|가지)\s?(?:핵심|세부|중점)?"
)
_COUNT_REACH = 400


def _counted_parent(text: str, view: SentenceView, named: list[Mention]) -> Mention | None:
    count = _LIST_COUNT.search(view.sentence.text)
    if count is None:
        return None
    after = re.compile(_COUNT_AFTER.format(n=count["n"]))
    for p in reversed(named):
        if view.sentence.start - p.end > _COUNT_REACH:
            break
        if after.match(text, p.end):
            return p
    return None


def known_parents(
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
            out.add("lineage.known_parent", "PART_OF", node.id, parent.id, view, doc_id)
