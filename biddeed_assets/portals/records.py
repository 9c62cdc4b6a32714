"""The canonical case record every portal parser yields (ARCHITECTURE §5)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

AuctionType = Literal["FORECLOSURE", "TAX_DEED"]
Status = Literal["SCHEDULED", "CANCELLED", "SOLD", "REDEEMED", "OTHER"]
SoldTo = Literal["THIRD_PARTY", "PLAINTIFF", "CERT_HOLDER"]

STATUSES: tuple[str, ...] = ("SCHEDULED", "CANCELLED", "SOLD", "REDEEMED", "OTHER")


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One case on one county's sale list; money in dollars, unknown is None (never 0)."""

    case_number: str
    county: str | None  # None only where a saved page did not say (`biddeed parse`); stores refuse it
    auction_date: str | None  # ISO date; None as county
    auction_type: AuctionType = "FORECLOSURE"
    status: Status = "SCHEDULED"
    plaintiff: str | None = None
    defendant: str | None = None
    final_judgment: float | None = None
    opening_bid: float | None = None
    plaintiff_max_bid: float | None = None
    assessed_value: float | None = None
    parcel_id: str | None = None
    property_address: str | None = None
    city: str | None = None
    zip: str | None = None
    sold_amount: float | None = None
    sold_to: SoldTo | None = None
    source: str | None = None
    source_url: str | None = None
    court_type: str | None = None  # CIRCUIT or COUNTY, when the case number says
    stale: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


CASE_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(CaseRecord) if f.name != "extra")


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row a parser could not turn into a record: kept for the quarantine table."""

    reason: str
    raw: str
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """What a list parser returns: the good records and the rows it had to reject."""

    records: list[CaseRecord]
    rejected: list[RejectedRow]
