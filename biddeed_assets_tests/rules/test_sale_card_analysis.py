"""Counties known only from their RealForeclose sale card: value from the card, unverified liens, HOA cases, tax deeds."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddeed_assets.rules.agents import CaseContext
from biddeed_assets.rules.analysis import analyze_case
from biddeed_assets.rules.lien_priority import Lien

UNVERIFIED = "liens not verified in Hillsborough"


def card_case(**overrides) -> CaseContext:
    """A Hillsborough item as the sale card gives it: judgment and assessed value, no appraiser, no liens."""
    base = dict(
        case_number="292024CA003026A001HC", county="hillsborough", auction_date="2026-11-26",
        auction_type="FORECLOSURE", plaintiff=None, court_type="CIRCUIT", final_judgment=100000,
        market_value=250000, value_source="RealForeclose card 'Assessed Value'", lien_data_known=False,
        lien_data_gap="no official-records portal for this county yet: liens unknown",
        liens_unverified_in="Hillsborough",
    )
    base.update(overrides)
    return CaseContext(**base)


def test_the_card_value_gives_a_max_bid_and_a_ratio_capped_at_review_on_unverified_liens():
    verdict = analyze_case(card_case())
    assert verdict.max_bid == 140000  # 70% of 250,000 - 10,000 holding - 25,000 profit, repairs unknown
    assert verdict.max_bid_is_ceiling and verdict.bid_judgment_ratio == 1.4
    assert verdict.recommendation == "REVIEW"
    assert verdict.reasons[0].startswith(f"REVIEW: {UNVERIFIED};")
    assert UNVERIFIED in verdict.reasons
    assert (verdict.arv, verdict.arv_basis, verdict.arv_note) == (250000, "INFERRED", "RealForeclose card 'Assessed Value'")
    assert verdict.repairs is None and verdict.repairs_basis == "MISSING"


def test_a_card_with_no_value_gives_no_max_bid_and_says_why():
    verdict = analyze_case(card_case(market_value=None, value_source="RealForeclose card"))
    assert verdict.max_bid is None and verdict.bid_judgment_ratio is None
    assert verdict.recommendation == "REVIEW"
    assert verdict.arv_note == "no value on the RealForeclose card: ARV unknown"
    assert any(r.startswith("max bid unknown: no ARV") for r in verdict.reasons)


def test_a_poor_ratio_is_still_skip_on_unverified_liens():
    verdict = analyze_case(card_case(final_judgment=400000))
    assert verdict.recommendation == "SKIP" and UNVERIFIED in verdict.reasons


def test_an_association_plaintiff_on_unverified_liens_is_do_not_bid():
    verdict = analyze_case(card_case(case_number="292024CC003290A001HC", court_type="COUNTY",
                                     plaintiff="RIVER OAKS HOMEOWNERS ASSOCIATION INC", final_judgment=9000))
    assert verdict.recommendation == "DO_NOT_BID"
    assert verdict.reasons[0].startswith("DO_NOT_BID: HOA/COA foreclosure: a first mortgage survives it")
    assert UNVERIFIED in verdict.reasons


def test_a_county_court_case_with_no_plaintiff_is_review_with_the_reason():
    """CC alone says "probably an association" but not certainly: a person checks the docket (REVIEW)."""
    verdict = analyze_case(card_case(case_number="292024CC003290A001HC", court_type="COUNTY", final_judgment=9000))
    assert verdict.recommendation == "REVIEW"
    assert any(r.startswith("county-court (CC) case with no association named") for r in verdict.reasons)
    assert verdict.plaintiff_kind == "HOA"


def test_a_bank_plaintiff_in_county_court_is_not_an_association():
    verdict = analyze_case(card_case(case_number="292024CC003290A001HC", court_type="COUNTY",
                                     plaintiff="WELLS FARGO BANK NA", final_judgment=40000))
    assert verdict.recommendation == "REVIEW" and verdict.plaintiff_kind == "BANK"


def test_a_tax_deed_is_priced_against_its_opening_bid_and_keeps_government_liens():
    verdict = analyze_case(card_case(
        case_number="2023-TD-000123", auction_type="TAX_DEED", final_judgment=None, opening_bid=20000,
        market_value=150000, lien_data_known=True, lien_data_gap=None, liens_unverified_in=None,
        year_built=2000, living_area_sqft=1000, court_type=None,
        liens=(Lien("TAX_CERTIFICATE", 4000, 0), Lien("MORTGAGE", 90000, 1, holder="WELLS FARGO"),
               Lien("CODE_ENFORCEMENT", 3000, 2, holder="CITY OF TAMPA"), Lien("IRS_LIEN", 5000, 3),
               Lien("HOA_LIEN", 2500, 4), Lien("STATE_TAX_LIEN", 1000, 5)),
    ))
    assert verdict.auction_type == "TAX_DEED" and verdict.judgment_amount == 20000
    assert sorted(lien.type for lien in verdict.surviving_liens) == ["CODE_ENFORCEMENT", "IRS_LIEN"]
    assert verdict.surviving_value == 8000 and verdict.extinguished_value == 93500
    # 105,000 - 15,000 repairs (1,000 sq ft x $15, 26 years) - 10,000 - 22,500 profit - 8,000 surviving
    assert verdict.max_bid == 49500 and verdict.bid_judgment_ratio == pytest.approx(2.475)
    assert any(r == "max bid is 248% of the $20,000 opening bid: BID" for r in verdict.reasons)
    assert "bid/opening bid ratio" in verdict.reasons[0]
    assert verdict.recommendation != "DO_NOT_BID"  # a tax deed wipes the mortgage


def test_a_tax_deed_with_no_opening_bid_is_not_priced_against_a_judgment():
    verdict = analyze_case(card_case(auction_type="TAX_DEED", final_judgment=100000, opening_bid=None))
    assert verdict.judgment_amount is None and verdict.bid_judgment_ratio is None
    assert verdict.recommendation in ("REVIEW", "SKIP")


def test_a_tax_deed_on_unverified_liens_is_review_never_do_not_bid_for_a_county_court_number():
    verdict = analyze_case(card_case(auction_type="TAX_DEED", final_judgment=None, opening_bid=30000,
                                     case_number="292024CC003290A001HC", court_type="COUNTY"))
    assert verdict.recommendation == "REVIEW" and UNVERIFIED in verdict.reasons


money = st.none() | st.floats(0, 2_000_000, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    judgment=money, opening=money, value=money,
    plaintiff=st.sampled_from([None, "US BANK NA", "RIVER OAKS HOMEOWNERS ASSOCIATION INC", "JAMES LANDING"]),
    number=st.sampled_from(["292024CA003026A001HC", "292024CC003290A001HC", "2023-TD-000123"]),
    auction_type=st.sampled_from(["FORECLOSURE", "TAX_DEED"]),
    year=st.none() | st.integers(1900, 2026), area=money,
)
def test_unverified_liens_never_bid_and_always_say_so(judgment, opening, value, plaintiff, number, auction_type,
                                                      year, area):
    verdict = analyze_case(card_case(final_judgment=judgment, opening_bid=opening, market_value=value,
                                     plaintiff=plaintiff, case_number=number, court_type=None,
                                     auction_type=auction_type, year_built=year, living_area_sqft=area))
    assert verdict.recommendation != "BID"
    assert UNVERIFIED in verdict.reasons
    if verdict.max_bid is not None:
        assert verdict.max_bid >= 0 and verdict.arv == pytest.approx(value, abs=0.01)
