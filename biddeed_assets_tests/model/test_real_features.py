"""Pre-sale features from real case facts: no outcome leakage, missing is NaN (never 0), case age, counties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import biddeed_assets
from biddeed_assets.model.real_features import (
    COUNTIES,
    INPUT_COLUMNS,
    OUTCOME_COLUMNS,
    REAL_FEATURES,
    county_slug,
    real_feature_matrix,
    real_features,
)
from biddeed_assets_tests.model import previous_scoring

REAL = Path(biddeed_assets.__file__).parent / "data" / "real"


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return pd.read_csv(REAL / "miamidade_auctions_2017-2019.csv")


def test_no_feature_reads_or_is_named_after_an_outcome(history):
    assert not set(OUTCOME_COLUMNS) & set(REAL_FEATURES) and not set(OUTCOME_COLUMNS) & set(INPUT_COLUMNS)
    sample = history.sample(2000, random_state=3)
    scrambled = sample.assign(outcome="sold", sold_to="Plaintiff", sold_amount=1.0, status="SOLD")
    pd.testing.assert_frame_equal(real_features(sample), real_features(scrambled))
    pd.testing.assert_frame_equal(real_features(sample), real_features(sample.drop(columns=["outcome", "sold_to",
                                                                                           "sold_amount"])))


def test_real_history_zero_areas_and_bad_judgments_are_unknown_not_zero(history):
    f = real_features(history)
    assert list(f.columns) == list(REAL_FEATURES) and f.index.equals(history.index)
    # The file records 166 living areas and 5,426 lot sizes of 0 (condos): none survives as a 0.
    assert (history["living_area"] == 0).sum() == 166 and f["living_area"].isna().sum() == 166
    assert (history["lot_size"] == 0).sum() == 5426 and f["lot_size"].isna().sum() == 5426
    assert not (f[["living_area", "lot_size", "final_judgment", "baths"]] == 0).any().any()
    assert f["final_judgment"].isna().sum() == (history["final_judgment"] <= 0).sum() == 10
    # A hidden max bid is a known fact (0), not a missing one; its ratio is what is missing.
    assert f["max_bid_shown"].notna().all() and (f["max_bid_shown"] == 0).sum() == history["plaintiff_max_bid"].isna().sum()
    assert f["max_bid_to_judgment"].isna().sum() == history["plaintiff_max_bid"].isna().sum()
    assert (f["county_miami_dade"] == 1).all() and (f.filter(like="county_").sum(axis=1) == 1).all()
    assert f["county_court"].isna().all()  # the file has no case numbers


def test_missing_columns_empty_cells_hidden_and_text_are_nan_never_zero():
    frame = pd.DataFrame({
        "final_judgment": ["$250,359.00", "0", "abc", None],
        "assessed_value": [200_000, None, 100_000, 50_000],
        "plaintiff_max_bid": ["Hidden", "$1,000", "", "n/a"],
        "beds": [0, 0, 3, None], "baths": [0, 2, 0, 1],
        "living_area": [0, 1200, None, 800],
    })
    f = real_features(frame)
    assert f["final_judgment"].tolist()[0] == 250_359.0 and f["final_judgment"].iloc[1:].isna().all()
    assert f["judgment_to_value"].iloc[0] == pytest.approx(250_359 / 200_000)
    assert f["max_bid_shown"].tolist() == [0.0, 1.0, 0.0, 0.0]
    assert np.isnan(f["beds"].iloc[0]) and np.isnan(f["baths"].iloc[0])  # an unrecorded building
    assert f["beds"].iloc[1] == 0.0 and f["baths"].iloc[1] == 2.0  # a studio
    assert np.isnan(f["baths"].iloc[2])
    assert np.isnan(f["living_area"].iloc[0]) and f["value_per_sqft"].iloc[3] == pytest.approx(62.5)
    # Columns the frame does not have are unknown: no zeros, no guesses.
    for name in ("case_age_years", "county_court", "hoa_flag", "previous_auctions", "month_sin", "county_brevard",
                 "lot_size", "place_share"):
        assert f[name].isna().all(), name
    assert real_features(pd.DataFrame({"final_judgment": [1.0]}))["max_bid_shown"].isna().all()


def test_case_age_from_the_case_number_first_then_the_filing_year():
    frame = pd.DataFrame({
        "case_number": ["2014-009791-CA-01", "05-2024-CC-035201-XXCC-BC", None, "not a case", "2020-000001-CA-01"],
        "case_filing_year": [2016, None, 2017, 2015, None],
        "auction_date": ["2019-10-01", "2025-07-02", "2019-07-02", "2019-07-02", "2019-10-01"],
    })
    f = real_features(frame)
    # Years from mid-year of filing to the sale: 2019-10-01 is 2019.747; filed "2014.5".
    assert f["case_age_years"].iloc[0] == pytest.approx(2019 + 273 / 365.25 - 2014.5)
    assert f["case_age_years"].iloc[1] == pytest.approx(2025 + 182 / 365.25 - 2024.5)
    assert f["case_age_years"].iloc[2] == pytest.approx(2019 + 182 / 365.25 - 2017.5)
    assert f["case_age_years"].iloc[3] == pytest.approx(2019 + 182 / 365.25 - 2015.5)
    assert np.isnan(f["case_age_years"].iloc[4])  # filed after the sale: a wrong year, unknown
    assert f["county_court"].tolist()[:2] == [0.0, 1.0] and f["county_court"].iloc[2:4].isna().all()


def test_the_real_case_facts_file_parses_every_miami_dade_case_number():
    facts = pd.read_csv(REAL / "miamidade_auctions_2019-10_with_case_facts.csv")
    f = real_features(facts)
    assert (f["county_court"] == 0).all()  # all 440 are circuit (CA) cases
    assert f["case_age_years"].notna().all() and (f["case_age_years"] >= 0).all()


def test_counties_plaintiffs_and_season():
    frame = pd.DataFrame({"county": ["Miami-Dade", "St. Lucie", "atlantis", None],
                          "plaintiff": ["SUNSET HARBOUR CONDOMINIUM ASSOCIATION", "WELLS FARGO BANK NA", "", None],
                          "auction_date": ["2019-01-15", "2019-07-01", "not a date", None]})
    f = real_features(frame)
    assert f.loc[0, "county_miami_dade"] == 1 and f.loc[1, "county_stlucie"] == 1
    assert (f.loc[2, [f"county_{c}" for c in COUNTIES]] == 0).all()  # a county outside the list
    assert f.loc[3, [f"county_{c}" for c in COUNTIES]].isna().all()  # no county: unknown
    assert f["association_plaintiff"].tolist()[:2] == [1.0, 0.0] and f["association_plaintiff"].iloc[2:].isna().all()
    assert f.loc[0, "month_sin"] == pytest.approx(0.0) and f.loc[0, "month_cos"] == pytest.approx(1.0)
    assert f.loc[1, "month_cos"] == pytest.approx(-1.0) and f["month_sin"].iloc[2:].isna().all()
    assert county_slug("Saint Johns County") == "st_johns" and county_slug("  ") is None


def test_rows_keep_their_order_and_index(history):
    sample = history.sample(500, random_state=1)
    shuffled = sample.sample(frac=1.0, random_state=2)
    pd.testing.assert_frame_equal(real_features(sample).loc[shuffled.index], real_features(shuffled))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.text(max_size=12), st.floats(allow_nan=True)),
                          st.one_of(st.none(), st.text(max_size=20)),
                          st.one_of(st.none(), st.text(max_size=12))), min_size=1, max_size=8))
def test_any_cell_text_gives_numbers_or_nan_never_an_error(cells):
    frame = pd.DataFrame(cells, columns=["final_judgment", "case_number", "auction_date"], dtype=object)
    frame["county"] = frame["case_number"]
    f = real_features(frame)
    assert f.shape == (len(frame), len(REAL_FEATURES))
    assert not np.isinf(f.to_numpy()).any()


def _as_typed(history: pd.DataFrame) -> pd.DataFrame:
    """The history as a sale list might type it: money as text, hidden bids, empty cells, other counties."""
    text = history.head(4000).astype(object)
    text["final_judgment"] = [f"${v:,.2f}" if i % 3 else v for i, v in enumerate(history["final_judgment"].head(4000))]
    text.loc[text.index[::7], "plaintiff_max_bid"] = "Hidden"
    text.loc[text.index[::11], "assessed_value"] = ""
    text.loc[text.index[::13], "county"] = "St. Lucie"
    text.loc[text.index[::17], "county"] = None
    text.loc[text.index[::19], "auction_date"] = "not a date"
    text["case_number"] = ["2014-009791-CA-01", "05-2024-CC-035201-XXCC-BC", None, "junk"] * 1000
    text["plaintiff"] = ["SUNSET HARBOUR CONDOMINIUM ASSOCIATION", "WELLS FARGO BANK NA", "", None] * 1000
    return text


def test_the_features_are_exactly_those_of_the_previous_path(history):
    for frame in (history, _as_typed(history), history.astype(str), history[["final_judgment"]]):
        np.testing.assert_array_equal(real_feature_matrix(frame), previous_scoring.real_feature_matrix(frame))
    names = ("month_cos", "final_judgment", "county_miami_dade", "max_bid_shown")
    columns = [list(REAL_FEATURES).index(name) for name in names]
    subset = real_feature_matrix(history, names=names, dtype=np.float32)
    assert subset.dtype == np.float32 and subset.flags.c_contiguous
    np.testing.assert_array_equal(subset, real_feature_matrix(history)[:, columns].astype(np.float32))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.text(max_size=12), st.floats(allow_nan=True)),
                          st.one_of(st.none(), st.text(max_size=20)),
                          st.one_of(st.none(), st.text(max_size=12), st.floats(allow_nan=True))),
                min_size=1, max_size=8))
def test_any_cells_give_the_features_of_the_previous_path(cells):
    frame = pd.DataFrame(cells, columns=["final_judgment", "case_number", "plaintiff_max_bid"], dtype=object)
    frame["county"], frame["auction_date"] = frame["case_number"], frame["final_judgment"]
    for typed in (frame, frame.infer_objects()):
        np.testing.assert_array_equal(real_feature_matrix(typed), previous_scoring.real_feature_matrix(typed))
