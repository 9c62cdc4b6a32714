"""One run over a range of sale days (a single-run backfill), each day fetched as the portals published it then."""

from __future__ import annotations

import datetime as dt
import uuid

import dagster as dg
import psycopg
import pytest

from biddeed_assets.defs.ingest.auction_outcomes import auction_outcomes
from biddeed_assets.defs.partitions import AS_OF_TAG, SALE_DAYS_TAG
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets.store import config
from biddeed_assets_tests.conftest import TEMPLATE
from biddeed_assets_tests.defs.helpers import (
    lien_records,
    no_step_retries,
    property_records,
    resources,
    scraped_cases,
    selection,
    tax_records,
)

INTAKE = [scraped_cases, property_records, lien_records, tax_records]
# Two Duval sale days (Tuesday, Wednesday) a week before the test simulator's today (2026-11-25).
COUNTY = "duval"
DAYS = ("2026-11-17", "2026-11-18")


def range_tags(start: str, end: str, county: str = COUNTY, **extra) -> dict[str, str]:
    return {"dagster/asset_partition_range_start": f"{county}|{start}",
            "dagster/asset_partition_range_end": f"{county}|{end}", **extra}


def run_range(assets, db_url, sim_url, tags):
    result = dg.materialize(**selection(assets), resources=resources(db_url, sim_url), raise_on_error=False,
                            run_config=no_step_retries(assets), tags=tags)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


@pytest.fixture(scope="module")
def replayed(pg_server, template_url, running_simulator):
    """Intake of the two sale days a week before each, then their outcomes on the day: two runs in all."""
    name = f"t_range_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    url = config.with_database(pg_server.admin_url, name)
    sim = running_simulator
    intake = run_range(INTAKE, url, sim.url, range_tags(DAYS[0], DAYS[1], **{AS_OF_TAG: "7"}))
    outcomes = run_range([auction_outcomes], url, sim.url, range_tags(DAYS[0], DAYS[1], **{AS_OF_TAG: "0"}))
    yield url, sim, intake, outcomes
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_each_day_of_the_range_is_the_sale_list_a_week_before_it(replayed):
    url, sim, _, _ = replayed
    with psycopg.connect(url) as conn:
        stored = conn.execute("SELECT auction_date::text, case_number FROM cases").fetchall()
    for day in DAYS:
        world = {c.case_number for c in sim.sim.world.cases_on(COUNTY, dt.date.fromisoformat(day))}
        assert {n for d, n in stored if d == day} == world
    assert {d for d, _ in stored} == set(DAYS)


def test_the_outcomes_are_the_sale_day_s(replayed):
    url, sim, _, _ = replayed
    with psycopg.connect(url) as conn:
        got = {(str(d), n): (s, t) for d, n, s, t in conn.execute(
            "SELECT auction_date, case_number, status, sold_to FROM outcomes")}
    sold = 0
    for day in DAYS:
        for case in sim.sim.world.cases_on(COUNTY, dt.date.fromisoformat(day)):
            truth = truth_for(sim.sim.world.seed, case)
            if truth.outcome.status == "SOLD":
                sold += 1
                assert got[(day, case.case_number)] == ("SOLD", truth.outcome.sold_to)
    assert sold > 0


def test_every_partition_of_the_range_is_materialized_in_one_run(replayed):
    _, _, intake, outcomes = replayed
    events = intake.get_asset_materialization_events()
    scraped = [e for e in events if e.asset_key.path[-1] == "scraped_cases"]
    assert sorted(e.partition for e in scraped) == [f"{COUNTY}|{d}" for d in DAYS]
    [rows] = {e.materialization.metadata["rows_in_range"].value for e in scraped}
    assert rows == sum(len(replayed[1].sim.world.cases_on(COUNTY, dt.date.fromisoformat(d))) for d in DAYS)
    assert {e.partition for e in outcomes.get_asset_materialization_events()} == {
        e.partition for e in events if e.asset_key.path[-1] == "scraped_cases"}


def test_a_range_tagged_with_its_sale_days_works_on_those_only(db_url, running_simulator):
    tags = range_tags(DAYS[0], "2026-11-19", **{AS_OF_TAG: "7", SALE_DAYS_TAG: DAYS[1]})
    result = run_range([scraped_cases], db_url, running_simulator.url, tags)
    with psycopg.connect(db_url) as conn:
        stored = {d for (d,) in conn.execute("SELECT DISTINCT auction_date::text FROM cases")}
    assert stored == {DAYS[1]}  # the first day sells too, but the tag left it out
    [event] = result.get_asset_materialization_events()[:1]
    assert event.materialization.metadata["partitions_without_sale"].value == 2
    assert len(result.get_asset_materialization_events()) == 3  # the range is recorded whole
