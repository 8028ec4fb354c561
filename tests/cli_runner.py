"""Running `govkg` as a real process against one data directory, for the CLI tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

Govkg = Callable[..., subprocess.CompletedProcess[str]]


def govkg_on(data_dir: Path) -> Govkg:
    """A function that runs ``govkg ARGS --data-dir DATA_DIR`` and returns what it did."""

    def govkg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "api.cli", *args, "--data-dir", str(data_dir)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return govkg
