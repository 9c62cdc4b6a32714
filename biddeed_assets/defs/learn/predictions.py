"""The `predictions` asset: the champion's third-party chance and sale price for every case of a partition."""

import dagster as dg

from biddeed_assets.defs.partitions import auction_partitions, partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model import artifacts
from biddeed_assets.store import learning, registry


@dg.asset(partitions_def=auction_partitions, group_name="learn", kinds={"postgres"}, deps=["case_features"])
def predictions(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Calibrated third-party probability, predicted sale price with its interval, and the top reasons, per case."""
    partition = partition_of(context)
    with database.connection() as conn:
        champion = registry.champion(conn, "third_party_model")
        frame = learning.partition_features(conn, **partition.where)
    if champion is None:
        with database.transaction() as conn:
            learning.replace_predictions(conn, [], **partition.where)
        return dg.MaterializeResult(metadata={"dagster/row_count": 0, "note": "no champion model yet: materialize "
                                              "training_set and third_party_model (the demo does)"})
    bundle = artifacts.deserialize(champion.artifact)
    scored = artifacts.predict(bundle, frame, keep_contributions=True) if len(frame) else frame
    rows = learning.prediction_rows(frame, scored, price_version=bundle.version) if len(frame) else []
    with database.transaction() as conn:
        written = learning.replace_predictions(conn, rows, **partition.where)
    probabilities = [r["third_party_probability"] for r in rows if r["third_party_probability"] is not None]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written, "model_version": champion.version,
        "mean_third_party_probability": sum(probabilities) / len(probabilities) if probabilities else None,
    })
