"""A learnable synthetic training set with every FEATURES column, for benchmarks and tests.

`synthetic_training_frame`: the third-party chance is a logistic of equity after surviving liens and
taxes, plaintiff kind, a surviving senior mortgage (HOA/condo cases), property type, county and era
(the simulator's documented outcome model, re-drawn in numpy); the sale price follows the plaintiff's
max bid plus a premium when a third party wins. About a tenth of property facts, a sixth of ZIP figures
and some tax records are unknown (NaN), and the model never sees the true value behind a missing one.
"""


from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from biddeed_assets.model.features import COUNTIES, FEATURES, KINDS, PROPERTY_TYPES

_KIND_WEIGHTS = {"SERVICER": 0.37, "BANK": 0.25, "TRUSTEE": 0.09, "GSE": 0.04, "HOA": 0.07, "CONDO": 0.03,
                 "PRIVATE": 0.06, "GOVERNMENT": 0.02, "UNKNOWN": 0.07}
_KIND_EFFECT = {"PRIVATE": 0.3, "GOVERNMENT": -0.3, "HOA": 0.2, "CONDO": 0.2}
_COUNTY_WEIGHTS = {"brevard": 0.45, "hillsborough": 0.35, "duval": 0.20}
_COUNTY_EFFECT = {"brevard": 0.0, "hillsborough": 0.12, "duval": -0.1}
_TYPE_WEIGHTS = (0.70, 0.14, 0.08, 0.04, 0.02, 0.02)


def _sale_days(start: dt.date, n_days: int) -> np.ndarray:
    """Tuesday-to-Thursday sale days from `start`."""
    days, day = [], start
    while len(days) < n_days:
        if day.weekday() in (1, 2, 3):
            days.append(day)
        day += dt.timedelta(days=1)
    return np.array([d.isoformat() for d in days])


def synthetic_training_frame(n_rows: int = 100_000, seed: int = 0, start: str = "2023-01-03",
                             n_sale_days: int | None = None, drift: float = 0.0) -> pd.DataFrame:
    """A training set of `n_rows` sold cases: FEATURES, auction_date, county, case_number, third_party, sold_amount.

    Rows are in sale-date order. `drift` shifts values and equity upward (for drift tests).
    """
    rng = np.random.default_rng(seed)
    n = n_rows
    n_days = n_sale_days or max(2, min(450, n // 20))
    days = _sale_days(dt.date.fromisoformat(start), n_days)
    date = np.sort(rng.choice(days, size=n))
    year = date.astype("datetime64[Y]").astype(int) + 1970
    month = date.astype("datetime64[M]").astype(int) % 12 + 1

    county = rng.choice(list(_COUNTY_WEIGHTS), size=n, p=list(_COUNTY_WEIGHTS.values()))
    kind = rng.choice(list(_KIND_WEIGHTS), size=n, p=list(_KIND_WEIGHTS.values()))
    association = np.isin(kind, ("HOA", "CONDO"))
    ptype = rng.choice(PROPERTY_TYPES, size=n, p=_TYPE_WEIGHTS)

    value = np.exp(rng.normal(np.log(260_000) + drift, 0.5, n))
    judgment = np.where(association, rng.uniform(3_000, 28_000, n),
                        value * np.exp(rng.normal(0.12 - drift, 0.33, n)))
    surviving_mortgage = association & (rng.random(n) < 0.7)
    surviving = np.where(surviving_mortgage, value * rng.uniform(0.4, 0.9, n), 0.0)
    tax_years = np.minimum(rng.poisson(0.5, n), 3)
    unpaid_taxes = tax_years * value * rng.uniform(0.016, 0.021, n)
    equity = (value - judgment - surviving - unpaid_taxes) / value
    max_bid = np.where(association, judgment, np.minimum(judgment, value * rng.uniform(0.7, 1.05, n)))

    era = -0.6 + 0.15 * (year - 2023)
    logit = era + 3.2 * np.clip(equity, -1.0, 0.8)
    logit += np.vectorize(_COUNTY_EFFECT.get)(county) + np.vectorize(lambda k: _KIND_EFFECT.get(k, 0.0))(kind)
    logit += np.where(surviving_mortgage, -2.2, 0.0) - np.where(np.isin(ptype, ("COMMERCIAL", "LAND")), 0.4, 0.0)
    third_party = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    sold = np.where(third_party == 1, max_bid + 100 + value * rng.uniform(0.0, 0.12, n),
                    max_bid * rng.uniform(0.5, 1.0, n))
    sold = np.round(sold, -2) + 100

    hidden = rng.random(n) < 0.9
    plaintiff_samples = rng.poisson(12, n).astype(float)
    base_rate = 1.0 / (1.0 + np.exp(-(logit - 3.2 * np.clip(equity, -1.0, 0.8))))
    known_value = rng.random(n) >= 0.1
    known_zip = rng.random(n) >= 0.15
    known_taxes = rng.random(n) >= 0.05
    zip_home_value = np.exp(rng.normal(np.log(300_000), 0.3, n))

    def unknown_unless(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.where(mask, values, np.nan)

    data: dict[str, np.ndarray] = {
        "final_judgment": judgment,
        "log_judgment": np.log(judgment),
        "value": unknown_unless(known_value, value),
        "judgment_to_value": unknown_unless(known_value, judgment / value),
        "equity_ratio": unknown_unless(known_value & known_taxes, equity),
        "max_bid_to_judgment": np.where(hidden, np.nan, max_bid / judgment),
        "max_bid_hidden": hidden.astype(float),
        "case_age_years": rng.choice([0, 1, 2, 3, 4, 6, 8], size=n, p=[.1, .45, .25, .1, .05, .03, .02]).astype(float),
        "county_court": (association & (rng.random(n) < 0.9)).astype(float),
        **{f"kind_{k}": (kind == k).astype(float) for k in KINDS},
        "plaintiff_tp_rate": np.where(plaintiff_samples > 0,
                                      np.clip(base_rate + rng.normal(0, 0.08, n), 0, 1), np.nan),
        "plaintiff_tp_samples": plaintiff_samples,
        "homestead": unknown_unless(known_value, (rng.random(n) < 0.5).astype(float)),
        "pool": unknown_unless(known_value, (rng.random(n) < 0.3).astype(float)),
        "building_age": unknown_unless(known_value, rng.integers(0, 70, n).astype(float)),
        "living_area": unknown_unless(known_value, value / rng.uniform(120, 250, n)),
        **{f"type_{t}": unknown_unless(known_value, (ptype == t).astype(float)) for t in PROPERTY_TYPES},
        "unpaid_taxes": unknown_unless(known_taxes, unpaid_taxes),
        "unpaid_tax_years": unknown_unless(known_taxes, tax_years.astype(float)),
        "tax_certificates": unknown_unless(known_taxes, np.maximum(tax_years - 1, 0).astype(float)),
        "active_liens": (rng.poisson(0.4, n) + surviving_mortgage).astype(float),
        "active_mortgages": (1 + surviving_mortgage).astype(float),
        "surviving_lien_value": surviving,
        "extinguished_value": np.where(association, 0.0, judgment),
        "senior_mortgage_survives": surviving_mortgage.astype(float),
        "irs_lien": (rng.random(n) < 0.02).astype(float),
        "zip_income": unknown_unless(known_zip, rng.normal(65_000, 15_000, n)),
        "zip_home_value": unknown_unless(known_zip, zip_home_value),
        "zip_vacancy": unknown_unless(known_zip, rng.uniform(0.03, 0.2, n)),
        "zip_owner_occupancy": unknown_unless(known_zip, rng.uniform(0.4, 0.85, n)),
        "value_to_zip_median": unknown_unless(known_zip & known_value, value / zip_home_value),
        "sale_year": year.astype(float),
        "sale_month": month.astype(float),
        **{f"county_{c}": (county == c).astype(float) for c in COUNTIES},
    }
    assert set(data) == set(FEATURES), set(FEATURES) ^ set(data)
    frame = pd.DataFrame({name: data[name] for name in FEATURES})
    frame.insert(0, "auction_date", date)
    frame.insert(1, "county", county)
    frame.insert(2, "case_number", [f"05-{y}-CA-{i:06d}" for y, i in zip(year, range(n), strict=True)])
    frame["third_party"] = third_party
    frame["sold_amount"] = sold
    return frame
