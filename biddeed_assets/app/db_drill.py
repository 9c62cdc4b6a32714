"""`biddeed db drill`: back up, break, restore and verify on a drill copy, and measure RPO and RTO.

The live databases are never touched: the newest backup set is restored into `biddeed_drill`, that copy
is broken (its largest tables dropped), and the measured recovery restores it again with
`restore_verified` (verify the archive, restore into a scratch database, check per-table counts against
the manifest, swap). RPO is the age of the newest backup when the drill starts (what a loss at that moment
would cost); RTO is the measured verified restore. The objectives are the seed's: RPO 1 hour, RTO 4 hours.
"""

from __future__ import annotations

import datetime as dt

import psycopg
from psycopg import sql

from biddeed_assets.store import backup, config
from biddeed_assets.store.server import Server

RPO_OBJECTIVE_S = 3600
RTO_OBJECTIVE_S = 4 * 3600
DRILL_DB = "biddeed_drill"


def _break(url: str) -> list[str]:
    """Drop the three largest tables of the drill copy: the damage the restore must undo."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT relname FROM pg_stat_user_tables ORDER BY n_live_tup DESC, relname LIMIT 3")]
        for table in tables:
            conn.execute(sql.SQL("DROP TABLE {} CASCADE").format(sql.Identifier(table)))
    return tables


def _drop(admin_url: str, *names: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def drill(srv: Server, now: dt.datetime | None = None) -> dict:
    """Run the drill; return what was measured beside the objectives."""
    now = now or dt.datetime.now(dt.UTC)
    admin = config.with_database(srv.admin_url, "postgres")  # never connected to a database it renames
    root = backup.backup_root()
    sets = backup.backup_sets(root)
    note = None
    if sets:
        newest, rpo = sets[0], round(sets[0].age_s(now), 1)
    else:
        newest, rpo = backup.backup_set(srv.owner_url, srv.dagster_url, root), None
        note = "no backup existed: one was taken now, so the RPO is unmeasured (schedule database_backup hourly)"
    try:
        backup.restore_verified(admin, DRILL_DB, newest.archive())
        broken = _break(config.with_database(admin, DRILL_DB))
        report = backup.restore_verified(admin, DRILL_DB, newest.archive())
    finally:
        _drop(admin, DRILL_DB, f"{DRILL_DB}_before_restore", f"{DRILL_DB}_restoring")
    if not report.counts:
        note = "the backup holds no tables: there was nothing to recover (run `biddeed db migrate` or `make demo`)"
    return {
        "backup": str(newest.path), "rpo_s": rpo, "rpo_objective_s": RPO_OBJECTIVE_S,
        "rpo_met": rpo is not None and rpo <= RPO_OBJECTIVE_S, "rto_s": report.seconds,
        "rto_objective_s": RTO_OBJECTIVE_S, "rto_met": report.seconds <= RTO_OBJECTIVE_S,
        "broken_tables": broken, "tables_verified": len(report.counts), "rows_verified": sum(report.counts.values()),
        "checked_against_manifest": report.checked_against_manifest, "note": note,
    }
