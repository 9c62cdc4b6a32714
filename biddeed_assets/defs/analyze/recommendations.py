"""The `recommendations` asset: the bid sheet (BID / REVIEW / SKIP / DO_NOT_BID, max bid, reasons)."""

import dagster as dg

from biddeed_assets.bid_sheet import formats as bid_sheet
from biddeed_assets.bid_sheet import report
from biddeed_assets.bid_sheet.rows import result_row
from biddeed_assets.defs.partitions import auction_partitions, partition_of
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.narrative.sheet import narrate_rows
from biddeed_assets.narrative.tiers import budget_day_start
from biddeed_assets.rules import decisions
from biddeed_assets.store import analysis_inputs, analysis_writers, router_logs
from biddeed_assets.store.bid_sheets import partition_results_inputs, report_rows


@dg.asset(
    partitions_def=auction_partitions,
    group_name="analyze",
    kinds={"postgres"},
    deps=["agent_verdicts", "predictions"],
)
@traced
def recommendations(context: dg.AssetExecutionContext, database: DatabaseResource,
                    narrator: NarratorResource) -> dg.MaterializeResult:
    """The bid sheet row of every case: decision, max bid, bid/judgment ratio, third-party chance, reasons, narrative."""
    partition = partition_of(context)
    with database.transaction() as conn:
        inputs = partition_results_inputs(conn, **partition.where)
        features = analysis_inputs.partition_features(conn, **partition.where)
    rows = [result_row(case, prop, verdict, prediction, run_id=context.run.run_id)
            for case, prop, verdict, prediction in inputs]
    router = narrator.router(spent_today=lambda: _spent_today(database), log=lambda call: _log_call(database, call, context))
    try:  # the model calls run outside the write's transaction, and each logged call is committed at once
        told = narrate_rows(rows, [verdict for _, _, verdict, _ in inputs], features, router)
    finally:
        router.close()
    with database.transaction() as conn:
        written = analysis_writers.replace_results(conn, rows, **partition.where)
        printed = report_rows(conn, **partition.where)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": written,
            **decisions.counts([r["decision"] for r in rows]),
            "with_prediction": sum(r["ml_third_party_probability"] is not None for r in rows),
            "with_max_bid": sum(r["max_bid_calculated"] is not None for r in rows),
            "with_ratio": sum(r["bid_judgment_ratio"] is not None for r in rows),
            "max_bid_ceilings": sum(bool(r["max_bid_is_ceiling"]) for r in rows),
            "tax_deeds": sum(r["auction_type"] == "TAX_DEED" for r in rows),
            "narratives_by_source": dg.MetadataValue.json(told["narratives_by_source"]),
            "narrative_fallbacks": dg.MetadataValue.json(told["narrative_fallbacks"]),
            "bid_sheet": dg.MetadataValue.md(bid_sheet.as_markdown(rows)),
            "report": dg.MetadataValue.md(report.as_markdown(printed, title=f"Bid sheet: {partition.county}, "
                                                                            f"{partition.auction_date}")),
        }
    )


def _spent_today(database: DatabaseResource) -> float:
    with database.connection() as conn:
        return router_logs.spend_since(conn, since=budget_day_start())["cost_usd"] or 0.0


def _log_call(database: DatabaseResource, call, context: dg.AssetExecutionContext) -> None:
    with database.connection() as conn:
        router_logs.record_call(conn, call, run_id=context.run.run_id)
    if not call.success:
        context.log.warning(f"LLM {call.tier.name} {call.model} for {call.case_number}: {call.outcome}: {call.error_message}")
