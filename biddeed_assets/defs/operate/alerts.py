"""Operator alerts: every failed run is recorded in the `alerts` table with its error."""

import json

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING)
def record_run_failures(context: dg.RunFailureSensorContext, database: DatabaseResource):
    """Record each failed run as a critical alert an operator can acknowledge."""
    run = context.dagster_run
    message = context.failure_event.message or "run failed"
    with database.transaction() as conn:
        conn.execute(
            "INSERT INTO alerts (severity, title, message, context) VALUES ('critical', %s, %s, %s)",
            (f"run failed: {run.job_name}"[:200], message,
             json.dumps({"run_id": run.run_id, "tags": dict(run.tags)})),
        )
