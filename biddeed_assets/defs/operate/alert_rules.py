"""The alert rules sensor: every few minutes, the rules over the store and the run storage raise or resolve alerts."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.operate import alert_rules

FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE]


def run_counts(instance: dg.DagsterInstance, *, since: dt.datetime, limit: int = 5000) -> dict[str, tuple[int, int]]:
    """Per job, (finished runs, failed runs) updated since `since`, from Dagster's run storage."""
    counts: dict[str, tuple[int, int]] = {}
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=FINISHED, updated_after=since), limit=limit)
    for record in records:
        run = record.dagster_run
        runs, failed = counts.get(run.job_name, (0, 0))
        counts[run.job_name] = (runs + 1, failed + (run.status == dg.DagsterRunStatus.FAILURE))
    return counts


@dg.sensor(minimum_interval_seconds=300, default_status=dg.DefaultSensorStatus.RUNNING)
def evaluate_alert_rules(context: dg.SensorEvaluationContext, database: DatabaseResource):
    """Raise an alert for each rule that fires (failure rate, failing portal, drift, stale data, LLM budget, missed
    sale-day capture) and resolve those that stopped firing."""
    now = dt.datetime.now(dt.UTC)
    policy = alert_rules.AlertPolicy()
    counts = run_counts(context.instance, since=now - dt.timedelta(hours=policy.run_window_hours))
    with database.connection() as conn:
        summary = alert_rules.evaluate(conn, counts, now=now, policy=policy)
    firing = {rule: sorted(s["firing"]) for rule, s in summary.items() if s.get("firing")}
    resolved = {rule: s["resolved"] for rule, s in summary.items() if s.get("resolved")}
    context.log.info(f"firing: {firing or 'none'}; resolved: {resolved or 'none'}")
    return dg.SkipReason(f"firing: {firing or 'none'}; resolved: {resolved or 'none'}")
