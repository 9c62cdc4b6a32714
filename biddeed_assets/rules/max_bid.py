"""The investor's max bid (the seed's "Shapira formula") and the bid/judgment ratio decision.

max_bid = ARV * 0.70 - repairs - holding - min(25,000, 0.15 * ARV) - surviving lien value,
rounded to cents and floored at 0 (a floored bid is not viable). Surviving liens (property taxes, any
senior lien the sale does not wipe) are debts the buyer takes on, so their known total comes off the
bid; pass None when it is unknown (the bid is then computed without it and a reason says so). The
default 0.0 means "no surviving liens", as in the seed's cases.

ratio = max_bid / final judgment (a tax deed: / opening bid): >= 0.75 BID, >= 0.60 REVIEW, else SKIP. A
missing or zero judgment is SKIP with a reason; a bid that cannot be computed (no ARV) against a known
judgment is REVIEW (a person must price it), never BID.

Unknown repairs (no building facts, as on every RealForeclose card) are not guessed: the max bid is computed
without them, as a ceiling (ARV * 0.70 - holding - profit - liens), flagged `repairs_unknown`, and named so
in the reasons. Real repairs can only lower it, so the decision is conservative both ways: a ceiling whose
ratio is below 0.60 is SKIP (the true bid is lower still), anything better is at most REVIEW (never BID
before a person prices the repairs).

Every number above is a default of `BidParameters`; an experiment's variant passes its own to the same formula.

A plaintiff max bid the site shows (not "Hidden") at or above the max bid is SKIP: the plaintiff bids up to
it, so a third party wins only by paying more than the investor's max.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from biddeed_assets.rules.decisions import BID, REVIEW, SKIP

ARV_FACTOR = 0.70
PROFIT_CAP = 25_000.0
PROFIT_RATE = 0.15
DEFAULT_HOLDING_COST = 10_000.0
BID_RATIO = 0.75
REVIEW_RATIO = 0.60


@dataclass(frozen=True, slots=True)
class BidParameters:
    """The formula's knobs (the seed's values by default); an experiment's variant is one of these."""

    arv_factor: float = ARV_FACTOR
    profit_cap: float = PROFIT_CAP
    profit_rate: float = PROFIT_RATE
    bid_ratio: float = BID_RATIO
    review_ratio: float = REVIEW_RATIO

    def __post_init__(self) -> None:
        for name in ("arv_factor", "profit_rate"):
            if not 0 < getattr(self, name) <= 1:
                raise ValueError(f"{name} must be in (0, 1], got {getattr(self, name)}")
        if self.profit_cap < 0:
            raise ValueError(f"profit_cap must be >= 0, got {self.profit_cap}")
        if not 0 < self.review_ratio <= self.bid_ratio:
            raise ValueError(f"need 0 < review_ratio <= bid_ratio, got {self.review_ratio} and {self.bid_ratio}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BidParameters:
        """From a mapping of some of the knobs; an unknown name is an error naming the choices."""
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise ValueError(f"unknown bid parameter {', '.join(unknown)}; choose from {', '.join(names)}")
        return cls(**{k: float(v) for k, v in data.items()})

    def to_dict(self) -> dict[str, float]:
        return dataclasses.asdict(self)


SEED_PARAMETERS = BidParameters()


@dataclass(slots=True)
class MaxBidResult:
    """The max bid, its inputs, and the ratio decision; money in dollars, unknown is None."""

    max_bid: float | None
    profit_margin: float | None
    viable: bool
    arv: float | None
    repairs: float | None
    holding_cost: float
    surviving_liens_value: float | None
    final_judgment: float | None
    bid_judgment_ratio: float | None
    recommendation: str  # BID | REVIEW | SKIP
    reasons: tuple[str, ...]
    repairs_unknown: bool = False  # max_bid is then a ceiling before repairs

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _usable(value: float | None) -> bool:
    return value is not None and math.isfinite(value) and value >= 0


def profit_margin(arv: float, params: BidParameters = SEED_PARAMETERS) -> float:
    """The investor's required profit: min($25,000, 15% of ARV) with the seed's parameters."""
    return round(min(params.profit_cap, params.profit_rate * arv), 2)


def ratio_recommendation(ratio: float, params: BidParameters = SEED_PARAMETERS) -> str:
    """BID at >= 0.75 of the judgment, REVIEW at >= 0.60, else SKIP (the seed's thresholds)."""
    if ratio >= params.bid_ratio:
        return BID
    if ratio >= params.review_ratio:
        return REVIEW
    return SKIP


@lru_cache(maxsize=64)  # the formula's factor is one of a few experiment values
def _percent(share: float) -> str:
    return f"{share:.0%}"


def _money(value: float) -> str:
    return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"


def calculate(
    arv: float | None,
    repairs: float | None,
    holding_cost: float | None = DEFAULT_HOLDING_COST,
    *,
    final_judgment: float | None = None,
    surviving_liens_value: float | None = 0.0,
    basis_name: str = "judgment",
    plaintiff_max_bid: float | None = None,
    params: BidParameters = SEED_PARAMETERS,
) -> MaxBidResult:
    """Max bid from ARV, repairs, holding cost and surviving liens; with a judgment, the BID/REVIEW/SKIP call.

    `basis_name` names what the bid is compared with in the reasons ("judgment", or "opening bid" for a tax deed).
    """
    holding = float(holding_cost) if _usable(holding_cost) else DEFAULT_HOLDING_COST
    reasons: list[str] = []
    judgment = float(final_judgment) if _usable(final_judgment) else None
    arv_usable = _usable(arv)
    repairs_unknown = arv_usable and not _usable(repairs)
    if not arv_usable:
        missing = " and ".join(name for name, v in (("ARV", arv), ("repairs", repairs)) if not _usable(v))
        # Unknown is not "too expensive": with a judgment to bid against, a person should look (REVIEW).
        call = REVIEW if judgment else SKIP
        reasons.append(f"max bid unknown: no {missing}; "
                       + ("inspect the property and price it by hand" if judgment else f"and no {basis_name} either"))
        return MaxBidResult(
            None,
            None,
            False,
            None,
            float(repairs) if _usable(repairs) else None,
            holding,
            surviving_liens_value,
            judgment,
            None,
            call,
            tuple(reasons),
        )
    arv = float(arv)
    repairs = None if repairs_unknown else float(repairs)
    margin = profit_margin(arv, params)
    liens = surviving_liens_value if _usable(surviving_liens_value) else 0.0
    raw = round(params.arv_factor * arv - (repairs or 0.0) - holding - margin - liens, 2)
    bid = max(0.0, raw)
    viable = raw > 0
    formula = (
        f"{_percent(params.arv_factor)} of ARV {_money(arv)}"
        f"{'' if repairs_unknown else ' - repairs ' + _money(repairs)}"
        f" - holding {_money(holding)} - profit {_money(margin)}"
        f"{' - surviving liens ' + _money(liens) if liens else ''}"
    )
    label = "max bid ceiling before repairs" if repairs_unknown else "max bid"
    reasons.append(
        f"{label} {_money(bid)} = {formula}" if viable else f"{formula} = {_money(raw)}: max bid $0"
    )
    if repairs_unknown:
        reasons.append("repairs unknown: the max bid is a ceiling (repairs will lower it); at most REVIEW "
                       "until a person prices the repairs")
    if surviving_liens_value is None:
        reasons.append("surviving lien value unknown: not subtracted from the max bid")
    if not viable:
        reasons.append(f"not viable: repairs, holding, profit and liens use up {params.arv_factor:.0%} of ARV")
    ratio, decision = None, SKIP
    if judgment is None or judgment == 0:
        what = "final judgment" if basis_name == "judgment" else basis_name
        reasons.append(f"{what} unknown or zero: no bid/{basis_name} ratio, SKIP")
    else:
        ratio = round(bid / judgment, 6)
        decision = ratio_recommendation(ratio, params)
        if repairs_unknown and decision == BID:
            decision = REVIEW
        reasons.append(f"{label} is {ratio:.0%} of the {_money(judgment)} {basis_name}: {decision}")
    if _usable(plaintiff_max_bid) and plaintiff_max_bid >= bid and decision != SKIP:
        decision = SKIP
        reasons.append(f"the plaintiff bids up to {_money(plaintiff_max_bid)}, at or above the max bid "
                       f"{_money(bid)}: a third party wins only by paying more, SKIP")
    return MaxBidResult(
        bid, margin, viable, arv, repairs, holding, surviving_liens_value, judgment, ratio, decision, tuple(reasons),
        repairs_unknown,
    )
