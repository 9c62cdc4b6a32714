"""The RealForeclose pages around the items: the site's chrome, the month calendar, the PREVIEW day page.

The calendar's day boxes are the real calendar.html's; the day page's area pager spans
(maxWA/maxCA/maxRA) follow public scrapers, as the client does.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from biddeed_assets.simulator.markup import mdy as site_date
from biddeed_assets.simulator.sites.realforeclose.styles import county_title


def _page(county: str, *, title: str, heading: str, css: str, body: str, stamp: dt.datetime) -> str:
    name = county_title(county)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd"><html lang="en-US"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>RealForeclose- {name} County -{title}</title>
<meta name="format-detection" content="telephone=no">
<meta name="robots" content="noindex,nofollow">
<link rel="stylesheet" type="text/css" href="CORE/System/Themes/Theme_1/CSS/main_site.css">
<link rel="stylesheet" type="text/css" href="CORE/System/Themes/Theme_1/CSS/{css}">
<link rel="stylesheet" type="text/css" href="CORE/System/Themes/Theme_1/CSS/LeftNav.css">
<script type="text/javascript" src="/CORE/System/JS/production/JQUERY/jquery-1.12.4.min.js"></script>
<script type="text/javascript" src="/CORE/System/JS/production/custom/main_site.js"></script>
<script type="text/javascript">
        offDate = new Date('{stamp:%m/%d/%Y %I:%M:%S %p}');
   </script>
<script type="text/javascript">
        function showExitPopup () {{
            return confirm('You are now leaving the site.');
        }};
    </script>
</head>
<body class="main_text" marginheight="0" marginwidth="0">
<div id="MAIN_HEADER">
<div id="imgLogo" onclick="window.location.href='/index.cfm'" aria-label="{name} County Sale" role="banner" tabindex="0"></div>
<div id="headerStat" islog="N"></div>
<div class="headerMenu" role="navigation">
    <a tabindex="0" id="Home" href="/index.cfm">Home</a>
    <div class="hmItem"></div>
    <a tabindex="0" id="AboutUs" href="/index.cfm?zaction=home&amp;zmethod=aboutus">About Us</a>
    <div class="hmItem"></div>
    <a tabindex="0" id="FAQ" href="/index.cfm?zaction=home&amp;zmethod=faq">FAQ</a>
</div>
</div>
<table id="MAIN_TBL" cellspacing="0" cellpadding="0" border="0">
    <tbody><tr>
    <td id="MAIN_TBL_NAV" class="noPrint" valign="top" tabindex="0"><div id="minHeight"></div>
<div class="ln_page"><div id="ln_menu" aria-label="Left Rail" role="navigation"><div class="leftNavFill"></div></div></div>
</td>
    <td id="MAIN_TBL_CONTENT" valign="top">
    <div id="Content_Header" class="noPrint">
    <div id="Content_Title" tabindex="0">
        <h1>{heading}</h1>
   </div>
        <div id="ContentFadebar"></div>
    </div>
{body}
        </td>
    </tr>
</tbody></table>
<div id="MAIN_FOOTER" class="noPrint">
<div id="footer" align="center;">
    <p><a href="http://www.realauction.com" tabindex="0" class="footer">&copy; {stamp.year} Realauction.com LLC</a></p>
</div>
</div>
<div id="popupmain" style="display:none"></div>
<div id="DEBUG"><ol></ol></div></body></html>"""


@dataclass(frozen=True, slots=True)
class DayBox:
    """A sale day's calendar box: (active / scheduled) FC and the start time."""

    day: dt.date
    active: int
    scheduled: int
    time: str
    kind: str = "FC"  # FC foreclosure, TD tax deed


def _ts_link(first: dt.date) -> str:
    """The real calendar's month links carry a ColdFusion timestamp: {ts '2026-01-01 00:00:00'}."""
    return (
        "/index.cfm?zaction=user&amp;zmethod=calendar&amp;selCalDate="
        f"%7Bts%20%27{first.year}%2D{first.month:02d}%2D01%2000%3A00%3A00%27%7D"
    )


def _aria(day: dt.date) -> str:
    return f"{day:%B}-{day.day:02d}-{day.year}"


def render_calendar(
    county: str, month: dt.date, boxes: Sequence[DayBox], *, today: dt.date, stamp: dt.datetime
) -> str:
    """The month calendar: one CALBOX per day, CALSELF boxes with dayid for sale days."""
    first = month.replace(day=1)
    days_in_month = _calendar.monthrange(first.year, first.month)[1]
    lead = (first.weekday() + 1) % 7  # the grid starts on Sunday
    weeks = -(-(lead + days_in_month) // 7)
    week_class = f"CALW{weeks}"
    by_day = {box.day: box for box in boxes}
    cells = []
    for index in range(weeks * 7):
        rs = " RS" if index % 7 == 0 else ""
        number = index - lead + 1
        if not 1 <= number <= days_in_month:
            label = _aria(first if number < 1 else first + dt.timedelta(days=days_in_month))
            cells.append(
                f'<div tabindex="-1" aria-label="{label}" class="CALBOX {week_class} CALEMPTY{rs or " "}">'
                '  <span style="color:#FFF"></span></div>'
            )
            continue
        day = first.replace(day=number)
        box = by_day.get(day)
        if box is None:
            cells.append(
                f'<div tabindex="0" aria-label="{_aria(day)}" class="CALBOX {week_class}{rs or " "}">'
                f'<span class="CALNUM">{number}</span>  <span style="color:#FFF"></span></div>'
            )
            continue
        cells.append(
            f'<div tabindex="0" role="link" aria-label="{_aria(day)}" class="CALBOX {week_class} CALSELF{rs} " '
            f'dayid="{site_date(day)}"><span class="CALNUM">{number}</span> <span tabindex="0" class="CALTEXT">'
            f'{"Tax Deed" if box.kind == "TD" else "Foreclosure"}<br><span class="CALMSG"><span class="CALACT">'
            f'{box.active}</span> / <span class="CALSCH">{box.scheduled}</span> {box.kind}<br></span>'
            f'<span class="CALTIME"> {box.time}</span>'
            '</span> <span style="color:#FFF"></span></div>'
        )
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = first + dt.timedelta(days=days_in_month)
    grid = "\n\t\t\t\t\t".join(cells)
    heads = "".join(
        f'\n\t\t\t<div class="CALBOX CALHEAD{" RS" if i == 0 else ""}" tabindex="0">{name}</div>'
        for i, name in enumerate(
            ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
        )
    )
    body = f"""
    <div class="FIXEDWIDTHCONTENT calDiv">
        <div class="CALMAIN MAIN_TEXT">
        <div class="CALKEY" tabindex="0">(<span class="CALACT">Active</span> / <span class="CALSCH">Scheduled</span>), TD = Taxdeed, FC = Foreclosure </div>
            <div class="CALNAV" tabindex="0"><a href="{_ts_link(previous)}" aria-label="Previous Month {previous:%B}"> &lt;&lt; {previous:%B}</a></div>
            <div class="CALDATE" tabindex="0">{first:%B %Y}</div>
            <div class="CALNAV" tabindex="0"><a href="{_ts_link(following)}" aria-label="Next Month {following:%B}"> {following:%B}&gt; &gt;</a></div>{heads}
            <div class="CALDAYBOX">
                    {grid}
            </div>
            <div class="CALDATE" tabindex="0">
                <span class="CALJTDAY"><a href="/index.cfm?zaction=user&amp;zmethod=calendar&amp;selCalDate={site_date(today.replace(day=1))}" aria-label="Today">Today</a></span>
            </div>
        </div>
    </div>
<script type="text/javascript">
        var CALMODE = "PREVIEW";
</script>"""
    return _page(
        county,
        title="Auction Calendar",
        heading="Auction Calendar",
        css="Calendar.css",
        body=body,
        stamp=stamp,
    )


AREA_TITLES = {"R": "Auctions Running", "W": "Auctions Waiting", "C": "Auctions Closed or Canceled"}


def _day_header(day: dt.date) -> str:
    return f"{day:%A} {day:%B} {day.day}, {day.year}"


def _nav_link(css: str, label: str, day: dt.date | None) -> str:
    if day is None:
        return f'<div class="{css} BLArrow NoDate">{label}</div>'
    return (
        f'<div class="{css} BLArrow"><a href="/index.cfm?zaction=AUCTION&amp;zmethod=PREVIEW&amp;'
        f'AuctionDate={site_date(day)}">{label}</a></div>'
    )


def _area_section(area: str, pages: int) -> str:
    return f"""
<div class="Head_{area}"><div class="Sub_Title">{AREA_TITLES[area]}</div>
    <div class="PageFrame"><span class="PageLeft">&lt;</span> <span class="PageText">Page</span>
    <input id="curP{area}A" class="PageBox" type="text" value="{1 if pages else 0}" aria-label="Current Page"> <span class="PageText">of</span>
    <span id="max{area}A">{pages}</span> <span class="PageRight">&gt;</span></div>
</div>
<div id="Area_{area}" class="AUCTION_ITEMS" area="{area}"></div>"""


def render_day_page(
    county: str,
    day: dt.date,
    area_pages: dict[str, int] | None,
    *,
    previous: dt.date | None,
    following: dt.date | None,
    current: dt.date,
    stamp: dt.datetime,
) -> str:
    """The PREVIEW day page; area_pages None (a day without a sale) prints no area sections, as the real one."""
    areas = (
        "" if area_pages is None else "".join(_area_section(a, area_pages.get(a, 0)) for a in ("R", "W", "C"))
    )
    body = f"""
   <div class="AuctionNav_Main AUTOCENTER">
    <div class="BLHeaderDateDisplay" tabindex="0">{_day_header(day)}</div>
    <div class="BLSRCH"><span class="popup_search">Search</span></div>
    <div class="BLNav">
        {_nav_link("BLHeaderPrev", "&lt; &lt; Previous Auction", previous)}
        {_nav_link("BLHeaderNext", "Next Auction &gt; &gt;", following)}
        <div class="BLHeaderToday BLArrow">
        <a href="/index.cfm?zaction=AUCTION&amp;zmethod=PREVIEW&amp;AuctionDate={site_date(current)}">Current</a></div>
    </div>
    <div class="AuctionNav_END"></div>
</div>
<div id="docPgContainer" class="sitedoc">
    <div role="main">{areas}
    </div>
</div>
<script type="text/javascript">
    var AUCTIONDATE = "{site_date(day)}";
</script>"""
    return _page(
        county,
        title="Auction Calendar",
        heading="Preview Items For Sale",
        css="AuctionDayNavigator.css",
        body=body,
        stamp=stamp,
    )
