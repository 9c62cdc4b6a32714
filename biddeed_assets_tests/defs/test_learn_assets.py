"""Training, the champion gate, predictions, the audit, the drift report and the retrain sensor on a real Postgres."""

import json

import dagster as dg
import pytest

from biddeed_assets.bid_sheet import formats
from biddeed_assets.defs.analyze.case_analysis import case_analysis  # noqa: F401  (the graph's upstream)
from biddeed_assets.defs.learn import retrain_trigger
from biddeed_assets.defs.learn.drift_report import drift_report
from biddeed_assets.defs.learn.prediction_audit import prediction_audit
from biddeed_assets.defs.learn.predictions import predictions
from biddeed_assets.defs.learn.retrain_sensor import retrain_when_error_grows
from biddeed_assets.defs.learn.training_set import training_set
from biddeed_assets.defs.resources import DatabaseResource, RetrainPolicy
from biddeed_assets.store import bid_sheets, registry
from biddeed_assets_tests.defs.learning_data import SOURCE, check_result, import_history, live_case, train

MODELS = ("sale_happens_model", "third_party_model", "sale_price_model")


def store_history(conn, db_url=None, every=8):
    """A subsample of the real Miami-Dade history, imported as `biddeed import-history` does."""
    return import_history(db_url or conn.info.dsn, every)


def materialized(result, key=None):
    events = result.get_asset_materialization_events()
    return next(e.materialization.metadata for e in events if key is None or e.asset_key.path[-1] == key)


def test_the_training_set_records_every_source_with_its_kind_and_live_facts(db_url, conn):
    imported = store_history(conn, db_url)
    live_case(conn, number="05-2024-CA-000001-XXCA-BC", date="2026-10-07", status=None)  # scheduled, then moved
    live_case(conn, number="05-2024-CA-000001-XXCA-BC", date="2026-11-04")
    live_case(conn, number="05-2024-CA-000002-XXCA-BC", date="2026-11-04", status="CANCELLED",
              url="http://127.0.0.1:8765/rf/brevard", defendant="ACME LLC, ET AL")
    result = dg.materialize([training_set], resources={"database": DatabaseResource(url=db_url)})
    metadata = materialized(result)
    assert metadata["rows_by_source"].value == {SOURCE: imported, "realforeclose": 1, "simulator:realforeclose": 1}
    assert metadata["kinds"].value == {SOURCE: "history", "realforeclose": "live", "simulator:realforeclose": "simulated"}
    facts = dict(conn.execute("SELECT case_number, facts FROM training_set WHERE source_kind <> 'history'").fetchall())
    moved = facts["05-2024-CA-000001-XXCA-BC"]
    assert moved["previous_auctions"] == 1 and moved["defendant_count"] == 2 and moved["beds"] == 3
    assert "place_in_line" not in moved  # not stored for live cases: null, never a guess
    other = facts["05-2024-CA-000002-XXCA-BC"]
    assert other["previous_auctions"] == 0 and "defendant_count" not in other  # ET AL: unknown


def test_training_registers_three_models_with_their_sources_and_the_gate_records_it(db_url, conn):
    store_history(conn, db_url)
    live_case(conn, number="SIM-1", date="2026-11-04", url="http://127.0.0.1:8765/rf/brevard")
    result = train(db_url)
    assert result.success and check_result(result).passed
    champions = {name: registry.champion(conn, name) for name in MODELS}
    assert len({c.version for c in champions.values()}) == 1
    third = champions["third_party_model"]
    assert third.version.startswith("real-") and 0.6 < third.metrics["roc_auc"] <= 1.0
    assert third.metrics["third_party_ratio_roc_auc"] is not None  # the baseline on the same holdout
    assert champions["sale_price_model"].metrics["median_ape"] is not None
    sources = third.sources["sources"]
    assert sources[SOURCE]["used"] and sources[SOURCE]["kind"] == "history"
    assert not sources["simulator:realforeclose"]["used"]  # simulated outcomes are never mixed with real ones
    assert third.sources["training_data"] == "real" and third.data_hash
    metadata = materialized(result, "third_party_model")
    assert metadata["training_data"].value == "real" and metadata["roc_auc"].value == third.metrics["roc_auc"]
    decisions = registry.gate_decisions(conn)
    assert sorted(d["model_name"] for d in decisions) == sorted(MODELS)
    assert {d["decision"] for d in decisions} == {"promoted"}


def test_an_identical_retrain_is_skipped_with_a_reason(db_url, conn):
    store_history(conn, db_url)
    assert train(db_url).success
    first = registry.champion(conn, "third_party_model")
    again = train(db_url)
    assert again.success and check_result(again).passed
    assert conn.execute("SELECT count(*) FROM model_registry WHERE model_name = 'third_party_model'").fetchone()[0] == 1
    [promoted, skipped] = registry.gate_decisions(conn, "third_party_model")
    assert promoted["decision"] == "promoted" and skipped["decision"] == "skipped"
    assert f"champion {first.version} was trained on: not retrained" in skipped["reasons"]
    assert materialized(again, "third_party_model")["skipped"].value == skipped["reasons"]


def test_a_worse_challenger_stays_a_challenger_and_each_decision_keeps_its_reason(db_url, conn):
    store_history(conn, db_url)
    assert train(db_url).success
    first = registry.champion(conn, "third_party_model").version
    first_reason = registry.gate_decisions(conn, "third_party_model")[0]["reasons"]
    # the older outcomes now contradict the recent ones: the model trained on them is worse on the recent holdout
    conn.execute("UPDATE outcomes SET sold_to = CASE sold_to WHEN 'THIRD_PARTY' THEN 'PLAINTIFF' ELSE 'THIRD_PARTY' END"
                 " WHERE status = 'SOLD' AND auction_date < '2019-01-01'")
    result = train(db_url)
    assert not check_result(result).passed
    assert registry.champion(conn, "third_party_model").version == first
    statuses = dict(conn.execute("SELECT version, status FROM model_registry WHERE model_name = 'third_party_model'"))
    assert sorted(statuses.values()) == ["CHALLENGER", "CHAMPION"]
    decisions = registry.gate_decisions(conn, "third_party_model")
    assert [d["decision"] for d in decisions] == ["promoted", "kept as challenger"]
    assert decisions[0]["reasons"] == first_reason and "roc_auc" in decisions[1]["reasons"]
    assert decisions[1]["champion_metrics"]["roc_auc"] > decisions[1]["challenger_metrics"]["roc_auc"]
    assert conn.execute("SELECT count(*) FROM alerts WHERE title LIKE 'challenger%'").fetchone()[0] == 1


def test_predictions_the_audit_and_the_bid_sheet_flag_of_a_stale_version(db_url, conn):
    store_history(conn, db_url)
    assert train(db_url).success
    version = registry.champion(conn, "third_party_model").version
    live_case(conn, number="05-2025-CA-000010-XXCA-BC", date="2026-11-18")
    live_case(conn, number="05-2025-CA-000011-XXCA-BC", date="2026-11-18", sold_to="PLAINTIFF", amount=100.0)
    conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status)"
                 " VALUES ('brevard', '2026-11-18', 'ONLY-A-NUMBER', 'FORECLOSURE', 'SCHEDULED')")
    key = dg.MultiPartitionKey({"date": "2026-11-18", "county": "brevard"})
    result = dg.materialize([predictions, prediction_audit], partition_key=key,
                            resources={"database": DatabaseResource(url=db_url)})
    assert result.success
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT case_number, sold_probability, third_party_probability, predicted_sale_price, price_lower,"
        " price_upper, expected_surplus, model_version, reason FROM predictions").fetchall()}
    sold, third, price, low, high, surplus, scored_by, reason = rows["05-2025-CA-000010-XXCA-BC"]
    assert 0 <= sold <= 1 and 0 <= third <= 1 and low <= price <= high and surplus >= 0
    assert scored_by == version and reason is None
    assert rows["ONLY-A-NUMBER"][:6] == (None,) * 6 and "final_judgment" in rows["ONLY-A-NUMBER"][7]
    audit = conn.execute("SELECT case_number, predicted_probability, actual_outcome FROM prediction_audit"
                         " ORDER BY 1").fetchall()
    assert [(a[0], float(a[2])) for a in audit] == [("05-2025-CA-000010-XXCA-BC", 1.0), ("05-2025-CA-000011-XXCA-BC", 0.0)]
    # a bid-sheet row scored by a version that is no longer the champion is flagged
    for number, by in (("05-2025-CA-000010-XXCA-BC", version), ("05-2025-CA-000011-XXCA-BC", "real-older")):
        conn.execute("INSERT INTO auction_results (case_number, county, auction_date, decision, ml_model_version,"
                     " ml_sold_probability) VALUES (%s, 'brevard', '2026-11-18', 'REVIEW', %s, 0.5)", (number, by))
    sheet = {r["case_number"]: r for r in bid_sheets.bid_sheet(conn, auction_date="2026-11-18")}
    assert not sheet["05-2025-CA-000010-XXCA-BC"]["ml_stale"] and sheet["05-2025-CA-000011-XXCA-BC"]["ml_stale"]
    table = formats.as_table(list(sheet.values()))
    assert "sold p" in table and "STALE real-older" in table and f"STALE {version}" not in table


def report(db_url, policy=None):
    return dg.materialize([drift_report], resources={"database": DatabaseResource(url=db_url),
                                                     "retrain_policy": policy or RetrainPolicy()})


def test_the_drift_report_persists_windows_and_describes_the_champion(db_url, conn):
    store_history(conn, db_url)
    assert train(db_url).success
    live_case(conn, number="05-2025-CA-000010-XXCA-BC", date="2026-11-18")
    key = dg.MultiPartitionKey({"date": "2026-11-18", "county": "brevard"})
    dg.materialize([predictions, prediction_audit], partition_key=key, resources={"database": DatabaseResource(url=db_url)})
    conn.execute("UPDATE prediction_audit SET outcome_recorded_at = now()")
    result = report(db_url)
    assert result.success
    windows = conn.execute("SELECT window_days, sample_count FROM model_performance ORDER BY 1").fetchall()
    assert [w[0] for w in windows] == [7, 30, 90] and windows[0][1] > 0
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["plot"].value.startswith("![performance](data:image/png;base64,")
    champion = registry.champion(conn, "third_party_model").version
    assert metadata["calibration_curve"].value.startswith(f"![calibration of champion {champion}](data:image/png;")
    assert len(metadata["calibration_curve"].value) * 3 / 4 < 100_000  # a small PNG
    assert metadata["error_over_time"].value.startswith("![prediction error by sale week](data:image/png;base64,")
    assert metadata["model_version"].value == champion and metadata["describes"].value == f"champion {champion}"
    assert "judgment_to_value" in metadata["psi"].value  # drift of the champion's own real features


# --- the retrain sensor ----------------------------------------------------------------------


def audits(conn, n: int, error: float):
    """n audited predictions recorded now, each off by `error` (0.9 wrong, 0.1 right)."""
    for i in range(n):
        actual = i % 2
        p = abs(actual - error)
        conn.execute(
            "INSERT INTO prediction_audit (case_number, county, auction_date, model_version, predicted_probability,"
            " actual_outcome, prediction_error, outcome_recorded_at) VALUES (%s, 'brevard', '2026-11-18', 'v1', %s, %s,"
            " %s, now())", (f"A-{error}-{i}", p, actual, abs(p - actual)),
        )


def tick(instance, db_url, cursor=None, policy=None):
    with dg.build_sensor_context(instance=instance, cursor=cursor, resources={
            "database": DatabaseResource(url=db_url), "retrain_policy": policy or RetrainPolicy()}) as context:
        return retrain_when_error_grows(context), context


def report_audit(instance):
    instance.report_runless_asset_event(dg.AssetMaterialization("prediction_audit"))


def test_the_sensor_stays_quiet_without_new_audits_and_below_the_threshold(db_url, conn):
    with dg.instance_for_test() as instance:
        result, _ = tick(instance, db_url)
        assert isinstance(result, dg.SkipReason) and "no new" in result.skip_message
        audits(conn, 20, error=0.1)  # 20 accurate predictions
        report_audit(instance)
        result, _ = tick(instance, db_url)
        assert not result.run_requests and "within" in result.skip_reason.skip_message
        assert json.loads(result.cursor)["storage_id"] > 0


def test_the_sensor_requests_one_retrain_for_the_same_evidence(db_url, conn):
    with dg.instance_for_test() as instance:
        audits(conn, 20, error=0.9)  # 20 confidently wrong predictions: error 0.9 > 0.356 + 0.05
        report_audit(instance)
        result, _ = tick(instance, db_url)
        [request] = result.run_requests
        assert request.run_key.startswith("retrain-")
        again, _ = tick(instance, db_url, cursor=result.cursor)  # no new audits since: nothing to do
        assert isinstance(again, dg.SkipReason)
        lost, _ = tick(instance, db_url)  # even with the cursor lost, the same evidence gives the same run key
        assert lost.run_requests[0].run_key == request.run_key
        assert "exceeds baseline" in request.tags[retrain_trigger.REASON_TAG]
        # a sensor only decides: nothing is recorded until the requested job runs
        assert conn.execute("SELECT count(*) FROM insights").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0


def test_too_few_samples_never_retrain(db_url, conn):
    with dg.instance_for_test() as instance:
        audits(conn, 5, error=0.9)
        report_audit(instance)
        result, _ = tick(instance, db_url)
        assert not result.run_requests and "too few" in result.skip_reason.skip_message


def test_the_cooldown_holds_a_second_request(db_url, conn):
    with dg.instance_for_test() as instance:
        audits(conn, 20, error=0.9)
        report_audit(instance)
        first, _ = tick(instance, db_url)
        assert first.run_requests
        audits(conn, 5, error=0.8)  # new evidence within the cooldown
        report_audit(instance)
        second, _ = tick(instance, db_url, cursor=first.cursor)
        assert not second.run_requests and "cooling down" in second.skip_reason.skip_message


def test_the_retrain_job_records_why_it_was_requested_once(db_url, conn):
    store_history(conn, db_url, every=40)
    with dg.instance_for_test() as instance:
        audits(conn, 20, error=0.9)
        report_audit(instance)
        [request] = tick(instance, db_url)[0].run_requests
        for _ in range(2):  # a re-execution of the same request adds nothing
            result = dg.materialize([training_set], resources={"database": DatabaseResource(url=db_url)},
                                    tags=request.tags, instance=instance)
            assert result.success
    insights = conn.execute("SELECT title, content FROM insights WHERE category = 'ml_performance'").fetchall()
    assert len(insights) == 1 and insights[0][0] == "Model retraining triggered"
    content = insights[0][1]
    assert content["run_key"] == request.run_key and content["evidence"]["n"] == 20
    assert content["evidence"]["error_rate"] == 1.0 and content["evidence"]["baseline_source"] == "seed"
    [(message, context)] = conn.execute("SELECT message, context FROM alerts WHERE title LIKE 'prediction error%'").fetchall()
    assert "exceeds baseline" in message and context == {"run_key": request.run_key, "n": 20}
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert "exceeds baseline" in metadata["retrain_trigger"].value


def test_a_training_set_built_by_hand_records_no_trigger_and_a_bad_tag_fails_clearly(db_url, conn):
    stored = store_history(conn, db_url, every=40)
    resources = {"database": DatabaseResource(url=db_url)}
    assert dg.materialize([training_set], resources=resources).success
    assert conn.execute("SELECT count(*) FROM insights").fetchone()[0] == 0
    result = dg.materialize([training_set], resources=resources, raise_on_error=False,
                            tags={retrain_trigger.EVIDENCE_TAG: "{not json"})
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "is not JSON" in failure.step_failure_data.error.message
    assert conn.execute("SELECT count(*) FROM training_set").fetchone()[0] == stored  # the snapshot stays


def test_the_policy_resource_is_the_rule():
    from biddeed_assets.model.drift import RetrainRule

    assert RetrainPolicy().rule() == RetrainRule()
    assert set(RetrainPolicy.model_fields) == {f for f in RetrainRule.__dataclass_fields__}
    assert RetrainPolicy(error_margin=0.2, cooldown_hours=1).rule() == RetrainRule(error_margin=0.2, cooldown_hours=1)


# --- one rule: the sensor, the drift report and the memory statistics agree ----------------------


def same_window_everywhere(conn, wrong: int, right: int):
    """The same outcomes, recorded an hour ago, in the audit (sensor, drift report) and the memory (its stats)."""
    import datetime as dt

    from biddeed_assets.store import memory

    recorded = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    cases = [(f"W-{i}", 0.7, i < wrong) for i in range(wrong + right)]  # p 0.7: a third-party call
    for number, p, is_wrong in cases:
        actual = 0.0 if is_wrong else 1.0
        conn.execute(
            "INSERT INTO prediction_audit (case_number, county, auction_date, model_version, predicted_probability,"
            " actual_outcome, prediction_error, outcome_recorded_at) VALUES (%s, 'brevard', '2026-11-18', 'v1', %s,"
            " %s, %s, %s)", (number, p, actual, abs(p - actual), recorded))
    memory.upsert_memories(conn, memory.memory_rows([
        {"county": "brevard", "auction_date": "2026-11-18", "case_number": number, "features": {},
         "prediction": {"third_party_probability": p}} for number, p, _ in cases]))
    memory.record_outcomes(conn, [
        {"county": "brevard", "auction_date": "2026-11-18", "case_number": number, "recorded_at": recorded,
         "actual_outcome": {"sold_to": "PLAINTIFF" if is_wrong else "THIRD_PARTY"}} for number, _, is_wrong in cases])


def crown(conn, error_rate: float):
    registry.register(conn, model_name="third_party_model", version="v1", window=("2025-01-01", "2025-12-31"),
                      features=[], feature_hash="h", params={}, artifact=b"-",
                      metrics={"error_rate": error_rate, "accuracy": 1 - error_rate, "ece": 0.05,
                               "mean_abs_error": 0.41})
    registry.promote(conn, "third_party_model", "v1", "test champion")


@pytest.mark.parametrize(("champion_error", "margin", "retrain"), [
    (0.20, 0.05, True),  # 6 wrong of 20 (0.30) is above the champion's own 0.20 + 0.05
    (None, 0.05, False),  # without a champion the seed's 0.356 + 0.05 holds
    (0.20, 0.15, False),  # a looser policy margin holds for all three
])
def test_the_sensor_the_drift_report_and_the_memory_stats_make_one_call(db_url, conn, champion_error, margin, retrain):
    from biddeed_assets.store import memory

    if champion_error is not None:
        crown(conn, champion_error)
    same_window_everywhere(conn, wrong=6, right=14)
    policy = RetrainPolicy(error_margin=margin)
    with dg.instance_for_test() as instance:
        report_audit(instance)
        result, _ = tick(instance, db_url, policy=policy)
    if retrain:
        [request] = result.run_requests
        sensor_reason = json.loads(request.tags[retrain_trigger.EVIDENCE_TAG])["reason"]
    else:
        assert not result.run_requests
        sensor_reason = result.skip_reason.skip_message
    drift = report(db_url, policy)
    assert drift.success
    flagged = conn.execute("SELECT drift_detected FROM model_performance WHERE window_days = 30").fetchone()[0]
    report_reason = drift.get_asset_materialization_events()[0].materialization.metadata["retrain_rule"].value
    stats = memory.memory_stats(conn, rule=policy.rule())
    assert (bool(result.run_requests), flagged, stats.drift) == (retrain, retrain, retrain)
    assert sensor_reason == report_reason == stats.drift_reason
    assert sensor_reason.startswith("error rate 0.300 ") and "20 outcomes" in sensor_reason
    assert stats.recent_error_rate == pytest.approx(0.3) and stats.window_days == 30
    assert stats.baseline_source == ("champion v1" if champion_error is not None else "seed")
    assert stats.recent_mean_abs_error == pytest.approx((6 * 0.7 + 14 * 0.3) / 20)  # shown, not decided on
