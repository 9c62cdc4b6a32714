"""Small text helpers the portal parsers share: whitespace cleanup, US dates, plain numbers, page loading, party names.

Pure functions, no I/O. Each keeps the exact behaviour the parsers had when they carried their own copy.
"""

from __future__ import annotations

import codecs
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
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_OPEN = re.compile(r"<html[\s>]", re.I)
_HTML_CLOSE = re.compile(r"</html\s*>(?:\s|<!--.*?-->)*\Z", re.I | re.S)
# lxml refuses NUL and most C0 controls in text; they carry nothing on these pages.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

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


def decode(content: str | bytes, encoding: str = "utf-8", *, utf8_first: bool = False) -> str:
    """A page's text: a byte-order mark wins (a page re-encoded as UTF-16 still reads), then valid UTF-8
    when `utf8_first` (a page mis-served as UTF-8), else the site's `encoding`, undecodable bytes replaced."""
    if isinstance(content, str):
        return content
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content.decode(codec, errors="replace")
    if utf8_first and not content.isascii():
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return content.decode(encoding, errors="replace")


def require_closed(text: str, what: str, source_url: str | None) -> None:
    """A page that opens <html> must end with </html>: a page cut off anywhere loses its closing tag."""
    if _HTML_OPEN.search(text) and not _HTML_CLOSE.search(text[-4096:]):
        raise ParseError(
            f"the {what} is cut off: it opens <html> but does not end with </html>", source_url=source_url
        )


def load_html(html: str | bytes, what: str, source_url: str | None, *, encoding: str = "utf-8"):
    """Parse a whole page with lxml (bytes decoded with `encoding` unless a BOM says otherwise); an empty,
    cut-off or unparsable page is a ParseError."""
    html = decode(html, encoding)
    if not html.strip():
        raise ParseError(f"the {what} is empty", source_url=source_url)
    require_closed(html, what, source_url)
    try:
        return lxml.html.document_fromstring(_CONTROL.sub("", html))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ParseError(f"the {what} is not HTML: {exc}", source_url=source_url) from exc


def load_json(text: str | bytes, what: str, source_url: str | None) -> Any:
    """Parse a JSON body (bytes must be UTF-8, or carry a UTF-16/32 byte-order mark); empty, invalid or
    wrongly encoded text is a ParseError."""
    if isinstance(text, bytes):
        try:
            text = text.decode(json.detect_encoding(text))
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(f"the {what} is not UTF-8 JSON: {exc}", source_url=source_url) from exc
    text = text.lstrip("\ufeff")
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
