"""A browser-rendered RealForeclose day page: item cards already expanded inside the page's areas.

Browser-based scrapers save the PREVIEW day page after its script has LOADed the cards into the
area containers (div#Area_R / Area_W / Area_C under each area's header and pager), sometimes only a
fragment of it without <html>/<head>. The cards are the LOAD cards, so they read into the same records.

The page proves itself whole before any card is believed:
- a page that opens <html> must end with </html>;
- every card that opens closes (a fragment cut inside its last card is refused);
- where an area shows its pager ("Page ... of <span id=maxWA>3</span>"), the cards in the area fit it:
  none for 0 pages, else one page's worth (1..10) or every page's (more than 10*(pages-1), at most
  10*pages). The pager's current-page box is not believed: a saved DOM keeps its first value="1"
  while the script shows another page;
- where an area's title shows a count ("Auctions Waiting (23)") and the page holds the whole area, the
  cards number exactly that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from biddeed_assets.portals.counties import REGISTRY
from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.realforeclose.calendar import area_page_counts, day_header_date
from biddeed_assets.portals.realforeclose.cards import ITEM_DIV, ITEM_ID, CardContext, date_arg, read_items
from biddeed_assets.portals.realforeclose.readers import (
    clean,
    county_from_url,
    html_root,
    site_datetime,
)
from biddeed_assets.portals.realforeclose.site import AREA_TITLES, AREAS, PAGE_SIZE
from biddeed_assets.portals.records import ParsedPage
from biddeed_assets.portals.text import decode as decode_text

_DIV_OPEN = re.compile(r"<div\b", re.I)
_DIV_CLOSE = re.compile(r"</div\s*>", re.I)
_SCRIPT_DATE = re.compile(r"""\bAUCTIONDATE\s*=\s*["'](\d{1,2}/\d{1,2}/\d{4})["']""", re.I)
_TITLE_COUNTY = re.compile(r"<title>\s*Real(?:Foreclose|TaxDeed)\s*-\s*([^<]+?)\s+County\b", re.I)
_COUNT = re.compile(r"\((\d+)\)|\b(\d+)\s*$")
_AREA_ID = re.compile(r"^Area_([RWC])$", re.I)


@dataclass(frozen=True, slots=True)
class AreaShown:
    """What an area's header shows: its page count and item count (None where not shown)."""

    pages: int | None
    count: int | None


def _prove_cards_close(html: str, source_url: str | None) -> None:
    """Each card's markup, up to the next card or the end, closes every div it opens."""
    starts = [m.start() for m in ITEM_DIV.finditer(html)]
    if not starts:
        return
    for start, end in zip(starts, [*starts[1:], len(html)], strict=True):
        segment = html[start:end]
        if len(_DIV_CLOSE.findall(segment)) < len(_DIV_OPEN.findall(segment)):
            aid = ITEM_ID.search(segment)
            raise ParseError(
                f"the day page is cut off inside item card {aid.group(1) if aid else '?'} (its divs do not close)",
                source_url=source_url,
            )


def _area_of_card(card: lxml.html.HtmlElement) -> str | None:
    for parent in card.iterancestors():
        m = _AREA_ID.match(parent.get("id") or "")
        if m:
            return m.group(1).upper()
        area = (parent.get("area") or "").upper()
        if area in AREAS:
            return area
    return None


def _areas_shown(root: lxml.html.HtmlElement) -> dict[str, AreaShown]:
    pages = area_page_counts(root)
    shown: dict[str, AreaShown] = {}
    for area in AREAS:
        count = None
        for head in root.find_class(f"Head_{area}"):
            for title in head.find_class("Sub_Title"):
                words = clean(title.text_content())
                m = _COUNT.search(words.replace(AREA_TITLES[area], "", 1))
                if m:
                    count = int(m.group(1) or m.group(2))
        if pages[area] is not None or count is not None:
            shown[area] = AreaShown(pages[area], count)
    return shown


def _fits_pager(cards: int, shown: AreaShown) -> bool:
    pages = shown.pages
    if pages is None:
        return True
    if pages == 0:
        return cards == 0
    return 1 <= cards <= PAGE_SIZE or (pages - 1) * PAGE_SIZE < cards <= pages * PAGE_SIZE


def _holds_whole_area(cards: int, shown: AreaShown) -> bool:
    return shown.pages is None or shown.pages <= 1 or cards > PAGE_SIZE


def _prove_counts(by_area: dict[str | None, int], shown: dict[str, AreaShown], source_url: str | None) -> None:
    for area, header in shown.items():
        cards = by_area.get(area, 0)
        what = AREA_TITLES[area]
        if not _fits_pager(cards, header):
            raise ParseError(
                f"{what}: the pager shows {header.pages} page(s) of up to {PAGE_SIZE} items but the page carries"
                f" {cards} item cards",
                source_url=source_url,
            )
        if header.count is not None and _holds_whole_area(cards, header) and cards != header.count:
            raise ParseError(
                f"{what}: the page says {header.count} items but carries {cards} item cards", source_url=source_url
            )


def _county_of(html: str, county: str | None, source_url: str | None) -> str | None:
    """The given county, else the site URL's, else the one the page title names ("RealForeclose- Pasco County")."""
    if county:
        return county
    from_url = county_from_url(source_url)
    if from_url != "unknown":
        return from_url
    m = _TITLE_COUNTY.search(html[:4096])
    name = clean(m.group(1)).lower() if m else None
    return next((c.slug for c in REGISTRY if c.name.lower() == name), None)


def _date_of(root: lxml.html.HtmlElement, html: str, auction_date: str | None, source_url: str | None) -> str | None:
    shown = day_header_date(root)
    if shown is None:
        m = _SCRIPT_DATE.search(html)
        shown = site_datetime(m.group(1))[0] if m else None
    given = date_arg(auction_date, source_url if shown is None else None)
    if given and shown and given != shown:
        raise ParseError(f"the day page shows the sale day {shown}, not {given}", source_url=source_url)
    return given or shown


def _looks_like_a_day_page(root: lxml.html.HtmlElement, html: str) -> bool:
    return bool(
        ITEM_DIV.search(html)
        or root.find_class("BLHeaderDateDisplay")
        or root.xpath("//div[starts-with(@id,'Area_')] | //span[starts-with(@id,'max')]")
    )


@parse_errors_only("day page")
def parse_day(
    html: str | bytes,
    *,
    county: str | None = None,
    auction_date: str | None = None,
    source_url: str | None = None,
    require_date: bool = True,
) -> ParsedPage:
    """Every item card of a browser-rendered day page (whole, or a fragment) as records, once the page
    proves whole; its date comes from the header (or the argument), its county from the argument,
    the URL or the page title."""
    html = decode_text(html or "")
    root = html_root(html, what="day page", source_url=source_url, whole=True)
    if not _looks_like_a_day_page(root, html):
        raise ParseError(
            "not a RealForeclose day page (no item cards, date header or area pager)", source_url=source_url
        )
    _prove_cards_close(html, source_url)
    cards = root.xpath("//div[starts-with(@id,'AITEM_')]")
    areas = [_area_of_card(card) for card in cards]
    by_area: dict[str | None, int] = {}
    for area in areas:
        by_area[area] = by_area.get(area, 0) + 1
    _prove_counts(by_area, _areas_shown(root), source_url)
    day = _date_of(root, html, auction_date, source_url)
    home = _county_of(html, county, source_url)
    records, rejected = [], []
    for card, area in zip(cards, areas, strict=True):
        page = read_items([card], CardContext(home, day, source_url, area, require_date))
        records += page.records
        rejected += page.rejected
    return ParsedPage(records, rejected)
