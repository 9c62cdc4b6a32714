"""A seeded, deterministic world of foreclosure cases that the simulated portals serve.

Every (county, sale date) draws its cases from its own random stream, so any day can be produced on
demand and always the same for the same seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from functools import lru_cache

from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.county_profiles import PROFILES

FORECLOSURE = "FORECLOSURE"
TAX_DEED = "TAX_DEED"


@dataclass(frozen=True, slots=True)
class SimCase:
    """A case as the world knows it (the truth the portals render)."""

    county: str
    case_number: str
    auction_date: str
    plaintiff: str
    plaintiff_kind: str
    defendant: str
    status: str
    court: str
    filing_year: int
    judgment_to_value: float  # final judgment / assessed value, drawn with the listing: it bears on cancellation
    max_bid_hidden: bool  # whether the plaintiff hides its max bid (most do), likewise
    auction_type: str = FORECLOSURE


def stream(*parts: object) -> random.Random:
    """A random stream of its own for these parts: the same parts always give the same draws."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


class World:
    """The simulated counties, from one seed."""

    def __init__(self, seed: int = 7, cases_per_day: tuple[int, int] | None = None):
        self.seed = seed
        self.cases_per_day = cases_per_day  # overrides the counties' calibrated list sizes (benchmarks)

    def auction_type_on(self, county: str, day: dt.date) -> str | None:
        """FORECLOSURE or TAX_DEED when the county sells that day, else None.

        Brevard sells foreclosures on Wednesdays; each RealForeclose county on its own weekdays, and tax
        deeds on its tax-deed weekday of each month's first week.
        """
        if day.weekday() in cal.COUNTY_PROFILES[county]["weekdays"]:
            return FORECLOSURE
        profile = PROFILES.get(county)
        if profile is not None and day.weekday() == profile.tax_deed_weekday and day.day <= 7:
            return TAX_DEED
        return None

    def is_sale_day(self, county: str, day: dt.date) -> bool:
        return self.auction_type_on(county, day) is not None

    def sale_dates(self, county: str, start: dt.date, end: dt.date,
                   auction_type: str | None = FORECLOSURE) -> list[dt.date]:
        """Foreclosure sale days in [start, end]; of another type, or of any type with auction_type=None."""
        days = [start + dt.timedelta(d) for d in range((end - start).days + 1)]
        kinds = (auction_type,) if auction_type else (FORECLOSURE, TAX_DEED)
        return [day for day in days if self.auction_type_on(county, day) in kinds]

    def cases_on(self, county: str, day: dt.date) -> list[SimCase]:
        kind = self.auction_type_on(county, day)
        if kind is None:
            return []
        return list(_cases_on(self.seed, county, day, self.cases_per_day, kind))

    def listed(self, county: str, as_of: dt.date, horizon_days: int = cal.LIST_HORIZON_DAYS) -> list[SimCase]:
        """The sale list as the clerk publishes it on `as_of`: sales from that day to the horizon."""
        out: list[SimCase] = []
        for day in self.sale_dates(county, as_of, as_of + dt.timedelta(horizon_days)):
            out.extend(self.cases_on(county, day))
        return out


@lru_cache(maxsize=4096)
def _cases_on(seed: int, county: str, day: dt.date, sizes: tuple[int, int] | None,
              kind: str = FORECLOSURE) -> tuple[SimCase, ...]:
    rng = stream(seed, county, day.isoformat())
    tax_deed = kind == TAX_DEED
    count = rng.randint(*(sizes or (cal.TAX_DEED_CASES if tax_deed else cal.COUNTY_PROFILES[county]["cases"])))
    seen: set[str] = set()
    cases = []
    while len(cases) < count:
        case = _draw_tax_deed(rng, county, day) if tax_deed else _draw_case(rng, county, day)
        if case.case_number not in seen:
            seen.add(case.case_number)
            cases.append(case)
    cases.sort(key=lambda c: c.case_number)
    return tuple(cases)


def _draw_case(rng: random.Random, county: str, day: dt.date) -> SimCase:
    kind, _, names = rng.choices(cal.PLAINTIFFS, weights=[w for _, w, _ in cal.PLAINTIFFS], k=1)[0]
    association = kind in ("HOA", "CONDO")
    court = "CC" if association and rng.random() < cal.ASSOCIATION_CC_SHARE else "CA"
    filing_year = day.year - _weighted(rng, cal.FILING_LAG_YEARS)
    ratio = cal.judgment_to_value(rng, association)
    hidden = rng.random() < cal.hidden_share(county)
    cancelled = rng.random() < cal.cancel_probability(association, day.year - filing_year, ratio, hidden)
    return SimCase(
        county=county,
        case_number=_case_number(rng, county, filing_year, court),
        auction_date=day.isoformat(),
        plaintiff=rng.choice(names),
        plaintiff_kind=kind,
        defendant=_defendant(rng),
        status="CANCELLED" if cancelled else "SCHEDULED",
        court=court,
        filing_year=filing_year,
        judgment_to_value=ratio,
        max_bid_hidden=hidden,
    )


def _draw_tax_deed(rng: random.Random, county: str, day: dt.date) -> SimCase:
    """A tax-deed application: the certificate holder applies, the owner is the defendant."""
    year = day.year - _weighted(rng, ((0, 0.6), (1, 0.4)))
    return SimCase(
        county=county,
        case_number=f"{year}-TD-{rng.randint(100, 9999):06d}",
        auction_date=day.isoformat(),
        plaintiff=rng.choice(cal.CERT_HOLDERS),
        plaintiff_kind="CERT_HOLDER",
        defendant=_defendant(rng),
        status="CANCELLED" if rng.random() < cal.CANCELLED_SHARE else "SCHEDULED",
        court="TD",
        filing_year=year,
        judgment_to_value=1.0,  # no judgment: the opening bid is drawn with the truth
        max_bid_hidden=False,  # no plaintiff max bid on a tax deed
        auction_type=TAX_DEED,
    )


def _case_number(rng: random.Random, county: str, year: int, court: str) -> str:
    """Brevard prints 05-2024-CA-012193-XXCA-BC; each RealForeclose county its own format (its profile)."""
    sequence = f"{rng.randint(1000, 59999):06d}"
    if county == "brevard":
        suffix = f"XX{court}-BC" if year >= cal.NEW_SUFFIX_FROM_YEAR else "XXXX-XX"
        return f"{cal.COUNTY_PROFILES[county]['code']}-{year}-{court}-{sequence}-{suffix}"
    profile = PROFILES[county]
    tails = profile.tails.get(court) or ("",)
    tail = tails[int(sequence) % len(tails)]
    return profile.case_format.format(code=profile.code, year=year, court=court, seq=sequence, tail=tail)


def _defendant(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return rng.choice(cal.ENTITY_DEFENDANTS)
    return f"{rng.choice(cal.FIRST_NAMES)} {rng.choice(cal.LAST_NAMES)}"
