"""The whole intake over loopback against the simulator, checked against the simulated world's truth."""

import datetime as dt
from contextlib import contextmanager

import dagster as dg
import httpx
import pytest

from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.ingest.auction_outcomes import auction_outcomes
from biddeed_assets.defs.ingest.demographics import demographics
from biddeed_assets.portals.http import host_key
from biddeed_assets.simulator.server import portal_urls
from biddeed_assets.simulator.truth import truth_for
from biddeed_assets_tests.defs.helpers import (
    INTAKE,
    lien_records,
    metadata,
    no_step_retries,
    partition,
    property_records,
    resources,
    scraped_cases,
    selection,
    tax_records,
)

ANALYSIS = [case_analysis, recommendations]
PAST = "2026-11-18"  # a Brevard sale a week before the simulator's today


def run(assets, key, db_url, sim_url, ok=True, instance=None):
    result = dg.materialize(**selection(assets), partition_key=key, resources=resources(db_url, sim_url),
                            raise_on_error=False, run_config=no_step_retries(assets), instance=instance)
    assert result.success is ok, [e.message for e in result.all_events if e.is_failure]
    return result


def truths(simulator, county, date):
    return {c.case_number: truth_for(simulator.sim.world.seed, c)
            for c in simulator.sim.world.cases_on(county, dt.date.fromisoformat(date))}


@contextmanager
def portals_as_of(simulator, day: dt.date):
    """Travel the simulated portals back in time (the clerk lists only upcoming sales)."""
    today = simulator.sim.today
    simulator.sim.today = day
    try:
        yield
    finally:
        simulator.sim.today = today


BEFORE_PAST = dt.date(2026, 11, 11)


@pytest.fixture
def brevard_past(db_url, simulator):
    with portals_as_of(simulator, BEFORE_PAST):
        run(INTAKE, partition(PAST), db_url, simulator.url)
    return truths(simulator, "brevard", PAST)


def test_brevard_intake_matches_the_world(brevard_past, conn):
    truth = brevard_past
    cases = dict(conn.execute("SELECT case_number, final_judgment FROM cases WHERE auction_date = %s", (PAST,)).fetchall())
    assert set(cases) == set(truth)
    for number, t in truth.items():
        if t.case.status != "CANCELLED" and t.judgment_date <= "2026-11-09":
            assert float(cases[number]) == pytest.approx(t.final_judgment)
    props = {r[0]: r[1:] for r in conn.execute(
        "SELECT case_number, market_value, year_built, beds FROM properties WHERE auction_date = %s", (PAST,))}
    active = [n for n, t in truth.items() if t.case.status != "CANCELLED"]
    assert set(props) == set(active)
    for number in active:
        assert float(props[number][0]) == truth[number].property.market_value
        assert props[number][2] is None  # the appraiser has no beds: null, never 0
    liens = conn.execute("SELECT case_number, lien_type, amount, status FROM liens WHERE auction_date = %s", (PAST,)).fetchall()
    for number in active:
        expected = sorted((lien.lien_type, lien.amount) for lien in truth[number].liens
                          if lien.active and lien.recorded_date >= "1981-01-01")
        got = sorted((r[1], None if r[2] is None else float(r[2])) for r in liens if r[0] == number and r[3] == "ACTIVE")
        assert got == expected, number
    unpaid = dict(conn.execute("SELECT case_number, sum(amount_due) FROM tax_records WHERE paid = false"
                               " AND auction_date = %s GROUP BY 1", (PAST,)).fetchall())
    for number in active:
        owed = sum(y.amount for y in truth[number].taxes if not y.paid)
        assert float(unpaid.get(number, 0)) == pytest.approx(owed)
    assert conn.execute("SELECT count(*) FROM ingest_status WHERE NOT ok").fetchone()[0] == 0


def test_the_sale_list_s_requests_count_its_dockets_per_host(db_url, simulator):
    with portals_as_of(simulator, BEFORE_PAST):
        result = run([scraped_cases], partition(PAST), db_url, simulator.url)
    http = metadata(result, "scraped_cases")["http"]
    urls = portal_urls(simulator.url)
    clerk, beca = (host_key(httpx.URL(urls[k])) for k in ("BIDDEED_CLERK_URL", "BIDDEED_BECA_URL"))
    assert set(http["hosts"]) == {clerk, beca} and http["hosts"][clerk] == 1
    assert http["requests"] == sum(http["hosts"].values()) > len(truths(simulator, "brevard", PAST)) // 2


def test_outcomes_and_analysis_of_a_past_brevard_sale(brevard_past, db_url, conn, simulator):
    dg.materialize([demographics], resources=resources(db_url, simulator.url))
    run([auction_outcomes], partition(PAST), db_url, simulator.url)
    got = {r[0]: r[1:] for r in conn.execute("SELECT case_number, status, sold_to, sold_amount FROM outcomes")}
    for number, t in brevard_past.items():
        if t.outcome.status == "SOLD":
            assert got[number][:2] == ("SOLD", t.outcome.sold_to), number
    run(ANALYSIS, partition(PAST), db_url, simulator.url)
    decisions = dict(conn.execute("SELECT case_number, decision FROM auction_results WHERE auction_date = %s", (PAST,)).fetchall())
    for number, t in brevard_past.items():
        if t.case.status != "CANCELLED" and t.surviving_mortgage is not None:
            assert decisions[number] == "DO_NOT_BID", number
    assert conn.execute("SELECT count(*) FROM demographics").fetchone()[0] > 0


@pytest.mark.parametrize("county", ["hillsborough", "duval"])
def test_a_realforeclose_county_end_to_end(db_url, conn, simulator, county):
    world = simulator.sim.world
    date = next(d for d in world.sale_dates(county, dt.date(2026, 11, 26), dt.date(2026, 12, 10)))
    key = partition(date.isoformat(), county)
    run(INTAKE + ANALYSIS, key, db_url, simulator.url)
    truth = truths(simulator, county, date.isoformat())
    rows = {r[0]: r[1:] for r in conn.execute("SELECT case_number, final_judgment, parcel_id FROM cases")}
    assert set(rows) == set(truth)
    for number, t in truth.items():
        assert float(rows[number][0]) == pytest.approx(t.final_judgment) and rows[number][1] == t.property.parcel_id
    # before the sale the platform shows no cancellations yet: every listed case is analyzed
    assert conn.execute("SELECT count(*) FROM auction_results").fetchone()[0] == conn.execute(
        "SELECT count(*) FROM cases WHERE status <> 'CANCELLED'").fetchone()[0] > 0
    # no official records for this county: liens unknown, so never BID, and the bid sheet says why
    assert conn.execute("SELECT count(*) FROM auction_results WHERE decision = 'BID'").fetchone()[0] == 0
    assert conn.execute("SELECT bool_and(reasons::text LIKE '%%no official-records portal for this county%%')"
                        " FROM auction_results WHERE decision <> 'DO_NOT_BID'").fetchone()[0] is not False


FUTURE = "2026-12-02"


def test_a_5xx_burst_still_materializes(db_url, conn, simulator):
    httpx.post(f"{simulator.url}/_admin/faults", json={"portal": "bcpao", "kind": "error_5xx", "count": 2})
    run([scraped_cases, property_records], partition(FUTURE), db_url, simulator.url)
    assert conn.execute("SELECT count(*) FROM properties WHERE NOT stale").fetchone()[0] > 0


def test_a_403_block_opens_the_breaker_and_serves_cached_pages_marked_stale(db_url, conn, simulator):
    run([scraped_cases, property_records], partition(FUTURE), db_url, simulator.url)
    httpx.post(f"{simulator.url}/_admin/faults", json={"portal": "bcpao", "kind": "block_403"})
    instance = dg.DagsterInstance.ephemeral()
    result = run([property_records], partition(FUTURE), db_url, simulator.url, instance=instance)
    [event] = [e for e in result.get_asset_materialization_events()]
    assert event.materialization.metadata["stale"].value is True
    stale, fresh = conn.execute("SELECT count(*) FILTER (WHERE stale), count(*) FILTER (WHERE NOT stale) FROM properties").fetchone()
    assert stale > 0 and fresh == 0
    logs = [e.user_message for e in instance.all_logs(result.run_id)]
    assert any("closed -> open" in m for m in logs)  # the breaker's state change is in the run's log
    assert any("served stale cached response" in m for m in logs)


def test_a_fault_mid_partition_keeps_the_previous_complete_rows(db_url, conn, simulator):
    run([scraped_cases, property_records, lien_records], partition(FUTURE), db_url, simulator.url)
    before = conn.execute("SELECT case_number, lien_type, amount FROM liens ORDER BY 1, 2, 3").fetchall()
    assert before
    conn.execute("DELETE FROM http_cache")  # nothing to fall back on
    # the first cases' pages come back, then the portal fails for the rest of the partition
    httpx.post(f"{simulator.url}/_admin/faults", json={"portal": "official_records", "kind": "error_5xx"})
    run([lien_records], partition(FUTURE), db_url, simulator.url, ok=False)
    assert conn.execute("SELECT case_number, lien_type, amount FROM liens ORDER BY 1, 2, 3").fetchall() == before


def fault(simulator, portal, kind):
    httpx.post(f"{simulator.url}/_admin/faults", json={"portal": portal, "kind": kind}).raise_for_status()


LIENS = "SELECT case_number, lien_type, amount, status, stale FROM liens ORDER BY 1, 2, 3"


def test_an_unreadable_records_page_keeps_each_case_s_liens_marked_stale(db_url, conn, simulator):
    run([scraped_cases, property_records, lien_records], partition(FUTURE), db_url, simulator.url)
    before = [r[:4] for r in conn.execute(LIENS).fetchall()]
    fault(simulator, "official_records", "malformed")
    result = run([lien_records], partition(FUTURE), db_url, simulator.url)
    meta = metadata(result, "lien_records")
    assert meta["cases_unreadable"] > 0 and meta["rows_kept_stale"] == len(before) and meta["rows_written"] == 0
    after = conn.execute(LIENS).fetchall()
    assert [r[:4] for r in after] == before and all(r[4] for r in after)
    details = {r[0] for r in conn.execute("SELECT detail FROM ingest_status WHERE source = 'official_records'")}
    assert all(d.startswith("kept the earlier read: official_records page unreadable") for d in details)
    assert conn.execute("SELECT bool_and(ok) FROM ingest_status WHERE source = 'official_records'").fetchone()[0]


def test_liens_never_read_are_unknown_never_none_and_the_bid_sheet_names_the_source(db_url, conn, simulator):
    run([scraped_cases, property_records], partition(FUTURE), db_url, simulator.url)
    fault(simulator, "official_records", "malformed")
    run([lien_records], partition(FUTURE), db_url, simulator.url)
    simulator.sim.faults.clear()
    assert conn.execute("SELECT count(*) FROM liens").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM ingest_status WHERE source = 'official_records' AND ok").fetchone()[0] == 0
    run([tax_records, *ANALYSIS], partition(FUTURE), db_url, simulator.url)
    rows = conn.execute("SELECT decision, reasons::text FROM auction_results").fetchall()
    assert rows and all(decision != "BID" for decision, _ in rows)
    assert all("liens unknown: official_records page unreadable" in reasons for _, reasons in rows)


def test_lien_rows_without_a_lien_s_fields_are_quarantined_not_stored(db_url, conn, simulator):
    run([scraped_cases, property_records], partition(FUTURE), db_url, simulator.url)
    fault(simulator, "official_records", "bad_rows")
    run([lien_records], partition(FUTURE), db_url, simulator.url)
    assert conn.execute("SELECT count(*) FROM liens WHERE amount IS NULL AND recorded_date IS NULL"
                        " AND instrument IS NULL AND book IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM quarantine WHERE asset = 'lien_records'").fetchone()[0] > 0


def test_a_census_reply_covering_too_few_stored_zips_is_refused(db_url, conn, simulator):
    for i in range(200):  # figures an earlier survey stored for ZIPs this reply does not list
        conn.execute("INSERT INTO demographics (zip, survey) VALUES (%s, 'ACS5 2020')", (f"34{i:03d}",))
    result = dg.materialize([demographics], resources=resources(db_url, simulator.url), raise_on_error=False)
    assert not result.success
    [event] = [e for e in result.all_events if e.is_step_failure]
    assert "stored ZIPs of demographics" in event.step_failure_data.error.message
    assert conn.execute("SELECT count(*) FROM demographics").fetchone()[0] == 200
