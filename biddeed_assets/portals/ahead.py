"""Per-case fetches begun before the step that stores them reads its cases, kept for it if it asks the same.

A sale day's sources form chains (the sale list names the cases, a case's appraiser record names its parcel
and account), and each source's stage reads its cases from the database only after the stage before it has
written. Fetching a source as soon as its inputs are known keeps every county host busy at once; a stage
takes such a fetch only when its own case row has exactly the inputs the fetch read, so what it stores is
what fetching then would have stored, and it fetches anything else itself.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from biddeed_assets.portals.sources import PerCase


class Ahead:
    """Fetches begun early, by source and case number, each on its source's own pool of threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._begun: dict[tuple[str, str], tuple[tuple, Future]] = {}
        self._pools: dict[str, ThreadPoolExecutor] = {}

    def begin(self, source: PerCase, case: Mapping, fetch: Callable[[Mapping], Any], *, workers: int) -> None:
        """Start fetch(case) for `source` now, in the caller's context (its trace and partition)."""
        with self._lock:
            pool = self._pools.get(source.source)
            if pool is None:
                pool = self._pools[source.source] = ThreadPoolExecutor(workers, thread_name_prefix=source.source)
            future = pool.submit(contextvars.copy_context().run, fetch, case)
            self._begun[(source.source, case["case_number"])] = (source.inputs(case), future)

    def or_fetch(self, source: PerCase, fetch: Callable[[Mapping], Any]) -> Callable[[Mapping], Any]:
        """fetch(case), unless the same fetch of the case was begun: then its result (or its error)."""

        def take(case: Mapping) -> Any:
            with self._lock:
                begun = self._begun.pop((source.source, case["case_number"]), None)
            if begun is not None and begun[0] == source.inputs(case):
                return begun[1].result()
            return fetch(case)

        return take

    def close(self) -> None:
        """Drop what no stage took: fetches not started are cancelled, running ones finish first."""
        with self._lock:
            pools, self._pools, self._begun = list(self._pools.values()), {}, {}
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Ahead:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
