"""The `prediction_audit` asset: each prediction against what the sale did, per model version."""

import dagster as dg

from biddeed_assets.defs.partitions import SINGLE_RUN, auction_partitions, each_partition, partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import learning, memory


@dg.asset(partitions_def=auction_partitions, backfill_policy=SINGLE_RUN, group_name="learn", kinds={"postgres"},
          deps=["predictions", "auction_outcomes"])
@traced
@each_partition
def prediction_audit(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Prediction error per sold case (|probability - outcome|), also recorded on the case's memory."""
    partition = partition_of(context)
    with database.transaction() as conn:
        rows = learning.audit_rows(conn, **partition.where)
        written = learning.replace_audit(conn, rows, **partition.where)
        outcomes = [
            {**partition.where, "case_number": r["case_number"],
             "actual_outcome": {"sold_to": "THIRD_PARTY" if r["actual_outcome"] else "PLAINTIFF",
                                "sold_amount": None if r["actual_sale_price"] is None else float(r["actual_sale_price"])},
             "recorded_at": r["outcome_recorded_at"]}
            for r in rows
        ]
        remembered = memory.record_outcomes(conn, outcomes) if outcomes else 0
    errors = [r["prediction_error"] for r in rows]
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written,
        "mean_abs_error": sum(errors) / len(errors) if errors else None,
        "memories_updated": remembered,
        "model_versions": dg.MetadataValue.json(sorted({r["model_version"] for r in rows})),
    })
