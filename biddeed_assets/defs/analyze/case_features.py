"""The `case_features` asset: one documented numeric row per case."""

import dagster as dg

from biddeed_assets.defs.partitions import SINGLE_RUN, auction_partitions, each_partition, partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.model.features import FEATURE_VERSION
from biddeed_assets.model.features import case_features as features_of
from biddeed_assets.store import analysis_inputs, analysis_writers


@dg.asset(
    partitions_def=auction_partitions, backfill_policy=SINGLE_RUN,
    group_name="analyze",
    kinds={"postgres"},
    deps=["scraped_cases", "property_records", "lien_records", "tax_records", "demographics"],
)
@traced
@each_partition
def case_features(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Each case's numeric features (judgment/value ratios, case age, court, plaintiff kind, liens, taxes, ZIP)."""
    partition = partition_of(context)
    with database.transaction() as conn:
        inputs = analysis_inputs.partition_inputs(conn, **partition.where)
        rows = [
            {**partition.where, "case_number": i.case["case_number"],
             "feature_version": FEATURE_VERSION, "features": features_of(i)}
            for i in inputs
        ]
        written = analysis_writers.replace_features(conn, rows, **partition.where)
    known = {name: sum(r["features"][name] is not None for r in rows) for name in rows[0]["features"]} if rows else {}
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            "feature_version": FEATURE_VERSION,
            "features_known": dg.MetadataValue.md(
                "| feature | cases known |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in known.items())
            ),
        }
    )
