"""Alert delivery against fake webhook, SMTP and GitHub servers on loopback: failures, retries, recovery."""

import datetime as dt

import dagster as dg
import pytest

from biddeed_assets.defs.operate.alert_delivery import deliver_alerts
from biddeed_assets.defs.resources import AlertChannelsResource, DatabaseResource
from biddeed_assets.operate import loopback
from biddeed_assets.operate.channels import ChannelSettings, Retry
from biddeed_assets.operate.delivery import deliver_pending
from biddeed_assets.store import alerts
from biddeed_assets_tests.defs.operate.fakes import refused_port, start_smtp

FAST = Retry(attempts=3, wait_initial_s=0.01, wait_max_s=0.02)
NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
TOKEN = "ghp_s3cr3tT0ken"


@pytest.fixture
def receiver():
    with loopback.start(reply={"html_url": "https://github.example/o/r/issues/7", "number": 7}) as r:
        yield r


def raise_one(conn, severity="critical", subject="bcpao", now=NOW):
    with conn.transaction():
        return alerts.raise_alert(conn, rule="portal_failing", subject=subject, severity=severity,
                                  title=f"portal failing: {subject}", message="6 reads failed in a row",
                                  context={"streak": 6}, cooldown=dt.timedelta(hours=1), now=now)


def deliveries(conn):
    return conn.execute("SELECT channel, status, attempts, last_error, next_attempt_at, receipt"
                        " FROM alert_deliveries ORDER BY channel, id").fetchall()


def test_a_webhook_answering_500_keeps_the_alert_pending_and_delivers_it_on_recovery(conn, receiver):
    raise_one(conn)
    settings = ChannelSettings(webhook_url=receiver.url + "/hook", retry=FAST)
    receiver.fail_next(500, 503, 500)
    report = deliver_pending(conn, settings, now=NOW)
    assert report.failed == {"webhook": 1} and not receiver.received
    [(channel, status, attempts, error, next_at, _)] = [d for d in deliveries(conn) if d[0] == "webhook"]
    assert (status, attempts) == ("pending", 1) and "HTTP 500 (after 3 attempts)" in error
    assert next_at == NOW + dt.timedelta(minutes=1)
    assert deliver_pending(conn, settings, now=NOW + dt.timedelta(seconds=30)).delivered == {}  # not due yet
    report = deliver_pending(conn, settings, now=NOW + dt.timedelta(minutes=2))
    assert report.delivered == {"webhook": 1} and report.pending == 0
    [hit] = receiver.received
    assert hit.path == "/hook" and hit.body["text"].startswith("[CRITICAL] portal failing: bcpao")
    assert [d[1:3] for d in deliveries(conn) if d[0] == "webhook"] == [("delivered", 2)]
    assert deliver_pending(conn, settings, now=NOW + dt.timedelta(minutes=3)).delivered == {}  # once only
    assert len(receiver.received) == 1


def test_a_refused_connection_is_retried_later_and_no_secret_is_stored(conn, receiver):
    raise_one(conn)
    secret_url = f"http://127.0.0.1:{refused_port()}/services/T000/B000/XyzSecretPath"
    report = deliver_pending(conn, ChannelSettings(webhook_url=secret_url, retry=FAST), now=NOW)
    assert report.failed == {"webhook": 1}
    rows = deliveries(conn)
    assert "ConnectError" in rows[-1][3] and "XyzSecretPath" not in str(rows) + report.summary()
    # the operator fixes the URL: the same pending delivery goes out on the next pass that is due
    report = deliver_pending(conn, ChannelSettings(webhook_url=receiver.url, retry=FAST), now=NOW + dt.timedelta(hours=1))
    assert report.delivered == {"webhook": 1} and len(receiver.received) == 1


def test_critical_alerts_open_a_github_issue_with_the_token_warnings_do_not(conn, receiver):
    raise_one(conn, severity="warning", subject="tax")
    raise_one(conn, severity="critical", subject="bcpao")
    settings = ChannelSettings(github_repo="acme/biddeed", github_token=TOKEN, github_api_url=receiver.url, retry=FAST)
    receiver.fail_next(502)  # one transient failure: tenacity retries within the same pass
    report = deliver_pending(conn, settings, now=NOW)
    assert report.delivered == {"github": 1}
    [issue] = receiver.received
    assert issue.path == "/repos/acme/biddeed/issues" and issue.headers["Authorization"] == f"Bearer {TOKEN}"
    assert issue.body["title"] == "[critical] portal failing: bcpao" and "critical" in issue.body["labels"]
    github = [d for d in deliveries(conn) if d[0] == "github"]
    assert [(d[1], d[5]) for d in github] == [("delivered", "https://github.example/o/r/issues/7")]
    assert TOKEN not in str(deliveries(conn))


def test_email_goes_over_smtp_with_login_and_survives_a_451(conn):
    smtp = start_smtp()
    try:
        raise_one(conn, severity="warning")
        settings = ChannelSettings(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_security="none",
                                   smtp_user="ops", smtp_password="pw-secret", email_from="biddeed@example.com",
                                   email_to="a@example.com, b@example.com", retry=Retry(attempts=1))
        smtp.transient_failures = 1
        report = deliver_pending(conn, settings, now=NOW)
        assert report.failed == {"email": 1} and "SMTP 451" in report.errors[0]
        report = deliver_pending(conn, settings, now=NOW + dt.timedelta(minutes=5))
        assert report.delivered == {"email": 1}
        [message] = smtp.messages
        assert message["Subject"] == "[BidDeed warning] portal failing: bcpao"
        assert message["To"] == "a@example.com, b@example.com" and ("ops", "pw-secret") in smtp.logins
        assert "pw-secret" not in str(deliveries(conn))
    finally:
        smtp.stop()


def test_a_channel_that_is_not_configured_is_skipped_visibly(conn, receiver):
    raise_one(conn)
    report = deliver_pending(conn, ChannelSettings(webhook_url=receiver.url, retry=FAST), now=NOW)
    assert report.delivered == {"webhook": 1}
    assert "email skipped (not configured: set BIDDEED_ALERT_SMTP_HOST" in report.summary()
    rows = {d[0]: d for d in deliveries(conn)}
    assert rows["email"][1] == "skipped" and "BIDDEED_ALERT_EMAIL_TO" in rows["email"][3]
    assert rows["github"][1] == "skipped" and "BIDDEED_ALERT_GITHUB_TOKEN" in rows["github"][3]


def test_a_reraise_after_the_cooldown_is_delivered_again_one_within_it_is_not(conn, receiver):
    settings = ChannelSettings(webhook_url=receiver.url, retry=FAST)
    raise_one(conn)
    deliver_pending(conn, settings, now=NOW)
    assert raise_one(conn, now=NOW + dt.timedelta(minutes=30)) == "suppressed"
    deliver_pending(conn, settings, now=NOW + dt.timedelta(minutes=30))
    assert len(receiver.received) == 1
    assert raise_one(conn, now=NOW + dt.timedelta(hours=2)) == "reraised"
    deliver_pending(conn, settings, now=NOW + dt.timedelta(hours=2))
    assert len(receiver.received) == 2


def test_the_delivery_sensor_sends_through_the_configured_resource(db_url, conn, receiver):
    raise_one(conn, now=dt.datetime.now(dt.UTC))
    with dg.instance_for_test() as instance:
        with dg.build_sensor_context(instance=instance, resources={
            "database": DatabaseResource(url=db_url), "alert_channels": AlertChannelsResource(webhook_url=receiver.url),
        }) as context:
            result = deliver_alerts(context)
    assert "delivered webhook 1" in result.skip_message
    assert receiver.received[0].body["text"].startswith("[CRITICAL]")


def test_channel_secrets_stay_environment_variables_in_the_definitions(monkeypatch):
    from biddeed_assets.defs.resources import alert_channels

    monkeypatch.setenv("BIDDEED_ALERT_GITHUB_TOKEN", TOKEN)
    monkeypatch.setenv("BIDDEED_ALERT_WEBHOOK_URL", "http://127.0.0.1:9/T0/B0/hooksecret")
    resource = alert_channels()
    assert isinstance(resource.github_token, dg.EnvVar) and isinstance(resource.webhook_url, dg.EnvVar)
    assert TOKEN not in repr(resource) and "hooksecret" not in repr(resource)
    with dg.build_resources({"alert_channels": resource}) as built:
        assert built.alert_channels.settings().github_token == TOKEN


def test_rules_and_delivery_work_as_the_app_role(db_url, conn, receiver):
    import psycopg

    from biddeed_assets.operate.alert_rules import evaluate
    from biddeed_assets.store import roles

    conn.execute("ALTER ROLE biddeed_app LOGIN PASSWORD 'app-test'")
    conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status)"
                 " VALUES ('brevard', '2026-11-25', 'a', 'FORECLOSURE', 'SCHEDULED')")
    with psycopg.connect(roles.as_role(db_url, "biddeed_app", "app-test"), autocommit=True) as app:
        assert app.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (False,)
        evaluate(app, {}, now=NOW)
        report = deliver_pending(app, ChannelSettings(webhook_url=receiver.url, retry=FAST), now=NOW)
        assert report.delivered == {"webhook": 1}
        [alert_id] = app.execute("SELECT id::text FROM alerts").fetchone()
        assert alerts.resolve(app, alert_id, by="ops", now=NOW)
    assert receiver.received[0].body["text"].startswith("[CRITICAL] sale-day outcomes not captured: brevard|2026-11-25")
