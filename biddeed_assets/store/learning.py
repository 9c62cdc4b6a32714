"""What learning reads and writes: the training snapshot, predictions, the audit, and drift aggregates."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import psycopg

from biddeed_assets.model.drift import CALL_THRESHOLD
from biddeed_assets.store import writers
from biddeed_assets.store.rows import dicts

PREDICTION_COLUMNS = ("county", "auction_date", "case_number", "model_version", "price_model_version",
                      "third_party_probability", "predicted_sale_price", "price_lower", "price_upper", "top_reasons",
                      "contributions", "sold_probability", "expected_surplus", "reason")
AUDIT_COLUMNS = ("county", "auction_date", "case_number", "model_version", "predicted_probability", "confidence",
                 "actual_outcome", "predicted_sale_price", "actual_sale_price", "prediction_error", "features",
                 "outcome_recorded_at")


def outcome_prediction_rows(frame: pd.DataFrame, scored: pd.DataFrame) -> list[dict]:
    """Prediction rows of an outcome bundle's scores (outcome_models.score), one per case of `frame`."""
    out = []
    for key, row in zip(frame.to_dict("records"), scored.to_dict("records"), strict=True):
        out.append({
            "county": key["county"], "auction_date": key["auction_date"], "case_number": key["case_number"],
            "model_version": row["model_version"], "price_model_version": row["model_version"],
            **{c: _f(row[c]) for c in ("sold_probability", "third_party_probability", "predicted_sale_price",
                                       "price_lower", "price_upper", "expected_surplus")},
            "top_reasons": [row["reason"]] if row["reason"] else list(row.get("top_reasons") or []),
            "contributions": row.get("contributions"), "reason": row["reason"],
        })
    return out


def _f(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)


def replace_predictions(conn: psycopg.Connection, rows: list[Mapping[str, Any]], *, county: str, auction_date: str) -> int:
    return writers.replace_partition(conn, "predictions", PREDICTION_COLUMNS, rows, county=county, auction_date=auction_date)


def audit_rows(conn: psycopg.Connection, *, county: str, auction_date: str) -> list[dict]:
    """Prediction vs outcome for every sold case of the partition that had a prediction."""
    rows = dicts(
        conn,
        "SELECT p.county, p.auction_date, p.case_number, p.model_version, p.third_party_probability,"
        " p.predicted_sale_price, o.sold_to, o.sold_amount, o.captured_at, f.features"
        " FROM predictions p JOIN outcomes o USING (county, auction_date, case_number)"
        " LEFT JOIN case_features f USING (county, auction_date, case_number)"
        " WHERE p.county = %s AND p.auction_date = %s AND o.status = 'SOLD'"
        " AND o.sold_to IN ('THIRD_PARTY', 'PLAINTIFF') AND p.third_party_probability IS NOT NULL",
        (county, auction_date),
    )
    out = []
    for r in rows:
        actual = 1.0 if r["sold_to"] == "THIRD_PARTY" else 0.0
        p = float(r["third_party_probability"])
        out.append({
            "county": r["county"], "auction_date": r["auction_date"], "case_number": r["case_number"],
            "model_version": r["model_version"], "predicted_probability": round(p, 4),
            "confidence": round(max(p, 1 - p), 4), "actual_outcome": actual,
            "predicted_sale_price": r["predicted_sale_price"], "actual_sale_price": r["sold_amount"],
            "prediction_error": round(abs(p - actual), 4), "features": r["features"] or {},
            "outcome_recorded_at": r["captured_at"],
        })
    return out


def replace_audit(conn: psycopg.Connection, rows: list[Mapping[str, Any]], *, county: str, auction_date: str) -> int:
    return writers.replace_partition(conn, "prediction_audit", AUDIT_COLUMNS, rows, county=county, auction_date=auction_date)


def window_error(conn: psycopg.Connection, *, days: int, as_of: dt.datetime) -> dict[str, Any]:
    """The window's outcomes (n), error rate and accuracy of the calls, mean |p - y| and latest outcome time.

    One indexed aggregate over prediction_audit, never Python over rows; a call is p >= CALL_THRESHOLD.
    """
    row = conn.execute(
        "SELECT count(*), avg(prediction_error),"
        " avg(CASE WHEN (predicted_probability >= %(t)s) = (actual_outcome >= 0.5) THEN 1.0 ELSE 0.0 END),"
        " max(outcome_recorded_at)"
        " FROM prediction_audit WHERE outcome_recorded_at > %(since)s AND outcome_recorded_at <= %(as_of)s",
        {"t": CALL_THRESHOLD, "since": as_of - dt.timedelta(days=days), "as_of": as_of},
    ).fetchone()
    accuracy = None if row[2] is None else float(row[2])
    return {"n": row[0], "error_rate": None if accuracy is None else 1.0 - accuracy, "accuracy": accuracy,
            "mean_abs_error": None if row[1] is None else float(row[1]), "latest": row[3]}


def audit_frame(conn: psycopg.Connection, *, since: dt.datetime) -> pd.DataFrame:
    rows = dicts(conn, "SELECT model_version, predicted_probability, actual_outcome, prediction_error,"
                       " outcome_recorded_at, auction_date FROM prediction_audit WHERE outcome_recorded_at > %s",
                 (since,))
    frame = pd.DataFrame(rows, columns=["model_version", "predicted_probability", "actual_outcome", "prediction_error",
                                        "outcome_recorded_at", "auction_date"])
    for column in ("predicted_probability", "actual_outcome", "prediction_error"):
        frame[column] = frame[column].astype(float)
    return frame


PERFORMANCE_COLUMNS = ("accuracy", "precision_score", "recall_score", "f1_score", "auc_roc", "brier_score",
                       "calibration_error", "mean_abs_error")
# model_performance column <- window_metrics key
PERFORMANCE_METRICS = ("accuracy", "precision", "recall", "f1", "roc_auc", "brier", "ece", "mean_abs_error")


def save_performance(conn: psycopg.Connection, *, model_version: str, day: dt.date,
                     windows: Mapping[str, Mapping[str, Any]], feature_drift: Mapping[str, float],
                     flags: Mapping[str, bool]) -> int:
    """Upsert one model_performance row per window (7/30/90 days) of a snapshot day; figures to 4 places."""
    columns = ", ".join(PERFORMANCE_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*PERFORMANCE_COLUMNS, "feature_drift", "sample_count",
                                                         "drift_detected"))
    query = (f"INSERT INTO model_performance (model_version, snapshot_date, window_days, {columns}, feature_drift,"
             f" sample_count, drift_detected) VALUES ({', '.join(['%s'] * (len(PERFORMANCE_COLUMNS) + 6))})"
             f" ON CONFLICT (model_version, snapshot_date, window_days) DO UPDATE SET {updates}")
    for name, m in windows.items():
        conn.execute(query, (model_version, day, int(m["days"]), *(_round(m.get(k)) for k in PERFORMANCE_METRICS),
                             json.dumps(dict(feature_drift)), int(m.get("n") or 0), bool(flags[name])))
    return len(windows)


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 4)
