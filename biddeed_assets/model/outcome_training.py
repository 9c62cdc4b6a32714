"""Training the three outcome models on auctions tagged with their source, in time order.

The frame holds case facts (real_features' input columns), the outcome columns (`outcome` or `status`,
`sold_to`, `sold_amount`) and `source`, the name each row came from. Every source has a kind:
"history" (an imported file of past auctions), "live" (outcomes the pipeline captured) or "simulated"
(the simulator's world), given by a `source_kind` column or the `kinds` mapping. Real rows (history and
live) are what the models learn from; simulated rows are never mixed in: beside real rows they are left
out (and recorded as left out), and alone they are used only with `allow_simulated=True`. The bundle's
`sources` records every source, its kind, its rows and whether it was used, and `row_counts` the rows
per source in each slice.

As in model/training.py, the sale dates, oldest to newest, are cut into disjoint slices (no sale date on
two sides): | fit | early stop | calibration | holdout |. The boosters learn on fit and stop early on
early stop; the calibration slice fits the monotone calibration maps (isotonic from 1,000 rows, else
Platt) and the price interval's split-conformal half-width and residual quantiles; the holdout gives the
bundle's metrics (real_evaluation's report, beside the ratio and base-rate baselines fitted on the
training slices). All three models share the slices: the sale model learns on every scheduled row, the
third-party model on the sold ones, the price model on the third-party sales with an amount.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import xgboost as xgb

from biddeed_assets.model.artifacts import CalibratedClassifier, booster_bytes
from biddeed_assets.model.outcome_labels import outcome_labels
from biddeed_assets.model.outcome_models import OutcomeBundle
from biddeed_assets.model.real_evaluation import evaluate_outcomes, fit_baselines, flat_metrics
from biddeed_assets.model.real_features import FEATURE_SET_VERSION, real_features
from biddeed_assets.model.training import conformal_quantile, fit_calibration, time_split

SOURCE_KINDS = ("history", "live", "simulated")
REAL_KINDS = frozenset({"history", "live"})
SLICES = ("fit", "early_stop", "calibration", "holdout")
RESIDUAL_LEVELS = tuple(np.round(np.arange(1, 100) / 100.0, 2))

# Moderate trees: all three models on the 21k real auctions train in a few seconds on 2 cores
# (bench/real.py measures it). Not tuned on any holdout.
_COMMON = {
    "tree_method": "hist", "n_jobs": 2, "n_estimators": 1000, "learning_rate": 0.05, "max_depth": 4,
    "min_child_weight": 5.0, "subsample": 0.8, "colsample_bytree": 0.8, "reg_lambda": 1.0, "max_bin": 256,
    "early_stopping_rounds": 50, "random_state": 0,
}
CLASSIFIER_PARAMS: dict[str, Any] = {**_COMMON, "objective": "binary:logistic", "eval_metric": "logloss"}
REGRESSOR_PARAMS: dict[str, Any] = {**_COMMON, "objective": "reg:squarederror", "eval_metric": "rmse"}


class TrainingDataError(ValueError):
    """The training frame cannot train the models (no source, unknown kinds, only simulated rows, ...)."""


def _kinds(frame: pd.DataFrame, kinds: Mapping[str, str] | None) -> pd.Series:
    if "source" not in frame.columns:
        raise TrainingDataError("the training frame has no 'source' column: every row must name where it came from")
    source = frame["source"].astype("string")
    if source.isna().any():
        raise TrainingDataError(f"{int(source.isna().sum())} training rows have no source")
    if "source_kind" in frame.columns:
        kind = frame["source_kind"].astype("string").str.lower()
    else:
        table = {k: str(v).lower() for k, v in (kinds or {}).items()}
        kind = source.map(table).astype("string")
    unknown = sorted(set(source[kind.isna() | ~kind.isin(SOURCE_KINDS)]))
    if unknown:
        raise TrainingDataError(f"source(s) {', '.join(unknown)} have no kind; give each one of "
                                f"{', '.join(SOURCE_KINDS)} (a source_kind column or kinds={{source: kind}})")
    return kind


def select_sources(frame: pd.DataFrame, kinds: Mapping[str, str] | None = None,
                   allow_simulated: bool = False) -> tuple[pd.DataFrame, dict[str, Any]]:
    """(the rows to learn from, the record of every source): real rows if any, else simulated if allowed."""
    kind = _kinds(frame, kinds)
    real = kind.isin(REAL_KINDS).to_numpy()
    if real.any():
        used, training_data = real, "real"
    elif allow_simulated:
        used, training_data = np.ones(len(frame), dtype=bool), "simulated"
    else:
        raise TrainingDataError("no real outcomes (history or live) to train on, only simulated ones; "
                                "pass allow_simulated=True to train on the simulator's world")
    record: dict[str, Any] = {"training_data": training_data, "sources": {}}
    names, kind_of = frame["source"].astype(str).to_numpy(), kind.astype(str).to_numpy()
    for name in sorted(set(names)):
        rows = names == name
        taken = bool(used[rows].any())
        record["sources"][name] = {"kind": str(kind_of[rows][0]), "rows": int(rows.sum()), "used": taken}
        if not taken:
            record["sources"][name]["why_not"] = "simulated outcomes are not mixed with real ones"
    return frame.iloc[np.flatnonzero(used)], record


def _slices(dates: pd.Series, holdout_fraction: float, calibration_fraction: float, early_stop_fraction: float,
            holdout_from: str | None) -> dict[str, np.ndarray]:
    frame = pd.DataFrame({"auction_date": dates, "row": np.arange(len(dates))})
    if frame["auction_date"].nunique() < (3 if holdout_fraction == 0 and holdout_from is None else 4):
        raise TrainingDataError(f"training needs at least 4 distinct sale dates (one per slice), "
                                f"got {frame['auction_date'].nunique()}")
    if holdout_from is not None:
        cut = pd.Timestamp(holdout_from)
        rest, holdout = frame.loc[frame["auction_date"] < cut], frame.loc[frame["auction_date"] >= cut]
        share = 0.0 if len(holdout) == 0 else holdout["auction_date"].nunique() / frame["auction_date"].nunique()
    elif holdout_fraction > 0:
        rest, holdout = time_split(frame, holdout_fraction)
        share = holdout_fraction
    else:
        rest, holdout, share = frame, frame.iloc[0:0], 0.0
    if rest["auction_date"].nunique() < 3:
        raise TrainingDataError("fewer than 3 sale dates before the holdout")
    rest, calibration = time_split(rest, calibration_fraction / (1.0 - share))
    fit, early_stop = time_split(rest, early_stop_fraction / (1.0 - share - calibration_fraction))
    return {name: part["row"].to_numpy() for name, part in
            zip(SLICES, (fit, early_stop, calibration, holdout), strict=True)}


def informative_features(features: pd.DataFrame) -> tuple[str, ...]:
    """The features with at least two distinct known values in these rows, in REAL_FEATURES order.

    A constant or never-known column (another county's one-hot, a court type no row states) teaches a
    tree nothing but costs every histogram pass, so the boosters leave it out.
    """
    return tuple(name for name in features.columns if features[name].nunique(dropna=True) >= 2)


def _booster(estimator: xgb.XGBModel, X: np.ndarray, y: np.ndarray, X_stop: np.ndarray, y_stop: np.ndarray,
             names: tuple[str, ...]) -> xgb.Booster:
    if len(y_stop) == 0:
        estimator.set_params(early_stopping_rounds=None)
        estimator.fit(X, y, verbose=False)
    else:
        estimator.fit(X, y, eval_set=[(X_stop, y_stop)], verbose=False)
    booster = estimator.get_booster()
    best = getattr(estimator, "best_iteration", None)
    if best is not None and best + 1 < booster.num_boosted_rounds():
        booster = booster[: best + 1]
    booster.feature_names = list(names)
    return booster


def _classifier(X: dict[str, np.ndarray], y: dict[str, np.ndarray], params: dict[str, Any],
                calibration_method: str, names: tuple[str, ...]) -> CalibratedClassifier:
    rows = {name: ~np.isnan(y[name]) for name in SLICES}
    if np.unique(y["fit"][rows["fit"]]).size < 2:
        raise TrainingDataError("the fit slice needs both outcomes of every model")
    booster = _booster(xgb.XGBClassifier(**params), X["fit"][rows["fit"]], y["fit"][rows["fit"]],
                       X["early_stop"][rows["early_stop"]], y["early_stop"][rows["early_stop"]], names)
    Xc, yc = X["calibration"][rows["calibration"]], y["calibration"][rows["calibration"]]
    margin = np.asarray(booster.inplace_predict(Xc, predict_type="margin"), dtype=np.float64)
    calibration = fit_calibration(1.0 / (1.0 + np.exp(-margin)), margin, yc.astype(int), calibration_method)
    return CalibratedClassifier(booster, calibration)


def _version(parts: list[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return f"real-{digest.hexdigest()[:16]}"


def _window(dates: pd.Series) -> tuple[str, str]:
    return dates.min().date().isoformat(), dates.max().date().isoformat()


def train_outcome_models(
    frame: pd.DataFrame,
    *,
    kinds: Mapping[str, str] | None = None,
    allow_simulated: bool = False,
    holdout_fraction: float = 0.2,
    holdout_from: str | None = None,
    calibration_fraction: float = 0.15,
    early_stop_fraction: float = 0.1,
    calibration_method: str = "auto",
    price_interval_level: float = 0.8,
    classifier_params: Mapping[str, Any] | None = None,
    regressor_params: Mapping[str, Any] | None = None,
    n_boot: int = 1000,
) -> OutcomeBundle:
    """The OutcomeBundle of the three models; see the module docstring.

    Fractions are of the unique sale dates; holdout_from="YYYY-MM-DD" holds out every sale from that
    date instead; holdout_fraction=0 (and no holdout_from) trains without a holdout (no metrics).
    Rows without a known outcome, a positive judgment or a sale date are left out and counted.
    """
    used, sources = select_sources(frame.reset_index(drop=True), kinds, allow_simulated)
    features, labels = real_features(used), outcome_labels(used)
    dates = pd.to_datetime(used["auction_date"], errors="coerce").dt.normalize() if "auction_date" in used.columns \
        else pd.Series(pd.NaT, index=used.index)
    dropped = {"no_outcome": int(labels["sold"].isna().sum()),
               "no_positive_judgment": int(features["final_judgment"].isna().sum()),
               "no_sale_date": int(dates.isna().sum())}
    keep = (labels["sold"].notna() & features["final_judgment"].notna() & dates.notna()).to_numpy()
    used, features, labels, dates = used.loc[keep], features.loc[keep], labels.loc[keep], dates.loc[keep]
    if len(used) == 0:
        raise TrainingDataError("no row has an outcome, a positive judgment and a sale date")
    rows = _slices(dates.reset_index(drop=True), holdout_fraction, calibration_fraction, early_stop_fraction,
                   holdout_from)
    train_rows = np.concatenate([rows["fit"], rows["early_stop"], rows["calibration"]])
    names = informative_features(features.iloc[train_rows])
    matrix = features[list(names)].to_numpy(dtype=np.float32)
    X = {name: matrix[r] for name, r in rows.items()}
    label = {name: labels[name].to_numpy(dtype=np.float64) for name in labels.columns}
    y = {model: {name: label[model][r] for name, r in rows.items()} for model in ("sold", "third_party")}

    cls_params = {**CLASSIFIER_PARAMS, **(classifier_params or {})}
    sold = _classifier(X, y["sold"], cls_params, calibration_method, names)
    third_party = _classifier(X, y["third_party"], cls_params, calibration_method, names)

    reg_params = {**REGRESSOR_PARAMS, **(regressor_params or {})}
    price_rows = {name: ~np.isnan(label["third_party_price"][r]) for name, r in rows.items()}
    log_price = {name: np.log1p(label["third_party_price"][r][price_rows[name]]) for name, r in rows.items()}
    price, q, residuals = None, None, ()
    if price_rows["fit"].sum() >= 2:
        price = _booster(xgb.XGBRegressor(**reg_params), X["fit"][price_rows["fit"]], log_price["fit"],
                         X["early_stop"][price_rows["early_stop"]], log_price["early_stop"], names)
        cal = log_price["calibration"] - np.asarray(
            price.inplace_predict(X["calibration"][price_rows["calibration"]]), dtype=np.float64)
        q = conformal_quantile(cal, price_interval_level)
        residuals = tuple(float(r) for r in np.quantile(cal, RESIDUAL_LEVELS)) if cal.size else ()

    baselines = fit_baselines(features.iloc[train_rows], labels.iloc[train_rows], price_interval_level)
    source_names = used["source"].astype(str).to_numpy()
    row_counts = {name: {s: int(n) for s, n in zip(*np.unique(source_names[r], return_counts=True), strict=True)}
                  for name, r in rows.items()}
    sources["dropped_rows"] = dropped
    sources["labelled_rows"] = {"scheduled": int(len(used)), "sold": int(np.nansum(label["sold"])),
                                "third_party": int(np.nansum(label["third_party"])),
                                "third_party_priced": int((~np.isnan(label["third_party_price"])).sum())}
    bundle = OutcomeBundle(
        sold=sold, third_party=third_party, price=price, price_quantile=q, price_residuals=residuals,
        price_interval_level=price_interval_level, features=names, feature_version=FEATURE_SET_VERSION,
        params={
            "classifier": {k: v for k, v in cls_params.items() if isinstance(v, str | int | float | bool | type(None))},
            "regressor": {k: v for k, v in reg_params.items() if isinstance(v, str | int | float | bool | type(None))},
            "calibration": {"sold": sold.calibration.method, "third_party": third_party.calibration.method},
            "trees": {"sold": sold.booster.num_boosted_rounds(), "third_party": third_party.booster.num_boosted_rounds(),
                      "price": price.num_boosted_rounds() if price is not None else 0},
            "price_target": "log1p", "price_interval": "split_conformal", "price_rows": "third_party",
            "holdout_fraction": holdout_fraction, "holdout_from": holdout_from,
            "calibration_fraction": calibration_fraction, "early_stop_fraction": early_stop_fraction,
        },
        baselines=baselines, sources=sources, metrics={},
        training_window=_window(dates.iloc[train_rows]),
        holdout_window=_window(dates.iloc[rows["holdout"]]) if len(rows["holdout"]) else None,
        row_counts=row_counts,
    )
    parts = [booster_bytes(sold.booster), booster_bytes(third_party.booster),
             json.dumps([sold.calibration.to_json(), third_party.calibration.to_json(), q, residuals,
                         sources], sort_keys=True, default=str).encode()]
    if price is not None:
        parts.append(booster_bytes(price))
    bundle = replace(bundle, version=_version(parts))
    if len(rows["holdout"]):
        report = evaluate_outcomes(bundle, used.iloc[rows["holdout"]], n_boot=n_boot)
        bundle = replace(bundle, metrics=flat_metrics(report), report=report)
    return bundle
