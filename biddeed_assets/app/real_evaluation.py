"""Score the real Brevard foreclosure sales (late 2025) with the champion and measure how it does.

The published results give, per sold lot: sale date, address, city, ZIP, sold amount and winner type
("3rd Party" or "Plaintiff"), no case number, judgment or appraisal. So the model sees only what is
known before such a sale from that record: the county, the sale date, and nothing else of the case
(every other feature unknown). Ten foreclosure amounts are 100x too high (an upstream parse error):
amounts over $2,000,000 are divided by 100, which brings all ten into the range of the others.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score

from biddeed_assets.model import artifacts
from biddeed_assets.model.features import case_features
from biddeed_assets.model.inputs import CaseInputs

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


def evaluate(artifact: bytes, sales: list[dict[str, Any]]) -> dict[str, Any]:
    """The older simulator-trained kind only: an outcome bundle needs a final judgment these results lack."""
    try:
        bundle = artifacts.deserialize(artifact)
    except ValueError:
        raise ValueError("the champion is an outcome model, which needs each case's final judgment; the published "
                         "Brevard results have none, so nothing can be scored honestly. Use `biddeed evaluate "
                         "FILE.csv` on a labelled file with case facts") from None
    rows = [case_features(CaseInputs(case={"county": "brevard", "auction_date": s["auction_date"],
                                           "case_number": f"REAL-{i}", "zip": s["zip"]}))
            for i, s in enumerate(sales)]
    frame = pd.DataFrame(rows, columns=list(bundle.features)).astype(float)
    scored = artifacts.predict(bundle, frame, reasons=False)
    y = np.array([s["third_party"] for s in sales])
    p = scored["third_party_probability"].to_numpy()
    price = scored["predicted_sale_price"].to_numpy()
    actual = np.array([s["sold_amount"] for s in sales])
    base_rate = float(y.mean())
    return {
        "model_version": bundle.version, "n": len(sales), "third_party": int(y.sum()),
        "amounts_corrected": sum(s["amount_corrected"] for s in sales),
        "auc": float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else None,
        "accuracy": float(accuracy_score(y, p >= 0.5)),
        "majority_class_accuracy": max(base_rate, 1 - base_rate),
        "mean_probability": float(p.mean()), "observed_third_party_share": base_rate,
        "price_mae": float(np.mean(np.abs(price - actual))),
        "price_median_ape": float(np.median(np.abs(price - actual) / actual)),
        "features_known": "county, sale date (every case fact is unknown in the published results)",
    }
