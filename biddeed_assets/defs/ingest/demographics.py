"""The `demographics` asset: ACS figures per ZIP of every property we have seen."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.portals import brevard_case
from biddeed_assets.portals.errors import FetchError
from biddeed_assets.portals.http import pool_name
from biddeed_assets.store import ingest_writers

# ACS 5-year estimates are published about two years after their reference year.
ACS_LAG_YEARS = 2
# Every Florida ZCTA is asked for at once (one request a year), so a new county needs no ZIP list.
FLORIDA_ZIP_PREFIXES = ("32", "33", "34")


@dg.asset(group_name="ingest", kinds={"postgres"}, pool=pool_name("census"),
          automation_condition=dg.AutomationCondition.on_cron("0 4 1 1 *"))
def demographics(context: dg.AssetExecutionContext, database: DatabaseResource,
                 census_portal: PortalResource) -> dg.MaterializeResult:
    """Median household income, median home value, vacancy and owner-occupancy per Florida ZIP (Census ACS 5-year)."""
    with database.connection() as conn:
        seen = {r[0] for r in conn.execute(
            "SELECT zip FROM properties WHERE zip IS NOT NULL UNION SELECT zip FROM cases WHERE zip IS NOT NULL")}
    year = dt.date.today().year - ACS_LAG_YEARS
    with census_portal.http(context, database) as http:
        try:
            fetched = brevard_case.demographics(http, census_portal.url_for(""), year, [])
        except FetchError:
            year -= 1  # the newest survey is not out yet
            fetched = brevard_case.demographics(http, census_portal.url_for(""), year, [])
    rows = [
        {"zip": z.zip, "median_household_income": z.median_household_income, "median_home_value": z.median_home_value,
         "vacancy_rate": z.vacancy_rate, "owner_occupancy_rate": z.owner_occupancy_rate, "survey": f"ACS5 {year}",
         "source_url": fetched.source_url, "stale": fetched.stale}
        for z in fetched.value if z.zip.startswith(FLORIDA_ZIP_PREFIXES)
    ]
    with database.transaction() as conn:
        written = ingest_writers.upsert_demographics(conn, rows) if rows else 0
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written, "survey": f"ACS5 {year}", "stale": fetched.stale,
        "seen_zips_missing": dg.MetadataValue.json(sorted(seen - {r["zip"] for r in rows})),
    })
