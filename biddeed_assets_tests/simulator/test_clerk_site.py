"""The simulated clerk's sale list: the real page's markup, and read back over loopback it is the world's list."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from biddeed_assets.portals import clerk_sale_list
from biddeed_assets.portals.errors import ParseError
from biddeed_assets.simulator.sites import clerk
from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.fixtures import page

# The three sales of the real capture, as the world would hold them.
REAL_ROWS = [
    {"case_number": "05-2008-CA-022131-XXXX-XX", "plaintiff": "BANK NEW YORK", "defendant": "C DORCANT"},
    {"case_number": "05-2010-CA-047105-XXXX-XX", "plaintiff": "HSBC MORTGAGE", "defendant": "ALBERT FLOWER"},
    {"case_number": "05-2011-CA-052383-XXXX-XX", "plaintiff": "OCWEN LOAN SVC", "defendant": "JAMES H WOOD"},
]


def test_the_page_of_the_real_rows_is_the_real_page_byte_for_byte():
    rows = [{**row, "status": "SCHEDULED", "auction_date": "2017-05-10"} for row in REAL_ROWS]
    assert clerk.page(rows) == page("brevard_clerk/sale_list_2017-05.html").read_bytes()


def fetch(simulator, **params) -> tuple[bytes, str]:
    url = clerk_sale_list.page_url(f"{simulator.url}/clerk/Foreclosures/")
    response = httpx.get(url, params=params, timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=iso-8859-1"
    return response.content, str(response.url)


@pytest.mark.parametrize("as_of", [TODAY, dt.date(2025, 3, 5)])
def test_the_list_read_back_is_the_worlds_list(simulator, as_of):
    body, url = fetch(simulator, as_of=as_of.isoformat())
    parsed = clerk_sale_list.parse(body, source_url=url)
    listed = simulator.sim.world.listed("brevard", as_of)
    assert parsed.rejected == [] and len(listed) > 20
    assert [(r.case_number, r.auction_date, r.status, r.plaintiff, r.defendant) for r in parsed.records] == [
        (c.case_number, c.auction_date, c.status, c.plaintiff, c.defendant) for c in listed
    ]
    assert {r.court_type for r in parsed.records} == {"CIRCUIT", "COUNTY"}
    assert any(c.status == "CANCELLED" for c in listed)


def test_bad_rows_are_rejected_and_a_missing_table_is_a_parse_error(simulator):
    simulator.sim.faults.set("clerk", "bad_rows", count=1)
    parsed = clerk_sale_list.parse(fetch(simulator)[0])
    assert len(parsed.rejected) == 2 and len(parsed.records) == len(simulator.sim.world.listed("brevard", TODAY))
    simulator.sim.faults.set("clerk", "no_table", count=1)
    with pytest.raises(ParseError, match="no foreclosure sale table"):
        clerk_sale_list.parse(fetch(simulator)[0])


def test_a_request_s_own_date_header_is_its_as_of(simulator):
    """One run fetches many sale days, each as of its own date: the header wins over the simulator's clock."""
    from biddeed_assets.portals.http import AS_OF_HEADER

    day = dt.date(2025, 3, 5)
    url = clerk_sale_list.page_url(f"{simulator.url}/clerk/Foreclosures/")
    body = httpx.get(url, headers={AS_OF_HEADER: day.isoformat()}, timeout=10).content
    parsed = clerk_sale_list.parse(body, source_url=url)
    assert [r.case_number for r in parsed.records] == [c.case_number for c in simulator.sim.world.listed("brevard", day)]
    assert simulator.sim.today == TODAY  # the clock itself did not move
