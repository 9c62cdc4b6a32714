"""One whole page per page kind: the real captured fixture, or a simulator-rendered page where none was captured."""

from __future__ import annotations

import json
from dataclasses import dataclass

from biddeed_assets.portals import census
from biddeed_assets.simulator.sites import census as census_site
from biddeed_assets.simulator.sites import realtdm
from biddeed_assets.simulator.sites.realforeclose import cards
from biddeed_assets.simulator.truth import zip_demographics
from biddeed_assets_tests.fixtures import page

REAL = {
    "clerk-sale-list": "brevard_clerk/sale_list_2017-05.html",
    "realforeclose-calendar": "realforeclose/hillsborough/calendar.html",
    "realforeclose-load": "realforeclose/hillsborough/load_area_C_2026-06-05.json",
    # the real day page capture with the real LOAD's cards in its closed area (fixtures/README.md)
    "realforeclose-day": "realforeclose/hillsborough/day_2026-06-05_browser.html",
    "bcpao-search": "brevard_bcpao/search_2627712.json",
    "bcpao-account": "brevard_bcpao/account_2627712.json",
    "beca-docket": "brevard_beca/case_docket.html",
    "official-records": "brevard_official_records/case_search_results.html",
    "tax-bill": "brevard_tax_collector/parcel_bill.html",
}
LOAD_URL = (
    "https://www.hillsborough.realforeclose.com/index.cfm?zaction=AUCTION&Zmethod=UPDATE&FNC=LOAD&AREA=C"
    "&AUCTIONDATE=06/05/2026"
)
CENSUS_URL = census.acs_url(2024, ["32901", "32940"], base_url="http://127.0.0.1:8765/census")


@dataclass(frozen=True)
class SeedPage:
    body: bytes
    source_url: str | None = None
    origin: str = "real"


def _update_body() -> bytes:
    items = [
        {"AID": "1502087", "A": "Auction Sold", "B": "06/05/2026 10:07 AM ET", "C": "Amount",
         "D": "$475,100.00", "SL": "Sold To", "ST": "3rd Party Bidder"},
        {"AID": "1497643", "A": "Auction Status", "B": "Canceled per Bankruptcy"},
    ]
    return cards.update_body(items, area_counts={"C": 2}).encode()


def _realtdm_page() -> bytes:
    certs = [
        realtdm.Certificate("2019-01234", 2018, 1234.56, 18.0, "ISSUED", "ABC FUND LLC"),
        realtdm.Certificate("2020-00077", 2019, 987.0, 0.25, "ISSUED", "XYZ CAPITAL"),
    ]
    return realtdm.realtdm_page("26-36-09-UH-A-3", certs)


def _census_body() -> bytes:
    variables = ["NAME", *census.ACS_VARIABLES]
    rows = [[*variables, census.GEOGRAPHY]]
    rows += [census_site.acs_row(zip_demographics(7, z), variables) for z in ("32901", "32940")]
    return ("[" + ",\n".join(json.dumps(r) for r in rows) + "]").encode()


def seed_pages() -> dict[str, SeedPage]:
    pages = {kind: SeedPage(page(path).read_bytes()) for kind, path in REAL.items()}
    pages["realforeclose-load"] = SeedPage(pages["realforeclose-load"].body, LOAD_URL)
    pages["realforeclose-update"] = SeedPage(_update_body(), origin="simulator")
    pages["realtdm-certificates"] = SeedPage(_realtdm_page(), origin="simulator")
    pages["census"] = SeedPage(_census_body(), CENSUS_URL, origin="simulator")
    return pages
