"""Running a rule's examples: the facts each must yield, stamped with the rule's id."""

from __future__ import annotations

from graph.model import DocumentFacts, edge_key
from loaders.extract import extract_article
from loaders.reading import read_text_article
from loaders.rules import Example, Rule, RuleSet, default_rules, parse_fact


def _facts_by_name(facts: DocumentFacts) -> dict[tuple[str, ...], list[str]]:
    """Each fact of a document, keyed as examples write it, with the rules behind it."""
    names = {n.id: n.name for n in facts.nodes}
    found: dict[tuple[str, ...], list[str]] = {(n.label, n.name): n.rules for n in facts.nodes}
    for e in facts.edges:
        rel_type, source, target = edge_key(e.type, names[e.source], names[e.target])
        found[(rel_type, source, target)] = e.rules
    return found


def _key(fact: tuple[str, ...]) -> tuple[str, ...]:
    return edge_key(*fact) if len(fact) == 3 else fact


def example_problems(rule: Rule, example: Example, rules: RuleSet | None = None) -> list[str]:
    """What is wrong with one example: a fact missing, made by other rules, or unwanted."""
    article = read_text_article(example.text, doc_id="example", path=None)
    found = _facts_by_name(extract_article(article, rules=rules or default_rules()))
    problems = []
    for fact in example.facts:
        key = _key(parse_fact(fact, rule.id))
        if key not in found:
            problems.append(f"missing: {fact}")
        elif rule.id not in found[key]:
            problems.append(f"{fact} made by {', '.join(found[key])}, not {rule.id}")
    for fact in example.absent:
        if _key(parse_fact(fact, rule.id)) in found:
            problems.append(f"unwanted: {fact}")
    return problems
