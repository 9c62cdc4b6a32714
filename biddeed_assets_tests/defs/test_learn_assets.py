"""Training, the champion gate, predictions, the audit, the drift report and the retrain sensor on a real Postgres."""

import json
import math

import dagster as dg
import pytest

from biddeed_assets.defs.analyze.case_features import case_features  # noqa: F401  (the graph's upstream)
from biddeed_assets.defs.learn import retrain_trigger
from biddeed_assets.defs.learn.drift_report import drift_report
from biddeed_assets.defs.learn.models import auction_models
from biddeed_assets.defs.learn.prediction_audit import prediction_audit
from biddeed_assets.defs.learn.predictions import predictions
from biddeed_assets.defs.learn.retrain_sensor import retrain_when_error_grows
from biddeed_assets.defs.learn.training_set import training_set
from biddeed_assets.defs.resources import DatabaseResource, RetrainPolicy
from biddeed_assets.model.features import FEATURE_VERSION, FEATURES
from biddeed_assets.model.synthetic import synthetic_training_frame
from biddeed_assets.store import registry

SMALL = {"ops": {"auction_models": {"config": {"n_jobs": 1}}}}


def store_history(conn, n=800, seed=0, start="2025-06-03"):
    """Features and outcomes of n past sold cases (the synthetic set follows the simulator's outcome model)."""
    frame = synthetic_training_frame(n, seed=seed, start=start, n_sale_days=40)
    with conn.cursor().copy("COPY case_features (county, auction_date, case_number, feature_version, features)"
                            " FROM STDIN") as copy:
        for _, r in frame.iterrows():
            features = {k: (None if math.isnan(r[k]) else float(r[k])) for k in FEATURES}
            copy.write_row(("brevard", r["auction_date"], r["case_number"], FEATURE_VERSION, json.dumps(features)))
    with conn.cursor().copy("COPY outcomes (county, auction_date, case_number, status, sold_amount, sold_to)"
                            " FROM STDIN") as copy:
        for _, r in frame.iterrows():
            copy.write_row(("brevard", r["auction_date"], r["case_number"], "SOLD", float(r["sold_amount"]),
                            "THIRD_PARTY" if r["third_party"] else "PLAINTIFF"))
    return frame


def train(db_url, instance=None):
    return dg.materialize([training_set, auction_models], resources={"database": DatabaseResource(url=db_url)},
                          run_config=SMALL, instance=instance, raise_on_error=False)


def check_result(result):
    [evaluation] = [e for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    return evaluation.event_specific_data


def test_training_registers_versions_and_the_first_becomes_champion(db_url, conn):
    store_history(conn)
    result = train(db_url)
    assert result.success
    assert check_result(result).passed
    champion = registry.champion(conn, "third_party_model")
    price = registry.champion(conn, "sale_price_model")
    assert champion is not None and price.version == champion.version
    assert 0.5 < champion.metrics["roc_auc"] <= 1.0
    row = conn.execute("SELECT training_window_start, training_window_end, feature_hash, jsonb_array_length(feature_list)"
                       " FROM model_registry WHERE model_name = 'third_party_model'").fetchone()
    assert row[0] < row[1] and row[2] and row[3] == len(FEATURES)
    labels = conn.execute("SELECT count(*), sum(third_party) FROM training_set").fetchone()
    assert labels[0] == 800 and 0 < labels[1] < 800


def test_a_worse_challenger_stays_a_challenger_and_raises_an_alert(db_url, conn):
    store_history(conn)
    assert train(db_url).success
    first = registry.champion(conn, "third_party_model").version
    # the new outcomes contradict the old ones: the model trained on them is worse on the recent holdout
    conn.execute("UPDATE outcomes SET sold_to = CASE sold_to WHEN 'THIRD_PARTY' THEN 'PLAINTIFF' ELSE 'THIRD_PARTY' END"
                 " WHERE auction_date < (SELECT percentile_disc(0.7) WITHIN GROUP (ORDER BY auction_date) FROM outcomes)")
    result = train(db_url)
    check = check_result(result)
    assert not check.passed
    assert registry.champion(conn, "third_party_model").version == first
    statuses = dict(conn.execute("SELECT version, status FROM model_registry WHERE model_name = 'third_party_model'"))
    assert sorted(statuses.values()) == ["CHALLENGER", "CHAMPION"]
    assert conn.execute("SELECT count(*) FROM alerts WHERE title LIKE 'challenger%'").fetchone()[0] == 1


def test_predictions_and_the_audit_of_a_partition(db_url, conn):
    frame = store_history(conn)
    assert train(db_url).success
    date = frame["auction_date"].iloc[-1]
    key = dg.MultiPartitionKey({"date": date, "county": "brevard"})
    result = dg.materialize([predictions, prediction_audit], partition_key=key,
                            resources={"database": DatabaseResource(url=db_url)})
    assert result.success
    rows = conn.execute("SELECT third_party_probability, predicted_sale_price, price_lower, price_upper, top_reasons"
                        " FROM predictions").fetchall()
    assert rows and all(0 <= r[0] <= 1 and r[2] <= r[1] <= r[3] and len(r[4]) == 3 for r in rows)
    contributions = conn.execute("SELECT contributions FROM predictions").fetchall()
    assert all("bias" in c[0] and len(c[0]) > 3 for c in contributions)  # pred_contribs kept per case
    audit = conn.execute("SELECT predicted_probability, actual_outcome, prediction_error FROM prediction_audit").fetchall()
    assert len(audit) == len(rows)
    assert all(float(e) == pytest.approx(abs(float(p) - float(a)), abs=1e-4) for p, a, e in audit)


def report(db_url, policy=None):
    return dg.materialize([drift_report], resources={"database": DatabaseResource(url=db_url),
                                                     "retrain_policy": policy or RetrainPolicy()})


def test_the_drift_report_persists_windows_and_shows_a_plot(db_url, conn):
    frame = store_history(conn)
    assert train(db_url).success
    key = dg.MultiPartitionKey({"date": frame["auction_date"].iloc[-1], "county": "brevard"})
    dg.materialize([predictions, prediction_audit], partition_key=key, resources={"database": DatabaseResource(url=db_url)})
    conn.execute("UPDATE prediction_audit SET outcome_recorded_at = now()")
    result = report(db_url)
    assert result.success
    windows = conn.execute("SELECT window_days, sample_count FROM model_performance ORDER BY 1").fetchall()
    assert [w[0] for w in windows] == [7, 30, 90] and windows[0][1] > 0
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["plot"].value.startswith("![performance](data:image/png;base64,")


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
    store_history(conn, n=300)
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
    store_history(conn, n=300)
    resources = {"database": DatabaseResource(url=db_url)}
    assert dg.materialize([training_set], resources=resources).success
    assert conn.execute("SELECT count(*) FROM insights").fetchone()[0] == 0
    result = dg.materialize([training_set], resources=resources, raise_on_error=False,
                            tags={retrain_trigger.EVIDENCE_TAG: "{not json"})
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "is not JSON" in failure.step_failure_data.error.message
    assert conn.execute("SELECT count(*) FROM training_set").fetchone()[0] == 300  # the snapshot stays


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
