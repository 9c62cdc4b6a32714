"""Case-memory benchmark at 100,000 synthetic memories, on a scratch database it creates and drops.

`run(url)` yields (figure, value, unit). `url` is any URL of the server to use (its database part is
ignored); the default is `server.up()`'s, the embedded one unless BIDDEED_DATABASE_URL is set.

The memories are realistic rather than random: feature rows from ten case archetypes (bank SFR, HOA
county-court, condo association, GSE, HUD, private lender, tax-heavy, ...) with per-case noise and the
missingness a real partition has (no appraisal, hidden max bid, liens or taxes not searched), embedded by
`embed_many`, each carrying its context, prediction and full feature dict; half have an outcome.

Figures:
- memory_embed_rows_per_s: embed_many over the feature rows.
- memory_copy_text_rows_per_s / memory_copy_binary_rows_per_s: COPY alone (HNSW index absent; btree
  indexes included), text format vs binary (each column encoded for a batch of rows, store/memory_copy.py).
- memory_index_build_s: building the HNSW index over the loaded memories (REINDEX, timed alone).
- memory_bulk_load_rows_per_s: `bulk_load` on an empty table, COPY and the key indexes (the primary key,
  the unique case key, the outcome indexes) built after it; memory_bulk_load_with_hnsw_rows_per_s adds the
  HNSW rebuild (the honest combined rate), memory_hnsw_build_s is that rebuild alone;
  memory_bulk_load_copy_s / memory_bulk_load_keys_s split the first into its COPY and its key indexes.
- memory_query_p50_ms / _p95_ms: `similar_cases` top-5 (its transaction, SET LOCAL, the inlined
  match_similar_cases), over `queries` held-out cases, at DEFAULT_EF_SEARCH.
- memory_recall_at_5: share of the exact top-5 (numpy brute force over the memories with outcomes,
  ties counted) that the index returns; memory_recall_at_5_ef{N} and memory_query_p50_ms_ef{N}: the
  ef_search sweep behind DEFAULT_EF_SEARCH.
- memory_exact_query_p50_ms: the same query with the index disabled (sequential scan), for scale.
- memory_upsert_rows_per_s: `upsert_memories` of new analysed cases, about half with outcomes, into the live
  table (since sql/017 a memory with an outcome waits outside the HNSW graph, `graph_pending`).
- memory_record_outcomes_rows_per_s: `record_outcomes` for open cases (each becomes graph_pending).
- memory_query_p50_ms_with_pending: `similar_cases` with those writes' memories still outside the graph
  (scanned exactly beside the graph search); memory_fold_pending_rows_per_s: `fold_pending_memories`
  inserting them into the graph (the cost the writes no longer pay, paid in bulk later).
- memory_upsert_without_hnsw_rows_per_s / memory_record_outcomes_without_hnsw_rows_per_s: the same two
  writes with the HNSW index dropped (rolled back after): the gap to the two above is the graph insertion.
- memory_stats_ms: one `memory_stats` call.
- memory_size_mib / memory_index_mib: agent_memory with TOAST and all its indexes / the HNSW index alone.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator

import numpy as np
import psycopg

from biddeed_assets.model.embedding import embed_many
from biddeed_assets.model.features import COUNTIES, FEATURES, KINDS, PROPERTY_TYPES
from biddeed_assets.rules.decisions import REVIEW, SKIP
from biddeed_assets.store import config, memory, migrations

Figure = tuple[str, float, str]
MIB = 1024 * 1024
EF_SWEEP = (20, 40, 64, 100)

# archetype: kind, property type, county court, judgment/value (median), value (median $), third-party rate
ARCHETYPES = (
    ("BANK", "SFR", 0, 0.85, 260_000, 0.35),
    ("BANK", "CONDO", 0, 0.95, 160_000, 0.30),
    ("SERVICER", "TOWNHOUSE", 0, 0.80, 220_000, 0.40),
    ("GSE", "SFR", 0, 0.60, 300_000, 0.55),
    ("HOA", "SFR", 1, 0.03, 280_000, 0.20),
    ("CONDO", "CONDO", 1, 0.05, 150_000, 0.15),
    ("GOVERNMENT", "SFR", 0, 0.90, 200_000, 0.45),
    ("PRIVATE", "COMMERCIAL", 0, 0.50, 450_000, 0.50),
    ("TRUSTEE", "MULTI-FAMILY", 0, 0.75, 380_000, 0.40),
    ("BANK", "LAND", 0, 1.20, 60_000, 0.25),
)


def synthetic_features(n: int, seed: int = 0) -> list[dict[str, float | None]]:
    """`n` feature rows (features.py names) drawn from the archetypes, with realistic missingness."""
    rng = np.random.default_rng(seed)
    arch = rng.integers(0, len(ARCHETYPES), n)
    table = np.array([a[3:] for a in ARCHETYPES], dtype=float)
    cols: dict[str, np.ndarray] = {}
    value = np.round(table[arch, 1] * np.exp(rng.normal(0, 0.35, n)), -2)
    judgment = np.round(value * table[arch, 0] * np.exp(rng.normal(0, 0.25, n)), 2)
    surviving = np.where(np.array([a[2] for a in ARCHETYPES])[arch] == 1, np.round(value * rng.uniform(0.4, 0.9, n), -2), 0.0)
    unpaid = np.where(rng.random(n) < 0.3, np.round(rng.lognormal(7.5, 0.8, n), 2), 0.0)
    zip_income = np.round(rng.uniform(42_000, 115_000, n), -2)
    zip_home = np.round(zip_income * rng.uniform(3.2, 4.4, n), -3)
    cols["final_judgment"] = judgment
    cols["log_judgment"] = np.log(judgment)
    cols["value"] = value
    cols["judgment_to_value"] = judgment / value
    cols["equity_ratio"] = (value - judgment - surviving - unpaid) / value
    cols["max_bid_to_judgment"] = np.minimum(1.0, rng.uniform(0.7, 1.05, n) * value / judgment)
    hidden = rng.random(n) < 0.45
    cols["max_bid_hidden"] = hidden.astype(float)
    cols["case_age_years"] = rng.integers(0, 6, n).astype(float)
    cols["county_court"] = np.array([a[2] for a in ARCHETYPES], dtype=float)[arch]
    kinds = np.array([a[0] for a in ARCHETYPES])[arch]
    types = np.array([a[1] for a in ARCHETYPES])[arch]
    for k in KINDS:
        cols[f"kind_{k}"] = (kinds == k).astype(float)
    for t in PROPERTY_TYPES:
        cols[f"type_{t}"] = (types == t).astype(float)
    cols["plaintiff_tp_rate"] = np.clip(table[arch, 2] + rng.normal(0, 0.08, n), 0, 1)
    cols["plaintiff_tp_samples"] = rng.integers(0, 60, n).astype(float)
    cols["homestead"] = (rng.random(n) < 0.55).astype(float)
    cols["pool"] = (rng.random(n) < 0.3).astype(float)
    cols["building_age"] = rng.integers(1, 70, n).astype(float)
    cols["living_area"] = np.round(np.where(types == "CONDO", rng.uniform(700, 1500, n), rng.uniform(1000, 3400, n)))
    cols["unpaid_taxes"] = unpaid
    cols["unpaid_tax_years"] = np.where(unpaid > 0, rng.integers(1, 4, n), 0).astype(float)
    cols["tax_certificates"] = np.where(unpaid > 0, rng.integers(0, 3, n), 0).astype(float)
    cols["active_liens"] = rng.integers(0, 4, n).astype(float)
    cols["active_mortgages"] = np.minimum(cols["active_liens"], rng.integers(0, 3, n)).astype(float)
    cols["surviving_lien_value"] = surviving
    cols["extinguished_value"] = np.round(judgment * rng.uniform(0.9, 1.2, n), 2)
    cols["senior_mortgage_survives"] = (surviving > 0).astype(float)
    cols["irs_lien"] = (rng.random(n) < 0.03).astype(float)
    cols["zip_income"] = zip_income
    cols["zip_home_value"] = zip_home
    cols["zip_vacancy"] = np.round(rng.uniform(0.04, 0.22, n), 4)
    cols["zip_owner_occupancy"] = np.round(rng.uniform(0.45, 0.85, n), 4)
    cols["value_to_zip_median"] = value / zip_home
    cols["sale_year"] = rng.integers(2023, 2027, n).astype(float)
    cols["sale_month"] = rng.integers(1, 13, n).astype(float)
    county = rng.integers(0, len(COUNTIES), n)
    for i, c in enumerate(COUNTIES):
        cols[f"county_{c}"] = (county == i).astype(float)
    # what a real partition lacks: no appraisal, hidden max bid, records not searched, no ACS row
    blank = {
        ("value", "judgment_to_value", "equity_ratio", "value_to_zip_median"): 0.12,
        ("active_liens", "active_mortgages", "surviving_lien_value", "extinguished_value",
         "senior_mortgage_survives", "irs_lien"): 0.2,
        ("unpaid_taxes", "unpaid_tax_years", "tax_certificates"): 0.1,
        ("zip_income", "zip_home_value", "zip_vacancy", "zip_owner_occupancy"): 0.05,
        ("building_age", "living_area", "homestead", "pool"): 0.08,
        ("plaintiff_tp_rate",): 0.15,
    }
    cols["max_bid_to_judgment"] = np.where(hidden, np.nan, cols["max_bid_to_judgment"])
    for names, share in blank.items():
        missing = rng.random(n) < share
        for name in names:
            cols[name] = np.where(missing, np.nan, cols[name])
    matrix = np.column_stack([cols[f].astype(float) for f in FEATURES]).tolist()
    return [dict(zip(FEATURES, [None if v != v else v for v in values], strict=True)) for values in matrix]


def synthetic_memories(n: int, seed: int = 0) -> tuple[list[dict], np.ndarray, np.ndarray]:
    """`n` memory rows (about half with outcomes), their embeddings, and the has-outcome mask."""
    rng = np.random.default_rng(seed + 1)
    features = synthetic_features(n, seed)
    vectors = embed_many(features)
    has_outcome = rng.random(n) < 0.5
    probability = np.round(rng.uniform(0.02, 0.98, n), 4)
    third_party = rng.random(n) < probability
    start = dt.date(2023, 1, 4)
    recorded = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for i in range(n):
        county = COUNTIES[i % len(COUNTIES)]
        day = start + dt.timedelta(days=7 * ((i // len(COUNTIES)) % 156))
        p = float(probability[i])
        rows.append({
            "county": county, "auction_date": day.isoformat(), "case_number": f"05-{day.year}-CA-{i:07d}",
            "context": {"risk_level": "MEDIUM", "recommendation": REVIEW if p > 0.5 else SKIP, "agents": 4},
            "prediction": {"third_party_probability": p, "model_version": "bench-v1",
                           "predicted_sale_price": round(float(features[i]["value"] or 0) * 0.7, 2)},
            "features": features[i], "embedding": vectors[i],
            "actual_outcome": ({"sold_to": "THIRD_PARTY" if third_party[i] else "PLAINTIFF"}
                               if has_outcome[i] else None),
            "outcome_recorded_at": recorded - dt.timedelta(days=int(i % 30)) if has_outcome[i] else None,
        })
    return rows, vectors, has_outcome


def _scratch(url: str | None) -> tuple[str, str]:
    if url is None:
        from biddeed_assets.store import server

        url = server.up().admin_url
    admin = config.with_database(url, "postgres")
    name = f"bench_memory_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin, name


def _drop(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _exact_top(vectors: np.ndarray, has_outcome: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """The k-th best similarity per query among memories with outcomes (float64 dot products)."""
    candidates = vectors[has_outcome].astype(np.float64)
    kth = np.empty(len(queries))
    for start in range(0, len(queries), 100):
        sims = queries[start:start + 100].astype(np.float64) @ candidates.T
        kth[start:start + 100] = -np.partition(-sims, k - 1, axis=1)[:, k - 1]
    return kth


def _query_round(conn, queries, kth, k, ef) -> tuple[float, float, float]:
    latencies, hits = [], 0
    for q, bound in zip(queries, kth, strict=True):
        t0 = time.perf_counter()
        found = memory.similar_cases(conn, q, k=k, threshold=-1.0, ef_search=ef)
        latencies.append(time.perf_counter() - t0)
        hits += sum(r["similarity"] >= bound - 1e-6 for r in found)
    ms = np.array(latencies) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95)), float(hits) / (k * len(queries))


def run(url: str | None = None, *, n: int = 100_000, queries: int = 500, k: int = 5) -> Iterator[Figure]:
    admin, name = _scratch(url)
    try:
        db = config.with_database(admin, name)
        migrations.migrate(db)
        rows, vectors, has_outcome = synthetic_memories(n)
        features = [r["features"] for r in rows]
        yield "memory_embed_rows_per_s", round(n / _timed(lambda: embed_many(features))), "rows/s"
        query_vectors = embed_many(synthetic_features(queries, seed=42))
        with psycopg.connect(db, autocommit=True) as conn:
            yield from _load(conn, rows)
            conn.execute("VACUUM ANALYZE agent_memory")
            yield from _queries(conn, query_vectors, _exact_top(vectors, has_outcome, query_vectors, k), k)
            yield from _writes(conn, query_vectors)
            elapsed = _timed(lambda: memory.memory_stats(conn))
            yield "memory_stats_ms", round(elapsed * 1000, 2), "ms"
    finally:
        _drop(admin, name)


def _load(conn, rows) -> Iterator[Figure]:
    """The backfill path (store.memory.bulk_load), timed by phase: COPY with the key indexes, then HNSW."""
    n = len(rows)
    for fmt in ("text", "binary"):
        with conn.transaction():
            statements = memory.drop_indexes(conn)
            elapsed = _timed(lambda fmt=fmt: memory.copy_memories(conn, rows, copy_format=fmt))
            conn.execute("TRUNCATE agent_memory")
            for statement in statements:
                conn.execute(statement)
        yield f"memory_copy_{fmt}_rows_per_s", round(n / elapsed), "rows/s (COPY alone)"
    conn.execute("CHECKPOINT")  # the two COPYs above (and the benches before) leave dirty pages that are not the load's
    with conn.transaction():
        statements = memory.drop_indexes(conn)
        started = time.perf_counter()
        memory.copy_memories(conn, rows, pending=False)  # the graph is built after, over all of them
        copied = time.perf_counter() - started
        conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for statement in statements[:-1]:
            conn.execute(statement)
        loaded = time.perf_counter() - started
        conn.execute(statements[-1])  # the HNSW graph
        built = time.perf_counter() - started - loaded
    yield "memory_bulk_load_rows_per_s", round(n / loaded), "rows/s (COPY + key indexes; HNSW built after)"
    yield "memory_bulk_load_copy_s", round(copied, 3), "s (its COPY)"
    yield "memory_bulk_load_keys_s", round(loaded - copied, 3), "s (its key indexes)"
    yield "memory_bulk_load_with_hnsw_rows_per_s", round(n / (loaded + built)), "rows/s (COPY + every index)"
    yield "memory_hnsw_build_s", round(built, 2), "s"

    def reindex():
        with conn.transaction():
            conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
            conn.execute(f"REINDEX INDEX {memory.INDEX}")
    yield "memory_reindex_s", round(_timed(reindex), 2), "s"
    total, index = conn.execute(
        "SELECT pg_total_relation_size('agent_memory'), pg_relation_size(%s::regclass)", (memory.INDEX,)
    ).fetchone()
    yield "memory_size_mib", round(total / MIB, 1), "MiB"
    yield "memory_index_mib", round(index / MIB, 1), "MiB"


def _queries(conn, query_vectors, kth, k) -> Iterator[Figure]:
    _query_round(conn, query_vectors[:50], kth[:50], k, memory.DEFAULT_EF_SEARCH)  # warm the cache
    p50, p95, recall = _query_round(conn, query_vectors, kth, k, memory.DEFAULT_EF_SEARCH)
    yield "memory_query_p50_ms", round(p50, 3), f"ms (ef_search={memory.DEFAULT_EF_SEARCH})"
    yield "memory_query_p95_ms", round(p95, 3), "ms"
    yield "memory_recall_at_5", round(recall, 4), f"recall (ef_search={memory.DEFAULT_EF_SEARCH})"
    for ef in EF_SWEEP:
        p50, _, recall = _query_round(conn, query_vectors, kth, k, ef)
        yield f"memory_recall_at_5_ef{ef}", round(recall, 4), "recall"
        yield f"memory_query_p50_ms_ef{ef}", round(p50, 3), "ms"
    latencies = []
    with conn.transaction():
        conn.execute("SET LOCAL enable_indexscan = off")
        for q in query_vectors[:50]:
            t0 = time.perf_counter()
            conn.execute("SELECT case_number FROM match_similar_cases(%s::vector, %s, -1)",
                         (memory.to_pgvector_text(q), k)).fetchall()
            latencies.append(time.perf_counter() - t0)
    yield "memory_exact_query_p50_ms", round(float(np.median(latencies)) * 1000, 2), "ms (sequential scan)"


def _upsert_and_record(conn, batch: int, seed: int, prefix: str) -> tuple[float, float]:
    """rows/s of upsert_memories (new cases, about half with outcomes) and of record_outcomes (open cases)."""
    new, _, _ = synthetic_memories(batch, seed=seed)
    new = [{**r, "case_number": prefix + r["case_number"]} for r in new]
    upsert = batch / _timed(lambda: memory.upsert_memories(conn, new))
    open_cases = conn.execute(
        "SELECT county, auction_date, case_number FROM agent_memory WHERE NOT outcome_recorded LIMIT %s", (batch,)
    ).fetchall()
    outcomes = [{"county": c, "auction_date": d, "case_number": n, "actual_outcome": {"sold_to": "PLAINTIFF"}}
                for c, d, n in open_cases]
    return upsert, len(outcomes) / _timed(lambda: memory.record_outcomes(conn, outcomes))


def _writes(conn, query_vectors, batch: int = 2_000) -> Iterator[Figure]:
    upsert, record = _upsert_and_record(conn, batch, 7, "NEW-")
    yield "memory_upsert_rows_per_s", round(upsert), "rows/s (into the live index)"
    yield "memory_record_outcomes_rows_per_s", round(record), "rows/s"
    pending = memory.pending_memories(conn)
    conn.execute("ANALYZE agent_memory")
    p50, _, _ = _query_round(conn, query_vectors[:100], np.zeros(100), 5, memory.DEFAULT_EF_SEARCH)
    yield "memory_query_p50_ms_with_pending", round(p50, 3), f"ms ({pending} memories outside the graph, scanned exactly)"
    elapsed = _timed(lambda: memory.fold_pending_memories(conn, rebuild_index=False))
    yield "memory_fold_pending_rows_per_s", round(pending / elapsed), f"rows/s ({pending} inserted into the graph)"
    # The same writes with the HNSW index absent (rolled back after): what is left when no case enters
    # the graph, i.e. how much of the rates above is pgvector's per-row graph insertion.
    bare: list[float] = []
    with conn.transaction():
        conn.execute(f"DROP INDEX {memory.INDEX}")
        bare.extend(_upsert_and_record(conn, batch, 8, "BARE-"))
        raise psycopg.Rollback()
    yield "memory_upsert_without_hnsw_rows_per_s", round(bare[0]), "rows/s (HNSW index dropped, rolled back)"
    yield "memory_record_outcomes_without_hnsw_rows_per_s", round(bare[1]), "rows/s (HNSW index dropped, rolled back)"
