"""`biddeed audit`: a case's history (its audit rows and the data versions of its partitions), or the latest rows."""

from __future__ import annotations

import json
import re
from typing import Any

import dagster as dg

from biddeed_assets.portals.counties import BY_SLUG
from biddeed_assets.store import audit

CASE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,49}$")


class InputError(ValueError):
    """A --case or --county the command cannot look up."""


def check_arguments(case: str | None, county: str | None, limit: int) -> None:
    if case is not None and not CASE_NUMBER.match(case):
        raise InputError(f"--case {case!r} is not a case number (letters, digits and dashes, 3 to 50 characters)")
    if county is not None and county not in BY_SLUG:
        raise InputError(f"--county {county!r} is not a county slug; known: {', '.join(sorted(BY_SLUG))}")
    if not 1 <= limit <= 1000:
        raise InputError(f"--limit {limit} is outside 1..1000")


def catch_up(instance: dg.DagsterInstance, conn) -> int:
    """Record the data versions no sensor has recorded yet (no daemon runs during the demo or a command)."""
    from biddeed_assets.app.materialize import load_defs
    from biddeed_assets.defs.operate.data_versions import partitioned_assets, record_new

    with conn.transaction():
        return record_new(instance, conn, partitioned_assets(load_defs().resolve_asset_graph()))


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else "-"


def _case_change(row: dict, case: str) -> str:
    change = (row["changes"] or {}).get(case, {})
    if "field" in change:
        return f"{change['field']}: {change['before']} -> {change['after']}"
    before, after = change.get("before") or {}, change.get("after") or {}
    return (f"{before.get('decision', 'none')} -> {after.get('decision', 'none')}"
            f" (max bid {before.get('max_bid')} -> {after.get('max_bid')})")


def _audit_line(row: dict, case: str | None) -> str:
    detail = _case_change(row, case) if case else f"{json.dumps(row['before'], default=str)} -> " \
                                                    f"{json.dumps(row['after'], default=str)}"
    run = (row["run_id"] or "-")[:8]
    return f"  {_when(row['timestamp'])}  {row['actor']}  {row['action']}  {row['resource_id']}  {detail}  run {run}"


def _version_line(v: dict) -> str:
    return (f"  {v['asset']} v{v['version']}  {v['partition']}  rows {v['row_count']}"
            f"  hash {(v['content_hash'] or '-')[:12]}  code {v['code_version'] or '-'}"
            f"  run {v['run_id'][:8]}  {_when(v['materialized_at'])}")


def case_report(conn, case: str, county: str | None) -> tuple[list[str], dict[str, Any]] | None:
    """The lines and the JSON of a case's history; None when the store has never seen the case."""
    partitions = audit.case_partitions(conn, case, county=county)
    rows = audit.case_history(conn, case, county=county)
    if not partitions and not rows:
        return None
    versions = audit.versions_of(conn, partitions)
    where = ", ".join(f"{c} {d}" for c, d in partitions) or "no stored partition"
    lines = [f"case {case} ({where})", f"audit ({len(rows)}):", *(_audit_line(r, case) for r in rows),
             f"data versions ({len(versions)}):", *(_version_line(v) for v in versions)]
    return lines, {"case": case, "partitions": partitions, "audit": rows, "data_versions": versions}


def latest_report(conn, county: str | None, limit: int) -> tuple[list[str], dict[str, Any]]:
    rows = audit.latest(conn, limit=limit, county=county)
    lines = [f"latest audit rows{f' of {county}' if county else ''} ({len(rows)}):",
             *(_audit_line(r, None) for r in rows)]
    return lines, {"audit": rows}


def record_operations(url: str) -> str:
    """Today's daily_metrics and the data versions of every materialization so far: what the daemon does, for the demo."""
    from biddeed_assets.app import materialize, runtime
    from biddeed_assets.defs.operate.daily_metrics import metric_days
    from biddeed_assets.store import db

    today = metric_days.get_last_partition_key()
    instance = runtime.instance()
    result = materialize.load_defs().resolve_job_def("daily_metrics_job").execute_in_process(
        instance=instance, partition_key=today, raise_on_error=False, run_config=materialize.QUIET)
    with db.connect(url) as conn:
        recorded = catch_up(instance, conn)
    return (f"daily_metrics {today}: {'ok' if result.success else 'FAILED'} (run {result.run_id[:8]});"
            f" {recorded} data versions recorded")
