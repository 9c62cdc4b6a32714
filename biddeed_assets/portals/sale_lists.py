"""A county's sale list for one date, from whichever portal the county sells on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from biddeed_assets.portals import clerk_sale_list, realforeclose
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.portals.http import PortalHttp, is_stale
from biddeed_assets.portals.records import CaseRecord, RejectedRow


@dataclass(frozen=True)
class SaleList:
    """The date's records, the rows that could not be read, where they came from, and whether it is stale."""

    records: list[CaseRecord]
    rejected: list[RejectedRow]
    source_url: str
    stale: bool
    listed_rows: int  # rows on the page(s) for any date: zero means the list itself was empty


def clerk_list(http: PortalHttp, base_url: str, auction_date: str) -> SaleList:
    """Brevard's clerk page lists every upcoming sale; keep this date's rows."""
    url = clerk_sale_list.page_url(base_url)
    response = http.get(url)
    if response.status_code != 200:
        raise FetchError(f"sale list at {url} answered HTTP {response.status_code}")
    if not response.content.strip():
        raise FetchError(f"sale list at {url} is empty")
    year = dt.date.fromisoformat(auction_date).year
    page = clerk_sale_list.parse(response.content, source_url=url, max_year=year + 1)
    http.remember(response)
    stale = is_stale(response)
    records = [r for r in page.records if r.auction_date == auction_date]
    if stale:
        records = [_stale(r) for r in records]
    return SaleList(records, page.rejected, url, stale, len(page.records) + len(page.rejected))


def realforeclose_list(http: PortalHttp, base_url: str, county: str, auction_date: str) -> SaleList:
    """A RealForeclose county's items of the date, in every area, with their status when closed."""
    client = realforeclose.RealForecloseClient(base_url, http, county=county)
    days = [d for d in client.calendar(auction_date[:7])
            if d.date == auction_date and d.auction_type in (None, "FORECLOSURE")]
    if not days:
        return SaleList([], [], base_url, http.stats["fallbacks"] > 0, 0)
    records: list[CaseRecord] = []
    rejected: list[RejectedRow] = []
    for area in ("W", "R", "C"):
        page = client.load(auction_date, area, with_status=True)
        records += page.records
        rejected += page.rejected
    stale = http.stats["fallbacks"] > 0
    if stale:
        records = [_stale(r) for r in records]
    listed = len(records) + len(rejected)
    prove_scheduled(days, listed, auction_date, client.base_url)
    return SaleList(records, rejected, client.base_url, stale, max(listed, 1))


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


def _stale(record: CaseRecord) -> CaseRecord:
    from dataclasses import replace

    return replace(record, stale=True)
