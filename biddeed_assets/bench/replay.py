"""Replay benchmark: the same Brevard sale days replayed the batched way (single-run backfills) and the old way
(two runs per sale day with the simulator's clock moved between them), each into a scratch database and
Dagster instance of its own, measured in one run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from biddeed_assets.bench.ingest import drop_db, scratch_db
from biddeed_assets.store import config, server

COUNTY = "brevard"
WEEKS = 6  # six Brevard sale days (Wednesdays) ending a week ago


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _scratch_env(admin: str, name: str):
    """A scratch domain database and Dagster instance (Postgres storage, as the demo's) for one way of replaying."""
    from biddeed_assets.app import runtime

    domain, dagster = scratch_db(admin, name), f"{name}_dagster"
    drop_db(admin, dagster)
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dagster}"')
    home = tempfile.mkdtemp(prefix=f"{name}-")
    shutil.copyfile(runtime.PROJECT_ROOT / "dagster.yaml", os.path.join(home, "dagster.yaml"))
    saved = {k: os.environ.get(k) for k in ("DAGSTER_HOME", "BIDDEED_DAGSTER_PG_URL", "BIDDEED_DATABASE_URL")}
    os.environ.update({"DAGSTER_HOME": home, "BIDDEED_DATABASE_URL": domain,
                       "BIDDEED_DAGSTER_PG_URL": config.sqlalchemy_url(config.with_database(admin, dagster))})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(home, ignore_errors=True)
        drop_db(admin, name)
        drop_db(admin, dagster)


def run() -> Iterator[tuple]:
    """Yield replay_sale_days_per_s, replay_sale_days_per_s_per_partition and replay_speedup (their ratio)."""
    from biddeed_assets.app import materialize, replay
    from biddeed_assets.simulator import server as sim_server
    from biddeed_assets.simulator.process import SimulatorProcess
    from biddeed_assets.simulator.world import World

    admin = server.up().admin_url
    sim = SimulatorProcess(_free_port()).start()
    saved = {k: os.environ.get(k) for k in (*sim_server.portal_urls(sim.url), "BIDDEED_PORTAL_MIN_INTERVAL_S")}
    os.environ.update({**sim_server.portal_urls(sim.url), "BIDDEED_PORTAL_MIN_INTERVAL_S": "0"})
    world = World(sim.seed)
    end = materialize.partition_today() - dt.timedelta(days=7)
    start = end - dt.timedelta(weeks=WEEKS) + dt.timedelta(days=1)
    days = len(world.sale_dates(COUNTY, start, end))
    rates = {}
    try:
        for way in ("batched", "per_partition"):
            with _scratch_env(admin, f"bench_replay_{way}"):
                materialize._DEFS = materialize._JOB = None  # definitions read the environment when loaded
                materialize.run_assets(["demographics"])
                started = time.perf_counter()
                if way == "batched":
                    failures = replay.replay(world, [COUNTY], start, end, log=lambda _: None)
                else:
                    failures = replay.replay_each_day(world, sim.set_today, [COUNTY], start, end)
                rates[way] = days / (time.perf_counter() - started)
                assert failures == 0, f"{way}: {failures} failed runs"
    finally:
        sim.stop()
        materialize._DEFS = materialize._JOB = None
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    conditions = {"sale_days": days, "county": COUNTY}
    yield "replay_sale_days_per_s", round(rates["batched"], 3), "sale days/s", conditions
    yield "replay_sale_days_per_s_per_partition", round(rates["per_partition"], 3), "sale days/s", conditions
    yield "replay_speedup", round(rates["batched"] / rates["per_partition"], 2), "x", conditions
