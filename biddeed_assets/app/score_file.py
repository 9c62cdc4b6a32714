"""`biddeed score FILE.csv`: the champion's predictions for canonical records given as CSV."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pandas as pd

from biddeed_assets.model import artifacts
from biddeed_assets.model.features import case_features
from biddeed_assets.model.inputs import CaseInputs
from biddeed_assets.portals.records import CASE_COLUMNS

NUMBERS = ("final_judgment", "opening_bid", "plaintiff_max_bid", "assessed_value", "sold_amount")
OUTPUT = ("case_number", "third_party_probability", "predicted_sale_price", "price_lower", "price_upper", "model_version")


class NoChampion(RuntimeError):
    """No model has been promoted yet."""


def _value(name: str, text: str | None) -> Any:
    if text is None or not text.strip():
        return None
    if name in NUMBERS:
        try:
            return float(text.replace("$", "").replace(",", ""))
        except ValueError:
            raise ValueError(f"column {name}: {text!r} is not a number") from None
    return text.strip()


def read_records(text: str) -> list[dict]:
    """Canonical records from CSV; columns it lacks are null, columns it does not know are ignored."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "case_number" not in reader.fieldnames:
        raise ValueError("the CSV needs a header row with at least case_number (canonical column names)")
    records = []
    for line, row in enumerate(reader, start=2):
        record = {name: _value(name, row.get(name)) for name in CASE_COLUMNS}
        if not record["case_number"]:
            raise ValueError(f"line {line}: case_number is empty")
        record["county"] = record["county"] or "unknown"
        if not record["auction_date"]:
            raise ValueError(f"line {line}: auction_date is empty (ISO date needed for the sale year)")
        records.append(record)
    return records


def score(text: str, artifact: bytes) -> str:
    bundle = artifacts.deserialize(artifact)
    records = read_records(text)
    rows = [case_features(CaseInputs(case=r)) for r in records]
    frame = pd.DataFrame(rows, columns=list(bundle.features)).astype(float)
    scored = artifacts.predict(bundle, frame, reasons=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(OUTPUT)
    for record, (_, row) in zip(records, scored.iterrows(), strict=True):
        writer.writerow([record["case_number"], *(_fmt(row[c]) for c in OUTPUT[1:-1]), row["model_version"]])
    return out.getvalue()


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{float(value):.4f}" if abs(float(value)) <= 1 else f"{float(value):.0f}"
