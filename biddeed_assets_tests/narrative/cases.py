"""Real verdicts of the rules for a few cases, as bid-sheet rows and narrative facts."""

from __future__ import annotations

from biddeed_assets.bid_sheet.rows import result_row
from biddeed_assets.narrative.facts import CaseFacts, case_facts
from biddeed_assets.rules.analysis import CaseContext, analyze_case

BANK_CASE = {
    "case_number": "05-2024-CA-035201-XXCA-BC", "county": "brevard", "auction_date": "2026-12-02",
    "final_judgment": 150000, "plaintiff": "WELLS FARGO BANK", "market_value": 350000, "arv_override": 350000,
    "repairs_override": 20000, "property_type": "SFR", "lien_data_known": True,
    "liens": [{"type": "MORTGAGE", "amount": 150000, "position": 1, "holder": "WELLS FARGO BANK"},
              {"type": "HOA_LIEN", "amount": 9000, "position": 2}, {"type": "TAX_CERTIFICATE", "amount": 4200}],
}
HOA_CASE = {
    "case_number": "05-2024-CC-035201-XXCC-BC", "county": "brevard", "auction_date": "2026-12-02",
    "final_judgment": 9000, "plaintiff": "JAMES LANDING HOA", "plaintiff_type": "HOA", "market_value": 350000,
    "arv_override": 350000, "repairs_override": 20000, "lien_data_known": True,
    "liens": [{"type": "MORTGAGE", "amount": 300000, "position": 1}, {"type": "HOA_LIEN", "amount": 9000, "position": 2}],
}
UNKNOWN_LIENS_CASE = {
    "case_number": "05-2025-CA-000111-XXCA-BC", "county": "brevard", "auction_date": "2026-12-02",
    "final_judgment": 200000, "plaintiff": "NATIONSTAR MORTGAGE LLC", "market_value": 260000, "liens": None,
}
PREDICTION = {"sold_probability": 0.82, "third_party_probability": 0.41, "predicted_sale_price": 171000.0,
              "price_lower": 150000.0, "price_upper": 190000.0, "model_version": "third_party_model-v3"}


def row_and_verdict(spec: dict, prediction: dict | None = None) -> tuple[dict, dict]:
    context = CaseContext.from_dict(spec)
    verdict = analyze_case(context).to_dict()
    case = {k: spec.get(k) for k in ("case_number", "county", "auction_date", "final_judgment", "plaintiff")}
    return result_row(case, {"market_value": spec.get("market_value")}, verdict, prediction, run_id="r"), verdict


def facts(spec: dict, prediction: dict | None = None, features: dict | None = None) -> CaseFacts:
    row, verdict = row_and_verdict(spec, prediction)
    return case_facts(row, verdict, features)
