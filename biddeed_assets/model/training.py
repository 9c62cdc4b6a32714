"""Learning from auction outcomes: time-ordered splits, the third-party classifier and the sale-price model.

The training set has the FEATURES columns plus `auction_date` (ISO date), `county`, `case_number`, the
label `third_party` (1 sold to a third party, 0 sold to the plaintiff; cancelled and redeemed cases are
left out upstream) and `sold_amount` ($).

`train` cuts the sale dates, oldest to newest, into four disjoint slices; no sale date is ever on two
sides, so cases of one sale day (which share a market) never leak between fitting and judging:

    | fit (boosters learn) | early stop | calibration | holdout (metrics, champion gate) |

- third-party classifier: XGBClassifier (binary:logistic), early stopping on the early-stop slice, then
  a monotone calibration map fitted on the calibration slice only: isotonic when that slice has at
  least `ISOTONIC_MIN_ROWS` rows, else Platt (sigmoid on the log-odds margin).
- sale-price model: XGBRegressor on log1p(sold_amount) (prices span $100 to millions; errors become
  relative), early stopped the same way. Its interval is *split conformal*: the
  ceil((n+1)*level)/n quantile of |log1p(actual) - prediction| on the calibration slice gives a
  half-width q, and the interval is [expm1(pred - q), expm1(pred + q)]. Under exchangeability it covers
  `level` of future sales; drift over time weakens that, so the holdout coverage is measured and
  recorded (`price_interval_coverage`).

The bundle's boosters are fitted on the fit slice only, so the holdout metrics describe exactly the
registered model; a drift-triggered retrain moves all four slices forward in time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from biddeed_assets.model.artifacts import (
    CalibratedClassifier,
    Calibration,
    ModelBundle,
    content_version,
    evaluate,
    feature_hash,
    feature_matrix,
    priced_rows,
)
from biddeed_assets.model.features import FEATURE_VERSION, FEATURES

DATE_COLUMN = "auction_date"
LABEL = "third_party"
PRICE = "sold_amount"
ISOTONIC_MIN_ROWS = 1000  # below this, isotonic overfits its steps; Platt's two parameters do not

# Chosen to train 100k rows in well under a minute on 2 cores (see bench/learn.py for measured figures).
_COMMON = {
    "tree_method": "hist",
    "n_jobs": 2,
    "n_estimators": 600,
    "learning_rate": 0.05,
    "max_depth": 5,
    "min_child_weight": 5.0,
    "subsample": 0.8,
    "colsample_bytree": 0.8,
    "reg_lambda": 1.0,
    "max_bin": 256,
    "early_stopping_rounds": 50,
    "random_state": 0,
}
CLASSIFIER_PARAMS: dict[str, Any] = {**_COMMON, "objective": "binary:logistic", "eval_metric": "logloss"}
REGRESSOR_PARAMS: dict[str, Any] = {**_COMMON, "objective": "reg:squarederror", "eval_metric": "rmse"}

DEFAULT_SPLIT = {"holdout_fraction": 0.2, "calibration_fraction": 0.15, "early_stop_fraction": 0.1}


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


def _window(frame: pd.DataFrame, date_column: str = DATE_COLUMN) -> tuple[str, str]:
    dates = sale_dates(frame, date_column)
    return dates.min().date().isoformat(), dates.max().date().isoformat()


def _slices(frame: pd.DataFrame, holdout_fraction: float, calibration_fraction: float,
            early_stop_fraction: float) -> dict[str, pd.DataFrame]:
    """fit | early_stop | calibration | holdout, by sale date; holdout_fraction 0 leaves no holdout."""
    needed = 4 if holdout_fraction > 0 else 3
    found = sale_dates(frame).nunique()
    if found < needed:
        raise ValueError(f"training needs at least {needed} distinct sale dates (one per slice), got {found}")
    if holdout_fraction > 0:
        rest, holdout = time_split(frame, holdout_fraction)
    else:
        rest, holdout = frame, frame.iloc[0:0]
    # The inner fractions are of all dates; re-express them on what is left at each step.
    rest, calibration = time_split(rest, calibration_fraction / (1.0 - holdout_fraction))
    fit, early_stop = time_split(rest, early_stop_fraction / (1.0 - holdout_fraction - calibration_fraction))
    return {"fit": fit, "early_stop": early_stop, "calibration": calibration, "holdout": holdout}


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


def _booster(model: xgb.XGBModel) -> xgb.Booster:
    """The fitted booster cut to its early-stopping best iteration, so the artifact holds only used trees."""
    booster = model.get_booster()
    best = getattr(model, "best_iteration", None)
    if best is not None and best + 1 < booster.num_boosted_rounds():
        booster = booster[: best + 1]
    return booster


def _fit(estimator: xgb.XGBModel, X: np.ndarray, y: np.ndarray, X_es: np.ndarray, y_es: np.ndarray) -> xgb.Booster:
    if X_es.shape[0] == 0:
        estimator.set_params(early_stopping_rounds=None)
        estimator.fit(X, y, verbose=False)
    else:
        estimator.fit(X, y, eval_set=[(X_es, y_es)], verbose=False)
    return _booster(estimator)


def train(
    frame: pd.DataFrame,
    *,
    features: Sequence[str] = FEATURES,
    feature_version: str = FEATURE_VERSION,
    classifier_params: Mapping[str, Any] | None = None,
    regressor_params: Mapping[str, Any] | None = None,
    holdout_fraction: float = DEFAULT_SPLIT["holdout_fraction"],
    calibration_fraction: float = DEFAULT_SPLIT["calibration_fraction"],
    early_stop_fraction: float = DEFAULT_SPLIT["early_stop_fraction"],
    calibration_method: str = "auto",
    price_interval_level: float = 0.8,
    price_rows: str = "all",
) -> ModelBundle:
    """Fit the third-party classifier and the sale-price model on a time-ordered split; see the module doc.

    Fractions are of the unique sale dates; holdout_fraction=0 trains without a holdout (no metrics).
    price_rows: "all" sold rows with a known amount (default), or "third_party" sales only.
    classifier_params / regressor_params override CLASSIFIER_PARAMS / REGRESSOR_PARAMS key by key.
    Returns a ModelBundle whose metrics are the holdout's: classification metrics (accuracy,
    precision, recall, f1, roc_auc, brier, ece, error_rate, mean_abs_error, n, ...) and price_* ones
    (price_mae, price_mape, price_median_ape, price_interval_coverage, price_interval_median_width,
    price_n).
    """
    if LABEL not in frame.columns:
        raise ValueError(f"the training set has no {LABEL!r} column")
    frame = frame.loc[frame[LABEL].notna()]
    if frame[LABEL].nunique() < 2:
        raise ValueError("the training set needs both outcomes (third party and plaintiff)")
    features = tuple(features)
    parts = _slices(frame, holdout_fraction, calibration_fraction, early_stop_fraction)
    X = {name: feature_matrix(part, features) for name, part in parts.items()}
    y = {name: part[LABEL].to_numpy(dtype=np.int32) for name, part in parts.items()}

    cls_params = {**CLASSIFIER_PARAMS, **(classifier_params or {})}
    booster = _fit(xgb.XGBClassifier(**cls_params), X["fit"], y["fit"], X["early_stop"], y["early_stop"])
    booster.feature_names = list(features)
    margin = np.asarray(booster.inplace_predict(X["calibration"], predict_type="margin"), dtype=np.float64)
    calibration = fit_calibration(1.0 / (1.0 + np.exp(-margin)), margin, y["calibration"], calibration_method)
    classifier = CalibratedClassifier(booster, calibration)

    reg_params = {**REGRESSOR_PARAMS, **(regressor_params or {})}
    priced = {name: priced_rows(part, price_rows, LABEL, PRICE) for name, part in parts.items()}
    log_price = {name: np.log1p(pd.to_numeric(part[PRICE], errors="coerce").to_numpy(dtype=np.float64)[priced[name]])
                 if PRICE in part.columns else np.empty(0) for name, part in parts.items()}
    regressor, q = None, None
    if priced["fit"].sum() >= 2:
        regressor = _fit(xgb.XGBRegressor(**reg_params), X["fit"][priced["fit"]], log_price["fit"],
                         X["early_stop"][priced["early_stop"]], log_price["early_stop"])
        regressor.feature_names = list(features)
        cal_pred = np.asarray(regressor.inplace_predict(X["calibration"][priced["calibration"]]), dtype=np.float64)
        q = conformal_quantile(log_price["calibration"] - cal_pred, price_interval_level)

    fitted = pd.concat([parts["fit"], parts["early_stop"], parts["calibration"]])
    bundle = ModelBundle(
        classifier=classifier,
        regressor=regressor,
        features=features,
        feature_version=feature_version,
        feature_hash=feature_hash(features, feature_version),
        params={
            "classifier": _jsonable(cls_params),
            "regressor": _jsonable(reg_params),
            "calibration_method": calibration.method,
            "price_target": "log1p",
            "price_interval": "split_conformal",
            "price_rows": price_rows,
            "holdout_fraction": holdout_fraction,
            "calibration_fraction": calibration_fraction,
            "early_stop_fraction": early_stop_fraction,
            "classifier_trees": booster.num_boosted_rounds(),
            "regressor_trees": regressor.num_boosted_rounds() if regressor is not None else 0,
        },
        metrics={},
        training_window=_window(fitted),
        holdout_window=_window(parts["holdout"]) if len(parts["holdout"]) else None,
        conformal_quantile=q,
        price_interval_level=price_interval_level,
        row_counts={name: int(len(part)) for name, part in parts.items()},
    )
    # The same function that scores a champion on this holdout, so the gate compares like with like.
    metrics = evaluate(bundle, parts["holdout"], LABEL, PRICE) if len(parts["holdout"]) else {}
    parts_bytes = [bytes(booster.save_raw("ubj")), repr(calibration.to_json()).encode()]
    if regressor is not None:
        parts_bytes.append(bytes(regressor.save_raw("ubj")))
    return replace(bundle, metrics=metrics, version=content_version(parts_bytes))


def _jsonable(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if isinstance(v, str | int | float | bool | type(None))}
