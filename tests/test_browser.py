"""Neo4j Browser, driven in headless Chromium, shows the KT co-funding graph in govkg's style.

The test logs in to the provisioned Neo4j through Browser's connect form, applies
the shipped style with ``:style``, sets the query's parameter with ``:param`` and
runs the co-funding query from ``govkg browser``, as a user would. It then reads
the drawn SVG and leaves a screenshot in ``artifacts/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

import pytest
from browser_driver import (
    headless_chromium,
    load_seed_articles,
    require_chromium,
    save_screenshot,
    settled,
    wait_for,
)
from conftest import Neo4jTarget
from typer.testing import CliRunner

from api.cli import app
from graph.browser import (
    browser_queries,
    catalogue_queries,
    node_styles,
    param_lines,
    parse_grass,
    style_command,
    style_text,
)
from graph.schema import ALL_LABELS, ENTITY_LABELS, name_key
from graph.stores.neo4j import Neo4jStore
from loaders.gold import Gold

BROWSER_QUERY = "cofunding"
GOLD_QUERY = "programs co-funded by KT"


def browser_url(store: Neo4jStore) -> str:
    """Where the server serves Browser: ``NEO4J_BROWSER_URL``, or its own HTTP address."""
    explicit = os.environ.get("NEO4J_BROWSER_URL")
    if explicit:
        return explicit.rstrip("/") + "/"
    records, _, _ = store.driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
        {"names": ["server.http.enabled", "server.http.advertised_address"]},
        database_="system",
    )
    settings = {r["name"]: r["value"] for r in records}
    assert settings.get("server.http.enabled") == "true", "the server's HTTP connector is off"
    return f"http://{settings['server.http.advertised_address']}/browser/"


@pytest.fixture
def seeded_neo4j(neo4j_store: Neo4jStore) -> Iterator[Neo4jStore]:
    load_seed_articles(neo4j_store)
    yield neo4j_store


def run_command(driver, text: str) -> None:
    """Type a command into Browser's editor (as a paste) and run it; wait for its frame."""
    frames = len(driver.find_elements("css selector", "[data-testid=frame]"))
    driver.find_element("css selector", "#monaco-main-editor").click()
    # A paste, not keystrokes: the editor would otherwise add closing brackets itself.
    driver.execute_cdp_cmd("Input.insertText", {"text": text})
    driver.find_element("css selector", "[data-testid=editor-Run]").click()
    wait_for(driver, lambda d: len(d.find_elements("css selector", "[data-testid=frame]")) > frames)


def _connected(driver) -> bool:
    return "You are connected as user" in driver.find_element("tag name", "body").text


def _visible_password_field(driver):
    """The connect form's password field once it is shown and can be typed into."""
    for field in driver.find_elements("css selector", "[data-testid=password]"):
        if field.is_displayed() and field.is_enabled():
            return field
    return None


def log_in(driver, url: str, target: Neo4jTarget, attempts: int = 3) -> None:
    """Fill Browser's connect form and connect; try again if the form was still settling."""
    from selenium.common.exceptions import (
        ElementNotInteractableException,
        StaleElementReferenceException,
        TimeoutException,
    )

    bolt = urlsplit(target.uri)
    connect_url = f"{bolt.scheme}://{quote(target.user)}@{bolt.netloc}"
    driver.get(f"{url}?connectURL={quote(connect_url, safe='')}&preselectAuthMethod=NATIVE")
    for _ in range(attempts):
        try:
            field = wait_for(driver, _visible_password_field, 60)
            field.clear()
            field.send_keys(target.password)
            # The form may re-render as it starts (and drop what was typed): check first.
            if field.get_attribute("value") != target.password:
                continue
            driver.find_element("css selector", "[data-testid=connect]").click()
            wait_for(driver, _connected, 30)
            return
        except (
            ElementNotInteractableException,
            StaleElementReferenceException,
            TimeoutException,
        ):
            if _connected(driver):
                return
    save_screenshot(driver, "neo4j-browser-login-failed")
    body = driver.find_element("tag name", "body").text
    raise AssertionError(f"could not connect Browser to {target.uri}; the page says:\n{body}")


def drawn_nodes(driver) -> dict[str, str]:
    """Caption → fill colour of every node in the newest graph frame."""
    frame = driver.find_elements("css selector", "[data-testid=frame]")[0]
    nodes = {}
    for node in frame.find_elements("css selector", "svg g.node"):
        lines = [t.text.strip() for t in node.find_elements("css selector", "text.caption")]
        circle = node.find_element("css selector", "circle.b-outline")
        nodes[" ".join(line for line in lines if line)] = circle.get_attribute("fill")
    return nodes


def drawn_relationship_captions(driver) -> list[str]:
    frame = driver.find_elements("css selector", "[data-testid=frame]")[0]
    return [t.text for t in frame.find_elements("css selector", "svg g.relationship text")]


@pytest.mark.neo4j
def test_browser_draws_the_kt_cofunding_in_govkg_style(
    seeded_neo4j: Neo4jStore, neo4j_server: Neo4jTarget, gold: Gold
) -> None:
    require_chromium()
    store = seeded_neo4j
    expected = gold.queries[GOLD_QUERY]
    company = expected["company"]
    target = expected["expect_targets"][0]
    cofunder = expected["expect_cofunders"][target][0]
    nodes_by_key = {name_key(n["name"]): n for n in store.nodes() if n["label"] != "Document"}
    target_id = nodes_by_key[name_key(target)]["id"]
    funds = [e for e in store.edges(["FUNDS"]) if e["target"] == target_id]
    query = next(q for q in browser_queries() if q.name == BROWSER_QUERY)
    assert query.params == {"company": company}
    styles = node_styles()

    with headless_chromium() as driver:
        log_in(driver, browser_url(store), neo4j_server)
        run_command(driver, style_command())
        for line in param_lines(query.params):
            run_command(driver, line)
        run_command(driver, query.cypher)
        wanted = {name_key(n) for n in (company, target, cofunder)}
        wait_for(driver, lambda d: wanted <= {name_key(c) for c in drawn_nodes(d)})
        settled(driver, "[data-testid=frame] svg g.node")
        nodes = drawn_nodes(driver)
        relationship_captions = drawn_relationship_captions(driver)
        shot = save_screenshot(driver, "neo4j-browser-kt-cofunding")

    # Whole captions (Browser shortens what does not fit with "…"), in Korean.
    assert {name_key(c) for c in nodes} == wanted
    assert not any("…" in caption for caption in nodes)
    # One colour per label, as the style sheet says.
    fills = {nodes_by_key[name_key(c)]["label"]: fill.upper() for c, fill in nodes.items()}
    assert fills == {label: styles[label]["color"].upper() for label in fills}
    assert len(set(fills.values())) == len(fills) == 3
    # FUNDS edges are captioned with their type (a co-funder's own share is often unstated).
    assert len(funds) == 2
    assert sorted(c for c in relationship_captions if c == "FUNDS") == ["FUNDS", "FUNDS"]
    assert shot.stat().st_size > 10_000


# -- the style sheet and `govkg browser` ----------------------------------------


def test_the_style_gives_every_label_its_own_colour_and_a_name_caption() -> None:
    rules = parse_grass(style_text())
    styles = node_styles()
    assert set(styles) == set(ALL_LABELS)
    colours = [styles[label]["color"].upper() for label in ALL_LABELS]
    assert len(set(colours)) == len(colours)
    assert all(styles[label]["caption"] == "{name}" for label in ENTITY_LABELS)
    assert rules["relationship.FUNDS"]["caption"] == "<type>"
    # Browser's GraSS reader knows single quotes only, and no comments.
    assert '"' not in style_text() and "/*" not in style_text()


def test_govkg_browser_prints_the_style_and_runnable_commands() -> None:
    result = CliRunner().invoke(app, ["browser"])
    assert result.exit_code == 0, result.output
    assert result.output.count(style_command().rstrip()) == 1
    assert ":param company => 'KT'" in result.output
    for query in (*browser_queries(), *catalogue_queries()):
        assert query.cypher.rstrip() + ";" in result.output
        assert all(line in result.output for line in param_lines(query.params))
    assert {q.name for q in catalogue_queries()} >= {"cofunded_programs", "partners_of"}
    style_only = CliRunner().invoke(app, ["browser", "--style-only"])
    assert style_only.output == style_text()


@pytest.mark.neo4j
def test_every_printed_query_runs_on_neo4j_with_its_example_parameters(
    seeded_neo4j: Neo4jStore,
) -> None:
    for query in (*browser_queries(), *catalogue_queries()):
        records, _, _ = seeded_neo4j.driver.execute_query(
            query.cypher, dict(query.params), database_=seeded_neo4j.database
        )
        assert records, f"{query.name} found nothing for {dict(query.params)}"
    cofunding = next(q for q in browser_queries() if q.name == BROWSER_QUERY)
    records, _, _ = seeded_neo4j.driver.execute_query(
        cofunding.cypher, dict(cofunding.params), database_=seeded_neo4j.database
    )
    assert {(r["c"]["name"], r["target"]["name"], r["partner"]["name"]) for r in records} == {
        ("KT", "스마트 대한민국 펀드", "중소벤처기업부")
    }
