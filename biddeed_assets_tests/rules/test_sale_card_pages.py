"""Verdicts from cards in their real page formats: tax-deed cards, Broward's card without a value, Pasco's label."""

import pytest

from biddeed_assets.model.inputs import CaseInputs
from biddeed_assets.portals import realforeclose as rf
from biddeed_assets.rules.analysis import analyze_case
from biddeed_assets_tests.fixtures import page


def verdicts(name: str, county: str):
    parsed = rf.parse_items_html(page(f"realforeclose/variants/{name}.decoded.html").read_text(), county=county,
                                 auction_date="2026-06-05", area="W")
    return [(r, analyze_case(CaseInputs(case=r.to_dict()).to_context())) for r in parsed.records]


def test_tax_deed_cards_are_priced_against_their_opening_bid_and_never_bid_on_unverified_liens():
    found = verdicts("tax_deed_cards", "hillsborough")
    assert [r.case_number for r, _ in found] == ["2025-TD-000123", "2025-TD-000124", "2025-TD-000125"]
    for record, verdict in found:
        assert verdict.auction_type == "TAX_DEED" and verdict.judgment_amount == record.opening_bid
        # 70% of the card's $330,145 - $10,000 holding - $25,000 profit, before repairs
        assert verdict.max_bid == 196101.5 and verdict.max_bid_is_ceiling
        assert verdict.bid_judgment_ratio == pytest.approx(196101.5 / record.opening_bid, rel=1e-6)
        assert verdict.recommendation == "REVIEW"
        assert "liens not verified in Hillsborough" in verdict.reasons
        assert "bid/opening bid ratio" in verdict.reasons[0]
        assert any(r.endswith(f"of the ${record.opening_bid:,.0f} opening bid: REVIEW") for r in verdict.reasons)


def test_broward_cards_without_a_value_have_no_max_bid_and_say_why():
    for record, verdict in verdicts("broward_no_value", "broward"):
        assert record.final_judgment and record.assessed_value is None
        assert verdict.max_bid is None and verdict.bid_judgment_ratio is None
        assert verdict.recommendation == "REVIEW"
        assert verdict.arv_note == "no value on the RealForeclose card: ARV unknown"
        assert "liens not verified in Broward" in verdict.reasons


def test_pasco_s_market_value_label_is_named_as_the_valuation_basis():
    found = verdicts("pasco_market_value", "pasco")
    assert [(v.arv_basis, v.arv_note) for _, v in found] == [
        ("INFERRED", "RealForeclose card 'Property App. Market Value'")] * 2
    assert all(v.max_bid is not None and v.bid_judgment_ratio is not None for _, v in found)
    assert [v.recommendation for _, v in found] == ["SKIP", "REVIEW"]  # ratios 0.43 and 0.61
