"""`biddeed alerts`: list alerts with their delivery state, test a channel, resolve one, deliver now; the demo's hook."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from collections.abc import Mapping
from typing import Any

from biddeed_assets.operate import alert_rules, delivery, loopback
from biddeed_assets.operate.channels import CHANNELS, ChannelSettings, DeliveryError
from biddeed_assets.store import alerts, db

RECENT = dt.timedelta(days=7)


def _deliveries(items: list[Mapping[str, Any]]) -> str:
    parts = []
    for d in items:
        state = d["status"]
        if d["status"] == "pending" and d["attempts"]:
            state += f" ({d['attempts']} failed, next {str(d['next_attempt_at'])[:16]}: {d['last_error']})"
        elif d["status"] == "skipped":
            state += f" ({d['last_error']})"
        parts.append(f"{d['channel']} {state}")
    return "; ".join(parts) or "not queued yet"


def listing(conn, *, now: dt.datetime) -> str:
    rows = alerts.recent(conn, since=now - RECENT)
    if not rows:
        return "no open alerts and none raised in the last 7 days"
    lines = []
    for r in rows:
        seen = f" x{r['occurrences']}" if r["occurrences"] > 1 else ""
        lines.append(f"{r['id'][:8]}  {r['severity']:<8} {r['status']:<8} {r['raised_at']:%Y-%m-%d %H:%M}  "
                     f"{r['title']}{seen}\n          delivery: {_deliveries(r['deliveries'])}")
    return "\n".join(lines)


def settings() -> ChannelSettings:
    return ChannelSettings.from_env(os.environ)


def command(url: str, action: str, target: str | None, *, instance_factory=None) -> int:
    """Run one `biddeed alerts` action; bad input is one line on stderr and exit 2."""
    now = dt.datetime.now(dt.UTC)
    if action == "test":
        return test(target)
    if action == "resolve":
        if not target:
            print("biddeed alerts resolve needs an alert ID (see `biddeed alerts list`)", file=sys.stderr)
            return 2
        with db.connect(url) as conn:
            try:
                alert_id = alerts.find_alert(conn, target)
            except alerts.UnknownAlert as exc:
                print(f"biddeed alerts resolve: {exc}", file=sys.stderr)
                return 2
            done = alerts.resolve(conn, alert_id, by=actor(), now=now)
        print(f"resolved {alert_id}" if done else f"{alert_id} was already resolved")
        return 0
    if action == "deliver":
        counts = None
        if instance_factory is not None:
            from biddeed_assets.defs.operate.alert_rules import run_counts

            with instance_factory() as instance:
                counts = run_counts(instance, since=now - dt.timedelta(hours=alert_rules.AlertPolicy().run_window_hours))
        with db.connect(url) as conn:
            conn.autocommit = True
            alert_rules.evaluate(conn, counts, now=now)
            print(delivery.deliver_pending(conn, settings(), now=now).summary())
        return 0
    with db.connect(url) as conn:
        print(listing(conn, now=now))
    return 0


def test(channel: str | None) -> int:
    if channel not in CHANNELS:
        print(f"unknown channel {channel!r}; channels: {', '.join(CHANNELS)}", file=sys.stderr)
        return 2
    try:
        receipt = delivery.send_test(settings(), channel)
    except ValueError as exc:
        print(f"{channel}: {exc}", file=sys.stderr)
        return 1
    except DeliveryError as exc:
        print(f"{channel}: the test alert did not arrive: {exc}", file=sys.stderr)
        return 1
    print(f"{channel}: the test alert arrived ({receipt})")
    return 0


def actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def demo_delivery(url: str, instance=None) -> int:
    """The demo's proof that an alert reaches a person: the rules (over `instance`'s runs too, when given) are
    evaluated and every pending alert is sent to a loopback webhook; returns how many it received."""
    counts = None
    if instance is not None:
        from biddeed_assets.defs.operate.alert_rules import run_counts

        window = dt.timedelta(hours=alert_rules.AlertPolicy().run_window_hours)
        counts = run_counts(instance, since=dt.datetime.now(dt.UTC) - window)
    with loopback.start() as hook, db.connect(url) as conn:
        conn.autocommit = True
        alert_rules.evaluate(conn, counts)
        report = delivery.deliver_pending(conn, ChannelSettings(webhook_url=hook.url + "/demo-webhook"))
        print(f"alerts: {report.delivered.get('webhook', 0)} delivered to the loopback webhook {hook.url}"
              f" ({report.summary()})")
        for received in hook.received[:3]:
            print("  " + received.body["text"].splitlines()[0])
        return len(hook.received)
