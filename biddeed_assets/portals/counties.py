"""Florida counties BidDeed knows: which platform sells their foreclosures, and which are enabled.

Compiled from the public RealAuction registry (vendor ids and site URLs). Brevard sells foreclosures
in person (its clerk publishes the sale list) and only tax deeds on RealForeclose. Every county whose
foreclosures sell on RealForeclose is enabled by default, beside Brevard. A county the registry lists
as selling online but without a site URL (Calhoun: a combined foreclosure + tax-deed vendor id only)
gets the platform's usual https://<slug>.realforeclose.com, flagged `url_derived` so that
`biddeed counties` shows it as unverified.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

CLERK_IN_PERSON = "CLERK_IN_PERSON"
REALFORECLOSE = "REALFORECLOSE"



@dataclass(frozen=True, slots=True)
class County:
    name: str
    slug: str
    foreclosure_online: bool
    vendor_foreclosure: str | None = None
    vendor_taxdeed: str | None = None
    vendor_combined: str | None = None
    base_url: str | None = None

    @property
    def platform(self) -> str:
        return REALFORECLOSE if self.foreclosure_online else CLERK_IN_PERSON

    @property
    def url_derived(self) -> bool:
        """True when the site URL is the platform's usual one, not the registry's."""
        return self.foreclosure_online and self.base_url is None

    @property
    def site_url(self) -> str | None:
        """The county's real RealForeclose site (the registry's, else https://<slug>.realforeclose.com)."""
        if not self.foreclosure_online:
            return None
        return self.base_url or f"https://{self.slug.replace('_', '')}.realforeclose.com"


REGISTRY: tuple[County, ...] = (
    County('Alachua', 'alachua', foreclosure_online=True, vendor_foreclosure='58', vendor_taxdeed='78', vendor_combined=None, base_url='https://www.alachua.realforeclose.com'),
    County('Baker', 'baker', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='105', vendor_combined=None, base_url=None),
    County('Bay', 'bay', foreclosure_online=True, vendor_foreclosure='13', vendor_taxdeed='73', vendor_combined=None, base_url='https://bay.realforeclose.com'),
    County('Brevard', 'brevard', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='29', vendor_combined=None, base_url=None),
    County('Broward', 'broward', foreclosure_online=True, vendor_foreclosure='17', vendor_taxdeed=None, vendor_combined=None, base_url='https://www.broward.realforeclose.com'),
    County('Calhoun', 'calhoun', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed=None, vendor_combined='107', base_url=None),
    County('Charlotte', 'charlotte', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed=None, vendor_combined='3', base_url='https://www.charlotte.realforeclose.com'),
    County('Citrus', 'citrus', foreclosure_online=True, vendor_foreclosure='35', vendor_taxdeed='30', vendor_combined=None, base_url='https://www.citrus.realforeclose.com'),
    County('Clay', 'clay', foreclosure_online=True, vendor_foreclosure='67', vendor_taxdeed='68', vendor_combined=None, base_url='https://www.clay.realforeclose.com'),
    County('Duval', 'duval', foreclosure_online=True, vendor_foreclosure='2', vendor_taxdeed='32', vendor_combined=None, base_url='https://www.duval.realforeclose.com'),
    County('Escambia', 'escambia', foreclosure_online=True, vendor_foreclosure='19', vendor_taxdeed='18', vendor_combined=None, base_url='https://escambia.realforeclose.com'),
    County('Flagler', 'flagler', foreclosure_online=True, vendor_foreclosure='53', vendor_taxdeed='51', vendor_combined=None, base_url='https://flagler.realforeclose.com'),
    County('Gilchrist', 'gilchrist', foreclosure_online=True, vendor_foreclosure='81', vendor_taxdeed='55', vendor_combined=None, base_url='https://gilchrist.realforeclose.com'),
    County('Gulf', 'gulf', foreclosure_online=True, vendor_foreclosure='95', vendor_taxdeed='96', vendor_combined=None, base_url='https://gulf.realforeclose.com'),
    County('Hendry', 'hendry', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='41', vendor_combined=None, base_url=None),
    County('Hernando', 'hernando', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='56', vendor_combined=None, base_url=None),
    County('Highlands', 'highlands', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='75', vendor_combined=None, base_url=None),
    County('Hillsborough', 'hillsborough', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed='64', vendor_combined=None, base_url='https://www.hillsborough.realforeclose.com'),
    County('Indian River', 'indian_river', foreclosure_online=True, vendor_foreclosure='25', vendor_taxdeed='54', vendor_combined=None, base_url='https://indian-river.realforeclose.com'),
    County('Jackson', 'jackson', foreclosure_online=True, vendor_foreclosure='101', vendor_taxdeed='102', vendor_combined=None, base_url='https://jackson.realforeclose.com'),
    County('Lake', 'lake', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='37', vendor_combined=None, base_url=None),
    County('Lee', 'lee', foreclosure_online=True, vendor_foreclosure='8', vendor_taxdeed='7', vendor_combined=None, base_url='https://www.lee.realforeclose.com'),
    County('Leon', 'leon', foreclosure_online=True, vendor_foreclosure='44', vendor_taxdeed='49', vendor_combined=None, base_url='https://www.leon.realforeclose.com'),
    County('Manatee', 'manatee', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed=None, vendor_combined='1', base_url='https://www.manatee.realforeclose.com'),
    County('Marion', 'marion', foreclosure_online=True, vendor_foreclosure='42', vendor_taxdeed='79', vendor_combined=None, base_url='https://www.marion.realforeclose.com'),
    County('Martin', 'martin', foreclosure_online=True, vendor_foreclosure='26', vendor_taxdeed='71', vendor_combined=None, base_url='https://www.martin.realforeclose.com'),
    County('Miami-Dade', 'miami_dade', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed=None, vendor_combined='15', base_url='https://www.miamidade.realforeclose.com'),
    County('Monroe', 'monroe', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='110', vendor_combined=None, base_url=None),
    County('Nassau', 'nassau', foreclosure_online=True, vendor_foreclosure='27', vendor_taxdeed='92', vendor_combined=None, base_url='https://nassauclerk.realforeclose.com'),
    County('Okaloosa', 'okaloosa', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='65', vendor_combined=None, base_url=None),
    County('Okeechobee', 'okeechobee', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed=None, vendor_combined='90', base_url='https://okeechobee.realforeclose.com'),
    County('Orange', 'orange', foreclosure_online=True, vendor_foreclosure='21', vendor_taxdeed='22', vendor_combined=None, base_url='https://www.myorangeclerk.realforeclose.com'),
    County('Osceola', 'osceola', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='31', vendor_combined=None, base_url=None),
    County('Palm Beach', 'palm_beach', foreclosure_online=True, vendor_foreclosure='34', vendor_taxdeed='99', vendor_combined=None, base_url='https://palmbeach.realforeclose.com'),
    County('Pasco', 'pasco', foreclosure_online=True, vendor_foreclosure='14', vendor_taxdeed='50', vendor_combined=None, base_url='https://www.pasco.realforeclose.com'),
    County('Pinellas', 'pinellas', foreclosure_online=True, vendor_foreclosure='23', vendor_taxdeed='24', vendor_combined=None, base_url='https://www.pinellas.realforeclose.com'),
    County('Polk', 'polk', foreclosure_online=True, vendor_foreclosure='20', vendor_taxdeed='28', vendor_combined=None, base_url='https://www.polk.realforeclose.com'),
    County('Putnam', 'putnam', foreclosure_online=True, vendor_foreclosure='57', vendor_taxdeed='74', vendor_combined=None, base_url='https://putnam.realforeclose.com'),
    County('Saint Johns', 'st_johns', foreclosure_online=True, vendor_foreclosure='66', vendor_taxdeed=None, vendor_combined=None, base_url='https://www.saintjohns.realforeclose.com'),
    County('Santa Rosa', 'santa_rosa', foreclosure_online=True, vendor_foreclosure='45', vendor_taxdeed='52', vendor_combined=None, base_url='https://santarosa.realforeclose.com'),
    County('Sarasota', 'sarasota', foreclosure_online=True, vendor_foreclosure='11', vendor_taxdeed='70', vendor_combined=None, base_url='https://sarasota.realforeclose.com'),
    County('Seminole', 'seminole', foreclosure_online=True, vendor_foreclosure='103', vendor_taxdeed='104', vendor_combined=None, base_url='https://seminole.realforeclose.com'),
    County('St. Lucie', 'stlucie', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed=None, vendor_combined='84', base_url='https://stlucie.realforeclose.com'),
    County('Suwannee', 'suwannee', foreclosure_online=False, vendor_foreclosure=None, vendor_taxdeed='119', vendor_combined=None, base_url=None),
    County('Volusia', 'volusia', foreclosure_online=True, vendor_foreclosure='43', vendor_taxdeed='10', vendor_combined=None, base_url='https://www.volusia.realforeclose.com'),
    County('Walton', 'walton', foreclosure_online=True, vendor_foreclosure=None, vendor_taxdeed=None, vendor_combined='6', base_url='https://www.walton.realforeclose.com'),
    County('Washington', 'washington', foreclosure_online=True, vendor_foreclosure='108', vendor_taxdeed='76', vendor_combined=None, base_url='https://washington.realforeclose.com'),
)
BY_SLUG: dict[str, County] = {c.slug: c for c in REGISTRY}
# Brevard (its clerk's list) and every county that sells foreclosures on RealForeclose; BIDDEED_COUNTIES overrides.
DEFAULT_ENABLED: tuple[str, ...] = tuple(c.slug for c in REGISTRY if c.slug == "brevard" or c.foreclosure_online)


def county(slug: str) -> County:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"unknown county {slug!r}; known: {', '.join(sorted(BY_SLUG))}") from None


def site_url(slug: str) -> str:
    """The county's real RealForeclose site, for the portal URL template's `{site_url}`."""
    return county(slug).site_url or ""


class UnknownCounties(ValueError):
    """BIDDEED_COUNTIES names a county the registry does not know."""


def enabled_slugs() -> list[str]:
    """The counties partitioned and ingested: Brevard first, then registry order (BIDDEED_COUNTIES, else DEFAULT_ENABLED)."""
    raw = os.environ.get("BIDDEED_COUNTIES", "")
    wanted = [s.strip().lower() for s in raw.split(",") if s.strip()] or list(DEFAULT_ENABLED)
    unknown = [slug for slug in wanted if slug not in BY_SLUG]
    if unknown:
        raise UnknownCounties(
            f"BIDDEED_COUNTIES names unknown count{'y' if len(unknown) == 1 else 'ies'} "
            f"{', '.join(map(repr, unknown))}; known: {', '.join(sorted(BY_SLUG))}"
        )
    from biddeed_assets.portals.sources import can_be_enabled  # sources reads this registry

    unsupported = [slug for slug in wanted if not can_be_enabled(slug)]
    if unsupported:
        raise UnknownCounties(
            f"BIDDEED_COUNTIES names {', '.join(map(repr, unsupported))}, which sell foreclosures in person "
            "without a sale-list client; `biddeed counties` lists the counties that can be enabled"
        )
    return sorted((c.slug for c in REGISTRY if c.slug in wanted), key=lambda slug: slug != "brevard")
