"""The `case_memory` asset: each analyzed case's vector in pgvector, with its prediction and, once known, its outcome."""

import dagster as dg

from biddeed_assets.defs.partitions import auction_partitions, partition_parts
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import memory
from biddeed_assets.store.rows import dicts


def _partition_cases(conn, county: str, auction_date: str) -> list[dict]:
    return dicts(
        conn,
        "SELECT f.county, f.auction_date, f.case_number, f.features, to_jsonb(p) AS prediction,"
        " to_jsonb(o) AS outcome, d.final_recommendation, d.risk_level, c.plaintiff, c.final_judgment"
        " FROM case_features f JOIN cases c USING (county, auction_date, case_number)"
        " LEFT JOIN predictions p USING (county, auction_date, case_number)"
        " LEFT JOIN outcomes o USING (county, auction_date, case_number)"
        " LEFT JOIN agent_decisions d USING (county, auction_date, case_number)"
        " WHERE f.county = %s AND f.auction_date = %s ORDER BY f.case_number",
        (county, auction_date),
    )


@dg.asset(partitions_def=auction_partitions, group_name="memory", kinds={"postgres", "pgvector"},
          deps=["case_features", "predictions", "agent_verdicts", "auction_outcomes"])
def case_memory(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """One memory per case (32-dim standardized feature vector, HNSW-indexed) for similar-case retrieval."""
    auction_date, county = partition_parts(context)
    with database.transaction() as conn:
        cases = _partition_cases(conn, county, auction_date)
        rows = memory.memory_rows([
            {"county": c["county"], "auction_date": str(c["auction_date"]), "case_number": c["case_number"],
             "features": c["features"],
             "prediction": {k: (c["prediction"] or {}).get(k) for k in
                            ("third_party_probability", "predicted_sale_price", "model_version")},
             "context": {"plaintiff": c["plaintiff"],
                         "final_judgment": None if c["final_judgment"] is None else float(c["final_judgment"]),
                         "recommendation": c["final_recommendation"], "risk_level": c["risk_level"]}}
            for c in cases
        ])
        written = memory.replace_partition_memories(conn, county, auction_date, rows)
        known = [
            {"county": c["county"], "auction_date": str(c["auction_date"]), "case_number": c["case_number"],
             "actual_outcome": {"sold_to": c["outcome"]["sold_to"], "sold_amount": c["outcome"]["sold_amount"],
                                "status": c["outcome"]["status"]},
             "recorded_at": c["outcome"]["captured_at"]}
            for c in cases if c["outcome"] and c["outcome"]["status"] == "SOLD" and c["outcome"]["sold_to"]
        ]
        if known:
            memory.record_outcomes(conn, known)
        stats = memory.memory_stats(conn)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": written, "outcomes_recorded": len(known),
        **{f"memory_{k}": v for k, v in stats.as_dict().items()},
    })
