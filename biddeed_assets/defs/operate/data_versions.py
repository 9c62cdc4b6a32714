"""Data versions: each materialization of a partitioned asset recorded with its row count, content hash and code version."""

import datetime as dt
import re

import dagster as dg

from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.store import audit

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BATCH = 500


def partitioned_assets(asset_graph) -> list[dg.AssetKey]:
    """The materializable partitioned assets of a code location's asset graph."""
    return sorted((k for k in asset_graph.get_all_asset_keys()
                   if asset_graph.get(k).is_materializable and asset_graph.get(k).is_partitioned),
                  key=lambda k: k.to_user_string())


def partition_parts(partition: str) -> tuple[str | None, str | None]:
    """(county, date) of a partition key: "brevard|2026-12-02" (date x county) or "2026-12-02" (a day)."""
    parts = partition.split("|")
    day = next((p for p in parts if _DATE.match(p)), None)
    rest = [p for p in parts if p != day]
    return (rest[0] if len(rest) == 1 else None), day


def _code_version(materialization: dg.AssetMaterialization, run_id: str) -> str | None:
    # Dagster tags an asset without a declared code version with the run id: that is no code version.
    code = (materialization.tags or {}).get("dagster/code_version")
    return None if code in (None, run_id) else code


def record_new(instance: dg.DagsterInstance, conn, assets: list[dg.AssetKey]) -> int:
    """Record every materialization of `assets` not yet in data_versions, oldest first; return how many.

    The table is its own cursor, so the sensor, the demo and `biddeed audit` (no daemon) share this code. The
    content is hashed when recorded: a materialization already overwritten by a newer one of the same
    partition in the same batch gets no hash rather than the newer content's.
    """
    through = audit.recorded_through(conn)
    recorded = 0
    for key in assets:
        name = key.to_user_string()
        after = through.get(name)
        while True:
            records = instance.fetch_materializations(
                dg.AssetRecordsFilter(asset_key=key, after_storage_id=after), limit=BATCH, ascending=True).records
            newest = {r.asset_materialization.partition: r.storage_id for r in records if r.asset_materialization}
            for record in records:
                event = record.asset_materialization
                if event is None or event.partition is None:
                    continue
                county, day = partition_parts(event.partition)
                rows = event.metadata.get("dagster/row_count")
                recorded += audit.record_version(
                    conn, asset=name, partition=event.partition, county=county, day=day,
                    row_count=None if rows is None else int(rows.value), run_id=record.run_id,
                    code_version=_code_version(event, record.run_id), storage_id=record.storage_id,
                    materialized_at=dt.datetime.fromtimestamp(record.timestamp, dt.UTC),
                    hash_content=newest[event.partition] == record.storage_id)
            if len(records) < BATCH:
                break
            after = records[-1].storage_id
    return recorded


@dg.sensor(minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def record_data_versions(context: dg.SensorEvaluationContext, database: DatabaseResource):
    """Record each new materialization of a partitioned asset: its rows, a hash of its stored content, its code version."""
    with database.transaction() as conn:
        recorded = record_new(context.instance, conn, partitioned_assets(context.repository_def.asset_graph))
    return dg.SkipReason(f"recorded {recorded} data versions")
