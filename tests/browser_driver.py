"""Headless Chromium for the browser tests: Debian's ``chromium`` driven through Selenium.

The browser and its driver come from the system (``apt-get install chromium
chromium-driver fonts-noto-cjk``; ``.ci/run`` does it): nothing is downloaded at
run time, and Selenium is given both paths so it never looks for a browser of its
own. Without them the browser tests skip, except under ``CI=true`` where they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import pytest

from graph.loading import apply_in_batches
from graph.stores.base import GraphStore
from loaders.pipeline import extract_paths

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "artifacts"
SEEDS = REPO_ROOT / "seeds"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--lang=ko-KR",
)
DRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
T = TypeVar("T")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def chromium_paths() -> tuple[str, str] | None:
    """(browser, driver) from the system, or None when either is missing."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or next(
        (p for p in DRIVER_CANDIDATES if Path(p).is_file()), None
    )
    return (browser, driver) if browser and driver else None


def require_chromium() -> tuple[str, str]:
    """The system's Chromium and driver; skip (fail under CI=true) without them."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        unavailable("the selenium package is not installed (pip install -e '.[test]')")
    paths = chromium_paths()
    if paths is None:
        unavailable("Debian's chromium and chromium-driver are not installed")
    return paths


def unavailable(reason: str) -> NoReturn:
    """Skip the test, or fail it under CI=true, where browser tests must run."""
    if in_ci():
        pytest.fail(f"browser tests need Chromium when CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def headless_chromium(width: int = 1600, height: int = 1100) -> Iterator[WebDriver]:
    """A Selenium WebDriver on a fresh, empty profile; closed and deleted afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = require_chromium()
    with tempfile.TemporaryDirectory(prefix="govkg-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=driver_path, log_output=os.devnull)
        driver = webdriver.Chrome(service=service, options=options)
        try:
            driver.set_page_load_timeout(60)
            yield driver
        finally:
            driver.quit()


def wait_for(driver: WebDriver, condition: Callable[[WebDriver], T], timeout: float = 30) -> T:
    """Poll ``condition(driver)`` until it returns something truthy (Selenium's wait)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition)


def save_screenshot(driver: WebDriver, name: str) -> Path:
    """Save a PNG of the window as ``artifacts/<name>.png`` (kept after the run)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def load_seed_articles(store: GraphStore) -> None:
    """Extract the seed articles and load them, as ``govkg load seeds/`` does."""
    failures: list[tuple[str, str]] = []
    apply_in_batches(store, extract_paths([SEEDS], failures.append))
    assert not failures, failures


def settled(driver: WebDriver, css: str, timeout: float = 30) -> None:
    """Wait until the elements under ``css`` stop moving (a force layout at rest)."""
    last: list[str] = []

    def still(d: WebDriver) -> bool:
        nonlocal last
        now = [e.get_attribute("transform") or "" for e in d.find_elements("css selector", css)]
        done = bool(now) and now == last
        last = now
        return done

    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.5).until(still)
