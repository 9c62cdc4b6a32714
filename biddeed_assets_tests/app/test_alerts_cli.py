"""`biddeed alerts`: list with delivery state, test a channel, resolve by id; bad input is one line and exit 2."""

import datetime as dt
import re

import dagster as dg

from biddeed_assets.app import alerts as alerts_app
from biddeed_assets.app import cli
from biddeed_assets.operate import loopback
from biddeed_assets.store import alerts
from biddeed_assets_tests.defs.operate.fakes import refused_port

NOW = dt.datetime.now(dt.UTC)


def raise_one(conn, subject="bcpao"):
    with conn.transaction():
        alerts.raise_alert(conn, rule="portal_failing", subject=subject, severity="critical",
                           title=f"portal failing: {subject}", message="6 reads failed", context={},
                           cooldown=dt.timedelta(hours=1), now=NOW)
    return conn.execute("SELECT id::text FROM alerts WHERE subject = %s", (subject,)).fetchone()[0]


def test_list_shows_open_alerts_with_their_delivery_state(db_url, conn, capsys, monkeypatch):
    alerts.record_alert(conn, severity="critical", title="run failed: capture_outcomes", message="boom", context={})
    monkeypatch.setenv("BIDDEED_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{refused_port()}/secret-hook")
    assert alerts_app.command(db_url, "deliver", None) == 0
    assert "failed webhook 1" in capsys.readouterr().out
    assert alerts_app.command(db_url, "list", None) == 0
    out = capsys.readouterr().out
    assert re.search(r"^[0-9a-f]{8}\s+critical\s+open\s", out) and "run failed: capture_outcomes" in out
    assert "webhook pending (1 failed, next" in out and "email skipped (not configured" in out
    assert "secret-hook" not in out


def test_resolve_by_id_prefix_and_unknown_ids_exit_2(db_url, conn, capsys):
    alert_id = raise_one(conn)
    assert alerts_app.command(db_url, "resolve", alert_id[:8]) == 0
    assert capsys.readouterr().out.strip() == f"resolved {alert_id}"
    assert conn.execute("SELECT status, resolved_by IS NOT NULL FROM alerts").fetchone() == ("resolved", True)
    assert alerts_app.command(db_url, "resolve", alert_id) == 0
    assert "already resolved" in capsys.readouterr().out
    for bad in ("ffffffff", "not-an-id!", ""):
        assert alerts_app.command(db_url, "resolve", bad) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "biddeed alerts resolve" in err


def test_test_sends_through_one_channel_and_says_whether_it_arrived(capsys, monkeypatch):
    assert cli.main(["alerts", "test", "pager"]) == 2
    assert capsys.readouterr().err.strip() == "unknown channel 'pager'; channels: webhook, email, github"
    monkeypatch.delenv("BIDDEED_ALERT_WEBHOOK_URL", raising=False)
    assert cli.main(["alerts", "test", "webhook"]) == 1
    assert "not configured: set BIDDEED_ALERT_WEBHOOK_URL" in capsys.readouterr().err
    with loopback.start() as hook:
        monkeypatch.setenv("BIDDEED_ALERT_WEBHOOK_URL", hook.url + "/T0/B0/tok3n")
        assert cli.main(["alerts", "test", "webhook"]) == 0
        assert capsys.readouterr().out.strip() == "webhook: the test alert arrived (HTTP 201)"
        assert hook.received[0].body["text"].startswith("[INFO] BidDeed test alert")
    monkeypatch.setenv("BIDDEED_ALERT_WEBHOOK_URL", f"http://127.0.0.1:{refused_port()}/T0/B0/tok3n")
    assert cli.main(["alerts", "test", "webhook"]) == 1
    err = capsys.readouterr().err
    assert "did not arrive" in err and "ConnectError" in err and "tok3n" not in err


def test_the_demo_hook_delivers_a_raised_alert_to_a_loopback_webhook(db_url, conn, capsys):
    alerts.record_alert(conn, severity="warning", title="prediction error above baseline: retraining",
                        message="error rate 0.5 exceeds baseline", context={})
    with dg.instance_for_test() as instance:
        assert alerts_app.demo_delivery(db_url, instance) == 1
    out = capsys.readouterr().out
    assert "alerts: 1 delivered to the loopback webhook" in out and "[WARNING] prediction error above" in out
