"""Operator alerts: every failed run is recorded in the `alerts` table with its error (deliver_alerts sends it on)."""

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import alerts


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING)
def record_run_failures(context: dg.RunFailureSensorContext, database: DatabaseResource):
    """Record each failed run as a critical alert an operator can acknowledge."""
    run = context.dagster_run
    with database.transaction() as conn:
        alerts.record_alert(conn, severity="critical", title=f"run failed: {run.job_name}",
                            message=context.failure_event.message or "run failed",
                            context={"run_id": run.run_id, "tags": dict(run.tags)})
