"""Sensor benchmark: one retrain-sensor evaluation over 1,000,000 audit rows (`drift_sensor_tick_1m_s`)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import psycopg

from biddeed_assets.bench.ingest import drop_db, scratch_db
from biddeed_assets.store import server

ROWS = 1_000_000
DAYS = 730  # two years of audits, so the 30-day window is a slice, as it will be in production


def run() -> Iterator[tuple[str, float, str]]:
    from biddeed_assets.defs.learn.retrain_sensor import evaluate
    from biddeed_assets.model.drift import RetrainRule

    admin = server.up().admin_url
    url = scratch_db(admin, "bench_sensor")
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            started = time.perf_counter()
            conn.execute(
                "INSERT INTO prediction_audit (case_number, county, auction_date, model_version, predicted_probability,"
                " actual_outcome, prediction_error, outcome_recorded_at)"
                " SELECT 'B-' || g, 'brevard', DATE '2025-01-01' + (g %% 700), 'bench', p, a, abs(p - a),"
                " now() - make_interval(days => g %% %(days)s, secs => g %% 86400)"
                " FROM (SELECT g, round(random()::numeric, 4) AS p, (random() < 0.4)::int::numeric AS a"
                "       FROM generate_series(1, %(rows)s) g) s",
                {"days": DAYS, "rows": ROWS},
            )
            conn.execute("VACUUM ANALYZE prediction_audit")
            yield "drift_sensor_audit_rows", ROWS, "rows"
            yield "drift_sensor_load_s", round(time.perf_counter() - started, 1), "s"
            timings = []
            for _ in range(5):
                t0 = time.perf_counter()
                decision = evaluate(conn, RetrainRule(), dt.datetime.now(dt.UTC))
                timings.append(time.perf_counter() - t0)
            assert decision.evidence["n"] > 0
            yield "drift_sensor_tick_1m_s", round(sorted(timings)[len(timings) // 2], 4), "s"
    finally:
        drop_db(admin, "bench_sensor")
