"""POST /cypher: read-only ad-hoc Cypher on Neo4j; off unless configured, plain reads only."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pytest
from http_server import serving, settings_for
from test_api import error_of

from api.app import create_app
from graph.config import Settings
from graph.export import export_json
from graph.loading import apply_in_batches
from graph.model import DocumentFacts
from graph.stores.neo4j import Neo4jStore


@pytest.fixture
def neo4j_api(
    neo4j_store: Neo4jStore, gold_facts: list[DocumentFacts], request: pytest.FixtureRequest
) -> Iterator[str]:
    apply_in_batches(neo4j_store, gold_facts)
    settings = settings_for(
        neo4j_store,
        request,
        cypher=True,
        cypher_require_key=False,
        # Long enough for any plain read on a busy machine; the slow query of the
        # time-limit test runs for minutes.
        cypher_timeout=5.0,
        cypher_row_limit=5,
    )
    with serving(create_app(settings)) as url:
        yield url


def cypher(
    base: str, query: str, headers: dict[str, str] | None = None, **params: Any
) -> httpx.Response:
    body = {"query": query, "params": params}
    return httpx.post(f"{base}/cypher", json=body, headers=headers, timeout=30)


def snapshot(store: Neo4jStore) -> tuple[Any, ...]:
    """Everything a write could touch: the graph, indexes and constraints, labels, keys."""

    def names(statement: str) -> list[Any]:
        with store.driver.session(database=store.database) as session:
            return sorted(str(r[0]) for r in session.run(statement))

    return (
        export_json(store),
        names("SHOW INDEXES YIELD name RETURN name"),
        names("SHOW CONSTRAINTS YIELD name RETURN name"),
        names("CALL db.labels() YIELD label RETURN label"),
        names("CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey"),
        names("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"),
    )


class _Recorder(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b"id,name\n1,x\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def csv_server() -> Iterator[tuple[str, list[str]]]:
    """A CSV file over HTTP that records every request made for it."""
    handler = type("Recorder", (_Recorder,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/rows.csv", handler.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


WRITES = {
    "CREATE": "CREATE (n:Company {id: 'company:new', name: 'new'}) RETURN n",
    "MERGE": "MERGE (n:Company {id: 'company:merged', name: 'merged'}) RETURN n",
    "SET": "MATCH (n:Company) SET n.name = 'renamed' RETURN count(n)",
    "SET label": "MATCH (n:Company) SET n:Hacked RETURN count(n)",
    "DELETE": "MATCH ()-[r:FUNDS]->() DELETE r",
    "DETACH DELETE": "MATCH (n) DETACH DELETE n",
    "REMOVE": "MATCH (n:Company) REMOVE n.name RETURN count(n)",
    "DROP INDEX": "DROP INDEX company_name",
    "DROP CONSTRAINT": "DROP CONSTRAINT company_id",
    "CREATE INDEX": "CREATE INDEX hacked IF NOT EXISTS FOR (n:Company) ON (n.hacked)",
    "write procedure": "CALL db.createLabel('Hacked')",
    "write procedure (property)": "CALL db.createProperty('hacked')",
    "write procedure (type)": "CALL db.createRelationshipType('HACKED')",
    "system procedure": "CALL db.clearQueryCaches()",
    "IN TRANSACTIONS": "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS",
    "read IN TRANSACTIONS": "UNWIND [1] AS i CALL (i) { RETURN i AS j } IN TRANSACTIONS RETURN j",
    "FOREACH": "MATCH (n:Company) FOREACH (x IN [1] | SET n.hacked = x)",
    "subquery write": "MATCH (n:Company) CALL (n) { SET n.hacked = 1 } RETURN count(*)",
    "TERMINATE": "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
}


@pytest.mark.neo4j
@pytest.mark.parametrize("statement", list(WRITES.values()), ids=list(WRITES))
def test_writes_are_refused_and_change_nothing(
    neo4j_api: str, neo4j_store: Neo4jStore, statement: str
) -> None:
    before = snapshot(neo4j_store)
    error = error_of(cypher(neo4j_api, statement), 403)
    assert error["code"] == "query_refused"
    assert snapshot(neo4j_store) == before


@pytest.mark.neo4j
def test_load_csv_is_refused_before_anything_is_fetched(
    neo4j_api: str, neo4j_store: Neo4jStore, csv_server: tuple[str, list[str]]
) -> None:
    url, fetched = csv_server
    before = snapshot(neo4j_store)
    for statement in (
        "LOAD CSV WITH HEADERS FROM $url AS row RETURN row",
        "LOAD CSV WITH HEADERS FROM $url AS row MERGE (:Company {id: row.id, name: row.name})",
    ):
        error = error_of(cypher(neo4j_api, statement, url=url), 403)
        assert "LOAD CSV" in error["message"] or error["code"] == "query_refused"
    assert fetched == []
    assert snapshot(neo4j_store) == before
    # The file is there to be fetched: a plain session does read it.
    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        session.run("LOAD CSV FROM $url AS row RETURN count(row)", url=url).consume()
    assert fetched == ["/rows.csv"]


@pytest.mark.neo4j
def test_more_than_one_statement_is_refused(neo4j_api: str, neo4j_store: Neo4jStore) -> None:
    before = snapshot(neo4j_store)
    response = cypher(neo4j_api, "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n")
    assert "one Cypher statement" in error_of(response, 422)["message"]
    assert snapshot(neo4j_store) == before


@pytest.mark.neo4j
def test_a_read_with_parameters(neo4j_api: str) -> None:
    response = cypher(
        neo4j_api,
        "MATCH (c:Company {id: $id})-[f:FUNDS]->(p) WHERE f.co_funded "
        "RETURN c, f, p.name AS program, p.amount_krw AS amount",
        id="company:kt",
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"] == ["c", "f", "program", "amount"]
    assert body["count"] == len(body["rows"]) == 1 and body["truncated"] is False
    row = body["rows"][0]
    assert (row["program"], row["amount"]) == ("스마트 대한민국 펀드", 24_000_000_000)
    assert row["c"]["id"] == "company:kt" and row["c"]["label"] == "Company"
    assert row["f"]["type"] == "FUNDS" and row["f"]["co_funded"] is True


@pytest.mark.neo4j
def test_rows_stop_at_the_row_limit(neo4j_api: str) -> None:
    body = cypher(neo4j_api, "UNWIND range(1, 100) AS i RETURN i").json()
    assert [r["i"] for r in body["rows"]] == [1, 2, 3, 4, 5]
    assert body["truncated"] is True
    exact = cypher(neo4j_api, "UNWIND range(1, 5) AS i RETURN i").json()
    assert exact["count"] == 5 and exact["truncated"] is False


@pytest.mark.neo4j
def test_a_long_query_meets_the_time_limit(neo4j_api: str) -> None:
    slow = "UNWIND range(1, 1000000000) AS i WITH i WHERE i % 7 = 1234567890 RETURN count(i)"
    error = error_of(cypher(neo4j_api, slow), 408)
    assert error["code"] == "query_timeout"


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({"query": "MATCH (n RETURN n"}, "Invalid input"),
        ({"query": "MATCH (n {id: $id}) RETURN n"}, "id"),
        ({"query": ""}, "query"),
        ({"params": {}}, "query"),
        ({"query": "RETURN 1", "params": [1]}, "params"),
        ({"query": "RETURN $x", "params": {"x": 2**64}}, "64-bit"),
        ({"query": "RETURN $x", "params": {"x": [1, {"y": -(2**63) - 1}]}}, "x[1].y"),
        ({"query": "RETURN $x", "params": {"x": "\ud800"}}, "surrogate"),
        ({"query": "RETURN 1", "params": {"x": {"\ud800": 1}}}, "surrogate"),
    ],
)
def test_bad_requests_are_422(neo4j_api: str, body: dict[str, Any], mentions: str) -> None:
    # As JSON with \u escapes: a lone surrogate is valid JSON, though not UTF-8.
    sent = json.dumps(body).encode()
    headers = {"content-type": "application/json"}
    response = httpx.post(f"{neo4j_api}/cypher", content=sent, headers=headers)
    assert mentions in error_of(response, 422)["message"]


def test_the_embedded_store_names_the_catalogue_and_the_setting(tmp_path) -> None:
    settings = Settings(
        store="embedded", data_dir=tmp_path / "data", cypher=True, cypher_require_key=False
    )
    app = create_app(settings)
    with serving(app) as url:
        error = error_of(cypher(url, "MATCH (n) RETURN n"), 400)
    assert error["code"] == "unsupported"
    assert "/queries" in error["message"] and "GOVKG_STORE=neo4j" in error["message"]


def test_a_body_that_is_not_utf8_json_is_422_not_400(tmp_path) -> None:
    settings = Settings(store="embedded", data_dir=tmp_path / "data", cypher=True)
    headers = {"content-type": "application/json"}
    with serving(create_app(settings)) as url:
        for body in (b'{"query": "\xf5X\xce"}', b"[" * 5000 + b"]" * 5000):
            response = httpx.post(f"{url}/cypher", content=body, headers=headers)
            assert error_of(response, 422)["code"] == "bad_input"


# -- the locked-down surface -------------------------------------------------

KEY = "cypher-key-51"


def test_cypher_is_off_unless_configured(tmp_path) -> None:
    with serving(create_app(Settings(store="embedded", data_dir=tmp_path / "data"))) as url:
        error = error_of(cypher(url, "MATCH (n) RETURN n"), 403)
    assert error["code"] == "forbidden" and "GOVKG_CYPHER=on" in error["message"]


@pytest.mark.neo4j
def test_cypher_is_off_on_neo4j_unless_configured(
    neo4j_store: Neo4jStore, request: pytest.FixtureRequest
) -> None:
    with serving(create_app(settings_for(neo4j_store, request, api_key=KEY))) as url:
        error = error_of(cypher(url, "RETURN 1 AS one", {"X-API-Key": KEY}), 403)
    assert "GOVKG_CYPHER=on" in error["message"]


@pytest.mark.neo4j
def test_the_key_is_required_when_configured(
    neo4j_store: Neo4jStore, request: pytest.FixtureRequest
) -> None:
    settings = settings_for(neo4j_store, request, cypher=True, api_key=KEY)
    assert settings.cypher_require_key  # the default
    with serving(create_app(settings)) as url:
        assert error_of(cypher(url, "RETURN 1 AS one"), 401)["code"] == "unauthorized"
        assert error_of(cypher(url, "RETURN 1 AS one", {"X-API-Key": "nope"}), 401)
        answered = cypher(url, "RETURN 1 AS one", {"X-API-Key": KEY})
        assert answered.status_code == 200 and answered.json()["rows"] == [{"one": 1}]
    keyless = settings_for(neo4j_store, request, cypher=True, api_key=None)
    with serving(create_app(keyless)) as url:
        assert error_of(cypher(url, "RETURN 1 AS one"), 403)["code"] == "forbidden"


SERVER_STATE = {
    "SHOW TRANSACTIONS": "SHOW TRANSACTIONS",
    "SHOW TRANSACTIONS YIELD": "SHOW TRANSACTIONS YIELD currentQuery, parameters RETURN *",
    "SHOW SETTINGS": "SHOW SETTINGS",
    "SHOW PROCEDURES": "SHOW PROCEDURES YIELD name RETURN name",
    "db.stats.stop": "CALL db.stats.stop()",
    "db.stats.stop quoted": "CALL db.`stats`.stop()",
    "db.prepareForReplanning": "CALL db.prepareForReplanning()",
    "db.resampleIndex": "CALL db.resampleIndex('company_name')",
    "dbms.listConfig": "CALL dbms.listConfig() YIELD name RETURN name",
    "after a read": "MATCH (n) WITH count(n) AS n CALL db.resampleOutdatedIndexes() RETURN n",
    "in a subquery": "MATCH (n) WHERE EXISTS { CALL db.stats.stop() } RETURN n",
    "CALL subquery": "CALL () { MATCH (n) RETURN n } RETURN count(n)",
    "USE": "USE system MATCH (n) RETURN n",
    "PROFILE": "PROFILE MATCH (n) RETURN n",
    "CYPHER options": "CYPHER runtime=slotted MATCH (n) RETURN n",
}


@pytest.mark.neo4j
@pytest.mark.parametrize("statement", list(SERVER_STATE.values()), ids=list(SERVER_STATE))
def test_server_state_is_out_of_reach(
    neo4j_api: str, neo4j_store: Neo4jStore, statement: str
) -> None:
    before = snapshot(neo4j_store)
    assert error_of(cypher(neo4j_api, statement), 403)["code"] == "query_refused"
    assert snapshot(neo4j_store) == before


@pytest.mark.neo4j
def test_another_sessions_parameters_stay_hidden(neo4j_api: str, neo4j_store: Neo4jStore) -> None:
    secret = "s3cret-parameter-value"
    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        tx = session.begin_transaction()
        try:
            tx.run("RETURN $secret AS s", secret=secret).consume()
            response = cypher(neo4j_api, "SHOW TRANSACTIONS YIELD parameters RETURN parameters")
        finally:
            tx.rollback()
    error_of(response, 403)
    assert secret not in response.text


@pytest.mark.neo4j
def test_the_listed_read_procedures_run(neo4j_api: str) -> None:
    labels = cypher(neo4j_api, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert labels.status_code == 200, labels.text
    assert {"label": "Company"} in labels.json()["rows"]
    found = cypher(
        neo4j_api,
        "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.id AS id",
        q="KT",
    )
    assert found.status_code == 200 and {"id": "company:kt"} in found.json()["rows"]
    keys = cypher(neo4j_api, "CALL db.propertyKeys() YIELD propertyKey RETURN count(*) AS n")
    assert keys.status_code == 200


@pytest.mark.neo4j
def test_words_that_name_clauses_are_fine_as_names(neo4j_api: str) -> None:
    statement = (
        "MATCH (c:Company {id: 'company:kt'}) // SET, DELETE and SHOW in a comment\n"
        "RETURN c.set AS set, {show: 'CREATE'} AS `merge`, c {.name} AS named"
    )
    response = cypher(neo4j_api, statement)
    assert response.status_code == 200, response.text
    assert response.json()["rows"][0]["merge"] == {"show": "CREATE"}


@pytest.mark.neo4j
def test_size_and_nesting_limits(neo4j_api: str) -> None:
    long = "RETURN '" + "x" * 20_000 + "' AS x"
    assert "characters" in error_of(cypher(neo4j_api, long), 403)["message"]
    deep = "RETURN " + "[" * 40 + "1" + "]" * 40 + " AS x"
    assert "nests" in error_of(cypher(neo4j_api, deep), 403)["message"]
    fine = "RETURN " + "[" * 10 + "1" + "]" * 10 + " AS x"
    assert cypher(neo4j_api, fine).status_code == 200
    # A value nested deeper than its brackets: in the parameters, and built by the query.
    nested: Any = 1
    for _ in range(150):
        nested = [nested]
    assert "nested deeper" in error_of(cypher(neo4j_api, "RETURN $x", x=nested), 422)["message"]
    built = "RETURN reduce(a = [], i IN range(1, 2000) | [a]) AS x"
    assert "nests" in error_of(cypher(neo4j_api, built), 422)["message"]


@pytest.mark.neo4j
def test_temporal_values_are_iso_text(neo4j_api: str) -> None:
    query = "RETURN duration({days: 1, hours: 12}) AS d, date('2020-04-16') AS day"
    row = cypher(neo4j_api, query).json()["rows"][0]
    assert row == {"d": "P1DT12H", "day": "2020-04-16"}
