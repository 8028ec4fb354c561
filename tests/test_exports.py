"""Exports for other tools, each read back by that tool and compared with the JSON export.

- GraphML: read back with networkx, decoded, equal to the export;
- neo4j-admin CSV: ``import.sh`` (``neo4j-admin database import full``) into a
  fresh server's database before it starts; counts by label and type, and the
  whole export of the imported database, equal the original;
- Cypher script: run with cypher-shell against a cleared Neo4j; the export of
  the rebuilt database equals the original.

Each runs on the seeds graph, on a small graph of hard strings (quotes,
backslashes, line breaks, ``;``, markup, emoji), and on a synthetic graph of
more than 100,000 nodes and edges (marked slow; it runs by default). The bulk
import starts a server of its own each time, so it takes the seeds and the
hard strings together, in one graph.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from conftest import Neo4jTarget
from neo4j_server import JVM_FLAGS, java_executable, provisioned_neo4j
from synthetic import synthetic_corpus

from graph.errors import BadParameterError, InvalidFactsError, StoreUnavailableError
from graph.export import export_json
from graph.exporters import EXPORTERS, UnknownExportFormatError, render, write_export
from graph.exporters.admin_csv import IMPORT_SCRIPT, admin_csv_export, write_admin_csv
from graph.exporters.cypher import cypher_script
from graph.exporters.graphml import GRAPHML_NS, graphml_text, read_graphml_export
from graph.exporters.records import node_labels
from graph.loading import apply_in_batches
from graph.model import DocumentFacts, DocumentMeta, EdgeFact, Evidence, NodeFact
from graph.schema import node_id
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import FULLTEXT_INDEX, KEYS_INDEX, Neo4jStore
from graph.stores.neo4j_bulk import BulkReport, bulk_load
from loaders.pipeline import extract_paths

GraphJson = dict[str, list[dict[str, Any]]]

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS = REPO_ROOT / "seeds"
SYNTHETIC_DOCUMENTS = 1250  # about 19,000 nodes and 88,000 edges
HARD_STRINGS = (
    "작은따옴표 ' 큰따옴표 \" 역슬래시 \\ 끝\\",
    "줄바꿈\n다음 줄\r\n윈도 줄; 세미콜론 | 파이프",
    "<태그> & &amp; // 주석 /* 블록 */ $rows {id: 1}",
    "탭\t이모지 😀 漢字 결합 가\u0301 \\n 글자 그대로",
)


def _exported(facts: list[DocumentFacts], directory: Path) -> GraphJson:
    store = EmbeddedStore(directory)
    store.open()
    try:
        apply_in_batches(store, facts, batch_size=500)
        return export_json(store)
    finally:
        store.close()


def _hard_strings_document() -> DocumentFacts:
    doc_id = "hard_001"
    names = [f"회사 {i} {text}" for i, text in enumerate(HARD_STRINGS)]
    companies = [
        NodeFact(
            node_id("Company", name),
            "Company",
            name,
            aliases=[f"별칭; {i}", f"별칭 | {i}"],
            props={"name_en": text},
        )
        for i, (name, text) in enumerate(zip(names, HARD_STRINGS, strict=True))
    ]
    fund = NodeFact(
        node_id("Fund", "따옴표 '펀드'"), "Fund", "따옴표 '펀드'", props={"amount_krw": 24 * 10**9}
    )
    edges = [
        EdgeFact(
            "FUNDS",
            company.id,
            fund.id,
            props={"amount_krw": 10**9 * (i + 1), "co_funded": True, "period": text},
            evidence=[Evidence(doc_id, text, 10 * i, 10 * i + len(text))],
            confidence=0.75,
        )
        for i, (company, text) in enumerate(zip(companies, HARD_STRINGS, strict=True))
    ]
    meta = DocumentMeta(
        doc_id, title=HARD_STRINGS[1], date="2020-09-22", outlet="가상\\일보", checksum="hard"
    )
    return DocumentFacts(meta, [*companies, fund], edges)


@pytest.fixture(scope="module")
def seed_facts() -> list[DocumentFacts]:
    failures: list[tuple[str, str]] = []
    facts = list(extract_paths([SEEDS], failures.append))
    assert failures == [] and len(facts) == 4
    return facts


@pytest.fixture(scope="module")
def seeds_graph(
    seed_facts: list[DocumentFacts], tmp_path_factory: pytest.TempPathFactory
) -> GraphJson:
    return _exported(seed_facts, tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def hard_graph(tmp_path_factory: pytest.TempPathFactory) -> GraphJson:
    return _exported([_hard_strings_document()], tmp_path_factory.mktemp("hard"))


@pytest.fixture(scope="module")
def seeds_and_hard_graph(
    seed_facts: list[DocumentFacts], tmp_path_factory: pytest.TempPathFactory
) -> GraphJson:
    """Both in one graph: each bulk import starts a server of its own, so one does for both."""
    facts = [*seed_facts, _hard_strings_document()]
    return _exported(facts, tmp_path_factory.mktemp("seeds_and_hard"))


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory: pytest.TempPathFactory) -> GraphJson:
    graph = _exported(synthetic_corpus(SYNTHETIC_DOCUMENTS), tmp_path_factory.mktemp("syn"))
    assert len(graph["nodes"]) + len(graph["edges"]) >= 100_000
    return graph


GRAPHS = [
    "seeds_graph",
    "hard_graph",
    pytest.param("synthetic_graph", marks=pytest.mark.slow),
]


@pytest.fixture(params=GRAPHS)
def graph(request: pytest.FixtureRequest) -> GraphJson:
    return request.getfixturevalue(request.param)


def test_the_test_graphs_hold_what_the_exports_must_carry(
    seeds_graph: GraphJson, hard_graph: GraphJson
) -> None:
    kt_funds = next(
        e
        for e in seeds_graph["edges"]
        if (e["type"], e["source"], e["target"])
        == ("FUNDS", "company:kt", "fund:스마트대한민국펀드")
    )
    assert "amount_krw" not in kt_funds and kt_funds["co_funded"] is True
    assert any(
        "240억원 규모의 스마트 대한민국 펀드" in ev["sentence"] for ev in kt_funds["evidence"]
    )
    texts = json.dumps(hard_graph, ensure_ascii=False)
    assert all(json.dumps(s, ensure_ascii=False)[1:-1] in texts for s in HARD_STRINGS)


# -- GraphML -----------------------------------------------------------------


def test_graphml_round_trips_through_networkx(graph: GraphJson, tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    write_export(graph, "graphml", path)
    assert read_graphml_export(path) == graph


def test_graphml_is_shaped_for_gephi(seeds_graph: GraphJson) -> None:
    root = ET.fromstring(graphml_text(seeds_graph))
    ns = {"g": GRAPHML_NS}
    keys = {(k.get("for"), k.get("attr.name")): k for k in root.findall("g:key", ns)}
    # Gephi captions nodes and edges with the attribute called "label" and takes the
    # yEd key ids d3 and d7 for captions too: names are the captions, ids are named.
    assert {k.get("id") for k in keys.values()}.isdisjoint({"d3", "d7"})
    assert keys[("node", "amount_krw")].get("attr.type") == "long"
    assert keys[("edge", "co_funded")].get("attr.type") == "boolean"
    assert keys[("edge", "evidence")].findtext("g:desc", namespaces=ns) == "JSON text"
    label_key, kind_key = keys[("node", "label")].get("id"), keys[("node", "kind")].get("id")
    kt = root.find("g:graph/g:node[@id='company:kt']", ns)
    assert kt is not None
    data = {d.get("key"): d.text for d in kt.findall("g:data", ns)}
    assert data[label_key] == "KT" and data[kind_key] == "Company"
    edges = root.findall("g:graph/g:edge", ns)
    assert len(edges) == len(seeds_graph["edges"])
    assert len({e.get("id") for e in edges}) == len(edges)  # Gephi merges edges sharing an id


def test_graphml_leaves_out_what_xml_cannot_carry() -> None:
    graph = {
        "nodes": [{"id": "company:a", "label": "Company", "name": "A\x00B\x1fC", "aliases": []}],
        "edges": [],
    }
    root = ET.fromstring(graphml_text(graph))
    names = [d.text for d in root.iter(f"{{{GRAPHML_NS}}}data")]
    assert "ABC" in names


# -- Cypher script -------------------------------------------------------------


def run_cypher_shell(jars: list[str], target: Neo4jTarget, script: Path) -> None:
    """``cypher-shell -f script`` (org.neo4j.shell.Main from the distribution's jars)."""
    command = [
        java_executable(),
        "-Dfile.encoding=UTF-8",
        "-cp",
        os.pathsep.join(jars),
        "org.neo4j.shell.Main",
        "--address",
        target.uri,
        "--database",
        target.database,
        "--fail-fast",
        "--non-interactive",
        "--file",
        str(script),
    ]
    # Credentials through the environment, which cypher-shell reads, not the command line.
    env = os.environ | {"NEO4J_USERNAME": target.user, "NEO4J_PASSWORD": target.password}
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=1200, check=False
    )
    assert done.returncode == 0, f"cypher-shell failed:\n{done.stdout[-2000:]}\n{done.stderr}"


@pytest.mark.neo4j
def test_cypher_script_rebuilds_the_same_export(
    graph: GraphJson,
    neo4j_store: Neo4jStore,
    neo4j_server: Neo4jTarget,
    neo4j_jars: list[str],
    tmp_path: Path,
) -> None:
    script = tmp_path / "graph.cypher"
    write_export(graph, "cypher", script)
    run_cypher_shell(neo4j_jars, neo4j_server, script)
    assert export_json(neo4j_store) == graph


def test_cypher_script_shape(hard_graph: GraphJson) -> None:
    script = cypher_script(hard_graph, rows_per_statement=2, statements_per_transaction=2)
    lines = script.splitlines()
    # Constraints first, on their own; then data in :begin/:commit blocks.
    first_begin = lines.index(":begin")
    assert any(line.startswith("CREATE CONSTRAINT company_id") for line in lines[:first_begin])
    assert not any(line.startswith("CREATE CONSTRAINT") for line in lines[first_begin:])
    assert lines.count(":begin") == lines.count(":commit") > 1
    # Rows go in batches of two, one :param line each (line breaks escaped), per label
    # for nodes and per type and end labels for edges.
    labels = node_labels(hard_graph)
    groups = Counter(n["label"] for n in hard_graph["nodes"])
    groups.update(
        (e["type"], labels[e["source"]], labels[e["target"]]) for e in hard_graph["edges"]
    )
    params = [line for line in lines if line.startswith(":param {rows: [")]
    assert len(params) == sum(-(-size // 2) for size in groups.values())
    assert len(params) == sum(line.startswith("UNWIND $rows AS row ") for line in lines)
    assert (
        "\\r\\n윈도 줄" in script and "'작은따옴표 \\' 큰따옴표 \" 역슬래시 \\\\ 끝\\\\'" in script
    )


def test_labels_and_types_come_only_from_the_schema() -> None:
    graph = {
        "nodes": [{"id": "x:1", "label": "Agency) DETACH DELETE (m", "name": "x", "aliases": []}],
        "edges": [],
    }
    for name in ("cypher", "neo4j-admin"):
        with pytest.raises(InvalidFactsError):
            render(graph, name)


# -- neo4j-admin CSV -----------------------------------------------------------


def _admin_wrapper(jars: list[str], directory: Path) -> Path:
    """An executable ``neo4j-admin`` (the distribution's AdminTool) for import.sh to call."""
    flags = " ".join(JVM_FLAGS)
    wrapper = directory / "neo4j-admin"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'exec "{java_executable()}" -Xmx1g {flags} -cp "{os.pathsep.join(jars)}" '
        'org.neo4j.cli.AdminTool "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def _run_import_script(admin: Path, export_dir: Path) -> Callable[[Path], None]:
    def run(home: Path) -> None:
        env = os.environ | {
            "NEO4J_ADMIN": str(admin),
            "NEO4J_HOME": str(home),
            "NEO4J_CONF": str(home / "conf"),
        }
        done = subprocess.run(
            ["sh", str(export_dir / IMPORT_SCRIPT), "neo4j"],
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        assert done.returncode == 0, f"import failed:\n{done.stdout[-3000:]}\n{done.stderr}"

    return run


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "graph",
    ["seeds_and_hard_graph", pytest.param("synthetic_graph", marks=pytest.mark.slow)],
    indirect=True,
)
def test_admin_csv_imports_into_a_fresh_database(
    graph: GraphJson, neo4j_jars: list[str], tmp_path: Path
) -> None:
    export_dir = tmp_path / "import"
    write_export(graph, "neo4j-admin", export_dir)
    admin = _admin_wrapper(neo4j_jars, tmp_path)
    with provisioned_neo4j(before_start=_run_import_script(admin, export_dir)) as server:
        store = Neo4jStore(server.uri, server.user, server.password)
        store.open()
        try:
            stats = store.stats()
            rebuilt = export_json(store)
        finally:
            store.close()
    assert stats["labels"] == dict(Counter(n["label"] for n in graph["nodes"]))
    assert stats["types"] == dict(Counter(e["type"] for e in graph["edges"]))
    assert rebuilt == graph


@pytest.mark.neo4j
def test_bulk_load_builds_the_graph_a_load_does(
    seed_facts: list[DocumentFacts], seeds_graph: GraphJson, neo4j_jars: list[str], tmp_path: Path
) -> None:
    admin = [str(_admin_wrapper(neo4j_jars, tmp_path))]
    reports: list[BulkReport] = []

    def import_into(home: Path) -> None:
        env = os.environ | {"NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
        reports.append(bulk_load(seed_facts, tmp_path / "bulk", admin=admin, env=env))

    with provisioned_neo4j(before_start=import_into) as server:
        store = Neo4jStore(server.uri, server.user, server.password)
        store.open()  # the constraints and indexes, over the imported graph
        try:
            rebuilt = export_json(store)
            with store.driver.session() as session:
                constraints = session.run("SHOW CONSTRAINTS YIELD name").value()
                indexes = session.run("SHOW INDEXES YIELD name").value()
        finally:
            store.close()
    assert rebuilt == seeds_graph
    assert {"ministry_id", "company_id", "correction_id"} <= set(constraints)
    assert {FULLTEXT_INDEX, KEYS_INDEX, "document_doc_id"} <= set(indexes)
    assert reports[0].documents == 4 and set(reports[0].seconds) == {"fold", "export", "import"}


def test_bulk_load_reports_a_failed_import_in_one_line(
    seed_facts: list[DocumentFacts], tmp_path: Path
) -> None:
    admin = ["sh", "-c", "echo starting; echo 'Database already exists' >&2; exit 1", "admin"]
    with pytest.raises(StoreUnavailableError) as caught:
        bulk_load(seed_facts, tmp_path, admin=admin)
    assert str(caught.value) == "neo4j-admin import failed: Database already exists"


def test_admin_csv_headers_and_delimiters(seeds_graph: GraphJson, hard_graph: GraphJson) -> None:
    seeds = admin_csv_export(seeds_graph)
    assert seeds.array_delimiter == ";" and not seeds.multiline
    head = seeds.files["relationships_FUNDS.csv"].splitlines()[0].split(",")
    assert head[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"amount_krw:long", "co_funded:boolean", "confidence:double"} <= set(head)
    assert {"evidence:string[]", "evidence_starts:long[]", "sources:string[]"} <= set(head)
    node_head = seeds.files["nodes_Company.csv"].splitlines()[0].split(",")
    assert node_head[:2] == ["id:ID", ":LABEL"] and "aliases:string[]" in node_head
    # Aliases hold both ";" and "|": the next delimiter, named by code point; quoted
    # line breaks need --multiline-fields.
    hard = admin_csv_export(hard_graph)
    assert hard.array_delimiter == "\x1f" and hard.multiline
    assert "--array-delimiter=U+001F" in hard.import_options()
    assert "--multiline-fields=true" in hard.import_options()
    assert "'--array-delimiter=;'" in seeds.files[IMPORT_SCRIPT]


def test_admin_csv_directory_and_zip_hold_the_same_files(
    seeds_graph: GraphJson, tmp_path: Path
) -> None:
    written = write_admin_csv(seeds_graph, tmp_path / "dir")
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "dir").iterdir()}
    assert on_disk == written.files
    assert os.access(tmp_path / "dir" / IMPORT_SCRIPT, os.X_OK)
    write_export(seeds_graph, "neo4j-admin", tmp_path / "graph.zip")
    with zipfile.ZipFile(tmp_path / "graph.zip") as archive:
        zipped = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert zipped == written.files


# -- the registry, the HTTP rendering and the CLI --------------------------------


def test_render_gives_each_format_as_bytes(seeds_graph: GraphJson, tmp_path: Path) -> None:
    assert set(EXPORTERS) == {"json", "graphml", "neo4j-admin", "cypher"}
    for name, fmt in EXPORTERS.items():
        rendered = render(seeds_graph, name)
        assert rendered.media_type == fmt.media_type and rendered.filename == fmt.filename
        if fmt.directory:
            with zipfile.ZipFile(BytesIO(rendered.content)) as archive:
                assert IMPORT_SCRIPT in archive.namelist()
            continue
        path = tmp_path / fmt.filename
        write_export(seeds_graph, name, path)
        assert path.read_bytes() == rendered.content
    assert json.loads(render(seeds_graph, "json").content) == seeds_graph


def test_unknown_format_is_a_bad_parameter(seeds_graph: GraphJson) -> None:
    with pytest.raises(UnknownExportFormatError) as caught:
        render(seeds_graph, "gexf")
    assert isinstance(caught.value, BadParameterError) and caught.value.status_code == 422
    assert "graphml" in str(caught.value) and "neo4j-admin" in str(caught.value)


def _govkg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVKG_", "NEO4J_"))}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cli_writes_every_format(gold_facts: list[DocumentFacts], tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    graph = _exported(gold_facts, tmp_path / "data")
    for name, target in (
        ("graphml", "graph.graphml"),
        ("cypher", "graph.cypher"),
        ("neo4j-admin", "admin"),
        ("neo4j-admin", "admin.zip"),
    ):
        done = _govkg("export", "--format", name, "-o", str(tmp_path / target), *data)
        assert done.returncode == 0, done.stderr
    assert read_graphml_export(tmp_path / "graph.graphml") == graph
    assert (tmp_path / "graph.cypher").read_text(encoding="utf-8") == cypher_script(graph)
    assert (tmp_path / "admin" / "nodes_Ministry.csv").is_file()
    assert zipfile.is_zipfile(tmp_path / "admin.zip")
    on_stdout = _govkg("export", "--format", "graphml", *data)
    assert on_stdout.returncode == 0 and on_stdout.stdout == graphml_text(graph)


def test_cli_neo4j_admin_needs_a_destination(tmp_path: Path) -> None:
    done = _govkg("export", "--format", "neo4j-admin", "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 2
    assert "-o DIRECTORY" in done.stderr and "Traceback" not in done.stderr
