"""The RealForeclose item card, its status box, and the FNC=LOAD / FNC=UPDATE JSON bodies.

The card is the real card of the Hillsborough capture load_area_C_2026-06-05.json, character for
character (tests/simulator check it byte for byte); LOAD's retHTML is the cards macro-compressed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from biddeed_assets.simulator.markup import money
from biddeed_assets.simulator.sites.realforeclose.macros import compress
from biddeed_assets.simulator.sites.realforeclose.styles import CountyStyle


def clock(minutes_after_midnight: int) -> str:
    """10:07 AM ET from 607."""
    hours, minutes = divmod(minutes_after_midnight, 60)
    return f"{(hours - 1) % 12 + 1:02d}:{minutes:02d} {'AM' if hours < 12 else 'PM'} ET"


def text(value: object) -> str:
    """Escaped cell text; '@' as an entity, so the macro compression stays exact."""
    return html.escape(str(value), quote=False).replace("@", "&#64;")


def _digits(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value)


# ---------------------------------------------------------------------------------------------
# Item card
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusBox:
    """The card's ASTAT_MSG* lines, keyed as UPDATE keys them (A B C D SL ST); all blank when unset."""

    a: str = ""
    b: str = ""
    c: str = ""
    d: str = ""
    sl: str = ""
    st: str = ""

    def update_keys(self) -> dict[str, str]:
        return {"A": self.a, "B": self.b, "C": self.c, "D": self.d, "SL": self.sl, "ST": self.st}


BLANK = StatusBox()


@dataclass(frozen=True, slots=True)
class Card:
    aid: str
    case_number: str
    case_url: str
    final_judgment: float | None  # None on a tax-deed card (it prints the opening bid instead)
    parcel_id: str
    parcel_url: str
    street: str
    city_line: str
    value_label: str | None  # None: no value row (Broward)
    value: float
    max_bid: float | None  # None prints "Hidden"
    status: StatusBox = BLANK
    auction_type: str = "FORECLOSURE"  # what the card prints: FORECLOSURE or TAXDEED
    parcel_label: str = "Parcel ID"
    parcel_link_only: bool = False  # the parcel cell is only a "Property Appraiser" link (parcel in its query)
    opening_bid: float | None = None  # tax deeds
    certificate_number: str | None = None  # tax deeds


def _row(label: str, value_html: str, *, aria: str = "", value_class: str = "AD_DTA") -> str:
    aria_attr = f' aria-label="{aria}"' if aria else ""
    return (
        f'<tr><td tabindex="0" class="AD_LBL" scope="row"{aria_attr}>{label}:</td>'
        f'<td tabindex="0" class="{value_class}">{value_html}</td></tr>'
    )


def _link(url: str, label: str) -> str:
    return f' <a href="{url}" onClick = "return showExitPopup();" target="_blank">{text(label)}</a>'


def render_status_box(box: StatusBox) -> str:
    return (
        '<div class="AUCTION_STATS" tabindex="0">'
        f'<div class="ASTAT_MSGA ASTAT_LBL">{text(box.a)}</div>'
        f'<div class="ASTAT_MSGB Astat_DATA">{text(box.b)}</div>'
        f'<div class="ASTAT_MSGC ASTAT_LBL">{text(box.c)}</div> '
        f'<div class="ASTAT_MSGD Astat_DATA">{text(box.d)}</div>'
        f'<div class="ASTAT_MSG_SOLDTO_Label ASTAT_LBL">{text(box.sl)}</div>'
        f'<div class="ASTAT_MSG_SOLDTO_MSG Astat_DATA">{text(box.st)}</div></div>'
    )


def render_card(card: Card) -> str:
    """One div#AITEM_<aid> card and its spacer, expanded (before macro compression).

    A foreclosure card: type, case, final judgment, parcel, address, city line, value, plaintiff max bid. A
    tax-deed card: type TAXDEED, case, certificate, opening bid, parcel, address, city line, value.
    """
    tax_deed = card.opening_bid is not None
    parcel = (_link(card.parcel_url, "Property Appraiser") if card.parcel_link_only
              else _link(card.parcel_url, card.parcel_id))
    money_rows = (
        _row("Certificate #", text(card.certificate_number or "")) + _row("Opening Bid", money(card.opening_bid))
        if tax_deed else _row("Final Judgment Amount", money(card.final_judgment))
    )
    rows = (
        _row("Auction Type", text(card.auction_type))
        + _row("Case #", _link(card.case_url, card.case_number), aria="Case Number")
        + money_rows
        + _row(card.parcel_label, parcel)
        + _row("Property Address", text(card.street))
        + f'<tr><td class="AD_LBL" scope="row"></td><td tabindex="0" class="AD_DTA">{text(card.city_line)}</td></tr> '
        + (_row(card.value_label, money(card.value)) if card.value_label else "")
        + ("" if tax_deed else _row(
            "Plaintiff Max Bid",
            "Hidden" if card.max_bid is None else money(card.max_bid),
            value_class="AD_DTA ASTAT_MSGPB",
        ))
    )
    return (
        f'<div id="AITEM_{card.aid}" aria-label="Auction Details" class="AUCTION_ITEM PREVIEW" '
        f'aid="{card.aid}" rem="0" isset="0">'
        f"{render_status_box(card.status)}"
        f'<div class="AUCTION_DETAILS"><table class="ad_tab"><tbody>{rows}</tbody></table></div></div>'
        '<div class="AUCTION_ITEM_SPACER">&nbsp;</div>'
    )


def case_url(style: CountyStyle, case_number: str, aid: str) -> str:
    key = int(_digits(aid) or 0) * 7 + 2_000_000_000  # a docket key of the real key's shape
    return style.case_link.format(
        key=key, book=20000 + int(aid[-4:] or 0) % 3000, page=int(aid[-3:] or 0) + 1, case=case_number
    )


def parcel_url(style: CountyStyle, parcel_id: str) -> str:
    return style.parcel_link.format(parcel=_digits(parcel_id))


def appraiser_url(style: CountyStyle, parcel_id: str) -> str:
    """The "Property Appraiser" link of a card without a printed parcel: the parcel as printed, in the query."""
    return style.appraiser_link.format(parcel=parcel_id)


EMPTY_LOAD = '{"retHTML":"","rlist":""}'


def load_body(style: CountyStyle, cards: Sequence[Card]) -> str:
    """FNC=LOAD's JSON: retHTML (compressed cards, then a space, as the real one) and rlist."""
    if not cards:
        return EMPTY_LOAD
    ret_html = compress("".join(render_card(card) for card in cards) + " ")
    rlist = ",".join(card.aid for card in cards)
    if style.load_prefix:  # Duval's template: whitespace, then `, "rlist"` with a space, trailing newlines
        return f'{style.load_prefix}{{"retHTML":{json.dumps(ret_html)}, "rlist":"{rlist}"}}\n\n\n\n'
    return f'{{"retHTML":{json.dumps(ret_html)},"rlist":"{rlist}"}}'


def update_body(items: Iterable[dict], *, area_counts: dict[str, int] | None = None) -> str:
    """FNC=UPDATE's JSON (see realforeclose.parse_update); no item gives COUNT 0 and no AITEM."""
    items = list(items)
    counts = area_counts or {}
    adata: dict = {"COUNT": len(items)}
    if items:
        adata["AITEM"] = items
    return json.dumps(
        {
            "RETURN": "OK",
            "PC": counts.get("R", 0),
            "WM": counts.get("W", 0),
            "CM": counts.get("C", 0),
            "ADATA": adata,
        },
        separators=(",", ":"),
    )
