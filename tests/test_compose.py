"""docker-compose.yml, the Dockerfile and .dockerignore agree with the application they run.

There is no Docker engine here: the files are parsed and checked. `.ci/wheel_smoke`
installs the built wheel and puts node_modules where the Dockerfile copies it.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
import tomllib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.routes import explore
from graph.config import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
COMPOSE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
README = REPO_ROOT / "README.md"
# Where `pip install .` puts the packages in the python:3.11-slim image.
IMAGE_SITE_PACKAGES = "/usr/local/lib/python3.11/site-packages"
# The one variable compose needs from the environment.
PASSWORD = {"NEO4J_PASSWORD": "s3cret"}
_VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


class MissingVariable(Exception):
    """A `${NAME:?message}` variable is unset: compose refuses to start."""


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?message}` in one value."""

    def replace(match: re.Match[str]) -> str:
        name, operator, argument = match[1], match[2] or "", match[3] or ""
        current = env.get(name)
        unset = current is None or (operator.startswith(":") and current == "")
        if operator.endswith("?") and unset:
            raise MissingVariable(f"{name}: {argument}")
        if operator.endswith("-") and unset:
            return argument
        return current or ""

    return _VARIABLE.sub(replace, value)


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


def _ports(service: dict[str, Any], env: dict[str, str] | None = None) -> set[tuple[str, ...]]:
    """(interface, host port, container port) of each published port, as compose reads them."""
    published = set()
    for port in service.get("ports", []):
        parts = interpolate(str(port), env or {}).split(":")
        if len(parts) == 2:
            parts.insert(0, "0.0.0.0")  # compose publishes "8000:8000" on every interface
        published.add(tuple(parts))
    return published


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def _command(value: str | list[str]) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


@dataclass
class Stage:
    """One FROM ... stage of the Dockerfile: its instructions as (KEYWORD, arguments)."""

    base: str
    name: str | None
    instructions: list[tuple[str, str]] = dataclass_field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for key, args in self.instructions if key == keyword]


def dockerfile_stages(text: str) -> list[Stage]:
    """The Dockerfile's stages, with continued lines joined and comments dropped."""
    stages: list[Stage] = []
    logical = re.sub(r"\\\n", " ", text)
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, args = line.partition(" ")
        keyword, args = keyword.upper(), args.strip()
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], name))
        else:
            stages[-1].instructions.append((keyword, args))
    return stages


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return dockerfile_stages(DOCKERFILE.read_text(encoding="utf-8"))


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
    assert {("7474", "7474"), ("7687", "7687")} <= {p[1:] for p in _ports(neo4j, PASSWORD)}

    volumes = [str(v) for v in neo4j["volumes"]]
    data = [v.split(":", 1)[0] for v in volumes if v.split(":")[1] == "/data"]
    assert data, "the database needs a volume on /data"
    assert data[0] in (compose.get("volumes") or {}), "the /data volume should be a named volume"

    auth = _environment(neo4j)["NEO4J_AUTH"]
    assert re.fullmatch(r"neo4j/\$\{NEO4J_PASSWORD:\?[^}]+\}", auth), auth

    check = neo4j["healthcheck"]
    command = _command(check["test"])
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
    assert ("8000", "8000") in {p[1:] for p in _ports(api, PASSWORD)}
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"

    env = _environment(api)
    assert env["GOVKG_STORE"] == "neo4j"
    assert env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert {"NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "GOVKG_API_KEY"} <= set(env)
    # The API logs in with the password the database was given.
    auth = _environment(compose["services"]["neo4j"])["NEO4J_AUTH"]
    assert f"{env['NEO4J_USER']}/{env['NEO4J_PASSWORD']}" == auth


@pytest.mark.parametrize("service", ["neo4j", "api"])
def test_ports_are_published_on_loopback_unless_asked(
    compose: dict[str, Any], service: str
) -> None:
    ports = compose["services"][service]["ports"]
    assert ports
    assert {p[0] for p in _ports(compose["services"][service], PASSWORD)} == {"127.0.0.1"}
    wide = _ports(compose["services"][service], {**PASSWORD, "GOVKG_BIND": "0.0.0.0"})
    assert {p[0] for p in wide} == {"0.0.0.0"}


@pytest.mark.parametrize(
    ("service", "variable"), [("neo4j", "NEO4J_AUTH"), ("api", "NEO4J_PASSWORD")]
)
def test_the_neo4j_password_has_no_default(
    compose: dict[str, Any], service: str, variable: str
) -> None:
    value = _environment(compose["services"][service])[variable]
    for unset in ({}, {"NEO4J_PASSWORD": ""}):
        with pytest.raises(MissingVariable, match="NEO4J_PASSWORD"):
            interpolate(value, unset)
    assert interpolate(value, PASSWORD).endswith("s3cret")


def test_interpolation_follows_compose() -> None:
    assert interpolate("${A:-x}", {}) == "x"
    assert interpolate("${A:-x}", {"A": ""}) == "x"
    assert interpolate("${A-x}", {"A": ""}) == ""
    assert interpolate("${A:?gone}:${B}", {"A": "1", "B": "2"}) == "1:2"
    with pytest.raises(MissingVariable):
        interpolate("${A?gone}", {})


def _health_probe(command: str) -> None:
    """A probe of the API's /health on port 8000 with Python (slim images have no curl)."""
    assert re.match(r"(CMD )?python3? -c ", command), command
    assert "http://127.0.0.1:8000/health" in command or "http://localhost:8000/health" in command
    assert "curl" not in command and "wget" not in command


def test_health_route_exists() -> None:
    from api.app import create_app

    assert "get" in create_app().openapi()["paths"]["/health"]


def test_api_healthcheck(compose: dict[str, Any]) -> None:
    check = compose["services"]["api"]["healthcheck"]
    _health_probe(_command(check["test"]))
    assert check.get("interval") and check.get("retries")


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


def test_dockerfile_builds_the_explorer_library_in_a_node_stage(stages: list[Stage]) -> None:
    assert len(stages) >= 2
    node = next((s for s in stages if s.base.startswith("node:")), None)
    assert node is not None and node.name, "a named build stage FROM node:..."
    assert stages.index(node) < len(stages) - 1
    runs = node.all("RUN")
    assert any(
        "npm ci --prefix api/explorer --ignore-scripts --no-audit --no-fund" in run for run in runs
    ), runs
    copied = {part for args in node.all("COPY") for part in args.split()[:-1]}
    assert {"api/explorer/package.json", "api/explorer/package-lock.json"} <= copied


def test_dockerfile_copies_node_modules_beside_the_installed_package(
    stages: list[Stage],
) -> None:
    final = stages[-1]
    assert final.base == "python:3.11-slim"
    node = next(s for s in stages if s.base.startswith("node:"))
    workdir = node.all("WORKDIR")[-1].rstrip("/")
    copies = [a.split() for a in final.all("COPY") if a.startswith(f"--from={node.name} ")]
    assert len(copies) == 1, copies
    _, source, dest = copies[0]
    assert source == f"{workdir}/api/explorer/node_modules"
    # The app reads its library from explorer/node_modules beside its own code.
    explorer = explore.EXPLORER_DIR.relative_to(REPO_ROOT).as_posix()
    for library in explore.LIBRARIES.values():
        assert library.relative_to(explore.EXPLORER_DIR).parts[0] == "node_modules"
    assert dest.rstrip("/") == f"{IMAGE_SITE_PACKAGES}/{explorer}/node_modules"
    # ... after `pip install .`, which would otherwise own that folder.
    order = [(key, args) for key, args in final.instructions if key in {"RUN", "COPY"}]
    install = next(i for i, (key, args) in enumerate(order) if "pip install ." in args)
    assert order.index(("COPY", " ".join(copies[0]))) > install


def test_dockerfile_healthcheck(stages: list[Stage]) -> None:
    checks = stages[-1].all("HEALTHCHECK")
    assert len(checks) == 1, checks
    options, _, command = checks[0].partition("CMD ")
    assert re.search(r"--interval=\d+s", options) and re.search(r"--retries=\d+", options)
    words = yaml.safe_load(command) if command.lstrip().startswith("[") else shlex.split(command)
    _health_probe("CMD " + " ".join(words))


def test_the_image_runs_as_a_non_root_user(stages: list[Stage]) -> None:
    final = stages[-1]
    keys = [key for key, _ in final.instructions]
    users = final.all("USER")
    assert users, "the final stage sets USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert max(i for i, key in enumerate(keys) if key == "USER") < keys.index("CMD")
    created = " ".join(final.all("RUN"))
    assert re.search(rf"\buseradd\b[^&;]*\b{re.escape(user)}\b", created) or user.isdigit()


def _ignored() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_dockerignore_leaves_out_history_secrets_and_caches() -> None:
    names = {p.removeprefix("**/").removeprefix("/").rstrip("/") for p in _ignored()}
    expected = {".git", ".env", "scratch", "data", ".cache", "node_modules", "__pycache__"}
    expected |= {"*.egg-info", "build", "dist", ".venv"}
    assert expected <= names, f"not in .dockerignore: {expected - names}"
    # node_modules and caches anywhere in the tree, not only at the top.
    assert {"**/node_modules", "**/__pycache__"} <= set(_ignored())


def test_dockerignore_keeps_what_the_dockerfile_copies(stages: list[Stage]) -> None:
    sources = [
        part
        for stage in stages
        for args in stage.all("COPY")
        if not args.startswith("--from=")
        for part in args.split()[:-1]
    ]
    assert sources
    patterns = [p.removeprefix("/").rstrip("/") for p in _ignored() if not p.startswith("!")]
    for source in sources:
        prefixes = [str(Path(*Path(source).parts[: i + 1])) for i in range(len(Path(source).parts))]
        hits = [p for p in patterns for pre in prefixes if fnmatch.fnmatch(pre, p)]
        assert not hits, f"{source} is copied but .dockerignore leaves it out ({hits})"


def test_the_served_command_exists() -> None:
    from api.cli import app

    names = {command.name or command.callback.__name__ for command in app.registered_commands}
    assert "serve" in names, "docker-compose.yml runs `govkg serve`"


def test_every_setting_is_documented_in_readme() -> None:
    assert README.is_file(), "README.md is missing"
    text = README.read_text(encoding="utf-8")
    missing = sorted(name for name in setting_names() if name not in text)
    assert not missing, f"settings not documented in README.md: {missing}"
