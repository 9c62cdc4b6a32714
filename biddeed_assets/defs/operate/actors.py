"""Who a run acts for in the audit trail: its schedule, sensor, backfill or user, else the application."""

import dagster as dg

from biddeed_assets.store.audit import DEFAULT_ACTOR

# The tags Dagster puts on a run that says who launched it, most specific first.
LAUNCHER_TAGS = (("dagster/user", "{}"), ("dagster/schedule_name", "schedule:{}"),
                 ("dagster/sensor_name", "sensor:{}"), ("dagster/backfill", "backfill:{}"))


def audit_tags(run: dg.DagsterRun | None) -> dict[str, str | None]:
    """The actor and run id the run's database writes are audited under (none outside a run)."""
    if run is None:
        return {"actor": None, "run_id": None}
    for tag, form in LAUNCHER_TAGS:
        if run.tags.get(tag):
            return {"actor": form.format(run.tags[tag]), "run_id": run.run_id}
    return {"actor": DEFAULT_ACTOR, "run_id": run.run_id}
