"""Metrics on hand-made examples."""

from __future__ import annotations

import math

import numpy as np
import pytest

from biddeed_assets.model.evaluation import (
    classification_metrics,
    expected_calibration_error,
    regression_metrics,
    reliability_table,
)

Y = [1, 0, 1, 1, 0, 0]
P = [0.9, 0.2, 0.6, 0.4, 0.7, 0.1]  # calls 1,0,1,0,1,0: TP 2, FP 1, FN 1, TN 2


def test_classification_metrics_on_a_hand_example():
    m = classification_metrics(Y, P)
    assert m["n"] == 6
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["error_rate"] == pytest.approx(2 / 6)
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 / 3)
    assert m["roc_auc"] == pytest.approx(7 / 9)  # 7 of the 9 positive/negative pairs are ordered right
    assert m["brier"] == pytest.approx((0.01 + 0.04 + 0.16 + 0.36 + 0.49 + 0.01) / 6)
    assert m["ece"] == pytest.approx(2.1 / 6)  # ten bins: every probability alone in its bin
    assert m["mean_abs_error"] == pytest.approx((0.1 + 0.2 + 0.4 + 0.6 + 0.7 + 0.1) / 6)
    assert m["positive_rate"] == pytest.approx(0.5)
    assert all(isinstance(v, float) for v in m.values())


def test_ece_with_two_equal_width_bins():
    # [0, 0.5): p 0.2 0.4 0.1, y 0 1 0 -> |1/3 - 0.7/3| * 3/6; [0.5, 1]: p 0.9 0.6 0.7, y 1 1 0 -> |2/3 - 2.2/3| * 3/6
    assert expected_calibration_error(Y, P, bins=2) == pytest.approx(0.05 + 0.1 / 3)
    table = reliability_table(Y, P, bins=2)
    assert [row["count"] for row in table] == [3.0, 3.0]


def test_ece_bin_edges_and_perfect_calibration():
    # 0.5 opens the upper bin; 1.0 belongs to the last bin
    assert [r["low"] for r in reliability_table([0, 1], [0.5, 1.0], bins=2)] == [0.5]
    assert expected_calibration_error([1, 1, 0, 0], [1.0, 0.5, 0.5, 0.0], bins=2) == pytest.approx(0.0)
    assert expected_calibration_error([], []) is None


def test_undefined_metrics_are_none():
    one_class = classification_metrics([1, 1, 1], [0.8, 0.6, 0.3])
    assert one_class["roc_auc"] is None
    assert one_class["recall"] == pytest.approx(2 / 3)
    no_positive_calls = classification_metrics([1, 0, 0], [0.2, 0.1, 0.3])
    assert no_positive_calls["precision"] is None and no_positive_calls["f1"] is None
    assert no_positive_calls["recall"] == 0.0
    empty = classification_metrics([], [])
    assert empty["n"] == 0 and empty["accuracy"] is None and empty["brier"] is None


def test_missing_outcomes_are_left_out():
    m = classification_metrics([1, 0, math.nan], [0.9, 0.1, 0.5])
    assert m["n"] == 2 and m["accuracy"] == 1.0


def test_regression_metrics_on_a_hand_example():
    m = regression_metrics([100, 200, 0], [110, 150, 10], lower=[105, 160, 0], upper=[120, 250, 5])
    assert m["mae"] == pytest.approx(70 / 3)
    assert m["mape"] == pytest.approx((0.1 + 0.25) / 2)  # the $0 sale is left out of MAPE
    assert m["interval_coverage"] == pytest.approx(2 / 3)  # 100 is below its lower bound 105
    assert m["interval_median_width"] == pytest.approx(15)
    assert regression_metrics([np.nan], [1.0])["mae"] is None
