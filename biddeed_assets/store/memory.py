"""Case memory in pgvector: write analysed cases with their embedding, record outcomes, find similar cases.

A memory row is one analysed case (county, auction_date, case_number) with the `context`, `prediction` and
`features` dicts the analysis used and its 32-dim embedding (model/embedding.py). Retrieval returns the
nearest cases *with a recorded outcome* by cosine similarity, through `match_similar_cases` (sql/001) and
the HNSW index `idx_agent_memory_embedding`, which sql/003 makes partial on `outcome_recorded` so every
candidate the graph search returns is a usable one.

Writes never go row by row: partitions and upserts are delete-then-COPY (one DELETE, one COPY),
backfills are COPY with the HNSW index rebuilt once afterwards, outcomes are one UPDATE over one JSON document of the batch.
Rewriting a case keeps an outcome already recorded for it (its prediction_error is recomputed against the
new prediction), so re-materializing an old partition does not forget what the auction did.

Nor do writes insert into the HNSW graph (pgvector's per-row insertion was ~95% of their cost): a memory
written with an outcome, or given one, is `graph_pending` (sql/017), and match_similar_cases scans the
pending ones exactly beside its graph search, so a query's answer does not depend on it.
`fold_pending_memories` (the scheduled `case_memory_graph` asset) moves them into the graph in bulk.

`features` are stored as a float8[] in INPUT_FEATURES order (memory_feature_names), NULL where unknown
(of a one-hot group only its 1 is kept); match_similar_cases returns the known ones as a JSONB object.
The full row (with its nulls) is the `case_features` table's.

prediction_error = |third_party_probability - actual|, where actual is 1 for a third-party sale and 0 for
a plaintiff/certificate-holder one; it is NULL (unknown, never a guess) when either side is unknown, e.g.
a cancelled sale or a prediction without a probability.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import orjson
import psycopg
from psycopg.copy import QueuedLibpqWriter

from biddeed_assets.model.drift import CALL_THRESHOLD, RetrainRule
from biddeed_assets.model.embedding import (
    DEFAULT_STANDARDIZER,
    DIM,
    Standardizer,
    embed_many,
    to_pgvector_text,
)
from biddeed_assets.store import memory_copy, registry

DEFAULT_RULE = RetrainRule()

INDEX = "idx_agent_memory_embedding"
# HNSW candidate list per query. The bench (bench/memory.py) measures recall@5 against exact search
# at 100,000 memories: 40 (pgvector's default) already clears the 0.95 target; 64 buys margin for
# larger, denser memories at a few tenths of a millisecond.
DEFAULT_EF_SEARCH = 40
# bulk_load rebuilds the HNSW index instead of inserting into it when the batch is this large and at
# least REBUILD_SHARE of the table after the load: building is ~10x cheaper per row than inserting.
REBUILD_MIN_ROWS = 10_000
REBUILD_SHARE = 0.2

COLUMNS = (
    "id", "case_number", "county", "auction_date", "context", "prediction", "feature_values", "embedding",
    "embedding_version", "actual_outcome", "prediction_error", "outcome_recorded", "outcome_recorded_at",
    "graph_pending",
)
_COPY_BYTES = 1 << 20
# Measured by the bench at 100,000 memories: binary ~1.6-2x text (no float<->text for 32 floats a row).
DEFAULT_COPY_FORMAT = "binary"


def _dumps(value: Any) -> bytes:
    """orjson: encoding JSON was most of the client's time per row (3 documents a memory)."""
    return orjson.dumps(value, default=str, option=orjson.OPT_SERIALIZE_NUMPY)


def _uuids(n: int) -> np.ndarray:
    """n random version-4 UUIDs as an (n, 16) byte matrix, from one read of the OS's random source.

    The column's default (gen_random_uuid) reads the random source once per row on the server; with the
    primary key maintained row by row that was about a third of the server's time per COPY row.
    """
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return raw


# ---------------------------------------------------------------------------------------------- rows


def memory_rows(
    cases: Sequence[Mapping[str, Any]], standardizer: Standardizer = DEFAULT_STANDARDIZER
) -> list[dict[str, Any]]:
    """Memory rows for analysed cases (county, auction_date, case_number, features, prediction, context).

    Embeds all of them in one vectorized pass and stamps the standardizer's embedding version.
    """
    vectors = embed_many([c.get("features") or {} for c in cases], standardizer)
    return [
        {**c, "context": c.get("context") or {}, "embedding": vectors[i], "embedding_version": standardizer.version}
        for i, c in enumerate(cases)
    ]


def predicted_probability(prediction: Mapping[str, Any] | None) -> float | None:
    """The prediction's third-party probability, or None when absent or not a probability."""
    p = (prediction or {}).get("third_party_probability")
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p) or not 0 <= p <= 1:
        return None
    return float(p)


def outcome_actual(outcome: Mapping[str, Any] | None) -> float | None:
    """1.0 sold to a third party, 0.0 kept by the plaintiff (or certificate holder), None when unknown."""
    if not outcome:
        return None
    flag = outcome.get("sold_to_third_party")
    if flag is not None:
        return 1.0 if flag else 0.0
    sold_to = outcome.get("sold_to")
    if sold_to == "THIRD_PARTY":
        return 1.0
    if sold_to in ("PLAINTIFF", "CERT_HOLDER"):
        return 0.0
    return None


def prediction_error(prediction: Mapping[str, Any] | None, outcome: Mapping[str, Any] | None) -> float | None:
    """|predicted third-party probability - actual|, or None when either is unknown."""
    p, actual = predicted_probability(prediction), outcome_actual(outcome)
    return None if p is None or actual is None else abs(p - actual)


def _key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    return str(row["county"]), str(row["auction_date"]), str(row["case_number"])


def _dedupe(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One row per case, the last one given winning (COPY would fail on the unique key)."""
    return list({_key(r): r for r in rows}.values())


# ------------------------------------------------------------------------------------------- COPY


def _embeddings(rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
    if not rows:
        return np.zeros((0, DIM), dtype=np.float32)
    matrix = np.asarray([r["embedding"] for r in rows], dtype=np.float32)
    if matrix.shape != (len(rows), DIM):
        raise ValueError(f"embeddings must have {DIM} floats each, got shape {matrix.shape}")
    if not np.isfinite(matrix).all():
        raise ValueError("embeddings must be finite (pgvector rejects NaN and infinity)")
    if (np.abs(matrix).sum(axis=1) == 0).any():
        raise ValueError("a zero embedding has no cosine similarity to anything")
    return matrix


def _timestamp(value: Any) -> dt.datetime:
    """An aware datetime; naive values and ISO strings without an offset are taken as UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _outcome_fields(row: Mapping[str, Any]) -> tuple[Any, float | None, bool, dt.datetime | None]:
    outcome = row.get("actual_outcome")
    if outcome is None:
        return None, None, False, None
    recorded_at = _timestamp(row.get("outcome_recorded_at") or dt.datetime.now(dt.UTC))
    return outcome, prediction_error(row.get("prediction"), outcome), True, recorded_at


# 9 significant digits round-trip every float32 exactly; one %-format per row is ~3x numpy's astype(str)
_VECTOR_FORMAT = "[" + ",".join(["%.9g"] * DIM) + "]"
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    """A COPY text field (NULL is \\N)."""
    if value is None:
        return "\\N"
    return str(value).translate(_TEXT_ESCAPES)


def _json(value: Any) -> str:
    if value is None:
        return "\\N"
    # json.dumps escapes every control character, so only its backslashes need COPY escaping
    return _dumps(value).decode().replace("\\", "\\\\")


def _float8_array_text(values: Sequence[float]) -> str:
    return "{" + ",".join("NULL" if v != v else repr(v) for v in values) + "}"


def _copy_text(conn: psycopg.Connection, rows: Sequence[Mapping[str, Any]], default_version: str, pending: bool) -> int:
    vectors = _embeddings(rows)
    features = [_float8_array_text(values) for values in memory_copy.feature_matrix(rows).tolist()]
    vector_text = [_VECTOR_FORMAT % values for values in map(tuple, vectors.tolist())]
    ids = [row.hex() for row in map(bytes, _uuids(len(rows)))]
    statement = f"COPY agent_memory ({', '.join(COLUMNS)}) FROM STDIN"
    with conn.cursor() as cur, cur.copy(statement, writer=QueuedLibpqWriter(cur)) as copy:
        chunk: list[str] = []
        size = 0
        for uid, row, vector, feature_values in zip(ids, rows, vector_text, features, strict=True):
            outcome, error, recorded, recorded_at = _outcome_fields(row)
            line = "\t".join((
                uid, _text(row["case_number"]), _text(row["county"]), _text(row["auction_date"]),
                _json(row.get("context") or {}), _json(row.get("prediction") or {}),
                feature_values, vector,
                _text(row.get("embedding_version") or default_version), _json(outcome),
                _text(error), "t" if recorded else "f", _text(recorded_at.isoformat() if recorded_at else None),
                "t" if recorded and pending else "f",
            ))
            chunk.append(line)
            size += len(line)
            if size >= _COPY_BYTES:
                copy.write("\n".join(chunk) + "\n")
                chunk, size = [], 0
        if chunk:
            copy.write("\n".join(chunk) + "\n")
    return len(rows)


# binary COPY lists its columns with the numeric ones first: they are one block per row (store/memory_copy.py)
_BINARY_COLUMNS = (*memory_copy.FIRST_COLUMNS, "prediction_error", "case_number", "county", "context", "prediction",
                   "embedding_version", "actual_outcome")
assert sorted(_BINARY_COLUMNS) == sorted(COLUMNS)
# rows encoded per COPY write: the server works on one batch while the next is encoded
_COPY_ROWS = 4096


def _binary_tuples(rows: Sequence[Mapping[str, Any]], default_version: str, pending: bool) -> bytes:
    """The rows as binary COPY tuples in _BINARY_COLUMNS order, each column encoded for the whole batch."""
    enc = memory_copy
    outcomes = [row.get("actual_outcome") for row in rows]
    recorded = np.array([outcome is not None for outcome in outcomes], dtype=bool)
    now = dt.datetime.now(dt.UTC)
    recorded_at = [None if outcome is None else _timestamp(row.get("outcome_recorded_at") or now)
                   for row, outcome in zip(rows, outcomes, strict=True)]
    errors = np.array([None if outcome is None else prediction_error(row.get("prediction"), outcome)
                       for row, outcome in zip(rows, outcomes, strict=True)], dtype=np.float64)
    numeric = enc.words([
        enc.fixed(len(COLUMNS), _uuids(len(rows)), enc.days([row["auction_date"] for row in rows]), _embeddings(rows),
                  recorded, recorded & pending),
        enc.float8_arrays(enc.feature_matrix(rows)),
        enc.timestamptz(recorded_at),
    ])
    return enc.join([
        numeric, enc.numeric_5_4(errors),
        [enc.text(str(row["case_number"])) for row in rows],
        enc.texts([str(row["county"]) for row in rows]),
        [enc.jsonb(row.get("context") or {}) for row in rows],
        [enc.jsonb(row.get("prediction") or {}) for row in rows],
        enc.texts([row.get("embedding_version") or default_version for row in rows]),
        [enc.NULL if outcome is None else enc.jsonb(outcome) for outcome in outcomes],
    ])


def _copy_binary(conn: psycopg.Connection, rows: Sequence[Mapping[str, Any]], default_version: str, pending: bool) -> int:
    """The same COPY in binary format, encoded by store/memory_copy.py a batch of rows at a time."""
    statement = f"COPY agent_memory ({', '.join(_BINARY_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
    with conn.cursor() as cur, cur.copy(statement, writer=QueuedLibpqWriter(cur)) as copy:
        copy.write(memory_copy.SIGNATURE)
        for start in range(0, len(rows), _COPY_ROWS):
            copy.write(_binary_tuples(rows[start:start + _COPY_ROWS], default_version, pending))
        copy.write(memory_copy.TRAILER)
    return len(rows)


def copy_memories(
    conn: psycopg.Connection,
    rows: Sequence[Mapping[str, Any]],
    *,
    copy_format: str = DEFAULT_COPY_FORMAT,
    default_version: str = DEFAULT_STANDARDIZER.version,
    pending: bool = True,
) -> int:
    """COPY memory rows in (both formats overlap encoding with the server's work via a writer thread).

    With `pending` (the default) a row with an outcome stays out of the HNSW graph until
    `fold_pending_memories`; without it the caller rebuilds the index after the COPY.
    """
    if copy_format == "text":
        return _copy_text(conn, rows, default_version, pending)
    if copy_format == "binary":
        return _copy_binary(conn, rows, default_version, pending)
    raise ValueError(f"copy_format is 'text' or 'binary', not {copy_format!r}")


# ------------------------------------------------------------------------------------------ writes


_PRESERVED = "RETURNING am.county, am.auction_date::text, am.case_number, am.outcome_recorded, am.actual_outcome, am.outcome_recorded_at"


def _replace(conn: psycopg.Connection, delete: str, params: Sequence[Any], rows: Sequence[Mapping[str, Any]]) -> int:
    """Delete, then COPY `rows` back with the outcomes the deleted rows had already recorded."""
    with conn.transaction():
        kept = {
            (county, day, case): (outcome, recorded_at)
            for county, day, case, recorded, outcome, recorded_at in conn.execute(delete, params).fetchall()
            if recorded and outcome is not None
        }
        merged = []
        for row in rows:
            key = _key(row)
            if key in kept and row.get("actual_outcome") is None:
                outcome, recorded_at = kept[key]
                row = {**row, "actual_outcome": outcome, "outcome_recorded_at": recorded_at}
            merged.append(row)
        return copy_memories(conn, merged)


def replace_partition_memories(
    conn: psycopg.Connection, county: str, auction_date: str | dt.date, rows: Iterable[Mapping[str, Any]]
) -> int:
    """Make `rows` the memories of one (county, auction_date) partition: delete-then-COPY, idempotent.

    Runs inside the caller's transaction when there is one (as a savepoint), else in its own. Rows may
    omit county/auction_date; rows of another partition are an error.
    """
    day = str(auction_date)
    filled = []
    for row in rows:
        row = {**row, "county": row.get("county", county), "auction_date": str(row.get("auction_date", day))}
        if (row["county"], row["auction_date"]) != (county, day):
            raise ValueError(f"{row['case_number']} is in {row['county']}/{row['auction_date']}, not {county}/{day}")
        filled.append(row)
    delete = f"DELETE FROM agent_memory am WHERE am.county = %s AND am.auction_date = %s {_PRESERVED}"
    return _replace(conn, delete, (county, day), _dedupe(filled))


def upsert_memories(conn: psycopg.Connection, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert or replace memories by (county, auction_date, case_number), from any partitions at once."""
    rows = _dedupe(rows)
    if not rows:
        return 0
    keys = _dumps([dict(zip(("county", "auction_date", "case_number"), _key(r), strict=True)) for r in rows])
    delete = (
        "DELETE FROM agent_memory am USING jsonb_to_recordset(%s::jsonb) AS k(county text, auction_date date, case_number text)"
        " WHERE am.county = k.county AND am.auction_date = k.auction_date AND am.case_number = k.case_number "
        + _PRESERVED
    )
    return _replace(conn, delete, (keys.decode(),), rows)


def bulk_load(
    conn: psycopg.Connection,
    rows: Iterable[Mapping[str, Any]],
    *,
    rebuild_index: bool | None = None,
    copy_format: str = DEFAULT_COPY_FORMAT,
    maintenance_work_mem: str = "512MB",
) -> int:
    """COPY new memories in (a backfill: a case already stored is a unique-key error); return how many.

    Rows may carry `actual_outcome` (and `outcome_recorded_at`) for history whose outcome is known. With
    `rebuild_index` (default: when the batch is >= REBUILD_MIN_ROWS and >= REBUILD_SHARE of the table)
    the HNSW index is dropped, the rows copied and the index rebuilt from its own definition, all in one
    transaction: readers of agent_memory wait for it (it holds an exclusive lock), so this is for
    backfills, not for the per-partition path.
    """
    rows = rows if isinstance(rows, Sequence) else list(rows)
    if not rows:
        return 0
    with conn.transaction():
        if rebuild_index is None:
            existing = conn.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'agent_memory'::regclass")
            total = existing.fetchone()[0] + len(rows)
            rebuild_index = len(rows) >= REBUILD_MIN_ROWS and len(rows) >= REBUILD_SHARE * total
        deferred = drop_indexes(conn) if rebuild_index else []
        count = copy_memories(conn, rows, copy_format=copy_format, pending=not deferred)
        if deferred:
            # the graph must fit in maintenance_work_mem, else the build spills and is several times slower
            conn.execute("SELECT set_config('maintenance_work_mem', %s, true)", (maintenance_work_mem,))
            for statement in deferred:  # the keys first: a duplicate case fails the load here
                conn.execute(statement)
    return count


_KEYS = ("agent_memory_pkey", "unique_agent_memory_case")


def drop_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the table's indexes and keys (HNSW last to rebuild) and return the statements that recreate them.

    One sort per index after the COPY is much cheaper than maintaining each index row by row, the
    primary key's random UUIDs included.
    """
    keys = dict(conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = 'agent_memory'::regclass AND conname = ANY(%s)", (list(_KEYS),)).fetchall())
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'agent_memory'"
        " AND indexname <> ALL(%s)", (list(_KEYS),)).fetchall()
    statements = []
    for name in _KEYS:  # the keys before any other index: a duplicate case fails the load early
        if name in keys:
            conn.execute(f"ALTER TABLE agent_memory DROP CONSTRAINT {name}")
            statements.append(f"ALTER TABLE agent_memory ADD CONSTRAINT {name} {keys[name]}")
    for name, definition in sorted(indexes, key=lambda i: i[0] == INDEX):
        conn.execute(f'DROP INDEX "{name}"')
        statements.append(definition)
    return statements


_RECORD = """
UPDATE agent_memory am
SET actual_outcome = v.outcome,
    outcome_recorded = TRUE,
    graph_pending = TRUE,
    outcome_recorded_at = coalesce(v.recorded_at, now()),
    prediction_error = CASE
        WHEN v.actual IS NOT NULL AND jsonb_typeof(am.prediction -> 'third_party_probability') = 'number'
             AND (am.prediction ->> 'third_party_probability')::float8 BETWEEN 0 AND 1
        THEN abs((am.prediction ->> 'third_party_probability')::float8 - v.actual)
    END
FROM jsonb_to_recordset(%s::jsonb)
     AS v(county text, auction_date date, case_number text, outcome jsonb, actual float8, recorded_at timestamptz)
WHERE am.county = v.county AND am.auction_date = v.auction_date AND am.case_number = v.case_number
"""


def record_outcomes(conn: psycopg.Connection, outcomes: Iterable[Mapping[str, Any]]) -> int:
    """Record what the auctions did, in one UPDATE; return how many memories it found.

    Each outcome: county, auction_date, case_number, `actual_outcome` (a dict with `sold_to_third_party`
    or the canonical `sold_to`), optionally `recorded_at` (default now). Sets actual_outcome,
    outcome_recorded, outcome_recorded_at and prediction_error against the stored prediction.
    """
    outcomes = _dedupe(outcomes)
    if not outcomes:
        return 0
    # one JSON document for the batch: psycopg's text arrays quote each element in Python
    batch = _dumps([
        {"county": county, "auction_date": day, "case_number": case, "outcome": dict(o["actual_outcome"]),
         "actual": outcome_actual(o["actual_outcome"]), "recorded_at": o.get("recorded_at")}
        for o in outcomes for county, day, case in (_key(o),)
    ])
    with conn.transaction():
        return conn.execute(_RECORD, (batch.decode(),)).rowcount


_PENDING = "SELECT count(*) FROM agent_memory WHERE graph_pending AND outcome_recorded"
_FOLD = "UPDATE agent_memory SET graph_pending = FALSE WHERE graph_pending AND outcome_recorded"


def pending_memories(conn: psycopg.Connection) -> int:
    """How many memories with an outcome wait outside the HNSW graph (queries scan them exactly)."""
    return conn.execute(_PENDING).fetchone()[0]


def fold_pending_memories(
    conn: psycopg.Connection, *, rebuild_index: bool | None = None, maintenance_work_mem: str = "512MB"
) -> int:
    """Move the memories waiting outside the HNSW graph into it; return how many.

    With `rebuild_index` (default: as bulk_load decides, from the pending share of the graph after) the
    graph is rebuilt from its definition in the same transaction (readers wait for it), else each pending
    memory is inserted into it.
    """
    with conn.transaction():
        pending = pending_memories(conn)
        if not pending:
            return 0
        if rebuild_index is None:
            total = conn.execute("SELECT count(*) FROM agent_memory WHERE outcome_recorded").fetchone()[0]
            rebuild_index = pending >= REBUILD_MIN_ROWS and pending >= REBUILD_SHARE * total
        definition = None
        if rebuild_index:
            definition = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", (INDEX,)).fetchone()
            if definition:
                conn.execute(f'DROP INDEX "{INDEX}"')
        conn.execute(_FOLD)
        if definition:
            conn.execute("SELECT set_config('maintenance_work_mem', %s, true)", (maintenance_work_mem,))
            conn.execute(definition[0])
    return pending


# ------------------------------------------------------------------------------------------- reads


@contextmanager
def _ef_search(conn: psycopg.Connection, ef: int):
    """hnsw.ef_search for the block, SET LOCAL in a transaction (its own, or a savepoint of the caller's,
    whose previous setting is then restored)."""
    nested = conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
    with conn.transaction():
        previous = None
        if nested:
            previous = conn.execute("SELECT current_setting('hnsw.ef_search', true)").fetchone()[0]
        conn.execute(f"SET LOCAL hnsw.ef_search = {int(ef)}")
        yield
        if nested and previous:
            conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", (previous,))


_SIMILAR_COLUMNS = ("case_number, county, auction_date, context, prediction, actual_outcome, features,"
                    " prediction_error::float8 AS prediction_error, similarity")


def similar_cases(
    conn: psycopg.Connection,
    embedding: Sequence[float] | np.ndarray,
    k: int = 5,
    threshold: float = 0.7,
    ef_search: int = DEFAULT_EF_SEARCH,
) -> list[dict[str, Any]]:
    """The `k` nearest memories with a recorded outcome whose cosine similarity exceeds `threshold`.

    Most similar first; each a dict of match_similar_cases' columns. `hnsw.ef_search` (the graph search's
    candidate list, >= k) is set for the query only.
    """
    with _ef_search(conn, max(ef_search, k)):
        cur = conn.execute(f"SELECT {_SIMILAR_COLUMNS} FROM match_similar_cases(%s::vector, %s, %s)",
                           (to_pgvector_text(embedding), k, threshold))
        names = [c.name for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def similar_cases_many(
    conn: psycopg.Connection,
    queries: Mapping[str, Sequence[float] | np.ndarray],
    k: int = 5,
    threshold: float = 0.7,
    ef_search: int = DEFAULT_EF_SEARCH,
) -> dict[str, list[dict[str, Any]]]:
    """similar_cases for many keyed embeddings in one round trip (a LATERAL call per query)."""
    if not queries:
        return {}
    keys = list(queries)
    with _ef_search(conn, max(ef_search, k)):
        cur = conn.execute(
            f"SELECT q.key AS query_key, {_SIMILAR_COLUMNS.replace('case_number,', 'm.case_number,', 1)}"
            " FROM unnest(%s::text[], %s::vector[]) WITH ORDINALITY AS q(key, embedding, n)"
            " CROSS JOIN LATERAL match_similar_cases(q.embedding, %s, %s) AS m ORDER BY q.n, m.similarity DESC",
            (keys, [to_pgvector_text(queries[key]) for key in keys], k, threshold),
        )
        names = [c.name for c in cur.description]
        found: dict[str, list[dict[str, Any]]] = {key: [] for key in keys}
        for row in cur.fetchall():
            item = dict(zip(names, row, strict=True))
            found[item.pop("query_key")].append(item)
        return found


@dataclass(frozen=True)
class MemoryStats:
    """How much the memory holds, and RetrainRule's call on the outcomes recorded in its window."""

    total: int
    with_outcomes: int
    outcome_rate: float
    window_days: int
    recent_samples: int
    recent_error_rate: float | None  # share of wrong calls: what the rule decides on
    recent_mean_abs_error: float | None  # mean |p - y|: shown, never compared with a baseline
    baseline_error: float
    baseline_source: str
    drift: bool
    drift_reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# A memory's call is wrong when (p >= threshold) disagrees with the outcome. The outcome is read from
# actual_outcome as outcome_actual() reads it (the flag when set, else sold_to); only memories with a
# prediction_error count, which are exactly those where both p and the outcome were known.
_STATS = """
SELECT (SELECT count(*) FROM agent_memory),
       (SELECT count(*) FROM agent_memory WHERE outcome_recorded),
       count(*), avg(error)::float8,
       avg(CASE WHEN (p >= %(threshold)s) = third_party THEN 0.0 ELSE 1.0 END)::float8
FROM (
    SELECT prediction_error AS error, (prediction ->> 'third_party_probability')::float8 AS p,
           CASE WHEN coalesce(actual_outcome -> 'sold_to_third_party', 'null'::jsonb) <> 'null'::jsonb
                THEN actual_outcome -> 'sold_to_third_party' NOT IN ('false', '0', '""', '[]', '{}')
                ELSE coalesce(actual_outcome ->> 'sold_to' = 'THIRD_PARTY', false) END AS third_party
    FROM agent_memory
    WHERE outcome_recorded AND prediction_error IS NOT NULL
      AND jsonb_typeof(prediction -> 'third_party_probability') = 'number'
      AND outcome_recorded_at > coalesce(%(as_of)s, now()) - make_interval(days => %(days)s)
      AND outcome_recorded_at <= coalesce(%(as_of)s, now())
) recent
"""


def memory_stats(conn: psycopg.Connection, *, rule: RetrainRule = DEFAULT_RULE, window_days: int | None = None,
                 as_of: dt.datetime | None = None) -> MemoryStats:
    """How many memories, how many with outcomes, and `rule`'s decision on the outcomes recorded in its window.

    The window is the rule's (`window_days` overrides it) and ends at `as_of` (default now); the
    baseline is the one the rule resolves from the champion, as the retrain sensor's is.
    """
    days = rule.window_days if window_days is None else window_days
    total, with_outcomes, samples, mean, error_rate = conn.execute(
        _STATS, {"threshold": CALL_THRESHOLD, "as_of": as_of, "days": days}).fetchone()
    baseline = rule.baseline(registry.champion(conn, "third_party_model"))
    decision = rule.decide({"n": samples, "error_rate": error_rate,
                            "accuracy": None if error_rate is None else 1.0 - error_rate}, baseline)
    return MemoryStats(
        total=total,
        with_outcomes=with_outcomes,
        outcome_rate=with_outcomes / total if total else 0.0,
        window_days=days,
        recent_samples=samples,
        recent_error_rate=error_rate,
        recent_mean_abs_error=mean,
        baseline_error=baseline.error_rate,
        baseline_source=baseline.source,
        drift=decision.retrain,
        drift_reason=decision.reason,
    )
