"""Buy-box alerts: a sensor announces the cases that newly match a saved buy box; `buybox_matches` shows them."""

import datetime as dt
import json

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.operate import buybox_alerts
from biddeed_assets.operate.buybox import matches_markdown
from biddeed_assets.store import buybox

SHOWN = 200


@dg.asset(group_name="operate", kinds={"postgres"})
@traced
def buybox_matches(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """The cases announced as matching each buy box, newest first, with their decision and figures."""
    with database.connection() as conn:
        saved = buybox.listing(conn)
        rows = buybox.recent_matches(conn, limit=SHOWN)
    return dg.MaterializeResult(metadata={
        "dagster/row_count": len(rows),
        "buy_boxes": len(saved),
        **{f"announced_{b['name']}": b["cases_announced"] for b in saved},
        "latest_announcement": str(rows[0]["announced_at"]) if rows else "none yet",
        "matches": dg.MetadataValue.md(matches_markdown(rows, saved)),
    })


@dg.sensor(target=buybox_matches, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def announce_buybox_matches(context: dg.SensorEvaluationContext, database: DatabaseResource):
    """Announce each case that newly matches a buy box (again only when its decision changes) as an alert the
    delivery sensor sends, and refresh `buybox_matches` in the UI."""
    cursor = json.loads(context.cursor) if context.cursor else {}
    since = dt.datetime.fromisoformat(cursor["since"]) if cursor.get("since") else None
    with database.connection() as conn:
        done = buybox_alerts.announce(conn, since=since)
    cursor = json.dumps({"since": done.at.isoformat()})
    if not done.announced:
        return dg.SensorResult(skip_reason=dg.SkipReason(done.summary()), cursor=cursor)
    context.log.info(done.summary())
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=f"buybox-{done.at.isoformat()}")], cursor=cursor)
