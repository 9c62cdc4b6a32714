"""RealForeclose (RealAuction) county sale sites: pure page parsers and a session-aware fetch flow.

About 35 Florida counties sell foreclosures (some also tax deeds) on one RealAuction template, one
site per county, e.g. https://www.hillsborough.realforeclose.com. A browser, and this module, walks:

1. month calendar   CALENDAR_URL  day boxes "active / scheduled" per sale day       -> parse_calendar
2. day page         DAY_PAGE_URL  PREVIEW shell; opens the session (cookies)         -> parse_day_page
3. items (XHR)      LOAD_URL      JSON {"retHTML","rlist"}; retHTML is @A..@L
                                  macro-compressed HTML, one div#AITEM_<aid> per item -> parse_load
4. status (XHR)     UPDATE_URL    JSON status overlay per AID (sold, amount, sold to) -> parse_update

A day page saved from a browser after its script LOADed the cards (all areas' cards in one page,
possibly only a fragment of it) reads into the same records as LOAD                 -> parse_day

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

Modules: site (URL templates, areas), readers (shared small readers), calendar (calendar, day page
counts), cards (item cards -> records, label variants per county), load (LOAD payloads), update
(UPDATE payloads), day (a browser-rendered day page with its cards expanded: page kind
realforeclose-day), client (the fetch flow), page_kinds (`biddeed parse`).

Real captured pages behind the tests: a December 2025 calendar, a PREVIEW day page (a day without
a sale), a closed-area LOAD (Hillsborough), a LOAD with leading whitespace (Duval), an empty LOAD
and one closed item card ("Bidder Walked Away"). No captured UPDATE body or day page with items
exists; those two formats follow public scrapers and are the contract the simulator serves (the
realforeclose-day test pages are the real day page with the real LOAD's cards put in its closed area).
"""

from __future__ import annotations

from biddeed_assets.portals.realforeclose.calendar import CalendarDay, DayPage, parse_calendar, parse_day_page
from biddeed_assets.portals.realforeclose.cards import (
    ItemStatus,
    canonical_status,
    city_zip,
    parse_items_html,
    sold_to_of,
)
from biddeed_assets.portals.realforeclose.client import RealForecloseClient
from biddeed_assets.portals.realforeclose.day import parse_day
from biddeed_assets.portals.realforeclose.load import (
    MACROS,
    decode_load_payload,
    expand_macros,
    is_empty_load,
    parse_load,
)
from biddeed_assets.portals.realforeclose.page_kinds import PAGE_KINDS
from biddeed_assets.portals.realforeclose.readers import county_from_url, money, site_date
from biddeed_assets.portals.realforeclose.site import (
    AREAS,
    CALENDAR_URL,
    DAY_PAGE_URL,
    LOAD_URL,
    PAGE_SIZE,
    SOURCE,
    UPDATE_BATCH,
    UPDATE_URL,
)
from biddeed_assets.portals.realforeclose.update import apply_statuses, parse_update
from biddeed_assets.portals.records import CaseRecord, ParsedPage, RejectedRow

__all__ = [
    "AREAS",
    "CALENDAR_URL",
    "DAY_PAGE_URL",
    "LOAD_URL",
    "MACROS",
    "PAGE_KINDS",
    "PAGE_SIZE",
    "SOURCE",
    "UPDATE_BATCH",
    "UPDATE_URL",
    "CalendarDay",
    "CaseRecord",
    "ParsedPage",
    "RejectedRow",
    "DayPage",
    "ItemStatus",
    "RealForecloseClient",
    "apply_statuses",
    "canonical_status",
    "city_zip",
    "county_from_url",
    "decode_load_payload",
    "expand_macros",
    "is_empty_load",
    "money",
    "parse_calendar",
    "parse_day",
    "parse_day_page",
    "parse_items_html",
    "parse_load",
    "parse_update",
    "site_date",
    "sold_to_of",
]
