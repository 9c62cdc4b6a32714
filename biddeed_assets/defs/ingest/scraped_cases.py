"""The `scraped_cases` asset: each county's sale list for one sale date, as canonical records."""

import dagster as dg

from biddeed_assets.defs.ingest.dockets import with_docket_judgments
from biddeed_assets.defs.ingest.per_case import quarantine_rows
from biddeed_assets.defs.ingest.retries import retry_when_unavailable
from biddeed_assets.defs.partitions import auction_partitions, partition_parts
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.portals.counties import REALFORECLOSE
from biddeed_assets.portals.counties import county as county_info
from biddeed_assets.portals.http import pool_name
from biddeed_assets.portals.records import CaseRecord
from biddeed_assets.portals.sale_lists import sale_list
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import ingest_writers, writers


class ScrapeConfig(dg.Config):
    """Run options for a sale-list scrape."""

    allow_shrink_to_zero: bool = False  # accept a list that no longer shows a date we stored cases for
    retries_when_unavailable: int = 2  # Dagster re-runs the step this often when the portal stays down
    retry_wait_s: int = 120


def markdown_table(records: list[CaseRecord], limit: int = 60) -> str:
    lines = ["| case | plaintiff | defendant | status | judgment | court |", "|---|---|---|---|---|---|"]
    for r in records[:limit]:
        judgment = f"${r.final_judgment:,.0f}" if r.final_judgment is not None else ""
        lines.append(f"| {r.case_number} | {r.plaintiff or ''} | {r.defendant or ''} | {r.status} | {judgment} "
                     f"| {r.court_type or ''} |")
    if len(records) > limit:
        lines.append(f"| … {len(records) - limit} more | | | | | |")
    return "\n".join(lines)


@dg.asset(
    partitions_def=auction_partitions,
    group_name="ingest",
    kinds={"postgres"},
    pool=pool_name("sale_lists"),
)
def scraped_cases(
    context: dg.AssetExecutionContext,
    config: ScrapeConfig,
    database: DatabaseResource,
    clerk_portal: PortalResource,
    realforeclose_portal: PortalResource,
    beca_portal: PortalResource,
) -> dg.MaterializeResult:
    """Every case on the county's foreclosure sale list for the sale date, stored as canonical records."""
    auction_date, county = partition_parts(context)
    portal = realforeclose_portal if county_info(county).platform == REALFORECLOSE else clerk_portal
    with portal.http(context, database) as http, retry_when_unavailable(config):
        listing = sale_list(http, portal.url_for(county), county, auction_date)
        stats = http.stats
    if listing.listed_rows == 0:
        raise dg.Failure(f"the sale list at {listing.source_url} has no rows at all; keeping the partition's stored rows")
    records = [r for r in listing.records if r.county == county]
    judgments = statuses = []
    if county_info(county).platform != REALFORECLOSE and records:
        with beca_portal.http(context, database) as http, retry_when_unavailable(config):
            records, judgments, statuses = with_docket_judgments(
                http, beca_portal.url_for(county), records, key={"county": county, "auction_date": auction_date},
                max_workers=beca_portal.max_concurrency)
    with database.transaction() as conn:
        previous = writers.count_partition(conn, "cases", county=county, auction_date=auction_date)
        if not records and previous and not config.allow_shrink_to_zero:
            raise dg.Failure(
                f"the sale list at {listing.source_url} no longer shows {auction_date}; keeping the {previous} stored "
                "cases (run with allow_shrink_to_zero to accept an emptied sale day)"
            )
        written = case_store.replace_cases(
            conn, records, listing.rejected, county=county, auction_date=auction_date,
            asset="scraped_cases", run_id=context.run.run_id,
        )
        if statuses:
            ingest_writers.replace_status(conn, "beca", statuses, county=county, auction_date=auction_date)
            writers.quarantine(conn, quarantine_rows(judgments, asset="scraped_cases",
                                                     partition=f"{auction_date}|{county}", run_id=context.run.run_id))
    if listing.rejected:
        context.log.warning(f"{len(listing.rejected)} row(s) of {listing.source_url} quarantined: "
                            + "; ".join(r.reason for r in listing.rejected[:5]))
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "stale": listing.stale,
            "cancelled": sum(r.status == "CANCELLED" for r in records),
            "county_court_cases": sum(r.court_type == "COUNTY" for r in records),
            "quarantined_rows": len(listing.rejected),
            "judgments_known": sum(r.final_judgment is not None for r in records),
            "dockets_unreadable": len(judgments),
            "previous_row_count": previous,
            "source_url": dg.MetadataValue.url(listing.source_url),
            "http": dg.MetadataValue.json({k: stats[k] for k in ("requests", "retries", "fallbacks", "failures")}),
            "cases": dg.MetadataValue.md(markdown_table(records)),
        }
    )
