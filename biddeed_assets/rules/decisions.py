"""The four decision words of a bid sheet (BID, REVIEW, SKIP, DO_NOT_BID), boldest first.

Every module that writes, compares or sorts decisions takes them from here; SQL gets them as
parameters (see `store/bid_sheets.py`), so a word is spelled in exactly one place.
"""

from __future__ import annotations

from enum import StrEnum


class Decision(StrEnum):
    """A case's recommendation; a StrEnum, so it equals, stores and prints as its word."""

    BID = "BID"
    REVIEW = "REVIEW"
    SKIP = "SKIP"
    DO_NOT_BID = "DO_NOT_BID"


BID = Decision.BID
REVIEW = Decision.REVIEW
SKIP = Decision.SKIP
DO_NOT_BID = Decision.DO_NOT_BID
# Bid-sheet order and caution: BID first and boldest, DO_NOT_BID last and most cautious.
DECISIONS: tuple[Decision, ...] = (BID, REVIEW, SKIP, DO_NOT_BID)
SEVERITY: dict[str, int] = {d: i for i, d in enumerate(DECISIONS)}


def most_cautious(*recommendations: str) -> str:
    """The most cautious of the given recommendations (DO_NOT_BID > SKIP > REVIEW > BID)."""
    return max(recommendations, key=SEVERITY.__getitem__)


def counts(decisions: list[str] | tuple[str, ...]) -> dict[str, int]:
    """How many of each word, keyed `decision_bid`, `decision_review`, ... in bid-sheet order (asset metadata)."""
    return {f"decision_{d.lower()}": sum(1 for x in decisions if x == d) for d in DECISIONS}
