"""The `agent_verdicts` asset: risk routing, the agents' votes and their consensus for every case."""

import time
from collections import Counter

import dagster as dg

from biddeed_assets.bid_sheet.rows import decision_row
from biddeed_assets.defs.partitions import auction_partitions, partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.rules import decisions
from biddeed_assets.rules.analysis import analyze_case
from biddeed_assets.store import analysis_inputs, analysis_writers


@dg.asset(
    partitions_def=auction_partitions,
    group_name="analyze",
    kinds={"postgres"},
    deps=["case_features"],
)
@traced
def agent_verdicts(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """Risk level, agents deployed, each agent's vote and the weighted consensus, per case (agent_decisions)."""
    partition = partition_of(context)
    rows = []
    with database.transaction() as conn:
        for inputs in analysis_inputs.partition_inputs(conn, **partition.where):
            started = time.perf_counter()
            verdict = analyze_case(inputs.to_context())
            elapsed = int((time.perf_counter() - started) * 1000)
            rows.append(decision_row(inputs, verdict, run_id=context.run.run_id, elapsed_ms=elapsed))
        written = analysis_writers.replace_decisions(conn, rows, **partition.where)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            **decisions.counts([r["final_recommendation"] for r in rows]),
            "human_review_required": sum(bool(r["human_review_required"]) for r in rows),
            "early_terminations": sum(bool(r["early_termination"]) for r in rows),
            "risk_levels": dg.MetadataValue.json(dict(Counter(r["risk_level"] for r in rows))),
        }
    )
