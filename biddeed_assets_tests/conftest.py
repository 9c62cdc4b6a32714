"""Shared fixtures: one real embedded Postgres per session, a migrated template, a database per test, the simulator."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest

from biddeed_assets.store import config, migrations, server

TODAY = dt.date(2026, 11, 25)  # the simulated portals publish as of this Wednesday
TEMPLATE = "biddeed_template"



@pytest.fixture(scope="session")
def pg_server():
    """A real Postgres+pgvector: BIDDEED_DATABASE_URL's when set, else an embedded one just for this session."""
    external = config.external_url()
    if external:
        yield server.Server(admin_url=config.with_database(external, "postgres"), embedded=False)
        return
    # Outside pytest's basetemp: pytest prunes old basetemps, which would pull the data from under a
    # server that a concurrent session still runs.
    root = Path(tempfile.mkdtemp(prefix="biddeed-test-pg-"))
    srv = server.start_embedded(root / "pgdata")
    yield srv
    server.stop_embedded(root / "pgdata")
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def template_url(pg_server):
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    url = config.with_database(pg_server.admin_url, TEMPLATE)
    migrations.migrate(url)
    return url


@pytest.fixture
def db_url(pg_server, template_url):
    """A freshly migrated database of this test's own, copied from the template."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    yield config.with_database(pg_server.admin_url, name)
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def conn(db_url):
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


@pytest.fixture(scope="session")
def running_simulator():
    from biddeed_assets.simulator.server import start_in_thread

    sim = start_in_thread(today=TODAY)
    yield sim
    sim.stop()


@pytest.fixture
def simulator(running_simulator):
    """The session's simulator, with no fault (and no open circuit breaker) left behind by this test."""
    from biddeed_assets.portals.http import reset_breakers

    running_simulator.sim.faults.clear()
    reset_breakers()
    yield running_simulator
    running_simulator.sim.faults.clear()
    reset_breakers()


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory):
    """Keep tests away from the developer's ./.biddeed."""
    os.environ["BIDDEED_HOME"] = str(tmp_path_factory.mktemp("home"))
