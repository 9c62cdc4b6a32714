import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biddeed_assets.rules.max_bid import calculate, profit_margin, ratio_recommendation

money = st.floats(min_value=0, max_value=5_000_000, allow_nan=False, allow_infinity=False)


# The seed's six unit cases (section 6.1, test_max_bid_formula.py).
def test_standard_calculation():
    assert calculate(arv=350000, repairs=50000, holding_cost=10000).max_bid == 160000


def test_low_arv_uses_percentage():
    result = calculate(arv=100000, repairs=20000, holding_cost=10000)
    assert result.max_bid == 25000
    assert result.profit_margin == 15000


def test_negative_max_bid_returns_zero():
    result = calculate(arv=50000, repairs=60000, holding_cost=10000)
    assert result.max_bid == 0
    assert result.viable is False


@pytest.mark.parametrize(
    ("arv", "repairs", "expected"),
    [(400000, 30000, "BID"), (300000, 50000, "REVIEW"), (200000, 50000, "SKIP")],
)
def test_bid_judgment_ratio_categories(arv, repairs, expected):
    assert calculate(arv, repairs, 10000, final_judgment=200000).recommendation == expected


def test_bid_case_numbers():
    result = calculate(400000, 30000, 10000, final_judgment=200000)
    assert result.max_bid == 215000
    assert result.bid_judgment_ratio == pytest.approx(1.075)


def test_default_holding_cost_is_10000():
    assert calculate(350000, 50000).max_bid == 160000
    assert calculate(350000, 50000, None).holding_cost == 10000


def test_surviving_liens_are_subtracted():
    result = calculate(350000, 50000, 10000, surviving_liens_value=4000)
    assert result.max_bid == 156000
    assert any("surviving liens $4,000" in r for r in result.reasons)


def test_unknown_surviving_liens_are_flagged_not_guessed():
    result = calculate(350000, 50000, 10000, surviving_liens_value=None)
    assert result.max_bid == 160000
    assert any("surviving lien value unknown" in r for r in result.reasons)


@pytest.mark.parametrize("judgment", [None, 0, -5])
def test_unknown_or_zero_judgment_is_skip_with_reason(judgment):
    result = calculate(400000, 30000, 10000, final_judgment=judgment)
    assert result.recommendation == "SKIP"
    assert result.bid_judgment_ratio is None
    assert any("judgment unknown or zero" in r for r in result.reasons)


@pytest.mark.parametrize(("arv", "repairs"), [(None, 1000), (None, None), (math.nan, 0)])
def test_missing_value_inputs_give_no_max_bid_and_a_review(arv, repairs):
    result = calculate(arv, repairs, final_judgment=100000)
    assert result.max_bid is None
    assert result.recommendation == "REVIEW"  # a person must price it; never BID on a guess
    assert result.reasons[0].startswith("max bid unknown")
    assert calculate(arv, repairs, final_judgment=None).recommendation == "SKIP"


@pytest.mark.parametrize(
    ("ratio", "expected"), [(0.75, "BID"), (0.7499, "REVIEW"), (0.60, "REVIEW"), (0.5999, "SKIP")]
)
def test_ratio_thresholds(ratio, expected):
    assert ratio_recommendation(ratio) == expected


def test_profit_margin_caps_at_25000():
    assert profit_margin(1_000_000) == 25000
    assert profit_margin(100_000) == 15000


@given(money, money, money, money)
def test_max_bid_never_negative_and_always_explained(arv, repairs, holding, judgment):
    result = calculate(arv, repairs, holding, final_judgment=judgment)
    assert result.max_bid is not None and result.max_bid >= 0
    assert result.viable == (result.max_bid > 0)
    assert result.reasons
    assert result.recommendation in {"BID", "REVIEW", "SKIP"}


@given(money, money, money, money, money)
def test_max_bid_never_decreases_in_arv(arv_a, arv_b, repairs, holding, liens):
    low, high = sorted((arv_a, arv_b))
    assert (
        calculate(low, repairs, holding, surviving_liens_value=liens).max_bid
        <= calculate(high, repairs, holding, surviving_liens_value=liens).max_bid
    )


def test_unknown_repairs_give_a_ceiling_that_never_bids():
    """The seed's formula without repairs is an upper bound: REVIEW at best, SKIP when even it falls short."""
    good = calculate(300000, None, final_judgment=100000)
    assert good.max_bid == 175000  # 210,000 - 10,000 holding - 25,000 profit, before repairs
    assert good.repairs is None and good.repairs_unknown is True
    assert good.bid_judgment_ratio == 1.75 and good.recommendation == "REVIEW"
    assert good.reasons[0].startswith("max bid ceiling before repairs $175,000")
    assert any("repairs unknown" in r and "at most REVIEW" in r for r in good.reasons)
    short = calculate(300000, None, final_judgment=400000)
    assert short.bid_judgment_ratio < 0.60 and short.recommendation == "SKIP"
    assert calculate(300000, None).recommendation == "SKIP"  # no judgment to compare with


def test_a_tax_deed_names_the_opening_bid_as_the_basis():
    result = calculate(200000, 20000, final_judgment=50000, basis_name="opening bid")
    assert result.reasons[-1] == "max bid is 170% of the $50,000 opening bid: BID"
    assert "opening bid unknown" in calculate(200000, 20000, basis_name="opening bid").reasons[-1]


@given(money, money, money)
def test_unknown_repairs_never_bid(arv, holding, judgment):
    result = calculate(arv, None, holding, final_judgment=judgment)
    assert result.recommendation != "BID"
    assert result.max_bid is None or result.max_bid >= calculate(arv, 0.0, holding).max_bid - 0.01


def test_a_plaintiff_max_bid_at_or_above_the_max_bid_is_skip():
    """The plaintiff bids up to its max: a third party must pay more, so above the investor's max it is SKIP."""
    base = calculate(400000, 30000, final_judgment=200000)
    assert (base.max_bid, base.recommendation) == (215000, "BID")
    above = calculate(400000, 30000, final_judgment=200000, plaintiff_max_bid=215000)
    assert above.recommendation == "SKIP"
    assert above.reasons[-1] == ("the plaintiff bids up to $215,000, at or above the max bid $215,000: a third party "
                                 "wins only by paying more, SKIP")
    assert calculate(400000, 30000, final_judgment=200000, plaintiff_max_bid=150000).recommendation == "BID"
    assert calculate(400000, 30000, final_judgment=200000, plaintiff_max_bid=None).recommendation == "BID"
