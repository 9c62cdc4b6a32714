"""What operators read: alerts (raised by rules, de-duplicated, resolved), insights, the retrain trigger, and the
facts the alert rules read."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from biddeed_assets.store.rows import dicts

RETRAIN_CATEGORY = "ml_performance"
RETRAIN_INSIGHT = "Model retraining triggered"
RETRAIN_ALERT = "prediction error above baseline: retraining"


def record_alert(conn: psycopg.Connection, *, severity: str, title: str, message: str, context: Mapping[str, Any],
                 rule: str | None = None, subject: str | None = None) -> str:
    """One alert (severity info, warning or critical), returning its id; the title is cut to the column's 200
    characters. Not de-duplicated: every call is a new alert that the delivery sensor sends."""
    return conn.execute(
        "INSERT INTO alerts (severity, title, message, context, rule, subject) VALUES (%s, %s, %s, %s, %s, %s)"
        " RETURNING id::text", (severity, title[:200], message, json.dumps(dict(context), default=str), rule, subject),
    ).fetchone()[0]


def record_insight(conn: psycopg.Connection, *, category: str, title: str, content: Mapping[str, Any],
                   priority: str = "high") -> None:
    conn.execute("INSERT INTO insights (category, title, content, priority) VALUES (%s, %s, %s, %s)",
                 (category, title[:200], json.dumps(dict(content), default=str), priority))


def record_retrain_trigger(conn: psycopg.Connection, *, run_key: str, reason: str, evidence: Mapping[str, Any]) -> bool:
    """The insight and the warning of a requested retrain, once per run key (a re-executed run adds none).

    Returns whether they were recorded now.
    """
    seen = conn.execute("SELECT 1 FROM insights WHERE category = %s AND content ->> 'run_key' = %s LIMIT 1",
                        (RETRAIN_CATEGORY, run_key)).fetchone()
    if seen:
        return False
    record_insight(conn, category=RETRAIN_CATEGORY, title=RETRAIN_INSIGHT,
                   content={"reason": reason, "run_key": run_key, "evidence": dict(evidence)})
    record_alert(conn, severity="warning", title=RETRAIN_ALERT, message=reason,
                 context={"run_key": run_key, "n": evidence.get("n")})
    return True


# --- alerts raised by rules: one open alert per de-duplication key ----------------------------------------

_LATEST = ("SELECT id, status, raised_at, resolved_by FROM alerts WHERE dedup_key = %s"
           " ORDER BY raised_at DESC LIMIT 1 FOR UPDATE")


def raise_alert(conn: psycopg.Connection, *, rule: str, subject: str, severity: str, title: str, message: str,
                context: Mapping[str, Any], cooldown: dt.timedelta, now: dt.datetime) -> str:
    """Raise, refresh or reopen the alert of (rule, subject); returns what happened.

    "raised": a new alert (delivered); "reraised": still open past its cooldown (delivered again);
    "suppressed": still open within its cooldown (only last_seen moves); "reopened": resolved less than a
    cooldown ago and firing again, opened without a new delivery.
    """
    key = dedup_key(rule, subject)
    payload = json.dumps(dict(context), default=str)
    latest = conn.execute(_LATEST, (key,)).fetchone()
    if latest is not None:
        alert_id, status, raised_at, _ = latest
        within = now - raised_at < cooldown
        if status == "open" or within:
            conn.execute(
                "UPDATE alerts SET status = 'open', resolved_at = NULL, resolved_by = NULL, last_seen = %s,"
                " occurrences = occurrences + 1, severity = %s, message = %s, context = %s,"
                " raised_at = CASE WHEN %s THEN raised_at ELSE %s END WHERE id = %s",
                (now, severity, message, payload, within, now, alert_id))
            if status != "open":
                return "reopened"
            return "suppressed" if within else "reraised"
    conn.execute(
        "INSERT INTO alerts (severity, title, message, context, dedup_key, rule, subject, raised_at, last_seen, timestamp)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (severity, title[:200], message, payload, key, rule, subject, now, now, now))
    return "raised"


def dedup_key(rule: str, subject: str) -> str:
    return f"{rule}:{subject}"


def resolve_absent(conn: psycopg.Connection, *, rule: str, firing: Iterable[str], now: dt.datetime) -> list[str]:
    """Resolve the rule's open alerts whose subject no longer fires; returns their subjects."""
    rows = conn.execute(
        "UPDATE alerts SET status = 'resolved', resolved_at = %s, resolved_by = 'rule'"
        " WHERE rule = %s AND status = 'open' AND NOT subject = ANY(%s) RETURNING subject",
        (now, rule, list(firing))).fetchall()
    return [r[0] for r in rows]


class UnknownAlert(LookupError):
    """No alert (or more than one) has this id or id prefix."""


def find_alert(conn: psycopg.Connection, alert_id: str) -> str:
    """The full id of the one alert whose id starts with `alert_id` (as `biddeed alerts list` shows it)."""
    prefix = alert_id.strip().lower()
    if not prefix or any(c not in "0123456789abcdef-" for c in prefix):
        raise UnknownAlert(f"{alert_id!r} is not an alert id")
    rows = conn.execute("SELECT id::text FROM alerts WHERE id::text LIKE %s LIMIT 2", (prefix + "%",)).fetchall()
    if len(rows) != 1:
        raise UnknownAlert(f"no alert with id {alert_id!r}" if not rows else f"more than one alert starts with {alert_id!r}")
    return rows[0][0]


def resolve(conn: psycopg.Connection, alert_id: str, *, by: str, now: dt.datetime) -> bool:
    """Resolve one alert by hand (and acknowledge it); False when it was already resolved."""
    row = conn.execute(
        "UPDATE alerts SET status = 'resolved', resolved_at = %s, resolved_by = %s, acknowledged = true,"
        " acknowledged_at = %s, acknowledged_by = %s WHERE id = %s AND status = 'open' RETURNING id",
        (now, by, now, by, alert_id)).fetchone()
    return row is not None


def recent(conn: psycopg.Connection, *, since: dt.datetime, limit: int = 50) -> list[dict[str, Any]]:
    """Open alerts and those raised since `since`, newest first, each with its deliveries."""
    rows = dicts(conn, (
        "SELECT a.id::text AS id, a.severity, a.title, a.status, a.rule, a.subject, a.raised_at, a.last_seen,"
        " a.occurrences, a.resolved_by,"
        " coalesce(jsonb_agg(jsonb_build_object('channel', d.channel, 'status', d.status, 'attempts', d.attempts,"
        "   'last_error', d.last_error, 'next_attempt_at', d.next_attempt_at, 'delivered_at', d.delivered_at)"
        "   ORDER BY d.channel) FILTER (WHERE d.id IS NOT NULL), '[]') AS deliveries"
        " FROM alerts a LEFT JOIN alert_deliveries d ON d.alert_id = a.id AND d.raised_at = a.raised_at"
        " WHERE a.status = 'open' OR a.raised_at >= %s"
        " GROUP BY a.id ORDER BY a.raised_at DESC LIMIT %s"), (since, limit))
    return rows


# --- what the rules read -----------------------------------------------------------------------------------

def portal_failure_streaks(conn: psycopg.Connection, *, since: dt.datetime) -> list[dict[str, Any]]:
    """Per ingest source, how many of its newest reads in a row failed, and the newest failure's detail.

    A read failed when the source did not answer for the case (not "no record found", which is an answer)
    or when only the earlier read or the HTTP cache was left (stale). Reads written together (one
    partition's write) share their time; among them the answered ones count as newest.
    """
    return dicts(conn, """
        WITH reads AS (
            SELECT source, detail, fetched_at,
                   (stale OR (NOT ok AND detail IS DISTINCT FROM 'no record found')) AS failed
            FROM ingest_status WHERE fetched_at >= %(since)s
        ), ranked AS (
            SELECT *, row_number() OVER newest_first AS n,
                      count(*) FILTER (WHERE NOT failed) OVER (newest_first
                          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS good_so_far
            FROM reads
            -- one write stamps all its rows alike: a batch with any answer ends the streak
            WINDOW newest_first AS (PARTITION BY source ORDER BY fetched_at DESC, failed)
        )
        SELECT source, count(*) FILTER (WHERE good_so_far = 0) AS streak,
               max(fetched_at) AS latest, (array_agg(detail ORDER BY n) FILTER (WHERE failed))[1] AS detail
        FROM ranked GROUP BY source ORDER BY source""", {"since": since})


def upcoming_ingest_ages(conn: psycopg.Connection, *, today: dt.date, days: int) -> list[dict[str, Any]]:
    """Per county, the oldest of its upcoming sale days' newest ingest (what a stale bid sheet rests on)."""
    return dicts(conn, """
        SELECT county, min(latest) AS oldest, count(*) AS sale_days FROM (
            SELECT county, auction_date, max(ingested_at) AS latest FROM cases
            WHERE auction_date BETWEEN %(today)s AND %(until)s GROUP BY county, auction_date) d
        GROUP BY county ORDER BY county""", {"today": today, "until": today + dt.timedelta(days=days)})


def demographics_age(conn: psycopg.Connection) -> dt.datetime | None:
    return conn.execute("SELECT max(ingested_at) FROM demographics").fetchone()[0]


def uncaptured_sale_days(conn: psycopg.Connection, *, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """Past sale days (cases still listed SCHEDULED) in [since, until] for which no outcome was captured."""
    return dicts(conn, """
        SELECT c.county, c.auction_date, count(*) AS cases FROM cases c
        WHERE c.auction_date BETWEEN %(since)s AND %(until)s AND c.status = 'SCHEDULED'
          AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.county = c.county AND o.auction_date = c.auction_date)
        GROUP BY c.county, c.auction_date ORDER BY c.auction_date, c.county""", {"since": since, "until": until})
