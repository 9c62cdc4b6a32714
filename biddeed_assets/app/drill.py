"""The retraining drill: inject prediction error, let the sensor see it, run what it asks, show the gate's call."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from biddeed_assets.app import materialize, runtime
from biddeed_assets.store import db, registry

DRILL_VERSION = "injected-drill"


def inject_error(url: str, days: int = 30) -> int:
    """Copy the window's audits with their outcomes flipped (model_version 'injected-drill'), recorded now.

    Each copy's error is 1 - the original's, so the window's mean error becomes 0.5: above any baseline
    a useful model has (its own holdout error) plus the margin.
    """
    now = dt.datetime.now(dt.UTC)
    with db.connect(url) as conn:
        return conn.execute(
            "INSERT INTO prediction_audit (case_number, county, auction_date, model_version, predicted_probability,"
            " actual_outcome, prediction_error, outcome_recorded_at)"
            " SELECT case_number, county, auction_date, %s, predicted_probability, 1 - actual_outcome,"
            " abs(predicted_probability - (1 - actual_outcome)), %s FROM prediction_audit"
            " WHERE model_version <> %s AND outcome_recorded_at > %s ON CONFLICT DO NOTHING",
            (DRILL_VERSION, now, DRILL_VERSION, now - dt.timedelta(days=days)),
        ).rowcount


def run(url: str) -> bool:
    """Inject, tick the sensor on the real instance, run the requested retrain, report the registry."""
    from biddeed_assets.defs.learn.retrain_sensor import retrain_when_error_grows
    from biddeed_assets.defs.resources import resources

    injected = inject_error(url)
    instance = runtime.instance()
    instance.report_runless_asset_event(dg.AssetMaterialization(
        "prediction_audit", metadata={"injected_rows": injected, "note": "retraining drill"}))
    defs = materialize.load_defs()
    with dg.build_sensor_context(instance=instance, cursor=None, definitions=defs,
                                 resources={k: v for k, v in resources().resources.items()
                                            if k in ("database", "retrain_policy")}) as context:
        result = retrain_when_error_grows(context)
    requests = getattr(result, "run_requests", None) or []
    print(f"drill: injected {injected} audits with flipped outcomes; sensor: "
          + (f"requested retrain {requests[0].run_key}" if requests else f"skipped ({_skip(result)})"))
    if not requests:
        return False
    job = defs.resolve_job_def("retrain_models")
    outcome = job.execute_in_process(instance=instance, run_config=materialize.QUIET, raise_on_error=False,
                                     tags={**requests[0].tags, "dagster/run_key": requests[0].run_key})
    with db.connect(url) as conn:
        latest = registry.gate_decisions(conn, "third_party_model")[-1:]
        for d in latest:
            print(f"  gate: {d['decision']}: {d['reasons']}")
        for v in registry.versions(conn, "third_party_model"):
            auc = (v["metrics"] or {}).get("roc_auc")
            print(f"  {v['version']}  {v['status']:<10} AUC {auc:.3f}  {v['notes'] or ''}" if auc is not None
                  else f"  {v['version']}  {v['status']}")
    return outcome.success


def _skip(result) -> str:
    reason = getattr(result, "skip_reason", None) or result
    return getattr(reason, "skip_message", None) or str(reason)
