"""The `experiment_outcomes` asset: what each assigned variant would have done at the real sale."""

import dagster as dg

from biddeed_assets.defs.partitions import auction_partitions, partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import experiments as experiment_store


@dg.asset(partitions_def=auction_partitions, group_name="experiment", kinds={"postgres"},
          deps=["auction_outcomes", "experiment_assignments"])
@traced
def experiment_outcomes(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Per assigned case: WON (its max bid beat the winning bid), LOST or PASS, and the profit at the sold price."""
    partition = partition_of(context)
    with database.transaction() as conn:
        rows = experiment_store.judge_partition(conn, **partition.where)
    results: dict[str, int] = {}
    for row in rows:
        results[row["result"]] = results.get(row["result"], 0) + 1
    return dg.MaterializeResult(metadata={"dagster/row_count": len(rows), "results": dg.MetadataValue.json(results)})
