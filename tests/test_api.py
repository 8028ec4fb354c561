"""The HTTP API over real HTTP, on both stores: catalogue, entities, errors, limits."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from http_server import serving, settings_for

from api.app import create_app
from graph.config import Settings
from graph.loading import apply_in_batches
from graph.model import DocumentFacts
from loaders.sources import read_inputs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_SENTENCE = "KT와 공동으로 240억원 규모의 스마트 대한민국 펀드를 조성하여"


@pytest.fixture(scope="session")
def seed_facts_json() -> list[str]:
    """The seed articles extracted once (as JSON: every test gets fresh objects)."""
    failures: list[tuple[str, str]] = []
    facts = [f.to_json() for f in read_inputs([SEEDS], failures.append)]
    assert not failures and len(facts) == 4
    return facts


@pytest.fixture
def seed_facts(seed_facts_json: list[str]) -> list[DocumentFacts]:
    return [DocumentFacts.from_json(line) for line in seed_facts_json]


@pytest.fixture
def served(store, seed_facts, request: pytest.FixtureRequest) -> Iterator[str]:
    """The API over HTTP, on the store under test holding the extracted seed articles."""
    apply_in_batches(store, seed_facts)
    with serving(create_app(settings_for(store, request, max_page_size=50))) as url:
        yield url


def error_of(response: httpx.Response, status: int) -> dict[str, str]:
    """The error body, after checking its status and its stable shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body["error"]


def the_cofunding_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The row about 스마트 대한민국 펀드, whatever the columns are called."""
    found = [r for r in rows if "스마트 대한민국 펀드" in r.values()]
    assert len(found) == 1, rows
    return found[0]


# -- health, docs -------------------------------------------------------------


def test_health_reports_the_store_counts(served: str, store) -> None:
    body = httpx.get(f"{served}/health").json()
    assert body["status"] == "ok"
    assert body["store"] == store.name
    stats = store.stats()
    assert (body["nodes"], body["edges"], body["documents"]) == (
        stats["nodes"],
        stats["edges"],
        stats["documents"],
    )
    assert body["documents"] == 4


def test_docs_and_openapi_describe_the_routes(served: str) -> None:
    assert "swagger" in httpx.get(f"{served}/docs").text.lower()
    paths = httpx.get(f"{served}/openapi.json").json()["paths"]
    for path in ("/queries", "/queries/{name}", "/entities/{name}", "/cypher", "/documents"):
        assert path in paths
    assert {"get", "delete"} <= set(paths["/documents/{doc_id}"])
    assert "text/plain" in paths["/documents"]["post"]["requestBody"]["content"]


def test_ping_answers_without_the_store(served: str) -> None:
    assert httpx.get(f"{served}/ping").json() == {"ok": True}


def test_export_has_the_kt_cofunding(served: str) -> None:
    graph = httpx.get(f"{served}/export").json()
    funds = {
        e["source"]
        for e in graph["edges"]
        if e["type"] == "FUNDS" and e["target"] == "fund:스마트대한민국펀드"
    }
    assert funds == {"company:kt", "ministry:중소벤처기업부"}


# -- the catalogue ------------------------------------------------------------


def test_export_in_other_formats(served: str) -> None:
    graphml = httpx.get(f"{served}/export", params={"format": "graphml"})
    assert graphml.status_code == 200
    assert "attachment" in graphml.headers["content-disposition"]
    assert "스마트 대한민국 펀드" in graphml.text and "<graphml" in graphml.text
    admin = httpx.get(f"{served}/export", params={"format": "neo4j-admin"})
    assert admin.status_code == 200
    with zipfile.ZipFile(io.BytesIO(admin.content)) as archive:
        assert "nodes_Fund.csv" in archive.namelist()
    error = error_of(httpx.get(f"{served}/export", params={"format": "xls"}), 422)
    assert "graphml" in error["message"]


def test_the_catalogue_lists_queries_with_parameters(served: str) -> None:
    body = httpx.get(f"{served}/queries").json()
    assert body["count"] == len(body["data"]) >= 3
    by_name = {q["name"]: q for q in body["data"]}
    cofunded = by_name["cofunded_programs"]
    assert [p["name"] for p in cofunded["parameters"]] == ["company"]
    assert cofunded["parameters"][0]["required"] is True
    assert cofunded["columns"] and cofunded["description"]


@pytest.mark.parametrize("company", ["KT", "케이티", "kt"])
def test_cofunded_programs_of_kt(served: str, company: str) -> None:
    response = httpx.get(f"{served}/queries/cofunded_programs", params={"company": company})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "cofunded_programs"
    assert body["count"] == len(body["rows"]) >= 1
    row = the_cofunding_row(body["rows"])
    text = json.dumps(row, ensure_ascii=False)
    assert "중소벤처기업부" in text
    assert 24_000_000_000 in row.values()
    assert SEED_SENTENCE in text


def test_paging_counts_every_row(served: str) -> None:
    url = f"{served}/queries/entity"
    everything = httpx.get(url, params={"name": "과학기술정보통신부"}).json()
    assert everything["count"] >= 1
    empty_page = httpx.get(url, params={"name": "과학기술정보통신부", "offset": 1000}).json()
    assert empty_page["rows"] == [] and empty_page["count"] == everything["count"]
    first = httpx.get(url, params={"name": "과학기술정보통신부", "limit": 1}).json()
    assert first["rows"] == everything["rows"][:1]


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"limit": 51}, "at most 50"),  # over GOVKG_MAX_PAGE_SIZE (50 here)
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_page_limits(served: str, params: dict[str, Any], mentions: str) -> None:
    response = httpx.get(f"{served}/queries/entity", params={"name": "KT", **params})
    assert mentions in error_of(response, 422)["message"]


def test_unknown_query_is_404(served: str) -> None:
    error = error_of(httpx.get(f"{served}/queries/no_such_query"), 404)
    assert error["code"] == "not_found" and "no_such_query" in error["message"]


def test_missing_required_parameter_is_422(served: str) -> None:
    error = error_of(httpx.get(f"{served}/queries/cofunded_programs"), 422)
    assert error["code"] == "bad_parameter" and "company" in error["message"]


def test_badly_typed_parameter_is_422(served: str) -> None:
    response = httpx.get(
        f"{served}/queries/path_between", params={"a": "KT", "b": "중소벤처기업부", "max_hops": "x"}
    )
    assert "max_hops" in error_of(response, 422)["message"]


# -- entity routes ------------------------------------------------------------


def test_entity_route(served: str) -> None:
    body = httpx.get(f"{served}/entities/과기정통부").json()
    assert body["count"] >= 1
    assert any("과학기술정보통신부" in r.values() for r in body["rows"])


def test_unknown_entity_is_404(served: str) -> None:
    for path in ("/entities/없는기관이름", "/entities/없는기관이름/partners"):
        error = error_of(httpx.get(f"{served}{path}"), 404)
        assert "없는기관이름" in error["message"]


def test_entity_cofunded_route_matches_the_query(served: str) -> None:
    via_route = httpx.get(f"{served}/entities/KT/cofunded").json()
    via_query = httpx.get(f"{served}/queries/cofunded_programs", params={"company": "KT"}).json()
    assert via_route == via_query


# -- errors -------------------------------------------------------------------


def test_unknown_route_is_a_json_404(served: str) -> None:
    assert error_of(httpx.get(f"{served}/nope"), 404)["code"] == "not_found"


def test_wrong_method_is_a_json_405(served: str) -> None:
    assert error_of(httpx.post(f"{served}/health"), 405)["code"] == "method_not_allowed"


def test_an_unexpected_failure_is_a_500_without_a_trace(tmp_path: Path) -> None:
    app = create_app(Settings(store="embedded", data_dir=tmp_path / "api"))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    with serving(app) as url:
        error = error_of(httpx.get(f"{url}/boom"), 500)
    assert error["code"] == "internal_error"
    assert "secret" not in error["message"]
