"""Articles to facts over many files, in parallel processes when asked."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from graph.errors import GovkgError
from graph.model import DocumentFacts
from loaders.extract import extract_article
from loaders.gazetteer import default_gazetteer
from loaders.phrases import is_nominal_word
from loaders.programmes import known_programmes
from loaders.reading import Article, ReadFailure, iter_articles

Failure = tuple[str, str]
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_START_METHOD = "fork" if "fork" in get_all_start_methods() else "spawn"
# Articles handed to the workers and not yet taken back, per worker. Without a bound
# the pool reads every article ahead and keeps every result a slower writer has not
# taken yet: at 100,000 articles that was the load's memory growing by 2.5 MB/s.
_IN_FLIGHT_PER_WORKER = 64
_CHUNK = 16


def warm_up() -> None:
    """Load the gazetteer, the programme list and the morphological analyser."""
    default_gazetteer().find_all("과학기술정보통신부")
    known_programmes()
    is_nominal_word("디지털")


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker ends when the process that started it does, even when
    that one is killed (SIGKILL) and cannot shut its pool down; Linux only."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _extract_or_fail(article: Article) -> DocumentFacts | Failure:
    try:
        return extract_article(article)
    except (GovkgError, ValueError) as exc:
        return (article.path or article.id, f"extraction failed: {exc}")


def extract_paths(
    paths: Iterable[Path | str],
    on_failure: Callable[[Failure], None],
    *,
    workers: int = 1,
) -> Iterator[DocumentFacts]:
    """Facts for every article under ``paths``, in input order (deterministic).

    Bad inputs are reported through ``on_failure`` and skipped; the rest go on.
    """

    def articles() -> Iterator[Article]:
        for item in iter_articles(paths):
            if isinstance(item, ReadFailure):
                on_failure((item.path, item.reason))
            else:
                yield item

    if workers <= 1:
        results: Iterable[DocumentFacts | Failure] = map(_extract_or_fail, articles())
        yield from _sorted_out(results, on_failure)
        return
    if _START_METHOD == "fork":
        warm_up()  # forked workers inherit the loaded gazetteer and analyser
    context = get_context(_START_METHOD)
    window = _Window(workers * _IN_FLIGHT_PER_WORKER)
    # Leaving the block (done, an error, KeyboardInterrupt, SystemExit) terminates the
    # workers; a parent killed outright takes them with it (_die_with_parent).
    with context.Pool(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        try:
            results = pool.imap(_extract_or_fail, window.admit(articles()), chunksize=_CHUNK)
            yield from _sorted_out(window.release_each(results), on_failure)
        finally:
            window.close()  # the pool's feeder thread may be waiting to admit one more


class _Window:
    """At most ``size`` items between the pool's feeder thread and the consumer."""

    def __init__(self, size: int) -> None:
        self._free = threading.Semaphore(size)
        self._closed = threading.Event()

    def admit(self, items: Iterable[Article]) -> Iterator[Article]:
        for item in items:
            while not self._free.acquire(timeout=0.1):
                if self._closed.is_set():
                    return
            yield item

    def release_each(
        self, results: Iterable[DocumentFacts | Failure]
    ) -> Iterator[DocumentFacts | Failure]:
        for result in results:
            self._free.release()
            yield result

    def close(self) -> None:
        self._closed.set()


def _sorted_out(
    results: Iterable[DocumentFacts | Failure], on_failure: Callable[[Failure], None]
) -> Iterator[DocumentFacts]:
    for result in results:
        if isinstance(result, DocumentFacts):
            yield result
        else:
            on_failure(result)
