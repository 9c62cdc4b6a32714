"""The `sale_calendar` asset: which coming days each enabled county sells on, as the county's own calendar says."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import dagster as dg

from biddeed_assets.defs.partitions import auction_dates
from biddeed_assets.defs.resources import DatabaseResource, PortalResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.portals import sale_lists
from biddeed_assets.portals.counties import enabled_slugs
from biddeed_assets.portals.errors import PortalError
from biddeed_assets.portals.http import pool_name
from biddeed_assets.portals.sources import for_county
from biddeed_assets.store import sale_days

UPCOMING_DAYS = 14  # the partitions reach two weeks ahead (sale lists are published ahead)
# Each county is its own host (paced apart by the HTTP layer), so a few calendars are read at once.
CALENDAR_WORKERS = 4


class CalendarConfig(dg.Config):
    """The window read: `days` days from `start_date` (ISO; default today in the auctions' time zone)."""

    start_date: str | None = None
    days: int = UPCOMING_DAYS


def today() -> dt.date:
    """Today where the auctions are (the partitions' time zone)."""
    return dt.datetime.now(ZoneInfo(auction_dates.timezone)).date()


def window(config: CalendarConfig) -> tuple[dt.date, dt.date]:
    start = dt.date.fromisoformat(config.start_date) if config.start_date else today()
    return start, start + dt.timedelta(days=config.days)


@dg.asset(group_name="ingest", kinds={"postgres"}, pool=pool_name("calendars"))
@traced
def sale_calendar(context: dg.AssetExecutionContext, config: CalendarConfig, database: DatabaseResource,
                  clerk_portal: PortalResource, realforeclose_portal: PortalResource) -> dg.MaterializeResult:
    """Each enabled county's sale days of the coming two weeks, with the items its calendar schedules for each."""
    start, end = window(config)
    portals = {"clerk": clerk_portal, "realforeclose": realforeclose_portal}

    def read(county: str):
        name = for_county(county).sale_list.portal
        portal = portals[name]
        with portal.http(context, database) as http:
            try:
                return county, sale_lists.CALENDARS[name](http, portal.url_for(county), county, start, end), None
            except PortalError as exc:  # PortalUnavailable too: that county keeps its stored days
                return county, None, str(exc)

    with ThreadPoolExecutor(CALENDAR_WORKERS) as pool:
        results = list(pool.map(read, enabled_slugs()))
    fetched_at = dt.datetime.now(dt.UTC)
    read_days = {county: days for county, days, _ in results if days is not None}
    failed = {county: why for county, _, why in results if why is not None}
    with database.transaction() as conn:
        for county, days in read_days.items():
            sale_days.replace_window(conn, county, start, end, days, fetched_at)
    table = ["| county | sale days (scheduled items) |", "|---|---|"] + [
        f"| {county} | {', '.join(f'{d.auction_date} ({d.scheduled})' for d in days) or 'none'} |"
        for county, days in read_days.items()]
    metadata = {
        "window": f"{start} to {end}", "counties_read": len(read_days), "counties_unreadable": len(failed),
        "dagster/row_count": sum(len(days) for days in read_days.values()),
        "sale_days": dg.MetadataValue.md("\n".join(table)),
    }
    if failed:
        raise dg.Failure(
            f"the calendars of {len(failed)} of {len(results)} counties could not be read, their stored sale days "
            "kept: " + "; ".join(f"{county}: {why}" for county, why in failed.items()), metadata=metadata)
    return dg.MaterializeResult(metadata=metadata)
