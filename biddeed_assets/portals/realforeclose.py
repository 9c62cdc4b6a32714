"""RealForeclose (RealAuction) county sale sites: pure page parsers and a session-aware fetch flow.

About 35 Florida counties sell foreclosures (some also tax deeds) on one RealAuction template, one
site per county, e.g. https://www.hillsborough.realforeclose.com. A browser, and this module, walks:

1. month calendar   CALENDAR_URL  day boxes "active / scheduled" per sale day       -> parse_calendar
2. day page         DAY_PAGE_URL  PREVIEW shell; opens the session (cookies)         -> parse_day_page
3. items (XHR)      LOAD_URL      JSON {"retHTML","rlist"}; retHTML is @A..@L
                                  macro-compressed HTML, one div#AITEM_<aid> per item -> parse_load
4. status (XHR)     UPDATE_URL    JSON status overlay per AID (sold, amount, sold to) -> parse_update

URL templates (all GET; {base} is the site root without a trailing slash; dates are MM/DD/YYYY,
{month} is MM/01/YYYY; {tx} is the client clock in epoch milliseconds, a cache-buster):

    CALENDAR_URL  {base}/index.cfm?zaction=USER&zmethod=CALENDAR&selCalDate={month}
    DAY_PAGE_URL  {base}/index.cfm?zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={date}
    LOAD_URL      {base}/index.cfm?zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA={area}&AUCTIONDATE={date}
                  &PageDir={page_dir}&doR={do_r}&bypassPage={bypass_page}&tx={tx}
    UPDATE_URL    {base}/index.cfm?zaction=AUCTION&ZMETHOD=UPDATE&FNC=UPDATE&ref={aids}&tx={tx}

AREA is R (running), W (waiting) or C (closed or canceled). LOAD and UPDATE carry an
X-Requested-With: XMLHttpRequest header and the day page as Referer, as the page's own XHR does.
The date LOAD serves comes from the session; AUCTIONDATE is sent as well (as several public
scrapers do) so that a saved LOAD body's URL says which day it belongs to.

Session: LOAD and UPDATE read the auction date and each area's page cursor from the ColdFusion
session the day page opens. Without it LOAD answers 200 with no items ({"retHTML":"","rlist":""}
or an empty body), which looks exactly like an empty area. So the client re-opens the session once
and, if LOAD is still empty, believes it only when the fresh day page showed 0 pages for that area
(<span id="maxWA">0</span>, maxCA, maxRA: the pager's page-count spans, as public scrapers read
maxCA); otherwise it raises FetchError, never "no cases".

Paging: 10 items a page. The first page is PageDir=0&doR=1&bypassPage=1 (doR=1 resets the area's
cursor to page 1); each next page is PageDir=1&doR=0&bypassPage=0 (one page forward). The walk
stops at a short page, an empty page or an rlist already seen.

UPDATE: ref is a comma-separated AID list, sent 10 at a time; public scrapers report that the
site answers larger batches, or AIDs of pages other than the last one LOADed, with COUNT 0. See
parse_update for the payload, apply_statuses to overlay it on LOAD records.

Real captured pages behind the tests: a December 2025 calendar, a PREVIEW day page (a day without
a sale), a closed-area LOAD (Hillsborough), a LOAD with leading whitespace (Duval), an empty LOAD
and one closed item card ("Bidder Walked Away"). No captured UPDATE body or day page with items
exists; those two formats follow public scrapers and are the contract the simulator serves.
"""

from __future__ import annotations

import calendar
import dataclasses
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import lxml.etree
import lxml.html

from biddeed_assets.portals.errors import FetchError, ParseError, parse_errors_only
from biddeed_assets.portals.records import CaseRecord, ParsedPage, RejectedRow
from biddeed_assets.portals.text import decode as decode_text
from biddeed_assets.portals.text import load_json, require_closed
from biddeed_assets.rules.case_numbers import court_type_of

SOURCE = "realforeclose"
AREAS = ("R", "W", "C")
PAGE_SIZE = 10
UPDATE_BATCH = 10

CALENDAR_URL = "{base}/index.cfm?zaction=USER&zmethod=CALENDAR&selCalDate={month}"
DAY_PAGE_URL = "{base}/index.cfm?zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={date}"
LOAD_URL = (
    "{base}/index.cfm?zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA={area}&AUCTIONDATE={date}"
    "&PageDir={page_dir}&doR={do_r}&bypassPage={bypass_page}&tx={tx}"
)
UPDATE_URL = "{base}/index.cfm?zaction=AUCTION&ZMETHOD=UPDATE&FNC=UPDATE&ref={aids}&tx={tx}"

# The expansion table public scrapers read from the site's auction.js, checked byte for byte against a
# real decoded LOAD. No expansion contains "@", so replacing one macro after another is exact.
MACROS: dict[str, str] = {
    "@A": '<div class="',
    "@B": "</div>",
    "@C": 'class="',
    "@D": "<div>",
    "@E": "AUCTION",
    "@F": "</td><td",
    "@G": "</td></tr>",
    "@H": "<tr><td ",
    "@I": "table",
    "@J": 'p_back="NextCheck=',
    "@K": 'style="Display:none"',
    "@L": "/index.cfm?zaction=auction&zmethod=details&AID=",
}
_ITEM_DIV = re.compile(r"""<div\b[^>]*\bid\s*=\s*["']?AITEM_""", re.I)
_ITEM_ID = re.compile(r"AITEM_([0-9A-Za-z_-]+)")
_STATUS_KEY_BY_CLASS = {
    "ASTAT_MSGA": "A",
    "ASTAT_MSGB": "B",
    "ASTAT_MSGC": "C",
    "ASTAT_MSGD": "D",
    "ASTAT_MSG_SOLDTO_LABEL": "SL",
    "ASTAT_MSG_SOLDTO_MSG": "ST",
}
# lxml refuses NUL and most C0 controls; they carry nothing on these pages.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SITE_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b\s*(.*)$", re.ASCII | re.S)
_MONEY = re.compile(r"^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$", re.ASCII)
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b", re.ASCII)
_CITY_NO_COMMA = re.compile(
    r"^(?P<city>.*?[A-Z].*?)\s+(?:FL-?\s*)?(?P<zip>\d{5})(?:-\d{4})?$", re.ASCII | re.I
)
_SOLD_WORD = re.compile(r"\bsold\b", re.I)
_AREA_PAGES_ID = re.compile(r"^max([RWC])A$", re.I)
_NO_VALUE = {"", "N/A", "NA", "NONE", "UNKNOWN", "HIDDEN", "-"}

_FIELD_BY_LABEL = {
    "auction type": "auction_type",
    "case #": "case_number",
    "case number": "case_number",
    "case no": "case_number",
    "final judgment amount": "final_judgment",
    "final judgment": "final_judgment",
    "opening bid": "opening_bid",
    "parcel id": "parcel_id",
    "parcel": "parcel_id",
    "property address": "property_address",
    "assessed value": "assessed_value",
    "property app. market value": "assessed_value",
    "appraised value": "assessed_value",
    "plaintiff max bid": "plaintiff_max_bid",
    "certificate #": "certificate_number",
    "certificate number": "certificate_number",
    "case status": "case_status",
}
_MONEY_FIELDS = {"final_judgment", "opening_bid", "assessed_value", "plaintiff_max_bid"}


# ---------------------------------------------------------------------------------------------
# Small readers shared by every page kind
# ---------------------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _value(text: str | None) -> str | None:
    """Whitespace-normalized text, or None when the page prints nothing meaningful."""
    cleaned = _clean(text)
    return None if cleaned.upper() in _NO_VALUE else cleaned


def money(text: Any) -> float | None:
    """Dollars from '$1,234.56' (or a number); None for 'Hidden', blanks and anything unreadable."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    m = _MONEY.match(_clean(str(text)))
    return float(m.group(1).replace(",", "") + (m.group(2) or "")) if m else None


def _iso(mm: str, dd: str, yyyy: str) -> str | None:
    try:
        return date(int(yyyy), int(mm), int(dd)).isoformat()
    except ValueError:
        return None


def _site_datetime(text: str | None) -> tuple[str | None, str | None]:
    """('2026-06-05', '10:00 AM ET') from '06/05/2026 10:00 AM ET'; (None, None) if not a date."""
    m = _SITE_DATE.match(text or "")
    if not m:
        return None, None
    return _iso(m.group(1), m.group(2), m.group(3)), (_clean(m.group(4)) or None)


def site_date(value: str | date) -> str:
    """MM/DD/YYYY, the form the site takes, from an ISO date string or a date."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return day.strftime("%m/%d/%Y")


def _html_root(
    html: str | bytes, *, what: str, source_url: str | None, whole: bool = False
) -> lxml.html.HtmlElement:
    """The markup under one element; `whole` pages (calendar, day page) must end with their </html>."""
    html = decode_text(html or "")
    if whole:
        require_closed(html, what, source_url)
    try:
        return lxml.html.fragment_fromstring(_CONTROL.sub("", html), create_parent="div")
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"{what} is not readable HTML: {exc}", source_url=source_url) from exc


def _load_json(text: str | bytes, *, what: str, source_url: str | None) -> Any:
    return load_json(text or "", f"{what} body", source_url)


def county_from_url(url: str | None) -> str:
    """The county a site URL names (hillsborough from www.hillsborough.realforeclose.com), else 'unknown'."""
    try:
        host = (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return "unknown"
    labels = [label for label in host.split(".") if label]
    if labels[:1] == ["www"]:
        labels = labels[1:]
    if len(labels) >= 3 and labels[1] in ("realforeclose", "realtaxdeed"):
        return labels[0]
    return "unknown"


def _query_value(url: str | None, name: str) -> str | None:
    try:
        query = parse_qs(urlsplit(url or "").query)
    except ValueError:
        return None
    for key, values in query.items():
        if key.lower() == name.lower() and values:
            return values[0]
    return None


# ---------------------------------------------------------------------------------------------
# Calendar and day page
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One sale (of one kind) on one calendar day, with the counts its box shows."""

    date: str  # ISO
    auction_type: str | None  # FORECLOSURE, TAX_DEED, or None when the box does not say
    scheduled: int | None
    active: int | None
    time: str | None = None  # e.g. "10:00 AM ET"


def _auction_kind(text: str | None) -> str | None:
    words = _clean(text).upper().replace(" ", "")
    if words in ("FC", "FORECLOSURE") or words.startswith("FORECLOS"):
        return "FORECLOSURE"
    if words in ("TD",) or words.startswith("TAXDEED"):
        return "TAX_DEED"
    return None


def _int(text: str | None) -> int | None:
    cleaned = _clean(text)
    return int(cleaned) if cleaned.isascii() and cleaned.isdecimal() else None


def _box_days(box: lxml.html.HtmlElement, day_iso: str) -> list[CalendarDay]:
    caltext = box.find_class("CALTEXT")
    kind_from_text = _auction_kind(caltext[0].text) if caltext else None
    times = box.find_class("CALTIME")
    when = (_clean(times[0].text_content()) or None) if times else None
    days = []
    for sch in box.find_class("CALSCH"):
        acts = sch.getparent().find_class("CALACT")
        kind = _auction_kind(sch.tail) or kind_from_text
        days.append(
            CalendarDay(
                day_iso, kind, _int(sch.text_content()), _int(acts[0].text_content()) if acts else None, when
            )
        )
    return days or [CalendarDay(day_iso, kind_from_text, None, None, when)]


def _calendar_month(root: lxml.html.HtmlElement) -> date | None:
    for header in root.find_class("CALDATE"):
        try:
            return datetime.strptime(_clean(header.text_content()), "%B %Y").date()
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
    numbered = {_int(num.text_content()) for num in root.find_class("CALNUM")}
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
    root = _html_root(html, what="calendar page", source_url=source_url, whole=True)
    if not (root.find_class("CALDAYBOX") or root.find_class("CALBOX")):
        raise ParseError("not a RealForeclose calendar page (no CALBOX day boxes)", source_url=source_url)
    _prove_month_whole(root, source_url)
    days: list[CalendarDay] = []
    for box in root.xpath("//div[@dayid]"):
        day_iso, _ = _site_datetime(box.get("dayid"))
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


@parse_errors_only("day page")
def parse_day_page(html: str | bytes, *, source_url: str | None = None) -> DayPage:
    """The day page's date header and per-area page counts (span#maxWA / maxCA / maxRA); a cut page is a ParseError."""
    root = _html_root(html, what="day page", source_url=source_url, whole=True)
    header = root.find_class("BLHeaderDateDisplay")
    day_iso = None
    if header:
        try:
            day_iso = datetime.strptime(_clean(header[0].text_content()), "%A %B %d, %Y").date().isoformat()
        except ValueError:
            day_iso = None
    pages: dict[str, int | None] = dict.fromkeys(AREAS)
    for span in root.xpath("//span[starts-with(@id,'max')]"):
        m = _AREA_PAGES_ID.match(span.get("id", ""))
        if m:
            pages[m.group(1).upper()] = _int(span.text_content())
    return DayPage(day_iso, pages)


# ---------------------------------------------------------------------------------------------
# LOAD payloads and item cards
# ---------------------------------------------------------------------------------------------


def expand_macros(compressed: str) -> str:
    """Expand the @A..@L macros of a LOAD retHTML exactly as the site's auction.js does."""
    for macro, markup in MACROS.items():
        compressed = compressed.replace(macro, markup)
    return compressed


def _rlist(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if isinstance(raw, list):
        return [str(aid).strip() for aid in raw if str(aid).strip()]
    return [aid.strip() for aid in str(raw).split(",") if aid.strip()]


@parse_errors_only("LOAD body")
def decode_load_payload(text: str | bytes) -> tuple[str, list[str] | None]:
    """(expanded item HTML, AIDs listed in rlist or None) from a FNC=LOAD body; ParseError if it is not one."""
    data = _load_json(text, what="LOAD", source_url=None)
    if not isinstance(data, dict) or not isinstance(data.get("retHTML"), str):
        raise ParseError("LOAD body has no retHTML string")
    return expand_macros(data["retHTML"]), _rlist(data.get("rlist"))


def is_empty_load(text: str | bytes) -> bool:
    """True for a LOAD answer with no item (empty body, or retHTML without any AITEM_ div)."""
    if isinstance(text, bytes):
        text = decode_text(text)
    if not (text or "").lstrip("\ufeff").strip():
        return True
    try:
        html, _ = decode_load_payload(text)
    except ParseError:
        return False
    return not _ITEM_DIV.search(html)


@dataclass(frozen=True, slots=True)
class _Context:
    county: str
    auction_date: str | None
    source_url: str | None
    area: str | None


class _Unreadable(ValueError):
    """An item card that cannot become a record (the reason goes to the quarantine)."""


def _cells(row: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _card_fields(item: lxml.html.HtmlElement) -> dict[str, str]:
    """Label -> value of the card's detail table; the unlabeled row after the address is 'city line'."""
    fields: dict[str, str] = {}
    previous = ""
    for row in item.iter("tr"):
        cells = _cells(row)
        if len(cells) < 2:
            continue
        label = _clean(cells[0].text_content()).rstrip(":").strip().lower()
        value = _clean(cells[1].text_content())
        if not label and previous == "property address":
            label = "city line"
        if label and label not in fields:
            fields[label] = value
        previous = label
    return fields


def _status_lines(item: lxml.html.HtmlElement) -> dict[str, str]:
    """The status box (ASTAT_MSGA..D, SOLDTO label/msg) keyed like the UPDATE payload: A B C D SL ST."""
    lines: dict[str, str] = {}
    for div in item.iter("div"):
        for token in (div.get("class") or "").split():
            key = _STATUS_KEY_BY_CLASS.get(token.upper())
            if key:
                lines[key] = _clean(div.text_content())
    return lines


def canonical_status(label: str | None, value: str | None) -> str | None:
    """SCHEDULED/CANCELLED/SOLD/REDEEMED/OTHER from a status label and value; None when both are blank."""
    label, value = _clean(label), _clean(value)
    words = f"{label} {value}".lower()
    if not words.strip():
        return None
    if "redeem" in words:
        return "REDEEMED"
    if "cancel" in words:
        return "CANCELLED"
    if _SOLD_WORD.search(words):
        return "SOLD"
    if "start" in label.lower() or _site_datetime(value)[0]:
        return "SCHEDULED"
    return "OTHER"


def sold_to_of(text: str | None) -> str | None:
    """THIRD_PARTY / PLAINTIFF / CERT_HOLDER from the site's 'Sold To' wording, else None."""
    words = _clean(text).lower()
    if "3rd" in words or "third" in words:
        return "THIRD_PARTY"
    if "plaintiff" in words:
        return "PLAINTIFF"
    if "cert" in words or "c/h" in words:
        return "CERT_HOLDER"
    return None


@dataclass(frozen=True, slots=True)
class ItemStatus:
    """The status an item shows (card status box or FNC=UPDATE), read into canonical terms."""

    aid: str
    status: str | None  # canonical; None when the site shows no status yet
    status_text: str | None  # the site's own wording, e.g. "Canceled per Bankruptcy"
    sold_amount: float | None = None
    sold_to: str | None = None
    sold_to_text: str | None = None
    when: str | None = None  # ISO date the status line carries (start or sale time), if any
    time: str | None = None


def _status_from_lines(aid: str, lines: dict[str, Any]) -> ItemStatus:
    a, b = _clean(str(lines.get("A") or "")), _clean(str(lines.get("B") or ""))
    status = canonical_status(a, b)
    when, at = _site_datetime(b)
    wording = (b if when is None else a) or a or None
    sold = status == "SOLD"
    return ItemStatus(
        aid=aid,
        status=status,
        status_text=wording,
        sold_amount=money(lines.get("D")) if sold else None,
        sold_to=sold_to_of(str(lines.get("ST") or "")) if sold else None,
        sold_to_text=_value(str(lines.get("ST") or "")),
        when=when,
        time=at,
    )


def _city_zip(line: str | None) -> tuple[str | None, str | None]:
    """('TAMPA', '33610') from 'TAMPA, FL- 33610' or 'TAMPA, 33610'; Nones for what the line lacks."""
    line = _clean(line)
    if "," in line:
        city, rest = line.rsplit(",", 1)
        zip_match = _ZIP.search(rest)
        return (_value(city), zip_match.group(1) if zip_match else None)
    m = _CITY_NO_COMMA.match(line)
    return (_value(m.group("city")), m.group("zip")) if m else (None, None)


def _auction_type(fields: dict[str, str]) -> str:
    kind = _auction_kind(fields.get("auction type"))
    if kind:
        return kind
    return "TAX_DEED" if "certificate #" in fields or "certificate number" in fields else "FORECLOSURE"


def _known_fields(fields: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    known: dict[str, Any] = {}
    other: dict[str, str] = {}
    for label, value in fields.items():
        name = _FIELD_BY_LABEL.get(label)
        if name is None:
            if label != "city line":
                other[label] = value
        elif name not in known:
            known[name] = money(value) if name in _MONEY_FIELDS else _value(value)
            if name == "assessed_value":
                known["value_label"] = label  # "assessed value" or a market-value label, per county
            if name == "plaintiff_max_bid":
                known["max_bid_hidden"] = _clean(value).upper() == "HIDDEN"
    return known, other


def _item_status(item: lxml.html.HtmlElement, aid: str, area: str | None) -> ItemStatus:
    status = _status_from_lines(aid, _status_lines(item))
    if status.status is not None:
        return status
    # An empty status box is filled later by FNC=UPDATE; in the closed area it is not "scheduled".
    return dataclasses.replace(status, status="OTHER" if area == "C" else "SCHEDULED")


def _extra(aid: str, known: dict[str, Any], other: dict[str, str], status: ItemStatus, ctx: _Context) -> dict:
    extra: dict[str, Any] = {
        "aid": aid or None,
        "area": ctx.area,
        "certificate_number": known.get("certificate_number"),
        "case_status": known.get("case_status"),
        "value_label": known.get("value_label"),
        "max_bid_hidden": known.get("max_bid_hidden"),
        "status_text": status.status_text,
        "sold_to_text": status.sold_to_text,
        "auction_time": status.time,
        "other_fields": other or None,
    }
    return {key: value for key, value in extra.items() if value is not None}


def _record_from_item(item: lxml.html.HtmlElement, ctx: _Context) -> CaseRecord:
    aid = _clean(item.get("aid")) or _clean(item.get("id"))[len("AITEM_") :]
    fields = _card_fields(item)
    known, other = _known_fields(fields)
    case_number = (known.get("case_number") or "").upper()
    if not case_number:
        raise _Unreadable("item card has no Case # value")
    status = _item_status(item, aid, ctx.area)
    auction_date = status.when or ctx.auction_date
    if auction_date is None:
        raise _Unreadable("no auction date on the item and none given")
    city, zip_code = _city_zip(fields.get("city line"))
    return CaseRecord(
        case_number=case_number,
        county=ctx.county,
        auction_date=auction_date,
        auction_type=_auction_type(fields),
        status=status.status,
        final_judgment=known.get("final_judgment"),
        opening_bid=known.get("opening_bid"),
        plaintiff_max_bid=known.get("plaintiff_max_bid"),
        assessed_value=known.get("assessed_value"),
        parcel_id=known.get("parcel_id"),
        property_address=known.get("property_address"),
        city=city,
        zip=zip_code,
        sold_amount=status.sold_amount,
        sold_to=status.sold_to,
        source=SOURCE,
        source_url=ctx.source_url,
        court_type=court_type_of(case_number),
        extra=_extra(aid, known, other, status, ctx),
    )


def _snippet(item: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(item, encoding="unicode")[:2000]


def _area_of(area: str | None, source_url: str | None) -> str | None:
    area = (area or _query_value(source_url, "AREA") or "").upper()
    return area if area in AREAS else None


def _date_arg(auction_date: str | None, source_url: str | None) -> str | None:
    if auction_date:
        return date.fromisoformat(str(auction_date)).isoformat()
    return _site_datetime(_query_value(source_url, "AUCTIONDATE"))[0]


@parse_errors_only("LOAD item HTML")
def parse_items_html(
    html: str | bytes,
    *,
    county: str,
    auction_date: str | None = None,
    source_url: str | None = None,
    area: str | None = None,
) -> ParsedPage:
    """Every div[id^=AITEM_] card of expanded item HTML as a CaseRecord, or a RejectedRow if unreadable."""
    ctx = _Context(county, _date_arg(auction_date, source_url), source_url, _area_of(area, source_url))
    html = decode_text(html or "")
    if not _ITEM_DIV.search(html):
        return ParsedPage([], [])
    root = _html_root(html, what="LOAD retHTML", source_url=source_url)
    records: list[CaseRecord] = []
    rejected: list[RejectedRow] = []
    for item in root.xpath("//div[starts-with(@id,'AITEM_')]"):
        try:
            records.append(_record_from_item(item, ctx))
        except (_Unreadable, ValueError, TypeError) as exc:
            rejected.append(RejectedRow(reason=str(exc), raw=_snippet(item), source_url=source_url))
    return ParsedPage(records, rejected)


def _prove_rlist(aids: list[str] | None, html: str, source_url: str | None) -> None:
    """The payload's rlist names every item it carries: a card missing for a listed AID (a cut or damaged
    page) or a card the rlist does not name makes the page unproven, never a shorter list."""
    carded = list(dict.fromkeys(_ITEM_ID.findall(html)))
    if not carded and not aids:
        return
    if aids is None:
        raise ParseError(f"the LOAD body has {len(carded)} item cards but no rlist to prove them", source_url=source_url)
    listed = set(aids)
    missing = [aid for aid in dict.fromkeys(aids) if aid not in set(carded)]
    unlisted = [aid for aid in carded if aid not in listed]
    if missing or unlisted:
        detail = "; ".join(filter(None, (
            f"no card for {', '.join(missing[:5])}" if missing else "",
            f"cards not in the rlist: {', '.join(unlisted[:5])}" if unlisted else "",
        )))
        raise ParseError(
            f"the LOAD rlist names {len(listed)} items but the page carries {len(carded)} cards ({detail})",
            source_url=source_url,
        )


@parse_errors_only("LOAD body")
def parse_load(
    text: str | bytes,
    *,
    county: str,
    auction_date: str | None = None,
    source_url: str | None = None,
    area: str | None = None,
) -> ParsedPage:
    """A FNC=LOAD body as canonical records (source 'realforeclose'); unreadable items become RejectedRows,
    and an rlist that does not match the cards is a ParseError."""
    try:
        html, aids = decode_load_payload(text)
    except ParseError as exc:
        raise ParseError(exc.reason, source_url=source_url) from exc
    return _parse_decoded(html, aids, county=county, auction_date=auction_date, source_url=source_url, area=area)


def _parse_decoded(html: str, aids: list[str] | None, **context: Any) -> ParsedPage:
    _prove_rlist(aids, html, context.get("source_url"))
    return parse_items_html(html, **context)


# ---------------------------------------------------------------------------------------------
# UPDATE payloads
# ---------------------------------------------------------------------------------------------


def _update_items(data: Any, source_url: str | None) -> list[dict]:
    if not isinstance(data, dict) or not isinstance(data.get("ADATA"), dict):
        raise ParseError("UPDATE body has no ADATA object", source_url=source_url)
    items = data["ADATA"].get("AITEM") or []
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ParseError("UPDATE ADATA.AITEM is neither a list nor an object", source_url=source_url)
    count = data["ADATA"].get("COUNT")
    if isinstance(count, int) and not isinstance(count, bool) and count != len(items):
        raise ParseError(f"the UPDATE COUNT says {count} items but it carries {len(items)}", source_url=source_url)
    return [item for item in items if isinstance(item, dict)]


@parse_errors_only("UPDATE body")
def parse_update(text: str | bytes, *, source_url: str | None = None) -> list[ItemStatus]:
    """The per-AID status of a FNC=UPDATE body.

    Supported format (as public scrapers of the live sites read it; its keys are the suffixes of the
    card's ASTAT_MSG<key> status divs, which the page fills from it, so both read the same way):

        {"ADATA": {"COUNT": 2, "AITEM": [
            {"AID": "1502087", "A": "Auction Sold", "B": "06/05/2026 10:07 AM ET",
             "C": "Amount", "D": "$475,100.00", "SL": "Sold To", "ST": "3rd Party Bidder"},
            {"AID": "1497643", "A": "Auction Status", "B": "Canceled per Bankruptcy"}]},
         "WM": 1, "CM": 1, ...}

    A/B are the status label and value ("Auction Starts" + date/time, "Auction Sold" + sale time,
    or "Auction Status" + wording such as "Redeemed", "Canceled per County", "Bidder Walked Away");
    C/D are the amount label and money; SL/ST the "Sold To" label and buyer class ("3rd Party
    Bidder", "Plaintiff", "Certificate Holder"). Other keys (P plaintiff max bid, SBH bid history,
    H the viewer's own name, ...) are ignored. AITEM may be one object; COUNT 0 gives []; a COUNT that
    differs from the items carried is a ParseError.
    """
    data = _load_json(text, what="UPDATE", source_url=source_url)
    statuses = []
    for item in _update_items(data, source_url):
        aid = _clean(str(item.get("AID") or ""))
        if aid:
            statuses.append(_status_from_lines(aid, item))
    return statuses


def apply_statuses(records: Iterable[CaseRecord], statuses: Iterable[ItemStatus]) -> list[CaseRecord]:
    """Records with the status, amount and buyer an UPDATE reported for their AID (others unchanged)."""
    by_aid = {status.aid: status for status in statuses if status.status is not None}
    out = []
    for record in records:
        status = by_aid.get(str(record.extra.get("aid")))
        if status is None:
            out.append(record)
            continue
        extra = {**record.extra, "status_text": status.status_text, "sold_to_text": status.sold_to_text}
        out.append(
            dataclasses.replace(
                record,
                status=status.status,
                sold_amount=status.sold_amount,
                sold_to=status.sold_to,
                extra={key: value for key, value in extra.items() if value is not None},
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Fetch flow
# ---------------------------------------------------------------------------------------------


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
        page = _parse_decoded(html, aids, county=self.county, auction_date=iso, source_url=url, area=area)
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


# ---------------------------------------------------------------------------------------------
# CLI page kinds (`biddeed parse KIND FILE`)
# ---------------------------------------------------------------------------------------------


@parse_errors_only("calendar page")
def _calendar_dicts(text: str | bytes, source_url: str | None = None) -> list[dict]:
    return [dataclasses.asdict(day) for day in parse_calendar(text, source_url=source_url)]


@parse_errors_only("LOAD body")
def _load_dicts(text: str | bytes, source_url: str | None = None) -> list[dict]:
    page = parse_load(text, county=county_from_url(source_url), source_url=source_url)
    rejected = [
        {"rejected": row.reason, "raw": row.raw, "source_url": row.source_url} for row in page.rejected
    ]
    return [record.to_dict() for record in page.records] + rejected


@parse_errors_only("UPDATE body")
def _update_dicts(text: str | bytes, source_url: str | None = None) -> list[dict]:
    return [dataclasses.asdict(status) for status in parse_update(text, source_url=source_url)]


PAGE_KINDS: dict[str, Callable[[str, str | None], list[dict]]] = {
    "realforeclose-calendar": _calendar_dicts,
    "realforeclose-load": _load_dicts,
    "realforeclose-update": _update_dicts,
}
