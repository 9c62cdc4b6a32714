"""PSI, calibration drift, windowed metrics, the retrain rule and the drift plot."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from biddeed_assets.model import drift
from biddeed_assets.model.drift import (
    Baseline,
    RetrainRule,
    calibration_drift,
    drift_plot_png,
    drifted_features,
    feature_drift,
    psi,
    window_metrics,
)

RNG = np.random.default_rng(3)


def test_seed_thresholds():
    rule = RetrainRule()
    assert (rule.seed_baseline_error, rule.error_margin, rule.min_error_samples) == (0.356, 0.05, 10)
    assert (rule.accuracy_drop, rule.min_accuracy_samples, rule.window_days, rule.cooldown_hours) == (0.05, 50, 30, 24)
    assert rule.seed_baseline_error == pytest.approx(1 - rule.seed_baseline_accuracy)


def test_psi_is_zero_for_identical_samples_and_large_for_shifted_ones():
    base = RNG.normal(size=5000)
    assert psi(base, base) == pytest.approx(0.0, abs=1e-12)
    assert psi(base, RNG.normal(size=5000)) < 0.02  # same distribution, another draw
    assert psi(base, RNG.normal(loc=1.0, size=5000)) > drift.PSI_SIGNIFICANT


def test_psi_on_a_hand_example():
    # flags: cut points {0, 1} -> bins <=0, (0,1], >1 and NaN; expected 50/50, actual 25/75
    value = psi([0, 0, 1, 1], [0, 1, 1, 1], eps=1e-4)
    expected = (0.25 - 0.5) * math.log(0.25 / 0.5) + (0.75 - 0.5) * math.log(0.75 / 0.5)
    assert value == pytest.approx(expected)


def test_psi_counts_unknown_values_as_their_own_bin():
    base = RNG.normal(size=2000)
    with_gaps = base.copy()
    with_gaps[::2] = np.nan
    assert psi(base, with_gaps) > drift.PSI_SIGNIFICANT  # half the values went missing
    assert psi(with_gaps, with_gaps) == pytest.approx(0.0, abs=1e-12)
    assert psi([None, 1.0, 2.0], [None, 1.0, 2.0]) == pytest.approx(0.0, abs=1e-12)
    all_unknown = np.full(100, np.nan)
    assert psi(all_unknown, all_unknown) == pytest.approx(0.0, abs=1e-12)
    assert psi(all_unknown, RNG.normal(size=100)) > 1.0
    assert psi([], [1.0]) is None


def test_feature_drift_per_feature_and_missing_columns():
    train = pd.DataFrame({"a": RNG.normal(size=1000), "b": RNG.normal(size=1000), "c": RNG.random(1000) < 0.3})
    recent = pd.DataFrame({"a": RNG.normal(size=500), "b": RNG.normal(loc=2.0, size=500)})
    result = feature_drift(train, recent, ["a", "b", "c", "absent"])
    assert set(result) == {"a", "b", "c", "absent"}
    assert result["a"] < 0.1 and result["b"] > 1.0
    assert result["c"] > 1.0  # the recent frame lacks it: every value is unknown
    assert result["absent"] == pytest.approx(0.0, abs=1e-12)
    assert set(drifted_features(result)) == {"b", "c"}
    assert drifted_features({"sale_year": 9.0, "value": 0.3, "pool": 0.2}) == ["value"]


def test_calibration_drift():
    p = RNG.random(4000)
    y = (RNG.random(4000) < p).astype(int)
    calibrated = calibration_drift(y, p)
    assert calibrated["ece"] < 0.05 and not calibrated["drifted"]
    too_hopeful = calibration_drift(y, np.clip(p + 0.3, 0, 1))  # ECE about 0.25
    assert too_hopeful["increase"] > drift.CALIBRATION_DRIFT and too_hopeful["drifted"]
    assert not calibration_drift(y[:20], np.round(p[:20]))["drifted"]  # too few outcomes to say


def _audit(days_ago: list[int], correct: list[bool], as_of: dt.date) -> pd.DataFrame:
    rows = []
    for i, (ago, ok) in enumerate(zip(days_ago, correct, strict=True)):
        actual = i % 2
        rows.append({"predicted_probability": (0.8 if actual else 0.2) if ok else (0.2 if actual else 0.8),
                     "actual_outcome": actual, "outcome_recorded_at": (as_of - dt.timedelta(days=ago)).isoformat()})
    return pd.DataFrame(rows)


def test_window_metrics_counts_and_accuracy():
    as_of = dt.date(2026, 3, 31)
    # 4 rows in the last week (all right), 6 more up to 29 days back (3 wrong), 2 at 60 days, 1 at 90 (outside)
    frame = _audit([0, 1, 3, 6] + [7, 10, 15, 20, 25, 29] + [60, 61] + [90],
                   [True] * 4 + [True, False, True, False, True, False] + [True, True] + [True], as_of)
    frame.loc[len(frame)] = {"predicted_probability": 0.5, "actual_outcome": np.nan,
                             "outcome_recorded_at": as_of.isoformat()}  # no outcome yet: ignored
    result = window_metrics(frame, as_of=as_of)
    assert list(result) == ["7d", "30d", "90d"]
    assert [result[w]["n"] for w in result] == [4, 10, 12]
    assert result["7d"]["accuracy"] == 1.0
    assert result["30d"]["accuracy"] == pytest.approx(0.7)
    assert result["30d"]["error_rate"] == pytest.approx(0.3)
    assert result["90d"]["days"] == 90
    # as_of defaults to the latest date in the frame
    assert window_metrics(frame)["30d"]["n"] == 10


def test_window_metrics_with_aware_timestamps_and_empty_windows():
    stamps = pd.to_datetime(["2026-03-30T15:00:00Z", "2026-01-01T15:00:00Z"])
    frame = pd.DataFrame({"predicted_probability": [0.9, 0.1], "actual_outcome": [1, 0], "outcome_recorded_at": stamps})
    result = window_metrics(frame, windows=(7,), as_of="2026-03-31")
    assert result["7d"]["n"] == 1 and result["7d"]["roc_auc"] is None
    empty = window_metrics(frame.iloc[0:0], windows=(7, 30))
    assert empty["30d"]["n"] == 0 and empty["30d"]["accuracy"] is None


SEED = RetrainRule().baseline(None)


@pytest.mark.parametrize(
    ("error", "accuracy", "n", "retrain", "why"),
    [
        (0.30, 0.70, 40, False, "within"),  # better than the baseline
        (0.40, 0.62, 40, False, "within"),  # worse, but inside the 0.05 margin
        (0.45, 0.55, 40, True, "exceeds"),  # error rate above 0.406 with enough samples
        (0.45, 0.55, 9, False, "too few"),  # same error rate, too few outcomes
        (0.35, 0.58, 60, True, "below baseline"),  # accuracy dropped 0.064 over 60 outcomes
        (0.35, 0.58, 49, False, "too few outcomes for the accuracy check"),  # 49 outcomes are not enough
        (None, None, 0, False, "no error figure"),
    ],
)
def test_the_rule_decides_on_error_rate_and_accuracy(error, accuracy, n, retrain, why):
    decision = RetrainRule().decide({"n": n, "error_rate": error, "accuracy": accuracy}, SEED)
    assert decision.retrain is retrain
    assert why in decision.reason
    assert decision.evidence["baseline_source"] == "seed" and decision.evidence["n"] == n


def test_the_error_limit_is_strict():
    rule = RetrainRule()
    assert not rule.decide({"n": 10, "error_rate": 0.406}, SEED).retrain  # 0.356 + 0.05: not above
    assert rule.decide({"n": 10, "error_rate": 0.4061}, SEED).retrain
    assert not rule.decide({"n": 50, "error_rate": None, "accuracy": 0.594}, SEED).retrain  # a drop of exactly 0.05
    assert rule.decide({"n": 10, "accuracy": 0.5}, SEED).evidence["error_rate"] == 0.5  # 1 - accuracy


def test_the_thresholds_are_configurable():
    window = {"n": 40, "error_rate": 0.45, "accuracy": None}
    assert not RetrainRule(error_margin=0.2).decide(window, SEED).retrain
    assert RetrainRule(min_error_samples=5).decide({**window, "n": 5}, SEED).retrain
    strict = Baseline(error_rate=0.30, accuracy=0.70, calibration_error=0.08, source="test")
    assert RetrainRule(error_margin=0.1).decide(window, strict).retrain
    with pytest.raises(TypeError):
        RetrainRule(no_such_threshold=1)


class Registered:
    def __init__(self, version, metrics):
        self.version, self.metrics = version, metrics


def test_the_baseline_is_the_champions_own_holdout_else_the_seeds():
    rule = RetrainRule()
    assert rule.baseline(None) == Baseline(0.356, 0.644, drift.BASELINE_CALIBRATION_ERROR, "seed")
    own = rule.baseline(Registered("v7", {"error_rate": 0.25, "accuracy": 0.75, "ece": 0.03, "mean_abs_error": 0.41}))
    assert own == Baseline(0.25, 0.75, 0.03, "champion v7")
    assert rule.baseline(Registered("v8", {"accuracy": 0.8})).error_rate == pytest.approx(0.2)
    assert rule.baseline(Registered("v9", {"roc_auc": 0.7})).source == "seed"  # no accuracy measured
    assert rule.baseline(Registered("v9", None)).source == "seed"
    # the champion's baseline decides: 0.31 is fine against the seed, a drift against a 0.25 champion
    window = {"n": 40, "error_rate": 0.31, "accuracy": 0.69}
    assert not rule.decide(window, rule.baseline(None)).retrain
    assert rule.decide(window, own).retrain and "champion v7" in rule.decide(window, own).reason


def test_the_mean_absolute_error_is_evidence_never_the_measure():
    # a well-calibrated model: mean |p - y| 0.45 (above 0.406) but few wrong calls
    decision = RetrainRule().decide({"n": 40, "error_rate": 0.2, "accuracy": 0.8, "mean_abs_error": 0.45}, SEED)
    assert not decision.retrain and decision.evidence["mean_abs_error"] == 0.45


def test_the_run_key_names_the_evidence_and_the_cooldown_holds():
    rule = RetrainRule()
    latest = dt.datetime(2026, 11, 18, 17, tzinfo=dt.UTC)
    window = {"n": 20, "error_rate": 1.0, "accuracy": 0.0, "mean_abs_error": 0.9, "latest": latest}
    first, again = rule.decide(window, SEED), rule.decide(dict(window), SEED)
    assert first.run_key == again.run_key and first.run_key.startswith("retrain-")
    assert rule.decide({**window, "n": 21}, SEED).run_key != first.run_key
    assert rule.cooling_down(latest, latest + dt.timedelta(hours=23))
    assert not rule.cooling_down(latest, latest + dt.timedelta(hours=24))
    assert not rule.cooling_down(None, latest)


def test_drift_plot_png():
    windows = {"7d": {"accuracy": 0.7, "roc_auc": None, "brier": 0.2, "ece": 0.05, "n": 4.0},
               "30d": {"accuracy": 0.66, "roc_auc": 0.7, "brier": 0.21, "ece": 0.07, "n": 30.0}}
    png = drift_plot_png(windows, {"accuracy": 0.644, "ece": 0.08})
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    assert drift_plot_png({}).startswith(b"\x89PNG")
