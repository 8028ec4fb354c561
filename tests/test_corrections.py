"""Corrections: each kind on both stores, kept through re-loads and retractions, undone.

The corpus is the four seed articles, extracted. A correction never edits a stored
document; the stores apply it each time they fold one, so re-loading every document
(new checksums: the replacing path) and retracting one it touched leave it in force.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from cli_runner import govkg_on
from http_server import serving, settings_for

from api.app import create_app
from graph import correcting
from graph.errors import BadParameterError, NotFoundError
from graph.export import export_json
from graph.loading import apply_in_batches, retract_documents
from graph.model import DocumentFacts
from graph.stores.base import GraphStore
from loaders.pipeline import extract_paths
from queries.catalogue import run_query

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"
FUND = "스마트 대한민국 펀드"
# The seed that says KT funds the fund (and names 중기부 and KT together).
FUND_SEED = "004_ebf31bfe4c93205e"


@pytest.fixture(scope="module")
def seed_json() -> list[str]:
    failures: list[object] = []
    facts = [f.to_json() for f in extract_paths([SEEDS], failures.append)]
    assert not failures and len(facts) == 4
    return facts


def seeds(seed_json: list[str]) -> list[DocumentFacts]:
    return [DocumentFacts.from_json(line) for line in seed_json]


@pytest.fixture
def seeded(store: GraphStore, seed_json: list[str]) -> GraphStore:
    apply_in_batches(store, seeds(seed_json))
    return store


def reload_everything(store: GraphStore, seed_json: list[str]) -> None:
    """Every document again, as a re-extraction would give it (a new checksum each)."""
    again = [
        replace(f, document=replace(f.document, checksum=f"again:{f.document.checksum}"))
        for f in seeds(seed_json)
    ]
    report = apply_in_batches(store, again)
    assert len(report.replaced) == 4


def ids(store: GraphStore, name: str) -> list[str]:
    return [r["id"] for r in run_query(store, "entity", {"name": name})]


def funders(store: GraphStore) -> list[str]:
    return [r["funder"] for r in run_query(store, "funders_of", {"target": FUND})]


def test_a_merge_holds_through_a_reload_and_a_retraction_and_is_undone(
    seeded: GraphStore, seed_json: list[str]
) -> None:
    store = seeded
    before = store.stats()
    c = correcting.merge(store, "과기정통부", "중기부", "one ministry in this study", "analyst")
    assert ids(store, "중소벤처기업부") == ["ministry:과학기술정보통신부"]
    merged = store.nodes(["ministry:과학기술정보통신부"])[0]
    assert "중소벤처기업부" in merged["aliases"]
    assert not store.nodes(["ministry:중소벤처기업부"])
    reload_everything(store, seed_json)
    assert ids(store, "중기부") == ["ministry:과학기술정보통신부"]
    retract_documents(store, [FUND_SEED])
    assert not store.nodes(["ministry:중소벤처기업부"])
    apply_in_batches(store, [f for f in seeds(seed_json) if f.document.id == FUND_SEED])
    undone = correcting.undo(store, c.id, "keep them apart", "analyst")
    assert undone.undone and undone.undone_by == "analyst"
    assert ids(store, "중기부") == ["ministry:중소벤처기업부"]
    assert store.stats()["nodes"] == before["nodes"]
    assert store.stats()["edges"] == before["edges"]


def test_a_rejected_edge_stays_out_and_comes_back_on_undo(
    seeded: GraphStore, seed_json: list[str]
) -> None:
    store = seeded
    assert "KT" in funders(store)
    c = correcting.reject(store, "KT", "funds", FUND, "KT only hosts it", "analyst")
    assert "KT" not in funders(store) and "중소벤처기업부" in funders(store)
    reload_everything(store, seed_json)
    assert "KT" not in funders(store)
    retract_documents(store, [FUND_SEED])
    apply_in_batches(store, [f for f in seeds(seed_json) if f.document.id == FUND_SEED])
    assert "KT" not in funders(store)
    with pytest.raises(NotFoundError, match="no FUNDS edge"):
        correcting.reject(store, "KT", "FUNDS", FUND, "again", "analyst")
    correcting.undo(store, c.id, "", "analyst")
    assert "KT" in funders(store)


def test_a_hand_made_edge_is_marked_and_kept(seeded: GraphStore, seed_json: list[str]) -> None:
    store = seeded
    with pytest.raises(BadParameterError, match="needs a note"):
        correcting.add(store, "KT", "PARTNERS_WITH", "과기정통부", " ", "kim")
    with pytest.raises(BadParameterError, match="cannot join"):
        correcting.add(store, "KT", "HEADS", "과기정통부", "no", "kim")
    c = correcting.add(store, "KT", "PARTNERS_WITH", "과기정통부", "named in the 2020 MoU", "kim")
    partners = [r["partner"] for r in run_query(store, "partners_of", {"entity": "KT"})]
    assert "과학기술정보통신부" in partners
    reload_everything(store, seed_json)
    for seed in [f.document.id for f in seeds(seed_json)]:
        retract_documents(store, [seed])
    made = [e for e in store.edges(["PARTNERS_WITH"]) if e.get("hand_made")]
    assert [(e["source"], e["target"], e["note"]) for e in made] == [
        ("company:kt", "ministry:과학기술정보통신부", "named in the 2020 MoU")
    ]
    exported = export_json(store)
    assert any(e.get("hand_made") for e in exported["edges"])
    correcting.undo(store, c.id, "", "kim")
    assert not [e for e in store.edges(["PARTNERS_WITH"]) if e.get("hand_made")]


def test_a_relabel_moves_the_entity_with_its_edges(
    seeded: GraphStore, seed_json: list[str]
) -> None:
    store = seeded
    edges_before = store.stats()["edges"]
    made = correcting.relabel(store, "이노비즈협회", "Agency", "a public body", "analyst")
    assert ids(store, "이노비즈협회") == ["agency:이노비즈협회"]
    assert store.stats()["edges"] == edges_before
    reload_everything(store, seed_json)
    holders = [f for f in seeds(seed_json) if "이노비즈협회" in f.to_json()]
    retract_documents(store, [holders[0].document.id])
    apply_in_batches(store, holders[:1])
    assert ids(store, "이노비즈협회") == ["agency:이노비즈협회"]
    correcting.undo(store, made.id, "", "analyst")
    assert ids(store, "이노비즈협회") == ["organization:이노비즈협회"]
    assert store.stats()["edges"] == edges_before
    with pytest.raises(BadParameterError, match="cannot have"):
        correcting.relabel(store, "최기영", "Fund", "no", "analyst")


def test_a_split_alias_names_a_new_entity(seeded: GraphStore, seed_json: list[str]) -> None:
    store = seeded
    correcting.split(store, "과학기술정보통신부", "과기부", "another body", "analyst", "Agency")
    assert store.nodes(["agency:과기부"])[0]["hand_made"] is True
    assert ids(store, "과기부") == ["agency:과기부"]
    assert "과기부" not in store.nodes(["ministry:과학기술정보통신부"])[0]["aliases"]
    reload_everything(store, seed_json)
    retract_documents(store, [FUND_SEED])
    apply_in_batches(store, [f for f in seeds(seed_json) if f.document.id == FUND_SEED])
    assert ids(store, "과기부") == ["agency:과기부"]
    assert ids(store, "과기정통부") == ["ministry:과학기술정보통신부"]
    correcting.undo(store, 1, "", "analyst")
    assert ids(store, "과기부") == ["ministry:과학기술정보통신부"]
    with pytest.raises(BadParameterError, match="not an alias"):
        correcting.split(store, "과학기술정보통신부", "MSS", "x", "analyst")


def test_a_correction_whose_target_went_is_reported(
    seeded: GraphStore, seed_json: list[str]
) -> None:
    store = seeded
    correcting.relabel(store, "이노비즈협회", "Agency", "a public body", "analyst")
    holders = [f.document.id for f in seeds(seed_json) if "이노비즈협회" in f.to_json()]
    retract_documents(store, holders)
    rows = correcting.listing(store)
    assert [(r["status"], r["problem"]) for r in rows] == [
        ("target missing", "agency:이노비즈협회 no longer in the graph")
    ]
    assert correcting.stale(store) == [
        "correction 1 (relabel): agency:이노비즈협회 no longer in the graph"
    ]


def test_unknown_and_ambiguous_names_are_refused(seeded: GraphStore) -> None:
    with pytest.raises(NotFoundError, match="no entity named"):
        correcting.merge(seeded, "KT", "민희진", "x", "analyst")
    with pytest.raises(BadParameterError, match="same entity"):
        correcting.merge(seeded, "KT", "케이티", "x", "analyst")
    with pytest.raises(NotFoundError, match="no correction 9"):
        correcting.undo(seeded, 9, "", "analyst")


# -- the API and the command line ----------------------------------------------------


@pytest.fixture
def served(seeded: GraphStore, request: pytest.FixtureRequest) -> Iterator[str]:
    app = create_app(settings_for(seeded, request, api_key="secret"))
    with serving(app) as url:
        yield url


def test_the_routes_write_with_the_key_and_list(served: str) -> None:
    key = {"X-API-Key": "secret"}
    body = {"kind": "reject", "source": "KT", "type": "FUNDS", "target": FUND, "note": "no"}
    with httpx.Client(base_url=served, timeout=60) as http:
        assert http.post("/corrections", json=body).status_code == 401
        assert http.post("/corrections", json=body, headers={"X-API-Key": "x"}).status_code == 401
        made = http.post("/corrections", json=body | {"author": "lee"}, headers=key)
        assert made.status_code == 201, made.text
        assert made.json()["kind"] == "reject" and made.json()["author"] == "lee"
        listed = http.get("/corrections").json()
        assert listed["count"] == 1 and listed["rows"][0]["status"] == "in force"
        bad = http.post("/corrections", json=body | {"kind": "delete"}, headers=key)
        assert bad.status_code == 422
        unknown = http.post("/corrections", json=body | {"source": "민희진"}, headers=key)
        assert unknown.status_code == 404
        undone = http.post(f"/corrections/{made.json()['id']}/undo", json={}, headers=key)
        assert undone.status_code == 200 and undone.json()["undone"]
        again = http.post(f"/corrections/{made.json()['id']}/undo", json={}, headers=key)
        assert again.status_code == 422
        assert http.post("/corrections/77/undo", json={}, headers=key).status_code == 404


def test_the_command_corrects_and_lists(tmp_path: Path) -> None:
    govkg = govkg_on(tmp_path / "data")

    assert govkg("load", str(SEEDS)).returncode == 0
    made = govkg("correct", "merge", "과기정통부", "중기부", "--note", "one", "--by", "kim")
    assert made.returncode == 0, made.stderr
    assert "correction 1" in made.stdout
    listed = json.loads(govkg("corrections", "--format", "json").stdout)
    assert [(r["kind"], r["author"], r["status"]) for r in listed["rows"]] == [
        ("merge", "kim", "in force")
    ]
    assert govkg("correct", "undo", "1", "--note", "no").returncode == 0
    bad = govkg("correct", "merge", "과기정통부", "민희진", "--note", "x")
    assert bad.returncode != 0 and "no entity named" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_a_hand_made_document_is_undone_not_retracted(seeded: GraphStore) -> None:
    made = correcting.add(seeded, "KT", "PARTNERS_WITH", "과기정통부", "by hand", "kim")
    with pytest.raises(BadParameterError, match=f"govkg correct undo {made.id}"):
        retract_documents(seeded, [FUND_SEED, made.document_id])
    assert seeded.document_facts(FUND_SEED) is not None  # nothing was retracted
    correcting.undo(seeded, made.id, "", "kim")
    assert seeded.document_facts(made.document_id) is None


# -- the rewrite, as a function on one document's facts ----------------------------


def test_a_chain_of_corrections_rewrites_a_document_in_order() -> None:
    from graph.corrections import Correction, Rewrite
    from graph.model import DocumentMeta, EdgeFact, NodeFact

    def c(n: int, kind: str, **args: str) -> Correction:
        return Correction(n, kind, args, "", "t", "2026-01-01T00:00:00+00:00")

    rewrite = Rewrite.of(
        [
            c(1, "merge", into="company:a", into_name="에이", **{"from": "company:b"}),
            c(2, "relabel", entity="company:a", new_id="agency:에이"),
            c(3, "split", entity="agency:에이", alias="비씨", new_id="company:비씨"),
            c(4, "reject", type="FUNDS", source="company:b", target="fund:f"),
        ]
    )
    b = NodeFact(id="company:b", label="Company", name="비", aliases=["비씨", "B"])
    fund = NodeFact(id="fund:f", label="Fund", name="에프")
    ministry = NodeFact(id="ministry:m", label="Ministry", name="엠")
    facts = DocumentFacts(
        DocumentMeta(id="d"),
        [b, fund, ministry],
        [
            EdgeFact("FUNDS", b.id, fund.id),
            EdgeFact("PARTNERS_WITH", b.id, ministry.id),
        ],
    )
    out = rewrite.facts(facts)
    moved = out.nodes[0]
    assert (moved.id, moved.label, moved.name) == ("agency:에이", "Agency", "에이")
    assert sorted(moved.aliases) == ["B", "비"]  # 비씨 was split off
    assert [(e.type, e.source, e.target) for e in out.edges] == [
        ("PARTNERS_WITH", "agency:에이", "ministry:m")
    ]
    assert Rewrite().facts(facts) is facts


def test_a_merge_across_labels_must_keep_the_edges_valid(seeded: GraphStore) -> None:
    with pytest.raises(BadParameterError, match="a Fund cannot have"):
        correcting.merge(seeded, "스마트 대한민국 펀드", "KT", "no", "analyst")
