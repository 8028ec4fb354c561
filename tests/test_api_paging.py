"""Per-query routes, one paging contract, and repeated parameters, on both stores.

Every catalogue query has its own route documented from its ``.cypher`` header;
every list answer carries ``count`` (rows before paging), ``limit``, ``offset`` and
``next`` (the next page's URL, or null); a parameter given twice is a 422.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from http_server import serving, settings_for
from test_api import error_of

from api.app import create_app
from api.query_schema import JSON_TYPES
from graph.loading import apply_in_batches
from graph.stores.base import GraphStore
from loaders.sources import read_inputs
from queries.catalogue import catalogue

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MAX_PAGE = 50


@pytest.fixture
def served(store: GraphStore, request: pytest.FixtureRequest) -> Iterator[str]:
    failures: list[tuple[str, str]] = []
    apply_in_batches(store, read_inputs([SEEDS], failures.append))
    assert not failures
    with serving(create_app(settings_for(store, request, max_page_size=MAX_PAGE))) as url:
        yield url


def walk(base: str, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page of a list, from the first page by following ``next``."""
    pages = [httpx.get(f"{base}{path}", params=params, timeout=60)]
    while True:
        assert pages[-1].status_code == 200, pages[-1].text
        following = pages[-1].json()["next"]
        if following is None:
            return [p.json() for p in pages]
        assert following.startswith(f"{path}?"), following
        pages.append(httpx.get(f"{base}{following}", timeout=60))
        assert len(pages) <= 1000, "next never ends"


def items(page: dict[str, Any]) -> list[Any]:
    return page["rows"] if "rows" in page else page["data"]


# -- one route per query --------------------------------------------------------


def test_every_query_has_its_own_route_with_typed_parameters(served: str) -> None:
    paths = httpx.get(f"{served}/openapi.json").json()["paths"]
    assert "/queries/{name}" in paths  # the generic route stays
    for name, query in catalogue().items():
        operation = paths[f"/queries/{name}"]["get"]
        params = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
        assert {"limit", "offset"} <= set(params), name
        for declared in query.parameters:
            if declared.name in ("limit", "offset"):
                continue  # the API's paging takes their place
            shown = params[declared.name]
            assert shown["schema"]["type"] == JSON_TYPES[declared.type], (name, declared.name)
            assert shown["required"] is declared.required, (name, declared.name)
            assert shown["description"].startswith(declared.description)
            if declared.default is not None:
                assert shown["schema"]["default"] == declared.default
        assert operation["summary"] == query.title


def test_cofunded_programs_documents_company(served: str) -> None:
    paths = httpx.get(f"{served}/openapi.json").json()["paths"]
    params = paths["/queries/cofunded_programs"]["get"]["parameters"]
    company = next(p for p in params if p["name"] == "company")
    assert company["required"] is True and company["schema"]["type"] == "string"
    assert "alias" in company["description"]
    hops = next(
        p for p in paths["/queries/path_between"]["get"]["parameters"] if p["name"] == "max_hops"
    )
    assert hops["schema"] == {"type": "integer", "minimum": 1, "maximum": 6, "default": 4}
    assert hops["required"] is False


def test_the_query_route_answers_kt(served: str) -> None:
    body = httpx.get(f"{served}/queries/cofunded_programs", params={"company": "KT"}).json()
    assert body["count"] >= 1 and body["rows"]
    assert any(r["target"] == "스마트 대한민국 펀드" for r in body["rows"])
    # The default page: 100 rows, or GOVKG_MAX_PAGE_SIZE when that is smaller.
    assert (body["limit"], body["offset"], body["next"]) == (min(100, MAX_PAGE), 0, None)


# -- the paging contract --------------------------------------------------------

LISTS = [
    ("/queries", {}),
    ("/queries/hosted_by", {"org": "과기정통부"}),
    ("/queries/timeline", {"entity": "과기정통부"}),
    ("/queries/search", {"q": "부"}),
    ("/queries/documents", {}),
    ("/documents", {}),
    ("/entities/과기정통부/hosted", {}),
    ("/entities/KT/timeline", {}),
    ("/explore/search", {"q": "부"}),
]


@pytest.mark.parametrize(("path", "params"), LISTS, ids=[p for p, _ in LISTS])
def test_next_walks_every_row_once(served: str, path: str, params: dict[str, Any]) -> None:
    whole = httpx.get(f"{served}{path}", params={**params, "limit": MAX_PAGE}, timeout=60).json()
    assert whole["count"] == len(items(whole)) >= 2, whole  # enough rows to page
    assert whole["next"] is None
    pages = walk(served, path, {**params, "limit": 1})
    assert len(pages) == math.ceil(whole["count"] / 1)
    assert [row for page in pages for row in items(page)] == items(whole)
    for number, page in enumerate(pages):
        assert (page["count"], page["limit"], page["offset"]) == (whole["count"], 1, number)
    # next keeps the other parameters and moves the offset on.
    query = dict(parse_qsl(urlsplit(pages[0]["next"]).query))
    assert query == {**{k: str(v) for k, v in params.items()}, "limit": "1", "offset": "1"}


def test_pages_of_two(served: str) -> None:
    pages = walk(served, "/queries/hosted_by", {"org": "과기정통부", "limit": 2})
    count = pages[0]["count"]
    assert len(pages) == math.ceil(count / 2)
    assert [len(p["rows"]) for p in pages[:-1]] == [2] * (len(pages) - 1)
    assert sum(len(p["rows"]) for p in pages) == count


def test_count_is_every_row_whatever_the_page(served: str) -> None:
    url = f"{served}/queries/hosted_by"
    first = httpx.get(url, params={"org": "과기정통부", "limit": 1}).json()
    beyond = httpx.get(url, params={"org": "과기정통부", "offset": 10_000}).json()
    assert first["count"] == beyond["count"] >= 2
    assert beyond["rows"] == [] and beyond["next"] is None and beyond["offset"] == 10_000
    assert first["next"] is not None


def test_the_schema_declares_the_paging(served: str) -> None:
    schemas = httpx.get(f"{served}/openapi.json").json()["components"]["schemas"]
    for model in ("QueryResult", "QueriesPublic"):
        fields = schemas[model]["properties"]
        assert {"count", "limit", "offset", "next"} <= set(fields), model
        assert {"type": "null"} in fields["next"]["anyOf"], model
        assert {"count", "limit", "offset", "next"} <= set(schemas[model]["required"]), model


# -- a parameter given twice ------------------------------------------------------

REPEATED = [
    ("/queries/cofunded_programs?company=KT&company=SK", "company"),
    ("/queries/path_between?a=KT&b=x&max_hops=2&max_hops=3", "max_hops"),
    ("/queries/hosted_by?org=과기정통부&limit=1&limit=2", "limit"),
    ("/entities/KT/evidence?type=FUNDS&target=KT&type=HOSTS", "type"),
    ("/documents?offset=0&offset=1", "offset"),
    ("/export?format=json&format=graphml", "format"),
    ("/explore/search?q=KT&q=과기", "q"),
]


@pytest.mark.parametrize(("path", "name"), REPEATED, ids=[n for _, n in REPEATED])
def test_a_parameter_given_twice_is_422(served: str, path: str, name: str) -> None:
    error = error_of(httpx.get(f"{served}{path}", timeout=60), 422)
    assert error["code"] == "bad_parameter"
    assert error["message"].startswith(f"{name}:") and "one value" in error["message"]
    # Given once, the same request answers.
    once, _, _ = path.rpartition(f"&{name}=")
    assert httpx.get(f"{served}{once}", timeout=60).status_code == 200, once
