"""Case memory as an asset: one row per case, and similar cases that surprised the model change the routing."""

import json

import dagster as dg

from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.memory.case_memory import case_memory
from biddeed_assets.defs.resources import DatabaseResource, RetrainPolicy
from biddeed_assets.model.embedding import EMBEDDING_VERSION, INPUT_FEATURES, embed
from biddeed_assets_tests.defs.test_analyze_assets import BANK, KEY, store_partition


def materialize(db_url, assets, only=None):
    result = dg.materialize(assets, partition_key=KEY, resources={"database": DatabaseResource(url=db_url),
                                                                  "retrain_policy": RetrainPolicy()},
                            selection=only or [key for a in assets for key in a.keys])
    assert result.success
    return result


def deployed(conn, case_number):
    return conn.execute("SELECT agents_deployed, verdict FROM agent_decisions WHERE case_number = %s",
                        (case_number,)).fetchone()


def remember_surprises(conn, features, n=3, error=0.62):
    """Past cases just like this one, whose outcome the model got badly wrong."""
    vector = "[" + ",".join(map(str, embed(features))) + "]"
    for i in range(n):
        conn.execute(
            "INSERT INTO agent_memory (case_number, county, auction_date, context, prediction, feature_values, embedding,"
            " embedding_version, outcome_recorded, outcome_recorded_at, actual_outcome, prediction_error)"
            " VALUES (%s, 'brevard', '2026-10-07', '{}', %s, %s, %s, %s, true, now(), %s, %s)",
            (f"05-2025-CA-00000{i}-XXCA-BC", json.dumps({"third_party_probability": 0.1}),
             [features.get(k) for k in INPUT_FEATURES],
             vector, EMBEDDING_VERSION, json.dumps({"sold_to": "THIRD_PARTY"}), error),
        )


def test_rematerializing_leaves_one_memory_per_case(db_url, conn):
    store_partition(conn)
    materialize(db_url, [case_analysis, case_memory])
    materialize(db_url, [case_memory])
    rows = conn.execute("SELECT case_number, count(*) FROM agent_memory GROUP BY 1").fetchall()
    assert len(rows) == 3 and all(count == 1 for _, count in rows)
    dims = conn.execute("SELECT vector_dims(embedding) FROM agent_memory LIMIT 1").fetchone()[0]
    assert dims == 32


def test_similar_cases_with_large_errors_add_third_party_verify_and_are_named(db_url, conn):
    store_partition(conn)
    materialize(db_url, [case_analysis])
    before, _ = deployed(conn, BANK)
    assert "third_party_verify" not in before
    features = conn.execute("SELECT features FROM case_features WHERE case_number = %s", (BANK,)).fetchone()[0]
    remember_surprises(conn, features)
    materialize(db_url, [case_analysis], only=["agent_verdicts"])
    after, verdict = deployed(conn, BANK)
    assert "third_party_verify" in after
    named = [r for r in verdict["reasons"] if r.startswith("similar past cases: 05-2025-CA-00000")]
    assert named and "model error 0.62" in named[0] and "sold to THIRD_PARTY" in named[0]


def test_small_errors_leave_the_routing_alone(db_url, conn):
    store_partition(conn)
    materialize(db_url, [case_analysis])
    features = conn.execute("SELECT features FROM case_features WHERE case_number = %s", (BANK,)).fetchone()[0]
    remember_surprises(conn, features, error=0.1)
    materialize(db_url, [case_analysis], only=["agent_verdicts"])
    after, _ = deployed(conn, BANK)
    assert "third_party_verify" not in after


def test_the_graph_asset_folds_the_pending_memories_into_the_index(db_url, conn):
    from biddeed_assets.defs.memory.memory_graph import case_memory_graph
    from biddeed_assets.store import memory

    vectors = [embed({"log_judgment": 11.0 + i / 10, "kind_BANK": 1}) for i in range(3)]
    memory.upsert_memories(conn, [{"county": "brevard", "auction_date": "2026-10-07", "case_number": f"G-{i}",
                                   "features": {}, "prediction": {}, "context": {}, "embedding": v,
                                   "actual_outcome": {"sold_to": "PLAINTIFF"}} for i, v in enumerate(vectors)])
    assert memory.pending_memories(conn) == 3
    result = dg.materialize([case_memory_graph], resources={"database": DatabaseResource(url=db_url)})
    assert result.success
    [materialization] = result.asset_materializations_for_node("case_memory_graph")
    assert materialization.metadata["dagster/row_count"].value == 3
    assert memory.pending_memories(conn) == 0
    assert {r["case_number"] for r in memory.similar_cases(conn, vectors[0], threshold=-1.0)} == {"G-0", "G-1", "G-2"}
