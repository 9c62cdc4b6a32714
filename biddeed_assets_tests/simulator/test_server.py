"""Where the simulated portals live: each on a port of its own, all named by `portal_urls`."""

from __future__ import annotations

import httpx
import pytest

from biddeed_assets.portals.http import host_key
from biddeed_assets.simulator.app import Simulator
from biddeed_assets.simulator.brevard.index import BrevardIndex
from biddeed_assets.simulator.brevard.names import normalized
from biddeed_assets.simulator.server import PORTAL_PORTS, bind_sockets, portal_base, portal_urls
from biddeed_assets.simulator.world import World
from biddeed_assets_tests.conftest import TODAY


def test_every_portal_is_a_host_of_its_own(simulator):
    urls = portal_urls(simulator.url)
    hosts = {key: host_key(httpx.URL(url.format(county="brevard"))) for key, url in urls.items()}
    assert len(set(hosts.values())) == len(urls) == len(PORTAL_PORTS)
    assert host_key(httpx.URL(simulator.url)) not in hosts.values()  # the admin port is nobody's portal
    page = httpx.get(urls["BIDDEED_CLERK_URL"] + "foreclosure_sales.html", timeout=10)
    assert page.status_code == 200 and "CASE" in page.text.upper()
    health = httpx.get(portal_base(simulator.url, "bcpao") + "/_admin/health", timeout=10).json()
    assert health["ok"] is True


def test_a_url_without_a_port_serves_every_portal_itself():
    assert portal_base("https://sim.example/", "beca") == "https://sim.example"
    assert portal_urls("https://sim.example")["BIDDEED_BECA_URL"] == "https://sim.example/beca"
    assert portal_base("http://127.0.0.1:8765", "clerk") == "http://127.0.0.1:8766"


def test_a_taken_port_block_says_which_ports_it_needs():
    taken = bind_sockets(0)
    port = taken[0].getsockname()[1]
    try:
        with pytest.raises(OSError, match=f"ports {port}-{port + max(PORTAL_PORTS.values())}"):
            bind_sockets(port)
    finally:
        for sock in taken:
            sock.close()


@pytest.fixture(scope="module")
def index() -> BrevardIndex:
    return BrevardIndex(Simulator(World(7, cases_per_day=(4, 4)), TODAY))  # a small county: a quick index


@pytest.mark.parametrize("term", ["", "05", "05-2025-CA", "05 2025 CC 0", "99-NOPE"])
def test_case_number_prefix_search_finds_what_a_scan_finds(index, term):
    scan = {t.case.case_number for t in index.view(TODAY)["case"].values()
            if normalized(t.case.case_number).startswith(normalized(term))}
    assert {t.case.case_number for t in index.case_numbers_starting(normalized(term), TODAY)} == scan


def test_parcel_prefix_search_finds_what_a_scan_finds(index):
    parcels = [t.property.parcel_id.upper() for t in index.parcels(TODAY)]
    for prefix in (parcels[0], parcels[0][:5], parcels[-1][:9], "ZZ"):
        found = [t.property.parcel_id.upper() for t in index.parcel_ids_starting(prefix, TODAY)]
        assert sorted(found) == sorted(p for p in parcels if p.startswith(prefix))
