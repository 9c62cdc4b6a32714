"""How the outcome models do on labelled auctions, beside two baselines measured on the same rows.

`evaluate_outcomes(bundle, labelled)` scores a frame of case facts with outcomes (`outcome`, `sold_to`,
`sold_amount`) and reports, per model:

- sold (P(sold | scheduled)) on rows with a known outcome, third_party (P(third party | sold)) on sold
  rows with a known buyer: n, positives, and for the model and each baseline ROC AUC with a bootstrap
  95% interval, accuracy (calls at 0.5), Brier score and expected calibration error (10 equal bins),
  plus the reliability table the calibration plot draws;
- price on third-party sales: n, and for the model and each baseline the median absolute percentage
  error, MAE, interval coverage and median interval width.

The baselines are fitted on the bundle's own training rows (`fit_baselines`, stored in the bundle), so
a report needs nothing but the bundle and the labelled rows:
- "ratio": the judgment/assessed-value ratio alone: a one-feature logistic on ln(ratio) for each
  classifier (its AUC is the ratio's rank AUC in the direction the training rows taught), and for price
  a log-linear fit of the price on ln(judgment) and ln(assessed value) (the two numbers the ratio is made
  of), with an interval from its training residuals at the bundle's level;
- "base_rate": the training share of positives for every row (AUC 0.5), and for price the training
  median third-party price with an interval from the training prices' spread around it.
Rows the bundle does not score (no positive judgment) are left out of every figure and counted.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression, LogisticRegression

from biddeed_assets.model.evaluation import (
    auc_interval,
    classification_metrics,
    regression_metrics,
    reliability_table,
)
from biddeed_assets.model.outcome_labels import outcome_labels
from biddeed_assets.model.outcome_models import OutcomeBundle, score
from biddeed_assets.model.real_features import real_features

CLASSIFIERS = ("sold", "third_party")
PREDICTORS = ("model", "ratio", "base_rate")


def _logs(features: pd.DataFrame, fills: dict[str, float]) -> np.ndarray:
    judgment = np.log(features["final_judgment"].to_numpy(dtype=np.float64))
    value = np.log(features["assessed_value"].to_numpy(dtype=np.float64))
    return np.column_stack([np.nan_to_num(judgment, nan=fills["log_judgment"]),
                            np.nan_to_num(value, nan=fills["log_value"])])


def fit_baselines(features: pd.DataFrame, labels: pd.DataFrame, level: float = 0.8) -> dict[str, Any]:
    """The ratio and base-rate baselines of each model, fitted on training rows (features + labels)."""
    log_ratio = np.log(features["judgment_to_value"].to_numpy(dtype=np.float64))
    fill = float(np.nanmedian(log_ratio)) if np.isfinite(log_ratio).any() else 0.0
    x = np.nan_to_num(log_ratio, nan=fill).reshape(-1, 1)
    out: dict[str, Any] = {"ratio_fill": fill, "level": level}
    for name in CLASSIFIERS:
        y = labels[name].to_numpy(dtype=np.float64)
        keep = ~np.isnan(y)
        entry: dict[str, Any] = {"base_rate": float(y[keep].mean()) if keep.any() else None, "n": int(keep.sum())}
        if keep.any() and np.unique(y[keep]).size == 2:
            fit = LogisticRegression(C=1e6, max_iter=1000).fit(x[keep], y[keep].astype(int))
            entry.update(coef=float(fit.coef_[0, 0]), intercept=float(fit.intercept_[0]))
        out[name] = entry
    price = labels["third_party_price"].to_numpy(dtype=np.float64)
    keep = ~np.isnan(price)
    log_price = np.log1p(price[keep])
    entry = {"n": int(keep.sum())}
    if keep.sum() >= 3:
        logs = np.column_stack([np.log(features["final_judgment"].to_numpy(dtype=np.float64)),
                                np.log(features["assessed_value"].to_numpy(dtype=np.float64))])[keep]
        fills = {"log_judgment": float(np.nanmedian(logs[:, 0])), "log_value": float(np.nanmedian(logs[:, 1]))}
        X = _logs(features.loc[keep], fills)
        fit = LinearRegression().fit(X, log_price)
        median = float(np.median(log_price))
        entry.update(
            fills=fills, coef=[float(c) for c in fit.coef_], intercept=float(fit.intercept_),
            ratio_q=float(np.quantile(np.abs(log_price - fit.predict(X)), level)),
            median_log_price=median, base_q=float(np.quantile(np.abs(log_price - median), level)),
        )
    out["price"] = entry
    return out


def baseline_predictions(baselines: dict[str, Any], features: pd.DataFrame) -> dict[str, Any]:
    """Each baseline's probabilities (per classifier) and price with interval, for the rows of `features`."""
    n = len(features)
    x = np.nan_to_num(np.log(features["judgment_to_value"].to_numpy(dtype=np.float64)), nan=baselines["ratio_fill"])
    out: dict[str, Any] = {}
    for name in CLASSIFIERS:
        entry = baselines[name]
        base = np.full(n, np.nan if entry["base_rate"] is None else entry["base_rate"])
        ratio = (1.0 / (1.0 + np.exp(-(entry["coef"] * x + entry["intercept"])))) if "coef" in entry else base
        out[name] = {"ratio": ratio, "base_rate": base}
    price = baselines["price"]
    if "coef" in price:
        log_ratio_price = _logs(features, price["fills"]) @ np.asarray(price["coef"]) + price["intercept"]
        median = np.full(n, price["median_log_price"])
        out["price"] = {
            "ratio": tuple(np.expm1(log_ratio_price + d) for d in (0.0, -price["ratio_q"], price["ratio_q"])),
            "base_rate": tuple(np.expm1(median + d) for d in (0.0, -price["base_q"], price["base_q"])),
        }
    return out


def _classifier_report(y: np.ndarray, predictions: dict[str, np.ndarray], n_boot: int, seed: int) -> dict[str, Any]:
    keep = ~np.isnan(y)
    report: dict[str, Any] = {"n": int(keep.sum()), "positives": int(np.nansum(y[keep]))}
    for name, p in predictions.items():
        metrics = classification_metrics(y[keep], p[keep])
        auc, low, high = auc_interval(y[keep], p[keep], n_boot=n_boot, seed=seed)
        report[name] = {"roc_auc": auc, "roc_auc_low": low, "roc_auc_high": high,
                        **{k: metrics[k] for k in ("accuracy", "brier", "ece", "mean_probability")},
                        "reliability": reliability_table(y[keep], p[keep]) if keep.any() else []}
    return report


def evaluate_outcomes(bundle: OutcomeBundle, labelled: pd.DataFrame, *, n_boot: int = 1000,
                      seed: int = 0) -> dict[str, Any]:
    """The report described in the module docstring, on the rows of `labelled`."""
    scored = score(bundle, labelled)
    labels = outcome_labels(labelled)
    features = real_features(labelled)
    scorable = scored["reason"].isna().to_numpy()
    labels, features, scored = labels.loc[scorable], features.loc[scorable], scored.loc[scorable]
    baselines = baseline_predictions(bundle.baselines, features)
    report: dict[str, Any] = {"model_version": bundle.version, "rows": int(len(labelled)),
                              "rows_not_scored": int((~scorable).sum())}
    for name, column in (("sold", "sold_probability"), ("third_party", "third_party_probability")):
        predictions = {"model": scored[column].to_numpy(dtype=np.float64), **baselines[name]}
        report[name] = _classifier_report(labels[name].to_numpy(dtype=np.float64), predictions, n_boot, seed)
    actual = labels["third_party_price"].to_numpy(dtype=np.float64)
    keep = ~np.isnan(actual)
    price: dict[str, Any] = {"n": int(keep.sum()), "interval_level": bundle.price_interval_level}
    candidates = {"model": tuple(scored[c].to_numpy(dtype=np.float64) for c in
                                 ("predicted_sale_price", "price_lower", "price_upper"))}
    candidates.update(baselines.get("price", {}))
    for name, (point, lower, upper) in candidates.items():
        metrics = regression_metrics(actual[keep], point[keep], lower[keep], upper[keep])
        price[name] = {k: metrics[k] for k in ("median_ape", "mae", "interval_coverage", "interval_median_width")}
    report["price"] = price
    return report


def flat_metrics(report: dict[str, Any]) -> dict[str, float | None]:
    """The report's figures as one flat dict for metadata and the registry, e.g. third_party_ratio_roc_auc.

    Keys: {sold,third_party}_{n,positives}, {sold,third_party}[_{ratio,base_rate}]_{roc_auc,roc_auc_low,
    roc_auc_high,accuracy,brier,ece}, price_n, price[_{ratio,base_rate}]_{median_ape,mae,interval_coverage,
    interval_median_width}; the model's own figures carry no predictor infix.
    """
    out: dict[str, float | None] = {}
    for name in (*CLASSIFIERS, "price"):
        part = report.get(name)
        if not part:
            continue
        for key in ("n", "positives"):
            if key in part:
                out[f"{name}_{key}"] = float(part[key])
        for predictor in PREDICTORS:
            infix = "" if predictor == "model" else f"_{predictor}"
            for key, value in part.get(predictor, {}).items():
                if key != "reliability":
                    out[f"{name}{infix}_{key}"] = None if value is None else float(value)
    return out


def calibration_plot(report: dict[str, Any]) -> bytes:
    """A PNG reliability diagram per classifier: observed share vs mean probability, model and ratio baseline."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, axes = plt.subplots(1, len(CLASSIFIERS), figsize=(10, 4.6))
    titles = {"sold": "P(sold | scheduled)", "third_party": "P(third party | sold)"}
    for ax, name in zip(axes, CLASSIFIERS, strict=True):
        part = report[name]
        ax.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="perfect calibration")
        for predictor, style in (("model", "o-"), ("ratio", "s:")):
            table = part[predictor]["reliability"]
            if not table:
                continue
            ece = part[predictor]["ece"]
            ax.plot([r["mean_probability"] for r in table], [r["observed_rate"] for r in table], style,
                    label=f"{predictor} (ECE {ece:.3f})" if ece is not None else predictor)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("predicted probability")
        ax.set_ylabel("observed share")
        auc = part["model"]["roc_auc"]
        ax.set_title(f"{titles[name]}\nn={part['n']}, AUC {auc:.3f}" if auc is not None else titles[name])
        ax.legend(loc="upper left", fontsize=8)
    fig.suptitle(f"model {report['model_version']}", fontsize=9)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return buffer.getvalue()
