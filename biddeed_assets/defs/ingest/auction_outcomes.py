"""The `auction_outcomes` asset: what each sale did (sold to whom, for how much, or cancelled)."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.ingest.case_records import IngestConfig, _open_cases
from biddeed_assets.defs.ingest.per_case import fetch_each, quarantine_rows
from biddeed_assets.defs.ingest.retries import retry_when_unavailable
from biddeed_assets.defs.partitions import auction_partitions, partition_parts
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.portals import brevard_case
from biddeed_assets.portals.beca_docket import outcome_from_events
from biddeed_assets.portals.counties import REALFORECLOSE
from biddeed_assets.portals.counties import county as county_info
from biddeed_assets.portals.http import pool_name
from biddeed_assets.portals.sale_lists import realforeclose_list
from biddeed_assets.store import ingest_writers, writers

FINAL = ("SOLD", "CANCELLED", "REDEEMED")


def _docket_outcomes(http, base_url: str, cases: list[dict], auction_date: str, max_workers: int):
    def outcome(case):
        fetched = brevard_case.docket(http, base_url, case["case_number"])
        found = outcome_from_events(fetched.value.events, sale_date=auction_date, plaintiff=case.get("plaintiff"))
        return None if found is None else (found.status, found.sold_amount, found.sold_to, fetched.source_url)
    return fetch_each(cases, outcome, key=lambda c: c["case_number"], max_workers=max_workers)


def _realforeclose_outcomes(http, base_url: str, county: str, auction_date: str):
    listing = realforeclose_list(http, base_url, county, auction_date)
    return {
        r.case_number: (r.status, r.sold_amount, r.sold_to, r.source_url)
        for r in listing.records if r.status in FINAL
    }, []


@dg.asset(partitions_def=auction_partitions, group_name="ingest", kinds={"postgres"}, deps=["scraped_cases"],
          pool=pool_name("outcomes"))
def auction_outcomes(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                     beca_portal: PortalResource, realforeclose_portal: PortalResource) -> dg.MaterializeResult:
    """After the sale: status, sold amount and sold to (third party, plaintiff) of every case, captured that day."""
    auction_date, county = partition_parts(context)
    if dt.date.fromisoformat(auction_date) > dt.date.today():
        return dg.MaterializeResult(metadata={"dagster/row_count": 0, "note": "the sale has not happened yet"})
    key = {"county": county, "auction_date": auction_date}
    realforeclose = county_info(county).platform == REALFORECLOSE
    portal = realforeclose_portal if realforeclose else beca_portal
    with database.connection() as conn:
        cases = _open_cases(conn, county, auction_date)
    with portal.http(context, database) as http, retry_when_unavailable(config):
        if realforeclose:
            found, problems = _realforeclose_outcomes(http, portal.url_for(county), county, auction_date)
        else:
            found, problems = _docket_outcomes(http, portal.url_for(county), cases, auction_date, portal.max_concurrency)
    known = {c["case_number"] for c in cases}
    rows = [
        {**key, "case_number": number, "status": status, "sold_amount": amount, "sold_to": sold_to,
         "buyer": None, "source": "realforeclose" if realforeclose else "brevard_beca", "source_url": url}
        for number, (status, amount, sold_to, url) in found.items() if number in known
    ]
    with database.transaction() as conn:
        written = ingest_writers.replace(conn, "outcomes", ingest_writers.OUTCOME_COLUMNS, rows,
                                         county=county, auction_date=auction_date)
        writers.quarantine(conn, quarantine_rows(problems, asset="auction_outcomes",
                                                 partition=f"{auction_date}|{county}", run_id=context.run.run_id))
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written,
        "third_party": sum(r["sold_to"] == "THIRD_PARTY" for r in rows),
        "plaintiff": sum(r["sold_to"] == "PLAINTIFF" for r in rows),
        "cancelled": sum(r["status"] == "CANCELLED" for r in rows),
        "not_yet_known": len(known) - len(rows),
    })
