"""The graph model: labels, relationship types, their endpoints and properties.

This module is the single source of truth. Stores, validation, export and the
Neo4j constraints are all derived from it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ORGANISATIONS = ("Ministry", "Agency", "Company", "Organization")
PEOPLE = ("Minister", "Person")
PROGRAMMES = ("Program", "Fund", "Meeting")
ENTITY_LABELS = (*ORGANISATIONS, *PEOPLE, *PROGRAMMES)
DOCUMENT_LABEL = "Document"
# An analyst's correction (graph.corrections): kept beside the graph, never part of it.
CORRECTION_LABEL = "Correction"
ALL_LABELS = (*ENTITY_LABELS, DOCUMENT_LABEL)

# Properties every entity node may carry besides id/label/name/aliases.
ENTITY_PROPERTIES = ("name_en", "first_seen", "last_seen", "sources")
# Type-specific node properties (all optional).
LABEL_PROPERTIES: dict[str, tuple[str, ...]] = {
    "Ministry": ("founded", "dissolved"),
    "Agency": ("founded", "dissolved", "parent"),
    "Company": (),
    "Organization": (),
    "Minister": ("role",),
    "Person": ("role",),
    "Program": ("amount_krw", "date"),
    "Fund": ("amount_krw",),
    "Meeting": ("date", "ordinal"),
    "Document": ("title", "date", "outlet", "author", "url", "path", "checksum"),
}

# Provenance carried by every fact relationship.
PROVENANCE_PROPERTIES = (
    "sources",
    "evidence",
    "first_seen",
    "last_seen",
    "confidence",
    "inferred",
    "reasons",
    "rules",
)


@dataclass(frozen=True, slots=True)
class RelationSpec:
    """A relationship type: which labels it joins and what it may carry."""

    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: tuple[str, ...]
    symmetric: bool = False
    description: str = ""


RELATIONS: dict[str, RelationSpec] = {
    spec.type: spec
    for spec in (
        RelationSpec(
            "HOSTS",
            ORGANISATIONS,
            PROGRAMMES,
            ("date",),
            description="an organisation runs a programme, fund or meeting",
        ),
        RelationSpec(
            "PARTNERS_WITH",
            ORGANISATIONS,
            ORGANISATIONS,
            ("date", "agreement"),
            symmetric=True,
            description="two organisations cooperate (agreement, joint work)",
        ),
        RelationSpec(
            "FUNDS",
            (*ORGANISATIONS, "Fund"),  # a fund of funds puts money into funds
            ("Program", "Fund"),
            ("amount_krw", "co_funded", "period"),
            description="an organisation (or a fund of funds) puts money into a programme or fund",
        ),
        RelationSpec(
            "SUCCEEDS",
            (*PROGRAMMES, "Ministry", "Agency", *PEOPLE),
            (*PROGRAMMES, "Ministry", "Agency", *PEOPLE),
            ("office", "date"),
            description="the later one succeeds the earlier one",
        ),
        RelationSpec(
            "HEADS",
            PEOPLE,
            ORGANISATIONS,
            ("role", "as_of", "valid_from", "valid_to"),
            description="a person heads an organisation",
        ),
        RelationSpec(
            "WORKS_FOR",
            PEOPLE,
            ORGANISATIONS,
            ("role", "as_of"),
            description="a person holds a (non-head) role in an organisation",
        ),
        RelationSpec(
            "PARTICIPATES_IN",
            ORGANISATIONS,
            ("Program", "Meeting", "Fund"),
            ("role",),
            description="an organisation takes part in a programme or meeting",
        ),
        RelationSpec(
            "PART_OF",
            ("Program", "Fund", "Meeting"),
            ("Program",),
            (),
            description="a programme is a component of a larger one",
        ),
    )
}

MENTIONED_IN = "MENTIONED_IN"
FACT_TYPES = tuple(RELATIONS)
ALL_TYPES = (*FACT_TYPES, MENTIONED_IN)

_ID_PREFIX = {label: label.lower() for label in ALL_LABELS}
# ㆍ (U+318D) becomes U+119E under NFKC, so both forms are listed.
_SPACES_AND_DOTS = re.compile(r"[\s·‧・ㆍ\u119e\u00b7\-_'\"‘’“”`]+")


def name_key(name: str) -> str:
    """The spacing-, width- and case-insensitive key of a name.

    >>> name_key("스마트 대한민국 펀드") == name_key("스마트대한민국펀드")
    True
    >>> name_key("ＫＴ")
    'kt'
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES_AND_DOTS.sub("", text)


def node_id(label: str, name: str) -> str:
    """The stable id of an entity: ``label:key``, e.g. ``ministry:과학기술정보통신부``."""
    if label not in _ID_PREFIX:
        raise ValueError(f"unknown label {label!r}")
    key = name_key(name)
    if not key:
        raise ValueError(f"empty name for {label}")
    return f"{_ID_PREFIX[label]}:{key}"


# The longest id or name a node may have, in UTF-8 bytes: Neo4j's range indexes take
# values up to about 8 KB.
MAX_KEY_BYTES = 4000


def document_node_id(doc_id: str) -> str:
    return f"document:{doc_id}"


def label_of_id(entity_id: str) -> str | None:
    prefix = entity_id.split(":", 1)[0]
    for label, pfx in _ID_PREFIX.items():
        if pfx == prefix:
            return label
    return None


def edge_allowed(rel_type: str, source_label: str, target_label: str) -> bool:
    spec = RELATIONS.get(rel_type)
    if spec is None:
        return False
    if source_label in spec.sources and target_label in spec.targets:
        return True
    return spec.symmetric and target_label in spec.sources and source_label in spec.targets
