"""Simulated RealForeclose county sites: calendar, PREVIEW day page with session cookies, LOAD and UPDATE.

Every county of county_profiles.PROFILES (every RealForeclose county of the registry) has a site at
`/rf/{county}/index.cfm`, so a county's base_url is `{simulator_url}/rf/{county}` and the project's
RealForecloseClient(base_url, httpx.Client()) walks it exactly as it walks the real site
(its URL templates are the real site's). Pages are printed by cards.py and pages.py from the
seeded world (World.cases_on) and each case's truth (truth_for): the card prints the truth's case
number, final judgment, parcel id, street, "CITY, FL- ZIP" (or "CITY, ZIP"), the county's value row
("Assessed Value" = Property.assessed_value, or "Property App. Market Value" = Property.market_value)
and the plaintiff's max bid, or "Hidden" when max_bid_hidden.

Requests (query keys are case-insensitive, as ColdFusion's):

  zaction=USER&zmethod=CALENDAR&selCalDate=MM/01/YYYY   month calendar; a CALSELF day box per sale day
        of the world, "(active / scheduled) FC" = (cases still to be auctioned / all cases) and 10:00 AM ET.
        selCalDate may also be the real links' {ts 'YYYY-MM-01 00:00:00'}; missing: the as-of month.
  zaction=AUCTION&zmethod=PREVIEW&AUCTIONDATE=MM/DD/YYYY   day page; opens a ColdFusion session
        (Set-Cookie CFID and CFTOKEN, Path=/rf/{county}) that records the auction date server-side,
        and prints each area's page count <span id="maxWA|maxCA|maxRA">. A day without a sale prints
        the date header and no area sections, as the real page does.
  zmethod=UPDATE&FNC=LOAD&AREA=R|W|C&PageDir=&doR=&bypassPage=   the session day's items of one
        area, 10 a page, as {"retHTML": <@A..@L macro-compressed AITEM_ cards>, "rlist": "aid,aid"}.
        The date served is the session's (AUCTIONDATE in the URL is not read). Without a valid session
        cookie: 200 {"retHTML":"","rlist":""}. doR=1 puts the area's cursor on page 1; otherwise the
        cursor moves by PageDir pages and stays within the pages, so past the end the last page comes
        again (the client stops at the repeated rlist). With Accept-Encoding gzip the body is gzipped.
  zmethod=UPDATE&FNC=UPDATE&ref=aid,aid   the status overlay (format: realforeclose.parse_update) of
        AIDs of the session's last LOADed page, at most 10; a larger batch, an AID of another page,
        or no session answer {"ADATA":{"COUNT":0}} (what public scrapers report of the live site).

Time (as_of = sim.as_of(request): the `as_of` query parameter, else the simulator's today; a session
opened with an explicit as_of keeps it for its LOAD/UPDATE calls that carry none):

  * sale day after as_of: every case is in area W, waiting, with the status "Auction Starts
    MM/DD/YYYY 10:00 AM ET" (no outcome, no cancellation shown yet).
  * sale day on or before as_of, and at most DROP_OFF_DAYS before it: every case is in area C with its
    outcome (truth.outcome): "Auction Sold" + time, Amount, Sold To "3rd Party Bidder"/"Plaintiff";
    "Canceled per ..."; "Redeemed". UPDATE always tells it; whether the LOADed card's status box
    already carries it is a county trait (CountyStyle.status_on_card: Hillsborough's real LOAD has empty
    boxes, Duval's simulated cards are filled) - so a sale's outcome is read with LOAD + UPDATE.
  * sale day more than DROP_OFF_DAYS before as_of: the platform has removed the items: LOAD is empty in
    every area, the day page says 0 pages, UPDATE answers COUNT 0. The calendar still shows the day.
    Outcomes must therefore be captured within DROP_OFF_DAYS of the sale (in practice on the sale day).

Sessions expire after SESSION_IDLE_S seconds without a request (ColdFusion's default timeout); an
expired session is a missing one.

Faults: every request first calls answer_fault(sim.faults, "rf-{county}") (block_403, rate_429,
error_5xx, timeout, slow answer instead). Content faults: "empty_load" makes LOAD answer the empty
payload even with a valid session (the client must re-open the session; with count=1 its retry gets
the items) - it is taken by LOAD requests only, other requests leave it in place; "empty",
"truncated", "malformed", "wrong_encoding" spoil any page's body (faults.spoil).
"""

from __future__ import annotations

import datetime as dt
import gzip
import math
import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator.county_profiles import PROFILES
from biddeed_assets.simulator.faults import answer_fault, spoil
from biddeed_assets.simulator.sites.realforeclose import cards, pages
from biddeed_assets.simulator.sites.realforeclose.items import (
    AREAS,
    PAGE_SIZE,
    area_pages,
    card_of,
    day_items,
    update_item,
)
from biddeed_assets.simulator.sites.realforeclose.sessions import Session, Sessions
from biddeed_assets.simulator.sites.realforeclose.styles import style_of
from biddeed_assets.simulator.world import TAX_DEED

UPDATE_BATCH = 10
NAV_WINDOW_DAYS = 62  # how far the day page looks for the previous / next sale day
HTML = "text/html; charset=utf-8"
LOAD_MEDIA = "application/json; charset=utf-8"
NOT_FOUND = "<html><body><h1>404 Not Found</h1></body></html>"


def counties() -> tuple[str, ...]:
    """The simulated RealForeclose counties."""
    return tuple(PROFILES)


def site_path(county: str) -> str:
    """The path of a county's site root: base_url = simulator url + this."""
    return f"/rf/{county}"


def routes(sim) -> list[Route]:
    site = Site(sim)
    return [Route("/rf/{county}/index.cfm", site.handle, methods=["GET", "POST"])]


_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date(raw: str | None) -> dt.date | None:
    raw = raw or ""
    try:
        if m := _SLASH_DATE.search(raw):
            return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        if m := _ISO_DATE.search(raw):
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def _int(raw: str | None, default: int = 0) -> int:
    try:
        return int(raw or default)
    except ValueError:
        return default


def _stamp(as_of: dt.date) -> dt.datetime:
    return dt.datetime.combine(as_of, dt.time(8, 0))


class Site:
    """Every simulated RealForeclose county site of one simulator."""

    def __init__(self, sim):
        self.sim = sim
        self.sessions = Sessions()

    async def handle(self, request: Request) -> Response:
        county = request.path_params["county"]
        if county not in counties():
            return Response(NOT_FOUND, 404, media_type=HTML)
        q = {key.lower(): value for key, value in request.query_params.items()}
        action, method, fnc = (
            q.get("zaction", "").upper(),
            q.get("zmethod", "").upper(),
            q.get("fnc", "").upper(),
        )
        is_load = method == "UPDATE" and fnc == "LOAD"
        portal = f"rf-{county}"
        content_fault = None
        if is_load or (self.sim.faults.snapshot().get(portal) or {}).get("kind") != "empty_load":
            early, content_fault = await answer_fault(self.sim.faults, portal)
            if early is not None:
                return early
        if method == "CALENDAR":
            response = self._calendar(request, county, q)
        elif action == "AUCTION" and method == "PREVIEW":
            response = self._preview(request, county, q)
        elif is_load:
            response = self._load(request, county, q, empty=content_fault == "empty_load")
        elif method == "UPDATE" and fnc == "UPDATE":
            response = self._update(request, county, q)
        else:
            return Response(NOT_FOUND, 404, media_type=HTML)
        if content_fault and content_fault != "empty_load":
            response.body = spoil(response.body, content_fault)
            response.headers["content-length"] = str(len(response.body))
        return self._maybe_gzip(request, response) if is_load else response

    def _as_of(self, request: Request, session: Session | None = None) -> dt.date:
        if "as_of" not in request.query_params and session is not None and session.as_of is not None:
            return session.as_of
        return self.sim.as_of(request)

    # -- calendar -------------------------------------------------------------------------------

    def _calendar(self, request: Request, county: str, q: dict[str, str]) -> Response:
        as_of = self._as_of(request)
        first = (_date(q.get("selcaldate")) or as_of).replace(day=1)
        last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        style = style_of(county)
        boxes = []
        for day in self.sim.world.sale_dates(county, first, last, auction_type=None):
            scheduled = len(self.sim.world.cases_on(county, day))
            kind = "TD" if self.sim.world.auction_type_on(county, day) == TAX_DEED else "FC"
            boxes.append(pages.DayBox(day, scheduled if day > as_of else 0, scheduled, style.sale_time, kind))
        body = pages.render_calendar(county, first, boxes, today=as_of, stamp=_stamp(as_of))
        return Response(body, media_type=HTML)

    # -- day page -------------------------------------------------------------------------------

    def _preview(self, request: Request, county: str, q: dict[str, str]) -> Response:
        day = _date(q.get("auctiondate"))
        if day is None:
            return Response("<html><body>Invalid auction date</body></html>", 400, media_type=HTML)
        explicit = _date(request.query_params.get("as_of")) if "as_of" in request.query_params else None
        as_of = self._as_of(request)
        world = self.sim.world
        pages_per_area = (
            area_pages(day_items(self.sim, county, day, as_of)) if world.is_sale_day(county, day) else None
        )
        earlier = world.sale_dates(
            county, day - dt.timedelta(days=NAV_WINDOW_DAYS), day - dt.timedelta(days=1), auction_type=None
        )
        later = world.sale_dates(
            county, day + dt.timedelta(days=1), day + dt.timedelta(days=NAV_WINDOW_DAYS), auction_type=None
        )
        current = next(
            iter(world.sale_dates(county, as_of, as_of + dt.timedelta(days=NAV_WINDOW_DAYS), auction_type=None)),
            as_of,
        )
        body = pages.render_day_page(
            county,
            day,
            pages_per_area,
            previous=earlier[-1] if earlier else None,
            following=later[0] if later else None,
            current=current,
            stamp=_stamp(as_of),
        )
        cfid, cftoken = self.sessions.open(Session(county, day, explicit))
        response = Response(body, media_type=HTML)
        for name, value in (("CFID", cfid), ("CFTOKEN", cftoken)):
            response.set_cookie(name, value, path=site_path(county), httponly=True)
        return response

    # -- LOAD -----------------------------------------------------------------------------------

    def _load(self, request: Request, county: str, q: dict[str, str], *, empty: bool) -> Response:
        session = self.sessions.get(request, county)
        area = q.get("area", "").upper()
        if session is None or empty or area not in AREAS:
            if session is not None:
                session.last_page = ()
            return Response(cards.EMPTY_LOAD, media_type=LOAD_MEDIA)
        items = [
            item
            for item in day_items(self.sim, county, session.auction_date, self._as_of(request, session))
            if item.area == area
        ]
        last_page = max(math.ceil(len(items) / PAGE_SIZE) - 1, 0)
        cursor = 0 if q.get("dor") == "1" else session.cursors.get(area, 0) + _int(q.get("pagedir"))
        cursor = min(max(cursor, 0), last_page)
        session.cursors[area] = cursor
        shown = items[cursor * PAGE_SIZE : (cursor + 1) * PAGE_SIZE]
        session.last_page = tuple(item.truth.aid for item in shown)
        body = cards.load_body(style_of(county), [card_of(item, county) for item in shown])
        return Response(body, media_type=LOAD_MEDIA)

    @staticmethod
    def _maybe_gzip(request: Request, response: Response) -> Response:
        if "gzip" not in request.headers.get("accept-encoding", "").lower() or not response.body:
            return response
        response.body = gzip.compress(response.body, mtime=0)
        response.headers["content-encoding"] = "gzip"
        response.headers["vary"] = "Accept-Encoding"
        response.headers["content-length"] = str(len(response.body))
        return response

    # -- UPDATE ---------------------------------------------------------------------------------

    def _update(self, request: Request, county: str, q: dict[str, str]) -> Response:
        session = self.sessions.get(request, county)
        aids = [aid.strip() for aid in q.get("ref", "").split(",") if aid.strip()]
        if session is None or not aids or len(aids) > UPDATE_BATCH or not set(aids) <= set(session.last_page):
            return Response(cards.update_body([]), media_type=LOAD_MEDIA)
        items = day_items(self.sim, county, session.auction_date, self._as_of(request, session))
        by_aid = {item.truth.aid: item for item in items}
        answered = [update_item(by_aid[aid]) for aid in aids if aid in by_aid]
        counts = {area: sum(item.area == area for item in items) for area in AREAS}
        return Response(cards.update_body(answered, area_counts=counts), media_type=LOAD_MEDIA)

