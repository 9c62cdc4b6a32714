"""expected_surplus: the sorted-factor sum equals the mean over residuals of max(0, price - judgment)."""

from types import SimpleNamespace

import numpy as np

from biddeed_assets.model.outcome_models import expected_surplus


def _by_definition(residuals, log_price, judgment):
    prices = np.expm1(log_price[:, None] + np.asarray(residuals)[None, :])
    out = np.maximum(prices - judgment[:, None], 0.0).mean(axis=1)
    return np.where(np.isnan(log_price) | np.isnan(judgment), np.nan, out)


def test_equals_the_mean_over_residuals_on_varied_rows():
    rng = np.random.default_rng(3)
    residuals = tuple(sorted(rng.normal(0, 0.5, 99)))
    log_price = rng.normal(12, 1.2, 2_000)
    judgment = np.exp(rng.normal(12, 1.2, 2_000))
    judgment[::7] = np.expm1(log_price[::7])  # a judgment right at the predicted price
    judgment[::11] = 0.0
    log_price[::13], judgment[::17] = np.nan, np.nan
    got = expected_surplus(SimpleNamespace(price_residuals=residuals), log_price, judgment)
    want = _by_definition(residuals, log_price, judgment)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-6)
    assert np.isnan(got).sum() == np.isnan(want).sum() > 0


def test_far_above_every_price_is_zero_and_without_residuals_unknown():
    bundle = SimpleNamespace(price_residuals=(-0.1, 0.0, 0.1))
    got = expected_surplus(bundle, np.array([np.log1p(100_000.0)]), np.array([1e9]))
    assert got.tolist() == [0.0]
    assert np.isnan(expected_surplus(SimpleNamespace(price_residuals=()), np.array([11.0]), np.array([1.0]))).all()
