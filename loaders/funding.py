"""FUNDS edges: who puts how much into which programme or fund.

240억원 규모의 X를 조성 gives the fund its size (on the Fund node) and names its funders
without an amount: a FUNDS edge carries only a funder's own stated contribution
(X에 30억원 출연, 산업은행이 800억원, 카카오와 네이버가 각각 500억원씩), also
for the fund named in the sentence before. Funders of one programme in a document fund it together.
"""

from __future__ import annotations

import re

from graph.schema import label_of_id
from loaders.clauses import (
    ORGANISATIONS,
    Extracted,
    SentenceView,
    co_actors_of,
    joined_in_list,
    listed_with,
)
from loaders.lexicon import words
from loaders.mentions import DocumentMentions, Mention
from loaders.money import Money, find_money
from loaders.patterns import CLOSE_QUOTE, NOTE

_FUND_VERBS = re.compile(r"조성|출연|출자|투자|투입|편성|결성|마련|지원")

FOLLOW_ON = 400  # characters after a fund's sentence in which "이 가운데 …" may refer to it

# Words by which a sentence goes on about the programme named before it.
_REFERS_BACK = re.compile(
    r"각각|공동|이\s?(?:가운데|중)|이를\s?위해|(?:이번|이|해당|본)\s?(?:사업|펀드|프로그램|실증|과제|프로젝트)"
    r"|사업(?:에|을|비)|펀드(?:에|를)"
)

_CONTRIBUTION_VERBS = re.compile(r"출자|출연|투자|분담|부담|투입")

# After a funder: its particle (산업은행이, 카카오와 네이버가 각각) before its amount.
_FUNDER_THEN_AMOUNT = re.compile(
    # A, B 등 10개사가 멘토기업으로 1300억원: a counted list may close the funders.
    rf"\s?{NOTE}(?:\s?등\s?\d+\s?(?:개사|곳|개\s?(?:기관|기업|사)))?"
    rf"\s?(?:이|가|은|는|도|에서)\s(?:[^\s,]{{1,10}}\s){{0,2}}?(?:각각\s|총\s)?$"
)

_EACH = re.compile(r"각각|씩|각\s")
# 금융위는 2000억원 규모의 X를 조성한다: the size of what is made, not the subject's share.
_SIZE_WORD = re.compile(r"\s?규모(?:의|로)")
_OBJECT_PARTICLE = re.compile(rf"{CLOSE_QUOTE}\s?(?:을|를)?\s?")

_AS_SUBJECT = re.compile(rf"{CLOSE_QUOTE}\s?(?:이|가|은|는)\s")
# 성장사다리펀드가 1580억원을: a fund as the subject of its own contribution (X펀드는
# 300억원 is the fund's size).
_FUND_AS_FUNDER = re.compile(rf"{CLOSE_QUOTE}\s?(?:이|가|에서)\s")
# 모태펀드에서 200억원을 출자해: the fund the money comes from.
_FROM_FUND = re.compile(rf"{CLOSE_QUOTE}\s?에서\s")

_PERIOD = re.compile(r"(?P<n>\d+)\s?(?P<unit>년|개월)간")


def fund_edges(
    text: str,
    view: SentenceView,
    implied: list[str],
    doc_id: str,
    out: Extracted,
    mentions: DocumentMentions,
    last_funded: tuple[int, str] | None,
    last_programme: Mention | None,
    last_fund: Mention | None = None,
) -> tuple[int, str] | None:
    """FUNDS edges of one sentence; returns the fund or programme funded last (with the
    sentence's offset), which a following sentence may go on about without naming it."""
    if not view.programmes and _INVESTORS_JOIN.search(view.sentence.text):
        return _investors_join(view, doc_id, out, last_funded, last_fund)
    if not _FUND_VERBS.search(view.sentence.text):
        return last_funded
    s = view.sentence
    money = find_money(text[s.start : s.end])
    if not money:
        return _unpriced(text, view, implied, doc_id, out, last_funded, last_programme)
    shares = _shares(text, view, money)
    targets = [
        p
        for p in view.programmes
        if p.label in ("Program", "Fund")
        and (not _AS_SUBJECT.match(text, p.end) or funded_by_list(text, view, p))
        and not _PAIRED_AMOUNT.match(text, p.end)
        and not _FROM_FUND.match(text, p.end)
    ]  # 모태펀드가 2000억원을 출자: a fund that puts money in is no target here, unless
    # its own funders are named before it (과기부가 출자한 X는 460억원)
    fund_before = last_fund is not None and s.start - last_fund.start <= FOLLOW_ON
    if not targets and fund_before and (named := _contributions_named(text, view)):
        # 펀드는 국책은행(A, B, C) 출자금 1000억원과 …: the fund just named.
        _listed_funders(out, named, last_fund.node, view, doc_id)
        return (s.start, last_fund.node)
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
            and s.start - last_programme.start <= FOLLOW_ON
            and _REFERS_BACK.search(s.text)
        ):
            target = last_programme.node
        elif last_fund is not None and s.start - last_fund.start <= FOLLOW_ON and "출자" in s.text:
            # … 등 10개사가 1300억원 규모 출자를 확정: money put into the fund named last.
            target = last_fund.node
        else:
            return last_funded
        period = _PERIOD.search(s.text)
        for funder, amount in shares.items():
            out.refine(
                "funds.share_of_fund_named_before",
                "FUNDS",
                funder,
                target,
                view,
                doc_id,
                amount_krw=amount,
                period=f"{period['n']}{period['unit']}" if period else None,
            )
        _mark_co_funded(out, target)
        return (s.start, target)
    funders = list(dict.fromkeys([*implied, *co_actors_of(text, view)]))
    period = _PERIOD.search(s.text)
    funded = last_funded
    into_list = _listed_into(text, targets, money, s.start)
    for prog in targets:
        # 과기부가 출자한 X는 460억원: the funders named before the fund, without a share.
        for funder in funded_by_list(text, view, prog):
            out.add("funds.listed_funders", "FUNDS", funder, prog.node, view, doc_id)
            funded = (view.sentence.start, prog.node)
        sized = False
        amount = None  # what the funders of this sentence put in, where the text says so
        for m in money:
            m_end = s.start + m.end
            between = text[m_end : prog.start]
            if re.fullmatch(r"\s?규모의?\s?['‘`\"“]?", between):
                # 240억원 규모의 X: the fund's size, on the node; no funder's own share.
                mentions.nodes[prog.node].state("amount_krw", m.amount_krw, view.sentence.text)
                sized = True
                # 네이버는 100억원 규모의 지원금을 출연한다: one funder puts in the whole.
                if len(funders) == 1 and _CONTRIBUTION_VERBS.match(
                    text, prog.end + len(_OBJECT_PARTICLE.match(text, prog.end)[0])
                ):
                    amount = m.amount_krw
            elif _SIZED_AFTER.fullmatch(text, prog.end, s.start + m.start) and _SIZE_TAIL.match(
                text, m_end
            ):
                # X를 1000억원 규모로 조성했다: the size comes after the fund.
                mentions.nodes[prog.node].state("amount_krw", m.amount_krw, view.sentence.text)
                sized = True
            elif 0 < s.start + m.start - prog.end <= 16 and re.match(
                r"['’`\"”]?\s?에(?!서)", text[prog.end :]
            ):
                amount = m.amount_krw
        per_funder = shares if len(targets) == 1 else {}
        if amount is None and not sized and not per_funder and prog.node not in into_list:
            continue
        # Without a stated amount or size, only those with a share of their own fund it.
        # 중기부는 모태펀드에서 200억원을 출자해 X를 결성했다: the subject makes the fund too;
        # A펀드, B펀드 등 14개 분야에 6528억원을 출자: each of a list shares the money.
        makes = amount is not None or sized or _FUNDS_IT.match(text, prog.end)
        makes = makes or prog.node in into_list
        named = [*funders, *per_funder] if makes else list(per_funder)
        for funder in dict.fromkeys(named):
            own = per_funder.get(funder, amount)
            if own is None and manages_funds(funder, prog):
                out.add("hosts.fund_manager", "HOSTS", funder, prog.node, view, doc_id)
                continue
            out.add(
                "funds.named_target",
                "FUNDS",
                funder,
                prog.node,
                view,
                doc_id,
                amount_krw=own,
                period=f"{period['n']}{period['unit']}" if period else None,
            )
        _mark_co_funded(out, prog.node)
        funded = (view.sentence.start, prog.node)
    return funded


# X를 조성한다, X에 출자했다: the fund is what the subject puts money into.
_FUNDS_IT = re.compile(
    rf"{CLOSE_QUOTE}\s?(?:을|를|에)\s(?:[^\s.]+\s){{0,2}}?(?:공동\s?|함께\s)?(?:조성|출자|출연|결성)"
)
# A, B, C 등 4개 정부 부처가 출자한 X: the list before the fund funds it.
_FUNDED_BY = re.compile(
    rf"{NOTE}"  # 환경부(장관 조명래) 등 2개 부처가 출자한 X: the last funder's note
    r"(?:\s?등)?(?:\s?\d+\s?(?:개|곳)\s?(?:[가-힣]+\s){0,2}?(?:부처|기관|기업|사|곳)?)?"
    r"\s?(?:이|가)\s(?:공동으로\s|함께\s)?(?:출자|출연|조성|투자|결성)(?:한|하는|할)\s"
    # 산업은행 등이 출자하는 집합 투자기구인 'X': what the fund is, in apposition.
    r"(?:(?:[가-힣]+\s){0,2}[가-힣]+인\s)?"
    # 문체부가 출자한 한국영화투자(영진위)와 관광기업육성펀드: the second of two funds.
    r"(?:[^\s,]{2,30}?(?:\([^)]{0,20}\))?\s?(?:와|과|,|·)\s?)?"
    r"|\s출자\s"  # 해수부 출자 해양신산업 전용펀드
)
# 출자기업은 A, B, C …이다: the investors of the fund just named.
_INVESTORS_ARE = re.compile(r"(?:출자|출연|투자)(?:기업|기관|자|사|처)(?:은|는|로는)\s")


# A·B·C 등 민간LP 21곳이 참여한다, A와 B가 출자자로 참여했다: investors joining the
# fund named before (the sentence names none).
_INVESTORS_JOIN = re.compile(
    r"(?:등\s?)?(?:민간\s?|앵커\s?)?(?:LP|출자자|출자기관|투자자)(?:로|로서|\s?\d+\s?(?:곳|개사|개\s?기관)(?:이|가))"
    r"\s(?:[^\s.]+\s)?참여"
)


def _investors_join(
    view: SentenceView,
    doc_id: str,
    out: Extracted,
    last_funded: tuple[int, str] | None,
    last_fund: Mention | None,
) -> tuple[int, str] | None:
    s = view.sentence
    target = last_funded[1] if last_funded is not None else None
    if target is None and last_fund is not None and s.start - last_fund.start <= FOLLOW_ON:
        target = last_fund.node
    joins = _INVESTORS_JOIN.search(s.text)
    if target is None or joins is None:
        return last_funded
    before = s.start + joins.start()
    investors = [o for o in view.orgs if o.end <= before and o.label in ORGANISATIONS]
    _listed_funders(out, investors, target, view, doc_id)
    return (s.start, target)


# 산업은행 출자금, 국책은행(A, B, C) 출자금: money named by whose it is.
_CONTRIBUTION_NOUN = re.compile(r"\)?\s?(?:의\s)?(?:출자금|출연금|투자금|출자액|출자분)")


def _contributions_named(text: str, view: SentenceView) -> list[Mention]:
    """The organisations whose contribution the sentence names, with those listed before."""
    orgs = sorted((o for o in view.orgs if o.label in ORGANISATIONS), key=lambda o: o.start)
    for i in range(len(orgs) - 1, -1, -1):
        if _CONTRIBUTION_NOUN.match(text, orgs[i].end):
            return list(reversed(listed_with(text, orgs, i)))
    return []


# …, C펀드 등 총 14개 분야에 (6528억원을 출자): the list the money goes into.
_INTO_LIST = re.compile(r"(?:\s?등)?(?:\s총)?(?:\s?\d+\s?개)?(?:\s[가-힣]{1,4})?\s?에\s")


def _listed_into(text: str, targets: list[Mention], money: list[Money], offset: int) -> set[str]:
    """The members of a list of programmes that money is put into, together."""
    ordered = sorted(targets, key=lambda p: p.start)
    for i, last in enumerate(ordered):
        into = _INTO_LIST.match(text, last.end)
        if i and into and any(offset + m.start >= into.end() - 1 for m in money):
            chain = listed_with(text, ordered, i)
            if len(chain) > 1:
                return {p.node for p in chain}
    return set()


_FUND_MANAGER_ENDINGS = words("orgs.fund_manager_endings")


def manages_funds(node: str, fund: Mention) -> bool:
    """A venture capital or asset manager that makes a fund runs it (HOSTS) rather than
    funds it, unless the text gives its own contribution."""
    return (
        fund.label == "Fund"
        and label_of_id(node) == "Company"
        and node.split(":", 1)[1].endswith(_FUND_MANAGER_ENDINGS)
    )


def _listed_funders(
    out: Extracted, investors: list[Mention], target: str, view: SentenceView, doc_id: str
) -> None:
    """Each listed investor funds the fund named before; together, they co-fund it."""
    for org in investors:
        out.add("funds.listed_funders", "FUNDS", org.node, target, view, doc_id)
    if investors:
        _mark_co_funded(out, target)


# A·B·C 8개 부처는 'X'를 조성했다: a list of bodies counted before its particle.
_COUNTED_SUBJECT = re.compile(
    r"(?:\s?등)?\s?\d+\s?(?:개|곳)\s?(?:[가-힣]+\s)?(?:부처|기관|기업|사|곳)?(?:은|는|이|가)\s"
)


def counted_subjects(text: str, view: SentenceView, prog: Mention) -> list[str]:
    """The members of a counted list that is the subject of the clause about ``prog``."""
    orgs = sorted((o for o in view.orgs if o.end <= prog.start), key=lambda o: o.start)
    for i in range(len(orgs) - 1, -1, -1):
        if _COUNTED_SUBJECT.match(text, orgs[i].end):
            return [o.node for o in reversed(listed_with(text, orgs, i))]
    return []


# 바이오펀드는 복지부와 중기부가 공동으로 조성한다: the fund as the topic, its makers after;
# X펀드에는 A, B, C가 출자했다: the fund as the place the money goes.
_TOPIC = re.compile(rf"{CLOSE_QUOTE}\s?(?:은|는|에는|에도|에)\s")
_MADE_BY = re.compile(
    rf"{NOTE}\s?(?:이|가)\s(?:[^\s.]+\s){{0,2}}?(?:공동으로\s|함께\s)?(?:조성|출자|출연|결성)"
)


def topic_makers(text: str, view: SentenceView, prog: Mention) -> list[str]:
    """The bodies that make a fund named as the sentence's topic."""
    if not _TOPIC.match(text, prog.end):
        return []
    orgs = sorted((o for o in view.orgs if o.start >= prog.end), key=lambda o: o.start)
    for i, org in enumerate(orgs):
        if _MADE_BY.match(text, org.end):
            return [o.node for o in reversed(listed_with(text, orgs, i))]
    return []


def funds_it(text: str, prog: Mention) -> bool:
    """X를 조성한다, X에 출자했다: money goes into ``prog``."""
    return bool(_FUNDS_IT.match(text, prog.end))


def funded_by_list(text: str, view: SentenceView, prog: Mention) -> list[str]:
    """The organisations of a relative clause before ``prog`` that fund it."""
    orgs = sorted((o for o in view.orgs if o.end <= prog.start), key=lambda o: o.start)
    for i in range(len(orgs) - 1, -1, -1):
        if _FUNDED_BY.fullmatch(text, orgs[i].end, prog.start):
            return [o.node for o in listed_with(text, orgs, i)]
    return []


_MAKING_AGREEMENT = re.compile(r"\s?(?:조성|결성)\s?(?:업무\s?)?협약")
_WITH_BEFORE_TITLE = re.compile(r"\s?(?:와|과)\s(?:[^\s]+\s){0,2}?['‘\"“]?")


def _agreeing_with(text: str, view: SentenceView, prog: Mention) -> list[str]:
    """A, B와 'X 조성 협약': the bodies listed before the agreement's title."""
    orgs = sorted((o for o in view.orgs if o.end <= prog.start), key=lambda o: o.start)
    for i in range(len(orgs) - 1, -1, -1):
        if _WITH_BEFORE_TITLE.fullmatch(text, orgs[i].end, prog.start):
            return [o.node for o in reversed(listed_with(text, orgs, i))]
    return []


_SIZED_AFTER = re.compile(rf"{CLOSE_QUOTE}\s?(?:을|를|은|는)\s(?:총\s|약\s)?")
_SIZE_TAIL = re.compile(r"\s?(?:규모로|규모의\s?(?:펀드|자금)로)")


def _unpriced(
    text: str,
    view: SentenceView,
    implied: list[str],
    doc_id: str,
    out: Extracted,
    last_funded: tuple[int, str] | None,
    last_programme: Mention | None,
) -> tuple[int, str] | None:
    """FUNDS without an amount, where the text names funders and a fund but no money."""
    s = view.sentence
    funded = last_funded
    for prog in (p for p in view.programmes if p.label == "Fund"):
        listed = funded_by_list(text, view, prog)
        if listed:
            funders, rule = listed, "funds.listed_funders"
        elif _FUNDS_IT.match(text, prog.end):
            funders = list(dict.fromkeys([*implied, *co_actors_of(text, view)]))
            funders = funders or counted_subjects(text, view, prog)
            rule = "funds.named_target"
        elif makers := topic_makers(text, view, prog):
            funders, rule = makers, "funds.named_target"
        elif _MAKING_AGREEMENT.search(text, prog.start, prog.end + 12):
            # 정부는 A, B와 'X펀드 조성 협약'을 맺었다: those who agree to make it fund it.
            funders, rule = _agreeing_with(text, view, prog), "funds.named_target"
        else:
            continue
        for funder in funders:
            if manages_funds(funder, prog):
                out.add("hosts.fund_manager", "HOSTS", funder, prog.node, view, doc_id)
            else:
                out.add(rule, "FUNDS", funder, prog.node, view, doc_id)
        _mark_co_funded(out, prog.node)
        funded = (s.start, prog.node)
    investors = _INVESTORS_ARE.search(s.text)
    target = last_funded[1] if last_funded is not None else None
    if target is None and last_programme is not None and last_programme.label == "Fund":
        target = last_programme.node
    if investors and target is not None and not view.programmes:
        after = s.start + investors.end()
        listed = [o for o in view.orgs if o.start >= after and o.label in ORGANISATIONS]
        _listed_funders(out, listed, target, view, doc_id)
    return funded


def _shares(text: str, view: SentenceView, money: list[Money]) -> dict[str, int | None]:
    """Each organisation's own amount: 산업은행이 800억원, 카카오와 네이버가 각각 500억원씩.

    An amount belongs to the organisations just before it (the last of them followed
    by its particle, the others joined to it by 와/과/,/·); without 각각 or 씩 such a
    group puts in the amount together: each funds, and no one's share is known (None).
    """
    s = view.sentence
    # 성장사다리펀드가 1580억원을 출자한다: a fund may put money in, as a body does.
    funds = [p for p in view.programmes if p.label == "Fund" and _fund_as_funder(text, p)]
    orgs = sorted(
        [*(o for o in view.orgs if o.label in ORGANISATIONS), *funds], key=lambda o: o.start
    )
    shares: dict[str, int | None] = {}
    group: list[str] = []
    for i, org in enumerate(orgs):
        group.append(org.node)
        limit = orgs[i + 1].start if i + 1 < len(orgs) else s.end
        within = [m for m in money if org.end <= s.start + m.start < limit]
        # 모태펀드(250억원), KDB산업은행(500억원): each with its own amount, though listed.
        paired = next(
            (m for m in within if _listed_pair(text, org.end, s.start + m.start, s.start + m.end)),
            None,
        )
        if paired is None and joined_in_list(text, org.end, limit) and i + 1 < len(orgs):
            continue
        amount = paired or next(
            (
                m
                for m in within
                if _FUNDER_THEN_AMOUNT.match(text[org.end : s.start + m.start])
                and not _SIZE_WORD.match(text, s.start + m.end)
            ),
            None,
        )
        if amount is not None:
            each = len(group) == 1 or bool(_EACH.search(text, org.end, s.start + amount.end + 2))
            for node in group:
                shares[node] = amount.amount_krw if each else None
        group = []
    return shares


# 재정 1000억원, 산업은행 5300억원, 산은캐피탈 1000억원 등: a list of funders, each with
# its amount and no particle.
_NEXT_PAIR = re.compile(r"\s?(?:,|·|등\s|\))")


# 성장사다리펀드 1200억원, …: a fund listed with its own amount puts that money in.
_PAIRED_AMOUNT = re.compile(r"\s?\(?\d[\d,.]*\s?(?:조|억|만)[^,]{0,8}?원?\s?(?:,|·|등\s)")


def _fund_as_funder(text: str, fund: Mention) -> bool:
    return bool(_FUND_AS_FUNDER.match(text, fund.end) or _PAIRED_AMOUNT.match(text, fund.end))


def _listed_pair(text: str, org_end: int, amount_start: int, amount_end: int) -> bool:
    # 모태펀드(250억원), KDB산업은행(500억원): the amount may stand in brackets.
    no_particle = text[org_end:amount_start] in ("", " ", "(", " (")
    return no_particle and _NEXT_PAIR.match(text, amount_end) is not None


def _mark_co_funded(out: Extracted, target: str) -> None:
    """Funders of the same programme in one document fund it together."""
    funding = [e for e in out.edges if e.type == "FUNDS" and e.target == target]
    if len({e.source for e in funding}) > 1:
        for edge in funding:
            edge.props["co_funded"] = True
