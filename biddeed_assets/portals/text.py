"""Small text helpers the portal parsers share: whitespace cleanup, US dates, plain numbers, page loading, party names.

Pure functions, no I/O. Each keeps the exact behaviour the parsers had when they carried their own copy.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

import lxml.etree
import lxml.html

from biddeed_assets.portals.errors import ParseError

_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_UNSIGNED = re.compile(r"\d+(\.\d+)?")
_SIGNED = re.compile(r"-?\d+(\.\d+)?")

# Words that do not tell two party names apart ("BANK OF AMERICA, N.A." = "BANK AMERICA NA").
NAME_NOISE = frozenset(
    "THE OF A AN AND AS FOR TO N NA INC LLC LP LLP CORP CORPORATION CO COMPANY TR TRUSTEE TRUST ASSN "
    "ASSOCIATION NATIONAL FSB FKA AKA DBA SUCCESSOR BY MERGER ETAL ET AL".split()
)


def squish(text: str) -> str:
    """Non-breaking spaces made plain and all whitespace runs collapsed to one space, trimmed."""
    return " ".join(text.replace("\xa0", " ").split())


def text_of(el) -> str:
    """An lxml element's whole text, squished."""
    return squish(el.text_content())


def iso_date(text: str | None) -> str | None:
    """MM/DD/YYYY (first one in the text) as an ISO date, or None."""
    m = _MDY.search(text or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2))).isoformat()
    except ValueError:
        return None


def finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def number(text: str | None, *, signed: bool = False, percent: bool = False) -> float | None:
    """A plain figure such as '$1,234.56' (or '18.00%' with percent=True); anything else is None."""
    cleaned = (text or "").replace("$", "").replace(",", "")
    if percent:
        cleaned = cleaned.replace("%", "")
    cleaned = cleaned.strip()
    if not (_SIGNED if signed else _UNSIGNED).fullmatch(cleaned):
        return None
    return finite(float(cleaned))


def load_html(html: str | bytes, what: str, source_url: str | None, *, encoding: str = "utf-8"):
    """Parse a page with lxml; bytes are decoded with `encoding`; empty or unparsable text is a ParseError."""
    if isinstance(html, bytes):
        html = html.decode(encoding, errors="replace")
    if not html.strip():
        raise ParseError(f"the {what} is empty", source_url=source_url)
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"the {what} is not HTML: {exc}", source_url=source_url) from exc


def load_json(text: str | bytes, what: str, source_url: str | None) -> Any:
    """Parse a JSON body (bytes as UTF-8); empty or invalid text is a ParseError."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not text.strip():
        raise ParseError(f"the {what} is empty", source_url=source_url)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"the {what} is not JSON: {exc}", source_url=source_url) from exc


def name_words(name: str | None, *, drop_numbers: bool = False) -> frozenset[str]:
    """A party name's significant words: upper case, punctuation dropped, noise words (and numbers) left out."""
    words = re.sub(r"[^A-Z0-9 ]", " ", (name or "").upper().replace("N.A.", "NA")).split()
    return frozenset(
        w for w in words if w not in NAME_NOISE and not (drop_numbers and re.fullmatch(r"\d+(\.\d+)?", w))
    )


def names_match(a: str | None, b: str | None, *, drop_numbers: bool = False) -> bool:
    """Every significant word of the shorter name appears in the longer ('COOK,WALLACE' = 'WALLACE COOK')."""
    wa, wb = name_words(a, drop_numbers=drop_numbers), name_words(b, drop_numbers=drop_numbers)
    return bool(wa and wb) and (wa <= wb or wb <= wa)
