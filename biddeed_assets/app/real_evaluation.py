"""The real Brevard foreclosure sales of late 2025, read and corrected; why the champion cannot score them.

The published results give, per sold lot: sale date, address, city, ZIP, sold amount and winner type
("3rd Party" or "Plaintiff"), no case number, judgment or appraisal. The outcome models score a case
from its judgment, so these results give only their own summary (n and the third-party share). Ten
foreclosure amounts are 100x too high (an upstream parse error): amounts over $2,000,000 are divided by
100, which brings all ten into the range of the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFAULT_RESULTS = Path(__file__).resolve().parents[1] / "data" / "real" / "brevard_sale_results_2025-09_to_12.json"
PARSE_ERROR_ABOVE = 2_000_000


def real_sales(path: Path = DEFAULT_RESULTS) -> list[dict[str, Any]]:
    data = json.loads(path.read_text())
    sales = []
    for day in data["by_date"].values():
        for lot in day["properties"]:
            if lot["type"] == "TAX DEED" or lot["winner_type"] not in ("3rd Party", "Plaintiff"):
                continue
            amount = float(lot["sold_amount"])
            sales.append({
                "auction_date": lot["date"], "zip": lot["zip"], "city": lot["city"],
                "third_party": int(lot["winner_type"] == "3rd Party"),
                "sold_amount": amount / 100 if amount > PARSE_ERROR_ABOVE else amount,
                "amount_corrected": amount > PARSE_ERROR_ABOVE,
            })
    return sales


def summary(sales: list[dict[str, Any]]) -> dict[str, Any]:
    """What the published results can say on their own: how many sales, and the third-party share."""
    third = sum(s["third_party"] for s in sales)
    return {"n": len(sales), "third_party": third, "observed_third_party_share": third / len(sales) if sales else None,
            "amounts_corrected": sum(s["amount_corrected"] for s in sales)}


WHY_NOT_SCORED = ("the champion's outcome models need each case's final judgment; the published Brevard results "
                  "have none, so no case can be scored honestly. Use `biddeed evaluate FILE.csv` on a labelled "
                  "file with case facts")
