"""The month calendar (sale day boxes) and the PREVIEW day page (date header, per-area page counts)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

import lxml.html

from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.realforeclose.readers import auction_kind, clean, html_root, int_of, site_datetime
from biddeed_assets.portals.realforeclose.site import AREAS

_AREA_PAGES_ID = re.compile(r"^max([RWC])A$", re.I)


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One sale (of one kind) on one calendar day, with the counts its box shows."""

    date: str  # ISO
    auction_type: str | None  # FORECLOSURE, TAX_DEED, or None when the box does not say
    scheduled: int | None
    active: int | None
    time: str | None = None  # e.g. "10:00 AM ET"


def _box_days(box: lxml.html.HtmlElement, day_iso: str) -> list[CalendarDay]:
    caltext = box.find_class("CALTEXT")
    kind_from_text = auction_kind(caltext[0].text) if caltext else None
    times = box.find_class("CALTIME")
    when = (clean(times[0].text_content()) or None) if times else None
    days = []
    for sch in box.find_class("CALSCH"):
        acts = sch.getparent().find_class("CALACT")
        kind = auction_kind(sch.tail) or kind_from_text
        days.append(
            CalendarDay(
                day_iso, kind, int_of(sch.text_content()), int_of(acts[0].text_content()) if acts else None, when
            )
        )
    return days or [CalendarDay(day_iso, kind_from_text, None, None, when)]


def _calendar_month(root: lxml.html.HtmlElement) -> date | None:
    for header in root.find_class("CALDATE"):
        try:
            return datetime.strptime(clean(header.text_content()), "%B %Y").date()
        except ValueError:
            continue
    return None


def _prove_month_whole(root: lxml.html.HtmlElement, source_url: str | None) -> None:
    """The page names its month (CALDATE) and has a numbered box for each of its days: a cut calendar
    loses the later days' boxes, and with them their sales."""
    month = _calendar_month(root)
    if month is None:
        raise ParseError("the calendar page names no month (CALDATE 'December 2025')", source_url=source_url)
    length = calendar.monthrange(month.year, month.month)[1]
    numbered = {int_of(num.text_content()) for num in root.find_class("CALNUM")}
    missing = [day for day in range(1, length + 1) if day not in numbered]
    if missing:
        raise ParseError(
            f"the {month:%B %Y} calendar has day boxes for {length - len(missing)} of its {length} days"
            f" (from day {missing[0]} on missing)",
            source_url=source_url,
        )


@parse_errors_only("calendar page")
def parse_calendar(html: str | bytes, *, source_url: str | None = None) -> list[CalendarDay]:
    """Every sale day box (div[dayid]) of a whole month calendar page, in page order."""
    root = html_root(html, what="calendar page", source_url=source_url, whole=True)
    if not (root.find_class("CALDAYBOX") or root.find_class("CALBOX")):
        raise ParseError("not a RealForeclose calendar page (no CALBOX day boxes)", source_url=source_url)
    _prove_month_whole(root, source_url)
    days: list[CalendarDay] = []
    for box in root.xpath("//div[@dayid]"):
        day_iso, _ = site_datetime(box.get("dayid"))
        if day_iso is None:
            raise ParseError(
                f"calendar day box with unreadable dayid {box.get('dayid')!r}", source_url=source_url
            )
        days.extend(_box_days(box, day_iso))
    return days


@dataclass(frozen=True, slots=True)
class DayPage:
    """What a PREVIEW day page says: its date and, per area, how many pages of items it has."""

    date: str | None
    area_pages: dict[str, int | None]

    def says_empty(self, area: str) -> bool:
        """True only when the page itself shows 0 pages for the area."""
        return self.area_pages.get(area) == 0


def day_header_date(root: lxml.html.HtmlElement) -> str | None:
    """The ISO date of the day page's header ('Thursday November 27, 2025'), or None."""
    header = root.find_class("BLHeaderDateDisplay")
    if not header:
        return None
    try:
        return datetime.strptime(clean(header[0].text_content()), "%A %B %d, %Y").date().isoformat()
    except ValueError:
        return None


def area_page_counts(root: lxml.html.HtmlElement) -> dict[str, int | None]:
    """Per area, the page count its pager shows (span#maxWA / maxCA / maxRA); None where none is shown."""
    pages: dict[str, int | None] = dict.fromkeys(AREAS)
    for span in root.xpath("//span[starts-with(@id,'max')]"):
        m = _AREA_PAGES_ID.match(span.get("id", ""))
        if m:
            pages[m.group(1).upper()] = int_of(span.text_content())
    return pages


@parse_errors_only("day page")
def parse_day_page(html: str | bytes, *, source_url: str | None = None) -> DayPage:
    """The day page's date header and per-area page counts (span#maxWA / maxCA / maxRA); a cut page is a ParseError."""
    root = html_root(html, what="day page", source_url=source_url, whole=True)
    return DayPage(day_header_date(root), area_page_counts(root))
