"""The `experiment_report` asset: per experiment and variant n, win rate, mean profit, lift, tests, stop rule."""

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.model import ab_report
from biddeed_assets.store import experiments as experiment_store


@dg.asset(group_name="experiment", kinds={"postgres"}, deps=["experiment_outcomes"])
@traced
def experiment_report(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Each active or ended experiment's report: a table per variant, the lift tests, the stop rule and a plot."""
    with database.connection() as conn:
        found = [ab_report.report_for(row, experiment_store.outcomes(conn, row["name"]))
                 for row in experiment_store.listing(conn)]
    metadata: dict = {"experiments": dg.MetadataValue.json([r.experiment for r in found])}
    for report in found:
        metadata[f"{report.experiment}"] = dg.MetadataValue.md(ab_report.as_markdown(report))
        metadata[f"{report.experiment} plot"] = dg.MetadataValue.md(ab_report.plot_markdown(report))
        metadata[f"{report.experiment} stop rule"] = report.stop_rule
        context.log.info(f"{report.experiment}: {report.stop_rule}")
    return dg.MaterializeResult(metadata=metadata)
