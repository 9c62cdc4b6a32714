"""FNC=UPDATE payloads: the per-AID status overlay (sold, amount, sold to) and applying it to LOAD records."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from biddeed_assets.portals.errors import ParseError, parse_errors_only
from biddeed_assets.portals.realforeclose.cards import ItemStatus, status_from_lines
from biddeed_assets.portals.realforeclose.readers import clean, json_body
from biddeed_assets.portals.records import CaseRecord


def _update_items(data: Any, source_url: str | None) -> list[dict]:
    if not isinstance(data, dict) or not isinstance(data.get("ADATA"), dict):
        raise ParseError("UPDATE body has no ADATA object", source_url=source_url)
    items = data["ADATA"].get("AITEM") or []
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ParseError("UPDATE ADATA.AITEM is neither a list nor an object", source_url=source_url)
    count = data["ADATA"].get("COUNT")
    if isinstance(count, int) and not isinstance(count, bool) and count != len(items):
        raise ParseError(f"the UPDATE COUNT says {count} items but it carries {len(items)}", source_url=source_url)
    return [item for item in items if isinstance(item, dict)]


@parse_errors_only("UPDATE body")
def parse_update(text: str | bytes, *, source_url: str | None = None) -> list[ItemStatus]:
    """The per-AID status of a FNC=UPDATE body.

    Supported format (as public scrapers of the live sites read it; its keys are the suffixes of the
    card's ASTAT_MSG<key> status divs, which the page fills from it, so both read the same way):

        {"ADATA": {"COUNT": 2, "AITEM": [
            {"AID": "1502087", "A": "Auction Sold", "B": "06/05/2026 10:07 AM ET",
             "C": "Amount", "D": "$475,100.00", "SL": "Sold To", "ST": "3rd Party Bidder"},
            {"AID": "1497643", "A": "Auction Status", "B": "Canceled per Bankruptcy"}]},
         "WM": 1, "CM": 1, ...}

    A/B are the status label and value ("Auction Starts" + date/time, "Auction Sold" + sale time,
    or "Auction Status" + wording such as "Redeemed", "Canceled per County", "Bidder Walked Away");
    C/D are the amount label and money; SL/ST the "Sold To" label and buyer class ("3rd Party
    Bidder", "Plaintiff", "Certificate Holder"). Other keys (P plaintiff max bid, SBH bid history,
    H the viewer's own name, ...) are ignored. AITEM may be one object; COUNT 0 gives []; a COUNT that
    differs from the items carried is a ParseError.
    """
    data = json_body(text, what="UPDATE", source_url=source_url)
    statuses = []
    for item in _update_items(data, source_url):
        aid = clean(str(item.get("AID") or ""))
        if aid:
            statuses.append(status_from_lines(aid, item))
    return statuses


def apply_statuses(records: Iterable[CaseRecord], statuses: Iterable[ItemStatus]) -> list[CaseRecord]:
    """Records with the status, amount and buyer an UPDATE reported for their AID (others unchanged)."""
    by_aid = {status.aid: status for status in statuses if status.status is not None}
    out = []
    for record in records:
        status = by_aid.get(str(record.extra.get("aid")))
        if status is None:
            out.append(record)
            continue
        extra = {**record.extra, "status_text": status.status_text, "sold_to_text": status.sold_to_text}
        out.append(
            dataclasses.replace(
                record,
                status=status.status,
                sold_amount=status.sold_amount,
                sold_to=status.sold_to,
                extra={key: value for key, value in extra.items() if value is not None},
            )
        )
    return out
