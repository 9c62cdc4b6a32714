"""The `scraped_cases` stage of case_intake: each county's sale list for one sale date, as canonical records."""

from collections.abc import Callable, Mapping

import dagster as dg

from biddeed_assets.defs.ingest.intake import IngestConfig, refused
from biddeed_assets.defs.ingest.retries import retry_when_unavailable
from biddeed_assets.defs.partitions import partition_of
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.portals.dockets import keep_known_judgments, with_docket_judgments
from biddeed_assets.portals.errors import PortalError
from biddeed_assets.portals.http import HostPaces, PortalUnavailable, request_summary
from biddeed_assets.portals.per_case import problem_reasons, quarantine_rows
from biddeed_assets.portals.records import CaseRecord
from biddeed_assets.portals.sale_lists import EmptySaleDay
from biddeed_assets.portals.sources import PerCase, describe, for_county
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import ingest_guard, writers
from biddeed_assets.store.ingest_guard import PartitionShrank

NO_SALE = "no sale scheduled"  # what a partition of a day without a sale says in its metadata


class ScrapeConfig(IngestConfig):
    """Run options for a sale-list scrape (allow_shrink also accepts a list that no longer shows the date)."""


def markdown_table(records: list[CaseRecord], limit: int = 60) -> str:
    lines = ["| case | plaintiff | defendant | status | judgment | court |", "|---|---|---|---|---|---|"]
    for r in records[:limit]:
        judgment = f"${r.final_judgment:,.0f}" if r.final_judgment is not None else ""
        lines.append(f"| {r.case_number} | {r.plaintiff or ''} | {r.defendant or ''} | {r.status} | {judgment} "
                     f"| {r.court_type or ''} |")
    if len(records) > limit:
        lines.append(f"| … {len(records) - limit} more | | | | | |")
    return "\n".join(lines)


def read_sale_list(context: dg.AssetExecutionContext, config: ScrapeConfig, database: DatabaseResource,
                   portals: Mapping[str, PortalResource], *, paces: HostPaces | None = None,
                   on_listed: Callable[[list[CaseRecord]], None] | None = None) -> dg.MaterializeResult:
    """Every case on the county's foreclosure sale list for the sale date, stored as canonical records."""
    partition = partition_of(context)
    sources = for_county(partition.county)
    portal = portals[sources.sale_list.portal]
    with portal.http(context, database, paces=paces) as http, retry_when_unavailable(config):
        try:
            listing = sources.sale_list.fetch(http, portal.url_for(partition.county), partition.county,
                                              partition.auction_date)
        except PortalUnavailable:
            raise
        except EmptySaleDay as exc:
            raise dg.Failure(f"{partition.label} is a sale day, but its sale list came back empty; keeping the "
                             f"partition's stored rows: {exc}") from None
        except PortalError as exc:
            raise dg.Failure(f"the sale list of {partition.label} could not be read; keeping the partition's "
                             f"stored rows: {exc}") from None
        stats = [http.stats]
    records = [r for r in listing.records if r.county == partition.county]
    if on_listed is not None:
        on_listed(records)
    judgments, problems, statuses = sources.judgments, [], []
    if isinstance(judgments, PerCase) and records:
        docket_portal = portals[judgments.portal]
        urls = {name: portals[name].url_for(partition.county) for name in judgments.portals}
        with docket_portal.http(context, database, paces=paces) as http, retry_when_unavailable(config):
            records, problems, statuses = with_docket_judgments(
                lambda r: judgments.fetch(http, urls, r), records, key=partition.where,
                max_workers=2 * docket_portal.max_concurrency, source=judgments.source)
            stats.append(http.stats)
    with database.transaction() as conn:
        records = keep_known_judgments(records, {c["case_number"]: c for c in case_store.cases_for(conn, **partition.where)})
        try:
            replaced = case_store.replace_cases(conn, records, listing.rejected, **partition.where,
                                                asset="scraped_cases", run_id=context.run.run_id,
                                                page=f"the sale list at {listing.source_url}",
                                                policy=config.shrink_policy())
        except PartitionShrank as exc:
            if exc.after == 0:
                raise dg.Failure(
                    f"the sale list at {listing.source_url} no longer shows {partition.auction_date}; keeping the "
                    f"{exc.before} stored cases (run with allow_shrink to accept an emptied sale day)") from None
            raise refused(exc) from None
        if statuses or problems:
            ingest_guard.replace_statuses(conn, judgments.source, statuses, **partition.where,
                                          unknown=problem_reasons(problems, judgments.source))
            writers.quarantine(conn, quarantine_rows(problems, asset="scraped_cases", partition=partition.label,
                                                     run_id=context.run.run_id))
    if listing.rejected:
        context.log.warning(f"{len(listing.rejected)} row(s) of {listing.source_url} quarantined: "
                            + "; ".join(r.reason for r in listing.rejected[:5]))
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": replaced.written + replaced.kept_unlisted,
            "sale": "scheduled" if listing.sale_scheduled else NO_SALE,
            "stale": listing.stale,
            "cancelled": sum(r.status == "CANCELLED" for r in records),
            "county_court_cases": sum(r.court_type == "COUNTY" for r in records),
            "quarantined_rows": len(listing.rejected),
            "judgments_known": sum(r.final_judgment is not None for r in records),
            "dockets_unreadable": len(problems),
            "previous_row_count": replaced.before,
            "kept_unlisted": replaced.kept_unlisted,
            "sources": dg.MetadataValue.json({"sale_list": describe(sources.sale_list),
                                              "judgments": describe(judgments)}),
            "source_url": dg.MetadataValue.url(listing.source_url),
            "http": dg.MetadataValue.json(request_summary(*stats)),
            "cases": dg.MetadataValue.md(markdown_table(records)),
        }
    )
