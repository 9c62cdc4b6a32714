"""One county site's session-aware fetch flow: calendar, day page (session), LOAD pages, UPDATE batches."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import httpx

from biddeed_assets.portals.errors import FetchError
from biddeed_assets.portals.realforeclose.calendar import CalendarDay, DayPage, parse_calendar, parse_day_page
from biddeed_assets.portals.realforeclose.cards import ItemStatus
from biddeed_assets.portals.realforeclose.load import decode_load_payload, is_empty_load, parse_decoded
from biddeed_assets.portals.realforeclose.readers import county_from_url, site_date
from biddeed_assets.portals.realforeclose.site import (
    AREAS,
    CALENDAR_URL,
    DAY_PAGE_URL,
    LOAD_URL,
    PAGE_SIZE,
    UPDATE_BATCH,
    UPDATE_URL,
)
from biddeed_assets.portals.realforeclose.update import apply_statuses, parse_update
from biddeed_assets.portals.records import CaseRecord, ParsedPage, RejectedRow


class RealForecloseClient:
    """One county site's fetch flow over an httpx.Client-like `http` (its cookie jar holds the session)."""

    def __init__(
        self,
        base_url: str,
        http: Any,
        *,
        county: str | None = None,
        clock: Callable[[], float] = time.time,
        max_pages: int = 50,
    ):
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.county = county or county_from_url(self.base_url)
        self.max_pages = max_pages
        self._clock = clock
        self._session_date: str | None = None
        self._day_url: str | None = None

    def _tx(self) -> int:
        return int(self._clock() * 1000)

    def _get(self, url: str, *, xhr: bool = False) -> str:
        headers = (
            {"Accept": "application/json, text/javascript, */*; q=0.01", "X-Requested-With": "XMLHttpRequest"}
            if xhr
            else {}
        )
        if xhr and self._day_url:
            headers["Referer"] = self._day_url
        try:
            response = self.http.get(url, headers=headers)
        except httpx.HTTPError as exc:
            raise FetchError(f"GET {url} failed: {exc}") from exc
        if response.status_code != 200:
            raise FetchError(f"GET {url} answered HTTP {response.status_code}")
        return response.text

    def calendar(self, month: str | date) -> list[CalendarDay]:
        """The sale days of a month ('YYYY-MM' or any date in it)."""
        first = date.fromisoformat(f"{month[:7]}-01") if isinstance(month, str) else month.replace(day=1)
        url = CALENDAR_URL.format(base=self.base_url, month=site_date(first))
        return parse_calendar(self._get(url), source_url=url)

    def open_session(self, auction_date: str | date) -> DayPage:
        """GET the day page, which sets the session cookies LOAD and UPDATE need; returns what it says."""
        url = DAY_PAGE_URL.format(base=self.base_url, date=site_date(auction_date))
        day = parse_day_page(self._get(url), source_url=url)
        wanted = date.fromisoformat(str(auction_date)).isoformat()
        if day.date is not None and day.date != wanted:
            raise FetchError(f"day page for {wanted} shows {day.date} instead ({url})")
        self._session_date, self._day_url = wanted, url
        return day

    def load_url(self, auction_date: str | date, area: str, *, first: bool) -> str:
        """The LOAD URL for the area's first page (cursor reset) or its next page."""
        return LOAD_URL.format(
            base=self.base_url,
            area=area,
            date=site_date(auction_date),
            page_dir=0 if first else 1,
            do_r=1 if first else 0,
            bypass_page=1 if first else 0,
            tx=self._tx(),
        )

    def _first_page(self, auction_date: str | date, area: str) -> tuple[str, str]:
        url = self.load_url(auction_date, area, first=True)
        text = self._get(url, xhr=True)
        if not is_empty_load(text):
            return url, text
        # An empty 200 is what a missing or expired session looks like: re-open it once.
        day = self.open_session(auction_date)
        url = self.load_url(auction_date, area, first=True)
        text = self._get(url, xhr=True)
        if is_empty_load(text) and not day.says_empty(area):
            raise FetchError(
                f"LOAD area {area} for {auction_date} stays empty after a fresh session, "
                f"but the day page does not say the area is empty (pages={day.area_pages.get(area)})"
            )
        return url, text

    def _read_page(self, html: str, aids: list[str] | None, *, url: str, iso: str, area: str, with_status: bool):
        """One LOAD page as records; with_status overlays the page's UPDATE (the site answers only for it)."""
        page = parse_decoded(html, aids, county=self.county, auction_date=iso, source_url=url, area=area)
        if with_status and aids:
            page = ParsedPage(apply_statuses(page.records, self.update(aids)), page.rejected)
        return page

    def load(self, auction_date: str | date, area: str = "C", *, with_status: bool = False) -> ParsedPage:
        """Every item of one area of one sale day, all pages; with_status overlays FNC=UPDATE per page."""
        if area not in AREAS:
            raise ValueError(f"area must be one of {AREAS}, not {area!r}")
        iso = date.fromisoformat(str(auction_date)).isoformat()
        if self._session_date != iso:
            self.open_session(iso)
        url, text = self._first_page(iso, area)
        records: list[CaseRecord] = []
        rejected: list[RejectedRow] = []
        seen: set[str] = set()
        for _ in range(self.max_pages):
            if is_empty_load(text):
                return ParsedPage(records, rejected)
            html, listed = decode_load_payload(text)
            aids = listed or []
            if aids and set(aids) <= seen:  # the site repeats its last page past the end
                return ParsedPage(records, rejected)
            page = self._read_page(html, listed, url=url, iso=iso, area=area, with_status=with_status)
            records += page.records
            rejected += page.rejected
            seen.update(aids)
            if max(len(aids), len(page.records) + len(page.rejected)) < PAGE_SIZE:
                return ParsedPage(records, rejected)
            url = self.load_url(iso, area, first=False)
            text = self._get(url, xhr=True)
        raise FetchError(f"LOAD area {area} for {iso} still had full pages after {self.max_pages} pages")

    def update(self, aids: Iterable[str]) -> list[ItemStatus]:
        """The FNC=UPDATE status of the given AIDs, asked 10 at a time."""
        aids = [str(aid) for aid in aids]
        statuses: list[ItemStatus] = []
        for start in range(0, len(aids), UPDATE_BATCH):
            url = UPDATE_URL.format(
                base=self.base_url, aids=",".join(aids[start : start + UPDATE_BATCH]), tx=self._tx()
            )
            statuses += parse_update(self._get(url, xhr=True), source_url=url)
        return statuses


