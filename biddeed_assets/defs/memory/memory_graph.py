"""The `case_memory_graph` asset: memories written since the last fold enter the HNSW graph in bulk, on a schedule."""

import os

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import memory

FOLD_CRON = os.environ.get("BIDDEED_MEMORY_FOLD_CRON", "15 * * * *")


@dg.asset(group_name="memory", kinds={"postgres", "pgvector"}, deps=["case_memory"])
@traced
def case_memory_graph(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """The HNSW graph over every memory with an outcome: the pending ones folded in (rebuilt when they are many)."""
    with database.connection() as conn:
        folded = memory.fold_pending_memories(conn)
        left = memory.pending_memories(conn)
    context.log.info(f"{folded} memories folded into the similar-case graph")
    return dg.MaterializeResult(metadata={"dagster/row_count": folded, "still_pending": left})


memory_graph_job = dg.define_asset_job("fold_memory_graph", selection=dg.AssetSelection.assets("case_memory_graph"))


@dg.schedule(cron_schedule=FOLD_CRON, execution_timezone="America/New_York", job=memory_graph_job,
             default_status=dg.DefaultScheduleStatus.RUNNING)
def memory_graph_schedule(context: dg.ScheduleEvaluationContext):
    """Hourly by default (BIDDEED_MEMORY_FOLD_CRON): the memories every query scans exactly stay few."""
    return dg.RunRequest(run_key=f"memory-graph:{context.scheduled_execution_time.isoformat()}")
