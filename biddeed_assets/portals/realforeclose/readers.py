"""Small readers every RealForeclose page kind shares: text, money, site dates, HTML roots, URLs."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.etree
import lxml.html

from biddeed_assets.portals.errors import ParseError
from biddeed_assets.portals.text import decode as decode_text
from biddeed_assets.portals.text import load_json, require_closed

# lxml refuses NUL and most C0 controls; they carry nothing on these pages.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SITE_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\b\s*(.*)$", re.ASCII | re.S)
_MONEY = re.compile(r"^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$", re.ASCII)
_NO_VALUE = {"", "N/A", "NA", "NONE", "UNKNOWN", "HIDDEN", "-"}


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def value_of(text: str | None) -> str | None:
    """Whitespace-normalized text, or None when the page prints nothing meaningful."""
    cleaned = clean(text)
    return None if cleaned.upper() in _NO_VALUE else cleaned


def money(text: Any) -> float | None:
    """Dollars from '$1,234.56' (or a number); None for 'Hidden', blanks and anything unreadable."""
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    m = _MONEY.match(clean(str(text)))
    return float(m.group(1).replace(",", "") + (m.group(2) or "")) if m else None


def iso_of(mm: str, dd: str, yyyy: str) -> str | None:
    try:
        return date(int(yyyy), int(mm), int(dd)).isoformat()
    except ValueError:
        return None


def site_datetime(text: str | None) -> tuple[str | None, str | None]:
    """('2026-06-05', '10:00 AM ET') from '06/05/2026 10:00 AM ET'; (None, None) if not a date."""
    m = _SITE_DATE.match(text or "")
    if not m:
        return None, None
    return iso_of(m.group(1), m.group(2), m.group(3)), (clean(m.group(4)) or None)


def site_date(value: str | date) -> str:
    """MM/DD/YYYY, the form the site takes, from an ISO date string or a date."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return day.strftime("%m/%d/%Y")


def int_of(text: str | None) -> int | None:
    cleaned = clean(text)
    return int(cleaned) if cleaned.isascii() and cleaned.isdecimal() else None


def auction_kind(text: str | None) -> str | None:
    """FORECLOSURE / TAX_DEED from the site's wording (FC, Foreclosure, TD, TAXDEED, Tax Deed), else None."""
    words = clean(text).upper().replace(" ", "")
    if words in ("FC", "FORECLOSURE") or words.startswith("FORECLOS"):
        return "FORECLOSURE"
    if words in ("TD",) or words.startswith("TAXDEED"):
        return "TAX_DEED"
    return None


def html_root(
    html: str | bytes, *, what: str, source_url: str | None, whole: bool = False
) -> lxml.html.HtmlElement:
    """The markup under one element; `whole` pages must end with their </html> when they open one."""
    html = decode_text(html or "")
    if whole:
        require_closed(html, what, source_url)
    try:
        return lxml.html.fragment_fromstring(_CONTROL.sub("", html), create_parent="div")
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"{what} is not readable HTML: {exc}", source_url=source_url) from exc


def json_body(text: str | bytes, *, what: str, source_url: str | None) -> Any:
    return load_json(text or "", f"{what} body", source_url)


def county_from_url(url: str | None) -> str:
    """The county a site URL names (hillsborough from www.hillsborough.realforeclose.com), else 'unknown'."""
    try:
        host = (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return "unknown"
    labels = [label for label in host.split(".") if label]
    if labels[:1] == ["www"]:
        labels = labels[1:]
    if len(labels) >= 3 and labels[1] in ("realforeclose", "realtaxdeed"):
        return labels[0]
    return "unknown"


def query_value(url: str | None, *names: str) -> str | None:
    """The first non-blank value of any of `names` (case-insensitive) in the URL's query."""
    try:
        query = parse_qs(urlsplit(url or "").query)
    except ValueError:
        return None
    wanted = {name.lower() for name in names}
    for key, values in query.items():
        if key.lower() in wanted and values and values[0].strip():
            return values[0]
    return None
