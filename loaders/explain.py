"""Why an article gave the facts it gave: sentence by sentence, mentions, rules, facts.

``govkg explain`` prints this, so an analyst who doubts an edge sees the sentence and the
rule behind it, and a linguist who adds a rule sees what it changed. An article read
afresh gives the whole trace (mentions and refused proposals too); a document already in
a store gives what the store keeps of it: its facts, their sentences and their rules.
"""

from __future__ import annotations

from typing import Any

from graph.model import DocumentFacts, EdgeFact
from loaders.extract import Trace
from loaders.mentions import RULE_OF


def _fact(edge: EdgeFact, name: dict[str, str]) -> dict[str, Any]:
    return {
        "type": edge.type,
        "source": name.get(edge.source, edge.source),
        "target": name.get(edge.target, edge.target),
        "rules": list(edge.rules),
        "props": dict(edge.props),
    }


def explain(trace: Trace) -> dict[str, Any]:
    """The trace as plain data: one entry per sentence that holds something."""
    nodes = trace.mentions.nodes
    name = {nid: node.name for nid, node in nodes.items()}
    mentions = [
        (m.start, m.end, m.node, m.label, rule)
        for m, rule in [
            *((m, RULE_OF[m.how]) for m in trace.mentions.orgs),
            *((m, p.rule) for m, p in trace.mentions.people),
            *((m, RULE_OF[m.how]) for m in trace.mentions.programmes),
        ]
    ]
    sentences = []
    for s in trace.sentences:
        found = [
            {
                "text": trace.text[a:b],
                "label": label,
                "node": name.get(node, node),
                "rule": rule,
            }
            for a, b, node, label, rule in sorted(mentions)
            if s.start <= a and b <= s.end
        ]
        facts = [
            _fact(e, name)
            for e in trace.facts.edges
            if any(ev.start == s.start for ev in e.evidence)
        ]
        rejected = [
            {
                "type": r.type,
                "source": name.get(r.source, r.source),
                "target": name.get(r.target, r.target),
                "rule": r.rule,
                "reason": r.reason,
            }
            for r in trace.extracted.rejected
            if r.start == s.start
        ]
        if found or facts or rejected:
            sentences.append(
                {
                    "sentence": s.text,
                    "start": s.start,
                    "mentions": found,
                    "facts": facts,
                    "rejected": rejected,
                }
            )
    return {"document": trace.facts.document.id, "from": "article", "sentences": sentences}


def explain_stored(facts: DocumentFacts) -> dict[str, Any]:
    """What a store keeps of a document, in the shape of :func:`explain`.

    A store keeps facts, their sentences and rules, not the article's every mention nor
    what the graph model refused: those lists are empty; explain the article file for them.
    """
    name = {n.id: n.name for n in facts.nodes}
    by_sentence: dict[int, dict[str, Any]] = {}
    for edge in facts.edges:
        for ev in edge.evidence:
            entry = by_sentence.setdefault(
                ev.start,
                {"sentence": ev.sentence, "start": ev.start, "mentions": [], "facts": []},
            )
            entry["facts"].append(_fact(edge, name))
    sentences = [{**by_sentence[k], "rejected": []} for k in sorted(by_sentence)]
    entities = [
        {"label": n.label, "node": n.name, "rules": list(n.rules)}
        for n in sorted(facts.nodes, key=lambda n: (n.label, n.name))
    ]
    return {
        "document": facts.document.id,
        "from": "store",
        "entities": entities,
        "sentences": sentences,
    }
