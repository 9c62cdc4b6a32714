"""What case memory is written from: a partition's cases with features, prediction, verdict and outcome."""

from __future__ import annotations

from typing import Any

import psycopg

from biddeed_assets.store.rows import dicts

PREDICTION_FIELDS = ("third_party_probability", "predicted_sale_price", "model_version")


def partition_cases(conn: psycopg.Connection, *, county: str, auction_date: str) -> list[dict]:
    """Each featured case of the partition with its prediction, outcome and decision (each null when absent)."""
    return dicts(
        conn,
        "SELECT f.county, f.auction_date, f.case_number, f.features, to_jsonb(p) AS prediction,"
        " to_jsonb(o) AS outcome, d.final_recommendation, d.risk_level, c.plaintiff, c.final_judgment"
        " FROM case_features f JOIN cases c USING (county, auction_date, case_number)"
        " LEFT JOIN predictions p USING (county, auction_date, case_number)"
        " LEFT JOIN outcomes o USING (county, auction_date, case_number)"
        " LEFT JOIN agent_decisions d USING (county, auction_date, case_number)"
        " WHERE f.county = %s AND f.auction_date = %s ORDER BY f.case_number",
        (county, auction_date),
    )


def memory_cases(cases: list[dict]) -> list[dict[str, Any]]:
    """The cases as `memory.memory_rows` takes them: keys, features, the prediction and the decision context."""
    return [
        {"county": c["county"], "auction_date": str(c["auction_date"]), "case_number": c["case_number"],
         "features": c["features"],
         "prediction": {k: (c["prediction"] or {}).get(k) for k in PREDICTION_FIELDS},
         "context": {"plaintiff": c["plaintiff"],
                     "final_judgment": None if c["final_judgment"] is None else float(c["final_judgment"]),
                     "recommendation": c["final_recommendation"], "risk_level": c["risk_level"]}}
        for c in cases
    ]


def known_outcomes(cases: list[dict]) -> list[dict[str, Any]]:
    """The sold cases' outcomes as `memory.record_outcomes` takes them (unsold or unknown ones are left out)."""
    return [
        {"county": c["county"], "auction_date": str(c["auction_date"]), "case_number": c["case_number"],
         "actual_outcome": {"sold_to": c["outcome"]["sold_to"], "sold_amount": c["outcome"]["sold_amount"],
                            "status": c["outcome"]["status"]},
         "recorded_at": c["outcome"]["captured_at"]}
        for c in cases if c["outcome"] and c["outcome"]["status"] == "SOLD" and c["outcome"]["sold_to"]
    ]
