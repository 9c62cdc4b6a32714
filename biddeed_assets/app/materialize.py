"""Materialize assets for sale dates from the command line, recorded in the Dagster instance."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import dagster as dg

# Dagster's own tags for a single-run backfill's partition range (the backfill daemon sets them; no public export).
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from biddeed_assets.app import runtime
from biddeed_assets.app.arguments import UsageError
from biddeed_assets.app.progress import Progress
from biddeed_assets.defs.partitions import auction_dates
from biddeed_assets.portals.counties import enabled_slugs
from biddeed_assets.store import config, migrations

# The console shows warnings and errors; every event is still in the run's log in the UI.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def partition_today() -> dt.date:
    """Today where the auctions are (the partitions' time zone)."""
    return dt.datetime.now(ZoneInfo(auction_dates.timezone)).date()


def last_partition_date() -> dt.date:
    return dt.date.fromisoformat(auction_dates.get_last_partition_key())


def migrate() -> list[str]:
    return migrations.migrate(config.owner_url() or os.environ["BIDDEED_DATABASE_URL"])


def load_defs() -> dg.Definitions:
    from biddeed_assets.definitions import defs

    return defs()


_DEFS: dg.Definitions | None = None
_JOB = None
_INSTANCES: dict[str, dg.DagsterInstance] = {}


def _defs() -> dg.Definitions:
    global _DEFS  # loaded once per process
    if _DEFS is None:
        _DEFS = load_defs()
    return _DEFS


def _job():
    global _JOB  # the implicit asset job is built once per process: building it is the slow part
    if _JOB is None:
        _JOB = _defs().resolve_implicit_global_asset_job_def()
    return _JOB


def _instance() -> dg.DagsterInstance:
    """The instance this process's runs write to, kept with pooled connections (the webserver's setting): by
    default dagster-postgres opens a connection per event, over a hundred per run."""
    home = os.environ.get("DAGSTER_HOME", "")
    if home not in _INSTANCES:
        instance = runtime.instance()
        instance.optimize_for_webserver(statement_timeout=0, pool_recycle=3600, max_overflow=20)
        _INSTANCES[home] = instance
    return _INSTANCES[home]


def run_partition(assets: tuple[str, ...] | list[str], date: str, county: str, *, quiet: bool = False) -> bool:
    """One Dagster run materializing `assets` for one (date, county) partition; True when it succeeded."""
    key = dg.MultiPartitionKey({"date": date, "county": county})
    result = _job().execute_in_process(
        instance=_instance(), partition_key=key, asset_selection=[dg.AssetKey(a) for a in assets],
        raise_on_error=False, run_config=QUIET,
    )
    if not quiet or not result.success:
        print(f"{'+'.join(assets)} {date} {county}: {'ok' if result.success else 'FAILED'} (run {result.run_id[:8]})",
              flush=True)
    return result.success


def run_range(assets: tuple[str, ...] | list[str], start: str, end: str, county: str, *,
              tags: dict[str, str] | None = None) -> bool:
    """One Dagster run materializing `assets` for every date of [start, end] of one county (a single-run
    backfill: the assets take the whole range); True when it succeeded."""
    first, last = (str(dg.MultiPartitionKey({"date": d, "county": county})) for d in (start, end))
    result = _job().execute_in_process(
        instance=_instance(), asset_selection=[dg.AssetKey(a) for a in assets], raise_on_error=False,
        run_config=QUIET, tags={ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last,
                                **(tags or {})},
    )
    if not result.success:
        print(f"{'+'.join(assets)} {start}..{end} {county}: FAILED (run {result.run_id[:8]})", flush=True)
    return result.success


def run_assets(assets: list[str]) -> bool:
    """One Dagster run of unpartitioned assets."""
    result = _job().execute_in_process(instance=_instance(), asset_selection=[dg.AssetKey(a) for a in assets],
                                       raise_on_error=False, run_config=QUIET)
    if not result.success:
        print(f"{'+'.join(assets)}: FAILED (run {result.run_id[:8]})", flush=True)
    return result.success


def run_job(name: str, ops: dict | None = None) -> bool:
    result = _defs().resolve_job_def(name).execute_in_process(
        instance=_instance(), raise_on_error=False, run_config={**QUIET, **({"ops": ops} if ops else {})})
    if not result.success:
        print(f"{name}: FAILED (run {result.run_id[:8]})", flush=True)
    return result.success


def sale_day_asset(name: str, definitions: dg.Definitions) -> dg.AssetsDefinition:
    """The asset partitioned by sale date and county that `name` names; UsageError otherwise."""
    graph = definitions.resolve_asset_graph()
    key = dg.AssetKey.from_user_string(name)
    by_day = sorted(k.to_user_string() for k in graph.get_all_asset_keys()
                    if isinstance(graph.get(k).partitions_def, dg.MultiPartitionsDefinition))
    if not graph.has(key):
        raise UsageError(f"unknown asset {name!r}; assets by sale day: {', '.join(by_day)}")
    if name not in by_day:
        raise UsageError(f"{name!r} is not partitioned by sale date and county (assets by sale day: "
                         f"{', '.join(by_day)}); materialize it in the UI (`biddeed ui`)")
    return graph.assets_def_for_key(key)


def materialize(asset: str, dates: list[str], counties: list[str] | None = None,
                definitions: dg.Definitions | None = None) -> bool:
    """Run `asset` (and nothing else) for each (date, county) partition; True when every run succeeded."""
    job = definitions.resolve_implicit_global_asset_job_def() if definitions else _job()
    instance = _instance()
    ok = True
    keys = [(date, county) for date in dates for county in counties or enabled_slugs()]
    with Progress(f"materializing {asset}", len(keys), unit="partitions") as bar:
        for date, county in keys:
            key = dg.MultiPartitionKey({"date": date, "county": county})
            result = job.execute_in_process(
                instance=instance, partition_key=key, asset_selection=[dg.AssetKey(asset)], raise_on_error=False,
                run_config=QUIET,
            )
            status = "ok" if result.success else "FAILED"
            print(f"{asset} {date} {county}: {status} (run {result.run_id[:8]})", flush=True)
            ok &= result.success
            bar.advance(note=f"{date} {county}")
    return ok
