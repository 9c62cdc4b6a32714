"""Buy boxes and their announced matches: save, list, remove; the bid-sheet rows a tick looks at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg

from biddeed_assets.operate.buybox import BuyBox, Match, case_value
from biddeed_assets.store.rows import dicts

_COLUMNS = "id, name, counties, max_judgment, min_value_to_judgment, zips, decisions, property_types"


class BuyBoxExists(ValueError):
    """A buy box of that name is already saved."""


class UnknownBuyBox(LookupError):
    """No buy box has that name."""


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _box(row: dict[str, Any]) -> BuyBox:
    return BuyBox(name=row["name"], counties=tuple(row["counties"]), max_judgment=_number(row["max_judgment"]),
                  min_value_to_judgment=_number(row["min_value_to_judgment"]), zips=tuple(row["zips"]),
                  decisions=tuple(row["decisions"]), property_types=tuple(row["property_types"]), id=row["id"])


def add(conn: psycopg.Connection, box: BuyBox, *, created_by: str | None = None) -> int:
    try:
        with conn.transaction():
            row = conn.execute(
                "INSERT INTO buy_boxes (name, counties, max_judgment, min_value_to_judgment, zips, decisions,"
                " property_types, created_by) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (box.name, list(box.counties), box.max_judgment, box.min_value_to_judgment, list(box.zips),
                 list(box.decisions), list(box.property_types), created_by)).fetchone()
    except psycopg.errors.UniqueViolation:
        raise BuyBoxExists(f"a buy box named {box.name!r} exists already (remove it first)") from None
    return row[0]


def listing(conn: psycopg.Connection) -> list[dict[str, Any]]:
    """Every buy box with when it was made and how many cases it has announced (distinct cases)."""
    rows = dicts(conn, f"SELECT {', '.join('b.' + c for c in _COLUMNS.split(', '))}, b.created_at, b.created_by,"
                       " (SELECT count(DISTINCT (m.county, m.auction_date, m.case_number)) FROM buy_box_matches m"
                       "  WHERE m.buy_box_id = b.id) AS cases_announced"
                       " FROM buy_boxes b ORDER BY b.name")
    return [{**r, "box": _box(r)} for r in rows]


def boxes(conn: psycopg.Connection) -> list[tuple[BuyBox, dt.datetime]]:
    """Every buy box with the time it was saved."""
    return [(r["box"], r["created_at"]) for r in listing(conn)]


def get(conn: psycopg.Connection, name: str) -> BuyBox:
    rows = dicts(conn, f"SELECT {_COLUMNS} FROM buy_boxes WHERE name = %s", (name,))
    if not rows:
        raise UnknownBuyBox(f"no buy box named {name!r} (see `biddeed buybox list`)")
    return _box(rows[0])


def remove(conn: psycopg.Connection, name: str) -> None:
    """Forget a buy box and the matches it announced (the alerts sent stay)."""
    if conn.execute("DELETE FROM buy_boxes WHERE name = %s RETURNING id", (name,)).fetchone() is None:
        raise UnknownBuyBox(f"no buy box named {name!r} (see `biddeed buybox list`)")


def lock(conn: psycopg.Connection) -> None:
    """One announcing pass at a time (sensor ticks, the CLI): held until the transaction ends."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtext('buy_box_matches'))")


def db_now(conn: psycopg.Connection) -> dt.datetime:
    return conn.execute("SELECT now()").fetchone()[0]


def candidates(conn: psycopg.Connection, *, today: dt.date, since: dt.datetime | None) -> list[dict[str, Any]]:
    """Bid-sheet rows of sale days from `today` on, written after `since` (all of them when None), each with
    the property's ZIP, type and value figures."""
    rows = dicts(conn, """
        SELECT r.county, r.auction_date, r.case_number, r.decision, r.final_judgment, r.max_bid_calculated,
               coalesce(r.property_address, p.site_address) AS property_address,
               coalesce(r.zip_code, p.zip, c.zip) AS zip, p.property_type, p.market_value,
               p.assessed_value AS property_assessed_value, c.assessed_value AS case_assessed_value, r.created_at
        FROM auction_results r
        LEFT JOIN properties p USING (county, auction_date, case_number)
        LEFT JOIN cases c USING (county, auction_date, case_number)
        WHERE r.auction_date >= %(today)s AND r.decision IS NOT NULL
          AND (%(since)s::timestamptz IS NULL OR r.created_at > %(since)s)
        ORDER BY r.auction_date, r.county, r.case_number""", {"today": today, "since": since})
    for row in rows:
        row["value"] = case_value(row)
    return rows


def announced(conn: psycopg.Connection, box_id: int, keys: Iterable[tuple[str, str, str]]) -> dict:
    """For each (county, date, case) given, the decision last announced for this buy box (absent: never)."""
    keys = list(keys)
    if not keys:
        return {}
    rows = conn.execute(
        "SELECT DISTINCT ON (m.county, m.auction_date, m.case_number) m.county, m.auction_date::text,"
        " m.case_number, m.decision FROM buy_box_matches m"
        " JOIN unnest(%s::text[], %s::date[], %s::text[]) AS k(county, auction_date, case_number)"
        "   USING (county, auction_date, case_number)"
        " WHERE m.buy_box_id = %s ORDER BY m.county, m.auction_date, m.case_number, m.id DESC",
        ([k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], box_id)).fetchall()
    return {(county, date, case): decision for county, date, case, decision in rows}


def record(conn: psycopg.Connection, matches: Sequence[Match], *, alert_id: str | None, now: dt.datetime) -> int:
    """One announcement row per match, linked to the alert that carries it."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO buy_box_matches (buy_box_id, county, auction_date, case_number, decision, previous_decision,"
            " final_judgment, value, max_bid, zip, property_type, property_address, alert_id, announced_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(m.box.id, m.row["county"], m.row["auction_date"], m.row["case_number"], m.row["decision"], m.previous,
              m.row.get("final_judgment"), m.row.get("value"), m.row.get("max_bid_calculated"), m.row.get("zip"),
              m.row.get("property_type"), m.row.get("property_address"), alert_id, now) for m in matches])
    return len(matches)


def recent_matches(conn: psycopg.Connection, *, name: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Announced matches, newest first (of one buy box with `name`)."""
    return dicts(conn, """
        SELECT b.name AS buy_box, m.announced_at, m.county, m.auction_date, m.case_number, m.decision,
               m.previous_decision, m.final_judgment, m.value, m.max_bid, m.zip, m.property_type,
               m.property_address, m.alert_id::text AS alert_id
        FROM buy_box_matches m JOIN buy_boxes b ON b.id = m.buy_box_id
        WHERE %(name)s::text IS NULL OR b.name = %(name)s
        ORDER BY m.announced_at DESC, m.id DESC LIMIT %(limit)s""", {"name": name, "limit": limit})
