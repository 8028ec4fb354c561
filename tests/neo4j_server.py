"""Provision a throwaway Neo4j 5 Community server for the test suite.

The server comes from Maven Central rather than a tarball or a container: the
Maven project in ``tests/neo4j/pom.xml`` resolves the server's classpath (the
jars stay in Maven's local repository, ``~/.m2``), and the classpath is cached
under ``${GOVKG_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/govkg}/neo4j/<version>/``
so later runs skip Maven entirely. Each server gets a fresh home in a temporary
directory, free loopback ports, authentication with a random password, and is
stopped and deleted on exit.

Needs ``java`` (17 or 21) and, for the first run, ``mvn`` with access to Maven
Central. ``python tests/neo4j_server.py`` starts a server by hand and keeps it
running until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

POM = Path(__file__).resolve().parent / "neo4j" / "pom.xml"
USER = "neo4j"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
MAVEN_TIMEOUT = 900.0
STOP_TIMEOUT = 30.0
HOME_PREFIX = "govkg-neo4j-"
OWNER_FILE = "owner.pid"

# JVM flags of the `server.jvm.additional` defaults in the neo4j.conf that the
# 5.26 tarball ships (minus -XX:+AlwaysPreTouch, which would slow every start
# by touching the whole heap), plus -Dfile.encoding, which the `neo4j`
# launcher always adds. Heap flags are added per server.
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)


@dataclass(frozen=True)
class Neo4jServer:
    uri: str
    http_url: str
    user: str
    password: str
    home: Path


# --------------------------------------------------------------------------- classpath


def neo4j_version() -> str:
    """The Neo4j version pinned in ``tests/neo4j/pom.xml``."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(POM).getroot().find("m:properties/m:neo4j.version", ns)
    if node is None or not (node.text or "").strip():
        raise RuntimeError(f"{POM} does not set the neo4j.version property")
    return (node.text or "").strip()


def cache_dir() -> Path:
    """Where resolved classpaths are kept (outside the repository)."""
    explicit = os.environ.get("GOVKG_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "govkg"


def neo4j_classpath() -> list[str]:
    """The server's jars, resolved with Maven on first use and cached afterwards.

    The cache is used only while it was made from the current ``pom.xml`` and
    every jar it names still exists in Maven's local repository.
    """
    target = cache_dir() / "neo4j" / neo4j_version()
    cp_file = target / "classpath.txt"
    stamp_file = target / "pom.sha256"
    pom_hash = hashlib.sha256(POM.read_bytes()).hexdigest()
    with contextlib.suppress(OSError):
        if stamp_file.read_text().strip() == pom_hash:
            jars = [line for line in cp_file.read_text().splitlines() if line]
            if jars and all(Path(jar).is_file() for jar in jars):
                return jars

    jars = _resolve_with_maven(target)
    target.mkdir(parents=True, exist_ok=True)
    _write_atomically(cp_file, "".join(f"{jar}\n" for jar in jars))
    _write_atomically(stamp_file, pom_hash + "\n")
    return jars


def _resolve_with_maven(target: Path) -> list[str]:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise RuntimeError("Maven (mvn) is needed once to fetch the Neo4j server jars")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as tmp:
        out = Path(tmp) / "classpath.txt"
        cmd = [
            mvn,
            "--batch-mode",
            "--quiet",
            "-Dstyle.color=never",
            "--file",
            str(POM),
            "dependency:build-classpath",
            "-Dmdep.includeScope=runtime",
            f"-Dmdep.outputFile={out}",
        ]
        try:
            done = subprocess.run(
                cmd,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=MAVEN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"Maven took over {MAVEN_TIMEOUT:.0f}s to resolve Neo4j") from exc
        if done.returncode != 0 or not out.is_file():
            log = _tail((done.stdout + done.stderr).splitlines(), 60)
            raise RuntimeError(f"Maven could not resolve the Neo4j classpath:\n{log}")
        entries = out.read_text().strip().split(os.pathsep)
    # The standalone assembly is a pom-type dependency: keep only the jars.
    jars = [entry for entry in entries if entry.endswith(".jar")]
    if not jars:
        raise RuntimeError("Maven resolved an empty Neo4j classpath")
    return jars


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("Java 17 (java) is needed to run the Neo4j server")
    return java


# --------------------------------------------------------------------------- admin


def neo4j_admin(
    home: Path, *args: str, heap: str = "512m", timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run ``neo4j-admin <args>`` against the installation at ``home``.

    For example ``neo4j_admin(home, "dbms", "set-initial-password", pw)`` or
    ``neo4j_admin(home, "database", "import", "full", ...)``; the database
    must not be in use by a running server for commands that write to it.
    """
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    cmd = [
        java_executable(),
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        os.pathsep.join(neo4j_classpath()),
        ADMIN_TOOL,
        *args,
    ]
    done = subprocess.run(
        cmd,
        env=env,
        cwd=home,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        log = _tail((done.stdout + done.stderr).splitlines(), 40)
        raise RuntimeError(f"neo4j-admin {' '.join(args[:3])} failed ({done.returncode}):\n{log}")
    return done


# --------------------------------------------------------------------------- server


def _new_password() -> str:
    # Letters and digits only: the password goes on neo4j-admin's command line,
    # where a leading "-" would read as an option.
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(24))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(home: Path, bolt_port: int, http_port: int, heap: str, pagecache: str) -> str:
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.tls_level": "DISABLED",
        "server.http.enabled": "true",
        "server.http.listen_address": f"127.0.0.1:{http_port}",
        "server.http.advertised_address": f"127.0.0.1:{http_port}",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        # The JVM is launched here, not by the `neo4j` script, so these two only
        # document the heap; -Xms/-Xmx carry it.
        "server.memory.heap.initial_size": heap,
        "server.memory.heap.max_size": heap,
        "server.memory.pagecache.size": pagecache,
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.import": str(home / "import"),
        "server.directories.plugins": str(home / "plugins"),
        "server.directories.run": str(home / "run"),
        "server.directories.lib": str(home / "lib"),
        "server.directories.licenses": str(home / "licenses"),
        "db.tx_log.rotation.retention_policy": "keep_none",
        "db.tx_log.preallocate": "false",
        "db.logs.query.enabled": "OFF",
        "dbms.usage_report.enabled": "false",
        # Bolt otherwise waits 5 s per connector for its worker pool at shutdown.
        "internal.server.bolt.thread_pool_shutdown_wait_time": "0s",
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


def _tail(lines: Sequence[str], count: int) -> str:
    return "\n".join(lines[-count:]) if lines else "(empty)"


def _log_tail(home: Path) -> str:
    parts = []
    for name, count in (("console.log", 60), ("debug.log", 20)):
        path = home / "logs" / name
        with contextlib.suppress(OSError):
            lines = path.read_text(errors="replace").splitlines()
            parts.append(f"--- {path} (last {count} lines) ---\n{_tail(lines, count)}")
    return "\n".join(parts) or f"(no logs under {home / 'logs'})"


def _sweep_stale_homes() -> None:
    """Delete homes left behind by processes that were killed outright."""
    for home in Path(tempfile.gettempdir()).glob(f"{HOME_PREFIX}*"):
        try:
            owner = int((home / OWNER_FILE).read_text())
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(home, ignore_errors=True)
        except (OSError, ValueError):
            continue  # being set up, not ours to judge, or owner alive


def _die_with_parent() -> None:
    """Child-side hook: have Linux kill the JVM if this Python process dies."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()


def _wait_for_bolt(
    proc: subprocess.Popen[bytes], server: Neo4jServer, deadline: float
) -> str | None:
    """None once Bolt accepts the credentials, else why it never did."""
    last_error = "no attempt made"
    with GraphDatabase.driver(
        server.uri, auth=(server.user, server.password), connection_timeout=2.0
    ) as driver:
        while True:
            if proc.poll() is not None:
                return f"the server exited with status {proc.returncode}"
            try:
                driver.verify_connectivity()
                return None
            except AuthError as exc:
                return f"the server refused the credentials: {exc}"
            except (ServiceUnavailable, Neo4jError, OSError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            if time.monotonic() >= deadline:
                return f"Bolt did not answer in time (last error: {last_error})"
            time.sleep(0.25)


def _prepare_home(home: Path, heap: str, pagecache: str) -> Neo4jServer:
    """Lay out a fresh installation at ``home``: config and initial password."""
    bolt_port, http_port = _free_port(), _free_port()
    while http_port == bolt_port:
        http_port = _free_port()
    server = Neo4jServer(
        uri=f"bolt://127.0.0.1:{bolt_port}",
        http_url=f"http://127.0.0.1:{http_port}",
        user=USER,
        password=_new_password(),
        home=home,
    )
    for sub in ("conf", "data", "logs", "import", "plugins", "run", "lib", "licenses"):
        (home / sub).mkdir(exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(_config(home, bolt_port, http_port, heap, pagecache))
    # Writes data/dbms/auth.ini, which the server reads on its first start.
    neo4j_admin(home, "dbms", "set-initial-password", server.password)
    return server


def _launch(java: str, classpath: Sequence[str], home: Path, heap: str) -> subprocess.Popen[bytes]:
    """Start the server the way `neo4j console` does, logging to logs/console.log."""
    cmd = [
        java,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        os.pathsep.join(classpath),
        ENTRY_POINT,
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
        "--console-mode",
    ]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    with open(home / "logs" / "console.log", "wb") as console:
        return subprocess.Popen(
            cmd,
            cwd=home,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            # Own process group: a Ctrl-C meant for Python does not reach the
            # JVM, which is stopped in order by the caller's cleanup instead.
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )


@contextmanager
def provisioned_neo4j(
    *,
    heap: str = "1g",
    pagecache: str = "256m",
    timeout: float = 180,
    before_start: Callable[[Path], object] | None = None,
) -> Iterator[Neo4jServer]:
    """Start a fresh Neo4j 5 server on loopback; stop it and delete it on exit.

    ``timeout`` bounds the server's startup (not the first, one-off Maven
    download). ``before_start(home)`` runs once the home is laid out and before
    the server first starts, e.g. to ``neo4j-admin database import full`` into
    it. Raises RuntimeError, with the tail of the server's logs, when the
    server does not come up.
    """
    java = java_executable()
    classpath = neo4j_classpath()
    attempts = 2  # a second try in case another process took a free port first
    _sweep_stale_homes()
    for attempt in range(1, attempts + 1):
        home = Path(tempfile.mkdtemp(prefix=HOME_PREFIX)).resolve()
        (home / OWNER_FILE).write_text(f"{os.getpid()}\n")
        proc: subprocess.Popen[bytes] | None = None
        try:
            server = _prepare_home(home, heap, pagecache)
            if before_start is not None:
                before_start(home)
            proc = _launch(java, classpath, home, heap)
            problem = _wait_for_bolt(proc, server, time.monotonic() + timeout)
            if problem is None:
                yield server
                return
            logs = _log_tail(home)
            if attempt < attempts and "Address already in use" in logs:
                continue
            raise RuntimeError(f"Neo4j did not start: {problem}\n{logs}")
        finally:
            if proc is not None:
                _stop(proc)
            shutil.rmtree(home, ignore_errors=True)


# --------------------------------------------------------------------------- manual use


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Start a throwaway Neo4j 5 server and keep it running until Ctrl-C."
    )
    parser.add_argument("--heap", default="1g", help="JVM heap size (default: 1g)")
    parser.add_argument("--pagecache", default="256m", help="page cache size (default: 256m)")
    parser.add_argument("--timeout", type=float, default=180, help="startup timeout in seconds")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    started = time.monotonic()
    # A Ctrl-C while starting raises KeyboardInterrupt, which cleans up too.
    with provisioned_neo4j(heap=args.heap, pagecache=args.pagecache, timeout=args.timeout) as srv:
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        print(f"Neo4j {neo4j_version()} up in {time.monotonic() - started:.1f}s", flush=True)
        print(f"NEO4J_URI={srv.uri}")
        print(f"NEO4J_USER={srv.user}")
        print(f"NEO4J_PASSWORD={srv.password}")
        print(f"http:    {srv.http_url}  (Browser: {srv.http_url}/browser/)")
        print(f"home:    {srv.home}")
        print("Press Ctrl-C to stop.", flush=True)
        while not stop.wait(1.0):
            pass
        print("Stopping...", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
