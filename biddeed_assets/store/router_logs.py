"""The smart router's call log (smart_router_logs): one row per call to a model, and the spend it adds up to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg

from biddeed_assets.narrative.router import RouterCall

_INSERT = """
INSERT INTO smart_router_logs (task_type, complexity_score, tier_selected, model_used, latency_ms, tokens_input,
    tokens_output, cost_usd, success, error_message, fallback_used, fallback_tier, pipeline_run_id, outcome,
    case_number, county, auction_date)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
"""


def record_call(conn: psycopg.Connection, call: RouterCall, *, run_id: str | None) -> None:
    conn.execute(_INSERT, (
        call.task_type, call.complexity_score, call.tier.name, call.model, call.latency_ms, call.tokens_in,
        call.tokens_out, call.cost_usd, call.success, call.error_message, call.fallback_from is not None,
        None if call.fallback_from is None else call.fallback_from.name, run_id, call.outcome, call.case_number,
        call.county, call.auction_date,
    ))


def spend_since(conn: psycopg.Connection, *, since: dt.datetime) -> dict[str, Any]:
    """Calls and cost since `since`; the cost is None when no call was made."""
    calls, cost = conn.execute("SELECT count(*), sum(cost_usd) FROM smart_router_logs WHERE created_at >= %s",
                               (since,)).fetchone()
    return {"calls": calls, "cost_usd": None if cost is None else float(cost)}


def calls(conn: psycopg.Connection, *, run_id: str | None = None) -> list[dict[str, Any]]:
    """The logged calls (of one run), oldest first."""
    from biddeed_assets.store.rows import dicts

    where, params = ("WHERE pipeline_run_id = %s", (run_id,)) if run_id else ("", ())
    return dicts(conn, f"SELECT * FROM smart_router_logs {where} ORDER BY created_at, id", params)
