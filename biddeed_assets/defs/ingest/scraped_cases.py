"""The `scraped_cases` asset: each county's sale list for one sale date, as canonical records."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.partitions import auction_partitions, partition_parts
from biddeed_assets.defs.resources import ClerkPortalResource, DatabaseResource
from biddeed_assets.portals import clerk_sale_list
from biddeed_assets.portals.records import CaseRecord
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import writers


class ScrapeConfig(dg.Config):
    """Run options for a sale-list scrape."""

    allow_shrink_to_zero: bool = False  # accept a list that no longer shows a date we stored cases for


def markdown_table(records: list[CaseRecord], limit: int = 60) -> str:
    lines = ["| case | plaintiff | defendant | status | court |", "|---|---|---|---|---|"]
    for r in records[:limit]:
        lines.append(f"| {r.case_number} | {r.plaintiff or ''} | {r.defendant or ''} | {r.status} | {r.court_type or ''} |")
    if len(records) > limit:
        lines.append(f"| … {len(records) - limit} more | | | | |")
    return "\n".join(lines)


@dg.asset(
    partitions_def=auction_partitions,
    group_name="ingest",
    kinds={"postgres"},
    pool="clerk_portal",
)
def scraped_cases(
    context: dg.AssetExecutionContext,
    config: ScrapeConfig,
    database: DatabaseResource,
    clerk_portal: ClerkPortalResource,
) -> dg.MaterializeResult:
    """Every case on the county's foreclosure sale list for the sale date, stored as canonical records."""
    auction_date, county = partition_parts(context)
    with clerk_portal.client() as http:
        body, url = clerk_sale_list.fetch(http, clerk_portal.base_url)
    page = clerk_sale_list.parse(body, source_url=url, max_year=dt.date.fromisoformat(auction_date).year + 1)
    if not page.records and not page.rejected:
        raise dg.Failure(f"the sale list at {url} has no rows at all; keeping the partition's stored rows")
    records = [r for r in page.records if r.auction_date == auction_date and r.county == county]
    rejected = [r for r in page.rejected]
    with database.transaction() as conn:
        previous = writers.count_partition(conn, "cases", county=county, auction_date=auction_date)
        if not records and previous and not config.allow_shrink_to_zero:
            raise dg.Failure(
                f"the sale list at {url} no longer shows {auction_date}; keeping the {previous} stored cases "
                "(run with allow_shrink_to_zero to accept an emptied sale day)"
            )
        written = case_store.replace_cases(
            conn, records, rejected, county=county, auction_date=auction_date,
            asset="scraped_cases", run_id=context.run.run_id,
        )
    if rejected:
        context.log.warning(f"{len(rejected)} row(s) of {url} quarantined: " + "; ".join(r.reason for r in rejected[:5]))
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "cancelled": sum(r.status == "CANCELLED" for r in records),
            "county_court_cases": sum(r.court_type == "COUNTY" for r in records),
            "quarantined_rows": len(rejected),
            "previous_row_count": previous,
            "source_url": dg.MetadataValue.url(url),
            "cases": dg.MetadataValue.md(markdown_table(records)),
        }
    )
