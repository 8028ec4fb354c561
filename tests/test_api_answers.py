"""No answer shows where the machine keeps its files, and odd ids are 404 or 422, not 500.

On both stores: document records carry the path relative to the folder they were
loaded from; unknown and oversized ids get the same status from each store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from http_server import serving, settings_for
from test_api import error_of

from api.app import create_app
from graph.loading import apply_in_batches
from graph.model import DocumentFacts, DocumentMeta, NodeFact
from graph.stores.base import GraphStore
from loaders.sources import read_inputs

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED = "004_ebf31bfe4c93205e"
KEY = "answers-key"
LONG = "x" * 9000


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    """The API over the seed articles, loaded by their absolute folder."""
    failures: list[tuple[str, str]] = []
    apply_in_batches(store, read_inputs([SEEDS.resolve()], failures.append))
    assert not failures
    return store


@pytest.fixture
def url(loaded: GraphStore, request: pytest.FixtureRequest) -> Iterator[str]:
    with serving(create_app(settings_for(loaded, request, api_key=KEY))) as base:
        yield base


def test_document_paths_are_relative_to_the_folder_loaded(url: str) -> None:
    document = httpx.get(f"{url}/documents/{SEED}", timeout=30)
    assert document.status_code == 200
    assert document.json()["document"]["path"] == f"{SEED}.txt"
    exported = httpx.get(f"{url}/export", timeout=60)
    paths = [n.get("path") for n in exported.json()["nodes"] if n["label"] == "Document"]
    assert sorted(paths) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for response in (document, exported):
        assert str(REPO) not in response.text


def test_facts_with_an_absolute_path_show_none(store, request: pytest.FixtureRequest) -> None:
    facts = DocumentFacts(
        document=DocumentMeta(id="old", title="t", path="/home/someone/news/old.txt"),
        nodes=[NodeFact(id="company:kt", label="Company", name="KT")],
    )
    apply_in_batches(store, [facts])
    with serving(create_app(settings_for(store, request))) as base:
        document = httpx.get(f"{base}/documents/old", timeout=30)
        exported = httpx.get(f"{base}/export", timeout=30)
    assert document.status_code == 200 and "path" not in document.json()["document"]
    assert "/home/someone" not in exported.text and "/home/someone" not in document.text


@pytest.mark.parametrize(
    "path",
    [
        "/explore/evidence?source=nope&type=FUNDS&target=company:kt",
        "/explore/evidence?source=company:kt&type=FUNDS&target=fund:없는펀드",
        "/explore/neighbourhood?id=nope",
        "/explore/neighbourhood?id=company:없는회사",
        f"/explore/neighbourhood?id=company:{LONG}",
        f"/explore/evidence?source=company:{LONG}&type=FUNDS&target=company:kt",
        f"/documents/{LONG}",
        f"/entities/{LONG}",
    ],
    ids=lambda p: p[:48],
)
def test_unknown_and_oversized_ids_are_404(url: str, path: str) -> None:
    assert error_of(httpx.get(f"{url}{path}", timeout=30), 404)["code"] == "not_found"


def test_oversized_ids_are_refused_on_write(url: str) -> None:
    headers = {"X-API-Key": KEY}
    body = {"id": LONG, "text": "과학기술정보통신부는 비대면 서비스 바우처 사업을 추진한다."}
    posted = httpx.post(f"{url}/documents", json=body, headers=headers, timeout=60)
    assert error_of(posted, 422)["code"] == "invalid_facts"
    deleted = httpx.delete(f"{url}/documents/{LONG}", headers=headers, timeout=30)
    assert error_of(deleted, 404)["code"] == "not_found"
