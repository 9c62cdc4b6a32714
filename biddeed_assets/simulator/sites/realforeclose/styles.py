"""How each simulated RealForeclose county prints what every county's site shows (labels, small formats)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from biddeed_assets.simulator.county_profiles import PROFILES, CountyProfile


@dataclass(frozen=True, slots=True)
class CountyStyle:
    """How one county's site prints what every site shows."""

    value_label: str | None  # the card's value row label; None: no value row (Broward)
    value_field: str  # the Property attribute printed under it
    city_line: str  # format of the unlabeled row under the address: {city}, {zip}
    status_on_card: bool  # LOAD cards carry their status box filled in (else only UPDATE tells)
    load_prefix: str  # whitespace the county's ColdFusion template prints before LOAD's JSON
    case_link: str  # {case}, {key}: the clerk docket link around the case number
    parcel_link: str  # {parcel}: the appraiser link around the parcel id
    sale_time: str = "10:00 AM ET"
    parcel_label: str = "Parcel ID"  # or "Alternate Key", "Parcel Key"
    appraiser_link: str = ""  # {parcel}: the link of a card whose parcel cell is only "Property Appraiser"
    appraiser_link_share: float = 0.0


STYLES: dict[str, CountyStyle] = {
    # As the real Hillsborough capture: "Assessed Value", "CITY, FL- ZIP", closed cards LOADed with an
    # empty status box (load_area_C_2026-06-05.json), compact JSON.
    "hillsborough": CountyStyle(
        value_label="Assessed Value",
        value_field="assessed_value",
        city_line="{city}, FL- {zip}",
        status_on_card=False,
        load_prefix="",
        case_link="https://publicaccess.hillsclerk.com/PAVDirectSearch/index.html?CQID=320&OBKey__1006_1={key}",
        parcel_link=(
            "http://www.hcpafl.org/CamaDisplay.aspx?OutputMode=Display&SearchType=RealEstate&ParcelID={parcel}"
        ),
    ),
    # The other label and city-line variants the parser knows (several counties print the appraiser's
    # market value under "Property App. Market Value" and the city line without "FL-"); the real Duval
    # capture's own traits are its links and the whitespace before the JSON. Cards carry the status.
    "duval": CountyStyle(
        value_label="Property App. Market Value",
        value_field="market_value",
        city_line="{city}, {zip}",
        status_on_card=True,
        load_prefix="\n\n\t\n\t\n\n\t\n    \n\n\t\n   \t\n\n\n\t\n\t\n    \n  \t\n    ",
        case_link="http://oncore.duvalclerk.com/Details/GetDocumentByBookPage/OR/{book}/{page}",
        parcel_link="https://paopropertysearch.coj.net/Basic/Detail.aspx?RE={parcel}",
    ),
}
DEFAULT_STYLE = STYLES["hillsborough"]
# A card whose parcel cell is only this link carries the parcel in the query, as Pinellas's appraiser links do.
APPRAISER_LINK = "https://www.{host}/?pg=dal/dalsearch&parcel={parcel}"


def _from_profile(profile: CountyProfile) -> CountyStyle:
    """A county's style: its profile's label variants on the Hillsborough template (or its own real one)."""
    base = STYLES.get(profile.slug)
    host = "pcpao.gov" if profile.slug == "pinellas" else f"{profile.slug.replace('_', '')}pa.invalid"
    if base is None:
        base = replace(
            DEFAULT_STYLE,
            case_link=f"https://clerk.{profile.slug.replace('_', '')}.invalid/case?key={{key}}",
            parcel_link=f"https://www.{host}/parcel?id={{parcel}}",
        )
    return replace(
        base,
        value_label=profile.value_label,
        value_field=profile.value_field,
        city_line=profile.city_line,
        sale_time=profile.sale_time,
        parcel_label=profile.parcel_label,
        appraiser_link=APPRAISER_LINK.replace("{host}", host),
        appraiser_link_share=profile.appraiser_link_share,
    )


COUNTY_STYLES: dict[str, CountyStyle] = {slug: _from_profile(profile) for slug, profile in PROFILES.items()}


def style_of(county: str) -> CountyStyle:
    return COUNTY_STYLES.get(county, DEFAULT_STYLE)


def county_title(county: str) -> str:
    return county.replace("_", " ").replace("-", " ").title()

