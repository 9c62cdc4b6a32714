"""Every portal's fetch over loopback against the simulator, with each content fault: either the same
answer as the undamaged page, or a clear ParseError/FetchError; never a shorter or emptier answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from biddeed_assets.portals import brevard_case, sale_lists
from biddeed_assets.portals.errors import FetchError, ParseError
from biddeed_assets.portals.http import PortalHttp
from biddeed_assets.portals.official_records import liens_from_documents
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets_tests.conftest import TODAY

CONTENT_FAULTS = ("empty", "truncated", "malformed", "wrong_encoding", "no_table", "bad_rows")
END = f"{TODAY.month}/{TODAY.day}/{TODAY.year}"


def _case(simulator):
    world = simulator.sim.world
    for case in world.listed("brevard", TODAY):
        truth = truth_for(world.seed, case)
        if case.status != "CANCELLED" and truth.taxes and any(t.certificate_number for t in truth.taxes):
            return case, truth
    raise AssertionError("the world lists no Brevard case with a tax certificate")


def _rf_day(simulator) -> str:
    world = simulator.sim.world
    return next(d for d in world.sale_dates("hillsborough", TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=30))
                if world.cases_on("hillsborough", d)).isoformat()


def _fetchers(simulator):
    """portal (the simulator's fault name) -> a fetch of that portal giving a comparable answer."""
    url = simulator.url
    case, truth = _case(simulator)
    parcel, account = truth.property.parcel_id, truth.property.account

    def liens(http):
        docs = brevard_case.records_search(http, f"{url}/or", parcel_id=parcel, end=END).value
        found = liens_from_documents(docs)
        return list(found), found.rejected

    return {
        "clerk": lambda http: _sale_list(sale_lists.clerk_list(http, f"{url}/clerk/Foreclosures/", case.auction_date)),
        "bcpao": lambda http: brevard_case.appraiser_record(http, f"{url}/bcpao", parcel).value,
        "beca": lambda http: dataclasses.replace(brevard_case.docket(http, f"{url}/beca", case.case_number).value,
                                                 source_url=None),
        "official_records": liens,
        "tax": lambda http: brevard_case.tax_bill(http, f"{url}/tax", account).value,
        "realtdm": lambda http: brevard_case.certificates(http, f"{url}/realtdm", parcel).value,
        "census": lambda http: brevard_case.demographics(http, f"{url}/census", 2024, ["32901", "32940"]).value,
        "rf-hillsborough": lambda http: _sale_list(
            sale_lists.realforeclose_list(http, f"{url}/rf/hillsborough", "hillsborough", _rf_day(simulator))),
    }


def _sale_list(found: sale_lists.SaleList):
    # A LOAD URL carries the client clock (tx=), so records are compared without it.
    return [dataclasses.replace(r, source_url=None) for r in found.records], [r.reason for r in found.rejected]


def _http() -> PortalHttp:
    return PortalHttp("damaged-pages-test", min_interval_s=0, max_attempts=1)


@pytest.fixture(scope="module")
def clean(running_simulator):
    """The undamaged answer of every portal (the session's simulator, no fault set)."""
    running_simulator.sim.faults.clear()
    answers = {}
    for portal, fetch in _fetchers(running_simulator).items():
        with _http() as http:
            answers[portal] = fetch(http)
    return answers


@pytest.mark.parametrize("fault", CONTENT_FAULTS)
@pytest.mark.parametrize("portal", ["clerk", "bcpao", "beca", "official_records", "tax", "realtdm", "census",
                                    "rf-hillsborough"])
def test_a_damaged_page_gives_the_same_answer_or_a_clear_error(simulator, clean, portal, fault):
    assert clean[portal], portal  # the undamaged answer is not empty, so "empty" would show
    simulator.sim.faults.set(portal, fault)
    with _http() as http:
        try:
            answer = _fetchers(simulator)[portal](http)
        except (ParseError, FetchError) as exc:
            assert str(exc)
            return
    if portal == "official_records" and fault == "bad_rows":
        liens, rejected = answer
        assert liens == clean[portal][0] and len(rejected) == 1 and "no amount" in rejected[0].reason
    elif portal == "clerk" and fault == "bad_rows":
        records, reasons = answer
        assert records == clean[portal][0] and len(reasons) == 2
    else:
        assert answer == clean[portal], f"{portal} with {fault} read differently"
    assert fault not in ("empty", "truncated", "malformed"), f"{portal} believed a {fault} page"
