"""Schedules: the sale lists each morning, the outcomes on sale days (closed items vanish within weeks)."""

import datetime as dt

import dagster as dg

from biddeed_assets.portals.counties import enabled_slugs

TIMEZONE = "America/New_York"
UPCOMING_DAYS = 14

intake_job = dg.define_asset_job(
    "intake_and_analysis",
    selection=dg.AssetSelection.assets(
        "scraped_cases", "property_records", "lien_records", "tax_records", "case_features", "agent_verdicts",
        "predictions", "recommendations", "case_memory",
    ),
)
outcomes_job = dg.define_asset_job(
    "capture_outcomes",
    selection=dg.AssetSelection.assets("auction_outcomes", "prediction_audit", "case_memory"),
)


def partition_requests(dates: list[str], run_key_prefix: str) -> list[dg.RunRequest]:
    return [
        dg.RunRequest(
            run_key=f"{run_key_prefix}:{date}|{county}",
            partition_key=dg.MultiPartitionKey({"date": date, "county": county}),
        )
        for date in dates
        for county in enabled_slugs()
    ]


@dg.schedule(cron_schedule="0 6 * * *", execution_timezone=TIMEZONE, job=intake_job)
def morning_intake(context: dg.ScheduleEvaluationContext):
    """Every morning: ingest and analyze each enabled county's sales of the next two weeks."""
    today = context.scheduled_execution_time.date()
    dates = [(today + dt.timedelta(days=d)).isoformat() for d in range(UPCOMING_DAYS + 1)]
    return partition_requests(dates, f"intake:{today.isoformat()}")


@dg.schedule(cron_schedule="0 17 * * 1-5", execution_timezone=TIMEZONE, job=outcomes_job)
def sale_day_outcomes(context: dg.ScheduleEvaluationContext):
    """Every sale day at 17:00: capture what each sale did (RealForeclose drops closed items within weeks)."""
    today = context.scheduled_execution_time.date().isoformat()
    return partition_requests([today], "outcomes")
