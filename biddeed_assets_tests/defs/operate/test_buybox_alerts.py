"""The buy-box sensor: a case is announced once per buy box, again on a decision change, and the alert is
delivered to a (loopback) webhook; `buybox_matches` shows the matches in the UI."""

import datetime as dt

import dagster as dg
import pytest

from biddeed_assets.defs.operate.buybox import announce_buybox_matches, buybox_matches
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.operate import loopback
from biddeed_assets.operate.buybox import parse
from biddeed_assets.operate.buybox_alerts import florida_today
from biddeed_assets.operate.channels import ChannelSettings, Retry
from biddeed_assets.operate.delivery import deliver_pending
from biddeed_assets.store import analysis_writers, buybox

SALE = (florida_today(dt.datetime.now(dt.UTC)) + dt.timedelta(days=5)).isoformat()
CASE = "05-2025-CA-012345-XXCA-BC"
OTHER = "05-2025-CA-054321-XXCA-BC"


def write_sheet(conn, decisions: dict[str, str], *, date: str = SALE, judgment: float = 90_000) -> None:
    """The partition's bid sheet as the recommendations asset writes it (delete-then-COPY), with its cases."""
    with conn.transaction():
        for case in decisions:
            conn.execute("INSERT INTO cases (county, auction_date, case_number, auction_type, status, zip)"
                         " VALUES ('brevard', %s, %s, 'FORECLOSURE', 'SCHEDULED', '32940') ON CONFLICT DO NOTHING",
                         (date, case))
            conn.execute("INSERT INTO properties (county, auction_date, case_number, market_value, property_type,"
                         " zip) VALUES ('brevard', %s, %s, 300000, 'SFR', '32940') ON CONFLICT DO NOTHING",
                         (date, case))
        rows = [{"county": "brevard", "auction_date": date, "case_number": case, "decision": decision,
                 "final_judgment": judgment, "max_bid_calculated": 150_000, "zip_code": "32940",
                 "property_address": "12 RIVER RD", "reasons": [], "surviving_liens": []} for case, decision in decisions.items()]
        analysis_writers.replace_results(conn, rows, county="brevard", auction_date=date)


def tick(db_url, instance, cursor=None):
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources={"database": DatabaseResource(url=db_url)}) as context:
        result = announce_buybox_matches(context)
    return result, result.cursor


@pytest.fixture
def instance():
    with dg.instance_for_test() as inst:
        yield inst


def announcements(conn):
    return conn.execute("SELECT case_number, decision, previous_decision FROM buy_box_matches ORDER BY id").fetchall()


def test_a_case_is_announced_once_and_again_only_when_its_decision_changes(db_url, conn, instance):
    buybox.add(conn, parse("river", counties=["brevard"], max_judgment="100000", min_value_to_judgment="3",
                           decisions=["BID,REVIEW"]))
    buybox.add(conn, parse("big-only", min_value_to_judgment="10"))  # 300,000 / 90,000 never reaches 10
    write_sheet(conn, {CASE: "BID", OTHER: "SKIP"})

    result, cursor = tick(db_url, instance)
    assert [r.run_key for r in result.run_requests] and result.run_requests[0].run_key.startswith("buybox-")
    assert announcements(conn) == [(CASE, "BID", None)]
    [(title, severity, rule, subject)] = conn.execute("SELECT title, severity, rule, subject FROM alerts").fetchall()
    assert (title, severity, rule, subject) == ("buy box river: 1 new match", "warning", "buybox", "river")

    result, cursor = tick(db_url, instance, cursor)
    assert result.skip_reason and "no new buy-box match" in result.skip_reason.skip_message
    write_sheet(conn, {CASE: "BID", OTHER: "SKIP"})  # rewritten, same decisions: nothing new
    result, cursor = tick(db_url, instance, cursor)
    assert not result.run_requests and len(announcements(conn)) == 1

    write_sheet(conn, {CASE: "REVIEW", OTHER: "BID"})
    result, cursor = tick(db_url, instance, cursor)
    assert result.run_requests
    assert announcements(conn)[1:] == [(CASE, "REVIEW", "BID"), (OTHER, "BID", None)]
    assert conn.execute("SELECT count(*) FROM alerts").fetchone() == (2,)

    write_sheet(conn, {CASE: "SKIP", OTHER: "BID"})  # no longer a match: nothing to say
    assert not tick(db_url, instance, cursor)[0].run_requests


def test_a_buy_box_saved_later_announces_what_already_matches_and_past_sales_never(db_url, conn, instance):
    past = (dt.date.fromisoformat(SALE) - dt.timedelta(days=30)).isoformat()
    write_sheet(conn, {CASE: "BID"})
    write_sheet(conn, {OTHER: "BID"}, date=past)
    _, cursor = tick(db_url, instance)  # no buy box yet
    buybox.add(conn, parse("late"))
    tick(db_url, instance, cursor)
    assert announcements(conn) == [(CASE, "BID", None)]


def test_the_alert_reaches_a_loopback_webhook_and_the_ui_asset_shows_the_match(db_url, conn, instance):
    buybox.add(conn, parse("river", max_judgment="100000"))
    write_sheet(conn, {CASE: "BID"})
    tick(db_url, instance)
    with loopback.start() as hook:
        report = deliver_pending(conn, ChannelSettings(webhook_url=hook.url + "/investor",
                                                       retry=Retry(attempts=1, wait_initial_s=0.01)))
        assert report.delivered == {"webhook": 1}
        [hit] = hook.received
    text = hit.body["text"]
    assert text.startswith("[WARNING] buy box river: 1 new match") and f"brevard {SALE} {CASE}: BID" in text

    result = dg.materialize([buybox_matches], resources={"database": DatabaseResource(url=db_url)})
    [event] = result.get_asset_materialization_events()
    meta = {k: v.value for k, v in event.materialization.metadata.items()}
    assert meta["dagster/row_count"] == 1 and meta["announced_river"] == 1
    assert "| river |" in meta["matches"] and f"| {CASE} |" in meta["matches"]
    assert "| BID |" in meta["matches"] and "judgment &lt;= $100,000" in meta["matches"]  # markdown-escaped "<="
