"""The simulator's outcome behaviour fitted on real auctions: two small logistic models as plain numbers.

`fit_simulator_outcomes(frame)` fits, on a history frame (the shared Miami-Dade file's columns):
- sold: P(sale held | scheduled) vs cancelled/redeemed, on every row;
- third_party: P(third party | sold), on the sold rows;
each a logistic regression (scikit-learn, L2 with C=1 on standardized inputs, reported back in natural
units) of the same five inputs, transformed as `INPUTS` says so the simulator can apply the dict without
this code: logit = intercept + sum(coefficient[name] * input[name]).

Regenerate the shipped fit (biddeed_assets/simulator/real_fit.json) with:

    .venv/bin/python -m biddeed_assets.model.simulator_fit biddeed_assets/simulator/real_fit.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from biddeed_assets.model.outcome_labels import outcome_labels
from biddeed_assets.model.real_features import real_features

DEFAULT_HISTORY = Path(__file__).resolve().parents[1] / "data" / "real" / "miamidade_auctions_2017-2019.csv"
INPUTS: dict[str, str] = {
    "log_judgment_to_value": "ln(final_judgment / assessed_value), clipped to [-3, 3]",
    "max_bid_hidden": "1 when the plaintiff's max bid is hidden, else 0",
    "association": "1 for an HOA/COA case (county-court case number, association plaintiff, or the "
                   "source's hoa_association_flag), else 0",
    "previous_auctions": "times the case was scheduled before, clipped to [0, 10]",
    "case_age_years": "years from filing to the sale, clipped to [0, 15]",
}


def simulator_inputs(frame: pd.DataFrame) -> pd.DataFrame:
    """The five INPUTS per row (NaN where a fact is unknown)."""
    f = real_features(frame)
    association = f[["county_court", "association_plaintiff", "hoa_flag"]].max(axis=1, skipna=True)
    return pd.DataFrame({
        "log_judgment_to_value": np.log(f["judgment_to_value"]).clip(-3, 3),
        "max_bid_hidden": 1.0 - f["max_bid_shown"],
        "association": association,
        "previous_auctions": f["previous_auctions"].clip(0, 10),
        "case_age_years": f["case_age_years"].clip(0, 15),
    }, index=frame.index)


def _fit(X: pd.DataFrame, y: np.ndarray) -> dict[str, Any]:
    mean, scale = X.mean(), X.std(ddof=0).replace(0.0, 1.0)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(((X - mean) / scale).to_numpy(), y.astype(int))
    coefficients = model.coef_[0] / scale.to_numpy()
    intercept = float(model.intercept_[0] - (coefficients * mean.to_numpy()).sum())
    logit = intercept + X.to_numpy() @ coefficients
    return {
        "intercept": round(intercept, 4),
        "coefficients": {name: round(float(c), 4) for name, c in zip(X.columns, coefficients, strict=True)},
        "n": int(len(y)),
        "positive_rate": round(float(y.mean()), 4),
        "auc_in_sample": round(float(roc_auc_score(y, logit)), 4),
    }


def fit_simulator_outcomes(frame: pd.DataFrame) -> dict[str, Any]:
    """{"inputs": INPUTS, "sold": {...}, "third_party": {...}, "rows": n, "window": [first, last]}."""
    X = simulator_inputs(frame)
    labels = outcome_labels(frame)
    known = X.notna().all(axis=1).to_numpy()
    out: dict[str, Any] = {"inputs": INPUTS}
    for name in ("sold", "third_party"):
        y = labels[name].to_numpy(dtype=np.float64)
        rows = known & ~np.isnan(y)
        if rows.sum() < 10 or np.unique(y[rows]).size < 2:
            raise ValueError(f"too few rows with both {name} outcomes to fit ({int(rows.sum())})")
        out[name] = _fit(X.loc[rows], y[rows])
    dates = pd.to_datetime(frame["auction_date"], errors="coerce") if "auction_date" in frame.columns else None
    out["rows"] = int(known.sum())
    if dates is not None and dates.notna().any():
        out["window"] = [dates.min().date().isoformat(), dates.max().date().isoformat()]
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m biddeed_assets.model.simulator_fit OUT.json [HISTORY.csv]", file=sys.stderr)
        return 2
    history = Path(args[1]) if len(args) == 2 else DEFAULT_HISTORY
    fit = fit_simulator_outcomes(pd.read_csv(history))
    fit["history"] = history.name
    Path(args[0]).write_text(json.dumps(fit, indent=2, sort_keys=True) + "\n")
    print(f"wrote {args[0]}: sold AUC {fit['sold']['auc_in_sample']}, third party AUC "
          f"{fit['third_party']['auc_in_sample']} on {fit['rows']} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
