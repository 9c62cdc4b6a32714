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
_ONE_HOT = {f"county_{c}": i for i, c in enumerate(COUNTIES)}
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


def _numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The column as floats ("$250,359.00" reads as 250359); absent, empty or not a number is NaN."""
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    values = frame[column]
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        out = values.to_numpy(dtype=np.float64, na_value=np.nan)
        return np.where(np.isfinite(out), out, np.nan)
    return _per_value(frame, column, _number_of)


def _positive(values: np.ndarray) -> np.ndarray:
    return np.where(values > 0, values, np.nan)


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    return top / np.where(bottom > 0, bottom, np.nan)


def _max_bid_shown(frame: pd.DataFrame, max_bid: np.ndarray) -> np.ndarray:
    if "plaintiff_max_bid" not in frame.columns:
        return np.full(len(frame), np.nan)
    # NaN for an empty cell, 1 for "Hidden" and the like, 0 for any other text or number.
    column = frame["plaintiff_max_bid"]
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        hidden = column.isna().to_numpy()  # a number column has no text: only its empty cells are hidden
    else:
        said_hidden = _per_value(frame, "plaintiff_max_bid", lambda t: float(t.lower() in _HIDDEN))
        hidden = np.isnan(said_hidden) | (said_hidden == 1.0)
    return np.where(~np.isnan(max_bid), 1.0, np.where(hidden, 0.0, np.nan))


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


def _sale_calendar(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sale year with its fraction, sine and cosine of the sale month) per row, from each distinct auction_date."""
    out = np.full((len(frame), 3), np.nan)
    if "auction_date" not in frame.columns:
        return out[:, 0], out[:, 1], out[:, 2]
    codes, uniques = pd.factorize(frame["auction_date"], use_na_sentinel=True)
    dates = pd.to_datetime(pd.Series(uniques, dtype=object).map(str), errors="coerce", format="mixed")
    dates = pd.Series(dates.to_numpy(dtype="datetime64[ns]"))
    month = dates.dt.month.to_numpy(dtype=np.float64)
    values = np.column_stack([(dates.dt.year + (dates.dt.day_of_year - 1) / 365.25).to_numpy(dtype=np.float64),
                              np.sin(2 * np.pi * (month - 1) / 12), np.cos(2 * np.pi * (month - 1) / 12)])
    out[codes >= 0] = values[codes[codes >= 0]]
    return out[:, 0], out[:, 1], out[:, 2]


def real_features(frame: pd.DataFrame) -> pd.DataFrame:
    """The REAL_FEATURES frame of `frame` (same index and order); see the module docstring."""
    return pd.DataFrame(real_feature_matrix(frame), index=frame.index, columns=list(REAL_FEATURES), copy=False)


def real_feature_matrix(frame: pd.DataFrame, names: tuple[str, ...] = REAL_FEATURES,
                        dtype: type = np.float64) -> np.ndarray:
    """The C-ordered (rows, names) matrix of `frame`, in row order; names are REAL_FEATURES (all by default)."""
    columns = real_feature_columns(frame, names)
    out = np.empty((len(frame), len(names)), dtype=dtype)
    for j, name in enumerate(names):
        out[:, j] = columns[name]
    return out


def real_feature_columns(frame: pd.DataFrame, names: tuple[str, ...] = REAL_FEATURES) -> dict[str, np.ndarray]:
    """Each of `names` (REAL_FEATURES) as a float64 array over the rows of `frame`, in row order."""
    unknown = set(names) - set(REAL_FEATURES)
    if unknown:
        raise KeyError(f"not real features: {', '.join(sorted(unknown))}")
    with np.errstate(all="ignore"):  # NaN and overflow propagate silently, as in pandas
        columns = _case_columns(frame)
        wanted = [name for name in names if name in _ONE_HOT]
        if wanted:
            columns.update(_county_columns(frame, wanted))
    return {name: columns[name] for name in names}


def _case_columns(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    n = _numbers
    judgment = _positive(n(frame, "final_judgment"))
    value = _positive(n(frame, "assessed_value"))
    max_bid = _positive(n(frame, "plaintiff_max_bid"))
    sale_year, month_sin, month_cos = _sale_calendar(frame)
    case_facts = _per_value(frame, "case_number", _case_number_facts, width=2)
    case_year, cc = case_facts[:, 0], case_facts[:, 1]
    filing_year = n(frame, "case_filing_year")
    filed = np.where(np.isnan(case_year),
                     np.where((filing_year >= 1950) & (filing_year <= 2100), filing_year, np.nan), case_year)
    age = sale_year - (filed + 0.5)
    age = np.maximum(np.where(age >= -0.5, age, np.nan), 0.0)  # filed after the sale: a wrong year, unknown

    beds, baths = n(frame, "beds"), n(frame, "baths")
    unrecorded = (beds == 0) & (baths == 0)
    beds, baths = np.where(unrecorded, np.nan, beds), np.where(unrecorded | (baths == 0), np.nan, baths)
    living = _positive(n(frame, "living_area"))
    place, day_size = _positive(n(frame, "place_in_line")), _positive(n(frame, "day_count"))
    hoa, defendants, previous = (n(frame, c) for c in ("hoa_association_flag", "defendant_count",
                                                       "previous_auctions"))
    return {
        "final_judgment": judgment,
        "assessed_value": value,
        "judgment_to_value": _ratio(judgment, value),
        "max_bid_shown": _max_bid_shown(frame, max_bid),
        "max_bid_to_judgment": _ratio(max_bid, judgment),
        "max_bid_to_value": _ratio(max_bid, value),
        "case_age_years": age,
        "county_court": cc,
        "hoa_flag": np.where((hoa == 0.0) | (hoa == 1.0), hoa, np.nan),
        "association_plaintiff": _per_value(frame, "plaintiff", _association),
        "defendant_count": np.where(defendants >= 0, defendants, np.nan),
        "previous_auctions": np.where(previous >= 0, previous, np.nan),
        "place_in_line": place,
        "sale_day_size": day_size,
        "place_share": _ratio(place, day_size),
        "beds": np.where(beds >= 0, beds, np.nan),
        "baths": np.where(baths >= 0, baths, np.nan),
        "living_area": living,
        "lot_size": _positive(n(frame, "lot_size")),
        "value_per_sqft": _ratio(value, living),
        "month_sin": month_sin,
        "month_cos": month_cos,
    }


def _county_columns(frame: pd.DataFrame, names: list[str]) -> dict[str, np.ndarray]:
    position = {slug: float(i) for i, slug in enumerate(COUNTIES)}
    codes = _per_value(frame, "county", lambda t: position.get(county_slug(t), -1.0))
    hot = np.empty((len(names), len(frame)))
    hot[:] = codes[None, :] == np.array([_ONE_HOT[name] for name in names], dtype=np.float64)[:, None]
    hot[:, np.isnan(codes)] = np.nan
    return dict(zip(names, hot, strict=True))


def known_columns(frame: pd.DataFrame) -> list[str]:
    """The input columns of `frame` that the features read."""
    return [c for c in INPUT_COLUMNS if c in frame.columns]
