"""Features known before a foreclosure sale, from case facts named as in the shared Miami-Dade history file.

`real_features(frame)` turns any frame of case facts (the history file's columns, the canonical case
record's, or a mix) into one numeric row per input row, in input order, index kept. Nothing after the
sale is read: `sold_amount`, `sold_to`, `outcome` and `status` are never looked at. Missing is NaN,
never 0: a column the frame lacks, an empty cell, "Hidden", or text that is not a number. In the source
a living_area or lot_size of 0 means "not recorded" (5,426 lots of 0 are condos without a lot record);
beds and baths both 0 is an unrecorded building, and 0 baths alone is unrecorded; a judgment <= 0 is
unknown.

| feature | meaning |
|---|---|
| final_judgment, assessed_value | $ |
| judgment_to_value | final_judgment / assessed_value |
| max_bid_shown | 1 when the plaintiff's max bid is published, 0 when the column is there but empty/"Hidden" |
| max_bid_to_judgment, max_bid_to_value | the published max bid / judgment, / assessed value |
| case_age_years | years from the filing (mid-year of the case number's year, else case_filing_year) to the sale |
| county_court | 1 for a county-court (CC) case number, 0 for another court; NaN without a case number |
| hoa_flag | the source's hoa_association_flag |
| association_plaintiff | 1 when the plaintiff's name reads as an HOA/condo association (rules.plaintiffs) |
| defendant_count, previous_auctions | defendants named; times the case was scheduled before |
| place_in_line, sale_day_size, place_share | position in the day's sale order, items on that day's list (`day_count`, constant per date and never below place_in_line in the source), their ratio |
| beds, baths, living_area, lot_size, value_per_sqft | building facts; assessed value / living area |
| month_sin, month_cos | the sale month on the circle (season without a year trend) |
| county_<slug> | one-hot over COUNTIES (all 0 for a county outside it, NaN when unknown) |
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from biddeed_assets.rules.case_numbers import InvalidCaseNumber, parse_any
from biddeed_assets.rules.plaintiffs import ASSOCIATION_KINDS, PlaintiffKind, classify_plaintiff

FEATURE_SET = "real"
FEATURE_SET_VERSION = "real-v1"  # change whenever a feature is added, removed or computed differently

# Florida's RealAuction counties (portals/counties.py slugs), fixed here so a registry edit never
# silently changes what a trained model's columns mean.
COUNTIES: tuple[str, ...] = (
    "alachua", "baker", "bay", "brevard", "broward", "calhoun", "charlotte", "citrus", "clay", "duval",
    "escambia", "flagler", "gilchrist", "gulf", "hendry", "hernando", "highlands", "hillsborough",
    "indian_river", "jackson", "lake", "lee", "leon", "manatee", "marion", "martin", "miami_dade", "monroe",
    "nassau", "okaloosa", "okeechobee", "orange", "osceola", "palm_beach", "pasco", "pinellas", "polk",
    "putnam", "st_johns", "santa_rosa", "sarasota", "seminole", "stlucie", "suwannee", "volusia", "walton",
    "washington",
)
_COUNTY_ALIASES = {"miamidade": "miami_dade", "dade": "miami_dade", "saint_johns": "st_johns",
                   "st_lucie": "stlucie", "saint_lucie": "stlucie", "indianriver": "indian_river",
                   "palmbeach": "palm_beach", "santarosa": "santa_rosa", "stjohns": "st_johns"}

REAL_FEATURES: tuple[str, ...] = (
    "final_judgment", "assessed_value", "judgment_to_value", "max_bid_shown", "max_bid_to_judgment",
    "max_bid_to_value", "case_age_years", "county_court", "hoa_flag", "association_plaintiff",
    "defendant_count", "previous_auctions", "place_in_line", "sale_day_size", "place_share",
    "beds", "baths", "living_area", "lot_size", "value_per_sqft", "month_sin", "month_cos",
    *(f"county_{c}" for c in COUNTIES),
)
# Input columns the features read; a frame with none of them cannot be scored.
INPUT_COLUMNS: tuple[str, ...] = (
    "final_judgment", "assessed_value", "plaintiff_max_bid", "auction_date", "case_filing_year",
    "hoa_association_flag", "defendant_count", "previous_auctions", "place_in_line", "day_count", "beds",
    "baths", "living_area", "lot_size", "county", "case_number", "plaintiff",
)
# After-the-sale columns: never features, ignored when present.
OUTCOME_COLUMNS: tuple[str, ...] = ("outcome", "sold_to", "sold_amount", "status")

_HIDDEN = frozenset({"", "hidden", "nan", "none", "null", "n/a"})
_MONEY = re.compile(r"[$,\s]")


def _per_value(frame: pd.DataFrame, column: str, fn: Callable[[str], float], width: int = 1) -> np.ndarray:
    """fn of each distinct non-empty text of the column (stripped), spread to the rows; NaN elsewhere.

    Sale lists repeat dates, counties and names, so Python runs once per distinct value, never per row.
    """
    out = np.full((len(frame), width), np.nan)
    if column not in frame.columns:
        return out if width > 1 else out[:, 0]
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    if len(uniques):
        empty = [np.nan] * width if width > 1 else np.nan
        values = np.array([fn(str(u).strip()) if str(u).strip() else empty for u in uniques],
                          dtype=np.float64).reshape(len(uniques), width)
        out[codes >= 0] = values[codes[codes >= 0]]
    return out if width > 1 else out[:, 0]


def _number_of(text: str) -> float:
    try:
        value = float(_MONEY.sub("", text))
    except ValueError:
        return np.nan
    return value if np.isfinite(value) else np.nan


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as floats ("$250,359.00" reads as 250359); absent, empty or not a number is NaN."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    values = frame[column]
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        out = values.astype("float64")
        return out.where(np.isfinite(out))
    return pd.Series(_per_value(frame, column, _number_of), index=frame.index)


def _positive(series: pd.Series) -> pd.Series:
    return series.where(series > 0)


def _ratio(top: pd.Series, bottom: pd.Series) -> pd.Series:
    return top / bottom.where(bottom > 0)


def _max_bid_shown(frame: pd.DataFrame, max_bid: pd.Series) -> pd.Series:
    if "plaintiff_max_bid" not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    # NaN for an empty cell, 1 for "Hidden" and the like, 0 for any other text or number.
    said_hidden = _per_value(frame, "plaintiff_max_bid", lambda t: float(t.lower() in _HIDDEN))
    hidden = np.isnan(said_hidden) | (said_hidden == 1.0)
    return pd.Series(np.where(max_bid.notna(), 1.0, np.where(hidden, 0.0, np.nan)), index=frame.index)


def county_slug(text: object) -> str | None:
    """The county's slug ("Miami-Dade" -> "miami_dade", "St. Lucie" -> "stlucie"); None when empty."""
    if text is None or pd.isna(text):
        return None
    slug = re.sub(r"[\s\-]+", "_", str(text).strip().lower().replace(".", "")).strip("_")
    if slug.endswith("_county"):
        slug = slug[: -len("_county")]
    return _COUNTY_ALIASES.get(slug, slug) or None


def _case_number_facts(text: str) -> tuple[float, float]:
    """(filing year, 1.0 for CC / 0.0 for another court) of a case number; NaN when it does not parse."""
    try:
        parsed = parse_any(text)
    except InvalidCaseNumber:
        return np.nan, np.nan
    return float(parsed.filing_year), float(parsed.court_code == "CC")


def _association(name: str) -> float:
    kind = classify_plaintiff(name).kind
    return np.nan if kind is PlaintiffKind.UNKNOWN else float(kind in ASSOCIATION_KINDS)


def _sale_dates(frame: pd.DataFrame) -> pd.Series:
    if "auction_date" not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    codes, uniques = pd.factorize(frame["auction_date"], use_na_sentinel=True)
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object).map(str), errors="coerce", format="mixed")
    values = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
    values[codes >= 0] = parsed.to_numpy(dtype="datetime64[ns]")[codes[codes >= 0]]
    return pd.Series(values, index=frame.index)


def real_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The REAL_FEATURES frame of `frame` (same index and order); see the module docstring."""
    return pd.DataFrame(real_feature_matrix(frame), index=frame.index, columns=list(REAL_FEATURES), copy=False)


def real_feature_matrix(frame: pd.DataFrame) -> np.ndarray:
    """The float64 (rows, REAL_FEATURES) matrix of `frame`, in row order."""
    n = _numbers
    judgment = _positive(n(frame, "final_judgment"))
    value = _positive(n(frame, "assessed_value"))
    max_bid = _positive(n(frame, "plaintiff_max_bid"))
    dates = _sale_dates(frame)
    sale_year = dates.dt.year + (dates.dt.day_of_year - 1) / 365.25
    case_facts = _per_value(frame, "case_number", _case_number_facts, width=2)
    case_year, cc = (pd.Series(case_facts[:, i], index=frame.index) for i in (0, 1))
    filed = case_year.fillna(n(frame, "case_filing_year").where(lambda y: y.between(1950, 2100)))
    age = sale_year - (filed + 0.5)
    age = age.where(age >= -0.5).clip(lower=0.0)  # filed after the sale: a wrong year, unknown

    beds, baths = n(frame, "beds"), n(frame, "baths")
    unrecorded = (beds == 0) & (baths == 0)
    beds, baths = beds.mask(unrecorded), baths.mask(unrecorded | (baths == 0))
    living = _positive(n(frame, "living_area"))
    place, day_size = _positive(n(frame, "place_in_line")), _positive(n(frame, "day_count"))
    month = dates.dt.month.astype("float64")

    columns = {
        "final_judgment": judgment,
        "assessed_value": value,
        "judgment_to_value": _ratio(judgment, value),
        "max_bid_shown": _max_bid_shown(frame, max_bid),
        "max_bid_to_judgment": _ratio(max_bid, judgment),
        "max_bid_to_value": _ratio(max_bid, value),
        "case_age_years": age,
        "county_court": cc,
        "hoa_flag": n(frame, "hoa_association_flag").where(lambda f: f.isin((0.0, 1.0))),
        "association_plaintiff": pd.Series(_per_value(frame, "plaintiff", _association), index=frame.index),
        "defendant_count": n(frame, "defendant_count").where(lambda c: c >= 0),
        "previous_auctions": n(frame, "previous_auctions").where(lambda c: c >= 0),
        "place_in_line": place,
        "sale_day_size": day_size,
        "place_share": _ratio(place, day_size),
        "beds": beds.where(beds >= 0),
        "baths": baths.where(baths >= 0),
        "living_area": living,
        "lot_size": _positive(n(frame, "lot_size")),
        "value_per_sqft": _ratio(value, living),
        "month_sin": np.sin(2 * np.pi * (month - 1) / 12),
        "month_cos": np.cos(2 * np.pi * (month - 1) / 12),
    }
    out = np.empty((len(frame), len(REAL_FEATURES)), dtype=np.float64)
    for j, name in enumerate(REAL_FEATURES[: len(columns)]):
        out[:, j] = np.asarray(columns[name], dtype=np.float64)
    position = {slug: float(i) for i, slug in enumerate(COUNTIES)}
    codes = _per_value(frame, "county", lambda t: position.get(county_slug(t), -1.0))
    one_hot = out[:, len(columns):]
    one_hot[:] = codes[:, None] == np.arange(len(COUNTIES))[None, :]
    one_hot[np.isnan(codes)] = np.nan
    return out


def known_columns(frame: pd.DataFrame) -> list[str]:
    """The input columns of `frame` that the features read."""
    return [c for c in INPUT_COLUMNS if c in frame.columns]
