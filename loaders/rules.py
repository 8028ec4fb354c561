"""Extraction rules as records: an id, what the rule makes, its confidence, its examples.

The records live in ``loaders/data/rules.toml``; the code that reads a sentence names
the rule it applies by id (the way spaCy's Matcher reports the id of the pattern that
matched), takes the rule's confidence from its record and stamps the id on every fact
it makes. A rule switched off (``GOVKG_DISABLED_RULES=hosts.subject_verb,…`` or
:meth:`RuleSet.without`) makes nothing. Each rule's examples are sentences written for
this repository together with the facts they must yield; the test suite runs them all.

A fact in an example is written as an analyst reads it: ``HOSTS 과학기술정보통신부 ->
클라우드 바우처`` for a relation (PARTNERS_WITH either way round), ``Ministry
과학기술정보통신부`` for an entity, by the nodes' names.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from graph.schema import ENTITY_LABELS, RELATIONS

RULES_FILE = Path(__file__).with_name("data") / "rules.toml"
DISABLED_VARIABLE = "GOVKG_DISABLED_RULES"

_ID = re.compile(r"[a-z]+(?:\.[a-z0-9_]+)+\Z")
_RELATION_FACT = re.compile(r"(?P<type>[A-Z_]+) (?P<source>.+?) -> (?P<target>.+)\Z")
_ENTITY_FACT = re.compile(r"(?P<label>[A-Za-z]+) (?P<name>.+)\Z")


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence (or two) and the facts a rule must make from it, or must not."""

    text: str
    facts: tuple[str, ...]
    absent: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    makes: tuple[str, ...]  # relationship types and entity labels
    confidence: float
    description: str
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class RuleSet:
    """The ordered rules, less those switched off."""

    rules: tuple[Rule, ...]
    disabled: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        unknown = sorted(self.disabled - {r.id for r in self.rules})
        if unknown:
            raise InputError(f"unknown rule id(s) to switch off: {', '.join(unknown)}")

    @functools.cached_property
    def _by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def get(self, rule_id: str) -> Rule:
        try:
            return self._by_id[rule_id]
        except KeyError:
            raise ValueError(f"no extraction rule {rule_id!r} in {RULES_FILE.name}") from None

    def enabled(self, rule_id: str) -> bool:
        self.get(rule_id)
        return rule_id not in self.disabled

    def confidence(self, rule_id: str) -> float:
        return self.get(rule_id).confidence

    def without(self, *rule_ids: str) -> RuleSet:
        return RuleSet(self.rules, self.disabled | frozenset(rule_ids))


def _example(rule_id: str, raw: object) -> Example:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise InputError(f"rule {rule_id}: an example needs a text")
    facts = tuple(raw.get("facts", ()))
    absent = tuple(raw.get("absent", ()))
    if not facts and not absent:
        raise InputError(f"rule {rule_id}: an example must state facts or absent facts")
    for fact in (*facts, *absent):
        parse_fact(fact, rule_id)
    return Example(raw["text"], facts, absent)


def parse_fact(fact: str, rule_id: str = "?") -> tuple[str, ...]:
    """``("HOSTS", source, target)`` or ``(label, name)`` from an example's fact."""
    relation = _RELATION_FACT.match(fact)
    if relation and relation["type"] in RELATIONS:
        return (relation["type"], relation["source"], relation["target"])
    entity = _ENTITY_FACT.match(fact)
    if entity and entity["label"] in ENTITY_LABELS:
        return (entity["label"], entity["name"])
    raise InputError(f"rule {rule_id}: cannot read the fact {fact!r}")


def _rule(raw: dict[str, object]) -> Rule:
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise InputError(f"a rule needs an id like 'hosts.subject_verb', got {rule_id!r}")
    makes = tuple(raw.get("makes", ()))  # type: ignore[arg-type]
    if not makes or any(m not in RELATIONS and m not in ENTITY_LABELS for m in makes):
        raise InputError(f"rule {rule_id}: makes must list relationship types or labels")
    confidence = raw.get("confidence")
    if not isinstance(confidence, float) or not 0 < confidence <= 1:
        raise InputError(f"rule {rule_id}: confidence must be a number in (0, 1]")
    examples = tuple(_example(rule_id, e) for e in raw.get("example", ()))  # type: ignore[union-attr]
    if not examples:
        raise InputError(f"rule {rule_id}: every rule needs at least one example")
    return Rule(
        id=rule_id,
        makes=makes,
        confidence=confidence,
        description=str(raw.get("description", "")).strip(),
        examples=examples,
    )


def load_rules(path: Path = RULES_FILE, disabled: Iterable[str] = ()) -> RuleSet:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read the rules file {path}: {exc}") from exc
    rules = tuple(_rule(raw) for raw in data.get("rule", ()))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise InputError(f"rule {rule.id} is defined twice in {path.name}")
        seen.add(rule.id)
    return RuleSet(rules, frozenset(disabled))


@functools.cache
def default_rules() -> RuleSet:
    """The packaged rules, less those named in ``GOVKG_DISABLED_RULES``."""
    disabled = [r.strip() for r in os.environ.get(DISABLED_VARIABLE, "").split(",") if r.strip()]
    return load_rules(RULES_FILE, disabled)
