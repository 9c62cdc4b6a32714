"""Backups on a schedule: both databases dumped hourly (the seed's RPO of one hour), kept for the retention."""

import os

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.defs.tracing import traced
from biddeed_assets.store import backup, config

RETENTION_DAYS = float(os.environ.get("BIDDEED_BACKUP_RETENTION_DAYS", "30"))
BACKUP_CRON = os.environ.get("BIDDEED_BACKUP_CRON", "0 * * * *")


@dg.asset(group_name="operate", kinds={"postgres"})
@traced
def database_backup(context: dg.AssetExecutionContext, database: DatabaseResource) -> dg.MaterializeResult:
    """A verified pg_dump set of the domain database and Dagster's run/event storage, older sets pruned."""
    root = backup.backup_root()
    # pg_dump reads every row, past the row-level-security policies the app role is held to: the owner dumps
    owner = config.owner_url() or database.resolved_url()
    made = backup.backup_set(owner, _libpq(os.environ.get("BIDDEED_DAGSTER_PG_URL")), root)
    for name in made.manifest["files"]:
        backup.verify_archive(made.path / name)
    removed = backup.prune(root, RETENTION_DAYS)
    context.log.info(f"backup set {made.path}; pruned {len(removed)} set(s) older than {RETENTION_DAYS:g} days")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(made.path)),
        "archives": ", ".join(made.manifest["files"]),
        "bytes": sum(f["bytes"] for f in made.manifest["files"].values()),
        "domain_rows": sum(made.manifest["table_counts"].values()),
        "sets_kept": len(backup.backup_sets(root)), "sets_pruned": len(removed),
        "database": config.database_name(database.resolved_url()),
    })


def _libpq(url: str | None) -> str | None:
    """Dagster's storage URL names SQLAlchemy's driver; pg_dump wants the plain libpq form."""
    return url.replace("postgresql+psycopg2://", "postgresql://", 1) if url else None


backup_job = dg.define_asset_job("database_backup_job", selection=dg.AssetSelection.assets("database_backup"))


@dg.schedule(cron_schedule=BACKUP_CRON, execution_timezone="America/New_York", job=backup_job,
             default_status=dg.DefaultScheduleStatus.RUNNING)
def database_backup_schedule(context: dg.ScheduleEvaluationContext):
    """Hourly by default (BIDDEED_BACKUP_CRON): the newest backup is never more than an hour old."""
    return dg.RunRequest(run_key=f"backup:{context.scheduled_execution_time.isoformat()}")
