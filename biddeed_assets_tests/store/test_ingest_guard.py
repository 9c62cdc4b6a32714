import pytest

from biddeed_assets.store import ingest_guard, ingest_writers, writers
from biddeed_assets.store.ingest_guard import PartitionShrank, ShrinkPolicy

WHERE = {"county": "brevard", "auction_date": "2026-12-02"}


def tax(case: str, year: int, amount: float = 100.0) -> dict:
    return {**WHERE, "case_number": case, "parcel_id": "P", "tax_year": year, "amount_due": amount, "paid": False,
            "certificate_number": None, "certificate_holder": None, "source": "tax_collector", "source_url": "u",
            "stale": False}


def stored(conn) -> list[tuple]:
    return conn.execute("SELECT case_number, tax_year, stale FROM tax_records ORDER BY 1, 2").fetchall()


@pytest.fixture
def five_cases(conn):
    rows = [tax(c, y) for c in "ABCDE" for y in (2023, 2024)]
    writers.copy_rows(conn, "tax_records", ingest_writers.TAX_COLUMNS, rows)
    return rows


def replace(conn, rows, *, scope="ABCDE", keep=(), policy=ingest_guard.DEFAULT_POLICY):
    with conn.transaction():
        return ingest_guard.replace_case_rows(conn, "tax_records", ingest_writers.TAX_COLUMNS, rows, **WHERE,
                                              scope=scope, keep=keep, page="the tax pages", partition="p",
                                              policy=policy)


def test_a_failed_case_keeps_its_rows_marked_stale(conn, five_cases):
    done = replace(conn, [r for r in five_cases if r["case_number"] != "C"], keep={"C"})
    assert (done.before, done.kept, done.written) == (10, 2, 8)
    assert [r for r in stored(conn) if r[2]] == [("C", 2023, True), ("C", 2024, True)]
    assert len(stored(conn)) == 10


def test_a_read_that_drops_more_than_the_tolerance_is_refused_and_nothing_changes(conn, five_cases):
    before = stored(conn)
    with pytest.raises(PartitionShrank, match=r"the tax pages would leave 7 of the 10 stored tax_records rows"):
        replace(conn, five_cases[:7])
    assert stored(conn) == before
    assert replace(conn, five_cases[:7], policy=ShrinkPolicy(allow=True)).written == 7  # the explicit override
    assert len(stored(conn)) == 7


def test_a_drop_within_the_tolerance_is_accepted(conn, five_cases):
    assert replace(conn, five_cases[:8]).written == 8
    assert len(stored(conn)) == 8


def test_cases_outside_the_scope_keep_their_rows(conn, five_cases):
    replace(conn, [r for r in five_cases if r["case_number"] in "AB"], scope="AB")
    assert len(stored(conn)) == 10


def statuses(conn) -> dict:
    return {r[0]: r[1:] for r in conn.execute("SELECT case_number, ok, stale, detail FROM ingest_status")}


def test_a_failed_case_keeps_its_earlier_answer_or_is_unknown_with_the_reason(conn):
    first = [{**WHERE, "case_number": c, "source": "official_records", "ok": True, "stale": False, "detail": None}
             for c in "AB"]
    with conn.transaction():
        ingest_guard.replace_statuses(conn, "official_records", first, **WHERE, unknown={})
    with conn.transaction():
        ingest_guard.replace_statuses(conn, "official_records", [], **WHERE,
                                      unknown={"A": "official_records page unreadable: cut", "C": "no parcel"})
    got = statuses(conn)
    assert got["A"] == (True, True, "kept the earlier read: official_records page unreadable: cut")
    assert got["B"] == (True, False, None)
    assert got["C"] == (False, False, "no parcel")
