"""Evaluation an investor can read, and the real time-split figure: beats the ratio baseline, calibrated."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

import biddeed_assets
from biddeed_assets.model.evaluation import auc_interval
from biddeed_assets.model.outcome_labels import outcome_labels
from biddeed_assets.model.outcome_training import train_outcome_models
from biddeed_assets.model.real_evaluation import calibration_plot, evaluate_outcomes, flat_metrics

REAL = Path(biddeed_assets.__file__).parent / "data" / "real"
SOURCE = "miamidade_auctions_2017-2019"
ONE_THREAD = {"n_jobs": 1}


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return pd.read_csv(REAL / "miamidade_auctions_2017-2019.csv").assign(source=SOURCE)


@pytest.fixture(scope="module")
def real_split(history):
    """The shipped parameters trained on the real history; its holdout is the last 20% of sale dates."""
    return train_outcome_models(history, kinds={SOURCE: "history"}, classifier_params=ONE_THREAD,
                                regressor_params=ONE_THREAD, n_boot=300)


def test_the_real_time_split_beats_the_ratio_baseline_on_the_same_rows_and_is_calibrated(real_split):
    m = real_split.metrics
    assert real_split.training_window[1] < real_split.holdout_window[0] == "2019-03-27"
    assert m["third_party_n"] == 1849 and m["third_party_positives"] == 756  # sold holdout auctions
    assert m["third_party_roc_auc"] > m["third_party_ratio_roc_auc"] + 0.05
    assert m["third_party_roc_auc_low"] > m["third_party_ratio_roc_auc"]
    assert m["third_party_ece"] <= 0.05
    assert m["third_party_brier"] < min(m["third_party_ratio_brier"], m["third_party_base_rate_brier"])
    assert m["sold_n"] == 4297 and m["sold_roc_auc"] > m["sold_ratio_roc_auc"] and m["sold_ece"] <= 0.05
    assert m["price_n"] == 756
    assert m["price_median_ape"] < min(m["price_ratio_median_ape"], m["price_base_rate_median_ape"])
    assert 0.7 <= m["price_interval_coverage"] <= 0.9  # an 80% conformal interval, a year later


def test_the_report_has_every_figure_beside_both_baselines_on_the_same_rows(real_split, history):
    holdout = history.loc[history["auction_date"] >= real_split.holdout_window[0]]
    report = evaluate_outcomes(real_split, holdout, n_boot=200)
    labels = outcome_labels(holdout).loc[holdout["final_judgment"] > 0]
    assert report["rows"] == len(holdout) and report["rows_not_scored"] == (holdout["final_judgment"] <= 0).sum()
    sold = report["third_party"]
    assert sold["n"] == labels["third_party"].notna().sum() and sold["positives"] == int(labels["third_party"].sum())
    assert report["sold"]["n"] == len(labels) and report["price"]["n"] == labels["third_party_price"].notna().sum()
    for model in ("sold", "third_party"):
        for predictor in ("model", "ratio", "base_rate"):
            figures = report[model][predictor]
            assert set(figures) >= {"roc_auc", "roc_auc_low", "roc_auc_high", "accuracy", "brier", "ece", "reliability"}
            assert figures["roc_auc_low"] <= figures["roc_auc"] <= figures["roc_auc_high"]
        assert report[model]["base_rate"]["roc_auc"] == 0.5
    for predictor in ("model", "ratio", "base_rate"):
        assert set(report["price"][predictor]) == {"median_ape", "mae", "interval_coverage", "interval_median_width"}
    flat = flat_metrics(report)
    assert flat["third_party_ratio_roc_auc"] == sold["ratio"]["roc_auc"] and "price_base_rate_median_ape" in flat
    png = calibration_plot(report)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_the_holdout_report_travels_with_the_bundle(real_split):
    assert real_split.report["third_party"]["n"] == real_split.metrics["third_party_n"]
    assert calibration_plot(real_split.report).startswith(b"\x89PNG")


def test_bootstrap_interval_contains_the_auc_and_matches_sklearn():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 800)
    p = np.round(0.4 * y + rng.random(800), 2)  # ties on purpose
    auc, low, high = auc_interval(y, p, n_boot=400, seed=1)
    assert auc == pytest.approx(roc_auc_score(y, p))
    assert low < auc < high and high - low < 0.15
    assert auc_interval(y, p, n_boot=400, seed=1) == (auc, low, high)  # seeded: reproducible
    assert auc_interval(np.ones(10), rng.random(10)) == (None, None, None)
    assert auc_interval([0, 1, np.nan, 1], [0.2, 0.9, 0.5, np.nan])[0] == 1.0  # missing rows left out
