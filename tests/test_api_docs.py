"""Swagger UI (/docs) and ReDoc (/redoc) come from the app itself, not from a CDN.

Their files are the npm packages of api/explorer/package-lock.json, installed with
``npm ci`` when missing and npm is here (as the explorer's graph library is). The
pages reference local URLs only; in Chromium, /docs lists the API's operations.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from browser_driver import REPO_ROOT, headless_chromium, require_chromium, unavailable, wait_for
from http_server import serving

from api.app import create_app
from api.routes import docs
from graph.config import Settings

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CONTENT_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


@pytest.fixture(scope="module")
def installed() -> dict[str, Path]:
    """The documentation assets from npm: `npm ci` when missing and npm is here."""
    npm = shutil.which("npm")
    if not all(p.is_file() for p in docs.ASSETS.values()) and npm:
        subprocess.run(
            [npm, "ci", "--prefix", str(REPO_ROOT / "api" / "explorer"), "--ignore-scripts"],
            check=False,
            capture_output=True,
            timeout=300,
        )
    if not all(p.is_file() for p in docs.ASSETS.values()):
        unavailable(f"the documentation assets are not installed ({docs.INSTALL_HINT})")
    return docs.ASSETS


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    with serving(create_app(Settings(store="embedded", data_dir=tmp_path / "data"))) as url:
        yield url


def references(html: str) -> list[str]:
    return re.findall(r'(?:src|href|spec-url)="([^"]+)"', html) + re.findall(
        r"url: '([^']+)'", html
    )


def fetched_elsewhere(driver: WebDriver, base: str) -> list[str]:
    """URLs the page asked another server for that the browser did not block."""
    loaded = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name);"
    )
    assert loaded, "the page loaded nothing"
    blocked = [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"] and "blocked" in entry["message"]
    ]
    return [
        url
        for url in loaded
        if not url.startswith(base) and not any(f"'{url}'" in m for m in blocked)
    ]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_pages_reference_local_files_only(
    served: str, installed: dict[str, Path], page: str
) -> None:
    response = httpx.get(f"{served}{page}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    urls = references(response.text)
    assert "/openapi.json" in urls
    assert any(u.endswith(".js") for u in urls)
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "://" not in response.text
    # And the browser is told to load nothing from elsewhere.
    assert "default-src 'self'" in response.headers["content-security-policy"]
    for url in urls:
        if url == "/openapi.json":
            continue
        asset = httpx.get(f"{served}{url}")
        assert asset.status_code == 200, url
        assert CONTENT_TYPES[Path(url).suffix] in asset.headers["content-type"], url
        assert asset.content == installed[Path(url).name].read_bytes()


def test_missing_assets_say_how_to_install_them(
    served: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in docs.ASSETS:
        monkeypatch.setitem(docs.ASSETS, name, tmp_path / "absent" / name)
    for page in ("/docs", "/redoc"):
        response = httpx.get(f"{served}{page}")
        assert response.status_code == 503
        assert docs.INSTALL_HINT in response.text
        assert response.text.count("<p>") == 1  # one line, not a blank page
    asset = httpx.get(f"{served}/docs/static/swagger-ui-bundle.js")
    assert asset.status_code == 404
    assert docs.INSTALL_HINT in asset.json()["error"]["message"]
    assert httpx.get(f"{served}/docs/static/..%2Fapp.py").status_code == 404


def test_swagger_ui_lists_the_operations(served: str, installed: dict[str, Path]) -> None:
    require_chromium()
    paths = httpx.get(f"{served}/openapi.json").json()["paths"]
    with headless_chromium() as driver:
        driver.get(f"{served}/docs")
        wait_for(driver, lambda d: len(d.find_elements("css selector", ".opblock")) >= len(paths))
        shown = [
            e.get_attribute("data-path")
            for e in driver.find_elements("css selector", ".opblock-summary-path")
        ]
        elsewhere = fetched_elsewhere(driver, served)
    assert "/queries/cofunded_programs" in shown and "/queries/{name}" in shown
    assert set(shown) == set(paths)
    assert elsewhere == []


def test_redoc_shows_the_query_routes(served: str, installed: dict[str, Path]) -> None:
    require_chromium()
    title = httpx.get(f"{served}/openapi.json").json()["paths"]["/queries/cofunded_programs"]
    with headless_chromium() as driver:
        driver.get(f"{served}/redoc")
        wait_for(
            driver,
            lambda d: title["get"]["summary"] in d.find_element("tag name", "body").text,
            timeout=60,
        )
        elsewhere = fetched_elsewhere(driver, served)
    # ReDoc's sidebar asks a CDN for its maker's logo: the page's policy blocks it.
    assert elsewhere == []
