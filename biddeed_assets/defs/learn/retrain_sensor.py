"""The retraining sensor: new prediction audits -> RetrainRule on the window -> a request for the retrain job."""

import datetime as dt
import json

import dagster as dg

from biddeed_assets.defs.learn import retrain_trigger
from biddeed_assets.defs.resources import DatabaseResource, RetrainPolicy
from biddeed_assets.model.drift import RetrainDecision, RetrainRule
from biddeed_assets.store import learning, registry

retrain_job = dg.define_asset_job(
    "retrain_models",
    selection=dg.AssetSelection.assets("training_set", "sale_happens_model", "third_party_model", "sale_price_model"),
    description="Record why it was requested, rebuild the training set, train the three outcome models, and gate the champion.",
)


def evaluate(conn, rule: RetrainRule, now: dt.datetime) -> RetrainDecision:
    """What a tick decides: the rule on the window's audits against the champion's own baseline."""
    window = learning.window_error(conn, days=rule.window_days, as_of=now)
    return rule.decide(window, rule.baseline(registry.champion(conn, "third_party_model")))


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
    rule = retrain_policy.rule()
    with database.connection() as conn:
        decision = evaluate(conn, rule, now)
    if not decision.retrain:
        return dg.SensorResult(skip_reason=dg.SkipReason(decision.reason), cursor=json.dumps(cursor))
    last = cursor.get("last_requested")
    if rule.cooling_down(dt.datetime.fromisoformat(last) if last else None, now):
        return dg.SensorResult(skip_reason=dg.SkipReason(f"cooling down since {last}: {decision.reason}"),
                               cursor=json.dumps(cursor))
    cursor["last_requested"] = now.isoformat()
    context.log.info(f"requesting retrain {decision.run_key}: {decision.reason}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=decision.run_key, tags=retrain_trigger.tags_for(decision))],
        cursor=json.dumps(cursor),
    )
