"""The retraining sensor: new prediction audits -> 30-day error vs the baseline -> the retrain job."""

import datetime as dt
import hashlib
import json

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model import drift
from biddeed_assets.store import learning, registry

retrain_job = dg.define_asset_job(
    "retrain_models",
    selection=dg.AssetSelection.assets("training_set", "third_party_model", "sale_price_model"),
    description="Rebuild the training set, train both models, and gate the champion.",
)


class RetrainPolicy(dg.ConfigurableResource):
    """When to retrain: the seed's thresholds by default; the baseline is the champion's own once measured."""

    window_days: int = 30
    error_margin: float = drift.ERROR_MARGIN
    min_error_samples: int = drift.MIN_ERROR_SAMPLES
    accuracy_drop: float = drift.ACCURACY_DROP
    min_accuracy_samples: int = drift.MIN_ACCURACY_SAMPLES
    cooldown_hours: float = 24.0
    seed_baseline_error: float = drift.BASELINE_ERROR
    seed_baseline_accuracy: float = drift.BASELINE_ACCURACY


def baselines(conn, policy: RetrainPolicy) -> tuple[float, float, str]:
    champion = registry.champion(conn, "third_party_model")
    metrics = (champion.metrics if champion else None) or {}
    if metrics.get("mean_abs_error") is not None and metrics.get("accuracy") is not None:
        return float(metrics["mean_abs_error"]), float(metrics["accuracy"]), f"champion {champion.version}"
    return policy.seed_baseline_error, policy.seed_baseline_accuracy, "seed"


def evaluate(conn, policy: RetrainPolicy, now: dt.datetime) -> dict:
    """The evidence a tick decides on: the window's error, accuracy and count against the baselines."""
    window = learning.window_error(conn, days=policy.window_days, as_of=now)
    baseline_error, baseline_accuracy, source = baselines(conn, policy)
    retrain, why = drift.should_retrain(
        window["mean_abs_error"], window["n"], window["accuracy"], window["n"], baseline_error, baseline_accuracy,
        error_margin=policy.error_margin, min_error_samples=policy.min_error_samples,
        accuracy_drop=policy.accuracy_drop, min_accuracy_samples=policy.min_accuracy_samples,
    )
    return {**window, "baseline_error": baseline_error, "baseline_accuracy": baseline_accuracy,
            "baseline_source": source, "retrain": retrain, "why": why}


def evidence_key(evidence: dict) -> str:
    """The same audits give the same key, so one body of evidence requests one retrain, ever."""
    text = f"{evidence['n']}|{evidence['mean_abs_error']:.4f}|{evidence['latest']}"
    return "retrain-" + hashlib.sha256(text.encode()).hexdigest()[:16]


@dg.sensor(job=retrain_job, minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.RUNNING)
def retrain_when_error_grows(context: dg.SensorEvaluationContext, database: DatabaseResource,
                             retrain_policy: RetrainPolicy):
    """Request the retrain job when the 30-day error of audited predictions exceeds the baseline plus the margin."""
    cursor = json.loads(context.cursor) if context.cursor else {}
    records = context.instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey("prediction_audit"), after_storage_id=cursor.get("storage_id")),
        limit=1000, ascending=True,
    ).records
    if not records:
        return dg.SkipReason("no new prediction audits")
    cursor["storage_id"] = max(r.storage_id for r in records)
    now = dt.datetime.now(dt.UTC)
    with database.transaction() as conn:
        evidence = evaluate(conn, retrain_policy, now)
        if not evidence["retrain"]:
            return dg.SensorResult(skip_reason=dg.SkipReason(evidence["why"]), cursor=json.dumps(cursor))
        last = cursor.get("last_requested")
        if last and now - dt.datetime.fromisoformat(last) < dt.timedelta(hours=retrain_policy.cooldown_hours):
            return dg.SensorResult(skip_reason=dg.SkipReason(f"cooling down since {last}: {evidence['why']}"),
                                   cursor=json.dumps(cursor))
        key = evidence_key(evidence)
        learning.record_insight(conn, category="ml_performance", title="Model retraining triggered",
                                content={"reason": evidence["why"], "run_key": key, "evidence": evidence})
        learning.record_alert(conn, severity="warning", title="prediction error above baseline: retraining",
                              message=evidence["why"], context={"run_key": key, "n": evidence["n"]})
    cursor["last_requested"] = now.isoformat()
    context.log.info(f"requesting retrain {key}: {evidence['why']}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=key, tags={"biddeed/retrain_reason": evidence["why"][:200]})],
        cursor=json.dumps(cursor),
    )
