import datetime as dt

import httpx

from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.defs.helpers import materialize, metadata, op_name, partition, scraped_cases

SALE_DAY = "2026-12-02"  # the first Wednesday the simulator lists after TODAY


def stored(conn, date=SALE_DAY):
    return conn.execute(
        "SELECT case_number, status, plaintiff, court_type, source_url FROM cases WHERE county = 'brevard' "
        "AND auction_date = %s ORDER BY case_number", (date,)
    ).fetchall()


def world_cases(simulator, date=SALE_DAY):
    return simulator.sim.world.cases_on("brevard", dt.date.fromisoformat(date))


def fault(simulator, kind, count=-1):
    httpx.post(f"{simulator.url}/_admin/faults", json={"portal": "clerk", "kind": kind, "count": count}).raise_for_status()


def test_materializes_the_partition_from_the_simulated_clerk(db_url, conn, simulator):
    result = materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url)
    assert result.success
    truth = world_cases(simulator)
    rows = stored(conn)
    assert [r[0] for r in rows] == sorted(c.case_number for c in truth)
    assert [r[1] for r in rows] == [c.status for c in sorted(truth, key=lambda c: c.case_number)]
    meta = metadata(result, "scraped_cases")
    assert meta["dagster/row_count"] == len(truth)
    assert meta["cancelled"] == sum(c.status == "CANCELLED" for c in truth)
    assert meta["quarantined_rows"] == 0
    assert truth[0].case_number in meta["cases"]


def test_rematerializing_leaves_the_same_rows(db_url, conn, simulator):
    for _ in range(2):
        assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    assert len(stored(conn)) == len(world_cases(simulator))


def test_a_day_without_a_sale_materializes_no_rows(db_url, conn, simulator):
    result = materialize([scraped_cases], partition("2026-12-03"), db_url, simulator.url)
    assert result.success and metadata(result, "scraped_cases")["dagster/row_count"] == 0


def test_bad_rows_are_quarantined_and_counted_while_good_rows_land(db_url, conn, simulator):
    fault(simulator, "bad_rows", count=1)
    result = materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url)
    assert result.success
    assert len(stored(conn)) == len(world_cases(simulator))
    assert metadata(result, "scraped_cases")["quarantined_rows"] == 2
    reasons = [r[0] for r in conn.execute("SELECT reason FROM quarantine WHERE asset = 'scraped_cases' ORDER BY id")]
    assert "not a Brevard case number" in reasons[0] and "not a calendar date" in reasons[1]
    assert conn.execute("SELECT count(*) FROM quarantine WHERE source_url LIKE '%foreclosure_sales.html'").fetchone()[0] == 2


def test_a_utf16_page_still_reads(db_url, conn, simulator):
    fault(simulator, "wrong_encoding", count=1)
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    assert len(stored(conn)) == len(world_cases(simulator))


def _fails_and_keeps_previous_rows(db_url, conn, simulator, kind):
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    before = stored(conn)
    fault(simulator, kind)
    result = materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url)
    assert not result.success
    assert stored(conn) == before
    return result


def failure_message(result) -> str:
    [event] = [e for e in result.all_events if e.is_step_failure]
    return event.step_failure_data.error.message + "".join(
        c.message for c in [event.step_failure_data.error.cause] if c is not None
    )


def test_an_empty_page_fails_and_keeps_the_previous_rows(db_url, conn, simulator):
    result = _fails_and_keeps_previous_rows(db_url, conn, simulator, "empty")
    assert "empty" in failure_message(result)


def test_a_page_without_the_table_fails_and_keeps_the_previous_rows(db_url, conn, simulator):
    result = _fails_and_keeps_previous_rows(db_url, conn, simulator, "no_table")
    assert "no foreclosure sale table" in failure_message(result)


def test_an_unreachable_portal_fails_and_keeps_the_previous_rows(db_url, conn, simulator):
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    before = stored(conn)
    result = materialize([scraped_cases], partition(SALE_DAY), db_url, "http://127.0.0.1:9")
    assert not result.success
    assert "failed at host 127.0.0.1:" in failure_message(result)  # each portal has its own port after :9
    assert stored(conn) == before


def test_a_list_that_stopped_showing_a_stored_date_is_refused(db_url, conn, simulator):
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    before = stored(conn)
    simulator.sim.today = TODAY + dt.timedelta(days=14)  # the list has moved past SALE_DAY
    try:
        result = materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url)
    finally:
        simulator.sim.today = TODAY
    assert not result.success and "no longer shows" in failure_message(result)
    assert stored(conn) == before


def add_stored_cases(conn, count: int, date=SALE_DAY) -> list[str]:
    """Cases stored by an earlier read that the simulated clerk does not list."""
    numbers = [f"05-2025-CA-{900000 + i:06d}-XXCA-BC" for i in range(count)]
    for number in numbers:
        conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status, final_judgment)"
                     " VALUES ('brevard', %s, %s, 'FORECLOSURE', 'SCHEDULED', 1000)", (date, number))
    return numbers


def test_a_case_the_list_stopped_showing_is_kept_marked_stale(db_url, conn, simulator):
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    [gone] = add_stored_cases(conn, 1)
    result = materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url)
    assert result.success and metadata(result, "scraped_cases")["kept_unlisted"] == 1
    assert conn.execute("SELECT stale FROM cases WHERE case_number = %s", (gone,)).fetchone() == (True,)
    assert len(stored(conn)) == len(world_cases(simulator)) + 1


def test_a_list_missing_many_stored_cases_is_refused_unless_allowed(db_url, conn, simulator):
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    add_stored_cases(conn, 10)
    before = stored(conn)
    result = materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url)
    assert not result.success
    listed = len(world_cases(simulator))
    assert (f"would leave {listed} of the {listed + 10} stored cases of {SALE_DAY}|brevard"
            in failure_message(result))
    assert stored(conn) == before
    allowed = {"ops": {op_name(scraped_cases): {"config": {"retries_when_unavailable": 0, "allow_shrink": True}}}}
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url, run_config=allowed).success
    assert len(stored(conn)) == listed


def test_an_unreadable_docket_keeps_the_known_judgment(db_url, conn, simulator):
    assert materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url).success
    judgments = dict(conn.execute("SELECT case_number, final_judgment FROM cases WHERE final_judgment IS NOT NULL"))
    assert judgments
    httpx.post(f"{simulator.url}/_admin/faults", json={"portal": "beca", "kind": "malformed"}).raise_for_status()
    result = materialize([scraped_cases], partition(SALE_DAY), db_url, simulator.url)
    assert result.success and metadata(result, "scraped_cases")["dockets_unreadable"] > 0
    after = dict(conn.execute("SELECT case_number, final_judgment FROM cases WHERE final_judgment IS NOT NULL"))
    assert after == judgments
    assert conn.execute("SELECT bool_and(stale) FROM cases WHERE case_number = ANY(%s)",
                        (list(judgments),)).fetchone() == (True,)
    details = [r[0] for r in conn.execute("SELECT detail FROM ingest_status WHERE source = 'beca'")]
    assert details and all(d.startswith("kept the earlier read: beca page unreadable") for d in details)
