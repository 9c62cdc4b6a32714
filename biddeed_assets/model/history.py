"""Past auctions with their outcomes, read from a history file (CSV) into one canonical table or quarantined.

Column names are those of the shipped Miami-Dade file (`data/real/miamidade_auctions_2017-2019.csv`);
`county`, `auction_date`, `final_judgment` and `outcome` are required. Columns BidDeed does not know are
reported once and kept in each case's `extra.unknown`, never dropped. A row with an impossible value (a
judgment that is not positive, a sale with no amount, a date that does not parse, an unknown outcome) is
quarantined with the reason; everything else is null when the file leaves it empty. Each check runs on a
whole column at once (the shipped file has 21,140 rows and the import has a rows-per-second target).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd

from biddeed_assets.rules.case_numbers import court_type_of

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "real" / "miamidade_auctions_2017-2019.csv"
REQUIRED = ("county", "auction_date", "final_judgment", "outcome")
KNOWN = frozenset({
    *REQUIRED, "sale_type", "auction_id", "case_number", "parcel_id", "property_address", "city_zip",
    "assessed_value", "plaintiff_max_bid", "beds", "baths", "living_area", "lot_size", "day_count",
    "place_in_line", "case_filing_year", "hoa_association_flag", "defendant_count", "previous_auctions",
    "sold_amount", "sold_to",
})
OUTCOMES = {"sold": "SOLD", "cancelled": "CANCELLED", "canceled": "CANCELLED", "redeemed": "REDEEMED"}
SOLD_TO = {"plaintiff": "PLAINTIFF", "3rd party bidder": "THIRD_PARTY", "3rd party": "THIRD_PARTY",
           "third party": "THIRD_PARTY", "third_party": "THIRD_PARTY", "certificate holder": "CERT_HOLDER"}
# Case facts with a column of their own in cases (features read them); zero area means "not recorded".
FACT_NUMBERS = ("auction_id", "case_filing_year", "hoa_association_flag", "defendant_count", "previous_auctions",
                 "day_count", "place_in_line", "lot_size")
ZERO_IS_UNKNOWN = ("living_area", "lot_size")
NUMBER_COLUMNS = ("final_judgment", "assessed_value", "plaintiff_max_bid", "sold_amount", "beds", "baths",
                  "living_area", *FACT_NUMBERS)
# The canonical table: every column a case, property or outcome row is made of.
COLUMNS = ("county", "auction_date", "case_number", "auction_type", "status", "final_judgment",
           "plaintiff_max_bid", "assessed_value", "parcel_id", "property_address", "city", "zip", "sold_amount",
           "sold_to", "court_type", "living_area", "beds", "baths", *FACT_NUMBERS, "extra")  # extra: JSON text
_CITY_ZIP = re.compile(r"^\s*(?P<city>[^,]+?)\s*,\s*(?:FL-?\s*)?(?P<zip>\d{5})?", re.I)
_MONEY = re.compile(r"[$,\s]")
_NULLS = ("nan", "hidden", "none", "null", "n/a")


class HistoryFileError(ValueError):
    """The file as a whole cannot be read as auction history; nothing was imported."""


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    raw: str


@dataclass
class History:
    """What a history file holds: its readable rows as one table (COLUMNS), rejected rows, what was not understood."""

    table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(COLUMNS)))
    rejected: list[Rejected] = field(default_factory=list)
    unknown_columns: tuple[str, ...] = ()
    rows_read: int = 0
    sha256: str = ""


def source_name(path: Path) -> str:
    """The default source tag of a file: its stem, e.g. "miamidade_auctions_2017-2019"."""
    return path.stem


def _decode(data: bytes) -> str:
    if not data.strip():
        raise HistoryFileError("the file is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HistoryFileError(f"the file is not UTF-8 text (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from None


def _numbers(column: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """A column's numbers (NaN when empty or "Hidden") and which cells are not numbers at all."""
    try:  # plain numbers and empty cells: numpy converts the whole column at once
        values = np.array([c or "nan" for c in column], dtype="float64")
    except ValueError:
        values = pd.to_numeric(pd.Series(column, dtype=object), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan, copy=True)
    bad = np.zeros(len(column), dtype=bool)
    empty = np.asarray(column, dtype=object) == ""
    for i in np.flatnonzero(~np.isfinite(values) & ~empty).tolist():  # "Hidden", "$250,359.00" or not a number
        text = column[i].strip()
        value = math.nan
        if text and text.lower() not in _NULLS:
            try:
                value = float(_MONEY.sub("", text))
            except ValueError:
                bad[i] = True
            bad[i] = bad[i] or not math.isfinite(value)
        values[i] = math.nan if bad[i] else value
    return values, bad


@functools.lru_cache(maxsize=4096)
def _date(text: str) -> str | None:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _header(text: str) -> list[str]:
    """The header's column names; a file without every required column is refused here."""
    columns = [c.strip() for c in next(csv.reader(io.StringIO(text[:text.find("\n") + 1 or None], newline="")), [])]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        hint = ""
        if len(columns) == 1 and any(sep in columns[0] for sep in ";\t|"):
            hint = " (the file is not comma-separated: its header is one column)"
        raise HistoryFileError(f"missing required column(s) {', '.join(missing)}{hint}; "
                               f"a history file needs {', '.join(REQUIRED)}")
    return columns


def check_header(data: bytes) -> None:
    """HistoryFileError when the file is empty, not UTF-8, or lacks a required column: told before any import."""
    _header(_decode(data))


@dataclass
class _Rows:
    """The rows that have as many cells as the header: a frame of text (numbers parsed already where the
    fast reader could), their line numbers, and a way back to each row's cells for messages."""

    frame: pd.DataFrame
    lines: list[int]
    cells: Any  # i -> that row's cells as text
    rejected: list[Rejected]
    read: int


_BLANK_BYTES = np.array([ord(c) for c in ", \t\r\x0b\x0c"], dtype=np.uint8)


def _every_line_full(text: str, commas: int) -> bool:
    """Whether every line after the header has `commas` commas and a cell with text: counted over the bytes at
    once. A line whose only text is non-ASCII might be blank to str.strip, so it makes the file not plain."""
    data = np.frombuffer(text.encode(), dtype=np.uint8)
    line = np.cumsum(data == 10)
    lines = int(line[-1]) + 1 if len(data) else 1
    if lines < 2:
        return False
    per_line = np.bincount(line[data == 44], minlength=lines)[1:]
    text_per_line = np.bincount(line[~np.isin(data, _BLANK_BYTES) & (data != 10) & (data < 128)], minlength=lines)[1:]
    return bool((per_line == commas).all() and (text_per_line > 0).all())


def _rows_fast(text: str, columns: list[str]) -> _Rows | None:
    """pandas' C reader for the plain case: no quoting, no blank or short rows. None when the file is not plain."""
    if '"' in text:
        return None
    plain = text.replace("\r\n", "\n").rstrip("\n")
    if not _every_line_full(plain, len(columns) - 1):
        return None
    body = plain.split("\n")[1:]
    numeric = [c for c in NUMBER_COLUMNS if c in columns]
    frame = pd.read_csv(io.StringIO(text), header=0, names=columns, keep_default_na=False, na_values=[""],
                        dtype={c: str for c in columns if c not in numeric}, engine="c")
    for c in columns:
        if c not in numeric:
            frame[c] = frame[c].fillna("")
    return _Rows(frame, list(range(2, len(body) + 2)), lambda i: body[i].split(","), [], len(body))


def _rows_csv(text: str, columns: list[str]) -> _Rows:
    """The general reader: quoted cells, blank lines, rows with the wrong number of cells (rejected)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    lines, cells, rejected, read = [], [], [], 0
    for row in reader:
        if not "".join(row).strip():
            continue
        read += 1
        if len(row) != len(columns):
            rejected.append(Rejected(reader.line_num, f"the row has {len(row)} cells, the header {len(columns)}",
                                     ",".join(row)[:2000]))
            continue
        lines.append(reader.line_num)
        cells.append(row)
    return _Rows(pd.DataFrame(cells, columns=columns, dtype=object), lines, cells.__getitem__, rejected, read)


def _column_numbers(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column's numbers and its cells that are not numbers; the C reader has done the plain ones already."""
    if column.dtype.kind in "fiu":
        return column.to_numpy(dtype="float64", copy=True), np.zeros(len(column), dtype=bool)
    return _numbers(column.fillna("").tolist())


class _Reasons:
    """The first reason each row fails for, checks applied in order; a row keeps its first reason."""

    def __init__(self, n: int):
        self.why = np.full(n, None, dtype=object)

    @property
    def open(self) -> np.ndarray:
        return pd.isna(self.why)

    def fail(self, mask: np.ndarray, reason: str | Any) -> None:
        rows = np.flatnonzero(np.asarray(mask, dtype=bool) & self.open)
        for i in rows.tolist():
            self.why[i] = reason(i) if callable(reason) else reason


def _cells(frame: pd.DataFrame, name: str, fn=str.strip) -> pd.Series:
    """fn of each cell of a column (stripped text by default), computed once per distinct value: values repeat."""
    if name not in frame:
        return pd.Series([fn("")] * len(frame), dtype=object)
    cells = frame[name].tolist()
    done = {value: fn(value) for value in set(cells)}
    return pd.Series([done[c] for c in cells], dtype=object)


def _slug(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _place(text: str) -> tuple[str | None, str | None]:
    m = _CITY_ZIP.match(text)
    return (m["city"].title(), m["zip"]) if m else (None, None)


def _extras(frame: pd.DataFrame, unknown: tuple[str, ...], keep: np.ndarray) -> list[str]:
    """Each kept row's extra as JSON text: the cells of columns BidDeed does not know, under "unknown"."""
    rows = int(keep.sum())
    if not unknown:
        return ["{}"] * rows
    cells = [frame[c][keep].tolist() for c in unknown]
    return [orjson.dumps({"unknown": found}).decode() if (found := {c: v for c, v in zip(unknown, row, strict=True)
                                                                  if v}) else "{}"
            for row in zip(*cells, strict=True)]


def read_history(data: bytes, *, source: str) -> History:
    """Every row of the file in the canonical table, or rejected with its reason."""
    text = _decode(data)
    columns = _header(text)
    rows = _rows_fast(text, columns) or _rows_csv(text, columns)
    if rows.read == 0:
        raise HistoryFileError("the file has a header but no rows")
    frame, lines, rejected, read = rows.frame, rows.lines, rows.rejected, rows.read
    n = len(frame)
    nan = np.full(n, np.nan)
    parsed = {c: _column_numbers(frame[c]) if c in frame else (nan.copy(), np.zeros(n, dtype=bool))
              for c in NUMBER_COLUMNS}
    numbers = {c: values for c, (values, _) in parsed.items()}
    for column in ZERO_IS_UNKNOWN:
        numbers[column][numbers[column] == 0] = np.nan
    reasons = _Reasons(n)
    for c in NUMBER_COLUMNS:
        reasons.fail(parsed[c][1], lambda i, c=c: f"{c} {rows.cells(i)[columns.index(c)]!r} is not a number")

    county = _cells(frame, "county", _slug)
    reasons.fail(county == "", "county is empty")
    date_text = _cells(frame, "auction_date")
    date = _cells(frame, "auction_date", lambda t: _date(t.strip()))
    reasons.fail(date.isna(), lambda i: f"auction_date {date_text.iat[i]!r} is not a date (YYYY-MM-DD or MM/DD/YYYY)")
    judgment = numbers["final_judgment"]
    reasons.fail(~(judgment > 0), lambda i: f"final_judgment must be a positive amount, not {rows.cells(i)[columns.index('final_judgment')]!r}")
    outcome_text = _cells(frame, "outcome")
    outcome = _cells(frame, "outcome", lambda t: OUTCOMES.get(t.strip().lower()))
    reasons.fail(outcome.isna(), lambda i: f"outcome {outcome_text.iat[i]!r} is not one of {', '.join(sorted(OUTCOMES))}")
    sold = (outcome == "SOLD").to_numpy()
    amount = np.where(sold, numbers["sold_amount"], np.nan)
    reasons.fail(sold & ~(amount > 0), "a sale with no amount (sold_amount is empty or not positive)")
    sold_to_text = _cells(frame, "sold_to")
    sold_to = _cells(frame, "sold_to", lambda t: SOLD_TO.get(t.strip().lower())).where(sold, None)
    reasons.fail(sold & (sold_to_text != "").to_numpy() & sold_to.isna().to_numpy(),
                 lambda i: f"sold_to {sold_to_text.iat[i]!r} is not one of {', '.join(sorted(SOLD_TO))}")
    case_text = _cells(frame, "case_number")
    auction_id = numbers["auction_id"]
    named = (case_text != "").to_numpy()
    reasons.fail(~named & np.isnan(auction_id), "neither case_number nor auction_id names the auction")
    by_id = pd.Series(np.where(np.isnan(auction_id), 0, auction_id).astype("int64"), dtype="int64").astype(str)
    number = case_text.where(named, "auction-" + by_id)

    keys = pd.DataFrame({"county": county, "date": date, "number": number})
    open_rows = reasons.open
    first_line = pd.Series(lines).where(open_rows).groupby([keys.county, keys.date, keys.number]).transform("min")
    duplicate = open_rows & keys.duplicated(keep=False).to_numpy() & (pd.Series(lines) != first_line).to_numpy()
    reasons.fail(duplicate, lambda i: f"duplicate of line {int(first_line.iat[i])} (same county, date and case)")

    keep = reasons.open
    for i in np.flatnonzero(~keep).tolist():
        rejected.append(Rejected(lines[i], reasons.why[i], _raw_text(dict(zip(columns, rows.cells(i), strict=True)))))
    rejected.sort(key=lambda r: r.line)
    place = _cells(frame, "city_zip", _place)
    tax_deed = _cells(frame, "sale_type", lambda t: t.strip().lower().replace("_", " ") in ("tax deed", "taxdeed"))
    table = pd.DataFrame({
        "county": county, "auction_date": date, "case_number": number,
        "auction_type": np.where(tax_deed.to_numpy(dtype=bool), "TAX_DEED", "FORECLOSURE"),
        "status": outcome, "final_judgment": judgment, "plaintiff_max_bid": numbers["plaintiff_max_bid"],
        "assessed_value": numbers["assessed_value"], "parcel_id": _cells(frame, "parcel_id", lambda t: t.strip() or None),
        "property_address": _cells(frame, "property_address", lambda t: t.strip() or None),
        "city": [c for c, _ in place], "zip": [z for _, z in place], "sold_amount": amount, "sold_to": sold_to,
        "court_type": _cells(frame, "case_number", lambda t: court_type_of(t.strip()) if t.strip() else None),
        "living_area": numbers["living_area"], "beds": numbers["beds"], "baths": numbers["baths"],
        **{c: numbers[c] for c in FACT_NUMBERS},
    })[keep].reset_index(drop=True)
    table["auction_id"] = table["auction_id"].astype("Int64")
    table["extra"] = _extras(frame, tuple(c for c in columns if c not in KNOWN), keep)
    return History(table=table[list(COLUMNS)], rejected=rejected,
                   unknown_columns=tuple(c for c in columns if c not in KNOWN), rows_read=read,
                   sha256=hashlib.sha256(data).hexdigest())


def _raw_text(raw: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in raw.items() if v not in (None, ""))[:2000]
