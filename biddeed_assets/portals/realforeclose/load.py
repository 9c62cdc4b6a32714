"""FNC=LOAD payloads: JSON {"retHTML","rlist"} with @A..@L macro-compressed item cards, proved by the rlist."""

from __future__ import annotations

from typing import Any

from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.realforeclose.cards import ITEM_DIV, ITEM_ID, parse_items_html
from biddeed_assets.portals.realforeclose.readers import json_body
from biddeed_assets.portals.records import ParsedPage
from biddeed_assets.portals.text import decode as decode_text

# The expansion table public scrapers read from the site's auction.js, checked byte for byte against a
# real decoded LOAD. No expansion contains "@", so replacing one macro after another is exact.
MACROS: dict[str, str] = {
    "@A": '<div class="',
    "@B": "</div>",
    "@C": 'class="',
    "@D": "<div>",
    "@E": "AUCTION",
    "@F": "</td><td",
    "@G": "</td></tr>",
    "@H": "<tr><td ",
    "@I": "table",
    "@J": 'p_back="NextCheck=',
    "@K": 'style="Display:none"',
    "@L": "/index.cfm?zaction=auction&zmethod=details&AID=",
}


def expand_macros(compressed: str) -> str:
    """Expand the @A..@L macros of a LOAD retHTML exactly as the site's auction.js does."""
    for macro, markup in MACROS.items():
        compressed = compressed.replace(macro, markup)
    return compressed


def _rlist(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if isinstance(raw, list):
        return [str(aid).strip() for aid in raw if str(aid).strip()]
    return [aid.strip() for aid in str(raw).split(",") if aid.strip()]


@parse_errors_only("LOAD body")
def decode_load_payload(text: str | bytes) -> tuple[str, list[str] | None]:
    """(expanded item HTML, AIDs listed in rlist or None) from a FNC=LOAD body; ParseError if it is not one."""
    data = json_body(text, what="LOAD", source_url=None)
    if not isinstance(data, dict) or not isinstance(data.get("retHTML"), str):
        raise ParseError("LOAD body has no retHTML string")
    return expand_macros(data["retHTML"]), _rlist(data.get("rlist"))


def is_empty_load(text: str | bytes) -> bool:
    """True for a LOAD answer with no item (empty body, or retHTML without any AITEM_ div)."""
    if isinstance(text, bytes):
        text = decode_text(text)
    if not (text or "").lstrip("\ufeff").strip():
        return True
    try:
        html, _ = decode_load_payload(text)
    except ParseError:
        return False
    return not ITEM_DIV.search(html)


def _prove_rlist(aids: list[str] | None, html: str, source_url: str | None) -> None:
    """The payload's rlist names every item it carries: a card missing for a listed AID (a cut or damaged
    page) or a card the rlist does not name makes the page unproven, never a shorter list."""
    carded = list(dict.fromkeys(ITEM_ID.findall(html)))
    if not carded and not aids:
        return
    if aids is None:
        raise ParseError(f"the LOAD body has {len(carded)} item cards but no rlist to prove them", source_url=source_url)
    listed = set(aids)
    missing = [aid for aid in dict.fromkeys(aids) if aid not in set(carded)]
    unlisted = [aid for aid in carded if aid not in listed]
    if missing or unlisted:
        detail = "; ".join(filter(None, (
            f"no card for {', '.join(missing[:5])}" if missing else "",
            f"cards not in the rlist: {', '.join(unlisted[:5])}" if unlisted else "",
        )))
        raise ParseError(
            f"the LOAD rlist names {len(listed)} items but the page carries {len(carded)} cards ({detail})",
            source_url=source_url,
        )


def parse_decoded(html: str, aids: list[str] | None, **context: Any) -> ParsedPage:
    """Decoded LOAD item HTML proved against its rlist, then read like parse_items_html (same keywords)."""
    _prove_rlist(aids, html, context.get("source_url"))
    return parse_items_html(html, **context)


@parse_errors_only("LOAD body")
def parse_load(
    text: str | bytes,
    *,
    county: str | None,
    auction_date: str | None = None,
    source_url: str | None = None,
    area: str | None = None,
    require_date: bool = True,
) -> ParsedPage:
    """A FNC=LOAD body as canonical records (source 'realforeclose'); unreadable items become RejectedRows,
    and an rlist that does not match the cards is a ParseError."""
    try:
        html, aids = decode_load_payload(text)
    except ParseError as exc:
        raise ParseError(exc.reason, source_url=source_url) from exc
    return parse_decoded(html, aids, county=county, auction_date=auction_date, source_url=source_url, area=area,
                         require_date=require_date)
