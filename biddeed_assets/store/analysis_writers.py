"""Write a partition's analysis: feature rows, agent decisions and the bid sheet rows (auction_results)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from biddeed_assets.store import audit, writers

FEATURE_COLUMNS = ("county", "auction_date", "case_number", "feature_version", "features")
DECISION_COLUMNS = (
    "county", "auction_date", "case_number", "run_id", "agents_deployed", "individual_votes", "consensus_reached",
    "final_recommendation", "confidence", "human_review_required", "risk_level", "risk_score", "early_termination",
    "processing_time_ms", "verdict",
)
RESULT_COLUMNS = (
    "county", "auction_date", "case_number", "property_address", "city", "zip_code", "parcel_id", "final_judgment",
    "opening_bid", "plaintiff_name", "plaintiff_type", "defendant_name", "decision", "decision_reason", "reasons",
    "confidence_score", "human_review_required", "risk_level", "ml_third_party_probability", "ml_predicted_price",
    "ml_price_lower", "ml_price_upper", "ml_model_version", "ml_top_reasons", "max_bid_calculated", "profit_margin",
    "viable", "bid_judgment_ratio", "arv_estimate", "arv_basis", "repair_estimate", "repair_basis",
    "surviving_liens", "extinguished_value", "tax_cert_balance", "pipeline_run_id", "ml_sold_probability",
    "ml_expected_surplus", "auction_type", "certificate_number", "plaintiff_max_bid", "plaintiff_max_bid_hidden",
    "max_bid_is_ceiling", "narrative", "narrative_source",
)


def _finite(features: Mapping[str, Any]) -> str:
    return json.dumps({k: v for k, v in features.items()}, allow_nan=False)


def replace_features(conn: psycopg.Connection, rows: Iterable[Mapping[str, Any]], *, county: str, auction_date: str) -> int:
    return writers.replace_partition(
        conn, "case_features", FEATURE_COLUMNS,
        ({**r, "features": _finite(r["features"])} for r in rows), county=county, auction_date=auction_date,
    )


def replace_decisions(conn: psycopg.Connection, rows: Iterable[Mapping[str, Any]], *, county: str, auction_date: str) -> int:
    return writers.replace_partition(conn, "agent_decisions", DECISION_COLUMNS, rows, county=county, auction_date=auction_date)


def replace_results(conn: psycopg.Connection, rows: Iterable[Mapping[str, Any]], *, county: str, auction_date: str) -> int:
    with audit.recommendations_write(conn, county=county, auction_date=auction_date):
        return writers.replace_partition(conn, "auction_results", RESULT_COLUMNS, rows, county=county, auction_date=auction_date)
