"""Schedules and the run-failure sensor."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.operate.alerts import record_run_failures
from biddeed_assets.defs.operate.schedules import morning_intake, sale_day_outcomes
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.portals.counties import enabled_slugs


def test_the_morning_intake_covers_two_weeks_of_every_enabled_county():
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 11, 27, 6, 0))
    requests = morning_intake(context)
    assert len(requests) == 15 * len(enabled_slugs())
    keys = {r.partition_key for r in requests}
    assert dg.MultiPartitionKey({"date": "2026-12-11", "county": "brevard"}) in keys
    assert len({r.run_key for r in requests}) == len(requests)


def test_outcomes_are_captured_on_the_sale_day():
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 12, 2, 17, 0))
    requests = sale_day_outcomes(context)
    assert {r.partition_key.keys_by_dimension["date"] for r in requests} == {"2026-12-02"}


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
