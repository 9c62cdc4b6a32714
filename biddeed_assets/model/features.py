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

from biddeed_assets.model.inputs import CaseInputs, Derived
from biddeed_assets.rules.lien_priority import lien_fate
from biddeed_assets.rules.plaintiffs import classify_plaintiff

FEATURE_VERSION = "v2"  # v2: lien features read the recorded dates, as the verdict does
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
    return None if number != number else number  # NaN is unknown


def _flag(value: Any) -> float | None:
    return None if value is None else float(bool(value))


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return None if top is None or not bottom else top / bottom


def _one_hot(prefix: str, options: Iterable[str], value: str | None) -> dict[str, float | None]:
    if value is None:
        return {f"{prefix}_{o}": None for o in options}
    return {f"{prefix}_{o}": float(o == value) for o in options}


def _one_hot_rows(keys: tuple[tuple[str, str], ...]) -> dict[str | None, dict[str, float | None]]:
    """The one-hot columns for each option and for None, ready to be copied into a row."""
    rows: dict[str | None, dict[str, float | None]] = {
        option: {key: 1.0 if other == option else 0.0 for other, key in keys} for option, _ in keys
    }
    rows[None] = dict.fromkeys(key for _, key in keys)
    return rows


def _put_one_hot(
    row: dict[str, float | None],
    keys: tuple[tuple[str, str], ...],
    rows: dict[str | None, dict[str, float | None]],
    value: Any,
) -> None:
    # The row's one-hot columns in place: the per-case dict merges were a third of the features' time.
    try:
        row.update(rows[value])
        return
    except (KeyError, TypeError):  # a value that is none of the options: all zeros
        pass
    if value is None:
        for _, key in keys:
            row[key] = None
    else:
        for option, key in keys:
            row[key] = 1.0 if option == value else 0.0


_KIND_KEYS = tuple((k, f"kind_{k}") for k in KINDS)
_TYPE_KEYS = tuple((t, f"type_{t}") for t in PROPERTY_TYPES)
_COUNTY_KEYS = tuple((c, f"county_{c}") for c in COUNTIES)
_KIND_ROWS, _TYPE_ROWS, _COUNTY_ROWS = (_one_hot_rows(keys) for keys in (_KIND_KEYS, _TYPE_KEYS, _COUNTY_KEYS))
_LIEN_NAMES = ("active_liens", "active_mortgages", "surviving_lien_value", "extinguished_value",
               "senior_mortgage_survives", "irs_lien")


def case_features(inputs: CaseInputs, derived: Derived | None = None) -> dict[str, float | None]:
    """The documented numeric row of one case.

    `derived` is what the verdict derives from the case (`CaseInputs.derive`) when the caller analyses it
    too: the row then reads its plaintiff and lien analysis instead of classifying and splitting again.
    """
    case, prop = inputs.case, inputs.prop or {}
    get = case.get
    sale_date = str(case["auction_date"])
    sale_year, sale_month = int(sale_date[:4]), int(sale_date[5:7])
    judgment = _num(get("final_judgment"))
    value = inputs.value()
    plaintiff = (derived.features["plaintiff"] if derived is not None
                 else classify_plaintiff(get("plaintiff") or "", case["case_number"], get("court_type")))
    # The classification has read the case number already: its court (unless given) and filing year.
    filing_year, court = plaintiff.filing_year, plaintiff.court_type
    extra = get("extra")
    row: dict[str, float | None] = {
        "final_judgment": judgment,
        "log_judgment": math.log(judgment) if judgment and judgment > 0 else None,
        "value": value,
        "judgment_to_value": _ratio(judgment, value),
        "equity_ratio": None,
        "max_bid_to_judgment": _ratio(_num(get("plaintiff_max_bid")), judgment),
        "max_bid_hidden": _flag(extra.get("max_bid_hidden")) if extra else None,
        "case_age_years": float(sale_year - filing_year) if filing_year else None,
        "county_court": None if court is None else float(court == "COUNTY"),
    }
    _put_one_hot(row, _KIND_KEYS, _KIND_ROWS, str(plaintiff.kind.value) if plaintiff.kind else None)
    year_built = prop.get("year_built")
    row["plaintiff_tp_rate"] = inputs.plaintiff_third_party_rate
    row["plaintiff_tp_samples"] = float(inputs.plaintiff_sample_count)
    row["homestead"] = _flag(prop.get("homestead"))
    row["pool"] = _flag(prop.get("pool"))
    row["building_age"] = float(sale_year - year_built) if year_built else None
    row["living_area"] = _num(prop.get("living_area"))
    _put_one_hot(row, _TYPE_KEYS, _TYPE_ROWS, prop.get("property_type"))
    _tax_features(inputs, row)
    _lien_features(inputs, plaintiff.kind, row, derived)
    _zip_features(inputs, value, row)
    row["sale_year"] = float(sale_year)
    row["sale_month"] = float(sale_month)
    county = case["county"]
    _put_one_hot(row, _COUNTY_KEYS, _COUNTY_ROWS, county if county in COUNTIES else None)
    unpaid = row["unpaid_taxes"] or 0.0
    surviving = row["surviving_lien_value"]
    row["equity_ratio"] = (
        None if value is None or judgment is None or not value else (value - judgment - (surviving or 0.0) - unpaid) / value
    )
    return row


def _tax_features(inputs: CaseInputs, row: dict[str, float | None]) -> None:
    taxes = inputs.taxes
    if taxes is None:
        row["unpaid_taxes"] = row["unpaid_tax_years"] = row["tax_certificates"] = None
        return
    unpaid = [t for t in taxes if t.get("paid") is False]
    row["unpaid_taxes"] = float(sum(_num(t.get("amount_due")) or 0.0 for t in unpaid))
    row["unpaid_tax_years"] = float(len({t.get("tax_year") for t in unpaid}))
    row["tax_certificates"] = float(sum(1 for t in taxes if t.get("certificate_number")))


def _lien_features(inputs: CaseInputs, kind, row: dict[str, float | None], derived: Derived | None) -> None:
    if derived is None:
        liens = inputs.rule_liens()
        if liens is None:
            row.update(dict.fromkeys(_LIEN_NAMES))
            return
        # The same liens, split the same way, as the verdict's lien analysis: one surviving value per case.
        fate = lien_fate(kind, liens, auction_type=inputs.case.get("auction_type"),
                         plaintiff_name=inputs.case.get("plaintiff"))
        survivors, surviving_value, extinguished_value = fate.survivors, fate.surviving_value, fate.extinguished_value
    else:
        if not derived.context.lien_data_known:
            row.update(dict.fromkeys(_LIEN_NAMES))
            return
        liens, analysis = derived.context.liens, derived.features["liens"]
        survivors, surviving_value, extinguished_value = (
            analysis.surviving_liens, analysis.surviving_value, analysis.extinguished_value)
    active = [lien for lien in liens if lien.is_active]
    row["active_liens"] = float(len(active))
    row["active_mortgages"] = float(sum(lien.type == "MORTGAGE" for lien in active))
    row["surviving_lien_value"] = _num(surviving_value)
    row["extinguished_value"] = _num(extinguished_value)
    row["senior_mortgage_survives"] = float(any(lien.is_mortgage for lien in survivors))
    row["irs_lien"] = float(any(lien.type == "IRS_LIEN" for lien in active))


def _zip_features(inputs: CaseInputs, value: float | None, row: dict[str, float | None]) -> None:
    demo = inputs.demographics or {}
    median = _num(demo.get("median_home_value"))
    row["zip_income"] = _num(demo.get("median_household_income"))
    row["zip_home_value"] = median
    row["zip_vacancy"] = _num(demo.get("vacancy_rate"))
    row["zip_owner_occupancy"] = _num(demo.get("owner_occupancy_rate"))
    row["value_to_zip_median"] = _ratio(value, median)
