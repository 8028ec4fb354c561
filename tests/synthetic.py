"""Synthetic documents shaped like the real ones, for volume and crash tests.

Ministries, agencies, companies and funds come from shared pools, so documents
overlap the way news does (the same ministry and companies in many articles);
most programmes and meetings are new in each document. Everything is
deterministic in the document number and the seed.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from graph.model import DocumentFacts, DocumentMeta, EdgeFact, Evidence, NodeFact
from graph.schema import edge_allowed, node_id

POOLS = {
    "Ministry": 25,
    "Agency": 60,
    "Company": 3000,
    "Organization": 500,
    "Minister": 100,
    "Person": 5000,
    "Fund": 400,
    "Program": 2000,
}
_PREFIX = {
    "Ministry": "가상부",
    "Agency": "가상진흥원",
    "Company": "가상기업",
    "Organization": "가상협회",
    "Minister": "장관후보",
    "Person": "인물",
    "Fund": "가상펀드",
    "Program": "공동사업",
    "Meeting": "회의",
}
# Which edges a document states, and how often.
_EDGE_TYPES = (
    ("HOSTS", 8),
    ("FUNDS", 8),
    ("PARTNERS_WITH", 7),
    ("PARTICIPATES_IN", 8),
    ("WORKS_FOR", 3),
    ("PART_OF", 4),
    ("HEADS", 2),
)
_START = date(2019, 1, 1)


def _pooled(label: str, number: int) -> NodeFact:
    name = f"{_PREFIX[label]} {number}"
    aliases = [f"{_PREFIX[label]}{number}"] if label in ("Ministry", "Agency") else []
    props: dict[str, object] = {}
    if label == "Fund":
        props["amount_krw"] = (number % 40 + 1) * 1_000_000_000
    if label in ("Minister", "Person"):
        props["role"] = "장관" if label == "Minister" else "대표"
    return NodeFact(id=node_id(label, name), label=label, name=name, aliases=aliases, props=props)


def _own(label: str, doc_number: int, k: int) -> NodeFact:
    name = f"{_PREFIX[label]} {doc_number}-{k}"
    return NodeFact(id=node_id(label, name), label=label, name=name)


def synthetic_document(
    number: int, *, seed: int = 0, n_nodes: int = 30, n_edges: int = 40, version: int = 0
) -> DocumentFacts:
    """Document ``number`` of a synthetic corpus (``version`` > 0 gives a changed copy)."""
    rng = random.Random(f"{seed}:{number}:{version}")
    day = _START + timedelta(days=number % 1500)
    doc_id = f"syn_{seed}_{number:06d}"
    picks = {
        "Ministry": 2,
        "Agency": 2,
        "Company": 6,
        "Organization": 3,
        "Minister": 1,
        "Person": 2,
        "Fund": 2,
        "Program": 3,
    }
    nodes: dict[str, NodeFact] = {}
    for label, count in picks.items():
        for k in rng.sample(range(POOLS[label]), count):
            fact = _pooled(label, k)
            nodes[fact.id] = fact
    own = max(0, n_nodes - len(nodes))
    for k in range(own):
        fact = _own("Meeting" if k % 5 == 4 else "Program", number, k)
        nodes[fact.id] = fact
    by_label: dict[str, list[NodeFact]] = {}
    for fact in nodes.values():
        by_label.setdefault(fact.label, []).append(fact)
    text = f"{doc_id} 본문 문장"
    edges: dict[tuple[str, str, str], EdgeFact] = {}
    types = [t for t, _ in _EDGE_TYPES]
    weights = [w for _, w in _EDGE_TYPES]
    all_nodes = list(nodes.values())
    attempts = 0
    while len(edges) < n_edges and attempts < n_edges * 50:
        attempts += 1
        rel_type = rng.choices(types, weights)[0]
        a, b = rng.choice(all_nodes), rng.choice(all_nodes)
        if a.id == b.id or not edge_allowed(rel_type, a.label, b.label):
            continue
        key = (rel_type, *sorted((a.id, b.id))) if rel_type == "PARTNERS_WITH" else None
        key = key or (rel_type, a.id, b.id)
        if key in edges:
            continue
        start = rng.randrange(0, 5000)
        props: dict[str, object] = {}
        if rel_type == "FUNDS":
            props = {"amount_krw": rng.randrange(1, 500) * 100_000_000, "co_funded": True}
        elif rel_type in ("HEADS", "WORKS_FOR"):
            props = {"role": "장관" if a.label == "Minister" else "대표", "as_of": day.isoformat()}
        elif rel_type == "HOSTS":
            props = {"date": day.isoformat()}
        elif rel_type == "PARTNERS_WITH":
            props = {"agreement": "업무협약"}
        edges[key] = EdgeFact(
            type=rel_type,
            source=a.id,
            target=b.id,
            props=props,
            evidence=[
                Evidence(doc_id, f"{text} {len(edges)}: {a.name}, {b.name}.", start, start + 40)
            ],
            confidence=round(0.5 + rng.random() * 0.4, 3),
        )
    meta = DocumentMeta(
        id=doc_id,
        title=f"가상 기사 {number}",
        date=day.isoformat(),
        outlet="가상일보",
        checksum=f"syn:{seed}:{number}:{version}",
    )
    return DocumentFacts(document=meta, nodes=all_nodes, edges=list(edges.values()))


def synthetic_corpus(count: int, *, seed: int = 0, **kwargs: int) -> list[DocumentFacts]:
    return [synthetic_document(i, seed=seed, **kwargs) for i in range(count)]


def with_checksum(facts: DocumentFacts, checksum: str) -> DocumentFacts:
    return replace(facts, document=replace(facts.document, checksum=checksum))
