"""The alert rules over the real store and Dagster's run storage: firing, de-duplication, cooldown, resolve."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.operate.alert_rules import evaluate_alert_rules
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model import drift
from biddeed_assets.operate import alert_rules
from biddeed_assets.operate.alert_rules import AlertPolicy, evaluate
from biddeed_assets.store import alerts

NOW = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)  # 10:00 in Florida


def open_alerts(conn):
    return conn.execute("SELECT rule, subject, severity, status, occurrences, resolved_by FROM alerts"
                        " WHERE rule IS NOT NULL ORDER BY rule, subject").fetchall()


def reads(conn, source, oks, start=NOW - dt.timedelta(hours=2)):
    for i, ok in enumerate(oks):
        conn.execute("INSERT INTO ingest_status (county, auction_date, case_number, source, ok, detail, fetched_at)"
                     " VALUES ('brevard', '2026-12-09', %s, %s, %s, %s, %s)",
                     (f"05-2026-CA-{len(oks) * 100 + i:06d}", source, ok, None if ok else "HTTP 503 after 4 attempts",
                      start + dt.timedelta(minutes=i)))


def test_a_portal_failing_six_times_in_a_row_raises_one_alert_until_it_answers_again(conn):
    reads(conn, "bcpao", [True] + [False] * 6)
    reads(conn, "official_records", [True] + [False] * 5)  # five is not more than five
    evaluate(conn, {}, now=NOW)
    evaluate(conn, {}, now=NOW + dt.timedelta(minutes=5))
    assert open_alerts(conn) == [("portal_failing", "bcpao", "critical", "open", 2, None)]
    message = conn.execute("SELECT message FROM alerts WHERE rule = 'portal_failing'").fetchone()[0]
    assert "6 reads from bcpao failed in a row" in message and "HTTP 503" in message
    conn.execute("INSERT INTO ingest_status (county, auction_date, case_number, source, ok, fetched_at)"
                 " VALUES ('brevard', '2026-12-09', 'new', 'bcpao', true, %s)", (NOW,))
    summary = evaluate(conn, {}, now=NOW + dt.timedelta(minutes=10))
    assert summary["portal_failing"]["resolved"] == ["bcpao"]
    assert open_alerts(conn) == [("portal_failing", "bcpao", "critical", "resolved", 2, "rule")]


def test_no_record_found_is_an_answer_not_a_failure(conn):
    for i in range(8):
        conn.execute("INSERT INTO ingest_status (county, auction_date, case_number, source, ok, detail, fetched_at)"
                     " VALUES ('brevard', '2026-12-09', %s, 'tax', false, 'no record found', %s)",
                     (f"c{i}", NOW - dt.timedelta(minutes=i)))
    evaluate(conn, {}, now=NOW)
    assert open_alerts(conn) == []


def test_the_run_failure_rate_reads_dagster_run_storage(db_url, conn):
    calls = {"n": 0}

    @dg.asset
    def flaky():
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("portal changed its page")

    with dg.instance_for_test() as instance:
        for _ in range(5):
            dg.materialize([flaky], instance=instance, raise_on_error=False)
        with dg.build_sensor_context(instance=instance, resources={"database": DatabaseResource(url=db_url)}) as ctx:
            result = evaluate_alert_rules(ctx)
    assert "run_failure_rate" in result.skip_message
    [(rule, subject, severity, status, _, _)] = open_alerts(conn)
    assert (rule, subject, severity, status) == ("run_failure_rate", "__ephemeral_asset_job__", "critical", "open")
    assert "1 of 5 runs of __ephemeral_asset_job__ failed" in conn.execute("SELECT message FROM alerts").fetchone()[0]


def test_the_failure_rate_must_exceed_ten_percent_with_enough_runs():
    policy = AlertPolicy()
    fired = alert_rules.run_failure_rate({"a": (10, 1), "b": (9, 1), "c": (4, 4)}, policy).firings
    assert [f.subject for f in fired] == ["b"]  # 10% is not above 10%; 4 runs are too few to speak of a rate


def test_model_drift_fires_on_the_retrain_rule():
    rule = drift.RetrainRule()
    decision = rule.decide({"n": 30, "error_rate": 0.5, "accuracy": 0.5}, rule.baseline(None))
    [firing] = alert_rules.model_drift(decision).firings
    assert firing.subject == "third_party_model" and "exceeds baseline 0.356" in firing.message
    assert alert_rules.model_drift(rule.decide({"n": 30, "error_rate": 0.3, "accuracy": 0.7},
                                               rule.baseline(None))).firings == []


def test_stale_sale_lists_of_upcoming_sale_days_raise_a_warning(conn):
    for county, age in (("brevard", dt.timedelta(hours=50)), ("duval", dt.timedelta(hours=3))):
        conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status, ingested_at)"
                     " VALUES (%s, '2026-12-09', 'x', 'FORECLOSURE', 'SCHEDULED', %s)", (county, NOW - age))
    evaluate(conn, {}, now=NOW)
    assert [(r[0], r[1], r[2]) for r in open_alerts(conn)] == [("stale_data", "cases:brevard", "warning")]


def test_the_llm_budget_rule_is_inactive_without_llm_calls_and_fires_over_twenty_dollars(conn):
    assert evaluate(conn, {}, now=NOW)["llm_budget"] == {"inactive": "no LLM calls recorded in smart_router_logs today"}
    conn.execute("INSERT INTO smart_router_logs (tier_selected, cost_usd, created_at) VALUES ('PAID', 12.5, %s),"
                 " ('PAID', 9.0, %s)", (NOW, NOW))
    evaluate(conn, {}, now=NOW)
    [(rule, subject, severity, *_)] = open_alerts(conn)
    assert (rule, subject, severity) == ("llm_budget", "2026-12-02", "warning")


def test_a_sale_day_without_captured_outcomes_is_critical_after_its_evening(conn):
    conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status) VALUES"
                 " ('brevard', '2026-11-25', 'a', 'FORECLOSURE', 'SCHEDULED'),"
                 " ('brevard', '2026-12-02', 'b', 'FORECLOSURE', 'SCHEDULED')")
    evaluate(conn, {}, now=NOW)  # today's sale (12-02) is not due before 21:00 in Florida
    assert [r[1] for r in open_alerts(conn)] == ["brevard|2026-11-25"]
    conn.execute("INSERT INTO outcomes (county, auction_date, case_number, status) VALUES"
                 " ('brevard', '2026-11-25', 'a', 'SOLD')")
    evening = dt.datetime(2026, 12, 3, 2, 30, tzinfo=dt.UTC)  # 21:30 in Florida on 12-02
    summary = evaluate(conn, {}, now=evening)
    assert summary["sale_day_not_captured"]["resolved"] == ["brevard|2026-11-25"]
    assert [(r[1], r[3]) for r in open_alerts(conn)] == [("brevard|2026-11-25", "resolved"),
                                                         ("brevard|2026-12-02", "open")]


def test_a_resolve_by_hand_and_a_firing_within_the_cooldown_reopens_without_a_new_raise(conn):
    cooldown = dt.timedelta(hours=1)
    kwargs = dict(rule="stale_data", subject="demographics", severity="warning", title="stale", message="m",
                  context={}, cooldown=cooldown)
    assert alerts.raise_alert(conn, now=NOW, **kwargs) == "raised"
    alert_id = alerts.find_alert(conn, conn.execute("SELECT left(id::text, 8) FROM alerts").fetchone()[0])
    assert alerts.resolve(conn, alert_id, by="ops", now=NOW) and not alerts.resolve(conn, alert_id, by="ops", now=NOW)
    assert alerts.raise_alert(conn, now=NOW + dt.timedelta(minutes=10), **kwargs) == "reopened"
    assert alerts.resolve(conn, alert_id, by="ops", now=NOW + dt.timedelta(minutes=20))
    assert alerts.raise_alert(conn, now=NOW + dt.timedelta(hours=2), **kwargs) == "raised"
    assert conn.execute("SELECT count(*), count(*) FILTER (WHERE status = 'open') FROM alerts").fetchone() == (2, 1)


def test_a_write_with_any_answer_ends_the_streak(conn):
    conn.execute("INSERT INTO ingest_status (county, auction_date, case_number, source, ok, detail, fetched_at)"
                 " SELECT 'brevard', '2026-12-09', 'c' || g, 'beca', g = 7, CASE WHEN g < 7 THEN 'HTTP 500' END, %s"
                 " FROM generate_series(1, 7) g", (NOW,))
    evaluate(conn, {}, now=NOW)
    assert open_alerts(conn) == []
