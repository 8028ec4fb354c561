"""What `POST /cypher` accepts before the statement reaches Neo4j.

Plain reads only: a statement starts with MATCH, OPTIONAL MATCH, WITH, UNWIND,
RETURN or CALL, names no clause that writes, administers or reads the server
(SHOW, LOAD CSV, USE, TERMINATE ...), and CALLs only the read procedures of
`ALLOWED_PROCEDURES` (no subqueries). This sits on top of the store's own guards
(a READ session and a plan check): it refuses what a read transaction would
still run, such as SHOW TRANSACTIONS, which lists other sessions' queries.

The check reads tokens, not a grammar: words in strings, comments and backticks,
property keys (``n.set``), labels (``:Show``), map keys (``{show: 1}``), names
after AS and parameters are not clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.errors import BadParameterError, QueryRefusedError

ALLOWED_PROCEDURES = (
    "db.index.fulltext.queryNodes",
    "db.labels",
    "db.propertyKeys",
    "db.relationshipTypes",
)
_ALLOWED = frozenset(name.lower() for name in ALLOWED_PROCEDURES)
_FIRST_CLAUSES = frozenset({"match", "optional", "with", "unwind", "return", "call"})
_REFUSED_CLAUSES = frozenset(
    {
        "alter", "create", "delete", "deny", "detach", "drop", "enable", "explain",
        "foreach", "grant", "load", "merge", "profile", "remove", "rename", "revoke",
        "set", "show", "start", "stop", "terminate", "use",
    }
)  # fmt: skip
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
      | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
      | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_OPEN, _CLOSE = "([{", ")]}"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "word", "quoted" or "other"
    text: str


def tokens(statement: str) -> list[Token]:
    """The statement's tokens, without spaces, comments and string literals.

    >>> [t.text for t in tokens("MATCH (n {name: 'SET'}) // DELETE\\nRETURN n.`x`")]
    ['MATCH', '(', 'n', '{', 'name', ':', '}', ')', 'RETURN', 'n', '.', 'x']
    """
    found: list[Token] = []
    for match in _TOKEN.finditer(statement):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment", "string"):
            continue
        text = match.group()
        if kind == "quoted":
            text = text[1:-1].replace("``", "`") if text.endswith("`") else text[1:]
        found.append(Token(kind, text))
    return found


def check_statement(statement: str, *, max_chars: int, max_depth: int) -> None:
    """Refuse what POST /cypher must not run (QueryRefusedError, BadParameterError)."""
    if len(statement) > max_chars:
        raise QueryRefusedError(f"the statement is over {max_chars} characters")
    found = tokens(statement)
    _check_single(found)
    _check_depth(found, max_depth)
    if not found or found[0].kind != "word" or found[0].text.lower() not in _FIRST_CLAUSES:
        raise QueryRefusedError(
            "only reads are allowed here: start with MATCH, OPTIONAL MATCH, WITH, UNWIND, "
            "RETURN or CALL of a listed procedure"
        )
    for i in range(len(found)):
        word = _clause_word(found, i)
        if word in _REFUSED_CLAUSES:
            raise QueryRefusedError(f"{word.upper()} is not allowed here: plain reads only")
        if word == "call":
            _check_call(found, i + 1)


def _check_single(found: list[Token]) -> None:
    for i, token in enumerate(found):
        if token.kind == "other" and token.text == ";" and i + 1 < len(found):
            raise BadParameterError("send one Cypher statement at a time (no ';'-separated lists)")


def _check_depth(found: list[Token], max_depth: int) -> None:
    depth = 0
    for token in found:
        if token.kind != "other":
            continue
        if token.text in _OPEN:
            depth += 1
            if depth > max_depth:
                raise QueryRefusedError(f"the statement nests deeper than {max_depth} brackets")
        elif token.text in _CLOSE:
            depth -= 1


def _clause_word(found: list[Token], i: int) -> str | None:
    """The keyword token ``i`` is (lower case), or None for a name, key or label."""
    token = found[i]
    if token.kind != "word":
        return None
    before = found[i - 1].text if i > 0 and found[i - 1].kind == "other" else ""
    after = found[i + 1].text if i + 1 < len(found) and found[i + 1].kind == "other" else ""
    if before in (".", ":", "$") or after == ":":
        return None
    if i > 0 and found[i - 1].kind == "word" and found[i - 1].text.lower() == "as":
        return None  # a variable: no clause follows AS
    return token.text.lower()


def _check_call(found: list[Token], start: int) -> None:
    """CALL must name a listed procedure: ``CALL db.labels()``, not a subquery."""
    parts: list[str] = []
    i = start
    while i < len(found) and found[i].kind in ("word", "quoted"):
        parts.append(found[i].text)
        if i + 1 < len(found) and found[i + 1].text == "." and found[i + 1].kind == "other":
            i += 2
        else:
            break
    name = ".".join(parts)
    if not name:
        raise QueryRefusedError("CALL subqueries are not allowed here: plain reads only")
    if name.lower() not in _ALLOWED:
        allowed = ", ".join(ALLOWED_PROCEDURES)
        raise QueryRefusedError(f"procedure {name} is not allowed here (allowed: {allowed})")
