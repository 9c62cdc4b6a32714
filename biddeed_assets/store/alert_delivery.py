"""Delivery bookkeeping: one row per alert raise and channel, pending until it gets through or is skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from biddeed_assets.store.rows import dicts

SEVERITY_RANK = {"info": 0, "warning": 1, "critical": 2}


def enqueue(conn: psycopg.Connection, *, channels: Mapping[str, tuple[str, str | None]], since: dt.datetime,
            now: dt.datetime) -> int:
    """A delivery row for every raise since `since` on every channel whose minimum severity it reaches.

    `channels` maps each channel to (its minimum severity, why it is skipped or None when configured); a
    channel that is not configured gets skipped rows with the reason, so `biddeed alerts list` shows it.
    Returns the number of new pending rows, due at `now`.
    """
    added = 0
    for channel, (minimum, skip_reason) in channels.items():
        ranks = [s for s, r in SEVERITY_RANK.items() if r >= SEVERITY_RANK[minimum]]
        status = "pending" if skip_reason is None else "skipped"
        cur = conn.execute(
            "INSERT INTO alert_deliveries (alert_id, channel, raised_at, status, last_error, next_attempt_at)"
            " SELECT id, %s, raised_at, %s, %s, %s FROM alerts WHERE raised_at >= %s AND severity = ANY(%s)"
            " ON CONFLICT (alert_id, channel, raised_at) DO NOTHING",
            (channel, status, skip_reason, now, since, ranks))
        added += cur.rowcount if skip_reason is None else 0
    return added


def claim_due(conn: psycopg.Connection, *, channels: Iterable[str], now: dt.datetime, lease: dt.timedelta,
              limit: int = 50) -> list[dict[str, Any]]:
    """Due pending deliveries with their alert, leased (next attempt moved past the lease) so no other tick
    sends them at the same time; a process that dies mid-send leaves them due again after the lease."""
    return dicts(conn, """
        WITH due AS (
            SELECT id FROM alert_deliveries
            WHERE status = 'pending' AND next_attempt_at <= %(now)s AND channel = ANY(%(channels)s)
            ORDER BY next_attempt_at, id LIMIT %(limit)s FOR UPDATE SKIP LOCKED
        )
        UPDATE alert_deliveries d SET next_attempt_at = %(lease_until)s FROM due, alerts a
        WHERE d.id = due.id AND a.id = d.alert_id
        RETURNING d.id, d.channel, d.attempts, a.id::text AS alert_id, a.severity, a.title, a.message,
                  a.context, a.status AS alert_status, d.raised_at, a.rule, a.subject""",
        {"now": now, "channels": list(channels), "limit": limit, "lease_until": now + lease})


def delivered(conn: psycopg.Connection, delivery_id: int, *, receipt: str | None, now: dt.datetime) -> None:
    conn.execute("UPDATE alert_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = %s,"
                 " receipt = %s, last_error = NULL WHERE id = %s", (now, receipt, delivery_id))


def failed(conn: psycopg.Connection, delivery_id: int, *, error: str, next_attempt_at: dt.datetime) -> None:
    """The attempt failed: the delivery stays pending, with the error and when it is tried again."""
    conn.execute("UPDATE alert_deliveries SET attempts = attempts + 1, last_error = %s, next_attempt_at = %s"
                 " WHERE id = %s", (error[:1000], next_attempt_at, delivery_id))


def pending_count(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) FROM alert_deliveries WHERE status = 'pending'").fetchone()[0]
