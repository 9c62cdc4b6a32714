"""Brevard's sale list has no judgment amounts: read each case's final judgment from its BECA docket."""

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from biddeed_assets.portals.per_case import CaseProblem, fetch_each, status_rows
from biddeed_assets.portals.records import CaseRecord

JUDGMENT_EXTRA = ("judgment_date", "docket_url", "homestead_case")


def with_docket_judgments(docket: Callable[[CaseRecord], Any], records: list[CaseRecord], *, key: dict,
                          max_workers: int, source: str = "beca") -> tuple[list[CaseRecord], list[CaseProblem], list[dict]]:
    """The records with their docket's judgment (None when unreadable), the problems, and status rows.

    `docket(record)` fetches the record's parsed docket page (a Fetched).
    """
    wanted = [r for r in records if r.status != "CANCELLED"]
    dockets, problems = fetch_each(wanted, docket, key=lambda r: r.case_number, max_workers=max_workers)
    enriched = []
    for record in records:
        fetched = dockets.get(record.case_number)
        if fetched is None:
            enriched.append(record)
            continue
        docket = fetched.value
        enriched.append(replace(
            record,
            final_judgment=docket.final_judgment_amount,
            stale=record.stale or fetched.stale,
            extra={**record.extra, "judgment_date": docket.final_judgment_date, "docket_url": fetched.source_url,
                   "homestead_case": docket.homestead},
        ))
    statuses = status_rows(key, source, [r.case_number for r in wanted], dockets, problems, lambda f: f.stale)
    return enriched, problems, statuses


def keep_known_judgments(records: list[CaseRecord], stored: Mapping[str, Mapping[str, Any]]) -> list[CaseRecord]:
    """A record read without a judgment keeps the stored one, marked stale: a known judgment never becomes null."""
    out = []
    for record in records:
        before = stored.get(record.case_number)
        if record.final_judgment is not None or before is None or before.get("final_judgment") is None:
            out.append(record)
            continue
        extra = before.get("extra") or {}
        out.append(replace(
            record, final_judgment=float(before["final_judgment"]), stale=True,
            extra={**record.extra, **{k: extra[k] for k in JUDGMENT_EXTRA if k in extra}},
        ))
    return out
