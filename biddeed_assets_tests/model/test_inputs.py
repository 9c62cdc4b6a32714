"""CaseInputs.to_context builds the CaseContext that CaseContext.from_dict makes of the same facts as a mapping."""

import dataclasses
import datetime as dt

import pytest

from biddeed_assets.bench.analyze import simulated_inputs
from biddeed_assets.model.features import case_features
from biddeed_assets.model.inputs import CaseInputs
from biddeed_assets.rules.agents import CaseContext
from biddeed_assets.rules.lien_priority import analyze_liens
from biddeed_assets.rules.plaintiffs import classify_plaintiff


def _f(value):
    return None if value is None else float(value)


def as_mapping(inputs: CaseInputs) -> dict:
    """The case's facts as the flat mapping from_dict reads (a DB row, JSON)."""
    case, prop = inputs.case, inputs.prop or {}
    return {
        "case_number": case["case_number"], "county": case["county"], "auction_date": str(case["auction_date"]),
        "auction_type": case.get("auction_type") or "FORECLOSURE", "plaintiff": case.get("plaintiff"),
        "court_type": case.get("court_type"), "final_judgment": _f(case.get("final_judgment")),
        "opening_bid": _f(case.get("opening_bid")), "plaintiff_max_bid": _f(case.get("plaintiff_max_bid")),
        "property_type": prop.get("property_type"), "market_value": inputs.value(),
        "value_source": inputs.value_source(), "year_built": prop.get("year_built"),
        "living_area": _f(prop.get("living_area")), "zip": prop.get("zip") or case.get("zip"),
        "sales": [{"date": s.get("date"), "price": s.get("price"), "qualified": s.get("qualified")}
                  for s in prop.get("sales_history") or []],
        "liens": [{"type": lien["lien_type"], "amount": _f(lien.get("amount")), "position": lien.get("position"),
                   "status": lien.get("status"), "holder": lien.get("holder"),
                   "recorded_date": str(lien["recorded_date"]) if lien.get("recorded_date") else None}
                  for lien in inputs.liens or () if lien["lien_type"] != "LIS_PENDENS"],
        "lien_data_known": inputs.liens is not None,
        "lien_data_gap": inputs.unknown.get("official_records") if inputs.liens is None else None,
        "liens_unverified_in": inputs.liens_unverified_in if inputs.liens is None else None,
        "lis_pendens": any(lien["lien_type"] == "LIS_PENDENS" for lien in inputs.liens)
        if inputs.liens is not None else None,
        "demographics": inputs.demographics, "county_medians": inputs.county_medians,
        "plaintiff_third_party_rate": inputs.plaintiff_third_party_rate,
        "plaintiff_sample_count": inputs.plaintiff_sample_count, "similar_cases": list(inputs.similar_cases),
    }


ODD = CaseInputs(
    case={"county": "brevard", "auction_date": dt.date(2026, 3, 4), "case_number": "05-2023-CC-000123-XXCC-BC",
          "plaintiff": "SUNSET LAKES HOA", "final_judgment": "12500.50", "court_type": None, "zip": "32940"},
    prop={"market_value": None, "assessed_value": 210000, "living_area": 1500,
          "year_built": 1988, "property_type": "Condo",
          "sales_history": [{"date": "2024-05-01", "price": "$250,000", "qualified": True},
                            {"date": None, "price": 100, "qualified": None}]},
    liens=({"lien_type": "MORTGAGE", "amount": 150000, "position": "1", "status": None, "holder": "WELLS FARGO",
            "recorded_date": dt.date(2015, 1, 2)},
           {"lien_type": "HOA_LIEN", "amount": None, "position": 2.0, "status": "ACTIVE", "recorded_date": ""},
           {"lien_type": "LIS_PENDENS", "amount": None},
           {"lien_type": "JUDGMENT", "amount": float("inf"), "status": "SATISFIED", "holder": None}),
    demographics={"median_household_income": 61000, "median_home_value": 300000, "vacancy_rate": 0.08},
    county_medians={"median_income": 58000, "median_home_value": 280000, "vacancy_rate": 0.1},
    similar_cases=({"case_number": "X", "prediction_error": 0.4, "sold_to": "PLAINTIFF"},),
)
NO_LIENS = dataclasses.replace(ODD, liens=None, unknown={"official_records": "page unreadable"})


@pytest.fixture(scope="module")
def simulated():
    return simulated_inputs(300, seed=3)


def test_simulated_contexts_equal_the_mapping_route(simulated):
    for inputs in simulated:
        assert inputs.to_context() == CaseContext.from_dict(as_mapping(inputs)), inputs.key


@pytest.mark.parametrize("inputs", [ODD, NO_LIENS], ids=["odd values", "liens unknown"])
def test_odd_values_equal_the_mapping_route(inputs):
    context = inputs.to_context()
    assert context == CaseContext.from_dict(as_mapping(inputs))
    assert context.lien_data_known is (inputs.liens is not None)


def test_overrides_are_read_as_from_dict_reads_them():
    context = ODD.to_context(living_area=900, final_judgment=99.0, liens=[{"type": "IRS_LIEN", "amount": "1,000"}])
    assert context == CaseContext.from_dict({**as_mapping(ODD), "living_area": 900, "final_judgment": 99.0,
                                             "liens": [{"type": "IRS_LIEN", "amount": "1,000"}]})
    assert context.living_area_sqft == 900 and context.liens[0].amount == 1000.0


def test_feature_lien_figures_are_the_lien_rules_on_the_recorded_rows(simulated):
    for inputs in [*simulated, ODD]:
        rows = [{"type": lien["lien_type"], "amount": lien.get("amount"), "position": lien.get("position"),
                 "status": lien.get("status"), "holder": lien.get("holder"),
                 "recorded_date": str(lien["recorded_date"]) if lien.get("recorded_date") else None}
                for lien in inputs.liens if lien["lien_type"] != "LIS_PENDENS"]
        kind = classify_plaintiff(inputs.case.get("plaintiff") or "", inputs.case["case_number"],
                                  inputs.case.get("court_type")).kind
        analysis = analyze_liens(kind, rows, auction_type=inputs.case.get("auction_type"),
                                 plaintiff_name=inputs.case.get("plaintiff"))
        row = case_features(inputs)
        assert row["surviving_lien_value"] == analysis.surviving_value, inputs.key
        assert row["extinguished_value"] == analysis.extinguished_value, inputs.key
        assert row["senior_mortgage_survives"] == float(any(lien.is_mortgage for lien in analysis.surviving_liens))
