"""What Neo4j Browser needs to show the graph well: a style sheet and ready-to-run queries.

``style.grass`` gives each label its own colour, takes node captions from ``name``
and sizes the circles so Korean names fit. Browser reads GraSS with a small reader
of its own: captions must be in single quotes and the sheet may hold no comments.
"""

from __future__ import annotations

from importlib.resources import files

from graph.browser.queries import (
    BrowserQuery,
    browser_queries,
    catalogue_queries,
    cypher_literal,
    param_lines,
)

__all__ = [
    "BrowserQuery",
    "browser_queries",
    "browser_script",
    "catalogue_queries",
    "cypher_literal",
    "node_styles",
    "param_lines",
    "parse_grass",
    "style_command",
    "style_text",
]


def style_text() -> str:
    """The GraSS style sheet shipped with govkg."""
    return files("graph.browser").joinpath("style.grass").read_text(encoding="utf-8")


def style_command() -> str:
    """The Browser command that applies the style: ``:style`` followed by the sheet."""
    return ":style\n" + style_text()


def browser_script() -> str:
    """What ``govkg browser`` prints: the style command, then queries with ``:param`` lines.

    Each block is one Browser command; paste them one at a time into Browser's editor.
    """
    blocks = [
        "// 1. The govkg style: paste this whole block into the editor and run it.",
        style_command().rstrip(),
    ]
    sections = (
        ("Graph queries (Browser draws their results)", browser_queries()),
        ("Catalogue queries (tables; the API and CLI run the same text)", catalogue_queries()),
    )
    step = 2
    for heading, queries in sections:
        blocks.append(f"// ---- {heading} ----")
        for query in queries:
            lines = [f"// {step}. {query.name}: {query.title}", *param_lines(query.params)]
            blocks.append("\n".join(lines))
            blocks.append(query.cypher.rstrip() + ";")
            step += 1
    return "\n\n".join(blocks) + "\n"


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Selector → properties of a GraSS sheet (the plain subset govkg's sheet uses).

    >>> parse_grass("node.Fund { color: #F4B400; caption: '{name}'; }")
    {'node.Fund': {'color': '#F4B400', 'caption': '{name}'}}
    """
    rules: dict[str, dict[str, str]] = {}
    selector, body, inside, quoted = "", "", False, False
    for char in text:
        if char == "'":
            quoted = not quoted
        elif quoted:
            pass
        elif char == "{":
            inside = True
            continue
        elif char == "}":
            rules[selector.strip()] = _declarations(body)
            selector, body, inside = "", "", False
            continue
        if inside:
            body += char
        else:
            selector += char
    return rules


def _declarations(body: str) -> dict[str, str]:
    props: dict[str, str] = {}
    for declaration in body.split(";"):
        key, sep, value = declaration.partition(":")
        if sep and key.strip():
            props[key.strip()] = value.strip().strip("'")
    return props


def node_styles() -> dict[str, dict[str, str]]:
    """Each label's node style (``node`` defaults folded in), for pages that match Browser."""
    rules = parse_grass(style_text())
    base = rules.get("node", {})
    return {
        selector.removeprefix("node."): base | props
        for selector, props in rules.items()
        if selector.startswith("node.")
    }
