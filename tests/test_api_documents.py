"""Documents through the HTTP API, on both stores: ingest, read, retract; keys and limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from http_server import serving, settings_for
from test_api import SEED_SENTENCE, error_of

from api.app import create_app
from graph.identity import content_id, url_id
from graph.loading import apply_in_batches
from loaders.sources import read_inputs

SEED = Path(__file__).resolve().parent.parent / "seeds" / "004_ebf31bfe4c93205e.txt"
KEY = "test-key-7f3a"
WITH_KEY = {"X-API-Key": KEY}


@pytest.fixture
def api(store, request: pytest.FixtureRequest) -> Iterator[str]:
    """The API over an empty store, with a write key and a small body limit."""
    settings = settings_for(store, request, api_key=KEY, max_body_bytes=20_000)
    with serving(create_app(settings)) as url:
        yield url


@pytest.fixture
def keyless_api(store, request: pytest.FixtureRequest) -> Iterator[str]:
    with serving(create_app(settings_for(store, request, api_key=None))) as url:
        yield url


def post_text(url: str, text: str, headers: dict[str, str] | None = None, **params: str):
    headers = {"Content-Type": "text/plain; charset=utf-8", **(headers or {})}
    return httpx.post(
        f"{url}/documents", content=text.encode(), headers=headers, params=params, timeout=60
    )


def test_ingest_read_retract(api: str, store) -> None:
    text = SEED.read_text(encoding="utf-8")
    added = post_text(api, text, WITH_KEY, id="seed-004")
    assert added.status_code == 201, added.text  # created
    body = added.json()
    assert (body["id"], body["status"]) == ("seed-004", "added")
    assert body["document"]["date"] == "2020-09-22"
    assert "company:kt" in {n["id"] for n in body["nodes"]}
    kt_fund = ("FUNDS", "company:kt", "fund:스마트대한민국펀드")
    funds = [e for e in body["edges"] if (e["type"], e["source"], e["target"]) == kt_fund]
    assert len(funds) == 1 and funds[0]["co_funded"] is True and "amount_krw" not in funds[0]
    assert any(SEED_SENTENCE in ev["sentence"] for ev in funds[0]["evidence"])
    assert store.document_ids() == ["seed-004"]

    again = post_text(api, text, WITH_KEY, id="seed-004")
    assert again.status_code == 200
    assert again.json()["status"] == "unchanged" and again.json()["edges"] == body["edges"]
    changed = post_text(api, text + "\n\n추가 문단입니다.", WITH_KEY, id="seed-004")
    assert changed.status_code == 200 and changed.json()["status"] == "replaced"

    listed = httpx.get(f"{api}/documents").json()
    assert [row["id"] for row in listed["rows"]] == ["seed-004"]
    stored = httpx.get(f"{api}/documents/seed-004").json()
    assert stored["id"] == "seed-004" and stored["document"]["checksum"]
    assert {e["type"] for e in stored["edges"]} >= {"FUNDS", "HOSTS"}

    gone = httpx.delete(f"{api}/documents/seed-004", headers=WITH_KEY)
    assert gone.json() == {"id": "seed-004", "retracted": True}
    assert store.document_ids() == [] and store.stats()["nodes"] == 0
    assert error_of(httpx.get(f"{api}/documents/seed-004"), 404)["code"] == "not_found"
    assert error_of(httpx.delete(f"{api}/documents/seed-004", headers=WITH_KEY), 404)


def test_answers_follow_writes(api: str, store) -> None:
    """Asked again and again, a query's answer changes exactly when a write changes the graph."""
    url = f"{api}/queries/cofunded_programs?company=KT"

    def targets() -> list[str]:
        return [row["target"] for row in httpx.get(url).json()["rows"]]

    assert targets() == [] and targets() == []
    assert post_text(api, SEED.read_text(encoding="utf-8"), WITH_KEY, id="s").status_code == 201
    assert targets() == ["스마트 대한민국 펀드"] and targets() == ["스마트 대한민국 펀드"]
    assert httpx.delete(f"{api}/documents/s", headers=WITH_KEY).json()["retracted"]
    assert targets() == []


def test_ingest_json(api: str, store) -> None:
    article = {
        "id": "json-1",
        "title": "과기정통부, 비대면 서비스 바우처 사업 공고",
        "date": "2020-05-01",
        "outlet": "테스트일보",
        "text": "과학기술정보통신부는 KT와 함께 비대면 서비스 바우처 사업을 추진한다고 밝혔다.",
    }
    response = httpx.post(f"{api}/documents", json=article, headers=WITH_KEY, timeout=60)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "added"
    assert body["document"]["outlet"] == "테스트일보" and body["document"]["date"] == "2020-05-01"
    assert "ministry:과학기술정보통신부" in {n["id"] for n in body["nodes"]}
    assert store.document_ids() == ["json-1"]


def test_without_an_id_the_text_names_the_document(api: str, store) -> None:
    text = "중소벤처기업부는 스마트공장 보급 사업을 확대한다고 밝혔다."
    first = post_text(api, text, WITH_KEY).json()
    assert first["id"].startswith("api_") and first["status"] == "added"
    assert post_text(api, text, WITH_KEY).json() == first | {"status": "unchanged"}
    assert store.document_ids() == [first["id"]]


# -- the write key --------------------------------------------------------------


def test_writes_are_disabled_without_a_configured_key(keyless_api: str, store) -> None:
    for response in (
        post_text(keyless_api, "과학기술정보통신부는 사업을 추진한다.", {"X-API-Key": "anything"}),
        httpx.delete(f"{keyless_api}/documents/x", headers={"X-API-Key": "anything"}),
    ):
        error = error_of(response, 403)
        assert error["code"] == "forbidden" and "GOVKG_API_KEY" in error["message"]
    assert store.document_ids() == []


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}])
def test_a_missing_or_wrong_key_is_401(api: str, store, headers: dict[str, str]) -> None:
    text = "과학기술정보통신부는 사업을 추진한다."
    assert error_of(post_text(api, text, headers), 401)["code"] == "unauthorized"
    assert store.document_ids() == []
    post_text(api, text, WITH_KEY, id="kept")
    assert error_of(httpx.delete(f"{api}/documents/kept", headers=headers), 401)
    assert store.document_ids() == ["kept"]


# -- bad bodies -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type", "status", "mentions"),
    [
        (b"{not json", "application/json", 422, "JSON"),
        (json.dumps({"title": "no text"}).encode(), "application/json", 422, "text"),
        (json.dumps({"text": ""}).encode(), "application/json", 422, "text"),
        (json.dumps(["a list"]).encode(), "application/json", 422, ""),
        (b"   \n ", "text/plain", 422, "empty"),
        ("기사".encode("utf-16"), "text/plain", 422, "UTF-8"),
        (b"<html><body><nav>menu</nav></body></html>", "text/plain", 422, "no article text"),
        (b"<a>x</a>", "application/xml", 415, "text/plain"),
    ],
)
def test_bad_bodies(
    api: str, store, content: bytes, content_type: str, status: int, mentions: str
) -> None:
    headers = {"Content-Type": content_type, **WITH_KEY}
    response = httpx.post(f"{api}/documents", content=content, headers=headers)
    assert mentions in error_of(response, status)["message"]
    assert store.document_ids() == []


def test_a_body_over_the_limit_is_413(api: str, store) -> None:
    big = "과학기술정보통신부는 사업을 추진한다. " * 2000  # about 100 kB > 20 kB
    error = error_of(post_text(api, big, WITH_KEY), 413)
    assert error["code"] == "body_too_large" and "GOVKG_MAX_BODY_BYTES" in error["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while streaming
        for _ in range(100):
            yield ("과학기술정보통신부는 사업을 추진한다. " * 20).encode()

    headers = {"Content-Type": "text/plain", **WITH_KEY}
    streamed = httpx.post(f"{api}/documents", content=chunks(), headers=headers)
    assert error_of(streamed, 413)["code"] == "body_too_large"
    assert store.document_ids() == []


def test_a_chunked_body_under_the_limit_is_read_whole(api: str, store) -> None:
    def chunks() -> Iterator[bytes]:
        yield "과학기술정보통신부는 KT와 함께 ".encode()
        yield "비대면 서비스 바우처 사업을 추진한다고 밝혔다.".encode()

    headers = {"Content-Type": "text/plain", **WITH_KEY}
    response = httpx.post(
        f"{api}/documents", content=chunks(), headers=headers, params={"id": "chunked"}
    )
    assert response.status_code == 201, response.text
    assert store.document_facts("chunked") is not None


def test_unknown_document_is_404(api: str) -> None:
    assert "nope" in error_of(httpx.get(f"{api}/documents/nope"), 404)["message"]


def test_a_stored_document_explains_its_facts_and_their_rules(api: str, store) -> None:
    text = SEED.read_text(encoding="utf-8")
    assert post_text(api, text, WITH_KEY, id="seed-004").status_code == 201
    answer = httpx.get(f"{api}/documents/seed-004/explain", timeout=30)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["document"], body["from"]) == ("seed-004", "store")
    facts = [
        (f["type"], f["source"], f["target"], s["sentence"])
        for s in body["sentences"]
        for f in s["facts"]
    ]
    kt = [f for f in facts if f[:3] == ("FUNDS", "KT", "스마트 대한민국 펀드")]
    assert kt and any(SEED_SENTENCE in f[3] for f in kt)
    assert all(f["rules"] for s in body["sentences"] for f in s["facts"])
    assert {"label": "Company", "node": "KT"} in [
        {k: e[k] for k in ("label", "node")} for e in body["entities"]
    ]
    missing = httpx.get(f"{api}/documents/no-such-doc/explain", timeout=30)
    assert missing.status_code == 404


def test_a_date_that_is_no_date_is_refused(api: str, store) -> None:
    article = {"id": "dated", "text": SEED.read_text(encoding="utf-8"), "date": "someday soon"}
    error = error_of(httpx.post(f"{api}/documents", json=article, headers=WITH_KEY), 422)
    assert error["code"] == "bad_input" and "'someday soon' is not a date" in error["message"]
    assert store.document_ids() == []
    dated = post_text(api, "과학기술정보통신부는 사업을 추진한다.", WITH_KEY, date="2021.6.4")
    assert dated.status_code == 201 and dated.json()["document"]["date"] == "2021-06-04"


@pytest.mark.parametrize("field", ["text", "title", "id", "url"])
def test_a_lone_surrogate_in_json_is_a_422(api: str, store, field: str) -> None:
    body = {"text": "과학기술정보통신부는 사업을 추진한다.", field: "앞\ud800뒤"}
    raw = json.dumps(body)  # ASCII JSON: the lone surrogate is sent as the escape \\ud800
    response = httpx.post(
        f"{api}/documents",
        content=raw.encode("ascii"),
        headers={"Content-Type": "application/json", **WITH_KEY},
    )
    assert error_of(response, 422)["code"] in ("bad_parameter", "bad_input")
    assert store.document_ids() == []


def test_ids_from_url_content_and_paths(api: str, store) -> None:
    text = SEED.read_text(encoding="utf-8")
    by_text = post_text(api, text, WITH_KEY).json()
    assert by_text["id"] == content_id(text)
    url = "https://www.example.kr/news/1"
    by_url = httpx.post(f"{api}/documents", json={"text": text, "url": url}, headers=WITH_KEY)
    assert by_url.status_code == 201 and by_url.json()["id"] == url_id(url)
    again = httpx.post(f"{api}/documents", json={"text": text, "url": url + "/"}, headers=WITH_KEY)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_a_path_id_with_a_folder_is_served(
    store, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "article.txt").write_text(SEED.read_text(encoding="utf-8"), "utf-8")
    apply_in_batches(store, read_inputs([tmp_path], pytest.fail))
    settings = settings_for(store, request, api_key=KEY)
    with serving(create_app(settings)) as api:
        assert httpx.get(f"{api}/documents/a/article").json()["id"] == "a/article"
        explained = httpx.get(f"{api}/documents/a/article/explain", timeout=30)
        assert explained.json()["document"] == "a/article"
        gone = httpx.delete(f"{api}/documents/a/article", headers=WITH_KEY)
        assert gone.json() == {"id": "a/article", "retracted": True}
    assert store.document_ids() == []


def test_the_schema_declares_what_a_post_answers(api: str) -> None:
    post = httpx.get(f"{api}/openapi.json").json()["paths"]["/documents"]["post"]
    assert {"200", "201", "422"} <= set(post["responses"])
    assert post["responses"]["201"]["content"]["application/json"]["schema"]
