"""The three outcome models on real auctions: sources, time order, scoring in input order, bad input, storage."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import biddeed_assets
from biddeed_assets.model import outcome_models
from biddeed_assets.model.explanations import top_reasons
from biddeed_assets.model.outcome_models import (
    FORMAT_VERSION,
    NO_JUDGMENT,
    SCORE_COLUMNS,
    deserialize,
    model_inputs,
    nan_free,
    read_manifest,
    score,
    serialize,
)
from biddeed_assets.model.outcome_training import TrainingDataError, select_sources, train_outcome_models
from biddeed_assets.model.real_features import REAL_FEATURES, real_feature_matrix
from biddeed_assets_tests.model import previous_scoring

REAL = Path(biddeed_assets.__file__).parent / "data" / "real"
SOURCE = "miamidade_auctions_2017-2019"
# One thread, small trees: the suite shares 2 cores with other work (see test_training.SMALL).
SMALL = {"n_estimators": 120, "learning_rate": 0.1, "max_depth": 3, "n_jobs": 1}


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    frame = pd.read_csv(REAL / "miamidade_auctions_2017-2019.csv")
    return frame.assign(source=SOURCE)


@pytest.fixture(scope="module")
def sample(history) -> pd.DataFrame:
    """A quarter of the sale dates of 2018-2019 (about 3,800 auctions)."""
    dates = sorted(history.loc[history["auction_date"] >= "2018-01-01", "auction_date"].unique())[::4]
    return history.loc[history["auction_date"].isin(dates)]


@pytest.fixture(scope="module")
def live(sample) -> pd.DataFrame:
    """A few of the sample's last auctions presented as outcomes the pipeline captured itself."""
    rows = sample.tail(300).assign(source="realforeclose-miami_dade")
    return pd.concat([sample.iloc[:-300], rows])


@pytest.fixture(scope="module")
def bundle(live):
    kinds = {SOURCE: "history", "realforeclose-miami_dade": "live", "simulator": "simulated"}
    simulated = live.head(200).assign(source="simulator")
    return train_outcome_models(pd.concat([live, simulated]), kinds=kinds, classifier_params=SMALL,
                                regressor_params=SMALL, n_boot=100)


def test_the_bundle_records_its_sources_and_never_mixes_in_simulated_rows(bundle, live):
    sources = bundle.sources
    assert sources["training_data"] == "real"
    assert sources["sources"][SOURCE] == {"kind": "history", "rows": len(live) - 300, "used": True}
    assert sources["sources"]["realforeclose-miami_dade"] == {"kind": "live", "rows": 300, "used": True}
    assert sources["sources"]["simulator"]["used"] is False and sources["sources"]["simulator"]["rows"] == 200
    counted = sum(sum(per_source.values()) for per_source in bundle.row_counts.values())
    assert counted == sources["labelled_rows"]["scheduled"] == len(live) - sources["dropped_rows"]["no_positive_judgment"]
    assert "simulator" not in {s for per_source in bundle.row_counts.values() for s in per_source}
    assert set(bundle.row_counts["holdout"]) == {SOURCE, "realforeclose-miami_dade"}  # the newest rows are live


def test_simulated_rows_train_only_when_asked_and_only_alone(sample):
    simulated = sample.assign(source="sim")
    with pytest.raises(TrainingDataError, match="allow_simulated=True"):
        select_sources(simulated, {"sim": "simulated"})
    used, record = select_sources(simulated, {"sim": "simulated"}, allow_simulated=True)
    assert len(used) == len(sample) and record["training_data"] == "simulated"
    with pytest.raises(TrainingDataError, match="no kind"):
        select_sources(sample, {"other": "history"})
    with pytest.raises(TrainingDataError, match="'source' column"):
        select_sources(sample.drop(columns=["source"]))
    tagged = sample.assign(source_kind="live")  # a source_kind column names the kinds itself
    assert select_sources(tagged)[1]["sources"][SOURCE]["kind"] == "live"


def test_the_slices_are_in_time_order_and_all_three_models_are_there(bundle):
    assert bundle.training_window[1] < bundle.holdout_window[0]
    assert bundle.price is not None and bundle.price_quantile > 0 and len(bundle.price_residuals) == 99
    assert set(bundle.params["trees"]) == {"sold", "third_party", "price"}
    assert all(0 < n for n in bundle.params["trees"].values())
    assert bundle.version.startswith("real-") and bundle.metrics["third_party_n"] > 0
    # Features the training rows never vary (other counties, court type without case numbers) are left out.
    assert "county_brevard" not in bundle.features and "final_judgment" in bundle.features


def test_score_returns_every_row_in_input_order_and_ignores_outcomes(bundle, history):
    rows = history.sample(400, random_state=5)
    scored = score(bundle, rows)
    assert list(scored.columns) == ["county", "auction_date", "auction_id", *SCORE_COLUMNS]
    assert scored.index.equals(rows.index) and (scored["auction_id"].to_numpy() == rows["auction_id"].to_numpy()).all()
    shuffled = rows.sample(frac=1.0, random_state=6)
    pd.testing.assert_frame_equal(score(bundle, shuffled), scored.loc[shuffled.index])
    blind = rows.drop(columns=["outcome", "sold_to", "sold_amount", "source"])
    pd.testing.assert_frame_equal(score(bundle, blind), scored)
    lied = rows.assign(outcome="sold", sold_to="3rd Party Bidder", sold_amount=1e9)
    pd.testing.assert_frame_equal(score(bundle, lied), scored)


def test_the_fast_path_scores_every_row_as_the_previous_path_did(bundle, history):
    rows = pd.concat([history.sample(3000, random_state=11), history.head(3).assign(final_judgment=None)],
                     ignore_index=True)
    assert nan_free(bundle) is not None  # the fast path is the one under test
    for frame in (rows, rows.astype(str)):
        scored = score(bundle, frame)
        for name, expected in previous_scoring.scores(bundle, frame).items():
            np.testing.assert_allclose(scored[name].to_numpy(), expected, rtol=1e-9, atol=1e-9, err_msg=name)


def test_the_nan_free_boosters_decide_every_split_as_the_stored_ones(bundle, history, monkeypatch):
    X, _ = model_inputs(bundle, history.sample(2000, random_state=12))
    holes = np.random.default_rng(0).random(X.shape) < 0.3  # missing cells in every column, both directions
    X[holes] = np.nan
    fast = nan_free(bundle)
    for stored, rewritten in ((bundle.sold.booster, fast.sold.booster),
                              (bundle.third_party.booster, fast.third_party.booster), (bundle.price, fast.price)):
        np.testing.assert_array_equal(rewritten.inplace_predict(fast.inputs(X), predict_type="margin"),
                                      stored.inplace_predict(X, predict_type="margin"))
    assert not np.isnan(fast.inputs(X)).any()
    assert replace(bundle, version="other")._nan_free is None  # a changed bundle makes its own
    rows = history.sample(500, random_state=13)
    scored = score(bundle, rows)
    monkeypatch.setattr(outcome_models.nan_free_boosters, "rewrite", lambda boosters: None)
    plain = replace(bundle)
    assert nan_free(plain) is None
    pd.testing.assert_frame_equal(score(plain, rows), scored)


def test_scores_are_probabilities_prices_with_intervals_and_surplus(bundle, history):
    scored = score(bundle, history.sample(1000, random_state=7)).dropna(subset=["sold_probability"])
    for name in ("sold_probability", "third_party_probability"):
        assert scored[name].between(0, 1).all()
    assert (scored["price_lower"] <= scored["predicted_sale_price"]).all()
    assert (scored["predicted_sale_price"] <= scored["price_upper"]).all()
    assert (scored["expected_surplus"] >= 0).all() and scored["reason"].isna().all()
    assert (scored["model_version"] == bundle.version).all()
    # With a judgment of $1 the surplus is (nearly) the whole expected price.
    one = history.head(5).assign(final_judgment=1.0)
    surplus = score(bundle, one)
    assert (surplus["expected_surplus"] > 0.5 * surplus["predicted_sale_price"]).all()


def test_each_scored_case_has_its_top_reasons_and_contributions_that_sum_to_the_margin(bundle, history):
    part = pd.concat([history.head(40), history.head(2).assign(final_judgment=None)], ignore_index=True)
    scored = score(bundle, part, reasons=True, k=3)
    features = real_feature_matrix(part)
    X = features[:, [list(REAL_FEATURES).index(name) for name in bundle.features]].astype(np.float32)
    margin = bundle.third_party.margin(X[:40])
    sums = [sum(c.values()) for c in scored["contributions"].iloc[:40]]
    assert np.allclose(sums, margin, atol=1e-3)
    contribs = bundle.third_party.contributions(X[:40])
    for i in range(40):
        assert scored["top_reasons"].iloc[i] == top_reasons(contribs[i], bundle.features, X[i].tolist(), k=3)
    assert all(len(r) == 3 and "third-party chance" in r[0] for r in scored["top_reasons"].iloc[:40])
    assert scored["top_reasons"].iloc[40:].tolist() == [[], []] and scored["contributions"].iloc[40:].isna().all()
    assert "top_reasons" not in score(bundle, part).columns  # the score file's columns stay as documented


def test_a_row_with_too_little_gets_nulls_and_a_reason_and_no_known_column_is_an_error(bundle, history):
    frame = pd.DataFrame({"case_number": ["2014-009791-CA-01", "2015-023902-CA-01"],
                          "final_judgment": [None, 250_000.0]})
    scored = score(bundle, frame)
    assert scored.loc[0, "reason"] == NO_JUDGMENT
    assert scored.loc[0, ["sold_probability", "third_party_probability", "predicted_sale_price", "price_lower",
                          "price_upper", "expected_surplus"]].isna().all()
    assert scored.loc[1, "reason"] is None and scored.loc[1, "predicted_sale_price"] > 0
    only_case = score(bundle, pd.DataFrame({"case_number": ["2014-009791-CA-01"]}))
    assert only_case["reason"].tolist() == [NO_JUDGMENT] and only_case["predicted_sale_price"].isna().all()
    with pytest.raises(ValueError, match="none of the known case columns"):
        score(bundle, pd.DataFrame({"foo": [1], "bar": ["x"]}))
    with pytest.raises(ValueError, match="no columns"):
        score(bundle, pd.DataFrame())
    assert len(score(bundle, history.iloc[0:0])) == 0


def test_the_bundle_round_trips_through_bytes_and_refuses_anything_else(bundle, history):
    data = serialize(bundle)
    assert data == serialize(bundle)  # deterministic bytes
    again = deserialize(data)
    assert again.version == bundle.version and again.sources == bundle.sources
    assert again.metrics == bundle.metrics and again.features == bundle.features
    rows = history.sample(300, random_state=8)
    pd.testing.assert_frame_equal(score(again, rows), score(bundle, rows))
    assert read_manifest(data)["format_version"] == FORMAT_VERSION
    with pytest.raises(ValueError, match="not a biddeed-outcome-bundle"):
        deserialize(b"not a zip")
    newer = serialize(replace(bundle, version="x"))
    import io
    import json
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(newer)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            payload = source.read(name)
            if name == "manifest.json":
                manifest = json.loads(payload)
                manifest["format_version"] = FORMAT_VERSION + 1
                payload = json.dumps(manifest).encode()
            target.writestr(name, payload)
    with pytest.raises(ValueError, match="newer"):
        deserialize(buffer.getvalue())


def test_training_refuses_frames_it_cannot_learn_from(sample):
    with pytest.raises(TrainingDataError, match="at least 4 distinct sale dates"):
        train_outcome_models(sample.loc[sample["auction_date"] == sample["auction_date"].iloc[0]],
                             kinds={SOURCE: "history"})
    no_outcomes = sample.assign(outcome="unknown")
    with pytest.raises(TrainingDataError, match="no row has an outcome"):
        train_outcome_models(no_outcomes, kinds={SOURCE: "history"})
    assert np.isfinite(sample["final_judgment"]).all()
