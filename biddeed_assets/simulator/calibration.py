"""Figures the simulated world is calibrated on, read off the real Brevard sale lists in shared/data/real.

January 2026's list (64 cases): 20-24 cases per Wednesday sale, 5 cancelled (~8%), 6 county-court (CC)
cases (~9%), all of them HOA/condo plaintiffs; the rest banks, servicers, trustees and a GSE.
"""

import json
import math
import random
from pathlib import Path

from biddeed_assets.simulator.county_profiles import PROFILES

CANCELLED_SHARE = 0.08
LIST_HORIZON_DAYS = 42  # the clerk lists about six weeks of upcoming sales

# (kind, weight, names): weights from the 151 real listed cases of January to April 2026.
PLAINTIFFS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("SERVICER", 0.38, ("NATIONSTAR", "LAKEVIEW LOAN", "FREEDOM MORTGAGE", "NEWREZ LLC", "PENNYMAC LOAN",
                        "ROCKET MORTGAGE", "CARRINGTON", "PLANET HOME", "AMERIHOME", "VILLAGE CAPITAL",
                        "UNITED WHOLESALE", "SWBC MORTGAGE", "MORTGAGE ASSETS", "REVERSE MORTG")),
    ("BANK", 0.25, ("US BANK NA", "JPMORGAN", "WELLS FARGO BANK", "PNC BANK", "CITIBANK", "BANK NY MELLON",
                    "CITIZENS BANK", "COMM CREDIT UNION")),
    ("TRUSTEE", 0.09, ("US BANK TRUST", "WILMINGTON SAV", "WILMINGTON TRST", "DEUTSCHE BANK")),
    ("GSE", 0.04, ("FEDERAL HOME", "FANNIE MAE")),
    ("HOA", 0.07, ("JAMES LANDING", "CENTRAL VIERA", "DIANA SHORES", "NORTHFIELD", "VISTA OAKS", "PALMAS",
                   "OCEAN LANDING", "BAYSIDE LAKES HOA", "SUNTREE MASTER HOA")),
    ("CONDO", 0.03, ("TOWN HOMES", "OCEANSIDE CONDO ASSN", "RIVERVIEW CONDO ASSN")),
    ("PRIVATE", 0.06, ("RED FLOWER CAPITAL", "ARGOLICA LLC", "EDISTO LOAN", "STUART R KALB", "CARLOS SUD")),
    ("GOVERNMENT", 0.02, ("SECRETARY HUD", "FLORIDA HOUSING")),
)
# Association plaintiffs file in county court nearly always (all 6 real CC cases were associations).
ASSOCIATION_CC_SHARE = 0.9
# Filing year = sale year minus this many years (real lists: mostly 1-2 years, a tail to 8).
FILING_LAG_YEARS = ((0, 0.10), (1, 0.45), (2, 0.25), (3, 0.10), (4, 0.05), (6, 0.03), (8, 0.02))
# Brevard's suffix changed from -XXXX-XX to -XXCA-BC / -XXCC-BC for cases filed from 2024.
NEW_SUFFIX_FROM_YEAR = 2024

FIRST_NAMES = ("JAMES", "MARIA", "ROBERT", "LINDA", "MICHAEL", "PATRICIA", "DAVID", "JENNIFER", "C L", "M",
               "ANNMARIE", "ALBERT", "BETTY W", "SHANNON K", "RODNEY B", "ELEONORE", "G", "BENJAMIN")
LAST_NAMES = ("SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ",
              "MARTINEZ", "HENDERSON", "BALCH", "VAUGHAN", "HOLDER", "MEDLEY", "WALROTH", "EZELL", "YOUNG")
CERT_HOLDERS = ("CAPITAL ONE CLTRL ASSIGNEE", "TLGFY LLC", "5T WEALTH PARTNERS LP", "BRIDGE TAX LLC")
ENTITY_DEFENDANTS = ("UNKNOWN HEIRS", "RED KEY 38 LLC", "METRO EASTWEST", "SPACE COAST HOLDINGS LLC")

# Counties the simulator serves: sale weekdays, cases per sale day, clerk code in case numbers, ZIPs. Brevard's
# are here; each RealForeclose county's come from its profile (county_profiles.py).
COUNTY_PROFILES: dict[str, dict] = {
    "brevard": {"weekdays": (2,), "cases": (15, 25), "code": "05",
                "zips": {"32901": "MELBOURNE", "32904": "MELBOURNE", "32905": "PALM BAY", "32907": "PALM BAY",
                         "32908": "PALM BAY", "32909": "PALM BAY", "32922": "COCOA", "32926": "COCOA",
                         "32927": "COCOA", "32935": "MELBOURNE", "32937": "SATELLITE BEACH",
                         "32940": "MELBOURNE", "32952": "MERRITT ISLAND", "32953": "MERRITT ISLAND",
                         "32955": "ROCKLEDGE", "32780": "TITUSVILLE", "32796": "TITUSVILLE"}},
    **{slug: {"weekdays": p.weekdays, "cases": p.cases, "code": p.code, "zips": p.zips}
       for slug, p in PROFILES.items()},
}
# Tax-deed sales (RealForeclose counties only): opening bid = unpaid taxes of this many years with interest,
# plus fees; half the assessed value more on a homestead (Florida's rule). Outcome shares are assumptions.
TAX_DEED_YEARS_OWED = 3
TAX_DEED_INTEREST = 0.18
TAX_DEED_FEES = 1_500
TAX_DEED_REDEEMED_SHARE = 0.3
TAX_DEED_CASES = (1, 6)

PROPERTY_TYPES = (("SFR", 0.70), ("CONDO", 0.14), ("TOWNHOUSE", 0.08), ("MULTI-FAMILY", 0.04),
                  ("COMMERCIAL", 0.02), ("LAND", 0.02))
# Judgment / assessed value: 2026 RealForeclose snapshots give a median of about 1.07, quartiles ~0.8-1.5.
JUDGMENT_TO_ASSESSED = (0.12, 0.33)  # lognormal mu, sigma for bank cases
# Association (HOA/COA) judgments are unpaid dues: about $3,000-$28,000 on homes of about $200,000.
ASSOCIATION_JUDGMENT_TO_VALUE = (0.015, 0.14)
HIDDEN_MAX_BID_SHARE = 0.9  # Pinellas, Seminole, Santa Rosa snapshots: 90-100% "Hidden"


def hidden_share(county: str) -> float:
    """The share of the county's plaintiffs hiding their max bid: its profile's (real where captured), else 0.9."""
    profile = PROFILES.get(county)
    return profile.hidden_share if profile is not None else HIDDEN_MAX_BID_SHARE

# The outcome model (documented in simulator/README.md): the real fit (real_fit.json) plus this effect.
SURVIVING_MORTGAGE_EFFECT = -2.2  # investors rarely buy a house with the first mortgage still on it
REDEEMED_SHARE = 0.03


# The logistic fits on the real Miami-Dade auctions (biddeed_assets.model.simulator_fit writes the file).
REAL_FIT = json.loads(Path(__file__).with_name("real_fit.json").read_text())


def _cancel_effect(association: bool, case_age_years: float, log_judgment_to_value: float, hidden: bool) -> float:
    """The real fit's log-odds of the sale happening, without its intercept (inputs clipped as the fit's)."""
    fit = REAL_FIT["sold"]["coefficients"]
    return (fit["association"] * association + fit["case_age_years"] * min(max(case_age_years, 0), 15)
            + fit["log_judgment_to_value"] * min(max(log_judgment_to_value, -3.0), 3.0)
            + fit["max_bid_hidden"] * hidden)


def judgment_to_value(rng: random.Random, association: bool) -> float:
    """A case's final judgment over its assessed value: lognormal for lenders, a small share for associations."""
    if association:
        return rng.uniform(*ASSOCIATION_JUDGMENT_TO_VALUE)
    mu, sigma = JUDGMENT_TO_ASSESSED
    return math.exp(rng.gauss(mu, sigma))


def _world_effects(n: int = 4000) -> list[float]:
    """The effects of n listings drawn as the world draws them (own fixed stream): what the intercept is set on."""
    rng = random.Random(20260101)
    kinds = [(kind in ("HOA", "CONDO"), w) for kind, w, _ in PLAINTIFFS]
    ages, age_weights = zip(*FILING_LAG_YEARS, strict=True)
    effects = []
    for _ in range(n):
        association = rng.choices([a for a, _ in kinds], weights=[w for _, w in kinds])[0]
        ratio = judgment_to_value(rng, association)
        age = rng.choices(ages, weights=age_weights)[0]
        effects.append(_cancel_effect(association, age, math.log(ratio), rng.random() < HIDDEN_MAX_BID_SHARE))
    return effects


def _cancel_intercept() -> float:
    """The intercept that keeps the real fit's slopes and Brevard's own listed-cancelled share (8%).

    Miami-Dade's list keeps every postponement as a cancellation (63%); Brevard's clerk list shows about
    8% cancelled, so the world takes the real *effects* of association, case age, judgment/value and a
    hidden max bid on whether a sale happens, and sets the base rate from the county's own list.
    """
    effects = _world_effects()
    low, high = -10.0, 10.0
    for _ in range(50):  # bisection on the mean cancelled share
        mid = (low + high) / 2
        mean = sum(1 / (1 + math.exp(mid + x)) for x in effects) / len(effects)
        low, high = (low, mid) if mean < CANCELLED_SHARE else (mid, high)
    return (low + high) / 2


CANCEL_INTERCEPT = _cancel_intercept()


def cancel_probability(association: bool, case_age_years: int, judgment_to_assessed: float,
                       max_bid_hidden: bool) -> float:
    """P(the listed sale is cancelled): the real fit's effects around Brevard's base rate."""
    effect = _cancel_effect(association, case_age_years, math.log(judgment_to_assessed), max_bid_hidden)
    return 1 / (1 + math.exp(CANCEL_INTERCEPT + effect))
