"""The county registry: every online county enabled beside Brevard, BIDDEED_COUNTIES, real site URLs."""

import pytest

from biddeed_assets.defs.resources import PortalResource
from biddeed_assets.portals import counties, sources


def test_every_county_selling_on_realforeclose_is_enabled_beside_brevard(monkeypatch):
    monkeypatch.delenv("BIDDEED_COUNTIES", raising=False)
    enabled = counties.enabled_slugs()
    online = [c.slug for c in counties.REGISTRY if c.foreclosure_online]
    assert len(online) == 37 and set(enabled) == {"brevard", *online}
    assert enabled[0] == "brevard"
    assert "baker" not in enabled and "lake" not in enabled  # in-person sales


def test_biddeed_counties_overrides_in_registry_order_after_brevard(monkeypatch):
    monkeypatch.setenv("BIDDEED_COUNTIES", " Pasco, brevard ,duval")
    assert counties.enabled_slugs() == ["brevard", "duval", "pasco"]


def test_an_unknown_county_is_a_clear_error_naming_the_known_ones(monkeypatch):
    monkeypatch.setenv("BIDDEED_COUNTIES", "brevard,atlantis")
    with pytest.raises(counties.UnknownCounties, match="unknown county 'atlantis'; known: alachua, baker"):
        counties.enabled_slugs()


def test_an_in_person_county_without_a_sale_list_client_cannot_be_enabled(monkeypatch):
    monkeypatch.setenv("BIDDEED_COUNTIES", "baker")
    with pytest.raises(counties.UnknownCounties, match="'baker', which sell foreclosures in person"):
        counties.enabled_slugs()
    assert isinstance(sources.for_county("baker").sale_list, sources.NotAvailable)


def test_a_county_without_a_registry_url_gets_the_platform_url_flagged_derived():
    calhoun = counties.county("calhoun")
    assert calhoun.site_url == "https://calhoun.realforeclose.com" and calhoun.url_derived
    assert not counties.county("pasco").url_derived and counties.county("brevard").site_url is None


def test_the_default_portal_url_is_each_county_real_site_and_a_template_still_works():
    portal = PortalResource(name="realforeclose", base_url="{site_url}")
    assert portal.url_for("miami_dade") == "https://www.miamidade.realforeclose.com"
    assert portal.url_for("orange") == "https://www.myorangeclerk.realforeclose.com"
    assert PortalResource(name="realforeclose", base_url="http://sim/rf/{county}").url_for("pasco") == "http://sim/rf/pasco"


def test_the_sources_summary_says_what_can_and_cannot_be_fetched():
    pasco = sources.summary("pasco")
    assert list(pasco) == list(sources.SOURCE_KINDS)
    assert pasco["sale_list"]["available"] and pasco["property_records"]["available"]
    assert not pasco["liens"]["available"] and "liens unknown" in pasco["liens"]["how"]
    line = sources.describe_county("pasco")
    assert line.startswith("can: sale_list") and "cannot: liens" in line
    assert "cannot" not in sources.describe_county("brevard")
