"""GraphML for Gephi and yEd, and reading it back.

Gephi (and yEd, through its properties mapper) captions nodes and edges with
the attribute called ``label``: a node's ``label`` attribute is therefore its
name and its Neo4j label is ``kind``; an edge's ``label`` is its relationship
type. Node ids stay the graph's stable ids; edges get unique ids (``e0``,
``e1``, ...), since Gephi merges edges that share one.

Primitive properties keep their GraphML type (boolean, long, double, string).
Lists and objects (aliases, sources, evidence) and properties whose values mix
types are JSON text, which Gephi shows as strings; their ``<key>`` carries the
description ``JSON text``, which `read_graphml_export` uses to decode them.
Characters that XML 1.0 cannot carry (control characters other than tab and
line breaks) are left out.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from graph.errors import InvalidFactsError
from graph.export import public_node
from graph.exporters.records import GraphJson, common_type, scalar_type

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
JSON_DESC = "JSON text"
# Export key → GraphML attribute name (the rest keep their names).
NODE_RENAMES = {"name": "label", "label": "kind"}
EDGE_RENAMES = {"type": "label"}

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SAFE_KEY_ID = re.compile(r"[A-Za-z_][\w.-]*")
_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<graphml xmlns="{GRAPHML_NS}" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n'
)


@dataclass(frozen=True, slots=True)
class _Key:
    id: str
    domain: str  # "node" or "edge"
    name: str  # the GraphML attribute name
    type: str  # boolean, long, double or string
    is_json: bool


def _text(value: str) -> str:
    value = _ILLEGAL_XML.sub("", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")  # parsers would turn a bare CR into LF


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _renamed(record: dict[str, Any], renames: dict[str, str], skip: Iterable[str]) -> dict:
    clash = (set(renames.values()) - set(renames)) & record.keys()
    if clash:
        raise InvalidFactsError(f"property {min(clash)!r} clashes with a GraphML caption")
    return {renames.get(k, k): v for k, v in record.items() if k not in skip and v is not None}


def _keys(domain: str, records: list[dict[str, Any]], first: Iterable[str]) -> dict[str, _Key]:
    types: dict[str, set[str | None]] = defaultdict(set)
    for record in records:
        for name, value in record.items():
            types[name].add(scalar_type(value))
    order = [n for n in first if n in types] + sorted(n for n in types if n not in first)
    keys: dict[str, _Key] = {}
    for i, name in enumerate(order):
        key_id = f"{domain}_{name}" if _SAFE_KEY_ID.fullmatch(name) else f"{domain}_{i}"
        kind = common_type(types[name])
        keys[name] = _Key(key_id, domain, name, kind or "string", kind is None)
    return keys


def _value(key: _Key, value: Any) -> str:
    if key.is_json:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if key.type == "boolean":
        return "true" if value else "false"
    return value if key.type == "string" else repr(value)


def _data(keys: dict[str, _Key], record: dict[str, Any]) -> str:
    return "".join(
        f'<data key="{keys[name].id}">{_text(_value(keys[name], value))}</data>'
        for name, value in record.items()
    )


def _key_element(key: _Key) -> str:
    head = (
        f'  <key id="{key.id}" for="{key.domain}" attr.name="{_attribute(key.name)}" '
        f'attr.type="{key.type}"'
    )
    return f"{head}><desc>{JSON_DESC}</desc></key>\n" if key.is_json else f"{head}/>\n"


def graphml_chunks(graph: GraphJson) -> Iterator[str]:
    """The GraphML document for an export, in pieces."""
    nodes = [(n["id"], _renamed(n, NODE_RENAMES, ("id",))) for n in graph["nodes"]]
    edges = [
        (e["source"], e["target"], _renamed(e, EDGE_RENAMES, ("source", "target")))
        for e in graph["edges"]
    ]
    node_keys = _keys("node", [attrs for _, attrs in nodes], ("label", "kind", "aliases"))
    edge_keys = _keys("edge", [attrs for _, _, attrs in edges], ("label",))
    yield _HEADER
    for key in (*node_keys.values(), *edge_keys.values()):
        yield _key_element(key)
    yield '  <graph id="govkg" edgedefault="directed">\n'
    for node_id, attrs in nodes:
        yield f'    <node id="{_attribute(node_id)}">{_data(node_keys, attrs)}</node>\n'
    for i, (source, target, attrs) in enumerate(edges):
        yield (
            f'    <edge id="e{i}" source="{_attribute(source)}" target="{_attribute(target)}">'
            f"{_data(edge_keys, attrs)}</edge>\n"
        )
    yield "  </graph>\n</graphml>\n"


def graphml_text(graph: GraphJson) -> str:
    return "".join(graphml_chunks(graph))


def write_graphml(graph: GraphJson, handle: TextIO) -> None:
    for chunk in graphml_chunks(graph):
        handle.write(chunk)


# -- reading back --------------------------------------------------------------


def json_attributes(path: Path) -> dict[str, set[str]]:
    """The attributes (by domain) whose ``<key>`` says they hold JSON text."""
    found: dict[str, set[str]] = {"node": set(), "edge": set()}
    key_tag, graph_tag = f"{{{GRAPHML_NS}}}key", f"{{{GRAPHML_NS}}}graph"
    for event, element in ET.iterparse(path, events=("start", "end")):
        if event == "start" and element.tag == graph_tag:
            break  # keys come first
        if event == "end" and element.tag == key_tag:
            if element.findtext(f"{{{GRAPHML_NS}}}desc") == JSON_DESC:
                found.setdefault(element.get("for", ""), set()).add(element.get("attr.name", ""))
            element.clear()
    return found


def _decoded(attrs: dict[str, Any], json_names: set[str], renames: dict[str, str]) -> dict:
    back = {graphml: key for key, graphml in renames.items()}
    return {
        back.get(name, name): json.loads(value) if name in json_names else value
        for name, value in attrs.items()
    }


def graph_from_networkx(g: nx.MultiDiGraph, json_names: dict[str, set[str]]) -> GraphJson:
    """The JSON export held by a graph that networkx read from this module's GraphML."""
    nodes = [
        public_node({"id": node_id} | _decoded(attrs, json_names["node"], NODE_RENAMES))
        for node_id, attrs in sorted(g.nodes(data=True))
    ]
    edges = []
    for source, target, attrs in g.edges(data=True):
        props = _decoded(attrs, json_names["edge"], EDGE_RENAMES)
        rel_type = props.pop("type")
        ends = {"type": rel_type, "source": source, "target": target}
        edges.append(ends | dict(sorted(props.items())))
    edges.sort(key=lambda e: (e["type"], e["source"], e["target"]))
    return {"nodes": nodes, "edges": edges}


def read_graphml_export(path: Path) -> GraphJson:
    """Read a GraphML export with networkx and decode it back into the JSON export."""
    g = nx.read_graphml(path, force_multigraph=True)
    return graph_from_networkx(g, json_attributes(path))
