"""A Brevard parcel as the appraiser and the recorder know it: legal facts, deeds, owners, the sale's buyer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.truth import CaseTruth
from biddeed_assets.simulator.world import stream

SUBDIVISION_WORDS = ("ESTATES", "SHORES", "LANDING", "VILLAGE", "PLACE", "HEIGHTS", "GARDENS", "TRACE", "ISLES",
                     "WOODS", "PARK")
# Third-party buyers at the sale; no plaintiff of calibration.PLAINTIFFS shares a name with them
# (tests/simulator check that with the parser's own name matching).
THIRD_PARTY_BUYERS = ("SPACE COAST HOME BUYERS LLC", "SUNSHINE STATE PROPERTIES LLC", "TREASURE COAST REO LLC",
                      "BREVARD REAL ESTATE HOLDINGS LLC", "ATLANTIC SHORE INVESTMENTS INC", "INDIAN RIVER REDEVELOPMENT LLC",
                      "KEYSTONE AUCTION PARTNERS LLC", "HAMMOCK BAY VENTURES LLC", "DOUGLAS R PRESTON",
                      "MARGARET L OKAFOR")


def buyer_name(seed: int, truth: CaseTruth) -> str | None:
    """Who took title at the sale: the plaintiff's own name, or a third party whose name cannot be taken for it."""
    outcome = truth.outcome
    if outcome.status != "SOLD":
        return None
    if outcome.sold_to == "PLAINTIFF":
        return truth.case.plaintiff
    return stream(seed, "brevard", "buyer", truth.case.case_number).choice(THIRD_PARTY_BUYERS)


def site_address(truth: CaseTruth) -> str:
    prop = truth.property
    return f"{prop.street} {prop.city} FL {prop.zip}"


@dataclass(frozen=True, slots=True)
class Deed:
    date: dt.date
    price: float
    grantor: str
    grantee: str
    book: str
    page: str
    cfn: str
    deed_code: str = "WD"
    description: str = "WARRANTY DEED/SPECIAL WARRANTY DEED"
    qualified: bool = True
    case_number: str = ""


@dataclass(frozen=True, slots=True)
class ParcelFacts:
    township: str
    range_: str
    section: str
    sub_id: str
    block: str
    lot: str
    subdivision: str
    plat_book: str
    plat_page: str
    acreage: float
    prior_owners: tuple[str, ...]  # the owner before the defendant, then the one before that
    deeds: tuple[Deed, ...]  # newest first, as BCPAO lists them; the sale's certificate of title excluded
    mailing: tuple[str, str, str] | None  # (street, city, zip) when the owner does not live at the site

    @property
    def legal(self) -> str:
        """The legal description as OnCore's First Legal column prints it."""
        return (f"LT {self.lot} BLK {self.block} PB {self.plat_book} PG {self.plat_page} {self.subdivision} "
                f"S {self.section} T {self.township} R {self.range_} SUBID {self.sub_id}")

    @property
    def appraiser_legal(self) -> str:
        return f"{self.subdivision} LOT {self.lot} BLK {self.block}"


def document_numbers(rng, day: dt.date) -> tuple[str, str, str]:
    """(book, page, CFN) of a document recorded that day, numbered as the truth numbers liens."""
    book = str(3000 + (day.year - 1990) * 300 + rng.randint(0, 299))
    return book, str(rng.randint(1, 4999)), f"{day.year}{rng.randint(100000, 999999)}"


@lru_cache(maxsize=16384)
def parcel_facts(seed: int, truth: CaseTruth) -> ParcelFacts:
    """The parcel's legal facts, prior owners, deeds and mailing address, from its own stream."""
    prop = truth.property
    rng = stream(seed, "brevard", "parcel", prop.account)
    parts = prop.parcel_id.split("-")
    twp, rge, sec, sub = parts[0], parts[1], parts[2], parts[3]
    block = str(int(float(parts[4]))) if len(parts) > 4 else "1"
    lot = str(int(float(parts[5]))) if len(parts) > 5 else "1"
    subdivision = f"{rng.choice(('PORT', 'LAKE', 'NORTH', 'SOUTH', 'WEST'))} {prop.street.split()[1]} " \
                  f"{rng.choice(SUBDIVISION_WORDS)}" + (f" UNIT {rng.randint(1, 20)}" if rng.random() < 0.4 else "")
    prior: list[str] = []
    while len(prior) < 2:  # never the defendant (the world's people are told apart by their full names)
        name = f"{rng.choice(cal.FIRST_NAMES)} {rng.choice(cal.LAST_NAMES)}"
        if name != truth.case.defendant and name not in prior:
            prior.append(name)
    owners = (truth.case.defendant, *prior)
    deeds = []
    for i, sale in enumerate(prop.sales):
        day = dt.date.fromisoformat(sale.date)
        book, page, cfn = document_numbers(rng, day)
        deeds.append(Deed(day, sale.price, owners[i + 1] if i + 1 < len(owners) else "UNKNOWN", owners[i],
                          book, page, cfn, sale.deed_type, qualified=sale.qualified))
    mailing = None
    if not prop.homestead:
        mailing = (f"{rng.randint(100, 9999)} {rng.choice(('MAIN', 'CENTRAL', 'LAKE', 'PARK'))} "
                   f"{rng.choice(('ST', 'AVE', 'BLVD'))}", rng.choice(("ORLANDO", "TAMPA", "JACKSONVILLE")),
                   rng.choice(("32801", "33602", "32202")))
    return ParcelFacts(twp, rge, sec, sub, block, lot, subdivision, str(rng.randint(10, 70)),
                       str(rng.randint(1, 99)), round(rng.uniform(0.12, 0.6), 2) if prop.property_type != "CONDO"
                       else 0.0, tuple(prior), tuple(deeds), mailing)


@lru_cache(maxsize=16384)
def title_deed(seed: int, truth: CaseTruth) -> Deed | None:
    """The clerk's certificate of title to the sale's buyer (recorded on the sale day), if the sale was held."""
    buyer = buyer_name(seed, truth)
    if buyer is None:
        return None
    day = dt.date.fromisoformat(truth.case.auction_date)
    book, page, cfn = document_numbers(stream(seed, "brevard", "title", truth.case.case_number), day)
    return Deed(day, truth.outcome.sold_amount or 0.0, truth.case.defendant, buyer, book, page, cfn, "CT",
                "CERTIFICATE OF TITLE", qualified=False, case_number=truth.case.case_number)


def owner_on(seed: int, truth: CaseTruth, as_of: dt.date) -> tuple[str, list[Deed]]:
    """The owner of record on `as_of` and the deed history BCPAO shows then, newest first."""
    facts = parcel_facts(seed, truth)
    title = title_deed(seed, truth)
    if title is not None and title.date <= as_of:
        return title.grantee, [title, *facts.deeds]
    return truth.case.defendant, list(facts.deeds)


