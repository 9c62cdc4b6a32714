"""The Brevard clerk's Foreclosure Sale List: `/clerk/Foreclosures/foreclosure_sales.html`, ISO-8859-1.

Printed on the markup of the real capture sale_list_2017-05.html (the notice block the real page carries
before its doctype included): one table, header case_number / case_title / comment /
foreclosure_sale_date, rows classed oddrows/evenrows, "PLAINTIFF VS DEFENDANT" titles, CANCELLED in the
comment of a cancelled sale, dates MM-DD-YYYY. Every sale listed on `as_of` (World.listed) is a row.
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from biddeed_assets.simulator.markup import escape
from biddeed_assets.simulator.web import LATIN1_HTML, route

PORTAL = "clerk"
PATH = "/clerk/Foreclosures/foreclosure_sales.html"
ENCODING = "iso-8859-1"
COLUMNS = ("case_number", "case_title", "comment", "foreclosure_sale_date")
# Rows the clerk's page sometimes carries that no parser should accept: a garbled number, an impossible date.
BAD_ROWS = (
    {"case_number": "05-20X4-CA-99-XXCA-BC", "plaintiff": "BAD NUMBER BANK", "defendant": "NOBODY"},
    {"case_number": "05-2024-CA-099999-XXCA-BC", "plaintiff": "BAD DATE BANK", "defendant": "NOBODY",
     "date_text": "13-45-2026"},
)
MAINTENANCE = b"<html><body><h3>The foreclosure sale list is being updated. Please check back.</h3></body></html>"

NOTICE = """<title>Foreclosure Sale List</title>
<body>
<center><h3><font color=red>Foreclosure Auctions are held at 11:00 AM at the Brevard County Government Center North,
    Brevard Room, 518 S. Palm Avenue, Titusville, Florida.</font></h3><h4><font color=black>If you have questions about
    Foreclosures, please review our Frequently Asked Questions (<a
            href="http://brevardclerk.us/index.cfm/foreclosures#faqs_e181b0a7-d97d-466b-88fb-6a0bb5fb3b0e"
            Class="navlink">FAQs</a>).<br>If you want to find case-specific information about a foreclosure file, you
    can perform a <a href="https://vweb1.brevardclerk.us/facts/facts_search.cfm" Class="navlink">Court Case Search</a>.</font>
</h4></center>
</body>
"""

STYLE = "".join(
    f"{selector} {{\n     font-family: MS Sans Serif;\n     font-size: {size} ;\n     text-align: {align};\n"
    f"     background-color: {background};\n     color: {color};\n }}\n"
    for selector, size, align, background, color in (
        ("BODY", "8pt", "Left", "#FFFFFF", "#0"), ("TH", "10pt", "Center", "#8282FF", "#FFFFFF"),
        (".oddrows", "8pt", "Left", "#FFFFFF", "#0"), (".evenrows", "8pt", "Left", "#FFFFBF", "#0"))
)

PAGE = NOTICE + """<!doctype html public "-//w3c//dtd html 4.0 transitional//en">
<html>
<head>
    <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
    <meta name="Author" content="Brevard County Clerk of Circuit Courts">
    <style type="text/css">
{style}

    </style>
    <title></title>
</head>
<body>
<p><b><font size=+2></font></b></p>
<table border=2 cellpadding=2 cellspacing=1>
    <tr>
{header}    </tr>
{rows}</table>
</body>
</html>
"""


def routes(sim) -> list[Route]:
    return [route(PATH, sale_list, portal=PORTAL, faults=sim.faults, context=sim)]


async def sale_list(request: Request, sim, fault: str | None) -> Response:
    """The list as published on the request's date (bad_rows: two unreadable rows added; no_table: none)."""
    if fault == "no_table":
        return Response(MAINTENANCE, media_type=LATIN1_HTML)
    rows = [
        {"case_number": c.case_number, "plaintiff": c.plaintiff, "defendant": c.defendant,
         "status": c.status, "auction_date": c.auction_date}
        for c in sim.world.listed("brevard", sim.as_of(request))
    ]
    if fault == "bad_rows" and rows:
        rows += [{**bad, "status": "SCHEDULED", "auction_date": rows[0]["auction_date"]} for bad in BAD_ROWS]
    return Response(page(rows), media_type=LATIN1_HTML)


def page(rows: list[dict]) -> bytes:
    """The sale list of rows {case_number, plaintiff, defendant, status, auction_date}, in ISO-8859-1.

    A row may carry `date_text` to print its date verbatim (how BAD_ROWS print an impossible date).
    """
    header = "".join(f"        <th>{column}</th>\n" for column in COLUMNS)
    return PAGE.format(style=STYLE, header=header, rows="".join(_row(i, row) for i, row in enumerate(rows))).encode(
        ENCODING, errors="replace")


def _row(i: int, row: dict) -> str:
    css = "oddrows" if i % 2 == 0 else "evenrows"
    date = row.get("date_text") or dt.date.fromisoformat(row["auction_date"]).strftime("%m-%d-%Y")
    comment = "CANCELLED" if row.get("status") == "CANCELLED" else "&nbsp;"
    cells = (escape(row["case_number"]), escape(f"{row['plaintiff']} VS {row['defendant']}"), comment, date)
    return "    <tr>\n" + "".join(f"        <td class={css}>{cell}</td>\n" for cell in cells) + "    </tr>\n"
