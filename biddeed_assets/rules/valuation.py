"""After-repair value (ARV) and repair cost as documented estimates, never guesses.

ARV (basis INFERRED): the appraiser's market value, raised by the property's own recent market evidence.
If a qualified (arm's-length) sale within 3 years before the as-of date sold above the market value, ARV
is the average of the two, because Florida appraiser values lag sale prices; a lower or older sale is
ignored (distress and stale prices say little about the repaired value).

Repairs (basis INFERRED): living area (sq ft) times a rate by building age at the as-of year:
under 10 years $5/sq ft, under 30 $15, under 50 $25, 50 and older $35.

Where no appraiser record is fetched (every RealForeclose county), the value printed on the sale card
("Assessed Value", "Property App. Market Value", ...) is the basis, still INFERRED, and the note names it
(`source`). Assessed values lag the market (Save Our Homes caps), so this ARV errs low: a conservative bid.

An ARV or repairs given as input overrides the estimate (basis INPUT). Missing inputs give value None
with basis MISSING and a note saying what is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

INPUT = "INPUT"
INFERRED = "INFERRED"
MISSING = "MISSING"

RECENT_SALE_YEARS = 3
# (age below which the rate applies, $ per sq ft of living area); older than the last row: OLD_RATE.
REPAIR_RATES: tuple[tuple[int, float], ...] = ((10, 5.0), (30, 15.0), (50, 25.0))
OLD_RATE = 35.0
EARLIEST_YEAR_BUILT = 1800


@dataclass(slots=True)
class Estimate:
    """A dollar value with its basis (INPUT, INFERRED or MISSING) and a sentence saying how it was got."""

    value: float | None
    basis: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Sale:
    """A recorded sale of the property; qualified means arm's-length as the appraiser codes it."""

    date: str  # ISO date
    price: float
    qualified: bool = True


def _positive(value: float | None) -> bool:
    return value is not None and math.isfinite(value) and value > 0


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return _parse_date(str(value)[:10])


@lru_cache(maxsize=4096)  # sale and auction dates repeat across cases
def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def coerce_sale(item: Sale | Mapping[str, Any] | Any) -> Sale:
    """A Sale from a Sale, a dict {date, price, qualified} or an object with those attributes (BCPAO Sale)."""
    if isinstance(item, Sale):
        return item
    get = item.get if isinstance(item, Mapping) else lambda key: getattr(item, key, None)
    try:
        price = float(str(get("price")).replace("$", "").replace(",", ""))
    except ValueError:
        price = 0.0  # an unreadable price is skipped like a nominal one
    # Only a sale positively coded as qualified may raise the ARV; unknown counts as not qualified.
    return Sale(str(get("date") or ""), price, get("qualified") is True)


def _recent_qualified(sales: Iterable[Sale], as_of: dt.date) -> Sale | None:
    cutoff = as_of - dt.timedelta(days=round(365.25 * RECENT_SALE_YEARS))
    best: tuple[dt.date, Sale] | None = None
    for sale in sales:
        day = _as_date(sale.date)
        if day is None or not sale.qualified or not _positive(sale.price) or not cutoff <= day <= as_of:
            continue
        if best is None or day > best[0]:
            best = (day, sale)
    return best[1] if best else None


def estimate_arv(
    market_value: float | None,
    sales: Iterable[Sale | Mapping[str, Any]] = (),
    *,
    as_of: dt.date | str | None = None,
    override: float | None = None,
    source: str | None = None,
) -> Estimate:
    """ARV from an input override, else the market value (appraiser's, or `source`) blended with a recent higher sale.

    `source` names where market_value comes from when it is not the appraiser's, e.g. "RealForeclose card
    'Assessed Value'"; with no value it names where one was looked for ("RealForeclose card").
    """
    if _positive(override):
        return Estimate(round(float(override), 2), INPUT, "ARV given as input")
    if not _positive(market_value):
        return Estimate(None, MISSING, f"no value on the {source}: ARV unknown" if source
                        else "no appraiser market value: ARV unknown")
    name = source or "appraiser market value"
    market = float(market_value)
    day = _as_date(as_of)
    if day is None:
        return Estimate(round(market, 2), INFERRED, f"{name} (no as-of date to weigh sales)")
    sale = _recent_qualified((coerce_sale(s) for s in sales), day) if sales else None
    if sale is not None and sale.price > market:
        arv = round((market + sale.price) / 2, 2)
        return Estimate(
            arv,
            INFERRED,
            f"average of {name} ${market:,.0f} and qualified sale ${sale.price:,.0f} on {sale.date}",
        )
    return Estimate(round(market, 2), INFERRED, name)


def repair_rate(age_years: int) -> float:
    """Dollars per sq ft of living area for a building of this age."""
    for below, rate in REPAIR_RATES:
        if age_years < below:
            return rate
    return OLD_RATE


def estimate_repairs(
    year_built: int | None,
    living_area_sqft: float | None,
    *,
    as_of_year: int | None = None,
    override: float | None = None,
) -> Estimate:
    """Repairs from an input override, else an age-based rate per sq ft of living area."""
    if override is not None and math.isfinite(override) and override >= 0:
        return Estimate(round(float(override), 2), INPUT, "repairs given as input")
    missing = []
    if as_of_year is None:
        missing.append("as-of year")
    elif year_built is None or not EARLIEST_YEAR_BUILT <= year_built <= as_of_year:
        missing.append("plausible year built")
    if not _positive(living_area_sqft):
        missing.append("living area")
    if missing:
        return Estimate(None, MISSING, f"repairs unknown: no {' or '.join(missing)}")
    age = as_of_year - year_built
    rate = repair_rate(age)
    return Estimate(
        round(rate * float(living_area_sqft), 2),
        INFERRED,
        f"{living_area_sqft:,.0f} sq ft x ${rate:.0f}/sq ft for a {age}-year-old building",
    )
