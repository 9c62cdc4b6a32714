"""The stored sale calendar: a window replaced whole, and which stored days are sale days."""

import datetime as dt

from biddeed_assets.portals.sale_lists import SaleDay
from biddeed_assets.store import sale_days

START, END = dt.date(2026, 12, 1), dt.date(2026, 12, 14)
AT = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


def day(county, date, scheduled, kind="FORECLOSURE"):
    return SaleDay(county, date, kind, scheduled, scheduled, f"https://{county}.example/cal")


def test_a_window_is_replaced_whole_and_other_counties_and_days_stay(conn):
    sale_days.replace_window(conn, "duval", START, END, [day("duval", "2026-12-02", 10), day("duval", "2026-12-03", 5)], AT)
    sale_days.replace_window(conn, "lee", START, END, [day("lee", "2026-12-02", 7)], AT)
    sale_days.replace_window(conn, "duval", dt.date(2026, 11, 20), dt.date(2026, 11, 30), [day("duval", "2026-11-25", 4)], AT)
    sale_days.replace_window(conn, "duval", START, END, [day("duval", "2026-12-09", 8)], AT)  # the calendar changed
    assert sale_days.sale_days(conn, dt.date(2026, 11, 1), END, ["duval", "lee"]) == [
        ("2026-11-25", "duval"), ("2026-12-02", "lee"), ("2026-12-09", "duval")]


def test_a_box_scheduling_nothing_is_no_sale_and_an_unreadable_count_is_one(conn):
    sale_days.replace_window(conn, "pasco", START, END, [day("pasco", "2026-12-02", 0), day("pasco", "2026-12-03", None),
                                                         day("pasco", "2026-12-05", 3, kind="TAX_DEED")], AT)
    sale_days.replace_window(conn, "lee", START, END, [day("lee", "2026-12-04", 9, kind="TAX_DEED")], AT)
    assert sale_days.sale_days(conn, START, END, ["pasco", "lee"]) == [("2026-12-03", "pasco")]
    assert sale_days.sale_days(conn, START, END, ["lee"], kinds=("TAX_DEED",)) == [("2026-12-04", "lee")]
    assert sale_days.sale_days(conn, START, END, ["duval"]) == []
    assert sale_days.next_sales(conn, START) == {"pasco": "2026-12-03"}
