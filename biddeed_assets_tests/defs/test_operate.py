"""The run-failure sensor (the schedules are tested with the calendar, in test_sale_days)."""

import dagster as dg

from biddeed_assets.defs.operate.alerts import record_run_failures
from biddeed_assets.defs.resources import DatabaseResource


def test_a_failed_run_becomes_a_critical_alert(db_url, conn):
    @dg.asset
    def broken():
        raise RuntimeError("portal changed its page")

    with dg.instance_for_test() as instance:
        result = dg.materialize([broken], instance=instance, raise_on_error=False)
        assert not result.success
        failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
        with dg.build_run_status_sensor_context(
            sensor_name="record_run_failures", dagster_event=failure, dagster_instance=instance,
            dagster_run=result.dagster_run, resources={"database": DatabaseResource(url=db_url)},
        ) as context:
            record_run_failures(context.for_run_failure())
    severity, title = conn.execute("SELECT severity, title FROM alerts").fetchone()
    assert severity == "critical" and title.startswith("run failed")
