"""A county's sale list for one date, and its calendar of sale days, from whichever portal the county sells on."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from biddeed_assets.portals import clerk_sale_list, realforeclose
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.portals.http import PortalHttp, PortalUnavailable, is_stale
from biddeed_assets.portals.records import CaseRecord, RejectedRow

# The kinds of sale a RealForeclose day's items are read for (a box that names no kind counts): tax deeds share the
# partitions with foreclosures, as `auction_type` TAX_DEED.
LISTED_KINDS = (None, "FORECLOSURE", "TAX_DEED")


@dataclass(frozen=True)
class SaleList:
    """The date's records, the rows that could not be read, where they came from, and whether it is stale."""

    records: list[CaseRecord]
    rejected: list[RejectedRow]
    source_url: str
    stale: bool
    listed_rows: int  # rows on the page(s) for any date
    sale_scheduled: bool = True  # False: the county's own calendar (or list) shows no sale that day


@dataclass(frozen=True)
class SaleDay:
    """What a county's calendar says of one day: a sale of a kind, with its scheduled and still-active counts."""

    county: str
    auction_date: str  # ISO
    auction_type: str | None  # FORECLOSURE, TAX_DEED, or None when the calendar does not say
    scheduled: int | None  # None: the calendar shows the sale but no readable count
    active: int | None
    source_url: str


class EmptySaleDay(ParseError):
    """The calendar promises items on a day whose sale list came back empty: a fault, never "no sale"."""


def clerk_list(http: PortalHttp, base_url: str, auction_date: str) -> SaleList:
    """Brevard's clerk page lists every upcoming sale; keep this date's rows."""
    page, url, stale = _clerk_page(http, base_url, dt.date.fromisoformat(auction_date).year + 1)
    records = [r for r in page.records if r.auction_date == auction_date]
    if stale:
        records = [replace(r, stale=True) for r in records]
    return SaleList(records, page.rejected, url, stale, len(page.records) + len(page.rejected),
                    sale_scheduled=bool(records))


def _clerk_page(http: PortalHttp, base_url: str, max_year: int):
    url = clerk_sale_list.page_url(base_url)
    response = http.get(url)
    if response.status_code != 200:
        raise FetchError(f"sale list at {url} answered HTTP {response.status_code}")
    if not response.content.strip():
        raise FetchError(f"sale list at {url} is empty")
    page = clerk_sale_list.parse(response.content, source_url=url, max_year=max_year)
    # The clerk lists weeks of sales ahead: a list with no row at all is a damaged page, not a quiet month.
    if not page.records and not page.rejected:
        raise ParseError("the sale list has no rows at all", source_url=url)
    http.remember(response)
    return page, url, is_stale(response)


def clerk_calendar(http: PortalHttp, base_url: str, county: str, start: dt.date, end: dt.date) -> list[SaleDay]:
    """The sale days the clerk's list shows in [start, end], with each day's listed and not-cancelled counts."""
    page, url, _ = _clerk_page(http, base_url, end.year + 1)
    in_window = [r for r in page.records if r.auction_date and start.isoformat() <= r.auction_date <= end.isoformat()]
    listed = Counter(r.auction_date for r in in_window)
    active = Counter(r.auction_date for r in in_window if r.status != "CANCELLED")
    return [SaleDay(county, day, "FORECLOSURE", listed[day], active[day], url) for day in sorted(listed)]


def realforeclose_calendar(http: PortalHttp, base_url: str, county: str, start: dt.date,
                           end: dt.date) -> list[SaleDay]:
    """Every sale box of the county's month calendars covering [start, end] (each month page proves itself whole)."""
    client = realforeclose.RealForecloseClient(base_url, http, county=county)
    days: list[SaleDay] = []
    month = start.replace(day=1)
    while month <= end:
        url = realforeclose.CALENDAR_URL.format(base=client.base_url, month=realforeclose.site_date(month))
        days += [SaleDay(county, d.date, d.auction_type, d.scheduled, d.active, url)
                 for d in client.calendar(month) if start.isoformat() <= d.date <= end.isoformat()]
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return days


# The calendar of a county is read from the portal its sale list comes from.
CALENDARS = {"clerk": clerk_calendar, "realforeclose": realforeclose_calendar}


def realforeclose_list(http: PortalHttp, base_url: str, county: str, auction_date: str) -> SaleList:
    """A RealForeclose county's items of the date, in every area, with their status when closed."""
    client = realforeclose.RealForecloseClient(base_url, http, county=county)
    days = [d for d in client.calendar(auction_date[:7]) if d.date == auction_date and d.auction_type in LISTED_KINDS]
    if not days:
        return SaleList([], [], client.base_url, http.stats["fallbacks"] > 0, 0, sale_scheduled=False)
    records: list[CaseRecord] = []
    rejected: list[RejectedRow] = []
    try:
        for area in ("W", "R", "C"):
            page = client.load(auction_date, area, with_status=True)
            records += page.records
            rejected += page.rejected
        listed = len(records) + len(rejected)
        prove_scheduled(days, listed, auction_date, client.base_url)
    except PortalUnavailable:
        raise
    except (FetchError, ParseError) as exc:
        promised = sum(d.active or 0 for d in days)
        if promised and not records and not rejected:
            raise EmptySaleDay(
                f"the calendar promises {promised} items on {auction_date} but its sale list came back empty"
                f" ({getattr(exc, 'reason', exc)})", source_url=client.base_url) from None
        raise
    stale = http.stats["fallbacks"] > 0
    if stale:
        records = [replace(r, stale=True) for r in records]
    return SaleList(records, rejected, client.base_url, stale, listed)


def prove_scheduled(days: list[realforeclose.CalendarDay], listed: int, auction_date: str, url: str) -> None:
    """The day's items agree with its calendar box: all of its scheduled items once any is listed (cancelled
    ones stay, in the closed area), and some while the box still counts active ones. After the sale the
    site drops a day's items all at once, while the box keeps its count: none listed then is no shortfall."""
    scheduled = [d.scheduled for d in days]
    active = sum(d.active or 0 for d in days)
    if None in scheduled:
        return  # the box shows no readable count: nothing to hold the items against
    if (listed and listed != sum(scheduled)) or (not listed and active):
        raise ParseError(
            f"the {auction_date} calendar box counts {sum(scheduled)} scheduled ({active} active) items"
            f" but the day's LOAD pages list {listed}",
            source_url=url,
        )
