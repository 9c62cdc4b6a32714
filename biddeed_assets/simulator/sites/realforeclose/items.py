"""What a simulated RealForeclose county site holds for a sale day, as of a date: its items, in page order.

A sale day after as_of: every case waits in area W ("Auction Starts ..."). On or before as_of and at most
DROP_OFF_DAYS before it: every case is in area C with its outcome. Older: the items are gone.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from biddeed_assets.simulator.markup import mdy as site_date
from biddeed_assets.simulator.markup import money
from biddeed_assets.simulator.sites.realforeclose.cards import (
    BLANK,
    Card,
    StatusBox,
    appraiser_url,
    case_url,
    clock,
    parcel_url,
)
from biddeed_assets.simulator.sites.realforeclose.styles import CountyStyle, style_of
from biddeed_assets.simulator.truth import CaseTruth, truth_for

DROP_OFF_DAYS = 30  # closed items stay on the site this many days after their sale, then vanish
PAGE_SIZE = 10
AREAS = ("R", "W", "C")
CANCEL_WORDINGS = (
    "Canceled per Bankruptcy",
    "Canceled per Plaintiff",
    "Canceled per Judge",
    "Canceled per County",
)
SOLD_TO_WORDING = {
    "THIRD_PARTY": "3rd Party Bidder",
    "PLAINTIFF": "Plaintiff",
    "CERT_HOLDER": "Certificate Holder",
}


def phase(sale_day: dt.date, as_of: dt.date) -> str:
    """'waiting' (sale after as_of), 'closed' (on or before it, within DROP_OFF_DAYS) or 'gone'."""
    if sale_day > as_of:
        return "waiting"
    return "closed" if (as_of - sale_day).days <= DROP_OFF_DAYS else "gone"


@dataclass(frozen=True, slots=True)
class Item:
    """A case on the site: its area (R running, W waiting, C closed) and status."""

    truth: CaseTruth
    area: str
    status: StatusBox  # what UPDATE says (and the card, where the county prints it)


def _sale_clock(style: CountyStyle, index: int) -> str:
    hours, rest = style.sale_time.split(":")
    start = int(hours) % 12 * 60 + int(rest[:2]) + (720 if "PM" in rest else 0)
    return clock(start + 2 * (index + 1))


def _status(truth: CaseTruth, sale_day: dt.date, closed: bool, index: int, style: CountyStyle):
    when = site_date(sale_day)
    if not closed:
        return StatusBox("Auction Starts", f"{when} {style.sale_time}")
    outcome = truth.outcome
    if outcome.status == "SOLD":
        return StatusBox(
            "Auction Sold",
            f"{when} {_sale_clock(style, index)}",
            "Amount",
            money(outcome.sold_amount),
            "Sold To",
            SOLD_TO_WORDING[outcome.sold_to],
        )
    if outcome.status == "REDEEMED":
        return StatusBox("Auction Status", "Redeemed")
    return StatusBox("Auction Status", CANCEL_WORDINGS[int(truth.aid) % len(CANCEL_WORDINGS)])


def day_items(sim, county: str, sale_day: dt.date, as_of: dt.date) -> list[Item]:
    """The items the site holds for a sale day as of a date, in page order."""
    state = phase(sale_day, as_of)
    if state == "gone":
        return []
    style = style_of(county)
    closed = state == "closed"
    items = []
    for index, case in enumerate(sim.world.cases_on(county, sale_day)):
        truth = truth_for(sim.world.seed, case)
        items.append(Item(truth, "C" if closed else "W", _status(truth, sale_day, closed, index, style)))
    return items


def area_pages(items: list[Item]) -> dict[str, int]:
    return {area: math.ceil(sum(item.area == area for item in items) / PAGE_SIZE) for area in AREAS}


def link_only(style: CountyStyle, aid: str) -> bool:
    """Whether this item's card prints its parcel only as a "Property Appraiser" link (a share of cards)."""
    return int(aid) % 10_000 < style.appraiser_link_share * 10_000


def card_of(item: Item, county: str) -> Card:
    style = style_of(county)
    truth, prop = item.truth, item.truth.property
    only_link = link_only(style, truth.aid)
    return Card(
        aid=truth.aid,
        case_number=truth.case.case_number,
        case_url=case_url(style, truth.case.case_number, truth.aid),
        final_judgment=None if truth.is_tax_deed else truth.final_judgment,
        parcel_id=prop.parcel_id,
        parcel_url=appraiser_url(style, prop.parcel_id) if only_link else parcel_url(style, prop.parcel_id),
        street=prop.street,
        city_line=style.city_line.format(city=prop.city, zip=prop.zip),
        value_label=style.value_label,
        value=getattr(prop, style.value_field),
        max_bid=None if truth.max_bid_hidden else truth.plaintiff_max_bid,
        status=item.status if style.status_on_card else BLANK,
        auction_type="TAXDEED" if truth.is_tax_deed else "FORECLOSURE",
        parcel_label=style.parcel_label,
        parcel_link_only=only_link,
        opening_bid=truth.opening_bid,
        certificate_number=truth.certificate_number,
    )


def update_item(item: Item) -> dict:
    truth = item.truth
    if truth.is_tax_deed:  # no plaintiff on a tax deed: the overlay's bid line is the opening bid
        return {"AID": truth.aid, **item.status.update_keys(), "P": money(truth.opening_bid)}
    return {
        "AID": truth.aid,
        **item.status.update_keys(),
        "P": "Hidden" if truth.max_bid_hidden else money(truth.plaintiff_max_bid),
    }

