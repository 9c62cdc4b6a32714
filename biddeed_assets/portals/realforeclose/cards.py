"""Item cards (div#AITEM_<aid>): the status box and the label/value detail table, read into CaseRecords.

Counties print the same card with different labels; all land in the same record fields:
- value: "Assessed Value:" or Pasco's "Property App. Market Value:" (extra.value_label says which), or
  no value row at all (Broward): null, never 0;
- parcel: "Parcel ID:", "Parcel:", "Parcel Key:", "Alternate Key:" (Lake/Marion); the id is kept as the
  site prints it (dotted, dashed, zero-padded), trimmed. A cell that is only a "Property Appraiser" link
  gives the id from the link's query or path when it carries one, else null with extra.parcel_link;
- city line (the unlabeled row under the address): "TAMPA, FL- 33610", "TAMPA, FL 33610", "TAMPA 33610",
  "TAMPA, 33610";
- tax deeds: "Auction Type: TAXDEED", "Certificate #:" (extra.certificate_number), "Opening Bid:".
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html

from biddeed_assets.portals.errors import parse_errors_only
from biddeed_assets.portals.realforeclose.readers import (
    auction_kind,
    clean,
    html_root,
    money,
    query_value,
    site_datetime,
    value_of,
)
from biddeed_assets.portals.realforeclose.site import AREAS, SOURCE
from biddeed_assets.portals.records import CaseRecord, ParsedPage, RejectedRow
from biddeed_assets.portals.text import decode as decode_text
from biddeed_assets.rules.case_numbers import court_type_of

ITEM_DIV = re.compile(r"""<div\b[^>]*\bid\s*=\s*["']?AITEM_""", re.I)
ITEM_ID = re.compile(r"AITEM_([0-9A-Za-z_-]+)")
_STATUS_KEY_BY_CLASS = {
    "ASTAT_MSGA": "A",
    "ASTAT_MSGB": "B",
    "ASTAT_MSGC": "C",
    "ASTAT_MSGD": "D",
    "ASTAT_MSG_SOLDTO_LABEL": "SL",
    "ASTAT_MSG_SOLDTO_MSG": "ST",
}
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b", re.ASCII)
_CITY_NO_COMMA = re.compile(
    r"^(?P<city>.*?[A-Z].*?)\s+(?:FL-?\s*)?(?P<zip>\d{5})(?:-\d{4})?$", re.ASCII | re.I
)
_SOLD_WORD = re.compile(r"\bsold\b", re.I)
_DIGIT = re.compile(r"\d")
# The query keys and path segment appraiser links carry a parcel under, seen on county sites.
_PARCEL_QUERY_KEYS = ("parcel", "parcelid", "parcel_id", "parcelno", "strap", "folio", "pin", "altkey")
_PARCEL_PATH = re.compile(r"/parcel(?:[-_]?details?)?/([^/?#]+)", re.I)  # /Parcel/<id>, /Parcel-Details/<id>

_FIELD_BY_LABEL = {
    "auction type": "auction_type",
    "case #": "case_number",
    "case number": "case_number",
    "case no": "case_number",
    "final judgment amount": "final_judgment",
    "final judgment": "final_judgment",
    "opening bid": "opening_bid",
    "property address": "property_address",
    "assessed value": "assessed_value",
    "property app. market value": "assessed_value",
    "appraised value": "assessed_value",
    "plaintiff max bid": "plaintiff_max_bid",
    "certificate #": "certificate_number",
    "certificate number": "certificate_number",
    "case status": "case_status",
}
# Parcel labels, the one a card prints first in this order wins; the others stay in extra.other_fields.
PARCEL_LABELS = ("parcel id", "parcel", "parcel key", "alternate key")
_MONEY_FIELDS = {"final_judgment", "opening_bid", "assessed_value", "plaintiff_max_bid"}


@dataclass(frozen=True, slots=True)
class Cell:
    """One labeled row of a card: the label as printed (no colon), its text, and its value cell."""

    label: str
    text: str
    element: lxml.html.HtmlElement


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


@dataclass(frozen=True, slots=True)
class CardContext:
    """What a card does not say itself: county, sale date, where it came from, its area."""

    county: str | None
    auction_date: str | None
    source_url: str | None
    area: str | None
    require_date: bool = True


class Unreadable(ValueError):
    """An item card that cannot become a record (the reason goes to the quarantine)."""


def canonical_status(label: str | None, value: str | None) -> str | None:
    """SCHEDULED/CANCELLED/SOLD/REDEEMED/OTHER from a status label and value; None when both are blank."""
    label, value = clean(label), clean(value)
    words = f"{label} {value}".lower()
    if not words.strip():
        return None
    if "redeem" in words:
        return "REDEEMED"
    if "cancel" in words:
        return "CANCELLED"
    if _SOLD_WORD.search(words):
        return "SOLD"
    if "start" in label.lower() or site_datetime(value)[0]:
        return "SCHEDULED"
    return "OTHER"


def sold_to_of(text: str | None) -> str | None:
    """THIRD_PARTY / PLAINTIFF / CERT_HOLDER from the site's 'Sold To' wording, else None."""
    words = clean(text).lower()
    if "3rd" in words or "third" in words:
        return "THIRD_PARTY"
    if "plaintiff" in words:
        return "PLAINTIFF"
    if "cert" in words or "c/h" in words:
        return "CERT_HOLDER"
    return None


def status_from_lines(aid: str, lines: dict[str, Any]) -> ItemStatus:
    """An ItemStatus from status lines keyed A B C D SL ST (card status box or UPDATE item)."""
    a, b = clean(str(lines.get("A") or "")), clean(str(lines.get("B") or ""))
    status = canonical_status(a, b)
    when, at = site_datetime(b)
    wording = (b if when is None else a) or a or None
    sold = status == "SOLD"
    return ItemStatus(
        aid=aid,
        status=status,
        status_text=wording,
        sold_amount=money(lines.get("D")) if sold else None,
        sold_to=sold_to_of(str(lines.get("ST") or "")) if sold else None,
        sold_to_text=value_of(str(lines.get("ST") or "")),
        when=when,
        time=at,
    )


def _cells(row: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def card_cells(item: lxml.html.HtmlElement) -> dict[str, Cell]:
    """Lower-cased label -> Cell of the card's detail table; the unlabeled row after the address is 'city line'."""
    fields: dict[str, Cell] = {}
    previous = ""
    for row in item.iter("tr"):
        cells = _cells(row)
        if len(cells) < 2:
            continue
        shown = clean(cells[0].text_content()).rstrip(":").strip()
        label = shown.lower()
        if not label and previous == "property address":
            label = "city line"
        if label and label not in fields:
            fields[label] = Cell(shown, clean(cells[1].text_content()), cells[1])
        previous = label
    return fields


def _status_lines(item: lxml.html.HtmlElement) -> dict[str, str]:
    """The status box (ASTAT_MSGA..D, SOLDTO label/msg) keyed like the UPDATE payload: A B C D SL ST."""
    lines: dict[str, str] = {}
    for div in item.iter("div"):
        for token in (div.get("class") or "").split():
            key = _STATUS_KEY_BY_CLASS.get(token.upper())
            if key:
                lines[key] = clean(div.text_content())
    return lines


def city_zip(line: str | None) -> tuple[str | None, str | None]:
    """('TAMPA', '33610') from 'TAMPA, FL- 33610', 'TAMPA, FL 33610', 'TAMPA 33610' or 'TAMPA, 33610'."""
    line = clean(line)
    if "," in line:
        city, rest = line.rsplit(",", 1)
        zip_match = _ZIP.search(rest)
        return (value_of(city), zip_match.group(1) if zip_match else None)
    m = _CITY_NO_COMMA.match(line)
    return (value_of(m.group("city")), m.group("zip")) if m else (None, None)


def _link_parcel(cell: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """(parcel id, href) from the first link of a cell whose text is no id: the id from the link's query
    (?parcel= &PARCELID= &strap= ...) or path (/Parcel/<id>), else None."""
    for link in cell.iter("a"):
        href = clean(link.get("href"))
        if not href:
            continue
        found = query_value(href, *_PARCEL_QUERY_KEYS)
        if found is None:
            try:
                m = _PARCEL_PATH.search(urlsplit(href).path)
            except ValueError:
                m = None
            found = unquote(m.group(1)) if m else None
        parcel = value_of(found)
        return (parcel if parcel and _DIGIT.search(parcel) else None), href
    return None, None


def parcel_of(fields: dict[str, Cell]) -> tuple[str | None, dict[str, str]]:
    """The card's parcel id (from whichever parcel label it prints), and what extra should say about it."""
    for label in PARCEL_LABELS:
        cell = fields.get(label)
        if cell is None:
            continue
        text = value_of(cell.text)
        if text and _DIGIT.search(text):  # an id always has a digit; "Property Appraiser" is a link's word
            return text, {"parcel_label": cell.label}
        parcel, href = _link_parcel(cell.element)
        extra = {"parcel_label": cell.label, **({"parcel_link": href} if href else {})}
        return parcel, extra
    return None, {}


def _auction_type(fields: dict[str, Cell]) -> str:
    kind = auction_kind(fields["auction type"].text) if "auction type" in fields else None
    if kind:
        return kind
    return "TAX_DEED" if "certificate #" in fields or "certificate number" in fields else "FORECLOSURE"


def _known_fields(fields: dict[str, Cell]) -> tuple[dict[str, Any], dict[str, str]]:
    known: dict[str, Any] = {}
    other: dict[str, str] = {}
    for label, cell in fields.items():
        name = _FIELD_BY_LABEL.get(label)
        if name is None:
            if label != "city line" and label not in PARCEL_LABELS:
                other[label] = cell.text
        elif name not in known:
            known[name] = money(cell.text) if name in _MONEY_FIELDS else value_of(cell.text)
            if name == "assessed_value":
                known["value_label"] = cell.label  # "Assessed Value" or a market-value label, per county
            if name == "plaintiff_max_bid":
                known["max_bid_hidden"] = clean(cell.text).upper() == "HIDDEN"
    return known, other


def _item_status(item: lxml.html.HtmlElement, aid: str, area: str | None) -> ItemStatus:
    status = status_from_lines(aid, _status_lines(item))
    if status.status is not None:
        return status
    # An empty status box is filled later by FNC=UPDATE; in the closed area it is not "scheduled".
    return dataclasses.replace(status, status="OTHER" if area == "C" else "SCHEDULED")


def _extra(aid: str, known: dict[str, Any], other: dict[str, str], status: ItemStatus, ctx: CardContext,
           parcel_extra: dict[str, str], fields: dict[str, Cell]) -> dict:
    unused_parcels = {
        fields[label].label: fields[label].text
        for label in PARCEL_LABELS
        if label in fields and fields[label].label != parcel_extra.get("parcel_label")
    }
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
        **parcel_extra,
        "other_parcel_ids": unused_parcels or None,
        "other_fields": other or None,
    }
    return {key: value for key, value in extra.items() if value is not None}


def record_from_item(item: lxml.html.HtmlElement, ctx: CardContext) -> CaseRecord:
    """One card as a CaseRecord; Unreadable when it has no case number (or no date and one is required)."""
    aid = clean(item.get("aid")) or clean(item.get("id"))[len("AITEM_") :]
    fields = card_cells(item)
    known, other = _known_fields(fields)
    case_number = (known.get("case_number") or "").upper()
    if not case_number:
        raise Unreadable("item card has no Case # value")
    status = _item_status(item, aid, ctx.area)
    auction_date = status.when or ctx.auction_date
    if auction_date is None and ctx.require_date:
        raise Unreadable("no auction date on the item and none given")
    city, zip_code = city_zip(fields["city line"].text if "city line" in fields else None)
    parcel_id, parcel_extra = parcel_of(fields)
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
        parcel_id=parcel_id,
        property_address=known.get("property_address"),
        city=city,
        zip=zip_code,
        sold_amount=status.sold_amount,
        sold_to=status.sold_to,
        source=SOURCE,
        source_url=ctx.source_url,
        court_type=court_type_of(case_number),
        extra=_extra(aid, known, other, status, ctx, parcel_extra, fields),
    )


def snippet(item: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(item, encoding="unicode")[:2000]


def area_of(area: str | None, source_url: str | None) -> str | None:
    area = (area or query_value(source_url, "AREA") or "").upper()
    return area if area in AREAS else None


def date_arg(auction_date: str | None, source_url: str | None) -> str | None:
    """The given ISO date, else the AUCTIONDATE of the URL, else None."""
    if auction_date:
        return date.fromisoformat(str(auction_date)).isoformat()
    return site_datetime(query_value(source_url, "AUCTIONDATE"))[0]


def read_items(items: list[lxml.html.HtmlElement], ctx: CardContext) -> ParsedPage:
    """Cards as records, each unreadable one as a RejectedRow."""
    records: list[CaseRecord] = []
    rejected: list[RejectedRow] = []
    for item in items:
        try:
            records.append(record_from_item(item, ctx))
        except (Unreadable, ValueError, TypeError) as exc:
            rejected.append(RejectedRow(reason=str(exc), raw=snippet(item), source_url=ctx.source_url))
    return ParsedPage(records, rejected)


@parse_errors_only("LOAD item HTML")
def parse_items_html(
    html: str | bytes,
    *,
    county: str | None,
    auction_date: str | None = None,
    source_url: str | None = None,
    area: str | None = None,
    require_date: bool = True,
) -> ParsedPage:
    """Every div[id^=AITEM_] card of expanded item HTML as a CaseRecord, or a RejectedRow if unreadable;
    require_date=False lets a card without any date through with a null auction_date."""
    ctx = CardContext(county, date_arg(auction_date, source_url), source_url, area_of(area, source_url), require_date)
    html = decode_text(html or "")
    if not ITEM_DIV.search(html):
        return ParsedPage([], [])
    root = html_root(html, what="LOAD retHTML", source_url=source_url)
    return read_items(root.xpath("//div[starts-with(@id,'AITEM_')]"), ctx)

