"""The explorer page (`GET /explore`) over real HTTP, on both stores, in headless Chromium.

The page is served by uvicorn over the seed articles; the test searches by an
alias, opens KT's neighbourhood, expands the co-funded fund with a click, clicks
the FUNDS edge and reads its evidence, and leaves a screenshot in ``artifacts/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser_driver import (
    REPO_ROOT,
    headless_chromium,
    load_seed_articles,
    require_chromium,
    save_screenshot,
    unavailable,
    wait_for,
)
from http_server import serving, settings_for

from api.app import create_app
from api.routes import explore
from graph.browser import node_styles
from graph.stores.base import GraphStore

COMPANY = "company:kt"
FUND = "fund:스마트대한민국펀드"
CO_FUNDER = "ministry:중소벤처기업부"
LIBRARY = "cytoscape.min.js"


@pytest.fixture(scope="module")
def explorer_library() -> Path:
    """The graph library from npm: installed with `npm ci` when missing and npm is here."""
    path = explore.LIBRARIES[LIBRARY]
    npm = shutil.which("npm")
    if not path.is_file() and npm:
        subprocess.run(
            [npm, "ci", "--prefix", str(REPO_ROOT / "api" / "explorer"), "--ignore-scripts"],
            check=False,
            capture_output=True,
            timeout=300,
        )
    if not path.is_file():
        unavailable(f"the explorer library is not installed ({explore.INSTALL_HINT})")
    return path


@pytest.fixture
def served(store: GraphStore, request: pytest.FixtureRequest) -> Iterator[str]:
    """The app on a free loopback port over the extracted seed articles."""
    load_seed_articles(store)
    with serving(create_app(settings_for(store, request))) as url:
        yield url


def _neighbours(store: GraphStore, entity: str) -> set[str]:
    ends = set()
    for edge in store.edges():
        if edge["type"] != "MENTIONED_IN" and entity in (edge["source"], edge["target"]):
            ends |= {edge["source"], edge["target"]}
    return ends | {entity}


def _funds_edge(store: GraphStore) -> dict:
    return next(e for e in store.edges(["FUNDS"]) if (e["source"], e["target"]) == (COMPANY, FUND))


# -- the JSON the page reads ----------------------------------------------------


def test_neighbourhood_and_evidence_json(served: str, store: GraphStore, explorer_library: Path):
    body = httpx.get(f"{served}/explore/neighbourhood", params={"name": "케이티"}).json()
    assert body["centre"] == COMPANY
    assert {n["id"] for n in body["nodes"]} == _neighbours(store, COMPANY)
    funds = next(e for e in body["edges"] if e["id"] == f"FUNDS:{COMPANY}->{FUND}")
    # The fund's size is on the fund; neither co-funder's own share is stated.
    assert funds.get("amount_krw") is None and "amount_krw" not in _funds_edge(store)
    assert funds["co_funded"] is True

    params = {"source": COMPANY, "type": "FUNDS", "target": FUND}
    evidence = httpx.get(f"{served}/explore/evidence", params=params).json()
    assert [e["sentence"] for e in evidence["evidence"]] == _funds_edge(store)["evidence"]
    assert {e["doc"] for e in evidence["evidence"]} == set(_funds_edge(store)["evidence_docs"])

    missing = httpx.get(f"{served}/explore/neighbourhood", params={"name": "없는기관"})
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_page_and_library_are_served_locally(served: str, explorer_library: Path):
    page = httpx.get(f"{served}/explore")
    assert page.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    assert scripts and all(s.startswith("/explore/static/") for s in scripts)
    library = httpx.get(f"{served}/explore/static/{LIBRARY}")
    assert library.status_code == 200
    assert library.content == explorer_library.read_bytes()
    assert httpx.get(f"{served}/explore/static/..%2Fapp.py").status_code == 404


def test_a_missing_library_is_a_clear_404(
    served: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setitem(explore.LIBRARIES, LIBRARY, tmp_path / "absent.js")
    response = httpx.get(f"{served}/explore/static/{LIBRARY}")
    assert response.status_code == 404
    assert explore.INSTALL_HINT in response.json()["error"]["message"]


# -- the page in Chromium ----------------------------------------------------------


def _idle(driver) -> bool:
    return driver.find_element("tag name", "body").get_attribute("data-state") == "idle"


def _drawn(driver) -> dict[str, dict]:
    """Every node the page draws: id → label, name and fill colour as rendered."""
    return driver.execute_script(
        "const out = {};"
        # Before the page's first drawing there is no graph yet: nothing is drawn.
        "if (!window.govkgExplorer || !window.govkgExplorer.cy) return out;"
        "for (const n of window.govkgExplorer.cy.nodes()) {"
        "  out[n.id()] = {label: n.data('label'), name: n.data('name'),"
        "                 fill: n.style('background-color')}; }"
        "return out;"
    )


def _click_at(driver, element_id: str, where: str) -> None:
    """A real mouse click on a node's centre or an edge's midpoint on the canvas."""
    from selenium.webdriver.common.action_chains import ActionChains

    x, y = driver.execute_script(
        "const el = window.govkgExplorer.cy.getElementById(arguments[0]);"
        f"const p = el.{where}(); return [p.x, p.y];",
        element_id,
    )
    canvas = driver.find_element("id", "graph")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)
    ).click().perform()


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r},{g},{b})"


def test_explorer_draws_the_kt_cofunding_neighbourhood(
    served: str, store: GraphStore, explorer_library: Path
):
    require_chromium()
    styles = node_styles()
    sentence = _funds_edge(store)["evidence"][0]
    with headless_chromium() as driver:
        driver.get(f"{served}/explore")
        wait_for(driver, _idle)
        # Search by an alias: the catalogue's search finds KT by 케이티.
        driver.find_element("id", "query").send_keys("케이티")
        driver.find_element("css selector", "#search button").click()
        first = wait_for(driver, lambda d: d.find_element("css selector", "#results li[data-id]"))
        assert first.get_attribute("data-id") == COMPANY
        first.click()
        wait_for(driver, lambda d: COMPANY in _drawn(d) and _idle(d))
        assert set(_drawn(driver)) == _neighbours(store, COMPANY)

        # Expand the fund with a click: its other funder appears.
        _click_at(driver, FUND, "renderedPosition")
        wait_for(driver, lambda d: CO_FUNDER in _drawn(d) and _idle(d))
        drawn = _drawn(driver)
        assert set(drawn) == _neighbours(store, COMPANY) | _neighbours(store, FUND)

        # Click the FUNDS edge: the panel shows its sentence and document.
        _click_at(driver, f"FUNDS:{COMPANY}->{FUND}", "renderedMidpoint")
        items = wait_for(driver, lambda d: d.find_elements("css selector", "#evidence li"))
        first_item = items[0].text
        panel = driver.find_element("id", "details").text
        shot = save_screenshot(driver, f"explorer-kt-cofunding-{store.name}")

    assert sentence in first_item
    assert _funds_edge(store)["evidence_docs"][0] in first_item
    assert "240억" in panel
    # Colours as in the Browser style: one per label.
    for node in (COMPANY, FUND, CO_FUNDER):
        assert drawn[node]["fill"].replace(" ", "") == _rgb(styles[drawn[node]["label"]]["color"])
    assert len({drawn[n]["fill"] for n in (COMPANY, FUND, CO_FUNDER)}) == 3
    assert shot.stat().st_size > 10_000


# -- time, conflicts and corrections ---------------------------------------------------

MSIT = "ministry:과학기술정보통신부"
CONFLICT_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "conflicts"
TERM_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "terms"


@pytest.fixture
def served_in_time(store: GraphStore, request: pytest.FixtureRequest) -> Iterator[str]:
    """Two holders of one ministry in the reference data, one it does not know, a fund
    given two sizes, and an edge added by hand."""
    from graph import correcting
    from graph.loading import apply_in_batches
    from loaders.pipeline import extract_paths

    failures: list[object] = []
    apply_in_batches(
        store, list(extract_paths([CONFLICT_FIXTURES, TERM_FIXTURES], failures.append))
    )
    assert not failures
    correcting.add(
        store, "과기정통부", "PARTNERS_WITH", "한국연구재단", "named at the briefing", "kim"
    )
    with serving(create_app(settings_for(store, request))) as url:
        yield url


def _heads(body: dict) -> dict[str, dict]:
    names = {n["id"]: n["name"] for n in body["nodes"]}
    return {names[e["source"]]: e for e in body["edges"] if e["type"] == "HEADS"}


def test_neighbourhood_json_is_dated_and_marks_conflicts_and_corrections(served_in_time: str):
    url = f"{served_in_time}/explore/neighbourhood"
    every = httpx.get(url, params={"id": MSIT}).json()
    heads = _heads(every)
    assert set(heads) == {"최기영", "한가람", "이종호"}
    assert heads["최기영"]["conflicts"][0]["kind"] == "heads"
    assert "conflicts" not in heads["이종호"]
    made = next(e for e in every["edges"] if e["type"] == "PARTNERS_WITH")
    assert made["hand_made"] is True and made["corrections"][0]["note"] == "named at the briefing"
    # 최기영's term ended in 2021; 한가람's post has no known valid time: from first seen on.
    then = httpx.get(url, params={"id": MSIT, "as_of": "2022-06-01"}).json()
    assert set(_heads(then)) == {"이종호", "한가람"} and then["as_of"] == "2022-06-01"
    before = httpx.get(url, params={"id": MSIT, "as_of": "2020-09-10"}).json()
    assert set(_heads(before)) == {"최기영"}
    fund = httpx.get(url, params={"name": "지역혁신 디지털 펀드"}).json()
    centre = next(n for n in fund["nodes"] if n["id"] == fund["centre"])
    assert {v["value"] for v in centre["conflicts"][0]["values"]} == {"50000000000", "60000000000"}
    bad = httpx.get(url, params={"id": MSIT, "as_of": "2022-06-31"})
    assert bad.status_code == 422
    early = httpx.get(url, params={"id": MSIT, "as_of": "2016-01-01"})
    assert early.status_code == 404 and "2016-01-01" in early.json()["error"]["message"]


def test_the_slider_dates_the_drawing_and_the_panel_shows_both_values(
    served_in_time: str, store: GraphStore, explorer_library: Path
):
    require_chromium()
    with headless_chromium() as driver:
        driver.get(f"{served_in_time}/explore?id={MSIT}")
        wait_for(driver, lambda d: MSIT in _drawn(d) and _idle(d))
        names = {v["name"] for v in _drawn(driver).values()}
        assert {"최기영", "한가람", "이종호"} <= names
        conflicted = driver.execute_script(
            "return window.govkgExplorer.cy.edges('.conflicted').map(e => e.id());"
        )
        assert len(conflicted) == 2
        hand_made = driver.execute_script(
            "return window.govkgExplorer.cy.edges('.hand-made').map(e => e.data('type'));"
        )
        assert hand_made == ["PARTNERS_WITH"]
        # Click one disputed post: the panel shows both holders with their sentences.
        _click_at(driver, conflicted[0], "renderedMidpoint")
        wait_for(driver, lambda d: "Documents disagree" in d.find_element("id", "details").text)
        panel = driver.find_element("id", "details").text
        shot = save_screenshot(driver, f"explorer-conflict-{store.name}")
        assert "최기영" in panel and "한가람" in panel and "2019-09-09" in panel
        # Slide to 2022-06-01: only the minister of that day is drawn.
        driver.execute_script(
            "const s = document.getElementById('as-of');"
            "s.value = String(Math.round((Date.parse('2022-06-01') - Date.UTC(2013, 0, 1))"
            " / 86400000));"
            "s.dispatchEvent(new Event('change'));"
        )
        wait_for(
            driver,
            lambda d: _idle(d) and "최기영" not in {v["name"] for v in _drawn(d).values()},
        )
        names = {v["name"] for v in _drawn(driver).values()}
        shown = driver.find_element("id", "as-of-day").text
        dated = save_screenshot(driver, f"explorer-as-of-{store.name}")
    assert "이종호" in names and "최기영" not in names
    assert shown == "2022-06-01"
    assert shot.stat().st_size > 10_000 and dated.stat().st_size > 10_000
