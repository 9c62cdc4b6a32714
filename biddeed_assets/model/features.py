"""The numeric feature table: one row per case, the same for the analysis, the models and case memory.

Every feature is a float or None (unknown: never 0 or a guess). FEATURE_VERSION changes whenever a
feature is added, removed or computed differently; models record the version they were trained on.

| feature | meaning |
|---|---|
| final_judgment, log_judgment | the judgment amount ($) and its natural log |
| value | appraiser market value, else the sale list's assessed value ($) |
| judgment_to_value | final_judgment / value |
| equity_ratio | (value - judgment - surviving liens - unpaid taxes) / value |
| max_bid_to_judgment | plaintiff's published max bid / judgment (None when "Hidden") |
| max_bid_hidden | 1 when the plaintiff's max bid is hidden |
| case_age_years | sale year - filing year (from the case number) |
| county_court | 1 for a county-court (CC) case, the HOA/COA signal |
| kind_<KIND> | one-hot plaintiff kind (BANK, SERVICER, TRUSTEE, GSE, HOA, CONDO, GOVERNMENT, PRIVATE, UNKNOWN) |
| plaintiff_tp_rate, plaintiff_tp_samples | the plaintiff's third-party share in earlier outcomes, and how many |
| homestead, pool | 1/0 from the appraiser |
| building_age, living_area | sale year - year built; heated area (sq ft) |
| type_<TYPE> | one-hot property type (SFR, CONDO, TOWNHOUSE, MULTI-FAMILY, COMMERCIAL, LAND) |
| unpaid_taxes, unpaid_tax_years, tax_certificates | delinquent taxes ($), years unpaid, certificates sold |
| active_liens, active_mortgages | recorded liens not satisfied (lis pendens excluded) |
| surviving_lien_value, extinguished_value | what survives the sale / what it wipes, per the lien rules ($) |
| senior_mortgage_survives, irs_lien | 1 when an active senior mortgage survives (HOA case); IRS lien present |
| zip_income, zip_home_value, zip_vacancy, zip_owner_occupancy | ACS figures of the property's ZIP |
| value_to_zip_median | value / the ZIP's median home value |
| sale_year, sale_month | when the sale is |
| county_<SLUG> | one-hot county |
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from biddeed_assets.model.inputs import CaseInputs
from biddeed_assets.rules.case_numbers import court_type_of, parse_any
from biddeed_assets.rules.lien_priority import analyze_liens
from biddeed_assets.rules.plaintiffs import classify_plaintiff

FEATURE_VERSION = "v1"
KINDS = ("BANK", "SERVICER", "TRUSTEE", "GSE", "HOA", "CONDO", "GOVERNMENT", "PRIVATE", "UNKNOWN")
PROPERTY_TYPES = ("SFR", "CONDO", "TOWNHOUSE", "MULTI-FAMILY", "COMMERCIAL", "LAND")
COUNTIES = ("brevard", "hillsborough", "duval")

FEATURES: tuple[str, ...] = (
    "final_judgment", "log_judgment", "value", "judgment_to_value", "equity_ratio", "max_bid_to_judgment",
    "max_bid_hidden", "case_age_years", "county_court",
    *(f"kind_{k}" for k in KINDS),
    "plaintiff_tp_rate", "plaintiff_tp_samples", "homestead", "pool", "building_age", "living_area",
    *(f"type_{t}" for t in PROPERTY_TYPES),
    "unpaid_taxes", "unpaid_tax_years", "tax_certificates", "active_liens", "active_mortgages",
    "surviving_lien_value", "extinguished_value", "senior_mortgage_survives", "irs_lien",
    "zip_income", "zip_home_value", "zip_vacancy", "zip_owner_occupancy", "value_to_zip_median",
    "sale_year", "sale_month",
    *(f"county_{c}" for c in COUNTIES),
)


def _num(value: Any) -> float | None:
    if value is None or isinstance(value, str):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _flag(value: Any) -> float | None:
    return None if value is None else float(bool(value))


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def _one_hot(prefix: str, options: Iterable[str], value: str | None) -> dict[str, float | None]:
    if value is None:
        return {f"{prefix}_{o}": None for o in options}
    return {f"{prefix}_{o}": float(o == value) for o in options}


def case_features(inputs: CaseInputs) -> dict[str, float | None]:
    """The documented numeric row of one case."""
    case, prop = inputs.case, inputs.prop or {}
    sale_date = str(case["auction_date"])
    sale_year, sale_month = int(sale_date[:4]), int(sale_date[5:7])
    judgment = _num(case.get("final_judgment"))
    value = inputs.value()
    plaintiff = classify_plaintiff(case.get("plaintiff") or "", case["case_number"], case.get("court_type"))
    try:
        filing_year = parse_any(case["case_number"]).filing_year
    except ValueError:
        filing_year = None
    court = case.get("court_type") or court_type_of(case["case_number"])
    row: dict[str, float | None] = {
        "final_judgment": judgment,
        "log_judgment": math.log(judgment) if judgment and judgment > 0 else None,
        "value": value,
        "judgment_to_value": _ratio(judgment, value),
        "max_bid_to_judgment": _ratio(_num(case.get("plaintiff_max_bid")), judgment),
        "max_bid_hidden": _flag(case.get("extra", {}).get("max_bid_hidden")) if case.get("extra") else None,
        "case_age_years": float(sale_year - filing_year) if filing_year else None,
        "county_court": None if court is None else float(court == "COUNTY"),
        **_one_hot("kind", KINDS, str(plaintiff.kind.value) if plaintiff.kind else None),
        "plaintiff_tp_rate": inputs.plaintiff_third_party_rate,
        "plaintiff_tp_samples": float(inputs.plaintiff_sample_count),
        "homestead": _flag(prop.get("homestead")),
        "pool": _flag(prop.get("pool")),
        "building_age": float(sale_year - prop["year_built"]) if prop.get("year_built") else None,
        "living_area": _num(prop.get("living_area")),
        **_one_hot("type", PROPERTY_TYPES, prop.get("property_type")),
        "sale_year": float(sale_year),
        "sale_month": float(sale_month),
        **_one_hot("county", COUNTIES, case["county"] if case["county"] in COUNTIES else None),
    }
    row.update(_tax_features(inputs))
    row.update(_lien_features(inputs, plaintiff.kind))
    row.update(_zip_features(inputs, value))
    unpaid = row["unpaid_taxes"] or 0.0
    surviving = row["surviving_lien_value"]
    row["equity_ratio"] = (
        None if value is None or judgment is None or not value else (value - judgment - (surviving or 0.0) - unpaid) / value
    )
    return {name: row.get(name) for name in FEATURES}


def _tax_features(inputs: CaseInputs) -> dict[str, float | None]:
    if inputs.taxes is None:
        return {"unpaid_taxes": None, "unpaid_tax_years": None, "tax_certificates": None}
    unpaid = [t for t in inputs.taxes if t.get("paid") is False]
    return {
        "unpaid_taxes": float(sum(_num(t.get("amount_due")) or 0.0 for t in unpaid)),
        "unpaid_tax_years": float(len({t.get("tax_year") for t in unpaid})),
        "tax_certificates": float(sum(1 for t in inputs.taxes if t.get("certificate_number"))),
    }


def _lien_features(inputs: CaseInputs, kind) -> dict[str, float | None]:
    names = ("active_liens", "active_mortgages", "surviving_lien_value", "extinguished_value",
             "senior_mortgage_survives", "irs_lien")
    if inputs.liens is None:
        return dict.fromkeys(names)
    liens = [lien for lien in inputs.liens if lien["lien_type"] != "LIS_PENDENS"]
    active = [lien for lien in liens if lien.get("status", "ACTIVE") == "ACTIVE"]
    analysis = analyze_liens(
        kind,
        [{"type": lien["lien_type"], "amount": _num(lien.get("amount")), "position": lien.get("position"),
          "status": lien.get("status"), "holder": lien.get("holder")} for lien in liens],
        auction_type=inputs.case.get("auction_type"),
        plaintiff_name=inputs.case.get("plaintiff"),
    )
    return {
        "active_liens": float(len(active)),
        "active_mortgages": float(sum(lien["lien_type"] == "MORTGAGE" for lien in active)),
        "surviving_lien_value": _num(analysis.surviving_value),
        "extinguished_value": _num(analysis.extinguished_value),
        "senior_mortgage_survives": float(any(lien.is_mortgage for lien in analysis.surviving_liens)),
        "irs_lien": float(any(lien["lien_type"] == "IRS_LIEN" for lien in active)),
    }


def _zip_features(inputs: CaseInputs, value: float | None) -> dict[str, float | None]:
    demo = inputs.demographics or {}
    median = _num(demo.get("median_home_value"))
    return {
        "zip_income": _num(demo.get("median_household_income")),
        "zip_home_value": median,
        "zip_vacancy": _num(demo.get("vacancy_rate")),
        "zip_owner_occupancy": _num(demo.get("owner_occupancy_rate")),
        "value_to_zip_median": _ratio(value, median),
    }
