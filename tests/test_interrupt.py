"""An interrupted parallel load leaves no worker processes behind (Linux: reads /proc)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; it waits only to be reaped


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_killed_parallel_load_leaves_no_workers(tmp_path: Path, signum: int) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    # Long articles: a worker is seconds into its chunk when the signal comes, so one
    # that only stops when its task queue closes would outlive the deadline below.
    text = "\n\n".join(seed.read_text(encoding="utf-8") for seed in SEEDS)
    for i in range(40):
        (articles / f"article_{i:02d}.txt").write_text(f"{i}\n\n" + "\n\n".join([text] * 15))
    command = ["load", str(articles), "--workers", "2", "--data-dir", str(tmp_path / "data")]
    load = subprocess.Popen(
        [sys.executable, "-m", "api.cli", *command],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and load.poll() is None:
            workers = _children(load.pid)
            time.sleep(0.1)
        assert len(workers) >= 2, "the load never started its workers"
        time.sleep(1.0)  # the workers are extracting
        assert load.poll() is None, "the load ended before it could be interrupted"
        os.kill(load.pid, signum)
        load.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)]
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()
