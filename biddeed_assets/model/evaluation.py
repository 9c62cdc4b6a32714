"""How good a model is: classification, calibration and price metrics (the gate that uses them: model/gate.py).

Every function returns plain dicts of floats (or None where a figure is undefined, e.g. ROC AUC when the
window holds one class only), ready for Dagster metadata, JSON columns and the model registry.

Expected calibration error (ECE) uses `bins` equal-width bins over [0, 1]: bin i holds the probabilities
in [i/bins, (i+1)/bins) and the last bin also holds 1.0. ECE = sum over non-empty bins of
(rows in bin / all rows) * |observed third-party share in bin - mean predicted probability in bin|.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    f1_score,
    mean_absolute_error,
    mean_absolute_percentage_error,
    precision_score,
    recall_score,
    roc_auc_score,
)

Metrics = dict[str, float | None]


def _clean(value: Any) -> float | None:
    """A float, or None for undefined (NaN/None)."""
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _arrays(y_true: Any, probability: Any) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true, dtype=float).reshape(-1)
    p = np.asarray(probability, dtype=float).reshape(-1)
    if y.shape != p.shape:
        raise ValueError(f"{y.shape[0]} outcomes but {p.shape[0]} probabilities")
    keep = ~(np.isnan(y) | np.isnan(p))
    return y[keep].astype(int), p[keep]


def reliability_table(y_true: Any, probability: Any, bins: int = 10) -> list[dict[str, float]]:
    """Per non-empty equal-width bin: its range, row count, mean probability and observed share."""
    y, p = _arrays(y_true, probability)
    if bins < 1:
        raise ValueError("bins must be >= 1")
    index = np.minimum((np.clip(p, 0.0, 1.0) * bins).astype(int), bins - 1)
    rows = []
    for i in range(bins):
        mask = index == i
        count = int(mask.sum())
        if count:
            rows.append({"low": i / bins, "high": (i + 1) / bins, "count": float(count),
                         "mean_probability": float(p[mask].mean()), "observed_rate": float(y[mask].mean())})
    return rows


def expected_calibration_error(y_true: Any, probability: Any, bins: int = 10) -> float | None:
    """ECE with equal-width bins (see the module docstring); None for no rows."""
    y, _ = _arrays(y_true, probability)
    if y.size == 0:
        return None
    table = reliability_table(y_true, probability, bins)
    return float(sum(r["count"] / y.size * abs(r["observed_rate"] - r["mean_probability"]) for r in table))


def classification_metrics(y_true: Any, probability: Any, threshold: float = 0.5, ece_bins: int = 10) -> Metrics:
    """Accuracy, precision, recall, F1 (calls at `threshold`), ROC AUC, Brier, ECE, error rates, counts.

    `error_rate` is the share of wrong calls (1 - accuracy; the retrain rule's baseline is one, model/drift.py);
    `mean_abs_error` is mean |probability - outcome|, which is *not* comparable with that baseline.
    Rows where the outcome or the probability is missing are left out.
    """
    y, p = _arrays(y_true, probability)
    n = int(y.size)
    out: Metrics = {"n": float(n)}
    if n == 0:
        names = ("accuracy", "error_rate", "precision", "recall", "f1", "roc_auc", "brier", "ece",
                 "mean_abs_error", "positive_rate", "mean_probability")
        out.update(dict.fromkeys(names))
        return out
    call = (p >= threshold).astype(int)
    precision = _clean(precision_score(y, call, zero_division=np.nan))
    recall = _clean(recall_score(y, call, zero_division=np.nan))
    f1 = None if precision is None or recall is None else _clean(f1_score(y, call, zero_division=0.0))
    accuracy = float(accuracy_score(y, call))
    out.update({
        "accuracy": accuracy,
        "error_rate": 1.0 - accuracy,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "roc_auc": float(roc_auc_score(y, p)) if np.unique(y).size == 2 else None,
        "brier": float(brier_score_loss(y, p, labels=[0, 1])),
        "ece": expected_calibration_error(y, p, ece_bins),
        "mean_abs_error": float(np.mean(np.abs(p - y))),
        "positive_rate": float(y.mean()),
        "mean_probability": float(p.mean()),
    })
    return out


def regression_metrics(actual: Any, predicted: Any, lower: Any = None, upper: Any = None) -> Metrics:
    """MAE ($), MAPE (fraction, over rows with a positive actual), median APE, interval coverage and width.

    Rows with a missing actual or prediction are left out; coverage counts lower <= actual <= upper.
    """
    y = np.asarray(actual, dtype=float).reshape(-1)
    f = np.asarray(predicted, dtype=float).reshape(-1)
    keep = ~(np.isnan(y) | np.isnan(f))
    out: Metrics = {"n": float(keep.sum()), "mae": None, "mape": None, "median_ape": None,
                    "interval_coverage": None, "interval_median_width": None}
    if not keep.any():
        return out
    out["mae"] = float(mean_absolute_error(y[keep], f[keep]))
    positive = keep & (y > 0)
    if positive.any():
        out["mape"] = float(mean_absolute_percentage_error(y[positive], f[positive]))
        out["median_ape"] = float(np.median(np.abs(y[positive] - f[positive]) / y[positive]))
    if lower is not None and upper is not None:
        lo = np.asarray(lower, dtype=float).reshape(-1)[keep]
        hi = np.asarray(upper, dtype=float).reshape(-1)[keep]
        out["interval_coverage"] = float(np.mean((lo <= y[keep]) & (y[keep] <= hi)))
        out["interval_median_width"] = float(np.median(hi - lo))
    return out

def auc_interval(y_true: Any, probability: Any, n_boot: int = 1000, level: float = 0.95,
                 seed: int = 0) -> tuple[float | None, float | None, float | None]:
    """(ROC AUC, lower, upper): sklearn's AUC and a percentile bootstrap interval at `level`.

    Each of the n_boot resamples (rows drawn with replacement) is scored as row weights with the
    Mann-Whitney form of the AUC (ties count half), all resamples at once; resamples with one class
    only are skipped. None for all three when the rows hold one class.
    """
    y, p = _arrays(y_true, probability)
    if np.unique(y).size < 2:
        return None, None, None
    auc = float(roc_auc_score(y, p))
    order = np.argsort(p, kind="stable")
    y, p = y[order].astype(np.float64), p[order]
    starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])  # tied scores form one group
    rng = np.random.default_rng(seed)
    aucs = []
    for size in [256] * (n_boot // 256) + [n_boot % 256]:
        if size == 0:
            continue
        draws_of_rows = rng.integers(0, y.size, size=(size, y.size)) + (np.arange(size) * y.size)[:, None]
        weights = np.bincount(draws_of_rows.ravel(), minlength=size * y.size).reshape(size, y.size).astype(np.float64)
        positives = np.add.reduceat(weights * y, starts, axis=1)
        negatives = np.add.reduceat(weights * (1.0 - y), starts, axis=1)
        below = np.cumsum(negatives, axis=1) - negatives
        pairs = positives.sum(axis=1) * negatives.sum(axis=1)
        wins = (positives * (below + 0.5 * negatives)).sum(axis=1)
        aucs.append(wins[pairs > 0] / pairs[pairs > 0])
    draws = np.concatenate(aucs)
    if draws.size == 0:
        return auc, None, None
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(draws, [tail, 1.0 - tail])
    return auc, float(low), float(high)
