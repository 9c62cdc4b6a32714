"""Ingest benchmarks: a 100-case sale day from every simulated source at 50 ms a request; LOAD parsing."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import dagster as dg
import psycopg

from biddeed_assets.store import config, migrations, server

LATENCY_S = 0.05
PORTALS = ("clerk", "beca", "bcpao", "official_records", "tax", "realtdm")


def scratch_db(admin_url: str, name: str) -> str:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = config.with_database(admin_url, name)
    migrations.migrate(url)
    return url


def drop_db(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ingest_day() -> Iterator[tuple[str, float, str]]:
    """scraped_cases + property_records + lien_records + tax_records for a 100-case Brevard day."""
    from biddeed_assets.defs.ingest.case_records import lien_records, property_records, tax_records
    from biddeed_assets.defs.ingest.scraped_cases import scraped_cases
    from biddeed_assets.defs.resources import PORTALS as PORTAL_ENV
    from biddeed_assets.defs.resources import DatabaseResource, PortalResource
    from biddeed_assets.simulator.server import portal_urls, start_in_thread
    from biddeed_assets.simulator.world import World

    srv = server.up()
    admin = srv.admin_url
    url = scratch_db(admin, "bench_ingest")
    day = dt.date(2026, 12, 2)
    sim = start_in_thread(today=day - dt.timedelta(days=7), world=World(7, cases_per_day=(100, 100)))
    try:
        for portal in PORTALS:
            sim.sim.faults.set(portal, "slow", delay_s=LATENCY_S)
        urls = portal_urls(sim.url)
        portals = {f"{n}_portal": PortalResource(name=n, base_url=urls[env], min_interval_s=0.0)
                   for n, (env, _) in PORTAL_ENV.items() if env in urls}
        assets = [scraped_cases, property_records, lien_records, tax_records]
        started = time.perf_counter()
        result = dg.materialize(assets, partition_key=dg.MultiPartitionKey({"date": day.isoformat(), "county": "brevard"}),
                                resources={"database": DatabaseResource(url=url), **portals},
                                run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
        elapsed = time.perf_counter() - started
        with psycopg.connect(url) as conn:
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            requests = sum(e.materialization.metadata["http"].value["requests"]
                           for e in result.get_asset_materialization_events())
        assert result.success and cases == 100, f"ingested {cases} cases"
        yield "ingest_day_100_cases_s", round(elapsed, 2), "s"
        yield "ingest_day_100_cases_requests", requests, "requests"
    finally:
        sim.stop()
        drop_db(admin, "bench_ingest")


def load_payload(count: int) -> str:
    """One LOAD payload of `count` simulated items, macro-compressed in the platform's real format."""
    from biddeed_assets.simulator.app import Simulator
    from biddeed_assets.simulator.sites.realforeclose.cards import load_body
    from biddeed_assets.simulator.sites.realforeclose.items import card_of, day_items
    from biddeed_assets.simulator.sites.realforeclose.styles import style_of
    from biddeed_assets.simulator.world import World

    sim = Simulator(World(7, cases_per_day=(count, count)))
    day = dt.date(2026, 12, 1)
    items = day_items(sim, "hillsborough", day, day - dt.timedelta(days=7))
    return load_body(style_of("hillsborough"), [card_of(i, "hillsborough") for i in items])


def parse_load() -> Iterator[tuple[str, float, str]]:
    """Parse a 2,000-item LOAD payload rendered by the simulator in the platform's real format."""
    from biddeed_assets.portals import realforeclose

    payload = load_payload(2000)
    started = time.perf_counter()
    page = realforeclose.parse_load(payload, county="hillsborough", auction_date="2026-12-01")
    elapsed = time.perf_counter() - started
    assert len(page.records) == 2000, len(page.records)
    yield "parse_realforeclose_items_per_s", round(2000 / elapsed), "items/s"

