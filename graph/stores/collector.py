"""Python's cyclic garbage collector held while a store writes a batch."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False
_was_frozen = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a write builds many small records.

    The records form few or no cycles (reference counting frees them), but their
    sheer number makes the collector rescan them again and again: about a third of
    the time of a large embedded write, a quarter of the client's CPU in a Neo4j
    load. When the last pause ends, everything alive is frozen, so the new records
    are not scanned young either. A process that had frozen its objects already (the
    API server freezes the loaded graph) keeps them frozen; otherwise they are
    unfrozen at once into the oldest generation (no scan), where any cyclic garbage
    among them is still collected. Pauses are counted, so that writes in several
    threads at once leave the collector as they found it.
    """
    global _pauses, _was_enabled, _was_frozen
    with _lock:
        if _pauses == 0:
            _was_enabled, _was_frozen = gc.isenabled(), gc.get_freeze_count() > 0
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0:
                gc.freeze()
                if not _was_frozen:
                    gc.unfreeze()
                if _was_enabled:
                    gc.enable()
