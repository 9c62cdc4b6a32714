"""The simulator's outcome behaviour fitted on the real auctions, and the shipped real_fit.json it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import biddeed_assets
from biddeed_assets.model.simulator_fit import (
    DEFAULT_HISTORY,
    INPUTS,
    fit_simulator_outcomes,
    main,
    simulator_inputs,
)

SHIPPED_FIT = Path(biddeed_assets.__file__).parent / "simulator" / "real_fit.json"


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return pd.read_csv(DEFAULT_HISTORY)


def test_the_fit_is_a_small_dict_of_logistic_coefficients_with_the_real_signs(history):
    fit = fit_simulator_outcomes(history)
    assert set(fit["sold"]["coefficients"]) == set(fit["third_party"]["coefficients"]) == set(INPUTS)
    json.dumps(fit)  # plain numbers only
    assert fit["sold"]["n"] == 21_130 and fit["third_party"]["n"] == 7_876
    # What the real Miami-Dade auctions say: rescheduled cases and hidden max bids cancel more; a
    # judgment high against the value leaves the sale to the plaintiff.
    assert fit["sold"]["coefficients"]["previous_auctions"] < 0
    assert fit["sold"]["coefficients"]["max_bid_hidden"] < 0
    assert fit["third_party"]["coefficients"]["log_judgment_to_value"] < 0
    assert fit["third_party"]["positive_rate"] == pytest.approx(3156 / 7876, abs=1e-4)
    assert fit["sold"]["auc_in_sample"] > 0.75 and fit["third_party"]["auc_in_sample"] > 0.65


def test_the_shipped_file_is_what_the_documented_command_writes(tmp_path, capsys):
    out = tmp_path / "real_fit.json"
    assert main([str(out)]) == 0
    assert json.loads(out.read_text()) == json.loads(SHIPPED_FIT.read_text())
    assert "wrote" in capsys.readouterr().out
    assert main([]) == 2


def test_inputs_are_unknown_when_the_facts_are():
    inputs = simulator_inputs(pd.DataFrame({"final_judgment": [100_000.0], "case_number": ["2019-000123-CC-05"],
                                            "auction_date": ["2019-06-03"]}))
    assert inputs.loc[0, "association"] == 1.0  # a county-court case
    assert inputs[["log_judgment_to_value", "max_bid_hidden", "previous_auctions"]].isna().all(axis=None)
