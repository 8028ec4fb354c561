"""Office holders as reference data: who held which office, from when to when.

``graph/data/office_holders.tsv`` lists the presidents and the ministers (and some vice
ministers) of the central ministries since 2013 with the days they took and left office.
Inference uses it to decide whether two holders seen in the corpus were consecutive in
office, and extraction to date a HEADS edge (``valid_from`` / ``valid_to``) and to name
a president written by surname only.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from graph.errors import InputError

OFFICE_HOLDERS_FILE = Path(__file__).with_name("data") / "office_holders.tsv"
COLUMNS = ("office", "role", "person", "start", "end", "note")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


@dataclass(frozen=True, slots=True)
class Term:
    office: str
    role: str
    person: str
    start: str
    end: str | None  # None: in office at the file's date
    note: str = ""

    def holds_on(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class OfficeHolders:
    """The terms of each (office, role), in order."""

    def __init__(self, terms: list[Term]) -> None:
        self._terms: dict[tuple[str, str], list[Term]] = defaultdict(list)
        for term in sorted(terms, key=lambda t: (t.office, t.role, t.start)):
            self._terms[(term.office, term.role)].append(term)
        for (office, role), held in self._terms.items():
            for a, b in pairwise(held):
                if a.end is None or b.start < a.end:
                    raise InputError(
                        f"{OFFICE_HOLDERS_FILE.name}: terms of {office} {role} overlap "
                        f"({a.person} and {b.person})"
                    )

    def covers(self, office: str, role: str) -> bool:
        return (office, role) in self._terms

    def terms(self, office: str, role: str) -> list[Term]:
        return list(self._terms.get((office, role), ()))

    def holder_on(self, office: str, role: str, day: str) -> Term | None:
        """The term of whoever held the office on ``day``."""
        return next((t for t in self._terms.get((office, role), ()) if t.holds_on(day)), None)

    def term_of(self, office: str, role: str, person: str, day: str | None) -> Term | None:
        """The term of ``person`` in the office that includes ``day`` (or the only one)."""
        held = [t for t in self._terms.get((office, role), ()) if t.person == person]
        if day is not None:
            on_day = [t for t in held if t.holds_on(day)]
            return on_day[0] if on_day else None
        return held[0] if len(held) == 1 else None

    def directly_follows(self, office: str, role: str, later: str, earlier: str) -> bool | None:
        """Whether ``later`` took the office straight after ``earlier``; None when the
        reference data does not know both of them in it."""
        held = self._terms.get((office, role))
        if not held:
            return None
        people = [t.person for t in held]
        if later not in people or earlier not in people:
            return None
        return any(a.person == earlier and b.person == later for a, b in pairwise(held))


def _term(fields: list[str], line_no: int) -> Term:
    if len(fields) < 5:
        raise InputError(f"{OFFICE_HOLDERS_FILE.name}:{line_no}: expected {len(COLUMNS)} columns")
    office, role, person, start, end = (f.strip() for f in fields[:5])
    note = fields[5].strip() if len(fields) > 5 else ""
    if not (office and role and person and _DATE.match(start)) or (end and not _DATE.match(end)):
        raise InputError(f"{OFFICE_HOLDERS_FILE.name}:{line_no}: bad row")
    return Term(office, role, person, start, end or None, note)


def load_office_holders(path: Path = OFFICE_HOLDERS_FILE) -> OfficeHolders:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    terms = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if tuple(f.strip() for f in fields[: len(COLUMNS)]) == COLUMNS:
            continue  # the header
        terms.append(_term(fields, n))
    return OfficeHolders(terms)


@functools.cache
def office_holders() -> OfficeHolders:
    return load_office_holders()
