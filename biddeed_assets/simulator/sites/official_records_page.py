"""OnCore's search.aspx result page, on the markup of the real captures name_search_results.html and
case_search_results.html: the dgResults grid, the zero-results box, or the result-limit message."""

from __future__ import annotations

import datetime as dt

from biddeed_assets.simulator.brevard.recorded import Recorded
from biddeed_assets.simulator.markup import escape, money, short_mdy


def results_page(docs: list[Recorded], *, searched_for: str, as_of: dt.date, exceeded: bool = False,
                 bad_rows: bool = False, no_grid: bool = False) -> bytes:
    """The OnCore search.aspx result page: the grid, the zero-results box, or the limit message shown."""
    rows = [_records_row(i, d) for i, d in enumerate(docs)]
    if bad_rows:
        rows.append(_records_row(len(rows), Recorded("MORTGAGE", as_of, "X", "", "", "???", "", None, "", "", ""))
                    .replace(short_mdy(as_of), "13/45/2026", 1))
    shown = bool(rows) and not exceeded and not no_grid
    grid = _RECORDS_GRID.format(rows="".join(rows)) if shown else ""
    count = len(docs) if shown else 0
    last_cfn = f"{as_of.year}{(as_of.timetuple().tm_yday * 631) % 999_999:06d}"
    page = _RECORDS_TEMPLATE.format(
        verified=f"{as_of.strftime('%A')}, {as_of.strftime('%b')} {as_of.day}, {as_of.year}",
        last_cfn=last_cfn,
        exceed_style="" if exceeded else "DISPLAY: none",
        zero_style="" if not shown and not exceeded and not no_grid else "display: none",
        zero_desc=escape(f"Searched for {searched_for}") if not shown and not exceeded else "",
        position=f"1 - {count}" if count else "0",
        count=count,
        searched_for=escape(searched_for),
        grid=grid,
    )
    return page.encode("windows-1252", errors="replace")


def _records_row(i: int, d: Recorded) -> str:
    doc_id = 6_000_000 + int(d.cfn[-6:] or 0) if d.cfn[-6:].isdigit() else 6_000_000 + i
    link = f"showdetails.aspx?id={doc_id}&amp;rn={i}&amp;pi=0&amp;ref=search"
    bg = "White" if i % 2 == 0 else "#EEEEEE"
    consideration = money(d.consideration) if d.consideration else "$0.00"
    return f"""
                    <tr onmouseover="this.style.backgroundColor='#B2E5FF';this.style.cursor='hand'"
                        onmouseout="this.style.backgroundColor='{bg}'" bgcolor="{bg}">
                        <td class="stdFontResults" align="Center">
                            <A class=stdFontResults href='{link}'>{i + 1}</A>
                        </td>
                        <td class="stdFontResults" align="Center">

                        </td>
                        <td class="stdFontResults">
                            <A class='stdFontResults'
                               href='{link}'>{escape(d.party_from)}</A>
                        </td>
                        <td class="stdFontResults">
                            {escape(d.party_to)}
                        </td>
                        <td class="stdFontResults">
                            {short_mdy(d.record_date)}
                        </td>
                        <td class="stdFontResults">
                            {escape(d.doc_type)}
                        </td>
                        <td class="stdFontResults">
                            OR
                        </td>
                        <td class="stdFontResults">
                            {escape(d.book)}
                        </td>
                        <td class="stdFontResults">
                            {escape(d.page)}
                        </td>
                        <td class="stdFontResults">
                            {escape(d.cfn)}
                        </td>
                        <td class="stdFontResults" align="Left">
                            {consideration}
                        </td>
                        <td class="stdFontResults">
                            {escape(d.legal)}
                        </td>
                        <td class="stdFontResults">
                            {escape(d.case_number)}
                        </td>
                    </tr>"""


def _sort_header(key: str, label: str, align: str = "") -> str:
    return (f"""                        <td{align}><font color="White"><b><a href="javascript:__doPostBack('SortDynamicColumn','{key}')"
                                                      style='color:White;'>{label}</a></b></font></td>
""")


_RECORDS_GRID = """
                <table cellspacing="0" cellpadding="3" rules="all" bordercolor="Gainsboro" border="1" id="dgResults"
                       width="100%">
                    <tr class="stdFontPager" align="Left">
                        <td colspan="13"><b><span>1</span></b></td>
                    </tr>
                    <tr class="navtop" bgcolor="#324396">
                        <td align="Center"><font color="White"><b>[row]</b></font></td>
""" + "".join(_sort_header(k, label, align) for k, label, align in (
    ("AddedDeleted", "Status", ' align="Center"'), ("FullName", "First Direct Name", ""),
    ("CrossPartyName", "First Indirect Name", ""), ("RecordDate", "RecordDate", ""),
    ("DocTypeKey", "DocTypeKey", ""), ("BookType", "Book", ""), ("BookInt", "Book", ""), ("PageInt", "Page", ""),
    ("ClerkInt", "CFN", ""), ("Consideration", "Consideration", ' align="Left"'), ("Comments", "First Legal", ""),
    ("CaseNumber", "CaseNumber", ""))).replace("{", "{{").replace("}", "}}") + """                    </tr>{rows}
                </table>"""

_RECORDS_TEMPLATE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<HTML>
<HEAD>
    <META http-equiv=Content-Type content="text/html; charset=windows-1252">
    <title>BREVARD COUNTY RECORDS VERIFIED THROUGH {verified}. LAST CFN = {last_cfn} </title>
    <LINK href="style/style.css" rel="stylesheet" type="text/css">
</HEAD>
<body bottomMargin=0 leftMargin=0 topMargin=0 rightMargin=0 MS_POSITIONING="GridLayout">
<form name="Form1" method="post" action="search.aspx" id="Form1">
    <div id="printerInvisible">
        <table cellSpacing=0 cellPadding=0 width="95%" align=center border=0>
            <TBODY>
            <tr id=trExceedMessage style="{exceed_style}" bgColor=#ffffff
            >
                <td>&nbsp;</td>
                <td><br>
                    <div id=ExceedMessage
                         style="FONT-WEIGHT: bold; FONT-SIZE: 12px; COLOR: red; FONT-FAMILY: Verdana"
                    >Maximum limit of
                        2000
                        records has been exceeded, please change the above
                        criteria.
                    </div>
                </td>
            </tr>
            </TBODY>
        </table>
    </div>
    <div id=zeroResult style="{zero_style}">
        <table id=resultTable cellspacing=0 cellpadding=0 width="95%" align=center border=0>
            <tr>
                <td vAlign=top align=left bgColor=#ffffff height=1><font face=Verdana color=#000000 size=2>
                    <span id="lbDescForNoResult">{zero_desc}</span></font></td>
            </tr>
            <TR>
                <TD>
                    <div id=ZeroResultsMsg
                         style="FONT-WEIGHT: bold; FONT-SIZE: 12px; COLOR: red; FONT-FAMILY: Verdana"
                    >0 Results Returned
                    </div>
                </TD>
            </TR>
        </table>
    </div>

    <!-- RESULTS -->
    <span id=results/>

    <table id=Table5 cellSpacing=0 cellPadding=0 width="95%" align=center border=0>
        <TBODY>
        <tr>
            <td vAlign=bottom align=left><font face=Verdana color=#324396 size=2><b>Search Results</b></font></td>
            <td vAlign=bottom align=right><font face=Verdana
                                                color=#000000 size=2>Showing&nbsp;<span
                    id="lblRecordPos"><b>{position}</b></span>
                &nbsp;of&nbsp;<span id="lblRecordCount"><b>{count}</b></span>&nbsp;&nbsp;
                <span id="lblSec"><b>(0.000 seconds)</b></span></font></td>
        </tr>
        <tr>
            <td vAlign=top align=left bgColor=#ffffff height=1><font face=Verdana color=#000000 size=2><span
                    id="lblSearchFor">Searched for {searched_for}</span></font>
            </td>
        </tr>
        <tr>
            <td colSpan=2>{grid}
            </td>
        </tr>
        </TBODY>
    </table>
</form>
</body>
</HTML>
"""
