"""What training any outcome model shares: time-ordered splits, calibration maps and conformal quantiles.

Splits are by unique sale date, oldest to newest; no sale date is ever on two sides, so cases of one sale
day (which share a market) never leak between fitting and judging. `outcome_training` cuts its slices
with `time_split`, fits each classifier's calibration map with `fit_calibration` on a later slice than
the booster saw, and the price interval's half-width with `conformal_quantile` (split conformal: under
exchangeability it covers `level` of future sales; drift weakens that, so coverage is measured on the
holdout and recorded).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from biddeed_assets.model.artifacts import Calibration

DATE_COLUMN = "auction_date"
ISOTONIC_MIN_ROWS = 1000  # below this, isotonic overfits its steps; Platt's two parameters do not


def sale_dates(frame: pd.DataFrame, date_column: str = DATE_COLUMN) -> pd.Series:
    """The frame's sale dates as datetime64 days (ISO strings, dates or timestamps accepted)."""
    return pd.to_datetime(frame[date_column]).dt.normalize()


def time_split(frame: pd.DataFrame, test_fraction: float = 0.2,
               date_column: str = DATE_COLUMN) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(earlier, later): the last round(test_fraction * unique dates) sale dates (at least one) go to later.

    The split is by unique sale dates, never inside one: both parts share no date. At least one date
    stays on each side, so a frame with fewer than two dates is a ValueError.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    dates = sale_dates(frame, date_column)
    unique = np.sort(dates.dropna().unique())
    if unique.size < 2:
        raise ValueError(f"a time split needs at least 2 sale dates, got {unique.size}")
    n_test = min(max(1, round(unique.size * test_fraction)), unique.size - 1)
    cut = unique[unique.size - n_test]
    later = (dates >= cut).to_numpy()
    return frame.loc[~later], frame.loc[later]


def fit_calibration(raw_probability: np.ndarray, margin: np.ndarray, y: np.ndarray,
                    method: str = "auto") -> Calibration:
    """A monotone calibration map fitted on a (later, unseen by the booster) slice.

    method: "isotonic", "sigmoid" (Platt on the margin), or "auto" (isotonic from ISOTONIC_MIN_ROWS
    rows). A slice with one class only gets the identity map.
    """
    y = np.asarray(y, dtype=int)
    if np.unique(y).size < 2:
        return Calibration("identity")
    if method == "auto":
        method = "isotonic" if y.size >= ISOTONIC_MIN_ROWS else "sigmoid"
    if method == "isotonic":
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
        iso.fit(np.asarray(raw_probability, dtype=np.float64), y)
        return Calibration("isotonic", tuple(map(float, iso.X_thresholds_)), tuple(map(float, iso.y_thresholds_)))
    if method == "sigmoid":
        platt = LogisticRegression(C=1e6, max_iter=1000)
        platt.fit(np.asarray(margin, dtype=np.float64).reshape(-1, 1), y)
        return Calibration("sigmoid", a=float(platt.coef_[0, 0]), b=float(platt.intercept_[0]))
    raise ValueError(f"unknown calibration method {method!r}")


def conformal_quantile(residuals: np.ndarray, level: float) -> float | None:
    """Split-conformal half-width: the ceil((n+1)*level)/n empirical quantile of |residuals|.

    With too few residuals for that rank the largest one is used (the interval is then a little
    short of the guarantee); no residuals -> None.
    """
    r = np.sort(np.abs(np.asarray(residuals, dtype=np.float64)))
    if r.size == 0:
        return None
    rank = math.ceil((r.size + 1) * level)
    return float(r[min(rank, r.size) - 1])
