"""Binary COPY tuples of agent_memory, encoded a column at a time for a whole batch.

The numeric fields of every row are one big-endian numpy block (the fixed-width ones, then the float8[]
of the features and the outcome time, whose NULLs are cut out at 4-byte-word granularity); the text
and JSON fields are one bytes object each per row. A batch's tuples are a single bytes join over the
rows' pieces, so Python builds no per-row tuple (psycopg's write_row, a dumper call per value, and then
a per-row join were most of the client's time). The features are a float8[] in INPUT_FEATURES order
(sql/017), so the server parses no JSON document for them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import orjson

from biddeed_assets.model.embedding import INPUT_FEATURES

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # the signature, no flags, no header extension
TRAILER = b"\xff\xff"
NULL = b"\xff\xff\xff\xff"
_FLOAT8_OID = 701
_PG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_PG_EPOCH_DAY = np.datetime64("2000-01-01", "D")
_MICROSECOND = dt.timedelta(microseconds=1)
_PICK = operator.itemgetter(*INPUT_FEATURES)
_ONE_HOT = np.array([k.startswith(("kind_", "type_")) for k in INPUT_FEATURES])


def feature_matrix(rows: Sequence[Mapping[str, Any]]) -> np.ndarray:
    """The rows' features as (n, len(INPUT_FEATURES)) floats, NaN where unknown.

    Of a one-hot group only its 1 is kept (its zeros read as absent, as the stored JSON had them): a
    group with no 1 was unknown, one with a 1 is 0 everywhere else.
    """
    values = []
    for row in rows:
        features = row.get("features") or {}
        try:
            values.append(_PICK(features))  # one C call when every input is present, as in a case_features row
        except KeyError:
            values.append(tuple(map(features.get, INPUT_FEATURES)))
    try:
        matrix = np.array(values, dtype=np.float64).reshape(len(rows), len(INPUT_FEATURES))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"memory features must be numbers or null ({exc})") from None
    hot = matrix[:, _ONE_HOT]
    matrix[:, _ONE_HOT] = np.where(hot == 0, np.nan, hot)
    return matrix


# ------------------------------------------------------------------------ the numeric block, in words


def words(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[bytes]:
    """Each row's kept 4-byte words of the parts side by side: (n, 4k) bytes and an (n, k) keep mask each."""
    data = np.hstack([p[0] for p in parts])
    keep = np.hstack([p[1] for p in parts])
    kept = data.view(">u4")[keep].tobytes()
    ends = (np.cumsum(keep.sum(axis=1)) * 4).tolist()
    return [kept[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]


def _all(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    raw = np.ascontiguousarray(raw).view(np.uint8).reshape(len(raw), -1)
    return raw, np.ones((len(raw), raw.shape[1] // 4), dtype=bool)


_FIXED = np.dtype([
    ("fields", ">i2"),
    ("id_length", ">i4"), ("id", "u1", 16),
    ("day_length", ">i4"), ("day", ">i4"),
    ("vector_length", ">i4"), ("dim", ">i2"), ("unused", ">i2"), ("vector", ">f4", 32),
    ("recorded_length", ">i4"), ("recorded", "u1"),
    ("pending_length", ">i4"), ("pending", "u1"),
])
assert _FIXED.itemsize % 4 == 0  # the masked words after it stay aligned to their own fields
FIRST_COLUMNS = ("id", "auction_date", "embedding", "outcome_recorded", "graph_pending", "feature_values",
                 "outcome_recorded_at")


def fixed(field_count: int, ids: np.ndarray, days: np.ndarray, vectors: np.ndarray, recorded: np.ndarray,
          pending: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tuple's field count, then the id, date, vector and both flags (FIRST_COLUMNS' first five)."""
    out = np.empty(len(ids), dtype=_FIXED)
    out["fields"] = field_count
    out["id_length"], out["id"] = 16, ids
    out["day_length"], out["day"] = 4, days
    out["vector_length"], out["dim"], out["unused"], out["vector"] = 4 + 4 * vectors.shape[1], vectors.shape[1], 0, vectors
    out["recorded_length"], out["recorded"] = 1, recorded
    out["pending_length"], out["pending"] = 1, pending
    return _all(out)


def float8_arrays(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row as a one-dimensional float8[] field, a NaN being a NULL element (its length word alone)."""
    n, width = matrix.shape
    null = np.isnan(matrix)
    head = np.empty((n, 6), dtype=">i4")  # field length, ndim, has-null flag, element oid, dim, lower bound
    head[:] = (0, 1, 0, _FLOAT8_OID, width, 1)
    head[:, 0] = 20 + 12 * width - 8 * null.sum(axis=1)
    head[:, 2] = null.any(axis=1)
    cells = np.empty((n, width), dtype=[("length", ">i4"), ("value", ">f8")])
    cells["length"] = np.where(null, -1, 8)
    cells["value"] = np.where(null, 0.0, matrix)
    keep = np.ones((n, width, 3), dtype=bool)
    keep[null, 1:] = False
    data = np.hstack([head.view(np.uint8).reshape(n, 24), cells.view(np.uint8).reshape(n, width * 12)])
    return data, np.hstack([np.ones((n, 6), dtype=bool), keep.reshape(n, width * 3)])


def timestamptz(values: Sequence[dt.datetime | None]) -> tuple[np.ndarray, np.ndarray]:
    """Aware datetimes (None is NULL) as int64 microseconds since 2000-01-01 UTC."""
    known: dict[dt.datetime, int] = {}
    micros = []
    for v in values:
        if v is None:
            micros.append(0)
        elif v in known:
            micros.append(known[v])
        else:
            micros.append(known.setdefault(v, (v - _PG_EPOCH) // _MICROSECOND))
    null = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    out = np.empty(len(values), dtype=[("length", ">i4"), ("micros", ">i8")])
    out["length"] = np.where(null, -1, 8)
    out["micros"] = micros
    data, keep = _all(out)
    keep[null, 1:] = False
    return data, keep


def days(values: Sequence[Any]) -> np.ndarray:
    """Each date (a date or an ISO string) as int32 days since 2000-01-01."""
    return (np.array([str(v) for v in values], dtype="datetime64[D]") - _PG_EPOCH_DAY).astype(np.int32)


# --------------------------------------------------------------------------- the per-row fields


def text(value: str) -> bytes:
    data = value.encode()
    return len(data).to_bytes(4, "big") + data


def jsonb(value: Any) -> bytes:
    data = orjson.dumps(value, default=str, option=orjson.OPT_SERIALIZE_NUMPY)
    return (len(data) + 1).to_bytes(4, "big") + b"\x01" + data


_FOUR_PLACES = Decimal("0.0001")


def _units(value: float) -> int:
    return int(Decimal(repr(value)).quantize(_FOUR_PLACES, ROUND_HALF_UP) * 10_000)


def _numeric(units: int) -> bytes:
    # base-10000 digits: ndigits, weight, sign, dscale, then the digits
    if units == 0:
        return (8).to_bytes(4, "big") + np.array([0, 0, 0, 4], dtype=">i2").tobytes()
    if units == 10_000:
        return (10).to_bytes(4, "big") + np.array([1, 0, 0, 4, 1], dtype=">i2").tobytes()
    return (10).to_bytes(4, "big") + np.array([1, -1, 0, 4, units], dtype=">i2").tobytes()


_NUMERIC = [_numeric(units) for units in range(10_001)]


def numeric_5_4(values: np.ndarray) -> list[bytes]:
    """DECIMAL(5,4) fields of values in [0, 1] (NaN is NULL), rounded as the server rounds their text.

    The server rounds the decimal it is given half away from zero; a float's shortest repr rounds the
    same as the float itself except within a hair of a half unit, where Decimal decides.
    """
    null = np.isnan(values)
    scaled = np.where(null, 0.0, values) * 10_000
    units = np.floor(scaled + 0.5)
    for i in np.flatnonzero(~null & (np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6)):
        units[i] = _units(float(values[i]))
    if ((units < 0) | (units > 10_000)).any():
        raise ValueError(f"a prediction error is between 0 and 1, not {values[(units < 0) | (units > 10_000)][0]!r}")
    return [NULL if u < 0 else _NUMERIC[u] for u in np.where(null, -1, units).astype(int).tolist()]


def texts(values: Sequence[str]) -> list[bytes]:
    """text() of each value, encoded once per distinct value (a batch has few counties and versions)."""
    known = {v: text(v) for v in set(values)}
    return [known[v] for v in values]


def join(columns: Sequence[Sequence[bytes]]) -> bytes:
    """The tuples: each row's pieces in column order, in one join."""
    return b"".join(itertools.chain.from_iterable(zip(*columns, strict=True)))
