"""Brevard's sale list has no judgment amounts: read each case's final judgment from its BECA docket."""

from dataclasses import replace

from biddeed_assets.defs.ingest.per_case import CaseProblem, fetch_each, status_rows
from biddeed_assets.portals import brevard_case
from biddeed_assets.portals.http import PortalHttp
from biddeed_assets.portals.records import CaseRecord


def with_docket_judgments(http: PortalHttp, base_url: str, records: list[CaseRecord], *, key: dict,
                          max_workers: int) -> tuple[list[CaseRecord], list[CaseProblem], list[dict]]:
    """The records with their docket's judgment (None when unreadable), the problems, and status rows."""
    wanted = [r for r in records if r.status != "CANCELLED"]
    dockets, problems = fetch_each(wanted, lambda r: brevard_case.docket(http, base_url, r.case_number),
                                   key=lambda r: r.case_number, max_workers=max_workers)
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
    statuses = status_rows(key, "beca", [r.case_number for r in wanted], dockets, problems, lambda f: f.stale)
    return enriched, problems, statuses
