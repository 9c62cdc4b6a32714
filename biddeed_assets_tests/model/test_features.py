import math

from biddeed_assets.model.features import FEATURES, case_features
from biddeed_assets.model.inputs import CaseInputs

CASE = {"county": "brevard", "auction_date": "2026-12-02", "case_number": "05-2023-CA-012193-XXXX-XX",
        "plaintiff": "NATIONSTAR", "final_judgment": 200000, "court_type": "CIRCUIT"}


def test_every_documented_feature_is_present_and_unknowns_are_none():
    row = case_features(CaseInputs(case=CASE))
    assert list(row) == list(FEATURES)
    assert row["final_judgment"] == 200000 and row["log_judgment"] == math.log(200000)
    assert row["case_age_years"] == 3 and row["county_court"] == 0 and row["kind_SERVICER"] == 1
    # nothing known about the property, liens or taxes: unknown, never 0
    for name in ("value", "judgment_to_value", "equity_ratio", "building_age", "unpaid_taxes", "active_liens",
                 "surviving_lien_value", "zip_income", "type_SFR"):
        assert row[name] is None, name


def test_equity_counts_surviving_liens_and_unpaid_taxes():
    inputs = CaseInputs(
        case={**CASE, "plaintiff": "JAMES LANDING", "final_judgment": 10000, "court_type": "COUNTY",
              "case_number": "05-2024-CC-035201-XXCC-BC"},
        prop={"market_value": 300000, "year_built": 1996, "property_type": "SFR"},
        liens=({"lien_type": "MORTGAGE", "amount": 150000, "position": 1, "status": "ACTIVE"},
               {"lien_type": "HOA_LIEN", "amount": 10000, "position": 2, "status": "ACTIVE"},
               {"lien_type": "LIS_PENDENS", "amount": None, "status": "ACTIVE"}),
        taxes=({"tax_year": 2025, "amount_due": 4000, "paid": False}, {"tax_year": 2024, "amount_due": None, "paid": True}),
        demographics={"median_home_value": 250000, "median_household_income": 60000, "vacancy_rate": 0.1},
    )
    row = case_features(inputs)
    assert row["surviving_lien_value"] == 150000 and row["senior_mortgage_survives"] == 1
    assert row["active_liens"] == 2 and row["unpaid_taxes"] == 4000 and row["unpaid_tax_years"] == 1
    assert row["equity_ratio"] == (300000 - 10000 - 150000 - 4000) / 300000
    assert row["value_to_zip_median"] == 300000 / 250000 and row["building_age"] == 30


def test_lien_features_agree_with_the_verdict_when_only_recorded_dates_order_the_liens():
    from biddeed_assets.rules.analysis import analyze_case

    inputs = CaseInputs(
        case={**CASE, "plaintiff": "NATIONSTAR MORTGAGE LLC"},
        prop={"market_value": 300000},
        liens=({"lien_type": "MORTGAGE", "amount": 50000, "status": "ACTIVE", "recorded_date": "2000-10-20",
                "holder": "FIRST BANK"},
               {"lien_type": "MORTGAGE", "amount": 150000, "status": "ACTIVE", "recorded_date": "2005-03-01",
                "holder": "NATIONSTAR MORTGAGE LLC"}),
    )
    row, verdict = case_features(inputs), analyze_case(inputs.to_context())
    # the earlier-recorded mortgage is senior to the plaintiff's: it survives, on the bid sheet and in the row
    assert verdict.surviving_value == 50000
    assert row["surviving_lien_value"] == verdict.surviving_value and row["senior_mortgage_survives"] == 1
    assert row["extinguished_value"] == verdict.extinguished_value == 0
