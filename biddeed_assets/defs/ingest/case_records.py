"""Per-case ingest assets: appraiser records, recorded liens and taxes of each case on the sale list."""

from collections.abc import Callable

import dagster as dg

from biddeed_assets.defs.ingest.per_case import fetch_each, quarantine_rows, status_rows
from biddeed_assets.defs.ingest.retries import retry_when_unavailable
from biddeed_assets.defs.partitions import auction_partitions, partition_parts
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.portals import brevard_case
from biddeed_assets.portals.counties import REALFORECLOSE
from biddeed_assets.portals.counties import county as county_info
from biddeed_assets.portals.http import pool_name
from biddeed_assets.portals.official_records import liens_from_documents
from biddeed_assets.store import ingest_writers, writers
from biddeed_assets.store.rows import dicts


class IngestConfig(dg.Config):
    """Run options for per-case intake."""

    retries_when_unavailable: int = 2  # Dagster re-runs the step this often when a portal stays down
    retry_wait_s: int = 120


def _open_cases(conn, county: str, auction_date: str) -> list[dict]:
    return dicts(conn, "SELECT c.*, p.parcel_id AS appraiser_parcel, p.account FROM cases c"
                       " LEFT JOIN properties p USING (county, auction_date, case_number)"
                       " WHERE c.county = %s AND c.auction_date = %s AND c.status <> 'CANCELLED'"
                       " ORDER BY c.case_number", (county, auction_date))


def _result(written: int, fetched: int, problems, stale: int, stats: dict, **extra) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written, "cases_read": fetched, "cases_unreadable": len(problems),
        "stale": stale > 0, "stale_cases": stale,
        "problems": dg.MetadataValue.md("\n".join(f"- {p.case_number}: {p.reason}" for p in problems[:30]) or "none"),
        "http": dg.MetadataValue.json({k: stats.get(k, 0) for k in ("requests", "retries", "fallbacks", "failures")}),
        **extra,
    })


def _ingest(context, config, database: DatabaseResource, portal: PortalResource, *, source: str, table: str,
            columns, fetch: Callable, rows_of: Callable, select: Callable[[dict], bool] = lambda c: True):
    """Fetch per case, then replace the partition's rows, statuses and quarantine in one transaction."""
    auction_date, county = partition_parts(context)
    key = {"county": county, "auction_date": auction_date}
    with database.connection() as conn:
        cases = [c for c in _open_cases(conn, county, auction_date) if select(c)]
    with portal.http(context, database) as http, retry_when_unavailable(config):
        fetched, problems = fetch_each(cases, lambda c: fetch(http, portal.url_for(county), c),
                                       key=lambda c: c["case_number"], max_workers=portal.max_concurrency)
        stats = http.stats
    rows = [row for number, value in fetched.items() for row in rows_of({**key, "case_number": number}, value)]
    with database.transaction() as conn:
        written = ingest_writers.replace(conn, table, columns, rows, county=county, auction_date=auction_date)
        ingest_writers.replace_status(conn, source, status_rows(key, source, [c["case_number"] for c in cases],
                                                                fetched, problems, lambda v: v.stale),
                                      county=county, auction_date=auction_date)
        writers.quarantine(conn, quarantine_rows(problems, asset=context.asset_key.to_user_string(),
                                                 partition=f"{auction_date}|{county}", run_id=context.run.run_id))
    return _result(written, len(fetched), problems, sum(v.stale for v in fetched.values()), stats)


def _brevard_property(http, records_url: str, bcpao_url: str, case: dict):
    """The parcel named by the case's lis pendens, then BCPAO's record of it."""
    parcel, _ = brevard_case.parcel_of_case(http, records_url, case["case_number"])
    if parcel is None:
        raise ValueError("no recorded legal description names a parcel")
    return brevard_case.appraiser_record(http, bcpao_url, parcel)


@dg.asset(partitions_def=auction_partitions, group_name="ingest", kinds={"postgres"}, deps=["scraped_cases"],
          pool=pool_name("bcpao"))
def property_records(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                     bcpao_portal: PortalResource, official_records_portal: PortalResource) -> dg.MaterializeResult:
    """Appraiser values and building facts of each case's property (Brevard: BCPAO; RealForeclose: the item)."""
    auction_date, county = partition_parts(context)
    if county_info(county).platform == REALFORECLOSE:
        return _sale_list_properties(database, county, auction_date)
    or_url = official_records_portal.url_for(county)
    return _ingest(
        context, config, database, bcpao_portal, source="bcpao", table="properties",
        columns=ingest_writers.PROPERTY_COLUMNS,
        fetch=lambda http, url, case: _brevard_property(http, or_url, url, case),
        rows_of=lambda key, fetched: [ingest_writers.property_row(key, fetched.value, stale=fetched.stale)],
    )


def _sale_list_properties(database: DatabaseResource, county: str, auction_date: str) -> dg.MaterializeResult:
    """A RealForeclose item carries its parcel, address and appraised value: that is the property record."""
    with database.transaction() as conn:
        conn.execute("DELETE FROM properties WHERE county = %s AND auction_date = %s", (county, auction_date))
        written = conn.execute(
            "INSERT INTO properties (county, auction_date, case_number, parcel_id, site_address, city, zip,"
            " assessed_value, market_value, source, source_url, stale)"
            " SELECT county, auction_date, case_number, parcel_id, property_address, city, zip, assessed_value,"
            " CASE WHEN extra->>'value_label' ILIKE '%%market%%' THEN assessed_value END, source, source_url, stale"
            " FROM cases WHERE county = %s AND auction_date = %s AND status <> 'CANCELLED'",
            (county, auction_date),
        ).rowcount
    return dg.MaterializeResult(metadata={"dagster/row_count": written, "source": "sale list items"})


@dg.asset(partitions_def=auction_partitions, group_name="ingest", kinds={"postgres"}, deps=["property_records"],
          pool=pool_name("official_records"))
def lien_records(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                 official_records_portal: PortalResource) -> dg.MaterializeResult:
    """Recorded mortgages, liens and lis pendens of each case's parcel, ACTIVE or SATISFIED."""
    _, county = partition_parts(context)
    if county_info(county).platform == REALFORECLOSE:
        return dg.MaterializeResult(metadata={"dagster/row_count": 0, "note": "no official-records portal for this county yet: liens unknown"})
    return _ingest(
        context, config, database, official_records_portal, source="official_records", table="liens",
        columns=ingest_writers.LIEN_COLUMNS, select=lambda c: bool(c["appraiser_parcel"]),
        fetch=lambda http, url, case: brevard_case.records_search(http, url, parcel_id=case["appraiser_parcel"]),
        rows_of=lambda key, fetched: ingest_writers.lien_rows(key, liens_from_documents(fetched.value),
                                                              source_url=fetched.source_url, stale=fetched.stale),
    )


def _tax_state(http, tax_url: str, realtdm_url: str, case: dict):
    bill = brevard_case.tax_bill(http, tax_url, case["account"])
    if bill is None:
        return None
    certs = brevard_case.certificates(http, realtdm_url, case["appraiser_parcel"])
    return brevard_case.Fetched((bill.value, certs.value), bill.source_url, bill.stale or certs.stale)


@dg.asset(partitions_def=auction_partitions, group_name="ingest", kinds={"postgres"}, deps=["property_records"],
          pool=pool_name("tax"))
def tax_records(context: dg.AssetExecutionContext, config: IngestConfig, database: DatabaseResource,
                tax_portal: PortalResource, realtdm_portal: PortalResource) -> dg.MaterializeResult:
    """Unpaid property taxes by year and the tax certificates sold on them, for each case's parcel."""
    _, county = partition_parts(context)
    if county_info(county).platform == REALFORECLOSE:
        return dg.MaterializeResult(metadata={"dagster/row_count": 0, "note": "no tax collector portal for this county yet: taxes unknown"})
    realtdm_url = realtdm_portal.url_for(county)
    return _ingest(
        context, config, database, tax_portal, source="tax_collector", table="tax_records",
        columns=ingest_writers.TAX_COLUMNS, select=lambda c: bool(c["account"]),
        fetch=lambda http, url, case: _tax_state(http, url, realtdm_url, case),
        rows_of=lambda key, fetched: ingest_writers.tax_rows(key, fetched.value[0], fetched.value[1],
                                                             source_url=fetched.source_url, stale=fetched.stale),
    )
