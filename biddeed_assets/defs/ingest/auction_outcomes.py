"""The `auction_outcomes` asset: what each sale did (sold to whom, for how much, or cancelled)."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.ingest.intake import IngestConfig, ingest_per_case, refused
from biddeed_assets.defs.ingest.retries import retry_when_unavailable
from biddeed_assets.defs.partitions import SINGLE_RUN, auction_partitions, each_partition, partition_of
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.portals.errors import PortalError
from biddeed_assets.portals.http import PortalUnavailable, pool_name
from biddeed_assets.portals.sources import PerCase, describe, for_county
from biddeed_assets.store import cases as case_store
from biddeed_assets.store import ingest_guard, ingest_writers


def outcome_rows(key: dict, fetched, source: str) -> list[dict]:
    status, amount, sold_to = fetched.value
    return [{**key, "status": status, "sold_amount": amount, "sold_to": sold_to, "buyer": None, "source": source,
             "source_url": fetched.source_url}]


def outcome_counts(rows: list[dict]) -> dict:
    return {"third_party": sum(r["sold_to"] == "THIRD_PARTY" for r in rows),
            "plaintiff": sum(r["sold_to"] == "PLAINTIFF" for r in rows),
            "cancelled": sum(r["status"] == "CANCELLED" for r in rows)}


@dg.asset(partitions_def=auction_partitions, backfill_policy=SINGLE_RUN, group_name="ingest", kinds={"postgres"}, deps=["scraped_cases"],
          pool=pool_name("outcomes"))
@traced
@each_partition
def auction_outcomes(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                     beca_portal: PortalResource, realforeclose_portal: PortalResource) -> dg.MaterializeResult:
    """After the sale: status, sold amount and sold to (third party, plaintiff) of every case, captured that day."""
    partition = partition_of(context)
    if dt.date.fromisoformat(partition.auction_date) > dt.date.today():
        return dg.MaterializeResult(metadata={"dagster/row_count": 0, "note": "the sale has not happened yet"})
    source = for_county(partition.county).outcomes
    portals = {"beca": beca_portal, "realforeclose": realforeclose_portal}
    if isinstance(source, PerCase):
        return ingest_per_case(context, config, database, portals, source, table="outcomes",
                               columns=ingest_writers.OUTCOME_COLUMNS, keep_unanswered=True, statuses=False,
                               rows_of=lambda key, fetched: outcome_rows(key, fetched, source.source),
                               summary=outcome_counts)
    portal = portals[source.portal]
    with database.connection() as conn:
        known = [c["case_number"] for c in case_store.open_cases(conn, **partition.where)]
    with portal.http(context, database) as http, retry_when_unavailable(config):
        try:
            found = source.fetch(http, portal.url_for(partition.county), partition.county, partition.auction_date)
        except PortalUnavailable:
            raise
        except PortalError as exc:
            raise dg.Failure(f"the outcomes of {partition.label} could not be read, stored rows kept: {exc}") from None
    rows = [row for number in known if number in found
            for row in outcome_rows({**partition.where, "case_number": number}, found[number], source.source)]
    with database.transaction() as conn:
        try:
            # A closed item the platform no longer shows keeps its captured outcome.
            replaced = ingest_guard.replace_case_rows(
                conn, "outcomes", ingest_writers.OUTCOME_COLUMNS, rows, **partition.where, scope=known,
                keep=set(known) - set(found), page=f"the {source.source} list of {partition.label}",
                partition=partition.label, policy=config.shrink_policy(), stale_column=False)
        except ingest_guard.PartitionShrank as exc:
            raise refused(exc) from None
    return dg.MaterializeResult(metadata={
        "dagster/row_count": replaced.written + replaced.kept, "rows_kept": replaced.kept,
        "not_yet_known": len(known) - len(rows), "source": describe(source), **outcome_counts(rows),
    })
