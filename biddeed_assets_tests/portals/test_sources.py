import datetime as dt

import pytest

from biddeed_assets.portals import sources
from biddeed_assets.portals.counties import REGISTRY
from biddeed_assets.portals.http import PortalHttp
from biddeed_assets.simulator.server import portal_urls
from biddeed_assets_tests.conftest import TODAY


def test_brevard_reads_every_source_from_its_own_portals():
    brevard = sources.for_county("brevard")
    assert brevard.sale_list.portal == "clerk"
    assert (brevard.judgments.portal, brevard.judgments.source) == ("beca", "beca")
    assert brevard.property_records.portals == ("bcpao", "official_records")
    assert brevard.liens.source == "official_records" and brevard.liens.requires == "appraiser_parcel"
    assert brevard.taxes.portals == ("tax", "realtdm") and brevard.taxes.requires == "account"
    assert isinstance(brevard.outcomes, sources.PerCase) and brevard.outcomes.portal == "beca"


def test_a_realforeclose_county_says_what_it_lacks_and_why():
    duval = sources.for_county("duval")
    assert isinstance(duval.sale_list, sources.WholeList) and duval.sale_list.portal == "realforeclose"
    assert isinstance(duval.property_records, sources.FromSaleList)
    assert isinstance(duval.liens, sources.NotAvailable)
    assert sources.describe(duval.liens) == "no official-records portal for this county yet: liens unknown"
    assert "taxes unknown" in sources.describe(duval.taxes)
    assert isinstance(duval.outcomes, sources.WholeList)


@pytest.mark.parametrize("county", [c.slug for c in REGISTRY if sources.can_be_enabled(c.slug)])
def test_every_county_that_can_be_enabled_has_a_sale_list_and_an_outcome_source(county):
    found = sources.for_county(county)
    assert found.county == county
    assert isinstance(found.sale_list, sources.WholeList)
    assert isinstance(found.outcomes, (sources.WholeList, sources.PerCase))
    for source in (found.judgments, found.property_records, found.liens, found.taxes):
        assert sources.describe(source)


def test_an_unknown_county_is_named_in_the_error():
    with pytest.raises(KeyError, match="unknown county 'atlantis'"):
        sources.for_county("atlantis")


def test_the_brevard_lien_source_reads_a_parcel_over_loopback(simulator):
    case = simulator.sim.world.cases_on("brevard", dt.date(2026, 12, 2))[0]
    from biddeed_assets.simulator.truth import truth_for

    parcel = truth_for(simulator.sim.world.seed, case).property.parcel_id
    urls = {"official_records": portal_urls(simulator.url)["BIDDEED_OFFICIAL_RECORDS_URL"]}
    with PortalHttp("official_records", min_interval_s=0) as http:
        fetched = sources.for_county("brevard").liens.fetch(http, urls, {"appraiser_parcel": parcel,
                                                                         "case_number": case.case_number})
    assert fetched.value.liens and not fetched.value.rejected
    assert all(x.lien_type and (x.amount or x.recorded_date or x.cfn) for x in fetched.value.liens)
    assert TODAY.isoformat() >= max(x.recorded_date for x in fetched.value.liens)
