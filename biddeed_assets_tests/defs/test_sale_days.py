"""Sale days: a day without a sale succeeds empty all the way down; an emptied sale day fails; outcomes of a
RealForeclose county are captured on the sale day."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.analyze.agent_verdicts import agent_verdicts
from biddeed_assets.defs.analyze.case_features import case_features
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.ingest.auction_outcomes import auction_outcomes
from biddeed_assets.defs.ingest.case_records import lien_records, property_records, tax_records
from biddeed_assets.defs.ingest.scraped_cases import NO_SALE, scraped_cases
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.defs.helpers import NO_STEP_RETRIES, metadata, partition, resources
from biddeed_assets_tests.defs.test_scraped_cases import failure_message

INTAKE = [scraped_cases, property_records, lien_records, tax_records]
ANALYSIS = [case_features, agent_verdicts, recommendations]
RETRYING = ("scraped_cases", "property_records", "lien_records", "tax_records", "auction_outcomes")


def run(assets, key, db_url, sim_url):
    config = {"ops": {a.op.name: {"config": NO_STEP_RETRIES} for a in assets if a.op.name in RETRYING}}
    return dg.materialize(assets, partition_key=key, resources=resources(db_url, sim_url), raise_on_error=False,
                          run_config=config)


def sale_day(simulator, county, start, end):
    return next(d for d in simulator.sim.world.sale_dates(county, start, end) if simulator.sim.world.cases_on(county, d))


def no_sale_day(simulator, county):
    world = simulator.sim.world
    return next(TODAY + dt.timedelta(days=d) for d in range(1, 15)
                if not world.is_sale_day(county, TODAY + dt.timedelta(days=d)))


def test_a_realforeclose_day_without_a_sale_succeeds_empty_down_to_the_bid_sheet(db_url, conn, simulator):
    day = no_sale_day(simulator, "hillsborough")
    result = run(INTAKE + ANALYSIS, partition(day.isoformat(), "hillsborough"), db_url, simulator.url)
    assert result.success, failure_message(result)
    meta = metadata(result, "scraped_cases")
    assert meta["dagster/row_count"] == 0 and meta["sale"] == NO_SALE
    for asset in ("property_records", "lien_records", "tax_records", "case_features", "agent_verdicts",
                  "recommendations"):
        assert metadata(result, asset)["dagster/row_count"] == 0, asset
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_a_brevard_day_without_a_sale_says_so(db_url, simulator):
    result = run([scraped_cases], partition(no_sale_day(simulator, "brevard").isoformat()), db_url, simulator.url)
    assert result.success and metadata(result, "scraped_cases")["sale"] == NO_SALE


def test_a_sale_day_whose_list_comes_back_empty_fails_clearly_and_keeps_the_stored_rows(db_url, conn, simulator):
    day = sale_day(simulator, "hillsborough", TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=14))
    key = partition(day.isoformat(), "hillsborough")
    assert run([scraped_cases], key, db_url, simulator.url).success
    stored = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    simulator.sim.faults.set("rf-hillsborough", "empty_load")  # every LOAD empty, the calendar still counts items
    result = run([scraped_cases], key, db_url, simulator.url)
    assert not result.success
    message = failure_message(result)
    assert f"{day.isoformat()}|hillsborough is a sale day, but its sale list came back empty" in message
    assert f"the calendar promises {stored} items on {day.isoformat()}" in message
    assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == stored


def test_the_outcomes_of_a_realforeclose_sale_are_captured_on_the_sale_day(db_url, conn, simulator):
    day = sale_day(simulator, "duval", TODAY - dt.timedelta(days=3), TODAY)
    key = partition(day.isoformat(), "duval")
    simulator.sim.today = day - dt.timedelta(days=7)
    try:
        assert run(INTAKE, key, db_url, simulator.url).success
    finally:
        simulator.sim.today = TODAY
    result = run([auction_outcomes], key, db_url, simulator.url)
    assert result.success, failure_message(result)
    world = simulator.sim.world
    truth = {c.case_number: truth_for(world.seed, c).outcome for c in world.cases_on("duval", day)}
    got = {r[0]: r[1:] for r in conn.execute("SELECT case_number, status, sold_to, sold_amount, source FROM outcomes")}
    assert set(got) == set(truth)
    for number, outcome in truth.items():
        status, sold_to, amount, source = got[number]
        assert (status, sold_to) == (outcome.status, outcome.sold_to), number
        assert source == "realforeclose"
        if outcome.status == "SOLD":
            assert float(amount) == outcome.sold_amount
    meta = metadata(result, "auction_outcomes")
    assert meta["third_party"] == sum(o.sold_to == "THIRD_PARTY" for o in truth.values())
