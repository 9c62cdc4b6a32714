"""The `training_set` asset: every sold case's features with its outcome label."""

import dagster as dg

from biddeed_assets.defs.learn import retrain_trigger
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import alerts, outcome_facts


class TrainingSetConfig(dg.Config):
    """Which sales to learn from: all of them by default, or those up to a date (to train "as of" then)."""

    through_date: str = ""


@dg.asset(group_name="learn", kinds={"postgres"}, deps=["auction_outcomes"])
@traced
def training_set(context: dg.AssetExecutionContext, config: TrainingSetConfig,
                 database: DatabaseResource) -> dg.MaterializeResult:
    """Case facts and outcome of every stored sale (held, cancelled or redeemed), tagged with its source: history, live or simulated."""
    # The retrain job's first step records why the sensor asked for it, before anything can fail.
    trigger = retrain_trigger.from_tags(context.run.tags)
    if trigger is not None:
        with database.transaction() as conn:
            alerts.record_retrain_trigger(conn, **trigger)
    with database.transaction() as conn:
        written = outcome_facts.refresh_training_set(conn, through=config.through_date or None)
        summary = outcome_facts.training_summary(conn)
    sources = summary["sources"]
    table = ["| source | kind | rows | sold | third party | first sale | last sale |", "|---|---|---|---|---|---|---|"]
    table += [f"| {name} | {s['kind']} | {s['rows']} | {s['sold']} | {s['third_party']} | {s['first_sale']} |"
              f" {s['last_sale']} |" for name, s in sources.items()]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written,
        "first_sale": str(summary["first_sale"]), "last_sale": str(summary["last_sale"]),
        "sale_days": summary["sale_days"],
        "rows_by_source": dg.MetadataValue.json({name: s["rows"] for name, s in sources.items()}),
        "kinds": dg.MetadataValue.json({name: s["kind"] for name, s in sources.items()}),
        "sources": dg.MetadataValue.md("\n".join(table)),
        "retrain_trigger": trigger["reason"] if trigger else "none (not requested by the retrain sensor)",
    })
