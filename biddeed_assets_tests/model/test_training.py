"""What training shares: time-ordered splits, calibration maps, conformal quantiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from biddeed_assets.model.evaluation import classification_metrics
from biddeed_assets.model.training import conformal_quantile, fit_calibration, time_split


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    days = pd.date_range("2025-01-06", periods=90, freq="D").strftime("%Y-%m-%d")
    return pd.DataFrame({"auction_date": rng.choice(days, 6000), "x": rng.normal(size=6000)})


# ------------------------------------------------------------------------------------------- time order

@pytest.mark.parametrize("fraction", [0.05, 0.2, 0.5, 0.95])
def test_time_split_never_shares_a_sale_date(frame, fraction):
    earlier, later = time_split(frame, fraction)
    assert len(earlier) + len(later) == len(frame)
    assert set(earlier["auction_date"]).isdisjoint(set(later["auction_date"]))
    assert earlier["auction_date"].max() < later["auction_date"].min()
    assert len(later) and len(earlier)


def test_time_split_takes_a_fraction_of_dates_and_accepts_date_types():
    frame = pd.DataFrame({"auction_date": pd.to_datetime(["2026-01-07"] * 3 + ["2026-01-14"] * 2 + ["2026-01-21"] * 5
                                                         + ["2026-01-28"]), "x": range(11)})
    earlier, later = time_split(frame.sample(frac=1.0, random_state=0), 0.5)
    assert sorted(later["auction_date"].dt.day.unique()) == [21, 28]
    assert sorted(earlier["x"]) == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="at least 2 sale dates"):
        time_split(frame.iloc[:3], 0.5)
    with pytest.raises(ValueError):
        time_split(frame, 1.0)


# ------------------------------------------------------------------------------------------- calibration

def _miscalibrated(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    true_logit = rng.normal(0, 1.2, n)
    y = (rng.random(n) < 1 / (1 + np.exp(-true_logit))).astype(int)
    margin = 3.0 * true_logit + 1.0  # overconfident and biased toward third parties
    return 1 / (1 + np.exp(-margin)), margin, y


@pytest.mark.parametrize("method", ["isotonic", "sigmoid"])
def test_calibration_improves_brier_and_ece_out_of_sample(method):
    raw, margin, y = _miscalibrated(4000, seed=1)
    calibration = fit_calibration(raw, margin, y, method)
    raw_test, margin_test, y_test = _miscalibrated(4000, seed=2)
    calibrated = calibration.apply(raw_test, margin_test)
    assert calibration.method == method
    assert calibrated.min() >= 0.0 and calibrated.max() <= 1.0
    before, after = classification_metrics(y_test, raw_test), classification_metrics(y_test, calibrated)
    assert after["brier"] < before["brier"]
    assert after["ece"] < before["ece"] / 2
    # calibration is monotone: the ranking (and so AUC) survives, up to isotonic ties
    assert after["roc_auc"] == pytest.approx(before["roc_auc"], abs=0.01)


def test_calibration_method_auto_and_one_class():
    raw, margin, y = _miscalibrated(300, seed=3)
    assert fit_calibration(raw, margin, y).method == "sigmoid"  # too few rows for isotonic steps
    assert fit_calibration(*_miscalibrated(1500, seed=3)).method == "isotonic"
    identity = fit_calibration(raw, margin, np.ones_like(y))
    assert identity.method == "identity"
    assert np.allclose(identity.apply(np.array([0.3]), np.array([0.0])), [0.3])


# ------------------------------------------------------------------------------------------- price interval

def test_conformal_quantile_rank():
    residuals = np.arange(1, 10)  # 9 residuals, level 0.8 -> rank ceil(10 * 0.8) = 8
    assert conformal_quantile(residuals, 0.8) == 8
    assert conformal_quantile([-3.0, 1.0], 0.9) == 3.0  # rank 3 > n: the largest |residual|
    assert conformal_quantile([], 0.8) is None
