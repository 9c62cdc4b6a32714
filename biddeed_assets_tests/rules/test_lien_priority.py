from hypothesis import given
from hypothesis import strategies as st

from biddeed_assets.rules.lien_priority import (
    PRIORITY_ORDER,
    Lien,
    LienCategory,
    Proceeding,
    analyze_liens,
    classify_lien_type,
    proceeding_for,
)
from biddeed_assets.rules.plaintiffs import PlaintiffKind


# The seed's three unit cases (section 6.1, test_lien_priority.py).
def test_hoa_with_senior_mortgage_triggers_do_not_bid():
    result = analyze_liens(
        "HOA",
        [
            {"type": "MORTGAGE", "amount": 300000, "position": 1},
            {"type": "HOA_LIEN", "amount": 15000, "position": 2},
        ],
    )
    assert result.do_not_bid is True
    assert "senior mortgage" in result.reason.lower()


def test_bank_foreclosure_extinguishes_junior_liens():
    result = analyze_liens(
        "BANK",
        [
            {"type": "MORTGAGE", "amount": 200000, "position": 1},
            {"type": "HOA_LIEN", "amount": 5000, "position": 2},
            {"type": "SECOND_MORTGAGE", "amount": 50000, "position": 3},
        ],
    )
    assert result.do_not_bid is False
    assert result.surviving_liens == []
    assert result.extinguished_value == 55000


def test_tax_lien_superior_to_all():
    result = analyze_liens(
        "COUNTY",
        [
            {"type": "TAX_LIEN", "amount": 10000, "position": 0},
            {"type": "MORTGAGE", "amount": 200000, "position": 1},
        ],
    )
    assert result.surviving_liens == []


def test_hoa_reason_names_the_mortgage_and_its_amount():
    result = analyze_liens(
        PlaintiffKind.HOA,
        [
            Lien("MORTGAGE", 180000, 1, holder="WELLS FARGO BANK"),
            Lien("HOA_LIEN", 9000, 2, holder="JAMES LANDING"),
        ],
    )
    assert result.recommendation_floor == "DO_NOT_BID"
    assert any("senior mortgage" in r and "$180,000" in r and "WELLS FARGO" in r for r in result.reasons)
    assert [lien.type for lien in result.surviving_liens] == ["MORTGAGE"]


def test_condo_foreclosure_without_its_own_lien_listed_still_keeps_the_mortgage():
    result = analyze_liens("CONDO", [{"type": "MORTGAGE", "amount": 120000}])
    assert result.do_not_bid is True
    assert result.proceeding is Proceeding.ASSOCIATION


def test_hoa_foreclosure_on_free_and_clear_property_is_allowed():
    result = analyze_liens("HOA", [{"type": "HOA_LIEN", "amount": 7000, "position": 1}])
    assert result.do_not_bid is False
    assert result.recommendation_floor == "BID"


def test_satisfied_mortgage_is_ignored():
    result = analyze_liens(
        "HOA",
        [
            {"type": "MORTGAGE", "amount": 150000, "position": 1, "status": "SATISFIED"},
            {"type": "HOA_LIEN", "amount": 7000, "position": 2},
        ],
    )
    assert result.do_not_bid is False
    assert result.surviving_liens == []
    assert any("satisfied" in r for r in result.reasons)


def test_property_taxes_survive_a_mortgage_foreclosure_with_their_amount():
    result = analyze_liens(
        "BANK",
        [
            {"type": "PROPERTY_TAX", "amount": 4200, "position": 0},
            {"type": "MORTGAGE", "amount": 200000, "position": 1},
        ],
    )
    assert [(lien.type, lien.amount) for lien in result.surviving_liens] == [("PROPERTY_TAX", 4200)]
    assert result.surviving_value == 4200
    assert result.recommendation_floor == "BID"
    assert any("property taxes survive" in r and "$4,200" in r for r in result.reasons)


def test_property_taxes_survive_even_when_listed_junior():
    result = analyze_liens("BANK", [Lien("MORTGAGE", 100000, 1), Lien("PROPERTY_TAX", 900, 5)])
    assert result.surviving_value == 900


def test_tax_deed_keeps_government_liens():
    result = analyze_liens(
        "GOVERNMENT",
        [
            {"type": "TAX_CERTIFICATE", "amount": 3000, "position": 0},
            {"type": "MORTGAGE", "amount": 90000, "position": 1},
            {"type": "CODE_ENFORCEMENT", "amount": 12000, "position": 3, "holder": "CITY OF PALM BAY"},
            {"type": "SPECIAL_ASSESSMENT", "amount": 800, "position": 2},
            {"type": "JUDGMENT", "amount": 5000, "position": 4},
        ],
        auction_type="TAX_DEED",
    )
    assert result.proceeding is Proceeding.TAX_DEED
    assert sorted(lien.type for lien in result.surviving_liens) == ["CODE_ENFORCEMENT", "SPECIAL_ASSESSMENT"]
    assert result.surviving_value == 12800
    assert result.extinguished_value == 95000
    assert result.do_not_bid is False


def test_tax_deed_keeps_a_lien_held_by_a_city_whatever_its_type():
    result = analyze_liens(
        None,
        [Lien("TAX_LIEN", 2000, 0), Lien("JUDGMENT", 3000, 2, holder="CITY OF COCOA")],
        auction_type="TAX_DEED",
    )
    assert [lien.holder for lien in result.surviving_liens] == ["CITY OF COCOA"]


def test_irs_lien_sets_the_120_day_redemption_flag():
    result = analyze_liens(
        "BANK",
        [
            {"type": "MORTGAGE", "amount": 200000, "position": 1},
            {"type": "IRS_LIEN", "amount": 30000, "position": 2},
        ],
    )
    assert result.irs_redemption_120d is True
    assert result.surviving_liens == []
    assert any("120 days" in r for r in result.reasons)


def test_irs_lien_flag_in_a_tax_deed_too_and_the_lien_is_counted_as_surviving():
    """Whether the IRS had the 25 days' notice that discharges its lien cannot be checked: count it as owed."""
    result = analyze_liens("COUNTY", [Lien("TAX_LIEN", 1000, 0), Lien("FEDERAL_TAX_LIEN", 20000, 1)])
    assert result.irs_redemption_120d is True
    assert [lien.type for lien in result.surviving_liens] == ["FEDERAL_TAX_LIEN"]
    assert result.surviving_value == 20000 and result.do_not_bid is False
    assert any("7425(b)" in r for r in result.reasons)


def test_no_irs_lien_no_flag():
    assert analyze_liens("BANK", [Lien("MORTGAGE", 1, 1)]).irs_redemption_120d is False


def test_missing_lien_data_is_review_never_bid():
    result = analyze_liens("BANK", None)
    assert result.data_missing is True
    assert result.recommendation_floor == "REVIEW"
    assert result.surviving_value is None and result.extinguished_value is None
    assert result.reasons


def test_known_empty_lien_list_is_not_missing():
    result = analyze_liens("BANK", [])
    assert result.data_missing is False
    assert result.recommendation_floor == "BID"
    assert result.surviving_value == 0


def test_junior_mortgage_foreclosure_leaves_first_mortgage_alive():
    result = analyze_liens(
        "PRIVATE",
        [
            Lien("MORTGAGE", 250000, 1, holder="WELLS FARGO"),
            Lien("SECOND_MORTGAGE", 40000, 2, holder="K CHERA"),
        ],
        plaintiff_name="K CHERA",
    )
    assert result.foreclosed_lien.holder == "K CHERA"
    assert result.do_not_bid is True
    assert any("senior mortgage" in r and "$250,000" in r for r in result.reasons)


def test_unidentified_foreclosing_mortgage_among_several_is_review():
    liens = [
        Lien("MORTGAGE", 250000, 1, holder="WELLS FARGO"),
        Lien("SECOND_MORTGAGE", 40000, 2, holder="ACME HELOC"),
    ]
    named = analyze_liens("BANK", liens, plaintiff_name="US BANK NA")
    assert named.recommendation_floor == "REVIEW"
    assert any("assumed the most senior" in r for r in named.reasons)
    assert any("cannot tell" in r and "SECOND_MORTGAGE" in r for r in named.reasons)
    unnamed = analyze_liens("BANK", liens)  # the seed's convention: no name, the first mortgage is foreclosed
    assert unnamed.recommendation_floor == "BID" and unnamed.extinguished_value == 40000


def test_unknown_plaintiff_caps_at_review():
    result = analyze_liens("UNKNOWN", [Lien("MORTGAGE", 100000, 1), Lien("JUDGMENT", 2000, 2)])
    assert result.recommendation_floor == "REVIEW"
    assert result.do_not_bid is False


def test_unrecognized_lien_type_caps_at_review():
    result = analyze_liens("BANK", [Lien("MORTGAGE", 100000, 1), Lien("MYSTERY_LIEN", 2000, 2)])
    assert result.recommendation_floor == "REVIEW"
    assert any("MYSTERY_LIEN" in r for r in result.reasons)


def test_surviving_lien_without_amount_gives_unknown_value_and_review():
    result = analyze_liens("BANK", [Lien("PROPERTY_TAX", None, 0), Lien("MORTGAGE", 100000, 1)])
    assert result.surviving_value is None
    assert result.recommendation_floor == "REVIEW"


def test_without_positions_recorded_dates_then_type_order_decide():
    by_date = analyze_liens(
        "HOA",
        [
            Lien("HOA_LIEN", 5000, recorded_date="2015-01-01"),
            Lien("MORTGAGE", 90000, recorded_date="2019-05-01"),
        ],
    )
    assert by_date.do_not_bid is False  # the mortgage was recorded after the association's lien
    by_type = analyze_liens("HOA", [Lien("HOA_LIEN", 5000), Lien("MORTGAGE", 90000)])
    assert by_type.do_not_bid is True


def test_lien_objects_and_string_amounts_are_accepted():
    class Row:
        type = "MORTGAGE"
        amount = "$200,000.00"
        position = "1"

    result = analyze_liens("BANK", [Row(), {"type": "JUDGMENT", "amount": "1,500", "position": 2}])
    assert result.foreclosed_lien.amount == 200000
    assert result.extinguished_value == 1500


def test_lien_type_spellings():
    assert classify_lien_type("2nd mortgage")[0] is LienCategory.MORTGAGE
    assert classify_lien_type("HOA lien")[0] is LienCategory.HOA_COA
    assert classify_lien_type("tax certificate")[0] is LienCategory.PROPERTY_TAX
    assert classify_lien_type("lis pendens")[0] is LienCategory.NOT_A_LIEN
    assert classify_lien_type("IRS")[1] == PRIORITY_ORDER.index("IRS")


def test_proceeding_for():
    assert proceeding_for("BANK") is Proceeding.MORTGAGE
    assert proceeding_for(PlaintiffKind.CONDO) is Proceeding.ASSOCIATION
    assert proceeding_for("SERVICER", "TAX_DEED") is Proceeding.TAX_DEED
    assert proceeding_for("COUNTY") is Proceeding.TAX_DEED
    assert proceeding_for(None) is Proceeding.UNKNOWN


lien_types = st.sampled_from(
    [
        "MORTGAGE",
        "SECOND_MORTGAGE",
        "HOA_LIEN",
        "PROPERTY_TAX",
        "JUDGMENT",
        "IRS_LIEN",
        "CODE_ENFORCEMENT",
        "ODD",
    ]
)
liens_strategy = st.lists(
    st.builds(
        Lien,
        type=lien_types,
        amount=st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False),
        position=st.none() | st.integers(min_value=0, max_value=6),
        status=st.sampled_from([None, "ACTIVE", "SATISFIED"]),
    ),
    max_size=6,
)
kinds = st.sampled_from([*PlaintiffKind, "COUNTY", None])


@given(kinds, st.none() | liens_strategy, st.sampled_from([None, "FORECLOSURE", "TAX_DEED"]))
def test_invariants(kind, liens, auction_type):
    result = analyze_liens(kind, liens, auction_type=auction_type)
    assert result.reasons
    assert result.do_not_bid == (result.recommendation_floor == "DO_NOT_BID")
    if liens is None:
        association = proceeding_for(kind, auction_type) is Proceeding.ASSOCIATION
        assert result.recommendation_floor == ("DO_NOT_BID" if association else "REVIEW")
    else:
        assert all(lien.status != "SATISFIED" for lien in result.surviving_liens)
        if auction_type != "TAX_DEED" and kind != "COUNTY":
            taxes = [lien for lien in liens if lien.type == "PROPERTY_TAX" and lien.status != "SATISFIED"]
            assert all(lien in result.surviving_liens for lien in taxes)


def test_a_mortgage_recorded_the_same_day_as_the_hoa_lien_is_still_senior():
    from biddeed_assets.rules.lien_priority import analyze_liens as analyze

    result = analyze("HOA", [
        {"type": "MORTGAGE", "amount": 180000, "position": 1, "recorded_date": "2019-01-01"},
        {"type": "HOA_LIEN", "amount": 12000, "recorded_date": "2019-01-01"},
    ])
    assert result.do_not_bid and "180,000" in result.reason
