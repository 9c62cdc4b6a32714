"""The RealForeclose site's fixed shapes: URL templates, areas, page and batch sizes."""

from __future__ import annotations

SOURCE = "realforeclose"
AREAS = ("R", "W", "C")
AREA_TITLES = {"R": "Auctions Running", "W": "Auctions Waiting", "C": "Auctions Closed or Canceled"}
PAGE_SIZE = 10
UPDATE_BATCH = 10

CALENDAR_URL = "{base}/index.cfm?zaction=USER&zmethod=CALENDAR&selCalDate={month}"
DAY_PAGE_URL = "{base}/index.cfm?zaction=AUCTION&Zmethod=PREVIEW&AUCTIONDATE={date}"
LOAD_URL = (
    "{base}/index.cfm?zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA={area}&AUCTIONDATE={date}"
    "&PageDir={page_dir}&doR={do_r}&bypassPage={bypass_page}&tx={tx}"
)
UPDATE_URL = "{base}/index.cfm?zaction=AUCTION&ZMETHOD=UPDATE&FNC=UPDATE&ref={aids}&tx={tx}"
