"""What the simulated world knows about each case: property, liens, taxes, judgment and the sale's outcome.

Each case's facts come from its own random stream (seed, county, case number), so they are the same
whichever portal renders them. The outcome model is documented in simulator/README.md.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from functools import lru_cache

from biddeed_assets.simulator import calibration as cal
from biddeed_assets.simulator.county_profiles import PROFILES
from biddeed_assets.simulator.world import TAX_DEED, SimCase, stream

# P(third party | sold) fitted on the real Miami-Dade auctions (model/simulator_fit.py writes it).
REAL_FIT = cal.REAL_FIT
ASSOCIATION_KINDS = frozenset({"HOA", "CONDO"})

STREETS = ("PALM", "OAK", "RIVERSIDE", "HARBOR", "COCONUT", "PINEAPPLE", "MAGNOLIA", "ATLANTIC", "CYPRESS",
           "HERON", "PELICAN", "SEAGRAPE", "BANYAN", "MANGO", "CORAL", "SABAL", "ORANGE", "LAKEVIEW")
SUFFIXES = ("DR", "ST", "AVE", "BLVD", "CT", "LN", "CIR", "WAY", "RD", "TER")
LENDERS = ("WELLS FARGO BANK NA", "BANK OF AMERICA NA", "JPMORGAN CHASE BANK NA", "QUICKEN LOANS INC",
           "MORTGAGE ELECTRONIC REGISTRATION SYSTEMS INC", "SUNTRUST MORTGAGE INC", "FIFTH THIRD BANK")
CERT_HOLDERS = cal.CERT_HOLDERS


@dataclass(frozen=True, slots=True)
class Sale:
    date: str
    price: float
    deed_type: str
    qualified: bool


@dataclass(frozen=True, slots=True)
class Property:
    account: str
    parcel_id: str
    street: str
    city: str
    zip: str
    property_type: str
    market_value: float
    assessed_value: float
    taxable_value: float
    homestead: bool
    year_built: int | None
    living_area: float | None
    pool: bool
    land_use_code: str
    land_use: str
    sales: tuple[Sale, ...]

    @property
    def address(self) -> str:
        return f"{self.street}, {self.city}, FL {self.zip}"


@dataclass(frozen=True, slots=True)
class Lien:
    """A recorded lien; `satisfied_on` is the date its satisfaction was recorded, if it was."""

    lien_type: str  # MORTGAGE, HOA_LIEN, JUDGMENT, CODE_ENFORCEMENT, IRS_LIEN, MECHANICS, LIS_PENDENS
    amount: float | None
    holder: str
    debtor: str
    recorded_date: str
    book: str
    page: str
    cfn: str
    satisfied_on: str | None = None

    @property
    def active(self) -> bool:
        return self.satisfied_on is None


@dataclass(frozen=True, slots=True)
class TaxYear:
    year: int
    amount: float
    paid: bool
    certificate_number: str | None = None
    certificate_holder: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # SOLD, CANCELLED, REDEEMED
    sold_to: str | None
    sold_amount: float | None
    third_party_probability: float  # the model's own chance, for checking learnability


@dataclass(frozen=True, slots=True)
class CaseTruth:
    case: SimCase
    aid: str
    property: Property
    final_judgment: float
    judgment_date: str
    plaintiff_max_bid: float
    max_bid_hidden: bool
    liens: tuple[Lien, ...]
    taxes: tuple[TaxYear, ...]
    outcome: Outcome
    filing_date: str
    opening_bid: float | None = None  # tax deeds: the minimum bid (taxes owed, interest, fees)
    certificate_number: str | None = None  # tax deeds: the certificate the holder applied on
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def is_tax_deed(self) -> bool:
        return self.case.auction_type == TAX_DEED

    @property
    def surviving_mortgage(self) -> Lien | None:
        """An association case leaves the first mortgage alive."""
        if self.case.plaintiff_kind not in ("HOA", "CONDO"):
            return None
        return next((lien for lien in self.liens if lien.lien_type == "MORTGAGE" and lien.active), None)


def truth_for(seed: int, case: SimCase) -> CaseTruth:
    return _truth(seed, case)


@lru_cache(maxsize=65536)
def _truth(seed: int, case: SimCase) -> CaseTruth:
    rng = stream(seed, "truth", case.county, case.case_number)
    sale_day = dt.date.fromisoformat(case.auction_date)
    prop = _property(rng, seed, case, sale_day)
    judgment = _judgment(case, prop)
    liens = _liens(rng, case, prop, sale_day)
    taxes = _taxes(rng, prop, sale_day)
    max_bid = round(min(judgment, prop.market_value * rng.uniform(0.7, 1.05)), 2) if case.plaintiff_kind not in (
        "HOA", "CONDO") else judgment
    filing = dt.date(case.filing_year, rng.randint(1, 12), rng.randint(1, 28))
    judgment_date = sale_day - dt.timedelta(days=rng.randint(30, 75))
    if case.auction_type == TAX_DEED:
        return _tax_deed(seed, case, prop, liens, taxes, filing)
    truth = CaseTruth(
        case=case,
        aid=str(rng.randint(1_000_000, 9_999_999)),
        property=prop,
        final_judgment=judgment,
        judgment_date=max(judgment_date, filing + dt.timedelta(days=60)).isoformat(),
        plaintiff_max_bid=max_bid,
        max_bid_hidden=case.max_bid_hidden,
        liens=liens,
        taxes=taxes,
        outcome=Outcome("CANCELLED", None, None, 0.0),
        filing_date=filing.isoformat(),
    )
    return _with_outcome(rng, truth, sale_day)


def _tax_deed(seed, case: SimCase, prop: Property, liens, taxes, filing: dt.date) -> CaseTruth:
    """A tax-deed sale: the opening bid is what the certificates and taxes owe; the holder bids it, others outbid."""
    rng = stream(seed, "tax-deed", case.county, case.case_number)
    owed = prop.taxable_value * rng.uniform(0.016, 0.021) + 250
    opening = round(owed * cal.TAX_DEED_YEARS_OWED * (1 + cal.TAX_DEED_INTEREST) + cal.TAX_DEED_FEES
                    + (prop.assessed_value / 2 if prop.homestead else 0), 2)
    certificate = f"{case.filing_year - 2}-{rng.randint(100, 29999):05d}"
    truth = CaseTruth(
        case=case, aid=str(rng.randint(1_000_000, 9_999_999)), property=prop, final_judgment=opening,
        judgment_date=filing.isoformat(), plaintiff_max_bid=opening, max_bid_hidden=case.max_bid_hidden, liens=liens,
        taxes=taxes, outcome=Outcome("CANCELLED", None, None, 0.0), filing_date=filing.isoformat(),
        opening_bid=opening, certificate_number=certificate,
    )
    from dataclasses import replace

    if case.status == "CANCELLED":
        return truth
    if rng.random() < cal.TAX_DEED_REDEEMED_SHARE:
        return replace(truth, outcome=Outcome("REDEEMED", None, None, 0.0))
    equity = math.log(max(prop.market_value, 1.0) / max(opening, 1.0))
    p = _sigmoid(-1.0 + 0.9 * equity)  # more value above the opening bid draws more outside bidders
    if rng.random() < p:
        amount = round(opening + (prop.market_value - opening) * rng.uniform(0.1, 0.6), -2) + 100
        return replace(truth, outcome=Outcome("SOLD", "THIRD_PARTY", max(amount, opening + 100), p))
    return replace(truth, outcome=Outcome("SOLD", "CERT_HOLDER", opening, p))


PARCEL_FORMATS = ("brevard", "hillsborough", "duval", "pasco", "pinellas", "santa_rosa", "seminole", "miami_dade",
                  "alternate_key", "parcel_key", "dotted", "dashed", "digits", "digits12", "palm_beach")


def parcel_id(seed: int, county: str, case_number: str, style: str) -> str:
    """A parcel id in the county's printed format, from its own stream (the truth's other draws stay put)."""
    rng = stream(seed, "parcel", county, case_number)
    s, t, r = rng.randint(1, 36), rng.randint(18, 34), rng.randint(15, 30)
    a, b, c = rng.randint(1, 9999), rng.randint(0, 99999), rng.randint(1, 9999)
    letter = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
    return {
        "hillsborough": f"{s:02d}{t:02d}{r:02d}{rng.choice(('ZZZ', f'{a % 10}{letter}{letter}'))}{a:06d}{b:05d}"
                        f"{c % 10}{letter}",  # 202821ZZZ000002134500U
        "duval": f"{a * 10 + c % 10:06d}-{c:04d}",  # 035892-0000
        "pasco": f"{s:02d}-{t:02d}-{r:02d}-{a:04d}-{b:05d}-{c:04d}",  # 34-25-20-0050-01200-0110
        "pinellas": f"{s:02d}{t:02d}{r:02d}{b:05d}{a % 1000:03d}{c:04d}",  # 162804256870040903
        "santa_rosa": f"{s:02d}-{t % 9 + 1}{rng.choice('NS')}-{r:02d}-{a:04d}-{b:05d}-{c:04d}",  # 18-2S-26-1921-01800-0110
        "seminole": f"{s:02d}-{t:02d}-{r:02d}-{a % 1000:03d}-{b % 10000:04d}-{c:04d}",  # 14-21-30-517-1300-0070
        "miami_dade": f"{s:02d}-{a:04d}-{b % 1000:03d}-{c:04d}",  # 30-4909-006-0780
        "alternate_key": f"{a * 100 + b % 100:07d}",  # 1459664 (Citrus), zero-padded to seven digits
        "parcel_key": f"{a:05d}-{b % 1000:03d}-{c % 100:02d}",  # 35699-001-00
        "dotted": f"{s:02d}-{t:02d}-{r:02d}-{letter}{a % 10}-{b:05d}.{c:04d}",  # 10-44-24-P4-00123.0010
        "dashed": f"{s:02d}-{t:02d}-{r:02d}-{a:04d}-{b:05d}-{c:04d}",
        "digits": f"{a:04d}{b:05d}{c % 10:01d}",  # ten digits, zero-padded
        "digits12": f"{s:02d}{t:02d}{r:02d}{a % 100:02d}{c:04d}",  # 494108AB0010-like, digits only
        "palm_beach": f"{s:02d}-{t:02d}-{r:02d}-{a % 100:02d}-{b % 100:02d}-{c % 1000:03d}-{b % 10000:04d}",
    }[style]


def _property(rng: random.Random, seed: int, case: SimCase, sale_day: dt.date) -> Property:
    profile = cal.COUNTY_PROFILES[case.county]
    zip_code = rng.choice(sorted(profile["zips"]))
    median = zip_median_home_value(seed, zip_code)
    ptype = "CONDO" if case.plaintiff_kind == "CONDO" else rng.choices(
        [p for p, _ in cal.PROPERTY_TYPES], weights=[w for _, w in cal.PROPERTY_TYPES])[0]
    factor = {"CONDO": 0.6, "TOWNHOUSE": 0.75, "MULTI-FAMILY": 1.3, "COMMERCIAL": 1.6, "LAND": 0.25}.get(ptype, 1.0)
    market = round(median * factor * math.exp(rng.gauss(0, 0.35)), -2)
    homestead = ptype in ("SFR", "CONDO", "TOWNHOUSE") and rng.random() < 0.55
    assessed = round(market * (rng.uniform(0.55, 0.95) if homestead else rng.uniform(0.85, 1.0)), -1)
    taxable = max(assessed - (50_000 if homestead else 0), 0.0)
    built = None if ptype == "LAND" else rng.randint(1955, min(2023, sale_day.year - 3))
    area = None if ptype == "LAND" else round(
        {"CONDO": rng.uniform(700, 1500), "TOWNHOUSE": rng.uniform(1000, 1900)}.get(ptype, rng.uniform(1000, 3400)))
    last_sale = dt.date(rng.randint(max(built or 1990, 1995), sale_day.year - 2), rng.randint(1, 12), rng.randint(1, 28))
    sales = [Sale(last_sale.isoformat(), round(market * rng.uniform(0.55, 0.95), -2), "WD", True)]
    if rng.random() < 0.5 and built and last_sale.year - built > 3:
        earlier = dt.date(rng.randint(built, last_sale.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        sales.append(Sale(earlier.isoformat(), round(sales[0].price * rng.uniform(0.5, 0.9), -2), "WD", True))
    land_use = {"SFR": ("0110", "SINGLE FAMILY RESIDENCE"), "CONDO": ("0414", "CONDOMINIUM UNIT"),
                "TOWNHOUSE": ("0135", "TOWNHOUSE"), "MULTI-FAMILY": ("0820", "DUPLEX"),
                "COMMERCIAL": ("1110", "STORES, ONE STORY"), "LAND": ("0000", "VACANT RESIDENTIAL LAND")}[ptype]
    account = f"{rng.randint(2000000, 2999999)}"
    brevard_parcel = (f"{rng.randint(20, 29)}-{rng.randint(35, 38)}-{rng.randint(1, 36):02d}-{rng.choice('ABCDEFGHJK')}"
                      f"{rng.choice('ABCDEFGHJK')}-{rng.randint(1, 99):05d}.0-{rng.randint(1, 40):04d}.00")
    county_profile = PROFILES.get(case.county)
    return Property(
        account=account,
        parcel_id=brevard_parcel if county_profile is None else parcel_id(
            seed, case.county, case.case_number, county_profile.parcel_format),
        street=f"{rng.randint(100, 9999)} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}"
               + (f" APT {rng.randint(101, 412)}" if ptype == "CONDO" else ""),
        city=profile["zips"][zip_code],
        zip=zip_code,
        property_type=ptype,
        market_value=market,
        assessed_value=assessed,
        taxable_value=taxable,
        homestead=homestead,
        year_built=built,
        living_area=area,
        pool=ptype == "SFR" and rng.random() < 0.3,
        land_use_code=land_use[0],
        land_use=land_use[1],
        sales=tuple(sorted(sales, key=lambda s: s.date, reverse=True)),
    )


def _judgment(case: SimCase, prop: Property) -> float:
    return round(prop.assessed_value * case.judgment_to_value, 2)


def _doc(rng: random.Random, recorded: dt.date) -> tuple[str, str, str]:
    book = str(3000 + (recorded.year - 1990) * 300 + rng.randint(0, 299))
    return book, str(rng.randint(1, 4999)), f"{recorded.year}{rng.randint(100000, 999999)}"


def _lien(rng, lien_type, amount, holder, debtor, recorded: dt.date, satisfied_on: dt.date | None = None) -> Lien:
    book, page, cfn = _doc(rng, recorded)
    return Lien(lien_type, amount, holder, debtor, recorded.isoformat(), book, page, cfn,
                satisfied_on.isoformat() if satisfied_on else None)


def _liens(rng: random.Random, case: SimCase, prop: Property, sale_day: dt.date) -> tuple[Lien, ...]:
    owner = case.defendant
    bought = dt.date.fromisoformat(prop.sales[0].date)
    liens: list[Lien] = []
    if len(prop.sales) > 1:  # the previous owner's mortgage, paid off at the sale
        old = dt.date.fromisoformat(prop.sales[1].date)
        liens.append(_lien(rng, "MORTGAGE", round(prop.sales[1].price * 0.8, -2), rng.choice(LENDERS),
                           "PRIOR OWNER", old, bought + dt.timedelta(days=rng.randint(20, 90))))
    first_holder = case.plaintiff if case.plaintiff_kind not in ("HOA", "CONDO", "PRIVATE", "CERT_HOLDER") else (
        rng.choice(LENDERS))
    association_case = case.plaintiff_kind in ("HOA", "CONDO")
    if not association_case or rng.random() < 0.85:
        liens.append(_lien(rng, "MORTGAGE", round(prop.sales[0].price * rng.uniform(0.8, 0.97), -2), first_holder,
                           owner, bought))
    span = max((sale_day - bought).days - 200, 30)
    later = lambda: bought + dt.timedelta(days=rng.randint(30, span))  # noqa: E731
    if rng.random() < 0.22 and not association_case:
        liens.append(_lien(rng, "MORTGAGE", round(prop.market_value * rng.uniform(0.05, 0.2), -2),
                           rng.choice(LENDERS), owner, later()))
    if association_case:
        liens.append(_lien(rng, "HOA_LIEN", round(rng.uniform(2500, 15000), 2), case.plaintiff, owner, later()))
    elif rng.random() < 0.18:
        liens.append(_lien(rng, "HOA_LIEN", round(rng.uniform(1500, 9000), 2), "SUNTREE MASTER HOA", owner, later()))
    for lien_type, share, low, high, holder in (
        ("CODE_ENFORCEMENT", 0.08, 500, 25000, "CITY CODE ENFORCEMENT BOARD"),
        ("JUDGMENT", 0.06, 2000, 40000, "CAPITAL ONE BANK USA NA"),
        ("IRS_LIEN", 0.03, 5000, 80000, "INTERNAL REVENUE SERVICE"),
        ("MECHANICS", 0.03, 3000, 30000, "SUNSHINE ROOFING LLC"),
    ):
        if rng.random() < share:
            liens.append(_lien(rng, lien_type, round(rng.uniform(low, high), 2), holder, owner, later()))
    lis_pendens_day = min(sale_day - dt.timedelta(days=rng.randint(200, 700)), sale_day - dt.timedelta(days=90))
    liens.append(_lien(rng, "LIS_PENDENS", None, case.plaintiff, owner, max(lis_pendens_day, bought)))
    return tuple(sorted(liens, key=lambda lien: lien.recorded_date))


def _taxes(rng: random.Random, prop: Property, sale_day: dt.date) -> tuple[TaxYear, ...]:
    unpaid_years = rng.choices((0, 1, 2, 3), weights=(0.62, 0.25, 0.09, 0.04))[0]
    last_year = sale_day.year - 1
    years = []
    for offset in range(4):
        year = last_year - offset
        amount = round(prop.taxable_value * rng.uniform(0.016, 0.021) + 250, 2)
        unpaid = offset < unpaid_years
        cert = unpaid and year < sale_day.year - 1 or (unpaid and sale_day.month > 6)
        years.append(TaxYear(
            year, amount, not unpaid,
            f"{year}-{rng.randint(1000, 19999)}" if cert else None,
            rng.choice(CERT_HOLDERS) if cert else None,
        ))
    return tuple(years)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def real_inputs(truth: CaseTruth) -> dict[str, float]:
    """The real fit's five inputs of a case, transformed as real_fit.json's `inputs` says."""
    ratio = truth.final_judgment / max(truth.property.assessed_value, 1.0)
    case = truth.case
    age = int(case.auction_date[:4]) - int(truth.filing_date[:4]) if truth.filing_date else case.filing_year
    return {
        "log_judgment_to_value": min(max(math.log(max(ratio, 1e-6)), -3.0), 3.0),
        "max_bid_hidden": 1.0 if truth.max_bid_hidden else 0.0,
        "association": 1.0 if case.court == "CC" or case.plaintiff_kind in ASSOCIATION_KINDS else 0.0,
        "previous_auctions": 0.0,  # the simulated world schedules each case once
        "case_age_years": float(min(max(age, 0), 15)),
    }


def third_party_logit(truth: CaseTruth) -> float:
    """The documented outcome model: the real fit's logit, less where a first mortgage survives the sale."""
    fit = REAL_FIT["third_party"]
    inputs = real_inputs(truth)
    logit = fit["intercept"] + sum(weight * inputs[name] for name, weight in fit["coefficients"].items())
    if truth.surviving_mortgage is not None:  # an HOA foreclosure: the buyer takes the mortgage too
        logit += cal.SURVIVING_MORTGAGE_EFFECT
    return logit


def _with_outcome(rng: random.Random, truth: CaseTruth, sale_day: dt.date) -> CaseTruth:
    from dataclasses import replace

    if truth.case.status == "CANCELLED":
        return replace(truth, outcome=Outcome("CANCELLED", None, None, 0.0))
    if rng.random() < cal.REDEEMED_SHARE:
        return replace(truth, outcome=Outcome("REDEEMED", None, None, 0.0))
    p = _sigmoid(third_party_logit(truth))
    third_party = rng.random() < p
    max_bid = truth.plaintiff_max_bid
    if third_party:
        premium = truth.property.market_value * rng.uniform(0.0, 0.12)
        amount = round(max_bid + 100 + premium, -2) + 100
    else:
        amount = round(max_bid * rng.uniform(0.5, 1.0), -2) + 100
    return replace(truth, outcome=Outcome("SOLD", "THIRD_PARTY" if third_party else "PLAINTIFF", amount, p))


def zip_median_home_value(seed: int, zip_code: str) -> float:
    return zip_demographics(seed, zip_code)["median_home_value"]


@lru_cache(maxsize=1024)
def zip_demographics(seed: int, zip_code: str) -> dict:
    """ACS-like figures for a ZIP, stable per seed."""
    rng = stream(seed, "acs", zip_code)
    income = round(rng.uniform(42_000, 115_000), -2)
    return {
        "zip": zip_code,
        "median_household_income": income,
        "median_home_value": round(income * rng.uniform(3.2, 4.4), -3),
        "housing_units": rng.randint(6_000, 30_000),
        "vacancy_rate": round(rng.uniform(0.04, 0.22), 4),
        "owner_occupancy_rate": round(rng.uniform(0.45, 0.85), 4),
    }
