"""The stored sale calendar: which (date, county) partitions are sale days, as each county's calendar said."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import psycopg

from biddeed_assets.store import writers

COLUMNS = ("county", "auction_date", "auction_type", "scheduled", "active", "source_url", "fetched_at")


def replace_window(conn: psycopg.Connection, county: str, start: dt.date, end: dt.date, days: Iterable,
                   fetched_at: dt.datetime) -> int:
    """Replace what is stored of the county's days in [start, end] with the calendar's `days` (SaleDay values)."""
    conn.execute("DELETE FROM sale_days WHERE county = %s AND auction_date BETWEEN %s AND %s", (county, start, end))
    rows = [{"county": d.county, "auction_date": d.auction_date, "auction_type": d.auction_type,
             "scheduled": d.scheduled, "active": d.active, "source_url": d.source_url, "fetched_at": fetched_at}
            for d in days]
    return writers.copy_rows(conn, "sale_days", COLUMNS, rows)


# A sale of a kind the calendar does not name counts as any kind.
_SALE = "(scheduled IS NULL OR scheduled > 0) AND (auction_type IS NULL OR auction_type = ANY(%(kinds)s))"


def sale_days(conn: psycopg.Connection, start: dt.date, end: dt.date, counties: Sequence[str],
              kinds: Sequence[str] = ("FORECLOSURE",)) -> list[tuple[str, str]]:
    """(ISO date, county) of every stored sale of these kinds in [start, end] of these counties, date order: a
    box whose count is unreadable is a sale; one that schedules nothing is not."""
    rows = conn.execute(
        "SELECT DISTINCT auction_date, county FROM sale_days WHERE auction_date BETWEEN %(start)s AND %(end)s"
        f" AND county = ANY(%(counties)s) AND {_SALE} ORDER BY auction_date, county",
        {"start": start, "end": end, "counties": list(counties), "kinds": list(kinds)}).fetchall()
    return [(day.isoformat(), county) for day, county in rows]


def next_sales(conn: psycopg.Connection, on_or_after: dt.date,
               kinds: Sequence[str] = ("FORECLOSURE",)) -> dict[str, str]:
    """county -> ISO date of its next stored sale of these kinds on or after the date."""
    rows = conn.execute(
        f"SELECT county, min(auction_date) FROM sale_days WHERE auction_date >= %(day)s AND {_SALE} GROUP BY county",
        {"day": on_or_after, "kinds": list(kinds)}).fetchall()
    return {county: day.isoformat() for county, day in rows}
