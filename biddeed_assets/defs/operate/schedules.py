"""Schedules: the calendars at dawn, then intake of their sale days, and the outcomes on each sale day.

Only sale days are requested: the stored calendar (the `sale_calendar` asset) decides which (date, county)
partitions have a sale; a county whose calendar could not be read this morning keeps yesterday's days.
"""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.ingest.sale_calendar import UPCOMING_DAYS
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.portals.counties import enabled_slugs
from biddeed_assets.portals.sale_lists import LISTED_KINDS
from biddeed_assets.store import sale_days

TIMEZONE = "America/New_York"
INTAKE_KINDS = tuple(kind for kind in LISTED_KINDS if kind)  # the sales a partition's sale list reads

calendar_job = dg.define_asset_job("read_sale_calendars", selection=dg.AssetSelection.assets("sale_calendar"))
intake_job = dg.define_asset_job(
    "intake_and_analysis",
    selection=dg.AssetSelection.assets(
        "scraped_cases", "property_records", "lien_records", "tax_records", "case_features", "agent_verdicts",
        "predictions", "recommendations", "case_memory", "experiment_assignments",
    ),
)
outcomes_job = dg.define_asset_job(
    "capture_outcomes",
    selection=dg.AssetSelection.assets("auction_outcomes", "prediction_audit", "case_memory", "experiment_outcomes"),
)


def partition_requests(days: list[tuple[str, str]], run_key_prefix: str) -> list[dg.RunRequest]:
    """One run per (ISO date, county) sale day; the run's partition tags let the run queue bound each county."""
    return [
        dg.RunRequest(run_key=f"{run_key_prefix}:{date}|{county}",
                      partition_key=dg.MultiPartitionKey({"date": date, "county": county}))
        for date, county in days
    ]


def stored_sale_days(database: DatabaseResource, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    with database.connection() as conn:
        return sale_days.sale_days(conn, start, end, enabled_slugs(), kinds=INTAKE_KINDS)


@dg.schedule(cron_schedule="30 5 * * *", execution_timezone=TIMEZONE, job=calendar_job)
def morning_calendars(context: dg.ScheduleEvaluationContext):
    """Every morning before intake: read each enabled county's calendar of the next two weeks."""
    today = context.scheduled_execution_time.date().isoformat()
    return dg.RunRequest(run_key=f"calendars:{today}", run_config={
        "ops": {"sale_calendar": {"config": {"start_date": today, "days": UPCOMING_DAYS}}}})


@dg.schedule(cron_schedule="0 6 * * *", execution_timezone=TIMEZONE, job=intake_job)
def morning_intake(context: dg.ScheduleEvaluationContext, database: DatabaseResource):
    """Every morning: ingest and analyze the sale days of the next two weeks that the counties' calendars show."""
    today = context.scheduled_execution_time.date()
    days = stored_sale_days(database, today, today + dt.timedelta(days=UPCOMING_DAYS))
    if not days:
        return dg.SkipReason(f"no stored calendar shows a sale from {today} on (is read_sale_calendars running?)")
    return partition_requests(days, f"intake:{today.isoformat()}")


@dg.schedule(cron_schedule="0 17 * * *", execution_timezone=TIMEZONE, job=outcomes_job)
def sale_day_outcomes(context: dg.ScheduleEvaluationContext, database: DatabaseResource):
    """Every sale day at 17:00: capture what each sale did (RealForeclose drops closed items within weeks)."""
    today = context.scheduled_execution_time.date()
    days = stored_sale_days(database, today, today)
    if not days:
        return dg.SkipReason(f"no county's calendar shows a sale on {today}")
    return partition_requests(days, "outcomes")
