"""The `predictions` asset: the champion's chance of a sale, of a third-party win and its price, per case of a partition."""

import dagster as dg

from biddeed_assets.defs.partitions import SINGLE_RUN, auction_partitions, each_partition, partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.model import outcome_models
from biddeed_assets.store import learning, outcome_facts, registry


@dg.asset(partitions_def=auction_partitions, backfill_policy=SINGLE_RUN, group_name="learn", kinds={"postgres"}, deps=["case_features"])
@traced
@each_partition
def predictions(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """P(sold), calibrated P(third party | sold), the third-party price with its interval and the expected surplus, per case."""
    partition = partition_of(context)
    with database.connection() as conn:
        champion = registry.champion(conn, "third_party_model")
        frame = outcome_facts.partition_facts(conn, **partition.where)
    bundle = None
    if champion is not None:
        try:
            bundle = outcome_models.deserialize(champion.artifact)
        except ValueError:
            bundle = None
    if bundle is None:
        with database.transaction() as conn:
            learning.replace_predictions(conn, [], **partition.where)
        why = "no champion model yet" if champion is None else f"champion {champion.version} is not an outcome bundle"
        return dg.MaterializeResult(metadata={"dagster/row_count": 0, "note": f"{why}: materialize training_set and "
                                              "the models (job retrain_models; the demo does)"})
    scored = outcome_models.score(bundle, frame, reasons=True) if len(frame) else frame
    rows = learning.outcome_prediction_rows(frame, scored) if len(frame) else []
    with database.transaction() as conn:
        written = learning.replace_predictions(conn, rows, **partition.where)
    third = [r["third_party_probability"] for r in rows if r["third_party_probability"] is not None]
    sold = [r["sold_probability"] for r in rows if r["sold_probability"] is not None]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written, "model_version": bundle.version,
        "not_scored": sum(r["reason"] is not None for r in rows),
        "mean_sold_probability": sum(sold) / len(sold) if sold else None,
        "mean_third_party_probability": sum(third) / len(third) if third else None,
    })
