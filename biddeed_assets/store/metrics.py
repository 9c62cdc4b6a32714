"""One day's operating figures from the store (what was scraped, decided, predicted and audited that day)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import psycopg

from biddeed_assets.rules.decisions import DECISIONS
from biddeed_assets.store.rows import dicts

# A day's runs, given by the caller (Dagster's run storage is not in this database).
RUN_FIGURES = ("pipelines_run", "pipelines_completed", "pipelines_failed", "avg_pipeline_duration_ms")
METRIC_COLUMNS = (
    *RUN_FIGURES, "runs_by_job", "cases_scraped", "cases_by_county", "stale_share",
    "recommendations_bid", "recommendations_review", "recommendations_skip", "recommendations_do_not_bid",
    "total_judgment_value", "total_max_bid_value", "human_reviews_required", "avg_ml_confidence",
    "predictions_made", "agent_consensus_rate", "predictions_audited", "mean_prediction_error",
    "total_llm_calls", "free_tier_calls", "free_tier_percentage", "total_cost",
)

_SCRAPED = """
SELECT county, count(*) AS cases, count(*) FILTER (WHERE stale) AS stale FROM cases c
WHERE ingested_at >= %(start)s AND ingested_at < %(end)s
  AND NOT EXISTS (SELECT 1 FROM history_imports h WHERE h.source = c.source)
GROUP BY county
"""
# The decision words come as parameters: rules/decisions.py spells them.
_DECIDED = (
    "SELECT " + "".join(f"count(*) FILTER (WHERE decision = %(decision_{d.lower()})s) AS recommendations_{d.lower()}, "
                        for d in DECISIONS)
    + "count(*) FILTER (WHERE human_review_required) AS human_reviews_required,"
    " sum(final_judgment) AS total_judgment_value, sum(max_bid_calculated) AS total_max_bid_value,"
    " count(*) AS recommendations"
    " FROM auction_results WHERE created_at >= %(start)s AND created_at < %(end)s"
)
_PREDICTED = """
SELECT count(*) AS predictions_made,
       avg(greatest(third_party_probability, 1 - third_party_probability)) AS avg_ml_confidence
FROM predictions WHERE created_at >= %(start)s AND created_at < %(end)s
"""
_AGREED = """
SELECT avg(consensus_reached::int) AS agent_consensus_rate
FROM agent_decisions WHERE created_at >= %(start)s AND created_at < %(end)s
"""
_AUDITED = """
SELECT count(*) AS predictions_audited, avg(prediction_error) AS mean_prediction_error
FROM prediction_audit WHERE outcome_recorded_at >= %(start)s AND outcome_recorded_at < %(end)s
"""
_ROUTED = """
SELECT count(*) AS total_llm_calls, count(*) FILTER (WHERE tier_selected = 'FREE') AS free_tier_calls,
       coalesce(sum(cost_usd), 0) AS total_cost
FROM smart_router_logs WHERE created_at >= %(start)s AND created_at < %(end)s
"""


def _number(value: Any) -> Any:
    """Decimals as floats (numeric metadata and JSON); counts, mappings and nulls as they are."""
    return float(value) if value is not None and not isinstance(value, (int, dict)) else value


def store_metrics(conn: psycopg.Connection, *, start: dt.datetime, end: dt.datetime,
                  counties: list[str]) -> dict[str, Any]:
    """The store's figures for [start, end): counts are 0 when nothing happened, rates and means null."""
    window = {"start": start, "end": end, **{f"decision_{d.lower()}": str(d) for d in DECISIONS}}
    scraped = {r["county"]: r for r in dicts(conn, _SCRAPED, window)}
    total = sum(r["cases"] for r in scraped.values())
    stale = sum(r["stale"] for r in scraped.values())
    figures: dict[str, Any] = {
        "cases_scraped": total,
        "cases_by_county": {c: scraped[c]["cases"] if c in scraped else 0 for c in sorted({*counties, *scraped})},
        "stale_share": round(stale / total, 4) if total else None,
    }
    for query in (_DECIDED, _PREDICTED, _AGREED, _AUDITED, _ROUTED):
        figures.update(dicts(conn, query, window)[0])
    if not figures.pop("recommendations"):
        figures["total_judgment_value"] = figures["total_judgment_value"] or 0
        figures["total_max_bid_value"] = figures["total_max_bid_value"] or 0
    calls = figures["total_llm_calls"]
    figures["free_tier_percentage"] = round(figures["free_tier_calls"] / calls, 4) if calls else None
    for key in ("avg_ml_confidence", "agent_consensus_rate", "mean_prediction_error"):
        figures[key] = None if figures[key] is None else round(float(figures[key]), 4)
    return {k: _number(v) for k, v in figures.items()}


def write_day(conn: psycopg.Connection, day: str, figures: Mapping[str, Any], *, run_id: str | None) -> None:
    """Replace the day's row (a re-materialized day overwrites its figures)."""
    values = [json.dumps(figures[c], sort_keys=True) if isinstance(figures[c], dict) else figures[c]
              for c in METRIC_COLUMNS]
    columns = ", ".join(METRIC_COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*METRIC_COLUMNS, "run_id"))
    conn.execute(
        f"INSERT INTO daily_metrics (metric_date, {columns}, run_id) VALUES (%s, {', '.join(['%s'] * len(METRIC_COLUMNS))}, %s)"
        f" ON CONFLICT (metric_date) DO UPDATE SET {updates}, updated_at = now()",
        [day, *values, run_id],
    )


def read_day(conn: psycopg.Connection, day: str) -> dict[str, Any] | None:
    rows = dicts(conn, "SELECT * FROM daily_metrics WHERE metric_date = %s", (day,))
    return rows[0] if rows else None


def decision_counts(conn: psycopg.Connection, *, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """How many cases got each decision, per sale day and county, for sale days in [first, last]."""
    return dicts(conn, "SELECT auction_date, county, decision, count(*) AS n FROM auction_results"
                       " WHERE auction_date BETWEEN %s AND %s AND decision IS NOT NULL GROUP BY 1, 2, 3", (first, last))


def third_party_rates(conn: psycopg.Connection, *, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Per county, the held sales of sale days in [first, last] and how many a third party won."""
    return dicts(conn, "SELECT county, count(*) AS sold, count(*) FILTER (WHERE sold_to = 'THIRD_PARTY') AS third_party"
                       " FROM outcomes WHERE status = 'SOLD' AND sold_to IS NOT NULL"
                       " AND auction_date BETWEEN %s AND %s GROUP BY county", (first, last))
