"""Ingest benchmarks: a 100-case sale day from every simulated source at 50 ms a request; LOAD parsing."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import httpx
import psutil
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


def ingest_day() -> Iterator[tuple]:
    """scraped_cases + property_records + lien_records + tax_records for a 100-case Brevard day, every site at
    50 ms a request (each on a port of its own, in a process of its own), then the same with no latency."""
    figures = {}
    for latency in (LATENCY_S, 0.0):
        figures[latency] = _ingest_day(latency)
    run = figures[LATENCY_S]
    conditions = {"latency_s": LATENCY_S, "max_concurrency_per_host": run["max_concurrency"],
                  "load_average_1m": round(os.getloadavg()[0], 2)}
    yield "ingest_day_100_cases_s", run["elapsed_s"], "s", {**conditions, "steps_s": run["steps_s"], "cpu_s": run["cpu_s"],
                                                          "first_run_in_process_s": run["first_run_in_process_s"]}
    yield "ingest_day_100_cases_requests", run["requests"], "requests"
    yield "ingest_day_100_cases_http_exchanges", run["http_exchanges"], "exchanges (the sites' count, redirects included)"
    yield "ingest_day_100_cases_requests_per_s", round(run["requests"] / run["elapsed_s"], 1), "requests/s"
    # What per-host politeness alone costs: the busiest host's exchanges in turns, every host at once.
    yield "ingest_day_100_cases_wait_floor_s", run["wait_floor_s"], "s", {"per_host": run["floor_hosts_s"]}
    yield "ingest_day_100_cases_no_latency_s", figures[0.0]["elapsed_s"], "s", {"steps_s": figures[0.0]["steps_s"],
                                                                                "cpu_s": figures[0.0]["cpu_s"]}


def _ingest_day(latency_s: float) -> dict:
    """One timed run of the day's four ingest assets into a fresh database, against a fresh simulator."""
    from biddeed_assets.defs.ingest.case_intake import case_intake
    from biddeed_assets.defs.resources import PORTALS as PORTAL_ENV
    from biddeed_assets.defs.resources import DatabaseResource, PortalResource
    from biddeed_assets.portals import official_records
    from biddeed_assets.simulator.server import portal_base, portal_urls

    srv = server.up()
    admin = srv.admin_url
    url = scratch_db(admin, "bench_ingest")
    day = dt.date(2026, 12, 2)
    try:
        with simulator_process(100) as sim_url:
            httpx.post(f"{sim_url}/_admin/clock", json={"today": (day - dt.timedelta(days=7)).isoformat()}
                       ).raise_for_status()
            # The county's sites are up before the day starts: the simulator builds its Brevard index (and the
            # official records' sorted case numbers) untimed, asking for a parcel and a case that do not exist.
            httpx.get(f"{portal_base(sim_url, 'bcpao')}/bcpao/api/v1/search", params={"parcel": "0"},
                      timeout=120).raise_for_status()
            httpx.get(official_records.search_url(f"{portal_base(sim_url, 'official_records')}/or",
                                                  case_number="00-0000-XX-000000", end=day.strftime("%m/%d/%Y")),
                      timeout=120).raise_for_status()
            if latency_s:
                for portal in PORTALS:
                    httpx.post(f"{sim_url}/_admin/faults", json={"portal": portal, "kind": "slow", "delay_s": latency_s,
                                                                 "count": COUNTED}).raise_for_status()
            urls = portal_urls(sim_url)
            portals = {f"{n}_portal": PortalResource(name=n, base_url=urls[env], min_interval_s=0.0)
                       for n, (env, _) in PORTAL_ENV.items() if env in urls}
            instance = dg.DagsterInstance.ephemeral()
            first_run = first_run_in_process(instance)
            # the code location's job, built once as a code server does: a run is what is timed
            job = dg.Definitions(assets=[case_intake], resources={"database": DatabaseResource(url=url), **portals}
                                 ).resolve_implicit_global_asset_job_def()
            [sites] = psutil.Process().children()
            cpu_before = _cpu_s(psutil.Process()), _cpu_s(sites)
            started = time.perf_counter()
            result = job.execute_in_process(
                instance=instance, partition_key=dg.MultiPartitionKey({"date": day.isoformat(), "county": "brevard"}),
                run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
            elapsed = time.perf_counter() - started
            cpu = {"ingest": round(_cpu_s(psutil.Process()) - cpu_before[0], 2),
                   "sites": round(_cpu_s(sites) - cpu_before[1], 2)}
            served = {portal: COUNTED - fault["remaining"]
                      for portal, fault in httpx.get(f"{sim_url}/_admin/faults").json().items()} if latency_s else {}
        with psycopg.connect(url) as conn:
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        assert result.success and cases == 100, f"ingested {cases} cases"
        http = {e.asset_key.to_user_string(): e.materialization.metadata["http"].value
                for e in result.get_asset_materialization_events()}
        concurrency = portals["beca_portal"].max_concurrency
        hops = _hops_per_request(http, served, sim_url)
        # A request holds its host's slot through its redirects (BECA's search answers 302 to the case page); every
        # host works at once, so the wait is the busiest host's exchanges in turns.
        per_host: dict[str, float] = {}
        for stats in http.values():
            for host, n in stats["hosts"].items():
                per_host[host] = per_host.get(host, 0.0) + n * hops.get(host, 1.0)
        portal_of = {httpx.URL(portal_base(sim_url, portal)).netloc.decode(): portal for portal in PORTALS}
        floor = {portal_of.get(host, host): round(n * latency_s / concurrency, 2) for host, n in per_host.items()}
        return {"elapsed_s": round(elapsed, 2), "cpu_s": cpu, "first_run_in_process_s": first_run,
                "requests": sum(stats["requests"] for stats in http.values()),
                "http_exchanges": sum(served.values()),
                "steps_s": step_seconds(instance, result.run_id), "max_concurrency": concurrency,
                "wait_floor_s": max(floor.values(), default=0.0), "floor_hosts_s": floor}
    finally:
        drop_db(admin, "bench_ingest")


@dg.asset
def nothing() -> None:
    """Stores nothing: a run of it is a process's first, untimed."""


def first_run_in_process(instance: dg.DagsterInstance) -> float:
    """Seconds of a run of nothing: a process's first run also loads what Dagster imports on first use (its
    filesystem IO manager's upath, about 0.2 s), which a day's intake run in a fresh process would not show."""
    started = time.perf_counter()
    assert dg.materialize([nothing], instance=instance).success
    return round(time.perf_counter() - started, 2)


def _hops_per_request(http: dict, served: dict[str, int], sim_url: str) -> dict[str, float]:
    """Per host: the HTTP exchanges the site served for each request the client made (2.0 behind a redirect)."""
    from biddeed_assets.simulator.server import portal_base

    asked: dict[str, int] = {}
    for stats in http.values():
        for host, n in stats["hosts"].items():
            asked[host] = asked.get(host, 0) + n
    hosts = {httpx.URL(portal_base(sim_url, portal)).netloc.decode(): portal for portal in served}
    return {host: served[hosts[host]] / n for host, n in asked.items() if n and hosts.get(host) in served}


def _cpu_s(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def step_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """How long each step of a run took, from its start and success events."""
    started, took = {}, {}
    for entry in instance.all_logs(run_id, of_type={dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS}):
        event = entry.dagster_event
        if event.event_type == dg.DagsterEventType.STEP_START:
            started[event.step_key] = entry.timestamp
        else:
            took[event.step_key] = round(entry.timestamp - started[event.step_key], 2)
    return took


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



STATEWIDE_CASES = 20  # cases per county's sale day
STATEWIDE_RUNS = 4  # partitions materialized at once, as the run queue's max_concurrent_runs allows
# The simulator's clock starts three weeks back, so every county's next sale day has happened by the outcomes.
STATEWIDE_LEAD_DAYS = 21
# The county sites run in a process of their own (as they are not on our machine): argv port, cases per day.
SIMULATOR_CHILD = """
import sys
from biddeed_assets.simulator.server import serve
from biddeed_assets.simulator.world import World
cases = int(sys.argv[2])
serve(int(sys.argv[1]), world=World(7, cases_per_day=(cases, cases)))
"""
COUNTED = 10**9  # the slow fault's request budget: what is left of it says how many requests were served


@contextmanager
def simulator_process(cases: int) -> Iterator[str]:
    """The simulator in a child process on free loopback ports; yields its URL."""
    import subprocess
    import sys

    from biddeed_assets.simulator.server import bind_sockets

    sockets = bind_sockets(0)
    port = sockets[0].getsockname()[1]
    for sock in sockets:
        sock.close()
    proc = subprocess.Popen([sys.executable, "-c", SIMULATOR_CHILD, str(port), str(cases)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        with httpx.Client(timeout=1) as client:  # one client: each new one loads the CA bundle
            while True:
                try:
                    client.get(f"{url}/_admin/health").raise_for_status()
                    break
                except httpx.HTTPError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the bench simulator did not start: "
                                           f"{proc.stderr.read().decode()[-2000:]}") from None
                    time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def statewide_day() -> Iterator[tuple]:
    """Every enabled county's next sale day (about 20 cases each), all ingest assets at 50 ms a request: the
    calendars, each county's partition through scraped_cases, property_records, lien_records and tax_records
    before the sale, then its auction_outcomes after it."""
    from concurrent.futures import ThreadPoolExecutor

    from biddeed_assets.defs.ingest.auction_outcomes import auction_outcomes
    from biddeed_assets.defs.ingest.case_intake import case_intake
    from biddeed_assets.defs.ingest.sale_calendar import sale_calendar
    from biddeed_assets.defs.resources import PORTALS as PORTAL_ENV
    from biddeed_assets.defs.resources import DatabaseResource, PortalResource
    from biddeed_assets.portals.counties import enabled_slugs
    from biddeed_assets.simulator.server import portal_urls
    from biddeed_assets.store import sale_days

    srv = server.up()
    admin = srv.admin_url
    url = scratch_db(admin, "bench_statewide")
    counties = enabled_slugs()
    before = dt.date.today() - dt.timedelta(days=STATEWIDE_LEAD_DAYS)
    quiet = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
    try:
        with simulator_process(STATEWIDE_CASES) as sim_url:
            httpx.post(f"{sim_url}/_admin/clock", json={"today": before.isoformat()}).raise_for_status()
            for portal in (*PORTALS, *(f"rf-{c}" for c in counties)):
                httpx.post(f"{sim_url}/_admin/faults", json={"portal": portal, "kind": "slow", "delay_s": LATENCY_S,
                                                             "count": COUNTED}).raise_for_status()
            urls = portal_urls(sim_url)
            # Every simulated county answers on one loopback host, so the real per-host gap (one county's server
            # each) would serialize the whole state here: the gap is 0 and the 50 ms latency stands for the server.
            politeness = {"min_interval_s": 0.0, "max_concurrency_per_host": 4, "parallel_runs": STATEWIDE_RUNS}
            portals = {f"{n}_portal": PortalResource(name=n, base_url=urls[env],
                                                     min_interval_s=politeness["min_interval_s"],
                                                     max_concurrency=politeness["max_concurrency_per_host"])
                       for n, (env, _) in PORTAL_ENV.items() if env in urls}
            resources = {"database": DatabaseResource(url=url), **portals}
            start = before + dt.timedelta(days=1)
            started = time.perf_counter()
            calendar = dg.materialize([sale_calendar], resources=resources, run_config={
                **quiet, "ops": {"sale_calendar": {"config": {"start_date": start.isoformat(), "days": 14}}}})
            with psycopg.connect(url) as conn:
                days = sale_days.sale_days(conn, start, start + dt.timedelta(days=14), counties)
            first: dict[str, str] = {}
            for date, county in days:
                first.setdefault(county, date)

            def run(assets) -> list[bool]:
                def partition(item) -> bool:
                    county, date = item
                    return dg.materialize(assets, partition_key=dg.MultiPartitionKey({"date": date, "county": county}),
                                          resources=resources, run_config=quiet, raise_on_error=False).success

                with ThreadPoolExecutor(STATEWIDE_RUNS) as pool:
                    return list(pool.map(partition, first.items()))

            results = run([case_intake])
            after = dt.date.today() - dt.timedelta(days=1)  # after every one of those sales
            httpx.post(f"{sim_url}/_admin/clock", json={"today": after.isoformat()}).raise_for_status()
            results += run([auction_outcomes])
            elapsed = time.perf_counter() - started
            left = httpx.get(f"{sim_url}/_admin/faults").json()
            requests = sum(COUNTED - fault["remaining"] for fault in left.values())
        with psycopg.connect(url) as conn:
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
            outcomes = conn.execute("SELECT count(*) FROM outcomes").fetchone()[0]
        assert calendar.success and all(results), f"{results.count(False)} of {len(results)} runs failed"
        assert sorted(first) == sorted(counties), f"no sale day in two weeks for {set(counties) - set(first)}"
        assert cases == STATEWIDE_CASES * len(counties), f"ingested {cases} cases"
        yield ("ingest_statewide_day_s", round(elapsed, 2), "s",
               {"counties": len(counties), "cases": cases, "outcomes": outcomes, "requests": requests,
                "latency_s": LATENCY_S, "politeness": politeness})
    finally:
        drop_db(admin, "bench_statewide")
