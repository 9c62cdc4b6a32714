"""A RealForeclose day's items are held against its calendar box's counts."""

from __future__ import annotations

import datetime as dt

import pytest

from biddeed_assets.portals import sale_lists
from biddeed_assets.portals.errors import ParseError
from biddeed_assets.portals.http import PortalHttp
from biddeed_assets.portals.realforeclose import CalendarDay
from biddeed_assets_tests.conftest import TODAY

URL = "https://www.hillsborough.realforeclose.com"


def _box(scheduled, active):
    return [CalendarDay("2026-12-01", "FORECLOSURE", scheduled, active)]


@pytest.mark.parametrize(("scheduled", "active", "listed"), [
    (24, 24, 24),  # before the sale, all waiting
    (23, 0, 23),  # after it, all closed or cancelled
    (23, 0, 0),  # weeks later the site has dropped the day's items, the box keeps its count
    (None, None, 5),  # a box without a readable count holds nothing against the items
])
def test_items_that_agree_with_the_box_pass(scheduled, active, listed):
    sale_lists.prove_scheduled(_box(scheduled, active), listed, "2026-12-01", URL)


@pytest.mark.parametrize(("scheduled", "active", "listed"), [(24, 24, 5), (24, 24, 0), (23, 0, 25)])
def test_items_that_disagree_with_the_box_are_a_parse_error(scheduled, active, listed):
    with pytest.raises(ParseError, match=rf"counts {scheduled} scheduled \({active} active\) items but the"
                                         rf" day's LOAD pages list {listed}"):
        sale_lists.prove_scheduled(_box(scheduled, active), listed, "2026-12-01", URL)


def test_the_simulators_day_lists_exactly_its_scheduled_items(simulator):
    world = simulator.sim.world
    day = next(d for d in world.sale_dates("hillsborough", TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=30))
               if world.cases_on("hillsborough", d))
    with PortalHttp("rf", min_interval_s=0) as http:
        found = sale_lists.realforeclose_list(http, f"{simulator.url}/rf/hillsborough", "hillsborough", day.isoformat())
    assert len(found.records) == len(world.cases_on("hillsborough", day)) and not found.rejected
