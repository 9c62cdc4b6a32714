"""The `case_memory` asset: each analyzed case's vector in pgvector, with its prediction and, once known, its outcome."""

import dagster as dg

from biddeed_assets.defs.partitions import SINGLE_RUN, auction_partitions, each_partition, partition_of
from biddeed_assets.defs.resources import DatabaseResource, RetrainPolicy
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import memory, memory_inputs


@dg.asset(partitions_def=auction_partitions, backfill_policy=SINGLE_RUN, group_name="memory", kinds={"postgres", "pgvector"},
          deps=["case_features", "predictions", "agent_verdicts", "auction_outcomes"])
@traced
@each_partition
def case_memory(context: dg.AssetExecutionContext, database: DatabaseResource,
                retrain_policy: RetrainPolicy) -> dg.MaterializeResult:
    """One memory per case (32-dim standardized feature vector, HNSW-indexed) for similar-case retrieval."""
    partition = partition_of(context)
    with database.transaction() as conn:
        cases = memory_inputs.partition_cases(conn, **partition.where)
        rows = memory.memory_rows(memory_inputs.memory_cases(cases))
        written = memory.replace_partition_memories(conn, partition.county, partition.auction_date, rows)
        known = memory_inputs.known_outcomes(cases)
        if known:
            memory.record_outcomes(conn, known)
        # The memory-wide figures only where this partition added to them (a replayed range is mostly days without a sale).
        stats = memory.memory_stats(conn, rule=retrain_policy.rule()).as_dict() if rows else {}
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written, "outcomes_recorded": len(known),
        **{f"memory_{k}": v for k, v in stats.items()},
    })
