"""Sale days: a day without a sale succeeds empty all the way down; an emptied sale day fails; outcomes of a
RealForeclose county are captured on the sale day."""

import datetime as dt

import dagster as dg

from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.ingest.auction_outcomes import auction_outcomes
from biddeed_assets.defs.ingest.scraped_cases import NO_SALE
from biddeed_assets.defs.operate.schedules import morning_intake, sale_day_outcomes
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.portals.counties import enabled_slugs
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.defs.helpers import (
    INTAKE,
    metadata,
    no_step_retries,
    partition,
    resources,
    scraped_cases,
    selection,
)
from biddeed_assets_tests.defs.test_scraped_cases import failure_message

ANALYSIS = [case_analysis, recommendations]


def run(assets, key, db_url, sim_url):
    from biddeed_assets.defs.resources import RetrainPolicy

    return dg.materialize(**selection(assets), partition_key=key, resources={**resources(db_url, sim_url),
                                                                            "retrain_policy": RetrainPolicy()},
                          raise_on_error=False, run_config=no_step_retries(assets))


def sale_day(simulator, county, start, end):
    return next(d for d in simulator.sim.world.sale_dates(county, start, end) if simulator.sim.world.cases_on(county, d))


def no_sale_day(simulator, county):
    world = simulator.sim.world
    return next(TODAY + dt.timedelta(days=d) for d in range(1, 15)
                if not world.is_sale_day(county, TODAY + dt.timedelta(days=d)))


def test_a_realforeclose_day_without_a_sale_succeeds_empty_down_to_the_bid_sheet(db_url, conn, simulator):
    from biddeed_assets.defs.learn.predictions import predictions
    from biddeed_assets.defs.memory.case_memory import case_memory

    day = no_sale_day(simulator, "hillsborough")
    result = run(INTAKE + ANALYSIS + [predictions, case_memory], partition(day.isoformat(), "hillsborough"), db_url,
                 simulator.url)
    assert result.success, failure_message(result)
    meta = metadata(result, "scraped_cases")
    assert meta["dagster/row_count"] == 0 and meta["sale"] == NO_SALE
    for asset in ("property_records", "lien_records", "tax_records", "case_features", "agent_verdicts",
                  "recommendations", "predictions"):
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


# --- the calendar decides which partitions the schedules request --------------------------------------------

WINDOW_END = TODAY + dt.timedelta(days=14)


def read_calendars(db_url, simulator, start=TODAY):
    from biddeed_assets.defs.ingest.sale_calendar import sale_calendar

    config = {"ops": {"sale_calendar": {"config": {"start_date": start.isoformat(), "days": 14}}}}
    return dg.materialize([sale_calendar], resources=resources(db_url, simulator.url), raise_on_error=False,
                          run_config=config)


def world_sale_days(simulator, start, end):
    return sorted((d.isoformat(), county) for county in enabled_slugs()
                  for d in simulator.sim.world.sale_dates(county, start, end, auction_type=None))  # tax deeds too


def requested(requests) -> list[tuple[str, str]]:
    return sorted((r.partition_key.keys_by_dimension["date"], r.partition_key.keys_by_dimension["county"])
                  for r in requests)


def test_the_calendars_store_each_county_s_sale_days_with_their_counts(db_url, conn, simulator):
    result = read_calendars(db_url, simulator)
    assert result.success, failure_message(result)
    stored = conn.execute("SELECT auction_date, county, scheduled FROM sale_days"
                          " WHERE auction_type IN ('FORECLOSURE', 'TAX_DEED') ORDER BY 1, 2").fetchall()
    assert [(d.isoformat(), c) for d, c, _ in stored] == world_sale_days(simulator, TODAY, WINDOW_END)
    world = simulator.sim.world
    assert all(n == len(world.cases_on(c, d)) for d, c, n in stored)
    assert metadata(result, "sale_calendar")["counties_read"] == len(enabled_slugs())


def test_the_morning_intake_requests_only_the_calendars_sale_days(db_url, simulator):
    assert read_calendars(db_url, simulator).success
    with dg.build_schedule_context(scheduled_execution_time=dt.datetime(TODAY.year, TODAY.month, TODAY.day, 6),
                                   resources={"database": DatabaseResource(url=db_url)}) as context:
        requests = morning_intake(context)
    assert requested(requests) == world_sale_days(simulator, TODAY, WINDOW_END)
    off = no_sale_day(simulator, "hillsborough").isoformat()
    assert (off, "hillsborough") not in requested(requests)
    assert len({r.run_key for r in requests}) == len(requests)


def test_the_outcomes_are_requested_only_for_the_day_s_sales(db_url, simulator):
    assert read_calendars(db_url, simulator).success
    for day in (TODAY, TODAY + dt.timedelta(days=1), no_sale_day(simulator, "duval")):
        with dg.build_schedule_context(scheduled_execution_time=dt.datetime(day.year, day.month, day.day, 17),
                                       resources={"database": DatabaseResource(url=db_url)}) as context:
            answer = sale_day_outcomes(context)
        expected = world_sale_days(simulator, day, day)
        if expected:
            assert requested(answer) == expected
        else:
            assert isinstance(answer, dg.SkipReason)


def test_an_unreadable_calendar_fails_naming_the_county_and_keeps_its_stored_days(db_url, conn, simulator):
    assert read_calendars(db_url, simulator).success
    before = conn.execute("SELECT auction_date, fetched_at FROM sale_days WHERE county = 'duval' ORDER BY 1").fetchall()
    [read_at] = conn.execute("SELECT DISTINCT fetched_at FROM sale_days WHERE county = 'hillsborough'").fetchone()
    simulator.sim.faults.set("rf-duval", "truncated")
    result = read_calendars(db_url, simulator, start=TODAY + dt.timedelta(days=1))
    assert not result.success
    assert "the calendars of 1 of" in failure_message(result) and "duval:" in failure_message(result)
    assert conn.execute("SELECT auction_date, fetched_at FROM sale_days WHERE county = 'duval' ORDER BY 1").fetchall() == before
    # the counties that did answer were refreshed for the new window
    assert conn.execute("SELECT min(fetched_at) FROM sale_days WHERE county = 'hillsborough' AND auction_date > %s",
                        (TODAY,)).fetchone()[0] > read_at
