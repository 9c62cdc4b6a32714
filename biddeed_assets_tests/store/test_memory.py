"""Case memory on the real embedded Postgres+pgvector: writes, outcomes, retrieval, stats, the index."""

import datetime as dt
import math
import uuid

import numpy as np
import pytest

from biddeed_assets.model.drift import RetrainRule
from biddeed_assets.model.embedding import DIM, EMBEDDING_VERSION, INPUT_FEATURES, to_pgvector_text
from biddeed_assets.model.features import FEATURES
from biddeed_assets.store import memory

DAY = "2026-01-07"
NOW = dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC)


def unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def clustered(n, seed=0, clusters=8):
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(clusters, DIM))
    x = centers[rng.integers(0, clusters, n)] + rng.normal(scale=0.5, size=(n, DIM))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def row(case, embedding, *, county="brevard", day=DAY, p=0.3, outcome=None, recorded_at=None):
    return {
        "county": county, "auction_date": day, "case_number": case, "embedding": embedding,
        "context": {"plaintiff": "BANK OF \\ NEW\tYORK"}, "prediction": {"third_party_probability": p},
        "features": {"log_judgment": 12.0, "value": None}, "actual_outcome": outcome, "outcome_recorded_at": recorded_at,
    }


def brute_force(vectors, has_outcome, query, k):
    sims = vectors @ unit(query)
    sims[~has_outcome] = -np.inf
    order = np.argsort(-sims, kind="stable")[:k]
    return order, sims[order]


def test_similar_cases_are_the_true_nearest_neighbours_with_outcomes(conn):
    vectors = clustered(400)
    has_outcome = np.arange(400) % 2 == 0
    rows = [row(f"C{i:03d}", v, outcome={"sold_to": "THIRD_PARTY"} if has_outcome[i] else None)
            for i, v in enumerate(vectors)]
    assert memory.bulk_load(conn, rows) == 400
    rng = np.random.default_rng(1)
    for q in range(20):
        query = vectors[q] + rng.normal(scale=0.05, size=DIM).astype(np.float32)
        found = memory.similar_cases(conn, query, k=5, threshold=-1.0, ef_search=400)
        order, sims = brute_force(vectors, has_outcome, query, 5)
        assert [r["case_number"] for r in found] == [f"C{i:03d}" for i in order]
        assert [r["similarity"] for r in found] == pytest.approx(sims.tolist(), abs=1e-5)
    # a case without an outcome is never returned, even for its own vector
    own = memory.similar_cases(conn, vectors[1], k=5, threshold=-1.0)
    assert "C001" not in {r["case_number"] for r in own} and len(own) == 5
    assert all(r["actual_outcome"] == {"sold_to": "THIRD_PARTY"} for r in own)


def test_threshold_filters_after_the_nearest_k(conn):
    base = np.zeros(DIM, dtype=np.float32)
    base[0] = 1.0
    angles = [0.0, 0.3, 0.6, 0.9, 1.2]  # cosines 1.0, 0.955, 0.825, 0.622, 0.362
    vecs = [unit([math.cos(a), math.sin(a)] + [0.0] * (DIM - 2)) for a in angles]
    memory.bulk_load(conn, [row(f"A{i}", v, outcome={"sold_to": "PLAINTIFF"}) for i, v in enumerate(vecs)])
    found = memory.similar_cases(conn, base, k=5, threshold=0.7)
    assert [r["case_number"] for r in found] == ["A0", "A1", "A2"]
    assert all(r["similarity"] > 0.7 for r in found)
    assert [r["case_number"] for r in memory.similar_cases(conn, base, k=2, threshold=0.0)] == ["A0", "A1"]
    assert memory.similar_cases(conn, -base, k=5) == []


def test_replace_partition_twice_leaves_one_row_per_case_and_keeps_outcomes(conn):
    vectors = clustered(6, seed=3)
    other = row("OTHER-1", vectors[5], day="2026-01-14")
    memory.upsert_memories(conn, [other])
    first = [row(f"P{i}", vectors[i]) for i in range(5)]
    assert memory.replace_partition_memories(conn, "brevard", DAY, first) == 5
    memory.record_outcomes(conn, [{"county": "brevard", "auction_date": DAY, "case_number": "P0",
                                   "actual_outcome": {"sold_to": "THIRD_PARTY"}, "recorded_at": NOW}])
    # the re-run: same cases, one dropped, a new prediction for P0
    second = [row("P0", vectors[0], p=0.9)] + [row(f"P{i}", vectors[i]) for i in range(1, 4)]
    with conn.transaction():  # inside the caller's transaction
        assert memory.replace_partition_memories(conn, "brevard", DAY, second) == 4
        memory.replace_partition_memories(conn, "brevard", DAY, second)
    counts = conn.execute(
        "SELECT county, auction_date::text, count(*), count(DISTINCT case_number) FROM agent_memory"
        " GROUP BY 1, 2 ORDER BY 2"
    ).fetchall()
    assert counts == [("brevard", DAY, 4, 4), ("brevard", "2026-01-14", 1, 1)]
    kept = conn.execute(
        "SELECT outcome_recorded, actual_outcome, prediction_error::float8, outcome_recorded_at, embedding_version,"
        " feature_values, context FROM agent_memory WHERE case_number = 'P0'"
    ).fetchone()
    assert kept[:4] == (True, {"sold_to": "THIRD_PARTY"}, pytest.approx(0.1), NOW)  # error vs the new 0.9
    assert kept[4] == EMBEDDING_VERSION
    assert kept[5] == [12.0] + [None] * (len(INPUT_FEATURES) - 1)  # in INPUT_FEATURES order, NULL where unknown
    found = memory.similar_cases(conn, vectors[0], k=1, threshold=-1.0)
    assert found[0]["case_number"] == "P0" and found[0]["features"] == {"log_judgment": 12.0}  # read back as before
    assert kept[6] == {"plaintiff": "BANK OF \\ NEW\tYORK"}  # COPY escaping round-trips
    with pytest.raises(ValueError):
        memory.replace_partition_memories(conn, "brevard", DAY, [row("X", vectors[0], day="2026-02-04")])


def test_upsert_replaces_by_case_across_partitions(conn):
    vectors = clustered(3, seed=4)
    rows = [row("U1", vectors[0]), row("U2", vectors[1], county="duval"), row("U3", vectors[2], day="2026-01-14")]
    assert memory.upsert_memories(conn, rows) == 3
    assert memory.upsert_memories(conn, [row("U1", vectors[1], p=0.5), row("U1", vectors[2], p=0.6)]) == 1
    assert conn.execute("SELECT count(*) FROM agent_memory").fetchone()[0] == 3
    p = conn.execute("SELECT prediction FROM agent_memory WHERE case_number = 'U1'").fetchone()[0]
    assert p == {"third_party_probability": 0.6}  # the last row given for a case wins


def test_record_outcomes_sets_errors_for_many_cases_in_one_call(conn):
    vectors = clustered(6, seed=5)
    probabilities = [0.3, 0.8, 0.25, 0.6, None]
    rows = [row(f"R{i}", vectors[i], p=p) for i, p in enumerate(probabilities)]
    memory.upsert_memories(conn, rows)
    outcomes = [
        {"county": "brevard", "auction_date": DAY, "case_number": "R0", "actual_outcome": {"sold_to": "THIRD_PARTY"}},
        {"county": "brevard", "auction_date": DAY, "case_number": "R1", "actual_outcome": {"sold_to": "PLAINTIFF"}},
        {"county": "brevard", "auction_date": DAY, "case_number": "R2", "actual_outcome": {"sold_to_third_party": True}},
        {"county": "brevard", "auction_date": DAY, "case_number": "R3", "actual_outcome": {"status": "CANCELLED"}},
        {"county": "brevard", "auction_date": DAY, "case_number": "R4", "actual_outcome": {"sold_to": "PLAINTIFF"}},
        {"county": "brevard", "auction_date": DAY, "case_number": "NOT-STORED", "actual_outcome": {"sold_to": "PLAINTIFF"}},
    ]
    assert memory.record_outcomes(conn, outcomes) == 5
    got = dict(conn.execute(
        "SELECT case_number, prediction_error::float8 FROM agent_memory WHERE outcome_recorded ORDER BY 1"
    ).fetchall())
    # |0.3-1|, |0.8-0|, |0.25-1|; a cancelled sale and a prediction without a probability have no error
    assert got == {"R0": 0.7, "R1": 0.8, "R2": 0.75, "R3": None, "R4": None}
    recorded = conn.execute("SELECT bool_and(outcome_recorded_at IS NOT NULL) FROM agent_memory WHERE outcome_recorded")
    assert recorded.fetchone()[0]
    # the Python rule used by COPY agrees with the UPDATE's
    assert memory.prediction_error({"third_party_probability": 0.25}, {"sold_to_third_party": True}) == 0.75


def _with_errors(conn, errors, *, start=0, recorded_at=NOW):
    vectors = clustered(len(errors), seed=start + 7)
    rows = [row(f"S{start + i}", vectors[i], p=e, outcome={"sold_to": "PLAINTIFF"}, recorded_at=recorded_at)
            for i, e in enumerate(errors)]  # a plaintiff sale: error = predicted probability
    memory.bulk_load(conn, rows)


def test_memory_stats_counts_and_the_drift_rule(conn):
    empty = memory.memory_stats(conn, as_of=NOW)
    assert (empty.total, empty.with_outcomes, empty.outcome_rate, empty.recent_error_rate, empty.drift) == (
        0, 0, 0.0, None, False)
    assert empty.window_days == RetrainRule().window_days == 30 and empty.baseline_source == "seed"
    _with_errors(conn, [0.40] * 10)  # plaintiff sales called plaintiff (p 0.40 < 0.5): right calls, |p - y| 0.40
    memory.upsert_memories(conn, [row("OPEN", clustered(1, seed=99)[0])])  # no outcome yet
    _with_errors(conn, [0.99] * 20, start=100, recorded_at=NOW - dt.timedelta(days=8))  # wrong, outside 7 days
    stats = memory.memory_stats(conn, window_days=7, as_of=NOW)
    assert (stats.total, stats.with_outcomes, stats.recent_samples) == (31, 30, 10)
    assert stats.outcome_rate == pytest.approx(30 / 31)
    assert stats.recent_error_rate == 0.0 and stats.recent_mean_abs_error == pytest.approx(0.40) and not stats.drift
    month = memory.memory_stats(conn, as_of=NOW)  # the rule's 30 days hold the old, wrong calls too
    assert month.recent_samples == 30 and month.recent_error_rate == pytest.approx(20 / 30) and month.drift
    assert "exceeds baseline 0.356 (seed)" in month.drift_reason


def test_drift_needs_ten_samples_above_the_margin(conn):
    _with_errors(conn, [0.9] * 9)
    assert not memory.memory_stats(conn, as_of=NOW).drift  # 9 samples are too few
    _with_errors(conn, [0.2], start=50)  # 9 wrong calls of 10: error rate 0.9
    stats = memory.memory_stats(conn, as_of=NOW)
    assert stats.recent_samples == 10 and stats.recent_error_rate == pytest.approx(0.9) and stats.drift


def test_memory_stats_decide_on_wrong_calls_not_on_mean_absolute_error(conn):
    # calibrated but uncertain: every call right, yet mean |p - y| 0.45 is above the seed's 0.356 + 0.05
    _with_errors(conn, [0.45] * 12)
    stats = memory.memory_stats(conn, as_of=NOW)
    assert stats.recent_mean_abs_error == pytest.approx(0.45) and stats.recent_error_rate == 0.0 and not stats.drift


def test_memory_stats_read_the_outcome_as_outcome_actual_does(conn):
    outcomes = [{"sold_to": "THIRD_PARTY"}, {"sold_to": "CERT_HOLDER"}, {"sold_to_third_party": True},
                {"sold_to_third_party": False, "sold_to": "THIRD_PARTY"}, {"sold_to_third_party": None, "sold_to": "PLAINTIFF"},
                {"sold_to_third_party": 1}, {"sold_to_third_party": 0}]
    vectors = clustered(len(outcomes), seed=5)
    rows = [row(f"O{i}", vectors[i], p=0.6, outcome=o, recorded_at=NOW) for i, o in enumerate(outcomes)]
    memory.bulk_load(conn, rows)
    wrong = sum(memory.outcome_actual(o) == 0.0 for o in outcomes)  # p 0.6 calls a third-party sale
    stats = memory.memory_stats(conn, as_of=NOW)
    assert stats.recent_samples == len(outcomes) and stats.recent_error_rate == pytest.approx(wrong / len(outcomes))


def test_memory_stats_use_the_champions_baseline_and_the_given_rule(conn):
    from biddeed_assets.store import registry

    _with_errors(conn, [0.6] * 3 + [0.1] * 17)  # 3 wrong calls of 20: error rate 0.15
    assert not memory.memory_stats(conn, as_of=NOW).drift  # the seed's 0.406
    registry.register(conn, model_name="third_party_model", version="v1", window=("2025-01-01", "2025-12-31"),
                      features=[], feature_hash="h", params={}, metrics={"accuracy": 0.95, "error_rate": 0.05},
                      artifact=b"-")
    registry.promote(conn, "third_party_model", "v1", "test")
    stats = memory.memory_stats(conn, as_of=NOW)
    assert stats.drift and stats.baseline_error == 0.05 and stats.baseline_source == "champion v1"
    assert not memory.memory_stats(conn, rule=RetrainRule(error_margin=0.2), as_of=NOW).drift


def test_similarity_query_uses_the_hnsw_index(conn):
    vectors = clustered(300, seed=11)
    memory.bulk_load(conn, [row(f"E{i}", v, outcome={"sold_to": "PLAINTIFF"} if i % 2 else None)
                            for i, v in enumerate(vectors)])
    conn.execute("ANALYZE agent_memory")
    plan = "\n".join(r[0] for r in conn.execute(
        "EXPLAIN SELECT * FROM match_similar_cases(%s::vector, 5, 0.7)", (to_pgvector_text(vectors[0]),)
    ))
    assert "Index Scan using idx_agent_memory_embedding" in plan, plan
    indexdef = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_agent_memory_embedding'").fetchone()[0]
    assert "hnsw" in indexdef and "WHERE (outcome_recorded AND (NOT graph_pending))" in indexdef


def test_written_outcomes_wait_outside_the_graph_and_are_found_exactly_until_folded(conn):
    vectors = clustered(200, seed=21)
    memory.bulk_load(conn, [row(f"G{i}", v, outcome={"sold_to": "PLAINTIFF"}) for i, v in enumerate(vectors[:100])],
                     rebuild_index=True)
    assert memory.pending_memories(conn) == 0
    memory.upsert_memories(conn, [row(f"W{i}", v, outcome={"sold_to": "THIRD_PARTY"})
                                  for i, v in enumerate(vectors[100:150])])
    memory.upsert_memories(conn, [row(f"O{i}", v) for i, v in enumerate(vectors[150:])])
    memory.record_outcomes(conn, [{"county": "brevard", "auction_date": DAY, "case_number": f"O{i}",
                                   "actual_outcome": {"sold_to": "PLAINTIFF"}} for i in range(25)])
    assert memory.pending_memories(conn) == 75  # 50 upserted with outcomes, 25 given one; 25 still open
    has_outcome = np.array([True] * 175 + [False] * 25)
    names = [f"G{i}" for i in range(100)] + [f"W{i}" for i in range(50)] + [f"O{i}" for i in range(50)]

    def nearest(query):
        return [r["case_number"] for r in memory.similar_cases(conn, query, k=5, threshold=-1.0, ef_search=400)]

    queries = [vectors[q] for q in (0, 110, 160, 190)]
    expected = [[names[i] for i in brute_force(vectors, has_outcome, q, 5)[0]] for q in queries]
    assert [nearest(q) for q in queries] == expected
    assert nearest(vectors[110])[0] == "W10" and nearest(vectors[160])[0] == "O10"  # pending ones are found
    assert memory.fold_pending_memories(conn, rebuild_index=False) == 75
    assert memory.pending_memories(conn) == 0 and memory.fold_pending_memories(conn) == 0
    assert [nearest(q) for q in queries] == expected
    memory.record_outcomes(conn, [{"county": "brevard", "auction_date": DAY, "case_number": f"O{i}",
                                   "actual_outcome": {"sold_to": "PLAINTIFF"}} for i in range(25, 50)])
    assert memory.fold_pending_memories(conn, rebuild_index=True) == 25  # the graph rebuilt with them
    has_outcome[:] = True
    assert [nearest(q) for q in queries] == [[names[i] for i in brute_force(vectors, has_outcome, q, 5)[0]]
                                             for q in queries]
    assert conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = %s", (memory.INDEX,)).fetchone()[0] == 1


def test_bulk_load_rebuilds_the_index_and_both_copy_formats_store_the_same(conn):
    vectors = clustered(40, seed=12)
    text_rows = [row(f"T{i}", v, outcome={"sold_to": "THIRD_PARTY"} if i % 2 else None, recorded_at=NOW)
                 for i, v in enumerate(vectors[:20])]
    binary_rows = [{**r, "case_number": r["case_number"].replace("T", "B")} for r in text_rows]
    memory.bulk_load(conn, text_rows, rebuild_index=True, copy_format="text")
    memory.bulk_load(conn, binary_rows, rebuild_index=False, copy_format="binary")
    stored = conn.execute(
        "SELECT substr(case_number, 2), context, prediction, feature_values, embedding::text, actual_outcome,"
        " prediction_error, outcome_recorded, outcome_recorded_at, case_number LIKE 'T%%' FROM agent_memory"
    ).fetchall()
    text = sorted(r[:-1] for r in stored if r[-1])
    binary = sorted(r[:-1] for r in stored if not r[-1])
    assert len(text) == 20 and text == binary
    assert conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_agent_memory_embedding'").fetchone()[0] == 1
    assert len(memory.similar_cases(conn, vectors[1], threshold=-1)) == 5


def test_a_rebuilt_load_keeps_every_key_and_gives_each_row_its_own_v4_id(conn):
    vectors = clustered(30, seed=5)
    memory.bulk_load(conn, [row(f"K{i}", v) for i, v in enumerate(vectors[:20])], rebuild_index=True)
    memory.bulk_load(conn, [row(f"K{i}", v) for i, v in enumerate(vectors[20:], 20)], copy_format="text")
    ids = [r[0] for r in conn.execute("SELECT id FROM agent_memory").fetchall()]
    assert len(ids) == len(set(ids)) == 30 and {i.version for i in ids} == {4} and {i.variant for i in ids} == {uuid.RFC_4122}
    constraints = {r[0] for r in conn.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = 'agent_memory'::regclass AND contype IN ('p', 'u')")}
    assert constraints == {"agent_memory_pkey", "unique_agent_memory_case"}
    with pytest.raises(Exception, match="unique_agent_memory_case"):
        memory.bulk_load(conn, [row("K1", vectors[0]), *(row(f"N{i}", v) for i, v in enumerate(vectors))], rebuild_index=True)


def test_similar_cases_inside_a_transaction_restores_ef_search(conn):
    memory.bulk_load(conn, [row("Q1", clustered(1)[0], outcome={"sold_to": "PLAINTIFF"})])
    with conn.transaction():
        conn.execute("SET LOCAL hnsw.ef_search = 33")
        assert len(memory.similar_cases(conn, clustered(1)[0], threshold=-1, ef_search=120)) == 1
        assert conn.execute("SHOW hnsw.ef_search").fetchone()[0] == "33"


def test_memory_rows_embed_features_and_reject_bad_vectors(conn):
    cases = [{"county": "brevard", "auction_date": DAY, "case_number": "M1", "prediction": {"third_party_probability": 0.5},
              "features": dict.fromkeys(FEATURES)}]
    rows = memory.memory_rows(cases)
    assert rows[0]["embedding_version"] == EMBEDDING_VERSION and rows[0]["embedding"].shape == (DIM,)
    assert memory.upsert_memories(conn, rows) == 1
    with pytest.raises(ValueError):
        memory.upsert_memories(conn, [row("BAD", [float("nan")] * DIM)])
    with pytest.raises(ValueError):
        memory.bulk_load(conn, [row("SHORT", [1.0] * 8)])


def test_many_queries_in_one_round_trip_match_one_by_one(conn):
    import numpy as np

    from biddeed_assets.store import memory as store_memory

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(60, 32)).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = [{"county": "brevard", "auction_date": "2026-01-07", "case_number": f"C-{i}", "features": {},
             "prediction": {"third_party_probability": 0.5}, "context": {}, "embedding": vectors[i],
             "actual_outcome": {"sold_to": "PLAINTIFF"}} for i in range(60)]
    store_memory.bulk_load(conn, rows)
    queries = {f"Q-{i}": vectors[i] + 0.01 for i in range(5)}
    many = store_memory.similar_cases_many(conn, queries, k=3, threshold=0.0)
    for key, vector in queries.items():
        one = store_memory.similar_cases(conn, vector, k=3, threshold=0.0)
        assert [r["case_number"] for r in many[key]] == [r["case_number"] for r in one]
    plan = "\n".join(r[0] for r in conn.execute(
        "EXPLAIN SELECT * FROM unnest(ARRAY['a'], ARRAY[%s::vector]) AS q(k, e)"
        " CROSS JOIN LATERAL match_similar_cases(q.e, 3, 0.0) m", (store_memory.to_pgvector_text(vectors[0]),)))
    assert "idx_agent_memory_embedding" in plan


def test_features_are_stored_typed_and_read_back_as_the_known_ones(conn):
    names = [r[0] for r in conn.execute("SELECT name FROM memory_feature_names ORDER BY position")]
    assert names == list(INPUT_FEATURES)  # the stored arrays' order is the embedding's
    features = {k: float(i) for i, k in enumerate(INPUT_FEATURES)} | {"kind_BANK": 1, "kind_HOA": 0, "type_SFR": True,
                                                                      "value": None, "not_an_input": 5.0}
    for fmt in ("text", "binary"):
        memory.bulk_load(conn, [{**row(f"F-{fmt}", clustered(1)[0], outcome={"sold_to": "PLAINTIFF"}),
                                 "features": features}], copy_format=fmt)
    expected = {k: v for k, v in features.items() if k in INPUT_FEATURES and v is not None
                and (v or not k.startswith(("kind_", "type_")))}  # a one-hot group keeps only its 1
    found = memory.similar_cases(conn, clustered(1)[0], k=2, threshold=-1.0)
    assert [r["features"] for r in found] == [expected, expected]
    with pytest.raises(ValueError, match="numbers or null"):
        memory.upsert_memories(conn, [{**row("BAD", clustered(1)[0]), "features": {"value": "a lot"}}])


def test_the_batch_binary_encoder_stores_what_the_text_copy_stores(conn, monkeypatch):
    """Odd values through both COPY formats (the text one is parsed by the server): the stored rows are equal."""
    monkeypatch.setattr(memory, "_COPY_ROWS", 3)  # several batches in one COPY
    vectors = clustered(12, seed=21)
    tiny, huge = 5e-324, 1.7976931348623157e308
    odd = [
        {"context": {"plaintiff": "Ñandú Crédito \\ \"ß\" 日本\t\n", "n": None, "nested": [1, {"x": -0.0}]},
         "prediction": {"third_party_probability": 0.00005}, "features": {"log_judgment": tiny, "value": huge,
                                                                          "kind_BANK": True, "kind_HOA": 0}},
        {"prediction": {"third_party_probability": 0.99995}, "features": {"log_judgment": -0.0, "value": None}},
        {"prediction": {"third_party_probability": 0.12345}, "features": {}, "context": {}},
        {"prediction": {"third_party_probability": 1.0}, "features": dict.fromkeys(INPUT_FEATURES, 0.1)},
        {"prediction": {"third_party_probability": 0.0}, "features": {"value": 1e-310}},
        {"prediction": {"third_party_probability": None}, "features": {"value": 3.141592653589793}},
        {"prediction": {}, "context": None},
    ]
    outcomes = [{"sold_to": "THIRD_PARTY"}, {"sold_to": "PLAINTIFF"}, {"sold_to_third_party": True}, None,
                {"sold_to": "PLAINTIFF", "note": "ü"}, {"sold_to": "CANCELLED"}, None]
    stamps = [NOW, dt.datetime(2026, 1, 2, 3, 4, 5, 678901), "2025-12-31T23:59:59.999999+05:30", None,
              dt.datetime(1999, 12, 31, 23, 59, 59, 1, tzinfo=dt.UTC), "2026-01-01T00:00:00", None]
    rows = []
    for i, (extra, outcome, stamp) in enumerate(zip(odd, outcomes, stamps, strict=True)):
        base = row(f"Ö-{i}/日", vectors[i], county="brevard" if i % 2 else "orange",
                   day=dt.date(2025, 2, 28) if i % 3 else "2024-02-29", outcome=outcome, recorded_at=stamp)
        rows.append({**base, **extra, "embedding_version": "v-ä" if i % 2 else None})
    memory.bulk_load(conn, [{**r, "case_number": "T" + r["case_number"]} for r in rows], copy_format="text")
    memory.bulk_load(conn, [{**r, "case_number": "B" + r["case_number"]} for r in rows], copy_format="binary")
    stored = conn.execute(
        "SELECT substr(case_number, 2), county, auction_date, context::text, prediction::text, feature_values::text,"
        " float8send(feature_values[2]), embedding::text, embedding_version, actual_outcome::text,"
        " numeric_send(prediction_error), outcome_recorded, outcome_recorded_at, graph_pending,"
        " case_number LIKE 'T%%' FROM agent_memory").fetchall()
    text = sorted(r[:-1] for r in stored if r[-1])
    binary = sorted(r[:-1] for r in stored if not r[-1])
    assert len(text) == len(rows) and text == binary
    assert sum(r[10] is None for r in binary) == 3 and sum(r[12] is None for r in binary) == 2


def test_record_outcomes_keeps_each_outcome_and_time_as_given(conn):
    vectors = clustered(4, seed=9)
    memory.upsert_memories(conn, [row(f"W{i}", v) for i, v in enumerate(vectors)])
    given = [NOW, dt.datetime(2026, 1, 2, 3, 4, 5, 678901), "2025-12-31T23:59:59.999999+05:30", None]
    outcome = {"sold_to": "THIRD_PARTY", "buyer": "Ñandú \\ \"x\"", "sold_amount": 1234.5, "extra": None}
    assert memory.record_outcomes(conn, [{"county": "brevard", "auction_date": DAY, "case_number": f"W{i}",
                                          "actual_outcome": outcome, "recorded_at": t} for i, t in enumerate(given)]) == 4
    stored = conn.execute("SELECT actual_outcome, outcome_recorded_at, outcome_recorded_at = %s::timestamptz,"
                          " now() - outcome_recorded_at < interval '1 hour' FROM agent_memory ORDER BY case_number",
                          (dt.datetime(2026, 1, 2, 3, 4, 5, 678901),)).fetchall()
    assert [r[0] for r in stored] == [outcome] * 4
    assert stored[0][1] == NOW and stored[1][2] and stored[3][3]
    assert stored[2][1] == dt.datetime(2025, 12, 31, 18, 29, 59, 999999, tzinfo=dt.UTC)
