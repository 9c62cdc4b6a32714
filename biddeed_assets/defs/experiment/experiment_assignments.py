"""The `experiment_assignments` asset: each analyzed case's variant in every active experiment."""

import dagster as dg

from biddeed_assets.defs.partitions import auction_partitions, partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import experiments as experiment_store


@dg.asset(partitions_def=auction_partitions, group_name="experiment", kinds={"postgres"},
          deps=["recommendations"])
@traced
def experiment_assignments(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Every case's variant (a stable hash) in each active experiment, with the variant's and the control's max bid."""
    partition = partition_of(context)
    with database.transaction() as conn:
        running = experiment_store.active(conn)
        rows = experiment_store.assign_partition(conn, running, **partition.where, run_id=context.run.run_id)
    per_variant: dict[str, int] = {}
    for row in rows:
        key = f"{row['experiment_name']}/{row['variant']}"
        per_variant[key] = per_variant.get(key, 0) + 1
    return dg.MaterializeResult(metadata={
        "dagster/row_count": len(rows),
        "experiments": dg.MetadataValue.json([e.name for e in running]),
        "per_variant": dg.MetadataValue.json(per_variant),
    })
