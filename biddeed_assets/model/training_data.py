"""Case facts a live pipeline derives itself, and the fingerprint of a training set (pure; no database).

`defendant_count(text)`: the defendants a sale list's defendant text names ("A; B", "A AND B", "A & B"),
None when it does not say (empty, or "ET AL": more than the text lists). `data_hash(frame)`: a sha256 of
the training rows (keys, source, facts and outcome, in key order), so a retrain on the same evidence as
the champion is recognised and skipped.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

_SEPARATORS = re.compile(r"\s*(?:;|&|\bAND\b)\s*", re.IGNORECASE)
_ET_AL = re.compile(r"\bET\.?\s*AL\b", re.IGNORECASE)


def defendant_count(text: object) -> float | None:
    """How many defendants the text names; None when empty or open-ended (ET AL)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    value = str(text).strip()
    if not value or _ET_AL.search(value):
        return None
    return float(len([part for part in _SEPARATORS.split(value) if part.strip()]))


def data_hash(frame: pd.DataFrame) -> str:
    """sha256 of the frame's rows in key order, every column as text (NaN as empty)."""
    keys = [c for c in ("auction_date", "county", "case_number") if c in frame.columns]
    ordered = frame.sort_values(keys).reset_index(drop=True) if keys else frame
    ordered = ordered[sorted(ordered.columns)]
    return hashlib.sha256(ordered.to_csv(index=False, na_rep="").encode("utf-8")).hexdigest()
