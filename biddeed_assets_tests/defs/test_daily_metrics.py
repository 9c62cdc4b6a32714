"""The daily_metrics asset: a day's runs from Dagster's run storage and its figures from the store, plotted per day."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from biddeed_assets.defs.operate.daily_metrics import daily_metrics, metric_days, nightly_metrics
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import metrics


def today() -> str:
    return dt.datetime.now(ZoneInfo(metric_days.timezone)).date().isoformat()


def test_a_day_of_runs_is_counted_per_job_and_each_headline_is_a_numeric_plot(db_url, conn):
    @dg.asset
    def fine():
        return None

    @dg.asset
    def broken():
        raise RuntimeError("portal changed its page")

    conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status, stale) VALUES"
                 " ('brevard', '2026-12-09', 'A', 'FORECLOSURE', 'SCHEDULED', false),"
                 " ('brevard', '2026-12-09', 'B', 'FORECLOSURE', 'SCHEDULED', true)")
    with dg.instance_for_test() as instance:
        assert dg.materialize([fine], instance=instance).success
        assert not dg.materialize([broken], instance=instance, raise_on_error=False).success
        result = dg.materialize([daily_metrics], partition_key=today(), instance=instance,
                                resources={"database": DatabaseResource(url=db_url)})
    assert result.success
    row = metrics.read_day(conn, today())
    assert (row["pipelines_run"], row["pipelines_completed"], row["pipelines_failed"]) == (2, 1, 1)
    [(job, counts)] = row["runs_by_job"].items()
    assert counts == {"runs": 2, "succeeded": 1, "failed": 1}
    assert row["cases_scraped"] == 2 and float(row["stale_share"]) == 0.5 and row["run_id"] == result.run_id
    [event] = result.get_asset_materialization_events()
    meta = event.materialization.metadata
    assert isinstance(meta["pipelines_failed"], dg.IntMetadataValue) and meta["pipelines_failed"].value == 1
    assert isinstance(meta["run_failure_rate"], dg.FloatMetadataValue) and meta["run_failure_rate"].value == 0.5
    assert isinstance(meta["stale_share"], dg.FloatMetadataValue)
    assert meta["cases_scraped_brevard"].value == 2
    assert job in meta["runs_by_job"].value


def test_a_day_without_any_work_succeeds_with_zeros_and_nulls(db_url, conn):
    with dg.instance_for_test() as instance:
        result = dg.materialize([daily_metrics], partition_key="2024-01-01", instance=instance,
                                resources={"database": DatabaseResource(url=db_url)})
    assert result.success
    row = metrics.read_day(conn, "2024-01-01")
    assert row["pipelines_run"] == 0 and row["cases_scraped"] == 0 and row["recommendations_bid"] == 0
    assert row["stale_share"] is None and row["mean_prediction_error"] is None
    meta = result.get_asset_materialization_events()[0].materialization.metadata
    assert meta["run_failure_rate"].value is None and meta["pipelines_run"].value == 0
    for plot in ("decisions_plot", "third_party_rate_plot"):  # drawn even when empty, saying so
        assert meta[plot].value.startswith("![") and "data:image/png;base64," in meta[plot].value


def test_the_nightly_schedule_asks_for_the_day_that_ended():
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 12, 2, 0, 15))
    request = nightly_metrics(context)
    assert request.partition_key == "2026-12-01"
