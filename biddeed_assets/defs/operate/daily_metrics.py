"""The `daily_metrics` asset: one day's runs, intake, decisions and prediction error, plotted per day in the UI."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import dagster as dg

from biddeed_assets.bid_sheet import plots
from biddeed_assets.defs.metadata import png_md
from biddeed_assets.defs.partitions import auction_dates
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.portals.counties import enabled_slugs
from biddeed_assets.store import metrics

# Days of operation, not sale days: a day exists once it has begun (today's partition is the day so far).
metric_days = dg.DailyPartitionsDefinition(start_date=auction_dates.start.strftime("%Y-%m-%d"),
                                           timezone=auction_dates.timezone, end_offset=1)
SALE_DAYS_AROUND = dt.timedelta(days=14)  # the decisions plot: the fortnight's sale days either side of the day
SALES_BEHIND = dt.timedelta(days=90)  # the third-party plot: the sales of the last 90 days
HEADLINE = ("pipelines_run", "pipelines_failed", "cases_scraped", "stale_share", "recommendations_bid",
            "recommendations_review", "recommendations_skip", "recommendations_do_not_bid", "total_judgment_value",
            "total_max_bid_value", "avg_ml_confidence", "predictions_made", "agent_consensus_rate",
            "predictions_audited", "mean_prediction_error", "total_llm_calls")


def day_window(day: str) -> tuple[dt.datetime, dt.datetime]:
    """The day's [start, end) in the partitions' time zone."""
    start = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), ZoneInfo(metric_days.timezone))
    return start, start + dt.timedelta(days=1)


def run_figures(records: list[dg.RunRecord]) -> dict:
    """Runs, completions, failures and mean duration, in all and per job."""
    by_job: dict[str, dict[str, int]] = defaultdict(lambda: {"runs": 0, "succeeded": 0, "failed": 0})
    durations = []
    for record in records:
        run = record.dagster_run
        job = by_job[run.job_name]
        job["runs"] += 1
        job["succeeded"] += run.status == dg.DagsterRunStatus.SUCCESS
        job["failed"] += run.status == dg.DagsterRunStatus.FAILURE
        if record.start_time is not None and record.end_time is not None:
            durations.append(record.end_time - record.start_time)
    return {
        "pipelines_run": len(records),
        "pipelines_completed": sum(j["succeeded"] for j in by_job.values()),
        "pipelines_failed": sum(j["failed"] for j in by_job.values()),
        "avg_pipeline_duration_ms": round(1000 * sum(durations) / len(durations)) if durations else None,
        "runs_by_job": dict(sorted(by_job.items())),
    }


def _runs_table(by_job: dict) -> str:
    lines = ["| job | runs | succeeded | failed |", "|---|---:|---:|---:|"]
    lines += [f"| {job} | {j['runs']} | {j['succeeded']} | {j['failed']} |" for job, j in by_job.items()]
    return "\n".join(lines) if by_job else "no runs this day"


@dg.asset(partitions_def=metric_days, group_name="operate", kinds={"postgres"})
@traced
def daily_metrics(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """The day's operating figures: runs and failures per job, cases scraped, decisions, bid totals, model error."""
    start, end = day_window(context.partition_key)
    records = [r for r in context.instance.get_run_records(dg.RunsFilter(created_after=start, created_before=end))
               if r.dagster_run.run_id != context.run.run_id]  # this report is not one of the day's operations
    figures = run_figures(records)
    with database.transaction() as conn:
        figures.update(metrics.store_metrics(conn, start=start, end=end, counties=enabled_slugs()))
        metrics.write_day(conn, context.partition_key, figures, run_id=context.run.run_id)
        day = dt.date.fromisoformat(context.partition_key)
        decided = metrics.decision_counts(conn, first=day - SALE_DAYS_AROUND, last=day + SALE_DAYS_AROUND)
        sold = metrics.third_party_rates(conn, first=day - SALES_BEHIND, last=day)
    runs, failed = figures["pipelines_run"], figures["pipelines_failed"]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": 1,
        **{name: figures[name] for name in HEADLINE},
        "run_failure_rate": round(failed / runs, 4) if runs else None,
        **{f"cases_scraped_{county}": n for county, n in figures["cases_by_county"].items()},
        "runs_by_job": dg.MetadataValue.md(_runs_table(figures["runs_by_job"])),
        "decisions_plot": png_md(plots.decisions_png(decided), "decisions per sale day and county"),
        "third_party_rate_plot": png_md(plots.third_party_rate_png(sold), "third-party rate by county"),
    })


daily_metrics_job = dg.define_asset_job("daily_metrics_job", selection=[daily_metrics])


@dg.schedule(cron_schedule="15 0 * * *", execution_timezone=metric_days.timezone, job=daily_metrics_job)
def nightly_metrics(context: dg.ScheduleEvaluationContext):
    """Just after midnight: the figures of the day that ended (and today's partial day stays a click away)."""
    day = (context.scheduled_execution_time.date() - dt.timedelta(days=1)).isoformat()
    return dg.RunRequest(run_key=f"metrics:{day}", partition_key=day)
