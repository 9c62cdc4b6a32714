"""Fetch something for every case of a partition concurrently, keeping per-case problems visible."""

import contextvars
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.portals.http import PortalUnavailable


@dataclass(frozen=True)
class CaseProblem:
    """Why one case's page could not be read: its source is unknown for this case, never "none"."""

    case_number: str
    reason: str
    parse_error: bool
    source_url: str | None = None


def fetch_each(items: Iterable[Any], fetch: Callable[[Any], Any], *, key: Callable[[Any], str],
               max_workers: int) -> tuple[dict[str, Any], list[CaseProblem]]:
    """fetch(item) for each item on a thread pool; a portal that stays down (PortalUnavailable) fails the lot.

    A page that cannot be parsed, or that the portal answers with an error for that one case, becomes a
    CaseProblem (quarantined and counted) and the other cases go on. A fetch that returns None means the
    site positively had no record of that case.
    """
    items = list(items)
    results: dict[str, Any] = {}
    problems: list[CaseProblem] = []

    def one(item):
        try:
            return key(item), fetch(item), None
        except PortalUnavailable:
            raise
        except ParseError as exc:
            return key(item), None, CaseProblem(key(item), exc.reason, True, exc.source_url)
        except (FetchError, ValueError) as exc:
            return key(item), None, CaseProblem(key(item), str(exc), False)

    caller = contextvars.copy_context()  # the caller's trace context: each case's requests are its child spans

    def in_caller_context(item):
        return caller.copy().run(one, item)

    with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
        for name, value, problem in pool.map(in_caller_context, items):
            if problem is not None:
                problems.append(problem)
            elif value is not None:
                results[name] = value
    return results, problems


def status_rows(key: dict, source: str, case_numbers: Iterable[str], ok: dict[str, Any],
                problems: list[CaseProblem], stale: Callable[[Any], bool] = lambda v: False) -> list[dict]:
    """ingest_status rows: which cases this source answered for, stale or not, and why not."""
    why = {p.case_number: p.reason for p in problems}
    return [
        {**key, "case_number": n, "source": source, "ok": n in ok, "stale": n in ok and stale(ok[n]),
         "detail": why.get(n) or (None if n in ok else "no record found")}
        for n in case_numbers
    ]


def quarantine_rows(problems: list[CaseProblem], *, asset: str, partition: str, run_id: str) -> list[dict]:
    """Quarantine rows for the problems that were unreadable pages (not a portal's error for one case)."""
    return [
        {"asset": asset, "partition": partition, "source_url": p.source_url, "reason": p.reason,
         "raw": p.case_number, "run_id": run_id}
        for p in problems if p.parse_error
    ]


def problem_reasons(problems: Iterable[CaseProblem], what: str) -> dict[str, str]:
    """Why each failed case is unknown, naming the source: "official_records page unreadable: ..."."""
    return {p.case_number: f"{what} {'page unreadable' if p.parse_error else 'error'}: {p.reason}" for p in problems}
