"""The `demographics` asset: ACS figures per ZIP of every property we have seen."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.ingest.intake import refused
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.portals import brevard_case
from biddeed_assets.portals.errors import FetchError, PortalError
from biddeed_assets.portals.http import PortalUnavailable, pool_name
from biddeed_assets.store import ingest_writers
from biddeed_assets.store.ingest_guard import PartitionShrank, ShrinkPolicy

# ACS 5-year estimates are published about two years after their reference year.
ACS_LAG_YEARS = 2
# Every Florida ZCTA is asked for at once (one request a year), so a new county needs no ZIP list.
FLORIDA_ZIP_PREFIXES = ("32", "33", "34")


class DemographicsConfig(dg.Config):
    """How much of the stored ZIPs a new census reply may leave out before it is refused."""

    max_shrink_share: float = 0.2
    allow_shrink: bool = False


@dg.asset(group_name="ingest", kinds={"postgres"}, pool=pool_name("census"),
          automation_condition=dg.AutomationCondition.on_cron("0 4 1 1 *"))
@traced
def demographics(context: dg.AssetExecutionContext, config: DemographicsConfig, database: DatabaseResource,
                 census_portal: PortalResource) -> dg.MaterializeResult:
    """Median household income, median home value, vacancy and owner-occupancy per Florida ZIP (Census ACS 5-year)."""
    with database.connection() as conn:
        seen = ingest_writers.seen_zips(conn)
    year = dt.date.today().year - ACS_LAG_YEARS
    with census_portal.http(context, database) as http:
        try:
            try:
                fetched = brevard_case.demographics(http, census_portal.url_for(""), year, [])
            except FetchError:
                year -= 1  # the newest survey is not out yet
                fetched = brevard_case.demographics(http, census_portal.url_for(""), year, [])
        except PortalUnavailable:
            raise
        except (PortalError, ValueError) as exc:  # ValueError: a reply that is not text (UnicodeDecodeError)
            raise dg.Failure(f"the census reply for ACS5 {year} could not be read; keeping the stored figures: {exc}") from None
    rows = [
        {"zip": z.zip, "median_household_income": z.median_household_income, "median_home_value": z.median_home_value,
         "vacancy_rate": z.vacancy_rate, "owner_occupancy_rate": z.owner_occupancy_rate, "survey": f"ACS5 {year}",
         "source_url": fetched.source_url, "stale": fetched.stale}
        for z in fetched.value if z.zip.startswith(FLORIDA_ZIP_PREFIXES)
    ]
    policy = ShrinkPolicy(max_share=config.max_shrink_share, allow=config.allow_shrink)
    with database.transaction() as conn:
        try:
            written = ingest_writers.upsert_demographics(conn, rows, page=f"the census reply at {fetched.source_url}",
                                                         prefixes=FLORIDA_ZIP_PREFIXES, policy=policy)
        except PartitionShrank as exc:
            raise refused(exc) from None
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written, "survey": f"ACS5 {year}", "stale": fetched.stale,
        "seen_zips_missing": dg.MetadataValue.json(sorted(seen - {r["zip"] for r in rows})),
    })
