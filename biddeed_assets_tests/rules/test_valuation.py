import pytest
from hypothesis import given
from hypothesis import strategies as st

from biddeed_assets.rules.valuation import (
    INFERRED,
    INPUT,
    MISSING,
    Sale,
    estimate_arv,
    estimate_repairs,
    repair_rate,
)


def test_arv_override_is_input():
    estimate = estimate_arv(200000, override=310000)
    assert (estimate.value, estimate.basis) == (310000, INPUT)


def test_arv_is_market_value_without_sales():
    estimate = estimate_arv(200000, as_of="2026-01-07")
    assert (estimate.value, estimate.basis) == (200000, INFERRED)
    assert "market value" in estimate.note


def test_recent_higher_qualified_sale_is_blended():
    estimate = estimate_arv(200000, [Sale("2024-06-01", 260000)], as_of="2026-01-07")
    assert estimate.value == 230000
    assert estimate.basis == INFERRED
    assert "$260,000" in estimate.note and "2024-06-01" in estimate.note


def test_latest_recent_sale_is_the_one_used():
    sales = [
        {"date": "2023-06-01", "price": 300000, "qualified": True},
        {"date": "2025-06-01", "price": 240000, "qualified": True},
    ]
    assert estimate_arv(200000, sales, as_of="2026-01-07").value == 220000


@pytest.mark.parametrize(
    "sale",
    [
        Sale("2021-01-01", 400000),  # older than 3 years
        Sale("2025-01-01", 400000, qualified=False),  # not arm's length
        Sale("2025-01-01", 150000),  # below market value
        Sale("2026-06-01", 400000),  # after the as-of date
    ],
)
def test_sales_that_do_not_move_arv(sale):
    assert estimate_arv(200000, [sale], as_of="2026-01-07").value == 200000


def test_without_as_of_sales_are_not_weighed():
    estimate = estimate_arv(200000, [Sale("2025-01-01", 400000)])
    assert estimate.value == 200000
    assert "no as-of date" in estimate.note


@pytest.mark.parametrize("market", [None, 0, -1, float("nan")])
def test_missing_market_value_is_missing_not_guessed(market):
    estimate = estimate_arv(market, [Sale("2025-01-01", 400000)], as_of="2026-01-07")
    assert (estimate.value, estimate.basis) == (None, MISSING)


@pytest.mark.parametrize(
    ("age", "rate"), [(0, 5), (9, 5), (10, 15), (29, 15), (30, 25), (49, 25), (50, 35), (90, 35)]
)
def test_repair_rate_bands(age, rate):
    assert repair_rate(age) == rate


def test_repairs_from_age_and_area():
    estimate = estimate_repairs(1990, 1500, as_of_year=2026)
    assert (estimate.value, estimate.basis) == (37500, INFERRED)
    assert "36-year-old" in estimate.note


def test_repairs_override_is_input_even_when_zero():
    assert estimate_repairs(None, None, as_of_year=None, override=0).basis == INPUT


@pytest.mark.parametrize(
    ("year", "area", "as_of"),
    [
        (None, 1500, 2026),
        (1990, None, 2026),
        (1990, 0, 2026),
        (2030, 1500, 2026),
        (1700, 1500, 2026),
        (1990, 1500, None),
    ],
)
def test_repairs_missing_inputs(year, area, as_of):
    estimate = estimate_repairs(year, area, as_of_year=as_of)
    assert (estimate.value, estimate.basis) == (None, MISSING)
    assert estimate.note.startswith("repairs unknown")


@given(
    st.none() | st.integers(1700, 2100),
    st.none() | st.floats(allow_nan=True),
    st.none() | st.integers(1900, 2100),
)
def test_repairs_never_negative(year, area, as_of):
    estimate = estimate_repairs(year, area, as_of_year=as_of)
    assert estimate.value is None or estimate.value >= 0
    assert estimate.basis in {INFERRED, MISSING}
