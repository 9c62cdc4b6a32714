"""Training in time order, calibration, contributions and reasons, artifacts, scoring and the price interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from biddeed_assets.model.artifacts import (
    deserialize,
    evaluate,
    feature_hash,
    feature_matrix,
    predict,
    serialize,
    top_reasons,
)
from biddeed_assets.model.evaluation import classification_metrics, expected_calibration_error
from biddeed_assets.model.features import FEATURE_VERSION, FEATURES
from biddeed_assets.model.synthetic import synthetic_training_frame
from biddeed_assets.model.training import conformal_quantile, fit_calibration, time_split, train

# One thread: OpenMP barriers stall badly when other processes hold the cores (see bench_learn).
SMALL = {"n_estimators": 150, "learning_rate": 0.1, "max_depth": 4, "n_jobs": 1}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_training_frame(6000, seed=1, n_sale_days=90)


@pytest.fixture(scope="module")
def bundle(frame):
    return train(frame, classifier_params=SMALL, regressor_params=SMALL)


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


def test_train_keeps_every_slice_in_time_order(frame, bundle):
    counts = bundle.row_counts
    assert set(counts) == {"fit", "early_stop", "calibration", "holdout"}
    assert sum(counts.values()) == len(frame) and min(counts.values()) > 0
    assert bundle.training_window[1] < bundle.holdout_window[0]
    assert bundle.training_window[0] == frame["auction_date"].min()
    assert bundle.holdout_window[1] == frame["auction_date"].max()


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


def test_trained_bundle_is_calibrated_and_learns(bundle):
    m = bundle.metrics
    assert m["roc_auc"] > 0.7
    assert m["ece"] < 0.08
    assert bundle.params["calibration_method"] in ("isotonic", "sigmoid")
    assert 0 < bundle.params["classifier_trees"] <= SMALL["n_estimators"]
    assert bundle.compatible_with(FEATURES, FEATURE_VERSION)


def test_evaluate_on_the_holdout_reproduces_the_recorded_metrics(frame, bundle):
    rest, holdout = time_split(frame, 0.2)
    assert holdout["auction_date"].min() == bundle.holdout_window[0]
    again = evaluate(bundle, holdout)
    for name in ("roc_auc", "brier", "ece", "accuracy", "price_mape", "price_interval_coverage"):
        assert again[name] == pytest.approx(bundle.metrics[name])


def test_train_refuses_one_outcome_or_too_few_dates(frame):
    with pytest.raises(ValueError, match="both outcomes"):
        train(frame.assign(third_party=1))
    three_days = frame[frame["auction_date"].isin(sorted(frame["auction_date"].unique())[:3])]
    with pytest.raises(ValueError, match="at least 4 distinct sale dates"):
        train(three_days)


def test_train_without_holdout_or_prices(frame):
    no_holdout = train(frame, holdout_fraction=0, classifier_params=SMALL, regressor_params=SMALL)
    assert no_holdout.metrics == {} and no_holdout.holdout_window is None
    assert no_holdout.training_window == (frame["auction_date"].min(), frame["auction_date"].max())
    no_prices = train(frame.drop(columns=["sold_amount"]), classifier_params=SMALL)
    assert no_prices.regressor is None and "price_mae" not in no_prices.metrics
    scored = predict(deserialize(serialize(no_prices)), frame.iloc[:3])
    assert scored["predicted_sale_price"].isna().all() and scored["price_upper"].isna().all()


# ------------------------------------------------------------------------------------------- contributions

@pytest.mark.parametrize("approx", [False, True])
def test_contributions_sum_to_the_margin(frame, bundle, approx):
    X = feature_matrix(frame.iloc[:300], bundle.features)
    contribs = bundle.classifier.contributions(X, approx=approx)
    assert contribs.shape == (300, len(bundle.features) + 1)
    assert np.allclose(contribs.sum(axis=1), bundle.classifier.margin(X), atol=1e-4)


def test_top_reasons_formats_the_strongest_features():
    names = ["judgment_to_value", "equity_ratio", "pool", "value"]
    reasons = top_reasons([-0.41, 0.2, 0.0, 0.05, -1.0], names, [1.3245, None, 1.0, 254321.5], k=3)
    assert reasons == [
        "judgment_to_value=1.32 lowers the third-party chance (-0.41)",
        "equity_ratio=unknown raises the third-party chance (+0.20)",
        "value=254,322 raises the third-party chance (+0.05)",
    ]  # the bias (-1.0) and the zero contribution are never reasons
    assert top_reasons([0.0, 0.0], ["a", "b"], [1.0, 2.0]) == []


def test_batch_reasons_equal_top_reasons_with_ties_zeros_and_unknowns():
    from biddeed_assets.model.artifacts import _reasons_batch

    names = ["a", "b", "c", "d"]
    contribs = np.array([[0.5, -0.5, 0.0, 0.1, 9.0], [0.0, 0.0, 0.0, 0.0, 1.0], [0.004, -0.004, 0.2, -0.3, 0.0]],
                        dtype=np.float32)
    X = np.array([[1.0, np.nan, 3.0, 12345.0], [0.0, 1.0, 2.0, 3.0], [0.5, 2024.0, np.nan, 0.25]], dtype=np.float32)
    batch = _reasons_batch(contribs, names, X, k=3)
    assert batch == [top_reasons(contribs[i], names, X[i].tolist(), k=3) for i in range(3)]
    assert batch[0][:2] == ["a=1 raises the third-party chance (+0.50)", "b=unknown lowers the third-party chance (-0.50)"]
    assert batch[1] == []
    assert batch[2][2] == "a=0.5 raises the third-party chance (+0.00)"


def test_top_reasons_names_the_dominant_feature():
    rng = np.random.default_rng(5)
    n = 3000
    frame = pd.DataFrame({name: rng.normal(size=n) for name in FEATURES})
    frame["auction_date"] = np.sort(rng.choice(pd.date_range("2025-01-01", periods=60).astype(str), n))
    frame["third_party"] = (rng.random(n) < 1 / (1 + np.exp(-4 * frame["equity_ratio"]))).astype(int)
    frame["sold_amount"] = np.exp(rng.normal(12, 0.3, n))
    model = train(frame, classifier_params=SMALL, regressor_params={"n_estimators": 20, "n_jobs": 1})
    rich, poor = frame.nlargest(20, "equity_ratio"), frame.nsmallest(20, "equity_ratio")
    for part, effect in ((rich, "raises"), (poor, "lowers")):
        scored = predict(model, part)
        assert all(r[0].startswith("equity_ratio=") and effect in r[0] for r in scored["top_reasons"])


def test_predict_reasons_match_top_reasons(frame, bundle):
    part = frame.iloc[:50]
    scored = predict(bundle, part, k=4)
    X = feature_matrix(part, bundle.features)
    contribs = bundle.classifier.contributions(X)
    for i in range(len(part)):
        assert scored["top_reasons"].iloc[i] == top_reasons(contribs[i], bundle.features, X[i].tolist(), k=4)
    approx = predict(bundle, part, contributions="approx")
    assert all(len(r) == 3 for r in approx["top_reasons"])


# ------------------------------------------------------------------------------------------- artifacts

def test_serialize_round_trip_predicts_identically(frame, bundle):
    data = serialize(bundle)
    assert data == serialize(bundle)  # deterministic bytes
    loaded = deserialize(data)
    for name in ("features", "feature_version", "feature_hash", "params", "metrics", "training_window",
                 "holdout_window", "conformal_quantile", "price_interval_level", "row_counts", "version"):
        assert getattr(loaded, name) == getattr(bundle, name), name
    part = frame.iloc[:200]
    pd.testing.assert_frame_equal(predict(loaded, part), predict(bundle, part))


def test_deserialize_refuses_other_data(bundle):
    import io
    import json
    import zipfile

    with pytest.raises(ValueError, match="not a"):
        deserialize(b"not a zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "biddeed-model-bundle", "format_version": 99}))
    with pytest.raises(ValueError, match="newer"):
        deserialize(buffer.getvalue())


def test_feature_hash_follows_names_order_and_version():
    assert feature_hash(FEATURES, "v1") == feature_hash(list(FEATURES), "v1")
    assert feature_hash(FEATURES, "v1") != feature_hash(FEATURES, "v2")
    assert feature_hash(FEATURES, "v1") != feature_hash(tuple(reversed(FEATURES)), "v1")


# ------------------------------------------------------------------------------------------- scoring

def test_predict_output_columns(frame, bundle):
    part = frame.iloc[:30]
    scored = predict(bundle, part)
    assert list(scored.columns) == ["county", "auction_date", "case_number", "third_party_probability",
                                    "predicted_sale_price", "price_lower", "price_upper", "top_reasons",
                                    "model_version"]
    assert scored.index.equals(part.index)
    assert scored["third_party_probability"].between(0, 1).all()
    assert (scored["price_lower"] <= scored["predicted_sale_price"]).all()
    assert (scored["predicted_sale_price"] <= scored["price_upper"]).all()
    assert (scored["model_version"] == bundle.version).all() and bundle.version.startswith("xgb-")
    assert len(predict(bundle, part.iloc[0:0])) == 0


def test_predict_on_a_frame_missing_columns(frame, bundle):
    part = frame.iloc[:40]
    dropped = [name for i, name in enumerate(FEATURES) if i % 2]
    slim = part.drop(columns=dropped + ["county", "sold_amount"])
    scored = predict(bundle, slim)
    assert np.isfinite(scored["third_party_probability"]).all() and np.isfinite(scored["price_upper"]).all()
    as_unknown = part.copy()
    as_unknown[dropped] = np.nan
    expected = predict(bundle, as_unknown)
    assert np.array_equal(scored["third_party_probability"], expected["third_party_probability"])
    assert "county" not in scored.columns
    nothing = predict(bundle, pd.DataFrame(index=range(3)))
    assert nothing["third_party_probability"].nunique() == 1  # every case unknown: one answer


def test_predict_takes_none_and_text_as_unknown(frame, bundle):
    part = frame.iloc[:5].astype({"value": object})
    part.loc[part.index[0], "value"] = None
    part.loc[part.index[1], "value"] = "n/a"
    scored = predict(bundle, part)
    as_nan = predict(bundle, frame.iloc[:5].assign(value=[np.nan, np.nan, *frame["value"].iloc[2:5]]))
    pd.testing.assert_frame_equal(scored, as_nan)


# ------------------------------------------------------------------------------------------- price interval

def test_conformal_quantile_rank():
    residuals = np.arange(1, 10)  # 9 residuals, level 0.8 -> rank ceil(10 * 0.8) = 8
    assert conformal_quantile(residuals, 0.8) == 8
    assert conformal_quantile([-3.0, 1.0], 0.9) == 3.0  # rank 3 > n: the largest |residual|
    assert conformal_quantile([], 0.8) is None


def test_price_interval_has_the_documented_coverage(bundle):
    assert bundle.params["price_interval"] == "split_conformal"
    assert bundle.metrics["price_interval_coverage"] == pytest.approx(0.8, abs=0.06)
    fresh = synthetic_training_frame(4000, seed=11, n_sale_days=90)
    scored = predict(bundle, fresh, reasons=False)
    inside = (scored["price_lower"] <= fresh["sold_amount"]) & (fresh["sold_amount"] <= scored["price_upper"])
    assert inside.mean() == pytest.approx(bundle.price_interval_level, abs=0.05)
    assert expected_calibration_error(fresh["third_party"], scored["third_party_probability"]) < 0.06
