"""The `agent_verdicts` stage of `case_analysis`: risk routing, the agents' votes and their consensus per case."""

import time
from collections import Counter
from collections.abc import Sequence

import dagster as dg

from biddeed_assets.bid_sheet.rows import decision_row
from biddeed_assets.defs.partitions import partition_of
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.model.inputs import CaseInputs, Derived
from biddeed_assets.rules import decisions
from biddeed_assets.rules.analysis import analyze_case
from biddeed_assets.store import analysis_inputs, analysis_writers


def store_verdicts(context: dg.AssetExecutionContext, database: DatabaseResource, inputs: Sequence[CaseInputs],
                   derived: Sequence[Derived]) -> dg.MaterializeResult:
    """Risk level, agents deployed, each agent's vote and the weighted consensus, per case (agent_decisions)."""
    partition = partition_of(context)
    rows = []
    with database.transaction() as conn:
        # found from the stored feature rows, so after the features stage when both run
        neighbours = analysis_inputs.similar_by_case(conn, **partition.where) if inputs else {}
        for case, facts in zip(inputs, derived, strict=True):
            facts.context.similar_cases = tuple(neighbours.get(case.case["case_number"], ()))
            started = time.perf_counter()
            verdict = analyze_case(facts.context, facts.features)
            elapsed = int((time.perf_counter() - started) * 1000)
            rows.append(decision_row(case, verdict, run_id=context.run.run_id, elapsed_ms=elapsed))
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
