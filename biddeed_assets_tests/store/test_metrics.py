"""A day's figures from a real store: counts of what happened that day; rates and means null when unknown."""

import datetime as dt

from biddeed_assets.store import metrics

NOW = dt.datetime.now(dt.UTC)
TODAY = (NOW - dt.timedelta(hours=1), NOW + dt.timedelta(hours=1))


def seed(conn):
    conn.execute(
        "INSERT INTO cases (county, auction_date, case_number, auction_type, status, stale, source) VALUES"
        " ('brevard', '2026-12-09', 'A', 'FORECLOSURE', 'SCHEDULED', false, 'clerk'),"
        " ('brevard', '2026-12-09', 'B', 'FORECLOSURE', 'SCHEDULED', true, 'clerk'),"
        " ('duval', '2026-12-10', 'C', 'FORECLOSURE', 'SCHEDULED', false, 'realforeclose'),"
        " ('miami_dade', '2017-03-06', 'H', 'FORECLOSURE', 'SOLD', false, 'history_file')")
    conn.execute("INSERT INTO history_imports (source, file_name, file_sha256, rows_read, rows_imported,"
                 " rows_quarantined, rows_skipped) VALUES ('history_file', 'h.csv', 'x', 1, 1, 0, 0)")
    conn.execute(
        "INSERT INTO auction_results (county, auction_date, case_number, decision, final_judgment, max_bid_calculated,"
        " human_review_required) VALUES ('brevard', '2026-12-09', 'A', 'BID', 200000, 150000, false),"
        " ('brevard', '2026-12-09', 'B', 'REVIEW', 100000, NULL, true)")
    conn.execute("INSERT INTO predictions (county, auction_date, case_number, model_version, third_party_probability)"
                 " VALUES ('brevard', '2026-12-09', 'A', 'v1', 0.8), ('brevard', '2026-12-09', 'B', 'v1', 0.3)")
    conn.execute("INSERT INTO agent_decisions (county, auction_date, case_number, agents_deployed, individual_votes,"
                 " consensus_reached) VALUES ('brevard', '2026-12-09', 'A', '{a}', '{}', true),"
                 " ('brevard', '2026-12-09', 'B', '{a}', '{}', false)")
    conn.execute("INSERT INTO prediction_audit (county, auction_date, case_number, model_version, prediction_error,"
                 " outcome_recorded_at) VALUES ('brevard', '2026-11-25', 'Z', 'v1', 0.25, now())")


def test_the_figures_of_a_day_with_work(conn):
    seed(conn)
    figures = metrics.store_metrics(conn, start=TODAY[0], end=TODAY[1], counties=["brevard", "duval", "hillsborough"])
    assert figures["cases_scraped"] == 3  # imported history is not scraped
    assert figures["cases_by_county"] == {"brevard": 2, "duval": 1, "hillsborough": 0}
    assert figures["stale_share"] == round(1 / 3, 4)
    assert (figures["recommendations_bid"], figures["recommendations_review"], figures["recommendations_skip"]) == (1, 1, 0)
    assert figures["total_judgment_value"] == 300000.0 and figures["total_max_bid_value"] == 150000.0
    assert figures["human_reviews_required"] == 1
    assert figures["predictions_made"] == 2 and figures["avg_ml_confidence"] == 0.75  # mean of 0.8 and 0.7
    assert figures["agent_consensus_rate"] == 0.5
    assert figures["predictions_audited"] == 1 and figures["mean_prediction_error"] == 0.25
    assert figures["total_llm_calls"] == 0 and figures["free_tier_percentage"] is None


def test_a_quiet_day_gives_zero_counts_and_null_rates(conn):
    seed(conn)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    figures = metrics.store_metrics(conn, start=start, end=start + dt.timedelta(days=1), counties=["brevard"])
    assert figures["cases_scraped"] == 0 and figures["cases_by_county"] == {"brevard": 0}
    assert figures["recommendations_bid"] == 0 and figures["total_judgment_value"] == 0
    for unknown in ("stale_share", "avg_ml_confidence", "agent_consensus_rate", "mean_prediction_error"):
        assert figures[unknown] is None, unknown


def test_a_day_is_written_once_and_rewritten_in_place(conn):
    figures = dict.fromkeys(metrics.METRIC_COLUMNS)
    figures.update(runs_by_job={}, cases_by_county={"brevard": 1}, pipelines_run=3)
    metrics.write_day(conn, "2026-12-01", figures, run_id="r1")
    metrics.write_day(conn, "2026-12-01", {**figures, "pipelines_run": 4}, run_id="r2")
    row = metrics.read_day(conn, "2026-12-01")
    assert row["pipelines_run"] == 4 and row["run_id"] == "r2" and row["cases_by_county"] == {"brevard": 1}
    assert row["stale_share"] is None
    assert conn.execute("SELECT count(*) FROM daily_metrics").fetchone()[0] == 1
