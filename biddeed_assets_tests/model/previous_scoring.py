"""The scoring path as it was before the fast path (issue 15), frozen here as the reference the fast one must match.

Features through pandas Series operations, all REAL_FEATURES in float64, the boosters through a DMatrix,
the expected surplus by brute force over the residual quantiles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xgboost as xgb

from biddeed_assets.model.real_features import (
    _HIDDEN,
    COUNTIES,
    REAL_FEATURES,
    _association,
    _case_number_facts,
    _number_of,
    _per_value,
    county_slug,
)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
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
    said_hidden = _per_value(frame, "plaintiff_max_bid", lambda t: float(t.lower() in _HIDDEN))
    hidden = np.isnan(said_hidden) | (said_hidden == 1.0)
    return pd.Series(np.where(max_bid.notna(), 1.0, np.where(hidden, 0.0, np.nan)), index=frame.index)


def _sale_dates(frame: pd.DataFrame) -> pd.Series:
    if "auction_date" not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    codes, uniques = pd.factorize(frame["auction_date"], use_na_sentinel=True)
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object).map(str), errors="coerce", format="mixed")
    values = np.full(len(frame), np.datetime64("NaT"), dtype="datetime64[ns]")
    values[codes >= 0] = parsed.to_numpy(dtype="datetime64[ns]")[codes[codes >= 0]]
    return pd.Series(values, index=frame.index)


def real_feature_matrix(frame: pd.DataFrame) -> np.ndarray:
    """The float64 (rows, REAL_FEATURES) matrix, computed as before the fast path."""
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
    age = age.where(age >= -0.5).clip(lower=0.0)
    beds, baths = n(frame, "beds"), n(frame, "baths")
    unrecorded = (beds == 0) & (baths == 0)
    beds, baths = beds.mask(unrecorded), baths.mask(unrecorded | (baths == 0))
    living = _positive(n(frame, "living_area"))
    place, day_size = _positive(n(frame, "place_in_line")), _positive(n(frame, "day_count"))
    month = dates.dt.month.astype("float64")
    columns = {
        "final_judgment": judgment, "assessed_value": value, "judgment_to_value": _ratio(judgment, value),
        "max_bid_shown": _max_bid_shown(frame, max_bid), "max_bid_to_judgment": _ratio(max_bid, judgment),
        "max_bid_to_value": _ratio(max_bid, value), "case_age_years": age, "county_court": cc,
        "hoa_flag": n(frame, "hoa_association_flag").where(lambda f: f.isin((0.0, 1.0))),
        "association_plaintiff": pd.Series(_per_value(frame, "plaintiff", _association), index=frame.index),
        "defendant_count": n(frame, "defendant_count").where(lambda c: c >= 0),
        "previous_auctions": n(frame, "previous_auctions").where(lambda c: c >= 0),
        "place_in_line": place, "sale_day_size": day_size, "place_share": _ratio(place, day_size),
        "beds": beds.where(beds >= 0), "baths": baths.where(baths >= 0), "living_area": living,
        "lot_size": _positive(n(frame, "lot_size")), "value_per_sqft": _ratio(value, living),
        "month_sin": np.sin(2 * np.pi * (month - 1) / 12), "month_cos": np.cos(2 * np.pi * (month - 1) / 12),
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


def _margin(booster: xgb.Booster, X: np.ndarray) -> np.ndarray:
    matrix = xgb.DMatrix(X, missing=np.nan, feature_names=booster.feature_names)
    return booster.predict(matrix, output_margin=True).astype(np.float64)


def scores(bundle, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The six numeric score columns, as the path before the fast one computed them."""
    features = real_feature_matrix(frame)
    columns = list(REAL_FEATURES)
    X = features[:, [columns.index(name) for name in bundle.features]].astype(np.float32)
    judgment = features[:, columns.index("final_judgment")]
    ok = ~np.isnan(judgment)
    out = {name: np.full(len(frame), np.nan) for name in ("sold_probability", "third_party_probability",
                                                           "predicted_sale_price", "price_lower", "price_upper",
                                                           "expected_surplus")}
    if not ok.any():
        return out
    for name, model in (("sold_probability", bundle.sold), ("third_party_probability", bundle.third_party)):
        margin = _margin(model.booster, X[ok])
        out[name][ok] = model.calibration.apply(1.0 / (1.0 + np.exp(-margin)), margin)
    log_price = _margin(bundle.price, X[ok])
    q = bundle.price_quantile
    out["predicted_sale_price"][ok] = np.maximum(np.expm1(log_price), 0.0)
    out["price_lower"][ok] = np.maximum(np.expm1(log_price - q), 0.0)
    out["price_upper"][ok] = np.expm1(log_price + q)
    residuals = np.asarray(bundle.price_residuals)
    prices = np.expm1(log_price[:, None] + residuals[None, :])
    out["expected_surplus"][ok] = np.maximum(prices - judgment[ok][:, None], 0.0).mean(axis=1)
    return out
