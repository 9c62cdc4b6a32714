"""Brevard clerk's Foreclosure Sale List: fetch the static page and parse it into canonical records.

The page is ISO-8859-1 HTML with one table (case_number, case_title, comment, foreclosure_sale_date);
titles read "PLAINTIFF VS DEFENDANT", a CANCELLED comment marks a cancelled sale. Dates are MM-DD-YYYY
today; the list has also printed MM/DD/YYYY (2014) and YYYY-MM-DD (2017), and every one of them reads.
"""

from __future__ import annotations

import datetime as dt
import re

import httpx

from biddeed_assets.portals.errors import FetchError, ParseError, parse_errors_only
from biddeed_assets.portals.records import CaseRecord, ParsedPage, RejectedRow
from biddeed_assets.portals.text import decode as decode_text
from biddeed_assets.portals.text import load_html
from biddeed_assets.rules.case_numbers import InvalidCaseNumber, parse_brevard

SOURCE = "brevard_clerk"
COUNTY = "brevard"
DEFAULT_BASE_URL = "http://vweb2.brevardclerk.us/Foreclosures/"
PAGE_PATH = "foreclosure_sales.html"
ENCODING = "iso-8859-1"
HEADER = ("case_number", "case_title", "comment", "foreclosure_sale_date")
_VS = re.compile(r"\s+V(?:S|\.|S\.)?\s+")
# (pattern, group order) of every date form the real list has used: 05-10-2017, 06/11/2014, 2017-04-26.
_DATES = (
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), ("month", "day", "year")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("month", "day", "year")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("year", "month", "day")),
)
_HEADER_END = re.compile(r"foreclosure_sale_date\s*</th\s*>", re.I)
_TABLE_END = re.compile(r"</table\s*>", re.I)
_ROW_TAG = re.compile(r"<tr[\s>]", re.I)


def page_url(base_url: str) -> str:
    return base_url.rstrip("/") + "/" + PAGE_PATH


def fetch(http: httpx.Client, base_url: str) -> tuple[bytes, str]:
    """GET the sale list page; return its raw bytes and URL, or raise FetchError."""
    url = page_url(base_url)
    try:
        response = http.get(url)
    except httpx.HTTPError as exc:
        raise FetchError(f"sale list unreachable at {url}: {exc}") from exc
    if response.status_code != 200:
        raise FetchError(f"sale list at {url} answered HTTP {response.status_code}")
    if not response.content.strip():
        raise FetchError(f"sale list at {url} is empty")
    return response.content, url


def split_title(title: str) -> tuple[str | None, str | None]:
    """Split 'PLAINTIFF VS DEFENDANT'; a title without VS is all plaintiff."""
    parts = _VS.split(title.strip(), maxsplit=1)
    plaintiff = parts[0].strip() or None
    defendant = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
    return plaintiff, defendant


def parse_date(text: str) -> str:
    """The ISO date of a sale date cell in any form the list has used; a ParseError naming the value otherwise."""
    value = text.strip()
    for pattern, order in _DATES:
        m = pattern.match(value)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            try:
                return dt.date(parts["year"], parts["month"], parts["day"]).isoformat()
            except ValueError as exc:
                raise ParseError(f"sale date {value!r} is not a calendar date: {exc}") from None
    raise ParseError(f"sale date {value!r} is not MM-DD-YYYY, MM/DD/YYYY or YYYY-MM-DD")


def decode(content: bytes | str) -> str:
    """Decode the page: a BOM wins, then valid UTF-8 (a mis-served page), else the declared ISO-8859-1."""
    return decode_text(content, ENCODING, utf8_first=True)


def _cells(row) -> list[str]:
    return [" ".join(td.text_content().replace("\xa0", " ").split()) for td in row.findall("td")]


def _find_table(doc):
    for table in doc.iter("table"):
        headers = [" ".join(th.text_content().split()).lower() for th in table.iter("th")]
        if tuple(headers[:4]) == HEADER:
            return table
    return None


def _prove_whole(page: str, table, source_url: str | None) -> None:
    """The sale table must close, and hold every row its markup opens: a page cut between rows keeps
    good rows and says nothing, so only the closing tag and the row count tell."""
    header = _HEADER_END.search(page)
    start = page.lower().rfind("<table", 0, header.start()) if header else -1
    closing = _TABLE_END.search(page, header.end()) if header else None
    if header is None or start < 0 or closing is None:
        raise ParseError("the foreclosure sale table is cut off: no </table> after its header", source_url=source_url)
    opened = len(_ROW_TAG.findall(page, start, closing.start()))
    read = len(table.xpath(".//tr"))
    if opened != read:
        raise ParseError(
            f"the foreclosure sale table opens {opened} rows but {read} were read", source_url=source_url
        )


@parse_errors_only("sale list page")
def parse(content: bytes | str, *, source_url: str | None = None, max_year: int | None = None) -> ParsedPage:
    """Parse the sale list; bad rows are returned as rejected; a page without the whole table is a ParseError."""
    page = decode(content)
    doc = load_html(page, "sale list page", source_url)
    table = _find_table(doc)
    if table is None:
        raise ParseError("no foreclosure sale table on the page", source_url=source_url)
    _prove_whole(page, table, source_url)
    records: list[CaseRecord] = []
    rejected: list[RejectedRow] = []
    for row in table.iter("tr"):
        cells = _cells(row)
        if not cells:
            continue  # the header row has th, not td
        try:
            records.append(_record(cells, source_url, max_year))
        except (ValueError, InvalidCaseNumber, ParseError) as exc:
            reason = exc.reason if isinstance(exc, ParseError) else str(exc)
            rejected.append(RejectedRow(reason=reason, raw=" | ".join(cells), source_url=source_url))
    return ParsedPage(records=records, rejected=rejected)


def _record(cells: list[str], source_url: str | None, max_year: int | None) -> CaseRecord:
    if len(cells) < 4:
        raise ValueError(f"row has {len(cells)} cells, expected 4")
    case_cell, title, comment, date_cell = cells[:4]
    number = parse_brevard(case_cell, max_year=max_year)
    plaintiff, defendant = split_title(title)
    return CaseRecord(
        case_number=number.normalized,
        county=COUNTY,
        auction_date=parse_date(date_cell),
        auction_type="FORECLOSURE",
        status="CANCELLED" if "CANCEL" in comment.upper() else "SCHEDULED",
        plaintiff=plaintiff,
        defendant=defendant,
        source=SOURCE,
        source_url=source_url,
        court_type=number.court_type,
    )


def render(rows: list[dict], *, title: str = "") -> bytes:
    """Write rows ({case_number, plaintiff, defendant, status, auction_date}) as the clerk's page.

    A row may carry `date_text` to print its date verbatim (the simulator uses it for malformed rows).
    """
    out = [
        '<!doctype html public "-//w3c//dtd html 4.0 transitional//en">\n<html>\n<head>\n'
        '    <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">\n'
        '    <meta name="Author" content="Brevard County Clerk of Circuit Courts">\n'
        f"    <title>{title}</title>\n</head>\n<body>\n<table border=2 cellpadding=2 cellspacing=1>\n"
        "    <tr>\n" + "".join(f"        <th>{h}</th>\n" for h in HEADER) + "    </tr>\n"
    ]
    for i, row in enumerate(rows):
        cls = "oddrows" if i % 2 == 0 else "evenrows"
        date = row.get("date_text") or dt.date.fromisoformat(row["auction_date"]).strftime("%m-%d-%Y")
        comment = "CANCELLED" if row.get("status") == "CANCELLED" else "&nbsp;"
        title_cell = f"{row['plaintiff']} VS {row['defendant']}"
        out.append(
            "    <tr>\n"
            + "".join(
                f"        <td class={cls}>{v}</td>\n" for v in (row["case_number"], title_cell, comment, date)
            )
            + "    </tr>\n"
        )
    out.append("</table>\n</body>\n</html>\n")
    return "".join(out).encode(ENCODING, errors="replace")


@parse_errors_only("sale list page")
def to_json_rows(content: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `biddeed parse clerk-sale-list` view: records, then rejected rows flagged as such."""
    page = parse(content, source_url=source_url)
    rows = [r.to_dict() for r in page.records]
    rows += [{"rejected": True, "reason": r.reason, "raw": r.raw, "source_url": r.source_url} for r in page.rejected]
    return rows


PAGE_KINDS = {"clerk-sale-list": to_json_rows}
