"""BECA's pages printed from a case's docket: the disclaimer, the case-number form, the case page."""

from __future__ import annotations

import datetime as dt

from biddeed_assets.simulator.brevard.docket import Event, case_type, docket_events
from biddeed_assets.simulator.brevard.names import docket_name
from biddeed_assets.simulator.markup import escape, mdy
from biddeed_assets.simulator.sites.beca_templates import DOCKET, HEAD
from biddeed_assets.simulator.truth import CaseTruth
from biddeed_assets.simulator.world import stream

JUDGES = ("LISA DAVIDSON", "CURTIS JACOBUS", "CHARLES CROCE", "KATHRYN SPEICHER", "MICHELLE NARDELLA",
          "DAVID DUGAN")
ATTORNEYS = (("LONEY ANTHONY", "FRENKEL LAMBERT WEISS WEISMAN & GORDON LLP", "1 E BROWARD BLVD STE 1430",
              "FORT LAUDERDALE, FL 33301-1843"),
             ("RUDY JAY F", "ALBERTELLI LAW", "PO BOX 23028", "TAMPA, FL 33623-2028"),
             ("SHAPIRO HEATHER", "ROBERTSON ANSCHUTZ SCHNEID CRANE", "6409 CONGRESS AVE STE 100",
              "BOCA RATON, FL 33487-2853"))
NO_CASE_MESSAGE = "No Matching Cases Found"


def docket_page(seed: int, truth: CaseTruth, as_of: dt.date, *, bad_rows: bool = False) -> bytes:
    """The BECA case page (all_results.cfm) on `as_of`, on the real case_docket.html's markup."""
    case, prop = truth.case, truth.property
    rng = stream(seed, "brevard", "docket-page", case.case_number)
    events = [e for e in docket_events(seed, truth) if e.entered <= as_of]
    judged = dt.date.fromisoformat(truth.judgment_date)
    status, status_day = ("DISPOSED", judged) if judged <= as_of else (
        "OPEN", dt.date.fromisoformat(truth.filing_date))
    numbers = {id(e): n for n, e in enumerate(sorted((e for e in events if e.document), key=lambda e: e.entered),
                                              start=1)}
    attorney, attorney_id = rng.choice(ATTORNEYS), rng.randint(3_000_000, 3_999_999)
    rows, pages = [], 0
    for seq, event in enumerate(events, start=1):
        barcode, page_count = 20_000_000 + rng.randint(0, 9_999_999), rng.randint(1, 9)
        pages += page_count if event.document else 0
        rows.append(_docket_row(event, numbers.get(id(event)), seq, barcode, page_count))
    if bad_rows:
        rows.append(_docket_row(Event(as_of, as_of, "ORDER ON GARBLED ENTRY", 9999), None, 0, 0, 1)
                    .replace(mdy(as_of), "13/45/2026", 1))
    defendant = docket_name(case.defendant)
    situs = f"{prop.street}", f"{prop.city}, FL {prop.zip}"
    participants = [
        _participant("DEFENDANT (1)", defendant, 3_000_000 + rng.randint(0, 999_999), *situs),
        _participant("DEFENDANT (2)", "UNKNOWN TENANT", 3_000_000 + rng.randint(0, 999_999), *situs),
        _participant("PLAINTIFF (1)", case.plaintiff, 1_000_000 + rng.randint(0, 999_999), "PO BOX 650043",
                     "DALLAS, TX 75265-0043"),
        f"""
        <tr>
            <td>ATTORNEY FOR: P1</td>
            <td>{escape(attorney[0])}</td>
            <td><a href="JavaScript:newPopup('Atty_Details.cfm?AttyPartId={attorney_id}');">{attorney_id}</a></td>
            <td>&nbsp;</td>
            <td>&nbsp;</td>
            <td>&nbsp;</td>
            <td>&nbsp;</td>
            <td>{escape(attorney[1])}</td>
            <td>{escape(attorney[2])}</td>
            <td>{escape(attorney[3])}</td>
        </tr>""",
    ]
    body = DOCKET.format(
        case_number=escape(case.case_number),
        title=escape(f"{case.plaintiff} VS {case.defendant}"),
        case_type=escape(case_type(truth)),
        filing_date=mdy(dt.date.fromisoformat(truth.filing_date)),
        status=status,
        status_date=mdy(status_day),
        judge=escape(rng.choice(JUDGES)),
        jurisdiction="CENTRAL" if case.court == "CA" else "COUNTY",
        participants="".join(participants),
        rows="".join(rows),
        pages=pages,
    )
    return body.encode("iso-8859-1", errors="replace")


def _docket_row(event: Event, number: int | None, seq: int, barcode: int, page_count: int) -> str:
    deputy = f"Deputy {1000 + barcode % 97}-EFILE-{mdy(event.entered)} {9 + barcode % 8:02d}:{barcode % 60:02d}"
    if event.document:
        return f"""
            <tr>

                <td width="5%" align="center"><a TITLE="View On Request"
                                                 href="JavaScript:newPopup('https://vmatrix1.brevardclerk.us/beca/Vor_Request.cfm?Brcd_id={barcode}');"><img
                        src="https://vmatrix1.brevardclerk.us/beca/images/file_vor.png"></a></td>

                <td width="10%" align="center">
                    <div class="m">{mdy(event.date)}<span>{deputy}</span></div>
                </td>
                <td width="10%" align="center">{number or ""}</td>
                <td width="52%" align="left">
                    <div class="m">{escape(event.description)} <span>Event Code {event.code}-Event Seq {seq}-Barcode ID {barcode}</span>
                    </div>
                </td>


                <td width="10%" align="center">{page_count}</td>

                <td width="10%" align="Right"></td>

            </tr>
"""
    amount = f"{event.amount:,.2f}" if event.amount is not None else ""
    return f"""
            <TR>
                <td width="5%"></td>
                <td width="10%" align="center">
                    <div class="m">{mdy(event.date)}<span>Deputy --{mdy(event.entered)} 07:11</span></div>
                </td>
                <td width="10%" align="center"></td>


                <td width="52%" align="left">
                    <div class="m">{escape(event.description)} <span>Event Code {event.code}-Event Seq {seq}</span></div>
                </td>


                <td width="10%" align="center"></td>
                <td width="10%" align="Right">{amount}</td>
            </TR>
"""


def _participant(kind: str, name: str, party_id: int, address: str, city: str) -> str:
    return f"""
        <tr>


            <td align="left">{escape(kind)}</td>

            <td align="left">{escape(name)}</td>

            <td align="left">{party_id}</td>

            <td align="left"><a href="DLNumber_Display.cfm?DLNumber="></td>
            <td align="left"></td>
            <td align="left"></td>
            <td align="center"></td>
            <td align="left">{escape(address)}</td>
            <td align="left"></td>
            <td align="left">{escape(city)}</td>

        </tr>
"""


def splash_page() -> bytes:
    return (HEAD.replace("{title}", "BECA") + """
<form name="splash" action="StartSearch.cfm" method="post">
    <p>The information on this site is provided as a public service. By accepting you agree that the Clerk is
    not liable for its accuracy.</p>
    <input type="radio" name="RadioChk" value="Yes"> I accept
    <input type="radio" name="RadioChk" value="No"> I do not accept
    <input type="submit" name="Submit" value="Submit">
</form>
</body>
</html>
""").encode("iso-8859-1")


def search_page(message: str = "") -> bytes:
    fields = "".join(f'<input type="text" name="CaseNumber{i}" size="{size}">' for i, size in
                     enumerate((2, 4, 2, 6, 4, 2), start=1))
    note = f'<p class="navy" style="color:red"><b>{escape(message)}</b></p>' if message else ""
    return (HEAD.replace("{title}", "Case Number Search") + f"""
<div align="center">
    {note}
    <form name="inputForm" action="CaseNumber_Search.cfm" method="post">
        <b>Case Number:</b> {fields}
        <input type="submit" name="submit" value="Search">
    </form>
</div>
</body>
</html>
""").encode("iso-8859-1")

