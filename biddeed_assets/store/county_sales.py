"""Each county's next sale date as the store knows it (from the scraped cases)."""

from __future__ import annotations

import datetime as dt

import psycopg


def next_sales(conn: psycopg.Connection, today: dt.date) -> dict[str, str]:
    """County -> ISO date of its earliest stored sale on or after `today` with a case not cancelled."""
    rows = conn.execute(
        "SELECT county, min(auction_date) FROM cases"
        " WHERE auction_date >= %s AND status <> 'CANCELLED' GROUP BY county",
        (today,),
    ).fetchall()
    return {county: day.isoformat() for county, day in rows}
