"""Why an article gave the facts it gave: sentence by sentence, mentions, rules, facts.

``govkg explain`` prints this, so an analyst who doubts an edge sees the sentence and the
rule behind it, and a linguist who adds a rule sees what it changed.
"""

from __future__ import annotations

from typing import Any

from loaders.extract import Trace
from loaders.mentions import RULE_OF


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
            {
                "type": e.type,
                "source": name.get(e.source, e.source),
                "target": name.get(e.target, e.target),
                "rules": list(e.rules),
                "props": dict(e.props),
            }
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
    return {"document": trace.facts.document.id, "sentences": sentences}
