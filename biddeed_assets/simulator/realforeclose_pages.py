"""Rendering of the simulated RealForeclose pages, on the real captured pages' markup.

Pure functions (no request, no clock): the month calendar, the PREVIEW day page, the item card and
its status box, the @A..@L macro compression of LOAD's retHTML, and the LOAD / UPDATE JSON bodies.
The card is the real card of fixtures/real/realforeclose/hillsborough/load_area_C_2026-06-05.json,
character for character (tests/simulator/test_realforeclose_site.py checks it byte for byte); the
calendar day box is the real calendar.html's; the day page's pager spans (maxWA/maxCA/maxRA) follow
public scrapers, as the client does.

Counties differ in labels and small formats (CountyStyle): which value row a card prints, the city
line with or without "FL-", whether LOAD's cards carry the status box filled in or empty (the page
fills it from FNC=UPDATE), and whitespace before the JSON.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from biddeed_assets.portals.realforeclose import MACROS

# ---------------------------------------------------------------------------------------------
# County variants
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CountyStyle:
    """How one county's site prints what every site shows."""

    value_label: str  # the card's value row label
    value_field: str  # the Property attribute printed under it
    city_line: str  # format of the unlabeled row under the address: {city}, {zip}
    status_on_card: bool  # LOAD cards carry their status box filled in (else only UPDATE tells)
    load_prefix: str  # whitespace the county's ColdFusion template prints before LOAD's JSON
    case_link: str  # {case}, {key}: the clerk docket link around the case number
    parcel_link: str  # {parcel}: the appraiser link around the parcel id
    sale_time: str = "10:00 AM ET"


STYLES: dict[str, CountyStyle] = {
    # As the real Hillsborough capture: "Assessed Value", "CITY, FL- ZIP", closed cards LOADed with an
    # empty status box (load_area_C_2026-06-05.json), compact JSON.
    "hillsborough": CountyStyle(
        value_label="Assessed Value",
        value_field="assessed_value",
        city_line="{city}, FL- {zip}",
        status_on_card=False,
        load_prefix="",
        case_link="https://publicaccess.hillsclerk.com/PAVDirectSearch/index.html?CQID=320&OBKey__1006_1={key}",
        parcel_link=(
            "http://www.hcpafl.org/CamaDisplay.aspx?OutputMode=Display&SearchType=RealEstate&ParcelID={parcel}"
        ),
    ),
    # The other label and city-line variants the parser knows (several counties print the appraiser's
    # market value under "Property App. Market Value" and the city line without "FL-"); the real Duval
    # capture's own traits are its links and the whitespace before the JSON. Cards carry the status.
    "duval": CountyStyle(
        value_label="Property App. Market Value",
        value_field="market_value",
        city_line="{city}, {zip}",
        status_on_card=True,
        load_prefix="\n\n\t\n\t\n\n\t\n    \n\n\t\n   \t\n\n\n\t\n\t\n    \n  \t\n    ",
        case_link="http://oncore.duvalclerk.com/Details/GetDocumentByBookPage/OR/{book}/{page}",
        parcel_link="https://paopropertysearch.coj.net/Basic/Detail.aspx?RE={parcel}",
    ),
}
DEFAULT_STYLE = STYLES["hillsborough"]


def style_of(county: str) -> CountyStyle:
    return STYLES.get(county, DEFAULT_STYLE)


def county_title(county: str) -> str:
    return county.replace("_", " ").replace("-", " ").title()


# ---------------------------------------------------------------------------------------------
# Small formats
# ---------------------------------------------------------------------------------------------


def money(value: float) -> str:
    """$1,234.56, as every money cell and UPDATE amount prints."""
    return f"${value:,.2f}"


def site_date(day: dt.date) -> str:
    return day.strftime("%m/%d/%Y")


def clock(minutes_after_midnight: int) -> str:
    """10:07 AM ET from 607."""
    hours, minutes = divmod(minutes_after_midnight, 60)
    return f"{(hours - 1) % 12 + 1:02d}:{minutes:02d} {'AM' if hours < 12 else 'PM'} ET"


def text(value: object) -> str:
    """Escaped cell text; '@' as an entity, so the macro compression stays exact."""
    return html.escape(str(value), quote=False).replace("@", "&#64;")


def _digits(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value)


# ---------------------------------------------------------------------------------------------
# Item card
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusBox:
    """The card's ASTAT_MSG* lines, keyed as UPDATE keys them (A B C D SL ST); all blank when unset."""

    a: str = ""
    b: str = ""
    c: str = ""
    d: str = ""
    sl: str = ""
    st: str = ""

    def update_keys(self) -> dict[str, str]:
        return {"A": self.a, "B": self.b, "C": self.c, "D": self.d, "SL": self.sl, "ST": self.st}


BLANK = StatusBox()


@dataclass(frozen=True, slots=True)
class Card:
    aid: str
    case_number: str
    case_url: str
    final_judgment: float
    parcel_id: str
    parcel_url: str
    street: str
    city_line: str
    value_label: str
    value: float
    max_bid: float | None  # None prints "Hidden"
    status: StatusBox = BLANK
    auction_type: str = "FORECLOSURE"


def _row(label: str, value_html: str, *, aria: str = "", value_class: str = "AD_DTA") -> str:
    aria_attr = f' aria-label="{aria}"' if aria else ""
    return (
        f'<tr><td tabindex="0" class="AD_LBL" scope="row"{aria_attr}>{label}:</td>'
        f'<td tabindex="0" class="{value_class}">{value_html}</td></tr>'
    )


def _link(url: str, label: str) -> str:
    return f' <a href="{url}" onClick = "return showExitPopup();" target="_blank">{text(label)}</a>'


def render_status_box(box: StatusBox) -> str:
    return (
        '<div class="AUCTION_STATS" tabindex="0">'
        f'<div class="ASTAT_MSGA ASTAT_LBL">{text(box.a)}</div>'
        f'<div class="ASTAT_MSGB Astat_DATA">{text(box.b)}</div>'
        f'<div class="ASTAT_MSGC ASTAT_LBL">{text(box.c)}</div> '
        f'<div class="ASTAT_MSGD Astat_DATA">{text(box.d)}</div>'
        f'<div class="ASTAT_MSG_SOLDTO_Label ASTAT_LBL">{text(box.sl)}</div>'
        f'<div class="ASTAT_MSG_SOLDTO_MSG Astat_DATA">{text(box.st)}</div></div>'
    )


def render_card(card: Card) -> str:
    """One div#AITEM_<aid> card and its spacer, expanded (before macro compression)."""
    rows = (
        _row("Auction Type", text(card.auction_type))
        + _row("Case #", _link(card.case_url, card.case_number), aria="Case Number")
        + _row("Final Judgment Amount", money(card.final_judgment))
        + _row("Parcel ID", _link(card.parcel_url, card.parcel_id))
        + _row("Property Address", text(card.street))
        + f'<tr><td class="AD_LBL" scope="row"></td><td tabindex="0" class="AD_DTA">{text(card.city_line)}</td></tr> '
        + _row(card.value_label, money(card.value))
        + _row(
            "Plaintiff Max Bid",
            "Hidden" if card.max_bid is None else money(card.max_bid),
            value_class="AD_DTA ASTAT_MSGPB",
        )
    )
    return (
        f'<div id="AITEM_{card.aid}" aria-label="Auction Details" class="AUCTION_ITEM PREVIEW" '
        f'aid="{card.aid}" rem="0" isset="0">'
        f"{render_status_box(card.status)}"
        f'<div class="AUCTION_DETAILS"><table class="ad_tab"><tbody>{rows}</tbody></table></div></div>'
        '<div class="AUCTION_ITEM_SPACER">&nbsp;</div>'
    )


def case_url(style: CountyStyle, case_number: str, aid: str) -> str:
    key = int(_digits(aid) or 0) * 7 + 2_000_000_000  # a docket key of the real key's shape
    return style.case_link.format(
        key=key, book=20000 + int(aid[-4:] or 0) % 3000, page=int(aid[-3:] or 0) + 1, case=case_number
    )


def parcel_url(style: CountyStyle, parcel_id: str) -> str:
    return style.parcel_link.format(parcel=_digits(parcel_id))


# ---------------------------------------------------------------------------------------------
# LOAD and UPDATE bodies
# ---------------------------------------------------------------------------------------------

# One pass over the expansions, longest first, so a macro's letter never joins later text into another.
_COMPRESS = re.compile("|".join(re.escape(e) for e in sorted(MACROS.values(), key=len, reverse=True)))
_MACRO_OF = {expansion: macro for macro, expansion in MACROS.items()}


def compress(markup: str) -> str:
    """The site's @A..@L macro compression; expand_macros(compress(x)) == x for any x without '@'."""
    if "@" in markup:
        raise ValueError("markup with a literal '@' cannot be macro-compressed exactly")
    return _COMPRESS.sub(lambda m: _MACRO_OF[m.group(0)], markup)


EMPTY_LOAD = '{"retHTML":"","rlist":""}'


def load_body(style: CountyStyle, cards: Sequence[Card]) -> str:
    """FNC=LOAD's JSON: retHTML (compressed cards, then a space, as the real one) and rlist."""
    if not cards:
        return EMPTY_LOAD
    ret_html = compress("".join(render_card(card) for card in cards) + " ")
    rlist = ",".join(card.aid for card in cards)
    if style.load_prefix:  # Duval's template: whitespace, then `, "rlist"` with a space, trailing newlines
        return f'{style.load_prefix}{{"retHTML":{json.dumps(ret_html)}, "rlist":"{rlist}"}}\n\n\n\n'
    return f'{{"retHTML":{json.dumps(ret_html)},"rlist":"{rlist}"}}'


def update_body(items: Iterable[dict], *, area_counts: dict[str, int] | None = None) -> str:
    """FNC=UPDATE's JSON (see realforeclose.parse_update); no item gives COUNT 0 and no AITEM."""
    items = list(items)
    counts = area_counts or {}
    adata: dict = {"COUNT": len(items)}
    if items:
        adata["AITEM"] = items
    return json.dumps(
        {
            "RETURN": "OK",
            "PC": counts.get("R", 0),
            "WM": counts.get("W", 0),
            "CM": counts.get("C", 0),
            "ADATA": adata,
        },
        separators=(",", ":"),
    )


# ---------------------------------------------------------------------------------------------
# Page chrome, calendar, day page
# ---------------------------------------------------------------------------------------------


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
            f'Foreclosure<br><span class="CALMSG"><span class="CALACT">{box.active}</span> / '
            f'<span class="CALSCH">{box.scheduled}</span> FC<br></span><span class="CALTIME"> {box.time}</span>'
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
