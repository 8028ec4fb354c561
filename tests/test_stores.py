"""The GraphStore contract, run on the embedded store and on Neo4j alike.

Every test that takes ``store`` runs once per backend. The parity tests at the
end load the same documents into both stores and require identical exports.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED_GOLD_PATH
from synthetic import synthetic_document

from graph.errors import InvalidFactsError
from graph.export import export_json
from graph.loading import apply_in_batches, retract_documents
from graph.model import DocumentFacts, DocumentMeta, EdgeFact, Evidence, NodeFact, edge_key
from graph.schema import DOCUMENT_LABEL, MENTIONED_IN, document_node_id, node_id
from graph.stores.base import GraphStore
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from loaders.gold import Gold, gold_to_facts

RETRACTED = "004_ebf31bfe4c93205e"
CHANGED = "000_6c76cb685f4a3c95"
MSIT = "ministry:과학기술정보통신부"

Export = dict[str, list[dict[str, Any]]]
EdgeId = tuple[str, str, str]


def nodes_by_id(exported: Export) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in exported["nodes"]}


def edges_by_key(exported: Export) -> dict[EdgeId, dict[str, Any]]:
    return {(e["type"], e["source"], e["target"]): e for e in exported["edges"]}


def reference_export(tmp_path: Path, facts: Sequence[DocumentFacts]) -> Export:
    """The export of a fresh embedded store that was only ever given ``facts``."""
    reference = EmbeddedStore(tmp_path / "reference")
    reference.open()
    try:
        apply_in_batches(reference, facts)
        return export_json(reference)
    finally:
        reference.close()


def test_gold_fixture_matches_the_shared_gold() -> None:
    if not SHARED_GOLD_PATH.is_file():
        pytest.skip(f"no shared gold beside the repository ({SHARED_GOLD_PATH})")
    fixture = Path(__file__).parent / "fixtures" / "seeds.gold.json"
    assert json.loads(fixture.read_text(encoding="utf-8")) == json.loads(
        SHARED_GOLD_PATH.read_text(encoding="utf-8")
    ), "tests/fixtures/seeds.gold.json is out of date: copy the shared gold file again"


# -- loading ---------------------------------------------------------------


def test_gold_load_gives_the_gold_graph(
    store: GraphStore, gold: Gold, gold_facts: list[DocumentFacts]
) -> None:
    report = apply_in_batches(store, gold_facts)
    assert sorted(report.added) == sorted(gold.documents)
    assert report.replaced == report.unchanged == []

    exported = export_json(store)
    nodes, edges = nodes_by_id(exported), edges_by_key(exported)

    entity_ids = {node_id(e.label, e.name) for e in gold.entities}
    document_ids = {document_node_id(d) for d in gold.documents}
    assert set(nodes) == entity_ids | document_ids
    for entity in gold.entities:
        node = nodes[node_id(entity.label, entity.name)]
        assert node["label"] == entity.label
        assert set(entity.aliases) <= {node["name"], *node["aliases"]}
        assert set(entity.docs) <= set(node["sources"])
    for doc_id, meta in gold.documents.items():
        node = nodes[document_node_id(doc_id)]
        assert node["label"] == DOCUMENT_LABEL
        assert (node["title"], node["date"]) == (meta["title"], meta["date"])

    msit = nodes[MSIT]
    assert msit["name"] == "과학기술정보통신부"
    assert "과기정통부" in msit["aliases"]
    assert msit["sources"] == [
        "000_6c76cb685f4a3c95",
        "001_641e6f2200728fe1",
        "002_5a0f65dd5be03a50",
    ]

    for rel in gold.relations:
        if rel.inferred:
            continue
        source = gold.entity(rel.source)
        target = gold.entity(rel.target)
        assert source is not None and target is not None
        key = edge_key(
            rel.type, node_id(source.label, source.name), node_id(target.label, target.name)
        )
        assert key in edges, f"missing {key}"
        edge = edges[key]
        assert {k: edge.get(k) for k in rel.props} == rel.props, key
        assert set(rel.docs) <= set(edge["sources"])
        assert edge["inferred"] is False

    funds = edges[("FUNDS", "company:kt", "fund:스마트대한민국펀드")]
    assert "amount_krw" not in funds  # the fund's size is the fund's, not KT's share
    assert funds["co_funded"] is True
    assert funds["sources"] == [RETRACTED]

    inferred = {k: e for k, e in edges.items() if e.get("inferred")}
    assert set(inferred) == {
        ("SUCCEEDS", "minister:임혜숙", "minister:최기영"),
        ("SUCCEEDS", "minister:권칠승", "minister:박영선"),
    }
    lim = inferred[("SUCCEEDS", "minister:임혜숙", "minister:최기영")]
    assert lim["office"] == "과학기술정보통신부 장관"
    assert lim["sources"] == ["000_6c76cb685f4a3c95", "002_5a0f65dd5be03a50"]
    kwon = inferred[("SUCCEEDS", "minister:권칠승", "minister:박영선")]
    assert kwon["office"] == "중소벤처기업부 장관"
    for edge in inferred.values():
        # Both sightings, and the reference data that says the two were consecutive.
        assert len(edge["reasons"]) == 3 and edge["reasons"][2].startswith("reference data:")
        assert edge["rules"] == ["infer.succession_reference"]
        assert all("seen as" in reason for reason in edge["reasons"][:2])
    for rel in gold.relations:
        if rel.inferred:
            source, target = gold.entity(rel.source), gold.entity(rel.target)
            assert source is not None and target is not None
            key = (rel.type, node_id(source.label, source.name), node_id(target.label, target.name))
            assert inferred[key]["office"] == rel.props["office"]

    # Every entity is MENTIONED_IN each document that supports it, and nothing else is.
    mentions = {(e["source"], e["target"]) for e in exported["edges"] if e["type"] == MENTIONED_IN}
    expected = {
        (n["id"], document_node_id(doc))
        for n in exported["nodes"]
        if n["label"] != DOCUMENT_LABEL
        for doc in n["sources"]
    }
    assert mentions == expected
    assert all(e["count"] >= 1 for e in exported["edges"] if e["type"] == MENTIONED_IN), (
        "mention counts start at one"
    )


def test_loading_twice_changes_nothing(
    store: GraphStore, gold: Gold, gold_facts: list[DocumentFacts]
) -> None:
    apply_in_batches(store, gold_facts)
    first, first_stats = export_json(store), store.stats()

    again = apply_in_batches(store, gold_to_facts(gold))
    assert again.added == again.replaced == []
    assert sorted(again.unchanged) == sorted(gold.documents)
    assert export_json(store) == first
    assert store.stats() == first_stats


def test_documents_are_kept_as_given(store: GraphStore, gold_facts: list[DocumentFacts]) -> None:
    assert store.document_ids() == []
    apply_in_batches(store, gold_facts)
    assert store.document_ids() == sorted(f.document.id for f in gold_facts)
    for facts in gold_facts:
        kept = store.document_facts(facts.document.id)
        assert kept is not None
        assert kept.to_dict() == facts.to_dict()
    assert store.document_facts("no-such-document") is None


def test_facts_survive_the_json_ledger_unchanged() -> None:
    """Every field of the facts reaches the stores' ledgers (none left at its default)."""
    facts = DocumentFacts(
        document=DocumentMeta(
            id="d1",
            title="제목",
            date="2021-01-02",
            outlet="일보",
            author="기자",
            url="https://example.org/1",
            path="seeds/1.txt",
            checksum="c1",
        ),
        nodes=[
            NodeFact(id=MSIT, label="Ministry", name="과학기술정보통신부", aliases=["과기정통부"]),
            NodeFact(
                id=_PROGRAM.id,
                label="Program",
                name="디지털 뉴딜",
                props={"amount_krw": 5, "date": "2020-07-14"},
                mentions=3,
            ),
        ],
        edges=[
            EdgeFact(
                type="HOSTS",
                source=MSIT,
                target=_PROGRAM.id,
                props={"date": "2020-07-14"},
                evidence=[Evidence("d1", "과기정통부가 디지털 뉴딜을 추진한다.", 3, 21)],
                confidence=0.75,
                inferred=True,
                reasons=["stated"],
            )
        ],
    )
    assert DocumentFacts.from_json(facts.to_json()) == facts


def test_the_graph_survives_a_reopen(store: GraphStore, gold_facts: list[DocumentFacts]) -> None:
    apply_in_batches(store, gold_facts)
    before = export_json(store)
    store.close()
    store.open()
    assert export_json(store) == before


# -- retracting and replacing ----------------------------------------------


def test_retracting_a_document_removes_what_only_it_supported(
    store: GraphStore, gold_facts: list[DocumentFacts], tmp_path: Path
) -> None:
    apply_in_batches(store, gold_facts)
    before = export_json(store)

    assert retract_documents(store, [RETRACTED]) == []
    after = export_json(store)

    doc_node = document_node_id(RETRACTED)
    gone_nodes = {
        n["id"] for n in before["nodes"] if n["id"] == doc_node or n.get("sources") == [RETRACTED]
    }
    kept_nodes = {n["id"]: n for n in before["nodes"] if n["id"] not in gone_nodes}
    shared_nodes = [n for n in kept_nodes.values() if RETRACTED in n.get("sources", [])]
    assert len(gone_nodes) > 1 and shared_nodes, "the seed documents should share some nodes"

    succession = ("SUCCEEDS", "minister:권칠승", "minister:박영선")
    old_edges = edges_by_key(before)
    assert succession in old_edges
    gone_edges = {
        k
        for k, e in old_edges.items()
        if e.get("sources") == [RETRACTED] or doc_node in k or k == succession
    }
    kept_edges = {k: e for k, e in old_edges.items() if k not in gone_edges}

    new_nodes, new_edges = nodes_by_id(after), edges_by_key(after)
    assert set(new_nodes) == set(kept_nodes)
    assert set(new_edges) == set(kept_edges)
    for node_id_, node in kept_nodes.items():
        if "sources" in node:
            assert new_nodes[node_id_]["sources"] == [s for s in node["sources"] if s != RETRACTED]
    for key, edge in kept_edges.items():
        if "sources" in edge:
            assert new_edges[key]["sources"] == [s for s in edge["sources"] if s != RETRACTED]
    for node in shared_nodes:
        assert RETRACTED not in json.dumps(new_nodes[node["id"]], ensure_ascii=False)

    assert RETRACTED not in store.document_ids()
    assert store.document_facts(RETRACTED) is None
    assert store.retract(RETRACTED) is False
    remaining = [f for f in gold_facts if f.document.id != RETRACTED]
    assert after == reference_export(tmp_path, remaining)


def test_reapplying_a_changed_document_replaces_its_facts(
    store: GraphStore, gold_facts: list[DocumentFacts], tmp_path: Path
) -> None:
    apply_in_batches(store, gold_facts)
    before = export_json(store)
    old = next(f for f in gold_facts if f.document.id == CHANGED)

    # Drop a node that only this document supports, with its edges, and one more edge.
    only_here = sorted(n["id"] for n in before["nodes"] if n.get("sources") == [CHANGED])
    dropped_node = only_here[0]
    kept_edges = [e for e in old.edges if dropped_node not in (e.source, e.target)]
    dropped_edge = next(
        e for e in kept_edges if edges_by_key(before)[e.key].get("sources") == [CHANGED]
    )
    new_node = NodeFact(
        id=node_id("Program", "디지털 시험 사업"), label="Program", name="디지털 시험 사업"
    )
    new_edge = EdgeFact(
        type="HOSTS",
        source=MSIT,
        target=new_node.id,
        evidence=[Evidence(CHANGED, "과기정통부가 디지털 시험 사업을 추진한다.", 0, 24)],
        confidence=0.8,
    )
    changed = DocumentFacts(
        document=DocumentMeta(**{**_meta(old), "checksum": "gold:changed"}),
        nodes=[n for n in old.nodes if n.id != dropped_node] + [new_node],
        edges=[e for e in kept_edges if e is not dropped_edge] + [new_edge],
    )

    report = apply_in_batches(store, [changed])
    assert report.replaced == [CHANGED]
    assert report.added == report.unchanged == []

    after = export_json(store)
    nodes, edges = nodes_by_id(after), edges_by_key(after)
    assert dropped_node not in nodes
    assert dropped_edge.key not in edges
    assert nodes[new_node.id]["sources"] == [CHANGED]
    assert edges[new_edge.key]["evidence"][0]["sentence"].startswith("과기정통부가")
    assert store.document_facts(CHANGED).to_dict() == changed.to_dict()  # type: ignore[union-attr]
    others = [f for f in gold_facts if f.document.id != CHANGED]
    assert after == reference_export(tmp_path, [*others, changed])


def test_an_unchanged_checksum_keeps_the_stored_version(
    store: GraphStore, gold_facts: list[DocumentFacts]
) -> None:
    apply_in_batches(store, gold_facts)
    before = export_json(store)
    old = next(f for f in gold_facts if f.document.id == CHANGED)
    same_checksum = DocumentFacts(document=old.document, nodes=old.nodes[:2], edges=[])
    report = store.apply([same_checksum])
    assert report.unchanged == [CHANGED]
    assert export_json(store) == before


def _meta(facts: DocumentFacts) -> dict[str, Any]:
    doc = facts.document
    return {
        "id": doc.id,
        "title": doc.title,
        "date": doc.date,
        "outlet": doc.outlet,
        "author": doc.author,
        "url": doc.url,
        "path": doc.path,
        "checksum": doc.checksum,
    }


# -- invalid facts ---------------------------------------------------------


def _bad(nodes: list[NodeFact], edges: list[EdgeFact], doc_id: str = "bad_doc") -> DocumentFacts:
    meta = DocumentMeta(id=doc_id, title="잘못된 사실", date="2021-01-01", checksum="bad")
    return DocumentFacts(document=meta, nodes=nodes, edges=edges)


_MINISTRY = NodeFact(id=MSIT, label="Ministry", name="과학기술정보통신부")
_PROGRAM = NodeFact(id=node_id("Program", "디지털 뉴딜"), label="Program", name="디지털 뉴딜")

INVALID: dict[str, Callable[[], DocumentFacts]] = {
    "unknown label": lambda: _bad([NodeFact(id="widget:x", label="Widget", name="x")], []),
    "edge between wrong labels": lambda: _bad(
        [_MINISTRY, _PROGRAM], [EdgeFact(type="HEADS", source=MSIT, target=_PROGRAM.id)]
    ),
    "edge to a missing node": lambda: _bad(
        [_MINISTRY], [EdgeFact(type="HOSTS", source=MSIT, target="program:없는사업")]
    ),
    "empty id": lambda: _bad([NodeFact(id="", label="Program", name="사업")], []),
    "unknown relationship type": lambda: _bad(
        [_MINISTRY, _PROGRAM], [EdgeFact(type="OWNS", source=MSIT, target=_PROGRAM.id)]
    ),
    "empty document id": lambda: _bad([_MINISTRY], [], doc_id=""),
}


@pytest.mark.parametrize("where", ["alone", "second in a batch"])
@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_facts_are_rejected_without_writing(
    store: GraphStore, gold_facts: list[DocumentFacts], case: str, where: str
) -> None:
    loaded = [f for f in gold_facts if f.document.id != RETRACTED]
    valid = next(f for f in gold_facts if f.document.id == RETRACTED)
    apply_in_batches(store, loaded)
    before, before_ids = export_json(store), store.document_ids()

    batch = [INVALID[case]()] if where == "alone" else [valid, INVALID[case]()]
    with pytest.raises(InvalidFactsError):
        store.apply(batch)

    assert store.document_ids() == before_ids
    assert export_json(store) == before
    # The store still takes valid writes afterwards.
    assert store.apply([valid]).added == [RETRACTED]


# -- stats -----------------------------------------------------------------


def test_stats_count_the_graph(store: GraphStore, gold_facts: list[DocumentFacts]) -> None:
    empty = store.stats()
    assert (empty["store"], empty["documents"], empty["nodes"], empty["edges"]) == (
        store.name,
        0,
        0,
        0,
    )

    apply_in_batches(store, gold_facts)
    stats = store.stats()
    exported = export_json(store)
    assert stats["store"] == store.name
    assert stats["documents"] == len(gold_facts) == 4
    assert stats["nodes"] == len(exported["nodes"]) == 67
    assert stats["edges"] == len(exported["edges"]) == 121
    assert stats["labels"] == dict(sorted(Counter(n["label"] for n in exported["nodes"]).items()))
    assert stats["types"] == dict(sorted(Counter(e["type"] for e in exported["edges"]).items()))
    assert stats["labels"]["Ministry"] == 4
    assert stats["types"]["SUCCEEDS"] == 4
    assert stats["types"][MENTIONED_IN] == sum(
        len(n["sources"]) for n in exported["nodes"] if n["label"] != DOCUMENT_LABEL
    )


# -- parity ----------------------------------------------------------------


@pytest.mark.neo4j
def test_parity_on_the_gold_graph(
    embedded_store: EmbeddedStore, neo4j_store: Neo4jStore, gold: Gold
) -> None:
    for store in (embedded_store, neo4j_store):
        apply_in_batches(store, gold_to_facts(gold))
    assert export_json(neo4j_store) == export_json(embedded_store)
    assert neo4j_store.stats() | {"store": "-"} == embedded_store.stats() | {"store": "-"}

    for store in (embedded_store, neo4j_store):
        assert retract_documents(store, [RETRACTED]) == []
    assert export_json(neo4j_store) == export_json(embedded_store)


@pytest.mark.neo4j
def test_parity_over_a_history_of_writes(
    embedded_store: EmbeddedStore, neo4j_store: Neo4jStore
) -> None:
    """Batches of overlapping documents, new versions of some, retractions of others."""
    rng = random.Random(7)
    small = {"n_nodes": 12, "n_edges": 14}
    steps: list[tuple[str, Any]] = []
    for start in range(0, 60, 15):
        steps.append(
            ("apply", [synthetic_document(i, seed=3, **small) for i in range(start, start + 15)])
        )
    changed = sorted(rng.sample(range(60), 10))
    steps.append(("apply", [synthetic_document(i, seed=3, version=1, **small) for i in changed]))
    retracted = sorted(rng.sample(range(60), 8))
    steps.append(("retract", [f"syn_3_{i:06d}" for i in retracted]))
    steps.append(
        ("apply", [synthetic_document(i, seed=3, version=2, **small) for i in changed[:4]])
    )

    for action, payload in steps:
        for store in (embedded_store, neo4j_store):
            if action == "apply":
                apply_in_batches(store, payload, batch_size=6)
            else:
                retract_documents(store, payload)
        assert export_json(neo4j_store) == export_json(embedded_store), (action, payload)
    expected = 60 - len(set(retracted) - set(changed[:4]))
    assert len(embedded_store.document_ids()) == len(neo4j_store.document_ids()) == expected
