"""Binary COPY rows of agent_memory, encoded by hand: the fixed-width fields of a whole batch at once in numpy.

psycopg's write_row calls a dumper per value (14 a row) and was, with building the JSON of the features,
most of the client's time per row; a row here is one bytes join of pre-encoded fields. The features are
a float8[] in INPUT_FEATURES order (sql/017), so the server no longer parses a JSON document per row.
"""

from __future__ import annotations

import datetime as dt
import operator
import struct
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import orjson

from biddeed_assets.model.embedding import INPUT_FEATURES

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # the signature, no flags, no header extension
TRAILER = b"\xff\xff"
NULL = b"\xff\xff\xff\xff"
TRUE, FALSE = b"\x00\x00\x00\x01\x01", b"\x00\x00\x00\x01\x00"
_FLOAT8_OID = 701
_PG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_PG_EPOCH_DAY = np.datetime64("2000-01-01", "D")
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


def float8_arrays(matrix: np.ndarray) -> list[bytes]:
    """Each row of `matrix` as a COPY field of a one-dimensional float8[] (NaN is a NULL element)."""
    n, width = matrix.shape
    null = np.isnan(matrix)
    cells = np.empty((n, width), dtype=[("length", ">i4"), ("value", ">f8")])
    cells["length"] = np.where(null, -1, 8)
    cells["value"] = np.where(null, 0.0, matrix)
    keep = np.ones((n, width, 12), dtype=bool)
    keep[null, 4:] = False  # a NULL element is its length alone
    keep = keep.reshape(n, width * 12)
    body = cells.view(np.uint8).reshape(n, width * 12)[keep].tobytes()
    ends = np.cumsum(keep.sum(axis=1)).tolist()
    out, start = [], 0
    has_null = null.any(axis=1).tolist()
    for end, flag in zip(ends, has_null, strict=True):
        out.append(struct.pack(">iiiiii", 20 + end - start, 1, int(flag), _FLOAT8_OID, width, 1) + body[start:end])
        start = end
    return out


def vectors(matrix: np.ndarray) -> list[bytes]:
    """Each row as a COPY field of pgvector's binary form: int16 dim, int16 unused, big-endian float32s."""
    width = matrix.shape[1] * 4
    header = struct.pack(">iHH", 4 + width, matrix.shape[1], 0)
    body = np.ascontiguousarray(matrix, dtype=">f4").tobytes()
    return [header + body[i * width:(i + 1) * width] for i in range(len(matrix))]


def dates(values: Sequence[Any]) -> list[bytes]:
    """Each date (a date or an ISO string) as a COPY field: int32 days since 2000-01-01."""
    days = (np.array([str(v) for v in values], dtype="datetime64[D]") - _PG_EPOCH_DAY).astype(">i4")
    header = b"\x00\x00\x00\x04"
    raw = days.tobytes()
    return [header + raw[4 * i:4 * i + 4] for i in range(len(values))]


def uuids(raw: np.ndarray) -> list[bytes]:
    """Each row of an (n, 16) byte matrix as a COPY uuid field."""
    data = raw.tobytes()
    return [b"\x00\x00\x00\x10" + data[16 * i:16 * i + 16] for i in range(len(raw))]


def text(value: str) -> bytes:
    data = value.encode()
    return len(data).to_bytes(4, "big") + data


def jsonb(value: Any) -> bytes:
    data = orjson.dumps(value, default=str, option=orjson.OPT_SERIALIZE_NUMPY)
    return (len(data) + 1).to_bytes(4, "big") + b"\x01" + data


def timestamptz(value: dt.datetime) -> bytes:
    """An aware datetime as int64 microseconds since 2000-01-01 UTC."""
    return b"\x00\x00\x00\x08" + ((value - _PG_EPOCH) // dt.timedelta(microseconds=1)).to_bytes(8, "big", signed=True)


_FOUR_PLACES = Decimal("0.0001")


def numeric_5_4(value: float) -> bytes:
    """A DECIMAL(5,4) in [0, 1], rounded as the server rounds a numeric to its scale (half away from zero)."""
    units = int(Decimal(repr(value)).quantize(_FOUR_PLACES, ROUND_HALF_UP) * 10_000)
    # base-10000 digits: ndigits, weight, sign, dscale, then the digits
    if units == 0:
        return b"\x00\x00\x00\x08" + struct.pack(">hhHh", 0, 0, 0, 4)
    if units == 10_000:
        return b"\x00\x00\x00\x0a" + struct.pack(">hhHhh", 1, 0, 0, 4, 1)
    if not 0 < units < 10_000:
        raise ValueError(f"a prediction error is between 0 and 1, not {value!r}")
    return b"\x00\x00\x00\x0a" + struct.pack(">hhHhh", 1, -1, 0, 4, units)
