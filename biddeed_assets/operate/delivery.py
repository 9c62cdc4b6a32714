"""The delivery loop: queue every new raise per channel, send what is due, keep what failed for later."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import psycopg

from biddeed_assets.operate.channels import MIN_SEVERITY, ChannelSettings, DeliveryError, Notice, scrub
from biddeed_assets.store import alert_delivery

QUEUE_WINDOW = dt.timedelta(days=7)  # raises older than this (e.g. before channels existed) are not queued
LEASE = dt.timedelta(minutes=5)
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=1)


@dataclass
class DeliveryReport:
    """What one pass did: per channel delivered and failed counts, and which channels were skipped why."""

    delivered: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    queued: int = 0
    pending: int = 0

    def summary(self) -> str:
        parts = [f"queued {self.queued}",
                 "delivered " + (", ".join(f"{c} {n}" for c, n in sorted(self.delivered.items())) or "0"),
                 "failed " + (", ".join(f"{c} {n}" for c, n in sorted(self.failed.items())) or "0"),
                 f"pending {self.pending}"]
        parts += [f"{c} skipped ({why})" for c, why in sorted(self.skipped.items())]
        return "; ".join(parts)


def next_attempt(attempts: int, now: dt.datetime) -> dt.datetime:
    """After the n-th failed try: 1, 2, 4, ... minutes later, at most an hour; tried for as long as it takes."""
    return now + min(LONGEST_RETRY, FIRST_RETRY * (2 ** max(0, attempts - 1)))


def deliver_pending(conn: psycopg.Connection, settings: ChannelSettings, *, now: dt.datetime | None = None,
                    limit: int = 50) -> DeliveryReport:
    """Queue new raises on every channel, then send the due deliveries; each step is its own transaction.

    `conn` must not be inside a transaction (autocommit, or a pool connection): a send never holds a lock.
    """
    now = now or dt.datetime.now(dt.UTC)
    channels = settings.channels()
    configured = {name: ch for name, ch in channels.items() if not isinstance(ch, str)}
    report = DeliveryReport(skipped={name: why for name, why in channels.items() if isinstance(why, str)})
    with conn.transaction():
        report.queued = alert_delivery.enqueue(
            conn, channels={n: (MIN_SEVERITY[n], None if n in configured else report.skipped[n]) for n in channels},
            since=now - QUEUE_WINDOW, now=now)
    with conn.transaction():
        due = alert_delivery.claim_due(conn, channels=configured, now=now, lease=LEASE, limit=limit)
    for row in due:
        channel = configured[row["channel"]]
        notice = Notice(row["alert_id"], row["severity"], row["title"], row["message"], row["context"] or {})
        try:
            receipt = channel.send(notice)
        except DeliveryError as exc:
            error = scrub(str(exc), settings.secrets())
            with conn.transaction():
                alert_delivery.failed(conn, row["id"], error=error, next_attempt_at=next_attempt(row["attempts"] + 1, now))
            report.failed[channel.name] = report.failed.get(channel.name, 0) + 1
            report.errors.append(f"{channel.name}: {error}")
            continue
        with conn.transaction():
            alert_delivery.delivered(conn, row["id"], receipt=receipt, now=now)
        report.delivered[channel.name] = report.delivered.get(channel.name, 0) + 1
    with conn.transaction():
        report.pending = alert_delivery.pending_count(conn)
    return report


def send_test(settings: ChannelSettings, channel_name: str) -> str:
    """Send a test notice through one channel; its receipt, or DeliveryError/KeyError/ValueError."""
    channels = settings.channels()
    if channel_name not in channels:
        raise KeyError(channel_name)
    channel = channels[channel_name]
    if isinstance(channel, str):
        raise ValueError(channel)
    notice = Notice("test0000-0000", "critical" if channel_name == "github" else "info", "BidDeed test alert",
                    "A test from `biddeed alerts test`: this channel reaches you.", {"test": True})
    try:
        return channel.send(notice)
    except DeliveryError as exc:
        raise DeliveryError(scrub(str(exc), settings.secrets())) from None
