"""Access control that holds: the app role writes rows but no schema, the reader reads only what it may."""

from __future__ import annotations

import os
import stat

import dagster as dg
import psycopg
import pytest

from biddeed_assets.app import cli
from biddeed_assets.store import roles, server


@pytest.fixture
def as_role(db_url, conn):
    conn.execute("ALTER ROLE biddeed_app LOGIN PASSWORD 'app-test'")
    conn.execute("ALTER ROLE biddeed_reader LOGIN PASSWORD 'reader-test'")
    conn.execute("INSERT INTO audit_log (action, resource_type) VALUES ('seeded', 'test')")

    def connect(role: str) -> psycopg.Connection:
        return psycopg.connect(roles.as_role(db_url, role, f"{role.split('_')[1]}-test"), autocommit=True)

    return connect


DENIED = (psycopg.errors.InsufficientPrivilege,)


@pytest.mark.parametrize("statement", [
    "CREATE TABLE sneaky (x int)",
    "DROP TABLE cases",
    "ALTER TABLE cases ADD COLUMN sneaky int",
    "TRUNCATE audit_log",
    "DELETE FROM audit_log",
    "UPDATE audit_log SET action = 'rewritten'",
    "DELETE FROM model_gate_decisions",
    "CREATE INDEX sneaky ON cases (county)",
])
def test_the_app_role_cannot_change_the_schema_or_rewrite_history(as_role, statement):
    with as_role("biddeed_app") as app, pytest.raises(DENIED):
        app.execute(statement)


def test_the_app_role_is_no_superuser_and_does_its_work(as_role):
    with as_role("biddeed_app") as app:
        assert app.execute("SELECT rolsuper, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user"
                           ).fetchone() == (False, False, False)
        app.execute("INSERT INTO alerts (severity, title, message) VALUES ('info', 't', 'm')")
        app.execute("UPDATE alerts SET acknowledged = TRUE")
        app.execute("INSERT INTO audit_log (action, resource_type) VALUES ('appended', 'test')")
        assert app.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 2
        for table in ("case_features", "ingest_status", "predictions", "training_set", "http_cache"):
            app.execute(f"SELECT count(*) FROM {table}")  # every table the pipeline writes
        with pytest.raises(DENIED):
            app.execute("DELETE FROM alerts")


@pytest.mark.parametrize("table", ["http_cache", "audit_log", "quarantine", "agent_memory", "training_set"])
def test_the_reader_cannot_read_what_it_should_not(as_role, table):
    with as_role("biddeed_reader") as reader, pytest.raises(DENIED):
        reader.execute(f"SELECT * FROM {table} LIMIT 1")


@pytest.mark.parametrize("statement", [
    "INSERT INTO cases (county, auction_date, case_number, auction_type, status) "
    "VALUES ('brevard', '2026-01-07', 'X', 'FORECLOSURE', 'SCHEDULED')",
    "UPDATE auction_results SET property_address = 'x'",
    "DELETE FROM outcomes",
    "CREATE TABLE sneaky (x int)",
])
def test_the_reader_cannot_write(as_role, statement):
    with as_role("biddeed_reader") as reader, pytest.raises(DENIED):
        reader.execute(statement)


def test_the_reader_reads_bid_sheets_outcomes_and_metrics(as_role):
    with as_role("biddeed_reader") as reader:
        for table in ("auction_results", "cases", "outcomes", "predictions", "daily_metrics", "model_registry"):
            reader.execute(f"SELECT count(*) FROM {table}")


def test_the_embedded_server_gives_every_command_the_app_login_with_a_kept_secret_password(own_home, capsys):
    srv = server.up()
    assert cli.main(["db", "migrate"]) == 0
    secret = own_home / "secrets" / "biddeed_app.password"
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    password = secret.read_text().strip()
    assert cli.main(["db", "url"]) == 0
    out = capsys.readouterr().out
    assert "biddeed_app:***@" in out and password not in out
    with psycopg.connect(srv.url) as app:
        assert app.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (
            "biddeed_app", False)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(roles.as_role(srv.url, "biddeed_app", "wrong")).close()
    with psycopg.connect(srv.dagster_url) as dagster:  # Dagster's own database is the app's
        assert dagster.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'dagster'"
                               ).fetchone()[0] == "biddeed_app"


def test_a_partition_runs_end_to_end_as_the_app_role(as_role, db_url, simulator):
    from biddeed_assets.defs.ingest.auction_outcomes import auction_outcomes
    from biddeed_assets.defs.learn.prediction_audit import prediction_audit
    from biddeed_assets.defs.learn.predictions import predictions
    from biddeed_assets.defs.memory.case_memory import case_memory
    from biddeed_assets.defs.resources import RetrainPolicy
    from biddeed_assets_tests.defs.helpers import partition, resources
    from biddeed_assets_tests.defs.test_ingest_assets import (
        ANALYSIS,
        BEFORE_PAST,
        INTAKE,
        PAST,
        portals_as_of,
        run,
    )

    app_url = roles.as_role(db_url, "biddeed_app", "app-test")
    with portals_as_of(simulator, BEFORE_PAST):
        run(INTAKE, partition(PAST), app_url, simulator.url)
    after = [*ANALYSIS, predictions, case_memory, auction_outcomes, prediction_audit]
    result = dg.materialize(after, partition_key=partition(PAST), raise_on_error=False,
                            resources={**resources(app_url, simulator.url), "retrain_policy": RetrainPolicy()})
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    with as_role("biddeed_app") as app:  # every write went through: bid sheet, memory, outcomes
        for table in ("cases", "auction_results", "agent_memory", "outcomes"):
            assert app.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
