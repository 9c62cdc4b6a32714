"""A Brevard case's court docket: every register-of-actions event it will ever carry, from its truth."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from biddeed_assets.simulator.brevard.parcel import buyer_name
from biddeed_assets.simulator.markup import money
from biddeed_assets.simulator.truth import CaseTruth
from biddeed_assets.simulator.world import stream

# A cancelled or redeemed sale's order is entered up to this many days before the sale day.
CANCEL_LEAD_DAYS = (1, 10)
# Share of cases whose first sale date was cancelled and reset to the listed one.
RESET_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Event:
    """One register-of-actions line: dated `date`, on the docket from `entered` on."""

    date: dt.date
    entered: dt.date
    description: str
    code: int
    document: bool = False  # an e-filed document (gets a document number and a page count)
    amount: float | None = None  # clerk fees ("ASM:" assessments)


def bracket(amount: float) -> tuple[str, str, float]:
    """(case-type bracket, assessment text, filing fee) for a claim, as Brevard buckets them."""
    if amount <= 50_000:
        return "$0-$50000", "ASM:FCL <= 50,000", 406.0
    if amount < 250_000:
        return "$50001-$249999", "ASM:FCL >50,000 < 250,000", 906.0
    return "$250000 & >", "ASM:FCL >= 250,000", 1906.0


def case_type(truth: CaseTruth) -> str:
    homestead = "HOMESTEAD" if truth.property.homestead else "NON-HOMESTEAD"
    return f"FCL-{homestead} {bracket(truth.final_judgment)[0]}"


@lru_cache(maxsize=16384)
def docket_events(seed: int, truth: CaseTruth) -> tuple[Event, ...]:
    """Every event the case's docket will ever carry, in date order; show those entered by `as_of`.

    The final judgment states its amount with cents. The sale day carries a sale held, a certificate of
    sale with the price and a certificate of title naming the buyer (the plaintiff's name, or a third
    party's), or, for a cancelled or redeemed sale, a clerk's "JUDICIAL SALE CANCELLED" entered with the
    order cancelling the sale a few days before it.
    """
    case = truth.case
    rng = stream(seed, "brevard", "docket", case.case_number)
    filed = dt.date.fromisoformat(truth.filing_date)
    judged = dt.date.fromisoformat(truth.judgment_date)
    sale = dt.date.fromisoformat(case.auction_date)
    days = dt.timedelta
    association = case.plaintiff_kind in ("HOA", "CONDO")
    events: list[Event] = []

    def add(day, text, code, *, entered=None, document=False, amount=None):
        events.append(Event(day, entered or day, text, code, document, amount))

    _, assessment, fee = bracket(truth.final_judgment)
    add(filed, "COMPLAINT OR PETITION EXCLUDING NON-MILITARY AFFIDAVIT", 2719, document=True)
    add(filed, "COVER SHEET", 6507, document=True)
    if not association:
        add(filed, "MORTGAGE CLAIM AMOUNT WORKSHEET", 1417, document=True)
    add(filed, "LIS PENDENS RECORDED IN THE OFFICIAL RECORDS", 2561, document=True)
    add(filed, assessment, 1310, amount=fee)
    add(filed, f"ASM: ISSUE {'CIRCUIT' if case.court == 'CA' else 'COUNTY'} SUMMONS", 9566,
        amount=40.0 if case.court == "CA" else 10.0)
    add(filed + days(rng.randint(3, 10)), "20 DAY SUMMONS ISSUED TO ATTORNEY VIA E-MAIL", 10032)
    served = min(filed + days(rng.randint(20, 50)), judged - days(20))
    add(served, "20 DAY SUMMONS RETURNED SERVED", 7623, document=True)
    motion = max(judged - days(rng.randint(25, 45)), served + days(1))
    add(motion, "MOTION FOR SUMMARY JUDGMENT", 2922, document=True)
    add(motion, "AFFIDAVIT OF COSTS", 5125, document=True)
    add(motion + days(2), "NOTICE OF HEARING", 6724, document=True)
    add(judged, "CAL:HEARING", 3922, entered=motion + days(2))
    add(judged, "CR: HEARING HEARD", 4407)
    add(judged, f"FINAL JUDGMENT OF FORECLOSURE {money(truth.final_judgment)} RECORDED IN THE OFFICIAL RECORDS",
        1486, entered=judged + days(2), document=True)
    add(judged, "FINAL DISPOSITION FORM", 6722, document=True)
    add(judged + days(1), "NOTICE OF SALE", 6740, document=True)
    add(max(sale - days(rng.randint(7, 14)), judged + days(2)), "PROOF OF PUBLICATION REGARDING NOTICE OF SALE",
        7715, document=True)
    scheduled_on = judged
    weeks = (sale - judged).days // 7
    if weeks >= 6 and rng.random() < RESET_SHARE:
        first = sale - days(7 * rng.randint(3, weeks - 3))
        order = first - days(rng.randint(1, 4))
        add(first, "CAL:FORECLOSURE SALE", 3948, entered=judged)
        add(order - days(rng.randint(2, 6)), "MOTION TO CANCEL FORECLOSURE SALE", 9761, document=True)
        add(order, "ORDER CANCELLING FORECLOSURE SALE", 6255, document=True)
        add(first, "CR: JUDICIAL SALE CANCELLED", 4645, entered=order)
        scheduled_on = order
    add(sale, "CAL:FORECLOSURE SALE", 3948, entered=scheduled_on)
    outcome = truth.outcome
    if outcome.status == "SOLD":
        add(sale, "CR: JUDICIAL SALE HELD", 4646)
        add(sale, f"CERTIFICATE OF SALE {money(outcome.sold_amount or 0.0)}", 6259, document=True)
        add(sale, f"CERTIFICATE OF TITLE TO {buyer_name(seed, truth)}", 6260, document=True)
        add(sale + days(rng.randint(20, 40)), "CERTIFICATE OF DISBURSEMENTS", 6262, document=True)
    else:
        order = sale - days(rng.randint(*CANCEL_LEAD_DAYS))
        if outcome.status == "REDEEMED":
            add(order, "CERTIFICATE OF REDEMPTION", 6264, document=True)
        else:
            add(order - days(rng.randint(2, 5)), "MOTION TO CANCEL FORECLOSURE SALE", 9761, document=True)
        add(order, "ORDER CANCELLING FORECLOSURE SALE", 6255, document=True)
        add(sale, "CR: JUDICIAL SALE CANCELLED", 4645, entered=order)
    return tuple(e for _, e in sorted(enumerate(events), key=lambda pair: (pair[1].date, pair[0])))

