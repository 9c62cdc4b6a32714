"""What happened at each sale, as the three outcome models learn it: sold, won by a third party, at what price.

Read from `outcome` (the history file's sold/cancelled/redeemed) or the canonical `status`, `sold_to`
("3rd Party Bidder", "Plaintiff" or the canonical THIRD_PARTY/PLAINTIFF) and `sold_amount`:

- sold: 1 for a sale, 0 for a cancelled or redeemed one (the sale did not happen); NaN otherwise;
- third_party: on sold rows only, 1 when a third party won, 0 when the plaintiff kept it; NaN otherwise
  (a certificate holder, an unknown buyer, no sale);
- third_party_price: the amount of a third-party sale ($, > 0), else NaN.

These columns are labels only: the features never read them (see real_features.OUTCOME_COLUMNS).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from biddeed_assets.model.history import OUTCOMES, SOLD_TO

LABELS = ("sold", "third_party", "third_party_price")
_SOLD = {"SOLD": 1.0, "CANCELLED": 0.0, "REDEEMED": 0.0}
_BUYER = {"THIRD_PARTY": 1.0, "PLAINTIFF": 0.0}


def _lookup(frame: pd.DataFrame, column: str, table: dict[str, float]) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    values = np.array([table.get(str(u).strip().upper(), np.nan) for u in uniques] + [np.nan])
    return values[codes]  # the sentinel -1 picks the trailing NaN


def outcome_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """The LABELS of `frame`, same index and order; NaN where the outcome does not say."""
    outcome_words = {**{k.upper(): _SOLD[v] for k, v in OUTCOMES.items() if v in _SOLD}, **_SOLD}
    buyer_words = {**{k.upper(): _BUYER[v] for k, v in SOLD_TO.items() if v in _BUYER}, **_BUYER}
    sold = _lookup(frame, "outcome", outcome_words)
    if "status" in frame.columns:
        sold = np.where(np.isnan(sold), _lookup(frame, "status", outcome_words), sold)
    third_party = np.where(sold == 1.0, _lookup(frame, "sold_to", buyer_words), np.nan)
    amount = (pd.to_numeric(frame["sold_amount"], errors="coerce").to_numpy(dtype=np.float64)
              if "sold_amount" in frame.columns else np.full(len(frame), np.nan))
    price = np.where((third_party == 1.0) & (amount > 0), amount, np.nan)
    return pd.DataFrame({"sold": sold, "third_party": third_party, "third_party_price": price}, index=frame.index)
