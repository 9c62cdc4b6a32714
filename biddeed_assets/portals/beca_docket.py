"""Brevard clerk court dockets: the BECA case page and the eFACTS "Register of Actions Activity" page.

Both list the case's events (date, description, amount). The Amount column holds clerk fees ("ASM:"
assessments) on the real pages, so a judgment amount is read only from the judgment event itself (a
"$123,456.78" in its description, else its own Amount cell) and a sale price only from a sale event's
description; a bracket bound such as ">$50,000" is never an amount.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.text import iso_date, load_html, name_words, number, squish, text_of
from biddeed_assets.portals.text import names_match as _names_match
from biddeed_assets.rules.case_numbers import InvalidCaseNumber, parse_brevard

SOURCE = "brevard_beca"
BECA_BASE_URL = "https://vmatrix1.brevardclerk.us/beca"
# The docket is reached by form, not by a stable URL: accept the disclaimer (POST RadioChk=Yes,
# Submit=Submit to StartSearch.cfm), then POST the case number's six parts (case_number_form) to the
# case-number search; the docket itself is a session-bound all_results.cfm?x=<token>.
BECA_SPLASH_URL_TEMPLATE = "{base_url}/beca_splash.cfm"
BECA_START_URL_TEMPLATE = "{base_url}/StartSearch.cfm"
BECA_CASE_SEARCH_URL_TEMPLATE = "{base_url}/CaseNumber_Search.cfm"
# The older eFACTS pages take the same six fields by POST.
EFACTS_BASE_URL = "https://vweb1.brevardclerk.us/facts"
EFACTS_CASE_URL_TEMPLATE = "{base_url}/d_caseno.cfm"
EFACTS_REGISTER_URL_TEMPLATE = "{base_url}/d_reg_actions.cfm"

OutcomeStatus = Literal["SOLD", "CANCELLED"]
SoldTo = Literal["THIRD_PARTY", "PLAINTIFF"]

_MONEY_IN_TEXT = re.compile(r"(?<![<>=])\$\s?(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})\b")
_VS = re.compile(r"\s+VS?\.?\s+")
_JUDGMENT = re.compile(r"\bF/J\b|FINAL\s+JUDG|JUDGMENT\s+OF\s+FORECLOSURE|SUMMARY\s+JDGMNT\s+FORECLOSURE")
# Filings that ask for, announce or bill an act rather than record it.
_REQUEST = re.compile(
    r"^(ER:\s*)?(MOTION|MTN|NOTICE|NTC|PROPOSED|AFFIDAVIT|OBJECTION|RESPONSE|MEMORANDUM|REQUEST|CAL:|ASM)"
)
_ORDER_DENYING = re.compile(r"^(ER:\s*)?ORD(ER)?\s+DENY")
_ORDER_ON_MOTION = re.compile(r"^(ER:\s*)?ORD(ER)?\s+(ON|DENY\w*|GRANT\w*|SET\w*)\b")
_SALE_HELD = re.compile(r"CERTIFICATE\s+OF\s+SALE|CERTIFICATE\s+OF\s+TITLE|\bSALE\s+HELD\b")
_SALE_CANCEL = re.compile(r"\bSALE\b.*\b(CANCEL|RESCHED)|\b(CANCEL|RESCHED)\w*\b.*\bSALE\b")
_SALE_CALENDAR = re.compile(r"^CAL:\s*FORECLOSURE\s+SALE")
_TITLE_BUYER = re.compile(r"CERTIFICATE\s+OF\s+TITLE\s*(?:ISSUED\s+)?(?:TO\b|-|:)\s*(?P<name>.+)$")
_CLAIM = re.compile(r"\$?\s?(\d[\d,]*)")
_TOTAL_PAGES = re.compile(r"Total Number of Document Pages", re.I)


@dataclass(frozen=True, slots=True)
class DocketEvent:
    """One register-of-actions line."""

    date: str | None  # ISO date
    description: str
    amount: float | None = None  # the Amount column: clerk fees, not the judgment
    document_number: str | None = None
    event_code: str | None = None
    party: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened at one scheduled sale, as the docket tells it."""

    status: OutcomeStatus
    sale_date: str | None
    sold_amount: float | None = None
    sold_to: SoldTo | None = None
    evidence: str | None = None  # the description that decided it

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Docket:
    """A court case's docket: case facts, final judgment and events; unknown is None."""

    case_number: str | None
    title: str | None = None
    plaintiff: str | None = None
    case_type: str | None = None
    homestead: bool | None = None
    claim_min: float | None = None
    claim_max: float | None = None
    filing_date: str | None = None
    case_status: str | None = None
    final_judgment_amount: float | None = None
    final_judgment_date: str | None = None
    events: list[DocketEvent] = field(default_factory=list)
    page: str = "docket"  # docket (BECA case page) or register (eFACTS register of actions)
    source: str = SOURCE
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def case_number_form(case_number: str) -> dict[str, str]:
    """The six CaseNumber fields BECA and eFACTS take for '05-2013-CA-026727-XXXX-XX'."""
    try:
        number = parse_brevard(case_number)
    except InvalidCaseNumber as exc:
        raise ValueError(str(exc)) from exc
    parts = number.normalized.split("-")
    return {f"CaseNumber{i}": part for i, part in enumerate(parts, start=1)}


def _own_text(el) -> str:
    """An element's text without its <span> descendants (BECA tucks deputy and event codes into spans)."""
    parts: list[str] = []

    def walk(node) -> None:
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag != "span":
                walk(child)
            parts.append(child.tail or "")

    walk(el)
    return squish("".join(parts))


def _fee(text: str | None) -> float | None:
    """The Amount column's figure (clerk fees); a sign is allowed there."""
    return number(text, signed=True)


def money_in_description(description: str) -> float | None:
    """A dollar amount written in an event's description with cents, not a bracket bound; else None."""
    m = _MONEY_IN_TEXT.search(description)
    value = float(m.group(1).replace(",", "") + "." + m.group(2)) if m else None
    return value if value is not None and math.isfinite(value) else None


def _load(html: str | bytes, source_url: str | None):
    # The clerk serves ISO-8859-1; every byte decodes.
    return load_html(html, "docket page", source_url, encoding="iso-8859-1")


def _header(row) -> list[str]:
    return [text_of(th).lower() for th in row.xpath("./th")]


def _header_row(doc, *names: str):
    for row in doc.iter("tr"):
        header = _header(row)
        if all(n in header for n in names):
            return row, header
    return None, None


# ---- the BECA case page ----


@parse_errors_only("docket page")
def parse_docket(html: str | bytes, *, source_url: str | None = None) -> Docket:
    """Parse the whole BECA case page (Case Information, Participants, Register Of Actions)."""
    return _docket_of(_load(html, source_url), source_url)


def _docket_of(doc, source_url: str | None) -> Docket:
    info = _case_information(doc)
    if info is None:
        raise ParseError(
            "no Case Information table (Case Number, Case Type, Filing Date)", source_url=source_url
        )
    events = _beca_events(doc, source_url)
    title = _beca_title(doc)
    homestead, claim_min, claim_max = parse_case_type(info.get("case type"))
    judgment_date, judgment_amount = final_judgment(events)
    return Docket(
        case_number=_case_number(info.get("case number")),
        title=title,
        plaintiff=_beca_plaintiff(doc) or split_title(title)[0],
        case_type=info.get("case type") or None,
        homestead=homestead,
        claim_min=claim_min,
        claim_max=claim_max,
        filing_date=iso_date(info.get("filing date")),
        case_status=info.get("case status") or None,
        final_judgment_amount=judgment_amount,
        final_judgment_date=judgment_date,
        events=events,
        page="docket",
        source_url=source_url,
    )


def _case_number(text: str | None) -> str | None:
    m = re.search(r"\d{2}-\d{4}-[A-Z]{2}-\d{6}-[A-Z]{4}-[A-Z]{2}", text or "")
    return m.group(0) if m else None


def _case_information(doc) -> dict[str, str] | None:
    row, header = _header_row(doc, "case number", "case type", "filing date")
    if row is None:
        return None
    for data_row in row.itersiblings("tr"):
        cells = data_row.xpath("./td")
        if len(cells) >= len(header):
            return {name: _own_text(cell) for name, cell in zip(header, cells, strict=False)}
    return None


def _beca_title(doc) -> str | None:
    for h5 in doc.iter("h5"):
        text = text_of(h5)
        if _VS.search(text):
            return text
    return None


def _beca_plaintiff(doc) -> str | None:
    row, header = _header_row(doc, "type", "name", "participant id")
    if row is None:
        return None
    for data_row in row.itersiblings("tr"):
        cells = [text_of(td) for td in data_row.xpath("./td")]
        if len(cells) >= 2 and cells[0].upper().startswith("PLAINTIFF"):
            return cells[1] or None
    return None


def _beca_events(doc, source_url: str | None) -> list[DocketEvent]:
    row, header = _header_row(doc, "event date", "description", "amount")
    if row is None:
        raise ParseError(
            "no Register Of Actions table (Event Date, Description, Amount)", source_url=source_url
        )
    table = row.getparent()
    if not any(_TOTAL_PAGES.search(text_of(tr)) for tr in table.iter("tr")):
        raise ParseError(
            "the Register Of Actions is cut off: no closing 'Total Number of Document Pages' row",
            source_url=source_url,
        )
    col = {name: i for i, name in enumerate(header)}
    events = []
    # The event rows sit in a table nested inside the header's table, so walk all descendants.
    for tr in table.iter("tr"):
        cells = tr.xpath("./td")
        if len(cells) != len(header):
            continue
        date_cell, desc_cell = cells[col["event date"]], cells[col["description"]]
        date = iso_date(_own_text(date_cell))
        if date is None:
            continue  # the closing "Total Number of Document Pages" row
        code = re.search(r"Event Code (\d+)", text_of(desc_cell))
        doc_no = text_of(cells[col["document number"]]) if "document number" in col else ""
        events.append(
            DocketEvent(
                date=date,
                description=_own_text(desc_cell).upper(),
                amount=_fee(text_of(cells[col["amount"]])),
                document_number=doc_no or None,
                event_code=code.group(1) if code else None,
            )
        )
    return events


def parse_case_type(case_type: str | None) -> tuple[bool | None, float | None, float | None]:
    """(homestead, claim_min, claim_max) from e.g. 'FCL-HOMESTEAD $50001-$249999' or 'FCL-NON-HOMESTEAD $250000 & >'."""
    text = (case_type or "").upper()
    homestead: bool | None = None
    if re.search(r"NON[- ]?HOMEST", text):
        homestead = False
    elif "HOMEST" in text:
        homestead = True
    amounts = [float(a.replace(",", "")) for a in _CLAIM.findall(text)]
    amounts = [a for a in amounts if math.isfinite(a)]
    if len(amounts) >= 2:
        return homestead, amounts[0], amounts[1]
    if len(amounts) == 1 and re.search(r"&\s*>|\+|OR\s+(MORE|GREATER)|>", text):
        return homestead, amounts[0], None
    return homestead, None, None


def split_title(title: str | None) -> tuple[str | None, str | None]:
    """Split 'PLAINTIFF VS DEFENDANT'."""
    if not title:
        return None, None
    parts = _VS.split(title.strip(), maxsplit=1)
    return (parts[0].strip() or None), (parts[1].strip() or None if len(parts) > 1 else None)


# ---- the eFACTS register of actions page ----


@parse_errors_only("register of actions page")
def parse_register_of_actions(html: str | bytes, *, source_url: str | None = None) -> list[DocketEvent]:
    """Parse the eFACTS 'Register of Actions Activity' table (Prty, Event Date, ..., Description, Amount)."""
    return _register_events(_load(html, source_url), source_url)


def _register_events(doc, source_url: str | None) -> list[DocketEvent]:
    row, header = _header_row(doc, "event date", "description", "amount", "prty")
    if row is None:
        raise ParseError(
            "no Register of Actions table (Prty, Event Date, Description, Amount)", source_url=source_url
        )
    col = {name: i for i, name in enumerate(header)}
    events = []
    for tr in row.itersiblings("tr"):
        cells = [text_of(td) for td in tr.xpath("./td")]
        if len(cells) != len(header):
            continue
        date = iso_date(cells[col["event date"]])
        if date is None:
            continue
        events.append(
            DocketEvent(
                date=date,
                description=cells[col["description"]].upper(),
                amount=_fee(cells[col["amount"]]),
                document_number=cells[col["doc"]] or None if "doc" in col else None,
                party=cells[col["prty"]] or None,
            )
        )
    return events


@parse_errors_only("register of actions page")
def parse_register_page(html: str | bytes, *, source_url: str | None = None) -> Docket:
    """The register page as a Docket: case number and title from its heading, events from its table."""
    return _register_of(_load(html, source_url), source_url)


def _register_of(doc, source_url: str | None) -> Docket:
    events = _register_events(doc, source_url)
    heading = doc.xpath("//font[@color='Maroon' or @color='maroon']")
    titles = doc.xpath("//font[@color='Blue' or @color='blue']")
    case_number = _case_number(text_of(heading[0])) if heading else None
    if case_number is None:
        case_number = _case_number(" ".join(doc.xpath("//title/text()")))
    title = text_of(titles[0]) if titles else None
    judgment_date, judgment_amount = final_judgment(events)
    return Docket(
        case_number=case_number,
        title=title,
        plaintiff=split_title(title)[0],
        final_judgment_amount=judgment_amount,
        final_judgment_date=judgment_date,
        events=events,
        page="register",
        source_url=source_url,
    )


@parse_errors_only("docket page")
def parse_page(html: str | bytes, *, source_url: str | None = None) -> Docket:
    """Parse either docket page, telling them apart by their tables."""
    doc = _load(html, source_url)  # once: the page is a few hundred kB of tables
    if _header_row(doc, "event date", "description", "prty")[0] is not None:
        return _register_of(doc, source_url)
    return _docket_of(doc, source_url)


# ---- what the events say ----


def is_judgment_event(description: str) -> bool:
    """A final judgment entered or recorded (not a motion for one, nor a vacating order)."""
    d = description.upper()
    return (
        bool(_JUDGMENT.search(d))
        and not _REQUEST.match(d)
        and not _ORDER_ON_MOTION.match(d)
        and "VACAT" not in d
    )


def final_judgment(events: list[DocketEvent]) -> tuple[str | None, float | None]:
    """(date, amount) of the latest final-judgment event; the amount only when the docket states it."""
    judgments = [e for e in events if is_judgment_event(e.description)]
    if not judgments:
        return None, None
    latest = max(judgments, key=lambda e: e.date or "")
    amount = money_in_description(latest.description)
    return latest.date, amount if amount is not None else latest.amount


def sale_events(events: list[DocketEvent]) -> list[DocketEvent]:
    """Events that show a sale took place: certificate of sale, certificate of title, sale held."""
    return [
        e
        for e in events
        if _SALE_HELD.search(e.description)
        and not _REQUEST.match(e.description)
        and "VACAT" not in e.description
    ]


def cancellation_events(events: list[DocketEvent]) -> list[DocketEvent]:
    """Orders and clerk results cancelling or rescheduling a sale (motions and notices asking for it are not)."""
    return [
        e
        for e in events
        if _SALE_CANCEL.search(e.description)
        and not _REQUEST.match(e.description)
        and not _ORDER_DENYING.match(e.description)
    ]


def scheduled_sale_dates(events: list[DocketEvent]) -> list[str]:
    """Dates the court calendar set a foreclosure sale for ("CAL:FORECLOSURE SALE"), ascending."""
    return sorted({e.date for e in events if e.date and _SALE_CALENDAR.match(e.description)})


def outcome_from_events(
    events: list[DocketEvent], *, sale_date: str | None = None, plaintiff: str | None = None
) -> Outcome | None:
    """SOLD or CANCELLED for one sale (default: the latest calendared), or None when the docket does not say.

    The window of a sale runs from its date up to the next calendared sale. SOLD when a sale event
    (sale held, certificate of sale or title) falls in the window. CANCELLED when a cancellation is dated
    on the sale day, or an order cancelling/rescheduling falls after the previous calendared sale and on
    or before this one. The sold amount is read only from a sale event's description. sold_to comes only
    from a certificate of title that names its buyer: PLAINTIFF when that name matches the plaintiff
    (every significant word of the shorter name appears in the other), THIRD_PARTY otherwise.
    """
    calendar = scheduled_sale_dates(events)
    target = sale_date or (calendar[-1] if calendar else None)
    if target is None:
        dated = [e.date for e in sale_events(events) + cancellation_events(events) if e.date]
        target = max(dated) if dated else None
    if target is None:
        return None
    later = [d for d in calendar if d > target]
    earlier = [d for d in calendar if d < target]
    window_end = later[0] if later else "9999-12-31"
    window_start = earlier[-1] if earlier else "0000-01-01"
    sold = [e for e in sale_events(events) if e.date and target <= e.date < window_end]
    if sold:
        return _sold(target, sold, plaintiff)
    cancelled = [e for e in cancellation_events(events) if e.date and window_start < e.date <= target]
    if cancelled:
        # The clerk's result on the sale day is the best evidence; an earlier order comes next.
        best = max(cancelled, key=lambda e: e.date or "")
        return Outcome(status="CANCELLED", sale_date=target, evidence=best.description)
    return None


def _sold(target: str, sold: list[DocketEvent], plaintiff: str | None) -> Outcome:
    amounts = [a for e in sold if (a := money_in_description(e.description)) is not None]
    buyer = next((m.group("name") for e in sold if (m := _TITLE_BUYER.search(e.description))), None)
    return Outcome(
        status="SOLD",
        sale_date=target,
        sold_amount=amounts[0] if amounts else None,
        sold_to=buyer_kind(buyer, plaintiff),
        evidence=sold[0].description,
    )


def names_match(a: str | None, b: str | None) -> bool:
    """Two party names match when every significant word of the shorter is in the longer (numbers ignored)."""
    return _names_match(a, b, drop_numbers=True)


def buyer_kind(buyer: str | None, plaintiff: str | None) -> SoldTo | None:
    """PLAINTIFF or THIRD_PARTY for a named buyer, None when the buyer or the plaintiff is unknown."""
    if not buyer or not plaintiff or not name_words(buyer, drop_numbers=True):
        return None
    return "PLAINTIFF" if names_match(buyer, plaintiff) else "THIRD_PARTY"


@parse_errors_only("docket page")
def docket_rows(text: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `beca-docket` view: the docket with its sale, cancellation and outcome findings."""
    docket = parse_page(text, source_url=source_url)
    outcome = outcome_from_events(docket.events, plaintiff=docket.plaintiff)
    row = docket.to_dict()
    row["scheduled_sale_dates"] = scheduled_sale_dates(docket.events)
    row["sale_events"] = [e.to_dict() for e in sale_events(docket.events)]
    row["cancellation_events"] = [e.to_dict() for e in cancellation_events(docket.events)]
    row["outcome"] = outcome.to_dict() if outcome else None
    return [row]


PAGE_KINDS = {"beca-docket": docket_rows}
