"""Past auctions with their outcomes, read from a history file (CSV) into canonical rows or quarantined.

Column names are those of the shipped Miami-Dade file (`data/real/miamidade_auctions_2017-2019.csv`);
`county`, `auction_date`, `final_judgment` and `outcome` are required. Columns BidDeed does not know are
reported once and kept in each case's `extra.unknown`, never dropped. A row with an impossible value (a
judgment that is not positive, a sale with no amount, a date that does not parse, an unknown outcome) is
quarantined with the reason; everything else is null when the file leaves it empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
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
# Case facts kept beside the case (features read them); zero area means "not recorded", not a vacant lot.
EXTRA_NUMBERS = ("auction_id", "case_filing_year", "hoa_association_flag", "defendant_count", "previous_auctions",
                 "day_count", "place_in_line", "lot_size")
ZERO_IS_UNKNOWN = ("living_area", "lot_size")
_CITY_ZIP = re.compile(r"^\s*(?P<city>[^,]+?)\s*,\s*(?:FL-?\s*)?(?P<zip>\d{5})?", re.I)
_MONEY = re.compile(r"[$,\s]")
_NULLS = ("nan", "hidden", "none", "null", "n/a")
NUMBER_COLUMNS = ("final_judgment", "assessed_value", "plaintiff_max_bid", "sold_amount", "beds", "baths",
                  "living_area", *EXTRA_NUMBERS)


class HistoryFileError(ValueError):
    """The file as a whole cannot be read as auction history; nothing was imported."""


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    raw: str


@dataclass
class History:
    """What a history file holds: canonical rows per table, quarantined rows, and what was not understood."""

    cases: list[dict[str, Any]] = field(default_factory=list)
    properties: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
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


def _numbers(column: list[str]) -> tuple[list[float | None], list[bool]]:
    """A column's numbers (None when empty or "Hidden") and which cells are not numbers at all."""
    try:  # plain numbers and empty cells: numpy converts the whole column at once
        values = np.array([c or "nan" for c in column], dtype="float64")
    except ValueError:
        values = pd.to_numeric(pd.Series(column, dtype=object), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan, copy=True)
    bad = [False] * len(column)
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
    return [None if v != v else v for v in values.tolist()], bad


@functools.lru_cache(maxsize=4096)
def _date(text: str) -> str:
    text = (text or "").strip()
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else _date_us(text)
    except ValueError:
        return _date_us(text)


def _date_us(text: str) -> str:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"auction_date {text!r} is not a date (YYYY-MM-DD or MM/DD/YYYY)")


@functools.lru_cache(maxsize=256)
def _county(text: str) -> str:
    slug = re.sub(r"[\s\-]+", "_", (text or "").strip().lower())
    if not slug:
        raise ValueError("county is empty")
    return slug


def _text(column: list[str] | None, n: int) -> list[str]:
    return [c.strip() for c in column] if column is not None else [""] * n


def _rows(cols: dict[str, list[str]], numbers: dict[str, list[float | None]], unknown: tuple[str, ...],
          source: str, n: int) -> Iterator[tuple[int, tuple[dict, dict, dict] | str]]:
    """(index, (case, property, outcome)) for each readable row, (index, reason) for each impossible one."""
    county, date = _text(cols.get("county"), n), _text(cols.get("auction_date"), n)
    outcome_text, sold_to_text = _text(cols.get("outcome"), n), _text(cols.get("sold_to"), n)
    numbers_raw = {c: cols.get(c) or [""] * n for c in NUMBER_COLUMNS}
    case_text, parcel, address = _text(cols.get("case_number"), n), _text(cols.get("parcel_id"), n), \
        _text(cols.get("property_address"), n)
    city_zip, sale_type = _text(cols.get("city_zip"), n), _text(cols.get("sale_type"), n)
    for column in ZERO_IS_UNKNOWN:
        numbers[column] = [None if v == 0 else v for v in numbers[column]]
    judgment, assessed, max_bid, sold_amount, auction_id = (
        numbers["final_judgment"], numbers["assessed_value"], numbers["plaintiff_max_bid"], numbers["sold_amount"],
        numbers["auction_id"])
    extras = [numbers[k] for k in EXTRA_NUMBERS]
    for i in range(n):
        try:
            row_county, row_date = _county(county[i]), _date(date[i])
        except ValueError as exc:
            yield i, str(exc)
            continue
        if judgment[i] is None or judgment[i] <= 0:
            yield i, f"final_judgment must be a positive amount, not {numbers_raw['final_judgment'][i]!r}"
            continue
        outcome = OUTCOMES.get(outcome_text[i].lower())
        if outcome is None:
            yield i, f"outcome {outcome_text[i]!r} is not one of {', '.join(sorted(OUTCOMES))}"
            continue
        sold = outcome == "SOLD"
        sold_to = SOLD_TO.get(sold_to_text[i].lower()) if sold else None
        amount = sold_amount[i] if sold else None
        if sold and (amount is None or amount <= 0):
            yield i, "a sale with no amount (sold_amount is empty or not positive)"
            continue
        if sold and sold_to_text[i] and sold_to is None:
            yield i, f"sold_to {sold_to_text[i]!r} is not one of {', '.join(sorted(SOLD_TO))}"
            continue
        number = case_text[i]
        if not number:
            if auction_id[i] is None:
                yield i, "neither case_number nor auction_id names the auction"
                continue
            number = f"auction-{int(auction_id[i])}"
        place = _CITY_ZIP.match(city_zip[i]) if city_zip[i] else None
        city, zip_code = (place["city"].title(), place["zip"]) if place else (None, None)
        kind = sale_type[i].lower().replace("_", " ")
        extra = {k: (int(v) if k == "auction_id" else v) for k, column in zip(EXTRA_NUMBERS, extras, strict=True)
                 if (v := column[i]) is not None}
        if unknown:
            extra["unknown"] = {c: cols[c][i] for c in unknown if cols[c][i] not in (None, "")}
        key = {"county": row_county, "auction_date": row_date, "case_number": number}
        case = {
            **key, "auction_type": "TAX_DEED" if kind in ("tax deed", "taxdeed") else "FORECLOSURE",
            "status": outcome, "plaintiff": None, "defendant": None, "final_judgment": judgment[i],
            "opening_bid": None, "plaintiff_max_bid": max_bid[i], "assessed_value": assessed[i],
            "parcel_id": parcel[i] or None, "property_address": address[i] or None, "city": city, "zip": zip_code,
            "sold_amount": amount, "sold_to": sold_to,
            "court_type": court_type_of(number) if case_text[i] else None,
            "source": source, "source_url": None, "stale": False, "extra": extra,
        }
        prop = {**key, "parcel_id": case["parcel_id"], "site_address": case["property_address"], "city": city,
                "zip": zip_code, "assessed_value": assessed[i], "living_area": numbers["living_area"][i],
                "beds": numbers["beds"][i], "baths": numbers["baths"][i], "source": source, "stale": False}
        yield i, (case, prop, {**key, "status": outcome, "sold_amount": amount, "sold_to": sold_to, "source": source})


def read_history(data: bytes, *, source: str) -> History:
    """Every row of the file as canonical case, property and outcome rows, or rejected with its reason."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in next(reader, [])]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        hint = ""
        if len(columns) == 1 and any(sep in columns[0] for sep in ";\t|"):
            hint = " (the file is not comma-separated: its header is one column)"
        raise HistoryFileError(f"missing required column(s) {', '.join(missing)}{hint}; "
                               f"a history file needs {', '.join(REQUIRED)}")
    unknown = tuple(c for c in columns if c not in KNOWN)
    history = History(unknown_columns=unknown, sha256=hashlib.sha256(data).hexdigest())
    lines, cells = [], []
    for cell_row in reader:
        if not any(c.strip() for c in cell_row):
            continue
        history.rows_read += 1
        if len(cell_row) != len(columns):
            history.rejected.append(Rejected(reader.line_num, f"the row has {len(cell_row)} cells, the header "
                                             f"{len(columns)}", ",".join(cell_row)[:2000]))
            continue
        lines.append(reader.line_num)
        cells.append(cell_row)
    by_column = {name: [r[i] for r in cells] for i, name in enumerate(columns)}
    parsed = {c: _numbers(by_column[c]) if c in by_column else ([None] * len(cells), [False] * len(cells))
              for c in NUMBER_COLUMNS}
    bad_column = [next((c for c in NUMBER_COLUMNS if parsed[c][1][i]), None) if any_bad else None
                  for i, any_bad in enumerate(map(any, zip(*(parsed[c][1] for c in NUMBER_COLUMNS), strict=True)))]
    numbers = {c: parsed[c][0] for c in NUMBER_COLUMNS}
    seen: dict[tuple[str, str, str], int] = {}

    def reject(i: int, reason: str) -> None:
        history.rejected.append(Rejected(lines[i], reason, _raw_text(dict(zip(columns, cells[i], strict=True)))))

    for i, result in _rows(by_column, numbers, unknown, source, len(cells)):
        if bad_column[i]:
            reject(i, f"{bad_column[i]} {by_column[bad_column[i]][i]!r} is not a number")
            continue
        if isinstance(result, str):
            reject(i, result)
            continue
        case, prop, outcome = result
        key = (case["county"], case["auction_date"], case["case_number"])
        if key in seen:
            reject(i, f"duplicate of line {seen[key]} (same county, date and case)")
            continue
        seen[key] = lines[i]
        history.cases.append(case)
        history.properties.append(prop)
        history.outcomes.append(outcome)
    if history.rows_read == 0:
        raise HistoryFileError("the file has a header but no rows")
    return history


def _raw_text(raw: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in raw.items() if v not in (None, ""))[:2000]
