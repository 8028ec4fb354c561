"""The conflict register: documents that disagree, with the values side by side.

The corpus (tests/fixtures/conflicts) states one fund's size as 500억원 twice (written
two ways) and 600억원 once, and names two people 과학기술정보통신부 장관 at once: the
reference data's 최기영 and 한가람, whom no record knows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_runner import govkg_on
from http_server import serving, settings_for

from api.app import create_app
from graph.claims import canonical, claim, conflicted, disputed
from graph.loading import apply_in_batches, retract_documents
from graph.model import DocumentFacts, DocumentMeta, EdgeFact, Evidence, NodeFact
from graph.schema import node_id
from graph.stores.base import GraphStore
from loaders.pipeline import extract_paths
from queries.catalogue import run_query

CONFLICTS = Path(__file__).parent / "fixtures" / "conflicts"
TERMS = Path(__file__).parent / "fixtures" / "terms"
FUND = "fund:지역혁신디지털펀드"


def loaded(store: GraphStore, folder: Path = CONFLICTS, skip: tuple[str, ...] = ()) -> GraphStore:
    failures: list[object] = []
    facts = [f for f in extract_paths([folder], failures.append) if f.document.id not in skip]
    assert not failures and facts
    apply_in_batches(store, facts)
    return store


def by_kind(store: GraphStore, kind: str) -> list[dict]:
    return run_query(store, "conflicts", {"kind": kind})


# -- claims --------------------------------------------------------------------------


def test_one_amount_written_two_ways_is_one_value() -> None:
    assert canonical(24_000_000_000) == canonical(2.4e10) == "24000000000"
    record = {
        "claims": sorted(
            [
                claim("amount_krw", 24_000_000_000, "a", "240억 원 규모"),
                claim("amount_krw", 2.4e10, "b", "240억원 규모"),
            ]
        )
    }
    assert not conflicted(record)
    record["claims"].append(claim("amount_krw", 30_000_000_000, "c", "300억원\t규모"))
    assert disputed(record) == {
        "amount_krw": {
            "24000000000": [("a", "240억 원 규모"), ("b", "240억원 규모")],
            "30000000000": [("c", "300억원 규모")],
        }
    }


# -- the register, on both stores ----------------------------------------------------


def test_a_fund_given_two_sizes_lists_both_with_their_sentences(store: GraphStore) -> None:
    rows = by_kind(loaded(store), "value")
    assert [(r["subject_id"], r["property"]) for r in rows] == [(FUND, "amount_krw")]
    values = {v["value"]: [s["doc"] for s in v["said"]] for v in rows[0]["values"]}
    assert values == {
        "50000000000": ["fund_size_first", "fund_size_restated"],
        "60000000000": ["fund_size_second"],
    }
    sentences = [s["sentence"] for v in rows[0]["values"] for s in v["said"]]
    assert any("600억원 규모의" in s for s in sentences)
    assert any("500억 원 규모의" in s for s in sentences)


def test_the_same_size_written_two_ways_is_no_conflict(store: GraphStore) -> None:
    loaded(store, skip=("fund_size_second",))
    assert by_kind(store, "value") == []


def test_a_retraction_takes_the_conflict_away(store: GraphStore) -> None:
    loaded(store)
    retract_documents(store, ["fund_size_second"])
    assert by_kind(store, "value") == []


def test_two_heads_of_one_ministry_at_once_are_listed(store: GraphStore) -> None:
    rows = by_kind(loaded(store), "heads")
    assert len(rows) == 1
    row = rows[0]
    assert (row["subject"], row["property"]) == ("과학기술정보통신부", "장관")
    assert [(v["value"], v["since"], v["until"]) for v in row["values"]] == [
        ("최기영", "2019-09-09", "2021-05-13"),
        ("한가람", "2020-09-15", "2020-09-15"),
    ]
    assert all(v["said"] and v["said"][0]["sentence"] for v in row["values"])


def test_successive_heads_are_no_conflict(store: GraphStore) -> None:
    # 최기영 and 이종호 held the post years apart; the agency's heads handed over.
    assert run_query(loaded(store, TERMS), "conflicts", {}) == []


# -- the API and the command line ----------------------------------------------------


@pytest.fixture
def served(store: GraphStore, request: pytest.FixtureRequest) -> Iterator[str]:
    loaded(store)
    loaded(store, TERMS)
    with serving(create_app(settings_for(store, request))) as url:
        yield url


def test_the_routes_answer_and_refuse_bad_input(served: str) -> None:
    with httpx.Client(base_url=served, timeout=30) as http:
        body = http.get("/conflicts").json()
        assert body["count"] == 2 and {r["kind"] for r in body["rows"]} == {"value", "heads"}
        assert http.get("/conflicts", params={"kind": "heads"}).json()["count"] == 1
        bad = http.get("/conflicts", params={"kind": "rumour"})
        assert bad.status_code == 422 and "kind" in bad.json()["error"]["message"]
        held = http.get("/entities/과기정통부/held-office", params={"date": "2022-06-01"}).json()
        assert [r["person"] for r in held["rows"]] == ["이종호"]
        bad = http.get("/queries/held_office", params={"org": "과기정통부", "date": "2022-6-1"})
        assert bad.status_code == 422 and "yyyy-mm-dd" in bad.json()["error"]["message"]
        missing = http.get("/entities/과기정통부/held-office")
        assert missing.status_code == 422 and "'date'" in missing.json()["error"]["message"]
        # Known, but not founded yet: no rows. Unknown: 404.
        early = http.get("/entities/과기정통부", params={"as_of": "2016-01-01"})
        assert early.status_code == 200 and early.json()["count"] == 0
        unknown = http.get("/entities/민희진", params={"as_of": "2016-01-01"})
        assert unknown.status_code == 404
        hosted = http.get("/entities/과기정통부/hosted", params={"as_of": "2020-09-10"}).json()
        assert hosted["count"] >= 1


def test_the_command_lists_values_side_by_side(tmp_path: Path) -> None:
    govkg = govkg_on(tmp_path / "data")

    assert govkg("load", str(CONFLICTS)).returncode == 0
    tsv = govkg("conflicts", "--format", "tsv")
    assert tsv.returncode == 0, tsv.stderr
    lines = [line.split("\t") for line in tsv.stdout.splitlines()]
    assert lines[0][:6] == ["kind", "subject", "type", "other", "property", "value"]
    fund = [line for line in lines[1:] if line[0] == "value"]
    assert sorted(line[5] for line in fund) == ["50000000000", "50000000000", "60000000000"]
    as_json = json.loads(govkg("conflicts", "--kind", "heads", "--format", "json").stdout)
    assert as_json["count"] == 1
    bad = govkg("conflicts", "--kind", "rumour")
    assert bad.returncode != 0 and "kind" in bad.stderr and "Traceback" not in bad.stderr
    bad = govkg("query", "held_office", "-p", "org=과기정통부", "-p", "date=tomorrow")
    assert bad.returncode != 0 and "yyyy-mm-dd" in bad.stderr and "Traceback" not in bad.stderr


def test_one_minister_of_two_ministries_at_once_is_listed(store: GraphStore) -> None:
    minister = NodeFact(id=node_id("Minister", "도하윤"), label="Minister", name="도하윤")
    first, second = (
        NodeFact(id=node_id("Ministry", name), label="Ministry", name=name)
        for name in ("가상일부", "가상이부")
    )

    def post(ministry: NodeFact, **valid: str) -> EdgeFact:
        sentence = f"도하윤 {ministry.name} 장관."
        return EdgeFact(
            "HEADS",
            minister.id,
            ministry.id,
            {"role": "장관", **valid},
            [Evidence("two", sentence, 0, len(sentence))],
        )

    meta = DocumentMeta(id="two", title="겸직", date="2020-07-01", checksum="two")
    edges = [
        post(first, valid_from="2020-01-01", valid_to="2020-12-31"),
        post(second, valid_from="2020-06-01"),
    ]
    apply_in_batches(store, [DocumentFacts(meta, [minister, first, second], edges)])
    rows = by_kind(store, "offices")
    assert [(r["subject"], [v["value"] for v in r["values"]]) for r in rows] == [
        ("도하윤", ["가상이부", "가상일부"])
    ]


def test_exports_mark_a_conflicted_record(store: GraphStore) -> None:
    from graph.export import export_json

    exported = export_json(loaded(store))
    marked = [n["id"] for n in exported["nodes"] if n.get("conflicted")]
    assert marked == [FUND]
    assert not [e for e in exported["edges"] if e.get("conflicted")]
