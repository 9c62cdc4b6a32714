"""One announcing pass: the bid-sheet rows written since the last pass that newly match a buy box are recorded
and raised as one alert per buy box, which the delivery sensor sends through every configured channel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import psycopg

from biddeed_assets.operate.buybox import case_key, news, notice
from biddeed_assets.store import alerts, buybox

AUCTION_TZ = ZoneInfo("America/New_York")
RULE = "buybox"
SEVERITY = "warning"  # reaches the webhook and email; GitHub issues are for critical (operator) alerts only
# A bid sheet written in a transaction that began before a pass and committed after it carries a time
# before that pass: every pass looks this far behind its predecessor (the matches table keeps it once-only).
LAG = dt.timedelta(hours=1)


@dataclass
class Pass:
    """What one pass did: its time (the next pass's cursor), rows looked at, new matches and alerts per box."""

    at: dt.datetime
    scanned: int = 0
    announced: dict[str, int] = field(default_factory=dict)
    alert_ids: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.announced:
            return f"no new buy-box match among {self.scanned} bid-sheet rows"
        return "announced " + ", ".join(f"{name} {n}" for name, n in sorted(self.announced.items())) + \
            f" (of {self.scanned} bid-sheet rows)"


def florida_today(now: dt.datetime) -> dt.date:
    return now.astimezone(AUCTION_TZ).date()


def announce(conn: psycopg.Connection, *, since: dt.datetime | None) -> Pass:
    """Announce every case that newly matches a buy box among the sale days not yet past, in one transaction.

    `since` is the previous pass's time (None: look at every upcoming row); a buy box saved since then is
    matched against every upcoming row, so it announces what already matches it.
    """
    with conn.transaction():
        buybox.lock(conn)
        now = buybox.db_now(conn)
        saved = buybox.boxes(conn)
        done = Pass(at=now)
        if not saved:
            return done
        fresh_box = since is None or any(created > since - LAG for _, created in saved)
        rows = buybox.candidates(conn, today=florida_today(now), since=None if fresh_box else since - LAG)
        done.scanned = len(rows)
        for box, _ in saved:
            matching = [r for r in rows if box.matches(r)]
            found = news(box, matching, buybox.announced(conn, box.id, [case_key(r) for r in matching]))
            if not found:
                continue
            title, message = notice(box, found)
            context = {"buy_box": box.name, "criteria": box.criteria(),
                       "cases": [{"county": m.row["county"], "auction_date": str(m.row["auction_date"]),
                                  "case_number": m.row["case_number"], "decision": m.row["decision"],
                                  "previous_decision": m.previous} for m in found]}
            alert_id = alerts.record_alert(conn, severity=SEVERITY, title=title, message=message, context=context,
                                           rule=RULE, subject=box.name)
            buybox.record(conn, found, alert_id=alert_id, now=now)
            done.announced[box.name] = len(found)
            done.alert_ids[box.name] = alert_id
    return done
