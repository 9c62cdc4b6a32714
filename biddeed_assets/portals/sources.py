"""Which sources a county has: the one place that decides it from the platform the county sells on.

Each source is one of: a WholeList (one fetch for the partition), PerCase (one fetch per case), FromSaleList
(read from the stored sale-list items, no fetch of its own) or NotAvailable (with the reason the asset shows).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from biddeed_assets.portals import brevard_case, sale_lists
from biddeed_assets.portals.beca_docket import outcome_from_events
from biddeed_assets.portals.counties import REALFORECLOSE
from biddeed_assets.portals.counties import county as county_info
from biddeed_assets.portals.official_records import liens_from_documents
from biddeed_assets.portals.records import RejectedRow

FINAL_STATUSES = ("SOLD", "CANCELLED", "REDEEMED")


@dataclass(frozen=True)
class NotAvailable:
    """The county has no such source (yet); what is not fetched is unknown, and `reason` says so."""

    reason: str


@dataclass(frozen=True)
class FromSaleList:
    """The sale list's own items carry this; nothing else is fetched."""

    reason: str


@dataclass(frozen=True)
class WholeList:
    """One fetch for the whole partition: fetch(http, base_url, county, auction_date)."""

    portal: str  # the portal resource (`<portal>_portal`) whose client and URL the fetch uses
    source: str  # what the stored rows name as their source
    fetch: Callable[..., Any]


@dataclass(frozen=True)
class PerCase:
    """One fetch per case: fetch(http, urls, case) -> a Fetched, or None when the site has no record of it."""

    portal: str  # whose client (and pool) the fetches go through
    source: str  # the ingest_status source name
    fetch: Callable[..., Any]
    also: tuple[str, ...] = ()  # further portals whose base URLs the fetch reads (urls[name])
    requires: str | None = None  # the case field the fetch needs; a case without it stays unknown
    reads: tuple[str, ...] = ("case_number",)  # every case field the fetch reads

    @property
    def portals(self) -> tuple[str, ...]:
        return (self.portal, *self.also)

    def inputs(self, case: Mapping) -> tuple:
        """What the fetch reads of the case: two cases with the same inputs fetch the same pages."""
        return tuple(case.get(name) for name in self.reads)


Source = WholeList | PerCase | FromSaleList | NotAvailable


@dataclass(frozen=True)
class CountySources:
    """Where each kind of fact about a county's cases comes from."""

    county: str
    sale_list: WholeList | NotAvailable  # NotAvailable only for counties that cannot be enabled
    judgments: PerCase | FromSaleList | NotAvailable
    property_records: PerCase | FromSaleList | NotAvailable
    liens: PerCase | NotAvailable
    taxes: PerCase | NotAvailable
    outcomes: PerCase | WholeList | NotAvailable


def describe(source: Source) -> str:
    """One line for asset metadata: which portal, or why there is none."""
    if isinstance(source, (NotAvailable, FromSaleList)):
        return source.reason
    portals = source.portals if isinstance(source, PerCase) else (source.portal,)
    return f"{source.source} via {' + '.join(portals)}"


# --- Brevard: the clerk's sale list, then each case across BECA, official records, BCPAO, tax collector ------


def _clerk_list(http, base_url: str, county: str, auction_date: str) -> sale_lists.SaleList:
    return sale_lists.clerk_list(http, base_url, auction_date)


def _docket(http, urls: Mapping[str, str], case) -> brevard_case.Fetched:
    number = case["case_number"] if isinstance(case, Mapping) else case.case_number
    return brevard_case.docket(http, urls["beca"], number)


def _brevard_property(http, urls: Mapping[str, str], case: Mapping) -> brevard_case.Fetched | None:
    """The parcel named by the case's lis pendens, then BCPAO's record of it."""
    parcel, _ = brevard_case.parcel_of_case(http, urls["official_records"], case["case_number"])
    if parcel is None:
        raise ValueError("no recorded legal description names a parcel")
    return brevard_case.appraiser_record(http, urls["bcpao"], parcel)


@dataclass(frozen=True)
class LienRead:
    """A parcel's liens, and the rows that lacked what makes a lien a lien (kept for quarantine)."""

    liens: list
    rejected: list[RejectedRow]


def _brevard_liens(http, urls: Mapping[str, str], case: Mapping) -> brevard_case.Fetched:
    found = brevard_case.records_search(http, urls["official_records"], parcel_id=case["appraiser_parcel"])
    liens = liens_from_documents(found.value)
    return brevard_case.Fetched(LienRead(list(liens), liens.rejected), found.source_url, found.stale)


def _brevard_taxes(http, urls: Mapping[str, str], case: Mapping) -> brevard_case.Fetched | None:
    """The tax bill by account, with RealTDM's certificates of the parcel: value (bill, certificates)."""
    bill = brevard_case.tax_bill(http, urls["tax"], case["account"])
    if bill is None:
        return None
    certs = brevard_case.certificates(http, urls["realtdm"], case["appraiser_parcel"])
    return brevard_case.Fetched((bill.value, certs.value), bill.source_url, bill.stale or certs.stale)


def _docket_outcome(http, urls: Mapping[str, str], case: Mapping) -> brevard_case.Fetched | None:
    """The sale's outcome as the docket tells it (status, sold amount, sold to); None while it does not say."""
    fetched = brevard_case.docket(http, urls["beca"], case["case_number"])
    found = outcome_from_events(fetched.value.events, sale_date=str(case["auction_date"]),
                                plaintiff=case.get("plaintiff"))
    if found is None:
        return None
    return brevard_case.Fetched((found.status, found.sold_amount, found.sold_to), fetched.source_url, fetched.stale)


# --- RealForeclose: the platform's items carry parcel, value and judgment, and show the outcome -------------


def _realforeclose_list(http, base_url: str, county: str, auction_date: str) -> sale_lists.SaleList:
    return sale_lists.realforeclose_list(http, base_url, county, auction_date)


def _realforeclose_outcomes(http, base_url: str, county: str, auction_date: str) -> dict[str, brevard_case.Fetched]:
    """The closed items of the day by case number: (status, sold amount, sold to)."""
    listing = sale_lists.realforeclose_list(http, base_url, county, auction_date)
    return {
        r.case_number: brevard_case.Fetched((r.status, r.sold_amount, r.sold_to), r.source_url, listing.stale)
        for r in listing.records if r.status in FINAL_STATUSES
    }


def _brevard(slug: str) -> CountySources:
    return CountySources(
        county=slug,
        sale_list=WholeList("clerk", "brevard_clerk", _clerk_list),
        judgments=PerCase("beca", "beca", _docket),
        property_records=PerCase("bcpao", "bcpao", _brevard_property, also=("official_records",)),
        liens=PerCase("official_records", "official_records", _brevard_liens, requires="appraiser_parcel",
                      reads=("appraiser_parcel",)),
        taxes=PerCase("tax", "tax_collector", _brevard_taxes, also=("realtdm",), requires="account",
                      reads=("account", "appraiser_parcel")),
        outcomes=PerCase("beca", "brevard_beca", _docket_outcome, reads=("case_number", "auction_date", "plaintiff")),
    )


def _realforeclose(slug: str) -> CountySources:
    return CountySources(
        county=slug,
        sale_list=WholeList("realforeclose", "realforeclose", _realforeclose_list),
        judgments=FromSaleList("RealForeclose items carry the final judgment"),
        property_records=FromSaleList("a RealForeclose item carries its parcel, address and appraised value"),
        liens=NotAvailable("no official-records portal for this county yet: liens unknown"),
        taxes=NotAvailable("no tax collector portal for this county yet: taxes unknown"),
        outcomes=WholeList("realforeclose", "realforeclose", _realforeclose_outcomes),
    )


def _in_person(slug: str) -> CountySources:
    """A county that sells foreclosures in person whose clerk's list has no client: nothing can be fetched."""
    name = county_info(slug).name
    missing = NotAvailable(f"{name} sells foreclosures in person and its clerk's sale list has no client yet")
    return CountySources(slug, missing, missing, missing, missing, missing, missing)


def for_county(slug: str) -> CountySources:
    """The county's sources (KeyError naming the known counties for an unknown slug)."""
    info = county_info(slug)
    if info.platform == REALFORECLOSE:
        return _realforeclose(slug)
    return _brevard(slug) if slug == "brevard" else _in_person(slug)


def can_be_enabled(slug: str) -> bool:
    """Whether the county has a sale list to ingest (Brevard's clerk, or a RealForeclose site)."""
    return isinstance(for_county(slug).sale_list, WholeList)


SOURCE_KINDS = ("sale_list", "judgments", "property_records", "liens", "taxes", "outcomes")


def summary(slug: str) -> dict[str, dict[str, Any]]:
    """Per kind of fact, whether the project can get it in this county and how (or why not)."""
    found = for_county(slug)
    return {
        kind: {"available": not isinstance(source, NotAvailable), "how": describe(source)}
        for kind in SOURCE_KINDS
        for source in (getattr(found, kind),)
    }


def describe_county(slug: str) -> str:
    """One line: what can be fetched in the county, then what cannot and why."""
    parts = summary(slug)
    can = [f"{kind} ({part['how']})" for kind, part in parts.items() if part["available"]]
    cannot = [f"{kind} ({part['how']})" for kind, part in parts.items() if not part["available"]]
    return "can: " + ", ".join(can) + ("; cannot: " + ", ".join(cannot) if cannot else "")
