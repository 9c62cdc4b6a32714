"""Turn verdicts (rules) and predictions (model) into the rows the store keeps per case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from biddeed_assets.model.inputs import CaseInputs


def decision_row(inputs: CaseInputs, verdict, *, run_id: str, elapsed_ms: int) -> dict[str, Any]:
    county, date, number = inputs.key
    return {
        "county": county, "auction_date": date, "case_number": number, "run_id": run_id,
        "agents_deployed": tuple(verdict.agents_deployed),
        "individual_votes": [v.to_dict() for v in verdict.agents],
        "consensus_reached": verdict.consensus,
        "final_recommendation": verdict.recommendation,
        "confidence": round(verdict.consensus_share, 4) if verdict.consensus_share is not None else None,
        "human_review_required": verdict.human_review_required,
        "risk_level": verdict.risk_level,
        "risk_score": round(verdict.risk_score, 4),
        "early_termination": verdict.early_termination,
        "processing_time_ms": elapsed_ms,
        "verdict": verdict.to_dict(),
    }


def result_row(case: Mapping[str, Any], prop: Mapping[str, Any] | None, verdict: Mapping[str, Any],
               prediction: Mapping[str, Any] | None, *, run_id: str) -> dict[str, Any]:
    """One bid-sheet row: the case, the verdict's decision and money, and the model's prediction if any."""
    prop = prop or {}
    prediction = prediction or {}
    reasons = list(verdict.get("reasons") or [])
    extra = case.get("extra") or {}
    return {
        "county": case["county"], "auction_date": case["auction_date"], "case_number": case["case_number"],
        "property_address": prop.get("site_address") or case.get("property_address"),
        "city": prop.get("city") or case.get("city"), "zip_code": prop.get("zip") or case.get("zip"),
        "parcel_id": prop.get("parcel_id") or case.get("parcel_id"),
        "final_judgment": case.get("final_judgment"), "opening_bid": case.get("opening_bid"),
        "auction_type": case.get("auction_type"),
        "certificate_number": case.get("certificate_number") or extra.get("certificate_number"),
        "plaintiff_max_bid": case.get("plaintiff_max_bid"),
        "plaintiff_max_bid_hidden": extra.get("max_bid_hidden"),
        "max_bid_is_ceiling": verdict.get("max_bid_is_ceiling"),
        "plaintiff_name": case.get("plaintiff"), "plaintiff_type": verdict.get("plaintiff_kind"),
        "defendant_name": case.get("defendant"),
        "decision": verdict["recommendation"], "decision_reason": reasons[0] if reasons else None,
        "reasons": reasons, "confidence_score": verdict.get("consensus_share"),
        "human_review_required": verdict.get("human_review_required"), "risk_level": verdict.get("risk_level"),
        "ml_sold_probability": prediction.get("sold_probability"),
        "ml_third_party_probability": prediction.get("third_party_probability"),
        "ml_expected_surplus": prediction.get("expected_surplus"),
        "ml_predicted_price": prediction.get("predicted_sale_price"),
        "ml_price_lower": prediction.get("price_lower"), "ml_price_upper": prediction.get("price_upper"),
        "ml_model_version": prediction.get("model_version"), "ml_top_reasons": prediction.get("top_reasons"),
        "max_bid_calculated": verdict.get("max_bid"), "profit_margin": verdict.get("profit_margin"),
        "viable": verdict.get("viable"), "bid_judgment_ratio": _capped(verdict.get("bid_judgment_ratio")),
        "arv_estimate": verdict.get("arv"), "arv_basis": _basis(verdict, "arv"),
        "repair_estimate": verdict.get("repairs"), "repair_basis": _basis(verdict, "repairs"),
        "surviving_liens": verdict.get("surviving_liens") or [],
        "extinguished_value": verdict.get("extinguished_value"),
        "tax_cert_balance": None, "pipeline_run_id": run_id,
    }


def _basis(verdict: Mapping[str, Any], key: str) -> str | None:
    basis, note = verdict.get(f"{key}_basis"), verdict.get(f"{key}_note")
    return f"{basis}: {note}" if basis and note else basis


def _capped(ratio: float | None) -> float | None:
    """The column holds 4 integer digits; a ratio beyond that says nothing more."""
    return None if ratio is None else min(round(ratio, 4), 9999.0)
