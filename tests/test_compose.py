"""docker-compose.yml and the Dockerfile agree with the application they run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.config import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
README = REPO_ROOT / "README.md"


def setting_names() -> set[str]:
    """The environment variables the application reads, from the Settings model."""
    prefix = str(Settings.model_config.get("env_prefix", ""))
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names.add(alias.upper() if isinstance(alias, str) else f"{prefix}{name}".upper())
    return names


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _ports(service: dict[str, Any]) -> set[tuple[str, str]]:
    pairs = set()
    for port in service.get("ports", []):
        host, _, container = str(port).rpartition(":")
        pairs.add((host, container))
    return pairs


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_settings_names_are_derived_from_the_model() -> None:
    assert setting_names() >= {
        "GOVKG_STORE",
        "GOVKG_DATA_DIR",
        "GOVKG_API_KEY",
        "GOVKG_WORKERS",
        "NEO4J_URI",
        "NEO4J_USER",
        "NEO4J_PASSWORD",
        "NEO4J_DATABASE",
    }


def test_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"neo4j", "api"}


def test_neo4j_service(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert {("7474", "7474"), ("7687", "7687")} <= _ports(neo4j)

    volumes = [str(v) for v in neo4j["volumes"]]
    data = [v.split(":", 1)[0] for v in volumes if v.split(":")[1] == "/data"]
    assert data, "the database needs a volume on /data"
    assert data[0] in (compose.get("volumes") or {}), "the /data volume should be a named volume"

    auth = _environment(neo4j)["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:-[^}]+\}", auth), auth

    check = neo4j["healthcheck"]
    test = check["test"]
    command = " ".join(test) if isinstance(test, list) else str(test)
    assert "cypher-shell" in command or ("wget" in command and "7474" in command), command
    assert check.get("interval") and check.get("retries")


def test_api_service(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    build = api["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (REPO_ROOT / context / dockerfile).resolve() == DOCKERFILE
    command = api["command"]
    command = command if isinstance(command, str) else " ".join(command)
    assert command == "govkg serve --host 0.0.0.0 --port 8000"
    assert ("8000", "8000") in _ports(api)
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"

    env = _environment(api)
    assert env["GOVKG_STORE"] == "neo4j"
    assert env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert {"NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "GOVKG_API_KEY"} <= set(env)
    # The API logs in with the password the database was given.
    auth = _environment(compose["services"]["neo4j"])["NEO4J_AUTH"]
    assert f"{env['NEO4J_USER']}/{env['NEO4J_PASSWORD']}" == auth


def test_api_environment_is_read_by_the_application(compose: dict[str, Any]) -> None:
    env = _environment(compose["services"]["api"])
    unknown = {name for name in env if name.upper() not in setting_names()}
    assert not unknown, f"the api service sets variables the application ignores: {unknown}"


def test_dockerfile_installs_and_serves_the_project() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    assert re.search(r"pip install (--no-cache-dir )?\.(\s|$)", text)
    assert re.search(r"^EXPOSE 8000$", text, re.MULTILINE)
    assert '"govkg", "serve", "--host", "0.0.0.0", "--port", "8000"' in text
    # Every package the project installs is copied into the image, with what it builds from.
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    copied = set(re.findall(r"^COPY (.+?) \S+$", text, re.MULTILINE))
    sources = {part for line in copied for part in line.split()}
    top_level = {pkg.split(".")[0] for pkg in project["tool"]["setuptools"]["packages"]}
    assert top_level <= sources, f"not copied into the image: {top_level - sources}"
    assert {"pyproject.toml", project["project"]["readme"]} <= sources


def test_the_served_command_exists() -> None:
    from api.cli import app

    names = {command.name or command.callback.__name__ for command in app.registered_commands}
    assert "serve" in names, "docker-compose.yml runs `govkg serve`"


def test_every_setting_is_documented_in_readme() -> None:
    assert README.is_file(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    missing = sorted(name for name in setting_names() if name not in text)
    assert not missing, f"settings not documented in README.md: {missing}"
