"""Newly enabled counties through the real intake and analysis assets, over the simulator's own formats."""

import datetime as dt

import dagster as dg
import pytest

from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.defs.helpers import (
    INTAKE,
    no_step_retries,
    partition,
    resources,
    selection,
)

ASSETS = [*INTAKE, case_analysis, recommendations]


def _next_day(world, county) -> dt.date:
    return next(d for d in world.sale_dates(county, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=14))
                if len(world.cases_on(county, d)) >= 2)


@pytest.mark.parametrize("county", ["citrus", "broward"])  # spaced case numbers, no value row
def test_a_new_county_day_is_ingested_and_analyzed_as_its_cards_say(db_url, conn, simulator, county):
    world = simulator.sim.world
    day = _next_day(world, county)
    result = dg.materialize(**selection(ASSETS), partition_key=partition(day.isoformat(), county),
                            resources=resources(db_url, simulator.url), raise_on_error=False,
                            run_config=no_step_retries(ASSETS))
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    stored = {row[0]: row[1:] for row in conn.execute(
        "SELECT case_number, final_judgment, parcel_id, city FROM cases WHERE county = %s AND auction_date = %s",
        (county, day))}
    truths = {c.case_number: truth_for(world.seed, c) for c in world.cases_on(county, day)}
    assert set(stored) == set(truths)
    for number, (judgment, _parcel, city) in stored.items():
        assert float(judgment) == pytest.approx(truths[number].final_judgment)
        assert city == truths[number].property.city
    decisions = [row[0] for row in conn.execute(
        "SELECT decision FROM auction_results WHERE county = %s AND auction_date = %s", (county, day))]
    assert len(decisions) == len(truths) and "BID" not in decisions  # liens are not verified there


def test_a_tax_deed_day_shares_the_partitions_and_is_priced_against_its_opening_bid(db_url, conn, simulator):
    world, county = simulator.sim.world, "polk"
    day = next(d for d in world.sale_dates(county, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=40),
                                           auction_type="TAX_DEED") if len(world.cases_on(county, d)) >= 2)
    result = dg.materialize(**selection(ASSETS), partition_key=partition(day.isoformat(), county),
                            resources=resources(db_url, simulator.url), raise_on_error=False,
                            run_config=no_step_retries(ASSETS))
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    cases = conn.execute("SELECT auction_type, opening_bid, extra->>'certificate_number' FROM cases"
                         " WHERE county = %s AND auction_date = %s", (county, day)).fetchall()
    assert len(cases) == len(world.cases_on(county, day))
    assert all(kind == "TAX_DEED" and bid is not None and bid > 0 and cert for kind, bid, cert in cases)
    sheet = conn.execute("SELECT decision, reasons::text FROM auction_results WHERE county = %s AND auction_date = %s",
                         (county, day)).fetchall()
    assert len(sheet) == len(cases) and all(decision != "BID" for decision, _ in sheet)
    assert any("opening bid" in reasons for _, reasons in sheet)
