"""The `training_set` asset: every sold case's features with its outcome label."""

import dagster as dg

from biddeed_assets.defs.learn import retrain_trigger
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import alerts, learning


class TrainingSetConfig(dg.Config):
    """Which sales to learn from: all of them by default, or those up to a date (to train "as of" then)."""

    through_date: str = ""


@dg.asset(group_name="learn", kinds={"postgres"}, deps=["case_features", "auction_outcomes"])
def training_set(context: dg.AssetExecutionContext, config: TrainingSetConfig,
                 database: DatabaseResource) -> dg.MaterializeResult:
    """Features of every case sold at auction, labelled THIRD_PARTY (1) or PLAINTIFF (0); cancelled and redeemed sales are left out."""
    # The retrain job's first step records why the sensor asked for it, before anything can fail.
    trigger = retrain_trigger.from_tags(context.run.tags)
    if trigger is not None:
        with database.transaction() as conn:
            alerts.record_retrain_trigger(conn, **trigger)
    with database.transaction() as conn:
        written = learning.refresh_training_set(conn, through=config.through_date or None)
        summary = learning.training_summary(conn)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written,
        "first_sale": str(summary["first_sale"]), "last_sale": str(summary["last_sale"]),
        "third_party_share": summary["third_party_share"],
        "sale_days": summary["sale_days"], "with_sale_price": summary["with_sale_price"],
        "rows_by_county": dg.MetadataValue.json(summary["rows_by_county"]),
        "retrain_trigger": trigger["reason"] if trigger else "none (not requested by the retrain sensor)",
    })
