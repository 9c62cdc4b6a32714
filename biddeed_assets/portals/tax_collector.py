"""Brevard tax collector (Grant Street "TaxSys" parcel page) and RealTDM tax-certificate search results.

The parcel page shows a "Pay All: $X" button when anything is owed, then a timeline of roll years, each
with "$X due" (unpaid) or "Paid"; older years are folded behind a "..." link and are not invented here.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.text import decode as decode_text
from biddeed_assets.portals.text import finite, load_html, load_json, number, squish, text_of

SOURCE = "brevard_tax_collector"
DEFAULT_BASE_URL = "https://brevard.county-taxes.com"
PARCEL_URL_TEMPLATE = "{base_url}/public/real_estate/parcels/{account}"
BILLS_URL_TEMPLATE = "{base_url}/public/real_estate/parcels/{account}/bills"
REALTDM_BASE_URL = "https://brevard.realtdm.com"

YearStatus = Literal["PAID", "UNPAID"]

_MONEY = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})*|\d+)(\.\d{2})?")
_CERT = re.compile(r"\bCERT(?:IFICATE)?\.?\s*(?:#|NO\.?|NUMBER)?\s*:?\s*(\d{1,6}(?:[-/]\d{1,6})?)", re.I)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_TABLE_OPEN = re.compile(r"<table[\s>]", re.I)
_TABLE_END = re.compile(r"</table\s*>", re.I)


@dataclass(frozen=True, slots=True)
class TaxYear:
    """One roll year on the parcel's timeline."""

    year: int
    status: YearStatus | None  # None when the page says neither paid nor due
    amount_due: float | None  # None when paid or not shown
    certificate_numbers: tuple[str, ...] = ()
    status_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class TaxState:
    """What the tax collector shows for one real-estate account."""

    account: str
    geo_number: str | None = None
    owner: str | None = None
    situs: str | None = None
    assessed_value: float | None = None
    latest_bill_year: int | None = None
    ad_valorem: float | None = None
    non_ad_valorem: float | None = None
    years: list[TaxYear] = field(default_factory=list)
    total_unpaid: float | None = None
    certificate_numbers: tuple[str, ...] = ()
    source: str = SOURCE
    source_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class TaxCertificate:
    """One tax certificate sold against the parcel."""

    certificate_number: str
    tax_year: int | None = None
    face_amount: float | None = None
    interest_rate: float | None = None  # percent, e.g. 18.0
    status: str | None = None
    holder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def parcel_url(base_url: str, account: str | int) -> str:
    return PARCEL_URL_TEMPLATE.format(base_url=base_url.rstrip("/"), account=str(account).strip())


def _money(text: str | None) -> float | None:
    """The first dollar figure written in the text ("$859.99 due", "Pay All: $1,234.56")."""
    m = _MONEY.search(text or "")
    return finite(float(m.group(1).replace(",", "") + (m.group(2) or ""))) if m else None


def _number(text: str | None) -> float | None:
    return number(text, percent=True)


def _deflist(doc) -> dict[str, list[str]]:
    """Every <dt>label</dt><dd>value</dd> pair on the page as lines split at <br> (first occurrence wins)."""
    pairs: dict[str, list[str]] = {}
    for dt_el in doc.iter("dt"):
        dd = dt_el.getnext()
        if dd is not None and dd.tag == "dd":
            pairs.setdefault(text_of(dt_el).lower(), _lines(dd))
    return pairs


def _lines(el) -> list[str]:
    """An element's text lines, split at <br>."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append("\n" if child.tag == "br" else child.text_content())
        parts.append(child.tail or "")
    lines = (squish(line) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def _first(pairs: dict[str, list[str]], key: str) -> str | None:
    lines = pairs.get(key) or []
    return lines[0] if lines else None


def _joined(pairs: dict[str, list[str]], key: str) -> str | None:
    return ", ".join(pairs.get(key) or []) or None


def _account(doc, pairs: dict[str, list[str]]) -> str | None:
    cell = doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' parcel-account-number ')]")
    if cell and text_of(cell[0]):
        return text_of(cell[0])
    if _first(pairs, "account number"):
        return _first(pairs, "account number")
    for node in doc.xpath("//text()[contains(., 'Real Estate Account #')]"):
        m = re.search(r"Real Estate Account #\s*(\d+)", str(node))
        if m:
            return m.group(1)
    return None


def _timeline(doc) -> list[TaxYear]:
    years = []
    for li in doc.xpath("//ul[contains(concat(' ', normalize-space(@class), ' '), ' timeline ')]/li"):
        if "filler" in (li.get("class") or ""):
            continue  # the folded "..." years
        label = li.xpath("./a")
        year = _YEAR.search(text_of(label[0])) if label else None
        if year is None:
            continue
        amount_div = li.xpath("./div[contains(concat(' ', normalize-space(@class), ' '), ' amount ')]")
        status_text = text_of(amount_div[0]) if amount_div else text_of(li)
        years.append(_tax_year(int(year.group(1)), status_text, amount_div[0] if amount_div else li))
    return years


def _tax_year(year: int, status_text: str, el) -> TaxYear:
    lowered = status_text.lower()
    unpaid = "unpaid" in (el.get("class") or "").split() or re.search(r"\bdue\b", lowered) is not None
    status: YearStatus | None = "UNPAID" if unpaid else ("PAID" if re.search(r"\bpaid\b", lowered) else None)
    return TaxYear(
        year=year,
        status=status,
        amount_due=_money(status_text) if status == "UNPAID" else None,
        certificate_numbers=tuple(_CERT.findall(status_text)),
        status_text=status_text or None,
    )


def _pay_all(doc) -> float | None:
    for button in doc.iter("button"):
        text = text_of(button)
        if re.match(r"Pay All\s*:", text, re.I):
            return _money(text)
    return None


def _total_unpaid(pay_all: float | None, years: list[TaxYear]) -> float | None:
    """The Pay All figure; without one, 0 only when every listed year is paid, else the listed dues if all known."""
    if pay_all is not None:
        return pay_all
    if years and all(y.status == "PAID" for y in years):
        return 0.0
    due = [y.amount_due for y in years if y.status == "UNPAID"]
    if due and all(d is not None for d in due) and all(y.status is not None for y in years):
        return round(sum(d for d in due if d is not None), 2)
    return None


def _latest_bill(doc) -> tuple[int | None, float | None, float | None]:
    for h3 in doc.iter("h3"):
        m = re.search(r"\b(\d{4})\s+Annual bill", text_of(h3), re.I)
        dl = h3.getnext()
        if m and dl is not None and dl.tag == "dl":
            pairs = {
                text_of(d).lower(): text_of(d.getnext()) for d in dl.iter("dt") if d.getnext() is not None
            }
            return int(m.group(1)), _money(pairs.get("ad valorem")), _money(pairs.get("non-ad valorem"))
    return None, None, None


def _prove_total(pay_all: float | None, years: list[TaxYear], source_url: str | None) -> None:
    """Pay All covers at least the dues the timeline shows (folded years may add to it, never take away)."""
    shown = [y.amount_due for y in years if y.status == "UNPAID" and y.amount_due is not None]
    if pay_all is not None and round(sum(shown), 2) > pay_all + 0.005:
        raise ParseError(
            f"the tax page's Pay All ${pay_all:,.2f} is less than the ${sum(shown):,.2f} its years show due",
            source_url=source_url,
        )


@parse_errors_only("tax collector parcel page")
def parse_parcel_bill(html: str | bytes, *, source_url: str | None = None) -> TaxState:
    """Parse the whole parcel page: account, per-year paid/due, Pay All total, certificate numbers if shown."""
    doc = load_html(html, "tax collector parcel page", source_url)
    pairs = _deflist(doc)
    account = _account(doc, pairs)
    years = _timeline(doc)
    if account is None or not years:
        raise ParseError(
            "no real-estate account with a roll-year timeline on the page", source_url=source_url
        )
    pay_all = _pay_all(doc)
    _prove_total(pay_all, years, source_url)
    bill_year, ad_valorem, non_ad_valorem = _latest_bill(doc)
    certificates = tuple(dict.fromkeys(c for y in years for c in y.certificate_numbers))
    return TaxState(
        account=account,
        geo_number=_first(pairs, "geo number"),
        owner=_first(pairs, "owner"),
        situs=_joined(pairs, "situs"),
        assessed_value=_number(_first(pairs, "assessed value")),
        latest_bill_year=bill_year,
        ad_valorem=ad_valorem,
        non_ad_valorem=non_ad_valorem,
        years=years,
        total_unpaid=_total_unpaid(pay_all, years),
        certificate_numbers=certificates,
        source_url=source_url,
    )


# ---- RealTDM certificate search results ----

_CERT_FIELDS = {
    "certificate_number": re.compile(r"cert(ificate)?\s*(#|no|num|number)|^certificate$", re.I),
    "tax_year": re.compile(r"(tax\s*)?year", re.I),
    "face_amount": re.compile(r"face|amount", re.I),
    "interest_rate": re.compile(r"rate|interest", re.I),
    "status": re.compile(r"status", re.I),
    "holder": re.compile(r"holder|bidder|owner", re.I),
}


@parse_errors_only("RealTDM certificate page")
def parse_realtdm_certificates(text: str | bytes, *, source_url: str | None = None) -> list[TaxCertificate]:
    """Parse RealTDM certificate search results; no real page was captured, so the format is ours.

    HTML: the first <table> whose header row (<th>) has a certificate-number column ("Certificate #",
    "Cert No", "Certificate Number"); other columns are found by header words: year ("Tax Year"), face
    ("Face Amount"), rate ("Interest Rate", "18.00%"), "Status", holder ("Certificate Holder", "Bidder").
    Money may carry $ and commas. JSON: a list of objects with the TaxCertificate field names, or
    {"certificates": [...]}. A table with a header and no rows is an empty list; a page without such a
    table, or whose table does not close (a cut page), is a ParseError.
    """
    if isinstance(text, bytes):
        if text.lstrip()[:1] in (b"[", b"{"):
            return _certificates_from_json(text, source_url)
        text = decode_text(text)
    stripped = text.strip().lstrip("\ufeff")
    if stripped.startswith(("[", "{")):
        return _certificates_from_json(stripped, source_url)
    doc = load_html(text, "RealTDM certificate page", source_url)
    for table in doc.iter("table"):
        header_row = next((tr for tr in table.iter("tr") if tr.xpath("./th")), None)
        if header_row is None:
            continue
        columns = _cert_columns([text_of(th) for th in header_row.xpath("./th")])
        if "certificate_number" in columns:
            if len(_TABLE_END.findall(text)) < len(_TABLE_OPEN.findall(text)):
                raise ParseError(
                    "the RealTDM certificate table is cut off: it does not close (</table>)", source_url=source_url
                )
            return _certificates_from_rows(header_row, columns)
    raise ParseError(
        "no certificate table (a 'Certificate #' column) on the RealTDM page", source_url=source_url
    )


def _cert_columns(headers: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, header in enumerate(headers):
        for name, pattern in _CERT_FIELDS.items():
            if name not in columns and pattern.search(header):
                columns[name] = i
                break
    return columns


def _certificates_from_rows(header_row, columns: dict[str, int]) -> list[TaxCertificate]:
    certificates = []
    for tr in header_row.itersiblings("tr"):
        cells = [text_of(td) for td in tr.xpath("./td")]
        if len(cells) <= max(columns.values()) or not cells[columns["certificate_number"]]:
            continue
        certificates.append(_certificate({name: cells[i] for name, i in columns.items()}))
    return certificates


def _certificate(values: dict[str, Any]) -> TaxCertificate:
    def s(key: str) -> str | None:
        value = values.get(key)
        return (
            " ".join(str(value).split()) or None
            if value is not None and not isinstance(value, (dict, list))
            else None
        )

    year = _YEAR.search(s("tax_year") or "")
    status = s("status")
    return TaxCertificate(
        certificate_number=s("certificate_number") or "",
        tax_year=int(year.group(1)) if year else None,
        face_amount=_number(s("face_amount")),
        interest_rate=_number(s("interest_rate")),
        status=status.upper() if status else None,
        holder=s("holder"),
    )


def _certificates_from_json(text: str | bytes, source_url: str | None) -> list[TaxCertificate]:
    data = load_json(text, "RealTDM response", source_url)
    if isinstance(data, dict):
        data = data.get("certificates")
    if not isinstance(data, list):
        raise ParseError(
            "RealTDM JSON must be a list of certificates or {'certificates': [...]}", source_url=source_url
        )
    rows = [_certificate(row) for row in data if isinstance(row, dict)]
    if len(rows) != len(data) or any(not r.certificate_number for r in rows):
        raise ParseError("every RealTDM certificate needs a certificate_number", source_url=source_url)
    return rows


@parse_errors_only("tax collector parcel page")
def bill_rows(text: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `tax-bill` view: the parcel's tax state."""
    return [parse_parcel_bill(text, source_url=source_url).to_dict()]


@parse_errors_only("RealTDM certificate page")
def certificate_rows(text: str | bytes, source_url: str | None = None) -> list[dict]:
    """The `realtdm-certificates` view: one row per certificate."""
    return [c.to_dict() for c in parse_realtdm_certificates(text, source_url=source_url)]


PAGE_KINDS = {"tax-bill": bill_rows, "realtdm-certificates": certificate_rows}
