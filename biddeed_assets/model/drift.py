"""Is the model still right? Feature drift (PSI), calibration drift, windowed accuracy, and the one retrain rule.

`RetrainRule` is the only place that decides whether a window of audited predictions calls for a
retrain; the retrain sensor, the drift report and the case-memory statistics all ask it. Its
thresholds are the seed's model monitor (section 7.1 of the original design), each overridable:

- The measure is the window's *error rate*: the share of wrong calls at CALL_THRESHOLD (0.5), the
  same kind of figure as the baseline. The mean |probability - outcome| (`mean_abs_error`) is
  reported beside it but never compared with it: a well-calibrated model's mean |p - y| is about
  E[2p(1-p)], typically 0.4-0.45 on this problem, above any error-rate baseline plus the margin.
- The baseline is the champion's own holdout error rate and accuracy (the model registry's metrics);
  only when there is no champion with them is it the seed model's accuracy 0.644, i.e. error rate
  0.356.
- Retrain when the window's (30 days) error rate exceeds the baseline by more than 0.05 with at least
  10 outcomes, or its accuracy is more than 0.05 below the baseline's with at least 50; then hold
  off for the cooldown (24 h) before another request.
- calibration drift: ECE above the baseline (the champion's, else the seed's 0.08) by more than 0.10.
- feature drift: PSI above 0.25 is the usual "significant shift" mark (0.1-0.25 moderate); the seed's
  0.15 was a KL-divergence figure, and PSI is a symmetrised KL, so 0.25 sits close to it.

PSI = sum over bins of (actual% - expected%) * ln(actual% / expected%), bins from the quantiles of the
expected (training) sample, unknown values (NaN) in a bin of their own, empty bins floored at `eps`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from biddeed_assets.model.evaluation import classification_metrics, expected_calibration_error

SEED_BASELINE_ACCURACY = 0.644
SEED_BASELINE_ERROR = 0.356  # 1 - the seed's accuracy: a share of wrong calls
WINDOW_DAYS = 30
ERROR_MARGIN = 0.05
MIN_ERROR_SAMPLES = 10
ACCURACY_DROP = 0.05
MIN_ACCURACY_SAMPLES = 50
COOLDOWN_HOURS = 24.0
CALL_THRESHOLD = 0.5
BASELINE_CALIBRATION_ERROR = 0.08
CALIBRATION_DRIFT = 0.10
PSI_MODERATE = 0.10
PSI_SIGNIFICANT = 0.25
PSI_EPSILON = 1e-4
WINDOWS = (7, 30, 90)
AUCTION_TZ = "America/New_York"
# Recent cases are always later than the training set: these shift by construction, not by drift.
CALENDAR_FEATURES = ("sale_year", "sale_month")


class Champion(Protocol):
    """What the rule reads of a registered champion (store.registry.RegisteredModel has both)."""

    version: str
    metrics: Mapping[str, Any] | None


@dataclass(frozen=True)
class Baseline:
    """What a window is compared with: an error rate, an accuracy and a calibration error, and whose they are."""

    error_rate: float
    accuracy: float
    calibration_error: float
    source: str  # "champion <version>" or "seed"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RetrainDecision:
    """The rule's answer for one window: retrain or not, why, and the figures it decided on."""

    retrain: bool
    reason: str
    evidence: dict[str, Any]

    @property
    def run_key(self) -> str:
        """The same audits give the same key, so one body of evidence requests one retrain, ever."""
        e = self.evidence
        text = f"{e['n']}|{_fixed(e.get('mean_abs_error'))}|{e.get('latest')}"
        return "retrain-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def _fixed(value: float | None) -> str:
    return "none" if value is None else f"{value:.4f}"


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    number = float(value)
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class RetrainRule:
    """When to retrain: the thresholds, the baseline, and the decision on a window (see the module docstring)."""

    window_days: int = WINDOW_DAYS
    error_margin: float = ERROR_MARGIN
    min_error_samples: int = MIN_ERROR_SAMPLES
    accuracy_drop: float = ACCURACY_DROP
    min_accuracy_samples: int = MIN_ACCURACY_SAMPLES
    cooldown_hours: float = COOLDOWN_HOURS
    seed_baseline_error: float = SEED_BASELINE_ERROR
    seed_baseline_accuracy: float = SEED_BASELINE_ACCURACY

    def baseline(self, champion: Champion | None) -> Baseline:
        """The champion's own holdout error rate and accuracy once it has them, else the seed's."""
        metrics = (champion.metrics if champion is not None else None) or {}
        accuracy = _number(metrics.get("accuracy"))
        error = _number(metrics.get("error_rate"))
        if error is None and accuracy is not None:
            error = 1.0 - accuracy
        calibration = _number(metrics.get("ece")) or BASELINE_CALIBRATION_ERROR
        if champion is not None and error is not None and accuracy is not None:
            return Baseline(error, accuracy, calibration, f"champion {champion.version}")
        return Baseline(self.seed_baseline_error, self.seed_baseline_accuracy, calibration, "seed")

    def decide(self, window: Mapping[str, Any], baseline: Baseline) -> RetrainDecision:
        """Retrain or not on one window: its `n` outcomes, `error_rate` and `accuracy` against the baseline.

        Retrain when the error rate exceeds baseline.error_rate + error_margin with n >=
        min_error_samples, or the accuracy is below baseline.accuracy by more than accuracy_drop with
        n >= min_accuracy_samples. Other window figures (mean_abs_error, latest) pass into the evidence.
        """
        n = int(window.get("n") or 0)
        accuracy = _number(window.get("accuracy"))
        error = _number(window.get("error_rate"))
        if error is None and accuracy is not None:
            error = 1.0 - accuracy
        evidence = {**window, "n": n, "error_rate": error, "accuracy": accuracy, "window_days": self.window_days,
                    "baseline_error": baseline.error_rate, "baseline_accuracy": baseline.accuracy,
                    "baseline_source": baseline.source}
        notes = []
        if error is not None and n >= self.min_error_samples:
            limit = round(baseline.error_rate + self.error_margin, 9)  # 0.356 + 0.05 is 0.406, not 0.40599...
            if error > limit:
                return RetrainDecision(True, (
                    f"error rate {error:.3f} over {n} outcomes exceeds baseline {baseline.error_rate:.3f} "
                    f"({baseline.source}) + margin {self.error_margin:.3f} = {limit:.3f}"), evidence)
            notes.append(f"error rate {error:.3f} within {limit:.3f} ({n} outcomes)")
        else:
            notes.append(f"too few outcomes for the error check ({n} < {self.min_error_samples})"
                         if error is not None else "no error figure")
        if accuracy is not None and n >= self.min_accuracy_samples:
            drop = round(baseline.accuracy - accuracy, 9)
            if drop > self.accuracy_drop:
                return RetrainDecision(True, (
                    f"accuracy {accuracy:.3f} over {n} outcomes is {drop:.3f} below baseline "
                    f"{baseline.accuracy:.3f} ({baseline.source}) (allowed drop {self.accuracy_drop:.3f})"), evidence)
            notes.append(f"accuracy {accuracy:.3f} within {self.accuracy_drop:.3f} of {baseline.accuracy:.3f} "
                         f"({n} outcomes)")
        else:
            notes.append(f"too few outcomes for the accuracy check ({n} < {self.min_accuracy_samples})"
                         if accuracy is not None else "no accuracy figure")
        return RetrainDecision(False, "; ".join(notes), evidence)

    def cooling_down(self, last_requested: dt.datetime | None, now: dt.datetime) -> bool:
        """True while the last request is younger than the cooldown."""
        return last_requested is not None and now - last_requested < dt.timedelta(hours=self.cooldown_hours)


def _values(sample: Any) -> np.ndarray:
    array = np.asarray(sample)
    if array.dtype.kind in "fiub":  # already numeric: no per-value conversion
        return array.astype(np.float64).reshape(-1)
    return pd.to_numeric(pd.Series(np.asarray(sample, dtype=object).reshape(-1)), errors="coerce").to_numpy(
        dtype=np.float64, na_value=np.nan)


def psi(expected: Any, actual: Any, bins: int = 10, eps: float = PSI_EPSILON) -> float | None:
    """Population stability index of `actual` against `expected` (see the module docstring); None if either is empty.

    Cut points are the distinct inner quantiles of the expected sample's known values, intervals closed
    on the right, so a 0/1 flag gets the bins {<=0, (0,1], >1} and a continuous value `bins` of equal
    mass. NaN (and None, text) is its own bin in both samples.
    """
    e, a = _values(expected), _values(actual)
    if e.size == 0 or a.size == 0:
        return None
    known = e[~np.isnan(e)]
    cuts = np.unique(np.quantile(known, np.linspace(0.0, 1.0, bins + 1)[1:-1])) if known.size else np.empty(0)

    def shares(x: np.ndarray) -> np.ndarray:
        nan = np.isnan(x)
        index = np.searchsorted(cuts, x[~nan], side="left")  # bin i holds cuts[i-1] < x <= cuts[i]
        counts = np.bincount(index, minlength=cuts.size + 1).astype(np.float64)
        return np.append(counts, nan.sum()) / x.size

    pe, pa = np.maximum(shares(e), eps), np.maximum(shares(a), eps)
    return float(np.sum((pa - pe) * np.log(pa / pe)))


def feature_drift(train_frame: pd.DataFrame, recent_frame: pd.DataFrame, features: Iterable[str],
                  bins: int = 10) -> dict[str, float | None]:
    """PSI per feature of recent cases against the training set; a column a frame lacks counts as unknown."""
    def column(frame: pd.DataFrame, name: str) -> np.ndarray:
        return frame[name].to_numpy() if name in frame.columns else np.full(len(frame), np.nan)

    return {name: psi(column(train_frame, name), column(recent_frame, name), bins) for name in features}


def drifted_features(drift: Mapping[str, float | None], threshold: float = PSI_SIGNIFICANT,
                     exclude: Iterable[str] = CALENDAR_FEATURES) -> list[str]:
    """Names whose PSI exceeds the threshold, worst first; calendar features always drift and are left out."""
    skip = set(exclude)
    hits = [(value, name) for name, value in drift.items()
            if value is not None and value > threshold and name not in skip]
    return [name for _, name in sorted(hits, reverse=True)]


def calibration_drift(actual: Any, probability: Any, baseline_ece: float = BASELINE_CALIBRATION_ERROR,
                      threshold: float = CALIBRATION_DRIFT, bins: int = 10,
                      min_samples: int = MIN_ACCURACY_SAMPLES) -> dict[str, float | bool | None]:
    """ECE of a window against the baseline: {ece, baseline_ece, increase, n, drifted}.

    drifted needs at least `min_samples` outcomes and an increase above `threshold`.
    """
    y = np.asarray(actual, dtype=np.float64).reshape(-1)
    p = np.asarray(probability, dtype=np.float64).reshape(-1)
    n = int((~(np.isnan(y) | np.isnan(p))).sum())
    ece = expected_calibration_error(y, p, bins)
    increase = None if ece is None else ece - baseline_ece
    return {"ece": ece, "baseline_ece": baseline_ece, "increase": increase, "n": float(n),
            "drifted": bool(increase is not None and n >= min_samples and increase > threshold)}


def _local(stamps: pd.Series | pd.Timestamp):
    """Aware times -> naive America/New_York (the partitions' zone); naive ones are taken as local."""
    tz = stamps.dt.tz if isinstance(stamps, pd.Series) else stamps.tzinfo
    if tz is None:
        return stamps
    converted = stamps.dt.tz_convert(AUCTION_TZ) if isinstance(stamps, pd.Series) else stamps.tz_convert(AUCTION_TZ)
    return converted.dt.tz_localize(None) if isinstance(converted, pd.Series) else converted.tz_localize(None)


def _days(values: pd.Series) -> pd.Series:
    try:
        stamps = pd.to_datetime(values)
    except (ValueError, TypeError):  # mixed UTC offsets
        stamps = pd.to_datetime(values, utc=True)
    return _local(stamps).dt.normalize()


def _day(value: Any) -> pd.Timestamp:
    return _local(pd.Timestamp(value)).normalize()


def window_metrics(
    frame: pd.DataFrame,
    windows: Sequence[int] = WINDOWS,
    as_of: dt.date | str | None = None,
    *,
    probability_column: str = "predicted_probability",
    actual_column: str = "actual_outcome",
    date_column: str = "outcome_recorded_at",
    threshold: float = CALL_THRESHOLD,
) -> dict[str, dict[str, float | None]]:
    """Metrics of the predictions with a known outcome in each trailing window, keyed "7d", "30d", ...

    A window of d days holds rows dated in (as_of - d days, as_of]; as_of defaults to the latest date in
    the frame (pass the run's date in production). Each entry is `classification_metrics` (accuracy,
    error_rate, precision, recall, f1, roc_auc, brier, ece, mean_abs_error, n, ...) plus `days`.
    Column names default to prediction_audit's; rows without an outcome are left out.
    """
    dates = _days(frame[date_column]) if len(frame) else pd.Series([], dtype="datetime64[ns]")
    end = _day(as_of) if as_of is not None else dates.max()
    out = {}
    for days in windows:
        if pd.isna(end):
            mask = np.zeros(len(frame), dtype=bool)
        else:
            mask = ((dates > end - pd.Timedelta(days=days)) & (dates <= end)).to_numpy()
        part = frame.loc[mask]
        metrics = dict(classification_metrics(pd.to_numeric(part[actual_column], errors="coerce"),
                                              pd.to_numeric(part[probability_column], errors="coerce"),
                                              threshold=threshold))
        metrics["days"] = float(days)
        out[f"{days}d"] = metrics
    return out


def drift_plot_png(per_window_metrics: Mapping[str, Mapping[str, float | None]],
                   baseline: Mapping[str, float] | None = None, *, title: str = "Model performance by window",
                   metrics: Sequence[str] = ("accuracy", "roc_auc", "brier", "ece")) -> bytes:
    """A PNG bar chart of the windows' metrics against the baseline (dashed lines), for the Dagster UI.

    baseline: metric -> value (defaults to the seed's accuracy and calibration error); missing
    (None) figures are left blank; sample counts are in the x labels.
    """
    # A bare Figure renders with the Agg canvas and leaves pyplot's global backend alone.
    from matplotlib.figure import Figure

    baseline = dict(baseline) if baseline is not None else {"accuracy": SEED_BASELINE_ACCURACY,
                                                            "ece": BASELINE_CALIBRATION_ERROR}
    names = list(per_window_metrics)
    fig = Figure(figsize=(7.5, 3.6), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    width = 0.8 / max(len(metrics), 1)
    colors = ("tab:blue", "tab:green", "tab:orange", "tab:red", "tab:purple", "tab:brown")
    x = np.arange(len(names))
    for i, metric in enumerate(metrics):
        color = colors[i % len(colors)]
        values = [per_window_metrics[w].get(metric) for w in names]
        heights = [np.nan if v is None else float(v) for v in values]
        ax.bar(x + (i - (len(metrics) - 1) / 2) * width, heights, width, label=metric, color=color)
        if metric in baseline and baseline[metric] is not None:
            ax.axhline(float(baseline[metric]), color=color, linestyle="--", linewidth=1)
    labels = [f"{w}\n(n={int(per_window_metrics[w].get('n') or 0)})" for w in names]
    ax.set_xticks(x, labels)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8, ncols=len(metrics))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
