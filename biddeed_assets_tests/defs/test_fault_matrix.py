"""Every fault kind of the simulator on every portal, through the real assets (issue 9's fault matrix).

For each (portal, fault) the assets that read the portal are materialized over a copy of a fault-free
baseline database; then either the run succeeded and every table holds what the fault-free run stored
(content compared without the stale flags and bookkeeping), or it failed with a clear message and every
table's rows are identical to before (count and an md5 digest of the ordered rows).

A world of four cases per sale day keeps the matrix within its time budget; retries, waits and Dagster's
step retries are zero, and a timeout is a short one.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid

import dagster as dg
import psycopg
import pytest

from biddeed_assets.defs.ingest.auction_outcomes import auction_outcomes
from biddeed_assets.defs.ingest.demographics import demographics
from biddeed_assets.defs.resources import DatabaseResource
from biddeed_assets.portals.http import reset_breakers
from biddeed_assets.simulator.faults import KINDS
from biddeed_assets.simulator.server import start_in_thread
from biddeed_assets.simulator.world import World
from biddeed_assets.store import config as db_config
from biddeed_assets_tests.defs.helpers import (
    asset_name,
    lien_records,
    op_name,
    portal_resources_for,
    property_records,
    scraped_cases,
    selection,
    tax_records,
)

BREVARD, REALFORECLOSE = "brevard", "hillsborough"
BREVARD_SALE, RF_SALE = "2026-11-18", "2026-11-17"
INTAKE_DAY = dt.date(2026, 11, 10)  # the lists are read a week ahead of the sales
OUTCOME_DAY = dt.date(2026, 11, 25)  # and the outcomes after them
# No retry, no wait, a short timeout; two failures open the host's breaker (a spurious timeout only makes a
# page stale: every page of the baseline is cached).
FAST = dict(timeout_s=0.3, max_attempts=1, wait_initial_s=0.0, min_interval_s=0.0, breaker_fail_max=2)
PATIENT = dict(timeout_s=20, wait_initial_s=0.01, min_interval_s=0.0)  # the baseline must not time out
FAULT_SETTINGS = {"timeout": {"delay_s": 0.6}, "slow": {"delay_s": 0.02}, "rate_429": {"retry_after_s": 0}}

INTAKE = [scraped_cases, property_records, lien_records, tax_records]
# portal -> the runs that read it, one asset each: (asset, county, sale date, the simulator's day)
RUNS = {
    "clerk": [(scraped_cases, BREVARD, BREVARD_SALE, INTAKE_DAY)],
    "beca": [(scraped_cases, BREVARD, BREVARD_SALE, INTAKE_DAY),
             (auction_outcomes, BREVARD, BREVARD_SALE, OUTCOME_DAY)],
    "bcpao": [(property_records, BREVARD, BREVARD_SALE, INTAKE_DAY)],
    "official_records": [(property_records, BREVARD, BREVARD_SALE, INTAKE_DAY),
                         (lien_records, BREVARD, BREVARD_SALE, INTAKE_DAY)],
    "tax": [(tax_records, BREVARD, BREVARD_SALE, INTAKE_DAY)],
    "realtdm": [(tax_records, BREVARD, BREVARD_SALE, INTAKE_DAY)],
    "census": [(demographics, None, None, INTAKE_DAY)],
    f"rf-{REALFORECLOSE}": [(scraped_cases, REALFORECLOSE, RF_SALE, INTAKE_DAY),
                            (auction_outcomes, REALFORECLOSE, RF_SALE, OUTCOME_DAY)],
}
TABLES = ("cases", "properties", "liens", "tax_records", "outcomes", "demographics", "ingest_status", "quarantine")
RESTORED = (*TABLES, "http_cache")
BOOKKEEPING = {"id", "ingested_at", "captured_at", "fetched_at", "created_at", "run_id"}
# What a successful run under a fault may change: staleness, and why a case's earlier read was kept.
NOT_CONTENT = {"stale", "detail"}
# The errors a failed run may end with: each names the page or portal and what was wrong with it.
CLEAR_ERRORS = {"Failure", "DagsterFailure", "PortalUnavailable", "ParseError", "FetchError"}
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
RESULTS: dict[str, str] = {}


def selected(columns: list[str], skip: set[str]) -> str:
    """The compared columns; a source URL without its cache-buster (`tx=`), which changes on every request."""
    return ", ".join("regexp_replace(source_url, '[&?]tx=[0-9]+', '') AS source_url" if c == "source_url"
                     else f'"{c}"' for c in columns if c not in skip)


class Workspace:
    """One database holding the baseline run's rows; restored from its `baseline` schema after a change."""

    def __init__(self, url: str):
        self.url = url
        self.conn = psycopg.connect(url, autocommit=True)
        self.columns = {t: [r[0] for r in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s"
            " ORDER BY ordinal_position", (t,))] for t in TABLES}

    def snapshot(self) -> None:
        self.conn.execute("CREATE SCHEMA baseline")
        for table in RESTORED:
            self.conn.execute(f"CREATE TABLE baseline.{table} AS TABLE public.{table}")
        self.full, self.content = self.digest(content_only=False), self.digest(content_only=True)

    def restore(self) -> None:
        with self.conn.transaction():
            self.conn.execute(f"TRUNCATE {', '.join(f'public.{t}' for t in RESTORED)}")
            for table in RESTORED:
                self.conn.execute(f"INSERT INTO public.{table} SELECT * FROM baseline.{table}")

    def changes(self, *, content_only: bool) -> dict[str, list[str]]:
        """The rows that differ from the baseline, per table: what the baseline had and what is there now."""
        skip = BOOKKEEPING | (NOT_CONTENT if content_only else set())
        out = {}
        for table in TABLES:
            cols = selected(self.columns[table], skip)
            gone = self.conn.execute(f"SELECT {cols} FROM baseline.{table} EXCEPT ALL SELECT {cols} FROM public.{table}")
            new = self.conn.execute(f"SELECT {cols} FROM public.{table} EXCEPT ALL SELECT {cols} FROM baseline.{table}")
            rows = [f"- {r}" for r in gone.fetchall()[:3]] + [f"+ {r}" for r in new.fetchall()[:3]]
            if rows:
                out[table] = rows
        return out

    def digest(self, *, content_only: bool) -> dict[str, tuple[int, str]]:
        """Per table: row count and the md5 of its ordered rows' text (bookkeeping columns left out)."""
        skip = BOOKKEEPING | (NOT_CONTENT if content_only else set())
        out = {}
        for table in TABLES:
            if content_only and table == "quarantine":
                continue
            cols = selected(self.columns[table], skip)
            out[table] = self.conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f"FROM (SELECT {cols} FROM public.{table}) t").fetchone()
        return out


class Runner:
    """One job per asset over the workspace database, built once (Dagster caches its snapshot), one instance."""

    ASSETS = (scraped_cases, property_records, lien_records, tax_records, auction_outcomes, demographics)

    def __init__(self, db_url: str, sim_url: str):
        self.instance = dg.DagsterInstance.ephemeral()
        self.jobs = {}
        for settings_name, settings in (("fast", FAST), ("patient", PATIENT)):
            resources = {"database": DatabaseResource(url=db_url, max_connections=2),
                         **portal_resources_for(sim_url, **settings)}
            jobs = [dg.define_asset_job(f"{settings_name}_{asset_name(a)}", selection=[asset_name(a)])
                    for a in self.ASSETS]
            defs = dg.Definitions(assets=selection(self.ASSETS)["assets"], resources=resources, jobs=jobs)
            for a in self.ASSETS:
                self.jobs[settings_name, asset_name(a)] = defs.resolve_job_def(f"{settings_name}_{asset_name(a)}")

    def run(self, asset, county, date, *, settings="fast") -> dg.ExecuteInProcessResult:
        config = {**QUIET, "ops": {} if asset is demographics else
                  {op_name(asset): {"config": {"retries_when_unavailable": 0}}}}
        key = dg.MultiPartitionKey({"date": date, "county": county}) if county else None
        return self.jobs[settings, asset_name(asset)].execute_in_process(
            partition_key=key, run_config=config, instance=self.instance, raise_on_error=False)


def failure(result: dg.ExecuteInProcessResult) -> tuple[str, str]:
    [event] = [e for e in result.all_events if e.is_step_failure]
    error = event.step_failure_data.error
    while error.cls_name == "DagsterExecutionStepExecutionError" and error.cause is not None:
        error = error.cause
    return error.cls_name, error.message.strip()


@pytest.fixture(scope="module", autouse=True)
def summary():
    """The matrix's outcome per combination, printed at the end of the module (pytest -s shows it)."""
    started = time.monotonic()
    yield RESULTS
    if RESULTS:
        failed = sum("failed" in r for r in RESULTS.values())
        print(f"\nfault matrix: {len(RESULTS)} combinations in {time.monotonic() - started:.0f} s: "
              f"{len(RESULTS) - failed} whole and correct, {failed} with a run failed cleanly (rows unchanged)")
        print(json.dumps(RESULTS, indent=1))


@pytest.fixture(scope="module")
def small_world():
    sim = start_in_thread(today=INTAKE_DAY, world=World(7, cases_per_day=(4, 4)))
    yield sim
    sim.stop()


@pytest.fixture(scope="module")
def matrix(pg_server, template_url, small_world):
    """The fault-free intake and outcomes of both sale days and the census figures, kept as the baseline."""
    name = f"matrix_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "biddeed_template"')
    url = db_config.with_database(pg_server.admin_url, name)
    runner = Runner(url, small_world.url)
    reset_breakers()
    for asset, county, date, day in [*((a, BREVARD, BREVARD_SALE, INTAKE_DAY) for a in INTAKE),
                                     (auction_outcomes, BREVARD, BREVARD_SALE, OUTCOME_DAY),
                                     *((a, REALFORECLOSE, RF_SALE, INTAKE_DAY) for a in INTAKE),
                                     (auction_outcomes, REALFORECLOSE, RF_SALE, OUTCOME_DAY),
                                     (demographics, None, None, INTAKE_DAY)]:
        small_world.sim.today = day
        result = runner.run(asset, county, date, settings="patient")
        assert result.success, [e.message for e in result.all_events if e.is_failure]
    workspace = Workspace(url)
    counts = {t: n for t, (n, _) in workspace.digest(content_only=False).items()}
    assert all(counts[t] > 0 for t in ("cases", "properties", "liens", "tax_records", "outcomes", "demographics"))
    workspace.snapshot()
    yield workspace, runner
    workspace.conn.close()
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("portal", list(RUNS))
def test_a_fault_never_changes_stored_rows_silently(portal, kind, small_world, matrix):
    workspace, runner = matrix
    started = time.monotonic()
    outcomes = []
    before = workspace.full
    try:
        for asset, county, date, day in RUNS[portal]:
            small_world.sim.today = day
            reset_breakers()
            small_world.sim.faults.set(portal, kind, **FAULT_SETTINGS.get(kind, {}))
            try:
                result = runner.run(asset, county, date)
            finally:
                small_world.sim.faults.clear()
                reset_breakers()
            after = workspace.digest(content_only=False)
            name = asset_name(asset)
            if result.success:
                assert workspace.digest(content_only=True) == workspace.content, \
                    f"{name} under {portal}/{kind} changed rows: {workspace.changes(content_only=True)}"
                outcomes.append(f"{name} ok")
            else:
                cls, message = failure(result)
                assert after == before, f"{name} failed under {portal}/{kind}, but stored rows changed"
                assert cls in CLEAR_ERRORS and message, f"{name} under {portal}/{kind}: {cls}: {message}"
                outcomes.append(f"{name} failed: {message[:100]}")
            before = after
    finally:
        if workspace.digest(content_only=False) != workspace.full:
            workspace.restore()
    RESULTS[f"{portal}/{kind}"] = f"{'; '.join(outcomes)} [{time.monotonic() - started:.1f} s]"
