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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    values = pd.to_numeric(pd.Series(column, dtype=object), errors="coerce").astype("float64").tolist()
    bad = [False] * len(values)
    for i, v in enumerate(values):
        if math.isnan(v) or math.isinf(v):
            text = column[i].strip()
            if text and text.lower() not in _NULLS:  # "$250,359.00" is a number; "abc" is not
                try:
                    v = float(_MONEY.sub("", text))
                except ValueError:
                    bad[i] = True
                bad[i] = bad[i] or not math.isfinite(v)
            values[i] = None if bad[i] or math.isnan(v) else v
    return values, bad


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


def _row(row: dict[str, str], numbers: dict[str, float | None], unknown: tuple[str, ...],
         source: str) -> tuple[dict, dict, dict]:
    county, date = _county(row["county"]), _date(row["auction_date"])
    for column in ZERO_IS_UNKNOWN:
        if numbers[column] == 0:
            numbers[column] = None
    judgment = numbers["final_judgment"]
    if judgment is None or judgment <= 0:
        raise ValueError(f"final_judgment must be a positive amount, not {row.get('final_judgment')!r}")
    outcome = OUTCOMES.get((row.get("outcome") or "").strip().lower())
    if outcome is None:
        raise ValueError(f"outcome {row.get('outcome')!r} is not one of {', '.join(sorted(OUTCOMES))}")
    sold_to = SOLD_TO.get((row.get("sold_to") or "").strip().lower()) if outcome == "SOLD" else None
    sold_amount = numbers["sold_amount"] if outcome == "SOLD" else None
    if outcome == "SOLD" and (sold_amount is None or sold_amount <= 0):
        raise ValueError("a sale with no amount (sold_amount is empty or not positive)")
    if outcome == "SOLD" and (row.get("sold_to") or "").strip() and sold_to is None:
        raise ValueError(f"sold_to {row['sold_to']!r} is not one of {', '.join(sorted(SOLD_TO))}")
    case_number = (row.get("case_number") or "").strip()
    auction_id = numbers["auction_id"]
    if not case_number:
        if auction_id is None:
            raise ValueError("neither case_number nor auction_id names the auction")
        case_number = f"auction-{int(auction_id)}"
    place = _CITY_ZIP.match(row.get("city_zip") or "")
    city, zip_code = (place["city"].title(), place["zip"]) if place else (None, None)
    sale_type = (row.get("sale_type") or "foreclosure").strip().lower().replace("_", " ")
    extra = {k: (int(v) if k == "auction_id" and v is not None else v) for k in EXTRA_NUMBERS
             if (v := numbers[k]) is not None}
    if unknown:
        extra["unknown"] = {c: row.get(c) for c in unknown if row.get(c) not in (None, "")}
    key = {"county": county, "auction_date": date, "case_number": case_number}
    case = {
        **key, "auction_type": "TAX_DEED" if sale_type in ("tax deed", "taxdeed") else "FORECLOSURE",
        "status": outcome, "plaintiff": None, "defendant": None, "final_judgment": judgment, "opening_bid": None,
        "plaintiff_max_bid": numbers["plaintiff_max_bid"], "assessed_value": numbers["assessed_value"],
        "parcel_id": (row.get("parcel_id") or "").strip() or None,
        "property_address": (row.get("property_address") or "").strip() or None, "city": city, "zip": zip_code,
        "sold_amount": sold_amount, "sold_to": sold_to,
        "court_type": court_type_of(case_number) if not case_number.startswith("auction-") else None,
        "source": source, "source_url": None, "stale": False, "extra": extra,
    }
    prop = {**key, "parcel_id": case["parcel_id"], "site_address": case["property_address"], "city": city,
            "zip": zip_code, "assessed_value": numbers["assessed_value"], "living_area": numbers["living_area"],
            "beds": numbers["beds"], "baths": numbers["baths"], "source": source, "stale": False}
    result = {**key, "status": outcome, "sold_amount": sold_amount, "sold_to": sold_to, "source": source}
    return case, prop, result


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
    numbers = {c: _numbers(by_column[c]) if c in by_column else ([None] * len(cells), [False] * len(cells))
               for c in NUMBER_COLUMNS}
    seen: dict[tuple[str, str, str], int] = {}
    for i, (line, cell_row) in enumerate(zip(lines, cells, strict=True)):
        raw = dict(zip(columns, cell_row, strict=True))
        try:
            bad = next((c for c in NUMBER_COLUMNS if numbers[c][1][i]), None)
            if bad:
                raise ValueError(f"{bad} {raw.get(bad)!r} is not a number")
            case, prop, result = _row(raw, {c: numbers[c][0][i] for c in NUMBER_COLUMNS}, unknown, source)
        except ValueError as exc:
            history.rejected.append(Rejected(line, str(exc), _raw_text(raw)))
            continue
        key = (case["county"], case["auction_date"], case["case_number"])
        if key in seen:
            history.rejected.append(Rejected(line, f"duplicate of line {seen[key]} (same county, date and case)",
                                             _raw_text(raw)))
            continue
        seen[key] = line
        history.cases.append(case)
        history.properties.append(prop)
        history.outcomes.append(result)
    if history.rows_read == 0:
        raise HistoryFileError("the file has a header but no rows")
    return history


def _raw_text(raw: dict) -> str:
    return ",".join(f"{k}={v}" for k, v in raw.items() if v not in (None, ""))[:2000]
